#include "KeychainKeySource.h"

#include "keys/Keychain.h"

#include <QCoreApplication>

namespace cm {

namespace {

Result<std::optional<MasterKey>> readKey(const QString& entry)
{
    Result<std::optional<SecureBuffer>> bytes = Keychain::readBlocking(entry);
    if (!bytes)
        return bytes.error();
    if (!bytes.value())
        return std::optional<MasterKey>();
    Result<MasterKey> key = MasterKey::fromBytes(std::move(*bytes.value()));
    if (!key)
        return makeError(
            ErrorCode::KeyMalformed,
            QCoreApplication::translate(
                "cm::KeychainKeySource",
                "The system keychain entry %1 does not hold a 32-byte key; remove it with \"credctl key forget\" "
                "and store the key again.")
                .arg(entry));
    return std::optional<MasterKey>(std::move(key).value());
}

SecureBuffer bytesOf(const MasterKey& key)
{
    return SecureBuffer::copyOf(key.view());
}

} // namespace

QString KeychainKeySource::name() const
{
    return QCoreApplication::translate("cm::KeychainKeySource", "the system keychain");
}

QString KeychainKeySource::pendingEntry(const QString& storeId)
{
    return storeId + QStringLiteral(".next");
}

Result<std::optional<MasterKey>> KeychainKeySource::load(const QString& storeId, const QString& storeKeyId)
{
    if (storeId.isEmpty())
        return std::optional<MasterKey>();
    Result<std::optional<MasterKey>> current = readKey(storeId);
    if (!current)
        return current;
    if (current.value() && (storeKeyId.isEmpty() || current.value()->keyId() == storeKeyId))
        return current;

    // The store may have committed a rotation whose new key is still pending here.
    Result<std::optional<MasterKey>> pending = readKey(pendingEntry(storeId));
    if (!pending)
        return pending;
    if (pending.value() && !storeKeyId.isEmpty() && pending.value()->keyId() == storeKeyId) {
        if (Result<void> ok = promotePending(storeId); !ok)
            return ok.error();
        return pending;
    }
    return current;
}

Result<void> KeychainKeySource::save(const QString& storeId, const MasterKey& key)
{
    return Keychain::writeBlocking(storeId, bytesOf(key));
}

Result<void> KeychainKeySource::savePending(const QString& storeId, const MasterKey& key)
{
    return Keychain::writeBlocking(pendingEntry(storeId), bytesOf(key));
}

Result<void> KeychainKeySource::promotePending(const QString& storeId)
{
    Result<std::optional<SecureBuffer>> pending = Keychain::readBlocking(pendingEntry(storeId));
    if (!pending)
        return pending.error();
    if (!pending.value())
        return {};
    // Written first, removed second: at every instant one of the entries holds the new key.
    if (Result<void> ok = Keychain::writeBlocking(storeId, *pending.value()); !ok)
        return ok;
    return Keychain::removeBlocking(pendingEntry(storeId));
}

Result<void> KeychainKeySource::forget(const QString& storeId)
{
    if (Result<void> ok = Keychain::removeBlocking(storeId); !ok)
        return ok;
    return Keychain::removeBlocking(pendingEntry(storeId));
}

} // namespace cm
