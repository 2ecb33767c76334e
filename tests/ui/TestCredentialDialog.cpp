// The credential dialog (issue 4, "Credential dialog"), driven through its real widgets on a
// real temporary SQLite store: a credential of every provider typed in and found in the store
// with exactly the typed values, the page's labels, validation that disables Save, masked
// secrets with a reveal toggle, store errors that keep what was typed, edit mode, and a
// tampered credential that opens empty with a request to re-enter it. Test Connection runs
// against a loopback FakeProvider that plays the provider: it tests the values as typed, shows
// the result class and sentence, runs without blocking the dialog, can be cancelled, and stops
// when the dialog closes.
//
// The key is generated per test and handed over in CREDENTIAL_ENCRYPTION_KEY, the way an
// administrator configures it; secrets are random per run and never printed.

#include "StoreSession.h"
#include "crypto/MasterKey.h"
#include "dialogs/CredentialDialog.h"
#include "keys/EnvironmentKeySource.h"
#include "network/ConnectionTester.h"
#include "store/CredentialStore.h"
#include "support/FakeProvider.h"
#include "support/FormDriving.h"
#include "support/RandomValues.h"
#include "support/ResultChecks.h"
#include "support/SecretMask.h"
#include "support/SqlConnection.h"
#include "widgets/MessageBox.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>
#include <optional>

using namespace cm;
using namespace cm::test;
using namespace cm::ui;

namespace {

const QString EmbeddingsProvider = QStringLiteral("azure-openai-embeddings");

QByteArray hexOf(const MasterKey& key)
{
    return key.toHexLine().view().first(2 * qsizetype(MasterKey::Size)).toByteArray();
}

// The credential with this name, if the store lists one.
std::optional<CredentialSummary> findByName(const StoreSession& session, const QString& name)
{
    const Result<QList<CredentialSummary>> listed = session.credentials();
    if (!listed)
        return std::nullopt;
    for (const CredentialSummary& summary : listed.value()) {
        if (summary.name == name)
            return summary;
    }
    return std::nullopt;
}

// Every secret the test types: no failure message shows one of them.
SecretMask& knownSecrets()
{
    static SecretMask secrets;
    return secrets;
}

QString secretFor(const char* tag)
{
    return knownSecrets().remember(makeSecret(tag));
}

QByteArray shown(const QString& text)
{
    return knownSecrets().printable(text);
}

QString statusOf(const QLabel* result)
{
    return result->property("status").toString();
}

} // namespace

class TestCredentialDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void addsACredentialOfEachProvider_data();
    void addsACredentialOfEachProvider();
    void showsThePagesLabels_data();
    void showsThePagesLabels();
    void requiredFieldsAndUrlsDisableSave();
    void secretsAreMaskedWithARevealToggle();
    void storeErrorKeepsWhatWasTyped();
    void editsAnExistingCredential();
    void tamperedCredentialOpensEmptyForReEntry();
    void testConnectionUsesTheTypedValuesAndSavesNothing();
    void testConnectionShowsARejectedKey();
    void testConnectionRunsInTheBackgroundAndCancels();
    void closingStopsARunningTest_data();
    void closingStopsARunningTest();
    void secondTestClearsThePreviousResult_data();
    void secondTestClearsThePreviousResult();
    void testConnectionFollowsTheFields();
    void suggestedEndpointIsOneClickAway();
    void changedElsewhereIsToldAndNotOverwritten();
    void deletedElsewhereKeepsWhatWasTyped();

private:
    QString storePath() const { return m_dir->filePath(QStringLiteral("credentials.sqlite")); }
    // An add dialog on screen, with `providerId` chosen in the provider box by keyboard.
    std::unique_ptr<CredentialDialog> openAddDialog(const QString& providerId);
    template<typename T = QLineEdit> T* child(QWidget* dialog, const QString& name) const;
    CredentialSummary seedAzure(const QString& name, const QString& apiKey);
    // The store as another program opens it (a connection of its own), and the key it uses.
    std::unique_ptr<CredentialStore> openElsewhere() const;
    std::optional<MasterKey> sessionKey() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoreSession> m_session;
};

void TestCredentialDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // Before open(): the session resolves its key there.
    qputenv(EnvironmentKeySource::VariableName, hexOf(MasterKey::generate()));
    m_session = std::make_unique<StoreSession>(storePath());
    VERIFY_OK(m_session->open());
    QCOMPARE(m_session->keyState(), StoreSession::KeyState::Ready);
}

void TestCredentialDialog::cleanup()
{
    m_session.reset();
    qunsetenv(EnvironmentKeySource::VariableName);
    m_dir.reset();
}

template<typename T> T* TestCredentialDialog::child(QWidget* dialog, const QString& name) const
{
    T* widget = dialog->findChild<T*>(name);
    if (!widget)
        qWarning("no widget named %s", qPrintable(name));
    return widget;
}

std::unique_ptr<CredentialDialog> TestCredentialDialog::openAddDialog(const QString& providerId)
{
    auto dialog = std::make_unique<CredentialDialog>(*m_session);
    dialog->show();
    if (!QTest::qWaitForWindowExposed(dialog.get()))
        return nullptr;
    auto* box = child<QComboBox>(dialog.get(), QStringLiteral("providerBox"));
    if (!box || !box->isEnabled())
        return nullptr;
    const int target = box->findData(providerId);
    if (target < 0)
        return nullptr;
    // Down and Up step through the providers, as the keyboard does.
    while (box->currentIndex() < target)
        QTest::keyClick(box, Qt::Key_Down);
    while (box->currentIndex() > target)
        QTest::keyClick(box, Qt::Key_Up);
    if (box->currentData().toString() != providerId)
        return nullptr;
    return dialog;
}

CredentialSummary TestCredentialDialog::seedAzure(const QString& name, const QString& apiKey)
{
    const QString instance = randomValue(QStringLiteral("inst"));
    Result<CredentialSummary> created = m_session->create(
        name, QStringLiteral("azure-openai"),
        FieldValues { { QStringLiteral("endpoint"), QStringLiteral("https://%1.openai.azure.com").arg(instance) },
                      { QStringLiteral("instance_name"), instance },
                      { QStringLiteral("api_key"), apiKey } });
    if (!created) {
        qWarning("seeding failed: %s", outcome(created).constData());
        return {};
    }
    return created.value();
}

