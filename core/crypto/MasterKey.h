#pragma once

#include "common/Error.h"
#include "crypto/SecureBuffer.h"

#include <QByteArrayView>
#include <QString>

namespace cm {

// The store's 32-byte master key, held in libsodium secure memory. Moves, never copies;
// wiped when released. Its text form (64 hex characters or 44 characters of standard
// base64) is only ever parsed from, or written to, secure memory.
class MasterKey
{
public:
    static constexpr std::size_t Size = 32;
    static constexpr std::size_t HexLength = 2 * Size; // the text form's length in hex

    // Parses the text form; surrounding white space is ignored. `source` names where the
    // text came from (e.g. "CREDENTIAL_ENCRYPTION_KEY") for the error sentence.
    static Result<MasterKey> parse(QByteArrayView text, const QString& source);
    static MasterKey generate();
    // The key from its raw bytes (e.g. from the OS keychain); fails unless exactly 32.
    static Result<MasterKey> fromBytes(SecureBuffer bytes);

    MasterKey(MasterKey&&) noexcept = default;
    MasterKey& operator=(MasterKey&&) noexcept = default;

    const unsigned char* bytes() const { return m_bytes.data(); }
    QByteArrayView view() const { return m_bytes.view(); }

    // Lowercase hex of BLAKE2b-128("credential-store key id v1", key = master key).
    QString keyId() const;

    // The 64 hex characters plus a trailing newline, in secure memory (for `key generate`).
    SecureBuffer toHexLine() const;

private:
    explicit MasterKey(SecureBuffer bytes);
    SecureBuffer m_bytes;
};

} // namespace cm
