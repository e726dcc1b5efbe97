// tests/interp/exceptions_test.cc: exception handling in the engine. Exceptions unwind
// engine-managed frames to the right catch arm (by tag, catch_all, rethrow, delegate)
// with the payload and the stack below the try intact; an exception nothing catches is a
// trap naming the tag with a wasm backtrace; fuel is exact and pauses fall exactly on the
// instruction boundaries before the throw and inside the catch arm, whatever the slices.
#include <gtest/gtest.h>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

uint32_t CallI32(Loaded& m, const std::string& name, std::vector<Value> args) {
  return m.CallOk(name, std::move(args))[0].i32();
}

TEST(Exceptions, ThrowThroughSeveralFramesIsCaughtWithItsPayload) {
  Loaded m("exceptions");
  EXPECT_EQ(CallI32(m, "catch_deep", {Value::I32(0), Value::I32(41)}), 42u);
  EXPECT_EQ(CallI32(m, "catch_deep", {Value::I32(5), Value::I32(41)}), 42u);
  EXPECT_EQ(CallI32(m, "catch_deep", {Value::I32(5000), Value::I32(-2)}), static_cast<uint32_t>(-1));
}

TEST(Exceptions, ValuesBelowTheTrySurviveTheUnwinding) {
  Loaded m("exceptions");
  EXPECT_EQ(CallI32(m, "keeps_stack", {Value::I32(7)}), 107u);
}

TEST(Exceptions, CatchClausesMatchByTagInOrderAndCatchAllTakesTheRest) {
  Loaded m("exceptions");
  EXPECT_EQ(CallI32(m, "which", {Value::I32(0)}), 7u);
  EXPECT_EQ(CallI32(m, "which", {Value::I32(1)}), 99u);
  EXPECT_EQ(CallI32(m, "which", {Value::I32(2)}), 11u);
  EXPECT_EQ(CallI32(m, "which", {Value::I32(3)}), 0u);
}

TEST(Exceptions, DelegateSendsTheExceptionOutward) {
  Loaded m("exceptions");
  EXPECT_EQ(CallI32(m, "delegated", {}), 23u) << "delegate 1 skips the middle try";
  EXPECT_EQ(CallI32(m, "delegate_to_caller", {Value::I32(5)}), 1005u);
}

TEST(Exceptions, RethrowThrowsTheHeldExceptionAgain) {
  Loaded m("exceptions");
  EXPECT_EQ(CallI32(m, "rethrow_after_work", {Value::I32(21), Value::I32(10)}), 42u);
}

TEST(Exceptions, AnUncaughtExceptionIsATrapNamingTheTagWithABacktrace) {
  Loaded m("exceptions");
  auto outcome = m.instance->Call("uncaught", std::vector<Value>{Value::I32(3)});
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kUncaughtException);
  EXPECT_NE(outcome->trap.message.find("tag \"e\""), std::string::npos) << outcome->trap.message;
  ASSERT_EQ(outcome->trap.backtrace.size(), 5u) << outcome->trap.ToString();
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(outcome->trap.backtrace[i].func_name, "depth");
  EXPECT_EQ(outcome->trap.backtrace[4].func_name, "uncaught");

  auto other = m.instance->Call("uncaught_other", {});
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->trapped());
  EXPECT_EQ(other->trap.kind, TrapKind::kUncaughtException);
  EXPECT_NE(other->trap.message.find("tag \"other\""), std::string::npos) << other->trap.message;

  // The store is usable afterwards.
  EXPECT_EQ(CallI32(m, "catch_deep", {Value::I32(2), Value::I32(1)}), 2u);
}

