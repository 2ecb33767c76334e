// libFuzzer target: providers.json. Any bytes are refused with a sentence or give a registry
// whose every provider and field can be read.
#include "registry/ProviderRegistry.h"

#include <cstdint>
#include <cstdlib>

using namespace cm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const Result<ProviderRegistry> registry
        = ProviderRegistry::fromJson(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    if (!registry) {
        if (registry.error().message.isEmpty())
            std::abort();
        return 0;
    }
    for (const ProviderSpec& provider : registry->providers()) {
        if (provider.id.isEmpty() || registry->provider(provider.id) == nullptr)
            std::abort();
        for (const FieldSpec& field : provider.fields) {
            if (field.key.isEmpty())
                std::abort();
        }
    }
    return 0;
}
