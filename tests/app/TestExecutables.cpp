// The built executables, started as a user or a service starts them (issue "Hardening", "Languages",
// "About and version information"): both run without core dumps, so a crash cannot leave the
// decrypted secrets or the key in a core file; credential-manager answers --version, refuses an
// unknown --language in one line, translates its --help (also in the language saved in
// Settings > Language, which --language overrides), and writes no store until the first
// credential.
//
// What a child does to itself at start-up is polled for (with generous time-outs), never
// assumed done after a fixed wait, so a loaded machine makes the checks slower, not wrong.
//
// Each child runs in a sandbox of its own: HOME, the XDG folders, a private XDG_RUNTIME_DIR and
// CREDENTIAL_STORE below a temporary folder, no session bus (so no keychain), no
// CREDENTIAL_ENCRYPTION_KEY (credctl gets the one key it needs explicitly), and the offscreen
// platform.

#include "support/CredctlProcess.h"
#include "support/StopIfFailed.h"
#include "support/TsFile.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <functional>
#include <memory>

#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString CredentialManager = QStringLiteral(CM_CREDENTIAL_MANAGER_PATH);
const QString Credctl = QStringLiteral(CM_CREDCTL_PATH);

// How long a child may take to start, or to do what it does at start-up (a loaded machine is slow).
constexpr int StartTimeoutMs = 30000;

// How a child starts, beyond its program, arguments and sandbox.
struct ChildSetup
{
    // The core file size limit the child starts with (soft and hard); 0 leaves the inherited one.
    rlim_t coreLimit = 0;
    // Run as this user and group instead of the test's own (only when the test runs as root).
    bool switchUser = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

// What a finished child left.
struct Finished
{
    int code = -1; // -1 when it crashed, was killed or did not finish
    QByteArray out;
    QByteArray err;
};

// The folders and environment of one child (or a few that share a store).
class Sandbox
{
public:
    Sandbox()
    {
        if (!m_dir.isValid())
            return;
        const QString root = m_dir.path();
        m_environment
            = cm::test::withoutKeychain(cm::test::credctlEnvironment(root), root + QStringLiteral("/runtime"));
        for (const QString& variable :
             { QStringLiteral("HOME"), QStringLiteral("XDG_DATA_HOME"), QStringLiteral("XDG_CONFIG_HOME"),
               QStringLiteral("XDG_CACHE_HOME"), QStringLiteral("XDG_STATE_HOME") })
            QDir().mkpath(m_environment.value(variable));
        QDir().mkpath(storeFolder());
        m_environment.insert(QStringLiteral("CREDENTIAL_STORE"), storeFolder() + QStringLiteral("/credentials.sqlite"));
        m_environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    }

    bool isValid() const { return m_dir.isValid(); }
    QString root() const { return m_dir.path(); }
    QString storeFolder() const { return m_dir.path() + QStringLiteral("/stores"); }
    QProcessEnvironment environment() const { return m_environment; }
    void insert(const QString& variable, const QString& value) { m_environment.insert(variable, value); }

    // Hands every folder and file of the sandbox to `uid`, for a child that runs as that user.
    bool handTo(uid_t uid, gid_t gid) const
    {
        bool ok = ::chown(QFile::encodeName(root()).constData(), uid, gid) == 0;
        QDirIterator it(root(), QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            ok = ::lchown(QFile::encodeName(it.next()).constData(), uid, gid) == 0 && ok;
        return ok;
    }

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;
};

std::unique_ptr<QProcess> start(const QString& program, const QStringList& arguments, const Sandbox& sandbox,
                                const ChildSetup& setup = {})
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(program);
    process->setArguments(arguments);
    process->setProcessEnvironment(sandbox.environment());
    process->setWorkingDirectory(sandbox.root());
    process->setChildProcessModifier([setup] {
        // No controlling terminal: nothing can wait for a passphrase typed into the test's terminal.
        ::setsid();
        if (setup.coreLimit != 0) {
            const rlimit limit { setup.coreLimit, setup.coreLimit };
            if (::setrlimit(RLIMIT_CORE, &limit) != 0)
                ::_exit(126);
        }
        // A child that could not become the other user must not run as root: the checks on it
        // would then see root's files and pass for the wrong reason.
        if (setup.switchUser && (::setgroups(0, nullptr) != 0 || ::setgid(setup.gid) != 0 || ::setuid(setup.uid) != 0))
            ::_exit(127);
    });
    process->start();
    process->closeWriteChannel();
    return process;
}

// Waits for a child with the event loop running (servers in this process answer meanwhile).
Finished finish(QProcess& process, int timeoutMs = 30000)
{
    Finished finished;
    if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        finished.err = "did not finish in time; ";
    } else if (process.exitStatus() == QProcess::NormalExit) {
        finished.code = process.exitCode();
    }
    finished.out = process.readAllStandardOutput();
    finished.err += process.readAllStandardError();
    return finished;
}

