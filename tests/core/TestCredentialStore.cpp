// The encrypted credential store on a real SQLite file or, with CM_TEST_STORE_ENGINE=postgresql,
// in a fresh database of a real PostgreSQL server (scripts/with-postgres): create/read/update/
// delete, optimistic concurrency, name rules, default embeddings, audit log, key binding, file
// modes and format, damaged and foreign stores and payloads, and a busy store. The same test code
// runs on both engines; only what is about files by nature is SQLite-only. Secrets are random per
// run and are only ever compared, never printed.

#include "common/Error.h"
#include "crypto/MasterKey.h"
#include "store/CredentialStore.h"
#include "store/FieldValues.h"
#include "store/SqlDialect.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"
#include "support/StoreFiles.h"
#include "support/TestDatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QUuid>

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

FieldValues azureFields(const QString& instance, const QString& apiKey)
{
    return FieldValues { { QStringLiteral("endpoint"), QStringLiteral("https://%1.openai.azure.com").arg(instance) },
                         { QStringLiteral("instance_name"), instance },
                         { QStringLiteral("api_key"), apiKey } };
}

FieldValues embeddingsFields(const QString& instance, const QString& deployment, const QString& apiKey)
{
    return FieldValues { { QStringLiteral("instance_name"), instance },
                         { QStringLiteral("deployment_name"), deployment },
                         { QStringLiteral("api_key"), apiKey } };
}

FieldValues mistralFields(const QString& apiKey)
{
    return FieldValues { { QStringLiteral("api_key"), apiKey } };
}

bool isDatabaseUrl(const QString& location)
{
    return location.startsWith(QLatin1String("postgresql://"));
}

// What another program sees of a store: its files, byte for byte (SQLite), or the columns and
// rows of every table in its database (PostgreSQL). Compared with snapshotDifference().
Snapshot storeSnapshot(const QString& location)
{
    if (!isDatabaseUrl(location))
        return snapshotOf(location);
    const SqlConnection raw(location);
    if (!raw.isOpen())
        return { { QStringLiteral("<no connection>"), raw.lastError().toUtf8() } };
    return raw.contents();
}

// Opens `path`, makes one call that must be refused with `expected`, closes the store, and
// checks that the store is byte for byte what it was before it was opened.
// Returns why not, or an empty string.
template<typename Call> QByteArray refusedWithoutChange(const QString& path, ErrorCode expected, Call call)
{
    const Snapshot before = storeSnapshot(path);
    if (before.isEmpty())
        return "no store file to compare";
    if (before.contains(QFileInfo(path).fileName() + QStringLiteral("-wal")))
        return "the store was still open (a -wal file exists) before the call";
    {
        auto opened = CredentialStore::open(path);
        if (!opened)
            return "open failed: " + outcome(opened);
        const auto result = call(*opened.value());
        if (!failsWith(result, expected))
            return expectation(result, expected);
    }
    const Snapshot after = storeSnapshot(path);
    if (before != after)
        return "the refused call changed the store: " + snapshotDifference(before, after);
    return {};
}

// Where `needle` occurs in `haystack` as UTF-8 or UTF-16 (either byte order).
bool containsText(const QByteArray& haystack, const QString& needle)
{
    if (haystack.contains(needle.toUtf8()))
        return true;
    QByteArray littleEndian;
    QByteArray bigEndian;
    for (const QChar c : needle) {
        const char low = char(c.unicode() & 0xff);
        const char high = char(c.unicode() >> 8);
        littleEndian.append(low).append(high);
        bigEndian.append(high).append(low);
    }
    return haystack.contains(littleEndian) || haystack.contains(bigEndian);
}

// A database of another program (SQLite: rollback journal), one unrelated table.
bool createForeignDatabase(const QString& location)
{
    SqlConnection raw(location);
    return raw.isOpen() && raw.exec(QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"))
        && raw.exec(QStringLiteral("INSERT INTO notes (id, text) VALUES (1, 'keep me')"));
}

bool isUuidWithoutBraces(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return pattern.match(text).hasMatch();
}

std::optional<CredentialSummary> byName(const QList<CredentialSummary>& list, const QString& name)
{
    for (const CredentialSummary& summary : list) {
        if (summary.name == name)
            return summary;
    }
    return std::nullopt;
}

QString defaultEmbeddingsId(const QList<CredentialSummary>& list)
{
    QString id;
    int count = 0;
    for (const CredentialSummary& summary : list) {
        if (summary.defaultEmbeddings) {
            id = summary.id;
            ++count;
        }
    }
    return count > 1 ? QStringLiteral("(%1 defaults)").arg(count) : id;
}

// Timestamps have millisecond resolution: distinct writes need distinct milliseconds.
void nextMillisecond()
{
    QThread::msleep(5);
}

} // namespace

class TestCredentialStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void createReadUpdateDelete();
    void listNeedsNoKey();
    void staleRevisionConflicts();
    void twoStoresOnOneFile();
    void namesAreUniqueCaseInsensitively();
    void nameChecksUseIndexesOnSqlite();
    void nameCandidatesIncludeEveryClash();
    void findPrefersExactName();
    void validationThroughTheStore();
    void defaultEmbeddings();
    void auditLogNamesKeysNeverValues();
    void keyBinding();
    void creationWithAKeyBindsItAtOnce();
    void importReplacingTheDefaultFallsBack();
    void emptyFileIsNoStoreUntilCreated();
    void refusedCallsLeaveFilesUnchanged();
    void fileModes();
    void nestedFolderIsPrivate();
    void secretsNeverInFiles();
    void schema();
    void corruptAndForeignFiles();
    void foreignDatabaseIsLeftUnchanged();
    void tamperedPayload();
    void busyDatabase();

private:
    bool onPostgres() const { return m_stores.onPostgres(); }
    // The test's store: a file in the temporary folder, or the URL of the test's fresh database.
    QString storePath() const { return m_storePath; }
    // A further empty store: a file `name` in the temporary folder, or a new database (dropped
    // in cleanup()); empty when the database could not be created.
    QString freshStore(const QString& name) { return m_stores.create(name); }
    std::unique_ptr<CredentialStore> openStore(const QString& path, CredentialStore::Options options = {});

    // The temporary folder and, on PostgreSQL, the databases this test function made.
    TestDatabases m_stores;
    QString m_storePath;
};

void TestCredentialStore::initTestCase()
{
    const QString problem = m_stores.check();
    if (!problem.isEmpty())
        QFAIL(qPrintable(problem));
}

void TestCredentialStore::init()
{
    m_storePath = m_stores.create();
    QVERIFY(!m_storePath.isEmpty());
}

