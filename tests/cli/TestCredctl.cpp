// Drives the real credctl executable end to end (SPEC section 6): exit codes, what it
// prints on stdout and stderr, the --json shapes, and what it leaves in the store file.
// Every test works in its own temporary folder: the store, HOME and XDG_DATA_HOME all live
// there, so the default store of the machine is never touched. Secrets are generated per
// run and never printed by the test; failure messages name the command and show stderr only.

#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/SqlConnection.h"
#include "support/StoreFiles.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPair>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using Fields = QMap<QString, QString>;

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
// The page's words for the missing key (compared case-insensitively: it may start a sentence or not).
const QString MissingKeyGuidance = u"contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY"_s;
const QStringList ProviderIds
    = { u"azure-openai"_s, u"azure-openai-embeddings"_s, u"mistral"_s, u"ionos"_s, u"custom"_s };
const QStringList CommandNames
    = { u"providers"_s, u"list"_s, u"show"_s, u"add"_s, u"edit"_s, u"delete"_s, u"key generate"_s, u"audit"_s };

bool isJsonArray(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    return error.error == QJsonParseError::NoError && document.isArray();
}

Fields toFields(const QJsonObject& object)
{
    Fields fields;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        fields.insert(it.key(), it.value().isNull() ? u"<null>"_s : it.value().toString());
    return fields;
}

// stderr is one sentence: "credctl: ..." on one line.
#define CHECK_ONE_SENTENCE(outcome)                                                                                    \
    do {                                                                                                               \
        const Outcome& checked_ = (outcome);                                                                           \
        QVERIFY2(checked_.err.startsWith("credctl: ") && checked_.err.count('\n') == 1,                                \
                 qPrintable(u"credctl %1 did not write one sentence: "_s.arg(checked_.command)                         \
                            + QString::fromUtf8(checked_.err)));                                                       \
    } while (false)

} // namespace

class TestCredctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void keyGeneratePrintsAUsableHexKey();
    void providersWorkWithoutKey();
    void providersJsonHasTheRegistryShape();
    void listOfAMissingStoreIsEmptyAndCreatesNothing();
    void listJsonHasStableKeys();
    void addAndShowEachProvider_data();
    void addAndShowEachProvider();
    void savingEmbeddingsMakesThemTheDefault();
    void deletingTheDefaultEmbeddingsFallsBack();
    void namesMatchCaseInsensitively();
    void namesMatchExactlyFirst();
    void refusedCallsChangeNothing_data();
    void refusedCallsChangeNothing();
    void refusedAddOnAMissingStoreCreatesNoFile();
    void anEmptyFileBecomesAStoreOnlyWhenWritten();
    void usageErrorsEchoNoArgumentValues();
    void editChangesFieldsAndNames();
    void deleteNeedsTheExactName();
    void missingKey();
    void malformedKey_data();
    void malformedKey();
    void acceptedKeyForms_data();
    void acceptedKeyForms();
    void wrongKey();
    void auditLogsChangesWithoutValues();
    void unreadableStore_data();
    void unreadableStore();
    void newerSchemaVersion();
    void busyStore();
    void staleEditIsAConflictOnSqlite();
    void concurrentEditsOnSqlite();
    void helpAndVersion();
    void storeOptionAndEnvironment();
    void defaultStoreIsPrivate_data();
    void defaultStoreIsPrivate();
    void noSecretInTheStoreFiles();

private:
    QString defaultStorePath() const { return m_dir->filePath(u"xdg-data/credential-manager/credentials.sqlite"_s); }
    QProcessEnvironment baseEnvironment() const;
    QProcessEnvironment keyedEnvironment(const QByteArray& key) const;
    QProcessEnvironment keyedEnvironment() const { return keyedEnvironment(m_key); }
    Outcome run(const QStringList& arguments, const QProcessEnvironment& environment) const
    {
        return runCredctl(arguments, environment, m_dir->path());
    }
    // credctl ARGUMENTS --store <the test's store>, with the given environment / the test's key.
    Outcome ctlIn(const QProcessEnvironment& environment, const QStringList& arguments) const
    {
        return run(arguments + QStringList { u"--store"_s, m_store }, environment);
    }
    Outcome ctl(const QStringList& arguments) const { return ctlIn(keyedEnvironment(), arguments); }
    // add NAME --provider PROVIDER --field F...; each secret goes through --field-env.
    Outcome add(const QString& name, const QString& provider, const QStringList& fields,
                const Fields& secrets = {}) const;
    Outcome addMistral(const QString& name, const QString& secret) const
    {
        return add(name, u"mistral"_s, {}, { { u"api_key"_s, secret } });
    }
    Outcome addEmbeddings(const QString& name) const
    {
        return add(name, u"azure-openai-embeddings"_s,
                   { u"instance_name=emb-resource"_s, u"deployment_name=text-embedding-3-small"_s },
                   { { u"api_key"_s, makeSecret("emb") } });
    }
    // credctl ARGUMENTS --store <the test's store> with the test's key, started and not waited for
    // (finishCredctl() waits for it).
    std::unique_ptr<QProcess> start(const QStringList& arguments) const
    {
        return startCredctl(arguments + QStringList { u"--store"_s, m_store }, keyedEnvironment(), m_dir->path());
    }
    // Two runs on the test's store started back to back, before either is waited for.
    QPair<Outcome, Outcome> runTogether(const QStringList& first, const QStringList& second) const
    {
        const QStringList store { u"--store"_s, m_store };
        return runCredctlTogether(first + store, second + store, keyedEnvironment(), m_dir->path());
    }
    QJsonObject show(const QString& name, bool reveal) const
    {
        QStringList arguments { u"show"_s, name, u"--json"_s };
        if (reveal)
            arguments << u"--reveal"_s;
        const Outcome outcome = ctl(arguments);
        return outcome.code == 0 ? jsonObject(outcome.out) : QJsonObject();
    }
    QJsonArray list() const
    {
        const Outcome outcome = ctl({ u"list"_s, u"--json"_s });
        return outcome.code == 0 ? jsonArray(outcome.out) : QJsonArray { u"credctl list --json failed"_s };
    }
    // name -> default_embeddings, from list --json.
    QMap<QString, bool> defaults() const
    {
        QMap<QString, bool> result;
        for (const QJsonValue& entry : list())
            result.insert(entry[u"name"_s].toString(), entry[u"default_embeddings"_s].toBool());
        return result;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    QByteArray m_keyBytes;
    QByteArray m_key; // m_keyBytes as 64 hex characters
    bool m_defaultStoreExpected = false;
};

void TestCredctl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"home"_s)));
    m_store = m_dir->filePath(u"creds.sqlite"_s);
    m_keyBytes = randomBytes(32);
    m_key = m_keyBytes.toHex();
    m_defaultStoreExpected = false;
}

void TestCredctl::cleanup()
{
    // No test but the one about it may create the default store (here: under the test's XDG_DATA_HOME).
    const bool created = QFileInfo::exists(defaultStorePath());
    m_dir.reset();
    QVERIFY2(m_defaultStoreExpected || !created, "credctl created the default store although --store was given");
}

QProcessEnvironment TestCredctl::baseEnvironment() const
{
    // Keep away from the session's keychain, should a key source ever ask it.
    return withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(u"xdg-runtime"_s));
}

QProcessEnvironment TestCredctl::keyedEnvironment(const QByteArray& key) const
{
    QProcessEnvironment environment = baseEnvironment();
    environment.insert(KeyVariable, QString::fromLatin1(key));
    return environment;
}

Outcome TestCredctl::add(const QString& name, const QString& provider, const QStringList& fields,
                         const Fields& secrets) const
{
    QProcessEnvironment environment = keyedEnvironment();
    QStringList arguments { u"add"_s, name, u"--provider"_s, provider };
    for (const QString& field : fields)
        arguments << u"--field"_s << field;
    int index = 0;
    for (auto it = secrets.cbegin(); it != secrets.cend(); ++it, ++index) {
        const QString variable = u"CM_TEST_SECRET_%1"_s.arg(index);
        environment.insert(variable, it.value());
        arguments << u"--field-env"_s << it.key() + u'=' + variable;
    }
    return ctlIn(environment, arguments);
}

// --- key generate -----------------------------------------------------------------------

void TestCredctl::keyGeneratePrintsAUsableHexKey()
{
    const Outcome first = run({ u"key"_s, u"generate"_s }, baseEnvironment());
    CHECK_EXIT(first, 0);
    static const QRegularExpression hexLine(u"\\A[0-9a-f]{64}\\n\\z"_s);
    QVERIFY2(hexLine.match(QString::fromLatin1(first.out)).hasMatch(),
             "key generate must print exactly 64 lowercase hex characters and a newline on stdout");
    CHECK_STDERR(first, KeyVariable); // the advice goes to stderr, so $(credctl key generate) is the key alone

    const Outcome second = run({ u"key"_s, u"generate"_s }, baseEnvironment());
    CHECK_EXIT(second, 0);
    QVERIFY2(hexLine.match(QString::fromLatin1(second.out)).hasMatch(), "the second key has another shape");
    QVERIFY2(first.out != second.out, "two generated keys are equal");

    // The output, newline included, is a key credctl takes.
    const QString secret = makeSecret("generated");
    QProcessEnvironment environment = keyedEnvironment(first.out);
    environment.insert(u"CM_TEST_SECRET"_s, secret);
    CHECK_EXIT(ctlIn(environment,
                     { u"add"_s, u"Generated"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s,
                       u"api_key=CM_TEST_SECRET"_s }),
               0);
    const Outcome revealed = ctlIn(environment, { u"show"_s, u"Generated"_s, u"--json"_s, u"--reveal"_s });
    CHECK_EXIT(revealed, 0);
    QVERIFY2(jsonObject(revealed.out)[u"fields"_s][u"api_key"_s].toString() == secret,
             "the secret does not come back under the generated key");
    // ... and the other generated key is a different one.
    const Outcome other = ctlIn(keyedEnvironment(second.out), { u"show"_s, u"Generated"_s });
    CHECK_EXIT(other, 2);
    CHECK_STDERR(other, u"does not match"_s);
}

// --- providers --------------------------------------------------------------------------

void TestCredctl::providersWorkWithoutKey()
{
    const Outcome withoutKey = run({ u"providers"_s }, baseEnvironment());
    CHECK_EXIT(withoutKey, 0);
    CHECK_STDERR(withoutKey, KeyVariable); // the warning about the missing key
    const QString text = QString::fromUtf8(withoutKey.out);
    for (const QString& id : ProviderIds)
        QVERIFY2(text.contains(id), qPrintable(id));
    for (const QString& words :
         { u"Azure OpenAI"_s, u"Azure OpenAI Embeddings"_s, u"Mistral AI"_s, u"IONOS"_s, u"Custom Provider"_s,
           u"API Endpoint"_s, u"Instance Name"_s, u"Embeddings Deployment Name"_s, u"Embeddings API Version"_s,
           u"2023-05-15"_s, u"Token"_s, u"Endpoint URL"_s })
        QVERIFY2(text.contains(words), qPrintable(u"providers does not show \"%1\""_s.arg(words)));
    QVERIFY(!QFileInfo::exists(m_store));

    const Outcome withKey = run({ u"providers"_s }, keyedEnvironment());
    CHECK_EXIT(withKey, 0);
    QVERIFY2(withKey.err.isEmpty(),
             qPrintable(u"a warning although the key is set: "_s + QString::fromUtf8(withKey.err)));
    QCOMPARE(withKey.out, withoutKey.out);
}

