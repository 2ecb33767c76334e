// Drives the real credctl end to end for backups and damaged data (SPEC sections 4 to 6,
// issue 3): `export` / `import` between stores with different keys, wrong passphrases,
// damaged and missing files, name conflicts under each policy, the passphrase typed on a
// terminal without echo (credctl runs in a pseudo-terminal that is its controlling
// terminal), credentials whose stored values were tampered with, and truncated store files.
//
// Only Qt Core and Sql: the store is looked into with plain SQL, never with the project's
// classes. Every test works in its own temporary folder (store, HOME and XDG_DATA_HOME), and
// the child never sees the developer's key, store or D-Bus session (so no keychain).
// Exports cost a MODERATE Argon2id derivation (about a second and 256 MiB) each: one export
// made in initTestCase is shared, and the number of export / import runs that reach the key
// derivation is kept to about a dozen. Secrets and passphrases are random per run and never
// printed: failure messages show command words and stderr only, and compare values without
// showing them.

#include "support/BackupComparison.h"
#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/SqlConnection.h"
#include "support/StoreFiles.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

#ifdef Q_OS_UNIX
#include <cstdlib>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#endif

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using Fields = QMap<QString, QString>;

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString PassphraseVariable = u"CM_TEST_PASSPHRASE"_s;
// libsodium's crypto_pwhash_argon2id_OPSLIMIT_MODERATE / MEMLIMIT_MODERATE (this test does
// not link libsodium): the least an export may cost.
constexpr qint64 ModerateOpslimit = 3;
constexpr qint64 ModerateMemlimit = 268435456;

QByteArray makeKey()
{
    return randomBytes(32).toHex();
}

// Neither stdout nor stderr holds any of the values.
#define CHECK_NO_SECRET(outcome, values)                                                                               \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        for (const QString& value_ : (values)) {                                                                       \
            QVERIFY2(!checked_.out.contains(value_.toUtf8()) && !checked_.err.contains(value_.toUtf8()),               \
                     qPrintable(u"the output of credctl %1 holds a secret"_s.arg(checked_.command)));                  \
        }                                                                                                              \
    } while (false)

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// What a credctl run on a pseudo-terminal left: its outcome, everything the terminal showed,
// and whether the terminal echoes again afterwards (when that can still be read).
struct TerminalRun
{
    Outcome outcome;
    QByteArray transcript;
    std::optional<bool> echoAfterwards;
    QString problem; // why the dialogue did not go as expected; empty when it did
};

struct SourceCredential
{
    QString name;
    QString provider;
    QStringList fields; // KEY=VALUE, not secret
    Fields secrets; // key -> value, passed through --field-env
};

#ifdef Q_OS_UNIX
// A pseudo-terminal whose slave side becomes the controlling terminal of a credctl child,
// so that credctl's /dev/tty is this terminal; the test reads and types on the master side.
class PseudoTerminal
{
public:
    PseudoTerminal()
    {
        m_master = ::posix_openpt(O_RDWR | O_NOCTTY);
        if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0)
            return;
        ::fcntl(m_master, F_SETFD, FD_CLOEXEC);
        ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
        const char* name = ::ptsname(m_master);
        if (name)
            m_slaveName = name;
    }
    ~PseudoTerminal()
    {
        if (m_master >= 0)
            ::close(m_master);
    }
    PseudoTerminal(const PseudoTerminal&) = delete;
    PseudoTerminal& operator=(const PseudoTerminal&) = delete;

    bool isValid() const { return m_master >= 0 && !m_slaveName.isEmpty(); }
    QByteArray slaveName() const { return m_slaveName; }

    // Everything the terminal showed so far (what credctl wrote to it, and any echo).
    const QByteArray& transcript() const { return m_transcript; }
    void drain()
    {
        char buffer[4096];
        for (;;) {
            const ssize_t got = ::read(m_master, buffer, sizeof buffer);
            if (got <= 0)
                break; // EAGAIN: nothing more now; EIO: no slave side open (yet / any more)
            m_transcript.append(buffer, qsizetype(got));
        }
    }
    // The terminal's echo flag: on Linux the master side reports the slave side's settings.
    std::optional<bool> echoes() const
    {
        termios settings {};
        if (::tcgetattr(m_master, &settings) != 0)
            return std::nullopt;
        return (settings.c_lflag & ECHO) != 0;
    }
    bool type(const QByteArray& text)
    {
        return ::write(m_master, text.constData(), std::size_t(text.size())) == ssize_t(text.size());
    }

private:
    int m_master = -1;
    QByteArray m_slaveName;
    QByteArray m_transcript;
};
#endif

} // namespace

class TestCredctlBackup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void exportFileIsPrivateAndHoldsNoSecret();
    void roundTripIntoAStoreWithAnotherKey();
    void wrongPassphraseChangesNothing();
    void damagedFileChangesNothing_data();
    void damagedFileChangesNothing();
    void shortExportPassphraseIsRefused();
    void emptyOrUnsetPassphraseVariable_data();
    void emptyOrUnsetPassphraseVariable();
    void conflicts_data();
    void conflicts();
    void invalidConflictPolicy();
    void terminalPassphraseWithoutEcho();
    void terminalPassphrasesThatDiffer();
    void noTerminalNeedsPassphraseEnv();
    void tamperedCredential();
    void truncatedStore_data();
    void truncatedStore();

