#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

QT_BEGIN_NAMESPACE
class QHttpServerResponder;
class QSslCertificate;
class QSslKey;
class QTcpServer;
QT_END_NAMESPACE

namespace cm::test {

// A loopback HTTP(S) server that plays an AI provider in the connection tests: it records every
// request as it arrived and answers with the replies the test scripted, so a test can check both
// what the client sent and how it reads each kind of answer. Built on Qt 6.4's QAbstractHttpServer,
// which speaks HTTP/1.1 with keep-alive; one FakeProvider listens on one address and port.
class FakeProvider : public QAbstractHttpServer
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method; // "GET", "POST", ...; "UNKNOWN" for a method Qt 6.4 does not name
        QString path; // decoded, e.g. "/openai/models"
        QUrlQuery query;
        // As they arrived: in order, names in their case, a repeated header repeated.
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;

        // The first value of the header `name` (compared case-insensitively); empty when absent.
        QByteArray header(const QByteArray& name) const;
        bool hasHeader(const QByteArray& name) const;
    };

    struct Reply
    {
        // One that QHttpServerResponder can name (see FakeProvider::isSupportedStatus()).
        int status = 200;
        QByteArray body;
        // Sent as given, e.g. {"Retry-After", "30"}. Content-Type application/json is added when the
        // body is not empty and no Content-Type is given; Content-Length is always the body's. Nothing
        // else goes out: Qt 6.4 adds no Date, Server or Connection header of its own.
        QList<QPair<QByteArray, QByteArray>> headers;
        // Answer this much later; if the client went away meanwhile, nothing is written.
        int delayMs = 0;

        static Reply json(int status, const QJsonObject& body);
        // Body {"error":{"code":..,"message":..}}, the shape the OpenAI-style providers use.
        static Reply error(int status, const QString& code, const QString& message);
        // 301, 302, 307 or 308 with Location and no body.
        static Reply redirect(int status, const QUrl& location);
        // 200 with a list of `count` models ("model-0", ...), the shape OpenAI-style /models
        // answers have: {"object":"list","data":[{"id":..,"object":"model"},...]}.
        static Reply modelList(int count);
    };

    explicit FakeProvider(QObject* parent = nullptr);
    ~FakeProvider() override;

    // Plain HTTP on a free port of `address`. False (with a warning) when it cannot listen, or
    // when this server was started already.
    [[nodiscard]] bool start(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost));
    // HTTPS with `certificate` and `key` on a free port of `address`.
    [[nodiscard]] bool startTls(const QSslCertificate& certificate, const QSslKey& key,
                                const QHostAddress& address = QHostAddress(QHostAddress::LocalHost));

    quint16 port() const; // 0 before start()
    // "http(s)://<address>:<port><path>", an IPv6 address in brackets. `path` may end in
    // "?<query>", which becomes the URL's query.
    QUrl url(const QString& path = {}) const;

    // The reply to `method` (case-insensitive) on the decoded `path`, whatever the query;
    // replaces an earlier script for the same method and path. Unscripted requests get 404 with
    // {"error":{"code":"NotScripted","message":"<method> <path> is not scripted"}}.
    void answer(const QByteArray& method, const QString& path, const Reply& reply);

    QList<Request> requests() const;
    void clearRequests();

    // Whether Qt 6.4's QHttpServerResponder can write a status line for `status`: it looks the
    // reason phrase up in a fixed table and throws std::out_of_range for a code it lacks.
    static bool isSupportedStatus(int status);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    bool listenOn(QTcpServer* server, const QHostAddress& address, bool tls);
    Reply replyTo(const Request& request) const;
    static void write(QHttpServerResponder& responder, const Reply& reply);

    QPointer<QTcpServer> m_server;
    QHostAddress m_address;
    bool m_tls = false;
    QHash<QPair<QByteArray, QString>, Reply> m_script;
    QList<Request> m_requests;
};

} // namespace cm::test
