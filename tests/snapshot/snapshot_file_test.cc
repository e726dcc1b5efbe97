// tests/snapshot/snapshot_file_test.cc: a paused instance written to a snapshot and
// restored into a fresh store finishes exactly like an uninterrupted run (results,
// memory, fuel, final state root); damaged, truncated, future-version or mismatched
// snapshots are refused with an error saying which.
#include "snapshot/snapshot_file.h"

#include <gtest/gtest.h>

#include "snapshot/state_root.h"
#include "tests/interp/test_support.h"

namespace cella::snapshot {
namespace {

using cella::testing::Loaded;
using cella::testing::ReadFixture;

SnapshotFile SnapshotOf(Loaded& m, const char* fixture) {
  SnapshotFile s;
  s.module = ReadFixture(fixture);
  s.policy = "fixture = \"" + std::string(fixture) + "\"\n";
  s.engine = CaptureEngineState(*m.instance);
  s.fuel_consumed = m.store->fuel_consumed();
  StateHasher hasher;
  s.state_root = hasher.Root(*m.instance, {s.fuel_consumed, {}});
  return s;
}

// Decodes `file` into a fresh store and instance, restored.
std::unique_ptr<Loaded> Restore(std::span<const uint8_t> file, const char* fixture, Status* status) {
  auto decoded = DecodeSnapshot(file);
  if (!decoded.ok()) {
    *status = std::move(decoded).error();
    return nullptr;
  }
  auto m = std::make_unique<Loaded>(fixture);
  // Loaded ran the start function; these fixtures have none, so this is a fresh instance.
  *status = RestoreEngineState(*m->instance, decoded->engine);
  return m;
}

// `fixture`'s `function`(arg), paused at several points, snapshotted, restored and resumed.
void CheckResumedRun(const char* fixture, const char* function, Value arg) {
  Loaded straight(fixture);
  auto expected = straight.CallOk(function, {arg});
  uint64_t total = straight.store->fuel_consumed();
  StateHasher straight_hasher;
  Hash expected_root = straight_hasher.Root(*straight.instance, {total, {}});

  for (uint64_t k : {uint64_t{1}, total / 5, total / 2, total - 1}) {
    Loaded first(fixture);
    first.store->SetFuel(k);
    ASSERT_TRUE(first.instance->Call(function, std::vector<Value>{arg})->paused());
    std::vector<uint8_t> file = EncodeSnapshot(SnapshotOf(first, fixture));

    Status status;
    auto second = Restore(file, fixture, &status);
    ASSERT_TRUE(status.ok()) << status.error().ToString();
    auto decoded = DecodeSnapshot(file);
    StateHasher hasher;
    EXPECT_EQ(hasher.Root(*second->instance, {decoded->fuel_consumed, {}}), decoded->state_root)
        << "the restored state has the snapshot's root, k=" << k;
    second->store->SetFuel(total - k);
    auto done = second->store->Resume();
    ASSERT_TRUE(done.ok() && done->returned()) << "k=" << k;
    EXPECT_EQ(done->results, expected);
    EXPECT_EQ(decoded->fuel_consumed + second->store->fuel_consumed(), total);
    EXPECT_EQ(hasher.Root(*second->instance, {total, {}}), expected_root) << "k=" << k;
  }
}

TEST(Snapshot, ResumedSimdRunEndsLikeTheUninterruptedOne) {
  // v128 locals, operands, a v128 global and vector stores to memory at every pause.
  CheckResumedRun("simd", "mix", Value::I32(40));
}

TEST(Snapshot, V128StateChangesTheRoot) {
  Loaded a("simd"), b("simd");
  a.store->SetFuel(300);
  b.store->SetFuel(300);
  ASSERT_TRUE(a.instance->Call("mix", std::vector<Value>{Value::I32(50)})->paused());
  ASSERT_TRUE(b.instance->Call("mix", std::vector<Value>{Value::I32(50)})->paused());
  StateHasher ha, hb;
  EXPECT_EQ(ha.Root(*a.instance, {300, {}}), hb.Root(*b.instance, {300, {}}));
  V128 changed;
  changed.bytes[15] = 1;
  ASSERT_TRUE(b.instance->GetGlobal("acc")->Set(Value::FromV128(changed)).ok());
  EXPECT_NE(ha.Root(*a.instance, {300, {}}), hb.Root(*b.instance, {300, {}})) << "a v128 global";
}

TEST(Snapshot, ResumedRunEndsLikeTheUninterruptedOne) {
  Loaded straight("sort");
  auto expected = straight.CallOk("sort", {Value::I32(11)});
  uint64_t total = straight.store->fuel_consumed();
  StateHasher straight_hasher;
  Hash expected_root = straight_hasher.Root(*straight.instance, {total, {}});

  for (uint64_t k : {uint64_t{1}, total / 5, total / 2, total - 1}) {
    Loaded first("sort");
    first.store->SetFuel(k);
    ASSERT_TRUE(first.instance->Call("sort", std::vector<Value>{Value::I32(11)})->paused());
    std::vector<uint8_t> file = EncodeSnapshot(SnapshotOf(first, "sort"));

    Status status;
    auto second = Restore(file, "sort", &status);
    ASSERT_TRUE(status.ok()) << status.error().ToString();
    auto decoded = DecodeSnapshot(file);
    StateHasher hasher;
    EXPECT_EQ(hasher.Root(*second->instance, {decoded->fuel_consumed, {}}), decoded->state_root)
        << "the restored state has the snapshot's root, k=" << k;
    second->store->SetFuel(total - k);
    auto done = second->store->Resume();
    ASSERT_TRUE(done.ok() && done->returned()) << "k=" << k;
    EXPECT_EQ(done->results, expected);
    EXPECT_EQ(decoded->fuel_consumed + second->store->fuel_consumed(), total);
    EXPECT_EQ(hasher.Root(*second->instance, {total, {}}), expected_root) << "k=" << k;
  }
}

// Paused inside a catch arm, the exception it holds for `rethrow` travels in the file.
TEST(Snapshot, CarriesExceptionsHeldByCatchArms) {
  const std::vector<Value> args{Value::I32(21), Value::I32(100)};
  Loaded straight("exceptions");
  auto expected = straight.CallOk("rethrow_after_work", args);
  uint64_t total = straight.store->fuel_consumed();
  // 24 units reach the inner catch arm (its first instruction is the pause); from there
  // on a catch arm is open: the inner one, then after the rethrow the outer one.
  for (uint64_t k : {uint64_t{10}, uint64_t{23}, uint64_t{24}, uint64_t{40}, total - 1}) {
    Loaded first("exceptions");
    first.store->SetFuel(k);
    ASSERT_TRUE(first.instance->Call("rethrow_after_work", args)->paused());
    bool in_arm = !first.store->PausedFrames()[0].held_exceptions.empty();
    EXPECT_EQ(in_arm, k >= 24) << "k=" << k;
    std::vector<uint8_t> file = EncodeSnapshot(SnapshotOf(first, "exceptions"));

    Status status;
    auto second = Restore(file, "exceptions", &status);
    ASSERT_TRUE(status.ok()) << status.error().ToString();
    auto decoded = DecodeSnapshot(file);
    StateHasher hasher;
    EXPECT_EQ(hasher.Root(*second->instance, {decoded->fuel_consumed, {}}), decoded->state_root) << "k=" << k;
    EXPECT_EQ(second->store->PausedFrames()[0].held_exceptions.size(), in_arm ? 1u : 0u);
    second->store->SetFuel(total - k);
    auto done = second->store->Resume();
    ASSERT_TRUE(done.ok() && done->returned()) << "k=" << k;
    EXPECT_EQ(done->results, expected);
  }
}

TEST(Snapshot, MemoryIsSparse) {
  Loaded m("fuel");
  m.CallOk("grow", {Value::I32(30)});  // 31 pages, all zero but page 0
  m.CallOk("squares", {Value::I32(3)});
  SnapshotFile s = SnapshotOf(m, "fuel");
  ASSERT_EQ(s.engine.memories.size(), 1u);
  EXPECT_EQ(s.engine.memories[0].pages, 31u);
  EXPECT_EQ(s.engine.memories[0].nonzero_pages, std::vector<uint32_t>{0});
  EXPECT_LT(EncodeSnapshot(s).size(), 4096u) << "zero pages cost nothing";
}

TEST(Snapshot, BorrowedCaptureWritesTheSamePages) {
  Loaded m("fuel");
  m.CallOk("grow", {Value::I32(30)});
  m.CallOk("squares", {Value::I32(3)});
  Memory memory = *m.instance->MemoryAt(0);
  for (uint32_t page : {5u, 6u, 7u, 9u, 30u}) {
    const uint8_t mark[] = {static_cast<uint8_t>(page), 0x5A};
    ASSERT_TRUE(memory.Write(uint64_t{page} * 65536 + page * 7, mark).ok());
  }
  SnapshotFile copied = SnapshotOf(m, "fuel");
  SnapshotFile borrowed = copied;
  borrowed.engine = CaptureEngineState(*m.instance, /*borrow_memory=*/true);
  EXPECT_TRUE(borrowed.engine.memories[0].contents.empty());
  EXPECT_EQ(borrowed.engine.memories[0].borrowed, memory.data().data());
  auto from_borrowed = DecodeSnapshot(EncodeSnapshot(borrowed));
  ASSERT_TRUE(from_borrowed.ok()) << from_borrowed.error().ToString();
  const MemoryImage& image = from_borrowed->engine.memories[0];
  EXPECT_EQ(image.nonzero_pages, (std::vector<uint32_t>{0, 5, 6, 7, 9, 30}));
  EXPECT_EQ(image.contents, copied.engine.memories[0].contents);
}

class DamagedSnapshot : public ::testing::Test {
 protected:
  void SetUp() override {
    Loaded m("sort");
    m.store->SetFuel(5000);
    ASSERT_TRUE(m.instance->Call("sort", std::vector<Value>{Value::I32(2)})->paused());
    file_ = EncodeSnapshot(SnapshotOf(m, "sort"));
  }
  std::string ErrorOf(std::span<const uint8_t> file) {
    auto decoded = DecodeSnapshot(file);
    return decoded.ok() ? "" : decoded.error().message;
  }
  std::vector<uint8_t> file_;
};

TEST_F(DamagedSnapshot, GenuineFileDecodes) { EXPECT_EQ(ErrorOf(file_), ""); }

TEST_F(DamagedSnapshot, EveryTruncationIsRefused) {
  for (size_t length = 0; length < file_.size(); length += 1 + length / 16) {
    EXPECT_NE(ErrorOf(std::span<const uint8_t>(file_).subspan(0, length)), "") << "length " << length;
  }
}

TEST_F(DamagedSnapshot, CorruptionIsCaughtByTheChecksum) {
  auto damaged = file_;
  damaged[damaged.size() / 2] ^= 0x40;
  EXPECT_NE(ErrorOf(damaged).find("checksum"), std::string::npos);
}

TEST_F(DamagedSnapshot, OtherVersionsAndMagicAreNamed) {
  auto future = file_;
  future[8] = 2;
  EXPECT_NE(ErrorOf(future).find("version 2"), std::string::npos) << ErrorOf(future);
  auto foreign = file_;
  foreign[0] = 'X';
  EXPECT_NE(ErrorOf(foreign).find("magic"), std::string::npos);
  auto longer = file_;
  longer.push_back(0);
  EXPECT_NE(ErrorOf(longer).find("trailing"), std::string::npos);
}

TEST_F(DamagedSnapshot, ASnapshotOfAnotherModuleIsRefused) {
  Status status;
  auto other = Restore(file_, "hash", &status);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kBadFormat);
  EXPECT_NE(status.error().message.find("does not fit the module"), std::string::npos) << status.error().message;
}

TEST(Snapshot, WrittenAtomicallyAndReadBack) {
  Loaded m("fuel");
  m.CallOk("squares", {Value::I32(5)});
  SnapshotFile s = SnapshotOf(m, "fuel");
  std::string path = ::testing::TempDir() + "/cella-snapshot-test.snap";
  ASSERT_TRUE(WriteSnapshot(path, s).ok());
  auto read = ReadSnapshot(path);
  ASSERT_TRUE(read.ok()) << read.error().ToString();
  EXPECT_EQ(read->module, s.module);
  EXPECT_EQ(read->policy, s.policy);
  EXPECT_EQ(read->state_root, s.state_root);
  EXPECT_EQ(read->engine.memories[0].contents, s.engine.memories[0].contents);
  auto missing = ReadSnapshot(path + ".missing");
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace cella::snapshot
