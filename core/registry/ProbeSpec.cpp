#include "ProbeSpec.h"

#include "registry/ProviderSpec.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QRegularExpression>

namespace cm {

namespace {

Error invalid(const QString& providerId, const QString& what)
{
    return makeError(ErrorCode::Corrupt,
                     QStringLiteral("The provider registry is invalid: in the probe of %1, %2.").arg(providerId, what));
}

// The fields a probe may refer to: every field, but a secret only in the auth value, so a key
// never lands in a URL (and with it in proxy logs and messages) or a request body.
struct References
{
    QStringList fieldKeys;
    QStringList secretKeys;
};

// Every {reference} in `text` must name a field that is not a secret (or be one of `extra`).
std::optional<Error> checkReferences(const QString& providerId, const QString& text, const References& references,
                                     const QString& where, const QStringList& extra = {})
{
    QRegularExpressionMatchIterator matches = fieldReferencePattern().globalMatch(text);
    while (matches.hasNext()) {
        const QString key = matches.next().captured(1);
        if (references.secretKeys.contains(key))
            return invalid(
                providerId,
                QStringLiteral("%1 refers to the secret {%2}, which only the auth value may use").arg(where, key));
        if (!references.fieldKeys.contains(key) && !extra.contains(key))
            return invalid(providerId, QStringLiteral("%1 refers to {%2}, which is not a field").arg(where, key));
    }
    return std::nullopt;
}

Result<ProbeRequestSpec> parseRequest(const QString& providerId, const QJsonValue& value, const References& references)
{
    const QJsonObject object = value.toObject();
    ProbeRequestSpec request;
    request.method = object.value(QLatin1String("method")).toString().toLatin1();
    if (request.method != "GET" && request.method != "POST")
        return invalid(providerId, QStringLiteral("a probe request has a method other than GET or POST"));
    request.path = object.value(QLatin1String("path")).toString();
    if (!request.path.startsWith(QLatin1Char('/')))
        return invalid(providerId, QStringLiteral("a probe request path does not start with /"));
    if (auto problem = checkReferences(providerId, request.path, references, QStringLiteral("a probe request path")))
        return *problem;
    const QJsonObject query = object.value(QLatin1String("query")).toObject();
    for (auto it = query.begin(); it != query.end(); ++it) {
        if (!it.value().isString())
            return invalid(providerId, QStringLiteral("probe query parameter %1 is not a string").arg(it.key()));
        if (auto problem
            = checkReferences(providerId, it.value().toString(), references, QStringLiteral("a probe query")))
            return *problem;
        request.query.append({ it.key(), it.value().toString() });
    }
    const QJsonValue body = object.value(QLatin1String("body"));
    if (body.isObject()) {
        request.body = body.toObject();
        for (const QJsonValue member : *request.body) {
            if (auto problem
                = checkReferences(providerId, member.toString(), references, QStringLiteral("a probe body")))
                return *problem;
        }
    } else if (!body.isUndefined()) {
        return invalid(providerId, QStringLiteral("a probe request body is not an object"));
    }
    const QString expect = object.value(QLatin1String("expect")).toString();
    if (expect == QLatin1String("data_array"))
        request.expect = ProbeRequestSpec::Expect::DataArray;
    else if (expect == QLatin1String("embedding"))
        request.expect = ProbeRequestSpec::Expect::Embedding;
    else
        return invalid(providerId, QStringLiteral("a probe request expects \"%1\", which is unknown").arg(expect));
    const QJsonObject messages = object.value(QLatin1String("error_messages")).toObject();
    for (auto it = messages.begin(); it != messages.end(); ++it) {
        if (!it.value().isString() || it.value().toString().isEmpty())
            return invalid(providerId, QStringLiteral("the message for error code %1 is not a sentence").arg(it.key()));
        if (auto problem
            = checkReferences(providerId, it.value().toString(), references,
                              QStringLiteral("the message for %1").arg(it.key()), { QStringLiteral("host") }))
            return *problem;
        request.errorMessages.insert(it.key(), it.value().toString());
    }
    return request;
}

} // namespace

Result<ProbeSpec> ProbeSpec::fromJson(const QJsonObject& json, const QString& providerId, const QStringList& fieldKeys,
                                      const QStringList& secretKeys)
{
    const References references { fieldKeys, secretKeys };
    ProbeSpec probe;
    probe.base = json.value(QLatin1String("base")).toString();
    if (probe.base.isEmpty())
        return invalid(providerId, QStringLiteral("there is no base"));
    for (const QJsonValue suffix : json.value(QLatin1String("trim_suffixes")).toArray())
        probe.trimSuffixes.append(suffix.toString());
    probe.hostHint = json.value(QLatin1String("host_hint")).toString();
    const QJsonObject auth = json.value(QLatin1String("auth")).toObject();
    probe.authHeader = auth.value(QLatin1String("header")).toString().toLatin1();
    probe.authValue = auth.value(QLatin1String("value")).toString();
    if (probe.authHeader.isEmpty() || probe.authValue.isEmpty())
        return invalid(providerId, QStringLiteral("there is no auth header and value"));
    for (const QString& text : { probe.base, probe.hostHint }) {
        if (auto problem = checkReferences(providerId, text, references, QStringLiteral("the probe")))
            return *problem;
    }
    if (auto problem
        = checkReferences(providerId, probe.authValue, { fieldKeys, {} }, QStringLiteral("the auth value")))
        return *problem;
    QRegularExpressionMatchIterator authReferences = fieldReferencePattern().globalMatch(probe.authValue);
    while (authReferences.hasNext() && probe.authField.isEmpty()) {
        const QString key = authReferences.next().captured(1);
        if (secretKeys.contains(key))
            probe.authField = key;
    }
    if (probe.authField.isEmpty())
        return invalid(providerId, QStringLiteral("the auth value refers to no secret field"));
    const QJsonValue tokenCheck = json.value(QLatin1String("token_check"));
    if (tokenCheck.isObject()) {
        const QJsonObject check = tokenCheck.toObject();
        TokenCheck parsed;
        parsed.field = check.value(QLatin1String("field")).toString();
        parsed.expiryWarningDays = check.value(QLatin1String("expiry_warning_days")).toInt(7);
        if (!fieldKeys.contains(parsed.field) || check.value(QLatin1String("shape")).toString() != QLatin1String("jwt"))
            return invalid(providerId, QStringLiteral("the token check needs a field and the shape \"jwt\""));
        probe.tokenCheck = parsed;
    }
    probe.notFoundRetrySuffix = json.value(QLatin1String("not_found_retry_suffix")).toString();
    probe.emptyDataWarning = json.value(QLatin1String("empty_data_warning")).toBool(false);
    for (const QJsonValue value : json.value(QLatin1String("requests")).toArray()) {
        Result<ProbeRequestSpec> request = parseRequest(providerId, value, references);
        if (!request)
            return request.error();
        probe.requests.append(std::move(request).value());
    }
    if (probe.requests.isEmpty())
        return invalid(providerId, QStringLiteral("there are no requests"));
    return probe;
}

QString ProbeSpec::baseField() const
{
    return firstFieldReference(base);
}

} // namespace cm
