// The typed-name delete confirmation on its own (issue 4, "Delete confirmation"): the dialog
// names the credential and warns that the removal is permanent and affects every feature using
// it; its Delete button is enabled only while the typed text equals the name exactly; Escape
// never deletes, and Enter deletes only once the exact name is typed.

#include "dialogs/DeleteConfirmationDialog.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QTextDocument>

#include <memory>

using namespace cm::ui;

namespace {

// A name whose case and inner spaces matter.
const QString Name = QStringLiteral("Prod  Azure EU");
const QString Provider = QStringLiteral("Azure OpenAI");

void retype(QLineEdit* edit, const QString& text)
{
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QCOMPARE(edit->text(), QString());
    QTest::keyClicks(edit, text);
}

} // namespace

class TestDeleteConfirmationDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void namesTheCredentialAndWarns();
    void deleteNeedsTheExactName_data();
    void deleteNeedsTheExactName();
    void deleteButtonAcceptsOnlyWithTheExactName();
    void escapeRejects();
    void enterDeletesOnlyTheExactName();

private:
    std::unique_ptr<DeleteConfirmationDialog> m_dialog;
    QLineEdit* m_typed = nullptr;
    QPushButton* m_delete = nullptr;
};

void TestDeleteConfirmationDialog::init()
{
    m_dialog = std::make_unique<DeleteConfirmationDialog>(Name, Provider);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    m_typed = m_dialog->findChild<QLineEdit*>(QStringLiteral("confirmName"));
    m_delete = m_dialog->findChild<QPushButton*>(QStringLiteral("confirmDelete"));
    QVERIFY(m_typed);
    QVERIFY(m_delete);
}

void TestDeleteConfirmationDialog::cleanup()
{
    m_dialog.reset();
    m_typed = nullptr;
    m_delete = nullptr;
}

void TestDeleteConfirmationDialog::namesTheCredentialAndWarns()
{
    // Everything the dialog says, as the user reads it (rich text reduced to plain words).
    QString text;
    for (const QLabel* label : m_dialog->findChildren<QLabel*>()) {
        QTextDocument document;
        document.setHtml(label->text());
        text += document.toPlainText() + QLatin1Char('\n');
    }
    QVERIFY2(text.contains(Name), qPrintable(text));
    QVERIFY2(text.contains(Provider), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("permanently removes")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("affects all features using them")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("exact credential name")), qPrintable(text));
    QVERIFY(!m_delete->isEnabled());
    QCOMPARE(m_typed->text(), QString());
}

void TestDeleteConfirmationDialog::deleteNeedsTheExactName_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("enabled");
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("exact") << Name << true;
    QTest::newRow("lower case") << Name.toLower() << false;
    QTest::newRow("upper case") << Name.toUpper() << false;
    QTest::newRow("leading space") << QLatin1Char(' ') + Name << false;
    QTest::newRow("trailing space") << Name + QLatin1Char(' ') << false;
    QTest::newRow("single inner space") << QStringLiteral("Prod Azure EU") << false;
    QTest::newRow("prefix") << Name.left(Name.size() - 1) << false;
    QTest::newRow("provider") << Provider << false;
}

void TestDeleteConfirmationDialog::deleteNeedsTheExactName()
{
    QFETCH(QString, typed);
    QFETCH(bool, enabled);
    // First the exact name (enabled), then the variant: the button follows every change.
    QTest::keyClicks(m_typed, Name);
    QVERIFY(m_delete->isEnabled());
    retype(m_typed, typed);
    QCOMPARE(m_typed->text(), typed);
    QCOMPARE(m_delete->isEnabled(), enabled);
}

void TestDeleteConfirmationDialog::deleteButtonAcceptsOnlyWithTheExactName()
{
    // A click on the disabled button does nothing.
    QTest::keyClicks(m_typed, Name.toLower());
    QTest::mouseClick(m_delete, Qt::LeftButton);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Rejected));

    retype(m_typed, Name);
    QVERIFY(m_delete->isEnabled());
    QTest::mouseClick(m_delete, Qt::LeftButton);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
}

void TestDeleteConfirmationDialog::escapeRejects()
{
    QTest::keyClicks(m_typed, Name);
    QVERIFY(m_delete->isEnabled());
    // From the name field, as the user presses it.
    QTest::keyClick(m_typed, Qt::Key_Escape);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Rejected));
}

void TestDeleteConfirmationDialog::enterDeletesOnlyTheExactName()
{
    // Enter with a name that does not match neither deletes nor closes the dialog.
    QTest::keyClicks(m_typed, Name.toUpper());
    QVERIFY(!m_delete->isEnabled());
    QTest::keyClick(m_typed, Qt::Key_Return);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Rejected));
    // With the exact name typed, Enter confirms the deletion.
    m_typed->clear();
    QTest::keyClicks(m_typed, Name);
    QVERIFY(m_delete->isEnabled());
    QTest::keyClick(m_typed, Qt::Key_Return);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    m_dialog->setResult(QDialog::Rejected);

    // Tab from the name field reaches Delete, and Enter there does delete.
    m_dialog->show();
    m_dialog->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_dialog.get()));
    m_typed->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), m_typed);
    QVERIFY(m_delete->isEnabled());
    QTest::keyClick(m_typed, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), m_delete);
    QTest::keyClick(m_delete, Qt::Key_Return);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
}

QTEST_MAIN(TestDeleteConfirmationDialog)
#include "TestDeleteConfirmationDialog.moc"
