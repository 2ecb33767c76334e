// Help > About (issue "About and version information"): opened from the window's menu action,
// it names this version, the licence and the versions of Qt, libsodium and QtKeychain that
// handle the secrets; Copy Version Information puts a report for bug reports on the clipboard
// that holds neither the store's location nor anything kept in QSettings. The window icon is
// embedded in every size the application draws.
//
// QSettings go to an ini file in a temporary folder, set as the default format and path before
// anything reads or writes them (the application's QSettings use the default format), so the
// user's own settings are never touched: not in ~/.config, nor in the registry (Windows) or a
// plist (macOS).

#include "LanguageSetting.h"
#include "MainWindow.h"
#include "StoreSession.h"
#include "common/BuildInfo.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "dialogs/AboutDialog.h"
#include "i18n/Translations.h"
#include "keys/EnvironmentKeySource.h"
#include "support/ModalDriver.h"
#include "support/StopIfFailed.h"
#include "support/TemporarySettings.h"
#include "widgets/ApplicationIcon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <sodium.h>

#include <functional>
#include <memory>

using namespace cm;
using namespace cm::ui;

using namespace cm::test;

namespace {

const QRegularExpression VersionPattern(QStringLiteral("^\\d+\\.\\d+\\.\\d+$"));

// QtKeychain has no run-time version call, so the application names the version its build found.
// Read here from that installation's own version file (PACKAGE_VERSION in the
// Qt6KeychainConfigVersion.cmake next to the Qt6KeychainConfig.cmake CMake used), not from the
// CMake variable the application is compiled with. Empty, with `error` set, when unreadable.
QString installedQtKeychainVersion(QString* error)
{
    const QDir folder(QStringLiteral(CM_QTKEYCHAIN_CMAKE_DIR));
    for (const QString& name :
         { QStringLiteral("Qt6KeychainConfigVersion.cmake"), QStringLiteral("qt6keychain-config-version.cmake") }) {
        QFile file(folder.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        static const QRegularExpression line(QStringLiteral("^\\s*set\\(\\s*PACKAGE_VERSION\\s+\"([^\"]*)\"\\s*\\)"),
                                             QRegularExpression::MultilineOption
                                                 | QRegularExpression::CaseInsensitiveOption);
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(file.readAll()));
        if (match.hasMatch())
            return match.captured(1);
        *error = QStringLiteral("%1 sets no PACKAGE_VERSION").arg(file.fileName());
        return {};
    }
    *error = QStringLiteral("no QtKeychain version file in %1").arg(folder.path());
    return {};
}

// How the About dialog and the report name the libraries: "Qt 6.4.2" and so on.
QStringList namedComponents(const QString& qtKeychain)
{
    return { QStringLiteral("Qt ") + QLatin1String(qVersion()),
             QStringLiteral("libsodium ") + QLatin1String(sodium_version_string()),
             QStringLiteral("QtKeychain ") + qtKeychain };
}

QString labelText(QWidget* dialog, const QString& name)
{
    const auto* label = child<QLabel>(dialog, name);
    return label ? label->text() : QStringLiteral("<no label %1>").arg(name);
}

} // namespace

class TestAboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void opensModallyFromTheHelpMenu();
    void namesVersionLicenceAndLibraries();
    void copiesAReportWithoutStoreOrSettings();
    void applicationIconHasEveryEmbeddedSize();

private:
    QString storePath() const { return m_dir->filePath(m_storeName); }
    void openWindow();
    // Triggers Help > About and runs `check` on the dialog; fails when no About dialog opened.
    void throughAboutAction(const std::function<void(AboutDialog*)>& check);

    QTemporaryDir m_config;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_storeName;
    std::unique_ptr<StoreSession> m_session;
    std::unique_ptr<MainWindow> m_window;
};

void TestAboutDialog::initTestCase()
{
    QVERIFY(m_config.isValid());
    const QString settingsProblem = useTemporarySettings(m_config.path());
    QVERIFY2(settingsProblem.isEmpty(), qPrintable(settingsProblem));
}