void TestCredentialStore::cleanup()
{
    // The test function's stores are closed by now; FORCE ends any connection still left.
    m_storePath.clear();
    const QString problem = m_stores.cleanup();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

std::unique_ptr<CredentialStore> TestCredentialStore::openStore(const QString& path, CredentialStore::Options options)
{
    auto opened = CredentialStore::open(path, options);
    if (!opened) {
        qWarning("open failed: %s", outcome(opened).constData());
        return nullptr;
    }
    return std::move(opened).value();
}

void TestCredentialStore::createReadUpdateDelete()
{
    const MasterKey key = MasterKey::generate();
    const QString instance = randomValue(QStringLiteral("inst-"));
    const QString apiKey = randomValue(QStringLiteral("key-"));
    const QString newApiKey = randomValue(QStringLiteral("key-"));
    QString id;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        auto created = store->create(key, QStringLiteral("Prod"), AzureOpenAi, azureFields(instance, apiKey));
        VERIFY_OK(created);
        id = created->id;
        QVERIFY2(isUuidWithoutBraces(id), qPrintable(id));
        QCOMPARE(created->name, QStringLiteral("Prod"));
        QCOMPARE(created->provider, AzureOpenAi);
        QCOMPARE(created->revision, qint64(1));
        QVERIFY(created->createdAt.isValid());
        QCOMPARE(created->createdAt, created->updatedAt);
        QCOMPARE(created->createdAt.offsetFromUtc(), 0);
        QVERIFY(qAbs(created->createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }
    // A new store object on the same file decrypts what the first one wrote.
    auto store = openStore(storePath());
    QVERIFY(store);
    {
        auto read = store->read(key, id);
        VERIFY_OK(read);
        QVERIFY(read->fields == azureFields(instance, apiKey));
        QCOMPARE(read->summary.name, QStringLiteral("Prod"));
        QCOMPARE(read->summary.provider, AzureOpenAi);
        QCOMPARE(read->summary.revision, qint64(1));
    }

    nextMillisecond();
    auto updated = store->update(key, id, 1, QStringLiteral("Prod"), azureFields(instance, newApiKey));
    VERIFY_OK(updated);
    QCOMPARE(updated->revision, qint64(2));
    QCOMPARE(updated->name, QStringLiteral("Prod"));
    QVERIFY(updated->updatedAt > updated->createdAt);
    {
        auto read = store->read(key, id);
        VERIFY_OK(read);
        QVERIFY(read->fields.value(QStringLiteral("api_key")) == newApiKey);
        QVERIFY(read->fields.value(QStringLiteral("instance_name")) == instance);
        QCOMPARE(read->summary.revision, qint64(2));
    }

    auto renamed = store->update(key, id, 2, QStringLiteral("Production"), azureFields(instance, newApiKey));
    VERIFY_OK(renamed);
    QCOMPARE(renamed->name, QStringLiteral("Production"));
    QCOMPARE(renamed->revision, qint64(3));
    QCOMPARE(renamed->id, id);
    {
        auto read = store->read(key, id);
        VERIFY_OK(read);
        QCOMPARE(read->summary.name, QStringLiteral("Production"));
        QVERIFY(read->fields.value(QStringLiteral("api_key")) == newApiKey);
        auto found = store->find(QStringLiteral("Production"));
        VERIFY_OK(found);
        QCOMPARE(found->id, id);
        VERIFY_FAILS(store->find(QStringLiteral("Prod")), ErrorCode::NotFound);
        auto listed = store->list();
        VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->first().name, QStringLiteral("Production"));
        QCOMPARE(listed->first().revision, qint64(3));
    }

    VERIFY_OK(store->remove(key, id, 3));
    auto listed = store->list();
    VERIFY_OK(listed);
    QVERIFY(listed->isEmpty());
    VERIFY_FAILS(store->read(key, id), ErrorCode::NotFound);
    VERIFY_FAILS(store->find(QStringLiteral("Production")), ErrorCode::NotFound);

    // The deletion is durable.
    store.reset();
    store = openStore(storePath());
    QVERIFY(store);
    listed = store->list();
    VERIFY_OK(listed);
    QVERIFY(listed->isEmpty());
}

void TestCredentialStore::listNeedsNoKey()
{
    QString azureId;
    QString mistralId;
    {
        const MasterKey key = MasterKey::generate();
        auto store = openStore(storePath());
        QVERIFY(store);
        auto azure
            = store->create(key, QStringLiteral("zeta azure"), AzureOpenAi,
                            azureFields(randomValue(QStringLiteral("inst-")), randomValue(QStringLiteral("key-"))));
        VERIFY_OK(azure);
        azureId = azure->id;
        auto mistral = store->create(key, QStringLiteral("Alpha mistral"), Mistral,
                                     mistralFields(randomValue(QStringLiteral("k-"))));
        VERIFY_OK(mistral);
        mistralId = mistral->id;
    }
    // The key is gone: a fresh process with no key can still list, find and see the key id.
    qunsetenv("CREDENTIAL_ENCRYPTION_KEY");
    auto store = openStore(storePath());
    QVERIFY(store);
    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 2);
    QCOMPARE(listed->at(0).name, QStringLiteral("Alpha mistral"));
    QCOMPARE(listed->at(0).provider, Mistral);
    QCOMPARE(listed->at(0).id, mistralId);
    QCOMPARE(listed->at(0).revision, qint64(1));
    QCOMPARE(listed->at(1).name, QStringLiteral("zeta azure"));
    QCOMPARE(listed->at(1).provider, AzureOpenAi);
    QCOMPARE(listed->at(1).id, azureId);
    QVERIFY(listed->at(1).createdAt.isValid());
    auto found = store->find(QStringLiteral("ZETA AZURE"));
    VERIFY_OK(found);
    QCOMPARE(found->id, azureId);
    auto keyId = store->keyId();
    VERIFY_OK(keyId);
    QVERIFY(!keyId->isEmpty());
}

void TestCredentialStore::staleRevisionConflicts()
{
    const MasterKey key = MasterKey::generate();
    const QString first = randomValue(QStringLiteral("key-"));
    const QString second = randomValue(QStringLiteral("key-"));
    const QString third = randomValue(QStringLiteral("key-"));
    auto store = openStore(storePath());
    QVERIFY(store);
    auto created = store->create(key, QStringLiteral("Mistral"), Mistral, mistralFields(first));
    VERIFY_OK(created);
    const QString id = created->id;
    VERIFY_OK(store->update(key, id, 1, QStringLiteral("Mistral"), mistralFields(second)));

    auto stale = store->update(key, id, 1, QStringLiteral("Renamed"), mistralFields(third));
    VERIFY_FAILS(stale, ErrorCode::Conflict);
    VERIFY_FAILS(store->update(key, id, 3, QStringLiteral("Mistral"), mistralFields(third)), ErrorCode::Conflict);
    VERIFY_FAILS(store->remove(key, id, 1), ErrorCode::Conflict);

    auto read = store->read(key, id);
    VERIFY_OK(read);
    QCOMPARE(read->summary.revision, qint64(2));
    QCOMPARE(read->summary.name, QStringLiteral("Mistral"));
    QVERIFY(read->fields.value(QStringLiteral("api_key")) == second);
    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);

    // Deleted: both update and remove say so.
    VERIFY_OK(store->remove(key, id, 2));
    VERIFY_FAILS(store->update(key, id, 2, QStringLiteral("Mistral"), mistralFields(third)), ErrorCode::NotFound);
    VERIFY_FAILS(store->remove(key, id, 2), ErrorCode::NotFound);
    VERIFY_FAILS(store->read(key, id), ErrorCode::NotFound);
}

void TestCredentialStore::twoStoresOnOneFile()
{
    const MasterKey key = MasterKey::generate();
    const QString original = randomValue(QStringLiteral("key-"));
    const QString fromB = randomValue(QStringLiteral("key-"));
    const QString fromA = randomValue(QStringLiteral("key-"));
    auto a = openStore(storePath());
    auto b = openStore(storePath());
    QVERIFY(a && b);
    auto created = a->create(key, QStringLiteral("Shared"), Mistral, mistralFields(original));
    VERIFY_OK(created);
    const QString id = created->id;

    auto readByA = a->read(key, id);
    VERIFY_OK(readByA);
    const qint64 revisionA = readByA->summary.revision;

    auto readByB = b->read(key, id);
    VERIFY_OK(readByB);
    VERIFY_OK(b->update(key, id, readByB->summary.revision, QStringLiteral("Shared"), mistralFields(fromB)));

    VERIFY_FAILS(a->update(key, id, revisionA, QStringLiteral("Shared"), mistralFields(fromA)), ErrorCode::Conflict);
    VERIFY_FAILS(a->remove(key, id, revisionA), ErrorCode::Conflict);
    auto reread = a->read(key, id);
    VERIFY_OK(reread);
    QVERIFY2(reread->fields.value(QStringLiteral("api_key")) == fromB, "A's refused update overwrote B's change");
    QCOMPARE(reread->summary.revision, revisionA + 1);

    // B deletes it; A still holds the id.
    VERIFY_OK(b->remove(key, id, reread->summary.revision));
    VERIFY_FAILS(a->update(key, id, reread->summary.revision, QStringLiteral("Shared"), mistralFields(fromA)),
                 ErrorCode::NotFound);
    VERIFY_FAILS(a->remove(key, id, reread->summary.revision), ErrorCode::NotFound);
    VERIFY_FAILS(a->read(key, id), ErrorCode::NotFound);
    auto listed = a->list();
    VERIFY_OK(listed);
    QVERIFY(listed->isEmpty());
}

