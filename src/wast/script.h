// wast/script.h: a spec-test script as a list of commands, the in-memory form of one
// wast2json output file (parsed by wast/json_commands.h, run by wast/wast_runner.h).
// Plain data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cella/value.h"
#include "wast/expected_value.h"

namespace cella::wast {

enum class CommandType : uint8_t {
  kModule,                // instantiate a module; it becomes the current one
  kRegister,              // make a module's exports importable under a name
  kAction,                // run an action, expecting it to return
  kAssertReturn,          // an action returns the expected results
  kAssertTrap,            // an action (or a module's instantiation) traps
  kAssertExhaustion,      // an action exhausts the call stack
  kAssertException,       // an action throws an exception nothing catches
  kAssertInvalid,         // a module fails validation
  kAssertMalformed,       // a module fails decoding
  kAssertUnlinkable,      // a module's imports cannot be satisfied
  kAssertUninstantiable,  // a module traps while it is instantiated
  kUnsupported,           // a command type this runner does not know (see Command::type_name)
};

// The wast2json spelling: "module", "assert_return", …
const char* CommandTypeName(CommandType type);

struct Action {
  enum class Type : uint8_t { kInvoke, kGet };
  Type type = Type::kInvoke;
  std::string module;  // "$name" of a named module; "" for the current module
  std::string field;   // the export to call or read
  std::vector<Value> args;
};

struct Command {
  CommandType type = CommandType::kUnsupported;
  std::string type_name;  // as written in the JSON
  uint32_t line = 0;      // in the .wast source

  // kModule: the module's "$name" (optional). kRegister: the module to register ("" = current).
  std::string name;
  std::string register_as;  // kRegister

  // Commands with a module file (kModule, kAssertInvalid/Malformed/Unlinkable/Uninstantiable,
  // and kAssertTrap on a module): the file beside the JSON, and whether it is text (.wat).
  std::string filename;
  bool text_module = false;

  std::string text;  // the message an assertion names (shown, not matched)
  std::optional<Action> action;
  std::vector<ExpectedValue> expected;  // kAssertReturn

  bool has_module_file() const { return !filename.empty(); }
};

// True when the command passes or expects a v128.
bool UsesV128(const Command& command);

struct Script {
  std::string source_filename;  // the .wast file the commands came from
  std::vector<Command> commands;
};

}  // namespace cella::wast
