// os/mapping.cc: anonymous mmap reservations for linear memories and value stacks.
#include "os/mapping.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace cella::os {
namespace {

Error SysError(const char* call, size_t size) {
  return MakeError(Errc::kSystem, std::string(call) + " of " + std::to_string(size) + " bytes failed: " +
                                      std::strerror(errno));
}

}  // namespace

Mapping::~Mapping() { Release(); }

Mapping::Mapping(Mapping&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

Mapping& Mapping::operator=(Mapping&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void Mapping::Release() {
  if (data_ != nullptr) munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

Result<Mapping> Mapping::Reserve(size_t size) {
  if (size == 0) size = 1;
  void* p = mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return SysError("mmap", size);
  return Mapping(static_cast<uint8_t*>(p), size);
}

Result<Mapping> Mapping::Allocate(size_t size) {
  if (size == 0) size = 1;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return SysError("mmap", size);
  return Mapping(static_cast<uint8_t*>(p), size);
}

Status Mapping::Commit(size_t size) {
  if (size > size_) return MakeError(Errc::kInvalidArgument, "commit beyond the reservation");
  if (size == 0) return OkStatus();
  if (mprotect(data_, size, PROT_READ | PROT_WRITE) != 0) return SysError("mprotect", size);
  return OkStatus();
}

Status Mapping::Discard(size_t offset, size_t size) {
  if (offset > size_ || size > size_ - offset) return MakeError(Errc::kInvalidArgument, "discard beyond the mapping");
  if (size == 0) return OkStatus();
  if (madvise(data_ + offset, size, MADV_DONTNEED) != 0) return SysError("madvise", size);
  return OkStatus();
}

}  // namespace cella::os
