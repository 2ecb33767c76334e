// The translation files and what the executables make of them: the German .ts is complete
// and keeps every placeholder, mnemonic and edge of its sources; the English .ts holds only
// the plural forms; both files cover exactly the strings in the sources (lupdate run over
// them adds and drops nothing); the embedded .qm files match the .ts files; and
// cm::Translations installs a language with Qt's own strings and the registry texts.
//
// The .ts files, lupdate and its list of sources come from the build (see CMakeLists.txt);
// each can be pointed elsewhere with the environment variable of the same name, to try the
// checks against another file.

#include "i18n/Translations.h"
#include "registry/ProviderRegistry.h"
#include "support/ResultChecks.h"
#include "support/TsFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <algorithm>

using namespace cm;
using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

QString setting(const char* variable, const char* built)
{
    return qEnvironmentVariableIsSet(variable) ? qEnvironmentVariable(variable) : QString::fromUtf8(built);
}

QStringList tsPaths()
{
    return setting("CM_TS_FILES", CM_TS_FILES).split(u'|', Qt::SkipEmptyParts);
}

// "de" for .../credential-manager_de.ts: the code the embedded .qm file is named by.
QString languageOf(const QString& tsPath)
{
    static const QRegularExpression pattern(u"^credential-manager_(\\w+)\\.ts$"_s);
    return pattern.match(QFileInfo(tsPath).fileName()).captured(1);
}

// German has a singular and one plural form (lrelease's numerus rules for German).
constexpr int GermanForms = 2;
constexpr int EnglishForms = 2;

// %1..%99 and %L1.. (QString::arg), %n and %Ln (the count of a plural message), and the
// registry's {field_key} references: sorted, so equal lists are equal multisets.
QStringList placeholders(const QString& text, bool numerus)
{
    static const QRegularExpression numbered(u"%L?[1-9][0-9]?"_s);
    static const QRegularExpression count(u"%L?n"_s);
    static const QRegularExpression field(u"\\{[A-Za-z_][A-Za-z0-9_]*\\}"_s);
    QStringList found;
    for (const QRegularExpression* pattern : { &numbered, &count, &field }) {
        if (pattern == &count && !numerus)
            continue;
        for (const QRegularExpressionMatch& match : pattern->globalMatch(text))
            found.append(match.captured());
    }
    found.sort();
    return found;
}

// The number of '&' mnemonics: a '&' before a character that can be underlined ("&&" is a
// literal ampersand, "A & B" no mnemonic).
int mnemonics(QString text)
{
    text.remove(u"&&"_s);
    static const QRegularExpression mnemonic(u"&[^\\s&]"_s);
    int n = 0;
    for (auto it = mnemonic.globalMatch(text); it.hasNext(); it.next())
        ++n;
    return n;
}

QString leadingSpace(const QString& text)
{
    qsizetype i = 0;
    while (i < text.size() && text[i].isSpace())
        ++i;
    return text.left(i);
}

QString trailingSpace(const QString& text)
{
    qsizetype i = text.size();
    while (i > 0 && text[i - 1].isSpace())
        --i;
    return text.mid(i);
}

QString visible(const QString& space)
{
    QString shown = space;
    shown.replace(u'\n', u"\\n"_s).replace(u'\t', u"\\t"_s);
    return u'"' + shown + u'"';
}

// The translations of a message as (label, text) pairs: "form 1", "form 2" for a plural one.
QList<QPair<QString, QString>> translationsOf(const TsMessage& message)
{
    QList<QPair<QString, QString>> texts;
    if (!message.numerus) {
        texts.append({ QString(), message.translation });
        return texts;
    }
    for (qsizetype i = 0; i < message.forms.size(); ++i)
        texts.append({ u" (form %1)"_s.arg(i + 1), message.forms[i] });
    return texts;
}

// What QCoreApplication::translate gives for a message whose translation is `text`.
QString withCount(QString text, int n)
{
    return text.replace(u"%Ln"_s, QLocale().toString(n)).replace(u"%n"_s, QString::number(n));
}

QString translate(const QString& context, const QString& source, const QString& comment = {}, int n = -1)
{
    return QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData(),
                                       comment.toUtf8().constData(), n);
}

