// tests/wasi/determinism_test.cc: `cella run --deterministic` end to end with
// guests/determinism.c. What the guest observes (clocks and their resolutions, random
// bytes, listings, stat of files, directories and stdio, poll_oneoff sleeps) must be
// byte-identical across runs and across host trees that differ only in what the host
// decides (inode numbers, creation order, timestamps); files the guest writes get the
// same virtual metadata each time; the seed changes only random_get; and what cannot be
// deterministic is refused unless explicitly allowed.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fcntl.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli/exit_codes.h"
#include "cli_runner.h"
#include "host_tree.h"
#include "wasi/deterministic.h"

namespace cella::wasi::testing {
namespace {

std::string Guest(const char* name = "determinism") {
  return std::string(CELLA_WASI_GUEST_DIR) + "/" + name + ".wasm";
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The tree the guest lists, created in the given order, with host times set to `seconds`.
void MakeTree(const TempTree& t, bool reversed, time_t seconds) {
  struct Entry {
    const char* path;
    const char* content;  // nullptr: a directory
  };
  std::vector<Entry> entries = {{"tree", nullptr},
                                {"tree/b.txt", "bee\n"},
                                {"tree/A.txt", "capital a\n"},
                                {"tree/a.txt", "small a\n"},
                                {"tree/\xc3\xa9t\xc3\xa9.txt", "summer\n"},
                                {"tree/empty", nullptr},
                                {"tree/dir", nullptr},
                                {"tree/dir/inner.txt", "inner\n"},
                                {"tree/dir/sub", nullptr},
                                {"tree/dir/sub/deep.txt", "deep down\n"}};
  if (reversed) std::reverse(entries.begin() + 1, entries.end());
  auto dir = [&t](const std::string& path) {
    if (::access(t.Path(path).c_str(), F_OK) != 0) t.Dir(path);
  };
  for (const Entry& e : entries) {
    std::string path = e.path;
    for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
      dir(path.substr(0, slash));
    }
    if (e.content == nullptr) {
      dir(path);
    } else {
      t.File(path, e.content);
    }
  }
  t.Symlink("tree/link", "a.txt");
  for (const Entry& e : entries) {
    timespec times[2] = {{seconds, 123}, {seconds + 7, 456}};
    ::utimensat(AT_FDCWD, t.Path(e.path).c_str(), times, AT_SYMLINK_NOFOLLOW);
  }
}

// Runs the "observe" mode with a virtual 5 s sleep (1 ms when real clocks are granted).
CliRun Observe(const TempTree& t, std::vector<std::string> flags = {}) {
  std::vector<std::string> args = {"--deterministic", "--dir", t.Path("tree") + "::tree"};
  args.insert(args.end(), flags.begin(), flags.end());
  bool real = std::find(flags.begin(), flags.end(), "--allow-real-clock") != flags.end();
  args.insert(args.end(), {Guest(), "--", "observe", real ? "1" : "5000"});
  CliRun r = Cella(args);
  EXPECT_EQ(r.code, 0) << r.err;
  return r;
}

TEST(Determinism, WhatTheGuestObservesIsIdenticalAcrossRunsAndHostTrees) {
  TempTree first, second;
  MakeTree(first, false, 1'600'000'000);
  MakeTree(second, true, 1'700'000'000);  // other inodes, creation order and times
  CliRun reference = Observe(first);
  ASSERT_FALSE(reference.out.empty());
  for (int i = 0; i < 2; ++i) EXPECT_EQ(Observe(first).out, reference.out) << "run " << i;
  EXPECT_EQ(Observe(second).out, reference.out);

  // stdout to a file instead of a pipe: stdio is presented the same way.
  TempTree out;
  CliRun to_file = Observe(second, {"--stdout", out.Path("stdout.txt")});
  EXPECT_EQ(ReadText(out.Path("stdout.txt")), reference.out);

  // Listings are sorted by bytes; inodes are the documented hash; times are the epoch.
  const std::string& o = reference.out;
  size_t upper = o.find("entry ./A.txt"), lower = o.find("entry ./a.txt"), accent = o.find("entry ./\xc3\xa9");
  ASSERT_NE(upper, std::string::npos) << o;
  EXPECT_LT(upper, lower);
  EXPECT_LT(lower, accent);
  EXPECT_TRUE(Contains(o, "entry ./dir/sub ino " + std::to_string(VirtualInode("dir/sub")) + " type 3")) << o;
  EXPECT_TRUE(Contains(o, "  dir/sub/deep.txt: dev 1 ino " + std::to_string(VirtualInode("dir/sub/deep.txt")) +
                              " type 4 nlink 1 size 10 atim 946684800000000000 mtim 946684800000000000"))
      << o;
  EXPECT_TRUE(Contains(o, "stdio 1 filetype 0\n  stdout: dev 0 ino 2 type 0 nlink 1 size 0")) << o;
  EXPECT_TRUE(Contains(o, "sync stdout e0 datasync e0\n")) << o;
  EXPECT_TRUE(Contains(o, "clocks at start: [0] 9466848")) << o;
  EXPECT_TRUE(Contains(o, "res 1 e0 [1]")) << o;
  // Sleeping is virtual: the 5 s sleep took no real time, and the clocks moved by it.
  EXPECT_LT(reference.seconds, 5);
  EXPECT_TRUE(Contains(o, "poll id 1 timeout 1000000000 flags 0 stdin 1: e0, 1 event(s): [ud 8 type 1 error 0 "
                          "nbytes 0]"))
      << o;
  EXPECT_TRUE(Contains(o, "poll id 2 timeout 1000 flags 0 stdin 0: e28")) << o;

  // Without --deterministic the host shows through (real times and inodes).
  std::vector<std::string> plain = {"--dir", first.Path("tree") + "::tree", Guest(), "--", "observe", "1"};
  EXPECT_NE(Cella(plain).out, reference.out);
}

TEST(Determinism, FilesTheGuestWritesGetTheSameVirtualMetadataEachTime) {
  std::string reference;
  for (int i = 0; i < 3; ++i) {
    TempTree t;
    t.Dir("out");
    CliRun r = Cella({"--deterministic", "--dir", t.Path("out") + "::out:rw", Guest(), "--", "write"});
    ASSERT_EQ(r.code, 0) << r.err;
    if (i == 0) reference = r.out;
    EXPECT_EQ(r.out, reference);
    EXPECT_EQ(ReadText(t.Path("out/d/b.txt")), "bee\n");
  }
  // Times the guest set explicitly are what it reads back; the other ones are virtual.
  EXPECT_TRUE(Contains(reference, "retimed a.txt")) << reference;
  EXPECT_TRUE(Contains(reference, "atim 1234567890 mtim 9466848")) << reference;
  EXPECT_FALSE(Contains(reference, "mtim 17")) << reference;  // no host time of 2023..2026
}

TEST(Determinism, TheSeedChangesOnlyTheRandomBytes) {
  TempTree t;
  MakeTree(t, false, 1'600'000'000);
  CliRun zero = Observe(t), one = Observe(t, {"--seed", "01"}), same = Observe(t, {"--seed", "00"});
  EXPECT_EQ(same.out, zero.out);  // the default seed is all zero
  std::istringstream a(zero.out), b(one.out);
  std::string la, lb;
  int random_lines = 0;
  while (std::getline(a, la) && std::getline(b, lb)) {
    if (la.rfind("random ", 0) == 0) {
      ++random_lines;
      EXPECT_NE(la, lb);
    } else if (la.find("clock") == std::string::npos && la.find("poll") == std::string::npos) {
      // Clock readings after the random lines may differ: printing other bytes costs
      // other amounts of fuel, and virtual time is fuel.
      EXPECT_EQ(la, lb);
    }
  }
  EXPECT_EQ(random_lines, 3);
  // The all-zero seed's stream is ChaCha20's keystream for key 0, nonce 0.
  EXPECT_TRUE(Contains(zero.out, "random 7 e0: 76b8e0ada0f13d\n")) << zero.out;
}

TEST(Determinism, TheClockEpochSetsRealtime) {
  TempTree t;
  MakeTree(t, false, 1'600'000'000);
  CliRun r = Observe(t, {"--clock-epoch", "2020-01-01T00:00:00Z"});
  EXPECT_TRUE(Contains(r.out, "clocks at start: [0] 15778368")) << r.out;
  CliRun seconds = Observe(t, {"--clock-epoch", "1577836800"});
  EXPECT_EQ(seconds.out, r.out);
}

TEST(Determinism, VirtualTimeAdvancesWithFuel) {
  CliRun r = Cella({"--deterministic", Guest(), "--", "spin", "100000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "spin 100000: monotonic advanced 1\n");
  EXPECT_EQ(Cella({"--deterministic", Guest(), "--", "spin", "100000"}).out, r.out);
}

TEST(Determinism, RefusesWhatCannotBeDeterministicUnlessAllowed) {
  CliRun sockets = Cella({"--deterministic", "--listen", "127.0.0.1:0", Guest(), "--", "spin", "1"});
  EXPECT_EQ(sockets.code, cli::kExitUsage);
  EXPECT_TRUE(Contains(sockets.err, "--allow-sockets")) << sockets.err;
  CliRun allowed = Cella({"--deterministic", "--allow-sockets", "--listen", "127.0.0.1:0", Guest(), "--", "spin", "1"});
  EXPECT_EQ(allowed.code, 0) << allowed.err;

  struct Bad {
    std::vector<std::string> flags;
    const char* message;
  };
  const Bad bad[] = {
      {{"--seed", "01"}, "apply only with --deterministic"},
      {{"--allow-real-clock"}, "apply only with --deterministic"},
      {{"--deterministic", "--no-metering"}, "cannot be combined with --no-metering"},
      {{"--deterministic", "--seed", "xyz"}, "--seed 'xyz' must be"},
      {{"--deterministic", "--clock-epoch", "yesterday"}, "--clock-epoch 'yesterday' must be"},
  };
  for (const Bad& b : bad) {
    std::vector<std::string> args = b.flags;
    args.insert(args.end(), {Guest(), "--", "spin", "1"});
    CliRun r = Cella(args);
    EXPECT_EQ(r.code, cli::kExitUsage) << b.message;
    EXPECT_TRUE(Contains(r.err, b.message)) << r.err;
  }
}

TEST(Determinism, RealClockAndEntropyOnlyWhenGranted) {
  TempTree t;
  MakeTree(t, false, 1'600'000'000);
  CliRun real_clock = Observe(t, {"--allow-real-clock"});
  EXPECT_FALSE(Contains(real_clock.out, "clocks at start: [0] 9466848")) << real_clock.out;
  CliRun a = Observe(t, {"--allow-real-random"}), b = Observe(t, {"--allow-real-random"});
  EXPECT_NE(a.out, b.out);
}

TEST(Determinism, ATimeoutSaysWhereItStoppedIsNotDeterministic) {
  CliRun r = Cella({"--deterministic", "--timeout", "300ms", Guest("behave"), "--", "loop"});
  EXPECT_EQ(r.code, cli::kExitTimeout);
  EXPECT_TRUE(Contains(r.err, "not deterministic")) << r.err;
  EXPECT_TRUE(Contains(r.err, "--fuel")) << r.err;
}

}  // namespace
}  // namespace cella::wasi::testing
