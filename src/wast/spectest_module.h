// wast/spectest_module.h: the `spectest` host module the spec tests import: print
// functions, four immutable globals (666 / 666.6), a funcref table (10..20) and a memory
// (1..2 pages). Defined per Store; not thread-safe (see Store).
#pragma once

#include <ostream>

#include "cella/instance.h"
#include "cella/store.h"

namespace cella::wast {

// Creates the spectest objects in `store` and defines them in `linker` under "spectest".
// The print functions write their arguments to `print_output` ("spectest.print_i32(i32:42)")
// when it is non-null, and do nothing otherwise. Fails only if the store cannot create
// the memory (kResourceLimit).
Status DefineSpectest(Store& store, Linker& linker, std::ostream* print_output);

}  // namespace cella::wast