Finished run(const QString& program, const QStringList& arguments, const Sandbox& sandbox, const ChildSetup& setup = {})
{
    const std::unique_ptr<QProcess> process = start(program, arguments, sandbox, setup);
    return finish(*process);
}

void stop(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

QString describe(const QString& what, const Finished& finished)
{
    return QStringLiteral("%1 exited with %2; stderr: %3")
        .arg(what)
        .arg(finished.code)
        .arg(QString::fromUtf8(finished.err).trimmed());
}

// Whether the process has replaced the forked test by `program` (its /proc/<pid>/exe is it).
bool runs(const QProcess& process, const QString& program)
{
    if (process.state() != QProcess::Running)
        return false;
    const QString exe = QFileInfo(QStringLiteral("/proc/%1/exe").arg(process.processId())).symLinkTarget();
    return !exe.isEmpty() && exe == QFileInfo(program).canonicalFilePath();
}

struct CoreLimit
{
    QString soft; // "0", "unlimited" or a number of bytes; empty when unreadable
    QString hard;
};

// The "Max core file size" line of /proc/<process>/limits ("self" for this test).
CoreLimit coreLimitOf(const QString& process)
{
    QFile file(QStringLiteral("/proc/%1/limits").arg(process));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression line(QStringLiteral("^Max core file size\\s+(\\S+)\\s+(\\S+)"),
                                         QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = line.match(QString::fromLatin1(file.readAll()));
    return match.hasMatch() ? CoreLimit { match.captured(1), match.captured(2) } : CoreLimit {};
}

QString text(const CoreLimit& limit)
{
    return QStringLiteral("soft %1, hard %2").arg(limit.soft, limit.hard);
}

// The owner of /proc/<pid>/status: the process's user while it may be dumped (and ptraced by
// that user), root once it made itself non-dumpable. Not /proc/<pid> itself: the kernel leaves
// world-readable folders with the process's user either way. -1 when it cannot be examined.
qint64 procOwner(qint64 pid)
{
    struct stat status = {};
    if (::stat(QFile::encodeName(QStringLiteral("/proc/%1/status").arg(pid)).constData(), &status) != 0)
        return -1;
    return status.st_uid;
}

// The scheduler state ('S' asleep, 'R' running or waiting for a CPU, 'D' in I/O, ...) and the
// CPU time used so far (in clock ticks) of /proc/<pid>/stat; state 0 when unreadable.
struct ProcStat
{
    char state = 0;
    qint64 cpuTicks = -1;
};

ProcStat procStat(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = file.readAll();
    // "pid (comm) state ppid ...": the name may hold spaces, so count from its closing ')'.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13 || fields[0].isEmpty())
        return {};
    // Fields 3 (state), 14 (utime) and 15 (stime) of proc(5), counted from the state.
    return { fields[0].at(0), fields[11].toLongLong() + fields[12].toLongLong() };
}

// Waits until the child has finished starting: asleep (in its event loop) and using no CPU for
// half a second. False when it ended or did not settle within the time-out.
bool settles(const QProcess& process, qint64 pid, int timeoutMs = StartTimeoutMs)
{
    QElapsedTimer quiet;
    qint64 lastTicks = -1;
    const bool done = QTest::qWaitFor(
        [&] {
            if (process.state() != QProcess::Running)
                return true;
            const ProcStat now = procStat(pid);
            if (now.state != 'S' || now.cpuTicks != lastTicks || !quiet.isValid()) {
                lastTicks = now.cpuTicks;
                quiet.start();
                return false;
            }
            return quiet.elapsed() >= 500;
        },
        timeoutMs);
    return done && process.state() == QProcess::Running;
}

// Whether every folder from `path` up to / lets other users through (x for others).
bool othersCanEnter(const QString& path)
{
    for (QDir folder(path);; folder.cdUp()) {
        if (!(QFileInfo(folder.path()).permissions() & QFileDevice::ExeOther))
            return false;
        if (folder.isRoot())
            return true;
    }
}

// A finished message of the German .ts in the context "main" (credential-manager's command
// line), or empty.
QString germanMain(const QString& source)
{
    return cm::test::TsFile::read(QStringLiteral(CM_TS_DE)).finished(QStringLiteral("main"), source);
}

// credential-manager's own --help texts (English), and Qt's.
const QString StoreSource = QStringLiteral("The store file (default: $CREDENTIAL_STORE, else the default store).");
const QString LanguageSource
    = QStringLiteral("The interface language: %1 (default: the choice in Settings, else the system's).");
const QString HelpSource = QStringLiteral("Displays help on commandline options.");

// Fails unless `help` (credential-manager's --help output) holds every text of `expected`.
void checkHelpHolds(const Finished& help, const QString& what, const QStringList& expected)
{
    QVERIFY2(help.code == 0, qPrintable(describe(what, help)));
    // The parser wraps its descriptions to the terminal width.
    const QString shown = QString::fromUtf8(help.out).simplified();
    for (const QString& text : expected) {
        QVERIFY2(shown.contains(text.simplified()),
                 qPrintable(QStringLiteral("%1: no \"%2\" in:\n%3").arg(what, text, shown)));
    }
}

// Fails with what the child said when `condition` is false. Its output is read (and the child
// stopped) only then: QVERIFY2 evaluates its message even when the check passes.
#define VERIFY_CHILD(condition, process, what)                                                                         \
    do {                                                                                                               \
        if (!(condition))                                                                                              \
            QFAIL(qPrintable(describe((what), finish((process), 0))));                                                 \
    } while (false)

} // namespace

class TestExecutables : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void credentialManagerRunsWithoutCoreDumps();
    void credctlRunsWithoutCoreDumps();
    void credentialManagerIsNotDumpable();
    void credctlIsNotDumpable();
    void versionOption();
    void unknownLanguageIsOneSentence();
    void germanHelp();
    void savedLanguageAppliesAtTheNextStart();
    void windowWritesNoStoreBeforeTheFirstCredential();

private:
    // The German texts of credential-manager --help: two of its own option descriptions (from
    // the .ts) and Qt's description of --help (from qtbase_de).
    struct HelpTexts
    {
        QString store;
        QString language;
        QString qtHelp;
    };
    void germanHelpTexts(HelpTexts* texts) const;
    // A child that does nothing about core dumps, started as `setup` says, has a non-zero core
    // limit (checkLimit) and a /proc/<pid>/status of its own user (checkOwner): what the executables
    // must change about themselves.
    void checkControl(const Sandbox& sandbox, const ChildSetup& setup, bool checkLimit, bool checkOwner);
    // Starts `credctl` test against a loopback server that accepts and never answers, and calls
    // `check` with credctl's pid while it waits for the answer.
    void whileCredctlWaits(const QString& credctl, Sandbox& sandbox, const ChildSetup& setup,
                           const std::function<void(qint64)>& check);
    ChildSetup otherUser() const;
    // Copies both executables into a temporary folder every user can enter and read, for the
    // dumpability checks, whose child runs as another user (nobody, when the test runs as root):
    // the build tree may be in a folder only its owner can enter (a clone under /root). The
    // executables link only system libraries, so the copies run as they are. Empty when done,
    // else why not.
    QString copyExecutablesForOtherUsers();

    rlim_t m_childCoreLimit = 0;
    QString m_noCoreLimit; // why m_childCoreLimit is 0
    QString m_sleep;
    std::unique_ptr<QTemporaryDir> m_copies;
    QString m_noCopies; // why there are no copies
    QString m_copiedCredentialManager;
    QString m_copiedCredctl;
};

