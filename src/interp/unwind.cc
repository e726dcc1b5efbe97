// interp/unwind.cc: handler search and unwinding for thrown exceptions (interp/unwind.h).
#include "interp/unwind.h"

#include <algorithm>

namespace cella::interp {
namespace {

const Code& CodeOf(const Frame& frame) { return frame.step ? *frame.func->step : frame.func->fast; }

// Searches `code`'s try regions for a catch arm taking `exception` thrown at `pc`.
bool FindInFrame(const Code& code, const runtime::InstanceData& instance, const Exception& exception, uint32_t pc,
                 Handler* handler) {
  size_t bound = code.try_regions.size();  // only regions with id < bound are candidates
  for (;;) {
    size_t best = bound;
    for (size_t id = 0; id < bound; ++id) {
      const TryRegion& r = code.try_regions[id];
      if (r.begin <= pc && pc < r.end) best = id;
    }
    if (best == bound) return false;
    const TryRegion& region = code.try_regions[best];
    if (region.delegates) {
      if (region.delegate_to == kNoRegion) return false;  // to the caller
      bound = std::min<size_t>(region.delegate_to + 1, best);
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
    bound = best;
  }
}

}  // namespace

bool FindHandler(const Thread& thread, size_t entry_depth, Handler* handler) {
  for (size_t i = thread.frames.size(); i-- > entry_depth;) {
    const Frame& frame = thread.frames[i];
    bool top = i + 1 == thread.frames.size();
    if (!top && frame.pc == 0) continue;  // cannot happen: callers wait after a call
    uint32_t pc = top ? frame.pc : frame.pc - 1;
    if (FindInFrame(CodeOf(frame), *frame.instance, thread.in_flight, pc, handler)) {
      handler->frame = i;
      return true;
    }
  }
  return false;
}

void EnterHandler(Thread& thread, const Handler& handler) {
  thread.frames.resize(handler.frame + 1);
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
  if (tag.instance == nullptr) return "tag @" + std::to_string(tag_address);
  const wasm::Module& module = *tag.instance->module;
  std::string text;
  for (const wasm::Export& e : module.exports) {
    if (e.kind == wasm::ExternKind::kTag && e.index == tag.tag_index) {
      text = "tag \"" + e.name + "\"";
      break;
    }
  }
  if (text.empty()) {
    text = "tag " + std::to_string(tag.tag_index) + " (";
    for (size_t i = 0; i < tag.type->params.size(); ++i) {
      text += (i == 0 ? "" : ", ") + std::string(ValTypeName(tag.type->params[i]));
    }
    text += ")";
  }
  if (!module.names.module_name.empty()) text += " of module " + module.names.module_name;
  return text;
}

}  // namespace cella::interp
