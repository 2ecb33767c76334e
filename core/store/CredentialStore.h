#pragma once

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "registry/ProviderRegistry.h"
#include "store/Credential.h"
#include "store/SqlDialect.h"
#include <QCoreApplication>

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>

#include <map>
#include <memory>
#include <optional>

class QSqlError;

namespace cm {

// The encrypted credential store on SQLite, in the format of docs/storage-format.md.
// Every write is one transaction that re-checks the key id, the revision it was given and
// the name's uniqueness; listing never decrypts.
class CredentialStore
{
    Q_DECLARE_TR_FUNCTIONS(cm::CredentialStore)

public:
    static constexpr int SchemaVersion = 1;
    static constexpr int DefaultBusyTimeoutMs = 5000;

    enum class OpenMode
    {
        OpenExisting,
        CreateIfMissing
    };

    struct Options
    {
        OpenMode mode = OpenMode::CreateIfMissing;
        int busyTimeoutMs = DefaultBusyTimeoutMs;
        const ProviderRegistry* registry = nullptr; // the built-in registry when null
        const MasterKey* key = nullptr; // a store created now is bound to this key at once
        // PostgreSQL: the password, when the URL, PGPASSWORD and ~/.pgpass have none (asked
        // for after ErrorCode::PasswordNeeded).
        QString password;
    };

    // The default store file: credential-manager/credentials.sqlite under the generic data
    // location (~/.local/share on Linux).
    static QString defaultPath();

    static Result<std::unique_ptr<CredentialStore>> open(const QString& path, const Options& options);
    static Result<std::unique_ptr<CredentialStore>> open(const QString& path) { return open(path, Options {}); }
    ~CredentialStore();

    CredentialStore(const CredentialStore&) = delete;
    CredentialStore& operator=(const CredentialStore&) = delete;

    QString path() const { return m_path; }
    QString storeId() const { return m_storeId; }
    // Empty until the first credential is written with a key; from then on every write and
    // read must use the key with this id.
    Result<QString> keyId() const;

    enum class ListOrder
    {
        ByName, // by the case-folded name, then by case
        // In the engine's case-insensitive order, which differs from ByName for a few names
        // outside ASCII: for a caller that sorts by itself, such as the window's table.
        NearlyByName,
    };
    // Every credential; with NearlyByName, the first `limit` in that order when limit >= 0.
    Result<QList<CredentialSummary>> list(ListOrder order = ListOrder::ByName, int limit = -1) const;
    // Exact name first, then a case-insensitive match when exactly one credential has it.
    Result<CredentialSummary> find(const QString& name) const;
    Result<Credential> read(const MasterKey& key, const QString& id) const;

    Result<CredentialSummary> create(const MasterKey& key, const QString& name, const QString& providerId,
                                     const FieldValues& input);
    // Replaces name and fields of the credential if it is still at expectedRevision.
    // `input` is the complete new set of fields (unchanged values included).
    Result<CredentialSummary> update(const MasterKey& key, const QString& id, qint64 expectedRevision,
                                     const QString& name, const FieldValues& input);
    Result<void> remove(const MasterKey& key, const QString& id, qint64 expectedRevision);

    Result<QList<AuditEntry>> auditLog() const;

    // Binds a store that has no key yet to `key`; checks it against the store's key otherwise.
    Result<void> bindKey(const MasterKey& key);

    // Re-encrypts every credential under `next` and moves key_id to it, in one transaction,
    // a batch of rows at a time so that memory stays bounded. Returns how many were
    // re-encrypted. Refused, with nothing written, when a credential does not decrypt.
    Result<int> rotateKey(const MasterKey& current, const MasterKey& next);

    // Every credential decrypted, for a backup; refused when one does not decrypt.
    Result<QList<Credential>> exportAll(const MasterKey& key) const;