void TestCredentialDialog::addsACredentialOfEachProvider_data()
{
    QTest::addColumn<QString>("provider");
    // What is typed into field_<key>; what the store must hold is this plus pre-filled defaults.
    QTest::addColumn<QVariantMap>("typed");
    QTest::addColumn<QVariantMap>("prefilled");

    const QString instance = randomValue(QStringLiteral("inst"));
    QTest::newRow("azure-openai") << QStringLiteral("azure-openai")
                                  << QVariantMap { { QStringLiteral("endpoint"),
                                                     QStringLiteral("https://%1.openai.azure.com").arg(instance) },
                                                   { QStringLiteral("instance_name"), instance },
                                                   { QStringLiteral("api_key"), secretFor("azure") } }
                                  << QVariantMap {};
    QTest::newRow("azure-openai-embeddings")
        << EmbeddingsProvider
        << QVariantMap { { QStringLiteral("instance_name"), randomValue(QStringLiteral("emb")) },
                         { QStringLiteral("deployment_name"), QStringLiteral("text-embedding-3-small") },
                         { QStringLiteral("api_key"), secretFor("embeddings") } }
        << QVariantMap { { QStringLiteral("api_version"), QStringLiteral("2023-05-15") } };
    // The optional endpoint left empty: nothing is stored for it.
    QTest::newRow("mistral") << QStringLiteral("mistral")
                             << QVariantMap { { QStringLiteral("api_key"), secretFor("mistral") } } << QVariantMap {};
    QTest::newRow("ionos") << QStringLiteral("ionos")
                           << QVariantMap { { QStringLiteral("token"),
                                              QString(QStringLiteral("eyJ") + secretFor("ionos")) },
                                            { QStringLiteral("endpoint"),
                                              QStringLiteral("https://openai.inference.de-txl.ionos.com/v1") } }
                           << QVariantMap {};
    QTest::newRow("custom") << QStringLiteral("custom")
                            << QVariantMap { { QStringLiteral("api_key"), secretFor("custom") },
                                             { QStringLiteral("endpoint"),
                                               QStringLiteral("https://llm.example.com/v1") } }
                            << QVariantMap {};
}

void TestCredentialDialog::addsACredentialOfEachProvider()
{
    QFETCH(QString, provider);
    QFETCH(QVariantMap, typed);
    QFETCH(QVariantMap, prefilled);

    auto dialog = openAddDialog(provider);
    QVERIFY(dialog);
    auto* save = child<QPushButton>(dialog.get(), QStringLiteral("saveButton"));
    QVERIFY(save);

    // Defaults are in their fields before anything is typed.
    for (auto it = prefilled.cbegin(); it != prefilled.cend(); ++it) {
        auto* edit = child(dialog.get(), QLatin1String("field_") + it.key());
        QVERIFY(edit);
        QCOMPARE(edit->text(), it.value().toString());
    }

    const QString name = randomValue(QStringLiteral("Credential "));
    QTest::keyClicks(child(dialog.get(), QStringLiteral("credentialName")), name);
    for (auto it = typed.cbegin(); it != typed.cend(); ++it) {
        QVERIFY(!save->isEnabled());
        auto* edit = child(dialog.get(), QLatin1String("field_") + it.key());
        QVERIFY(edit);
        QVERIFY(edit->text().isEmpty());
        QTest::keyClicks(edit, it.value().toString());
        QVERIFY(edit->text() == it.value().toString());
    }
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);

    QVERIFY2(!dialog->isVisible(), shown(child<QLabel>(dialog.get(), QStringLiteral("storeMessage"))->text()));
    QCOMPARE(dialog->result(), int(QDialog::Accepted));
    QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::Saved);
    QCOMPARE(dialog->saved().name, name);
    QCOMPARE(dialog->property("savedAsDefaultEmbeddings").toBool(), provider == EmbeddingsProvider);

    const std::optional<CredentialSummary> stored = findByName(*m_session, name);
    QVERIFY(stored);
    QCOMPARE(stored->provider, provider);
    QCOMPARE(stored->defaultEmbeddings, provider == EmbeddingsProvider);
    const Result<Credential> read = m_session->read(stored->id);
    VERIFY_OK(read);

    QVariantMap expected = typed;
    expected.insert(prefilled);
    // Keys are compared openly; values only by a check whose message does not show them.
    QCOMPARE(read->fields.keys(), expected.keys());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it)
        QVERIFY2(read->fields.value(it.key()) == it.value().toString(),
                 shown(QStringLiteral("the store holds another value for %1").arg(it.key())));
}

void TestCredentialDialog::showsThePagesLabels_data()
{
    QTest::addColumn<QString>("provider");
    // field key -> the label on the page (required fields carry the " *" mark).
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QStringList>("labels");
    QTest::addColumn<QStringList>("required");

    QTest::newRow("azure-openai")
        << QStringLiteral("azure-openai")
        << QStringList { QStringLiteral("endpoint"), QStringLiteral("instance_name"), QStringLiteral("api_key") }
        << QStringList { QStringLiteral("API Endpoint"), QStringLiteral("Instance Name"), QStringLiteral("API Key") }
        << QStringList { QStringLiteral("endpoint"), QStringLiteral("instance_name"), QStringLiteral("api_key") };
    QTest::newRow("azure-openai-embeddings")
        << EmbeddingsProvider
        << QStringList { QStringLiteral("instance_name"), QStringLiteral("deployment_name"), QStringLiteral("api_key"),
                         QStringLiteral("api_version"), QStringLiteral("endpoint") }
        << QStringList { QStringLiteral("Embeddings Instance Name"), QStringLiteral("Embeddings Deployment Name"),
                         QStringLiteral("Embeddings API Key"), QStringLiteral("Embeddings API Version"),
                         QStringLiteral("Endpoint URL") }
        << QStringList { QStringLiteral("instance_name"), QStringLiteral("deployment_name"), QStringLiteral("api_key"),
                         QStringLiteral("api_version") };
    QTest::newRow("mistral") << QStringLiteral("mistral")
                             << QStringList { QStringLiteral("api_key"), QStringLiteral("endpoint") }
                             << QStringList { QStringLiteral("API Key"), QStringLiteral("Endpoint URL") }
                             << QStringList { QStringLiteral("api_key") };
    QTest::newRow("ionos") << QStringLiteral("ionos")
                           << QStringList { QStringLiteral("token"), QStringLiteral("endpoint") }
                           << QStringList { QStringLiteral("Token"), QStringLiteral("Endpoint URL") }
                           << QStringList { QStringLiteral("token") };
    QTest::newRow("custom") << QStringLiteral("custom")
                            << QStringList { QStringLiteral("api_key"), QStringLiteral("endpoint") }
                            << QStringList { QStringLiteral("API Key"), QStringLiteral("Endpoint URL") }
                            << QStringList { QStringLiteral("api_key"), QStringLiteral("endpoint") };
}