void TestCredctl::providersJsonHasTheRegistryShape()
{
    const Outcome outcome = run({ u"providers"_s, u"--json"_s }, baseEnvironment());
    CHECK_EXIT(outcome, 0);
    CHECK_STDERR(outcome, KeyVariable);
    QVERIFY2(isJsonArray(outcome.out), "providers --json does not print a JSON array on stdout alone");

    struct Expected
    {
        QString key, label, kind;
        bool required;
        QJsonValue defaultValue;
    };
    const QMap<QString, QPair<QString, QList<Expected>>> expected {
        { u"azure-openai"_s,
          { u"Azure OpenAI"_s,
            { { u"endpoint"_s, u"API Endpoint"_s, u"url"_s, true, QJsonValue::Null },
              { u"instance_name"_s, u"Instance Name"_s, u"text"_s, true, QJsonValue::Null },
              { u"api_key"_s, u"API Key"_s, u"secret"_s, true, QJsonValue::Null } } } },
        { u"azure-openai-embeddings"_s,
          { u"Azure OpenAI Embeddings"_s,
            { { u"instance_name"_s, u"Embeddings Instance Name"_s, u"text"_s, true, QJsonValue::Null },
              { u"deployment_name"_s, u"Embeddings Deployment Name"_s, u"text"_s, true, QJsonValue::Null },
              { u"api_key"_s, u"Embeddings API Key"_s, u"secret"_s, true, QJsonValue::Null },
              { u"api_version"_s, u"Embeddings API Version"_s, u"text"_s, true, u"2023-05-15"_s },
              { u"endpoint"_s, u"Endpoint URL"_s, u"url"_s, false,
                u"https://{instance_name}.openai.azure.com"_s } } } },
        { u"mistral"_s,
          { u"Mistral AI"_s,
            { { u"api_key"_s, u"API Key"_s, u"secret"_s, true, QJsonValue::Null },
              { u"endpoint"_s, u"Endpoint URL"_s, u"url"_s, false, u"https://api.mistral.ai/v1"_s } } } },
        { u"ionos"_s,
          { u"IONOS"_s,
            { { u"token"_s, u"Token"_s, u"secret"_s, true, QJsonValue::Null },
              { u"endpoint"_s, u"Endpoint URL"_s, u"url"_s, false,
                u"https://openai.inference.de-txl.ionos.com/v1"_s } } } },
        { u"custom"_s,
          { u"Custom Provider"_s,
            { { u"api_key"_s, u"API Key"_s, u"secret"_s, true, QJsonValue::Null },
              { u"endpoint"_s, u"Endpoint URL"_s, u"url"_s, true, QJsonValue::Null } } } },
    };

    const QJsonArray providers = jsonArray(outcome.out);
    QStringList ids;
    for (const QJsonValue& value : providers) {
        QVERIFY(value.isObject());
        const QJsonObject provider = value.toObject();
        for (const QString& key : { u"id"_s, u"name"_s, u"fields"_s, u"probe"_s })
            QVERIFY2(provider.contains(key), qPrintable(u"a provider has no \"%1\""_s.arg(key)));
        const QString id = provider[u"id"_s].toString();
        ids << id;
        QVERIFY2(expected.contains(id), qPrintable(u"unexpected provider " + id));
        QCOMPARE(provider[u"name"_s].toString(), expected[id].first);
        QVERIFY2(provider[u"probe"_s].isObject(), qPrintable(id + u": probe is not an object"_s));
        QVERIFY2(!provider[u"probe"_s].toObject().isEmpty(), qPrintable(id + u": probe is empty"_s));

        const QJsonArray fields = provider[u"fields"_s].toArray();
        const QList<Expected>& wanted = expected[id].second;
        QCOMPARE(fields.size(), wanted.size());
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const QJsonObject field = fields[i].toObject();
            QCOMPARE(field.keys(),
                     QStringList({ u"default"_s, u"help"_s, u"key"_s, u"kind"_s, u"label"_s, u"placeholder"_s,
                                   u"required"_s }));
            QCOMPARE(field[u"key"_s].toString(), wanted[i].key);
            QCOMPARE(field[u"label"_s].toString(), wanted[i].label);
            QCOMPARE(field[u"kind"_s].toString(), wanted[i].kind);
            QVERIFY(field[u"required"_s].isBool());
            QCOMPARE(field[u"required"_s].toBool(), wanted[i].required);
            QVERIFY2(field[u"default"_s] == wanted[i].defaultValue,
                     qPrintable(u"%1.%2: wrong default"_s.arg(id, wanted[i].key)));
            QVERIFY(field[u"placeholder"_s].isString());
            QVERIFY(field[u"help"_s].isString());
        }
    }
    ids.sort();
    QStringList wantedIds = ProviderIds;
    wantedIds.sort();
    QCOMPARE(ids, wantedIds);
}

// --- list -------------------------------------------------------------------------------

void TestCredctl::listOfAMissingStoreIsEmptyAndCreatesNothing()
{
    const Outcome withKey = ctl({ u"list"_s });
    CHECK_EXIT(withKey, 0);
    QVERIFY2(withKey.out.contains("No credentials"), withKey.out.constData());
    QVERIFY2(withKey.err.isEmpty(), withKey.err.constData());

    const Outcome withoutKey = ctlIn(baseEnvironment(), { u"list"_s });
    CHECK_EXIT(withoutKey, 0);
    QVERIFY2(withoutKey.out.contains("No credentials"), withoutKey.out.constData());
    CHECK_STDERR(withoutKey, KeyVariable);

    const Outcome json = ctlIn(baseEnvironment(), { u"list"_s, u"--json"_s });
    CHECK_EXIT(json, 0);
    QVERIFY2(isJsonArray(json.out), "list --json prints more than the JSON array on stdout");
    QVERIFY(jsonArray(json.out).isEmpty());

    QVERIFY2(QDir(m_dir->path()).entryList({ u"creds*"_s }, QDir::AllEntries | QDir::Hidden).isEmpty(),
             "list created a store file");
}

void TestCredctl::listJsonHasStableKeys()
{
    CHECK_EXIT(addMistral(u"Zeta Mistral"_s, makeSecret("zeta")), 0);
    CHECK_EXIT(addEmbeddings(u"alpha embeddings"_s), 0);

    const Outcome outcome = ctl({ u"list"_s, u"--json"_s });
    CHECK_EXIT(outcome, 0);
    QVERIFY(isJsonArray(outcome.out));
    const QJsonArray entries = jsonArray(outcome.out);
    QCOMPARE(entries.size(), 2);
    static const QRegularExpression uuid(u"\\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z"_s);
    QMap<QString, QJsonObject> byName;
    for (const QJsonValue& value : entries) {
        const QJsonObject entry = value.toObject();
        QCOMPARE(entry.keys(),
                 QStringList({ u"default_embeddings"_s, u"id"_s, u"name"_s, u"provider"_s, u"updated_at"_s }));
        QVERIFY2(uuid.match(entry[u"id"_s].toString()).hasMatch(), qPrintable(entry[u"id"_s].toString()));
        const QDateTime updated = QDateTime::fromString(entry[u"updated_at"_s].toString(), Qt::ISODateWithMs);
        QVERIFY2(updated.isValid(), qPrintable(entry[u"updated_at"_s].toString()));
        QCOMPARE(updated.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(updated.secsTo(QDateTime::currentDateTimeUtc())) < 300);
        QVERIFY(entry[u"default_embeddings"_s].isBool());
        byName.insert(entry[u"name"_s].toString(), entry);
    }
    QCOMPARE(byName.keys(), QStringList({ u"Zeta Mistral"_s, u"alpha embeddings"_s }));
    QCOMPARE(byName[u"Zeta Mistral"_s][u"provider"_s].toString(), u"mistral"_s);
    QCOMPARE(byName[u"alpha embeddings"_s][u"provider"_s].toString(), u"azure-openai-embeddings"_s);
    QCOMPARE(byName[u"Zeta Mistral"_s][u"default_embeddings"_s].toBool(), false);
    QCOMPARE(byName[u"alpha embeddings"_s][u"default_embeddings"_s].toBool(), true);

    // The same id and time as show reports.
    const QJsonObject shown = show(u"Zeta Mistral"_s, false);
    QCOMPARE(shown[u"id"_s].toString(), byName[u"Zeta Mistral"_s][u"id"_s].toString());
    QCOMPARE(shown[u"updated_at"_s].toString(), byName[u"Zeta Mistral"_s][u"updated_at"_s].toString());

    // The human list names both with their providers' display names, even without a key.
    const Outcome human = ctlIn(baseEnvironment(), { u"list"_s });
    CHECK_EXIT(human, 0);
    CHECK_STDERR(human, KeyVariable);
    for (const char* text : { "Zeta Mistral", "alpha embeddings", "Mistral AI", "Azure OpenAI Embeddings" })
        QVERIFY2(human.out.contains(text), text);
}

// --- add and show -----------------------------------------------------------------------

void TestCredctl::addAndShowEachProvider_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QStringList>("fields"); // --field KEY=VALUE, none of them secret
    QTest::addColumn<QString>("secretKey"); // passed with --field-env
    QTest::addColumn<QString>("secret");
    QTest::addColumn<Fields>("stored"); // what show --reveal --json must give back, the secret aside
    QTest::addColumn<bool>("defaultEmbeddings");

    QTest::newRow("azure-openai") << u"azure-openai"_s
                                  << QStringList { u"endpoint=https://contoso-ai.openai.azure.com"_s,
                                                   u"instance_name=contoso-ai"_s }
                                  << u"api_key"_s << makeSecret("azure")
                                  << Fields { { u"endpoint"_s, u"https://contoso-ai.openai.azure.com"_s },
                                              { u"instance_name"_s, u"contoso-ai"_s } }
                                  << false;
    QTest::newRow("embeddings, default api_version")
        << u"azure-openai-embeddings"_s
        << QStringList { u"instance_name=contoso-emb"_s, u"deployment_name=text-embedding-3-small"_s } << u"api_key"_s
        << makeSecret("emb")
        << Fields { { u"instance_name"_s, u"contoso-emb"_s },
                    { u"deployment_name"_s, u"text-embedding-3-small"_s },
                    { u"api_version"_s, u"2023-05-15"_s } }
        << true;
    QTest::newRow("embeddings, preview api_version and endpoint")
        << u"azure-openai-embeddings"_s
        << QStringList { u"instance_name=contoso-emb"_s, u"deployment_name=ada"_s, u"api_version=2024-02-15-preview"_s,
                         u"endpoint=https://proxy.example.com"_s }
        << u"api_key"_s << makeSecret("emb")
        << Fields { { u"instance_name"_s, u"contoso-emb"_s },
                    { u"deployment_name"_s, u"ada"_s },
                    { u"api_version"_s, u"2024-02-15-preview"_s },
                    { u"endpoint"_s, u"https://proxy.example.com"_s } }
        << true;
    QTest::newRow("mistral, default endpoint")
        << u"mistral"_s << QStringList() << u"api_key"_s << makeSecret("mistral") << Fields() << false;
    QTest::newRow("mistral, own endpoint")
        << u"mistral"_s << QStringList { u"endpoint=https://eu.mistral.example/v1"_s } << u"api_key"_s
        << makeSecret("mistral") << Fields { { u"endpoint"_s, u"https://eu.mistral.example/v1"_s } } << false;
    QTest::newRow("ionos") << u"ionos"_s << QStringList() << u"token"_s
                           << u"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0."_s + makeSecret("ionos") << Fields() << false;
    QTest::newRow("custom, https") << u"custom"_s << QStringList { u"endpoint=https://llm.example.com/v1"_s }
                                   << u"api_key"_s << makeSecret("custom") + u"-s\u00e9cr\u00e8t-\u00fc"_s
                                   << Fields { { u"endpoint"_s, u"https://llm.example.com/v1"_s } } << false;
    QTest::newRow("custom, http on localhost")
        << u"custom"_s << QStringList { u"endpoint=http://localhost:11434/v1"_s } << u"api_key"_s
        << makeSecret("custom") << Fields { { u"endpoint"_s, u"http://localhost:11434/v1"_s } } << false;
    QTest::newRow("custom, http on 127.0.0.1")
        << u"custom"_s << QStringList { u"endpoint=http://127.0.0.1:8080/v1"_s } << u"api_key"_s << makeSecret("custom")
        << Fields { { u"endpoint"_s, u"http://127.0.0.1:8080/v1"_s } } << false;
}

