#include "CredentialTableModel.h"

#include "common/NearlySorted.h"
#include "registry/ProviderRegistry.h"

#include <QHash>
#include <QLocale>
#include <QSet>

#include <numeric>

namespace cm::ui {

namespace {
QString providerName(const QString& id)
{
    const ProviderSpec* provider = ProviderRegistry::builtin().provider(id);
    return provider ? provider->name : id;
}
} // namespace

CredentialTableModel::CredentialTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

CredentialTableModel::Row CredentialTableModel::makeRow(CredentialSummary summary) const
{
    Row row;
    row.providerName = providerName(summary.provider);
    row.foldedName = summary.name.toCaseFolded();
    row.foldedProvider = row.providerName.toCaseFolded();
    // A line break cannot be typed into the search field, so no match spans both parts.
    row.searchText = row.foldedName + QLatin1Char('\n') + row.foldedProvider;
    row.summary = std::move(summary);
    return row;
}

void CredentialTableModel::setCredentials(QList<CredentialSummary> credentials)
{
    QHash<QString, qsizetype> incoming;
    incoming.reserve(credentials.size());
    for (qsizetype i = 0; i < credentials.size(); ++i)
        incoming.insert(credentials.at(i).id, i);
    qsizetype kept = 0;
    for (const Row& row : std::as_const(m_rows))
        kept += incoming.contains(row.summary.id) ? 1 : 0;

    // Another store altogether (or the first listing): nothing to keep, so one reset rather
    // than a signal per row.
    if (kept == 0) {
        resetCredentials(std::move(credentials));
        return;
    }

    // A diff, not a reset: rows that stay keep their selection and the view its scroll
    // position when another program changes the store. Removed rows go in contiguous runs.
    for (int last = int(m_rows.size()) - 1; last >= 0;) {
        if (incoming.contains(m_rows.at(last).summary.id)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).summary.id))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        rowsChanged();
        endRemoveRows();
        last = first - 1;
    }
    QSet<QString> present;
    present.reserve(m_rows.size());
    QList<int> changed;
    for (int row = 0; row < m_rows.size(); ++row) {
        Row& current = m_rows[row];
        present.insert(current.summary.id);
        const CredentialSummary& next = credentials.at(incoming.value(current.summary.id));
        const CredentialSummary& was = current.summary;
        if (was.name != next.name || was.provider != next.provider || was.updatedAt != next.updatedAt
            || was.revision != next.revision || was.defaultEmbeddings != next.defaultEmbeddings
            || was.createdAt != next.createdAt) {
            current = makeRow(next);
            changed.append(row);
        }
    }
    // Every changed row first, then the signals: the name ranks are computed once for them all.
    if (!changed.isEmpty())
        rowsChanged();
    for (const int row : std::as_const(changed))
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    QList<Row> added;
    for (CredentialSummary& summary : credentials) {
        if (!present.contains(summary.id))
            added.append(makeRow(std::move(summary)));
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows.append(std::move(added));
        rowsChanged();
        endInsertRows();
    }
}

void CredentialTableModel::resetCredentials(QList<CredentialSummary> credentials)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(credentials.size());
    for (CredentialSummary& summary : credentials)
        m_rows.append(makeRow(std::move(summary)));
    rowsChanged();
    endResetModel();
}

int CredentialTableModel::rowOf(const QString& id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).summary.id == id)
            return row;
    }
    return -1;
}

bool CredentialTableModel::matches(int row, const QString& foldedText) const
{
    return m_rows.at(row).searchText.contains(foldedText);
}

namespace {

// Texts compare case-insensitively in every locale (the C locale would not), then by case.
bool textLessThan(const QString& leftFolded, const QString& rightFolded, const QString& leftText,
                  const QString& rightText)
{
    const int folded = leftFolded.compare(rightFolded);
    return folded != 0 ? folded < 0 : leftText.localeAwareCompare(rightText) < 0;
}

} // namespace

bool CredentialTableModel::nameLessThan(const Row& left, const Row& right)
{
    return textLessThan(left.foldedName, right.foldedName, left.summary.name, right.summary.name);
}

int CredentialTableModel::nameRank(int row) const
{
    if (m_nameRanks.size() != std::size_t(m_rows.size())) {
        std::vector<int> order(std::size_t(m_rows.size()));
        std::iota(order.begin(), order.end(), 0);
        sortNearlySorted(order,
                         [this](int left, int right) { return nameLessThan(m_rows.at(left), m_rows.at(right)); });
        m_nameRanks.assign(order.size(), 0);
        for (std::size_t rank = 0; rank < order.size(); ++rank)
            m_nameRanks[std::size_t(order[rank])] = int(rank);
    }
    return m_nameRanks[std::size_t(row)];
}

bool CredentialTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    const Row& left = m_rows.at(leftRow);
    const Row& right = m_rows.at(rightRow);
    switch (column) {
    case NameColumn:
        return nameRank(leftRow) < nameRank(rightRow);
    case ProviderColumn:
        return textLessThan(left.foldedProvider, right.foldedProvider, left.providerName, right.providerName);
    case UpdatedColumn:
        return left.summary.updatedAt < right.summary.updatedAt;
    case DefaultColumn:
        return left.summary.defaultEmbeddings < right.summary.defaultEmbeddings;
    }
    return false;
}

int CredentialTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CredentialTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const CredentialSummary& credential = row.summary;
    switch (role) {
    case IdRole:
        return credential.id;
    case ProviderIdRole:
        return credential.provider;
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        switch (index.column()) {
        case NameColumn:
            return credential.name;
        case ProviderColumn:
            return row.providerName;
        case UpdatedColumn:
            return QLocale().toString(credential.updatedAt.toLocalTime(), QLocale::ShortFormat);
        case DefaultColumn:
            return credential.defaultEmbeddings ? tr("\u2605 Default embeddings") : QString();
        }
        break;
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return credential.name;
        case ProviderColumn:
            return row.providerName;
        case UpdatedColumn:
            return credential.updatedAt;
        case DefaultColumn:
            return credential.defaultEmbeddings;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == UpdatedColumn)
            return QLocale().toString(credential.updatedAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == DefaultColumn && credential.defaultEmbeddings)
            return tr("Features that need embeddings use this credential.");
        break;
    }
    return {};
}

QVariant CredentialTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ProviderColumn:
        return tr("Provider");
    case UpdatedColumn:
        return tr("Last updated");
    case DefaultColumn:
        return tr("Embeddings");
    }
    return {};
}

} // namespace cm::ui
