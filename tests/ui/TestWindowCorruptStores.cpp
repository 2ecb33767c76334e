// The main window opened on a damaged store (the "hardening" issue), driven like a user drives
// it: a store that lost one of its tables, and a credential whose stored payload has another
// version byte, random bytes or nothing at all. The window must say what is wrong in words that
// name the store or the credential, never crash, never write to the store on its own, and stay
// usable: the intact credentials open, a damaged one can be re-entered, another store can be
// opened. Values longer than a line edit holds by default must survive an edit in the dialog.
// Message boxes and dialogs are the real ones, driven from inside their exec() by ModalDriver.
// The key comes from CREDENTIAL_ENCRYPTION_KEY and no session bus is reachable: the keychain is
// never asked.

#include "MainWindow.h"
#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/CredentialDialog.h"
#include "keys/EnvironmentKeySource.h"
#include "models/CredentialTableModel.h"
#include "support/FormDriving.h"
#include "support/ModalDriver.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"
#include "support/StopIfFailed.h"
#include "support/StoreFiles.h"
#include "widgets/MessageBox.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cm;
using namespace cm::test;
using namespace cm::ui;

namespace {

const QString Alpha = QStringLiteral("Alpha Azure");
const QString Bravo = QStringLiteral("Bravo Mistral");
const QString AlphaInstance = QStringLiteral("alpha");

// A text for a failure message: at most 200 characters.
QByteArray shown(const QString& text)
{
    return (text.size() > 200 ? text.left(200) + QStringLiteral("...") : text).toUtf8();
}

} // namespace

class TestWindowCorruptStores : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void storeWithAMissingTable_data();
    void storeWithAMissingTable();
    void damagedPayload_data();
    void damagedPayload();
    void longValuesSurviveTheEditDialog();

private:
    // Alpha (Azure OpenAI) and Bravo (Mistral) in `path`, written through a session of their own
    // as another run of the program would; their secrets go to m_secrets.
    void seed(const QString& path);
    // The window on m_store, shown and opened as the application does.
    void openWindow();
    void closeWindow();
    QTableView* table() const { return child<QTableView>(m_window.get(), QStringLiteral("credentialTable")); }
    QAction* action(const char* name) const { return child<QAction>(m_window.get(), QLatin1String(name)); }
    // Clicks the row of `name`, which opens it for editing.
    void clickRow(const QString& name);
    // The window still answers the user: the search field filters, the About dialog opens and closes.
    void checkStillUsable();

    QTemporaryDir m_config;
    QTemporaryDir m_runtime;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    QMap<QString, QString> m_secrets; // name -> api_key
    std::unique_ptr<StoreSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    int m_damaged = 0;
};

