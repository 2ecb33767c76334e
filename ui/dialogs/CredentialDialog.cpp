#include "CredentialDialog.h"

#include "StoreSession.h"
#include "dialogs/DeleteConfirmationDialog.h"
#include "network/ConnectionTester.h"
#include "registry/CredentialValidator.h"
#include "registry/ProviderRegistry.h"
#include "widgets/MessageBox.h"
#include "widgets/SecretLineEdit.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <limits>
#include <vector>

namespace cm::ui {

namespace {

const QString RequiredMark = QStringLiteral(" *");

// Enter on a form that cannot be saved yet: instead of doing nothing, show every problem.
class EnterFilter : public QObject
{
public:
    EnterFilter(std::function<bool()> handler, QObject* parent)
        : QObject(parent)
        , m_handler(std::move(handler))
    { }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const auto* key = static_cast<QKeyEvent*>(event);
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
                && (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier)
                return m_handler();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<bool()> m_handler;
};

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

void styleAsProblem(QLabel* label)
{
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, isDark(palette) ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28));
    label->setPalette(palette);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void styleAsHint(QLabel* label)
{
    label->setForegroundRole(QPalette::PlaceholderText);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setWordWrap(true);
}

QString escapedMnemonic(QString text)
{
    return text.replace(QLatin1Char('&'), QLatin1String("&&"));
}

} // namespace

class CredentialDialog::Private
{
public:
    struct FieldRow
    {
        const FieldSpec* spec = nullptr;
        QLineEdit* edit = nullptr;
        QLabel* problem = nullptr;
        bool touched = false;
    };

    Private(CredentialDialog* dialog, StoreSession& storeSession)
        : q(dialog)
        , session(storeSession)
    { }

    void buildForm();
    void selectProvider(const QString& providerId);
    void rebuildFields(const FieldValues& carried, const QSet<QString>& carriedTouched);
    void fixTabOrder();
    void fitHeight(bool shrink);
    void loadForEditing();
    void setFieldValues(const FieldValues& values);
    FieldValues typedValues() const;
    void clearSecrets();

    void refresh();
    void refreshPlaceholders();
    bool revealProblems();
    void showStoreMessage(const QString& message);
    QString humanTemplate(const QString& text) const;

    void save();
    void requestDelete();
    void checkStillCurrent();
    void offerOtherVersion();
    void showTypedVersion(const QString& typedName, const FieldValues& typed);

    bool canTest() const;
    void toggleTest();
    void showTestResult(const ConnectionTestResult& result);
    void dropTestResult();
    void discardTest(); // stops a running test whose result nobody wants any more
    void showTestIdle();

    CredentialDialog* q;
    StoreSession& session;
    bool editing = false;
    CredentialSummary summary; // edit mode: the credential as last read
    const ProviderSpec* provider = nullptr;
    bool blocked = false; // the credential could not be read: nothing can be saved
    bool writing = false; // a save or delete of this dialog is under way

    QLabel* storeMessage = nullptr;
    QFormLayout* form = nullptr;
    int firstFieldRow = 0;
    QLineEdit* name = nullptr;
    QLabel* nameProblem = nullptr;
    bool nameTouched = false;
    QComboBox* providerBox = nullptr;
    std::vector<FieldRow> fields;
    QDialogButtonBox* buttons = nullptr;
    QPushButton* saveButton = nullptr;
    QPushButton* deleteButton = nullptr;
    QGroupBox* typedVersion = nullptr; // what was typed before the other version was loaded
    QPushButton* testButton = nullptr;
    QProgressBar* testProgress = nullptr;
    QLabel* testResult = nullptr;
    QPushButton* useSuggestion = nullptr; // takes the endpoint a test found working
    QString suggestedEndpoint;
    int discardedResults = 0; // results of tests cancelled because the form changed
    ConnectionTester* tester = nullptr;

    // Set while the dialog itself fills in values, which does not count as the user touching them.
    bool populating = false;

    Outcome outcome = Outcome::None;
    CredentialSummary savedSummary;
};

