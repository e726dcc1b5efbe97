// tests/spec/wast_runner_test.cc: runs small scripts through the engine: modules,
// register and imports, every assertion kind, the spectest module, pauses, skips and
// unreadable module files, checking tallies and the printed lines.
#include "wast/wast_runner.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "wast/json_commands.h"

namespace cella::wast {
namespace {

// (module
//   (func (export "answer") (result i32) (i32.const 42))
//   (func (export "trap") (unreachable))
//   (func $rec (export "recurse") (call $rec))
//   (func (export "spin") (loop (br 0)))
//   (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
const std::vector<uint8_t> kMainWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0e, 0x03, 0x60,
    0x00, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    0x03, 0x06, 0x05, 0x00, 0x01, 0x01, 0x01, 0x02, 0x07, 0x28, 0x05, 0x06,
    0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x00, 0x00, 0x04, 0x74, 0x72, 0x61,
    0x70, 0x00, 0x01, 0x07, 0x72, 0x65, 0x63, 0x75, 0x72, 0x73, 0x65, 0x00,
    0x02, 0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x03, 0x03, 0x61, 0x64, 0x64,
    0x00, 0x04, 0x0a, 0x1f, 0x05, 0x04, 0x00, 0x41, 0x2a, 0x0b, 0x03, 0x00,
    0x00, 0x0b, 0x04, 0x00, 0x10, 0x02, 0x0b, 0x07, 0x00, 0x03, 0x40, 0x0c,
    0x00, 0x0b, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
};

// (module
//   (import "M" "answer" (func $a (result i32)))
//   (func (export "twice") (result i32) (i32.add (call $a) (call $a))))
const std::vector<uint8_t> kImportWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x02, 0x0c, 0x01, 0x01, 0x4d, 0x06, 0x61, 0x6e, 0x73,
    0x77, 0x65, 0x72, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x09, 0x01,
    0x05, 0x74, 0x77, 0x69, 0x63, 0x65, 0x00, 0x01, 0x0a, 0x09, 0x01, 0x07,
    0x00, 0x10, 0x00, 0x10, 0x00, 0x6a, 0x0b,
};

// (module
//   (import "spectest" "print_i32" (func (param i32)))
//   (import "spectest" "global_i32" (global $gi i32))
//   (import "spectest" "global_f32" (global $gf f32))
//   (import "spectest" "table" (table 10 20 funcref))
//   (import "spectest" "memory" (memory 1 2))
//   (global (export "gi") i32 (global.get $gi))
//   (global (export "gf") f32 (global.get $gf)))
const std::vector<uint8_t> kSpectestWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x01, 0x7f, 0x00, 0x02, 0x6c, 0x05, 0x08, 0x73, 0x70, 0x65, 0x63, 0x74,
    0x65, 0x73, 0x74, 0x09, 0x70, 0x72, 0x69, 0x6e, 0x74, 0x5f, 0x69, 0x33,
    0x32, 0x00, 0x00, 0x08, 0x73, 0x70, 0x65, 0x63, 0x74, 0x65, 0x73, 0x74,
    0x0a, 0x67, 0x6c, 0x6f, 0x62, 0x61, 0x6c, 0x5f, 0x69, 0x33, 0x32, 0x03,
    0x7f, 0x00, 0x08, 0x73, 0x70, 0x65, 0x63, 0x74, 0x65, 0x73, 0x74, 0x0a,
    0x67, 0x6c, 0x6f, 0x62, 0x61, 0x6c, 0x5f, 0x66, 0x33, 0x32, 0x03, 0x7d,
    0x00, 0x08, 0x73, 0x70, 0x65, 0x63, 0x74, 0x65, 0x73, 0x74, 0x05, 0x74,
    0x61, 0x62, 0x6c, 0x65, 0x01, 0x70, 0x01, 0x0a, 0x14, 0x08, 0x73, 0x70,
    0x65, 0x63, 0x74, 0x65, 0x73, 0x74, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
    0x79, 0x02, 0x01, 0x01, 0x02, 0x06, 0x0b, 0x02, 0x7f, 0x00, 0x23, 0x00,
    0x0b, 0x7d, 0x00, 0x23, 0x01, 0x0b, 0x07, 0x0b, 0x02, 0x02, 0x67, 0x69,
    0x03, 0x02, 0x02, 0x67, 0x66, 0x03, 0x03,
};

// (module (func $s unreachable) (start $s))
const std::vector<uint8_t> kStartTrapWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
    0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x08, 0x01, 0x00, 0x0a, 0x05, 0x01,
    0x03, 0x00, 0x00, 0x0b,
};

// (module (func (result i32) (i64.const 0)))
const std::vector<uint8_t> kInvalidWasm = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
    0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00,
    0x42, 0x00, 0x0b,
};

const std::map<std::string, std::vector<uint8_t>>& Files() {
  static const auto* files = new std::map<std::string, std::vector<uint8_t>>{
      {"d/main.wasm", kMainWasm},     {"d/import.wasm", kImportWasm},   {"d/spectest.wasm", kSpectestWasm},
      {"d/start.wasm", kStartTrapWasm}, {"d/invalid.wasm", kInvalidWasm}, {"d/bad.wasm", {0, 'a', 's', 'm', 1, 0, 0, 0, 0xff}},
  };
  return *files;
}

