// The main window (issue 4, "Main window", "Missing or wrong key", "Tests"), driven like a
// user drives it: actions, clicks on rows and headers, typing, Enter, Tab and Escape, on a real
// temporary SQLite store. Modal dialogs are driven from inside their exec() by ModalDriver.
// Setting up a pasted key writes to the REAL Secret Service (scripts/with-keyring); that one
// test skips only when CM_REQUIRE_KEYRING is unset and no keychain answers.
//
// QSettings go to a temporary XDG_CONFIG_HOME, set before anything reads or writes them, so
// the user's own settings are never touched; the test checks that they hold no name or secret.

#include "MainWindow.h"
#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "dialogs/CredentialDialog.h"
#include "dialogs/DeleteConfirmationDialog.h"
#include "dialogs/KeySetupDialog.h"
#include "dialogs/RotateKeyDialog.h"
#include "keys/EnvironmentKeySource.h"
#include "keys/Keychain.h"
#include "keys/KeychainKeySource.h"
#include "models/CredentialFilterModel.h"
#include "models/CredentialTableModel.h"
#include "support/CredctlProcess.h"
#include "support/FormDriving.h"
#include "support/ModalDriver.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"
#include "support/StopIfFailed.h"
#include "widgets/MessageBox.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <QUuid>

#include <functional>
#include <memory>
#include <optional>

using namespace cm;
using namespace cm::test;
using namespace cm::ui;

