// os/entropy.h: the host's entropy (getrandom). The only place that reads real randomness;
// deterministic cells use a seeded stream instead. Thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace cella::os {

// Fills `out` from the kernel's CSPRNG. Returns 0 or an errno value.
int FillRandom(std::span<uint8_t> out);

}  // namespace cella::os
