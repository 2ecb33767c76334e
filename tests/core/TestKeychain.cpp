// The OS keychain as a key source (SPEC section 4, issue 3), against the REAL Secret
// Service: scripts/with-keyring starts an unlocked gnome-keyring on the session bus and
// exports CM_REQUIRE_KEYRING=1, so in CI a missing keychain fails the test instead of
// skipping it. Covered: the Keychain wrapper (blocking and asynchronous), the keychain key
// source, the resolution order, the promotion of a pending ".next" entry after an
// interrupted rotation, and credctl key store / key forget / key rotate end to end, with
// and without a reachable keychain, and without any plaintext copy of the key on disk.
//
// Every entry this test creates is named by a fresh UUID and removed again in cleanup().
// Keys and secrets are generated per run and never printed: failure messages name the
// command and show stderr only.

#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "keys/EnvironmentKeySource.h"
#include "keys/KeyResolver.h"
#include "keys/Keychain.h"
#include "keys/KeychainKeySource.h"
#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

using namespace cm;
using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString ServiceName = u"credential-manager"_s;
const QString MissingKeyGuidance = u"contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY"_s;
const QString UnavailableWords = u"system keychain is unavailable"_s;
// Long enough for a keychain that answers; short enough to stay far below the CTest timeout.
constexpr int KeychainTimeoutMs = 10000;

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

MasterKey keyFromBytes(const QByteArray& bytes)
{
    Result<MasterKey> key = MasterKey::fromBytes(SecureBuffer::copyOf(bytes));
    Q_ASSERT(key.ok());
    return std::move(key).value();
}

QString keyIdOf(const QByteArray& bytes)
{
    return keyFromBytes(bytes).keyId();
}

SecureBuffer secureCopy(const QByteArray& bytes)
{
    return SecureBuffer::copyOf(bytes);
}

// What the keychain holds under an entry, read through the wrapper.
struct Held
{
    bool ok = false;
    bool present = false;
    QByteArray bytes;
    QString error; // the error message when !ok; never a secret
};

Held readEntry(const QString& entry)
{
    Held held;
    Result<std::optional<SecureBuffer>> read = Keychain::readBlocking(entry, KeychainTimeoutMs);
    if (!read) {
        held.error = read.error().message;
        return held;
    }
    held.ok = true;
    if (read.value()) {
        held.present = true;
        held.bytes = read.value()->view().toByteArray();
    }
    return held;
}

// The entry holds exactly these bytes (the message never shows them).
#define CHECK_HOLDS(entry, expected, what)                                                                             \
    do {                                                                                                               \
        const Held held_ = readEntry(entry);                                                                           \
        QVERIFY2(held_.ok, qPrintable(u"reading the keychain entry failed: "_s + held_.error));                        \
        QVERIFY2(held_.present, qPrintable(u"the keychain holds no entry for "_s + QString(what)));                    \
        QVERIFY2(held_.bytes == (expected),                                                                            \
                 qPrintable(u"the keychain entry for %1 holds %2 bytes, not the expected key"_s.arg(QString(what))     \
                                .arg(held_.bytes.size())));                                                            \
    } while (false)

#define CHECK_ABSENT(entry, what)                                                                                      \
    do {                                                                                                               \
        const Held held_ = readEntry(entry);                                                                           \
        QVERIFY2(held_.ok, qPrintable(u"reading the keychain entry failed: "_s + held_.error));                        \
        QVERIFY2(!held_.present, qPrintable(u"the keychain still holds an entry for "_s + QString(what)));             \
    } while (false)

// Neither stream shows the key (hex in either case, base64 or raw).
#define CHECK_NO_KEY_PRINTED(outcome, keyBytes)                                                                        \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        for (const QByteArray& form_ :                                                                                 \
             { (keyBytes).toHex(), (keyBytes).toHex().toUpper(), (keyBytes).toBase64(), QByteArray(keyBytes) })        \
            QVERIFY2(!checked_.out.contains(form_) && !checked_.err.contains(form_),                                   \
                     qPrintable(u"credctl %1 printed the key"_s.arg(checked_.command)));                               \
    } while (false)

