#pragma once

#include <QSortFilterProxyModel>

namespace cm::ui {

class CredentialTableModel;

// The search over the credential table: keeps rows whose name or provider contains the
// typed text (case-insensitively), and sorts by each column's value (names without regard
// to case). Both ask the CredentialTableModel directly: at 100,000 rows a QVariant per
// comparison would cost a frame per keystroke.
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
    const CredentialTableModel* credentials() const;

    QString m_text;
    QString m_foldedText;
};

} // namespace cm::ui
