// Drives `credctl test` (SPEC sections 6 and 7) end to end: the real credctl executable tests
// credentials against loopback FakeProviders that play the provider, and the test checks the
// exit code, the sentence on stdout or stderr, and what reached the server. A stand-in HTTP
// proxy shows that the system proxy is used for a remote host (one under .invalid, so nothing
// could leave this machine even if the proxy were ignored), and that loopback endpoints never
// go through it.
//
// The FakeProvider answers from this process's event loop, which runCredctl() keeps running
// while credctl works.
// Every run's output is searched for the master key and the secrets of the test; they are
// never printed by the test itself.

#include "support/CredctlProcess.h"
#include "support/FakeProvider.h"
#include "support/Jwt.h"
#include "support/RandomValues.h"
#include "support/RecordingProxy.h"
#include "support/SecretMask.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString MissingKeyGuidance = u"contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY"_s;
// The non-empty lines of an output stream.
QStringList linesOf(const QByteArray& bytes)
{
    return QString::fromUtf8(bytes).split(u'\n', Qt::SkipEmptyParts);
}

// stderr must be exactly one line: the sentence, with nothing else around it.
#define CHECK_ONE_SENTENCE(outcome)                                                                                    \
    QVERIFY2(linesOf((outcome).err).size() == 1,                                                                       \
             qPrintable(u"stderr is not one sentence: "_s + QString::fromUtf8((outcome).err)))

} // namespace

class TestCredctlConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void successPrintsTheModelCount();
    void warningsArePrintedWithTheResult_data();
    void warningsArePrintedWithTheResult();
    void rejectedKeyFailsWithExitCode5();
    void refusedConnectionFailsWithExitCode5();
    void timeoutLimitsTheWholeTest();
    void failurePrintsNoDetails_data();
    void failurePrintsNoDetails();
    void invalidTimeoutIsAUsageError_data();
    void invalidTimeoutIsAUsageError();
    void unknownCredentialExitsWith3();
    void missingOrWrongKeyExitsWith2();
    void helpMentionsTheTimeout();
    void systemProxyIsHonoured();

private:
    QProcessEnvironment baseEnvironment() const;
    QProcessEnvironment keyedEnvironment() const;
    // credctl add NAME --provider PROVIDER [--field F]... with the secret through --field-env.
    void add(const QString& name, const QString& provider, const QStringList& fields, const QString& secretKey,
             const QString& secret);
    // credctl test ARGUMENTS --store <the test's store>, waited for with the event loop running.
    Outcome test(const QStringList& arguments, const QProcessEnvironment& environment);
    Outcome test(const QStringList& arguments) { return test(arguments, keyedEnvironment()); }
    // Records a run; a secret found in its output is noted as a leak (and masked, so no later
    // failure message shows it).
    Outcome screened(Outcome outcome);
    QString endpoint() const { return m_fake->url(u"/v1"_s).toString(); }
    QString host() const { return u"127.0.0.1:%1"_s.arg(m_fake->port()); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeProvider> m_fake;
    QString m_store;
    QByteArray m_key; // 64 hex characters
    SecretMask m_secrets; // never to appear in credctl's output
    QStringList m_leaks;
};

void TestCredctlConnection::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"home"_s)));
    m_store = m_dir->filePath(u"store.db"_s);
    m_key = randomBytes(32).toHex();
    m_secrets.clear();
    m_secrets.add(QString::fromLatin1(m_key));
    m_leaks.clear();
    m_fake = std::make_unique<FakeProvider>();
    QVERIFY(m_fake->start());
}

void TestCredctlConnection::cleanup()
{
    m_fake.reset();
    m_dir.reset();
    QVERIFY2(m_leaks.isEmpty(), qPrintable(m_leaks.join(u"; "_s)));
}

QProcessEnvironment TestCredctlConnection::baseEnvironment() const
{
    // No keychain, and no proxy from the developer's shell: the one test about proxies sets its own.
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(u"xdg-runtime"_s));
    for (const QString& variable : RecordingProxy::environmentVariables())
        environment.remove(variable);
    return environment;
}

QProcessEnvironment TestCredctlConnection::keyedEnvironment() const
{
    QProcessEnvironment environment = baseEnvironment();
    environment.insert(KeyVariable, QString::fromLatin1(m_key));
    return environment;
}

