// The interface language (issue "Languages"): the window and its dialogs in German once the German
// translation is installed, Qt's own strings with them, and the choice in Settings > Language,
// which is saved for the next start and loses to --language. Real widgets on the offscreen
// platform, on a temporary SQLite store.
//
// The expected German texts are read from translations/credential-manager_de.ts (CM_TS_DE), never
// written here: the test checks that what the translators wrote reaches the screen. A message that
// is missing or unfinished in the .ts fails the check that needs it.
//
// QSettings go to an ini file in a temporary folder, set as the default format and path before
// anything reads or writes them (the application's QSettings use the default format), so the
// user's own language choice is never touched: not in ~/.config, nor in the registry (Windows)
// or a plist (macOS). Every test starts with empty settings.

#include "LanguageSetting.h"
#include "MainWindow.h"
#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "dialogs/CredentialDialog.h"
#include "i18n/Translations.h"
#include "keys/EnvironmentKeySource.h"
#include "support/FormDriving.h"
#include "support/ModalDriver.h"
#include "support/StopIfFailed.h"
#include "support/TemporarySettings.h"
#include "support/TsFile.h"
#include "widgets/MessageBox.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <functional>
#include <memory>

using namespace cm;
using namespace cm::ui;

using namespace cm::test;

namespace {

// Set in the environment of the copy of this test that providerFieldsInGerman() starts.
constexpr char FreshProcessVariable[] = "CM_TEST_LANGUAGE_FRESH_PROCESS";
const QString LanguageKey = QStringLiteral("interface/language");
const QString RestartNotice = QStringLiteral("The new language is used the next time Credential Management starts.");

const cm::test::TsFile& germanTs()
{
    static const cm::test::TsFile file = cm::test::TsFile::read(QStringLiteral(CM_TS_DE));
    return file;
}

// Why a German translation is missing, for a failure message.
QString missing(const QString& context, const QString& source, const QString& comment = {})
{
    if (!germanTs().error.isEmpty())
        return germanTs().error;
    return QStringLiteral("the German .ts has no finished translation of %1")
        .arg(cm::test::messageName(context, source, comment));
}

// Declares `name` as the German translation from the .ts, or fails the test.
#define GERMAN(name, context, ...)                                                                                     \
    const QString name = germanTs().finished(QStringLiteral(context), __VA_ARGS__);                                    \
    QVERIFY2(!name.isEmpty(), qPrintable(missing(QStringLiteral(context), __VA_ARGS__)))

// Qt's own German (qtbase_de.qm), for comparing Qt's standard texts.
QString qtGerman(const char* context, const char* source)
{
    QTranslator translator;
    if (!translator.load(QStringLiteral("qtbase_de"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        return {};
    return translator.translate(context, source);
}

QString withoutMnemonic(QString text)
{
    return text.remove(QLatin1Char('&'));
}

} // namespace

class TestInterfaceLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void mainWindowInGerman();
    void credentialDialogInGerman();
    void providerFieldsInGerman();
    void choosingALanguageSavesItAndSaysSoOnce();
    void systemLanguageRemovesTheSetting_data();
    void systemLanguageRemovesTheSetting();
    void savedChoiceIsCheckedInANewWindow_data();
    void savedChoiceIsCheckedInANewWindow();
    void commandLineBeatsTheSavedChoice();
    void unknownSavedLanguageReadsAsSystem();

private:
    void installGerman();
    // The window on an empty temporary store, shown and opened as the application does.
    void openWindow();
    QAction* action(const QString& name) const { return child<QAction>(m_window.get(), name); }
    QStringList menuTitles() const;
    // Triggers the language action `name` with the next message box answered, and returns
    // whether a message box was shown.
    bool triggerLanguage(const QString& name);

    QTemporaryDir m_config;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestInterfaceLanguage::initTestCase()
{
    QVERIFY(m_config.isValid());
    const QString settingsProblem = useTemporarySettings(m_config.path());
    QVERIFY2(settingsProblem.isEmpty(), qPrintable(settingsProblem));
    QVERIFY2(germanTs().error.isEmpty(), qPrintable(germanTs().error));
}

void TestInterfaceLanguage::init()
{
    QSettings().clear();
    QCOMPARE(Translations::current(), QStringLiteral("en"));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A key, so the window offers Add Credential (without one it shows the missing-key banner).
    const SecureBuffer hex = MasterKey::generate().toHexLine();
    qputenv(EnvironmentKeySource::VariableName, hex.view().first(qsizetype(MasterKey::HexLength)).toByteArray());
}

void TestInterfaceLanguage::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_session.reset();
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    // Back to English, so the order of the tests does not matter.
    const Result<QString> english = Translations::install(QStringLiteral("en"));
    QVERIFY(english.ok());
    QSettings().clear();
    qunsetenv(EnvironmentKeySource::VariableName);
    m_dir.reset();
}

void TestInterfaceLanguage::installGerman()
{
    const Result<QString> german = Translations::install(QStringLiteral("de"));
    QVERIFY2(german.ok(), german.ok() ? "" : qPrintable(german.error().message));
    QCOMPARE(german.value(), QStringLiteral("de"));
    QCOMPARE(Translations::current(), QStringLiteral("de"));
}

void TestInterfaceLanguage::openWindow()
{
    m_session = std::make_unique<StoreSession>(m_dir->filePath(QStringLiteral("credentials.sqlite")));
    m_window = std::make_unique<MainWindow>(*m_session);
    m_window->show();
    m_window->openStore();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

QStringList TestInterfaceLanguage::menuTitles() const
{
    QStringList titles;
    for (const QAction* entry : m_window->menuBar()->actions()) {
        if (entry->menu())
            titles << entry->menu()->title();
    }
    return titles;
}

bool TestInterfaceLanguage::triggerLanguage(const QString& name)
{
    // lastText() only changes when a box is shown: a text no box of the window shows tells
    // whether the trigger showed one.
    const QString marker = QStringLiteral("no box since the marker");
    MessageBox::setNextAnswer(QMessageBox::Ok);
    MessageBox::information(nullptr, QString(), marker);
    MessageBox::setNextAnswer(QMessageBox::Ok);
    if (QAction* choice = action(name))
        choice->trigger();
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    return MessageBox::lastText() != marker;
}

void TestInterfaceLanguage::mainWindowInGerman()
{
    installGerman();
    STOP_IF_FAILED();
    openWindow();
    STOP_IF_FAILED();

    GERMAN(title, "cm::ui::MainWindow", QStringLiteral("Credential Management"));
    QVERIFY2(title != QLatin1String("Credential Management"), "the German title is the English one");
    QCOMPARE(m_window->windowTitle(), title);

    GERMAN(add, "cm::ui::MainWindow", QStringLiteral("&Add Credential"));
    QVERIFY(action(QStringLiteral("addCredentialAction")));
    QCOMPARE(action(QStringLiteral("addCredentialAction"))->text(), add);

    GERMAN(credentials, "cm::ui::MainWindow", QStringLiteral("&Credentials"));
    GERMAN(key, "cm::ui::MainWindow", QStringLiteral("&Key"));
    GERMAN(settings, "cm::ui::MainWindow", QStringLiteral("&Settings"));
    GERMAN(help, "cm::ui::MainWindow", QStringLiteral("&Help"));
    QCOMPARE(menuTitles(), (QStringList { credentials, key, settings, help }));

    GERMAN(about, "cm::ui::MainWindow", QStringLiteral("&About Credential Management"));
    QVERIFY(action(QStringLiteral("aboutAction")));
    QCOMPARE(action(QStringLiteral("aboutAction"))->text(), about);

    // Settings > Language: its title, "System Language", and each language in its own name.
    GERMAN(languageMenu, "cm::ui::MainWindow", QStringLiteral("&Language"));
    GERMAN(system, "cm::ui::MainWindow", QStringLiteral("System Language"));
    QAction* systemAction = action(QStringLiteral("languageAction_system"));
    QVERIFY(systemAction);
    QCOMPARE(systemAction->text(), system);
    auto* menu = qobject_cast<QMenu*>(systemAction->parent());
    QVERIFY2(menu, "the language actions are not in a menu");
    QCOMPARE(menu->title(), languageMenu);
    QCOMPARE(action(QStringLiteral("languageAction_de"))->text(), QStringLiteral("Deutsch"));
    QCOMPARE(action(QStringLiteral("languageAction_en"))->text(), QStringLiteral("English"));
}

void TestInterfaceLanguage::credentialDialogInGerman()
{
    // Only the dialog's own texts and Qt's are compared here. The provider names and field
    // labels come from ProviderRegistry::builtin(), a function-local static translated once,
    // when it is first used: in this process that may have been in English before this test,
    // so providerFieldsInGerman() checks them in a process of its own.
    installGerman();
    STOP_IF_FAILED();
    openWindow();
    STOP_IF_FAILED();

    GERMAN(title, "cm::ui::CredentialDialog", QStringLiteral("Add Credential"));
    GERMAN(provider, "cm::ui::CredentialDialog", QStringLiteral("&Provider"));
    GERMAN(requiredNote, "cm::ui::CredentialDialog", QStringLiteral("Fields marked * are required."));
    GERMAN(testConnection, "cm::ui::CredentialDialog", QStringLiteral("&Test Connection"));
    GERMAN(namePlaceholder, "cm::ui::CredentialDialog", QStringLiteral("A name that identifies this credential"));
    // Qt's standard buttons read as in qtbase_de, which Translations::install() loads too.
    const QString qtCancel = qtGerman("QPlatformTheme", "Cancel");
    const QString qtSave = qtGerman("QPlatformTheme", "Save");
    QVERIFY2(!qtCancel.isEmpty() && withoutMnemonic(qtCancel) != QLatin1String("Cancel"),
             "qtbase_de.qm has no German Cancel; install Qt's translations (qt6-translations-l10n)");

    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        QCOMPARE(dialog->windowTitle(), title);
        QCOMPARE(child<QLabel>(dialog, QStringLiteral("label_provider"))->text(), provider);
        QCOMPARE(child<QLabel>(dialog, QStringLiteral("requiredNote"))->text(), requiredNote);
        QCOMPARE(child<QPushButton>(dialog, QStringLiteral("testConnectionButton"))->text(), testConnection);
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("credentialName"))->placeholderText(), namePlaceholder);
        QCOMPARE(withoutMnemonic(child<QPushButton>(dialog, QStringLiteral("cancelButton"))->text()),
                 withoutMnemonic(qtCancel));
        QCOMPARE(withoutMnemonic(child<QPushButton>(dialog, QStringLiteral("saveButton"))->text()),
                 withoutMnemonic(qtSave));
    });
    action(QStringLiteral("addCredentialAction"))->trigger();
    QVERIFY2(driver.ran(), "Add Credential opened no dialog");
}

