// The desktop entry and AppStream metadata under resources/linux, checked with the validators
// Linux distributions and software centres use, and the icon files under resources/icons that
// the installers ship. The icon files are checked by reading their headers here: CI has none of
// the tools that made them (resources/icons/generate.sh), and Qt reads neither .ico nor .icns
// without extra plugins.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QXmlStreamReader>
#include <QtEndian>

#include <algorithm>
#include <functional>
#include <optional>

namespace {

const QString AppId = QStringLiteral("io.github.aicredentialmanager.CredentialManager");
const QString ScreenshotUrlPrefix
    = QStringLiteral("https://raw.githubusercontent.com/aicredentialmanager/credential-manager/main/");
const QList<int> PngSizes { 16, 24, 32, 48, 64, 128, 256, 512, 1024 };
const QList<int> IcoSizes { 16, 24, 32, 48, 64, 128, 256 };
const QList<int> IcnsSizes { 16, 32, 48, 128, 256, 512, 1024 };

QString sourcePath(const QString& relative)
{
    return QStringLiteral(CM_SOURCE_DIR) + QLatin1Char('/') + relative;
}

QString desktopFilePath()
{
    return sourcePath(QStringLiteral("resources/linux/") + AppId + QStringLiteral(".desktop"));
}

QString metainfoPath()
{
    return sourcePath(QStringLiteral("resources/linux/") + AppId + QStringLiteral(".metainfo.xml"));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Runs a validator; an empty return means it ran, otherwise the reason it did not.
QString runTool(const QString& program, const QString& package, const QStringList& arguments, int* exitCode,
                QString* output)
{
    const QString executable = QStandardPaths::findExecutable(program);
    if (executable.isEmpty())
        return program + QStringLiteral(" not found: install the Debian package ") + package
            + QStringLiteral(" (scripts/deps.sh lists it)");
    QProcess process;
    // Untranslated reports, whatever the developer's locale, so that the severity prefixes match.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(executable, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return program + QStringLiteral(" did not finish: ") + process.errorString();
    *exitCode = process.exitCode();
    *output = QString::fromUtf8(process.readAll());
    return {};
}

// The [Desktop Entry] group's untranslated and translated keys as written.
QHash<QString, QString> desktopEntry(const QString& path)
{
    QHash<QString, QString> entry;
    bool inGroup = false;
    const QStringList lines = QString::fromUtf8(readAll(path)).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1Char('['))) {
            inGroup = line == QLatin1String("[Desktop Entry]");
            continue;
        }
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (inGroup && equals > 0 && !line.startsWith(QLatin1Char('#')))
            entry.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return entry;
}

struct Screenshot
{
    bool isDefault = false;
    QStringList captions;
    QStringList images;
};

struct Metainfo
{
    QString id;
    QString name;
    QList<QPair<QString, QString>> launchables; // type, value
    QStringList binaries;
    QStringList releaseVersions; // in file order, which AppStream requires to be newest first
    QStringList releaseDates;
    QList<Screenshot> screenshots;
    QString error;
};

