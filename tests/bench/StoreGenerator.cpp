#include "StoreGenerator.h"

#include "crypto/PayloadCipher.h"
#include "registry/CredentialValidator.h"
#include "registry/ProviderRegistry.h"
#include "store/Actor.h"
#include "store/CredentialStore.h"
#include "store/SqlDialect.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace cm::bench {

namespace {

QString randomText(int length, QLatin1String alphabet)
{
    QString text(length, Qt::Uninitialized);
    for (int i = 0; i < length; ++i)
        text[i] = QLatin1Char(alphabet[int(QRandomGenerator::global()->bounded(alphabet.size()))]);
    return text;
}

QString apiKey()
{
    static const QLatin1String alphanumeric("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    return randomText(48 + int(QRandomGenerator::global()->bounded(17)), alphanumeric);
}

QString base64Url(const QByteArray& bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Header, claims and a 64-byte signature: about 400 characters, like an IONOS API token.
QString jwtLikeToken()
{
    const QByteArray header
        = R"({"typ":"JWT","kid":")" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + R"(","alg":"ES256"})";
    const qint64 issued = QDateTime::currentSecsSinceEpoch();
    const QByteArray claims = R"({"iss":"ionoscloud","iat":)" + QByteArray::number(issued) + R"(,"exp":)"
        + QByteArray::number(issued + 365 * 86400) + R"(,"client":"USER","identity":{"contractNumber":)"
        + QByteArray::number(30000000 + QRandomGenerator::global()->bounded(999999)) + R"(,"role":"owner","uuid":")"
        + QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + R"(","privileges":["ACCESS_AND_MANAGE_AI"]}})";
    QByteArray signature(64, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32*>(signature.data()), 16);
    return base64Url(header) + QLatin1Char('.') + base64Url(claims) + QLatin1Char('.') + base64Url(signature);
}

QString number(int value, int width)
{
    return QStringLiteral("%1").arg(value, width, 10, QLatin1Char('0'));
}

// A new store at `path`, bound to `key` as the application creates it.
Result<std::unique_ptr<CredentialStore>> createStore(const QString& path, const MasterKey& key)
{
    CredentialStore::Options options;
    options.mode = CredentialStore::OpenMode::CreateIfMissing;
    options.key = &key;
    return CredentialStore::open(path, options);
}

} // namespace

Credential makeAzureCredential(const QString& name)
{
    const QString resource = QStringLiteral("res-") + number(int(QRandomGenerator::global()->bounded(1000)), 3);
    Credential credential;
    credential.summary.name = name;
    credential.summary.provider = QStringLiteral("azure-openai");
    credential.fields = FieldValues { { QStringLiteral("endpoint"),
                                        QStringLiteral("https://") + resource + QStringLiteral(".openai.azure.com/") },
                                      { QStringLiteral("instance_name"), resource },
                                      { QStringLiteral("api_key"), apiKey() } };
    return credential;
}

QList<Credential> makeCredentials(int count, int first)
{
    static const QLatin1String models[]
        = { QLatin1String("gpt-4o"), QLatin1String("gpt-4o-mini"), QLatin1String("o3-mini"), QLatin1String("gpt-4.1") };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Credential> credentials;
    credentials.reserve(count);
    for (int n = first; n < first + count; ++n) {
        // One name in a hundred is outside ASCII, as team names in several languages are: the
        // name check treats those separately.
        const QString team
            = (n % 100 == 7 ? QString::fromUtf8("équipe-") : QStringLiteral("team-")) + number(n % 500, 3);
        const QString serial = number(n, 6); // names are unique; the team repeats, as in real stores
        const QString resource = QStringLiteral("res-") + number(n % 1000, 3);
        Credential credential;
        switch (n % 5) {
        case 0:
            credential = makeAzureCredential(team + QStringLiteral(" azure ") + models[(n / 5) % 4] + QLatin1Char(' ')
                                             + serial);
            credential.fields.insert(QStringLiteral("endpoint"),
                                     QStringLiteral("https://") + resource + QStringLiteral(".openai.azure.com/"));
            credential.fields.insert(QStringLiteral("instance_name"), resource);
            break;
        case 1:
            credential.summary.name = team + QStringLiteral(" embeddings ") + serial;
            credential.summary.provider = QStringLiteral("azure-openai-embeddings");
            credential.fields = FieldValues { { QStringLiteral("instance_name"), QStringLiteral("emb-") + resource },
                                              { QStringLiteral("deployment_name"),
                                                QStringLiteral("text-embedding-3-small-") + number(n % 100, 2) },
                                              { QStringLiteral("api_key"), apiKey() },
                                              { QStringLiteral("api_version"), QStringLiteral("2023-05-15") } };
            if (n % 3 == 0) // some behind a proxy, most on the default endpoint
                credential.fields.insert(QStringLiteral("endpoint"),
                                         QStringLiteral("https://proxy-") + resource
                                             + QStringLiteral(".example.com/azure"));
            break;
        case 2:
            credential.summary.name = team + QStringLiteral(" mistral ") + serial;
            credential.summary.provider = QStringLiteral("mistral");
            credential.fields = FieldValues { { QStringLiteral("api_key"), apiKey() } };
            break;
        case 3:
            credential.summary.name = team + QStringLiteral(" ionos ") + serial;
            credential.summary.provider = QStringLiteral("ionos");
            credential.fields = FieldValues { { QStringLiteral("token"), jwtLikeToken() } };
            break;
        default:
            credential.summary.name = team + QStringLiteral(" custom llm ") + serial;
            credential.summary.provider = QStringLiteral("custom");
            credential.fields = FieldValues { { QStringLiteral("api_key"), apiKey() },
                                              { QStringLiteral("endpoint"),
                                                QStringLiteral("https://llm-") + resource
                                                    + QStringLiteral(".internal.example.com/v1") } };
            break;
        }
        // Updated at some point in the last two years, so sorting by date has work to do.
        const qint64 age = qint64(QRandomGenerator::global()->bounded(2 * 365 * 86400));
        credential.summary.updatedAt = now.addSecs(-age);
        credential.summary.createdAt
            = credential.summary.updatedAt.addSecs(-qint64(QRandomGenerator::global()->bounded(30 * 86400)));
        credentials.append(std::move(credential));
    }
    return credentials;
}

