#pragma once

#include "cli/ExitCode.h"
#include "common/Error.h"
#include "keys/KeyResolver.h"
#include "store/Credential.h"
#include <QCoreApplication>

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace cm {

class CredentialStore;
class FieldValues;

// The credctl command line (docs/cli.md): parses the arguments, runs one command against
// the store and returns the exit code. main() is only a QCoreApplication around this.
class Credctl
{
    Q_DECLARE_TR_FUNCTIONS(cm::Credctl)

public:
    Credctl();
    ~Credctl();
    int run(const QStringList& arguments);

private:
    struct Command
    {
        QString name;
        QString arguments; // the synopsis after the command name
        QString summary;
        QList<QCommandLineOption> options;
        int minPositional = 0;
        int maxPositional = 0;
        int (Credctl::*handler)() = nullptr;
    };

    int providers();
    int list();
    int show();
    int add();
    int edit();
    int remove();
    int keyGenerate();
    int keyStore();
    int keyForget();
    int keyRotate();
    int test();
    int exportStore();
    int importStore();
    int audit();

    QList<Command> commands() const;
    static QList<QCommandLineOption> globalOptions();
    void printGeneralHelp();
    void printCommandHelp(const Command& command);

    QString storePath() const;
    // Opens the store; with a key, creates it (bound to that key) when it does not exist yet.
    Result<std::unique_ptr<CredentialStore>> openStore(const MasterKey* createWithKey = nullptr) const;
    // Resolves the key for `store` (null when the store does not exist yet).
    Result<ResolvedKey> resolveKey(const CredentialStore* store) const;
    // For commands that decrypt nothing: warns on stderr when the key is unusable.
    void warnAboutKey(const CredentialStore* store);
    // For list and audit: the store, or null when it does not exist yet; warns about the key.
    Result<std::unique_ptr<CredentialStore>> openStoreToRead();

    // An existing store and the key that opens it (export, and the commands below).
    struct KeyedStore
    {
        std::unique_ptr<CredentialStore> store;
        ResolvedKey key;
    };
    Result<KeyedStore> openKeyedStore() const;
    // A named credential with its store and the key that opens it (show, edit, delete).
    struct Target : KeyedStore
    {
        CredentialSummary credential;
    };
    Result<Target> openCredential(const QString& name) const;
    Result<FieldValues> fieldOptions() const;
    // The export passphrase from --passphrase-env, or asked on the terminal (twice when
    // `confirm`, for a new file).
    Result<SecureBuffer> passphrase(bool confirm) const;

    int fail(const Error& error);
    int usage(const QString& message);

    std::unique_ptr<QCommandLineParser> m_parser;
    QStringList m_positional; // after the command name
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace cm
