#include "StoreWatcher.h"

#include "crypto/SecureBuffer.h"
#include "store/CredentialStore.h"

#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QUuid>

namespace cm {

StoreWatcher::StoreWatcher(const QString& location, const QString& password, QObject* parent)
    : QObject(parent)
    , m_location(location)
    , m_password(password)
    , m_dialect(SqlDialect::forLocation(location))
    , m_connectionName(QStringLiteral("cm-watch-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    QObject::connect(&m_timer, &QTimer::timeout, this, &StoreWatcher::poll);
    m_timer.start(PollIntervalMs);
    poll();
    m_initial = false;
}

StoreWatcher::~StoreWatcher()
{
    disconnect();
    wipe(m_password);
}

void StoreWatcher::poll()
{
    if (!m_watching && !connect())
        return;
    if (!m_dialect.isFile()) {
        // Notifications arrive by themselves; the timer only notices a lost connection.
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (!db.isOpen() || db.isOpenError()) {
            disconnect();
            Q_EMIT changed(); // whatever happened meanwhile is unknown
        }
        return;
    }
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.exec(QStringLiteral("PRAGMA data_version")) || !query.next())
        return; // busy or gone: try again at the next tick
    const qint64 version = query.value(0).toLongLong();
    if (m_dataVersion != -1 && version != m_dataVersion)
        Q_EMIT changed();
    m_dataVersion = version;
}

bool StoreWatcher::connect()
{
    // Opening a SQLite file that is not there would create it.
    if (m_dialect.isFile() && !QFileInfo::exists(m_location))
        return false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), m_connectionName);
        if (!m_dialect.configure(db, m_location, CredentialStore::DefaultBusyTimeoutMs, m_password) || !db.open()) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
        if (!m_dialect.isFile()) {
            if (!db.driver()->subscribeToNotification(QString::fromLatin1(SqlDialect::NotifyChannel))) {
                db.close();
                db = QSqlDatabase();
                QSqlDatabase::removeDatabase(m_connectionName);
                return false;
            }
            QObject::connect(db.driver(),
                             QOverload<const QString&, QSqlDriver::NotificationSource, const QVariant&>::of(
                                 &QSqlDriver::notification),
                             this, [this] { Q_EMIT changed(); });
        }
    }
    m_watching = true;
    m_dataVersion = -1;
    // A store that appeared, or a server that came back, may hold anything by now.
    if (!m_initial)
        Q_EMIT changed();
    return true;
}

void StoreWatcher::disconnect()
{
    m_watching = false;
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen() && !m_dialect.isFile())
            db.driver()->unsubscribeFromNotification(QString::fromLatin1(SqlDialect::NotifyChannel));
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

} // namespace cm
