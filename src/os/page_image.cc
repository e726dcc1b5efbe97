// os/page_image.cc: memfd-backed memory images mapped MAP_PRIVATE | MAP_FIXED.
#include "os/page_image.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace cella::os {
namespace {

Error SysError(const std::string& what) {
  return MakeError(Errc::kSystem, what + " failed: " + std::strerror(errno));
}

}  // namespace

Result<PageImage> PageImage::Create(size_t size) {
  UniqueFd fd(memfd_create("cella-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd) return SysError("memfd_create");
  if (ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
    return SysError("sizing a memory image of " + std::to_string(size) + " bytes");
  }
  return PageImage(std::move(fd), size);
}

Status PageImage::Write(size_t offset, std::span<const uint8_t> bytes) {
  if (offset > size_ || bytes.size() > size_ - offset) {
    return MakeError(Errc::kInvalidArgument, "write beyond the memory image");
  }
  while (!bytes.empty()) {
    ssize_t n = pwrite(fd_.get(), bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return SysError("writing a memory image");
    bytes = bytes.subspan(static_cast<size_t>(n));
    offset += static_cast<size_t>(n);
  }
  return OkStatus();
}

Status PageImage::Seal() {
  if (fcntl(fd_.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    return SysError("sealing a memory image");
  }
  return OkStatus();
}

Status MapFilePrivateAt(int fd, uint8_t* address, size_t length) {
  if (length == 0) return OkStatus();
  struct stat st {};
  if (fstat(fd, &st) != 0) return SysError("fstat of a memory image");
  if (st.st_size < 0 || static_cast<uint64_t>(st.st_size) < length) {
    return MakeError(Errc::kInvalidArgument, "the memory image has " + std::to_string(st.st_size) +
                                                 " bytes, fewer than the " + std::to_string(length) + " to map");
  }
  void* p = mmap(address, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
  if (p == MAP_FAILED) {
    Error error = SysError("mapping a memory image of " + std::to_string(length) + " bytes");
    // A failed MAP_FIXED may leave a hole: put zero pages back so the range stays usable.
    (void)mmap(address, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return error;
  }
  return OkStatus();
}

}  // namespace cella::os
