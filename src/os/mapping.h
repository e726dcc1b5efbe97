// os/mapping.h: an owned anonymous virtual-memory mapping (mmap/munmap), used for linear
// memories (reserve the maximum, commit pages as the memory grows) and value stacks.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/result.h"

namespace cella::os {

class Mapping {
 public:
  Mapping() = default;
  ~Mapping();
  Mapping(Mapping&& other) noexcept;
  Mapping& operator=(Mapping&& other) noexcept;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;

  // Reserves `size` bytes of address space with no access (nothing committed).
  static Result<Mapping> Reserve(size_t size);
  // Reserves and makes `size` bytes readable and writable; pages are zero on first touch.
  static Result<Mapping> Allocate(size_t size);

  // Makes [0, size) readable and writable (pages beyond stay inaccessible).
  Status Commit(size_t size);
  // Returns [offset, offset+size) to the OS: the pages read as zero afterwards.
  Status Discard(size_t offset, size_t size);

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  explicit operator bool() const { return data_ != nullptr; }

 private:
  Mapping(uint8_t* data, size_t size) : data_(data), size_(size) {}
  void Release();
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace cella::os
