#include "network/JwtToken.h"
#include "network/ProbePlan.h"
#include "registry/ProviderRegistry.h"
#include "support/Jwt.h"
#include "support/SecretMask.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

using namespace cm;
using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using Values = QMap<QString, QString>;
using Status = ConnectionTestResult::Status;

const QString AzureKey = u"azure-key-0123456789abcdef"_s;
const QString EmbeddingsKey = u"embeddings-key-fedcba9876543210"_s;
const QString MistralKey = u"mistral-key-AbCdEf0123456789"_s;
const QString CustomKey = u"sk-custom-0123456789"_s;

// A fixed "now" so the token expiry checks do not depend on the day the test runs.
const QDateTime Now(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

const ProviderSpec& builtinProvider(const QString& id)
{
    const ProviderSpec* provider = ProviderRegistry::builtin().provider(id);
    if (!provider)
        qFatal("the built-in registry has no provider %s", qPrintable(id));
    return *provider;
}

FieldValues fieldValues(const Values& values)
{
    FieldValues result;
    for (auto it = values.begin(); it != values.end(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

// `values` without the keys the provider has no field for (one set serves both Azure providers).
Values onlyFieldsOf(const QString& providerId, Values values)
{
    for (const QString& key : values.keys()) {
        if (!builtinProvider(providerId).field(key))
            values.remove(key);
    }
    return values;
}

ProbePlan prepare(const QString& providerId, const Values& values)
{
    return ProbePlan::prepare(builtinProvider(providerId), fieldValues(values), Now);
}

// Every key and token of this test: no failure message shows one of them.
SecretMask& knownSecrets()
{
    static SecretMask secrets = [] {
        SecretMask mask;
        for (const QString& key : { AzureKey, EmbeddingsKey, MistralKey, CustomKey })
            mask.add(key);
        return mask;
    }();
    return secrets;
}

QByteArray shown(const QString& text)
{
    return knownSecrets().printable(text);
}

QString jwt(const QJsonObject& payload)
{
    return knownSecrets().remember(Jwt::make(payload));
}

QString jwtExpiringAt(const QDateTime& when)
{
    return knownSecrets().remember(Jwt::expiringAt(when));
}

QString jwtWithMiddle(const QString& middle)
{
    return knownSecrets().remember(Jwt::withPayloadPart(middle));
}

// "METHOD URL[ BODY]", so a whole plan compares as one list with a readable difference. A key
// in a URL or body shows as <secret>: the comparison fails all the same, and prints no key.
QStringList describe(const QList<ProbePlan::Request>& requests)
{
    QStringList result;
    for (const ProbePlan::Request& request : requests) {
        QString line = QString::fromLatin1(request.method) + u' ' + request.url.toString(QUrl::FullyEncoded);
        if (!request.body.isEmpty())
            line += u' ' + QString::fromUtf8(request.body);
        result.append(knownSecrets().masked(line));
    }
    return result;
}

QJsonObject field(const QString& key, const QString& label, const QString& kind, bool required)
{
    return QJsonObject { { u"key"_s, key },           { u"label"_s, label },          { u"kind"_s, kind },
                         { u"required"_s, required }, { u"default"_s, QJsonValue() }, { u"placeholder"_s, QString() },
                         { u"help"_s, QString() } };
}

// A one-provider registry document with an endpoint of `endpointKind`, a key and a
// deployment name, and the given probe.
QByteArray registryJson(const QJsonObject& probe, const QString& endpointKind = u"url"_s)
{
    const QJsonObject provider {
        { u"id"_s, u"test"_s },
        { u"name"_s, u"Test Provider"_s },
        { u"default_embeddings"_s, false },
        { u"fields"_s,
          QJsonArray { field(u"endpoint"_s, u"Server Address"_s, endpointKind, true),
                       field(u"api_key"_s, u"Access Key"_s, u"secret"_s, true),
                       field(u"deployment"_s, u"Deployment"_s, u"text"_s, false) } },
        { u"probe"_s, probe },
    };
    return QJsonDocument(QJsonArray { provider }).toJson();
}

QJsonObject modelsRequest()
{
    return QJsonObject { { u"method"_s, u"GET"_s }, { u"path"_s, u"/models"_s }, { u"expect"_s, u"data_array"_s } };
}

QJsonObject minimalProbe()
{
    return QJsonObject {
        { u"base"_s, u"{endpoint}"_s },
        { u"auth"_s, QJsonObject { { u"header"_s, u"Authorization"_s }, { u"value"_s, u"Bearer {api_key}"_s } } },
        { u"requests"_s, QJsonArray { modelsRequest() } },
    };
}

QJsonObject probeWithRequest(const QJsonObject& request)
{
    QJsonObject probe = minimalProbe();
    probe.insert(u"requests"_s, QJsonArray { request });
    return probe;
}

} // namespace

// The connection test made concrete (SPEC section 7): which requests go where with which
// header, what is refused before anything is sent, and the warnings that need no request.
class TestProbePlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsOfEachProvider_data();
    void requestsOfEachProvider();
    void azureEndpointIsNormalised_data();
    void azureEndpointIsNormalised();
    void hostThatIsNotTheInstanceIsWarned_data();
    void hostThatIsNotTheInstanceIsWarned();
    void deploymentNameIsPercentEncoded();
    void referencesInAnyPartOfARequestAreFilled();
    void ionosTokenWarnings_data();
    void ionosTokenWarnings();
    void jwtInspection_data();
    void jwtInspection();
    void invalidValuesAreRefused_data();
    void invalidValuesAreRefused();
    void unusableInstanceNameIsNamed();
    void plainHttpIsRefusedByTheProbeItself_data();
    void plainHttpIsRefusedByTheProbeItself();
    void hostLabel();
    void retryBase_data();
    void retryBase();
    void fillNeverInsertsASecret();
    void secretsAndLabels_data();
    void secretsAndLabels();
    void brokenProbesAreRefused_data();
    void brokenProbesAreRefused();
    void authMayNameAPlainFieldBeforeTheSecret();
};

void TestProbePlan::requestsOfEachProvider_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<Values>("values");
    QTest::addColumn<QString>("base");
    QTest::addColumn<QStringList>("requests");
    QTest::addColumn<QByteArray>("authHeader");
    QTest::addColumn<QString>("authValue");

    const QString ionosToken = jwtExpiringAt(Now.addDays(30));

    QTest::newRow("azure-openai")
        << u"azure-openai"_s
        << Values { { u"endpoint"_s, u"https://myres.openai.azure.com"_s },
                    { u"instance_name"_s, u"myres"_s },
                    { u"api_key"_s, AzureKey } }
        << u"https://myres.openai.azure.com"_s
        << QStringList { u"GET https://myres.openai.azure.com/openai/models?api-version=2024-10-21"_s }
        << QByteArray("api-key") << AzureKey;
    QTest::newRow("azure-openai-embeddings with endpoint")
        << u"azure-openai-embeddings"_s
        << Values { { u"instance_name"_s, u"emb"_s },
                    { u"deployment_name"_s, u"text-embedding-3-small"_s },
                    { u"api_key"_s, EmbeddingsKey },
                    { u"api_version"_s, u"2024-02-01"_s },
                    { u"endpoint"_s, u"https://emb.openai.azure.com"_s } }
        << u"https://emb.openai.azure.com"_s
        << QStringList { u"GET https://emb.openai.azure.com/openai/models?api-version=2024-10-21"_s,
                         u"POST https://emb.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings"
                         "?api-version=2024-02-01 {\"input\":\"ping\"}"_s }
        << QByteArray("api-key") << EmbeddingsKey;
    QTest::newRow("azure-openai-embeddings defaults")
        << u"azure-openai-embeddings"_s
        << Values { { u"instance_name"_s, u"emb"_s },
                    { u"deployment_name"_s, u"text-embedding-3-small"_s },
                    { u"api_key"_s, EmbeddingsKey },
                    { u"api_version"_s, QString() },
                    { u"endpoint"_s, QString() } }
        << u"https://emb.openai.azure.com"_s
        << QStringList { u"GET https://emb.openai.azure.com/openai/models?api-version=2024-10-21"_s,
                         u"POST https://emb.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings"
                         "?api-version=2023-05-15 {\"input\":\"ping\"}"_s }
        << QByteArray("api-key") << EmbeddingsKey;
    QTest::newRow("mistral default endpoint")
        << u"mistral"_s << Values { { u"api_key"_s, MistralKey } } << u"https://api.mistral.ai/v1"_s
        << QStringList { u"GET https://api.mistral.ai/v1/models"_s } << QByteArray("Authorization")
        << QString(u"Bearer "_s + MistralKey);
    QTest::newRow("mistral own endpoint")
        << u"mistral"_s << Values { { u"api_key"_s, MistralKey }, { u"endpoint"_s, u"https://eu.mistral.test/v1/"_s } }
        << u"https://eu.mistral.test/v1"_s << QStringList { u"GET https://eu.mistral.test/v1/models"_s }
        << QByteArray("Authorization") << QString(u"Bearer "_s + MistralKey);
    QTest::newRow("ionos default endpoint")
        << u"ionos"_s << Values { { u"token"_s, ionosToken } } << u"https://openai.inference.de-txl.ionos.com/v1"_s
        << QStringList { u"GET https://openai.inference.de-txl.ionos.com/v1/models"_s } << QByteArray("Authorization")
        << QString(u"Bearer "_s + ionosToken);
    QTest::newRow("custom") << u"custom"_s
                            << Values { { u"api_key"_s, CustomKey },
                                        { u"endpoint"_s, u"https://llm.example.com/v1"_s } }
                            << u"https://llm.example.com/v1"_s
                            << QStringList { u"GET https://llm.example.com/v1/models"_s } << QByteArray("Authorization")
                            << QString(u"Bearer "_s + CustomKey);
    QTest::newRow("custom on this computer")
        << u"custom"_s << Values { { u"api_key"_s, CustomKey }, { u"endpoint"_s, u"http://127.0.0.1:8080/v1"_s } }
        << u"http://127.0.0.1:8080/v1"_s << QStringList { u"GET http://127.0.0.1:8080/v1/models"_s }
        << QByteArray("Authorization") << QString(u"Bearer "_s + CustomKey);
}

void TestProbePlan::requestsOfEachProvider()
{
    QFETCH(QString, provider);
    QFETCH(Values, values);
    QFETCH(QString, base);
    QFETCH(QStringList, requests);
    QFETCH(QByteArray, authHeader);
    QFETCH(QString, authValue);

    const ProbePlan plan = prepare(provider, values);
    QVERIFY2(!plan.refusal(), plan.refusal() ? shown(plan.refusal()->message) : "");
    QVERIFY2(plan.warnings().isEmpty(), shown(plan.warnings().join(u'\n')));
    QCOMPARE(plan.base().toString(), base);
    QCOMPARE(describe(plan.requests(plan.base())), requests);
    QCOMPARE(plan.authHeader(), authHeader);
    QVERIFY2(plan.authValue() == authValue.toUtf8(), "the auth value is not the key in the registry's form");
    // The key travels in the header only, never in the address.
    for (const ProbePlan::Request& request : plan.requests(plan.base()))
        QVERIFY(!request.url.toString().contains(values.value(u"api_key"_s, values.value(u"token"_s))));
}

void TestProbePlan::azureEndpointIsNormalised_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("base");

    const QString azure = u"azure-openai"_s;
    const QString embeddings = u"azure-openai-embeddings"_s;
    QTest::newRow("as given") << azure << u"https://myres.openai.azure.com"_s << u"https://myres.openai.azure.com"_s;
    QTest::newRow("trailing slash") << azure << u"https://myres.openai.azure.com/"_s
                                    << u"https://myres.openai.azure.com"_s;
    QTest::newRow("trailing slashes") << azure << u"https://myres.openai.azure.com///"_s
                                      << u"https://myres.openai.azure.com"_s;
    QTest::newRow("/openai") << azure << u"https://myres.openai.azure.com/openai"_s
                             << u"https://myres.openai.azure.com"_s;
    QTest::newRow("/openai/") << azure << u"https://myres.openai.azure.com/openai/"_s
                              << u"https://myres.openai.azure.com"_s;
    QTest::newRow("pasted call") << azure
                                 << u"https://myres.openai.azure.com/openai/deployments/x/chat/completions"
                                    "?api-version=1"_s
                                 << u"https://myres.openai.azure.com"_s;
    QTest::newRow("upper-case OpenAI") << azure << u"https://myres.openai.azure.com/OpenAI/models"_s
                                       << u"https://myres.openai.azure.com"_s;
    QTest::newRow("cognitiveservices") << azure << u"https://myres.cognitiveservices.azure.com/openai/models"_s
                                       << u"https://myres.cognitiveservices.azure.com"_s;
    QTest::newRow("port kept") << azure << u"https://myres.openai.azure.com:8443/openai/"_s
                               << u"https://myres.openai.azure.com:8443"_s;
    QTest::newRow("proxy prefix kept") << azure << u"https://myres.openai.azure.com/gateway/openai/deployments/x"_s
                                       << u"https://myres.openai.azure.com/gateway"_s;
    QTest::newRow("fragment dropped") << azure << u"https://myres.openai.azure.com/#top"_s
                                      << u"https://myres.openai.azure.com"_s;
    // Only a whole path segment is an /openai suffix.
    QTest::newRow("/openaifoo kept") << azure << u"https://myres.openai.azure.com/openaifoo"_s
                                     << u"https://myres.openai.azure.com/openaifoo"_s;
    QTest::newRow("/openaifoo/openai") << azure << u"https://myres.openai.azure.com/openaifoo/openai/models"_s
                                       << u"https://myres.openai.azure.com/openaifoo"_s;
    QTest::newRow("embeddings pasted call")
        << embeddings << u"https://myres.openai.azure.com/openai/deployments/e/embeddings?api-version=2023-05-15"_s
        << u"https://myres.openai.azure.com"_s;
    QTest::newRow("embeddings cognitiveservices") << embeddings << u"https://myres.cognitiveservices.azure.com/"_s
                                                  << u"https://myres.cognitiveservices.azure.com"_s;
}

