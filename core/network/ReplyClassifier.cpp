#include "ReplyClassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>

namespace cm {

namespace {

using Status = ConnectionTestResult::Status;

constexpr qsizetype MaxProviderMessage = 300;

QString clean(QString text, const QStringList& secrets)
{
    text = ReplyClassifier::masked(text, secrets);
    for (QChar& c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char(' ');
    }
    text = text.simplified();
    if (text.size() > MaxProviderMessage) {
        qsizetype cut = MaxProviderMessage - 1;
        if (text.at(cut - 1).isHighSurrogate()) // never half a character
            --cut;
        text = text.left(cut) + QChar(0x2026);
    }
    return text;
}

QString withProviderMessage(const QString& sentence, const QString& providerMessage)
{
    if (providerMessage.isEmpty())
        return sentence;
    return sentence + QLatin1Char(' ') + ReplyClassifier::tr("The provider said: \"%1\"").arg(providerMessage);
}

// What a 404 or another refusal points at: the endpoint, the fields in the request's path (a
// deployment name) and its query parameters ("check the endpoint URL, the Embeddings
// Deployment Name and the api-version").
QString whatToCheck(const ProbePlan& plan, const ProbePlan::Request& request)
{
    QStringList things { ReplyClassifier::tr("the endpoint URL") };
    QRegularExpressionMatchIterator references = fieldReferencePattern().globalMatch(request.spec->path);
    while (references.hasNext()) {
        if (const FieldSpec* field = plan.provider().field(references.next().captured(1)))
            things.append(ReplyClassifier::tr("the %1").arg(field->label));
    }
    for (const auto& parameter : request.spec->query)
        things.append(ReplyClassifier::tr("the %1").arg(parameter.first));
    if (things.size() == 1)
        return things.first();
    const QString last = things.takeLast();
    return ReplyClassifier::tr("%1 and %2").arg(things.join(QLatin1String(", ")), last);
}

} // namespace

QString ReplyClassifier::masked(QString text, const QStringList& secrets)
{
    for (const QString& secret : secrets) {
        // Very short values would mask ordinary words; no real key is that short.
        if (secret.size() < 4)
            continue;
        // Case-insensitively: a key that became part of a host name is lower-cased by then.
        text.replace(secret, QStringLiteral("********"), Qt::CaseInsensitive);
        const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
        if (encoded != secret)
            text.replace(encoded, QStringLiteral("********"), Qt::CaseInsensitive);
    }
    return text;
}

void ReplyClassifier::mask(ConnectionTestResult& result, const QStringList& secrets)
{
    for (QString* text :
         { &result.message, &result.host, &result.providerCode, &result.providerMessage, &result.suggestedEndpoint })
        *text = masked(*text, secrets);
    for (QString& text : result.warnings)
        text = masked(text, secrets);
    for (QString& text : result.details)
        text = masked(text, secrets);
}

ConnectionTestResult ReplyClassifier::cancelled()
{
    ConnectionTestResult result;
    result.status = Status::Cancelled;
    result.message = tr("The connection test was cancelled.");
    return result;
}

std::pair<QString, QString> ReplyClassifier::providerError(const QByteArray& body, const QStringList& secrets)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return {};
    const QJsonObject object = document.object();
    QString message;
    QString code;
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject details = error.toObject();
        message = details.value(QLatin1String("message")).toString();
        const QJsonValue codeValue = details.value(QLatin1String("code"));
        code = codeValue.isDouble() ? QString::number(codeValue.toInteger()) : codeValue.toString();
    } else if (error.isString()) {
        message = error.toString();
    } else if (object.value(QLatin1String("message")).isString()) {
        // Mistral and some OpenAI-compatible servers put the message at the top level.
        message = object.value(QLatin1String("message")).toString();
    }
    return { clean(message, secrets), clean(code, secrets).left(80) };
}

