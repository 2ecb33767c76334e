#include "ExportFile.h"

#include "crypto/Sodium.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace cm {

namespace {

const QString FormatName = QStringLiteral("credential-manager-export");
const QString KdfName = QStringLiteral("argon2id13");
const QByteArray AdditionalData = "credential-manager-export:v1";
const QByteArray CheckMessage = "export passphrase check";
constexpr std::size_t KeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr std::size_t NonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t TagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t CheckBytes = 16;

const unsigned char* bytes(const QByteArray& array)
{
    return reinterpret_cast<const unsigned char*>(array.constData());
}

std::optional<SecureBuffer> deriveKey(const SecureBuffer& passphrase, const QByteArray& salt, ExportFile::KdfCost cost)
{
    SecureBuffer key(KeyBytes);
    // An empty passphrase has no memory, and crypto_pwhash takes no null pointer (UBSan).
    const char none = 0;
    const char* password = passphrase.isEmpty() ? &none : reinterpret_cast<const char*>(passphrase.data());
    if (crypto_pwhash(key.data(), KeyBytes, password, passphrase.size(), bytes(salt), cost.opslimit, cost.memlimit,
                      crypto_pwhash_ALG_ARGON2ID13)
        != 0)
        return std::nullopt; // out of memory
    return key;
}

QByteArray checkValue(const SecureBuffer& key)
{
    QByteArray check(CheckBytes, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char*>(check.data()), CheckBytes, bytes(CheckMessage),
                       std::size_t(CheckMessage.size()), key.data(), key.size());
    return check;
}

QString base64(const QByteArray& data)
{
    return QString::fromLatin1(data.toBase64());
}

std::optional<QByteArray> fromBase64(const QJsonValue& value)
{
    if (!value.isString())
        return std::nullopt;
    const QByteArray text = value.toString().toLatin1();
    auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    // Only the canonical encoding is accepted, so that no changed byte of the file goes unnoticed.
    if (!decoded || (*decoded).toBase64() != text)
        return std::nullopt;
    return *decoded;
}

} // namespace

ExportFile::KdfCost ExportFile::defaultCost()
{
    return { crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE };
}

ExportFile::KdfCost ExportFile::minimumCost()
{
    return { crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN };
}

Result<QByteArray> ExportFile::write(const QList<Credential>& credentials, const SecureBuffer& passphrase, KdfCost cost)
{
    ensureSodium();
    QJsonArray records;
    for (const Credential& credential : credentials) {
        QJsonObject fields;
        for (auto it = credential.fields.map().cbegin(); it != credential.fields.map().cend(); ++it)
            fields.insert(it.key(), it.value());
        records.append(QJsonObject {
            { QStringLiteral("name"), credential.summary.name },
            { QStringLiteral("provider"), credential.summary.provider },
            { QStringLiteral("fields"), fields },
            { QStringLiteral("created_at"), credential.summary.createdAt.toUTC().toString(Qt::ISODateWithMs) },
            { QStringLiteral("updated_at"), credential.summary.updatedAt.toUTC().toString(Qt::ISODateWithMs) },
        });
    }
    QByteArray json = QJsonDocument(records).toJson(QJsonDocument::Compact);
    const SecureBuffer plaintext = SecureBuffer::copyOf(json);
    wipe(json);

    QByteArray salt(crypto_pwhash_SALTBYTES, Qt::Uninitialized);
    randombytes_buf(salt.data(), std::size_t(salt.size()));
    QByteArray nonce(NonceBytes, Qt::Uninitialized);
    randombytes_buf(nonce.data(), std::size_t(nonce.size()));
    const std::optional<SecureBuffer> key = deriveKey(passphrase, salt, cost);
    if (!key)
        return makeError(ErrorCode::Io, tr("There is not enough memory to derive the export key from the passphrase."));
    QByteArray ciphertext(qsizetype(plaintext.size() + TagBytes), Qt::Uninitialized);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(ciphertext.data()), &written,
                                               plaintext.data(), plaintext.size(), bytes(AdditionalData),
                                               std::size_t(AdditionalData.size()), nullptr, bytes(nonce), key->data());

    const QJsonObject file {
        { QStringLiteral("format"), FormatName },
        { QStringLiteral("version"), Version },
        { QStringLiteral("kdf"),
          QJsonObject {
              { QStringLiteral("alg"), KdfName },
              { QStringLiteral("opslimit"), qint64(cost.opslimit) },
              { QStringLiteral("memlimit"), qint64(cost.memlimit) },
              { QStringLiteral("salt"), base64(salt) },
          } },
        { QStringLiteral("check"), base64(checkValue(*key)) },
        { QStringLiteral("nonce"), base64(nonce) },
        { QStringLiteral("ciphertext"), base64(ciphertext) },
    };
    return QJsonDocument(file).toJson(QJsonDocument::Indented);
}

