// base/value.cc: names and printing for the plain-data API types: value types and
// values (cella/value.h), extern kinds (cella/types.h) and traps (cella/trap.h).
// Stateless; thread-safe.
#include <array>
#include <cinttypes>
#include <cmath>
#include <cstdio>

#include "cella/trap.h"
#include "cella/types.h"
#include "cella/value.h"

namespace cella {
namespace {

std::string Format(const char* format, auto... args) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, args...);
  return buf;
}

// "0x1p+0 (1)", or "nan:0x7fc00000" for NaNs (bits kept, payloads matter to tests).
std::string FloatText(double value, uint64_t bits, bool is_f32) {
  if (std::isnan(value)) return is_f32 ? Format("nan:0x%08" PRIx64, bits) : Format("nan:0x%016" PRIx64, bits);
  return Format("%a (%.*g)", value, is_f32 ? 9 : 17, value);
}

}  // namespace

std::string_view ValTypeName(ValType type) {
  switch (type) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    case ValType::kFuncRef: return "funcref";
    case ValType::kExternRef: return "externref";
  }
  return "invalid";
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_) return false;
  if (type_ == ValType::kV128) return v128_ == other.v128_;
  return bits_ == other.bits_;
}

std::string Value::ToString() const {
  std::string out(ValTypeName(type_));
  out += ':';
  switch (type_) {
    case ValType::kI32: return out + std::to_string(i32());
    case ValType::kI64: return out + std::to_string(i64());
    case ValType::kF32: return out + FloatText(f32(), f32_bits(), true);
    case ValType::kF64: return out + FloatText(f64(), f64_bits(), false);
    case ValType::kV128: {
      out += "0x";
      for (size_t i = v128_.bytes.size(); i-- > 0;) out += Format("%02x", v128_.bytes[i]);
      return out;
    }
    case ValType::kFuncRef:
      return is_null_ref() ? out + "null" : out + Format("0x%" PRIx64, bits_);
    case ValType::kExternRef:
      return is_null_ref() ? out + "null" : out + std::to_string(extern_handle());
  }
  return out + "?";
}

std::string FuncType::ToString() const {
  auto list = [](const std::vector<ValType>& types) {
    std::string text = "(";
    for (size_t i = 0; i < types.size(); ++i) {
      if (i > 0) text += ", ";
      text += ValTypeName(types[i]);
    }
    return text + ")";
  };
  return list(params) + " -> " + list(results);
}

const char* ExternKindName(ExternKind kind) {
  switch (kind) {
    case ExternKind::kFunc: return "func";
    case ExternKind::kTable: return "table";
    case ExternKind::kMemory: return "memory";
    case ExternKind::kGlobal: return "global";
    case ExternKind::kTag: return "tag";
  }
  return "unknown";
}

namespace {

struct TrapText {
  std::string_view name;  // the enumerator's name without the leading 'k'
  std::string_view message;
};

constexpr TrapText kTrapTexts[] = {
#define CELLA_TRAP_TEXT(name, text) {std::string_view(#name).substr(1), text},
    CELLA_TRAP_LIST(CELLA_TRAP_TEXT)
#undef CELLA_TRAP_TEXT
};

const TrapText& TextOf(TrapKind kind) {
  auto index = static_cast<size_t>(kind);
  return kTrapTexts[index < std::size(kTrapTexts) ? index : 0];
}

}  // namespace

std::string_view TrapMessage(TrapKind kind) { return TextOf(kind).message; }

std::string_view TrapName(TrapKind kind) {
  // "IntegerDivideByZero" → "integer_divide_by_zero", computed once per kind.
  static const auto kNames = [] {
    std::array<std::string, std::size(kTrapTexts)> names;
    for (size_t i = 0; i < names.size(); ++i) {
      for (char c : kTrapTexts[i].name) {
        if (c >= 'A' && c <= 'Z') {
          if (!names[i].empty()) names[i] += '_';
          names[i] += static_cast<char>(c - 'A' + 'a');
        } else {
          names[i] += c;
        }
      }
    }
    return names;
  }();
  auto index = static_cast<size_t>(kind);
  return kNames[index < kNames.size() ? index : 0];
}

std::string TrapInfo::ToString() const {
  std::string out = message.empty() ? std::string(TrapMessage(kind)) : message;
  if (kind == TrapKind::kExit) out += Format(" (exit code %d)", exit_code);
  for (size_t i = 0; i < backtrace.size(); ++i) {
    const BacktraceFrame& frame = backtrace[i];
    out += Format("\n  at #%zu ", i);
    if (frame.host) {
      out += "host function";
      if (!frame.func_name.empty()) out += " <" + frame.func_name + ">";
      continue;
    }
    out += Format("func %u", frame.func_index);
    if (!frame.func_name.empty()) {
      out += " <";
      if (!frame.module_name.empty()) out += frame.module_name + ".";
      out += frame.func_name + ">";
    }
    out += Format(" (offset 0x%x)", frame.module_offset);
  }
  return out;
}

}  // namespace cella
