// tests/api/api_test.cc: the embedding API as WASI will use it — host functions with
// typed signatures, guest memory access, linking errors, globals, tables, and errors
// for malformed, invalid and failing modules.
#include <gtest/gtest.h>

#include <cstring>

#include "tests/interp/test_support.h"

namespace cella {
namespace {

FuncType Sig(std::vector<ValType> params, std::vector<ValType> results) {
  return FuncType{std::move(params), std::move(results)};
}

class HostApi : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.SetFuel(1'000'000);
    auto module = Module::Compile(engine_, testing::ReadFixture("host"));
    ASSERT_TRUE(module.ok()) << module.error().ToString();
    constexpr auto I = ValType::kI32;
    linker_.DefineHostFunction(store_, "env", "add", Sig({I, I}, {I}),
                               [this](HostContext& ctx, std::span<const Value> args, std::span<Value> results) {
                                 ++add_calls_;
                                 EXPECT_NE(ctx.caller(), nullptr);
                                 results[0] = Value::I32(args[0].i32() + args[1].i32());
                                 return HostOutcome::Ok();
                               });
    linker_.DefineHostFunction(store_, "env", "fail", Sig({}, {}),
                               [](HostContext&, std::span<const Value>, std::span<Value>) {
                                 return HostOutcome::Trap("refused by host");
                               });
    linker_.DefineHostFunction(store_, "env", "exit", Sig({I}, {}),
                               [](HostContext&, std::span<const Value> args, std::span<Value>) {
                                 return HostOutcome::Exit(static_cast<int32_t>(args[0].i32()));
                               });
    linker_.DefineHostFunction(store_, "env", "poke", Sig({I, I}, {}),
                               [](HostContext& ctx, std::span<const Value> args, std::span<Value>) {
                                 uint32_t value = args[1].i32();
                                 uint8_t bytes[4];
                                 std::memcpy(bytes, &value, 4);
                                 Status s = ctx.memory()->Write(args[0].i32(), bytes);
                                 if (!s.ok()) return HostOutcome::Trap(s.error().message);
                                 return HostOutcome::Ok();
                               });
    linker_.DefineHostFunction(store_, "env", "reenter", Sig({}, {}),
                               [this](HostContext&, std::span<const Value>, std::span<Value>) {
                                 auto nested = instance_->Call("double", std::vector<Value>{Value::I32(1)});
                                 reenter_error_ = nested.ok() ? Errc::kOk : nested.error().code;
                                 return HostOutcome::Ok();
                               });
    auto instance = linker_.Instantiate(store_, *module);
    ASSERT_TRUE(instance.ok()) << instance.error().ToString();
    instance_.emplace(*instance);
  }

  Engine engine_;
  Store store_{engine_};
  Linker linker_;
  std::optional<Instance> instance_;
  int add_calls_ = 0;
  Errc reenter_error_ = Errc::kOk;
};

TEST_F(HostApi, CallsHostFunctionsWithTypedValues) {
  auto outcome = instance_->Call("call_add", std::vector<Value>{Value::I32(40), Value::I32(2)});
  ASSERT_TRUE(outcome.ok());
  ASSERT_TRUE(outcome->returned());
  EXPECT_EQ(outcome->results[0], Value::I32(42));
  EXPECT_EQ(add_calls_, 1);
}

TEST_F(HostApi, HostTrapBecomesATrapWithItsMessage) {
  auto outcome = instance_->Call("call_fail", {});
  ASSERT_TRUE(outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kHostTrap);
  EXPECT_NE(outcome->trap.message.find("refused by host"), std::string::npos);
  ASSERT_FALSE(outcome->trap.backtrace.empty());
  EXPECT_EQ(outcome->trap.backtrace[0].func_name, "call_fail");
}

TEST_F(HostApi, HostExitUnwindsTheWholeCall) {
  auto outcome = instance_->Call("call_exit", std::vector<Value>{Value::I32(3)});
  ASSERT_TRUE(outcome->trapped());
  EXPECT_EQ(outcome->trap.kind, TrapKind::kExit);
  EXPECT_EQ(outcome->trap.exit_code, 3);
}

