#include "ConnectionTester.h"

#include "registry/CredentialValidator.h"

#include <QEventLoop>
#include <QNetworkProxyFactory>
#include <QNetworkRequest>
#include <QSslError>

#include <cmath>

namespace cm {

namespace {

using Status = ConnectionTestResult::Status;

// A model list is a few hundred kilobytes at most; anything far larger is not the API.
constexpr qint64 MaxReplyBytes = qint64(8) * 1024 * 1024;
constexpr int MaxRedirects = 5;

int effectivePort(const QUrl& url)
{
    return url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80);
}

// The key may follow a redirect only to the very same scheme, host and port.
bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && effectivePort(a) == effectivePort(b);
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

} // namespace

// The system's proxy settings (environment variables, or the desktop's settings through
// libproxy), except for this computer, which is never reached through a proxy.
class ConnectionTester::SystemProxy : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery& query) override
    {
        QList<QNetworkProxy> proxies { QNetworkProxy(QNetworkProxy::NoProxy) };
        if (!CredentialValidator::isLoopbackHost(query.peerHostName()))
            proxies = systemProxyForQuery(query);
        if (proxies.isEmpty())
            proxies.append(QNetworkProxy(QNetworkProxy::NoProxy));
        const QNetworkProxy& first = proxies.constFirst();
        m_used.insert(query.peerHostName().toLower(),
                      first.type() == QNetworkProxy::NoProxy || first.type() == QNetworkProxy::DefaultProxy
                          ? QString()
                          : first.hostName() + QLatin1Char(':') + QString::number(first.port()));
        return proxies;
    }

    // The proxy (host:port) the requests to `host` went through; empty when they went direct.
    QString usedFor(const QString& host) const { return m_used.value(host.toLower()); }

private:
    QHash<QString, QString> m_used;
};

ConnectionTester::ConnectionTester(QObject* parent)
    : QObject(parent)
{
    m_connectTimer.setSingleShot(true);
    m_totalTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] { abortCurrent(ProbeReply::Abort::ConnectTimeout); });
    connect(&m_totalTimer, &QTimer::timeout, this, [this] { abortCurrent(ProbeReply::Abort::TotalTimeout); });
}

ConnectionTester::~ConnectionTester()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ConnectionTester::start(const ProviderSpec& provider, const FieldValues& values)
{
    cancel();
    m_running = true;
    m_collected = {};
    m_abort = ProbeReply::Abort::None;
    m_redirects = 0;
    m_firstNotFound.reset();
    m_plan = std::make_unique<ProbePlan>(ProbePlan::prepare(provider, values));
    m_collected.warnings = m_plan->warnings();

    if (m_plan->refusal()) {
        finish(*m_plan->refusal());
        return;
    }

    // A fresh manager per test: no connection, cookie or TLS session carries over.
    m_network = std::make_unique<QNetworkAccessManager>();
    m_proxies = new SystemProxy;
    m_network->setProxyFactory(m_proxies); // owned by the manager
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_base = m_plan->base();
    m_requests = m_plan->requests(m_base);
    m_index = 0;
    m_totalTimer.start(m_options.totalTimeoutMs);
    startRequest(m_requests.at(0));
}

void ConnectionTester::cancel()
{
    if (!m_running)
        return;
    if (m_reply)
        abortCurrent(ProbeReply::Abort::Cancelled);
    else
        finish(ReplyClassifier::cancelled());
}

ConnectionTestResult ConnectionTester::run(const ProviderSpec& provider, const FieldValues& values,
                                           const Options& options)
{
    ConnectionTester tester;
    tester.setOptions(options);
    std::optional<ConnectionTestResult> result;
    QEventLoop loop;
    connect(&tester, &ConnectionTester::finished, &loop, [&](const ConnectionTestResult& outcome) {
        result = outcome;
        loop.quit();
    });
    tester.start(provider, values);
    if (!result)
        loop.exec();
    return *result;
}

