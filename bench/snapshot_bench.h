// bench/snapshot_bench.h: registers the state-root and snapshot benchmarks with Google
// Benchmark (bench/snapshot_bench.cc), for cella_bench's main.
#pragma once

void RegisterSnapshotBenchmarks();