// meta.<key> of a store file, read with plain SQL.
QString metaValue(const QString& storePath, const QString& key)
{
    const SqlConnection connection(storePath, u"QSQLITE_OPEN_READONLY"_s);
    return connection.isOpen() ? connection.meta().value(key) : QString();
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // The wrapper around QtKeychain.
    void writeReadRemoveRoundTrip();
    void asynchronousApiDeliversThroughTheEventLoop();

    // KeychainKeySource.
    void keySourceSavesAndLoads();
    void keySourceRefusesAnEntryThatIsNotAKey();

    // KeyResolver::standard(): SPEC section 4's order.
    void resolvesFromTheKeychainWithoutTheVariable();
    void environmentComesBeforeTheKeychain();
    void keychainKeyOfAnotherStoreIsWrong();

    // An interrupted rotation: the new key waits under "<store_id>.next".
    void pendingEntryIsPromotedWhenItMatches();
    void pendingEntryIsPromotedWhenTheMainEntryIsGone();
    void pendingEntryIsLeftAloneWhenTheMainOneMatches();

    // credctl end to end.
    void cliKeyStoreThenShowWithoutTheVariable();
    void cliKeyForget();
    void cliKeyRotateInTheKeychain();
    void cliUnavailableKeychain_data();
    void cliUnavailableKeychain();
    void cliRefusedKeyStoreCreatesNoStore();
    void cliNoPlaintextCopyOfTheKey_data();
    void cliNoPlaintextCopyOfTheKey();

private:
    // Remembers an entry (and its pending companion) for removal in cleanup().
    QString track(const QString& storeId)
    {
        m_entries << storeId << KeychainKeySource::pendingEntry(storeId);
        return storeId;
    }
    QString newStoreId() { return track(newUuid()); }

    QProcessEnvironment baseEnvironment() const;
    QProcessEnvironment keyedEnvironment(const QByteArray& keyBytes) const;
    // Neither D-Bus nor a display: no keychain can answer. On the KWallet path (a KDE 4
    // desktop) QtKeychain is where its insecureFallback would write a plaintext copy.
    enum class Path
    {
        SecretService,
        KWallet
    };
    QProcessEnvironment withoutKeychain(QProcessEnvironment environment, Path path = Path::SecretService) const;
    Outcome run(const QStringList& arguments, const QProcessEnvironment& environment) const
    {
        return runCredctl(arguments, environment, m_dir->path());
    }
    Outcome ctl(const QProcessEnvironment& environment, const QStringList& arguments) const
    {
        return run(arguments + QStringList { u"--store"_s, m_store }, environment);
    }
    // add NAME --provider mistral, its API key passed through --field-env; returns the exit code.
    Outcome addMistral(const QString& name, const QString& secret);
    // The store_id of the test's store, tracked for cleanup; empty when unreadable.
    QString storeIdOfStore()
    {
        const QString id = metaValue(m_store, u"store_id"_s);
        if (!id.isEmpty())
            track(id);
        return id;
    }
    // The revealed api_key of a credential, read without the key variable (empty on failure).
    QString revealedApiKey(const QString& name, const QProcessEnvironment& environment, Outcome* outcome = nullptr);

    QStringList m_entries;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    QByteArray m_keyBytes;
};

void TestKeychain::initTestCase()
{
    QVERIFY2(QFileInfo(credctlPath()).isExecutable(), "the credctl binary is not built");
    qunsetenv(EnvironmentKeySource::VariableName);
    const bool required = qEnvironmentVariable("CM_REQUIRE_KEYRING") == QLatin1String("1");
    const auto unusable = [required](const Error& error, const char* what) {
        const QString why = u"No usable Secret Service: %1 (%2). Run the tests the way CI does: "
                            u"dbus-run-session -- bash scripts/with-keyring ctest --preset dev"_s.arg(
                                QLatin1String(what), error.message);
        return std::make_pair(required || error.code != ErrorCode::KeychainUnavailable, why);
    };

    // Is there a Secret Service at all? A missing entry reads as an ok nullopt.
    const QString probe = u"cm-test-probe-"_s + newUuid();
    Result<std::optional<SecureBuffer>> answer = Keychain::readBlocking(probe, KeychainTimeoutMs);
    if (!answer) {
        const auto [fail, why] = unusable(answer.error(), "reading an entry failed");
        if (fail)
            QFAIL(qPrintable(why));
        QSKIP(qPrintable(why));
    }
    // A D-Bus session without with-keyring activates a gnome-keyring whose login keyring
    // does not exist yet: it answers reads but refuses writes (it would need a prompt).
    Result<void> written = Keychain::writeBlocking(probe, secureCopy(randomBytes(32)), KeychainTimeoutMs);
    Result<void> removed = Keychain::removeBlocking(probe, KeychainTimeoutMs);
    if (!written || !removed) {
        const auto [fail, why] = unusable(!written ? written.error() : removed.error(), "writing an entry failed");
        if (fail)
            QFAIL(qPrintable(why));
        QSKIP(qPrintable(why));
    }
}