void ConnectionTester::startRequest(const ProbePlan::Request& request)
{
    m_current = request;
    m_sslErrors.clear();

    QNetworkRequest networkRequest(request.url);
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setHeader(QNetworkRequest::UserAgentHeader, QByteArray("AI-Credential-Manager/" CM_VERSION));
    networkRequest.setRawHeader("Accept", "application/json");
    if (!request.body.isEmpty())
        networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    // The one place the key leaves secure memory's reach: Qt keeps the header until the
    // request is done, and wipes nothing.
    networkRequest.setRawHeader(m_plan->authHeader(), m_plan->authValue());

    Q_EMIT progress(tr("Connecting to %1...").arg(ProbePlan::hostLabel(request.url)));
    m_reply = request.method == "POST" ? m_network->post(networkRequest, request.body)
                                       : m_network->sendCustomRequest(networkRequest, request.method);

    QNetworkReply* reply = m_reply;
    // Connected (and, for HTTPS, the handshake done) once the request is on its way.
    connect(reply, &QNetworkReply::requestSent, &m_connectTimer, &QTimer::stop);
    connect(reply, &QNetworkReply::metaDataChanged, &m_connectTimer, &QTimer::stop);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError>& errors) {
        for (const QSslError& error : errors)
            m_sslErrors.append(error.errorString());
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (reply->bytesAvailable() > MaxReplyBytes)
            abortCurrent(ProbeReply::Abort::TooLarge);
    });
    connect(reply, &QNetworkReply::finished, this, &ConnectionTester::onReplyFinished);
    m_connectTimer.start(qMin(m_options.connectTimeoutMs, m_options.totalTimeoutMs));
}

void ConnectionTester::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_connectTimer.stop();
    reply->disconnect(this);
    reply->deleteLater();

    ProbeReply data;
    data.error = reply->error();
    data.errorString = reply->errorString();
    data.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        data.body = reply->read(MaxReplyBytes); // an aborted reply is closed and has nothing to read
    data.proxy = m_proxies->usedFor(m_current.url.host());
    data.retryAfter = reply->rawHeader("Retry-After");
    data.sslErrors = m_sslErrors;
    data.abort = m_abort;
    m_abort = ProbeReply::Abort::None;

    if (data.abort == ProbeReply::Abort::None && isRedirect(data.httpStatus)) {
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        if (location.isValid() && !location.isEmpty()) {
            followRedirect(m_current.url.resolved(location), data.httpStatus);
            return;
        }
    }
    onRequestDone(ReplyClassifier::classify(data, *m_plan, m_current, timeouts()));
}

void ConnectionTester::followRedirect(const QUrl& target, int status)
{
    const QString from = ProbePlan::hostLabel(m_current.url);
    if (++m_redirects > MaxRedirects) {
        ConnectionTestResult result;
        result.status = Status::NetworkError;
        result.host = from;
        result.httpStatus = status;
        result.message
            = tr("%1 redirected the request more than %2 times; check the endpoint URL.").arg(from).arg(MaxRedirects);
        finish(result);
        return;
    }
    if (!sameOrigin(m_current.url, target)) {
        // The key goes nowhere but where the administrator pointed it, and a request without the
        // key would prove nothing about it: stop, and say where the endpoint seems to have moved.
        QUrl moved = target.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
        const QString ownPath
            = m_requests.at(m_index).url.path(QUrl::FullyDecoded).mid(m_base.path(QUrl::FullyDecoded).size());
        if (!ownPath.isEmpty() && moved.path(QUrl::FullyDecoded).endsWith(ownPath))
            moved.setPath(moved.path(QUrl::FullyDecoded).chopped(ownPath.size()), QUrl::DecodedMode);
        ConnectionTestResult result;
        result.status = Status::UnexpectedReply;
        result.host = from;
        result.httpStatus = status;
        // Decoded in full, so a key a server may have put there is found and masked in finish().
        result.suggestedEndpoint = moved.adjusted(QUrl::RemovePath).toString() + moved.path(QUrl::FullyDecoded);
        result.message = tr("%1 redirects to %2, and the %3 is never sent to another address, so it was not "
                            "tested; if %2 belongs to the provider, change the %4 to %5.")
                             .arg(from, ProbePlan::hostLabel(target), m_plan->secretLabel(), m_plan->endpointLabel(),
                                  result.suggestedEndpoint);
        finish(result);
        return;
    }
    ProbePlan::Request next = m_current;
    next.url = target;
    // What browsers do: 303, and 301/302 after a POST, continue as a GET.
    if (status == 303 || ((status == 301 || status == 302) && next.method == "POST")) {
        next.method = "GET";
        next.body.clear();
    }
    startRequest(next);
}

