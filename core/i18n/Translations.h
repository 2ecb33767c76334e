#pragma once

#include "common/Error.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace cm {

// The interface language of both executables: the application's own strings (embedded under
// :/i18n by qt_add_translations) and Qt's (qtbase_<language>.qm from Qt's translations folder).
// English is the source language; its file only holds the plural forms.
class Translations
{
    Q_DECLARE_TR_FUNCTIONS(cm::Translations)

public:
    // The language codes there are translations for ("de", "en"), from the embedded files.
    static QStringList available();

    // The value of --language in a command line ("--language de" or "--language=de"), or empty.
    // It is read before the command line parser exists, because the parser's help is translated.
    static QString requested(const QStringList& arguments);

    // Loads `language` (a code from available(); empty means the system's language, falling
    // back to English) and replaces any translation loaded before. Returns the code in use.
    // An unknown code is a usage error naming the codes there are.
    static Result<QString> install(const QString& language);

    // The code of the language install() loaded last ("en" before any).
    static QString current();

    // The language's own name for itself ("Deutsch", "English").
    static QString nativeName(const QString& language);
};

} // namespace cm
