#pragma once

#include <QtGlobal>

namespace cm::bench {

// CLOCK_MONOTONIC in nanoseconds: the one clock parent and child processes share, so a
// child can say when it painted relative to when the parent started it.
qint64 monotonicNs();

// From /proc/self/status, in KiB (-1 when unreadable).
qint64 residentKb(); // VmRSS
qint64 peakResidentKb(); // VmHWM

// Resets VmHWM to the current VmRSS (Linux >= 4.0); false when the kernel refuses.
bool resetPeakResident();

} // namespace cm::bench