void TestProbePlan::azureEndpointIsNormalised()
{
    QFETCH(QString, provider);
    QFETCH(QString, endpoint);
    QFETCH(QString, base);

    const ProbePlan plan = prepare(provider,
                                   onlyFieldsOf(provider,
                                                Values { { u"endpoint"_s, endpoint },
                                                         { u"instance_name"_s, u"myres"_s },
                                                         { u"deployment_name"_s, u"emb"_s },
                                                         { u"api_key"_s, AzureKey } }));
    QVERIFY2(!plan.refusal(), plan.refusal() ? shown(plan.refusal()->message) : "");
    QCOMPARE(plan.base().toString(), base);
    // A host that starts with the instance name is no reason for a warning.
    QVERIFY2(plan.warnings().isEmpty(), shown(plan.warnings().join(u'\n')));
    QCOMPARE(plan.requests(plan.base()).first().url.toString(QUrl::FullyEncoded),
             QString(base + u"/openai/models?api-version=2024-10-21"_s));
}

void TestProbePlan::hostThatIsNotTheInstanceIsWarned_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("instance");
    QTest::addColumn<QString>("warning"); // part of the one warning, empty for none

    const QString azure = u"azure-openai"_s;
    const QString embeddings = u"azure-openai-embeddings"_s;
    QTest::newRow("openai.azure.com") << azure << u"https://myres.openai.azure.com"_s << u"myres"_s << QString();
    QTest::newRow("cognitiveservices") << azure << u"https://myres.cognitiveservices.azure.com"_s << u"myres"_s
                                       << QString();
    QTest::newRow("case differs") << azure << u"https://myres.openai.azure.com"_s << u"MyRes"_s << QString();
    QTest::newRow("other resource") << azure << u"https://other.openai.azure.com"_s << u"myres"_s
                                    << u"The host other.openai.azure.com does not start with the Instance Name "
                                       "\"myres\""_s;
    QTest::newRow("proxy") << azure << u"https://gateway.example.com/azure"_s << u"myres"_s
                           << u"does not start with the Instance Name \"myres\""_s;
    QTest::newRow("embeddings other resource") << embeddings << u"https://other.openai.azure.com"_s << u"emb"_s
                                               << u"does not start with the Embeddings Instance Name \"emb\""_s;
    QTest::newRow("embeddings default endpoint") << embeddings << QString() << u"emb"_s << QString();
    // The instance is the host's whole first label, not any prefix of it: prod-eu is another
    // resource than prod.
    QTest::newRow("instance a prefix of the first label")
        << azure << u"https://prod-eu.openai.azure.com"_s << u"prod"_s
        << u"The host prod-eu.openai.azure.com does not start with the Instance Name \"prod\""_s;
    QTest::newRow("first label a prefix of the instance") << azure << u"https://pro.openai.azure.com"_s << u"prod"_s
                                                          << u"does not start with the Instance Name \"prod\""_s;
    QTest::newRow("instance in a later label") << azure << u"https://eu.prod.openai.azure.com"_s << u"prod"_s
                                               << u"does not start with the Instance Name \"prod\""_s;
    QTest::newRow("first label is the instance")
        << azure << u"https://prod.openai.azure.com"_s << u"prod"_s << QString();
    QTest::newRow("first label is the instance, upper case")
        << azure << u"https://PROD.openai.azure.com"_s << u"prod"_s << QString();
    QTest::newRow("instance upper case") << azure << u"https://prod.openai.azure.com"_s << u"PROD"_s << QString();
    QTest::newRow("embeddings instance a prefix") << embeddings << u"https://emb-2.openai.azure.com"_s << u"emb"_s
                                                  << u"does not start with the Embeddings Instance Name \"emb\""_s;
}

