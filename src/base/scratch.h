// base/scratch.h: working storage reused from one task to the next on a thread
// (ScratchLease: the compiler's and the validator's tables, one function after another),
// and emptying a vector for reuse without keeping a huge one (ClearForReuse).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace cella::base {

// Above this many bytes, a vector is freed rather than kept for the next task (one huge
// task would otherwise pin its size for the thread's life).
inline constexpr size_t kKeptScratchBytes = size_t{1} << 20;

template <class T>
void ClearForReuse(std::vector<T>& v) {
  if (v.capacity() * sizeof(T) > kKeptScratchBytes) {
    std::vector<T>().swap(v);
  } else {
    v.clear();
  }
}

// The same for each of several vectors.
template <class... T>
void ClearForReuse(std::vector<T>&... vs)
  requires(sizeof...(T) > 1)
{
  (ClearForReuse(vs), ...);
}

// Holds the thread's T while no other lease on the thread does, else a T of its own (a
// task started inside another). T::Clear() readies it for the new task.
template <class T>
class ScratchLease {
 public:
  ScratchLease() {
    Slot& slot = ThreadSlot();
    if (slot.in_use) {
      own_ = std::make_unique<T>();
      value_ = own_.get();
    } else {
      slot.in_use = true;
      shared_ = &slot;
      value_ = &slot.value;
    }
    value_->Clear();
  }
  ~ScratchLease() {
    if (shared_ != nullptr) shared_->in_use = false;
  }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;

  T& operator*() const { return *value_; }
  T* operator->() const { return value_; }

 private:
  struct Slot {
    T value;
    bool in_use = false;
  };
  static Slot& ThreadSlot() {
    thread_local Slot slot;
    return slot;
  }

  std::unique_ptr<T> own_;  // when the thread's was taken
  Slot* shared_ = nullptr;  // the thread's, when this lease holds it
  T* value_ = nullptr;
};

}  // namespace cella::base