void TestInterfaceLanguage::providerFieldsInGerman()
{
    // The registry is translated once, when ProviderRegistry::builtin() is first used; another
    // test in this process may already have made it in English. So this test runs again in a
    // process of its own, where German is installed before anything reads the registry, as
    // the application does at start-up.
    if (!qEnvironmentVariableIsSet(FreshProcessVariable)) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QLatin1String(FreshProcessVariable), QStringLiteral("1"));
        QProcess fresh;
        fresh.setProcessEnvironment(environment);
        fresh.setProcessChannelMode(QProcess::MergedChannels);
        fresh.start(QCoreApplication::applicationFilePath(), { QStringLiteral("providerFieldsInGerman") });
        QVERIFY2(fresh.waitForFinished(120000), "the fresh test process did not finish");
        const QString output = QString::fromUtf8(fresh.readAll());
        QVERIFY2(fresh.exitStatus() == QProcess::NormalExit && fresh.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("PASS   : TestInterfaceLanguage::providerFieldsInGerman()")),
                 qPrintable(output));
        return;
    }

    installGerman();
    STOP_IF_FAILED();
    openWindow();
    STOP_IF_FAILED();

    // The English texts of every provider, from the registry file the build embeds.
    QFile registryFile(QStringLiteral(CM_PROVIDERS_JSON));
    QVERIFY2(registryFile.open(QIODevice::ReadOnly), qPrintable(registryFile.fileName()));
    const QJsonArray providers = QJsonDocument::fromJson(registryFile.readAll()).array();
    QVERIFY(!providers.isEmpty());
    const QString context = QStringLiteral("cm::ProviderRegistry");

    int checkedFields = 0;
    int differentFromEnglish = 0;
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        for (const QJsonValue& entry : providers) {
            const QJsonObject provider = entry.toObject();
            const QString id = provider.value(QStringLiteral("id")).toString();
            chooseProvider(dialog, id);
            STOP_IF_FAILED();
            const QString englishName = provider.value(QStringLiteral("name")).toString();
            GERMAN(name, "cm::ProviderRegistry", englishName, QStringLiteral("provider name"));
            QCOMPARE(child<QComboBox>(dialog, QStringLiteral("providerBox"))->currentText(), name);

            for (const QJsonValue& fieldEntry : provider.value(QStringLiteral("fields")).toArray()) {
                const QJsonObject field = fieldEntry.toObject();
                const QString key = field.value(QStringLiteral("key")).toString();
                const QString english = field.value(QStringLiteral("label")).toString();
                GERMAN(label, "cm::ProviderRegistry", english, QStringLiteral("field label"));
                const bool required = field.value(QStringLiteral("required")).toBool();
                auto* shown = child<QLabel>(dialog, QLatin1String("label_") + key);
                QVERIFY2(shown, qPrintable(id + QLatin1Char('/') + key));
                QCOMPARE(shown->text(),
                         QString(label).replace(QLatin1Char('&'), QLatin1String("&&"))
                             + (required ? QStringLiteral(" *") : QString()));
                auto* edit = child<QLineEdit>(dialog, QLatin1String("field_") + key);
                QVERIFY2(edit, qPrintable(id + QLatin1Char('/') + key));
                QCOMPARE(edit->accessibleName(), label);
                const QString help = field.value(QStringLiteral("help")).toString();
                if (!help.isEmpty()) {
                    GERMAN(germanHelp, "cm::ProviderRegistry", help, QStringLiteral("field help"));
                    QCOMPARE(edit->toolTip(), germanHelp);
                }
                ++checkedFields;
                if (label != english)
                    ++differentFromEnglish;
            }
        }
    });
    action(QStringLiteral("addCredentialAction"))->trigger();
    QVERIFY2(driver.ran(), "Add Credential opened no dialog");
    STOP_IF_FAILED();
    QVERIFY(checkedFields > 0);
    // Some labels read the same in both languages ("Token"); most must not.
    QVERIFY2(differentFromEnglish > checkedFields / 2, "the German field labels are mostly the English ones");
}

