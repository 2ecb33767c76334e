#include "Translations.h"

#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace cm {

namespace {

const QString ResourceFolder = QStringLiteral(":/i18n");
const QString FilePrefix = QStringLiteral("credential-manager_");
const QString SourceLanguage = QStringLiteral("en");

struct Installed
{
    std::unique_ptr<QTranslator> application;
    std::unique_ptr<QTranslator> qt;
    QString language = SourceLanguage;
};

Installed& installed()
{
    static Installed translators;
    return translators;
}

void removeInstalled()
{
    for (std::unique_ptr<QTranslator>* translator : { &installed().application, &installed().qt }) {
        if (*translator) {
            QCoreApplication::removeTranslator(translator->get());
            translator->reset();
        }
    }
}

// Qt's own strings (standard buttons, the file dialog): from Qt's translations folder, or
// from a "translations" folder beside the executable where the Windows and macOS deploy
// steps put them.
std::unique_ptr<QTranslator> loadQtTranslator(const QLocale& locale)
{
    auto translator = std::make_unique<QTranslator>();
    const QStringList folders { QLibraryInfo::path(QLibraryInfo::TranslationsPath),
                                QCoreApplication::applicationDirPath() + QStringLiteral("/translations") };
    for (const QString& folder : folders) {
        if (translator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), folder))
            return translator;
    }
    return nullptr;
}

} // namespace

QStringList Translations::available()
{
    QStringList languages;
    const QStringList files = QDir(ResourceFolder).entryList({ FilePrefix + QStringLiteral("*.qm") }, QDir::Files);
    for (const QString& file : files)
        languages.append(file.mid(FilePrefix.size()).chopped(3));
    languages.sort();
    return languages;
}

QString Translations::requested(const QStringList& arguments)
{
    const QString option = QStringLiteral("--language");
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--"))
            break;
        if (arguments[i] == option && i + 1 < arguments.size())
            return arguments[i + 1];
        if (arguments[i].startsWith(option + QLatin1Char('=')))
            return arguments[i].mid(option.size() + 1);
    }
    return {};
}

Result<QString> Translations::install(const QString& language)
{
    const QStringList languages = available();
    if (!language.isEmpty() && !languages.contains(language)) {
        return makeError(ErrorCode::Usage,
                         tr("There is no \"%1\" translation; give --language one of: %2.")
                             .arg(language, languages.join(QLatin1String(", "))));
    }
    removeInstalled();

    // The system's language when none was chosen; English (its plural forms) when there is no
    // translation for it, such as under the C locale.
    QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto application = std::make_unique<QTranslator>();
    if (!application->load(locale, FilePrefix.chopped(1), QStringLiteral("_"), ResourceFolder)) {
        locale = QLocale(SourceLanguage);
        if (!application->load(FilePrefix + SourceLanguage, ResourceFolder)) {
            installed().language = SourceLanguage;
            return installed().language;
        }
    }
    // Dates and numbers follow a chosen language too.
    QLocale::setDefault(language.isEmpty() ? QLocale::system() : locale);

    QCoreApplication::installTranslator(application.get());
    installed().application = std::move(application);
    if (std::unique_ptr<QTranslator> qt = loadQtTranslator(locale)) {
        QCoreApplication::installTranslator(qt.get());
        installed().qt = std::move(qt);
    }
    const QString inUse = installed().application->language().section(QLatin1Char('_'), 0, 0);
    installed().language = inUse.isEmpty() ? SourceLanguage : inUse;
    return installed().language;
}

QString Translations::current()
{
    return installed().language;
}

QString Translations::nativeName(const QString& language)
{
    // QLocale's native name for "en" is its default territory's ("American English"); the
    // source language is plain English.
    if (language == SourceLanguage)
        return QLocale::languageToString(QLocale::English);
    const QString name = QLocale(language).nativeLanguageName();
    return name.isEmpty() ? language : name.left(1).toUpper() + name.mid(1);
}

} // namespace cm
