#include "support/TsFile.h"

#include <QFile>
#include <QXmlStreamReader>

namespace cm::test {

QString messageName(const QString& context, const QString& source, const QString& comment)
{
    return context + QStringLiteral(": ") + source
        + (comment.isEmpty() ? QString() : QStringLiteral(" [") + comment + QLatin1Char(']'));
}

QString TsMessage::name() const
{
    return messageName(context, source, comment);
}

QString TsMessage::key() const
{
    // A control character no source text contains keeps the three parts apart.
    return context + QChar(0x1f) + source + QChar(0x1f) + comment;
}

TsFile TsFile::read(const QString& path)
{
    TsFile file;
    file.path = path;
    QFile input(path);
    if (!input.open(QIODevice::ReadOnly)) {
        file.error = QStringLiteral("cannot open %1: %2").arg(path, input.errorString());
        return file;
    }
    QXmlStreamReader xml(&input);
    QString context;
    TsMessage message;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto element = xml.name();
            if (element == QLatin1String("TS")) {
                file.language = xml.attributes().value(QLatin1String("language")).toString();
            } else if (element == QLatin1String("name") && !inMessage) {
                context = xml.readElementText();
            } else if (element == QLatin1String("message")) {
                message = TsMessage();
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                inMessage = true;
            } else if (inMessage && element == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (inMessage && element == QLatin1String("comment")) {
                message.comment = xml.readElementText();
            } else if (inMessage && element == QLatin1String("translation")) {
                message.type = xml.attributes().value(QLatin1String("type")).toString();
                if (message.numerus) {
                    while (xml.readNextStartElement()) {
                        if (xml.name() == QLatin1String("numerusform"))
                            message.forms.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
                        else
                            xml.skipCurrentElement();
                    }
                } else {
                    message.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                }
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            file.messages.append(message);
            inMessage = false;
        }
    }
    if (xml.hasError()) {
        file.error = QStringLiteral("%1 line %2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    } else if (file.language.isEmpty()) {
        file.error = QStringLiteral("%1 is not a .ts file (no <TS language=...>)").arg(path);
    }
    return file;
}

const TsMessage* TsFile::find(const QString& context, const QString& source, const QString& comment) const
{
    for (const TsMessage& message : messages) {
        if (message.context == context && message.source == source && message.comment == comment)
            return &message;
    }
    return nullptr;
}

QString TsFile::finished(const QString& context, const QString& source, const QString& comment) const
{
    const TsMessage* message = find(context, source, comment);
    return message && message->type.isEmpty() ? message->translation : QString();
}

QString firstLines(const QStringList& lines, int limit)
{
    QStringList shown = lines.mid(0, limit);
    if (lines.size() > limit)
        shown.append(QStringLiteral("... and %1 more").arg(lines.size() - limit));
    return QStringLiteral("\n  ") + shown.join(QStringLiteral("\n  "));
}

} // namespace cm::test
