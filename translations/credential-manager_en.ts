<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>cm::BuildInfo</name>
    <message>
        <source>%1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ConnectionTester</name>
    <message>
        <source>Connecting to %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirected the request more than %2 times; check the endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirects to %2, and the %3 is never sent to another address, so it was not tested; if %2 belongs to the provider, change the %4 to %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available</source>
        <translation>
            <numerusform>%n model available</numerusform>
            <numerusform>%n models available</numerusform>
        </translation>
    </message>
    <message>
        <source>The endpoint answers only with &quot;%1&quot; added; change the %2 to %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::Credctl</name>
    <message>
        <source>Print JSON with stable keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a field (repeatable); an empty value clears an optional field. Prefer --field-env for secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable that holds the passphrase; without it, it is asked for on the terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set a field from an environment variable (repeatable), keeping secrets out of shell history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store: a SQLite file path or postgresql://user@host:port/database (default: $CREDENTIAL_STORE, else %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show help for credctl or for one command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the providers and their fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the credentials (names and providers; nothing is decrypted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show one credential; secrets stay masked unless --reveal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print secret values in clear text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a credential, encrypted under the store&apos;s key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider id (see &quot;credctl providers&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change a credential&apos;s fields or name; fields not given keep their values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the credential a new name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete a credential permanently; features using it stop working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The exact name of the credential, to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test a credential against its provider (a free request such as listing the models).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give up after this many seconds in all (default 20; connecting may take at most 10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print a new random encryption key (64 hexadecimal characters) for CREDENTIAL_ENCRYPTION_KEY.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the store&apos;s key (from CREDENTIAL_ENCRYPTION_KEY) in the system keychain, so the variable can be dropped on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the store&apos;s key from the system keychain; CREDENTIAL_ENCRYPTION_KEY must then provide it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove it even when CREDENTIAL_ENCRYPTION_KEY does not hold the key (it must be kept elsewhere).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-encrypt every credential under a new key, atomically; platform services then need the new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable that holds the new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a passphrase-protected backup of every credential, restorable into any store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the credentials of a backup into this store, under this store&apos;s key, atomically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When a name is taken: fail (the default; nothing is imported), skip, or replace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the audit log: who changed which credential and which fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; &quot;credctl --help&quot; lists the commands and options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a credctl command; &quot;credctl --help&quot; lists the commands.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; &quot;credctl %1 --help&quot; shows the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: credctl %1%2%3; &quot;credctl %1 --help&quot; explains it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>credctl: manage the encrypted credential store of AI Credential Manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: credctl [--store PATH] COMMAND [options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global options (before or after the command):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encryption key comes from CREDENTIAL_ENCRYPTION_KEY (64 hexadecimal characters or 44 characters of base64).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;credctl COMMAND --help&quot; explains one command; docs/cli.md has the exit codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: credctl %1%2 [options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credential is named &quot;%1&quot;; &quot;credctl list&quot; shows the names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 expects KEY=%2, for example --%1 endpoint=%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 named by --field-env %2 is not set; export it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, default %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials yet. Add one with: credctl add NAME --provider ID --field KEY=VALUE ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PROVIDER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAST UPDATED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* the default embeddings credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last updated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default embeddings:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty: default %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (hidden; --reveal shows it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add needs --provider ID; &quot;credctl providers&quot; lists the ids.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added credential &quot;%1&quot; (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is now the default embeddings credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change; pass --rename NEW or --field KEY=VALUE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential &quot;%1&quot; already has these values; nothing changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated credential &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete needs --confirm followed by the exact credential name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The confirmation does not match the credential name &quot;%1&quot;; type the exact name after --confirm to delete it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted credential &quot;%1&quot;; features that used it can no longer reach %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no default embeddings credential any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The default embeddings credential is now &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--timeout needs a whole number of seconds from 1 to 600.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; uses the provider &quot;%2&quot;, which this version of credctl does not know; update credctl to test it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this key safe: set it as CREDENTIAL_ENCRYPTION_KEY for the application, credctl and the platform services. A lost key cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 named by --passphrase-env is not set; export it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase of the export file: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same passphrase again: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ; run the command again and type the same one twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is empty; give the passphrase of the export file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is too short; use at least %1 characters to protect the backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no credential store at %1 yet; add a credential first, then keep its key with &quot;credctl key store&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain already holds the key of this store (service &quot;%1&quot;, entry &quot;%2&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of store %1 is now in the system keychain (service &quot;%2&quot;, entry &quot;%3&quot;); CREDENTIAL_ENCRYPTION_KEY is no longer needed on this machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain holds no key for store %1; nothing was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removing the key from the system keychain would leave no copy of it on this machine; set CREDENTIAL_ENCRYPTION_KEY to the key first, or pass --force if it is kept safely elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key of store %1 is no longer in the system keychain; CREDENTIAL_ENCRYPTION_KEY must provide it from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key rotate needs --new-key-env VAR, the environment variable that holds the new key (make one with &quot;credctl key generate&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment variable %1 named by --new-key-env is not set; export the new key in it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store already uses the key in %1; generate a new one with &quot;credctl key generate&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Re-encrypted %n credential(s) under the new key; the store&apos;s key id is now %1.</source>
        <translation>
            <numerusform>Re-encrypted %n credential under the new key; the store&apos;s key id is now %1.</numerusform>
            <numerusform>Re-encrypted %n credentials under the new key; the store&apos;s key id is now %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>the system keychain still holds the new key as pending (%1); it takes its place the next time the key is read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain now holds the new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform services and every other machine that reads this store need the new key now: set CREDENTIAL_ENCRYPTION_KEY to it wherever the old one was used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export file %1 could not be written (%2); check the folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n credential(s) to %1, protected by the passphrase; without the passphrase the file cannot be restored.</source>
        <translation>
            <numerusform>Exported %n credential to %1, protected by the passphrase; without the passphrase the file cannot be restored.</numerusform>
            <numerusform>Exported %n credentials to %1, protected by the passphrase; without the passphrase the file cannot be restored.</numerusform>
        </translation>
    </message>
    <message>
        <source>--on-conflict takes fail, skip or replace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export file %1 could not be read (%2); check the path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be an export file; check the path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1 new and %2 replaced credential(s) from %3; %4 skipped because the name was taken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WHEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>WHO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CREDENTIAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FIELDS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of the output: %1 (default: the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <comment>field kind</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url</source>
        <comment>field kind</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret</source>
        <comment>field kind</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create</source>
        <comment>audit action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>update</source>
        <comment>audit action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rename</source>
        <comment>audit action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delete</source>
        <comment>audit action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotate-key</source>
        <comment>audit action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import</source>
        <comment>audit action</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key could not be written to the standard output (%1); check where the output goes and generate a new key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::CredentialStore</name>
    <message>
        <source>No store path was given; pass --store with a file path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file; pass the path of a credential store file with --store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no credential store at %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 could not be created; check that you may write to its parent folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store file %1 could not be created (%2); check that you may write to its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store %1 has no store id or an unknown format; restore it from a backup or choose another store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a database but not a credential store; choose another store with --store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store %1 has no valid schema version; restore it from a backup or choose another store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store %1 was written by a newer version of AI Credential Manager (schema %2, this version reads up to %3); update AI Credential Manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credential is named &quot;%1&quot;; &quot;credctl list&quot; shows the names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential no longer exists: someone deleted it; reload the list of credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored values of credential &quot;%1&quot; were modified or damaged and cannot be decrypted; re-enter its values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A credential named &quot;%1&quot; already exists; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential &quot;%1&quot; was changed by someone else since it was read; reload it and make your change again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential no longer exists; someone deleted it since it was read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored values of credential &quot;%1&quot; were modified or damaged, so the key was not changed; re-enter or delete that credential, then rotate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not every credential could be re-encrypted, so the key was not changed; run the rotation again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential &quot;%1&quot; in the file: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds two credentials named &quot;%1&quot;; it cannot be imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store already has a credential named &quot;%1&quot;, so nothing was imported; choose --on-conflict skip or replace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store %1 is damaged: its table &quot;%2&quot; is missing; restore it from a backup or choose another store.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::CredentialValidator</name>
    <message>
        <source>%1 must be an absolute https:// URL such as https://example.com/v1; check what you entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must use https://; plain http:// is only allowed for loopback hosts such as localhost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name is required; enter a name that identifies this credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name is too long; use at most %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name contains a control character such as a line break or tab; remove it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required; enter a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains a control character such as a line break; enter the value on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 must look like YYYY-MM-DD, optionally followed by -preview (for example 2023-05-15).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a field of %2; use one of: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider &quot;%1&quot; is not known; use one of: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name contains U+FFFD, the mark of bytes that are not valid UTF-8 text; enter the name again in UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 contains U+FFFD, the mark of bytes that are not valid UTF-8 text; enter the value again in UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ExportFile</name>
    <message>
        <source>There is not enough memory to derive the export key from the passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an AI Credential Manager export file or is damaged; use an intact copy of the export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was exported by a newer version of AI Credential Manager; update it to import this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough memory to open %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase does not open %1; enter the passphrase it was exported with (if that one fails too, the file&apos;s header was altered).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::KeyResolver</name>
    <message>
        <source>Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY: no encryption key is set, and the system keychain is unavailable (%1); a new key comes from &quot;credctl key generate&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY: no encryption key is set, and one is required for secure credential storage (a new key comes from &quot;credctl key generate&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encryption key does not match this store (the store expects key id %1); set the key this store was created with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encryption key from %1 does not match this store (the store expects key id %2); set the key this store was created with.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::Keychain</name>
    <message>
        <source>The system keychain refused access to the store key; allow access, or set CREDENTIAL_ENCRYPTION_KEY instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it did not answer within %1 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no keychain service answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain is unavailable (%1); set CREDENTIAL_ENCRYPTION_KEY to the store key instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::KeychainKeySource</name>
    <message>
        <source>The system keychain entry %1 does not hold a 32-byte key; remove it with &quot;credctl key forget&quot; and store the key again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::MasterKey</name>
    <message>
        <source>The encryption key in %1 is not valid: expected 64 hexadecimal characters or 44 characters of base64 (32 bytes); generate a new key with &quot;credctl key generate&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libsodium could not be initialised.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A master key has exactly 32 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::PayloadCipher</name>
    <message>
        <source>The encrypted values could not be decrypted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ProbePlan</name>
    <message>
        <source>The %1 &quot;%2&quot; cannot be part of the address %3; use only letters, digits and the characters - . _ ~, or enter the %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint &quot;%1&quot; is not a valid https:// address; check the %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint %1 uses plain HTTP, and a key is only sent over HTTPS (or to this computer); change the %2 to its https:// address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host %1 does not start with the %2 &quot;%3&quot;; check that the endpoint and the %2 belong to the same resource.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>instance name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 is not shaped like a JWT (&quot;eyJ...&quot;, three parts separated by dots), which %2 tokens are; check that it was copied completely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 expired on %2; create a new one and save it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 expires on %2, within a day; create a new one now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The %1 expires on %2 (in %n day(s)); create a new one before then.</source>
        <translation>
            <numerusform>The %1 expires on %2 (in %n day); create a new one before then.</numerusform>
            <numerusform>The %1 expires on %2 (in %n days); create a new one before then.</numerusform>
        </translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ProviderRegistry</name>
    <message>
        <source>Azure OpenAI</source>
        <comment>provider name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API Endpoint</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Azure OpenAI service endpoint</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instance Name</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Azure resource name</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API Key</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Azure OpenAI API key</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Azure OpenAI Embeddings</source>
        <comment>provider name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings Instance Name</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedicated embeddings instance name</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings Deployment Name</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model deployment identifier</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings API Key</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key for embeddings access</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings API Version</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API version (default: 2023-05-15)</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to use https://&lt;instance name&gt;.openai.azure.com; set it for proxies and sovereign clouds</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{host} has no deployment named &quot;{deployment_name}&quot;; check the Embeddings Deployment Name (deployments can take a few minutes to become available).</source>
        <comment>connection test message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The deployment &quot;{deployment_name}&quot; on {host} does not create embeddings (it is probably a chat model); enter the deployment of an embeddings model such as text-embedding-3-small.</source>
        <comment>connection test message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mistral AI</source>
        <comment>provider name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your Mistral AI API key</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to use https://api.mistral.ai/v1</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IONOS</source>
        <comment>provider name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <comment>field label</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your IONOS service token</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to use https://openai.inference.de-txl.ionos.com/v1</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom Provider</source>
        <comment>provider name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication key for your service</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL for your API service</source>
        <comment>field help</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ReplyClassifier</name>
    <message>
        <source>The provider said: &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection test was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Could not connect to %1 within %n second(s); check the endpoint URL, the network and the proxy settings.</source>
        <translation>
            <numerusform>Could not connect to %1 within %n second; check the endpoint URL, the network and the proxy settings.</numerusform>
            <numerusform>Could not connect to %1 within %n seconds; check the endpoint URL, the network and the proxy settings.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 did not answer within %n second(s); check the endpoint URL and the network, or allow more time.</source>
        <translation>
            <numerusform>%1 did not answer within %n second; check the endpoint URL and the network, or allow more time.</numerusform>
            <numerusform>%1 did not answer within %n seconds; check the endpoint URL and the network, or allow more time.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 sent a far larger answer than an API sends; check the endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach %1 through the proxy %2 (%3); check the proxy settings (https_proxy, no_proxy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host %1 was not found; check the endpoint URL, and the network&apos;s DNS and proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the connection; check the endpoint URL and port, and that the service is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2); check the endpoint URL and this computer&apos;s certificates (a proxy that inspects TLS needs its certificate installed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to %1 timed out; check the endpoint URL, the network and the proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy did not connect to %1 (%2); check the proxy settings (https_proxy, no_proxy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 closed the connection without answering; check the endpoint URL, its port, and whether it expects https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2); check the endpoint URL and this computer&apos;s certificates.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach %1 (%2); check the endpoint URL and the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1: the %2 works, and %n model(s) are available.</source>
        <translation>
            <numerusform>Connected to %1: the %2 works, and %n model is available.</numerusform>
            <numerusform>Connected to %1: the %2 works, and %n models are available.</numerusform>
        </translation>
    </message>
    <message>
        <source>No models loaded: %1 answered, but its model list is empty; load a model on the server before using this credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1: the embeddings request works (embedding dimension %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered the embeddings request without an embedding; check that the deployment is an embeddings model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered, but not with a list of models; check that the endpoint URL is the API&apos;s address (for most services it ends in /v1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rejected the %2 (401 Unauthorized); check that the %2 is complete, not revoked, and belongs to this endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 denied access (403 Forbidden); check that key authentication is enabled for the resource and that its network rules admit this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has nothing at %2 (404 Not Found); check %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again in %n second(s).</source>
        <translation>
            <numerusform>%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again in %n second.</numerusform>
            <numerusform>%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 had a problem of its own (HTTP %2), so the %3 could not be verified; try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the request (HTTP %2); check %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered with HTTP %2, which is not an API answer; check the endpoint URL.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::SqlDialect</name>
    <message>
        <source>Qt&apos;s SQLite driver is not installed; install it (Debian: libqt6sql6-sqlite).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt&apos;s PostgreSQL driver is not installed; install it (Debian: libqt6sql6-psql).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL store address; write it as postgresql://user@host:port/database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The option &quot;%1&quot; in the PostgreSQL store address holds a &quot;;&quot;; remove it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential store %1 is busy: another program kept it locked too long; try again when it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential store %1 is read-only; check the permissions of the file and its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The disk holding %1 is full; free some space and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a credential store or is damaged; restore it from a backup or choose another store with --store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential store %1 could not be read or written (%2); check the file and its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL store %1 is read-only (a standby server, or a read-only transaction); connect to the primary server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database user may not do this in the PostgreSQL store %1 (%2); ask its administrator for read and write rights on the store&apos;s tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL store %1 needs a password; put it in PGPASSWORD or ~/.pgpass, or type it when asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to the PostgreSQL store %1 (%2); check the address, that the server runs, and that the password is in PGPASSWORD or ~/.pgpass.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL store %1 could not be read or written (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The credential store %1 is on a file system that is mounted read-only; mount it read-write to change the store.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::TerminalPrompt</name>
    <message>
        <source>There is no terminal to ask for the passphrase; pass --passphrase-env with the name of a variable that holds it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::Translations</name>
    <message>
        <source>There is no &quot;%1&quot; translation; give --language one of: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::AboutDialog</name>
    <message>
        <source>About Credential Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AI Credential Manager %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keeps the API credentials of external AI providers in one store, every value encrypted with libsodium (XChaCha20-Poly1305).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licensed under the Apache License, Version 2.0 (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Version Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uses %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::CredentialDialog</name>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required. A name that identifies this credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name that identifies this credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permanently remove this credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the values as typed against the provider, with a request that costs nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use Suggested Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed Elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed elsewhere since you opened it, so your changes were not saved. Load the other version? What you typed stays shown below it for copying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other version is loaded; what you typed is shown below. Change what you need and save again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your unsaved values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your unsaved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; was deleted elsewhere (in another window or program), so it cannot be saved; copy what you need, then close this dialog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed elsewhere (in another window or program) since you opened it; saving now would fail. Close and open it again to see the other version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Credential</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::CredentialTableModel</name>
    <message>
        <source>★ Default embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Features that need embeddings use this credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::DeleteConfirmationDialog</name>
    <message>
        <source>Delete Credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the credential %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the credential %1 (%2)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This permanently removes the credentials and affects all features using them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type the exact credential name to confirm deletion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential name to confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the exact credential name to enable Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete credential</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::KeySetupDialog</name>
    <message>
        <source>Set Up Encryption Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No encryption key is configured for this store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials are encrypted with a key that comes from CREDENTIAL_ENCRYPTION_KEY or from the system keychain. Generate a new key, or use the key your platform services already have; it is kept in the system keychain of this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store is encrypted with a key that has to come from CREDENTIAL_ENCRYPTION_KEY or from the system keychain. Paste the key it was created with; it is checked against the store and kept in the system keychain of this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate a new key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate a new key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Use an existing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use an existing key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the generated key to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform services that read this store need this key in CREDENTIAL_ENCRYPTION_KEY. Keep a copy in a safe place: a lost key cannot be recovered, and neither can the credentials encrypted with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Existing encryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>64 hexadecimal characters or 44 characters of base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encryption &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep in Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the key in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store already has a key; generating another would not open it. Use the key it was created with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pasted key does not match this store (the store expects key id %1); paste the key this store was created with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the encryption key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the generated text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the pasted text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is on the clipboard; it is cleared from there in 30 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::MainWindow</name>
    <message>
        <source>Credential Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Credential (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set Up &amp;Key...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rotate Encryption Key...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Store...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by name or provider (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no store at %1 yet. Start a new one there? It is created with the first credential you add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n credential(s)</source>
        <translation>
            <numerusform>%n credential</numerusform>
            <numerusform>%n credentials</numerusform>
        </translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials yet.
Click &quot;Add Credential&quot; (%1) to add the first one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No credentials yet. Set up the encryption key to add the first one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing Encryption Key Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY. This is required for secure credential storage. Names and providers are shown read-only until a key is set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No encryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong Encryption Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Nothing can be changed until the right key is set up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong encryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid Encryption Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid encryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Credential Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language is used the next time Credential Management starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;Up Key...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now the default embeddings credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading credentials…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::OpenStoreDialog</name>
    <message>
        <source>Open Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store file or PostgreSQL address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential stores (*.sqlite);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A store file, or a shared PostgreSQL database as postgresql://user@host:port/database; its password comes from PGPASSWORD or ~/.pgpass.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::RotateKeyDialog</name>
    <message>
        <source>Rotate Encryption Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation generates a new encryption key and re-encrypts every credential under it in one step: if anything fails, the store keeps the current key and nothing changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new key is kept in the system keychain (replacing the current one there). Afterwards, platform services that read this store, and every place where CREDENTIAL_ENCRYPTION_KEY holds the current key, need the new key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-encrypting the credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotation result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New encryption key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the new key to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rotate the encryption key now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no credentials to re-encrypt yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-encrypting the credentials...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n credential(s) re-encrypted under the new key.</source>
        <translation>
            <numerusform>%n credential re-encrypted under the new key.</numerusform>
            <numerusform>%n credentials re-encrypted under the new key.</numerusform>
        </translation>
    </message>
    <message>
        <source>The system keychain now holds the new key. Update CREDENTIAL_ENCRYPTION_KEY wherever the old key was used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is on the clipboard; it is cleared from there in 30 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::SecretLineEdit</name>
    <message>
        <source>Alt+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the value (Alt+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the value (Alt+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the value (Alt+R)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cm::ui::StoreSession</name>
    <message>
        <source>The credential no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no store to re-encrypt yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the pasted text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>AI Credential Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store file (default: $CREDENTIAL_STORE, else the default store).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The interface language: %1 (default: the choice in Settings, else the system&apos;s).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
