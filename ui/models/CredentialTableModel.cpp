#include "CredentialTableModel.h"

#include "registry/ProviderRegistry.h"

#include <QLocale>

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
    beginResetModel();
    m_credentials = std::move(credentials);
    endResetModel();
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
