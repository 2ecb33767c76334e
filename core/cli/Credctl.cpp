#include "Credctl.h"

#include "backup/ExportFile.h"
#include "cli/TerminalPrompt.h"
#include "crypto/MasterKey.h"
#include "i18n/Translations.h"
#include "keys/EnvironmentKeySource.h"
#include "keys/KeyResolver.h"
#include "keys/KeyRotation.h"
#include "keys/Keychain.h"
#include "keys/KeychainKeySource.h"
#include "network/ConnectionTester.h"
#include "registry/CredentialValidator.h"
#include "registry/ProviderRegistry.h"
#include "store/CredentialStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cm {

namespace {

const QString StoreEnvironmentVariable = QStringLiteral("CREDENTIAL_STORE");
const QString Mask = QStringLiteral("********");

QString localTime(const QDateTime& utc)
{
    return utc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
QString isoUtc(const QDateTime& utc)
{
    return utc.toUTC().toString(Qt::ISODateWithMs);
}

QCommandLineOption jsonOption()
{
    return { QStringLiteral("json"), Credctl::tr("Print JSON with stable keys.") };
}
QCommandLineOption fieldOption()
{
    return { QStringLiteral("field"),
             Credctl::tr(
                 "Set a field (repeatable); an empty value clears an optional field. Prefer --field-env for secrets."),
             QStringLiteral("KEY=VALUE") };
}
QCommandLineOption passphraseEnvOption()
{
    return { QStringLiteral("passphrase-env"),
             Credctl::tr(
                 "The environment variable that holds the passphrase; without it, it is asked for on the terminal."),
             QStringLiteral("VAR") };
}
QCommandLineOption fieldEnvOption()
{
    return { QStringLiteral("field-env"),
             Credctl::tr(
                 "Set a field from an environment variable (repeatable), keeping secrets out of shell history."),
             QStringLiteral("KEY=VAR") };
}

// The human tables say what a field is and what happened in the interface language; --json
// keeps the registry's and the audit log's own words.
QString kindText(FieldSpec::Kind kind)
{
    switch (kind) {
    case FieldSpec::Kind::Text:
        return Credctl::tr("text", "field kind");
    case FieldSpec::Kind::Url:
        return Credctl::tr("url", "field kind");
    case FieldSpec::Kind::Secret:
        return Credctl::tr("secret", "field kind");
    }
    return FieldSpec::kindName(kind);
}

QString actionText(const QString& action)
{
    const QList<std::pair<QLatin1String, QString>> actions {
        { QLatin1String("create"), Credctl::tr("create", "audit action") },
        { QLatin1String("update"), Credctl::tr("update", "audit action") },
        { QLatin1String("rename"), Credctl::tr("rename", "audit action") },
        { QLatin1String("delete"), Credctl::tr("delete", "audit action") },
        { QLatin1String("rotate-key"), Credctl::tr("rotate-key", "audit action") },
        { QLatin1String("import"), Credctl::tr("import", "audit action") },
    };
    for (const auto& [code, text] : actions) {
        if (action == code)
            return text;
    }
    return action;
}

// Text for the terminal: a control character (the ESC of an escape sequence, a line break) in a
// name written by another program, a value or a typed argument is shown as \xHH rather than
// acted on by the terminal. --json output stays exact (jsonForTerminal).
QString terminalSafe(const QString& text)
{
    const auto control = [](QChar c) { return c.category() == QChar::Other_Control; };
    if (std::none_of(text.cbegin(), text.cend(), control))
        return text;
    QString safe;
    for (const QChar c : text) {
        if (control(c)) // C0, DEL and C1: all below U+0100
            safe += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            safe += c;
    }
    return safe;
}

// --json output for the terminal: QJsonDocument escapes the C0 controls but writes DEL and the
// C1 controls (U+0080 to U+009F, the 8-bit CSI among them) raw. They become \u00XX here: the
// same JSON, so scripts read the exact name, and a terminal is never told to act on it. In UTF-8,
// DEL is the byte 7F and the C1 controls are C2 80 to C2 9F; the result is allocated once, at its
// final size, so wiping it (a revealed value) leaves no copy behind.
QByteArray jsonForTerminal(const QByteArray& json)
{
    const auto isC1 = [&json](qsizetype i) {
        return json[i] == '\xc2' && i + 1 < json.size() && quint8(json[i + 1]) >= 0x80 && quint8(json[i + 1]) <= 0x9f;
    };
    qsizetype escapes = 0;
    for (qsizetype i = 0; i < json.size(); ++i)
        escapes += json[i] == '\x7f' || isC1(i) ? 1 : 0;
    if (escapes == 0)
        return json;
    QByteArray out;
    out.reserve(json.size() + 5 * escapes);
    for (qsizetype i = 0; i < json.size(); ++i) {
        if (json[i] == '\x7f') {
            out += "\\u007f";
        } else if (isC1(i)) {
            out += "\\u00" + QByteArray::number(quint8(json[i + 1]), 16);
            ++i;
        } else {
            out += json[i];
        }
    }
    return out;
}

// Pads to a display width for the human tables.
QString pad(const QString& text, qsizetype width)
{
    return text.leftJustified(width, QLatin1Char(' '));
}

void printTable(QTextStream& out, const QList<QStringList>& rows)
{
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], terminalSafe(row[i]).size());
        }
    }
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const QString cell = terminalSafe(row[i]);
            line += i + 1 < row.size() ? pad(cell, widths[i] + 2) : cell;
        }
        out << line << '\n';
    }
}

// "  --name, -n VALUE" and the description, one row per option, for the help tables.
QList<QStringList> optionRows(const QList<QCommandLineOption>& options)
{
    QList<QStringList> rows;
    for (const QCommandLineOption& option : options) {
        QStringList names;
        for (const QString& name : option.names())
            names.append(name.size() == 1 ? QStringLiteral("-") + name : QStringLiteral("--") + name);
        rows.append({ QStringLiteral("  ") + names.join(QStringLiteral(", "))
                          + (option.valueName().isEmpty() ? QString() : QStringLiteral(" ") + option.valueName()),
                      option.description() });
    }
    return rows;
}

} // namespace

