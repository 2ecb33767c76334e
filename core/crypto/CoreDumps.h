#pragma once

namespace cm {

// Keys and decrypted values live in this process's memory, so a crash must not write them
// to a core file. Both executables call this first thing in main(). Returns whether the
// platform confirmed it (a failure is not fatal: the process still runs).
bool disableCoreDumps();

} // namespace cm