namespace {

constexpr qsizetype HexLength = 2 * qsizetype(MasterKey::Size);
constexpr int KeychainTimeoutMs = 10000;

QByteArray hexOf(const MasterKey& key)
{
    return key.toHexLine().view().first(HexLength).toByteArray();
}

// The centre of a row's name cell, in viewport coordinates.
QPoint rowPoint(QTableView* table, int row)
{
    return table->visualRect(table->model()->index(row, CredentialTableModel::NameColumn)).center();
}

int rowOfName(const QAbstractItemModel* model, const QString& name)
{
    return int(names(model).indexOf(name));
}

bool keychainAnswers()
{
    const Result<std::optional<SecureBuffer>> answer = Keychain::readBlocking(
        QStringLiteral("cm-test-probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces), KeychainTimeoutMs);
    return answer.ok();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void titleEmptyHintAndShortcut();
    void addsThroughTheWindow();
    void addedEmbeddingsBecomeTheDefault();
    void clickOnARowEditsIt();
    void enterOnASelectedRowEditsIt();
    void typedNameDeleteRemovesTheRow();
    void missingKeyListsReadOnly();
    void pastedWrongKeyIsRefused();
    void pastedKeyIsKeptInTheKeychain();
    void wrongKeyShowsTheBanner();
    void searchFiltersByNameAndProvider();
    void headersSort();
    void escapeClosesTheDialogWithoutSaving();
    void rotatesTheKey();
    void changesElsewhereShowUpLive();
    void opensAnotherStore();
    void largeStoreShowsItsFirstScreenfulFirst();
    void asksForADatabasePassword();

private:
    QString storePath() const { return m_dir->filePath(QStringLiteral("credentials.sqlite")); }
    // Credentials written through a session of their own, as another run of the program would.
    void seed(const QList<std::pair<QString, QString>>& nameAndProvider);
    // The window on the store, shown and opened as the application does.
    void openWindow();
    void activate();
    void closeWindow();
    QTableView* table() const { return child<QTableView>(m_window.get(), QStringLiteral("credentialTable")); }
    QAction* action(const char* name) const { return child<QAction>(m_window.get(), QLatin1String(name)); }
    QString storeId() const;
    // The settings file, after the window has written it, holds none of these texts.
    void checkSettingsHoldNone(const QStringList& texts);

    QTemporaryDir m_config;
    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_keyHex;
    // The secret of every seeded credential, by name.
    QMap<QString, QString> m_secrets;
    std::unique_ptr<StoreSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_keychainEntries; // store ids whose keychain entry cleanup() removes
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    QApplication::setOrganizationName(QStringLiteral("credential-manager"));
    QApplication::setApplicationName(QStringLiteral("credential-manager"));
    const QString settingsFile = QSettings().fileName();
    QVERIFY2(settingsFile.startsWith(m_config.path() + QLatin1Char('/')),
             qPrintable(QStringLiteral("QSettings would write %1").arg(settingsFile)));
}

void TestMainWindow::init()
{
    QSettings().clear(); // every test starts with the window's default layout and sort order
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_keyHex = hexOf(MasterKey::generate());
    qputenv(EnvironmentKeySource::VariableName, m_keyHex);
    m_secrets.clear();
}

void TestMainWindow::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_session.reset();
    for (const QString& entry : std::as_const(m_keychainEntries)) {
        const Result<void> forgotten = KeychainKeySource::forget(entry);
        if (!forgotten)
            qWarning("removing the keychain entry failed: %s", outcome(forgotten).constData());
    }
    m_keychainEntries.clear();
    qunsetenv(EnvironmentKeySource::VariableName);
    m_dir.reset();
}

void TestMainWindow::seed(const QList<std::pair<QString, QString>>& nameAndProvider)
{
    StoreSession session(storePath());
    VERIFY_OK(session.open());
    QCOMPARE(session.keyState(), StoreSession::KeyState::Ready);
    for (const auto& [name, provider] : nameAndProvider) {
        const QString secret = makeSecret("seed");
        FieldValues fields;
        if (provider == QLatin1String("azure-openai")) {
            fields.insert(QStringLiteral("endpoint"), QStringLiteral("https://seed.openai.azure.com"));
            fields.insert(QStringLiteral("instance_name"), QStringLiteral("seed"));
            fields.insert(QStringLiteral("api_key"), secret);
        } else if (provider == QLatin1String("azure-openai-embeddings")) {
            fields.insert(QStringLiteral("instance_name"), QStringLiteral("seed-emb"));
            fields.insert(QStringLiteral("deployment_name"), QStringLiteral("text-embedding-3-small"));
            fields.insert(QStringLiteral("api_key"), secret);
        } else if (provider == QLatin1String("ionos")) {
            fields.insert(QStringLiteral("token"), secret);
        } else if (provider == QLatin1String("custom")) {
            fields.insert(QStringLiteral("api_key"), secret);
            fields.insert(QStringLiteral("endpoint"), QStringLiteral("https://llm.example.com/v1"));
        } else {
            fields.insert(QStringLiteral("api_key"), secret);
        }
        VERIFY_OK(session.create(name, provider, fields));
        m_secrets.insert(name, secret);
    }
}

void TestMainWindow::openWindow()
{
    m_session = std::make_unique<StoreSession>(storePath());
    m_window = std::make_unique<MainWindow>(*m_session);
    m_window->show();
    m_window->openStore();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::activate()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestMainWindow::closeWindow()
{
    QVERIFY(m_window->close());
}

QString TestMainWindow::storeId() const
{
    const SqlConnection raw(storePath(), QStringLiteral("QSQLITE_OPEN_READONLY"));
    return raw.isOpen() ? raw.meta().value(QStringLiteral("store_id")) : QString();
}

void TestMainWindow::checkSettingsHoldNone(const QStringList& texts)
{
    QFile file(QSettings().fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QByteArray settings = file.readAll();
    QVERIFY2(settings.contains("mainWindow"), "the window kept no layout in QSettings");
    for (const QString& text : texts) {
        for (const QByteArray& form : { text.toUtf8(), text.toUtf8().toBase64(), text.toUtf8().toHex() })
            QVERIFY2(!settings.contains(form), "QSettings hold a credential name or value");
    }
    QVERIFY2(!settings.contains(m_keyHex), "QSettings hold the encryption key");
}

void TestMainWindow::titleEmptyHintAndShortcut()
{
    openWindow();
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Credential Management"));
    QAction* add = action("addCredentialAction");
    QVERIFY(add);
    QCOMPARE(add->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_N));
    QVERIFY(add->isEnabled());
    QVERIFY(add->text().contains(QLatin1String("Add Credential")));

    // No store file yet: the hint to add the first credential instead of an empty table.
    auto* hint = child<QLabel>(m_window.get(), QStringLiteral("emptyHint"));
    QVERIFY(hint);
    QVERIFY(hint->isVisible());
    QVERIFY2(hint->text().contains(QLatin1String("Add Credential")), qPrintable(hint->text()));
    QVERIFY(!table()->isVisible());
    QVERIFY(!child<QWidget>(m_window.get(), QStringLiteral("keyBanner"))->isVisible());
    const QString keyLabel = child<QLabel>(m_window.get(), QStringLiteral("keyLabel"))->text();
    QVERIFY2(keyLabel.contains(QLatin1String("CREDENTIAL_ENCRYPTION_KEY")), qPrintable(keyLabel));
    const QString storeLabel = child<QLabel>(m_window.get(), QStringLiteral("storeLabel"))->text();
    QVERIFY2(storeLabel.contains(QDir::toNativeSeparators(storePath())), qPrintable(storeLabel));

    // Ctrl+N opens the add dialog.
    activate();
    STOP_IF_FAILED();
    ModalDriver<CredentialDialog> driver([](CredentialDialog* dialog) {
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Add Credential"));
        QVERIFY(dialog->isModal());
        dialog->reject();
    });
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY2(driver.ran(), "Ctrl+N opened no dialog");
}

void TestMainWindow::addsThroughTheWindow()
{
    openWindow();
    // No store file yet, so there is nothing to rotate; the first credential makes one.
    QVERIFY(!action("rotateKeyAction")->isEnabled());
    const QString name = randomValue(QStringLiteral("Production "));
    const QString secret = makeSecret("window");
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        QVERIFY(dialog->isModal());
        QCOMPARE(QApplication::activeModalWidget(), dialog);
        chooseProvider(dialog, QStringLiteral("azure-openai"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("credentialName")), name);
        QTest::keyClicks(field(dialog, QStringLiteral("endpoint")), QStringLiteral("https://prod.openai.azure.com"));
        QTest::keyClicks(field(dialog, QStringLiteral("instance_name")), QStringLiteral("prod"));
        QTest::keyClicks(field(dialog, QStringLiteral("api_key")), secret);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    });
    action("addCredentialAction")->trigger();
    QVERIFY(driver.ran());
    STOP_IF_FAILED();

    QVERIFY(table()->isVisible());
    QVERIFY(!child<QLabel>(m_window.get(), QStringLiteral("emptyHint"))->isVisible());
    QCOMPARE(names(table()->model()), QStringList { name });
    QCOMPARE(table()->model()->index(0, CredentialTableModel::ProviderColumn).data().toString(),
             QStringLiteral("Azure OpenAI"));
    QVERIFY(table()->model()->index(0, CredentialTableModel::DefaultColumn).data().toString().isEmpty());
    QVERIFY(!table()->model()->index(0, CredentialTableModel::UpdatedColumn).data().toString().isEmpty());
    // The new row is selected, and the status bar says so.
    QCOMPARE(table()->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table()->selectionModel()->selectedRows().first().row(), 0);
    QVERIFY2(m_window->statusBar()->currentMessage().contains(name),
             qPrintable(m_window->statusBar()->currentMessage()));
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("countLabel"))->text().contains(QLatin1Char('1')));
    QVERIFY2(action("rotateKeyAction")->isEnabled(), "the store the first credential created cannot be rotated");

    // In the store with the typed secret.
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);
    const Result<Credential> read = m_session->read(listed->first().id);
    VERIFY_OK(read);
    QVERIFY(read->fields.value(QStringLiteral("api_key")) == secret);

    // Closing keeps the layout, and nothing else, in QSettings.
    closeWindow();
    checkSettingsHoldNone({ name, secret });
}

