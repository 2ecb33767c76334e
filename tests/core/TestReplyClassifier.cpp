#include "network/ReplyClassifier.h"
#include "registry/ProviderRegistry.h"
#include "support/SecretMask.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace cm;
using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

using Status = ConnectionTestResult::Status;
using Values = QMap<QString, QString>;

const QString AzureKey = u"azure-key-0123456789abcdef"_s;
const QString EmbeddingsKey = u"embeddings-key-fedcba9876543210"_s;
const QString MistralKey = u"mistral-key-AbCdEf0123456789"_s;
const QString CustomKey = u"sk-custom-0123456789"_s;
const QString IonosToken = u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl"_s; // {"alg":"RS256"}.{"sub":"user"}

const QDateTime Now(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
const ReplyClassifier::Timeouts DefaultTimeouts;

// The test's keys: no failure message shows one of them, not even the check that one is masked.
const SecretMask& knownSecrets()
{
    static const SecretMask secrets = [] {
        SecretMask mask;
        for (const QString& key : { AzureKey, EmbeddingsKey, MistralKey, CustomKey, IonosToken })
            mask.add(key);
        return mask;
    }();
    return secrets;
}

QByteArray shown(const QString& text)
{
    return knownSecrets().printable(text);
}

// The providers a reply can come from, made concrete from the built-in registry.
enum class Target
{
    Azure, // GET https://myres.openai.azure.com/openai/models?api-version=2024-10-21
    EmbeddingsModels, // the first, free request of the embeddings provider
    Embeddings, // POST https://emb.openai.azure.com/openai/deployments/text-embedding-3-small/embeddings
    Mistral, // GET https://api.mistral.ai/v1/models
    Ionos, // GET https://openai.inference.de-txl.ionos.com/v1/models
    Custom, // GET https://llm.example.com:8443/v1/models
};

struct Probe
{
    ProbePlan plan;
    ProbePlan::Request request;
    QString host; // host[:port] every sentence must name
    QString secret;
};

Probe probe(Target target)
{
    QString providerId;
    Values values;
    int index = 0;
    QString secret;
    switch (target) {
    case Target::Azure:
        providerId = u"azure-openai"_s;
        values = { { u"endpoint"_s, u"https://myres.openai.azure.com"_s },
                   { u"instance_name"_s, u"myres"_s },
                   { u"api_key"_s, AzureKey } };
        secret = AzureKey;
        break;
    case Target::EmbeddingsModels:
    case Target::Embeddings:
        providerId = u"azure-openai-embeddings"_s;
        values = { { u"instance_name"_s, u"emb"_s },
                   { u"deployment_name"_s, u"text-embedding-3-small"_s },
                   { u"api_key"_s, EmbeddingsKey } };
        index = target == Target::Embeddings ? 1 : 0;
        secret = EmbeddingsKey;
        break;
    case Target::Mistral:
        providerId = u"mistral"_s;
        values = { { u"api_key"_s, MistralKey } };
        secret = MistralKey;
        break;
    case Target::Ionos:
        providerId = u"ionos"_s;
        values = { { u"token"_s, IonosToken } };
        secret = IonosToken;
        break;
    case Target::Custom:
        providerId = u"custom"_s;
        values = { { u"endpoint"_s, u"https://llm.example.com:8443/v1"_s }, { u"api_key"_s, CustomKey } };
        secret = CustomKey;
        break;
    }
    const ProviderSpec* provider = ProviderRegistry::builtin().provider(providerId);
    if (!provider)
        qFatal("the built-in registry has no provider %s", qPrintable(providerId));
    FieldValues fieldValues;
    for (auto it = values.begin(); it != values.end(); ++it)
        fieldValues.insert(it.key(), it.value());
    Probe result { ProbePlan::prepare(*provider, fieldValues, Now), {}, {}, secret };
    if (result.plan.refusal())
        qFatal("the plan for %s was refused: %s", qPrintable(providerId), qPrintable(result.plan.refusal()->message));
    result.request = result.plan.requests(result.plan.base()).at(index);
    result.host = ProbePlan::hostLabel(result.request.url);
    return result;
}

ConnectionTestResult classify(Target target, const ProbeReply& reply,
                              const ReplyClassifier::Timeouts& timeouts = DefaultTimeouts)
{
    const Probe p = probe(target);
    return ReplyClassifier::classify(reply, p.plan, p.request, timeouts, Now);
}

ProbeReply httpReply(int status, const QByteArray& body, const QByteArray& retryAfter = {})
{
    ProbeReply reply;
    reply.httpStatus = status;
    reply.body = body;
    reply.retryAfter = retryAfter;
    // What QNetworkReply reports beside the status; the classifier must go by the status.
    if (status == 401)
        reply.error = QNetworkReply::AuthenticationRequiredError;
    else if (status == 403)
        reply.error = QNetworkReply::ContentAccessDenied;
    else if (status == 404)
        reply.error = QNetworkReply::ContentNotFoundError;
    else if (status >= 500)
        reply.error = QNetworkReply::InternalServerError;
    else if (status >= 400)
        reply.error = QNetworkReply::UnknownContentError;
    if (reply.error != QNetworkReply::NoError)
        reply.errorString = u"Error transferring - server replied: something"_s;
    return reply;
}

QByteArray errorBody(const QString& code, const QString& message)
{
    return QJsonDocument(QJsonObject { { u"error"_s, QJsonObject { { u"code"_s, code }, { u"message"_s, message } } } })
        .toJson(QJsonDocument::Compact);
}

QByteArray embeddingBody(int dimension)
{
    QJsonArray vector;
    for (int i = 0; i < dimension; ++i)
        vector.append(double(i % 17) / 100.0 - 0.08);
    const QJsonObject item { { u"object"_s, u"embedding"_s }, { u"index"_s, 0 }, { u"embedding"_s, vector } };
    return QJsonDocument(QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, QJsonArray { item } } })
        .toJson(QJsonDocument::Compact);
}

bool hasControlOrFormatCharacter(const QString& text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            return true;
    }
    return false;
}

} // namespace

Q_DECLARE_METATYPE(Target)
Q_DECLARE_METATYPE(ConnectionTestResult::Status)
Q_DECLARE_METATYPE(ProbeReply::Abort)

