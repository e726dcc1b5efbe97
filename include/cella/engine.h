// cella/engine.h: Engine (configuration and shared compiled-code state) and the limits
// every store created from it enforces. An Engine is thread-safe and may be shared.
#pragma once

#include <cstdint>
#include <memory>

namespace cella {

namespace detail {
struct EngineImpl;
}

// Every limit is counted in wasm terms, so it is hit at the same instruction on every host.
struct ResourceLimits {
  uint32_t max_call_depth = 20'000;          // wasm frames on the engine-managed stack
  uint64_t max_stack_slots = 1u << 22;       // 64-bit value-stack slots (locals + operands)
  uint32_t max_memory_pages = 65536;         // per memory, 64 KiB pages (4 GiB)
  uint64_t max_table_elements = 10'000'000;  // per table
};

// When a module's functions are compiled to the interpreter's code (EngineConfig).
enum class Compilation : uint8_t {
  // At load for modules with less than 128 KiB of code (validating and compiling in one
  // pass costs less than validating at load and again when most of the code runs), on
  // first call for larger ones.
  kAuto,
  // Each function the first time it is called: loading only validates, and a function
  // that never runs is never compiled.
  kOnFirstCall,
  // Every function in Module::Compile: no call ever waits for the compiler.
  kAtLoad,
};

struct EngineConfig {
  ResourceLimits limits;
  // Charge fuel for executed instructions (see docs/fuel.md). When false, fuel is never
  // consumed, but interrupts still stop execution at loop headers and calls.
  bool metering = true;
  // Deterministic float results: every NaN produced by float arithmetic is the positive
  // canonical NaN (0x7FC00000 / 0x7FF8000000000000), so the same module gives the same
  // bits on every host. (abs, neg, copysign and reinterpretations are bit operations and
  // keep their input's bits, as the spec says.)
  bool canonicalize_nans = false;
  // When each function's code is compiled. Module::Compile always validates the whole
  // module, so an invalid module fails to load whatever this says, and a loaded module
  // runs the same: results, fuel and state roots do not depend on it.
  Compilation compilation = Compilation::kAuto;
  // Threads that validate (and compile, at load) function bodies in Module::Compile:
  // 0 = one per hardware thread (at most 8), 1 = only the calling thread. Modules with
  // less than 128 KiB of code are always checked on the calling thread. The result, and
  // the error for an invalid module, do not depend on this setting.
  unsigned compile_threads = 0;
};

class Engine {
 public:
  Engine();
  explicit Engine(const EngineConfig& config);
  const EngineConfig& config() const;

  std::shared_ptr<detail::EngineImpl> impl() const { return impl_; }

 private:
  std::shared_ptr<detail::EngineImpl> impl_;
};

}  // namespace cella