void TestCredctlConnection::add(const QString& name, const QString& provider, const QStringList& fields,
                                const QString& secretKey, const QString& secret)
{
    m_secrets.add(secret);
    QProcessEnvironment environment = keyedEnvironment();
    environment.insert(u"CM_TEST_SECRET"_s, secret);
    QStringList arguments { u"add"_s,         name,
                            u"--provider"_s,  provider,
                            u"--field-env"_s, secretKey + u"=CM_TEST_SECRET"_s,
                            u"--store"_s,     m_store };
    for (const QString& field : fields)
        arguments << u"--field"_s << field;
    const Outcome added = screened(runCredctl(arguments, environment, m_dir->path()));
    CHECK_EXIT(added, 0);
}

Outcome TestCredctlConnection::test(const QStringList& arguments, const QProcessEnvironment& environment)
{
    return screened(runCredctl(QStringList { u"test"_s } + arguments + QStringList { u"--store"_s, m_store },
                               environment, m_dir->path()));
}

Outcome TestCredctlConnection::screened(Outcome outcome)
{
    for (QByteArray* stream : { &outcome.out, &outcome.err }) {
        const QString text = QString::fromUtf8(*stream);
        if (m_secrets.foundIn(text) || m_secrets.partFoundIn(text)) {
            m_leaks.append(u"credctl %1 printed a secret on %2"_s.arg(
                outcome.command, stream == &outcome.out ? u"stdout"_s : u"stderr"_s));
        }
        *stream = m_secrets.masked(*stream);
    }
    return outcome;
}

// --- success and warnings ---------------------------------------------------------------

void TestCredctlConnection::successPrintsTheModelCount()
{
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(3));
    const QString secret = makeSecret("mistral");
    add(u"Mistral EU"_s, u"mistral"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, secret);
    QVERIFY(m_fake->requests().isEmpty()); // adding tests nothing

    const Outcome outcome = test({ u"Mistral EU"_s });
    CHECK_EXIT(outcome, 0);
    CHECK_STDOUT(outcome, u"Connected to "_s + host());
    CHECK_STDOUT(outcome, u"3 model"_s);
    QVERIFY2(!outcome.out.contains("Warning"), outcome.out.constData());
    QVERIFY2(outcome.err.isEmpty(), outcome.err.constData());

    // One free request, with the stored key.
    const QList<FakeProvider::Request> requests = m_fake->requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().method, QByteArray("GET"));
    QCOMPARE(requests.first().path, u"/v1/models"_s);
    QVERIFY2(requests.first().header("Authorization") == "Bearer " + secret.toUtf8(),
             "the fake did not receive \"Bearer <the stored key>\"");

    // Another model count: the sentence reports what the provider said.
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(7));
    const Outcome again = test({ u"mistral eu"_s }); // names match case-insensitively, too
    CHECK_EXIT(again, 0);
    CHECK_STDOUT(again, u"7 model"_s);
}

void TestCredctlConnection::warningsArePrintedWithTheResult_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("warning"); // empty: no warning at all

    const QDateTime now = QDateTime::currentDateTimeUtc();
    QTest::newRow("not a JWT") << makeSecret("ionos") << u"not shaped like a JWT"_s;
    QTest::newRow("expired") << Jwt::expiringAt(now.addDays(-2)) << u"expired on"_s;
    QTest::newRow("expires in 3 days") << Jwt::expiringAt(now.addDays(3).addSecs(3600)) << u"expires on"_s;
    QTest::newRow("valid for 90 days") << Jwt::expiringAt(now.addDays(90)) << QString();
}

void TestCredctlConnection::warningsArePrintedWithTheResult()
{
    QFETCH(QString, token);
    QFETCH(QString, warning);

    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(2));
    add(u"IONOS Berlin"_s, u"ionos"_s, { u"endpoint="_s + endpoint() }, u"token"_s, token);

    const Outcome outcome = test({ u"IONOS Berlin"_s });
    // A warning does not fail a test the provider passed.
    CHECK_EXIT(outcome, 0);
    CHECK_STDOUT(outcome, u"2 model"_s);
    if (warning.isEmpty()) {
        QVERIFY2(!outcome.out.contains("Warning") && !outcome.err.contains("Warning"), outcome.out.constData());
    } else {
        CHECK_STDOUT(outcome, u"Warning: "_s);
        CHECK_STDOUT(outcome, warning);
        CHECK_STDOUT(outcome, u"Token"_s); // names the field
    }
    // The request went out all the same, with the token as stored.
    const QList<FakeProvider::Request> requests = m_fake->requests();
    QCOMPARE(requests.size(), 1);
    QVERIFY2(requests.first().header("Authorization") == "Bearer " + token.toUtf8(),
             "the fake did not receive \"Bearer <the stored token>\"");

    // When the test fails, the warnings go with the failure sentence to stderr.
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::error(401, u"unauthorized"_s, u"Unauthorized"_s));
    const Outcome failed = test({ u"IONOS Berlin"_s });
    CHECK_EXIT(failed, 5);
    QVERIFY2(failed.out.isEmpty(), "a failed test printed on stdout");
    CHECK_STDERR(failed, u"401"_s);
    if (warning.isEmpty()) {
        QVERIFY2(!failed.err.contains("Warning"), failed.err.constData());
    } else {
        CHECK_STDERR(failed, u"Warning: "_s);
        CHECK_STDERR(failed, warning);
    }
}