void TestExecutables::initTestCase()
{
    QVERIFY2(QFileInfo(CredentialManager).isExecutable(), qPrintable(CredentialManager));
    QVERIFY2(QFileInfo(Credctl).isExecutable(), qPrintable(Credctl));
    m_sleep = QStandardPaths::findExecutable(QStringLiteral("sleep"));
    QVERIFY2(!m_sleep.isEmpty(), "no sleep executable for the control processes");

    // Children start with a non-zero core limit, so a zero in theirs can only be their own doing,
    // never one inherited from this test (whose soft limit is often 0 already). It is set in the
    // child only: this test's own crash should not leave a core file in the build tree.
    rlimit own {};
    QVERIFY(::getrlimit(RLIMIT_CORE, &own) == 0);
    if (own.rlim_max != 0) {
        m_childCoreLimit = own.rlim_max == RLIM_INFINITY ? rlim_t(1) << 30 : own.rlim_max;
    } else if (::geteuid() == 0) {
        m_childCoreLimit = rlim_t(1) << 30; // root may raise the hard limit
    } else {
        m_noCoreLimit = QStringLiteral("the hard core file size limit of this test is 0 and it cannot raise it, so a "
                                       "child would have no core dumps whatever it does (run under ulimit -Hc "
                                       "unlimited)");
    }
    m_noCopies = copyExecutablesForOtherUsers();
}

