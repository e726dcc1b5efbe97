// api/engine.cc: Engine construction and the small free functions of the API headers.
#include <cstring>

#include "api/impl.h"

namespace cella {

Engine::Engine() : Engine(EngineConfig{}) {}

Engine::Engine(const EngineConfig& config) : impl_(std::make_shared<detail::EngineImpl>()) {
  impl_->config = config;
}

const EngineConfig& Engine::config() const { return impl_->config; }

ExternKind KindOf(const ExternType& type) { return static_cast<ExternKind>(type.index()); }

namespace {
std::string LimitsToString(const Limits& limits) {
  std::string s = std::to_string(limits.min);
  if (limits.max) s += ".." + std::to_string(*limits.max);
  return s;
}
}  // namespace

std::string ExternTypeToString(const ExternType& type) {
  switch (type.index()) {
    case 0: return "func " + std::get<FuncType>(type).ToString();
    case 1: {
      const auto& t = std::get<TableType>(type);
      return "table " + LimitsToString(t.limits) + " " + std::string(ValTypeName(t.elem_type));
    }
    case 2: return "memory " + LimitsToString(std::get<MemoryType>(type).limits) + " pages";
    case 4: return "tag " + std::get<TagType>(type).type.ToString();
    default: {
      const auto& g = std::get<GlobalType>(type);
      return std::string("global ") + (g.mutable_ ? "mut " : "") + std::string(ValTypeName(g.type));
    }
  }
}

std::string_view PauseReasonName(PauseReason reason) {
  switch (reason) {
    case PauseReason::kOutOfFuel: return "out of fuel";
    case PauseReason::kInterrupted: return "interrupted";
  }
  return "paused";
}

void InterruptHandle::Interrupt() const {
  if (flag_) flag_->store(true, std::memory_order_relaxed);
}

namespace detail {

std::string FunctionDisplayName(const wasm::Module& module, uint32_t func_index) {
  std::string_view name = module.FunctionName(func_index);
  if (!name.empty()) return std::string(name);
  for (const wasm::Export& e : module.exports) {
    if (e.kind == ExternKind::kFunc && e.index == func_index) return e.name;
  }
  return {};
}

Value ValueFromSlots(ValType type, const uint64_t* slots) {
  if (type == ValType::kV128) {
    V128 v;
    std::memcpy(v.bytes.data(), slots, 16);
    return Value::FromV128(v);
  }
  return Value::FromRaw(type, slots[0]);
}

void ValueToSlots(const Value& value, uint64_t* slots) {
  if (value.type() == ValType::kV128) {
    std::memcpy(slots, value.v128().bytes.data(), 16);
    return;
  }
  slots[0] = value.raw_bits();
}

}  // namespace detail
}  // namespace cella
