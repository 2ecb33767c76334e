#include "JwtToken.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace cm {

namespace {

std::optional<QJsonObject> decodePart(QStringView part)
{
    if (part.isEmpty())
        return std::nullopt;
    const QByteArray::FromBase64Result decoded = QByteArray::fromBase64Encoding(
        part.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

JwtToken JwtToken::inspect(const QString& token)
{
    JwtToken result;
    const QList<QStringView> parts = QStringView(token).split(QLatin1Char('.'));
    // Every JWT header is a JSON object starting with {" , which base64url turns into "eyJ".
    if (parts.size() != 3 || !parts.at(0).startsWith(QLatin1String("eyJ")) || parts.at(2).isEmpty())
        return result;
    for (const QChar c : token) {
        if (c.unicode() > 0x7f)
            return result;
    }
    const std::optional<QJsonObject> header = decodePart(parts.at(0));
    const std::optional<QJsonObject> payload = decodePart(parts.at(1));
    if (!header || !payload)
        return result;
    result.wellFormed = true;
    const QJsonValue exp = payload->value(QLatin1String("exp"));
    // A number of seconds since 1970; anything else (or absurd) means no usable expiry.
    if (exp.isDouble() && exp.toDouble() > 0 && exp.toDouble() < 253402300800.0)
        result.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC);
    return result;
}

} // namespace cm