// The one place that turns a reply into a result class of SPEC section 7 and the sentence the
// user reads: what it says for each answer, that it names the host, and that it never shows a
// key, however the provider answers.
class TestReplyClassifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelListIsSuccess_data();
    void modelListIsSuccess();
    void emptyModelListWarnsOnlyWhereTheRegistrySaysSo();
    void answerWithoutModelList_data();
    void answerWithoutModelList();
    void embeddingIsSuccess();
    void answerWithoutEmbedding_data();
    void answerWithoutEmbedding();
    void successOnlyOn200_data();
    void successOnlyOn200();
    void httpErrors_data();
    void httpErrors();
    void registrySentencesForProviderCodes();
    void plainErrorsOnTheEmbeddingsRequestNameTheDeployment_data();
    void plainErrorsOnTheEmbeddingsRequestNameTheDeployment();
    void retryAfter_data();
    void retryAfter();
    void networkErrors_data();
    void networkErrors();
    void proxyThatDropsTheConnectionIsNamed();
    void aborts_data();
    void aborts();
    void echoedSecretIsMasked_data();
    void echoedSecretIsMasked();
    void maskCoversEveryText();
    void controlCharactersAreRemoved();
    void longProviderMessageIsCapped();
    void capDoesNotSplitACharacter();
    void randomBodiesNeverCrash();
    void statusNames();
};

void TestReplyClassifier::modelListIsSuccess_data()
{
    QTest::addColumn<Target>("target");
    QTest::addColumn<QString>("secretLabel");
    QTest::newRow("azure") << Target::Azure << u"API Key"_s;
    QTest::newRow("embeddings models") << Target::EmbeddingsModels << u"Embeddings API Key"_s;
    QTest::newRow("mistral") << Target::Mistral << u"API Key"_s;
    QTest::newRow("ionos") << Target::Ionos << u"Token"_s;
    QTest::newRow("custom") << Target::Custom << u"API Key"_s;
}

void TestReplyClassifier::modelListIsSuccess()
{
    QFETCH(Target, target);
    QFETCH(QString, secretLabel);

    const Probe p = probe(target);
    const ConnectionTestResult result = ReplyClassifier::classify(
        httpReply(200, R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"mistral-large"},{"id":"e5"}]})"), p.plan,
        p.request, DefaultTimeouts, Now);
    QCOMPARE(result.status, Status::Success);
    QVERIFY(result.ok());
    QCOMPARE(result.modelCount, std::optional<int>(3));
    QCOMPARE(result.httpStatus, 200);
    QCOMPARE(result.host, p.host);
    QCOMPARE(result.message,
             u"Connected to %1: the %2 works, and 3 model(s) are available."_s.arg(p.host, secretLabel));
    QCOMPARE(result.warnings, QStringList());
}

void TestReplyClassifier::emptyModelListWarnsOnlyWhereTheRegistrySaysSo()
{
    // A local server with no model loaded answers, but cannot be used: worth a warning.
    const ConnectionTestResult custom = classify(Target::Custom, httpReply(200, R"({"data":[]})"));
    QCOMPARE(custom.status, Status::Success);
    QCOMPARE(custom.modelCount, std::optional<int>(0));
    QCOMPARE(custom.warnings.size(), 1);
    QVERIFY2(custom.warnings.first().contains(u"No models loaded"_s), shown(custom.warnings.first()));
    QVERIFY(custom.warnings.first().contains(u"llm.example.com:8443"_s));

    const ConnectionTestResult mistral = classify(Target::Mistral, httpReply(200, R"({"data":[]})"));
    QCOMPARE(mistral.status, Status::Success);
    QCOMPARE(mistral.modelCount, std::optional<int>(0));
    QCOMPARE(mistral.warnings, QStringList());
}

void TestReplyClassifier::answerWithoutModelList_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("data an object") << QByteArray(R"({"data":{"id":"x"}})");
    QTest::newRow("data a string") << QByteArray(R"({"data":"[]"})");
    QTest::newRow("bare array") << QByteArray(R"([{"id":"x"}])");
    QTest::newRow("html") << QByteArray("<html><body>Welcome to nginx!</body></html>");
    QTest::newRow("truncated JSON") << QByteArray(R"({"data":[{"id":"x"})");
}

void TestReplyClassifier::answerWithoutModelList()
{
    QFETCH(QByteArray, body);
    const ConnectionTestResult result = classify(Target::Custom, httpReply(200, body));
    QCOMPARE(result.status, Status::UnexpectedReply);
    QVERIFY(!result.modelCount);
    QVERIFY2(result.message.contains(u"llm.example.com:8443 answered, but not with a list of models"_s),
             shown(result.message));
    QVERIFY2(result.message.contains(u"/v1"_s), shown(result.message));
}

void TestReplyClassifier::embeddingIsSuccess()
{
    const ConnectionTestResult result = classify(Target::Embeddings, httpReply(200, embeddingBody(1536)));
    QCOMPARE(result.status, Status::Success);
    QCOMPARE(result.embeddingDimension, std::optional<int>(1536));
    QCOMPARE(result.host, u"emb.openai.azure.com"_s);
    QVERIFY2(result.message.contains(u"emb.openai.azure.com"_s), shown(result.message));
    QVERIFY2(result.message.contains(u"embedding dimension 1536"_s), shown(result.message));

    const ConnectionTestResult small = classify(Target::Embeddings, httpReply(200, embeddingBody(3)));
    QCOMPARE(small.embeddingDimension, std::optional<int>(3));
}

void TestReplyClassifier::answerWithoutEmbedding_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty embedding") << QByteArray(R"({"data":[{"object":"embedding","index":0,"embedding":[]}]})");
    QTest::newRow("no embedding") << QByteArray(R"({"data":[{"object":"embedding","index":0}]})");
    QTest::newRow("empty data") << QByteArray(R"({"data":[]})");
    QTest::newRow("model list") << QByteArray(R"({"data":[{"id":"text-embedding-3-small"}]})");
    QTest::newRow("embedding a string") << QByteArray(R"({"data":[{"embedding":"AAAA"}]})");
    QTest::newRow("empty object") << QByteArray("{}");
    QTest::newRow("empty") << QByteArray();
}