Credctl::Credctl()
    : m_out(stdout)
    , m_err(stderr)
{ }

Credctl::~Credctl() = default;

QList<QCommandLineOption> Credctl::globalOptions()
{
    return {
        { QStringLiteral("store"),
          tr("The store: a SQLite file path or postgresql://user@host:port/database (default: $CREDENTIAL_STORE, "
             "else %1).")
              .arg(QDir::toNativeSeparators(CredentialStore::defaultPath())),
          QStringLiteral("PATH|URL") },
        { { QStringLiteral("h"), QStringLiteral("help") }, tr("Show help for credctl or for one command.") },
        { QStringLiteral("language"),
          tr("The language of the output: %1 (default: the system's).")
              .arg(Translations::available().join(QLatin1String(", "))),
          QStringLiteral("CODE") },
        { QStringLiteral("version"), tr("Show the version.") },
    };
}

QList<Credctl::Command> Credctl::commands() const
{
    return {
        { QStringLiteral("providers"),
          {},
          tr("List the providers and their fields."),
          { jsonOption() },
          0,
          0,
          &Credctl::providers },
        { QStringLiteral("list"),
          {},
          tr("List the credentials (names and providers; nothing is decrypted)."),
          { jsonOption() },
          0,
          0,
          &Credctl::list },
        { QStringLiteral("show"),
          QStringLiteral("NAME"),
          tr("Show one credential; secrets stay masked unless --reveal."),
          { jsonOption(), { QStringLiteral("reveal"), tr("Print secret values in clear text.") } },
          1,
          1,
          &Credctl::show },
        { QStringLiteral("add"),
          QStringLiteral("NAME"),
          tr("Create a credential, encrypted under the store's key."),
          { { QStringLiteral("provider"), tr("The provider id (see \"credctl providers\")."), QStringLiteral("ID") },
            fieldOption(),
            fieldEnvOption() },
          1,
          1,
          &Credctl::add },
        { QStringLiteral("edit"),
          QStringLiteral("NAME"),
          tr("Change a credential's fields or name; fields not given keep their values."),
          { { QStringLiteral("rename"), tr("Give the credential a new name."), QStringLiteral("NEW") },
            fieldOption(),
            fieldEnvOption() },
          1,
          1,
          &Credctl::edit },
        { QStringLiteral("delete"),
          QStringLiteral("NAME"),
          tr("Delete a credential permanently; features using it stop working."),
          { { QStringLiteral("confirm"), tr("The exact name of the credential, to confirm."),
              QStringLiteral("NAME") } },
          1,
          1,
          &Credctl::remove },
        { QStringLiteral("test"),
          QStringLiteral("NAME"),
          tr("Test a credential against its provider (a free request such as listing the models)."),
          { { QStringLiteral("timeout"),
              tr("Give up after this many seconds in all (default 20; connecting may take at most 10)."),
              QStringLiteral("SECONDS") } },
          1,
          1,
          &Credctl::test },
        { QStringLiteral("key generate"),
          {},
          tr("Print a new random encryption key (64 hexadecimal characters) for CREDENTIAL_ENCRYPTION_KEY."),
          {},
          0,
          0,
          &Credctl::keyGenerate },
        { QStringLiteral("key store"),
          {},
          tr("Keep the store's key (from CREDENTIAL_ENCRYPTION_KEY) in the system keychain, so the variable can "
             "be dropped on this machine."),
          {},
          0,
          0,
          &Credctl::keyStore },
        { QStringLiteral("key forget"),
          {},
          tr("Remove the store's key from the system keychain; CREDENTIAL_ENCRYPTION_KEY must then provide it."),
          { { QStringLiteral("force"),
              tr("Remove it even when CREDENTIAL_ENCRYPTION_KEY does not hold the key (it must be kept "
                 "elsewhere).") } },
          0,
          0,
          &Credctl::keyForget },
        { QStringLiteral("key rotate"),
          {},
          tr("Re-encrypt every credential under a new key, atomically; platform services then need the new key."),
          { { QStringLiteral("new-key-env"), tr("The environment variable that holds the new key."),
              QStringLiteral("VAR") } },
          0,
          0,
          &Credctl::keyRotate },
        { QStringLiteral("export"),
          QStringLiteral("FILE"),
          tr("Write a passphrase-protected backup of every credential, restorable into any store."),
          { passphraseEnvOption() },
          1,
          1,
          &Credctl::exportStore },
        { QStringLiteral("import"),
          QStringLiteral("FILE"),
          tr("Restore the credentials of a backup into this store, under this store's key, atomically."),
          { passphraseEnvOption(),
            { QStringLiteral("on-conflict"),
              tr("When a name is taken: fail (the default; nothing is imported), skip, or replace."),
              QStringLiteral("fail|skip|replace") } },
          1,
          1,
          &Credctl::importStore },
        { QStringLiteral("audit"),
          {},
          tr("Show the audit log: who changed which credential and which fields."),
          { jsonOption() },
          0,
          0,
          &Credctl::audit },
    };
}

