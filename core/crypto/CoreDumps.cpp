#include "CoreDumps.h"

#include <QtGlobal>

#if defined(Q_OS_WIN)
#include <windows.h>
#else
#include <sys/resource.h>
#endif
#if defined(Q_OS_LINUX)
#include <sys/prctl.h>
#endif

namespace cm {

bool disableCoreDumps()
{
#if defined(Q_OS_WIN)
    // Windows writes no dump of a crashed process by itself (only when an administrator has
    // configured Windows Error Reporting's LocalDumps, which stays their choice); this keeps
    // the crash dialog, and the report it offers to send, away.
    SetErrorMode(SetErrorMode(0) | SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    return true;
#else
    bool ok = true;
    const rlimit none { 0, 0 };
    ok = setrlimit(RLIMIT_CORE, &none) == 0 && ok;
#if defined(Q_OS_LINUX)
    // Also covers a core_pattern that pipes to a crash handler (which ignores RLIMIT_CORE),
    // and keeps other processes of the same user from reading this one's memory via ptrace.
    ok = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && ok;
#endif
    return ok;
#endif
}

} // namespace cm
