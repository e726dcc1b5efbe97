// fuzz/snapshot_fuzzer.cc: libFuzzer target for the snapshot reader and restore. Input
// byte 0 chooses: a whole snapshot file (header, checksum, zstd), or a raw section body
// (so mutations reach the section parser past the checksum). A body that decodes and
// whose module compiles is restored into a fresh instance and resumed with a little fuel:
// hostile frames, pages and references must be refused, never crash.
#include <cstddef>
#include <cstdint>
#include <span>

#include "cella/cella.h"
#include "snapshot/engine_state.h"
#include "snapshot/snapshot_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::span<const uint8_t> input(data + 1, size - 1);
  auto decoded = (data[0] & 1) != 0 ? cella::snapshot::DecodeSnapshotBody(input) : cella::snapshot::DecodeSnapshot(input);
  if (!decoded.ok()) return 0;
  cella::EngineConfig config;
  config.limits.max_memory_pages = 64;
  config.limits.max_call_depth = 200;
  config.limits.max_table_elements = 10'000;
  static const cella::Engine engine(config);
  auto module = cella::Module::Compile(engine, decoded->module);
  if (!module.ok() || !module->imports().empty()) return 0;
  cella::Store store(engine);
  store.SetFuel(10'000);
  auto instance = cella::Linker().Instantiate(store, *module, {.run_start = false});
  if (!instance.ok()) return 0;
  if (!cella::snapshot::RestoreEngineState(*instance, decoded->engine).ok()) return 0;
  if (store.has_paused_call()) {
    (void)store.PausedFrames();
    (void)store.Resume();
  }
  return 0;
}