void TestKeychain::init()
{
    qunsetenv(EnvironmentKeySource::VariableName);
    m_entries.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    for (const QString& folder :
         { u"home"_s, u"xdg-data"_s, u"xdg-config"_s, u"xdg-cache"_s, u"xdg-state"_s, u"store"_s, u"no-runtime"_s })
        QVERIFY(QDir().mkpath(m_dir->filePath(folder)));
    QFile::setPermissions(m_dir->filePath(u"no-runtime"_s), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_store = m_dir->filePath(u"store/creds.sqlite"_s);
    m_keyBytes = randomBytes(32);
}

void TestKeychain::cleanup()
{
    qunsetenv(EnvironmentKeySource::VariableName);
    // Removed even when the test failed; a missing entry is fine.
    QStringList failures;
    for (const QString& entry : std::as_const(m_entries)) {
        if (Result<void> removed = Keychain::removeBlocking(entry, KeychainTimeoutMs); !removed)
            failures << removed.error().message;
    }
    m_entries.clear();
    m_dir.reset();
    QVERIFY2(failures.isEmpty(), qPrintable(u"cleanup could not remove keychain entries: "_s + failures.join(u' ')));
}

QProcessEnvironment TestKeychain::baseEnvironment() const
{
    // DBUS_SESSION_BUS_ADDRESS stays: the child reaches the same keyring as the test.
    return credctlEnvironment(m_dir->path());
}

QProcessEnvironment TestKeychain::keyedEnvironment(const QByteArray& keyBytes) const
{
    QProcessEnvironment environment = baseEnvironment();
    environment.insert(KeyVariable, QString::fromLatin1(keyBytes.toHex()));
    return environment;
}

QProcessEnvironment TestKeychain::withoutKeychain(QProcessEnvironment environment, Path path) const
{
    environment = cm::test::withoutKeychain(std::move(environment), m_dir->filePath(u"no-runtime"_s));
    if (path == Path::KWallet) {
        environment.insert(u"XDG_CURRENT_DESKTOP"_s, u"KDE"_s);
        environment.insert(u"KDE_SESSION_VERSION"_s, u"4"_s);
    }
    return environment;
}

Outcome TestKeychain::addMistral(const QString& name, const QString& secret)
{
    QProcessEnvironment environment = keyedEnvironment(m_keyBytes);
    environment.insert(u"CM_TEST_SECRET"_s, secret);
    Outcome outcome = ctl(
        environment, { u"add"_s, name, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s });
    if (outcome.code == 0)
        storeIdOfStore();
    return outcome;
}

QString TestKeychain::revealedApiKey(const QString& name, const QProcessEnvironment& environment, Outcome* outcome)
{
    Outcome shown = ctl(environment, { u"show"_s, name, u"--reveal"_s, u"--json"_s });
    const QString value = shown.code == 0
        ? QJsonDocument::fromJson(shown.out).object().value(u"fields"_s).toObject().value(u"api_key"_s).toString()
        : QString();
    if (outcome)
        *outcome = std::move(shown);
    return value;
}

// --- the Keychain wrapper --------------------------------------------------------------

void TestKeychain::writeReadRemoveRoundTrip()
{
    QCOMPARE(QString::fromLatin1(Keychain::Service), ServiceName);
    const QString entry = newStoreId();
    const QByteArray secret = randomBytes(32);

    Held missing = readEntry(entry);
    QVERIFY2(missing.ok, qPrintable(u"reading a missing entry is not an error: "_s + missing.error));
    QVERIFY(!missing.present);

    VERIFY_OK(Keychain::writeBlocking(entry, secureCopy(secret), KeychainTimeoutMs));
    CHECK_HOLDS(entry, secret, u"the written entry"_s);

    // Overwriting replaces the value.
    const QByteArray other = randomBytes(32);
    VERIFY_OK(Keychain::writeBlocking(entry, secureCopy(other), KeychainTimeoutMs));
    CHECK_HOLDS(entry, other, u"the overwritten entry"_s);

    VERIFY_OK(Keychain::removeBlocking(entry, KeychainTimeoutMs));
    CHECK_ABSENT(entry, u"the removed entry"_s);
    // Removing what is not there succeeds.
    VERIFY_OK(Keychain::removeBlocking(entry, KeychainTimeoutMs));
    VERIFY_OK(Keychain::removeBlocking(newStoreId(), KeychainTimeoutMs));
}

void TestKeychain::asynchronousApiDeliversThroughTheEventLoop()
{
    const QString entry = newStoreId();
    const QByteArray secret = randomBytes(32);

    // The state outlives the test function, should a callback come after a timeout.
    auto written = std::make_shared<std::optional<Result<void>>>();
    Keychain::write(entry, secureCopy(secret), [written](Result<void> result) { written->emplace(std::move(result)); });
    QVERIFY2(!written->has_value(), "Keychain::write reported before the event loop ran");
    QTRY_VERIFY_WITH_TIMEOUT(written->has_value(), KeychainTimeoutMs);
    VERIFY_OK(**written);

    auto read = std::make_shared<std::optional<Result<std::optional<SecureBuffer>>>>();
    Keychain::read(entry, [read](Result<std::optional<SecureBuffer>> result) { read->emplace(std::move(result)); });
    QVERIFY2(!read->has_value(), "Keychain::read reported before the event loop ran");
    QTRY_VERIFY_WITH_TIMEOUT(read->has_value(), KeychainTimeoutMs);
    VERIFY_OK(**read);
    QVERIFY2((**read).value().has_value(), "the asynchronous read found no entry");
    QVERIFY2((**read).value()->view() == QByteArrayView(secret), "the asynchronous read returned other bytes");

    auto removed = std::make_shared<std::optional<Result<void>>>();
    Keychain::remove(entry, [removed](Result<void> result) { removed->emplace(std::move(result)); });
    QTRY_VERIFY_WITH_TIMEOUT(removed->has_value(), KeychainTimeoutMs);
    VERIFY_OK(**removed);

    auto missing = std::make_shared<std::optional<Result<std::optional<SecureBuffer>>>>();
    Keychain::read(entry,
                   [missing](Result<std::optional<SecureBuffer>> result) { missing->emplace(std::move(result)); });
    QTRY_VERIFY_WITH_TIMEOUT(missing->has_value(), KeychainTimeoutMs);
    VERIFY_OK(**missing);
    QVERIFY2(!(**missing).value().has_value(), "the asynchronous read still finds the removed entry");
}

// --- KeychainKeySource -----------------------------------------------------------------

void TestKeychain::keySourceSavesAndLoads()
{
    const QString storeId = newStoreId();
    VERIFY_OK(KeychainKeySource::save(storeId, keyFromBytes(m_keyBytes)));
    CHECK_HOLDS(storeId, m_keyBytes, u"the saved key"_s);

    KeychainKeySource source;
    QCOMPARE(source.kind(), KeySource::Kind::Keychain);
    QCOMPARE(source.name(), u"the system keychain"_s);

    Result<std::optional<MasterKey>> loaded = source.load(storeId, keyIdOf(m_keyBytes));
    VERIFY_OK(loaded);
    QVERIFY2(loaded.value().has_value(), "load found no key");
    QVERIFY2(loaded.value()->view() == QByteArrayView(m_keyBytes), "load returned another key");

    // A store without a key id yet accepts whatever the keychain holds for it.
    Result<std::optional<MasterKey>> unbound = source.load(storeId, QString());
    VERIFY_OK(unbound);
    QVERIFY2(unbound.value() && unbound.value()->keyId() == keyIdOf(m_keyBytes), "load without key id failed");

    // No store id, no entry to look up.
    Result<std::optional<MasterKey>> noStore = source.load(QString(), QString());
    VERIFY_OK(noStore);
    QVERIFY(!noStore.value().has_value());

    // Another store's id finds nothing.
    Result<std::optional<MasterKey>> otherStore = source.load(newStoreId(), QString());
    VERIFY_OK(otherStore);
    QVERIFY(!otherStore.value().has_value());

    VERIFY_OK(KeychainKeySource::forget(storeId));
    CHECK_ABSENT(storeId, u"the forgotten key"_s);
}

void TestKeychain::keySourceRefusesAnEntryThatIsNotAKey()
{
    for (int size : { 16, 31, 33, 64 }) {
        const QString storeId = newStoreId();
        const QByteArray bytes = randomBytes(size);
        VERIFY_OK(Keychain::writeBlocking(storeId, secureCopy(bytes), KeychainTimeoutMs));
        Result<std::optional<MasterKey>> loaded = KeychainKeySource().load(storeId, QString());
        QVERIFY2(!loaded.ok(), qPrintable(u"an entry of %1 bytes was accepted as a key"_s.arg(size)));
        QCOMPARE(loaded.error().code, ErrorCode::KeyMalformed);
        QVERIFY2(loaded.error().message.contains(u"32-byte"_s), qPrintable(loaded.error().message));
        QVERIFY2(!loaded.error().message.toLatin1().contains(bytes.toHex()), "the message shows the entry's bytes");

        // The resolver passes the error on (it is not a missing key).
        Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, QString());
        QVERIFY(!resolved.ok());
        QCOMPARE(resolved.error().code, ErrorCode::KeyMalformed);
    }
}