int Credctl::run(const QStringList& arguments)
{
    // Before anything is printed or the options are described: all of that is translated.
    if (Result<QString> language = Translations::install(Translations::requested(arguments)); !language)
        return usage(language.error().message);
    const QList<Command> all = commands();

    // First pass: every option of every command is known, so option values are not taken
    // for the command name wherever the options stand.
    QCommandLineParser scan;
    QStringList known;
    for (const QCommandLineOption& option : globalOptions() + [&] {
             QList<QCommandLineOption> options;
             for (const Command& command : all)
                 options += command.options;
             return options;
         }()) {
        if (!known.contains(option.names().constLast())) {
            known += option.names().constLast();
            scan.addOption(option);
        }
    }
    const bool scanned = scan.parse(arguments);
    QStringList words = scan.positionalArguments();

    const Command* command = nullptr;
    int nameWords = 0;
    for (const Command& candidate : all) {
        const QStringList parts = candidate.name.split(QLatin1Char(' '));
        if (words.mid(0, parts.size()) == parts) {
            command = &candidate;
            nameWords = int(parts.size());
            break;
        }
    }
    const bool helpCommand = !words.isEmpty() && words.first() == QLatin1String("help");

    if (!command) {
        if (scan.isSet(QStringLiteral("version"))) {
            m_out << "credctl " << QStringLiteral(CM_VERSION) << '\n';
            return ExitSuccess;
        }
        if (helpCommand && words.size() > 1) {
            const QString wanted = words.mid(1).join(QLatin1Char(' '));
            for (const Command& candidate : all) {
                if (candidate.name == wanted) {
                    printCommandHelp(candidate);
                    return ExitSuccess;
                }
            }
        }
        if (!scanned) {
            QString problem = scan.errorText();
            if (problem.endsWith(QLatin1Char('.')))
                problem.chop(1);
            return usage(problem + tr("; \"credctl --help\" lists the commands and options."));
        }
        if (words.isEmpty() || helpCommand || scan.isSet(QStringLiteral("help"))) {
            printGeneralHelp();
            return words.isEmpty() && !scan.isSet(QStringLiteral("help")) ? ExitUsage : ExitSuccess;
        }
        return usage(tr("\"%1\" is not a credctl command; \"credctl --help\" lists the commands.").arg(words.first()));
    }

    m_parser = std::make_unique<QCommandLineParser>();
    m_parser->addOptions(globalOptions());
    m_parser->addOptions(command->options);
    if (!m_parser->parse(arguments)) {
        QString problem = m_parser->errorText();
        if (problem.endsWith(QLatin1Char('.')))
            problem.chop(1);
        return usage(problem + tr("; \"credctl %1 --help\" shows the options.").arg(command->name));
    }
    if (m_parser->isSet(QStringLiteral("help"))) {
        printCommandHelp(*command);
        return ExitSuccess;
    }
    if (m_parser->isSet(QStringLiteral("version"))) {
        m_out << "credctl " << QStringLiteral(CM_VERSION) << '\n';
        return ExitSuccess;
    }
    m_positional = m_parser->positionalArguments().mid(nameWords);
    if (m_positional.size() < command->minPositional || m_positional.size() > command->maxPositional) {
        return usage(tr("Usage: credctl %1%2%3; \"credctl %1 --help\" explains it.")
                         .arg(command->name, command->arguments.isEmpty() ? QString() : QStringLiteral(" "),
                              command->arguments));
    }
    const int code = (this->*(command->handler))();
    m_out.flush();
    m_err.flush();
    return code;
}

void Credctl::printGeneralHelp()
{
    m_out << tr("credctl: manage the encrypted credential store of AI Credential Manager.") << "\n\n"
          << tr("Usage: credctl [--store PATH] COMMAND [options]") << "\n\n"
          << tr("Commands:") << '\n';
    QList<QStringList> rows;
    for (const Command& command : commands()) {
        rows.append({ QStringLiteral("  ") + command.name
                          + (command.arguments.isEmpty() ? QString() : QStringLiteral(" ") + command.arguments),
                      command.summary });
    }
    printTable(m_out, rows);
    m_out << '\n' << tr("Global options (before or after the command):") << '\n';
    printTable(m_out, optionRows(globalOptions()));
    m_out << '\n'
          << tr("The encryption key comes from CREDENTIAL_ENCRYPTION_KEY (64 hexadecimal characters or 44 characters "
                "of base64).")
          << '\n'
          << tr("\"credctl COMMAND --help\" explains one command; docs/cli.md has the exit codes.") << '\n';
}

void Credctl::printCommandHelp(const Command& command)
{
    m_out << tr("Usage: credctl %1%2 [options]")
                 .arg(command.name, command.arguments.isEmpty() ? QString() : QStringLiteral(" ") + command.arguments)
          << "\n\n"
          << command.summary << "\n\n"
          << tr("Options:") << '\n';
    printTable(m_out, optionRows(command.options + globalOptions()));
}

int Credctl::fail(const Error& error)
{
    m_err << "credctl: " << terminalSafe(error.message) << '\n';
    m_err.flush();
    return exitCodeFor(error.code);
}

int Credctl::usage(const QString& message)
{
    return fail(makeError(ErrorCode::Usage, message));
}

QString Credctl::storePath() const
{
    if (m_parser && m_parser->isSet(QStringLiteral("store")))
        return m_parser->value(QStringLiteral("store"));
    const QString fromEnvironment = qEnvironmentVariable("CREDENTIAL_STORE");
    return fromEnvironment.isEmpty() ? CredentialStore::defaultPath() : fromEnvironment;
}

Result<std::unique_ptr<CredentialStore>> Credctl::openStore(const MasterKey* createWithKey) const
{
    const QString path = storePath();
    CredentialStore::Options options;
    options.mode = createWithKey ? CredentialStore::OpenMode::CreateIfMissing : CredentialStore::OpenMode::OpenExisting;
    options.key = createWithKey;
    Result<std::unique_ptr<CredentialStore>> store = CredentialStore::open(path, options);
    if (store || store.error().code != ErrorCode::PasswordNeeded)
        return store;
    // No password anywhere: ask on the terminal, as psql does (without one, the sentence stands).
    Result<SecureBuffer> typed = TerminalPrompt::readSecret(tr("Password for %1: ").arg(SqlDialect::displayName(path)));
    if (!typed)
        return store.error();
    options.password = QString::fromUtf8(typed->view());
    store = CredentialStore::open(path, options);
    wipe(options.password);
    return store;
}

