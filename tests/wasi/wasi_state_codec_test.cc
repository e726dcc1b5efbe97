// tests/wasi/wasi_state_codec_test.cc: the canonical encoding of WasiState
// (src/wasi/wasi_state.cc): the exact bytes of a small state (the layout of docs/wasi.md),
// round trips of a state with every field set, and the decoder's refusals of malformed or
// non-canonical bytes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wasi/rights.h"
#include "wasi/wasi_state.h"

namespace cella::wasi {
namespace {

WasiState Full() {
  WasiState s;
  s.args = {"prog", "x y"};
  s.env = {"A=1"};
  s.preopens = {{"data", false}, {"out", true}};
  s.listeners = 1;
  s.deterministic = true;
  DescriptorState in{.fd = 0, .kind = FdKind::kStream, .stdio = StdioRole::kStdin, .base = kStdinRights};
  in.stream_bytes = 12;
  DescriptorState dir{.fd = 3, .kind = FdKind::kDirectory, .filetype = FileType::kDirectory, .preopen = 0};
  dir.is_preopen = true;
  dir.base = kDirRightsRo;
  dir.inheriting = kDirRightsRo | kFileRightsRo;
  dir.listing = std::vector<DirListingEntry>{{".", 7, FileType::kDirectory}, {"f", 9, FileType::kRegularFile}};
  DescriptorState listener{.fd = 5, .kind = FdKind::kListener, .filetype = FileType::kSocketStream};
  listener.listener = 0;
  listener.base = kListenerRights;
  DescriptorState file{.fd = 6, .kind = FdKind::kFile, .filetype = FileType::kRegularFile, .preopen = 1};
  file.path = "sub/../f.txt";
  file.base = kFileRightsRw;
  file.flags = kFdflagAppend;
  file.offset = 42;
  DescriptorState fifo{.fd = 7, .kind = FdKind::kFile, .filetype = FileType::kUnknown, .preopen = 0, .path = "p"};
  fifo.base = kRightFdRead;
  fifo.stream_bytes = 3;
  s.descriptors = {in, dir, listener, file, fifo};
  s.clock = {ClockState::Kind::kVirtual, 1000, 77};
  s.random.kind = RandomState::Kind::kChaCha20;
  s.random.seed[0] = 1;
  s.random.position = 99;
  s.fs_view = {FsViewState::Kind::kVirtual, 1000, {{1, "a", 1, 2, 3}, {1, "a/b", 4, 5, 6}}};
  s.stdin_consumed = 12;
  s.stdin_digest[31] = 0xee;
  s.output_written = 1234;
  s.output_limit_reached = true;
  s.exit_code = 7;
  s.raised_signal = 6;
  return s;
}

TEST(WasiStateCodec, EncodesAnEmptyStateAsDocumented) {
  std::vector<uint8_t> bytes = EncodeWasiState(WasiState{});
  std::vector<uint8_t> expected = {'C', 'W', 'S', 'T', 1, 0, 0, 0};  // magic, version 1
  auto zeros = [&](size_t n) { expected.insert(expected.end(), n, 0); };
  zeros(4 + 4 + 4 + 4);      // args, env, preopens (counts), listeners
  zeros(1 + 4);              // deterministic, descriptors (count)
  zeros(1 + 8 + 8);          // clock: kind, epoch, slept
  zeros(1 + 32 + 8);         // random: kind, seed, position
  zeros(1 + 8 + 4);          // file view: kind, epoch, times (count)
  zeros(8 + 32 + 8 + 1);     // stdin consumed, digest, output written, limit reached
  zeros(1 + 4 + 1 + 4);      // exit code, raised signal (present?, value)
  EXPECT_EQ(bytes, expected);
}

TEST(WasiStateCodec, EncodesADescriptorAsDocumented) {
  WasiState s;
  s.preopens = {{"d", true}};
  DescriptorState d{.fd = 4, .kind = FdKind::kFile, .filetype = FileType::kRegularFile, .preopen = 0, .path = "f"};
  d.base = kRightFdRead;
  d.flags = kFdflagAppend;
  d.offset = 0x0102;
  s.descriptors = {d};
  std::vector<uint8_t> bytes = EncodeWasiState(s);
  const std::vector<uint8_t> expected_descriptor = {
      4, 0, 0, 0,                 // fd
      0,                          // kind: file
      4,                          // filetype: regular file
      0, 0, 0, 0,                 // preopen 0
      1, 0, 0, 0, 'f',            // path
      0,                          // is_preopen
      0,                          // stdio: none
      0xff, 0xff, 0xff, 0xff,     // listener: none
      2, 0, 0, 0, 0, 0, 0, 0,     // rights: fd_read
      0, 0, 0, 0, 0, 0, 0, 0,     // inheriting
      1, 0, 0, 0,                 // fdflags: append
      2, 1, 0, 0, 0, 0, 0, 0,     // offset
      0, 0, 0, 0, 0, 0, 0, 0,     // stream bytes
      0,                          // no listing
  };
  // magic + version, args, env, preopens (count, "d", writable), listeners, deterministic,
  // descriptor count.
  size_t at = 8 + 4 + 4 + (4 + 4 + 1 + 1) + 4 + 1 + 4;
  ASSERT_GE(bytes.size(), at + expected_descriptor.size());
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + at, bytes.begin() + at + expected_descriptor.size()),
            expected_descriptor);
}

TEST(WasiStateCodec, RoundTripsEveryField) {
  WasiState s = Full();
  std::vector<uint8_t> bytes = EncodeWasiState(s);
  Result<WasiState> back = DecodeWasiState(bytes);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(EncodeWasiState(*back), bytes);
}

