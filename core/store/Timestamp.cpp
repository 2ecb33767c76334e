#include "Timestamp.h"

#include <algorithm>
#include <iterator>

namespace cm {

namespace {

// The value of `count` decimal digits of `text` from `from`, or -1 when one is no digit.
int digits(const QString& text, int from, int count)
{
    int value = 0;
    for (int i = from; i < from + count; ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

QString Timestamp::now()
{
    return format(QDateTime::currentDateTimeUtc());
}

QString Timestamp::format(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime Timestamp::parse(const QString& text)
{
    // "YYYY-MM-DDTHH:MM:SS.mmmZ"
    static constexpr char16_t Shape[] = u"0000-00-00T00:00:00.000Z";
    bool ownShape = text.size() == 24;
    for (int i = 0; ownShape && i < 24; ++i)
        ownShape = Shape[i] == u'0' || text.at(i).unicode() == Shape[i];
    if (ownShape) {
        const int fields[] = { digits(text, 0, 4),  digits(text, 5, 2),  digits(text, 8, 2), digits(text, 11, 2),
                               digits(text, 14, 2), digits(text, 17, 2), digits(text, 20, 3) };
        // A field that is not all digits (-1) would read as a valid year or "no value" to Qt.
        if (std::all_of(std::begin(fields), std::end(fields), [](int field) { return field >= 0; })) {
            const QDate date(fields[0], fields[1], fields[2]);
            const QTime time(fields[3], fields[4], fields[5], fields[6]);
            if (date.isValid() && time.isValid())
                return QDateTime(date, time, Qt::UTC);
        }
    }
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

} // namespace cm
