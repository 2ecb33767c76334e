#pragma once

#include <QTest>

// Returns from a test function when a helper it called has failed: QVERIFY in a helper only
// leaves the helper.
#define STOP_IF_FAILED()                                                                                               \
    do {                                                                                                               \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)