private:
    QProcessEnvironment baseEnvironment() const;
    QProcessEnvironment keyedEnvironment(const QByteArray& key) const;
    // 60 s: an export or import runs a MODERATE Argon2id derivation.
    Outcome run(const QStringList& arguments, const QProcessEnvironment& environment,
                const QByteArray& input = {}) const
    {
        return runCredctl(arguments, environment, m_root, 60, input);
    }
    // credctl ARGUMENTS --store STORE with KEY and the extra variables.
    Outcome ctl(const QString& store, const QByteArray& key, const QStringList& arguments,
                const Fields& variables = {}) const;
    Outcome add(const QString& store, const QByteArray& key, const SourceCredential& credential) const;
    Outcome exportTo(const QString& store, const QByteArray& key, const QString& file,
                     const QByteArray& passphrase) const;
    Outcome importFrom(const QString& store, const QByteArray& key, const QString& file, const QByteArray& passphrase,
                       const QStringList& options = {}) const;
    QJsonObject show(const QString& store, const QByteArray& key, const QString& name) const;
    QStringList names(const QString& store, const QByteArray& key) const;
    QJsonArray audit(const QString& store, const QByteArray& key) const;
#ifdef Q_OS_UNIX
    // Runs credctl with a pseudo-terminal as its controlling terminal and types each line
    // once the next prompt shows with echo off.
    TerminalRun runOnTerminal(const QStringList& arguments, const QByteArray& key,
                              const QList<QByteArray>& lines) const;
#endif
    // The test's own small store: one credential of two providers, under m_key. False (with
    // the failure recorded) when credctl refused.
    bool makeSmallStore(const QString& store, QStringList* secrets);

    // The shared source store and its export (initTestCase).
    std::unique_ptr<QTemporaryDir> m_fixture;
    QString m_sourceStore;
    QByteArray m_sourceKey;
    QList<SourceCredential> m_sourceCredentials;
    QMap<QString, QJsonObject> m_sourceShows; // name -> show --json --reveal
    QStringList m_secrets;
    QByteArray m_passphrase;
    QString m_exportFile;
    QByteArray m_exportBytes;
    Outcome m_exportOutcome;
    QString m_exportChangedSource;

    // Per test.
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root; // HOME and XDG folders live here
    QString m_store;
    QByteArray m_key;
};

// --- set-up ----------------------------------------------------------------------------

void TestCredctlBackup::initTestCase()
{
    m_fixture = std::make_unique<QTemporaryDir>();
    QVERIFY(m_fixture->isValid());
    m_root = m_fixture->path();
    QVERIFY(QDir().mkpath(m_root + u"/home"_s));
    m_sourceStore = m_root + u"/source.sqlite"_s;
    m_sourceKey = makeKey();
    m_passphrase = "correct horse battery " + randomBytes(6).toHex();
    m_secrets
        = { makeSecret("azure"), makeSecret("emb"), makeSecret("mistral"), makeSecret("ionos"), makeSecret("local") };
    m_sourceCredentials = {
        { u"Production Azure"_s,
          u"azure-openai"_s,
          { u"endpoint=https://prod-eu.openai.azure.com"_s, u"instance_name=prod-eu-old"_s },
          { { u"api_key"_s, m_secrets.at(0) } } },
        { u"Embeddings"_s,
          u"azure-openai-embeddings"_s,
          { u"instance_name=emb-resource"_s, u"deployment_name=text-embedding-3-small"_s },
          { { u"api_key"_s, m_secrets.at(1) } } },
        { u"Mistral Ünïcödé ✓"_s,
          u"mistral"_s,
          { u"endpoint=https://mistral-proxy.example.com/v1"_s },
          { { u"api_key"_s, m_secrets.at(2) } } },
        { u"IONOS"_s, u"ionos"_s, {}, { { u"token"_s, u"eyJhbGciOiJIUzI1NiJ9."_s + m_secrets.at(3) + u".c2ln"_s } } },
        { u"Local LLM"_s,
          u"custom"_s,
          { u"endpoint=http://127.0.0.1:8080/v1"_s },
          { { u"api_key"_s, m_secrets.at(4) } } },
    };
    for (const SourceCredential& credential : m_sourceCredentials)
        CHECK_EXIT(add(m_sourceStore, m_sourceKey, credential), 0);
    // An edit, so that revision and updated_at differ from the creation.
    CHECK_EXIT(
        ctl(m_sourceStore, m_sourceKey, { u"edit"_s, u"Production Azure"_s, u"--field"_s, u"instance_name=prod-eu"_s }),
        0);
    for (const SourceCredential& credential : m_sourceCredentials) {
        const QJsonObject shown = show(m_sourceStore, m_sourceKey, credential.name);
        QVERIFY2(!shown.isEmpty(), qPrintable(u"show \"%1\" failed in the source store"_s.arg(credential.name)));
        m_sourceShows.insert(credential.name, shown);
    }
    QCOMPARE(m_sourceShows.value(u"Production Azure"_s).value(u"revision"_s).toInt(), 2);
    QVERIFY(m_sourceShows.value(u"Embeddings"_s).value(u"default_embeddings"_s).toBool());

    const QMap<QString, QByteArray> before = snapshotOf(m_sourceStore);
    m_exportFile = m_root + u"/nightly backup.cmexport"_s;
    m_exportOutcome = exportTo(m_sourceStore, m_sourceKey, m_exportFile, m_passphrase);
    CHECK_EXIT(m_exportOutcome, 0);
    m_exportChangedSource = storeChanges(before, m_sourceStore);
    m_exportBytes = readFile(m_exportFile);
    QVERIFY(!m_exportBytes.isEmpty());
}

void TestCredctlBackup::cleanupTestCase()
{
    m_fixture.reset();
}

void TestCredctlBackup::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_root = m_dir->path();
    QVERIFY(QDir().mkpath(m_root + u"/home"_s));
    m_store = m_root + u"/target.sqlite"_s;
    m_key = makeKey();
}

void TestCredctlBackup::cleanup()
{
    // Nothing may create the default store: --store is always given.
    const bool created = QFileInfo::exists(m_root + u"/xdg-data/credential-manager/credentials.sqlite"_s);
    m_dir.reset();
    m_root = m_fixture->path();
    QVERIFY2(!created, "credctl created the default store although --store was given");
}