void TestCredentialStore::namesAreUniqueCaseInsensitively()
{
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    const auto fields = [] { return mistralFields(randomValue(QStringLiteral("key-"))); };

    auto prod = store->create(key, QStringLiteral("Prod"), Mistral, fields());
    VERIFY_OK(prod);
    auto taken = store->create(key, QStringLiteral("PROD"), Mistral, fields());
    VERIFY_FAILS(taken, ErrorCode::NameTaken);
    VERIFY_MESSAGE_HAS(taken, QStringLiteral("Prod"));
    VERIFY_FAILS(store->create(key, QStringLiteral("  prod  "), AzureOpenAi,
                               azureFields(randomValue(QStringLiteral("i-")), randomValue(QStringLiteral("k-")))),
                 ErrorCode::NameTaken);

    auto staging = store->create(key, QStringLiteral("Staging"), Mistral, fields());
    VERIFY_OK(staging);
    VERIFY_FAILS(store->update(key, staging->id, 1, QStringLiteral("pROD"), fields()), ErrorCode::NameTaken);
    {
        auto after = store->find(QStringLiteral("Staging"));
        VERIFY_OK(after);
        QCOMPARE(after->revision, qint64(1));
    }

    // A credential may change the case of its own name.
    auto recased = store->update(key, prod->id, 1, QStringLiteral("PROD"), fields());
    VERIFY_OK(recased);
    QCOMPARE(recased->name, QStringLiteral("PROD"));
    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 2);
    QVERIFY(byName(listed.value(), QStringLiteral("PROD")));
    QVERIFY(!byName(listed.value(), QStringLiteral("Prod")));

    // Unicode case folding, not lower-casing: final sigma folds to sigma, KELVIN SIGN to k.
    const QString sisyphusUpper = QString::fromUtf8("ΣΊΣΥΦΟΣ");
    const QString sisyphusLower = QString::fromUtf8("σίσυφος");
    QCOMPARE(sisyphusUpper.toCaseFolded(), sisyphusLower.toCaseFolded());
    QVERIFY(sisyphusUpper.toLower() != sisyphusLower.toLower());
    VERIFY_OK(store->create(key, sisyphusUpper, Mistral, fields()));
    VERIFY_FAILS(store->create(key, sisyphusLower, Mistral, fields()), ErrorCode::NameTaken);
    VERIFY_OK(store->create(key, QStringLiteral("kelvin"), Mistral, fields()));
    VERIFY_FAILS(store->create(key, QString(QChar(0x212A)) + QStringLiteral("ELVIN"), Mistral, fields()),
                 ErrorCode::NameTaken);
    // The other way round: a stored name outside ASCII that folds to a plain ASCII one, for a
    // new name, a rename and a lookup.
    const QString kelvinSign = QString(QChar(0x212A)) + QStringLiteral("elvin-2");
    auto kelvin2 = store->create(key, kelvinSign, Mistral, fields());
    VERIFY_OK(kelvin2);
    VERIFY_FAILS(store->create(key, QStringLiteral("KELVIN-2"), Mistral, fields()), ErrorCode::NameTaken);
    VERIFY_FAILS(store->update(key, staging->id, 1, QStringLiteral("kelvin-2"), fields()), ErrorCode::NameTaken);
    auto foundKelvin = store->find(QStringLiteral("Kelvin-2"));
    VERIFY_OK(foundKelvin);
    QCOMPARE(foundKelvin->id, kelvin2->id);
    QVERIFY(!store->find(QStringLiteral("kelvin-")).ok());
    VERIFY_OK(store->create(key, QString::fromUtf8("ärger"), Mistral, fields()));
    VERIFY_FAILS(store->create(key, QString::fromUtf8("ÄRGER"), Mistral, fields()), ErrorCode::NameTaken);
    // LONG S folds to s, and names with LIKE's own characters.
    VERIFY_OK(store->create(key, QString::fromUtf8("ſecret-ü"), Mistral, fields()));
    VERIFY_FAILS(store->create(key, QString::fromUtf8("SECRET-Ü"), Mistral, fields()), ErrorCode::NameTaken);
    VERIFY_OK(store->create(key, QString::fromUtf8("Ä\\x%_1"), Mistral, fields()));
    VERIFY_FAILS(store->create(key, QString::fromUtf8("ä\\X%_1"), Mistral, fields()), ErrorCode::NameTaken);
    VERIFY_OK(store->create(key, QString::fromUtf8("ä\\X%_2"), Mistral, fields()));
    VERIFY_OK(store->create(key, QString::fromUtf8("äyX%_1"), Mistral, fields()));

    // Listed by the folded name, whatever order the engine reads them in (its NOCASE puts
    // KELVIN SIGN and the sigmas after every ASCII name), then by case.
    auto all = store->list();
    VERIFY_OK(all);
    for (qsizetype i = 1; i < all->size(); ++i) {
        const QString& before = all->at(i - 1).name;
        const QString& after = all->at(i).name;
        const int folded = before.toCaseFolded().compare(after.toCaseFolded());
        QVERIFY2(folded < 0 || (folded == 0 && before < after),
                 qPrintable(QStringLiteral("\"%1\" is listed before \"%2\"").arg(before, after)));
    }
    QCOMPARE(all->at(0).name, QStringLiteral("kelvin"));
    QCOMPARE(all->at(1).name, kelvinSign);
    auto first = store->list(CredentialStore::ListOrder::NearlyByName, 3);
    VERIFY_OK(first);
    QCOMPARE(first->size(), 3);

    // QString::toCaseFolded is simple case folding: "ß" stays "ß", so "Straße" and "STRASSE"
    // are different names by the specified rule.
    const QString strasse = QString::fromUtf8("Straße");
    QVERIFY(strasse.toCaseFolded() != QStringLiteral("STRASSE").toCaseFolded());
    VERIFY_OK(store->create(key, strasse, Mistral, fields()));
    VERIFY_OK(store->create(key, QStringLiteral("STRASSE"), Mistral, fields()));
    VERIFY_FAILS(store->create(key, QString::fromUtf8("STRAẞE"), Mistral, fields()), ErrorCode::NameTaken);
    auto foundSharpS = store->find(QString::fromUtf8("straße"));
    VERIFY_OK(foundSharpS);
    QCOMPARE(foundSharpS->name, strasse);
    auto foundDoubleS = store->find(QStringLiteral("strasse"));
    VERIFY_OK(foundDoubleS);
    QCOMPARE(foundDoubleS->name, QStringLiteral("STRASSE"));
}

void TestCredentialStore::nameChecksUseIndexesOnSqlite()
{
    if (onPostgres())
        QSKIP("PostgreSQL stores have no name indexes: the name check reads the names of the same length.");
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    VERIFY_OK(store->create(key, QStringLiteral("Prod"), Mistral, mistralFields(randomValue(QStringLiteral("k-")))));

    // What the engine does for a name check: two index lookups, never a scan of the table.
    const auto plan = [&] {
        SqlConnection raw(storePath());
        QSqlQuery query(raw.db());
        if (!query.prepare(QStringLiteral("EXPLAIN QUERY PLAN ")
                           + SqlDialect::forLocation(storePath()).nameCandidatesQuery()))
            return QStringList { query.lastError().text() };
        for (const QVariant& value : SqlDialect::forLocation(storePath()).nameCandidatesValues(QStringLiteral("prod")))
            query.addBindValue(value);
        QStringList steps;
        if (!query.exec())
            return QStringList { query.lastError().text() };
        while (query.next())
            steps.append(query.value(3).toString());
        return steps;
    };
    const QString steps = plan().join(QLatin1Char('\n'));
    for (const char* index : { "credentials_name_nocase", "credentials_non_ascii_name" }) {
        const QRegularExpression search(
            QStringLiteral("SEARCH credentials USING (COVERING )?INDEX %1 ").arg(QLatin1String(index)));
        QVERIFY2(steps.contains(search), qPrintable(steps));
    }
    QVERIFY2(!steps.contains(QLatin1String("SCAN credentials")), qPrintable(steps));

    // A store without them (an older version's, another program's) still finds clashes, and
    // its next successful write with a name check creates them (a refused one rolls back).
    store.reset();
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.exec(QStringLiteral("DROP INDEX credentials_name_nocase")));
        QVERIFY(raw.exec(QStringLiteral("DROP INDEX credentials_non_ascii_name")));
    }
    store = openStore(storePath());
    QVERIFY(store);
    VERIFY_FAILS(store->create(key, QStringLiteral("PROD"), Mistral, mistralFields(randomValue(QStringLiteral("k-")))),
                 ErrorCode::NameTaken);
    VERIFY_OK(store->create(key, QStringLiteral("Staging"), Mistral, mistralFields(randomValue(QStringLiteral("k-")))));
    {
        SqlConnection raw(storePath());
        QCOMPARE(
            raw.column(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE "
                                      "'credentials_%' ORDER BY name")),
            QStringList({ QStringLiteral("credentials_name_nocase"), QStringLiteral("credentials_non_ascii_name") }));
    }
}

void TestCredentialStore::nameCandidatesIncludeEveryClash()
{
    // The engine narrows the names a writer folds and compares; it must never leave out one
    // that clashes. Random names over characters that fold into each other (K, k and KELVIN
    // SIGN; S, s and LONG S; the three sigmas; Ä and ä), LIKE's own characters and others.
    const QString alphabet = QString::fromUtf8("aAkK\u212AsS\u017F\u03A3\u03C3\u03C2\u00C4\u00E4%_\\ -1x");
    QRandomGenerator random(20261127);
    const auto randomName = [&] {
        QString name;
        const int length = 1 + int(random.bounded(4));
        for (int i = 0; i < length; ++i)
            name += alphabet.at(qsizetype(random.bounded(quint32(alphabet.size()))));
        return name;
    };
    auto store = openStore(storePath()); // the schema
    QVERIFY(store);
    const SqlDialect dialect = SqlDialect::forLocation(storePath());
    SqlConnection raw(storePath());
    for (const QString& statement : dialect.nameIndexStatements())
        QVERIFY2(raw.exec(statement), qPrintable(raw.lastError()));
    QHash<QString, QString> stored; // id -> name
    QSet<QString> names;
    while (stored.size() < 400) {
        const QString name = randomName();
        if (names.contains(name))
            continue;
        names.insert(name);
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QVERIFY2(raw.exec(QStringLiteral("INSERT INTO credentials (id, name, provider, payload, revision, created_at, "
                                         "updated_at) VALUES (?, ?, 'mistral', ?, 1, '', '')"),
                          { id, name, QByteArray(1, '\x01') }),
                 qPrintable(raw.lastError()));
        stored.insert(id, name);
    }
    int clashes = 0;
    for (int probe = 0; probe < 1000; ++probe) {
        const QString name = randomName();
        QSqlQuery query(raw.db());
        QVERIFY2(query.prepare(dialect.nameCandidatesQuery()), qPrintable(query.lastError().text()));
        for (const QVariant& value : dialect.nameCandidatesValues(name.toCaseFolded()))
            query.addBindValue(value);
        QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
        QSet<QString> candidates;
        while (query.next())
            candidates.insert(query.value(0).toString());
        for (auto it = stored.cbegin(); it != stored.cend(); ++it) {
            if (it.value().toCaseFolded() != name.toCaseFolded())
                continue;
            ++clashes;
            QVERIFY2(candidates.contains(it.key()),
                     qPrintable(QStringLiteral("\"%1\" clashes with the stored \"%2\", which the engine left out")
                                    .arg(name, it.value())));
        }
    }
    QVERIFY2(clashes > 100, "too few clashing probes to show anything");
}

