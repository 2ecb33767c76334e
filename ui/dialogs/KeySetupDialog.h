#pragma once

#include <QDialog>

#include <memory>

namespace cm::ui {

class StoreSession;

// Sets up the store key when none is configured: either generates a new key (shown once,
// with a copy button and the warning that platform services need it) or accepts a pasted
// one, checks it against the store's key id, and keeps it in the OS keychain through the
// session. Errors (wrong key, keychain unavailable) are shown in the dialog.
//
// Object names: generateKey / pasteKey (the two choices), generatedKey (read-only display),
// copyKey, pastedKey (line edit), keyMessage (errors), and the OK button keySetupAccept.
class KeySetupDialog : public QDialog
{
    Q_OBJECT

public:
    explicit KeySetupDialog(StoreSession& session, QWidget* parent = nullptr);
    ~KeySetupDialog() override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace cm::ui
