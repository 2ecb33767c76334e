// Key rotation (SPEC section 4, issue 3 "Rotation"): CredentialStore::rotateKey on stores of
// several batches, an empty store, a wrong current key and a tampered credential; the
// `credctl key rotate --new-key-env VAR` command with its exit codes; and the point of the
// feature, crash safety: a rotation of a few thousand credentials in a child process is killed
// with SIGKILL at many instants, and after each kill the store must open with exactly one of
// the two keys and every credential must decrypt to its original values.
//
// No keychain is involved: child processes get no D-Bus session and an explicit
// CREDENTIAL_ENCRYPTION_KEY. Keys and secret values are random per run and are only ever
// compared, never printed; failure messages name credentials and key ids, never values.

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "store/CredentialStore.h"
#include "store/FieldValues.h"
#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"
#include "support/StoreFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

using namespace cm;
using namespace cm::test;

namespace {

const QString AzureOpenAi = QStringLiteral("azure-openai");
const QString Embeddings = QStringLiteral("azure-openai-embeddings");
const QString Mistral = QStringLiteral("mistral");
const QString Ionos = QStringLiteral("ionos");
const QString Custom = QStringLiteral("custom");
const QString KeyVariable = QStringLiteral("CREDENTIAL_ENCRYPTION_KEY");
const QString NewKeyVariable = QStringLiteral("NEWKEY");
// The test's own connections wait for the store's write lock instead of failing at once.
const QString WaitWhenBusy = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");

// A key in both forms: the 64 hex characters a person or service would pass, and the parsed key.
struct TestKey
{
    QByteArray hex;
    QString id;
    std::shared_ptr<MasterKey> key;

    const MasterKey& operator*() const { return *key; }
};

TestKey makeKey()
{
    const QByteArray bytes = randomBytes(32);
    TestKey made;
    made.hex = bytes.toHex();
    Result<MasterKey> parsed = MasterKey::parse(made.hex, QStringLiteral("test key"));
    if (!parsed)
        qFatal("a generated key did not parse: %s", outcome(parsed).constData());
    made.key = std::make_shared<MasterKey>(std::move(parsed).value());
    made.id = made.key->keyId();
    return made;
}

// The values of credential number `i`: the providers take turns, every secret is random.
std::pair<QString, FieldValues> fieldsFor(int i)
{
    const QString instance = QStringLiteral("inst%1").arg(i);
    switch (i % 5) {
    case 0:
        return { AzureOpenAi,
                 FieldValues {
                     { QStringLiteral("endpoint"), QStringLiteral("https://%1.openai.azure.com").arg(instance) },
                     { QStringLiteral("instance_name"), instance },
                     { QStringLiteral("api_key"), randomValue(QStringLiteral("az-")) } } };
    case 1:
        return { Embeddings,
                 FieldValues { { QStringLiteral("instance_name"), instance },
                               { QStringLiteral("deployment_name"), QStringLiteral("text-embedding-%1").arg(i) },
                               { QStringLiteral("api_key"), randomValue(QStringLiteral("emb-")) } } };
    case 2:
        return { Mistral, FieldValues { { QStringLiteral("api_key"), randomValue(QStringLiteral("mi-")) } } };
    case 3:
        return { Ionos, FieldValues { { QStringLiteral("token"), randomValue(QStringLiteral("eyJ-")) } } };
    default:
        return { Custom,
                 FieldValues {
                     { QStringLiteral("api_key"), randomValue(QStringLiteral("cu-")) },
                     { QStringLiteral("endpoint"), QStringLiteral("https://llm%1.example.com/v1").arg(i) } } };
    }
}

QString nameFor(int i)
{
    return QStringLiteral("Credential %1").arg(i, 5, 10, QLatin1Char('0'));
}

// What a credential looked like before a rotation: everything but the payload must stay.
struct Original
{
    CredentialSummary summary;
    FieldValues fields;
};
using Originals = QMap<QString, Original>; // by id

std::unique_ptr<CredentialStore> openStore(const QString& path, CredentialStore::Options options = {})
{
    auto opened = CredentialStore::open(path, options);
    if (!opened) {
        qWarning("opening the store failed: %s", outcome(opened).constData());
        return nullptr;
    }
    return std::move(opened).value();
}

// Reads every credential with `key` and records it; an empty map and a warning on failure.
Originals readAll(const CredentialStore& store, const MasterKey& key)
{
    Originals originals;
    Result<QList<CredentialSummary>> listed = store.list();
    if (!listed) {
        qWarning("list failed: %s", outcome(listed).constData());
        return {};
    }
    for (const CredentialSummary& summary : listed.value()) {
        Result<Credential> credential = store.read(key, summary.id);
        if (!credential) {
            qWarning("reading \"%s\" failed: %s", qPrintable(summary.name), outcome(credential).constData());
            return {};
        }
        originals.insert(summary.id, Original { summary, credential->fields });
    }
    return originals;
}

// Empty when the store holds exactly `originals`, unchanged but for their payloads, and every
// one decrypts with `key` to its original values; otherwise the first problem found.
QString compareWithOriginals(const CredentialStore& store, const MasterKey& key, const Originals& originals)
{
    Result<QList<CredentialSummary>> listed = store.list();
    if (!listed)
        return QStringLiteral("list failed: ") + QString::fromUtf8(outcome(listed));
    if (listed->size() != originals.size())
        return QStringLiteral("the store lists %1 credentials instead of %2").arg(listed->size()).arg(originals.size());
    for (const CredentialSummary& summary : listed.value()) {
        const auto original = originals.constFind(summary.id);
        if (original == originals.cend())
            return QStringLiteral("credential \"%1\" has an id that was not there before").arg(summary.name);
        const CredentialSummary& before = original->summary;
        if (summary.name != before.name || summary.provider != before.provider)
            return QStringLiteral("credential \"%1\" changed its name or provider").arg(before.name);
        if (summary.revision != before.revision)
            return QStringLiteral("the revision of \"%1\" changed from %2 to %3")
                .arg(before.name)
                .arg(before.revision)
                .arg(summary.revision);
        if (summary.updatedAt != before.updatedAt || summary.createdAt != before.createdAt)
            return QStringLiteral("the timestamps of \"%1\" changed (updated_at %2 -> %3)")
                .arg(before.name, before.updatedAt.toString(Qt::ISODateWithMs),
                     summary.updatedAt.toString(Qt::ISODateWithMs));
        if (summary.defaultEmbeddings != before.defaultEmbeddings)
            return QStringLiteral("the default-embeddings mark of \"%1\" changed").arg(before.name);
        Result<Credential> credential = store.read(key, summary.id);
        if (!credential)
            return QStringLiteral("\"%1\" does not read: %2").arg(before.name, QString::fromUtf8(outcome(credential)));
        if (credential->fields != original->fields) {
            // Name the differing keys, never the values.
            return QStringLiteral("the values of \"%1\" changed (keys: %2)")
                .arg(before.name, FieldValues::changedKeys(original->fields, credential->fields).join(u','));
        }
    }
    return {};
}

int auditCount(const CredentialStore& store, const QString& action)
{
    Result<QList<AuditEntry>> log = store.auditLog();
    if (!log)
        return -1;
    return int(
        std::count_if(log->cbegin(), log->cend(), [&](const AuditEntry& entry) { return entry.action == action; }));
}

// Neither output may hold a key or secret: checked without printing what was found.
bool leaks(const Outcome& outcome, const QList<QByteArray>& secrets)
{
    for (const QByteArray& secret : secrets) {
        if (!secret.isEmpty() && (outcome.out.contains(secret) || outcome.err.contains(secret)))
            return true;
    }
    return false;
}

// Waits until `timer` shows `targetNs`: sleeps while far away, then spins for microsecond
// precision (the child runs on another core meanwhile).
void waitUntil(const QElapsedTimer& timer, qint64 targetNs)
{
    constexpr qint64 SpinNs = 1'500'000;
    const qint64 sleepNs = targetNs - timer.nsecsElapsed() - SpinNs;
    if (sleepNs > 0)
        QThread::usleep(static_cast<unsigned long>(sleepNs / 1000));
    while (timer.nsecsElapsed() < targetNs) { }
}

} // namespace

