// libFuzzer target: the provider reply classifier. Any status, headers and body give a result
// with a sentence, and the key never appears in any of its texts, also when the provider echoes
// it back (the harness puts the key wherever the input says "$KEY").
#include "network/ProbePlan.h"
#include "network/ReplyClassifier.h"
#include "registry/ProviderRegistry.h"
#include "store/FieldValues.h"

#include <cstdint>
#include <cstdlib>

using namespace cm;

namespace {

const QString Key = QStringLiteral("sk-fuzz-3f9c2a7d1e8b4c6a9f0e2d4b6c8a1e3f");

struct Probe
{
    ProbePlan plan;
    ProbePlan::Request request;
};

Probe makeProbe(const QString& providerId, const FieldValues& values)
{
    const ProviderSpec* provider = ProviderRegistry::builtin().provider(providerId);
    if (!provider)
        std::abort();
    Probe probe { ProbePlan::prepare(*provider, values), {} };
    if (probe.plan.refusal())
        std::abort();
    probe.request = probe.plan.requests(probe.plan.base()).constFirst();
    return probe;
}

bool leaks(const QString& text)
{
    return text.contains(Key) || text.contains(QString::fromLatin1(QUrl::toPercentEncoding(Key)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const Probe probes[] = {
        makeProbe(QStringLiteral("mistral"), FieldValues { { QStringLiteral("api_key"), Key } }),
        makeProbe(QStringLiteral("custom"),
                  FieldValues { { QStringLiteral("endpoint"), QStringLiteral("https://llm.example.com:8443/v1") },
                                { QStringLiteral("api_key"), Key } }),
    };
    static const QNetworkReply::NetworkError errors[] = {
        QNetworkReply::NoError,
        QNetworkReply::ConnectionRefusedError,
        QNetworkReply::HostNotFoundError,
        QNetworkReply::TimeoutError,
        QNetworkReply::SslHandshakeFailedError,
        QNetworkReply::ProxyConnectionRefusedError,
        QNetworkReply::ContentNotFoundError,
        QNetworkReply::AuthenticationRequiredError,
        QNetworkReply::UnknownServerError,
    };
    if (size < 5)
        return 0;
    const Probe& probe = probes[data[0] % 2];
    ProbeReply reply;
    reply.httpStatus = ((int(data[1]) << 8) | data[2]) % 600;
    reply.error = errors[data[3] % (sizeof errors / sizeof errors[0])];
    reply.abort = static_cast<ProbeReply::Abort>(data[4] % 5);
    reply.errorString = QStringLiteral("fuzz error");
    QByteArray rest(reinterpret_cast<const char*>(data + 5), qsizetype(size - 5));
    rest.replace("$KEY", Key.toUtf8());
    const qsizetype split = rest.indexOf('\n');
    reply.retryAfter = split < 0 ? QByteArray() : rest.left(split);
    reply.body = split < 0 ? rest : rest.mid(split + 1);

    const QDateTime now(QDate(2026, 11, 27), QTime(12, 0), Qt::UTC);
    const ConnectionTestResult result
        = ReplyClassifier::classify(reply, probe.plan, probe.request, ReplyClassifier::Timeouts {}, now);
    if (result.message.isEmpty())
        std::abort();
    QStringList texts { result.message, result.host, result.providerCode, result.providerMessage,
                        result.suggestedEndpoint };
    texts << result.details << result.warnings;
    for (const QString& text : std::as_const(texts)) {
        if (leaks(text))
            std::abort();
    }
    return 0;
}
