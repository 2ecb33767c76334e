#include "PayloadCipher.h"

#include <QCoreApplication>

#include <sodium.h>

namespace cm {

namespace {
constexpr std::size_t NonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t TagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t HeaderSize = 1 + NonceSize;
} // namespace

QByteArray PayloadCipher::additionalData(const QString& id, const QString& provider)
{
    return QStringLiteral("credential:v1:%1:%2").arg(id, provider).toUtf8();
}

QByteArray PayloadCipher::encrypt(const MasterKey& key, const QString& id, const QString& provider,
                                  const SecureBuffer& plaintext)
{
    const QByteArray ad = additionalData(id, provider);
    QByteArray payload(qsizetype(HeaderSize + plaintext.size() + TagSize), Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(payload.data());
    out[0] = Version;
    randombytes_buf(out + 1, NonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + HeaderSize, &written, plaintext.data(), plaintext.size(),
                                               reinterpret_cast<const unsigned char*>(ad.constData()),
                                               std::size_t(ad.size()), nullptr, out + 1, key.bytes());
    payload.truncate(qsizetype(HeaderSize + written));
    return payload;
}

Result<SecureBuffer> PayloadCipher::decrypt(const MasterKey& key, const QString& id, const QString& provider,
                                            QByteArrayView payload)
{
    const auto failed = [] {
        return makeError(
            ErrorCode::Corrupt,
            QCoreApplication::translate("cm::PayloadCipher", "The encrypted values could not be decrypted."));
    };
    if (std::size_t(payload.size()) < HeaderSize + TagSize || static_cast<unsigned char>(payload[0]) != Version)
        return failed();
    const auto* in = reinterpret_cast<const unsigned char*>(payload.data());
    const std::size_t cipherSize = std::size_t(payload.size()) - HeaderSize;
    SecureBuffer plaintext(cipherSize - TagSize);
    const QByteArray ad = additionalData(id, provider);
    unsigned long long written = 0;
    // The output pointer must be valid even for an empty plaintext.
    unsigned char empty = 0;
    unsigned char* out = plaintext.isEmpty() ? &empty : plaintext.data();
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &written, nullptr, in + HeaderSize, cipherSize,
                                                   reinterpret_cast<const unsigned char*>(ad.constData()),
                                                   std::size_t(ad.size()), in + 1, key.bytes())
        != 0)
        return failed();
    plaintext.truncate(std::size_t(written));
    return plaintext;
}

} // namespace cm