class TestKeyRotation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    // The library.
    void rotatesEveryCredentialInBatches();
    void rotatesExactlyFullBatches();
    void rotatesAnEmptyStore();
    void wrongCurrentKeyChangesNothing();
    void tamperedCredentialRefusesRotation_data();
    void tamperedCredentialRefusesRotation();

    // The command line.
    void credctlRotates();
    void credctlRefusals_data();
    void credctlRefusals();
    void credctlRefusesATamperedStore();

    // Crash safety.
    void survivesSigkillAtAnyInstant();

private:
    QString storePath() const { return m_dir->filePath(QStringLiteral("credentials.sqlite")); }
    // `count` credentials in a store bound to `key`, created through the library one by one
    // (a transaction each) or, with oneTransaction, in one import.
    bool populate(const QString& path, const TestKey& key, int count, bool oneTransaction = false) const;
    QProcessEnvironment childEnvironment(const QByteArray& currentKey) const;
    // credctl --store PATH key rotate --new-key-env NEWKEY, started (not waited for).
    std::unique_ptr<QProcess> startRotation(const QString& path, const QProcessEnvironment& environment) const;
    Outcome runCredctl(const QStringList& arguments, const QProcessEnvironment& environment) const
    {
        return cm::test::runCredctl(arguments, environment, m_dir->path(), 60);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestKeyRotation::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    for (const char* folder : { "home", "xdg-data", "xdg-config", "xdg-cache", "xdg-runtime" })
        QVERIFY(QDir().mkpath(m_dir->filePath(QString::fromLatin1(folder))));
    QFile::setPermissions(m_dir->filePath(QStringLiteral("xdg-runtime")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestKeyRotation::cleanup()
{
    m_dir.reset();
}

bool TestKeyRotation::populate(const QString& path, const TestKey& key, int count, bool oneTransaction) const
{
    CredentialStore::Options options;
    options.key = key.key.get();
    auto store = openStore(path, options);
    if (!store)
        return false;
    if (oneTransaction) {
        // One import: one transaction and one sync, much faster than thousands of commits.
        QList<Credential> credentials;
        for (int i = 0; i < count; ++i) {
            auto [provider, fields] = fieldsFor(i);
            Credential credential;
            credential.summary.name = nameFor(i);
            credential.summary.provider = provider;
            credential.fields = fields;
            credentials.append(credential);
        }
        auto imported = store->importAll(*key, credentials, CredentialStore::ConflictPolicy::Fail);
        if (!imported || imported->added != count) {
            qWarning("importing %d credentials failed: %s", count, outcome(imported).constData());
            return false;
        }
        return true;
    }
    for (int i = 0; i < count; ++i) {
        auto [provider, fields] = fieldsFor(i);
        auto created = store->create(*key, nameFor(i), provider, fields);
        if (!created) {
            qWarning("creating credential %d failed: %s", i, outcome(created).constData());
            return false;
        }
    }
    return true;
}

QProcessEnvironment TestKeyRotation::childEnvironment(const QByteArray& currentKey) const
{
    // No session bus, so no keychain is ever consulted.
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(QStringLiteral("xdg-runtime")));
    environment.remove(NewKeyVariable);
    if (!currentKey.isEmpty())
        environment.insert(KeyVariable, QString::fromLatin1(currentKey));
    return environment;
}

std::unique_ptr<QProcess> TestKeyRotation::startRotation(const QString& path,
                                                         const QProcessEnvironment& environment) const
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(credctlPath());
    process->setArguments({ QStringLiteral("--store"), path, QStringLiteral("key"), QStringLiteral("rotate"),
                            QStringLiteral("--new-key-env"), NewKeyVariable });
    process->setProcessEnvironment(environment);
    process->setWorkingDirectory(m_dir->path());
    process->setStandardInputFile(QProcess::nullDevice());
    process->start();
    return process;
}

// ---------------------------------------------------------------------------------------------
// The library

void TestKeyRotation::rotatesEveryCredentialInBatches()
{
    // 600 credentials: two full batches of 256 and a partial one, all five providers.
    constexpr int Count = 600;
    const TestKey current = makeKey();
    const TestKey next = makeKey();
    QVERIFY(current.id != next.id);
    QVERIFY(populate(storePath(), current, Count));

    auto store = openStore(storePath());
    QVERIFY(store);
    const Originals originals = readAll(*store, *current);
    QCOMPARE(originals.size(), Count);
    QMap<QString, QByteArray> payloadsBefore;
    {
        SqlConnection raw(storePath(), WaitWhenBusy);
        QVERIFY(raw.isOpen());
        payloadsBefore = raw.payloads();
    }
    QCOMPARE(payloadsBefore.size(), Count);
    auto logBefore = store->auditLog();
    VERIFY_OK(logBefore);

    auto rotated = store->rotateKey(*current, *next);
    VERIFY_OK(rotated);
    QCOMPARE(rotated.value(), Count);

    auto keyId = store->keyId();
    VERIFY_OK(keyId);
    QCOMPARE(keyId.value(), next.id);
    {
        SqlConnection raw(storePath(), WaitWhenBusy);
        QVERIFY(raw.isOpen());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'key_id'")).toString(), next.id);
        // Every payload was rewritten in the version-1 format with a fresh nonce: none repeats an
        // old nonce or another new one.
        const QMap<QString, QByteArray> payloadsAfter = raw.payloads();
        QCOMPARE(payloadsAfter.keys(), payloadsBefore.keys());
        QSet<QByteArray> nonces;
        for (const QByteArray& payload : std::as_const(payloadsBefore))
            nonces.insert(payload.mid(1, 24));
        for (auto it = payloadsAfter.cbegin(); it != payloadsAfter.cend(); ++it) {
            const QString name = originals.value(it.key()).summary.name;
            QVERIFY2(it.value() != payloadsBefore.value(it.key()),
                     qPrintable(QStringLiteral("the payload of \"%1\" was not rewritten").arg(name)));
            QVERIFY2(it.value().size() > 1 + 24 + 16 && it.value().at(0) == char(0x01),
                     qPrintable(QStringLiteral("the new payload of \"%1\" is not in the version-1 format").arg(name)));
            const QByteArray nonce = it.value().mid(1, 24);
            QVERIFY2(!nonces.contains(nonce),
                     qPrintable(QStringLiteral("the new payload of \"%1\" reuses a nonce").arg(name)));
            nonces.insert(nonce);
        }
        // The audit row names no credential and no fields (docs/storage-format.md: NULL).
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'rotate-key' AND fields "
                                           "IS NULL AND COALESCE(credential_id, '') = '' AND "
                                           "COALESCE(credential_name, '') = ''"))
                     .toInt(),
                 1);
    }

    // Every credential reads with the new key, with its values, revision and timestamps ...
    const QString problem = compareWithOriginals(*store, *next, originals);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // ... and none with the old one, which is now the wrong key, not a damaged credential.
    for (const Original& original : originals)
        VERIFY_FAILS(store->read(*current, original.summary.id), ErrorCode::KeyWrong);

    // One audit row, after the earlier ones, naming no credential and no field.
    auto logAfter = store->auditLog();
    VERIFY_OK(logAfter);
    QCOMPARE(logAfter->size(), logBefore->size() + 1);
    const AuditEntry& entry = logAfter->constLast();
    QCOMPARE(entry.action, QStringLiteral("rotate-key"));
    QVERIFY(entry.credentialId.isEmpty());
    QVERIFY(entry.credentialName.isEmpty());
    QVERIFY(entry.fields.isEmpty());
    QVERIFY(!entry.actor.isEmpty());
    QVERIFY(entry.at.isValid());
    QVERIFY(qAbs(entry.at.secsTo(QDateTime::currentDateTimeUtc())) < 600);

    // A second store object on the file (another process, say) sees the new key.
    {
        auto other = openStore(storePath());
        QVERIFY(other);
        auto otherKeyId = other->keyId();
        VERIFY_OK(otherKeyId);
        QCOMPARE(otherKeyId.value(), next.id);
        VERIFY_OK(other->read(*next, originals.firstKey()));
    }

    // The old key cannot rotate any more; the new one rotates back, and everything is as before.
    VERIFY_FAILS(store->rotateKey(*current, *next), ErrorCode::KeyWrong);
    auto back = store->rotateKey(*next, *current);
    VERIFY_OK(back);
    QCOMPARE(back.value(), Count);
    QCOMPARE(store->keyId().value(), current.id);
    const QString problemBack = compareWithOriginals(*store, *current, originals);
    QVERIFY2(problemBack.isEmpty(), qPrintable(problemBack));
    QCOMPARE(auditCount(*store, QStringLiteral("rotate-key")), 2);
}

