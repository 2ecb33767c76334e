// The passphrase-protected export file of `credctl export` / `import` (SPEC section 6,
// docs/storage-format.md): round trip, the published JSON shape, a reader built from raw
// libsodium calls only (and a writer of the same kind, so files of other programs import),
// wrong passphrases told apart from damaged files, every single-byte change of a small file
// rejected, and the default Argon2id cost. The tests use libsodium's minimum cost wherever
// many files are opened. Secrets and passphrases are random per run and never printed.

#include "backup/ExportFile.h"
#include "common/Error.h"
#include "crypto/SecureBuffer.h"
#include "store/Credential.h"
#include "store/FieldValues.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>
#include <QUuid>

#include <sodium.h>

#include <optional>

using namespace cm;
using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString FileName = u"/backups/nightly/credentials-2024-05-01.cmexport"_s;
const QByteArray AdditionalData = "credential-manager-export:v1";
const QByteArray CheckMessage = "export passphrase check";

SecureBuffer secure(const QByteArray& bytes)
{
    return SecureBuffer::copyOf(bytes);
}

QDateTime utc(const char* text)
{
    return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
}

Credential makeCredential(const QString& name, const QString& provider, const QMap<QString, QString>& fields,
                          const QDateTime& createdAt, const QDateTime& updatedAt)
{
    Credential credential;
    credential.summary.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    credential.summary.name = name;
    credential.summary.provider = provider;
    credential.summary.createdAt = createdAt;
    credential.summary.updatedAt = updatedAt;
    credential.summary.revision = 3;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it)
        credential.fields.insert(it.key(), it.value());
    return credential;
}

// Compares what a backup restores: names, providers, fields and both timestamps, in order.
// Values are compared, never printed.
QString differences(const QList<Credential>& expected, const QList<Credential>& actual)
{
    if (expected.size() != actual.size())
        return u"%1 credentials came back instead of %2"_s.arg(actual.size()).arg(expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const CredentialSummary& want = expected.at(i).summary;
        const CredentialSummary& got = actual.at(i).summary;
        const QString where = u"credential %1 (\"%2\")"_s.arg(i).arg(want.name);
        if (got.name != want.name)
            return where + u": the name came back as \"%1\""_s.arg(got.name);
        if (got.provider != want.provider)
            return where + u": the provider came back as \"%1\""_s.arg(got.provider);
        if (got.createdAt != want.createdAt || !got.createdAt.isValid())
            return where + u": created_at came back as %1"_s.arg(got.createdAt.toString(Qt::ISODateWithMs));
        if (got.updatedAt != want.updatedAt || !got.updatedAt.isValid())
            return where + u": updated_at came back as %1"_s.arg(got.updatedAt.toString(Qt::ISODateWithMs));
        if (actual.at(i).fields.keys() != expected.at(i).fields.keys())
            return where
                + u": the field keys came back as [%1] instead of [%2]"_s.arg(
                    actual.at(i).fields.keys().join(u", "_s), expected.at(i).fields.keys().join(u", "_s));
        for (const QString& key : expected.at(i).fields.keys()) {
            if (actual.at(i).fields.value(key) != expected.at(i).fields.value(key))
                return where + u": the value of field \"%1\" differs"_s.arg(key);
        }
    }
    return {};
}

#define CHECK_SAME(expected, actual)                                                                                   \
    do {                                                                                                               \
        const QString difference_ = differences((expected), (actual));                                                 \
        QVERIFY2(difference_.isEmpty(), qPrintable(difference_));                                                      \
    } while (false)

QJsonObject objectOf(const QByteArray& file)
{
    return QJsonDocument::fromJson(file).object();
}

QByteArray fileOf(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

// Strict base64: only the standard alphabet with padding, and canonical (re-encoding gives the same text).
std::optional<QByteArray> strictBase64(const QJsonValue& value)
{
    if (!value.isString())
        return std::nullopt;
    const QByteArray text = value.toString().toLatin1();
    const QByteArray::FromBase64Result decoded
        = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64() != text)
        return std::nullopt;
    return decoded.decoded;
}

// --- the format, from the specification alone: raw libsodium, no project class --------------

struct RawKdf
{
    unsigned long long opslimit = crypto_pwhash_OPSLIMIT_MIN;
    std::size_t memlimit = crypto_pwhash_MEMLIMIT_MIN;
    QByteArray salt;
};

std::optional<QByteArray> rawDeriveKey(const QByteArray& passphrase, const RawKdf& kdf)
{
    QByteArray key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES, Qt::Uninitialized);
    if (kdf.salt.size() != crypto_pwhash_SALTBYTES
        || crypto_pwhash(reinterpret_cast<unsigned char*>(key.data()), std::size_t(key.size()), passphrase.constData(),
                         std::size_t(passphrase.size()), reinterpret_cast<const unsigned char*>(kdf.salt.constData()),
                         kdf.opslimit, kdf.memlimit, crypto_pwhash_ALG_ARGON2ID13)
            != 0)
        return std::nullopt;
    return key;
}

