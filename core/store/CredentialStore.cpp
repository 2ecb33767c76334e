#include "CredentialStore.h"

#include "common/NearlySorted.h"
#include "crypto/PayloadCipher.h"
#include "keys/KeyResolver.h"
#include "registry/CredentialValidator.h"
#include "store/Actor.h"
#include "store/Timestamp.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

#include <algorithm>
#include <vector>

namespace cm {

namespace {

const QString MetaSchemaVersion = QStringLiteral("schema_version");
const QString MetaStoreId = QStringLiteral("store_id");
const QString MetaKeyId = QStringLiteral("key_id");
const QString MetaFormat = QStringLiteral("format");
const QString FormatName = QStringLiteral("xchacha20poly1305-v1");
const QString SettingDefaultEmbeddings = QStringLiteral("default_embeddings_credential_id");

// The schema of docs/storage-format.md, one list of statements per version, in the column
// types of `dialect` (BLOB or BYTEA, INTEGER or BIGSERIAL).
QList<QStringList> migrations(const SqlDialect& dialect)
{
    return {
        {
            QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE credentials (id TEXT PRIMARY KEY, name TEXT NOT NULL, provider TEXT NOT "
                           "NULL, payload %1 NOT NULL, revision INTEGER NOT NULL, created_at TEXT NOT NULL, "
                           "updated_at TEXT NOT NULL)")
                .arg(dialect.binaryType()),
            QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)"),
            QStringLiteral("CREATE TABLE audit_log (id %1 PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, "
                           "action TEXT NOT NULL, credential_id TEXT, credential_name TEXT, fields TEXT)")
                .arg(dialect.serialKeyType()),
        },
    };
}

CredentialSummary summaryFrom(const QSqlQuery& query)
{
    // Column order of SummaryColumns.
    CredentialSummary summary;
    summary.id = query.value(0).toString();
    summary.name = query.value(1).toString();
    summary.provider = query.value(2).toString();
    summary.createdAt = Timestamp::parse(query.value(3).toString());
    summary.updatedAt = Timestamp::parse(query.value(4).toString());
    summary.revision = query.value(5).toLongLong();
    return summary;
}

const QString SummaryColumns = QStringLiteral("id, name, provider, created_at, updated_at, revision");

// The tables a store of `version` has: those its migrations create.
QStringList tablesOfVersion(const SqlDialect& dialect, int version)
{
    static const QRegularExpression createTable(QStringLiteral("^CREATE TABLE (\\w+)"));
    const QList<QStringList> steps = migrations(dialect);
    QStringList tables;
    for (qsizetype step = 0; step < version && step < steps.size(); ++step) {
        for (const QString& statement : steps.at(step)) {
            if (const QRegularExpressionMatch match = createTable.match(statement); match.hasMatch())
                tables.append(match.captured(1));
        }
    }
    return tables;
}

} // namespace

QString CredentialStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/credential-manager/credentials.sqlite");
}

CredentialStore::CredentialStore(QString path, SqlDialect dialect, QString connectionName,
                                 const ProviderRegistry& registry)
    : m_path(std::move(path))
    , m_dialect(dialect)
    , m_connectionName(std::move(connectionName))
    , m_registry(registry)
{ }

CredentialStore::~CredentialStore()
{
    m_prepared.clear(); // before the connection goes
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

QSqlDatabase CredentialStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<CredentialStore>> CredentialStore::open(const QString& path, const Options& options)
{
    if (path.isEmpty())
        return makeError(ErrorCode::Usage, tr("No store path was given; pass --store with a file path."));
    const SqlDialect dialect = SqlDialect::forLocation(path);
    if (!QSqlDatabase::isDriverAvailable(dialect.driverName()))
        return makeError(ErrorCode::Io, dialect.missingDriverMessage());

    QString location = path;
    if (dialect.isFile()) {
        if (Result<void> ok = prepareFile(path, options.mode); !ok)
            return ok.error();
        location = QFileInfo(path).absoluteFilePath();
    }

    const QString connectionName = QStringLiteral("cm-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<CredentialStore> store(new CredentialStore(
        location, dialect, connectionName, options.registry ? *options.registry : ProviderRegistry::builtin()));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(dialect.driverName(), connectionName);
        if (Result<void> ok = dialect.configure(db, location, options.busyTimeoutMs, options.password); !ok)
            return ok.error();
        if (!db.open())
            return store->sqlError(db.lastError());
    }
    if (Result<void> ok = store->initialise(options.mode, options.key, options.busyTimeoutMs); !ok)
        return ok.error();
    return store;
}