void TestAboutDialog::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // A name that appears nowhere but in the store's location, to look for in the report.
    m_storeName = QStringLiteral("store-%1.sqlite").arg(QUuid::createUuid().toString(QUuid::Id128));
    const SecureBuffer hex = MasterKey::generate().toHexLine();
    qputenv(EnvironmentKeySource::VariableName, hex.view().first(qsizetype(MasterKey::HexLength)).toByteArray());
}

void TestAboutDialog::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_session.reset();
    QSettings().clear();
    qunsetenv(EnvironmentKeySource::VariableName);
    m_dir.reset();
}

void TestAboutDialog::openWindow()
{
    m_session = std::make_unique<StoreSession>(storePath());
    m_window = std::make_unique<MainWindow>(*m_session);
    m_window->show();
    m_window->openStore();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestAboutDialog::throughAboutAction(const std::function<void(AboutDialog*)>& check)
{
    auto* about = child<QAction>(m_window.get(), QStringLiteral("aboutAction"));
    QVERIFY(about);
    ModalDriver<AboutDialog> driver([&](AboutDialog* dialog) { check(dialog); });
    about->trigger();
    QVERIFY2(driver.ran(), "Help > About opened no About dialog");
}

void TestAboutDialog::opensModallyFromTheHelpMenu()
{
    openWindow();
    STOP_IF_FAILED();
    bool closed = false;
    throughAboutAction([&](AboutDialog* dialog) {
        QVERIFY(dialog->isModal());
        QCOMPARE(dialog->parentWidget(), m_window.get());
        QCOMPARE(dialog->windowTitle(), QStringLiteral("About Credential Management"));
        // Closed like a user closes it: with its Close button.
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(buttons);
        QPushButton* close = buttons->button(QDialogButtonBox::Close);
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        closed = !dialog->isVisible();
    });
    STOP_IF_FAILED();
    QVERIFY2(closed, "the Close button did not close the About dialog");
    QVERIFY(!QApplication::activeModalWidget());
}

void TestAboutDialog::namesVersionLicenceAndLibraries()
{
    openWindow();
    STOP_IF_FAILED();
    // An empty or malformed version would still make the label "AI Credential Manager <it>".
    const QString version = BuildInfo::version();
    QVERIFY2(VersionPattern.match(version).hasMatch(), qPrintable(version));
    QCOMPARE(BuildInfo::licence(), QStringLiteral("Apache-2.0"));
    QString error;
    const QString keychain = installedQtKeychainVersion(&error);
    QVERIFY2(VersionPattern.match(keychain).hasMatch(),
             qPrintable(error.isEmpty() ? QStringLiteral("QtKeychain version \"%1\"").arg(keychain) : error));

    // The licence named is the one shipped in LICENSE.
    QFile licenceFile(QStringLiteral(CM_SOURCE_DIR "/LICENSE"));
    QVERIFY(licenceFile.open(QIODevice::ReadOnly));
    const QString shipped = QString::fromUtf8(licenceFile.read(200)).simplified();
    QVERIFY2(shipped.startsWith(QLatin1String("Apache License Version 2.0")), qPrintable(shipped));

    throughAboutAction([&](AboutDialog* dialog) {
        QCOMPARE(labelText(dialog, QStringLiteral("aboutVersion")), QStringLiteral("AI Credential Manager ") + version);
        const QString licence = labelText(dialog, QStringLiteral("aboutLicence"));
        QVERIFY2(licence.contains(QLatin1String("Apache License, Version 2.0")), qPrintable(licence));
        QVERIFY2(licence.contains(QLatin1String("Apache-2.0")), qPrintable(licence));
        const QString components = labelText(dialog, QStringLiteral("aboutComponents"));
        for (const QString& expected : namedComponents(keychain)) {
            QVERIFY2(components.contains(expected),
                     qPrintable(QStringLiteral("\"%1\" does not name %2").arg(components, expected)));
        }
    });
}

void TestAboutDialog::copiesAReportWithoutStoreOrSettings()
{
    // Settings as a user who has used the window has them: a language choice (not the one
    // running) and the window's layout, written when a first window closed.
    LanguageSetting::save(QStringLiteral("de"));
    openWindow();
    STOP_IF_FAILED();
    QVERIFY(m_window->close());
    m_window.reset();
    m_session.reset();
    openWindow();
    STOP_IF_FAILED();
    QSettings settings;
    QVERIFY2(settings.allKeys().size() > 1, qPrintable(settings.allKeys().join(QLatin1String(", "))));

    QClipboard* clipboard = QGuiApplication::clipboard();
    clipboard->setText(QStringLiteral("before the copy"));
    QCOMPARE(clipboard->text(), QStringLiteral("before the copy"));
    throughAboutAction([&](AboutDialog* dialog) {
        auto* copy = child<QPushButton>(dialog, QStringLiteral("copyVersionInfo"));
        QVERIFY(copy);
        QTest::mouseClick(copy, Qt::LeftButton);
        QTRY_COMPARE(clipboard->text(), AboutDialog::versionReport());
    });
    STOP_IF_FAILED();

    const QString report = clipboard->text();
    const QStringList lines = report.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty(), "the report is empty");
    QCOMPARE(lines.first(), QStringLiteral("AI Credential Manager ") + BuildInfo::version());
    QString error;
    const QString keychain = installedQtKeychainVersion(&error);
    QVERIFY2(!keychain.isEmpty(), qPrintable(error));
    for (const QString& expected : namedComponents(keychain)) {
        QVERIFY2(lines.contains(expected), qPrintable(QStringLiteral("no line \"%1\" in:\n%2").arg(expected, report)));
    }
    // The language running, which is not the saved choice: that applies at the next start.
    QVERIFY2(report.contains(QStringLiteral("interface language ") + Translations::current()), qPrintable(report));
    QVERIFY2(!report.contains(QLatin1String("interface language de")), qPrintable(report));

    // Nothing of where the store is.
    for (const QString& path : { storePath(), QDir::toNativeSeparators(storePath()), m_dir->path(), m_storeName,
                                 m_storeName.section(QLatin1Char('.'), 0, 0) }) {
        QVERIFY2(!report.contains(path), qPrintable(QStringLiteral("the report holds %1:\n%2").arg(path, report)));
    }
    // Nothing kept in QSettings: neither its file, nor a key, nor a value in any form.
    QVERIFY2(!report.contains(settings.fileName()) && !report.contains(m_config.path()), qPrintable(report));
    for (const QString& key : settings.allKeys()) {
        QVERIFY2(!report.contains(key), qPrintable(QStringLiteral("the report holds the setting %1").arg(key)));
        const QVariant value = settings.value(key);
        const QByteArray bytes = value.typeId() == QMetaType::QByteArray ? value.toByteArray() : QByteArray();
        if (bytes.size() >= 4) {
            QVERIFY2(!report.toLatin1().contains(bytes) && !report.contains(QLatin1String(bytes.toBase64()))
                         && !report.contains(QLatin1String(bytes.toHex())),
                     qPrintable(QStringLiteral("the report holds the value of %1").arg(key)));
        } else if (value.toString().size() >= 3) {
            QVERIFY2(!report.contains(value.toString()),
                     qPrintable(QStringLiteral("the report holds the value of %1").arg(key)));
        }
    }
}

void TestAboutDialog::applicationIconHasEveryEmbeddedSize()
{
    const QIcon icon = applicationIcon();
    QVERIFY(!icon.isNull());
    const QList<int> sizes { 16, 24, 32, 48, 64, 128, 256 };
    QList<QSize> expected;
    for (int size : sizes)
        expected << QSize(size, size);
    QList<QSize> available = icon.availableSizes();
    std::sort(available.begin(), available.end(), [](const QSize& a, const QSize& b) { return a.width() < b.width(); });
    QCOMPARE(available, expected);

    for (int size : sizes) {
        // Each size is drawn from its own file, not scaled from another.
        const QImage image = icon.pixmap(QSize(size, size)).toImage().convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(image.size(), QSize(size, size));
        QVERIFY2(QFile::exists(QStringLiteral(":/icons/credential-manager-%1.png").arg(size)),
                 qPrintable(QString::number(size)));
        int opaque = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                if (qAlpha(image.pixel(x, y)) > 0)
                    ++opaque;
            }
        }
        QVERIFY2(opaque > 0, qPrintable(QStringLiteral("the %1 px icon is fully transparent").arg(size)));
    }
}

QTEST_MAIN(TestAboutDialog)
#include "TestAboutDialog.moc"
