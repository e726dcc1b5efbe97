// runtime/memory.cc: reserve-then-commit linear memories.
#include "runtime/memory.h"

#include <algorithm>
#include <string>

namespace cella::runtime {

Result<std::unique_ptr<MemoryInst>> MemoryInst::Create(const wasm::MemoryType& type, uint32_t limit_pages) {
  uint64_t max = type.limits.max.value_or(wasm::kMaxPages);
  max = std::min<uint64_t>({max, wasm::kMaxPages, limit_pages});
  if (type.limits.min > max) {
    return MakeError(Errc::kResourceLimit, "memory needs " + std::to_string(type.limits.min) +
                                               " pages but the limit is " + std::to_string(max) +
                                               " pages; raise the memory limit");
  }
  std::unique_ptr<MemoryInst> memory(new MemoryInst());
  memory->type_ = type;
  memory->max_pages_ = static_cast<uint32_t>(max);
  CELLA_ASSIGN_OR_RETURN(memory->reservation_, os::Mapping::Reserve(max * wasm::kPageSize));
  memory->base_ = memory->reservation_.data();
  memory->size_bytes_ = type.limits.min * wasm::kPageSize;
  CELLA_ASSIGN_OR_RETURN(memory->dirty_, os::Mapping::Allocate(std::max<uint32_t>(memory->max_pages_, 1)));
  std::fill(memory->dirty_.data(), memory->dirty_.data() + type.limits.min, kZero);
  CELLA_TRY(memory->reservation_.Commit(memory->size_bytes_));
  return memory;
}

wasm::MemoryType MemoryInst::CurrentType() const {
  wasm::MemoryType t = type_;
  t.limits.min = pages();
  return t;
}

int64_t MemoryInst::Grow(uint32_t delta_pages) {
  uint64_t old_pages = pages();
  uint64_t new_pages = old_pages + delta_pages;
  if (new_pages > max_pages_) return -1;
  if (delta_pages == 0) return static_cast<int64_t>(old_pages);
  if (!reservation_.Commit(new_pages * wasm::kPageSize).ok()) return -1;
  std::fill(dirty_.data() + old_pages, dirty_.data() + new_pages, kZero);
  size_bytes_ = new_pages * wasm::kPageSize;
  return static_cast<int64_t>(old_pages);
}

}  // namespace cella::runtime