void TestMainWindow::addedEmbeddingsBecomeTheDefault()
{
    seed({ { QStringLiteral("Production"), QStringLiteral("azure-openai") } });
    openWindow();
    const QString name = QStringLiteral("Embeddings EU");
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        chooseProvider(dialog, QStringLiteral("azure-openai-embeddings"));
        QCOMPARE(field(dialog, QStringLiteral("api_version"))->text(), QStringLiteral("2023-05-15"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("credentialName")), name);
        QTest::keyClicks(field(dialog, QStringLiteral("instance_name")), QStringLiteral("emb-eu"));
        QTest::keyClicks(field(dialog, QStringLiteral("deployment_name")), QStringLiteral("text-embedding-3-small"));
        QTest::keyClicks(field(dialog, QStringLiteral("api_key")), makeSecret("embeddings"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QVERIFY(dialog->property("savedAsDefaultEmbeddings").toBool());
    });
    action("addCredentialAction")->trigger();
    QVERIFY(driver.ran());
    STOP_IF_FAILED();

    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(name) && message.contains(QLatin1String("is now the default embeddings credential")),
             qPrintable(message));
    const QAbstractItemModel* model = table()->model();
    QCOMPARE(model->rowCount(), 2);
    const int embeddings = rowOfName(model, name);
    const int production = rowOfName(model, QStringLiteral("Production"));
    QVERIFY(embeddings >= 0 && production >= 0);
    QVERIFY2(model->index(embeddings, CredentialTableModel::DefaultColumn)
                 .data()
                 .toString()
                 .contains(QLatin1String("Default embeddings")),
             "the default embeddings credential has no marker");
    QVERIFY(model->index(production, CredentialTableModel::DefaultColumn).data().toString().isEmpty());
}

void TestMainWindow::clickOnARowEditsIt()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("Bravo"), QStringLiteral("mistral") } });
    openWindow();
    QTableView* view = table();
    QCOMPARE(names(view->model()), QStringList({ QStringLiteral("Alpha"), QStringLiteral("Bravo") }));

    ModalDriver<CredentialDialog> driver([](CredentialDialog* dialog) {
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Edit Credential"));
        QVERIFY(!child<QComboBox>(dialog, QStringLiteral("providerBox"))->isEnabled());
        auto* name = child<QLineEdit>(dialog, QStringLiteral("credentialName"));
        QCOMPARE(name->text(), QStringLiteral("Bravo"));
        retype(name, QStringLiteral("Charlie"));
        retype(field(dialog, QStringLiteral("endpoint")), QStringLiteral("https://eu.mistral.example/v1"));
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("saveButton")), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    });
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rowPoint(view, 1));
    QVERIFY2(driver.ran(), "a click on the row opened no dialog");
    STOP_IF_FAILED();

    // The table shows the new name at once; the store has it at revision 2.
    QCOMPARE(names(view->model()), QStringList({ QStringLiteral("Alpha"), QStringLiteral("Charlie") }));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("Charlie")));
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    for (const CredentialSummary& summary : listed.value()) {
        if (summary.name != QLatin1String("Charlie"))
            continue;
        QCOMPARE(summary.revision, qint64(2));
        const Result<Credential> read = m_session->read(summary.id);
        VERIFY_OK(read);
        QCOMPARE(read->fields.value(QStringLiteral("endpoint")), QStringLiteral("https://eu.mistral.example/v1"));
        QVERIFY(read->fields.value(QStringLiteral("api_key")) == m_secrets.value(QStringLiteral("Bravo")));
        return;
    }
    QFAIL("the renamed credential is not in the store");
}

void TestMainWindow::enterOnASelectedRowEditsIt()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("Bravo"), QStringLiteral("mistral") } });
    openWindow();
    activate();
    STOP_IF_FAILED();

    // Keyboard only: Ctrl+F to the search field, Tab to the table, Down to the second row, Enter.
    auto* search = child<QLineEdit>(m_window.get(), QStringLiteral("searchField"));
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), search);
    QTest::keyClick(search, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), table());
    QVERIFY(table()->currentIndex().isValid());
    QTest::keyClick(table(), Qt::Key_Down);
    QCOMPARE(table()->currentIndex().row(), 1);

    QString opened;
    ModalDriver<CredentialDialog> driver([&opened](CredentialDialog* dialog) {
        opened = child<QLineEdit>(dialog, QStringLiteral("credentialName"))->text();
        dialog->reject();
    });
    QTest::keyClick(table(), Qt::Key_Return);
    QVERIFY2(driver.ran(), "Enter on a row opened no dialog");
    QCOMPARE(opened, QStringLiteral("Bravo"));
}

void TestMainWindow::typedNameDeleteRemovesTheRow()
{
    seed({ { QStringLiteral("Keep Me"), QStringLiteral("ionos") },
           { QStringLiteral("Prod Azure"), QStringLiteral("azure-openai") } });
    openWindow();
    QTableView* view = table();
    const int row = rowOfName(view->model(), QStringLiteral("Prod Azure"));
    QVERIFY(row >= 0);

    bool confirmed = false;
    ModalDriver<CredentialDialog> driver([&confirmed](CredentialDialog* dialog) {
        auto* deleteButton = child<QPushButton>(dialog, QStringLiteral("deleteButton"));
        QVERIFY(deleteButton);
        ModalDriver<DeleteConfirmationDialog> confirmation([&confirmed](DeleteConfirmationDialog* confirm) {
            auto* typed = child<QLineEdit>(confirm, QStringLiteral("confirmName"));
            auto* button = child<QPushButton>(confirm, QStringLiteral("confirmDelete"));
            QVERIFY(typed && button);
            QVERIFY(!button->isEnabled());
            for (const QString& wrong : { QStringLiteral("prod azure"), QStringLiteral("Prod Azure "),
                                          QStringLiteral(" Prod Azure"), QStringLiteral("Prod") }) {
                retype(typed, wrong);
                QVERIFY2(!button->isEnabled(), qPrintable(wrong));
            }
            retype(typed, QStringLiteral("Prod Azure"));
            QVERIFY(button->isEnabled());
            confirmed = true;
            QTest::mouseClick(button, Qt::LeftButton);
        });
        QTest::mouseClick(deleteButton, Qt::LeftButton);
        QVERIFY2(confirmation.ran(), "Delete opened no confirmation");
        QVERIFY(!dialog->isVisible());
        QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::Deleted);
    });
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rowPoint(view, row));
    QVERIFY(driver.ran());
    STOP_IF_FAILED();
    QVERIFY(confirmed);

    QCOMPARE(names(view->model()), QStringList { QStringLiteral("Keep Me") });
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().name, QStringLiteral("Keep Me"));
    QVERIFY(m_window->statusBar()->currentMessage().contains(QLatin1String("Deleted")));
}

