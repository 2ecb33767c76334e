#include "LanguageSetting.h"

#include "i18n/Translations.h"

#include <QSettings>

namespace cm::ui {

namespace {
const QString LanguageKey = QStringLiteral("interface/language");
} // namespace

QString LanguageSetting::saved()
{
    const QString language = QSettings().value(LanguageKey).toString();
    // A choice from a newer version (or a hand-edited file) that this build cannot load
    // falls back to the system's language rather than stopping the start.
    return Translations::available().contains(language) ? language : QString();
}

void LanguageSetting::save(const QString& language)
{
    QSettings settings;
    if (language.isEmpty())
        settings.remove(LanguageKey);
    else
        settings.setValue(LanguageKey, language);
}

QString LanguageSetting::atStartUp(const QStringList& arguments)
{
    const QString requested = Translations::requested(arguments);
    return requested.isEmpty() ? saved() : requested;
}

} // namespace cm::ui
