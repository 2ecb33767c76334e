#pragma once

#include "network/ConnectionTestResult.h"
#include "network/ProbePlan.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QNetworkReply>

namespace cm {

// What came back for one probe request, copied out of the QNetworkReply so the classifier is
// a pure function of data (and can be fed anything by tests and fuzzers).
struct ProbeReply
{
    enum class Abort
    {
        None,
        ConnectTimeout, // the connection (and TLS handshake) took too long
        TotalTimeout, // the whole test took too long
        Cancelled,
        TooLarge, // the answer grew past what any model list needs
    };

    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString; // Qt's description of `error`
    int httpStatus = 0; // 0 when no HTTP answer came
    QByteArray body;
    QByteArray retryAfter; // the Retry-After header
    QStringList sslErrors; // descriptions of the certificate problems, if any
    QString proxy; // host:port of the proxy the request went through; empty when direct
    Abort abort = Abort::None;
};

// The one place that turns a reply into a result class of SPEC section 7, with the sentence
// the user reads: it names the host and what to check, shows the provider's own error message
// (never a secret), and does not blame the key for a rate limit or a provider outage.
class ReplyClassifier
{
    Q_DECLARE_TR_FUNCTIONS(cm::ReplyClassifier)

public:
    struct Timeouts
    {
        int connectSeconds = 10;
        int totalSeconds = 20;
    };

    static ConnectionTestResult classify(const ProbeReply& reply, const ProbePlan& plan,
                                         const ProbePlan::Request& request, const Timeouts& timeouts,
                                         const QDateTime& now = QDateTime::currentDateTimeUtc());

    static ConnectionTestResult cancelled();

    // Every text of `result` with any of `secrets` (also percent-encoded) masked: a server can
    // put the key anywhere, for example into a redirect's Location.
    static void mask(ConnectionTestResult& result, const QStringList& secrets);
    static QString masked(QString text, const QStringList& secrets);

    // The provider's message and code from an error body, cleaned for display: control
    // characters dropped, length capped, and any of `secrets` masked.
    static std::pair<QString, QString> providerError(const QByteArray& body, const QStringList& secrets);
    // Seconds from a Retry-After value (delay-seconds or an HTTP date), if it is one.
    static std::optional<int> retryAfterSeconds(const QByteArray& value, const QDateTime& now);
};

} // namespace cm
