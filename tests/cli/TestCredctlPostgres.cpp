// Drives the real credctl against a real PostgreSQL server (SPEC section 6, a store named by
// postgresql://user@host:port/dbname): the everyday commands, moving a store from SQLite to
// PostgreSQL and back with export / import under other keys, key rotation, connection errors
// that never show a password, another program's database, and two writers at once.
//
// Only Qt Core and Sql: the database is looked into with plain SQL through QPSQL, never with the
// project's classes. The test runs under scripts/with-postgres, which gives it a throwaway
// cluster in CM_TEST_POSTGRES_URL (and the password in PGPASSWORD); every test function works in
// a fresh database cm_t_<random hex> that cleanup() drops. Secrets, passphrases and the
// cluster's password are never printed: failure messages show command words and stderr, and
// compare values without showing them.

#include "support/BackupComparison.h"
#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/SqlConnection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <QUuid>

#include <memory>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using Fields = QMap<QString, QString>;

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString PassphraseVariable = u"CM_TEST_PASSPHRASE"_s;
const QString PasswordVariable = u"PGPASSWORD"_s;
// The store's write lock on PostgreSQL (docs/storage-format.md): the bytes of "cmstore".
constexpr qint64 WriteLockId = 0x636d73746f7265;

QByteArray makeKey()
{
    return randomBytes(32).toHex();
}

// Neither stdout nor stderr holds any of the values; the message never shows them.
#define CHECK_NO_SECRET(outcome, values)                                                                               \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        for (const QString& value_ : (values)) {                                                                       \
            QVERIFY2(!checked_.out.contains(value_.toUtf8()) && !checked_.err.contains(value_.toUtf8()),               \
                     qPrintable(u"the output of credctl %1 holds a secret"_s.arg(checked_.command)));                  \
        }                                                                                                              \
    } while (false)

// stderr is one sentence: "credctl: ..." on one line.
#define CHECK_ONE_SENTENCE(outcome)                                                                                    \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        QVERIFY2(checked_.err.startsWith("credctl: ") && checked_.err.count('\n') == 1,                                \
                 qPrintable(u"credctl %1 did not write one sentence: "_s.arg(checked_.command)                         \
                            + QString::fromUtf8(checked_.err)));                                                       \
    } while (false)

struct SourceCredential
{
    QString name;
    QString provider;
    QStringList fields; // KEY=VALUE, not secret
    Fields secrets; // key -> value, passed through --field-env
};

// A loopback TCP port nobody listens on (it was free a moment ago): connecting is refused.
int closedPort()
{
#ifdef Q_OS_UNIX
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
        && ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
#else
    return 1;
#endif
}

// A connection of the test's own to one database of the test cluster, the way another program
// (or an administrator with psql) would look into it.
class PgConnection
{
public:
    PgConnection(const QUrl& server, const QString& password, const QString& database)
        : m_name(u"pg-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_name);
        db.setHostName(server.host());
        db.setPort(server.port(5432));
        db.setUserName(server.userName());
        db.setPassword(password);
        db.setDatabaseName(database);
        m_open = db.open();
        if (!m_open)
            m_lastError = db.lastError().text();
    }
    ~PgConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    bool isOpen() const { return m_open; }
    QString lastError() const { return m_lastError; }

    bool exec(const QString& statement, const QVariantList& values = {}) const
    {
        bool ok = false;
        executed(statement, values, &ok);
        return ok;
    }
    QVariant scalar(const QString& statement, const QVariantList& values = {}) const
    {
        bool ok = false;
        QSqlQuery query = executed(statement, values, &ok);
        return ok && query.next() ? query.value(0) : QVariant();
    }
    QStringList column(const QString& statement, const QVariantList& values = {}) const
    {
        QStringList result;
        QSqlQuery query = executed(statement, values);
        while (query.next())
            result << query.value(0).toString();
        return result;
    }
    // The tables of the public schema, sorted.
    QStringList tables() const
    {
        return column(u"SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' "
                      "ORDER BY 1"_s);
    }

private:
    QSqlQuery executed(const QString& statement, const QVariantList& values, bool* ok = nullptr) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        bool done = false;
        if (values.isEmpty()) {
            done = query.exec(statement);
        } else if (query.prepare(statement)) {
            for (const QVariant& value : values)
                query.addBindValue(value);
            done = query.exec();
        }
        m_lastError = done ? QString() : query.lastError().text();
        if (ok)
            *ok = done;
        return query;
    }

    QString m_name;
    mutable QString m_lastError;
    bool m_open = false;
};

} // namespace

class TestCredctlPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void everydayCommands();
    void storeFromEnvironmentVariable();
    void moveSqliteToPostgresAndBack();
    void keyRotation();
    void passwordInUrlIsNeverShown();
    void wrongPassword();
    void missingPasswordWithoutATerminal();
    void closedPort();
    void anotherProgramsDatabase();
    void readOnlyCommandsCreateNothing();
    void concurrentCreatorsOfOneName();
    void concurrentEdits();
    void staleEditIsAConflict();
    void heldWriteLockIsBusy();
    void loginsWithoutRightsGetOneSentence();

private:
    QProcessEnvironment baseEnvironment() const;
    QProcessEnvironment keyedEnvironment(const QByteArray& key, const Fields& variables = {}) const;
    // 60 s: an export or import runs a MODERATE Argon2id derivation.
    Outcome run(const QStringList& arguments, const QProcessEnvironment& environment) const
    {
        return runCredctl(arguments, environment, m_root, 60);
    }
    Outcome ctl(const QString& store, const QByteArray& key, const QStringList& arguments,
                const Fields& variables = {}) const;
    QStringList addArguments(const SourceCredential& credential, Fields* variables) const;
    Outcome add(const QString& store, const QByteArray& key, const SourceCredential& credential) const;
    Outcome exportTo(const QString& store, const QByteArray& key, const QString& file,
                     const QByteArray& passphrase) const;
    Outcome importFrom(const QString& store, const QByteArray& key, const QString& file,
                       const QByteArray& passphrase) const;
    QJsonObject show(const QString& store, const QByteArray& key, const QString& name) const;
    QStringList names(const QString& store, const QByteArray& key) const;
    // Whether `count` credctl runs wait for the store's write lock (within 4 s).
    bool waitForLockWaiters(int count) const;
    // A URL of the test cluster for `database`, with `password` in it when given.
    QString urlFor(const QString& database, const QString& password = {}, int port = -1) const;
    std::unique_ptr<PgConnection> connect() const
    {
        return std::make_unique<PgConnection>(m_server, m_password, m_database);
    }

    QUrl m_server; // CM_TEST_POSTGRES_URL
    QString m_password; // PGPASSWORD
    std::unique_ptr<PgConnection> m_admin; // to the cluster's own database: creates and drops

    // Per test.
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root; // HOME and XDG folders live here
    QString m_database; // cm_t_<random hex>
    QString m_url; // postgresql://cm_test@127.0.0.1:PORT/cm_t_...
    QByteArray m_key;
};