void TestKeyRotation::rotatesExactlyFullBatches()
{
    // 512 = two full batches: the paging must stop at the empty third batch, missing nothing.
    constexpr int Count = 512;
    const TestKey current = makeKey();
    const TestKey next = makeKey();
    QVERIFY(populate(storePath(), current, Count, true));
    auto store = openStore(storePath());
    QVERIFY(store);
    const Originals originals = readAll(*store, *current);
    QCOMPARE(originals.size(), Count);

    auto rotated = store->rotateKey(*current, *next);
    VERIFY_OK(rotated);
    QCOMPARE(rotated.value(), Count);
    QCOMPARE(store->keyId().value(), next.id);
    const QString problem = compareWithOriginals(*store, *next, originals);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyRotation::rotatesAnEmptyStore()
{
    const TestKey current = makeKey();
    const TestKey next = makeKey();

    // A store bound to a key, without credentials.
    {
        CredentialStore::Options options;
        options.key = current.key.get();
        auto store = openStore(storePath(), options);
        QVERIFY(store);
        QCOMPARE(store->keyId().value(), current.id);
        auto rotated = store->rotateKey(*current, *next);
        VERIFY_OK(rotated);
        QCOMPARE(rotated.value(), 0);
        QCOMPARE(store->keyId().value(), next.id);
        QCOMPARE(auditCount(*store, QStringLiteral("rotate-key")), 1);
        // The store is now the new key's: it can be written with it and not with the old one.
        auto [provider, fields] = fieldsFor(2);
        VERIFY_FAILS(store->create(*current, QStringLiteral("After"), provider, fields), ErrorCode::KeyWrong);
        VERIFY_OK(store->create(*next, QStringLiteral("After"), provider, fields));
    }
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        QCOMPARE(store->keyId().value(), next.id);
    }

    // A store created without any key (only possible through the library) ends on the new key too.
    const QString unbound = m_dir->filePath(QStringLiteral("unbound.sqlite"));
    auto store = openStore(unbound);
    QVERIFY(store);
    QVERIFY(store->keyId().value().isEmpty());
    auto rotated = store->rotateKey(*current, *next);
    VERIFY_OK(rotated);
    QCOMPARE(rotated.value(), 0);
    QCOMPARE(store->keyId().value(), next.id);
}