TEST(WasiStateCodec, IsSelfDelimiting) {
  std::vector<uint8_t> bytes = EncodeWasiState(Full());
  size_t size = bytes.size();
  bytes.push_back(0xab);
  base::Reader reader(bytes);
  Result<WasiState> state = ReadWasiState(reader);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(reader.pos(), size);
  Result<WasiState> whole = DecodeWasiState(bytes);
  ASSERT_FALSE(whole.ok());
  EXPECT_NE(whole.error().message.find("1 bytes after the end of the state"), std::string::npos);
}

TEST(WasiStateCodec, RefusesEveryTruncation) {
  std::vector<uint8_t> bytes = EncodeWasiState(Full());
  for (size_t n = 0; n < bytes.size(); ++n) {
    Result<WasiState> state = DecodeWasiState(std::span<const uint8_t>(bytes).first(n));
    ASSERT_FALSE(state.ok()) << n;
    EXPECT_EQ(state.error().code, Errc::kBadFormat) << n;
  }
}

// Each mutation of a valid state must be refused with `message` in the error.
struct Forgery {
  const char* message;
  void (*apply)(WasiState&);
};

TEST(WasiStateCodec, RefusesStatesNoCellCanBeIn) {
  const Forgery forgeries[] = {
      {"not in ascending order", [](WasiState& s) { std::swap(s.descriptors[0], s.descriptors[1]); }},
      {"preopen 2 out of range", [](WasiState& s) { s.descriptors[3].preopen = 2; }},
      {"has a preopen only if", [](WasiState& s) { s.descriptors[0].preopen = 0; }},
      {"not a relative guest path", [](WasiState& s) { s.descriptors[3].path = "/etc/passwd"; }},
      {"not a relative guest path", [](WasiState& s) { s.descriptors[3].path = "a//b"; }},
      {"not a relative guest path", [](WasiState& s) { s.descriptors[3].path = "a/./b"; }},
      {"contains NUL", [](WasiState& s) { s.descriptors[3].path = std::string("a\0b", 3); }},
      {"contains NUL", [](WasiState& s) { s.args[0] += '\0'; }},
      {"stdio role does not match", [](WasiState& s) { s.descriptors[0].stdio = StdioRole::kNone; }},
      {"listener index does not match", [](WasiState& s) { s.descriptors[2].listener = -1; }},
      {"listener 1 out of range", [](WasiState& s) { s.listeners = 1, s.descriptors[2].listener = 1; }},
      {"is_preopen on a non-preopen", [](WasiState& s) { s.descriptors[3].is_preopen = true; }},
      {"unknown rights", [](WasiState& s) { s.descriptors[3].base |= 1ull << 40; }},
      {"unknown fdflags", [](WasiState& s) { s.descriptors[3].flags = 0x20; }},
      {"offset", [](WasiState& s) { s.descriptors[1].offset = 1; }},
      {"stream bytes on a non-stream", [](WasiState& s) { s.descriptors[3].stream_bytes = 1; }},
      {"stream bytes on a non-stream", [](WasiState& s) { s.descriptors[1].stream_bytes = 1; }},
      {"listing on a non-directory", [](WasiState& s) { s.descriptors[3].listing.emplace(); }},
      {"accepted connection", [](WasiState& s) { s.descriptors[2].kind = FdKind::kSocket; }},
      {"host clock with a state", [](WasiState& s) { s.clock.kind = ClockState::Kind::kHost; }},
      {"host random source with a state", [](WasiState& s) { s.random.kind = RandomState::Kind::kHost; }},
      {"host file view with a state", [](WasiState& s) { s.fs_view.kind = FsViewState::Kind::kHost; }},
      {"file times not sorted", [](WasiState& s) { std::swap(s.fs_view.times[0], s.fs_view.times[1]); }},
      {"not normalised", [](WasiState& s) { s.fs_view.times[1].path = "a/../b"; }},
      {"raised signal out of range", [](WasiState& s) { s.raised_signal = 31; }},
  };
  for (const Forgery& f : forgeries) {
    WasiState s = Full();
    f.apply(s);
    Result<WasiState> back = DecodeWasiState(EncodeWasiState(s));
    ASSERT_FALSE(back.ok()) << f.message;
    EXPECT_EQ(back.error().code, Errc::kBadFormat) << f.message;
    EXPECT_NE(back.error().message.find(f.message), std::string::npos) << back.error().message;
  }
}

TEST(WasiStateCodec, RefusesBadBytesInFixedFields) {
  std::vector<uint8_t> good = EncodeWasiState(Full());
  struct Patch {
    size_t at;
    uint8_t value;
    const char* message;
  };
  size_t deterministic_at = 8 + (4 + 4 + 4 + 4 + 3) + (4 + 4 + 3) + (4 + 4 + 4 + 1 + 4 + 3 + 1) + 4;
  const Patch patches[] = {
      {0, 'X', "no 'CWST' magic"},
      {4, 2, "version 2 (this Cella reads version 1)"},
      {deterministic_at, 2, "deterministic must be 0 or 1"},
      {good.size() - 10, 2, "exit code must be 0 or 1"},
      {good.size() - 1 - 4 - 5, 0, "exit code is absent but not 0"},
  };
  for (const Patch& p : patches) {
    std::vector<uint8_t> bytes = good;
    bytes[p.at] = p.value;
    Result<WasiState> back = DecodeWasiState(bytes);
    ASSERT_FALSE(back.ok()) << p.message;
    EXPECT_EQ(back.error().code, Errc::kBadFormat);
    EXPECT_NE(back.error().message.find(p.message), std::string::npos) << back.error().message;
  }
}

}  // namespace
}  // namespace cella::wasi
