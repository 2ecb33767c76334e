// The whole connection test of SPEC section 7: the real ConnectionTester, with the providers of the
// built-in registry, against loopback servers (FakeProvider) that behave like each provider. Each
// test checks what the server received (method, path, query, headers, body) and what the user
// would read (the result class, its sentence, warnings). Keys are random per run and never printed.

#include "network/ConnectionTestResult.h"
#include "network/ConnectionTester.h"
#include "registry/ProviderRegistry.h"
#include "store/FieldValues.h"
#include "support/FakeProvider.h"
#include "support/Jwt.h"
#include "support/RecordingProxy.h"
#include "support/SecretMask.h"
#include "support/TlsIdentity.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkInterface>
#include <QPointer>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <optional>

using namespace cm;
using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

using Status = ConnectionTestResult::Status;
using Reply = FakeProvider::Reply;

namespace {

// Headers that carry a credential of some kind; a probe sends exactly the provider's one.
const QList<QByteArray> CredentialHeaders { "authorization", "api-key", "proxy-authorization", "x-api-key", "cookie" };

const ProviderSpec& provider(const QString& id)
{
    const ProviderSpec* spec = ProviderRegistry::builtin().provider(id);
    if (!spec)
        qFatal("provider %s is not in the built-in registry", qPrintable(id));
    return *spec;
}

// Every key and token this test makes: no failure message shows one of them.
SecretMask& knownSecrets()
{
    static SecretMask secrets;
    return secrets;
}

// A key nobody else has, so finding it anywhere means it leaked from this test.
QString randomKey(const QString& prefix = u"sk-"_s)
{
    return knownSecrets().remember(prefix + QUuid::createUuid().toString(QUuid::Id128));
}

// An IONOS token that expires `seconds` from now.
QString tokenExpiringIn(qint64 seconds)
{
    return knownSecrets().remember(Jwt::expiringIn(seconds));
}

// `text` for a failure message: every key of the test masked, whatever the text holds.
QByteArray shown(const QString& text)
{
    return knownSecrets().printable(text);
}

// The value of an "Authorization: Bearer <key>" header.
QByteArray bearer(const QString& key)
{
    return (u"Bearer "_s + key).toUtf8();
}

Reply embeddingReply(int dimension)
{
    QJsonArray embedding;
    for (int i = 0; i < dimension; ++i)
        embedding.append(0.001 * (i % 97) - 0.03);
    const QJsonObject item { { u"object"_s, u"embedding"_s }, { u"index"_s, 0 }, { u"embedding"_s, embedding } };
    return Reply::json(200, QJsonObject { { u"object"_s, u"list"_s }, { u"data"_s, QJsonArray { item } } });
}

Reply delayed(Reply reply, int delayMs)
{
    reply.delayMs = delayMs;
    return reply;
}

ConnectionTester::Options fastOptions(int totalMs = 5000, int connectMs = 2000)
{
    ConnectionTester::Options options;
    options.totalTimeoutMs = totalMs;
    options.connectTimeoutMs = connectMs;
    return options;
}

ConnectionTestResult runTest(const QString& providerId, const FieldValues& values,
                             const ConnectionTester::Options& options = fastOptions())
{
    return ConnectionTester::run(provider(providerId), values, options);
}

// "host:port" as the tester names it in its sentences.
QString hostLabel(const QUrl& url)
{
    return url.authority();
}

QString urlText(const FakeProvider& fake, const QString& path = {})
{
    return fake.url(path).toString();
}

QStringList credentialHeaders(const FakeProvider::Request& request)
{
    QStringList names;
    for (const auto& header : request.headers) {
        const QByteArray name = header.first.toLower();
        if (CredentialHeaders.contains(name))
            names.append(QString::fromLatin1(name));
    }
    return names;
}

// Every text of a result a user or a log could see.
QString allText(const ConnectionTestResult& result)
{
    return QStringList { result.message,      result.warnings.join(u'\n'), result.details.join(u'\n'), result.host,
                         result.providerCode, result.providerMessage,      result.suggestedEndpoint }
        .join(u'\n');
}

// The whole result for a failure message, with the keys masked: printed exactly when a check
// fails, which may be the very check that the key is masked.
QByteArray describe(const ConnectionTestResult& result)
{
    return shown(ConnectionTestResult::statusName(result.status) + u": "_s + result.message + u" | warnings: "_s
                 + result.warnings.join(u" / "_s) + u" | suggested: "_s + result.suggestedEndpoint);
}

QByteArray mismatch(const ConnectionTestResult& result, Status expected)
{
    return "expected " + ConnectionTestResult::statusName(expected).toUtf8() + ", got " + describe(result);
}

ConnectionTestResult resultAt(const QSignalSpy& spy, qsizetype index)
{
    return spy.at(index).at(0).value<ConnectionTestResult>();
}

// Sets environment variables for one scope and puts the previous values back afterwards.
class EnvironmentOverride
{
public:
    EnvironmentOverride() = default;
    EnvironmentOverride(const EnvironmentOverride&) = delete;
    EnvironmentOverride& operator=(const EnvironmentOverride&) = delete;
    ~EnvironmentOverride()
    {
        for (const auto& [name, value] : std::as_const(m_saved)) {
            if (value)
                qputenv(name.constData(), *value);
            else
                qunsetenv(name.constData());
        }
    }

    void set(const QString& name, const QByteArray& value)
    {
        save(name);
        qputenv(name.toLatin1().constData(), value);
    }
    void unset(const QString& name)
    {
        save(name);
        qunsetenv(name.toLatin1().constData());
    }

private:
    void save(const QString& name)
    {
        const QByteArray key = name.toLatin1();
        for (const auto& entry : std::as_const(m_saved)) {
            if (entry.first == key)
                return;
        }
        m_saved.append({ key,
                         qEnvironmentVariableIsSet(key.constData())
                             ? std::optional<QByteArray>(qgetenv(key.constData()))
                             : std::nullopt });
    }

    QList<QPair<QByteArray, std::optional<QByteArray>>> m_saved;
};

} // namespace

// Compares result classes and prints the whole result (keys masked) when they differ.
#define CM_COMPARE_STATUS(result, expected) QVERIFY2((result).status == (expected), mismatch((result), (expected)))
// Compares two texts and prints both (keys masked) when they differ.
#define CM_COMPARE_TEXT(actual, expected)                                                                              \
    QVERIFY2((actual) == (expected), QByteArray("\n   Actual: " + shown(actual) + "\n   Expected: " + shown(expected)))