void TestKeyRotation::wrongCurrentKeyChangesNothing()
{
    const TestKey current = makeKey();
    const TestKey wrong = makeKey();
    const TestKey next = makeKey();
    QVERIFY(populate(storePath(), current, 300, true));
    Originals originals;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        originals = readAll(*store, *current);
        QCOMPARE(originals.size(), 300);
    }

    const auto refused = [&](const MasterKey& given, const MasterKey& target) -> QByteArray {
        const Snapshot before = snapshotOf(storePath());
        if (before.contains(QStringLiteral("credentials.sqlite-wal")))
            return "the store was still open before the call";
        {
            auto store = openStore(storePath());
            if (!store)
                return "the store did not open";
            auto rotated = store->rotateKey(given, target);
            if (!failsWith(rotated, ErrorCode::KeyWrong))
                return expectation(rotated, ErrorCode::KeyWrong);
            if (!rotated.error().message.contains(QStringLiteral("does not match")))
                return "the message does not say the key does not match: " + outcome(rotated);
        }
        const QByteArray changed = snapshotDifference(before, snapshotOf(storePath()));
        if (!changed.isEmpty())
            return "a refused rotation changed the store's files: " + changed;
        return {};
    };
    QByteArray problem = refused(*wrong, *next);
    QVERIFY2(problem.isEmpty(), problem.constData());
    // The "new" key being the store's own key does not make a wrong current key acceptable.
    problem = refused(*wrong, *current);
    QVERIFY2(problem.isEmpty(), problem.constData());

    auto store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(store->keyId().value(), current.id);
    QCOMPARE(auditCount(*store, QStringLiteral("rotate-key")), 0);
    const QString unchanged = compareWithOriginals(*store, *current, originals);
    QVERIFY2(unchanged.isEmpty(), qPrintable(unchanged));
}

void TestKeyRotation::tamperedCredentialRefusesRotation_data()
{
    QTest::addColumn<bool>("last");
    // The first credential in id order fails before anything is re-encrypted; the last one
    // after two batches were already re-encrypted inside the transaction.
    QTest::newRow("first in the first batch") << false;
    QTest::newRow("last, in the third batch") << true;
}

void TestKeyRotation::tamperedCredentialRefusesRotation()
{
    QFETCH(bool, last);
    constexpr int Count = 600;
    const TestKey current = makeKey();
    const TestKey next = makeKey();
    QVERIFY(populate(storePath(), current, Count, true));
    Originals originals;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        originals = readAll(*store, *current);
        QCOMPARE(originals.size(), Count);
    }
    const QString brokenId = last ? originals.lastKey() : originals.firstKey();
    const QString brokenName = originals.value(brokenId).summary.name;
    {
        SqlConnection raw(storePath(), WaitWhenBusy);
        QVERIFY(raw.isOpen());
        QByteArray payload
            = raw.scalar(QStringLiteral("SELECT payload FROM credentials WHERE id = ?"), { brokenId }).toByteArray();
        QVERIFY(payload.size() > 1 + 24 + 16);
        payload[payload.size() / 2] = char(payload.at(payload.size() / 2) ^ 0x20);
        QVERIFY2(raw.exec(QStringLiteral("UPDATE credentials SET payload = ? WHERE id = ?"), { payload, brokenId }),
                 qPrintable(raw.lastError()));
    }

    const Snapshot before = snapshotOf(storePath());
    QVERIFY2(!before.contains(QStringLiteral("credentials.sqlite-wal")),
             "the store was still open before the rotation");
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        auto rotated = store->rotateKey(*current, *next);
        VERIFY_FAILS(rotated, ErrorCode::Corrupt);
        QVERIFY2(rotated.error().message.contains(QStringLiteral("\"%1\"").arg(brokenName)),
                 qPrintable(QStringLiteral("the refusal does not name \"%1\": %2")
                                .arg(brokenName, QString::fromUtf8(outcome(rotated)))));
        QCOMPARE(store->keyId().value(), current.id);
    }
    const QByteArray changed = snapshotDifference(before, snapshotOf(storePath()));
    QVERIFY2(changed.isEmpty(), QByteArray("the refused rotation changed the store's files: " + changed).constData());

    auto store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(store->keyId().value(), current.id);
    QCOMPARE(auditCount(*store, QStringLiteral("rotate-key")), 0);
    VERIFY_FAILS(store->read(*current, brokenId), ErrorCode::Corrupt);
    Originals others = originals;
    others.remove(brokenId);
    for (const Original& original : std::as_const(others)) {
        auto credential = store->read(*current, original.summary.id);
        VERIFY_OK(credential);
        QVERIFY2(credential->fields == original.fields,
                 qPrintable(QStringLiteral("the values of \"%1\" changed").arg(original.summary.name)));
        VERIFY_FAILS(store->read(*next, original.summary.id), ErrorCode::KeyWrong);
    }
}