void TestReplyClassifier::answerWithoutEmbedding()
{
    QFETCH(QByteArray, body);
    const ConnectionTestResult result = classify(Target::Embeddings, httpReply(200, body));
    QCOMPARE(result.status, Status::UnexpectedReply);
    QVERIFY(!result.embeddingDimension);
    QVERIFY2(result.message.contains(u"emb.openai.azure.com answered the embeddings request without an embedding"_s),
             shown(result.message));
}

void TestReplyClassifier::successOnlyOn200_data()
{
    QTest::addColumn<Target>("target");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");

    const QByteArray models = R"({"object":"list","data":[{"id":"gpt-4o"},{"id":"e5"}]})";
    // A model list or an embedding with another 2xx status is not what the API answers: a
    // gateway or a cache in the way, which proves nothing about the key.
    QTest::newRow("201 model list") << Target::Custom << 201 << models;
    QTest::newRow("202 model list") << Target::Azure << 202 << models;
    QTest::newRow("203 model list") << Target::Mistral << 203 << models;
    QTest::newRow("204 model list") << Target::Custom << 204 << models;
    QTest::newRow("206 model list") << Target::Ionos << 206 << models;
    QTest::newRow("201 embedding") << Target::Embeddings << 201 << embeddingBody(8);
    QTest::newRow("204 embedding") << Target::Embeddings << 204 << embeddingBody(8);
}

void TestReplyClassifier::successOnlyOn200()
{
    QFETCH(Target, target);
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);

    const Probe p = probe(target);
    const ConnectionTestResult result
        = ReplyClassifier::classify(httpReply(httpStatus, body), p.plan, p.request, DefaultTimeouts, Now);
    QCOMPARE(ConnectionTestResult::statusName(result.status),
             ConnectionTestResult::statusName(Status::UnexpectedReply));
    QVERIFY(!result.ok());
    QVERIFY(!result.modelCount);
    QVERIFY(!result.embeddingDimension);
    QCOMPARE(result.httpStatus, httpStatus);
    QCOMPARE(
        result.message,
        u"%1 answered with HTTP %2, which is not an API answer; check the endpoint URL."_s.arg(p.host).arg(httpStatus));

    // The same body with 200 is a success: the status alone made the difference.
    const ConnectionTestResult ok
        = ReplyClassifier::classify(httpReply(200, body), p.plan, p.request, DefaultTimeouts, Now);
    QVERIFY2(ok.ok(), shown(ok.message));
}

void TestReplyClassifier::httpErrors_data()
{
    QTest::addColumn<Target>("target");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QStringList>("says");
    QTest::addColumn<QStringList>("doesNotSay");

    const QStringList blame { u"rejected"_s, u"wrong"_s, u"revoked"_s, u"not valid"_s, u"invalid"_s };

    QTest::newRow("401 azure") << Target::Azure << 401
                               << errorBody(u"401"_s,
                                            u"Access denied due to invalid subscription key or wrong API endpoint."_s)
                               << Status::AuthenticationRejected
                               << QStringList { u"myres.openai.azure.com rejected the API Key (401 Unauthorized)"_s,
                                                u"The provider said: \"Access denied due to invalid subscription key "
                                                "or wrong API endpoint.\""_s }
                               << QStringList();
    QTest::newRow("401 embeddings") << Target::EmbeddingsModels << 401 << QByteArray() << Status::AuthenticationRejected
                                    << QStringList { u"emb.openai.azure.com rejected the Embeddings API Key"_s }
                                    << QStringList { u"The provider said"_s };
    QTest::newRow("401 mistral") << Target::Mistral << 401
                                 << QByteArray(R"({"message":"Unauthorized","request_id":"1"})")
                                 << Status::AuthenticationRejected
                                 << QStringList { u"api.mistral.ai rejected the API Key"_s,
                                                  u"The provider said: \"Unauthorized\""_s }
                                 << QStringList();
    QTest::newRow("401 ionos") << Target::Ionos << 401 << QByteArray("Unauthorized") << Status::AuthenticationRejected
                               << QStringList { u"openai.inference.de-txl.ionos.com rejected the Token"_s }
                               << QStringList();
    QTest::newRow("401 custom") << Target::Custom << 401 << QByteArray(R"({"error":"invalid api key"})")
                                << Status::AuthenticationRejected
                                << QStringList { u"llm.example.com:8443 rejected the API Key"_s,
                                                 u"The provider said: \"invalid api key\""_s }
                                << QStringList();
    QTest::newRow("403 key auth disabled")
        << Target::Azure << 403
        << errorBody(u"AuthenticationTypeDisabled"_s, u"Key based authentication is disabled for this resource."_s)
        << Status::AccessDenied
        << QStringList { u"myres.openai.azure.com denied access (403 Forbidden)"_s,
                         u"Key based authentication is disabled for this resource."_s }
        << QStringList { u"rejected the"_s };
    QTest::newRow("403 network rules") << Target::EmbeddingsModels << 403
                                       << errorBody(u"403"_s, u"Access denied due to Virtual Network/Firewall rules."_s)
                                       << Status::AccessDenied
                                       << QStringList { u"emb.openai.azure.com denied access"_s, u"network rules"_s,
                                                        u"Access denied due to Virtual Network/Firewall rules."_s }
                                       << QStringList();
    QTest::newRow("404 azure") << Target::Azure << 404 << errorBody(u"404"_s, u"Resource not found"_s)
                               << Status::NotFound
                               << QStringList { u"myres.openai.azure.com has nothing at /openai/models (404 Not "
                                                "Found); check the endpoint URL and the api-version."_s,
                                                u"Resource not found"_s }
                               << QStringList { u"API Key"_s };
    QTest::newRow("404 custom") << Target::Custom << 404 << QByteArray("Not Found") << Status::NotFound
                                << QStringList { u"llm.example.com:8443 has nothing at /v1/models (404 Not Found); "
                                                 "check the endpoint URL."_s }
                                << QStringList { u"API Key"_s };
    // DeploymentNotFound has its own sentence on the embeddings request only.
    QTest::newRow("404 DeploymentNotFound on the model list")
        << Target::EmbeddingsModels << 404
        << errorBody(u"DeploymentNotFound"_s, u"The API deployment for this resource does not exist."_s)
        << Status::NotFound << QStringList { u"emb.openai.azure.com has nothing at /openai/models"_s }
        << QStringList { u"Embeddings Deployment Name"_s };
    QTest::newRow("400 generic") << Target::Azure << 400 << errorBody(u"BadRequest"_s, u"Unsupported api-version."_s)
                                 << Status::RequestRejected
                                 << QStringList { u"myres.openai.azure.com refused the request (HTTP 400); check the "
                                                  "endpoint URL and the api-version."_s,
                                                  u"Unsupported api-version."_s }
                                 << blame;
    QTest::newRow("418") << Target::Custom << 418 << QByteArray("I'm a teapot") << Status::RequestRejected
                         << QStringList { u"llm.example.com:8443 refused the request (HTTP 418)"_s } << blame;
    QTest::newRow("429 no Retry-After")
        << Target::Mistral << 429 << QByteArray(R"({"message":"Requests rate limit exceeded"})") << Status::RateLimited
        << QStringList { u"api.mistral.ai is limiting requests (429 Too Many Requests)"_s, u"probably valid"_s,
                         u"try again later"_s, u"Requests rate limit exceeded"_s }
        << blame;
    QTest::newRow("500") << Target::Azure << 500 << errorBody(u"InternalServerError"_s, u"The server had an error."_s)
                         << Status::ProviderError
                         << QStringList { u"myres.openai.azure.com had a problem of its own (HTTP 500)"_s,
                                          u"could not be verified"_s, u"try again later"_s,
                                          u"The server had an error."_s }
                         << blame;
    QTest::newRow("503") << Target::Ionos << 503 << QByteArray("<html>Service Unavailable</html>")
                         << Status::ProviderError
                         << QStringList { u"openai.inference.de-txl.ionos.com had a problem of its own (HTTP 503)"_s,
                                          u"the Token could not be verified"_s, u"try again later"_s }
                         << blame;
    QTest::newRow("502 custom") << Target::Custom << 502 << QByteArray() << Status::ProviderError
                                << QStringList { u"llm.example.com:8443 had a problem of its own (HTTP 502)"_s }
                                << blame;
    QTest::newRow("302") << Target::Custom << 302 << QByteArray() << Status::UnexpectedReply
                         << QStringList { u"llm.example.com:8443 answered with HTTP 302"_s } << QStringList();
}