void TestMainWindow::missingKeyListsReadOnly()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("Bravo"), QStringLiteral("mistral") } });
    qunsetenv(EnvironmentKeySource::VariableName);
    openWindow();
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Missing);

    // Names and providers, read-only.
    QTableView* view = table();
    QVERIFY(view->isVisible());
    QCOMPARE(names(view->model()), QStringList({ QStringLiteral("Alpha"), QStringLiteral("Bravo") }));
    QCOMPARE(view->model()->index(1, CredentialTableModel::ProviderColumn).data().toString(),
             QStringLiteral("Mistral AI"));

    auto* banner = child<QWidget>(m_window.get(), QStringLiteral("keyBanner"));
    QVERIFY(banner && banner->isVisible());
    QCOMPARE(child<QLabel>(m_window.get(), QStringLiteral("keyBannerTitle"))->text(),
             QStringLiteral("Missing Encryption Key Error"));
    const QString text = child<QLabel>(m_window.get(), QStringLiteral("keyBannerText"))->text();
    QVERIFY2(
        text.contains(QLatin1String("Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY")),
        qPrintable(text));
    QVERIFY(child<QPushButton>(m_window.get(), QStringLiteral("setUpKeyButton"))->isVisible());
    QVERIFY(!action("addCredentialAction")->isEnabled());
    QVERIFY(!action("rotateKeyAction")->isEnabled());

    // Neither a click nor Enter on a row opens a dialog, nor does Ctrl+N.
    ModalDriver<QDialog> any([](QDialog* dialog) { dialog->reject(); });
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rowPoint(view, 0));
    QTest::keyClick(view, Qt::Key_Return);
    activate();
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    QCoreApplication::processEvents();
    QVERIFY2(!any.ran(), "a dialog opened without a key");
}

void TestMainWindow::pastedWrongKeyIsRefused()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") } });
    qunsetenv(EnvironmentKeySource::VariableName);
    openWindow();
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Missing);

    ModalDriver<KeySetupDialog> driver([this](KeySetupDialog* dialog) {
        // The store has a key id: only pasting the key it was created with can help.
        auto* generate = child<QRadioButton>(dialog, QStringLiteral("generateKey"));
        auto* paste = child<QRadioButton>(dialog, QStringLiteral("pasteKey"));
        QVERIFY(generate && paste);
        QVERIFY(!generate->isEnabled());
        QTest::mouseClick(paste, Qt::LeftButton);
        QVERIFY(paste->isChecked());
        auto* pasted = child<QLineEdit>(dialog, QStringLiteral("pastedKey"));
        auto* accept = child<QPushButton>(dialog, QStringLiteral("keySetupAccept"));
        auto* message = child<QLabel>(dialog, QStringLiteral("keyMessage"));
        QVERIFY(pasted && accept && message);
        QCOMPARE(pasted->echoMode(), QLineEdit::Password);

        // Another valid key: refused, with the reason.
        QTest::keyClicks(pasted, QString::fromLatin1(hexOf(MasterKey::generate())));
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QLatin1String("does not match")), qPrintable(message->text()));
        QVERIFY(!accept->isEnabled());
        QTest::mouseClick(accept, Qt::LeftButton);
        QVERIFY(dialog->isVisible());

        // Not a key at all.
        retype(pasted, QStringLiteral("not-a-key"));
        QVERIFY(message->isVisible());
        QVERIFY(!accept->isEnabled());

        // The right key would do (it is not kept here: Cancel).
        retype(pasted, QString::fromLatin1(m_keyHex));
        QVERIFY(!message->isVisible());
        QVERIFY(accept->isEnabled());
        dialog->reject();
    });
    QTest::mouseClick(child<QPushButton>(m_window.get(), QStringLiteral("setUpKeyButton")), Qt::LeftButton);
    QVERIFY2(driver.ran(), "Set Up Key opened no dialog");
    STOP_IF_FAILED();
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Missing);
    QVERIFY(child<QWidget>(m_window.get(), QStringLiteral("keyBanner"))->isVisible());
    QVERIFY(!action("addCredentialAction")->isEnabled());
}

void TestMainWindow::pastedKeyIsKeptInTheKeychain()
{
    const bool required = qEnvironmentVariable("CM_REQUIRE_KEYRING") == QLatin1String("1");
    if (!required && !keychainAnswers())
        QSKIP("No keychain answers; run under dbus-run-session -- bash scripts/with-keyring");

    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("Bravo"), QStringLiteral("mistral") } });
    const QString id = storeId();
    QVERIFY(!id.isEmpty());
    m_keychainEntries << id;
    qunsetenv(EnvironmentKeySource::VariableName);
    openWindow();
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Missing);

    ModalDriver<KeySetupDialog> driver([this](KeySetupDialog* dialog) {
        QTest::mouseClick(child<QRadioButton>(dialog, QStringLiteral("pasteKey")), Qt::LeftButton);
        auto* accept = child<QPushButton>(dialog, QStringLiteral("keySetupAccept"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("pastedKey")), QString::fromLatin1(m_keyHex));
        QVERIFY(accept->isEnabled());
        QTest::mouseClick(accept, Qt::LeftButton);
        QVERIFY2(!dialog->isVisible(), qPrintable(child<QLabel>(dialog, QStringLiteral("keyMessage"))->text()));
    });
    QTest::mouseClick(child<QPushButton>(m_window.get(), QStringLiteral("setUpKeyButton")), Qt::LeftButton);
    QVERIFY2(driver.ran(), "Set Up Key opened no dialog");
    STOP_IF_FAILED();

    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Ready);
    QVERIFY(!child<QWidget>(m_window.get(), QStringLiteral("keyBanner"))->isVisible());
    QVERIFY(action("addCredentialAction")->isEnabled());
    QVERIFY(action("rotateKeyAction")->isEnabled());
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("keyLabel"))->text().contains(QLatin1String("keychain")));

    // The keychain holds exactly the pasted key, under the store's id.
    const Result<std::optional<SecureBuffer>> held = Keychain::readBlocking(id, KeychainTimeoutMs);
    VERIFY_OK(held);
    QVERIFY2(held.value().has_value(), "the keychain holds no key for the store");
    QVERIFY2(held.value()->view() == QByteArray::fromHex(m_keyHex), "the keychain holds another key");

    // Editing works now: a row opens with its values decrypted.
    ModalDriver<CredentialDialog> edit([this](CredentialDialog* dialog) {
        QVERIFY(field(dialog, QStringLiteral("api_key"))->text() == m_secrets.value(QStringLiteral("Alpha")));
        dialog->reject();
    });
    QTest::mouseClick(table()->viewport(), Qt::LeftButton, {}, rowPoint(table(), 0));
    QVERIFY2(edit.ran(), "a click on the row opened no dialog after the key was set up");

    // And a new session (the next start of the application) finds the key in the keychain.
    StoreSession next(storePath());
    VERIFY_OK(next.open());
    QCOMPARE(next.keyState(), StoreSession::KeyState::Ready);
}

