// interp/unwind.h: exception unwinding over engine-managed frames. A throw is resolved
// in two steps, both between two instructions: FindHandler searches the frames (top
// down) for the catch arm that takes the thread's in-flight exception, without changing
// anything; EnterHandler then pops the frames above it, writes the payload into the arm's
// slots and records the exception for `rethrow`. So an exception is never "in flight"
// at a pause point: a pause sees either the throwing instruction not yet run or the catch
// arm's first instruction. Not thread-safe (one Thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "interp/thread.h"

namespace cella::interp {

struct Handler {
  size_t frame = 0;           // index in Thread::frames
  uint32_t target = 0;        // pc of the catch arm in that frame's current code
  uint32_t payload_slot = 0;  // where the payload goes (catch with a tag)
  uint32_t level = 0;         // the arm's catch level
  bool payload = false;       // false for catch_all
};

// The handler of thread.in_flight among frames [entry_depth, top]; false when nothing
// catches it. The top frame's pc is at the throwing instruction; the others' at the
// return site of their call. The work is linear in the try nesting crossed.
bool FindHandler(const Thread& thread, size_t entry_depth, Handler* handler);

// Unwinds to `handler` (found by FindHandler) and moves the in-flight exception into
// Thread::caught. The handler frame's pc is then the catch arm's first instruction.
void EnterHandler(Thread& thread, const Handler& handler);

// The exception held by the catch arm at `level` in frame `frame`, or null.
const CaughtException* FindCaught(const Thread& thread, size_t frame, uint32_t level);

// "tag \"name\" of module m" (export name when the defining module exports it, else
// "tag N" and its type), for messages about uncaught exceptions.
std::string DescribeTag(const runtime::StoreData& store, uint32_t tag_address);

}  // namespace cella::interp
