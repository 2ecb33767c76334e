#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace cm::test {

// One <message> of a Qt Linguist .ts file.
struct TsMessage
{
    QString context;
    QString source;
    QString comment; // the disambiguation (tr()'s second argument, QT_TRANSLATE_NOOP3's third)
    bool numerus = false;
    QString type; // the <translation> type: empty when finished, else "unfinished", "vanished" or "obsolete"
    QString translation; // a message without %n
    QStringList forms; // the <numerusform>s of a %n message

    // "context: source", with " [comment]" when there is one: how failure messages name it.
    QString name() const;
    // What identifies a message to lupdate and QTranslator: context, source and comment.
    QString key() const;
};

// "context: source [comment]" for a message that may not be in any file.
QString messageName(const QString& context, const QString& source, const QString& comment);

// A .ts file as lupdate writes it, read with QXmlStreamReader so the tests see exactly the
// messages lrelease compiles (no XML-unaware text matching).
struct TsFile
{
    QString path;
    QString language; // <TS language="...">
    QList<TsMessage> messages;
    QString error; // empty when the file was read

    static TsFile read(const QString& path);

    // The message with this context, source and comment, or nullptr.
    const TsMessage* find(const QString& context, const QString& source, const QString& comment = {}) const;
    // Its finished translation (what the .qm holds), or empty.
    QString finished(const QString& context, const QString& source, const QString& comment = {}) const;
};

// The first `limit` of `lines`, one per line, with "... and N more" when there are more: long
// lists stay readable in a failure message.
QString firstLines(const QStringList& lines, int limit = 20);

} // namespace cm::test
