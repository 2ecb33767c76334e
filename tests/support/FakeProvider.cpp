#include "support/FakeProvider.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtDebug>

#include <memory>

namespace cm::test {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

bool sameName(const QByteArray& left, const QByteArray& right)
{
    return left.compare(right, Qt::CaseInsensitive) == 0;
}

} // namespace

QByteArray FakeProvider::Request::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (sameName(key, name))
            return value;
    }
    return {};
}

bool FakeProvider::Request::hasHeader(const QByteArray& name) const
{
    for (const auto& entry : headers) {
        if (sameName(entry.first, name))
            return true;
    }
    return false;
}

FakeProvider::Reply FakeProvider::Reply::json(int status, const QJsonObject& body)
{
    Reply reply;
    reply.status = status;
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

FakeProvider::Reply FakeProvider::Reply::error(int status, const QString& code, const QString& message)
{
    return json(
        status,
        QJsonObject { { QStringLiteral("error"),
                        QJsonObject { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } } } });
}

FakeProvider::Reply FakeProvider::Reply::redirect(int status, const QUrl& location)
{
    Q_ASSERT(status == 301 || status == 302 || status == 307 || status == 308);
    Reply reply;
    reply.status = status;
    reply.headers.append({ QByteArrayLiteral("Location"), location.toEncoded() });
    return reply;
}

FakeProvider::Reply FakeProvider::Reply::modelList(int count)
{
    QJsonArray models;
    for (int i = 0; i < count; ++i)
        models.append(QJsonObject { { QStringLiteral("id"), QStringLiteral("model-%1").arg(i) },
                                    { QStringLiteral("object"), QStringLiteral("model") } });
    return json(
        200, QJsonObject { { QStringLiteral("object"), QStringLiteral("list") }, { QStringLiteral("data"), models } });
}

FakeProvider::FakeProvider(QObject* parent)
    : QAbstractHttpServer(parent)
{ }

// Pending delayed replies are timers in this object's context, so they die with it.
FakeProvider::~FakeProvider() = default;

bool FakeProvider::start(const QHostAddress& address)
{
    return listenOn(new QTcpServer, address, false);
}

bool FakeProvider::startTls(const QSslCertificate& certificate, const QSslKey& key, const QHostAddress& address)
{
    if (certificate.isNull() || key.isNull()) {
        qWarning("FakeProvider: startTls() needs a certificate and a private key");
        return false;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    // Qt 6.4's QAbstractHttpServer speaks HTTP/1.1 only; without this a client that offers h2
    // could not tell what it will get.
    configuration.setAllowedNextProtocols({ QByteArray(QSslConfiguration::NextProtocolHttp1_1) });
    auto* server = new QSslServer;
    server->setSslConfiguration(configuration);
    return listenOn(server, address, true);
}

bool FakeProvider::listenOn(QTcpServer* server, const QHostAddress& address, bool tls)
{
    if (m_server) {
        delete server;
        qWarning("FakeProvider: already started on port %u", unsigned(m_server->serverPort()));
        return false;
    }
    if (!server->listen(address)) {
        qWarning("FakeProvider: cannot listen on %ls: %ls", qUtf16Printable(address.toString()),
                 qUtf16Printable(server->errorString()));
        delete server;
        return false;
    }
    // bind() takes the server as a child. Qt 6.4 hands it connections on pendingConnectionAvailable,
    // which a QSslServer emits only once the handshake is done, so HTTPS needs nothing more.
    bind(server);
    m_server = server;
    m_address = address;
    m_tls = tls;
    return true;
}

quint16 FakeProvider::port() const
{
    return m_server ? m_server->serverPort() : quint16(0);
}

QUrl FakeProvider::url(const QString& path) const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(m_address.toString());
    url.setPort(port());
    const qsizetype queryStart = path.indexOf(QLatin1Char('?'));
    url.setPath(queryStart < 0 ? path : path.left(queryStart));
    if (queryStart >= 0)
        url.setQuery(path.mid(queryStart + 1));
    return url;
}

void FakeProvider::answer(const QByteArray& method, const QString& path, const Reply& reply)
{
    if (!isSupportedStatus(reply.status))
        qWarning("FakeProvider: status %d cannot be sent by QHttpServerResponder; %s %ls will get 500", reply.status,
                 method.constData(), qUtf16Printable(path));
    m_script.insert({ method.toUpper(), path }, reply);
}

QList<FakeProvider::Request> FakeProvider::requests() const
{
    return m_requests;
}

void FakeProvider::clearRequests()
{
    m_requests.clear();
}

bool FakeProvider::isSupportedStatus(int status)
{
    return QMetaEnum::fromType<QHttpServerResponder::StatusCode>().valueToKey(status) != nullptr;
}

bool FakeProvider::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    Request recorded;
    recorded.method = methodName(request.method());
    recorded.path = request.url().path(QUrl::FullyDecoded);
    recorded.query = request.query();
    recorded.headers = request.headers();
    recorded.body = request.body();
    m_requests.append(recorded);

    const Reply reply = replyTo(recorded);
    if (reply.delayMs <= 0) {
        QHttpServerResponder responder = makeResponder(request, socket);
        write(responder, reply);
        return true;
    }

    // The responder is move-only and the timer's functor must be copyable. In Qt 6.4 it holds a
    // plain pointer to the socket (a QPointer only in debug builds of Qt) and touches it only
    // when writing, so it is safe to keep past the socket as long as it is not written to.
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    const QPointer<QTcpSocket> connection(socket);
    QTimer::singleShot(reply.delayMs, this, [responder, connection, reply] {
        if (connection && connection->state() == QAbstractSocket::ConnectedState)
            write(*responder, reply);
    });
    return true;
}

// Not reached while handleRequest() claims every request; answers like an unscripted one.
void FakeProvider::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    write(responder,
          Reply::error(404, QStringLiteral("NotScripted"),
                       QString::fromLatin1(methodName(request.method())) + QLatin1Char(' ')
                           + request.url().path(QUrl::FullyDecoded) + QStringLiteral(" is not scripted")));
}

FakeProvider::Reply FakeProvider::replyTo(const Request& request) const
{
    const auto scripted = m_script.constFind({ request.method, request.path });
    if (scripted == m_script.cend()) {
        return Reply::error(404, QStringLiteral("NotScripted"),
                            QString::fromLatin1(request.method) + QLatin1Char(' ') + request.path
                                + QStringLiteral(" is not scripted"));
    }
    if (!isSupportedStatus(scripted->status)) {
        Reply failure = Reply::error(500, QStringLiteral("UnsupportedStatus"),
                                     QStringLiteral("FakeProvider cannot send status %1").arg(scripted->status));
        failure.delayMs = scripted->delayMs;
        return failure;
    }
    return *scripted;
}

void FakeProvider::write(QHttpServerResponder& responder, const Reply& reply)
{
    // QHttpServerResponder::write() takes its headers as an initializer_list, so a list built at
    // run time goes out piece by piece.
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    bool hasContentType = false;
    for (const auto& [name, value] : reply.headers) {
        if (sameName(name, "Content-Length"))
            continue;
        hasContentType = hasContentType || sameName(name, "Content-Type");
        responder.writeHeader(name, value);
    }
    if (!reply.body.isEmpty() && !hasContentType)
        responder.writeHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(reply.body.size()));
    // Also ends the header block when the body is empty.
    responder.writeBody(reply.body);
}

} // namespace cm::test