QByteArray rawCheck(const QByteArray& key)
{
    QByteArray check(16, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char*>(check.data()), std::size_t(check.size()),
                       reinterpret_cast<const unsigned char*>(CheckMessage.constData()),
                       std::size_t(CheckMessage.size()), reinterpret_cast<const unsigned char*>(key.constData()),
                       std::size_t(key.size()));
    return check;
}

QByteArray rawEncrypt(const QByteArray& key, const QByteArray& nonce, const QByteArray& plain,
                      const QByteArray& additionalData = AdditionalData)
{
    QByteArray cipher(plain.size() + qsizetype(crypto_aead_xchacha20poly1305_ietf_ABYTES), Qt::Uninitialized);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(cipher.data()), &length,
        reinterpret_cast<const unsigned char*>(plain.constData()), std::size_t(plain.size()),
        reinterpret_cast<const unsigned char*>(additionalData.constData()), std::size_t(additionalData.size()), nullptr,
        reinterpret_cast<const unsigned char*>(nonce.constData()),
        reinterpret_cast<const unsigned char*>(key.constData()));
    cipher.truncate(qsizetype(length));
    return cipher;
}

// An export file as another program would write it from the specification.
QByteArray rawWrite(const QByteArray& passphrase, const QByteArray& plaintext,
                    const QByteArray& additionalData = AdditionalData)
{
    RawKdf kdf;
    kdf.salt = randomBytes(crypto_pwhash_SALTBYTES);
    const QByteArray nonce = randomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const std::optional<QByteArray> key = rawDeriveKey(passphrase, kdf);
    if (!key)
        return {};
    return fileOf(QJsonObject {
        { u"format"_s, u"credential-manager-export"_s },
        { u"version"_s, 1 },
        { u"kdf"_s,
          QJsonObject {
              { u"alg"_s, u"argon2id13"_s },
              { u"opslimit"_s, qint64(kdf.opslimit) },
              { u"memlimit"_s, qint64(kdf.memlimit) },
              { u"salt"_s, QString::fromLatin1(kdf.salt.toBase64()) },
          } },
        { u"check"_s, QString::fromLatin1(rawCheck(*key).toBase64()) },
        { u"nonce"_s, QString::fromLatin1(nonce.toBase64()) },
        { u"ciphertext"_s, QString::fromLatin1(rawEncrypt(*key, nonce, plaintext, additionalData).toBase64()) },
    });
}

// What the raw reader found, or why it failed (a sentence for the failure message).
struct RawRead
{
    QString problem;
    QJsonArray records;
};

RawRead rawRead(const QByteArray& file, const QByteArray& passphrase)
{
    RawRead result;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        result.problem = u"the file is not a JSON object"_s;
        return result;
    }
    const QJsonObject object = document.object();
    const QJsonObject kdfObject = object.value(u"kdf"_s).toObject();
    if (kdfObject.value(u"alg"_s).toString() != u"argon2id13"_s) {
        result.problem = u"kdf.alg is not argon2id13"_s;
        return result;
    }
    const std::optional<QByteArray> salt = strictBase64(kdfObject.value(u"salt"_s));
    const std::optional<QByteArray> check = strictBase64(object.value(u"check"_s));
    const std::optional<QByteArray> nonce = strictBase64(object.value(u"nonce"_s));
    const std::optional<QByteArray> cipher = strictBase64(object.value(u"ciphertext"_s));
    if (!salt || !check || !nonce || !cipher) {
        result.problem = u"salt, check, nonce or ciphertext is not standard base64"_s;
        return result;
    }
    if (nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
        || cipher->size() < qsizetype(crypto_aead_xchacha20poly1305_ietf_ABYTES)) {
        result.problem = u"the nonce or the ciphertext has the wrong length"_s;
        return result;
    }
    RawKdf kdf;
    kdf.opslimit = (unsigned long long)kdfObject.value(u"opslimit"_s).toInteger();
    kdf.memlimit = std::size_t(kdfObject.value(u"memlimit"_s).toInteger());
    kdf.salt = *salt;
    const std::optional<QByteArray> key = rawDeriveKey(passphrase, kdf);
    if (!key) {
        result.problem = u"crypto_pwhash failed with the file's salt and limits"_s;
        return result;
    }
    if (rawCheck(*key) != *check) {
        result.problem = u"check is not BLAKE2b-128(\"export passphrase check\") keyed with the derived key"_s;
        return result;
    }
    QByteArray plain(cipher->size() - qsizetype(crypto_aead_xchacha20poly1305_ietf_ABYTES), Qt::Uninitialized);
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
            reinterpret_cast<const unsigned char*>(cipher->constData()), std::size_t(cipher->size()),
            reinterpret_cast<const unsigned char*>(AdditionalData.constData()), std::size_t(AdditionalData.size()),
            reinterpret_cast<const unsigned char*>(nonce->constData()),
            reinterpret_cast<const unsigned char*>(key->constData()))
        != 0) {
        result.problem = u"the ciphertext does not decrypt with XChaCha20-Poly1305 and the published additional data"_s;
        return result;
    }
    plain.truncate(qsizetype(length));
    const QJsonDocument content = QJsonDocument::fromJson(plain, &error);
    sodium_memzero(plain.data(), std::size_t(plain.size()));
    if (error.error != QJsonParseError::NoError || !content.isArray()) {
        result.problem = u"the plaintext is not a JSON array"_s;
        return result;
    }
    result.records = content.array();
    return result;
}