TEST_F(HostApi, HostWritesGuestMemoryThroughTheCheckedApi) {
  auto outcome = instance_->Call("poke_and_load", std::vector<Value>{Value::I32(100), Value::I32(0xABCD)});
  ASSERT_TRUE(outcome->returned());
  EXPECT_EQ(outcome->results[0].i32(), 0xABCDu);
  auto out_of_bounds = instance_->Call("poke_and_load", std::vector<Value>{Value::I32(65534), Value::I32(1)});
  ASSERT_TRUE(out_of_bounds->trapped());
  EXPECT_EQ(out_of_bounds->trap.kind, TrapKind::kHostTrap);
  EXPECT_NE(out_of_bounds->trap.message.find("outside memory"), std::string::npos);
}

TEST_F(HostApi, HostSeesTheFuelUsedSoFar) {
  // call_add: local.get, local.get, call — the host runs after those 3 units.
  uint64_t seen = 0;
  Linker linker;
  Store store(engine_);
  constexpr auto I = ValType::kI32;
  auto noop = [](HostContext&, std::span<const Value>, std::span<Value>) { return HostOutcome::Ok(); };
  linker.DefineHostFunction(store, "env", "add", Sig({I, I}, {I}),
                            [&seen](HostContext& ctx, std::span<const Value>, std::span<Value>) {
                              seen = ctx.store().fuel_consumed();
                              return HostOutcome::Ok();
                            });
  for (const char* name : {"fail", "reenter"}) linker.DefineHostFunction(store, "env", name, Sig({}, {}), noop);
  linker.DefineHostFunction(store, "env", "exit", Sig({I}, {}), noop);
  linker.DefineHostFunction(store, "env", "poke", Sig({I, I}, {}), noop);
  auto module = Module::Compile(engine_, testing::ReadFixture("host"));
  auto instance = linker.Instantiate(store, *module);
  ASSERT_TRUE(instance.ok());
  store.SetFuel(1000);
  ASSERT_TRUE(instance->Call("call_add", std::vector<Value>{Value::I32(1), Value::I32(2)})->returned());
  EXPECT_EQ(seen, 3u);
  EXPECT_EQ(store.fuel_consumed(), 3u);
}

TEST_F(HostApi, HostCannotReenterItsStore) {
  auto outcome = instance_->Call("call_reenter", {});
  ASSERT_TRUE(outcome->returned());
  EXPECT_EQ(reenter_error_, Errc::kBusy);
}

