// wasi/random.cc: the host WasiRandom over os::FillRandom. Not thread-safe.
#include "wasi/random.h"

#include "os/entropy.h"

namespace cella::wasi {
namespace {

class HostRandom final : public WasiRandom {
 public:
  Errno Fill(std::span<uint8_t> out) override { return ErrnoFromHost(os::FillRandom(out)); }
  Result<RandomState> Save() const override { return RandomState{}; }
};

}  // namespace

Result<RandomState> WasiRandom::Save() const {
  return MakeError(Errc::kUnsupported, "this cell's random hook cannot be saved (only the host's and the seeded one)");
}

std::unique_ptr<WasiRandom> MakeHostRandom() { return std::make_unique<HostRandom>(); }

}  // namespace cella::wasi
