// tests/wasm/api_values_test.cc: names and printing of the API's plain-data types that
// the decoder and validator use in messages (base/value.cc): value types, values,
// function types, extern kinds and traps.
#include <gtest/gtest.h>

#include <cmath>

#include "cella/trap.h"
#include "cella/types.h"
#include "cella/value.h"

namespace cella {
namespace {

TEST(ApiValues, NamesValueTypes) {
  EXPECT_EQ(ValTypeName(ValType::kI32), "i32");
  EXPECT_EQ(ValTypeName(ValType::kF64), "f64");
  EXPECT_EQ(ValTypeName(ValType::kV128), "v128");
  EXPECT_EQ(ValTypeName(ValType::kFuncRef), "funcref");
  EXPECT_EQ(ValTypeName(ValType::kExternRef), "externref");
  EXPECT_EQ(ValTypeName(static_cast<ValType>(0x01)), "invalid");
}

TEST(ApiValues, PrintsValues) {
  EXPECT_EQ(Value::I32(42).ToString(), "i32:42");
  EXPECT_EQ(Value::I32(0xFFFFFFFF).ToString(), "i32:4294967295");
  EXPECT_EQ(Value::I64(7).ToString(), "i64:7");
  EXPECT_EQ(Value::F64(1.0).ToString(), "f64:0x1p+0 (1)");
  EXPECT_EQ(Value::F32(0.5f).ToString(), "f32:0x1p-1 (0.5)");
  EXPECT_EQ(Value::F32Bits(0x7FC00000).ToString(), "f32:nan:0x7fc00000");
  EXPECT_EQ(Value::NullRef(ValType::kFuncRef).ToString(), "funcref:null");
  EXPECT_EQ(Value::ExternRef(5).ToString(), "externref:5");
  EXPECT_EQ(Value::NullRef(ValType::kExternRef).ToString(), "externref:null");
  V128 v;
  v.bytes[0] = 0x01;
  v.bytes[15] = 0xAB;
  EXPECT_EQ(Value::FromV128(v).ToString(), "v128:0xab000000000000000000000000000001");
}

TEST(ApiValues, ComparesValuesByTypeAndBits) {
  EXPECT_EQ(Value::I32(1), Value::I32(1));
  EXPECT_FALSE(Value::I32(1) == Value::I64(1));
  EXPECT_EQ(Value::F32Bits(0x7FC00001), Value::F32Bits(0x7FC00001));  // NaNs by bits
  EXPECT_FALSE(Value::F32Bits(0x7FC00001) == Value::F32Bits(0x7FC00000));
  EXPECT_FALSE(Value::F64(0.0) == Value::F64(-0.0));
  V128 a, b;
  b.bytes[3] = 1;
  EXPECT_FALSE(Value::FromV128(a) == Value::FromV128(b));
}

TEST(ApiValues, PrintsFunctionTypes) {
  EXPECT_EQ((FuncType{{ValType::kI32, ValType::kI64}, {ValType::kF32}}).ToString(), "(i32, i64) -> (f32)");
  EXPECT_EQ(FuncType{}.ToString(), "() -> ()");
}

TEST(ApiValues, NamesExternKinds) {
  EXPECT_STREQ(ExternKindName(ExternKind::kFunc), "func");
  EXPECT_STREQ(ExternKindName(ExternKind::kTable), "table");
  EXPECT_STREQ(ExternKindName(ExternKind::kMemory), "memory");
  EXPECT_STREQ(ExternKindName(ExternKind::kGlobal), "global");
}

TEST(ApiValues, NamesTraps) {
  EXPECT_EQ(TrapMessage(TrapKind::kMemoryOutOfBounds), "out of bounds memory access");
  EXPECT_EQ(TrapName(TrapKind::kUnreachable), "unreachable");
  EXPECT_EQ(TrapName(TrapKind::kIntegerDivideByZero), "integer_divide_by_zero");
  EXPECT_EQ(TrapName(TrapKind::kExit), "exit");
}

TEST(ApiValues, PrintsTrapsWithBacktraces) {
  TrapInfo info;
  info.kind = TrapKind::kMemoryOutOfBounds;
  info.backtrace = {BacktraceFrame{3, "load", "", 0x1a2, false}, BacktraceFrame{0, "main", "app", 0x40, false},
                    BacktraceFrame{7, "", "", 0, true}};
  EXPECT_EQ(info.ToString(),
            "out of bounds memory access\n"
            "  at #0 func 3 <load> (offset 0x1a2)\n"
            "  at #1 func 0 <app.main> (offset 0x40)\n"
            "  at #2 host function");
  TrapInfo exit;
  exit.kind = TrapKind::kExit;
  exit.exit_code = 3;
  EXPECT_EQ(exit.ToString(), "exit requested (exit code 3)");
  TrapInfo host;
  host.kind = TrapKind::kHostTrap;
  host.message = "host function trapped: fd_write failed";
  EXPECT_EQ(host.ToString(), "host function trapped: fd_write failed");
}

}  // namespace
}  // namespace cella