void TestWindowCorruptStores::initTestCase()
{
    QVERIFY(m_config.isValid() && m_runtime.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    // No keychain can answer (nor be asked by mistake): no session bus, nor its socket in the
    // runtime folder.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QVERIFY(QFile::setPermissions(m_runtime.path(),
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
    QApplication::setOrganizationName(QStringLiteral("credential-manager"));
    QApplication::setApplicationName(QStringLiteral("credential-manager"));
    const QString settingsFile = QSettings().fileName();
    QVERIFY2(settingsFile.startsWith(m_config.path() + QLatin1Char('/')),
             qPrintable(QStringLiteral("QSettings would write %1").arg(settingsFile)));
}

void TestWindowCorruptStores::init()
{
    QSettings().clear();
    MessageBox::setNextAnswer(QMessageBox::NoButton); // the real boxes, driven by ModalDriver
    const MasterKey key = MasterKey::generate();
    qputenv(EnvironmentKeySource::VariableName,
            key.toHexLine().view().first(2 * qsizetype(MasterKey::Size)).toByteArray());
    m_secrets.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = m_dir->filePath(QStringLiteral("credentials.sqlite"));
}

void TestWindowCorruptStores::cleanup()
{
    if (m_window)
        m_window->close();
    m_window.reset();
    m_session.reset();
    m_dir.reset();
    qunsetenv(EnvironmentKeySource::VariableName);
}

void TestWindowCorruptStores::cleanupTestCase()
{
    qInfo("figure: window damaged stores: the window opened %d damaged stores without writing to them", m_damaged);
}

void TestWindowCorruptStores::seed(const QString& path)
{
    StoreSession session(path);
    VERIFY_OK(session.open());
    QCOMPARE(session.keyState(), StoreSession::KeyState::Ready);
    m_secrets.insert(Alpha, makeSecret("alpha"));
    m_secrets.insert(Bravo, makeSecret("bravo"));
    VERIFY_OK(session.create(Alpha, QStringLiteral("azure-openai"),
                             { { QStringLiteral("endpoint"), QStringLiteral("https://alpha.openai.azure.com") },
                               { QStringLiteral("instance_name"), AlphaInstance },
                               { QStringLiteral("api_key"), m_secrets.value(Alpha) } }));
    VERIFY_OK(
        session.create(Bravo, QStringLiteral("mistral"), { { QStringLiteral("api_key"), m_secrets.value(Bravo) } }));
}

void TestWindowCorruptStores::openWindow()
{
    m_session = std::make_unique<StoreSession>(m_store);
    m_window = std::make_unique<MainWindow>(*m_session);
    m_window->show();
    m_window->openStore();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestWindowCorruptStores::closeWindow()
{
    QVERIFY(m_window->close());
    m_window.reset();
    m_session.reset();
}

void TestWindowCorruptStores::clickRow(const QString& name)
{
    QTableView* view = table();
    QVERIFY(view && view->isVisible());
    int row = -1;
    for (int r = 0; r < view->model()->rowCount() && row < 0; ++r) {
        if (view->model()->index(r, CredentialTableModel::NameColumn).data().toString() == name)
            row = r;
    }
    QVERIFY2(row >= 0, qPrintable(name));
    const QPoint point = view->visualRect(view->model()->index(row, CredentialTableModel::NameColumn)).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
}

void TestWindowCorruptStores::checkStillUsable()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    auto* search = child<QLineEdit>(m_window.get(), QStringLiteral("searchField"));
    QVERIFY(search);
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), search);
    QTest::keyClicks(search, QStringLiteral("zzz"));
    QCOMPARE(search->text(), QStringLiteral("zzz"));
    QTest::keyClick(search, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(search, Qt::Key_Backspace);
    QVERIFY(search->text().isEmpty());
    ModalDriver<AboutDialog> about([](AboutDialog* dialog) { dialog->accept(); });
    action("aboutAction")->trigger();
    QVERIFY2(about.ran(), "the About dialog did not open");
}

// --- a store that lost a table ------------------------------------------------------------------

void TestWindowCorruptStores::storeWithAMissingTable_data()
{
    QTest::addColumn<QString>("missing");
    for (const char* table : { "credentials", "meta", "audit_log", "settings" })
        QTest::newRow(table) << QString::fromLatin1(table);
}

