#include "SqlDialect.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>
#include <QUrl>
#include <QUrlQuery>

namespace cm {

namespace {

// Serialises the writers of one PostgreSQL database: any number that is the same for every
// program that writes the store (the bytes of "cmstore").
constexpr qint64 WriteLockId = 0x636d73746f7265;

bool isPostgresScheme(const QString& scheme)
{
    return scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres");
}

// SQLite reports a disk too full for its shared-memory index (the -shm beside the store, grown
// 32 KiB at a time) as a plain I/O error, and Qt passes no errno on: this little space left
// explains such an error.
constexpr qint64 NearlyFullBytes = qint64(64) * 1024;

// The file system holding `file` (a SQLite store), when it is mounted.
QStorageInfo storageOf(const QString& file)
{
    return QStorageInfo(QFileInfo(file).absolutePath());
}

} // namespace

bool SqlDialect::isDatabaseUrl(const QString& location)
{
    const qsizetype colon = location.indexOf(QLatin1String("://"));
    return colon > 0 && isPostgresScheme(location.left(colon).toLower());
}

SqlDialect SqlDialect::forLocation(const QString& location)
{
    return SqlDialect(isDatabaseUrl(location) ? Engine::PostgreSQL : Engine::SQLite);
}

QString SqlDialect::driverName() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString SqlDialect::missingDriverMessage() const
{
    return m_engine == Engine::SQLite
        ? tr("Qt's SQLite driver is not installed; install it (Debian: libqt6sql6-sqlite).")
        : tr("Qt's PostgreSQL driver is not installed; install it (Debian: libqt6sql6-psql).");
}

QString SqlDialect::displayName(const QString& location)
{
    if (!isDatabaseUrl(location))
        return QDir::toNativeSeparators(location);
    return QUrl(location).adjusted(QUrl::RemovePassword | QUrl::RemoveQuery).toDisplayString();
}

Result<void> SqlDialect::configure(QSqlDatabase& db, const QString& location, int busyTimeoutMs,
                                   const QString& password) const
{
    if (m_engine == Engine::SQLite) {
        QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
        // A WAL store on a file system mounted read-only cannot be opened the usual way: SQLite
        // must create the -shm index beside it. Nothing on this machine can change the file while
        // that mount lasts, so it is read as immutable (no index, no locks), and every write is
        // refused as read-only. Not when a -wal with changes not yet copied into the file, or a
        // rollback -journal, lies beside it: reading without it would show an old or torn state. (The folder's access
        // check is cheap; only a folder that may not be written costs a look at the mounts.)
        const QFileInfo file(location);
        if (file.isFile() && !QFileInfo(file.absolutePath()).isWritable()
            && QFileInfo(location + QLatin1String("-wal")).size() == 0
            && !QFileInfo::exists(location + QLatin1String("-journal")) && storageOf(location).isReadOnly()) {
            QUrl uri = QUrl::fromLocalFile(file.absoluteFilePath());
            uri.setQuery(QStringLiteral("immutable=1"));
            db.setDatabaseName(uri.toString(QUrl::FullyEncoded));
            options += QLatin1String(";QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI");
        } else {
            db.setDatabaseName(location);
        }
        db.setConnectOptions(options);
        return {};
    }
    const QUrl url(location, QUrl::StrictMode);
    const QString database = url.path().mid(1);
    if (!url.isValid() || database.isEmpty() || database.contains(QLatin1Char('/')))
        return makeError(ErrorCode::Usage,
                         tr("\"%1\" is not a PostgreSQL store address; write it as "
                            "postgresql://user@host:port/database.")
                             .arg(displayName(location)));
    db.setDatabaseName(database);
    if (!url.host().isEmpty())
        db.setHostName(url.host());
    if (url.port() != -1)
        db.setPort(url.port());
    if (!url.userName().isEmpty())
        db.setUserName(url.userName());
    if (!password.isEmpty())
        db.setPassword(password);
    else if (!url.password().isEmpty())
        db.setPassword(url.password());
    // libpq's own options (sslmode, sslrootcert, ...) pass through; connecting gives up in time.
    QStringList options { QStringLiteral("connect_timeout=%1").arg(qMax(2, busyTimeoutMs / 1000)),
                          QStringLiteral("application_name=credential-manager") };
    for (const auto& [key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (key.contains(QLatin1Char(';')) || value.contains(QLatin1Char(';')))
            return makeError(
                ErrorCode::Usage,
                tr("The option \"%1\" in the PostgreSQL store address holds a \";\"; remove it.").arg(key));
        // libpq reads 'quoted' values, with \\ and \' inside: spaces and quotes survive.
        QString quoted = value;
        quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('\''), QLatin1String("\\'"));
        options.append(key + QLatin1String("='") + quoted + QLatin1Char('\''));
    }
    db.setConnectOptions(options.join(QLatin1Char(';')));
    return {};
}

QStringList SqlDialect::sessionStatements(int busyTimeoutMs) const
{
    if (m_engine == Engine::SQLite) {
        // WAL lets readers work while one writer commits; FULL syncs the WAL on every commit.
        return { QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL") };
    }
    // Waiting for another writer's lock ends like SQLite's busy timeout.
    return { QStringLiteral("SET lock_timeout = %1").arg(busyTimeoutMs) };
}

QStringList SqlDialect::beginWriteStatements() const
{
    if (m_engine == Engine::SQLite)
        return { QStringLiteral("BEGIN IMMEDIATE") };
    return { QStringLiteral("BEGIN"), QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(WriteLockId) };
}

QString SqlDialect::notifyStatement() const
{
    if (m_engine == Engine::SQLite)
        return {};
    return QStringLiteral("NOTIFY ") + QLatin1String(NotifyChannel);
}

QString SqlDialect::tablesQuery() const
{
    if (m_engine == Engine::SQLite)
        return QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'");
    // pg_tables lists every table, also those the login may not read (information_schema would
    // hide them, and a login without rights would see an empty store instead of an error).
    return QStringLiteral("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
}

QString SqlDialect::nameCandidatesQuery() const
{
    if (m_engine == Engine::SQLite)
        return QStringLiteral("WITH wanted(folded, pattern) AS (SELECT CAST(? AS TEXT), CAST(? AS TEXT)) "
                              "SELECT id, name FROM credentials, wanted WHERE name = wanted.folded COLLATE NOCASE "
                              "UNION ALL "
                              "SELECT id, name FROM credentials, wanted WHERE length(name) = length(wanted.folded) "
                              "AND name GLOB '*[^ -~]*' AND name LIKE wanted.pattern ESCAPE '\\'");
    return QStringLiteral("SELECT id, name FROM credentials WHERE length(name) = length(CAST(? AS TEXT))");
}

QVariantList SqlDialect::nameCandidatesValues(const QString& foldedName) const
{
    if (m_engine != Engine::SQLite)
        return { foldedName };
    // Simple case folding maps one character to one, and only two characters outside ASCII
    // fold into it: KELVIN SIGN to k and LONG S to s. So where the folded name has a printable
    // ASCII character other than k or s, a clashing name has the same one in either case (what
    // LIKE compares); anywhere else it has some one character (LIKE's _).
    QString pattern;
    for (const char32_t c : foldedName.toUcs4()) {
        if (c < 0x20 || c > 0x7e || c == U'k' || c == U's') {
            pattern += QLatin1Char('_');
            continue;
        }
        if (c == U'%' || c == U'_' || c == U'\\')
            pattern += QLatin1Char('\\');
        pattern += QLatin1Char(char(c));
    }
    return { foldedName, pattern };
}

QStringList SqlDialect::nameIndexStatements() const
{
    if (m_engine != Engine::SQLite)
        return {};
    // The first also holds every column a listing shows, so a list in name order reads the
    // index alone and not 100,000 table rows with their payloads. The partial index's
    // condition must be written exactly as in nameCandidatesQuery(), or SQLite will not use
    // it; it holds the names too, so LIKE reads no table rows.
    return {
        QStringLiteral("CREATE INDEX IF NOT EXISTS credentials_name_nocase ON credentials (name COLLATE NOCASE, id, "
                       "provider, created_at, updated_at, revision)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS credentials_non_ascii_name ON credentials (length(name), name, id) "
                       "WHERE name GLOB '*[^ -~]*'"),
    };
}

QString SqlDialect::nameOrder() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("name COLLATE NOCASE") : QStringLiteral("name");
}

QString SqlDialect::pagingKey() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("rowid") : QStringLiteral("id");
}

QString SqlDialect::binaryType() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("BLOB") : QStringLiteral("BYTEA");
}

