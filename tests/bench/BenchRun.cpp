#include "BenchRun.h"

#include "MainWindow.h"
#include "ProcessStats.h"
#include "RawFloors.h"
#include "ResultTable.h"
#include "StoreGenerator.h"
#include "StoreSession.h"
#include "models/CredentialFilterModel.h"
#include "store/CredentialStore.h"

#include <QApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <sodium.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

namespace cm::bench {

namespace {

// The size whose rows carry the goals.
constexpr int GoalSize = 100000;
constexpr double Nan = std::numeric_limits<double>::quiet_NaN();

struct Options
{
    QList<int> sizes { 1000, 10000, 100000 };
    int runs = 7;
    int rotationRuns = 3;
    int adds = 200;
    QString dir;
    QByteArray generator = "auto"; // importall, direct, or auto (importall unless too slow)
};

void say(const QString& text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
    std::fflush(stderr);
}

std::optional<Options> parseOptions(int argc, char** argv)
{
    Options options;
    for (int i = 2; i < argc; ++i) {
        const QByteArray option = argv[i];
        if (i + 1 >= argc) {
            say(QStringLiteral("bench: %1 needs a value").arg(QString::fromLocal8Bit(option)));
            return std::nullopt;
        }
        const QByteArray value = argv[++i];
        bool ok = true;
        if (option == "--sizes") {
            options.sizes.clear();
            for (const QByteArray& size : value.split(',')) {
                const int n = size.trimmed().toInt(&ok);
                if (!ok || n <= 0)
                    break;
                options.sizes.append(n);
            }
        } else if (option == "--runs") {
            options.runs = value.toInt(&ok);
            ok = ok && options.runs > 0;
        } else if (option == "--rotation-runs") {
            options.rotationRuns = value.toInt(&ok);
            ok = ok && options.rotationRuns > 0;
        } else if (option == "--adds") {
            options.adds = value.toInt(&ok);
            ok = ok && options.adds > 0;
        } else if (option == "--generator") {
            options.generator = value;
            ok = value == "auto" || value == "importall" || value == "direct";
        } else if (option == "--dir") {
            options.dir = QString::fromLocal8Bit(value);
        } else {
            ok = false;
        }
        if (!ok) {
            say(QStringLiteral("bench: bad option %1 %2")
                    .arg(QString::fromLocal8Bit(option), QString::fromLocal8Bit(value)));
            return std::nullopt;
        }
    }
    return options;
}

QString sizeLabel(int size)
{
    if (size == 0)
        return QStringLiteral("empty");
    // 100 000: thousands apart, in every locale the table is read in.
    QString digits = QString::number(size);
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3)
        digits.insert(at, QLatin1Char(' '));
    return digits;
}

QString firstLine(const QString& text)
{
    return text.trimmed().section(QLatin1Char('\n'), 0, 0);
}

// One started and awaited child process, timed from just before QProcess::start.
struct ChildRun
{
    bool ok = false;
    qint64 startNs = 0;
    qint64 endNs = 0;
    QByteArray out;
    QString problem;
};

ChildRun runChild(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment)
{
    ChildRun run;
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setProcessEnvironment(environment);
    run.startNs = monotonicNs();
    process.start();
    if (!process.waitForStarted(30000)) {
        run.problem = process.errorString();
        return run;
    }
    if (!process.waitForFinished(180000)) {
        process.kill();
        process.waitForFinished();
        run.problem = QStringLiteral("timed out");
        return run;
    }
    run.endNs = monotonicNs();
    run.out = process.readAllStandardOutput();
    const QString errors = QString::fromLocal8Bit(process.readAllStandardError());
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!run.ok)
        run.problem = QStringLiteral("exit %1: %2").arg(process.exitCode()).arg(errors.trimmed());
    return run;
}