// --- failures ---------------------------------------------------------------------------

void TestCredctlConnection::rejectedKeyFailsWithExitCode5()
{
    const QString secret = makeSecret("revoked");
    // Providers echo (part of) the key in their message; credctl must not print it.
    m_fake->answer("GET", u"/v1/models"_s,
                   FakeProvider::Reply::error(401, u"invalid_api_key"_s, u"Incorrect API key provided: "_s + secret));
    add(u"Revoked"_s, u"mistral"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, secret);

    const Outcome outcome = test({ u"Revoked"_s });
    CHECK_EXIT(outcome, 5);
    QVERIFY2(outcome.out.isEmpty(), "a failed test printed on stdout");
    CHECK_STDERR(outcome, host());
    CHECK_STDERR(outcome, u"rejected"_s);
    CHECK_STDERR(outcome, u"401"_s);
    CHECK_STDERR(outcome, u"API Key"_s);
    CHECK_STDERR(outcome, u"Incorrect API key provided"_s); // the provider's own message is shown
    CHECK_ONE_SENTENCE(outcome);
    QCOMPARE(m_fake->requests().size(), 1);
}

void TestCredctlConnection::refusedConnectionFailsWithExitCode5()
{
    // A port that was free a moment ago and has nobody listening now.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    const QString secret = makeSecret("refused");
    add(u"Local LLM"_s, u"custom"_s, { u"endpoint=http://127.0.0.1:%1/v1"_s.arg(port) }, u"api_key"_s, secret);

    QElapsedTimer timer;
    timer.start();
    const Outcome outcome = test({ u"Local LLM"_s });
    CHECK_EXIT(outcome, 5);
    QVERIFY2(timer.elapsed() < 10000, "a refused connection took as long as a timeout");
    QVERIFY2(outcome.out.isEmpty(), "a failed test printed on stdout");
    CHECK_STDERR(outcome, u"127.0.0.1:%1"_s.arg(port));
    CHECK_STDERR(outcome, u"refused the connection"_s);
    CHECK_ONE_SENTENCE(outcome);
}

void TestCredctlConnection::timeoutLimitsTheWholeTest()
{
    // Connecting is instant; the answer would come after 5 s.
    FakeProvider::Reply slow = FakeProvider::Reply::modelList(1);
    slow.delayMs = 5000;
    m_fake->answer("GET", u"/v1/models"_s, slow);
    add(u"Slow"_s, u"mistral"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, makeSecret("slow"));

    QElapsedTimer timer;
    timer.start();
    const Outcome outcome = test({ u"Slow"_s, u"--timeout"_s, u"1"_s });
    const qint64 elapsed = timer.elapsed();
    CHECK_EXIT(outcome, 5);
    QVERIFY2(elapsed < 4000, qPrintable(u"credctl test --timeout 1 took %1 ms"_s.arg(elapsed)));
    QVERIFY2(outcome.out.isEmpty(), "a failed test printed on stdout");
    CHECK_STDERR(outcome, host());
    CHECK_STDERR(outcome, u"did not answer within 1 second"_s);
    QCOMPARE(m_fake->requests().size(), 1); // the request was sent: it was the answer that was late
    // Nothing but the sentence: reading the aborted reply once made Qt print a warning here.
    CHECK_ONE_SENTENCE(outcome);
}

void TestCredctlConnection::failurePrintsNoDetails_data()
{
    QTest::addColumn<QString>("instance");
    QTest::addColumn<QString>("warning"); // empty: none

    // 127 is the first label of 127.0.0.1: no warning about the host.
    QTest::newRow("without a warning") << u"127"_s << QString();
    QTest::newRow("with a warning") << u"other-resource"_s
                                    << u"does not start with the Embeddings Instance Name \"other-resource\""_s;
}