QProcessEnvironment TestCredctlBackup::baseEnvironment() const
{
    // No keychain: the key comes from the environment only.
    QProcessEnvironment environment = withoutKeychain(credctlEnvironment(m_root), m_root + u"/xdg-runtime"_s);
    environment.remove(PassphraseVariable);
    return environment;
}

QProcessEnvironment TestCredctlBackup::keyedEnvironment(const QByteArray& key) const
{
    QProcessEnvironment environment = baseEnvironment();
    if (!key.isEmpty())
        environment.insert(KeyVariable, QString::fromLatin1(key));
    return environment;
}

Outcome TestCredctlBackup::ctl(const QString& store, const QByteArray& key, const QStringList& arguments,
                               const Fields& variables) const
{
    QProcessEnvironment environment = keyedEnvironment(key);
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value());
    return run(arguments + QStringList { u"--store"_s, store }, environment);
}

Outcome TestCredctlBackup::add(const QString& store, const QByteArray& key, const SourceCredential& credential) const
{
    QStringList arguments { u"add"_s, credential.name, u"--provider"_s, credential.provider };
    for (const QString& field : credential.fields)
        arguments << u"--field"_s << field;
    Fields variables;
    int index = 0;
    for (auto it = credential.secrets.cbegin(); it != credential.secrets.cend(); ++it, ++index) {
        const QString variable = u"CM_TEST_SECRET_%1"_s.arg(index);
        variables.insert(variable, it.value());
        arguments << u"--field-env"_s << it.key() + u'=' + variable;
    }
    return ctl(store, key, arguments, variables);
}

Outcome TestCredctlBackup::exportTo(const QString& store, const QByteArray& key, const QString& file,
                                    const QByteArray& passphrase) const
{
    return ctl(store, key, { u"export"_s, file, u"--passphrase-env"_s, PassphraseVariable },
               { { PassphraseVariable, QString::fromUtf8(passphrase) } });
}

Outcome TestCredctlBackup::importFrom(const QString& store, const QByteArray& key, const QString& file,
                                      const QByteArray& passphrase, const QStringList& options) const
{
    return ctl(store, key, QStringList { u"import"_s, file, u"--passphrase-env"_s, PassphraseVariable } + options,
               { { PassphraseVariable, QString::fromUtf8(passphrase) } });
}

QJsonObject TestCredctlBackup::show(const QString& store, const QByteArray& key, const QString& name) const
{
    const Outcome outcome = ctl(store, key, { u"show"_s, name, u"--json"_s, u"--reveal"_s });
    return outcome.code == 0 ? jsonObject(outcome.out) : QJsonObject();
}

QStringList TestCredctlBackup::names(const QString& store, const QByteArray& key) const
{
    return listedNames(ctl(store, key, { u"list"_s, u"--json"_s }));
}

QJsonArray TestCredctlBackup::audit(const QString& store, const QByteArray& key) const
{
    const Outcome outcome = ctl(store, key, { u"audit"_s, u"--json"_s });
    return outcome.code == 0 ? jsonArray(outcome.out) : QJsonArray();
}

#ifdef Q_OS_UNIX
TerminalRun TestCredctlBackup::runOnTerminal(const QStringList& arguments, const QByteArray& key,
                                             const QList<QByteArray>& lines) const
{
    TerminalRun result;
    result.outcome.command = arguments.value(0);
    PseudoTerminal terminal;
    if (!terminal.isValid()) {
        result.problem = u"no pseudo-terminal could be opened"_s;
        return result;
    }
    QProcess process;
    process.setProgram(credctlPath());
    process.setArguments(arguments);
    process.setProcessEnvironment(keyedEnvironment(key));
    process.setWorkingDirectory(m_root);
    const QByteArray slave = terminal.slaveName();
    // In the child: a new session whose controlling terminal is the slave side. Standard
    // input, output and error stay QProcess's pipes, so only /dev/tty is the terminal.
    process.setChildProcessModifier([slave] {
        ::setsid();
        const int fd = ::open(slave.constData(), O_RDWR);
        if (fd >= 0)
            ::ioctl(fd, TIOCSCTTY, 0);
    });
    process.start();
    if (!process.waitForStarted(10000)) {
        result.problem = u"credctl did not start: "_s + process.errorString();
        return result;
    }
    process.closeWriteChannel();

    // The n-th prompt is shown and echo is off: typing earlier would be echoed (and thrown
    // away by the prompt's TCSAFLUSH).
    const auto waitForPrompt = [&](int n) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            terminal.drain();
            const bool shown
                = QString::fromUtf8(terminal.transcript()).count(u"passphrase"_s, Qt::CaseInsensitive) >= n;
            if (shown && terminal.echoes() == std::optional<bool>(false))
                return true;
            if (process.state() == QProcess::NotRunning || process.waitForFinished(20))
                return false;
        }
        return false;
    };
    for (int i = 0; i < lines.size() && result.problem.isEmpty(); ++i) {
        if (!waitForPrompt(i + 1))
            result.problem = u"credctl did not show prompt %1 with echo off"_s.arg(i + 1);
        else if (!terminal.type(lines.at(i) + "\n"))
            result.problem = u"typing on the terminal failed"_s;
    }
    if (!result.problem.isEmpty())
        process.kill(); // it would wait for a line nobody types
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished(5000);
        result.problem += u" credctl did not finish within 60 s"_s;
    }
    terminal.drain();
    result.transcript = terminal.transcript();
    result.echoAfterwards = terminal.echoes();
    result.outcome.out = process.readAllStandardOutput();
    result.outcome.err = process.readAllStandardError();
    result.outcome.code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}
#endif

