// A secret copied from the application (a generated key, a revealed field) reaches the
// clipboard with the hint that keeps it out of clipboard histories, and is cleared again
// after a while unless something else was copied since; a masked field copies nothing.
#include "StoreSession.h"
#include "dialogs/KeySetupDialog.h"
#include "widgets/SecretClipboard.h"
#include "widgets/SecretLineEdit.h"

#include "support/ModalDriver.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cm;
using namespace cm::ui;
using cm::test::child;
using namespace std::chrono_literals;

namespace {

QClipboard* clipboard()
{
    return QGuiApplication::clipboard();
}

bool hasSecretHint()
{
    const QMimeData* data = clipboard()->mimeData();
    return data && data->data(QStringLiteral("x-kde-passwordManagerHint")) == "secret";
}

} // namespace

class TestSecretClipboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void clearsTheSecretAfterTheDelay();
    void keepsWhatWasCopiedSince();
    void defaultDelayIsThirtySeconds();
    void revealedFieldCopiesThroughIt();
    void contextMenuCopiesThroughIt();
    void generatedKeyIsClearedToo();
};

void TestSecretClipboard::init()
{
    SecretClipboard::instance().setClearAfter(400ms);
    clipboard()->setText(QStringLiteral("before"));
}

void TestSecretClipboard::clearsTheSecretAfterTheDelay()
{
    SecretClipboard::instance().copy(QStringLiteral("sk-secret-clears"));
    QCOMPARE(clipboard()->text(), QStringLiteral("sk-secret-clears"));
    QVERIFY(hasSecretHint());
    QVERIFY(SecretClipboard::instance().holdsSecret());
    QTest::qWait(100);
    QCOMPARE(clipboard()->text(), QStringLiteral("sk-secret-clears")); // not at once
    QTRY_VERIFY_WITH_TIMEOUT(clipboard()->text().isEmpty(), 5000);
    QVERIFY(!SecretClipboard::instance().holdsSecret());
}

void TestSecretClipboard::keepsWhatWasCopiedSince()
{
    SecretClipboard::instance().copy(QStringLiteral("sk-secret-replaced"));
    clipboard()->setText(QStringLiteral("copied afterwards"));
    QTest::qWait(800);
    QCOMPARE(clipboard()->text(), QStringLiteral("copied afterwards"));
}

void TestSecretClipboard::defaultDelayIsThirtySeconds()
{
    QCOMPARE(SecretClipboard::ClearAfter, 30000ms);
}

void TestSecretClipboard::revealedFieldCopiesThroughIt()
{
    SecretLineEdit field;
    field.setText(QStringLiteral("sk-field-secret"));
    field.show();
    QVERIFY(QTest::qWaitForWindowExposed(&field));
    field.selectAll();
    QTest::keySequence(&field, QKeySequence::Copy);
    QCOMPARE(clipboard()->text(), QStringLiteral("before")); // masked: nothing copied

    field.setRevealed(true);
    field.selectAll();
    QTest::keySequence(&field, QKeySequence::Copy);
    QCOMPARE(clipboard()->text(), QStringLiteral("sk-field-secret"));
    QVERIFY(hasSecretHint());
    QTRY_VERIFY_WITH_TIMEOUT(clipboard()->text().isEmpty(), 5000);

    field.selectAll();
    QTest::keySequence(&field, QKeySequence::Cut);
    QCOMPARE(clipboard()->text(), QStringLiteral("sk-field-secret"));
    QVERIFY(field.text().isEmpty());
    QVERIFY(hasSecretHint());
    QTRY_VERIFY_WITH_TIMEOUT(clipboard()->text().isEmpty(), 5000);
}

void TestSecretClipboard::contextMenuCopiesThroughIt()
{
    SecretLineEdit field;
    field.setText(QStringLiteral("sk-menu-secret"));
    field.setRevealed(true);
    field.show();
    QVERIFY(QTest::qWaitForWindowExposed(&field));
    field.selectAll();
    bool triggered = false;
    QTimer::singleShot(0, this, [&] {
        QMenu* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        QVERIFY(menu);
        for (QAction* action : menu->actions()) {
            if (action->text().startsWith(QLatin1String("&Copy"))) {
                QVERIFY(action->isEnabled());
                action->trigger();
                triggered = true;
            }
        }
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(5, 5), field.mapToGlobal(QPoint(5, 5)));
    QApplication::sendEvent(&field, &event);
    QVERIFY(triggered);
    QCOMPARE(clipboard()->text(), QStringLiteral("sk-menu-secret"));
    QVERIFY(hasSecretHint());
    QTRY_VERIFY_WITH_TIMEOUT(clipboard()->text().isEmpty(), 5000);
}

void TestSecretClipboard::generatedKeyIsClearedToo()
{
    // The key set-up dialog's "Copy Key": the key on the clipboard, then gone.
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    StoreSession session(folder.filePath(QStringLiteral("store.sqlite")));
    KeySetupDialog dialog(session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    child<QRadioButton>(&dialog, QStringLiteral("generateKey"))->click();
    auto* copy = child<QPushButton>(&dialog, QStringLiteral("copyKey"));
    QTRY_VERIFY(copy->isVisible());
    copy->click();
    const QString key = child<QLineEdit>(&dialog, QStringLiteral("generatedKey"))->text();
    QCOMPARE(key.size(), qsizetype(64));
    QCOMPARE(clipboard()->text(), key);
    QVERIFY(child<QLabel>(&dialog, QStringLiteral("keyCopied"))->text().contains(QLatin1String("30 seconds")));
    QVERIFY(hasSecretHint());
    QTRY_VERIFY_WITH_TIMEOUT(clipboard()->text().isEmpty(), 5000);
}

QTEST_MAIN(TestSecretClipboard)
#include "TestSecretClipboard.moc"
