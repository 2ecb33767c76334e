#include "ProbePlan.h"

#include "network/JwtToken.h"
#include "registry/CredentialValidator.h"

#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QUrlQuery>

namespace cm {

namespace {

constexpr int SecondsPerDay = 24 * 3600;

// `text` with each {key} replaced by what `lookup` gives for the key.
template<typename Lookup> QString substitute(const QString& text, Lookup lookup)
{
    QString result;
    qsizetype last = 0;
    QRegularExpressionMatchIterator matches = fieldReferencePattern().globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        result += QStringView(text).mid(last, match.capturedStart() - last) + lookup(match.captured(1));
        last = match.capturedEnd();
    }
    return result + QStringView(text).mid(last);
}

// Azure endpoints are often pasted with the path of one API call, or a trailing slash: `path`
// cut at the first whole segment that starts one of `suffixes`, without trailing slashes.
QString trimmedPath(QString path, const QStringList& suffixes)
{
    for (const QString& suffix : suffixes) {
        for (qsizetype from = 0; (from = path.indexOf(suffix, from, Qt::CaseInsensitive)) >= 0; ++from) {
            const qsizetype end = from + suffix.size();
            if (end == path.size() || path.at(end) == QLatin1Char('/')) {
                path.truncate(from);
                break;
            }
        }
    }
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

ConnectionTestResult refused(ConnectionTestResult::Status status, const QString& message, const QString& host = {})
{
    ConnectionTestResult result;
    result.status = status;
    result.message = message;
    result.host = host;
    return result;
}

} // namespace

ProbePlan ProbePlan::prepare(const ProviderSpec& provider, const FieldValues& values, const QDateTime& now)
{
    ProbePlan plan;
    plan.m_provider = provider;
    const ProbeSpec& probe = provider.probe;

    Result<FieldValues> valid = CredentialValidator::validateFields(provider, values);
    if (!valid) {
        plan.m_refusal = refused(ConnectionTestResult::Status::InvalidSettings, valid.error().message);
        return plan;
    }
    plan.m_values = std::move(valid).value();

    // An empty endpoint is built from its default and other fields' values (the embeddings
    // endpoint from the instance name): those values become part of the address, so they must
    // not change its shape ("evil.example/" would move the host), and a bad one is named.
    QString baseLabel = plan.endpointLabel();
    const FieldSpec* baseField = provider.field(probe.baseField());
    if (baseField && !plan.m_values.contains(baseField->key) && baseField->defaultValue) {
        static const QRegularExpression addressPart(QStringLiteral("^[A-Za-z0-9._~-]*$"));
        QStringList labels;
        QRegularExpressionMatchIterator references = fieldReferencePattern().globalMatch(*baseField->defaultValue);
        while (references.hasNext()) {
            const FieldSpec* part = provider.field(references.next().captured(1));
            if (!part)
                continue;
            labels.append(part->label);
            const QString value = plan.m_values.value(part->key);
            if (!addressPart.match(value).hasMatch()) {
                plan.m_refusal = refused(ConnectionTestResult::Status::InvalidSettings,
                                         tr("The %1 \"%2\" cannot be part of the address %3; use only letters, "
                                            "digits and the characters - . _ ~, or enter the %4.")
                                             .arg(part->label, value, *baseField->defaultValue, baseField->label));
                return plan;
            }
        }
        if (!labels.isEmpty())
            baseLabel = labels.join(QLatin1String(", "));
    }
    const QString baseText = plan.expand(probe.base, false);
    QUrl base(baseText, QUrl::StrictMode);
    const QString scheme = base.scheme().toLower();
    if (!base.isValid() || base.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        plan.m_refusal = refused(
            ConnectionTestResult::Status::InvalidSettings,
            tr("The endpoint \"%1\" is not a valid https:// address; check the %2.").arg(baseText, baseLabel));
        return plan;
    }

    base.setPath(trimmedPath(base.path(), probe.trimSuffixes));
    base.setQuery(QString());
    base.setFragment(QString());
    plan.m_base = base;

    const QString host = hostLabel(base);
    if (!isSafeForSecrets(base)) {
        plan.m_refusal = refused(ConnectionTestResult::Status::InsecureEndpoint,
                                 tr("The endpoint %1 uses plain HTTP, and a key is only sent over HTTPS (or to this "
                                    "computer); change the %2 to its https:// address.")
                                     .arg(base.toDisplayString(QUrl::RemoveUserInfo), baseLabel),
                                 host);
        return plan;
    }

    if (!probe.hostHint.isEmpty()) {
        const QString hint = plan.expand(probe.hostHint, false);
        const FieldSpec* hintField = provider.field(firstFieldReference(probe.hostHint));
        if (!hint.isEmpty() && base.host().section(QLatin1Char('.'), 0, 0).compare(hint, Qt::CaseInsensitive) != 0) {
            plan.m_warnings.append(tr("The host %1 does not start with the %2 \"%3\"; check that the endpoint and "
                                      "the %2 belong to the same resource.")
                                       .arg(base.host(), hintField ? hintField->label : tr("instance name"), hint));
        }
    }

    if (probe.tokenCheck)
        plan.m_warnings += plan.tokenWarnings(*probe.tokenCheck, now);
    return plan;
}

QStringList ProbePlan::tokenWarnings(const ProbeSpec::TokenCheck& check, const QDateTime& now) const
{
    QStringList warnings;
    const FieldSpec* tokenField = m_provider.field(check.field);
    const QString label = tokenField ? tokenField->label : check.field;
    const JwtToken token = JwtToken::inspect(value(check.field));
    if (!token.wellFormed) {
        warnings.append(tr("The %1 is not shaped like a JWT (\"eyJ...\", three parts separated by dots), "
                           "which %2 tokens are; check that it was copied completely.")
                            .arg(label, m_provider.name));
    } else if (token.expiresAt) {
        const QString when = QLocale().toString(token.expiresAt->toLocalTime(), QLocale::ShortFormat);
        const qint64 secondsLeft = now.secsTo(*token.expiresAt);
        if (secondsLeft <= 0) {
            warnings.append(tr("The %1 expired on %2; create a new one and save it here.").arg(label, when));
        } else if (secondsLeft <= qint64(check.expiryWarningDays) * SecondsPerDay) {
            const int days = int(secondsLeft / SecondsPerDay);
            warnings.append(
                days == 0 ? tr("The %1 expires on %2, within a day; create a new one now.").arg(label, when)
                          : tr("The %1 expires on %2 (in %n day(s)); create a new one before then.", nullptr, days)
                                .arg(label, when));
        }
    }
    return warnings;
}

QList<ProbePlan::Request> ProbePlan::requests(const QUrl& base) const
{
    QList<Request> result;
    for (const ProbeRequestSpec& spec : m_provider.probe.requests) {
        Request request;
        request.spec = &spec;
        request.method = spec.method;
        request.url = base;
        request.url.setPath(base.path(QUrl::FullyEncoded) + expand(spec.path, true), QUrl::StrictMode);
        if (!spec.query.isEmpty()) {
            QUrlQuery query;
            for (const auto& [key, value] : spec.query)
                query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(key)),
                                   QString::fromLatin1(QUrl::toPercentEncoding(expand(value, false))));
            request.url.setQuery(query);
        }
        if (spec.body) {
            QJsonObject body = *spec.body;
            for (auto it = body.begin(); it != body.end(); ++it) {
                if (it.value().isString())
                    it.value() = expand(it.value().toString(), false);
            }
            request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        result.append(request);
    }
    return result;
}

