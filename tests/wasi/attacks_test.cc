// tests/wasi/attacks_test.cc: every escape attempt of guests/attacks.c, each run against a
// fresh host tree with path resolution through openat2 and through the fallback walk. Each
// must be refused with the listed errno, and the whole tree (grants and what lies outside
// them) must fingerprint the same afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "guest_runner.h"
#include "host_tree.h"
#include "wasi/errno.h"

namespace cella::wasi::testing {
namespace {

struct Case {
  const char* attack;
  Errno expected;
};

constexpr Errno kCap = Errno::kNotcapable;

const Case kCases[] = {
    // path traversal
    {"dotdot_open", kCap},
    {"dotdot_nested", kCap},
    {"dotdot_many", kCap},
    {"dotdot_dir_then_back", kCap},
    {"absolute_path", kCap},
    {"absolute_grant_path", kCap},
    {"stat_parent", kCap},
    {"stat_parent_nested", kCap},
    {"readlink_escape", kCap},
    {"rmdir_parent", kCap},
    // symlinks the host placed
    {"symlink_absolute", kCap},
    {"symlink_relative_up", kCap},
    {"symlink_chain", kCap},
    {"symlink_loop", Errno::kLoop},
    {"symlink_dir_up_middle", kCap},
    {"symlink_out_and_back", kCap},
    {"self_link_climb", kCap},
    {"set_times_through_symlink", kCap},
    {"unlink_via_dir_symlink", kCap},
    {"mkdir_via_dir_symlink", kCap},
    {"creat_through_dangling", kCap},
    {"creat_excl_on_symlink", Errno::kExist},
    {"nofollow_open_symlink", Errno::kLoop},
    // symlinks the guest makes
    {"guest_symlink_absolute", kCap},
    {"guest_symlink_up", kCap},
    {"guest_symlink_subdir_up", kCap},
    {"guest_symlink_via_self_link", kCap},
    // /proc magic links
    {"proc_root", Errno::kLoop},
    {"proc_fd", Errno::kLoop},
    {"proc_cwd", Errno::kLoop},
    {"proc_symlink_in_grant", kCap},
    // hard links and renames
    {"hardlink_ro_into_rw", kCap},
    {"hardlink_outside_source", kCap},
    {"hardlink_follow_absolute", kCap},
    {"hardlink_via_dir_symlink", kCap},
    {"rename_out", kCap},
    {"rename_into_ro", kCap},
    {"rename_from_ro", kCap},
    {"rename_via_dir_symlink", kCap},
    {"rename_over_preopen", Errno::kBusy},
    // writes under :ro
    {"ro_create", kCap},
    {"ro_open_for_write", kCap},
    {"ro_truncate", kCap},
    {"ro_set_size", kCap},
    {"ro_path_set_times", kCap},
    {"ro_fd_set_times", kCap},
    {"ro_unlink", kCap},
    {"ro_mkdir", kCap},
    {"ro_rmdir", kCap},
    {"ro_rename", kCap},
    {"ro_symlink", kCap},
    {"ro_link", kCap},
    {"ro_append_flag", Errno::kRofs},
    {"ro_allocate", kCap},
    {"ro_rights_escalate", kCap},
    {"ro_subdir_inherits", kCap},
    // descriptors never granted
    {"ungranted_fd_read", Errno::kBadf},
    {"ungranted_fd_path", Errno::kBadf},
    {"write_to_dir_fd", Errno::kBadf},
    {"path_op_on_file_fd", Errno::kNotdir},
    {"renumber_file_over_preopen", Errno::kNotdir},
    {"renumber_ro_onto_rw", kCap},
    {"renumber_to_ungranted", Errno::kBadf},
    {"stdio_truncate", kCap},
    {"stdio_seek", kCap},
    // pointers, lengths and counts
    {"bad_iovec_array", Errno::kFault},
    {"iovec_buffer_wraps", Errno::kFault},
    {"iovec_count_overflow", Errno::kFault},
    {"iovec_past_memory_end", Errno::kFault},
    {"path_len_huge", Errno::kFault},
    {"path_beyond_memory", Errno::kFault},
    {"result_ptr_out_of_bounds", Errno::kFault},
    {"result_ptr_misaligned", Errno::kInval},
    {"args_get_out_of_bounds", Errno::kFault},
    {"random_out_of_bounds", Errno::kFault},
    {"poll_bad_subscriptions", Errno::kFault},
    {"poll_count_overflow", Errno::kFault},
    {"open_result_ptr_bad", Errno::kFault},
    {"nul_in_path", Errno::kInval},
    {"invalid_utf8_path", Errno::kIlseq},
    // readdir cookies: past the end is simply nothing
    {"readdir_cookie_huge", Errno::kSuccess},
    {"readdir_cookie_wrap", Errno::kSuccess},
    {"readdir_buffer_oob", Errno::kFault},
    // sockets without --listen
    {"sock_accept_on_dir", Errno::kNotsock},
    {"sock_accept_ungranted", Errno::kBadf},
    {"sock_send_on_stdout", Errno::kNotsock},
    // trailing slashes and the preopen itself
    {"trailing_slash_file", Errno::kNotdir},
    {"trailing_slash_unlink", Errno::kNotdir},
    {"rmdir_preopen_itself", Errno::kInval},
};

// The host tree every attack runs against.
void BuildFixture(const TempTree& t) {
  t.File("secret.txt", "TOP SECRET");
  t.Dir("outside");
  t.File("outside/victim.txt", "OUTSIDE victim");
  t.Dir("ro");
  t.File("ro/data.txt", "read-only data");
  t.Dir("ro/sub");
  t.File("ro/sub/inner.txt", "inner");
  t.Dir("ro/emptydir");
  t.Symlink("ro/link_abs", t.Path("secret.txt"));
  t.Symlink("ro/link_up", "../secret.txt");
  t.Symlink("ro/link_chain1", "link_chain2");
  t.Symlink("ro/link_chain2", "sub/../../outside/victim.txt");
  t.Symlink("ro/loop_a", "loop_b");
  t.Symlink("ro/loop_b", "loop_a");
  t.Symlink("ro/link_dir_up", "..");
  t.Symlink("ro/proc_self", "/proc/self/root");
  t.Dir("rw");
  t.File("rw/file.txt", "read-write file");
  t.Dir("rw/sub");
  t.Symlink("rw/host_abs", t.Path("secret.txt"));
  t.Symlink("rw/dangling_out", "../created_outside.txt");
  t.Symlink("rw/host_dir_out", "../outside");
  t.Symlink("rw/self_link", ".");
  t.Dir("rw/flip");
  t.File("rw/flip/victim.txt", "inside victim");
}

GuestSetup Grants(const TempTree& t, bool fallback) {
  GuestSetup setup;
  setup.dirs = {{t.Path("ro"), "ro", false}, {t.Path("rw"), "rw", true}, {"/proc/self", "proc", false}};
  setup.force_path_fallback = fallback;
  return setup;
}

class AttackTest : public ::testing::TestWithParam<std::tuple<Case, bool>> {};

TEST_P(AttackTest, IsRefusedAndLeavesTheHostUnchanged) {
  auto [c, fallback] = GetParam();
  TempTree tree;
  BuildFixture(tree);
  std::string before = Fingerprint(tree.root());
  GuestSetup setup = Grants(tree, fallback);
  setup.args = {c.attack};
  GuestResult r = RunGuest("attacks", std::move(setup));
  EXPECT_TRUE(r.exited) << r.trap;
  EXPECT_EQ(r.out, std::string(c.attack) + " " + std::to_string(static_cast<int>(c.expected)) + "\n")
      << "expected " << ErrnoName(c.expected) << "; stderr: " << r.err;
  EXPECT_EQ(Fingerprint(tree.root()), before);
}

std::string CaseName(const ::testing::TestParamInfo<std::tuple<Case, bool>>& info) {
  return std::string(std::get<0>(info.param).attack) + (std::get<1>(info.param) ? "_fallback" : "_openat2");
}

INSTANTIATE_TEST_SUITE_P(Attacks, AttackTest, ::testing::Combine(::testing::ValuesIn(kCases), ::testing::Bool()),
                         CaseName);

TEST(Attacks, EveryAttackInTheGuestIsListed) {
  TempTree tree;
  GuestResult r = RunGuest("attacks", GuestSetup{});
  std::vector<std::string> listed;
  for (const Case& c : kCases) listed.push_back(c.attack);
  listed.push_back("race_open");
  listed.push_back("race_flip");
  std::string expected;
  std::vector<std::string> in_guest;
  size_t start = 0;
  for (size_t nl; (nl = r.out.find('\n', start)) != std::string::npos; start = nl + 1) {
    in_guest.push_back(r.out.substr(start, nl - start));
  }
  std::sort(listed.begin(), listed.end());
  std::sort(in_guest.begin(), in_guest.end());
  EXPECT_EQ(in_guest, listed);
  EXPECT_GE(listed.size(), 40u);
}

// Two cells share a rw directory: one swaps "flip" between a real directory and a symlink
// to ../outside as fast as it can, the other keeps opening flip/victim.txt. The opener
// must never read the outside file, and the swapper ends with the tree as it began.
TEST(Attacks, RaceBetweenTwoCellsSwappingASymlink) {
  for (bool fallback : {false, true}) {
    TempTree tree;
    BuildFixture(tree);
    std::string before = Fingerprint(tree.root());
    GuestResult flip, open;
    std::thread flipper([&] {
      GuestSetup s = Grants(tree, fallback);
      s.args = {"race_flip"};
      flip = RunGuest("attacks", std::move(s));
    });
    GuestSetup s = Grants(tree, fallback);
    s.args = {"race_open"};
    open = RunGuest("attacks", std::move(s));
    flipper.join();
    EXPECT_EQ(open.out, "race_open 0\n") << (fallback ? "fallback" : "openat2");
    EXPECT_EQ(flip.out, "race_flip 0\n");
    EXPECT_EQ(Fingerprint(tree.root()), before);
  }
}

}  // namespace
}  // namespace cella::wasi::testing
