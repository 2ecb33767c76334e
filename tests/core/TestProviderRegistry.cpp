#include "registry/ProviderRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cm;

// The registry must match the product page and SPEC section 3 to the letter: these are the
// labels administrators see and the keys other programs read from payloads.
class TestProviderRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void providersAreThePagesFive();
    void fieldsMatchThePage_data();
    void fieldsMatchThePage();
    void defaults();
    void everyProviderHasAProbe();
    void jsonOutputHasTheFileShape();
    void brokenRegistriesAreRefused_data();
    void brokenRegistriesAreRefused();
};

void TestProviderRegistry::providersAreThePagesFive()
{
    const ProviderRegistry& registry = ProviderRegistry::builtin();
    QCOMPARE(registry.ids(),
             QStringList({ QStringLiteral("azure-openai"), QStringLiteral("azure-openai-embeddings"),
                           QStringLiteral("mistral"), QStringLiteral("ionos"), QStringLiteral("custom") }));
    QCOMPARE(registry.provider(QStringLiteral("azure-openai"))->name, QStringLiteral("Azure OpenAI"));
    QCOMPARE(registry.provider(QStringLiteral("azure-openai-embeddings"))->name,
             QStringLiteral("Azure OpenAI Embeddings"));
    QCOMPARE(registry.provider(QStringLiteral("mistral"))->name, QStringLiteral("Mistral AI"));
    QCOMPARE(registry.provider(QStringLiteral("ionos"))->name, QStringLiteral("IONOS"));
    QCOMPARE(registry.provider(QStringLiteral("custom"))->name, QStringLiteral("Custom Provider"));
    QVERIFY(!registry.provider(QStringLiteral("openai")));

    // Only the embeddings provider becomes the default embeddings credential.
    for (const ProviderSpec& provider : registry.providers())
        QCOMPARE(provider.defaultEmbeddings, provider.id == QLatin1String("azure-openai-embeddings"));
}

void TestProviderRegistry::fieldsMatchThePage_data()
{
    // "key|label|kind|required" per field, in form order.
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QStringList>("fields");
    QTest::newRow("azure-openai") << QStringLiteral("azure-openai")
                                  << QStringList { QStringLiteral("endpoint|API Endpoint|url|1"),
                                                   QStringLiteral("instance_name|Instance Name|text|1"),
                                                   QStringLiteral("api_key|API Key|secret|1") };
    QTest::newRow("azure-openai-embeddings")
        << QStringLiteral("azure-openai-embeddings")
        << QStringList { QStringLiteral("instance_name|Embeddings Instance Name|text|1"),
                         QStringLiteral("deployment_name|Embeddings Deployment Name|text|1"),
                         QStringLiteral("api_key|Embeddings API Key|secret|1"),
                         QStringLiteral("api_version|Embeddings API Version|text|1"),
                         QStringLiteral("endpoint|Endpoint URL|url|0") };
    QTest::newRow("mistral") << QStringLiteral("mistral")
                             << QStringList { QStringLiteral("api_key|API Key|secret|1"),
                                              QStringLiteral("endpoint|Endpoint URL|url|0") };
    QTest::newRow("ionos") << QStringLiteral("ionos")
                           << QStringList { QStringLiteral("token|Token|secret|1"),
                                            QStringLiteral("endpoint|Endpoint URL|url|0") };
    QTest::newRow("custom") << QStringLiteral("custom")
                            << QStringList { QStringLiteral("api_key|API Key|secret|1"),
                                             QStringLiteral("endpoint|Endpoint URL|url|1") };
}

void TestProviderRegistry::fieldsMatchThePage()
{
    QFETCH(QString, provider);
    QFETCH(QStringList, fields);
    const ProviderSpec* spec = ProviderRegistry::builtin().provider(provider);
    QVERIFY(spec);
    QStringList actual;
    for (const FieldSpec& field : spec->fields) {
        actual.append(QStringLiteral("%1|%2|%3|%4")
                          .arg(field.key, field.label, FieldSpec::kindName(field.kind))
                          .arg(field.required ? 1 : 0));
        QVERIFY2(!field.help.isEmpty(), qPrintable(field.key));
    }
    QCOMPARE(actual, fields);
}

