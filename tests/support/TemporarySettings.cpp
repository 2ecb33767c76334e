#include "support/TemporarySettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>

namespace cm::test {

QString useTemporarySettings(const QString& folder)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder);
    QCoreApplication::setOrganizationName(QStringLiteral("credential-manager"));
    QCoreApplication::setApplicationName(QStringLiteral("credential-manager"));
    // What the application's `QSettings settings;` opens: a file in the temporary folder.
    const QSettings settings;
    const QString settingsFile = QDir::fromNativeSeparators(settings.fileName());
    if (settings.format() == QSettings::IniFormat
        && settingsFile.startsWith(QDir::fromNativeSeparators(folder) + QLatin1Char('/')))
        return {};
    return QStringLiteral("QSettings would write %1").arg(settingsFile);
}

} // namespace cm::test
