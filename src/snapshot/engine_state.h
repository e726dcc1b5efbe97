// snapshot/engine_state.h: everything the engine holds about a cell, in wasm-level terms
// only (page contents, global values, table references as function indices, segment
// drops, a paused call as frames of function index + body offset + values), captured
// from a live instance and written back into a freshly instantiated one. Not
// thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "cella/cella.h"

namespace cella::snapshot {

struct MemoryImage {
  uint32_t pages = 0;
  std::vector<uint32_t> nonzero_pages;  // increasing; every other page is all zero
  std::vector<uint8_t> contents;        // 64 KiB per page in nonzero_pages, in order
};

struct TableImage {
  ValType elem_type = ValType::kFuncRef;
  std::vector<uint64_t> elements;  // reference encoding of snapshot/state_root.h
};

struct EngineState {
  std::vector<MemoryImage> memories;
  std::vector<Value> globals;  // every global, in index order (references as in tables)
  std::vector<TableImage> tables;
  std::vector<bool> data_dropped;
  std::vector<bool> elem_dropped;
  bool paused = false;
  PauseReason pause_reason = PauseReason::kOutOfFuel;
  std::vector<FrameInfo> frames;  // innermost first; references as encoded refs (i64 bits)
};

// The state of `instance` (and of its store's paused call, if any).
EngineState CaptureEngineState(const Instance& instance);

// Writes `state` into `instance`, a fresh instantiation (start function not run) of the
// same module in an idle store, and rebuilds the paused call. Checks every count, type
// and reference against the module and refuses a mismatch (kBadFormat naming what).
Status RestoreEngineState(const Instance& instance, const EngineState& state);

}  // namespace cella::snapshot