QString TestExecutables::copyExecutablesForOtherUsers()
{
    // The kernel also makes a process non-dumpable when its user cannot read its executable, so
    // the copies and every folder above them must be open to other users.
    QStringList bases { QDir::tempPath(), QStringLiteral("/tmp"), QStringLiteral("/var/tmp") };
    bases.removeDuplicates();
    const QFileDevice::Permissions open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
        | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::ExeOther;
    for (const QString& base : bases) {
        if (!othersCanEnter(base))
            continue;
        auto copies = std::make_unique<QTemporaryDir>(base + QStringLiteral("/cm-executables-XXXXXX"));
        if (!copies->isValid() || !QFile::setPermissions(copies->path(), open))
            continue;
        const QString window = copies->filePath(QFileInfo(CredentialManager).fileName());
        const QString credctl = copies->filePath(QFileInfo(Credctl).fileName());
        if (!QFile::copy(CredentialManager, window) || !QFile::copy(Credctl, credctl)
            || !QFile::setPermissions(window, open) || !QFile::setPermissions(credctl, open))
            return QStringLiteral("could not copy the executables into %1").arg(copies->path());
        m_copies = std::move(copies);
        m_copiedCredentialManager = window;
        m_copiedCredctl = credctl;
        return {};
    }
    return QStringLiteral("no temporary folder that other users can enter among %1")
        .arg(bases.join(QLatin1String(", ")));
}

ChildSetup TestExecutables::otherUser() const
{
    ChildSetup setup;
    setup.coreLimit = m_childCoreLimit;
    // /proc/<pid>/status of a non-dumpable process belongs to root. Root's own children are root's
    // either way, so as root the children run as nobody, where the owner tells the two apart.
    if (::geteuid() == 0) {
        setup.switchUser = true;
        const passwd* nobody = ::getpwnam("nobody");
        setup.uid = nobody ? nobody->pw_uid : 65534;
        setup.gid = nobody ? nobody->pw_gid : 65534;
    } else {
        setup.uid = ::geteuid();
        setup.gid = ::getegid();
    }
    return setup;
}

void TestExecutables::checkControl(const Sandbox& sandbox, const ChildSetup& setup, bool checkLimit, bool checkOwner)
{
    const std::unique_ptr<QProcess> control = start(m_sleep, { QStringLiteral("30") }, sandbox, setup);
    const auto stopControl = qScopeGuard([&] { stop(*control); });
    QVERIFY2(QTest::qWaitFor([&] { return runs(*control, m_sleep); }, StartTimeoutMs),
             "the control process did not start");
    if (checkLimit) {
        const CoreLimit limit = coreLimitOf(QString::number(control->processId()));
        QVERIFY2(limit.soft != QLatin1String("0") && limit.hard != QLatin1String("0") && !limit.soft.isEmpty(),
                 qPrintable(QStringLiteral("a child starts with core limit %1").arg(text(limit))));
    }
    if (checkOwner) {
        QVERIFY(setup.uid != 0);
        QCOMPARE(procOwner(control->processId()), qint64(setup.uid));
    }
}

