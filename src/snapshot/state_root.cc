// snapshot/state_root.cc: the version-1 state root (docs/state-root.md).
#include "snapshot/state_root.h"

namespace cella::snapshot {
namespace {

constexpr std::string_view kDomain = "cella.state-root.v1";
constexpr uint64_t kForeignFunction = uint64_t{1} << 63;

}  // namespace

RefEncoder::RefEncoder(const Instance& instance) {
  for (uint32_t i = 0; i < instance.function_count(); ++i) index_of_.emplace(instance.FunctionAt(i)->ref().raw, i);
}

uint64_t RefEncoder::Encode(const Value& ref) const {
  if (ref.is_null_ref()) return 0;
  if (ref.type() == ValType::kExternRef) return ref.extern_handle() + 1;
  auto it = index_of_.find(ref.ref().raw);
  if (it != index_of_.end()) return uint64_t{it->second} + 1;
  return kForeignFunction | ref.ref().raw;
}

void HashValue(Sha256& h, const RefEncoder& refs, const Value& value) {
  h.U8(static_cast<uint8_t>(value.type()));
  switch (value.type()) {
    case ValType::kI32:
    case ValType::kF32:
      h.U32(value.i32());
      break;
    case ValType::kI64:
    case ValType::kF64:
      h.U64(value.i64());
      break;
    case ValType::kV128:
      h.Update(std::span<const uint8_t>(value.v128().bytes));
      break;
    case ValType::kFuncRef:
    case ValType::kExternRef:
      h.U64(refs.Encode(value));
      break;
  }
}

Hash StateHasher::MemoryRoot(uint32_t index, const Memory& memory) {
  if (trees_.size() <= index) trees_.resize(index + 1);
  PageTree& tree = trees_[index];
  tree.Resize(memory.pages());
  std::span<const uint8_t> data = memory.data();
  for (uint32_t page : memory.DirtyPages()) {
    if (memory.IsZeroPage(page)) {
      tree.SetLeaf(page, PageTree::ZeroLeaf());
    } else {
      tree.SetLeaf(page, PageTree::LeafOf(data.subspan(uint64_t{page} * 65536, 65536)));
    }
  }
  memory.ClearDirty();
  return tree.Root();
}

Hash StateHasher::Root(const Instance& instance, const RootInputs& inputs) {
  if (!module_hash_) module_hash_ = Sha256Of(instance.module().bytes());
  RefEncoder refs(instance);
  Sha256 h;
  h.Update(kDomain).Update(*module_hash_);

  h.U32(instance.memory_count());
  for (uint32_t i = 0; i < instance.memory_count(); ++i) {
    Memory memory = *instance.MemoryAt(i);
    h.U32(memory.pages()).Update(MemoryRoot(i, memory));
  }

  h.U32(instance.global_count());
  for (uint32_t i = 0; i < instance.global_count(); ++i) {
    Global global = *instance.GlobalAt(i);
    h.U8(global.type().mutable_ ? 1 : 0);
    HashValue(h, refs, global.Get());
  }

  h.U32(instance.table_count());
  for (uint32_t i = 0; i < instance.table_count(); ++i) {
    Table table = *instance.TableAt(i);
    Sha256 elements;
    for (uint64_t e = 0; e < table.size(); ++e) elements.U64(refs.Encode(*table.Get(e)));
    h.U8(static_cast<uint8_t>(table.type().elem_type)).U64(table.size()).Update(elements.Finish());
  }

  for (const std::vector<bool>& dropped : {instance.data_segments_dropped(), instance.elem_segments_dropped()}) {
    h.U32(static_cast<uint32_t>(dropped.size()));
    for (bool d : dropped) h.U8(d ? 1 : 0);
  }

  std::vector<FrameInfo> frames = instance.store().PausedFrames();
  h.U32(static_cast<uint32_t>(frames.size()));
  for (auto it = frames.rbegin(); it != frames.rend(); ++it) {  // outermost first
    h.U32(it->func_index).U32(it->body_offset);
    h.U32(static_cast<uint32_t>(it->locals.size()));
    for (const Value& v : it->locals) HashValue(h, refs, v);
    h.U32(static_cast<uint32_t>(it->stack.size()));
    for (const Value& v : it->stack) HashValue(h, refs, v);
    // Exceptions held by open catch arms; nothing is hashed for frames without (so roots
    // of programs that use no exceptions are unchanged).
    if (!it->held_exceptions.empty()) {
      h.U32(static_cast<uint32_t>(it->held_exceptions.size()));
      for (const HeldException& held : it->held_exceptions) {
        h.U32(held.tag_index).U32(static_cast<uint32_t>(held.payload.size()));
        for (const Value& v : held.payload) HashValue(h, refs, v);
      }
    }
  }

  h.U64(inputs.fuel_consumed);
  h.U64(inputs.host_state.size()).Update(inputs.host_state);
  return h.Finish();
}

}  // namespace cella::snapshot