QString SqlDialect::serialKeyType() const
{
    return m_engine == Engine::SQLite ? QStringLiteral("INTEGER") : QStringLiteral("BIGSERIAL");
}

Error SqlDialect::error(const QSqlError& error, const QString& where, const QString& file) const
{
    const auto busy = [&] {
        return makeError(ErrorCode::Busy,
                         tr("The credential store %1 is busy: another program kept it locked too long; try again "
                            "when it has finished.")
                             .arg(where));
    };
    const auto readOnly = [&] {
        return makeError(
            ErrorCode::Io,
            tr("The credential store %1 is read-only; check the permissions of the file and its folder.").arg(where));
    };
    const auto full = [&] {
        return makeError(ErrorCode::Io, tr("The disk holding %1 is full; free some space and try again.").arg(where));
    };
    if (m_engine == Engine::SQLite) {
        const int code = error.nativeErrorCode().toInt() & 0xff;
        // SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN: the file system says why.
        if (!file.isEmpty() && (code == 8 || code == 10 || code == 13 || code == 14)) {
            const QStorageInfo storage = storageOf(file);
            if (storage.isValid() && storage.isReadOnly())
                return makeError(ErrorCode::Io,
                                 tr("The credential store %1 is on a file system that is mounted read-only; mount it "
                                    "read-write to change the store.")
                                     .arg(where));
            if (code != 8 && storage.isValid() && storage.bytesAvailable() < NearlyFullBytes)
                return full();
        }
        switch (code) {
        case 5: // SQLITE_BUSY
        case 6: // SQLITE_LOCKED
            return busy();
        case 11: // SQLITE_CORRUPT
        case 26: // SQLITE_NOTADB
            return makeError(ErrorCode::Corrupt,
                             tr("%1 is not a credential store or is damaged; restore it from a backup or choose "
                                "another store with --store.")
                                 .arg(where));
        case 13: // SQLITE_FULL
            return full();
        case 8: // SQLITE_READONLY
            return readOnly();
        default:
            return makeError(
                ErrorCode::Io,
                tr("The credential store %1 could not be read or written (%2); check the file and its folder.")
                    .arg(where, error.text()));
        }
    }

    // PostgreSQL reports SQLSTATE codes; of libpq's text the first line says what happened.
    const QString state = error.nativeErrorCode();
    const QString reason = error.databaseText().section(QLatin1Char('\n'), 0, 0).trimmed();
    if (state == QLatin1String("55P03") || state == QLatin1String("40P01") || state == QLatin1String("40001"))
        return busy();
    if (state == QLatin1String("53100"))
        return full();
    if (state == QLatin1String("25006"))
        return makeError(ErrorCode::Io,
                         tr("The PostgreSQL store %1 is read-only (a standby server, or a read-only transaction); "
                            "connect to the primary server.")
                             .arg(where));
    if (state == QLatin1String("42501"))
        return makeError(ErrorCode::Io,
                         tr("The database user may not do this in the PostgreSQL store %1 (%2); ask its administrator "
                            "for read and write rights on the store's tables.")
                             .arg(where, reason));
    // libpq's own words when the server wants a password and no source had one.
    if (reason.contains(QLatin1String("no password supplied")))
        return makeError(ErrorCode::PasswordNeeded,
                         tr("The PostgreSQL store %1 needs a password; put it in PGPASSWORD or ~/.pgpass, or type it "
                            "when asked.")
                             .arg(where));
    if (error.type() == QSqlError::ConnectionError || state.startsWith(QLatin1String("08"))
        || state.startsWith(QLatin1String("28")) || state == QLatin1String("3D000"))
        return makeError(ErrorCode::Io,
                         tr("Could not connect to the PostgreSQL store %1 (%2); check the address, that the server "
                            "runs, and that the password is in PGPASSWORD or ~/.pgpass.")
                             .arg(where, reason.isEmpty() ? error.driverText() : reason));
    return makeError(ErrorCode::Io,
                     tr("The PostgreSQL store %1 could not be read or written (%2).").arg(where, reason));
}

} // namespace cm
