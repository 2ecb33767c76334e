#include "crypto/MasterKey.h"
#include "crypto/PayloadCipher.h"
#include "store/FieldValues.h"
#include "support/RandomValues.h"

#include <QTest>

#include <algorithm>

#include <sodium.h>

#include <type_traits>

using namespace cm;
using namespace cm::test;

static_assert(!std::is_copy_constructible_v<MasterKey>, "a master key must never be copied");
static_assert(!std::is_copy_assignable_v<MasterKey>, "a master key must never be copied");
static_assert(std::is_nothrow_move_constructible_v<MasterKey>, "a master key moves");
static_assert(!std::is_copy_constructible_v<SecureBuffer>, "secure memory must never be copied");

namespace {

MasterKey keyFrom(const QByteArray& text)
{
    Result<MasterKey> key = MasterKey::parse(text, QStringLiteral("TEST_KEY"));
    if (!key.ok())
        qFatal("a valid key was refused");
    return std::move(key).value();
}

QByteArray base64Original(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64Encoding);
}

// A fixed key for data-driven tests, whose data and test functions must share one key.
const QByteArray FixedKeyHex = QByteArray(64, '7');

} // namespace

class TestCrypto : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(sodium_init() >= 0); }
    void parseAccepts_data();
    void parseAccepts();
    void parseRefuses_data();
    void parseRefuses();
    void hexAndBase64AreTheSameKey();
    void keyIdFollowsTheFormat();
    void generatedKeysDifferAndRoundTrip();
    void payloadRoundTrip();
    void noncesAreFresh();
    void everyFlippedByteIsDetected();
    void payloadIsBoundToItsRowAndKey();
    void malformedPayloadsAreRefused_data();
    void malformedPayloadsAreRefused();
    void reencryptMovesPayloadsToTheNextKey();
};

void TestCrypto::parseAccepts_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray bytes = randomBytes(32);
    QTest::newRow("hex lower") << bytes.toHex();
    QTest::newRow("hex upper") << bytes.toHex().toUpper();
    QTest::newRow("hex with white space around") << QByteArray(" \t" + bytes.toHex() + "\r\n");
    QTest::newRow("base64") << base64Original(bytes);
    QTest::newRow("base64 with newline") << QByteArray(base64Original(bytes) + '\n');
}

void TestCrypto::parseAccepts()
{
    QFETCH(QByteArray, text);
    Result<MasterKey> key = MasterKey::parse(text, QStringLiteral("TEST_KEY"));
    QVERIFY(key.ok());
}

void TestCrypto::parseRefuses_data()
{
    QTest::addColumn<QByteArray>("text");
    const QByteArray bytes = randomBytes(32);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only white space") << QByteArray("   \n");
    QTest::newRow("short word") << QByteArray("abc");
    QTest::newRow("63 hex") << bytes.toHex().left(63);
    QTest::newRow("65 hex") << QByteArray(bytes.toHex() + "a");
    QTest::newRow("hex with a non-hex digit") << QByteArray(bytes.toHex().left(63) + "g");
    QTest::newRow("hex with inner space") << QByteArray(bytes.toHex().left(32) + " " + bytes.toHex().mid(32, 31));
    QTest::newRow("base64 of 31 bytes") << base64Original(randomBytes(31));
    QTest::newRow("base64 of 33 bytes") << base64Original(randomBytes(33));
    QTest::newRow("base64 without padding") << base64Original(bytes).left(43);
    QTest::newRow("base64url alphabet") << QByteArray(QByteArray(43, '-') + "=");
    QTest::newRow("64 hex in quotes") << QByteArray("\"" + bytes.toHex().left(62) + "\"");
}

void TestCrypto::parseRefuses()
{
    QFETCH(QByteArray, text);
    Result<MasterKey> key = MasterKey::parse(text, QStringLiteral("TEST_KEY"));
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, ErrorCode::KeyMalformed);
    const QString message = key.error().message;
    QVERIFY(message.contains(QLatin1String("TEST_KEY")));
    QVERIFY(message.contains(QLatin1String("64 hexadecimal characters")));
    QVERIFY(message.contains(QLatin1String("credctl key generate")));
    if (text.trimmed().size() >= 8)
        QVERIFY2(!message.contains(QString::fromLatin1(text.trimmed())), "the error must not echo the key text");
}

void TestCrypto::hexAndBase64AreTheSameKey()
{
    const QByteArray bytes = randomBytes(32);
    const MasterKey fromHex = keyFrom(bytes.toHex());
    const MasterKey fromBase64 = keyFrom(base64Original(bytes));
    QCOMPARE(QByteArray(reinterpret_cast<const char*>(fromHex.bytes()), 32), bytes);
    QCOMPARE(fromHex.keyId(), fromBase64.keyId());
}

