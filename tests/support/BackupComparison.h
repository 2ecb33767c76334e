#pragma once

#include <QJsonObject>
#include <QString>
#include <QTest>

namespace cm::test {

// Where `actual` (a `credctl show --json --reveal` object) differs from `expected` in what a
// backup carries: provider, timestamps, default flag and every field value. Values are named
// by their key, never shown. Empty when they agree.
QString backupDifference(const QJsonObject& expected, const QJsonObject& actual);

} // namespace cm::test

#define CHECK_SAME_BACKUP(expected, actual)                                                                            \
    do {                                                                                                               \
        const QString difference_ = cm::test::backupDifference((expected), (actual));                                  \
        QVERIFY2(difference_.isEmpty(), qPrintable(difference_));                                                      \
    } while (false)
