// credctl against damaged stores and hostile input (the "hardening" issue), driven from outside
// as a script or an attacker would drive it:
//  - stores that lost a table, and credentials whose stored payload is not what
//    docs/storage-format.md says (another version byte, random bytes, nothing, cut short,
//    another row's payload): every command refuses with exit 7 and one sentence naming the store
//    or the credential, or, where SPEC keeps the rest usable, succeeds without touching the
//    damaged row;
//  - names and values that are very long, hold control characters or terminal escape sequences,
//    are not valid UTF-8 (in argv and in --field-env variables), or are full of SQL
//    metacharacters: each is refused with one sentence naming the field and nothing written, or
//    stored byte for byte.
// Every run works in its own temporary folder; secrets are generated per run and never printed
// (failure messages show the command words and stderr only).

#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/SqlConnection.h"
#include "support/StopIfFailed.h"
#include "support/StoreFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using Fields = QMap<QString, QString>;

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString SecretVariable = u"CM_TEST_SECRET"_s;
const QString NewKeyVariable = u"CM_TEST_NEW_KEY"_s;
const QString PassphraseVariable = u"CM_TEST_PASSPHRASE"_s;

// The largest single argument or environment string Linux passes to a program is 128 KiB
// (MAX_ARG_STRLEN, the NUL included): a 1 MiB value cannot reach credctl at all. This leaves
// room for "api_key=" or "CM_TEST_SECRET=".
constexpr int LongestValue = 127 * 1024;

// stderr is one sentence: "credctl: ..." on one line.
#define CHECK_ONE_SENTENCE(outcome)                                                                                    \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        QVERIFY2(checked_.err.startsWith("credctl: ") && checked_.err.count('\n') == 1,                                \
                 qPrintable(u"credctl %1 did not write one sentence: "_s.arg(checked_.command)                         \
                            + QString::fromUtf8(checked_.err)));                                                       \
    } while (false)

// Neither stream holds any of the secrets (the message names the command only).
#define CHECK_NO_SECRET(outcome, secrets)                                                                              \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        for (const QString& secret_ : (secrets))                                                                       \
            QVERIFY2(!checked_.out.contains(secret_.toUtf8()) && !checked_.err.contains(secret_.toUtf8()),             \
                     qPrintable(u"credctl %1 printed a secret"_s.arg(checked_.command)));                              \
    } while (false)

// Where `bytes` holds a control character a terminal would act on (C0 but the line feed, DEL, or
// a C1 character in UTF-8), "byte N is 0xHH"; else empty. Never the bytes around it.
QString rawControlIn(const QByteArray& bytes)
{
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes.at(i));
        const bool c1 = c == 0xc2 && i + 1 < bytes.size() && static_cast<unsigned char>(bytes.at(i + 1)) >= 0x80
            && static_cast<unsigned char>(bytes.at(i + 1)) <= 0x9f;
        if ((c < 0x20 && c != '\n') || c == 0x7f || c1)
            return u"byte %1 is 0x%2"_s.arg(i).arg(c1 ? 0xc200 + static_cast<unsigned char>(bytes.at(i + 1)) : c, 0,
                                                   16);
    }
    return QString();
}

#define CHECK_NO_RAW_CONTROL(outcome)                                                                                  \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        const QString inOut_ = rawControlIn(checked_.out);                                                             \
        const QString inErr_ = rawControlIn(checked_.err);                                                             \
        QVERIFY2(inOut_.isEmpty(),                                                                                     \
                 qPrintable(u"credctl %1 sent a control character to the terminal on stdout: "_s.arg(checked_.command) \
                            + inOut_));                                                                                \
        QVERIFY2(inErr_.isEmpty(),                                                                                     \
                 qPrintable(u"credctl %1 sent a control character to the terminal on stderr: "_s.arg(checked_.command) \
                            + inErr_));                                                                                \
    } while (false)

// Names the case a loop was at when a check in it failed (QVERIFY leaves the loop).
#define NAME_THE_CASE(text)                                                                                            \
    const auto caseGuard_ = qScopeGuard([&] {                                                                          \
        if (QTest::currentTestFailed())                                                                                \
            qWarning("the failed case: %s", qPrintable(text));                                                         \
    })

// A text for a failure message: control characters as \xHH, at most 80 characters.
QString shown(const QString& text)
{
    QString result;
    for (const QChar c : text.left(80))
        result += c.category() == QChar::Other_Control ? u"\\x%1"_s.arg(c.unicode(), 2, 16, QLatin1Char('0')) : c;
    return text.size() > 80 ? result + u"... (%1 characters)"_s.arg(text.size()) : result;
}

} // namespace

class TestCredctlHostileInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void cleanupTestCase();

    void storeWithAMissingTable_data();
    void storeWithAMissingTable();
    void damagedPayload_data();
    void damagedPayload();
    void veryLongInput();
    void controlCharactersAreRefused_data();
    void controlCharactersAreRefused();
    void surroundingWhiteSpaceIsTrimmed();
    void escapeSequencesNeverReachTheTerminal();
    void invalidUtf8IsRefused_data();
    void invalidUtf8IsRefused();
    void sqlMetacharactersAreStoredFaithfully_data();
    void sqlMetacharactersAreStoredFaithfully();
    void likeWildcardsMatchOnlyThemselves();

private:
    QProcessEnvironment keyedEnvironment(const Fields& variables = {}) const;
    // credctl ARGUMENTS --store <the test's store>, with the test's key and these variables.
    Outcome ctl(const QStringList& arguments, const Fields& variables = {});
    // Through /bin/sh, so that `script` can build argument and variable bytes that a QString
    // cannot hold (invalid UTF-8) with printf; "$0" is credctl and "$@" ends with --store STORE.
    Outcome ctlThroughShell(const QString& command, const QString& script);
    Outcome add(const QString& name, const QString& provider, const QStringList& fields, const Fields& secrets = {});
    QJsonObject revealed(const QString& name);
    // name -> id, from list --json.
    QMap<QString, QString> ids();
    // Other credentials than the test's own, with their secrets: what must stay as it was.
    void addBystanders();
    void checkBystandersUntouched();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    QByteArray m_key;
    QMap<QString, QString> m_bystanders; // name -> secret
    QMap<QString, QByteArray> m_bystanderPayloads; // id -> stored payload
    int m_runs = 0; // credctl runs in this test case
    int m_hostile = 0; // hostile inputs and damaged stores tried
};

