#include "EnvironmentKeySource.h"

#include <cstdlib>
#include <cstring>

namespace cm {

QString EnvironmentKeySource::name() const
{
    return QString::fromLatin1(VariableName);
}

Result<std::optional<MasterKey>> EnvironmentKeySource::load(const QString&, const QString&)
{
    // std::getenv points into the environment block itself; qgetenv would copy the key
    // into ordinary heap memory.
    const char* text = std::getenv(VariableName);
    if (!text || !*text)
        return std::optional<MasterKey>();
    Result<MasterKey> key = MasterKey::parse(QByteArrayView(text, qsizetype(std::strlen(text))), name());
    if (!key)
        return key.error();
    return std::optional<MasterKey>(std::move(key).value());
}

} // namespace cm
