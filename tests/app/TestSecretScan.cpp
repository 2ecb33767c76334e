// Hardening: after a full session of operations, no file that the application or credctl wrote
// holds a secret. One temporary root holds everything both write: HOME, the XDG folders, TMPDIR
// and XDG_RUNTIME_DIR of this process (set before QApplication exists) and of every credctl run,
// the default store, a second store, the export file and the QSettings file. The session goes
// through the real main window and its real dialogs (add, reveal and copy, connection test
// against a loopback provider, edit, key rotation, typed-name delete, layout and language
// settings), then through credctl (add, edit via --field-env, show --reveal, export, import into
// another store, key rotate, audit). Then every file under the root, the store's -wal, -shm and
// -journal companions included, is read and searched for every secret ever stored (replaced and
// deleted ones too), every master key (its hex text and its 32 bytes) and the export passphrase,
// each in several spellings. A failure names the file, the secret's index and kind and the
// spelling, never the secret. The scanner itself is first shown to find each spelling in planted
// files, so the test can fail.
//
// The session's keys live in the REAL Secret Service (scripts/with-keyring): the window's
// rotation keeps its new key there, and credctl reads it from there.

#include "MainWindow.h"
#include "StoreSession.h"
#include "dialogs/CredentialDialog.h"
#include "dialogs/DeleteConfirmationDialog.h"
#include "dialogs/RotateKeyDialog.h"
#include "keys/EnvironmentKeySource.h"
#include "keys/Keychain.h"
#include "keys/KeychainKeySource.h"
#include "models/CredentialTableModel.h"
#include "store/CredentialStore.h"
#include "widgets/MessageBox.h"
#include "widgets/SecretClipboard.h"

#include "support/CredctlProcess.h"
#include "support/FakeProvider.h"
#include "support/FormDriving.h"
#include "support/ModalDriver.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SqlConnection.h"
#include "support/StopIfFailed.h"

#include <QAction>
#include <QApplication>
#include <QByteArrayMatcher>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStringEncoder>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUuid>

#include <chrono>
#include <memory>

using namespace cm;
using namespace cm::test;
using namespace cm::ui;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int KeychainTimeoutMs = 10000;

// The root folder of the whole session, made (and the environment pointed into it) before the
// QApplication exists, so that nothing Qt, fontconfig or the application reads or writes can
// have looked elsewhere first.
std::unique_ptr<QTemporaryDir>& rootDir()
{
    static std::unique_ptr<QTemporaryDir> dir;
    return dir;
}