std::optional<QUrl> ProbePlan::retryBase(const QUrl& base) const
{
    const QString suffix = m_provider.probe.notFoundRetrySuffix;
    if (suffix.isEmpty() || base.path().endsWith(suffix, Qt::CaseInsensitive))
        return std::nullopt;
    QUrl retry = base;
    retry.setPath(base.path() + suffix);
    return retry;
}

QByteArray ProbePlan::authValue() const
{
    QString text = expand(m_provider.probe.authValue, false);
    QByteArray bytes = text.toUtf8();
    wipe(text);
    return bytes;
}

QString ProbePlan::endpointLabel() const
{
    const FieldSpec* field = m_provider.field(m_provider.probe.baseField());
    return field ? field->label : tr("endpoint");
}

QString ProbePlan::secretLabel() const
{
    const FieldSpec* field = m_provider.field(m_provider.probe.authField);
    return field ? field->label : tr("key");
}

QStringList ProbePlan::secrets() const
{
    QStringList result;
    for (const FieldSpec& field : m_provider.fields) {
        if (field.isSecret() && !m_values.value(field.key).isEmpty())
            result.append(m_values.value(field.key));
    }
    return result;
}

QString ProbePlan::fill(const QString& text, const QString& host) const
{
    return substitute(text, [&](const QString& key) {
        const FieldSpec* field = m_provider.field(key);
        if (key == QLatin1String("host"))
            return host;
        if (field && !field->isSecret())
            return value(key);
        return QStringLiteral("{%1}").arg(key);
    });
}

QString ProbePlan::hostLabel(const QUrl& url)
{
    return url.adjusted(QUrl::RemoveUserInfo).authority();
}

bool ProbePlan::isSafeForSecrets(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("https")
        || (scheme == QLatin1String("http") && CredentialValidator::isLoopbackHost(url.host()));
}

QString ProbePlan::value(const QString& key) const
{
    if (m_values.contains(key))
        return m_values.value(key);
    // An empty optional field means its default, which may refer to other fields' values
    // (the embeddings endpoint is built from the instance name).
    const FieldSpec* field = m_provider.field(key);
    if (!field || !field->defaultValue)
        return {};
    return substitute(*field->defaultValue, [this](const QString& other) { return m_values.value(other); });
}

QString ProbePlan::expand(const QString& text, bool percentEncode) const
{
    return substitute(text, [&](const QString& key) {
        const QString replacement = value(key);
        return percentEncode ? QString::fromLatin1(QUrl::toPercentEncoding(replacement)) : replacement;
    });
}

} // namespace cm
