// cella/trap.h: why a call stopped abnormally (trap kinds) and the wasm backtrace that
// comes with it. Plain data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cella {

// X(name, spec message)
#define CELLA_TRAP_LIST(X)                                            \
  X(kUnreachable, "unreachable executed")                             \
  X(kIntegerDivideByZero, "integer divide by zero")                   \
  X(kIntegerOverflow, "integer overflow")                             \
  X(kInvalidConversion, "invalid conversion to integer")              \
  X(kMemoryOutOfBounds, "out of bounds memory access")                \
  X(kTableOutOfBounds, "out of bounds table access")                  \
  X(kUndefinedElement, "undefined element")                           \
  X(kUninitializedElement, "uninitialized element")                   \
  X(kIndirectCallTypeMismatch, "indirect call type mismatch")         \
  X(kCallStackExhausted, "call stack exhausted")                      \
  X(kHostTrap, "host function trapped")                               \
  X(kExit, "exit requested")                                          \
  X(kUncaughtException, "uncaught exception")

enum class TrapKind : uint8_t {
#define CELLA_TRAP_ENUM(name, text) name,
  CELLA_TRAP_LIST(CELLA_TRAP_ENUM)
#undef CELLA_TRAP_ENUM
};

std::string_view TrapMessage(TrapKind kind);  // the spec's wording
std::string_view TrapName(TrapKind kind);     // "kUnreachable" → "unreachable"

struct BacktraceFrame {
  uint32_t func_index = 0;       // in the module's function index space
  std::string func_name;         // from the name section; "" when unknown
  std::string module_name;       // the module's name when known
  uint32_t module_offset = 0;    // byte offset in the module of the instruction
  bool host = false;             // a host function (no offsets)
};

struct TrapInfo {
  TrapKind kind = TrapKind::kUnreachable;
  std::string message;                  // TrapMessage(kind), plus details from a host
  int32_t exit_code = 0;                // kExit only
  std::vector<BacktraceFrame> backtrace;  // innermost first

  // "out of bounds memory access\n  at #0 func 3 <name> (offset 0x1a2)\n ..."
  std::string ToString() const;
};

}  // namespace cella
