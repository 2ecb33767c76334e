#pragma once

#include <QMainWindow>

class QAction;
class QFrame;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace cm::ui {

class CredentialFilterModel;
class CredentialTableModel;
class StoreSession;

// "Credential Management": the table of credentials with search, the Add Credential action,
// the missing/wrong key banner with key set-up, key rotation, and a status bar saying where
// the store and the key are. A click on a row (or Enter) opens it for editing.
//
// Object names: addCredentialAction, aboutAction, languageAction_system, languageAction_<code>, openStoreAction,
// rotateKeyAction, setUpKeyAction, searchField, credentialTable, emptyHint, keyBanner, keyBannerTitle, keyBannerText,
// setUpKeyButton, storeLabel, keyLabel, countLabel.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(StoreSession& session, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens the session's store and shows it; a store that cannot be opened is reported.
    void openStore();

    CredentialTableModel* tableModel() const { return m_model; }
    CredentialFilterModel* filterModel() const { return m_filter; }

    // Leaves the current store for the one at `location` (see StoreSession::switchTo); a
    // location without a store yet is opened only when the user agrees to start one there.
    // Returns whether the window now shows that store.
    bool openStoreAt(const QString& location);

public Q_SLOTS:
    void addCredential();
    void chooseStore();
    void editCredential(const QModelIndex& proxyIndex);
    void setUpKey();
    void rotateKey();

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Asks for a PostgreSQL password that no other source had; empty when cancelled.
    QString askPassword(const QString& location);
    void addLanguageMenu(QMenu* settingsMenu);
    void refresh();
    // Reads the credentials after the first screenful (see refresh()).
    void loadRest();
    void updateKeyState();
    void restoreSettings();
    void saveSettings() const;

    StoreSession& m_session;
    CredentialTableModel* m_model = nullptr;
    CredentialFilterModel* m_filter = nullptr;
    QAction* m_addAction = nullptr;
    QAction* m_rotateAction = nullptr;
    QAction* m_setUpKeyAction = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_table = nullptr;
    QStackedWidget* m_stack = nullptr;
    QLabel* m_emptyHint = nullptr;
    QFrame* m_banner = nullptr;
    QLabel* m_bannerTitle = nullptr;
    QLabel* m_bannerText = nullptr;
    QLabel* m_storeLabel = nullptr;
    QLabel* m_keyLabel = nullptr;
    QLabel* m_countLabel = nullptr;
    QString m_storeProblem;
    bool m_restPending = false;
};

} // namespace cm::ui