void TestCredctlHostileInput::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"home"_s)));
    m_store = m_dir->filePath(u"creds.sqlite"_s);
    m_key = randomBytes(32).toHex();
    m_bystanders.clear();
    m_bystanderPayloads.clear();
}

void TestCredctlHostileInput::cleanup()
{
    m_dir.reset();
}

void TestCredctlHostileInput::cleanupTestCase()
{
    qInfo("figure: hostile input: %d hostile inputs and damaged stores tried in %d credctl runs", m_hostile, m_runs);
}

QProcessEnvironment TestCredctlHostileInput::keyedEnvironment(const Fields& variables) const
{
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(u"xdg-runtime"_s));
    environment.insert(KeyVariable, QString::fromLatin1(m_key));
    for (auto it = variables.cbegin(); it != variables.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

Outcome TestCredctlHostileInput::ctl(const QStringList& arguments, const Fields& variables)
{
    ++m_runs;
    return runCredctl(arguments + QStringList { u"--store"_s, m_store }, keyedEnvironment(variables), m_dir->path());
}

Outcome TestCredctlHostileInput::ctlThroughShell(const QString& command, const QString& script)
{
    ++m_runs;
    QProcess process;
    process.setProgram(u"/bin/sh"_s);
    process.setArguments({ u"-c"_s, script, credctlPath(), u"--store"_s, m_store });
    process.setProcessEnvironment(keyedEnvironment());
    process.setWorkingDirectory(m_dir->path());
#ifdef Q_OS_UNIX
    process.setChildProcessModifier([] { ::setsid(); });
#endif
    process.start();
    process.closeWriteChannel();
    Outcome outcome = finishCredctl(process);
    outcome.command = command;
    return outcome;
}

Outcome TestCredctlHostileInput::add(const QString& name, const QString& provider, const QStringList& fields,
                                     const Fields& secrets)
{
    QStringList arguments { u"add"_s, name, u"--provider"_s, provider };
    for (const QString& field : fields)
        arguments << u"--field"_s << field;
    Fields variables;
    int index = 0;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it, ++index) {
        const QString variable = SecretVariable + QString::number(index);
        variables.insert(variable, it.value());
        arguments << u"--field-env"_s << it.key() + u'=' + variable;
    }
    return ctl(arguments, variables);
}

QJsonObject TestCredctlHostileInput::revealed(const QString& name)
{
    const Outcome outcome = ctl({ u"show"_s, name, u"--json"_s, u"--reveal"_s });
    return outcome.code == 0 ? jsonObject(outcome.out) : QJsonObject();
}

QMap<QString, QString> TestCredctlHostileInput::ids()
{
    QMap<QString, QString> result;
    const Outcome outcome = ctl({ u"list"_s, u"--json"_s });
    for (const QJsonValue& entry : jsonArray(outcome.out))
        result.insert(entry[u"name"_s].toString(), entry[u"id"_s].toString());
    return result;
}

void TestCredctlHostileInput::addBystanders()
{
    m_bystanders = { { u"Bystander Azure"_s, makeSecret("bystander-azure") },
                     { u"Bystander Mistral"_s, makeSecret("bystander-mistral") } };
    CHECK_EXIT(add(u"Bystander Azure"_s, u"azure-openai"_s,
                   { u"endpoint=https://bystander.openai.azure.com"_s, u"instance_name=bystander"_s },
                   { { u"api_key"_s, m_bystanders.value(u"Bystander Azure"_s) } }),
               0);
    CHECK_EXIT(
        add(u"Bystander Mistral"_s, u"mistral"_s, {}, { { u"api_key"_s, m_bystanders.value(u"Bystander Mistral"_s) } }),
        0);
    SqlConnection sql(m_store);
    QVERIFY(sql.isOpen());
    m_bystanderPayloads = sql.payloads();
    QCOMPARE(m_bystanderPayloads.size(), 2);
}

void TestCredctlHostileInput::checkBystandersUntouched()
{
    {
        SqlConnection sql(m_store, u"QSQLITE_OPEN_READONLY"_s);
        QVERIFY(sql.isOpen());
        const QMap<QString, QByteArray> payloads = sql.payloads();
        for (auto it = m_bystanderPayloads.cbegin(); it != m_bystanderPayloads.cend(); ++it)
            QVERIFY2(payloads.value(it.key()) == it.value(), "the stored payload of another credential changed");
        QCOMPARE(
            sql.scalar(u"SELECT count(*) FROM credentials WHERE name LIKE 'Bystander %' AND revision = 1"_s).toInt(),
            2);
    }
    for (auto it = m_bystanders.cbegin(); it != m_bystanders.cend(); ++it) {
        const QJsonObject shown = revealed(it.key());
        QCOMPARE(shown[u"name"_s].toString(), it.key());
        QVERIFY2(shown[u"fields"_s][u"api_key"_s].toString() == it.value(), "another credential's secret changed");
    }
}

// --- damaged stores ---------------------------------------------------------------------------

void TestCredctlHostileInput::storeWithAMissingTable_data()
{
    QTest::addColumn<QString>("table");
    // The four tables of docs/storage-format.md (core/store/CredentialStore.cpp, migrations()).
    for (const char* table : { "credentials", "meta", "audit_log", "settings" })
        QTest::newRow(table) << QString::fromLatin1(table);
}

