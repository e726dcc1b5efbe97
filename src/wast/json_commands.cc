// wast/json_commands.cc: wast2json JSON → Script. Every field is checked before use, so a
// malformed file is reported with the command and field at fault instead of crashing.
#include "wast/json_commands.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

namespace cella::wast {
namespace {

using Json = nlohmann::json;

Error Bad(const std::string& where, const std::string& what) {
  return MakeError(Errc::kBadFormat, where + ": " + what);
}

Result<const Json*> Field(const Json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) return Bad(where, std::string("missing \"") + key + "\"");
  return &*it;
}

Result<std::string> StringField(const Json& object, const char* key, const std::string& where) {
  CELLA_ASSIGN_OR_RETURN(const Json* field, Field(object, key, where));
  if (!field->is_string()) return Bad(where, std::string("\"") + key + "\" is not a string");
  return field->get<std::string>();
}

// An optional string field: "" when absent.
Result<std::string> OptionalStringField(const Json& object, const char* key, const std::string& where) {
  if (!object.contains(key)) return std::string();
  return StringField(object, key, where);
}

Result<const Json*> ArrayField(const Json& object, const char* key, const std::string& where) {
  CELLA_ASSIGN_OR_RETURN(const Json* field, Field(object, key, where));
  if (!field->is_array()) return Bad(where, std::string("\"") + key + "\" is not an array");
  return field;
}

// A decimal string of at most `max` (wast2json writes every number as its unsigned bits).
Result<uint64_t> ParseDecimal(const std::string& text, uint64_t max, const std::string& where) {
  uint64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) {
    return Bad(where, "\"" + text + "\" is not an unsigned decimal number");
  }
  if (value > max) return Bad(where, "\"" + text + "\" does not fit the type");
  return value;
}

Result<ValType> ParseValType(const std::string& name, const std::string& where) {
  if (name == "i32") return ValType::kI32;
  if (name == "i64") return ValType::kI64;
  if (name == "f32") return ValType::kF32;
  if (name == "f64") return ValType::kF64;
  if (name == "v128") return ValType::kV128;
  if (name == "funcref") return ValType::kFuncRef;
  if (name == "externref") return ValType::kExternRef;
  return Bad(where, "unknown value type \"" + name + "\"");
}

Result<LaneType> ParseLaneType(const std::string& name, const std::string& where) {
  if (name == "i8") return LaneType::kI8;
  if (name == "i16") return LaneType::kI16;
  if (name == "i32") return LaneType::kI32;
  if (name == "i64") return LaneType::kI64;
  if (name == "f32") return LaneType::kF32;
  if (name == "f64") return LaneType::kF64;
  return Bad(where, "unknown lane type \"" + name + "\"");
}

uint64_t MaxBits(ValType type) {
  return (type == ValType::kI32 || type == ValType::kF32) ? std::numeric_limits<uint32_t>::max()
                                                          : std::numeric_limits<uint64_t>::max();
}

uint64_t MaxLaneBits(LaneType lane_type) {
  int bits = 8 * LaneBytes(lane_type);
  return bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1;
}

// "ref.extern N": the handle; the largest uint64 is reserved (Value::ExternRef adds 1).
Result<uint64_t> ParseExternHandle(const std::string& text, const std::string& where) {
  return ParseDecimal(text, std::numeric_limits<uint64_t>::max() - 1, where);
}

// The lane strings of a v128 ("value": [...] with "lane_type").
Result<std::pair<LaneType, std::vector<std::string>>> ParseLaneStrings(const Json& json,
                                                                       const std::string& where) {
  CELLA_ASSIGN_OR_RETURN(std::string lane_name, StringField(json, "lane_type", where));
  CELLA_ASSIGN_OR_RETURN(LaneType lane_type, ParseLaneType(lane_name, where));
  CELLA_ASSIGN_OR_RETURN(const Json* lanes, ArrayField(json, "value", where));
  if (static_cast<int>(lanes->size()) != LaneCount(lane_type)) {
    return Bad(where, "a v128 of " + lane_name + " lanes needs " + std::to_string(LaneCount(lane_type)) +
                          " values, got " + std::to_string(lanes->size()));
  }
  std::vector<std::string> out;
  for (const Json& lane : *lanes) {
    if (!lane.is_string()) return Bad(where, "a v128 lane is not a string");
    out.push_back(lane.get<std::string>());
  }
  return std::make_pair(lane_type, std::move(out));
}