Result<std::vector<uint8_t>> LoadFromMemory(const std::string& path) {
  auto it = Files().find(path);
  if (it == Files().end()) return MakeError(Errc::kIo, "cannot open " + path + ": no such file");
  return it->second;
}

struct ScriptOutput {
  FileReport report;
  std::string output;
};

ScriptOutput RunCommands(const std::string& commands, WastOptions options = {}) {
  Result<Script> script = ParseScript(R"({"source_filename": "t.wast", "commands": [)" + commands + "]}");
  EXPECT_TRUE(script.ok()) << (script.ok() ? "" : script.error().message);
  if (!script.ok()) return {};
  Engine engine;
  std::ostringstream out;
  Result<FileReport> report = RunScript(engine, script.value(), "d", options, LoadFromMemory, out);
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
  if (!report.ok()) return {};
  return {report.value(), out.str()};
}

constexpr char kMain[] = R"({"type": "module", "line": 1, "filename": "main.wasm"})";

std::string Invoke(const std::string& type, int line, const std::string& field, const std::string& rest) {
  return R"({"type": ")" + type + R"(", "line": )" + std::to_string(line) +
         R"(, "action": {"type": "invoke", "field": ")" + field + R"(", "args": []})" + rest + "}";
}

TEST(WastRunner, AssertReturnPassesAndFailsWithALine) {
  ScriptOutput run = RunCommands(std::string(kMain) + "," +
                        Invoke("assert_return", 2, "answer", R"(, "expected": [{"type": "i32", "value": "42"}])") + "," +
                        Invoke("assert_return", 3, "answer", R"(, "expected": [{"type": "i32", "value": "7"}])"));
  EXPECT_EQ(run.report.source, "t.wast");
  EXPECT_EQ(run.report.tally.passed, 2u);
  EXPECT_EQ(run.report.tally.failed, 1u);
  EXPECT_EQ(run.output, "t.wast:3: assert_return: expected i32:7, got i32:42\n");
}

TEST(WastRunner, ArgumentsReachTheFunction) {
  ScriptOutput run = RunCommands(std::string(kMain) + "," + R"({"type": "assert_return", "line": 2, "action": {"type": "invoke",
      "field": "add", "args": [{"type": "i32", "value": "4294967295"}, {"type": "i32", "value": "3"}]},
      "expected": [{"type": "i32", "value": "2"}]})");
  EXPECT_EQ(run.report.tally.passed, 2u);
  EXPECT_EQ(run.output, "");
}

TEST(WastRunner, TrapsAndExhaustion) {
  ScriptOutput run = RunCommands(std::string(kMain) + "," +
                        Invoke("assert_trap", 2, "trap", R"(, "text": "unreachable", "expected": [])") + "," +
                        Invoke("assert_exhaustion", 3, "recurse", R"(, "text": "call stack exhausted", "expected": [])") +
                        "," + Invoke("assert_exhaustion", 4, "trap", R"(, "text": "call stack exhausted", "expected": [])") +
                        "," + Invoke("assert_trap", 5, "answer", R"(, "text": "unreachable", "expected": [])") + "," +
                        Invoke("action", 6, "trap", R"(, "expected": [])"));
  EXPECT_EQ(run.report.tally.passed, 3u);
  EXPECT_EQ(run.report.tally.failed, 3u);
  EXPECT_EQ(run.output,
            "t.wast:4: assert_exhaustion: expected call stack exhaustion \"call stack exhausted\", got trap: "
            "unreachable executed\n"
            "t.wast:5: assert_trap: expected trap \"unreachable\", got i32:42\n"
            "t.wast:6: action: expected a return, got trap: unreachable executed\n");
}

TEST(WastRunner, OutOfFuelIsAFailureAndTheStoreStaysUsable) {
  WastOptions options;
  options.fuel = 10'000;
  ScriptOutput run = RunCommands(std::string(kMain) + "," + Invoke("action", 2, "spin", R"(, "expected": [])") + "," +
                            Invoke("assert_return", 3, "answer", R"(, "expected": [{"type": "i32", "value": "42"}])"),
                        options);
  EXPECT_EQ(run.report.tally.passed, 2u);
  EXPECT_EQ(run.report.tally.failed, 1u);
  EXPECT_EQ(run.output, "t.wast:2: action: expected a return, got paused: out of fuel\n");
}

