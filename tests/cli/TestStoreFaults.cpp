// credctl against stores in trouble (the "hardening" issue): a disk that fills up, a store on a
// medium that is mounted read-only, and a store another program keeps locked past the busy
// timeout. The disk and the medium are real: a small tmpfs of the test's own (ScratchMount),
// filled with a file until the kernel says ENOSPC, or remounted read-only. Every refused
// command must say so in one sentence that names the store, exit with its code (SPEC section 6:
// 7 for a store that cannot be read or written, 8 for a busy one), and change nothing: once
// the space is back (or the medium writable), the store passes integrity_check, holds the same
// rows, audit log included, and every credential decrypts to the value it had.
// Secrets are random per run and never printed; failure messages show stderr and command words.

#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/ScratchMount.h"
#include "support/SqlConnection.h"
#include "support/StopIfFailed.h"
#include "support/StoreFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString SecretVariable = u"CM_TEST_SECRET"_s;
const QString PassphraseVariable = u"CM_TEST_PASSPHRASE"_s;
const QString NewKeyVariable = u"CM_TEST_NEW_KEY"_s;
constexpr int BusyTimeoutMs = 5000; // CredentialStore::DefaultBusyTimeoutMs, which credctl uses

// stderr is one sentence, "credctl: ..." on one line, that names `subject` (a path).
#define CHECK_SENTENCE_NAMING(outcome, subject)                                                                        \
    do {                                                                                                               \
        const Outcome& sentence_ = (outcome);                                                                          \
        QVERIFY2(sentence_.err.startsWith("credctl: ") && sentence_.err.count('\n') == 1,                              \
                 qPrintable(u"credctl %1 did not write one sentence: "_s.arg(sentence_.command)                        \
                            + QString::fromUtf8(sentence_.err)));                                                      \
        CHECK_STDERR(sentence_, QDir::toNativeSeparators(subject));                                                    \
    } while (false)

// What a user can see of a store, and what another program reads in it.
struct StoreState
{
    QStringList names; // sorted, from list --json
    QMap<QString, QString> secrets; // name -> the revealed secret field (api_key), from show --reveal --json
    QMap<QString, QByteArray> rows; // every table's rows (SqlConnection::contents): never printed
};

// The entries of a folder, for "nothing was left behind".
QStringList entriesOf(const QString& folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestStoreFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void fullDiskRefusesEveryWriteClearly();
    void writesThatDoNotFitChangeNothing();
    void readOnlyMediumReadsButRefusesWrites();
    void busyStoreRefusesImportRotateEditAndDelete();

private:
    QProcessEnvironment environment() const;
    Outcome ctlOn(const QString& store, const QStringList& arguments, const QProcessEnvironment& extra = {}) const;
    Outcome ctl(const QStringList& arguments, const QProcessEnvironment& extra = {}) const
    {
        return ctlOn(m_store, arguments, extra);
    }
    std::unique_ptr<QProcess> start(const QStringList& arguments, const QProcessEnvironment& extra = {}) const;
    static QProcessEnvironment secretEnvironment(const QString& secret);
    QProcessEnvironment passphraseEnvironment() const;
    // add NAME --provider mistral with its api_key from the environment.
    Outcome addMistral(const QString& store, const QString& name, const QString& secret) const;
    // Three credentials (one the default embeddings credential), each with a secret of `secretBytes`
    // random bytes (base64).
    void seed(const QString& store, int secretBytes = 24);
    StoreState stateOf(const QString& store, bool withRows = true) const;
    // The store is whole (integrity_check) and as in `before`: the same rows, names and secrets.
    void checkIntact(const QString& store, const StoreState& before) const;
    // A write refused for the reason `words` name (case-insensitively): exit 7, one sentence naming
    // the store, nothing on stdout, the store file as it was.
    void checkRefusedWrite(const Outcome& outcome, const QStringList& words, const QByteArray& storeFile);

    std::unique_ptr<QTemporaryDir> m_dir; // outside every scratch mount: HOME, XDG folders, copies
    QString m_store;
    QByteArray m_key;
    QMap<QString, QString> m_seeded; // name -> secret of the seeded credentials
    QTemporaryDir m_shared;
    QString m_exportFile; // two credentials, one with a large secret; made once (Argon2id costs a second)
    QByteArray m_passphrase;
    int m_faultedWrites = 0;
    int m_reads = 0;
};

