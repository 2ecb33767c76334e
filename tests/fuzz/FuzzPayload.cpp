// libFuzzer target: stored payloads. Any bytes as a payload are refused, unless they are a
// payload written under the key (a seed is; forging one would mean forging the tag), and then
// decrypting and re-encrypting agree. Any bytes as the decrypted JSON either give field values
// that survive a round trip or are refused.
#include "crypto/MasterKey.h"
#include "crypto/PayloadCipher.h"
#include "crypto/SecureBuffer.h"
#include "store/FieldValues.h"

#include <cstdint>
#include <cstdlib>

using namespace cm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const MasterKey key = [] {
        Result<MasterKey> parsed = MasterKey::parse(
            QByteArrayView("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), QStringLiteral("fuzz"));
        if (!parsed)
            std::abort();
        return std::move(parsed).value();
    }();
    const QByteArrayView bytes(reinterpret_cast<const char*>(data), qsizetype(size));

    const QString id = QStringLiteral("id");
    const QString provider = QStringLiteral("mistral");
    const Result<SecureBuffer> opened = PayloadCipher::decrypt(key, id, provider, bytes);
    SecureBuffer scratch;
    const Result<QByteArray> moved = PayloadCipher::reencrypt(key, key, id, provider, bytes, scratch);
    if (opened.ok() != moved.ok())
        std::abort();
    if (opened) {
        const Result<SecureBuffer> again = PayloadCipher::decrypt(key, id, provider, moved.value());
        if (!again || again->view() != opened->view())
            std::abort();
    }

    const std::optional<FieldValues> fields = FieldValues::fromJson(SecureBuffer::copyOf(bytes));
    if (fields) {
        const std::optional<FieldValues> again = FieldValues::fromJson(fields->toJson());
        if (!again || !(*again == *fields))
            std::abort();
    }
    return 0;
}