void TestCredentialDialog::showsThePagesLabels()
{
    QFETCH(QString, provider);
    QFETCH(QStringList, keys);
    QFETCH(QStringList, labels);
    QFETCH(QStringList, required);

    auto dialog = openAddDialog(provider);
    QVERIFY(dialog);
    // Exactly this provider's fields: those of the provider shown before are gone.
    QStringList shown;
    for (const QLineEdit* edit : dialog->findChildren<QLineEdit*>()) {
        if (edit->objectName().startsWith(QLatin1String("field_")))
            shown << edit->objectName().mid(6);
    }
    shown.sort();
    QStringList sortedKeys = keys;
    sortedKeys.sort();
    QCOMPARE(shown, sortedKeys);

    for (int i = 0; i < keys.size(); ++i) {
        auto* label = child<QLabel>(dialog.get(), QLatin1String("label_") + keys.at(i));
        QVERIFY(label);
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().startsWith(labels.at(i)), qPrintable(label->text()));
        QCOMPARE(label->text().endsWith(QLatin1String(" *")), required.contains(keys.at(i)));
        // The label is the field's buddy and its accessible name.
        auto* edit = child(dialog.get(), QLatin1String("field_") + keys.at(i));
        QVERIFY(edit);
        QVERIFY(edit->isVisible());
        QCOMPARE(label->buddy(), edit);
        QCOMPARE(edit->accessibleName(), labels.at(i));
    }
}

void TestCredentialDialog::requiredFieldsAndUrlsDisableSave()
{
    auto dialog = openAddDialog(QStringLiteral("azure-openai"));
    QVERIFY(dialog);
    auto* save = child<QPushButton>(dialog.get(), QStringLiteral("saveButton"));
    auto* name = child(dialog.get(), QStringLiteral("credentialName"));
    auto* endpoint = child(dialog.get(), QStringLiteral("field_endpoint"));
    auto* instance = child(dialog.get(), QStringLiteral("field_instance_name"));
    auto* apiKey = child(dialog.get(), QStringLiteral("field_api_key"));
    auto* endpointProblem = child<QLabel>(dialog.get(), QStringLiteral("problem_endpoint"));
    auto* instanceProblem = child<QLabel>(dialog.get(), QStringLiteral("problem_instance_name"));
    QVERIFY(save && name && endpoint && instance && apiKey && endpointProblem && instanceProblem);

    // Nothing typed: Save is disabled, but nothing is shouted at the user yet.
    QVERIFY(!save->isEnabled());
    QVERIFY(!endpointProblem->isVisible());

    QTest::keyClicks(name, QStringLiteral("Production"));
    QTest::keyClicks(endpoint, QStringLiteral("https://prod.openai.azure.com"));
    QTest::keyClicks(instance, QStringLiteral("prod"));
    QVERIFY(!save->isEnabled()); // the API key is still empty
    QTest::keyClicks(apiKey, secretFor("valid"));
    QVERIFY(save->isEnabled());

    // A required field emptied again.
    retype(instance, QString());
    QVERIFY(!save->isEnabled());
    QVERIFY(instanceProblem->isVisible());
    QVERIFY2(instanceProblem->text().contains(QLatin1String("Instance Name")), shown(instanceProblem->text()));
    QTest::keyClicks(instance, QStringLiteral("prod"));
    QVERIFY(!instanceProblem->isVisible());
    QVERIFY(save->isEnabled());

    // An empty name.
    retype(name, QString());
    QVERIFY(!save->isEnabled());
    QTest::keyClicks(name, QStringLiteral("Production"));
    QVERIFY(save->isEnabled());

    // Plain http:// to a remote host: the message under the field names it, and Save waits.
    retype(endpoint, QStringLiteral("http://example.com"));
    QVERIFY(endpointProblem->isVisible());
    QVERIFY2(endpointProblem->text().contains(QLatin1String("API Endpoint")), shown(endpointProblem->text()));
    QVERIFY2(endpointProblem->text().contains(QLatin1String("https://")), shown(endpointProblem->text()));
    QVERIFY(!save->isEnabled());
    // Not a URL at all.
    retype(endpoint, QStringLiteral("prod.openai.azure.com"));
    QVERIFY(endpointProblem->isVisible());
    QVERIFY(!save->isEnabled());

    // A click on the disabled Save stores nothing.
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    VERIFY_OK(m_session->credentials());
    QVERIFY(m_session->credentials()->isEmpty());

    // Fixed: the message goes, Save comes back, and saving works.
    retype(endpoint, QStringLiteral("https://example.com"));
    QVERIFY(!endpointProblem->isVisible());
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!dialog->isVisible());
    const std::optional<CredentialSummary> stored = findByName(*m_session, QStringLiteral("Production"));
    QVERIFY(stored);
    const Result<Credential> read = m_session->read(stored->id);
    VERIFY_OK(read);
    QCOMPARE(read->fields.value(QStringLiteral("endpoint")), QStringLiteral("https://example.com"));
}