Result<Value> ParseArg(const Json& json, const std::string& where) {
  if (!json.is_object()) return Bad(where, "not an object");
  CELLA_ASSIGN_OR_RETURN(std::string type_name, StringField(json, "type", where));
  CELLA_ASSIGN_OR_RETURN(ValType type, ParseValType(type_name, where));
  if (type == ValType::kV128) {
    CELLA_ASSIGN_OR_RETURN(auto lanes, ParseLaneStrings(json, where));
    V128 v;
    for (int i = 0; i < LaneCount(lanes.first); ++i) {
      CELLA_ASSIGN_OR_RETURN(uint64_t bits, ParseDecimal(lanes.second[i], MaxLaneBits(lanes.first), where));
      SetLane(v, lanes.first, i, bits);
    }
    return Value::FromV128(v);
  }
  CELLA_ASSIGN_OR_RETURN(std::string text, StringField(json, "value", where));
  if (IsRefType(type)) {
    if (text == "null") return Value::NullRef(type);
    if (type == ValType::kFuncRef) return Bad(where, "a funcref argument can only be null");
    CELLA_ASSIGN_OR_RETURN(uint64_t handle, ParseExternHandle(text, where));
    return Value::ExternRef(handle);
  }
  CELLA_ASSIGN_OR_RETURN(uint64_t bits, ParseDecimal(text, MaxBits(type), where));
  return Value::FromRaw(type, bits);
}

// A number, or for f32/f64 a NaN class.
Result<ExpectedValue> ParseExpectedNumber(ValType type, const std::string& text, uint64_t max,
                                          const std::string& where) {
  bool is_float = type == ValType::kF32 || type == ValType::kF64;
  if (is_float && text == "nan:canonical") {
    return ExpectedValue::Nan(type, ExpectedValue::Kind::kCanonicalNan);
  }
  if (is_float && text == "nan:arithmetic") {
    return ExpectedValue::Nan(type, ExpectedValue::Kind::kArithmeticNan);
  }
  CELLA_ASSIGN_OR_RETURN(uint64_t bits, ParseDecimal(text, max, where));
  return ExpectedValue::Bits(type, bits);
}

Result<ExpectedValue> ParseExpected(const Json& json, const std::string& where) {
  if (!json.is_object()) return Bad(where, "not an object");
  CELLA_ASSIGN_OR_RETURN(std::string type_name, StringField(json, "type", where));
  if (type_name == "either") {
    CELLA_ASSIGN_OR_RETURN(const Json* values, ArrayField(json, "values", where));
    std::vector<ExpectedValue> alternatives;
    for (size_t i = 0; i < values->size(); ++i) {
      CELLA_ASSIGN_OR_RETURN(ExpectedValue alternative,
                             ParseExpected((*values)[i], where + ".values[" + std::to_string(i) + "]"));
      alternatives.push_back(std::move(alternative));
    }
    if (alternatives.empty()) return Bad(where, "\"either\" without alternatives");
    return ExpectedValue::Either(std::move(alternatives));
  }
  CELLA_ASSIGN_OR_RETURN(ValType type, ParseValType(type_name, where));
  if (type == ValType::kV128) {
    CELLA_ASSIGN_OR_RETURN(auto lanes, ParseLaneStrings(json, where));
    std::vector<ExpectedValue> expected_lanes;
    for (const std::string& lane : lanes.second) {
      CELLA_ASSIGN_OR_RETURN(ExpectedValue e, ParseExpectedNumber(LaneScalarType(lanes.first), lane,
                                                                  MaxLaneBits(lanes.first), where));
      expected_lanes.push_back(std::move(e));
    }
    return ExpectedValue::Lanes(lanes.first, std::move(expected_lanes));
  }
  if (IsRefType(type)) {
    // No value: any non-null reference ("(ref.func)", "(ref.extern)").
    if (!json.contains("value")) return ExpectedValue::NonNullRef(type);
    CELLA_ASSIGN_OR_RETURN(std::string text, StringField(json, "value", where));
    if (text == "null") return ExpectedValue::NullRef(type);
    if (type == ValType::kFuncRef) return Bad(where, "an expected funcref can only be null or absent");
    CELLA_ASSIGN_OR_RETURN(uint64_t handle, ParseExternHandle(text, where));
    return ExpectedValue::ExternRef(handle);
  }
  CELLA_ASSIGN_OR_RETURN(std::string text, StringField(json, "value", where));
  return ParseExpectedNumber(type, text, MaxBits(type), where);
}

