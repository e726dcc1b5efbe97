// base/writer.h: appends fixed-width little-endian integers, byte strings and
// length-prefixed strings to a byte vector — the counterpart of base/reader.h for
// Cella's own formats (snapshots, canonical state encodings). Not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cella::base {

class Writer {
 public:
  explicit Writer(std::vector<uint8_t>* out) : out_(out) {}

  void U8(uint8_t v) { out_->push_back(v); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_->push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_->push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Bytes(std::span<const uint8_t> bytes) { out_->insert(out_->end(), bytes.begin(), bytes.end()); }
  // u32 length, then the bytes.
  void String(std::string_view text) {
    U32(static_cast<uint32_t>(text.size()));
    out_->insert(out_->end(), text.begin(), text.end());
  }
  // Writes a u64 placeholder and returns its position, for lengths known later.
  size_t ReserveU64() {
    size_t at = out_->size();
    U64(0);
    return at;
  }
  void PatchU64(size_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) (*out_)[at + i] = static_cast<uint8_t>(v >> (8 * i));
  }
  size_t size() const { return out_->size(); }

 private:
  std::vector<uint8_t>* out_;
};

}  // namespace cella::base
