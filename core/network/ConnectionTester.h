#pragma once

#include "network/ConnectionTestResult.h"
#include "network/ProbePlan.h"
#include "network/ReplyClassifier.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace cm {

// Runs a provider's connection test (SPEC section 7) with QNetworkAccessManager: the requests
// of its probe in order, through the system proxy, within a connect and a total timeout, and
// cancellable. Redirects are followed by hand, and only within the endpoint's own scheme,
// host and port, so the key never reaches another host or travels without TLS. finished()
// comes exactly once per start(), always from the event loop.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int connectTimeoutMs = 10000; // to connect (and finish the TLS handshake), per request
        int totalTimeoutMs = 20000; // for the whole test
    };

    explicit ConnectionTester(QObject* parent = nullptr);
    ~ConnectionTester() override;

    void setOptions(const Options& options) { m_options = options; }
    const Options& options() const { return m_options; }

    // Tests `values` (as typed: they are validated and completed with defaults first).
    void start(const ProviderSpec& provider, const FieldValues& values);
    void cancel();
    bool isRunning() const { return m_running; }

    // Runs a test to the end in a local event loop (for the command line).
    static ConnectionTestResult run(const ProviderSpec& provider, const FieldValues& values, const Options& options);

Q_SIGNALS:
    // What is happening, for a progress line: "Connecting to api.mistral.ai...".
    void progress(const QString& step);
    void finished(const cm::ConnectionTestResult& result);

private:
    void startRequest(const ProbePlan::Request& request);
    void onReplyFinished();
    void followRedirect(const QUrl& target, int status);
    void onRequestDone(const ConnectionTestResult& result);
    QString suggestion() const;
    void abortCurrent(ProbeReply::Abort reason);
    void finish(ConnectionTestResult result);
    ReplyClassifier::Timeouts timeouts() const;

    Options m_options;
    std::unique_ptr<QNetworkAccessManager> m_network;
    class SystemProxy;
    SystemProxy* m_proxies = nullptr; // owned by m_network
    std::unique_ptr<ProbePlan> m_plan;
    QList<ProbePlan::Request> m_requests;
    int m_index = 0; // the request of m_requests under way
    ProbePlan::Request m_current; // that request, after any redirects
    QUrl m_base; // the base the requests were built on (changes on the not-found retry)
    std::optional<ConnectionTestResult> m_firstNotFound; // set while the retry runs
    int m_redirects = 0;
    bool m_running = false;
    ProbeReply::Abort m_abort = ProbeReply::Abort::None;
    QPointer<QNetworkReply> m_reply;
    QStringList m_sslErrors;
    QTimer m_connectTimer;
    QTimer m_totalTimer;
    ConnectionTestResult m_collected; // warnings and details gathered along the way
};

} // namespace cm
