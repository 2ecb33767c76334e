#include "support/SqlConnection.h"

#include <QSqlError>
#include <QSqlRecord>
#include <QUrl>
#include <QUuid>

#include <algorithm>

namespace cm::test {

namespace {

// The rows of a two-column result as a map: the first column (as text) -> the second, converted.
template<typename Value> QMap<QString, Value> keyed(QSqlQuery rows, Value (QVariant::*convert)() const)
{
    QMap<QString, Value> result;
    while (rows.next())
        result.insert(rows.value(0).toString(), (rows.value(1).*convert)());
    return result;
}

} // namespace

SqlConnection::SqlConnection(const QString& location, const QString& connectOptions)
    : m_name(QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_postgres(location.startsWith(QLatin1String("postgresql://"))
                 || location.startsWith(QLatin1String("postgres://")))
{
    QSqlDatabase db
        = QSqlDatabase::addDatabase(m_postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
    if (m_postgres) {
        const QUrl url(location, QUrl::StrictMode);
        db.setDatabaseName(url.path().mid(1));
        db.setHostName(url.host());
        if (url.port() != -1)
            db.setPort(url.port());
        db.setUserName(url.userName());
    } else {
        db.setDatabaseName(location);
    }
    if (!connectOptions.isEmpty())
        db.setConnectOptions(connectOptions);
    m_open = db.open();
    if (!m_open)
        m_lastError = db.lastError().text();
}

SqlConnection::~SqlConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

QSqlDatabase SqlConnection::db() const
{
    return QSqlDatabase::database(m_name, false);
}

bool SqlConnection::exec(const QString& statement, const QVariantList& values) const
{
    bool ok = false;
    executed(statement, values, &ok);
    return ok;
}

QVariant SqlConnection::scalar(const QString& statement, const QVariantList& values) const
{
    bool ok = false;
    QSqlQuery result = executed(statement, values, &ok);
    return ok && result.next() ? result.value(0) : QVariant();
}

QStringList SqlConnection::column(const QString& statement) const
{
    QStringList values;
    QSqlQuery result = executed(statement);
    while (result.next())
        values.append(result.value(0).toString());
    return values;
}

QSqlQuery SqlConnection::query(const QString& statement) const
{
    bool ok = false;
    QSqlQuery result = executed(statement, {}, &ok);
    if (!ok)
        qWarning("query failed: %s", qPrintable(statement));
    return result;
}

QMap<QString, QString> SqlConnection::meta() const
{
    return keyed(executed(QStringLiteral("SELECT key, value FROM meta")), &QVariant::toString);
}

QStringList SqlConnection::columns(const QString& table) const
{
    QStringList result;
    if (m_postgres) {
        QSqlQuery info = executed(
            QStringLiteral("SELECT c.column_name, c.data_type, c.is_nullable, "
                           "EXISTS (SELECT 1 FROM information_schema.table_constraints t "
                           "JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name "
                           "AND k.table_schema = t.table_schema AND k.table_name = t.table_name "
                           "WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema "
                           "AND t.table_name = c.table_name AND k.column_name = c.column_name) "
                           "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
                           "AND c.table_name = ? ORDER BY c.ordinal_position"),
            { table });
        while (info.next()) {
            // Like SQLite's table_info, a primary key column is not reported as NOT NULL.
            const bool primaryKey = info.value(3).toBool();
            const bool notNull = !primaryKey && info.value(2).toString() == QLatin1String("NO");
            result.append(QStringLiteral("%1 %2 %3 %4")
                              .arg(info.value(0).toString(), info.value(1).toString().toUpper(),
                                   QString::number(int(notNull)), QString::number(int(primaryKey))));
        }
        return result;
    }
    QSqlQuery info = executed(QStringLiteral("PRAGMA table_info(%1)").arg(table));
    while (info.next()) {
        result.append(QStringLiteral("%1 %2 %3 %4")
                          .arg(info.value(1).toString(), info.value(2).toString().toUpper(), info.value(3).toString(),
                               info.value(5).toString()));
    }
    return result;
}

QMap<QString, QByteArray> SqlConnection::payloads() const
{
    return keyed(executed(QStringLiteral("SELECT id, payload FROM credentials")), &QVariant::toByteArray);
}

QStringList SqlConnection::tables() const
{
    QStringList names = column(
        m_postgres
            ? QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"));
    names.sort();
    return names;
}

QMap<QString, QByteArray> SqlConnection::contents() const
{
    QMap<QString, QByteArray> result;
    for (const QString& table : tables()) {
        QByteArray text = columns(table).join(QLatin1Char(',')).toUtf8() + '\n';
        QByteArrayList rows;
        QSqlQuery query = executed(QStringLiteral("SELECT * FROM %1").arg(table));
        while (query.next()) {
            QByteArray row;
            const QSqlRecord record = query.record();
            for (int i = 0; i < record.count(); ++i) {
                const QVariant value = query.value(i);
                // Length-prefixed raw bytes: unambiguous, and searchable for text that must not be there.
                const QByteArray bytes = value.toByteArray();
                row += value.isNull() ? QByteArray("NULL|") : QByteArray::number(bytes.size()) + ':' + bytes + '|';
            }
            rows.append(row);
        }
        if (query.lastError().isValid())
            rows.append("<unreadable: " + query.lastError().text().toUtf8() + '>');
        std::sort(rows.begin(), rows.end());
        result.insert(table, text + rows.join('\n'));
    }
    return result;
}

QSqlQuery SqlConnection::executed(const QString& statement, const QVariantList& values, bool* ok) const
{
    QSqlQuery query(db());
    bool ran = false;
    if (m_postgres && values.isEmpty()) {
        // PostgreSQL cannot prepare some statements (CREATE DATABASE, BEGIN): those run as they are.
        ran = query.exec(statement);
    } else {
        ran = query.prepare(statement);
        for (const QVariant& value : values)
            query.addBindValue(value);
        ran = ran && query.exec();
    }
    m_lastError = ran ? QString() : query.lastError().text();
    if (ok)
        *ok = ran;
    return query;
}

} // namespace cm::test