Metainfo readMetainfo(const QString& path)
{
    Metainfo metainfo;
    QXmlStreamReader xml(readAll(path));
    QStringList elements;
    while (!xml.atEnd()) {
        const QXmlStreamReader::TokenType token = xml.readNext();
        if (token == QXmlStreamReader::EndElement) {
            elements.removeLast();
            continue;
        }
        if (token != QXmlStreamReader::StartElement)
            continue;
        elements.append(xml.name().toString());
        const QString where = elements.join(QLatin1Char('/'));
        const QXmlStreamAttributes attributes = xml.attributes();
        const bool translated = attributes.hasAttribute(QStringLiteral("xml:lang"));
        if (where == QLatin1String("component/id")) {
            metainfo.id = xml.readElementText();
            elements.removeLast();
        } else if (where == QLatin1String("component/name") && !translated) {
            metainfo.name = xml.readElementText();
            elements.removeLast();
        } else if (where == QLatin1String("component/launchable")) {
            const QString type = attributes.value(QStringLiteral("type")).toString();
            metainfo.launchables.append({ type, xml.readElementText() });
            elements.removeLast();
        } else if (where == QLatin1String("component/provides/binary")) {
            metainfo.binaries.append(xml.readElementText());
            elements.removeLast();
        } else if (where == QLatin1String("component/releases/release")) {
            metainfo.releaseVersions.append(attributes.value(QStringLiteral("version")).toString());
            metainfo.releaseDates.append(attributes.value(QStringLiteral("date")).toString());
        } else if (where == QLatin1String("component/screenshots/screenshot")) {
            Screenshot screenshot;
            screenshot.isDefault = attributes.value(QStringLiteral("type")) == QLatin1String("default");
            metainfo.screenshots.append(screenshot);
        } else if (where == QLatin1String("component/screenshots/screenshot/caption") && !translated) {
            metainfo.screenshots.last().captions.append(xml.readElementText());
            elements.removeLast();
        } else if (where == QLatin1String("component/screenshots/screenshot/image")) {
            metainfo.screenshots.last().images.append(xml.readElementText().trimmed());
            elements.removeLast();
        }
    }
    if (xml.hasError())
        metainfo.error = xml.errorString() + QStringLiteral(" at line ") + QString::number(xml.lineNumber());
    return metainfo;
}

struct ImageHeader
{
    QString format; // "png" or "jp2"
    quint32 width = 0;
    quint32 height = 0;
    int bitDepth = 0;
    int colourType = -1; // PNG only: 6 is RGBA
};

quint32 bigEndian32(const QByteArray& data, qsizetype offset)
{
    return qFromBigEndian<quint32>(data.constData() + offset);
}

quint32 littleEndian32(const QByteArray& data, qsizetype offset)
{
    return qFromLittleEndian<quint32>(data.constData() + offset);
}

quint16 littleEndian16(const QByteArray& data, qsizetype offset)
{
    return qFromLittleEndian<quint16>(data.constData() + offset);
}

// The IHDR chunk of a PNG, which the format requires to come first.
std::optional<ImageHeader> pngHeader(const QByteArray& data)
{
    static const QByteArray Signature("\x89PNG\r\n\x1a\n", 8);
    if (data.size() < 33 || !data.startsWith(Signature) || data.mid(12, 4) != "IHDR")
        return std::nullopt;
    ImageHeader header;
    header.format = QStringLiteral("png");
    header.width = bigEndian32(data, 16);
    header.height = bigEndian32(data, 20);
    header.bitDepth = quint8(data.at(24));
    header.colourType = quint8(data.at(25));
    return header;
}

// The image header box ('ihdr' inside 'jp2h') of a JPEG 2000 file, which png2icns writes for
// the 256 px and larger icns elements.
std::optional<ImageHeader> jp2Header(const QByteArray& data)
{
    static const QByteArray Signature("\x00\x00\x00\x0cjP  \r\n\x87\n", 12);
    if (!data.startsWith(Signature))
        return std::nullopt;
    // Boxes are a 32-bit length (header included) and a type; 'jp2h' is a box of boxes.
    qsizetype offset = Signature.size();
    qsizetype end = data.size();
    while (offset + 8 <= end) {
        const quint32 length = bigEndian32(data, offset);
        const QByteArray type = data.mid(offset + 4, 4);
        if (length < 8 || offset + length > end)
            return std::nullopt;
        if (type == "jp2h") {
            end = offset + length;
            offset += 8;
            continue;
        }
        if (type == "ihdr" && length >= 8 + 11) {
            ImageHeader header;
            header.format = QStringLiteral("jp2");
            header.height = bigEndian32(data, offset + 8);
            header.width = bigEndian32(data, offset + 12);
            header.bitDepth = (quint8(data.at(offset + 18)) & 0x7f) + 1;
            return header;
        }
        offset += length;
    }
    return std::nullopt;
}

