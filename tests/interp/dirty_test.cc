// tests/interp/dirty_test.cc: the interpreter marks exactly the 64 KiB pages that wasm
// stores and bulk instructions write (state roots rehash only those), including stores
// that straddle two pages; loads and empty bulk operations mark nothing.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

std::vector<uint32_t> PagesWrittenBy(const char* function) {
  Loaded m("dirty");
  Memory memory = *m.instance->GetMemory("memory");
  memory.ClearDirty();
  m.CallOk(function, {});
  return memory.DirtyPages();
}

TEST(Dirty, StoresMarkEveryPageTheyTouch) {
  EXPECT_EQ(PagesWrittenBy("store_across"), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(PagesWrittenBy("store8_page3"), (std::vector<uint32_t>{3}));
}

TEST(Dirty, BulkInstructionsMarkTheirDestination) {
  EXPECT_EQ(PagesWrittenBy("fill_1_to_2"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(PagesWrittenBy("copy_to_3"), (std::vector<uint32_t>{3}));
  EXPECT_EQ(PagesWrittenBy("init_to_1"), (std::vector<uint32_t>{1}));
}

TEST(Dirty, ReadsAndEmptyOperationsMarkNothing) {
  EXPECT_TRUE(PagesWrittenBy("load_only").empty());
  EXPECT_TRUE(PagesWrittenBy("fill_nothing").empty());
}

TEST(Dirty, StepCodeMarksToo) {
  Loaded m("dirty");
  Memory memory = *m.instance->GetMemory("memory");
  memory.ClearDirty();
  m.store->SetFuel(0);
  auto outcome = m.instance->Call("store_across", {});
  while (outcome->paused()) {
    ASSERT_TRUE(m.store->AddFuel(1).ok());
    outcome = m.store->Resume();
  }
  EXPECT_EQ(memory.DirtyPages(), (std::vector<uint32_t>{0, 1}));
}

}  // namespace
}  // namespace cella
