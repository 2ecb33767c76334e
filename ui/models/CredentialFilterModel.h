#pragma once

#include <QSortFilterProxyModel>

namespace cm::ui {

// The search over the credential table: keeps rows whose name or provider contains the
// typed text (case-insensitively), and sorts by each column's SortRole value.
class CredentialFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit CredentialFilterModel(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    QString searchText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_text;
};

} // namespace cm::ui
