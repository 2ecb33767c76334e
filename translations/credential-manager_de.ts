<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>cm::BuildInfo</name>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (erstellt mit %2)</translation>
    </message>
</context>
<context>
    <name>cm::ConnectionTester</name>
    <message>
        <source>Connecting to %1...</source>
        <translation>Verbindung zu %1 wird hergestellt...</translation>
    </message>
    <message>
        <source>%1 redirected the request more than %2 times; check the endpoint URL.</source>
        <translation>%1 hat die Anfrage mehr als %2-mal umgeleitet; prüfen Sie die Endpunkt-URL.</translation>
    </message>
    <message>
        <source>%1 redirects to %2, and the %3 is never sent to another address, so it was not tested; if %2 belongs to the provider, change the %4 to %5.</source>
        <translation>%1 leitet auf %2 um, und der Wert aus „%3“ wird nie an eine andere Adresse gesendet, daher wurde er nicht getestet; wenn %2 zum Anbieter gehört, setzen Sie das Feld „%4“ auf %5.</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s) available</source>
        <translation>
            <numerusform>%n Modell verfügbar</numerusform>
            <numerusform>%n Modelle verfügbar</numerusform>
        </translation>
    </message>
    <message>
        <source>The endpoint answers only with &quot;%1&quot; added; change the %2 to %3.</source>
        <translation>Der Endpunkt antwortet nur mit angehängtem „%1“; setzen Sie das Feld „%2“ auf %3.</translation>
    </message>