Result<void> CredentialStore::prepareFile(const QString& path, OpenMode mode)
{
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile())
            return makeError(ErrorCode::Corrupt,
                             tr("%1 is not a file; pass the path of a credential store file with --store.")
                                 .arg(QDir::toNativeSeparators(path)));
        return {};
    }
    if (mode == OpenMode::OpenExisting)
        return makeError(ErrorCode::NotFound, tr("There is no credential store at %1 yet.").arg(path));
    // The folder is private to the user, and the file is 0600 from the moment it exists.
    const QDir folder = info.absoluteDir();
    if (!folder.exists()) {
        const QString parentPath = QFileInfo(folder.absolutePath()).absolutePath();
        if (!QDir().mkpath(parentPath)
            || !QDir(parentPath)
                    .mkdir(folder.dirName(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            return makeError(ErrorCode::Io,
                             tr("The folder %1 could not be created; check that you may write to its parent folder.")
                                 .arg(QDir::toNativeSeparators(folder.absolutePath())));
    }
    QFile file(path);
    // Another process may have created it a moment ago: then it is opened like any store.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        && !QFileInfo::exists(path))
        return makeError(ErrorCode::Io,
                         tr("The store file %1 could not be created (%2); check that you may write to its folder.")
                             .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

QString CredentialStore::where() const
{
    return SqlDialect::displayName(m_path);
}

Result<void> CredentialStore::initialise(OpenMode mode, const MasterKey* key, int busyTimeoutMs)
{
    // Another program's database is refused before anything is written to it.
    Result<int> version = schemaVersion();
    if (!version)
        return version.error();
    // An empty file is no store yet, and only a command that writes may make it one.
    if (version.value() == 0 && mode == OpenMode::OpenExisting)
        return makeError(ErrorCode::NotFound, tr("There is no credential store at %1 yet.").arg(where()));
    // Only now, when the database is known to be a store or empty: settings such as WAL change
    // the file.
    for (const QString& statement : m_dialect.sessionStatements(busyTimeoutMs)) {
        if (Result<QSqlQuery> query = run(statement); !query)
            return query.error();
    }
    if (version.value() < SchemaVersion) {
        if (Result<void> ok = migrate(key); !ok)
            return ok;
    }

    Result<QString> storeId = metaValue(MetaStoreId);
    if (!storeId)
        return storeId.error();
    m_storeId = storeId.value();
    Result<QString> format = metaValue(MetaFormat);
    if (!format)
        return format.error();
    if (m_storeId.isEmpty() || format.value() != FormatName)
        return makeError(
            ErrorCode::Corrupt,
            tr("The store %1 has no store id or an unknown format; restore it from a backup or choose another store.")
                .arg(where()));
    return {};
}

Result<int> CredentialStore::schemaVersion() const
{
    Result<QSqlQuery> tables = run(m_dialect.tablesQuery());
    if (!tables)
        return tables.error();
    QStringList names;
    while (tables->next())
        names.append(tables->value(0).toString());
    // A store that lost a table (to another program, a bad restore, a hand-made repair) is
    // refused whole: its commands would otherwise read one half and write the other.
    const auto missingTable = [&](const QString& table) {
        return makeError(ErrorCode::Corrupt,
                         tr("The store %1 is damaged: its table \"%2\" is missing; restore it from a backup or "
                            "choose another store.")
                             .arg(where(), table));
    };
    if (!names.contains(QLatin1String("meta"))) {
        // Every other table of a store there: a store that lost its meta table, not another
        // program's database.
        QStringList others = tablesOfVersion(m_dialect, SchemaVersion);
        others.removeAll(QStringLiteral("meta"));
        if (std::all_of(others.cbegin(), others.cend(), [&](const QString& table) { return names.contains(table); }))
            return missingTable(QStringLiteral("meta"));
        if (!names.isEmpty())
            return makeError(
                ErrorCode::Corrupt,
                tr("%1 is a database but not a credential store; choose another store with --store.").arg(where()));
        return 0;
    }
    Result<QString> text = metaValue(MetaSchemaVersion);
    if (!text)
        return text.error();
    bool number = false;
    const int version = text->toInt(&number);
    if (!number || version < 1)
        return makeError(
            ErrorCode::Corrupt,
            tr("The store %1 has no valid schema version; restore it from a backup or choose another store.")
                .arg(where()));
    if (version > SchemaVersion)
        return makeError(
            ErrorCode::Corrupt,
            tr("The store %1 was written by a newer version of AI Credential Manager (schema %2, this version "
               "reads up to %3); update AI Credential Manager.")
                .arg(where())
                .arg(version)
                .arg(SchemaVersion));
    for (const QString& table : tablesOfVersion(m_dialect, version)) {
        if (!names.contains(table))
            return missingTable(table);
    }
    return version;
}

Result<void> CredentialStore::migrate(const MasterKey* key)
{
    return writeTransaction([&]() -> Result<void> {
        // Another process may have migrated since the version was read: decide under the write lock.
        Result<int> current = schemaVersion();
        if (!current)
            return current.error();
        const QList<QStringList> steps = migrations(m_dialect);
        for (int version = current.value() + 1; version <= SchemaVersion; ++version) {
            for (const QString& statement : steps.at(version - 1)) {
                if (Result<QSqlQuery> query = run(statement); !query)
                    return query.error();
            }
        }
        if (Result<void> ok = setMetaValue(MetaSchemaVersion, QString::number(SchemaVersion)); !ok)
            return ok;
        if (current.value() > 0)
            return {};
        // An empty file made by someone else becomes private like one made here.
        if (m_dialect.isFile())
            QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        if (Result<void> ok = setMetaValue(MetaStoreId, QUuid::createUuid().toString(QUuid::WithoutBraces)); !ok)
            return ok;
        if (key) {
            if (Result<void> ok = setMetaValue(MetaKeyId, key->keyId()); !ok)
                return ok;
        }
        return setMetaValue(MetaFormat, FormatName);
    });
}

Result<QSqlQuery*> CredentialStore::preparedStatement(const QString& statement, const QVariantList& values) const
{
    auto prepared = m_prepared.find(statement);
    if (prepared == m_prepared.end()) {
        QSqlQuery query(database());
        query.setForwardOnly(true);
        if (!query.prepare(statement))
            return sqlError(query.lastError());
        prepared = m_prepared.emplace(statement, std::move(query)).first;
    }
    QSqlQuery* query = &prepared->second;
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    return query;
}

Result<int> CredentialStore::runPrepared(const QString& statement, const QVariantList& values)
{
    Result<QSqlQuery*> query = preparedStatement(statement, values);
    if (!query)
        return query.error();
    if (!query.value()->exec())
        return sqlError(query.value()->lastError());
    return query.value()->numRowsAffected();
}

Result<QList<QVariantList>> CredentialStore::selectPrepared(const QString& statement, const QVariantList& values) const
{
    Result<QSqlQuery*> prepared = preparedStatement(statement, values);
    if (!prepared)
        return prepared.error();
    QSqlQuery& query = *prepared.value();
    if (!query.exec())
        return sqlError(query.lastError());
    QList<QVariantList> rows;
    const int columns = query.record().count();
    while (query.next()) {
        QVariantList row;
        row.reserve(columns);
        for (int column = 0; column < columns; ++column)
            row.append(query.value(column));
        rows.append(std::move(row));
    }
    if (query.lastError().isValid()) {
        Error error = sqlError(query.lastError());
        query.finish();
        return error;
    }
    query.finish();
    return rows;
}

Result<QSqlQuery> CredentialStore::run(const QString& statement, const QVariantList& values) const
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    // Without values there is nothing to bind, and PostgreSQL cannot prepare some statements
    // (BEGIN, SET): those run as they are.
    if (values.isEmpty()) {
        if (!query.exec(statement))
            return sqlError(query.lastError());
        return query;
    }
    // A failed prepare must be reported itself: exec() would only say "No query".
    if (!query.prepare(statement))
        return sqlError(query.lastError());
    for (const QVariant& value : values)
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query.lastError());
    return query;
}

Result<QString> CredentialStore::metaValue(const QString& key) const
{
    Result<QList<QVariantList>> rows = selectPrepared(QStringLiteral("SELECT value FROM meta WHERE key = ?"), { key });
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? QString() : rows->constFirst().constFirst().toString();
}

Result<void> CredentialStore::setMetaValue(const QString& key, const QString& value)
{
    Result<QSqlQuery> query = run(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?) "
                                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                                  { key, value });
    if (!query)
        return query.error();
    return {};
}

Error CredentialStore::sqlError(const QSqlError& error) const
{
    return m_dialect.error(error, where(), m_dialect.isFile() ? m_path : QString());
}

Result<void> CredentialStore::begin()
{
    // The write lock is taken up front, so two writers queue instead of deadlocking.
    const QStringList statements = m_dialect.beginWriteStatements();
    for (qsizetype i = 0; i < statements.size(); ++i) {
        if (Result<QSqlQuery> query = run(statements.at(i)); !query) {
            if (i > 0)
                rollback();
            return query.error();
        }
    }
    return {};
}

Result<void> CredentialStore::commit()
{
    if (Result<QSqlQuery> query = run(QStringLiteral("COMMIT")); !query) {
        rollback();
        return query.error();
    }
    return {};
}

void CredentialStore::rollback()
{
    m_nameIndexesCreated = false; // they may have been created in what is rolled back
    QSqlQuery query(database());
    query.exec(QStringLiteral("ROLLBACK"));
}

template<typename Body> auto CredentialStore::writeTransaction(Body body) -> decltype(body())
{
    if (Result<void> ok = begin(); !ok)
        return ok.error();
    auto result = body();
    if (!result) {
        rollback();
        return result;
    }
    // Watchers hear of the change when it commits (PostgreSQL delivers NOTIFY at commit).
    if (const QString notify = m_dialect.notifyStatement(); !notify.isEmpty()) {
        if (Result<QSqlQuery> query = run(notify); !query) {
            rollback();
            return query.error();
        }
    }
    if (Result<void> ok = commit(); !ok)
        return ok.error();
    return result;
}

Result<QString> CredentialStore::keyId() const
{
    return metaValue(MetaKeyId);
}

Result<void> CredentialStore::checkKeyInTransaction(const MasterKey& key)
{
    Result<QString> stored = keyId();
    if (!stored)
        return stored.error();
    if (stored->isEmpty())
        return setMetaValue(MetaKeyId, key.keyId()); // the first write binds the store to its key
    if (stored.value() != key.keyId())
        return KeyResolver::wrongKeyError(QString(), stored.value());
    return {};
}

Result<QList<QVariantList>> CredentialStore::nameCandidates(const QString& name) const
{
    return selectPrepared(m_dialect.nameCandidatesQuery(), m_dialect.nameCandidatesValues(name.toCaseFolded()));
}

Result<void> CredentialStore::createNameIndexes()
{
    if (m_nameIndexesCreated)
        return {};
    for (const QString& statement : m_dialect.nameIndexStatements()) {
        if (Result<QSqlQuery> query = run(statement); !query)
            return query.error();
    }
    m_nameIndexesCreated = true;
    return {};
}

Result<std::optional<CredentialSummary>> CredentialStore::summaryByFoldedName(const QString& name) const
{
    Result<QList<QVariantList>> candidates = nameCandidates(name);
    if (!candidates)
        return candidates.error();
    const QString folded = name.toCaseFolded();
    for (const QVariantList& candidate : candidates.value()) {
        if (candidate.at(1).toString().toCaseFolded() == folded)
            return summaryById(candidate.at(0).toString());
    }
    return std::optional<CredentialSummary>();
}

Result<void> CredentialStore::checkNameFree(const QString& name, const QString& exceptId)
{
    // A store written by an older version, or by another program, gets the indexes with its
    // first name check.
    if (Result<void> ok = createNameIndexes(); !ok)
        return ok;
    Result<QList<QVariantList>> candidates = nameCandidates(name);
    if (!candidates)
        return candidates.error();
    const QString folded = name.toCaseFolded();
    for (const QVariantList& candidate : candidates.value()) {
        if (candidate.at(0).toString() != exceptId && candidate.at(1).toString().toCaseFolded() == folded)
            return nameTakenError(candidate.at(1).toString());
    }
    return {};
}

Result<std::optional<CredentialSummary>> CredentialStore::summaryById(const QString& id) const
{
    Result<QSqlQuery> query
        = run(QStringLiteral("SELECT ") + SummaryColumns + QStringLiteral(" FROM credentials WHERE id = ?"), { id });
    if (!query)
        return query.error();
    if (!query->next())
        return std::optional<CredentialSummary>();
    CredentialSummary summary = summaryFrom(query.value());
    Result<QString> defaultId = defaultEmbeddingsId();
    if (!defaultId)
        return defaultId.error();
    summary.defaultEmbeddings = defaultId.value() == summary.id;
    return std::optional<CredentialSummary>(std::move(summary));
}

Result<QString> CredentialStore::defaultEmbeddingsId() const
{
    Result<QSqlQuery> query
        = run(QStringLiteral("SELECT value FROM settings WHERE key = ?"), { SettingDefaultEmbeddings });
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toString() : QString();
}

Result<void> CredentialStore::setDefaultEmbeddings(const QString& id)
{
    Result<QSqlQuery> query = id.isEmpty()
        ? run(QStringLiteral("DELETE FROM settings WHERE key = ?"), { SettingDefaultEmbeddings })
        : run(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
              { SettingDefaultEmbeddings, id });
    if (!query)
        return query.error();
    return {};
}

Result<void> CredentialStore::insertAudit(const QString& action, const QString& id, const QString& name,
                                          const QStringList& fields)
{
    const QVariant changed = fields.isEmpty()
        ? QVariant()
        : QVariant(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(fields)).toJson(QJsonDocument::Compact)));
    Result<int> query = runPrepared(
        QStringLiteral("INSERT INTO audit_log (at, actor, action, credential_id, credential_name, fields) "
                       "VALUES (?, ?, ?, ?, ?, ?)"),
        { Timestamp::now(), currentActor(), action, id, name, changed });
    if (!query)
        return query.error();
    return {};
}