void TestCredentialStore::findPrefersExactName()
{
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    auto prod = store->create(key, QStringLiteral("Prod"), Mistral, mistralFields(randomValue(QStringLiteral("k-"))));
    VERIFY_OK(prod);
    VERIFY_OK(
        store->create(key, QStringLiteral("Production"), Mistral, mistralFields(randomValue(QStringLiteral("k-")))));

    auto exact = store->find(QStringLiteral("Prod"));
    VERIFY_OK(exact);
    QCOMPARE(exact->id, prod->id);
    auto folded = store->find(QStringLiteral("pROD"));
    VERIFY_OK(folded);
    QCOMPARE(folded->id, prod->id);
    auto padded = store->find(QStringLiteral("  prod "));
    VERIFY_OK(padded);
    QCOMPARE(padded->id, prod->id);
    VERIFY_FAILS(store->find(QStringLiteral("Pro")), ErrorCode::NotFound);

    // A second row "prod" written by another program: the exact name wins over the folded one,
    // and a folded match that is no longer unique finds nothing.
    const QString otherId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        QVERIFY2(
            raw.exec(
                QStringLiteral(
                    "INSERT INTO credentials (id, name, provider, payload, revision, created_at, updated_at) "
                    "SELECT ?, 'prod', provider, payload, 1, created_at, updated_at FROM credentials WHERE id = ?"),
                { otherId, prod->id }),
            qPrintable(raw.lastError()));
    }
    auto exactLower = store->find(QStringLiteral("prod"));
    VERIFY_OK(exactLower);
    QCOMPARE(exactLower->id, otherId);
    auto exactUpper = store->find(QStringLiteral("Prod"));
    VERIFY_OK(exactUpper);
    QCOMPARE(exactUpper->id, prod->id);
    VERIFY_FAILS(store->find(QStringLiteral("PROD")), ErrorCode::NotFound);
}