class TestConnectionTester : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // 1. What each provider's probe sends, and what a working key gives.
    void modelListSuccess_data();
    void modelListSuccess();
    void azureInstanceNameMismatchOnlyWarns();
    void embeddingsSuccess_data();
    void embeddingsSuccess();
    void embeddingsBadKeySendsNoEmbeddingsRequest();

    // 2. Every result class from a real exchange.
    void httpFailures_data();
    void httpFailures();
    void embeddingsDeploymentErrors_data();
    void embeddingsDeploymentErrors();
    void slowReplyTimesOut();
    void timeoutPrintsNothingButItsResult();
    void silentServerIsAConnectTimeout();
    void closedPortIsConnectionRefused();
    void unknownHostIsHostNotFound();
    void untrustedCertificateIsTlsError();
    void trustedCertificateSucceedsOverHttps();

    // 3. Where the key goes, and where it does not.
    void plainHttpToAnotherMachineIsNeverContacted();
    void redirectToAnotherOriginIsNotFollowed_data();
    void redirectToAnotherOriginIsNotFollowed();
    void sameOriginRedirectKeepsTheKey();
    void keyNeverInTheResult_data();
    void keyNeverInTheResult();
    void keyInARedirectIsMasked_data();
    void keyInARedirectIsMasked();

    // 4. The Custom provider's /v1 retry and empty model list.
    void customRetriesBelowV1();
    void customRetryNotFoundEither();
    void customRetryRejectedKeyStillSuggestsV1();
    void customRetryFailureIsWhatHappened_data();
    void customRetryFailureIsWhatHappened();
    void emptyModelListWarnsForCustomOnly();

    // 5. IONOS token checks.
    void ionosTokenWarnings_data();
    void ionosTokenWarnings();

    // 6. Cancelling, deleting, and finished() once per start().
    void cancelStopsARunningTest();
    void cancelDuringTheV1Retry();
    void deletingARunningTesterEmitsNothing();
    void refusalFinishesOnceFromTheEventLoop();
    void restartReportsTheFirstRunCancelled();
    void slotMayStartTheNextTest_data();
    void slotMayStartTheNextTest();
    void slotMayDeleteTheTester_data();
    void slotMayDeleteTheTester();

    // 7. The system proxy.
    void systemProxyIsHonoured();

private:
    QTemporaryDir m_tlsDirectory;
    std::optional<TlsIdentity> m_identity;
    QString m_identityError;
};

void TestConnectionTester::initTestCase()
{
    // Run by hand, the test must not send its requests through the developer's proxy.
    for (const QString& name : RecordingProxy::environmentVariables())
        qunsetenv(name.toLatin1().constData());
    QVERIFY(m_tlsDirectory.isValid());
    m_identity = makeSelfSignedIdentity(m_tlsDirectory.path(), &m_identityError);
}

// ---------------------------------------------------------------------------------------------
// 1. Success

void TestConnectionTester::modelListSuccess_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<QString>("endpointPath"); // appended to the fake's URL
    QTest::addColumn<QString>("expectedPath");
    QTest::addColumn<QString>("expectedApiVersion"); // empty: no query at all
    QTest::addColumn<QByteArray>("authHeader");
    QTest::addColumn<QString>("authPrefix");
    QTest::addColumn<QString>("secretField");
    QTest::addColumn<QString>("secretLabel");
    QTest::addColumn<int>("models");

    QTest::newRow("azure-openai") << u"azure-openai"_s << QString() << u"/openai/models"_s << u"2024-10-21"_s
                                  << QByteArray("api-key") << QString() << u"api_key"_s << u"API Key"_s << 3;
    QTest::newRow("azure-openai trailing slash")
        << u"azure-openai"_s << u"/"_s << u"/openai/models"_s << u"2024-10-21"_s << QByteArray("api-key") << QString()
        << u"api_key"_s << u"API Key"_s << 1;
    QTest::newRow("azure-openai deployment suffix")
        << u"azure-openai"_s << u"/openai/deployments/x"_s << u"/openai/models"_s << u"2024-10-21"_s
        << QByteArray("api-key") << QString() << u"api_key"_s << u"API Key"_s << 2;
    QTest::newRow("azure-openai pasted call URL")
        << u"azure-openai"_s << u"/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01"_s
        << u"/openai/models"_s << u"2024-10-21"_s << QByteArray("api-key") << QString() << u"api_key"_s << u"API Key"_s
        << 2;
    QTest::newRow("mistral") << u"mistral"_s << u"/v1"_s << u"/v1/models"_s << QString() << QByteArray("Authorization")
                             << u"Bearer "_s << u"api_key"_s << u"API Key"_s << 4;
    QTest::newRow("ionos") << u"ionos"_s << u"/v1"_s << u"/v1/models"_s << QString() << QByteArray("Authorization")
                           << u"Bearer "_s << u"token"_s << u"Token"_s << 5;
    QTest::newRow("custom") << u"custom"_s << u"/v1"_s << u"/v1/models"_s << QString() << QByteArray("Authorization")
                            << u"Bearer "_s << u"api_key"_s << u"API Key"_s << 7;
}

void TestConnectionTester::modelListSuccess()
{
    QFETCH(QString, providerId);
    QFETCH(QString, endpointPath);
    QFETCH(QString, expectedPath);
    QFETCH(QString, expectedApiVersion);
    QFETCH(QByteArray, authHeader);
    QFETCH(QString, authPrefix);
    QFETCH(QString, secretField);
    QFETCH(QString, secretLabel);
    QFETCH(int, models);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", expectedPath, Reply::modelList(models));

    const QString secret = secretField == u"token"_s ? tokenExpiringIn(90 * 24 * 3600) : randomKey();
    FieldValues values { { secretField, secret }, { u"endpoint"_s, urlText(fake) + endpointPath } };
    if (providerId == u"azure-openai"_s)
        values.insert(u"instance_name"_s, u"127"_s); // the host starts with it: no warning
    const ConnectionTestResult result = runTest(providerId, values);

    CM_COMPARE_STATUS(result, Status::Success);
    QCOMPARE(result.modelCount, std::optional<int>(models));
    QCOMPARE(result.httpStatus, 200);
    QVERIFY2(result.message.contains(hostLabel(fake.url())), shown(result.message));
    QVERIFY2(result.message.contains(secretLabel), shown(result.message));
    QVERIFY2(result.warnings.isEmpty(), shown(result.warnings.join(u'\n')));

    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 1);
    const FakeProvider::Request request = received.at(0);
    QCOMPARE(request.method, QByteArray("GET"));
    QCOMPARE(request.path, expectedPath);
    if (expectedApiVersion.isEmpty()) {
        QVERIFY2(request.query.isEmpty(), shown(request.query.toString()));
    } else {
        QCOMPARE(request.query.queryItems(),
                 (QList<QPair<QString, QString>> { { u"api-version"_s, expectedApiVersion } }));
    }
    QVERIFY2(request.header(authHeader) == (authPrefix + secret).toUtf8(), "the auth header is not the key as given");
    QCOMPARE(credentialHeaders(request), QStringList { QString::fromLatin1(authHeader.toLower()) });
    QCOMPARE(request.header("Accept"), QByteArray("application/json"));
    QVERIFY(!request.hasHeader("Content-Type"));
    QVERIFY(request.body.isEmpty());
}

void TestConnectionTester::azureInstanceNameMismatchOnlyWarns()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/openai/models"_s, Reply::modelList(2));

    const ConnectionTestResult result = runTest(u"azure-openai"_s,
                                                FieldValues { { u"endpoint"_s, urlText(fake) },
                                                              { u"instance_name"_s, u"my-resource"_s },
                                                              { u"api_key"_s, randomKey() } });

    CM_COMPARE_STATUS(result, Status::Success);
    QCOMPARE(fake.requests().size(), 1);
    QCOMPARE(result.warnings.size(), 1);
    const QString warning = result.warnings.at(0);
    QVERIFY2(warning.contains(u"127.0.0.1"_s) && warning.contains(u"Instance Name"_s)
                 && warning.contains(u"\"my-resource\""_s),
             shown(warning));
}

void TestConnectionTester::embeddingsSuccess_data()
{
    QTest::addColumn<QString>("apiVersion"); // as typed
    QTest::addColumn<QString>("expectedApiVersion");
    QTest::newRow("default version") << QString() << u"2023-05-15"_s;
    QTest::newRow("given version") << u"2024-02-01"_s << u"2024-02-01"_s;
}