void TestCredctlHostileInput::storeWithAMissingTable()
{
    QFETCH(QString, table);
    ++m_hostile;
    const QString secret = makeSecret("prod");
    CHECK_EXIT(add(u"Prod"_s, u"mistral"_s, {}, { { u"api_key"_s, secret } }), 0);
    CHECK_EXIT(add(u"Embeddings"_s, u"azure-openai-embeddings"_s,
                   { u"instance_name=emb"_s, u"deployment_name=text-embedding-3-small"_s },
                   { { u"api_key"_s, makeSecret("emb") } }),
               0);
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        QVERIFY2(sql.exec(u"DROP TABLE "_s + table), qPrintable(sql.lastError()));
        QVERIFY(!sql.tables().contains(table));
    }
    QVERIFY2(!QFileInfo::exists(m_store + u"-wal"_s), "the store has a -wal file after the table was dropped");
    const Snapshot before = snapshotOf(m_store);
    const QString exportFile = m_dir->filePath(u"backup.cmexport"_s);

    // Every command that opens the store; none may read one half of it or write the other.
    const QList<QStringList> commands {
        { u"list"_s },
        { u"list"_s, u"--json"_s },
        { u"show"_s, u"Prod"_s },
        { u"show"_s, u"Prod"_s, u"--reveal"_s },
        { u"show"_s, u"Prod"_s, u"--json"_s, u"--reveal"_s },
        { u"add"_s, u"Second"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
        { u"add"_s, u"Second Embeddings"_s, u"--provider"_s, u"azure-openai-embeddings"_s, u"--field"_s,
          u"instance_name=a"_s, u"--field"_s, u"deployment_name=b"_s, u"--field"_s, u"api_key=k"_s },
        { u"edit"_s, u"Prod"_s, u"--field"_s, u"api_key=k"_s },
        { u"edit"_s, u"Prod"_s, u"--rename"_s, u"Renamed"_s },
        { u"delete"_s, u"Prod"_s, u"--confirm"_s, u"Prod"_s },
        { u"export"_s, exportFile, u"--passphrase-env"_s, PassphraseVariable },
        { u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable },
        { u"audit"_s },
        { u"audit"_s, u"--json"_s },
        { u"test"_s, u"Prod"_s, u"--timeout"_s, u"2"_s },
    };
    const Fields variables { { PassphraseVariable, u"correct horse battery staple"_s },
                             { NewKeyVariable, QString::fromLatin1(randomBytes(32).toHex()) } };
    for (const QStringList& arguments : commands) {
        NAME_THE_CASE(arguments.join(u' ')); // no secret among them
        const Outcome outcome = ctl(arguments, variables);
        CHECK_EXIT(outcome, 7);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, QDir::toNativeSeparators(m_store));
        CHECK_STDERR(outcome, u"damaged"_s);
        CHECK_STDERR(outcome, u"\""_s + table + u"\" is missing"_s);
        CHECK_STDERR(outcome, u"restore it from a backup"_s);
        QVERIFY2(outcome.out.isEmpty(), qPrintable(u"credctl %1 printed on stdout"_s.arg(outcome.command)));
        CHECK_NO_SECRET(outcome, QStringList { secret });
        CHECK_UNCHANGED(before, m_store);
        QVERIFY2(!QFileInfo::exists(exportFile), "export wrote a file from a damaged store");
    }
    // Commands that never open a store are not affected.
    CHECK_EXIT(ctl({ u"providers"_s }), 0);
    CHECK_UNCHANGED(before, m_store);
}

void TestCredctlHostileInput::damagedPayload_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("version byte 0x02, the rest intact") << 0;
    QTest::newRow("version byte 0x00, the rest intact") << 1;
    QTest::newRow("random bytes of the same length") << 2;
    QTest::newRow("empty") << 3;
    QTest::newRow("cut one byte short of header and tag") << 4;
    QTest::newRow("another credential's payload") << 5;
}