// A secret no file could hold by chance: 192 random bits after a recognisable prefix, in the
// characters an API key has.
QString newSecret(const char* tag)
{
    return u"sk-scan-%1-"_s.arg(QLatin1String(tag))
        + QString::fromLatin1(randomBytes(24).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray utf16(const QString& text, QStringConverter::Encoding encoding)
{
    QStringEncoder encoder(encoding);
    return encoder.encode(text);
}

// Each byte as one 16-bit unit (the UTF-16 of the bytes read as Latin-1).
QByteArray widened(const QByteArray& bytes, bool bigEndian)
{
    QByteArray result;
    result.reserve(2 * bytes.size());
    for (const char byte : bytes)
        bigEndian ? result.append('\0').append(byte) : result.append(byte).append('\0');
    return result;
}

// The base64 characters that depend on `bytes` alone when they begin `offset` (0, 1 or 2) bytes
// into a longer base64 stream: a secret inside a base64-encoded blob shows as one of the three.
QByteArray base64Core(const QByteArray& bytes, int offset, QByteArray::Base64Options options)
{
    const QByteArray prefixed = QByteArray(offset, '\0') + bytes;
    const QByteArray encoded = prefixed.toBase64(options | QByteArray::OmitTrailingEquals);
    const qsizetype complete = (offset + bytes.size()) / 3 * 4; // no character of a partial group
    static constexpr int Skip[] = { 0, 2, 3 }; // characters that hold bits of the prefix
    return encoded.left(complete).mid(Skip[offset]);
}

// How an ini file of QSettings spells `value` when it is written as a QByteArray (and how it
// spells the UTF-16BE of a QString inside an @Variant), found by letting QSettings write it into
// a scratch file under the root's TMPDIR that is gone again before any scan. The first
// characters are left out: how a byte is escaped can depend on the byte before it.
QByteArray settingsSpelling(const QByteArray& value)
{
    const QTemporaryDir scratch;
    if (!scratch.isValid())
        return {};
    const QString path = scratch.filePath(u"escape.ini"_s);
    {
        QSettings settings(path, QSettings::IniFormat);
        settings.setValue(u"value"_s, value);
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray text = file.readAll();
    const QByteArray start = "@ByteArray(";
    const qsizetype from = text.indexOf(start);
    const qsizetype to = text.lastIndexOf(')');
    if (from < 0 || to < from)
        return {};
    return text.mid(from + start.size(), to - from - start.size()).mid(8);
}

// The secrets of a session and the spellings each is searched for in every file under a folder.
class SecretScanner
{
public:
    struct Finding
    {
        QString file; // relative to the scanned folder
        qsizetype secret = -1; // -1: the file could not be read
        QString spelling;
    };
    struct Report
    {
        qsizetype files = 0;
        qint64 bytes = 0;
        QSet<QString> scanned; // relative paths
        QList<Finding> findings;
    };

    // A text secret: its UTF-8, UTF-16LE and UTF-16BE, base64 and base64url of its UTF-8 (at each
    // of the three alignments), hex and HEX of its UTF-8, and QSettings' escaping of its UTF-16BE.
    void addText(const QString& kind, const QString& text)
    {
        const QByteArray utf8 = text.toUtf8();
        const QByteArray be = utf16(text, QStringConverter::Utf16BE);
        add(kind,
            { { u"UTF-8"_s, utf8 }, { u"UTF-16LE"_s, utf16(text, QStringConverter::Utf16LE) }, { u"UTF-16BE"_s, be } },
            utf8, { u"QSettings-escaped UTF-16BE"_s, settingsSpelling(be) });
    }

    // Bytes (a raw key): as they are, each byte as a UTF-16LE and UTF-16BE unit, base64 and
    // base64url (three alignments), hex, HEX, and QSettings' escaping of a QByteArray value.
    void addBytes(const QString& kind, const QByteArray& bytes)
    {
        add(kind,
            { { u"raw bytes"_s, bytes },
              { u"UTF-16LE units"_s, widened(bytes, false) },
              { u"UTF-16BE units"_s, widened(bytes, true) } },
            bytes, { u"QSettings-escaped bytes"_s, settingsSpelling(bytes) });
    }

    qsizetype secretCount() const { return m_kinds.size(); }
    qsizetype needleCount() const { return m_needles.size(); }
    // Spellings per secret (every secret has as many).
    qsizetype spellingsPerSecret() const { return m_kinds.isEmpty() ? 0 : m_needles.size() / m_kinds.size(); }
    // Empty when every spelling of every secret is long enough to be searched for.
    QString problem() const { return m_problem; }

    Report scan(const QString& folder) const
    {
        Report report;
        const QDir base(folder);
        // Hidden and system entries too; links are not followed (a link out of the root is not
        // something the session wrote there).
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QFileInfo info = it.fileInfo();
            if (info.isSymLink() || !info.isFile())
                continue; // a socket or a link
            const QString relative = base.relativeFilePath(path);
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                report.findings.append({ relative, -1, file.errorString() });
                continue;
            }
            const QByteArray bytes = file.readAll();
            ++report.files;
            report.bytes += bytes.size();
            report.scanned.insert(relative);
            for (const Needle& needle : m_needles) {
                if (needle.matcher.indexIn(bytes) >= 0)
                    report.findings.append({ relative, needle.secret, needle.spelling });
            }
        }
        return report;
    }

    // One line per finding: the file, the secret's index and kind, the spelling. Never a value.
    QString describe(const QList<Finding>& findings) const
    {
        QStringList lines;
        for (const Finding& finding : findings) {
            if (finding.secret < 0)
                lines << u"%1 could not be read (%2)"_s.arg(finding.file, finding.spelling);
            else
                lines << u"%1 holds secret %2 (%3) spelled as %4"_s.arg(finding.file)
                             .arg(finding.secret)
                             .arg(m_kinds.value(finding.secret), finding.spelling);
        }
        return lines.join(u"; "_s);
    }

private:
    struct Needle
    {
        qsizetype secret;
        QString spelling;
        QByteArrayMatcher matcher;
    };

    void add(const QString& kind, const QList<std::pair<QString, QByteArray>>& plain, const QByteArray& bytes,
             const std::pair<QString, QByteArray>& settings)
    {
        const qsizetype index = m_kinds.size();
        m_kinds.append(kind);
        QList<std::pair<QString, QByteArray>> spellings = plain;
        for (int offset = 0; offset < 3; ++offset) {
            const QString at = offset == 0 ? QString() : u" at offset %1"_s.arg(offset);
            spellings.append({ u"base64"_s + at, base64Core(bytes, offset, QByteArray::Base64Encoding) });
            spellings.append({ u"base64url"_s + at, base64Core(bytes, offset, QByteArray::Base64UrlEncoding) });
        }
        spellings.append({ u"hex"_s, bytes.toHex() });
        spellings.append({ u"HEX"_s, bytes.toHex().toUpper() });
        spellings.append(settings);
        for (const auto& [name, needle] : std::as_const(spellings)) {
            // Short needles could match by chance; every secret here is long.
            if (needle.size() < 24 && m_problem.isEmpty())
                m_problem = u"secret %1 (%2) has only %3 bytes spelled as %4"_s.arg(index)
                                .arg(kind)
                                .arg(needle.size())
                                .arg(name);
            m_needles.append({ index, name, QByteArrayMatcher(needle) });
        }
    }

    QStringList m_kinds;
    QList<Needle> m_needles;
    QString m_problem;
};

QPoint rowPoint(QTableView* table, const QString& name)
{
    const int row = int(names(table->model()).indexOf(name));
    return table->visualRect(table->model()->index(qMax(row, 0), CredentialTableModel::NameColumn)).center();
}

QString statusOf(QWidget* dialog)
{
    const auto* result = child<QLabel>(dialog, u"testResult"_s);
    return result ? result->property("status").toString() : QString();
}

// The eye button inside a secret field.
QToolButton* revealButton(QLineEdit* secret)
{
    const auto* reveal = secret->findChild<QAction*>(u"revealSecret"_s);
    for (QToolButton* button : secret->findChildren<QToolButton*>()) {
        if (reveal && button->defaultAction() == reveal)
            return button;
    }
    return nullptr;
}

} // namespace

