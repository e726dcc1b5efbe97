// interp/thread.cc: value-stack and frame-stack reservation for the engine-managed call
// stack.
#include "interp/thread.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace cella::interp {

Thread::Thread(runtime::StoreData* store, uint64_t max_stack_slots, uint32_t max_frames)
    // Below kNotCompiled, so an uncompiled callee (frame_slots == kNotCompiled) never
    // fits: a call's capacity check is also its compiled check (executor.cc).
    : store_(store), slot_capacity_(std::min<uint64_t>(max_stack_slots, kNotCompiled - 1)), max_frames_(max_frames) {}

static_assert(std::is_trivially_copyable_v<Frame>, "frames are copied as plain data");

Status FrameStack::Reserve(uint32_t capacity) {
  if (storage_) return OkStatus();
  CELLA_ASSIGN_OR_RETURN(storage_, os::Mapping::Allocate(uint64_t{capacity} * sizeof(Frame)));
  base_ = top_ = reinterpret_cast<Frame*>(storage_.data());
  limit_ = base_ + capacity;
  return OkStatus();
}

void FrameStack::Overflow() {
  std::fputs("cella: internal error: a frame pushed onto a full frame stack\n", stderr);
  std::abort();
}

Status Thread::EnsureStack() {
  CELLA_TRY(frames.Reserve(max_frames_));
  if (stack_) return OkStatus();
  CELLA_ASSIGN_OR_RETURN(stack_, os::Mapping::Allocate(slot_capacity_ * sizeof(uint64_t)));
  return OkStatus();
}

}  // namespace cella::interp