void TestCredctlConnection::failurePrintsNoDetails()
{
    // The free model list works, the paid embeddings request does not: what the first step found
    // ("2 models available") is a detail of a success, and a failure prints only the warnings
    // and its one sentence.
    QFETCH(QString, instance);
    QFETCH(QString, warning);

    m_fake->answer("GET", u"/openai/models"_s, FakeProvider::Reply::modelList(2));
    m_fake->answer("POST", u"/openai/deployments/emb-small/embeddings"_s,
                   FakeProvider::Reply::error(404, u"DeploymentNotFound"_s,
                                              u"The API deployment for this resource does not exist."_s));
    add(u"Embeddings"_s, u"azure-openai-embeddings"_s,
        { u"endpoint="_s + m_fake->url().toString(), u"instance_name="_s + instance, u"deployment_name=emb-small"_s },
        u"api_key"_s, makeSecret("embeddings"));

    const Outcome outcome = test({ u"Embeddings"_s });
    CHECK_EXIT(outcome, 5);
    QVERIFY2(outcome.out.isEmpty(), "a failed test printed on stdout");
    CHECK_STDERR(outcome, u"has no deployment named \"emb-small\""_s);
    CHECK_STDERR(outcome, u"The provider said: \"The API deployment for this resource does not exist.\""_s);
    const QStringList lines = linesOf(outcome.err);
    QVERIFY2(lines.size() == (warning.isEmpty() ? 1 : 2),
             qPrintable(u"stderr is not the warnings and one sentence: "_s + QString::fromUtf8(outcome.err)));
    QVERIFY2(!outcome.err.contains("model"),
             qPrintable(u"stderr has a detail line: "_s + QString::fromUtf8(outcome.err)));
    if (!warning.isEmpty()) {
        QVERIFY2(lines.first().startsWith(u"Warning: "_s) && lines.first().contains(warning),
                 qPrintable(u"the first line is not the warning: "_s + lines.first()));
        QVERIFY2(!lines.last().startsWith(u"Warning"_s), qPrintable(lines.last()));
    }
    // Both requests went out: the detail existed, and was left out.
    const QList<FakeProvider::Request> requests = m_fake->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).method, QByteArray("GET"));
    QCOMPARE(requests.at(1).method, QByteArray("POST"));

    // The same credential with a working deployment prints the detail, on stdout.
    m_fake->answer(
        "POST", u"/openai/deployments/emb-small/embeddings"_s,
        FakeProvider::Reply::json(
            200,
            QJsonObject {
                { u"data"_s, QJsonArray { QJsonObject { { u"embedding"_s, QJsonArray { 0.1, 0.2, 0.3 } } } } } }));
    const Outcome working = test({ u"Embeddings"_s });
    CHECK_EXIT(working, 0);
    CHECK_STDOUT(working, u"embedding dimension 3"_s);
    CHECK_STDOUT(working, u"2 models available"_s);
    QVERIFY2(working.err.isEmpty(), working.err.constData());
}

void TestCredctlConnection::invalidTimeoutIsAUsageError_data()
{
    QTest::addColumn<QString>("timeout");
    QTest::newRow("zero") << u"0"_s;
    QTest::newRow("word") << u"abc"_s;
    QTest::newRow("fraction") << u"1.5"_s;
    QTest::newRow("above 600") << u"601"_s;
    QTest::newRow("empty") << QString();
}

void TestCredctlConnection::invalidTimeoutIsAUsageError()
{
    QFETCH(QString, timeout);
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(1));
    add(u"Mistral EU"_s, u"mistral"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, makeSecret("usage"));

    const Outcome outcome = test({ u"Mistral EU"_s, u"--timeout"_s, timeout });
    CHECK_EXIT(outcome, 1);
    CHECK_STDERR(outcome, u"--timeout"_s);
    QVERIFY2(outcome.out.isEmpty(), outcome.out.constData());
    QVERIFY2(m_fake->requests().isEmpty(), "a test with an invalid --timeout was run");

    // The option is missing its value altogether.
    const Outcome missing = test({ u"Mistral EU"_s, u"--timeout"_s });
    CHECK_EXIT(missing, 1);
    QVERIFY(m_fake->requests().isEmpty());
}

void TestCredctlConnection::unknownCredentialExitsWith3()
{
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(1));
    add(u"Mistral EU"_s, u"mistral"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, makeSecret("known"));

    const Outcome outcome = test({ u"Mistral US"_s });
    CHECK_EXIT(outcome, 3);
    CHECK_STDERR(outcome, u"Mistral US"_s);
    CHECK_STDERR(outcome, u"credctl list"_s);
    QVERIFY(outcome.out.isEmpty());
    QVERIFY(m_fake->requests().isEmpty());

    // In a store that does not exist yet, too; and it is not created.
    const QString missingStore = m_dir->filePath(u"missing.db"_s);
    const Outcome noStore = screened(
        runCredctl({ u"test"_s, u"Mistral EU"_s, u"--store"_s, missingStore }, keyedEnvironment(), m_dir->path()));
    CHECK_EXIT(noStore, 3);
    QVERIFY(!QFile::exists(missingStore));
}