class TestSecretScan : public QObject
{
    Q_OBJECT

public:
    // Before QApplication: the root and the environment that points into it.
    static void initMain();

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void scannerFindsEverySpelling();
    void windowSession();
    void credctlSession();
    void nothingLeftAfterEverythingClosed();

private:
    QString root() const { return rootDir()->path(); }
    QString inRoot(const QString& relative) const { return QDir(root()).filePath(relative); }
    QString storePath() const { return inRoot(u"xdg-data/credential-manager/credentials.sqlite"_s); }
    QString secondStorePath() const { return inRoot(u"second/credentials.sqlite"_s); }
    QString exportPath() const { return inRoot(u"backup/credentials.cmexport"_s); }
    QString settingsPath() const { return inRoot(u"xdg-config/credential-manager/credential-manager.conf"_s); }
    static QString relative(const QString& path) { return QDir(rootDir()->path()).relativeFilePath(path); }

    void addSecret(const QString& kind, const QString& text);
    void addKey(const QString& name, const QByteArray& raw);
    // Adds a credential through the window's Add Credential dialog; `beforeSave` runs on the
    // filled-in dialog.
    void addThroughWindow(MainWindow& window, const QString& name, const QString& provider,
                          const QList<std::pair<QString, QString>>& fields,
                          const std::function<void(CredentialDialog*)>& beforeSave = {});
    // Scans the root; fails naming every finding, or when a file of `expected` was not scanned.
    void scanRoot(const char* when, const QStringList& expected);
    Outcome ctl(const QProcessEnvironment& environment, const QStringList& arguments) const
    {
        return runCredctl(arguments, environment, root(), 60);
    }

    SecretScanner m_scanner;
    QString m_storeId; // whose keychain entries cleanupTestCase() removes
    bool m_windowDone = false;
    bool m_credctlDone = false;
    int m_scans = 0;
    qint64 m_filesScanned = 0;
    qint64 m_bytesScanned = 0;
    QElapsedTimer m_timer;
};

void TestSecretScan::initMain()
{
    rootDir() = std::make_unique<QTemporaryDir>();
    if (!rootDir()->isValid())
        qFatal("no temporary root folder: %s", qPrintable(rootDir()->errorString()));
    const QString path = rootDir()->path();
    const QList<std::pair<const char*, QString>> folders {
        { "HOME", u"home"_s },
        { "XDG_CONFIG_HOME", u"xdg-config"_s },
        { "XDG_DATA_HOME", u"xdg-data"_s },
        { "XDG_CACHE_HOME", u"xdg-cache"_s },
        { "XDG_STATE_HOME", u"xdg-state"_s },
        { "XDG_RUNTIME_DIR", u"xdg-runtime"_s },
        { "TMPDIR", u"tmp"_s },
    };
    for (const auto& [variable, folder] : folders) {
        const QString full = path + u'/' + folder;
        if (!QDir().mkpath(full))
            qFatal("cannot make %s", qPrintable(full));
        qputenv(variable, QFile::encodeName(full));
    }
    // QStandardPaths accepts a runtime folder only when it is private.
    QFile::setPermissions(path + u"/xdg-runtime"_s,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

void TestSecretScan::initTestCase()
{
    m_timer.start();
    QVERIFY(rootDir() && rootDir()->isValid());
    QApplication::setOrganizationName(u"credential-manager"_s);
    QApplication::setApplicationName(u"credential-manager"_s);
    // Everything this process would write goes below the root.
    for (const QString& location : { QSettings().fileName(), CredentialStore::defaultPath(), QDir::tempPath(),
                                     QDir::homePath(), QStandardPaths::writableLocation(QStandardPaths::CacheLocation),
                                     QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation),
                                     QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation),
                                     QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation) })
        QVERIFY2(location.startsWith(root() + u'/'), qPrintable(location + u" is outside the root"_s));
    QCOMPARE(QSettings().fileName(), settingsPath());
    QCOMPARE(CredentialStore::defaultPath(), storePath());
    // So that clearing is seen within the session.
    SecretClipboard::instance().setClearAfter(300ms);
}

void TestSecretScan::cleanupTestCase()
{
    if (!m_storeId.isEmpty()) {
        const Result<void> forgotten = KeychainKeySource::forget(m_storeId);
        if (!forgotten)
            qWarning("removing the keychain entries failed: %s", outcome(forgotten).constData());
    }
    qunsetenv(EnvironmentKeySource::VariableName);
    // The figures of the run, in one line.
    qInfo("figure: secret scan: %d scans read %lld files, %lld bytes; %lld secrets x %lld spellings = %lld needles "
          "searched in every file; %lld ms in all",
          m_scans, m_filesScanned, m_bytesScanned, qint64(m_scanner.secretCount()),
          qint64(m_scanner.spellingsPerSecret()), qint64(m_scanner.needleCount()), m_timer.elapsed());
    rootDir().reset();
}