void TestProbePlan::hostThatIsNotTheInstanceIsWarned()
{
    QFETCH(QString, provider);
    QFETCH(QString, endpoint);
    QFETCH(QString, instance);
    QFETCH(QString, warning);

    const ProbePlan plan = prepare(provider,
                                   onlyFieldsOf(provider,
                                                Values { { u"endpoint"_s, endpoint },
                                                         { u"instance_name"_s, instance },
                                                         { u"deployment_name"_s, u"emb"_s },
                                                         { u"api_key"_s, AzureKey } }));
    // A warning, not a refusal: proxies and sovereign clouds have other host names.
    QVERIFY2(!plan.refusal(), plan.refusal() ? shown(plan.refusal()->message) : "");
    QCOMPARE(plan.requests(plan.base()).size(), provider == u"azure-openai"_s ? 1 : 2);
    if (warning.isEmpty()) {
        QVERIFY2(plan.warnings().isEmpty(), shown(plan.warnings().join(u'\n')));
    } else {
        QCOMPARE(plan.warnings().size(), 1);
        QVERIFY2(plan.warnings().first().contains(warning), shown(plan.warnings().first()));
        QVERIFY(!plan.warnings().first().contains(AzureKey));
    }
}

void TestProbePlan::deploymentNameIsPercentEncoded()
{
    const QString deployment = u"my dep/2?x=1#y%z\u00e9"_s;
    const ProbePlan plan = prepare(u"azure-openai-embeddings"_s,
                                   Values { { u"instance_name"_s, u"emb"_s },
                                            { u"deployment_name"_s, deployment },
                                            { u"api_key"_s, EmbeddingsKey } });
    QVERIFY(!plan.refusal());
    const QList<ProbePlan::Request> requests = plan.requests(plan.base());
    QCOMPARE(requests.size(), 2);
    const QUrl url = requests.at(1).url;
    QVERIFY(url.isValid());
    // The name stays one path segment: its "/", "?" and "#" do not cut the path short.
    QCOMPARE(url.toString(QUrl::FullyEncoded),
             u"https://emb.openai.azure.com/openai/deployments/my%20dep%2F2%3Fx%3D1%23y%25z%C3%A9/embeddings"
             "?api-version=2023-05-15"_s);
    QCOMPARE(url.query(), u"api-version=2023-05-15"_s);
    QVERIFY(!url.hasFragment());
    // What goes on the wire reads back as the same request.
    const QUrl onTheWire = QUrl::fromEncoded(url.toEncoded(), QUrl::StrictMode);
    QCOMPARE(onTheWire, url);
    QVERIFY(onTheWire.path(QUrl::FullyEncoded).endsWith(u"/embeddings"_s));
    // The first request does not depend on the deployment.
    QCOMPARE(requests.at(0).url.toString(QUrl::FullyEncoded),
             u"https://emb.openai.azure.com/openai/models?api-version=2024-10-21"_s);
}

