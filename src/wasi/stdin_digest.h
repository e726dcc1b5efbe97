// wasi/stdin_digest.h: StdinDigest, the running SHA-256 (libsodium) of the bytes a guest
// has read from stdin. A snapshot records the count and this digest instead of the bytes;
// Restore reads that many bytes off the stdin granted at resume and compares. Internal to
// WasiCtx. Not thread-safe.
#pragma once

#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace cella::wasi {

struct StdinDigest {
  void Update(std::span<const uint8_t> bytes) {
    Start();
    crypto_hash_sha256_update(&state, bytes.data(), bytes.size());
  }
  std::array<uint8_t, 32> Digest() {
    if (fixed) return *fixed;
    Start();
    crypto_hash_sha256_state copy = state;
    std::array<uint8_t, 32> out;
    crypto_hash_sha256_final(&copy, out.data());
    return out;
  }

  // Begun on first use: most runs never read stdin nor ask for the digest, and
  // sodium_init costs some 20 µs (CPU feature probes) that a short run would feel.
  void Start() {
    if (started) return;
    (void)sodium_init();  // idempotent and thread-safe
    crypto_hash_sha256_init(&state);
    started = true;
  }

  bool started = false;
  crypto_hash_sha256_state state;
  // Restored without a stdin descriptor: nothing more can be read; the recorded digest.
  std::optional<std::array<uint8_t, 32>> fixed;
};

}  // namespace cella::wasi
