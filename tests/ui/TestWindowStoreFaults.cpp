// The main window on a store in trouble (the "hardening" issue): the disk holding it fills up,
// the medium it lies on is mounted read-only, another program keeps it locked past the busy
// timeout. Adding, editing and deleting go through the real dialogs, driven like a user drives
// them; each refused save says why in the dialog (the store named, what to do), returns without
// hanging, and leaves the window running with every credential still listed. Once the fault is
// gone, the store holds the same rows, audit log included, and every credential decrypts to its
// value. The disk and the medium are a small tmpfs of the test's own (ScratchMount: needs root,
// skipped without it, failed as root when mounting is refused). The key comes from
// CREDENTIAL_ENCRYPTION_KEY: no keychain is needed.

#include "MainWindow.h"
#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "dialogs/CredentialDialog.h"
#include "dialogs/DeleteConfirmationDialog.h"
#include "keys/EnvironmentKeySource.h"
#include "models/CredentialTableModel.h"
#include "support/FormDriving.h"
#include "support/ModalDriver.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/ScratchMount.h"
#include "support/SqlConnection.h"
#include "support/StopIfFailed.h"
#include "widgets/MessageBox.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace cm;
using namespace cm::test;
using namespace cm::ui;

namespace {

constexpr qint64 BusyTimeoutMs = CredentialStore::DefaultBusyTimeoutMs;
const QString Alpha = QStringLiteral("Alpha Azure");
const QString Bravo = QStringLiteral("Bravo Mistral");
const QString Charlie = QStringLiteral("Charlie Embeddings");

// What one save or delete through a dialog did.
struct Attempt
{
    bool opened = false; // a dialog opened
    bool stayedOpen = false; // it did not close as after a save or delete
    QString message; // the dialog's store message, when shown: names the store, never a value
    qint64 milliseconds = -1; // how long the click on Save (or the confirmed Delete) took
};

void record(CredentialDialog* dialog, Attempt& attempt)
{
    attempt.stayedOpen = dialog->isVisible() && dialog->outcome() == CredentialDialog::Outcome::None;
    const auto* message = child<QLabel>(dialog, QStringLiteral("storeMessage"));
    attempt.message = message && message->isVisible() ? message->text() : QString();
}

} // namespace

class TestWindowStoreFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void fullDiskKeepsTheWindowRunning();
    void readOnlyMediumShowsButRefusesChanges();
    void busyStoreSaysSoWithoutHanging();

private:
    // Three credentials written through a session of their own, as another run of the program would.
    void seed();
    // The window on m_store, shown and opened as the application does; no message box may appear.
    void openWindow();
    void closeWindow();
    QTableView* table() const { return child<QTableView>(m_window.get(), QStringLiteral("credentialTable")); }
    Attempt tryAdd(const QString& name);
    Attempt tryEdit(const QString& name);
    Attempt tryDelete(const QString& name);
    void clickRow(const QString& name); // opens it for editing
    // Adding, editing and deleting through the dialogs are each refused in `words`, after between
    // `minimumMs` and `maximumMs`.
    void refuseEachChange(const QStringList& words, qint64 minimumMs, qint64 maximumMs);
    // The save was refused: the dialog stayed open and said so in words naming the store; the
    // window runs on with every credential listed.
    void checkRefused(const Attempt& attempt, const QStringList& words);
    // The store has the rows it had (integrity_check passes), and the window's session decrypts
    // every seeded credential to its value.
    void checkNothingLost(const QMap<QString, QByteArray>& rowsBefore);
    QMap<QString, QByteArray> rows() const;

    QTemporaryDir m_config;
    std::unique_ptr<ScratchMount> m_mount;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_store;
    QMap<QString, QString> m_secrets; // name -> api_key of each seeded credential
    std::unique_ptr<StoreSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    int m_refused = 0;
};

void TestWindowStoreFaults::initTestCase()
{
    QVERIFY(m_config.isValid());
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    QApplication::setOrganizationName(QStringLiteral("credential-manager"));
    QApplication::setApplicationName(QStringLiteral("credential-manager"));
    const QString settingsFile = QSettings().fileName();
    QVERIFY2(settingsFile.startsWith(m_config.path() + QLatin1Char('/')),
             qPrintable(QStringLiteral("QSettings would write %1").arg(settingsFile)));
}