// --- set-up ----------------------------------------------------------------------------

void TestCredctlPostgres::initTestCase()
{
    const QString url = qEnvironmentVariable("CM_TEST_POSTGRES_URL");
    if (url.isEmpty())
        QFAIL("CM_TEST_POSTGRES_URL is not set: run this test under scripts/with-postgres, which starts a "
              "throwaway PostgreSQL cluster for it.");
    m_server = QUrl(url, QUrl::StrictMode);
    QVERIFY2(m_server.isValid() && !m_server.host().isEmpty() && m_server.port() > 0,
             "CM_TEST_POSTGRES_URL is not a postgresql://user@host:port/database address");
    m_password = qEnvironmentVariable("PGPASSWORD");
    QVERIFY2(!m_password.isEmpty(), "PGPASSWORD is not set: run this test under scripts/with-postgres");
    QVERIFY2(QSqlDatabase::isDriverAvailable(u"QPSQL"_s), "Qt's PostgreSQL driver (QPSQL) is not installed");
    m_admin = std::make_unique<PgConnection>(m_server, m_password, m_server.path().mid(1));
    QVERIFY2(m_admin->isOpen(), qPrintable(u"the test cluster cannot be reached: "_s + m_admin->lastError()));
}

void TestCredctlPostgres::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_root = m_dir->path();
    QVERIFY(QDir().mkpath(m_root + u"/home"_s));
    m_database = u"cm_t_"_s + QString::fromLatin1(randomBytes(8).toHex());
    QVERIFY2(m_admin->exec(u"CREATE DATABASE "_s + m_database),
             qPrintable(u"CREATE DATABASE failed: "_s + m_admin->lastError()));
    m_url = urlFor(m_database);
    m_key = makeKey();
}

void TestCredctlPostgres::cleanup()
{
    // Nothing may create the default SQLite store: a store is always given.
    const bool created = QFileInfo::exists(m_root + u"/xdg-data/credential-manager/credentials.sqlite"_s);
    if (!m_database.isEmpty() && !m_admin->exec(u"DROP DATABASE IF EXISTS "_s + m_database + u" WITH (FORCE)"_s))
        qWarning("DROP DATABASE failed: %s", qPrintable(m_admin->lastError()));
    m_database.clear();
    m_dir.reset();
    QVERIFY2(!created, "credctl created the default store although a store was given");
}

QString TestCredctlPostgres::urlFor(const QString& database, const QString& password, int port) const
{
    QUrl url;
    url.setScheme(u"postgresql"_s);
    url.setUserName(m_server.userName());
    if (!password.isEmpty())
        url.setPassword(password);
    url.setHost(m_server.host());
    url.setPort(port > 0 ? port : m_server.port());
    url.setPath(u"/"_s + database);
    return url.toString();
}

QProcessEnvironment TestCredctlPostgres::baseEnvironment() const
{
    // No keychain: the key comes from the environment only. The password comes from
    // PGPASSWORD, as libpq reads it.
    QProcessEnvironment environment = withoutKeychain(credctlEnvironment(m_root), m_root + u"/xdg-runtime"_s);
    environment.remove(PassphraseVariable);
    environment.insert(PasswordVariable, m_password);
    return environment;
}

