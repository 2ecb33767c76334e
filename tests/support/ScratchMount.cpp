#include "support/ScratchMount.h"

#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStorageInfo>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace cm::test {

namespace {

constexpr int CommandTimeoutMs = 15000;
// The source name mount(8) lists, so that a scratch mount is easy to recognise ("mount | grep cm-test").
const QString SourceName = QStringLiteral("cm-test-scratch");

QString utilLinuxProgram(const QString& name)
{
    const QString found = QStandardPaths::findExecutable(name);
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(
        name,
        { QStringLiteral("/usr/bin"), QStringLiteral("/bin"), QStringLiteral("/usr/sbin"), QStringLiteral("/sbin") });
}

} // namespace

ScratchMount::ScratchMount(qint64 sizeBytes)
{
#ifdef Q_OS_LINUX
    if (!m_dir.isValid()) {
        m_problem = QStringLiteral("no temporary folder to mount on: ") + m_dir.errorString();
        return;
    }
    m_mounted = run({ QStringLiteral("mount"), QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                      QStringLiteral("size=%1,mode=0700,nosuid,nodev").arg(sizeBytes), SourceName, m_dir.path() });
#else
    Q_UNUSED(sizeBytes)
    m_problem = QStringLiteral("a scratch tmpfs needs Linux");
#endif
}

ScratchMount::~ScratchMount()
{
    if (!m_mounted)
        return;
    // A process the test started may still hold a file open (one it had to kill, say): then the
    // mount is detached lazily and goes away with the last open file. Never left behind either way.
    if (!run({ QStringLiteral("umount"), m_dir.path() })) {
        const QString first = m_problem;
        if (!run({ QStringLiteral("umount"), QStringLiteral("--lazy"), m_dir.path() }))
            qWarning("the scratch tmpfs on %s could not be unmounted: %s; %s", qPrintable(m_dir.path()),
                     qPrintable(first), qPrintable(m_problem));
    }
    m_mounted = false;
}

bool ScratchMount::runningAsRoot()
{
#ifdef Q_OS_LINUX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

bool ScratchMount::run(const QStringList& arguments)
{
    const QString program = utilLinuxProgram(arguments.first());
    if (program.isEmpty()) {
        m_problem = arguments.first() + QStringLiteral(" (util-linux) is not installed");
        return false;
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C")); // its messages in English
    process.setProcessEnvironment(environment);
    process.start(program, arguments.mid(1));
    if (!process.waitForFinished(CommandTimeoutMs)) {
        m_problem
            = QStringLiteral("%1 did not finish: %2").arg(arguments.join(QLatin1Char(' ')), process.errorString());
        process.kill();
        process.waitForFinished();
        return false;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_problem = QStringLiteral("%1 failed (exit code %2): %3")
                        .arg(arguments.join(QLatin1Char(' ')))
                        .arg(process.exitCode())
                        .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}

bool ScratchMount::setReadOnly(bool readOnly)
{
    if (!m_mounted) {
        m_problem = QStringLiteral("nothing is mounted");
        return false;
    }
    if (!run({ QStringLiteral("mount"), QStringLiteral("-o"),
               readOnly ? QStringLiteral("remount,ro") : QStringLiteral("remount,rw"), m_dir.path() }))
        return false;
    m_readOnly = readOnly;
    return true;
}

qint64 ScratchMount::bytesAvailable() const
{
    QStorageInfo storage(m_dir.path());
    storage.refresh();
    return storage.bytesAvailable();
}

qint64 ScratchMount::fill(const QString& name, qint64 leave)
{
#ifdef Q_OS_LINUX
    const QByteArray path = QFile::encodeName(filePath(name));
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        m_problem
            = QStringLiteral("%1 could not be created: %2").arg(name, QString::fromLocal8Bit(std::strerror(errno)));
        return -1;
    }
    // Zeros take pages on a tmpfs like any other bytes.
    const QByteArray chunk(64 * 1024, '\0');
    qint64 wanted = leave > 0 ? qMax<qint64>(0, bytesAvailable() - leave) : -1;
    qint64 written = 0;
    for (;;) {
        const qint64 size = wanted < 0 ? chunk.size() : qMin<qint64>(chunk.size(), wanted - written);
        if (size == 0)
            break;
        const ssize_t result = ::write(fd, chunk.constData(), size_t(size));
        if (result > 0) {
            written += result;
            continue;
        }
        if (result < 0 && errno == EINTR)
            continue;
        if (result == 0 || errno == ENOSPC)
            break;
        m_problem = QStringLiteral("writing %1 failed: %2").arg(name, QString::fromLocal8Bit(std::strerror(errno)));
        ::close(fd);
        return -1;
    }
    ::close(fd);
    return written;
#else
    Q_UNUSED(name)
    Q_UNUSED(leave)
    m_problem = QStringLiteral("a scratch tmpfs needs Linux");
    return -1;
#endif
}

} // namespace cm::test
