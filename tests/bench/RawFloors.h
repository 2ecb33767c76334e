#pragma once

#include "common/Error.h"
#include "store/Credential.h"

#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace cm::bench {

// The floors of the write measurements: the least code that does the same work on the same
// file, with QSQLITE, the PRAGMAs the product sets (journal_mode=WAL, synchronous=FULL) and
// raw libsodium calls. Keys are the 32 raw bytes.

// Adds each credential in its own transaction (BEGIN IMMEDIATE, XChaCha20-Poly1305 payload,
// one prepared INSERT into credentials and one into audit_log, COMMIT). Returns the seconds
// each took. `after(i)`, when given, runs after the i-th add, outside the timing: the product's
// own add goes there, so both see the same moments of the disk.
Result<std::vector<double>> rawAdd(const QString& path, const unsigned char* key, const QList<Credential>& credentials,
                                   const std::function<void(qsizetype)>& after = {});

// Re-encrypts every payload from `current` to `next` in one transaction, reading batches of
// 256 rows by rowid, and moves meta.key_id to `next`. Returns the number of rows.
Result<int> rawRotate(const QString& path, const unsigned char* current, const unsigned char* next);

} // namespace cm::bench
