// tests/spec/json_commands_test.cc: wast2json JSON → Script: every command type, argument
// conversion, expected forms, and the errors a malformed file gets.
#include "wast/json_commands.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace cella::wast {
namespace {

using Kind = ExpectedValue::Kind;

std::string Wrap(const std::string& commands) {
  return R"({"source_filename": "t.wast", "commands": [)" + commands + "]}";
}

Command ParseOne(const std::string& command_json) {
  Result<Script> script = ParseScript(Wrap(command_json));
  EXPECT_TRUE(script.ok()) << (script.ok() ? "" : script.error().message);
  if (!script.ok() || script->commands.size() != 1) return Command{};
  return script->commands[0];
}

std::string ParseError(const std::string& json) {
  Result<Script> script = ParseScript(json);
  EXPECT_FALSE(script.ok());
  if (script.ok()) return "";
  EXPECT_EQ(script.error().code, Errc::kBadFormat);
  return script.error().message;
}

TEST(ParseScript, ReadsSourceAndCommandsInOrder) {
  Result<Script> script = ParseScript(Wrap(R"({"type": "module", "line": 3, "filename": "t.0.wasm"},
      {"type": "register", "line": 4, "as": "M"})"));
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(script->source_filename, "t.wast");
  ASSERT_EQ(script->commands.size(), 2u);
  EXPECT_EQ(script->commands[0].type, CommandType::kModule);
  EXPECT_EQ(script->commands[0].line, 3u);
  EXPECT_EQ(script->commands[0].filename, "t.0.wasm");
  EXPECT_FALSE(script->commands[0].text_module);
  EXPECT_EQ(script->commands[1].type, CommandType::kRegister);
  EXPECT_EQ(script->commands[1].register_as, "M");
  EXPECT_EQ(script->commands[1].name, "");
}

TEST(ParseScript, NamedModuleAndRegisterOfANamedModule) {
  Command module = ParseOne(R"({"type": "module", "line": 3, "name": "$M1", "filename": "b.2.wasm"})");
  EXPECT_EQ(module.name, "$M1");
  Command reg = ParseOne(R"({"type": "register", "line": 9, "name": "$m", "as": "exporter"})");
  EXPECT_EQ(reg.name, "$m");
  EXPECT_EQ(reg.register_as, "exporter");
}

TEST(ParseScript, InvokeArgumentsBecomeValues) {
  Command c = ParseOne(R"({"type": "assert_return", "line": 7, "action": {"type": "invoke", "module": "$m",
      "field": "f", "args": [{"type": "i32", "value": "4294967295"}, {"type": "i64", "value": "18446744073709551615"},
      {"type": "f32", "value": "2143289344"}, {"type": "f64", "value": "9221120237041090560"},
      {"type": "externref", "value": "42"}, {"type": "externref", "value": "null"},
      {"type": "funcref", "value": "null"}]}, "expected": []})");
  ASSERT_TRUE(c.action.has_value());
  EXPECT_EQ(c.action->type, Action::Type::kInvoke);
  EXPECT_EQ(c.action->module, "$m");
  EXPECT_EQ(c.action->field, "f");
  const auto& args = c.action->args;
  ASSERT_EQ(args.size(), 7u);
  EXPECT_EQ(args[0].type(), ValType::kI32);
  EXPECT_EQ(args[0].i32(), 0xffffffffu);
  EXPECT_EQ(args[1].i64(), 0xffffffffffffffffu);
  EXPECT_EQ(args[2].type(), ValType::kF32);
  EXPECT_EQ(args[2].f32_bits(), 0x7fc00000u);
  EXPECT_EQ(args[3].f64_bits(), 0x7ff8000000000000u);
  EXPECT_EQ(args[4].type(), ValType::kExternRef);
  EXPECT_FALSE(args[4].is_null_ref());
  EXPECT_EQ(args[4].extern_handle(), 42u);
  EXPECT_TRUE(args[5].is_null_ref());
  EXPECT_EQ(args[6].type(), ValType::kFuncRef);
  EXPECT_TRUE(args[6].is_null_ref());
}