void TestConnectionTester::embeddingsSuccess()
{
    QFETCH(QString, apiVersion);
    QFETCH(QString, expectedApiVersion);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/openai/models"_s, Reply::modelList(2));
    fake.answer("POST", u"/openai/deployments/text-embedding-3-small/embeddings"_s, embeddingReply(1536));

    const QString key = randomKey(QString());
    const ConnectionTestResult result
        = runTest(u"azure-openai-embeddings"_s,
                  FieldValues { { u"instance_name"_s, u"127"_s },
                                { u"deployment_name"_s, u"text-embedding-3-small"_s },
                                { u"api_key"_s, key },
                                { u"api_version"_s, apiVersion },
                                { u"endpoint"_s, urlText(fake, u"/openai/deployments/old"_s) } });

    CM_COMPARE_STATUS(result, Status::Success);
    QCOMPARE(result.embeddingDimension, std::optional<int>(1536));
    QVERIFY2(result.message.contains(u"1536"_s), shown(result.message));
    QVERIFY2(result.message.contains(hostLabel(fake.url())), shown(result.message));
    QCOMPARE(result.modelCount, std::optional<int>(2));
    QVERIFY2(result.warnings.isEmpty(), shown(result.warnings.join(u'\n')));

    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 2);
    const FakeProvider::Request models = received.at(0);
    QCOMPARE(models.method, QByteArray("GET"));
    QCOMPARE(models.path, u"/openai/models"_s);
    QCOMPARE(models.query.queryItems(), (QList<QPair<QString, QString>> { { u"api-version"_s, u"2024-10-21"_s } }));
    QVERIFY2(models.header("api-key") == key.toUtf8(), "the api-key header is not the key");
    QCOMPARE(credentialHeaders(models), QStringList { u"api-key"_s });

    const FakeProvider::Request embeddings = received.at(1);
    QCOMPARE(embeddings.method, QByteArray("POST"));
    QCOMPARE(embeddings.path, u"/openai/deployments/text-embedding-3-small/embeddings"_s);
    QCOMPARE(embeddings.query.queryItems(),
             (QList<QPair<QString, QString>> { { u"api-version"_s, expectedApiVersion } }));
    QVERIFY2(embeddings.header("api-key") == key.toUtf8(), "the api-key header is not the key");
    QCOMPARE(credentialHeaders(embeddings), QStringList { u"api-key"_s });
    QCOMPARE(embeddings.header("Accept"), QByteArray("application/json"));
    QCOMPARE(embeddings.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(embeddings.body, QByteArray(R"({"input":"ping"})"));
}

void TestConnectionTester::embeddingsBadKeySendsNoEmbeddingsRequest()
{
    // The free model list tells a bad key apart from a bad deployment, and no embedding is paid for.
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/openai/models"_s,
                Reply::error(401, u"401"_s, u"Access denied due to invalid subscription key or wrong API endpoint."_s));
    fake.answer("POST", u"/openai/deployments/emb/embeddings"_s, embeddingReply(3));

    const ConnectionTestResult result = runTest(u"azure-openai-embeddings"_s,
                                                FieldValues { { u"instance_name"_s, u"127"_s },
                                                              { u"deployment_name"_s, u"emb"_s },
                                                              { u"api_key"_s, randomKey() },
                                                              { u"endpoint"_s, urlText(fake) } });

    CM_COMPARE_STATUS(result, Status::AuthenticationRejected);
    QVERIFY2(result.message.contains(u"Embeddings API Key"_s), shown(result.message));
    QVERIFY2(result.message.contains(u"invalid subscription key"_s), shown(result.message));
    QCOMPARE(fake.requests().size(), 1);
}

// ---------------------------------------------------------------------------------------------
// 2. Result classes

void TestConnectionTester::httpFailures_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QStringList>("mentions");
    QTest::addColumn<QStringList>("neverMentions");

    const QByteArray keyAuthDisabled = R"({"error":{"code":"AuthenticationTypeDisabled","message":"Key based )"
                                       R"(authentication is disabled for this resource."}})";
    const QStringList blame { u"rejected"_s, u"reject"_s };

    QTest::newRow("401 mistral") << u"mistral"_s << 401 << QByteArray(R"({"message":"Unauthorized","request_id":"r1"})")
                                 << QByteArray() << Status::AuthenticationRejected
                                 << QStringList { u"API Key"_s, u"401"_s, u"The provider said: \"Unauthorized\""_s }
                                 << QStringList();
    QTest::newRow("401 ionos") << u"ionos"_s << 401 << QByteArray() << QByteArray() << Status::AuthenticationRejected
                               << QStringList { u"Token"_s } << QStringList();
    QTest::newRow("403 azure key auth disabled")
        << u"azure-openai"_s << 403 << keyAuthDisabled << QByteArray() << Status::AccessDenied
        << QStringList { u"Key based authentication is disabled for this resource."_s, u"403"_s } << QStringList();
    QTest::newRow("404 mistral") << u"mistral"_s << 404 << QByteArray(R"({"detail":"Not Found"})") << QByteArray()
                                 << Status::NotFound << QStringList { u"/v1/models"_s } << QStringList();
    QTest::newRow("404 azure") << u"azure-openai"_s << 404
                               << QByteArray(R"({"error":{"code":"404","message":"Resource not found"}})")
                               << QByteArray() << Status::NotFound
                               << QStringList { u"/openai/models"_s, u"api-version"_s, u"Resource not found"_s }
                               << QStringList();
    QTest::newRow("429 retry-after") << u"mistral"_s << 429
                                     << QByteArray(R"({"message":"Requests rate limit exceeded"})") << QByteArray("30")
                                     << Status::RateLimited << QStringList { u"30 second"_s, u"probably valid"_s }
                                     << blame;
    QTest::newRow("429 no retry-after") << u"azure-openai"_s << 429 << QByteArray() << QByteArray()
                                        << Status::RateLimited << QStringList { u"try again later"_s } << blame;
    QTest::newRow("503") << u"custom"_s << 503 << QByteArray(R"({"error":{"code":"busy","message":"Overloaded"}})")
                         << QByteArray() << Status::ProviderError
                         << QStringList { u"503"_s, u"try again later"_s, u"Overloaded"_s } << blame;
    QTest::newRow("500 ionos") << u"ionos"_s << 500 << QByteArray("<html>oops</html>") << QByteArray()
                               << Status::ProviderError << QStringList { u"try again later"_s } << blame;
    QTest::newRow("200 not a model list")
        << u"custom"_s << 200 << QByteArray(R"({"status":"ok"})") << QByteArray() << Status::UnexpectedReply
        << QStringList { u"list of models"_s } << QStringList();
}