void TestMainWindow::wrongKeyShowsTheBanner()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") } });
    qputenv(EnvironmentKeySource::VariableName, hexOf(MasterKey::generate()));
    openWindow();
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Wrong);

    QVERIFY(child<QWidget>(m_window.get(), QStringLiteral("keyBanner"))->isVisible());
    QCOMPARE(child<QLabel>(m_window.get(), QStringLiteral("keyBannerTitle"))->text(),
             QStringLiteral("Wrong Encryption Key"));
    const QString text = child<QLabel>(m_window.get(), QStringLiteral("keyBannerText"))->text();
    QVERIFY2(text.contains(QLatin1String("does not match this store")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("CREDENTIAL_ENCRYPTION_KEY")), qPrintable(text));
    QVERIFY(!action("addCredentialAction")->isEnabled());
    QVERIFY(!action("rotateKeyAction")->isEnabled());
    QCOMPARE(names(table()->model()), QStringList { QStringLiteral("Alpha") });

    ModalDriver<CredentialDialog> any([](CredentialDialog* dialog) { dialog->reject(); });
    QTest::mouseClick(table()->viewport(), Qt::LeftButton, {}, rowPoint(table(), 0));
    QCoreApplication::processEvents();
    QVERIFY2(!any.ran(), "a credential opened for editing with the wrong key");
}

void TestMainWindow::searchFiltersByNameAndProvider()
{
    seed({ { QStringLiteral("Production"), QStringLiteral("azure-openai") },
           { QStringLiteral("Embeddings"), QStringLiteral("azure-openai-embeddings") },
           { QStringLiteral("EU Models"), QStringLiteral("mistral") },
           { QStringLiteral("Local LLM"), QStringLiteral("custom") } });
    openWindow();
    activate();
    STOP_IF_FAILED();
    const QAbstractItemModel* model = table()->model();
    QCOMPARE(model->rowCount(), 4);

    auto* search = child<QLineEdit>(m_window.get(), QStringLiteral("searchField"));
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), search);

    // By name, narrowing as each letter is typed.
    QTest::keyClicks(search, QStringLiteral("l"));
    QCOMPARE(names(model), QStringList({ QStringLiteral("EU Models"), QStringLiteral("Local LLM") }));
    QTest::keyClicks(search, QStringLiteral("oc"));
    QCOMPARE(names(model), QStringList { QStringLiteral("Local LLM") });

    // By provider display name, case-insensitively.
    retype(search, QStringLiteral("mistral"));
    QCOMPARE(names(model), QStringList { QStringLiteral("EU Models") });
    retype(search, QStringLiteral("AZURE"));
    QCOMPARE(names(model), QStringList({ QStringLiteral("Embeddings"), QStringLiteral("Production") }));
    retype(search, QStringLiteral("nothing like it"));
    QCOMPARE(model->rowCount(), 0);

    // Cleared: everything again.
    retype(search, QString());
    QCOMPARE(model->rowCount(), 4);
}