// A short description of where offset `index` lies in the (indented JSON) file, for the
// failure message: the line, cut around the offset, and the byte before and after the flip.
// The file holds no secret in clear, so its text is safe to show.
QString whereIs(const QByteArray& file, qsizetype index)
{
    const qsizetype lineStart = file.lastIndexOf('\n', index - 1) + 1;
    qsizetype lineEnd = file.indexOf('\n', index);
    if (lineEnd < 0)
        lineEnd = file.size();
    const qsizetype from = std::max(lineStart, index - 30);
    const qsizetype to = std::min(lineEnd, index + 30);
    QByteArray excerpt = file.mid(from, to - from).trimmed();
    const char before = file.at(index);
    const char after = char(before ^ 0x01);
    const auto printable = [](char c) {
        return c >= 0x20 && c < 0x7f ? u"'%1'"_s.arg(QLatin1Char(c))
                                     : u"0x%1"_s.arg(quint8(c), 2, 16, QLatin1Char('0'));
    };
    return u"offset %1 (%2 -> %3) in \"%4\""_s.arg(index).arg(printable(before), printable(after),
                                                              QString::fromLatin1(excerpt));
}

} // namespace

class TestExportFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void roundTrip_data();
    void roundTrip();
    void fileHasThePublishedShape();
    void noSecretInTheFile();
    void everyWriteUsesAFreshSaltAndNonce();
    void anotherProgramReadsTheFile();
    void filesOfAnotherProgramAreRead();
    void wrongPassphrase_data();
    void wrongPassphrase();
    void damagedFiles_data();
    void damagedFiles();
    void everyFlippedByteIsRejected();
    void nonCanonicalBase64IsRejected_data();
    void nonCanonicalBase64IsRejected();
    void defaultCostIsAtLeastModerate();

private:
    QList<Credential> sample() const;

    QByteArray m_passphrase;
    QList<Credential> m_sample;
    QByteArray m_sampleFile; // m_sample written under m_passphrase at minimum cost
    QStringList m_secrets;
};

void TestExportFile::initTestCase()
{
    QVERIFY(sodium_init() >= 0);
    m_passphrase = "correct horse " + randomBytes(9).toBase64();
    m_secrets
        = { makeSecret("azure"), makeSecret("emb"), makeSecret("mistral"), makeSecret("ionos"), makeSecret("custom") };
    m_sample = sample();
    Result<QByteArray> written = ExportFile::write(m_sample, secure(m_passphrase), ExportFile::minimumCost());
    QVERIFY2(written.ok(), outcome(written).constData());
    m_sampleFile = written.value();
}

// One credential of every provider; names and values with the characters JSON has to escape,
// non-ASCII text, and timestamps with milliseconds.
QList<Credential> TestExportFile::sample() const
{
    return {
        makeCredential(u"Production Azure"_s, u"azure-openai"_s,
                       { { u"endpoint"_s, u"https://prod-eu.openai.azure.com"_s },
                         { u"instance_name"_s, u"prod-eu"_s },
                         { u"api_key"_s, m_secrets.at(0) } },
                       utc("2023-11-02T08:15:30.123Z"), utc("2024-04-30T17:45:01.999Z")),
        makeCredential(u"Embeddings \"quoted\" \\ back/slash"_s, u"azure-openai-embeddings"_s,
                       { { u"instance_name"_s, u"emb-resource"_s },
                         { u"deployment_name"_s, u"text-embedding-3-small"_s },
                         { u"api_key"_s, m_secrets.at(1) },
                         { u"api_version"_s, u"2023-05-15"_s } },
                       utc("2024-01-01T00:00:00.000Z"), utc("2024-01-01T00:00:00.001Z")),
        makeCredential(u"Mistral Ünïcödé ✓ 日本"_s, u"mistral"_s, { { u"api_key"_s, m_secrets.at(2) + u"-ä€😀"_s } },
                       utc("2022-02-28T23:59:59.500Z"), utc("2022-03-01T00:00:00.000Z")),
        makeCredential(u"IONOS"_s, u"ionos"_s,
                       { { u"token"_s, u"eyJhbGciOiJIUzI1NiJ9."_s + m_secrets.at(3) + u".c2ln"_s },
                         { u"endpoint"_s, u"https://openai.inference.de-txl.ionos.com/v1"_s } },
                       utc("2024-05-01T10:00:00.010Z"), utc("2024-05-01T10:00:00.010Z")),
        makeCredential(
            u"Local \t tab"_s, u"custom"_s,
            { { u"api_key"_s, m_secrets.at(4) + u"\"\\\n"_s }, { u"endpoint"_s, u"http://127.0.0.1:8080/v1"_s } },
            utc("2021-06-15T12:30:45.678Z"), utc("2024-06-15T12:30:45.678Z")),
    };
}