void TestSecretScan::addSecret(const QString& kind, const QString& text)
{
    m_scanner.addText(kind, text);
    QVERIFY2(m_scanner.problem().isEmpty(), qPrintable(m_scanner.problem()));
}

void TestSecretScan::addKey(const QString& name, const QByteArray& raw)
{
    QCOMPARE(raw.size(), 32);
    m_scanner.addText(name + u", its hex text"_s, QString::fromLatin1(raw.toHex()));
    m_scanner.addBytes(name + u", its 32 bytes"_s, raw);
    QVERIFY2(m_scanner.problem().isEmpty(), qPrintable(m_scanner.problem()));
}

void TestSecretScan::scanRoot(const char* when, const QStringList& expected)
{
    const SecretScanner::Report report = m_scanner.scan(root());
    ++m_scans;
    m_filesScanned += report.files;
    m_bytesScanned += report.bytes;
    QVERIFY2(report.findings.isEmpty(),
             qPrintable(u"%1: %2"_s.arg(QLatin1String(when), m_scanner.describe(report.findings))));
    for (const QString& path : expected)
        QVERIFY2(report.scanned.contains(relative(path)),
                 qPrintable(u"%1: %2 was not among the %3 files scanned"_s.arg(QLatin1String(when), relative(path))
                                .arg(report.files)));
}

// The scanner finds each spelling in files of the kinds a careless change would write: that is
// what makes the scans of the session able to fail.
void TestSecretScan::scannerFindsEverySpelling()
{
    SecretScanner planted;
    const QString text = u"P\u00e4ssw\u00f6rt-\u20ac-"_s + newSecret("planted");
    const QByteArray key = randomBytes(32);
    planted.addText(u"planted text"_s, text);
    planted.addBytes(u"planted key"_s, key);
    QVERIFY2(planted.problem().isEmpty(), qPrintable(planted.problem()));
    QCOMPARE(planted.spellingsPerSecret(), 12);

    QTemporaryDir dir(inRoot(u"tmp/planted-XXXXXX"_s));
    QVERIFY(dir.isValid());
    // file name -> the spelling that must be found in it (secret 0: the text, 1: the key)
    QMap<QString, std::pair<qsizetype, QString>> expected;
    const auto plant = [&](const QString& name, const QByteArray& bytes, qsizetype secret, const QString& spelling) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), bytes.size());
        expected.insert(name, { secret, spelling });
    };
    const QByteArray utf8 = text.toUtf8();
    const QString noise = newSecret("noise");
    plant(u"utf8.log"_s, randomBytes(37) + utf8 + randomBytes(41), 0, u"UTF-8"_s);
    plant(u"utf16le.txt"_s, utf16(noise + text + noise, QStringConverter::Utf16LE), 0, u"UTF-16LE"_s);
    plant(u"utf16be.txt"_s, utf16(noise + text + noise, QStringConverter::Utf16BE), 0, u"UTF-16BE"_s);
    for (int offset = 0; offset < 3; ++offset) {
        const QString at = offset == 0 ? QString() : u" at offset %1"_s.arg(offset);
        const QByteArray embedded = randomBytes(offset) + utf8 + randomBytes(5);
        plant(u"base64-%1"_s.arg(offset), "{\"v\":\"" + embedded.toBase64() + "\"}", 0, u"base64"_s + at);
        plant(u"base64url-%1"_s.arg(offset), embedded.toBase64(QByteArray::Base64UrlEncoding), 0, u"base64url"_s + at);
    }
    const QByteArray inBytes = randomBytes(3) + utf8 + randomBytes(3);
    plant(u"hex.txt"_s, inBytes.toHex(), 0, u"hex"_s);
    plant(u"HEX.txt"_s, inBytes.toHex().toUpper(), 0, u"HEX"_s);
    plant(u"key.bin"_s, randomBytes(100) + key + randomBytes(100), 1, u"raw bytes"_s);
    plant(u"key.json"_s,
          QJsonDocument(QJsonObject { { u"k"_s, QString::fromLatin1(QByteArray(randomBytes(1) + key).toBase64()) } })
              .toJson(),
          1, u"base64 at offset 1"_s);
    plant(u"key-hex.txt"_s, key.toHex().toUpper(), 1, u"HEX"_s);
    plant(u"key-wide.bin"_s, widened(key, false), 1, u"UTF-16LE units"_s);
    // QSettings: a plain string value, a string inside a map (@Variant), a key as QByteArray.
    const auto settings = [&](const QString& name, const QVariant& value, qsizetype secret, const QString& spelling) {
        {
            QSettings file(dir.filePath(name), QSettings::IniFormat);
            file.setValue(u"group/value"_s, value);
        }
        expected.insert(name, { secret, spelling });
    };
    settings(u"plain.ini"_s, text, 0, u"UTF-8"_s);
    settings(u"map.ini"_s, QVariantMap { { u"last"_s, text } }, 0, u"QSettings-escaped UTF-16BE"_s);
    settings(u"bytes.ini"_s, QByteArray(randomBytes(5) + key), 1, u"QSettings-escaped bytes"_s);
    STOP_IF_FAILED();
    // And a file of another secret holds neither.
    plant(u"control.bin"_s, randomBytes(4096) + newSecret("other").toUtf8(), -1, QString());
    expected.remove(u"control.bin"_s);

    const SecretScanner::Report report = planted.scan(dir.path());
    QCOMPARE(report.files, qsizetype(expected.size() + 1));
    QMap<QString, QStringList> found; // file -> "secret:spelling"
    for (const SecretScanner::Finding& finding : report.findings)
        found[finding.file] << u"%1:%2"_s.arg(finding.secret).arg(finding.spelling);
    QVERIFY2(!found.contains(u"control.bin"_s), qPrintable(planted.describe(report.findings)));
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QString wanted = u"%1:%2"_s.arg(it.value().first).arg(it.value().second);
        QVERIFY2(
            found.value(it.key()).contains(wanted),
            qPrintable(u"%1: %2 not found; found: %3"_s.arg(it.key(), wanted, found.value(it.key()).join(u", "_s))));
    }
    // The message names file, index, kind and spelling, and never the value.
    const QString message = planted.describe(report.findings);
    QVERIFY(message.contains(u"utf8.log holds secret 0 (planted text) spelled as UTF-8"_s));
    QVERIFY(!message.contains(text));
    QVERIFY(!message.contains(QString::fromLatin1(key.toHex()), Qt::CaseInsensitive));
}