bool isDropped(const TsMessage& message)
{
    return message.type == QLatin1String("vanished") || message.type == QLatin1String("obsolete");
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void germanMessagesAreFinished();
    void germanPlaceholdersMatchTheSource();
    void germanMnemonicsMatchTheSource();
    void germanKeepsTheEdgesOfTheSource();
    void englishHoldsOnlyThePluralForms();
    void tsFilesCoverTheSources_data();
    void tsFilesCoverTheSources();

    void embeddedFilesLoad_data();
    void embeddedFilesLoad();
    void availableLanguagesAreTheTsFiles();
    void nativeNamesAreTheLanguagesOwn();
    void embeddedFilesMatchTheTsFiles_data();
    void embeddedFilesMatchTheTsFiles();

    void installGerman();
    void installGermanTranslatesTheRegistry();
    void installEnglishGivesPluralForms();
    void installUnknownLanguageKeepsTheCurrentOne();
    void installSystemLanguageUnderTheCLocale();

private:
    // The German translation of a message in the .ts file; fails the test (returning false)
    // when the message is missing or untranslated, or reads the same as the source, in which
    // case it could not show that a translation was applied.
    bool germanOf(const QString& context, const QString& source, const QString& comment, QString* german);

    QList<TsFile> m_files;
    TsFile m_german;
    TsFile m_english;
};

void TestTranslations::initTestCase()
{
    const QStringList paths = tsPaths();
    QVERIFY2(!paths.isEmpty(), "no .ts files given (CM_TS_FILES)");
    for (const QString& path : paths) {
        TsFile file = TsFile::read(path);
        QVERIFY2(file.error.isEmpty(), qPrintable(file.error));
        QVERIFY2(!file.messages.isEmpty(), qPrintable(u"%1 holds no message"_s.arg(path)));
        QVERIFY2(!languageOf(path).isEmpty(), qPrintable(u"%1 is not named credential-manager_<code>.ts"_s.arg(path)));
        if (languageOf(path) == QLatin1String("de"))
            m_german = file;
        else if (languageOf(path) == QLatin1String("en"))
            m_english = file;
        m_files.append(file);
    }
    QVERIFY2(!m_german.path.isEmpty(), "there is no credential-manager_de.ts");
    QVERIFY2(!m_english.path.isEmpty(), "there is no credential-manager_en.ts");
}

bool TestTranslations::germanOf(const QString& context, const QString& source, const QString& comment, QString* german)
{
    const TsMessage* message = m_german.find(context, source, comment);
    const QString name = messageName(context, source, comment);
    [&] {
        QVERIFY2(message, qPrintable(u"the German file has no message %1"_s.arg(name)));
        QVERIFY2(message->type.isEmpty() && !message->translation.isEmpty(),
                 qPrintable(u"the German file does not translate %1"_s.arg(name)));
        QVERIFY2(message->translation != source,
                 qPrintable(u"%1 reads the same in German, so it cannot show a translation"_s.arg(name)));
        *german = message->translation;
    }();
    return !QTest::currentTestFailed();
}

void TestTranslations::germanMessagesAreFinished()
{
    QStringList problems;
    for (const TsMessage& message : std::as_const(m_german.messages)) {
        QString problem;
        if (isDropped(message))
            problem = message.type + u" (no longer in the sources)"_s;
        else if (!message.type.isEmpty())
            problem = message.type;
        else if (message.numerus && message.forms.size() != GermanForms)
            problem = u"%1 plural forms, German has %2"_s.arg(message.forms.size()).arg(GermanForms);
        else if (message.numerus && message.forms.contains(QString()))
            problem = u"an empty plural form"_s;
        else if (!message.numerus && message.translation.isEmpty())
            problem = u"empty translation"_s;
        if (!problem.isEmpty())
            problems.append(message.name() + u" — "_s + problem);
    }
    QVERIFY2(
        problems.isEmpty(),
        qPrintable(u"%1 of %2 German messages are not finished; translate them in Qt Linguist:"_s.arg(problems.size())
                       .arg(m_german.messages.size())
                   + firstLines(problems)));
}