bool TestCredctlBackup::makeSmallStore(const QString& store, QStringList* secrets)
{
    const QString first = makeSecret("small1");
    const QString second = makeSecret("small2");
    *secrets << first << second;
    const QList<SourceCredential> credentials {
        { u"Small Mistral"_s, u"mistral"_s, {}, { { u"api_key"_s, first } } },
        { u"Small Custom"_s, u"custom"_s, { u"endpoint=https://llm.example.com/v1"_s }, { { u"api_key"_s, second } } },
    };
    for (const SourceCredential& credential : credentials) {
        const Outcome outcome = add(store, m_key, credential);
        if (outcome.code != 0) {
            QTest::qFail(qPrintable(describe(outcome, 0)), __FILE__, __LINE__);
            return false;
        }
    }
    return true;
}

// --- export and round trip ---------------------------------------------------------------

void TestCredctlBackup::exportFileIsPrivateAndHoldsNoSecret()
{
    QCOMPARE(modeOf(m_exportFile), u"600"_s);
    QVERIFY2(m_exportChangedSource.isEmpty(),
             qPrintable(u"export changed the source store: "_s + m_exportChangedSource));
    CHECK_NO_SECRET(m_exportOutcome, m_secrets + QStringList { QString::fromUtf8(m_passphrase) });

    // SPEC section 6 shape, and at least crypto_pwhash's MODERATE cost.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_exportBytes, &error);
    QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), "the export file is not a JSON object");
    const QJsonObject object = document.object();
    QStringList keys = object.keys();
    keys.sort();
    QCOMPARE(keys, QStringList({ u"check"_s, u"ciphertext"_s, u"format"_s, u"kdf"_s, u"nonce"_s, u"version"_s }));
    QCOMPARE(object.value(u"format"_s).toString(), u"credential-manager-export"_s);
    QCOMPARE(object.value(u"version"_s).toInteger(), 1);
    const QJsonObject kdf = object.value(u"kdf"_s).toObject();
    QCOMPARE(kdf.value(u"alg"_s).toString(), u"argon2id13"_s);
    QVERIFY2(kdf.value(u"opslimit"_s).toInteger() >= ModerateOpslimit,
             qPrintable(u"opslimit %1"_s.arg(kdf.value(u"opslimit"_s).toInteger())));
    QVERIFY2(kdf.value(u"memlimit"_s).toInteger() >= ModerateMemlimit,
             qPrintable(u"memlimit %1"_s.arg(kdf.value(u"memlimit"_s).toInteger())));

    // No secret, in clear, in base64 at any alignment, or in hex; the passphrase neither.
    for (const QString& value : m_secrets + QStringList { QString::fromUtf8(m_passphrase) }) {
        const QByteArray utf8 = value.toUtf8();
        QVERIFY2(!m_exportBytes.contains(utf8), "a secret appears in clear text in the export file");
        QVERIFY2(!m_exportBytes.contains(utf8.toHex()), "the hex of a secret appears in the export file");
        for (int shift = 0; shift < 3; ++shift) {
            const QByteArray encoded = QByteArray(QByteArray(shift, 'x') + utf8).toBase64();
            QVERIFY2(!m_exportBytes.contains(encoded.mid(8, encoded.size() - 16)),
                     "the base64 of a secret appears in the export file");
        }
    }
}

void TestCredctlBackup::roundTripIntoAStoreWithAnotherKey()
{
    QVERIFY(m_key != m_sourceKey);
    const Outcome imported = importFrom(m_store, m_key, m_exportFile, m_passphrase);
    CHECK_EXIT(imported, 0);
    CHECK_NO_SECRET(imported, m_secrets + QStringList { QString::fromUtf8(m_passphrase) });
    QCOMPARE(modeOf(m_store), u"600"_s);

    QStringList expectedNames = m_sourceShows.keys();
    expectedNames.sort();
    QCOMPARE(names(m_store, m_key), expectedNames);
    for (const QString& name : m_sourceShows.keys())
        CHECK_SAME_BACKUP(m_sourceShows.value(name), show(m_store, m_key, name));

    // Re-encrypted under the target's key: the source key does not open it.
    {
        SqlConnection target(m_store);
        SqlConnection source(m_sourceStore);
        QVERIFY(target.isOpen() && source.isOpen());
        const QString targetKeyId = target.scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString();
        QVERIFY(!targetKeyId.isEmpty());
        QVERIFY(targetKeyId != source.scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString());
    }
    const Outcome withSourceKey = ctl(m_store, m_sourceKey, { u"show"_s, u"IONOS"_s });
    CHECK_EXIT(withSourceKey, 2);

    // Audited: one "import" row per credential with its field keys, never a value.
    const Outcome auditOutcome = ctl(m_store, m_key, { u"audit"_s, u"--json"_s });
    CHECK_EXIT(auditOutcome, 0);
    CHECK_NO_SECRET(auditOutcome, m_secrets);
    const QJsonArray entries = jsonArray(auditOutcome.out);
    QCOMPARE(entries.size(), m_sourceShows.size());
    QSet<QString> audited;
    for (const QJsonValue& value : entries) {
        const QJsonObject entry = value.toObject();
        QCOMPARE(entry.value(u"action"_s).toString(), u"import"_s);
        const QString name = entry.value(u"credential_name"_s).toString();
        QVERIFY2(m_sourceShows.contains(name), qPrintable(u"an import row names \"%1\""_s.arg(name)));
        audited.insert(name);
        QVERIFY(!entry.value(u"credential_id"_s).toString().isEmpty());
        QVERIFY(!entry.value(u"actor"_s).toString().isEmpty());
        QStringList fields;
        for (const QJsonValue& field : entry.value(u"fields"_s).toArray())
            fields << field.toString();
        fields.sort();
        QStringList expected = m_sourceShows.value(name).value(u"fields"_s).toObject().keys();
        expected.sort();
        QCOMPARE(fields, expected);
    }
    QCOMPARE(audited.size(), m_sourceShows.size());
}

// --- refused imports change nothing ------------------------------------------------------

