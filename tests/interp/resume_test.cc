// tests/interp/resume_test.cc: running out of fuel is a pause, not a dead end. Programs
// compiled from C run straight through and in slices of 1, 7, 1000 and 65,536 fuel give
// the same results, the same memory and the same total fuel; a pause after k units of
// fuel shows the same wasm-level state however it was reached.
#include <gtest/gtest.h>

#include <set>

#include "tests/interp/test_support.h"
#include "wasm/decoder.h"
#include "wasm/instruction.h"

namespace cella {
namespace {

using testing::Loaded;

struct Program {
  const char* fixture;
  const char* function;
  std::vector<Value> args;
};

struct RunResult {
  std::vector<Value> results;
  std::vector<uint8_t> memory;
  uint64_t fuel = 0;
  uint64_t pauses = 0;
};

// Runs to completion, refilling `slice` fuel at every pause. Every 997th pause the
// stack is inspected and must be well formed.
RunResult RunInSlices(const Program& p, uint64_t slice) {
  Loaded m(p.fixture);
  RunResult run;
  m.store->SetFuel(slice);
  auto outcome = m.instance->Call(p.function, p.args);
  EXPECT_TRUE(outcome.ok());
  while (outcome.ok() && outcome->paused()) {
    ++run.pauses;
    if (run.pauses % 997 == 1) {
      auto frames = m.store->PausedFrames();
      EXPECT_FALSE(frames.empty());
      for (const FrameInfo& f : frames) EXPECT_GT(f.module_offset, 0u);
    }
    EXPECT_TRUE(m.store->AddFuel(slice).ok());
    outcome = m.store->Resume();
  }
  EXPECT_TRUE(outcome.ok() && outcome->returned());
  run.results = outcome->results;
  run.memory = m.MemoryBytes();
  run.fuel = m.store->fuel_consumed();
  return run;
}

class Resumable : public ::testing::TestWithParam<Program> {};

TEST_P(Resumable, SlicedRunsMatchTheStraightRun) {
  const Program& p = GetParam();
  RunResult straight = RunInSlices(p, UINT64_MAX / 4);
  EXPECT_EQ(straight.pauses, 0u);
  EXPECT_GT(straight.fuel, 10'000u) << "the program should do real work";
  for (uint64_t slice : {uint64_t{1}, uint64_t{7}, uint64_t{1000}, uint64_t{65536}}) {
    RunResult sliced = RunInSlices(p, slice);
    EXPECT_EQ(sliced.results, straight.results) << "slice " << slice;
    EXPECT_EQ(sliced.fuel, straight.fuel) << "slice " << slice;
    EXPECT_TRUE(sliced.memory == straight.memory) << "slice " << slice;
    // Every instruction costs 1, so each pause comes after exactly `slice` more units.
    EXPECT_EQ(sliced.pauses, (straight.fuel + slice - 1) / slice - 1) << "slice " << slice;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Programs, Resumable,
    ::testing::Values(Program{"fib", "fib", {Value::I32(20)}}, Program{"sort", "sort", {Value::I32(42)}},
                      Program{"hash", "hash", {Value::I64(0x1234)}}, Program{"matrix", "matrix", {Value::I32(3)}}),
    [](const auto& info) { return std::string(info.param.fixture); });

// Offsets where an instruction of `function`'s body starts, as body offsets.
std::set<uint32_t> InstructionOffsets(const std::vector<uint8_t>& bytes, uint32_t defined_index) {
  auto module = wasm::Decode(bytes);
  EXPECT_TRUE(module.ok());
  const wasm::FunctionBody& body = (*module)->code[defined_index];
  base::Reader reader((*module)->Slice(body.code), body.code.offset);
  std::set<uint32_t> offsets;
  std::vector<uint32_t> targets;
  while (!reader.at_end()) {
    offsets.insert(static_cast<uint32_t>(reader.pos()));
    EXPECT_TRUE(wasm::ReadInstr(reader, &targets).ok());
  }
  return offsets;
}

TEST(Resume, PausesAtEveryInstructionBoundaryOfAHotLoop) {
  const uint32_t n = 25;
  const uint64_t total = 12 * n + 4;
  std::set<uint32_t> boundaries = InstructionOffsets(testing::ReadFixture("fuel"), 1);  // "sum"

  Loaded stepped("fuel");
  stepped.store->SetFuel(0);
  auto outcome = stepped.instance->Call("sum", std::vector<Value>{Value::I32(n)});
  uint64_t k = 0;
  while (outcome->paused()) {
    auto frames = stepped.store->PausedFrames();
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(boundaries.count(frames[0].body_offset)) << "pause " << k << " at " << frames[0].body_offset;
    ASSERT_EQ(frames[0].locals.size(), 2u);

    // The same point reached by one fast run given exactly k units of fuel.
    Loaded direct("fuel");
    direct.store->SetFuel(k);
    auto d = direct.instance->Call("sum", std::vector<Value>{Value::I32(n)});
    ASSERT_TRUE(d->paused());
    auto direct_frames = direct.store->PausedFrames();
    ASSERT_EQ(direct_frames.size(), 1u);
    EXPECT_EQ(direct_frames[0].body_offset, frames[0].body_offset) << "pause " << k;
    EXPECT_EQ(direct_frames[0].locals, frames[0].locals) << "pause " << k;
    EXPECT_EQ(direct_frames[0].stack, frames[0].stack) << "pause " << k;

    ASSERT_TRUE(stepped.store->AddFuel(1).ok());
    outcome = stepped.store->Resume();
    ++k;
  }
  ASSERT_TRUE(outcome->returned());
  EXPECT_EQ(outcome->results[0].i32(), n * (n + 1) / 2);
  EXPECT_EQ(k, total);
  EXPECT_EQ(stepped.store->fuel_consumed(), total);
}

TEST(Resume, InspectsLocalsAndOperandStack) {
  Loaded m("fuel");
  // sum(2): 3 for the first check, then local.get $acc, local.get $n: stop before i32.add.
  m.store->SetFuel(5);
  auto outcome = m.instance->Call("sum", std::vector<Value>{Value::I32(2)});
  ASSERT_TRUE(outcome->paused());
  auto frames = m.store->PausedFrames();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].locals, (std::vector<Value>{Value::I32(2), Value::I32(0)}));
  EXPECT_EQ(frames[0].stack, (std::vector<Value>{Value::I32(0), Value::I32(2)}));
  std::set<uint32_t> boundaries = InstructionOffsets(testing::ReadFixture("fuel"), 1);
  // The 9th instruction of the body (block, loop, get, eqz, br_if, get, get, add...).
  auto it = boundaries.begin();
  std::advance(it, 7);
  EXPECT_EQ(frames[0].body_offset, *it);
}

TEST(Resume, CallerFramesShowTheReturnPosition) {
  Loaded m("fuel");
  // call_twice: local.get, call $inc (charged 2), then $inc's body: stop before its i32.add.
  m.store->SetFuel(4);
  auto outcome = m.instance->Call("call_twice", std::vector<Value>{Value::I32(10)});
  ASSERT_TRUE(outcome->paused());
  auto frames = m.store->PausedFrames();
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0].stack, (std::vector<Value>{Value::I32(10), Value::I32(1)}));
  EXPECT_EQ(frames[1].stack, std::vector<Value>{}) << "the argument was consumed by the call";
  EXPECT_EQ(frames[1].locals, std::vector<Value>{Value::I32(10)});
  ASSERT_TRUE(m.store->AddFuel(100).ok());
  auto done = m.store->Resume();
  ASSERT_TRUE(done->returned());
  EXPECT_EQ(done->results[0].i32(), 12u);
  EXPECT_EQ(m.store->fuel_consumed(), 9u);
}

}  // namespace
}  // namespace cella
