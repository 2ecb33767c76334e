// The benchmark of docs/performance.md: `bench run` (scripts/bench) measures and prints the
// table; with CM_BENCH_MODE set the same executable is one of the child programs it times.

#include "BenchRun.h"
#include "ChildModes.h"

#include <QByteArray>

#include <cstdio>
#include <cstring>

int main(int argc, char** argv)
{
    const QByteArray mode = qgetenv("CM_BENCH_MODE");
    if (mode == "window")
        return cm::bench::runWindowChild(argc, argv);
    if (mode == "bare-window")
        return cm::bench::runBareWindowChild(argc, argv);
    if (mode == "list-floor")
        return cm::bench::runListFloorChild(argc, argv);
    if (!mode.isEmpty()) {
        std::fprintf(stderr, "bench: unknown CM_BENCH_MODE \"%s\"\n", mode.constData());
        return 2;
    }
    if (argc >= 2 && std::strcmp(argv[1], "run") == 0)
        return cm::bench::runBenchmark(argc, argv);
    std::fprintf(
        stderr,
        "usage: bench run [--sizes 1000,10000,100000] [--runs 7] [--rotation-runs 3] [--adds 200] [--generator "
        "auto|importall|direct] [--dir DIR]\n");
    return 2;
}
