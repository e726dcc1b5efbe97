// wasi/deterministic.cc: MakeDeterministic and the parsers for --seed and
// --clock-epoch. Thread-safe.
#include "wasi/deterministic.h"

#include <string>

namespace cella::wasi {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Days from 1970-01-01 to year-month-day in the proleptic Gregorian calendar
// (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Reads exactly `n` decimal digits at `text[*at]`.
bool Digits(std::string_view text, size_t* at, size_t n, uint64_t* out) {
  if (*at + n > text.size()) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = text[*at + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *at += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* at, char c) {
  if (*at >= text.size() || text[*at] != c) return false;
  ++*at;
  return true;
}

Error BadEpoch(std::string_view text) {
  return MakeError(Errc::kInvalidArgument, "--clock-epoch '" + std::string(text) +
                                               "' must be YYYY-MM-DDTHH:MM:SS[.fraction]Z (UTC, from 1970) or "
                                               "seconds since 1970-01-01T00:00:00Z");
}

}  // namespace

Status MakeDeterministic(const DeterministicOptions& det, WasiOptions& options) {
  if (!options.listeners.empty() && !det.allow_sockets) {
    return MakeError(Errc::kUnsupported,
                     "--listen: sockets carry the network's timing into the cell, which deterministic mode cannot "
                     "reproduce; add --allow-sockets to grant them anyway (the run is then not deterministic)");
  }
  options.deterministic = true;
  options.clock = det.real_clock ? nullptr : MakeVirtualClock(det.epoch_ns);
  options.random = det.real_random ? nullptr : MakeSeededRandom(det.seed);
  options.fs_view = MakeVirtualFsView(det.epoch_ns);
  return OkStatus();
}

Result<std::array<uint8_t, 32>> ParseSeed(std::string_view hex) {
  std::array<uint8_t, 32> seed{};
  if (hex.starts_with("0x") || hex.starts_with("0X")) hex.remove_prefix(2);
  if (hex.empty() || hex.size() % 2 != 0 || hex.size() > 64) {
    return MakeError(Errc::kInvalidArgument, "--seed '" + std::string(hex) +
                                                 "' must be 1 to 32 bytes in hex (an even number of digits, at most "
                                                 "64); it is zero-padded on the right to 32 bytes");
  }
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) {
      return MakeError(Errc::kInvalidArgument, "--seed '" + std::string(hex) + "': '" +
                                                   std::string(hex.substr(i, 2)) + "' is not a hex byte");
    }
    seed[i / 2] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return seed;
}

Result<uint64_t> ParseClockEpoch(std::string_view text) {
  constexpr uint64_t kNs = 1'000'000'000;
  constexpr uint64_t kMaxSeconds = UINT64_MAX / kNs - 1;
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos) {
    if (text.size() > 11) return BadEpoch(text);
    uint64_t seconds = std::stoull(std::string(text));
    if (seconds > kMaxSeconds) return BadEpoch(text);
    return seconds * kNs;
  }
  size_t at = 0;
  uint64_t year, month, day, hour, minute, second;
  if (!Digits(text, &at, 4, &year) || !Expect(text, &at, '-') || !Digits(text, &at, 2, &month) ||
      !Expect(text, &at, '-') || !Digits(text, &at, 2, &day) || !Expect(text, &at, 'T') ||
      !Digits(text, &at, 2, &hour) || !Expect(text, &at, ':') || !Digits(text, &at, 2, &minute) ||
      !Expect(text, &at, ':') || !Digits(text, &at, 2, &second)) {
    return BadEpoch(text);
  }
  uint64_t fraction = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    size_t digits = 0;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 9) fraction = fraction * 10 + static_cast<uint64_t>(text[at] - '0');
    }
    if (digits == 0) return BadEpoch(text);
    for (; digits < 9; ++digits) fraction *= 10;
  }
  if (!Expect(text, &at, 'Z') || at != text.size()) return BadEpoch(text);
  static constexpr unsigned kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1970 || month < 1 || month > 12 || day < 1 ||
      day > kDaysIn[month - 1] + (month == 2 && IsLeap(static_cast<int64_t>(year)) ? 1u : 0u) || hour > 23 ||
      minute > 59 || second > 59) {
    return BadEpoch(text);
  }
  int64_t days = DaysFromCivil(static_cast<int64_t>(year), static_cast<unsigned>(month), static_cast<unsigned>(day));
  uint64_t seconds = static_cast<uint64_t>(days) * 86400 + hour * 3600 + minute * 60 + second;
  if (seconds > kMaxSeconds) return BadEpoch(text);
  return seconds * kNs + fraction;
}

}  // namespace cella::wasi