void TestCredctlConnection::missingOrWrongKeyExitsWith2()
{
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(1));
    add(u"Mistral EU"_s, u"mistral"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, makeSecret("keyless"));

    const Outcome missing = test({ u"Mistral EU"_s }, baseEnvironment());
    CHECK_EXIT(missing, 2);
    CHECK_STDERR(missing, MissingKeyGuidance);
    CHECK_STDERR(missing, u"credctl key generate"_s);
    QVERIFY(missing.out.isEmpty());

    QProcessEnvironment wrong = baseEnvironment();
    const QByteArray otherKey = randomBytes(32).toHex();
    m_secrets.add(QString::fromLatin1(otherKey));
    wrong.insert(KeyVariable, QString::fromLatin1(otherKey));
    const Outcome mismatched = test({ u"Mistral EU"_s }, wrong);
    CHECK_EXIT(mismatched, 2);
    CHECK_STDERR(mismatched, u"does not match"_s);
    QVERIFY(mismatched.out.isEmpty());

    QVERIFY2(m_fake->requests().isEmpty(), "a test without the right key reached the provider");
}

void TestCredctlConnection::helpMentionsTheTimeout()
{
    for (const QStringList& arguments :
         { QStringList { u"test"_s, u"--help"_s }, QStringList { u"help"_s, u"test"_s } }) {
        const Outcome outcome = screened(runCredctl(arguments, baseEnvironment(), m_dir->path()));
        CHECK_EXIT(outcome, 0);
        CHECK_STDOUT(outcome, u"--timeout"_s);
        CHECK_STDOUT(outcome, u"seconds"_s);
        CHECK_STDOUT(outcome, u"NAME"_s);
    }
}

// --- proxy ------------------------------------------------------------------------------

void TestCredctlConnection::systemProxyIsHonoured()
{
    RecordingProxy proxy;
    QVERIFY(proxy.start());
    QProcessEnvironment proxied = keyedEnvironment();
    proxied.insert(u"https_proxy"_s, proxy.url());
    proxied.insert(u"http_proxy"_s, proxy.url());

    // A host that cannot exist (.invalid, RFC 2606): the request must go through the proxy, which
    // hangs up instead of connecting. Were the proxy ignored, the test would end in "host not
    // found" without reaching anyone.
    const QString secret = makeSecret("proxied");
    add(u"Mistral Proxied"_s, u"mistral"_s, { u"endpoint=https://provider.invalid/v1"_s }, u"api_key"_s, secret);
    const Outcome outcome = test({ u"Mistral Proxied"_s, u"--timeout"_s, u"15"_s }, proxied);
    CHECK_EXIT(outcome, 5);
    QVERIFY2(outcome.out.isEmpty(), "a failed test printed on stdout");
    CHECK_STDERR(outcome, u"provider.invalid"_s);
    CHECK_STDERR(outcome, u"proxy"_s);
    CHECK_ONE_SENTENCE(outcome);
    const QList<QByteArray> heads = proxy.heads();
    QVERIFY2(!heads.isEmpty(), "the proxy in https_proxy received no connection");
    QVERIFY2(heads.first().startsWith("CONNECT provider.invalid:443 "),
             qPrintable(u"the proxy received: %1"_s.arg(QString::fromUtf8(m_secrets.masked(heads.first().left(200))))));
    // credctl may try the proxy again after it hangs up; every attempt asks for a tunnel.
    for (const QByteArray& head : heads) {
        QVERIFY2(head.isEmpty() || head.startsWith("CONNECT provider.invalid:443 "),
                 qPrintable(u"the proxy received: %1"_s.arg(QString::fromUtf8(m_secrets.masked(head.left(200))))));
        QVERIFY2(!m_secrets.foundIn(head), "the key was sent to the proxy in clear text");
    }

    // A loopback endpoint is reached directly, whatever the proxy settings.
    m_fake->answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(4));
    add(u"Local"_s, u"custom"_s, { u"endpoint="_s + endpoint() }, u"api_key"_s, makeSecret("local"));
    const int before = proxy.connections();
    const Outcome local = test({ u"Local"_s }, proxied);
    CHECK_EXIT(local, 0);
    CHECK_STDOUT(local, u"4 model"_s);
    QCOMPARE(proxy.connections(), before);
    QCOMPARE(m_fake->requests().size(), 1);
}

QTEST_GUILESS_MAIN(TestCredctlConnection)
#include "TestCredctlConnection.moc"
