#include "MainWindow.h"
#include "StoreSession.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("credential-manager"));
    QApplication::setApplicationDisplayName(QStringLiteral("Credential Management"));
    QApplication::setOrganizationName(QStringLiteral("credential-manager"));
    QApplication::setApplicationVersion(QStringLiteral(CM_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "AI Credential Manager"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption store(QStringLiteral("store"),
                                   QApplication::translate("main",
                                                           "The store file (default: $CREDENTIAL_STORE, "
                                                           "else the default store)."),
                                   QStringLiteral("PATH"));
    parser.addOption(store);
    parser.process(app);

    QString path = parser.value(store);
    if (path.isEmpty())
        path = qEnvironmentVariable("CREDENTIAL_STORE");
    if (path.isEmpty())
        path = cm::CredentialStore::defaultPath();

    cm::ui::StoreSession session(path);
    cm::ui::MainWindow window(session);
    window.show();
    window.openStore();
    return app.exec();
}
