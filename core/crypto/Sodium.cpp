#include "Sodium.h"

#include <sodium.h>

namespace cm {

bool ensureSodium()
{
    // A function-local static is initialised once, thread-safely (C++11 magic statics).
    static const bool initialised = sodium_init() >= 0;
    return initialised;
}

} // namespace cm
