// wast/spectest_module.cc: the spectest host module, as the reference interpreter
// defines it (WebAssembly/spec interpreter/host/spectest.ml).
#include "wast/spectest_module.h"

#include <string>
#include <vector>

#include "wast/expected_value.h"

namespace cella::wast {
namespace {

constexpr char kModuleName[] = "spectest";

struct PrintFunction {
  const char* name;
  std::vector<ValType> params;
};

}  // namespace

Status DefineSpectest(Store& store, Linker& linker, std::ostream* print_output) {
  const PrintFunction kPrintFunctions[] = {
      {"print", {}},
      {"print_i32", {ValType::kI32}},
      {"print_i64", {ValType::kI64}},
      {"print_f32", {ValType::kF32}},
      {"print_f64", {ValType::kF64}},
      {"print_i32_f32", {ValType::kI32, ValType::kF32}},
      {"print_f64_f64", {ValType::kF64, ValType::kF64}},
  };
  for (const PrintFunction& print : kPrintFunctions) {
    std::string label = std::string(kModuleName) + "." + print.name;
    HostCallback callback = [print_output, label](HostContext&, std::span<const Value> args,
                                                  std::span<Value>) {
      if (print_output != nullptr) {
        std::string text = FormatValues(args);
        if (args.size() == 1) text = "(" + text + ")";
        *print_output << label << text << '\n';
      }
      return HostOutcome::Ok();
    };
    linker.DefineHostFunction(store, kModuleName, print.name, FuncType{print.params, {}}, std::move(callback));
  }

  linker.Define(kModuleName, "global_i32",
                store.CreateGlobal(GlobalType{ValType::kI32, false}, Value::I32(666)));
  linker.Define(kModuleName, "global_i64",
                store.CreateGlobal(GlobalType{ValType::kI64, false}, Value::I64(666)));
  linker.Define(kModuleName, "global_f32",
                store.CreateGlobal(GlobalType{ValType::kF32, false}, Value::F32(666.6f)));
  linker.Define(kModuleName, "global_f64",
                store.CreateGlobal(GlobalType{ValType::kF64, false}, Value::F64(666.6)));

  TableType table_type{ValType::kFuncRef, Limits{10, 20}};
  linker.Define(kModuleName, "table", store.CreateTable(table_type, Value::NullRef(ValType::kFuncRef)));
  CELLA_ASSIGN_OR_RETURN(Memory memory, store.CreateMemory(MemoryType{Limits{1, 2}}));
  linker.Define(kModuleName, "memory", memory);
  return OkStatus();
}

}  // namespace cella::wast
