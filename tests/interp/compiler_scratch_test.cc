// tests/interp/compiler_scratch_test.cc: the compilers of a thread reuse one set of
// tables (Compiler::Scratch). Nothing of one function's compilation leaks into the next:
// compiled again in another order, every function gets exactly the code it got at load.
// A compiler made while another is alive on the same thread gets tables of its own. The
// finished code is a copy of exactly its size.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "interp/code.h"
#include "interp/compiler.h"
#include "runtime/loaded_module.h"
#include "tests/interp/test_support.h"
#include "wasm/validator.h"

namespace cella {
namespace {

using testing::Loaded;

interp::CompileOptions LoadOptions(const runtime::LoadedModule& loaded) {
  interp::CompileOptions options;
  options.metering = loaded.metering;
  options.canonicalize_nans = loaded.canonicalize_nans;
  return options;
}

void ExpectSameCode(const interp::Code& a, const interp::Code& b, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(a.words, b.words);
  ASSERT_EQ(a.sites.size(), b.sites.size());
  for (size_t i = 0; i < a.sites.size(); ++i) {
    const interp::Site &x = a.sites[i], &y = b.sites[i];
    EXPECT_EQ(std::tie(x.pc, x.wasm_offset, x.block, x.paid_through),
              std::tie(y.pc, y.wasm_offset, y.block, y.paid_through));
  }
  ASSERT_EQ(a.pause_points.size(), b.pause_points.size());
  for (size_t i = 0; i < a.pause_points.size(); ++i) {
    const interp::PausePoint &x = a.pause_points[i], &y = b.pause_points[i];
    EXPECT_EQ(std::tie(x.pc, x.wasm_offset, x.types_begin, x.types_count, x.return_site, x.catch_depth, x.region,
                       x.call_type_id),
              std::tie(y.pc, y.wasm_offset, y.types_begin, y.types_count, y.return_site, y.catch_depth, y.region,
                       y.call_type_id));
  }
  EXPECT_EQ(a.block_costs, b.block_costs);
  EXPECT_EQ(a.stack_types, b.stack_types);
  ASSERT_EQ(a.try_regions.size(), b.try_regions.size());
  for (size_t i = 0; i < a.try_regions.size(); ++i) {
    const interp::TryRegion &x = a.try_regions[i], &y = b.try_regions[i];
    EXPECT_EQ(std::tie(x.parent, x.payload_slot, x.catch_level, x.catches_begin, x.catches_count, x.delegates,
                       x.delegate_to),
              std::tie(y.parent, y.payload_slot, y.catch_level, y.catches_begin, y.catches_count, y.delegates,
                       y.delegate_to));
  }
  ASSERT_EQ(a.catches.size(), b.catches.size());
  for (size_t i = 0; i < a.catches.size(); ++i) {
    EXPECT_EQ(std::tie(a.catches[i].region, a.catches[i].tag, a.catches[i].target),
              std::tie(b.catches[i].region, b.catches[i].tag, b.catches[i].target));
  }
}

// Fixtures with blocks, loops, br_table, try/catch/delegate and calls.
const char* const kFixtures[] = {"exceptions", "switch", "sort", "counters"};

TEST(CompilerScratchTest, FunctionsCompiledAgainInReverseGetTheirCodeFromLoad) {
  for (const char* name : kFixtures) {
    Loaded loaded(name);
    ASSERT_TRUE(loaded.module.has_value());
    const runtime::LoadedModule& lm = *loaded.module->impl()->loaded;
    ASSERT_GE(lm.functions.size(), 2u) << name;
    for (size_t i = lm.functions.size(); i-- > 0;) {
      const interp::CompiledFunction& function = *lm.functions[i];
      ASSERT_TRUE(function.compiled());
      interp::Compiler compiler(*lm.module, lm.type_ids, LoadOptions(lm));
      ASSERT_TRUE(wasm::ValidateFunction(*lm.module, lm.context, function.defined_index, &compiler).ok());
      EXPECT_EQ(compiler.frame_slots(), function.frame_slots.load());
      EXPECT_EQ(compiler.local_slot_of(), function.local_slot_of);
      ExpectSameCode(compiler.TakeCode(), function.fast, std::string(name) + " function " + std::to_string(i));
    }
  }
}

TEST(CompilerScratchTest, ACompilerMadeWhileAnotherIsAliveHasTablesOfItsOwn) {
  Loaded loaded("sort");
  ASSERT_TRUE(loaded.module.has_value());
  const runtime::LoadedModule& lm = *loaded.module->impl()->loaded;
  ASSERT_GE(lm.functions.size(), 2u);
  const interp::CompiledFunction& first = *lm.functions[0];
  const interp::CompiledFunction& second = *lm.functions[1];
  interp::Compiler outer(*lm.module, lm.type_ids, LoadOptions(lm));
  {
    // Compiled to its end while `outer` holds the thread's tables, before `outer` starts.
    interp::Compiler inner(*lm.module, lm.type_ids, LoadOptions(lm));
    ASSERT_TRUE(wasm::ValidateFunction(*lm.module, lm.context, second.defined_index, &inner).ok());
    ExpectSameCode(inner.TakeCode(), second.fast, "inner");
  }
  ASSERT_TRUE(wasm::ValidateFunction(*lm.module, lm.context, first.defined_index, &outer).ok());
  ExpectSameCode(outer.TakeCode(), first.fast, "outer");
}

TEST(CompilerScratchTest, FinishedCodeTakesExactlyItsSize) {
  Loaded loaded("sort");
  ASSERT_TRUE(loaded.module.has_value());
  for (const auto& function : loaded.module->impl()->loaded->functions) {
    ASSERT_TRUE(function->compiled());
    const interp::Code& code = function->fast;
    EXPECT_GT(code.words.size(), 0u);
    EXPECT_EQ(code.words.capacity(), code.words.size());
    EXPECT_EQ(code.sites.capacity(), code.sites.size());
    EXPECT_EQ(code.pause_points.capacity(), code.pause_points.size());
  }
}

}  // namespace
}  // namespace cella