QString sizesText(const QList<int>& sizes)
{
    QStringList texts;
    for (int size : sizes)
        texts.append(QString::number(size));
    return texts.join(QLatin1Char(' '));
}

} // namespace

class TestDesktopMetadata : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void desktopFileValidates();
    void metainfoValidates();
    void desktopFileNamesTheApplication();
    void metainfoNamesTheApplication();
    void releaseIsTheProjectVersion();
    void screenshotsAreInTheRepository();
    void pngSizesAreComplete();
    void pngHasTheSizeInItsName_data();
    void pngHasTheSizeInItsName();
    void icoHoldsTheWindowsSizes();
    void icnsHoldsTheMacSizes();
    void svgIsSelfContained();
};

void TestDesktopMetadata::desktopFileValidates()
{
    int exitCode = -1;
    QString output;
    const QString notRun = runTool(QStringLiteral("desktop-file-validate"), QStringLiteral("desktop-file-utils"),
                                   { desktopFilePath() }, &exitCode, &output);
    QVERIFY2(notRun.isEmpty(), qPrintable(notRun));
    // Hints are printed too and exit 0; a clean entry prints nothing at all.
    QVERIFY2(exitCode == 0 && output.isEmpty(),
             qPrintable(QStringLiteral("desktop-file-validate exited %1:\n%2").arg(exitCode).arg(output)));
}

void TestDesktopMetadata::metainfoValidates()
{
    int exitCode = -1;
    QString output;
    const QString notRun = runTool(
        QStringLiteral("appstreamcli"), QStringLiteral("appstream"),
        { QStringLiteral("validate"), QStringLiteral("--no-net"), QStringLiteral("--explain"), metainfoPath() },
        &exitCode, &output);
    QVERIFY2(notRun.isEmpty(), qPrintable(notRun));
    // appstreamcli 0.16 exits 3 on errors and on warnings; the report is read as well in case a
    // version exits 0 on warnings. Infos and pedantic notes are style advice and pass.
    static const QRegularExpression ErrorOrWarning(QStringLiteral("^[EW]: "), QRegularExpression::MultilineOption);
    QVERIFY2(exitCode == 0 && !output.contains(ErrorOrWarning),
             qPrintable(QStringLiteral("appstreamcli validate exited %1:\n%2").arg(exitCode).arg(output)));
}

void TestDesktopMetadata::desktopFileNamesTheApplication()
{
    const QHash<QString, QString> entry = desktopEntry(desktopFilePath());
    QVERIFY2(!entry.isEmpty(), qPrintable(desktopFilePath() + QStringLiteral(" has no [Desktop Entry] group")));
    // The icon is installed under the application ID, the name the window's title.
    QCOMPARE(entry.value(QStringLiteral("Icon")), AppId);
    QCOMPARE(entry.value(QStringLiteral("Exec")), QStringLiteral("credential-manager"));
    QCOMPARE(entry.value(QStringLiteral("Name")), QStringLiteral("Credential Management"));
    QCOMPARE(entry.value(QStringLiteral("StartupWMClass")), QStringLiteral("credential-manager"));
    QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
    QCOMPARE(entry.value(QStringLiteral("Terminal")), QStringLiteral("false"));
}

void TestDesktopMetadata::metainfoNamesTheApplication()
{
    const Metainfo metainfo = readMetainfo(metainfoPath());
    QVERIFY2(metainfo.error.isEmpty(), qPrintable(metainfo.error));
    QCOMPARE(metainfo.id, AppId);
    QCOMPARE(metainfo.launchables.size(), 1);
    QCOMPARE(metainfo.launchables.first().first, QStringLiteral("desktop-id"));
    // Software centres start the application through the desktop entry of this name.
    const QString desktopId = metainfo.launchables.first().second;
    QCOMPARE(desktopId, QFileInfo(desktopFilePath()).fileName());
    QVERIFY2(QFileInfo::exists(sourcePath(QStringLiteral("resources/linux/")) + desktopId),
             qPrintable(desktopId + QStringLiteral(" is not in resources/linux")));
    QCOMPARE(metainfo.name, desktopEntry(desktopFilePath()).value(QStringLiteral("Name")));
    QCOMPARE(metainfo.binaries, QStringList({ QStringLiteral("credential-manager"), QStringLiteral("credctl") }));
}