void TestProviderRegistry::defaults()
{
    const ProviderRegistry& registry = ProviderRegistry::builtin();
    const auto defaultOf = [&](const char* provider, const char* key) {
        const FieldSpec* field = registry.provider(QString::fromLatin1(provider))->field(QString::fromLatin1(key));
        return field && field->defaultValue ? *field->defaultValue : QStringLiteral("<none>");
    };
    QCOMPARE(defaultOf("azure-openai-embeddings", "api_version"), QStringLiteral("2023-05-15"));
    QCOMPARE(defaultOf("azure-openai-embeddings", "endpoint"),
             QStringLiteral("https://{instance_name}.openai.azure.com"));
    QCOMPARE(defaultOf("mistral", "endpoint"), QStringLiteral("https://api.mistral.ai/v1"));
    QCOMPARE(defaultOf("ionos", "endpoint"), QStringLiteral("https://openai.inference.de-txl.ionos.com/v1"));
    QCOMPARE(defaultOf("custom", "endpoint"), QStringLiteral("<none>"));
    QCOMPARE(defaultOf("azure-openai", "api_key"), QStringLiteral("<none>"));
}

void TestProviderRegistry::everyProviderHasAProbe()
{
    for (const ProviderSpec& provider : ProviderRegistry::builtin().providers()) {
        const QJsonArray requests = provider.probeJson.value(QLatin1String("requests")).toArray();
        QVERIFY2(!requests.isEmpty(), qPrintable(provider.id));
        QVERIFY2(provider.probeJson.value(QLatin1String("auth")).isObject(), qPrintable(provider.id));
        for (const QJsonValue& request : requests) {
            const QString method = request.toObject().value(QLatin1String("method")).toString();
            QVERIFY2(method == QLatin1String("GET") || method == QLatin1String("POST"), qPrintable(provider.id));
        }
    }
    // The embeddings check starts with the free models request, then the embeddings call.
    const QJsonArray embeddings = ProviderRegistry::builtin()
                                      .provider(QStringLiteral("azure-openai-embeddings"))
                                      ->probeJson.value(QLatin1String("requests"))
                                      .toArray();
    QCOMPARE(embeddings.size(), 2);
    QCOMPARE(embeddings.at(0).toObject().value(QLatin1String("path")).toString(), QStringLiteral("/openai/models"));
    QCOMPARE(embeddings.at(1).toObject().value(QLatin1String("method")).toString(), QStringLiteral("POST"));
}

void TestProviderRegistry::jsonOutputHasTheFileShape()
{
    // `credctl providers --json` and providers.json share one shape: the output equals the file.
    QFile file(QStringLiteral(":/providers.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray fromFile = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(ProviderRegistry::builtin().toJson(), fromFile);

    Result<ProviderRegistry> reparsed = ProviderRegistry::fromJson(QJsonDocument(fromFile).toJson());
    QVERIFY(reparsed.ok());
    QCOMPARE(reparsed->toJson(), fromFile);
}

void TestProviderRegistry::brokenRegistriesAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    const QByteArray field = R"({"key":"api_key","label":"API Key","kind":"secret","required":true})";
    QTest::newRow("not json") << QByteArray("[{");
    QTest::newRow("object") << QByteArray("{}");
    QTest::newRow("empty") << QByteArray("[]");
    QTest::newRow("no id") << QByteArray(R"([{"name":"X","fields":[)" + field + "]}]");
    QTest::newRow("no fields") << QByteArray(R"([{"id":"x","name":"X","fields":[]}])");
    QTest::newRow("unknown kind") << QByteArray(
        R"([{"id":"x","name":"X","fields":[{"key":"k","label":"K","kind":"number","required":true}]}])");
    QTest::newRow("required not bool") << QByteArray(
        R"([{"id":"x","name":"X","fields":[{"key":"k","label":"K","kind":"text","required":"yes"}]}])");
    QTest::newRow("no label") << QByteArray(
        R"([{"id":"x","name":"X","fields":[{"key":"k","kind":"text","required":true}]}])");
    QTest::newRow("duplicate field") << QByteArray(R"([{"id":"x","name":"X","fields":[)" + field + "," + field + "]}]");
    QTest::newRow("duplicate provider") << QByteArray(R"([{"id":"x","name":"X","fields":[)" + field
                                                      + R"(]},{"id":"x","name":"Y","fields":[)" + field + "]}]");
}

void TestProviderRegistry::brokenRegistriesAreRefused()
{
    QFETCH(QByteArray, json);
    Result<ProviderRegistry> registry = ProviderRegistry::fromJson(json);
    QVERIFY(!registry.ok());
    QCOMPARE(registry.error().code, ErrorCode::Corrupt);
    QVERIFY(registry.error().message.startsWith(QLatin1String("The provider registry is invalid")));
}

QTEST_GUILESS_MAIN(TestProviderRegistry)
#include "TestProviderRegistry.moc"