// --- round trip and shape -----------------------------------------------------------------

void TestExportFile::roundTrip_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("no credential") << 0;
    QTest::newRow("one credential") << 1;
    QTest::newRow("one of every provider") << 5;
    QTest::newRow("two hundred credentials") << 200;
}

void TestExportFile::roundTrip()
{
    QFETCH(int, count);
    QList<Credential> credentials;
    for (int i = 0; i < count; ++i) {
        Credential credential = m_sample.at(i % m_sample.size());
        if (count > m_sample.size()) {
            credential.summary.name += u" #%1"_s.arg(i);
            credential.summary.updatedAt = credential.summary.updatedAt.addMSecs(i);
        }
        credentials.append(credential);
    }
    // A local-time timestamp is the same instant after the round trip.
    if (!credentials.isEmpty())
        credentials.first().summary.updatedAt = credentials.first().summary.updatedAt.toLocalTime();

    Result<QByteArray> file = ExportFile::write(credentials, secure(m_passphrase), ExportFile::minimumCost());
    QVERIFY2(file.ok(), outcome(file).constData());
    Result<QList<Credential>> read = ExportFile::read(file.value(), secure(m_passphrase), FileName);
    QVERIFY2(read.ok(), outcome(read).constData());
    CHECK_SAME(credentials, read.value());
    for (const Credential& credential : read.value()) {
        QCOMPARE(credential.summary.createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(credential.summary.updatedAt.timeSpec(), Qt::UTC);
    }
}

void TestExportFile::fileHasThePublishedShape()
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(m_sampleFile, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(document.isObject());
    const QJsonObject object = document.object();
    QStringList keys = object.keys();
    keys.sort();
    QCOMPARE(keys, QStringList({ u"check"_s, u"ciphertext"_s, u"format"_s, u"kdf"_s, u"nonce"_s, u"version"_s }));
    QCOMPARE(object.value(u"format"_s), QJsonValue(u"credential-manager-export"_s));
    QVERIFY(object.value(u"version"_s).isDouble());
    QCOMPARE(object.value(u"version"_s).toDouble(), 1.0);
    QCOMPARE(ExportFile::Version, 1);

    QVERIFY(object.value(u"kdf"_s).isObject());
    const QJsonObject kdf = object.value(u"kdf"_s).toObject();
    QStringList kdfKeys = kdf.keys();
    kdfKeys.sort();
    QCOMPARE(kdfKeys, QStringList({ u"alg"_s, u"memlimit"_s, u"opslimit"_s, u"salt"_s }));
    QCOMPARE(kdf.value(u"alg"_s), QJsonValue(u"argon2id13"_s));
    QVERIFY(kdf.value(u"opslimit"_s).isDouble());
    QVERIFY(kdf.value(u"memlimit"_s).isDouble());
    QCOMPARE(kdf.value(u"opslimit"_s).toInteger(), qint64(ExportFile::minimumCost().opslimit));
    QCOMPARE(kdf.value(u"memlimit"_s).toInteger(), qint64(ExportFile::minimumCost().memlimit));
    QCOMPARE(qint64(ExportFile::minimumCost().opslimit), qint64(crypto_pwhash_OPSLIMIT_MIN));
    QCOMPARE(qint64(ExportFile::minimumCost().memlimit), qint64(crypto_pwhash_MEMLIMIT_MIN));

    const std::optional<QByteArray> salt = strictBase64(kdf.value(u"salt"_s));
    QVERIFY2(salt, "kdf.salt is not standard base64");
    QCOMPARE(salt->size(), 16);
    const std::optional<QByteArray> check = strictBase64(object.value(u"check"_s));
    QVERIFY2(check, "check is not standard base64");
    QCOMPARE(check->size(), 16);
    const std::optional<QByteArray> nonce = strictBase64(object.value(u"nonce"_s));
    QVERIFY2(nonce, "nonce is not standard base64");
    QCOMPARE(nonce->size(), 24);
    const std::optional<QByteArray> ciphertext = strictBase64(object.value(u"ciphertext"_s));
    QVERIFY2(ciphertext, "ciphertext is not standard base64");
    QVERIFY(ciphertext->size() > 16);
}

void TestExportFile::noSecretInTheFile()
{
    QStringList needles = m_secrets;
    // Names, endpoints and the passphrase are inside the ciphertext too.
    for (const Credential& credential : m_sample)
        needles << credential.summary.name;
    needles << u"prod-eu.openai.azure.com"_s << u"text-embedding-3-small"_s << QString::fromLatin1(m_passphrase);
    for (const QString& needle : needles) {
        const QByteArray utf8 = needle.toUtf8();
        QVERIFY2(!m_sampleFile.contains(utf8), "a secret or name appears in clear text in the export file");
        // Base64 of the value at each of the three alignments (the inner part is the same
        // wherever the value starts in a longer base64 text).
        for (int shift = 0; shift < 3; ++shift) {
            const QByteArray encoded = QByteArray(QByteArray(shift, 'x') + utf8).toBase64();
            const QByteArray inner = encoded.mid(8, encoded.size() - 16);
            QVERIFY2(inner.size() < 8 || !m_sampleFile.contains(inner),
                     "the base64 of a secret or name appears in the export file");
        }
        QVERIFY2(!m_sampleFile.contains(utf8.toHex()), "the hex of a secret or name appears in the export file");
    }
}

void TestExportFile::everyWriteUsesAFreshSaltAndNonce()
{
    Result<QByteArray> again = ExportFile::write(m_sample, secure(m_passphrase), ExportFile::minimumCost());
    QVERIFY2(again.ok(), outcome(again).constData());
    const QJsonObject first = objectOf(m_sampleFile);
    const QJsonObject second = objectOf(again.value());
    QVERIFY(first.value(u"kdf"_s).toObject().value(u"salt"_s) != second.value(u"kdf"_s).toObject().value(u"salt"_s));
    QVERIFY(first.value(u"nonce"_s) != second.value(u"nonce"_s));
    QVERIFY(first.value(u"check"_s) != second.value(u"check"_s));
    QVERIFY(first.value(u"ciphertext"_s) != second.value(u"ciphertext"_s));
}

void TestExportFile::anotherProgramReadsTheFile()
{
    const RawRead raw = rawRead(m_sampleFile, m_passphrase);
    QVERIFY2(raw.problem.isEmpty(), qPrintable(u"a reader built from the specification fails: "_s + raw.problem));
    QCOMPARE(raw.records.size(), m_sample.size());
    for (qsizetype i = 0; i < m_sample.size(); ++i) {
        const Credential& expected = m_sample.at(i);
        QVERIFY(raw.records.at(i).isObject());
        const QJsonObject record = raw.records.at(i).toObject();
        QStringList keys = record.keys();
        keys.sort();
        QCOMPARE(keys, QStringList({ u"created_at"_s, u"fields"_s, u"name"_s, u"provider"_s, u"updated_at"_s }));
        QCOMPARE(record.value(u"name"_s).toString(), expected.summary.name);
        QCOMPARE(record.value(u"provider"_s).toString(), expected.summary.provider);
        // ISO 8601 in UTC.
        for (const char* key : { "created_at", "updated_at" }) {
            const QString text = record.value(QLatin1String(key)).toString();
            QVERIFY2(text.endsWith(u'Z'), qPrintable(u"%1 is not in UTC: %2"_s.arg(QLatin1String(key), text)));
            const QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
            QVERIFY2(when.isValid(), qPrintable(u"%1 is not ISO 8601: %2"_s.arg(QLatin1String(key), text)));
            QCOMPARE(when, qstrcmp(key, "created_at") == 0 ? expected.summary.createdAt : expected.summary.updatedAt);
        }
        QVERIFY(record.value(u"fields"_s).isObject());
        const QJsonObject fields = record.value(u"fields"_s).toObject();
        QCOMPARE(fields.keys(), expected.fields.keys());
        for (const QString& key : expected.fields.keys()) {
            QVERIFY2(fields.value(key).isString(), qPrintable(u"field %1 is not a string"_s.arg(key)));
            QVERIFY2(fields.value(key).toString() == expected.fields.value(key),
                     qPrintable(u"the value of field %1 of \"%2\" differs"_s.arg(key, expected.summary.name)));
        }
    }
}

void TestExportFile::filesOfAnotherProgramAreRead()
{
    QJsonArray records;
    for (const Credential& credential : m_sample) {
        QJsonObject fields;
        for (const QString& key : credential.fields.keys())
            fields.insert(key, credential.fields.value(key));
        records.append(QJsonObject {
            { u"name"_s, credential.summary.name },
            { u"provider"_s, credential.summary.provider },
            { u"fields"_s, fields },
            { u"created_at"_s, credential.summary.createdAt.toUTC().toString(Qt::ISODateWithMs) },
            { u"updated_at"_s, credential.summary.updatedAt.toUTC().toString(Qt::ISODateWithMs) },
        });
    }
    const QByteArray file = rawWrite(m_passphrase, QJsonDocument(records).toJson(QJsonDocument::Compact));
    QVERIFY(!file.isEmpty());
    Result<QList<Credential>> read = ExportFile::read(file, secure(m_passphrase), FileName);
    QVERIFY2(read.ok(), outcome(read).constData());
    CHECK_SAME(m_sample, read.value());
}

// --- wrong passphrase and damaged files ----------------------------------------------------

void TestExportFile::wrongPassphrase_data()
{
    QTest::addColumn<QByteArray>("passphrase");
    QTest::newRow("another passphrase") << QByteArray("another passphrase entirely");
    QTest::newRow("one character more") << QByteArray(m_passphrase + "!");
    QTest::newRow("one character less") << m_passphrase.chopped(1);
    QTest::newRow("other case") << m_passphrase.toUpper();
    QTest::newRow("empty") << QByteArray();
}

void TestExportFile::wrongPassphrase()
{
    QFETCH(QByteArray, passphrase);
    Result<QList<Credential>> read = ExportFile::read(m_sampleFile, secure(passphrase), FileName);
    QVERIFY2(!read.ok() && read.error().code == ErrorCode::WrongPassphrase, outcome(read).constData());
    QVERIFY2(read.error().message.contains(FileName), qPrintable(read.error().message));
    QVERIFY2(read.error().message.contains(u"passphrase"_s, Qt::CaseInsensitive), qPrintable(read.error().message));
}

void TestExportFile::damagedFiles_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<bool>("newer");

    const QJsonObject valid = objectOf(m_sampleFile);
    const auto with = [&](const QString& key, const QJsonValue& value) {
        QJsonObject object = valid;
        object.insert(key, value);
        return fileOf(object);
    };
    const auto without = [&](const QString& key) {
        QJsonObject object = valid;
        object.remove(key);
        return fileOf(object);
    };
    const auto withKdf = [&](const QString& key, const QJsonValue& value) {
        QJsonObject kdf = valid.value(u"kdf"_s).toObject();
        if (value.isUndefined())
            kdf.remove(key);
        else
            kdf.insert(key, value);
        QJsonObject object = valid;
        object.insert(u"kdf"_s, kdf);
        return fileOf(object);
    };
    const auto base64 = [](const QByteArray& bytes) { return QJsonValue(QString::fromLatin1(bytes.toBase64())); };
    const QByteArray ciphertext
        = QByteArray::fromBase64(valid.value(u"ciphertext"_s).toString().toLatin1(), QByteArray::Base64Encoding);
    const QByteArray salt
        = QByteArray::fromBase64(valid.value(u"kdf"_s).toObject().value(u"salt"_s).toString().toLatin1());
    const QByteArray nonce = QByteArray::fromBase64(valid.value(u"nonce"_s).toString().toLatin1());
    QByteArray flipped = ciphertext;
    flipped[flipped.size() / 2] = char(flipped.at(flipped.size() / 2) ^ 0x01);
    QByteArray otherNonce = nonce;
    otherNonce[0] = char(otherNonce.at(0) ^ 0x80);

    QTest::newRow("empty file") << QByteArray() << false;
    QTest::newRow("not JSON") << QByteArray("This is a shopping list, not a backup.\n") << false;
    QTest::newRow("random bytes") << randomBytes(600) << false;
    QTest::newRow("truncated file") << m_sampleFile.left(m_sampleFile.size() / 2) << false;
    QTest::newRow("JSON array") << QByteArray("[]") << false;
    QTest::newRow("other format string") << with(u"format"_s, u"credential-manager-backup"_s) << false;
    QTest::newRow("no format") << without(u"format"_s) << false;
    QTest::newRow("version 2") << with(u"version"_s, 2) << true;
    QTest::newRow("version 0") << with(u"version"_s, 0) << false;
    QTest::newRow("version as text") << with(u"version"_s, u"1"_s) << false;
    QTest::newRow("no version") << without(u"version"_s) << false;
    QTest::newRow("no kdf") << without(u"kdf"_s) << false;
    QTest::newRow("kdf alg argon2i13") << withKdf(u"alg"_s, u"argon2i13"_s) << false;
    QTest::newRow("opslimit 0") << withKdf(u"opslimit"_s, 0) << false;
    QTest::newRow("opslimit above SENSITIVE")
        << withKdf(u"opslimit"_s, qint64(crypto_pwhash_OPSLIMIT_SENSITIVE) + 1) << false;
    QTest::newRow("opslimit fractional") << withKdf(u"opslimit"_s, 1.5) << false;
    QTest::newRow("opslimit as text") << withKdf(u"opslimit"_s, u"1"_s) << false;
    QTest::newRow("memlimit 10 GiB") << withKdf(u"memlimit"_s, qint64(10) * 1024 * 1024 * 1024) << false;
    QTest::newRow("memlimit below minimum") << withKdf(u"memlimit"_s, 4096) << false;
    QTest::newRow("no memlimit") << withKdf(u"memlimit"_s, QJsonValue(QJsonValue::Undefined)) << false;
    QTest::newRow("salt of 15 bytes") << withKdf(u"salt"_s, base64(salt.left(15))) << false;
    QTest::newRow("salt of 17 bytes") << withKdf(u"salt"_s, base64(QByteArray(salt + 'x'))) << false;
    QTest::newRow("salt not base64") << withKdf(u"salt"_s, u"not base64 at all!"_s) << false;
    QTest::newRow("check of 15 bytes") << with(u"check"_s, base64(randomBytes(15))) << false;
    QTest::newRow("no check") << without(u"check"_s) << false;
    QTest::newRow("nonce of 23 bytes") << with(u"nonce"_s, base64(nonce.left(23))) << false;
    QTest::newRow("nonce of 25 bytes") << with(u"nonce"_s, base64(QByteArray(nonce + 'x'))) << false;
    QTest::newRow("another nonce") << with(u"nonce"_s, base64(otherNonce)) << false;
    QTest::newRow("no ciphertext") << without(u"ciphertext"_s) << false;
    QTest::newRow("empty ciphertext") << with(u"ciphertext"_s, u""_s) << false;
    QTest::newRow("ciphertext shorter than the tag") << with(u"ciphertext"_s, base64(ciphertext.left(10))) << false;
    QTest::newRow("ciphertext truncated by one byte") << with(u"ciphertext"_s, base64(ciphertext.chopped(1))) << false;
    QTest::newRow("ciphertext with a byte more")
        << with(u"ciphertext"_s, base64(QByteArray(ciphertext + 'x'))) << false;
    QTest::newRow("ciphertext with a flipped byte") << with(u"ciphertext"_s, base64(flipped)) << false;

    // Authentic files (right passphrase, valid tag) whose content is not what the format says.
    QTest::newRow("content is not JSON") << rawWrite(m_passphrase, "not json") << false;
    QTest::newRow("content is an object") << rawWrite(m_passphrase, "{}") << false;
    QTest::newRow("a record is not an object") << rawWrite(m_passphrase, "[1]") << false;
    QTest::newRow("a record without a name")
        << rawWrite(m_passphrase,
                    R"([{"provider":"mistral","fields":{"api_key":"k"},"created_at":"2024-01-01T00:00:00.000Z",)"
                    R"("updated_at":"2024-01-01T00:00:00.000Z"}])")
        << false;
    QTest::newRow("a field value that is a number")
        << rawWrite(m_passphrase,
                    R"([{"name":"N","provider":"mistral","fields":{"api_key":42},)"
                    R"("created_at":"2024-01-01T00:00:00.000Z","updated_at":"2024-01-01T00:00:00.000Z"}])")
        << false;
    QTest::newRow("other additional data") << rawWrite(m_passphrase, "[]", "credential-manager-export:v2") << false;
}