void TestCredctlBackup::wrongPassphraseChangesNothing()
{
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    const QByteArray wrong = "correct horse battery " + randomBytes(6).toHex();
    const Outcome outcome = importFrom(m_store, m_key, m_exportFile, wrong);
    CHECK_EXIT(outcome, 2);
    CHECK_STDERR(outcome, u"passphrase"_s);
    CHECK_STDERR(outcome, u"does not open"_s);
    CHECK_STDERR(outcome, m_exportFile);
    QVERIFY2(!outcome.err.contains("damaged"), "a wrong passphrase is reported as a damaged file");
    CHECK_NO_SECRET(outcome, QStringList({ QString::fromUtf8(wrong), QString::fromUtf8(m_passphrase) }));
    CHECK_UNCHANGED(before, m_store);
}

void TestCredctlBackup::damagedFileChangesNothing_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("a flipped byte in the ciphertext") << 0;
    QTest::newRow("a truncated file") << 1;
    QTest::newRow("a random file") << 2;
    QTest::newRow("an empty file") << 3;
    QTest::newRow("a missing file") << 4;
    QTest::newRow("a folder") << 5;
}

void TestCredctlBackup::damagedFileChangesNothing()
{
    QFETCH(int, kind);
    const QString file = m_root + u"/damaged backup.cmexport"_s;
    switch (kind) {
    case 0: {
        QJsonObject object = QJsonDocument::fromJson(m_exportBytes).object();
        QByteArray ciphertext = QByteArray::fromBase64(object.value(u"ciphertext"_s).toString().toLatin1());
        QVERIFY(ciphertext.size() > 32);
        ciphertext[ciphertext.size() / 2] = char(ciphertext.at(ciphertext.size() / 2) ^ 0x01);
        object.insert(u"ciphertext"_s, QString::fromLatin1(ciphertext.toBase64()));
        QVERIFY(writeFile(file, QJsonDocument(object).toJson(QJsonDocument::Indented)));
        break;
    }
    case 1:
        QVERIFY(writeFile(file, m_exportBytes.left(m_exportBytes.size() / 2)));
        break;
    case 2:
        QVERIFY(writeFile(file, randomBytes(int(m_exportBytes.size()))));
        break;
    case 3:
        QVERIFY(writeFile(file, QByteArray()));
        break;
    case 4:
        break;
    case 5:
        QVERIFY(QDir().mkpath(file));
        break;
    }
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    const Outcome outcome = importFrom(m_store, m_key, file, m_passphrase);
    CHECK_EXIT(outcome, 7);
    CHECK_STDERR(outcome, QDir::toNativeSeparators(file));
    QVERIFY2(!QString::fromUtf8(outcome.err).contains(u"passphrase does not"_s, Qt::CaseInsensitive),
             "a damaged file is reported as a wrong passphrase");
    QVERIFY2(outcome.err.count('\n') == 1, qPrintable(u"not one sentence: "_s + QString::fromUtf8(outcome.err)));
    CHECK_UNCHANGED(before, m_store);

    // Into a store that does not exist yet: none is created.
    if (kind != 0) {
        const QString missing = m_root + u"/never-created.sqlite"_s;
        CHECK_EXIT(importFrom(missing, m_key, file, m_passphrase), 7);
        QVERIFY2(!QFileInfo::exists(missing), "a refused import created the store");
    }
}

void TestCredctlBackup::shortExportPassphraseIsRefused()
{
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    const QString file = m_root + u"/short.cmexport"_s;
    const Outcome outcome = exportTo(m_store, m_key, file, "7 chars");
    CHECK_EXIT(outcome, 4);
    CHECK_STDERR(outcome, u"8"_s);
    QVERIFY2(!QFileInfo::exists(file), "a refused export wrote the file");
    CHECK_UNCHANGED(before, m_store);
}

void TestCredctlBackup::emptyOrUnsetPassphraseVariable_data()
{
    QTest::addColumn<bool>("isExport");
    QTest::addColumn<bool>("set");
    QTest::newRow("export, empty variable") << true << true;
    QTest::newRow("export, unset variable") << true << false;
    QTest::newRow("import, empty variable") << false << true;
    QTest::newRow("import, unset variable") << false << false;
}

void TestCredctlBackup::emptyOrUnsetPassphraseVariable()
{
    QFETCH(bool, isExport);
    QFETCH(bool, set);
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    const QString file = isExport ? m_root + u"/out.cmexport"_s : m_exportFile;
    const Fields variables = set ? Fields { { PassphraseVariable, QString() } } : Fields {};
    const Outcome outcome
        = ctl(m_store, m_key, { isExport ? u"export"_s : u"import"_s, file, u"--passphrase-env"_s, PassphraseVariable },
              variables);
    CHECK_EXIT(outcome, 1);
    if (!set)
        CHECK_STDERR(outcome, PassphraseVariable);
    else
        CHECK_STDERR(outcome, u"empty"_s);
    if (isExport)
        QVERIFY2(!QFileInfo::exists(file), "a refused export wrote the file");
    CHECK_UNCHANGED(before, m_store);
}

// --- conflicts ---------------------------------------------------------------------------

void TestCredctlBackup::conflicts_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("expected");
    QTest::newRow("default (fail)") << QStringList() << 6;
    QTest::newRow("fail") << QStringList({ u"--on-conflict"_s, u"fail"_s }) << 6;
    QTest::newRow("skip") << QStringList({ u"--on-conflict"_s, u"skip"_s }) << 0;
    QTest::newRow("replace") << QStringList({ u"--on-conflict"_s, u"replace"_s }) << 0;
}

