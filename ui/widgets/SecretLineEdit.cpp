#include "SecretLineEdit.h"

#include "SecretClipboard.h"
#include "crypto/SecureBuffer.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QIcon>
#include <QKeyEvent>
#include <QMenu>
#include <QStyle>

#include <memory>

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

void SecretLineEdit::copySelection(bool cut)
{
    if (!isRevealed() || !hasSelectedText())
        return;
    QString selection = selectedText();
    SecretClipboard::instance().copy(selection);
    wipe(selection);
    if (cut && !isReadOnly())
        del();
}

void SecretLineEdit::keyPressEvent(QKeyEvent* event)
{
    if (event == QKeySequence::Copy || event == QKeySequence::Cut) {
        copySelection(event == QKeySequence::Cut);
        event->accept();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

namespace {

// The standard menu's Copy or Cut: named so from Qt 6.5 on; before, known by the shortcut Qt
// writes after a tab into the text (unless the platform hides shortcuts in menus).
bool isStandardAction(const QAction* action, const char* name, QKeySequence::StandardKey key)
{
    return action->objectName() == QLatin1String(name)
        || action->text().endsWith(QLatin1Char('\t') + QKeySequence(key).toString(QKeySequence::NativeText));
}

} // namespace

void SecretLineEdit::contextMenuEvent(QContextMenuEvent* event)
{
    // The standard menu, with Copy and Cut going through SecretClipboard instead of the
    // clipboard directly.
    std::unique_ptr<QMenu> menu(createStandardContextMenu());
    int replaced = 0;
    for (QAction* action : menu->actions()) {
        const bool cut = isStandardAction(action, "edit-cut", QKeySequence::Cut);
        if (!cut && !isStandardAction(action, "edit-copy", QKeySequence::Copy))
            continue;
        auto* replacement = new QAction(action->text(), menu.get());
        replacement->setEnabled(action->isEnabled()); // Qt enables them only while revealed
        connect(replacement, &QAction::triggered, this, [this, cut] { copySelection(cut); });
        menu->insertAction(action, replacement);
        menu->removeAction(action);
        ++replaced;
    }
    // Where they could not be told apart, whatever the menu copies is handed over afterwards.
    bool copied = false;
    const QMetaObject::Connection watch
        = connect(QGuiApplication::clipboard(), &QClipboard::dataChanged, this, [&copied] { copied = true; });
    menu->exec(event->globalPos());
    disconnect(watch);
    if (replaced < 2 && copied && isRevealed()) {
        QString text = QGuiApplication::clipboard()->text();
        if (!text.isEmpty())
            SecretClipboard::instance().copy(text);
        wipe(text);
    }
}

void SecretLineEdit::setRevealed(bool revealed)
{
    setEchoMode(revealed ? QLineEdit::Normal : QLineEdit::Password);
    m_reveal->setChecked(revealed);
    m_reveal->setToolTip(revealed ? tr("Hide the value (Alt+R)") : tr("Show the value (Alt+R)"));
}

} // namespace cm::ui