QProcessEnvironment TestCredctlPostgres::keyedEnvironment(const QByteArray& key, const Fields& variables) const
{
    QProcessEnvironment environment = baseEnvironment();
    if (!key.isEmpty())
        environment.insert(KeyVariable, QString::fromLatin1(key));
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

Outcome TestCredctlPostgres::ctl(const QString& store, const QByteArray& key, const QStringList& arguments,
                                 const Fields& variables) const
{
    return run(arguments + QStringList { u"--store"_s, store }, keyedEnvironment(key, variables));
}

QStringList TestCredctlPostgres::addArguments(const SourceCredential& credential, Fields* variables) const
{
    QStringList arguments { u"add"_s, credential.name, u"--provider"_s, credential.provider };
    for (const QString& field : credential.fields)
        arguments << u"--field"_s << field;
    int index = 0;
    for (auto it = credential.secrets.cbegin(); it != credential.secrets.cend(); ++it, ++index) {
        const QString variable = u"CM_TEST_SECRET_%1"_s.arg(index);
        variables->insert(variable, it.value());
        arguments << u"--field-env"_s << it.key() + u'=' + variable;
    }
    return arguments;
}

Outcome TestCredctlPostgres::add(const QString& store, const QByteArray& key, const SourceCredential& credential) const
{
    Fields variables;
    const QStringList arguments = addArguments(credential, &variables);
    return ctl(store, key, arguments, variables);
}

Outcome TestCredctlPostgres::exportTo(const QString& store, const QByteArray& key, const QString& file,
                                      const QByteArray& passphrase) const
{
    return ctl(store, key, { u"export"_s, file, u"--passphrase-env"_s, PassphraseVariable },
               { { PassphraseVariable, QString::fromUtf8(passphrase) } });
}

Outcome TestCredctlPostgres::importFrom(const QString& store, const QByteArray& key, const QString& file,
                                        const QByteArray& passphrase) const
{
    return ctl(store, key, { u"import"_s, file, u"--passphrase-env"_s, PassphraseVariable },
               { { PassphraseVariable, QString::fromUtf8(passphrase) } });
}

QJsonObject TestCredctlPostgres::show(const QString& store, const QByteArray& key, const QString& name) const
{
    const Outcome outcome = ctl(store, key, { u"show"_s, name, u"--json"_s, u"--reveal"_s });
    return outcome.code == 0 ? jsonObject(outcome.out) : QJsonObject();
}

QStringList TestCredctlPostgres::names(const QString& store, const QByteArray& key) const
{
    return listedNames(ctl(store, key, { u"list"_s, u"--json"_s }));
}

bool TestCredctlPostgres::waitForLockWaiters(int count) const
{
    return QTest::qWaitFor(
        [&] {
            return m_admin
                       ->scalar(u"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND "
                                "database = (SELECT oid FROM pg_database WHERE datname = ?)"_s,
                                { m_database })
                       .toInt()
                >= count;
        },
        4000);
}

// --- the everyday commands -------------------------------------------------------------

void TestCredctlPostgres::everydayCommands()
{
    const QString azureSecret = makeSecret("pg-azure");
    const QString embeddingsSecret = makeSecret("pg-emb");
    const QStringList secrets { azureSecret, embeddingsSecret };

    const Outcome added = add(m_url, m_key,
                              { u"Production Azure"_s,
                                u"azure-openai"_s,
                                { u"endpoint=https://prod-eu.openai.azure.com"_s, u"instance_name=prod-eu"_s },
                                { { u"api_key"_s, azureSecret } } });
    CHECK_EXIT(added, 0);
    CHECK_NO_SECRET(added, secrets);
    CHECK_EXIT(add(m_url, m_key,
                   { u"Embeddings"_s,
                     u"azure-openai-embeddings"_s,
                     { u"instance_name=emb-resource"_s, u"deployment_name=text-embedding-3-small"_s },
                     { { u"api_key"_s, embeddingsSecret } } }),
               0);

    // The store's tables are in the database, and nothing was written beside it.
    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        QCOMPARE(db->tables(), QStringList({ u"audit_log"_s, u"credentials"_s, u"meta"_s, u"settings"_s }));
        QCOMPARE(db->scalar(u"SELECT value FROM meta WHERE key = 'schema_version'"_s).toString(), u"1"_s);
    }

    const Outcome listed = ctl(m_url, m_key, { u"list"_s });
    CHECK_EXIT(listed, 0);
    CHECK_NO_SECRET(listed, secrets);
    CHECK_STDOUT(listed, u"Production Azure"_s);
    CHECK_STDOUT(listed, u"Embeddings"_s);

    const Outcome listedJson = ctl(m_url, m_key, { u"list"_s, u"--json"_s });
    CHECK_EXIT(listedJson, 0);
    CHECK_NO_SECRET(listedJson, secrets);
    const QJsonArray entries = jsonArray(listedJson.out);
    QCOMPARE(entries.size(), 2);
    QMap<QString, QJsonObject> byName;
    for (const QJsonValue& entry : entries) {
        const QJsonObject object = entry.toObject();
        for (const char* key : { "id", "name", "provider", "updated_at", "default_embeddings" })
            QVERIFY2(object.contains(QLatin1String(key)), key);
        byName.insert(object.value(u"name"_s).toString(), object);
    }
    QCOMPARE(byName.value(u"Production Azure"_s).value(u"provider"_s).toString(), u"azure-openai"_s);
    QCOMPARE(byName.value(u"Embeddings"_s).value(u"provider"_s).toString(), u"azure-openai-embeddings"_s);
    QCOMPARE(byName.value(u"Embeddings"_s).value(u"default_embeddings"_s).toBool(), true);
    QCOMPARE(byName.value(u"Production Azure"_s).value(u"default_embeddings"_s).toBool(), false);
    const QString azureId = byName.value(u"Production Azure"_s).value(u"id"_s).toString();
    QVERIFY(!azureId.isEmpty());

    // show --json masks the secret; --reveal shows it.
    const Outcome shown = ctl(m_url, m_key, { u"show"_s, u"production azure"_s, u"--json"_s });
    CHECK_EXIT(shown, 0);
    CHECK_NO_SECRET(shown, secrets);
    const QJsonObject masked = jsonObject(shown.out);
    QCOMPARE(masked.value(u"id"_s).toString(), azureId);
    QCOMPARE(masked.value(u"revision"_s).toInt(), 1);
    QCOMPARE(masked.value(u"fields"_s).toObject().value(u"endpoint"_s).toString(),
             u"https://prod-eu.openai.azure.com"_s);
    QVERIFY(masked.value(u"fields"_s).toObject().contains(u"api_key"_s));
    QVERIFY2(show(m_url, m_key, u"Production Azure"_s).value(u"fields"_s).toObject().value(u"api_key"_s).toString()
                 == azureSecret,
             "show --reveal does not show the stored secret");

    // edit a field, then rename.
    CHECK_EXIT(ctl(m_url, m_key, { u"edit"_s, u"Production Azure"_s, u"--field"_s, u"instance_name=prod-eu-2"_s }), 0);
    const Outcome renamed = ctl(m_url, m_key, { u"edit"_s, u"Production Azure"_s, u"--rename"_s, u"Prod Azure"_s });
    CHECK_EXIT(renamed, 0);
    const QJsonObject edited = show(m_url, m_key, u"Prod Azure"_s);
    QCOMPARE(edited.value(u"id"_s).toString(), azureId);
    QCOMPARE(edited.value(u"revision"_s).toInt(), 3);
    QCOMPARE(edited.value(u"fields"_s).toObject().value(u"instance_name"_s).toString(), u"prod-eu-2"_s);
    QVERIFY2(edited.value(u"fields"_s).toObject().value(u"api_key"_s).toString() == azureSecret,
             "the secret changed with an edit of another field");

    // Names are taken case-insensitively: adding or renaming onto one is a conflict.
    const Outcome duplicate
        = ctl(m_url, m_key, { u"add"_s, u"PROD AZURE"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s });
    CHECK_EXIT(duplicate, 6);
    CHECK_ONE_SENTENCE(duplicate);
    CHECK_STDERR(duplicate, u"already exists"_s);
    const Outcome renamedOnto = ctl(m_url, m_key, { u"edit"_s, u"Embeddings"_s, u"--rename"_s, u"prod azure"_s });
    CHECK_EXIT(renamedOnto, 6);
    CHECK_ONE_SENTENCE(renamedOnto);

    // The rows, seen with plain SQL.
    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        QCOMPARE(db->scalar(u"SELECT count(*) FROM credentials"_s).toInt(), 2);
        QCOMPARE(db->scalar(u"SELECT data_type::text FROM information_schema.columns WHERE table_schema = 'public' "
                            "AND table_name = 'credentials' AND column_name = 'payload'"_s)
                     .toString(),
                 u"bytea"_s);
        const QStringList ids = db->column(u"SELECT id FROM credentials ORDER BY name"_s);
        QCOMPARE(ids.size(), 2);
        for (const QString& id : ids) {
            const QByteArray payload
                = db->scalar(u"SELECT payload FROM credentials WHERE id = ?"_s, { id }).toByteArray();
            QVERIFY2(payload.size() > 1 + 24 + 16, "a payload is too short to be encrypted");
            QCOMPARE(int(quint8(payload.at(0))), 0x01);
            for (const QString& secret : secrets)
                QVERIFY2(!payload.contains(secret.toUtf8()), "a payload holds a secret in clear");
            QCOMPARE(db->scalar(u"SELECT get_byte(payload, 0) FROM credentials WHERE id = ?"_s, { id }).toInt(), 1);
        }
        QCOMPARE(db->scalar(u"SELECT revision FROM credentials WHERE id = ?"_s, { azureId }).toInt(), 3);
        QCOMPARE(db->scalar(u"SELECT name FROM credentials WHERE id = ?"_s, { azureId }).toString(), u"Prod Azure"_s);
        QCOMPARE(db->scalar(u"SELECT count(*) FROM (SELECT lower(name) FROM credentials GROUP BY lower(name) "
                            "HAVING count(*) > 1) AS duplicates"_s)
                     .toInt(),
                 0);
    }

    // delete needs the exact name.
    const Outcome mismatched = ctl(m_url, m_key, { u"delete"_s, u"Prod Azure"_s, u"--confirm"_s, u"prod azure"_s });
    CHECK_EXIT(mismatched, 4);
    const Outcome deleted = ctl(m_url, m_key, { u"delete"_s, u"Prod Azure"_s, u"--confirm"_s, u"Prod Azure"_s });
    CHECK_EXIT(deleted, 0);
    QCOMPARE(names(m_url, m_key), QStringList({ u"Embeddings"_s }));
    CHECK_EXIT(ctl(m_url, m_key, { u"show"_s, u"Prod Azure"_s }), 3);

    // The audit log holds every change, in order, without a value.
    const Outcome audited = ctl(m_url, m_key, { u"audit"_s, u"--json"_s });
    CHECK_EXIT(audited, 0);
    CHECK_NO_SECRET(audited, secrets);
    QStringList actions;
    for (const QJsonValue& value : jsonArray(audited.out)) {
        const QJsonObject entry = value.toObject();
        QVERIFY2(!entry.value(u"actor"_s).toString().isEmpty(), "an audit entry has no actor");
        actions << entry.value(u"action"_s).toString() + u' ' + entry.value(u"credential_name"_s).toString();
    }
    QCOMPARE(actions,
             QStringList({ u"create Production Azure"_s, u"create Embeddings"_s, u"update Production Azure"_s,
                           u"rename Prod Azure"_s, u"delete Prod Azure"_s }));
    {
        const auto db = connect();
        QCOMPARE(db->scalar(u"SELECT count(*) FROM audit_log"_s).toInt(), 5);
        QCOMPARE(db->column(u"SELECT fields FROM audit_log WHERE action = 'update'"_s),
                 QStringList({ u"[\"instance_name\"]"_s }));
    }
}

