#include "ChildModes.h"

#include "Application.h"
#include "MainWindow.h"
#include "ProcessStats.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <vector>

namespace cm::bench {

namespace {

constexpr int ChildTimeoutMs = 120000;

// Watches one widget for its first paint with at least `minRows` rows in the table. The time is
// taken in a call queued from that paint event, i.e. once the paint has been processed and
// flushed (and before anything the window queued from the same paint, such as reading the
// rest of the credentials), then the figures are printed and the application quits.
class FirstPaintProbe : public QObject
{
public:
    FirstPaintProbe(QWidget* watched, std::function<int()> rows, int minRows)
        : QObject(watched)
        , m_watched(watched)
        , m_rows(std::move(rows))
        , m_minRows(minRows)
    {
        watched->installEventFilter(this);
    }

    bool eventFilter(QObject* object, QEvent* event) override
    {
        if (!m_fired && object == m_watched && event->type() == QEvent::Paint && m_rows() >= m_minRows) {
            m_fired = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    const qint64 paintedNs = monotonicNs();
                    std::printf("painted_ns=%lld rss_kb=%lld hwm_kb=%lld rows=%d\n", static_cast<long long>(paintedNs),
                                static_cast<long long>(residentKb()), static_cast<long long>(peakResidentKb()),
                                m_rows());
                    std::fflush(stdout);
                    QCoreApplication::exit(0);
                },
                Qt::QueuedConnection);
        }
        return false;
    }

private:
    QWidget* m_watched;
    std::function<int()> m_rows;
    int m_minRows;
    bool m_fired = false;
};

void giveUpAfterTimeout()
{
    // A dialog or a store that never shows rows must not hang the benchmark.
    QTimer::singleShot(ChildTimeoutMs, [] {
        std::fprintf(stderr, "bench child: no qualifying paint within %d ms\n", ChildTimeoutMs);
        QCoreApplication::exit(3);
    });
}

} // namespace

int runWindowChild(int argc, char** argv)
{
    QApplication app(argc, argv);
    // 0: the first paint of the window; N: the first paint of the table with N rows or more.
    const int minRows = qEnvironmentVariableIntValue("CM_BENCH_MIN_ROWS");
    giveUpAfterTimeout();
    return cm::ui::runApplication(app, [minRows](cm::ui::MainWindow& window) {
        auto* table = window.findChild<QTableView*>(QStringLiteral("credentialTable"));
        const auto rows = [table] { return table && table->model() ? table->model()->rowCount() : 0; };
        // An empty store shows a hint instead of the table: its first paint is the window's.
        QWidget* watched = minRows > 0 && table ? table->viewport() : static_cast<QWidget*>(&window);
        new FirstPaintProbe(watched, rows, minRows);
    });
}

int runBareWindowChild(int argc, char** argv)
{
    QApplication app(argc, argv);
    giveUpAfterTimeout();
    QMainWindow window;
    auto* table = new QTableView;
    window.setCentralWidget(table);
    new FirstPaintProbe(
        table->viewport(), [] { return 0; }, 0);
    window.show();
    return app.exec();
}

int runListFloorChild(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "list-floor: no store given\n");
        return 2;
    }
    struct Row
    {
        QString id;
        QString name;
        QString provider;
        QString updatedAt;
    };
    std::vector<Row> rows;
    QString defaultId;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("floor"));
        db.setDatabaseName(QString::fromLocal8Bit(argv[1]));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            std::fprintf(stderr, "list-floor: %s\n", qPrintable(db.lastError().text()));
            return 1;
        }
        QSqlQuery setting(db);
        setting.exec(QStringLiteral("SELECT value FROM settings WHERE key = 'default_embeddings_credential_id'"));
        if (setting.next())
            defaultId = setting.value(0).toString();
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT id, name, provider, updated_at FROM credentials"))) {
            std::fprintf(stderr, "list-floor: %s\n", qPrintable(query.lastError().text()));
            return 1;
        }
        while (query.next())
            rows.push_back({ query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                             query.value(3).toString() });
    }
    QSqlDatabase::removeDatabase(QStringLiteral("floor"));

    QJsonArray array;
    for (const Row& row : rows) {
        array.append(QJsonObject { { QStringLiteral("id"), row.id },
                                   { QStringLiteral("name"), row.name },
                                   { QStringLiteral("provider"), row.provider },
                                   { QStringLiteral("updated_at"), row.updatedAt },
                                   { QStringLiteral("default_embeddings"), row.id == defaultId } });
    }
    const QByteArray json = QJsonDocument(array).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    return 0;
}

} // namespace cm::bench