void TestReplyClassifier::httpErrors()
{
    QFETCH(Target, target);
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);
    QFETCH(Status, status);
    QFETCH(QStringList, says);
    QFETCH(QStringList, doesNotSay);

    const Probe p = probe(target);
    const ConnectionTestResult result
        = ReplyClassifier::classify(httpReply(httpStatus, body), p.plan, p.request, DefaultTimeouts, Now);
    QCOMPARE(ConnectionTestResult::statusName(result.status), ConnectionTestResult::statusName(status));
    QVERIFY(!result.ok());
    QCOMPARE(result.httpStatus, httpStatus);
    QCOMPARE(result.host, p.host);
    QVERIFY2(result.message.contains(p.host), shown(result.message));
    for (const QString& part : says)
        QVERIFY2(result.message.contains(part), shown(u"\"%1\" lacks \"%2\""_s.arg(result.message, part)));
    for (const QString& part : doesNotSay)
        QVERIFY2(!result.message.contains(part, Qt::CaseInsensitive),
                 shown(u"\"%1\" says \"%2\""_s.arg(result.message, part)));
    QVERIFY(!result.message.contains(p.secret));
}

void TestReplyClassifier::registrySentencesForProviderCodes()
{
    const ConnectionTestResult notFound = classify(
        Target::Embeddings,
        httpReply(404,
                  errorBody(u"DeploymentNotFound"_s,
                            u"The API deployment for this resource does not exist. If you created the deployment "
                            "within the last 5 minutes, please wait a moment and try again."_s)));
    QCOMPARE(notFound.status, Status::NotFound);
    QCOMPARE(notFound.providerCode, u"DeploymentNotFound"_s);
    // The registry's sentence, then Azure's own words.
    QCOMPARE(notFound.message,
             u"emb.openai.azure.com has no deployment named \"text-embedding-3-small\"; check the Embeddings "
             "Deployment Name (deployments can take a few minutes to become available). The provider said: \"The "
             "API deployment for this resource does not exist. If you created the deployment within the last 5 "
             "minutes, please wait a moment and try again.\""_s);

    const ConnectionTestResult chatModel
        = classify(Target::Embeddings,
                   httpReply(400,
                             errorBody(u"OperationNotSupported"_s,
                                       u"The embeddings operation does not work with the specified model, gpt-4o."_s)));
    QCOMPARE(chatModel.status, Status::RequestRejected);
    QCOMPARE(chatModel.providerCode, u"OperationNotSupported"_s);
    QCOMPARE(chatModel.message,
             u"The deployment \"text-embedding-3-small\" on emb.openai.azure.com does not create embeddings (it is "
             "probably a chat model); enter the deployment of an embeddings model such as "
             "text-embedding-3-small. The provider said: \"The embeddings operation does not work with the "
             "specified model, gpt-4o.\""_s);
    QCOMPARE(chatModel.providerMessage, u"The embeddings operation does not work with the specified model, gpt-4o."_s);

    // Another code on the same request gets the general sentence, with the provider's words.
    const ConnectionTestResult other
        = classify(Target::Embeddings, httpReply(404, errorBody(u"NotFound"_s, u"Resource not found"_s)));
    QCOMPARE(other.status, Status::NotFound);
    QVERIFY2(other.message.contains(u"emb.openai.azure.com has nothing at "
                                    "/openai/deployments/text-embedding-3-small/embeddings"_s),
             shown(other.message));
    QVERIFY2(other.message.contains(u"api-version"_s), shown(other.message));
    QVERIFY2(other.message.contains(u"Resource not found"_s), shown(other.message));
}

