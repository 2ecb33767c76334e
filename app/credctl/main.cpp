#include "cli/Credctl.h"
#include "crypto/CoreDumps.h"

#include <QCoreApplication>

#include <cstdio>

namespace {

// credctl's stderr is its own sentences (docs/cli.md: one per error). Qt's library warnings,
// such as the PostgreSQL driver's "Unable to free statement" after a refused write, would
// come in between; they are shown only when CREDCTL_DEBUG is set.
void quietQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtFatalMsg || qEnvironmentVariableIsSet("CREDCTL_DEBUG"))
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

} // namespace

int main(int argc, char* argv[])
{
    cm::disableCoreDumps();
    qInstallMessageHandler(quietQtMessages);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("credctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CM_VERSION));
    return cm::Credctl().run(QCoreApplication::arguments());
}
