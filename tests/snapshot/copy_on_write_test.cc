// tests/snapshot/copy_on_write_test.cc: restoring from a copy-on-write memory image
// (PrepareCopyOnWrite, Memory::MapCopyOnWrite) gives exactly the state a copying restore
// gives — same root, same finish — while the image stays untouched by the restored
// instances' writes, data-segment pages are replaced, and the memory still grows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>

#include "os/page_image.h"
#include "snapshot/snapshot_file.h"
#include "snapshot/state_root.h"
#include "tests/interp/test_support.h"

namespace cella::snapshot {
namespace {

using cella::testing::Loaded;

constexpr uint64_t kPage = 65536;

EngineState PreparedStateOf(Loaded& m) {
  EngineState state = CaptureEngineState(*m.instance);
  Status prepared = PrepareCopyOnWrite(state);
  EXPECT_TRUE(prepared.ok()) << prepared.error().ToString();
  for (const MemoryImage& image : state.memories) {
    EXPECT_NE(image.mapped, nullptr);
    EXPECT_TRUE(image.contents.empty());
  }
  return state;
}

TEST(CopyOnWriteRestore, ResumedRunEndsLikeTheUninterruptedOne) {
  Loaded straight("sort");
  auto expected = straight.CallOk("sort", {Value::I32(11)});
  uint64_t total = straight.store->fuel_consumed();
  StateHasher straight_hasher;
  Hash expected_root = straight_hasher.Root(*straight.instance, {total, {}});

  for (uint64_t k : {uint64_t{1}, total / 3, total - 1}) {
    Loaded first("sort");
    first.store->SetFuel(k);
    ASSERT_TRUE(first.instance->Call("sort", std::vector<Value>{Value::I32(11)})->paused());
    StateHasher first_hasher;
    Hash paused_root = first_hasher.Root(*first.instance, {k, {}});
    EngineState state = PreparedStateOf(first);

    Loaded second("sort");
    Status restored = RestoreEngineState(*second.instance, state);
    ASSERT_TRUE(restored.ok()) << restored.error().ToString();
    StateHasher hasher;
    EXPECT_EQ(hasher.Root(*second.instance, {k, {}}), paused_root) << "k=" << k;
    second.store->SetFuel(total - k);
    auto done = second.store->Resume();
    ASSERT_TRUE(done.ok() && done->returned()) << "k=" << k;
    EXPECT_EQ(done->results, expected);
    EXPECT_EQ(hasher.Root(*second.instance, {total, {}}), expected_root) << "k=" << k;
  }
}

TEST(CopyOnWriteRestore, WritesStayPrivateToEachRestoredInstance) {
  Loaded source("fuel");
  source.CallOk("squares", {Value::I32(100)});
  std::vector<uint8_t> original(source.instance->MemoryAt(0)->data().begin(),
                                source.instance->MemoryAt(0)->data().end());
  EngineState state = PreparedStateOf(source);

  Loaded a("fuel"), b("fuel");
  ASSERT_TRUE(RestoreEngineState(*a.instance, state).ok());
  Memory memory_a = *a.instance->MemoryAt(0);
  const uint8_t mark[] = {0xAB, 0xCD};
  ASSERT_TRUE(memory_a.Write(1000, mark).ok());
  a.CallOk("squares", {Value::I32(3)});  // the guest writes too
  ASSERT_TRUE(RestoreEngineState(*b.instance, state).ok());
  std::span<uint8_t> in_b = b.instance->MemoryAt(0)->data();
  EXPECT_TRUE(std::equal(in_b.begin(), in_b.end(), original.begin(), original.end()))
      << "a later restore from the same image sees none of the first instance's writes";
  EXPECT_EQ(memory_a.data()[1000], 0xAB);
  EXPECT_EQ(memory_a.data()[1001], 0xCD);
}

TEST(CopyOnWriteRestore, ReplacesDataSegmentPagesAndStillGrows) {
  Loaded source("segments");
  Memory memory = *source.instance->MemoryAt(0);
  std::vector<uint8_t> zero(kPage, 0);
  ASSERT_TRUE(memory.Write(0, zero).ok());  // page 0 now all zero
  const char text[] = "page one, rewritten";
  ASSERT_TRUE(memory.Write(kPage, std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text), sizeof text)).ok());
  StateHasher source_hasher;
  Hash root = source_hasher.Root(*source.instance, {});
  EngineState state = PreparedStateOf(source);
  ASSERT_EQ(state.memories[0].nonzero_pages, std::vector<uint32_t>{1});

  Loaded restored("segments");  // its data segments wrote both pages
  ASSERT_TRUE(RestoreEngineState(*restored.instance, state).ok());
  Memory m = *restored.instance->MemoryAt(0);
  EXPECT_EQ(m.data()[0], 0) << "page 0 is zero in the snapshot";
  EXPECT_EQ(std::memcmp(m.data().data() + kPage, text, sizeof text), 0);
  EXPECT_TRUE(m.IsZeroPage(0)) << "a page the image does not hold is known zero";
  StateHasher hasher;
  EXPECT_EQ(hasher.Root(*restored.instance, {}), root);

  auto grown = m.Grow(2);
  ASSERT_TRUE(grown.ok()) << grown.error().ToString();
  EXPECT_EQ(*grown, 2u);
  const uint8_t last[] = {7};
  ASSERT_TRUE(m.Write(4 * kPage - 1, last).ok());
  EXPECT_EQ(m.data()[4 * kPage - 1], 7);
  EXPECT_EQ(m.data()[2 * kPage], 0);
}

TEST(CopyOnWriteRestore, MapCopyOnWriteRefusesShortFilesAndBadPageLists) {
  Loaded m("segments");
  Memory memory = *m.instance->MemoryAt(0);
  auto short_image = os::PageImage::Create(kPage);  // the memory has two pages
  ASSERT_TRUE(short_image.ok());
  Status too_short = memory.MapCopyOnWrite(short_image->fd(), {});
  ASSERT_FALSE(too_short.ok());
  EXPECT_NE(too_short.error().message.find("fewer than"), std::string::npos) << too_short.error().message;
  auto image = os::PageImage::Create(2 * kPage);
  ASSERT_TRUE(image.ok());
  const uint32_t beyond[] = {2};
  EXPECT_FALSE(memory.MapCopyOnWrite(image->fd(), beyond).ok());
  const uint32_t unordered[] = {1, 0};
  EXPECT_FALSE(memory.MapCopyOnWrite(image->fd(), unordered).ok());
  EXPECT_EQ(std::memcmp(memory.data().data(), "page zero", 9), 0) << "a refused mapping changes nothing";
}

TEST(CopyOnWriteRestore, ASealedImageCannotBeChanged) {
  auto image = os::PageImage::Create(kPage);
  ASSERT_TRUE(image.ok());
  const uint8_t byte[] = {1};
  ASSERT_TRUE(image->Write(0, byte).ok());
  ASSERT_TRUE(image->Seal().ok());
  EXPECT_FALSE(image->Write(0, byte).ok());
  EXPECT_NE(ftruncate(image->fd(), 0), 0) << "a sealed image cannot shrink under a mapping";
  EXPECT_FALSE(image->Write(kPage, byte).ok()) << "nor be written past its end";
}

}  // namespace
}  // namespace cella::snapshot