void TestCredctlHostileInput::damagedPayload()
{
    QFETCH(int, kind);
    ++m_hostile;
    // Added in this order: key rotation walks the rows in it, so "Good" is re-encrypted before
    // "Damaged" fails; export walks them by name.
    const QString goodSecret = makeSecret("good");
    const QString damagedSecret = makeSecret("damaged");
    const QString doomedSecret = makeSecret("doomed");
    const QStringList secrets { goodSecret, damagedSecret, doomedSecret };
    CHECK_EXIT(add(u"Good"_s, u"mistral"_s, {}, { { u"api_key"_s, goodSecret } }), 0);
    CHECK_EXIT(add(u"Damaged"_s, u"azure-openai"_s,
                   { u"endpoint=https://damaged.openai.azure.com"_s, u"instance_name=damaged"_s },
                   { { u"api_key"_s, damagedSecret } }),
               0);
    CHECK_EXIT(add(u"Doomed"_s, u"mistral"_s, {}, { { u"api_key"_s, doomedSecret } }), 0);
    const QMap<QString, QString> idOf = ids();
    QCOMPARE(idOf.size(), 3);
    QByteArray damaged;
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        const QMap<QString, QByteArray> payloads = sql.payloads();
        const QByteArray original = payloads.value(idOf.value(u"Damaged"_s));
        QVERIFY(original.size() > 1 + 24 + 16);
        QCOMPARE(original.at(0), '\x01');
        switch (kind) {
        case 0:
        case 1:
            damaged = original;
            damaged[0] = kind == 0 ? '\x02' : '\x00';
            break;
        case 2:
            damaged = randomBytes(int(original.size()));
            break;
        case 3:
            break;
        case 4:
            damaged = original.left(1 + 24 + 16 - 1);
            break;
        case 5:
            damaged = payloads.value(idOf.value(u"Good"_s));
            break;
        }
        for (const QString& name : { u"Damaged"_s, u"Doomed"_s }) {
            // X'' and not a bound empty QByteArray, which the driver may bind as NULL.
            const bool written = damaged.isEmpty()
                ? sql.exec(u"UPDATE credentials SET payload = X'' WHERE id = ?"_s, { idOf.value(name) })
                : sql.exec(u"UPDATE credentials SET payload = ? WHERE id = ?"_s, { damaged, idOf.value(name) });
            QVERIFY2(written, qPrintable(sql.lastError()));
        }
        QVERIFY2(sql.payloads().value(idOf.value(u"Damaged"_s)) == damaged, "the damage was not written");
        QCOMPARE(sql.scalar(u"SELECT typeof(payload) FROM credentials WHERE name = 'Damaged'"_s).toString(), u"blob"_s);
    }
    // The damaged row is exactly as the damage left it.
    const auto checkDamagedRowKept = [&] {
        SqlConnection sql(m_store, u"QSQLITE_OPEN_READONLY"_s);
        QVERIFY(sql.isOpen());
        QVERIFY2(sql.payloads().value(idOf.value(u"Damaged"_s)) == damaged,
                 "the damaged credential's payload was overwritten");
        QCOMPARE(sql.scalar(u"SELECT revision FROM credentials WHERE name = 'Damaged'"_s).toInt(), 1);
    };
    const Snapshot before = snapshotOf(m_store);
    const QString exportFile = m_dir->filePath(u"backup.cmexport"_s);
    const Fields variables { { PassphraseVariable, u"correct horse battery staple"_s },
                             { NewKeyVariable, QString::fromLatin1(randomBytes(32).toHex()) } };

    // Refused, naming the credential and what to do, with the store unchanged.
    const QList<QStringList> refused {
        { u"show"_s, u"Damaged"_s },
        { u"show"_s, u"damaged"_s, u"--reveal"_s },
        { u"show"_s, u"Damaged"_s, u"--json"_s, u"--reveal"_s },
        // A partial edit would have to keep values that cannot be read.
        { u"edit"_s, u"Damaged"_s, u"--field"_s, u"instance_name=other"_s },
        { u"edit"_s, u"Damaged"_s, u"--rename"_s, u"Renamed"_s },
        { u"test"_s, u"Damaged"_s, u"--timeout"_s, u"2"_s },
    };
    for (const QStringList& arguments : refused) {
        NAME_THE_CASE(arguments.join(u' '));
        const Outcome outcome = ctl(arguments, variables);
        CHECK_EXIT(outcome, 7);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, u"\"Damaged\""_s);
        CHECK_STDERR(outcome, u"re-enter its values"_s);
        QVERIFY2(outcome.out.isEmpty(), qPrintable(u"credctl %1 printed on stdout"_s.arg(outcome.command)));
        CHECK_NO_SECRET(outcome, secrets);
        CHECK_UNCHANGED(before, m_store);
    }
    // Whole-store commands that must decrypt everything refuse as a whole, naming the first
    // damaged credential.
    const QList<QPair<QStringList, QString>> wholeStore {
        { { u"export"_s, exportFile, u"--passphrase-env"_s, PassphraseVariable }, u"re-enter its values"_s },
        { { u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable }, u"key was not changed"_s },
    };
    for (const auto& [arguments, mentions] : wholeStore) {
        NAME_THE_CASE(arguments.join(u' '));
        const Outcome outcome = ctl(arguments, variables);
        CHECK_EXIT(outcome, 7);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, u"\"Damaged\""_s);
        CHECK_STDERR(outcome, mentions);
        QVERIFY2(outcome.out.isEmpty(), qPrintable(u"credctl %1 printed on stdout"_s.arg(outcome.command)));
        CHECK_NO_SECRET(outcome, secrets);
        CHECK_UNCHANGED(before, m_store);
        QVERIFY2(!QFileInfo::exists(exportFile), "export wrote a file although a credential did not decrypt");
    }

    // SPEC 4: "the others stay usable". Listing and the audit log decrypt nothing.
    for (const QStringList& arguments :
         QList<QStringList> { { u"list"_s }, { u"audit"_s }, { u"audit"_s, u"--json"_s } }) {
        const Outcome outcome = ctl(arguments);
        CHECK_EXIT(outcome, 0);
        QVERIFY2(outcome.err.isEmpty(),
                 qPrintable(u"credctl %1 warned: "_s.arg(outcome.command) + QString::fromUtf8(outcome.err)));
        CHECK_NO_SECRET(outcome, secrets);
    }
    const Outcome listed = ctl({ u"list"_s, u"--json"_s });
    QCOMPARE(listedNames(listed), QStringList({ u"Damaged"_s, u"Doomed"_s, u"Good"_s }));
    CHECK_UNCHANGED(before, m_store);
    const QJsonObject good = revealed(u"Good"_s);
    QVERIFY2(good[u"fields"_s][u"api_key"_s].toString() == goodSecret, "the intact credential does not read back");
    CHECK_UNCHANGED(before, m_store);

    // Writes that leave the damaged row alone succeed, and leave it alone.
    CHECK_EXIT(add(u"Added Later"_s, u"mistral"_s, {}, { { u"api_key"_s, makeSecret("later") } }), 0);
    CHECK_EXIT(ctl({ u"edit"_s, u"Good"_s, u"--field"_s, u"endpoint=https://eu.mistral.example/v1"_s }), 0);
    checkDamagedRowKept();
    STOP_IF_FAILED();

    // Deleting a damaged credential needs no values (SPEC 4's way out besides re-entering them).
    const Outcome deleted = ctl({ u"delete"_s, u"Doomed"_s, u"--confirm"_s, u"Doomed"_s });
    CHECK_EXIT(deleted, 0);
    QCOMPARE(listedNames(ctl({ u"list"_s, u"--json"_s })), QStringList({ u"Added Later"_s, u"Damaged"_s, u"Good"_s }));
    checkDamagedRowKept();
    STOP_IF_FAILED();

    // Re-entering every required value repairs it: a fresh payload under the same id.
    const QString reentered = makeSecret("reentered");
    const Outcome repaired
        = ctl({ u"edit"_s, u"Damaged"_s, u"--field"_s, u"endpoint=https://fixed.openai.azure.com"_s, u"--field"_s,
                u"instance_name=fixed"_s, u"--field-env"_s, u"api_key="_s + SecretVariable },
              { { SecretVariable, reentered } });
    CHECK_EXIT(repaired, 0);
    CHECK_NO_SECRET(repaired, QStringList({ reentered, damagedSecret }));
    const QJsonObject fixed = revealed(u"Damaged"_s);
    QCOMPARE(fixed[u"id"_s].toString(), idOf.value(u"Damaged"_s));
    QCOMPARE(fixed[u"revision"_s].toInt(), 2);
    QCOMPARE(fixed[u"fields"_s][u"instance_name"_s].toString(), u"fixed"_s);
    QVERIFY2(fixed[u"fields"_s][u"api_key"_s].toString() == reentered, "the re-entered secret does not read back");
    // And now the whole store exports and rotates again.
    CHECK_EXIT(ctl({ u"key"_s, u"rotate"_s, u"--new-key-env"_s, NewKeyVariable }, variables), 0);
}