void TestMainWindow::headersSort()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("beta"), QStringLiteral("mistral") },
           { QStringLiteral("Gamma"), QStringLiteral("custom") } });
    {
        // Last updated: beta oldest, then Gamma, then Alpha; neither name order.
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        const QList<std::pair<QString, QString>> times {
            { QStringLiteral("Alpha"), QStringLiteral("2026-03-01T10:00:00.000Z") },
            { QStringLiteral("beta"), QStringLiteral("2026-01-01T10:00:00.000Z") },
            { QStringLiteral("Gamma"), QStringLiteral("2026-02-01T10:00:00.000Z") }
        };
        for (const auto& [name, time] : times)
            QVERIFY2(raw.exec(QStringLiteral("UPDATE credentials SET updated_at = ? WHERE name = ?"), { time, name }),
                     qPrintable(raw.lastError()));
    }
    openWindow();
    QTableView* view = table();
    QHeaderView* header = view->horizontalHeader();
    const auto clickHeader = [header](int section) {
        const QPoint centre(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                            header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, centre);
    };

    // By name, case-insensitively, from the start.
    QCOMPARE(names(view->model()),
             QStringList({ QStringLiteral("Alpha"), QStringLiteral("beta"), QStringLiteral("Gamma") }));
    clickHeader(CredentialTableModel::NameColumn);
    QCOMPARE(header->sortIndicatorSection(), int(CredentialTableModel::NameColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(names(view->model()).first(), QStringLiteral("Gamma"));

    // By time, in both directions.
    clickHeader(CredentialTableModel::UpdatedColumn);
    QCOMPARE(header->sortIndicatorSection(), int(CredentialTableModel::UpdatedColumn));
    const QString newestFirst = QStringLiteral("Alpha");
    const QString oldestFirst = QStringLiteral("beta");
    QCOMPARE(names(view->model()).first(),
             header->sortIndicatorOrder() == Qt::AscendingOrder ? oldestFirst : newestFirst);
    clickHeader(CredentialTableModel::UpdatedColumn);
    QCOMPARE(names(view->model()).first(),
             header->sortIndicatorOrder() == Qt::AscendingOrder ? oldestFirst : newestFirst);
    const Qt::SortOrder order = header->sortIndicatorOrder();
    const QString first = names(view->model()).first();

    // The sort order is kept for the next start.
    closeWindow();
    m_window.reset();
    m_session.reset();
    openWindow();
    header = table()->horizontalHeader();
    QCOMPARE(header->sortIndicatorSection(), int(CredentialTableModel::UpdatedColumn));
    QCOMPARE(header->sortIndicatorOrder(), order);
    QCOMPARE(names(table()->model()).first(), first);
}

void TestMainWindow::escapeClosesTheDialogWithoutSaving()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") } });
    openWindow();
    activate();
    STOP_IF_FAILED();

    // A new credential, typed in full, then Escape.
    ModalDriver<CredentialDialog> adding([](CredentialDialog* dialog) {
        chooseProvider(dialog, QStringLiteral("mistral"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("credentialName")), QStringLiteral("Not Saved"));
        auto* apiKey = field(dialog, QStringLiteral("api_key"));
        QTest::keyClicks(apiKey, makeSecret("escape"));
        QVERIFY(child<QPushButton>(dialog, QStringLiteral("saveButton"))->isEnabled());
        QTest::keyClick(apiKey, Qt::Key_Escape);
        QVERIFY2(!dialog->isVisible(), "Escape did not close the dialog");
        QCOMPARE(dialog->result(), int(QDialog::Rejected));
    });
    QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(adding.ran());
    STOP_IF_FAILED();

    // An edit, then Escape.
    ModalDriver<CredentialDialog> editing([](CredentialDialog* dialog) {
        auto* name = child<QLineEdit>(dialog, QStringLiteral("credentialName"));
        retype(name, QStringLiteral("Renamed"));
        QTest::keyClick(name, Qt::Key_Escape);
        QVERIFY2(!dialog->isVisible(), "Escape did not close the dialog");
    });
    QTest::mouseClick(table()->viewport(), Qt::LeftButton, {}, rowPoint(table(), 0));
    QVERIFY(editing.ran());
    STOP_IF_FAILED();

    QCOMPARE(names(table()->model()), QStringList { QStringLiteral("Alpha") });
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().name, QStringLiteral("Alpha"));
    QCOMPARE(listed->first().revision, qint64(1));
}

void TestMainWindow::rotatesTheKey()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("Bravo"), QStringLiteral("mistral") },
           { QStringLiteral("Charlie"), QStringLiteral("ionos") } });
    const QString keyIdBefore = SqlConnection(storePath()).meta().value(QStringLiteral("key_id"));
    QVERIFY(!keyIdBefore.isEmpty());
    openWindow();
    QAction* rotate = action("rotateKeyAction");
    QVERIFY(rotate && rotate->isEnabled());

    QString shownKey;
    ModalDriver<RotateKeyDialog> driver([&shownKey](RotateKeyDialog* dialog) {
        auto* start = child<QPushButton>(dialog, QStringLiteral("startRotation"));
        auto* newKey = child<QLineEdit>(dialog, QStringLiteral("newKey"));
        QVERIFY(start && newKey);
        QVERIFY(!newKey->isVisible());
        QTest::mouseClick(start, Qt::LeftButton);
        QTRY_VERIFY(newKey->isVisible());
        shownKey = newKey->text();
        QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(shownKey).hasMatch(),
                 "the new key is not shown as 64 hex characters");
        QVERIFY(newKey->isReadOnly());
        const QString message = child<QLabel>(dialog, QStringLiteral("rotationMessage"))->text();
        QVERIFY2(message.contains(QLatin1Char('3')), qPrintable(message));
        auto* buttons = dialog->findChild<QDialogButtonBox*>();
        QVERIFY(buttons);
        QTest::mouseClick(buttons->button(QDialogButtonBox::Close), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
    });
    rotate->trigger();
    QVERIFY(driver.ran());
    STOP_IF_FAILED();

    // The store is under the shown key now, and every credential still reads.
    const QString keyIdAfter = SqlConnection(storePath()).meta().value(QStringLiteral("key_id"));
    QVERIFY(keyIdAfter != keyIdBefore);
    Result<MasterKey> parsed = MasterKey::parse(shownKey.toLatin1(), QStringLiteral("the shown key"));
    VERIFY_OK(parsed);
    QCOMPARE(parsed->keyId(), keyIdAfter);
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 3);
    for (const CredentialSummary& summary : listed.value()) {
        const Result<Credential> read = m_session->read(summary.id);
        VERIFY_OK(read);
        const QString secretKey
            = summary.provider == QLatin1String("ionos") ? QStringLiteral("token") : QStringLiteral("api_key");
        QVERIFY2(read->fields.value(secretKey) == m_secrets.value(summary.name), qPrintable(summary.name));
    }
    QCOMPARE(names(table()->model()),
             QStringList({ QStringLiteral("Alpha"), QStringLiteral("Bravo"), QStringLiteral("Charlie") }));
    QVERIFY(action("addCredentialAction")->isEnabled());
}

