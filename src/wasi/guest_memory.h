// wasi/guest_memory.h: the one choke point through which WASI touches guest memory. Every
// pointer and length the guest passes is checked here, in 64-bit arithmetic, against the
// memory's current size (EFAULT) and the ABI alignment (EINVAL) before any byte is read or
// written; nothing else in src/wasi indexes Memory::data(). Values are little-endian as
// wasm requires, whatever the host. Not thread-safe (a view of one call's memory).
#pragma once

#include <sys/uio.h>

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "cella/store.h"
#include "wasi/errno.h"

namespace cella::wasi {

// A checked range of guest memory. Offsets given to Get/Put are the caller's struct
// layout (wasi/abi.h) and must lie inside the range: that is the caller's invariant, and
// a violation is a Cella bug (asserted), never a guest-controlled condition.
class GuestSpan {
 public:
  GuestSpan() = default;
  explicit GuestSpan(std::span<uint8_t> bytes) : bytes_(bytes) {}

  template <class T>
  T Get(uint32_t offset) const {
    static_assert(std::is_integral_v<T>);
    T value = 0;
    Check(offset, sizeof(T));
    for (size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(static_cast<T>(bytes_[offset + i]) << (8 * i));
    return value;
  }
  template <class T>
  void Put(uint32_t offset, T value) const {
    static_assert(std::is_integral_v<T>);
    Check(offset, sizeof(T));
    using U = std::make_unsigned_t<T>;
    U bits = static_cast<U>(value);
    for (size_t i = 0; i < sizeof(T); ++i) bytes_[offset + i] = static_cast<uint8_t>(bits >> (8 * i));
  }
  void PutBytes(uint32_t offset, std::span<const uint8_t> data) const {
    Check(offset, data.size());
    if (!data.empty()) std::memcpy(bytes_.data() + offset, data.data(), data.size());
  }
  void Zero() const {
    if (!bytes_.empty()) std::memset(bytes_.data(), 0, bytes_.size());
  }

  std::span<uint8_t> bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }

 private:
  void Check(uint64_t offset, uint64_t length) const;
  std::span<uint8_t> bytes_;
};

class GuestMemory {
 public:
  // Longest path or name WASI accepts from a guest (ENAMETOOLONG above it).
  static constexpr uint32_t kMaxPath = 4096;
  // Most iovecs one host readv/writev takes; a longer list is served partially, which
  // fd_read/fd_write's contract allows.
  static constexpr uint32_t kMaxIovecs = 1024;

  // `memory` may be null (a module without memory): every access is then EFAULT.
  explicit GuestMemory(const Memory* memory);

  uint64_t size() const { return bytes_.size(); }

  // [ptr, ptr + length): EFAULT unless inside memory, EINVAL unless ptr % align == 0.
  // Every range handed out is reported to the engine as written (Memory::MarkWritten),
  // whether the call then reads or writes it: conservative, so incremental state roots
  // never miss a page a host call changed.
  ErrnoOr<GuestSpan> Range(uint32_t ptr, uint64_t length, uint32_t align = 1) const;
  // `count` elements of `elem_size` bytes (the product taken in 64 bits).
  ErrnoOr<GuestSpan> Array(uint32_t ptr, uint32_t count, uint32_t elem_size, uint32_t align) const;

  template <class T>
  ErrnoOr<T> Load(uint32_t ptr) const {
    WASI_ASSIGN_OR_RETURN(GuestSpan span, Range(ptr, sizeof(T), alignof(T)));
    return span.Get<T>(0);
  }
  template <class T>
  Errno Store(uint32_t ptr, T value) const {
    ErrnoOr<GuestSpan> span = Range(ptr, sizeof(T), alignof(T));
    if (!span.ok()) return span.error();
    span->Put<T>(0, value);
    return Errno::kSuccess;
  }

  // A path or name: copied out of memory. ENAMETOOLONG above kMaxPath, EINVAL when it
  // holds a NUL byte, EILSEQ when it is not UTF-8 (witx strings are UTF-8).
  ErrnoOr<std::string> Path(uint32_t ptr, uint32_t length) const;

  // The guest's iovec (or ciovec) array turned into host iovecs pointing into memory, each
  // buffer checked. At most kMaxIovecs; zero-length buffers are kept.
  ErrnoOr<std::vector<iovec>> IoVecs(uint32_t iovs, uint32_t count) const;

 private:
  const Memory* memory_ = nullptr;
  std::span<uint8_t> bytes_;
};

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or values above
// U+10FFFF).
bool IsUtf8(std::string_view text);

}  // namespace cella::wasi
