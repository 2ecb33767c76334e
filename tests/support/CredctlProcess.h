#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QPair>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QTest>

#include <memory>

namespace cm::test {

// What a credctl run left.
struct Outcome
{
    int code = -1; // the exit code; -1 when credctl crashed or did not finish
    QByteArray out;
    QByteArray err;
    QString command; // the command words only: never a value that could be a secret
};

// The credctl executable under test.
QString credctlPath();

// The command words of a credctl call ("list", "key rotate", "help add"): no option, and no
// value of --store or --new-key-env.
QString commandWords(const QStringList& arguments);

// The environment credctl runs in: the test's own, without the developer's key and store
// (CREDENTIAL_ENCRYPTION_KEY and CREDENTIAL_STORE are removed), in the C.UTF-8 locale, with HOME
// and XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_STATE_HOME in folders below `root`.
// The D-Bus session stays: withoutKeychain() removes it.
QProcessEnvironment credctlEnvironment(const QString& root);

// `environment` in which no keychain can answer: no session bus (neither its address, nor the
// $XDG_RUNTIME_DIR/bus socket libdbus and GDBus fall back to, nor an X11 display to autolaunch
// one on) and no desktop that would choose a wallet. XDG_RUNTIME_DIR becomes `runtimeDir`,
// created as a private folder when missing.
QProcessEnvironment withoutKeychain(QProcessEnvironment environment, const QString& runtimeDir);

// Starts credctl with `arguments` in `environment`, in `workingDirectory`, and does not wait for
// it. `input` is written to its standard input, which is then closed. On POSIX systems credctl
// runs in a session of its own: it has no controlling terminal, so it can never ask the terminal
// the test runs in (it would wait for a passphrase nobody types).
std::unique_ptr<QProcess> startCredctl(const QStringList& arguments, const QProcessEnvironment& environment,
                                       const QString& workingDirectory, const QByteArray& input = {});

// Waits for a run startCredctl() started (it may have finished already). The test's event loop
// runs while it waits, so servers in the test process can answer. A run that does not finish
// within `timeoutSeconds` is killed; the outcome's code is -1 for a run that did not start,
// crashed or was killed.
Outcome finishCredctl(QProcess& process, int timeoutSeconds = 30);

// Runs credctl as startCredctl() does and waits for it as finishCredctl() does.
Outcome runCredctl(const QStringList& arguments, const QProcessEnvironment& environment,
                   const QString& workingDirectory, int timeoutSeconds = 30, const QByteArray& input = {});

// Two credctl runs in the same `environment` and `workingDirectory`, started back to back before
// either is waited for, then both waited for as finishCredctl() does.
QPair<Outcome, Outcome> runCredctlTogether(const QStringList& first, const QStringList& second,
                                           const QProcessEnvironment& environment, const QString& workingDirectory,
                                           int timeoutSeconds = 30);

// A failure message for an unexpected exit code: the command words and stderr, never stdout.
QString describe(const Outcome& outcome, int expected);

enum class Stream
{
    Out,
    Err
};

// Empty when the stream holds `text` (compared case-insensitively), else a failure message that
// names the command and shows that stream.
QString missingMention(const Outcome& outcome, Stream stream, const QString& text);

// credctl's --json output.
QJsonArray jsonArray(const QByteArray& bytes);
// The sorted credential names of a `credctl list --json` run, or one "<... failed>" entry when
// the run failed (so a comparison with the expected names fails and says why).
QStringList listedNames(const Outcome& listJson);
QJsonObject jsonObject(const QByteArray& bytes);

} // namespace cm::test

#define CHECK_EXIT(outcome, expected)                                                                                  \
    do {                                                                                                               \
        const cm::test::Outcome& checked_ = (outcome);                                                                 \
        QVERIFY2(checked_.code == (expected), qPrintable(cm::test::describe(checked_, (expected))));                   \
    } while (false)

// stderr must hold this text (case-insensitively); the message shows stderr, never stdout.
#define CHECK_STDERR(outcome, text)                                                                                    \
    do {                                                                                                               \
        const QString problem_ = cm::test::missingMention((outcome), cm::test::Stream::Err, QString(text));            \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                            \
    } while (false)

// stdout must hold this text (case-insensitively). The message shows stdout: use it only where
// stdout is known to hold no secret (commands without --reveal).
#define CHECK_STDOUT(outcome, text)                                                                                    \
    do {                                                                                                               \
        const QString problem_ = cm::test::missingMention((outcome), cm::test::Stream::Out, QString(text));            \
        QVERIFY2(problem_.isEmpty(), qPrintable(problem_));                                                            \
    } while (false)
