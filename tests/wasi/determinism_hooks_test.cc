// tests/wasi/determinism_hooks_test.cc: deterministic mode's pieces on their own — the
// virtual clock's rules, the seeded ChaCha20 stream (a known answer, and resuming at any
// position), the virtual file view (sorting, inodes, times), the flag parsers and
// MakeDeterministic's refusals.
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasi/abi.h"
#include "wasi/deterministic.h"

namespace cella::wasi {
namespace {

uint64_t Read(WasiClock& clock, uint32_t id) {
  ErrnoOr<uint64_t> t = clock.Now(id);
  EXPECT_TRUE(t.ok()) << id;
  return t.ok() ? *t : 0;
}

TEST(VirtualClock, TimeIsFuelPlusSleepFromTheEpoch) {
  std::unique_ptr<WasiClock> clock = MakeVirtualClock(kDefaultEpochNs);
  EXPECT_EQ(Read(*clock, kClockRealtime), kDefaultEpochNs);
  EXPECT_EQ(Read(*clock, kClockMonotonic), 0u);
  clock->ObserveFuel(1000);
  EXPECT_EQ(Read(*clock, kClockRealtime), kDefaultEpochNs + 1000 * kVirtualNsPerFuel);
  EXPECT_EQ(Read(*clock, kClockMonotonic), 1000 * kVirtualNsPerFuel);
  EXPECT_EQ(Read(*clock, kClockProcessCputime), 1000 * kVirtualNsPerFuel);
  EXPECT_EQ(Read(*clock, kClockThreadCputime), 1000 * kVirtualNsPerFuel);

  // Sleeping moves realtime and monotonic, never CPU time, and returns at once.
  ErrnoOr<bool> slept = clock->SleepUntil(kClockMonotonic, 1000 + 5'000'000'000ull, nullptr);
  ASSERT_TRUE(slept.ok());
  EXPECT_TRUE(*slept);
  EXPECT_EQ(Read(*clock, kClockMonotonic), 1000 + 5'000'000'000ull);
  EXPECT_EQ(Read(*clock, kClockRealtime), kDefaultEpochNs + 1000 + 5'000'000'000ull);
  EXPECT_EQ(Read(*clock, kClockProcessCputime), 1000u);
  // A deadline already passed does not move time.
  ASSERT_TRUE(clock->SleepUntil(kClockRealtime, 1, nullptr).ok());
  EXPECT_EQ(Read(*clock, kClockMonotonic), 1000 + 5'000'000'000ull);
  EXPECT_EQ(clock->SleepUntil(kClockProcessCputime, 1, nullptr).error(), Errno::kInval);

  for (uint32_t id = 0; id < 4; ++id) EXPECT_EQ(*clock->Resolution(id), kVirtualResolutionNs);
  EXPECT_EQ(clock->Now(4).error(), Errno::kInval);
  EXPECT_EQ(clock->Resolution(4).error(), Errno::kInval);

  Result<ClockState> state = clock->Save();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, (ClockState{ClockState::Kind::kVirtual, kDefaultEpochNs, 5'000'000'000ull}));
  // Restored from its state and given the same fuel, it reads the same.
  std::unique_ptr<WasiClock> again = MakeVirtualClock(state->epoch_ns, state->slept_ns);
  again->ObserveFuel(1000);
  EXPECT_EQ(Read(*again, kClockRealtime), Read(*clock, kClockRealtime));
}

TEST(VirtualClock, SaturatesInsteadOfWrapping) {
  std::unique_ptr<WasiClock> clock = MakeVirtualClock(UINT64_MAX - 10);
  clock->ObserveFuel(100);
  EXPECT_EQ(Read(*clock, kClockRealtime), UINT64_MAX);
  ASSERT_TRUE(clock->SleepUntil(kClockMonotonic, UINT64_MAX, nullptr).ok());
  EXPECT_EQ(Read(*clock, kClockMonotonic), UINT64_MAX);
}

std::vector<uint8_t> Stream(WasiRandom& random, size_t n) {
  std::vector<uint8_t> out(n);
  EXPECT_EQ(random.Fill(out), Errno::kSuccess);
  return out;
}

TEST(SeededRandom, IsTheChaCha20KeystreamOfTheSeed) {
  // ChaCha20, all-zero key and nonce, block 0 (RFC 7539 A.1, test vector 1).
  const std::vector<uint8_t> expected = {0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a,
                                         0xe5, 0x53, 0x86, 0xbd, 0x28, 0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d};
  std::unique_ptr<WasiRandom> random = MakeSeededRandom({});
  EXPECT_EQ(Stream(*random, expected.size()), expected);
}

TEST(SeededRandom, ResumesAtAnyPositionAndSplitsDoNotMatter) {
  std::array<uint8_t, 32> seed{};
  seed[0] = 0x42;
  std::vector<uint8_t> whole = Stream(*MakeSeededRandom(seed), 300);
  std::unique_ptr<WasiRandom> pieces = MakeSeededRandom(seed);
  std::vector<uint8_t> joined;
  for (size_t n : {1, 7, 56, 64, 65, 0, 107}) {
    std::vector<uint8_t> part = Stream(*pieces, n);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(joined, whole);
  Result<RandomState> state = pieces->Save();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->kind, RandomState::Kind::kChaCha20);
  EXPECT_EQ(state->seed, seed);
  EXPECT_EQ(state->position, 300u);
  for (uint64_t at : {0, 1, 63, 64, 65, 129}) {
    std::vector<uint8_t> rest = Stream(*MakeSeededRandom(seed, at), 300 - at);
    EXPECT_TRUE(std::equal(rest.begin(), rest.end(), whole.begin() + static_cast<ptrdiff_t>(at))) << at;
  }
  EXPECT_NE(Stream(*MakeSeededRandom({}), 32), std::vector<uint8_t>(whole.begin(), whole.begin() + 32));
}

TEST(VirtualFsView, SortsListingsAndNumbersInodesByPath) {
  std::unique_ptr<FsView> view = MakeVirtualFsView(kDefaultEpochNs);
  std::vector<DirListingEntry> entries = {
      {"zeta", 900, FileType::kRegularFile}, {"..", 2, FileType::kDirectory}, {"B", 5, FileType::kDirectory},
      {"alpha", 4, FileType::kRegularFile},  {".", 3, FileType::kDirectory},  {"\xc3\xa9", 6, FileType::kRegularFile}};
  view->AdjustListing(FileRef{0, "x/./y/"}, entries);
  std::vector<std::string> names;
  for (const DirListingEntry& e : entries) names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{".", "..", "B", "alpha", "zeta", "\xc3\xa9"}));
  EXPECT_EQ(entries[0].ino, VirtualInode("x/y"));
  EXPECT_EQ(entries[1].ino, VirtualInode("x"));
  EXPECT_EQ(entries[3].ino, VirtualInode("x/y/alpha"));
  EXPECT_EQ(entries[3].type, FileType::kRegularFile);

  Filestat st{.dev = 64769, .ino = 1234, .filetype = FileType::kDirectory, .nlink = 5, .size = 4096};
  st.atim = st.mtim = st.ctim = 1;
  view->AdjustStat(FileRef{1, "x/y/../y/alpha"}, st);
  EXPECT_EQ(st.dev, 2u);
  EXPECT_EQ(st.ino, VirtualInode("x/y/alpha"));
  EXPECT_EQ(st.nlink, 1u);
  EXPECT_EQ(st.size, 0u);  // a directory's size depends on the file system
  EXPECT_EQ(st.atim, kDefaultEpochNs);
  EXPECT_EQ(st.mtim, kDefaultEpochNs);
  EXPECT_EQ(st.ctim, kDefaultEpochNs);

  Filestat file{.dev = 1, .ino = 2, .filetype = FileType::kRegularFile, .nlink = 3, .size = 12345};
  view->AdjustStat(FileRef{0, ""}, file);
  EXPECT_EQ(file.size, 12345u);  // a file's size is real
  EXPECT_EQ(file.ino, VirtualInode(""));

  Filestat out{.dev = 9, .ino = 9, .filetype = FileType::kCharacterDevice, .nlink = 1, .size = 7};
  view->AdjustStat(FileRef{-1, "", StdioRole::kStdout}, out);
  EXPECT_EQ(out.dev, 0u);
  EXPECT_EQ(out.ino, 2u);
  EXPECT_EQ(out.filetype, FileType::kUnknown);
  EXPECT_EQ(out.size, 0u);
}

TEST(VirtualFsView, NormalisesPathsAndHashesThemWithFnv1a) {
  EXPECT_EQ(NormalisePath(""), "");
  EXPECT_EQ(NormalisePath("./a//b/./c/"), "a/b/c");
  EXPECT_EQ(NormalisePath("a/../../b"), "b");
  EXPECT_EQ(NormalisePath(".."), "");
  EXPECT_EQ(VirtualInode(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(VirtualInode("a"), 0xaf63dc4c8601ec8cull);
}

Filestat TimesOf(FsView& view, int32_t preopen, std::string_view path) {
  Filestat st{.filetype = FileType::kRegularFile};
  view.AdjustStat(FileRef{preopen, path}, st);
  return st;
}

TEST(VirtualFsView, TimesComeFromTheGuestsChanges) {
  std::unique_ptr<FsView> view = MakeVirtualFsView(100);
  ASSERT_TRUE(view->tracks_changes());
  view->Note({FileChange::Kind::kCreated, {0, "d/f"}}, 200);
  view->Note({FileChange::Kind::kCreated, {0, "d"}}, 210);
  view->Note({FileChange::Kind::kWritten, {0, "g"}}, 300);
  EXPECT_EQ(TimesOf(*view, 0, "d/f").mtim, 200u);
  EXPECT_EQ(TimesOf(*view, 0, "g").atim, 100u);  // never created by the guest: atime stays the epoch
  EXPECT_EQ(TimesOf(*view, 0, "g").mtim, 300u);
  EXPECT_EQ(TimesOf(*view, 1, "g").mtim, 100u);  // another preopen
  view->Note({FileChange::Kind::kTimesSet, {0, "g"}, {}, 5, 6, kFstAtim | kFstMtimNow}, 400);
  Filestat g = TimesOf(*view, 0, "g");
  EXPECT_EQ(g.atim, 5u);
  EXPECT_EQ(g.mtim, 400u);
  EXPECT_EQ(g.ctim, 400u);

  view->Note({FileChange::Kind::kRenamed, {0, "d"}, {0, "e/./"}}, 500);
  EXPECT_EQ(TimesOf(*view, 0, "e/f").mtim, 200u);
  EXPECT_EQ(TimesOf(*view, 0, "e").mtim, 210u);
  EXPECT_EQ(TimesOf(*view, 0, "d/f").mtim, 100u);
  view->Note({FileChange::Kind::kRemoved, {0, "e/f"}}, 600);
  EXPECT_EQ(TimesOf(*view, 0, "e/f").mtim, 100u);

  Result<FsViewState> state = view->Save();
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->epoch_ns, 100u);
  EXPECT_EQ(state->times, (std::vector<FileTimes>{{0, "e", 210, 210, 210}, {0, "g", 5, 400, 400}}));
  std::unique_ptr<FsView> again = MakeVirtualFsView(state->epoch_ns, state->times);
  EXPECT_EQ(TimesOf(*again, 0, "g").atim, 5u);
}

TEST(DeterministicFlags, ParseSeed) {
  Result<std::array<uint8_t, 32>> seed = ParseSeed("0x0aFF");
  ASSERT_TRUE(seed.ok());
  EXPECT_EQ((*seed)[0], 0x0a);
  EXPECT_EQ((*seed)[1], 0xff);
  EXPECT_EQ((*seed)[2], 0);
  EXPECT_TRUE(ParseSeed(std::string(64, 'e')).ok());
  for (const std::string& bad : {std::string(), std::string("1"), std::string("0g"), std::string(66, '0')}) {
    EXPECT_FALSE(ParseSeed(bad).ok()) << bad;
  }
}

TEST(DeterministicFlags, ParseClockEpoch) {
  EXPECT_EQ(*ParseClockEpoch("2000-01-01T00:00:00Z"), kDefaultEpochNs);
  EXPECT_EQ(*ParseClockEpoch("1970-01-01T00:00:00Z"), 0u);
  EXPECT_EQ(*ParseClockEpoch("2024-02-29T12:34:56.5Z"), 1709210096'500'000'000ull);
  EXPECT_EQ(*ParseClockEpoch("946684800"), kDefaultEpochNs);
  for (const char* bad : {"", "2023-02-29T00:00:00Z", "2000-01-01 00:00:00Z", "2000-01-01T00:00:00",
                          "1969-12-31T23:59:59Z", "2000-13-01T00:00:00Z", "2000-01-01T24:00:00Z", "1e9",
                          "2000-01-01T00:00:00.Z"}) {
    Result<uint64_t> epoch = ParseClockEpoch(bad);
    EXPECT_FALSE(epoch.ok()) << bad;
  }
}

TEST(DeterministicFlags, MakeDeterministicRefusesSocketsUnlessAllowed) {
  WasiOptions options;
  options.listeners.emplace_back(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  Status refused = MakeDeterministic(DeterministicOptions{}, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::kUnsupported);
  EXPECT_NE(refused.error().message.find("--allow-sockets"), std::string::npos);
  DeterministicOptions allow;
  allow.allow_sockets = true;
  allow.real_clock = true;
  ASSERT_TRUE(MakeDeterministic(allow, options).ok());
  EXPECT_TRUE(options.deterministic);
  EXPECT_EQ(options.clock, nullptr);  // the host's clock, as granted
  ASSERT_NE(options.random, nullptr);
  EXPECT_EQ(options.random->Save()->kind, RandomState::Kind::kChaCha20);
  ASSERT_NE(options.fs_view, nullptr);
}

}  // namespace
}  // namespace cella::wasi
