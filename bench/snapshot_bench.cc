// bench/snapshot_bench.cc: the snapshot subsystem's benchmarks for cella_bench, each next
// to the baseline docs/benchmarks.md (from performance.md) divides it by:
//   BM_StateRoot/pages:N       state root after N pages of a 2 GiB memory were written
//   BM_HashPagesOnly/pages:N   SHA-256 of those N pages alone (the leaf hashes)
//   BM_SnapshotWrite           capture + encode (zstd level 1, checksum) of a 64 MiB instance,
//                              as `cella run --snapshot` does (pages compressed in place)
//   BM_Zstd1Only               zstd level 1 of the same 64 MiB
//   BM_SnapshotRestore/mode:M  instantiate + restore of a decoded 64 MiB snapshot: 0 copying
//                              the pages, 1 mapping the memory image copy-on-write (what
//                              `cella resume` does), 2 mapped and every page then read
//   BM_SnapshotDecode          checksum + decompress + parse of the encoded file, and the
//                              memory image made (PrepareCopyOnWrite)
//   BM_Memcpy64MiB             memcpy of 64 MiB between two warm buffers
// Timed around the measured part only (UseManualTime), in the thread's CPU time (user +
// system, page faults included): the project's machines are shared, and wall time there
// counts other processes' turns.
#include "snapshot_bench.h"

#include <benchmark/benchmark.h>
#include <zstd.h>

#include <time.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "cella/cella.h"
#include "snapshot/engine_state.h"
#include "snapshot/page_tree.h"
#include "snapshot/snapshot_file.h"
#include "snapshot/state_root.h"

namespace {

constexpr uint64_t kPage = 65536;
constexpr uint32_t kRootMemoryPages = 32768;  // 2 GiB: N = 16384 is half of it
constexpr uint32_t kSnapshotPages = 1024;      // 64 MiB

// The calling thread's CPU time, in seconds.
struct Clock {
  static double now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }
};
double Seconds(double start) { return Clock::now() - start; }

void Leb(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<uint8_t>(byte | (v ? 0x80 : 0)));
  } while (v);
}

// A module with one exported memory of exactly `pages` pages and nothing else.
std::vector<uint8_t> MemoryModule(uint32_t pages) {
  std::vector<uint8_t> limits = {0x01};
  Leb(limits, pages);
  Leb(limits, pages);
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05};
  Leb(m, static_cast<uint32_t>(limits.size() + 1));
  m.push_back(0x01);
  m.insert(m.end(), limits.begin(), limits.end());
  const uint8_t exports[] = {0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00};
  m.insert(m.end(), std::begin(exports), std::end(exports));
  return m;
}

struct Cell {
  explicit Cell(uint32_t pages) : store(engine) {
    auto compiled = cella::Module::Compile(engine, MemoryModule(pages));
    if (!compiled.ok()) { error = compiled.error().ToString(); return; }
    module.emplace(std::move(*compiled));
    auto inst = cella::Linker().Instantiate(store, *module);
    if (!inst.ok()) { error = inst.error().ToString(); return; }
    instance.emplace(std::move(*inst));
  }
  cella::Memory memory() const { return *instance->MemoryAt(0); }
  cella::Engine engine;
  cella::Store store;
  std::optional<cella::Module> module;
  std::optional<cella::Instance> instance;
  std::string error;
};

// Fills a page with bytes that zstd level 1 compresses about 2:1, like a heap.
void FillPage(uint8_t* page, uint64_t seed) {
  uint64_t x = seed * 0x9e3779b97f4a7c15ull + 1;
  for (uint64_t i = 0; i < kPage; i += 8) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    uint64_t word = (x & 0x0f0f0f0f0f0f0f0full) | 0x4040404040404040ull;
    std::memcpy(page + i, &word, 8);
  }
}

// The N pages spread evenly over the memory, each rewritten every iteration.
std::vector<uint32_t> SpreadPages(uint32_t n, uint32_t of) {
  std::vector<uint32_t> pages;
  for (uint32_t i = 0; i < n; ++i) pages.push_back(static_cast<uint32_t>(uint64_t{i} * of / n));
  return pages;
}