void TestReplyClassifier::plainErrorsOnTheEmbeddingsRequestNameTheDeployment_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("sentence");

    const QString notFound = u"emb.openai.azure.com has nothing at /openai/deployments/text-embedding-3-small/"
                             "embeddings (404 Not Found); check the endpoint URL, the Embeddings Deployment Name and "
                             "the api-version."_s;
    const QString refused = u"emb.openai.azure.com refused the request (HTTP 400); check the endpoint URL, the "
                            "Embeddings Deployment Name and the api-version."_s;
    // No provider code the registry has a sentence for: the general sentence, which points at
    // the deployment in the path as well as at the endpoint and the api-version in the query.
    QTest::newRow("404 without a body") << 404 << QByteArray() << Status::NotFound << notFound;
    QTest::newRow("404 in plain text") << 404 << QByteArray("Not Found") << Status::NotFound << notFound;
    QTest::newRow("404 with a message but no code")
        << 404 << QByteArray(R"({"error":{"message":"Resource not found"}})") << Status::NotFound
        << notFound + u" The provider said: \"Resource not found\""_s;
    QTest::newRow("400 without a code") << 400 << QByteArray(R"({"error":{"message":"Bad input"}})")
                                        << Status::RequestRejected << refused + u" The provider said: \"Bad input\""_s;
}

void TestReplyClassifier::plainErrorsOnTheEmbeddingsRequestNameTheDeployment()
{
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);
    QFETCH(Status, status);
    QFETCH(QString, sentence);

    const ConnectionTestResult result = classify(Target::Embeddings, httpReply(httpStatus, body));
    QCOMPARE(ConnectionTestResult::statusName(result.status), ConnectionTestResult::statusName(status));
    QVERIFY(result.providerCode.isEmpty());
    QCOMPARE(result.message, sentence);

    // The free model list has no deployment in its path: it names only what it has.
    const ConnectionTestResult models = classify(Target::EmbeddingsModels, httpReply(404, QByteArray()));
    QCOMPARE(models.message,
             u"emb.openai.azure.com has nothing at /openai/models (404 Not Found); check the endpoint URL and the "
             "api-version."_s);
}

void TestReplyClassifier::retryAfter_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<int>("seconds"); // -1 for none

    QTest::newRow("seconds") << QByteArray("30") << 30;
    QTest::newRow("seconds with spaces") << QByteArray(" 30 ") << 30;
    QTest::newRow("zero") << QByteArray("0") << 0;
    QTest::newRow("capped at a week") << QByteArray("99999999999") << 7 * 24 * 3600;
    QTest::newRow("negative") << QByteArray("-5") << -1;
    QTest::newRow("none") << QByteArray() << -1;
    QTest::newRow("words") << QByteArray("soon") << -1;
    QTest::newRow("date with offset") << QByteArray("Sat, 01 Mar 2025 12:01:30 +0000") << 90;
    QTest::newRow("date in another zone") << QByteArray("Sat, 01 Mar 2025 13:01:30 +0100") << 90;
    QTest::newRow("date in the past") << QByteArray("Sat, 01 Mar 2025 11:00:00 +0000") << 0;
    // The form every server sends (RFC 9110 IMF-fixdate), whose zone "GMT" Qt's RFC 2822
    // parser does not take.
    QTest::newRow("HTTP date in GMT") << QByteArray("Sat, 01 Mar 2025 12:01:30 GMT") << 90;
}

void TestReplyClassifier::retryAfter()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(int, seconds);

    const ConnectionTestResult result
        = classify(Target::Azure,
                   httpReply(429,
                             errorBody(u"429"_s,
                                       u"Requests to the ChatCompletions_Create Operation have exceeded call rate "
                                       "limit."_s),
                             retryAfter));
    QCOMPARE(result.status, Status::RateLimited);
    QCOMPARE(result.retryAfterSeconds.value_or(-1), seconds);
    QVERIFY2(result.message.contains(u"myres.openai.azure.com is limiting requests (429 Too Many Requests), so the "
                                     "API Key is probably valid"_s),
             shown(result.message));
    if (seconds >= 0)
        QVERIFY2(result.message.contains(u"try again in %1 second(s)"_s.arg(seconds)), shown(result.message));
    else
        QVERIFY2(result.message.contains(u"try again later"_s), shown(result.message));
    // A rate limit says nothing against the key.
    for (const QString& blame : { u"rejected"_s, u"wrong"_s, u"revoked"_s, u"invalid"_s })
        QVERIFY2(!result.message.contains(blame, Qt::CaseInsensitive), shown(result.message));
}

void TestReplyClassifier::networkErrors_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<QString>("errorString");
    QTest::addColumn<QStringList>("sslErrors");
    QTest::addColumn<Status>("status");
    QTest::addColumn<QStringList>("says");
    QTest::addColumn<QStringList>("doesNotSay");

    const QStringList certificate { u"The certificate is self-signed, and untrusted"_s,
                                    u"The host name did not match any of the valid hosts for this certificate"_s };
    // The host was not found: the port plays no part, so the sentence names the host alone.
    QTest::newRow("host not found") << QNetworkReply::HostNotFoundError << u"Host llm.example.com not found"_s
                                    << QStringList() << Status::HostNotFound
                                    << QStringList { u"The host llm.example.com was not found"_s, u"DNS"_s }
                                    << QStringList();
    QTest::newRow("connection refused") << QNetworkReply::ConnectionRefusedError << u"Connection refused"_s
                                        << QStringList() << Status::ConnectionRefused
                                        << QStringList { u"llm.example.com:8443 refused the connection"_s, u"port"_s }
                                        << QStringList();
    QTest::newRow("TLS handshake with certificate errors")
        << QNetworkReply::SslHandshakeFailedError << u"SSL handshake failed"_s << certificate << Status::TlsError
        << QStringList { u"The secure connection to llm.example.com:8443 failed (The certificate is self-signed, "
                         "and untrusted)"_s,
                         u"certificate"_s }
        << QStringList { u"SSL handshake failed"_s };
    QTest::newRow("TLS handshake without certificate errors")
        << QNetworkReply::SslHandshakeFailedError << u"SSL handshake failed: protocol version"_s << QStringList()
        << Status::TlsError
        << QStringList { u"The secure connection to llm.example.com:8443 failed (SSL handshake failed: protocol "
                         "version)"_s }
        << QStringList();
    QTest::newRow("other error with certificate errors")
        << QNetworkReply::UnknownNetworkError << u"Unknown"_s << certificate << Status::TlsError
        << QStringList { u"The secure connection to llm.example.com:8443 failed (The certificate is self-signed"_s }
        << QStringList();
    QTest::newRow("proxy closed") << QNetworkReply::ProxyConnectionClosedError
                                  << u"Proxy connection closed prematurely"_s << QStringList() << Status::NetworkError
                                  << QStringList { u"The proxy did not connect to llm.example.com:8443 (Proxy "
                                                   "connection closed prematurely)"_s,
                                                   u"https_proxy"_s }
                                  << QStringList();
    QTest::newRow("proxy not found") << QNetworkReply::ProxyNotFoundError << u"No proxy"_s << QStringList()
                                     << Status::NetworkError << QStringList { u"proxy settings"_s } << QStringList();
    QTest::newRow("socket timeout") << QNetworkReply::TimeoutError << u"Socket operation timed out"_s << QStringList()
                                    << Status::Timeout
                                    << QStringList { u"The connection to llm.example.com:8443 timed out"_s }
                                    << QStringList();
    QTest::newRow("closed without answer")
        << QNetworkReply::RemoteHostClosedError << u"Connection closed"_s << QStringList() << Status::NetworkError
        << QStringList { u"llm.example.com:8443 closed the connection without answering"_s, u"https://"_s }
        << QStringList();
    QTest::newRow("other") << QNetworkReply::NetworkSessionFailedError << u"Network session error."_s << QStringList()
                           << Status::NetworkError
                           << QStringList { u"Could not reach llm.example.com:8443 (Network session error.)"_s }
                           << QStringList();
}

