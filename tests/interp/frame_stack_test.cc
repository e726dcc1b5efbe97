// tests/interp/frame_stack_test.cc: the engine's frame stack (interp::FrameStack) holds
// exactly the room it reserved, keeps frames in place, and refuses to grow past it.
#include <gtest/gtest.h>

#include "interp/thread.h"

namespace cella {
namespace {

interp::Frame FrameAt(uint32_t base) { return interp::Frame{nullptr, nullptr, nullptr, 0, base, false}; }

TEST(FrameStack, HoldsExactlyTheRoomReserved) {
  interp::FrameStack frames;
  EXPECT_TRUE(frames.empty());
  EXPECT_TRUE(frames.full()) << "no room before Reserve";
  ASSERT_TRUE(frames.Reserve(3).ok());
  EXPECT_EQ(frames.capacity(), 3u);
  EXPECT_FALSE(frames.full());
  frames.push_back(FrameAt(10));
  const interp::Frame* first = &frames.back();
  frames.push_back(FrameAt(20));
  frames.push_back(FrameAt(30));
  EXPECT_TRUE(frames.full());
  EXPECT_EQ(frames.size(), 3u);
  EXPECT_EQ(&frames[0], first) << "frames keep their addresses";
  EXPECT_EQ(frames[1].base, 20u);
  EXPECT_EQ(frames.end() - frames.begin(), 3);
  EXPECT_TRUE(frames.Reserve(100).ok());
  EXPECT_EQ(frames.capacity(), 3u) << "a second Reserve changes nothing";
  frames.pop_back();
  EXPECT_EQ(frames.back().base, 20u);
  frames.truncate(1);
  EXPECT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames.back().base, 10u);
  frames.clear();
  EXPECT_TRUE(frames.empty());
}

TEST(FrameStackDeathTest, PushingOntoAFullStackAborts) {
  interp::FrameStack frames;
  ASSERT_TRUE(frames.Reserve(1).ok());
  frames.push_back(FrameAt(0));
  EXPECT_DEATH(frames.push_back(FrameAt(1)), "full frame stack");
}

}  // namespace
}  // namespace cella