void TestWindowStoreFaults::init()
{
    const MasterKey key = MasterKey::generate();
    qputenv(EnvironmentKeySource::VariableName,
            key.toHexLine().view().first(2 * qsizetype(MasterKey::Size)).toByteArray());
    m_secrets.clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestWindowStoreFaults::cleanup()
{
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    if (m_window)
        m_window->close();
    m_window.reset();
    m_session.reset();
    // Only now, with every connection to the store closed, can the scratch disk be unmounted.
    m_mount.reset();
    m_dir.reset();
    qunsetenv(EnvironmentKeySource::VariableName);
}

void TestWindowStoreFaults::cleanupTestCase()
{
    qInfo("figure: window store faults: %d saves and deletes on a full, read-only or busy store were refused and "
          "changed nothing",
          m_refused);
}

void TestWindowStoreFaults::seed()
{
    StoreSession session(m_store);
    VERIFY_OK(session.open());
    QCOMPARE(session.keyState(), StoreSession::KeyState::Ready);
    const QList<std::pair<QString, FieldValues>> credentials {
        { Alpha,
          { { QStringLiteral("endpoint"), QStringLiteral("https://alpha.openai.azure.com") },
            { QStringLiteral("instance_name"), QStringLiteral("alpha") } } },
        { Bravo, {} },
        { Charlie,
          { { QStringLiteral("instance_name"), QStringLiteral("charlie") },
            { QStringLiteral("deployment_name"), QStringLiteral("text-embedding-3-small") } } },
    };
    const QStringList providers { QStringLiteral("azure-openai"), QStringLiteral("mistral"),
                                  QStringLiteral("azure-openai-embeddings") };
    for (qsizetype i = 0; i < credentials.size(); ++i) {
        FieldValues fields = credentials.at(i).second;
        const QString secret = makeSecret("seed");
        fields.insert(QStringLiteral("api_key"), secret);
        VERIFY_OK(session.create(credentials.at(i).first, providers.at(i), fields));
        m_secrets.insert(credentials.at(i).first, secret);
    }
}

void TestWindowStoreFaults::openWindow()
{
    // MessageBox::lastText() changes only when a box is shown: a marker tells whether opening showed one.
    const QString marker = QStringLiteral("no box since the marker");
    MessageBox::setNextAnswer(QMessageBox::Ok);
    MessageBox::information(nullptr, QString(), marker);
    MessageBox::setNextAnswer(QMessageBox::Ok); // a box would answer itself instead of waiting
    m_session = std::make_unique<StoreSession>(m_store);
    m_window = std::make_unique<MainWindow>(*m_session);
    m_window->show();
    m_window->openStore();
    MessageBox::setNextAnswer(QMessageBox::NoButton);
    QVERIFY2(MessageBox::lastText() == marker,
             qPrintable(QStringLiteral("opening the store showed: ") + MessageBox::lastText()));
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Ready);
    QCOMPARE(sortedNames(table()->model()), m_secrets.keys());
}

void TestWindowStoreFaults::closeWindow()
{
    QVERIFY(m_window->close());
    m_window.reset();
    m_session.reset();
}

QMap<QString, QByteArray> TestWindowStoreFaults::rows() const
{
    const SqlConnection sql(m_store);
    return sql.isOpen() ? sql.contents() : QMap<QString, QByteArray> { { QStringLiteral("<unreadable>"), {} } };
}

Attempt TestWindowStoreFaults::tryAdd(const QString& name)
{
    Attempt attempt;
    const QString secret = makeSecret("typed");
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        chooseProvider(dialog, QStringLiteral("mistral"));
        QTest::keyClicks(child<QLineEdit>(dialog, QStringLiteral("credentialName")), name);
        QTest::keyClicks(field(dialog, QStringLiteral("api_key")), secret);
        auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
        QVERIFY(save && save->isEnabled());
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(save, Qt::LeftButton);
        attempt.milliseconds = timer.elapsed();
        record(dialog, attempt);
    });
    QAction* add = child<QAction>(m_window.get(), QStringLiteral("addCredentialAction"));
    if (add && add->isEnabled())
        add->trigger();
    attempt.opened = driver.ran();
    return attempt;
}

Attempt TestWindowStoreFaults::tryEdit(const QString& name)
{
    Attempt attempt;
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        QCOMPARE(child<QLineEdit>(dialog, QStringLiteral("credentialName"))->text(), name);
        retype(field(dialog, QStringLiteral("endpoint")), QStringLiteral("https://eu.mistral.example/v1"));
        auto* save = child<QPushButton>(dialog, QStringLiteral("saveButton"));
        QVERIFY(save && save->isEnabled());
        QElapsedTimer timer;
        timer.start();
        QTest::mouseClick(save, Qt::LeftButton);
        attempt.milliseconds = timer.elapsed();
        record(dialog, attempt);
    });
    clickRow(name);
    attempt.opened = driver.ran();
    return attempt;
}

