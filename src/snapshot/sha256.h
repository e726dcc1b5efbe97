// snapshot/sha256.h: SHA-256 (OpenSSL's libcrypto, which uses the CPU's SHA extensions)
// with helpers to feed fixed-width little-endian integers, for state roots and snapshot
// checksums. Not thread-safe per object.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace cella::snapshot {

using Hash = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Update(std::span<const uint8_t> bytes);
  Sha256& Update(std::string_view text);
  Sha256& Update(const Hash& hash) { return Update(std::span<const uint8_t>(hash)); }
  Sha256& U8(uint8_t v) { return Update(std::span<const uint8_t>(&v, 1)); }
  Sha256& U32(uint32_t v);  // little-endian
  Sha256& U64(uint64_t v);  // little-endian
  Hash Finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

Hash Sha256Of(std::span<const uint8_t> bytes);
std::string HashHex(const Hash& hash);

}  // namespace cella::snapshot
