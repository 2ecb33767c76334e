#pragma once

#include <QByteArray>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantList>

namespace cm::test {

// A connection of the test's own to a store, separate from the store's, the way another program
// would open it: to look into the file or database, change or damage it, or hold its write lock.
// A location postgresql://user@host:port/dbname connects with QPSQL (the password comes from
// PGPASSWORD, read by libpq); anything else is the path of a SQLite file.
class SqlConnection
{
public:
    // `connectOptions` as for QSqlDatabase::setConnectOptions, such as "QSQLITE_BUSY_TIMEOUT=5000"
    // or "QSQLITE_OPEN_READONLY" (or libpq's "connect_timeout=5"); none by default.
    explicit SqlConnection(const QString& location, const QString& connectOptions = QString());
    ~SqlConnection();
    SqlConnection(const SqlConnection&) = delete;
    SqlConnection& operator=(const SqlConnection&) = delete;

    bool isOpen() const { return m_open; }
    bool isPostgres() const { return m_postgres; }
    QSqlDatabase db() const;

    // Runs one statement with its bound values; false, with lastError(), when it failed.
    bool exec(const QString& statement, const QVariantList& values = {}) const;
    // The first column of the first row; an invalid QVariant when there is none (lastError()
    // says why when the statement failed).
    QVariant scalar(const QString& statement, const QVariantList& values = {}) const;
    // Every row of a one-column result, as text.
    QStringList column(const QString& statement) const;
    // The executed query, to step through its rows; a warning names the statement when it failed.
    QSqlQuery query(const QString& statement) const;
    QString lastError() const { return m_lastError; }

    // The meta table: key -> value.
    QMap<QString, QString> meta() const;
    // "name TYPE notnull pk" for every column of a table, in table order (SQLite's declared type,
    // or PostgreSQL's data type, upper case: "payload BYTEA 1 0").
    QStringList columns(const QString& table) const;
    // The names of the tables in the database (PostgreSQL: in the current schema), sorted.
    QStringList tables() const;
    // Every table's columns and rows, by table name, in a stable order: what another program
    // reading the database sees. Compare two to find a change; never print it (it holds ciphertext).
    QMap<QString, QByteArray> contents() const;
    // The stored payload of every credential, by id.
    QMap<QString, QByteArray> payloads() const;

private:
    // Prepares the statement, binds the values and runs it; sets lastError(), and *ok when given.
    QSqlQuery executed(const QString& statement, const QVariantList& values = {}, bool* ok = nullptr) const;

    QString m_name;
    mutable QString m_lastError;
    bool m_open = false;
    bool m_postgres = false;
};

} // namespace cm::test