void TestProbePlan::referencesInAnyPartOfARequestAreFilled()
{
    // A registry probe with a field in the path, the query and the body: each gets the value
    // exactly, whatever characters it holds.
    QJsonObject request { { u"method"_s, u"POST"_s },
                          { u"path"_s, u"/deployments/{deployment}/models"_s },
                          { u"query"_s, QJsonObject { { u"for"_s, u"{deployment}"_s }, { u"v"_s, u"1"_s } } },
                          { u"body"_s, QJsonObject { { u"input"_s, u"{deployment}"_s }, { u"n"_s, 1 } } },
                          { u"expect"_s, u"data_array"_s } };
    Result<ProviderRegistry> registry = ProviderRegistry::fromJson(registryJson(probeWithRequest(request)));
    QVERIFY2(registry.ok(), registry.ok() ? "" : shown(registry.error().message));
    const QString deployment = u"a&b=c d%25+#x"_s;
    const ProbePlan plan = ProbePlan::prepare(*registry->provider(u"test"_s),
                                              fieldValues(Values { { u"endpoint"_s, u"https://h.example.com/api"_s },
                                                                   { u"api_key"_s, CustomKey },
                                                                   { u"deployment"_s, deployment } }),
                                              Now);
    QVERIFY(!plan.refusal());
    const QList<ProbePlan::Request> requests = plan.requests(plan.base());
    QCOMPARE(requests.size(), 1);
    const QUrl url = requests.first().url;
    QCOMPARE(url.toString(QUrl::FullyEncoded),
             u"https://h.example.com/api/deployments/a%26b%3Dc%20d%2525%2B%23x/models"
             "?for=a%26b%3Dc%20d%2525%2B%23x&v=1"_s);
    const QUrlQuery query(url);
    QCOMPARE(query.queryItemValue(u"for"_s, QUrl::FullyDecoded), deployment);
    QCOMPARE(query.queryItemValue(u"v"_s), u"1"_s);
    const QJsonObject body = QJsonDocument::fromJson(requests.first().body).object();
    QCOMPARE(body.value(u"input"_s).toString(), deployment);
    QCOMPARE(body.value(u"n"_s).toInt(), 1);
    QCOMPARE(requests.first().method, QByteArray("POST"));
}

void TestProbePlan::ionosTokenWarnings_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("warning"); // part of the one warning, empty for none
    QTest::addColumn<QString>("notInWarning");

    const QString shape = u"The Token is not shaped like a JWT"_s;
    QTest::newRow("not a JWT") << u"ionos-token-1234567890"_s << shape << QString();
    QTest::newRow("two parts") << Jwt::base64Url(R"({"alg":"RS256"})") + u'.' + Jwt::base64Url(R"({"exp":1})") << shape
                               << QString();
    QTest::newRow("four parts") << jwtExpiringAt(Now.addDays(30)) + u".extra"_s << shape << QString();
    QTest::newRow("middle not base64url") << jwtWithMiddle(u"not*base64!"_s) << shape << QString();
    QTest::newRow("middle not JSON") << jwtWithMiddle(Jwt::base64Url("not json at all")) << shape << QString();
    QTest::newRow("middle with a stray character") << jwtWithMiddle(u"eyJleH*AiOjF9"_s) << shape << QString();
    QTest::newRow("middle JSON array") << jwtWithMiddle(Jwt::base64Url("[1,2,3]")) << shape << QString();
    QTest::newRow("middle empty") << jwtWithMiddle(QString()) << shape << QString();
    QTest::newRow("expired yesterday") << jwtExpiringAt(Now.addDays(-1)) << u"The Token expired on"_s << u"expires"_s;
    QTest::newRow("expired this second") << jwtExpiringAt(Now) << u"The Token expired on"_s << u"expires"_s;
    QTest::newRow("expires in 3 days") << jwtExpiringAt(Now.addDays(3).addSecs(3600)) << u"The Token expires on"_s
                                       << u"expired"_s;
    QTest::newRow("expires in an hour") << jwtExpiringAt(Now.addSecs(3600)) << u"The Token expires on"_s
                                        << u"expired"_s;
    QTest::newRow("expires in exactly 7 days")
        << jwtExpiringAt(Now.addDays(7)) << u"The Token expires on"_s << u"expired"_s;
    QTest::newRow("expires in 8 days") << jwtExpiringAt(Now.addDays(8)) << QString() << QString();
    QTest::newRow("expires in 30 days") << jwtExpiringAt(Now.addDays(30)) << QString() << QString();
    QTest::newRow("no exp") << jwt(QJsonObject { { u"sub"_s, u"user"_s } }) << QString() << QString();
    QTest::newRow("exp not a number") << jwt(QJsonObject { { u"exp"_s, u"1700000000"_s } }) << QString() << QString();
}

void TestProbePlan::ionosTokenWarnings()
{
    QFETCH(QString, token);
    QFETCH(QString, warning);
    QFETCH(QString, notInWarning);

    const ProbePlan plan = prepare(u"ionos"_s, Values { { u"token"_s, token } });
    // Warnings come before any request; they do not stop the test.
    QVERIFY2(!plan.refusal(), plan.refusal() ? shown(plan.refusal()->message) : "");
    QCOMPARE(plan.requests(plan.base()).size(), 1);
    if (warning.isEmpty()) {
        QVERIFY2(plan.warnings().isEmpty(), shown(plan.warnings().join(u'\n')));
        return;
    }
    QCOMPARE(plan.warnings().size(), 1);
    const QString text = plan.warnings().first();
    QVERIFY2(text.contains(warning), shown(text));
    if (!notInWarning.isEmpty())
        QVERIFY2(!text.contains(notInWarning), shown(text));
    QVERIFY2(!text.contains(token), shown(text));
}

void TestProbePlan::jwtInspection_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("wellFormed");
    QTest::addColumn<QDateTime>("expiresAt"); // invalid for none

    const QDateTime past = Now.addDays(-1);
    const QDateTime soon = Now.addDays(3);
    const QDateTime later = Now.addDays(30);
    QTest::newRow("expired") << jwtExpiringAt(past) << true << past;
    QTest::newRow("expires soon") << jwtExpiringAt(soon) << true << soon;
    QTest::newRow("expires later") << jwtExpiringAt(later) << true << later;
    QTest::newRow("no exp") << jwt(QJsonObject { { u"sub"_s, u"user"_s } }) << true << QDateTime();
    QTest::newRow("exp a string") << jwt(QJsonObject { { u"exp"_s, u"1700000000"_s } }) << true << QDateTime();
    QTest::newRow("exp negative") << jwt(QJsonObject { { u"exp"_s, -5 } }) << true << QDateTime();
    QTest::newRow("exp past year 9999") << jwt(QJsonObject { { u"exp"_s, 1e15 } }) << true << QDateTime();
    QTest::newRow("empty") << QString() << false << QDateTime();
    QTest::newRow("plain text") << u"ionos-token-1234567890"_s << false << QDateTime();
    QTest::newRow("dots only") << u".."_s << false << QDateTime();
    QTest::newRow("middle not base64url") << jwtWithMiddle(u"not*base64!"_s) << false << QDateTime();
    QTest::newRow("middle standard base64") << jwtWithMiddle(u"eyJ+/w"_s) << false << QDateTime();
    // {"exp":1} with a stray character: read past it, it would pass for a JWT.
    QTest::newRow("middle with a stray character") << jwtWithMiddle(u"eyJleH*AiOjF9"_s) << false << QDateTime();
    QTest::newRow("middle not JSON") << jwtWithMiddle(Jwt::base64Url("not json at all")) << false << QDateTime();
    QTest::newRow("middle JSON array") << jwtWithMiddle(Jwt::base64Url("[1,2,3]")) << false << QDateTime();
    QTest::newRow("header not JSON") << u"eyJub3Q."_s + Jwt::base64Url(R"({"exp":1})") + u".sig"_s << false
                                     << QDateTime();
    QTest::newRow("no signature") << jwtExpiringAt(later).section(u'.', 0, 1) + u'.' << false << QDateTime();
    QTest::newRow("non-ASCII") << jwtExpiringAt(later) + u"\u00e9"_s << false << QDateTime();
}