void TestCrypto::keyIdFollowsTheFormat()
{
    // key_id = hex(BLAKE2b-128(message "credential-store key id v1", key = master key)).
    const QByteArray bytes = randomBytes(32);
    const MasterKey key = keyFrom(bytes.toHex());
    unsigned char expected[16];
    const char message[] = "credential-store key id v1";
    crypto_generichash(expected, sizeof expected, reinterpret_cast<const unsigned char*>(message), sizeof message - 1,
                       reinterpret_cast<const unsigned char*>(bytes.constData()), 32);
    QCOMPARE(key.keyId(), QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(expected), 16).toHex()));
    QCOMPARE(key.keyId().size(), 32);
    QVERIFY(key.keyId() != MasterKey::generate().keyId());
}

void TestCrypto::generatedKeysDifferAndRoundTrip()
{
    const MasterKey first = MasterKey::generate();
    const MasterKey second = MasterKey::generate();
    QVERIFY(first.keyId() != second.keyId());

    const SecureBuffer line = first.toHexLine();
    QCOMPARE(line.size(), std::size_t(65));
    QCOMPARE(char(line.data()[64]), '\n');
    const MasterKey reparsed = keyFrom(line.view().toByteArray());
    QCOMPARE(reparsed.keyId(), first.keyId());
}

void TestCrypto::payloadRoundTrip()
{
    const MasterKey key = MasterKey::generate();
    const FieldValues fields { { QStringLiteral("api_key"), QStringLiteral("sk-ünïcode-\"quoted\"") },
                               { QStringLiteral("endpoint"), QStringLiteral("https://example.com/v1") } };
    const SecureBuffer plaintext = fields.toJson();
    const QByteArray payload = PayloadCipher::encrypt(key, QStringLiteral("id-1"), QStringLiteral("custom"), plaintext);
    QCOMPARE(payload.size(), qsizetype(1 + 24 + plaintext.size() + 16));
    QCOMPARE(quint8(payload.at(0)), quint8(0x01));
    QVERIFY(!payload.contains("sk-"));

    Result<SecureBuffer> decrypted
        = PayloadCipher::decrypt(key, QStringLiteral("id-1"), QStringLiteral("custom"), payload);
    QVERIFY(decrypted.ok());
    std::optional<FieldValues> back = FieldValues::fromJson(decrypted.value());
    QVERIFY(back);
    QVERIFY(*back == fields);
}

void TestCrypto::noncesAreFresh()
{
    const MasterKey key = MasterKey::generate();
    const SecureBuffer plaintext = FieldValues { { QStringLiteral("api_key"), QStringLiteral("same") } }.toJson();
    const QByteArray a = PayloadCipher::encrypt(key, QStringLiteral("id"), QStringLiteral("mistral"), plaintext);
    const QByteArray b = PayloadCipher::encrypt(key, QStringLiteral("id"), QStringLiteral("mistral"), plaintext);
    QVERIFY(a.mid(1, 24) != b.mid(1, 24));
    QVERIFY(a.mid(25) != b.mid(25));
}

void TestCrypto::everyFlippedByteIsDetected()
{
    const MasterKey key = MasterKey::generate();
    const SecureBuffer plaintext = FieldValues { { QStringLiteral("token"), QStringLiteral("eyJ.a.b") } }.toJson();
    const QByteArray payload = PayloadCipher::encrypt(key, QStringLiteral("id"), QStringLiteral("ionos"), plaintext);
    for (qsizetype i = 0; i < payload.size(); ++i) {
        QByteArray tampered = payload;
        tampered[i] = char(tampered[i] ^ 0x01);
        Result<SecureBuffer> result
            = PayloadCipher::decrypt(key, QStringLiteral("id"), QStringLiteral("ionos"), tampered);
        QVERIFY2(!result.ok(), qPrintable(QStringLiteral("flipped byte %1 went unnoticed").arg(i)));
        QCOMPARE(result.error().code, ErrorCode::Corrupt);
    }
}