void TestCredctl::addAndShowEachProvider()
{
    QFETCH(QString, provider);
    QFETCH(QStringList, fields);
    QFETCH(QString, secretKey);
    QFETCH(QString, secret);
    QFETCH(Fields, stored);
    QFETCH(bool, defaultEmbeddings);
    const QString name = u"Credential Under Test"_s;
    const QByteArray secretBytes = secret.toUtf8();

    const Outcome added = add(name, provider, fields, { { secretKey, secret } });
    CHECK_EXIT(added, 0);
    QVERIFY2(added.out.contains("Added"), added.out.constData());
    QVERIFY2(!added.out.contains(secretBytes) && !added.err.contains(secretBytes), "add printed the secret");
    QCOMPARE(added.out.contains("default embeddings"), defaultEmbeddings);
    QCOMPARE(modeOf(m_store), u"600"_s);

    // --reveal --json: every stored value, the secret as given.
    const Outcome revealed = ctl({ u"show"_s, name, u"--json"_s, u"--reveal"_s });
    CHECK_EXIT(revealed, 0);
    const QJsonObject full = jsonObject(revealed.out);
    QCOMPARE(full[u"name"_s].toString(), name);
    QCOMPARE(full[u"provider"_s].toString(), provider);
    QCOMPARE(full[u"revision"_s].toInt(), 1);
    QCOMPARE(full[u"default_embeddings"_s].toBool(), defaultEmbeddings);
    Fields expected = stored;
    expected.insert(secretKey, secret);
    const Fields got = toFields(full[u"fields"_s].toObject());
    QVERIFY2(got == expected,
             qPrintable(u"stored field keys [%1], expected [%2] (or a value differs)"_s.arg(
                 got.keys().join(u", "_s), expected.keys().join(u", "_s))));

    // --json without --reveal: the secret is null, the rest as stored.
    const Outcome masked = ctl({ u"show"_s, name, u"--json"_s });
    CHECK_EXIT(masked, 0);
    QVERIFY2(!masked.out.contains(secretBytes), "show --json printed the secret without --reveal");
    const QJsonObject maskedFields = jsonObject(masked.out)[u"fields"_s].toObject();
    QVERIFY2(maskedFields.contains(secretKey) && maskedFields[secretKey].isNull(), "the masked secret is not null");
    Fields expectedMasked = stored;
    expectedMasked.insert(secretKey, u"<null>"_s);
    QCOMPARE(toFields(maskedFields), expectedMasked);
    QCOMPARE(jsonObject(masked.out).keys(),
             QStringList({ u"created_at"_s, u"default_embeddings"_s, u"fields"_s, u"id"_s, u"name"_s, u"provider"_s,
                           u"revision"_s, u"updated_at"_s }));

    // For people: masked, with the stored non-secret values shown; --reveal shows it.
    const Outcome human = ctl({ u"show"_s, name });
    CHECK_EXIT(human, 0);
    QVERIFY2(!human.out.contains(secretBytes), "show printed the secret without --reveal");
    QVERIFY(human.out.contains("********"));
    for (const QString& value : stored)
        QVERIFY2(human.out.contains(value.toUtf8()), qPrintable(value));
    const Outcome humanRevealed = ctl({ u"show"_s, name, u"--reveal"_s });
    CHECK_EXIT(humanRevealed, 0);
    QVERIFY2(humanRevealed.out.contains(secretBytes), "show --reveal does not print the secret");

    // list and audit never decrypt or print it.
    const Outcome listed = ctl({ u"list"_s });
    CHECK_EXIT(listed, 0);
    QVERIFY(listed.out.contains(name.toUtf8()));
    QVERIFY2(!listed.out.contains(secretBytes), "list printed the secret");
}

void TestCredctl::savingEmbeddingsMakesThemTheDefault()
{
    const Outcome mistral = addMistral(u"Mistral"_s, makeSecret("m"));
    CHECK_EXIT(mistral, 0);
    QVERIFY(!mistral.out.contains("default embeddings"));
    QCOMPARE(defaults(), (QMap<QString, bool> { { u"Mistral"_s, false } }));

    const Outcome one = addEmbeddings(u"Emb One"_s);
    CHECK_EXIT(one, 0);
    QVERIFY2(one.out.contains("now the default embeddings"), one.out.constData());
    QCOMPARE(defaults(), (QMap<QString, bool> { { u"Mistral"_s, false }, { u"Emb One"_s, true } }));
    QCOMPARE(show(u"Emb One"_s, false)[u"default_embeddings"_s].toBool(), true);

    const Outcome two = addEmbeddings(u"Emb Two"_s);
    CHECK_EXIT(two, 0);
    QVERIFY2(two.out.contains("now the default embeddings"), two.out.constData());
    QCOMPARE(defaults(),
             (QMap<QString, bool> { { u"Mistral"_s, false }, { u"Emb One"_s, false }, { u"Emb Two"_s, true } }));
    QCOMPARE(show(u"Emb One"_s, false)[u"default_embeddings"_s].toBool(), false);

    // Saving (editing) an embeddings credential makes it the default again.
    const Outcome edited = ctl({ u"edit"_s, u"Emb One"_s, u"--field"_s, u"deployment_name=other"_s });
    CHECK_EXIT(edited, 0);
    QCOMPARE(defaults(),
             (QMap<QString, bool> { { u"Mistral"_s, false }, { u"Emb One"_s, true }, { u"Emb Two"_s, false } }));

    // Saving without changes makes it the default too.
    const Outcome unchanged = ctl({ u"edit"_s, u"Emb Two"_s, u"--field"_s, u"api_version=2023-05-15"_s });
    CHECK_EXIT(unchanged, 0);
    QVERIFY2(unchanged.out.contains("now the default embeddings"), unchanged.out.constData());
    QCOMPARE(defaults(),
             (QMap<QString, bool> { { u"Mistral"_s, false }, { u"Emb One"_s, false }, { u"Emb Two"_s, true } }));
    QCOMPARE(show(u"Emb Two"_s, false)[u"revision"_s].toInt(), 1);
    const Outcome back = ctl({ u"edit"_s, u"Emb One"_s, u"--field"_s, u"deployment_name=other"_s });
    CHECK_EXIT(back, 0);

    // The human list marks it.
    const Outcome human = ctl({ u"list"_s });
    CHECK_EXIT(human, 0);
    QVERIFY2(human.out.contains("Emb One *"), human.out.constData());
    QVERIFY(!human.out.contains("Emb Two *"));
}

void TestCredctl::deletingTheDefaultEmbeddingsFallsBack()
{
    CHECK_EXIT(addEmbeddings(u"Emb One"_s), 0);
    CHECK_EXIT(addEmbeddings(u"Emb Two"_s), 0);
    // One is now updated after Two (and is the default) ...
    CHECK_EXIT(ctl({ u"edit"_s, u"Emb One"_s, u"--field"_s, u"deployment_name=other"_s }), 0);
    // ... and Three, the newest, the default.
    CHECK_EXIT(addEmbeddings(u"Emb Three"_s), 0);
    // A non-embeddings credential updated last must never become the default.
    CHECK_EXIT(addMistral(u"Mistral"_s, makeSecret("m")), 0);
    QCOMPARE(
        defaults(),
        (QMap<QString, bool> {
            { u"Emb One"_s, false }, { u"Emb Two"_s, false }, { u"Emb Three"_s, true }, { u"Mistral"_s, false } }));

    // Deleting a credential that is not the default changes nothing.
    CHECK_EXIT(ctl({ u"delete"_s, u"Mistral"_s, u"--confirm"_s, u"Mistral"_s }), 0);
    CHECK_EXIT(addMistral(u"Mistral"_s, makeSecret("m")), 0);
    QCOMPARE(defaults().value(u"Emb Three"_s), true);

    // The most recently updated remaining one (One, though Two was created later).
    const Outcome first = ctl({ u"delete"_s, u"Emb Three"_s, u"--confirm"_s, u"Emb Three"_s });
    CHECK_EXIT(first, 0);
    QVERIFY2(first.out.contains("Emb One"), first.out.constData());
    QCOMPARE(defaults(),
             (QMap<QString, bool> { { u"Emb One"_s, true }, { u"Emb Two"_s, false }, { u"Mistral"_s, false } }));

    const Outcome second = ctl({ u"delete"_s, u"Emb One"_s, u"--confirm"_s, u"Emb One"_s });
    CHECK_EXIT(second, 0);
    QCOMPARE(defaults(), (QMap<QString, bool> { { u"Emb Two"_s, true }, { u"Mistral"_s, false } }));

    // The last one: no default any more.
    const Outcome last = ctl({ u"delete"_s, u"Emb Two"_s, u"--confirm"_s, u"Emb Two"_s });
    CHECK_EXIT(last, 0);
    QVERIFY2(last.out.contains("no default embeddings"), last.out.constData());
    QCOMPARE(defaults(), (QMap<QString, bool> { { u"Mistral"_s, false } }));

    // A new embeddings credential becomes the default again.
    CHECK_EXIT(addEmbeddings(u"Emb Four"_s), 0);
    QCOMPARE(defaults(), (QMap<QString, bool> { { u"Emb Four"_s, true }, { u"Mistral"_s, false } }));
}

// --- names ------------------------------------------------------------------------------

