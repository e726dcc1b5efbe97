// tests/snapshot/page_tree_test.cc: the page tree is RFC 6962's Merkle tree hash, and
// incremental updates (changed leaves, growth) give the same root as hashing from
// scratch.
#include "snapshot/page_tree.h"

#include <gtest/gtest.h>

#include <random>

namespace cella::snapshot {
namespace {

// RFC 6962, section 2.1, written directly from the definition.
Hash Reference(std::span<const Hash> leaves) {
  if (leaves.empty()) return Sha256().Finish();
  if (leaves.size() == 1) return leaves[0];
  size_t k = 1;
  while (k * 2 < leaves.size()) k *= 2;
  return Sha256().U8(0x01).Update(Reference(leaves.subspan(0, k))).Update(Reference(leaves.subspan(k))).Finish();
}

Hash LeafN(uint32_t n) {
  std::vector<uint8_t> page(65536, 0);
  page[n % 65536] = static_cast<uint8_t>(n + 1);
  page[1000] = static_cast<uint8_t>(n >> 8);
  return PageTree::LeafOf(page);
}

TEST(PageTree, MatchesTheRfc6962DefinitionForEverySize) {
  for (uint32_t n = 0; n <= 33; ++n) {
    PageTree tree;
    tree.Resize(n);
    std::vector<Hash> leaves;
    for (uint32_t i = 0; i < n; ++i) {
      leaves.push_back(LeafN(i));
      tree.SetLeaf(i, leaves.back());
    }
    EXPECT_EQ(tree.Root(), Reference(leaves)) << "n=" << n;
  }
}

TEST(PageTree, LeavesArePrefixedPages) {
  std::vector<uint8_t> page(65536, 0);
  EXPECT_EQ(PageTree::LeafOf(page), PageTree::ZeroLeaf());
  std::vector<uint8_t> prefixed(1, 0x00);
  prefixed.insert(prefixed.end(), page.begin(), page.end());
  EXPECT_EQ(PageTree::ZeroLeaf(), Sha256Of(prefixed));
}

TEST(PageTree, IncrementalUpdatesMatchAFreshTree) {
  std::mt19937 rng(7);
  PageTree tree;
  std::vector<Hash> leaves;
  for (int round = 0; round < 200; ++round) {
    if (round % 40 == 0) {  // grow
      uint32_t n = tree.size() + 1 + rng() % 9;
      tree.Resize(n);
      leaves.resize(n, PageTree::ZeroLeaf());
    }
    uint32_t page = rng() % tree.size();
    leaves[page] = LeafN(rng());
    tree.SetLeaf(page, leaves[page]);
    ASSERT_EQ(tree.Root(), Reference(leaves)) << "round " << round;
  }
}

}  // namespace
}  // namespace cella::snapshot