const ProviderSpec* CredentialStore::providerSpec(const QString& id, Error* error) const
{
    return CredentialValidator::findProvider(m_registry, id, error);
}

Result<QList<CredentialSummary>> CredentialStore::list(ListOrder order, int limit) const
{
    Result<QString> defaultId = defaultEmbeddingsId();
    if (!defaultId)
        return defaultId.error();
    // The engine's case-insensitive order is nearly the order of the folded names (on SQLite
    // it walks an index), so the sort below has little left to do.
    Result<QSqlQuery> query
        = run(QStringLiteral("SELECT ") + SummaryColumns + QStringLiteral(" FROM credentials ORDER BY ")
              + m_dialect.nameOrder() + (limit >= 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString()));
    if (!query)
        return query.error();
    // By name regardless of case, then by case. The case-folded names are computed once: at
    // 100,000 credentials a case-insensitive comparison per step costs more than reading the rows.
    struct Entry
    {
        QString folded;
        CredentialSummary summary;
    };
    std::vector<Entry> entries;
    QList<CredentialSummary> result;
    while (query->next()) {
        CredentialSummary summary = summaryFrom(query.value());
        summary.defaultEmbeddings = !defaultId->isEmpty() && summary.id == defaultId.value();
        if (order == ListOrder::NearlyByName) {
            result.append(std::move(summary));
            continue;
        }
        QString folded = summary.name.toCaseFolded();
        entries.push_back({ std::move(folded), std::move(summary) });
    }
    if (order == ListOrder::NearlyByName)
        return result;
    sortNearlySorted(entries, [](const Entry& a, const Entry& b) {
        const int byName = a.folded.compare(b.folded);
        return byName != 0 ? byName < 0 : a.summary.name < b.summary.name;
    });
    result.reserve(qsizetype(entries.size()));
    for (Entry& entry : entries)
        result.append(std::move(entry.summary));
    return result;
}

