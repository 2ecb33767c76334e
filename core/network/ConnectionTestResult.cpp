#include "ConnectionTestResult.h"

namespace cm {

QString ConnectionTestResult::statusName(Status status)
{
    switch (status) {
    case Status::Success:
        return QStringLiteral("success");
    case Status::AuthenticationRejected:
        return QStringLiteral("authentication_rejected");
    case Status::AccessDenied:
        return QStringLiteral("access_denied");
    case Status::NotFound:
        return QStringLiteral("not_found");
    case Status::RateLimited:
        return QStringLiteral("rate_limited");
    case Status::ProviderError:
        return QStringLiteral("provider_error");
    case Status::RequestRejected:
        return QStringLiteral("request_rejected");
    case Status::HostNotFound:
        return QStringLiteral("host_not_found");
    case Status::ConnectionRefused:
        return QStringLiteral("connection_refused");
    case Status::TlsError:
        return QStringLiteral("tls_error");
    case Status::Timeout:
        return QStringLiteral("timeout");
    case Status::NetworkError:
        return QStringLiteral("network_error");
    case Status::UnexpectedReply:
        return QStringLiteral("unexpected_reply");
    case Status::InsecureEndpoint:
        return QStringLiteral("insecure_endpoint");
    case Status::InvalidSettings:
        return QStringLiteral("invalid_settings");
    case Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace cm