void TestSecretScan::addThroughWindow(MainWindow& window, const QString& name, const QString& provider,
                                      const QList<std::pair<QString, QString>>& fields,
                                      const std::function<void(CredentialDialog*)>& beforeSave)
{
    ModalDriver<CredentialDialog> driver([&](CredentialDialog* dialog) {
        chooseProvider(dialog, provider);
        QTest::keyClicks(child<QLineEdit>(dialog, u"credentialName"_s), name);
        for (const auto& [key, value] : fields) {
            QLineEdit* edit = field(dialog, key);
            QVERIFY2(edit, qPrintable(key));
            retype(edit, value);
        }
        if (beforeSave)
            beforeSave(dialog);
        if (QTest::currentTestFailed())
            return;
        auto* save = child<QPushButton>(dialog, u"saveButton"_s);
        QVERIFY(save && save->isEnabled());
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY2(!dialog->isVisible(), qPrintable(child<QLabel>(dialog, u"storeMessage"_s)->text()));
    });
    child<QAction>(&window, u"addCredentialAction"_s)->trigger();
    QVERIFY2(driver.ran(), "Add Credential opened no dialog");
    STOP_IF_FAILED();
    QTRY_VERIFY(names(child<QTableView>(&window, u"credentialTable"_s)->model()).contains(name));
}

