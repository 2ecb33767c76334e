#include "ExitCode.h"

namespace cm {

ExitCode exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Usage:
        return ExitUsage;
    case ErrorCode::KeyMissing:
    case ErrorCode::KeyMalformed:
    case ErrorCode::KeyWrong:
    case ErrorCode::KeychainUnavailable:
    case ErrorCode::WrongPassphrase:
        return ExitKey;
    case ErrorCode::NotFound:
        return ExitNotFound;
    case ErrorCode::Validation:
        return ExitValidation;
    case ErrorCode::Conflict:
    case ErrorCode::NameTaken:
        return ExitConflict;
    case ErrorCode::Corrupt:
    case ErrorCode::Io:
    case ErrorCode::PasswordNeeded:
        return ExitCorrupt;
    case ErrorCode::Busy:
        return ExitBusy;
    }
    return ExitUsage;
}

} // namespace cm
