// sandbox/caps.h: child side, run in the program's process just before Landlock and
// seccomp: the program keeps no capability, not even in its own user namespace, and can
// never gain one (no_new_privs, locked securebits, empty bounding set).
#pragma once

#include "base/result.h"

namespace cella::sandbox::caps {

Status DropAll();

}  // namespace cella::sandbox::caps