Result<ResolvedKey> Credctl::resolveKey(const CredentialStore* store) const
{
    QString storeId;
    QString keyId;
    if (store) {
        storeId = store->storeId();
        Result<QString> stored = store->keyId();
        if (!stored)
            return stored.error();
        keyId = stored.value();
    }
    return KeyResolver::standard().resolve(storeId, keyId);
}

void Credctl::warnAboutKey(const CredentialStore* store)
{
    if (Result<ResolvedKey> key = resolveKey(store); !key) {
        m_err << "credctl: " << tr("warning:") << ' ' << terminalSafe(key.error().message) << '\n';
        m_err.flush();
    }
}

Result<std::unique_ptr<CredentialStore>> Credctl::openStoreToRead()
{
    Result<std::unique_ptr<CredentialStore>> store = openStore();
    if (!store && store.error().code != ErrorCode::NotFound)
        return store;
    if (!store)
        store = std::unique_ptr<CredentialStore>(); // no store yet reads as an empty one
    warnAboutKey(store->get());
    return store;
}

Result<Credctl::KeyedStore> Credctl::openKeyedStore() const
{
    Result<std::unique_ptr<CredentialStore>> store = openStore();
    if (!store && store.error().code != ErrorCode::NotFound)
        return store.error();
    // The key comes first: without one, every command that reads values exits 2.
    Result<ResolvedKey> key = resolveKey(store ? store->get() : nullptr);
    if (!key)
        return key.error();
    if (!store)
        return store.error();
    return KeyedStore { std::move(store).value(), std::move(key).value() };
}

Result<Credctl::Target> Credctl::openCredential(const QString& name) const
{
    Result<KeyedStore> keyed = openKeyedStore();
    if (!keyed && keyed.error().code == ErrorCode::NotFound)
        return makeError(ErrorCode::NotFound,
                         tr("No credential is named \"%1\"; \"credctl list\" shows the names.").arg(name));
    if (!keyed)
        return keyed.error();
    Result<CredentialSummary> found = keyed->store->find(name);
    if (!found)
        return found.error();
    return Target { std::move(keyed).value(), found.value() };
}

Result<FieldValues> Credctl::fieldOptions() const
{
    FieldValues fields;
    const auto split = [](const QString& option, const QString& text) -> Result<std::pair<QString, QString>> {
        const qsizetype equals = text.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return makeError(
                ErrorCode::Usage,
                tr("--%1 expects KEY=%2, for example --%1 endpoint=%3.")
                    .arg(option, option == QLatin1String("field") ? QStringLiteral("VALUE") : QStringLiteral("VAR"),
                         option == QLatin1String("field") ? QStringLiteral("https://example.com")
                                                          : QStringLiteral("MY_ENDPOINT")));
        return std::make_pair(text.left(equals), text.mid(equals + 1));
    };
    for (const QString& text : m_parser->values(QStringLiteral("field"))) {
        Result<std::pair<QString, QString>> pair = split(QStringLiteral("field"), text);
        if (!pair)
            return pair.error();
        fields.insert(pair->first, pair->second);
    }
    for (const QString& text : m_parser->values(QStringLiteral("field-env"))) {
        Result<std::pair<QString, QString>> pair = split(QStringLiteral("field-env"), text);
        if (!pair)
            return pair.error();
        const QByteArray variable = pair->second.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(variable.constData()))
            return makeError(ErrorCode::Usage,
                             tr("The environment variable %1 named by --field-env %2 is not set; export it first.")
                                 .arg(pair->second, pair->first));
        QString value = qEnvironmentVariable(variable.constData());
        fields.insert(pair->first, value);
        wipe(value);
    }
    return fields;
}

int Credctl::providers()
{
    warnAboutKey(nullptr);
    const ProviderRegistry& registry = ProviderRegistry::builtin();
    if (m_parser->isSet(QStringLiteral("json"))) {
        m_out << jsonForTerminal(QJsonDocument(registry.toJson()).toJson(QJsonDocument::Indented));
        return ExitSuccess;
    }
    bool first = true;
    for (const ProviderSpec& provider : registry.providers()) {
        if (!first)
            m_out << '\n';
        first = false;
        m_out << provider.name << " (" << provider.id << ")\n";
        QList<QStringList> rows;
        for (const FieldSpec& field : provider.fields) {
            QString notes = kindText(field.kind);
            notes += field.required ? tr(", required") : tr(", optional");
            if (field.defaultValue)
                notes += tr(", default %1").arg(*field.defaultValue);
            rows.append({ QStringLiteral("  ") + field.key, field.label, notes });
        }
        printTable(m_out, rows);
    }
    return ExitSuccess;
}

int Credctl::list()
{
    Result<std::unique_ptr<CredentialStore>> store = openStoreToRead();
    if (!store)
        return fail(store.error());
    QList<CredentialSummary> credentials;
    if (store.value()) {
        Result<QList<CredentialSummary>> listed = store.value()->list();
        if (!listed)
            return fail(listed.error());
        credentials = listed.value();
    }

    if (m_parser->isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const CredentialSummary& summary : credentials) {
            array.append(QJsonObject {
                { QStringLiteral("id"), summary.id },
                { QStringLiteral("name"), summary.name },
                { QStringLiteral("provider"), summary.provider },
                { QStringLiteral("updated_at"), isoUtc(summary.updatedAt) },
                { QStringLiteral("default_embeddings"), summary.defaultEmbeddings },
            });
        }
        m_out << jsonForTerminal(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitSuccess;
    }
    if (credentials.isEmpty()) {
        m_out << tr("No credentials yet. Add one with: credctl add NAME --provider ID --field KEY=VALUE ...") << '\n';
        return ExitSuccess;
    }
    const ProviderRegistry& registry = ProviderRegistry::builtin();
    QList<QStringList> rows { { tr("NAME"), tr("PROVIDER"), tr("LAST UPDATED") } };
    bool anyDefault = false;
    for (const CredentialSummary& summary : credentials) {
        const ProviderSpec* provider = registry.provider(summary.provider);
        anyDefault = anyDefault || summary.defaultEmbeddings;
        rows.append({ summary.name + (summary.defaultEmbeddings ? QStringLiteral(" *") : QString()),
                      provider ? provider->name : summary.provider, localTime(summary.updatedAt) });
    }
    printTable(m_out, rows);
    if (anyDefault)
        m_out << tr("* the default embeddings credential") << '\n';
    return ExitSuccess;
}