void TestProbePlan::jwtInspection()
{
    QFETCH(QString, token);
    QFETCH(bool, wellFormed);
    QFETCH(QDateTime, expiresAt);

    const JwtToken inspected = JwtToken::inspect(token);
    QCOMPARE(inspected.wellFormed, wellFormed);
    QCOMPARE(bool(inspected.expiresAt), expiresAt.isValid());
    if (expiresAt.isValid())
        QCOMPARE(inspected.expiresAt->toSecsSinceEpoch(), expiresAt.toSecsSinceEpoch());
}

void TestProbePlan::invalidValuesAreRefused_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<Values>("values");
    QTest::addColumn<QString>("problem");

    QTest::newRow("azure without endpoint")
        << u"azure-openai"_s << Values { { u"instance_name"_s, u"myres"_s }, { u"api_key"_s, AzureKey } }
        << u"API Endpoint is required"_s;
    QTest::newRow("azure without key") << u"azure-openai"_s
                                       << Values { { u"endpoint"_s, u"https://myres.openai.azure.com"_s },
                                                   { u"instance_name"_s, u"myres"_s } }
                                       << u"API Key is required"_s;
    QTest::newRow("embeddings without deployment")
        << u"azure-openai-embeddings"_s << Values { { u"instance_name"_s, u"emb"_s }, { u"api_key"_s, EmbeddingsKey } }
        << u"Embeddings Deployment Name is required"_s;
    QTest::newRow("embeddings bad version") << u"azure-openai-embeddings"_s
                                            << Values { { u"instance_name"_s, u"emb"_s },
                                                        { u"deployment_name"_s, u"e"_s },
                                                        { u"api_key"_s, EmbeddingsKey },
                                                        { u"api_version"_s, u"latest"_s } }
                                            << u"Embeddings API Version must look like"_s;
    QTest::newRow("ionos without token") << u"ionos"_s << Values {} << u"Token is required"_s;
    QTest::newRow("custom without endpoint")
        << u"custom"_s << Values { { u"api_key"_s, CustomKey } } << u"Endpoint URL is required"_s;
    QTest::newRow("custom over http") << u"custom"_s
                                      << Values { { u"api_key"_s, CustomKey },
                                                  { u"endpoint"_s, u"http://llm.example.com/v1"_s } }
                                      << u"Endpoint URL must use https://"_s;
    QTest::newRow("mistral over http") << u"mistral"_s
                                       << Values { { u"api_key"_s, MistralKey },
                                                   { u"endpoint"_s, u"http://api.mistral.ai/v1"_s } }
                                       << u"Endpoint URL must use https://"_s;
    QTest::newRow("azure over http") << u"azure-openai"_s
                                     << Values { { u"endpoint"_s, u"http://myres.openai.azure.com"_s },
                                                 { u"instance_name"_s, u"myres"_s },
                                                 { u"api_key"_s, AzureKey } }
                                     << u"API Endpoint must use https://"_s;
    QTest::newRow("unknown field") << u"mistral"_s
                                   << Values { { u"api_key"_s, MistralKey }, { u"deployment"_s, u"x"_s } }
                                   << u"\"deployment\" is not a field of Mistral AI"_s;
}

void TestProbePlan::invalidValuesAreRefused()
{
    QFETCH(QString, provider);
    QFETCH(Values, values);
    QFETCH(QString, problem);

    const ProbePlan plan = prepare(provider, values);
    QVERIFY(plan.refusal());
    QCOMPARE(plan.refusal()->status, Status::InvalidSettings);
    QVERIFY2(plan.refusal()->message.contains(problem), shown(plan.refusal()->message));
    QVERIFY(!plan.refusal()->ok());
    for (const QString& key : { AzureKey, EmbeddingsKey, MistralKey, CustomKey })
        QVERIFY(!plan.refusal()->message.contains(key));
}

void TestProbePlan::unusableInstanceNameIsNamed()
{
    // The endpoint was left empty, so the address comes from the instance name alone.
    const ProbePlan plan = prepare(u"azure-openai-embeddings"_s,
                                   Values { { u"instance_name"_s, u"my resource"_s },
                                            { u"deployment_name"_s, u"e"_s },
                                            { u"api_key"_s, EmbeddingsKey } });
    QVERIFY(plan.refusal());
    QCOMPARE(plan.refusal()->status, Status::InvalidSettings);
    QVERIFY(!plan.refusal()->message.contains(EmbeddingsKey));
    // The sentence names the value to correct, not the Endpoint URL the user left empty.
    QVERIFY2(plan.refusal()->message.contains(u"Embeddings Instance Name"_s), shown(plan.refusal()->message));
}

void TestProbePlan::plainHttpIsRefusedByTheProbeItself_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<int>("refusal"); // -1 when the plan may run
    QTest::addColumn<QString>("host");

    const int none = -1;
    const int insecure = int(Status::InsecureEndpoint);
    QTest::newRow("http remote") << u"http://example.com"_s << insecure << u"example.com"_s;
    QTest::newRow("http remote with path") << u"http://example.com/v1"_s << insecure << u"example.com"_s;
    QTest::newRow("HTTP upper case") << u"HTTP://EXAMPLE.COM/v1"_s << insecure << u"example.com"_s;
    QTest::newRow("http private address") << u"http://10.0.0.1:8080/v1"_s << insecure << u"10.0.0.1:8080"_s;
    QTest::newRow("http x.localhost") << u"http://x.localhost:8080"_s << insecure << u"x.localhost:8080"_s;
    QTest::newRow("http localhost.example.com")
        << u"http://localhost.example.com"_s << insecure << u"localhost.example.com"_s;
    QTest::newRow("http 127.0.0.1") << u"http://127.0.0.1:8080"_s << none << QString();
    QTest::newRow("http localhost") << u"http://localhost:8080"_s << none << QString();
    QTest::newRow("http LOCALHOST") << u"http://LOCALHOST:8080"_s << none << QString();
    QTest::newRow("http [::1]") << u"http://[::1]:8080"_s << none << QString();
    QTest::newRow("https remote") << u"https://example.com"_s << none << QString();
    QTest::newRow("ftp") << u"ftp://example.com"_s << int(Status::InvalidSettings) << QString();
    QTest::newRow("no scheme") << u"example.com/v1"_s << int(Status::InvalidSettings) << QString();
}

