// wast/script.cc: names of command types and questions about a command (wast/script.h).
#include "wast/script.h"

namespace cella::wast {

const char* CommandTypeName(CommandType type) {
  switch (type) {
    case CommandType::kModule: return "module";
    case CommandType::kRegister: return "register";
    case CommandType::kAction: return "action";
    case CommandType::kAssertReturn: return "assert_return";
    case CommandType::kAssertTrap: return "assert_trap";
    case CommandType::kAssertException: return "assert_exception";
    case CommandType::kAssertExhaustion: return "assert_exhaustion";
    case CommandType::kAssertInvalid: return "assert_invalid";
    case CommandType::kAssertMalformed: return "assert_malformed";
    case CommandType::kAssertUnlinkable: return "assert_unlinkable";
    case CommandType::kAssertUninstantiable: return "assert_uninstantiable";
    case CommandType::kUnsupported: return "unsupported";
  }
  return "unknown";
}

bool UsesV128(const Command& command) {
  if (command.action) {
    for (const Value& arg : command.action->args) {
      if (arg.type() == ValType::kV128) return true;
    }
  }
  for (const ExpectedValue& expected : command.expected) {
    if (UsesV128(expected)) return true;
  }
  return false;
}

}  // namespace cella::wast
