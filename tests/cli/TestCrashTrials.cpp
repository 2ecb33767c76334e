// SIGKILL at random instants during a save, a delete, a key rotation and an import, run by
// the real credctl on a real SQLite store. After every kill the store opens, passes
// PRAGMA integrity_check, every credential decrypts under the one key the store names, and no
// change is half applied: a credential and its audit row are both there or both missing, and
// an import's audit rows come in whole files. The number of trials is printed.
#include "backup/ExportFile.h"
#include "crypto/MasterKey.h"
#include "store/CredentialStore.h"
#include "support/CredctlProcess.h"
#include "support/SqlConnection.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace cm;
using namespace cm::test;

namespace {

constexpr int SeedCount = 1000;
constexpr int ImportSize = 5;

QString hexOf(const MasterKey& key)
{
    return QString::fromLatin1(key.view().toByteArray().toHex());
}

} // namespace

class TestCrashTrials : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killsLoseNothing_data();
    void killsLoseNothing();
    void cleanupTestCase();

private:
    QString storePath() const { return m_dir.filePath(QStringLiteral("store.sqlite")); }
    QProcessEnvironment environment() const;
    Outcome credctl(const QStringList& arguments) const;
    // Checks the store after a kill; `why` says what was found wrong. Notes which key the store
    // is bound to now, for the next run.
    bool storeIsWhole(QString* why);

    QTemporaryDir m_dir;
    MasterKey m_keyA = MasterKey::generate();
    MasterKey m_keyB = MasterKey::generate();
    bool m_storeUsesB = false;
    int m_trials = 0;
    int m_killedMidway = 0; // credctl had not finished when it was killed
};

QProcessEnvironment TestCrashTrials::environment() const
{
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_dir.path()), m_dir.filePath(QStringLiteral("runtime")));
    environment.insert(QStringLiteral("CREDENTIAL_STORE"), storePath());
    environment.insert(QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"), hexOf(m_storeUsesB ? m_keyB : m_keyA));
    environment.insert(QStringLiteral("OTHER_KEY"), hexOf(m_storeUsesB ? m_keyA : m_keyB));
    environment.insert(QStringLiteral("EXPORT_PASSPHRASE"), QStringLiteral("crash trials passphrase"));
    return environment;
}

Outcome TestCrashTrials::credctl(const QStringList& arguments) const
{
    return runCredctl(arguments, environment(), m_dir.path(), 60);
}

void TestCrashTrials::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // A store of some size, so that a rotation's transaction takes long enough to be hit.
    QList<Credential> seeds;
    for (int i = 0; i < SeedCount; ++i) {
        Credential seed;
        seed.summary.name = QStringLiteral("seed-%1").arg(i);
        seed.summary.provider = QStringLiteral("mistral");
        seed.fields.insert(QStringLiteral("api_key"), QStringLiteral("sk-seed-%1-0123456789abcdef").arg(i));
        seeds.append(seed);
    }
    {
        Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(storePath(), {});
        QVERIFY(store.ok());
        QVERIFY(store.value()->importAll(m_keyA, seeds, CredentialStore::ConflictPolicy::Fail).ok());
    }
    // The file every import trial brings in again (replacing what an earlier one brought), at
    // the cheapest key derivation so the import itself is what the kills hit.
    QList<Credential> five = seeds.mid(0, ImportSize);
    for (int i = 0; i < ImportSize; ++i)
        five[i].summary.name = QStringLiteral("imported-%1").arg(i);
    const Result<QByteArray> file
        = ExportFile::write(five, SecureBuffer::copyOf("crash trials passphrase"), ExportFile::minimumCost());
    QVERIFY(file.ok());
    QFile out(m_dir.filePath(QStringLiteral("five.json")));
    QVERIFY(out.open(QIODevice::WriteOnly) && out.write(file.value()) == file->size());
}

void TestCrashTrials::killsLoseNothing_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("trials");
    QTest::newRow("save") << QStringLiteral("save") << 80;
    QTest::newRow("delete") << QStringLiteral("delete") << 80;
    QTest::newRow("rotation") << QStringLiteral("rotation") << 60;
    QTest::newRow("import") << QStringLiteral("import") << 40;
}

