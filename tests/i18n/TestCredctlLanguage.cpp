// The language of the real credctl executable: --language and the system locale choose it,
// the texts people read (registry labels, help, error sentences) follow it, and what programs
// read (--json) does not. Expected German comes from credential-manager_de.ts, never from this
// file. Every test works in its own temporary folder (store, HOME and XDG folders), and no
// keychain can answer. Failure messages name the command and show stderr, never a key.

#include "support/CredctlProcess.h"
#include "support/RandomValues.h"
#include "support/TsFile.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cm::test;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString KeyVariable = u"CREDENTIAL_ENCRYPTION_KEY"_s;
const QString RegistryContext = u"cm::ProviderRegistry"_s;

using Variables = QMap<QString, QString>;

QString setting(const char* variable, const char* built)
{
    return qEnvironmentVariableIsSet(variable) ? qEnvironmentVariable(variable) : QString::fromUtf8(built);
}

QStringList tsPaths()
{
    return setting("CM_TS_FILES", CM_TS_FILES).split(u'|', Qt::SkipEmptyParts);
}

// What `credctl providers` prints, read back: provider id -> its name and field key -> label.
struct ProviderListing
{
    QString name;
    QMap<QString, QString> labels;
};

// "Name (id)" starts a provider; "  key  Label  notes" (columns padded with two or more
// spaces) is one of its fields.
QMap<QString, ProviderListing> readProviders(const QByteArray& out)
{
    static const QRegularExpression heading(u"^(.+) \\(([a-z0-9-]+)\\)$"_s);
    static const QRegularExpression columns(u"\\s{2,}"_s);
    QMap<QString, ProviderListing> providers;
    QString current;
    for (const QString& line : QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts)) {
        if (!line.startsWith(u' ')) {
            const QRegularExpressionMatch match = heading.match(line);
            current = match.captured(2);
            providers[current].name = match.captured(1);
            continue;
        }
        const QStringList parts = line.trimmed().split(columns);
        if (parts.size() >= 2)
            providers[current].labels.insert(parts[0], parts[1]);
    }
    return providers;
}

// The translation in `file` of `sentence`, an English text as the program printed it: the
// message whose source matches it, with the placeholders' values (%1, %2, ...) carried over.
// Generic sources such as "%1 %2" match many sentences, so the ones with the most fixed text
// win; the same source can stand in several contexts, so there may be more than one
// translation. Empty when no message matches.
QStringList translationsOf(const TsFile& file, const QString& sentence)
{
    static const QRegularExpression placeholder(u"%L?([1-9][0-9]?)"_s);
    QMap<qsizetype, QStringList> found; // by the length of the source's fixed text
    for (const TsMessage& message : file.messages) {
        if (message.numerus || message.translation.isEmpty())
            continue;
        // The source as a pattern: its fixed parts literally, each placeholder any text.
        QString pattern = u"\\A"_s;
        QList<int> numbers;
        qsizetype at = 0;
        qsizetype fixed = 0;
        for (const QRegularExpressionMatch& match : placeholder.globalMatch(message.source)) {
            const QString text = message.source.mid(at, match.capturedStart() - at);
            pattern += QRegularExpression::escape(text) + u"(.+?)"_s;
            fixed += text.size();
            numbers.append(match.captured(1).toInt());
            at = match.capturedEnd();
        }
        pattern += QRegularExpression::escape(message.source.mid(at)) + u"\\z"_s;
        fixed += message.source.size() - at;
        const QRegularExpressionMatch matched = QRegularExpression(pattern).match(sentence);
        if (!matched.hasMatch())
            continue;
        QMap<int, QString> values;
        for (qsizetype i = 0; i < numbers.size(); ++i)
            values.insert(numbers[i], matched.captured(int(i) + 1));
        QString translated;
        at = 0;
        for (const QRegularExpressionMatch& match : placeholder.globalMatch(message.translation)) {
            translated += message.translation.mid(at, match.capturedStart() - at)
                + values.value(match.captured(1).toInt(), match.captured());
            at = match.capturedEnd();
        }
        found[fixed].append(translated + message.translation.mid(at));
    }
    if (found.isEmpty())
        return {};
    QStringList best = found.last();
    best.removeDuplicates();
    return best;
}

} // namespace