void TestCrypto::payloadIsBoundToItsRowAndKey()
{
    const MasterKey key = MasterKey::generate();
    const SecureBuffer plaintext = FieldValues { { QStringLiteral("api_key"), QStringLiteral("x") } }.toJson();
    const QByteArray payload
        = PayloadCipher::encrypt(key, QStringLiteral("row-a"), QStringLiteral("mistral"), plaintext);
    QVERIFY(PayloadCipher::decrypt(key, QStringLiteral("row-a"), QStringLiteral("mistral"), payload).ok());
    QVERIFY(!PayloadCipher::decrypt(key, QStringLiteral("row-b"), QStringLiteral("mistral"), payload).ok());
    QVERIFY(!PayloadCipher::decrypt(key, QStringLiteral("row-a"), QStringLiteral("custom"), payload).ok());
    QVERIFY(!PayloadCipher::decrypt(MasterKey::generate(), QStringLiteral("row-a"), QStringLiteral("mistral"), payload)
                 .ok());
    QCOMPARE(PayloadCipher::additionalData(QStringLiteral("row-a"), QStringLiteral("mistral")),
             QByteArray("credential:v1:row-a:mistral"));
}

void TestCrypto::malformedPayloadsAreRefused_data()
{
    QTest::addColumn<bool>("decrypts");
    QTest::addColumn<QByteArray>("payload");
    const MasterKey key = keyFrom(FixedKeyHex);
    const QByteArray good
        = PayloadCipher::encrypt(key, QStringLiteral("id"), QStringLiteral("custom"),
                                 FieldValues { { QStringLiteral("a"), QStringLiteral("b") } }.toJson());
    QTest::newRow("the intact payload") << true << good;
    QTest::newRow("empty") << false << QByteArray();
    QTest::newRow("version only") << false << QByteArray(1, '\x01');
    QTest::newRow("header without tag") << false << good.left(25);
    QTest::newRow("truncated") << false << good.left(good.size() - 1);
    QTest::newRow("extended") << false << QByteArray(good + '\0');
    QByteArray otherVersion = good;
    otherVersion[0] = '\x02';
    QTest::newRow("version 2") << false << otherVersion;
    QTest::newRow("random") << false << randomBytes(80);
}

void TestCrypto::malformedPayloadsAreRefused()
{
    QFETCH(bool, decrypts);
    QFETCH(QByteArray, payload);
    const MasterKey key = keyFrom(FixedKeyHex);
    QCOMPARE(PayloadCipher::decrypt(key, QStringLiteral("id"), QStringLiteral("custom"), payload).ok(), decrypts);
}

void TestCrypto::reencryptMovesPayloadsToTheNextKey()
{
    const MasterKey current = MasterKey::generate();
    const MasterKey next = MasterKey::generate();
    const QString id = QStringLiteral("row-a");
    const QString provider = QStringLiteral("ionos");
    SecureBuffer scratch; // grows on the first use, then serves every row
    for (const int length : { 10, 5000, 300, 0 }) {
        const FieldValues fields { { QStringLiteral("token"), QString(length, QLatin1Char('t')) } };
        const QByteArray before = PayloadCipher::encrypt(current, id, provider, fields.toJson());
        Result<QByteArray> after = PayloadCipher::reencrypt(current, next, id, provider, before, scratch);
        QVERIFY(after.ok());
        QVERIFY(!PayloadCipher::decrypt(current, id, provider, after.value()).ok());
        Result<SecureBuffer> plaintext = PayloadCipher::decrypt(next, id, provider, after.value());
        QVERIFY(plaintext.ok());
        std::optional<FieldValues> back = FieldValues::fromJson(plaintext.value());
        QVERIFY(back);
        QVERIFY(*back == fields);
        QVERIFY(scratch.size() >= fields.toJson().size());
        // Nothing of the plaintext stays in the scratch buffer between rows.
        QVERIFY(std::all_of(scratch.data(), scratch.data() + scratch.size(), [](unsigned char c) { return c == 0; }));
    }
    // A payload of another row, another key or with a flipped byte is refused, and the store
    // must stop the rotation on it.
    const QByteArray payload = PayloadCipher::encrypt(
        current, id, provider, FieldValues { { QStringLiteral("token"), QStringLiteral("eyJ.a.b") } }.toJson());
    QByteArray flipped = payload;
    flipped[30] = char(flipped[30] ^ 0x01);
    QVERIFY(!PayloadCipher::reencrypt(current, next, QStringLiteral("row-b"), provider, payload, scratch).ok());
    QVERIFY(!PayloadCipher::reencrypt(next, current, id, provider, payload, scratch).ok());
    QVERIFY(!PayloadCipher::reencrypt(current, next, id, provider, flipped, scratch).ok());
    QVERIFY(!PayloadCipher::reencrypt(current, next, id, provider, payload.left(20), scratch).ok());
}

QTEST_GUILESS_MAIN(TestCrypto)
#include "TestCrypto.moc"