void TestConnectionTester::httpFailures()
{
    QFETCH(QString, providerId);
    QFETCH(int, httpStatus);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);
    QFETCH(Status, expected);
    QFETCH(QStringList, mentions);
    QFETCH(QStringList, neverMentions);

    FakeProvider fake;
    QVERIFY(fake.start());
    Reply reply;
    reply.status = httpStatus;
    reply.body = body;
    if (!retryAfter.isEmpty())
        reply.headers.append({ QByteArray("Retry-After"), retryAfter });
    const bool azure = providerId.startsWith(u"azure"_s);
    fake.answer("GET", azure ? u"/openai/models"_s : u"/v1/models"_s, reply);

    FieldValues values { { u"endpoint"_s, azure ? urlText(fake) : urlText(fake, u"/v1"_s) } };
    if (providerId == u"ionos"_s)
        values.insert(u"token"_s, tokenExpiringIn(90 * 24 * 3600));
    else
        values.insert(u"api_key"_s, randomKey());
    if (azure)
        values.insert(u"instance_name"_s, u"127"_s);
    const ConnectionTestResult result = runTest(providerId, values);

    CM_COMPARE_STATUS(result, expected);
    QCOMPARE(result.httpStatus, httpStatus);
    CM_COMPARE_TEXT(result.host, hostLabel(fake.url()));
    QVERIFY2(result.message.contains(hostLabel(fake.url())), shown(result.message));
    for (const QString& mention : mentions)
        QVERIFY2(result.message.contains(mention), shown(u"no \""_s + mention + u"\" in: "_s + result.message));
    for (const QString& mention : neverMentions)
        QVERIFY2(!result.message.contains(mention), shown(u"\""_s + mention + u"\" in: "_s + result.message));
    if (expected == Status::RateLimited) {
        QCOMPARE(result.retryAfterSeconds,
                 retryAfter.isEmpty() ? std::nullopt : std::optional<int>(retryAfter.toInt()));
    }
    QCOMPARE(fake.requests().size(), 1);
}

void TestConnectionTester::embeddingsDeploymentErrors_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("code");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("sentence"); // the registry's, with %1 for the host

    QTest::newRow("DeploymentNotFound")
        << 404 << u"DeploymentNotFound"_s << Status::NotFound
        << u"%1 has no deployment named \"my-embeddings\"; check the Embeddings Deployment Name (deployments can "
           "take a few minutes to become available)."_s;
    QTest::newRow("OperationNotSupported")
        << 400 << u"OperationNotSupported"_s << Status::RequestRejected
        << u"The deployment \"my-embeddings\" on %1 does not create embeddings (it is probably a chat model); enter "
           "the deployment of an embeddings model such as text-embedding-3-small."_s;
}

void TestConnectionTester::embeddingsDeploymentErrors()
{
    QFETCH(int, httpStatus);
    QFETCH(QString, code);
    QFETCH(Status, expected);
    QFETCH(QString, sentence);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/openai/models"_s, Reply::modelList(3));
    const QString azureWords = u"Azure's own words about "_s + code + u'.';
    fake.answer("POST", u"/openai/deployments/my-embeddings/embeddings"_s, Reply::error(httpStatus, code, azureWords));

    const ConnectionTestResult result = runTest(u"azure-openai-embeddings"_s,
                                                FieldValues { { u"instance_name"_s, u"127"_s },
                                                              { u"deployment_name"_s, u"my-embeddings"_s },
                                                              { u"api_key"_s, randomKey() },
                                                              { u"endpoint"_s, urlText(fake) } });

    CM_COMPARE_STATUS(result, expected);
    QCOMPARE(result.httpStatus, httpStatus);
    CM_COMPARE_TEXT(result.providerCode, code);
    CM_COMPARE_TEXT(result.providerMessage, azureWords);
    // The registry's sentence, which says what to change, and then Azure's own words, which may
    // say more (a deployment made a minute ago, the model it found).
    const QString host = hostLabel(fake.url());
    CM_COMPARE_TEXT(result.message, sentence.arg(host) + u" The provider said: \""_s + azureWords + u'"');
    QCOMPARE(fake.requests().size(), 2);
    QCOMPARE(fake.requests().at(1).method, QByteArray("POST"));
}

void TestConnectionTester::slowReplyTimesOut()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, delayed(Reply::modelList(1), 5000));

    QElapsedTimer clock;
    clock.start();
    const ConnectionTestResult result = runTest(
        u"mistral"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } },
        fastOptions(1000, 1000));
    const qint64 elapsed = clock.elapsed();

    CM_COMPARE_STATUS(result, Status::Timeout);
    QVERIFY2(elapsed < 4000, shown(u"took %1 ms"_s.arg(elapsed)));
    QVERIFY2(result.message.contains(hostLabel(fake.url())) && result.message.contains(u"did not answer within 1"_s),
             shown(result.message));
    QCOMPARE(fake.requests().size(), 1);
}

void TestConnectionTester::timeoutPrintsNothingButItsResult()
{
    // credctl writes Qt's warnings to stderr, next to the result the user reads.
    QTest::failOnWarning(QRegularExpression(u".*"_s));
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, delayed(Reply::modelList(1), 5000));

    // Reading an aborted (closed) reply makes Qt print "QIODevice::read: device not open".
    const ConnectionTestResult result = runTest(
        u"custom"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } },
        fastOptions(500, 500));
    CM_COMPARE_STATUS(result, Status::Timeout);
}

void TestConnectionTester::silentServerIsAConnectTimeout()
{
    // Accepts the connection and never speaks: the TLS handshake cannot finish.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    const QString endpoint = u"https://127.0.0.1:%1/v1"_s.arg(silent.serverPort());

    QElapsedTimer clock;
    clock.start();
    const ConnectionTestResult result
        = runTest(u"mistral"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, endpoint } },
                  fastOptions(10000, 500));
    const qint64 elapsed = clock.elapsed();

    CM_COMPARE_STATUS(result, Status::Timeout);
    QVERIFY2(elapsed < 4000, shown(u"took %1 ms"_s.arg(elapsed)));
    QVERIFY2(result.message.contains(u"Could not connect to 127.0.0.1:%1"_s.arg(silent.serverPort())),
             shown(result.message));
}

void TestConnectionTester::closedPortIsConnectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        port = server.serverPort();
        server.close();
    }
    const ConnectionTestResult result = runTest(
        u"custom"_s,
        FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, u"http://127.0.0.1:%1/v1"_s.arg(port) } });

    CM_COMPARE_STATUS(result, Status::ConnectionRefused);
    QVERIFY2(result.message.contains(u"127.0.0.1:%1 refused the connection"_s.arg(port)), shown(result.message));
}

void TestConnectionTester::unknownHostIsHostNotFound()
{
    const ConnectionTestResult result
        = runTest(u"mistral"_s,
                  FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, u"https://provider.invalid/v1"_s } });

    CM_COMPARE_STATUS(result, Status::HostNotFound);
    QVERIFY2(result.message.contains(u"provider.invalid"_s), shown(result.message));
}

void TestConnectionTester::untrustedCertificateIsTlsError()
{
    QVERIFY2(m_identity, shown(m_identityError));
    FakeProvider fake;
    QVERIFY(fake.startTls(m_identity->certificate, m_identity->key));
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(1));

    const ConnectionTestResult result = runTest(
        u"custom"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });

    CM_COMPARE_STATUS(result, Status::TlsError);
    QVERIFY2(result.message.contains(hostLabel(fake.url())), shown(result.message));
    QVERIFY2(result.message.contains(u"certificate"_s), shown(result.message));
    QCOMPARE(fake.requests().size(), 0); // the key never left
}