// --- resolution order ------------------------------------------------------------------

void TestKeychain::resolvesFromTheKeychainWithoutTheVariable()
{
    const QString storeId = newStoreId();

    // Nothing anywhere: the missing-key guidance, without the "unavailable" variant.
    Result<ResolvedKey> none = KeyResolver::standard().resolve(storeId, keyIdOf(m_keyBytes));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, ErrorCode::KeyMissing);
    QVERIFY(none.error().message.contains(MissingKeyGuidance, Qt::CaseInsensitive));
    QVERIFY2(!none.error().message.contains(UnavailableWords), qPrintable(none.error().message));

    VERIFY_OK(KeychainKeySource::save(storeId, keyFromBytes(m_keyBytes)));
    for (const QString& storeKeyId : { keyIdOf(m_keyBytes), QString() }) {
        Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, storeKeyId);
        VERIFY_OK(resolved);
        QCOMPARE(resolved->kind, KeySource::Kind::Keychain);
        QCOMPARE(resolved->origin, u"the system keychain"_s);
        QVERIFY2(resolved->key.view() == QByteArrayView(m_keyBytes), "resolved another key");
    }
}

void TestKeychain::environmentComesBeforeTheKeychain()
{
    const QString storeId = newStoreId();
    const QByteArray keychainKey = randomBytes(32);
    VERIFY_OK(KeychainKeySource::save(storeId, keyFromBytes(keychainKey)));

    qputenv(EnvironmentKeySource::VariableName, m_keyBytes.toHex());
    for (const QString& storeKeyId : { keyIdOf(m_keyBytes), QString() }) {
        Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, storeKeyId);
        VERIFY_OK(resolved);
        QCOMPARE(resolved->kind, KeySource::Kind::Environment);
        QCOMPARE(resolved->origin, KeyVariable);
        QVERIFY2(resolved->key.view() == QByteArrayView(m_keyBytes), "the keychain's key won over the variable");
    }

    // The variable is not skipped when it holds the wrong key: it is refused, naming it.
    Result<ResolvedKey> wrong = KeyResolver::standard().resolve(storeId, keyIdOf(keychainKey));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, ErrorCode::KeyWrong);
    QVERIFY2(wrong.error().message.contains(KeyVariable), qPrintable(wrong.error().message));

    // Whatever the variable holds, the keychain entry is untouched.
    CHECK_HOLDS(storeId, keychainKey, u"the store"_s);
}

