#include "KeySetupDialog.h"

#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "crypto/SecureBuffer.h"
#include "widgets/DialogHelpers.h"
#include "widgets/SecretLineEdit.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QStyle>
#include <QVBoxLayout>

#include <optional>

namespace cm::ui {

namespace { } // namespace

class KeySetupDialog::Private
{
public:
    Private(KeySetupDialog* q, StoreSession& session)
        : q(q)
        , session(session)
    { }

    void build();
    void choiceChanged();
    void checkPastedKey();
    void adopt();
    void showMessage(const QString& text);
    // The key the user chose, or why there is none (nullopt with an empty message: nothing
    // typed yet).
    std::optional<MasterKey> chosenKey(QString& problem) const;

    KeySetupDialog* q;
    StoreSession& session;
    QString storeKeyId;
    SecureBuffer generatedHex; // the generated key's text, kept so a failed attempt can be retried

    QRadioButton* generateChoice = nullptr;
    QRadioButton* pasteChoice = nullptr;
    QStackedWidget* pages = nullptr;
    QWidget* generatePage = nullptr;
    QWidget* pastePage = nullptr;
    QLineEdit* generated = nullptr;
    QPushButton* copy = nullptr;
    QLabel* copied = nullptr;
    SecretLineEdit* pasted = nullptr;
    QLabel* message = nullptr;
    QPushButton* acceptButton = nullptr;
};

void KeySetupDialog::Private::build()
{
    q->setWindowTitle(KeySetupDialog::tr("Set Up Encryption Key"));
    storeKeyId = session.storeKeyId();
    const bool canGenerate = storeKeyId.isEmpty();

    const QString problem = session.keyProblem();
    auto* intro = new QLabel(q);
    intro->setObjectName(QStringLiteral("keySetupProblem"));
    intro->setWordWrap(true);
    intro->setText(problem.isEmpty() ? KeySetupDialog::tr("No encryption key is configured for this store.") : problem);
    auto* explanation = new QLabel(
        canGenerate
            ? KeySetupDialog::tr("Credentials are encrypted with a key that comes from CREDENTIAL_ENCRYPTION_KEY or "
                                 "from the system keychain. Generate a new key, or use the key your platform "
                                 "services already have; it is kept in the system keychain of this computer.")
            : KeySetupDialog::tr("This store is encrypted with a key that has to come from CREDENTIAL_ENCRYPTION_KEY "
                                 "or from the system keychain. Paste the key it was created with; it is checked "
                                 "against the store and kept in the system keychain of this computer."),
        q);
    explanation->setWordWrap(true);

    generateChoice = new QRadioButton(KeySetupDialog::tr("&Generate a new key"), q);
    generateChoice->setObjectName(QStringLiteral("generateKey"));
    generateChoice->setAccessibleName(KeySetupDialog::tr("Generate a new key"));
    pasteChoice = new QRadioButton(KeySetupDialog::tr("&Use an existing key"), q);
    pasteChoice->setObjectName(QStringLiteral("pasteKey"));
    pasteChoice->setAccessibleName(KeySetupDialog::tr("Use an existing key"));
    auto* choices = new QButtonGroup(q);
    choices->addButton(generateChoice);
    choices->addButton(pasteChoice);

    // Generate page: the key, shown once, and what the administrator has to do with it.
    generatePage = new QWidget(q);
    generated = new QLineEdit(generatePage);
    generated->setObjectName(QStringLiteral("generatedKey"));
    generated->setReadOnly(true);
    fitKeyText(generated);
    generated->setAccessibleName(KeySetupDialog::tr("Generated key"));
    auto* generatedLabel = new QLabel(KeySetupDialog::tr("&New key:"), generatePage);
    generatedLabel->setBuddy(generated);
    copy = new QPushButton(KeySetupDialog::tr("&Copy Key"), generatePage);
    copy->setObjectName(QStringLiteral("copyKey"));
    copy->setAccessibleName(KeySetupDialog::tr("Copy the generated key to the clipboard"));
    copied = new QLabel(KeySetupDialog::tr("The key is on the clipboard; it is cleared from there in 30 seconds."),
                        generatePage);
    copied->setObjectName(QStringLiteral("keyCopied"));
    // Keeps its place while hidden: the dialog must not jump when the key is copied.
    QSizePolicy copiedPolicy = copied->sizePolicy();
    copiedPolicy.setRetainSizeWhenHidden(true);
    copied->setSizePolicy(copiedPolicy);
    copied->hide();
    auto* keyWarning = new QLabel(
        KeySetupDialog::tr("Platform services that read this store need this key in CREDENTIAL_ENCRYPTION_KEY. "
                           "Keep a copy in a safe place: a lost key cannot be recovered, and neither can the "
                           "credentials encrypted with it."),
        generatePage);
    keyWarning->setObjectName(QStringLiteral("generatedKeyWarning"));
    keyWarning->setWordWrap(true);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(generated, 1);
    keyRow->addWidget(copy);
    auto* generateLayout = new QVBoxLayout(generatePage);
    generateLayout->setContentsMargins(0, 0, 0, 0);
    generateLayout->addWidget(generatedLabel);
    generateLayout->addLayout(keyRow);
    generateLayout->addWidget(copied);
    generateLayout->addWidget(keyWarning);
    generateLayout->addStretch(1);

    // Paste page.
    pastePage = new QWidget(q);
    pasted = new SecretLineEdit(pastePage);
    pasted->setObjectName(QStringLiteral("pastedKey"));
    fitKeyText(pasted, pasted->style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, pasted) * 2);
    pasted->setAccessibleName(KeySetupDialog::tr("Existing encryption key"));
    pasted->setPlaceholderText(KeySetupDialog::tr("64 hexadecimal characters or 44 characters of base64"));
    auto* pastedLabel = new QLabel(KeySetupDialog::tr("Encryption &key:"), pastePage);
    pastedLabel->setBuddy(pasted);
    auto* pasteLayout = new QVBoxLayout(pastePage);
    pasteLayout->setContentsMargins(0, 0, 0, 0);
    pasteLayout->addWidget(pastedLabel);
    pasteLayout->addWidget(pasted);
    pasteLayout->addStretch(1);