Attempt TestWindowStoreFaults::tryDelete(const QString& name)
{
    Attempt attempt;
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        auto* deleteButton = child<QPushButton>(dialog, QStringLiteral("deleteButton"));
        QVERIFY(deleteButton);
        QElapsedTimer timer;
        ModalDriver<DeleteConfirmationDialog> confirmation([&](DeleteConfirmationDialog* confirm) {
            QTest::keyClicks(child<QLineEdit>(confirm, QStringLiteral("confirmName")), name);
            auto* button = child<QPushButton>(confirm, QStringLiteral("confirmDelete"));
            QVERIFY(button && button->isEnabled());
            timer.start(); // the delete runs once the confirmation closes
            QTest::mouseClick(button, Qt::LeftButton);
        });
        QTest::mouseClick(deleteButton, Qt::LeftButton);
        QVERIFY2(confirmation.ran(), "Delete opened no confirmation");
        attempt.milliseconds = timer.isValid() ? timer.elapsed() : -1;
        record(dialog, attempt);
    });
    clickRow(name);
    attempt.opened = driver.ran();
    return attempt;
}

void TestWindowStoreFaults::clickRow(const QString& name)
{
    QTableView* view = table();
    for (int row = 0; row < view->model()->rowCount(); ++row) {
        const QModelIndex index = view->model()->index(row, CredentialTableModel::NameColumn);
        if (index.data().toString() == name) {
            QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
            return;
        }
    }
}

void TestWindowStoreFaults::refuseEachChange(const QStringList& words, qint64 minimumMs, qint64 maximumMs)
{
    const QList<std::function<Attempt()>> changes {
        [this] { return tryAdd(QStringLiteral("Delta Mistral")); },
        [this] { return tryEdit(Bravo); },
        [this] { return tryDelete(Alpha); },
    };
    for (const auto& change : changes) {
        const Attempt attempt = change();
        checkRefused(attempt, words);
        STOP_IF_FAILED();
        QVERIFY2(attempt.milliseconds >= minimumMs && attempt.milliseconds < maximumMs,
                 qPrintable(QStringLiteral("the refused change took %1 ms").arg(attempt.milliseconds)));
    }
}

void TestWindowStoreFaults::checkRefused(const Attempt& attempt, const QStringList& words)
{
    ++m_refused;
    QVERIFY2(attempt.opened, "no dialog opened");
    QVERIFY2(attempt.stayedOpen,
             qPrintable(QStringLiteral("the dialog closed as after a save; it said: ") + attempt.message));
    QVERIFY2(attempt.message.contains(QDir::toNativeSeparators(m_store)),
             qPrintable(QStringLiteral("the message does not name the store: ") + attempt.message));
    for (const QString& word : words)
        QVERIFY2(attempt.message.contains(word, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("the message does not say \"%1\": %2").arg(word, attempt.message)));
    // The window runs on and still lists every credential.
    QVERIFY(m_window->isVisible());
    QVERIFY(table()->isVisible());
    QCOMPARE(sortedNames(table()->model()), m_secrets.keys());
    const QString count = child<QLabel>(m_window.get(), QStringLiteral("countLabel"))->text();
    QVERIFY2(count.contains(QString::number(m_secrets.size())), qPrintable(count));
}

void TestWindowStoreFaults::checkNothingLost(const QMap<QString, QByteArray>& rowsBefore)
{
    {
        const SqlConnection sql(m_store);
        QVERIFY2(sql.isOpen(), qPrintable(sql.lastError()));
        const QString integrity = sql.scalar(QStringLiteral("PRAGMA integrity_check")).toString();
        QVERIFY2(integrity == QLatin1String("ok"), qPrintable(QStringLiteral("integrity_check: ") + integrity));
    }
    QVERIFY2(rowsBefore.contains(QStringLiteral("credentials")) && rowsBefore.contains(QStringLiteral("audit_log")),
             "the rows before were not read");
    const QMap<QString, QByteArray> after = rows();
    QCOMPARE(after.keys(), rowsBefore.keys());
    for (auto it = rowsBefore.cbegin(); it != rowsBefore.cend(); ++it)
        QVERIFY2(after.value(it.key()) == it.value(),
                 qPrintable(QStringLiteral("the rows of %1 changed although every save was refused").arg(it.key())));
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(qsizetype(listed->size()), m_secrets.size());
    for (const CredentialSummary& summary : listed.value()) {
        const Result<Credential> read = m_session->read(summary.id);
        VERIFY_OK(read);
        QVERIFY2(read->fields.value(QStringLiteral("api_key")) == m_secrets.value(summary.name),
                 qPrintable(QStringLiteral("\"%1\" no longer decrypts to its value").arg(summary.name)));
    }
}