Result<CredentialSummary> CredentialStore::find(const QString& name) const
{
    const QString trimmed = name.trimmed();
    Result<QList<QVariantList>> candidates = nameCandidates(trimmed);
    if (!candidates)
        return candidates.error();
    const QString folded = trimmed.toCaseFolded();
    QString exactId;
    QStringList caseInsensitiveIds;
    for (const QVariantList& candidate : candidates.value()) {
        const QString id = candidate.at(0).toString();
        const QString candidateName = candidate.at(1).toString();
        if (candidateName == trimmed)
            exactId = id;
        else if (candidateName.toCaseFolded() == folded && !caseInsensitiveIds.contains(id))
            caseInsensitiveIds.append(id);
    }
    // A name matches exactly, or else exactly one name matches case-insensitively.
    const QString id = !exactId.isEmpty() ? exactId
        : caseInsensitiveIds.size() == 1  ? caseInsensitiveIds.constFirst()
                                          : QString();
    if (!id.isEmpty()) {
        Result<std::optional<CredentialSummary>> summary = summaryById(id);
        if (!summary)
            return summary.error();
        if (summary.value())
            return *summary.value();
    }
    return makeError(ErrorCode::NotFound,
                     tr("No credential is named \"%1\"; \"credctl list\" shows the names.").arg(trimmed));
}