void TestKeychain::keychainKeyOfAnotherStoreIsWrong()
{
    const QString storeId = newStoreId();
    VERIFY_OK(KeychainKeySource::save(storeId, keyFromBytes(randomBytes(32))));

    const QString storeKeyId = keyIdOf(m_keyBytes);
    Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, storeKeyId);
    QVERIFY(!resolved.ok());
    QCOMPARE(resolved.error().code, ErrorCode::KeyWrong);
    QVERIFY2(resolved.error().message.contains(u"does not match this store"_s), qPrintable(resolved.error().message));
    QVERIFY2(resolved.error().message.contains(u"the system keychain"_s), qPrintable(resolved.error().message));
    QVERIFY2(resolved.error().message.contains(storeKeyId), qPrintable(resolved.error().message));
}

// --- pending entries -------------------------------------------------------------------

void TestKeychain::pendingEntryIsPromotedWhenItMatches()
{
    const QString storeId = newStoreId();
    const QByteArray oldKey = randomBytes(32);
    const QByteArray newKey = m_keyBytes;
    VERIFY_OK(KeychainKeySource::save(storeId, keyFromBytes(oldKey)));
    VERIFY_OK(KeychainKeySource::savePending(storeId, keyFromBytes(newKey)));
    QCOMPARE(KeychainKeySource::pendingEntry(storeId), storeId + u".next"_s);
    CHECK_HOLDS(storeId + u".next"_s, newKey, u"the pending entry"_s);

    // The store committed the rotation: its key id is the new key's.
    Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, keyIdOf(newKey));
    VERIFY_OK(resolved);
    QCOMPARE(resolved->kind, KeySource::Kind::Keychain);
    QVERIFY2(resolved->key.view() == QByteArrayView(newKey), "the pending key was not the one resolved");

    CHECK_HOLDS(storeId, newKey, u"the store after promotion"_s);
    CHECK_ABSENT(storeId + u".next"_s, u"the pending key after promotion"_s);

    // And the next resolution needs no pending entry.
    Result<ResolvedKey> again = KeyResolver::standard().resolve(storeId, keyIdOf(newKey));
    VERIFY_OK(again);
    QVERIFY(again->key.view() == QByteArrayView(newKey));
}

void TestKeychain::pendingEntryIsPromotedWhenTheMainEntryIsGone()
{
    const QString storeId = newStoreId();
    VERIFY_OK(KeychainKeySource::savePending(storeId, keyFromBytes(m_keyBytes)));

    Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, keyIdOf(m_keyBytes));
    VERIFY_OK(resolved);
    QVERIFY(resolved->key.view() == QByteArrayView(m_keyBytes));
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after promotion"_s);
    CHECK_ABSENT(storeId + u".next"_s, u"the pending key after promotion"_s);
}

void TestKeychain::pendingEntryIsLeftAloneWhenTheMainOneMatches()
{
    const QString storeId = newStoreId();
    const QByteArray oldKey = m_keyBytes;
    const QByteArray newKey = randomBytes(32);
    VERIFY_OK(KeychainKeySource::save(storeId, keyFromBytes(oldKey)));
    VERIFY_OK(KeychainKeySource::savePending(storeId, keyFromBytes(newKey)));

    // The rotation never committed: the store still has the old key id.
    Result<ResolvedKey> resolved = KeyResolver::standard().resolve(storeId, keyIdOf(oldKey));
    VERIFY_OK(resolved);
    QVERIFY2(resolved->key.view() == QByteArrayView(oldKey), "the pending key was used for the old store");
    CHECK_HOLDS(storeId, oldKey, u"the store"_s);
    CHECK_HOLDS(storeId + u".next"_s, newKey, u"the pending key"_s);

    // A pending key that matches neither is not promoted either: the main key is wrong.
    Result<ResolvedKey> neither = KeyResolver::standard().resolve(storeId, keyIdOf(randomBytes(32)));
    QVERIFY(!neither.ok());
    QCOMPARE(neither.error().code, ErrorCode::KeyWrong);
    CHECK_HOLDS(storeId, oldKey, u"the store"_s);
    CHECK_HOLDS(storeId + u".next"_s, newKey, u"the pending key"_s);
}

