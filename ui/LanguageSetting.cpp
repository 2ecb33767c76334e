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

bool LanguageSetting::save(const QString& language)
{
    QSettings settings;
    // Compared with what is stored, not with saved(): a code this build cannot load must be
    // replaced too when the system language is chosen.
    if (settings.value(LanguageKey).toString() == language)
        return false;
    if (language.isEmpty())
        settings.remove(LanguageKey);
    else
        settings.setValue(LanguageKey, language);
    return true;
}

QString LanguageSetting::atStartUp(const QStringList& arguments)
{
    const QString requested = Translations::requested(arguments);
    return requested.isEmpty() ? saved() : requested;
}

} // namespace cm::ui
