#pragma once

#include "common/Error.h"
#include "registry/ProviderSpec.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>

namespace cm {

// The providers and their fields: read once from the built-in resources/providers.json.
// The dialog, the command line and the validator all read this one registry.
class ProviderRegistry
{
public:
    // The compiled-in registry. Aborts at start-up if the built-in file is broken, which
    // the registry test guards against.
    static const ProviderRegistry& builtin();
    static Result<ProviderRegistry> fromJson(const QByteArray& json);

    const QList<ProviderSpec>& providers() const { return m_providers; }
    const ProviderSpec* provider(const QString& id) const;
    QStringList ids() const;

    // The registry in the shape of providers.json (used by `credctl providers --json`).
    QJsonArray toJson() const;

private:
    QList<ProviderSpec> m_providers;
};

} // namespace cm
