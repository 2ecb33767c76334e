#pragma once

#include "store/Credential.h"

#include <QDialog>

#include <memory>

namespace cm::ui {

class StoreSession;

// The one form for every provider, built from the field registry: Name, Provider, then the
// provider's fields with the page's labels, required marks, defaults, placeholders and help.
// Validation runs as you type through the core validator; Save stores through the session,
// and a store error is shown in the dialog without losing what was typed. In edit mode the
// provider is fixed and a Delete button opens the typed-name confirmation. Test Connection
// checks the values as typed (saved or not) without blocking the window, and can be cancelled.
//
// Object names (used by tests and accessibility): credentialName, providerBox, field_<key>,
// problem_<key> (the message under a field), saveButton, deleteButton, storeMessage,
// testConnectionButton, testProgress, testResult (its "status" property holds the result class),
// useSuggestedEndpoint.
class CredentialDialog : public QDialog
{
    Q_OBJECT

public:
    // Adds a new credential.
    explicit CredentialDialog(StoreSession& session, QWidget* parent = nullptr);
    // Edits the credential `summary` names; its values are read (decrypted) on opening.
    CredentialDialog(StoreSession& session, const CredentialSummary& summary, QWidget* parent = nullptr);
    ~CredentialDialog() override;

    // After accept(): what was saved, or that the credential was deleted.
    enum class Outcome
    {
        None,
        Saved,
        Deleted
    };
    Outcome outcome() const;
    CredentialSummary saved() const;

    void done(int result) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace cm::ui
