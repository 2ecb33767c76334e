#pragma once

#include "common/Error.h"
#include "crypto/MasterKey.h"

#include <QString>

#include <optional>

namespace cm {

// A place the master key can come from: the environment, later the OS keychain.
class KeySource
{
public:
    virtual ~KeySource() = default;

    enum class Kind
    {
        Environment,
        Keychain
    };

    // How the user would name this source in a sentence ("CREDENTIAL_ENCRYPTION_KEY").
    virtual QString name() const = 0;
    virtual Kind kind() const = 0;

    // The key for the store with this store_id and key_id (either empty for a store not yet
    // created or not yet written): nullopt when this source holds none, an error when what
    // it holds is unusable or the source cannot be reached.
    virtual Result<std::optional<MasterKey>> load(const QString& storeId, const QString& storeKeyId) = 0;
};

} // namespace cm