void TestExecutables::whileCredctlWaits(const QString& credctl, Sandbox& sandbox, const ChildSetup& setup,
                                        const std::function<void(qint64)>& check)
{
    // A provider that accepts the connection and never answers keeps credctl test waiting.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    QSignalSpy connected(&silent, &QTcpServer::newConnection);

    const Finished key = run(credctl, { QStringLiteral("key"), QStringLiteral("generate") }, sandbox);
    QVERIFY2(key.code == 0, qPrintable(describe(QStringLiteral("credctl key generate"), key)));
    sandbox.insert(QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"), QString::fromLatin1(key.out.trimmed()));
    sandbox.insert(QStringLiteral("CM_TEST_API_KEY"), QStringLiteral("sk-test-never-sent-anywhere-else"));
    if (setup.switchUser)
        QVERIFY(sandbox.handTo(setup.uid, setup.gid));

    const Finished added
        = run(credctl,
              { QStringLiteral("add"), QStringLiteral("Silent"), QStringLiteral("--provider"), QStringLiteral("custom"),
                QStringLiteral("--field"), QStringLiteral("endpoint=http://127.0.0.1:%1/v1").arg(silent.serverPort()),
                QStringLiteral("--field-env"), QStringLiteral("api_key=CM_TEST_API_KEY") },
              sandbox, setup);
    QVERIFY2(added.code == 0, qPrintable(describe(QStringLiteral("credctl add"), added)));

    // It waits for the answer far longer than the checks take, also on a loaded machine.
    const std::unique_ptr<QProcess> test
        = start(credctl,
                { QStringLiteral("test"), QStringLiteral("Silent"), QStringLiteral("--timeout"), QStringLiteral("60") },
                sandbox, setup);
    const auto stopTest = qScopeGuard([&] { stop(*test); });
    QVERIFY2(
        QTest::qWaitFor([&] { return connected.count() > 0 || test->state() == QProcess::NotRunning; }, StartTimeoutMs),
        "credctl test did not connect to the loopback provider");
    VERIFY_CHILD(runs(*test, credctl), *test, QStringLiteral("credctl test"));
    check(test->processId());
}

void TestExecutables::credentialManagerRunsWithoutCoreDumps()
{
    if (m_childCoreLimit == 0)
        QSKIP(qPrintable(m_noCoreLimit));
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    ChildSetup setup;
    setup.coreLimit = m_childCoreLimit;
    checkControl(sandbox, setup, true, false);
    STOP_IF_FAILED();

    const std::unique_ptr<QProcess> window = start(CredentialManager, {}, sandbox, setup);
    const auto stopWindow = qScopeGuard([&] { stop(*window); });
    VERIFY_CHILD(QTest::qWaitFor([&] { return runs(*window, CredentialManager); }, StartTimeoutMs), *window,
                 QStringLiteral("credential-manager"));
    // It lowers its limit first thing in main(): wait for that, or for the time-out.
    const QString pid = QString::number(window->processId());
    const auto noCores = [&] {
        const CoreLimit limit = coreLimitOf(pid);
        return limit.soft == QLatin1String("0") && limit.hard == QLatin1String("0");
    };
    // (The checks below say which of the two ended the wait, or that neither did.)
    static_cast<void>(
        QTest::qWaitFor([&] { return window->state() != QProcess::Running || noCores(); }, StartTimeoutMs));
    // It still runs, so the limits read are its own.
    VERIFY_CHILD(window->state() == QProcess::Running, *window, QStringLiteral("credential-manager"));
    const CoreLimit limit = coreLimitOf(pid);
    QVERIFY2(limit.soft == QLatin1String("0") && limit.hard == QLatin1String("0"),
             qPrintable(QStringLiteral("credential-manager runs with core limit %1").arg(text(limit))));
}

void TestExecutables::credctlRunsWithoutCoreDumps()
{
    if (m_childCoreLimit == 0)
        QSKIP(qPrintable(m_noCoreLimit));
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    ChildSetup setup;
    setup.coreLimit = m_childCoreLimit;
    checkControl(sandbox, setup, true, false);
    STOP_IF_FAILED();

    whileCredctlWaits(Credctl, sandbox, setup, [](qint64 pid) {
        const CoreLimit limit = coreLimitOf(QString::number(pid));
        QVERIFY2(limit.soft == QLatin1String("0") && limit.hard == QLatin1String("0"),
                 qPrintable(QStringLiteral("credctl runs with core limit %1").arg(text(limit))));
    });
}

void TestExecutables::credentialManagerIsNotDumpable()
{
    // PR_SET_DUMPABLE 0 also covers a core_pattern that pipes to a crash handler (which ignores
    // the core limit) and keeps other processes of the same user from reading its memory.
    QVERIFY2(m_noCopies.isEmpty(), qPrintable(m_noCopies));
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const ChildSetup setup = otherUser();
    if (setup.switchUser)
        QVERIFY(sandbox.handTo(setup.uid, setup.gid));
    checkControl(sandbox, setup, false, true);
    STOP_IF_FAILED();

    const QString program = m_copiedCredentialManager;
    const std::unique_ptr<QProcess> window = start(program, {}, sandbox, setup);
    const auto stopWindow = qScopeGuard([&] { stop(*window); });
    VERIFY_CHILD(QTest::qWaitFor([&] { return runs(*window, program); }, StartTimeoutMs), *window,
                 QStringLiteral("credential-manager"));
    // It makes itself non-dumpable first thing in main(): wait for that, or for the time-out.
    const qint64 pid = window->processId();
    static_cast<void>(
        QTest::qWaitFor([&] { return window->state() != QProcess::Running || procOwner(pid) == 0; }, StartTimeoutMs));
    VERIFY_CHILD(window->state() == QProcess::Running, *window, QStringLiteral("credential-manager"));
    QVERIFY2(procOwner(pid) == 0,
             qPrintable(QStringLiteral("/proc/%1/status of credential-manager belongs to uid %2: it can be dumped")
                            .arg(pid)
                            .arg(procOwner(pid))));
}

void TestExecutables::credctlIsNotDumpable()
{
    QVERIFY2(m_noCopies.isEmpty(), qPrintable(m_noCopies));
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const ChildSetup setup = otherUser();
    if (setup.switchUser)
        QVERIFY(sandbox.handTo(setup.uid, setup.gid));
    checkControl(sandbox, setup, false, true);
    STOP_IF_FAILED();

    whileCredctlWaits(m_copiedCredctl, sandbox, setup, [](qint64 pid) {
        QVERIFY2(procOwner(pid) == 0,
                 qPrintable(QStringLiteral("/proc/%1/status of credctl belongs to uid %2: it can be dumped")
                                .arg(pid)
                                .arg(procOwner(pid))));
    });
}

void TestExecutables::versionOption()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const Finished version = run(CredentialManager, { QStringLiteral("--version") }, sandbox);
    QVERIFY2(version.code == 0, qPrintable(describe(QStringLiteral("credential-manager --version"), version)));
    QCOMPARE(QString::fromUtf8(version.out), QStringLiteral("credential-manager %1\n").arg(QStringLiteral(CM_VERSION)));
    QVERIFY2(version.err.isEmpty(), version.err.constData());
}

