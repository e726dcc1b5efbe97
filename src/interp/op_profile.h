// interp/op_profile.h: an optional dispatch profile for choosing superinstructions and
// checking the compiler's output: how often each internal op ran, and each pair of ops
// that ran one after the other. Compiled in only with the CMake option CELLA_OP_PROFILE
// (it costs two counter increments per dispatch); such a `cella` writes the profile to
// the file named by the environment variable CELLA_OP_PROFILE_OUT when it exits.
#pragma once

#include <cstdint>

#include "interp/code.h"

namespace cella::interp {

#if defined(CELLA_OP_PROFILE)
inline constexpr bool kOpProfile = true;
#else
inline constexpr bool kOpProfile = false;
#endif

// Counts one dispatch of `op`, after `previous` (kOpCount at the start of a run).
void CountDispatch(uint32_t previous, uint32_t op);

}  // namespace cella::interp