// ---------------------------------------------------------------------------------------------
// The command line

void TestKeyRotation::credctlRotates()
{
    constexpr int Count = 20;
    const TestKey current = makeKey();
    const TestKey next = makeKey();
    QVERIFY(populate(storePath(), current, Count));
    Originals originals;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        originals = readAll(*store, *current);
        QCOMPARE(originals.size(), Count);
    }
    const QList<QByteArray> secrets { current.hex, next.hex };

    QProcessEnvironment environment = childEnvironment(current.hex);
    environment.insert(NewKeyVariable, QString::fromLatin1(next.hex));
    QElapsedTimer timer;
    timer.start();
    const Outcome rotated = runCredctl({ QStringLiteral("--store"), storePath(), QStringLiteral("key"),
                                         QStringLiteral("rotate"), QStringLiteral("--new-key-env"), NewKeyVariable },
                                       environment);
    // Checked first: a failure message below shows what credctl printed.
    QVERIFY2(!leaks(rotated, secrets), "credctl key rotate printed a key");
    CHECK_EXIT(rotated, 0);
    qInfo("credctl key rotate of %d credentials took %lld ms", Count, timer.elapsed());
    const QString out = QString::fromUtf8(rotated.out);
    QVERIFY2(out.contains(next.id),
             qPrintable(QStringLiteral("the output does not show the new key id %1: %2").arg(next.id, out)));
    QVERIFY2(out.contains(QStringLiteral("platform services"), Qt::CaseInsensitive),
             qPrintable(QStringLiteral("the output does not remind that platform services need the new key: ") + out));

    {
        auto store = openStore(storePath());
        QVERIFY(store);
        QCOMPARE(store->keyId().value(), next.id);
        const QString problem = compareWithOriginals(*store, *next, originals);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(auditCount(*store, QStringLiteral("rotate-key")), 1);
    }

    // The old key is now the wrong key; the new one works.
    const Original& sample = originals.first();
    const QString secretKey
        = sample.fields.contains(QStringLiteral("api_key")) ? QStringLiteral("api_key") : QStringLiteral("token");
    const QStringList show { QStringLiteral("--store"), storePath(),
                             QStringLiteral("show"),    sample.summary.name,
                             QStringLiteral("--json"),  QStringLiteral("--reveal") };
    const Outcome withOld = runCredctl(show, childEnvironment(current.hex));
    QVERIFY2(withOld.code == 2,
             qPrintable(QStringLiteral("credctl show with the old key exited with %1 (expected 2); stderr: %2")
                            .arg(withOld.code)
                            .arg(QString::fromUtf8(withOld.err).trimmed())));
    QVERIFY2(QString::fromUtf8(withOld.err).contains(QStringLiteral("does not match")),
             qPrintable(QStringLiteral("stderr does not say the old key does not match: ")
                        + QString::fromUtf8(withOld.err).trimmed()));
    QVERIFY2(!withOld.out.contains(sample.fields.value(secretKey).toUtf8()), "the old key still revealed a secret");

    const Outcome withNew = runCredctl(show, childEnvironment(next.hex));
    QVERIFY2(withNew.code == 0,
             qPrintable(QStringLiteral("credctl show with the new key exited with %1; stderr: %2")
                            .arg(withNew.code)
                            .arg(QString::fromUtf8(withNew.err).trimmed())));
    QVERIFY2(withNew.out.contains(sample.fields.value(secretKey).toUtf8()),
             "credctl show --reveal with the new key does not show the credential's secret");

    // Rotating again (back) with the new key as the current one works as well.
    QProcessEnvironment back = childEnvironment(next.hex);
    back.insert(NewKeyVariable, QString::fromLatin1(current.hex));
    const Outcome rotatedBack
        = runCredctl({ QStringLiteral("--store"), storePath(), QStringLiteral("key"), QStringLiteral("rotate"),
                       QStringLiteral("--new-key-env"), NewKeyVariable },
                     back);
    QVERIFY2(!leaks(rotatedBack, secrets), "credctl key rotate printed a key");
    CHECK_EXIT(rotatedBack, 0);
    QVERIFY(QString::fromUtf8(rotatedBack.out).contains(current.id));
    auto store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(store->keyId().value(), current.id);
    const QString problem = compareWithOriginals(*store, *current, originals);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyRotation::credctlRefusals_data()
{
    QTest::addColumn<QString>("currentKey"); // "current", "wrong" or "" (not set)
    QTest::addColumn<QString>("newKey"); // "next", "current", "current-base64", "malformed", "unset"
    QTest::addColumn<bool>("withOption");
    QTest::addColumn<int>("expectedExit");
    QTest::addColumn<QString>("stderrMentions");

    QTest::newRow("no --new-key-env") << "current"
                                      << "next" << false << 1 << "--new-key-env";
    QTest::newRow("variable not set") << "current"
                                      << "unset" << true << 1 << "NEWKEY";
    QTest::newRow("variable empty") << "current"
                                    << "empty" << true << 1 << "NEWKEY";
    QTest::newRow("malformed new key") << "current"
                                       << "malformed" << true << 2 << "key generate";
    QTest::newRow("new key is the current key") << "current"
                                                << "current" << true << 1 << "";
    QTest::newRow("new key is the current key in base64") << "current"
                                                          << "current-base64" << true << 1 << "";
    QTest::newRow("wrong current key") << "wrong"
                                       << "next" << true << 2 << "does not match";
    QTest::newRow("no current key") << ""
                                    << "next" << true << 2 << "CREDENTIAL_ENCRYPTION_KEY";
}