void TestInterfaceLanguage::choosingALanguageSavesItAndSaysSoOnce()
{
    openWindow();
    STOP_IF_FAILED();
    QVERIFY(action(QStringLiteral("languageAction_system"))->isChecked());

    QVERIFY2(triggerLanguage(QStringLiteral("languageAction_de")), "choosing German said nothing");
    QCOMPARE(MessageBox::lastText(), RestartNotice);
    QCOMPARE(LanguageSetting::saved(), QStringLiteral("de"));
    QCOMPARE(QSettings().value(LanguageKey).toString(), QStringLiteral("de"));
    QVERIFY(action(QStringLiteral("languageAction_de"))->isChecked());
    QVERIFY(!action(QStringLiteral("languageAction_system"))->isChecked());
    // It applies at the next start: this window stays English.
    QCOMPARE(Translations::current(), QStringLiteral("en"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Credential Management"));

    // The same choice again changes nothing, so it says nothing.
    QVERIFY2(!triggerLanguage(QStringLiteral("languageAction_de")), "choosing German again showed the notice again");
    QCOMPARE(LanguageSetting::saved(), QStringLiteral("de"));
    QVERIFY(action(QStringLiteral("languageAction_de"))->isChecked());

    // Another language is a change again.
    QVERIFY2(triggerLanguage(QStringLiteral("languageAction_en")), "choosing English said nothing");
    QCOMPARE(MessageBox::lastText(), RestartNotice);
    QCOMPARE(LanguageSetting::saved(), QStringLiteral("en"));
    QVERIFY(action(QStringLiteral("languageAction_en"))->isChecked());
    QVERIFY(!action(QStringLiteral("languageAction_de"))->isChecked());
}

void TestInterfaceLanguage::systemLanguageRemovesTheSetting_data()
{
    QTest::addColumn<QString>("stored"); // the raw value in QSettings
    QTest::newRow("de") << QStringLiteral("de");
    // A code this build has no translation for reads as the system language, yet must not stay
    // stored: a later version with that translation would start in it.
    QTest::newRow("unknown fr") << QStringLiteral("fr");
}

void TestInterfaceLanguage::systemLanguageRemovesTheSetting()
{
    QFETCH(QString, stored);
    QSettings().setValue(LanguageKey, stored);
    openWindow();
    STOP_IF_FAILED();

    QVERIFY2(triggerLanguage(QStringLiteral("languageAction_system")), "choosing the system language said nothing");
    QCOMPARE(MessageBox::lastText(), RestartNotice);
    QVERIFY2(!QSettings().contains(LanguageKey), "the language setting is still there");
    QCOMPARE(LanguageSetting::saved(), QString());
    QVERIFY(action(QStringLiteral("languageAction_system"))->isChecked());
    QVERIFY(!triggerLanguage(QStringLiteral("languageAction_system")));
}

void TestInterfaceLanguage::savedChoiceIsCheckedInANewWindow_data()
{
    QTest::addColumn<QString>("stored"); // the raw value in QSettings; empty: none
    QTest::addColumn<QString>("checked");
    QTest::newRow("nothing saved") << QString() << QStringLiteral("languageAction_system");
    QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("languageAction_de");
    QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("languageAction_en");
    QTest::newRow("unknown fr") << QStringLiteral("fr") << QStringLiteral("languageAction_system");
}

void TestInterfaceLanguage::savedChoiceIsCheckedInANewWindow()
{
    QFETCH(QString, stored);
    QFETCH(QString, checked);
    if (!stored.isEmpty())
        QSettings().setValue(LanguageKey, stored);
    openWindow();
    STOP_IF_FAILED();
    const QList<QAction*> choices = m_window->findChildren<QAction*>(
        QRegularExpression(QStringLiteral("^languageAction_")), Qt::FindChildrenRecursively);
    QCOMPARE(choices.size(), 1 + Translations::available().size());
    for (const QAction* choice : choices)
        QVERIFY2(choice->isChecked() == (choice->objectName() == checked), qPrintable(choice->objectName()));
}

void TestInterfaceLanguage::commandLineBeatsTheSavedChoice()
{
    LanguageSetting::save(QStringLiteral("de"));
    QCOMPARE(LanguageSetting::atStartUp({ QStringLiteral("app") }), QStringLiteral("de"));
    QCOMPARE(LanguageSetting::atStartUp({ QStringLiteral("app"), QStringLiteral("--language"), QStringLiteral("en") }),
             QStringLiteral("en"));
    QCOMPARE(LanguageSetting::atStartUp({ QStringLiteral("app"), QStringLiteral("--language=en") }),
             QStringLiteral("en"));
    // The saved choice itself stays.
    QCOMPARE(LanguageSetting::saved(), QStringLiteral("de"));
}

void TestInterfaceLanguage::unknownSavedLanguageReadsAsSystem()
{
    // A choice from a newer version (or a hand-edited file) that this build has no translation for.
    QSettings().setValue(LanguageKey, QStringLiteral("fr"));
    QCOMPARE(LanguageSetting::saved(), QString());
    QCOMPARE(LanguageSetting::atStartUp({ QStringLiteral("app") }), QString());
    // Installing what start-up would install works: the system's language, English under C.
    const Result<QString> installed = Translations::install(LanguageSetting::atStartUp({ QStringLiteral("app") }));
    QVERIFY(installed.ok());
    QCOMPARE(installed.value(), QStringLiteral("en"));
}

QTEST_MAIN(TestInterfaceLanguage)
#include "TestInterfaceLanguage.moc"
