// snapshot/page_tree.cc: RFC 6962 Merkle tree hashing with memoized inner nodes in
// preorder arrays.
#include "snapshot/page_tree.h"

#include <bit>

namespace cella::snapshot {
namespace {

constexpr uint32_t kPageSize = 65536;

// The largest power of two strictly below `n` (n >= 2).
uint32_t Split(uint32_t n) { return std::bit_floor(n - 1); }

}  // namespace

Hash PageTree::LeafOf(std::span<const uint8_t> page) {
  thread_local Sha256 h;  // reused: Finish leaves it ready for the next hash
  return h.U8(0x00).Update(page).Finish();
}

const Hash& PageTree::ZeroLeaf() {
  static const Hash zero = [] {
    std::vector<uint8_t> page(kPageSize, 0);
    return LeafOf(page);
  }();
  return zero;
}

void PageTree::Resize(uint32_t pages) {
  if (pages == leaves_.size()) return;
  leaves_.resize(pages, ZeroLeaf());
  // Every inner node's range may have changed.
  nodes_.assign(pages == 0 ? 0 : 2 * size_t{pages} - 1, Hash{});
  known_.assign(nodes_.size(), 0);
}

void PageTree::SetLeaf(uint32_t page, const Hash& leaf) {
  if (leaves_[page] == leaf) return;
  leaves_[page] = leaf;
  // Forget every node whose range holds `page`: the path from the root.
  uint32_t id = 0, start = 0, count = size();
  while (count >= 2) {
    known_[id] = 0;
    uint32_t k = Split(count);
    if (page < start + k) {
      id += 1;
      count = k;
    } else {
      id += 2 * k;
      start += k;
      count -= k;
    }
  }
}

Hash PageTree::Node(uint32_t id, uint32_t start, uint32_t count) {
  if (count == 1) return leaves_[start];
  if (known_[id]) return nodes_[id];
  uint32_t k = Split(count);
  Hash left = Node(id + 1, start, k);
  Hash right = Node(id + 2 * k, start + k, count - k);
  thread_local Sha256 h;  // reused; both children are done before it is used
  nodes_[id] = h.U8(0x01).Update(left).Update(right).Finish();
  known_[id] = 1;
  return nodes_[id];
}

Hash PageTree::Root() {
  if (leaves_.empty()) return Sha256().Finish();  // MTH({}) = H("")
  return Node(0, 0, size());
}

}  // namespace cella::snapshot
