// wast/verdict.cc: pass/fail decisions for spec-test commands and their output lines.
#include "wast/verdict.h"

namespace cella::wast {
namespace {

std::string_view FirstLine(std::string_view text) { return text.substr(0, text.find('\n')); }

std::string Quoted(std::string_view text) { return text.empty() ? "" : " \"" + std::string(text) + "\""; }

// What a command that names a module file expects, for its failure line.
std::string ExpectedModuleOutcome(const Command& command) {
  switch (command.type) {
    case CommandType::kModule: return "the module to instantiate";
    case CommandType::kAssertMalformed: return "malformed module" + Quoted(command.text);
    case CommandType::kAssertInvalid: return "invalid module" + Quoted(command.text);
    case CommandType::kAssertUnlinkable: return "link error" + Quoted(command.text);
    default: return "instantiation trap" + Quoted(command.text);
  }
}

bool ModuleErrorMatches(CommandType type, Errc code) {
  switch (type) {
    case CommandType::kAssertMalformed: return PhaseOf(code) == Phase::kDecode;
    case CommandType::kAssertInvalid: return PhaseOf(code) == Phase::kValidate;
    case CommandType::kAssertUnlinkable: return PhaseOf(code) == Phase::kLink;
    case CommandType::kAssertUninstantiable:
    case CommandType::kAssertTrap: return code == Errc::kInstantiateTrap || code == Errc::kOutOfBoundsSegment;
    default: return false;
  }
}

std::string ExpectedCallOutcome(const Command& command) {
  switch (command.type) {
    case CommandType::kAssertReturn: return FormatExpectedList(command.expected);
    case CommandType::kAssertTrap: return "trap" + Quoted(command.text);
    case CommandType::kAssertExhaustion: return "call stack exhaustion" + Quoted(command.text);
    case CommandType::kAssertException: return "an uncaught exception";
    default: return "a return";
  }
}

std::string DescribePause(PauseReason reason) {
  return reason == PauseReason::kOutOfFuel ? "paused: out of fuel" : "paused: interrupted";
}

}  // namespace

std::string DescribeTrap(const TrapInfo& trap) {
  std::string_view message = FirstLine(trap.message);
  if (message.empty()) message = TrapMessage(trap.kind);
  return "trap: " + std::string(message);
}

std::string DescribeError(const Error& error) {
  return std::string(PhaseName(PhaseOf(error.code))) + ": " + std::string(FirstLine(error.ToString()));
}

Verdict JudgeModule(const Command& command, const Status& status) {
  if (status.ok()) {
    if (command.type == CommandType::kModule) return Verdict::Pass();
    bool compile_only =
        command.type == CommandType::kAssertMalformed || command.type == CommandType::kAssertInvalid;
    return Verdict::Fail("expected " + ExpectedModuleOutcome(command) + ", got " +
                         (compile_only ? "a valid module" : "an instantiated module"));
  }
  if (ModuleErrorMatches(command.type, status.error().code)) return Verdict::Pass();
  return Verdict::Fail("expected " + ExpectedModuleOutcome(command) + ", got " + DescribeError(status.error()));
}

Verdict JudgeAction(const Command& command, const Result<CallOutcome>& outcome) {
  std::string expected = ExpectedCallOutcome(command);
  if (!outcome.ok()) return Verdict::Fail("expected " + expected + ", got " + DescribeError(outcome.error()));
  const CallOutcome& call = outcome.value();
  if (call.paused()) return Verdict::Fail("expected " + expected + ", got " + DescribePause(call.pause));
  if (call.trapped()) {
    bool pass = (command.type == CommandType::kAssertTrap && call.trap.kind != TrapKind::kExit &&
                 call.trap.kind != TrapKind::kUncaughtException) ||
                (command.type == CommandType::kAssertException &&
                 call.trap.kind == TrapKind::kUncaughtException) ||
                (command.type == CommandType::kAssertExhaustion &&
                 call.trap.kind == TrapKind::kCallStackExhausted);
    if (pass) return Verdict::Pass();
    return Verdict::Fail("expected " + expected + ", got " + DescribeTrap(call.trap));
  }
  switch (command.type) {
    case CommandType::kAction: return Verdict::Pass();
    case CommandType::kAssertReturn:
      if (MatchesAll(command.expected, call.results)) return Verdict::Pass();
      break;
    default: break;
  }
  return Verdict::Fail("expected " + expected + ", got " + FormatValues(call.results));
}

std::optional<Verdict> Precheck(const Command& command) {
  if (command.type == CommandType::kUnsupported) {
    return Verdict::Fail("unsupported command type \"" + command.type_name + "\"");
  }
  if (command.has_module_file() && command.text_module) {
    return Verdict::Skip("text module " + command.filename + " (cella reads binary modules only)");
  }
  return std::nullopt;
}

void Tally::Add(Verdict::Kind kind) {
  switch (kind) {
    case Verdict::Kind::kPass: ++passed; break;
    case Verdict::Kind::kFail: ++failed; break;
    case Verdict::Kind::kSkip: ++skipped; break;
  }
}

Tally& Tally::operator+=(const Tally& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  return *this;
}

std::string FormatTally(const Tally& tally) {
  return std::to_string(tally.passed) + " passed, " + std::to_string(tally.failed) + " failed, " +
         std::to_string(tally.skipped) + " skipped";
}

std::string FormatFileSummary(std::string_view source, const Tally& tally) {
  return std::string(source) + ": " + FormatTally(tally);
}

std::string FormatCommandLine(std::string_view source, const Command& command, std::string_view detail) {
  return std::string(source) + ":" + std::to_string(command.line) + ": " + command.type_name + ": " +
         std::string(detail);
}

}  // namespace cella::wast