</context>
<context>
    <name>cm::Credctl</name>
    <message>
        <source>Print JSON with stable keys.</source>
        <translation>JSON mit festen Schlüsselnamen ausgeben.</translation>
    </message>
    <message>
        <source>Set a field (repeatable); an empty value clears an optional field. Prefer --field-env for secrets.</source>
        <translation>Ein Feld setzen (wiederholbar); ein leerer Wert leert ein optionales Feld. Für geheime Werte besser --field-env verwenden.</translation>
    </message>
    <message>
        <source>The environment variable that holds the passphrase; without it, it is asked for on the terminal.</source>
        <translation>Die Umgebungsvariable mit der Passphrase; ohne sie wird die Passphrase im Terminal abgefragt.</translation>
    </message>
    <message>
        <source>Set a field from an environment variable (repeatable), keeping secrets out of shell history.</source>
        <translation>Ein Feld aus einer Umgebungsvariablen setzen (wiederholbar), damit geheime Werte nicht in den Shell-Verlauf gelangen.</translation>
    </message>
    <message>
        <source>The store: a SQLite file path or postgresql://user@host:port/database (default: $CREDENTIAL_STORE, else %1).</source>
        <translation>Der Speicher: ein SQLite-Dateipfad oder postgresql://user@host:port/database (Standard: $CREDENTIAL_STORE, sonst %1).</translation>
    </message>
    <message>
        <source>Show help for credctl or for one command.</source>
        <translation>Hilfe zu credctl oder zu einem Befehl anzeigen.</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>Die Version anzeigen.</translation>
    </message>
    <message>
        <source>List the providers and their fields.</source>
        <translation>Die Anbieter und ihre Felder auflisten.</translation>
    </message>
    <message>
        <source>List the credentials (names and providers; nothing is decrypted).</source>
        <translation>Die Zugangsdaten auflisten (Namen und Anbieter; nichts wird entschlüsselt).</translation>
    </message>
    <message>
        <source>Show one credential; secrets stay masked unless --reveal.</source>
        <translation>Einzelne Zugangsdaten anzeigen; geheime Werte bleiben ohne --reveal maskiert.</translation>
    </message>
    <message>
        <source>Print secret values in clear text.</source>
        <translation>Geheime Werte im Klartext ausgeben.</translation>
    </message>
    <message>
        <source>Create a credential, encrypted under the store&apos;s key.</source>
        <translation>Zugangsdaten anlegen, verschlüsselt mit dem Schlüssel des Speichers.</translation>
    </message>
    <message>
        <source>The provider id (see &quot;credctl providers&quot;).</source>
        <translation>Die Anbieter-ID (siehe „credctl providers“).</translation>
    </message>
    <message>
        <source>Change a credential&apos;s fields or name; fields not given keep their values.</source>
        <translation>Felder oder Namen von Zugangsdaten ändern; nicht angegebene Felder behalten ihre Werte.</translation>
    </message>
    <message>
        <source>Give the credential a new name.</source>
        <translation>Den Zugangsdaten einen neuen Namen geben.</translation>
    </message>
    <message>
        <source>Delete a credential permanently; features using it stop working.</source>
        <translation>Zugangsdaten endgültig löschen; Funktionen, die sie verwenden, funktionieren dann nicht mehr.</translation>
    </message>
    <message>
        <source>The exact name of the credential, to confirm.</source>
        <translation>Der genaue Name der Zugangsdaten, zur Bestätigung.</translation>
    </message>
    <message>
        <source>Test a credential against its provider (a free request such as listing the models).</source>
        <translation>Zugangsdaten beim Anbieter testen (mit einer kostenlosen Anfrage, etwa dem Auflisten der Modelle).</translation>
    </message>
    <message>
        <source>Give up after this many seconds in all (default 20; connecting may take at most 10).</source>
        <translation>Nach insgesamt so vielen Sekunden aufgeben (Standard 20; der Verbindungsaufbau darf höchstens 10 dauern).</translation>
    </message>
    <message>
        <source>Print a new random encryption key (64 hexadecimal characters) for CREDENTIAL_ENCRYPTION_KEY.</source>
        <translation>Einen neuen zufälligen Verschlüsselungsschlüssel (64 Hexadezimalzeichen) für CREDENTIAL_ENCRYPTION_KEY ausgeben.</translation>
    </message>
    <message>
        <source>Keep the store&apos;s key (from CREDENTIAL_ENCRYPTION_KEY) in the system keychain, so the variable can be dropped on this machine.</source>
        <translation>Den Schlüssel des Speichers (aus CREDENTIAL_ENCRYPTION_KEY) im System-Schlüsselbund ablegen, sodass die Variable auf diesem Rechner entfallen kann.</translation>
    </message>
    <message>
        <source>Remove the store&apos;s key from the system keychain; CREDENTIAL_ENCRYPTION_KEY must then provide it.</source>
        <translation>Den Schlüssel des Speichers aus dem System-Schlüsselbund entfernen; danach muss CREDENTIAL_ENCRYPTION_KEY ihn bereitstellen.</translation>
    </message>
    <message>
        <source>Remove it even when CREDENTIAL_ENCRYPTION_KEY does not hold the key (it must be kept elsewhere).</source>
        <translation>Ihn auch dann entfernen, wenn CREDENTIAL_ENCRYPTION_KEY den Schlüssel nicht enthält (er muss dann anderswo aufbewahrt werden).</translation>
    </message>
    <message>
        <source>Re-encrypt every credential under a new key, atomically; platform services then need the new key.</source>
        <translation>Alle Zugangsdaten atomar mit einem neuen Schlüssel neu verschlüsseln; Plattformdienste brauchen danach den neuen Schlüssel.</translation>
    </message>
    <message>
        <source>The environment variable that holds the new key.</source>
        <translation>Die Umgebungsvariable mit dem neuen Schlüssel.</translation>
    </message>
    <message>
        <source>Write a passphrase-protected backup of every credential, restorable into any store.</source>
        <translation>Eine passphrasengeschützte Sicherung aller Zugangsdaten schreiben, die sich in jeden Speicher wiederherstellen lässt.</translation>
    </message>
    <message>
        <source>Restore the credentials of a backup into this store, under this store&apos;s key, atomically.</source>
        <translation>Die Zugangsdaten einer Sicherung atomar in diesen Speicher wiederherstellen, verschlüsselt mit dem Schlüssel dieses Speichers.</translation>
    </message>
    <message>
        <source>When a name is taken: fail (the default; nothing is imported), skip, or replace.</source>
        <translation>Wenn ein Name schon vergeben ist: fail (abbrechen, der Standard; nichts wird importiert), skip (überspringen) oder replace (ersetzen).</translation>
    </message>
    <message>
        <source>Show the audit log: who changed which credential and which fields.</source>
        <translation>Das Änderungsprotokoll anzeigen: wer welche Zugangsdaten und welche Felder geändert hat.</translation>
    </message>
    <message>
        <source>; &quot;credctl --help&quot; lists the commands and options.</source>
        <translation>; „credctl --help“ listet die Befehle und Optionen auf.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a credctl command; &quot;credctl --help&quot; lists the commands.</source>
        <translation>„%1“ ist kein credctl-Befehl; „credctl --help“ listet die Befehle auf.</translation>
    </message>
    <message>
        <source>; &quot;credctl %1 --help&quot; shows the options.</source>
        <translation>; „credctl %1 --help“ zeigt die Optionen.</translation>
    </message>
    <message>
        <source>Usage: credctl %1%2%3; &quot;credctl %1 --help&quot; explains it.</source>
        <translation>Aufruf: credctl %1%2%3; „credctl %1 --help“ erklärt den Befehl.</translation>
    </message>
    <message>
        <source>credctl: manage the encrypted credential store of AI Credential Manager.</source>
        <translation>credctl: den verschlüsselten Zugangsdatenspeicher von AI Credential Manager verwalten.</translation>
    </message>
    <message>
        <source>Usage: credctl [--store PATH] COMMAND [options]</source>
        <translation>Aufruf: credctl [--store PATH] BEFEHL [Optionen]</translation>
    </message>
    <message>
        <source>Commands:</source>
        <translation>Befehle:</translation>
    </message>
    <message>
        <source>Global options (before or after the command):</source>
        <translation>Globale Optionen (vor oder nach dem Befehl):</translation>
    </message>
    <message>
        <source>The encryption key comes from CREDENTIAL_ENCRYPTION_KEY (64 hexadecimal characters or 44 characters of base64).</source>
        <translation>Der Verschlüsselungsschlüssel kommt aus CREDENTIAL_ENCRYPTION_KEY (64 Hexadezimalzeichen oder 44 Base64-Zeichen).</translation>
    </message>
    <message>
        <source>&quot;credctl COMMAND --help&quot; explains one command; docs/cli.md has the exit codes.</source>
        <translation>„credctl BEFEHL --help“ erklärt einen Befehl; die Exit-Codes stehen in docs/cli.md.</translation>
    </message>
    <message>
        <source>Usage: credctl %1%2 [options]</source>
        <translation>Aufruf: credctl %1%2 [Optionen]</translation>
    </message>
    <message>
        <source>Options:</source>
        <translation>Optionen:</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>Passwort für %1: </translation>
    </message>
    <message>
        <source>warning:</source>
        <translation>Warnung:</translation>
    </message>
    <message>
        <source>No credential is named &quot;%1&quot;; &quot;credctl list&quot; shows the names.</source>
        <translation>Es gibt keine Zugangsdaten mit dem Namen „%1“; „credctl list“ zeigt die Namen.</translation>
    </message>
    <message>
        <source>--%1 expects KEY=%2, for example --%1 endpoint=%3.</source>
        <translation>--%1 erwartet KEY=%2, zum Beispiel --%1 endpoint=%3.</translation>
    </message>
    <message>
        <source>The environment variable %1 named by --field-env %2 is not set; export it first.</source>
        <translation>Die mit --field-env %2 angegebene Umgebungsvariable %1 ist nicht gesetzt; exportieren Sie sie zuerst.</translation>
    </message>
    <message>
        <source>, required</source>
        <translation>, erforderlich</translation>
    </message>
    <message>
        <source>, optional</source>
        <translation>, optional</translation>
    </message>
    <message>
        <source>, default %1</source>
        <translation>, Standard %1</translation>
    </message>
    <message>
        <source>No credentials yet. Add one with: credctl add NAME --provider ID --field KEY=VALUE ...</source>
        <translation>Noch keine Zugangsdaten. Hinzufügen mit: credctl add NAME --provider ID --field KEY=VALUE ...</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>PROVIDER</source>
        <translation>ANBIETER</translation>
    </message>
    <message>
        <source>LAST UPDATED</source>
        <translation>ZULETZT GEÄNDERT</translation>
    </message>
    <message>
        <source>* the default embeddings credential</source>
        <translation>* die Standard-Zugangsdaten für Embeddings</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Provider:</source>
        <translation>Anbieter:</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Last updated:</source>
        <translation>Zuletzt geändert:</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>Revision:</translation>
    </message>
    <message>
        <source>Default embeddings:</source>
        <translation>Standard für Embeddings:</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>(empty: default %1)</source>
        <translation>(leer: Standard %1)</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>  (hidden; --reveal shows it)</source>
        <translation>  (verborgen; --reveal zeigt den Wert)</translation>
    </message>
    <message>
        <source>add needs --provider ID; &quot;credctl providers&quot; lists the ids.</source>
        <translation>add benötigt --provider ID; „credctl providers“ listet die IDs auf.</translation>
    </message>
    <message>
        <source>Added credential &quot;%1&quot; (%2).</source>
        <translation>Zugangsdaten „%1“ (%2) hinzugefügt.</translation>
    </message>
    <message>
        <source>It is now the default embeddings credential.</source>
        <translation>Diese Zugangsdaten sind jetzt der Standard für Embeddings.</translation>
    </message>
    <message>
        <source>Nothing to change; pass --rename NEW or --field KEY=VALUE.</source>
        <translation>Nichts zu ändern; geben Sie --rename NEW oder --field KEY=VALUE an.</translation>
    </message>
    <message>
        <source>Credential &quot;%1&quot; already has these values; nothing changed.</source>
        <translation>Die Zugangsdaten „%1“ haben bereits diese Werte; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Updated credential &quot;%1&quot;.</source>
        <translation>Zugangsdaten „%1“ aktualisiert.</translation>
    </message>
    <message>
        <source>delete needs --confirm followed by the exact credential name.</source>
        <translation>delete benötigt --confirm, gefolgt vom genauen Namen der Zugangsdaten.</translation>
    </message>
    <message>
        <source>The confirmation does not match the credential name &quot;%1&quot;; type the exact name after --confirm to delete it.</source>
        <translation>Die Bestätigung stimmt nicht mit dem Namen „%1“ überein; geben Sie nach --confirm den genauen Namen ein, um die Zugangsdaten zu löschen.</translation>
    </message>
    <message>
        <source>Deleted credential &quot;%1&quot;; features that used it can no longer reach %2.</source>
        <translation>Zugangsdaten „%1“ gelöscht; Funktionen, die sie verwendet haben, können „%2“ nicht mehr erreichen.</translation>
    </message>
    <message>
        <source>There is no default embeddings credential any more.</source>
        <translation>Es gibt keine Standard-Zugangsdaten für Embeddings mehr.</translation>
    </message>
    <message>
        <source>The default embeddings credential is now &quot;%1&quot;.</source>
        <translation>Die Standard-Zugangsdaten für Embeddings sind jetzt „%1“.</translation>
    </message>
    <message>
        <source>--timeout needs a whole number of seconds from 1 to 600.</source>
        <translation>--timeout benötigt eine ganze Zahl von Sekunden zwischen 1 und 600.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; uses the provider &quot;%2&quot;, which this version of credctl does not know; update credctl to test it.</source>
        <translation>„%1“ verwendet den Anbieter „%2“, den diese Version von credctl nicht kennt; aktualisieren Sie credctl, um die Zugangsdaten zu testen.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Keep this key safe: set it as CREDENTIAL_ENCRYPTION_KEY for the application, credctl and the platform services. A lost key cannot be recovered.</source>
        <translation>Bewahren Sie diesen Schlüssel sicher auf: Setzen Sie ihn als CREDENTIAL_ENCRYPTION_KEY für die Anwendung, credctl und die Plattformdienste. Ein verlorener Schlüssel lässt sich nicht wiederherstellen.</translation>
    </message>
    <message>
        <source>The environment variable %1 named by --passphrase-env is not set; export it first.</source>
        <translation>Die mit --passphrase-env angegebene Umgebungsvariable %1 ist nicht gesetzt; exportieren Sie sie zuerst.</translation>
    </message>
    <message>
        <source>Passphrase of the export file: </source>
        <translation>Passphrase der Exportdatei: </translation>
    </message>
    <message>
        <source>The same passphrase again: </source>
        <translation>Dieselbe Passphrase noch einmal: </translation>
    </message>
    <message>
        <source>The two passphrases differ; run the command again and type the same one twice.</source>
        <translation>Die beiden Passphrasen unterscheiden sich; führen Sie den Befehl erneut aus und geben Sie zweimal dieselbe ein.</translation>
    </message>
    <message>
        <source>The passphrase is empty; give the passphrase of the export file.</source>
        <translation>Die Passphrase ist leer; geben Sie die Passphrase der Exportdatei ein.</translation>
    </message>
    <message>
        <source>The passphrase is too short; use at least %1 characters to protect the backup.</source>
        <translation>Die Passphrase ist zu kurz; verwenden Sie mindestens %1 Zeichen, um die Sicherung zu schützen.</translation>
    </message>
    <message>
        <source>There is no credential store at %1 yet; add a credential first, then keep its key with &quot;credctl key store&quot;.</source>
        <translation>Unter %1 gibt es noch keinen Zugangsdatenspeicher; fügen Sie zuerst Zugangsdaten hinzu und legen Sie dann den Schlüssel mit „credctl key store“ ab.</translation>
    </message>
    <message>
        <source>The system keychain already holds the key of this store (service &quot;%1&quot;, entry &quot;%2&quot;).</source>
        <translation>Der System-Schlüsselbund enthält den Schlüssel dieses Speichers bereits (Dienst „%1“, Eintrag „%2“).</translation>
    </message>
    <message>
        <source>The key of store %1 is now in the system keychain (service &quot;%2&quot;, entry &quot;%3&quot;); CREDENTIAL_ENCRYPTION_KEY is no longer needed on this machine.</source>
        <translation>Der Schlüssel des Speichers %1 liegt jetzt im System-Schlüsselbund (Dienst „%2“, Eintrag „%3“); CREDENTIAL_ENCRYPTION_KEY wird auf diesem Rechner nicht mehr benötigt.</translation>
    </message>
    <message>
        <source>The system keychain holds no key for store %1; nothing was removed.</source>
        <translation>Der System-Schlüsselbund enthält keinen Schlüssel für den Speicher %1; nichts wurde entfernt.</translation>
    </message>
    <message>
        <source>Removing the key from the system keychain would leave no copy of it on this machine; set CREDENTIAL_ENCRYPTION_KEY to the key first, or pass --force if it is kept safely elsewhere.</source>
        <translation>Würde der Schlüssel aus dem System-Schlüsselbund entfernt, bliebe auf diesem Rechner keine Kopie davon; setzen Sie zuerst CREDENTIAL_ENCRYPTION_KEY auf den Schlüssel, oder geben Sie --force an, wenn er anderswo sicher aufbewahrt wird.</translation>
    </message>
    <message>
        <source>The key of store %1 is no longer in the system keychain; CREDENTIAL_ENCRYPTION_KEY must provide it from now on.</source>
        <translation>Der Schlüssel des Speichers %1 liegt nicht mehr im System-Schlüsselbund; ab jetzt muss CREDENTIAL_ENCRYPTION_KEY ihn bereitstellen.</translation>
    </message>
    <message>
        <source>key rotate needs --new-key-env VAR, the environment variable that holds the new key (make one with &quot;credctl key generate&quot;).</source>
        <translation>key rotate benötigt --new-key-env VAR, die Umgebungsvariable mit dem neuen Schlüssel (einen neuen Schlüssel erzeugt „credctl key generate“).</translation>
    </message>
    <message>
        <source>The environment variable %1 named by --new-key-env is not set; export the new key in it first.</source>
        <translation>Die mit --new-key-env angegebene Umgebungsvariable %1 ist nicht gesetzt; exportieren Sie zuerst den neuen Schlüssel darin.</translation>
    </message>
    <message>
        <source>The store already uses the key in %1; generate a new one with &quot;credctl key generate&quot;.</source>
        <translation>Der Speicher verwendet bereits den Schlüssel aus %1; erzeugen Sie mit „credctl key generate“ einen neuen.</translation>
    </message>
    <message numerus="yes">
        <source>Re-encrypted %n credential(s) under the new key; the store&apos;s key id is now %1.</source>
        <translation>
            <numerusform>%n Zugangsdatensatz wurde mit dem neuen Schlüssel neu verschlüsselt; die Schlüssel-ID des Speichers ist jetzt %1.</numerusform>
            <numerusform>%n Zugangsdatensätze wurden mit dem neuen Schlüssel neu verschlüsselt; die Schlüssel-ID des Speichers ist jetzt %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>the system keychain still holds the new key as pending (%1); it takes its place the next time the key is read.</source>
        <translation>der System-Schlüsselbund enthält den neuen Schlüssel noch als ausstehenden Eintrag (%1); dieser ersetzt den bisherigen, wenn der Schlüssel das nächste Mal gelesen wird.</translation>
    </message>
    <message>
        <source>The system keychain now holds the new key.</source>
        <translation>Der System-Schlüsselbund enthält jetzt den neuen Schlüssel.</translation>
    </message>
    <message>
        <source>Platform services and every other machine that reads this store need the new key now: set CREDENTIAL_ENCRYPTION_KEY to it wherever the old one was used.</source>
        <translation>Plattformdienste und alle anderen Rechner, die diesen Speicher lesen, brauchen jetzt den neuen Schlüssel: Setzen Sie CREDENTIAL_ENCRYPTION_KEY überall dort auf ihn, wo der alte verwendet wurde.</translation>
    </message>
    <message>
        <source>The export file %1 could not be written (%2); check the folder.</source>
        <translation>Die Exportdatei %1 konnte nicht geschrieben werden (%2); prüfen Sie den Ordner.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n credential(s) to %1, protected by the passphrase; without the passphrase the file cannot be restored.</source>
        <translation>
            <numerusform>%n Zugangsdatensatz nach %1 exportiert, geschützt durch die Passphrase; ohne die Passphrase lässt sich die Datei nicht wiederherstellen.</numerusform>
            <numerusform>%n Zugangsdatensätze nach %1 exportiert, geschützt durch die Passphrase; ohne die Passphrase lässt sich die Datei nicht wiederherstellen.</numerusform>
        </translation>
    </message>
    <message>
        <source>--on-conflict takes fail, skip or replace.</source>
        <translation>--on-conflict akzeptiert fail, skip oder replace.</translation>
    </message>
    <message>
        <source>The export file %1 could not be read (%2); check the path.</source>
        <translation>Die Exportdatei %1 konnte nicht gelesen werden (%2); prüfen Sie den Pfad.</translation>
    </message>
    <message>
        <source>%1 is too large to be an export file; check the path.</source>
        <translation>%1 ist zu groß für eine Exportdatei; prüfen Sie den Pfad.</translation>
    </message>
    <message>
        <source>Imported %1 new and %2 replaced credential(s) from %3; %4 skipped because the name was taken.</source>
        <translation>Zugangsdatensätze aus %3 importiert: %1 neu, %2 ersetzt; %4 übersprungen, weil der Name bereits vergeben war.</translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation>Das Änderungsprotokoll ist leer.</translation>
    </message>
    <message>
        <source>WHEN</source>
        <translation>ZEITPUNKT</translation>
    </message>
    <message>
        <source>WHO</source>
        <translation>WER</translation>
    </message>
    <message>
        <source>ACTION</source>
        <translation>AKTION</translation>
    </message>
    <message>
        <source>CREDENTIAL</source>
        <translation>ZUGANGSDATEN</translation>
    </message>
    <message>
        <source>FIELDS</source>
        <translation>FELDER</translation>
    </message>
    <message>
        <source>The language of the output: %1 (default: the system&apos;s).</source>
        <translation>Die Sprache der Ausgabe: %1 (Standard: die Systemsprache).</translation>
    </message>
    <message>
        <source>text</source>
        <comment>field kind</comment>
        <translation>Text</translation>
    </message>
    <message>
        <source>url</source>
        <comment>field kind</comment>
        <translation>URL</translation>
    </message>
    <message>
        <source>secret</source>
        <comment>field kind</comment>
        <translation>geheim</translation>
    </message>
    <message>
        <source>create</source>
        <comment>audit action</comment>
        <translation>angelegt</translation>
    </message>
    <message>
        <source>update</source>
        <comment>audit action</comment>
        <translation>geändert</translation>
    </message>
    <message>
        <source>rename</source>
        <comment>audit action</comment>
        <translation>umbenannt</translation>
    </message>
    <message>
        <source>delete</source>
        <comment>audit action</comment>
        <translation>gelöscht</translation>
    </message>
    <message>
        <source>rotate-key</source>
        <comment>audit action</comment>
        <translation>Schlüssel gewechselt</translation>
    </message>
    <message>
        <source>import</source>
        <comment>audit action</comment>
        <translation>importiert</translation>
    </message>
    <message>
        <source>The key could not be written to the standard output (%1); check where the output goes and generate a new key.</source>
        <translation>Der Schlüssel konnte nicht in die Standardausgabe geschrieben werden (%1); prüfen Sie, wohin die Ausgabe geht, und erzeugen Sie einen neuen Schlüssel.</translation>
    </message>
