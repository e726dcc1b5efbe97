// runtime/memory.h: a linear memory. The whole maximum is reserved as address space up
// front, so the base pointer never moves; growing commits more pages. Every access by
// the interpreter is bounds-checked against size_bytes(). Not thread-safe.
#pragma once

#include <cstdint>
#include <algorithm>
#include <memory>
#include <vector>

#include "base/result.h"
#include "os/mapping.h"
#include "wasm/types.h"

namespace cella::runtime {

class MemoryInst {
 public:
  // `limit_pages` is the embedder's cap (ResourceLimits::max_memory_pages).
  static Result<std::unique_ptr<MemoryInst>> Create(const wasm::MemoryType& type, uint32_t limit_pages);

  uint8_t* base() const { return base_; }
  uint64_t size_bytes() const { return size_bytes_; }
  uint32_t pages() const { return static_cast<uint32_t>(size_bytes_ / wasm::kPageSize); }
  uint32_t max_pages() const { return max_pages_; }  // effective: min(declared max, limit)
  const wasm::MemoryType& type() const { return type_; }
  // The type as an import sees it: current size as the minimum.
  wasm::MemoryType CurrentType() const;

  // memory.grow: the previous size in pages, or -1 when the maximum forbids it.
  int64_t Grow(uint32_t delta_pages);

  // Page states since the last ClearDirty, one byte per 64 KiB page, so state roots
  // rehash only changed pages: kClean, kWritten, or kZero (changed, but known to be all
  // zero without reading it: a page of a new memory or one added by grow, never written
  // since). The interpreter marks kWritten through dirty() directly; everything else
  // calls MarkDirty.
  static constexpr uint8_t kClean = 0, kWritten = 1, kZero = 2;
  uint8_t* dirty() { return dirty_.data(); }  // entries [0, pages()) are meaningful
  void MarkDirty(uint64_t offset, uint64_t length) {
    if (length == 0) return;
    uint64_t first = offset / wasm::kPageSize, last = (offset + length - 1) / wasm::kPageSize;
    for (uint64_t page = first; page <= last; ++page) dirty_.data()[page] = kWritten;
  }
  bool IsDirty(uint32_t page) const { return dirty_.data()[page] != kClean; }
  bool IsZero(uint32_t page) const { return dirty_.data()[page] == kZero; }
  void ClearDirty() { std::fill(dirty_.data(), dirty_.data() + pages(), kClean); }

  // Bounds check for an access of `length` bytes at `offset`.
  bool InBounds(uint64_t offset, uint64_t length) const {
    return offset <= size_bytes_ && length <= size_bytes_ - offset;
  }

 private:
  MemoryInst() = default;
  wasm::MemoryType type_;
  os::Mapping reservation_;
  uint8_t* base_ = nullptr;
  uint64_t size_bytes_ = 0;
  uint32_t max_pages_ = 0;
  // max_pages_ entries, mapped zero (kClean) and touched only as the memory grows into
  // them: a 4 GiB maximum costs 64 KiB of address space, not 64 KiB of memset.
  os::Mapping dirty_;
};

}  // namespace cella::runtime