int Credctl::show()
{
    Result<Target> target = openCredential(m_positional.first());
    if (!target)
        return fail(target.error());
    CredentialStore& store = *target->store;
    const MasterKey& key = target->key.key;
    const CredentialSummary& found = target->credential;
    Result<Credential> credential = store.read(key, found.id);
    if (!credential)
        return fail(credential.error());

    const bool reveal = m_parser->isSet(QStringLiteral("reveal"));
    const CredentialSummary& summary = credential->summary;
    const ProviderSpec* provider = ProviderRegistry::builtin().provider(summary.provider);
    const auto isSecret = [&](const QString& key) {
        const FieldSpec* field = provider ? provider->field(key) : nullptr;
        return !field || field->isSecret(); // unknown keys are treated as secret
    };

    if (m_parser->isSet(QStringLiteral("json"))) {
        QJsonObject fields;
        for (auto it = credential->fields.map().cbegin(); it != credential->fields.map().cend(); ++it)
            fields.insert(it.key(), reveal || !isSecret(it.key()) ? QJsonValue(it.value()) : QJsonValue());
        QByteArray json = QJsonDocument(QJsonObject {
                                            { QStringLiteral("id"), summary.id },
                                            { QStringLiteral("name"), summary.name },
                                            { QStringLiteral("provider"), summary.provider },
                                            { QStringLiteral("created_at"), isoUtc(summary.createdAt) },
                                            { QStringLiteral("updated_at"), isoUtc(summary.updatedAt) },
                                            { QStringLiteral("revision"), summary.revision },
                                            { QStringLiteral("default_embeddings"), summary.defaultEmbeddings },
                                            { QStringLiteral("fields"), fields },
                                        })
                              .toJson(QJsonDocument::Indented);
        QByteArray shown = jsonForTerminal(json);
        m_out << shown;
        m_out.flush();
        wipe(shown);
        wipe(json);
        return ExitSuccess;
    }

    QList<QStringList> rows {
        { tr("Name:"), summary.name },
        { tr("Provider:"),
          QStringLiteral("%1 (%2)").arg(provider ? provider->name : summary.provider, summary.provider) },
        { tr("Id:"), summary.id },
        { tr("Created:"), localTime(summary.createdAt) },
        { tr("Last updated:"), localTime(summary.updatedAt) },
        { tr("Revision:"), QString::number(summary.revision) },
    };
    if (summary.defaultEmbeddings)
        rows.append({ tr("Default embeddings:"), tr("yes") });
    if (provider) {
        for (const FieldSpec& field : provider->fields) {
            QString value = credential->fields.value(field.key);
            if (!credential->fields.contains(field.key))
                value = field.defaultValue ? tr("(empty: default %1)").arg(*field.defaultValue) : tr("(empty)");
            else if (field.isSecret() && !reveal)
                value = Mask + tr("  (hidden; --reveal shows it)");
            rows.append({ field.label + QLatin1Char(':'), value });
        }
    }
    printTable(m_out, rows);
    m_out.flush();
    for (QStringList& row : rows)
        wipe(row.last());
    return ExitSuccess;
}

int Credctl::add()
{
    Result<FieldValues> fields = fieldOptions();
    if (!fields)
        return fail(fields.error());
    if (!m_parser->isSet(QStringLiteral("provider")))
        return usage(tr("add needs --provider ID; \"credctl providers\" lists the ids."));
    Result<std::unique_ptr<CredentialStore>> store = openStore();
    if (!store && store.error().code != ErrorCode::NotFound)
        return fail(store.error());
    Result<ResolvedKey> key = resolveKey(store ? store->get() : nullptr);
    if (!key)
        return fail(key.error());

    // Check the input before a missing store file is created for it.
    const ProviderRegistry& registry = ProviderRegistry::builtin();
    Error error { ErrorCode::Validation, {} };
    const ProviderSpec* provider
        = CredentialValidator::findProvider(registry, m_parser->value(QStringLiteral("provider")), &error);
    if (!provider)
        return fail(error);
    if (Result<QString> name = CredentialValidator::validateName(m_positional.first()); !name)
        return fail(name.error());
    if (Result<FieldValues> valid = CredentialValidator::validateFields(*provider, fields.value()); !valid)
        return fail(valid.error());

    if (!store) {
        store = openStore(&key->key);
        if (!store)
            return fail(store.error());
    }
    Result<CredentialSummary> created
        = store.value()->create(key->key, m_positional.first(), provider->id, fields.value());
    if (!created)
        return fail(created.error());
    m_out << tr("Added credential \"%1\" (%2).").arg(created->name, provider->name) << '\n';
    if (created->defaultEmbeddings)
        m_out << tr("It is now the default embeddings credential.") << '\n';
    return ExitSuccess;
}

