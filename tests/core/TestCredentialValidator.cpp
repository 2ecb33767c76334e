#include "registry/CredentialValidator.h"

#include <QTest>

using namespace cm;

// The rules of SPEC section 3, through the one validator every caller uses. Each refusal
// must name the field by the label the administrator sees.
class TestCredentialValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data();
    void names();
    void fields_data();
    void fields();
    void normalisation();
    void unknownProviderListsTheKnownOnes();
};

void TestCredentialValidator::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("stored"); // empty when refused
    QTest::addColumn<QString>("problem"); // part of the message when refused
    QTest::newRow("plain") << QStringLiteral("Production") << QStringLiteral("Production") << QString();
    QTest::newRow("trimmed") << QStringLiteral("  Prod EU \t") << QStringLiteral("Prod EU") << QString();
    QTest::newRow("unicode") << QStringLiteral("Straße 🔑") << QStringLiteral("Straße 🔑") << QString();
    QTest::newRow("sql text") << QStringLiteral("x'); DROP TABLE credentials;--")
                              << QStringLiteral("x'); DROP TABLE credentials;--") << QString();
    QTest::newRow("200 characters") << QString(200, QLatin1Char('n')) << QString(200, QLatin1Char('n')) << QString();
    QTest::newRow("200 emoji") << QString(QStringLiteral("🔑")).repeated(200)
                               << QString(QStringLiteral("🔑")).repeated(200) << QString();
    QTest::newRow("empty") << QString() << QString() << QStringLiteral("Name is required");
    QTest::newRow("blank") << QStringLiteral("   ") << QString() << QStringLiteral("Name is required");
    QTest::newRow("201 characters") << QString(201, QLatin1Char('n')) << QString() << QStringLiteral("at most 200");
    QTest::newRow("line break") << QStringLiteral("a\nb") << QString() << QStringLiteral("control character");
    QTest::newRow("escape") << QStringLiteral("a\x1b[31mb") << QString() << QStringLiteral("control character");
}

void TestCredentialValidator::names()
{
    QFETCH(QString, name);
    QFETCH(QString, stored);
    QFETCH(QString, problem);
    Result<QString> result = CredentialValidator::validateName(name);
    if (problem.isEmpty()) {
        QVERIFY(result.ok());
        QCOMPARE(result.value(), stored);
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Validation);
        QVERIFY2(result.error().message.contains(problem), qPrintable(result.error().message));
    }
}

void TestCredentialValidator::fields_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem"); // empty when accepted
    const QString azure = QStringLiteral("azure-openai");
    const QString embeddings = QStringLiteral("azure-openai-embeddings");
    const QString custom = QStringLiteral("custom");

    QTest::newRow("https endpoint") << azure << "endpoint"
                                    << "https://r.openai.azure.com" << QString();
    QTest::newRow("missing endpoint") << azure << "endpoint"
                                      << ""
                                      << "API Endpoint is required";
    QTest::newRow("blank key") << azure << "api_key"
                               << "   "
                               << "API Key is required";
    QTest::newRow("relative url") << azure << "endpoint"
                                  << "r.openai.azure.com"
                                  << "API Endpoint must be an absolute https://";
    QTest::newRow("ftp url") << custom << "endpoint"
                             << "ftp://example.com"
                             << "Endpoint URL must be an absolute https://";
    QTest::newRow("http remote") << custom << "endpoint"
                                 << "http://example.com/v1"
                                 << "Endpoint URL must use https://";
    QTest::newRow("http localhost") << custom << "endpoint"
                                    << "http://localhost:8080/v1" << QString();
    QTest::newRow("http 127.0.0.1") << custom << "endpoint"
                                    << "http://127.0.0.1:1234/v1" << QString();
    QTest::newRow("http ::1") << custom << "endpoint"
                              << "http://[::1]:1234/v1" << QString();
    QTest::newRow("http 10.0.0.1") << custom << "endpoint"
                                   << "http://10.0.0.1/v1"
                                   << "Endpoint URL must use https://";
    QTest::newRow("url with space") << custom << "endpoint"
                                    << "https://exa mple.com"
                                    << "Endpoint URL must be";
    QTest::newRow("control in key") << custom << "api_key"
                                    << "sk-\n123"
                                    << "API Key contains a control character";
    QTest::newRow("version") << embeddings << "api_version"
                             << "2024-02-01" << QString();
    QTest::newRow("preview version") << embeddings << "api_version"
                                     << "2024-02-15-preview" << QString();
    QTest::newRow("short version") << embeddings << "api_version"
                                   << "2023-5-15"
                                   << "Embeddings API Version must look like";
    QTest::newRow("word version") << embeddings << "api_version"
                                  << "latest"
                                  << "Embeddings API Version must look like";
    QTest::newRow("beta version") << embeddings << "api_version"
                                  << "2024-02-15-beta"
                                  << "Embeddings API Version must look like";
    QTest::newRow("empty version takes default") << embeddings << "api_version"
                                                 << "" << QString();
    QTest::newRow("empty optional endpoint") << embeddings << "endpoint"
                                             << "" << QString();
    QTest::newRow("unknown key") << azure << "deployment"
                                 << "x"
                                 << "\"deployment\" is not a field of Azure OpenAI";
}