TEST(ParseScript, ExternRefZeroIsNotNull) {
  Command c = ParseOne(R"({"type": "action", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": [{"type": "externref", "value": "0"}]}, "expected": []})");
  ASSERT_EQ(c.action->args.size(), 1u);
  EXPECT_FALSE(c.action->args[0].is_null_ref());
  EXPECT_EQ(c.action->args[0].extern_handle(), 0u);
}

TEST(ParseScript, ExpectedForms) {
  Command c = ParseOne(R"({"type": "assert_return", "line": 5, "action": {"type": "invoke", "field": "f", "args": []},
      "expected": [{"type": "i32", "value": "1"}, {"type": "f32", "value": "nan:canonical"},
      {"type": "f64", "value": "nan:arithmetic"}, {"type": "f64", "value": "9223372036854775808"},
      {"type": "funcref", "value": "null"}, {"type": "funcref"}, {"type": "externref", "value": "7"},
      {"type": "externref"},
      {"type": "either", "values": [{"type": "i32", "value": "1"}, {"type": "i32", "value": "2"}]}]})");
  ASSERT_EQ(c.expected.size(), 9u);
  EXPECT_EQ(c.expected[0].kind, Kind::kBits);
  EXPECT_EQ(c.expected[0].bits, 1u);
  EXPECT_EQ(c.expected[1].kind, Kind::kCanonicalNan);
  EXPECT_EQ(c.expected[1].type, ValType::kF32);
  EXPECT_EQ(c.expected[2].kind, Kind::kArithmeticNan);
  EXPECT_EQ(c.expected[2].type, ValType::kF64);
  EXPECT_EQ(c.expected[3].bits, 0x8000000000000000u);
  EXPECT_EQ(c.expected[4].kind, Kind::kNullRef);
  EXPECT_EQ(c.expected[5].kind, Kind::kNonNullRef);
  EXPECT_EQ(c.expected[5].type, ValType::kFuncRef);
  EXPECT_EQ(c.expected[6].kind, Kind::kExternRef);
  EXPECT_EQ(c.expected[6].bits, 7u);
  EXPECT_EQ(c.expected[7].kind, Kind::kNonNullRef);
  EXPECT_EQ(c.expected[8].kind, Kind::kEither);
  EXPECT_EQ(c.expected[8].elements.size(), 2u);
  EXPECT_FALSE(UsesV128(c));
}

TEST(ParseScript, V128ArgumentsAndExpectedLanes) {
  Command c = ParseOne(R"({"type": "assert_return", "line": 15, "action": {"type": "invoke", "field": "not",
      "args": [{"type": "v128", "lane_type": "i16", "value": ["1", "2", "3", "4", "5", "6", "7", "65535"]}]},
      "expected": [{"type": "v128", "lane_type": "f32", "value": ["nan:canonical", "nan:arithmetic", "0", "2147483648"]}]})");
  ASSERT_EQ(c.action->args.size(), 1u);
  const Value& arg = c.action->args[0];
  EXPECT_EQ(arg.type(), ValType::kV128);
  EXPECT_EQ(arg.v128().bytes[0], 1);
  EXPECT_EQ(arg.v128().bytes[1], 0);
  EXPECT_EQ(arg.v128().bytes[14], 0xff);
  EXPECT_EQ(arg.v128().bytes[15], 0xff);
  ASSERT_EQ(c.expected.size(), 1u);
  const ExpectedValue& e = c.expected[0];
  EXPECT_EQ(e.kind, Kind::kV128);
  EXPECT_EQ(e.lane_type, LaneType::kF32);
  ASSERT_EQ(e.elements.size(), 4u);
  EXPECT_EQ(e.elements[0].kind, Kind::kCanonicalNan);
  EXPECT_EQ(e.elements[1].kind, Kind::kArithmeticNan);
  EXPECT_EQ(e.elements[3].bits, 0x80000000u);
  EXPECT_TRUE(UsesV128(c));
}

TEST(ParseScript, GetAction) {
  Command c = ParseOne(R"({"type": "assert_return", "line": 2, "action": {"type": "get", "module": "$g",
      "field": "glob"}, "expected": [{"type": "i32", "value": "666"}]})");
  EXPECT_EQ(c.action->type, Action::Type::kGet);
  EXPECT_EQ(c.action->field, "glob");
  EXPECT_TRUE(c.action->args.empty());
}