void TestCredentialDialog::secretsAreMaskedWithARevealToggle()
{
    for (const QString& provider :
         { QStringLiteral("azure-openai"), EmbeddingsProvider, QStringLiteral("ionos"), QStringLiteral("custom") }) {
        auto dialog = openAddDialog(provider);
        QVERIFY(dialog);
        const QString secretKey
            = provider == QLatin1String("ionos") ? QStringLiteral("token") : QStringLiteral("api_key");
        auto* secret = child(dialog.get(), QLatin1String("field_") + secretKey);
        QVERIFY(secret);
        QTest::keyClicks(secret, secretFor("masked"));
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        // Nothing else is masked.
        for (const QLineEdit* edit : dialog->findChildren<QLineEdit*>()) {
            if (edit != secret && edit->objectName().startsWith(QLatin1String("field_")))
                QVERIFY2(edit->echoMode() == QLineEdit::Normal, shown(edit->objectName()));
        }

        // The eye button inside the field shows the value, and a second click hides it again.
        auto* reveal = secret->findChild<QAction*>(QStringLiteral("revealSecret"));
        QVERIFY(reveal);
        QToolButton* eye = nullptr;
        for (QToolButton* button : secret->findChildren<QToolButton*>()) {
            if (button->defaultAction() == reveal)
                eye = button;
        }
        QVERIFY2(eye, "the reveal toggle has no button in the field");
        QVERIFY(eye->isVisible());
        QTest::mouseClick(eye, Qt::LeftButton);
        QCOMPARE(secret->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(eye, Qt::LeftButton);
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
    }
}

void TestCredentialDialog::storeErrorKeepsWhatWasTyped()
{
    const CredentialSummary existing = seedAzure(QStringLiteral("Production"), secretFor("existing"));
    QVERIFY(!existing.id.isEmpty());

    auto dialog = openAddDialog(QStringLiteral("mistral"));
    QVERIFY(dialog);
    auto* name = child(dialog.get(), QStringLiteral("credentialName"));
    auto* apiKey = child(dialog.get(), QStringLiteral("field_api_key"));
    auto* endpoint = child(dialog.get(), QStringLiteral("field_endpoint"));
    auto* save = child<QPushButton>(dialog.get(), QStringLiteral("saveButton"));
    auto* message = child<QLabel>(dialog.get(), QStringLiteral("storeMessage"));
    QVERIFY(name && apiKey && endpoint && save && message);
    QVERIFY(!message->isVisible());

    // Another case of a name that exists: the store refuses it.
    const QString secret = secretFor("typed");
    QTest::keyClicks(name, QStringLiteral("PRODUCTION"));
    QTest::keyClicks(apiKey, secret);
    QTest::keyClicks(endpoint, QStringLiteral("https://api.mistral.ai/v1"));
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);

    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::None);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("already exists")), shown(message->text()));
    QVERIFY2(message->text().contains(QLatin1String("Production")), shown(message->text()));
    // Everything typed is still there.
    QCOMPARE(child<QComboBox>(dialog.get(), QStringLiteral("providerBox"))->currentData().toString(),
             QStringLiteral("mistral"));
    QCOMPARE(name->text(), QStringLiteral("PRODUCTION"));
    QVERIFY(apiKey->text() == secret);
    QCOMPARE(endpoint->text(), QStringLiteral("https://api.mistral.ai/v1"));
    QCOMPARE(m_session->credentials()->size(), 1);

    // A free name, and the same values are saved.
    retype(name, QStringLiteral("Mistral EU"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!dialog->isVisible());
    const std::optional<CredentialSummary> stored = findByName(*m_session, QStringLiteral("Mistral EU"));
    QVERIFY(stored);
    const Result<Credential> read = m_session->read(stored->id);
    VERIFY_OK(read);
    QVERIFY(read->fields.value(QStringLiteral("api_key")) == secret);
}

void TestCredentialDialog::editsAnExistingCredential()
{
    const QString secret = secretFor("edit");
    const CredentialSummary existing = seedAzure(QStringLiteral("Production"), secret);
    QVERIFY(!existing.id.isEmpty());
    QCOMPARE(existing.revision, qint64(1));
    const Result<Credential> before = m_session->read(existing.id);
    VERIFY_OK(before);

    CredentialDialog dialog(*m_session, existing);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* box = child<QComboBox>(&dialog, QStringLiteral("providerBox"));
    auto* name = child(&dialog, QStringLiteral("credentialName"));
    auto* instance = child(&dialog, QStringLiteral("field_instance_name"));
    auto* save = child<QPushButton>(&dialog, QStringLiteral("saveButton"));
    QVERIFY(box && name && instance && save);
    QVERIFY(child<QPushButton>(&dialog, QStringLiteral("deleteButton")));
    QVERIFY(!child<QLabel>(&dialog, QStringLiteral("storeMessage"))->isVisible());

    // The provider is fixed; the values are the stored ones.
    QVERIFY(!box->isEnabled());
    QCOMPARE(box->currentData().toString(), QStringLiteral("azure-openai"));
    QCOMPARE(name->text(), QStringLiteral("Production"));
    for (const QString& key : before->fields.keys()) {
        auto* edit = child(&dialog, QLatin1String("field_") + key);
        QVERIFY(edit);
        QVERIFY2(edit->text() == before->fields.value(key), shown(key));
    }
    QVERIFY(save->isEnabled());

    retype(instance, QStringLiteral("prod-west"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.outcome(), CredentialDialog::Outcome::Saved);

    const Result<Credential> after = m_session->read(existing.id);
    VERIFY_OK(after);
    QCOMPARE(after->summary.revision, qint64(2));
    QCOMPARE(after->summary.name, QStringLiteral("Production"));
    QCOMPARE(after->fields.value(QStringLiteral("instance_name")), QStringLiteral("prod-west"));
    QVERIFY(after->fields.value(QStringLiteral("api_key")) == secret);
    QCOMPARE(after->fields.value(QStringLiteral("endpoint")), before->fields.value(QStringLiteral("endpoint")));
}

void TestCredentialDialog::tamperedCredentialOpensEmptyForReEntry()
{
    const CredentialSummary existing = seedAzure(QStringLiteral("Broken Azure"), secretFor("tampered"));
    QVERIFY(!existing.id.isEmpty());
    {
        SqlConnection raw(storePath());
        QVERIFY(raw.isOpen());
        QByteArray payload = raw.payloads().value(existing.id);
        QVERIFY(payload.size() > 1 + 24 + 16);
        payload[payload.size() / 2] = char(payload.at(payload.size() / 2) ^ 0x01);
        QVERIFY2(raw.exec(QStringLiteral("UPDATE credentials SET payload = ? WHERE id = ?"), { payload, existing.id }),
                 shown(raw.lastError()));
    }

    CredentialDialog dialog(*m_session, existing);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* message = child<QLabel>(&dialog, QStringLiteral("storeMessage"));
    auto* save = child<QPushButton>(&dialog, QStringLiteral("saveButton"));
    QVERIFY(message && save);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("re-enter")), shown(message->text()));
    QCOMPARE(child(&dialog, QStringLiteral("credentialName"))->text(), QStringLiteral("Broken Azure"));
    int fields = 0;
    for (const QLineEdit* edit : dialog.findChildren<QLineEdit*>()) {
        if (edit->objectName().startsWith(QLatin1String("field_"))) {
            ++fields;
            QVERIFY2(edit->text().isEmpty(), shown(edit->objectName()));
            QVERIFY2(edit->isEnabled(), shown(edit->objectName()));
        }
    }
    QCOMPARE(fields, 3);
    QVERIFY(!save->isEnabled());

    // Re-entering the values repairs the credential.
    const QString secret = secretFor("reentered");
    QTest::keyClicks(child(&dialog, QStringLiteral("field_endpoint")),
                     QStringLiteral("https://fixed.openai.azure.com"));
    QTest::keyClicks(child(&dialog, QStringLiteral("field_instance_name")), QStringLiteral("fixed"));
    QTest::keyClicks(child(&dialog, QStringLiteral("field_api_key")), secret);
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(!dialog.isVisible(), shown(message->text()));
    const Result<Credential> read = m_session->read(existing.id);
    VERIFY_OK(read);
    QCOMPARE(read->fields.value(QStringLiteral("instance_name")), QStringLiteral("fixed"));
    QVERIFY(read->fields.value(QStringLiteral("api_key")) == secret);
}

