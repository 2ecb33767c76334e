#pragma once

namespace cm::bench {

// `bench run [--sizes 1000,10000,100000] [--runs N] [--rotation-runs N] [--adds N]
// [--generator auto|importall|direct] [--dir DIR]`:
// generates the stores, runs every measurement and prints the table. Returns the exit code
// (0 also when goals are missed: the table says so; non-zero when the benchmark itself failed).
int runBenchmark(int argc, char** argv);

} // namespace cm::bench
