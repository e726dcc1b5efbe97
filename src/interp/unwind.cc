// interp/unwind.cc: handler search and unwinding for thrown exceptions (interp/unwind.h).
#include "interp/unwind.h"

#include <algorithm>

namespace cella::interp {
namespace {

const Code& CodeOf(const Frame& frame) { return frame.step ? *frame.func->step : frame.func->fast; }

// Searches `code`'s try regions, from `id` (the innermost try body around the throwing
// instruction) outward, for a catch arm taking `exception`.
bool FindInFrame(const Code& code, const runtime::InstanceData& instance, const Exception& exception, uint32_t id,
                 Handler* handler) {
  // Each step moves to an enclosing region (a lower id), so this ends.
  while (id != kNoRegion && id < code.try_regions.size()) {
    const TryRegion& region = code.try_regions[id];
    if (region.delegates) {
      if (region.delegate_to != kNoRegion && region.delegate_to >= id) return false;  // cannot happen
      id = region.delegate_to;  // kNoRegion: to the caller
      continue;
    }
    for (uint32_t i = 0; i < region.catches_count; ++i) {
      const CatchClause& clause = code.catches[region.catches_begin + i];
      bool match = clause.tag == kCatchAll ||
                   (clause.tag < instance.tag_addrs.size() && instance.tag_addrs[clause.tag] == exception.tag);
      if (match) {
        handler->target = clause.target;
        handler->payload_slot = region.payload_slot;
        handler->level = region.catch_level;
        handler->payload = clause.tag != kCatchAll;
        return true;
      }
    }
    if (region.parent != kNoRegion && region.parent >= id) return false;  // cannot happen
    id = region.parent;
  }
  return false;
}

// The innermost try body around the instruction a frame stopped at: the throw or rethrow
// at `frame.pc` (top frame), or the call whose return site is `frame.pc`.
uint32_t RegionAt(const Frame& frame, bool top) {
  const Code& code = CodeOf(frame);
  if (top) {
    const uint32_t* ip = code.words.data() + frame.pc;
    Op op = static_cast<Op>(ip[0]);
    if (op == Op::kThrow) return ip[4];
    if (op == Op::kRethrow) return ip[2];
    return kNoRegion;
  }
  const PausePoint* site = code.FindPausePoint(frame.pc, true);
  return site == nullptr ? kNoRegion : site->region;
}

}  // namespace

bool FindHandler(const Thread& thread, size_t entry_depth, Handler* handler) {
  for (size_t i = thread.frames.size(); i-- > entry_depth;) {
    const Frame& frame = thread.frames[i];
    bool top = i + 1 == thread.frames.size();
    if (FindInFrame(CodeOf(frame), *frame.instance, thread.in_flight, RegionAt(frame, top), handler)) {
      handler->frame = i;
      return true;
    }
  }
  return false;
}

void EnterHandler(Thread& thread, const Handler& handler) {
  thread.frames.truncate(handler.frame + 1);
  Frame& frame = thread.frames.back();
  if (handler.payload) {
    std::copy(thread.in_flight.payload.begin(), thread.in_flight.payload.end(),
              thread.slots() + frame.base + handler.payload_slot);
  }
  const uint32_t f = static_cast<uint32_t>(handler.frame);
  while (!thread.caught.empty() &&
         (thread.caught.back().frame > f || (thread.caught.back().frame == f && thread.caught.back().level >= handler.level))) {
    thread.caught.pop_back();
  }
  thread.caught.push_back(CaughtException{f, handler.level, std::move(thread.in_flight)});
  thread.in_flight = Exception{};
  frame.pc = handler.target;
}

const CaughtException* FindCaught(const Thread& thread, size_t frame, uint32_t level) {
  for (size_t i = thread.caught.size(); i-- > 0;) {
    const CaughtException& c = thread.caught[i];
    if (c.frame == frame && c.level == level) return &c;
    if (c.frame < frame) break;
  }
  return nullptr;
}

std::string DescribeTag(const runtime::StoreData& store, uint32_t tag_address) {
  if (tag_address >= store.tags.size()) return "tag @" + std::to_string(tag_address);
  const runtime::TagInst& tag = *store.tags[tag_address];
  std::string types = "(";
  for (size_t i = 0; i < tag.type->params.size(); ++i) {
    types += (i == 0 ? "" : ", ") + std::string(ValTypeName(tag.type->params[i]));
  }
  types += ")";
  if (tag.instance == nullptr) return "a tag made by the host " + types;
  const wasm::Module& module = *tag.instance->module;
  std::string text;
  for (const wasm::Export& e : module.exports) {
    if (e.kind == wasm::ExternKind::kTag && e.index == tag.tag_index) {
      text = "tag \"" + e.name + "\"";
      break;
    }
  }
  if (text.empty()) text = "tag " + std::to_string(tag.tag_index) + " " + types;
  if (!module.names.module_name.empty()) text += " of module " + module.names.module_name;
  return text;
}

}  // namespace cella::interp
