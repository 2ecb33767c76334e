#include "support/CredctlProcess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace cm::test {

QString credctlPath()
{
    return QStringLiteral(CREDCTL_PATH);
}

QString commandWords(const QStringList& arguments)
{
    QStringList words;
    for (qsizetype i = 0; i < arguments.size() && words.size() < 2; ++i) {
        // Global options that take a separate value, so that the value is not read as the command.
        if (arguments[i] == QLatin1String("--store") || arguments[i] == QLatin1String("--new-key-env")
            || arguments[i] == QLatin1String("--language")) {
            ++i;
            continue;
        }
        if (arguments[i].startsWith(QLatin1Char('-')))
            continue;
        words << arguments[i];
        // Only "key" and "help" take a second word (key generate, help add).
        if (words.first() != QLatin1String("key") && words.first() != QLatin1String("help"))
            break;
    }
    return words.join(QLatin1Char(' '));
}

QProcessEnvironment credctlEnvironment(const QString& root)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"));
    environment.remove(QStringLiteral("CREDENTIAL_STORE"));
    environment.remove(QStringLiteral("LANGUAGE"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("HOME"), root + QStringLiteral("/home"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), root + QStringLiteral("/xdg-data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), root + QStringLiteral("/xdg-config"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), root + QStringLiteral("/xdg-cache"));
    environment.insert(QStringLiteral("XDG_STATE_HOME"), root + QStringLiteral("/xdg-state"));
    return environment;
}

QProcessEnvironment withoutKeychain(QProcessEnvironment environment, const QString& runtimeDir)
{
    if (!QFileInfo::exists(runtimeDir) && QDir().mkpath(runtimeDir))
        QFile::setPermissions(runtimeDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir);
    environment.remove(QStringLiteral("XDG_CURRENT_DESKTOP"));
    environment.remove(QStringLiteral("KDE_SESSION_VERSION"));
    return environment;
}

std::unique_ptr<QProcess> startCredctl(const QStringList& arguments, const QProcessEnvironment& environment,
                                       const QString& workingDirectory, const QByteArray& input)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(credctlPath());
    process->setArguments(arguments);
    process->setProcessEnvironment(environment);
    process->setWorkingDirectory(workingDirectory);
#ifdef Q_OS_UNIX
    process->setChildProcessModifier([] { ::setsid(); });
#endif
    process->start();
    // Written once it has started (QProcess keeps it until then); stdin closes after it.
    if (!input.isEmpty())
        process->write(input);
    process->closeWriteChannel();
    return process;
}

Outcome finishCredctl(QProcess& process, int timeoutSeconds)
{
    Outcome outcome;
    outcome.command = commandWords(process.arguments());
    // It may have finished already: only a failure to start counts.
    if (process.state() == QProcess::Starting)
        process.waitForStarted(10000);
    if (process.error() == QProcess::FailedToStart || process.state() == QProcess::Starting) {
        outcome.err = "credctl did not start: " + process.errorString().toUtf8();
        return outcome;
    }
    // Waiting with the event loop running lets servers in this process (a fake provider, a
    // recording proxy) answer credctl meanwhile.
    if (!QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, timeoutSeconds * 1000)) {
        process.kill();
        process.waitForFinished(5000);
        outcome.err = "credctl did not finish within " + QByteArray::number(timeoutSeconds) + " s";
        return outcome;
    }
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    if (process.exitStatus() == QProcess::NormalExit)
        outcome.code = process.exitCode();
    else
        outcome.err.prepend("credctl crashed; ");
    return outcome;
}

Outcome runCredctl(const QStringList& arguments, const QProcessEnvironment& environment,
                   const QString& workingDirectory, int timeoutSeconds, const QByteArray& input)
{
    const std::unique_ptr<QProcess> process = startCredctl(arguments, environment, workingDirectory, input);
    return finishCredctl(*process, timeoutSeconds);
}

QPair<Outcome, Outcome> runCredctlTogether(const QStringList& first, const QStringList& second,
                                           const QProcessEnvironment& environment, const QString& workingDirectory,
                                           int timeoutSeconds)
{
    const std::unique_ptr<QProcess> one = startCredctl(first, environment, workingDirectory);
    const std::unique_ptr<QProcess> two = startCredctl(second, environment, workingDirectory);
    const Outcome firstOutcome = finishCredctl(*one, timeoutSeconds);
    return { firstOutcome, finishCredctl(*two, timeoutSeconds) };
}

QString describe(const Outcome& outcome, int expected)
{
    return QStringLiteral("credctl %1 exited with %2 (expected %3); stderr: %4")
        .arg(outcome.command)
        .arg(outcome.code)
        .arg(expected)
        .arg(QString::fromUtf8(outcome.err).trimmed());
}

QString missingMention(const Outcome& outcome, Stream stream, const QString& text)
{
    const QString shown = QString::fromUtf8(stream == Stream::Out ? outcome.out : outcome.err);
    if (shown.contains(text, Qt::CaseInsensitive))
        return QString();
    return QStringLiteral("%1 of credctl %2 does not mention \"%3\": %4")
        .arg(stream == Stream::Out ? QStringLiteral("stdout") : QStringLiteral("stderr"), outcome.command, text,
             shown.trimmed());
}

QStringList listedNames(const Outcome& listJson)
{
    if (listJson.code != 0)
        return { QStringLiteral("<credctl list --json failed>") };
    QStringList result;
    for (const QJsonValue& entry : jsonArray(listJson.out))
        result << entry[QStringLiteral("name")].toString();
    result.sort();
    return result;
}

QJsonArray jsonArray(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).array();
}

QJsonObject jsonObject(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace cm::test
