#pragma once

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "keys/KeySource.h"

#include <memory>
#include <vector>

namespace cm {

// A key and where it came from ("CREDENTIAL_ENCRYPTION_KEY", "the system keychain").
struct ResolvedKey
{
    MasterKey key;
    QString origin;
    KeySource::Kind kind = KeySource::Kind::Environment;
};

// The one place that decides which master key a store is opened with: the sources in
// order (the environment first), and the check against the store's key id.
class KeyResolver
{
public:
    explicit KeyResolver(std::vector<std::unique_ptr<KeySource>> sources);
    // The sources of SPEC section 4 in their order: CREDENTIAL_ENCRYPTION_KEY, then the
    // OS keychain.
    static KeyResolver standard();

    // storeKeyId is empty for a store that has no key yet (new or never written).
    // Errors: KeyMissing, KeyMalformed, KeyWrong, each with its guidance. An unreachable
    // keychain counts as holding no key, and the missing-key sentence says it was unreachable.
    Result<ResolvedKey> resolve(const QString& storeId, const QString& storeKeyId);

    static Error missingKeyError(const QString& keychainProblem = QString());
    static Error wrongKeyError(const QString& origin, const QString& storeKeyId);

private:
    std::vector<std::unique_ptr<KeySource>> m_sources;
};

} // namespace cm