void TestProbePlan::plainHttpIsRefusedByTheProbeItself()
{
    QFETCH(QString, endpoint);
    QFETCH(int, refusal);
    QFETCH(QString, host);

    // With a "text" endpoint the validator has no URL rule to apply: the probe must still
    // refuse to send the key in the clear.
    Result<ProviderRegistry> registry = ProviderRegistry::fromJson(registryJson(minimalProbe(), u"text"_s));
    QVERIFY2(registry.ok(), registry.ok() ? "" : shown(registry.error().message));
    const ProviderSpec* provider = registry->provider(u"test"_s);
    QVERIFY(provider);
    const ProbePlan plan = ProbePlan::prepare(
        *provider, fieldValues(Values { { u"endpoint"_s, endpoint }, { u"api_key"_s, CustomKey } }), Now);

    if (refusal < 0) {
        QVERIFY2(!plan.refusal(), plan.refusal() ? shown(plan.refusal()->message) : "");
        QCOMPARE(describe(plan.requests(plan.base())),
                 QStringList { u"GET "_s + QUrl(endpoint).toString(QUrl::FullyEncoded) + u"/models"_s });
        return;
    }
    QVERIFY(plan.refusal());
    QCOMPARE(int(plan.refusal()->status), refusal);
    // The sentence names the field to change, and never the key.
    QVERIFY2(plan.refusal()->message.contains(u"Server Address"_s), shown(plan.refusal()->message));
    QVERIFY(!plan.refusal()->message.contains(CustomKey));
    if (refusal == int(Status::InsecureEndpoint)) {
        QCOMPARE(plan.refusal()->host, host);
        QVERIFY2(plan.refusal()->message.contains(u"plain HTTP"_s), shown(plan.refusal()->message));
        QVERIFY2(plan.refusal()->message.contains(host), shown(plan.refusal()->message));
    }
}

void TestProbePlan::hostLabel()
{
    QCOMPARE(ProbePlan::hostLabel(QUrl(u"https://h.example.com/v1"_s)), u"h.example.com"_s);
    QCOMPARE(ProbePlan::hostLabel(QUrl(u"https://h.example.com:8443/v1"_s)), u"h.example.com:8443"_s);
    QCOMPARE(ProbePlan::hostLabel(QUrl(u"http://[::1]:8080/v1"_s)), u"[::1]:8080"_s);
    // Credentials in the address never reach a message.
    QCOMPARE(ProbePlan::hostLabel(QUrl(u"https://user:secret-pass@h.example.com/v1"_s)), u"h.example.com"_s);
}

void TestProbePlan::retryBase_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("retry"); // empty for none

    QTest::newRow("custom without /v1") << u"custom"_s << u"https://h/api"_s << u"https://h/api/v1"_s;
    QTest::newRow("custom with slash") << u"custom"_s << u"https://h/api/"_s << u"https://h/api/v1"_s;
    QTest::newRow("custom host only") << u"custom"_s << u"https://h"_s << u"https://h/v1"_s;
    QTest::newRow("custom with port") << u"custom"_s << u"https://h:8443/api"_s << u"https://h:8443/api/v1"_s;
    QTest::newRow("custom with /v1") << u"custom"_s << u"https://h/v1"_s << QString();
    QTest::newRow("custom with /v1/") << u"custom"_s << u"https://h/v1/"_s << QString();
    QTest::newRow("custom with /V1") << u"custom"_s << u"https://h/V1"_s << QString();
    QTest::newRow("mistral") << u"mistral"_s << u"https://h/api"_s << QString();
    QTest::newRow("ionos") << u"ionos"_s << u"https://h/api"_s << QString();
    QTest::newRow("azure") << u"azure-openai"_s << u"https://h/api"_s << QString();
    QTest::newRow("embeddings") << u"azure-openai-embeddings"_s << u"https://h/api"_s << QString();
}

void TestProbePlan::retryBase()
{
    QFETCH(QString, provider);
    QFETCH(QString, endpoint);
    QFETCH(QString, retry);

    // A valid set for the provider, with the endpoint under test.
    Values values { { u"endpoint"_s, endpoint } };
    for (const FieldSpec& field : builtinProvider(provider).fields) {
        if (field.key == u"instance_name"_s)
            values.insert(field.key, u"h"_s);
        else if (field.key == u"deployment_name"_s)
            values.insert(field.key, u"e"_s);
        else if (field.key == u"api_key"_s)
            values.insert(field.key, CustomKey);
        else if (field.key == u"token"_s)
            values.insert(field.key, jwtExpiringAt(Now.addDays(30)));
    }
    const ProbePlan plan = prepare(provider, values);
    QVERIFY2(!plan.refusal(), plan.refusal() ? shown(plan.refusal()->message) : "");
    const std::optional<QUrl> retryBase = plan.retryBase(plan.base());
    if (retry.isEmpty()) {
        QVERIFY2(!retryBase, retryBase ? shown(retryBase->toString()) : "");
        return;
    }
    QVERIFY(retryBase);
    QCOMPARE(retryBase->toString(), retry);
    // The retry asks for the same thing under the suggested base.
    QCOMPARE(describe(plan.requests(*retryBase)), QStringList { u"GET "_s + retry + u"/models"_s });
    // The retry of a retry is not offered: it would go on forever.
    QVERIFY(!plan.retryBase(*retryBase));
}

void TestProbePlan::fillNeverInsertsASecret()
{
    const ProviderSpec& provider = builtinProvider(u"azure-openai-embeddings"_s);
    const ProbePlan plan
        = ProbePlan::prepare(provider,
                             fieldValues(Values { { u"instance_name"_s, u"emb"_s },
                                                  { u"deployment_name"_s, u"text-embedding-3-small"_s },
                                                  { u"api_key"_s, EmbeddingsKey } }),
                             Now);
    QVERIFY(!plan.refusal());

    QCOMPARE(plan.fill(u"{host} has {deployment_name} at {api_version}"_s, u"emb.openai.azure.com:443"_s),
             u"emb.openai.azure.com:443 has text-embedding-3-small at 2023-05-15"_s);
    // An endpoint left empty is its default, built from the instance name.
    QCOMPARE(plan.fill(u"{endpoint}"_s), u"https://emb.openai.azure.com"_s);
    // The registry's own sentence for a missing deployment.
    const ProbeRequestSpec& embeddingsRequest = provider.probe.requests.at(1);
    QCOMPARE(plan.fill(embeddingsRequest.errorMessages.value(u"DeploymentNotFound"_s), u"emb.openai.azure.com"_s),
             u"emb.openai.azure.com has no deployment named \"text-embedding-3-small\"; check the Embeddings "
             "Deployment Name (deployments can take a few minutes to become available)."_s);
    // A reference to the secret stays a reference.
    QVERIFY2(plan.fill(u"key {api_key}"_s) == u"key {api_key}"_s, shown(plan.fill(u"key {api_key}"_s)));
    QVERIFY2(plan.fill(provider.probe.authValue) == u"{api_key}"_s, shown(plan.fill(provider.probe.authValue)));
    QVERIFY(!plan.fill(u"{api_key}{instance_name}{api_key}"_s).contains(EmbeddingsKey));
    // Unknown references are left as they are; {host} without a host is empty.
    QCOMPARE(plan.fill(u"{nothing} at {host}."_s), u"{nothing} at ."_s);

    // The same for a token.
    const QString token = jwtExpiringAt(Now.addDays(30));
    const ProbePlan ionos = prepare(u"ionos"_s, Values { { u"token"_s, token } });
    const QString filled = ionos.fill(u"{token} for {endpoint}"_s);
    QVERIFY2(filled == u"{token} for https://openai.inference.de-txl.ionos.com/v1"_s, shown(filled));
}

