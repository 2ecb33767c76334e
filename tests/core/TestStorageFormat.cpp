// Reads a store as another program would, from docs/storage-format.md alone: plain SQL
// and raw libsodium calls, none of the project's classes. The project's store is used only
// to write the file under test (and, in the last test, to read what raw code wrote).
#include "store/CredentialStore.h"
#include "support/SqlConnection.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sodium.h>

using cm::test::SqlConnection;

namespace {

const QByteArray KeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

QByteArray rawKey()
{
    return QByteArray::fromHex(KeyHex);
}

QString rawKeyId(const QByteArray& key)
{
    unsigned char id[16];
    const char message[] = "credential-store key id v1";
    crypto_generichash(id, sizeof id, reinterpret_cast<const unsigned char*>(message), sizeof message - 1,
                       reinterpret_cast<const unsigned char*>(key.constData()), std::size_t(key.size()));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(id), sizeof id).toHex());
}

// Decrypts one payload by the published rules; an empty optional means it did not decrypt.
std::optional<QByteArray> rawDecrypt(const QByteArray& key, const QString& id, const QString& provider,
                                     const QByteArray& payload)
{
    constexpr int NonceBytes = 24;
    if (payload.size() < 1 + NonceBytes + 16 || quint8(payload.at(0)) != 0x01)
        return std::nullopt;
    const QByteArray nonce = payload.mid(1, NonceBytes);
    const QByteArray cipher = payload.mid(1 + NonceBytes);
    const QByteArray ad = QStringLiteral("credential:v1:%1:%2").arg(id, provider).toUtf8();
    QByteArray plain(cipher.size() - 16, Qt::Uninitialized);
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
            reinterpret_cast<const unsigned char*>(cipher.constData()), std::size_t(cipher.size()),
            reinterpret_cast<const unsigned char*>(ad.constData()), std::size_t(ad.size()),
            reinterpret_cast<const unsigned char*>(nonce.constData()),
            reinterpret_cast<const unsigned char*>(key.constData()))
        != 0)
        return std::nullopt;
    plain.truncate(qsizetype(length));
    return plain;
}

QByteArray rawEncrypt(const QByteArray& key, const QString& id, const QString& provider, const QByteArray& plain)
{
    QByteArray nonce(24, Qt::Uninitialized);
    randombytes_buf(nonce.data(), std::size_t(nonce.size()));
    const QByteArray ad = QStringLiteral("credential:v1:%1:%2").arg(id, provider).toUtf8();
    QByteArray cipher(plain.size() + 16, Qt::Uninitialized);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(cipher.data()), &length,
        reinterpret_cast<const unsigned char*>(plain.constData()), std::size_t(plain.size()),
        reinterpret_cast<const unsigned char*>(ad.constData()), std::size_t(ad.size()), nullptr,
        reinterpret_cast<const unsigned char*>(nonce.constData()),
        reinterpret_cast<const unsigned char*>(key.constData()));
    return QByteArray(1, '\x01') + nonce + cipher;
}

} // namespace

class TestStorageFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void anotherProgramDecryptsTheStore();
    void schemaIsThePublishedOne();
    void theStoreReadsWhatAnotherProgramWrote();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestStorageFormat::initTestCase()
{
    QVERIFY(sodium_init() >= 0);
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("store.sqlite"));
    cm::Result<cm::MasterKey> key = cm::MasterKey::parse(KeyHex, QStringLiteral("test"));
    QVERIFY(key.ok());
    cm::Result<std::unique_ptr<cm::CredentialStore>> store = cm::CredentialStore::open(m_path);
    QVERIFY(store.ok());
    QVERIFY(store.value()
                ->create(key.value(), QStringLiteral("Production"), QStringLiteral("azure-openai"),
                         { { QStringLiteral("endpoint"), QStringLiteral("https://prod.openai.azure.com") },
                           { QStringLiteral("instance_name"), QStringLiteral("prod") },
                           { QStringLiteral("api_key"), QStringLiteral("azure-secret-ü") } })
                .ok());
    QVERIFY(store.value()
                ->create(key.value(), QStringLiteral("Embeddings"), QStringLiteral("azure-openai-embeddings"),
                         { { QStringLiteral("instance_name"), QStringLiteral("emb") },
                           { QStringLiteral("deployment_name"), QStringLiteral("text-embedding-3-small") },
                           { QStringLiteral("api_key"), QStringLiteral("embeddings-secret") } })
                .ok());
}

