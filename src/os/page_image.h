// os/page_image.h: PageImage, the bytes of a linear memory held in an anonymous memory
// file (memfd) so that they can be mapped copy-on-write over a memory instead of copied:
// restoring a snapshot then costs one mmap, pages are read in on first touch, and writes
// stay private to the memory that made them. Ranges never written are holes: they take no
// memory and read as zero. An image is immutable once mapped; it may be mapped into any
// number of memories (and outlive them). Not thread-safe while being written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "os/unique_fd.h"

namespace cella::os {

class PageImage {
 public:
  // An image of `size` bytes, all zero.
  static Result<PageImage> Create(size_t size);

  // Copies `bytes` into the image at `offset` (before it is mapped anywhere).
  Status Write(size_t offset, std::span<const uint8_t> bytes);

  // Seals the image (no more writes, no resizing): after this it can be mapped, and no
  // one can shrink it under a mapping.
  Status Seal();

  int fd() const { return fd_.get(); }
  size_t size() const { return size_; }

 private:
  PageImage(UniqueFd fd, size_t size) : fd_(std::move(fd)), size_(size) {}
  UniqueFd fd_;
  size_t size_ = 0;
};

// Maps the first `length` bytes of file `fd` at `address` — page-aligned, inside a
// reservation the caller owns — readable, writable and private (copy-on-write), replacing
// what was mapped there. Refuses a file shorter than `length` (touching a page past its
// end would raise SIGBUS). Should the mapping itself fail, the range is left mapped with
// zero pages, never as a hole.
Status MapFilePrivateAt(int fd, uint8_t* address, size_t length);

}  // namespace cella::os