void TestConnectionTester::trustedCertificateSucceedsOverHttps()
{
    QVERIFY2(m_identity, shown(m_identityError));
    const QSslConfiguration saved = QSslConfiguration::defaultConfiguration();
    const auto restore = qScopeGuard([&saved] { QSslConfiguration::setDefaultConfiguration(saved); });
    QSslConfiguration trusting = saved;
    trusting.addCaCertificate(m_identity->certificate);
    QSslConfiguration::setDefaultConfiguration(trusting);

    FakeProvider fake;
    QVERIFY(fake.startTls(m_identity->certificate, m_identity->key));
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(2));
    QCOMPARE(fake.url().scheme(), u"https"_s);

    const QString key = randomKey();
    const ConnectionTestResult result
        = runTest(u"mistral"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });

    CM_COMPARE_STATUS(result, Status::Success);
    QCOMPARE(result.modelCount, std::optional<int>(2));
    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 1);
    QVERIFY2(received.at(0).header("Authorization") == bearer(key),
             "the Authorization header is not \"Bearer <the key>\"");
}

// ---------------------------------------------------------------------------------------------
// 3. Safety

void TestConnectionTester::plainHttpToAnotherMachineIsNeverContacted()
{
    const QList<Status> refusals { Status::InvalidSettings, Status::InsecureEndpoint };

    // A name that is never looked up: a lookup would end in HostNotFound.
    const ConnectionTestResult named = runTest(
        u"custom"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, u"http://provider.example/v1"_s } });
    QVERIFY2(refusals.contains(named.status), (describe(named)));
    QVERIFY2(named.message.contains(u"https://"_s), shown(named.message));

    QHostAddress external;
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress& address : addresses) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback() && !address.isLinkLocal()) {
            external = address;
            break;
        }
    }
    if (external.isNull()) {
        qInfo("This machine has no non-loopback IPv4 address; only the named host was checked.");
        return;
    }
    FakeProvider fake;
    QVERIFY(fake.start(external));
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(1));
    for (const QString& providerId : { u"custom"_s, u"mistral"_s }) {
        const ConnectionTestResult result = runTest(
            providerId, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });
        QVERIFY2(refusals.contains(result.status), (describe(result)));
    }
    QTest::qWait(50); // anything sent would have arrived by now
    QCOMPARE(fake.requests().size(), 0);
}

void TestConnectionTester::redirectToAnotherOriginIsNotFollowed_data()
{
    QTest::addColumn<QString>("otherAddress");
    QTest::newRow("other host") << u"127.0.0.2"_s;
    QTest::newRow("same host, other port") << u"127.0.0.1"_s;
}

void TestConnectionTester::redirectToAnotherOriginIsNotFollowed()
{
    QFETCH(QString, otherAddress);
    FakeProvider other;
    QVERIFY(other.start(QHostAddress(otherAddress)));
    other.answer("GET", u"/v1/models"_s, Reply::modelList(1));
    FakeProvider first;
    QVERIFY(first.start());
    first.answer("GET", u"/v1/models"_s, Reply::redirect(307, other.url(u"/v1/models"_s)));

    const QString key = randomKey();
    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(first, u"/v1"_s) } });

    const QList<FakeProvider::Request> atFirst = first.requests();
    QCOMPARE(atFirst.size(), 1);
    QVERIFY2(atFirst.at(0).header("Authorization") == bearer(key),
             "the Authorization header is not \"Bearer <the key>\"");
    // The other origin hears nothing: neither the key nor a request without it.
    QTest::qWait(50);
    QCOMPARE(other.requests().size(), 0);

    // Not a success (the key was not tested there), and the way out is named.
    CM_COMPARE_STATUS(result, Status::UnexpectedReply);
    QCOMPARE(result.httpStatus, 307);
    QVERIFY2(result.message.contains(hostLabel(first.url())), (describe(result)));
    QVERIFY2(result.message.contains(hostLabel(other.url())), (describe(result)));
    QVERIFY2(result.message.contains(u"API Key is never sent to another address"_s), (describe(result)));
    CM_COMPARE_TEXT(result.suggestedEndpoint, urlText(other, u"/v1"_s));
    QVERIFY2(result.message.contains(result.suggestedEndpoint), (describe(result)));
    QVERIFY2(!allText(result).contains(key), "the key is in the result");
}

void TestConnectionTester::sameOriginRedirectKeepsTheKey()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::redirect(307, fake.url(u"/v2/models"_s)));
    fake.answer("GET", u"/v2/models"_s, Reply::modelList(3));

    const QString key = randomKey();
    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });

    CM_COMPARE_STATUS(result, Status::Success);
    QCOMPARE(result.modelCount, std::optional<int>(3));
    QVERIFY2(result.warnings.isEmpty(), (describe(result)));
    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).path, u"/v1/models"_s);
    QCOMPARE(received.at(1).path, u"/v2/models"_s);
    for (const FakeProvider::Request& request : received)
        QVERIFY2(request.header("Authorization") == bearer(key),
                 "the Authorization header is not \"Bearer <the key>\"");
}

void TestConnectionTester::keyNeverInTheResult_data()
{
    QTest::addColumn<QString>("providerId");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<Status>("expected");
    QTest::newRow("success") << u"custom"_s << 200 << Status::Success;
    QTest::newRow("401 echoing the key") << u"custom"_s << 401 << Status::AuthenticationRejected;
    QTest::newRow("403 echoing the key") << u"azure-openai"_s << 403 << Status::AccessDenied;
    QTest::newRow("404 echoing the key") << u"mistral"_s << 404 << Status::NotFound;
    QTest::newRow("429 echoing the key") << u"ionos"_s << 429 << Status::RateLimited;
    QTest::newRow("500 echoing the key") << u"custom"_s << 500 << Status::ProviderError;
}

void TestConnectionTester::keyNeverInTheResult()
{
    QFETCH(QString, providerId);
    QFETCH(int, httpStatus);
    QFETCH(Status, expected);

    const bool azure = providerId == u"azure-openai"_s;
    const QString secretField = providerId == u"ionos"_s ? u"token"_s : u"api_key"_s;
    const QString secret = secretField == u"token"_s ? u"not-a-jwt-"_s + randomKey(QString()) : randomKey();

    FakeProvider fake;
    QVERIFY(fake.start());
    const QString path = azure ? u"/openai/models"_s : u"/v1/models"_s;
    if (httpStatus == 200)
        fake.answer("GET", path, Reply::modelList(1));
    else
        fake.answer("GET", path,
                    Reply::error(httpStatus, u"bad_key"_s, u"Incorrect API key provided: "_s + secret + u"."_s));

    FieldValues values { { secretField, secret }, { u"endpoint"_s, urlText(fake, azure ? QString() : u"/v1"_s) } };
    if (azure)
        values.insert(u"instance_name"_s, u"my-resource"_s);
    const ConnectionTestResult result = runTest(providerId, values);

    CM_COMPARE_STATUS(result, expected);
    QVERIFY2(!allText(result).contains(secret), "the secret is in the result");
    if (httpStatus != 200) {
        QVERIFY2(result.providerMessage.contains(u"Incorrect API key provided: ********"_s),
                 shown(result.providerMessage));
        QVERIFY2(result.message.contains(u"********"_s), shown(result.message));
    }
    QCOMPARE(fake.requests().size(), 1);
}