void TestCredentialDialog::testConnectionUsesTheTypedValuesAndSavesNothing()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", QStringLiteral("/v1/models"), FakeProvider::Reply::modelList(3));
    const QString host = QStringLiteral("127.0.0.1:%1").arg(fake.port());
    const QString endpointUrl = fake.url(QStringLiteral("/v1")).toString();

    auto dialog = openAddDialog(QStringLiteral("mistral"));
    QVERIFY(dialog);
    auto* name = child(dialog.get(), QStringLiteral("credentialName"));
    auto* apiKey = child(dialog.get(), QStringLiteral("field_api_key"));
    auto* endpoint = child(dialog.get(), QStringLiteral("field_endpoint"));
    auto* save = child<QPushButton>(dialog.get(), QStringLiteral("saveButton"));
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* progress = child<QProgressBar>(dialog.get(), QStringLiteral("testProgress"));
    auto* result = child<QLabel>(dialog.get(), QStringLiteral("testResult"));
    QVERIFY(name && apiKey && endpoint && save && testButton && progress && result);
    QVERIFY(testButton->isVisible());
    QVERIFY(!progress->isVisible());
    QVERIFY(!result->isVisible());
    QVERIFY(!testButton->isEnabled()); // no API key yet
    const QString idleText = testButton->text();

    const QString secret = secretFor("typed");
    QTest::keyClicks(name, QStringLiteral("Mistral EU"));
    QTest::keyClicks(apiKey, secret);
    QTest::keyClicks(endpoint, endpointUrl);
    QVERIFY(testButton->isEnabled());
    QTest::mouseClick(testButton, Qt::LeftButton);

    QTRY_COMPARE(statusOf(result), QStringLiteral("success"));
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(host), shown(result->text()));
    QVERIFY2(result->text().contains(QLatin1String("3 model")), shown(result->text()));
    QVERIFY2(!result->text().contains(secret), "the result shows the key");
    QVERIFY(!progress->isVisible());
    QCOMPARE(testButton->text(), idleText);
    QVERIFY(testButton->isEnabled());

    // One request, with the key as typed.
    const QList<FakeProvider::Request> requests = fake.requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().method, QByteArray("GET"));
    QCOMPARE(requests.first().path, QStringLiteral("/v1/models"));
    QVERIFY2(requests.first().header("Authorization") == "Bearer " + secret.toUtf8(),
             "the fake did not receive \"Bearer <the typed key>\"");

    // Testing saved nothing and closed nothing; saving still works afterwards.
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::None);
    VERIFY_OK(m_session->credentials());
    QVERIFY(m_session->credentials()->isEmpty());
    QVERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::Saved);
    const std::optional<CredentialSummary> stored = findByName(*m_session, QStringLiteral("Mistral EU"));
    QVERIFY(stored);
    const Result<Credential> read = m_session->read(stored->id);
    VERIFY_OK(read);
    QVERIFY(read->fields.value(QStringLiteral("api_key")) == secret);
    QCOMPARE(read->fields.value(QStringLiteral("endpoint")), endpointUrl);
    QCOMPARE(fake.requests().size(), 1); // saving tests nothing

    // Editing: a key typed over the stored one is what is tested, and it stays unsaved.
    fake.clearRequests();
    CredentialDialog editor(*m_session, *stored);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto* editedKey = child(&editor, QStringLiteral("field_api_key"));
    auto* editorTest = child<QPushButton>(&editor, QStringLiteral("testConnectionButton"));
    auto* editorResult = child<QLabel>(&editor, QStringLiteral("testResult"));
    QVERIFY(editedKey && editorTest && editorResult);
    const QString replacement = secretFor("retyped");
    retype(editedKey, replacement);
    QTest::mouseClick(editorTest, Qt::LeftButton);
    QTRY_COMPARE(statusOf(editorResult), QStringLiteral("success"));
    const QList<FakeProvider::Request> edited = fake.requests();
    QCOMPARE(edited.size(), 1);
    QVERIFY2(edited.first().header("Authorization") == "Bearer " + replacement.toUtf8(),
             "the test did not use the key typed over the stored one");
    QTest::mouseClick(child<QPushButton>(&editor, QStringLiteral("cancelButton")), Qt::LeftButton);
    QVERIFY(!editor.isVisible());
    const Result<Credential> after = m_session->read(stored->id);
    VERIFY_OK(after);
    QVERIFY2(after->fields.value(QStringLiteral("api_key")) == secret, "testing changed the stored key");
    QCOMPARE(after->summary.revision, stored->revision);
}

void TestCredentialDialog::testConnectionShowsARejectedKey()
{
    const QString secret = secretFor("revoked");
    FakeProvider fake;
    QVERIFY(fake.start());
    // Providers echo (part of) the key in their message; the dialog must not show it.
    fake.answer("GET", QStringLiteral("/v1/models"),
                FakeProvider::Reply::error(401, QStringLiteral("invalid_api_key"),
                                           QStringLiteral("Incorrect API key provided: ") + secret));
    const QString host = QStringLiteral("127.0.0.1:%1").arg(fake.port());

    auto dialog = openAddDialog(QStringLiteral("mistral"));
    QVERIFY(dialog);
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* progress = child<QProgressBar>(dialog.get(), QStringLiteral("testProgress"));
    auto* result = child<QLabel>(dialog.get(), QStringLiteral("testResult"));
    QVERIFY(testButton && progress && result);
    const QString idleText = testButton->text();
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_api_key")), secret);
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_endpoint")), fake.url(QStringLiteral("/v1")).toString());
    QTest::mouseClick(testButton, Qt::LeftButton);

    QTRY_COMPARE(statusOf(result), QStringLiteral("authentication_rejected"));
    QVERIFY(result->isVisible());
    const QString text = result->text();
    QVERIFY2(!text.contains(secret), "the result shows the key");
    QVERIFY2(text.contains(host), shown(text));
    QVERIFY2(text.contains(QLatin1String("rejected the API Key")), shown(text));
    QVERIFY2(text.contains(QLatin1String("401")), shown(text));
    QVERIFY2(text.contains(QLatin1String("Incorrect API key provided")), shown(text));
    QVERIFY(!progress->isVisible());
    QCOMPARE(testButton->text(), idleText);
    QVERIFY(testButton->isEnabled());
    QCOMPARE(fake.requests().size(), 1);
    QVERIFY(m_session->credentials()->isEmpty());
}

