// The StoreWatcher on a real SQLite file or, with CM_TEST_STORE_ENGINE=postgresql, on a fresh
// database of a real PostgreSQL server (scripts/with-postgres): it hears creates, updates and
// deletes made through another connection (a second CredentialStore, as another program would)
// and by a separate credctl process; it stays silent while others only read or try writes that
// are refused and rolled back, and while nobody does anything; and it waits for a store that does not
// exist yet without making it. Secrets are random per run and never printed.

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "store/CredentialStore.h"
#include "store/FieldValues.h"
#include "store/StoreWatcher.h"
#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"
#include "support/TestDatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <utility>

using namespace cm;
using namespace cm::test;

namespace {

const QString Mistral = QStringLiteral("mistral");

// Generous for a loaded CI machine: the watcher polls every 500 ms (SQLite) or is told at
// commit (PostgreSQL), so it normally answers within a second.
constexpr int HeardWithinMs = 5000;
// Long enough for three polls: a watcher that reports anything would have done so by then.
constexpr int QuietForMs = 3 * StoreWatcher::PollIntervalMs;

FieldValues mistralFields(const QString& apiKey)
{
    return FieldValues { { QStringLiteral("api_key"), apiKey } };
}

QByteArray hexOf(const MasterKey& key)
{
    return key.toHexLine().view().first(2 * qsizetype(MasterKey::Size)).toByteArray();
}

} // namespace

class TestStoreWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void writesThroughAnotherConnectionAreHeard();
    void writesByCredctlAreHeard();
    void silentWithoutACommittedWrite();
    void missingStoreIsWaitedForNotMade();

private:
    bool onPostgres() const { return m_stores.onPostgres(); }
    // The test's store: a file in the temporary folder, or the URL of the test's fresh database.
    QString storeLocation() const { return m_storeLocation; }
    std::unique_ptr<CredentialStore> openStore(const QString& location);
    // Waits until the spy has heard at least once; returns how long it took, or -1.
    static qint64 heard(QSignalSpy& spy);

    // The temporary folder and, on PostgreSQL, the database this test function made.
    TestDatabases m_stores;
    QString m_storeLocation;
    MasterKey m_key = MasterKey::generate();
};

void TestStoreWatcher::initTestCase()
{
    const QString problem = m_stores.check();
    if (!problem.isEmpty())
        QFAIL(qPrintable(problem));
}

void TestStoreWatcher::init()
{
    m_storeLocation = m_stores.create();
    QVERIFY(!m_storeLocation.isEmpty());
    m_key = MasterKey::generate();
}

void TestStoreWatcher::cleanup()
{
    m_storeLocation.clear();
    const QString problem = m_stores.cleanup();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

std::unique_ptr<CredentialStore> TestStoreWatcher::openStore(const QString& location)
{
    auto opened = CredentialStore::open(location);
    if (!opened) {
        qWarning("open failed: %s", outcome(opened).constData());
        return nullptr;
    }
    return std::move(opened).value();
}

qint64 TestStoreWatcher::heard(QSignalSpy& spy)
{
    QElapsedTimer timer;
    timer.start();
    if (!QTest::qWaitFor([&spy] { return spy.count() > 0; }, HeardWithinMs))
        return -1;
    return timer.elapsed();
}

void TestStoreWatcher::writesThroughAnotherConnectionAreHeard()
{
    {
        auto setup = openStore(storeLocation());
        QVERIFY(setup);
        auto created = setup->create(m_key, QStringLiteral("Existing"), Mistral, mistralFields(makeSecret("w")));
        VERIFY_OK(created);
    }
    StoreWatcher watcher(storeLocation());
    QVERIFY(watcher.isWatching());
    QSignalSpy spy(&watcher, &StoreWatcher::changed);
    QCOMPARE(spy.count(), 0); // the first look reports nothing

    // Another program's connection, opened after the watcher.
    auto other = openStore(storeLocation());
    QVERIFY(other);

    auto created = other->create(m_key, QStringLiteral("Added"), Mistral, mistralFields(makeSecret("w")));
    VERIFY_OK(created);
    qint64 after = heard(spy);
    QVERIFY2(after >= 0, "a create through another connection was not heard");
    qInfo("create heard after %lld ms", after);

    spy.clear();
    auto updated = other->update(m_key, created->id, created->revision, QStringLiteral("Renamed"),
                                 mistralFields(makeSecret("w")));
    VERIFY_OK(updated);
    after = heard(spy);
    QVERIFY2(after >= 0, "an update through another connection was not heard");
    qInfo("update heard after %lld ms", after);

    spy.clear();
    VERIFY_OK(other->remove(m_key, updated->id, updated->revision));
    after = heard(spy);
    QVERIFY2(after >= 0, "a delete through another connection was not heard");
    qInfo("delete heard after %lld ms", after);
    QVERIFY(watcher.isWatching());
}

void TestStoreWatcher::writesByCredctlAreHeard()
{
    {
        auto setup = openStore(storeLocation());
        QVERIFY(setup);
        VERIFY_OK(setup->bindKey(m_key));
    }
    StoreWatcher watcher(storeLocation());
    QVERIFY(watcher.isWatching());
    QSignalSpy spy(&watcher, &StoreWatcher::changed);

    // credctl on its own: the key from the environment, no keychain, the secret from a variable.
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_stores.folder()), m_stores.filePath(QStringLiteral("xdg-runtime")));
    environment.insert(QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"), QString::fromLatin1(hexOf(m_key)));
    environment.insert(QStringLiteral("CM_TEST_SECRET"), makeSecret("credctl"));
    const Outcome added = runCredctl({ QStringLiteral("--store"), storeLocation(), QStringLiteral("add"),
                                       QStringLiteral("From Credctl"), QStringLiteral("--provider"), Mistral,
                                       QStringLiteral("--field-env"), QStringLiteral("api_key=CM_TEST_SECRET") },
                                     environment, m_stores.folder());
    CHECK_EXIT(added, 0);
    QVERIFY2(heard(spy) >= 0, "a credential added by credctl was not heard");

    spy.clear();
    const Outcome deleted
        = runCredctl({ QStringLiteral("--store"), storeLocation(), QStringLiteral("delete"),
                       QStringLiteral("From Credctl"), QStringLiteral("--confirm"), QStringLiteral("From Credctl") },
                     environment, m_stores.folder());
    CHECK_EXIT(deleted, 0);
    QVERIFY2(heard(spy) >= 0, "a credential deleted by credctl was not heard");
    auto check = openStore(storeLocation());
    QVERIFY(check);
    auto listed = check->list();
    VERIFY_OK(listed);
    QVERIFY(listed->isEmpty());
}

