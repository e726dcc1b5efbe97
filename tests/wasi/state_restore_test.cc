// tests/wasi/state_restore_test.cc: WasiCtx::Capture and WasiCtx::Restore with a real
// guest (guests/stateful.c). A deterministic run is paused at many fuel points; its WASI
// state goes through the canonical encoding and back into a fresh WasiCtx, its engine
// state (memory, globals, frames) into a fresh store, and the resumed run must end
// exactly as the uninterrupted one: same stdout (the two parts joined), same files, same
// exit code, same final WASI state bytes. Restore's refusals are checked too.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "guest_runner.h"
#include "host_tree.h"
#include "wasi/preview1.h"
#include "wasi/rights.h"

namespace cella::wasi::testing {
namespace {

constexpr const char* kStdin = "abcdefghijklmnopqrstuvwxyz0123456789";

// Everything the engine holds for a paused command, through the public API.
struct EngineImage {
  std::vector<std::vector<uint8_t>> memories;
  std::vector<Value> globals;
  std::vector<bool> data_dropped, elem_dropped;
  std::vector<FrameInfo> frames;
  uint64_t fuel_consumed = 0;
};

EngineImage CaptureEngine(const Instance& instance) {
  EngineImage image;
  for (uint32_t i = 0; i < instance.memory_count(); ++i) {
    std::span<uint8_t> data = instance.MemoryAt(i)->data();
    image.memories.emplace_back(data.begin(), data.end());
  }
  for (uint32_t i = 0; i < instance.global_count(); ++i) image.globals.push_back(instance.GlobalAt(i)->Get());
  image.data_dropped = instance.data_segments_dropped();
  image.elem_dropped = instance.elem_segments_dropped();
  image.frames = instance.store().PausedFrames();
  image.fuel_consumed = instance.store().fuel_consumed();
  return image;
}

void RestoreEngine(const Instance& instance, const EngineImage& image) {
  for (uint32_t i = 0; i < instance.memory_count(); ++i) {
    Memory memory = *instance.MemoryAt(i);
    uint64_t pages = image.memories[i].size() / 65536;
    ASSERT_TRUE(memory.Grow(static_cast<uint32_t>(pages - memory.pages())).ok());
    ASSERT_TRUE(memory.Write(0, image.memories[i]).ok());
  }
  for (uint32_t i = 0; i < instance.global_count(); ++i) {
    Global global = *instance.GlobalAt(i);
    if (global.type().mutable_) ASSERT_TRUE(global.Set(image.globals[i]).ok());
  }
  ASSERT_TRUE(instance.DropSegments(image.data_dropped, image.elem_dropped).ok());
  Status restored = instance.store().RestorePausedCall(instance, image.frames);
  ASSERT_TRUE(restored.ok()) << restored.error().ToString();
}

// A copy of the grants' trees: "in" (read-only data) and "out" (empty, read-write).
struct Trees {
  Trees() {
    tree.Dir("in");
    tree.File("in/data.txt", "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs.\n");
    tree.File("in/b.txt", "b");
    tree.File("in/a.txt", "a");
    tree.Dir("in/sub");
    tree.Dir("out");
  }
  std::vector<DirGrant> Grants() const { return {{tree.Path("in"), "in", false}, {tree.Path("out"), "out", true}}; }
  TempTree tree;
};

// One cell: a WasiCtx linked into its own store, with stdout and stderr captured.
struct Cell {
  std::unique_ptr<WasiCtx> ctx;
  std::unique_ptr<Store> store;
  std::optional<Instance> instance;
  os::UniqueFd out, err;
};

WasiOptions Grants(const Trees& trees, Cell& cell) {
  WasiOptions options;
  options.dirs = trees.Grants();
  options.stdin_fd = MemFile(kStdin);
  cell.out = MemFile("");
  cell.err = MemFile("");
  options.stdout_fd = os::UniqueFd(::dup(cell.out.get()));
  options.stderr_fd = os::UniqueFd(::dup(cell.err.get()));
  return options;
}

void Link(Cell& cell, bool run_start) {
  cell.store = std::make_unique<Store>(SharedEngine());
  Linker linker;
  DefinePreview1(linker, *cell.store, *cell.ctx);
  Result<Instance> instance = linker.Instantiate(*cell.store, CompiledGuest("stateful"), {.run_start = run_start});
  ASSERT_TRUE(instance.ok()) << instance.error().ToString();
  cell.instance = *instance;
}

// A fresh deterministic cell over `trees`, linked, not yet started.
std::unique_ptr<Cell> NewCell(const Trees& trees, uint64_t fuel_consumed_before = 0) {
  auto cell = std::make_unique<Cell>();
  WasiOptions options = Grants(trees, *cell);
  options.fuel_consumed_before = fuel_consumed_before;
  options.args = {"stateful"};
  options.env = {"K=V"};
  EXPECT_TRUE(MakeDeterministic(DeterministicOptions{}, options).ok());
  Result<std::unique_ptr<WasiCtx>> ctx = WasiCtx::Create(std::move(options));
  EXPECT_TRUE(ctx.ok()) << ctx.error().ToString();
  cell->ctx = std::move(*ctx);
  Link(*cell, true);
  return cell;
}

// How a run ended, and what it left.
struct Ending {
  int exit_code = -1;
  std::string out;
  std::string files;  // Fingerprint of "out"
  std::vector<uint8_t> state;
  uint64_t fuel = 0;
};

Ending Finish(Cell& cell, const Result<CallOutcome>& outcome, const Trees& trees, const std::string& out_before) {
  Ending e;
  EXPECT_TRUE(outcome.ok() && outcome->trapped() && outcome->trap.kind == TrapKind::kExit)
      << (outcome.ok() ? outcome->trap.ToString() : outcome.error().ToString());
  if (outcome.ok()) e.exit_code = outcome->trap.exit_code;
  e.out = out_before + Contents(cell.out.get());
  e.files = Fingerprint(trees.tree.Path("out"));
  Result<WasiState> state = cell.ctx->Capture();
  EXPECT_TRUE(state.ok());
  if (state.ok()) e.state = EncodeWasiState(*state);
  e.fuel = cell.store->fuel_consumed();
  return e;
}

Ending Uninterrupted(uint64_t fuel_consumed_before = 0) {
  Trees trees;
  std::unique_ptr<Cell> cell = NewCell(trees, fuel_consumed_before);
  cell->store->SetFuel(UINT64_MAX);
  return Finish(*cell, cell->instance->Call("_start", {}), trees, "");
}

// A deterministic cell paused after `fuel` units, with its state captured.
struct Paused {
  std::unique_ptr<Trees> trees = std::make_unique<Trees>();
  std::unique_ptr<Cell> cell;
  std::vector<uint8_t> wasi;  // canonical encoding
  EngineImage engine;
};

Paused PauseAt(uint64_t fuel) {
  Paused p;
  p.cell = NewCell(*p.trees);
  p.cell->store->SetFuel(fuel);
  Result<CallOutcome> outcome = p.cell->instance->Call("_start", {});
  EXPECT_TRUE(outcome.ok() && outcome->paused()) << "fuel " << fuel;
  Result<WasiState> state = p.cell->ctx->Capture();
  EXPECT_TRUE(state.ok()) << state.error().ToString();
  if (state.ok()) p.wasi = EncodeWasiState(*state);
  p.engine = CaptureEngine(*p.cell->instance);
  return p;
}

// Whether Store::fuel_consumed(), read from a host function, includes the running call.
// Where it lags (counting only finished calls), the virtual clock reads the fuel at the
// call's start, and a resumed store must then start its count the same way.
bool FuelConsumedIsLive() {
  static const bool live = [] {
    // (import "x" "f" (func)) (func (export "run") i32.const 1 drop call 0)
    static constexpr uint8_t kModule[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 7, 1, 1, 'x', 1, 'f',
                                          0, 0, 3, 2, 1, 0, 7, 7, 1, 3, 'r', 'u', 'n', 0, 1, 10, 9, 1, 7, 0, 0x41,
                                          1, 0x1a, 0x10, 0, 0x0b};
    Result<Module> module = Module::Compile(SharedEngine(), kModule);
    Store store(SharedEngine());
    store.SetFuel(1000);
    uint64_t seen = 0;
    Linker linker;
    linker.DefineHostFunction(store, "x", "f", {}, [&seen](HostContext& host, auto, auto) {
      seen = host.store().fuel_consumed();
      return HostOutcome::Ok();
    });
    Result<Instance> instance = linker.Instantiate(store, *module);
    (void)instance->Call("run", {});
    return seen > 0;
  }();
  return live;
}

// Restores `p` into a fresh cell (new store, new stdio, same trees) and runs it to the end.
Ending Resume(Paused& p) {
  std::string out_before = Contents(p.cell->out.get());
  p.cell.reset();  // the first cell's descriptors close, as when its process ends
  Result<WasiState> state = DecodeWasiState(p.wasi);
  EXPECT_TRUE(state.ok()) << state.error().ToString();
  auto cell = std::make_unique<Cell>();
  WasiOptions grants = Grants(*p.trees, *cell);
  grants.fuel_consumed_before = FuelConsumedIsLive() ? p.engine.fuel_consumed : 0;
  Result<std::unique_ptr<WasiCtx>> ctx = WasiCtx::Restore(*state, std::move(grants));
  EXPECT_TRUE(ctx.ok()) << ctx.error().ToString();
  if (!ctx.ok()) return {};
  cell->ctx = std::move(*ctx);
  Link(*cell, false);
  RestoreEngine(*cell->instance, p.engine);
  cell->store->SetFuel(UINT64_MAX);
  Ending e = Finish(*cell, cell->store->Resume(), *p.trees, out_before);
  e.fuel += p.engine.fuel_consumed;
  return e;
}

TEST(WasiStateRestore, CaptureEncodeDecodeRestoreGivesTheSameState) {
  Paused p = PauseAt(40'000);
  Result<WasiState> decoded = DecodeWasiState(p.wasi);
  ASSERT_TRUE(decoded.ok()) << decoded.error().ToString();
  EXPECT_EQ(EncodeWasiState(*decoded), p.wasi);
  // Files are open, the listing is in progress and stdin partly read at this point.
  EXPECT_GE(decoded->descriptors.size(), 8u);
  EXPECT_GT(decoded->stdin_consumed, 0u);
  EXPECT_EQ(decoded->random.kind, RandomState::Kind::kChaCha20);
  EXPECT_GT(decoded->random.position, 0u);
  EXPECT_EQ(decoded->clock.kind, ClockState::Kind::kVirtual);

  Cell cell;
  Result<std::unique_ptr<WasiCtx>> restored = WasiCtx::Restore(*decoded, Grants(*p.trees, cell));
  ASSERT_TRUE(restored.ok()) << restored.error().ToString();
  Result<WasiState> again = (*restored)->Capture();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(EncodeWasiState(*again), p.wasi);
}

std::array<uint8_t, 32> Sha256(std::string_view bytes) {
  std::array<uint8_t, 32> digest;
  EXPECT_EQ(sodium_init() >= 0, true);
  crypto_hash_sha256(digest.data(), reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return digest;
}

// The stdin digest starts on first use (StdinDigest::Start): before any read it is the
// digest of nothing, after one the digest of exactly what was read.
TEST(WasiStateRestore, TheStdinDigestCoversExactlyWhatWasRead) {
  Trees trees;
  std::unique_ptr<Cell> fresh = NewCell(trees);
  Result<WasiState> unread = fresh->ctx->Capture();
  ASSERT_TRUE(unread.ok()) << unread.error().ToString();
  EXPECT_EQ(unread->stdin_consumed, 0u);
  EXPECT_EQ(unread->stdin_digest, Sha256(""));

  Paused p = PauseAt(40'000);
  Result<WasiState> read = DecodeWasiState(p.wasi);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  ASSERT_GT(read->stdin_consumed, 0u);
  ASSERT_LE(read->stdin_consumed, std::string_view(kStdin).size());
  EXPECT_EQ(read->stdin_digest, Sha256(std::string_view(kStdin).substr(0, read->stdin_consumed)));
}

TEST(WasiStateRestore, APausedGuestResumedInAFreshStoreEndsAsTheUninterruptedRun) {
  Ending reference = Uninterrupted();
  ASSERT_EQ(reference.exit_code, 3);
  ASSERT_NE(reference.out.find("round 11"), std::string::npos) << reference.out;
  ASSERT_NE(reference.out.find("log at"), std::string::npos) << reference.out;
  uint64_t total = reference.fuel;
  std::vector<uint64_t> points = {1, 2, 1000, total - 1};
  for (uint64_t k = 1; k < 12; ++k) points.push_back(total * k / 12 + k);
  for (uint64_t fuel : points) {
    SCOPED_TRACE("paused after " + std::to_string(fuel) + " of " + std::to_string(total));
    Paused p = PauseAt(fuel);
    Ending resumed = Resume(p);
    EXPECT_EQ(resumed.exit_code, reference.exit_code);
    EXPECT_EQ(resumed.out, reference.out);
    EXPECT_EQ(resumed.files, reference.files);
    EXPECT_EQ(resumed.state, reference.state);
    EXPECT_EQ(resumed.fuel, reference.fuel);
  }
}

// The first "realtime N" the stateful guest prints.
uint64_t FirstRealtime(const std::string& out) {
  size_t at = out.find("realtime ");
  return at == std::string::npos ? 0 : std::stoull(out.substr(at + 9));
}

TEST(WasiStateRestore, FuelConsumedBeforeMovesTheVirtualClock) {
  uint64_t plain = FirstRealtime(Uninterrupted().out);
  EXPECT_GE(plain, kDefaultEpochNs);
  EXPECT_EQ(FirstRealtime(Uninterrupted(1'000'000).out), plain + 1'000'000 * kVirtualNsPerFuel);
}

TEST(WasiStateRestore, RefusesAFileTheGuestHadOpenThatIsGone) {
  Paused p = PauseAt(60'000);
  Result<WasiState> state = DecodeWasiState(p.wasi);
  ASSERT_TRUE(state.ok());
  const DescriptorState* log = nullptr;
  for (const DescriptorState& d : state->descriptors) {
    if (d.path == "log.txt" || d.path == "renamed.txt") log = &d;
  }
  ASSERT_NE(log, nullptr);
  ASSERT_EQ(::unlink(p.trees->tree.Path("out/" + log->path).c_str()), 0);
  Cell cell;
  Result<std::unique_ptr<WasiCtx>> restored = WasiCtx::Restore(*state, Grants(*p.trees, cell));
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code, Errc::kNotFound);
  EXPECT_NE(restored.error().message.find("fd " + std::to_string(log->fd) + " ('" + log->path +
                                          "' in the granted directory 'out')"),
            std::string::npos)
      << restored.error().message;
  EXPECT_NE(restored.error().message.find("ENOENT"), std::string::npos) << restored.error().message;
}

TEST(WasiStateRestore, RefusesAFileThatChangedKind) {
  Paused p = PauseAt(60'000);
  Result<WasiState> state = DecodeWasiState(p.wasi);
  ASSERT_TRUE(state.ok());
  ASSERT_EQ(::unlink(p.trees->tree.Path("in/data.txt").c_str()), 0);
  ASSERT_EQ(::mkdir(p.trees->tree.Path("in/data.txt").c_str(), 0755), 0);
  Cell cell;
  Result<std::unique_ptr<WasiCtx>> restored = WasiCtx::Restore(*state, Grants(*p.trees, cell));
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.error().code, Errc::kNotFound);
  EXPECT_NE(restored.error().message.find("'data.txt' in the granted directory 'in'"), std::string::npos)
      << restored.error().message;
}

TEST(WasiStateRestore, RefusesChangedGrants) {
  Paused p = PauseAt(60'000);
  Result<WasiState> state = DecodeWasiState(p.wasi);
  ASSERT_TRUE(state.ok());
  struct Change {
    const char* what;
    void (*apply)(WasiOptions&);
    const char* message;
  };
  const Change changes[] = {
      {"mode", [](WasiOptions& o) { o.dirs[1].writable = false; },
       "granted directory 2 was 'out' (read-write) in the captured cell, now 'out' (read-only)"},
      {"name", [](WasiOptions& o) { o.dirs[0].guest_path = "input"; }, "was 'in' (read-only) in the captured cell"},
      {"count", [](WasiOptions& o) { o.dirs.pop_back(); }, "granted 2 directories, 'in' (read-only) 'out' (read-write)"},
      {"stdout", [](WasiOptions& o) { o.stdout_fd.Reset(); }, "fd 1 (stdout) was open in the captured cell"},
      {"args", [](WasiOptions& o) { o.args = {"other"}; }, "the arguments differ"},
      {"hooks", [](WasiOptions& o) { o.clock = MakeHostClock(); }, "come from the state"},
  };
  for (const Change& change : changes) {
    Cell cell;
    WasiOptions grants = Grants(*p.trees, cell);
    change.apply(grants);
    Result<std::unique_ptr<WasiCtx>> restored = WasiCtx::Restore(*state, std::move(grants));
    ASSERT_FALSE(restored.ok()) << change.what;
    EXPECT_EQ(restored.error().code, Errc::kInvalidArgument) << change.what;
    EXPECT_NE(restored.error().message.find(change.message), std::string::npos)
        << change.what << ": " << restored.error().message;
  }
}

TEST(WasiStateRestore, RefusesADifferentOrShorterStdin) {
  Paused p = PauseAt(60'000);
  Result<WasiState> state = DecodeWasiState(p.wasi);
  ASSERT_TRUE(state.ok());
  ASSERT_GT(state->stdin_consumed, 2u);
  for (const char* input : {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "a"}) {
    Cell cell;
    WasiOptions grants = Grants(*p.trees, cell);
    grants.stdin_fd = MemFile(input);
    Result<std::unique_ptr<WasiCtx>> restored = WasiCtx::Restore(*state, std::move(grants));
    ASSERT_FALSE(restored.ok()) << input;
    EXPECT_EQ(restored.error().code, Errc::kInvalidArgument);
    EXPECT_NE(restored.error().message.find(input[1] == 0 ? "stdin ended after 1 of the" : "stdin differs"),
              std::string::npos)
        << restored.error().message;
  }
}

TEST(WasiStateRestore, RefusesRightsBeyondTheGrantAndImpossibleNumbers) {
  Paused p = PauseAt(60'000);
  Result<WasiState> state = DecodeWasiState(p.wasi);
  ASSERT_TRUE(state.ok());
  for (int forgery = 0; forgery < 3; ++forgery) {
    WasiState forged = *state;
    for (DescriptorState& d : forged.descriptors) {
      if (forgery == 0 && d.preopen == 0 && d.kind == FdKind::kFile) d.base |= kRightFdWrite;  // under :ro
      if (forgery == 1 && d.stdio == StdioRole::kStdin) d.base |= kRightFdSeek;
      if (forgery == 2 && d.fd == forged.descriptors.back().fd) d.fd = 1u << 30;
    }
    Cell cell;
    Result<std::unique_ptr<WasiCtx>> restored = WasiCtx::Restore(forged, Grants(*p.trees, cell));
    ASSERT_FALSE(restored.ok()) << forgery;
    EXPECT_EQ(restored.error().code, Errc::kBadFormat) << forgery;
  }
}

TEST(WasiStateRestore, CaptureRefusesAHookItCannotSave) {
  class FixedClock final : public WasiClock {
   public:
    ErrnoOr<uint64_t> Now(uint32_t) override { return uint64_t{1}; }
    ErrnoOr<uint64_t> Resolution(uint32_t) override { return uint64_t{1}; }
    ErrnoOr<bool> SleepUntil(uint32_t, uint64_t, const os::Wakeup*) override { return true; }
  };
  WasiOptions options;
  options.clock = std::make_unique<FixedClock>();
  Result<std::unique_ptr<WasiCtx>> ctx = WasiCtx::Create(std::move(options));
  ASSERT_TRUE(ctx.ok());
  Result<WasiState> state = (*ctx)->Capture();
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.error().code, Errc::kUnsupported);
}

}  // namespace
}  // namespace cella::wasi::testing