void TestWindowStoreFaults::fullDiskKeepsTheWindowRunning()
{
    m_mount = std::make_unique<ScratchMount>(1024 * 1024);
    REQUIRE_SCRATCH_MOUNT(*m_mount);
    m_store = m_mount->filePath(QStringLiteral("credentials.sqlite"));
    seed();
    STOP_IF_FAILED();
    const QMap<QString, QByteArray> before = rows();
    openWindow();
    STOP_IF_FAILED();

    // The disk fills up while the window is open (another program's files, say).
    QVERIFY2(m_mount->fill(QStringLiteral("filler")) > 0, qPrintable(m_mount->problem()));
    QCOMPARE(m_mount->bytesAvailable(), qint64(0));

    // Refused at once: there is nothing to wait for.
    refuseEachChange({ QStringLiteral("is full"), QStringLiteral("free some space") }, 0, BusyTimeoutMs);
    STOP_IF_FAILED();

    // Space again: nothing was lost, and the same window saves.
    QVERIFY(QFile::remove(m_mount->filePath(QStringLiteral("filler"))));
    checkNothingLost(before);
    STOP_IF_FAILED();
    const Attempt saved = tryAdd(QStringLiteral("Delta Mistral"));
    QVERIFY2(saved.opened && !saved.stayedOpen, qPrintable(QStringLiteral("saving failed: ") + saved.message));
    QVERIFY(sortedNames(table()->model()).contains(QStringLiteral("Delta Mistral")));
}

void TestWindowStoreFaults::readOnlyMediumShowsButRefusesChanges()
{
    m_mount = std::make_unique<ScratchMount>(1024 * 1024);
    REQUIRE_SCRATCH_MOUNT(*m_mount);
    m_store = m_mount->filePath(QStringLiteral("credentials.sqlite"));
    seed();
    STOP_IF_FAILED();
    const QMap<QString, QByteArray> before = rows();
    // Remounting read-only needs every file on it closed for writing: the window opens afterwards.
    QVERIFY2(m_mount->setReadOnly(true), qPrintable(m_mount->problem()));
    openWindow();
    STOP_IF_FAILED();

    // The credentials show, values included (an edit dialog reads them).
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(qsizetype(listed->size()), m_secrets.size());
    for (const CredentialSummary& summary : listed.value()) {
        const Result<Credential> read = m_session->read(summary.id);
        VERIFY_OK(read);
        QVERIFY2(read->fields.value(QStringLiteral("api_key")) == m_secrets.value(summary.name),
                 qPrintable(QStringLiteral("\"%1\" does not decrypt to its value").arg(summary.name)));
    }

    refuseEachChange({ QStringLiteral("mounted read-only"), QStringLiteral("read-write") }, 0, BusyTimeoutMs);
    STOP_IF_FAILED();

    // Writable again (and reopened: the window keeps the connection it opened read-only).
    closeWindow();
    STOP_IF_FAILED();
    QVERIFY2(m_mount->setReadOnly(false), qPrintable(m_mount->problem()));
    openWindow();
    STOP_IF_FAILED();
    checkNothingLost(before);
}

void TestWindowStoreFaults::busyStoreSaysSoWithoutHanging()
{
    // An ordinary disk: the lock is what fails these saves.
    m_store = m_dir->filePath(QStringLiteral("credentials.sqlite"));
    seed();
    STOP_IF_FAILED();
    const QMap<QString, QByteArray> before = rows();
    openWindow();
    STOP_IF_FAILED();

    SqlConnection lock(m_store);
    QVERIFY(lock.isOpen());
    QVERIFY2(lock.exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(lock.lastError()));
    // Each waits for the busy timeout, and returns soon after it.
    refuseEachChange({ QStringLiteral("is busy"), QStringLiteral("try again") }, BusyTimeoutMs - 1000,
                     3 * BusyTimeoutMs);
    STOP_IF_FAILED();
    QVERIFY2(lock.exec(QStringLiteral("ROLLBACK")), qPrintable(lock.lastError()));
    checkNothingLost(before);
    STOP_IF_FAILED();
    const Attempt saved = tryAdd(QStringLiteral("Delta Mistral"));
    QVERIFY2(saved.opened && !saved.stayedOpen, qPrintable(QStringLiteral("saving failed: ") + saved.message));
}

QTEST_MAIN(TestWindowStoreFaults)
#include "TestWindowStoreFaults.moc"
