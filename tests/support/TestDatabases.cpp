#include "support/TestDatabases.h"

#include "support/RandomValues.h"

#include <QSqlDatabase>
#include <QUrl>

#include <utility>

namespace cm::test {

TestDatabases::TestDatabases()
    : m_engine(qEnvironmentVariable("CM_TEST_STORE_ENGINE"))
{
    m_postgres = m_engine == QLatin1String("postgresql");
}

TestDatabases::~TestDatabases()
{
    const QString problem = cleanup();
    if (!problem.isEmpty())
        qWarning("%s", qPrintable(problem));
}

QString TestDatabases::check()
{
    if (m_engine.isEmpty() || m_engine == QLatin1String("sqlite"))
        return {};
    if (!m_postgres)
        return QStringLiteral("CM_TEST_STORE_ENGINE must be sqlite or postgresql.");
    m_serverUrl = qEnvironmentVariable("CM_TEST_POSTGRES_URL");
    if (m_serverUrl.isEmpty())
        return QStringLiteral(
            "CM_TEST_STORE_ENGINE=postgresql needs a PostgreSQL server: run the test under scripts/with-postgres.");
    const QUrl url(m_serverUrl, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("postgresql"))
        return QStringLiteral("CM_TEST_POSTGRES_URL is no postgresql:// URL.");
    if (!url.password().isEmpty())
        return QStringLiteral("CM_TEST_POSTGRES_URL holds a password; it belongs in PGPASSWORD.");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return QStringLiteral("Qt's PostgreSQL driver is not installed.");
    m_admin = std::make_unique<SqlConnection>(m_serverUrl);
    if (!m_admin->isOpen()) {
        const QString problem = QStringLiteral("No connection to CM_TEST_POSTGRES_URL: %1").arg(m_admin->lastError());
        m_admin.reset();
        return problem;
    }
    return {};
}

QString TestDatabases::create(const QString& fileName)
{
    if (!m_dir)
        m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        qWarning("no temporary folder: %s", qPrintable(m_dir->errorString()));
        return {};
    }
    if (!m_postgres)
        return m_dir->filePath(fileName);
    if (!m_admin) {
        qWarning("no connection to the PostgreSQL server: initTestCase() did not check() it");
        return {};
    }
    const QString database = QStringLiteral("cm_t_") + QString::fromLatin1(randomBytes(8).toHex());
    if (!m_admin->exec(QStringLiteral("CREATE DATABASE %1").arg(database))) {
        qWarning("CREATE DATABASE failed: %s", qPrintable(m_admin->lastError()));
        return {};
    }
    m_databases.append(database);
    QUrl url(m_serverUrl);
    url.setPath(QLatin1Char('/') + database);
    return url.toString(QUrl::RemovePassword);
}

QString TestDatabases::filePath(const QString& name) const
{
    return m_dir ? m_dir->filePath(name) : QString();
}

QString TestDatabases::folder() const
{
    return m_dir ? m_dir->path() : QString();
}

QString TestDatabases::cleanup()
{
    const QStringList databases = std::exchange(m_databases, {});
    m_dir.reset();
    QStringList problems;
    for (const QString& database : databases) {
        if (!m_admin->exec(QStringLiteral("DROP DATABASE %1 WITH (FORCE)").arg(database)))
            problems.append(QStringLiteral("DROP DATABASE %1 failed: %2").arg(database, m_admin->lastError()));
    }
    return problems.join(QLatin1Char(' '));
}

} // namespace cm::test
