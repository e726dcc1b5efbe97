// snapshot/engine_state.cc: capture and restore of engine state in wasm-level terms.
#include "snapshot/engine_state.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "snapshot/state_root.h"

namespace cella::snapshot {
namespace {

constexpr uint64_t kPage = 65536;
constexpr uint64_t kForeignFunction = uint64_t{1} << 63;

Error Mismatch(const std::string& what) { return MakeError(Errc::kBadFormat, "snapshot does not fit the module: " + what); }

// References travel as their portable encoding in the raw bits of a Value.
Value Portable(const RefEncoder& refs, const Value& value) {
  return IsRefType(value.type()) ? Value::FromRaw(value.type(), refs.Encode(value)) : value;
}

Result<Value> Live(const Instance& instance, const Value& value) {
  if (!IsRefType(value.type())) return value;
  uint64_t code = value.raw_bits();
  if (code == 0) return Value::NullRef(value.type());
  if (value.type() == ValType::kExternRef) return Value::ExternRef(code - 1);
  if ((code & kForeignFunction) != 0 || code - 1 >= instance.function_count()) {
    return Mismatch("a reference names function " + std::to_string(code - 1) + ", which the instance does not have");
  }
  return Value::FuncRef(instance.FunctionAt(static_cast<uint32_t>(code - 1))->ref());
}

// Stops at the first nonzero 256-byte block, so a page in use costs almost nothing.
bool AllZero(const uint8_t* page) {
  for (uint64_t block = 0; block < kPage; block += 256) {
    uint64_t acc = 0;
    for (uint64_t i = block; i < block + 256; i += 8) {
      uint64_t word;
      std::memcpy(&word, page + i, 8);
      acc |= word;
    }
    if (acc != 0) return false;
  }
  return true;
}

Status RestoreMemory(const Instance& instance, uint32_t index, const MemoryImage& image) {
  Memory memory = *instance.MemoryAt(index);
  std::string name = "memory " + std::to_string(index);
  if (image.pages < memory.pages()) {
    return Mismatch(name + " has " + std::to_string(image.pages) + " pages, fewer than the module's minimum");
  }
  if (image.mapped ? image.mapped->size() != image.pages * kPage || !image.contents.empty()
      : image.borrowed != nullptr ? !image.contents.empty()
                                  : image.contents.size() != image.nonzero_pages.size() * kPage) {
    return Mismatch(name + ": page data size");
  }
  for (size_t i = 0; i < image.nonzero_pages.size(); ++i) {
    if (image.nonzero_pages[i] >= image.pages || (i > 0 && image.nonzero_pages[i] <= image.nonzero_pages[i - 1])) {
      return Mismatch(name + ": page list out of order or out of range");
    }
  }
  if (image.pages > memory.pages()) {
    Result<uint32_t> grown = memory.Grow(image.pages - memory.pages());
    if (!grown.ok()) return MakeError(Errc::kResourceLimit, name + ": " + grown.error().message);
  }
  if (image.mapped) {
    // The image replaces every page, those the data segments wrote included.
    Status mapped = memory.MapCopyOnWrite(image.mapped->fd(), image.nonzero_pages);
    if (!mapped.ok()) return MakeError(Errc::kSystem, name + ": " + mapped.error().message);
    return OkStatus();
  }
  // A fresh instance is zero except where data segments wrote: clear those pages unless
  // the snapshot fills them, then write the snapshot's pages.
  std::vector<uint8_t> zero(kPage, 0);
  for (uint32_t page : memory.DirtyPages()) {
    if (memory.IsZeroPage(page)) continue;
    if (!std::binary_search(image.nonzero_pages.begin(), image.nonzero_pages.end(), page)) {
      CELLA_TRY(memory.Write(page * kPage, zero));
    }
  }
  for (size_t i = 0; i < image.nonzero_pages.size(); ++i) {
    CELLA_TRY(memory.Write(image.nonzero_pages[i] * kPage, NonzeroPage(image, i)));
  }
  return OkStatus();
}

}  // namespace

std::span<const uint8_t> NonzeroPage(const MemoryImage& image, size_t i) {
  if (image.borrowed != nullptr) return {image.borrowed + uint64_t{image.nonzero_pages[i]} * kPage, kPage};
  return std::span<const uint8_t>(image.contents).subspan(i * kPage, kPage);
}

Status PrepareCopyOnWrite(EngineState& state) {
  for (MemoryImage& image : state.memories) {
    if (image.mapped) continue;
    if (image.borrowed == nullptr && image.contents.size() != image.nonzero_pages.size() * kPage) {
      return Mismatch("memory page data size");
    }
    CELLA_ASSIGN_OR_RETURN(os::PageImage file, os::PageImage::Create(image.pages * kPage));
    for (size_t i = 0; i < image.nonzero_pages.size(); ++i) {
      if (image.nonzero_pages[i] >= image.pages) return Mismatch("memory page list out of range");
      CELLA_TRY(file.Write(image.nonzero_pages[i] * kPage, NonzeroPage(image, i)));
    }
    CELLA_TRY(file.Seal());
    image.mapped = std::make_shared<const os::PageImage>(std::move(file));
    std::vector<uint8_t>().swap(image.contents);
    image.borrowed = nullptr;
  }
  return OkStatus();
}

EngineState CaptureEngineState(const Instance& instance, bool borrow_memory) {
  RefEncoder refs(instance);
  EngineState state;
  for (uint32_t i = 0; i < instance.memory_count(); ++i) {
    Memory memory = *instance.MemoryAt(i);
    MemoryImage image;
    image.pages = memory.pages();
    std::span<const uint8_t> data = memory.data();
    for (uint32_t page = 0; page < image.pages; ++page) {
      if (!memory.IsZeroPage(page) && !AllZero(data.data() + page * kPage)) image.nonzero_pages.push_back(page);
    }
    if (borrow_memory) {
      image.borrowed = data.data();
      state.memories.push_back(std::move(image));
      continue;
    }
    image.contents.reserve(image.nonzero_pages.size() * kPage);
    for (uint32_t page : image.nonzero_pages) {
      const uint8_t* bytes = data.data() + page * kPage;
      image.contents.insert(image.contents.end(), bytes, bytes + kPage);
    }
    state.memories.push_back(std::move(image));
  }
  for (uint32_t i = 0; i < instance.global_count(); ++i) {
    state.globals.push_back(Portable(refs, instance.GlobalAt(i)->Get()));
  }
  for (uint32_t i = 0; i < instance.table_count(); ++i) {
    Table table = *instance.TableAt(i);
    TableImage image;
    image.elem_type = table.type().elem_type;
    for (uint64_t e = 0; e < table.size(); ++e) image.elements.push_back(refs.Encode(*table.Get(e)));
    state.tables.push_back(std::move(image));
  }
  state.data_dropped = instance.data_segments_dropped();
  state.elem_dropped = instance.elem_segments_dropped();
  state.paused = instance.store().has_paused_call();
  state.frames = instance.store().PausedFrames();
  for (FrameInfo& frame : state.frames) {
    for (Value& v : frame.locals) v = Portable(refs, v);
    for (Value& v : frame.stack) v = Portable(refs, v);
    for (HeldException& held : frame.held_exceptions) {
      for (Value& v : held.payload) v = Portable(refs, v);
    }
  }
  return state;
}

Status RestoreEngineState(const Instance& instance, const EngineState& state) {
  if (state.memories.size() != instance.memory_count()) return Mismatch("memory count");
  if (state.globals.size() != instance.global_count()) return Mismatch("global count");
  if (state.tables.size() != instance.table_count()) return Mismatch("table count");
  for (uint32_t i = 0; i < state.memories.size(); ++i) CELLA_TRY(RestoreMemory(instance, i, state.memories[i]));

  for (uint32_t i = 0; i < state.globals.size(); ++i) {
    Global global = *instance.GlobalAt(i);
    if (state.globals[i].type() != global.type().type) return Mismatch("type of global " + std::to_string(i));
    CELLA_ASSIGN_OR_RETURN(Value value, Live(instance, state.globals[i]));
    if (global.type().mutable_) {
      CELLA_TRY(global.Set(value));
    } else if (!(global.Get() == value)) {
      return Mismatch("immutable global " + std::to_string(i) + " has another value");
    }
  }

  for (uint32_t i = 0; i < state.tables.size(); ++i) {
    Table table = *instance.TableAt(i);
    const TableImage& image = state.tables[i];
    std::string name = "table " + std::to_string(i);
    if (image.elem_type != table.type().elem_type) return Mismatch(name + " element type");
    if (image.elements.size() < table.size()) return Mismatch(name + " is smaller than the module's minimum");
    if (image.elements.size() > table.size()) {
      Result<uint64_t> grown = table.Grow(image.elements.size() - table.size(), Value::NullRef(image.elem_type));
      if (!grown.ok()) return MakeError(Errc::kResourceLimit, name + ": " + grown.error().message);
    }
    for (uint64_t e = 0; e < image.elements.size(); ++e) {
      CELLA_ASSIGN_OR_RETURN(Value ref, Live(instance, Value::FromRaw(image.elem_type, image.elements[e])));
      CELLA_TRY(table.Set(e, ref));
    }
  }

  if (!instance.DropSegments(state.data_dropped, state.elem_dropped).ok()) return Mismatch("segment count");

  if (!state.paused) return OkStatus();
  std::vector<FrameInfo> frames = state.frames;
  for (FrameInfo& frame : frames) {
    for (Value& v : frame.locals) {
      CELLA_ASSIGN_OR_RETURN(v, Live(instance, v));
    }
    for (Value& v : frame.stack) {
      CELLA_ASSIGN_OR_RETURN(v, Live(instance, v));
    }
    for (HeldException& held : frame.held_exceptions) {
      for (Value& v : held.payload) {
        CELLA_ASSIGN_OR_RETURN(v, Live(instance, v));
      }
    }
  }
  Status restored = instance.store().RestorePausedCall(instance, frames);
  if (!restored.ok()) return Mismatch(restored.error().message);
  return OkStatus();
}

}  // namespace cella::snapshot
