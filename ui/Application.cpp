#include "Application.h"

#include "LanguageSetting.h"
#include "MainWindow.h"
#include "StoreSession.h"
#include "i18n/Translations.h"
#include "widgets/ApplicationIcon.h"

#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace cm::ui {

int runApplication(QApplication& app, const std::function<void(MainWindow&)>& beforeShow)
{
    QApplication::setApplicationName(QStringLiteral("credential-manager"));
    QApplication::setOrganizationName(QStringLiteral("credential-manager"));
    QApplication::setApplicationVersion(QStringLiteral(CM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.aicredentialmanager.CredentialManager"));

    // Before the first translated text, the option descriptions included.
    if (Result<QString> language = Translations::install(LanguageSetting::atStartUp(app.arguments())); !language) {
        std::fprintf(stderr, "credential-manager: %s\n", qPrintable(language.error().message));
#ifdef Q_OS_WIN
        // A Windows GUI program has no console to show stderr in.
        QMessageBox::critical(nullptr, QStringLiteral("Credential Management"), language.error().message);
#endif
        return 1;
    }
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Credential Management"));

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
    const QCommandLineOption language(
        QStringLiteral("language"),
        QApplication::translate("main",
                                "The interface language: %1 (default: the choice in Settings, else the "
                                "system's).")
            .arg(Translations::available().join(QLatin1String(", "))),
        QStringLiteral("CODE"));
    parser.addOption(language);
    parser.process(app);

    QString path = parser.value(store);
    if (path.isEmpty())
        path = qEnvironmentVariable("CREDENTIAL_STORE");
    if (path.isEmpty())
        path = CredentialStore::defaultPath();

    StoreSession session(path);
    MainWindow window(session);
    if (beforeShow)
        beforeShow(window);
    window.show();
    window.openStore();
    // Decoding the icon's seven sizes takes a few milliseconds that the first paint need not
    // wait for; the window system takes a window's icon at any time.
    QTimer::singleShot(0, &window, [] { QApplication::setWindowIcon(applicationIcon()); });
    return app.exec();
}

} // namespace cm::ui