</context>
<context>
    <name>cm::CredentialStore</name>
    <message>
        <source>No store path was given; pass --store with a file path.</source>
        <translation>Es wurde kein Speicherpfad angegeben; geben Sie mit --store einen Dateipfad an.</translation>
    </message>
    <message>
        <source>%1 is not a file; pass the path of a credential store file with --store.</source>
        <translation>%1 ist keine Datei; geben Sie mit --store den Pfad einer Zugangsdatenspeicher-Datei an.</translation>
    </message>
    <message>
        <source>There is no credential store at %1 yet.</source>
        <translation>Unter %1 gibt es noch keinen Zugangsdatenspeicher.</translation>
    </message>
    <message>
        <source>The folder %1 could not be created; check that you may write to its parent folder.</source>
        <translation>Der Ordner %1 konnte nicht angelegt werden; prüfen Sie, ob Sie im übergeordneten Ordner schreiben dürfen.</translation>
    </message>
    <message>
        <source>The store file %1 could not be created (%2); check that you may write to its folder.</source>
        <translation>Die Speicherdatei %1 konnte nicht angelegt werden (%2); prüfen Sie, ob Sie in ihrem Ordner schreiben dürfen.</translation>
    </message>
    <message>
        <source>The store %1 has no store id or an unknown format; restore it from a backup or choose another store.</source>
        <translation>Der Speicher %1 hat keine Speicher-ID oder ein unbekanntes Format; stellen Sie ihn aus einer Sicherung wieder her oder wählen Sie einen anderen Speicher.</translation>
    </message>
    <message>
        <source>%1 is a database but not a credential store; choose another store with --store.</source>
        <translation>%1 ist eine Datenbank, aber kein Zugangsdatenspeicher; wählen Sie mit --store einen anderen Speicher.</translation>
    </message>
    <message>
        <source>The store %1 has no valid schema version; restore it from a backup or choose another store.</source>
        <translation>Der Speicher %1 hat keine gültige Schemaversion; stellen Sie ihn aus einer Sicherung wieder her oder wählen Sie einen anderen Speicher.</translation>
    </message>
    <message>
        <source>The store %1 was written by a newer version of AI Credential Manager (schema %2, this version reads up to %3); update AI Credential Manager.</source>
        <translation>Der Speicher %1 wurde von einer neueren Version von AI Credential Manager geschrieben (Schema %2, diese Version liest bis %3); aktualisieren Sie AI Credential Manager.</translation>
    </message>
    <message>
        <source>No credential is named &quot;%1&quot;; &quot;credctl list&quot; shows the names.</source>
        <translation>Es gibt keine Zugangsdaten mit dem Namen „%1“; „credctl list“ zeigt die Namen.</translation>
    </message>
    <message>
        <source>The credential no longer exists: someone deleted it; reload the list of credentials.</source>
        <translation>Die Zugangsdaten existieren nicht mehr: Jemand hat sie gelöscht; laden Sie die Liste der Zugangsdaten neu.</translation>
    </message>
    <message>
        <source>The stored values of credential &quot;%1&quot; were modified or damaged and cannot be decrypted; re-enter its values.</source>
        <translation>Die gespeicherten Werte der Zugangsdaten „%1“ wurden verändert oder beschädigt und lassen sich nicht entschlüsseln; geben Sie die Werte neu ein.</translation>
    </message>
    <message>
        <source>A credential named &quot;%1&quot; already exists; choose another name.</source>
        <translation>Zugangsdaten mit dem Namen „%1“ gibt es bereits; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Credential &quot;%1&quot; was changed by someone else since it was read; reload it and make your change again.</source>
        <translation>Die Zugangsdaten „%1“ wurden seit dem Lesen von jemand anderem geändert; laden Sie sie neu und nehmen Sie Ihre Änderung erneut vor.</translation>
    </message>
    <message>
        <source>The credential no longer exists; someone deleted it since it was read.</source>
        <translation>Die Zugangsdaten existieren nicht mehr; jemand hat sie seit dem Lesen gelöscht.</translation>
    </message>
    <message>
        <source>The stored values of credential &quot;%1&quot; were modified or damaged, so the key was not changed; re-enter or delete that credential, then rotate again.</source>
        <translation>Die gespeicherten Werte der Zugangsdaten „%1“ wurden verändert oder beschädigt, daher wurde der Schlüssel nicht gewechselt; geben Sie diese Zugangsdaten neu ein oder löschen Sie sie, und wechseln Sie den Schlüssel dann erneut.</translation>
    </message>
    <message>
        <source>Not every credential could be re-encrypted, so the key was not changed; run the rotation again.</source>
        <translation>Nicht alle Zugangsdaten konnten neu verschlüsselt werden, daher wurde der Schlüssel nicht gewechselt; führen Sie den Schlüsselwechsel erneut aus.</translation>
    </message>
    <message>
        <source>Credential &quot;%1&quot; in the file: %2</source>
        <translation>Zugangsdaten „%1“ in der Datei: %2</translation>
    </message>
    <message>
        <source>The file holds two credentials named &quot;%1&quot;; it cannot be imported.</source>
        <translation>Die Datei enthält zwei Zugangsdatensätze mit dem Namen „%1“; sie kann nicht importiert werden.</translation>
    </message>
    <message>
        <source>The store already has a credential named &quot;%1&quot;, so nothing was imported; choose --on-conflict skip or replace.</source>
        <translation>Der Speicher enthält bereits Zugangsdaten mit dem Namen „%1“, daher wurde nichts importiert; wählen Sie --on-conflict skip oder replace.</translation>
    </message>
    <message>
        <source>The store %1 is damaged: its table &quot;%2&quot; is missing; restore it from a backup or choose another store.</source>
        <translation>Der Speicher %1 ist beschädigt: Seine Tabelle „%2“ fehlt; stellen Sie ihn aus einer Sicherung wieder her oder wählen Sie einen anderen Speicher.</translation>
    </message>
