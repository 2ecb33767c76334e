#include "EnvironmentKeySource.h"

#include <cstdlib>
#include <cstring>

namespace cm {

std::optional<QByteArrayView> EnvironmentKeySource::read(const QString& variable)
{
    // std::getenv points into the environment block itself; qgetenv would copy the secret
    // into ordinary heap memory. getenv races only with setenv/putenv, which the program never calls.
    // NOLINTNEXTLINE(concurrency-mt-unsafe)
    const char* text = std::getenv(variable.toLocal8Bit().constData());
    if (!text)
        return std::nullopt;
    return QByteArrayView(text, qsizetype(std::strlen(text)));
}

QString EnvironmentKeySource::name() const
{
    return QString::fromLatin1(VariableName);
}

Result<std::optional<MasterKey>> EnvironmentKeySource::load(const QString&, const QString&)
{
    const std::optional<QByteArrayView> text = read(name());
    if (!text || text->isEmpty())
        return std::optional<MasterKey>();
    Result<MasterKey> key = MasterKey::parse(*text, name());
    if (!key)
        return key.error();
    return std::optional<MasterKey>(std::move(key).value());
}

} // namespace cm