TEST(ParseScript, TrapAndExhaustionIgnoreTheirTypeOnlyExpected) {
  Command trap = ParseOne(R"({"type": "assert_trap", "line": 16, "action": {"type": "invoke", "field": "d",
      "args": []}, "text": "integer divide by zero", "expected": [{"type": "i32"}]})");
  EXPECT_EQ(trap.type, CommandType::kAssertTrap);
  EXPECT_EQ(trap.text, "integer divide by zero");
  EXPECT_TRUE(trap.expected.empty());
  EXPECT_FALSE(trap.has_module_file());
  Command exhaustion = ParseOne(R"({"type": "assert_exhaustion", "line": 109, "action": {"type": "invoke",
      "field": "fac", "args": []}, "text": "call stack exhausted", "expected": [{"type": "i64"}]})");
  EXPECT_EQ(exhaustion.type, CommandType::kAssertExhaustion);
}

TEST(ParseScript, AssertTrapOnAModule) {
  Command c = ParseOne(R"({"type": "assert_trap", "line": 40, "filename": "t.5.wasm", "text": "unreachable",
      "module_type": "binary"})");
  EXPECT_TRUE(c.has_module_file());
  EXPECT_FALSE(c.action.has_value());
}

TEST(ParseScript, ModuleAssertionsAndTextModules) {
  Command invalid = ParseOne(R"({"type": "assert_invalid", "line": 1, "filename": "t.1.wasm",
      "text": "type mismatch", "module_type": "binary"})");
  EXPECT_EQ(invalid.type, CommandType::kAssertInvalid);
  EXPECT_FALSE(invalid.text_module);
  Command malformed = ParseOne(R"({"type": "assert_malformed", "line": 2, "filename": "t.2.wat",
      "text": "alignment", "module_type": "text"})");
  EXPECT_TRUE(malformed.text_module);
  Command wat = ParseOne(R"({"type": "module", "line": 3, "filename": "t.3.wat"})");
  EXPECT_TRUE(wat.text_module);
  Command unlinkable = ParseOne(R"({"type": "assert_unlinkable", "line": 4, "filename": "t.4.wasm", "text": "x"})");
  EXPECT_EQ(unlinkable.type, CommandType::kAssertUnlinkable);
  Command uninstantiable =
      ParseOne(R"({"type": "assert_uninstantiable", "line": 5, "filename": "t.5.wasm", "text": "x"})");
  EXPECT_EQ(uninstantiable.type, CommandType::kAssertUninstantiable);
}

TEST(ParseScript, UnknownCommandTypeIsKeptAsUnsupported) {
  Command c = ParseOne(R"({"type": "assert_suspension", "line": 8, "action": {}})");
  EXPECT_EQ(c.type, CommandType::kUnsupported);
  EXPECT_EQ(c.type_name, "assert_suspension");
}

TEST(ParseScript, ParsesAssertException) {
  Command c = ParseOne(
      R"({"type": "assert_exception", "line": 9, "action": {"type": "invoke", "field": "throw", "args": []}})");
  EXPECT_EQ(c.type, CommandType::kAssertException);
  ASSERT_TRUE(c.action.has_value());
  EXPECT_EQ(c.action->field, "throw");
}

TEST(ParseScript, RejectsInvalidJson) {
  std::string message = ParseError(R"({"commands": [)");
  EXPECT_NE(message.find("not valid JSON"), std::string::npos) << message;
}

TEST(ParseScript, RejectsMissingCommands) {
  EXPECT_NE(ParseError(R"({"source_filename": "x.wast"})").find("missing \"commands\""), std::string::npos);
  EXPECT_NE(ParseError("[]").find("not a JSON object"), std::string::npos);
}