void TestStorageFormat::anotherProgramDecryptsTheStore()
{
    SqlConnection raw(m_path);
    QSqlQuery meta = raw.query(QStringLiteral("SELECT value FROM meta WHERE key = 'key_id'"));
    QVERIFY(meta.next());
    QCOMPARE(meta.value(0).toString(), rawKeyId(rawKey()));

    QSqlQuery rows = raw.query(QStringLiteral(
        "SELECT id, name, provider, payload, revision, created_at, updated_at FROM credentials ORDER BY name"));
    QMap<QString, QJsonObject> decrypted;
    QString embeddingsId;
    const QRegularExpression uuid(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    while (rows.next()) {
        const QString id = rows.value(0).toString();
        const QString provider = rows.value(2).toString();
        QVERIFY2(uuid.match(id).hasMatch(), qPrintable(id));
        QCOMPARE(rows.value(4).toLongLong(), 1);
        for (int column : { 5, 6 }) {
            const QString stamp = rows.value(column).toString();
            QVERIFY2(stamp.endsWith(QLatin1Char('Z')), qPrintable(stamp));
            QVERIFY(QDateTime::fromString(stamp, Qt::ISODateWithMs).isValid());
        }
        const std::optional<QByteArray> plain = rawDecrypt(rawKey(), id, provider, rows.value(3).toByteArray());
        QVERIFY2(plain, qPrintable(rows.value(1).toString()));
        // The plaintext is the compact UTF-8 JSON object of field keys to strings.
        const QJsonDocument document = QJsonDocument::fromJson(*plain);
        QVERIFY(document.isObject());
        QCOMPARE(*plain, document.toJson(QJsonDocument::Compact));
        decrypted.insert(rows.value(1).toString(), document.object());
        if (provider == QLatin1String("azure-openai-embeddings"))
            embeddingsId = id;
        // Bound to its row: another provider in the additional data does not decrypt it.
        QVERIFY(!rawDecrypt(rawKey(), id, QStringLiteral("custom"), rows.value(3).toByteArray()));
    }
    QCOMPARE(decrypted.size(), 2);
    QCOMPARE(decrypted.value(QStringLiteral("Production")),
             (QJsonObject { { QStringLiteral("endpoint"), QStringLiteral("https://prod.openai.azure.com") },
                            { QStringLiteral("instance_name"), QStringLiteral("prod") },
                            { QStringLiteral("api_key"), QStringLiteral("azure-secret-ü") } }));
    // A field with a default is stored with its value; the empty optional endpoint is left out.
    QCOMPARE(decrypted.value(QStringLiteral("Embeddings")),
             (QJsonObject { { QStringLiteral("instance_name"), QStringLiteral("emb") },
                            { QStringLiteral("deployment_name"), QStringLiteral("text-embedding-3-small") },
                            { QStringLiteral("api_key"), QStringLiteral("embeddings-secret") },
                            { QStringLiteral("api_version"), QStringLiteral("2023-05-15") } }));

    QSqlQuery setting
        = raw.query(QStringLiteral("SELECT value FROM settings WHERE key = 'default_embeddings_credential_id'"));
    QVERIFY(setting.next());
    QCOMPARE(setting.value(0).toString(), embeddingsId);
}

void TestStorageFormat::schemaIsThePublishedOne()
{
    SqlConnection raw(m_path);
    QMap<QString, QString> meta;
    QSqlQuery query = raw.query(QStringLiteral("SELECT key, value FROM meta"));
    while (query.next())
        meta.insert(query.value(0).toString(), query.value(1).toString());
    QCOMPARE(meta.value(QStringLiteral("schema_version")), QStringLiteral("1"));
    QCOMPARE(meta.value(QStringLiteral("format")), QStringLiteral("xchacha20poly1305-v1"));
    QVERIFY(!QUuid::fromString(meta.value(QStringLiteral("store_id"))).isNull());
    QVERIFY(!meta.value(QStringLiteral("store_id")).startsWith(QLatin1Char('{')));
    QCOMPARE(meta.keys(),
             QStringList({ QStringLiteral("format"), QStringLiteral("key_id"), QStringLiteral("schema_version"),
                           QStringLiteral("store_id") }));

    const auto columns = [&](const QString& table) {
        QStringList result;
        QSqlQuery info = raw.query(QStringLiteral("PRAGMA table_info(%1)").arg(table));
        while (info.next()) {
            result.append(QStringLiteral("%1 %2%3%4")
                              .arg(info.value(1).toString(), info.value(2).toString(),
                                   info.value(3).toInt() ? QStringLiteral(" NOT NULL") : QString(),
                                   info.value(5).toInt() ? QStringLiteral(" PRIMARY KEY") : QString()));
        }
        return result;
    };
    QCOMPARE(columns(QStringLiteral("meta")),
             QStringList({ QStringLiteral("key TEXT PRIMARY KEY"), QStringLiteral("value TEXT NOT NULL") }));
    QCOMPARE(columns(QStringLiteral("credentials")),
             QStringList({ QStringLiteral("id TEXT PRIMARY KEY"), QStringLiteral("name TEXT NOT NULL"),
                           QStringLiteral("provider TEXT NOT NULL"), QStringLiteral("payload BLOB NOT NULL"),
                           QStringLiteral("revision INTEGER NOT NULL"), QStringLiteral("created_at TEXT NOT NULL"),
                           QStringLiteral("updated_at TEXT NOT NULL") }));
    QCOMPARE(columns(QStringLiteral("settings")),
             QStringList({ QStringLiteral("key TEXT PRIMARY KEY"), QStringLiteral("value TEXT") }));
    QCOMPARE(columns(QStringLiteral("audit_log")),
             QStringList({ QStringLiteral("id INTEGER PRIMARY KEY"), QStringLiteral("at TEXT NOT NULL"),
                           QStringLiteral("actor TEXT NOT NULL"), QStringLiteral("action TEXT NOT NULL"),
                           QStringLiteral("credential_id TEXT"), QStringLiteral("credential_name TEXT"),
                           QStringLiteral("fields TEXT") }));

    QSqlQuery mode = raw.query(QStringLiteral("PRAGMA journal_mode"));
    QVERIFY(mode.next());
    QCOMPARE(mode.value(0).toString(), QStringLiteral("wal"));

    QSqlQuery audit = raw.query(QStringLiteral("SELECT action, fields FROM audit_log ORDER BY id"));
    QVERIFY(audit.next());
    QCOMPARE(audit.value(0).toString(), QStringLiteral("create"));
    QCOMPARE(audit.value(1).toString(), QStringLiteral(R"(["api_key","endpoint","instance_name"])"));
}

void TestStorageFormat::theStoreReadsWhatAnotherProgramWrote()
{
    // A platform service that writes by the same rules produces a row the store reads.
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    {
        SqlConnection raw(m_path);
        QSqlQuery insert(raw.db());
        insert.prepare(QStringLiteral("INSERT INTO credentials (id, name, provider, payload, revision, created_at, "
                                      "updated_at) VALUES (?, 'Written elsewhere', 'mistral', ?, 1, ?, ?)"));
        insert.addBindValue(id);
        insert.addBindValue(rawEncrypt(rawKey(), id, QStringLiteral("mistral"), R"({"api_key":"mistral-secret"})"));
        insert.addBindValue(now);
        insert.addBindValue(now);
        QVERIFY(insert.exec());
    }
    cm::Result<cm::MasterKey> key = cm::MasterKey::parse(KeyHex, QStringLiteral("test"));
    QVERIFY(key.ok());
    cm::Result<std::unique_ptr<cm::CredentialStore>> store = cm::CredentialStore::open(m_path);
    QVERIFY(store.ok());
    cm::Result<cm::Credential> credential = store.value()->read(key.value(), id);
    QVERIFY(credential.ok());
    QCOMPARE(credential->summary.name, QStringLiteral("Written elsewhere"));
    QCOMPARE(credential->fields.value(QStringLiteral("api_key")), QStringLiteral("mistral-secret"));
}

QTEST_GUILESS_MAIN(TestStorageFormat)
#include "TestStorageFormat.moc"