std::optional<int> ReplyClassifier::retryAfterSeconds(const QByteArray& value, const QDateTime& now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qlonglong seconds = trimmed.toLongLong(&isNumber);
    if (isNumber)
        return seconds >= 0 ? std::optional<int>(int(qMin<qlonglong>(seconds, 7 * 24 * 3600))) : std::nullopt;
    // HTTP dates end in "GMT" (RFC 9110), a zone Qt's RFC 2822 parser does not take.
    QDateTime date = QDateTime::fromString(QString::fromLatin1(trimmed), Qt::RFC2822Date);
    if (!date.isValid()) {
        date = QLocale::c().toDateTime(QString::fromLatin1(trimmed), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        date.setTimeSpec(Qt::UTC);
    }
    if (!date.isValid())
        return std::nullopt;
    return int(qBound<qint64>(0, now.secsTo(date), qint64(7) * 24 * 3600));
}

ConnectionTestResult ReplyClassifier::classify(const ProbeReply& reply, const ProbePlan& plan,
                                               const ProbePlan::Request& request, const Timeouts& timeouts,
                                               const QDateTime& now)
{
    ConnectionTestResult result;
    const QString host = ProbePlan::hostLabel(request.url);
    result.host = host;
    result.httpStatus = reply.httpStatus;

    switch (reply.abort) {
    case ProbeReply::Abort::None:
        break;
    case ProbeReply::Abort::ConnectTimeout:
        result.status = Status::Timeout;
        result.message = tr("Could not connect to %1 within %n second(s); check the endpoint URL, the network and "
                            "the proxy settings.",
                            nullptr, timeouts.connectSeconds)
                             .arg(host);
        return result;
    case ProbeReply::Abort::TotalTimeout:
        result.status = Status::Timeout;
        result.message = tr("%1 did not answer within %n second(s); check the endpoint URL and the network, or "
                            "allow more time.",
                            nullptr, timeouts.totalSeconds)
                             .arg(host);
        return result;
    case ProbeReply::Abort::Cancelled:
        return cancelled();
    case ProbeReply::Abort::TooLarge:
        result.status = Status::UnexpectedReply;
        result.message = tr("%1 sent a far larger answer than an API sends; check the endpoint URL.").arg(host);
        return result;
    }

    if (reply.httpStatus == 0) {
        // Qt reports a proxy that drops the tunnel as a plain network error or a closed connection.
        const auto throughProxy = [&] {
            result.status = Status::NetworkError;
            result.message = tr("Could not reach %1 through the proxy %2 (%3); check the proxy settings "
                                "(https_proxy, no_proxy).")
                                 .arg(host, reply.proxy, reply.errorString);
            return result;
        };
        switch (reply.error) {
        case QNetworkReply::HostNotFoundError:
            result.status = Status::HostNotFound;
            result.message = tr("The host %1 was not found; check the endpoint URL, and the network's DNS and proxy "
                                "settings.")
                                 .arg(request.url.host());
            return result;
        case QNetworkReply::ConnectionRefusedError:
            result.status = Status::ConnectionRefused;
            result.message
                = tr("%1 refused the connection; check the endpoint URL and port, and that the service is running.")
                      .arg(host);
            return result;
        case QNetworkReply::SslHandshakeFailedError:
        case QNetworkReply::InsecureRedirectError:
            result.status = Status::TlsError;
            result.message = tr("The secure connection to %1 failed (%2); check the endpoint URL and this computer's "
                                "certificates (a proxy that inspects TLS needs its certificate installed).")
                                 .arg(host, reply.sslErrors.isEmpty() ? reply.errorString : reply.sslErrors.first());
            return result;
        case QNetworkReply::TimeoutError:
            result.status = Status::Timeout;
            result.message = tr("The connection to %1 timed out; check the endpoint URL, the network and the proxy "
                                "settings.")
                                 .arg(host);
            return result;
        case QNetworkReply::ProxyConnectionRefusedError:
        case QNetworkReply::ProxyConnectionClosedError:
        case QNetworkReply::ProxyNotFoundError:
        case QNetworkReply::ProxyTimeoutError:
        case QNetworkReply::ProxyAuthenticationRequiredError:
        case QNetworkReply::UnknownProxyError:
            result.status = Status::NetworkError;
            result.message = tr("The proxy did not connect to %1 (%2); check the proxy settings (https_proxy, "
                                "no_proxy).")
                                 .arg(host, reply.errorString);
            return result;
        case QNetworkReply::RemoteHostClosedError:
            if (!reply.proxy.isEmpty())
                return throughProxy();
            result.status = Status::NetworkError;
            result.message = tr("%1 closed the connection without answering; check the endpoint URL, its port, and "
                                "whether it expects https://.")
                                 .arg(host);
            return result;
        default:
            if (!reply.proxy.isEmpty())
                return throughProxy();
            if (!reply.sslErrors.isEmpty()) {
                result.status = Status::TlsError;
                result.message = tr("The secure connection to %1 failed (%2); check the endpoint URL and this "
                                    "computer's certificates.")
                                     .arg(host, reply.sslErrors.first());
                return result;
            }
            result.status = Status::NetworkError;
            result.message
                = tr("Could not reach %1 (%2); check the endpoint URL and the network.").arg(host, reply.errorString);
            return result;
        }
    }

    const auto [providerMessage, providerCode] = providerError(reply.body, plan.secrets());
    result.providerMessage = providerMessage;
    result.providerCode = providerCode;
    const int status = reply.httpStatus;

    if (status == 200) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(reply.body, &parseError);
        const QJsonValue data = document.object().value(QLatin1String("data"));
        if (request.spec->expect == ProbeRequestSpec::Expect::DataArray && data.isArray()) {
            result.status = Status::Success;
            result.modelCount = int(data.toArray().size());
            result.message
                = tr("Connected to %1: the %2 works, and %n model(s) are available.", nullptr, *result.modelCount)
                      .arg(host, plan.secretLabel());
            if (data.toArray().isEmpty() && plan.provider().probe.emptyDataWarning)
                result.warnings.append(tr("No models loaded: %1 answered, but its model list is empty; load a "
                                          "model on the server before using this credential.")
                                           .arg(host));
            return result;
        }
        const QJsonArray embedding = data.toArray().at(0).toObject().value(QLatin1String("embedding")).toArray();
        if (request.spec->expect == ProbeRequestSpec::Expect::Embedding && !embedding.isEmpty()) {
            result.status = Status::Success;
            result.embeddingDimension = int(embedding.size());
            result.message = tr("Connected to %1: the embeddings request works (embedding dimension %2).")
                                 .arg(host)
                                 .arg(*result.embeddingDimension);
            return result;
        }
        result.status = Status::UnexpectedReply;
        result.message = request.spec->expect == ProbeRequestSpec::Expect::Embedding
            ? tr("%1 answered the embeddings request without an embedding; check that the deployment is an "
                 "embeddings model.")
                  .arg(host)
            : tr("%1 answered, but not with a list of models; check that the endpoint URL is the API's address "
                 "(for most services it ends in /v1).")
                  .arg(host);
        return result;
    }

    // A provider error code with a sentence of its own in the registry (Azure's DeploymentNotFound).
    if (!providerCode.isEmpty() && request.spec->errorMessages.contains(providerCode)) {
        result.status = status == 404 ? Status::NotFound
            : status >= 500           ? Status::ProviderError
                                      : Status::RequestRejected;
        result.message
            = withProviderMessage(plan.fill(request.spec->errorMessages.value(providerCode), host), providerMessage);
        return result;
    }

    switch (status) {
    case 401:
        result.status = Status::AuthenticationRejected;
        result.message = withProviderMessage(
            tr("%1 rejected the %2 (401 Unauthorized); check that the %2 is complete, not revoked, and belongs to "
               "this endpoint.")
                .arg(host, plan.secretLabel()),
            providerMessage);
        return result;
    case 403:
        result.status = Status::AccessDenied;
        result.message = withProviderMessage(
            tr("%1 denied access (403 Forbidden); check that key authentication is enabled for the resource and "
               "that its network rules admit this computer.")
                .arg(host),
            providerMessage);
        return result;
    case 404:
        result.status = Status::NotFound;
        result.message
            = withProviderMessage(tr("%1 has nothing at %2 (404 Not Found); check %3.")
                                      .arg(host, request.url.path(QUrl::FullyDecoded), whatToCheck(plan, request)),
                                  providerMessage);
        return result;
    case 429: {
        result.status = Status::RateLimited;
        result.retryAfterSeconds = retryAfterSeconds(reply.retryAfter, now);
        const QString sentence = result.retryAfterSeconds
            ? tr("%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again in %n "
                 "second(s).",
                 nullptr, *result.retryAfterSeconds)
                  .arg(host, plan.secretLabel())
            : tr("%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again later.")
                  .arg(host, plan.secretLabel());
        result.message = withProviderMessage(sentence, providerMessage);
        return result;
    }
    default:
        break;
    }
    if (status >= 500) {
        result.status = Status::ProviderError;
        result.message = withProviderMessage(
            tr("%1 had a problem of its own (HTTP %2), so the %3 could not be verified; try again later.")
                .arg(host)
                .arg(status)
                .arg(plan.secretLabel()),
            providerMessage);
        return result;
    }
    if (status >= 400) {
        result.status = Status::RequestRejected;
        result.message = withProviderMessage(
            tr("%1 refused the request (HTTP %2); check %3.").arg(host).arg(status).arg(whatToCheck(plan, request)),
            providerMessage);
        return result;
    }
    result.status = Status::UnexpectedReply;
    result.message
        = tr("%1 answered with HTTP %2, which is not an API answer; check the endpoint URL.").arg(host).arg(status);
    return result;
}

} // namespace cm
