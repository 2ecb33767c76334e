#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cm::bench {

// The one table `bench run` prints: operation, size, median, floor, ratio, goal, met?,
// aligned and Markdown-compatible so it can be pasted into docs/performance.md.
class ResultTable
{
public:
    struct Row
    {
        QString operation;
        QString size;
        QString median;
        QString floor = QStringLiteral("—");
        QString ratio = QStringLiteral("—");
        QString goal = QStringLiteral("—");
        QString met = QStringLiteral("—");
    };

    void add(Row row) { m_rows.append(std::move(row)); }
    // A note printed under the table (why a row failed, what a goal means).
    void note(const QString& text) { m_notes.append(text); }
    QString toText() const;

    static QString milliseconds(double ms);
    static QString megabytes(double mb);
    static QString ratio(double value);
    static QString yesNo(bool met) { return met ? QStringLiteral("yes") : QStringLiteral("**no**"); }

private:
    QList<Row> m_rows;
    QStringList m_notes;
};

// The median of the values (NaN for none).
double median(QList<double> values);

} // namespace cm::bench
