// libFuzzer target: the CREDENTIAL_ENCRYPTION_KEY parser. Any bytes are refused with a
// sentence or give a key; a key's hex form parses back to the same key.
#include "crypto/MasterKey.h"

#include <cstdint>
#include <cstdlib>

using namespace cm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const Result<MasterKey> key = MasterKey::parse(QByteArrayView(reinterpret_cast<const char*>(data), qsizetype(size)),
                                                   QStringLiteral("fuzz"));
    if (!key) {
        if (key.error().message.isEmpty())
            std::abort(); // a refusal always says why
        return 0;
    }
    const SecureBuffer hex = key->toHexLine();
    const Result<MasterKey> again = MasterKey::parse(hex.view(), QStringLiteral("fuzz"));
    if (!again || again->keyId() != key->keyId())
        std::abort();
    return 0;
}