void TestCredentialStore::validationThroughTheStore()
{
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    const QString apiKey = randomValue(QStringLiteral("key-"));
    const QString instance = randomValue(QStringLiteral("inst-"));

    VERIFY_FAILS(store->create(key, QString(), Mistral, mistralFields(apiKey)), ErrorCode::Validation);
    VERIFY_FAILS(store->create(key, QStringLiteral(" \t "), Mistral, mistralFields(apiKey)), ErrorCode::Validation);
    auto tooLong = store->create(key, QString(201, QLatin1Char('n')), Mistral, mistralFields(apiKey));
    VERIFY_FAILS(tooLong, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(tooLong, QStringLiteral("Name"));
    VERIFY_FAILS(store->create(key, QStringLiteral("line\nbreak"), Mistral, mistralFields(apiKey)),
                 ErrorCode::Validation);
    VERIFY_FAILS(store->create(key, QStringLiteral("bell") + QChar(0x07), Mistral, mistralFields(apiKey)),
                 ErrorCode::Validation);
    auto unknownProvider
        = store->create(key, QStringLiteral("Other"), QStringLiteral("no-such-provider"), mistralFields(apiKey));
    VERIFY_FAILS(unknownProvider, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(unknownProvider, QStringLiteral("no-such-provider"));

    FieldValues unknownKey = mistralFields(apiKey);
    unknownKey.insert(QStringLiteral("colour"), QStringLiteral("blue"));
    auto unknownField = store->create(key, QStringLiteral("Other"), Mistral, unknownKey);
    VERIFY_FAILS(unknownField, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(unknownField, QStringLiteral("colour"));

    FieldValues missingInstance = azureFields(instance, apiKey);
    missingInstance.remove(QStringLiteral("instance_name"));
    auto missing = store->create(key, QStringLiteral("Azure"), AzureOpenAi, missingInstance);
    VERIFY_FAILS(missing, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(missing, QStringLiteral("Instance Name"));

    FieldValues blankDeployment = embeddingsFields(instance, QStringLiteral("   "), apiKey);
    auto blank = store->create(key, QStringLiteral("Embed"), Embeddings, blankDeployment);
    VERIFY_FAILS(blank, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(blank, QStringLiteral("Embeddings Deployment Name"));

    FieldValues plainHttp = azureFields(instance, apiKey);
    plainHttp.insert(QStringLiteral("endpoint"), QStringLiteral("http://example.com"));
    auto http = store->create(key, QStringLiteral("Azure"), AzureOpenAi, plainHttp);
    VERIFY_FAILS(http, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(http, QStringLiteral("API Endpoint"));

    FieldValues badVersion = embeddingsFields(instance, QStringLiteral("dep"), apiKey);
    badVersion.insert(QStringLiteral("api_version"), QStringLiteral("May 2023"));
    auto version = store->create(key, QStringLiteral("Embed"), Embeddings, badVersion);
    VERIFY_FAILS(version, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(version, QStringLiteral("Embeddings API Version"));

    // Nothing was stored, and no refused call bound the store to a key.
    {
        auto listed = store->list();
        VERIFY_OK(listed);
        QVERIFY(listed->isEmpty());
        auto keyId = store->keyId();
        VERIFY_OK(keyId);
        QVERIFY2(keyId->isEmpty(), "a refused create bound the store to its key");
    }

    // 200 characters is fine; surrounding white space is trimmed.
    VERIFY_OK(store->create(key, QString(200, QLatin1Char('n')), Mistral, mistralFields(apiKey)));
    auto trimmed = store->create(key, QStringLiteral("  Trimmed name \t"), Mistral, mistralFields(apiKey));
    VERIFY_OK(trimmed);
    QCOMPARE(trimmed->name, QStringLiteral("Trimmed name"));
    auto found = store->find(QStringLiteral("Trimmed name"));
    VERIFY_OK(found);
    QCOMPARE(found->id, trimmed->id);

    // The default API version is stored; an empty optional endpoint is left out.
    FieldValues embeddings = embeddingsFields(instance, QStringLiteral("text-embedding-3-small"), apiKey);
    embeddings.insert(QStringLiteral("endpoint"), QString());
    auto embed = store->create(key, QStringLiteral("Embeddings"), Embeddings, embeddings);
    VERIFY_OK(embed);
    {
        auto read = store->read(key, embed->id);
        VERIFY_OK(read);
        QCOMPARE(read->fields.value(QStringLiteral("api_version")), QStringLiteral("2023-05-15"));
        QVERIFY2(!read->fields.contains(QStringLiteral("endpoint")), "an empty optional endpoint was stored");
        QCOMPARE(read->fields.keys(),
                 QStringList({ QStringLiteral("api_key"), QStringLiteral("api_version"),
                               QStringLiteral("deployment_name"), QStringLiteral("instance_name") }));
    }
    FieldValues blankEndpoint = mistralFields(apiKey);
    blankEndpoint.insert(QStringLiteral("endpoint"), QStringLiteral("   "));
    auto mistral = store->create(key, QStringLiteral("Mistral blank endpoint"), Mistral, blankEndpoint);
    VERIFY_OK(mistral);
    {
        auto read = store->read(key, mistral->id);
        VERIFY_OK(read);
        QCOMPARE(read->fields.keys(), QStringList({ QStringLiteral("api_key") }));
    }

    // Updates go through the same rules and change nothing when refused.
    FieldValues noKey;
    auto updateMissing = store->update(key, mistral->id, 1, QStringLiteral("Mistral blank endpoint"), noKey);
    VERIFY_FAILS(updateMissing, ErrorCode::Validation);
    VERIFY_MESSAGE_HAS(updateMissing, QStringLiteral("API Key"));
    VERIFY_FAILS(store->update(key, mistral->id, 1, QStringLiteral("   "), mistralFields(apiKey)),
                 ErrorCode::Validation);
    FieldValues updateUnknown = mistralFields(apiKey);
    updateUnknown.insert(QStringLiteral("instance_name"), instance);
    VERIFY_FAILS(store->update(key, mistral->id, 1, QStringLiteral("Mistral blank endpoint"), updateUnknown),
                 ErrorCode::Validation);
    auto after = store->read(key, mistral->id);
    VERIFY_OK(after);
    QCOMPARE(after->summary.revision, qint64(1));
    QVERIFY(after->fields.value(QStringLiteral("api_key")) == apiKey);
}

void TestCredentialStore::defaultEmbeddings()
{
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    const auto embeddings = [] {
        return embeddingsFields(randomValue(QStringLiteral("inst-")), QStringLiteral("text-embedding-3-small"),
                                randomValue(QStringLiteral("key-")));
    };
    const auto currentDefault = [&]() -> QString {
        auto listed = store->list();
        return listed ? defaultEmbeddingsId(listed.value()) : QStringLiteral("(list failed)");
    };

    // Other providers never become the default.
    auto mistral
        = store->create(key, QStringLiteral("Mistral"), Mistral, mistralFields(randomValue(QStringLiteral("k-"))));
    VERIFY_OK(mistral);
    QVERIFY(!mistral->defaultEmbeddings);
    QCOMPARE(currentDefault(), QString());

    nextMillisecond();
    auto first = store->create(key, QStringLiteral("Embeddings one"), Embeddings, embeddings());
    VERIFY_OK(first);
    QVERIFY(first->defaultEmbeddings);
    QCOMPARE(currentDefault(), first->id);
    {
        auto read = store->read(key, first->id);
        VERIFY_OK(read);
        QVERIFY(read->summary.defaultEmbeddings);
    }

    nextMillisecond();
    auto second = store->create(key, QStringLiteral("Embeddings two"), Embeddings, embeddings());
    VERIFY_OK(second);
    QVERIFY(second->defaultEmbeddings);
    QCOMPARE(currentDefault(), second->id);
    {
        auto read = store->read(key, first->id);
        VERIFY_OK(read);
        QVERIFY(!read->summary.defaultEmbeddings);
    }

    nextMillisecond();
    auto third = store->create(key, QStringLiteral("Embeddings three"), Embeddings, embeddings());
    VERIFY_OK(third);
    QCOMPARE(currentDefault(), third->id);

    // Saving the first again makes it the default again.
    nextMillisecond();
    auto firstSaved = store->update(key, first->id, 1, QStringLiteral("Embeddings one"), embeddings());
    VERIFY_OK(firstSaved);
    QVERIFY(firstSaved->defaultEmbeddings);
    QCOMPARE(currentDefault(), first->id);

    // Saving a non-embeddings credential leaves the default alone.
    nextMillisecond();
    VERIFY_OK(store->update(key, mistral->id, 1, QStringLiteral("Mistral"),
                            mistralFields(randomValue(QStringLiteral("k-")))));
    QCOMPARE(currentDefault(), first->id);

    // Most recently updated now: second, then first, then third (the most recently created).
    nextMillisecond();
    VERIFY_OK(store->update(key, second->id, 1, QStringLiteral("Embeddings two"), embeddings()));
    QCOMPARE(currentDefault(), second->id);

    // Deleting a credential that is not the default keeps the default.
    auto mistralNow = store->find(QStringLiteral("Mistral"));
    VERIFY_OK(mistralNow);
    VERIFY_OK(store->remove(key, mistral->id, mistralNow->revision));
    QCOMPARE(currentDefault(), second->id);

    // Deleting the default falls back to the most recently updated remaining one.
    VERIFY_OK(store->remove(key, second->id, 2));
    QCOMPARE(currentDefault(), first->id);
    {
        auto read = store->read(key, first->id);
        VERIFY_OK(read);
        QVERIFY(read->summary.defaultEmbeddings);
    }
    VERIFY_OK(store->remove(key, first->id, 2));
    QCOMPARE(currentDefault(), third->id);

    // The choice is stored, not computed by this object.
    store.reset();
    store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(currentDefault(), third->id);

    VERIFY_OK(store->remove(key, third->id, 1));
    QCOMPARE(currentDefault(), QString());
    auto other = store->create(key, QStringLiteral("Azure"), AzureOpenAi,
                               azureFields(randomValue(QStringLiteral("inst-")), randomValue(QStringLiteral("k-"))));
    VERIFY_OK(other);
    QVERIFY(!other->defaultEmbeddings);
    QCOMPARE(currentDefault(), QString());
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        const QVariant stored = raw.scalar(QStringLiteral("SELECT value FROM settings WHERE key = ?"),
                                           { QStringLiteral("default_embeddings_credential_id") });
        QVERIFY2(stored.isNull() || stored.toString().isEmpty(), qPrintable(stored.toString()));
    }
}

void TestCredentialStore::auditLogNamesKeysNeverValues()
{
    const MasterKey key = MasterKey::generate();
    QStringList values;
    const auto value = [&values](const QString& prefix) {
        values.append(randomValue(prefix));
        return values.last();
    };
    auto store = openStore(storePath());
    QVERIFY(store);

    const QString instance = value(QStringLiteral("inst-"));
    auto azure = store->create(key, QStringLiteral("Azure"), AzureOpenAi,
                               azureFields(instance, value(QStringLiteral("key-"))));
    VERIFY_OK(azure);
    values.append(azureFields(instance, QString()).value(QStringLiteral("endpoint")));
    const QString deployment = value(QStringLiteral("deploy-"));
    auto embed
        = store->create(key, QStringLiteral("Embed"), Embeddings,
                        embeddingsFields(value(QStringLiteral("einst-")), deployment, value(QStringLiteral("ekey-"))));
    VERIFY_OK(embed);

    // Only the API key changes.
    const QString newKey = value(QStringLiteral("key-"));
    VERIFY_OK(store->update(key, azure->id, 1, QStringLiteral("Azure"), azureFields(instance, newKey)));
    // Only the name changes.
    VERIFY_OK(store->update(key, azure->id, 2, QStringLiteral("Azure renamed"), azureFields(instance, newKey)));
    // Name and deployment change together.
    auto read = store->read(key, embed->id);
    VERIFY_OK(read);
    FieldValues embedChanged = read->fields;
    embedChanged.insert(QStringLiteral("deployment_name"), value(QStringLiteral("deploy-")));
    VERIFY_OK(store->update(key, embed->id, 1, QStringLiteral("Embed renamed"), embedChanged));
    VERIFY_OK(store->remove(key, azure->id, 3));

    auto log = store->auditLog();
    VERIFY_OK(log);
    QStringList summary;
    for (const AuditEntry& entry : log.value()) {
        summary.append(QStringLiteral("%1 %2 %3 [%4]")
                           .arg(entry.action, entry.credentialName,
                                entry.credentialId == azure->id       ? QStringLiteral("azure")
                                    : entry.credentialId == embed->id ? QStringLiteral("embed")
                                                                      : QStringLiteral("?"),
                                entry.fields.join(QLatin1Char(','))));
        QVERIFY2(!entry.actor.isEmpty(), "an audit row has no actor");
        QVERIFY(entry.at.isValid());
        QVERIFY(qAbs(entry.at.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }
    const QStringList expected = {
        QStringLiteral("create Azure azure [api_key,endpoint,instance_name]"),
        QStringLiteral("create Embed embed [api_key,api_version,deployment_name,instance_name]"),
        QStringLiteral("update Azure azure [api_key]"),
        QStringLiteral("rename Azure renamed azure []"),
        QStringLiteral("rename Embed renamed embed []"),
        QStringLiteral("update Embed renamed embed [deployment_name]"),
        QStringLiteral("delete Azure renamed azure []"),
    };
    // The order of a combined rename and field change is not specified; the rows are.
    QStringList sortedSummary = summary;
    QStringList sortedExpected = expected;
    sortedSummary.sort();
    sortedExpected.sort();
    QCOMPARE(sortedSummary, sortedExpected);
    QCOMPARE(summary.first(), expected.first());
    QCOMPARE(summary.last(), expected.last());

    // Every column of every row, as another program reads them: no value, old or new.
    store.reset();
    SqlConnection raw(storePath());
    QVERIFY(raw.isOpen());
    QSqlQuery query(raw.db());
    QVERIFY(query.exec(QStringLiteral("SELECT * FROM audit_log")));
    int rows = 0;
    while (query.next()) {
        ++rows;
        const QSqlRecord record = query.record();
        QCOMPARE(record.count(), 7);
        for (int column = 0; column < record.count(); ++column) {
            const QString text = query.value(column).toString();
            const QByteArray bytes = query.value(column).toByteArray();
            for (const QString& secret : std::as_const(values)) {
                QVERIFY2(!text.contains(secret) && !containsText(bytes, secret),
                         qPrintable(QStringLiteral("audit_log.%1 holds a field value").arg(record.fieldName(column))));
            }
        }
        QVERIFY(!query.value(QStringLiteral("actor")).toString().isEmpty());
    }
    QCOMPARE(rows, expected.size());
    query.finish();
    QCOMPARE(raw.scalar(QStringLiteral("SELECT fields FROM audit_log WHERE action = 'create' AND credential_id = ?"),
                        { azure->id })
                 .toString(),
             QStringLiteral("[\"api_key\",\"endpoint\",\"instance_name\"]"));
}

void TestCredentialStore::keyBinding()
{
    const MasterKey key = MasterKey::generate();
    const MasterKey other = MasterKey::generate();
    QVERIFY(key.keyId() != other.keyId());
    const QString apiKey = randomValue(QStringLiteral("key-"));
    QString id;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        auto fresh = store->keyId();
        VERIFY_OK(fresh);
        QVERIFY2(fresh->isEmpty(), "a fresh store is already bound to a key");
        auto created = store->create(key, QStringLiteral("Mistral"), Mistral, mistralFields(apiKey));
        VERIFY_OK(created);
        id = created->id;
        auto bound = store->keyId();
        VERIFY_OK(bound);
        QCOMPARE(bound.value(), key.keyId());
    }
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        auto bound = store->keyId();
        VERIFY_OK(bound);
        QCOMPARE(bound.value(), key.keyId());
    }

    const FieldValues replacement = mistralFields(randomValue(QStringLiteral("key-")));
    QByteArray problem = refusedWithoutChange(storePath(), ErrorCode::KeyWrong, [&](CredentialStore& store) {
        return store.create(other, QStringLiteral("Another"), Mistral, replacement);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = refusedWithoutChange(storePath(), ErrorCode::KeyWrong, [&](CredentialStore& store) {
        return store.update(other, id, 1, QStringLiteral("Mistral"), replacement);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = refusedWithoutChange(storePath(), ErrorCode::KeyWrong,
                                   [&](CredentialStore& store) { return store.remove(other, id, 1); });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = refusedWithoutChange(storePath(), ErrorCode::KeyWrong,
                                   [&](CredentialStore& store) { return store.read(other, id); });
    QVERIFY2(problem.isEmpty(), problem.constData());

    // The right key still works and sees the original value.
    auto store = openStore(storePath());
    QVERIFY(store);
    auto read = store->read(key, id);
    VERIFY_OK(read);
    QVERIFY(read->fields.value(QStringLiteral("api_key")) == apiKey);
    QCOMPARE(read->summary.revision, qint64(1));
    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);
}

void TestCredentialStore::importReplacingTheDefaultFallsBack()
{
    // Replacing the default embeddings credential by one of another provider through an
    // import leaves the default on the remaining embeddings credential, as a delete would.
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    auto older = store->create(key, QStringLiteral("Older"), Embeddings,
                               embeddingsFields(QStringLiteral("a"), QStringLiteral("d"), QStringLiteral("k1")));
    VERIFY_OK(older);
    nextMillisecond();
    auto current = store->create(key, QStringLiteral("Current"), Embeddings,
                                 embeddingsFields(QStringLiteral("b"), QStringLiteral("d"), QStringLiteral("k2")));
    VERIFY_OK(current);
    QVERIFY(current->defaultEmbeddings);

    Credential incoming;
    incoming.summary.name = QStringLiteral("current");
    incoming.summary.provider = Mistral;
    incoming.summary.createdAt = incoming.summary.updatedAt = QDateTime::currentDateTimeUtc();
    incoming.fields = mistralFields(QStringLiteral("k3"));
    auto imported = store->importAll(key, { incoming }, CredentialStore::ConflictPolicy::Replace);
    VERIFY_OK(imported);
    QCOMPARE(imported->replaced, 1);

    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(defaultEmbeddingsId(listed.value()), older->id);
}

void TestCredentialStore::creationWithAKeyBindsItAtOnce()
{
    const MasterKey key = MasterKey::generate();
    CredentialStore::Options options;
    options.key = &key;
    {
        auto store = openStore(storePath(), options);
        QVERIFY(store);
        auto bound = store->keyId();
        VERIFY_OK(bound);
        QCOMPARE(bound.value(), key.keyId());
    }
    // Reopening an existing store with another key does not rebind it.
    const MasterKey other = MasterKey::generate();
    options.key = &other;
    auto store = openStore(storePath(), options);
    QVERIFY(store);
    auto bound = store->keyId();
    VERIFY_OK(bound);
    QCOMPARE(bound.value(), key.keyId());
    auto refused = store->create(other, QStringLiteral("Mistral"), Mistral, mistralFields(QStringLiteral("k")));
    QVERIFY2(failsWith(refused, ErrorCode::KeyWrong), expectation(refused, ErrorCode::KeyWrong).constData());
}

void TestCredentialStore::emptyFileIsNoStoreUntilCreated()
{
    if (onPostgres()) {
        // An empty database is no store either: opening an existing store there is refused and
        // adds nothing; a command that writes creates the store in it.
        CredentialStore::Options existing;
        existing.mode = CredentialStore::OpenMode::OpenExisting;
        auto opened = CredentialStore::open(storePath(), existing);
        QVERIFY2(failsWith(opened, ErrorCode::NotFound), expectation(opened, ErrorCode::NotFound).constData());
        QCOMPARE(SqlConnection(storePath()).tables(), QStringList());
        auto store = openStore(storePath());
        QVERIFY(store);
        QCOMPARE(SqlConnection(storePath()).tables(),
                 QStringList({ QStringLiteral("audit_log"), QStringLiteral("credentials"), QStringLiteral("meta"),
                               QStringLiteral("settings") }));
        return;
    }
    {
        QFile file(storePath());
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QVERIFY(QFile::setPermissions(storePath(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                      | QFileDevice::ReadOther));
    const Snapshot before = snapshotOf(storePath());
    CredentialStore::Options existing;
    existing.mode = CredentialStore::OpenMode::OpenExisting;
    auto opened = CredentialStore::open(storePath(), existing);
    QVERIFY2(failsWith(opened, ErrorCode::NotFound), expectation(opened, ErrorCode::NotFound).constData());
    const Snapshot after = snapshotOf(storePath());
    QVERIFY2(before == after, QByteArray("changed: " + snapshotDifference(before, after)).constData());

    // Creating the store in it makes the file private.
    auto store = openStore(storePath());
    QVERIFY(store);
    QCOMPARE(permissionBits(storePath()) & 0777, 0600);
}

void TestCredentialStore::refusedCallsLeaveFilesUnchanged()
{
    const MasterKey key = MasterKey::generate();
    QString prodId;
    QString stagingId;
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        auto prod
            = store->create(key, QStringLiteral("Prod"), Mistral, mistralFields(randomValue(QStringLiteral("k-"))));
        VERIFY_OK(prod);
        prodId = prod->id;
        VERIFY_OK(
            store->update(key, prodId, 1, QStringLiteral("Prod"), mistralFields(randomValue(QStringLiteral("k-")))));
        auto staging
            = store->create(key, QStringLiteral("Staging"), Mistral, mistralFields(randomValue(QStringLiteral("k-"))));
        VERIFY_OK(staging);
        stagingId = staging->id;
    }
    const FieldValues fields = mistralFields(randomValue(QStringLiteral("k-")));

    // Opening and closing alone writes nothing.
    {
        const Snapshot before = storeSnapshot(storePath());
        auto store = openStore(storePath());
        QVERIFY(store);
        VERIFY_OK(store->list());
        store.reset();
        const Snapshot after = storeSnapshot(storePath());
        QVERIFY2(before == after,
                 QByteArray("open/list/close changed: " + snapshotDifference(before, after)).constData());
    }

    const auto check = [&](ErrorCode code, auto call) { return refusedWithoutChange(storePath(), code, call); };
    QByteArray problem = check(ErrorCode::Validation, [&](CredentialStore& store) {
        return store.create(key, QStringLiteral("  "), Mistral, fields);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::Validation, [&](CredentialStore& store) {
        return store.create(key, QStringLiteral("New"), Mistral, FieldValues());
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::Validation, [&](CredentialStore& store) {
        return store.update(key, prodId, 2, QStringLiteral("Prod"), FieldValues());
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::Conflict, [&](CredentialStore& store) {
        return store.update(key, prodId, 1, QStringLiteral("Prod"), fields);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::Conflict, [&](CredentialStore& store) { return store.remove(key, prodId, 1); });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::NameTaken, [&](CredentialStore& store) {
        return store.create(key, QStringLiteral("STAGING"), Mistral, fields);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::NameTaken, [&](CredentialStore& store) {
        return store.update(key, prodId, 2, QStringLiteral("staging"), fields);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());
    problem = check(ErrorCode::NotFound, [&](CredentialStore& store) {
        return store.update(key, QUuid::createUuid().toString(QUuid::WithoutBraces), 1, QStringLiteral("Prod"), fields);
    });
    QVERIFY2(problem.isEmpty(), problem.constData());

    // The comparison does see a write: an accepted call changes the store.
    const Snapshot before = storeSnapshot(storePath());
    {
        auto store = openStore(storePath());
        QVERIFY(store);
        VERIFY_OK(store->update(key, prodId, 2, QStringLiteral("Prod"), fields));
    }
    QVERIFY(storeSnapshot(storePath()) != before);
}

void TestCredentialStore::fileModes()
{
    if (onPostgres())
        QSKIP("File modes: a PostgreSQL store has no files of its own.");
#ifndef Q_OS_UNIX
    QSKIP("POSIX file modes");
#else
    const QString folder = m_stores.filePath(QStringLiteral("credential-manager"));
    const QString path = folder + QStringLiteral("/credentials.sqlite");
    QVERIFY(!QFileInfo::exists(folder));
    auto store = openStore(path);
    QVERIFY(store);
    QCOMPARE(modeOf(folder), QStringLiteral("700"));
    QCOMPARE(modeOf(path), QStringLiteral("600"));
    VERIFY_OK(store->create(MasterKey::generate(), QStringLiteral("Mistral"), Mistral,
                            mistralFields(randomValue(QStringLiteral("k-")))));
    for (const QString& suffix : { QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        const int mode = permissionBits(path + suffix);
        QVERIFY2(mode >= 0, qPrintable(suffix + QStringLiteral(" does not exist while the store is open")));
        QVERIFY2((mode & 077) == 0, qPrintable(suffix + QStringLiteral(" has mode ") + QString::number(mode, 8)));
    }
    store.reset();
    QCOMPARE(modeOf(path), QStringLiteral("600"));
    QCOMPARE(modeOf(folder), QStringLiteral("700"));

    // An existing folder is used as it is; the new file is still private.
    const QString second = m_stores.filePath(QStringLiteral("second.sqlite"));
    store = openStore(second);
    QVERIFY(store);
    QCOMPARE(modeOf(second), QStringLiteral("600"));
#endif
}

void TestCredentialStore::nestedFolderIsPrivate()
{
    if (onPostgres())
        QSKIP("The store's folder: a PostgreSQL store has no files of its own.");
#ifndef Q_OS_UNIX
    QSKIP("POSIX file modes");
#else
    // Neither the store's folder nor its parent exist yet (a first run on a fresh account).
    const QString parent = m_stores.filePath(QStringLiteral("share"));
    const QString folder = parent + QStringLiteral("/credential-manager");
    const QString path = folder + QStringLiteral("/credentials.sqlite");
    QVERIFY(!QFileInfo::exists(parent));
    {
        auto store = openStore(path);
        QVERIFY(store);
        VERIFY_OK(store->create(MasterKey::generate(), QStringLiteral("Mistral"), Mistral,
                                mistralFields(randomValue(QStringLiteral("k-")))));
    }
    QVERIFY(QFileInfo(path).isFile());
    QCOMPARE(modeOf(path), QStringLiteral("600"));
    // The store's folder is private, and holds nothing but the store's files.
    const QString folderMode = modeOf(folder);
    const QStringList entries = QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    QVERIFY2(folderMode == QStringLiteral("700") && entries == QStringList({ QStringLiteral("credentials.sqlite") }),
             qPrintable(QStringLiteral("store folder has mode %1 and holds: %2")
                            .arg(folderMode, entries.join(QStringLiteral(", ")))));
#endif
}

void TestCredentialStore::secretsNeverInFiles()
{
    const MasterKey key = MasterKey::generate();
    QStringList secrets;
    const auto secret = [&secrets](const QString& prefix) {
        secrets.append(randomValue(prefix));
        return secrets.last();
    };
    auto store = openStore(storePath());
    QVERIFY(store);
    const QString instance = secret(QStringLiteral("inst-"));
    auto azure = store->create(key, QStringLiteral("Azure"), AzureOpenAi,
                               azureFields(instance, secret(QStringLiteral("sk-"))));
    VERIFY_OK(azure);
    VERIFY_OK(store->create(key, QStringLiteral("Embed"), Embeddings,
                            embeddingsFields(secret(QStringLiteral("einst-")), secret(QStringLiteral("dep-")),
                                             secret(QStringLiteral("ek-")))));
    VERIFY_OK(store->create(key, QStringLiteral("Mistral"), Mistral, mistralFields(secret(QStringLiteral("mk-")))));
    // A replaced and a deleted value must not linger either.
    VERIFY_OK(store->update(key, azure->id, 1, QStringLiteral("Azure"),
                            azureFields(instance, secret(QStringLiteral("sk2-")))));
    auto gone = store->create(key, QStringLiteral("Gone"), Mistral, mistralFields(secret(QStringLiteral("gone-"))));
    VERIFY_OK(gone);
    VERIFY_OK(store->remove(key, gone->id, 1));
    // Reading decrypts into memory only.
    VERIFY_OK(store->read(key, azure->id));

    if (onPostgres()) {
        // Every column of every table, as another program reads them (text as UTF-8, bytea as bytes).
        const auto checkTables = [&]() -> QByteArray {
            const Snapshot tables = SqlConnection(storePath()).contents();
            if (!tables.contains(QStringLiteral("credentials")))
                return "the credentials table is missing";
            for (auto it = tables.cbegin(); it != tables.cend(); ++it) {
                for (const QString& value : std::as_const(secrets)) {
                    if (containsText(it.value(), value))
                        return QByteArray("the table " + it.key().toUtf8() + " holds a stored secret in plain text");
                }
            }
            return {};
        };
        QByteArray problem = checkTables();
        QVERIFY2(problem.isEmpty(), problem.constData());
        store.reset();
        problem = checkTables();
        QVERIFY2(problem.isEmpty(), problem.constData());
        // The check can fail: the names, which are not secret, are in the tables.
        QVERIFY(containsText(SqlConnection(storePath()).contents().value(QStringLiteral("credentials")),
                             QStringLiteral("Mistral")));
        return;
    }
    const auto checkFiles = [&](bool open) -> QByteArray {
        const Snapshot files = snapshotOf(storePath());
        if (!files.contains(QStringLiteral("credentials.sqlite")))
            return "the database file is missing";
        if (open && !files.contains(QStringLiteral("credentials.sqlite-wal")))
            return "no -wal file while the store is open";
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            for (const QString& value : std::as_const(secrets)) {
                if (containsText(it.value(), value))
                    return QByteArray(it.key().toUtf8() + " holds a stored secret in plain text");
            }
        }
        return {};
    };
    QByteArray problem = checkFiles(true);
    QVERIFY2(problem.isEmpty(), problem.constData());
    store.reset();
    problem = checkFiles(false);
    QVERIFY2(problem.isEmpty(), problem.constData());

    // The check can fail: the names, which are not secret, are in the file.
    QVERIFY(
        containsText(snapshotOf(storePath()).value(QStringLiteral("credentials.sqlite")), QStringLiteral("Mistral")));
}

void TestCredentialStore::schema()
{
    const MasterKey key = MasterKey::generate();
    auto store = openStore(storePath());
    QVERIFY(store);
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        const QMap<QString, QString> meta = raw.meta();
        QCOMPARE(meta.value(QStringLiteral("schema_version")), QStringLiteral("1"));
        QCOMPARE(meta.value(QStringLiteral("format")), QStringLiteral("xchacha20poly1305-v1"));
        QVERIFY2(isUuidWithoutBraces(meta.value(QStringLiteral("store_id"))),
                 qPrintable(meta.value(QStringLiteral("store_id"))));
        QCOMPARE(meta.value(QStringLiteral("store_id")), store->storeId());
        QVERIFY2(meta.value(QStringLiteral("key_id")).isEmpty(), "key_id is set before anything was written");
    }
    auto created
        = store->create(key, QStringLiteral("Mistral"), Mistral, mistralFields(randomValue(QStringLiteral("k-"))));
    VERIFY_OK(created);

    SqlConnection raw(storePath());
    QVERIFY(raw.isOpen());
    const QMap<QString, QString> meta = raw.meta();
    QCOMPARE(meta.value(QStringLiteral("key_id")), key.keyId());
    QCOMPARE(meta.value(QStringLiteral("schema_version")), QStringLiteral("1"));
    QCOMPARE(meta.keys(),
             QStringList({ QStringLiteral("format"), QStringLiteral("key_id"), QStringLiteral("schema_version"),
                           QStringLiteral("store_id") }));

    // SPEC 5: PostgreSQL stores the payload as BYTEA and numbers the audit log with BIGSERIAL.
    const QString binary = onPostgres() ? QStringLiteral("BYTEA") : QStringLiteral("BLOB");
    const QString serial = onPostgres() ? QStringLiteral("BIGINT") : QStringLiteral("INTEGER");
    QCOMPARE(raw.tables(),
             QStringList({ QStringLiteral("audit_log"), QStringLiteral("credentials"), QStringLiteral("meta"),
                           QStringLiteral("settings") }));
    QCOMPARE(raw.columns(QStringLiteral("meta")),
             QStringList({ QStringLiteral("key TEXT 0 1"), QStringLiteral("value TEXT 1 0") }));
    QCOMPARE(raw.columns(QStringLiteral("credentials")),
             QStringList({ QStringLiteral("id TEXT 0 1"), QStringLiteral("name TEXT 1 0"),
                           QStringLiteral("provider TEXT 1 0"), QStringLiteral("payload %1 1 0").arg(binary),
                           QStringLiteral("revision INTEGER 1 0"), QStringLiteral("created_at TEXT 1 0"),
                           QStringLiteral("updated_at TEXT 1 0") }));
    QCOMPARE(raw.columns(QStringLiteral("settings")),
             QStringList({ QStringLiteral("key TEXT 0 1"), QStringLiteral("value TEXT 0 0") }));
    QCOMPARE(raw.columns(QStringLiteral("audit_log")),
             QStringList({ QStringLiteral("id %1 0 1").arg(serial), QStringLiteral("at TEXT 1 0"),
                           QStringLiteral("actor TEXT 1 0"), QStringLiteral("action TEXT 1 0"),
                           QStringLiteral("credential_id TEXT 0 0"), QStringLiteral("credential_name TEXT 0 0"),
                           QStringLiteral("fields TEXT 0 0") }));
    if (onPostgres()) {
        // BIGSERIAL: the id comes from a sequence of the column's own.
        const QString sequence
            = raw.scalar(QStringLiteral("SELECT pg_get_serial_sequence('audit_log', 'id')")).toString();
        QVERIFY2(!sequence.isEmpty(), "audit_log.id has no sequence of its own");
        const QString columnDefault
            = raw.scalar(QStringLiteral("SELECT column_default FROM information_schema.columns WHERE table_schema = "
                                        "current_schema() AND table_name = 'audit_log' AND column_name = 'id'"))
                  .toString();
        QVERIFY2(columnDefault.startsWith(QLatin1String("nextval(")), qPrintable(columnDefault));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT data_type FROM information_schema.sequences WHERE "
                                           "sequence_schema || '.' || sequence_name = ?"),
                            { sequence })
                     .toString(),
                 QStringLiteral("bigint"));
    } else {
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString().toLower(), QStringLiteral("wal"));
    }

    // The row as another program sees it.
    QSqlQuery query(raw.db());
    query.prepare(
        QStringLiteral("SELECT id, name, provider, revision, created_at, updated_at, %1, "
                       "length(payload) FROM credentials")
            .arg(onPostgres() ? QStringLiteral("pg_typeof(payload)::text") : QStringLiteral("typeof(payload)")));
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), created->id);
    QVERIFY(isUuidWithoutBraces(query.value(0).toString()));
    QCOMPARE(query.value(1).toString(), QStringLiteral("Mistral"));
    QCOMPARE(query.value(2).toString(), Mistral);
    QCOMPARE(query.value(3).toLongLong(), qint64(1));
    static const QRegularExpression isoUtc(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$"));
    QVERIFY2(isoUtc.match(query.value(4).toString()).hasMatch(), qPrintable(query.value(4).toString()));
    QVERIFY2(isoUtc.match(query.value(5).toString()).hasMatch(), qPrintable(query.value(5).toString()));
    QCOMPARE(query.value(6).toString(), binary.toLower());
    QVERIFY(query.value(7).toInt() > 1 + 24 + 16);
    QVERIFY(!query.next());
}

void TestCredentialStore::corruptAndForeignFiles()
{
    // Random bytes (a file only: a PostgreSQL server checks its own pages).
    if (!onPostgres()) {
        const QString path = m_stores.filePath(QStringLiteral("random.sqlite"));
        QByteArray noise(8192, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(noise.data()), noise.size() / 4);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(noise);
        file.close();
        const Snapshot before = snapshotOf(path);
        auto opened = CredentialStore::open(path);
        VERIFY_FAILS(opened, ErrorCode::Corrupt);
        const Snapshot after = snapshotOf(path);
        QVERIFY2(before == after, QByteArray("changed: " + snapshotDifference(before, after)).constData());
        // OpenExisting says the same.
        CredentialStore::Options existing;
        existing.mode = CredentialStore::OpenMode::OpenExisting;
        VERIFY_FAILS(CredentialStore::open(path, existing), ErrorCode::Corrupt);
    }

    // Another program's database.
    {
        const QString path = freshStore(QStringLiteral("foreign.sqlite"));
        QVERIFY(!path.isEmpty());
        QVERIFY(createForeignDatabase(path));
        VERIFY_FAILS(CredentialStore::open(path), ErrorCode::Corrupt);
        SqlConnection raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT text FROM notes")).toString(), QStringLiteral("keep me"));
        QVERIFY2(raw.tables() == QStringList({ QStringLiteral("notes") }),
                 "a store schema was added to another program's database");
    }

    // A store written by a newer version.
    {
        const QString path = freshStore(QStringLiteral("newer.sqlite"));
        QVERIFY(!path.isEmpty());
        {
            auto store = openStore(path);
            QVERIFY(store);
            VERIFY_OK(store->create(MasterKey::generate(), QStringLiteral("Mistral"), Mistral,
                                    mistralFields(randomValue(QStringLiteral("k-")))));
        }
        {
            SqlConnection raw(path);
            QVERIFY(raw.isOpen());
            QVERIFY2(raw.exec(QStringLiteral("UPDATE meta SET value = '2' WHERE key = 'schema_version'")),
                     qPrintable(raw.lastError()));
        }
        const Snapshot before = storeSnapshot(path);
        QVERIFY(!before.contains(QStringLiteral("newer.sqlite-wal")));
        auto opened = CredentialStore::open(path);
        VERIFY_FAILS(opened, ErrorCode::Corrupt);
        VERIFY_MESSAGE_HAS(opened, QStringLiteral("newer"));
        const Snapshot after = storeSnapshot(path);
        QVERIFY2(before == after,
                 QByteArray("a refused newer store was changed: " + snapshotDifference(before, after)).constData());
    }

    if (onPostgres()) {
        // A database that does not exist is not created, whichever the mode; the message names it.
        QUrl missing(m_stores.serverUrl());
        const QString name = QStringLiteral("cm_t_") + QString::fromLatin1(randomBytes(8).toHex());
        missing.setPath(QLatin1Char('/') + name);
        CredentialStore::Options existing;
        existing.mode = CredentialStore::OpenMode::OpenExisting;
        auto opened = CredentialStore::open(missing.toString(), existing);
        QVERIFY2(!opened.ok(), "a store opened in a database that does not exist");
        VERIFY_MESSAGE_HAS(opened, name);
        auto created = CredentialStore::open(missing.toString());
        QVERIFY2(!created.ok(), "a store opened in a database that does not exist");
        QCOMPARE(m_stores.server()
                     .scalar(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = ?"), { name })
                     .toInt(),
                 0);
        return;
    }

    // OpenExisting on a missing path creates nothing, not even the folder.
    {
        const QString folder = m_stores.filePath(QStringLiteral("missing-folder"));
        const QString path = folder + QStringLiteral("/credentials.sqlite");
        CredentialStore::Options existing;
        existing.mode = CredentialStore::OpenMode::OpenExisting;
        VERIFY_FAILS(CredentialStore::open(path, existing), ErrorCode::NotFound);
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(!QFileInfo::exists(folder));
        const QString plain = m_stores.filePath(QStringLiteral("absent.sqlite"));
        VERIFY_FAILS(CredentialStore::open(plain, existing), ErrorCode::NotFound);
        QVERIFY(!QFileInfo::exists(plain));
        QVERIFY(!QFileInfo::exists(plain + QStringLiteral("-wal")));
    }
}

void TestCredentialStore::foreignDatabaseIsLeftUnchanged()
{
    // Pointing the tool at the wrong database must not alter it (SQLite: not even its journal
    // mode; PostgreSQL: no table, column or row).
    const QString path = freshStore(QStringLiteral("foreign.sqlite"));
    QVERIFY(!path.isEmpty());
    QVERIFY(createForeignDatabase(path));
    const Snapshot before = storeSnapshot(path);
    QVERIFY(!before.isEmpty());
    VERIFY_FAILS(CredentialStore::open(path), ErrorCode::Corrupt);
    CredentialStore::Options existing;
    existing.mode = CredentialStore::OpenMode::OpenExisting;
    VERIFY_FAILS(CredentialStore::open(path, existing), ErrorCode::Corrupt);
    const Snapshot after = storeSnapshot(path);
    QVERIFY2(
        before == after,
        QByteArray("opening another program's database changed it: " + snapshotDifference(before, after)).constData());
}

void TestCredentialStore::tamperedPayload()
{
    const MasterKey key = MasterKey::generate();
    const QString brokenKey = randomValue(QStringLiteral("key-"));
    const QString intactKey = randomValue(QStringLiteral("key-"));
    auto store = openStore(storePath());
    QVERIFY(store);
    const QString instance = randomValue(QStringLiteral("inst-"));
    auto broken = store->create(key, QStringLiteral("Broken Azure"), AzureOpenAi, azureFields(instance, brokenKey));
    VERIFY_OK(broken);
    auto intact = store->create(key, QStringLiteral("Intact"), Mistral, mistralFields(intactKey));
    VERIFY_OK(intact);

    QByteArray tampered;
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        QByteArray payload
            = raw.scalar(QStringLiteral("SELECT payload FROM credentials WHERE id = ?"), { broken->id }).toByteArray();
        QVERIFY(payload.size() > 1 + 24 + 16);
        payload[payload.size() / 2] = char(payload.at(payload.size() / 2) ^ 0x01);
        tampered = payload;
        QVERIFY2(raw.exec(QStringLiteral("UPDATE credentials SET payload = ? WHERE id = ?"), { payload, broken->id }),
                 qPrintable(raw.lastError()));
    }

    auto read = store->read(key, broken->id);
    VERIFY_FAILS(read, ErrorCode::Corrupt);
    VERIFY_MESSAGE_HAS(read, QStringLiteral("Broken Azure"));
    VERIFY_MESSAGE_HAS(read, QStringLiteral("re-enter"));

    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 2);
    QVERIFY(byName(listed.value(), QStringLiteral("Broken Azure")));
    auto other = store->read(key, intact->id);
    VERIFY_OK(other);
    QVERIFY(other->fields.value(QStringLiteral("api_key")) == intactKey);

    // Nothing overwrote the damaged payload, including an incomplete re-entry.
    FieldValues incomplete { { QStringLiteral("api_key"), randomValue(QStringLiteral("key-")) } };
    VERIFY_FAILS(store->update(key, broken->id, 1, QStringLiteral("Broken Azure"), incomplete), ErrorCode::Validation);
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        QVERIFY(raw.scalar(QStringLiteral("SELECT payload FROM credentials WHERE id = ?"), { broken->id }).toByteArray()
                == tampered);
    }

    // Re-entering the complete set of values repairs it.
    const QString reentered = randomValue(QStringLiteral("key-"));
    auto repaired = store->update(key, broken->id, 1, QStringLiteral("Broken Azure"), azureFields(instance, reentered));
    VERIFY_OK(repaired);
    QCOMPARE(repaired->revision, qint64(2));
    auto again = store->read(key, broken->id);
    VERIFY_OK(again);
    QVERIFY(again->fields == azureFields(instance, reentered));
    other = store->read(key, intact->id);
    VERIFY_OK(other);
    QVERIFY(other->fields.value(QStringLiteral("api_key")) == intactKey);
}

void TestCredentialStore::busyDatabase()
{
    const MasterKey key = MasterKey::generate();
    CredentialStore::Options options;
    options.busyTimeoutMs = 200;
    auto store = openStore(storePath(), options);
    QVERIFY(store);
    VERIFY_OK(store->create(key, QStringLiteral("First"), Mistral, mistralFields(randomValue(QStringLiteral("k-")))));

    // Another program holds the write lock as docs/storage-format.md says writers take it (on
    // PostgreSQL the advisory lock 0x636d73746f7265, here for the whole session).
    const QString lock = onPostgres() ? QStringLiteral("SELECT pg_advisory_lock(27986365336482405)")
                                      : QStringLiteral("BEGIN IMMEDIATE");
    const QString unlock
        = onPostgres() ? QStringLiteral("SELECT pg_advisory_unlock(27986365336482405)") : QStringLiteral("ROLLBACK");
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        QVERIFY2(raw.exec(lock), qPrintable(raw.lastError()));

        QElapsedTimer timer;
        timer.start();
        auto created
            = store->create(key, QStringLiteral("Second"), Mistral, mistralFields(randomValue(QStringLiteral("k-"))));
        const qint64 elapsed = timer.elapsed();
        VERIFY_FAILS(created, ErrorCode::Busy);
        // It waited for the configured timeout, not the default five seconds.
        QVERIFY2(elapsed >= 100 && elapsed < 3000, QByteArray::number(elapsed).constData());
        // Reading still works while another program writes.
        auto listed = store->list();
        VERIFY_OK(listed);
        QCOMPARE(listed->size(), 1);

        QVERIFY2(raw.exec(unlock), qPrintable(raw.lastError()));
    }
    VERIFY_OK(store->create(key, QStringLiteral("Second"), Mistral, mistralFields(randomValue(QStringLiteral("k-")))));
    auto listed = store->list();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 2);
}

QTEST_GUILESS_MAIN(TestCredentialStore)
#include "TestCredentialStore.moc"
