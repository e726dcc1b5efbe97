// snapshot/engine_state.h: everything the engine holds about a cell, in wasm-level terms
// only (page contents, global values, table references as function indices, segment
// drops, a paused call as frames of function index + body offset + values), captured
// from a live instance and written back into a freshly instantiated one. Not
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "cella/cella.h"
#include "os/page_image.h"

namespace cella::snapshot {

struct MemoryImage {
  uint32_t pages = 0;
  std::vector<uint32_t> nonzero_pages;  // increasing; every other page is all zero
  std::vector<uint8_t> contents;        // 64 KiB per page in nonzero_pages, in order
  // Instead of `contents`, after a borrowing capture: the live memory's bytes (page p at
  // borrowed + p × 64 KiB), valid only while the instance stays paused and unchanged.
  const uint8_t* borrowed = nullptr;
  // After PrepareCopyOnWrite: the whole memory (pages × 64 KiB, zero pages as holes) in
  // place of `contents`, mapped copy-on-write by every restore.
  std::shared_ptr<const os::PageImage> mapped;
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

// The bytes of the i-th page of `image.nonzero_pages` (from `contents` or `borrowed`).
std::span<const uint8_t> NonzeroPage(const MemoryImage& image, size_t i);

// The state of `instance` (and of its store's paused call, if any). With `borrow_memory`,
// memory pages are not copied: the images point into the live memories (for writing a
// snapshot at once, e.g. EncodeSnapshot, while the instance stays paused).
EngineState CaptureEngineState(const Instance& instance, bool borrow_memory = false);

// Moves every memory image's pages into a sealed PageImage (an anonymous memory file),
// emptying `contents`: RestoreEngineState then maps it copy-on-write instead of copying —
// one mmap per memory, pages read in on first touch — and any number of restores can
// share it. Costs one copy of the pages, once.
Status PrepareCopyOnWrite(EngineState& state);

// Writes `state` into `instance`, a fresh instantiation (start function not run) of the
// same module in an idle store, and rebuilds the paused call. Checks every count, type
// and reference against the module and refuses a mismatch (kBadFormat naming what).
Status RestoreEngineState(const Instance& instance, const EngineState& state);

}  // namespace cella::snapshot