Result<Credential> CredentialStore::read(const MasterKey& key, const QString& id) const
{
    Result<QString> stored = keyId();
    if (!stored)
        return stored.error();
    if (!stored->isEmpty() && stored.value() != key.keyId())
        return KeyResolver::wrongKeyError(QString(), stored.value());

    Result<QSqlQuery> query = run(
        QStringLiteral("SELECT ") + SummaryColumns + QStringLiteral(", payload FROM credentials WHERE id = ?"), { id });
    if (!query)
        return query.error();
    if (!query->next())
        return makeError(ErrorCode::NotFound,
                         tr("The credential no longer exists: someone deleted it; reload the list of credentials."));
    Credential credential;
    credential.summary = summaryFrom(query.value());
    const auto undecryptable = [&] {
        return makeError(ErrorCode::Corrupt,
                         tr("The stored values of credential \"%1\" were modified or damaged and cannot be decrypted; "
                            "re-enter its values.")
                             .arg(credential.summary.name));
    };
    Result<SecureBuffer> plaintext = PayloadCipher::decrypt(key, credential.summary.id, credential.summary.provider,
                                                            query->value(6).toByteArray());
    if (!plaintext)
        return undecryptable();
    std::optional<FieldValues> fields = FieldValues::fromJson(plaintext.value());
    if (!fields)
        return undecryptable();
    credential.fields = std::move(*fields);

    Result<QString> defaultId = defaultEmbeddingsId();
    if (!defaultId)
        return defaultId.error();
    credential.summary.defaultEmbeddings = defaultId.value() == credential.summary.id;
    return credential;
}

Result<CredentialSummary> CredentialStore::create(const MasterKey& key, const QString& name, const QString& providerId,
                                                  const FieldValues& input)
{
    Result<QString> validName = CredentialValidator::validateName(name);
    if (!validName)
        return validName.error();
    Error error { ErrorCode::Validation, {} };
    const ProviderSpec* provider = providerSpec(providerId, &error);
    if (!provider)
        return error;
    Result<FieldValues> fields = CredentialValidator::validateFields(*provider, input);
    if (!fields)
        return fields.error();

    return writeTransaction([&]() -> Result<CredentialSummary> {
        if (Result<void> ok = checkKeyInTransaction(key); !ok)
            return ok.error();
        if (Result<void> ok = checkNameFree(validName.value(), QString()); !ok)
            return ok.error();
        CredentialSummary summary;
        summary.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        summary.name = validName.value();
        summary.provider = provider->id;
        summary.revision = 1;
        const QString now = Timestamp::now();
        summary.createdAt = summary.updatedAt = Timestamp::parse(now);
        const QByteArray payload = PayloadCipher::encrypt(key, summary.id, summary.provider, fields->toJson());

        Result<int> query
            = runPrepared(QStringLiteral("INSERT INTO credentials (id, name, provider, payload, revision, "
                                         "created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)"),
                          { summary.id, summary.name, summary.provider, payload, now, now });
        if (!query)
            return query.error();
        if (provider->defaultEmbeddings) {
            if (Result<void> ok = setDefaultEmbeddings(summary.id); !ok)
                return ok.error();
            summary.defaultEmbeddings = true;
        }
        QStringList keys = fields->keys();
        keys.sort();
        if (Result<void> ok = insertAudit(QStringLiteral("create"), summary.id, summary.name, keys); !ok)
            return ok.error();
        return summary;
    });
}