void ConnectionTester::onRequestDone(const ConnectionTestResult& result)
{
    if (!result.ok()) {
        // Many OpenAI-compatible servers serve the API below /v1: try there before giving up.
        const std::optional<QUrl> retry = m_plan->retryBase(m_base);
        if (result.status == Status::NotFound && !m_firstNotFound && retry) {
            m_firstNotFound = result;
            m_base = *retry;
            m_requests = m_plan->requests(m_base);
            m_index = 0;
            m_redirects = 0;
            startRequest(m_requests.at(0));
            return;
        }
        if (!m_firstNotFound) {
            finish(result);
            return;
        }
        // The retry failed too. An answer from the API itself says the retried URL is right;
        // nothing there either means the first answer stands; anything else (a timeout, an
        // outage, a cancel) is what happened and is told as such.
        if (result.status == Status::AuthenticationRejected || result.status == Status::AccessDenied
            || result.status == Status::RateLimited) {
            ConnectionTestResult suggested = result;
            suggested.suggestedEndpoint = m_base.toDisplayString(QUrl::RemoveUserInfo);
            suggested.warnings.append(suggestion());
            finish(suggested);
            return;
        }
        if (result.status == Status::NotFound || result.status == Status::UnexpectedReply) {
            finish(*m_firstNotFound);
            return;
        }
        finish(result);
        return;
    }

    m_collected.warnings += result.warnings;
    if (result.modelCount)
        m_collected.modelCount = result.modelCount;
    if (result.embeddingDimension)
        m_collected.embeddingDimension = result.embeddingDimension;
    if (++m_index < m_requests.size()) {
        // The last step's sentence says what it found; earlier steps' findings become details.
        if (result.modelCount)
            m_collected.details.append(tr("%n model(s) available", nullptr, *result.modelCount));
        m_redirects = 0;
        startRequest(m_requests.at(m_index));
        return;
    }
    ConnectionTestResult success = result;
    success.warnings.clear();
    if (m_firstNotFound) {
        success.suggestedEndpoint = m_base.toDisplayString(QUrl::RemoveUserInfo);
        success.warnings.append(suggestion());
    }
    finish(success);
}

QString ConnectionTester::suggestion() const
{
    return tr("The endpoint answers only with \"%1\" added; change the %2 to %3.")
        .arg(m_plan->provider().probe.notFoundRetrySuffix, m_plan->endpointLabel(),
             m_base.toDisplayString(QUrl::RemoveUserInfo));
}

void ConnectionTester::abortCurrent(ProbeReply::Abort reason)
{
    if (!m_reply)
        return;
    m_abort = reason;
    m_reply->abort(); // finishes the reply at once, through onReplyFinished()
}

void ConnectionTester::finish(ConnectionTestResult result)
{
    if (!m_running)
        return;
    m_running = false;
    m_connectTimer.stop();
    m_totalTimer.stop();
    QStringList warnings = m_collected.warnings;
    for (const QString& warning : std::as_const(result.warnings)) {
        if (!warnings.contains(warning))
            warnings.append(warning);
    }
    result.warnings = warnings;
    result.details = m_collected.details + result.details;
    if (!result.modelCount)
        result.modelCount = m_collected.modelCount;
    if (!result.embeddingDimension)
        result.embeddingDimension = m_collected.embeddingDimension;
    ReplyClassifier::mask(result, m_plan->secrets());
    // The values (the key among them) are not kept past the test.
    m_plan.reset();
    m_requests.clear();
    m_current = {};
    // Always from the event loop: a slot may start another test or delete this one.
    QMetaObject::invokeMethod(
        this, [this, result] { Q_EMIT finished(result); }, Qt::QueuedConnection);
}

ReplyClassifier::Timeouts ConnectionTester::timeouts() const
{
    const auto seconds = [](int milliseconds) { return int(std::ceil(milliseconds / 1000.0)); };
    return { seconds(qMin(m_options.connectTimeoutMs, m_options.totalTimeoutMs)), seconds(m_options.totalTimeoutMs) };
}

} // namespace cm