void TestConnectionTester::keyInARedirectIsMasked_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("where"); // the key in the path of this origin, another's, or another host

    const auto hex = [] { return QUuid::createUuid().toString(QUuid::Id128); };
    const QString plain = randomKey();
    // A base64-style key, and one with characters every URL spells differently (percent-encoded,
    // or decoded again for display).
    const QString base64 = knownSecrets().remember(u"sk-"_s + hex() + u"+/"_s + hex() + u"=="_s);
    const QString unusual = knownSecrets().remember(u"sk-"_s + hex() + u" %\u00e9?#&;"_s + hex());
    // Upper-case letters, which a host name does not keep.
    const QString mixedCase = knownSecrets().remember(u"sk-AbCdEf-"_s + hex());

    QTest::newRow("same origin") << plain << u"path"_s;
    QTest::newRow("same origin, base64 key") << base64 << u"path"_s;
    QTest::newRow("same origin, key with spaces and accents") << unusual << u"path"_s;
    QTest::newRow("other origin") << plain << u"other path"_s;
    QTest::newRow("other origin, base64 key") << base64 << u"other path"_s;
    // Characters a display form would decode (a space, "é") next to ones it keeps encoded.
    QTest::newRow("other origin, key with spaces and accents") << unusual << u"other path"_s;
    // QUrl lower-cases host names: the key must be found whatever its case.
    QTest::newRow("other host named after the key") << mixedCase << u"other host"_s;
}

void TestConnectionTester::keyInARedirectIsMasked()
{
    // A server may put the key it was sent anywhere, a redirect's Location among them; whatever
    // the tester then tells (the path it found nothing at, the address it was sent to, the
    // server's own words about that path) shows the key masked.
    QFETCH(QString, key);
    QFETCH(QString, where);

    FakeProvider other;
    QVERIFY(other.start(QHostAddress(u"127.0.0.2"_s)));
    FakeProvider fake;
    QVERIFY(fake.start());
    const QString keyPath = u"/v1/"_s + QString::fromLatin1(QUrl::toPercentEncoding(key)) + u"/models"_s;
    QUrl target = (where == u"path"_s ? fake : other).url();
    if (where == u"other host"_s) {
        target = QUrl(u"https://"_s + key + u".provider.invalid/v1/models"_s, QUrl::StrictMode);
        QVERIFY2(target.isValid() && target.host().startsWith(key.toLower()), "the key makes no host name");
    } else {
        target.setPath(keyPath, QUrl::StrictMode);
    }
    QVERIFY(target.isValid());
    fake.answer("GET", u"/v1/models"_s, Reply::redirect(307, target));
    // The path with the key is not scripted: 404, and the fake's message names the path.

    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });

    SecretMask thisKey;
    thisKey.add(key);
    const QString text = allText(result);
    QVERIFY2(!thisKey.foundIn(text), QByteArray("the key is in the result: " + describe(result)));
    QVERIFY2(!thisKey.partFoundIn(text), QByteArray("a piece of the key is in the result: " + describe(result)));
    QVERIFY2(text.contains(u"********"_s), describe(result));

    if (where == u"path"_s) {
        CM_COMPARE_STATUS(result, Status::NotFound);
        QCOMPARE(result.httpStatus, 404);
        const QList<FakeProvider::Request> received = fake.requests();
        QCOMPARE(received.size(), 2);
        // The redirect was followed to the very path, key and all.
        QVERIFY2(received.at(1).path == u"/v1/"_s + key + u"/models"_s, "the redirect was not followed as given");
        const QString masked = u"/v1/********/models"_s;
        QVERIFY2(result.message.contains(masked), describe(result));
        QVERIFY2(result.providerMessage.contains(masked), shown(result.providerMessage));
        return;
    }
    // Another origin hears nothing; the sentence still says where the endpoint seems to be.
    CM_COMPARE_STATUS(result, Status::UnexpectedReply);
    QCOMPARE(result.httpStatus, 307);
    QCOMPARE(fake.requests().size(), 1);
    QTest::qWait(50);
    QCOMPARE(other.requests().size(), 0);
    QVERIFY2(result.message.contains(hostLabel(fake.url())), describe(result));
    QVERIFY2(result.suggestedEndpoint.contains(u"********"_s), describe(result));
    if (where == u"other path"_s)
        QVERIFY2(result.suggestedEndpoint.startsWith(urlText(other, u"/v1/"_s)), describe(result));
}

// ---------------------------------------------------------------------------------------------
// 4. Custom provider

void TestConnectionTester::customRetriesBelowV1()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(2)); // "/models" is not scripted: 404

    const QString key = randomKey();
    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake) } });

    CM_COMPARE_STATUS(result, Status::Success);
    QCOMPARE(result.modelCount, std::optional<int>(2));
    const QString corrected = urlText(fake, u"/v1"_s);
    CM_COMPARE_TEXT(result.suggestedEndpoint, corrected);
    QVERIFY(result.suggestedEndpoint.endsWith(u"/v1"_s));
    QCOMPARE(result.warnings.size(), 1);
    QVERIFY2(result.warnings.at(0).contains(corrected) && result.warnings.at(0).contains(u"Endpoint URL"_s),
             shown(result.warnings.at(0)));

    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).path, u"/models"_s);
    QCOMPARE(received.at(1).path, u"/v1/models"_s);
    for (const FakeProvider::Request& request : received)
        QVERIFY2(request.header("Authorization") == bearer(key),
                 "the Authorization header is not \"Bearer <the key>\"");
}

void TestConnectionTester::customRetryNotFoundEither()
{
    FakeProvider fake;
    QVERIFY(fake.start()); // nothing scripted: every path is 404

    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake) + u'/' } });

    CM_COMPARE_STATUS(result, Status::NotFound);
    QVERIFY(result.suggestedEndpoint.isEmpty());
    QVERIFY2(result.message.contains(hostLabel(fake.url())) && result.message.contains(u"/models"_s),
             shown(result.message));
    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).path, u"/models"_s);
    QCOMPARE(received.at(1).path, u"/v1/models"_s);
}

void TestConnectionTester::customRetryRejectedKeyStillSuggestsV1()
{
    // A 401 below /v1 is the API speaking: the endpoint is found even though the key is wrong.
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::error(401, u"invalid_api_key"_s, u"Invalid API key"_s));

    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake) } });

    CM_COMPARE_STATUS(result, Status::AuthenticationRejected);
    CM_COMPARE_TEXT(result.suggestedEndpoint, urlText(fake, u"/v1"_s));
    QVERIFY2(result.warnings.join(u'\n').contains(urlText(fake, u"/v1"_s)), (describe(result)));
}

void TestConnectionTester::customRetryFailureIsWhatHappened_data()
{
    QTest::addColumn<int>("retryStatus"); // what /v1/models answers; 0: nothing in time
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("says");
    QTest::addColumn<QString>("providerMessage"); // whose words the result carries

    // Only an answer from the API itself confirms /v1 (customRetryRejectedKeyStillSuggestsV1);
    // a 404 there too leaves the first answer standing; anything else is what happened.
    QTest::newRow("too slow below /v1") << 0 << Status::Timeout << u"did not answer within 1 second"_s << QString();
    QTest::newRow("503 below /v1") << 503 << Status::ProviderError << u"had a problem of its own (HTTP 503)"_s
                                   << u"second answer"_s;
    QTest::newRow("404 below /v1") << 404 << Status::NotFound << u"has nothing at /models (404 Not Found)"_s
                                   << u"first answer"_s;
}