// --- credctl ---------------------------------------------------------------------------

void TestKeychain::cliKeyStoreThenShowWithoutTheVariable()
{
    const QString secret = u"sk-keychain-"_s + QString::fromLatin1(randomBytes(12).toHex());
    CHECK_EXIT(addMistral(u"Main"_s, secret), 0);
    const QString storeId = storeIdOfStore();
    QVERIFY2(!storeId.isEmpty(), "the store has no meta.store_id");
    CHECK_ABSENT(storeId, u"the store before key store"_s);

    // Without a key anywhere, show refuses.
    CHECK_EXIT(ctl(baseEnvironment(), { u"show"_s, u"Main"_s }), 2);

    const Outcome stored = ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"store"_s });
    CHECK_EXIT(stored, 0);
    CHECK_STDOUT(stored, u"now in the system keychain"_s);
    CHECK_STDOUT(stored, u"\"%1\""_s.arg(ServiceName));
    CHECK_STDOUT(stored, storeId);
    CHECK_NO_KEY_PRINTED(stored, m_keyBytes);

    // The entry is named by the store's store_id and holds exactly the 32 key bytes.
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after key store"_s);
    CHECK_ABSENT(storeId + u".next"_s, u"a pending key"_s);

    // Resolved from the keychain: no variable needed.
    Outcome shown;
    const QString value = revealedApiKey(u"Main"_s, baseEnvironment(), &shown);
    CHECK_EXIT(shown, 0);
    QVERIFY2(value == secret, "show --reveal without the variable did not return the stored value");

    // Stored again without the variable: it says the keychain already has it.
    const Outcome again = ctl(baseEnvironment(), { u"key"_s, u"store"_s });
    CHECK_EXIT(again, 0);
    CHECK_STDOUT(again, u"already holds"_s);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after a second key store"_s);

    // A wrong key in the variable is refused and overwrites nothing.
    const Outcome wrong = ctl(keyedEnvironment(randomBytes(32)), { u"key"_s, u"store"_s });
    CHECK_EXIT(wrong, 2);
    CHECK_STDERR(wrong, u"does not match this store"_s);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after a refused key store"_s);
}

void TestKeychain::cliKeyForget()
{
    const QString secret = u"sk-forget-"_s + QString::fromLatin1(randomBytes(12).toHex());
    CHECK_EXIT(addMistral(u"Main"_s, secret), 0);
    const QString storeId = storeIdOfStore();
    QVERIFY(!storeId.isEmpty());
    CHECK_EXIT(ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"store"_s }), 0);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store"_s);

    // The keychain holds the only copy: forgetting it without the variable is refused.
    const Outcome refused = ctl(baseEnvironment(), { u"key"_s, u"forget"_s });
    CHECK_EXIT(refused, 2);
    CHECK_STDERR(refused, KeyVariable);
    CHECK_STDERR(refused, u"--force"_s);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after a refused forget"_s);

    // A wrong key in the variable is no copy either.
    CHECK_EXIT(ctl(keyedEnvironment(randomBytes(32)), { u"key"_s, u"forget"_s }), 2);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after a refused forget"_s);

    const Outcome forgotten = ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"forget"_s });
    CHECK_EXIT(forgotten, 0);
    CHECK_STDOUT(forgotten, u"no longer in the system keychain"_s);
    CHECK_NO_KEY_PRINTED(forgotten, m_keyBytes);
    CHECK_ABSENT(storeId, u"the store after key forget"_s);
    CHECK_ABSENT(storeId + u".next"_s, u"a pending key after key forget"_s);

    // Now the key must come from the variable again.
    const Outcome shown = ctl(baseEnvironment(), { u"show"_s, u"Main"_s });
    CHECK_EXIT(shown, 2);
    CHECK_STDERR(shown, MissingKeyGuidance);
    QVERIFY2(revealedApiKey(u"Main"_s, keyedEnvironment(m_keyBytes)) == secret, "the variable no longer works");

    // Forgetting again: nothing to remove, and that is fine.
    const Outcome nothing = ctl(baseEnvironment(), { u"key"_s, u"forget"_s });
    CHECK_EXIT(nothing, 0);
    CHECK_STDOUT(nothing, u"holds no key"_s);

    // --force removes it without the variable.
    CHECK_EXIT(ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"store"_s }), 0);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store stored again"_s);
    const Outcome forced = ctl(baseEnvironment(), { u"key"_s, u"forget"_s, u"--force"_s });
    CHECK_EXIT(forced, 0);
    CHECK_STDOUT(forced, u"no longer in the system keychain"_s);
    CHECK_ABSENT(storeId, u"the store after key forget --force"_s);
}