void TestMainWindow::changesElsewhereShowUpLive()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("azure-openai") },
           { QStringLiteral("Bravo"), QStringLiteral("mistral") },
           { QStringLiteral("Charlie"), QStringLiteral("ionos") } });
    openWindow();
    QTableView* view = table();
    QVERIFY(view);
    QCOMPARE(names(view->model()),
             QStringList({ QStringLiteral("Alpha"), QStringLiteral("Bravo"), QStringLiteral("Charlie") }));
    auto* proxy = qobject_cast<QAbstractProxyModel*>(view->model());
    QVERIFY(proxy && proxy->sourceModel());
    QSignalSpy proxyReset(proxy, &QAbstractItemModel::modelReset);
    QSignalSpy sourceReset(proxy->sourceModel(), &QAbstractItemModel::modelReset);
    const auto selectedIds = [view] {
        QStringList ids;
        for (const QModelIndex& index : view->selectionModel()->selectedRows())
            ids << index.data(CredentialTableModel::IdRole).toString();
        return ids;
    };

    // The user selects "Bravo" (the keyboard moves the selection; a click would open it).
    activate();
    STOP_IF_FAILED();
    view->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), view);
    while (view->currentIndex().row() < 1)
        QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->currentIndex().data().toString(), QStringLiteral("Bravo"));
    QCOMPARE(selectedIds().size(), 1);
    const QString bravoId = selectedIds().constFirst();
    QVERIFY(!bravoId.isEmpty());

    // Another program, credctl, adds "Delta" and renames "Alpha" to "Zulu", which moves "Bravo"
    // up a row.
    QProcessEnvironment environment
        = withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(QStringLiteral("xdg-runtime")));
    environment.insert(QStringLiteral("CREDENTIAL_ENCRYPTION_KEY"), QString::fromLatin1(m_keyHex));
    environment.insert(QStringLiteral("CM_TEST_SECRET"), makeSecret("live"));
    const Outcome added = runCredctl({ QStringLiteral("--store"), storePath(), QStringLiteral("add"),
                                       QStringLiteral("Delta"), QStringLiteral("--provider"), QStringLiteral("mistral"),
                                       QStringLiteral("--field-env"), QStringLiteral("api_key=CM_TEST_SECRET") },
                                     environment, m_dir->path());
    CHECK_EXIT(added, 0);
    const Outcome renamed = runCredctl({ QStringLiteral("--store"), storePath(), QStringLiteral("edit"),
                                         QStringLiteral("Alpha"), QStringLiteral("--rename"), QStringLiteral("Zulu") },
                                       environment, m_dir->path());
    CHECK_EXIT(renamed, 0);

    QTRY_COMPARE_WITH_TIMEOUT(names(view->model()),
                              QStringList({ QStringLiteral("Bravo"), QStringLiteral("Charlie"), QStringLiteral("Delta"),
                                            QStringLiteral("Zulu") }),
                              5000);
    QCOMPARE(selectedIds(), QStringList { bravoId });
    QCOMPARE(view->currentIndex().data(CredentialTableModel::IdRole).toString(), bravoId);
    QCOMPARE(proxyReset.count(), 0);
    QCOMPARE(sourceReset.count(), 0);
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("countLabel"))->text().startsWith(QLatin1String("4 ")));

    // credctl deletes the selected credential: its row goes, nothing else does.
    const Outcome deleted
        = runCredctl({ QStringLiteral("--store"), storePath(), QStringLiteral("delete"), QStringLiteral("Bravo"),
                       QStringLiteral("--confirm"), QStringLiteral("Bravo") },
                     environment, m_dir->path());
    CHECK_EXIT(deleted, 0);
    QTRY_COMPARE_WITH_TIMEOUT(
        names(view->model()),
        QStringList({ QStringLiteral("Charlie"), QStringLiteral("Delta"), QStringLiteral("Zulu") }), 5000);
    QVERIFY(!selectedIds().contains(bravoId));
    QCOMPARE(proxyReset.count(), 0);
    QCOMPARE(sourceReset.count(), 0);
    QVERIFY(child<QLabel>(m_window.get(), QStringLiteral("countLabel"))->text().startsWith(QLatin1String("3 ")));
}

void TestMainWindow::largeStoreShowsItsFirstScreenfulFirst()
{
    // More credentials than the first screenful: those come at once, the rest right after the
    // first paint, and then the table is complete and in order (KELVIN SIGN folds to k, which
    // the engine's order puts last).
    QList<std::pair<QString, QString>> credentials;
    for (int i = 0; i < 450; ++i)
        credentials.append({ QStringLiteral("m-%1").arg(i, 3, 10, QLatin1Char('0')), QStringLiteral("mistral") });
    const QString kelvin = QString(QChar(0x212A)) + QStringLiteral("-first");
    credentials.append({ kelvin, QStringLiteral("mistral") });
    seed(credentials);

    for (const bool shown : { true, false }) {
        m_session = std::make_unique<StoreSession>(storePath());
        m_window = std::make_unique<MainWindow>(*m_session);
        if (shown)
            m_window->show();
        m_window->openStore(); // no event processed yet
        auto* table = child<QTableView>(m_window.get(), QStringLiteral("credentialTable"));
        auto* count = child<QLabel>(m_window.get(), QStringLiteral("countLabel"));
        QCOMPARE(table->model()->rowCount(), 200);
        QCOMPARE(count->text(), QStringLiteral("Reading credentials\u2026"));
        QCOMPARE(table->model()->index(1, 0).data().toString(), QStringLiteral("m-001"));
        // A window never shown is never painted, and gets the rest all the same.
        QTRY_COMPARE(table->model()->rowCount(), 451);
        QVERIFY(count->text().startsWith(QLatin1String("451 ")));
        QCOMPARE(table->model()->index(0, 0).data().toString(), kelvin);
        QCOMPARE(table->model()->index(1, 0).data().toString(), QStringLiteral("m-000"));
        QCOMPARE(table->model()->index(450, 0).data().toString(), QStringLiteral("m-449"));
        m_window.reset();
        m_session.reset();
    }
}