void TestConnectionTester::customRetryFailureIsWhatHappened()
{
    QFETCH(int, retryStatus);
    QFETCH(Status, expected);
    QFETCH(QString, says);
    QFETCH(QString, providerMessage);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/models"_s, Reply::error(404, u"not_found"_s, u"first answer"_s));
    fake.answer("GET", u"/v1/models"_s,
                retryStatus == 0 ? delayed(Reply::modelList(1), 8000)
                                 : Reply::error(retryStatus, u"other"_s, u"second answer"_s));

    QElapsedTimer clock;
    clock.start();
    const ConnectionTestResult result
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake) } },
                  fastOptions(1000, 1000));
    const qint64 elapsed = clock.elapsed();

    CM_COMPARE_STATUS(result, expected);
    QVERIFY2(result.message.contains(hostLabel(fake.url())) && result.message.contains(says), describe(result));
    CM_COMPARE_TEXT(result.providerMessage, providerMessage);
    // /v1 is not suggested: nothing there proved it right.
    QVERIFY2(result.suggestedEndpoint.isEmpty(), describe(result));
    QVERIFY2(result.warnings.isEmpty(), describe(result));
    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).path, u"/models"_s);
    QCOMPARE(received.at(1).path, u"/v1/models"_s);
    // The 1 s limit is for the whole test, the retry included.
    QVERIFY2(elapsed < 4000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
}

void TestConnectionTester::emptyModelListWarnsForCustomOnly()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(0));
    const FieldValues values { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } };

    const ConnectionTestResult custom = runTest(u"custom"_s, values);
    CM_COMPARE_STATUS(custom, Status::Success);
    QCOMPARE(custom.modelCount, std::optional<int>(0));
    QCOMPARE(custom.warnings.size(), 1);
    QVERIFY2(custom.warnings.at(0).contains(u"No models loaded"_s)
                 && custom.warnings.at(0).contains(hostLabel(fake.url())),
             shown(custom.warnings.at(0)));

    // Mistral's registry entry asks for no such warning.
    const ConnectionTestResult mistral = runTest(u"mistral"_s, values);
    CM_COMPARE_STATUS(mistral, Status::Success);
    QVERIFY2(mistral.warnings.isEmpty(), (describe(mistral)));
}

// ---------------------------------------------------------------------------------------------
// 5. IONOS

void TestConnectionTester::ionosTokenWarnings_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<Status>("expected");
    QTest::addColumn<QString>("warning"); // part of the one warning; empty: no warning

    const QString notJwt = u"ionos-"_s + randomKey(QString());
    QTest::newRow("valid for months") << tokenExpiringIn(120 * 24 * 3600) << 200 << Status::Success << QString();
    QTest::newRow("not a JWT") << notJwt << 200 << Status::Success << u"not shaped like a JWT"_s;
    QTest::newRow("expires in 3 days") << tokenExpiringIn(3 * 24 * 3600 + 600) << 200 << Status::Success
                                       << u"expires on"_s;
    QTest::newRow("expired, rejected") << tokenExpiringIn(-3600) << 401 << Status::AuthenticationRejected
                                       << u"expired on"_s;
    QTest::newRow("not a JWT, rejected") << notJwt << 401 << Status::AuthenticationRejected
                                         << u"not shaped like a JWT"_s;
}

void TestConnectionTester::ionosTokenWarnings()
{
    QFETCH(QString, token);
    QFETCH(int, httpStatus);
    QFETCH(Status, expected);
    QFETCH(QString, warning);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s,
                httpStatus == 200 ? Reply::modelList(2)
                                  : Reply::json(401, QJsonObject { { u"message"_s, u"Unauthorized"_s } }));

    const ConnectionTestResult result
        = runTest(u"ionos"_s, FieldValues { { u"token"_s, token }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });

    CM_COMPARE_STATUS(result, expected);
    if (warning.isEmpty()) {
        QVERIFY2(result.warnings.isEmpty(), (describe(result)));
    } else {
        QCOMPARE(result.warnings.size(), 1);
        QVERIFY2(result.warnings.at(0).contains(warning) && result.warnings.at(0).contains(u"Token"_s),
                 shown(result.warnings.at(0)));
    }
    // A warning does not stop the test: the provider has the last word.
    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), 1);
    QVERIFY2(received.at(0).header("Authorization") == bearer(token),
             "the Authorization header is not \"Bearer <the token>\"");
    QVERIFY(!allText(result).contains(token));
}

// ---------------------------------------------------------------------------------------------
// 6. Cancel and lifetime

void TestConnectionTester::cancelStopsARunningTest()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, delayed(Reply::modelList(1), 5000));

    ConnectionTester tester;
    tester.setOptions(fastOptions(4000, 2000));
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    tester.start(provider(u"mistral"_s),
                 FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });
    QVERIFY(tester.isRunning());
    QTRY_COMPARE(fake.requests().size(), 1);
    QCOMPARE(finished.count(), 0);

    QElapsedTimer clock;
    clock.start();
    tester.cancel();
    // Stopped at once, and told from the event loop: a slot may start or delete the tester.
    QVERIFY(!tester.isRunning());
    QCOMPARE(finished.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
    QVERIFY2(clock.elapsed() < 2000, shown(u"took %1 ms"_s.arg(clock.elapsed())));
    const ConnectionTestResult result = resultAt(finished, 0);
    CM_COMPARE_STATUS(result, Status::Cancelled);
    QVERIFY(!tester.isRunning());

    tester.cancel(); // nothing left to cancel
    QTest::qWait(300);
    QCOMPARE(finished.count(), 1);
}

void TestConnectionTester::cancelDuringTheV1Retry()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, delayed(Reply::modelList(1), 5000)); // "/models" gets 404

    ConnectionTester tester;
    tester.setOptions(fastOptions(4000, 2000));
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    tester.start(provider(u"custom"_s),
                 FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake) } });
    QTRY_COMPARE(fake.requests().size(), 2); // the retry below /v1 is under way
    tester.cancel();
    QCOMPARE(finished.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 2000);
    // A cancel is a cancel, not the "not found" of the first attempt.
    const ConnectionTestResult result = resultAt(finished, 0);
    CM_COMPARE_STATUS(result, Status::Cancelled);
}

void TestConnectionTester::deletingARunningTesterEmitsNothing()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, delayed(Reply::modelList(1), 300));

    auto tester = std::make_unique<ConnectionTester>();
    tester->setOptions(fastOptions(2000, 1000));
    int emitted = 0;
    QObject receiver;
    connect(tester.get(), &ConnectionTester::finished, &receiver, [&emitted] { ++emitted; });
    tester->start(provider(u"mistral"_s),
                  FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });
    QTRY_COMPARE(fake.requests().size(), 1);
    tester.reset();
    QTest::qWait(600); // past the reply's delay and the tester's timeouts' first tick
    QCOMPARE(emitted, 0);

    // The same while a refusal is still queued.
    tester = std::make_unique<ConnectionTester>();
    connect(tester.get(), &ConnectionTester::finished, &receiver, [&emitted] { ++emitted; });
    tester->start(provider(u"mistral"_s), FieldValues {});
    tester.reset();
    QTest::qWait(50);
    QCOMPARE(emitted, 0);
}

void TestConnectionTester::refusalFinishesOnceFromTheEventLoop()
{
    ConnectionTester tester;
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    // The Custom provider needs an endpoint and a key.
    tester.start(provider(u"custom"_s), FieldValues { { u"endpoint"_s, u"http://127.0.0.1:9/v1"_s } });
    QCOMPARE(finished.count(), 0); // not inside start()
    QVERIFY(!tester.isRunning()); // decided at once, told from the event loop
    QTRY_COMPARE(finished.count(), 1);
    const ConnectionTestResult result = resultAt(finished, 0);
    CM_COMPARE_STATUS(result, Status::InvalidSettings);
    QVERIFY2(result.message.contains(u"API Key"_s), shown(result.message));
    QVERIFY(!tester.isRunning());
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1);
}