Result<CredentialSummary> CredentialStore::update(const MasterKey& key, const QString& id, qint64 expectedRevision,
                                                  const QString& name, const FieldValues& input)
{
    Result<QString> validName = CredentialValidator::validateName(name);
    if (!validName)
        return validName.error();

    return writeTransaction([&]() -> Result<CredentialSummary> {
        if (Result<void> ok = checkKeyInTransaction(key); !ok)
            return ok.error();
        Result<CredentialSummary> before = summaryAtRevision(id, expectedRevision);
        if (!before)
            return before.error();
        // Values that no longer decrypt are replaced by a complete new set (re-entering them).
        Result<Credential> current = read(key, id);
        if (!current && current.error().code != ErrorCode::Corrupt)
            return current.error();
        // The provider is fixed once saved: the fields are checked against the stored one.
        Error error { ErrorCode::Validation, {} };
        const ProviderSpec* provider = providerSpec(before->provider, &error);
        if (!provider)
            return error;
        Result<FieldValues> fields = CredentialValidator::validateFields(*provider, input);
        if (!fields)
            return fields.error();

        const bool renamed = validName.value() != before->name;
        const QStringList changed
            = current ? FieldValues::changedKeys(current->fields, fields.value()) : fields->keys();
        if (!renamed && changed.isEmpty()) {
            // Saving an embeddings credential makes it the default, even without changes.
            if (provider->defaultEmbeddings && !before->defaultEmbeddings) {
                if (Result<void> ok = setDefaultEmbeddings(id); !ok)
                    return ok.error();
                before->defaultEmbeddings = true;
            }
            return before.value();
        }
        if (renamed) {
            if (Result<void> ok = checkNameFree(validName.value(), id); !ok)
                return ok.error();
        }

        CredentialSummary after = before.value();
        after.name = validName.value();
        after.revision = before->revision + 1;
        const QString now = Timestamp::now();
        after.updatedAt = Timestamp::parse(now);
        // The revision in the WHERE clause is what makes a stale save fail instead of overwriting.
        Result<int> changedRows = changed.isEmpty()
            ? runPrepared(QStringLiteral("UPDATE credentials SET name = ?, revision = revision + 1, updated_at = ? "
                                         "WHERE id = ? AND revision = ?"),
                          { after.name, now, id, expectedRevision })
            : runPrepared(QStringLiteral("UPDATE credentials SET name = ?, payload = ?, revision = revision + 1, "
                                         "updated_at = ? WHERE id = ? AND revision = ?"),
                          { after.name, PayloadCipher::encrypt(key, id, after.provider, fields->toJson()), now, id,
                            expectedRevision });
        if (!changedRows)
            return changedRows.error();
        if (changedRows.value() != 1)
            return conflictError(before->name);
        if (renamed) {
            if (Result<void> ok = insertAudit(QStringLiteral("rename"), id, after.name, {}); !ok)
                return ok.error();
        }
        if (!changed.isEmpty()) {
            if (Result<void> ok = insertAudit(QStringLiteral("update"), id, after.name, changed); !ok)
                return ok.error();
        }
        if (provider->defaultEmbeddings) {
            if (Result<void> ok = setDefaultEmbeddings(id); !ok)
                return ok.error();
            after.defaultEmbeddings = true;
        }
        return after;
    });
}

Error CredentialStore::nameTakenError(const QString& name)
{
    return makeError(ErrorCode::NameTaken,
                     tr("A credential named \"%1\" already exists; choose another name.").arg(name));
}

Error CredentialStore::conflictError(const QString& name)
{
    return makeError(ErrorCode::Conflict,
                     tr("Credential \"%1\" was changed by someone else since it was read; reload it and make your "
                        "change again.")
                         .arg(name));
}

Result<CredentialSummary> CredentialStore::summaryAtRevision(const QString& id, qint64 expectedRevision) const
{
    Result<std::optional<CredentialSummary>> summary = summaryById(id);
    if (!summary)
        return summary.error();
    if (!summary.value())
        return makeError(ErrorCode::NotFound,
                         tr("The credential no longer exists; someone deleted it since it was read."));
    if (summary.value()->revision != expectedRevision)
        return conflictError(summary.value()->name);
    return *summary.value();
}

Result<void> CredentialStore::remove(const MasterKey& key, const QString& id, qint64 expectedRevision)
{
    return writeTransaction([&]() -> Result<void> {
        if (Result<void> ok = checkKeyInTransaction(key); !ok)
            return ok;
        Result<CredentialSummary> before = summaryAtRevision(id, expectedRevision);
        if (!before)
            return before.error();
        if (Result<QSqlQuery> query
            = run(QStringLiteral("DELETE FROM credentials WHERE id = ? AND revision = ?"), { id, expectedRevision });
            !query)
            return query.error();
        if (before->defaultEmbeddings) {
            Result<QString> successor = latestEmbeddingsCredential();
            if (!successor)
                return successor.error();
            if (Result<void> ok = setDefaultEmbeddings(successor.value()); !ok)
                return ok;
        }
        return insertAudit(QStringLiteral("delete"), id, before->name, {});
    });
}

