#pragma once

namespace cm::bench {

// The programs `bench run` starts and times; CM_BENCH_MODE selects one. Each writes one line
// of figures to stdout and exits 0, or explains on stderr and exits non-zero.

// The application exactly as its main() runs it (runApplication), with --store from the
// command line. At the first paint of the credential table (of the main window for an empty
// store, CM_BENCH_EXPECT_ROWS=0) it prints "painted_ns=... rss_kb=... hwm_kb=... rows=..." and quits.
int runWindowChild(int argc, char** argv);

// The start-up floor: a QMainWindow whose central widget is an empty QTableView, with the
// same first-paint report on the table's viewport.
int runBareWindowChild(int argc, char** argv);

// The listing floor: one bare SELECT into plain structs and the default-embeddings lookup,
// printed in the JSON shape of `credctl list --json`. argv[1] is the store.
int runListFloorChild(int argc, char** argv);

} // namespace cm::bench
