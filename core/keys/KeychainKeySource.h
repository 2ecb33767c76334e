#pragma once

#include "keys/KeySource.h"

namespace cm {

// The store key kept in the OS keychain under the store's store_id. During a rotation the
// new key waits under "<store_id>.next" until the store has committed; a later load whose
// main entry no longer matches the store promotes the pending one, so an interrupted
// rotation never strands the keychain on the old key.
class KeychainKeySource : public KeySource
{
public:
    QString name() const override;
    Kind kind() const override { return Kind::Keychain; }
    Result<std::optional<MasterKey>> load(const QString& storeId, const QString& storeKeyId) override;

    static QString pendingEntry(const QString& storeId);
    static Result<void> save(const QString& storeId, const MasterKey& key);
    static Result<void> savePending(const QString& storeId, const MasterKey& key);
    // Makes the pending key the store's key and removes the pending entry.
    static Result<void> promotePending(const QString& storeId);
    // Removes the store's key and any pending key.
    static Result<void> forget(const QString& storeId);
};

} // namespace cm
