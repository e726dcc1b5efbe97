// tests/interp/restore_test.cc: a paused call captured in wasm coordinates (frames,
// memory, globals) and rebuilt in a fresh store finishes with the same results and the
// same total fuel as an uninterrupted run — the engine half of snapshots. Forged or
// mismatched frames are refused with an error naming the frame.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

struct Captured {
  std::vector<FrameInfo> frames;
  std::vector<std::vector<uint8_t>> memories;
  std::vector<Value> globals;
};

Captured Capture(Loaded& m) {
  Captured c;
  c.frames = m.store->PausedFrames();
  for (uint32_t i = 0; i < m.instance->memory_count(); ++i) {
    auto data = m.instance->MemoryAt(i)->data();
    c.memories.emplace_back(data.begin(), data.end());
  }
  for (uint32_t i = 0; i < m.instance->global_count(); ++i) c.globals.push_back(m.instance->GlobalAt(i)->Get());
  return c;
}

// A fresh instance (no start function) given the captured state.
void RestoreInto(Loaded& fresh, const Captured& c) {
  for (uint32_t i = 0; i < c.memories.size(); ++i) {
    Memory memory = *fresh.instance->MemoryAt(i);
    uint32_t pages = static_cast<uint32_t>(c.memories[i].size() / 65536);
    if (pages > memory.pages()) ASSERT_TRUE(memory.Grow(pages - memory.pages()).ok());
    ASSERT_TRUE(memory.Write(0, c.memories[i]).ok());
  }
  for (uint32_t i = 0; i < c.globals.size(); ++i) {
    Global global = *fresh.instance->GlobalAt(i);
    if (global.type().mutable_) ASSERT_TRUE(global.Set(c.globals[i]).ok());
  }
  Status restored = fresh.store->RestorePausedCall(*fresh.instance, c.frames);
  ASSERT_TRUE(restored.ok()) << restored.error().ToString();
}

struct Case {
  const char* fixture;
  const char* function;
  Value arg;
};

class Restore : public ::testing::TestWithParam<Case> {};

TEST_P(Restore, RebuiltCallFinishesLikeTheStraightRun) {
  const Case& c = GetParam();
  Loaded straight(c.fixture);
  std::vector<Value> args{c.arg};
  auto expected = straight.CallOk(c.function, args);
  uint64_t total = straight.store->fuel_consumed();
  std::vector<uint8_t> expected_memory = straight.MemoryBytes();

  for (uint64_t k : {uint64_t{1}, total / 7, total / 3, total / 2, total - 1}) {
    Loaded first(c.fixture);
    first.store->SetFuel(k);
    auto paused = first.instance->Call(c.function, args);
    ASSERT_TRUE(paused->paused()) << "k=" << k;
    Captured captured = Capture(first);

    Loaded second(c.fixture);
    RestoreInto(second, captured);
    ASSERT_TRUE(second.store->has_paused_call());
    EXPECT_EQ(second.store->PausedFrames().size(), captured.frames.size());
    for (size_t i = 0; i < captured.frames.size(); ++i) {
      EXPECT_EQ(second.store->PausedFrames()[i].body_offset, captured.frames[i].body_offset);
      EXPECT_EQ(second.store->PausedFrames()[i].stack, captured.frames[i].stack);
    }
    uint64_t before = second.store->fuel_consumed();
    second.store->SetFuel(total - k);
    auto done = second.store->Resume();
    ASSERT_TRUE(done.ok());
    ASSERT_TRUE(done->returned()) << "k=" << k << " " << done->trap.ToString();
    EXPECT_EQ(done->results, expected) << "k=" << k;
    EXPECT_EQ(second.store->fuel_consumed() - before, total - k) << "k=" << k;
    EXPECT_TRUE(second.MemoryBytes() == expected_memory) << "k=" << k;
  }
}

INSTANTIATE_TEST_SUITE_P(Programs, Restore,
                         ::testing::Values(Case{"fib", "fib", Value::I32(18)}, Case{"sort", "sort", Value::I32(7)},
                                           Case{"hash", "hash", Value::I64(99)},
                                           Case{"matrix", "matrix", Value::I32(2)},
                                           Case{"simd", "mix", Value::I32(40)}),
                         [](const auto& info) { return std::string(info.param.fixture); });

class RestoreErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    source_.store->SetFuel(5);
    ASSERT_TRUE(source_.instance->Call("sum", std::vector<Value>{Value::I32(3)})->paused());
    frames_ = source_.store->PausedFrames();
  }
  Errc RestoreCode(const std::vector<FrameInfo>& frames) {
    Loaded target("fuel");
    Status s = target.store->RestorePausedCall(*target.instance, frames);
    return s.ok() ? Errc::kOk : s.error().code;
  }
  Loaded source_{"fuel"};
  std::vector<FrameInfo> frames_;
};

TEST_F(RestoreErrors, AcceptsTheGenuineFrames) { EXPECT_EQ(RestoreCode(frames_), Errc::kOk); }

TEST_F(RestoreErrors, RefusesAnOffsetInsideAnInstruction) {
  auto frames = frames_;
  frames[0].body_offset += 1;
  EXPECT_EQ(RestoreCode(frames), Errc::kInvalidArgument);
}

TEST_F(RestoreErrors, RefusesWrongLocalTypes) {
  auto frames = frames_;
  frames[0].locals[0] = Value::I64(1);
  EXPECT_EQ(RestoreCode(frames), Errc::kInvalidArgument);
  frames = frames_;
  frames[0].locals.pop_back();
  EXPECT_EQ(RestoreCode(frames), Errc::kInvalidArgument);
}

TEST_F(RestoreErrors, RefusesWrongOperandStack) {
  auto frames = frames_;
  frames[0].stack.push_back(Value::I32(1));
  EXPECT_EQ(RestoreCode(frames), Errc::kInvalidArgument);
  frames = frames_;
  frames[0].stack[0] = Value::F32(1.0f);
  EXPECT_EQ(RestoreCode(frames), Errc::kInvalidArgument);
}

TEST_F(RestoreErrors, RefusesUnknownFunctionsAndEmptyCalls) {
  auto frames = frames_;
  frames[0].func_index = 999;
  EXPECT_EQ(RestoreCode(frames), Errc::kInvalidArgument);
  EXPECT_EQ(RestoreCode({}), Errc::kInvalidArgument);
}

TEST_F(RestoreErrors, RefusesACallerThatDidNotCallThisType) {
  // call_twice paused inside $inc ((i32) -> i32): its caller waits after `call $inc`.
  Loaded calls("fuel");
  calls.store->SetFuel(4);
  ASSERT_TRUE(calls.instance->Call("call_twice", std::vector<Value>{Value::I32(1)})->paused());
  auto frames = calls.store->PausedFrames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(RestoreCode(frames), Errc::kOk);

  // A genuine frame of div_trap (() -> i32) cannot sit on top of that call.
  Loaded other("fuel");
  other.store->SetFuel(1);
  ASSERT_TRUE(other.instance->Call("div_trap", {})->paused());
  auto forged = frames;
  forged[0] = other.store->PausedFrames()[0];
  EXPECT_EQ(RestoreCode(forged), Errc::kInvalidArgument);

  auto not_after_call = frames;
  not_after_call[1].body_offset = 0;
  EXPECT_EQ(RestoreCode(not_after_call), Errc::kInvalidArgument);
}

TEST_F(RestoreErrors, RefusesWhileAnotherCallIsPaused) {
  Status s = source_.store->RestorePausedCall(*source_.instance, frames_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Errc::kBusy);
}

}  // namespace
}  // namespace cella