class TestCredctlLanguage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void providersShowTheLanguagesLabels_data();
    void providersShowTheLanguagesLabels();
    void systemLocaleChoosesTheLanguage_data();
    void systemLocaleChoosesTheLanguage();
    void unknownLanguageIsAUsageError_data();
    void unknownLanguageIsAUsageError();
    void helpIsTranslated();
    void machineOutputIsTheSameInEveryLanguage();
    void errorSentenceIsTranslated();

private:
    QProcessEnvironment environment() const;
    QProcessEnvironment keyedEnvironment();
    // Line ends as "\n" on every platform: on Windows the C runtime writes "\r\n", which is not
    // what these tests are about.
    Outcome run(const QStringList& arguments, const QProcessEnvironment& environment) const
    {
        Outcome outcome = runCredctl(arguments, environment, m_dir->path());
        outcome.out.replace("\r\n", "\n");
        outcome.err.replace("\r\n", "\n");
        return outcome;
    }
    // The German file's translation of a message; fails the test (returning false) when the
    // message is missing or untranslated, or reads as the source, which would prove nothing.
    bool germanOf(const QString& context, const QString& source, const QString& comment, QString* german);

    TsFile m_german;
    QString m_languages; // "de, en": the codes of the .ts files, as credctl lists them
    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_key;
};

void TestCredctlLanguage::initTestCase()
{
    QStringList languages;
    static const QRegularExpression name(u"^credential-manager_(\\w+)\\.ts$"_s);
    for (const QString& path : tsPaths()) {
        const QString language = name.match(QFileInfo(path).fileName()).captured(1);
        languages.append(language);
        if (language == QLatin1String("de"))
            m_german = TsFile::read(path);
    }
    QVERIFY2(!m_german.path.isEmpty(), "there is no credential-manager_de.ts among CM_TS_FILES");
    QVERIFY2(m_german.error.isEmpty(), qPrintable(m_german.error));
    languages.sort();
    m_languages = languages.join(u", "_s);
    QVERIFY2(QFileInfo(credctlPath()).isExecutable(), qPrintable(credctlPath() + u" is not built"_s));
}

void TestCredctlLanguage::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir().mkpath(m_dir->filePath(u"home"_s)));
    m_key.clear();
}

void TestCredctlLanguage::cleanup()
{
    m_dir.reset();
}

QProcessEnvironment TestCredctlLanguage::environment() const
{
    // credctlEnvironment() runs credctl in C.UTF-8 (English unless told otherwise).
    return withoutKeychain(credctlEnvironment(m_dir->path()), m_dir->filePath(u"xdg-runtime"_s));
}

QProcessEnvironment TestCredctlLanguage::keyedEnvironment()
{
    QProcessEnvironment keyed = environment();
    if (m_key.isEmpty()) {
        // A key as an administrator makes one.
        const Outcome generated = run({ u"key"_s, u"generate"_s }, environment());
        if (generated.code == 0)
            m_key = generated.out.trimmed();
    }
    keyed.insert(KeyVariable, QString::fromLatin1(m_key));
    keyed.insert(u"CREDENTIAL_STORE"_s, m_dir->filePath(u"store.sqlite"_s));
    return keyed;
}

bool TestCredctlLanguage::germanOf(const QString& context, const QString& source, const QString& comment,
                                   QString* german)
{
    const TsMessage* message = m_german.find(context, source, comment);
    const QString name = messageName(context, source, comment);
    [&] {
        QVERIFY2(message, qPrintable(u"the German file has no message "_s + name));
        QVERIFY2(message->type.isEmpty() && !message->translation.isEmpty(),
                 qPrintable(u"the German file does not translate "_s + name));
        QVERIFY2(message->translation != source,
                 qPrintable(name + u" reads the same in German, so it cannot show a translation"_s));
        *german = message->translation;
    }();
    return !QTest::currentTestFailed();
}