void TestTranslations::germanPlaceholdersMatchTheSource()
{
    // An untranslated message is germanMessagesAreFinished's finding; here every text there is
    // must carry the source's placeholders, or arg() fills the wrong value or none at all.
    QStringList problems;
    for (const TsMessage& message : std::as_const(m_german.messages)) {
        const QStringList expected = placeholders(message.source, message.numerus);
        for (const auto& [form, text] : translationsOf(message)) {
            if (text.isEmpty())
                continue;
            const QStringList found = placeholders(text, message.numerus);
            if (found != expected) {
                problems.append(message.name() + form + u" — the source has {"_s + expected.join(u", "_s)
                                + u"}, the translation {"_s + found.join(u", "_s) + u'}');
            }
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(u"%1 German translations differ from their source in placeholders:"_s.arg(problems.size())
                        + firstLines(problems)));
}

void TestTranslations::germanMnemonicsMatchTheSource()
{
    // A lost '&' takes away the keyboard shortcut; a second one makes two widgets fight over it.
    QStringList problems;
    for (const TsMessage& message : std::as_const(m_german.messages)) {
        const int expected = mnemonics(message.source);
        for (const auto& [form, text] : translationsOf(message)) {
            if (!text.isEmpty() && mnemonics(text) != expected) {
                problems.append(message.name() + form
                                + u" — %1 '&' mnemonic(s) in the source, %2 in the translation"_s.arg(expected).arg(
                                    mnemonics(text)));
            }
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(u"%1 German translations differ from their source in mnemonics:"_s.arg(problems.size())
                        + firstLines(problems)));
}

void TestTranslations::germanKeepsTheEdgesOfTheSource()
{
    // Leading and trailing whitespace is layout (indented help, a line break before more
    // text), and a trailing ':' introduces what the code appends: both belong to the source.
    QStringList problems;
    for (const TsMessage& message : std::as_const(m_german.messages)) {
        for (const auto& [form, text] : translationsOf(message)) {
            if (text.isEmpty())
                continue;
            if (leadingSpace(text) != leadingSpace(message.source)) {
                problems.append(message.name() + form + u" — starts with "_s + visible(leadingSpace(text))
                                + u", the source with "_s + visible(leadingSpace(message.source)));
            }
            if (trailingSpace(text) != trailingSpace(message.source)) {
                problems.append(message.name() + form + u" — ends with "_s + visible(trailingSpace(text))
                                + u", the source with "_s + visible(trailingSpace(message.source)));
            }
            if (message.source.trimmed().endsWith(u':') && !text.trimmed().endsWith(u':'))
                problems.append(message.name() + form + u" — the source ends with ':', the translation does not"_s);
        }
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(u"%1 German translations change the edges of their source:"_s.arg(problems.size())
                        + firstLines(problems)));
}

void TestTranslations::englishHoldsOnlyThePluralForms()
{
    // English is the source language: an unfinished, empty message shows the source text, and
    // only a %n message needs its singular and plural spelled out.
    QStringList problems;
    int plural = 0;
    for (const TsMessage& message : std::as_const(m_english.messages)) {
        QString problem;
        if (message.numerus) {
            ++plural;
            if (!message.type.isEmpty())
                problem = message.type + u" (plural messages need their English forms)"_s;
            else if (message.forms.size() != EnglishForms)
                problem = u"%1 plural forms, English has %2"_s.arg(message.forms.size()).arg(EnglishForms);
            else if (message.forms[0].contains(u"(s)"_s) || message.forms[1].contains(u"(s)"_s))
                problem = u"a form still says \"(s)\""_s;
            else if (!message.forms[0].contains(u"%n"_s) || !message.forms[1].contains(u"%n"_s))
                problem = u"a form lacks %n"_s;
        } else if (message.type != QLatin1String("unfinished") || !message.translation.isEmpty()) {
            problem = u"translated (only plural messages are; the others show their source)"_s;
        }
        if (!problem.isEmpty())
            problems.append(message.name() + u" — "_s + problem);
    }
    QVERIFY2(plural > 0, "the English file holds no plural message, yet the sources use %n");
    QVERIFY2(problems.isEmpty(),
             qPrintable(u"%1 of %2 English messages are wrong:"_s.arg(problems.size()).arg(m_english.messages.size())
                        + firstLines(problems)));
}

void TestTranslations::tsFilesCoverTheSources_data()
{
    QTest::addColumn<QString>("path");
    for (const QString& path : tsPaths())
        QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
}

void TestTranslations::tsFilesCoverTheSources()
{
    // lupdate run over the sources, as the update_translations target runs it, must find
    // nothing to add and nothing to drop. A copy is updated so the real file stays as it is.
    QFETCH(QString, path);
    const TsFile original = TsFile::read(path);
    QVERIFY2(original.error.isEmpty(), qPrintable(original.error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QFileInfo(path).fileName());
    QVERIFY(QFile::copy(path, copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    const QString sources = setting("CM_LUPDATE_SOURCES_LIST", CM_LUPDATE_SOURCES_LIST);
    QVERIFY2(QFileInfo::exists(sources), qPrintable(u"the list of lupdate's sources is missing: "_s + sources));
    QProcess lupdate;
    lupdate.setProgram(setting("CM_LUPDATE", CM_LUPDATE));
    lupdate.setArguments({ u'@' + sources, u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"-ts"_s, copy });
    lupdate.start();
    QVERIFY2(lupdate.waitForFinished(120000), qPrintable(u"lupdate did not finish: "_s + lupdate.errorString()));
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             qPrintable(u"lupdate failed (exit code %1): "_s.arg(lupdate.exitCode())
                        + QString::fromLocal8Bit(lupdate.readAllStandardError())));

    const TsFile updated = TsFile::read(copy);
    QVERIFY2(updated.error.isEmpty(), qPrintable(updated.error));
    QSet<QString> originalKeys;
    for (const TsMessage& message : original.messages)
        originalKeys.insert(message.key());
    QSet<QString> updatedKeys;
    QStringList missing;
    for (const TsMessage& message : updated.messages) {
        updatedKeys.insert(message.key());
        if (!originalKeys.contains(message.key()))
            missing.append(message.name());
    }
    QStringList obsolete;
    for (const TsMessage& message : original.messages) {
        if (!updatedKeys.contains(message.key()))
            obsolete.append(message.name());
    }
    // Both lists in one message: a renamed string is one of each.
    QString problems;
    if (!missing.isEmpty()) {
        problems += u"%1 source strings are missing from %2; run the update_translations target and translate them:"_s
                        .arg(missing.size())
                        .arg(QFileInfo(path).fileName())
            + firstLines(missing) + u'\n';
    }
    if (!obsolete.isEmpty()) {
        problems += u"%1 messages of %2 are no longer in the sources; run the update_translations target to drop "
                    u"them:"_s.arg(obsolete.size())
                        .arg(QFileInfo(path).fileName())
            + firstLines(obsolete);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems));
}

void TestTranslations::embeddedFilesLoad_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("tsLanguage");
    for (const TsFile& file : std::as_const(m_files))
        QTest::newRow(qPrintable(languageOf(file.path))) << languageOf(file.path) << file.language;
}

void TestTranslations::embeddedFilesLoad()
{
    QFETCH(QString, language);
    QFETCH(QString, tsLanguage);
    QCOMPARE(tsLanguage, language); // the file's name and its <TS language> agree
    QTranslator translator;
    const QString qm = u":/i18n/credential-manager_%1.qm"_s.arg(language);
    QVERIFY2(translator.load(qm), qPrintable(qm + u" is not embedded in credcore, or is no .qm file"_s));
    QVERIFY2(!translator.isEmpty(), qPrintable(qm + u" holds no translation"_s));
    QCOMPARE(translator.language(), language);
}

void TestTranslations::availableLanguagesAreTheTsFiles()
{
    QStringList tsLanguages;
    for (const TsFile& file : std::as_const(m_files))
        tsLanguages.append(languageOf(file.path));
    tsLanguages.sort();
    QCOMPARE(Translations::available(), QStringList({ u"de"_s, u"en"_s }));
    QCOMPARE(Translations::available(), tsLanguages);
}

void TestTranslations::nativeNamesAreTheLanguagesOwn()
{
    // Settings > Language lists each language by its own name: the language, not a country's
    // variant of it (there is one English translation, not an American one).
    QCOMPARE(Translations::nativeName(u"de"_s), u"Deutsch"_s);
    QCOMPARE(Translations::nativeName(u"en"_s), u"English"_s);
}

void TestTranslations::embeddedFilesMatchTheTsFiles_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_files.size(); ++i)
        QTest::newRow(qPrintable(languageOf(m_files[i].path))) << int(i);
}

