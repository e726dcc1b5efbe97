// wasi/random.h: WasiRandom, the only source of random_get's bytes. The host source reads
// os/entropy; deterministic mode plugs in a seeded stream cipher (ChaCha20) whose position
// is part of the snapshot. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "wasi/errno.h"

namespace cella::wasi {

class WasiRandom {
 public:
  virtual ~WasiRandom() = default;
  virtual Errno Fill(std::span<uint8_t> out) = 0;
};

// The host's CSPRNG.
std::unique_ptr<WasiRandom> MakeHostRandom();

}  // namespace cella::wasi
