#pragma once

#include <QString>
#include <QStringList>

namespace cm::ui {

// The interface language chosen in Settings > Language: a code ("de"), or empty for the
// system's. It takes effect at the next start; --language on the command line wins over it.
class LanguageSetting
{
public:
    static QString saved();
    // Returns whether the stored choice changed.
    static bool save(const QString& language);
    // What to load at start-up: --language when given, else the saved choice.
    static QString atStartUp(const QStringList& arguments);
};

} // namespace cm::ui