void TestSecretScan::windowSession()
{
    const bool required = qEnvironmentVariable("CM_REQUIRE_KEYRING") == u"1"_s;
    const Result<std::optional<SecureBuffer>> probe = Keychain::readBlocking(
        u"cm-test-probe-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces), KeychainTimeoutMs);
    if (!required && !probe.ok())
        QSKIP("No keychain answers; run under dbus-run-session -- bash scripts/with-keyring");
    VERIFY_OK(probe);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", u"/v1/models"_s, FakeProvider::Reply::modelList(2));
    const QString loopbackEndpoint = fake.url(u"/v1"_s).toString();
    const auto lastAuthorization = [&fake] {
        const QList<FakeProvider::Request> requests = fake.requests();
        return requests.isEmpty() ? QByteArray() : requests.last().header("Authorization");
    };

    // The window's key comes from CREDENTIAL_ENCRYPTION_KEY.
    const QByteArray firstKey = randomBytes(32);
    addKey(u"master key 1 (the window's CREDENTIAL_ENCRYPTION_KEY)"_s, firstKey);
    qputenv(EnvironmentKeySource::VariableName, firstKey.toHex());
    const QString azure = newSecret("azure");
    const QString mistral = newSecret("mistral");
    const QString ionos = newSecret("ionos");
    const QString embeddings = newSecret("embeddings");
    const QString custom = newSecret("custom");
    const QString mistralReplaced = newSecret("mistral-new");
    addSecret(u"Azure OpenAI API key typed in the window"_s, azure);
    addSecret(u"Mistral API key typed in the window, replaced later"_s, mistral);
    addSecret(u"IONOS token typed in the window"_s, ionos);
    addSecret(u"embeddings API key typed in the window"_s, embeddings);
    addSecret(u"custom provider API key typed in the window, deleted later"_s, custom);
    addSecret(u"Mistral API key typed over the stored one in the window"_s, mistralReplaced);
    STOP_IF_FAILED();

    // The application as main() runs it, on the default store; started twice.
    std::unique_ptr<StoreSession> session;
    std::unique_ptr<MainWindow> window;
    QTableView* table = nullptr;
    const auto start = [&] {
        window.reset();
        session = std::make_unique<StoreSession>(CredentialStore::defaultPath());
        window = std::make_unique<MainWindow>(*session);
        window->show();
        window->openStore();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        table = child<QTableView>(window.get(), u"credentialTable"_s);
        QVERIFY(table);
    };
    start();
    STOP_IF_FAILED();

    // Several providers; the Mistral one is tested against the loopback provider before saving.
    addThroughWindow(*window, u"Scan Azure"_s, u"azure-openai"_s,
                     { { u"endpoint"_s, u"https://scan.openai.azure.com"_s },
                       { u"instance_name"_s, u"scan"_s },
                       { u"api_key"_s, azure } });
    STOP_IF_FAILED();
    addThroughWindow(*window, u"Scan Mistral"_s, u"mistral"_s,
                     { { u"api_key"_s, mistral }, { u"endpoint"_s, loopbackEndpoint } }, [&](CredentialDialog* dialog) {
                         QTest::mouseClick(child<QPushButton>(dialog, u"testConnectionButton"_s), Qt::LeftButton);
                         QTRY_COMPARE(statusOf(dialog), u"success"_s);
                         QVERIFY2(lastAuthorization() == "Bearer " + mistral.toUtf8(),
                                  "the loopback provider did not get the typed key");
                     });
    STOP_IF_FAILED();
    addThroughWindow(*window, u"Scan IONOS"_s, u"ionos"_s, { { u"token"_s, ionos } });
    STOP_IF_FAILED();
    addThroughWindow(*window, u"Scan Embeddings"_s, u"azure-openai-embeddings"_s,
                     { { u"instance_name"_s, u"scan-emb"_s },
                       { u"deployment_name"_s, u"text-embedding-3-small"_s },
                       { u"api_key"_s, embeddings } });
    STOP_IF_FAILED();
    addThroughWindow(*window, u"Scan Custom"_s, u"custom"_s,
                     { { u"api_key"_s, custom }, { u"endpoint"_s, u"https://llm.example.com/v1"_s } });
    STOP_IF_FAILED();
    m_storeId = SqlConnection(storePath(), u"QSQLITE_OPEN_READONLY"_s).meta().value(u"store_id"_s);
    QVERIFY(!m_storeId.isEmpty());

    // The next start of the application, on the store the first one created.
    QVERIFY(window->close());
    start();
    STOP_IF_FAILED();

    // Key rotation in the window: the new key is shown once, copied, and kept in the keychain.
    QString shownKey;
    ModalDriver<RotateKeyDialog> rotation([&shownKey](RotateKeyDialog* dialog) {
        auto* newKey = child<QLineEdit>(dialog, u"newKey"_s);
        QVERIFY(newKey);
        QTest::mouseClick(child<QPushButton>(dialog, u"startRotation"_s), Qt::LeftButton);
        QTRY_VERIFY(newKey->isVisible());
        shownKey = newKey->text();
        QTest::mouseClick(child<QPushButton>(dialog, u"copyNewKey"_s), Qt::LeftButton);
        QVERIFY(SecretClipboard::instance().holdsSecret());
        QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close), Qt::LeftButton);
    });
    QAction* rotate = child<QAction>(window.get(), u"rotateKeyAction"_s);
    QVERIFY(rotate && rotate->isEnabled());
    rotate->trigger();
    QVERIFY2(rotation.ran(), "Rotate Encryption Key opened no dialog");
    STOP_IF_FAILED();
    const QByteArray secondKey = QByteArray::fromHex(shownKey.toLatin1());
    addKey(u"master key 2 (made by the window's rotation)"_s, secondKey);
    STOP_IF_FAILED();
    const Result<std::optional<SecureBuffer>> kept = Keychain::readBlocking(m_storeId, KeychainTimeoutMs);
    VERIFY_OK(kept);
    QVERIFY2(kept.value() && kept.value()->view() == secondKey, "the keychain does not hold the shown key");
    QTRY_VERIFY_WITH_TIMEOUT(!SecretClipboard::instance().holdsSecret(), 5000);

    // Edit: the stored key is revealed and copied, a new one typed over it, tested and saved.
    ModalDriver<CredentialDialog> edit([&](CredentialDialog* dialog) {
        QLineEdit* apiKey = field(dialog, u"api_key"_s);
        QVERIFY(apiKey);
        QVERIFY2(apiKey->text() == mistral, "the dialog does not show the stored key");
        QCOMPARE(apiKey->echoMode(), QLineEdit::Password);
        QToolButton* eye = revealButton(apiKey);
        QVERIFY(eye);
        QTest::mouseClick(eye, Qt::LeftButton);
        QCOMPARE(apiKey->echoMode(), QLineEdit::Normal);
        apiKey->setFocus();
        apiKey->selectAll();
        QTest::keySequence(apiKey, QKeySequence::Copy);
        QVERIFY2(QGuiApplication::clipboard()->text() == mistral, "the revealed key was not copied");
        QVERIFY(SecretClipboard::instance().holdsSecret());
        retype(apiKey, mistralReplaced);
        QTest::mouseClick(child<QPushButton>(dialog, u"testConnectionButton"_s), Qt::LeftButton);
        QTRY_COMPARE(statusOf(dialog), u"success"_s);
        QVERIFY2(lastAuthorization() == "Bearer " + mistralReplaced.toUtf8(),
                 "the loopback provider did not get the key typed over the stored one");
        QTest::mouseClick(child<QPushButton>(dialog, u"saveButton"_s), Qt::LeftButton);
        QVERIFY(!dialog->isVisible());
    });
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rowPoint(table, u"Scan Mistral"_s));
    QVERIFY2(edit.ran(), "a click on the row opened no dialog");
    STOP_IF_FAILED();
    QTRY_VERIFY_WITH_TIMEOUT(QGuiApplication::clipboard()->text().isEmpty(), 5000);

    // Delete with the typed name.
    ModalDriver<CredentialDialog> removal([](CredentialDialog* dialog) {
        ModalDriver<DeleteConfirmationDialog> confirmation([](DeleteConfirmationDialog* confirm) {
            retype(child<QLineEdit>(confirm, u"confirmName"_s), u"Scan Custom"_s);
            auto* button = child<QPushButton>(confirm, u"confirmDelete"_s);
            QVERIFY(button && button->isEnabled());
            QTest::mouseClick(button, Qt::LeftButton);
        });
        QTest::mouseClick(child<QPushButton>(dialog, u"deleteButton"_s), Qt::LeftButton);
        QVERIFY2(confirmation.ran(), "Delete opened no confirmation");
        QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::Deleted);
    });
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rowPoint(table, u"Scan Custom"_s));
    QVERIFY(removal.ran());
    STOP_IF_FAILED();
    const QStringList kept4 { u"Scan Azure"_s, u"Scan Embeddings"_s, u"Scan IONOS"_s, u"Scan Mistral"_s };
    QTRY_COMPARE(names(table->model()), kept4);

    // Settings kept in QSettings: a column width, the window size, the interface language.
    table->horizontalHeader()->resizeSection(CredentialTableModel::NameColumn, 311);
    window->resize(1010, 650);
    auto* german = child<QAction>(window.get(), u"languageAction_de"_s);
    QVERIFY(german);
    MessageBox::setNextAnswer(QMessageBox::Ok);
    german->trigger();

    // While the window holds the store open, its write-ahead log is there.
    QVERIFY2(QFileInfo(storePath() + u"-wal"_s).size() > 0, "the store has no write-ahead log while open");
    scanRoot("while the window holds the store open", { storePath(), storePath() + u"-wal"_s, settingsPath() });
    STOP_IF_FAILED();

    QVERIFY(window->close());
    window.reset();
    session.reset();
    QFile settings(settingsPath());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray written = settings.readAll();
    QVERIFY2(written.contains("[mainWindow]") && written.contains("tableHeader"), "the window kept no layout");
    QVERIFY2(written.contains("language=de"), "the language choice was not kept");
    qunsetenv(EnvironmentKeySource::VariableName);
    m_windowDone = true;
}