void TestProbePlan::secretsAndLabels_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<Values>("values");
    QTest::addColumn<QStringList>("secrets");
    QTest::addColumn<QString>("secretLabel");
    QTest::addColumn<QString>("endpointLabel");

    const QString token = jwtExpiringAt(Now.addDays(30));
    QTest::newRow("azure-openai") << u"azure-openai"_s
                                  << Values { { u"endpoint"_s, u"https://myres.openai.azure.com"_s },
                                              { u"instance_name"_s, u"myres"_s },
                                              { u"api_key"_s, AzureKey } }
                                  << QStringList { AzureKey } << u"API Key"_s << u"API Endpoint"_s;
    QTest::newRow("azure-openai-embeddings")
        << u"azure-openai-embeddings"_s
        << Values { { u"instance_name"_s, u"emb"_s },
                    { u"deployment_name"_s, u"e"_s },
                    { u"api_key"_s, EmbeddingsKey } }
        << QStringList { EmbeddingsKey } << u"Embeddings API Key"_s << u"Endpoint URL"_s;
    QTest::newRow("mistral") << u"mistral"_s << Values { { u"api_key"_s, MistralKey } } << QStringList { MistralKey }
                             << u"API Key"_s << u"Endpoint URL"_s;
    QTest::newRow("ionos") << u"ionos"_s << Values { { u"token"_s, token } } << QStringList { token } << u"Token"_s
                           << u"Endpoint URL"_s;
    QTest::newRow("custom") << u"custom"_s
                            << Values { { u"api_key"_s, CustomKey }, { u"endpoint"_s, u"https://h/v1"_s } }
                            << QStringList { CustomKey } << u"API Key"_s << u"Endpoint URL"_s;
}

void TestProbePlan::secretsAndLabels()
{
    QFETCH(QString, provider);
    QFETCH(Values, values);
    QFETCH(QStringList, secrets);
    QFETCH(QString, secretLabel);
    QFETCH(QString, endpointLabel);

    const ProbePlan plan = prepare(provider, values);
    QVERIFY(!plan.refusal());
    QVERIFY2(plan.secrets() == secrets,
             shown(u"expected the secrets "_s + secrets.join(u", "_s) + u", got "_s + plan.secrets().join(u", "_s)));
    QCOMPARE(plan.secretLabel(), secretLabel);
    QCOMPARE(plan.endpointLabel(), endpointLabel);
}

