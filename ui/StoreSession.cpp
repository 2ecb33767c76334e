#include "StoreSession.h"

#include "crypto/SecureBuffer.h"
#include "keys/KeyRotation.h"
#include "keys/KeychainKeySource.h"

namespace cm::ui {

StoreSession::StoreSession(QString path, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
{ }

StoreSession::~StoreSession()
{
    wipe(m_password);
}

Result<std::unique_ptr<CredentialStore>> StoreSession::openExisting(const QString& location, const QString& password)
{
    CredentialStore::Options options;
    options.mode = CredentialStore::OpenMode::OpenExisting;
    options.password = password;
    return CredentialStore::open(location, options);
}

void StoreSession::watch()
{
    m_watcher = std::make_unique<StoreWatcher>(m_path, m_password);
    connect(m_watcher.get(), &StoreWatcher::changed, this, &StoreSession::onStoreChanged);
}

Result<void> StoreSession::open()
{
    Result<std::unique_ptr<CredentialStore>> store = openExisting(m_path, m_password);
    if (store)
        m_store = std::move(store).value();
    else if (store.error().code != ErrorCode::NotFound) {
        // The key is judged as for a store that does not exist yet, so that a damaged store is
        // not reported as a missing key too.
        (void)resolveKey();
        return store.error();
    }
    if (!m_watcher)
        watch();
    return resolveKey();
}

Result<void> StoreSession::switchTo(const QString& location, const QString& password)
{
    Result<std::unique_ptr<CredentialStore>> store = openExisting(location, password);
    if (!store && store.error().code != ErrorCode::NotFound)
        return store.error();
    m_path = location;
    wipe(m_password);
    m_password = password;
    m_store = store ? std::move(store).value() : nullptr;
    watch();
    m_key.reset();
    Result<void> key = resolveKey();
    Q_EMIT credentialsChanged();
    return key;
}

void StoreSession::onStoreChanged()
{
    if (!m_store) {
        if (Result<std::unique_ptr<CredentialStore>> store = openExisting(m_path, m_password); store) {
            m_store = std::move(store).value();
            (void)resolveKey(); // a store created elsewhere: its key decides
        }
    } else if (Result<QString> keyId = m_store->keyId(); keyId && m_key && keyId.value() != m_key->key.keyId()) {
        (void)resolveKey(); // rotated elsewhere: the key in hand no longer opens the store
    }
    Q_EMIT credentialsChanged();
}

Result<void> StoreSession::resolveKey()
{
    QString storeId;
    QString keyId;
    if (m_store) {
        storeId = m_store->storeId();
        Result<QString> stored = m_store->keyId();
        if (!stored)
            return stored.error();
        keyId = stored.value();
    }
    Result<ResolvedKey> key = KeyResolver::standard().resolve(storeId, keyId);
    if (key) {
        m_key = std::move(key).value();
        m_keyState = KeyState::Ready;
        m_keyProblem.clear();
    } else {
        m_key.reset();
        m_keyProblem = key.error().message;
        switch (key.error().code) {
        case ErrorCode::KeyWrong:
            m_keyState = KeyState::Wrong;
            break;
        case ErrorCode::KeyMalformed:
            m_keyState = KeyState::Malformed;
            break;
        default:
            m_keyState = KeyState::Missing;
            break;
        }
    }
    Q_EMIT keyStateChanged();
    return {};
}

Error StoreSession::noKeyError() const
{
    return makeError(ErrorCode::KeyMissing,
                     m_keyProblem.isEmpty() ? KeyResolver::missingKeyError().message : m_keyProblem);
}

Result<void> StoreSession::ensureStore()
{
    if (m_store)
        return {};
    if (!m_key)
        return noKeyError();
    CredentialStore::Options options;
    options.key = &m_key->key;
    options.password = m_password;
    Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(m_path, options);
    if (!store)
        return store.error();
    m_store = std::move(store).value();
    Q_EMIT keyStateChanged(); // a store exists now, so its key can be rotated
    return {};
}

Result<QList<CredentialSummary>> StoreSession::credentials(int limit) const
{
    if (!m_store)
        return QList<CredentialSummary>();
    return m_store->list(CredentialStore::ListOrder::NearlyByName, limit); // the table sorts
}

Result<Credential> StoreSession::read(const QString& id) const
{
    if (!m_key)
        return noKeyError();
    if (!m_store)
        return makeError(ErrorCode::NotFound, tr("The credential no longer exists."));
    return m_store->read(m_key->key, id);
}

Result<CredentialSummary> StoreSession::create(const QString& name, const QString& providerId,
                                               const FieldValues& fields)
{
    if (!m_key)
        return noKeyError();
    if (Result<void> ok = ensureStore(); !ok)
        return ok.error();
    Result<CredentialSummary> created = m_store->create(m_key->key, name, providerId, fields);
    if (created)
        Q_EMIT credentialsChanged();
    return created;
}

Result<CredentialSummary> StoreSession::update(const QString& id, qint64 revision, const QString& name,
                                               const FieldValues& fields)
{
    if (!m_key)
        return noKeyError();
    if (!m_store)
        return makeError(ErrorCode::NotFound, tr("The credential no longer exists."));
    Result<CredentialSummary> updated = m_store->update(m_key->key, id, revision, name, fields);
    if (updated)
        Q_EMIT credentialsChanged();
    return updated;
}

Result<void> StoreSession::remove(const QString& id, qint64 revision)
{
    if (!m_key)
        return noKeyError();
    if (!m_store)
        return makeError(ErrorCode::NotFound, tr("The credential no longer exists."));
    Result<void> removed = m_store->remove(m_key->key, id, revision);
    if (removed)
        Q_EMIT credentialsChanged();
    return removed;
}

QString StoreSession::storeKeyId() const
{
    if (!m_store)
        return QString();
    Result<QString> keyId = m_store->keyId();
    return keyId ? keyId.value() : QString();
}

Result<void> StoreSession::adoptKey(MasterKey key)
{
    const QString expected = storeKeyId();
    if (!expected.isEmpty() && key.keyId() != expected)
        return KeyResolver::wrongKeyError(tr("the pasted text"), expected);
    if (!m_store) {
        // Created unbound: it is bound below, once the keychain has taken the key.
        Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(m_path);
        if (!store)
            return store.error();
        m_store = std::move(store).value();
    }
    // The keychain first: when it refuses the key, an existing store is left as it was.
    if (Result<void> saved = KeychainKeySource::save(m_store->storeId(), key); !saved)
        return saved;
    if (Result<void> bound = m_store->bindKey(key); !bound)
        return bound;
    m_key = ResolvedKey { std::move(key), KeychainKeySource().name(), KeySource::Kind::Keychain };
    m_keyState = KeyState::Ready;
    m_keyProblem.clear();
    Q_EMIT keyStateChanged();
    Q_EMIT credentialsChanged();
    return {};
}

Result<int> StoreSession::rotateKey(MasterKey next)
{
    if (!m_key)
        return noKeyError();
    if (!m_store)
        return makeError(ErrorCode::NotFound, tr("There is no store to re-encrypt yet."));
    Result<KeyRotation::Outcome> rotated = KeyRotation::rotate(*m_store, *m_key, next, true);
    if (!rotated)
        return rotated.error();
    m_key->key = std::move(next);
    Q_EMIT credentialsChanged();
    return rotated->credentials;
}

} // namespace cm::ui
