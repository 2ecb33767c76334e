#include "ResultTable.h"

#include <algorithm>
#include <cmath>

namespace cm::bench {

QString ResultTable::toText() const
{
    const QStringList header { QStringLiteral("operation"), QStringLiteral("size"),  QStringLiteral("median"),
                               QStringLiteral("floor"),     QStringLiteral("ratio"), QStringLiteral("goal"),
                               QStringLiteral("met?") };
    QList<QStringList> cells { header };
    for (const Row& row : m_rows)
        cells.append({ row.operation, row.size, row.median, row.floor, row.ratio, row.goal, row.met });
    QList<qsizetype> widths(header.size(), 0);
    for (const QStringList& line : cells)
        for (qsizetype column = 0; column < line.size(); ++column)
            widths[column] = std::max(widths[column], line.at(column).size());

    const auto format = [&](const QStringList& line) -> QString {
        QString text = QStringLiteral("|");
        for (qsizetype column = 0; column < line.size(); ++column) {
            // Figures read best right-aligned; words left-aligned.
            const bool words = column == 0 || column == 5;
            text += QLatin1Char(' ')
                + (words ? line.at(column).leftJustified(widths[column])
                         : line.at(column).rightJustified(widths[column]))
                + QStringLiteral(" |");
        }
        return text + QLatin1Char('\n');
    };
    QString text = format(cells.first());
    QStringList rule;
    for (qsizetype column = 0; column < header.size(); ++column) {
        const bool words = column == 0 || column == 5;
        rule.append(words ? QString(widths[column], QLatin1Char('-'))
                          : QString(widths[column] - 1, QLatin1Char('-')) + QLatin1Char(':'));
    }
    text += format(rule);
    for (qsizetype line = 1; line < cells.size(); ++line)
        text += format(cells.at(line));
    if (!m_notes.isEmpty()) {
        text += QLatin1Char('\n');
        for (const QString& note : m_notes)
            text += QStringLiteral("- ") + note + QLatin1Char('\n');
    }
    return text;
}

QString ResultTable::milliseconds(double ms)
{
    if (std::isnan(ms))
        return QStringLiteral("failed");
    return QString::number(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
}

QString ResultTable::megabytes(double mb)
{
    if (std::isnan(mb))
        return QStringLiteral("failed");
    return QString::number(mb, 'f', 1) + QStringLiteral(" MB");
}

QString ResultTable::ratio(double value)
{
    if (std::isnan(value) || std::isinf(value))
        return QStringLiteral("—");
    return QString::number(value, 'f', 2) + QStringLiteral("×");
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const qsizetype middle = values.size() / 2;
    return values.size() % 2 ? values.at(middle) : (values.at(middle - 1) + values.at(middle)) / 2;
}

} // namespace cm::bench
