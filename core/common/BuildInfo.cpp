#include "BuildInfo.h"

#include <QCoreApplication>

#include <sodium.h>

namespace cm {

QString BuildInfo::version()
{
    return QStringLiteral(CM_VERSION);
}

QString BuildInfo::licence()
{
    return QStringLiteral("Apache-2.0");
}

QList<QPair<QString, QString>> BuildInfo::components()
{
    QString qt = QString::fromLatin1(qVersion());
    if (qt != QLatin1String(QT_VERSION_STR))
        qt = QCoreApplication::translate("cm::BuildInfo", "%1 (built with %2)").arg(qt, QLatin1String(QT_VERSION_STR));
    return {
        { QStringLiteral("Qt"), qt },
        { QStringLiteral("libsodium"), QString::fromLatin1(sodium_version_string()) },
        // QtKeychain has no run-time version call; this is the version the build found.
        { QStringLiteral("QtKeychain"), QStringLiteral(CM_QTKEYCHAIN_VERSION) },
    };
}

} // namespace cm