std::map<QByteArray, qint64> parseFigures(const QByteArray& line)
{
    std::map<QByteArray, qint64> figures;
    for (const QByteArray& pair : line.trimmed().split(' ')) {
        const qsizetype equals = pair.indexOf('=');
        if (equals > 0)
            figures[pair.left(equals)] = pair.mid(equals + 1).toLongLong();
    }
    return figures;
}

// Medians of the process-level measurements; `failure` says why there are none.
struct Samples
{
    QList<double> ms;
    QList<double> rssMb;
    QString failure;
    int rows = 0; // in the table at the measured paint

    double medianMs() const { return failure.isEmpty() ? median(ms) : Nan; }
    double medianRssMb() const { return failure.isEmpty() ? median(rssMb) : Nan; }
};

class Benchmark
{
public:
    Benchmark(Options options, QString dir)
        : m_options(std::move(options))
        , m_dir(std::move(dir))
        , m_key(MasterKey::generate())
    {
        // The key's text form exists only in this process's memory and the children's
        // environment; it is never printed.
        const SecureBuffer line = m_key.toHexLine();
        m_keyHex = QString::fromLatin1(line.view().trimmed());
    }

    int run();

private:
    QString storePath(int size) const { return m_dir + QStringLiteral("/store-%1.sqlite").arg(size); }
    QString copyOf(int size, const QString& purpose) const;
    QProcessEnvironment childEnvironment(const QByteArray& mode, bool withKey) const;

    void printHeader() const;
    bool generate();
    // Until the first paint of the window (minRows 0) or of the table with minRows rows or more.
    Samples startUp(const QByteArray& mode, const QString& store, int minRows);
    Samples processTime(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment,
                        int expectedRows);
    void measureStartUp();
    void measureList();
    void measureSearch();
    QList<double> searchKeystrokes(int size, QString* failure);
    void measureAdd();
    void measureRotation();

    Options m_options;
    QString m_dir;
    MasterKey m_key;
    QString m_keyHex;
    ResultTable m_table;
};

QString Benchmark::copyOf(int size, const QString& purpose) const
{
    const QString target = m_dir + QStringLiteral("/%1-%2.sqlite").arg(purpose).arg(size);
    for (const QString& suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") }) {
        QFile::remove(target + suffix);
        if (QFile::exists(storePath(size) + suffix))
            QFile::copy(storePath(size) + suffix, target + suffix);
    }
    return target;
}

void removeStore(const QString& path)
{
    for (const QString& suffix : { QString(), QStringLiteral("-wal"), QStringLiteral("-shm") })
        QFile::remove(path + suffix);
}

QProcessEnvironment Benchmark::childEnvironment(const QByteArray& mode, bool withKey) const
{
    // The process environment was set up in runBenchmark (private HOME and XDG folders,
    // offscreen platform, C.UTF-8, no CREDENTIAL_STORE).
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!mode.isEmpty())
        environment.insert(QStringLiteral("CM_BENCH_MODE"), QString::fromLatin1(mode));
    if (withKey)
        environment.insert(QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"), m_keyHex);
    return environment;
}