TEST_F(HostApi, RejectsWrongArguments) {
  auto count = instance_->Call("double", {});
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().code, Errc::kInvalidArgument);
  auto type = instance_->Call("double", std::vector<Value>{Value::I64(1)});
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.error().code, Errc::kInvalidArgument);
  auto missing = instance_->Call("nope", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST_F(HostApi, ReadsAndWritesGlobals) {
  auto counter = instance_->GetGlobal("counter");
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(counter->Get(), Value::I32(5));
  ASSERT_TRUE(counter->Set(Value::I32(10)).ok());
  EXPECT_EQ(instance_->Call("bump", {})->results[0], Value::I32(11));
  EXPECT_EQ(counter->Get(), Value::I32(11));
  EXPECT_FALSE(counter->Set(Value::I64(1)).ok()) << "wrong type";
  auto fixed = instance_->GetGlobal("fixed");
  EXPECT_EQ(fixed->Get(), Value::I64(7));
  EXPECT_FALSE(fixed->Set(Value::I64(8)).ok()) << "immutable";
}

TEST_F(HostApi, MemoryAccessIsBoundsChecked) {
  auto memory = instance_->GetMemory("memory");
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(memory->pages(), 1u);
  uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_TRUE(memory->Write(65528, buf).ok());
  EXPECT_FALSE(memory->Write(65529, buf).ok());
  EXPECT_FALSE(memory->Read(UINT64_MAX - 2, buf).ok()) << "no overflow in the bounds check";
  EXPECT_EQ(*memory->Grow(2), 1u);
  EXPECT_FALSE(memory->Grow(1).ok()) << "declared maximum is 3";
  EXPECT_EQ(memory->size_bytes(), 3u * 65536);
}

TEST_F(HostApi, TracksWrittenPages) {
  auto memory = instance_->GetMemory("memory");
  ASSERT_TRUE(memory.ok());
  EXPECT_EQ(memory->DirtyPages(), std::vector<uint32_t>{0}) << "a new memory is all dirty";
  memory->ClearDirty();
  EXPECT_TRUE(memory->DirtyPages().empty());
  // A wasm store (via the host's poke and the guest's load) dirties only its page.
  ASSERT_TRUE(instance_->Call("poke_and_load", std::vector<Value>{Value::I32(8), Value::I32(1)})->returned());
  EXPECT_EQ(memory->DirtyPages(), std::vector<uint32_t>{0});
  memory->ClearDirty();
  ASSERT_EQ(*memory->Grow(2), 1u);
  EXPECT_EQ(memory->DirtyPages(), (std::vector<uint32_t>{1, 2})) << "grown pages start dirty";
  EXPECT_TRUE(memory->IsZeroPage(1) && memory->IsZeroPage(2)) << "and known to be zero";
  EXPECT_FALSE(memory->IsZeroPage(0));
  memory->ClearDirty();
  uint8_t byte = 7;
  ASSERT_TRUE(memory->Write(2 * 65536 + 5, std::span<const uint8_t>(&byte, 1)).ok());
  ASSERT_TRUE(memory->MarkWritten(65535, 2).ok());
  EXPECT_EQ(memory->DirtyPages(), (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_FALSE(memory->MarkWritten(3 * 65536 - 1, 2).ok());
}

TEST(MemoryTracking, DirtyPagesListsExactlyTheWrittenPagesOfALargeMemory) {
  Engine engine;
  Store store(engine);
  MemoryType type;
  type.limits.min = 300;  // not a multiple of the 64 states the scan tests at a time
  auto memory = store.CreateMemory(type);
  ASSERT_TRUE(memory.ok()) << memory.error().ToString();
  memory->ClearDirty();
  EXPECT_TRUE(memory->DirtyPages().empty());
  // Pages [64, 128) and [192, 256) stay clean; the first page after each is written.
  const std::vector<uint32_t> written = {0, 7, 8, 63, 128, 129, 191, 256, 299};
  uint8_t byte = 1;
  for (uint32_t page : written) ASSERT_TRUE(memory->Write(uint64_t{page} * 65536 + 9, std::span<const uint8_t>(&byte, 1)).ok());
  EXPECT_EQ(memory->DirtyPages(), written);
  memory->ClearDirty();
  ASSERT_TRUE(memory->MarkWritten(uint64_t{299} * 65536, 65536).ok());
  EXPECT_EQ(memory->DirtyPages(), std::vector<uint32_t>{299}) << "the last page, in the tail after the last full stride";
}

TEST_F(HostApi, TablesHoldFunctionReferences) {
  auto table = instance_->GetTable("table");
  auto twice = instance_->GetFunction("double");
  ASSERT_TRUE(table.ok() && twice.ok());
  ASSERT_TRUE(table->Set(1, Value::FuncRef(twice->ref())).ok());
  auto outcome = instance_->Call("call_table", std::vector<Value>{Value::I32(1), Value::I32(21)});
  ASSERT_TRUE(outcome->returned());
  EXPECT_EQ(outcome->results[0].i32(), 42u);
  auto empty = instance_->Call("call_table", std::vector<Value>{Value::I32(0), Value::I32(1)});
  EXPECT_EQ(empty->trap.kind, TrapKind::kUninitializedElement);
  auto outside = instance_->Call("call_table", std::vector<Value>{Value::I32(2), Value::I32(1)});
  EXPECT_EQ(outside->trap.kind, TrapKind::kUndefinedElement);
  auto add = instance_->GetFunction("call_add");
  ASSERT_TRUE(table->Set(0, Value::FuncRef(add->ref())).ok());
  auto mismatch = instance_->Call("call_table", std::vector<Value>{Value::I32(0), Value::I32(1)});
  EXPECT_EQ(mismatch->trap.kind, TrapKind::kIndirectCallTypeMismatch);
  EXPECT_EQ(*table->Grow(3, Value::NullRef(ValType::kFuncRef)), 2u);
  EXPECT_EQ(table->size(), 5u);
}

TEST(Linking, UnknownImportIsNamed) {
  Engine engine;
  Store store(engine);
  auto module = Module::Compile(engine, testing::ReadFixture("host"));
  ASSERT_TRUE(module.ok());
  auto instance = Linker().Instantiate(store, *module);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().code, Errc::kUnknownImport);
  EXPECT_EQ(PhaseOf(instance.error().code), Phase::kLink);
  EXPECT_NE(instance.error().message.find("\"env\".\"add\""), std::string::npos) << instance.error().message;
}

TEST(Linking, IncompatibleImportTypeIsNamed) {
  Engine engine;
  Store store(engine);
  auto module = Module::Compile(engine, testing::ReadFixture("host"));
  Linker linker;
  auto noop = [](HostContext&, std::span<const Value>, std::span<Value>) { return HostOutcome::Ok(); };
  for (const char* name : {"add", "fail", "exit", "poke", "reenter"}) {
    linker.DefineHostFunction(store, "env", name, Sig({}, {}), noop);
  }
  auto instance = linker.Instantiate(store, *module);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().code, Errc::kIncompatibleImport);
  EXPECT_NE(instance.error().message.find("add"), std::string::npos) << instance.error().message;
}

TEST(Loading, MalformedAndInvalidModulesAreDistinguished) {
  Engine engine;
  std::vector<uint8_t> truncated = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01};
  auto malformed = Module::Compile(engine, truncated);
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(PhaseOf(malformed.error().code), Phase::kDecode);
  EXPECT_NE(malformed.error().message.find("0x"), std::string::npos) << "names the byte offset";

  // (func (result i32) i64.const 0): type mismatch.
  std::vector<uint8_t> invalid = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60,
                                  0x00, 0x01, 0x7F, 0x03, 0x02, 0x01, 0x00, 0x0A, 0x06, 0x01, 0x04, 0x00,
                                  0x42, 0x00, 0x0B};
  auto bad = Module::Compile(engine, invalid);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::kTypeMismatch);
  EXPECT_EQ(PhaseOf(bad.error().code), Phase::kValidate);
}