</context>
<context>
    <name>cm::CredentialValidator</name>
    <message>
        <source>%1 must be an absolute https:// URL such as https://example.com/v1; check what you entered.</source>
        <translation>„%1“ muss eine absolute https://-URL wie https://example.com/v1 sein; prüfen Sie Ihre Eingabe.</translation>
    </message>
    <message>
        <source>%1 must use https://; plain http:// is only allowed for loopback hosts such as localhost.</source>
        <translation>„%1“ muss https:// verwenden; einfaches http:// ist nur für Loopback-Hosts wie localhost erlaubt.</translation>
    </message>
    <message>
        <source>Name is required; enter a name that identifies this credential.</source>
        <translation>Der Name ist erforderlich; geben Sie einen Namen ein, der diese Zugangsdaten kennzeichnet.</translation>
    </message>
    <message>
        <source>Name is too long; use at most %1 characters.</source>
        <translation>Der Name ist zu lang; verwenden Sie höchstens %1 Zeichen.</translation>
    </message>
    <message>
        <source>Name contains a control character such as a line break or tab; remove it.</source>
        <translation>Der Name enthält ein Steuerzeichen wie einen Zeilenumbruch oder Tabulator; entfernen Sie es.</translation>
    </message>
    <message>
        <source>%1 is required; enter a value.</source>
        <translation>„%1“ ist erforderlich; geben Sie einen Wert ein.</translation>
    </message>
    <message>
        <source>%1 contains a control character such as a line break; enter the value on one line.</source>
        <translation>„%1“ enthält ein Steuerzeichen wie einen Zeilenumbruch; geben Sie den Wert in einer Zeile ein.</translation>
    </message>
    <message>
        <source>%1 must look like YYYY-MM-DD, optionally followed by -preview (for example 2023-05-15).</source>
        <translation>„%1“ muss die Form JJJJ-MM-TT haben, optional gefolgt von -preview (zum Beispiel 2023-05-15).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a field of %2; use one of: %3.</source>
        <translation>„%1“ ist kein Feld von %2; verwenden Sie eines dieser Felder: %3.</translation>
    </message>
    <message>
        <source>Provider &quot;%1&quot; is not known; use one of: %2.</source>
        <translation>Der Anbieter „%1“ ist unbekannt; verwenden Sie einen dieser Anbieter: %2.</translation>
    </message>
    <message>
        <source>Name contains U+FFFD, the mark of bytes that are not valid UTF-8 text; enter the name again in UTF-8.</source>
        <translation>Der Name enthält U+FFFD, das Zeichen für Bytes, die kein gültiger UTF-8-Text sind; geben Sie den Namen erneut in UTF-8 ein.</translation>
    </message>
    <message>
        <source>%1 contains U+FFFD, the mark of bytes that are not valid UTF-8 text; enter the value again in UTF-8.</source>
        <translation>„%1“ enthält U+FFFD, das Zeichen für Bytes, die kein gültiger UTF-8-Text sind; geben Sie den Wert erneut in UTF-8 ein.</translation>
    </message>
</context>
<context>
    <name>cm::ExportFile</name>
    <message>
        <source>There is not enough memory to derive the export key from the passphrase.</source>
        <translation>Es ist nicht genug Arbeitsspeicher vorhanden, um den Exportschlüssel aus der Passphrase abzuleiten.</translation>
    </message>
    <message>
        <source>%1 is not an AI Credential Manager export file or is damaged; use an intact copy of the export.</source>
        <translation>%1 ist keine Exportdatei von AI Credential Manager oder ist beschädigt; verwenden Sie eine unbeschädigte Kopie des Exports.</translation>
    </message>
    <message>
        <source>%1 was exported by a newer version of AI Credential Manager; update it to import this file.</source>
        <translation>%1 wurde von einer neueren Version von AI Credential Manager exportiert; aktualisieren Sie AI Credential Manager, um diese Datei zu importieren.</translation>
    </message>
    <message>
        <source>There is not enough memory to open %1.</source>
        <translation>Es ist nicht genug Arbeitsspeicher vorhanden, um %1 zu öffnen.</translation>
    </message>
    <message>
        <source>The passphrase does not open %1; enter the passphrase it was exported with (if that one fails too, the file&apos;s header was altered).</source>
        <translation>Die Passphrase öffnet %1 nicht; geben Sie die Passphrase ein, mit der exportiert wurde (schlägt auch diese fehl, wurde der Dateikopf verändert).</translation>
    </message>
</context>
<context>
    <name>cm::KeyResolver</name>
    <message>
        <source>Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY: no encryption key is set, and the system keychain is unavailable (%1); a new key comes from &quot;credctl key generate&quot;.</source>
        <translation>Wenden Sie sich an Ihren Systemadministrator, um die Variable CREDENTIAL_ENCRYPTION_KEY zu konfigurieren: Es ist kein Verschlüsselungsschlüssel gesetzt, und der System-Schlüsselbund ist nicht verfügbar (%1); einen neuen Schlüssel erzeugt „credctl key generate“.</translation>
    </message>
    <message>
        <source>Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY: no encryption key is set, and one is required for secure credential storage (a new key comes from &quot;credctl key generate&quot;).</source>
        <translation>Wenden Sie sich an Ihren Systemadministrator, um die Variable CREDENTIAL_ENCRYPTION_KEY zu konfigurieren: Es ist kein Verschlüsselungsschlüssel gesetzt, er ist aber für die sichere Speicherung der Zugangsdaten erforderlich (einen neuen Schlüssel erzeugt „credctl key generate“).</translation>
    </message>
    <message>
        <source>The encryption key does not match this store (the store expects key id %1); set the key this store was created with.</source>
        <translation>Der Verschlüsselungsschlüssel passt nicht zu diesem Speicher (der Speicher erwartet die Schlüssel-ID %1); setzen Sie den Schlüssel, mit dem dieser Speicher angelegt wurde.</translation>
    </message>
    <message>
        <source>The encryption key from %1 does not match this store (the store expects key id %2); set the key this store was created with.</source>
        <translation>Der Verschlüsselungsschlüssel aus %1 passt nicht zu diesem Speicher (der Speicher erwartet die Schlüssel-ID %2); setzen Sie den Schlüssel, mit dem dieser Speicher angelegt wurde.</translation>
    </message>
</context>
<context>
    <name>cm::Keychain</name>
    <message>
        <source>The system keychain refused access to the store key; allow access, or set CREDENTIAL_ENCRYPTION_KEY instead.</source>
        <translation>Der System-Schlüsselbund hat den Zugriff auf den Speicherschlüssel verweigert; erlauben Sie den Zugriff oder setzen Sie stattdessen CREDENTIAL_ENCRYPTION_KEY.</translation>
    </message>
    <message>
        <source>it did not answer within %1 seconds</source>
        <translation>er hat nicht innerhalb von %1 Sekunden geantwortet</translation>
    </message>
    <message>
        <source>no keychain service answered</source>
        <translation>kein Schlüsselbunddienst hat geantwortet</translation>
    </message>
    <message>
        <source>The system keychain is unavailable (%1); set CREDENTIAL_ENCRYPTION_KEY to the store key instead.</source>
        <translation>Der System-Schlüsselbund ist nicht verfügbar (%1); setzen Sie stattdessen CREDENTIAL_ENCRYPTION_KEY auf den Speicherschlüssel.</translation>
    </message>
</context>
<context>
    <name>cm::KeychainKeySource</name>
    <message>
        <source>The system keychain entry %1 does not hold a 32-byte key; remove it with &quot;credctl key forget&quot; and store the key again.</source>
        <translation>Der Eintrag %1 im System-Schlüsselbund enthält keinen 32-Byte-Schlüssel; entfernen Sie ihn mit „credctl key forget“ und legen Sie den Schlüssel erneut ab.</translation>
    </message>
    <message>
        <source>the system keychain</source>
        <translation>dem System-Schlüsselbund</translation>
    </message>
</context>
<context>
    <name>cm::MasterKey</name>
    <message>
        <source>The encryption key in %1 is not valid: expected 64 hexadecimal characters or 44 characters of base64 (32 bytes); generate a new key with &quot;credctl key generate&quot;.</source>
        <translation>Der Verschlüsselungsschlüssel in %1 ist ungültig: Erwartet werden 64 Hexadezimalzeichen oder 44 Base64-Zeichen (32 Byte); erzeugen Sie mit „credctl key generate“ einen neuen Schlüssel.</translation>
    </message>
    <message>
        <source>libsodium could not be initialised.</source>
        <translation>libsodium konnte nicht initialisiert werden.</translation>
    </message>
    <message>
        <source>A master key has exactly 32 bytes.</source>
        <translation>Ein Hauptschlüssel hat genau 32 Byte.</translation>
    </message>
</context>
<context>
    <name>cm::PayloadCipher</name>
    <message>
        <source>The encrypted values could not be decrypted.</source>
        <translation>Die verschlüsselten Werte konnten nicht entschlüsselt werden.</translation>
    </message>
</context>
<context>
    <name>cm::ProbePlan</name>
    <message>
        <source>The %1 &quot;%2&quot; cannot be part of the address %3; use only letters, digits and the characters - . _ ~, or enter the %4.</source>
        <translation>Der Wert „%2“ aus dem Feld „%1“ kann nicht Teil der Adresse %3 sein; verwenden Sie nur Buchstaben, Ziffern und die Zeichen - . _ ~ oder füllen Sie das Feld „%4“ aus.</translation>
    </message>
    <message>
        <source>The endpoint &quot;%1&quot; is not a valid https:// address; check the %2.</source>
        <translation>Der Endpunkt „%1“ ist keine gültige https://-Adresse; prüfen Sie das Feld „%2“.</translation>
    </message>
    <message>
        <source>The endpoint %1 uses plain HTTP, and a key is only sent over HTTPS (or to this computer); change the %2 to its https:// address.</source>
        <translation>Der Endpunkt %1 verwendet einfaches HTTP, und ein Schlüssel wird nur über HTTPS (oder an diesen Computer) gesendet; setzen Sie das Feld „%2“ auf die https://-Adresse.</translation>
    </message>
    <message>
        <source>The host %1 does not start with the %2 &quot;%3&quot;; check that the endpoint and the %2 belong to the same resource.</source>
        <translation>Der Host %1 beginnt nicht mit dem Wert „%3“ aus dem Feld „%2“; prüfen Sie, ob der Endpunkt und das Feld „%2“ zur selben Ressource gehören.</translation>
    </message>
    <message>
        <source>instance name</source>
        <translation>Instanzname</translation>
    </message>
    <message>
        <source>The %1 is not shaped like a JWT (&quot;eyJ...&quot;, three parts separated by dots), which %2 tokens are; check that it was copied completely.</source>
        <translation>Der Wert in „%1“ ist nicht wie ein JWT aufgebaut („eyJ...“, drei durch Punkte getrennte Teile), obwohl %2-Tokens JWTs sind; prüfen Sie, ob er vollständig kopiert wurde.</translation>
    </message>
    <message>
        <source>The %1 expired on %2; create a new one and save it here.</source>
        <translation>Der Wert in „%1“ ist am %2 abgelaufen; erstellen Sie einen neuen und speichern Sie ihn hier.</translation>
    </message>
    <message>
        <source>The %1 expires on %2, within a day; create a new one now.</source>
        <translation>Der Wert in „%1“ läuft am %2 ab, also innerhalb eines Tages; erstellen Sie jetzt einen neuen.</translation>
    </message>
    <message numerus="yes">
        <source>The %1 expires on %2 (in %n day(s)); create a new one before then.</source>
        <translation>
            <numerusform>Der Wert in „%1“ läuft am %2 ab (in %n Tag); erstellen Sie vorher einen neuen.</numerusform>
            <numerusform>Der Wert in „%1“ läuft am %2 ab (in %n Tagen); erstellen Sie vorher einen neuen.</numerusform>
        </translation>
    </message>
    <message>
        <source>endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
