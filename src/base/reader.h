// base/reader.h: a bounds-checked cursor over untrusted bytes (modules, snapshots,
// images). Every read returns a Result naming the byte offset on failure; LEB128 decoding
// is exact (over-long encodings and set unused bits are errors, as the wasm spec demands).
// Not thread-safe; the bytes must outlive the reader.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace cella::base {

class Reader {
 public:
  // `base_offset` is added to positions in error messages, so a reader over a slice of a
  // module still reports module offsets.
  explicit Reader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : bytes_(bytes), base_offset_(base_offset) {}

  size_t pos() const { return pos_; }                 // position within this reader
  size_t offset() const { return base_offset_ + pos_; }  // absolute offset for messages
  size_t size() const { return bytes_.size(); }
  size_t remaining() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::span<const uint8_t> bytes() const { return bytes_; }
  size_t base_offset() const { return base_offset_; }

  Result<uint8_t> ReadU8() {
    if (pos_ >= bytes_.size()) [[unlikely]] return UnexpectedEnd();
    return bytes_[pos_++];
  }
  Result<uint32_t> ReadFixedU32();  // little-endian
  Result<uint64_t> ReadFixedU64();  // little-endian
  Result<std::span<const uint8_t>> ReadBytes(size_t count);

  // One-byte encodings (most of them) are decoded inline; the rest out of line.
  Result<uint32_t> ReadVarU32() {
    if (pos_ < bytes_.size() && bytes_[pos_] < 0x80) [[likely]] return bytes_[pos_++];
    return ReadVarU32Slow();
  }
  Result<uint64_t> ReadVarU64();
  Result<int32_t> ReadVarS32() {
    if (pos_ < bytes_.size() && bytes_[pos_] < 0x80) [[likely]] return SignExtend7(bytes_[pos_++]);
    return ReadVarS32Slow();
  }
  Result<int64_t> ReadVarS64() {
    if (pos_ < bytes_.size() && bytes_[pos_] < 0x80) [[likely]] return SignExtend7(bytes_[pos_++]);
    return ReadVarS64Slow();
  }
  Result<int64_t> ReadVarS33();  // block types

  // A vec(byte) holding valid UTF-8 (wasm names).
  Result<std::string_view> ReadName();

  // A sub-reader over the next `count` bytes; advances past them.
  Result<Reader> ReadSubReader(size_t count);

  Status Skip(size_t count);
  uint8_t PeekU8() const { return pos_ < bytes_.size() ? bytes_[pos_] : 0; }

  // An error at the current position: "at byte 0x1f: <what>".
  Error ErrorHere(Errc code, std::string_view what) const;
  Error ErrorAt(size_t pos, Errc code, std::string_view what) const;

 private:
  // A one-byte signed LEB128: bit 6 is the sign.
  static int32_t SignExtend7(uint8_t byte) { return (byte & 0x40) ? static_cast<int32_t>(byte) - 0x80 : byte; }
  Error UnexpectedEnd() const;
  Result<uint32_t> ReadVarU32Slow();
  Result<int32_t> ReadVarS32Slow();
  Result<int64_t> ReadVarS64Slow();
  Result<uint64_t> ReadLeb(unsigned bits, bool is_signed);

  std::span<const uint8_t> bytes_;
  size_t base_offset_ = 0;
  size_t pos_ = 0;
};

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool IsValidUtf8(std::string_view text);

// "0x1f" style offsets in messages.
std::string HexOffset(size_t offset);

}  // namespace cella::base