void TestKeyRotation::credctlRefusals()
{
    QFETCH(QString, currentKey);
    QFETCH(QString, newKey);
    QFETCH(bool, withOption);
    QFETCH(int, expectedExit);
    QFETCH(QString, stderrMentions);

    const TestKey current = makeKey();
    const TestKey next = makeKey();
    const TestKey wrong = makeKey();
    QVERIFY(populate(storePath(), current, 5));

    const QByteArray currentBase64 = QByteArray::fromHex(current.hex).toBase64();
    // 63 hex characters: a near miss of a real key, which must not be echoed either.
    const QByteArray malformed = next.hex.left(63);
    QProcessEnvironment environment = childEnvironment(currentKey == QLatin1String("current")     ? current.hex
                                                           : currentKey == QLatin1String("wrong") ? wrong.hex
                                                                                                  : QByteArray());
    if (newKey == QLatin1String("next"))
        environment.insert(NewKeyVariable, QString::fromLatin1(next.hex));
    else if (newKey == QLatin1String("current"))
        environment.insert(NewKeyVariable, QString::fromLatin1(current.hex));
    else if (newKey == QLatin1String("current-base64"))
        environment.insert(NewKeyVariable, QString::fromLatin1(currentBase64));
    else if (newKey == QLatin1String("malformed"))
        environment.insert(NewKeyVariable, QString::fromLatin1(malformed));
    else if (newKey == QLatin1String("empty"))
        environment.insert(NewKeyVariable, QString());

    QStringList arguments { QStringLiteral("--store"), storePath(), QStringLiteral("key"), QStringLiteral("rotate") };
    if (withOption)
        arguments << QStringLiteral("--new-key-env") << NewKeyVariable;

    const Snapshot before = snapshotOf(storePath());
    QVERIFY2(!before.contains(QStringLiteral("credentials.sqlite-wal")), "the store was still open before the call");
    const Outcome refused = runCredctl(arguments, environment);
    QVERIFY2(!leaks(refused, { current.hex, next.hex, wrong.hex, currentBase64, malformed }),
             "credctl key rotate printed a key");
    CHECK_EXIT(refused, expectedExit);
    const QString err = QString::fromUtf8(refused.err).trimmed();
    QVERIFY2(!err.isEmpty(), "the refusal says nothing on stderr");
    if (!stderrMentions.isEmpty())
        QVERIFY2(err.contains(stderrMentions, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("stderr does not mention \"%1\": %2").arg(stderrMentions, err)));
    QVERIFY2(!QString::fromUtf8(refused.out).contains(next.id), "a refused rotation printed the new key id");
    const QByteArray changed = snapshotDifference(before, snapshotOf(storePath()));
    QVERIFY2(changed.isEmpty(), QByteArray("the refused rotation changed the store's files: " + changed).constData());

    auto store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(store->keyId().value(), current.id);
    QCOMPARE(auditCount(*store, QStringLiteral("rotate-key")), 0);
}

void TestKeyRotation::credctlRefusesATamperedStore()
{
    const TestKey current = makeKey();
    const TestKey next = makeKey();
    QVERIFY(populate(storePath(), current, 5));
    Originals originals;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        originals = readAll(*store, *current);
        QCOMPARE(originals.size(), 5);
    }
    const Original broken = originals.value(originals.keys().at(2));
    {
        SqlConnection raw(storePath(), WaitWhenBusy);
        QVERIFY(raw.isOpen());
        QByteArray payload
            = raw.scalar(QStringLiteral("SELECT payload FROM credentials WHERE id = ?"), { broken.summary.id })
                  .toByteArray();
        QVERIFY(payload.size() > 1 + 24 + 16);
        payload[payload.size() - 1] = char(payload.at(payload.size() - 1) ^ 0x01); // in the tag
        QVERIFY2(
            raw.exec(QStringLiteral("UPDATE credentials SET payload = ? WHERE id = ?"), { payload, broken.summary.id }),
            qPrintable(raw.lastError()));
    }

    QProcessEnvironment environment = childEnvironment(current.hex);
    environment.insert(NewKeyVariable, QString::fromLatin1(next.hex));
    const Snapshot before = snapshotOf(storePath());
    QVERIFY2(!before.contains(QStringLiteral("credentials.sqlite-wal")), "the store was still open before the call");
    const Outcome refused = runCredctl({ QStringLiteral("--store"), storePath(), QStringLiteral("key"),
                                         QStringLiteral("rotate"), QStringLiteral("--new-key-env"), NewKeyVariable },
                                       environment);
    QVERIFY2(!leaks(refused, { current.hex, next.hex }), "credctl key rotate printed a key");
    CHECK_EXIT(refused, 7);
    const QString err = QString::fromUtf8(refused.err).trimmed();
    QVERIFY2(err.contains(broken.summary.name),
             qPrintable(QStringLiteral("stderr does not name \"%1\": %2").arg(broken.summary.name, err)));
    const QByteArray changed = snapshotDifference(before, snapshotOf(storePath()));
    QVERIFY2(changed.isEmpty(), QByteArray("the refused rotation changed the store's files: " + changed).constData());

    auto store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(store->keyId().value(), current.id);
    for (const Original& original : std::as_const(originals)) {
        if (original.summary.id == broken.summary.id)
            continue;
        auto credential = store->read(*current, original.summary.id);
        VERIFY_OK(credential);
        QVERIFY(credential->fields == original.fields);
    }
}

// ---------------------------------------------------------------------------------------------
// Crash safety

