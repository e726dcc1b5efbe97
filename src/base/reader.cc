// base/reader.cc: bounds-checked byte cursor and exact LEB128 decoding.
#include "base/reader.h"

#include <cstdio>

namespace cella::base {

std::string HexOffset(size_t offset) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%zx", offset);
  return buf;
}

Error Reader::ErrorAt(size_t pos, Errc code, std::string_view what) const {
  std::string message = "at byte " + HexOffset(base_offset_ + pos);
  if (!what.empty()) {
    message += ": ";
    message += what;
  }
  return MakeError(code, std::move(message));
}

Error Reader::ErrorHere(Errc code, std::string_view what) const { return ErrorAt(pos_, code, what); }

Error Reader::UnexpectedEnd() const { return ErrorHere(Errc::kUnexpectedEnd, "unexpected end"); }

Result<uint32_t> Reader::ReadFixedU32() {
  if (remaining() < 4) return ErrorHere(Errc::kUnexpectedEnd, "unexpected end");
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(bytes_[pos_ + i]) << (8 * i);
  pos_ += 4;
  return v;
}

Result<uint64_t> Reader::ReadFixedU64() {
  if (remaining() < 8) return ErrorHere(Errc::kUnexpectedEnd, "unexpected end");
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(bytes_[pos_ + i]) << (8 * i);
  pos_ += 8;
  return v;
}

Result<std::span<const uint8_t>> Reader::ReadBytes(size_t count) {
  if (count > remaining()) return ErrorHere(Errc::kUnexpectedEnd, "unexpected end");
  auto out = bytes_.subspan(pos_, count);
  pos_ += count;
  return out;
}

Status Reader::Skip(size_t count) {
  if (count > remaining()) return ErrorHere(Errc::kUnexpectedEnd, "unexpected end");
  pos_ += count;
  return OkStatus();
}

Result<Reader> Reader::ReadSubReader(size_t count) {
  size_t start = pos_;
  CELLA_ASSIGN_OR_RETURN(auto span, ReadBytes(count));
  return Reader(span, base_offset_ + start);
}

Result<uint64_t> Reader::ReadLeb(unsigned bits, bool is_signed) {
  const size_t start = pos_;
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  unsigned shift = 0;
  for (unsigned i = 0;; ++i) {
    if (pos_ >= bytes_.size()) return ErrorAt(start, Errc::kUnexpectedEnd, "unexpected end in LEB128 integer");
    uint8_t byte = bytes_[pos_++];
    if (i == max_bytes - 1) {
      // Last permitted byte: the continuation bit must be clear and the bits beyond
      // `bits` must be zero (unsigned) or a sign extension (signed).
      if (byte & 0x80) return ErrorAt(start, Errc::kIntegerTooLong, "integer representation too long");
      unsigned used = bits - shift;  // value bits this byte may carry (1..7)
      if (used < 7) {
        uint8_t unused_mask = static_cast<uint8_t>((0x7F << used) & 0x7F);
        uint8_t unused = byte & unused_mask;
        if (is_signed) {
          bool sign = (byte >> (used - 1)) & 1;
          if (unused != (sign ? unused_mask : 0))
            return ErrorAt(start, Errc::kIntegerTooLarge, "integer too large");
        } else if (unused != 0) {
          return ErrorAt(start, Errc::kIntegerTooLarge, "integer too large");
        }
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      shift += 7;
      break;
    }
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    shift += 7;
    if (!(byte & 0x80)) break;
  }
  if (is_signed && shift < 64) {
    // Sign-extend from the last byte's bit 6.
    if (result & (uint64_t{1} << (shift - 1))) result |= ~uint64_t{0} << shift;
  }
  return result;
}

Result<uint32_t> Reader::ReadVarU32Slow() {
  CELLA_ASSIGN_OR_RETURN(auto v, ReadLeb(32, false));
  return static_cast<uint32_t>(v);
}
Result<uint64_t> Reader::ReadVarU64() { return ReadLeb(64, false); }
Result<int32_t> Reader::ReadVarS32Slow() {
  CELLA_ASSIGN_OR_RETURN(auto v, ReadLeb(32, true));
  return static_cast<int32_t>(static_cast<uint32_t>(v));
}
Result<int64_t> Reader::ReadVarS64Slow() {
  CELLA_ASSIGN_OR_RETURN(auto v, ReadLeb(64, true));
  return static_cast<int64_t>(v);
}
Result<int64_t> Reader::ReadVarS33() {
  CELLA_ASSIGN_OR_RETURN(auto v, ReadLeb(33, true));
  return static_cast<int64_t>(v);
}

Result<std::string_view> Reader::ReadName() {
  size_t start = pos_;
  CELLA_ASSIGN_OR_RETURN(uint32_t length, ReadVarU32());
  CELLA_ASSIGN_OR_RETURN(auto bytes, ReadBytes(length));
  std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (!IsValidUtf8(text)) return ErrorAt(start, Errc::kBadUtf8, "malformed UTF-8 encoding");
  return text;
}

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

}  // namespace cella::base
