#include "support/ResultChecks.h"

namespace cm::test {

QByteArray codeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Usage:
        return "Usage";
    case ErrorCode::KeyMissing:
        return "KeyMissing";
    case ErrorCode::KeyMalformed:
        return "KeyMalformed";
    case ErrorCode::KeyWrong:
        return "KeyWrong";
    case ErrorCode::KeychainUnavailable:
        return "KeychainUnavailable";
    case ErrorCode::WrongPassphrase:
        return "WrongPassphrase";
    case ErrorCode::NotFound:
        return "NotFound";
    case ErrorCode::Validation:
        return "Validation";
    case ErrorCode::Conflict:
        return "Conflict";
    case ErrorCode::NameTaken:
        return "NameTaken";
    case ErrorCode::Corrupt:
        return "Corrupt";
    case ErrorCode::Busy:
        return "Busy";
    case ErrorCode::Io:
        return "Io";
    case ErrorCode::PasswordNeeded:
        return "PasswordNeeded";
    }
    return "?";
}

} // namespace cm::test
