// snapshot/state_root.h: the state root — one SHA-256 hash over the whole state of an
// instance (memories as page trees, globals, tables, segments, a paused call's frames,
// fuel used, the module's hash and the host's WASI state), laid out as
// docs/state-root.md specifies. Incremental: page hashes are kept between roots and
// only pages written since are rehashed. Not thread-safe; one hasher per instance.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "cella/cella.h"
#include "snapshot/page_tree.h"
#include "snapshot/sha256.h"

namespace cella::snapshot {

constexpr uint32_t kStateRootVersion = 1;

// What the root covers that the instance itself does not hold.
struct RootInputs {
  uint64_t fuel_consumed = 0;               // by the whole run, across suspends
  std::span<const uint8_t> host_state;      // canonical encoding of the WASI state
};

// The encoding of reference values in roots and snapshots: 0 null; a function as 1 + its
// index in the instance's function index space (a function outside it: its store
// address with the top bit set); an externref as 1 + its handle.
class RefEncoder {
 public:
  explicit RefEncoder(const Instance& instance);
  uint64_t Encode(const Value& ref) const;

 private:
  std::unordered_map<uint64_t, uint32_t> index_of_;  // Ref::raw → function index
};

// Feeds a value (type byte, then its bits; references through `refs`) to `h`.
void HashValue(Sha256& h, const RefEncoder& refs, const Value& value);

class StateHasher {
 public:
  // The root of `instance` now (and of its store's paused call, if there is one). Clears
  // the memories' dirty state: the hasher is the one consumer of write tracking.
  Hash Root(const Instance& instance, const RootInputs& inputs);


 private:
  Hash MemoryRoot(uint32_t index, const Memory& memory);

  std::vector<PageTree> trees_;
  std::optional<Hash> module_hash_;
};

}  // namespace cella::snapshot