void TestDesktopMetadata::releaseIsTheProjectVersion()
{
    const Metainfo metainfo = readMetainfo(metainfoPath());
    QVERIFY2(metainfo.error.isEmpty(), qPrintable(metainfo.error));
    QVERIFY2(!metainfo.releaseVersions.isEmpty(), "the metainfo lists no release");
    // A version bump in CMakeLists.txt needs its release entry (newest first) before it ships.
    QVERIFY2(metainfo.releaseVersions.first() == QLatin1String(CM_PROJECT_VERSION),
             qPrintable(QStringLiteral("the newest release in the metainfo is %1, the project's version is %2")
                            .arg(metainfo.releaseVersions.first(), QStringLiteral(CM_PROJECT_VERSION))));
    QStringList newestFirst = metainfo.releaseDates;
    std::sort(newestFirst.begin(), newestFirst.end(), std::greater<QString>());
    QCOMPARE(metainfo.releaseDates, newestFirst);
}

void TestDesktopMetadata::screenshotsAreInTheRepository()
{
    const Metainfo metainfo = readMetainfo(metainfoPath());
    QVERIFY2(metainfo.error.isEmpty(), qPrintable(metainfo.error));
    QVERIFY(!metainfo.screenshots.isEmpty());
    QVERIFY2(metainfo.screenshots.first().isDefault, "the first screenshot is not the default one");
    int defaults = 0;
    for (const Screenshot& screenshot : metainfo.screenshots) {
        defaults += screenshot.isDefault ? 1 : 0;
        QCOMPARE(screenshot.captions.size(), 1);
        QCOMPARE(screenshot.images.size(), 1);
        // The URLs point at the main branch: a renamed or deleted image breaks the store pages.
        const QString url = screenshot.images.first();
        QVERIFY2(url.startsWith(ScreenshotUrlPrefix), qPrintable(url + QStringLiteral(" is not in the repository")));
        const QString file = sourcePath(url.mid(ScreenshotUrlPrefix.size()));
        QVERIFY2(QFileInfo::exists(file), qPrintable(url + QStringLiteral(": no such file ") + file));
    }
    QCOMPARE(defaults, 1);
}

void TestDesktopMetadata::pngSizesAreComplete()
{
    QList<int> sizes;
    static const QRegularExpression Name(QStringLiteral("^credential-manager-(\\d+)\\.png$"));
    const QStringList files = QDir(sourcePath(QStringLiteral("resources/icons/png"))).entryList(QDir::Files);
    for (const QString& file : files) {
        const QRegularExpressionMatch match = Name.match(file);
        QVERIFY2(match.hasMatch(), qPrintable(QStringLiteral("unexpected file resources/icons/png/") + file));
        sizes.append(match.captured(1).toInt());
    }
    std::sort(sizes.begin(), sizes.end());
    QCOMPARE(sizesText(sizes), sizesText(PngSizes));
}

void TestDesktopMetadata::pngHasTheSizeInItsName_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("size");
    static const QRegularExpression Name(QStringLiteral("^credential-manager-(\\d+)\\.png$"));
    const QDir directory(sourcePath(QStringLiteral("resources/icons/png")));
    for (const QString& file : directory.entryList({ QStringLiteral("*.png") }, QDir::Files)) {
        const QRegularExpressionMatch match = Name.match(file);
        if (match.hasMatch())
            QTest::newRow(qPrintable(file)) << directory.filePath(file) << match.captured(1).toInt();
    }
}