QString commandOutput(const QString& program, const QStringList& arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

void Benchmark::printHeader() const
{
    QString commit = commandOutput(QStringLiteral("git"),
                                   { QStringLiteral("-C"), QStringLiteral(CM_BENCH_SOURCE_DIR),
                                     QStringLiteral("rev-parse"), QStringLiteral("--short"), QStringLiteral("HEAD") });
    if (commit.isEmpty())
        commit = QStringLiteral("unknown (version " CM_VERSION ")");
    else if (!commandOutput(QStringLiteral("git"),
                            { QStringLiteral("-C"), QStringLiteral(CM_BENCH_SOURCE_DIR), QStringLiteral("status"),
                              QStringLiteral("--porcelain"), QStringLiteral("--untracked-files=no") })
                  .isEmpty())
        commit += QStringLiteral(" + uncommitted changes");

    QString cpu = QStringLiteral("unknown CPU");
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : cpuinfo.readAll().split('\n'))
            if (line.startsWith("model name")) {
                cpu = QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
    }
    QString sqlite = QStringLiteral("unknown");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-version"));
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
                sqlite = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-version"));

    std::printf("AI Credential Manager benchmark\n");
    std::printf("date:     %s\n", qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
    std::printf("commit:   %s\n", qPrintable(commit));
    std::printf("machine:  %d cores, %s\n", QThread::idealThreadCount(), qPrintable(cpu));
    std::printf("versions: Qt %s, SQLite %s, libsodium %s\n", qVersion(), qPrintable(sqlite), sodium_version_string());
    std::printf("build:    %s\n",
#ifdef NDEBUG
                "Release (NDEBUG)"
#else
                "NOT a release build (NDEBUG unset): figures are not comparable with the goals"
#endif
    );
    std::printf("runs:     start-up and list %d measured (after 1 discarded warm-up), rotation %d, add %d\n\n",
                m_options.runs, m_options.rotationRuns, m_options.adds);
    std::fflush(stdout);
}

bool Benchmark::generate()
{
    // importAll is the product's way to write many credentials; at sizes where it would take
    // longer than this (projected linearly from the last size it wrote: its name check is an
    // index lookup) the direct writer produces the same store instead, and the table says so.
    constexpr double ImportBudgetSeconds = 300;
    std::optional<std::pair<int, double>> lastImport;
    QList<int> sizes = m_options.sizes;
    std::sort(sizes.begin(), sizes.end());
    for (const int size : sizes) {
        removeStore(storePath(size));
        bool direct = m_options.generator == "direct";
        double projected = 0;
        if (m_options.generator == "auto" && lastImport) {
            const double scale = double(size) / lastImport->first;
            projected = lastImport->second * scale;
            direct = projected > ImportBudgetSeconds;
        }
        QElapsedTimer timer;
        timer.start();
        const Result<void> made
            = direct ? writeStoreDirectly(storePath(size), size, m_key) : generateStore(storePath(size), size, m_key);
        if (!made) {
            say(QStringLiteral("bench: could not generate the store of %1: %2").arg(size).arg(made.error().message));
            return false;
        }
        const double seconds = double(timer.elapsed()) / 1000;
        if (!direct)
            lastImport = std::pair { size, seconds };
        const QString how = direct
            ? QStringLiteral("direct writer: PayloadCipher and importAll's INSERTs, one transaction")
            : QStringLiteral("CredentialStore::importAll, one transaction");
        say(QStringLiteral("generated store-%1.sqlite in %2 s (%3), %4 MB")
                .arg(size)
                .arg(seconds, 0, 'f', 1)
                .arg(how)
                .arg(double(QFileInfo(storePath(size)).size()) / 1e6, 0, 'f', 1));
        if (direct && projected > 0)
            m_table.note(
                QStringLiteral("store-%1 was written by the direct writer (same schema, payloads by "
                               "PayloadCipher, importAll's INSERTs and audit rows): CredentialStore::importAll "
                               "took %2 s for %3 credentials, so that size would take about %4 min.")
                    .arg(size)
                    .arg(lastImport->second, 0, 'f', 1)
                    .arg(sizeLabel(lastImport->first))
                    .arg(projected / 60, 0, 'f', 0));
    }
    return true;
}

Samples Benchmark::startUp(const QByteArray& mode, const QString& store, int minRows)
{
    Samples samples;
    QProcessEnvironment environment = childEnvironment(mode, true);
    environment.insert(QStringLiteral("CM_BENCH_MIN_ROWS"), QString::number(minRows));
    const QStringList arguments = store.isEmpty() ? QStringList() : QStringList { QStringLiteral("--store"), store };
    for (int run = 0; run <= m_options.runs; ++run) {
        const ChildRun child = runChild(QCoreApplication::applicationFilePath(), arguments, environment);
        const auto figures = parseFigures(child.out);
        if (!child.ok || !figures.count("painted_ns")) {
            samples.failure = child.problem.isEmpty() ? QStringLiteral("no report: ") + QString::fromUtf8(child.out)
                                                      : child.problem;
            return samples;
        }
        if (minRows > 0 && (!figures.count("rows") || figures.at("rows") < minRows)) {
            samples.failure = QStringLiteral("the painted table had fewer than %1 rows").arg(minRows);
            return samples;
        }
        samples.rows = figures.count("rows") ? int(figures.at("rows")) : 0;
        if (run == 0)
            continue; // the warm-up: page cache, font cache
        samples.ms.append(double(figures.at("painted_ns") - child.startNs) / 1e6);
        samples.rssMb.append(double(figures.at("rss_kb")) / 1024);
    }
    return samples;
}

void Benchmark::measureStartUp()
{
    say(QStringLiteral("measuring start-up ..."));
    const Samples bare = startUp("bare-window", {}, 0);
    // A path with no store yet: the application shows an empty store (and creates nothing).
    const QString nothing = m_dir + QStringLiteral("/no-store-yet.sqlite");
    const Samples empty = startUp("window", nothing, 0);
    if (!bare.failure.isEmpty())
        m_table.note(QStringLiteral("bare-window floor failed: ") + firstLine(bare.failure));
    if (!empty.failure.isEmpty())
        m_table.note(QStringLiteral("start-up with an empty store failed: ") + firstLine(empty.failure));

    const double bareMs = bare.medianMs();
    const double emptyRatio = empty.medianMs() / bareMs;
    m_table.add({ QStringLiteral("start-up to first paint"), sizeLabel(0), ResultTable::milliseconds(empty.medianMs()),
                  ResultTable::milliseconds(bareMs), ResultTable::ratio(emptyRatio), QStringLiteral("≤ 1.3× floor"),
                  std::isnan(emptyRatio) ? QStringLiteral("failed") : ResultTable::yesNo(emptyRatio <= 1.3) });

    QList<std::pair<int, Samples>> withRows;
    for (const int size : m_options.sizes) {
        const Samples first = startUp("window", storePath(size), 1);
        Samples complete = startUp("window", storePath(size), size);
        for (const Samples* samples : { &first, static_cast<const Samples*>(&complete) }) {
            if (!samples->failure.isEmpty())
                m_table.note(QStringLiteral("start-up with %1 credentials failed: ").arg(size)
                             + firstLine(samples->failure));
        }
        const double ms = first.medianMs();
        const bool goal = size == GoalSize;
        m_table.add({ QStringLiteral("start-up to first painted table"), sizeLabel(size), ResultTable::milliseconds(ms),
                      ResultTable::milliseconds(bareMs), ResultTable::ratio(ms / bareMs),
                      goal ? QStringLiteral("< 400 ms") : QStringLiteral("—"),
                      !goal                ? QStringLiteral("—")
                          : std::isnan(ms) ? QStringLiteral("failed")
                                           : ResultTable::yesNo(ms < 400) });
        if (first.rows < size)
            m_table.note(QStringLiteral("The first painted table of %1 credentials showed the first %2; the rest "
                                        "followed right after that paint.")
                             .arg(sizeLabel(size))
                             .arg(first.rows));
        const double completeMs = complete.medianMs();
        m_table.add({ QStringLiteral("start-up to complete table"), sizeLabel(size),
                      ResultTable::milliseconds(completeMs), ResultTable::milliseconds(bareMs),
                      ResultTable::ratio(completeMs / bareMs) });
        withRows.append({ size, std::move(complete) });
    }

    const double bareRss = bare.medianRssMb();
    m_table.add({ QStringLiteral("resident memory, window shown"), sizeLabel(0),
                  ResultTable::megabytes(empty.medianRssMb()), ResultTable::megabytes(bareRss),
                  ResultTable::ratio(empty.medianRssMb() / bareRss) });
    for (const auto& [size, samples] : withRows) {
        const double mb = samples.medianRssMb();
        const bool goal = size == GoalSize;
        m_table.add({ QStringLiteral("resident memory, window shown"), sizeLabel(size), ResultTable::megabytes(mb),
                      ResultTable::megabytes(bareRss), ResultTable::ratio(mb / bareRss),
                      goal ? QStringLiteral("< 150 MB") : QStringLiteral("—"),
                      !goal                ? QStringLiteral("—")
                          : std::isnan(mb) ? QStringLiteral("failed")
                                           : ResultTable::yesNo(mb < 150) });
    }
}

Samples Benchmark::processTime(const QString& program, const QStringList& arguments,
                               const QProcessEnvironment& environment, int expectedRows)
{
    Samples samples;
    for (int run = 0; run <= m_options.runs; ++run) {
        const ChildRun child = runChild(program, arguments, environment);
        if (!child.ok) {
            samples.failure = child.problem;
            return samples;
        }
        if (run == 0) {
            // Checked once, outside the timed runs: both sides print every credential.
            const QJsonDocument json = QJsonDocument::fromJson(child.out);
            if (!json.isArray() || json.array().size() != expectedRows) {
                samples.failure = QStringLiteral("printed %1 credentials instead of %2")
                                      .arg(json.isArray() ? json.array().size() : -1)
                                      .arg(expectedRows);
                return samples;
            }
            continue;
        }
        samples.ms.append(double(child.endNs - child.startNs) / 1e6);
    }
    return samples;
}

void Benchmark::measureList()
{
    say(QStringLiteral("measuring credctl list --json ..."));
    for (const int size : m_options.sizes) {
        // Listing needs no key: neither side gets one.
        const Samples product = processTime(
            QStringLiteral(CM_BENCH_CREDCTL),
            { QStringLiteral("--store"), storePath(size), QStringLiteral("list"), QStringLiteral("--json") },
            childEnvironment({}, false), size);
        const Samples floor = processTime(QCoreApplication::applicationFilePath(), { storePath(size) },
                                          childEnvironment("list-floor", false), size);
        if (!product.failure.isEmpty())
            m_table.note(QStringLiteral("credctl list --json (%1) failed: ").arg(size) + firstLine(product.failure));
        if (!floor.failure.isEmpty())
            m_table.note(QStringLiteral("list floor (%1) failed: ").arg(size) + firstLine(floor.failure));
        const double ratio = product.medianMs() / floor.medianMs();
        const bool goal = size == GoalSize;
        m_table.add({ QStringLiteral("credctl list --json"), sizeLabel(size),
                      ResultTable::milliseconds(product.medianMs()), ResultTable::milliseconds(floor.medianMs()),
                      ResultTable::ratio(ratio), goal ? QStringLiteral("≤ 2× floor") : QStringLiteral("—"),
                      !goal                   ? QStringLiteral("—")
                          : std::isnan(ratio) ? QStringLiteral("failed")
                                              : ResultTable::yesNo(ratio <= 2) });
    }
}

// Lets queued work run until `done` or the deadline; false on the deadline.
template<typename Done> bool processUntil(Done done, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

QList<double> Benchmark::searchKeystrokes(int size, QString* failure)
{
    // The session resolves the key from the environment when it opens; the variable is gone
    // again right after.
    qputenv("CREDENTIAL_ENCRYPTION_KEY", m_keyHex.toLatin1());
    cm::ui::StoreSession session(storePath(size));
    cm::ui::MainWindow window(session);
    window.resize(1024, 720);
    window.show();
    window.openStore();
    qunsetenv("CREDENTIAL_ENCRYPTION_KEY");

    auto* search = window.findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* table = window.findChild<QTableView*>(QStringLiteral("credentialTable"));
    cm::ui::CredentialFilterModel* filter = window.filterModel();
    if (!search || !table || !filter) {
        *failure = QStringLiteral("searchField or credentialTable not found");
        return {};
    }
    if (!QTest::qWaitForWindowExposed(&window) || !processUntil([&] { return filter->rowCount() == size; }, 60000)) {
        *failure = QStringLiteral("the table never showed %1 rows (it has %2)").arg(size).arg(filter->rowCount());
        return {};
    }
    window.activateWindow();
    search->setFocus();

    // Typing a team prefix narrows 100% -> 20% -> 2% of the rows; backspacing widens again.
    const QByteArray typed = "team-04";
    QList<double> ms;
    const auto keystroke = [&](auto key) {
        QElapsedTimer timer;
        timer.start();
        QTest::keyClick(search, key);
        // A filter that waits for a pause in typing is counted until it has filtered.
        if (!processUntil([&] { return filter->searchText() == search->text().trimmed(); }, 5000))
            *failure = QStringLiteral("the filter never took the typed text");
        QCoreApplication::processEvents();
        table->viewport()->repaint(); // one frame of the table, as the user sees it
        ms.append(double(timer.nsecsElapsed()) / 1e6);
    };
    for (int round = 0; round < 3; ++round) {
        for (const char character : typed)
            keystroke(character);
        for (qsizetype i = 0; i < typed.size(); ++i)
            keystroke(Qt::Key_Backspace);
    }
    if (!search->text().isEmpty())
        *failure = QStringLiteral("the search field was not empty after backspacing");
    window.hide();
    return ms;
}

void Benchmark::measureSearch()
{
    say(QStringLiteral("measuring the search filter ..."));
    for (const int size : m_options.sizes) {
        QString failure;
        const QList<double> ms = searchKeystrokes(size, &failure);
        if (!failure.isEmpty())
            m_table.note(QStringLiteral("search filter (%1) failed: ").arg(size) + failure);
        const double value = failure.isEmpty() ? median(ms) : Nan;
        const bool goal = size == GoalSize;
        m_table.add({ QStringLiteral("search filter, one keystroke"), sizeLabel(size), ResultTable::milliseconds(value),
                      QStringLiteral("—"), QStringLiteral("—"), goal ? QStringLiteral("< 16 ms") : QStringLiteral("—"),
                      !goal                   ? QStringLiteral("—")
                          : std::isnan(value) ? QStringLiteral("failed")
                                              : ResultTable::yesNo(value < 16) });
    }
}

void Benchmark::measureAdd()
{
    say(QStringLiteral("measuring add one credential ..."));
    for (const int size : m_options.sizes) {
        QList<Credential> credentials;
        for (int i = 0; i < m_options.adds; ++i)
            credentials.append(makeAzureCredential(QStringLiteral("bench-add %1 azure gpt-4o").arg(i)));

        // One product add after each floor add, on two copies of the store, so that both meet
        // the same moments of the disk (its fsync time drifts during a run).
        QList<double> product;
        QString failure;
        const QString productPath = copyOf(size, QStringLiteral("add"));
        const QString floorPath = copyOf(size, QStringLiteral("add-floor"));
        Result<std::vector<double>> raw = makeError(ErrorCode::Io, QString());
        {
            CredentialStore::Options options;
            options.mode = CredentialStore::OpenMode::OpenExisting;
            Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(productPath, options);
            if (!store)
                failure = store.error().message;
            raw = rawAdd(floorPath, m_key.bytes(), credentials, [&](qsizetype i) {
                if (!store || !failure.isEmpty())
                    return;
                const Credential& credential = credentials.at(i);
                QElapsedTimer timer;
                timer.start();
                Result<CredentialSummary> created = store.value()->create(
                    m_key, credential.summary.name, credential.summary.provider, credential.fields);
                const double ms = double(timer.nsecsElapsed()) / 1e6;
                if (!created)
                    failure = created.error().message;
                else
                    product.append(ms);
            });
        }
        removeStore(productPath);
        removeStore(floorPath);
        QList<double> floor;
        if (raw)
            for (const double seconds : raw.value())
                floor.append(seconds * 1000);
        else
            m_table.note(QStringLiteral("add floor (%1) failed: ").arg(size) + raw.error().message);
        if (!failure.isEmpty())
            m_table.note(QStringLiteral("add one credential (%1) failed: ").arg(size) + failure);

        const double productMs = failure.isEmpty() ? median(product) : Nan;
        const double ratio = productMs / median(floor);
        m_table.add({ QStringLiteral("add one credential"), sizeLabel(size), ResultTable::milliseconds(productMs),
                      ResultTable::milliseconds(median(floor)), ResultTable::ratio(ratio),
                      QStringLiteral("≤ 1.5× floor"),
                      std::isnan(ratio) ? QStringLiteral("failed") : ResultTable::yesNo(ratio <= 1.5) });
    }
}

void Benchmark::measureRotation()
{
    say(QStringLiteral("measuring key rotation ..."));
    const bool peakResets = resetPeakResident();
    for (const int size : m_options.sizes) {
        QList<double> productMs, floorMs, productMb, floorMb;
        QString failure;
        for (int run = 0; run < m_options.rotationRuns && failure.isEmpty(); ++run) {
            const MasterKey next = MasterKey::generate();
            // The product: CredentialStore::rotateKey, which KeyRotation calls once the keychain
            // part is settled (a key from the environment has none).
            const QString productPath = copyOf(size, QStringLiteral("rotate"));
            {
                CredentialStore::Options options;
                options.mode = CredentialStore::OpenMode::OpenExisting;
                Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(productPath, options);
                if (!store) {
                    failure = store.error().message;
                } else {
                    resetPeakResident();
                    const qint64 before = residentKb();
                    QElapsedTimer timer;
                    timer.start();
                    Result<int> rotated = store.value()->rotateKey(m_key, next);
                    productMs.append(double(timer.nsecsElapsed()) / 1e6);
                    productMb.append(double(peakResidentKb() - before) / 1024);
                    if (!rotated)
                        failure = rotated.error().message;
                    else if (rotated.value() != size)
                        failure = QStringLiteral("rotated %1 of %2").arg(rotated.value()).arg(size);
                }
            }
            removeStore(productPath);

            const QString floorPath = copyOf(size, QStringLiteral("rotate-floor"));
            resetPeakResident();
            const qint64 before = residentKb();
            QElapsedTimer timer;
            timer.start();
            Result<int> raw = rawRotate(floorPath, m_key.bytes(), next.bytes());
            floorMs.append(double(timer.nsecsElapsed()) / 1e6);
            floorMb.append(double(peakResidentKb() - before) / 1024);
            removeStore(floorPath);
            if (!raw) {
                m_table.note(QStringLiteral("rotation floor (%1) failed: ").arg(size) + raw.error().message);
                floorMs.clear();
                break;
            }
        }
        if (!failure.isEmpty())
            m_table.note(QStringLiteral("key rotation (%1) failed: ").arg(size) + failure);
        const double product = failure.isEmpty() ? median(productMs) : Nan;
        const double floor = median(floorMs);
        const bool goal = size == GoalSize;
        m_table.add({ QStringLiteral("key rotation"), sizeLabel(size), ResultTable::milliseconds(product),
                      ResultTable::milliseconds(floor), ResultTable::ratio(product / floor),
                      goal ? QStringLiteral("≤ 2× floor") : QStringLiteral("—"),
                      !goal                             ? QStringLiteral("—")
                          : std::isnan(product / floor) ? QStringLiteral("failed")
                                                        : ResultTable::yesNo(product / floor <= 2) });
        const double mb = failure.isEmpty() && peakResets ? median(productMb) : Nan;
        const double floorPeak = peakResets ? median(floorMb) : Nan;
        m_table.add({ QStringLiteral("peak memory increase during rotation"), sizeLabel(size),
                      ResultTable::megabytes(mb), ResultTable::megabytes(floorPeak), QStringLiteral("—"),
                      goal ? QStringLiteral("< 32 MB (streamed)") : QStringLiteral("—"),
                      !goal                ? QStringLiteral("—")
                          : std::isnan(mb) ? QStringLiteral("failed")
                                           : ResultTable::yesNo(mb < 32) });
    }
    if (!peakResets)
        m_table.note(QStringLiteral("peak memory during rotation: /proc/self/clear_refs refused the VmHWM reset, so it "
                                    "could not be measured"));
}

int Benchmark::run()
{
    printHeader();
    if (!generate())
        return 1;
    measureStartUp();
    measureList();
    measureSearch();
    measureAdd();
    measureRotation();

    m_table.note(
        QStringLiteral("Medians. Start-up: parent's CLOCK_MONOTONIC just before QProcess::start to the "
                       "child's, taken in a call queued from the first paint of the credential table's viewport "
                       "with rows (first painted table) or with every row (complete table), or of the main window "
                       "for the empty store; QT_QPA_PLATFORM=offscreen; the floor is a QMainWindow with an empty "
                       "QTableView. Memory is VmRSS at the complete table."));
    m_table.note(QStringLiteral("credctl list --json: process start to exit, stdout read in full; the floor is one "
                                "SELECT into plain structs plus the default-embeddings lookup, printed as the same "
                                "indented JSON (in table order, unsorted)."));
    m_table.note(QStringLiteral("Search: keystroke sent to the search field, events processed, one repaint of the "
                                "table viewport; typing \"team-04\" and backspacing it, 3 times (42 keystrokes)."));
    m_table.note(QStringLiteral("Add: CredentialStore::create (azure-openai) on a copy of the store; the floor is "
                                "BEGIN IMMEDIATE, raw libsodium, one prepared INSERT each into credentials and "
                                "audit_log, COMMIT, with journal_mode=WAL and synchronous=FULL, on another copy; "
                                "product and floor adds alternate."));
    m_table.note(QStringLiteral("Rotation: CredentialStore::rotateKey on a copy; the floor re-encrypts batches of 256 "
                                "rows by rowid in one transaction. Memory: VmHWM after minus VmRSS before, with VmHWM "
                                "reset first; a rotation that decrypted everything at once would need about 100 MB or "
                                "more at 100 000 credentials, hence the 32 MB bound."));
    m_table.note(QStringLiteral("Goals with a size apply at 100 000 credentials; other sizes are for information."));
    std::printf("%s", qPrintable(m_table.toText()));
    std::fflush(stdout);
    return 0;
}

} // namespace

int runBenchmark(int argc, char** argv)
{
    std::optional<Options> options = parseOptions(argc, argv);
    if (!options)
        return 2;

    // Everything the runs write (stores, settings, runtime files) stays in one folder that
    // is removed at the end, unless --dir names one.
    std::unique_ptr<QTemporaryDir> temporary;
    QString dir = options->dir;
    if (dir.isEmpty()) {
        temporary = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/cm-bench-XXXXXX"));
        if (!temporary->isValid()) {
            say(QStringLiteral("bench: cannot create a temporary folder"));
            return 1;
        }
        dir = temporary->path();
    }
    dir = QDir(dir).absolutePath();
    const QString home = dir + QStringLiteral("/home");
    for (const QString& folder : QStringList { home, home + QStringLiteral("/config"), home + QStringLiteral("/data"),
                                               home + QStringLiteral("/runtime") }) {
        QDir().mkpath(folder);
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    qputenv("HOME", QFile::encodeName(home));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home + QStringLiteral("/config")));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home + QStringLiteral("/data")));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(home + QStringLiteral("/runtime")));
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("LC_ALL", "C.UTF-8");
    qunsetenv("LANGUAGE");
    qunsetenv("CREDENTIAL_STORE");
    qunsetenv("CREDENTIAL_ENCRYPTION_KEY");

    QApplication app(argc, argv);
    if (sodium_init() < 0) {
        say(QStringLiteral("bench: libsodium did not initialise"));
        return 1;
    }
    Benchmark benchmark(std::move(options).value(), dir);
    return benchmark.run();
}

} // namespace cm::bench
