#pragma once

#include "common/Error.h"
#include "keys/KeyResolver.h"
#include "store/Credential.h"
#include "store/CredentialStore.h"
#include "store/StoreWatcher.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace cm::ui {

// The application's hold on one store: the open CredentialStore (none while the file does
// not exist yet), the key it resolved and, when there is none, why. Every write goes
// through here, and a StoreWatcher hears of changes made elsewhere, so the window hears of
// each change (credentialsChanged).
class StoreSession : public QObject
{
    Q_OBJECT

public:
    enum class KeyState
    {
        Ready,
        Missing,
        Wrong,
        Malformed
    };

    explicit StoreSession(QString path, QObject* parent = nullptr);
    ~StoreSession() override;

    // Opens the store if its file exists (a missing file is an empty store, created by the
    // first write) and resolves the key. Fails only when the store itself is unusable.
    Result<void> open();

    // Leaves this store for the one at `location` (a SQLite file or a PostgreSQL URL): opened,
    // watched and its key resolved. A location without a store yet is an empty store that the
    // first write creates. On failure nothing changes.
    // `password`: for a PostgreSQL store that asked for one (ErrorCode::PasswordNeeded).
    Result<void> switchTo(const QString& location, const QString& password = {});

    // A PostgreSQL password the user typed (used for this session's connections, never saved).
    void setPassword(const QString& password) { m_password = password; }

    QString path() const { return m_path; }
    bool storeExists() const { return m_store != nullptr; }
    KeyState keyState() const { return m_keyState; }
    // The sentence that explains a key problem (empty when Ready).
    QString keyProblem() const { return m_keyProblem; }
    // Where the key came from ("CREDENTIAL_ENCRYPTION_KEY", "the system keychain").
    QString keyOrigin() const { return m_key ? m_key->origin : QString(); }
    bool canWrite() const { return m_keyState == KeyState::Ready; }

    // Nearly by name: the table sorts them itself. All of them, or the first `limit`.
    Result<QList<CredentialSummary>> credentials(int limit = -1) const;
    Result<Credential> read(const QString& id) const;
    Result<CredentialSummary> create(const QString& name, const QString& providerId, const FieldValues& fields);
    Result<CredentialSummary> update(const QString& id, qint64 revision, const QString& name,
                                     const FieldValues& fields);
    Result<void> remove(const QString& id, qint64 revision);

    // The key id a pasted key must match (empty while the store has none).
    QString storeKeyId() const;
    // Takes `key` as the store's key when it matches (or the store has none yet, in which
    // case the store is created bound to it) and keeps it in the OS keychain.
    Result<void> adoptKey(MasterKey key);
    // Re-encrypts everything under `next` (see KeyRotation) and keeps the new key in the OS
    // keychain, so it never exists only on screen; refused, with nothing changed, when no
    // keychain answers. Returns the number of credentials.
    Result<int> rotateKey(MasterKey next);

Q_SIGNALS:
    void credentialsChanged();
    void keyStateChanged();

private:
    // Another window, credctl or a service changed the store: pick up a store that appeared
    // and a key that changed, and tell the window.
    void onStoreChanged();
    static Result<std::unique_ptr<CredentialStore>> openExisting(const QString& location, const QString& password);
    void watch(); // a new watcher on m_path
    Result<void> resolveKey();
    Result<void> ensureStore();
    Error noKeyError() const;

    QString m_path;
    QString m_password;
    std::unique_ptr<CredentialStore> m_store;
    std::unique_ptr<StoreWatcher> m_watcher;
    std::optional<ResolvedKey> m_key;
    KeyState m_keyState = KeyState::Missing;
    QString m_keyProblem;
};

} // namespace cm::ui