// --- long input -------------------------------------------------------------------------------

void TestCredctlHostileInput::veryLongInput()
{
    addBystanders();
    STOP_IF_FAILED();
    const Snapshot before = snapshotOf(m_store);

    // Names: at most 200 characters (SPEC 3), counted as characters, not UTF-16 units or bytes.
    struct RefusedName
    {
        const char* what;
        QString name;
    };
    const QString emoji = u"\U0001F511"_s; // two UTF-16 units, four UTF-8 bytes
    for (const RefusedName& refused :
         { RefusedName { "100 KiB", QString(100 * 1024, u'n') }, RefusedName { "201 characters", QString(201, u'n') },
           RefusedName { "201 emoji", emoji.repeated(201) } }) {
        ++m_hostile;
        for (const Outcome& outcome :
             { ctl({ u"add"_s, refused.name, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s }),
               ctl({ u"edit"_s, u"Bystander Mistral"_s, u"--rename"_s, refused.name }) }) {
            QVERIFY2(outcome.code == 4, qPrintable(QLatin1String(refused.what) + u": "_s + describe(outcome, 4)));
            CHECK_ONE_SENTENCE(outcome);
            CHECK_STDERR(outcome, u"Name is too long"_s);
            CHECK_STDERR(outcome, u"200 characters"_s);
            QVERIFY2(outcome.err.size() < 200, "the refusal echoes the name");
            QVERIFY(outcome.out.isEmpty());
            CHECK_UNCHANGED(before, m_store);
        }
    }
    ++m_hostile;
    const QString longestName = emoji.repeated(199) + u"k"_s;
    CHECK_EXIT(add(longestName, u"mistral"_s, { u"api_key=k"_s }), 0);
    QCOMPARE(revealed(longestName)[u"name"_s].toString(), longestName);

    // Values have no limit of their own: the longest a single argument or variable can carry is
    // stored and read back byte for byte, secret and plain text alike.
    ++m_hostile;
    QString longSecret = makeSecret("long");
    longSecret += QString::fromLatin1(randomBytes(LongestValue).toHex()).left(LongestValue - longSecret.size());
    QCOMPARE(longSecret.size(), LongestValue);
    const QString longInstance = u"i"_s.repeated(LongestValue - 1) + u"Z"_s;
    const Outcome viaArguments = ctl({ u"add"_s, u"Long Arguments"_s, u"--provider"_s, u"azure-openai"_s, u"--field"_s,
                                       u"endpoint=https://long.openai.azure.com"_s, u"--field"_s,
                                       u"instance_name="_s + longInstance, u"--field"_s, u"api_key="_s + longSecret });
    CHECK_EXIT(viaArguments, 0);
    CHECK_NO_SECRET(viaArguments, QStringList { longSecret });
    QJsonObject shown = revealed(u"Long Arguments"_s);
    QCOMPARE(shown[u"fields"_s][u"instance_name"_s].toString().size(), LongestValue);
    QVERIFY2(shown[u"fields"_s][u"instance_name"_s].toString() == longInstance, "the long value came back altered");
    QVERIFY2(shown[u"fields"_s][u"api_key"_s].toString() == longSecret, "the long secret came back altered");

    ++m_hostile;
    const Outcome viaEnvironment = add(u"Long Environment"_s, u"mistral"_s, {}, { { u"api_key"_s, longSecret } });
    CHECK_EXIT(viaEnvironment, 0);
    shown = revealed(u"Long Environment"_s);
    QCOMPARE(shown[u"fields"_s][u"api_key"_s].toString().size(), LongestValue);
    QVERIFY2(shown[u"fields"_s][u"api_key"_s].toString() == longSecret, "the long secret came back altered");
    // Masked where it should be, however long.
    const Outcome masked = ctl({ u"show"_s, u"Long Environment"_s });
    CHECK_EXIT(masked, 0);
    CHECK_NO_SECRET(masked, QStringList { longSecret });

    // Editing one long value keeps the other.
    CHECK_EXIT(ctl({ u"edit"_s, u"Long Arguments"_s, u"--field"_s, u"instance_name=short"_s }), 0);
    shown = revealed(u"Long Arguments"_s);
    QCOMPARE(shown[u"fields"_s][u"instance_name"_s].toString(), u"short"_s);
    QVERIFY2(shown[u"fields"_s][u"api_key"_s].toString() == longSecret, "the untouched long secret changed");
    checkBystandersUntouched();
}

// --- control characters and escape sequences --------------------------------------------------