Result<QString> CredentialStore::latestEmbeddingsCredential() const
{
    // The default falls back to the most recently updated remaining embeddings credential.
    QStringList providers;
    for (const ProviderSpec& provider : m_registry.providers()) {
        if (provider.defaultEmbeddings)
            providers.append(provider.id);
    }
    Result<QSqlQuery> query
        = run(QStringLiteral("SELECT id, provider FROM credentials ORDER BY updated_at DESC, id DESC"));
    if (!query)
        return query.error();
    while (query->next()) {
        if (providers.contains(query->value(1).toString()))
            return query->value(0).toString();
    }
    return QString();
}

Result<void> CredentialStore::bindKey(const MasterKey& key)
{
    return writeTransaction([&]() { return checkKeyInTransaction(key); });
}

Result<int> CredentialStore::rotateKey(const MasterKey& current, const MasterKey& next)
{
    return writeTransaction([&]() -> Result<int> {
        if (Result<void> ok = checkKeyInTransaction(current); !ok)
            return ok.error();
        // Keyset pagination: at most one batch of plaintexts exists at any time.
        constexpr int BatchSize = 256;
        const QString pagingKey = m_dialect.pagingKey();
        const QString columns
            = QStringLiteral("SELECT %1, name, provider, payload, id FROM credentials ").arg(pagingKey);
        const QString order = QStringLiteral(" ORDER BY %1 LIMIT %2").arg(pagingKey).arg(BatchSize);
        int rotated = 0;
        QVariant after; // null before the first batch ("> NULL" would select nothing)
        SecureBuffer scratch;
        for (;;) {
            Result<QSqlQuery> batch = after.isNull()
                ? run(columns + order)
                : run(columns + QStringLiteral("WHERE %1 > ?").arg(pagingKey) + order, { after });
            if (!batch)
                return batch.error();
            QList<std::pair<QVariant, QByteArray>> payloads;
            while (batch->next()) {
                Result<QByteArray> payload
                    = PayloadCipher::reencrypt(current, next, batch->value(4).toString(), batch->value(2).toString(),
                                               batch->value(3).toByteArray(), scratch);
                if (!payload)
                    return makeError(ErrorCode::Corrupt,
                                     tr("The stored values of credential \"%1\" were modified or damaged, so the key "
                                        "was not changed; re-enter or delete that credential, then rotate again.")
                                         .arg(batch->value(1).toString()));
                payloads.append({ batch->value(0), std::move(payload).value() });
            }
            if (payloads.isEmpty())
                break;
            // One prepared statement for every row: preparing it per row cost more than the
            // re-encryption at 100,000 credentials.
            QSqlQuery update(database());
            if (!update.prepare(QStringLiteral("UPDATE credentials SET payload = ? WHERE %1 = ?").arg(pagingKey)))
                return sqlError(update.lastError());
            for (const auto& [row, payload] : payloads) {
                update.bindValue(0, payload);
                update.bindValue(1, row);
                if (!update.exec())
                    return sqlError(update.lastError());
            }
            rotated += int(payloads.size());
            after = payloads.constLast().first;
        }
        // Every credential must have been re-encrypted before the store moves to the new key.
        Result<QSqlQuery> count = run(QStringLiteral("SELECT COUNT(*) FROM credentials"));
        if (!count)
            return count.error();
        if (!count->next() || count->value(0).toInt() != rotated)
            return makeError(ErrorCode::Corrupt,
                             tr("Not every credential could be re-encrypted, so the key was not "
                                "changed; run the rotation again."));
        if (Result<void> ok = setMetaValue(MetaKeyId, next.keyId()); !ok)
            return ok.error();
        if (Result<void> ok = insertAudit(QStringLiteral("rotate-key"), QString(), QString(), {}); !ok)
            return ok.error();
        return rotated;
    });
}

Result<QList<Credential>> CredentialStore::exportAll(const MasterKey& key) const
{
    Result<QList<CredentialSummary>> summaries = list();
    if (!summaries)
        return summaries.error();
    QList<Credential> credentials;
    for (const CredentialSummary& summary : summaries.value()) {
        Result<Credential> credential = read(key, summary.id);
        if (!credential)
            return credential.error();
        credentials.append(std::move(credential).value());
    }
    return credentials;
}