void TestCredctlPostgres::storeFromEnvironmentVariable()
{
    const QString secret = makeSecret("pg-env");
    // No --store: CREDENTIAL_STORE names the database.
    Fields variables { { u"CREDENTIAL_STORE"_s, m_url }, { u"CM_TEST_SECRET"_s, secret } };
    const Outcome added = run(
        { u"add"_s, u"Env Mistral"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s },
        keyedEnvironment(m_key, variables));
    CHECK_EXIT(added, 0);
    CHECK_NO_SECRET(added, QStringList({ secret }));
    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        QCOMPARE(db->column(u"SELECT name FROM credentials"_s), QStringList({ u"Env Mistral"_s }));
    }
    const Outcome listed = run({ u"list"_s, u"--json"_s }, keyedEnvironment(m_key, variables));
    CHECK_EXIT(listed, 0);
    QCOMPARE(jsonArray(listed.out).size(), 1);
    QCOMPARE(jsonArray(listed.out).at(0)[u"name"_s].toString(), u"Env Mistral"_s);
    const Outcome shown
        = run({ u"show"_s, u"env mistral"_s, u"--json"_s, u"--reveal"_s }, keyedEnvironment(m_key, variables));
    CHECK_EXIT(shown, 0);
    QVERIFY2(jsonObject(shown.out).value(u"fields"_s).toObject().value(u"api_key"_s).toString() == secret,
             "the credential added through CREDENTIAL_STORE does not show its secret");
    // --store wins over CREDENTIAL_STORE, like for a file.
    const Outcome both = run({ u"list"_s, u"--json"_s, u"--store"_s, m_root + u"/other.sqlite"_s },
                             keyedEnvironment(m_key, variables));
    CHECK_EXIT(both, 0);
    QCOMPARE(jsonArray(both.out).size(), 0);
}

// --- moving a store --------------------------------------------------------------------