void BM_StateRoot(benchmark::State& state) {
  Cell cell(kRootMemoryPages);
  if (!cell.error.empty()) { state.SkipWithError(cell.error.c_str()); return; }
  cella::snapshot::StateHasher hasher;
  (void)hasher.Root(*cell.instance, {});  // every page hashed once; now clean
  std::vector<uint32_t> pages = SpreadPages(static_cast<uint32_t>(state.range(0)), kRootMemoryPages);
  uint64_t round = 0;
  for (auto _ : state) {
    ++round;
    for (uint32_t page : pages) (void)cell.memory().Write(page * kPage + round % kPage, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&round), 1));
    auto start = Clock::now();
    benchmark::DoNotOptimize(hasher.Root(*cell.instance, {}));
    state.SetIterationTime(Seconds(start));
  }
  state.counters["pages"] = static_cast<double>(pages.size());
}

void BM_HashPagesOnly(benchmark::State& state) {
  Cell cell(kRootMemoryPages);
  if (!cell.error.empty()) { state.SkipWithError(cell.error.c_str()); return; }
  std::vector<uint32_t> pages = SpreadPages(static_cast<uint32_t>(state.range(0)), kRootMemoryPages);
  uint64_t round = 0;
  std::span<uint8_t> data = cell.memory().data();
  for (auto _ : state) {
    ++round;
    for (uint32_t page : pages) (void)cell.memory().Write(page * kPage + round % kPage, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(&round), 1));
    auto start = Clock::now();
    for (uint32_t page : pages) benchmark::DoNotOptimize(cella::snapshot::PageTree::LeafOf(data.subspan(page * kPage, kPage)));
    state.SetIterationTime(Seconds(start));
  }
  state.counters["pages"] = static_cast<double>(pages.size());
}

// A 64 MiB instance whose every page holds heap-like data.
bool FillSnapshotCell(Cell& cell, benchmark::State& state) {
  if (!cell.error.empty()) { state.SkipWithError(cell.error.c_str()); return false; }
  std::span<uint8_t> data = cell.memory().data();
  for (uint32_t page = 0; page < kSnapshotPages; ++page) FillPage(data.data() + page * kPage, page);
  (void)cell.memory().MarkWritten(0, data.size());
  return true;
}

void BM_SnapshotWrite(benchmark::State& state) {
  Cell cell(kSnapshotPages);
  if (!FillSnapshotCell(cell, state)) return;
  size_t size = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    cella::snapshot::SnapshotFile file;
    file.module.assign(cell.module->bytes().begin(), cell.module->bytes().end());
    file.engine = cella::snapshot::CaptureEngineState(*cell.instance, /*borrow_memory=*/true);  // as `cella run` does
    std::vector<uint8_t> bytes = cella::snapshot::EncodeSnapshot(file, 1);
    state.SetIterationTime(Seconds(start));
    size = bytes.size();
  }
  state.counters["file_bytes"] = static_cast<double>(size);
}

void BM_Zstd1Only(benchmark::State& state) {
  Cell cell(kSnapshotPages);
  if (!FillSnapshotCell(cell, state)) return;
  std::span<uint8_t> data = cell.memory().data();
  std::vector<uint8_t> out(ZSTD_compressBound(data.size()));
  size_t size = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 1);
    state.SetIterationTime(Seconds(start));
  }
  state.counters["file_bytes"] = static_cast<double>(size);
}

std::vector<uint8_t> EncodedSnapshot(benchmark::State& state) {
  Cell cell(kSnapshotPages);
  if (!FillSnapshotCell(cell, state)) return {};
  cella::snapshot::SnapshotFile file;
  file.module.assign(cell.module->bytes().begin(), cell.module->bytes().end());
  file.engine = cella::snapshot::CaptureEngineState(*cell.instance);
  return cella::snapshot::EncodeSnapshot(file, 1);
}