void TestCredctlHostileInput::controlCharactersAreRefused_data()
{
    QTest::addColumn<QString>("control");
    QTest::newRow("tab") << u"\t"_s;
    QTest::newRow("line feed") << u"\n"_s;
    QTest::newRow("carriage return") << u"\r"_s;
    QTest::newRow("0x01") << u"\x01"_s;
    QTest::newRow("ESC [31m") << u"\x1b[31m"_s;
    QTest::newRow("ESC ]0; title BEL") << u"\x1b]0;owned\x07"_s;
    QTest::newRow("DEL") << u"\x7f"_s;
    QTest::newRow("NEL (C1)") << u"\u0085"_s;
    QTest::newRow("CSI (C1)") << u"\u009b2J"_s;
}

void TestCredctlHostileInput::controlCharactersAreRefused()
{
    QFETCH(QString, control);
    addBystanders();
    STOP_IF_FAILED();
    const Snapshot before = snapshotOf(m_store);
    const QString secret = makeSecret("ctl");
    const QString hostile = u"in"_s + control + u"side"_s;
    const Fields variables { { SecretVariable, secret + control + u"x"_s } };

    struct Case
    {
        QStringList arguments;
        QString label; // the field the sentence names
    };
    const QStringList addMistral { u"add"_s, u"New"_s, u"--provider"_s, u"mistral"_s };
    const QList<Case> cases {
        { { u"add"_s, hostile, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s }, u"Name"_s },
        { { u"edit"_s, u"Bystander Mistral"_s, u"--rename"_s, hostile }, u"Name"_s },
        { addMistral + QStringList { u"--field"_s, u"api_key="_s + secret + control + u"x"_s }, u"API Key"_s },
        { addMistral + QStringList { u"--field-env"_s, u"api_key="_s + SecretVariable }, u"API Key"_s },
        { { u"edit"_s, u"Bystander Mistral"_s, u"--field-env"_s, u"api_key="_s + SecretVariable }, u"API Key"_s },
        { { u"edit"_s, u"Bystander Azure"_s, u"--field"_s, u"instance_name="_s + hostile }, u"Instance Name"_s },
        { addMistral
              + QStringList { u"--field"_s, u"api_key=k"_s, u"--field"_s,
                              u"endpoint=https://eu.example.com/"_s + hostile },
          u"Endpoint URL"_s },
    };
    for (const Case& refused : cases) {
        ++m_hostile;
        // The arguments hold the secret: the case is named by its place and field.
        NAME_THE_CASE(u"case %1 of %2, %3"_s.arg(&refused - cases.data() + 1).arg(cases.size()).arg(refused.label));
        const Outcome outcome = ctl(refused.arguments, variables);
        CHECK_EXIT(outcome, 4);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, refused.label);
        CHECK_STDERR(outcome, u"control character"_s);
        CHECK_NO_RAW_CONTROL(outcome);
        CHECK_NO_SECRET(outcome, QStringList { secret });
        QVERIFY(outcome.out.isEmpty());
        CHECK_UNCHANGED(before, m_store);
    }
    checkBystandersUntouched();
}

void TestCredctlHostileInput::surroundingWhiteSpaceIsTrimmed()
{
    // SPEC 3 trims names and values of surrounding white space, and tab, line feed and carriage
    // return are white space: around a value they are dropped, not refused.
    ++m_hostile;
    const QString secret = makeSecret("trimmed");
    CHECK_EXIT(add(u"\t Trimmed Name\r\n"_s, u"mistral"_s, {}, { { u"api_key"_s, u"\n\t"_s + secret + u" \r\n"_s } }),
               0);
    const QJsonObject shown = revealed(u"Trimmed Name"_s);
    QCOMPARE(shown[u"name"_s].toString(), u"Trimmed Name"_s);
    QVERIFY2(shown[u"fields"_s][u"api_key"_s].toString() == secret, "the secret was not stored trimmed");
}

