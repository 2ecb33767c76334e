#pragma once

#include "common/Error.h"
#include "crypto/SecureBuffer.h"
#include <QCoreApplication>

#include <QString>

#include <functional>
#include <optional>

namespace cm {

// The OS keychain (QtKeychain: Secret Service, macOS Keychain, Windows Credential Manager)
// for the store keys: service "credential-manager", one entry per store_id holding the 32
// key bytes. QtKeychain is asynchronous; the *Blocking helpers run a local event loop with a
// timeout for the command line. There is never a plaintext fallback: when no backend
// answers, the error says so (ErrorCode::KeychainUnavailable).
class Keychain
{
    Q_DECLARE_TR_FUNCTIONS(cm::Keychain)

public:
    static constexpr char Service[] = "credential-manager";
    static constexpr int DefaultTimeoutMs = 15000;

    using ReadCallback = std::function<void(Result<std::optional<SecureBuffer>>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    // nullopt when the keychain holds no such entry.
    static void read(const QString& entry, ReadCallback done);
    static void write(const QString& entry, const SecureBuffer& secret, DoneCallback done);
    // Removing an entry that does not exist succeeds.
    static void remove(const QString& entry, DoneCallback done);

    static Result<std::optional<SecureBuffer>> readBlocking(const QString& entry, int timeoutMs = DefaultTimeoutMs);
    static Result<void> writeBlocking(const QString& entry, const SecureBuffer& secret,
                                      int timeoutMs = DefaultTimeoutMs);
    static Result<void> removeBlocking(const QString& entry, int timeoutMs = DefaultTimeoutMs);

    static Error unavailableError(const QString& detail);
};

} // namespace cm
