#include "FieldValues.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <sodium.h>

namespace cm {

FieldValues::FieldValues(std::initializer_list<std::pair<const QString, QString>> values)
{
    for (const auto& [key, value] : values)
        m_values.insert(key, value);
}

FieldValues::~FieldValues()
{
    // A shared map belongs to another FieldValues too; the last owner wipes it.
    if (!m_values.isDetached())
        return;
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        wipe(it.value());
}

QStringList FieldValues::changedKeys(const FieldValues& before, const FieldValues& after)
{
    QSet<QString> keys;
    for (auto it = before.m_values.cbegin(); it != before.m_values.cend(); ++it) {
        if (!after.m_values.contains(it.key()) || after.m_values.value(it.key()) != it.value())
            keys.insert(it.key());
    }
    for (auto it = after.m_values.cbegin(); it != after.m_values.cend(); ++it) {
        if (!before.m_values.contains(it.key()))
            keys.insert(it.key());
    }
    QStringList sorted(keys.cbegin(), keys.cend());
    sorted.sort();
    return sorted;
}

SecureBuffer FieldValues::toJson() const
{
    QJsonObject object;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
        object.insert(it.key(), it.value());
    QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    SecureBuffer result = SecureBuffer::copyOf(json);
    wipe(json);
    return result;
}

std::optional<FieldValues> FieldValues::fromJson(const SecureBuffer& json)
{
    // fromRawData lets QJsonDocument parse the plaintext in place (the parsed values are copies).
    const QByteArray raw = QByteArray::fromRawData(reinterpret_cast<const char*>(json.data()), qsizetype(json.size()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(raw, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    FieldValues values;
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isString())
            return std::nullopt;
        values.insert(it.key(), it.value().toString());
    }
    return values;
}

} // namespace cm