Result<void> generateStore(const QString& path, int count, const MasterKey& key)
{
    Result<std::unique_ptr<CredentialStore>> store = createStore(path, key);
    if (!store)
        return store.error();
    Result<CredentialStore::ImportSummary> imported
        = store.value()->importAll(key, makeCredentials(count), CredentialStore::ConflictPolicy::Fail);
    if (!imported)
        return imported.error();
    if (imported->added != count)
        return makeError(ErrorCode::Corrupt,
                         QStringLiteral("importAll added %1 of %2").arg(imported->added).arg(count));
    return {};
}

Result<void> writeStoreDirectly(const QString& path, int count, const MasterKey& key)
{
    {
        Result<std::unique_ptr<CredentialStore>> store = createStore(path, key);
        if (!store)
            return store.error();
        if (Result<void> bound = store.value()->bindKey(key); !bound)
            return bound.error();
    }
    const QString connection = QStringLiteral("bench-direct-writer");
    const Result<void> result = [&]() -> Result<void> {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        const auto failed = [](const QSqlError& error) {
            return makeError(ErrorCode::Io, QStringLiteral("direct writer: ") + error.text());
        };
        QSqlQuery query(db);
        QSqlQuery insert(db);
        QSqlQuery audit(db);
        if (!db.open())
            return failed(db.lastError());
        for (const QString& statement :
             { QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL"),
               QStringLiteral("BEGIN IMMEDIATE") })
            if (!query.exec(statement))
                return failed(query.lastError());
        insert.prepare(QStringLiteral("INSERT INTO credentials (id, name, provider, payload, revision, created_at, "
                                      "updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)"));
        audit.prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action, credential_id, credential_name, "
                                     "fields) VALUES (?, ?, 'import', ?, ?, ?)"));
        const QString actor = currentActor();
        QString newestEmbeddings;
        QDateTime newestTime;
        for (const Credential& credential : makeCredentials(count)) {
            const ProviderSpec* provider = ProviderRegistry::builtin().provider(credential.summary.provider);
            Result<FieldValues> fields = provider ? CredentialValidator::validateFields(*provider, credential.fields)
                                                  : Result<FieldValues>(makeError(ErrorCode::Validation, {}));
            if (!fields)
                return makeError(
                    ErrorCode::Validation,
                    QStringLiteral("direct writer: %1: %2").arg(credential.summary.name, fields.error().message));
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
            insert.addBindValue(id);
            insert.addBindValue(credential.summary.name);
            insert.addBindValue(credential.summary.provider);
            insert.addBindValue(PayloadCipher::encrypt(key, id, credential.summary.provider, fields->toJson()));
            insert.addBindValue(credential.summary.createdAt.toUTC().toString(Qt::ISODateWithMs));
            insert.addBindValue(credential.summary.updatedAt.toUTC().toString(Qt::ISODateWithMs));
            if (!insert.exec())
                return failed(insert.lastError());
            QStringList keys = fields->keys();
            keys.sort();
            audit.addBindValue(now);
            audit.addBindValue(actor);
            audit.addBindValue(id);
            audit.addBindValue(credential.summary.name);
            audit.addBindValue(
                QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(keys)).toJson(QJsonDocument::Compact)));
            if (!audit.exec())
                return failed(audit.lastError());
            if (provider->defaultEmbeddings
                && (newestEmbeddings.isEmpty() || credential.summary.updatedAt > newestTime)) {
                newestEmbeddings = id;
                newestTime = credential.summary.updatedAt;
            }
        }
        // importAll creates the name indexes in its transaction; so does this writer.
        for (const QString& statement : SqlDialect::forLocation(path).nameIndexStatements())
            if (!query.exec(statement))
                return failed(query.lastError());
        if (!newestEmbeddings.isEmpty()) {
            query.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES "
                                         "('default_embeddings_credential_id', ?) "
                                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
            query.addBindValue(newestEmbeddings);
            if (!query.exec())
                return failed(query.lastError());
        }
        if (!query.exec(QStringLiteral("COMMIT")))
            return failed(query.lastError());
        return {};
    }();
    QSqlDatabase::removeDatabase(connection);
    return result;
}

} // namespace cm::bench
