#include "DeleteConfirmationDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace cm::ui {

DeleteConfirmationDialog::DeleteConfirmationDialog(const QString& name, const QString& providerName, QWidget* parent)
    : QDialog(parent)
    , m_name(name)
{
    setWindowTitle(tr("Delete Credential"));

    auto* icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    // pre-wrap keeps the name's spaces visible: the user has to type them too.
    const QString boldName
        = QStringLiteral("<b style=\"white-space:pre-wrap\">") + name.toHtmlEscaped() + QStringLiteral("</b>");
    auto* question = new QLabel(providerName.isEmpty()
                                    ? tr("Delete the credential %1?").arg(boldName)
                                    : tr("Delete the credential %1 (%2)?").arg(boldName, providerName.toHtmlEscaped()),
                                this);
    question->setObjectName(QStringLiteral("deleteQuestion"));
    question->setTextFormat(Qt::RichText);
    question->setWordWrap(true);

    auto* warning
        = new QLabel(tr("This permanently removes the credentials and affects all features using them."), this);
    warning->setObjectName(QStringLiteral("deleteWarning"));
    warning->setWordWrap(true);

    auto* prompt = new QLabel(tr("&Type the exact credential name to confirm deletion:"), this);
    prompt->setWordWrap(true);

    m_typed = new QLineEdit(this);
    m_typed->setObjectName(QStringLiteral("confirmName"));
    m_typed->setAccessibleName(tr("Credential name to confirm"));
    m_typed->setAccessibleDescription(tr("Type the exact credential name to enable Delete"));
    m_typed->setMinimumWidth(m_typed->fontMetrics().averageCharWidth() * 60);
    prompt->setBuddy(m_typed);

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_delete = new QPushButton(
        QIcon::fromTheme(QStringLiteral("edit-delete"), style()->standardIcon(QStyle::SP_TrashIcon, nullptr, this)),
        tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("confirmDelete"));
    m_delete->setAccessibleName(tr("Delete credential"));
    m_delete->setEnabled(false);
    buttons->addButton(m_delete, QDialogButtonBox::DestructiveRole);
    // Enter deletes only once the exact name is typed (the typing is the confirmation), and
    // otherwise does nothing rather than cancel; Cancel never takes Enter from the name field.
    cancel->setAutoDefault(false);
    connect(m_typed, &QLineEdit::returnPressed, this, [this] {
        if (m_delete->isEnabled())
            accept();
    });

    connect(m_typed, &QLineEdit::textChanged, this,
            [this](const QString& text) { m_delete->setEnabled(text == m_name); });
    connect(m_delete, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* text = new QVBoxLayout;
    text->addWidget(question);
    text->addWidget(warning);
    text->addSpacing(style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing, nullptr, this));
    text->addWidget(prompt);
    text->addWidget(m_typed);

    auto* body = new QHBoxLayout;
    body->addWidget(icon);
    body->addLayout(text, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addStretch(1);
    layout->addWidget(buttons);

    setTabOrder(m_typed, m_delete);
    setTabOrder(m_delete, cancel);
    m_typed->setFocus();
}

} // namespace cm::ui
