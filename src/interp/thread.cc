// interp/thread.cc: value-stack reservation for the engine-managed call stack.
#include "interp/thread.h"

namespace cella::interp {

Thread::Thread(runtime::StoreData* store, uint64_t max_stack_slots, uint32_t max_frames)
    : store_(store), slot_capacity_(max_stack_slots), max_frames_(max_frames) {}

Status Thread::EnsureStack() {
  if (stack_) return OkStatus();
  CELLA_ASSIGN_OR_RETURN(stack_, os::Mapping::Allocate(slot_capacity_ * sizeof(uint64_t)));
  return OkStatus();
}

}  // namespace cella::interp
