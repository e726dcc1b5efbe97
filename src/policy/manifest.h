// policy/manifest.h: reads a manifest (TOML) into a Policy. Unknown keys and wrong types
// are errors naming the key and its line; the schema is in docs/native-cells.md and the
// key table in manifest.cc. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "policy/policy.h"

namespace cella::policy {

// `source_name` is used in messages ("app.toml:7: ...").
Result<Policy> ParseManifest(std::string_view text, std::string_view source_name);
Result<Policy> LoadManifest(const std::string& path);

// Refuses a policy that uses Wasm-only keys, naming each with its line (for `cella exec`).
Status CheckNativeOnly(const Policy& policy);

// A seccomp policy file: top-level arrays deny, kill, log, allow (syscall names).
Result<SeccompRules> ParseSeccompRules(std::string_view text, std::string_view source_name);
Result<SeccompRules> LoadSeccompRules(const std::string& path);

}  // namespace cella::policy
