#pragma once

#include "store/SqlDialect.h"

#include <QObject>
#include <QString>
#include <QTimer>

namespace cm {

// Tells when the store changed, whoever changed it: another window, credctl, a platform
// service on another machine. SQLite: PRAGMA data_version on a connection of its own, polled
// (it moves when any other connection commits). PostgreSQL: LISTEN on the channel every write
// notifies at commit. It only reads; a store that does not exist yet is waited for, not made.
class StoreWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int PollIntervalMs = 500;

    // `password`: for a PostgreSQL store whose password was typed (none from libpq's sources).
    explicit StoreWatcher(const QString& location, const QString& password = {}, QObject* parent = nullptr);
    ~StoreWatcher() override;

    // Whether changes are being watched now (false while the store does not exist yet or the
    // server cannot be reached; the watcher keeps trying).
    bool isWatching() const { return m_watching; }

Q_SIGNALS:
    void changed();

private:
    void poll();
    bool connect();
    void disconnect();

    QString m_location;
    QString m_password;
    SqlDialect m_dialect;
    QString m_connectionName;
    QTimer m_timer;
    bool m_watching = false;
    bool m_initial = true; // the first look, from the constructor, reports nothing
    qint64 m_dataVersion = -1;
};

} // namespace cm
