#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace cm {

// Everything the store does differently on SQLite and on PostgreSQL, in one place: how to
// connect, the column types of the schema, how a writer takes the write lock, how to list the
// tables, and what an error means. The store's statements are otherwise the same on both.
class SqlDialect
{
    Q_DECLARE_TR_FUNCTIONS(cm::SqlDialect)

public:
    // The PostgreSQL channel every write notifies (docs/storage-format.md).
    static constexpr char NotifyChannel[] = "credential_store_changed";

    enum class Engine
    {
        SQLite,
        PostgreSQL
    };

    // postgresql://user@host:port/dbname (or postgres://) is a PostgreSQL store; anything else
    // is the path of a SQLite file.
    static bool isDatabaseUrl(const QString& location);
    static SqlDialect forLocation(const QString& location);

    Engine engine() const { return m_engine; }
    bool isFile() const { return m_engine == Engine::SQLite; }
    QString driverName() const;
    // Why the store cannot be opened when the Qt SQL driver is missing.
    QString missingDriverMessage() const;

    // Points `db` at `location`. For PostgreSQL the user, host, port, database and libpq
    // options (such as sslmode) come from the URL; a password comes from libpq's own sources
    // (PGPASSWORD, ~/.pgpass), from the URL (never shown), or from `password` (one the user
    // typed when asked).
    Result<void> configure(QSqlDatabase& db, const QString& location, int busyTimeoutMs,
                           const QString& password = {}) const;
    // The location as messages show it: a PostgreSQL URL without any password.
    static QString displayName(const QString& location);

    // Run once after connecting: WAL and full sync for SQLite, the lock timeout for PostgreSQL.
    QStringList sessionStatements(int busyTimeoutMs) const;
    // Start a transaction that holds the store's write lock until it ends, so writers queue
    // one behind the other (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level advisory
    // lock, which also covers a database that has no tables yet).
    QStringList beginWriteStatements() const;
    // Run in every write transaction so that watchers hear of it (PostgreSQL: NOTIFY on the
    // StoreWatcher channel; SQLite watchers poll, so nothing).
    QString notifyStatement() const;
    // The names of the tables in the store's database (or schema).
    QString tablesQuery() const;

    // Names equal after case folding must not both exist, and neither engine can index
    // QString::toCaseFolded. So a writer asks the engine for a small superset of the names that
    // may clash with a case-folded name, then compares with toCaseFolded itself. SQLite: the
    // names equal to it under ASCII NOCASE, plus those with a character outside printable ASCII
    // (the only ones whose fold may differ from NOCASE's) that match it position by position;
    // both are index lookups. PostgreSQL: the names of the same length (folding keeps the
    // number of characters), a scan.
    QString nameCandidatesQuery() const;
    QVariantList nameCandidatesValues(const QString& foldedName) const;
    // The indexes nameCandidatesQuery() uses, created when missing inside a write
    // transaction (docs/storage-format.md). Empty for PostgreSQL.
    QStringList nameIndexStatements() const;

    // An ORDER BY for credentials close to the order of their case-folded names: SQLite's
    // NOCASE (which walks the index of nameIndexStatements()), PostgreSQL's name order.
    QString nameOrder() const;
    // The column a pass over every credential pages by: SQLite's rowid, the order rows lie in
    // the file; PostgreSQL's primary key, id.
    QString pagingKey() const;

    QString binaryType() const; // the payload column
    QString serialKeyType() const; // the audit log's growing id

    // What a driver error means to the user, naming `where` (the store's display name). For a
    // SQLite store, `file` is its path: the file system holding it tells a read-only mount and a
    // full disk apart from other failures that SQLite reports in vaguer words.
    Error error(const QSqlError& error, const QString& where, const QString& file = {}) const;

private:
    explicit SqlDialect(Engine engine)
        : m_engine(engine)
    { }

    Engine m_engine;
};

} // namespace cm