void TestProbePlan::brokenProbesAreRefused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("problem"); // empty when the registry is fine

    QJsonObject unknownBase = minimalProbe();
    unknownBase.insert(u"base"_s, u"{server}"_s);
    QJsonObject unknownAuth = minimalProbe();
    unknownAuth.insert(u"auth"_s,
                       QJsonObject { { u"header"_s, u"Authorization"_s }, { u"value"_s, u"Bearer {password}"_s } });
    QJsonObject unknownHint = minimalProbe();
    unknownHint.insert(u"host_hint"_s, u"{instance_name}"_s);
    QJsonObject noRequests = minimalProbe();
    noRequests.remove(u"requests"_s);
    QJsonObject emptyRequests = minimalProbe();
    emptyRequests.insert(u"requests"_s, QJsonArray());
    QJsonObject noBase = minimalProbe();
    noBase.remove(u"base"_s);
    QJsonObject noAuth = minimalProbe();
    noAuth.remove(u"auth"_s);
    QJsonObject badTokenCheck = minimalProbe();
    badTokenCheck.insert(u"token_check"_s, QJsonObject { { u"field"_s, u"token"_s }, { u"shape"_s, u"jwt"_s } });

    QJsonObject withPath = modelsRequest();
    withPath.insert(u"path"_s, u"/deployments/{deployment_name}/models"_s);
    QJsonObject relativePath = modelsRequest();
    relativePath.insert(u"path"_s, u"models"_s);
    QJsonObject withQuery = modelsRequest();
    withQuery.insert(u"query"_s, QJsonObject { { u"api-version"_s, u"{version}"_s } });
    QJsonObject numberQuery = modelsRequest();
    numberQuery.insert(u"query"_s, QJsonObject { { u"api-version"_s, 2024 } });
    QJsonObject deleteMethod = modelsRequest();
    deleteMethod.insert(u"method"_s, u"DELETE"_s);
    QJsonObject noMethod = modelsRequest();
    noMethod.remove(u"method"_s);
    QJsonObject unknownExpect = modelsRequest();
    unknownExpect.insert(u"expect"_s, u"model_list"_s);
    QJsonObject noExpect = modelsRequest();
    noExpect.remove(u"expect"_s);
    QJsonObject unknownInBody = modelsRequest();
    unknownInBody.insert(u"method"_s, u"POST"_s);
    unknownInBody.insert(u"body"_s, QJsonObject { { u"input"_s, u"{prompt}"_s } });
    QJsonObject arrayBody = modelsRequest();
    arrayBody.insert(u"body"_s, QJsonArray { u"ping"_s });
    QJsonObject messageWithUnknown = modelsRequest();
    messageWithUnknown.insert(u"error_messages"_s,
                              QJsonObject { { u"DeploymentNotFound"_s, u"{host} lacks {deployment_name}."_s } });
    QJsonObject emptyMessage = modelsRequest();
    emptyMessage.insert(u"error_messages"_s, QJsonObject { { u"DeploymentNotFound"_s, QString() } });
    // A secret may appear in the auth value only: anywhere else it would travel in a URL (into
    // proxy and server logs), in a request body, or into a message.
    QJsonObject secretInBase = minimalProbe();
    secretInBase.insert(u"base"_s, u"{endpoint}?key={api_key}"_s);
    QJsonObject secretInHint = minimalProbe();
    secretInHint.insert(u"host_hint"_s, u"{api_key}"_s);
    QJsonObject secretInPath = modelsRequest();
    secretInPath.insert(u"path"_s, u"/keys/{api_key}/models"_s);
    QJsonObject secretInQuery = modelsRequest();
    secretInQuery.insert(u"query"_s, QJsonObject { { u"key"_s, u"{api_key}"_s } });
    QJsonObject secretInBody = modelsRequest();
    secretInBody.insert(u"method"_s, u"POST"_s);
    secretInBody.insert(u"body"_s, QJsonObject { { u"input"_s, u"ping"_s }, { u"key"_s, u"{api_key}"_s } });
    QJsonObject secretInMessage = modelsRequest();
    secretInMessage.insert(u"error_messages"_s,
                           QJsonObject { { u"KeyRevoked"_s, u"{host} revoked the key {api_key}."_s } });
    // And the auth value must carry a secret: a header of plain field values proves no key.
    QJsonObject authWithoutSecret = minimalProbe();
    authWithoutSecret.insert(
        u"auth"_s, QJsonObject { { u"header"_s, u"Authorization"_s }, { u"value"_s, u"Bearer {deployment}"_s } });
    QJsonObject authWithoutReference = minimalProbe();
    authWithoutReference.insert(
        u"auth"_s, QJsonObject { { u"header"_s, u"Authorization"_s }, { u"value"_s, u"Bearer static-token"_s } });
    QJsonObject authWithEndpoint = minimalProbe();
    authWithEndpoint.insert(u"auth"_s,
                            QJsonObject { { u"header"_s, u"X-Endpoint"_s }, { u"value"_s, u"{endpoint}"_s } });

    QJsonObject goodRequest = modelsRequest();
    goodRequest.insert(u"path"_s, u"/deployments/{deployment}/models"_s);
    goodRequest.insert(u"query"_s, QJsonObject { { u"for"_s, u"{deployment}"_s } });
    goodRequest.insert(u"error_messages"_s,
                       QJsonObject { { u"DeploymentNotFound"_s, u"{host} has no {deployment}."_s } });

    // The helper itself builds a registry that loads, so every refusal below is the probe's.
    QTest::newRow("minimal probe") << registryJson(minimalProbe()) << QString();
    QTest::newRow("references everywhere") << registryJson(probeWithRequest(goodRequest)) << QString();
    QTest::newRow("unknown reference in base") << registryJson(unknownBase) << u"refers to {server}"_s;
    QTest::newRow("unknown reference in auth") << registryJson(unknownAuth) << u"refers to {password}"_s;
    QTest::newRow("unknown reference in host hint") << registryJson(unknownHint) << u"refers to {instance_name}"_s;
    QTest::newRow("unknown reference in path")
        << registryJson(probeWithRequest(withPath)) << u"refers to {deployment_name}"_s;
    QTest::newRow("unknown reference in query")
        << registryJson(probeWithRequest(withQuery)) << u"refers to {version}"_s;
    QTest::newRow("unknown reference in message")
        << registryJson(probeWithRequest(messageWithUnknown)) << u"refers to {deployment_name}"_s;
    // ProbePlan::requests() fills in the body too: an unknown reference there would go out empty.
    QTest::newRow("unknown reference in body")
        << registryJson(probeWithRequest(unknownInBody)) << u"refers to {prompt}"_s;
    const QString onlyAuth = u"refers to the secret {api_key}, which only the auth value may use"_s;
    QTest::newRow("secret in base") << registryJson(secretInBase) << u"the probe "_s + onlyAuth;
    QTest::newRow("secret in host hint") << registryJson(secretInHint) << u"the probe "_s + onlyAuth;
    QTest::newRow("secret in path") << registryJson(probeWithRequest(secretInPath))
                                    << u"a probe request path "_s + onlyAuth;
    QTest::newRow("secret in query") << registryJson(probeWithRequest(secretInQuery)) << u"a probe query "_s + onlyAuth;
    QTest::newRow("secret in body") << registryJson(probeWithRequest(secretInBody)) << u"a probe body "_s + onlyAuth;
    QTest::newRow("secret in error message")
        << registryJson(probeWithRequest(secretInMessage)) << u"the message for KeyRevoked "_s + onlyAuth;
    QTest::newRow("auth value with a plain field")
        << registryJson(authWithoutSecret) << u"the auth value refers to no secret field"_s;
    QTest::newRow("auth value without a field")
        << registryJson(authWithoutReference) << u"the auth value refers to no secret field"_s;
    QTest::newRow("auth value with the endpoint")
        << registryJson(authWithEndpoint) << u"the auth value refers to no secret field"_s;
    QTest::newRow("no requests") << registryJson(noRequests) << u"there are no requests"_s;
    QTest::newRow("empty requests") << registryJson(emptyRequests) << u"there are no requests"_s;
    QTest::newRow("no probe") << registryJson(QJsonObject()) << u"there is no base"_s;
    QTest::newRow("no base") << registryJson(noBase) << u"there is no base"_s;
    QTest::newRow("no auth") << registryJson(noAuth) << u"there is no auth header and value"_s;
    QTest::newRow("token check on no field") << registryJson(badTokenCheck) << u"the token check needs a field"_s;
    QTest::newRow("DELETE") << registryJson(probeWithRequest(deleteMethod)) << u"a method other than GET or POST"_s;
    QTest::newRow("no method") << registryJson(probeWithRequest(noMethod)) << u"a method other than GET or POST"_s;
    QTest::newRow("relative path") << registryJson(probeWithRequest(relativePath)) << u"path does not start with /"_s;
    QTest::newRow("number in query") << registryJson(probeWithRequest(numberQuery)) << u"api-version is not a string"_s;
    QTest::newRow("unknown expect") << registryJson(probeWithRequest(unknownExpect))
                                    << u"expects \"model_list\", which is unknown"_s;
    QTest::newRow("no expect") << registryJson(probeWithRequest(noExpect)) << u"expects \"\", which is unknown"_s;
    QTest::newRow("array body") << registryJson(probeWithRequest(arrayBody)) << u"body is not an object"_s;
    QTest::newRow("empty message") << registryJson(probeWithRequest(emptyMessage))
                                   << u"the message for error code DeploymentNotFound is not a sentence"_s;
}

void TestProbePlan::brokenProbesAreRefused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, problem);

    Result<ProviderRegistry> registry = ProviderRegistry::fromJson(json);
    if (problem.isEmpty()) {
        QVERIFY2(registry.ok(), registry.ok() ? "" : shown(registry.error().message));
        return;
    }
    QVERIFY(!registry.ok());
    QCOMPARE(registry.error().code, ErrorCode::Corrupt);
    const QString message = registry.error().message;
    QVERIFY2(message.contains(u"in the probe of test"_s), shown(message));
    QVERIFY2(message.contains(problem), shown(message));
}

void TestProbePlan::authMayNameAPlainFieldBeforeTheSecret()
{
    // "Basic {user}:{password}": the first reference is not the secret, and need not be.
    QJsonObject probe = minimalProbe();
    probe.insert(u"auth"_s,
                 QJsonObject { { u"header"_s, u"Authorization"_s }, { u"value"_s, u"Key {deployment}:{api_key}"_s } });
    Result<ProviderRegistry> registry = ProviderRegistry::fromJson(registryJson(probe));
    QVERIFY2(registry.ok(), registry.ok() ? "" : shown(registry.error().message));
    const ProviderSpec& provider = registry->providers().first();
    QCOMPARE(provider.probe.authField, u"api_key"_s);
    const ProbePlan plan = ProbePlan::prepare(provider,
                                              FieldValues { { u"endpoint"_s, u"https://llm.example/v1"_s },
                                                            { u"api_key"_s, u"k-123456"_s },
                                                            { u"deployment"_s, u"team"_s } });
    QVERIFY(!plan.refusal());
    QCOMPARE(plan.secretLabel(), u"Access Key"_s);
    QVERIFY(plan.authValue() == "Key team:k-123456");
}

QTEST_GUILESS_MAIN(TestProbePlan)
#include "TestProbePlan.moc"
