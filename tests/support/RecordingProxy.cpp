#include "support/RecordingProxy.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace cm::test {

namespace {

// A request head larger than this is not one; the proxy stops listening to it.
constexpr qsizetype MaxHead = 64 * 1024;

} // namespace

bool RecordingProxy::start()
{
    if (!m_server.listen(QHostAddress::LocalHost))
        return false;
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            ++m_connections;
            const qsizetype index = m_heads.size();
            m_heads.append(QByteArray());
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, index] {
                m_heads[index] += socket->readAll();
                if (m_heads[index].contains("\r\n\r\n") || m_heads[index].size() > MaxHead)
                    socket->disconnectFromHost();
            });
        }
    });
    return true;
}

QString RecordingProxy::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort());
}

QStringList RecordingProxy::environmentVariables()
{
    return { QStringLiteral("http_proxy"), QStringLiteral("https_proxy"), QStringLiteral("all_proxy"),
             QStringLiteral("no_proxy"),   QStringLiteral("HTTP_PROXY"),  QStringLiteral("HTTPS_PROXY"),
             QStringLiteral("ALL_PROXY"),  QStringLiteral("NO_PROXY") };
}

} // namespace cm::test
