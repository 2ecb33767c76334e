#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTcpServer>

namespace cm::test {

// A stand-in HTTP proxy on loopback for the proxy tests: it records what each client sends up to
// the end of the request head (for HTTPS, the CONNECT request), then hangs up without connecting
// anywhere, so nothing sent through it leaves this machine.
class RecordingProxy
{
public:
    RecordingProxy() = default;
    RecordingProxy(const RecordingProxy&) = delete;
    RecordingProxy& operator=(const RecordingProxy&) = delete;

    // Listens on a free port of 127.0.0.1.
    [[nodiscard]] bool start();
    // "http://127.0.0.1:<port>", for https_proxy and http_proxy.
    QString url() const;
    int connections() const { return m_connections; }
    // What each connection sent, in order, up to the end of its request head.
    QList<QByteArray> heads() const { return m_heads; }

    // The environment variables programs (Qt and credctl among them) take a proxy from, in the
    // lower and upper case spellings: http_proxy, https_proxy, all_proxy and no_proxy.
    static QStringList environmentVariables();

private:
    QTcpServer m_server;
    int m_connections = 0;
    QList<QByteArray> m_heads;
};

} // namespace cm::test
