#include "RotateKeyDialog.h"

#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "widgets/DialogHelpers.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace cm::ui {

namespace {

// The busy cursor for as long as the rotation runs, however it ends.
class BusyCursor
{
public:
    BusyCursor() { QGuiApplication::setOverrideCursor(Qt::WaitCursor); }
    ~BusyCursor() { QGuiApplication::restoreOverrideCursor(); }
    BusyCursor(const BusyCursor&) = delete;
    BusyCursor& operator=(const BusyCursor&) = delete;
};

} // namespace

class RotateKeyDialog::Private
{
public:
    Private(RotateKeyDialog* q, StoreSession& session)
        : q(q)
        , session(session)
    { }

    void build();
    void rotate();
    void showNewKey(const SecureBuffer& hexLine, int credentials);

    RotateKeyDialog* q;
    StoreSession& session;
    bool rotated = false;

    QPushButton* start = nullptr;
    QProgressBar* progress = nullptr;
    QLabel* message = nullptr;
    QWidget* keyPanel = nullptr;
    QLineEdit* newKey = nullptr;
    QPushButton* copy = nullptr;
    QLabel* copied = nullptr;
    QPushButton* close = nullptr;
};

void RotateKeyDialog::Private::build()
{
    q->setWindowTitle(RotateKeyDialog::tr("Rotate Encryption Key"));

    QString text = RotateKeyDialog::tr(
        "Rotation generates a new encryption key and re-encrypts every credential under it in one step: if anything "
        "fails, the store keeps the current key and nothing changes.");
    text += QLatin1Char('\n') + QLatin1Char('\n');
    // The session keeps the new key in the system keychain, so it never exists only on screen.
    text += RotateKeyDialog::tr("The new key is kept in the system keychain (replacing the current one there). "
                                "Afterwards, platform services that read this store, and every place where "
                                "CREDENTIAL_ENCRYPTION_KEY holds the current key, need the new key.");
    auto* explanation = new QLabel(text, q);
    explanation->setObjectName(QStringLiteral("rotationExplanation"));
    explanation->setWordWrap(true);

    progress = new QProgressBar(q);
    progress->setObjectName(QStringLiteral("rotationProgress"));
    progress->setRange(0, 0);
    progress->setTextVisible(false);
    progress->setAccessibleName(RotateKeyDialog::tr("Re-encrypting the credentials"));
    progress->hide();

    message = new QLabel(q);
    message->setObjectName(QStringLiteral("rotationMessage"));
    message->setAccessibleName(RotateKeyDialog::tr("Rotation result"));
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    keyPanel = new QWidget(q);
    newKey = new QLineEdit(keyPanel);
    newKey->setObjectName(QStringLiteral("newKey"));
    newKey->setReadOnly(true);
    fitKeyText(newKey);
    newKey->setAccessibleName(RotateKeyDialog::tr("New encryption key"));
    auto* newKeyLabel = new QLabel(RotateKeyDialog::tr("&New key:"), keyPanel);
    newKeyLabel->setBuddy(newKey);
    copy = new QPushButton(RotateKeyDialog::tr("&Copy Key"), keyPanel);
    copy->setObjectName(QStringLiteral("copyNewKey"));
    copy->setAccessibleName(RotateKeyDialog::tr("Copy the new key to the clipboard"));
    copied = new QLabel(RotateKeyDialog::tr("The key is on the clipboard; it is cleared from there in 30 seconds."),
                        keyPanel);
    copied->setObjectName(QStringLiteral("newKeyCopied"));
    // Keeps its place while hidden: the dialog must not jump when the key is copied.
    QSizePolicy copiedPolicy = copied->sizePolicy();
    copiedPolicy.setRetainSizeWhenHidden(true);
    copied->setSizePolicy(copiedPolicy);
    copied->hide();
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(newKey, 1);
    keyRow->addWidget(copy);
    auto* keyLayout = new QVBoxLayout(keyPanel);
    keyLayout->setContentsMargins(0, 0, 0, 0);
    keyLayout->addWidget(newKeyLabel);
    keyLayout->addLayout(keyRow);
    keyLayout->addWidget(copied);
    keyPanel->hide();

    auto* buttons = new QDialogButtonBox(q);
    start = buttons->addButton(RotateKeyDialog::tr("Rotate Now"), QDialogButtonBox::ActionRole);
    start->setObjectName(QStringLiteral("startRotation"));
    start->setAccessibleName(RotateKeyDialog::tr("Rotate the encryption key now"));
    close = buttons->addButton(QDialogButtonBox::Close);

    if (!session.canWrite()) {
        start->setEnabled(false);
        message->setText(session.keyProblem());
    } else if (!session.storeExists()) {
        start->setEnabled(false);
        message->setText(RotateKeyDialog::tr("There are no credentials to re-encrypt yet."));
    }

    auto* layout = new QVBoxLayout(q);
    layout->addWidget(explanation);
    layout->addWidget(progress);
    layout->addWidget(message);
    layout->addWidget(keyPanel);
    layout->addStretch(1);
    layout->addWidget(buttons);

    QObject::connect(start, &QPushButton::clicked, q, [this] { rotate(); });
    QObject::connect(copy, &QPushButton::clicked, q, [this] {
        copySecret(newKey);
        copied->show();
    });
    // Close reports whether the key changed; Escape always means "nothing more to do here".
    QObject::connect(close, &QPushButton::clicked, q,
                     [this] { q->done(rotated ? QDialog::Accepted : QDialog::Rejected); });

    QWidget::setTabOrder(start, newKey);
    QWidget::setTabOrder(newKey, copy);
    QWidget::setTabOrder(copy, close);
    if (start->isEnabled())
        start->setFocus();
    else
        close->setFocus();
}

void RotateKeyDialog::Private::rotate()
{
    MasterKey next = MasterKey::generate();
    // Taken before the key moves into the session: the only copy this dialog can show.
    const SecureBuffer hexLine = next.toHexLine();

    start->setEnabled(false);
    close->setEnabled(false);
    message->setText(RotateKeyDialog::tr("Re-encrypting the credentials..."));
    progress->show();
    Result<int> result = [&] {
        BusyCursor busy;
        // The rotation runs on this thread: let the progress bar and the message paint first.
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
        return session.rotateKey(std::move(next));
    }();
    progress->hide();
    close->setEnabled(true);

    if (!result) {
        start->setEnabled(true);
        message->setText(result.error().message);
        growToFit(q);
        start->setFocus();
        return;
    }
    rotated = true;
    showNewKey(hexLine, result.value());
}

void RotateKeyDialog::Private::showNewKey(const SecureBuffer& hexLine, int credentials)
{
    newKey->setText(QString::fromLatin1(hexLine.view().first(qsizetype(MasterKey::HexLength))));

    QString done = RotateKeyDialog::tr("%n credential(s) re-encrypted under the new key.", nullptr, credentials);
    done += QLatin1Char(' ');
    done += RotateKeyDialog::tr("The system keychain now holds the new key. Update CREDENTIAL_ENCRYPTION_KEY "
                                "wherever the old key was used.");
    message->setText(done);

    start->hide();
    keyPanel->show();
    growToFit(q);
    copy->setFocus();
}

RotateKeyDialog::RotateKeyDialog(StoreSession& session, QWidget* parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(this, session))
{
    d->build();
}

RotateKeyDialog::~RotateKeyDialog()
{
    // The child widgets still exist here; QWidget deletes them after this body. Overwrites the
    // last copy Qt kept of the key's text (best effort: see cm::wipe).
    QString text = d->newKey->text();
    d->newKey->setText(QString());
    wipe(text);
}

} // namespace cm::ui