void TestCredctl::namesMatchCaseInsensitively()
{
    const QString secret = makeSecret("prod");
    CHECK_EXIT(addMistral(u"Prod OpenAI"_s, secret), 0);
    CHECK_EXIT(addMistral(u"\u00c4pfel Key"_s, makeSecret("apfel")), 0);

    const QJsonObject shown = show(u"prod openai"_s, true);
    QCOMPARE(shown[u"name"_s].toString(), u"Prod OpenAI"_s);
    QVERIFY(shown[u"fields"_s][u"api_key"_s].toString() == secret);
    QCOMPARE(show(u"\u00e4PFEL KEY"_s, false)[u"name"_s].toString(), u"\u00c4pfel Key"_s);

    // Adding a name that differs only by case (or surrounding spaces) is a conflict.
    for (const QString& taken :
         { u"prod openai"_s, u"PROD OPENAI"_s, u"  Prod OpenAI  "_s, u"Prod OpenAI"_s, u"\u00e4pfel key"_s }) {
        const Outcome outcome = addMistral(taken, makeSecret("x"));
        CHECK_EXIT(outcome, 6);
        QVERIFY2(outcome.err.contains("already exists"), outcome.err.constData());
    }
    QCOMPARE(list().size(), 2);

    // Names are trimmed when saved.
    CHECK_EXIT(addMistral(u"  Spaced Name \t"_s, makeSecret("s")), 0);
    QCOMPARE(show(u"Spaced Name"_s, false)[u"name"_s].toString(), u"Spaced Name"_s);

    const Outcome edited = ctl({ u"edit"_s, u"PROD OPENAI"_s, u"--field"_s, u"endpoint=https://eu.example.com/v1"_s });
    CHECK_EXIT(edited, 0);
    QCOMPARE(show(u"Prod OpenAI"_s, false)[u"fields"_s][u"endpoint"_s].toString(), u"https://eu.example.com/v1"_s);

    CHECK_EXIT(ctl({ u"delete"_s, u"prod openai"_s, u"--confirm"_s, u"Prod OpenAI"_s }), 0);
    CHECK_EXIT(ctl({ u"show"_s, u"Prod OpenAI"_s }), 3);
}

void TestCredctl::namesMatchExactlyFirst()
{
    // The store keeps names unique case-insensitively, but a store written by another
    // program may hold two names that differ only by case: the exact one wins, and an
    // ambiguous case-insensitive name matches nothing.
    const QString alphaSecret = makeSecret("alpha");
    const QString betaSecret = makeSecret("beta");
    CHECK_EXIT(addMistral(u"Alpha"_s, alphaSecret), 0);
    CHECK_EXIT(addMistral(u"Beta"_s, betaSecret), 0);
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        QVERIFY2(sql.exec(u"UPDATE credentials SET name = 'alpha' WHERE name = 'Beta'"_s), qPrintable(sql.lastError()));
    }
    QVERIFY(show(u"Alpha"_s, true)[u"fields"_s][u"api_key"_s].toString() == alphaSecret);
    QVERIFY(show(u"alpha"_s, true)[u"fields"_s][u"api_key"_s].toString() == betaSecret);
    const Outcome ambiguous = ctl({ u"show"_s, u"ALPHA"_s });
    CHECK_EXIT(ambiguous, 3);
    QVERIFY2(!ambiguous.out.contains(alphaSecret.toUtf8()) && !ambiguous.out.contains(betaSecret.toUtf8()),
             "an ambiguous name printed a secret");
}

// --- refused calls ----------------------------------------------------------------------

void TestCredctl::refusedCallsChangeNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions"); // stderr must mention it (case-insensitively)

    const QString existing = u"Existing Key"_s;
    const QStringList mistral { u"add"_s, u"New One"_s, u"--provider"_s, u"mistral"_s };
    const QStringList azure { u"add"_s, u"New One"_s, u"--provider"_s, u"azure-openai"_s };
    const QStringList embeddings { u"add"_s,     u"New One"_s,  u"--provider"_s, u"azure-openai-embeddings"_s,
                                   u"--field"_s, u"api_key=k"_s };
    const QStringList custom { u"add"_s, u"New One"_s, u"--provider"_s, u"custom"_s, u"--field"_s, u"api_key=k"_s };
    const auto f = [](const QString& text) { return QStringList { u"--field"_s, text }; };

    // 1: usage
    QTest::newRow("unknown command") << QStringList { u"frobnicate"_s } << 1 << u"frobnicate"_s;
    QTest::newRow("unknown key command") << QStringList { u"key"_s, u"frobnicate"_s } << 1 << QString();
    QTest::newRow("unknown option") << QStringList { u"list"_s, u"--bogus"_s } << 1 << u"bogus"_s;
    QTest::newRow("option of another command") << QStringList { u"list"_s, u"--reveal"_s } << 1 << u"reveal"_s;
    QTest::newRow("show without a name") << QStringList { u"show"_s } << 1 << u"show"_s;
    QTest::newRow("show with two names") << QStringList { u"show"_s, existing, u"Extra"_s } << 1 << u"show"_s;
    QTest::newRow("add without --provider")
        << QStringList { u"add"_s, u"New One"_s, u"--field"_s, u"api_key=k"_s } << 1 << u"--provider"_s;
    QTest::newRow("--provider without a value")
        << QStringList { u"add"_s, u"New One"_s, u"--provider"_s } << 1 << QString();
    QTest::newRow("--field without =") << mistral + f(u"api_key"_s) << 1 << u"KEY=VALUE"_s;
    QTest::newRow("--field without a key") << mistral + f(u"=value"_s) << 1 << u"KEY=VALUE"_s;
    QTest::newRow("--field-env without =")
        << mistral + QStringList { u"--field-env"_s, u"api_key"_s } << 1 << u"KEY=VAR"_s;
    QTest::newRow("--field-env of an unset variable")
        << mistral + QStringList { u"--field-env"_s, u"api_key=CM_TEST_UNSET_VARIABLE"_s } << 1
        << u"CM_TEST_UNSET_VARIABLE"_s;
    QTest::newRow("edit with nothing to change") << QStringList { u"edit"_s, existing } << 1 << u"nothing to change"_s;
    QTest::newRow("delete without --confirm") << QStringList { u"delete"_s, existing } << 1 << u"--confirm"_s;

    // 3: not found
    QTest::newRow("show a missing name") << QStringList { u"show"_s, u"Nope"_s } << 3 << u"Nope"_s;
    QTest::newRow("show a prefix of a name") << QStringList { u"show"_s, u"Existing"_s } << 3 << u"Existing"_s;
    QTest::newRow("edit a missing name") << QStringList { u"edit"_s, u"Nope"_s } + f(u"api_key=k"_s) << 3 << u"Nope"_s;
    QTest::newRow("delete a missing name")
        << QStringList { u"delete"_s, u"Nope"_s, u"--confirm"_s, u"Nope"_s } << 3 << u"Nope"_s;

    // 4: validation
    QTest::newRow("unknown provider") << QStringList { u"add"_s, u"New One"_s, u"--provider"_s, u"openai"_s }
            + f(u"api_key=k"_s) << 4 << u"openai"_s;
    QTest::newRow("unknown field key") << mistral + f(u"api_key=k"_s) + f(u"region=eu"_s) << 4 << u"region"_s;
    QTest::newRow("unknown field key on edit")
        << QStringList { u"edit"_s, existing } + f(u"region=eu"_s) << 4 << u"region"_s;
    QTest::newRow("unknown field key with an empty value on edit")
        << QStringList { u"edit"_s, existing } + f(u"region="_s) << 4 << u"region"_s;
    QTest::newRow("field of another provider on edit")
        << QStringList { u"edit"_s, existing } + f(u"instance_name=x"_s) << 4 << u"instance_name"_s;
    QTest::newRow("missing API Key") << azure + f(u"endpoint=https://a.openai.azure.com"_s) + f(u"instance_name=a"_s)
                                     << 4 << u"API Key"_s;
    QTest::newRow("missing Instance Name")
        << azure + f(u"endpoint=https://a.openai.azure.com"_s) + f(u"api_key=k"_s) << 4 << u"Instance Name"_s;
    QTest::newRow("missing API Endpoint")
        << azure + f(u"instance_name=a"_s) + f(u"api_key=k"_s) << 4 << u"API Endpoint"_s;
    QTest::newRow("missing Embeddings API Key")
        << QStringList { u"add"_s, u"New One"_s, u"--provider"_s, u"azure-openai-embeddings"_s }
            + f(u"instance_name=a"_s) + f(u"deployment_name=b"_s)
        << 4 << u"Embeddings API Key"_s;
    QTest::newRow("missing Embeddings Deployment Name")
        << embeddings + f(u"instance_name=a"_s) << 4 << u"Embeddings Deployment Name"_s;
    QTest::newRow("missing Token") << QStringList { u"add"_s, u"New One"_s, u"--provider"_s, u"ionos"_s } << 4
                                   << u"Token"_s;
    QTest::newRow("missing custom Endpoint URL") << custom << 4 << u"Endpoint URL"_s;
    QTest::newRow("blank API Key") << mistral + f(u"api_key=   "_s) << 4 << u"API Key"_s;
    QTest::newRow("http endpoint on a public host")
        << custom + f(u"endpoint=http://llm.example.com/v1"_s) << 4 << u"Endpoint URL"_s;
    QTest::newRow("http Azure endpoint") << azure + f(u"endpoint=http://a.openai.azure.com"_s) + f(u"instance_name=a"_s)
            + f(u"api_key=k"_s) << 4 << u"API Endpoint"_s;
    QTest::newRow("endpoint without scheme") << custom + f(u"endpoint=llm.example.com/v1"_s) << 4 << u"Endpoint URL"_s;
    QTest::newRow("ftp endpoint") << custom + f(u"endpoint=ftp://llm.example.com/v1"_s) << 4 << u"Endpoint URL"_s;
    QTest::newRow("api_version 2023-5-15")
        << embeddings + f(u"instance_name=a"_s) + f(u"deployment_name=b"_s) + f(u"api_version=2023-5-15"_s) << 4
        << u"Embeddings API Version"_s;
    QTest::newRow("api_version with another suffix")
        << embeddings + f(u"instance_name=a"_s) + f(u"deployment_name=b"_s) + f(u"api_version=2023-05-15-beta"_s) << 4
        << u"Embeddings API Version"_s;
    QTest::newRow("empty name") << QStringList { u"add"_s, QString(), u"--provider"_s, u"mistral"_s }
            + f(u"api_key=k"_s) << 4
                                << u"Name"_s;
    QTest::newRow("blank name") << QStringList { u"add"_s, u"   "_s, u"--provider"_s, u"mistral"_s } + f(u"api_key=k"_s)
                                << 4 << u"Name"_s;
    QTest::newRow("name with a line break") << QStringList { u"add"_s, u"two\nlines"_s, u"--provider"_s, u"mistral"_s }
            + f(u"api_key=k"_s) << 4 << u"Name"_s;
    QTest::newRow("name of 201 characters")
        << QStringList { u"add"_s, QString(201, u'n'), u"--provider"_s, u"mistral"_s } + f(u"api_key=k"_s) << 4
        << u"Name"_s;
    QTest::newRow("edit clears a required field")
        << QStringList { u"edit"_s, existing } + f(u"api_key="_s) << 4 << u"API Key"_s;
    QTest::newRow("edit sets an http endpoint")
        << QStringList { u"edit"_s, existing } + f(u"endpoint=http://example.com/v1"_s) << 4 << u"Endpoint URL"_s;
    QTest::newRow("edit renames to a blank name")
        << QStringList { u"edit"_s, existing, u"--rename"_s, u"  "_s } << 4 << u"Name"_s;
    QTest::newRow("delete confirmation differs")
        << QStringList { u"delete"_s, existing, u"--confirm"_s, u"Existing"_s } << 4 << existing;
    QTest::newRow("delete confirmation differs in case")
        << QStringList { u"delete"_s, existing, u"--confirm"_s, u"existing key"_s } << 4 << existing;
    QTest::newRow("delete confirmation of a case-insensitive name")
        << QStringList { u"delete"_s, u"EXISTING KEY"_s, u"--confirm"_s, u"EXISTING KEY"_s } << 4 << existing;
    QTest::newRow("delete confirmation with a trailing space")
        << QStringList { u"delete"_s, existing, u"--confirm"_s, u"Existing Key "_s } << 4 << existing;

    // 6: name taken
    QTest::newRow("add the same name") << QStringList { u"add"_s, existing, u"--provider"_s, u"mistral"_s }
            + f(u"api_key=k"_s) << 6 << existing;
    QTest::newRow("add the name in other case")
        << QStringList { u"add"_s, u"existing KEY"_s, u"--provider"_s, u"custom"_s } + f(u"api_key=k"_s)
            + f(u"endpoint=https://x.example.com"_s)
        << 6 << existing;
    QTest::newRow("rename onto a name in other case")
        << QStringList { u"edit"_s, u"Azure Main"_s, u"--rename"_s, u"EXISTING key"_s } << 6 << existing;
}

