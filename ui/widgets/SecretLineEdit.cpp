#include "SecretLineEdit.h"

#include <QAction>
#include <QIcon>
#include <QStyle>

namespace cm::ui {

SecretLineEdit::SecretLineEdit(QWidget* parent)
    : QLineEdit(parent)
{
    setEchoMode(QLineEdit::Password);
    m_reveal = addAction(QIcon::fromTheme(QStringLiteral("view-reveal-symbolic"),
                                          style()->standardIcon(QStyle::SP_FileDialogContentsView)),
                         QLineEdit::TrailingPosition);
    m_reveal->setCheckable(true);
    m_reveal->setObjectName(QStringLiteral("revealSecret"));
    m_reveal->setShortcut(QKeySequence(tr("Alt+R")));
    m_reveal->setShortcutContext(Qt::WidgetShortcut);
    m_reveal->setToolTip(tr("Show or hide the value (Alt+R)"));
    connect(m_reveal, &QAction::toggled, this, &SecretLineEdit::setRevealed);
    setDragEnabled(false);
}

void SecretLineEdit::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setChecked(revealed);
    m_reveal->setToolTip(revealed ? tr("Hide the value (Alt+R)") : tr("Show the value (Alt+R)"));
}

} // namespace cm::ui