void TestCrashTrials::killsLoseNothing()
{
    QFETCH(QString, operation);
    QFETCH(int, trials);
    QRandomGenerator random(20261127u + quint32(qHash(operation)));
    // The arguments of trial `i`; a save adds a new credential, a delete removes a seed
    // (added back afterwards when it went), a rotation swaps the keys.
    const auto arguments = [&](int i) -> QStringList {
        if (operation == QLatin1String("save"))
            return { QStringLiteral("add"),        QStringLiteral("%1-%2").arg(operation).arg(i),
                     QStringLiteral("--provider"), QStringLiteral("mistral"),
                     QStringLiteral("--field"),    QStringLiteral("api_key=sk-trial-%1-0123456789").arg(i) };
        if (operation == QLatin1String("delete"))
            return { QStringLiteral("delete"), QStringLiteral("seed-%1").arg(i), QStringLiteral("--confirm"),
                     QStringLiteral("seed-%1").arg(i) };
        if (operation == QLatin1String("rotation"))
            return { QStringLiteral("key"), QStringLiteral("rotate"), QStringLiteral("--new-key-env"),
                     QStringLiteral("OTHER_KEY") };
        return { QStringLiteral("import"),           m_dir.filePath(QStringLiteral("five.json")),
                 QStringLiteral("--passphrase-env"), QStringLiteral("EXPORT_PASSPHRASE"),
                 QStringLiteral("--on-conflict"),    QStringLiteral("replace") };
    };

    // How long one run takes when nothing stops it: kills land anywhere in that time.
    QElapsedTimer timer;
    timer.start();
    const Outcome whole = credctl(arguments(SeedCount - 1));
    const qint64 wholeMs = timer.elapsed();
    QVERIFY2(whole.code == 0, qPrintable(describe(whole, 0)));
    if (operation == QLatin1String("rotation"))
        m_storeUsesB = !m_storeUsesB;

    for (int i = 0; i < trials; ++i) {
        const QProcessEnvironment env = environment();
        std::unique_ptr<QProcess> process = startCredctl(arguments(i), env, m_dir.path());
        QVERIFY(process->waitForStarted(10000));
        // Most of a run is starting up; the write comes at its end. So the kills land in the
        // last part of a whole run's time, some of them after it.
        QTest::qSleep(int(wholeMs * 6 / 10 + random.bounded(quint32(wholeMs * 6 / 10 + 1))));
        // (Without an event loop QProcess learns of the exit only when asked.)
        if (!process->waitForFinished(0)) {
            ++m_killedMidway;
            process->kill(); // SIGKILL
        }
        process->waitForFinished(10000);
        ++m_trials;

        QString why;
        QVERIFY2(storeIsWhole(&why), qPrintable(QStringLiteral("%1 trial %2: %3").arg(operation).arg(i).arg(why)));
    }
}

bool TestCrashTrials::storeIsWhole(QString* why)
{
    {
        SqlConnection raw(storePath());
        if (!raw.isOpen())
            return *why = QStringLiteral("the store does not open: ") + raw.lastError(), false;
        const QString check = raw.scalar(QStringLiteral("PRAGMA integrity_check")).toString();
        if (check != QLatin1String("ok"))
            return *why = QStringLiteral("integrity_check: ") + check, false;
        // A credential and its create audit row are written together.
        const QVariant orphans = raw.scalar(
            QStringLiteral("SELECT count(*) FROM credentials c WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE "
                           "a.credential_id = c.id AND a.action IN ('create', 'import'))"));
        if (orphans.toInt() != 0)
            return *why = QStringLiteral("%1 credentials without their audit row").arg(orphans.toInt()), false;
        const QVariant imports = raw.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'import'"));
        if (imports.toInt() % ImportSize != 0)
            return *why = QStringLiteral("%1 import audit rows: a partial import").arg(imports.toInt()), false;
    }
    // Every payload decrypts under the key the store is bound to (the one the last finished
    // rotation chose), and under no other: a half-done rotation would mix them.
    for (const MasterKey* key : { &m_keyA, &m_keyB }) {
        CredentialStore::Options options;
        options.mode = CredentialStore::OpenMode::OpenExisting;
        Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(storePath(), options);
        if (!store)
            return *why = QStringLiteral("the store does not open: ") + store.error().message, false;
        Result<QString> keyId = store.value()->keyId();
        if (!keyId || keyId.value() != key->keyId())
            continue;
        Result<QList<Credential>> all = store.value()->exportAll(*key);
        if (!all)
            return *why = QStringLiteral("not every credential decrypts: ") + all.error().message, false;
        m_storeUsesB = key == &m_keyB;
        return true;
    }
    return *why = QStringLiteral("the store is bound to neither key"), false;
}

void TestCrashTrials::cleanupTestCase()
{
    std::printf(
        "figure: crash trials: %d runs of credctl killed at random instants (%d before they finished), on a store "
        "of %d credentials\n",
        m_trials, m_killedMidway, SeedCount);
    std::fflush(stdout);
}

QTEST_GUILESS_MAIN(TestCrashTrials)
#include "TestCrashTrials.moc"
