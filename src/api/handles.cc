// api/handles.cc: methods of the Function, Memory, Global, Table and Tag handles.
#include <algorithm>
#include <cstring>

#include "api/impl.h"
#include "os/page_image.h"
#include "runtime/ref.h"

namespace cella {

// ---- Function ----

const FuncType& Function::type() const { return *store_->impl().data.funcs[address_]->type; }

Ref Function::ref() const { return Ref{runtime::FuncRefFromAddress(address_)}; }

Result<CallOutcome> Function::Call(std::span<const Value> args) const {
  detail::StoreImpl& impl = store_->impl();
  CELLA_TRY(impl.Idle());
  CELLA_TRY(impl.CheckArgs(type(), args));
  return impl.Invoke(address_, args);
}

// ---- Tag ----

const FuncType& Tag::type() const { return *store_->impl().data.tags[address_]->type; }

// ---- Memory ----

namespace {
runtime::MemoryInst& MemoryOf(Store* store, uint32_t address) { return *store->impl().data.memories[address]; }
}  // namespace

MemoryType Memory::type() const { return MemoryOf(store_, address_).CurrentType(); }
uint32_t Memory::pages() const { return MemoryOf(store_, address_).pages(); }
uint64_t Memory::size_bytes() const { return MemoryOf(store_, address_).size_bytes(); }

std::span<uint8_t> Memory::data() const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  return {m.base(), static_cast<size_t>(m.size_bytes())};
}

Result<uint32_t> Memory::Grow(uint32_t delta_pages) const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  int64_t previous = m.Grow(delta_pages);
  if (previous < 0) {
    return MakeError(Errc::kResourceLimit, "cannot grow memory from " + std::to_string(m.pages()) + " by " +
                                               std::to_string(delta_pages) + " pages (maximum " +
                                               std::to_string(m.max_pages()) + ")");
  }
  return static_cast<uint32_t>(previous);
}

Status Memory::Read(uint64_t offset, std::span<uint8_t> out) const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  if (!m.InBounds(offset, out.size())) {
    return MakeError(Errc::kInvalidArgument, "read of " + std::to_string(out.size()) + " bytes at " +
                                                 std::to_string(offset) + " is outside memory of " +
                                                 std::to_string(m.size_bytes()) + " bytes");
  }
  if (!out.empty()) std::memcpy(out.data(), m.base() + offset, out.size());
  return OkStatus();
}

Status Memory::Write(uint64_t offset, std::span<const uint8_t> in) const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  if (!m.InBounds(offset, in.size())) {
    return MakeError(Errc::kInvalidArgument, "write of " + std::to_string(in.size()) + " bytes at " +
                                                 std::to_string(offset) + " is outside memory of " +
                                                 std::to_string(m.size_bytes()) + " bytes");
  }
  if (!in.empty()) std::memcpy(m.base() + offset, in.data(), in.size());
  m.MarkDirty(offset, in.size());
  return OkStatus();
}

Status Memory::MapCopyOnWrite(int fd, std::span<const uint32_t> nonzero_pages) const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  for (size_t i = 0; i < nonzero_pages.size(); ++i) {
    if (nonzero_pages[i] >= m.pages() || (i > 0 && nonzero_pages[i] <= nonzero_pages[i - 1])) {
      return MakeError(Errc::kInvalidArgument, "nonzero page list out of order or beyond the memory");
    }
  }
  CELLA_TRY(os::MapFilePrivateAt(fd, m.base(), m.size_bytes()));
  uint8_t* dirty = m.dirty();
  std::fill(dirty, dirty + m.pages(), runtime::MemoryInst::kZero);
  for (uint32_t page : nonzero_pages) dirty[page] = runtime::MemoryInst::kWritten;
  return OkStatus();
}

