#pragma once

#include "keys/KeySource.h"

namespace cm {

// The key from the CREDENTIAL_ENCRYPTION_KEY environment variable, read in place (no copy
// outside secure memory).
class EnvironmentKeySource : public KeySource
{
public:
    static constexpr char VariableName[] = "CREDENTIAL_ENCRYPTION_KEY";

    // The value of an environment variable, read in place (no copy outside the environment
    // block); nullopt when it is not set. For keys and passphrases named on the command line.
    static std::optional<QByteArrayView> read(const QString& variable);

    QString name() const override;
    Kind kind() const override { return Kind::Environment; }
    Result<std::optional<MasterKey>> load(const QString& storeId, const QString& storeKeyId) override;
};

} // namespace cm