void TestCredctlBackup::conflicts()
{
    QFETCH(QStringList, options);
    QFETCH(int, expected);

    // The target holds two of the file's names in another case: one with the same provider,
    // one with another provider; and a credential of its own.
    const QStringList targetSecrets { makeSecret("target-azure"), makeSecret("target-ionos"), makeSecret("only") };
    CHECK_EXIT(add(m_store, m_key,
                   { u"production azure"_s,
                     u"azure-openai"_s,
                     { u"endpoint=https://target-eu.openai.azure.com"_s, u"instance_name=target-eu"_s },
                     { { u"api_key"_s, targetSecrets.at(0) } } }),
               0);
    CHECK_EXIT(add(m_store, m_key,
                   { u"ionos"_s,
                     u"custom"_s,
                     { u"endpoint=https://llm.internal.example.com/v1"_s },
                     { { u"api_key"_s, targetSecrets.at(1) } } }),
               0);
    CHECK_EXIT(add(m_store, m_key, { u"Target Only"_s, u"mistral"_s, {}, { { u"api_key"_s, targetSecrets.at(2) } } }),
               0);
    QMap<QString, QJsonObject> before;
    for (const QString& name : { u"production azure"_s, u"ionos"_s, u"Target Only"_s }) {
        before.insert(name, show(m_store, m_key, name));
        QVERIFY(!before.value(name).isEmpty());
    }
    const QMap<QString, QByteArray> files = snapshotOf(m_store);

    const Outcome outcome = importFrom(m_store, m_key, m_exportFile, m_passphrase, options);
    CHECK_EXIT(outcome, expected);
    CHECK_NO_SECRET(outcome, m_secrets + targetSecrets);
    if (expected == 6) {
        const QString err = QString::fromUtf8(outcome.err);
        QVERIFY2(err.contains(u"production azure"_s, Qt::CaseInsensitive)
                     || err.contains(u"ionos"_s, Qt::CaseInsensitive),
                 qPrintable(u"the conflict message names no conflicting credential: "_s + err));
        CHECK_STDERR(outcome, u"--on-conflict"_s);
        CHECK_UNCHANGED(files, m_store);
        return;
    }

    const bool replace = options.last() == u"replace"_s;
    const QStringList present = names(m_store, m_key);
    QCOMPARE(present.size(), 6);
    QSet<QString> folded;
    for (const QString& name : present)
        folded.insert(name.toCaseFolded());
    QCOMPARE(folded,
             QSet<QString>({ u"production azure"_s, u"ionos"_s, u"target only"_s, u"embeddings"_s,
                             u"mistral ünïcödé ✓"_s, u"local llm"_s }));

    // The credentials without a conflict are imported either way, and the target's own stays.
    for (const QString& name : { u"Embeddings"_s, u"Mistral Ünïcödé ✓"_s, u"Local LLM"_s })
        CHECK_SAME_BACKUP(m_sourceShows.value(name), show(m_store, m_key, name));
    QVERIFY2(show(m_store, m_key, u"Target Only"_s) == before.value(u"Target Only"_s),
             "the target's own credential changed");

    const QJsonObject azure = show(m_store, m_key, u"Production Azure"_s);
    const QJsonObject ionos = show(m_store, m_key, u"IONOS"_s);
    if (!replace) {
        QVERIFY2(azure == before.value(u"production azure"_s), "a skipped credential changed");
        QVERIFY2(ionos == before.value(u"ionos"_s), "a skipped credential changed");
    } else {
        // Same provider: replaced in place, keeping its id, with the file's values.
        QCOMPARE(azure.value(u"id"_s).toString(), before.value(u"production azure"_s).value(u"id"_s).toString());
        QCOMPARE(azure.value(u"provider"_s).toString(), u"azure-openai"_s);
        QVERIFY(azure.value(u"revision"_s).toInt() > before.value(u"production azure"_s).value(u"revision"_s).toInt());
        QVERIFY2(azure.value(u"fields"_s) == m_sourceShows.value(u"Production Azure"_s).value(u"fields"_s),
                 "the replaced credential does not hold the file's values");
        // Another provider: the file's credential takes the name.
        QCOMPARE(ionos.value(u"provider"_s).toString(), u"ionos"_s);
        QVERIFY2(ionos.value(u"fields"_s) == m_sourceShows.value(u"IONOS"_s).value(u"fields"_s),
                 "the replaced credential does not hold the file's values");
    }

    int imports = 0;
    for (const QJsonValue& entry : audit(m_store, m_key))
        imports += entry[u"action"_s].toString() == u"import"_s ? 1 : 0;
    QCOMPARE(imports, replace ? 5 : 3);
}

void TestCredctlBackup::invalidConflictPolicy()
{
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    const Outcome outcome = importFrom(m_store, m_key, m_exportFile, m_passphrase, { u"--on-conflict"_s, u"merge"_s });
    CHECK_EXIT(outcome, 1);
    CHECK_STDERR(outcome, u"skip"_s);
    CHECK_UNCHANGED(before, m_store);
}

// --- the passphrase on the terminal ------------------------------------------------------

void TestCredctlBackup::terminalPassphraseWithoutEcho()
{
#ifndef Q_OS_UNIX
    QSKIP("pseudo-terminals are a Unix test");
#else
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QString file = m_root + u"/typed.cmexport"_s;
    const QByteArray passphrase = "typed passphrase " + randomBytes(6).toHex();

    const TerminalRun typed
        = runOnTerminal({ u"export"_s, file, u"--store"_s, m_store }, m_key, { passphrase, passphrase });
    QVERIFY2(typed.problem.isEmpty(), qPrintable(typed.problem));
    CHECK_EXIT(typed.outcome, 0);
    QVERIFY2(QString::fromUtf8(typed.transcript).contains(u"passphrase"_s, Qt::CaseInsensitive),
             "no prompt appeared on the terminal");
    QVERIFY2(!typed.transcript.contains(passphrase), "the typed passphrase was echoed on the terminal");
    CHECK_NO_SECRET(typed.outcome, QStringList({ QString::fromUtf8(passphrase) }) + secrets);
    if (typed.echoAfterwards)
        QVERIFY2(*typed.echoAfterwards, "the terminal's echo was not restored");
    QCOMPARE(modeOf(file), u"600"_s);

    // The typed passphrase is the file's passphrase.
    const QString other = m_root + u"/other.sqlite"_s;
    const QByteArray otherKey = makeKey();
    CHECK_EXIT(importFrom(other, otherKey, file, passphrase), 0);
    QCOMPARE(names(other, otherKey), names(m_store, m_key));
    for (const QString& name : names(m_store, m_key))
        CHECK_SAME_BACKUP(show(m_store, m_key, name), show(other, otherKey, name));
#endif
}

