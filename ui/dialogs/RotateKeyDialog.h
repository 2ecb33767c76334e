#pragma once

#include <QDialog>

#include <memory>

namespace cm::ui {

class StoreSession;

// "Rotate Encryption Key...": explains what rotation does, generates the new key, runs the
// rotation through the session with a progress indication, and then shows the new key once
// (with a copy button and the reminder that platform services need it).
//
// Object names: startRotation, newKey (read-only display), copyNewKey, rotationMessage.
class RotateKeyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit RotateKeyDialog(StoreSession& session, QWidget* parent = nullptr);
    ~RotateKeyDialog() override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace cm::ui