</context>
<context>
    <name>cm::ProviderRegistry</name>
    <message>
        <source>Azure OpenAI</source>
        <comment>provider name</comment>
        <translation>Azure OpenAI</translation>
    </message>
    <message>
        <source>API Endpoint</source>
        <comment>field label</comment>
        <translation>API-Endpunkt</translation>
    </message>
    <message>
        <source>Your Azure OpenAI service endpoint</source>
        <comment>field help</comment>
        <translation>Der Endpunkt Ihres Azure OpenAI-Dienstes</translation>
    </message>
    <message>
        <source>Instance Name</source>
        <comment>field label</comment>
        <translation>Instanzname</translation>
    </message>
    <message>
        <source>Your Azure resource name</source>
        <comment>field help</comment>
        <translation>Der Name Ihrer Azure-Ressource</translation>
    </message>
    <message>
        <source>API Key</source>
        <comment>field label</comment>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Your Azure OpenAI API key</source>
        <comment>field help</comment>
        <translation>Ihr API-Schlüssel für Azure OpenAI</translation>
    </message>
    <message>
        <source>Azure OpenAI Embeddings</source>
        <comment>provider name</comment>
        <translation>Azure OpenAI Embeddings</translation>
    </message>
    <message>
        <source>Embeddings Instance Name</source>
        <comment>field label</comment>
        <translation>Embeddings-Instanzname</translation>
    </message>
    <message>
        <source>Dedicated embeddings instance name</source>
        <comment>field help</comment>
        <translation>Name der dedizierten Embeddings-Instanz</translation>
    </message>
    <message>
        <source>Embeddings Deployment Name</source>
        <comment>field label</comment>
        <translation>Name der Embeddings-Bereitstellung</translation>
    </message>
    <message>
        <source>Model deployment identifier</source>
        <comment>field help</comment>
        <translation>Bezeichner der Modellbereitstellung</translation>
    </message>
    <message>
        <source>Embeddings API Key</source>
        <comment>field label</comment>
        <translation>Embeddings-API-Schlüssel</translation>
    </message>
    <message>
        <source>API key for embeddings access</source>
        <comment>field help</comment>
        <translation>API-Schlüssel für den Zugriff auf Embeddings</translation>
    </message>
    <message>
        <source>Embeddings API Version</source>
        <comment>field label</comment>
        <translation>Embeddings-API-Version</translation>
    </message>
    <message>
        <source>API version (default: 2023-05-15)</source>
        <comment>field help</comment>
        <translation>API-Version (Standard: 2023-05-15)</translation>
    </message>
    <message>
        <source>Endpoint URL</source>
        <comment>field label</comment>
        <translation>Endpunkt-URL</translation>
    </message>
    <message>
        <source>Leave empty to use https://&lt;instance name&gt;.openai.azure.com; set it for proxies and sovereign clouds</source>
        <comment>field help</comment>
        <translation>Leer lassen, um https://&lt;Instanzname&gt;.openai.azure.com zu verwenden; für Proxys und souveräne Clouds setzen</translation>
    </message>
    <message>
        <source>{host} has no deployment named &quot;{deployment_name}&quot;; check the Embeddings Deployment Name (deployments can take a few minutes to become available).</source>
        <comment>connection test message</comment>
        <translation>{host} hat keine Bereitstellung mit dem Namen „{deployment_name}“; prüfen Sie das Feld „Name der Embeddings-Bereitstellung“ (neue Bereitstellungen können einige Minuten brauchen, bis sie verfügbar sind).</translation>
    </message>
    <message>
        <source>The deployment &quot;{deployment_name}&quot; on {host} does not create embeddings (it is probably a chat model); enter the deployment of an embeddings model such as text-embedding-3-small.</source>
        <comment>connection test message</comment>
        <translation>Die Bereitstellung „{deployment_name}“ auf {host} erzeugt keine Embeddings (vermutlich ist es ein Chatmodell); geben Sie die Bereitstellung eines Embeddings-Modells wie text-embedding-3-small ein.</translation>
    </message>
    <message>
        <source>Mistral AI</source>
        <comment>provider name</comment>
        <translation>Mistral AI</translation>
    </message>
    <message>
        <source>Your Mistral AI API key</source>
        <comment>field help</comment>
        <translation>Ihr API-Schlüssel für Mistral AI</translation>
    </message>
    <message>
        <source>Leave empty to use https://api.mistral.ai/v1</source>
        <comment>field help</comment>
        <translation>Leer lassen, um https://api.mistral.ai/v1 zu verwenden</translation>
    </message>
    <message>
        <source>IONOS</source>
        <comment>provider name</comment>
        <translation>IONOS</translation>
    </message>
    <message>
        <source>Token</source>
        <comment>field label</comment>
        <translation>Token</translation>
    </message>
    <message>
        <source>Your IONOS service token</source>
        <comment>field help</comment>
        <translation>Ihr Token für den IONOS-Dienst</translation>
    </message>
    <message>
        <source>Leave empty to use https://openai.inference.de-txl.ionos.com/v1</source>
        <comment>field help</comment>
        <translation>Leer lassen, um https://openai.inference.de-txl.ionos.com/v1 zu verwenden</translation>
    </message>
    <message>
        <source>Custom Provider</source>
        <comment>provider name</comment>
        <translation>Benutzerdefinierter Anbieter</translation>
    </message>
    <message>
        <source>Authentication key for your service</source>
        <comment>field help</comment>
        <translation>Authentifizierungsschlüssel für Ihren Dienst</translation>
    </message>
    <message>
        <source>Base URL for your API service</source>
        <comment>field help</comment>
        <translation>Basis-URL Ihres API-Dienstes</translation>
    </message>