Result<QList<Credential>> ExportFile::read(const QByteArray& file, const SecureBuffer& passphrase,
                                           const QString& fileName)
{
    ensureSodium();
    const QString name = QDir::toNativeSeparators(fileName);
    const auto damaged = [&] {
        return makeError(ErrorCode::Corrupt,
                         tr("%1 is not an AI Credential Manager export file or is damaged; use an intact copy of "
                            "the export.")
                             .arg(name));
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return damaged();
    const QJsonObject object = document.object();
    if (object.value(QLatin1String("format")).toString() != FormatName)
        return damaged();
    const QJsonValue version = object.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() < 1)
        return damaged();
    if (version.toDouble() > Version)
        return makeError(ErrorCode::Corrupt,
                         tr("%1 was exported by a newer version of AI Credential Manager; update it to import this "
                            "file.")
                             .arg(name));

    const QJsonObject kdf = object.value(QLatin1String("kdf")).toObject();
    const QJsonValue opslimit = kdf.value(QLatin1String("opslimit"));
    const QJsonValue memlimit = kdf.value(QLatin1String("memlimit"));
    const std::optional<QByteArray> salt = fromBase64(kdf.value(QLatin1String("salt")));
    const std::optional<QByteArray> check = fromBase64(object.value(QLatin1String("check")));
    const std::optional<QByteArray> nonce = fromBase64(object.value(QLatin1String("nonce")));
    const std::optional<QByteArray> ciphertext = fromBase64(object.value(QLatin1String("ciphertext")));
    // The cost is bounded so that a hostile file cannot ask for gigabytes or hours.
    const auto within = [](const QJsonValue& value, double low, double high) {
        return value.isDouble() && value.toDouble() >= low && value.toDouble() <= high
            && value.toDouble() == double(qint64(value.toDouble()));
    };
    if (kdf.value(QLatin1String("alg")).toString() != KdfName
        || !within(opslimit, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_OPSLIMIT_SENSITIVE)
        || !within(memlimit, crypto_pwhash_MEMLIMIT_MIN, crypto_pwhash_MEMLIMIT_SENSITIVE)
        // Argon2 counts whole KiB: any other memlimit would derive the same key as a changed file.
        || qint64(memlimit.toDouble()) % 1024 != 0 || !salt || salt->size() != qsizetype(crypto_pwhash_SALTBYTES)
        || !check || check->size() != qsizetype(CheckBytes) || !nonce || nonce->size() != qsizetype(NonceBytes)
        || !ciphertext || ciphertext->size() < qsizetype(TagBytes))
        return damaged();

    const std::optional<SecureBuffer> key
        = deriveKey(passphrase, *salt, { (unsigned long long)opslimit.toDouble(), std::size_t(memlimit.toDouble()) });
    if (!key)
        return makeError(ErrorCode::Io, tr("There is not enough memory to open %1.").arg(name));
    if (sodium_memcmp(checkValue(*key).constData(), check->constData(), CheckBytes) != 0)
        return makeError(ErrorCode::WrongPassphrase,
                         tr("The passphrase does not open %1; enter the passphrase it was exported with (if that one "
                            "fails too, the file's header was altered).")
                             .arg(name));

    SecureBuffer plaintext(std::size_t(ciphertext->size()) - TagBytes);
    unsigned char empty = 0;
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext.isEmpty() ? &empty : plaintext.data(), &length, nullptr,
                                                   bytes(*ciphertext), std::size_t(ciphertext->size()),
                                                   bytes(AdditionalData), std::size_t(AdditionalData.size()),
                                                   bytes(*nonce), key->data())
        != 0)
        return damaged();

    const QByteArray raw
        = QByteArray::fromRawData(reinterpret_cast<const char*>(plaintext.data()), qsizetype(plaintext.size()));
    const QJsonDocument content = QJsonDocument::fromJson(raw, &parseError);
    if (parseError.error != QJsonParseError::NoError || !content.isArray())
        return damaged();
    QList<Credential> credentials;
    for (const QJsonValue value : content.array()) {
        const QJsonObject record = value.toObject();
        Credential credential;
        credential.summary.name = record.value(QLatin1String("name")).toString();
        credential.summary.provider = record.value(QLatin1String("provider")).toString();
        credential.summary.createdAt
            = QDateTime::fromString(record.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs);
        credential.summary.updatedAt
            = QDateTime::fromString(record.value(QLatin1String("updated_at")).toString(), Qt::ISODateWithMs);
        const QJsonObject fields = record.value(QLatin1String("fields")).toObject();
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
            if (!it.value().isString())
                return damaged();
            credential.fields.insert(it.key(), it.value().toString());
        }
        if (credential.summary.name.isEmpty() || credential.summary.provider.isEmpty())
            return damaged();
        credentials.append(std::move(credential));
    }
    return credentials;
}

} // namespace cm