TEST(ParseScript, ErrorsNameTheCommandAndLine) {
  std::string message = ParseError(Wrap(R"({"type": "module", "line": 3, "filename": "a.wasm"},
      {"type": "assert_return", "line": 12, "action": {"type": "invoke", "field": "f",
       "args": [{"type": "i32", "value": "4294967296"}]}, "expected": []})"));
  EXPECT_NE(message.find("commands[1] (line 12)"), std::string::npos) << message;
  EXPECT_NE(message.find("args[0]"), std::string::npos) << message;
  EXPECT_NE(message.find("does not fit"), std::string::npos) << message;
}

TEST(ParseScript, RejectsBadFields) {
  EXPECT_NE(ParseError(Wrap(R"({"line": 1})")).find("missing \"type\""), std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "module", "line": -1, "filename": "a.wasm"})")).find("line"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "module", "line": 1})")).find("missing \"filename\""), std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "register", "line": 1})")).find("missing \"as\""), std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": [{"type": "i32", "value": "-1"}]}, "expected": []})")).find("not an unsigned decimal"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": [{"type": "i128", "value": "1"}]}, "expected": []})")).find("unknown value type"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "call", "field": "f"},
      "expected": []})")).find("unknown action type"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": []}, "expected": [{"type": "i32", "value": "nan:canonical"}]})")).find("not an unsigned decimal"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": [{"type": "v128", "lane_type": "i32", "value": ["1", "2"]}]}, "expected": []})")).find("needs 4"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": [{"type": "v128", "lane_type": "i8", "value": ["256", "0", "0", "0", "0", "0", "0", "0", "0", "0",
      "0", "0", "0", "0", "0", "0"]}]}, "expected": []})")).find("does not fit"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": [{"type": "funcref", "value": "3"}]}, "expected": []})")).find("funcref"),
            std::string::npos);
  EXPECT_NE(ParseError(Wrap(R"({"type": "assert_return", "line": 1, "action": {"type": "invoke", "field": "f",
      "args": []}})")).find("missing \"expected\""),
            std::string::npos);
}

FileLoader MemoryLoader(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> Result<std::vector<uint8_t>> {
    auto it = files.find(path);
    if (it == files.end()) return MakeError(Errc::kIo, "cannot open " + path + ": no such file");
    return std::vector<uint8_t>(it->second.begin(), it->second.end());
  };
}

TEST(LoadScript, ParsesTheFileTheLoaderReturns) {
  FileLoader loader = MemoryLoader({{"dir/a.json", Wrap(R"({"type": "module", "line": 1, "filename": "a.0.wasm"})")}});
  Result<Script> script = LoadScript("dir/a.json", loader);
  ASSERT_TRUE(script.ok()) << script.error().message;
  EXPECT_EQ(script->source_filename, "t.wast");
  EXPECT_EQ(script->commands.size(), 1u);
}

TEST(LoadScript, DefaultsTheSourceNameToTheJsonStem) {
  FileLoader loader = MemoryLoader({{"dir/br_if.json", R"({"commands": []})"}});
  Result<Script> script = LoadScript("dir/br_if.json", loader);
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(script->source_filename, "br_if.wast");
}

TEST(LoadScript, UnreadableIsAnIoErrorNamingThePath) {
  Result<Script> script = LoadScript("missing.json", MemoryLoader({}));
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.error().code, Errc::kIo);
  EXPECT_NE(script.error().message.find("missing.json"), std::string::npos);
}

TEST(LoadScript, MalformedIsABadFormatErrorNamingThePath) {
  Result<Script> script = LoadScript("bad.json", MemoryLoader({{"bad.json", "{\"commands\": 3}"}}));
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.error().code, Errc::kBadFormat);
  EXPECT_EQ(script.error().message, "bad.json: top level: \"commands\" is not an array");
}

TEST(ReadHostFile, ReadsBytesAndReportsMissingFiles) {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("cella_wast_read_" + std::to_string(::getpid()) + ".bin");
  {
    std::ofstream out(path, std::ios::binary);
    out.write("\0\x61sm", 4);
  }
  Result<std::vector<uint8_t>> bytes = ReadHostFile(path.string());
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes.value(), (std::vector<uint8_t>{0, 'a', 's', 'm'}));
  std::filesystem::remove(path);
  Result<std::vector<uint8_t>> missing = ReadHostFile(path.string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kIo);
  EXPECT_NE(missing.error().message.find(path.string()), std::string::npos);
}

}  // namespace
}  // namespace cella::wast