TEST(Loading, StartTrapAndBadSegmentFailInstantiation) {
  Engine engine;
  Store store(engine);
  store.SetFuel(1000);
  auto start = Module::Compile(engine, testing::ReadFixture("start_trap"));
  ASSERT_TRUE(start.ok());
  auto failed = Linker().Instantiate(store, *start);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::kInstantiateTrap);
  EXPECT_NE(failed.error().message.find("unreachable"), std::string::npos);

  auto segment = Module::Compile(engine, testing::ReadFixture("bad_segment"));
  ASSERT_TRUE(segment.ok());
  auto oob = Linker().Instantiate(store, *segment);
  ASSERT_FALSE(oob.ok());
  EXPECT_EQ(oob.error().code, Errc::kOutOfBoundsSegment);
}

TEST(Loading, ExposesImportsAndExports) {
  Engine engine;
  auto module = Module::Compile(engine, testing::ReadFixture("host"));
  ASSERT_TRUE(module.ok());
  ASSERT_EQ(module->imports().size(), 5u);
  EXPECT_EQ(module->imports()[0].module, "env");
  EXPECT_EQ(module->imports()[0].name, "add");
  EXPECT_EQ(KindOf(module->imports()[0].type), ExternKind::kFunc);
  EXPECT_EQ(std::get<FuncType>(module->imports()[0].type).ToString(), "(i32, i32) -> (i32)");
  bool found_memory = false;
  for (const ExportInfo& e : module->exports()) {
    if (e.name == "memory") {
      found_memory = true;
      EXPECT_EQ(std::get<MemoryType>(e.type).limits.max, 3u);
    }
  }
  EXPECT_TRUE(found_memory);
  EXPECT_EQ(module->name(), "host");
}

}  // namespace
}  // namespace cella
