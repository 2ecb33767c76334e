#pragma once

#include "common/Error.h"

namespace cm {

// The exit codes of credctl (docs/cli.md), one table for every command.
enum ExitCode : int
{
    ExitSuccess = 0,
    ExitUsage = 1,
    ExitKey = 2,
    ExitNotFound = 3,
    ExitValidation = 4,
    ExitConnection = 5,
    ExitConflict = 6,
    ExitCorrupt = 7,
    ExitBusy = 8,
};

ExitCode exitCodeFor(ErrorCode code);

} // namespace cm
