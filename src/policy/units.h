// policy/units.h: parses sizes ("256M", "1GiB", "4096") and durations ("5s", "250ms",
// "1.5") as written on command lines and in manifests. Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace cella::policy {

// Bytes. Suffixes K/M/G/T (optionally KiB/KB/..., any case) are powers of 1024; a bare
// number is bytes. Rejects negative, fractional-byte and overflowing values.
Result<uint64_t> ParseSize(std::string_view text);

// Nanoseconds. Suffixes ns, us, ms, s, m, h; a bare number is seconds. Fractions allowed.
Result<int64_t> ParseDuration(std::string_view text);

// "1.50 s", "12.3 ms" and "256 MiB"-style renderings for messages and reports.
std::string FormatDuration(int64_t nanos);
std::string FormatSize(uint64_t bytes);

}  // namespace cella::policy
