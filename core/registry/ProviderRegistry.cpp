#include "ProviderRegistry.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonValue>
#include <QSet>

#include <cstdio>
#include <cstdlib>

namespace cm {

namespace {

Error invalid(const QString& what)
{
    return makeError(ErrorCode::Corrupt, QStringLiteral("The provider registry is invalid: %1.").arg(what));
}

QString registryText(const QString& text, const char* disambiguation)
{
    return QCoreApplication::translate("cm::ProviderRegistry", text.toUtf8().constData(), disambiguation);
}

// `providers --json` shares the registry file's shape (SPEC section 3), in its English.
QJsonObject sourceJson(const ProviderSpec& provider)
{
    QJsonArray fields;
    for (const FieldSpec& field : provider.fields) {
        fields.append(QJsonObject {
            { QStringLiteral("key"), field.key },
            { QStringLiteral("label"), field.label },
            { QStringLiteral("kind"), FieldSpec::kindName(field.kind) },
            { QStringLiteral("required"), field.required },
            { QStringLiteral("default"), field.defaultValue ? QJsonValue(*field.defaultValue) : QJsonValue() },
            { QStringLiteral("placeholder"), field.placeholder },
            { QStringLiteral("help"), field.help },
        });
    }
    return QJsonObject {
        { QStringLiteral("id"), provider.id },
        { QStringLiteral("name"), provider.name },
        { QStringLiteral("default_embeddings"), provider.defaultEmbeddings },
        { QStringLiteral("fields"), fields },
        { QStringLiteral("probe"), provider.probeJson },
    };
}

Result<FieldSpec> parseField(const QJsonValue& value, const QString& providerId)
{
    const QJsonObject object = value.toObject();
    FieldSpec field;
    field.key = object.value(QLatin1String("key")).toString();
    field.label = object.value(QLatin1String("label")).toString();
    if (field.key.isEmpty() || field.label.isEmpty())
        return invalid(QStringLiteral("a field of %1 has no key or label").arg(providerId));
    const QString kind = object.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("text"))
        field.kind = FieldSpec::Kind::Text;
    else if (kind == QLatin1String("url"))
        field.kind = FieldSpec::Kind::Url;
    else if (kind == QLatin1String("secret"))
        field.kind = FieldSpec::Kind::Secret;
    else
        return invalid(QStringLiteral("field %1 of %2 has unknown kind \"%3\"").arg(field.key, providerId, kind));
    const QJsonValue required = object.value(QLatin1String("required"));
    if (!required.isBool())
        return invalid(QStringLiteral("field %1 of %2 has no boolean \"required\"").arg(field.key, providerId));
    field.required = required.toBool();
    const QJsonValue defaultValue = object.value(QLatin1String("default"));
    if (defaultValue.isString())
        field.defaultValue = defaultValue.toString();
    else if (!defaultValue.isNull() && !defaultValue.isUndefined())
        return invalid(QStringLiteral("field %1 of %2 has a default that is not a string").arg(field.key, providerId));
    field.placeholder = object.value(QLatin1String("placeholder")).toString();
    field.help = object.value(QLatin1String("help")).toString();
    return field;
}

Result<ProviderSpec> parseProvider(const QJsonValue& value)
{
    if (!value.isObject())
        return invalid(QStringLiteral("an entry is not an object"));
    const QJsonObject object = value.toObject();
    ProviderSpec provider;
    provider.id = object.value(QLatin1String("id")).toString();
    provider.name = object.value(QLatin1String("name")).toString();
    if (provider.id.isEmpty() || provider.name.isEmpty())
        return invalid(QStringLiteral("a provider has no id or name"));
    provider.defaultEmbeddings = object.value(QLatin1String("default_embeddings")).toBool(false);
    const QJsonArray fields = object.value(QLatin1String("fields")).toArray();
    if (fields.isEmpty())
        return invalid(QStringLiteral("provider %1 has no fields").arg(provider.id));
    QSet<QString> keys;
    QStringList secretKeys;
    for (const QJsonValue fieldValue : fields) {
        Result<FieldSpec> field = parseField(fieldValue, provider.id);
        if (!field)
            return field.error();
        if (keys.contains(field->key))
            return invalid(QStringLiteral("provider %1 lists field %2 twice").arg(provider.id, field->key));
        keys.insert(field->key);
        if (field->isSecret())
            secretKeys.append(field->key);
        provider.fields.append(std::move(field).value());
    }
    provider.probeJson = object.value(QLatin1String("probe")).toObject();
    Result<ProbeSpec> probe
        = ProbeSpec::fromJson(provider.probeJson, provider.id, QStringList(keys.begin(), keys.end()), secretKeys);
    if (!probe)
        return probe.error();
    provider.probe = std::move(probe).value();
    provider.json = sourceJson(provider);
    return provider;
}

// The registry texts that people read, in the interface language. The registry is checked
// in English first, so a translation can never make it invalid; lupdate finds these texts
// in the file that translations/RegistryStrings.cmake writes from providers.json.
void localise(ProviderSpec& provider)
{
    provider.name = registryText(provider.name, "provider name");
    for (FieldSpec& field : provider.fields) {
        field.label = registryText(field.label, "field label");
        if (!field.help.isEmpty())
            field.help = registryText(field.help, "field help");
    }
    for (ProbeRequestSpec& request : provider.probe.requests) {
        for (QString& message : request.errorMessages)
            message = registryText(message, "connection test message");
    }
}

} // namespace

const ProviderRegistry& ProviderRegistry::builtin()
{
    static const ProviderRegistry registry = [] {
        QFile file(QStringLiteral(":/providers.json"));
        // A broken build: say why on stderr and stop (nothing is left to do if that write fails).
        if (!file.open(QIODevice::ReadOnly)) {
            static_cast<void>(std::fputs("The built-in provider registry is missing from this build.\n", stderr));
            std::abort();
        }
        Result<ProviderRegistry> parsed = fromJson(file.readAll());
        if (!parsed) {
            static_cast<void>(std::fprintf(stderr, "%s\n", qPrintable(parsed.error().message)));
            std::abort();
        }
        return std::move(parsed).value();
    }();
    return registry;
}

Result<ProviderRegistry> ProviderRegistry::fromJson(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray())
        return invalid(QStringLiteral("it is not a JSON array of providers"));
    ProviderRegistry registry;
    QSet<QString> ids;
    for (const QJsonValue value : document.array()) {
        Result<ProviderSpec> provider = parseProvider(value);
        if (!provider)
            return provider.error();
        if (ids.contains(provider->id))
            return invalid(QStringLiteral("provider %1 is listed twice").arg(provider->id));
        ids.insert(provider->id);
        localise(provider.value());
        registry.m_providers.append(std::move(provider).value());
    }
    if (registry.m_providers.isEmpty())
        return invalid(QStringLiteral("it lists no providers"));
    return registry;
}

const ProviderSpec* ProviderRegistry::provider(const QString& id) const
{
    for (const ProviderSpec& spec : m_providers) {
        if (spec.id == id)
            return &spec;
    }
    return nullptr;
}

QStringList ProviderRegistry::ids() const
{
    QStringList result;
    for (const ProviderSpec& spec : m_providers)
        result.append(spec.id);
    return result;
}

QJsonArray ProviderRegistry::toJson() const
{
    QJsonArray providers;
    for (const ProviderSpec& provider : m_providers)
        providers.append(provider.json);
    return providers;
}

} // namespace cm