void TestCredctlLanguage::providersShowTheLanguagesLabels_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("de") << u"de"_s;
    QTest::newRow("en") << u"en"_s;
}

void TestCredctlLanguage::providersShowTheLanguagesLabels()
{
    QFETCH(QString, language);
    // The registry's English, from the output programs read (it never changes language).
    const Outcome json = run({ u"providers"_s, u"--json"_s }, environment());
    CHECK_EXIT(json, 0);
    const QJsonArray registry = jsonArray(json.out);
    QVERIFY2(!registry.isEmpty(), "credctl providers --json lists no provider");

    const Outcome listed = run({ u"--language"_s, language, u"providers"_s }, environment());
    CHECK_EXIT(listed, 0);
    const QMap<QString, ProviderListing> shown = readProviders(listed.out);
    int translated = 0;
    for (const QJsonValue& value : registry) {
        const QJsonObject provider = value.toObject();
        const QString id = provider[u"id"_s].toString();
        QVERIFY2(shown.contains(id), qPrintable(u"credctl providers does not list "_s + id));
        QString name = provider[u"name"_s].toString();
        if (language == QLatin1String("de")) {
            const TsMessage* message = m_german.find(RegistryContext, name, u"provider name"_s);
            QVERIFY2(message, qPrintable(u"the German file lacks the provider name "_s + name));
            name = message->translation;
        }
        QCOMPARE(shown[id].name, name);
        for (const QJsonValue& field : provider[u"fields"_s].toArray()) {
            const QString key = field[u"key"_s].toString();
            const QString english = field[u"label"_s].toString();
            QString expected = english;
            if (language == QLatin1String("de")) {
                const TsMessage* message = m_german.find(RegistryContext, english, u"field label"_s);
                QVERIFY2(message, qPrintable(u"the German file lacks the field label "_s + english));
                expected = message->translation;
            }
            translated += expected != english;
            QVERIFY2(shown[id].labels.value(key) == expected,
                     qPrintable(u"%1 %2 is labelled \"%3\", expected \"%4\""_s.arg(id, key, shown[id].labels.value(key),
                                                                                   expected)));
        }
    }
    if (language == QLatin1String("de"))
        QVERIFY2(translated > 0, "no German field label differs from the English one: the check proves nothing");
}

void TestCredctlLanguage::systemLocaleChoosesTheLanguage_data()
{
#ifndef Q_OS_LINUX
    // QLocale::system() reads these variables on Linux only: Windows takes the language from the
    // user's account, macOS from its preferences. (Skipped here, where no row has been added: a
    // skip in the test function would leave unreachable code, which MSVC's /W4 /WX rejects.)
    QSKIP("the system locale is set through LANG, LC_* and LANGUAGE on Linux only");
#endif
    // Variables to set (an empty value sets it empty) and to remove; the language expected.
    QTest::addColumn<Variables>("set");
    QTest::addColumn<QStringList>("unset");
    QTest::addColumn<QString>("expected");
    const QStringList none;
    const QStringList lcAll { u"LC_ALL"_s };
    QTest::newRow("LC_ALL= LANGUAGE= LANG=de_DE.UTF-8")
        << Variables { { u"LC_ALL"_s, QString() }, { u"LANGUAGE"_s, QString() }, { u"LANG"_s, u"de_DE.UTF-8"_s } }
        << none << u"de"_s;
    QTest::newRow("LANG=de_DE.UTF-8") << Variables { { u"LANG"_s, u"de_DE.UTF-8"_s } } << lcAll << u"de"_s;
    QTest::newRow("LANG=de_AT.UTF-8") << Variables { { u"LANG"_s, u"de_AT.UTF-8"_s } } << lcAll << u"de"_s;
    QTest::newRow("LANG=fr_FR.UTF-8 falls back to English")
        << Variables { { u"LANG"_s, u"fr_FR.UTF-8"_s } } << lcAll << u"en"_s;
    QTest::newRow("LC_MESSAGES=de_DE.UTF-8 LANG=C.UTF-8")
        << Variables { { u"LC_MESSAGES"_s, u"de_DE.UTF-8"_s }, { u"LANG"_s, u"C.UTF-8"_s } } << lcAll << u"de"_s;
    QTest::newRow("LANGUAGE=fr:de LANG=fr_FR.UTF-8")
        << Variables { { u"LANGUAGE"_s, u"fr:de"_s }, { u"LANG"_s, u"fr_FR.UTF-8"_s } } << lcAll << u"de"_s;
    QTest::newRow("LC_ALL=C.UTF-8 over LANG=de_DE.UTF-8")
        << Variables { { u"LC_ALL"_s, u"C.UTF-8"_s }, { u"LANG"_s, u"de_DE.UTF-8"_s } } << none << u"en"_s;
}