    enum class ConflictPolicy
    {
        Fail,
        Skip,
        Replace
    };
    struct ImportSummary
    {
        int added = 0;
        int replaced = 0;
        int skipped = 0;
    };
    // Adds the credentials (name, provider, fields, timestamps) in one transaction, encrypted
    // under `key`. A name already taken (case-insensitively) fails the whole import, is
    // skipped, or has its credential replaced, as `policy` says.
    Result<ImportSummary> importAll(const MasterKey& key, const QList<Credential>& credentials, ConflictPolicy policy);

private:
    CredentialStore(QString path, SqlDialect dialect, QString connectionName, const ProviderRegistry& registry);

    // A SQLite file that does not exist yet is created (0600, in a private folder) unless `mode`
    // only opens existing stores.
    static Result<void> prepareFile(const QString& path, OpenMode mode);
    QSqlDatabase database() const;
    Result<void> initialise(OpenMode mode, const MasterKey* key, int busyTimeoutMs);
    // 0 for a new, empty database; refuses another program's database and newer versions.
    Result<int> schemaVersion() const;
    Result<void> migrate(const MasterKey* key);
    // Prepares, binds and executes one statement; the query is positioned before its first row.
    Result<QSqlQuery> run(const QString& statement, const QVariantList& values = {}) const;
    // run() for an INSERT, UPDATE or DELETE (no rows to read), from a statement prepared once
    // per store object: preparing costs about as much as the insert of an add. The number of
    // rows it changed.
    Result<int> runPrepared(const QString& statement, const QVariantList& values);
    // run() for a SELECT of a few rows, prepared once per store object like runPrepared(): every
    // row is read and the statement finished, so no read stays open on the connection.
    Result<QList<QVariantList>> selectPrepared(const QString& statement, const QVariantList& values) const;
    // The statement prepared and bound, ready to run.
    Result<QSqlQuery*> preparedStatement(const QString& statement, const QVariantList& values) const;
    Error sqlError(const QSqlError& error) const;
    Result<QString> metaValue(const QString& key) const; // empty when absent
    Result<void> setMetaValue(const QString& key, const QString& value);

    Result<void> begin();
    Result<void> commit();
    void rollback();
    // Runs `body` between begin() and commit(), rolling back when it fails.
    template<typename Body> auto writeTransaction(Body body) -> decltype(body());

    Result<void> checkKeyInTransaction(const MasterKey& key);
    Result<void> checkNameFree(const QString& name, const QString& exceptId);
    // SqlDialect::nameCandidatesQuery() for `name`: rows of (id, name).
    Result<QList<QVariantList>> nameCandidates(const QString& name) const;
    // Creates SqlDialect::nameIndexStatements() when missing; once per store object.
    Result<void> createNameIndexes();
    Result<std::optional<CredentialSummary>> summaryById(const QString& id) const;
    // The credential's summary when it still exists at this revision; NotFound or Conflict otherwise.
    Result<CredentialSummary> summaryAtRevision(const QString& id, qint64 expectedRevision) const;
    static Error conflictError(const QString& name);
    static Error nameTakenError(const QString& name);
    Result<QString> defaultEmbeddingsId() const; // empty when there is none
    Result<void> setDefaultEmbeddings(const QString& id);
    Result<QString> latestEmbeddingsCredential() const; // empty when there is none
    // The credential whose name equals `name` case-insensitively, if any.
    Result<std::optional<CredentialSummary>> summaryByFoldedName(const QString& name) const;
    Result<void> insertAudit(const QString& action, const QString& id, const QString& name, const QStringList& fields);
    const ProviderSpec* providerSpec(const QString& id, Error* error) const;

    // The store as messages name it: the native file path, or the URL without a password.
    QString where() const;

    QString m_path; // the SQLite file, or the PostgreSQL URL
    SqlDialect m_dialect;
    QString m_connectionName;
    QString m_storeId;
    mutable std::map<QString, QSqlQuery> m_prepared; // by preparedStatement()
    bool m_nameIndexesCreated = false; // by this object: later name checks skip the CREATE
    const ProviderRegistry& m_registry;
};

} // namespace cm