std::vector<uint32_t> Memory::DirtyPages() const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  std::vector<uint32_t> pages;
  const uint8_t* dirty = m.dirty();
  const uint32_t count = m.pages();
  constexpr uint32_t kStride = 64;  // states tested at a time: eight words OR-ed (kClean is 0)
  uint32_t page = 0;
  while (page < count) {
    if (page % kStride == 0 && count - page >= kStride) {
      uint64_t any = 0;
      for (uint32_t w = 0; w < kStride / 8; ++w) {
        uint64_t word;
        std::memcpy(&word, dirty + page + 8 * w, 8);
        any |= word;
      }
      if (any == 0) {
        page += kStride;
        continue;
      }
    }
    if (dirty[page] != runtime::MemoryInst::kClean) pages.push_back(page);
    ++page;
  }
  return pages;
}

void Memory::ClearDirty() const { MemoryOf(store_, address_).ClearDirty(); }

bool Memory::IsZeroPage(uint32_t page) const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  return page < m.pages() && m.IsZero(page);
}

Status Memory::MarkWritten(uint64_t offset, uint64_t length) const {
  runtime::MemoryInst& m = MemoryOf(store_, address_);
  if (!m.InBounds(offset, length)) {
    return MakeError(Errc::kInvalidArgument, "range of " + std::to_string(length) + " bytes at " +
                                                 std::to_string(offset) + " is outside memory of " +
                                                 std::to_string(m.size_bytes()) + " bytes");
  }
  m.MarkDirty(offset, length);
  return OkStatus();
}

// ---- Global ----

GlobalType Global::type() const { return store_->impl().data.globals[address_]->type; }

Value Global::Get() const {
  const runtime::GlobalInst& g = *store_->impl().data.globals[address_];
  return detail::ValueFromSlots(g.type.type, g.value);
}

Status Global::Set(const Value& value) const {
  runtime::GlobalInst& g = *store_->impl().data.globals[address_];
  if (!g.type.mutable_) return MakeError(Errc::kInvalidArgument, "global is immutable");
  if (value.type() != g.type.type) {
    return MakeError(Errc::kInvalidArgument, "global holds " + std::string(ValTypeName(g.type.type)) +
                                                 ", not " + std::string(ValTypeName(value.type())));
  }
  CELLA_TRY(store_->impl().CheckRef(value));
  detail::ValueToSlots(value, g.value);
  return OkStatus();
}

// ---- Table ----

namespace {
runtime::TableInst& TableOf(Store* store, uint32_t address) { return *store->impl().data.tables[address]; }
}  // namespace

TableType Table::type() const { return TableOf(store_, address_).CurrentType(); }
uint64_t Table::size() const { return TableOf(store_, address_).size(); }

Result<Value> Table::Get(uint64_t index) const {
  runtime::TableInst& t = TableOf(store_, address_);
  if (index >= t.size()) {
    return MakeError(Errc::kInvalidArgument, "table index " + std::to_string(index) + " out of bounds (size " +
                                                 std::to_string(t.size()) + ")");
  }
  return Value::FromRaw(t.type.elem_type, t.elements[index]);
}

Status Table::Set(uint64_t index, const Value& value) const {
  runtime::TableInst& t = TableOf(store_, address_);
  if (index >= t.size()) {
    return MakeError(Errc::kInvalidArgument, "table index " + std::to_string(index) + " out of bounds (size " +
                                                 std::to_string(t.size()) + ")");
  }
  if (value.type() != t.type.elem_type) {
    return MakeError(Errc::kInvalidArgument, "table holds " + std::string(ValTypeName(t.type.elem_type)));
  }
  CELLA_TRY(store_->impl().CheckRef(value));
  t.elements[index] = value.raw_bits();
  return OkStatus();
}

Result<uint64_t> Table::Grow(uint64_t delta, const Value& init) const {
  runtime::TableInst& t = TableOf(store_, address_);
  if (init.type() != t.type.elem_type) {
    return MakeError(Errc::kInvalidArgument, "table holds " + std::string(ValTypeName(t.type.elem_type)));
  }
  CELLA_TRY(store_->impl().CheckRef(init));
  int64_t previous = t.Grow(delta, init.raw_bits());
  if (previous < 0) {
    return MakeError(Errc::kResourceLimit, "cannot grow table of " + std::to_string(t.size()) + " by " +
                                               std::to_string(delta));
  }
  return static_cast<uint64_t>(previous);
}

}  // namespace cella