void TestExecutables::unknownLanguageIsOneSentence()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const Finished refused = run(CredentialManager, { QStringLiteral("--language"), QStringLiteral("xx") }, sandbox);
    QVERIFY2(refused.code == 1, qPrintable(describe(QStringLiteral("credential-manager --language xx"), refused)));
    QVERIFY2(refused.out.isEmpty(), refused.out.constData());
    const QStringList lines = QString::fromUtf8(refused.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 1, refused.err.constData());
    const QString line = lines.first();
    QVERIFY2(line.startsWith(QLatin1String("credential-manager: ")), qPrintable(line));
    for (const QString& part : { QStringLiteral("\"xx\""), QStringLiteral("--language"), QStringLiteral("de, en") })
        QVERIFY2(line.contains(part), qPrintable(QStringLiteral("\"%1\" does not name %2").arg(line, part)));
    // No window was left behind to start a store.
    QVERIFY(QDir(sandbox.storeFolder()).isEmpty());
}

void TestExecutables::germanHelpTexts(HelpTexts* texts) const
{
    texts->store = germanMain(StoreSource);
    const QString language = germanMain(LanguageSource);
    QVERIFY2(!texts->store.isEmpty(), "the German .ts has no finished translation of the --store description");
    QVERIFY2(!language.isEmpty(), "the German .ts has no finished translation of the --language description");
    QVERIFY(texts->store != StoreSource);
    texts->language = language.arg(QLatin1String("de, en"));
    // Qt's own option texts come from qtbase_de, which the German interface loads as well.
    QTranslator qt;
    QVERIFY2(qt.load(QStringLiteral("qtbase_de"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)),
             "no qtbase_de.qm: install Qt's translations");
    texts->qtHelp = qt.translate("QCommandLineParser", "Displays help on commandline options.");
    QVERIFY2(!texts->qtHelp.isEmpty() && texts->qtHelp != HelpSource,
             "qtbase_de.qm does not translate QCommandLineParser");
}