void TestCredctlLanguage::systemLocaleChoosesTheLanguage()
{
    QFETCH(Variables, set);
    QFETCH(QStringList, unset);
    QFETCH(QString, expected);

    // Without --language credctl prints what --language <expected> prints.
    QProcessEnvironment system = environment();
    system.remove(u"LANGUAGE"_s);
    system.remove(u"LC_MESSAGES"_s);
    for (const QString& variable : unset)
        system.remove(variable);
    for (auto it = set.cbegin(); it != set.cend(); ++it)
        system.insert(it.key(), it.value());
    const Outcome chosen = run({ u"providers"_s }, system);
    CHECK_EXIT(chosen, 0);

    const Outcome german = run({ u"--language"_s, u"de"_s, u"providers"_s }, environment());
    CHECK_EXIT(german, 0);
    const Outcome english = run({ u"--language"_s, u"en"_s, u"providers"_s }, environment());
    CHECK_EXIT(english, 0);
    QVERIFY2(german.out != english.out, "credctl providers reads the same in German and English");
    const bool isGerman = chosen.out == german.out;
    const bool isEnglish = chosen.out == english.out;
    QVERIFY2(isGerman || isEnglish, "credctl providers printed neither the German nor the English list");
    QCOMPARE(isGerman ? u"de"_s : u"en"_s, expected);
}

void TestCredctlLanguage::unknownLanguageIsAUsageError_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("--language fr") << QStringList { u"--language"_s, u"fr"_s, u"providers"_s };
    QTest::newRow("--language=fr") << QStringList { u"--language=fr"_s, u"providers"_s };
    QTest::newRow("after the command") << QStringList { u"providers"_s, u"--language"_s, u"fr"_s };
}

void TestCredctlLanguage::unknownLanguageIsAUsageError()
{
    QFETCH(QStringList, arguments);
    const Outcome outcome = run(arguments, environment());
    CHECK_EXIT(outcome, 1);
    QVERIFY2(outcome.out.isEmpty(), "credctl printed the providers for an unknown language");
    QVERIFY2(outcome.err.startsWith("credctl: ") && outcome.err.count('\n') == 1 && outcome.err.endsWith('\n'),
             qPrintable(u"stderr is not one line: "_s + QString::fromUtf8(outcome.err)));
    CHECK_STDERR(outcome, u"--language"_s);
    CHECK_STDERR(outcome, u"\"fr\""_s);
    CHECK_STDERR(outcome, m_languages);
}

void TestCredctlLanguage::helpIsTranslated()
{
    QString help;
    if (!germanOf(u"cm::Credctl"_s, u"Show help for credctl or for one command."_s, QString(), &help))
        return;
    QString language;
    if (!germanOf(u"cm::Credctl"_s, u"The language of the output: %1 (default: the system's)."_s, QString(), &language))
        return;
    language.replace(u"%1"_s, m_languages);

    const Outcome german = run({ u"--language"_s, u"de"_s, u"--help"_s }, environment());
    CHECK_EXIT(german, 0);
    // Not CHECK_STDOUT: the whole help would fill the failure message.
    const QString germanHelp = QString::fromUtf8(german.out);
    QVERIFY2(germanHelp.contains(help),
             qPrintable(u"--language de --help does not describe --help as \""_s + help + u'"'));
    QVERIFY2(germanHelp.contains(language),
             qPrintable(u"--language de --help does not describe --language as \""_s + language + u'"'));
    QVERIFY2(!german.out.contains("Show help for credctl"), "the German help still describes --help in English");

    const Outcome english = run({ u"--language"_s, u"en"_s, u"--help"_s }, environment());
    CHECK_EXIT(english, 0);
    QVERIFY2(english.out.contains("Show help for credctl or for one command."),
             "--language en --help does not describe --help in English");
    QVERIFY2(!english.out.contains(help.toUtf8()), "the English help describes --help in German");
}