void CredentialDialog::Private::buildForm()
{
    q->setMinimumWidth(520);

    storeMessage = new QLabel(q);
    storeMessage->setObjectName(QStringLiteral("storeMessage"));
    storeMessage->setWordWrap(true);
    storeMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    storeMessage->setFrameShape(QFrame::StyledPanel);
    storeMessage->setMargin(6);
    storeMessage->setAutoFillBackground(true);
    QPalette warning = storeMessage->palette();
    warning.setColor(QPalette::Window, QColor(0xfd, 0xec, 0xea));
    warning.setColor(QPalette::WindowText, QColor(0x5f, 0x21, 0x20));
    storeMessage->setPalette(warning);
    storeMessage->hide();

    form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);

    auto* nameLabel = new QLabel(CredentialDialog::tr("&Name") + RequiredMark, q);
    nameLabel->setObjectName(QStringLiteral("label_name"));
    name = new QLineEdit(q);
    name->setObjectName(QStringLiteral("credentialName"));
    name->setAccessibleName(CredentialDialog::tr("Name"));
    name->setAccessibleDescription(CredentialDialog::tr("Required. A name that identifies this credential."));
    name->setPlaceholderText(CredentialDialog::tr("A name that identifies this credential"));
    nameLabel->setBuddy(name);
    nameProblem = new QLabel(q);
    nameProblem->setObjectName(QStringLiteral("problem_name"));
    styleAsProblem(nameProblem);
    nameProblem->hide();
    auto* nameBox = new QWidget(q);
    auto* nameLayout = new QVBoxLayout(nameBox);
    nameLayout->setContentsMargins(0, 0, 0, 0);
    nameLayout->setSpacing(2);
    nameLayout->addWidget(name);
    nameLayout->addWidget(nameProblem);
    form->addRow(nameLabel, nameBox);
    QObject::connect(name, &QLineEdit::textChanged, q, [this] {
        if (!populating)
            nameTouched = true;
        refresh();
    });

    auto* providerLabel = new QLabel(CredentialDialog::tr("&Provider"), q);
    providerLabel->setObjectName(QStringLiteral("label_provider"));
    providerBox = new QComboBox(q);
    providerBox->setObjectName(QStringLiteral("providerBox"));
    providerBox->setAccessibleName(CredentialDialog::tr("Provider"));
    for (const ProviderSpec& spec : ProviderRegistry::builtin().providers())
        providerBox->addItem(spec.name, spec.id);
    providerLabel->setBuddy(providerBox);
    form->addRow(providerLabel, providerBox);
    firstFieldRow = form->rowCount();

    auto* requiredNote = new QLabel(CredentialDialog::tr("Fields marked * are required."), q);
    requiredNote->setObjectName(QStringLiteral("requiredNote"));
    styleAsHint(requiredNote);

    buttons = new QDialogButtonBox(q);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    saveButton = buttons->addButton(QDialogButtonBox::Save);
    saveButton->setObjectName(QStringLiteral("saveButton"));
    saveButton->setDefault(true);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAutoDefault(false);
    if (editing) {
        deleteButton = buttons->addButton(CredentialDialog::tr("&Delete..."), QDialogButtonBox::DestructiveRole);
        deleteButton->setObjectName(QStringLiteral("deleteButton"));
        deleteButton->setIcon(
            QIcon::fromTheme(QStringLiteral("edit-delete"), q->style()->standardIcon(QStyle::SP_TrashIcon)));
        deleteButton->setAutoDefault(false);
        deleteButton->setToolTip(CredentialDialog::tr("Permanently remove this credential"));
        QObject::connect(deleteButton, &QPushButton::clicked, q, [this] { requestDelete(); });
    }
    // Apart from the dialog's own buttons: it checks the form, it does not close the dialog.
    testButton = new QPushButton(CredentialDialog::tr("&Test Connection"), q);
    testButton->setObjectName(QStringLiteral("testConnectionButton"));
    testButton->setAutoDefault(false);
    testButton->setToolTip(CredentialDialog::tr("Check the values as typed against the provider, with a request "
                                                "that costs nothing"));
    QObject::connect(testButton, &QPushButton::clicked, q, [this] { toggleTest(); });

    testProgress = new QProgressBar(q);
    testProgress->setObjectName(QStringLiteral("testProgress"));
    testProgress->setRange(0, 0); // busy: how long a provider takes is unknown
    testProgress->setTextVisible(false);
    testProgress->setMaximumHeight(q->fontMetrics().height() / 2);
    testProgress->hide();
    testResult = new QLabel(q);
    testResult->setObjectName(QStringLiteral("testResult"));
    testResult->setAccessibleName(CredentialDialog::tr("Connection test result"));
    testResult->setTextFormat(Qt::PlainText); // provider messages are shown, never interpreted
    testResult->setWordWrap(true);
    testResult->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    testResult->hide();

    useSuggestion = new QPushButton(CredentialDialog::tr("&Use Suggested Endpoint"), q);
    useSuggestion->setObjectName(QStringLiteral("useSuggestedEndpoint"));
    useSuggestion->setAutoDefault(false);
    useSuggestion->hide();
    QObject::connect(useSuggestion, &QPushButton::clicked, q, [this] {
        const QString endpoint = suggestedEndpoint;
        for (const FieldRow& row : fields) {
            if (row.spec->key == provider->probe.baseField()) {
                row.edit->setText(endpoint); // counts as typed: the old result goes
                row.edit->setFocus(Qt::OtherFocusReason);
            }
        }
    });

    tester = new ConnectionTester(q);
    QObject::connect(tester, &ConnectionTester::progress, q, [this](const QString& step) {
        testResult->setText(step);
        testResult->setPalette(q->palette());
        testResult->show();
    });
    QObject::connect(tester, &ConnectionTester::finished, q, [this](const ConnectionTestResult& result) {
        if (discardedResults > 0) {
            --discardedResults; // the form changed or the dialog closed while it ran
            return;
        }
        showTestResult(result);
    });

    QObject::connect(buttons, &QDialogButtonBox::accepted, q, [this] { save(); });
    QObject::connect(buttons, &QDialogButtonBox::rejected, q, &QDialog::reject);

    auto* layout = new QVBoxLayout(q);
    layout->addWidget(storeMessage);
    layout->addLayout(form);
    layout->addWidget(requiredNote);
    layout->addStretch(1);
    layout->addWidget(testProgress);
    layout->addWidget(testResult);
    layout->addWidget(useSuggestion, 0, Qt::AlignLeft);
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(testButton);
    buttonRow->addStretch(1);
    buttonRow->addWidget(buttons);
    layout->addLayout(buttonRow);

    q->installEventFilter(new EnterFilter([this] { return revealProblems(); }, q));
}

