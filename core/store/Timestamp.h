#pragma once

#include <QDateTime>
#include <QString>

namespace cm {

// The stored timestamps (docs/storage-format.md): ISO 8601 UTC with milliseconds, such as
// "2026-11-26T18:40:52.931Z".
class Timestamp
{
public:
    static QString now();
    static QString format(const QDateTime& time);
    // Invalid when `text` is no ISO 8601 date and time. The application's own shape is read
    // digit by digit, a tenth of the cost of QDateTime::fromString, which showed when a store
    // of 100,000 credentials is listed; any other shape goes through QDateTime::fromString.
    static QDateTime parse(const QString& text);
};

} // namespace cm