void TestCredentialDialog::testConnectionRunsInTheBackgroundAndCancels()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    FakeProvider::Reply slow = FakeProvider::Reply::modelList(1);
    slow.delayMs = 5000;
    fake.answer("GET", QStringLiteral("/v1/models"), slow);

    auto dialog = openAddDialog(QStringLiteral("mistral"));
    QVERIFY(dialog);
    auto* name = child(dialog.get(), QStringLiteral("credentialName"));
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* progress = child<QProgressBar>(dialog.get(), QStringLiteral("testProgress"));
    auto* result = child<QLabel>(dialog.get(), QStringLiteral("testResult"));
    QVERIFY(name && testButton && progress && result);
    const QString idleText = testButton->text();
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_api_key")), secretFor("slow"));
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_endpoint")), fake.url(QStringLiteral("/v1")).toString());

    QElapsedTimer timer;
    timer.start();
    QTest::mouseClick(testButton, Qt::LeftButton);
    QVERIFY2(timer.elapsed() < 1000, "the click waited for the connection test");
    QVERIFY(progress->isVisible());
    QVERIFY2(testButton->text() != idleText, shown(testButton->text()));
    QVERIFY2(testButton->text().contains(QLatin1String("Cancel")), shown(testButton->text()));
    QVERIFY(testButton->isEnabled());
    // The request is under way while the dialog keeps running, and typing works meanwhile.
    QTRY_COMPARE(fake.requests().size(), 1);
    QTest::keyClicks(name, QStringLiteral("Mistral EU"));
    QCOMPARE(name->text(), QStringLiteral("Mistral EU"));
    QTest::qWait(200);
    QVERIFY(progress->isVisible());
    QVERIFY2(statusOf(result).isEmpty(), shown(statusOf(result)));
    QVERIFY2(timer.elapsed() < 4000, "the dialog was blocked while the test ran");

    // A second click cancels at once, long before the slow answer.
    timer.restart();
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(result), QStringLiteral("cancelled"), 2000);
    QVERIFY2(timer.elapsed() < 2000, shown(QStringLiteral("cancelling took %1 ms").arg(timer.elapsed())));
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(QLatin1String("cancelled")), shown(result->text()));
    QVERIFY(!progress->isVisible());
    QCOMPARE(testButton->text(), idleText);
    QVERIFY(testButton->isEnabled());
    QCOMPARE(name->text(), QStringLiteral("Mistral EU"));
    QVERIFY(dialog->isVisible());

    // Closing the dialog while a test runs ends the test with it.
    QTest::mouseClick(testButton, Qt::LeftButton);
    QVERIFY(progress->isVisible());
    QTRY_COMPARE(fake.requests().size(), 2);
    QTest::mouseClick(child<QPushButton>(dialog.get(), QStringLiteral("cancelButton")), Qt::LeftButton);
    QVERIFY(!dialog->isVisible());
    QCOMPARE(dialog->outcome(), CredentialDialog::Outcome::None);
    dialog.reset();
    QTest::qWait(100);
    QVERIFY(m_session->credentials()->isEmpty());
}

void TestCredentialDialog::closingStopsARunningTest_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("Cancel button") << QStringLiteral("cancel");
    QTest::newRow("Escape") << QStringLiteral("escape");
    QTest::newRow("window closed") << QStringLiteral("close");
    QTest::newRow("Save") << QStringLiteral("save");
    QTest::newRow("dialog deleted") << QStringLiteral("delete");
}

void TestCredentialDialog::closingStopsARunningTest()
{
    // A test has nobody to report to once its dialog is gone: it stops with the dialog, and its
    // late answer finds nothing to write to.
    QFETCH(QString, how);

    FakeProvider fake;
    QVERIFY(fake.start());
    FakeProvider::Reply slow = FakeProvider::Reply::modelList(1);
    slow.delayMs = 800;
    fake.answer("GET", QStringLiteral("/v1/models"), slow);

    auto dialog = openAddDialog(QStringLiteral("mistral"));
    QVERIFY(dialog);
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* save = child<QPushButton>(dialog.get(), QStringLiteral("saveButton"));
    QVERIFY(testButton && save);
    QTest::keyClicks(child(dialog.get(), QStringLiteral("credentialName")), QStringLiteral("Mistral EU"));
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_api_key")), secretFor("closing"));
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_endpoint")), fake.url(QStringLiteral("/v1")).toString());
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE(fake.requests().size(), 1);

    QPointer<ConnectionTester> tester = dialog->findChild<ConnectionTester*>();
    QVERIFY(tester);
    QVERIFY(tester->isRunning());
    QSignalSpy finished(tester.data(), &ConnectionTester::finished);

    if (how == QLatin1String("cancel"))
        QTest::mouseClick(child<QPushButton>(dialog.get(), QStringLiteral("cancelButton")), Qt::LeftButton);
    else if (how == QLatin1String("escape"))
        QTest::keyClick(dialog.get(), Qt::Key_Escape);
    else if (how == QLatin1String("close"))
        QVERIFY(dialog->close());
    else if (how == QLatin1String("save"))
        QTest::mouseClick(save, Qt::LeftButton);
    else
        dialog.reset();

    if (dialog) {
        QVERIFY(!dialog->isVisible());
        QVERIFY2(!tester->isRunning(), "the test runs on after its dialog closed");
        QCOMPARE(dialog->outcome(),
                 how == QLatin1String("save") ? CredentialDialog::Outcome::Saved : CredentialDialog::Outcome::None);
        // The stop is told once, from the event loop, to a dialog that shows nothing more.
        QTRY_COMPARE(finished.count(), 1);
    } else {
        QVERIFY(tester.isNull()); // gone with the dialog, its request aborted
    }
    // Past the slow answer, with the event loop running: nothing reaches a stopped test.
    QTest::qWait(1000);
    if (tester) {
        QCOMPARE(finished.count(), 1);
        QVERIFY(!tester->isRunning());
    }
    dialog.reset();
    QTest::qWait(50);
    QCOMPARE(fake.requests().size(), 1);
    VERIFY_OK(m_session->credentials());
    QCOMPARE(m_session->credentials()->size(), how == QLatin1String("save") ? 1 : 0);
}

void TestCredentialDialog::secondTestClearsThePreviousResult_data()
{
    QTest::addColumn<int>("firstStatus"); // what the first test gets: 200 or 401
    QTest::addColumn<QString>("firstResult");
    QTest::newRow("after a success") << 200 << QStringLiteral("success");
    QTest::newRow("after a rejected key") << 401 << QStringLiteral("authentication_rejected");
}