</context>
<context>
    <name>cm::ReplyClassifier</name>
    <message>
        <source>The provider said: &quot;%1&quot;</source>
        <translation>Der Anbieter meldet: „%1“</translation>
    </message>
    <message>
        <source>the endpoint URL</source>
        <translation>die Endpunkt-URL</translation>
    </message>
    <message>
        <source>the %1</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>%1 and %2</source>
        <translation>%1 und %2</translation>
    </message>
    <message>
        <source>The connection test was cancelled.</source>
        <translation>Der Verbindungstest wurde abgebrochen.</translation>
    </message>
    <message numerus="yes">
        <source>Could not connect to %1 within %n second(s); check the endpoint URL, the network and the proxy settings.</source>
        <translation>
            <numerusform>Die Verbindung zu %1 konnte nicht innerhalb von %n Sekunde hergestellt werden; prüfen Sie die Endpunkt-URL, das Netzwerk und die Proxy-Einstellungen.</numerusform>
            <numerusform>Die Verbindung zu %1 konnte nicht innerhalb von %n Sekunden hergestellt werden; prüfen Sie die Endpunkt-URL, das Netzwerk und die Proxy-Einstellungen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 did not answer within %n second(s); check the endpoint URL and the network, or allow more time.</source>
        <translation>
            <numerusform>%1 hat nicht innerhalb von %n Sekunde geantwortet; prüfen Sie die Endpunkt-URL und das Netzwerk, oder lassen Sie mehr Zeit zu.</numerusform>
            <numerusform>%1 hat nicht innerhalb von %n Sekunden geantwortet; prüfen Sie die Endpunkt-URL und das Netzwerk, oder lassen Sie mehr Zeit zu.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 sent a far larger answer than an API sends; check the endpoint URL.</source>
        <translation>Die Antwort von %1 ist weit größer als die einer API; prüfen Sie die Endpunkt-URL.</translation>
    </message>
    <message>
        <source>Could not reach %1 through the proxy %2 (%3); check the proxy settings (https_proxy, no_proxy).</source>
        <translation>%1 war über den Proxy %2 nicht erreichbar (%3); prüfen Sie die Proxy-Einstellungen (https_proxy, no_proxy).</translation>
    </message>
    <message>
        <source>The host %1 was not found; check the endpoint URL, and the network&apos;s DNS and proxy settings.</source>
        <translation>Der Host %1 wurde nicht gefunden; prüfen Sie die Endpunkt-URL sowie die DNS- und Proxy-Einstellungen des Netzwerks.</translation>
    </message>
    <message>
        <source>%1 refused the connection; check the endpoint URL and port, and that the service is running.</source>
        <translation>%1 hat die Verbindung abgelehnt; prüfen Sie die Endpunkt-URL und den Port, und ob der Dienst läuft.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2); check the endpoint URL and this computer&apos;s certificates (a proxy that inspects TLS needs its certificate installed).</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen (%2); prüfen Sie die Endpunkt-URL und die Zertifikate dieses Computers (für einen Proxy, der TLS untersucht, muss dessen Zertifikat installiert sein).</translation>
    </message>
    <message>
        <source>The connection to %1 timed out; check the endpoint URL, the network and the proxy settings.</source>
        <translation>Zeitüberschreitung bei der Verbindung zu %1; prüfen Sie die Endpunkt-URL, das Netzwerk und die Proxy-Einstellungen.</translation>
    </message>
    <message>
        <source>The proxy did not connect to %1 (%2); check the proxy settings (https_proxy, no_proxy).</source>
        <translation>Der Proxy hat keine Verbindung zu %1 hergestellt (%2); prüfen Sie die Proxy-Einstellungen (https_proxy, no_proxy).</translation>
    </message>
    <message>
        <source>%1 closed the connection without answering; check the endpoint URL, its port, and whether it expects https://.</source>
        <translation>%1 hat die Verbindung ohne Antwort geschlossen; prüfen Sie die Endpunkt-URL, deren Port und ob der Dienst https:// erwartet.</translation>
    </message>
    <message>
        <source>The secure connection to %1 failed (%2); check the endpoint URL and this computer&apos;s certificates.</source>
        <translation>Die sichere Verbindung zu %1 ist fehlgeschlagen (%2); prüfen Sie die Endpunkt-URL und die Zertifikate dieses Computers.</translation>
    </message>
    <message>
        <source>Could not reach %1 (%2); check the endpoint URL and the network.</source>
        <translation>%1 ist nicht erreichbar (%2); prüfen Sie die Endpunkt-URL und das Netzwerk.</translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1: the %2 works, and %n model(s) are available.</source>
        <translation>
            <numerusform>Verbunden mit %1: Der Wert in „%2“ funktioniert, und %n Modell ist verfügbar.</numerusform>
            <numerusform>Verbunden mit %1: Der Wert in „%2“ funktioniert, und %n Modelle sind verfügbar.</numerusform>
        </translation>
    </message>
    <message>
        <source>No models loaded: %1 answered, but its model list is empty; load a model on the server before using this credential.</source>
        <translation>Keine Modelle geladen: %1 hat geantwortet, aber die Modellliste ist leer; laden Sie ein Modell auf dem Server, bevor Sie diese Zugangsdaten verwenden.</translation>
    </message>
    <message>
        <source>Connected to %1: the embeddings request works (embedding dimension %2).</source>
        <translation>Verbunden mit %1: Die Embeddings-Anfrage funktioniert (Embedding-Dimension %2).</translation>
    </message>
    <message>
        <source>%1 answered the embeddings request without an embedding; check that the deployment is an embeddings model.</source>
        <translation>%1 hat die Embeddings-Anfrage ohne Embedding beantwortet; prüfen Sie, ob die Bereitstellung ein Embeddings-Modell ist.</translation>
    </message>
    <message>
        <source>%1 answered, but not with a list of models; check that the endpoint URL is the API&apos;s address (for most services it ends in /v1).</source>
        <translation>%1 hat geantwortet, aber nicht mit einer Modellliste; prüfen Sie, ob die Endpunkt-URL die Adresse der API ist (bei den meisten Diensten endet sie auf /v1).</translation>
    </message>
    <message>
        <source>%1 rejected the %2 (401 Unauthorized); check that the %2 is complete, not revoked, and belongs to this endpoint.</source>
        <translation>%1 hat den Wert in „%2“ abgelehnt (401 Unauthorized); prüfen Sie, ob „%2“ vollständig ist, nicht widerrufen wurde und zu diesem Endpunkt gehört.</translation>
    </message>
    <message>
        <source>%1 denied access (403 Forbidden); check that key authentication is enabled for the resource and that its network rules admit this computer.</source>
        <translation>%1 hat den Zugriff verweigert (403 Forbidden); prüfen Sie, ob die Schlüsselauthentifizierung für die Ressource aktiviert ist und ihre Netzwerkregeln diesen Computer zulassen.</translation>
    </message>
    <message>
        <source>%1 has nothing at %2 (404 Not Found); check %3.</source>
        <translation>Auf %1 gibt es unter %2 nichts (404 Not Found); prüfen Sie %3.</translation>
    </message>
    <message numerus="yes">
        <source>%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again in %n second(s).</source>
        <translation>
            <numerusform>%1 begrenzt die Anfragen (429 Too Many Requests), der Wert in „%2“ ist also vermutlich gültig; versuchen Sie es in %n Sekunde erneut.</numerusform>
            <numerusform>%1 begrenzt die Anfragen (429 Too Many Requests), der Wert in „%2“ ist also vermutlich gültig; versuchen Sie es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is limiting requests (429 Too Many Requests), so the %2 is probably valid; try again later.</source>
        <translation>%1 begrenzt die Anfragen (429 Too Many Requests), der Wert in „%2“ ist also vermutlich gültig; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>%1 had a problem of its own (HTTP %2), so the %3 could not be verified; try again later.</source>
        <translation>Bei %1 ist ein interner Fehler aufgetreten (HTTP %2), daher konnte der Wert in „%3“ nicht überprüft werden; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>%1 refused the request (HTTP %2); check %3.</source>
        <translation>%1 hat die Anfrage abgelehnt (HTTP %2); prüfen Sie %3.</translation>
    </message>
    <message>
        <source>%1 answered with HTTP %2, which is not an API answer; check the endpoint URL.</source>
        <translation>%1 hat mit HTTP %2 geantwortet, was keine API-Antwort ist; prüfen Sie die Endpunkt-URL.</translation>
    </message>
</context>
<context>
    <name>cm::SqlDialect</name>
    <message>
        <source>Qt&apos;s SQLite driver is not installed; install it (Debian: libqt6sql6-sqlite).</source>
        <translation>Der SQLite-Treiber von Qt ist nicht installiert; installieren Sie ihn (Debian: libqt6sql6-sqlite).</translation>
    </message>
    <message>
        <source>Qt&apos;s PostgreSQL driver is not installed; install it (Debian: libqt6sql6-psql).</source>
        <translation>Der PostgreSQL-Treiber von Qt ist nicht installiert; installieren Sie ihn (Debian: libqt6sql6-psql).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL store address; write it as postgresql://user@host:port/database.</source>
        <translation>„%1“ ist keine Adresse eines PostgreSQL-Speichers; schreiben Sie sie als postgresql://user@host:port/database.</translation>
    </message>
    <message>
        <source>The option &quot;%1&quot; in the PostgreSQL store address holds a &quot;;&quot;; remove it.</source>
        <translation>Die Option „%1“ in der Adresse des PostgreSQL-Speichers enthält ein „;“; entfernen Sie es.</translation>
    </message>
    <message>
        <source>The credential store %1 is busy: another program kept it locked too long; try again when it has finished.</source>
        <translation>Der Zugangsdatenspeicher %1 ist belegt: Ein anderes Programm hat ihn zu lange gesperrt; versuchen Sie es erneut, wenn es fertig ist.</translation>
    </message>
    <message>
        <source>The credential store %1 is read-only; check the permissions of the file and its folder.</source>
        <translation>Der Zugangsdatenspeicher %1 ist schreibgeschützt; prüfen Sie die Berechtigungen der Datei und ihres Ordners.</translation>
    </message>
    <message>
        <source>The disk holding %1 is full; free some space and try again.</source>
        <translation>Der Datenträger mit %1 ist voll; geben Sie Speicherplatz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>%1 is not a credential store or is damaged; restore it from a backup or choose another store with --store.</source>
        <translation>%1 ist kein Zugangsdatenspeicher oder ist beschädigt; stellen Sie ihn aus einer Sicherung wieder her oder wählen Sie mit --store einen anderen Speicher.</translation>
    </message>
    <message>
        <source>The credential store %1 could not be read or written (%2); check the file and its folder.</source>
        <translation>Der Zugangsdatenspeicher %1 konnte nicht gelesen oder geschrieben werden (%2); prüfen Sie die Datei und ihren Ordner.</translation>
    </message>
    <message>
        <source>The PostgreSQL store %1 is read-only (a standby server, or a read-only transaction); connect to the primary server.</source>
        <translation>Der PostgreSQL-Speicher %1 ist schreibgeschützt (ein Standby-Server oder eine schreibgeschützte Transaktion); verbinden Sie sich mit dem primären Server.</translation>
    </message>
    <message>
        <source>The database user may not do this in the PostgreSQL store %1 (%2); ask its administrator for read and write rights on the store&apos;s tables.</source>
        <translation>Der Datenbankbenutzer darf dies im PostgreSQL-Speicher %1 nicht (%2); bitten Sie dessen Administrator um Lese- und Schreibrechte für die Tabellen des Speichers.</translation>
    </message>
    <message>
        <source>The PostgreSQL store %1 needs a password; put it in PGPASSWORD or ~/.pgpass, or type it when asked.</source>
        <translation>Der PostgreSQL-Speicher %1 benötigt ein Passwort; hinterlegen Sie es in PGPASSWORD oder ~/.pgpass, oder geben Sie es bei der Abfrage ein.</translation>
    </message>
    <message>
        <source>Could not connect to the PostgreSQL store %1 (%2); check the address, that the server runs, and that the password is in PGPASSWORD or ~/.pgpass.</source>
        <translation>Die Verbindung zum PostgreSQL-Speicher %1 ist fehlgeschlagen (%2); prüfen Sie die Adresse, ob der Server läuft und ob das Passwort in PGPASSWORD oder ~/.pgpass steht.</translation>
    </message>
    <message>
        <source>The PostgreSQL store %1 could not be read or written (%2).</source>
        <translation>Der PostgreSQL-Speicher %1 konnte nicht gelesen oder geschrieben werden (%2).</translation>
    </message>
    <message>
        <source>The credential store %1 is on a file system that is mounted read-only; mount it read-write to change the store.</source>
        <translation>Der Zugangsdatenspeicher %1 liegt auf einem schreibgeschützt eingehängten Dateisystem; hängen Sie es mit Schreibzugriff ein, um den Speicher zu ändern.</translation>
    </message>
</context>
<context>
    <name>cm::TerminalPrompt</name>
    <message>
        <source>There is no terminal to ask for the passphrase; pass --passphrase-env with the name of a variable that holds it.</source>
        <translation>Es gibt kein Terminal, um die Passphrase abzufragen; geben Sie mit --passphrase-env den Namen einer Variablen an, die sie enthält.</translation>
    </message>
</context>
<context>
    <name>cm::Translations</name>
    <message>
        <source>There is no &quot;%1&quot; translation; give --language one of: %2.</source>
        <translation>Es gibt keine Übersetzung „%1“; geben Sie bei --language einen dieser Werte an: %2.</translation>
    </message>
</context>
<context>
    <name>cm::ui::AboutDialog</name>
    <message>
        <source>About Credential Management</source>
        <translation>Über die Zugangsdatenverwaltung</translation>
    </message>
    <message>
        <source>Credential Management</source>
        <translation>Zugangsdatenverwaltung</translation>
    </message>
    <message>
        <source>AI Credential Manager %1</source>
        <translation>AI Credential Manager %1</translation>
    </message>
    <message>
        <source>Keeps the API credentials of external AI providers in one store, every value encrypted with libsodium (XChaCha20-Poly1305).</source>
        <translation>Bewahrt die API-Zugangsdaten externer KI-Anbieter in einem Speicher auf; jeder Wert wird mit libsodium verschlüsselt (XChaCha20-Poly1305).</translation>
    </message>
    <message>
        <source>Licensed under the Apache License, Version 2.0 (%1).</source>
        <translation>Lizenziert unter der Apache License, Version 2.0 (%1).</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>&amp;Copy Version Information</source>
        <translation>Versionsinformationen &amp;kopieren</translation>
    </message>
    <message>
        <source>Uses %1.</source>
        <translation>Verwendet %1.</translation>
    </message>
