#include "keys/EnvironmentKeySource.h"
#include "keys/KeyResolver.h"

#include <QTest>

using namespace cm;

namespace {

const QByteArray KeyA = QByteArray(64, 'a');
const QByteArray KeyB = QByteArray(64, 'b');

QString keyIdOf(const QByteArray& hex)
{
    Result<MasterKey> key = MasterKey::parse(hex, QStringLiteral("test"));
    return key.ok() ? key->keyId() : QString();
}

// A second source standing in for the OS keychain (which a later issue adds), to show
// that the environment is asked first and the next source only when it has nothing.
class FixedKeySource : public KeySource
{
public:
    explicit FixedKeySource(QByteArray hex)
        : m_hex(std::move(hex))
    { }
    QString name() const override { return QStringLiteral("the fixed source"); }
    Kind kind() const override { return Kind::Keychain; }
    Result<std::optional<MasterKey>> load(const QString&, const QString&) override
    {
        ++m_calls;
        Result<MasterKey> key = MasterKey::parse(m_hex, name());
        if (!key)
            return key.error();
        return std::optional<MasterKey>(std::move(key).value());
    }
    int m_calls = 0;

private:
    QByteArray m_hex;
};

} // namespace

class TestKeyResolver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qunsetenv(EnvironmentKeySource::VariableName); }
    void cleanup() { qunsetenv(EnvironmentKeySource::VariableName); }

    void missingKeyGivesThePagesGuidance();
    void emptyVariableCountsAsMissing();
    void malformedKeyIsItsOwnError();
    void wrongKeyIsRefused();
    void matchingKeyResolves();
    void anyKeyFitsAStoreWithoutKeyId();
    void environmentComesFirst();
};

void TestKeyResolver::missingKeyGivesThePagesGuidance()
{
    Result<ResolvedKey> key = KeyResolver::standard().resolve(QString(), QString());
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::KeyMissing);
    QVERIFY(key.error().message.startsWith(
        QLatin1String("Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY")));
    QVERIFY(key.error().message.contains(QLatin1String("credctl key generate")));
}

void TestKeyResolver::emptyVariableCountsAsMissing()
{
    qputenv(EnvironmentKeySource::VariableName, "");
    Result<ResolvedKey> key = KeyResolver::standard().resolve(QString(), QString());
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::KeyMissing);
}

void TestKeyResolver::malformedKeyIsItsOwnError()
{
    qputenv(EnvironmentKeySource::VariableName, "not-a-key");
    Result<ResolvedKey> key = KeyResolver::standard().resolve(QString(), QString());
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::KeyMalformed);
    QVERIFY(key.error().message.contains(QLatin1String("CREDENTIAL_ENCRYPTION_KEY")));
    QVERIFY(key.error().message.contains(QLatin1String("credctl key generate")));
}

void TestKeyResolver::wrongKeyIsRefused()
{
    qputenv(EnvironmentKeySource::VariableName, KeyB);
    Result<ResolvedKey> key = KeyResolver::standard().resolve(QStringLiteral("store"), keyIdOf(KeyA));
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::KeyWrong);
    QVERIFY(key.error().message.contains(QLatin1String("does not match this store")));
    QVERIFY(key.error().message.contains(keyIdOf(KeyA)));
}

void TestKeyResolver::matchingKeyResolves()
{
    qputenv(EnvironmentKeySource::VariableName, " " + KeyA + "\n");
    Result<ResolvedKey> key = KeyResolver::standard().resolve(QStringLiteral("store"), keyIdOf(KeyA));
    QVERIFY(key.ok());
    QCOMPARE(key->origin, QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"));
    QCOMPARE(key->key.keyId(), keyIdOf(KeyA));
}

void TestKeyResolver::anyKeyFitsAStoreWithoutKeyId()
{
    qputenv(EnvironmentKeySource::VariableName, KeyB);
    Result<ResolvedKey> key = KeyResolver::standard().resolve(QStringLiteral("store"), QString());
    QVERIFY(key.ok());
    QCOMPARE(key->key.keyId(), keyIdOf(KeyB));
}

void TestKeyResolver::environmentComesFirst()
{
    auto makeResolver = [](FixedKeySource** fixed) {
        std::vector<std::unique_ptr<KeySource>> sources;
        sources.push_back(std::make_unique<EnvironmentKeySource>());
        auto second = std::make_unique<FixedKeySource>(KeyB);
        *fixed = second.get();
        sources.push_back(std::move(second));
        return KeyResolver(std::move(sources));
    };

    FixedKeySource* fixed = nullptr;
    qputenv(EnvironmentKeySource::VariableName, KeyA);
    KeyResolver withEnvironment = makeResolver(&fixed);
    Result<ResolvedKey> key = withEnvironment.resolve(QString(), QString());
    QVERIFY(key.ok());
    QCOMPARE(key->key.keyId(), keyIdOf(KeyA));
    QCOMPARE(fixed->m_calls, 0);

    qunsetenv(EnvironmentKeySource::VariableName);
    KeyResolver withoutEnvironment = makeResolver(&fixed);
    key = withoutEnvironment.resolve(QString(), QString());
    QVERIFY(key.ok());
    QCOMPARE(key->key.keyId(), keyIdOf(KeyB));
    QCOMPARE(key->origin, QStringLiteral("the fixed source"));
    QCOMPARE(fixed->m_calls, 1);
}

QTEST_GUILESS_MAIN(TestKeyResolver)
#include "TestKeyResolver.moc"
