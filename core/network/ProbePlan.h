#pragma once

#include "network/ConnectionTestResult.h"
#include "registry/ProviderSpec.h"
#include "store/FieldValues.h"

#include <QCoreApplication>
#include <QUrl>

#include <optional>

namespace cm {

// A provider's probe made concrete for one set of field values: the values checked by the
// validator and completed with their defaults, the endpoint normalised into a base URL, the
// warnings that need no request (host hint, token shape and expiry), and the requests to
// send. A plan that must not be run carries its refusal instead (bad values, or a key that
// would travel over plain HTTP to another machine).
class ProbePlan
{
    Q_DECLARE_TR_FUNCTIONS(cm::ProbePlan)

public:
    struct Request
    {
        const ProbeRequestSpec* spec = nullptr;
        QByteArray method;
        QUrl url;
        QByteArray body; // JSON, empty for GET
    };

    static ProbePlan prepare(const ProviderSpec& provider, const FieldValues& values,
                             const QDateTime& now = QDateTime::currentDateTimeUtc());

    const ProviderSpec& provider() const { return m_provider; }
    // Set when the test must not run; the result to report instead.
    const std::optional<ConnectionTestResult>& refusal() const { return m_refusal; }
    const QUrl& base() const { return m_base; }
    const QStringList& warnings() const { return m_warnings; }

    // The probe's requests against `base` (the plan's own, or the retry's).
    QList<Request> requests(const QUrl& base) const;
    // `base` with the probe's not-found retry suffix added, or nullopt when there is no such
    // retry or the base already ends with it.
    std::optional<QUrl> retryBase(const QUrl& base) const;

    // The auth header and its value. The value is a secret: the caller wipes its copy.
    QByteArray authHeader() const { return m_provider.probe.authHeader; }
    QByteArray authValue() const;
    // The label of the field the base URL comes from ("Endpoint URL").
    QString endpointLabel() const;
    // The label of the field that holds the key ("API Key", "Token").
    QString secretLabel() const;
    // Every secret value, so messages from elsewhere can be checked for them.
    QStringList secrets() const;

    // `text` with {field} references (and {host}) filled in from the values; secrets never.
    QString fill(const QString& text, const QString& host = {}) const;

    // host[:port] for messages.
    static QString hostLabel(const QUrl& url);
    // Whether `url` may carry a key: HTTPS, or plain HTTP to this computer.
    static bool isSafeForSecrets(const QUrl& url);

private:
    QString value(const QString& key) const;
    // The warnings a token check gives without sending anything: not a JWT, expired, expiring.
    QStringList tokenWarnings(const ProbeSpec::TokenCheck& check, const QDateTime& now) const;
    QString expand(const QString& text, bool percentEncode) const;

    ProviderSpec m_provider; // a copy: a plan outlives the caller's registry if need be
    FieldValues m_values;
    QUrl m_base;
    QStringList m_warnings;
    std::optional<ConnectionTestResult> m_refusal;
};

} // namespace cm