void TestStoreFaults::initTestCase()
{
    QVERIFY(m_shared.isValid());
    m_passphrase = randomValue(u"passphrase-"_s).toUtf8();
    m_key = randomBytes(32).toHex();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString source = m_shared.filePath(u"source.sqlite"_s);
    // The first credential in the file is small and would fit on a nearly full disk; the second
    // (a 60 KiB secret) does not: an import that is not one transaction would leave the first.
    CHECK_EXIT(addMistral(source, u"Imported One"_s, makeSecret("one")), 0);
    CHECK_EXIT(addMistral(source, u"Imported Two"_s, QString::fromLatin1(randomBytes(45 * 1024).toBase64())), 0);
    m_exportFile = m_shared.filePath(u"backup.cmexport"_s);
    CHECK_EXIT(ctlOn(source, { u"export"_s, m_exportFile, u"--passphrase-env"_s, PassphraseVariable },
                     passphraseEnvironment()),
               0);
    m_dir.reset();
}

void TestStoreFaults::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"home"_s)));
    m_store.clear();
    m_seeded.clear();
}

void TestStoreFaults::cleanup()
{
    m_dir.reset();
}

void TestStoreFaults::cleanupTestCase()
{
    qInfo("figure: store faults: %d refused writes on a full, read-only or busy store were checked to change nothing; "
          "%d reads checked",
          m_faultedWrites, m_reads);
}

QProcessEnvironment TestStoreFaults::environment() const
{
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(u"xdg-runtime"_s));
    environment.insert(KeyVariable, QString::fromLatin1(m_key));
    return environment;
}

Outcome TestStoreFaults::ctlOn(const QString& store, const QStringList& arguments,
                               const QProcessEnvironment& extra) const
{
    QProcessEnvironment environment = this->environment();
    environment.insert(extra);
    return runCredctl(arguments + QStringList { u"--store"_s, store }, environment, m_dir->path());
}

std::unique_ptr<QProcess> TestStoreFaults::start(const QStringList& arguments, const QProcessEnvironment& extra) const
{
    QProcessEnvironment environment = this->environment();
    environment.insert(extra);
    return startCredctl(arguments + QStringList { u"--store"_s, m_store }, environment, m_dir->path());
}

QProcessEnvironment TestStoreFaults::secretEnvironment(const QString& secret)
{
    QProcessEnvironment environment;
    environment.insert(SecretVariable, secret);
    return environment;
}

QProcessEnvironment TestStoreFaults::passphraseEnvironment() const
{
    QProcessEnvironment environment;
    environment.insert(PassphraseVariable, QString::fromUtf8(m_passphrase));
    return environment;
}