void TestCredctlBackup::terminalPassphrasesThatDiffer()
{
#ifndef Q_OS_UNIX
    QSKIP("pseudo-terminals are a Unix test");
#else
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QString file = m_root + u"/typed.cmexport"_s;
    const QByteArray first = "first passphrase " + randomBytes(6).toHex();
    const QByteArray second = "second passphrase " + randomBytes(6).toHex();

    const TerminalRun typed = runOnTerminal({ u"export"_s, file, u"--store"_s, m_store }, m_key, { first, second });
    QVERIFY2(typed.problem.isEmpty(), qPrintable(typed.problem));
    CHECK_EXIT(typed.outcome, 1);
    CHECK_STDERR(typed.outcome, u"differ"_s);
    QVERIFY2(!typed.transcript.contains(first) && !typed.transcript.contains(second),
             "a typed passphrase was echoed on the terminal");
    CHECK_NO_SECRET(typed.outcome, QStringList({ QString::fromUtf8(first), QString::fromUtf8(second) }));
    QVERIFY2(!QFileInfo::exists(file), "a refused export wrote the file");
#endif
}

void TestCredctlBackup::noTerminalNeedsPassphraseEnv()
{
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    // A passphrase on standard input is not taken either: only a terminal or --passphrase-env.
    const QByteArray piped = QByteArray(m_passphrase) + "\n" + m_passphrase + "\n";

    const QString file = m_root + u"/untyped.cmexport"_s;
    const Outcome exported = run({ u"export"_s, file, u"--store"_s, m_store }, keyedEnvironment(m_key), piped);
    CHECK_EXIT(exported, 1);
    CHECK_STDERR(exported, u"--passphrase-env"_s);
    QVERIFY2(!QFileInfo::exists(file), "a refused export wrote the file");

    Outcome imported = run({ u"import"_s, m_exportFile, u"--store"_s, m_store }, keyedEnvironment(m_key), piped);
    imported.command = u"import"_s;
    CHECK_EXIT(imported, 1);
    CHECK_STDERR(imported, u"--passphrase-env"_s);
    CHECK_UNCHANGED(before, m_store);
}

// --- tampered credentials and damaged stores ---------------------------------------------

