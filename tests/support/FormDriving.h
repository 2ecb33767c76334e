#pragma once

// Driving the application's forms the way a user does, for the widget tests (which link credui).

#include "models/CredentialTableModel.h"
#include "support/ModalDriver.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QLineEdit>
#include <QStringList>
#include <QTest>

namespace cm::test {

// Replaces a line edit's text the way a user does: select all, delete, type.
inline void retype(QLineEdit* edit, const QString& text)
{
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// The credential dialog's own line edit of a field.
inline QLineEdit* field(QWidget* dialog, const QString& key)
{
    return child<QLineEdit>(dialog, QLatin1String("field_") + key);
}

// Picks a provider in the credential dialog with the arrow keys, as a keyboard user does.
inline void chooseProvider(QWidget* dialog, const QString& providerId)
{
    auto* box = child<QComboBox>(dialog, QStringLiteral("providerBox"));
    QVERIFY(box);
    const int target = box->findData(providerId);
    QVERIFY2(target >= 0, qPrintable(providerId));
    while (box->currentIndex() < target)
        QTest::keyClick(box, Qt::Key_Down);
    while (box->currentIndex() > target)
        QTest::keyClick(box, Qt::Key_Up);
    QCOMPARE(box->currentData().toString(), providerId);
}

// The credential names a table model shows, in its row order.
inline QStringList names(const QAbstractItemModel* model)
{
    QStringList result;
    for (int row = 0; row < model->rowCount(); ++row)
        result << model->index(row, ui::CredentialTableModel::NameColumn).data().toString();
    return result;
}

// The same, sorted: for comparing with the names a store holds.
inline QStringList sortedNames(const QAbstractItemModel* model)
{
    QStringList result = names(model);
    result.sort();
    return result;
}

} // namespace cm::test
