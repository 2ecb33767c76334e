#include "PayloadCipher.h"

#include <QCoreApplication>

#include <algorithm>

#include <sodium.h>

namespace cm {

namespace {
constexpr std::size_t NonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t TagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t HeaderSize = 1 + NonceSize;

Error decryptionFailed()
{
    return makeError(ErrorCode::Corrupt,
                     QCoreApplication::translate("cm::PayloadCipher", "The encrypted values could not be decrypted."));
}

bool wellFormed(QByteArrayView payload)
{
    return std::size_t(payload.size()) >= HeaderSize + TagSize
        && static_cast<unsigned char>(payload[0]) == PayloadCipher::Version;
}

// The plaintext of a well-formed payload is at most this long.
std::size_t plaintextCapacity(QByteArrayView payload)
{
    return std::size_t(payload.size()) - HeaderSize - TagSize;
}

QByteArray encryptBytes(const MasterKey& key, const QByteArray& ad, const unsigned char* plaintext, std::size_t size)
{
    QByteArray payload(qsizetype(HeaderSize + size + TagSize), Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(payload.data());
    out[0] = PayloadCipher::Version;
    randombytes_buf(out + 1, NonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + HeaderSize, &written, plaintext, size,
                                               reinterpret_cast<const unsigned char*>(ad.constData()),
                                               std::size_t(ad.size()), nullptr, out + 1, key.bytes());
    payload.truncate(qsizetype(HeaderSize + written));
    return payload;
}

// Decrypts a well-formed payload into `out`, which holds at least plaintextCapacity() bytes.
bool decryptInto(const MasterKey& key, const QByteArray& ad, QByteArrayView payload, SecureBuffer& out,
                 std::size_t* written)
{
    const auto* in = reinterpret_cast<const unsigned char*>(payload.data());
    // The output pointer must be valid even for an empty plaintext.
    unsigned char empty = 0;
    unsigned long long length = 0;
    const bool ok
        = crypto_aead_xchacha20poly1305_ietf_decrypt(out.isEmpty() ? &empty : out.data(), &length, nullptr,
                                                     in + HeaderSize, std::size_t(payload.size()) - HeaderSize,
                                                     reinterpret_cast<const unsigned char*>(ad.constData()),
                                                     std::size_t(ad.size()), in + 1, key.bytes())
        == 0;
    *written = ok ? std::size_t(length) : 0;
    return ok;
}
} // namespace

QByteArray PayloadCipher::additionalData(const QString& id, const QString& provider)
{
    return QStringLiteral("credential:v1:%1:%2").arg(id, provider).toUtf8();
}

QByteArray PayloadCipher::encrypt(const MasterKey& key, const QString& id, const QString& provider,
                                  const SecureBuffer& plaintext)
{
    return encryptBytes(key, additionalData(id, provider), plaintext.data(), plaintext.size());
}

Result<SecureBuffer> PayloadCipher::decrypt(const MasterKey& key, const QString& id, const QString& provider,
                                            QByteArrayView payload)
{
    if (!wellFormed(payload))
        return decryptionFailed();
    SecureBuffer plaintext(plaintextCapacity(payload));
    std::size_t written = 0;
    if (!decryptInto(key, additionalData(id, provider), payload, plaintext, &written))
        return decryptionFailed();
    plaintext.truncate(written);
    return plaintext;
}

Result<QByteArray> PayloadCipher::reencrypt(const MasterKey& current, const MasterKey& next, const QString& id,
                                            const QString& provider, QByteArrayView payload, SecureBuffer& scratch)
{
    if (!wellFormed(payload))
        return decryptionFailed();
    if (scratch.size() < plaintextCapacity(payload)) {
        scratch = SecureBuffer(std::max<std::size_t>(plaintextCapacity(payload), 4096));
        sodium_memzero(scratch.data(), scratch.size()); // all zero between rows, from the start
    }
    const QByteArray ad = additionalData(id, provider);
    std::size_t written = 0;
    if (!decryptInto(current, ad, payload, scratch, &written)) {
        sodium_memzero(scratch.data(), scratch.size());
        return decryptionFailed();
    }
    QByteArray reencrypted = encryptBytes(next, ad, scratch.data(), written);
    sodium_memzero(scratch.data(), written);
    return reencrypted;
}

} // namespace cm