void CredentialDialog::Private::selectProvider(const QString& providerId)
{
    const int index = providerBox->findData(providerId);
    if (index >= 0) {
        const QSignalBlocker blocker(providerBox);
        providerBox->setCurrentIndex(index);
    } else {
        // A provider this version does not know: show it, but there is no form to fill in.
        const QSignalBlocker blocker(providerBox);
        providerBox->addItem(providerId, providerId);
        providerBox->setCurrentIndex(providerBox->count() - 1);
    }
    provider = ProviderRegistry::builtin().provider(providerId);
    rebuildFields({}, {});
}

void CredentialDialog::Private::rebuildFields(const FieldValues& carried, const QSet<QString>& carriedTouched)
{
    if (testResult)
        dropTestResult();
    clearSecrets();
    while (form->rowCount() > firstFieldRow)
        form->removeRow(form->rowCount() - 1);
    fields.clear();

    if (provider) {
        const bool wasPopulating = populating;
        populating = true;
        for (const FieldSpec& spec : provider->fields) {
            FieldRow row;
            row.spec = &spec;

            const QString labelText = escapedMnemonic(spec.label) + (spec.required ? RequiredMark : QString());
            auto* label = new QLabel(labelText, q);
            label->setObjectName(QLatin1String("label_") + spec.key);

            row.edit = spec.isSecret() ? new SecretLineEdit(q) : new QLineEdit(q);
            // Values have no length limit, and a line edit cuts text at 32,767 characters unless
            // told otherwise: a longer stored value would be saved back cut short.
            row.edit->setMaxLength(std::numeric_limits<int>::max());
            row.edit->setObjectName(QLatin1String("field_") + spec.key);
            row.edit->setAccessibleName(spec.label);
            row.edit->setToolTip(spec.help);
            label->setBuddy(row.edit);

            row.problem = new QLabel(q);
            row.problem->setObjectName(QLatin1String("problem_") + spec.key);
            styleAsProblem(row.problem);
            row.problem->hide();

            auto* box = new QWidget(q);
            auto* boxLayout = new QVBoxLayout(box);
            boxLayout->setContentsMargins(0, 0, 0, 0);
            boxLayout->setSpacing(2);
            boxLayout->addWidget(row.edit);
            boxLayout->addWidget(row.problem);
            if (!spec.help.isEmpty()) {
                auto* help = new QLabel(humanTemplate(spec.help), q);
                help->setObjectName(QLatin1String("help_") + spec.key);
                styleAsHint(help);
                boxLayout->addWidget(help);
            }
            form->addRow(label, box);
            // On a dialog already on screen the layout would show them only from the event loop.
            label->show();
            box->show();

            // Values typed for another provider come along only where this provider has no default
            // of its own: an endpoint typed for one service must not silently replace another's.
            if (carried.contains(spec.key) && !spec.defaultValue) {
                row.edit->setText(carried.value(spec.key));
                row.touched = carriedTouched.contains(spec.key);
            } else if (!editing && spec.required && spec.defaultValue) {
                row.edit->setText(*spec.defaultValue);
            }

            QLineEdit* edit = row.edit;
            QObject::connect(edit, &QLineEdit::textChanged, q, [this, edit] {
                if (!populating) {
                    for (FieldRow& field : fields) {
                        if (field.edit == edit)
                            field.touched = true;
                    }
                    dropTestResult();
                }
                refresh();
            });
            fields.push_back(row);
        }
        populating = wasPopulating;
    }
    fixTabOrder();
    refresh();
    fitHeight(true);
}

