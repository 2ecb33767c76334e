#include "support/StoreFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace cm::test {

Snapshot snapshotOf(const QString& storePath)
{
    Snapshot files;
    const QFileInfo info(storePath);
    const QFileInfoList entries = info.absoluteDir().entryInfoList({ info.fileName() + QLatin1Char('*') },
                                                                   QDir::Files | QDir::Hidden | QDir::System);
    for (const QFileInfo& entry : entries) {
        QFile file(entry.absoluteFilePath());
        files.insert(entry.fileName(), file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>"));
    }
    return files;
}

QByteArray snapshotDifference(const Snapshot& before, const Snapshot& after)
{
    QStringList names = before.keys() + after.keys();
    names.removeDuplicates();
    names.sort();
    QStringList differing;
    for (const QString& name : std::as_const(names)) {
        if (before.contains(name) != after.contains(name) || before.value(name) != after.value(name))
            differing.append(name);
    }
    return differing.join(QStringLiteral(", ")).toUtf8();
}

QString storeChanges(const Snapshot& before, const QString& storePath)
{
    const Snapshot after = snapshotOf(storePath);
    if (after.keys() != before.keys())
        return QStringLiteral("the store's files changed from [%1] to [%2]")
            .arg(before.keys().join(QStringLiteral(", ")), after.keys().join(QStringLiteral(", ")));
    const QByteArray differing = snapshotDifference(before, after);
    return differing.isEmpty() ? QString()
                               : QStringLiteral("the bytes of %1 changed").arg(QString::fromUtf8(differing));
}

int permissionBits(const QString& path)
{
#ifdef Q_OS_UNIX
    struct stat info;
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
#else
    Q_UNUSED(path)
    return -1;
#endif
}

QString modeOf(const QString& path)
{
#ifdef Q_OS_UNIX
    const int bits = permissionBits(path);
    return bits < 0 ? QStringLiteral("<missing>") : QString::number(bits, 8);
#else
    Q_UNUSED(path)
    return QStringLiteral("<unknown>");
#endif
}

} // namespace cm::test