void TestCredctlBackup::tamperedCredential()
{
    const QString tamperedSecret = makeSecret("tampered");
    const QString mistralSecret = makeSecret("fine-mistral");
    const QString customSecret = makeSecret("fine-custom");
    CHECK_EXIT(add(m_store, m_key,
                   { u"Tampered Azure"_s,
                     u"azure-openai"_s,
                     { u"endpoint=https://tampered.openai.azure.com"_s, u"instance_name=tampered"_s },
                     { { u"api_key"_s, tamperedSecret } } }),
               0);
    CHECK_EXIT(add(m_store, m_key, { u"Fine Mistral"_s, u"mistral"_s, {}, { { u"api_key"_s, mistralSecret } } }), 0);
    CHECK_EXIT(add(m_store, m_key,
                   { u"Fine Custom"_s,
                     u"custom"_s,
                     { u"endpoint=https://llm.example.com/v1"_s },
                     { { u"api_key"_s, customSecret } } }),
               0);

    // One byte of the ciphertext of "Tampered Azure" changes, the key id stays.
    QString id;
    QByteArray tampered;
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        id = sql.scalar(u"SELECT id FROM credentials WHERE name = ?"_s, { u"Tampered Azure"_s }).toString();
        QVERIFY(!id.isEmpty());
        tampered = sql.scalar(u"SELECT payload FROM credentials WHERE id = ?"_s, { id }).toByteArray();
        QVERIFY(tampered.size() > 1 + 24 + 16);
        const qsizetype at = 1 + 24 + 5;
        tampered[at] = char(tampered.at(at) ^ 0x01);
        QVERIFY2(sql.exec(u"UPDATE credentials SET payload = ? WHERE id = ?"_s, { tampered, id }),
                 qPrintable(sql.lastError()));
    }
    const auto storedPayload = [&] {
        SqlConnection sql(m_store);
        return sql.scalar(u"SELECT payload FROM credentials WHERE id = ?"_s, { id }).toByteArray();
    };
    QMap<QString, QByteArray> before = snapshotOf(m_store);

    for (const QStringList& arguments :
         { QStringList { u"show"_s, u"Tampered Azure"_s },
           QStringList { u"show"_s, u"tampered azure"_s, u"--json"_s, u"--reveal"_s } }) {
        const Outcome shown = ctl(m_store, m_key, arguments);
        CHECK_EXIT(shown, 7);
        CHECK_STDERR(shown, u"Tampered Azure"_s);
        CHECK_STDERR(shown, u"re-enter"_s);
        QVERIFY(shown.out.isEmpty());
        CHECK_UNCHANGED(before, m_store);
    }

    // Listing decrypts nothing: it is still listed.
    const Outcome listed = ctl(m_store, m_key, { u"list"_s });
    CHECK_EXIT(listed, 0);
    QVERIFY(listed.out.contains("Tampered Azure"));
    QCOMPARE(names(m_store, m_key), QStringList({ u"Fine Custom"_s, u"Fine Mistral"_s, u"Tampered Azure"_s }));

    // The others keep working.
    const QJsonObject mistral = show(m_store, m_key, u"Fine Mistral"_s);
    QVERIFY2(mistral.value(u"fields"_s).toObject().value(u"api_key"_s).toString() == mistralSecret,
             "another credential does not show its value");
    const QJsonObject custom = show(m_store, m_key, u"Fine Custom"_s);
    QVERIFY2(custom.value(u"fields"_s).toObject().value(u"api_key"_s).toString() == customSecret,
             "another credential does not show its value");
    CHECK_UNCHANGED(before, m_store);

    // A backup refuses to leave it out silently, and writes no file.
    const QString file = m_root + u"/with-tampered.cmexport"_s;
    const Outcome exported = exportTo(m_store, m_key, file, "a good long passphrase");
    CHECK_EXIT(exported, 7);
    CHECK_STDERR(exported, u"Tampered Azure"_s);
    QVERIFY2(!QFileInfo::exists(file), "a refused export wrote the file");
    CHECK_UNCHANGED(before, m_store);

    // Some fields are not enough to replace values that no longer decrypt.
    const QString newSecret = makeSecret("re-entered");
    const Outcome partial
        = ctl(m_store, m_key, { u"edit"_s, u"Tampered Azure"_s, u"--field-env"_s, u"api_key=CM_TEST_NEW"_s },
              { { u"CM_TEST_NEW"_s, newSecret } });
    CHECK_EXIT(partial, 7);
    CHECK_STDERR(partial, u"Tampered Azure"_s);
    QVERIFY2(storedPayload() == tampered, "a refused edit changed the payload");
    CHECK_UNCHANGED(before, m_store);

    // Writing another credential still works.
    CHECK_EXIT(ctl(m_store, m_key,
                   { u"edit"_s, u"Fine Mistral"_s, u"--field"_s, u"endpoint=https://mistral-proxy.example.com/v1"_s }),
               0);
    QVERIFY2(storedPayload() == tampered, "editing another credential changed the tampered payload");

    // Every required field given: the values are re-entered and it works again.
    const Outcome complete
        = ctl(m_store, m_key,
              { u"edit"_s, u"Tampered Azure"_s, u"--field"_s, u"endpoint=https://reentered.openai.azure.com"_s,
                u"--field"_s, u"instance_name=reentered"_s, u"--field-env"_s, u"api_key=CM_TEST_NEW"_s },
              { { u"CM_TEST_NEW"_s, newSecret } });
    CHECK_EXIT(complete, 0);
    CHECK_NO_SECRET(complete, QStringList({ newSecret }));
    const QJsonObject repaired = show(m_store, m_key, u"Tampered Azure"_s);
    QVERIFY2(!repaired.isEmpty(), "the re-entered credential does not show");
    QCOMPARE(repaired.value(u"id"_s).toString(), id);
    const QJsonObject fields = repaired.value(u"fields"_s).toObject();
    QCOMPARE(fields.value(u"endpoint"_s).toString(), u"https://reentered.openai.azure.com"_s);
    QCOMPARE(fields.value(u"instance_name"_s).toString(), u"reentered"_s);
    QVERIFY2(fields.value(u"api_key"_s).toString() == newSecret, "the re-entered secret does not show");
    QCOMPARE(show(m_store, m_key, u"Fine Mistral"_s).value(u"fields"_s).toObject().value(u"endpoint"_s).toString(),
             u"https://mistral-proxy.example.com/v1"_s);
}

void TestCredctlBackup::truncatedStore_data()
{
    QTest::addColumn<int>("keep"); // bytes kept; 0 = half of the file
    QTest::newRow("half of the file") << 0;
    QTest::newRow("the first page") << 4096;
    QTest::newRow("the first 100 bytes") << 100;
}

void TestCredctlBackup::truncatedStore()
{
    QFETCH(int, keep);
    QStringList secrets;
    QVERIFY(makeSmallStore(m_store, &secrets));
    CHECK_EXIT(add(m_store, m_key, { u"Third"_s, u"mistral"_s, {}, { { u"api_key"_s, makeSecret("third") } } }), 0);
    QVERIFY2(!QFileInfo::exists(m_store + u"-wal"_s), "the store still has a -wal file after credctl finished");
    const qint64 size = QFileInfo(m_store).size();
    QVERIFY(size > 8192);
    QVERIFY(QFile::resize(m_store, keep == 0 ? size / 2 : keep));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    const QList<QStringList> commands {
        { u"list"_s },
        { u"list"_s, u"--json"_s },
        { u"show"_s, u"Small Mistral"_s },
        { u"audit"_s },
        { u"add"_s, u"Fourth"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
        { u"export"_s, m_root + u"/from-truncated.cmexport"_s, u"--passphrase-env"_s, PassphraseVariable },
        { u"import"_s, m_exportFile, u"--passphrase-env"_s, PassphraseVariable },
    };
    for (const QStringList& arguments : commands) {
        const Outcome outcome
            = ctl(m_store, m_key, arguments, { { PassphraseVariable, QString::fromUtf8(m_passphrase) } });
        CHECK_EXIT(outcome, 7);
        QVERIFY2(outcome.err.startsWith("credctl: ") && outcome.err.count('\n') == 1,
                 qPrintable(u"not one sentence: "_s + QString::fromUtf8(outcome.err)));
        CHECK_STDERR(outcome, QDir::toNativeSeparators(m_store));
        CHECK_STDERR(outcome, u"damaged"_s);
        QVERIFY(outcome.out.isEmpty());
        CHECK_UNCHANGED(before, m_store);
    }
    QVERIFY2(!QFileInfo::exists(m_root + u"/from-truncated.cmexport"_s), "an export of a damaged store wrote a file");
}

QTEST_GUILESS_MAIN(TestCredctlBackup)
#include "TestCredctlBackup.moc"