Result<CredentialStore::ImportSummary>
CredentialStore::importAll(const MasterKey& key, const QList<Credential>& credentials, ConflictPolicy policy)
{
    // Everything is checked before the transaction starts writing.
    QList<FieldValues> validated;
    QSet<QString> names;
    for (const Credential& credential : credentials) {
        Result<QString> name = CredentialValidator::validateName(credential.summary.name);
        if (!name)
            return name.error();
        Error error { ErrorCode::Validation, {} };
        const ProviderSpec* provider = providerSpec(credential.summary.provider, &error);
        if (!provider)
            return error;
        Result<FieldValues> fields = CredentialValidator::validateFields(*provider, credential.fields);
        if (!fields)
            return makeError(ErrorCode::Validation,
                             tr("Credential \"%1\" in the file: %2").arg(name.value(), fields.error().message));
        if (names.contains(name->toCaseFolded()))
            return makeError(
                ErrorCode::Validation,
                tr("The file holds two credentials named \"%1\"; it cannot be imported.").arg(name.value()));
        names.insert(name->toCaseFolded());
        validated.append(std::move(fields).value());
    }

    return writeTransaction([&]() -> Result<ImportSummary> {
        if (Result<void> ok = checkKeyInTransaction(key); !ok)
            return ok.error();
        if (Result<void> ok = createNameIndexes(); !ok)
            return ok.error();
        Result<QString> defaultId = defaultEmbeddingsId();
        if (!defaultId)
            return defaultId.error();
        ImportSummary summary;
        QString newestEmbeddings;
        QDateTime newestEmbeddingsTime;
        for (qsizetype i = 0; i < credentials.size(); ++i) {
            const CredentialSummary& incoming = credentials.at(i).summary;
            const FieldValues& fields = validated.at(i);
            const QString name = incoming.name.trimmed();
            Result<std::optional<CredentialSummary>> existing = summaryByFoldedName(name);
            if (!existing)
                return existing.error();
            if (existing.value() && policy == ConflictPolicy::Fail)
                return makeError(ErrorCode::NameTaken,
                                 tr("The store already has a credential named \"%1\", so nothing was imported; "
                                    "choose --on-conflict skip or replace.")
                                     .arg(existing.value()->name));
            if (existing.value() && policy == ConflictPolicy::Skip) {
                ++summary.skipped;
                continue;
            }
            const QString createdAt
                = incoming.createdAt.isValid() ? Timestamp::format(incoming.createdAt) : Timestamp::now();
            const QString updatedAt
                = incoming.updatedAt.isValid() ? Timestamp::format(incoming.updatedAt) : Timestamp::now();
            // A replaced credential keeps its id when the provider is the same, so whatever
            // refers to it keeps working; otherwise it is a new credential under the old name.
            QString id;
            if (existing.value() && existing.value()->provider == incoming.provider) {
                id = existing.value()->id;
                Result<int> update = runPrepared(
                    QStringLiteral("UPDATE credentials SET name = ?, payload = ?, revision = "
                                   "revision + 1, updated_at = ? WHERE id = ?"),
                    { name, PayloadCipher::encrypt(key, id, incoming.provider, fields.toJson()), updatedAt, id });
                if (!update)
                    return update.error();
            } else {
                if (existing.value()) {
                    if (Result<QSqlQuery> remove
                        = run(QStringLiteral("DELETE FROM credentials WHERE id = ?"), { existing.value()->id });
                        !remove)
                        return remove.error();
                    if (defaultId.value() == existing.value()->id) {
                        defaultId = QString();
                        if (Result<void> ok = setDefaultEmbeddings(QString()); !ok)
                            return ok.error();
                    }
                }
                id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                Result<int> insert = runPrepared(
                    QStringLiteral("INSERT INTO credentials (id, name, provider, payload, revision, created_at, "
                                   "updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)"),
                    { id, name, incoming.provider, PayloadCipher::encrypt(key, id, incoming.provider, fields.toJson()),
                      createdAt, updatedAt });
                if (!insert)
                    return insert.error();
            }
            ++(existing.value() ? summary.replaced : summary.added);
            QStringList keys = fields.keys();
            keys.sort();
            if (Result<void> ok = insertAudit(QStringLiteral("import"), id, name, keys); !ok)
                return ok.error();
            const ProviderSpec* provider = providerSpec(incoming.provider, nullptr);
            if (provider && provider->defaultEmbeddings
                && (newestEmbeddings.isEmpty() || incoming.updatedAt > newestEmbeddingsTime)) {
                newestEmbeddings = id;
                newestEmbeddingsTime = incoming.updatedAt;
            }
        }
        // An import keeps the store's default embeddings credential; a store without one
        // takes the most recently updated imported embeddings credential.
        // (A default replaced by a credential of another provider falls back like a deleted one.)
        if (defaultId->isEmpty()) {
            Result<QString> successor = newestEmbeddings.isEmpty() ? latestEmbeddingsCredential() : newestEmbeddings;
            if (!successor)
                return successor.error();
            if (Result<void> ok = setDefaultEmbeddings(successor.value()); !ok)
                return ok.error();
        }
        return summary;
    });
}

Result<QList<AuditEntry>> CredentialStore::auditLog() const
{
    Result<QSqlQuery> query = run(QStringLiteral(
        "SELECT id, at, actor, action, credential_id, credential_name, fields FROM audit_log ORDER BY id"));
    if (!query)
        return query.error();
    QList<AuditEntry> entries;
    while (query->next()) {
        AuditEntry entry;
        entry.id = query->value(0).toLongLong();
        entry.at = Timestamp::parse(query->value(1).toString());
        entry.actor = query->value(2).toString();
        entry.action = query->value(3).toString();
        entry.credentialId = query->value(4).toString();
        entry.credentialName = query->value(5).toString();
        const QJsonArray fields = QJsonDocument::fromJson(query->value(6).toString().toUtf8()).array();
        for (const QJsonValue field : fields)
            entry.fields.append(field.toString());
        entries.append(std::move(entry));
    }
    return entries;
}

} // namespace cm
