// interp/thread.h: the engine-managed execution state of a store — the value stack
// (one mmap'd array of 64-bit slots), the frame stack (one mmap'd array of frames),
// fuel and the interrupt flag.
// wasm calls push a Frame here instead of recursing on the host stack, so a paused
// execution is plain data. Not thread-safe, except `interrupt`, which other threads set.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/result.h"
#include "interp/code.h"
#include "os/mapping.h"
#include "runtime/instance.h"
#include "runtime/store_data.h"

namespace cella::interp {

struct Frame {
  const CompiledFunction* func = nullptr;
  runtime::InstanceData* instance = nullptr;
  const uint32_t* code = nullptr;  // words of func->fast, or of *func->step when `step`
  uint32_t pc = 0;                 // next instruction (saved whenever the loop leaves)
  uint32_t base = 0;               // first slot of the frame in the value stack
  bool step = false;
};

// An exception: its tag (store address) and payload (slot encoding).
struct Exception {
  uint32_t tag = 0;
  std::vector<uint64_t> payload;
};

// An exception held by a catch arm, for `rethrow`: the arm is in frame `frame` (index in
// Thread::frames) at catch level `level`.
struct CaughtException {
  uint32_t frame = 0;
  uint32_t level = 0;
  Exception exception;
};

// The frame stack: room for `capacity` frames allocated at once (address space,
// committed as it is touched), so a push is a bounds check and a store and the dispatch
// loop's call path never reallocates. Frames keep their addresses while pushed.
class FrameStack {
 public:
  // Allocates room for `capacity` frames; once (later calls change nothing).
  Status Reserve(uint32_t capacity);

  size_t size() const { return static_cast<size_t>(top_ - base_); }
  size_t capacity() const { return static_cast<size_t>(limit_ - base_); }
  bool empty() const { return top_ == base_; }
  bool full() const { return top_ == limit_; }
  Frame& operator[](size_t i) { return base_[i]; }
  const Frame& operator[](size_t i) const { return base_[i]; }
  Frame& back() { return top_[-1]; }
  const Frame& back() const { return top_[-1]; }
  Frame* begin() { return base_; }
  Frame* end() { return top_; }
  const Frame* begin() const { return base_; }
  const Frame* end() const { return top_; }

  // Callers check full() (or size() against the limit) first: pushing onto a full stack
  // aborts rather than write past it.
  void push_back(const Frame& frame) {
    if (top_ == limit_) [[unlikely]] Overflow();
    *top_++ = frame;
  }
  void pop_back() { --top_; }
  void clear() { top_ = base_; }
  // Drops the frames above the first `count` (count <= size()).
  void truncate(size_t count) { top_ = base_ + count; }

 private:
  [[noreturn]] static void Overflow();
  os::Mapping storage_;
  Frame* base_ = nullptr;
  Frame* top_ = nullptr;
  Frame* limit_ = nullptr;
};

class Thread {
 public:
  Thread(runtime::StoreData* store, uint64_t max_stack_slots, uint32_t max_frames);

  // Reserves the value stack and the frame stack on first use (pages are committed as
  // they are touched).
  Status EnsureStack();

  uint64_t* slots() const { return reinterpret_cast<uint64_t*>(stack_.data()); }
  uint64_t slot_capacity() const { return slot_capacity_; }
  uint32_t max_frames() const { return max_frames_; }
  runtime::StoreData& store() const { return *store_; }

  FrameStack frames;  // max_frames() of room once EnsureStack succeeded
  // Exceptions held by catch arms, sorted by (frame, level). Entering a catch arm at
  // (f, l) drops every entry at or above (f, l) first, so entries left by frames that
  // have since returned never shadow live ones (see interp/unwind.h).
  std::vector<CaughtException> caught;
  Exception in_flight;  // the exception being thrown (only during a throw)
  uint64_t fuel = 0;
  std::shared_ptr<std::atomic<bool>> interrupt = std::make_shared<std::atomic<bool>>(false);
  bool running = false;  // inside Run (host functions may not re-enter)

 private:
  runtime::StoreData* store_;
  os::Mapping stack_;
  uint64_t slot_capacity_;
  uint32_t max_frames_;
};

}  // namespace cella::interp
