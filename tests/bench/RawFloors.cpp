#include "RawFloors.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <sodium.h>

namespace cm::bench {

namespace {

const QString Connection = QStringLiteral("bench-raw-floor");

Error sqlFailure(const QSqlError& error)
{
    return makeError(ErrorCode::Io, QStringLiteral("raw floor: ") + error.text());
}

// Opens the connection with the store's own session PRAGMAs.
Result<QSqlDatabase> openRaw(const QString& path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), Connection);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return sqlFailure(db.lastError());
    QSqlQuery pragma(db);
    for (const QString& statement :
         { QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL") })
        if (!pragma.exec(statement))
            return sqlFailure(pragma.lastError());
    return db;
}

QByteArray additionalData(const QString& id, const QString& provider)
{
    return QStringLiteral("credential:v1:%1:%2").arg(id, provider).toUtf8();
}

QByteArray seal(const unsigned char* key, const QByteArray& ad, const unsigned char* plain, size_t plainLength)
{
    QByteArray payload(
        int(1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plainLength + crypto_aead_xchacha20poly1305_ietf_ABYTES),
        Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(payload.data());
    out[0] = 0x01;
    randombytes_buf(out + 1, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long cipherLength = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &cipherLength,
                                               plain, plainLength, reinterpret_cast<const unsigned char*>(ad.data()),
                                               size_t(ad.size()), nullptr, out + 1, key);
    return payload;
}

QString keyIdOf(const unsigned char* key)
{
    unsigned char id[16];
    static const char message[] = "credential-store key id v1";
    crypto_generichash(id, sizeof id, reinterpret_cast<const unsigned char*>(message), sizeof message - 1, key, 32);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(id), sizeof id).toHex());
}

template<typename Body>
auto withConnection(const QString& path, Body body) -> decltype(body(std::declval<QSqlDatabase&>()))
{
    decltype(body(std::declval<QSqlDatabase&>())) result = makeError(ErrorCode::Io, QString());
    {
        Result<QSqlDatabase> db = openRaw(path);
        if (!db)
            result = db.error();
        else
            result = body(db.value());
    }
    QSqlDatabase::removeDatabase(Connection);
    return result;
}

} // namespace

Result<std::vector<double>> rawAdd(const QString& path, const unsigned char* key, const QList<Credential>& credentials,
                                   const std::function<void(qsizetype)>& after)
{
    return withConnection(path, [&](QSqlDatabase& db) -> Result<std::vector<double>> {
        QSqlQuery control(db);
        QSqlQuery insert(db);
        QSqlQuery audit(db);
        if (!insert.prepare(QStringLiteral("INSERT INTO credentials (id, name, provider, payload, revision, "
                                           "created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)")))
            return sqlFailure(insert.lastError());
        if (!audit.prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action, credential_id, "
                                          "credential_name, fields) VALUES (?, ?, 'create', ?, ?, ?)")))
            return sqlFailure(audit.lastError());
        const QString actor = qEnvironmentVariable("USER", QStringLiteral("bench"));
        std::vector<double> seconds;
        for (const Credential& credential : credentials) {
            QElapsedTimer timer;
            timer.start();
            if (!control.exec(QStringLiteral("BEGIN IMMEDIATE")))
                return sqlFailure(control.lastError());
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
            QJsonObject object;
            for (auto it = credential.fields.map().cbegin(); it != credential.fields.map().cend(); ++it)
                object.insert(it.key(), it.value());
            const QByteArray plain = QJsonDocument(object).toJson(QJsonDocument::Compact);
            const QByteArray payload
                = seal(key, additionalData(id, credential.summary.provider),
                       reinterpret_cast<const unsigned char*>(plain.constData()), size_t(plain.size()));
            insert.addBindValue(id);
            insert.addBindValue(credential.summary.name);
            insert.addBindValue(credential.summary.provider);
            insert.addBindValue(payload);
            insert.addBindValue(now);
            insert.addBindValue(now);
            if (!insert.exec())
                return sqlFailure(insert.lastError());
            audit.addBindValue(now);
            audit.addBindValue(actor);
            audit.addBindValue(id);
            audit.addBindValue(credential.summary.name);
            audit.addBindValue(QString::fromUtf8(
                QJsonDocument(QJsonArray::fromStringList(credential.fields.keys())).toJson(QJsonDocument::Compact)));
            if (!audit.exec())
                return sqlFailure(audit.lastError());
            if (!control.exec(QStringLiteral("COMMIT")))
                return sqlFailure(control.lastError());
            seconds.push_back(double(timer.nsecsElapsed()) / 1e9);
            if (after)
                after(qsizetype(seconds.size()) - 1);
        }
        return seconds;
    });
}

