// interp/executor.h: runs the frames of a Thread in one loop (no host recursion per wasm
// call) until the entry frame returns, a trap, or a pause (fuel, interrupt). Not
// thread-safe; one Run per Thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "cella/trap.h"
#include "interp/thread.h"

namespace cella::interp {

enum class StopReason : uint8_t {
  kReturned,     // the frame at `entry_depth` returned; results are at its base slots
  kTrapped,      // frames are left as they were, top frame at the trapping instruction
  kOutOfFuel,    // paused before an instruction fuel cannot pay for
  kInterrupted,  // paused at a check after an interrupt request
  kExit,         // a host function asked to exit
};

struct Stop {
  StopReason reason = StopReason::kReturned;
  TrapKind trap = TrapKind::kUnreachable;
  std::string message;  // host trap details
  int32_t exit_code = 0;
  uint64_t refunded = 0;  // fuel given back for the unexecuted rest of a trapping block
  bool at_simd = false;   // internal to Run: the loop stopped at a SIMD op for RunSimd
};

// Runs until the thread's frame count drops to `entry_depth`. Fuel used is exact:
// thread.fuel decreases by the cost of exactly the instructions executed.
Stop Run(Thread& thread, size_t entry_depth);

// The step code of `frame`'s function, compiled on first use.
Result<const Code*> StepCodeFor(const Frame& frame);

// Moves `frame`, paused at a Charge of its fast code, to the same wasm position in its
// step code.
Status SwitchToStep(Frame& frame);

}  // namespace cella::interp