    pages = new QStackedWidget(q);
    pages->addWidget(generatePage);
    pages->addWidget(pastePage);

    message = new QLabel(q);
    message->setObjectName(QStringLiteral("keyMessage"));
    message->setAccessibleName(KeySetupDialog::tr("Key problem"));
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message->hide();

    auto* buttons = new QDialogButtonBox(q);
    acceptButton = buttons->addButton(KeySetupDialog::tr("Keep in Keychain"), QDialogButtonBox::AcceptRole);
    acceptButton->setObjectName(QStringLiteral("keySetupAccept"));
    acceptButton->setAccessibleName(KeySetupDialog::tr("Keep the key in the system keychain"));
    acceptButton->setDefault(true);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);

    auto* layout = new QVBoxLayout(q);
    layout->addWidget(intro);
    layout->addWidget(explanation);
    layout->addWidget(generateChoice, 0, Qt::AlignLeft);
    layout->addWidget(pasteChoice, 0, Qt::AlignLeft);
    layout->addWidget(pages);
    layout->addWidget(message);
    layout->addStretch(1);
    layout->addWidget(buttons);

    if (canGenerate) {
        // One key per dialog: switching back and forth must not replace a key already copied.
        generatedHex = MasterKey::generate().toHexLine();
        generated->setText(QString::fromLatin1(generatedHex.view().first(qsizetype(MasterKey::HexLength))));
        generateChoice->setChecked(true);
    } else {
        generateChoice->setEnabled(false);
        generateChoice->setToolTip(KeySetupDialog::tr(
            "This store already has a key; generating another would not open it. Use the key it was created with."));
        pasteChoice->setChecked(true);
    }

    QObject::connect(choices, &QButtonGroup::buttonToggled, q, [this](QAbstractButton*, bool on) {
        if (on)
            choiceChanged();
    });
    QObject::connect(copy, &QPushButton::clicked, q, [this] {
        copySecret(generated);
        copied->show();
    });
    QObject::connect(pasted, &QLineEdit::textChanged, q, [this] { checkPastedKey(); });
    QObject::connect(acceptButton, &QPushButton::clicked, q, [this] { adopt(); });
    QObject::connect(buttons, &QDialogButtonBox::rejected, q, &QDialog::reject);

    QWidget::setTabOrder(generateChoice, pasteChoice);
    QWidget::setTabOrder(pasteChoice, generated);
    QWidget::setTabOrder(generated, copy);
    QWidget::setTabOrder(copy, pasted);
    QWidget::setTabOrder(pasted, acceptButton);
    QWidget::setTabOrder(acceptButton, cancel);

    choiceChanged();
}