void TestExecutables::germanHelp()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    HelpTexts german;
    germanHelpTexts(&german);
    STOP_IF_FAILED();

    checkHelpHolds(run(CredentialManager,
                       { QStringLiteral("--language"), QStringLiteral("de"), QStringLiteral("--help") }, sandbox),
                   QStringLiteral("credential-manager --language de --help"),
                   { german.store, german.language, german.qtHelp });
    STOP_IF_FAILED();

    // Without --language, under the C locale the tests run in: English.
    const Finished english = run(CredentialManager, { QStringLiteral("--help") }, sandbox);
    checkHelpHolds(english, QStringLiteral("credential-manager --help"), { StoreSource, HelpSource });
    STOP_IF_FAILED();
    QVERIFY2(!QString::fromUtf8(english.out).simplified().contains(german.store.simplified()),
             "credential-manager --help describes --store in German");
}

void TestExecutables::savedLanguageAppliesAtTheNextStart()
{
    // What Settings > Language saves (QSettings of organisation and application
    // "credential-manager", key interface/language), as a start after that choice finds it.
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    HelpTexts german;
    germanHelpTexts(&german);
    STOP_IF_FAILED();
    const QString settingsPath = sandbox.environment().value(QStringLiteral("XDG_CONFIG_HOME"))
        + QStringLiteral("/credential-manager/credential-manager.conf");
    const QByteArray saved = "[interface]\nlanguage=de\n";
    QVERIFY(QDir().mkpath(QFileInfo(settingsPath).path()));
    QFile settings(settingsPath);
    QVERIFY(settings.open(QIODevice::WriteOnly) && settings.write(saved) == saved.size());
    settings.close();

    // Under the C locale, without --language: the saved German.
    const Finished started = run(CredentialManager, { QStringLiteral("--help") }, sandbox);
    checkHelpHolds(started, QStringLiteral("credential-manager --help with German saved"),
                   { german.store, german.language, german.qtHelp });
    STOP_IF_FAILED();

    // --language beats the saved choice, which stays as it was.
    const Finished english = run(
        CredentialManager, { QStringLiteral("--language"), QStringLiteral("en"), QStringLiteral("--help") }, sandbox);
    checkHelpHolds(english, QStringLiteral("credential-manager --language en --help with German saved"),
                   { StoreSource, HelpSource });
    STOP_IF_FAILED();
    QVERIFY2(!QString::fromUtf8(english.out).simplified().contains(german.store.simplified()),
             "credential-manager --language en --help describes --store in German");
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QCOMPARE(settings.readAll(), saved);
}

void TestExecutables::windowWritesNoStoreBeforeTheFirstCredential()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const QString store = sandbox.storeFolder() + QStringLiteral("/x.sqlite");
    const std::unique_ptr<QProcess> window = start(CredentialManager, { QStringLiteral("--store"), store }, sandbox);
    const auto stopWindow = qScopeGuard([&] { stop(*window); });
    VERIFY_CHILD(QTest::qWaitFor([&] { return runs(*window, CredentialManager); }, StartTimeoutMs), *window,
                 QStringLiteral("credential-manager --store"));
    // The window has opened the store (and started watching for it) once it sits idle in its
    // event loop; however long that takes, it then gets 2 s more, several rounds of its store
    // watcher, to write something it should not.
    const qint64 pid = window->processId();
    VERIFY_CHILD(settles(*window, pid), *window,
                 QStringLiteral("credential-manager --store (not idle within %1 s)").arg(StartTimeoutMs / 1000));
    QTest::qWait(2000);
    VERIFY_CHILD(window->state() == QProcess::Running, *window, QStringLiteral("credential-manager --store"));
    // Neither the store nor a journal beside it, nor the store CREDENTIAL_STORE names.
    const QStringList written
        = QDir(sandbox.storeFolder()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(written.isEmpty(), qPrintable(written.join(QLatin1String(", "))));
    stop(*window);
    QVERIFY2(QDir(sandbox.storeFolder()).isEmpty(), "the store folder is no longer empty after the window closed");
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "TestExecutables.moc"