void TestCredctlHostileInput::escapeSequencesNeverReachTheTerminal()
{
    // credctl refuses control characters in names, but another program may write the store
    // (docs/storage-format.md): a name that would clear the screen, retitle the terminal and
    // fake a second line must be shown, never acted on. --json keeps the exact name (JSON
    // escapes it, DEL and the C1 controls too).
    ++m_hostile;
    addBystanders();
    STOP_IF_FAILED();
    const QString secret = makeSecret("escape");
    CHECK_EXIT(add(u"Plain"_s, u"azure-openai-embeddings"_s,
                   { u"instance_name=emb"_s, u"deployment_name=text-embedding-3-small"_s },
                   { { u"api_key"_s, secret } }),
               0);
    const QString evil = u"Evil\x1b]0;owned\x07\x1b[2J\x1b[31mName\r\ncredctl: fake\x01\x7f\u009b2J"_s;
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        QVERIFY2(sql.exec(u"UPDATE credentials SET name = ? WHERE name = 'Plain'"_s, { evil }),
                 qPrintable(sql.lastError()));
    }
    const QString shownEvil = u"Evil\\x1b]0;owned\\x07\\x1b[2J\\x1b[31mName\\x0d\\x0acredctl: fake\\x01\\x7f\\x9b2J"_s;

    // For people: the name is shown with its control characters written out.
    for (const QStringList& arguments : QList<QStringList> { { u"list"_s }, { u"show"_s, evil } }) {
        const Outcome outcome = ctl(arguments);
        CHECK_EXIT(outcome, 0);
        CHECK_NO_RAW_CONTROL(outcome);
        CHECK_STDOUT(outcome, shownEvil);
    }
    const Outcome revealing = ctl({ u"show"_s, evil, u"--reveal"_s }); // stdout holds the secret: never shown
    CHECK_EXIT(revealing, 0);
    CHECK_NO_RAW_CONTROL(revealing);
    QVERIFY2(revealing.out.contains(shownEvil.toUtf8()), "show --reveal does not show the name written out");
    QVERIFY2(revealing.out.contains(secret.toUtf8()), "show --reveal does not show the secret");
    // For scripts: exact, and still nothing raw (DEL and the C1 controls escaped as \u00XX).
    const Outcome json = ctl({ u"list"_s, u"--json"_s });
    CHECK_EXIT(json, 0);
    CHECK_NO_RAW_CONTROL(json);
    QVERIFY2(listedNames(json).contains(evil), "list --json does not give the exact name");
    const Outcome revealedJson = ctl({ u"show"_s, evil, u"--reveal"_s, u"--json"_s }); // holds the secret
    CHECK_EXIT(revealedJson, 0);
    CHECK_NO_RAW_CONTROL(revealedJson);
    QCOMPARE(revealed(evil)[u"name"_s].toString(), evil);

    // Errors that repeat a typed or stored name: one line, nothing raw.
    const QString typed = u"no\x1b[2Jsuch\nname"_s;
    const Outcome missing = ctl({ u"show"_s, typed });
    CHECK_EXIT(missing, 3);
    CHECK_ONE_SENTENCE(missing);
    CHECK_NO_RAW_CONTROL(missing);
    CHECK_STDERR(missing, u"no\\x1b[2Jsuch\\x0aname"_s);
    const Outcome mismatch = ctl({ u"delete"_s, evil, u"--confirm"_s, u"Evil"_s });
    CHECK_EXIT(mismatch, 4);
    CHECK_ONE_SENTENCE(mismatch);
    CHECK_NO_RAW_CONTROL(mismatch);
    CHECK_STDERR(mismatch, shownEvil);

    // Saving it again needs a valid name (the store checks the name it keeps): refused until it is
    // renamed, and the refusal says so on one line.
    const Snapshot before = snapshotOf(m_store);
    const Outcome edited = ctl({ u"edit"_s, evil, u"--field"_s, u"deployment_name=other"_s });
    CHECK_EXIT(edited, 4);
    CHECK_ONE_SENTENCE(edited);
    CHECK_NO_RAW_CONTROL(edited);
    CHECK_STDERR(edited, u"Name contains a control character"_s);
    CHECK_UNCHANGED(before, m_store);
    // Deleting it names it, written out.
    const Outcome deleted = ctl({ u"delete"_s, evil, u"--confirm"_s, evil });
    CHECK_EXIT(deleted, 0);
    CHECK_NO_RAW_CONTROL(deleted);
    CHECK_STDOUT(deleted, shownEvil);
    // The audit log keeps the name it had (its rows are the other program's and credctl's).
    const Outcome audit = ctl({ u"audit"_s });
    CHECK_EXIT(audit, 0);
    CHECK_NO_RAW_CONTROL(audit);
    CHECK_STDOUT(audit, shownEvil);
    bool exactInJson = false;
    const Outcome auditJson = ctl({ u"audit"_s, u"--json"_s });
    CHECK_NO_RAW_CONTROL(auditJson);
    for (const QJsonValue& entry : jsonArray(auditJson.out))
        exactInJson = exactInJson || entry[u"credential_name"_s].toString() == evil;
    QVERIFY2(exactInJson, "audit --json does not give the exact name");
    checkBystandersUntouched();
}

// --- invalid UTF-8 ----------------------------------------------------------------------------

void TestCredctlHostileInput::invalidUtf8IsRefused_data()
{
    // printf's octal escapes: bytes no QString can carry into a QProcess argument.
    QTest::addColumn<QString>("bytes");
    QTest::newRow("0xff 0xfe") << u"\\377\\376"_s;
    QTest::newRow("a lone continuation byte") << u"\\200"_s;
    QTest::newRow("a cut-off sequence") << u"\\342\\202"_s;
    QTest::newRow("an overlong slash") << u"\\300\\257"_s;
    QTest::newRow("an encoded surrogate") << u"\\355\\240\\200"_s;
    QTest::newRow("Latin-1 e acute") << u"\\351"_s;
}

void TestCredctlHostileInput::invalidUtf8IsRefused()
{
    QFETCH(QString, bytes);
    addBystanders();
    STOP_IF_FAILED();
    const Snapshot before = snapshotOf(m_store);
    // Read as text, these bytes would become U+FFFD: a name or a key other than the one given.
    const QString prelude = u"BAD=$(printf 'in%1side'); export CM_BAD=\"sk-$BAD-secret\"; "_s.arg(bytes);
    struct Case
    {
        QString command;
        QString script;
        QString label;
    };
    const QList<Case> cases {
        { u"add"_s, u"exec \"$0\" add \"$BAD\" --provider mistral --field api_key=k \"$@\""_s, u"Name"_s },
        { u"edit"_s, u"exec \"$0\" edit 'Bystander Mistral' --rename \"Re$BAD\" \"$@\""_s, u"Name"_s },
        { u"add"_s, u"exec \"$0\" add New --provider mistral --field \"api_key=sk-$BAD\" \"$@\""_s, u"API Key"_s },
        { u"add"_s, u"exec \"$0\" add New --provider mistral --field-env api_key=CM_BAD \"$@\""_s, u"API Key"_s },
        { u"edit"_s, u"exec \"$0\" edit 'Bystander Mistral' --field-env api_key=CM_BAD \"$@\""_s, u"API Key"_s },
        { u"edit"_s, u"exec \"$0\" edit 'Bystander Azure' --field \"instance_name=$BAD\" \"$@\""_s,
          u"Instance Name"_s },
    };
    for (const Case& refused : cases) {
        ++m_hostile;
        NAME_THE_CASE(refused.script);
        const Outcome outcome = ctlThroughShell(refused.command, prelude + refused.script);
        CHECK_EXIT(outcome, 4);
        CHECK_ONE_SENTENCE(outcome);
        CHECK_STDERR(outcome, refused.label);
        CHECK_STDERR(outcome, u"not valid UTF-8"_s);
        QVERIFY(outcome.out.isEmpty());
        QVERIFY2(!outcome.err.contains("secret"), "the refusal echoes the value");
        CHECK_UNCHANGED(before, m_store);
    }
    checkBystandersUntouched();
}

