// interp/op_profile.cc: the dispatch profile's counters and its report (see op_profile.h).
#include "interp/op_profile.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

namespace cella::interp {
namespace {

struct Counts {
  std::unique_ptr<uint64_t[]> ops{new uint64_t[kOpCount + 1]()};
  std::unique_ptr<uint64_t[]> pairs{new uint64_t[(kOpCount + 1) * (kOpCount + 1)]()};

  ~Counts() {
    const char* path = std::getenv("CELLA_OP_PROFILE_OUT");
    if (path == nullptr) return;
    std::FILE* out = std::fopen(path, "w");
    if (out == nullptr) return;
    uint64_t total = 0;
    std::vector<std::pair<uint64_t, uint32_t>> singles;
    for (uint32_t op = 0; op < kOpCount; ++op) {
      total += ops[op];
      if (ops[op] != 0) singles.emplace_back(ops[op], op);
    }
    std::sort(singles.rbegin(), singles.rend());
    std::fprintf(out, "# dispatches %llu\n# op count share\n", static_cast<unsigned long long>(total));
    for (const auto& [n, op] : singles) {
      std::fprintf(out, "op %s %llu %.4f\n", OpName(static_cast<Op>(op)), static_cast<unsigned long long>(n),
                   total ? double(n) / double(total) : 0.0);
    }
    std::vector<std::pair<uint64_t, uint32_t>> doubles;
    for (uint32_t i = 0; i < (kOpCount + 1) * (kOpCount + 1); ++i) {
      if (pairs[i] != 0) doubles.emplace_back(pairs[i], i);
    }
    std::sort(doubles.rbegin(), doubles.rend());
    if (doubles.size() > 200) doubles.resize(200);
    std::fprintf(out, "# first second count share\n");
    for (const auto& [n, index] : doubles) {
      uint32_t first = index / (kOpCount + 1);
      uint32_t second = index % (kOpCount + 1);
      std::fprintf(out, "pair %s %s %llu %.4f\n", first == kOpCount ? "(entry)" : OpName(static_cast<Op>(first)),
                   OpName(static_cast<Op>(second)), static_cast<unsigned long long>(n),
                   total ? double(n) / double(total) : 0.0);
    }
    std::fclose(out);
  }
};

Counts& TheCounts() {
  static Counts counts;
  return counts;
}

}  // namespace

void CountDispatch(uint32_t previous, uint32_t op) {
  Counts& counts = TheCounts();
  ++counts.ops[op];
  ++counts.pairs[previous * (kOpCount + 1) + op];
}

}  // namespace cella::interp