Result<int> rawRotate(const QString& path, const unsigned char* current, const unsigned char* next)
{
    return withConnection(path, [&](QSqlDatabase& db) -> Result<int> {
        QSqlQuery control(db);
        if (!control.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return sqlFailure(control.lastError());
        QSqlQuery select(db);
        select.setForwardOnly(true);
        QSqlQuery update(db);
        if (!select.prepare(QStringLiteral("SELECT rowid, id, provider, payload FROM credentials WHERE rowid > ? "
                                           "ORDER BY rowid LIMIT 256"))
            || !update.prepare(QStringLiteral("UPDATE credentials SET payload = ? WHERE rowid = ?")))
            return sqlFailure(select.lastError().isValid() ? select.lastError() : update.lastError());
        struct Reencrypted
        {
            qint64 rowid;
            QByteArray payload;
        };
        std::vector<Reencrypted> batch;
        std::vector<unsigned char> plain;
        qint64 after = -1;
        int rotated = 0;
        for (;;) {
            // The batch is read to its end before it is written: no UPDATE while the SELECT is open.
            batch.clear();
            select.addBindValue(after);
            if (!select.exec())
                return sqlFailure(select.lastError());
            while (select.next()) {
                const qint64 rowid = select.value(0).toLongLong();
                const QByteArray ad = additionalData(select.value(1).toString(), select.value(2).toString());
                const QByteArray old = select.value(3).toByteArray();
                const auto* bytes = reinterpret_cast<const unsigned char*>(old.constData());
                const size_t headerLength = 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
                if (size_t(old.size()) < headerLength + crypto_aead_xchacha20poly1305_ietf_ABYTES || bytes[0] != 0x01)
                    return makeError(ErrorCode::Corrupt, QStringLiteral("raw floor: bad payload"));
                plain.resize(size_t(old.size()));
                unsigned long long plainLength = 0;
                if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                        plain.data(), &plainLength, nullptr, bytes + headerLength, size_t(old.size()) - headerLength,
                        reinterpret_cast<const unsigned char*>(ad.constData()), size_t(ad.size()), bytes + 1, current)
                    != 0)
                    return makeError(ErrorCode::Corrupt, QStringLiteral("raw floor: payload does not decrypt"));
                batch.push_back({ rowid, seal(next, ad, plain.data(), size_t(plainLength)) });
                sodium_memzero(plain.data(), plain.size());
                after = rowid;
            }
            select.finish();
            if (batch.empty())
                break;
            for (const Reencrypted& row : batch) {
                update.addBindValue(row.payload);
                update.addBindValue(row.rowid);
                if (!update.exec())
                    return sqlFailure(update.lastError());
            }
            rotated += int(batch.size());
        }
        QSqlQuery meta(db);
        meta.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'key_id'"));
        meta.addBindValue(keyIdOf(next));
        if (!meta.exec())
            return sqlFailure(meta.lastError());
        QSqlQuery audit(db);
        audit.prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action) VALUES (?, ?, 'rotate-key')"));
        audit.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        audit.addBindValue(qEnvironmentVariable("USER", QStringLiteral("bench")));
        if (!audit.exec())
            return sqlFailure(audit.lastError());
        if (!control.exec(QStringLiteral("COMMIT")))
            return sqlFailure(control.lastError());
        return rotated;
    });
}

} // namespace cm::bench
