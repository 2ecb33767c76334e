#include "Actor.h"

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>
#endif

namespace cm {

namespace {

QString lookUpActor()
{
#ifdef Q_OS_UNIX
    // getpwuid_r, not getpwuid: getpwuid's static result may be overwritten by a lookup on
    // another thread. The buffer grows until the entry fits.
    constexpr std::size_t KiB = 1024;
    std::vector<char> buffer(16 * KiB);
    passwd storage {};
    passwd* entry = nullptr;
    int error = 0;
    while ((error = getpwuid_r(geteuid(), &storage, buffer.data(), buffer.size(), &entry)) == ERANGE
           && buffer.size() < 1024 * KiB)
        buffer.resize(buffer.size() * 2);
    if (error == 0 && entry && entry->pw_name)
        return QString::fromLocal8Bit(entry->pw_name);
#endif
    for (const char* variable : { "USER", "USERNAME", "LOGNAME" }) {
        QString name = qEnvironmentVariable(variable);
        if (!name.isEmpty())
            return name;
    }
    return QStringLiteral("unknown");
}

} // namespace

QString currentActor()
{
    // Once per process: the user database is read from disk, and an import writes an audit
    // row per credential.
    static const QString actor = lookUpActor();
    return actor;
}

} // namespace cm
