#include "Translations.h"

#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>
#include <utility>
#include <vector>

namespace cm {

namespace {

const QString ResourceFolder = QStringLiteral(":/i18n");
const QString FilePrefix = QStringLiteral("credential-manager_");
const QString SourceLanguage = QStringLiteral("en");

struct Installed
{
    std::unique_ptr<QTranslator> application;
    std::vector<std::unique_ptr<QTranslator>> libraries; // Qt's and QtKeychain's own strings
    QString language = SourceLanguage;
};

Installed& installed()
{
    static Installed translators;
    return translators;
}

void removeInstalled()
{
    if (installed().application)
        QCoreApplication::removeTranslator(installed().application.get());
    installed().application.reset();
    for (const std::unique_ptr<QTranslator>& translator : installed().libraries)
        QCoreApplication::removeTranslator(translator.get());
    installed().libraries.clear();
}

// Where the libraries' own .qm files are: Qt's translations folder (qt.conf moves it in a
// deployed tree), then the folders beside the executable where the Windows and macOS deploy
// steps put them (bin/../translations, Contents/Resources/translations).
QStringList libraryTranslationFolders(const QString& subfolder)
{
    const QString executable = QCoreApplication::applicationDirPath();
    return { subfolder.isEmpty() ? QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                                 : QLibraryInfo::path(QLibraryInfo::PrefixPath) + subfolder,
             executable + QStringLiteral("/translations"), executable + QStringLiteral("/../translations"),
             executable + QStringLiteral("/../Resources/translations") };
}

// Loads the first of `prefixes` found in `folders` for exactly `language`; nullptr if none is.
std::unique_ptr<QTranslator> loadLibraryTranslator(const QString& language, const QStringList& prefixes,
                                                   const QStringList& folders)
{
    auto translator = std::make_unique<QTranslator>();
    for (const QString& prefix : prefixes) {
        for (const QString& folder : folders) {
            if (translator->load(prefix + QLatin1Char('_') + language, folder))
                return translator;
        }
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
    auto application = std::make_unique<QTranslator>();
    const bool loaded = language.isEmpty()
        ? application->load(QLocale::system(), FilePrefix.chopped(1), QStringLiteral("_"), ResourceFolder)
        : application->load(FilePrefix + language, ResourceFolder);
    if (!loaded && !application->load(FilePrefix + SourceLanguage, ResourceFolder)) {
        installed().language = SourceLanguage;
        return installed().language;
    }
    const QString inUse = application->language().section(QLatin1Char('_'), 0, 0);
    installed().language = inUse.isEmpty() ? SourceLanguage : inUse;
    QCoreApplication::installTranslator(application.get());
    installed().application = std::move(application);

    // The libraries speak the language the application's strings are in, never another one of
    // the system's preferred languages. windeployqt merges Qt's files into qt_<language>.qm;
    // Debian's qt_<language>.qm loads qtbase and the other modules' files.
    const QString& inUseLanguage = installed().language;
    for (auto [prefixes, subfolder] :
         { std::pair { QStringList { QStringLiteral("qt"), QStringLiteral("qtbase") }, QString() },
           std::pair { QStringList { QStringLiteral("qtkeychain") },
                       QStringLiteral("/share/qt6keychain/translations") } }) {
        if (std::unique_ptr<QTranslator> translator
            = loadLibraryTranslator(inUseLanguage, prefixes, libraryTranslationFolders(subfolder))) {
            QCoreApplication::installTranslator(translator.get());
            installed().libraries.push_back(std::move(translator));
        }
    }

    // Dates and numbers follow the system, unless a language other than the system's was chosen
    // (English chosen on a British system keeps British dates).
    const QLocale system = QLocale::system();
    QLocale::setDefault(language.isEmpty() || system.language() == QLocale(language).language() ? system
                                                                                                : QLocale(language));
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
