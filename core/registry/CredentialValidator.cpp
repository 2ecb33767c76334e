#include "CredentialValidator.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace cm {

namespace {

bool hasControlCharacter(const QString& text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// U+FFFD is what bytes that are not valid UTF-8 become when a command-line argument or an
// environment variable is read as text: storing it would store a name or a key other than the
// one given.
bool hasReplacementCharacter(const QString& text)
{
    return text.contains(QChar::ReplacementCharacter);
}

std::optional<QString> urlProblem(const FieldSpec& field, const QString& value)
{
    const QUrl url(value, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.isRelative() || url.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return CredentialValidator::tr(
                   "%1 must be an absolute https:// URL such as https://example.com/v1; check what you entered.")
            .arg(field.label);
    if (scheme == QLatin1String("http") && !CredentialValidator::isLoopbackHost(url.host()))
        return CredentialValidator::tr(
                   "%1 must use https://; plain http:// is only allowed for loopback hosts such as localhost.")
            .arg(field.label);
    return std::nullopt;
}

} // namespace

Result<QString> CredentialValidator::validateName(const QString& name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::Validation, tr("Name is required; enter a name that identifies this credential."));
    if (trimmed.toUcs4().size() > MaxNameLength)
        return makeError(ErrorCode::Validation, tr("Name is too long; use at most %1 characters.").arg(MaxNameLength));
    if (hasControlCharacter(trimmed))
        return makeError(ErrorCode::Validation,
                         tr("Name contains a control character such as a line break or tab; remove it."));
    if (hasReplacementCharacter(trimmed))
        return makeError(ErrorCode::Validation,
                         tr("Name contains U+FFFD, the mark of bytes that are not valid UTF-8 text; enter the name "
                            "again in UTF-8."));
    return trimmed;
}

bool CredentialValidator::isLoopbackHost(const QString& host)
{
    // Only the name itself: "x.localhost" may be resolved by a DNS server anywhere.
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

std::optional<QString> CredentialValidator::fieldProblem(const FieldSpec& field, const QString& value)
{
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty()) {
        if (field.required && !field.defaultValue)
            return tr("%1 is required; enter a value.").arg(field.label);
        return std::nullopt;
    }
    if (hasControlCharacter(trimmed))
        return tr("%1 contains a control character such as a line break; enter the value on one line.")
            .arg(field.label);
    if (hasReplacementCharacter(trimmed))
        return tr("%1 contains U+FFFD, the mark of bytes that are not valid UTF-8 text; enter the value again in "
                  "UTF-8.")
            .arg(field.label);
    if (field.kind == FieldSpec::Kind::Url)
        return urlProblem(field, trimmed);
    if (field.key == QLatin1String("api_version")) {
        static const QRegularExpression pattern(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}(-preview)?$"));
        if (!pattern.match(trimmed).hasMatch())
            return tr("%1 must look like YYYY-MM-DD, optionally followed by -preview (for example 2023-05-15).")
                .arg(field.label);
    }
    return std::nullopt;
}

Result<FieldValues> CredentialValidator::validateFields(const ProviderSpec& provider, const FieldValues& input)
{
    for (const QString& key : input.keys()) {
        if (!provider.field(key)) {
            QStringList known;
            for (const FieldSpec& field : provider.fields)
                known.append(field.key);
            return makeError(ErrorCode::Validation,
                             tr("\"%1\" is not a field of %2; use one of: %3.")
                                 .arg(key, provider.name, known.join(QLatin1String(", "))));
        }
    }
    FieldValues result;
    for (const FieldSpec& field : provider.fields) {
        const QString value = input.value(field.key).trimmed();
        if (const std::optional<QString> problem = fieldProblem(field, value))
            return makeError(ErrorCode::Validation, *problem);
        if (!value.isEmpty())
            result.insert(field.key, value);
        else if (field.required && field.defaultValue)
            result.insert(field.key, *field.defaultValue);
    }
    return result;
}

const ProviderSpec* CredentialValidator::findProvider(const ProviderRegistry& registry, const QString& id, Error* error)
{
    if (const ProviderSpec* provider = registry.provider(id))
        return provider;
    if (error) {
        *error = makeError(
            ErrorCode::Validation,
            tr("Provider \"%1\" is not known; use one of: %2.").arg(id, registry.ids().join(QLatin1String(", "))));
    }
    return nullptr;
}

} // namespace cm