TEST(WastRunner, RegisteredAndNamedModules) {
  ScriptOutput run = RunCommands(R"({"type": "module", "line": 1, "name": "$M", "filename": "main.wasm"},
      {"type": "register", "line": 2, "name": "$M", "as": "M"},
      {"type": "module", "line": 3, "filename": "import.wasm"},
      {"type": "assert_return", "line": 4, "action": {"type": "invoke", "field": "twice", "args": []},
       "expected": [{"type": "i32", "value": "84"}]},
      {"type": "assert_return", "line": 5, "action": {"type": "invoke", "module": "$M", "field": "answer", "args": []},
       "expected": [{"type": "i32", "value": "42"}]},
      {"type": "assert_return", "line": 6, "action": {"type": "invoke", "module": "$X", "field": "answer", "args": []},
       "expected": []})");
  EXPECT_EQ(run.report.tally.passed, 5u);
  EXPECT_EQ(run.report.tally.failed, 1u);
  EXPECT_EQ(run.output, "t.wast:6: assert_return: no module named $X\n");
}

TEST(WastRunner, ModuleAssertions) {
  ScriptOutput run = RunCommands(R"({"type": "assert_malformed", "line": 1, "filename": "bad.wasm", "text": "x", "module_type": "binary"},
      {"type": "assert_invalid", "line": 2, "filename": "invalid.wasm", "text": "type mismatch", "module_type": "binary"},
      {"type": "assert_unlinkable", "line": 3, "filename": "import.wasm", "text": "unknown import", "module_type": "binary"},
      {"type": "assert_uninstantiable", "line": 4, "filename": "start.wasm", "text": "unreachable", "module_type": "binary"},
      {"type": "assert_trap", "line": 5, "filename": "start.wasm", "text": "unreachable", "module_type": "binary"},
      {"type": "assert_invalid", "line": 6, "filename": "main.wasm", "text": "type mismatch", "module_type": "binary"},
      {"type": "assert_malformed", "line": 7, "filename": "invalid.wasm", "text": "x", "module_type": "binary"})");
  EXPECT_EQ(run.report.tally.passed, 5u);
  EXPECT_EQ(run.report.tally.failed, 2u);
  EXPECT_NE(run.output.find("t.wast:6: assert_invalid: expected invalid module \"type mismatch\", got a valid module\n"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("t.wast:7: assert_malformed: expected malformed module \"x\", got invalid module: "),
            std::string::npos)
      << run.output;
}

TEST(WastRunner, AFailedModuleLeavesNoCurrentModule) {
  ScriptOutput run = RunCommands(R"({"type": "module", "line": 1, "filename": "main.wasm"},
      {"type": "module", "line": 2, "filename": "start.wasm"},)" +
                        Invoke("action", 3, "answer", R"(, "expected": [])"));
  EXPECT_EQ(run.report.tally.passed, 1u);
  EXPECT_EQ(run.report.tally.failed, 2u);
  EXPECT_NE(run.output.find("t.wast:3: action: no current module: the module at line 2 did not instantiate\n"),
            std::string::npos)
      << run.output;
}

TEST(WastRunner, SpectestModule) {
  ScriptOutput run = RunCommands(R"({"type": "module", "line": 1, "filename": "spectest.wasm"},
      {"type": "assert_return", "line": 2, "action": {"type": "get", "field": "gi"},
       "expected": [{"type": "i32", "value": "666"}]},
      {"type": "assert_return", "line": 3, "action": {"type": "get", "field": "gf"},
       "expected": [{"type": "f32", "value": "1143383654"}]})");
  EXPECT_EQ(run.report.tally.passed, 3u) << run.output;
  EXPECT_EQ(run.report.tally.failed, 0u) << run.output;
}

TEST(WastRunner, SkipsTextModulesAndCountsUnreadableOnes) {
  ScriptOutput run = RunCommands(R"({"type": "assert_malformed", "line": 1, "filename": "t.1.wat", "text": "x", "module_type": "text"},
      {"type": "module", "line": 2, "filename": "missing.wasm"})");
  EXPECT_EQ(run.report.tally.skipped, 1u);
  EXPECT_EQ(run.report.tally.failed, 1u);
  EXPECT_EQ(run.report.unreadable_modules, 1u);
  // A skipped assertion is silent unless verbose; the unreadable module is a failure.
  EXPECT_EQ(run.output, "t.wast:2: module: cannot read the module: cannot open d/missing.wasm: no such file\n");
  WastOptions verbose;
  verbose.verbose = true;
  ScriptOutput loud = RunCommands(R"({"type": "assert_malformed", "line": 1, "filename": "t.1.wat", "text": "x", "module_type": "text"})",
                         verbose);
  EXPECT_EQ(loud.output, "t.wast:1: assert_malformed: skipped: text module t.1.wat (cella reads binary modules only)\n");
}

TEST(WastRunner, RunWastFileReportsUnreadableAndMalformedFiles) {
  Engine engine;
  std::ostringstream out;
  FileLoader loader = [](const std::string& path) -> Result<std::vector<uint8_t>> {
    if (path == "bad.json") return std::vector<uint8_t>{'{'};
    return MakeError(Errc::kIo, "cannot open " + path);
  };
  Result<FileReport> missing = RunWastFile(engine, "none.json", {}, loader, out);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kIo);
  Result<FileReport> bad = RunWastFile(engine, "bad.json", {}, loader, out);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::kBadFormat);
  EXPECT_EQ(bad.error().message.rfind("bad.json: not valid JSON", 0), 0u) << bad.error().message;
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace cella::wast
