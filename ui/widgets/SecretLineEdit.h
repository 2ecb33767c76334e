#pragma once

#include <QLineEdit>

class QAction;

namespace cm::ui {

// A line edit for a secret: masked by default, with a reveal toggle (an eye action inside the
// field, reachable by keyboard as Alt+R when the field has focus). Copy and drag are off while
// masked, so a secret reaches the clipboard only when the user reveals it and copies it (or
// cuts it), and then through SecretClipboard, which clears it again after 30 seconds.
class SecretLineEdit : public QLineEdit
{
    Q_OBJECT

public:
    explicit SecretLineEdit(QWidget* parent = nullptr);

    bool isRevealed() const { return echoMode() == QLineEdit::Normal; }
    void setRevealed(bool revealed);
    QAction* revealAction() const { return m_reveal; }

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void copySelection(bool cut);

    QAction* m_reveal = nullptr;
};

} // namespace cm::ui