</context>
<context>
    <name>cm::ui::CredentialDialog</name>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Required. A name that identifies this credential.</source>
        <translation>Erforderlich. Ein Name, der diese Zugangsdaten kennzeichnet.</translation>
    </message>
    <message>
        <source>A name that identifies this credential</source>
        <translation>Ein Name, der diese Zugangsdaten kennzeichnet</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Anbieter</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation>Mit * markierte Felder sind erforderlich.</translation>
    </message>
    <message>
        <source>&amp;Delete...</source>
        <translation>&amp;Löschen...</translation>
    </message>
    <message>
        <source>Permanently remove this credential</source>
        <translation>Diese Zugangsdaten endgültig entfernen</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Check the values as typed against the provider, with a request that costs nothing</source>
        <translation>Die eingegebenen Werte mit einer kostenlosen Anfrage beim Anbieter prüfen</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>&amp;Use Suggested Endpoint</source>
        <translation>&amp;Vorgeschlagenen Endpunkt verwenden</translation>
    </message>
    <message>
        <source>Changed Elsewhere</source>
        <translation>Anderswo geändert</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed elsewhere since you opened it, so your changes were not saved. Load the other version? What you typed stays shown below it for copying.</source>
        <translation>„%1“ wurde an anderer Stelle geändert, nachdem Sie die Zugangsdaten geöffnet haben; Ihre Änderungen wurden daher nicht gespeichert. Die andere Version laden? Ihre Eingaben werden darunter zum Kopieren weiter angezeigt.</translation>
    </message>
    <message>
        <source>The other version is loaded; what you typed is shown below. Change what you need and save again.</source>
        <translation>Die andere Version ist geladen; Ihre Eingaben werden darunter angezeigt. Ändern Sie, was nötig ist, und speichern Sie erneut.</translation>
    </message>
    <message>
        <source>Your unsaved values</source>
        <translation>Ihre nicht gespeicherten Werte</translation>
    </message>
    <message>
        <source>Your unsaved %1</source>
        <translation>Nicht gespeicherter Wert: %1</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was deleted elsewhere (in another window or program), so it cannot be saved; copy what you need, then close this dialog.</source>
        <translation>„%1“ wurde an anderer Stelle gelöscht (in einem anderen Fenster oder Programm) und kann daher nicht gespeichert werden; kopieren Sie, was Sie brauchen, und schließen Sie dann diesen Dialog.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed elsewhere (in another window or program) since you opened it; saving now would fail. Close and open it again to see the other version.</source>
        <translation>„%1“ wurde an anderer Stelle geändert (in einem anderen Fenster oder Programm), nachdem Sie die Zugangsdaten geöffnet haben; Speichern würde jetzt fehlschlagen. Schließen und öffnen Sie die Zugangsdaten erneut, um die andere Version zu sehen.</translation>
    </message>
    <message>
        <source>Cancel &amp;Test</source>
        <translation>&amp;Test abbrechen</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>Set the %1 to %2</source>
        <translation>Feld „%1“ auf %2 setzen</translation>
    </message>
    <message>
        <source>Add Credential</source>
        <translation>Zugangsdaten hinzufügen</translation>
    </message>
    <message>
        <source>Edit Credential</source>
        <translation>Zugangsdaten bearbeiten</translation>
    </message>
</context>
<context>
    <name>cm::ui::CredentialTableModel</name>
    <message>
        <source>★ Default embeddings</source>
        <translation>★ Standard für Embeddings</translation>
    </message>
    <message>
        <source>Features that need embeddings use this credential.</source>
        <translation>Funktionen, die Embeddings benötigen, verwenden diese Zugangsdaten.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Embeddings</translation>
    </message>
</context>
<context>
    <name>cm::ui::DeleteConfirmationDialog</name>
    <message>
        <source>Delete Credential</source>
        <translation>Zugangsdaten löschen</translation>
    </message>
    <message>
        <source>Delete the credential %1?</source>
        <translation>Die Zugangsdaten %1 löschen?</translation>
    </message>
    <message>
        <source>Delete the credential %1 (%2)?</source>
        <translation>Die Zugangsdaten %1 (%2) löschen?</translation>
    </message>
    <message>
        <source>This permanently removes the credentials and affects all features using them.</source>
        <translation>Dadurch werden die Zugangsdaten endgültig entfernt; das betrifft alle Funktionen, die sie verwenden.</translation>
    </message>
    <message>
        <source>&amp;Type the exact credential name to confirm deletion:</source>
        <translation>Geben Sie zur Bestätigung den genauen Namen der Zugangsdaten &amp;ein:</translation>
    </message>
    <message>
        <source>Credential name to confirm</source>
        <translation>Name der Zugangsdaten zur Bestätigung</translation>
    </message>
    <message>
        <source>Type the exact credential name to enable Delete</source>
        <translation>Geben Sie den genauen Namen der Zugangsdaten ein, um „Löschen“ zu aktivieren</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete credential</source>
        <translation>Zugangsdaten löschen</translation>
    </message>
</context>
<context>
    <name>cm::ui::KeySetupDialog</name>
    <message>
        <source>Set Up Encryption Key</source>
        <translation>Verschlüsselungsschlüssel einrichten</translation>
    </message>
    <message>
        <source>No encryption key is configured for this store.</source>
        <translation>Für diesen Speicher ist kein Verschlüsselungsschlüssel konfiguriert.</translation>
    </message>
    <message>
        <source>Credentials are encrypted with a key that comes from CREDENTIAL_ENCRYPTION_KEY or from the system keychain. Generate a new key, or use the key your platform services already have; it is kept in the system keychain of this computer.</source>
        <translation>Zugangsdaten werden mit einem Schlüssel verschlüsselt, der aus CREDENTIAL_ENCRYPTION_KEY oder aus dem System-Schlüsselbund stammt. Erzeugen Sie einen neuen Schlüssel oder verwenden Sie den Schlüssel, den Ihre Plattformdienste bereits haben; er wird im System-Schlüsselbund dieses Computers abgelegt.</translation>
    </message>
    <message>
        <source>This store is encrypted with a key that has to come from CREDENTIAL_ENCRYPTION_KEY or from the system keychain. Paste the key it was created with; it is checked against the store and kept in the system keychain of this computer.</source>
        <translation>Dieser Speicher ist mit einem Schlüssel verschlüsselt, der aus CREDENTIAL_ENCRYPTION_KEY oder aus dem System-Schlüsselbund stammen muss. Fügen Sie den Schlüssel ein, mit dem er angelegt wurde; er wird mit dem Speicher abgeglichen und im System-Schlüsselbund dieses Computers abgelegt.</translation>
    </message>
    <message>
        <source>&amp;Generate a new key</source>
        <translation>Neuen Schlüssel &amp;erzeugen</translation>
    </message>
    <message>
        <source>Generate a new key</source>
        <translation>Neuen Schlüssel erzeugen</translation>
    </message>
    <message>
        <source>&amp;Use an existing key</source>
        <translation>&amp;Vorhandenen Schlüssel verwenden</translation>
    </message>
    <message>
        <source>Use an existing key</source>
        <translation>Vorhandenen Schlüssel verwenden</translation>
    </message>
    <message>
        <source>Generated key</source>
        <translation>Erzeugter Schlüssel</translation>
    </message>
    <message>
        <source>&amp;New key:</source>
        <translation>&amp;Neuer Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Copy Key</source>
        <translation>Schlüssel &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the generated key to the clipboard</source>
        <translation>Den erzeugten Schlüssel in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Platform services that read this store need this key in CREDENTIAL_ENCRYPTION_KEY. Keep a copy in a safe place: a lost key cannot be recovered, and neither can the credentials encrypted with it.</source>
        <translation>Plattformdienste, die diesen Speicher lesen, benötigen diesen Schlüssel in CREDENTIAL_ENCRYPTION_KEY. Bewahren Sie eine Kopie an einem sicheren Ort auf: Ein verlorener Schlüssel lässt sich nicht wiederherstellen, ebenso wenig die damit verschlüsselten Zugangsdaten.</translation>
    </message>
    <message>
        <source>Existing encryption key</source>
        <translation>Vorhandener Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>64 hexadecimal characters or 44 characters of base64</source>
        <translation>64 Hexadezimalzeichen oder 44 Base64-Zeichen</translation>
    </message>
    <message>
        <source>Encryption &amp;key:</source>
        <translation>Verschlüsselungs&amp;schlüssel:</translation>
    </message>
    <message>
        <source>Key problem</source>
        <translation>Problem mit dem Schlüssel</translation>
    </message>
    <message>
        <source>Keep in Keychain</source>
        <translation>Im Schlüsselbund ablegen</translation>
    </message>
    <message>
        <source>Keep the key in the system keychain</source>
        <translation>Den Schlüssel im System-Schlüsselbund ablegen</translation>
    </message>
    <message>
        <source>This store already has a key; generating another would not open it. Use the key it was created with.</source>
        <translation>Dieser Speicher hat bereits einen Schlüssel; ein neu erzeugter würde ihn nicht öffnen. Verwenden Sie den Schlüssel, mit dem er angelegt wurde.</translation>
    </message>
    <message>
        <source>The pasted key does not match this store (the store expects key id %1); paste the key this store was created with.</source>
        <translation>Der eingefügte Schlüssel passt nicht zu diesem Speicher (der Speicher erwartet die Schlüssel-ID %1); fügen Sie den Schlüssel ein, mit dem dieser Speicher angelegt wurde.</translation>
    </message>
    <message>
        <source>Paste the encryption key first.</source>
        <translation>Fügen Sie zuerst den Verschlüsselungsschlüssel ein.</translation>
    </message>
    <message>
        <source>the generated text</source>
        <translation>dem erzeugten Text</translation>
    </message>
    <message>
        <source>the pasted text</source>
        <translation>dem eingefügten Text</translation>
    </message>
    <message>
        <source>The key is on the clipboard; it is cleared from there in 30 seconds.</source>
        <translation>Der Schlüssel ist in der Zwischenablage; dort wird er nach 30 Sekunden gelöscht.</translation>
    </message>