void TestSecretScan::credctlSession()
{
    if (!m_windowDone)
        QSKIP("the window session did not run to its end");
    // credctl's HOME, XDG folders and TMPDIR are the root's, like this process's; no key in the
    // environment: the keychain holds the one the window's rotation made.
    const QProcessEnvironment base = credctlEnvironment(root());
    QCOMPARE(base.value(u"TMPDIR"_s), inRoot(u"tmp"_s));
    QCOMPARE(base.value(u"XDG_RUNTIME_DIR"_s), inRoot(u"xdg-runtime"_s));
    QVERIFY(!base.contains(QLatin1String(EnvironmentKeySource::VariableName)));
    const QStringList windowNames { u"Scan Azure"_s, u"Scan Embeddings"_s, u"Scan IONOS"_s, u"Scan Mistral"_s };
    // The default store, without --store: the one the window wrote.
    const Outcome listed = ctl(base, { u"list"_s, u"--json"_s });
    CHECK_EXIT(listed, 0);
    QCOMPARE(listedNames(listed), windowNames);

    const QString added = newSecret("cli-added");
    const QString addedFromEnvironment = newSecret("cli-env");
    const QString edited = newSecret("cli-edited");
    const QString passphrase = u"Pass \u00e4\u20ac "_s + newSecret("passphrase");
    const QByteArray thirdKey = randomBytes(32);
    const QByteArray secondStoreKey = randomBytes(32);
    addSecret(u"Mistral API key given to credctl add --field, replaced later"_s, added);
    addSecret(u"IONOS token given to credctl add --field-env"_s, addedFromEnvironment);
    addSecret(u"Mistral API key given to credctl edit --field-env"_s, edited);
    addSecret(u"export passphrase"_s, passphrase);
    addKey(u"master key 3 (credctl key rotate)"_s, thirdKey);
    addKey(u"master key 4 (the second store's)"_s, secondStoreKey);
    STOP_IF_FAILED();

    const auto with = [&base](const QString& variable, const QString& value) {
        QProcessEnvironment environment = base;
        environment.insert(variable, value);
        return environment;
    };
    {
        // A second connection keeps the write-ahead log in place while credctl writes.
        SqlConnection reader(storePath());
        QVERIFY(reader.isOpen());
        QCOMPARE(reader.scalar(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(reader.scalar(u"SELECT count(*) FROM credentials"_s).toInt(), 4);

        CHECK_EXIT(
            ctl(base,
                { u"add"_s, u"CLI Mistral"_s, u"--provider"_s, u"mistral"_s, u"--field"_s, u"api_key="_s + added }),
            0);
        CHECK_EXIT(
            ctl(with(u"CM_SCAN_SECRET"_s, addedFromEnvironment),
                { u"add"_s, u"CLI IONOS"_s, u"--provider"_s, u"ionos"_s, u"--field-env"_s, u"token=CM_SCAN_SECRET"_s }),
            0);
        CHECK_EXIT(ctl(with(u"CM_SCAN_SECRET"_s, edited),
                       { u"edit"_s, u"CLI Mistral"_s, u"--field-env"_s, u"api_key=CM_SCAN_SECRET"_s }),
                   0);
        const Outcome shown = ctl(base, { u"show"_s, u"CLI Mistral"_s, u"--json"_s, u"--reveal"_s });
        CHECK_EXIT(shown, 0);
        QVERIFY2(jsonObject(shown.out)[u"fields"_s][u"api_key"_s].toString() == edited,
                 "show --reveal does not give the edited key");
        QCOMPARE(reader.scalar(u"SELECT count(*) FROM credentials"_s).toInt(), 6);

        QVERIFY2(QFileInfo(storePath() + u"-wal"_s).size() > 0, "the store has no write-ahead log");
        scanRoot("while credctl writes and a second connection keeps the write-ahead log",
                 { storePath(), storePath() + u"-wal"_s, storePath() + u"-shm"_s });
        STOP_IF_FAILED();
    }

    // Export with a passphrase, import into a second store under another key.
    QVERIFY(QDir().mkpath(QFileInfo(exportPath()).path()));
    QVERIFY(QDir().mkpath(QFileInfo(secondStorePath()).path()));
    CHECK_EXIT(ctl(with(u"CM_SCAN_PASSPHRASE"_s, passphrase),
                   { u"export"_s, exportPath(), u"--passphrase-env"_s, u"CM_SCAN_PASSPHRASE"_s }),
               0);
    QProcessEnvironment second = with(u"CM_SCAN_PASSPHRASE"_s, passphrase);
    second.insert(QLatin1String(EnvironmentKeySource::VariableName), QString::fromLatin1(secondStoreKey.toHex()));
    CHECK_EXIT(ctl(second,
                   { u"--store"_s, secondStorePath(), u"import"_s, exportPath(), u"--passphrase-env"_s,
                     u"CM_SCAN_PASSPHRASE"_s }),
               0);
    QStringList allNames = windowNames + QStringList { u"CLI IONOS"_s, u"CLI Mistral"_s };
    allNames.sort();
    QCOMPARE(listedNames(ctl(second, { u"--store"_s, secondStorePath(), u"list"_s, u"--json"_s })), allNames);

    // Rotation to a new key: the keychain (which held the window's key) holds the new one.
    CHECK_EXIT(ctl(with(u"CM_SCAN_NEW_KEY"_s, QString::fromLatin1(thirdKey.toHex())),
                   { u"key"_s, u"rotate"_s, u"--new-key-env"_s, u"CM_SCAN_NEW_KEY"_s }),
               0);
    const Result<std::optional<SecureBuffer>> kept = Keychain::readBlocking(m_storeId, KeychainTimeoutMs);
    VERIFY_OK(kept);
    QVERIFY2(kept.value() && kept.value()->view() == thirdKey, "the keychain does not hold the rotated key");
    const Outcome azure = ctl(base, { u"show"_s, u"Scan Azure"_s, u"--json"_s, u"--reveal"_s });
    CHECK_EXIT(azure, 0);
    QVERIFY2(!jsonObject(azure.out)[u"fields"_s][u"api_key"_s].toString().isEmpty(),
             "the window's credential does not read under the rotated key");

    // The audit logs of both stores.
    const Outcome audit = ctl(base, { u"audit"_s, u"--json"_s });
    CHECK_EXIT(audit, 0);
    QSet<QString> actions;
    for (const QJsonValue& entry : jsonArray(audit.out))
        actions.insert(entry[u"action"_s].toString());
    for (const QString& action : { u"create"_s, u"update"_s, u"delete"_s, u"rotate-key"_s })
        QVERIFY2(actions.contains(action), qPrintable(u"no \"%1\" in the audit log"_s.arg(action)));
    CHECK_EXIT(ctl(base, { u"audit"_s }), 0);
    CHECK_STDOUT(ctl(second, { u"--store"_s, secondStorePath(), u"audit"_s }), u"import"_s);
    m_credctlDone = true;
}

void TestSecretScan::nothingLeftAfterEverythingClosed()
{
    if (!m_windowDone)
        QSKIP("the session did not run");
    QVERIFY2(m_credctlDone, "the credctl session did not run to its end");
    scanRoot("after everything closed", { storePath(), settingsPath(), exportPath(), secondStorePath() });
}

QTEST_MAIN(TestSecretScan)
#include "TestSecretScan.moc"