void TestCredctlPostgres::moveSqliteToPostgresAndBack()
{
    const QString sqliteSource = m_root + u"/source.sqlite"_s;
    const QString sqliteTarget = m_root + u"/back.sqlite"_s;
    const QByteArray sourceKey = m_key;
    const QByteArray postgresKey = makeKey();
    const QByteArray backKey = makeKey();
    QVERIFY(sourceKey != postgresKey && postgresKey != backKey);
    const QByteArray passphrase = "correct horse battery " + randomBytes(6).toHex();
    const QByteArray secondPassphrase = "staple ünïcödé " + randomBytes(6).toHex();

    // Secrets with unicode, punctuation and shell metacharacters.
    const QStringList secrets { makeSecret("azure") + u"-ÄÖÜ-ß-€"_s,
                                makeSecret("emb") + u"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"_s,
                                makeSecret("mistral") + u" ünï cödé ✓ 🔑 日本語"_s, makeSecret("ionos"),
                                makeSecret("local") + u"=a=b;c d|e&f"_s };
    const QList<SourceCredential> credentials {
        { u"Production Azure"_s,
          u"azure-openai"_s,
          { u"endpoint=https://prod-eu.openai.azure.com"_s, u"instance_name=prod-eu"_s },
          { { u"api_key"_s, secrets.at(0) } } },
        { u"Embeddings"_s,
          u"azure-openai-embeddings"_s,
          { u"instance_name=emb-resource"_s, u"deployment_name=text-embedding-3-small"_s },
          { { u"api_key"_s, secrets.at(1) } } },
        { u"Mistral Ünïcödé ✓"_s,
          u"mistral"_s,
          { u"endpoint=https://mistral-proxy.example.com/v1"_s },
          { { u"api_key"_s, secrets.at(2) } } },
        { u"IONOS (prod) 'eu'"_s,
          u"ionos"_s,
          {},
          { { u"token"_s, u"eyJhbGciOiJIUzI1NiJ9."_s + secrets.at(3) + u".c2ln"_s } } },
        { u"Local LLM"_s,
          u"custom"_s,
          { u"endpoint=http://127.0.0.1:8080/v1"_s },
          { { u"api_key"_s, secrets.at(4) } } },
    };
    for (const SourceCredential& credential : credentials)
        CHECK_EXIT(add(sqliteSource, sourceKey, credential), 0);
    CHECK_EXIT(
        ctl(sqliteSource, sourceKey, { u"edit"_s, u"Production Azure"_s, u"--field"_s, u"instance_name=prod-eu-2"_s }),
        0);

    QMap<QString, QJsonObject> sourceShows;
    for (const SourceCredential& credential : credentials) {
        const QJsonObject shown = show(sqliteSource, sourceKey, credential.name);
        QVERIFY2(!shown.isEmpty(), qPrintable(u"show \"%1\" failed in the SQLite store"_s.arg(credential.name)));
        sourceShows.insert(credential.name, shown);
    }
    // The values went in as given (the comparison after the move would not notice otherwise).
    QVERIFY2(sourceShows.value(u"Mistral Ünïcödé ✓"_s).value(u"fields"_s).toObject().value(u"api_key"_s).toString()
                 == secrets.at(2),
             "the unicode secret was not stored as given");
    QVERIFY2(sourceShows.value(u"Local LLM"_s).value(u"fields"_s).toObject().value(u"api_key"_s).toString()
                 == secrets.at(4),
             "the secret with punctuation was not stored as given");
    QVERIFY(sourceShows.value(u"Embeddings"_s).value(u"default_embeddings"_s).toBool());
    QStringList expectedNames = sourceShows.keys();
    expectedNames.sort();
    const QStringList allSecrets
        = secrets + QStringList { QString::fromUtf8(passphrase), QString::fromUtf8(secondPassphrase), m_password };

    // SQLite -> PostgreSQL under another key.
    const QString toPostgres = m_root + u"/to-postgres.cmexport"_s;
    const Outcome exported = exportTo(sqliteSource, sourceKey, toPostgres, passphrase);
    CHECK_EXIT(exported, 0);
    CHECK_NO_SECRET(exported, allSecrets);
    const Outcome imported = importFrom(m_url, postgresKey, toPostgres, passphrase);
    CHECK_NO_SECRET(imported, allSecrets);
    CHECK_EXIT(imported, 0);
    QCOMPARE(names(m_url, postgresKey), expectedNames);
    for (const QString& name : sourceShows.keys())
        CHECK_SAME_BACKUP(sourceShows.value(name), show(m_url, postgresKey, name));
    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        QCOMPARE(db->scalar(u"SELECT count(*) FROM credentials"_s).toInt(), credentials.size());
        SqlConnection source(sqliteSource);
        QVERIFY(source.isOpen());
        QVERIFY(db->scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString()
                != source.scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString());
        QCOMPARE(db->scalar(u"SELECT count(*) FROM settings WHERE key = 'default_embeddings_credential_id'"_s).toInt(),
                 1);
    }
    // Re-encrypted: the source key does not open it.
    CHECK_EXIT(ctl(m_url, sourceKey, { u"show"_s, u"Local LLM"_s }), 2);

    // PostgreSQL -> a fresh SQLite store under a third key.
    const QString toSqlite = m_root + u"/to-sqlite.cmexport"_s;
    const Outcome exportedAgain = exportTo(m_url, postgresKey, toSqlite, secondPassphrase);
    CHECK_NO_SECRET(exportedAgain, allSecrets);
    CHECK_EXIT(exportedAgain, 0);
    const Outcome importedBack = importFrom(sqliteTarget, backKey, toSqlite, secondPassphrase);
    CHECK_NO_SECRET(importedBack, allSecrets);
    CHECK_EXIT(importedBack, 0);
    QCOMPARE(names(sqliteTarget, backKey), expectedNames);
    for (const QString& name : sourceShows.keys())
        CHECK_SAME_BACKUP(sourceShows.value(name), show(sqliteTarget, backKey, name));
    CHECK_EXIT(ctl(sqliteTarget, postgresKey, { u"show"_s, u"Local LLM"_s }), 2);
}

// --- key rotation ----------------------------------------------------------------------

void TestCredctlPostgres::keyRotation()
{
    const QString first = makeSecret("rotate1");
    const QString second = makeSecret("rotate2");
    CHECK_EXIT(add(m_url, m_key, { u"Rotate Mistral"_s, u"mistral"_s, {}, { { u"api_key"_s, first } } }), 0);
    CHECK_EXIT(add(m_url, m_key,
                   { u"Rotate Custom"_s,
                     u"custom"_s,
                     { u"endpoint=https://llm.example.com/v1"_s },
                     { { u"api_key"_s, second } } }),
               0);
    QMap<QString, QByteArray> payloadsBefore;
    QString keyIdBefore;
    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        for (const QString& id : db->column(u"SELECT id FROM credentials"_s))
            payloadsBefore.insert(id,
                                  db->scalar(u"SELECT payload FROM credentials WHERE id = ?"_s, { id }).toByteArray());
        keyIdBefore = db->scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString();
    }
    QCOMPARE(payloadsBefore.size(), 2);
    QVERIFY(!keyIdBefore.isEmpty());

    const QByteArray newKey = makeKey();
    const Outcome rotated = ctl(m_url, m_key, { u"key"_s, u"rotate"_s, u"--new-key-env"_s, u"CM_TEST_NEW_KEY"_s },
                                { { u"CM_TEST_NEW_KEY"_s, QString::fromLatin1(newKey) } });
    CHECK_NO_SECRET(rotated, QStringList({ first, second, QString::fromLatin1(newKey), QString::fromLatin1(m_key) }));
    CHECK_EXIT(rotated, 0);

    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        QVERIFY2(db->scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString() != keyIdBefore,
                 "the key id did not change");
        for (auto it = payloadsBefore.cbegin(); it != payloadsBefore.cend(); ++it) {
            const QByteArray now
                = db->scalar(u"SELECT payload FROM credentials WHERE id = ?"_s, { it.key() }).toByteArray();
            QVERIFY2(!now.isEmpty() && now != it.value(), "a payload was not re-encrypted");
            QCOMPARE(int(quint8(now.at(0))), 0x01);
        }
        QCOMPARE(db->scalar(u"SELECT count(*) FROM audit_log WHERE action = 'rotate-key'"_s).toInt(), 1);
    }

    const Outcome withOldKey = ctl(m_url, m_key, { u"show"_s, u"Rotate Mistral"_s, u"--json"_s, u"--reveal"_s });
    CHECK_NO_SECRET(withOldKey, QStringList({ first, second }));
    CHECK_EXIT(withOldKey, 2);
    CHECK_ONE_SENTENCE(withOldKey);
    CHECK_EXIT(ctl(m_url, m_key, { u"add"_s, u"Late"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s }),
               2);

    QVERIFY2(show(m_url, newKey, u"Rotate Mistral"_s).value(u"fields"_s).toObject().value(u"api_key"_s).toString()
                 == first,
             "the new key does not show the first value");
    QVERIFY2(show(m_url, newKey, u"Rotate Custom"_s).value(u"fields"_s).toObject().value(u"api_key"_s).toString()
                 == second,
             "the new key does not show the second value");
}