void TestTranslations::embeddedFilesMatchTheTsFiles()
{
    // Every translation in the .ts file is what the executables show once the language is
    // installed: a .qm file built from an older .ts (or not rebuilt) fails here.
    QFETCH(int, index);
    const TsFile& file = m_files[index];
    VERIFY_OK(Translations::install(languageOf(file.path)));
    QStringList problems;
    int checked = 0;
    for (const TsMessage& message : file.messages) {
        if (isDropped(message))
            continue;
        if (!message.numerus) {
            if (message.translation.isEmpty())
                continue; // lrelease leaves it out: the source shows
            ++checked;
            const QString shown = translate(message.context, message.source, message.comment);
            if (shown != message.translation)
                problems.append(message.name() + u" — shows \""_s + shown + u'"');
            continue;
        }
        // n = 1 is the first form and n = 2 the second in both German and English.
        for (int n : { 1, 2 }) {
            if (message.forms.size() < n || message.forms[n - 1].isEmpty())
                continue;
            ++checked;
            const QString shown = translate(message.context, message.source, message.comment, n);
            if (shown != withCount(message.forms[n - 1], n))
                problems.append(message.name() + u" (n = %1) — shows \""_s.arg(n) + shown + u'"');
        }
    }
    QVERIFY2(checked > 0, "the .ts file has no translation to look for");
    QVERIFY2(problems.isEmpty(),
             qPrintable(u"%1 of %2 translations in %3 are not what the embedded .qm file gives; is it stale?"_s
                            .arg(problems.size())
                            .arg(checked)
                            .arg(QFileInfo(file.path).fileName())
                        + firstLines(problems)));
}

