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
    m_foldedText = trimmed.toCaseFolded();
    invalidateFilter();
}

const CredentialTableModel* CredentialFilterModel::credentials() const
{
    return qobject_cast<const CredentialTableModel*>(sourceModel());
}

bool CredentialFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (const CredentialTableModel* model = credentials())
        return model->lessThan(left.row(), right.row(), left.column());
    return QSortFilterProxyModel::lessThan(left, right);
}

bool CredentialFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_foldedText.isEmpty() || sourceParent.isValid())
        return true;
    const CredentialTableModel* model = credentials();
    return model && model->matches(sourceRow, m_foldedText);
}

} // namespace cm::ui