void TestMainWindow::opensAnotherStore()
{
    seed({ { QStringLiteral("Alpha"), QStringLiteral("mistral") } });
    const QString teamPath = m_dir->filePath(QStringLiteral("team.sqlite"));
    {
        StoreSession team(teamPath);
        VERIFY_OK(team.open());
        VERIFY_OK(team.create(QStringLiteral("Team Mistral"), QStringLiteral("mistral"),
                              FieldValues { { QStringLiteral("api_key"), makeSecret("team") } }));
    }
    openWindow();
    QCOMPARE(names(m_window->tableModel()), QStringList { QStringLiteral("Alpha") });
    QAction* open = action("openStoreAction");
    QVERIFY(open && open->isEnabled());
    QCOMPARE(open->shortcut(), QKeySequence(QKeySequence::Open));

    QVERIFY(m_window->openStoreAt(teamPath));
    QCOMPARE(names(m_window->tableModel()), QStringList { QStringLiteral("Team Mistral") });
    auto* storeLabel = child<QLabel>(m_window.get(), QStringLiteral("storeLabel"));
    QVERIFY(storeLabel && storeLabel->text().contains(QLatin1String("team.sqlite")));

    // The window now follows the team store: a change there shows, one in the old store does not.
    {
        StoreSession old(storePath());
        VERIFY_OK(old.open());
        VERIFY_OK(old.create(QStringLiteral("Old Beta"), QStringLiteral("mistral"),
                             FieldValues { { QStringLiteral("api_key"), makeSecret("old") } }));
        StoreSession team(teamPath);
        VERIFY_OK(team.open());
        VERIFY_OK(team.create(QStringLiteral("Team Ionos"), QStringLiteral("ionos"),
                              FieldValues { { QStringLiteral("token"), makeSecret("ionos") } }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_window->tableModel()->rowCount(), 2, 5000);
    QTest::qWait(700); // a refresh for the old store would have come by now
    QStringList shown = names(m_window->tableModel());
    shown.sort();
    QCOMPARE(shown, (QStringList { QStringLiteral("Team Ionos"), QStringLiteral("Team Mistral") }));

    // A place without a store is opened only when the user wants to start one there, and even
    // then nothing is written until the first credential.
    const QString fresh = m_dir->filePath(QStringLiteral("fresh.sqlite"));
    MessageBox::setNextAnswer(QMessageBox::No);
    QVERIFY(!m_window->openStoreAt(fresh));
    QVERIFY2(MessageBox::lastText().contains(QLatin1String("no store")), qPrintable(MessageBox::lastText()));
    QCOMPARE(m_window->tableModel()->rowCount(), 2);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QVERIFY(m_window->openStoreAt(fresh));
    QCOMPARE(m_window->tableModel()->rowCount(), 0);
    QVERIFY(!QFileInfo::exists(fresh));

    // Something that is no store is refused with a sentence, and the window stays where it was.
    MessageBox::setNextAnswer(QMessageBox::Ok);
    QVERIFY(!m_window->openStoreAt(m_dir->path()));
    QVERIFY2(MessageBox::lastText().contains(QLatin1String("not a file")), qPrintable(MessageBox::lastText()));
    QVERIFY(storeLabel->text().contains(QLatin1String("fresh.sqlite")));
}

// A PostgreSQL store whose password is in no libpq source: the window asks for it, and the
// session (with its watcher) uses it. Needs the server of scripts/with-postgres.
void TestMainWindow::asksForADatabasePassword()
{
    const QUrl server(qEnvironmentVariable("CM_TEST_POSTGRES_URL"));
    const QString password = qEnvironmentVariable("PGPASSWORD");
    if (server.isEmpty() || password.isEmpty())
        QSKIP("needs a PostgreSQL server: run under scripts/with-postgres");
    const QString database = QStringLiteral("cm_mw_") + QString::fromLatin1(randomBytes(6).toHex());
    const QString admin = QStringLiteral("cm-test-admin");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), admin);
        db.setHostName(server.host());
        db.setPort(server.port());
        db.setUserName(server.userName());
        db.setDatabaseName(server.path().mid(1));
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery create(db);
        QVERIFY2(create.exec(QStringLiteral("CREATE DATABASE ") + database), qPrintable(create.lastError().text()));
    }
    const auto dropDatabase = qScopeGuard([&] {
        qputenv("PGPASSWORD", password.toUtf8());
        {
            QSqlDatabase db = QSqlDatabase::database(admin);
            QSqlQuery drop(db);
            drop.exec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(database));
            db.close();
        }
        QSqlDatabase::removeDatabase(admin);
    });
    QUrl store = server;
    store.setPath(QLatin1Char('/') + database);
    {
        StoreSession seeding(store.toString());
        VERIFY_OK(seeding.open());
        VERIFY_OK(seeding.create(QStringLiteral("Shared Mistral"), QStringLiteral("mistral"),
                                 FieldValues { { QStringLiteral("api_key"), makeSecret("shared") } }));
    }

    // From now on no libpq source has the password.
    qunsetenv("PGPASSWORD");
    qputenv("PGPASSFILE", QFile::encodeName(m_dir->filePath(QStringLiteral("no-pgpass"))));
    m_session = std::make_unique<StoreSession>(store.toString());
    m_window = std::make_unique<MainWindow>(*m_session);
    m_window->show();
    QString prompt;
    ModalDriver<QInputDialog> typePassword([&](QInputDialog* dialog) {
        prompt = dialog->labelText();
        QCOMPARE(dialog->textEchoMode(), QLineEdit::Password);
        dialog->setTextValue(password);
        dialog->accept();
    });
    m_window->openStore();
    QVERIFY(typePassword.ran());
    QVERIFY2(prompt.contains(database) && !prompt.contains(password), qPrintable(prompt));
    QCOMPARE(names(m_window->tableModel()), QStringList { QStringLiteral("Shared Mistral") });

    // The watcher connects with the typed password too: a change elsewhere shows up.
    {
        qputenv("PGPASSWORD", password.toUtf8());
        StoreSession elsewhere(store.toString());
        VERIFY_OK(elsewhere.open());
        VERIFY_OK(elsewhere.create(QStringLiteral("Team Ionos"), QStringLiteral("ionos"),
                                   FieldValues { { QStringLiteral("token"), makeSecret("ionos") } }));
        qunsetenv("PGPASSWORD");
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_window->tableModel()->rowCount(), 2, 5000);
    m_window->close();
    m_window.reset();
    m_session.reset();
    qunsetenv("PGPASSFILE");
}

QTEST_MAIN(TestMainWindow)
#include "TestMainWindow.moc"