void TestKeyRotation::survivesSigkillAtAnyInstant()
{
    constexpr int Count = 3000;
    constexpr int SweepTrials = 40; // kills at delays spread over the whole rotation and beyond
    constexpr int CommitTrials = 20; // kills timed from the moment the commit starts writing
    QElapsedTimer total;
    total.start();

    const TestKey keyA = makeKey();
    const TestKey keyB = makeKey();
    const auto keyWithId = [&](const QString& id) -> const TestKey& { return id == keyA.id ? keyA : keyB; };
    const auto otherKey = [&](const QString& id) -> const TestKey& { return id == keyA.id ? keyB : keyA; };

    QElapsedTimer phase;
    phase.start();
    QVERIFY(populate(storePath(), keyA, Count, true));
    Originals originals;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        originals = readAll(*store, *keyA);
    }
    QCOMPARE(originals.size(), Count);
    qInfo("created %d credentials in %lld ms", Count, phase.elapsed());

    // A rotation writes nothing to the store's -wal file until it commits (the changed pages
    // fit in SQLite's page cache), so the moment that file grows is the moment the commit
    // starts. Polls until it does or the process ends; returns that moment or -1.
    const auto waitForCommitStart
        = [](QProcess& process, const QString& walPath, const QElapsedTimer& timer, qint64 limitNs) -> qint64 {
        while (timer.nsecsElapsed() < limitNs) {
            if (QFileInfo(walPath).size() > 0)
                return timer.nsecsElapsed();
            if (process.waitForFinished(0))
                return -1;
        }
        return -1;
    };

    // How long one uninterrupted rotation takes, from start() to exit, and how long from the
    // start of its commit to its exit, in a copy of the store.
    qint64 fullNs = 0;
    qint64 commitToExitNs = 0;
    {
        const QString copy = m_dir->filePath(QStringLiteral("reference.sqlite"));
        QVERIFY(QFile::copy(storePath(), copy));
        QString keyId = keyA.id;
        for (int run = 0; run < 3; ++run) {
            QVERIFY(!QFileInfo::exists(copy + QStringLiteral("-wal")));
            QProcessEnvironment environment = childEnvironment(keyWithId(keyId).hex);
            environment.insert(NewKeyVariable, QString::fromLatin1(otherKey(keyId).hex));
            QElapsedTimer timer;
            timer.start();
            std::unique_ptr<QProcess> process = startRotation(copy, environment);
            const qint64 commitNs
                = waitForCommitStart(*process, copy + QStringLiteral("-wal"), timer, 60'000'000'000LL);
            QVERIFY2(process->waitForFinished(60000), "the reference rotation did not finish within 60 s");
            const qint64 elapsed = timer.nsecsElapsed();
            QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0,
                     qPrintable(QStringLiteral("the reference rotation failed (exit %1): %2")
                                    .arg(process->exitCode())
                                    .arg(QString::fromUtf8(process->readAllStandardError()).trimmed())));
            // The longest run: the sweep below must reach past the exit even when a run is slow.
            fullNs = std::max(fullNs, elapsed);
            if (commitNs >= 0)
                commitToExitNs = std::max(commitToExitNs, elapsed - commitNs);
            qInfo("reference rotation %d: %.1f ms, its commit started writing after %.1f ms", run + 1,
                  double(elapsed) / 1e6, double(commitNs) / 1e6);
            keyId = otherKey(keyId).id;
        }
        QVERIFY2(commitToExitNs > 0, "the start of the commit (the -wal file growing) was never seen");
        auto store = openStore(copy);
        QVERIFY(store);
        QCOMPARE(store->keyId().value(), keyId);
    }

    // Each trial: start a rotation from the store's current key to the other one, kill it with
    // SIGKILL at the chosen instant, then check the store thoroughly.
    struct TrialOutcome
    {
        bool moved = false; // the store ended on the new key
        bool killed = false; // the process was still running when SIGKILL came
    };
    QList<TrialOutcome> outcomes;
    int rotations = 0; // committed rotations, each of which writes one audit row
    int commitsMissed = 0; // commit trials whose process ended before its commit was seen
    qint64 verifyNs = 0;
    QString keyId = keyA.id;
    // `delay` ns after start(), or with fromCommit `delay` ns after the commit started writing.
    const auto runTrial = [&](qint64 delay, bool fromCommit) {
        const QString trialName = QStringLiteral("trial %1 (kill %2 ms after %3, rotation of about %4 ms)")
                                      .arg(outcomes.size() + 1)
                                      .arg(double(delay) / 1e6, 0, 'f', 3)
                                      .arg(fromCommit ? QStringLiteral("the commit started") : QStringLiteral("start"))
                                      .arg(double(fullNs) / 1e6, 0, 'f', 1);
        const QString walPath = storePath() + QStringLiteral("-wal");
        QVERIFY2(!QFileInfo::exists(walPath), qPrintable(trialName + QStringLiteral(": the store is still open")));
        QProcessEnvironment environment = childEnvironment(keyWithId(keyId).hex);
        environment.insert(NewKeyVariable, QString::fromLatin1(otherKey(keyId).hex));

        QElapsedTimer timer;
        timer.start();
        std::unique_ptr<QProcess> process = startRotation(storePath(), environment);
        if (fromCommit) {
            const qint64 commitNs = waitForCommitStart(*process, walPath, timer, 20 * fullNs);
            if (commitNs < 0)
                ++commitsMissed;
            else
                waitUntil(timer, commitNs + delay);
        } else {
            waitUntil(timer, delay);
        }
        // waitForCommitStart() may have seen the process end already; waitForFinished() on a
        // finished QProcess returns false at once.
        if (process->state() != QProcess::NotRunning) {
            process->kill(); // SIGKILL on Unix; no effect once the process has exited
            QVERIFY2(process->waitForFinished(30000), qPrintable(trialName + QStringLiteral(": credctl did not end")));
        }
        const bool killed = process->exitStatus() == QProcess::CrashExit;
        if (!killed)
            QVERIFY2(process->exitCode() == 0,
                     qPrintable(trialName
                                + QStringLiteral(": credctl failed on its own (exit %1): %2")
                                      .arg(process->exitCode())
                                      .arg(QString::fromUtf8(process->readAllStandardError()).trimmed())));
        process.reset();

        QElapsedTimer verify;
        verify.start();
        // The store opens with the library ...
        CredentialStore::Options options;
        options.mode = CredentialStore::OpenMode::OpenExisting;
        auto opened = CredentialStore::open(storePath(), options);
        QVERIFY2(
            opened.ok(),
            qPrintable(trialName + QStringLiteral(": the store does not open: ") + QString::fromUtf8(outcome(opened))));
        const CredentialStore& store = *opened.value();

        // ... the file is intact, seen through a connection of its own ...
        {
            SqlConnection raw(storePath(), WaitWhenBusy);
            QVERIFY2(raw.isOpen(), qPrintable(trialName + QStringLiteral(": no second connection")));
            const QStringList integrity = raw.column(QStringLiteral("PRAGMA integrity_check"));
            QVERIFY2(integrity == QStringList { QStringLiteral("ok") },
                     qPrintable(trialName + QStringLiteral(": integrity_check says ")
                                + integrity.join(QStringLiteral("; "))));
            const QString rawKeyId
                = raw.scalar(QStringLiteral("SELECT value FROM meta WHERE key = 'key_id'")).toString();
            QVERIFY2(rawKeyId == keyA.id || rawKeyId == keyB.id,
                     qPrintable(trialName + QStringLiteral(": key_id is %1, neither of the two keys").arg(rawKeyId)));
        }

        // ... its key id is exactly one of the two keys ...
        auto storedKeyId = store.keyId();
        QVERIFY2(
            storedKeyId.ok(),
            qPrintable(trialName + QStringLiteral(": key_id unreadable: ") + QString::fromUtf8(outcome(storedKeyId))));
        const QString now = storedKeyId.value();
        QVERIFY2(now == keyA.id || now == keyB.id,
                 qPrintable(trialName + QStringLiteral(": key_id is %1, neither of the two keys").arg(now)));
        const bool moved = now != keyId;
        if (!killed)
            QVERIFY2(moved, qPrintable(trialName + QStringLiteral(": credctl succeeded but key_id did not move")));

        // ... every credential decrypts with that key to its original values, and its revision
        // and timestamps are unchanged ...
        const QString problem = compareWithOriginals(store, *keyWithId(now), originals);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(trialName + QStringLiteral(", store on the ")
                            + (moved ? QStringLiteral("new") : QStringLiteral("old")) + QStringLiteral(" key: ")
                            + problem));
        // ... the other key is refused as the wrong key ...
        VERIFY_FAILS(store.read(*otherKey(now), originals.firstKey()), ErrorCode::KeyWrong);
        // ... and the audit log has one rotate-key row per committed rotation.
        if (moved)
            ++rotations;
        const int auditRows = auditCount(store, QStringLiteral("rotate-key"));
        QVERIFY2(auditRows == rotations,
                 qPrintable(trialName
                            + QStringLiteral(": %1 rotate-key audit rows for %2 committed "
                                             "rotations")
                                  .arg(auditRows)
                                  .arg(rotations)));
        verifyNs += verify.nsecsElapsed();
        outcomes.append({ moved, killed });
        // The next trial rotates from whichever key the store has now.
        keyId = now;
    };
    // `count` delays, one in each equal part of [from, to), shuffled.
    const auto stratified = [](qint64 from, qint64 to, int count) {
        QList<qint64> delays;
        const double width = double(to - from) / count;
        for (int i = 0; i < count; ++i)
            delays.append(from + qint64(width * i + QRandomGenerator::global()->bounded(width)));
        std::shuffle(delays.begin(), delays.end(), *QRandomGenerator::global());
        return delays;
    };
    const auto tally = [&](int from, int to) {
        int old = 0, killedAfterCommit = 0, finished = 0;
        for (int i = from; i < to; ++i) {
            const TrialOutcome& trial = outcomes.at(i);
            ++(!trial.moved ? old : trial.killed ? killedAfterCommit : finished);
        }
        return QStringLiteral("%1 on the old key, %2 on the new key (%3 killed after the commit, %4 finished)")
            .arg(old)
            .arg(killedAfterCommit + finished)
            .arg(killedAfterCommit)
            .arg(finished);
    };

    // A sweep over 0 .. 1.2 x the full rotation: before the process even runs, while it starts,
    // re-encrypts, commits, checkpoints and exits, and after it has exited.
    phase.restart();
    const qint64 range = fullNs * 12 / 10;
    for (qint64 delay : stratified(0, range, SweepTrials)) {
        runTrial(delay, false);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%d kills swept over 0..%.1f ms after start: %s", SweepTrials, double(range) / 1e6,
          qPrintable(tally(0, SweepTrials)));

    // Kills during the commit itself, which is short next to the jitter of a whole run: timed
    // from the moment the -wal file starts growing, over the span from there to the exit.
    const qint64 commitRange = commitToExitNs * 11 / 10;
    for (qint64 delay : stratified(0, commitRange, CommitTrials)) {
        runTrial(delay, true);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%d kills over 0..%.1f ms after the commit started writing (%d ended before it was seen): %s", CommitTrials,
          double(commitRange) / 1e6, commitsMissed, qPrintable(tally(SweepTrials, int(outcomes.size()))));
    qInfo(
        "figure: key rotation: %d SIGKILL trials in %lld ms (checking the store after each: %lld ms in all); in all %s",
        int(outcomes.size()), phase.elapsed(), verifyNs / 1000000, qPrintable(tally(0, int(outcomes.size()))));
    qInfo("crash-safety test took %lld ms in all", total.elapsed());

    const bool anyOld = std::any_of(outcomes.cbegin(), outcomes.cend(), [](const TrialOutcome& t) { return !t.moved; });
    const bool anyNew = std::any_of(outcomes.cbegin(), outcomes.cend(), [](const TrialOutcome& t) { return t.moved; });
    QVERIFY2(anyOld,
             "no trial ended on the old key: every kill landed after the commit, so the delays did not cover the "
             "rotation before its commit");
    QVERIFY2(anyNew,
             "no trial ended on the new key: every kill landed before the commit, so the delays did not cover the "
             "end of the rotation");
}

QTEST_GUILESS_MAIN(TestKeyRotation)
#include "TestKeyRotation.moc"
