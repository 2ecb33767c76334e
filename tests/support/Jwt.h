#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace cm::test {

// Tokens shaped like the JWTs IONOS issues: the header {"alg":"RS256","typ":"JWT"}, a payload
// and a random signature, each base64url-encoded. Nothing checks the signature; the connection
// test reads only a token's shape and its "exp" claim. A token is new for every call, so it can
// be searched for like any other secret.
class Jwt
{
public:
    Jwt() = delete;

    // `bytes` in base64url without padding, the way JWT parts are written.
    static QString base64Url(const QByteArray& bytes);
    static QString make(const QJsonObject& payload);
    // A token whose "exp" claim is `expiry`.
    static QString expiringAt(const QDateTime& expiry);
    // A token that expires `seconds` from now (in the past when negative).
    static QString expiringIn(qint64 seconds);
    // The usual header and a signature around `payloadPart` exactly as given, for tokens that
    // are not well-formed.
    static QString withPayloadPart(const QString& payloadPart);
};

} // namespace cm::test
