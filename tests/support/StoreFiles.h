#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QTest>

namespace cm::test {

// The files that make up a store at one moment, by file name: the store file itself and every
// file beside it whose name begins with the store's (its -wal, -shm and -journal companions).
// A file that exists but cannot be read holds "<unreadable>".
using Snapshot = QMap<QString, QByteArray>;

Snapshot snapshotOf(const QString& storePath);

// The names of the files that differ between two snapshots (appeared, vanished or changed),
// comma-separated; empty when the snapshots are equal. Never the bytes: they may hold
// ciphertext, which is never worth printing.
QByteArray snapshotDifference(const Snapshot& before, const Snapshot& after);

// Empty when the store's files (names and bytes) are as in `before`, else what changed.
QString storeChanges(const Snapshot& before, const QString& storePath);

// The permission bits of a file or folder, or -1 when it cannot be examined (or on a system
// without POSIX modes).
int permissionBits(const QString& path);

// The permission bits in octal ("600"), so a failure reads naturally; "<missing>" when the
// path cannot be examined, "<unknown>" on a system without POSIX modes.
QString modeOf(const QString& path);

} // namespace cm::test

// The store's files are byte for byte what they were in `before`.
#define CHECK_UNCHANGED(before, storePath)                                                                             \
    do {                                                                                                               \
        const QString changes_ = cm::test::storeChanges((before), (storePath));                                        \
        QVERIFY2(changes_.isEmpty(), qPrintable(changes_ + QStringLiteral(" although the call was refused")));         \
    } while (false)
