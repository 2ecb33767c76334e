#pragma once

#include "store/Credential.h"

#include <QAbstractTableModel>
#include <QList>

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

    // Brings the rows to `credentials` by removing, updating and appending rows (never a
    // reset), so selections and scroll positions survive a refresh.
    void setCredentials(QList<CredentialSummary> credentials);
    const CredentialSummary& credentialAt(int row) const { return m_credentials.at(row); }
    // The row of the credential with this id, or -1.
    int rowOf(const QString& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<CredentialSummary> m_credentials;
};

} // namespace cm::ui
