// tests/wasi/fd_table_test.cc: FdTable (the one way to a descriptor), the rights sets and
// the errno mapping.
#include "wasi/fd_table.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "wasi/rights.h"

namespace cella::wasi {
namespace {

std::unique_ptr<FdEntry> Entry(FdKind kind, Rights base, std::string path = "") {
  auto e = std::make_unique<FdEntry>();
  e->kind = kind;
  e->base = base;
  e->preopen = 0;
  e->path = std::move(path);
  return e;
}

TEST(FdTable, GetChecksOpenThenKindThenRights) {
  FdTable table;
  table.Set(3, Entry(FdKind::kDirectory, kDirRightsRo));
  table.Set(4, Entry(FdKind::kFile, kRightFdRead));
  EXPECT_EQ(table.Get(9, 0).error(), Errno::kBadf);
  EXPECT_EQ(table.Get(UINT32_MAX, 0).error(), Errno::kBadf);
  EXPECT_EQ(table.Get(3, kRightFdRead, FdTable::Expect::kNotDir).error(), Errno::kBadf);
  EXPECT_EQ(table.Get(4, kRightPathOpen, FdTable::Expect::kDir).error(), Errno::kNotdir);
  EXPECT_EQ(table.Get(4, kRightSockAccept, FdTable::Expect::kSocket).error(), Errno::kNotsock);
  EXPECT_EQ(table.Get(4, kRightFdWrite).error(), Errno::kNotcapable);
  EXPECT_EQ(table.Get(3, kRightPathCreateFile, FdTable::Expect::kDir).error(), Errno::kNotcapable);
  EXPECT_TRUE(table.Get(4, kRightFdRead, FdTable::Expect::kNotDir).ok());
}

TEST(FdTable, InsertTakesTheLowestFreeNumberFromThree) {
  FdTable table(5);
  table.Set(0, Entry(FdKind::kStream, 0));
  EXPECT_EQ(*table.Insert(Entry(FdKind::kFile, 0)), 3u);
  EXPECT_EQ(*table.Insert(Entry(FdKind::kFile, 0)), 4u);
  EXPECT_EQ(table.Close(3), Errno::kSuccess);
  EXPECT_EQ(*table.Insert(Entry(FdKind::kFile, 0)), 3u);
  EXPECT_EQ(*table.Insert(Entry(FdKind::kFile, 0)), 5u);
  EXPECT_EQ(*table.Insert(Entry(FdKind::kFile, 0)), 6u);
  EXPECT_EQ(table.Insert(Entry(FdKind::kFile, 0)).error(), Errno::kMfile);  // five open
  EXPECT_EQ(table.Close(3), Errno::kSuccess);
  EXPECT_EQ(table.Close(3), Errno::kBadf);
  EXPECT_EQ(table.OpenFds(), (std::vector<uint32_t>{0, 4, 5, 6}));
}

TEST(FdTable, RenumberMovesTheEntryWithItsRights) {
  FdTable table;
  table.Set(3, Entry(FdKind::kDirectory, kDirRightsRo, ""));
  table.Set(4, Entry(FdKind::kDirectory, kDirRightsRw, ""));
  EXPECT_EQ(table.Renumber(3, 9), Errno::kBadf);  // never opened
  EXPECT_EQ(table.Renumber(9, 3), Errno::kBadf);
  EXPECT_EQ(table.Renumber(3, 3), Errno::kSuccess);
  EXPECT_EQ(table.Renumber(3, 4), Errno::kSuccess);
  EXPECT_EQ(table.Get(3, 0).error(), Errno::kBadf);
  EXPECT_EQ(table.Get(4, kRightPathCreateFile).error(), Errno::kNotcapable);  // the ro rights came along
  EXPECT_EQ(table.OpenFds(), (std::vector<uint32_t>{4}));
}

TEST(FdTable, RenamesKeepRecordedPathsTrue) {
  FdTable table;
  table.Set(3, Entry(FdKind::kDirectory, 0, "a"));
  table.Set(4, Entry(FdKind::kFile, 0, "a/b/c.txt"));
  table.Set(5, Entry(FdKind::kFile, 0, "ab"));
  table.RenamePaths(0, "a", 1, "x/y");
  EXPECT_EQ(table.Find(3)->path, "x/y");
  EXPECT_EQ(table.Find(3)->preopen, 1);
  EXPECT_EQ(table.Find(4)->path, "x/y/b/c.txt");
  EXPECT_EQ(table.Find(5)->path, "ab");
  EXPECT_EQ(table.Find(5)->preopen, 0);
}

TEST(FdTable, JoinGuestPathDropsDotsButKeepsDotDot) {
  EXPECT_EQ(JoinGuestPath("", "a"), "a");
  EXPECT_EQ(JoinGuestPath("a", "./b//c/."), "a/b/c");
  EXPECT_EQ(JoinGuestPath("a", "../b"), "a/../b");
  EXPECT_EQ(JoinGuestPath("", "."), "");
}

TEST(Rights, ReadOnlySetsHoldNoMutatingRight) {
  EXPECT_EQ(kDirRightsRo & kMutatingRights, 0u);
  EXPECT_EQ(kFileRightsRo & kMutatingRights, 0u);
  EXPECT_EQ(kDirRightsRo & ~kDirRightsRw, 0u);
  EXPECT_EQ(kFileRightsRo & ~kFileRightsRw, 0u);
  EXPECT_EQ(kStdinRights & (kRightFdSeek | kRightFdTell), 0u);  // isatty() needs that
  EXPECT_EQ(kStdoutRights & (kRightFdSeek | kRightFdTell | kRightFdFilestatSetSize), 0u);
  EXPECT_EQ(kRightsAll, 0x3fffffffu);
}

TEST(Errno, HostValuesMapToWitxNumbers) {
  EXPECT_EQ(ErrnoFromHost(0), Errno::kSuccess);
  EXPECT_EQ(static_cast<int>(ErrnoFromHost(ENOENT)), 44);
  EXPECT_EQ(static_cast<int>(ErrnoFromHost(ELOOP)), 32);
  EXPECT_EQ(static_cast<int>(ErrnoFromHost(EXDEV)), 75);
  EXPECT_EQ(static_cast<int>(ErrnoFromHost(ENOTSUP)), 58);
  EXPECT_EQ(static_cast<int>(Errno::kNotcapable), 76);
  EXPECT_EQ(ErrnoFromHost(EHWPOISON), Errno::kIo);
  EXPECT_EQ(ErrnoName(Errno::kNotcapable), "ENOTCAPABLE");
  EXPECT_EQ(ErrnoName(Errno::k2big), "E2BIG");
}

}  // namespace
}  // namespace cella::wasi
