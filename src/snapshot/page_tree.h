// snapshot/page_tree.h: the Merkle tree over a memory's 64 KiB pages, as RFC 6962
// defines it (leaf = H(0x00 || page), node = H(0x01 || left || right), split at the
// largest power of two below the size). Leaf hashes and inner nodes are kept, so a new
// root costs only the changed pages and the nodes above them (kept in flat arrays, not
// a map: a node costs one SHA-256 block pair and no lookup). Not thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "snapshot/sha256.h"

namespace cella::snapshot {

class PageTree {
 public:
  // The leaf hash of a page's bytes, and of an all-zero 64 KiB page (computed once).
  static Hash LeafOf(std::span<const uint8_t> page);
  static const Hash& ZeroLeaf();

  uint32_t size() const { return static_cast<uint32_t>(leaves_.size()); }
  // Grows to `pages` leaves; new leaves must then be set.
  void Resize(uint32_t pages);
  void SetLeaf(uint32_t page, const Hash& leaf);
  Hash Root();

 private:
  Hash Node(uint32_t id, uint32_t start, uint32_t count);
  std::vector<Hash> leaves_;
  // Inner nodes by preorder number: the subtree at `id` over `count` leaves takes ids
  // [id, id + 2 × count − 1); its left child (k leaves) is id + 1, its right id + 2k.
  std::vector<Hash> nodes_;
  std::vector<uint8_t> known_;  // 1 when nodes_[id] holds the current hash
};

}  // namespace cella::snapshot
