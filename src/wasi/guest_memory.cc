// wasi/guest_memory.cc: the checks behind GuestMemory (see guest_memory.h).
// Not thread-safe.
#include "wasi/guest_memory.h"

#include <cassert>
#include <cstdlib>

#include "wasi/abi.h"

namespace cella::wasi {

void GuestSpan::Check(uint64_t offset, uint64_t length) const {
  // A struct field outside its checked range is a Cella bug; stop rather than corrupt.
  if (offset > bytes_.size() || length > bytes_.size() - offset) {
    assert(false && "GuestSpan field outside its checked range");
    std::abort();
  }
}

GuestMemory::GuestMemory(const Memory* memory) : memory_(memory) {
  if (memory != nullptr) bytes_ = memory->data();
}

ErrnoOr<GuestSpan> GuestMemory::Range(uint32_t ptr, uint64_t length, uint32_t align) const {
  uint64_t size = bytes_.size();
  uint64_t start = ptr;
  if (start > size || length > size - start) return Errno::kFault;
  if (align > 1 && ptr % align != 0) return Errno::kInval;
  if (length != 0) (void)memory_->MarkWritten(start, length);  // in bounds: checked above
  return GuestSpan(bytes_.subspan(static_cast<size_t>(start), static_cast<size_t>(length)));
}

ErrnoOr<GuestSpan> GuestMemory::Array(uint32_t ptr, uint32_t count, uint32_t elem_size, uint32_t align) const {
  return Range(ptr, static_cast<uint64_t>(count) * elem_size, align);
}

ErrnoOr<std::string> GuestMemory::Path(uint32_t ptr, uint32_t length) const {
  if (length > kMaxPath) {
    // Still a fault when the range is not memory at all.
    if (!Range(ptr, length).ok()) return Errno::kFault;
    return Errno::kNametoolong;
  }
  WASI_ASSIGN_OR_RETURN(GuestSpan span, Range(ptr, length));
  std::string text(reinterpret_cast<const char*>(span.bytes().data()), span.size());
  if (text.find('\0') != std::string::npos) return Errno::kInval;
  if (!IsUtf8(text)) return Errno::kIlseq;
  return text;
}

ErrnoOr<std::vector<iovec>> GuestMemory::IoVecs(uint32_t iovs, uint32_t count) const {
  WASI_ASSIGN_OR_RETURN(GuestSpan array, Array(iovs, count, layout::kIovecSize, layout::kIovecAlign));
  std::vector<iovec> out;
  uint32_t used = count < kMaxIovecs ? count : kMaxIovecs;
  out.reserve(used);
  // Every buffer is checked, even those past kMaxIovecs, so a bad one is always EFAULT.
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = array.Get<uint32_t>(i * layout::kIovecSize);
    uint32_t len = array.Get<uint32_t>(i * layout::kIovecSize + 4);
    WASI_ASSIGN_OR_RETURN(GuestSpan data, Range(buf, len));
    if (i < used) out.push_back(iovec{data.bytes().data(), data.size()});
  }
  return out;
}

bool IsUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra;
    uint32_t code;
    if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (text.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<uint8_t>(text[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3f);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMin[extra] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return false;
    i += extra + 1;
  }
  return true;
}

}  // namespace cella::wasi