void TestCredentialDialog::secondTestClearsThePreviousResult()
{
    // While a new test runs, the result of the last one is not the result: the status goes at
    // once, and comes back only with the new result.
    QFETCH(int, firstStatus);
    QFETCH(QString, firstResult);

    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", QStringLiteral("/v1/models"),
                firstStatus == 200 ? FakeProvider::Reply::modelList(2)
                                   : FakeProvider::Reply::error(401, QStringLiteral("invalid_api_key"),
                                                                QStringLiteral("Invalid API key")));

    auto dialog = openAddDialog(QStringLiteral("custom"));
    QVERIFY(dialog);
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* progress = child<QProgressBar>(dialog.get(), QStringLiteral("testProgress"));
    auto* result = child<QLabel>(dialog.get(), QStringLiteral("testResult"));
    QVERIFY(testButton && progress && result);
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_api_key")), secretFor("again"));
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_endpoint")), fake.url(QStringLiteral("/v1")).toString());
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE(statusOf(result), firstResult);

    // The second test gets its answer late.
    FakeProvider::Reply slow = FakeProvider::Reply::modelList(3);
    slow.delayMs = 800;
    fake.answer("GET", QStringLiteral("/v1/models"), slow);
    QTest::mouseClick(testButton, Qt::LeftButton);
    QVERIFY2(statusOf(result).isEmpty(), qPrintable(statusOf(result)));
    QVERIFY(progress->isVisible());
    QTRY_COMPARE(fake.requests().size(), 2);
    QTest::qWait(300);
    QVERIFY2(statusOf(result).isEmpty(), qPrintable(statusOf(result)));
    QVERIFY2(!result->text().contains(QLatin1String("2 model")), shown(result->text()));

    QTRY_COMPARE_WITH_TIMEOUT(statusOf(result), QStringLiteral("success"), 10000);
    QVERIFY2(result->text().contains(QLatin1String("3 model")), shown(result->text()));
    QVERIFY(!progress->isVisible());
}

void TestCredentialDialog::testConnectionFollowsTheFields()
{
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", QStringLiteral("/v1/models"), FakeProvider::Reply::modelList(2));

    auto dialog = openAddDialog(QStringLiteral("custom"));
    QVERIFY(dialog);
    auto* apiKey = child(dialog.get(), QStringLiteral("field_api_key"));
    auto* endpoint = child(dialog.get(), QStringLiteral("field_endpoint"));
    auto* save = child<QPushButton>(dialog.get(), QStringLiteral("saveButton"));
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* result = child<QLabel>(dialog.get(), QStringLiteral("testResult"));
    QVERIFY(apiKey && endpoint && save && testButton && result);

    QVERIFY(!testButton->isEnabled());
    QTest::keyClicks(apiKey, secretFor("custom"));
    QVERIFY2(!testButton->isEnabled(), "Test Connection is enabled without the required endpoint");
    // Plain http:// to a remote host would carry the key in clear text.
    QTest::keyClicks(endpoint, QStringLiteral("http://llm.example.com/v1"));
    QVERIFY2(!testButton->isEnabled(), "Test Connection is enabled for an http:// endpoint on another host");
    retype(endpoint, QStringLiteral("not a url"));
    QVERIFY(!testButton->isEnabled());
    // A click on the disabled button sends nothing.
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTest::qWait(100);
    QVERIFY(fake.requests().isEmpty());
    QVERIFY(!result->isVisible());

    // Valid: the name plays no part in a connection test, so testing works before Save does.
    retype(endpoint, fake.url(QStringLiteral("/v1")).toString());
    QVERIFY(testButton->isEnabled());
    QVERIFY(!save->isEnabled());
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE(statusOf(result), QStringLiteral("success"));
    QVERIFY(result->isVisible());
    QVERIFY2(result->text().contains(QLatin1String("2 model")), shown(result->text()));

    // Editing a field makes the result stale: it goes.
    QTest::keyClicks(apiKey, QStringLiteral("x"));
    QVERIFY(!result->isVisible());
    QVERIFY(statusOf(result).isEmpty());
    QVERIFY(testButton->isEnabled());

    // Again with the endpoint.
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE(statusOf(result), QStringLiteral("success"));
    QVERIFY(result->isVisible());
    QTest::keyClick(endpoint, Qt::Key_Backspace);
    QVERIFY(!result->isVisible());
    QVERIFY(statusOf(result).isEmpty());

    // Emptying a required field disables the button again.
    retype(apiKey, QString());
    QVERIFY(!testButton->isEnabled());
    QCOMPARE(fake.requests().size(), 2);
}

void TestCredentialDialog::suggestedEndpointIsOneClickAway()
{
    // A vLLM-style server that serves the API below /v1 only: the test finds it there, and one
    // click puts the working address into the form.
    FakeProvider fake;
    QVERIFY(fake.start());
    fake.answer("GET", QStringLiteral("/v1/models"), FakeProvider::Reply::modelList(2));
    const QString base = fake.url().toString();

    auto dialog = openAddDialog(QStringLiteral("custom"));
    QVERIFY(dialog);
    auto* endpoint = child(dialog.get(), QStringLiteral("field_endpoint"));
    auto* testButton = child<QPushButton>(dialog.get(), QStringLiteral("testConnectionButton"));
    auto* result = child<QLabel>(dialog.get(), QStringLiteral("testResult"));
    auto* useSuggestion = child<QPushButton>(dialog.get(), QStringLiteral("useSuggestedEndpoint"));
    QVERIFY(endpoint && testButton && result && useSuggestion);
    QVERIFY(!useSuggestion->isVisible());
    QTest::keyClicks(child(dialog.get(), QStringLiteral("field_api_key")), secretFor("vllm"));
    QTest::keyClicks(endpoint, base);
    QTest::mouseClick(testButton, Qt::LeftButton);

    QTRY_COMPARE(statusOf(result), QStringLiteral("success"));
    QVERIFY2(result->text().contains(base + QLatin1String("/v1")), shown(result->text()));
    QVERIFY(useSuggestion->isVisible());
    QCOMPARE(endpoint->text(), base); // nothing changes without the click
    QTest::mouseClick(useSuggestion, Qt::LeftButton);
    QCOMPARE(endpoint->text(), base + QLatin1String("/v1"));
    QVERIFY(!useSuggestion->isVisible());
    QVERIFY(!result->isVisible()); // the result was about the old address

    // Testing again goes straight to the new address.
    fake.clearRequests();
    QTest::mouseClick(testButton, Qt::LeftButton);
    QTRY_COMPARE(statusOf(result), QStringLiteral("success"));
    QCOMPARE(fake.requests().size(), 1);
    QCOMPARE(fake.requests().first().path, QStringLiteral("/v1/models"));
    QVERIFY(!useSuggestion->isVisible());
}

