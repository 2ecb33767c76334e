#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace cm::ui {

// The page's delete flow: names the credential, says the removal is permanent and affects
// every feature using it, and enables its Delete button only while the typed text equals
// the name exactly (case and spaces included).
//
// Object names: confirmName (the line edit), confirmDelete (the button).
class DeleteConfirmationDialog : public QDialog
{
    Q_OBJECT

public:
    DeleteConfirmationDialog(const QString& name, const QString& providerName, QWidget* parent = nullptr);

private:
    QString m_name;
    QLineEdit* m_typed = nullptr;
    QPushButton* m_delete = nullptr;
};

} // namespace cm::ui
