#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace cm {

// What can be told about a JSON Web Token without its signing key: whether it has the shape
// of one (three base64url parts, the first two JSON objects) and when it expires (the "exp"
// claim). The signature is not checked; this only warns before a request is sent.
struct JwtToken
{
    bool wellFormed = false;
    std::optional<QDateTime> expiresAt; // UTC

    static JwtToken inspect(const QString& token);
};

} // namespace cm