void CredentialDialog::Private::fitHeight(bool shrink)
{
    // The wrapped help and problem texts need the height for the current width, which a window
    // does not take by itself when fields or messages come and go.
    if (!q->isVisible())
        return;
    q->layout()->activate();
    int height = q->heightForWidth(q->width());
    if (height <= 0)
        height = q->sizeHint().height();
    if (shrink || height > q->height())
        q->resize(q->width(), height);
}

void CredentialDialog::Private::fixTabOrder()
{
    // New field widgets join the end of the focus chain, after the buttons: put them back in form order.
    QWidget* previous = providerBox;
    QWidget::setTabOrder(name, providerBox);
    for (const FieldRow& row : fields) {
        QWidget::setTabOrder(previous, row.edit);
        previous = row.edit;
    }
    // Test Connection stands left of the dialog's buttons, so it comes first after the form.
    QWidget::setTabOrder(previous, testButton);
}

void CredentialDialog::Private::loadForEditing()
{
    Result<Credential> credential = session.read(summary.id);
    if (credential) {
        summary = credential->summary;
        populating = true;
        name->setText(summary.name);
        populating = false;
        selectProvider(summary.provider);
        setFieldValues(credential->fields);
        name->setFocus();
        return;
    }

    populating = true;
    name->setText(summary.name);
    populating = false;
    selectProvider(summary.provider);
    showStoreMessage(credential.error().message);
    if (credential.error().code == ErrorCode::Corrupt) {
        // Tampered or damaged: the form opens empty and the values are entered again.
        if (!fields.empty())
            fields.front().edit->setFocus();
        return;
    }
    blocked = true;
    name->setEnabled(false);
    for (const FieldRow& row : fields)
        row.edit->setEnabled(false);
    refresh();
}

void CredentialDialog::Private::setFieldValues(const FieldValues& values)
{
    populating = true;
    for (const FieldRow& row : fields)
        row.edit->setText(values.value(row.spec->key));
    populating = false;
    refresh();
}

FieldValues CredentialDialog::Private::typedValues() const
{
    FieldValues values;
    for (const FieldRow& row : fields)
        values.insert(row.spec->key, row.edit->text());
    return values;
}

void CredentialDialog::Private::clearSecrets()
{
    if (typedVersion) {
        for (QLineEdit* edit : typedVersion->findChildren<QLineEdit*>())
            edit->clear();
    }
    // Best effort: leave no secret text behind in widgets that are about to go away.
    const bool wasPopulating = populating;
    populating = true;
    for (const FieldRow& row : fields) {
        if (row.spec->isSecret())
            row.edit->clear();
    }
    populating = wasPopulating;
}

QString CredentialDialog::Private::humanTemplate(const QString& text) const
{
    // "https://{instance_name}.openai.azure.com" reads as "https://<instance name>.openai.azure.com",
    // or with the instance name the user typed.
    QString result;
    qsizetype last = 0;
    QRegularExpressionMatchIterator matches = fieldReferencePattern().globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        const QString key = match.captured(1);
        QString replacement;
        for (const FieldRow& row : fields) {
            if (row.spec->key == key && !row.spec->isSecret())
                replacement = row.edit->text().trimmed();
        }
        if (replacement.isEmpty())
            replacement
                = QLatin1Char('<') + QString(key).replace(QLatin1Char('_'), QLatin1Char(' ')) + QLatin1Char('>');
        result += QStringView(text).mid(last, match.capturedStart() - last) + replacement;
        last = match.capturedEnd();
    }
    result += QStringView(text).mid(last);
    return result;
}