// --- connection errors -----------------------------------------------------------------

void TestCredctlPostgres::passwordInUrlIsNeverShown()
{
    const QString withPassword = urlFor(m_database, m_password);
    QVERIFY(withPassword.contains(m_password));
    // Without PGPASSWORD (and without ~/.pgpass: HOME is the test's folder) only the URL has it.
    QProcessEnvironment environment = keyedEnvironment(m_key);
    environment.remove(PasswordVariable);
    environment.insert(u"CM_TEST_SECRET"_s, makeSecret("pw"));
    const QStringList hidden { m_password };

    const QList<QPair<QStringList, int>> runs {
        { { u"list"_s }, 0 },
        { { u"add"_s, u"Pw Mistral"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s },
          0 },
        { { u"list"_s }, 0 },
        { { u"list"_s, u"--json"_s }, 0 },
        { { u"show"_s, u"Pw Mistral"_s }, 0 },
        { { u"audit"_s }, 0 },
        { { u"show"_s, u"Nobody"_s }, 3 },
        { { u"add"_s, u"pw mistral"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s }, 6 },
    };
    for (const auto& [arguments, expected] : runs) {
        const Outcome outcome = run(arguments + QStringList { u"--store"_s, withPassword }, environment);
        CHECK_NO_SECRET(outcome, hidden);
        CHECK_EXIT(outcome, expected);
    }
    {
        const auto db = connect();
        QCOMPARE(db->column(u"SELECT name FROM credentials"_s), QStringList({ u"Pw Mistral"_s }));
    }
    CHECK_STDOUT(run({ u"list"_s, u"--store"_s, withPassword }, environment), u"Pw Mistral"_s);

    // Errors that name the store: a database that does not exist, a wrong password in the URL.
    const QString wrongPassword = QString::fromLatin1(randomBytes(12).toHex());
    const QList<QString> failing { urlFor(m_database + u"_missing"_s, m_password), urlFor(m_database, wrongPassword) };
    for (const QString& url : failing) {
        for (const QStringList& arguments :
             { QStringList { u"list"_s },
               QStringList { u"add"_s, u"X"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s } }) {
            const Outcome outcome = run(arguments + QStringList { u"--store"_s, url }, environment);
            CHECK_NO_SECRET(outcome, QStringList({ m_password, wrongPassword }));
            CHECK_EXIT(outcome, 7);
            CHECK_ONE_SENTENCE(outcome);
            CHECK_STDERR(outcome, m_server.host());
        }
    }
}

void TestCredctlPostgres::wrongPassword()
{
    const QString wrong = QString::fromLatin1(randomBytes(12).toHex());
    QProcessEnvironment environment = keyedEnvironment(m_key);
    environment.insert(PasswordVariable, wrong);
    for (const QStringList& arguments :
         { QStringList { u"list"_s },
           QStringList { u"add"_s, u"X"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s } }) {
        const Outcome outcome = run(arguments + QStringList { u"--store"_s, m_url }, environment);
        CHECK_NO_SECRET(outcome, QStringList({ wrong, m_password }));
        CHECK_EXIT(outcome, 7);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, m_server.host());
        QVERIFY2(outcome.err.contains("PGPASSWORD") || outcome.err.contains(".pgpass"),
                 qPrintable(u"stderr of credctl %1 does not say where the password comes from: "_s.arg(outcome.command)
                            + QString::fromUtf8(outcome.err)));
        QVERIFY(outcome.out.isEmpty());
    }
    const auto db = connect();
    QCOMPARE(db->tables(), QStringList());
}

// No password anywhere and no terminal to ask on (credctl runs without one here): one
// sentence that says where a password may come from, and nothing is created.
void TestCredctlPostgres::missingPasswordWithoutATerminal()
{
    QProcessEnvironment environment = keyedEnvironment(m_key);
    environment.remove(PasswordVariable);
    environment.insert(u"PGPASSFILE"_s, m_root + u"/no-such-pgpass"_s);
    const Outcome outcome = run({ u"list"_s, u"--store"_s, m_url }, environment);
    CHECK_NO_SECRET(outcome, QStringList({ m_password }));
    CHECK_EXIT(outcome, 7);
    CHECK_ONE_SENTENCE(outcome);
    CHECK_STDERR(outcome, u"needs a password"_s);
    CHECK_STDERR(outcome, u"PGPASSWORD"_s);
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(connect()->tables(), QStringList());
}

void TestCredctlPostgres::closedPort()
{
    const int port = ::closedPort();
    QVERIFY(port > 0);
    const QString url = urlFor(m_database, QString(), port);
    QElapsedTimer timer;
    timer.start();
    for (const QStringList& arguments :
         { QStringList { u"list"_s },
           QStringList { u"add"_s, u"X"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s } }) {
        const Outcome outcome = ctl(url, m_key, arguments);
        CHECK_NO_SECRET(outcome, QStringList({ m_password }));
        CHECK_EXIT(outcome, 7);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, m_server.host());
        CHECK_STDERR(outcome, QString::number(port));
    }
    QVERIFY2(timer.elapsed() < 20000, "two refused connections took more than 20 s to report");
}

void TestCredctlPostgres::anotherProgramsDatabase()
{
    {
        const auto db = connect();
        QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
        QVERIFY(db->exec(u"CREATE TABLE foreign_stuff (id INTEGER PRIMARY KEY, note TEXT NOT NULL)"_s));
        QVERIFY(db->exec(u"INSERT INTO foreign_stuff VALUES (1, 'keep me')"_s));
    }
    const QString secret = makeSecret("foreign");
    for (const QStringList& arguments : { QStringList { u"list"_s }, QStringList { u"list"_s, u"--json"_s },
                                          QStringList { u"audit"_s }, QStringList { u"show"_s, u"X"_s },
                                          QStringList { u"add"_s, u"X"_s, u"--provider"_s, u"mistral"_s,
                                                        u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s } }) {
        const Outcome outcome = ctl(m_url, m_key, arguments, { { u"CM_TEST_SECRET"_s, secret } });
        CHECK_NO_SECRET(outcome, QStringList({ m_password, secret }));
        CHECK_EXIT(outcome, 7);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, m_database);
        CHECK_STDERR(outcome, u"not a credential store"_s);
        QVERIFY(outcome.out.isEmpty());
    }
    const auto db = connect();
    QCOMPARE(db->tables(), QStringList({ u"foreign_stuff"_s }));
    QCOMPARE(db->column(u"SELECT note FROM foreign_stuff"_s), QStringList({ u"keep me"_s }));
    QCOMPARE(
        db->scalar(u"SELECT count(*) FROM information_schema.sequences WHERE sequence_schema = 'public'"_s).toInt(), 0);
}