void TestReplyClassifier::networkErrors()
{
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(QString, errorString);
    QFETCH(QStringList, sslErrors);
    QFETCH(Status, status);
    QFETCH(QStringList, says);
    QFETCH(QStringList, doesNotSay);

    ProbeReply reply;
    reply.error = error;
    reply.errorString = errorString;
    reply.sslErrors = sslErrors;
    const ConnectionTestResult result = classify(Target::Custom, reply);
    QCOMPARE(ConnectionTestResult::statusName(result.status), ConnectionTestResult::statusName(status));
    QCOMPARE(result.httpStatus, 0);
    QCOMPARE(result.host, u"llm.example.com:8443"_s);
    for (const QString& part : says)
        QVERIFY2(result.message.contains(part), shown(u"\"%1\" lacks \"%2\""_s.arg(result.message, part)));
    for (const QString& part : doesNotSay)
        QVERIFY2(!result.message.contains(part), shown(u"\"%1\" says \"%2\""_s.arg(result.message, part)));
    QVERIFY(!result.message.contains(CustomKey));
}

void TestReplyClassifier::proxyThatDropsTheConnectionIsNamed()
{
    // Qt reports a proxy that drops the tunnel as an ordinary network error; the sentence
    // points at the proxy the request went through.
    ProbeReply reply;
    reply.error = QNetworkReply::UnknownNetworkError;
    reply.errorString = u"Connection closed"_s;
    reply.proxy = u"proxy.corp.example:3128"_s;
    const ConnectionTestResult viaProxy = classify(Target::Custom, reply);
    QCOMPARE(viaProxy.status, Status::NetworkError);
    QCOMPARE(viaProxy.host, u"llm.example.com:8443"_s);
    QVERIFY2(viaProxy.message.contains(u"Could not reach llm.example.com:8443 through the proxy "
                                       "proxy.corp.example:3128 (Connection closed)"_s),
             shown(viaProxy.message));
    QVERIFY2(viaProxy.message.contains(u"https_proxy"_s), shown(viaProxy.message));

    // Without a proxy, the same error says nothing of one.
    reply.proxy.clear();
    const ConnectionTestResult direct = classify(Target::Custom, reply);
    QCOMPARE(direct.status, Status::NetworkError);
    QVERIFY2(!direct.message.contains(u"proxy"_s), shown(direct.message));
}

void TestReplyClassifier::aborts_data()
{
    QTest::addColumn<ProbeReply::Abort>("abort");
    QTest::addColumn<int>("httpStatus"); // what had arrived when the test was stopped
    QTest::addColumn<Status>("status");
    QTest::addColumn<QString>("says");
    QTest::addColumn<QString>("doesNotSay");

    QTest::newRow("connect timeout") << ProbeReply::Abort::ConnectTimeout << 0 << Status::Timeout
                                     << u"Could not connect to llm.example.com:8443 within 7 second(s)"_s
                                     << u"33 second"_s;
    QTest::newRow("total timeout") << ProbeReply::Abort::TotalTimeout << 0 << Status::Timeout
                                   << u"llm.example.com:8443 did not answer within 33 second(s)"_s << u"7 second"_s;
    // Headers had come, the body had not: a timeout, not a success.
    QTest::newRow("total timeout after headers") << ProbeReply::Abort::TotalTimeout << 200 << Status::Timeout
                                                 << u"did not answer within 33 second(s)"_s << u"Connected"_s;
    QTest::newRow("cancelled") << ProbeReply::Abort::Cancelled << 0 << Status::Cancelled
                               << u"The connection test was cancelled."_s << QString();
    QTest::newRow("cancelled after headers") << ProbeReply::Abort::Cancelled << 401 << Status::Cancelled
                                             << u"The connection test was cancelled."_s << u"rejected"_s;
    QTest::newRow("too large") << ProbeReply::Abort::TooLarge << 200 << Status::UnexpectedReply
                               << u"llm.example.com:8443 sent a far larger answer than an API sends"_s
                               << u"Connected"_s;
}

void TestReplyClassifier::aborts()
{
    QFETCH(ProbeReply::Abort, abort);
    QFETCH(int, httpStatus);
    QFETCH(Status, status);
    QFETCH(QString, says);
    QFETCH(QString, doesNotSay);

    ProbeReply reply = httpReply(httpStatus, R"({"data":[{"id":"m"}]})");
    reply.error = QNetworkReply::OperationCanceledError;
    reply.abort = abort;
    const ReplyClassifier::Timeouts timeouts { 7, 33 };
    const ConnectionTestResult result = classify(Target::Custom, reply, timeouts);
    QCOMPARE(ConnectionTestResult::statusName(result.status), ConnectionTestResult::statusName(status));
    QVERIFY2(result.message.contains(says), shown(result.message));
    if (!doesNotSay.isEmpty())
        QVERIFY2(!result.message.contains(doesNotSay), shown(result.message));
    QVERIFY(!result.modelCount);
}