void TestWindowCorruptStores::storeWithAMissingTable()
{
    QFETCH(QString, missing);
    ++m_damaged;
    seed(m_store);
    STOP_IF_FAILED();
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        QVERIFY2(sql.exec(QStringLiteral("DROP TABLE ") + missing), qPrintable(sql.lastError()));
    }
    const Snapshot before = snapshotOf(m_store);

    // Opening says so at once, in a warning that names the store and the table.
    QString boxText;
    QMessageBox::Icon boxIcon = QMessageBox::NoIcon;
    ModalDriver<QMessageBox> box([&](QMessageBox* shownBox) {
        boxText = shownBox->text();
        boxIcon = shownBox->icon();
        QTest::mouseClick(shownBox->button(QMessageBox::Ok), Qt::LeftButton);
    });
    openWindow();
    STOP_IF_FAILED();
    QVERIFY2(box.ran(), "opening a damaged store showed no message");
    QCOMPARE(boxIcon, QMessageBox::Warning);
    for (const QString& words : { QStringLiteral("damaged"), QStringLiteral("\"%1\" is missing").arg(missing),
                                  QDir::toNativeSeparators(m_store), QStringLiteral("restore it from a backup") })
        QVERIFY2(boxText.contains(words), shown(boxText));
    for (const QString& secret : std::as_const(m_secrets))
        QVERIFY2(!boxText.contains(secret), "the message holds a secret");

    // The window stays, and keeps saying it where the table would be; nothing can be added.
    QVERIFY(m_window->isVisible());
    auto* hint = child<QLabel>(m_window.get(), QStringLiteral("emptyHint"));
    QVERIFY(hint && hint->isVisible());
    QCOMPARE(hint->text(), boxText);
    QVERIFY(!table()->isVisible());
    QCOMPARE(table()->model()->rowCount(), 0);
    QVERIFY(!action("addCredentialAction")->isEnabled());
    QVERIFY(!action("rotateKeyAction")->isEnabled());
    auto* storeLabel = child<QLabel>(m_window.get(), QStringLiteral("storeLabel"));
    QVERIFY2(storeLabel->text().contains(QDir::toNativeSeparators(m_store)), shown(storeLabel->text()));
    // The key is set and fine: the window must not send the administrator after it.
    auto* banner = child<QWidget>(m_window.get(), QStringLiteral("keyBanner"));
    QVERIFY2(!banner->isVisible(),
             shown(QStringLiteral("a key banner: ")
                   + child<QLabel>(m_window.get(), QStringLiteral("keyBannerTitle"))->text()));
    // Ctrl+N does nothing rather than open a dialog that cannot save.
    {
        ModalDriver<CredentialDialog> noDialog([](CredentialDialog* dialog) { dialog->reject(); });
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier);
        QCoreApplication::processEvents();
        QVERIFY2(!noDialog.ran(), "Add Credential opened on a damaged store");
    }
    checkStillUsable();
    STOP_IF_FAILED();
    CHECK_UNCHANGED(before, m_store);

    // Another store opens in the same window, fully usable.
    const QString other = m_dir->filePath(QStringLiteral("other.sqlite"));
    seed(other);
    STOP_IF_FAILED();
    QVERIFY(m_window->openStoreAt(other));
    QCOMPARE(sortedNames(table()->model()), QStringList({ Alpha, Bravo }));
    QVERIFY(table()->isVisible());
    QVERIFY(action("addCredentialAction")->isEnabled());
    QVERIFY(!banner->isVisible());
    QVERIFY2(storeLabel->text().contains(QDir::toNativeSeparators(other)), shown(storeLabel->text()));
    ModalDriver<CredentialDialog> opened([&](CredentialDialog* dialog) {
        QCOMPARE(field(dialog, QStringLiteral("instance_name"))->text(), AlphaInstance);
        QVERIFY(!child<QLabel>(dialog, QStringLiteral("storeMessage"))->isVisible());
        dialog->reject();
    });
    clickRow(Alpha);
    QVERIFY2(opened.ran(), "a credential of the other store did not open");
    closeWindow();
    CHECK_UNCHANGED(before, m_store);
}

// --- a credential whose payload does not decrypt -----------------------------------------------

void TestWindowCorruptStores::damagedPayload_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("version byte 0x02, the rest intact") << 0;
    QTest::newRow("random bytes") << 1;
    QTest::newRow("empty") << 2;
}