Outcome TestStoreFaults::addMistral(const QString& store, const QString& name, const QString& secret) const
{
    return ctlOn(store,
                 { u"add"_s, name, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key="_s + SecretVariable },
                 secretEnvironment(secret));
}

void TestStoreFaults::seed(const QString& store, int secretBytes)
{
    const QString azure = QString::fromLatin1(randomBytes(secretBytes).toBase64());
    CHECK_EXIT(ctlOn(store,
                     { u"add"_s, u"Prod Azure"_s, u"--provider"_s, u"azure-openai"_s, u"--field"_s,
                       u"endpoint=https://prod.openai.azure.com"_s, u"--field"_s, u"instance_name=prod"_s,
                       u"--field-env"_s, u"api_key="_s + SecretVariable },
                     secretEnvironment(azure)),
               0);
    const QString embeddings = QString::fromLatin1(randomBytes(secretBytes).toBase64());
    CHECK_EXIT(ctlOn(store,
                     { u"add"_s, u"Embeddings EU"_s, u"--provider"_s, u"azure-openai-embeddings"_s, u"--field"_s,
                       u"instance_name=emb-eu"_s, u"--field"_s, u"deployment_name=text-embedding-3-small"_s,
                       u"--field-env"_s, u"api_key="_s + SecretVariable },
                     secretEnvironment(embeddings)),
               0);
    const QString mistral = QString::fromLatin1(randomBytes(secretBytes).toBase64());
    CHECK_EXIT(addMistral(store, u"Mistral EU"_s, mistral), 0);
    m_seeded = { { u"Prod Azure"_s, azure }, { u"Embeddings EU"_s, embeddings }, { u"Mistral EU"_s, mistral } };
}

StoreState TestStoreFaults::stateOf(const QString& store, bool withRows) const
{
    StoreState state;
    const Outcome listed = ctlOn(store, { u"list"_s, u"--json"_s });
    state.names = listedNames(listed);
    for (const QString& name : std::as_const(state.names)) {
        const Outcome shown = ctlOn(store, { u"show"_s, name, u"--json"_s, u"--reveal"_s });
        state.secrets.insert(name,
                             shown.code == 0 ? jsonObject(shown.out)[u"fields"_s][u"api_key"_s].toString()
                                             : u"<show --reveal failed: "_s + QString::fromUtf8(shown.err) + u'>');
    }
    if (withRows) {
        const SqlConnection sql(store);
        if (sql.isOpen())
            state.rows = sql.contents();
    }
    return state;
}

void TestStoreFaults::checkIntact(const QString& store, const StoreState& before) const
{
    {
        const SqlConnection sql(store);
        QVERIFY2(sql.isOpen(), qPrintable(sql.lastError()));
        const QString integrity = sql.scalar(u"PRAGMA integrity_check"_s).toString();
        QVERIFY2(integrity == u"ok"_s, qPrintable(u"integrity_check: "_s + integrity));
    }
    const StoreState after = stateOf(store);
    QCOMPARE(after.names, before.names);
    for (auto it = before.secrets.cbegin(); it != before.secrets.cend(); ++it) {
        const QString revealed = after.secrets.value(it.key());
        if (revealed.startsWith(u"<show"_s))
            QFAIL(qPrintable(it.key() + u": "_s + revealed));
        // Never printed: a mismatch names the credential only.
        QVERIFY2(revealed == it.value(), qPrintable(u"\"%1\" no longer decrypts to its value"_s.arg(it.key())));
    }
    const QStringList tables = before.rows.keys();
    QVERIFY2(tables.contains(u"credentials"_s) && tables.contains(u"audit_log"_s), "the rows before were not read");
    QCOMPARE(after.rows.keys(), tables);
    for (const QString& table : tables)
        QVERIFY2(after.rows.value(table) == before.rows.value(table),
                 qPrintable(u"the rows of %1 changed although every write was refused"_s.arg(table)));
}

void TestStoreFaults::checkRefusedWrite(const Outcome& outcome, const QStringList& words, const QByteArray& storeFile)
{
    ++m_faultedWrites;
    CHECK_EXIT(outcome, 7);
    CHECK_SENTENCE_NAMING(outcome, m_store);
    for (const QString& word : words)
        CHECK_STDERR(outcome, word);
    QVERIFY2(outcome.out.isEmpty(),
             qPrintable(u"credctl %1 wrote to stdout although it failed"_s.arg(outcome.command)));
    QVERIFY2(fileBytes(m_store) == storeFile,
             qPrintable(u"credctl %1 changed the store file although it failed"_s.arg(outcome.command)));
}

// --- a full disk ------------------------------------------------------------------------

void TestStoreFaults::fullDiskRefusesEveryWriteClearly()
{
    ScratchMount disk(1024 * 1024);
    REQUIRE_SCRATCH_MOUNT(disk);
    m_store = disk.filePath(u"credentials.sqlite"_s);
    seed(m_store);
    STOP_IF_FAILED();
    const StoreState before = stateOf(m_store);
    QVERIFY2(before.secrets == m_seeded, "the seeded store does not reveal the values it was given");
    QCOMPARE(before.names.size(), 3);
    const QByteArray storeFile = fileBytes(m_store);

    // Filled to the last byte: the kernel refused the filler with ENOSPC.
    const qint64 filled = disk.fill(u"filler"_s);
    QVERIFY2(filled > 0, qPrintable(disk.problem()));
    QCOMPARE(disk.bytesAvailable(), qint64(0));

    const QStringList full { u"is full"_s, u"free some space"_s };
    const QList<std::pair<QStringList, QProcessEnvironment>> writes {
        { { u"add"_s, u"Another"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key="_s + SecretVariable },
          secretEnvironment(makeSecret("another")) },
        { { u"edit"_s, u"Mistral EU"_s, u"--field"_s, u"endpoint=https://eu.mistral.example/v1"_s }, {} },
        { { u"edit"_s, u"Prod Azure"_s, u"--rename"_s, u"Prod Azure (old)"_s }, {} },
        { { u"delete"_s, u"Mistral EU"_s, u"--confirm"_s, u"Mistral EU"_s }, {} },
        { { u"import"_s, m_exportFile, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment() },
        { { u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable },
          [] {
              QProcessEnvironment next;
              next.insert(NewKeyVariable, QString::fromLatin1(randomBytes(32).toHex()));
              return next;
          }() },
    };
    for (const auto& [arguments, extra] : writes) {
        checkRefusedWrite(ctl(arguments, extra), full, storeFile);
        STOP_IF_FAILED();
    }
    // Reading needs room too: SQLite grows its shared-memory index beside the store (32 KiB) before
    // the first read. Either it reads, or it says the disk is full; never a vague I/O error.
    for (const QStringList& arguments :
         { QStringList { u"list"_s, u"--json"_s }, QStringList { u"show"_s, u"Prod Azure"_s, u"--json"_s } }) {
        ++m_reads;
        const Outcome read = ctl(arguments);
        if (read.code == 0) {
            if (arguments.first() == u"list"_s)
                QCOMPARE(listedNames(read), before.names);
            else
                QCOMPARE(jsonObject(read.out)[u"name"_s].toString(), u"Prod Azure"_s);
            continue;
        }
        CHECK_EXIT(read, 7);
        CHECK_SENTENCE_NAMING(read, m_store);
        for (const QString& word : full)
            CHECK_STDERR(read, word);
    }

    // With the space back the store is as it was, and usable.
    QVERIFY(QFile::remove(disk.filePath(u"filler"_s)));
    checkIntact(m_store, before);
    STOP_IF_FAILED();
    CHECK_EXIT(addMistral(m_store, u"After The Fault"_s, makeSecret("after")), 0);
    QCOMPARE(listedNames(ctl({ u"list"_s, u"--json"_s })).size(), 4);
}

void TestStoreFaults::writesThatDoNotFitChangeNothing()
{
    ScratchMount disk(2 * 1024 * 1024);
    REQUIRE_SCRATCH_MOUNT(disk);
    m_store = disk.filePath(u"credentials.sqlite"_s);
    // Three secrets of 40 KiB: a key rotation rewrites them all (about 160 KiB of the store's log).
    seed(m_store, 30 * 1024);
    STOP_IF_FAILED();
    const StoreState before = stateOf(m_store);
    QVERIFY2(before.secrets == m_seeded, "the seeded store does not reveal the values it was given");
    const QByteArray storeFile = fileBytes(m_store);
    const QStringList folderBefore = entriesOf(disk.path());

    // Room to open and read the store (SQLite's index takes 32 KiB), not for any of these writes.
    constexpr qint64 Leave = 96 * 1024;
    QVERIFY2(disk.fill(u"filler"_s, Leave) > 0, qPrintable(disk.problem()));
    QVERIFY2(disk.bytesAvailable() <= Leave, qPrintable(u"%1 bytes left"_s.arg(disk.bytesAvailable())));
    const QStringList withFiller = entriesOf(disk.path());

    // Reading works on a nearly full disk, secrets included.
    const StoreState reading = stateOf(m_store, false);
    m_reads += 1 + int(reading.names.size());
    QCOMPARE(reading.names, before.names);
    QVERIFY2(reading.secrets == before.secrets, "show --reveal on a nearly full disk did not give the stored values");

    const QString large = QString::fromLatin1(randomBytes(90 * 1024).toBase64()); // 120 KiB
    const QStringList full { u"is full"_s, u"free some space"_s };
    QProcessEnvironment nextKey;
    nextKey.insert(NewKeyVariable, QString::fromLatin1(randomBytes(32).toHex()));
    const QList<std::pair<QStringList, QProcessEnvironment>> writes {
        { { u"add"_s, u"Large"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key="_s + SecretVariable },
          secretEnvironment(large) },
        { { u"edit"_s, u"Mistral EU"_s, u"--field-env"_s, u"api_key="_s + SecretVariable }, secretEnvironment(large) },
        { { u"import"_s, m_exportFile, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment() },
        { { u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable }, nextKey },
    };
    for (const auto& [arguments, extra] : writes) {
        checkRefusedWrite(ctl(arguments, extra), full, storeFile);
        STOP_IF_FAILED();
        QCOMPARE(entriesOf(disk.path()), withFiller);
    }

    // An export onto the full disk: the file system's own words, and no partial file left.
    const QString exportFile = disk.filePath(u"backup.cmexport"_s);
    ++m_faultedWrites;
    const Outcome exported
        = ctl({ u"export"_s, exportFile, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment());
    CHECK_EXIT(exported, 7);
    CHECK_SENTENCE_NAMING(exported, exportFile);
    CHECK_STDERR(exported, u"no space left on device"_s);
    QCOMPARE(entriesOf(disk.path()), withFiller);

    QVERIFY(QFile::remove(disk.filePath(u"filler"_s)));
    QCOMPARE(entriesOf(disk.path()), folderBefore);
    QVERIFY(fileBytes(m_store) == storeFile);
    checkIntact(m_store, before);
}

// --- a read-only medium -----------------------------------------------------------------

void TestStoreFaults::readOnlyMediumReadsButRefusesWrites()
{
    ScratchMount medium(1024 * 1024);
    REQUIRE_SCRATCH_MOUNT(medium);
    // A name that must be escaped where SQLite is given the store as a URI.
    m_store = medium.filePath(u"team credentials #1 ?.sqlite"_s);
    seed(m_store);
    STOP_IF_FAILED();
    const StoreState before = stateOf(m_store);
    QVERIFY2(before.secrets == m_seeded, "the seeded store does not reveal the values it was given");
    const Outcome auditBefore = ctl({ u"audit"_s, u"--json"_s });
    CHECK_EXIT(auditBefore, 0);
    const QByteArray storeFile = fileBytes(m_store);
    const QStringList folder = entriesOf(medium.path());
    // No -wal or -shm: the store was closed cleanly.
    QCOMPARE(folder, QStringList { QFileInfo(m_store).fileName() });

    QVERIFY2(medium.setReadOnly(true), qPrintable(medium.problem()));

    // Everything that only reads works as before.
    const StoreState reading = stateOf(m_store, false);
    m_reads += 1 + int(reading.names.size());
    QCOMPARE(reading.names, before.names);
    QVERIFY2(reading.secrets == before.secrets, "show --reveal of a read-only store did not give the stored values");
    const Outcome audit = ctl({ u"audit"_s, u"--json"_s });
    CHECK_EXIT(audit, 0);
    QCOMPARE(jsonArray(audit.out), jsonArray(auditBefore.out));
    // A backup of a read-only store, restored elsewhere, holds every credential and value.
    const QString backup = m_dir->filePath(u"from read-only.cmexport"_s);
    m_reads += 2;
    CHECK_EXIT(ctl({ u"export"_s, backup, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment()), 0);
    const QString copy = m_dir->filePath(u"copy.sqlite"_s);
    CHECK_EXIT(ctlOn(copy, { u"import"_s, backup, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment()),
               0);
    const StoreState copied = stateOf(copy, false);
    QCOMPARE(copied.names, before.names);
    QVERIFY2(copied.secrets == before.secrets, "the backup of the read-only store does not restore the same values");

    // Every write is refused, saying that the medium is read-only and what to do.
    const QStringList readOnly { u"mounted read-only"_s, u"read-write"_s };
    QProcessEnvironment nextKey;
    nextKey.insert(NewKeyVariable, QString::fromLatin1(randomBytes(32).toHex()));
    const QList<std::pair<QStringList, QProcessEnvironment>> writes {
        { { u"add"_s, u"Another"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key="_s + SecretVariable },
          secretEnvironment(makeSecret("another")) },
        { { u"edit"_s, u"Mistral EU"_s, u"--field"_s, u"endpoint=https://eu.mistral.example/v1"_s }, {} },
        { { u"delete"_s, u"Prod Azure"_s, u"--confirm"_s, u"Prod Azure"_s }, {} },
        { { u"import"_s, m_exportFile, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment() },
        { { u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable }, nextKey },
    };
    for (const auto& [arguments, extra] : writes) {
        checkRefusedWrite(ctl(arguments, extra), readOnly, storeFile);
        STOP_IF_FAILED();
        QCOMPARE(entriesOf(medium.path()), folder);
    }
    const QString exportFile = medium.filePath(u"backup.cmexport"_s);
    ++m_faultedWrites;
    const Outcome exported
        = ctl({ u"export"_s, exportFile, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment());
    CHECK_EXIT(exported, 7);
    CHECK_SENTENCE_NAMING(exported, exportFile);
    CHECK_STDERR(exported, u"read-only file system"_s);
    QCOMPARE(entriesOf(medium.path()), folder);

    // Writable again: nothing changed, and writing works.
    QVERIFY2(medium.setReadOnly(false), qPrintable(medium.problem()));
    checkIntact(m_store, before);
    STOP_IF_FAILED();
    CHECK_EXIT(addMistral(m_store, u"After The Fault"_s, makeSecret("after")), 0);
}

// --- a busy store -----------------------------------------------------------------------

void TestStoreFaults::busyStoreRefusesImportRotateEditAndDelete()
{
    // TestCredctl::busyStore covers add; here the other writers, run side by side so the test
    // waits for one busy timeout and not four.
    m_store = m_dir->filePath(u"credentials.sqlite"_s);
    seed(m_store);
    STOP_IF_FAILED();
    const StoreState before = stateOf(m_store);
    QVERIFY2(before.secrets == m_seeded, "the seeded store does not reveal the values it was given");

    SqlConnection lock(m_store);
    QVERIFY(lock.isOpen());
    QVERIFY2(lock.exec(u"BEGIN IMMEDIATE"_s), qPrintable(lock.lastError()));

    QProcessEnvironment nextKey;
    nextKey.insert(NewKeyVariable, QString::fromLatin1(randomBytes(32).toHex()));
    const QList<std::pair<QStringList, QProcessEnvironment>> writes {
        { { u"import"_s, m_exportFile, u"--passphrase-env"_s, PassphraseVariable }, passphraseEnvironment() },
        { { u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable }, nextKey },
        { { u"edit"_s, u"Mistral EU"_s, u"--field"_s, u"endpoint=https://eu.mistral.example/v1"_s }, {} },
        { { u"delete"_s, u"Prod Azure"_s, u"--confirm"_s, u"Prod Azure"_s }, {} },
    };
    QElapsedTimer timer;
    timer.start();
    // Declared before the processes: a failed check destroys those first, and ~QProcess emits
    // finished() into these.
    QList<qint64> finishedAfter(writes.size(), -1);
    std::vector<std::unique_ptr<QProcess>> runs;
    for (qsizetype i = 0; i < writes.size(); ++i) {
        runs.push_back(start(writes.at(i).first, writes.at(i).second));
        connect(runs.back().get(), &QProcess::finished, this,
                [&finishedAfter, &timer, i] { finishedAfter[i] = timer.elapsed(); });
    }
    // A reader is not held up by the writer's lock.
    ++m_reads;
    const Outcome listed = ctl({ u"list"_s, u"--json"_s });
    const qint64 listTook = timer.elapsed();
    QCOMPARE(listedNames(listed), before.names);
    QVERIFY2(listTook < BusyTimeoutMs - 1000, qPrintable(u"list waited %1 ms for the writer's lock"_s.arg(listTook)));

    for (qsizetype i = 0; i < writes.size(); ++i) {
        ++m_faultedWrites;
        const Outcome outcome = finishCredctl(*runs.at(i), 40);
        CHECK_EXIT(outcome, 8);
        CHECK_SENTENCE_NAMING(outcome, m_store);
        CHECK_STDERR(outcome, u"is busy"_s);
        CHECK_STDERR(outcome, u"try again"_s);
        // It waited for the busy timeout, and gave up soon after it (an import first derives the
        // passphrase's key, about a second, longer under sanitizers).
        const qint64 waited = finishedAfter.at(i);
        QVERIFY2(waited >= BusyTimeoutMs - 1000 && waited < 4 * BusyTimeoutMs,
                 qPrintable(u"credctl %1 gave up after %2 ms"_s.arg(outcome.command).arg(waited)));
    }
    QVERIFY2(lock.exec(u"ROLLBACK"_s), qPrintable(lock.lastError()));
    checkIntact(m_store, before);
}

QTEST_GUILESS_MAIN(TestStoreFaults)
#include "TestStoreFaults.moc"