void TestCredentialValidator::fields()
{
    QFETCH(QString, provider);
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    const ProviderSpec* spec = ProviderRegistry::builtin().provider(provider);
    QVERIFY(spec);
    // Start from a complete, valid set and change the one field under test.
    FieldValues input;
    for (const FieldSpec& field : spec->fields) {
        if (field.kind == FieldSpec::Kind::Url)
            input.insert(field.key, QStringLiteral("https://example.com/v1"));
        else if (field.key == QLatin1String("api_version"))
            input.insert(field.key, QStringLiteral("2023-05-15"));
        else
            input.insert(field.key, QStringLiteral("value-") + field.key);
    }
    input.insert(key, value);
    Result<FieldValues> result = CredentialValidator::validateFields(*spec, input);
    if (problem.isEmpty()) {
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Validation);
        QVERIFY2(result.error().message.contains(problem), qPrintable(result.error().message));
    }
}

void TestCredentialValidator::normalisation()
{
    const ProviderSpec* embeddings = ProviderRegistry::builtin().provider(QStringLiteral("azure-openai-embeddings"));
    const FieldValues input { { QStringLiteral("instance_name"), QStringLiteral("  inst  ") },
                              { QStringLiteral("deployment_name"), QStringLiteral("dep") },
                              { QStringLiteral("api_key"), QStringLiteral("k\t") },
                              { QStringLiteral("endpoint"), QStringLiteral(" ") } };
    Result<FieldValues> result = CredentialValidator::validateFields(*embeddings, input);
    QVERIFY(result.ok());
    // Trimmed values; the required version gets its default; the empty optional endpoint is left out.
    QCOMPARE(result->map(),
             (QMap<QString, QString> { { QStringLiteral("instance_name"), QStringLiteral("inst") },
                                       { QStringLiteral("deployment_name"), QStringLiteral("dep") },
                                       { QStringLiteral("api_key"), QStringLiteral("k") },
                                       { QStringLiteral("api_version"), QStringLiteral("2023-05-15") } }));
}

void TestCredentialValidator::unknownProviderListsTheKnownOnes()
{
    Error error { ErrorCode::Usage, {} };
    QVERIFY(!CredentialValidator::findProvider(ProviderRegistry::builtin(), QStringLiteral("openai"), &error));
    QCOMPARE(error.code, ErrorCode::Validation);
    QVERIFY(error.message.contains(QLatin1String("\"openai\"")));
    QVERIFY(error.message.contains(QLatin1String("azure-openai, azure-openai-embeddings, mistral, ionos, custom")));
    QVERIFY(CredentialValidator::findProvider(ProviderRegistry::builtin(), QStringLiteral("ionos"), &error));
}

QTEST_GUILESS_MAIN(TestCredentialValidator)
#include "TestCredentialValidator.moc"