void TestConnectionTester::restartReportsTheFirstRunCancelled()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(2));
    const FieldValues values { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } };

    ConnectionTester tester;
    tester.setOptions(fastOptions());
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    tester.start(provider(u"custom"_s), FieldValues {}); // a refusal: decided at once, told later
    tester.start(provider(u"custom"_s), values);
    tester.start(provider(u"custom"_s), values); // the second run's request is under way
    QTRY_COMPARE(finished.count(), 3);
    CM_COMPARE_STATUS(resultAt(finished, 0), Status::InvalidSettings);
    CM_COMPARE_STATUS(resultAt(finished, 1), Status::Cancelled);
    CM_COMPARE_STATUS(resultAt(finished, 2), Status::Success);
    QTest::qWait(100);
    QCOMPARE(finished.count(), 3);
}

void TestConnectionTester::slotMayStartTheNextTest_data()
{
    QTest::addColumn<QString>("endpointPath"); // of the first run; empty: a refusal
    QTest::addColumn<bool>("cancelFirst");
    QTest::addColumn<Status>("firstStatus");

    QTest::newRow("after a success") << u"/v1"_s << false << Status::Success;
    QTest::newRow("after a refusal") << QString() << false << Status::InvalidSettings;
    QTest::newRow("after a cancel") << u"/slow"_s << true << Status::Cancelled;
}

void TestConnectionTester::slotMayStartTheNextTest()
{
    // "Test again" from the slot that shows the result: the tester is idle by then.
    QFETCH(QString, endpointPath);
    QFETCH(bool, cancelFirst);
    QFETCH(Status, firstStatus);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(2));
    fake.answer("GET", u"/slow/models"_s, delayed(Reply::modelList(1), 8000));
    const QString key = randomKey();
    const FieldValues working { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } };
    const FieldValues first = endpointPath.isEmpty()
        ? FieldValues {}
        : FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake, endpointPath) } };

    ConnectionTester tester;
    tester.setOptions(fastOptions());
    QList<ConnectionTestResult> results;
    bool runningAgain = false;
    connect(&tester, &ConnectionTester::finished, this, [&](const ConnectionTestResult& result) {
        results.append(result);
        if (results.size() == 1) {
            tester.start(provider(u"mistral"_s), working);
            runningAgain = tester.isRunning();
        }
    });
    tester.start(provider(u"mistral"_s), first);
    if (cancelFirst) {
        QTRY_COMPARE(fake.requests().size(), 1);
        tester.cancel();
    }

    QTRY_COMPARE(results.size(), 2);
    QVERIFY(runningAgain);
    CM_COMPARE_STATUS(results.at(0), firstStatus);
    CM_COMPARE_STATUS(results.at(1), Status::Success);
    QCOMPARE(results.at(1).modelCount, std::optional<int>(2));
    QVERIFY(!tester.isRunning());
    // Each run finished exactly once.
    QTest::qWait(300);
    QCOMPARE(results.size(), 2);
    const QList<FakeProvider::Request> received = fake.requests();
    QCOMPARE(received.size(), endpointPath.isEmpty() ? 1 : 2);
    QCOMPARE(received.last().path, u"/v1/models"_s);
    QVERIFY2(received.last().header("Authorization") == bearer(key),
             "the Authorization header is not \"Bearer <the key>\"");
}

void TestConnectionTester::slotMayDeleteTheTester_data()
{
    QTest::addColumn<QString>("endpointPath"); // empty: a refusal
    QTest::addColumn<bool>("cancel");

    QTest::newRow("after a success") << u"/v1"_s << false;
    QTest::newRow("after a refusal") << QString() << false;
    QTest::newRow("after a cancel") << u"/slow"_s << true;
}

void TestConnectionTester::slotMayDeleteTheTester()
{
    // A dialog that closes when its test is done takes the tester with it.
    QFETCH(QString, endpointPath);
    QFETCH(bool, cancel);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(2));
    fake.answer("GET", u"/slow/models"_s, delayed(Reply::modelList(1), 500));
    const FieldValues values = endpointPath.isEmpty()
        ? FieldValues {}
        : FieldValues { { u"api_key"_s, randomKey() }, { u"endpoint"_s, urlText(fake, endpointPath) } };

    QPointer<ConnectionTester> tester = new ConnectionTester;
    const auto cleanup = qScopeGuard([&tester] { delete tester.data(); });
    tester->setOptions(fastOptions(2000, 1000));
    int finished = 0;
    connect(tester, &ConnectionTester::finished, this, [&finished, &tester] {
        ++finished;
        tester->deleteLater();
    });
    tester->start(provider(u"mistral"_s), values);
    if (cancel) {
        QTRY_COMPARE(fake.requests().size(), 1);
        tester->cancel();
    }

    QTRY_VERIFY(tester.isNull());
    QCOMPARE(finished, 1);
    // Past the slow answer and the tester's timeouts: nothing reaches the deleted tester.
    QTest::qWait(cancel ? 800 : 200);
    QCOMPARE(finished, 1);
}

// ---------------------------------------------------------------------------------------------
// 7. Proxy

void TestConnectionTester::systemProxyIsHonoured()
{
    RecordingProxy proxy;
    QVERIFY(proxy.start());
    EnvironmentOverride environment;
    for (const QString& name : RecordingProxy::environmentVariables())
        environment.unset(name);
    environment.set(u"https_proxy"_s, proxy.url().toUtf8());
    environment.set(u"http_proxy"_s, proxy.url().toUtf8());

    // A host that cannot exist (.invalid, RFC 2606): were the proxy ignored, the test would end in
    // "host not found" without reaching anyone. The proxy hangs up instead of connecting.
    const QString key = randomKey();
    const ConnectionTestResult result = runTest(
        u"mistral"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, u"https://provider.invalid/v1"_s } });

    const QList<QByteArray> heads = proxy.heads();
    QVERIFY2(!heads.isEmpty(),
             QByteArray("the proxy in https_proxy received no connection; the result: " + describe(result)));
    QVERIFY2(heads.first().startsWith("CONNECT provider.invalid:443 "),
             QByteArray("the proxy received: " + knownSecrets().masked(heads.first().left(200))));
    // Qt may try the proxy again after it hangs up; every attempt asks for a tunnel.
    for (const QByteArray& head : heads) {
        QVERIFY2(head.isEmpty() || head.startsWith("CONNECT provider.invalid:443 "),
                 QByteArray("the proxy received: " + knownSecrets().masked(head.left(200))));
        QVERIFY2(!knownSecrets().foundIn(head), "the key was sent to the proxy");
    }
    CM_COMPARE_STATUS(result, Status::NetworkError);
    QVERIFY2(result.message.contains(u"provider.invalid"_s) && result.message.contains(u"proxy"_s), describe(result));

    // This computer is never reached through the proxy.
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, Reply::modelList(1));
    const int before = proxy.connections();
    const ConnectionTestResult local
        = runTest(u"custom"_s, FieldValues { { u"api_key"_s, key }, { u"endpoint"_s, urlText(fake, u"/v1"_s) } });
    CM_COMPARE_STATUS(local, Status::Success);
    QCOMPARE(fake.requests().size(), 1);
    QCOMPARE(proxy.connections(), before);
}

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "TestConnectionTester.moc"