void TestCredctlLanguage::machineOutputIsTheSameInEveryLanguage()
{
    // Scripts parse --json whatever the locale of the machine they run on.
    QProcessEnvironment keyed = keyedEnvironment();
    QVERIFY2(!m_key.isEmpty(), "credctl key generate gave no key");
    keyed.insert(u"CM_TEST_SECRET"_s, makeSecret("language"));
    CHECK_EXIT(
        run({ u"add"_s, u"Sprachtest"_s, u"--provider"_s, u"mistral"_s, u"--field-env"_s, u"api_key=CM_TEST_SECRET"_s },
            keyed),
        0);

    const QList<QStringList> commands {
        { u"providers"_s, u"--json"_s },
        { u"list"_s, u"--json"_s },
        { u"show"_s, u"Sprachtest"_s, u"--json"_s },
        { u"audit"_s, u"--json"_s },
    };
    for (const QStringList& command : commands) {
        const Outcome german = run(QStringList { u"--language"_s, u"de"_s } + command, keyed);
        CHECK_EXIT(german, 0);
        const Outcome english = run(QStringList { u"--language"_s, u"en"_s } + command, keyed);
        CHECK_EXIT(english, 0);
        QVERIFY2(!english.out.isEmpty(), qPrintable(u"credctl %1 printed nothing"_s.arg(command.join(u' '))));
        // The outputs stay out of the message: `show` prints a credential's fields.
        QVERIFY2(german.out == english.out,
                 qPrintable(u"credctl %1 prints other bytes under --language de than under --language en"_s.arg(
                     command.join(u' '))));
    }
}

void TestCredctlLanguage::errorSentenceIsTranslated()
{
    const QProcessEnvironment keyed = keyedEnvironment();
    QVERIFY2(!m_key.isEmpty(), "credctl key generate gave no key");
    const QStringList show { u"show"_s, u"missing-name"_s };

    const Outcome english = run(QStringList { u"--language"_s, u"en"_s } + show, keyed);
    CHECK_EXIT(english, 3);
    CHECK_STDERR(english, u"missing-name"_s);
    const QByteArray prefix = "credctl: ";
    QVERIFY2(english.err.startsWith(prefix) && english.err.endsWith('\n') && english.err.count('\n') == 1,
             qPrintable(u"stderr is not one sentence: "_s + QString::fromUtf8(english.err)));
    const QString sentence = QString::fromUtf8(english.err.mid(prefix.size()).chopped(1));

    const QStringList expected = translationsOf(m_german, sentence);
    QVERIFY2(!expected.isEmpty(),
             qPrintable(u"no message of the German file has the source of \"%1\""_s.arg(sentence)));
    QVERIFY2(!expected.contains(sentence), "the sentence reads the same in German");

    const Outcome german = run(QStringList { u"--language"_s, u"de"_s } + show, keyed);
    CHECK_EXIT(german, 3);
    const QString shown = QString::fromUtf8(german.err);
    QVERIFY2(shown.startsWith(QString::fromUtf8(prefix)) && shown.endsWith(u'\n')
                 && expected.contains(shown.mid(prefix.size()).chopped(1)),
             qPrintable(u"stderr under --language de is \"%1\", the German file says \"credctl: %2\""_s.arg(
                 shown.trimmed(), expected.join(u"\" or \""_s))));
}

QTEST_GUILESS_MAIN(TestCredctlLanguage)
#include "TestCredctlLanguage.moc"
