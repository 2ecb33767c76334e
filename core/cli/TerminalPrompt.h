#pragma once

#include "common/Error.h"
#include "crypto/SecureBuffer.h"

#include <QString>

namespace cm {

// Asks for a secret (an export passphrase) on the controlling terminal with echo turned
// off. The answer goes straight into secure memory; standard input is never read, so a
// script cannot feed a passphrase by accident.
class TerminalPrompt
{
public:
    static constexpr std::size_t MaxLength = 1024;

    // Fails (ErrorCode::Usage) when there is no terminal to ask.
    static Result<SecureBuffer> readSecret(const QString& prompt);
};

} // namespace cm