void KeySetupDialog::Private::choiceChanged()
{
    const bool generate = generateChoice->isChecked();
    pages->setCurrentWidget(generate ? generatePage : pastePage);
    if (generate) {
        showMessage(QString());
        acceptButton->setEnabled(true);
    } else {
        checkPastedKey();
        pasted->setFocus();
    }
}

std::optional<MasterKey> KeySetupDialog::Private::chosenKey(QString& problem) const
{
    problem.clear();
    if (generateChoice->isChecked()) {
        Result<MasterKey> key = MasterKey::parse(generatedHex.view(), KeySetupDialog::tr("the generated text"));
        if (!key) {
            problem = key.error().message;
            return std::nullopt;
        }
        return std::move(key).value();
    }

    // The line edit's own string is shared and cannot be wiped here; this copy can.
    QByteArray bytes = pasted->text().toLatin1();
    if (QByteArrayView(bytes).trimmed().isEmpty()) {
        wipe(bytes);
        return std::nullopt;
    }
    Result<MasterKey> key = MasterKey::parse(bytes, KeySetupDialog::tr("the pasted text"));
    wipe(bytes);
    if (!key) {
        problem = key.error().message;
        return std::nullopt;
    }
    if (!storeKeyId.isEmpty() && key->keyId() != storeKeyId) {
        problem = KeySetupDialog::tr("The pasted key does not match this store (the store expects key id %1); paste "
                                     "the key this store was created with.")
                      .arg(storeKeyId);
        return std::nullopt;
    }
    return std::move(key).value();
}

void KeySetupDialog::Private::checkPastedKey()
{
    if (!pasteChoice->isChecked())
        return;
    QString problem;
    const bool usable = chosenKey(problem).has_value();
    showMessage(problem);
    acceptButton->setEnabled(usable);
}

void KeySetupDialog::Private::adopt()
{
    QString problem;
    std::optional<MasterKey> key = chosenKey(problem);
    if (!key) {
        showMessage(problem.isEmpty() ? KeySetupDialog::tr("Paste the encryption key first.") : problem);
        return;
    }
    Result<void> adopted = session.adoptKey(std::move(*key));
    if (!adopted) {
        // A failure after the store was created binds it to this key (e.g. the keychain
        // refused it): later checks must hold pasted keys against that.
        storeKeyId = session.storeKeyId();
        showMessage(adopted.error().message);
        return;
    }
    showMessage(QString());
    wipeLineEdit(pasted);
    q->accept();
}

void KeySetupDialog::Private::showMessage(const QString& text)
{
    message->setText(text);
    message->setVisible(!text.isEmpty());
    if (q->isVisible())
        growToFit(q);
}

KeySetupDialog::KeySetupDialog(StoreSession& session, QWidget* parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(this, session))
{
    d->build();
}

KeySetupDialog::~KeySetupDialog()
{
    // The line edits hold the only QString copies of key text this dialog made; the child
    // widgets still exist here (QWidget deletes them after this body).
    wipeLineEdit(d->generated);
    wipeLineEdit(d->pasted);
}

} // namespace cm::ui
