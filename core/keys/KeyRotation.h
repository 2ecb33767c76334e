#pragma once

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "keys/KeyResolver.h"

#include <optional>

namespace cm {

class CredentialStore;

// The whole rotation protocol of SPEC section 4, for the command line and the application
// alike: when the OS keychain holds the store's key, the new key is stored there as pending
// first; then the store re-encrypts everything in one transaction; then the pending key is
// promoted. A crash at any instant leaves a store and keychain that open with one key.
class KeyRotation
{
public:
    struct Outcome
    {
        int credentials = 0; // how many were re-encrypted
        bool inKeychain = false; // the keychain held the old key and now holds the new one
        std::optional<Error> promotionProblem; // why the promotion must wait for the next read
    };

    // With `keepInKeychain`, the new key goes into the keychain even when the old one was not
    // there (the application does this, so a new key is never only on screen); an unavailable
    // keychain then refuses the rotation before anything changes.
    static Result<Outcome> rotate(CredentialStore& store, const ResolvedKey& current, const MasterKey& next,
                                  bool keepInKeychain = false);
};

} // namespace cm