void TestTranslations::installGerman()
{
    const Result<QString> installed = Translations::install(u"de"_s);
    VERIFY_OK(installed);
    QCOMPARE(installed.value(), u"de"_s);
    QCOMPARE(Translations::current(), u"de"_s);
    QCOMPARE(QLocale().language(), QLocale::German); // dates and numbers follow too

    // A menu entry, a credctl option and a registry label, each as the German file has it.
    const QList<QStringList> samples = {
        { u"cm::ui::MainWindow"_s, u"&Add Credential"_s, QString() },
        { u"cm::Credctl"_s, u"Show help for credctl or for one command."_s, QString() },
        { u"cm::ProviderRegistry"_s, u"API Key"_s, u"field label"_s },
    };
    for (const QStringList& sample : samples) {
        QString german;
        if (!germanOf(sample[0], sample[1], sample[2], &german))
            return;
        QCOMPARE(translate(sample[0], sample[1], sample[2]), german);
    }

    // Qt's own strings (the standard buttons of every dialog) come from qtbase_de.qm.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Abbrechen"_s);
}

void TestTranslations::installGermanTranslatesTheRegistry()
{
    QFile file(u":/providers.json"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray json = file.readAll();

    VERIFY_OK(Translations::install(u"en"_s));
    const Result<ProviderRegistry> english = ProviderRegistry::fromJson(json);
    VERIFY_OK(english);
    VERIFY_OK(Translations::install(u"de"_s));
    const Result<ProviderRegistry> german = ProviderRegistry::fromJson(json);
    VERIFY_OK(german);
    QCOMPARE(german->ids(), english->ids());

    // Every text people read is the German file's translation of the English one, under the
    // comment that says what it is.
    const QString context = u"cm::ProviderRegistry"_s;
    int apiKeys = 0;
    for (qsizetype p = 0; p < english->providers().size(); ++p) {
        const ProviderSpec& en = english->providers()[p];
        const ProviderSpec& de = german->providers()[p];
        const TsMessage* name = m_german.find(context, en.name, u"provider name"_s);
        QVERIFY2(name, qPrintable(u"the German file lacks the provider name "_s + en.name));
        QCOMPARE(de.name, name->translation);
        QCOMPARE(de.fields.size(), en.fields.size());
        for (qsizetype f = 0; f < en.fields.size(); ++f) {
            const TsMessage* label = m_german.find(context, en.fields[f].label, u"field label"_s);
            QVERIFY2(label, qPrintable(u"the German file lacks the field label "_s + en.fields[f].label));
            QVERIFY2(de.fields[f].label == label->translation,
                     qPrintable(u"%1 %2: \"%3\", the German file says \"%4\""_s.arg(
                         en.id, en.fields[f].key, de.fields[f].label, label->translation)));
            if (en.fields[f].label == QLatin1String("API Key"))
                ++apiKeys;
            if (en.fields[f].help.isEmpty())
                continue;
            const TsMessage* help = m_german.find(context, en.fields[f].help, u"field help"_s);
            QVERIFY2(help, qPrintable(u"the German file lacks the field help "_s + en.fields[f].help));
            QCOMPARE(de.fields[f].help, help->translation);
        }
        for (qsizetype r = 0; r < en.probe.requests.size(); ++r) {
            const QMap<QString, QString>& messages = en.probe.requests[r].errorMessages;
            for (auto it = messages.cbegin(); it != messages.cend(); ++it) {
                const TsMessage* message = m_german.find(context, it.value(), u"connection test message"_s);
                QVERIFY2(message, qPrintable(u"the German file lacks the connection test message "_s + it.value()));
                QCOMPARE(de.probe.requests[r].errorMessages.value(it.key()), message->translation);
            }
        }
    }
    QVERIFY2(apiKeys > 0, "no provider has a field labelled \"API Key\"");
    QString apiKey;
    if (!germanOf(context, u"API Key"_s, u"field label"_s, &apiKey))
        return;

    // `credctl providers --json` is for programs: the same English whatever the language.
    const QJsonArray germanJson = german->toJson();
    const QJsonArray englishJson = english->toJson();
    for (qsizetype p = 0; p < englishJson.size(); ++p) {
        QVERIFY2(germanJson.at(p) == englishJson.at(p),
                 qPrintable(u"toJson() of %1 differs under German"_s.arg(english->providers()[p].id)));
    }
    QCOMPARE(QJsonDocument(germanJson).toJson(), QJsonDocument(englishJson).toJson());
}

void TestTranslations::installEnglishGivesPluralForms()
{
    VERIFY_OK(Translations::install(u"de"_s));
    const Result<QString> installed = Translations::install(u"en"_s);
    VERIFY_OK(installed);
    QCOMPARE(installed.value(), u"en"_s);
    QCOMPARE(Translations::current(), u"en"_s);
    QCOMPARE(QLocale().language(), QLocale::English);

    // The German before is gone: the source text shows, and Qt's buttons are English again.
    QCOMPARE(translate(u"cm::ui::MainWindow"_s, u"&Add Credential"_s), u"&Add Credential"_s);
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Cancel"_s);

    // "1 model available", not "1 model(s) available".
    int plural = 0;
    for (const TsMessage& message : std::as_const(m_english.messages)) {
        if (!message.numerus || message.forms.size() != EnglishForms)
            continue;
        ++plural;
        const QString one = translate(message.context, message.source, message.comment, 1);
        QVERIFY2(one == withCount(message.forms[0], 1),
                 qPrintable(message.name() + u" with n = 1 shows \""_s + one + u'"'));
        QVERIFY2(!one.contains(u"(s)"_s), qPrintable(message.name() + u" with n = 1 shows \""_s + one + u'"'));
        const QString three = translate(message.context, message.source, message.comment, 3);
        QVERIFY2(three == withCount(message.forms[1], 3),
                 qPrintable(message.name() + u" with n = 3 shows \""_s + three + u'"'));
    }
    QVERIFY2(plural > 0, "the English file has no plural message with two forms");
}

void TestTranslations::installUnknownLanguageKeepsTheCurrentOne()
{
    VERIFY_OK(Translations::install(u"de"_s));
    QString german;
    if (!germanOf(u"cm::ui::MainWindow"_s, u"&Add Credential"_s, QString(), &german))
        return;

    const Result<QString> unknown = Translations::install(u"xx"_s);
    VERIFY_FAILS(unknown, ErrorCode::Usage);
    // The sentence tells what to give instead. It is in the language installed (German now),
    // so only its untranslated parts are compared.
    VERIFY_MESSAGE_HAS(unknown, u"--language"_s);
    VERIFY_MESSAGE_HAS(unknown, u"xx"_s);
    VERIFY_MESSAGE_HAS(unknown, Translations::available().join(u", "_s));

    QCOMPARE(Translations::current(), u"de"_s);
    QCOMPARE(translate(u"cm::ui::MainWindow"_s, u"&Add Credential"_s), german);
    QCOMPARE(QLocale().language(), QLocale::German);
}

void TestTranslations::installSystemLanguageUnderTheCLocale()
{
    // The system locale is read once per process: CTest runs this test under LC_ALL=C.UTF-8.
    if (QLocale::system().language() != QLocale::C)
        QSKIP("The system locale is not C: run this test through ctest, which sets LC_ALL=C.UTF-8.");
    VERIFY_OK(Translations::install(u"de"_s));

    const Result<QString> installed = Translations::install(QString());
    VERIFY_OK(installed);
    QCOMPARE(installed.value(), u"en"_s);
    QCOMPARE(Translations::current(), u"en"_s);
    // There is no C translation, so English shows, with its plural forms.
    QCOMPARE(translate(u"cm::ui::MainWindow"_s, u"&Add Credential"_s), u"&Add Credential"_s);
    const auto plural = std::find_if(m_english.messages.cbegin(), m_english.messages.cend(),
                                     [](const TsMessage& message) { return message.numerus; });
    QVERIFY(plural != m_english.messages.cend());
    QCOMPARE(translate(plural->context, plural->source, plural->comment, 1), withCount(plural->forms.value(0), 1));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "TestTranslations.moc"