// --- SQL metacharacters -----------------------------------------------------------------------

void TestCredctlHostileInput::sqlMetacharactersAreStoredFaithfully_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("statement injection") << u"x'; DROP TABLE credentials; --"_s;
    QTest::newRow("closing paren injection") << u"Robert'); DELETE FROM meta; --"_s;
    QTest::newRow("percent") << u"%"_s;
    QTest::newRow("underscore") << u"_"_s;
    QTest::newRow("backslash") << u"\\"_s;
    QTest::newRow("double quote") << u"\""_s;
    QTest::newRow("backtick") << u"`"_s;
    QTest::newRow("all of them") << u"%_\\'\"`;--/*"_s;
    QTest::newRow("GLOB and LIKE patterns") << u"*[^ -~]*?%"_s;
    QTest::newRow("non-ASCII with wildcards") << u"\u00c4%_\\\u017f\u212a"_s;
}

void TestCredctlHostileInput::sqlMetacharactersAreStoredFaithfully()
{
    QFETCH(QString, text);
    ++m_hostile;
    addBystanders();
    STOP_IF_FAILED();
    const QStringList tables = SqlConnection(m_store).tables();
    const QString secret = makeSecret("sql") + text;
    const QString endpoint = u"https://sql.example.com/v1/"_s + QString::fromLatin1(QUrl::toPercentEncoding(text));

    CHECK_EXIT(add(text, u"custom"_s, { u"endpoint="_s + endpoint }, { { u"api_key"_s, secret } }), 0);
    QJsonObject shown = revealed(text);
    QCOMPARE(shown[u"name"_s].toString(), text);
    QVERIFY2(shown[u"fields"_s][u"api_key"_s].toString() == secret, "the secret did not come back byte for byte");
    QCOMPARE(shown[u"fields"_s][u"endpoint"_s].toString(), endpoint);
    // As a plain text value too, and as a new name.
    CHECK_EXIT(ctl({ u"edit"_s, u"Bystander Azure"_s, u"--field"_s, u"instance_name="_s + text }), 0);
    QCOMPARE(revealed(u"Bystander Azure"_s)[u"fields"_s][u"instance_name"_s].toString(), text);
    const QString renamed = text + u" renamed"_s;
    CHECK_EXIT(ctl({ u"edit"_s, text, u"--rename"_s, renamed }), 0);
    shown = revealed(renamed);
    QCOMPARE(shown[u"name"_s].toString(), renamed);
    QVERIFY(shown[u"fields"_s][u"api_key"_s].toString() == secret);

    // Nothing else happened to the store: same tables, every other name still there.
    SqlConnection sql(m_store, u"QSQLITE_OPEN_READONLY"_s);
    QVERIFY(sql.isOpen());
    QCOMPARE(sql.tables(), tables);
    QCOMPARE(sql.meta().value(u"schema_version"_s), u"1"_s);
    QStringList expected { u"Bystander Azure"_s, u"Bystander Mistral"_s, renamed };
    expected.sort();
    QCOMPARE(listedNames(ctl({ u"list"_s, u"--json"_s })), expected);
    const Outcome deleted = ctl({ u"delete"_s, renamed, u"--confirm"_s, renamed });
    CHECK_EXIT(deleted, 0);
    QCOMPARE(listedNames(ctl({ u"list"_s, u"--json"_s })),
             QStringList({ u"Bystander Azure"_s, u"Bystander Mistral"_s }));
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM audit_log"_s).toInt(), 6);
}

void TestCredctlHostileInput::likeWildcardsMatchOnlyThemselves()
{
    // Names are looked up with LIKE (docs/storage-format.md, "Writing safely"): a wildcard in a
    // name must match only itself, whether the name is ASCII or not.
    const QStringList names { u"abc"_s, u"a_c"_s, u"a%c"_s, u"a\\c"_s, u"\u00e4bc"_s, u"\u00e4_c"_s, u"\u00e4%c"_s };
    QMap<QString, QString> secrets;
    for (const QString& name : names) {
        ++m_hostile;
        secrets.insert(name, makeSecret("like"));
        const Outcome added = add(name, u"mistral"_s, {}, { { u"api_key"_s, secrets.value(name) } });
        QVERIFY2(added.code == 0, qPrintable(shown(name) + u": "_s + describe(added, 0)));
    }
    for (const QString& name : names) {
        // Exactly, and in another case (one credential matches case-insensitively).
        for (const QString& asked : { name, name.toUpper() }) {
            const QJsonObject found = revealed(asked);
            QVERIFY2(found[u"name"_s].toString() == name,
                     qPrintable(u"show %1 found \"%2\""_s.arg(shown(asked), shown(found[u"name"_s].toString()))));
            QVERIFY(found[u"fields"_s][u"api_key"_s].toString() == secrets.value(name));
        }
    }
    // A pattern that would match every name matches none.
    for (const QString& pattern : { u"%"_s, u"a_"_s, u"_bc"_s, u"\u00e4%"_s, u"___"_s }) {
        const Outcome outcome = ctl({ u"show"_s, pattern });
        QVERIFY2(outcome.code == 3, qPrintable(shown(pattern) + u": "_s + describe(outcome, 3)));
    }
    // The uniqueness check compares names, not patterns: "aXc" is free though "a_c" exists.
    CHECK_EXIT(add(u"aXc"_s, u"mistral"_s, { u"api_key=k"_s }), 0);
    CHECK_EXIT(add(u"\u00e4Xc"_s, u"mistral"_s, { u"api_key=k"_s }), 0);
    CHECK_EXIT(add(u"\u00c4_C"_s, u"mistral"_s, { u"api_key=k"_s }), 6);
}

QTEST_GUILESS_MAIN(TestCredctlHostileInput)
#include "TestCredctlHostileInput.moc"