void TestKeychain::cliKeyRotateInTheKeychain()
{
    QMap<QString, QString> secrets;
    for (const QString& name : { u"First"_s, u"Second"_s, u"Third"_s }) {
        secrets.insert(name, u"sk-rotate-"_s + QString::fromLatin1(randomBytes(12).toHex()));
        CHECK_EXIT(addMistral(name, secrets.value(name)), 0);
    }
    const QString storeId = storeIdOfStore();
    QVERIFY(!storeId.isEmpty());
    CHECK_EXIT(ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"store"_s }), 0);

    // The key lives only in the keychain; the new one comes through NEWKEY.
    const QByteArray newKey = randomBytes(32);
    const QString newKeyId = keyIdOf(newKey);
    QProcessEnvironment environment = baseEnvironment();
    environment.insert(u"NEWKEY"_s, QString::fromLatin1(newKey.toHex()));
    const Outcome rotated = ctl(environment, { u"key"_s, u"rotate"_s, u"--new-key-env"_s, u"NEWKEY"_s });
    CHECK_EXIT(rotated, 0);
    CHECK_STDOUT(rotated, newKeyId);
    CHECK_STDOUT(rotated, u"platform services"_s);
    CHECK_STDOUT(rotated, u"need the new key"_s);
    CHECK_NO_KEY_PRINTED(rotated, newKey);
    CHECK_NO_KEY_PRINTED(rotated, m_keyBytes);

    CHECK_HOLDS(storeId, newKey, u"the store after rotation"_s);
    CHECK_ABSENT(storeId + u".next"_s, u"the pending key after rotation"_s);
    QCOMPARE(metaValue(m_store, u"key_id"_s), newKeyId);

    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it) {
        Outcome shown;
        const QString value = revealedApiKey(it.key(), baseEnvironment(), &shown);
        CHECK_EXIT(shown, 0);
        QVERIFY2(value == it.value(), qPrintable(u"%1 does not decrypt to its value after rotation"_s.arg(it.key())));
    }

    // The old key is now wrong for this store.
    const Outcome old = ctl(keyedEnvironment(m_keyBytes), { u"show"_s, u"First"_s });
    CHECK_EXIT(old, 2);
    CHECK_STDERR(old, u"does not match this store"_s);
}

void TestKeychain::cliUnavailableKeychain_data()
{
    QTest::addColumn<bool>("kwallet");
    QTest::newRow("Secret Service path") << false;
    QTest::newRow("KWallet path") << true;
}

void TestKeychain::cliUnavailableKeychain()
{
    QFETCH(bool, kwallet);
    const Path path = kwallet ? Path::KWallet : Path::SecretService;
    const QString secret = u"sk-nodbus-"_s + QString::fromLatin1(randomBytes(12).toHex());
    CHECK_EXIT(addMistral(u"Main"_s, secret), 0);
    const QString storeId = storeIdOfStore();
    QVERIFY(!storeId.isEmpty());

    // key store with the variable but no keychain to put it in.
    const Outcome stored = ctl(withoutKeychain(keyedEnvironment(m_keyBytes), path), { u"key"_s, u"store"_s });
    CHECK_EXIT(stored, 2);
    CHECK_STDERR(stored, UnavailableWords);
    CHECK_STDERR(stored, KeyVariable);
    QVERIFY2(!stored.out.contains("now in the system keychain"), "key store claims success");
    CHECK_NO_KEY_PRINTED(stored, m_keyBytes);
    CHECK_ABSENT(storeId, u"the store after a failed key store"_s);

    // The variable still works without a keychain.
    QVERIFY2(revealedApiKey(u"Main"_s, withoutKeychain(keyedEnvironment(m_keyBytes), path)) == secret,
             "the variable does not work without a keychain");

    // The key is in the keychain, but the keychain cannot be reached: the missing-key
    // sentence says why.
    CHECK_EXIT(ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"store"_s }), 0);
    const Outcome shown = ctl(withoutKeychain(baseEnvironment(), path), { u"show"_s, u"Main"_s });
    CHECK_EXIT(shown, 2);
    CHECK_STDERR(shown, MissingKeyGuidance);
    CHECK_STDERR(shown, UnavailableWords);

    // Neither does key forget pretend to have removed it.
    const Outcome forget = ctl(withoutKeychain(baseEnvironment(), path), { u"key"_s, u"forget"_s, u"--force"_s });
    CHECK_EXIT(forget, 2);
    CHECK_STDERR(forget, UnavailableWords);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store after a failed key forget"_s);
}