void CredentialDialog::Private::refreshPlaceholders()
{
    for (const FieldRow& row : fields) {
        QString placeholder = row.spec->placeholder;
        if (placeholder.isEmpty() && row.spec->defaultValue && !row.spec->required)
            placeholder = *row.spec->defaultValue;
        const QString text = humanTemplate(placeholder);
        if (row.edit->placeholderText() != text)
            row.edit->setPlaceholderText(text);
    }
}

void CredentialDialog::Private::refresh()
{
    bool valid = !blocked && provider != nullptr;

    const Result<QString> validName = CredentialValidator::validateName(name->text());
    const QString nameMessage = validName ? QString() : validName.error().message;
    valid = valid && validName.ok();
    bool changed = false;
    const auto show = [&changed](QLabel* label, const QString& text, bool visible) {
        changed = changed || label->text() != text || label->isHidden() == visible;
        label->setText(text);
        label->setVisible(visible);
    };
    show(nameProblem, nameMessage, nameTouched && !nameMessage.isEmpty());

    for (const FieldRow& row : fields) {
        const std::optional<QString> problem = CredentialValidator::fieldProblem(*row.spec, row.edit->text());
        valid = valid && !problem;
        const bool shown = row.touched && problem;
        show(row.problem, problem.value_or(QString()), shown);
        row.edit->setAccessibleDescription(shown ? *problem : row.spec->help);
    }

    refreshPlaceholders();
    saveButton->setEnabled(valid);
    testButton->setEnabled(tester->isRunning() || canTest());
    if (changed)
        fitHeight(false);
}

bool CredentialDialog::Private::revealProblems()
{
    if (saveButton->isEnabled() || blocked)
        return false;
    nameTouched = true;
    for (FieldRow& row : fields)
        row.touched = true;
    refresh();
    if (nameProblem->isVisibleTo(q)) {
        name->setFocus(Qt::OtherFocusReason);
        return true;
    }
    for (const FieldRow& row : fields) {
        if (row.problem->isVisibleTo(q)) {
            row.edit->setFocus(Qt::OtherFocusReason);
            break;
        }
    }
    return true;
}

void CredentialDialog::Private::showStoreMessage(const QString& message)
{
    storeMessage->setText(message);
    storeMessage->setVisible(!message.isEmpty());
    fitHeight(false);
}

void CredentialDialog::Private::save()
{
    if (revealProblems() || !saveButton->isEnabled())
        return;
    showStoreMessage(QString());

    writing = true; // the session announces our own write too: that is no change "elsewhere"
    const Result<CredentialSummary> result = editing
        ? session.update(summary.id, summary.revision, name->text(), typedValues())
        : session.create(name->text(), provider->id, typedValues());
    writing = false;
    if (!result) {
        showStoreMessage(result.error().message);
        if (result.error().code == ErrorCode::NameTaken) {
            name->setFocus(Qt::OtherFocusReason);
            name->selectAll();
        }
        if (result.error().code == ErrorCode::Conflict && editing)
            offerOtherVersion();
        return;
    }
    savedSummary = result.value();
    outcome = Outcome::Saved;
    // The main window tells the user about a new default embeddings provider; tests read this.
    q->setProperty("savedAsDefaultEmbeddings", savedSummary.defaultEmbeddings);
    q->accept();
}