void TestStoreWatcher::silentWithoutACommittedWrite()
{
    CredentialSummary existing;
    {
        auto setup = openStore(storeLocation());
        QVERIFY(setup);
        auto created = setup->create(m_key, QStringLiteral("Taken"), Mistral, mistralFields(makeSecret("w")));
        VERIFY_OK(created);
        existing = created.value();
    }
    StoreWatcher watcher(storeLocation());
    QVERIFY(watcher.isWatching());
    QSignalSpy spy(&watcher, &StoreWatcher::changed);

    // Another program opens, lists and reads, and tries writes that are refused inside their
    // write transaction and rolled back (PostgreSQL: the NOTIFY goes with them); then nobody
    // does anything.
    auto other = openStore(storeLocation());
    QVERIFY(other);
    VERIFY_OK(other->list());
    VERIFY_OK(other->read(m_key, existing.id));
    VERIFY_OK(other->find(QStringLiteral("taken")));
    VERIFY_FAILS(other->create(m_key, QStringLiteral("taken"), Mistral, mistralFields(makeSecret("w"))),
                 ErrorCode::NameTaken);
    VERIFY_FAILS(other->update(m_key, existing.id, existing.revision + 1, QStringLiteral("Other"),
                               mistralFields(makeSecret("w"))),
                 ErrorCode::Conflict);
    VERIFY_FAILS(other->remove(MasterKey::generate(), existing.id, existing.revision), ErrorCode::KeyWrong);
    QTest::qWait(QuietForMs);
    QCOMPARE(spy.count(), 0);

    // The same watcher still hears a write: the silence above was not a dead watcher.
    VERIFY_OK(other->remove(m_key, existing.id, existing.revision));
    QVERIFY2(heard(spy) >= 0, "the watcher heard nothing after a write");
}

void TestStoreWatcher::missingStoreIsWaitedForNotMade()
{
    // SQLite: a file that does not exist yet. PostgreSQL: an empty database, no store in it yet.
    const QString location = storeLocation();
    StoreWatcher watcher(location);
    QSignalSpy spy(&watcher, &StoreWatcher::changed);
    QTest::qWait(QuietForMs);
    QCOMPARE(spy.count(), 0);
    if (onPostgres()) {
        const SqlConnection raw(location);
        QVERIFY2(raw.isOpen(), qPrintable(raw.lastError()));
        QCOMPARE(raw.tables(), QStringList());
    } else {
        QVERIFY(!watcher.isWatching());
        QVERIFY2(!QFileInfo::exists(location), "the watcher created the store file");
        QCOMPARE(QDir(m_stores.folder()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
    }

    // Another party creates the store and writes its first credential.
    auto other = openStore(location);
    QVERIFY(other);
    if (!onPostgres()) {
        // The file alone is news: it may hold anything by the time the watcher looks.
        QVERIFY2(heard(spy) >= 0, "a store that appeared was not heard");
        QVERIFY(watcher.isWatching());
        spy.clear();
    }
    VERIFY_OK(other->create(m_key, QStringLiteral("First"), Mistral, mistralFields(makeSecret("w"))));
    QVERIFY2(heard(spy) >= 0, "the first credential of a new store was not heard");
    QVERIFY(watcher.isWatching());
}

QTEST_GUILESS_MAIN(TestStoreWatcher)
#include "TestStoreWatcher.moc"
