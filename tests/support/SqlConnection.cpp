#include "support/SqlConnection.h"

#include <QSqlError>
#include <QUuid>

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

SqlConnection::SqlConnection(const QString& path, const QString& connectOptions)
    : m_name(QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    db.setDatabaseName(path);
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

QSqlQuery SqlConnection::executed(const QString& statement, const QVariantList& values, bool* ok) const
{
    QSqlQuery query(db());
    bool ran = query.prepare(statement);
    for (const QVariant& value : values)
        query.addBindValue(value);
    ran = ran && query.exec();
    m_lastError = ran ? QString() : query.lastError().text();
    if (ok)
        *ok = ran;
    return query;
}

} // namespace cm::test
