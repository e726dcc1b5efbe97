// wast/verdict.h: decides whether a command passed from what the engine reported (a
// compile/instantiate Status, or a call's outcome), and formats the lines `cella wast`
// prints. Pure functions over plain data, so they are tested without running wasm.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cella/result.h"
#include "cella/store.h"
#include "wast/script.h"

namespace cella::wast {

struct Verdict {
  enum class Kind : uint8_t { kPass, kFail, kSkip };
  Kind kind = Kind::kPass;
  std::string detail;  // kFail: "expected …, got …"; kSkip: the reason

  static Verdict Pass() { return {}; }
  static Verdict Fail(std::string detail) { return {Kind::kFail, std::move(detail)}; }
  static Verdict Skip(std::string reason) { return {Kind::kSkip, std::move(reason)}; }
};

// A command that names a module file, given the first error on the way (or OK):
// assert_malformed and assert_invalid only compile, so OK means "a valid module"; every
// other command instantiates, so OK means "instantiated".
//   module                       passes on OK
//   assert_malformed             Phase::kDecode
//   assert_invalid               Phase::kValidate
//   assert_unlinkable            Phase::kLink
//   assert_uninstantiable,
//   assert_trap (module form)    kInstantiateTrap or kOutOfBoundsSegment
Verdict JudgeModule(const Command& command, const Status& status);

// An action's outcome (a `get` is a returned outcome holding the global's value):
//   action             returned
//   assert_return      returned, and the results match `expected`
//   assert_trap        trapped (any trap kind but kExit; the message is not compared)
//   assert_exhaustion  trapped with kCallStackExhausted
// An Error, or a paused call ("paused: out of fuel"), fails every one of them.
Verdict JudgeAction(const Command& command, const Result<CallOutcome>& outcome);

// The checks a command must pass before it runs: text modules are skipped, unknown
// command types fail. nullopt: go ahead.
std::optional<Verdict> Precheck(const Command& command);

// "trap: integer divide by zero" (first line of the message).
std::string DescribeTrap(const TrapInfo& trap);
// "<phase name>: <description>: <message>", e.g. "invalid module: type mismatch: …",
// on one line.
std::string DescribeError(const Error& error);

// Passed / failed / skipped counts for a file or a whole run.
struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;

  void Add(Verdict::Kind kind);
  Tally& operator+=(const Tally& other);
};

// "3 passed, 1 failed, 2 skipped"
std::string FormatTally(const Tally& tally);
// "<source>: <tally>"
std::string FormatFileSummary(std::string_view source, const Tally& tally);
// "<source>:<line>: <command type>: <detail>"
std::string FormatCommandLine(std::string_view source, const Command& command, std::string_view detail);

}  // namespace cella::wast
