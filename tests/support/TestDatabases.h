#pragma once

#include "support/SqlConnection.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace cm::test {

// The stores of a test that runs on either engine: with CM_TEST_STORE_ENGINE unset or "sqlite",
// files in a temporary folder; with "postgresql", fresh databases on the server in
// CM_TEST_POSTGRES_URL (scripts/with-postgres), made through a connection of its own and dropped
// again. Use one per test object: check() in initTestCase(), create() in init() and wherever a
// further store is needed, cleanup() in cleanup().
class TestDatabases
{
public:
    TestDatabases();
    ~TestDatabases();
    TestDatabases(const TestDatabases&) = delete;
    TestDatabases& operator=(const TestDatabases&) = delete;

    // Whether the run is on PostgreSQL (CM_TEST_STORE_ENGINE=postgresql).
    bool onPostgres() const { return m_postgres; }

    // For initTestCase(): empty when stores can be made, else the one sentence why not (an unknown
    // engine, no server, a URL that is no postgresql:// URL or holds a password, no QPSQL driver,
    // no connection). Connects to the server on PostgreSQL.
    QString check();

    // A fresh, empty store location: the path of `fileName` in the test function's temporary
    // folder (SQLite; the file is not made), or the postgresql:// URL of a new database (never
    // with a password), dropped in cleanup(). Makes the temporary folder first, on either engine.
    // Empty, with a warning, when the folder or the database could not be made.
    QString create(const QString& fileName = QStringLiteral("credentials.sqlite"));

    // The path of `name` in the test function's temporary folder (made by create()).
    QString filePath(const QString& name) const;
    QString folder() const;

    // For cleanup(): drops every database create() made since the last cleanup (FORCE ends any
    // connection still left) and removes the temporary folder. Empty, or what failed.
    QString cleanup();

    // PostgreSQL only, after check(): the server's URL and the connection that creates and drops
    // the databases.
    QString serverUrl() const { return m_serverUrl; }
    const SqlConnection& server() const { return *m_admin; }

private:
    bool m_postgres = false;
    QString m_engine;
    QString m_serverUrl;
    std::unique_ptr<SqlConnection> m_admin;
    QStringList m_databases;
    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace cm::test
