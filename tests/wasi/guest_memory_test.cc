// tests/wasi/guest_memory_test.cc: GuestMemory, the one choke point for guest pointers:
// 64-bit bounds, alignment, iovecs, paths.
#include "wasi/guest_memory.h"

#include <gtest/gtest.h>

#include <cstring>

#include "cella/cella.h"

namespace cella::wasi {
namespace {

class GuestMemoryTest : public ::testing::Test {
 protected:
  GuestMemoryTest() : store_(engine_) {
    Result<Memory> memory = store_.CreateMemory(MemoryType{Limits{1, 1}});
    EXPECT_TRUE(memory.ok());
    memory_.emplace(*memory);
  }
  GuestMemory Mem() const { return GuestMemory(&*memory_); }
  uint8_t* Bytes() const { return memory_->data().data(); }

  Engine engine_;
  Store store_;
  std::optional<Memory> memory_;
};

constexpr uint32_t kSize = 65536;

TEST_F(GuestMemoryTest, RangesAreCheckedIn64Bits) {
  GuestMemory mem = Mem();
  EXPECT_TRUE(mem.Range(0, kSize).ok());
  EXPECT_TRUE(mem.Range(kSize, 0).ok());
  EXPECT_TRUE(mem.Range(kSize - 1, 1).ok());
  EXPECT_EQ(mem.Range(kSize - 1, 2).error(), Errno::kFault);
  EXPECT_EQ(mem.Range(kSize + 1, 0).error(), Errno::kFault);
  EXPECT_EQ(mem.Range(0xffffffffu, 2).error(), Errno::kFault);  // would wrap in 32 bits
  EXPECT_EQ(mem.Range(16, UINT64_MAX).error(), Errno::kFault);
  EXPECT_EQ(mem.Array(8, 0x20000000u, 8, 4).error(), Errno::kFault);  // 4 GiB: wraps to 0 in 32 bits
}

TEST_F(GuestMemoryTest, RangesHandedOutAreReportedWritten) {
  memory_->ClearDirty();
  GuestMemory mem = Mem();
  EXPECT_EQ(mem.Range(kSize - 1, 2).error(), Errno::kFault);
  EXPECT_TRUE(memory_->DirtyPages().empty()) << "a refused range marks nothing";
  EXPECT_EQ(mem.Store<uint32_t>(100, 7), Errno::kSuccess);
  EXPECT_EQ(memory_->DirtyPages(), std::vector<uint32_t>{0});
}

TEST_F(GuestMemoryTest, MisalignedStructsAreEinval) {
  GuestMemory mem = Mem();
  EXPECT_EQ(mem.Range(4, 8, 8).error(), Errno::kInval);
  EXPECT_TRUE(mem.Range(8, 8, 8).ok());
  EXPECT_EQ(mem.Load<uint32_t>(2).error(), Errno::kInval);
  EXPECT_EQ(mem.Store<uint64_t>(kSize - 4, 1), Errno::kFault);  // a fault wins over alignment
}

TEST_F(GuestMemoryTest, ValuesAreLittleEndian) {
  GuestMemory mem = Mem();
  EXPECT_EQ(mem.Store<uint32_t>(16, 0x11223344u), Errno::kSuccess);
  EXPECT_EQ(Bytes()[16], 0x44);
  EXPECT_EQ(Bytes()[19], 0x11);
  EXPECT_EQ(*mem.Load<uint32_t>(16), 0x11223344u);
  EXPECT_EQ(mem.Store<uint64_t>(24, 0x0102030405060708ull), Errno::kSuccess);
  EXPECT_EQ(Bytes()[24], 0x08);
}

TEST_F(GuestMemoryTest, WithoutMemoryEverythingFaults) {
  GuestMemory mem(nullptr);
  EXPECT_EQ(mem.Range(0, 0).error(), Errno::kSuccess);  // an empty range at 0 is fine
  EXPECT_EQ(mem.Range(0, 1).error(), Errno::kFault);
  EXPECT_EQ(mem.Store<uint32_t>(0, 1), Errno::kFault);
}

TEST_F(GuestMemoryTest, IoVecsCheckEveryBuffer) {
  GuestMemory mem = Mem();
  auto put = [&](uint32_t at, uint32_t buf, uint32_t len) {
    (void)mem.Store<uint32_t>(at, buf);
    (void)mem.Store<uint32_t>(at + 4, len);
  };
  put(100, 1000, 10);
  put(108, 2000, 0);
  ErrnoOr<std::vector<iovec>> ok = mem.IoVecs(100, 2);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[0].iov_base, Bytes() + 1000);
  EXPECT_EQ((*ok)[0].iov_len, 10u);
  put(116, kSize - 4, 8);
  EXPECT_EQ(mem.IoVecs(100, 3).error(), Errno::kFault);
  EXPECT_EQ(mem.IoVecs(102, 1).error(), Errno::kInval);
  EXPECT_EQ(mem.IoVecs(kSize - 4, 1).error(), Errno::kFault);
}

TEST_F(GuestMemoryTest, LongIovecListsAreCutButStillChecked) {
  GuestMemory mem = Mem();
  const uint32_t count = GuestMemory::kMaxIovecs + 10;
  for (uint32_t i = 0; i < count; ++i) {
    (void)mem.Store<uint32_t>(i * 8, 100);
    (void)mem.Store<uint32_t>(i * 8 + 4, 1);
  }
  ErrnoOr<std::vector<iovec>> iov = mem.IoVecs(0, count);
  ASSERT_TRUE(iov.ok());
  EXPECT_EQ(iov->size(), GuestMemory::kMaxIovecs);
  (void)mem.Store<uint32_t>((count - 1) * 8, kSize);  // the last buffer, past the cut, is bad
  EXPECT_EQ(mem.IoVecs(0, count).error(), Errno::kFault);
}

TEST_F(GuestMemoryTest, PathsAreBoundedUtf8WithoutNul) {
  GuestMemory mem = Mem();
  std::memcpy(Bytes() + 10, "dir/file.txt", 12);
  EXPECT_EQ(*mem.Path(10, 12), "dir/file.txt");
  std::memcpy(Bytes() + 40, "a\0b", 3);
  EXPECT_EQ(mem.Path(40, 3).error(), Errno::kInval);
  std::memcpy(Bytes() + 50, "\xc3\x28", 2);
  EXPECT_EQ(mem.Path(50, 2).error(), Errno::kIlseq);
  EXPECT_EQ(mem.Path(0, GuestMemory::kMaxPath + 1).error(), Errno::kNametoolong);
  EXPECT_EQ(mem.Path(kSize - 2, 10).error(), Errno::kFault);
  EXPECT_EQ(mem.Path(kSize - 2, 0xffffffffu).error(), Errno::kFault);
}

TEST(Utf8, AcceptsWellFormedAndRejectsTheRest) {
  EXPECT_TRUE(IsUtf8(""));
  EXPECT_TRUE(IsUtf8("plain"));
  EXPECT_TRUE(IsUtf8("\xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80"));  // ü € 😀
  EXPECT_FALSE(IsUtf8("\xc0\xaf"));                          // overlong '/'
  EXPECT_FALSE(IsUtf8("\xed\xa0\x80"));                      // surrogate
  EXPECT_FALSE(IsUtf8("\xf4\x90\x80\x80"));                  // above U+10FFFF
  EXPECT_FALSE(IsUtf8("\xe2\x82"));                          // truncated
  EXPECT_FALSE(IsUtf8("\xff"));
}

}  // namespace
}  // namespace cella::wasi
