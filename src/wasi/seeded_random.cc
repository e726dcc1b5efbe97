// wasi/seeded_random.cc: deterministic mode's random_get — the ChaCha20 keystream
// (libsodium's crypto_stream_chacha20: 64-bit nonce, here 0, and 64-bit block counter)
// keyed by the seed. The position (bytes returned so far) is the whole state: the stream
// resumes at any byte. Not thread-safe.
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "wasi/deterministic.h"

namespace cella::wasi {
namespace {

constexpr uint64_t kBlock = 64;

class SeededRandom final : public WasiRandom {
 public:
  SeededRandom(const std::array<uint8_t, 32>& seed, uint64_t position) : seed_(seed), position_(position) {}

  Errno Fill(std::span<uint8_t> out) override {
    static_assert(crypto_stream_chacha20_KEYBYTES == 32 && crypto_stream_chacha20_NONCEBYTES == 8);
    static constexpr uint8_t kNonce[crypto_stream_chacha20_NONCEBYTES] = {};
    if (out.empty()) return Errno::kSuccess;
    if (out.size() > UINT64_MAX - position_) return Errno::kOverflow;  // 2^64 bytes: never in practice
    size_t done = 0;
    // The part of a block already used: take the rest of that block.
    if (uint64_t skip = position_ % kBlock; skip != 0) {
      uint8_t block[kBlock] = {};
      crypto_stream_chacha20_xor_ic(block, block, kBlock, kNonce, position_ / kBlock, seed_.data());
      done = std::min<uint64_t>(kBlock - skip, out.size());
      std::memcpy(out.data(), block + skip, done);
    }
    if (done < out.size()) {
      std::span<uint8_t> rest = out.subspan(done);
      std::memset(rest.data(), 0, rest.size());
      crypto_stream_chacha20_xor_ic(rest.data(), rest.data(), rest.size(), kNonce, (position_ + done) / kBlock,
                                    seed_.data());
    }
    position_ += out.size();
    return Errno::kSuccess;
  }

  Result<RandomState> Save() const override { return RandomState{RandomState::Kind::kChaCha20, seed_, position_}; }

 private:
  std::array<uint8_t, 32> seed_;
  uint64_t position_;
};

}  // namespace

std::unique_ptr<WasiRandom> MakeSeededRandom(const std::array<uint8_t, 32>& seed, uint64_t position) {
  return std::make_unique<SeededRandom>(seed, position);
}

}  // namespace cella::wasi