</context>
<context>
    <name>cm::ui::MainWindow</name>
    <message>
        <source>Credential Management</source>
        <translation>Zugangsdatenverwaltung</translation>
    </message>
    <message>
        <source>&amp;Add Credential</source>
        <translation>Zugangsdaten &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add Credential (%1)</source>
        <translation>Zugangsdaten hinzufügen (%1)</translation>
    </message>
    <message>
        <source>Set Up &amp;Key...</source>
        <translation>Schlüssel ein&amp;richten...</translation>
    </message>
    <message>
        <source>&amp;Rotate Encryption Key...</source>
        <translation>Verschlüsselungsschlüssel &amp;wechseln...</translation>
    </message>
    <message>
        <source>&amp;Open Store...</source>
        <translation>&amp;Speicher öffnen...</translation>
    </message>
    <message>
        <source>&amp;Credentials</source>
        <translation>&amp;Zugangsdaten</translation>
    </message>
    <message>
        <source>&amp;Key</source>
        <translation>&amp;Schlüssel</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Zugangsdaten</translation>
    </message>
    <message>
        <source>Search by name or provider (%1)</source>
        <translation>Nach Name oder Anbieter suchen (%1)</translation>
    </message>
    <message>
        <source>Search credentials</source>
        <translation>Zugangsdaten durchsuchen</translation>
    </message>
    <message>
        <source>Database Password</source>
        <translation>Datenbankpasswort</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Passwort für %1:</translation>
    </message>
    <message>
        <source>Open Store</source>
        <translation>Speicher öffnen</translation>
    </message>
    <message>
        <source>There is no store at %1 yet. Start a new one there? It is created with the first credential you add.</source>
        <translation>Unter %1 gibt es noch keinen Speicher. Dort einen neuen Speicher anlegen? Er wird erst erstellt, wenn Sie die ersten Zugangsdaten hinzufügen.</translation>
    </message>
    <message numerus="yes">
        <source>%n credential(s)</source>
        <translation>
            <numerusform>%n Zugangsdatensatz</numerusform>
            <numerusform>%n Zugangsdatensätze</numerusform>
        </translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>No credentials yet.
Click &quot;Add Credential&quot; (%1) to add the first one.</source>
        <translation>Noch keine Zugangsdaten.
Klicken Sie auf „Zugangsdaten hinzufügen“ (%1), um die ersten hinzuzufügen.</translation>
    </message>
    <message>
        <source>No credentials yet. Set up the encryption key to add the first one.</source>
        <translation>Noch keine Zugangsdaten. Richten Sie den Verschlüsselungsschlüssel ein, um die ersten hinzuzufügen.</translation>
    </message>
    <message>
        <source>Key from %1</source>
        <translation>Schlüssel aus %1</translation>
    </message>
    <message>
        <source>Missing Encryption Key Error</source>
        <translation>Fehler: Verschlüsselungsschlüssel fehlt</translation>
    </message>
    <message>
        <source>Contact your system administrator to configure the CREDENTIAL_ENCRYPTION_KEY. This is required for secure credential storage. Names and providers are shown read-only until a key is set up.</source>
        <translation>Wenden Sie sich an Ihren Systemadministrator, um die Variable CREDENTIAL_ENCRYPTION_KEY zu konfigurieren. Diese ist für die sichere Speicherung der Zugangsdaten erforderlich. Bis ein Schlüssel eingerichtet ist, werden Namen und Anbieter schreibgeschützt angezeigt.</translation>
    </message>
    <message>
        <source>No encryption key</source>
        <translation>Kein Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>Wrong Encryption Key</source>
        <translation>Falscher Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source> Nothing can be changed until the right key is set up.</source>
        <translation> Bis der richtige Schlüssel eingerichtet ist, kann nichts geändert werden.</translation>
    </message>
    <message>
        <source>Wrong encryption key</source>
        <translation>Falscher Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>Invalid Encryption Key</source>
        <translation>Ungültiger Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>Invalid encryption key</source>
        <translation>Ungültiger Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>„%1“ gespeichert.</translation>
    </message>
    <message>
        <source>Deleted &quot;%1&quot;.</source>
        <translation>„%1“ gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Credential Management</source>
        <translation>&amp;Über die Zugangsdatenverwaltung</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The new language is used the next time Credential Management starts.</source>
        <translation>Die neue Sprache wird beim nächsten Start der Zugangsdatenverwaltung verwendet.</translation>
    </message>
    <message>
        <source>Set &amp;Up Key...</source>
        <translation>Schlüssel ein&amp;richten...</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is now the default embeddings credential.</source>
        <translation>„%1“ ist jetzt der Standard für Embeddings.</translation>
    </message>
    <message>
        <source>Reading credentials…</source>
        <translation>Zugangsdaten werden gelesen…</translation>
    </message>
</context>
<context>
    <name>cm::ui::OpenStoreDialog</name>
    <message>
        <source>Open Store</source>
        <translation>Speicher öffnen</translation>
    </message>
    <message>
        <source>&amp;Store:</source>
        <translation>&amp;Speicher:</translation>
    </message>
    <message>
        <source>Store file or PostgreSQL address</source>
        <translation>Speicherdatei oder PostgreSQL-Adresse</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen...</translation>
    </message>
    <message>
        <source>Credential stores (*.sqlite);;All files (*)</source>
        <translation>Zugangsdatenspeicher (*.sqlite);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>A store file, or a shared PostgreSQL database as postgresql://user@host:port/database; its password comes from PGPASSWORD or ~/.pgpass.</source>
        <translation>Eine Speicherdatei oder eine gemeinsam genutzte PostgreSQL-Datenbank als postgresql://user@host:port/database; das Passwort kommt aus PGPASSWORD oder ~/.pgpass.</translation>
    </message>
</context>
<context>
    <name>cm::ui::RotateKeyDialog</name>
    <message>
        <source>Rotate Encryption Key</source>
        <translation>Verschlüsselungsschlüssel wechseln</translation>
    </message>
    <message>
        <source>Rotation generates a new encryption key and re-encrypts every credential under it in one step: if anything fails, the store keeps the current key and nothing changes.</source>
        <translation>Der Schlüsselwechsel erzeugt einen neuen Verschlüsselungsschlüssel und verschlüsselt alle Zugangsdaten in einem Schritt damit neu: Schlägt etwas fehl, behält der Speicher den aktuellen Schlüssel und nichts ändert sich.</translation>
    </message>
    <message>
        <source>The new key is kept in the system keychain (replacing the current one there). Afterwards, platform services that read this store, and every place where CREDENTIAL_ENCRYPTION_KEY holds the current key, need the new key.</source>
        <translation>Der neue Schlüssel wird im System-Schlüsselbund abgelegt (und ersetzt dort den aktuellen). Danach benötigen Plattformdienste, die diesen Speicher lesen, und jede Stelle, an der CREDENTIAL_ENCRYPTION_KEY den aktuellen Schlüssel enthält, den neuen Schlüssel.</translation>
    </message>
    <message>
        <source>Re-encrypting the credentials</source>
        <translation>Zugangsdaten werden neu verschlüsselt</translation>
    </message>
    <message>
        <source>Rotation result</source>
        <translation>Ergebnis des Schlüsselwechsels</translation>
    </message>
    <message>
        <source>New encryption key</source>
        <translation>Neuer Verschlüsselungsschlüssel</translation>
    </message>
    <message>
        <source>&amp;New key:</source>
        <translation>&amp;Neuer Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Copy Key</source>
        <translation>Schlüssel &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the new key to the clipboard</source>
        <translation>Den neuen Schlüssel in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Rotate Now</source>
        <translation>Jetzt wechseln</translation>
    </message>
    <message>
        <source>Rotate the encryption key now</source>
        <translation>Den Verschlüsselungsschlüssel jetzt wechseln</translation>
    </message>
    <message>
        <source>There are no credentials to re-encrypt yet.</source>
        <translation>Es gibt noch keine Zugangsdaten, die neu verschlüsselt werden könnten.</translation>
    </message>
    <message>
        <source>Re-encrypting the credentials...</source>
        <translation>Zugangsdaten werden neu verschlüsselt...</translation>
    </message>
    <message numerus="yes">
        <source>%n credential(s) re-encrypted under the new key.</source>
        <translation>
            <numerusform>%n Zugangsdatensatz wurde mit dem neuen Schlüssel neu verschlüsselt.</numerusform>
            <numerusform>%n Zugangsdatensätze wurden mit dem neuen Schlüssel neu verschlüsselt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The system keychain now holds the new key. Update CREDENTIAL_ENCRYPTION_KEY wherever the old key was used.</source>
        <translation>Der System-Schlüsselbund enthält jetzt den neuen Schlüssel. Aktualisieren Sie CREDENTIAL_ENCRYPTION_KEY überall dort, wo der alte Schlüssel verwendet wurde.</translation>
    </message>
    <message>
        <source>The key is on the clipboard; it is cleared from there in 30 seconds.</source>
        <translation>Der Schlüssel ist in der Zwischenablage; dort wird er nach 30 Sekunden gelöscht.</translation>
    </message>
</context>
<context>
    <name>cm::ui::SecretLineEdit</name>
    <message>
        <source>Alt+R</source>
        <translation>Alt+R</translation>
    </message>
    <message>
        <source>Show or hide the value (Alt+R)</source>
        <translation>Wert anzeigen oder verbergen (Alt+R)</translation>
    </message>
    <message>
        <source>Hide the value (Alt+R)</source>
        <translation>Wert verbergen (Alt+R)</translation>
    </message>
    <message>
        <source>Show the value (Alt+R)</source>
        <translation>Wert anzeigen (Alt+R)</translation>
    </message>
</context>
<context>
    <name>cm::ui::StoreSession</name>
    <message>
        <source>The credential no longer exists.</source>
        <translation>Die Zugangsdaten existieren nicht mehr.</translation>
    </message>
    <message>
        <source>There is no store to re-encrypt yet.</source>
        <translation>Es gibt noch keinen Speicher, der neu verschlüsselt werden könnte.</translation>
    </message>
    <message>
        <source>the pasted text</source>
        <translation>dem eingefügten Text</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>AI Credential Manager</source>
        <translation>AI Credential Manager</translation>
    </message>
    <message>
        <source>The store file (default: $CREDENTIAL_STORE, else the default store).</source>
        <translation>Die Speicherdatei (Standard: $CREDENTIAL_STORE, sonst der Standardspeicher).</translation>
    </message>
    <message>
        <source>Credential Management</source>
        <translation>Zugangsdatenverwaltung</translation>
    </message>
    <message>
        <source>The interface language: %1 (default: the choice in Settings, else the system&apos;s).</source>
        <translation>Die Sprache der Oberfläche: %1 (Standard: die Auswahl in den Einstellungen, sonst die Systemsprache).</translation>
    </message>
</context>
</TS>