TEST(Exceptions, FuelIsExact) {
  Loaded m("exceptions");
  uint64_t before = m.store->fuel_consumed();
  EXPECT_EQ(CallI32(m, "fuel_probe", {Value::I32(4)}), 5u);
  // try 0, local.get 1, throw 1; catch arm: i32.const 1, i32.add 1.
  EXPECT_EQ(m.store->fuel_consumed() - before, 4u);

  before = m.store->fuel_consumed();
  EXPECT_EQ(CallI32(m, "catch_deep", {Value::I32(5), Value::I32(41)}), 42u);
  // catch_deep: 3 (two local.get, call) + 2 in the arm; each depth level 8 (local.get,
  // i32.eqz, if, local.get, i32.const, i32.sub, local.get, call); the last 5 (local.get,
  // i32.eqz, if, local.get, throw).
  EXPECT_EQ(m.store->fuel_consumed() - before, 3u + 5 * 8 + 5 + 2);

  // Exactly enough fuel returns; one less pauses before the last instruction.
  Loaded exact("exceptions");
  exact.store->SetFuel(50);
  auto ok = exact.instance->Call("catch_deep", std::vector<Value>{Value::I32(5), Value::I32(41)});
  ASSERT_TRUE(ok.ok() && ok->returned());
  Loaded short_of_one("exceptions");
  short_of_one.store->SetFuel(49);
  auto paused = short_of_one.instance->Call("catch_deep", std::vector<Value>{Value::I32(5), Value::I32(41)});
  ASSERT_TRUE(paused.ok() && paused->paused());
  auto frames = short_of_one.store->PausedFrames();
  ASSERT_EQ(frames.size(), 1u) << "the throw unwound the five depth frames";
  EXPECT_EQ(frames[0].stack, (std::vector<Value>{Value::I32(41), Value::I32(1)})) << "payload and the constant";
}

// Runs `name(args)` giving one unit of fuel at a time; at every pause k the frames must
// equal those of a fresh run given exactly k units. Returns the results.
std::vector<Value> StepThrough(const std::string& name, const std::vector<Value>& args, uint64_t* total) {
  Loaded stepped("exceptions");
  stepped.store->SetFuel(0);
  auto outcome = stepped.instance->Call(name, args);
  uint64_t k = 0;
  while (outcome.ok() && outcome->paused()) {
    auto frames = stepped.store->PausedFrames();
    Loaded direct("exceptions");
    direct.store->SetFuel(k);
    auto d = direct.instance->Call(name, args);
    EXPECT_TRUE(d.ok() && d->paused()) << "pause " << k;
    auto direct_frames = direct.store->PausedFrames();
    EXPECT_EQ(direct_frames.size(), frames.size()) << "pause " << k;
    for (size_t i = 0; i < std::min(frames.size(), direct_frames.size()); ++i) {
      EXPECT_EQ(direct_frames[i].module_offset, frames[i].module_offset) << "pause " << k << " frame " << i;
      EXPECT_EQ(direct_frames[i].locals, frames[i].locals) << "pause " << k << " frame " << i;
      EXPECT_EQ(direct_frames[i].stack, frames[i].stack) << "pause " << k << " frame " << i;
    }
    EXPECT_TRUE(stepped.store->AddFuel(1).ok());
    outcome = stepped.store->Resume();
    ++k;
  }
  EXPECT_TRUE(outcome.ok() && outcome->returned());
  *total = k;
  EXPECT_EQ(stepped.store->fuel_consumed(), k);
  return outcome.ok() ? outcome->results : std::vector<Value>{};
}

TEST(Exceptions, PausesBeforeAndAfterThrowsAndCatchesAreExact) {
  uint64_t total = 0;
  EXPECT_EQ(StepThrough("catch_deep", {Value::I32(3), Value::I32(9)}, &total), std::vector<Value>{Value::I32(10)});
  EXPECT_EQ(total, 3u + 3 * 8 + 5 + 2);
  EXPECT_EQ(StepThrough("rethrow_after_work", {Value::I32(4), Value::I32(3)}, &total),
            std::vector<Value>{Value::I32(8)});
  EXPECT_EQ(StepThrough("delegated", {}, &total), std::vector<Value>{Value::I32(23)});
  EXPECT_EQ(StepThrough("which", {Value::I32(2)}, &total), std::vector<Value>{Value::I32(11)});
}

TEST(Exceptions, AHeldExceptionSurvivesPausesInsideItsCatchArm) {
  Loaded straight("exceptions");
  EXPECT_EQ(CallI32(straight, "rethrow_after_work", {Value::I32(21), Value::I32(200)}), 42u);
  const uint64_t total = straight.store->fuel_consumed();
  for (uint64_t slice : {uint64_t{1}, uint64_t{5}, uint64_t{64}}) {
    Loaded m("exceptions");
    m.store->SetFuel(slice);
    auto outcome = m.instance->Call("rethrow_after_work", std::vector<Value>{Value::I32(21), Value::I32(200)});
    while (outcome.ok() && outcome->paused()) {
      ASSERT_TRUE(m.store->AddFuel(slice).ok());
      outcome = m.store->Resume();
    }
    ASSERT_TRUE(outcome.ok() && outcome->returned());
    EXPECT_EQ(outcome->results[0].i32(), 42u) << "slice " << slice;
    EXPECT_EQ(m.store->fuel_consumed(), total) << "slice " << slice;
  }
}

