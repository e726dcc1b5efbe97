// tests/interp/interrupt_test.cc: another thread can stop a running call; it pauses at
// the next check with the same resumable, inspectable state as running out of fuel.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

using testing::Loaded;

TEST(Interrupt, StopsAnEndlessLoopFromAnotherThread) {
  Loaded m("fuel");
  m.store->SetFuel(UINT64_MAX / 2);
  InterruptHandle handle = m.store->interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    handle.Interrupt();
  });
  auto outcome = m.instance->Call("spin", {});
  stopper.join();
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->paused());
  EXPECT_EQ(outcome->pause, PauseReason::kInterrupted);
  auto frames = m.store->PausedFrames();
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].func_name, "spin");
  EXPECT_GT(m.store->fuel_consumed(), 0u);

  // Resumable: it spins again until the next interrupt.
  uint64_t consumed = m.store->fuel_consumed();
  std::thread again([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    handle.Interrupt();
  });
  auto resumed = m.store->Resume();
  again.join();
  ASSERT_TRUE(resumed->paused());
  EXPECT_EQ(resumed->pause, PauseReason::kInterrupted);
  EXPECT_GT(m.store->fuel_consumed(), consumed);
  m.store->AbandonPausedCall();
}

TEST(Interrupt, WorksWithMeteringOff) {
  EngineConfig config;
  config.metering = false;
  Loaded m("fuel", config);
  InterruptHandle handle = m.store->interrupt_handle();
  std::thread stopper([handle] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    handle.Interrupt();
  });
  auto outcome = m.instance->Call("spin", {});
  stopper.join();
  ASSERT_TRUE(outcome->paused());
  EXPECT_EQ(outcome->pause, PauseReason::kInterrupted);
}

TEST(Interrupt, PendingRequestStopsTheNextCallAtItsFirstCheck) {
  Loaded m("fuel");
  m.store->SetFuel(1000);
  m.store->interrupt_handle().Interrupt();
  auto outcome = m.instance->Call("add", std::vector<Value>{Value::I32(1), Value::I32(2)});
  ASSERT_TRUE(outcome->paused());
  EXPECT_EQ(outcome->pause, PauseReason::kInterrupted);
  EXPECT_EQ(m.store->fuel_consumed(), 0u);
  auto resumed = m.store->Resume();
  ASSERT_TRUE(resumed->returned()) << "the request was consumed by the pause";
  EXPECT_EQ(resumed->results[0].i32(), 3u);
}

}  // namespace
}  // namespace cella