void TestDesktopMetadata::pngHasTheSizeInItsName()
{
    QFETCH(QString, path);
    QFETCH(int, size);
    const std::optional<ImageHeader> header = pngHeader(readAll(path));
    QVERIFY2(header, "not a PNG file");
    QCOMPARE(header->width, quint32(size));
    QCOMPARE(header->height, quint32(size));
    // 8-bit RGBA: a palette or grey image loses the anti-aliased edges on some platforms.
    QCOMPARE(header->colourType, 6);
    QCOMPARE(header->bitDepth, 8);
    QImage image;
    QVERIFY2(image.load(path), "Qt cannot decode it");
    QCOMPARE(image.size(), QSize(size, size));
    // The tile has a transparent margin and an opaque middle: a blank or unmasked rendering fails.
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
}

void TestDesktopMetadata::icoHoldsTheWindowsSizes()
{
    const QByteArray ico = readAll(sourcePath(QStringLiteral("resources/icons/credential-manager.ico")));
    // ICONDIR: reserved 0, type 1 (icon), count; then one 16-byte ICONDIRENTRY per image.
    QVERIFY2(ico.size() >= 6 && littleEndian16(ico, 0) == 0 && littleEndian16(ico, 2) == 1, "not an .ico file");
    const int count = littleEndian16(ico, 4);
    QVERIFY(ico.size() >= 6 + 16 * count);
    QList<int> sizes;
    for (int index = 0; index < count; ++index) {
        const qsizetype entry = 6 + 16 * index;
        // A width or height byte of 0 means 256.
        const int width = quint8(ico.at(entry)) == 0 ? 256 : quint8(ico.at(entry));
        const int height = quint8(ico.at(entry + 1)) == 0 ? 256 : quint8(ico.at(entry + 1));
        const QString where = QStringLiteral("entry %1 (%2x%3)").arg(index).arg(width).arg(height);
        QVERIFY2(width == height, qPrintable(where + QStringLiteral(" is not square")));
        QVERIFY2(littleEndian16(ico, entry + 6) == 32, qPrintable(where + QStringLiteral(" is not 32-bit")));
        const quint32 length = littleEndian32(ico, entry + 8);
        const quint32 offset = littleEndian32(ico, entry + 12);
        QVERIFY2(qsizetype(offset) + qsizetype(length) <= ico.size(),
                 qPrintable(where + QStringLiteral(" lies beyond the end of the file")));
        const QByteArray image = ico.mid(offset, length);
        // Each image is a PNG or a BITMAPINFOHEADER whose height counts the AND mask as well.
        if (const std::optional<ImageHeader> png = pngHeader(image)) {
            QVERIFY2(png->width == quint32(width) && png->height == quint32(height),
                     qPrintable(where + QStringLiteral(" holds a %1x%2 PNG").arg(png->width).arg(png->height)));
        } else {
            QVERIFY2(image.size() >= 40 && littleEndian32(image, 0) == 40,
                     qPrintable(where + QStringLiteral(" is neither PNG nor bitmap")));
            const quint32 bitmapWidth = littleEndian32(image, 4);
            const quint32 bitmapHeight = littleEndian32(image, 8);
            QVERIFY2(
                bitmapWidth == quint32(width) && bitmapHeight == quint32(2 * height),
                qPrintable(where + QStringLiteral(" holds a %1x%2 bitmap").arg(bitmapWidth).arg(bitmapHeight / 2)));
        }
        sizes.append(width);
    }
    std::sort(sizes.begin(), sizes.end());
    QCOMPARE(sizesText(sizes), sizesText(IcoSizes));
}