void BM_SnapshotDecode(benchmark::State& state) {
  std::vector<uint8_t> bytes = EncodedSnapshot(state);
  if (bytes.empty()) return;
  for (auto _ : state) {
    auto start = Clock::now();
    auto decoded = cella::snapshot::DecodeSnapshot(bytes);
    if (!decoded.ok()) { state.SkipWithError(decoded.error().ToString().c_str()); return; }
    cella::Status prepared = cella::snapshot::PrepareCopyOnWrite(decoded->engine);
    state.SetIterationTime(Seconds(start));
    if (!prepared.ok()) { state.SkipWithError(prepared.error().ToString().c_str()); return; }
  }
}

// Instantiate the module afresh and write the decoded state into it: what a resume does
// once the file is read. Arg 0: the decoded pages are copied in; 1: the memory image
// (PrepareCopyOnWrite, as `cella resume` does) is mapped copy-on-write; 2: mapped, then
// one byte of every page read (the faults a lazy restore defers). The instance is torn
// down outside the timed part.
void BM_SnapshotRestore(benchmark::State& state) {
  std::vector<uint8_t> bytes = EncodedSnapshot(state);
  if (bytes.empty()) return;
  auto decoded = cella::snapshot::DecodeSnapshot(bytes);
  if (!decoded.ok()) { state.SkipWithError(decoded.error().ToString().c_str()); return; }
  const bool mapped = state.range(0) >= 1, touch = state.range(0) == 2;
  if (mapped && !cella::snapshot::PrepareCopyOnWrite(decoded->engine).ok()) {
    state.SkipWithError("PrepareCopyOnWrite failed");
    return;
  }
  cella::Engine engine;
  auto module = cella::Module::Compile(engine, decoded->module);
  if (!module.ok()) { state.SkipWithError(module.error().ToString().c_str()); return; }
  uint64_t sum = 0;
  for (auto _ : state) {
    std::optional<cella::Store> store(std::in_place, engine);
    auto start = Clock::now();
    auto instance = cella::Linker().Instantiate(*store, *module);
    if (!instance.ok()) { state.SkipWithError(instance.error().ToString().c_str()); return; }
    cella::Status restored = cella::snapshot::RestoreEngineState(*instance, decoded->engine);
    if (touch) {
      std::span<uint8_t> data = instance->MemoryAt(0)->data();
      for (uint64_t offset = 0; offset < data.size(); offset += 4096) sum += data[offset];
    }
    state.SetIterationTime(Seconds(start));
    if (!restored.ok()) { state.SkipWithError(restored.error().ToString().c_str()); return; }
    benchmark::DoNotOptimize(instance->MemoryAt(0)->data().data());
  }
  benchmark::DoNotOptimize(sum);
}

void BM_Memcpy64MiB(benchmark::State& state) {
  std::vector<uint8_t> from(kSnapshotPages * kPage), to(kSnapshotPages * kPage);
  for (uint32_t page = 0; page < kSnapshotPages; ++page) FillPage(from.data() + page * kPage, page);
  std::memset(to.data(), 1, to.size());
  for (auto _ : state) {
    auto start = Clock::now();
    benchmark::DoNotOptimize(from.data());
    std::memcpy(to.data(), from.data(), from.size());
    benchmark::DoNotOptimize(to.data());
    benchmark::ClobberMemory();
    state.SetIterationTime(Seconds(start));
  }
}

}  // namespace

void RegisterSnapshotBenchmarks() {
  for (auto* b : {benchmark::RegisterBenchmark("BM_StateRoot", BM_StateRoot),
                  benchmark::RegisterBenchmark("BM_HashPagesOnly", BM_HashPagesOnly)}) {
    b->ArgName("pages")->Arg(1)->Arg(64)->Arg(1024)->Arg(16384)->UseManualTime()->Unit(benchmark::kMicrosecond);
  }
  for (auto* b : {benchmark::RegisterBenchmark("BM_SnapshotWrite", BM_SnapshotWrite),
                  benchmark::RegisterBenchmark("BM_Zstd1Only", BM_Zstd1Only),
                  benchmark::RegisterBenchmark("BM_SnapshotDecode", BM_SnapshotDecode),
                  benchmark::RegisterBenchmark("BM_Memcpy64MiB", BM_Memcpy64MiB)}) {
    b->UseManualTime()->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("BM_SnapshotRestore", BM_SnapshotRestore)
      ->ArgName("mode")->Arg(0)->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond);
}