void CredentialDialog::Private::offerOtherVersion()
{
    // Someone saved first. Never overwrite them silently, and never lose what was typed here.
    const QMessageBox::StandardButton answer = MessageBox::question(
        q, CredentialDialog::tr("Changed Elsewhere"),
        CredentialDialog::tr("\"%1\" was changed elsewhere since you opened it, so your changes were not saved. "
                             "Load the other version? What you typed stays shown below it for copying.")
            .arg(summary.name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return;
    const QString typedName = name->text();
    const FieldValues typed = typedValues();
    const Result<Credential> other = session.read(summary.id);
    if (!other) {
        showStoreMessage(other.error().message);
        return;
    }
    summary = other->summary;
    populating = true;
    name->setText(summary.name);
    populating = false;
    setFieldValues(other->fields);
    showTypedVersion(typedName, typed);
    showStoreMessage(CredentialDialog::tr("The other version is loaded; what you typed is shown below. Change what "
                                          "you need and save again."));
}

void CredentialDialog::Private::showTypedVersion(const QString& typedName, const FieldValues& typed)
{
    delete typedVersion;
    typedVersion = new QGroupBox(CredentialDialog::tr("Your unsaved values"), q);
    typedVersion->setObjectName(QStringLiteral("typedVersion"));
    auto* rows = new QFormLayout(typedVersion);
    const auto addRow = [&](const QString& label, const QString& key, const QString& value, bool secret) {
        QLineEdit* edit = secret ? new SecretLineEdit(typedVersion) : new QLineEdit(typedVersion);
        edit->setObjectName(QLatin1String("typed_") + key);
        edit->setReadOnly(true);
        edit->setMaxLength(std::numeric_limits<int>::max()); // shown whole, as typed
        edit->setText(value);
        edit->setAccessibleName(CredentialDialog::tr("Your unsaved %1").arg(label));
        rows->addRow(escapedMnemonic(label), edit);
    };
    addRow(CredentialDialog::tr("Name"), QStringLiteral("name"), typedName, false);
    for (const FieldRow& row : fields)
        addRow(row.spec->label, row.spec->key, typed.value(row.spec->key), row.spec->isSecret());
    auto* layout = static_cast<QVBoxLayout*>(q->layout());
    layout->insertWidget(layout->indexOf(testProgress), typedVersion);
    typedVersion->show();
    fitHeight(false);
}

void CredentialDialog::Private::requestDelete()
{
    const QString providerName = provider ? provider->name : summary.provider;
    DeleteConfirmationDialog confirmation(summary.name, providerName, q);
    if (confirmation.exec() != QDialog::Accepted)
        return;
    writing = true;
    const Result<void> removed = session.remove(summary.id, summary.revision);
    writing = false;
    if (!removed) {
        showStoreMessage(removed.error().message);
        return;
    }
    outcome = Outcome::Deleted;
    q->accept();
}

void CredentialDialog::Private::checkStillCurrent()
{
    // Another window or program changed the store while this dialog is open.
    if (blocked || writing || outcome != Outcome::None)
        return;
    const Result<QList<CredentialSummary>> all = session.credentials();
    if (!all)
        return;
    const auto found = std::find_if(all->cbegin(), all->cend(),
                                    [this](const CredentialSummary& other) { return other.id == summary.id; });
    if (found == all->cend()) {
        blocked = true;
        if (deleteButton)
            deleteButton->setEnabled(false);
        showStoreMessage(CredentialDialog::tr("\"%1\" was deleted elsewhere (in another window or program), so it "
                                              "cannot be saved; copy what you need, then close this dialog.")
                             .arg(summary.name));
        refresh();
        return;
    }
    if (found->revision != summary.revision) {
        showStoreMessage(CredentialDialog::tr("\"%1\" was changed elsewhere (in another window or program) since "
                                              "you opened it; saving now would fail. Close and open it again to see "
                                              "the other version.")
                             .arg(summary.name));
    }
}

bool CredentialDialog::Private::canTest() const
{
    // The name plays no part in a connection test: only the provider's fields must be valid.
    if (blocked || !provider)
        return false;
    for (const FieldRow& row : fields) {
        if (CredentialValidator::fieldProblem(*row.spec, row.edit->text()))
            return false;
    }
    return true;
}

void CredentialDialog::Private::toggleTest()
{
    if (tester->isRunning()) {
        tester->cancel();
        return;
    }
    if (!canTest())
        return;
    testButton->setText(CredentialDialog::tr("Cancel &Test"));
    testResult->setProperty("status", QVariant());
    testProgress->show();
    tester->start(*provider, typedValues());
    fitHeight(false);
}

void CredentialDialog::Private::discardTest()
{
    if (!tester->isRunning())
        return;
    ++discardedResults;
    tester->cancel();
    showTestIdle();
}

void CredentialDialog::Private::showTestIdle()
{
    testProgress->hide();
    testButton->setText(CredentialDialog::tr("&Test Connection"));
    testButton->setEnabled(canTest());
}

void CredentialDialog::Private::showTestResult(const ConnectionTestResult& result)
{
    showTestIdle();

    QStringList lines;
    lines.append((result.ok() ? QStringLiteral("\u2714 ") : QStringLiteral("\u2716 ")) + result.message);
    for (const QString& detail : result.details)
        lines.append(QStringLiteral("\u2022 ") + detail);
    for (const QString& warning : result.warnings)
        lines.append(CredentialDialog::tr("Warning: %1").arg(warning));
    testResult->setText(lines.join(QLatin1Char('\n')));
    testResult->setProperty("status", ConnectionTestResult::statusName(result.status));
    if (result.ok()) {
        QPalette palette = q->palette();
        palette.setColor(QPalette::WindowText, isDark(palette) ? QColor(0x7e, 0xe7, 0x87) : QColor(0x1a, 0x7f, 0x37));
        testResult->setPalette(palette);
        testResult->setWordWrap(true);
    } else {
        styleAsProblem(testResult);
        testResult->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    testResult->show();
    suggestedEndpoint = result.suggestedEndpoint;
    const FieldSpec* endpointField = provider ? provider->field(provider->probe.baseField()) : nullptr;
    useSuggestion->setVisible(!suggestedEndpoint.isEmpty() && endpointField);
    useSuggestion->setToolTip(
        endpointField ? CredentialDialog::tr("Set the %1 to %2").arg(endpointField->label, suggestedEndpoint)
                      : QString());
    fitHeight(false);
}

void CredentialDialog::Private::dropTestResult()
{
    // A result about other values than those on screen would mislead.
    if (!tester->isRunning() && testResult->isHidden() && useSuggestion->isHidden())
        return;
    discardTest();
    testResult->hide();
    testResult->clear();
    useSuggestion->hide();
    suggestedEndpoint.clear();
    testResult->setProperty("status", QVariant());
    fitHeight(true);
}

CredentialDialog::CredentialDialog(StoreSession& session, QWidget* parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(this, session))
{
    setObjectName(QStringLiteral("credentialDialog"));
    setWindowTitle(tr("Add Credential"));
    d->buildForm();
    d->selectProvider(d->providerBox->currentData().toString());
    connect(d->providerBox, &QComboBox::currentIndexChanged, this, [this] {
        const ProviderSpec* next = ProviderRegistry::builtin().provider(d->providerBox->currentData().toString());
        FieldValues carried;
        QSet<QString> touched;
        for (const Private::FieldRow& row : d->fields) {
            // A value moves only into a field of the same kind (a secret stays a secret), and a
            // default that was merely pre-filled stays behind.
            const FieldSpec* target = next ? next->field(row.spec->key) : nullptr;
            const QString value = row.edit->text();
            if (!target || target->kind != row.spec->kind || value.isEmpty()
                || (row.spec->defaultValue && value == *row.spec->defaultValue))
                continue;
            carried.insert(row.spec->key, value);
            if (row.touched)
                touched.insert(row.spec->key);
        }
        d->provider = next;
        d->rebuildFields(carried, touched);
    });
    if (!session.canWrite()) {
        // The main window does not offer Add without a key; should it happen anyway, say why.
        d->blocked = true;
        d->showStoreMessage(session.keyProblem().isEmpty() ? KeyResolver::missingKeyError().message
                                                           : session.keyProblem());
        d->refresh();
    }
    d->name->setFocus();
}

CredentialDialog::CredentialDialog(StoreSession& session, const CredentialSummary& summary, QWidget* parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(this, session))
{
    setObjectName(QStringLiteral("credentialDialog"));
    setWindowTitle(tr("Edit Credential"));
    d->editing = true;
    d->summary = summary;
    d->buildForm();
    d->providerBox->setEnabled(false);
    d->loadForEditing();
    connect(&session, &StoreSession::credentialsChanged, this, [this] { d->checkStillCurrent(); });
}

CredentialDialog::~CredentialDialog()
{
    d->clearSecrets();
}

void CredentialDialog::done(int result)
{
    // Closed, saved or deleted: a test still under way has nobody left to report to.
    d->discardTest();
    QDialog::done(result);
}

CredentialDialog::Outcome CredentialDialog::outcome() const
{
    return d->outcome;
}

CredentialSummary CredentialDialog::saved() const
{
    return d->savedSummary;
}

} // namespace cm::ui
