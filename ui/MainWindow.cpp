#include "MainWindow.h"

#include "LanguageSetting.h"
#include "StoreSession.h"
#include "crypto/SecureBuffer.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/CredentialDialog.h"
#include "dialogs/KeySetupDialog.h"
#include "dialogs/OpenStoreDialog.h"
#include "dialogs/RotateKeyDialog.h"
#include "i18n/Translations.h"
#include "models/CredentialFilterModel.h"
#include "models/CredentialTableModel.h"
#include "store/SqlDialect.h"
#include "widgets/MessageBox.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace cm::ui {

namespace {
const QString GeometryKey = QStringLiteral("mainWindow/geometry");
const QString StateKey = QStringLiteral("mainWindow/state");
const QString HeaderKey = QStringLiteral("mainWindow/tableHeader");
} // namespace

MainWindow::MainWindow(StoreSession& session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_model(new CredentialTableModel(this))
    , m_filter(new CredentialFilterModel(this))
{
    setWindowTitle(tr("Credential Management"));
    setObjectName(QStringLiteral("mainWindow"));
    m_filter->setSourceModel(m_model);

    m_addAction = new QAction(QIcon::fromTheme(QStringLiteral("list-add"), style()->standardIcon(QStyle::SP_FileIcon)),
                              tr("&Add Credential"), this);
    m_addAction->setObjectName(QStringLiteral("addCredentialAction"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add Credential (%1)").arg(QKeySequence(QKeySequence::New).toString()));
    connect(m_addAction, &QAction::triggered, this, &MainWindow::addCredential);

    m_setUpKeyAction = new QAction(tr("Set Up &Key..."), this);
    m_setUpKeyAction->setObjectName(QStringLiteral("setUpKeyAction"));
    connect(m_setUpKeyAction, &QAction::triggered, this, &MainWindow::setUpKey);

    m_rotateAction = new QAction(tr("&Rotate Encryption Key..."), this);
    m_rotateAction->setObjectName(QStringLiteral("rotateKeyAction"));
    connect(m_rotateAction, &QAction::triggered, this, &MainWindow::rotateKey);

    auto* openStoreAction = new QAction(
        QIcon::fromTheme(QStringLiteral("document-open"), style()->standardIcon(QStyle::SP_DialogOpenButton)),
        tr("&Open Store..."), this);
    openStoreAction->setObjectName(QStringLiteral("openStoreAction"));
    openStoreAction->setShortcut(QKeySequence::Open);
    connect(openStoreAction, &QAction::triggered, this, &MainWindow::chooseStore);

    // Menus make every action reachable from the keyboard (Alt+C, Alt+K); the toolbar is for the mouse.
    QMenu* credentialsMenu = menuBar()->addMenu(tr("&Credentials"));
    credentialsMenu->addAction(m_addAction);
    credentialsMenu->addSeparator();
    credentialsMenu->addAction(openStoreAction);
    QMenu* keyMenu = menuBar()->addMenu(tr("&Key"));
    keyMenu->addAction(m_setUpKeyAction);
    keyMenu->addAction(m_rotateAction);
    addLanguageMenu(menuBar()->addMenu(tr("&Settings")));
    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction* aboutAction = helpMenu->addAction(tr("&About Credential Management"), this, [this] {
        AboutDialog about(this);
        about.exec();
    });
    aboutAction->setObjectName(QStringLiteral("aboutAction"));
    aboutAction->setMenuRole(QAction::AboutRole);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)->setMenuRole(QAction::AboutQtRole);

    QToolBar* toolBar = addToolBar(tr("Credentials"));
    toolBar->setObjectName(QStringLiteral("credentialsToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_addAction);
    toolBar->addSeparator();
    toolBar->addAction(m_rotateAction);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(
        tr("Search by name or provider (%1)").arg(QKeySequence(QKeySequence::Find).toString()));
    m_search->setAccessibleName(tr("Search credentials"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_filter, &CredentialFilterModel::setSearchText);
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });

    // The banner of the page's "Missing Encryption Key Error", also used for a wrong key.
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("keyBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    QPalette warning = m_banner->palette();
    warning.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    warning.setColor(QPalette::WindowText, QColor(0x5f, 0x21, 0x20));
    m_banner->setPalette(warning);
    m_bannerTitle = new QLabel(m_banner);
    m_bannerTitle->setObjectName(QStringLiteral("keyBannerTitle"));
    QFont bold = m_bannerTitle->font();
    bold.setBold(true);
    m_bannerTitle->setFont(bold);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setObjectName(QStringLiteral("keyBannerText"));
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Alt+K opens the Key menu; the banner's button takes Alt+U.
    auto* setUpButton = new QPushButton(tr("Set &Up Key..."), m_banner);
    setUpButton->setObjectName(QStringLiteral("setUpKeyButton"));
    connect(setUpButton, &QPushButton::clicked, this, &MainWindow::setUpKey);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    auto* bannerTexts = new QVBoxLayout;
    bannerTexts->addWidget(m_bannerTitle);
    bannerTexts->addWidget(m_bannerText);
    bannerLayout->addLayout(bannerTexts, 1);
    bannerLayout->addWidget(setUpButton, 0, Qt::AlignVCenter);
    m_banner->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("credentialTable"));
    m_table->setAccessibleName(tr("Credentials"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CredentialTableModel::NameColumn, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(CredentialTableModel::NameColumn, 260);
    m_table->setColumnWidth(CredentialTableModel::ProviderColumn, 200);
    m_table->setColumnWidth(CredentialTableModel::UpdatedColumn, 160);
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    // The page: "Click any credential row to edit its configuration".
    connect(m_table, &QTableView::clicked, this, &MainWindow::editCredential);

    m_emptyHint = new QLabel(this);
    m_emptyHint->setObjectName(QStringLiteral("emptyHint"));
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_emptyHint);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addWidget(m_search);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);
    setTabOrder(m_search, m_table);

    m_storeLabel = new QLabel(this);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    m_keyLabel = new QLabel(this);
    m_keyLabel->setObjectName(QStringLiteral("keyLabel"));
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("countLabel"));
    statusBar()->addWidget(m_storeLabel, 1);
    statusBar()->addPermanentWidget(m_keyLabel);
    statusBar()->addPermanentWidget(m_countLabel);

    connect(&m_session, &StoreSession::credentialsChanged, this, &MainWindow::refresh);
    connect(&m_session, &StoreSession::keyStateChanged, this, &MainWindow::updateKeyState);

    resize(900, 560);
    restoreSettings();
    updateKeyState();
}

MainWindow::~MainWindow() = default;

QString MainWindow::askPassword(const QString& location)
{
    // Never kept: the session holds it while the store is open, nothing writes it anywhere.
    return QInputDialog::getText(this, tr("Database Password"),
                                 tr("Password for %1:").arg(SqlDialect::displayName(location)), QLineEdit::Password);
}

void MainWindow::openStore()
{
    m_storeProblem.clear();
    Result<void> opened = m_session.open();
    if (!opened && opened.error().code == ErrorCode::PasswordNeeded) {
        QString password = askPassword(m_session.path());
        if (!password.isEmpty()) {
            m_session.setPassword(password);
            opened = m_session.open();
        }
        wipe(password);
    }
    if (!opened) {
        m_storeProblem = opened.error().message;
        MessageBox::warning(this, tr("Credential Management"), m_storeProblem);
    }
    updateKeyState();
    refresh();
}

void MainWindow::chooseStore()
{
    OpenStoreDialog dialog(m_session.path(), this);
    while (dialog.exec() == QDialog::Accepted) {
        if (openStoreAt(dialog.location()))
            return;
    }
}

bool MainWindow::openStoreAt(const QString& location)
{
    if (!SqlDialect::isDatabaseUrl(location) && !QFileInfo::exists(location)) {
        const QMessageBox::StandardButton answer = MessageBox::question(
            this, tr("Open Store"),
            tr("There is no store at %1 yet. Start a new one there? It is created with the first credential you "
               "add.")
                .arg(QDir::toNativeSeparators(location)));
        if (answer != QMessageBox::Yes)
            return false;
    }
    Result<void> switched = m_session.switchTo(location);
    if (!switched && switched.error().code == ErrorCode::PasswordNeeded) {
        QString password = askPassword(location);
        if (!password.isEmpty())
            switched = m_session.switchTo(location, password);
        wipe(password);
    }
    if (!switched) {
        MessageBox::warning(this, tr("Open Store"), switched.error().message);
        return false;
    }
    m_storeProblem.clear();
    updateKeyState();
    refresh();
    return true;
}

void MainWindow::refresh()
{
    // Keep the selected credential selected across the reload.
    QString selectedId;
    if (const QModelIndexList rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
        selectedId = rows.first().data(CredentialTableModel::IdRole).toString();

    // A store opens with its first screenful of credentials, painted at once; the rest is read
    // right after that paint. At 100,000 credentials reading them all takes about half a
    // second, and the window would show nothing until then.
    constexpr int FirstScreenful = 200;
    const bool firstScreenful = m_model->rowCount() == 0 && !m_restPending;
    const bool rest = m_restPending;
    Result<QList<CredentialSummary>> credentials = m_session.credentials(firstScreenful ? FirstScreenful : -1);
    m_restPending = firstScreenful && credentials && credentials->size() == FirstScreenful;
    if (m_restPending) // also when the window is not shown and so never painted
        QTimer::singleShot(100, this, &MainWindow::loadRest);
    if (!credentials) {
        m_storeProblem = credentials.error().message;
        m_model->setCredentials({});
        updateKeyState(); // nothing can be added to a store that cannot be read
    } else if (rest) {
        m_model->resetCredentials(std::move(credentials).value());
    } else {
        m_model->setCredentials(std::move(credentials).value());
    }

    if (const int row = m_model->rowOf(selectedId); row >= 0) {
        const QModelIndex index = m_filter->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            m_table->selectRow(index.row());
    }

    const int count = m_model->rowCount();
    m_countLabel->setText(m_restPending ? tr("Reading credentials\u2026") : tr("%n credential(s)", nullptr, count));
    m_storeLabel->setText(tr("Store: %1").arg(SqlDialect::displayName(m_session.path())));
    m_storeLabel->setToolTip(m_storeProblem);
    if (!m_storeProblem.isEmpty())
        m_emptyHint->setText(m_storeProblem);
    else if (m_session.canWrite())
        m_emptyHint->setText(tr("No credentials yet.\nClick \"Add Credential\" (%1) to add the first one.")
                                 .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    else
        m_emptyHint->setText(tr("No credentials yet. Set up the encryption key to add the first one."));
    m_stack->setCurrentWidget(count > 0 ? static_cast<QWidget*>(m_table) : m_emptyHint);
}

void MainWindow::updateKeyState()
{
    const bool ready = m_session.canWrite();
    m_addAction->setEnabled(ready && m_storeProblem.isEmpty());
    m_rotateAction->setEnabled(ready && m_session.storeExists());
    m_setUpKeyAction->setEnabled(!ready);
    m_banner->setVisible(!ready);
    switch (m_session.keyState()) {
    case StoreSession::KeyState::Ready:
        m_keyLabel->setText(tr("Key from %1").arg(m_session.keyOrigin()));
        break;
    case StoreSession::KeyState::Missing:
        // The page's words, as the banner of the missing key.
        m_bannerTitle->setText(tr("Missing Encryption Key Error"));
        m_bannerText->setText(tr("Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY. "
                                 "This is required for secure credential storage. Names and providers are shown "
                                 "read-only until a key is set up."));
        m_keyLabel->setText(tr("No encryption key"));
        break;
    case StoreSession::KeyState::Wrong:
        m_bannerTitle->setText(tr("Wrong Encryption Key"));
        m_bannerText->setText(m_session.keyProblem() + tr(" Nothing can be changed until the right key is set up."));
        m_keyLabel->setText(tr("Wrong encryption key"));
        break;
    case StoreSession::KeyState::Malformed:
        m_bannerTitle->setText(tr("Invalid Encryption Key"));
        m_bannerText->setText(m_session.keyProblem());
        m_keyLabel->setText(tr("Invalid encryption key"));
        break;
    }
    m_bannerText->setAccessibleName(m_bannerTitle->text());
}

void MainWindow::addCredential()
{
    if (!m_session.canWrite())
        return;
    CredentialDialog dialog(m_session, this);
    if (dialog.exec() != QDialog::Accepted || dialog.outcome() != CredentialDialog::Outcome::Saved)
        return;
    const CredentialSummary saved = dialog.saved();
    if (const int row = m_model->rowOf(saved.id); row >= 0)
        m_table->selectRow(m_filter->mapFromSource(m_model->index(row, 0)).row());
    if (saved.defaultEmbeddings)
        statusBar()->showMessage(tr("\"%1\" is now the default embeddings credential.").arg(saved.name), 10000);
    else
        statusBar()->showMessage(tr("Saved \"%1\".").arg(saved.name), 5000);
}

void MainWindow::editCredential(const QModelIndex& proxyIndex)
{
    if (!proxyIndex.isValid() || !m_session.canWrite())
        return;
    const QModelIndex source = m_filter->mapToSource(proxyIndex);
    const CredentialSummary summary = m_model->credentialAt(source.row());
    CredentialDialog dialog(m_session, summary, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.outcome() == CredentialDialog::Outcome::Deleted) {
        statusBar()->showMessage(tr("Deleted \"%1\".").arg(summary.name), 5000);
    } else if (dialog.outcome() == CredentialDialog::Outcome::Saved) {
        const CredentialSummary saved = dialog.saved();
        statusBar()->showMessage(saved.defaultEmbeddings && !summary.defaultEmbeddings
                                     ? tr("\"%1\" is now the default embeddings credential.").arg(saved.name)
                                     : tr("Saved \"%1\".").arg(saved.name),
                                 8000);
    }
}

void MainWindow::setUpKey()
{
    KeySetupDialog dialog(m_session, this);
    if (dialog.exec() == QDialog::Accepted)
        refresh();
}

void MainWindow::rotateKey()
{
    RotateKeyDialog dialog(m_session, this);
    dialog.exec();
}

void MainWindow::loadRest()
{
    if (m_restPending)
        refresh();
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    // Once the first screenful is painted, the rest is read (queued, so after that frame is shown).
    if (m_restPending && watched == m_table->viewport() && event->type() == QEvent::Paint)
        QMetaObject::invokeMethod(this, &MainWindow::loadRest, Qt::QueuedConnection);
    // Enter on a row opens it, like a click.
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && m_table->currentIndex().isValid()) {
            editCredential(m_table->currentIndex());
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::addLanguageMenu(QMenu* settingsMenu)
{
    // The choice applies at the next start, as in most desktop tools: every open window and
    // dialog would otherwise have to rebuild its texts.
    QMenu* languageMenu = settingsMenu->addMenu(tr("&Language"));
    auto* group = new QActionGroup(languageMenu);
    const QString saved = LanguageSetting::saved();
    QStringList choices { QString() };
    choices += Translations::available();
    for (const QString& language : choices) {
        QAction* action
            = languageMenu->addAction(language.isEmpty() ? tr("System Language") : Translations::nativeName(language));
        action->setObjectName(QStringLiteral("languageAction_")
                              + (language.isEmpty() ? QStringLiteral("system") : language));
        action->setCheckable(true);
        action->setChecked(language == saved);
        group->addAction(action);
        if (language.isEmpty())
            languageMenu->addSeparator();
        connect(action, &QAction::triggered, this, [this, language] {
            if (!LanguageSetting::save(language))
                return;
            MessageBox::information(this, tr("Language"),
                                    tr("The new language is used the next time Credential Management starts."));
        });
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::restoreSettings()
{
    // Only layout goes to QSettings: never a name, a value or a key.
    const QSettings settings;
    restoreGeometry(settings.value(GeometryKey).toByteArray());
    restoreState(settings.value(StateKey).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(HeaderKey).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(GeometryKey, saveGeometry());
    settings.setValue(StateKey, saveState());
    settings.setValue(HeaderKey, m_table->horizontalHeader()->saveState());
}

} // namespace cm::ui
