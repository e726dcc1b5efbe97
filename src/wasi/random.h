// wasi/random.h: WasiRandom, the only source of random_get's bytes. The host source reads
// os/entropy; deterministic mode plugs in a seeded stream cipher (ChaCha20) whose position
// is part of the snapshot. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "base/result.h"
#include "wasi/errno.h"
#include "wasi/wasi_state.h"

namespace cella::wasi {

class WasiRandom {
 public:
  virtual ~WasiRandom() = default;
  virtual Errno Fill(std::span<uint8_t> out) = 0;
  // The source's state for WasiCtx::Capture; kUnsupported for a source that cannot say.
  virtual Result<RandomState> Save() const;
};

// The host's CSPRNG.
std::unique_ptr<WasiRandom> MakeHostRandom();

}  // namespace cella::wasi
