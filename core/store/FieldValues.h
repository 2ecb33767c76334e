#pragma once

#include "crypto/SecureBuffer.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace cm {

// A credential's field values by field key. Values may be secrets. They live in QStrings
// because widgets, JSON and HTTP headers need them there; this type wipes them when the last
// copy goes away and serialises them into secure memory, but the temporaries Qt's JSON classes
// make on the way (QJsonObject, QJsonDocument: freed without wiping) are beyond its reach: best
// effort, not a guarantee. TestSecretsInMemory shows what is and what is not wiped.
class FieldValues
{
public:
    FieldValues() = default;
    FieldValues(std::initializer_list<std::pair<const QString, QString>> values);
    ~FieldValues();
    FieldValues(const FieldValues&) = default;
    FieldValues& operator=(const FieldValues&) = default;
    FieldValues(FieldValues&&) noexcept = default;
    FieldValues& operator=(FieldValues&&) noexcept = default;

    bool contains(const QString& key) const { return m_values.contains(key); }
    QString value(const QString& key) const { return m_values.value(key); }
    void insert(const QString& key, const QString& value) { m_values.insert(key, value); }
    void remove(const QString& key) { m_values.remove(key); }
    QStringList keys() const { return m_values.keys(); }
    qsizetype size() const { return m_values.size(); }
    bool isEmpty() const { return m_values.isEmpty(); }
    const QMap<QString, QString>& map() const { return m_values; }

    bool operator==(const FieldValues& other) const { return m_values == other.m_values; }
    bool operator!=(const FieldValues& other) const { return m_values != other.m_values; }

    // Keys whose value differs between the two sets, including keys only one of them has.
    static QStringList changedKeys(const FieldValues& before, const FieldValues& after);

    // The compact UTF-8 JSON object of keys to string values (the payload plaintext).
    SecureBuffer toJson() const;
    static std::optional<FieldValues> fromJson(const SecureBuffer& json);

private:
    QMap<QString, QString> m_values;
};

} // namespace cm
