#include "KeyResolver.h"

#include "keys/EnvironmentKeySource.h"
#include "keys/KeychainKeySource.h"

#include <QCoreApplication>

namespace cm {

KeyResolver::KeyResolver(std::vector<std::unique_ptr<KeySource>> sources)
    : m_sources(std::move(sources))
{ }

KeyResolver KeyResolver::standard()
{
    std::vector<std::unique_ptr<KeySource>> sources;
    sources.push_back(std::make_unique<EnvironmentKeySource>());
    sources.push_back(std::make_unique<KeychainKeySource>());
    return KeyResolver(std::move(sources));
}

Error KeyResolver::missingKeyError(const QString& keychainProblem)
{
    if (!keychainProblem.isEmpty())
        return makeError(ErrorCode::KeyMissing,
                         QCoreApplication::translate(
                             "cm::KeyResolver",
                             "Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY: no "
                             "encryption key is set, and the system keychain is unavailable (%1); a new key comes from "
                             "\"credctl key "
                             "generate\".")
                             .arg(keychainProblem));
    return makeError(
        ErrorCode::KeyMissing,
        QCoreApplication::translate(
            "cm::KeyResolver",
            "Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY: no encryption key is set, "
            "and one is required for secure credential storage (a new key comes from \"credctl key generate\")."));
}

Error KeyResolver::wrongKeyError(const QString& origin, const QString& storeKeyId)
{
    // Two whole sentences rather than an inserted " from ...": translations need the whole.
    const QString message = origin.isEmpty()
        ? QCoreApplication::translate("cm::KeyResolver",
                                      "The encryption key does not match this store (the store expects key id %1); "
                                      "set the key this store was created with.")
              .arg(storeKeyId)
        : QCoreApplication::translate("cm::KeyResolver",
                                      "The encryption key from %1 does not match this store (the store expects key "
                                      "id %2); set the key this store was created with.")
              .arg(origin, storeKeyId);
    return makeError(ErrorCode::KeyWrong, message);
}

Result<ResolvedKey> KeyResolver::resolve(const QString& storeId, const QString& storeKeyId)
{
    QString keychainProblem;
    for (const auto& source : m_sources) {
        Result<std::optional<MasterKey>> loaded = source->load(storeId, storeKeyId);
        if (!loaded && loaded.error().code == ErrorCode::KeychainUnavailable) {
            keychainProblem = loaded.error().detail;
            continue;
        }
        if (!loaded)
            return loaded.error();
        if (!loaded.value())
            continue;
        MasterKey key = std::move(*loaded.value());
        if (!storeKeyId.isEmpty() && key.keyId() != storeKeyId)
            return wrongKeyError(source->name(), storeKeyId);
        return ResolvedKey { std::move(key), source->name(), source->kind() };
    }
    return missingKeyError(keychainProblem);
}

} // namespace cm
