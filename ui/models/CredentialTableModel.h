#pragma once

#include "store/Credential.h"

#include <QAbstractTableModel>
#include <QList>

#include <vector>

namespace cm::ui {

// The credential table: one row per credential, from the store's list (nothing decrypted).
// Columns: Name, Provider (display name), Last updated (local time), and a marker on the
// default embeddings credential. SortRole gives each column's value for sorting.
class CredentialTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        ProviderColumn,
        UpdatedColumn,
        DefaultColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        IdRole,
        ProviderIdRole
    };

    explicit CredentialTableModel(QObject* parent = nullptr);

    // Brings the rows to `credentials` by removing, updating and appending rows, so selections
    // and scroll positions survive a refresh. When no row stays, one reset.
    void setCredentials(QList<CredentialSummary> credentials);
    // Replaces every row with one reset: cheaper when nothing shown is worth keeping, such as
    // the first screenful the window shows while it reads the rest.
    void resetCredentials(QList<CredentialSummary> credentials);
    const CredentialSummary& credentialAt(int row) const { return m_rows.at(row).summary; }
    // The row of the credential with this id, or -1.
    int rowOf(const QString& id) const;

    // For the search and sort of CredentialFilterModel, which run over every row at each
    // keystroke: whether the row's name or provider contains `foldedText` (already
    // case-folded), and the order of two rows by a column, without a QVariant per call.
    bool matches(int row, const QString& foldedText) const;
    bool lessThan(int leftRow, int rightRow, int column) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        CredentialSummary summary;
        QString providerName; // the display name
        QString foldedName; // the sort key of the name column
        QString foldedProvider;
        QString searchText; // folded name and provider name, the search's haystack
    };
    Row makeRow(CredentialSummary summary) const;
    static bool nameLessThan(const Row& left, const Row& right);
    // Each row's place in name order, computed once after a change rather than with two
    // string comparisons per step of every sort: the rows arrive nearly in name order.
    int nameRank(int row) const;
    void rowsChanged() { m_nameRanks.clear(); }

    QList<Row> m_rows;
    mutable std::vector<int> m_nameRanks; // empty when out of date
};

} // namespace cm::ui