Result<Action> ParseAction(const Json& json, const std::string& where) {
  if (!json.is_object()) return Bad(where, "not an object");
  Action action;
  CELLA_ASSIGN_OR_RETURN(std::string type, StringField(json, "type", where));
  if (type == "invoke") {
    action.type = Action::Type::kInvoke;
  } else if (type == "get") {
    action.type = Action::Type::kGet;
  } else {
    return Bad(where, "unknown action type \"" + type + "\"");
  }
  CELLA_ASSIGN_OR_RETURN(action.field, StringField(json, "field", where));
  CELLA_ASSIGN_OR_RETURN(action.module, OptionalStringField(json, "module", where));
  if (action.type == Action::Type::kInvoke || json.contains("args")) {
    CELLA_ASSIGN_OR_RETURN(const Json* args, ArrayField(json, "args", where));
    for (size_t i = 0; i < args->size(); ++i) {
      CELLA_ASSIGN_OR_RETURN(Value arg, ParseArg((*args)[i], where + ".args[" + std::to_string(i) + "]"));
      action.args.push_back(arg);
    }
  }
  return action;
}

struct TypeEntry {
  const char* name;
  CommandType type;
};

constexpr TypeEntry kCommandTypes[] = {
    {"module", CommandType::kModule},
    {"register", CommandType::kRegister},
    {"action", CommandType::kAction},
    {"assert_return", CommandType::kAssertReturn},
    {"assert_trap", CommandType::kAssertTrap},
    {"assert_exhaustion", CommandType::kAssertExhaustion},
    {"assert_exception", CommandType::kAssertException},
    {"assert_invalid", CommandType::kAssertInvalid},
    {"assert_malformed", CommandType::kAssertMalformed},
    {"assert_unlinkable", CommandType::kAssertUnlinkable},
    {"assert_uninstantiable", CommandType::kAssertUninstantiable},
};

CommandType LookupCommandType(const std::string& name) {
  for (const TypeEntry& entry : kCommandTypes) {
    if (name == entry.name) return entry.type;
  }
  return CommandType::kUnsupported;
}

// "filename" and "module_type" of a command that names a module file.
Status ParseModuleFile(const Json& json, Command& command, const std::string& where) {
  CELLA_ASSIGN_OR_RETURN(command.filename, StringField(json, "filename", where));
  if (command.filename.empty()) return Bad(where, "empty \"filename\"");
  CELLA_ASSIGN_OR_RETURN(std::string module_type, OptionalStringField(json, "module_type", where));
  if (!module_type.empty() && module_type != "binary" && module_type != "text") {
    return Bad(where, "unknown module_type \"" + module_type + "\"");
  }
  const std::string& f = command.filename;
  bool wat_name = f.size() >= 4 && f.compare(f.size() - 4, 4, ".wat") == 0;
  command.text_module = module_type == "text" || (module_type.empty() && wat_name);
  return OkStatus();
}

// "action", and for assert_return the "expected" values.
Status ParseActionCommand(const Json& json, Command& command, const std::string& where) {
  CELLA_ASSIGN_OR_RETURN(const Json* action, Field(json, "action", where));
  CELLA_ASSIGN_OR_RETURN(command.action, ParseAction(*action, where + ": action"));
  // Only assert_return's "expected" holds values; elsewhere it lists result types.
  if (command.type != CommandType::kAssertReturn) return OkStatus();
  CELLA_ASSIGN_OR_RETURN(const Json* expected, ArrayField(json, "expected", where));
  for (size_t i = 0; i < expected->size(); ++i) {
    CELLA_ASSIGN_OR_RETURN(ExpectedValue e,
                           ParseExpected((*expected)[i], where + ": expected[" + std::to_string(i) + "]"));
    command.expected.push_back(std::move(e));
  }
  return OkStatus();
}

