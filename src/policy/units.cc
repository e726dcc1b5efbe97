// policy/units.cc: size and duration parsing and formatting (see units.h). Thread-safe.
#include "policy/units.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cella::policy {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits "12.5ms" into 12.5 and "ms". Fails on an empty or non-numeric prefix.
bool SplitNumber(std::string_view text, double& number, std::string& unit) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == '_')) ++i;
  std::string digits;
  for (char c : text.substr(0, i)) {
    if (c != '_') digits += c;
  }
  if (digits.empty() || digits == ".") return false;
  char* end = nullptr;
  number = std::strtod(digits.c_str(), &end);
  if (end == nullptr || *end != '\0' || !std::isfinite(number)) return false;
  std::string_view rest = text.substr(i);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  unit = Lower(rest);
  return true;
}

}  // namespace

Result<uint64_t> ParseSize(std::string_view text) {
  double number = 0;
  std::string unit;
  auto bad = [&] {
    return MakeError(Errc::kInvalidArgument,
                     "bad size '" + std::string(text) + "': use a byte count or a number with K, M, G or T (powers of 1024), e.g. 256M");
  };
  if (!SplitNumber(text, number, unit)) return bad();
  double scale = 1;
  if (unit.empty() || unit == "b") {
    scale = 1;
  } else {
    std::string_view prefix = std::string_view(unit).substr(0, 1);
    std::string_view rest = std::string_view(unit).substr(1);
    if (rest != "" && rest != "b" && rest != "ib") return bad();
    if (prefix == "k") scale = 1024.0;
    else if (prefix == "m") scale = 1024.0 * 1024;
    else if (prefix == "g") scale = 1024.0 * 1024 * 1024;
    else if (prefix == "t") scale = 1024.0 * 1024 * 1024 * 1024;
    else return bad();
  }
  double bytes = number * scale;
  if (bytes >= 18446744073709551615.0 || bytes != std::floor(bytes)) return bad();
  return static_cast<uint64_t>(bytes);
}

Result<int64_t> ParseDuration(std::string_view text) {
  double number = 0;
  std::string unit;
  auto bad = [&] {
    return MakeError(Errc::kInvalidArgument,
                     "bad duration '" + std::string(text) + "': use a number with ns, us, ms, s, m or h, e.g. 5s or 250ms");
  };
  if (!SplitNumber(text, number, unit)) return bad();
  double scale = 1e9;
  if (unit == "ns") scale = 1;
  else if (unit == "us" || unit == "µs") scale = 1e3;
  else if (unit == "ms") scale = 1e6;
  else if (unit.empty() || unit == "s" || unit == "sec") scale = 1e9;
  else if (unit == "m" || unit == "min") scale = 60e9;
  else if (unit == "h") scale = 3600e9;
  else return bad();
  double nanos = number * scale;
  if (nanos >= 9.2e18) return bad();
  return static_cast<int64_t>(std::llround(nanos));
}

std::string FormatDuration(int64_t nanos) {
  char buffer[64];
  double value = static_cast<double>(nanos);
  if (nanos >= 1'000'000'000) std::snprintf(buffer, sizeof buffer, "%.2f s", value / 1e9);
  else if (nanos >= 1'000'000) std::snprintf(buffer, sizeof buffer, "%.1f ms", value / 1e6);
  else std::snprintf(buffer, sizeof buffer, "%.0f us", value / 1e3);
  return buffer;
}

std::string FormatSize(uint64_t bytes) {
  char buffer[64];
  double value = static_cast<double>(bytes);
  if (bytes >= (1ULL << 30)) std::snprintf(buffer, sizeof buffer, "%.2f GiB", value / (1ULL << 30));
  else if (bytes >= (1ULL << 20)) std::snprintf(buffer, sizeof buffer, "%.1f MiB", value / (1ULL << 20));
  else if (bytes >= 1024) std::snprintf(buffer, sizeof buffer, "%.1f KiB", value / 1024);
  else std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
  return buffer;
}

}  // namespace cella::policy