void TestCredctlPostgres::readOnlyCommandsCreateNothing()
{
    const QList<QPair<QStringList, int>> runs {
        { { u"list"_s }, 0 },  { { u"list"_s, u"--json"_s }, 0 },  { { u"show"_s, u"Anything"_s }, 3 },
        { { u"audit"_s }, 0 }, { { u"audit"_s, u"--json"_s }, 0 },
    };
    for (const auto& [arguments, expected] : runs) {
        const Outcome outcome = ctl(m_url, m_key, arguments);
        CHECK_EXIT(outcome, expected);
        if (arguments == QStringList({ u"list"_s, u"--json"_s }))
            QCOMPARE(jsonArray(outcome.out).size(), 0);
    }
    const auto db = connect();
    QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
    QCOMPARE(db->scalar(u"SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN "
                        "('pg_catalog', 'information_schema')"_s)
                 .toInt(),
             0);
}

// --- two writers at once ---------------------------------------------------------------

void TestCredctlPostgres::concurrentCreatorsOfOneName()
{
    // On an empty database both also race to create the store's tables.
    const QProcessEnvironment environment = keyedEnvironment(m_key);
    const auto [first, second] = runCredctlTogether(
        { u"add"_s, u"Race"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=a"_s, u"--store"_s, m_url },
        { u"add"_s, u"RACE"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=b"_s, u"--store"_s, m_url },
        environment, m_root);
    QVERIFY2(first.code == 0 || first.code == 6, qPrintable(describe(first, 0)));
    QVERIFY2(second.code == 0 || second.code == 6, qPrintable(describe(second, 0)));
    QVERIFY2((first.code == 0) != (second.code == 0),
             qPrintable(
                 u"exit codes %1 and %2: exactly one add of the name must succeed"_s.arg(first.code).arg(second.code)));
    const auto db = connect();
    QCOMPARE(db->scalar(u"SELECT count(*) FROM credentials"_s).toInt(), 1);
    QCOMPARE(db->scalar(u"SELECT count(*) FROM meta WHERE key = 'store_id'"_s).toInt(), 1);
}

void TestCredctlPostgres::concurrentEdits()
{
    CHECK_EXIT(ctl(m_url, m_key,
                   { u"add"_s, u"Shared"_s, u"--provider"_s, u"custom"_s, u"--field"_s,
                     u"endpoint=https://start.example.com/v1"_s, u"--field"_s, u"api_key=k"_s }),
               0);
    const QProcessEnvironment environment = keyedEnvironment(m_key);
    constexpr int Rounds = 10;
    int successes = 0;
    int conflicts = 0;
    QStringList lastWritten; // the values the successful edits of the latest round with one wrote
    QElapsedTimer timer;
    timer.start();
    for (int round = 0; round < Rounds; ++round) {
        // Every edit writes a value of its own, so a successful edit always makes a revision.
        const QString a = u"https://round-%1-a.example.com/v1"_s.arg(round);
        const QString b = u"https://round-%1-b.example.com/v1"_s.arg(round);
        const auto [first, second] = runCredctlTogether(
            { u"edit"_s, u"Shared"_s, u"--field"_s, u"endpoint="_s + a, u"--store"_s, m_url },
            { u"edit"_s, u"Shared"_s, u"--field"_s, u"endpoint="_s + b, u"--store"_s, m_url }, environment, m_root);
        QStringList written;
        for (const auto& [outcome, value] : { qMakePair(first, a), qMakePair(second, b) }) {
            QVERIFY2(outcome.code == 0 || outcome.code == 6,
                     qPrintable(u"round %1: "_s.arg(round) + describe(outcome, 0)));
            if (outcome.code == 0) {
                ++successes;
                written << value;
            } else {
                ++conflicts;
                CHECK_ONE_SENTENCE(outcome);
                CHECK_STDERR(outcome, u"changed by someone else"_s);
            }
        }
        if (!written.isEmpty())
            lastWritten = written;
    }
    qInfo("%d concurrent edits succeeded and %d met a conflict in %lld ms", successes, conflicts,
          static_cast<long long>(timer.elapsed()));
    QVERIFY(successes >= Rounds); // at least one of each pair wins

    // No lost update: every successful edit made exactly one revision and one audit entry.
    const QJsonObject shown = show(m_url, m_key, u"Shared"_s);
    QCOMPARE(shown.value(u"revision"_s).toInt(), 1 + successes);
    QVERIFY2(lastWritten.contains(shown.value(u"fields"_s).toObject().value(u"endpoint"_s).toString()),
             "the stored endpoint is not one written by a successful edit of the last round");
    const auto db = connect();
    QCOMPARE(db->scalar(u"SELECT revision FROM credentials WHERE name = 'Shared'"_s).toInt(), 1 + successes);
    QCOMPARE(db->scalar(u"SELECT count(*) FROM audit_log WHERE action = 'update'"_s).toInt(), successes);
}

void TestCredctlPostgres::staleEditIsAConflict()
{
    CHECK_EXIT(ctl(m_url, m_key,
                   { u"add"_s, u"Stale"_s, u"--provider"_s, u"custom"_s, u"--field"_s,
                     u"endpoint=https://start.example.com/v1"_s, u"--field"_s, u"api_key=k"_s }),
               0);
    // The test holds the store's write lock (docs/storage-format.md) while two edits read the
    // credential and queue behind it: the first to get the lock wins, the second is stale.
    const auto db = connect();
    QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
    QVERIFY(db->exec(u"SELECT pg_advisory_lock(%1)"_s.arg(WriteLockId)));
    const QProcessEnvironment environment = keyedEnvironment(m_key);
    const std::unique_ptr<QProcess> one = startCredctl(
        { u"edit"_s, u"Stale"_s, u"--field"_s, u"endpoint=https://one.example.com/v1"_s, u"--store"_s, m_url },
        environment, m_root);
    const std::unique_ptr<QProcess> two = startCredctl(
        { u"edit"_s, u"Stale"_s, u"--rename"_s, u"Stale Two"_s, u"--store"_s, m_url }, environment, m_root);
    const bool bothWaited = waitForLockWaiters(2);
    QVERIFY(db->exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(WriteLockId)));
    const Outcome first = finishCredctl(*one);
    const Outcome second = finishCredctl(*two);
    QVERIFY2(bothWaited, "the two edits did not both wait for the write lock");
    QVERIFY2((first.code == 0 && second.code == 6) || (first.code == 6 && second.code == 0),
             qPrintable(describe(first, 0) + u"; "_s + describe(second, 0)));
    const Outcome& stale = first.code == 6 ? first : second;
    CHECK_ONE_SENTENCE(stale);
    CHECK_STDERR(stale, u"changed by someone else"_s);
    CHECK_STDERR(stale, u"Stale"_s);
    QCOMPARE(db->scalar(u"SELECT revision FROM credentials"_s).toInt(), 2);
    QCOMPARE(db->scalar(u"SELECT count(*) FROM audit_log WHERE action IN ('update', 'rename')"_s).toInt(), 1);
    // Exactly the winner's change is stored.
    const QString name = db->scalar(u"SELECT name FROM credentials"_s).toString();
    const QJsonObject shown = show(m_url, m_key, name);
    if (first.code == 0) {
        QCOMPARE(name, u"Stale"_s);
        QCOMPARE(shown.value(u"fields"_s).toObject().value(u"endpoint"_s).toString(), u"https://one.example.com/v1"_s);
    } else {
        QCOMPARE(name, u"Stale Two"_s);
        QCOMPARE(shown.value(u"fields"_s).toObject().value(u"endpoint"_s).toString(),
                 u"https://start.example.com/v1"_s);
    }
}

void TestCredctlPostgres::heldWriteLockIsBusy()
{
    CHECK_EXIT(ctl(m_url, m_key, { u"add"_s, u"Busy"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s }),
               0);
    const auto db = connect();
    QVERIFY2(db->isOpen(), qPrintable(db->lastError()));
    QVERIFY(db->exec(u"SELECT pg_advisory_lock(%1)"_s.arg(WriteLockId)));
    QElapsedTimer timer;
    timer.start();
    const Outcome outcome = ctl(m_url, m_key, { u"edit"_s, u"Busy"_s, u"--rename"_s, u"Busier"_s });
    const qint64 waited = timer.elapsed();
    QVERIFY(db->exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(WriteLockId)));
    CHECK_EXIT(outcome, 8);
    CHECK_ONE_SENTENCE(outcome);
    CHECK_STDERR(outcome, u"busy"_s);
    QVERIFY2(waited >= 4000 && waited < 20000,
             qPrintable(u"credctl gave up after %1 ms instead of the 5 s busy timeout"_s.arg(waited)));
    QCOMPARE(db->column(u"SELECT name FROM credentials"_s), QStringList({ u"Busy"_s }));
    QCOMPARE(db->scalar(u"SELECT revision FROM credentials"_s).toInt(), 1);
    // Readers need no lock: list works while a writer holds it.
    QVERIFY(db->exec(u"SELECT pg_advisory_lock(%1)"_s.arg(WriteLockId)));
    const Outcome listed = ctl(m_url, m_key, { u"list"_s });
    QVERIFY(db->exec(u"SELECT pg_advisory_unlock(%1)"_s.arg(WriteLockId)));
    CHECK_EXIT(listed, 0);
    CHECK_STDOUT(listed, u"Busy"_s);
}

