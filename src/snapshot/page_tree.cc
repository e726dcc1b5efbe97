// snapshot/page_tree.cc: RFC 6962 Merkle tree hashing with memoized inner nodes.
#include "snapshot/page_tree.h"

#include <bit>

namespace cella::snapshot {
namespace {

constexpr uint32_t kPageSize = 65536;

uint64_t Key(uint32_t start, uint32_t count) { return (uint64_t{start} << 32) | count; }

// The largest power of two strictly below `n` (n >= 2).
uint32_t Split(uint32_t n) { return std::bit_floor(n - 1); }

}  // namespace

Hash PageTree::LeafOf(std::span<const uint8_t> page) { return Sha256().U8(0x00).Update(page).Finish(); }

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
  nodes_.clear();  // the ranges on the root's path changed
}

void PageTree::SetLeaf(uint32_t page, const Hash& leaf) {
  if (leaves_[page] == leaf) return;
  leaves_[page] = leaf;
  // Forget every memoized node whose range holds `page`: the path from the root.
  uint32_t start = 0, count = size();
  while (count >= 2) {
    nodes_.erase(Key(start, count));
    uint32_t k = Split(count);
    if (page < start + k) {
      count = k;
    } else {
      start += k;
      count -= k;
    }
  }
}

Hash PageTree::Node(uint32_t start, uint32_t count) {
  if (count == 1) return leaves_[start];
  auto it = nodes_.find(Key(start, count));
  if (it != nodes_.end()) return it->second;
  uint32_t k = Split(count);
  Hash left = Node(start, k);
  Hash right = Node(start + k, count - k);
  Hash node = Sha256().U8(0x01).Update(left).Update(right).Finish();
  nodes_.emplace(Key(start, count), node);
  return node;
}

Hash PageTree::Root() {
  if (leaves_.empty()) return Sha256().Finish();  // MTH({}) = H("")
  return Node(0, size());
}

}  // namespace cella::snapshot
