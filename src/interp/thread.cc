// interp/thread.cc: value-stack reservation for the engine-managed call stack.
#include "interp/thread.h"

#include <algorithm>

namespace cella::interp {

Thread::Thread(runtime::StoreData* store, uint64_t max_stack_slots, uint32_t max_frames)
    // Below kNotCompiled, so an uncompiled callee (frame_slots == kNotCompiled) never
    // fits: a call's capacity check is also its compiled check (executor.cc).
    : store_(store), slot_capacity_(std::min<uint64_t>(max_stack_slots, kNotCompiled - 1)), max_frames_(max_frames) {}

Status Thread::EnsureStack() {
  if (stack_) return OkStatus();
  CELLA_ASSIGN_OR_RETURN(stack_, os::Mapping::Allocate(slot_capacity_ * sizeof(uint64_t)));
  return OkStatus();
}

}  // namespace cella::interp