void TestWindowCorruptStores::damagedPayload()
{
    QFETCH(int, kind);
    ++m_damaged;
    seed(m_store);
    STOP_IF_FAILED();
    QString bravoId;
    QByteArray alphaPayload;
    {
        SqlConnection sql(m_store);
        QVERIFY(sql.isOpen());
        bravoId = sql.scalar(QStringLiteral("SELECT id FROM credentials WHERE name = ?"), { Bravo }).toString();
        const QString alphaId
            = sql.scalar(QStringLiteral("SELECT id FROM credentials WHERE name = ?"), { Alpha }).toString();
        const QByteArray original = sql.payloads().value(bravoId);
        alphaPayload = sql.payloads().value(alphaId);
        QVERIFY(original.size() > 1 + 24 + 16 && !alphaPayload.isEmpty());
        QByteArray damaged = original;
        if (kind == 0)
            damaged[0] = '\x02';
        else if (kind == 1)
            damaged = randomBytes(int(original.size()));
        const bool written = kind == 2
            ? sql.exec(QStringLiteral("UPDATE credentials SET payload = X'' WHERE id = ?"), { bravoId })
            : sql.exec(QStringLiteral("UPDATE credentials SET payload = ? WHERE id = ?"), { damaged, bravoId });
        QVERIFY2(written, qPrintable(sql.lastError()));
    }
    const Snapshot before = snapshotOf(m_store);
    const QMap<QString, QByteArray> rowsBefore = SqlConnection(m_store).contents();

    // Nothing to say yet: listing decrypts nothing, and both are listed.
    ModalDriver<QMessageBox> noBox([](QMessageBox* shownBox) { shownBox->reject(); });
    openWindow();
    STOP_IF_FAILED();
    QVERIFY2(!noBox.ran(), "opening the store showed a message box");
    QCOMPARE(sortedNames(table()->model()), QStringList({ Alpha, Bravo }));
    QVERIFY(action("addCredentialAction")->isEnabled());
    QVERIFY(!child<QWidget>(m_window.get(), QStringLiteral("keyBanner"))->isVisible());

    // The damaged one opens empty, saying which credential and what to do; nothing is shown of
    // its old values, and cancelling writes nothing.
    ModalDriver<CredentialDialog> damaged([&](CredentialDialog* dialog) {
        auto* message = child<QLabel>(dialog, QStringLiteral("storeMessage"));
        QVERIFY(message && message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("\"%1\"").arg(Bravo)), shown(message->text()));
        QVERIFY2(message->text().contains(QLatin1String("re-enter its values")), shown(message->text()));
        QVERIFY2(!message->text().contains(m_secrets.value(Bravo)), "the message holds the secret");
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("credentialName"))->text(), Bravo);
        QVERIFY(field(dialog, QStringLiteral("api_key"))->text().isEmpty());
        QVERIFY(field(dialog, QStringLiteral("api_key"))->isEnabled());
        QVERIFY(!child<QPushButton>(dialog, QStringLiteral("saveButton"))->isEnabled());
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("cancelButton")), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    });
    clickRow(Bravo);
    QVERIFY2(damaged.ran(), "the damaged credential did not open");
    STOP_IF_FAILED();
    QVERIFY(m_window->isVisible());
    QVERIFY2(SqlConnection(m_store).contents() == rowsBefore, "opening and cancelling changed the store");

    // The intact one opens with its values.
    ModalDriver<CredentialDialog> intact([&](CredentialDialog* dialog) {
        QVERIFY(!child<QLabel>(dialog, QStringLiteral("storeMessage"))->isVisible());
        QCOMPARE(field(dialog, QStringLiteral("instance_name"))->text(), AlphaInstance);
        QVERIFY2(field(dialog, QStringLiteral("api_key"))->text() == m_secrets.value(Alpha),
                 "the intact credential's secret is not in its field");
        dialog->reject();
    });
    clickRow(Alpha);
    QVERIFY2(intact.ran(), "the intact credential did not open");
    STOP_IF_FAILED();
    checkStillUsable();
    STOP_IF_FAILED();
    closeWindow();
    CHECK_UNCHANGED(before, m_store);

    // Re-entering the values in the window repairs it, and leaves the other alone.
    openWindow();
    STOP_IF_FAILED();
    const QString reentered = makeSecret("reentered");
    ModalDriver<CredentialDialog> repair([&](CredentialDialog* dialog) {
        QTest::keyClicks(field(dialog, QStringLiteral("api_key")), reentered);
        auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    });
    clickRow(Bravo);
    QVERIFY(repair.ran());
    STOP_IF_FAILED();
    const Result<Credential> read = m_session->read(bravoId);
    VERIFY_OK(read);
    QVERIFY2(read->fields.value(QStringLiteral("api_key")) == reentered, "the re-entered secret does not read back");
    QCOMPARE(read->summary.revision, qint64(2));
    QCOMPARE(sortedNames(table()->model()), QStringList({ Alpha, Bravo }));
    closeWindow();
    QVERIFY2(!noBox.ran(), "a message box appeared");
    SqlConnection sql(m_store, QStringLiteral("QSQLITE_OPEN_READONLY"));
    const QString alphaId
        = sql.scalar(QStringLiteral("SELECT id FROM credentials WHERE name = ?"), { Alpha }).toString();
    QVERIFY2(sql.payloads().value(alphaId) == alphaPayload, "the intact credential's payload changed");
}