void TestExportFile::damagedFiles()
{
    QFETCH(QByteArray, file);
    QFETCH(bool, newer);
    QElapsedTimer timer;
    timer.start();
    Result<QList<Credential>> read = ExportFile::read(file, secure(m_passphrase), FileName);
    QVERIFY2(!read.ok() && read.error().code == ErrorCode::Corrupt, outcome(read).constData());
    QVERIFY2(read.error().message.contains(FileName),
             qPrintable(u"the message does not name the file: "_s + read.error().message));
    if (newer)
        QVERIFY2(read.error().message.contains(u"newer"_s, Qt::CaseInsensitive), qPrintable(read.error().message));
    // A hostile header must not buy minutes of key derivation.
    QVERIFY2(timer.elapsed() < 10000, qPrintable(u"reading took %1 ms"_s.arg(timer.elapsed())));
}

// --- every single-byte change -------------------------------------------------------------

void TestExportFile::everyFlippedByteIsRejected()
{
    // One credential whose ciphertext length is a multiple of 3, so that its base64 has no
    // padding and the outcome does not depend on the random tag (nonCanonicalBase64IsRejected
    // covers padding bits on its own).
    QByteArray file;
    for (int extra = 0; extra < 3 && file.isEmpty(); ++extra) {
        Credential credential = m_sample.at(2);
        credential.fields.insert(u"api_key"_s, credential.fields.value(u"api_key"_s) + QString(extra, u'x'));
        Result<QByteArray> written = ExportFile::write({ credential }, secure(m_passphrase), ExportFile::minimumCost());
        QVERIFY2(written.ok(), outcome(written).constData());
        if (QByteArray::fromBase64(objectOf(written.value()).value(u"ciphertext"_s).toString().toLatin1()).size() % 3
            == 0)
            file = written.value();
    }
    QVERIFY(!file.isEmpty());
    Result<QList<Credential>> intact = ExportFile::read(file, secure(m_passphrase), FileName);
    QVERIFY2(intact.ok(), outcome(intact).constData());

    QMap<QByteArray, int> counts;
    QStringList accepted;
    QStringList otherErrors;
    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < file.size(); ++i) {
        QByteArray damaged = file;
        damaged[i] = char(damaged.at(i) ^ 0x01);
        const Result<QList<Credential>> read = ExportFile::read(damaged, secure(m_passphrase), FileName);
        if (read.ok()) {
            counts["accepted"] += 1;
            accepted << whereIs(file, i);
            continue;
        }
        counts[codeName(read.error().code)] += 1;
        if (read.error().code != ErrorCode::WrongPassphrase && read.error().code != ErrorCode::Corrupt)
            otherErrors << whereIs(file, i) + u": "_s + QString::fromUtf8(codeName(read.error().code));
        else if (!read.error().message.contains(FileName))
            otherErrors << whereIs(file, i) + u": the message does not name the file"_s;
    }
    QStringList summary;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        summary << u"%1 %2"_s.arg(it.value()).arg(QString::fromLatin1(it.key()));
    qInfo("%lld single-bit flips of a %lld-byte export (one credential) in %lld ms: %s", qint64(file.size()),
          qint64(file.size()), qint64(timer.elapsed()), qPrintable(summary.join(u", "_s)));
    QVERIFY2(accepted.isEmpty(),
             qPrintable(u"%1 flipped byte(s) were accepted: "_s.arg(accepted.size()) + accepted.join(u"; "_s)));
    QVERIFY2(otherErrors.isEmpty(), qPrintable(otherErrors.join(u"; "_s)));
    QCOMPARE(counts.value("WrongPassphrase") + counts.value("Corrupt"), int(file.size()));
}

