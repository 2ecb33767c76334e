#include "MasterKey.h"

#include "Sodium.h"

#include <QCoreApplication>

#include <sodium.h>

#include <cstring>

namespace cm {

namespace {

constexpr std::size_t Base64Length = 44; // 32 bytes in standard base64 with padding
constexpr char KeyIdMessage[] = "credential-store key id v1";
constexpr std::size_t KeyIdBytes = 16;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Error malformed(const QString& source)
{
    return makeError(
        ErrorCode::KeyMalformed,
        QCoreApplication::translate(
            "cm::MasterKey",
            "The encryption key in %1 is not valid: expected 64 hexadecimal characters or 44 characters of "
            "base64 (32 bytes); generate a new key with \"credctl key generate\".")
            .arg(source));
}

} // namespace

MasterKey::MasterKey(SecureBuffer bytes)
    : m_bytes(std::move(bytes))
{ }

Result<MasterKey> MasterKey::parse(QByteArrayView text, const QString& source)
{
    if (!ensureSodium())
        return makeError(ErrorCode::Io,
                         QCoreApplication::translate("cm::MasterKey", "libsodium could not be initialised."));
    const char* begin = text.data();
    const char* end = begin + text.size();
    while (begin < end && isSpace(*begin))
        ++begin;
    while (end > begin && isSpace(end[-1]))
        --end;
    const std::size_t length = std::size_t(end - begin);

    SecureBuffer key(Size);
    std::size_t decoded = 0;
    const char* parsedEnd = nullptr;
    int rc = -1;
    if (length == HexLength) {
        rc = sodium_hex2bin(key.data(), Size, begin, length, nullptr, &decoded, &parsedEnd);
    } else if (length == Base64Length) {
        rc = sodium_base642bin(key.data(), Size, begin, length, nullptr, &decoded, &parsedEnd,
                               sodium_base64_VARIANT_ORIGINAL);
    }
    if (rc != 0 || decoded != Size || parsedEnd != end)
        return malformed(source);
    return MasterKey(std::move(key));
}

MasterKey MasterKey::generate()
{
    ensureSodium();
    SecureBuffer key(Size);
    randombytes_buf(key.data(), Size);
    return MasterKey(std::move(key));
}

Result<MasterKey> MasterKey::fromBytes(SecureBuffer bytes)
{
    if (bytes.size() != Size)
        return makeError(ErrorCode::KeyMalformed,
                         QCoreApplication::translate("cm::MasterKey", "A master key has exactly 32 bytes."));
    return MasterKey(std::move(bytes));
}

QString MasterKey::keyId() const
{
    unsigned char id[KeyIdBytes];
    crypto_generichash(id, sizeof id, reinterpret_cast<const unsigned char*>(KeyIdMessage), sizeof KeyIdMessage - 1,
                       m_bytes.data(), Size);
    char hex[2 * KeyIdBytes + 1];
    sodium_bin2hex(hex, sizeof hex, id, sizeof id);
    return QString::fromLatin1(hex);
}

SecureBuffer MasterKey::toHexLine() const
{
    SecureBuffer line(HexLength + 2); // hex digits, '\n', and the terminator sodium_bin2hex writes
    sodium_bin2hex(reinterpret_cast<char*>(line.data()), HexLength + 1, m_bytes.data(), Size);
    line.data()[HexLength] = '\n';
    line.truncate(HexLength + 1);
    return line;
}

} // namespace cm
