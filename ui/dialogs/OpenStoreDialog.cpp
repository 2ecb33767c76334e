#include "OpenStoreDialog.h"

#include "store/SqlDialect.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cm::ui {

OpenStoreDialog::OpenStoreDialog(const QString& current, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("openStoreDialog"));
    setWindowTitle(tr("Open Store"));
    setMinimumWidth(520);

    auto* label = new QLabel(tr("&Store:"), this);
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("storeLocation"));
    // A password typed into a URL is never shown back.
    m_location->setText(SqlDialect::isDatabaseUrl(current) ? SqlDialect::displayName(current) : current);
    m_location->setAccessibleName(tr("Store file or PostgreSQL address"));
    label->setBuddy(m_location);
    auto* browse = new QPushButton(tr("&Browse..."), this);
    browse->setObjectName(QStringLiteral("browseButton"));
    browse->setAutoDefault(false);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString start = SqlDialect::isDatabaseUrl(m_location->text()) ? QString() : m_location->text();
        // A file that does not exist yet is fine: the first credential added creates it.
        const QString chosen = QFileDialog::getSaveFileName(this, tr("Open Store"), start,
                                                            tr("Credential stores (*.sqlite);;All files (*)"), nullptr,
                                                            QFileDialog::DontConfirmOverwrite);
        if (!chosen.isEmpty())
            m_location->setText(chosen);
    });

    auto* hint = new QLabel(tr("A store file, or a shared PostgreSQL database as "
                               "postgresql://user@host:port/database; its password comes from PGPASSWORD or "
                               "~/.pgpass."),
                            this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto updateOpen = [this, buttons] {
        buttons->button(QDialogButtonBox::Open)->setEnabled(!m_location->text().trimmed().isEmpty());
    };
    connect(m_location, &QLineEdit::textChanged, this, updateOpen);
    updateOpen();

    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(m_location, 1);
    row->addWidget(browse);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(hint);
    layout->addStretch(1);
    layout->addWidget(buttons);
    m_location->setFocus();
    m_location->selectAll();
}

QString OpenStoreDialog::location() const
{
    return m_location->text().trimmed();
}

} // namespace cm::ui