std::unique_ptr<CredentialStore> TestCredentialDialog::openElsewhere() const
{
    auto opened = CredentialStore::open(storePath());
    if (!opened) {
        qWarning("open failed: %s", outcome(opened).constData());
        return nullptr;
    }
    return std::move(opened).value();
}

std::optional<MasterKey> TestCredentialDialog::sessionKey() const
{
    Result<MasterKey> key
        = MasterKey::parse(qgetenv(EnvironmentKeySource::VariableName), QStringLiteral("the test's key"));
    if (!key)
        return std::nullopt;
    return std::move(key).value();
}

void TestCredentialDialog::changedElsewhereIsToldAndNotOverwritten()
{
    const CredentialSummary existing = seedAzure(QStringLiteral("Production"), secretFor("mine"));
    QVERIFY(!existing.id.isEmpty());
    CredentialDialog dialog(*m_session, existing);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* message = child<QLabel>(&dialog, QStringLiteral("storeMessage"));
    auto* instance = child(&dialog, QStringLiteral("field_instance_name"));
    auto* save = child<QPushButton>(&dialog, QStringLiteral("saveButton"));
    QVERIFY(message && instance && save);
    QVERIFY(!message->isVisible());
    retype(instance, QStringLiteral("mine-typed"));

    // Another program changes the credential while the dialog is open.
    const std::optional<MasterKey> key = sessionKey();
    QVERIFY(key);
    auto other = openElsewhere();
    QVERIFY(other);
    const QString theirSecret = secretFor("theirs");
    const FieldValues theirs { { QStringLiteral("endpoint"), QStringLiteral("https://theirs.openai.azure.com") },
                               { QStringLiteral("instance_name"), QStringLiteral("theirs") },
                               { QStringLiteral("api_key"), theirSecret } };
    VERIFY_OK(other->update(*key, existing.id, existing.revision, QStringLiteral("Production"), theirs));

    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 5000);
    QVERIFY2(message->text().contains(QLatin1String("changed elsewhere")), shown(message->text()));
    QCOMPARE(instance->text(), QStringLiteral("mine-typed"));

    // Saving now is refused with the conflict, and the other version is offered; declining it
    // keeps the form as typed. The other program's version stays in the store.
    QVERIFY(save->isEnabled());
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(MessageBox::lastText().contains(QLatin1String("changed elsewhere")), shown(MessageBox::lastText()));
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.outcome(), CredentialDialog::Outcome::None);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QLatin1String("changed by someone else")), shown(message->text()));
    QCOMPARE(instance->text(), QStringLiteral("mine-typed"));
    QVERIFY(!dialog.findChild<QWidget*>(QStringLiteral("typedVersion")));
    const Result<Credential> stored = m_session->read(existing.id);
    VERIFY_OK(stored);
    QCOMPARE(stored->summary.revision, existing.revision + 1);
    QVERIFY(stored->fields == theirs);

    // Taking the offer loads their version into the form and keeps what was typed beside it.
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QCOMPARE(instance->text(), QStringLiteral("theirs"));
    QVERIFY(child(&dialog, QStringLiteral("field_api_key"))->text() == theirSecret);
    auto* typedVersion = dialog.findChild<QWidget*>(QStringLiteral("typedVersion"));
    QVERIFY(typedVersion && typedVersion->isVisible());
    auto* typedInstance = typedVersion->findChild<QLineEdit*>(QStringLiteral("typed_instance_name"));
    QVERIFY(typedInstance);
    QCOMPARE(typedInstance->text(), QStringLiteral("mine-typed"));
    QVERIFY(typedInstance->isReadOnly());
    auto* typedKey = typedVersion->findChild<QLineEdit*>(QStringLiteral("typed_api_key"));
    QVERIFY(typedKey && typedKey->echoMode() != QLineEdit::Normal); // a secret stays masked until revealed

    // Saving on top of their version now works: nothing was overwritten unseen.
    retype(instance, QStringLiteral("merged"));
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(dialog.outcome(), CredentialDialog::Outcome::Saved);
    const Result<Credential> merged = m_session->read(existing.id);
    VERIFY_OK(merged);
    QCOMPARE(merged->summary.revision, existing.revision + 2);
    QCOMPARE(merged->fields.value(QStringLiteral("instance_name")), QStringLiteral("merged"));
    QVERIFY(merged->fields.value(QStringLiteral("api_key")) == theirSecret);
}

void TestCredentialDialog::deletedElsewhereKeepsWhatWasTyped()
{
    const QString secret = secretFor("deleted");
    const CredentialSummary kept = seedAzure(QStringLiteral("Kept"), secretFor("kept"));
    const CredentialSummary existing = seedAzure(QStringLiteral("Staging"), secret);
    QVERIFY(!existing.id.isEmpty() && !kept.id.isEmpty());
    CredentialDialog dialog(*m_session, existing);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* message = child<QLabel>(&dialog, QStringLiteral("storeMessage"));
    auto* name = child(&dialog, QStringLiteral("credentialName"));
    auto* instance = child(&dialog, QStringLiteral("field_instance_name"));
    auto* apiKey = child(&dialog, QStringLiteral("field_api_key"));
    auto* save = child<QPushButton>(&dialog, QStringLiteral("saveButton"));
    auto* remove = child<QPushButton>(&dialog, QStringLiteral("deleteButton"));
    QVERIFY(message && name && instance && apiKey && save && remove);
    QVERIFY(save->isEnabled() && remove->isEnabled());
    retype(name, QStringLiteral("Staging EU"));
    retype(instance, QStringLiteral("staging-typed"));

    // Another program deletes it while the dialog is open.
    const std::optional<MasterKey> key = sessionKey();
    QVERIFY(key);
    auto other = openElsewhere();
    QVERIFY(other);
    VERIFY_OK(other->remove(*key, existing.id, existing.revision));

    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 5000);
    QVERIFY2(message->text().contains(QLatin1String("deleted elsewhere")), shown(message->text()));
    QVERIFY(!save->isEnabled());
    QVERIFY(!remove->isEnabled());
    // What the user typed is still there to copy, the unchanged secret too.
    QCOMPARE(name->text(), QStringLiteral("Staging EU"));
    QCOMPARE(instance->text(), QStringLiteral("staging-typed"));
    QVERIFY(apiKey->text() == secret);

    // Enter (the default button) does not bring it back.
    QTest::keyClick(name, Qt::Key_Return);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.outcome(), CredentialDialog::Outcome::None);
    const Result<QList<CredentialSummary>> listed = m_session->credentials();
    VERIFY_OK(listed);
    QCOMPARE(listed->size(), 1);
    QCOMPARE(listed->first().id, kept.id);
}

QTEST_MAIN(TestCredentialDialog)
#include "TestCredentialDialog.moc"