void TestCredctl::refusedCallsChangeNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    CHECK_EXIT(addMistral(u"Existing Key"_s, makeSecret("existing")), 0);
    CHECK_EXIT(add(u"Azure Main"_s, u"azure-openai"_s,
                   { u"endpoint=https://main.openai.azure.com"_s, u"instance_name=main"_s },
                   { { u"api_key"_s, makeSecret("azure") } }),
               0);
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    QVERIFY(before.contains(u"creds.sqlite"_s));

    const Outcome outcome = ctl(arguments);
    CHECK_EXIT(outcome, code);
    QVERIFY2(outcome.err.startsWith("credctl: "), outcome.err.constData());
    QCOMPARE(outcome.err.count('\n'), 1); // one sentence on one line
    if (!mentions.isEmpty())
        CHECK_STDERR(outcome, mentions);
    QVERIFY2(outcome.out.isEmpty(), outcome.out.constData());
    CHECK_UNCHANGED(before, m_store);
}

void TestCredctl::refusedAddOnAMissingStoreCreatesNoFile()
{
    // Invalid input, a missing key and a malformed key are refused before the store exists.
    const Outcome invalid = ctl({ u"add"_s, u"X"_s, u"--provider"_s, u"custom"_s, u"--field"_s, u"api_key=k"_s });
    CHECK_EXIT(invalid, 4);
    const Outcome unknownProvider = ctl({ u"add"_s, u"X"_s, u"--provider"_s, u"nope"_s, u"--field"_s, u"api_key=k"_s });
    CHECK_EXIT(unknownProvider, 4);
    const Outcome withoutKey
        = ctlIn(baseEnvironment(), { u"add"_s, u"X"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s });
    CHECK_EXIT(withoutKey, 2);
    CHECK_STDERR(withoutKey, KeyVariable);
    const Outcome malformed = ctlIn(keyedEnvironment("abc"),
                                    { u"add"_s, u"X"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s });
    CHECK_EXIT(malformed, 2);
    QVERIFY2(QDir(m_dir->path()).entryList({ u"creds*"_s }, QDir::AllEntries | QDir::Hidden).isEmpty(),
             "a refused add created a store file");
}

