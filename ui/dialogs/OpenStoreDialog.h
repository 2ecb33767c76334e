#pragma once

#include <QDialog>

class QLineEdit;

namespace cm::ui {

// Asks which store to open: a SQLite file (typed, or chosen with Browse...) or a shared
// PostgreSQL database as postgresql://user@host:port/database.
//
// Object names: storeLocation, browseButton.
class OpenStoreDialog : public QDialog
{
    Q_OBJECT

public:
    explicit OpenStoreDialog(const QString& current, QWidget* parent = nullptr);

    QString location() const;

private:
    QLineEdit* m_location = nullptr;
};

} // namespace cm::ui
