#pragma once

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"

#include <QByteArray>
#include <QString>

namespace cm {

// The one place that encrypts and decrypts credential payloads (docs/storage-format.md):
// payload = 0x01 || nonce (24 bytes) || XChaCha20-Poly1305-IETF(plaintext), with the
// additional data "credential:v1:<id>:<provider>" binding the payload to its row.
class PayloadCipher
{
public:
    static constexpr unsigned char Version = 0x01;

    static QByteArray additionalData(const QString& id, const QString& provider);
    static QByteArray encrypt(const MasterKey& key, const QString& id, const QString& provider,
                              const SecureBuffer& plaintext);
    // Fails (ErrorCode::Corrupt) when the payload was modified, belongs to another row or
    // key, or has an unknown version byte.
    static Result<SecureBuffer> decrypt(const MasterKey& key, const QString& id, const QString& provider,
                                        QByteArrayView payload);
    // decrypt() with `current`, then encrypt() with `next`, for key rotation. The plaintext
    // passes through `scratch`, which grows when too small and is wiped after each use, so
    // rotating many rows costs no secure allocation (and its system calls) per row.
    static Result<QByteArray> reencrypt(const MasterKey& current, const MasterKey& next, const QString& id,
                                        const QString& provider, QByteArrayView payload, SecureBuffer& scratch);
};

} // namespace cm
