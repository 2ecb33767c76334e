#include "support/Jwt.h"

#include "support/RandomValues.h"

#include <QJsonDocument>

namespace cm::test {

namespace {

QString part(const QJsonObject& object)
{
    return Jwt::base64Url(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString header()
{
    return part(QJsonObject { { QStringLiteral("alg"), QStringLiteral("RS256") },
                              { QStringLiteral("typ"), QStringLiteral("JWT") } });
}

} // namespace

QString Jwt::base64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString Jwt::make(const QJsonObject& payload)
{
    return withPayloadPart(part(payload));
}

QString Jwt::expiringAt(const QDateTime& expiry)
{
    return make(QJsonObject { { QStringLiteral("sub"), randomValue(QStringLiteral("user-")) },
                              { QStringLiteral("exp"), double(expiry.toSecsSinceEpoch()) } });
}

QString Jwt::expiringIn(qint64 seconds)
{
    return expiringAt(QDateTime::currentDateTimeUtc().addSecs(seconds));
}

QString Jwt::withPayloadPart(const QString& payloadPart)
{
    return header() + QLatin1Char('.') + payloadPart + QLatin1Char('.') + base64Url(randomBytes(32));
}

} // namespace cm::test