int Credctl::edit()
{
    Result<FieldValues> changes = fieldOptions();
    if (!changes)
        return fail(changes.error());
    const bool rename = m_parser->isSet(QStringLiteral("rename"));
    if (!rename && changes->isEmpty())
        return usage(tr("Nothing to change; pass --rename NEW or --field KEY=VALUE."));
    Result<Target> target = openCredential(m_positional.first());
    if (!target)
        return fail(target.error());
    CredentialStore& store = *target->store;
    const MasterKey& key = target->key.key;
    const CredentialSummary& found = target->credential;

    FieldValues fields;
    Result<Credential> current = store.read(key, found.id);
    if (current)
        fields = current->fields;
    else if (current.error().code != ErrorCode::Corrupt)
        return fail(current.error());
    // An empty value clears an optional field; the validator drops it (and refuses an
    // unknown key whatever its value).
    for (const QString& fieldKey : changes->keys())
        fields.insert(fieldKey, changes->value(fieldKey));
    if (!current) {
        // Values that no longer decrypt are replaced only by a complete set given now.
        const ProviderSpec* provider = ProviderRegistry::builtin().provider(found.provider);
        for (const FieldSpec& field : provider ? provider->fields : QList<FieldSpec>()) {
            if (field.required && !field.defaultValue && fields.value(field.key).trimmed().isEmpty())
                return fail(current.error());
        }
    }
    const QString newName = rename ? m_parser->value(QStringLiteral("rename")) : found.name;
    Result<CredentialSummary> updated = store.update(key, found.id, found.revision, newName, fields);
    if (!updated)
        return fail(updated.error());
    if (updated->revision == found.revision)
        m_out << tr("Credential \"%1\" already has these values; nothing changed.").arg(updated->name) << '\n';
    else
        m_out << tr("Updated credential \"%1\".").arg(updated->name) << '\n';
    if (updated->defaultEmbeddings && !found.defaultEmbeddings)
        m_out << tr("It is now the default embeddings credential.") << '\n';
    return ExitSuccess;
}

int Credctl::remove()
{
    if (!m_parser->isSet(QStringLiteral("confirm")))
        return usage(tr("delete needs --confirm followed by the exact credential name."));
    Result<Target> target = openCredential(m_positional.first());
    if (!target)
        return fail(target.error());
    CredentialStore& store = *target->store;
    const MasterKey& key = target->key.key;
    const CredentialSummary& found = target->credential;
    if (m_parser->value(QStringLiteral("confirm")) != found.name)
        return fail(makeError(
            ErrorCode::Validation,
            tr("The confirmation does not match the credential name \"%1\"; type the exact name after --confirm to "
               "delete it.")
                .arg(found.name)));
    if (Result<void> removed = store.remove(key, found.id, found.revision); !removed)
        return fail(removed.error());

    const ProviderSpec* provider = ProviderRegistry::builtin().provider(found.provider);
    m_out << tr("Deleted credential \"%1\"; features that used it can no longer reach %2.")
                 .arg(terminalSafe(found.name), terminalSafe(provider ? provider->name : found.provider))
          << '\n';
    if (found.defaultEmbeddings) {
        Result<QList<CredentialSummary>> remaining = store.list();
        QString successor;
        if (remaining) {
            for (const CredentialSummary& summary : remaining.value()) {
                if (summary.defaultEmbeddings)
                    successor = summary.name;
            }
        }
        if (successor.isEmpty())
            m_out << tr("There is no default embeddings credential any more.") << '\n';
        else
            m_out << tr("The default embeddings credential is now \"%1\".").arg(terminalSafe(successor)) << '\n';
    }
    return ExitSuccess;
}

int Credctl::test()
{
    ConnectionTester::Options options;
    if (m_parser->isSet(QStringLiteral("timeout"))) {
        bool isNumber = false;
        const int seconds = m_parser->value(QStringLiteral("timeout")).toInt(&isNumber);
        if (!isNumber || seconds < 1 || seconds > 600)
            return usage(tr("--timeout needs a whole number of seconds from 1 to 600."));
        options.totalTimeoutMs = seconds * 1000;
    }
    Result<Target> target = openCredential(m_positional.first());
    if (!target)
        return fail(target.error());
    Result<Credential> credential = target->store->read(target->key.key, target->credential.id);
    if (!credential)
        return fail(credential.error());
    const ProviderSpec* provider = ProviderRegistry::builtin().provider(credential->summary.provider);
    if (!provider) {
        m_err << tr("\"%1\" uses the provider \"%2\", which this version of credctl does not know; update credctl to "
                    "test it.")
                     .arg(terminalSafe(credential->summary.name), terminalSafe(credential->summary.provider))
              << '\n';
        return ExitConnection;
    }

    const ConnectionTestResult result = ConnectionTester::run(*provider, credential->fields, options);
    QTextStream& stream = result.ok() ? m_out : m_err;
    for (const QString& warning : result.warnings)
        stream << tr("Warning: %1").arg(terminalSafe(warning)) << '\n';
    stream << terminalSafe(result.message) << '\n';
    if (result.ok()) {
        for (const QString& detail : result.details)
            stream << "  " << terminalSafe(detail) << '\n';
        return ExitSuccess;
    }
    // Stored values that break the rules are a validation problem, not a connection one.
    const bool refused = result.status == ConnectionTestResult::Status::InvalidSettings
        || result.status == ConnectionTestResult::Status::InsecureEndpoint;
    return refused ? ExitValidation : ExitConnection;
}

int Credctl::keyGenerate()
{
    const MasterKey key = MasterKey::generate();
    const SecureBuffer line = key.toHexLine();
    m_out.flush();
    // The key exists only in this output: a write that fails (a full disk) must not pass for one
    // that worked.
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0)
        return fail(makeError(ErrorCode::Io,
                              tr("The key could not be written to the standard output (%1); check "
                                 "where the output goes and generate a new key.")
                                  .arg(qt_error_string(errno))));
    m_err << tr("Keep this key safe: set it as CREDENTIAL_ENCRYPTION_KEY for the application, credctl and the "
                "platform services. A lost key cannot be recovered.")
          << '\n';
    return ExitSuccess;
}