// --- long values --------------------------------------------------------------------------------

void TestWindowCorruptStores::longValuesSurviveTheEditDialog()
{
    // Field values have no length limit (SPEC 3), and credctl stores 127 KiB through a single
    // argument; the store API takes a MiB. A line edit holds 32,767 characters unless told
    // otherwise: editing such a credential in the window must not cut its values short.
    const QString name = QStringLiteral("Long Values");
    const QString instance = QStringLiteral("i").repeated(100 * 1024 - 1) + QStringLiteral("Z");
    QString secret = makeSecret("long");
    secret += QString::fromLatin1(randomBytes(20000).toHex()).left(40000 - secret.size());
    const QString huge = makeSecret("huge") + QStringLiteral("h").repeated(1024 * 1024);
    QString id;
    {
        StoreSession session(m_store);
        VERIFY_OK(session.open());
        const Result<CredentialSummary> created
            = session.create(name, QStringLiteral("azure-openai"),
                             { { QStringLiteral("endpoint"), QStringLiteral("https://long.openai.azure.com") },
                               { QStringLiteral("instance_name"), instance },
                               { QStringLiteral("api_key"), secret } });
        VERIFY_OK(created);
        id = created->id;
        // A MiB through the store API, byte for byte.
        const Result<CredentialSummary> big = session.create(QStringLiteral("Huge"), QStringLiteral("mistral"),
                                                             { { QStringLiteral("api_key"), huge } });
        VERIFY_OK(big);
        const Result<Credential> back = session.read(big->id);
        VERIFY_OK(back);
        QVERIFY2(back->fields.value(QStringLiteral("api_key")) == huge, "a MiB value did not read back");
    }

    openWindow();
    STOP_IF_FAILED();
    ModalDriver<CredentialDialog> edit([&](CredentialDialog* dialog) {
        QCOMPARE(field(dialog, QStringLiteral("instance_name"))->text().size(), instance.size());
        QCOMPARE(field(dialog, QStringLiteral("api_key"))->text().size(), secret.size());
        auto* nameEdit = child<QLineEdit>(dialog, QStringLiteral("credentialName"));
        QTest::keyClick(nameEdit, Qt::Key_End);
        QTest::keyClicks(nameEdit, QStringLiteral(" Renamed"));
        auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
        QVERIFY(save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    });
    clickRow(name);
    QVERIFY(edit.ran());
    STOP_IF_FAILED();
    const Result<Credential> read = m_session->read(id);
    VERIFY_OK(read);
    QCOMPARE(read->summary.name, name + QStringLiteral(" Renamed"));
    QCOMPARE(read->fields.value(QStringLiteral("instance_name")).size(), instance.size());
    QVERIFY2(read->fields.value(QStringLiteral("instance_name")) == instance, "the long value was altered");
    QVERIFY2(read->fields.value(QStringLiteral("api_key")) == secret, "the long secret was altered");
}

QTEST_MAIN(TestWindowCorruptStores)
#include "TestWindowCorruptStores.moc"
