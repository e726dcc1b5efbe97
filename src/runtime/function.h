// runtime/function.h: a function instance — wasm code of some instance, or a host
// function. Host functions receive arguments and return results in value-stack slots
// (slot encoding: runtime/ref.h, runtime/global.h). Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "wasm/types.h"

namespace cella::interp {
struct CompiledFunction;
}

namespace cella::runtime {

struct InstanceData;

enum class HostStatus : uint8_t { kOk, kTrap, kExit };

// One host call. Arguments are in slots[0..params) on entry; the host writes results to
// slots[0..results) (reading all arguments first).
struct HostCall {
  uint64_t* slots = nullptr;
  InstanceData* caller = nullptr;  // the calling instance; null when called by the embedder
  std::string trap_message;        // kTrap
  int32_t exit_code = 0;           // kExit
};

using HostFunc = std::function<HostStatus(HostCall& call)>;

struct FuncInst {
  uint32_t type_id = 0;                  // TypeRegistry id
  const wasm::FuncType* type = nullptr;  // interned; lives as long as the engine
  InstanceData* instance = nullptr;      // defining instance (wasm functions)
  uint32_t func_index = 0;               // index in that instance's module
  const interp::CompiledFunction* code = nullptr;  // wasm functions
  HostFunc host;                         // host functions
  std::string debug_name;                // host functions: "module.name"

  bool is_host() const { return code == nullptr; }
};

// What the interpreter's call fast path needs of function i of an instance, in one
// record (InstanceData::call_targets): set by the interpreter once function i is known to
// be compiled wasm code of that same instance that its loop can enter itself; until then,
// and always for imports and host functions, `entry` is null and calls take the slow path.
struct CallTarget {
  const interp::CompiledFunction* code = nullptr;
  const uint32_t* entry = nullptr;  // the first word of the function's fast code
  uint32_t frame_slots = 0;
  uint32_t param_slots = 0;
  uint32_t local_slots = 0;
};

}  // namespace cella::runtime
