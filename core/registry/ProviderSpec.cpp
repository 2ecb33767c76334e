#include "ProviderSpec.h"

namespace cm {

QString FieldSpec::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Text:
        return QStringLiteral("text");
    case Kind::Url:
        return QStringLiteral("url");
    case Kind::Secret:
        return QStringLiteral("secret");
    }
    return {};
}

const FieldSpec* ProviderSpec::field(const QString& key) const
{
    for (const FieldSpec& spec : fields) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

const QRegularExpression& fieldReferencePattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\{([A-Za-z0-9_]+)\\}"));
    return pattern;
}

QString firstFieldReference(const QString& text)
{
    const QRegularExpressionMatch match = fieldReferencePattern().match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}

} // namespace cm
