#include "support/RandomValues.h"

#include <QRandomGenerator>

namespace cm::test {

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char& byte : bytes)
        byte = char(QRandomGenerator::system()->bounded(256));
    return bytes;
}

QString makeSecret(const char* tag)
{
    return QStringLiteral("sk-%1-").arg(QLatin1String(tag)) + QString::fromLatin1(randomBytes(18).toHex());
}

QString randomValue(const QString& prefix)
{
    return prefix + QString::fromLatin1(randomBytes(16).toHex());
}

} // namespace cm::test