Result<SecureBuffer> Credctl::passphrase(bool confirm) const
{
    constexpr std::size_t MinimumLength = 8;
    SecureBuffer answer;
    if (m_parser->isSet(QStringLiteral("passphrase-env"))) {
        const QString variable = m_parser->value(QStringLiteral("passphrase-env"));
        const std::optional<QByteArrayView> text = EnvironmentKeySource::read(variable);
        if (!text)
            return makeError(
                ErrorCode::Usage,
                tr("The environment variable %1 named by --passphrase-env is not set; export it first.").arg(variable));
        answer = SecureBuffer::copyOf(*text);
    } else {
        Result<SecureBuffer> typed = TerminalPrompt::readSecret(tr("Passphrase of the export file: "));
        if (!typed)
            return typed;
        answer = std::move(typed).value();
        if (confirm) {
            Result<SecureBuffer> again = TerminalPrompt::readSecret(tr("The same passphrase again: "));
            if (!again)
                return again;
            if (again->size() != answer.size() || sodium_memcmp(again->data(), answer.data(), answer.size()) != 0)
                return makeError(ErrorCode::Usage,
                                 tr("The two passphrases differ; run the command again and type the same one twice."));
        }
    }
    if (answer.isEmpty())
        return makeError(ErrorCode::Usage, tr("The passphrase is empty; give the passphrase of the export file."));
    if (confirm && answer.size() < MinimumLength)
        return makeError(
            ErrorCode::Validation,
            tr("The passphrase is too short; use at least %1 characters to protect the backup.").arg(MinimumLength));
    return answer;
}

int Credctl::keyStore()
{
    // The keychain entry is named by the store's id, so the store must exist; creating one
    // here would leave it behind whenever the keychain then refuses the key.
    Result<KeyedStore> keyed = openKeyedStore();
    if (!keyed && keyed.error().code == ErrorCode::NotFound)
        return fail(makeError(ErrorCode::NotFound,
                              tr("There is no credential store at %1 yet; add a credential first, then keep its key "
                                 "with \"credctl key store\".")
                                  .arg(QDir::toNativeSeparators(storePath()))));
    if (!keyed)
        return fail(keyed.error());
    CredentialStore& opened = *keyed->store;
    const ResolvedKey& key = keyed->key;
    const QString entry = opened.storeId();
    if (key.kind == KeySource::Kind::Keychain) {
        m_out << tr("The system keychain already holds the key of this store (service \"%1\", entry \"%2\").")
                     .arg(QString::fromLatin1(Keychain::Service), entry)
              << '\n';
        return ExitSuccess;
    }
    if (Result<void> bound = opened.bindKey(key.key); !bound)
        return fail(bound.error());
    if (Result<void> saved = KeychainKeySource::save(entry, key.key); !saved)
        return fail(saved.error());
    m_out << tr("The key of store %1 is now in the system keychain (service \"%2\", entry \"%3\"); "
                "CREDENTIAL_ENCRYPTION_KEY is no longer needed on this machine.")
                 .arg(SqlDialect::displayName(opened.path()), QString::fromLatin1(Keychain::Service), entry)
          << '\n';
    return ExitSuccess;
}

int Credctl::keyForget()
{
    Result<std::unique_ptr<CredentialStore>> store = openStore();
    if (!store)
        return fail(store.error());
    CredentialStore& opened = *store.value();
    Result<std::optional<SecureBuffer>> held = Keychain::readBlocking(opened.storeId());
    if (!held)
        return fail(held.error());
    if (!held.value()) {
        m_out << tr("The system keychain holds no key for store %1; nothing was removed.")
                     .arg(SqlDialect::displayName(opened.path()))
              << '\n';
        return ExitSuccess;
    }
    // Forgetting the only copy would lose every credential: the environment must hold it too.
    if (!m_parser->isSet(QStringLiteral("force"))) {
        Result<QString> keyId = opened.keyId();
        if (!keyId)
            return fail(keyId.error());
        Result<std::optional<MasterKey>> fromEnvironment = EnvironmentKeySource().load(opened.storeId(), keyId.value());
        if (!fromEnvironment || !fromEnvironment.value() || fromEnvironment.value()->keyId() != keyId.value())
            return fail(makeError(ErrorCode::KeyMissing,
                                  tr("Removing the key from the system keychain would leave no copy of it on this "
                                     "machine; set CREDENTIAL_ENCRYPTION_KEY to the key first, or pass --force if it "
                                     "is kept safely elsewhere.")));
    }
    if (Result<void> removed = KeychainKeySource::forget(opened.storeId()); !removed)
        return fail(removed.error());
    m_out << tr("The key of store %1 is no longer in the system keychain; CREDENTIAL_ENCRYPTION_KEY must provide it "
                "from now on.")
                 .arg(SqlDialect::displayName(opened.path()))
          << '\n';
    return ExitSuccess;
}

int Credctl::keyRotate()
{
    if (!m_parser->isSet(QStringLiteral("new-key-env")))
        return usage(tr("key rotate needs --new-key-env VAR, the environment variable that holds the new key (make "
                        "one with \"credctl key generate\")."));
    const QString variable = m_parser->value(QStringLiteral("new-key-env"));
    const std::optional<QByteArrayView> text = EnvironmentKeySource::read(variable);
    if (!text || text->isEmpty())
        return usage(
            tr("The environment variable %1 named by --new-key-env is not set; export the new key in it first.")
                .arg(variable));
    Result<MasterKey> next = MasterKey::parse(*text, variable);
    if (!next)
        return fail(next.error());

    Result<std::unique_ptr<CredentialStore>> store = openStore();
    if (!store)
        return fail(store.error());
    CredentialStore& opened = *store.value();
    Result<ResolvedKey> current = resolveKey(&opened);
    if (!current)
        return fail(current.error());
    if (current->key.keyId() == next->keyId())
        return usage(tr("The store already uses the key in %1; generate a new one with \"credctl key generate\".")
                         .arg(variable));

    Result<KeyRotation::Outcome> rotated = KeyRotation::rotate(opened, current.value(), next.value());
    if (!rotated)
        return fail(rotated.error());
    m_out << tr("Re-encrypted %n credential(s) under the new key; the store's key id is now %1.", nullptr,
                rotated->credentials)
                 .arg(next->keyId())
          << '\n';
    if (rotated->promotionProblem)
        m_err << "credctl: " << tr("warning:") << ' '
              << tr("the system keychain still holds the new key as pending (%1); it takes its place the next time "
                    "the key is read.")
                     .arg(rotated->promotionProblem->message)
              << '\n';
    else if (rotated->inKeychain)
        m_out << tr("The system keychain now holds the new key.") << '\n';
    m_out << tr("Platform services and every other machine that reads this store need the new key now: set "
                "CREDENTIAL_ENCRYPTION_KEY to it wherever the old one was used.")
          << '\n';
    return ExitSuccess;
}