void TestKeychain::cliRefusedKeyStoreCreatesNoStore()
{
    // key store needs an existing store (its id names the keychain entry): on a missing one
    // it is refused before anything is created, keychain or not.
    for (const QProcessEnvironment& environment :
         { withoutKeychain(keyedEnvironment(m_keyBytes)), keyedEnvironment(m_keyBytes) }) {
        const Outcome stored = ctl(environment, { u"key"_s, u"store"_s });
        if (QFileInfo::exists(m_store))
            storeIdOfStore(); // for cleanup, should the key have gone anywhere
        CHECK_EXIT(stored, 3);
        CHECK_STDERR(stored, u"no credential store"_s);
    }
    const QStringList left = QDir(m_dir->filePath(u"store"_s)).entryList(QDir::Files | QDir::Hidden);
    QVERIFY2(left.isEmpty(),
             qPrintable(u"the refused key store left a new store behind: %1"_s.arg(left.join(u", "_s))));
}

void TestKeychain::cliNoPlaintextCopyOfTheKey_data()
{
    QTest::addColumn<bool>("kwallet");
    QTest::newRow("Secret Service path") << false;
    QTest::newRow("KWallet path") << true;
}

void TestKeychain::cliNoPlaintextCopyOfTheKey()
{
    QFETCH(bool, kwallet);
    const Path path = kwallet ? Path::KWallet : Path::SecretService;
    CHECK_EXIT(addMistral(u"Main"_s, u"sk-plain-"_s + QString::fromLatin1(randomBytes(12).toHex())), 0);
    const QString storeId = storeIdOfStore();
    QVERIFY(!storeId.isEmpty());

    // Where QtKeychain's insecureFallback would step in: no keychain answers. The calls are
    // refused instead (cliUnavailableKeychain checks the messages).
    CHECK_EXIT(ctl(withoutKeychain(keyedEnvironment(m_keyBytes), path), { u"key"_s, u"store"_s }), 2);
    CHECK_EXIT(ctl(withoutKeychain(baseEnvironment(), path), { u"show"_s, u"Main"_s }), 2);
    // And with the keychain: the key goes there, and only there.
    CHECK_EXIT(ctl(keyedEnvironment(m_keyBytes), { u"key"_s, u"store"_s }), 0);
    CHECK_HOLDS(storeId, m_keyBytes, u"the store"_s);
    CHECK_EXIT(ctl(baseEnvironment(), { u"show"_s, u"Main"_s }), 0);
    CHECK_EXIT(ctl(withoutKeychain(baseEnvironment(), path), { u"show"_s, u"Main"_s }), 2);

    // The fallback writes the key into a settings file (QSettings, "@ByteArray(...)" with
    // escapes) under HOME or XDG_CONFIG_HOME. Nothing under the test's folder (HOME, the XDG
    // folders, the store) may hold the key in any of its forms.
    QList<QByteArray> forms = { m_keyBytes, m_keyBytes.toHex(), m_keyBytes.toHex().toUpper(), m_keyBytes.toBase64(),
                                m_keyBytes.toBase64(QByteArray::Base64UrlEncoding) };
    {
        QTemporaryDir elsewhere; // outside the folder searched below
        QVERIFY(elsewhere.isValid());
        const QString ini = elsewhere.filePath(u"form.ini"_s);
        {
            QSettings settings(ini, QSettings::IniFormat);
            settings.setValue(u"data"_s, m_keyBytes);
        }
        QFile file(ini);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        const qsizetype start = text.indexOf("@ByteArray(");
        const qsizetype end = text.lastIndexOf(')');
        QVERIFY2(start >= 0 && end > start, "QSettings did not write the expected @ByteArray form");
        forms << text.mid(start, end + 1 - start);
    }
    int files = 0;
    QDirIterator it(m_dir->path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString relative = QDir(m_dir->path()).relativeFilePath(file);
        QFile reader(file);
        QVERIFY2(reader.open(QIODevice::ReadOnly), qPrintable(u"cannot read "_s + relative));
        const QByteArray content = reader.readAll();
        ++files;
        for (const QByteArray& form : std::as_const(forms))
            QVERIFY2(!content.contains(form), qPrintable(u"%1 holds a plaintext copy of the key"_s.arg(relative)));
    }
    QVERIFY2(files > 0, "the store file was not found under the test's folder");
    // No settings file of a plaintext fallback either, whatever its encoding.
    QDirIterator config(m_dir->filePath(u"xdg-config"_s), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    QVERIFY2(!config.hasNext(), "credctl wrote a settings file under XDG_CONFIG_HOME");
    QDirIterator homeConfig(m_dir->filePath(u"home"_s), { u"*.conf"_s, u"*.ini"_s }, QDir::Files | QDir::Hidden,
                            QDirIterator::Subdirectories);
    QVERIFY2(!homeConfig.hasNext(), "credctl wrote a settings file under HOME");
}

QTEST_GUILESS_MAIN(TestKeychain)
#include "TestKeychain.moc"