void TestReplyClassifier::echoedSecretIsMasked_data()
{
    QTest::addColumn<Target>("target");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");

    const auto echo = [](const QString& key) {
        return errorBody(u"invalid_api_key"_s, u"Incorrect API key provided: %1. Check your key."_s.arg(key));
    };
    QTest::newRow("azure 401") << Target::Azure << 401 << echo(AzureKey);
    QTest::newRow("embeddings 403") << Target::EmbeddingsModels << 403 << echo(EmbeddingsKey);
    QTest::newRow("mistral top-level message")
        << Target::Mistral << 401
        << QJsonDocument(QJsonObject { { u"message"_s, u"No access for %1"_s.arg(MistralKey) } })
               .toJson(QJsonDocument::Compact);
    QTest::newRow("ionos bearer") << Target::Ionos << 401 << echo(u"Bearer "_s + IonosToken);
    QTest::newRow("custom string error")
        << Target::Custom << 400
        << QJsonDocument(QJsonObject { { u"error"_s, u"bad key %1"_s.arg(CustomKey) } }).toJson(QJsonDocument::Compact);
    QTest::newRow("custom 500") << Target::Custom << 500 << echo(CustomKey);
    QTest::newRow("custom 429") << Target::Custom << 429 << echo(CustomKey);
    QTest::newRow("custom 404") << Target::Custom << 404 << echo(CustomKey);
    // JSON escapes spell the key differently on the wire; the message still must not show it.
    QTest::newRow("escaped in JSON") << Target::Custom << 401
                                     << QByteArray(R"({"error":{"message":"key \u0073k-custom-0123456789 is bad"}})");
    QTest::newRow("key as the code") << Target::Custom << 401 << errorBody(CustomKey, u"Unknown key"_s);
    // A key that straddles the length cap must not leak in part either.
    QTest::newRow("key at the cap") << Target::Custom << 401
                                    << echo(QString(260, u'x') + u' ' + CustomKey + u' ' + QString(50, u'y'));
}

void TestReplyClassifier::echoedSecretIsMasked()
{
    QFETCH(Target, target);
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);

    const Probe p = probe(target);
    const ConnectionTestResult result
        = ReplyClassifier::classify(httpReply(httpStatus, body), p.plan, p.request, DefaultTimeouts, Now);
    QVERIFY(!result.ok());
    // The provider's words are shown, with the key masked.
    QVERIFY2(result.message.contains(u"The provider said"_s) || result.providerCode.contains(u"********"_s),
             shown(result.message));
    QVERIFY2(result.message.contains(u"********"_s) || result.providerCode.contains(u"********"_s),
             shown(result.message));
    for (const QString& text : { result.message, result.providerMessage, result.providerCode }) {
        QVERIFY2(!text.contains(p.secret), shown(text));
        // Nor a recognisable piece of it.
        for (qsizetype at = 0; at + 8 <= p.secret.size(); ++at)
            QVERIFY2(!text.contains(p.secret.mid(at, 8)), shown(text));
    }
}

void TestReplyClassifier::maskCoversEveryText()
{
    // The tester masks every text of a result before anyone sees it: a server can put the key
    // anywhere, and it may come back as it is or percent-encoded (in either case of hex digits).
    const QString key = u"sk-Ab+/=9f3c1e77d2"_s;
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(key));
    QCOMPARE(encoded, u"sk-Ab%2B%2F%3D9f3c1e77d2"_s);
    ConnectionTestResult result;
    result.message = u"h has nothing at /v1/"_s + key + u"/models."_s;
    result.host = key + u":443"_s;
    result.providerCode = key;
    result.providerMessage = u"no /v1/"_s + encoded.toLower() + u"/models"_s;
    result.suggestedEndpoint = u"https://other.example/v1/"_s + encoded;
    result.warnings = QStringList { u"first"_s, u"key "_s + key };
    result.details = QStringList { key + key };

    ReplyClassifier::mask(result, { key, u"abc"_s });
    QCOMPARE(result.message, u"h has nothing at /v1/********/models."_s);
    QCOMPARE(result.host, u"********:443"_s);
    QCOMPARE(result.providerCode, u"********"_s);
    QCOMPARE(result.providerMessage, u"no /v1/********/models"_s);
    QCOMPARE(result.suggestedEndpoint, u"https://other.example/v1/********"_s);
    QCOMPARE(result.warnings, (QStringList { u"first"_s, u"key ********"_s }));
    QCOMPARE(result.details, QStringList { u"****************"_s });
    // Values too short to be a key would mask ordinary words: "abc" stays.
    QCOMPARE(ReplyClassifier::masked(u"abc ab"_s, { u"abc"_s }), u"abc ab"_s);
    QCOMPARE(ReplyClassifier::masked(u"a key: "_s + key, { key }), u"a key: ********"_s);
}

void TestReplyClassifier::controlCharactersAreRemoved()
{
    const QString hostile = u"Bad\u001b[2J\u001b[31m key\r\nAccess granted.\u0007\u202egnp.exe\u0000end"_s;
    const ConnectionTestResult result = classify(Target::Custom, httpReply(403, errorBody(u"Forbidden"_s, hostile)));
    QCOMPARE(result.status, Status::AccessDenied);
    QVERIFY2(!hasControlOrFormatCharacter(result.message), shown(result.message));
    QVERIFY2(!hasControlOrFormatCharacter(result.providerMessage), shown(result.providerMessage));
    // What is left is still readable on one line.
    QVERIFY2(result.providerMessage.startsWith(u"Bad [2J [31m key Access granted."_s), shown(result.providerMessage));
    QVERIFY2(result.message.contains(u"key Access granted."_s), shown(result.message));
    QVERIFY(!result.message.contains(u'\n'));

    const ConnectionTestResult code
        = classify(Target::Custom, httpReply(403, errorBody(u"Forbid\u001bden\n"_s, u"no"_s)));
    QVERIFY2(!hasControlOrFormatCharacter(code.providerCode), shown(code.providerCode));
}

