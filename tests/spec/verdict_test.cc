// tests/spec/verdict_test.cc: which engine outcomes pass which commands (error phases,
// trap kinds, pauses, result matching), and the lines `cella wast` prints.
#include "wast/verdict.h"

#include <gtest/gtest.h>

namespace cella::wast {
namespace {

using VK = Verdict::Kind;

Command MakeCommand(CommandType type, std::string text = "") {
  Command c;
  c.type = type;
  c.type_name = CommandTypeName(type);
  c.line = 10;
  c.text = std::move(text);
  return c;
}

Command ModuleCommand(CommandType type, std::string text = "") {
  Command c = MakeCommand(type, std::move(text));
  c.filename = "t.1.wasm";
  return c;
}

Command ActionCommand(CommandType type, std::string text = "") {
  Command c = MakeCommand(type, std::move(text));
  c.action = Action{Action::Type::kInvoke, "", "f", {}};
  return c;
}

Status Failed(Errc code, std::string message = "detail") { return MakeError(code, std::move(message)); }

CallOutcome Returned(std::vector<Value> results) {
  CallOutcome o;
  o.status = CallOutcome::Status::kReturned;
  o.results = std::move(results);
  return o;
}

CallOutcome Trapped(TrapKind kind, std::string message = "") {
  CallOutcome o;
  o.status = CallOutcome::Status::kTrapped;
  o.trap.kind = kind;
  o.trap.message = std::move(message);
  return o;
}

CallOutcome Paused() {
  CallOutcome o;
  o.status = CallOutcome::Status::kPaused;
  o.pause = PauseReason::kOutOfFuel;
  return o;
}

TEST(JudgeModule, ModulePassesWhenInstantiated) {
  Command c = ModuleCommand(CommandType::kModule);
  EXPECT_EQ(JudgeModule(c, OkStatus()).kind, VK::kPass);
  Verdict v = JudgeModule(c, Failed(Errc::kUnknownImport, "spectest.nope"));
  EXPECT_EQ(v.kind, VK::kFail);
  EXPECT_EQ(v.detail, "expected the module to instantiate, got link error: unknown import: spectest.nope");
}

TEST(JudgeModule, MalformedNeedsADecodeError) {
  Command c = ModuleCommand(CommandType::kAssertMalformed, "unexpected end");
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kUnexpectedEnd)).kind, VK::kPass);
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kBadOpcode)).kind, VK::kPass);
  Verdict invalid = JudgeModule(c, Failed(Errc::kTypeMismatch, "at 0x1a"));
  EXPECT_EQ(invalid.kind, VK::kFail);
  EXPECT_EQ(invalid.detail, "expected malformed module \"unexpected end\", got invalid module: type mismatch: at 0x1a");
  Verdict valid = JudgeModule(c, OkStatus());
  EXPECT_EQ(valid.detail, "expected malformed module \"unexpected end\", got a valid module");
}

TEST(JudgeModule, InvalidNeedsAValidationError) {
  Command c = ModuleCommand(CommandType::kAssertInvalid, "type mismatch");
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kTypeMismatch)).kind, VK::kPass);
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kUnknownLocal)).kind, VK::kPass);
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kUnexpectedEnd)).kind, VK::kFail);
  EXPECT_EQ(JudgeModule(c, OkStatus()).kind, VK::kFail);
}

TEST(JudgeModule, UnlinkableNeedsALinkError) {
  Command c = ModuleCommand(CommandType::kAssertUnlinkable, "incompatible import type");
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kIncompatibleImport)).kind, VK::kPass);
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kUnknownImport)).kind, VK::kPass);
  EXPECT_EQ(JudgeModule(c, Failed(Errc::kInstantiateTrap)).kind, VK::kFail);
  Verdict ok = JudgeModule(c, OkStatus());
  EXPECT_EQ(ok.detail, "expected link error \"incompatible import type\", got an instantiated module");
}

TEST(JudgeModule, UninstantiableAndModuleTrapNeedAnInstantiationTrap) {
  for (CommandType type : {CommandType::kAssertUninstantiable, CommandType::kAssertTrap}) {
    Command c = ModuleCommand(type, "unreachable");
    EXPECT_EQ(JudgeModule(c, Failed(Errc::kInstantiateTrap)).kind, VK::kPass);
    EXPECT_EQ(JudgeModule(c, Failed(Errc::kOutOfBoundsSegment)).kind, VK::kPass);
    EXPECT_EQ(JudgeModule(c, Failed(Errc::kUnknownImport)).kind, VK::kFail);
    EXPECT_EQ(JudgeModule(c, Failed(Errc::kResourceLimit)).kind, VK::kFail);
    EXPECT_EQ(JudgeModule(c, OkStatus()).kind, VK::kFail);
  }
}

TEST(JudgeModule, ErrorsPrintOnOneLine) {
  Command c = ModuleCommand(CommandType::kModule);
  Verdict v = JudgeModule(c, Failed(Errc::kInstantiateTrap, "unreachable executed\n  at #0 func 1"));
  EXPECT_EQ(v.detail.find('\n'), std::string::npos) << v.detail;
}

TEST(JudgeAction, AssertReturnComparesResults) {
  Command c = ActionCommand(CommandType::kAssertReturn);
  c.expected = {ExpectedValue::Bits(ValType::kI32, 1)};
  EXPECT_EQ(JudgeAction(c, Returned({Value::I32(1)})).kind, VK::kPass);
  Verdict wrong = JudgeAction(c, Returned({Value::I32(2)}));
  EXPECT_EQ(wrong.kind, VK::kFail);
  EXPECT_EQ(wrong.detail, "expected i32:1, got i32:2");
  Verdict count = JudgeAction(c, Returned({}));
  EXPECT_EQ(count.detail, "expected i32:1, got ()");
}

