#include "KeyRotation.h"

#include "keys/Keychain.h"
#include "keys/KeychainKeySource.h"
#include "store/CredentialStore.h"

namespace cm {

Result<KeyRotation::Outcome> KeyRotation::rotate(CredentialStore& store, const ResolvedKey& current,
                                                 const MasterKey& next, bool keepInKeychain)
{
    const QString storeId = store.storeId();
    Outcome outcome;
    // A key given in the environment may be kept in the keychain too: that copy moves as well.
    outcome.inKeychain = keepInKeychain || current.kind == KeySource::Kind::Keychain;
    if (!outcome.inKeychain) {
        Result<std::optional<SecureBuffer>> held = Keychain::readBlocking(storeId);
        // No keychain at all means no copy to move; any other failure stops before a change.
        if (!held && held.error().code != ErrorCode::KeychainUnavailable)
            return held.error();
        outcome.inKeychain = held && held.value();
    }
    if (outcome.inKeychain) {
        if (Result<void> pending = KeychainKeySource::savePending(storeId, next); !pending)
            return pending.error();
    }
    Result<int> rotated = store.rotateKey(current.key, next);
    if (!rotated) {
        if (outcome.inKeychain)
            (void)Keychain::removeBlocking(KeychainKeySource::pendingEntry(storeId));
        return rotated.error();
    }
    outcome.credentials = rotated.value();
    if (outcome.inKeychain) {
        // Should this fail, the next resolution promotes the pending key itself.
        if (Result<void> promoted = KeychainKeySource::promotePending(storeId); !promoted)
            outcome.promotionProblem = promoted.error();
    }
    return outcome;
}

} // namespace cm
