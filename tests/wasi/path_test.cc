// tests/wasi/path_test.cc: PathResolver with openat2 and with the forced fallback walk —
// the same answers for traversal, symlinks (chains, loops, absolute, dangling), trailing
// slashes and /proc magic links, and no escape while another thread renames directories
// or swaps symlinks underneath.
#include "wasi/path.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <functional>
#include <fstream>
#include <thread>

#include "host_tree.h"

namespace cella::wasi {
namespace {

using testing::TempTree;

class PathTest : public ::testing::TestWithParam<bool> {
 public:
  void SetUp() override {
    t_.File("secret.txt", "OUTSIDE");
    t_.Dir("outside");
    t_.Dir("outside/deep");
    t_.File("outside/secret.txt", "OUTSIDE deep");
    t_.Dir("base");
    t_.File("base/data.txt", "inside");
    t_.File("base/secret.txt", "inside secret");
    t_.Dir("base/sub");
    t_.Dir("base/a");
    t_.Dir("base/a/b");
    t_.Symlink("base/in1", "in2");
    t_.Symlink("base/in2", "sub/../data.txt");
    t_.Symlink("base/abs", t_.Path("secret.txt"));
    t_.Symlink("base/up", "../secret.txt");
    t_.Symlink("base/loop1", "loop2");
    t_.Symlink("base/loop2", "loop1");
    t_.Symlink("base/dir_up", "..");
    t_.Symlink("base/dangling_in", "sub/made.txt");
    t_.Symlink("base/dangling_out", "../made_outside.txt");
    t_.Symlink("base/sublink", "sub");
    // A chain of exactly kMaxSymlinks links ending at data.txt, and one longer.
    for (int i = 0; i < kMaxSymlinks; ++i) {
      t_.Symlink("base/c" + std::to_string(i), i + 1 < kMaxSymlinks ? "c" + std::to_string(i + 1) : "data.txt");
    }
    t_.Symlink("base/too_long", "c0");
    base_ = ::open(t_.Path("base").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(base_, 0);
  }
  void TearDown() override { ::close(base_); }

  PathResolver Resolver() const { return PathResolver(GetParam()); }
  Errno OpenErrno(const std::string& path, int flags = O_RDONLY, bool follow = true) const {
    return Resolver().Open(base_, path, flags, 0644, follow).error();
  }
  // The first bytes of `path` opened below the base, or the errno's name.
  std::string Read(const std::string& path) const {
    ErrnoOr<os::UniqueFd> fd = Resolver().Open(base_, path, O_RDONLY, 0, true);
    if (!fd.ok()) return std::string(ErrnoName(fd.error()));
    char buf[64];
    ssize_t n = ::read(fd->get(), buf, sizeof buf);
    return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
  }

  TempTree t_;
  int base_ = -1;
};

TEST_P(PathTest, ModeIsAsAsked) { EXPECT_EQ(Resolver().uses_openat2(), !GetParam()); }

TEST_P(PathTest, OpensWhatIsInside) {
  EXPECT_EQ(Read("data.txt"), "inside");
  EXPECT_EQ(Read("./sub/../data.txt"), "inside");
  EXPECT_EQ(Read("in1"), "inside");
  EXPECT_EQ(Read("sublink/../data.txt"), "inside");
  EXPECT_EQ(Read("c0"), "inside");  // exactly 40 links
  EXPECT_EQ(Read("a/b/../../data.txt"), "inside");
  EXPECT_TRUE(Resolver().Open(base_, ".", O_RDONLY | O_DIRECTORY, 0, true).ok());
}

TEST_P(PathTest, NeverLeavesTheBase) {
  EXPECT_EQ(OpenErrno("../secret.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("sub/../../secret.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno(".."), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("/etc/passwd"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("abs"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("up"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("dir_up/secret.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("dir_up/base/data.txt"), Errno::kNotcapable);
  EXPECT_EQ(OpenErrno("dangling_out", O_WRONLY | O_CREAT), Errno::kNotcapable);
  EXPECT_FALSE(std::ifstream(t_.Path("made_outside.txt")).good());
}

TEST_P(PathTest, SymlinkRules) {
  EXPECT_EQ(OpenErrno("loop1"), Errno::kLoop);
  EXPECT_EQ(OpenErrno("too_long"), Errno::kLoop);
  EXPECT_EQ(OpenErrno("in1", O_RDONLY, false), Errno::kLoop);  // nofollow on a symlink
  EXPECT_EQ(OpenErrno("dangling_in", O_RDONLY), Errno::kNoent);
  EXPECT_EQ(OpenErrno("dangling_in", O_WRONLY | O_CREAT), Errno::kSuccess);  // creates sub/made.txt
  EXPECT_TRUE(std::ifstream(t_.Path("base/sub/made.txt")).good());
  EXPECT_EQ(OpenErrno("in1", O_WRONLY | O_CREAT | O_EXCL, false), Errno::kExist);
}

TEST_P(PathTest, TrailingSlashes) {
  EXPECT_EQ(OpenErrno("data.txt/"), Errno::kNotdir);
  EXPECT_EQ(OpenErrno("sub/"), Errno::kSuccess);
  EXPECT_EQ(OpenErrno("sublink/"), Errno::kSuccess);
  EXPECT_EQ(OpenErrno("in1/"), Errno::kNotdir);
  EXPECT_EQ(OpenErrno(""), Errno::kNoent);
}

TEST_P(PathTest, ProcMagicLinksAreRefused) {
  int proc = ::open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(proc, 0);
  PathResolver r = Resolver();
  EXPECT_EQ(r.Open(proc, "root/etc/passwd", O_RDONLY, 0, true).error(), Errno::kLoop);
  EXPECT_EQ(r.Open(proc, "cwd", O_RDONLY, 0, true).error(), Errno::kLoop);
  EXPECT_EQ(r.Open(proc, "fd/" + std::to_string(base_) + "/data.txt", O_RDONLY, 0, true).error(), Errno::kLoop);
  EXPECT_EQ(r.Open(proc, "exe", O_RDONLY, 0, true).error(), Errno::kLoop);
  EXPECT_TRUE(r.Open(proc, "status", O_RDONLY, 0, true).ok());
  ::close(proc);
  int all = ::open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_TRUE(r.Open(all, "self/status", O_RDONLY, 0, true).ok());  // "self" is an ordinary link
  EXPECT_EQ(r.Open(all, "self/root", O_RDONLY, 0, true).error(), Errno::kLoop);
  ::close(all);
}

TEST_P(PathTest, ParentNamesTheFinalComponent) {
  PathResolver r = Resolver();
  ErrnoOr<ParentAndName> p = r.Parent(base_, "sub/x.txt", false);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "x.txt");
  EXPECT_FALSE(p->trailing_slash);
  p = r.Parent(base_, "in1", false);
  EXPECT_EQ(p->name, "in1");
  EXPECT_EQ(p->dir, base_);
  p = r.Parent(base_, "in1", true);  // followed: in2 → sub/../data.txt
  EXPECT_EQ(p->name, "data.txt");
  p = r.Parent(base_, "sub//", false);
  EXPECT_EQ(p->name, "sub");
  EXPECT_TRUE(p->trailing_slash);
  p = r.Parent(base_, "sub/..", false);
  EXPECT_EQ(p->name, "");  // names a directory itself
  EXPECT_EQ(r.Parent(base_, "..", false).error(), Errno::kNotcapable);
  EXPECT_EQ(r.Parent(base_, "up", true).error(), Errno::kNotcapable);
  EXPECT_EQ(r.Parent(base_, "loop1", true).error(), Errno::kLoop);
  EXPECT_EQ(r.Parent(base_, "dir_up/x", false).error(), Errno::kNotcapable);
  EXPECT_EQ(r.Parent(base_, "data.txt/x", false).error(), Errno::kNotdir);
}

// Runs `renamer` in a loop on another thread while this one reads `path` 20000+ times:
// the outside file must never be read, and the inside one (`inside`) sometimes.
void ExpectNoEscapeDuring(const PathTest& test, const std::function<void()>& renamer, const std::string& path,
                          const std::string& inside) {
  std::atomic<bool> stop{false};
  std::thread other([&] {
    while (!stop) renamer();
  });
  int seen_inside = 0;
  // At least 20000 reads; on a loaded machine the threads may interleave badly for a
  // while, so go on (up to 2M reads) until the inside file has been read at least once.
  for (int i = 0; i < 20000 || (seen_inside == 0 && i < 2'000'000); ++i) {
    std::string text = test.Read(path);
    if (text.find("OUTSIDE") != std::string::npos) {
      ADD_FAILURE() << "escaped after " << i << " tries";
      break;
    }
    if (text == inside) ++seen_inside;
  }
  stop = true;
  other.join();
  EXPECT_GT(seen_inside, 0);
}

// Another thread swaps base/flip between a real directory and a symlink to ../outside
// while this one keeps resolving flip/secret.txt: the outside file is never reached.
TEST_P(PathTest, SymlinkSwapRaceNeverEscapes) {
  t_.Dir("base/flip");
  t_.File("base/flip/secret.txt", "inside flip");
  t_.Symlink("base/flip_link", "../outside");
  std::string flip = t_.Path("base/flip"), tmp = t_.Path("base/flip_tmp"), link = t_.Path("base/flip_link");
  ExpectNoEscapeDuring(*this, [&] {
    std::rename(flip.c_str(), tmp.c_str());
    std::rename(link.c_str(), flip.c_str());
    std::rename(flip.c_str(), link.c_str());
    std::rename(tmp.c_str(), flip.c_str());
  }, "flip/secret.txt", "inside flip");
}

// Another thread moves base/a/b out of the tree (to outside/deep/b) and back while this
// one resolves a/b/../../secret.txt: `..` never climbs out through the moved directory.
TEST_P(PathTest, DotDotRenameRaceNeverEscapes) {
  std::string in = t_.Path("base/a/b"), out = t_.Path("outside/deep/b");
  ExpectNoEscapeDuring(*this, [&] {
    std::rename(in.c_str(), out.c_str());
    std::rename(out.c_str(), in.c_str());
  }, "a/b/../../secret.txt", "inside secret");
}

INSTANTIATE_TEST_SUITE_P(Resolution, PathTest, ::testing::Bool(), [](const ::testing::TestParamInfo<bool>& info) {
  return info.param ? std::string("fallback") : std::string("openat2");
});

TEST(Path, DepthBelowWalksUpToTheRoot) {
  TempTree t;
  t.Dir("r");
  t.Dir("r/x");
  t.Dir("r/x/y");
  int root = ::open(t.Path("r").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int deep = ::open(t.Path("r/x/y").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int other = ::open(t.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  EXPECT_EQ(*DepthBelow(root, root), 0);
  EXPECT_EQ(*DepthBelow(root, deep), 2);
  EXPECT_EQ(DepthBelow(root, other).error(), Errno::kNotcapable);
  ::close(root);
  ::close(deep);
  ::close(other);
}

TEST(Path, TargetStaysBelowCountsLevels) {
  EXPECT_TRUE(TargetStaysBelow(0, "a/b"));
  EXPECT_TRUE(TargetStaysBelow(1, "../a"));
  EXPECT_TRUE(TargetStaysBelow(0, "a/../b/./c"));
  EXPECT_FALSE(TargetStaysBelow(0, "../a"));
  EXPECT_FALSE(TargetStaysBelow(1, "a/../../.."));
  EXPECT_FALSE(TargetStaysBelow(5, "/abs"));
  EXPECT_FALSE(TargetStaysBelow(0, ""));
}

TEST(Path, SplitFinal) {
  std::string parent, name;
  bool slash = false;
  SplitFinal("a/b/c", &parent, &name, &slash);
  EXPECT_EQ(parent + "|" + name, "a/b|c");
  EXPECT_FALSE(slash);
  SplitFinal("a//b//", &parent, &name, &slash);
  EXPECT_EQ(parent + "|" + name, "a|b");
  EXPECT_TRUE(slash);
  SplitFinal("c", &parent, &name, &slash);
  EXPECT_EQ(parent + "|" + name, "|c");
}

}  // namespace
}  // namespace cella::wasi
