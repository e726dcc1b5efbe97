// wasi/random.cc: the host WasiRandom over os::FillRandom. Not thread-safe.
#include "wasi/random.h"

#include "os/entropy.h"

namespace cella::wasi {
namespace {

class HostRandom final : public WasiRandom {
 public:
  Errno Fill(std::span<uint8_t> out) override { return ErrnoFromHost(os::FillRandom(out)); }
};

}  // namespace

std::unique_ptr<WasiRandom> MakeHostRandom() { return std::make_unique<HostRandom>(); }

}  // namespace cella::wasi
