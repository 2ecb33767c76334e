#pragma once

#include "registry/ProbeSpec.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace cm {

// One field of a provider's form, as described in resources/providers.json. The label and
// the help are in the interface language (the registry's English, translated when a
// translation is loaded); keys, defaults and placeholders are data and never translated.
struct FieldSpec
{
    enum class Kind
    {
        Text,
        Url,
        Secret
    };

    QString key;
    QString label;
    Kind kind = Kind::Text;
    bool required = true;
    std::optional<QString> defaultValue; // may hold {field} placeholders, e.g. an endpoint
    QString placeholder;
    QString help;

    bool isSecret() const { return kind == Kind::Secret; }
    static QString kindName(Kind kind);
};

// A provider: its identity, its fields in form order, and the description of its
// connection test (interpreted by the connection tester).
struct ProviderSpec
{
    QString id;
    QString name; // in the interface language
    QJsonObject json; // the provider as written in providers.json (English), for `providers --json`
    bool defaultEmbeddings = false; // saving one makes it the store's default embeddings credential
    QList<FieldSpec> fields;
    ProbeSpec probe; // its error messages are in the interface language
    QJsonObject probeJson; // the probe as written

    const FieldSpec* field(const QString& key) const;
};

// Registry texts (defaults, probes, messages) refer to a field's value as {field_key}; the
// pattern captures the key. firstFieldReference() gives the first key in `text`, or empty.
const QRegularExpression& fieldReferencePattern();
QString firstFieldReference(const QString& text);

} // namespace cm
