#include "CredentialTableModel.h"

#include "registry/ProviderRegistry.h"

#include <QHash>
#include <QLocale>
#include <QSet>

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

void CredentialTableModel::setCredentials(QList<CredentialSummary> credentials)
{
    // A diff, not a reset: rows that stay keep their selection and the view its scroll
    // position when another program changes the store.
    QHash<QString, qsizetype> incoming;
    for (qsizetype i = 0; i < credentials.size(); ++i)
        incoming.insert(credentials.at(i).id, i);

    for (int row = int(m_credentials.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_credentials.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_credentials.removeAt(row);
            endRemoveRows();
        }
    }
    QSet<QString> present;
    for (int row = 0; row < m_credentials.size(); ++row) {
        CredentialSummary& current = m_credentials[row];
        present.insert(current.id);
        const CredentialSummary& next = credentials.at(incoming.value(current.id));
        if (current.name != next.name || current.provider != next.provider || current.updatedAt != next.updatedAt
            || current.revision != next.revision || current.defaultEmbeddings != next.defaultEmbeddings
            || current.createdAt != next.createdAt) {
            current = next;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    QList<CredentialSummary> added;
    for (const CredentialSummary& summary : credentials) {
        if (!present.contains(summary.id))
            added.append(summary);
    }
    if (!added.isEmpty()) {
        const int first = int(m_credentials.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_credentials.append(added);
        endInsertRows();
    }
}

int CredentialTableModel::rowOf(const QString& id) const
{
    for (int row = 0; row < m_credentials.size(); ++row) {
        if (m_credentials.at(row).id == id)
            return row;
    }
    return -1;
}

int CredentialTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_credentials.size());
}

int CredentialTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CredentialSummary& credential = m_credentials.at(index.row());
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
            return providerName(credential.provider);
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
            return providerName(credential.provider);
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