// A changed bit that base64 does not use (the low bits of the last character before '=')
// decodes to the same bytes: the file was still changed, and a byte flip can do exactly this.
void TestExportFile::nonCanonicalBase64IsRejected_data()
{
    QTest::addColumn<QByteArray>("file");

    // Sets the lowest unused bit of the last base64 character before the padding.
    const auto nonCanonical = [](const QString& text) {
        QByteArray bytes = text.toLatin1();
        const qsizetype padding = bytes.endsWith("==") ? 2 : bytes.endsWith('=') ? 1 : 0;
        if (padding == 0)
            return QString();
        const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const qsizetype last = bytes.size() - padding - 1;
        const int value = int(alphabet.indexOf(bytes.at(last)));
        bytes[last] = alphabet.at(value | 1); // the unused bits are the low 2 or 4
        return QString::fromLatin1(bytes);
    };
    const QJsonObject valid = objectOf(m_sampleFile);
    {
        QJsonObject object = valid;
        QJsonObject kdf = object.value(u"kdf"_s).toObject();
        kdf.insert(u"salt"_s, nonCanonical(kdf.value(u"salt"_s).toString()));
        object.insert(u"kdf"_s, kdf);
        QTest::newRow("salt") << fileOf(object);
    }
    {
        QJsonObject object = valid;
        object.insert(u"check"_s, nonCanonical(object.value(u"check"_s).toString()));
        QTest::newRow("check") << fileOf(object);
    }
    // A file whose ciphertext base64 ends in padding.
    for (int extra = 0; extra < 3; ++extra) {
        QList<Credential> credentials { m_sample.at(2) };
        credentials.first().fields.insert(u"api_key"_s, m_secrets.at(2) + QString(extra, u'x'));
        Result<QByteArray> written = ExportFile::write(credentials, secure(m_passphrase), ExportFile::minimumCost());
        if (!written)
            continue;
        QJsonObject object = objectOf(written.value());
        const QString changed = nonCanonical(object.value(u"ciphertext"_s).toString());
        if (changed.isEmpty())
            continue;
        object.insert(u"ciphertext"_s, changed);
        QTest::newRow("ciphertext") << fileOf(object);
        break;
    }
}