TEST(JudgeAction, AssertReturnFailsOnTrap) {
  Command c = ActionCommand(CommandType::kAssertReturn);
  Verdict v = JudgeAction(c, Trapped(TrapKind::kUnreachable, "unreachable executed\n  at #0"));
  EXPECT_EQ(v.kind, VK::kFail);
  EXPECT_EQ(v.detail, "expected (), got trap: unreachable executed");
}

TEST(JudgeAction, AssertTrapPassesOnAnyTrapButExitAndUncaughtExceptions) {
  Command c = ActionCommand(CommandType::kAssertTrap, "integer divide by zero");
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kIntegerDivideByZero)).kind, VK::kPass);
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kMemoryOutOfBounds)).kind, VK::kPass);
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kExit)).kind, VK::kFail);
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kUncaughtException)).kind, VK::kFail);
  Verdict returned = JudgeAction(c, Returned({Value::I32(0)}));
  EXPECT_EQ(returned.detail, "expected trap \"integer divide by zero\", got i32:0");
}

TEST(JudgeAction, ExhaustionNeedsCallStackExhausted) {
  Command c = ActionCommand(CommandType::kAssertExhaustion, "call stack exhausted");
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kCallStackExhausted)).kind, VK::kPass);
  Verdict other = JudgeAction(c, Trapped(TrapKind::kUnreachable));
  EXPECT_EQ(other.kind, VK::kFail);
  // Without a message the trap kind's spec wording is shown.
  EXPECT_EQ(other.detail, "expected call stack exhaustion \"call stack exhausted\", got trap: unreachable executed");
}

TEST(JudgeAction, AssertExceptionNeedsAnUncaughtException) {
  Command c = ActionCommand(CommandType::kAssertException);
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kUncaughtException)).kind, VK::kPass);
  Verdict trap = JudgeAction(c, Trapped(TrapKind::kUnreachable));
  EXPECT_EQ(trap.kind, VK::kFail);
  EXPECT_EQ(trap.detail, "expected an uncaught exception, got trap: unreachable executed");
  EXPECT_EQ(JudgeAction(c, Returned({})).kind, VK::kFail);
}

TEST(JudgeAction, ActionPassesOnReturnFailsOnTrap) {
  Command c = ActionCommand(CommandType::kAction);
  EXPECT_EQ(JudgeAction(c, Returned({Value::I32(5)})).kind, VK::kPass);
  EXPECT_EQ(JudgeAction(c, Trapped(TrapKind::kUnreachable)).detail,
            "expected a return, got trap: unreachable executed");
}

TEST(JudgeAction, PausedIsAFailure) {
  for (CommandType type : {CommandType::kAction, CommandType::kAssertReturn, CommandType::kAssertTrap,
                           CommandType::kAssertExhaustion}) {
    Verdict v = JudgeAction(ActionCommand(type), Paused());
    EXPECT_EQ(v.kind, VK::kFail);
    EXPECT_NE(v.detail.find("paused: out of fuel"), std::string::npos) << v.detail;
  }
}

TEST(JudgeAction, ErrorsAreFailures) {
  Command c = ActionCommand(CommandType::kAssertTrap);
  Verdict v = JudgeAction(c, Result<CallOutcome>(MakeError(Errc::kNotFound, "export \"f\"")));
  EXPECT_EQ(v.kind, VK::kFail);
  EXPECT_EQ(v.detail, "expected trap, got usage error: not found: export \"f\"");
}

TEST(Precheck, SkipsTextModules) {
  Command c = ModuleCommand(CommandType::kAssertMalformed);
  c.filename = "t.3.wat";
  c.text_module = true;
  std::optional<Verdict> v = Precheck(c);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->kind, VK::kSkip);
  EXPECT_NE(v->detail.find("t.3.wat"), std::string::npos);
}

TEST(Precheck, V128CommandsRun) {
  Command c = ActionCommand(CommandType::kAssertReturn);
  c.action->args.push_back(Value::FromV128(V128{}));
  c.expected.push_back(ExpectedValue::Lanes(LaneType::kI64, {ExpectedValue::Bits(ValType::kI64, 0),
                                                             ExpectedValue::Bits(ValType::kI64, 0)}));
  EXPECT_FALSE(Precheck(c).has_value());
}

TEST(Precheck, UnsupportedCommandsFailAndOthersRun) {
  Command c = MakeCommand(CommandType::kUnsupported);
  c.type_name = "assert_exception";
  ASSERT_TRUE(Precheck(c).has_value());
  EXPECT_EQ(Precheck(c)->detail, "unsupported command type \"assert_exception\"");
  EXPECT_FALSE(Precheck(ActionCommand(CommandType::kAssertReturn)).has_value());
  EXPECT_FALSE(Precheck(ModuleCommand(CommandType::kModule)).has_value());
}

TEST(Report, Lines) {
  Command c = ActionCommand(CommandType::kAssertReturn);
  c.line = 37;
  EXPECT_EQ(FormatCommandLine("i32.wast", c, "expected i32:1, got i32:2"),
            "i32.wast:37: assert_return: expected i32:1, got i32:2");
  Tally tally;
  tally.Add(VK::kPass);
  tally.Add(VK::kPass);
  tally.Add(VK::kFail);
  tally.Add(VK::kSkip);
  EXPECT_EQ(FormatFileSummary("i32.wast", tally), "i32.wast: 2 passed, 1 failed, 1 skipped");
  Tally total;
  total += tally;
  total += tally;
  EXPECT_EQ(FormatTally(total), "4 passed, 2 failed, 2 skipped");
}

}  // namespace
}  // namespace cella::wast
