#pragma once

#include "common/Error.h"
#include "registry/ProviderRegistry.h"
#include "store/FieldValues.h"
#include <QCoreApplication>

#include <QString>

#include <optional>

namespace cm {

// The one implementation of the field rules (docs/cli.md, SPEC section 3), used by the
// store, the command line and the dialog alike. Every message names the field by its label.
class CredentialValidator
{
    Q_DECLARE_TR_FUNCTIONS(cm::CredentialValidator)

public:
    static constexpr int MaxNameLength = 200;

    // Returns the name trimmed of surrounding white space, or why it is refused.
    static Result<QString> validateName(const QString& name);

    // Returns the values to store: trimmed, required fields with a default filled in, empty
    // optional fields left out. Refuses unknown keys, missing required values, bad URLs and
    // API versions.
    static Result<FieldValues> validateFields(const ProviderSpec& provider, const FieldValues& input);

    // The rule for one value of one field (empty means "left empty"); nullopt when fine.
    static std::optional<QString> fieldProblem(const FieldSpec& field, const QString& value);

    // Whether `host` is this computer, the only place a key may travel to without TLS.
    static bool isLoopbackHost(const QString& host);

    static const ProviderSpec* findProvider(const ProviderRegistry& registry, const QString& id, Error* error);
};

} // namespace cm