// A platform service's read-only login reads; its refused writes, and a login with no rights
// at all, get credctl's one sentence: no driver warning around it, and never an empty store.
void TestCredctlPostgres::loginsWithoutRightsGetOneSentence()
{
    CHECK_EXIT(
        ctl(m_url, m_key,
            { u"add"_s, u"Shared"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=sk-shared-0123456789"_s }),
        0);
    const QString suffix = m_database.mid(5);
    const QString reader = u"cm_reader_"_s + suffix;
    const QString stranger = u"cm_stranger_"_s + suffix;
    const QString password = u"pw-"_s + suffix;
    QVERIFY(m_admin->exec(u"CREATE ROLE %1 LOGIN PASSWORD '%2'"_s.arg(reader, password)));
    QVERIFY(m_admin->exec(u"CREATE ROLE %1 LOGIN PASSWORD '%2'"_s.arg(stranger, password)));
    const auto dropRoles = qScopeGuard([&] {
        const auto database = connect();
        database->exec(u"DROP OWNED BY %1, %2"_s.arg(reader, stranger));
        m_admin->exec(u"DROP ROLE IF EXISTS %1"_s.arg(reader));
        m_admin->exec(u"DROP ROLE IF EXISTS %1"_s.arg(stranger));
    });
    QVERIFY(connect()->exec(u"GRANT SELECT ON meta, credentials, settings TO %1"_s.arg(reader)));

    const auto asLogin = [&](const QString& login) {
        QUrl url(m_url);
        url.setUserName(login);
        return url.toString();
    };
    const Fields withPassword { { u"PGPASSWORD"_s, password } };
    const auto oneLine = [](const QByteArray& text) { return text.trimmed().split('\n').size() == 1; };

    const Outcome listed = ctl(asLogin(reader), m_key, { u"list"_s }, withPassword);
    CHECK_EXIT(listed, 0);
    CHECK_STDOUT(listed, u"Shared"_s);

    const Outcome added
        = ctl(asLogin(reader), m_key,
              { u"add"_s, u"Other"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=sk-other-0123456789"_s },
              withPassword);
    CHECK_EXIT(added, 7);
    CHECK_STDERR(added, u"may not do this"_s);
    QVERIFY2(oneLine(added.err), qPrintable(u"stderr is not one sentence: "_s + QString::fromUtf8(added.err)));
    QCOMPARE(names(m_url, m_key), QStringList({ u"Shared"_s }));

    const Outcome strangerList = ctl(asLogin(stranger), m_key, { u"list"_s }, withPassword);
    CHECK_EXIT(strangerList, 7);
    CHECK_STDERR(strangerList, u"may not do this"_s);
    QVERIFY2(oneLine(strangerList.err),
             qPrintable(u"stderr is not one sentence: "_s + QString::fromUtf8(strangerList.err)));
}

QTEST_GUILESS_MAIN(TestCredctlPostgres)
#include "TestCredctlPostgres.moc"