void TestExportFile::nonCanonicalBase64IsRejected()
{
    QFETCH(QByteArray, file);
    Result<QList<Credential>> read = ExportFile::read(file, secure(m_passphrase), FileName);
    QVERIFY2(
        !read.ok() && read.error().code == ErrorCode::Corrupt,
        QByteArray("a file changed in the unused bits of a base64 value was not refused as damaged: " + outcome(read))
            .constData());
}

// --- cost ---------------------------------------------------------------------------------

void TestExportFile::defaultCostIsAtLeastModerate()
{
    const ExportFile::KdfCost cost = ExportFile::defaultCost();
    QVERIFY(cost.opslimit >= crypto_pwhash_OPSLIMIT_MODERATE);
    QVERIFY(cost.memlimit >= crypto_pwhash_MEMLIMIT_MODERATE);

    // The default is what write() uses when no cost is given, and it reads back.
    const QList<Credential> one { m_sample.first() };
    Result<QByteArray> file = ExportFile::write(one, secure(m_passphrase));
    QVERIFY2(file.ok(), outcome(file).constData());
    const QJsonObject kdf = objectOf(file.value()).value(u"kdf"_s).toObject();
    QVERIFY(kdf.value(u"opslimit"_s).toInteger() >= qint64(crypto_pwhash_OPSLIMIT_MODERATE));
    QVERIFY(kdf.value(u"memlimit"_s).toInteger() >= qint64(crypto_pwhash_MEMLIMIT_MODERATE));
    QCOMPARE(kdf.value(u"opslimit"_s).toInteger(), qint64(cost.opslimit));
    QCOMPARE(kdf.value(u"memlimit"_s).toInteger(), qint64(cost.memlimit));
    Result<QList<Credential>> read = ExportFile::read(file.value(), secure(m_passphrase), FileName);
    QVERIFY2(read.ok(), outcome(read).constData());
    CHECK_SAME(one, read.value());
}

QTEST_GUILESS_MAIN(TestExportFile)
#include "TestExportFile.moc"
