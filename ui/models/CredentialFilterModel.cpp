#include "CredentialFilterModel.h"

#include "models/CredentialTableModel.h"

namespace cm::ui {

CredentialFilterModel::CredentialFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(CredentialTableModel::SortRole);
}

void CredentialFilterModel::setSearchText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateFilter();
}

bool CredentialFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a.userType() == QMetaType::QString && b.userType() == QMetaType::QString) {
        // Names compare case-insensitively in every locale (the C locale would not), then by case.
        const int folded = a.toString().compare(b.toString(), Qt::CaseInsensitive);
        return folded != 0 ? folded < 0 : a.toString().localeAwareCompare(b.toString()) < 0;
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

bool CredentialFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QAbstractItemModel* model = sourceModel();
    for (int column : { CredentialTableModel::NameColumn, CredentialTableModel::ProviderColumn }) {
        const QString text = model->index(sourceRow, column, sourceParent).data().toString();
        if (text.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace cm::ui
