// libFuzzer target: the JWT shape check of IONOS tokens. Any text is inspected without a
// crash; an expiry is only found in a well-formed token.
#include "network/JwtToken.h"

#include <cstdint>
#include <cstdlib>

using namespace cm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const JwtToken token = JwtToken::inspect(QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (token.expiresAt && (!token.wellFormed || !token.expiresAt->isValid()))
        std::abort();
    return 0;
}