void TestDesktopMetadata::icnsHoldsTheMacSizes()
{
    const QByteArray icns = readAll(sourcePath(QStringLiteral("resources/icons/credential-manager.icns")));
    QVERIFY2(icns.size() >= 8 && icns.startsWith("icns"), "not an .icns file");
    QCOMPARE(qsizetype(bigEndian32(icns, 4)), icns.size());
    // Element types and the pixel size each one holds. The old RLE ones need their 8-bit mask;
    // the newer ones hold a PNG or JPEG 2000 file of their own.
    static const QHash<QByteArray, int> RleSizes { { "is32", 16 }, { "il32", 32 }, { "ih32", 48 }, { "it32", 128 } };
    static const QHash<QByteArray, QByteArray> MaskOf {
        { "is32", "s8mk" }, { "il32", "l8mk" }, { "ih32", "h8mk" }, { "it32", "t8mk" }
    };
    static const QHash<QByteArray, int> FileSizes { { "icp4", 16 },  { "icp5", 32 },  { "icp6", 64 },   { "ic07", 128 },
                                                    { "ic08", 256 }, { "ic09", 512 }, { "ic10", 1024 }, { "ic11", 32 },
                                                    { "ic12", 64 },  { "ic13", 256 }, { "ic14", 512 } };
    QHash<QByteArray, quint32> lengths;
    QList<int> sizes;
    qsizetype offset = 8;
    while (offset < icns.size()) {
        QVERIFY2(offset + 8 <= icns.size(), "truncated element header");
        const QByteArray type = icns.mid(offset, 4);
        const quint32 length = bigEndian32(icns, offset + 4);
        const QString where = QStringLiteral("element '%1'").arg(QString::fromLatin1(type));
        QVERIFY2(length >= 8 && offset + qsizetype(length) <= icns.size(),
                 qPrintable(where + QStringLiteral(" has a bad length")));
        lengths.insert(type, length);
        if (RleSizes.contains(type)) {
            sizes.append(RleSizes.value(type));
        } else if (FileSizes.contains(type)) {
            const QByteArray image = icns.mid(offset + 8, length - 8);
            std::optional<ImageHeader> header = pngHeader(image);
            if (!header)
                header = jp2Header(image);
            QVERIFY2(header, qPrintable(where + QStringLiteral(" holds neither PNG nor JPEG 2000")));
            const int size = FileSizes.value(type);
            QVERIFY2(header->width == quint32(size) && header->height == quint32(size),
                     qPrintable(where
                                + QStringLiteral(" holds a %1x%2 %3 image, not %4x%4")
                                      .arg(header->width)
                                      .arg(header->height)
                                      .arg(header->format)
                                      .arg(size)));
            sizes.append(size);
        }
        offset += length;
    }
    for (auto it = MaskOf.cbegin(); it != MaskOf.cend(); ++it) {
        if (!lengths.contains(it.key()))
            continue;
        const int size = RleSizes.value(it.key());
        QVERIFY2(lengths.value(it.value()) == quint32(8 + size * size),
                 qPrintable(QString::fromLatin1(it.key()) + QStringLiteral(" has no %1x%1 mask").arg(size)));
    }
    std::sort(sizes.begin(), sizes.end());
    QCOMPARE(sizesText(sizes), sizesText(IcnsSizes));
}

void TestDesktopMetadata::svgIsSelfContained()
{
    QXmlStreamReader xml(readAll(sourcePath(QStringLiteral("resources/icons/credential-manager.svg"))));
    QVERIFY(xml.readNextStartElement());
    QCOMPARE(xml.name(), QLatin1String("svg"));
    QCOMPARE(xml.attributes().value(QStringLiteral("viewBox")), QLatin1String("0 0 256 256"));
    // Icon themes and rcc take the file alone: nothing may come from elsewhere, and text would
    // depend on the fonts of each machine.
    static const QStringList Forbidden { QStringLiteral("image"), QStringLiteral("text"),
                                         QStringLiteral("foreignObject"), QStringLiteral("script") };
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        QVERIFY2(!Forbidden.contains(xml.name().toString()),
                 qPrintable(QStringLiteral("<%1> at line %2").arg(xml.name()).arg(xml.lineNumber())));
        for (const QXmlStreamAttribute& attribute : xml.attributes()) {
            if (attribute.name() == QLatin1String("href"))
                QVERIFY2(attribute.value().startsWith(QLatin1Char('#')),
                         qPrintable(QStringLiteral("external reference at line %1").arg(xml.lineNumber())));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
}

QTEST_GUILESS_MAIN(TestDesktopMetadata)
#include "TestDesktopMetadata.moc"