void TestReplyClassifier::longProviderMessageIsCapped()
{
    for (const qsizetype length : { qsizetype(301), qsizetype(1000), qsizetype(50000) }) {
        const QString longMessage = u"Too long. "_s.repeated(length / 10 + 1).left(length);
        const ConnectionTestResult result = classify(Target::Azure, httpReply(403, errorBody(u"X"_s, longMessage)));
        QCOMPARE(result.status, Status::AccessDenied);
        QVERIFY(result.providerMessage.startsWith(u"Too long. Too long."_s));
        QCOMPARE(result.providerMessage.size(), 300);
        QVERIFY(result.providerMessage.endsWith(QChar(0x2026)));
        // The sentence around it stays a sentence a dialog can show.
        QVERIFY2(result.message.size() < 600, shown(QString::number(result.message.size())));
        QVERIFY(result.message.startsWith(u"myres.openai.azure.com denied access"_s));
    }

    // Up to the cap, the provider's words are shown whole.
    const QString fits = QString(299, u'a') + u'.';
    const ConnectionTestResult whole = classify(Target::Azure, httpReply(403, errorBody(u"X"_s, fits)));
    QCOMPARE(whole.providerMessage, fits);

    const ConnectionTestResult longCode
        = classify(Target::Azure, httpReply(403, errorBody(QString(5000, u'C'), u"short"_s)));
    QVERIFY(longCode.providerCode.size() <= 80);
}

void TestReplyClassifier::capDoesNotSplitACharacter()
{
    // The cap counts UTF-16 units: cut in the middle of a character outside the BMP, it would
    // leave a lone surrogate, garbage on screen and invalid Unicode in credctl's JSON.
    const QString emojiAtTheCut = QString(298, u'a') + u"\U0001F600 and more"_s;
    const ConnectionTestResult cut = classify(Target::Azure, httpReply(403, errorBody(u"X"_s, emojiAtTheCut)));
    QVERIFY(cut.providerMessage.size() <= 300);
    QVERIFY2(cut.providerMessage.isValidUtf16(), shown(cut.providerMessage.right(4)));
    QVERIFY(cut.message.isValidUtf16());
}

void TestReplyClassifier::randomBodiesNeverCrash()
{
    // Whatever a server sends, the answer is a result with a sentence, and never a success
    // unless the status says so.
    QRandomGenerator random(20250301);
    const QList<int> statuses { 200, 201, 204, 301, 400, 401, 403, 404, 418, 429, 500, 503 };
    const QList<Target> targets { Target::Azure, Target::Embeddings, Target::Mistral, Target::Ionos, Target::Custom };
    QList<Probe> probes;
    for (Target target : targets)
        probes.append(probe(target));
    const QList<QByteArray> fragments { "{",
                                        "}",
                                        "[",
                                        "]",
                                        "\"error\":",
                                        "\"code\":",
                                        "\"message\":",
                                        "\"data\":",
                                        "\"embedding\":",
                                        ",",
                                        ":",
                                        "\"",
                                        "1e999",
                                        "null",
                                        "true",
                                        "-0",
                                        "\\u0000",
                                        "\\ud800",
                                        "\xff\xfe",
                                        "\x1b",
                                        "DeploymentNotFound",
                                        "OperationNotSupported" };
    int successes = 0;
    for (int i = 0; i < 4000; ++i) {
        QByteArray body;
        const int pieces = int(random.bounded(40));
        for (int piece = 0; piece < pieces; ++piece) {
            if (random.bounded(2) == 0) {
                body += fragments.at(random.bounded(int(fragments.size())));
            } else {
                const int length = int(random.bounded(12));
                for (int b = 0; b < length; ++b)
                    body += char(random.bounded(256));
            }
        }
        // A well-formed error object around random bytes now and then.
        if (i % 5 == 0)
            body = R"({"error":{"code":")" + body + R"(","message":")" + body + R"("}})";
        ProbeReply reply = httpReply(statuses.at(random.bounded(int(statuses.size()))), body,
                                     random.bounded(3) == 0 ? body.left(20) : QByteArray());
        const Probe& p = probes.at(random.bounded(int(probes.size())));
        const ConnectionTestResult result = ReplyClassifier::classify(reply, p.plan, p.request, DefaultTimeouts, Now);
        const QByteArray message = shown(result.message); // once: 4000 rounds
        if (result.ok()) {
            ++successes;
            QVERIFY2(reply.httpStatus == 200, message);
            QVERIFY2(QJsonDocument::fromJson(reply.body).object().value(u"data"_s).isArray(), body.toHex().constData());
        }
        QVERIFY2(!result.message.isEmpty(), body.toHex().constData());
        QVERIFY2(result.message.contains(p.host), message);
        QVERIFY2(!result.message.contains(p.secret), message);
        QVERIFY2(!hasControlOrFormatCharacter(result.message), message);
        QVERIFY(result.providerMessage.size() <= 300);
    }
    // Random bytes are hardly ever a model list.
    QVERIFY(successes < 40);
}

void TestReplyClassifier::statusNames()
{
    // Stable: credctl prints them in --json, and scripts compare them.
    const QList<std::pair<Status, QString>> expected {
        { Status::Success, u"success"_s },
        { Status::AuthenticationRejected, u"authentication_rejected"_s },
        { Status::AccessDenied, u"access_denied"_s },
        { Status::NotFound, u"not_found"_s },
        { Status::RateLimited, u"rate_limited"_s },
        { Status::ProviderError, u"provider_error"_s },
        { Status::RequestRejected, u"request_rejected"_s },
        { Status::HostNotFound, u"host_not_found"_s },
        { Status::ConnectionRefused, u"connection_refused"_s },
        { Status::TlsError, u"tls_error"_s },
        { Status::Timeout, u"timeout"_s },
        { Status::NetworkError, u"network_error"_s },
        { Status::UnexpectedReply, u"unexpected_reply"_s },
        { Status::InsecureEndpoint, u"insecure_endpoint"_s },
        { Status::InvalidSettings, u"invalid_settings"_s },
        { Status::Cancelled, u"cancelled"_s },
    };
    for (const auto& [status, name] : expected)
        QCOMPARE(ConnectionTestResult::statusName(status), name);

    // Every status, including any added later, has its own name.
    static const QRegularExpression shape(u"^[a-z]+(_[a-z]+)*$"_s);
    QSet<QString> names;
    for (int value = 0; value <= int(Status::Cancelled); ++value) {
        const QString name = ConnectionTestResult::statusName(Status(value));
        QVERIFY2(shape.match(name).hasMatch(), shown(u"status %1 is named \"%2\""_s.arg(value).arg(name)));
        QVERIFY2(!names.contains(name), shown(name));
        names.insert(name);
    }
    QCOMPARE(names.size(), expected.size());
}

QTEST_GUILESS_MAIN(TestReplyClassifier)
#include "TestReplyClassifier.moc"