int Credctl::exportStore()
{
    Result<KeyedStore> keyed = openKeyedStore();
    if (!keyed)
        return fail(keyed.error());
    Result<QList<Credential>> credentials = keyed->store->exportAll(keyed->key.key);
    if (!credentials)
        return fail(credentials.error());
    Result<SecureBuffer> secret = passphrase(true);
    if (!secret)
        return fail(secret.error());
    Result<QByteArray> file = ExportFile::write(credentials.value(), secret.value());
    if (!file)
        return fail(file.error());

    const QString path = m_positional.first();
    QSaveFile output(path);
    // A write the disk cuts short reports no error; the next one says why (no space left).
    const auto writeAll = [&output](const QByteArray& bytes) {
        for (qint64 written = 0, step = 0; written < bytes.size(); written += step) {
            step = output.write(bytes.constData() + written, bytes.size() - written);
            if (step <= 0)
                return false;
        }
        return true;
    };
    if (!output.open(QIODevice::WriteOnly) || !output.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || !writeAll(file.value()) || !output.commit())
        return fail(makeError(ErrorCode::Io,
                              tr("The export file %1 could not be written (%2); check the folder.")
                                  .arg(QDir::toNativeSeparators(path), output.errorString())));
    m_out << tr("Exported %n credential(s) to %1, protected by the passphrase; without the passphrase the file cannot "
                "be restored.",
                nullptr, int(credentials->size()))
                 .arg(QDir::toNativeSeparators(path))
          << '\n';
    return ExitSuccess;
}

int Credctl::importStore()
{
    CredentialStore::ConflictPolicy policy = CredentialStore::ConflictPolicy::Fail;
    const QString onConflict = m_parser->value(QStringLiteral("on-conflict"));
    if (onConflict == QLatin1String("skip"))
        policy = CredentialStore::ConflictPolicy::Skip;
    else if (onConflict == QLatin1String("replace"))
        policy = CredentialStore::ConflictPolicy::Replace;
    else if (!onConflict.isEmpty() && onConflict != QLatin1String("fail"))
        return usage(tr("--on-conflict takes fail, skip or replace."));

    const QString path = m_positional.first();
    QFile input(path);
    constexpr qint64 MaximumSize = qint64(256) * 1024 * 1024;
    if (!input.open(QIODevice::ReadOnly))
        return fail(makeError(ErrorCode::Corrupt,
                              tr("The export file %1 could not be read (%2); check the path.")
                                  .arg(QDir::toNativeSeparators(path), input.errorString())));
    if (input.size() > MaximumSize)
        return fail(
            makeError(ErrorCode::Corrupt,
                      tr("%1 is too large to be an export file; check the path.").arg(QDir::toNativeSeparators(path))));
    const QByteArray file = input.readAll();

    Result<std::unique_ptr<CredentialStore>> store = openStore();
    if (!store && store.error().code != ErrorCode::NotFound)
        return fail(store.error());
    Result<ResolvedKey> key = resolveKey(store ? store->get() : nullptr);
    if (!key)
        return fail(key.error());
    Result<SecureBuffer> secret = passphrase(false);
    if (!secret)
        return fail(secret.error());
    Result<QList<Credential>> credentials = ExportFile::read(file, secret.value(), path);
    if (!credentials)
        return fail(credentials.error());
    if (!store) {
        store = openStore(&key->key);
        if (!store)
            return fail(store.error());
    }
    Result<CredentialStore::ImportSummary> imported = store.value()->importAll(key->key, credentials.value(), policy);
    if (!imported)
        return fail(imported.error());
    m_out << tr("Imported %1 new and %2 replaced credential(s) from %3; %4 skipped because the name was taken.")
                 .arg(imported->added)
                 .arg(imported->replaced)
                 .arg(QDir::toNativeSeparators(path))
                 .arg(imported->skipped)
          << '\n';
    return ExitSuccess;
}

int Credctl::audit()
{
    Result<std::unique_ptr<CredentialStore>> store = openStoreToRead();
    if (!store)
        return fail(store.error());
    QList<AuditEntry> entries;
    if (store.value()) {
        Result<QList<AuditEntry>> log = store.value()->auditLog();
        if (!log)
            return fail(log.error());
        entries = log.value();
    }

    if (m_parser->isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const AuditEntry& entry : entries) {
            array.append(QJsonObject {
                { QStringLiteral("id"), entry.id },
                { QStringLiteral("at"), isoUtc(entry.at) },
                { QStringLiteral("actor"), entry.actor },
                { QStringLiteral("action"), entry.action },
                { QStringLiteral("credential_id"),
                  entry.credentialId.isEmpty() ? QJsonValue() : QJsonValue(entry.credentialId) },
                { QStringLiteral("credential_name"),
                  entry.credentialName.isEmpty() ? QJsonValue() : QJsonValue(entry.credentialName) },
                { QStringLiteral("fields"), QJsonArray::fromStringList(entry.fields) },
            });
        }
        m_out << jsonForTerminal(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return ExitSuccess;
    }
    if (entries.isEmpty()) {
        m_out << tr("The audit log is empty.") << '\n';
        return ExitSuccess;
    }
    QList<QStringList> rows { { tr("WHEN"), tr("WHO"), tr("ACTION"), tr("CREDENTIAL"), tr("FIELDS") } };
    for (const AuditEntry& entry : entries) {
        rows.append({ localTime(entry.at), entry.actor, actionText(entry.action), entry.credentialName,
                      entry.fields.join(QStringLiteral(", ")) });
    }
    printTable(m_out, rows);
    return ExitSuccess;
}

} // namespace cm