Result<Command> ParseCommand(const Json& json, const std::string& index_where) {
  if (!json.is_object()) return Bad(index_where, "not an object");
  Command command;
  CELLA_ASSIGN_OR_RETURN(command.type_name, StringField(json, "type", index_where));
  CELLA_ASSIGN_OR_RETURN(const Json* line, Field(json, "line", index_where));
  if (!line->is_number_unsigned() || line->get<uint64_t>() > std::numeric_limits<uint32_t>::max()) {
    return Bad(index_where, "\"line\" is not a line number");
  }
  command.line = line->get<uint32_t>();
  std::string where = index_where + " (line " + std::to_string(command.line) + ")";
  command.type = LookupCommandType(command.type_name);
  CELLA_ASSIGN_OR_RETURN(command.text, OptionalStringField(json, "text", where));

  switch (command.type) {
    case CommandType::kModule: {
      CELLA_ASSIGN_OR_RETURN(command.name, OptionalStringField(json, "name", where));
      CELLA_TRY(ParseModuleFile(json, command, where));
      break;
    }
    case CommandType::kRegister: {
      CELLA_ASSIGN_OR_RETURN(command.name, OptionalStringField(json, "name", where));
      CELLA_ASSIGN_OR_RETURN(command.register_as, StringField(json, "as", where));
      break;
    }
    case CommandType::kAssertTrap:
      // The module form, (assert_trap (module …) "…"), traps while instantiating.
      if (json.contains("filename")) {
        CELLA_TRY(ParseModuleFile(json, command, where));
      } else {
        CELLA_TRY(ParseActionCommand(json, command, where));
      }
      break;
    case CommandType::kAction:
    case CommandType::kAssertReturn:
    case CommandType::kAssertExhaustion:
    case CommandType::kAssertException:
      CELLA_TRY(ParseActionCommand(json, command, where));
      break;
    case CommandType::kAssertInvalid:
    case CommandType::kAssertMalformed:
    case CommandType::kAssertUnlinkable:
    case CommandType::kAssertUninstantiable:
      CELLA_TRY(ParseModuleFile(json, command, where));
      break;
    case CommandType::kUnsupported:
      break;
  }
  return command;
}

// nlohmann's what() starts with "[json.exception.parse_error.101] "; keep the rest.
std::string JsonErrorText(const std::exception& e) {
  std::string text = e.what();
  if (!text.empty() && text[0] == '[') {
    size_t close = text.find("] ");
    if (close != std::string::npos) text.erase(0, close + 2);
  }
  return text;
}

}  // namespace

Result<Script> ParseScript(std::string_view json_text) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::exception& e) {
    return MakeError(Errc::kBadFormat, "not valid JSON: " + JsonErrorText(e));
  }
  if (!root.is_object()) return MakeError(Errc::kBadFormat, "the top level is not a JSON object");
  Script script;
  CELLA_ASSIGN_OR_RETURN(script.source_filename, OptionalStringField(root, "source_filename", "top level"));
  CELLA_ASSIGN_OR_RETURN(const Json* commands, ArrayField(root, "commands", "top level"));
  for (size_t i = 0; i < commands->size(); ++i) {
    CELLA_ASSIGN_OR_RETURN(Command command,
                           ParseCommand((*commands)[i], "commands[" + std::to_string(i) + "]"));
    script.commands.push_back(std::move(command));
  }
  return script;
}

Result<std::vector<uint8_t>> ReadHostFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Errc::kIo, "cannot open " + path + ": " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError(Errc::kIo, "cannot read " + path + ": " + std::strerror(errno));
  return bytes;
}

Result<Script> LoadScript(const std::string& json_path, const FileLoader& loader) {
  Result<std::vector<uint8_t>> bytes = loader(json_path);
  if (!bytes.ok()) return MakeError(Errc::kIo, bytes.error().message);
  std::string_view text(reinterpret_cast<const char*>(bytes.value().data()), bytes.value().size());
  Result<Script> script = ParseScript(text);
  if (!script.ok()) return MakeError(Errc::kBadFormat, json_path + ": " + script.error().message);
  if (script.value().source_filename.empty()) {
    script.value().source_filename = std::filesystem::path(json_path).stem().string() + ".wast";
  }
  return script;
}

}  // namespace cella::wast