TEST(Exceptions, HeldExceptionsArePartOfAPausedFrameAndRestore) {
  Loaded m("exceptions");
  // rethrow_after_work(21, 100) reaches its inner catch arm after 24 units (two tries, a
  // const, a local.get and a call; depth 2: 8 + 8 + 5) and then spins; 40 is in the loop.
  m.store->SetFuel(40);
  auto outcome = m.instance->Call("rethrow_after_work", std::vector<Value>{Value::I32(21), Value::I32(100)});
  ASSERT_TRUE(outcome.ok() && outcome->paused());
  auto frames = m.store->PausedFrames();
  ASSERT_EQ(frames.size(), 1u);
  ASSERT_EQ(frames[0].held_exceptions.size(), 1u) << "one catch arm is open";
  EXPECT_EQ(frames[0].held_exceptions[0].tag_index, 0u);
  EXPECT_EQ(frames[0].held_exceptions[0].payload, std::vector<Value>{Value::I32(21)});

  // A fresh store continues from these frames: the rethrow finds the exception.
  Loaded restored("exceptions");
  ASSERT_TRUE(restored.store->RestorePausedCall(*restored.instance, frames).ok());
  auto resumed = restored.store->Resume();
  ASSERT_TRUE(resumed.ok() && resumed->returned());
  EXPECT_EQ(resumed->results[0].i32(), 42u);

  // The held exceptions must match the catch arms open there, and the tag's type.
  Loaded bad("exceptions");
  auto missing = frames;
  missing[0].held_exceptions.clear();
  Status status = bad.store->RestorePausedCall(*bad.instance, missing);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("catch arms"), std::string::npos) << status.error().message;
  auto wrong_type = frames;
  wrong_type[0].held_exceptions[0].payload = {Value::I64(21)};
  EXPECT_FALSE(bad.store->RestorePausedCall(*bad.instance, wrong_type).ok());
  auto no_tag = frames;
  no_tag[0].held_exceptions[0].tag_index = 9;
  EXPECT_FALSE(bad.store->RestorePausedCall(*bad.instance, no_tag).ok());

  // Outside any catch arm nothing is held.
  m.store->AbandonPausedCall();
  m.store->SetFuel(10);
  auto early = m.instance->Call("rethrow_after_work", std::vector<Value>{Value::I32(21), Value::I32(100)});
  ASSERT_TRUE(early.ok() && early->paused());
  for (const FrameInfo& f : m.store->PausedFrames()) EXPECT_TRUE(f.held_exceptions.empty());
}

TEST(Exceptions, HostMadeTagsAreImportedAndIdentifyTheirExceptions) {
  Engine engine;
  Store store(engine);
  store.SetFuel(1'000'000);
  auto module = Module::Compile(engine, testing::ReadFixture("tag_import"));
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  EXPECT_FALSE(store.CreateTag(FuncType{{}, {ValType::kI32}}).ok()) << "a tag type has no results";
  auto boom = store.CreateTag(FuncType{{ValType::kI32}, {}});
  ASSERT_TRUE(boom.ok());
  EXPECT_EQ(boom->type().params, std::vector<ValType>{ValType::kI32});

  // The wrong type does not link; the right one does, and two instances share the tag.
  Linker wrong;
  wrong.Define("host", "boom", *store.CreateTag(FuncType{{ValType::kI64}, {}}));
  auto refused = wrong.Instantiate(store, *module);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::kIncompatibleImport);

  Linker linker;
  linker.Define("host", "boom", *boom);
  auto a = linker.Instantiate(store, *module);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  auto caught = a->Call("catch_it", std::vector<Value>{Value::I32(41)});
  ASSERT_TRUE(caught.ok() && caught->returned());
  EXPECT_EQ(caught->results[0].i32(), 42u);

  auto thrown = a->Call("throw_it", std::vector<Value>{Value::I32(1)});
  ASSERT_TRUE(thrown.ok() && thrown->trapped());
  EXPECT_EQ(thrown->trap.kind, TrapKind::kUncaughtException);
  EXPECT_NE(thrown->trap.message.find("a tag made by the host (i32)"), std::string::npos) << thrown->trap.message;
}

}  // namespace
}  // namespace cella
