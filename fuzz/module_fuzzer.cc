// fuzz/module_fuzzer.cc: libFuzzer target for the whole engine: decode → validate →
// compile → instantiate (every import satisfied by a stub) → call each exported
// function with zero arguments under a fuel budget. Oracle: the same call run again in
// slices of 7 fuel must end the same way (results or trap kind) with the same fuel.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "cella/cella.h"

namespace {

constexpr uint64_t kFuel = 20'000;

cella::EngineConfig FuzzConfig() {
  cella::EngineConfig config;
  config.compilation = cella::Compilation::kAtLoad;  // every function the input defines, called or not
  config.limits.max_call_depth = 500;
  config.limits.max_stack_slots = 1 << 16;
  config.limits.max_memory_pages = 64;
  config.limits.max_table_elements = 10'000;
  return config;
}

std::vector<cella::Value> ZeroArgs(const cella::FuncType& type) {
  std::vector<cella::Value> args;
  for (cella::ValType t : type.params) args.push_back(cella::Value::Zero(t));
  return args;
}

// Satisfies every import with a stub of the right type.
void DefineStubs(cella::Store& store, cella::Linker& linker, const cella::Module& module) {
  for (const cella::ImportInfo& import : module.imports()) {
    switch (cella::KindOf(import.type)) {
      case cella::ExternKind::kFunc: {
        const auto& type = std::get<cella::FuncType>(import.type);
        linker.DefineHostFunction(store, import.module, import.name, type,
                                  [](cella::HostContext&, std::span<const cella::Value>, std::span<cella::Value>) {
                                    return cella::HostOutcome::Ok();
                                  });
        break;
      }
      case cella::ExternKind::kTable: {
        auto type = std::get<cella::TableType>(import.type);
        type.limits.min = std::min<uint64_t>(type.limits.min, 1000);
        linker.Define(import.module, import.name, store.CreateTable(type, cella::Value::NullRef(type.elem_type)));
        break;
      }
      case cella::ExternKind::kMemory: {
        auto memory = store.CreateMemory(std::get<cella::MemoryType>(import.type));
        if (memory.ok()) linker.Define(import.module, import.name, *memory);
        break;
      }
      case cella::ExternKind::kGlobal: {
        const auto& type = std::get<cella::GlobalType>(import.type);
        linker.Define(import.module, import.name, store.CreateGlobal(type, cella::Value::Zero(type.type)));
        break;
      }
      case cella::ExternKind::kTag: {
        auto tag = store.CreateTag(std::get<cella::TagType>(import.type).type);
        if (tag.ok()) linker.Define(import.module, import.name, *tag);
        break;
      }
    }
  }
}

struct Ending {
  cella::CallOutcome::Status status;
  std::vector<cella::Value> results;
  cella::TrapKind trap;
  uint64_t fuel;
};

// Instantiates `module` in a fresh store and calls export `name`, refilling `slice` fuel
// at each pause until `budget` is spent.
bool CallOnce(const cella::Engine& engine, const cella::Module& module, const std::string& name, uint64_t slice,
              Ending* ending) {
  cella::Store store(engine);
  store.SetFuel(kFuel);
  cella::Linker linker;
  DefineStubs(store, linker, module);
  auto instance = linker.Instantiate(store, module);
  if (!instance.ok()) return false;
  auto function = instance->GetFunction(name);
  if (!function.ok()) return false;
  uint64_t base = store.fuel_consumed();
  uint64_t budget = kFuel;
  store.SetFuel(std::min(slice, budget));
  budget -= std::min(slice, budget);
  auto outcome = function->Call(ZeroArgs(function->type()));
  if (!outcome.ok()) return false;
  uint64_t pauses = 0;
  while (outcome->paused() && outcome->pause == cella::PauseReason::kOutOfFuel && budget > 0) {
    uint64_t more = std::min(slice, budget);
    budget -= more;
    if (!store.AddFuel(more).ok()) abort();
    // Inspection must work at any pause; sampled, as deep stacks make it costly.
    if (pauses++ % 64 == 0) (void)store.PausedFrames();
    outcome = store.Resume();
    if (!outcome.ok()) abort();
  }
  ending->status = outcome->status;
  ending->results = outcome->results;
  ending->trap = outcome->trap.kind;
  ending->fuel = store.fuel_consumed() - base;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const cella::Engine engine(FuzzConfig());
  auto module = cella::Module::Compile(engine, std::span<const uint8_t>(data, size));
  if (!module.ok()) return 0;
  int calls = 0;
  for (const cella::ExportInfo& e : module->exports()) {
    if (cella::KindOf(e.type) != cella::ExternKind::kFunc || ++calls > 4) continue;
    Ending straight{}, sliced{};
    if (!CallOnce(engine, *module, e.name, kFuel, &straight)) continue;
    if (!CallOnce(engine, *module, e.name, 7, &sliced)) abort();
    if (straight.status != sliced.status || straight.fuel != sliced.fuel) abort();
    if (straight.status == cella::CallOutcome::Status::kReturned && straight.results != sliced.results) {
      // NaN payloads may differ only if the host's float unit is nondeterministic; both
      // runs use the same handlers, so any difference is a bug.
      abort();
    }
    if (straight.status == cella::CallOutcome::Status::kTrapped && straight.trap != sliced.trap) abort();
  }
  return 0;
}
