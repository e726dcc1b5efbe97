// bench/cella_bench.cc: micro-benchmarks of the embedding API (Google Benchmark), run by
// bench/run: decode + validate + prepare (Module::Compile) of large real modules in MB/s
// (as loaded by default, and with every function compiled at load),
// the latency of pausing a call at a fuel point and inspecting its stack, and the state
// root and snapshot benchmarks with their baselines (snapshot_bench.cc).
//
//   cella_bench [--module=PATH]... [--pause-wasm=PATH] [--benchmark_* flags]
//
// Single-threaded; each benchmark owns its Engine and Store.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cella/cella.h"
#include "snapshot_bench.h"

namespace {

constexpr uint32_t kEndless = 0x7fffffff;  // spin's n: far more than any fuel slice pays for

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

std::string Basename(const std::string& path) {
  auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Module::Compile of `bytes`, once per iteration; reports module bytes per second. With
// `eager`, every function is compiled at load (Compilation::kAtLoad); otherwise as by
// default (kAuto: these modules are large, so load validates and functions compile on
// their first call).
void BM_Compile(benchmark::State& state, const std::vector<uint8_t>& bytes, bool eager) {
  cella::EngineConfig config;
  if (eager) config.compilation = cella::Compilation::kAtLoad;
  cella::Engine engine(config);
  for (auto _ : state) {
    auto module = cella::Module::Compile(engine, bytes);
    if (!module.ok()) {
      state.SkipWithError(module.error().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(module->impl());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(bytes.size()));
  state.counters["module_bytes"] = static_cast<double>(bytes.size());
}

// A store with pause.wasm instantiated, for the pause benchmarks.
struct PauseGuest {
  explicit PauseGuest(const std::vector<uint8_t>& bytes) : store(engine) {
    auto module = cella::Module::Compile(engine, bytes);
    if (!module.ok()) { error = module.error().ToString(); return; }
    auto inst = cella::Linker().Instantiate(store, *module);
    if (!inst.ok()) { error = inst.error().ToString(); return; }
    auto fn = inst->GetFunction("deep");
    if (!fn.ok()) { error = fn.error().ToString(); return; }
    deep.emplace(*fn);
  }
  cella::Engine engine;
  cella::Store store;
  std::optional<cella::Function> deep;
  std::string error;
};

// SetFuel(slice), Call → paused at the fuel point, PausedFrames, abandon: a fresh call
// that runs out of fuel and is inspected, per iteration. Args: depth, fuel slice.
void BM_CallPauseInspect(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  PauseGuest guest(bytes);
  if (!guest.error.empty()) { state.SkipWithError(guest.error.c_str()); return; }
  const cella::Value args[] = {cella::Value::I32(static_cast<uint32_t>(state.range(0))),
                               cella::Value::I32(kEndless)};
  size_t frames = 0;
  for (auto _ : state) {
    guest.store.SetFuel(static_cast<uint64_t>(state.range(1)));
    auto outcome = guest.deep->Call(args);
    if (!outcome.ok() || !outcome->paused()) {
      state.SkipWithError("the call did not pause");
      return;
    }
    auto stack = guest.store.PausedFrames();
    frames = stack.size();
    benchmark::DoNotOptimize(stack.data());
    guest.store.AbandonPausedCall();
  }
  state.counters["frames"] = static_cast<double>(frames);
}

// One long call paused again and again: AddFuel(slice), Resume → paused, PausedFrames.
// What a host that time-slices a guest and looks at it each slice pays. Args: depth, slice.
void BM_ResumePauseInspect(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  PauseGuest guest(bytes);
  if (!guest.error.empty()) { state.SkipWithError(guest.error.c_str()); return; }
  const cella::Value args[] = {cella::Value::I32(static_cast<uint32_t>(state.range(0))),
                               cella::Value::I32(kEndless)};
  guest.store.SetFuel(static_cast<uint64_t>(state.range(1)));
  auto first = guest.deep->Call(args);
  if (!first.ok() || !first->paused()) { state.SkipWithError("the call did not pause"); return; }
  size_t frames = 0;
  for (auto _ : state) {
    (void)guest.store.AddFuel(static_cast<uint64_t>(state.range(1)));
    auto outcome = guest.store.Resume();
    if (!outcome.ok() || !outcome->paused()) {
      state.SkipWithError("the resumed call did not pause");
      return;
    }
    auto stack = guest.store.PausedFrames();
    frames = stack.size();
    benchmark::DoNotOptimize(stack.data());
  }
  guest.store.AbandonPausedCall();
  state.counters["frames"] = static_cast<double>(frames);
}

// PausedFrames alone, on a call that stays paused. Arg: depth.
void BM_InspectOnly(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  PauseGuest guest(bytes);
  if (!guest.error.empty()) { state.SkipWithError(guest.error.c_str()); return; }
  const cella::Value args[] = {cella::Value::I32(static_cast<uint32_t>(state.range(0))),
                               cella::Value::I32(kEndless)};
  guest.store.SetFuel(1000);
  auto first = guest.deep->Call(args);
  if (!first.ok() || !first->paused()) { state.SkipWithError("the call did not pause"); return; }
  for (auto _ : state) {
    auto stack = guest.store.PausedFrames();
    benchmark::DoNotOptimize(stack.data());
  }
  guest.store.AbandonPausedCall();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> modules;
  std::string pause_wasm = CELLA_BENCH_PAUSE_WASM;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; i++) {
    if (std::strncmp(argv[i], "--module=", 9) == 0) modules.emplace_back(argv[i] + 9);
    else if (std::strncmp(argv[i], "--pause-wasm=", 13) == 0) pause_wasm = argv[i] + 13;
    else rest.push_back(argv[i]);
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) return 2;

  benchmark::AddCustomContext("cella_build",
#if defined(CELLA_SANITIZED)
                              "sanitizer (ASan+UBSan): figures are not representative"
#elif !defined(NDEBUG)
                              "assertions enabled (not a Release build): figures are not representative"
#else
                              "release"
#endif
  );

  // Keep the bytes alive for the whole run: the benchmarks hold references to them.
  static std::vector<std::vector<uint8_t>> module_bytes;
  module_bytes.reserve(modules.size() + 1);
  for (const std::string& path : modules) {
    module_bytes.push_back(ReadFile(path));
    if (module_bytes.back().empty()) {
      std::fprintf(stderr, "cella_bench: cannot read %s\n", path.c_str());
      return 1;
    }
    benchmark::RegisterBenchmark(("BM_Compile/" + Basename(path)).c_str(), BM_Compile, module_bytes.back(), false)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_CompileEager/" + Basename(path)).c_str(), BM_Compile, module_bytes.back(),
                                 true)
        ->Unit(benchmark::kMillisecond);
  }
  module_bytes.push_back(ReadFile(pause_wasm));
  const std::vector<uint8_t>& pause = module_bytes.back();
  if (pause.empty()) {
    std::fprintf(stderr, "cella_bench: cannot read %s\n", pause_wasm.c_str());
    return 1;
  }
  // 1000 units of fuel reach the loop in `spin` at every depth here, so the pause is
  // always at the same kind of point: a loop's fuel charge, below depth + 1 frames.
  benchmark::RegisterBenchmark("BM_CallPauseInspect", BM_CallPauseInspect, pause)
      ->ArgNames({"depth", "fuel"})
      ->Args({0, 1000})->Args({8, 1000})->Args({32, 1000})->Args({8, 100000})
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_ResumePauseInspect", BM_ResumePauseInspect, pause)
      ->ArgNames({"depth", "fuel"})
      ->Args({0, 100})->Args({8, 100})->Args({32, 100})->Args({8, 10000})
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_InspectOnly", BM_InspectOnly, pause)
      ->ArgName("depth")->Arg(0)->Arg(8)->Arg(32)
      ->Unit(benchmark::kMicrosecond);
  RegisterSnapshotBenchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
