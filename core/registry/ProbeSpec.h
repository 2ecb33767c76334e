#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace cm {

// One HTTP request of a provider's connection test. Strings may hold {field} references,
// which the connection tester fills in from the credential's values.
struct ProbeRequestSpec
{
    enum class Expect
    {
        DataArray, // HTTP 200 with a JSON object holding a "data" array (a model list)
        Embedding // HTTP 200 with a non-empty data[0].embedding array
    };

    QByteArray method;
    QString path;
    QList<QPair<QString, QString>> query;
    std::optional<QJsonObject> body;
    Expect expect = Expect::DataArray;
    // Sentences for provider error codes ({"error":{"code":...}}) that deserve their own
    // message, such as Azure's DeploymentNotFound. They may use {host} and {field} references.
    QMap<QString, QString> errorMessages;
};

// How a provider's connection test is run (SPEC section 7): the "probe" of providers.json,
// read once into plain values so that no provider needs a line of C++.
struct ProbeSpec
{
    struct TokenCheck
    {
        QString field; // the field holding the token
        int expiryWarningDays = 7; // warn when the token expires within this many days
    };

    QString base; // the URL every request path is appended to, e.g. "{endpoint}"
    QStringList trimSuffixes; // path suffixes cut from the base, with anything after them
    QString hostHint; // the host is expected to start with this, e.g. "{instance_name}"
    QByteArray authHeader;
    QString authValue; // e.g. "Bearer {api_key}"
    QString authField; // the secret field authValue refers to: the key being tested
    std::optional<TokenCheck> tokenCheck; // the token must look like a JWT; its expiry is checked
    QString notFoundRetrySuffix; // on 404, retry with this appended to the base and suggest it
    bool emptyDataWarning = false; // an empty model list is worth a warning
    QList<ProbeRequestSpec> requests;

    // `fieldKeys` are the provider's field keys, `secretKeys` those of its secrets: every
    // {reference} must name a field, and a secret may appear only in the auth value.
    static Result<ProbeSpec> fromJson(const QJsonObject& json, const QString& providerId, const QStringList& fieldKeys,
                                      const QStringList& secretKeys);

    // The field key the base URL comes from (the endpoint), or empty.
    QString baseField() const;
};

} // namespace cm