void TestCredctl::anEmptyFileBecomesAStoreOnlyWhenWritten()
{
    // An empty file (made by someone else, readable by others) is no store yet.
    {
        QFile file(m_store);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    QVERIFY(QFile::setPermissions(
        m_store, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    const Outcome listed = ctlIn(baseEnvironment(), { u"list"_s });
    CHECK_EXIT(listed, 0);
    QVERIFY2(listed.out.contains("No credentials"), listed.out.constData());
    const Outcome shown = ctlIn(baseEnvironment(), { u"show"_s, u"X"_s });
    CHECK_EXIT(shown, 2);
    CHECK_EXIT(ctl({ u"show"_s, u"X"_s }), 3);
    CHECK_EXIT(ctl({ u"audit"_s }), 0);
    CHECK_UNCHANGED(before, m_store);

    // The first add makes it a store bound to the key at once, and private.
    CHECK_EXIT(addMistral(u"First"_s, makeSecret("first")), 0);
    QCOMPARE(modeOf(m_store), u"600"_s);
    SqlConnection connection(m_store);
    QVERIFY(connection.isOpen());
    QVERIFY(!connection.scalar(u"SELECT value FROM meta WHERE key = 'key_id'"_s).toString().isEmpty());
}

void TestCredctl::usageErrorsEchoNoArgumentValues()
{
    // A value typed in the wrong place could be a secret: the error names the command word only.
    const QString secret = makeSecret("misplaced");
    const Outcome unknown = ctl({ u"frobnicate"_s, secret });
    CHECK_EXIT(unknown, 1);
    CHECK_STDERR(unknown, u"frobnicate"_s);
    QVERIFY2(!unknown.err.contains(secret.toUtf8()), "the error echoed a value");
    const Outcome misplaced = ctl({ u"key"_s, u"rotated"_s, secret });
    CHECK_EXIT(misplaced, 1);
    QVERIFY2(!misplaced.err.contains(secret.toUtf8()), "the error echoed a value");

    // --store without its value is a usage error that says what is missing.
    const Outcome noValue = run({ u"list"_s, u"--store"_s }, keyedEnvironment());
    CHECK_EXIT(noValue, 1);
    CHECK_STDERR(noValue, u"store"_s);
    QCOMPARE(noValue.err.count('\n'), 1);
}

// --- edit and delete --------------------------------------------------------------------

void TestCredctl::editChangesFieldsAndNames()
{
    const QString first = makeSecret("first");
    const QString second = makeSecret("second");
    CHECK_EXIT(
        add(u"Edit Me"_s, u"mistral"_s, { u"endpoint=https://eu.mistral.example/v1"_s }, { { u"api_key"_s, first } }),
        0);
    const QJsonObject created = show(u"Edit Me"_s, true);
    QCOMPARE(created[u"revision"_s].toInt(), 1);

    // A changed field: new value, revision 2, newer updated_at, created_at kept.
    QProcessEnvironment environment = keyedEnvironment();
    environment.insert(u"CM_TEST_SECOND"_s, second);
    const Outcome changed
        = ctlIn(environment, { u"edit"_s, u"Edit Me"_s, u"--field-env"_s, u"api_key=CM_TEST_SECOND"_s });
    CHECK_EXIT(changed, 0);
    QVERIFY2(changed.out.contains("Updated"), changed.out.constData());
    QVERIFY(!changed.out.contains(second.toUtf8()) && !changed.err.contains(second.toUtf8()));
    QJsonObject now = show(u"Edit Me"_s, true);
    QCOMPARE(now[u"revision"_s].toInt(), 2);
    QVERIFY2(now[u"fields"_s][u"api_key"_s].toString() == second, "the edited secret was not stored");
    QCOMPARE(now[u"fields"_s][u"endpoint"_s].toString(), u"https://eu.mistral.example/v1"_s);
    QCOMPARE(now[u"created_at"_s].toString(), created[u"created_at"_s].toString());
    QVERIFY(now[u"updated_at"_s].toString() > created[u"updated_at"_s].toString());
    QCOMPARE(now[u"id"_s].toString(), created[u"id"_s].toString());

    // Clearing an optional field removes it; the others stay.
    CHECK_EXIT(ctl({ u"edit"_s, u"edit me"_s, u"--field"_s, u"endpoint="_s }), 0);
    now = show(u"Edit Me"_s, true);
    QCOMPARE(now[u"revision"_s].toInt(), 3);
    QVERIFY2(!now[u"fields"_s].toObject().contains(u"endpoint"_s), "the cleared endpoint is still stored");
    QVERIFY(now[u"fields"_s][u"api_key"_s].toString() == second);

    // Renaming keeps the values and bumps the revision.
    const Outcome renamed = ctl({ u"edit"_s, u"Edit Me"_s, u"--rename"_s, u"Edited"_s });
    CHECK_EXIT(renamed, 0);
    QVERIFY2(renamed.out.contains("Edited"), renamed.out.constData());
    CHECK_EXIT(ctl({ u"show"_s, u"Edit Me"_s }), 3);
    now = show(u"Edited"_s, true);
    QCOMPARE(now[u"name"_s].toString(), u"Edited"_s);
    QCOMPARE(now[u"revision"_s].toInt(), 4);
    QCOMPARE(now[u"id"_s].toString(), created[u"id"_s].toString());
    QVERIFY(now[u"fields"_s][u"api_key"_s].toString() == second);

    // Renaming onto another credential's name, in any case, is refused and changes nothing.
    CHECK_EXIT(addMistral(u"Other"_s, makeSecret("other")), 0);
    const Outcome onto = ctl({ u"edit"_s, u"Edited"_s, u"--rename"_s, u"OTHER"_s });
    CHECK_EXIT(onto, 6);
    QCOMPARE(show(u"Edited"_s, false)[u"revision"_s].toInt(), 4);
    QCOMPARE(show(u"Other"_s, false)[u"name"_s].toString(), u"Other"_s);

    // A credential may change the case of its own name.
    CHECK_EXIT(ctl({ u"edit"_s, u"Edited"_s, u"--rename"_s, u"EDITED"_s }), 0);
    QCOMPARE(show(u"EDITED"_s, false)[u"name"_s].toString(), u"EDITED"_s);

    CHECK_EXIT(ctl({ u"edit"_s, u"Missing"_s, u"--field"_s, u"api_key=k"_s }), 3);
    CHECK_EXIT(ctl({ u"edit"_s, u"EDITED"_s }), 1);

    // A required field with a default goes back to its default when cleared.
    CHECK_EXIT(add(u"Emb"_s, u"azure-openai-embeddings"_s,
                   { u"instance_name=i"_s, u"deployment_name=d"_s, u"api_version=2024-02-15-preview"_s },
                   { { u"api_key"_s, makeSecret("emb") } }),
               0);
    QCOMPARE(show(u"Emb"_s, false)[u"fields"_s][u"api_version"_s].toString(), u"2024-02-15-preview"_s);
    CHECK_EXIT(ctl({ u"edit"_s, u"Emb"_s, u"--field"_s, u"api_version="_s }), 0);
    QCOMPARE(show(u"Emb"_s, false)[u"fields"_s][u"api_version"_s].toString(), u"2023-05-15"_s);
}

void TestCredctl::deleteNeedsTheExactName()
{
    const QString secret = makeSecret("team");
    CHECK_EXIT(addMistral(u"Team Key"_s, secret), 0);

    const Outcome wrongCase = ctl({ u"delete"_s, u"Team Key"_s, u"--confirm"_s, u"team key"_s });
    CHECK_EXIT(wrongCase, 4);
    CHECK_STDERR(wrongCase, u"Team Key"_s);
    QVERIFY(show(u"Team Key"_s, true)[u"fields"_s][u"api_key"_s].toString() == secret);

    // NAME may match case-insensitively; the confirmation is the exact stored name.
    const Outcome deleted = ctl({ u"delete"_s, u"team key"_s, u"--confirm"_s, u"Team Key"_s });
    CHECK_EXIT(deleted, 0);
    QVERIFY2(deleted.out.contains("Deleted") && deleted.out.contains("Team Key"), deleted.out.constData());
    CHECK_EXIT(ctl({ u"show"_s, u"Team Key"_s }), 3);
    QVERIFY(list().isEmpty());
    const Outcome again = ctl({ u"delete"_s, u"Team Key"_s, u"--confirm"_s, u"Team Key"_s });
    CHECK_EXIT(again, 3);
}

// --- the encryption key -----------------------------------------------------------------

void TestCredctl::missingKey()
{
    CHECK_EXIT(addMistral(u"Prod"_s, makeSecret("prod")), 0);
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    QProcessEnvironment emptyKey = baseEnvironment();
    emptyKey.insert(KeyVariable, QString());
    for (const QProcessEnvironment& environment : { baseEnvironment(), emptyKey }) {
        const QList<QStringList> refused {
            { u"show"_s, u"Prod"_s },
            { u"show"_s, u"Prod"_s, u"--json"_s, u"--reveal"_s },
            { u"add"_s, u"Second"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
            { u"edit"_s, u"Prod"_s, u"--field"_s, u"api_key=k"_s },
            { u"edit"_s, u"Prod"_s, u"--rename"_s, u"Renamed"_s },
            { u"delete"_s, u"Prod"_s, u"--confirm"_s, u"Prod"_s },
        };
        for (const QStringList& arguments : refused) {
            const Outcome outcome = ctlIn(environment, arguments);
            CHECK_EXIT(outcome, 2);
            CHECK_STDERR(outcome, MissingKeyGuidance);
            CHECK_STDERR(outcome, u"credctl key generate"_s);
            QVERIFY(outcome.out.isEmpty());
            CHECK_UNCHANGED(before, m_store);
        }

        // Commands that decrypt nothing still work, with a warning on stderr.
        const Outcome listed = ctlIn(environment, { u"list"_s });
        CHECK_EXIT(listed, 0);
        QVERIFY(listed.out.contains("Prod"));
        CHECK_STDERR(listed, KeyVariable);
        const Outcome json = ctlIn(environment, { u"list"_s, u"--json"_s });
        CHECK_EXIT(json, 0);
        QVERIFY2(isJsonArray(json.out), "the warning went to stdout");
        QCOMPARE(jsonArray(json.out).size(), 1);
        const Outcome audit = ctlIn(environment, { u"audit"_s, u"--json"_s });
        CHECK_EXIT(audit, 0);
        QVERIFY2(isJsonArray(audit.out), "the warning went to stdout");
        CHECK_STDERR(audit, KeyVariable);
        CHECK_UNCHANGED(before, m_store);
    }
}

void TestCredctl::malformedKey_data()
{
    QTest::addColumn<QByteArray>("key");
    const QByteArray hex = randomBytes(32).toHex();
    QByteArray urlSafe;
    while (!urlSafe.contains('-') && !urlSafe.contains('_'))
        urlSafe = randomBytes(32).toBase64(QByteArray::Base64UrlEncoding);

    QTest::newRow("three characters") << QByteArray("abc");
    QTest::newRow("63 hex characters") << hex.left(63);
    QTest::newRow("65 hex characters") << hex + 'a';
    QTest::newRow("64 characters, not all hex") << hex.left(63) + 'g';
    QTest::newRow("hex with a space inside") << hex.left(32) + ' ' + hex.mid(32);
    QTest::newRow("base64 of 31 bytes (44 characters)") << randomBytes(31).toBase64();
    QTest::newRow("base64 of 33 bytes (44 characters)") << randomBytes(33).toBase64();
    QTest::newRow("base64 without its padding")
        << randomBytes(32).toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals);
    QTest::newRow("url-safe base64") << urlSafe;
    QTest::newRow("white space only") << QByteArray("   ");
}

void TestCredctl::malformedKey()
{
    QFETCH(QByteArray, key);
    if (QByteArray(QTest::currentDataTag()).contains("(44 characters)"))
        QCOMPARE(key.size(), 44); // the same length as a valid base64 key

    CHECK_EXIT(addMistral(u"Prod"_s, makeSecret("prod")), 0);
    const QMap<QString, QByteArray> before = snapshotOf(m_store);
    const QProcessEnvironment environment = keyedEnvironment(key);
    const QList<QStringList> refused {
        { u"show"_s, u"Prod"_s },
        { u"add"_s, u"Second"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
        { u"edit"_s, u"Prod"_s, u"--field"_s, u"api_key=k"_s },
        { u"delete"_s, u"Prod"_s, u"--confirm"_s, u"Prod"_s },
    };
    for (const QStringList& arguments : refused) {
        const Outcome outcome = ctlIn(environment, arguments);
        CHECK_EXIT(outcome, 2);
        CHECK_STDERR(outcome, KeyVariable);
        CHECK_STDERR(outcome, u"credctl key generate"_s);
        if (!key.trimmed().isEmpty())
            QVERIFY(!outcome.err.contains(key.trimmed())); // the key itself is never echoed
        CHECK_UNCHANGED(before, m_store);
    }
    const Outcome listed = ctlIn(environment, { u"list"_s });
    CHECK_EXIT(listed, 0);
    CHECK_STDERR(listed, KeyVariable);
    CHECK_UNCHANGED(before, m_store);
}

void TestCredctl::acceptedKeyForms_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray bytes = randomBytes(32);
    QTest::newRow("hex") << bytes.toHex() << bytes;
    QTest::newRow("upper-case hex") << bytes.toHex().toUpper() << bytes;
    QTest::newRow("hex with a trailing newline") << bytes.toHex() + '\n' << bytes;
    QTest::newRow("hex with surrounding white space") << " \t" + bytes.toHex() + " \n" << bytes;
    QTest::newRow("base64") << bytes.toBase64() << bytes;
    QTest::newRow("base64 with a trailing newline") << bytes.toBase64() + '\n' << bytes;
}

void TestCredctl::acceptedKeyForms()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, bytes);
    if (QByteArray(QTest::currentDataTag()).startsWith("base64"))
        QCOMPARE(key.trimmed().size(), 44);
    const QByteArray canonical = bytes.toHex();
    const QString secret = makeSecret("form");

    // A store written under this form reads under the plain hex form of the same bytes ...
    QProcessEnvironment environment = keyedEnvironment(key);
    environment.insert(u"CM_TEST_SECRET"_s, secret);
    CHECK_EXIT(
        ctlIn(environment,
              { u"add"_s, u"Formed"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s }),
        0);
    const Outcome read = ctlIn(keyedEnvironment(canonical), { u"show"_s, u"Formed"_s, u"--json"_s, u"--reveal"_s });
    CHECK_EXIT(read, 0);
    QVERIFY(jsonObject(read.out)[u"fields"_s][u"api_key"_s].toString() == secret);

    // ... and this form reads and writes a store made under the hex form.
    CHECK_EXIT(ctlIn(keyedEnvironment(canonical),
                     { u"add"_s, u"Hexed"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s }),
               0);
    CHECK_EXIT(ctlIn(environment, { u"show"_s, u"Hexed"_s, u"--reveal"_s }), 0);
    CHECK_EXIT(ctlIn(environment, { u"edit"_s, u"Hexed"_s, u"--field"_s, u"api_key=k2"_s }), 0);
}

void TestCredctl::wrongKey()
{
    const QString secret = makeSecret("prod");
    CHECK_EXIT(addMistral(u"Prod"_s, secret), 0);
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    const QByteArray otherBytes = randomBytes(32);
    for (const QByteArray& other : { otherBytes.toHex(), otherBytes.toBase64() }) {
        const QProcessEnvironment environment = keyedEnvironment(other);
        const QList<QStringList> refused {
            { u"show"_s, u"Prod"_s },
            { u"show"_s, u"Prod"_s, u"--json"_s, u"--reveal"_s },
            { u"add"_s, u"Second"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
            { u"edit"_s, u"Prod"_s, u"--field"_s, u"api_key=k"_s },
            { u"edit"_s, u"Prod"_s, u"--rename"_s, u"Renamed"_s },
            { u"delete"_s, u"Prod"_s, u"--confirm"_s, u"Prod"_s },
        };
        for (const QStringList& arguments : refused) {
            const Outcome outcome = ctlIn(environment, arguments);
            CHECK_EXIT(outcome, 2);
            CHECK_STDERR(outcome, u"does not match"_s);
            QVERIFY(!outcome.out.contains(secret.toUtf8()));
            CHECK_UNCHANGED(before, m_store);
        }
        const Outcome listed = ctlIn(environment, { u"list"_s });
        CHECK_EXIT(listed, 0);
        QVERIFY(listed.out.contains("Prod"));
        CHECK_STDERR(listed, u"does not match"_s);
        CHECK_UNCHANGED(before, m_store);
    }
    // The right key still reads it.
    QVERIFY(show(u"Prod"_s, true)[u"fields"_s][u"api_key"_s].toString() == secret);
}

// --- audit ------------------------------------------------------------------------------

void TestCredctl::auditLogsChangesWithoutValues()
{
    const QString first = makeSecret("audit1");
    const QString second = makeSecret("audit2");
    const QString privateHost = u"audit-%1.example.com"_s.arg(QString::fromLatin1(randomBytes(6).toHex()));

    CHECK_EXIT(
        add(u"Audit Me"_s, u"custom"_s, { u"endpoint=https://llm.example.com/v1"_s }, { { u"api_key"_s, first } }), 0);
    const QString id = show(u"Audit Me"_s, false)[u"id"_s].toString();
    QVERIFY(!id.isEmpty());
    QProcessEnvironment environment = keyedEnvironment();
    environment.insert(u"CM_TEST_SECOND"_s, second);
    CHECK_EXIT(ctlIn(environment, { u"edit"_s, u"Audit Me"_s, u"--field-env"_s, u"api_key=CM_TEST_SECOND"_s }), 0);
    CHECK_EXIT(ctl({ u"edit"_s, u"Audit Me"_s, u"--rename"_s, u"Audit Renamed"_s }), 0);
    CHECK_EXIT(ctl({ u"edit"_s, u"Audit Renamed"_s, u"--rename"_s, u"Audit Final"_s, u"--field"_s,
                     u"endpoint=https://" + privateHost + u"/v1"_s }),
               0);
    CHECK_EXIT(ctl({ u"delete"_s, u"Audit Final"_s, u"--confirm"_s, u"Audit Final"_s }), 0);

    const Outcome json = ctl({ u"audit"_s, u"--json"_s });
    CHECK_EXIT(json, 0);
    QVERIFY(isJsonArray(json.out));
    const QJsonArray entries = jsonArray(json.out);
    QList<QPair<QString, QStringList>> actions;
    QStringList names;
    for (const QJsonValue& value : entries) {
        const QJsonObject entry = value.toObject();
        for (const QString& key :
             { u"id"_s, u"at"_s, u"actor"_s, u"action"_s, u"credential_id"_s, u"credential_name"_s, u"fields"_s })
            QVERIFY2(entry.contains(key), qPrintable(u"an audit entry has no \"%1\""_s.arg(key)));
        QVERIFY2(!entry[u"actor"_s].toString().isEmpty(), "an audit entry has no actor");
        QVERIFY(QDateTime::fromString(entry[u"at"_s].toString(), Qt::ISODateWithMs).isValid());
        QCOMPARE(entry[u"credential_id"_s].toString(), id);
        QVERIFY(entry[u"fields"_s].isArray());
        QStringList fields;
        for (const QJsonValue& field : entry[u"fields"_s].toArray())
            fields << field.toString();
        actions.append({ entry[u"action"_s].toString(), fields });
        names << entry[u"credential_name"_s].toString();
    }
    QCOMPARE(actions.size(), 6);
    QCOMPARE(actions.first().first, u"create"_s);
    QCOMPARE(actions.first().second, QStringList({ u"api_key"_s, u"endpoint"_s }));
    QCOMPARE(names.first(), u"Audit Me"_s);
    QCOMPARE(actions.at(1).first, u"update"_s);
    QCOMPARE(actions.at(1).second, QStringList({ u"api_key"_s }));
    QCOMPARE(actions.at(2).first, u"rename"_s);
    QCOMPARE(names.at(2), u"Audit Renamed"_s);
    // The last edit renamed and changed a field: one entry for each, in either order.
    const QList<QPair<QString, QStringList>> combined = actions.mid(3, 2);
    QVERIFY(combined.contains(QPair<QString, QStringList>(u"rename"_s, {})));
    QVERIFY(combined.contains(QPair<QString, QStringList>(u"update"_s, { u"endpoint"_s })));
    QCOMPARE(actions.last().first, u"delete"_s);
    QCOMPARE(names.last(), u"Audit Final"_s);

    const Outcome human = ctl({ u"audit"_s });
    CHECK_EXIT(human, 0);
    for (const char* text : { "create", "update", "rename", "delete", "Audit Me", "Audit Final", "api_key" })
        QVERIFY2(human.out.contains(text), text);

    const Outcome withoutKey = ctlIn(baseEnvironment(), { u"audit"_s, u"--json"_s });
    CHECK_EXIT(withoutKey, 0);
    CHECK_STDERR(withoutKey, KeyVariable);
    QCOMPARE(withoutKey.out, json.out);

    // Never a value: neither secret nor the endpoint that was set.
    for (const Outcome* outcome : { &json, &human, &withoutKey }) {
        for (const QString& value : { first, second, privateHost }) {
            QVERIFY2(!outcome->out.contains(value.toUtf8()) && !outcome->err.contains(value.toUtf8()),
                     "the audit output holds a field value");
        }
    }
}

// --- unreadable, newer and busy stores --------------------------------------------------

void TestCredctl::unreadableStore_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("random bytes") << 0;
    QTest::newRow("a text file") << 1;
    QTest::newRow("another program's SQLite database") << 2;
    QTest::newRow("a folder") << 3;
}

void TestCredctl::unreadableStore()
{
    QFETCH(int, kind);
    switch (kind) {
    case 0: {
        QByteArray bytes = randomBytes(8192);
        bytes.replace(0, 6, "\x7f\x01\x02\x03\x04\x05"); // surely not "SQLite format 3"
        QFile file(m_store);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        break;
    }
    case 1: {
        QFile file(m_store);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (int i = 0; i < 200; ++i)
            file.write("These are not the credentials you are looking for.\n");
        break;
    }
    case 2: {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        QVERIFY(sql.exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"_s));
        QVERIFY(sql.exec(u"INSERT INTO notes (body) VALUES ('keep me')"_s));
        break;
    }
    case 3:
        QVERIFY(QDir().mkpath(m_store));
        break;
    }
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    const QList<QStringList> commands {
        { u"list"_s },
        { u"list"_s, u"--json"_s },
        { u"show"_s, u"Anything"_s },
        { u"add"_s, u"Anything"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
        { u"edit"_s, u"Anything"_s, u"--field"_s, u"api_key=k"_s },
        { u"delete"_s, u"Anything"_s, u"--confirm"_s, u"Anything"_s },
        { u"audit"_s },
    };
    for (const QStringList& arguments : commands) {
        const Outcome outcome = ctl(arguments);
        CHECK_EXIT(outcome, 7);
        QVERIFY2(outcome.err.startsWith("credctl: "), outcome.err.constData());
        QVERIFY2(outcome.err.contains(QFile::encodeName(QDir::toNativeSeparators(m_store))),
                 qPrintable(u"the message does not name the store: "_s + QString::fromUtf8(outcome.err)));
        QVERIFY(outcome.out.isEmpty());
        CHECK_UNCHANGED(before, m_store);
    }
}

void TestCredctl::newerSchemaVersion()
{
    CHECK_EXIT(addMistral(u"Prod"_s, makeSecret("prod")), 0);
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        QVERIFY2(sql.exec(u"UPDATE meta SET value = '999' WHERE key = 'schema_version'"_s),
                 qPrintable(sql.lastError()));
        QCOMPARE(sql.scalar(u"SELECT value FROM meta WHERE key = 'schema_version'"_s).toString(), u"999"_s);
    }
    const QMap<QString, QByteArray> before = snapshotOf(m_store);

    const QList<QStringList> commands {
        { u"list"_s },
        { u"show"_s, u"Prod"_s },
        { u"add"_s, u"Second"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
        { u"edit"_s, u"Prod"_s, u"--field"_s, u"api_key=k"_s },
        { u"delete"_s, u"Prod"_s, u"--confirm"_s, u"Prod"_s },
        { u"audit"_s },
    };
    for (const QStringList& arguments : commands) {
        const Outcome outcome = ctl(arguments);
        CHECK_EXIT(outcome, 7);
        CHECK_STDERR(outcome, u"newer version"_s);
        CHECK_UNCHANGED(before, m_store);
    }
}

void TestCredctl::busyStore()
{
    CHECK_EXIT(addMistral(u"Existing"_s, makeSecret("existing")), 0);
    {
        SqlConnection lock(m_store);
        QVERIFY(lock.isOpen());
        QVERIFY2(lock.exec(u"BEGIN IMMEDIATE"_s), qPrintable(lock.lastError()));

        QElapsedTimer timer;
        timer.start();
        const Outcome blocked = addMistral(u"Blocked"_s, makeSecret("blocked"));
        const qint64 waited = timer.elapsed();
        CHECK_EXIT(blocked, 8);
        CHECK_STDERR(blocked, u"busy"_s);
        // It waited for the busy timeout (5 s by default) before giving up, and not much longer.
        QVERIFY2(waited >= 4000 && waited < 15000, qPrintable(u"gave up after %1 ms"_s.arg(waited)));

        QVERIFY2(lock.exec(u"ROLLBACK"_s), qPrintable(lock.lastError()));
    }
    const QMap<QString, bool> names = defaults();
    QCOMPARE(names.keys(), QStringList({ u"Existing"_s }));
    // Once the lock is released the same call succeeds.
    CHECK_EXIT(addMistral(u"Blocked"_s, makeSecret("blocked")), 0);
    QCOMPARE(list().size(), 2);
}

void TestCredctl::staleEditIsAConflictOnSqlite()
{
    const QString secret = makeSecret("stale");
    CHECK_EXIT(
        add(u"Stale"_s, u"custom"_s, { u"endpoint=https://start.example.com/v1"_s }, { { u"api_key"_s, secret } }), 0);
    const QString one = u"https://one.example.com/v1"_s;
    const QString two = u"https://two.example.com/v1"_s;
    Outcome first;
    Outcome second;
    {
        // The test holds the store's write lock while two edits read the credential (WAL readers
        // need no lock) and queue behind it: the first to get the lock wins, the second is stale.
        SqlConnection lock(m_store);
        QVERIFY(lock.isOpen());
        QVERIFY2(lock.exec(u"BEGIN IMMEDIATE"_s), qPrintable(lock.lastError()));
        const std::unique_ptr<QProcess> edit1 = start({ u"edit"_s, u"Stale"_s, u"--field"_s, u"endpoint="_s + one });
        const std::unique_ptr<QProcess> edit2 = start({ u"edit"_s, u"Stale"_s, u"--field"_s, u"endpoint="_s + two });
        // Well within the 5 s busy timeout; long enough for both to read the credential.
        QTest::qWait(1000);
        const bool bothWaited = edit1->state() == QProcess::Running && edit2->state() == QProcess::Running;
        QVERIFY2(lock.exec(u"ROLLBACK"_s), qPrintable(lock.lastError()));
        first = finishCredctl(*edit1);
        second = finishCredctl(*edit2);
        QVERIFY2(bothWaited,
                 qPrintable(u"an edit finished while the write lock was held: "_s + describe(first, 0) + u"; "_s
                            + describe(second, 0)));
    }
    QVERIFY2((first.code == 0 && second.code == 6) || (first.code == 6 && second.code == 0),
             qPrintable(describe(first, 0) + u"; "_s + describe(second, 0)));
    const Outcome& stale = first.code == 6 ? first : second;
    CHECK_ONE_SENTENCE(stale);
    CHECK_STDERR(stale, u"changed by someone else"_s);
    CHECK_STDERR(stale, u"Stale"_s);

    // Exactly the winner's change is stored, once.
    const QJsonObject shown = show(u"Stale"_s, true);
    QCOMPARE(shown.value(u"revision"_s).toInt(), 2);
    QCOMPARE(shown.value(u"fields"_s).toObject().value(u"endpoint"_s).toString(), first.code == 0 ? one : two);
    QVERIFY2(shown.value(u"fields"_s).toObject().value(u"api_key"_s).toString() == secret,
             "the api_key no edit touched was not kept");
    SqlConnection sql(m_store);
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM audit_log WHERE action = 'update'"_s).toInt(), 1);
}

void TestCredctl::concurrentEditsOnSqlite()
{
    CHECK_EXIT(add(u"Shared"_s, u"custom"_s, { u"endpoint=https://start.example.com/v1"_s },
                   { { u"api_key"_s, makeSecret("shared") } }),
               0);
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
        const auto [first, second] = runTogether({ u"edit"_s, u"Shared"_s, u"--field"_s, u"endpoint="_s + a },
                                                 { u"edit"_s, u"Shared"_s, u"--field"_s, u"endpoint="_s + b });
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
        // A conflict means someone else's save won: never both told.
        QVERIFY2(!written.isEmpty(), qPrintable(u"round %1: both edits met a conflict"_s.arg(round)));
        lastWritten = written;
    }
    qInfo("%d concurrent edits succeeded and %d met a conflict in %lld ms", successes, conflicts,
          static_cast<long long>(timer.elapsed()));

    // No lost update: every successful edit made exactly one revision and one audit entry.
    const QJsonObject shown = show(u"Shared"_s, true);
    QCOMPARE(shown.value(u"revision"_s).toInt(), 1 + successes);
    QVERIFY2(lastWritten.contains(shown.value(u"fields"_s).toObject().value(u"endpoint"_s).toString()),
             "the stored endpoint is not one written by a successful edit of the last round");
    SqlConnection sql(m_store);
    QCOMPARE(sql.scalar(u"SELECT count(*) FROM audit_log WHERE action = 'update'"_s).toInt(), successes);
}

// --- command line -----------------------------------------------------------------------

void TestCredctl::helpAndVersion()
{
    const QProcessEnvironment environment = baseEnvironment(); // help needs no key
    for (const QStringList& arguments :
         { QStringList { u"--help"_s }, QStringList { u"-h"_s }, QStringList { u"help"_s } }) {
        const Outcome top = run(arguments, environment);
        CHECK_EXIT(top, 0);
        for (const QString& command : CommandNames)
            QVERIFY2(top.out.contains(command.toUtf8()), qPrintable(u"top-level help misses "_s + command));
        QVERIFY(top.out.contains("--store"));
    }

    // No command at all: the overview, as a usage error.
    const Outcome bare = run({}, environment);
    CHECK_EXIT(bare, 1);
    QVERIFY(bare.out.contains("Usage") || bare.err.contains("Usage"));

    const QMap<QString, QStringList> options {
        { u"providers"_s, { u"--json"_s } },
        { u"list"_s, { u"--json"_s } },
        { u"show"_s, { u"--json"_s, u"--reveal"_s } },
        { u"add"_s, { u"--provider"_s, u"--field"_s, u"--field-env"_s } },
        { u"edit"_s, { u"--rename"_s, u"--field"_s, u"--field-env"_s } },
        { u"delete"_s, { u"--confirm"_s } },
        { u"key generate"_s, {} },
        { u"audit"_s, { u"--json"_s } },
    };
    for (const QString& command : CommandNames) {
        const QStringList words = command.split(u' ');
        for (const QStringList& arguments : { words + QStringList { u"--help"_s }, QStringList { u"--help"_s } + words,
                                              QStringList { u"help"_s } + words }) {
            const Outcome help = run(arguments, environment);
            CHECK_EXIT(help, 0);
            QVERIFY2(help.out.contains(QByteArray(QByteArray("credctl ") + command.toUtf8())),
                     qPrintable(u"help for %1: %2"_s.arg(command, QString::fromUtf8(help.out))));
            for (const QString& option : options.value(command))
                QVERIFY2(help.out.contains(option.toUtf8()), qPrintable(command + u" help misses "_s + option));
        }
    }

    static const QRegularExpression version(u"\\Acredctl \\d+\\.\\d+(\\.\\d+)?\\S*\\n\\z"_s);
    for (const QStringList& arguments : { QStringList { u"--version"_s }, QStringList { u"list"_s, u"--version"_s } }) {
        const Outcome outcome = run(arguments, environment);
        CHECK_EXIT(outcome, 0);
        QVERIFY2(version.match(QString::fromUtf8(outcome.out)).hasMatch(), outcome.out.constData());
    }

    // Asking for help touches no store.
    QVERIFY(!QFileInfo::exists(m_store));
}

void TestCredctl::storeOptionAndEnvironment()
{
    const QString before = m_dir->filePath(u"before.sqlite"_s);
    const QString after = m_dir->filePath(u"after.sqlite"_s);
    const QString equals = m_dir->filePath(u"equals.sqlite"_s);
    const QString fromEnvironment = m_dir->filePath(u"environment.sqlite"_s);
    const QProcessEnvironment keyed = keyedEnvironment();

    CHECK_EXIT(run({ u"--store"_s, before, u"add"_s, u"Before"_s, u"--provider"_s, u"mistral"_s, u"--field"_s,
                     u"api_key=k"_s },
                   keyed),
               0);
    CHECK_EXIT(
        run({ u"add"_s, u"After"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s, u"--store"_s, after },
            keyed),
        0);
    CHECK_EXIT(run({ u"add"_s, u"Equals"_s, u"--store="_s + equals, u"--provider"_s, u"mistral"_s, u"--field"_s,
                     u"api_key=k"_s },
                   keyed),
               0);
    QVERIFY(QFileInfo::exists(before));
    QVERIFY(QFileInfo::exists(after));
    QVERIFY(QFileInfo::exists(equals));

    const auto names = [&](const QStringList& arguments, const QProcessEnvironment& environment) {
        const Outcome outcome = run(arguments, environment);
        QStringList result;
        for (const QJsonValue& entry : jsonArray(outcome.out))
            result << entry[u"name"_s].toString();
        return outcome.code == 0 ? result : QStringList { u"<failed>"_s };
    };
    QCOMPARE(names({ u"list"_s, u"--json"_s, u"--store"_s, before }, keyed), QStringList({ u"Before"_s }));
    QCOMPARE(names({ u"--store"_s, after, u"list"_s, u"--json"_s }, keyed), QStringList({ u"After"_s }));
    QCOMPARE(names({ u"list"_s, u"--store"_s, equals, u"--json"_s }, keyed), QStringList({ u"Equals"_s }));
    CHECK_EXIT(run({ u"show"_s, u"Before"_s, u"--store"_s, before }, keyed), 0);
    CHECK_EXIT(run({ u"show"_s, u"Before"_s, u"--store"_s, after }, keyed), 3);

    // CREDENTIAL_STORE is the store when no --store is given; --store wins over it.
    QProcessEnvironment withStore = keyed;
    withStore.insert(u"CREDENTIAL_STORE"_s, fromEnvironment);
    CHECK_EXIT(run({ u"add"_s, u"From Environment"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key=k"_s },
                   withStore),
               0);
    QVERIFY(QFileInfo::exists(fromEnvironment));
    QCOMPARE(names({ u"list"_s, u"--json"_s }, withStore), QStringList({ u"From Environment"_s }));
    QCOMPARE(names({ u"list"_s, u"--json"_s, u"--store"_s, before }, withStore), QStringList({ u"Before"_s }));
    CHECK_EXIT(run({ u"show"_s, u"From Environment"_s }, withStore), 0);
}

void TestCredctl::defaultStoreIsPrivate_data()
{
    QTest::addColumn<bool>("dataHomeExists");
    QTest::newRow("XDG_DATA_HOME exists") << true;
    QTest::newRow("XDG_DATA_HOME does not exist yet (a new account)") << false;
}

void TestCredctl::defaultStoreIsPrivate()
{
    QFETCH(bool, dataHomeExists);
    m_defaultStoreExpected = true;
    const QString path = defaultStorePath();
    const QString folder = QFileInfo(path).absolutePath();
    const QString dataHome = QFileInfo(folder).absolutePath();
    if (dataHomeExists)
        QVERIFY(QDir().mkpath(dataHome));
    QVERIFY(!QFileInfo::exists(folder));

    // No --store and no CREDENTIAL_STORE: the store is credential-manager/credentials.sqlite
    // under XDG_DATA_HOME.
    QProcessEnvironment environment = keyedEnvironment();
    environment.insert(u"CM_TEST_SECRET"_s, makeSecret("default"));
    const Outcome added
        = run({ u"add"_s, u"Default"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s },
              environment);
    CHECK_EXIT(added, 0);
    QVERIFY2(QFileInfo(path).isFile(), qPrintable(path));
    QCOMPARE(modeOf(path), u"600"_s);
    QCOMPARE(modeOf(folder), u"700"_s);
    // The folder holds the store and nothing else.
    QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList({ u"credentials.sqlite"_s }));

    const Outcome listed = run({ u"list"_s, u"--json"_s }, keyedEnvironment());
    CHECK_EXIT(listed, 0);
    QCOMPARE(jsonArray(listed.out).size(), 1);
    QCOMPARE(jsonArray(listed.out).first()[u"name"_s].toString(), u"Default"_s);
    // The help names the default path.
    const Outcome help = run({ u"--help"_s }, baseEnvironment());
    CHECK_EXIT(help, 0);
    QVERIFY2(help.out.contains(QFile::encodeName(QDir::toNativeSeparators(path))), help.out.constData());
}

void TestCredctl::noSecretInTheStoreFiles()
{
    // Secrets in several spellings a careless implementation could leave in the file.
    const QStringList secrets { makeSecret("store-a"), makeSecret("store-b"), makeSecret("store-c"),
                                makeSecret("store-d") };
    const auto forms = [](const QString& secret) {
        QByteArray utf16le;
        QByteArray utf16be;
        for (const QChar c : secret) {
            utf16le.append(char(c.unicode() & 0xff)).append(char(c.unicode() >> 8));
            utf16be.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xff));
        }
        const QByteArray utf8 = secret.toUtf8();
        return QList<QByteArray> { utf8, utf16le, utf16be, utf8.toBase64(), utf8.toHex() };
    };
    const auto check = [&](const char* when) -> QString {
        const QMap<QString, QByteArray> files = snapshotOf(m_store);
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            for (qsizetype i = 0; i < secrets.size(); ++i) {
                const QList<QByteArray> spellings = forms(secrets[i]);
                for (qsizetype form = 0; form < spellings.size(); ++form) {
                    if (it.value().contains(spellings[form]))
                        return u"%1: %2 holds secret %3 (spelling %4)"_s.arg(QLatin1String(when), it.key())
                            .arg(i)
                            .arg(form);
                }
            }
        }
        return {};
    };

    CHECK_EXIT(addMistral(u"Store A"_s, secrets[0]), 0);
    {
        // A second connection keeps the write-ahead log in place while credctl writes.
        SqlConnection reader(m_store);
        QVERIFY(reader.isOpen());
        QCOMPARE(reader.scalar(u"SELECT count(*) FROM credentials"_s).toInt(), 1);
        QCOMPARE(reader.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);

        CHECK_EXIT(add(u"Store B"_s, u"azure-openai"_s,
                       { u"endpoint=https://b.openai.azure.com"_s, u"instance_name=b"_s },
                       { { u"api_key"_s, secrets[1] } }),
                   0);
        CHECK_EXIT(add(u"Store C"_s, u"ionos"_s, {}, { { u"token"_s, secrets[2] } }), 0);
        QProcessEnvironment environment = keyedEnvironment();
        environment.insert(u"CM_TEST_SECRET"_s, secrets[3]);
        CHECK_EXIT(ctlIn(environment, { u"edit"_s, u"Store A"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s }), 0);

        const QMap<QString, QByteArray> files = snapshotOf(m_store);
        QVERIFY2(files.contains(u"creds.sqlite-wal"_s), qPrintable(files.keys().join(u", "_s)));
        QVERIFY(!files.value(u"creds.sqlite-wal"_s).isEmpty());
        for (auto it = files.cbegin(); it != files.cend(); ++it)
            QVERIFY2(modeOf(m_dir->filePath(it.key())) == u"600"_s, qPrintable(it.key() + u" is not 0600"_s));
        const QString problem = check("while the log is in use");
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // What the store holds instead: version byte, nonce, ciphertext; fresh nonce per write.
        QSqlQuery query(reader.db());
        QVERIFY(query.exec(u"SELECT payload FROM credentials"_s));
        QSet<QByteArray> nonces;
        int rows = 0;
        while (query.next()) {
            const QByteArray payload = query.value(0).toByteArray();
            QVERIFY(payload.size() > 1 + 24 + 16);
            QCOMPARE(payload.at(0), '\x01');
            nonces.insert(payload.mid(1, 24));
            ++rows;
        }
        QCOMPARE(rows, 3);
        QCOMPARE(nonces.size(), 3);
    }
    // After every connection closed, the log is folded into the file: still no secret.
    const QString problem = check("after all connections closed");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(snapshotOf(m_store).contains(u"creds.sqlite"_s));

    // The secrets are all there to be revealed, so the search above was meaningful.
    QVERIFY(show(u"Store A"_s, true)[u"fields"_s][u"api_key"_s].toString() == secrets[3]);
    QVERIFY(show(u"Store B"_s, true)[u"fields"_s][u"api_key"_s].toString() == secrets[1]);
    QVERIFY(show(u"Store C"_s, true)[u"fields"_s][u"token"_s].toString() == secrets[2]);
}

QTEST_GUILESS_MAIN(TestCredctl)
#include "TestCredctl.moc"
