#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace cm {

// The outcome of a connection test (SPEC section 7): a result class, one sentence for the user
// that names the host and what to check, and what was learnt on the way.
struct ConnectionTestResult
{
    enum class Status
    {
        Success,
        AuthenticationRejected, // 401
        AccessDenied, // 403
        NotFound, // 404: wrong endpoint, API version or deployment
        RateLimited, // 429: the key is probably valid
        ProviderError, // 5xx: could not verify, try later
        RequestRejected, // another 4xx, such as a deployment that cannot create embeddings
        HostNotFound,
        ConnectionRefused,
        TlsError,
        Timeout,
        NetworkError, // any other failure to talk to the host (a proxy, a dropped connection)
        UnexpectedReply, // an answer that is not the provider's API
        InsecureEndpoint, // refused before sending: the key would travel unencrypted
        InvalidSettings, // refused before sending: the values break the field rules
        Cancelled,
    };

    Status status = Status::NetworkError;
    QString message; // one sentence for the user; never a secret
    QStringList details; // on success: what the provider told, such as the model count
    QStringList warnings; // worth knowing either way, such as a token that expires soon
    QString host; // host[:port] the sentence is about
    int httpStatus = 0; // 0 when no HTTP answer came
    QString providerCode; // from an {"error":{"code","message"}} body
    QString providerMessage;
    std::optional<int> modelCount;
    std::optional<int> embeddingDimension;
    std::optional<int> retryAfterSeconds;
    QString suggestedEndpoint; // an endpoint that works where the one given did not

    bool ok() const { return status == Status::Success; }
    // A stable lower-case name for the status ("authentication_rejected"), for JSON and logs.
    static QString statusName(Status status);
};

} // namespace cm
