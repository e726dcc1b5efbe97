// policy/manifest.cc: manifest TOML → Policy. Each table has a key list saying which kind
// of cell understands the key; unknown keys are refused with their line. Thread-safe.
#define TOML_EXCEPTIONS 0
#define TOML_ENABLE_FORMATTERS 0
#include "policy/manifest.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>

#include <cstdio>
#include "policy/units.h"

namespace cella::policy {
namespace {

enum class Kind : uint8_t { kShared, kWasm, kNative };

struct Ctx {
  std::string_view source;
  Policy& policy;
  DirGrant* dir = nullptr;  // the [[grants.dirs]] entry being read
};

// One key in one table: `path` is the dotted key for messages.
struct Item {
  const toml::node& node;
  std::string path;
  int line;
};

Error KeyError(const Ctx& ctx, const Item& item, const std::string& what) {
  return MakeError(Errc::kBadManifest, std::string(ctx.source) + ":" + std::to_string(item.line) + ": '" +
                                           item.path + "' " + what);
}

Result<std::string> String(const Ctx& ctx, const Item& item) {
  if (auto* s = item.node.as_string()) return s->get();
  return KeyError(ctx, item, "must be a string");
}

Result<bool> Bool(const Ctx& ctx, const Item& item) {
  if (auto* b = item.node.as_boolean()) return b->get();
  return KeyError(ctx, item, "must be true or false");
}

Result<uint64_t> Count(const Ctx& ctx, const Item& item, uint64_t max) {
  auto* i = item.node.as_integer();
  if (i == nullptr || i->get() < 0 || static_cast<uint64_t>(i->get()) > max) {
    return KeyError(ctx, item, "must be an integer from 0 to " + std::to_string(max));
  }
  return static_cast<uint64_t>(i->get());
}

Result<uint64_t> Size(const Ctx& ctx, const Item& item) {
  if (item.node.is_integer()) return Count(ctx, item, std::numeric_limits<int64_t>::max());
  if (auto* s = item.node.as_string()) {
    auto size = ParseSize(s->get());
    if (!size.ok()) return KeyError(ctx, item, "is not a size: " + size.error().message);
    return *size;
  }
  return KeyError(ctx, item, "must be a byte count or a size string such as \"256M\"");
}

Result<int64_t> Duration(const Ctx& ctx, const Item& item) {
  if (auto* s = item.node.as_string()) {
    auto nanos = ParseDuration(s->get());
    if (!nanos.ok()) return KeyError(ctx, item, "is not a duration: " + nanos.error().message);
    return *nanos;
  }
  if (item.node.is_number()) {
    double seconds = item.node.value<double>().value_or(-1);
    if (seconds >= 0 && seconds < 9e9) return static_cast<int64_t>(seconds * 1e9);
  }
  return KeyError(ctx, item, "must be a duration string such as \"5s\" or a number of seconds");
}

Result<std::vector<std::string>> Strings(const Ctx& ctx, const Item& item) {
  auto* array = item.node.as_array();
  if (array == nullptr) return KeyError(ctx, item, "must be an array of strings");
  std::vector<std::string> out;
  for (const toml::node& element : *array) {
    auto* s = element.as_string();
    if (s == nullptr) return KeyError(ctx, item, "must contain only strings");
    out.push_back(s->get());
  }
  return out;
}

template <class Enum>
Result<Enum> Choice(const Ctx& ctx, const Item& item, std::initializer_list<std::pair<std::string_view, Enum>> choices) {
  std::string allowed;
  if (auto* s = item.node.as_string()) {
    for (const auto& [name, value] : choices) {
      if (s->get() == name) return value;
    }
  }
  for (const auto& [name, value] : choices) allowed += (allowed.empty() ? "\"" : ", \"") + std::string(name) + "\"";
  return KeyError(ctx, item, "must be one of " + allowed);
}

using Handler = Status (*)(const Ctx&, const Item&);

struct KeySpec {
  std::string_view name;
  Kind kind;
  Handler handler;
};

Status ParseTable(const Ctx& ctx, const toml::node& node, const std::string& prefix, std::initializer_list<KeySpec> keys);

Status RecordKind(const Ctx& ctx, Kind kind, const Item& item) {
  if (kind == Kind::kWasm) ctx.policy.wasm_only_keys.push_back({item.path, item.line});
  if (kind == Kind::kNative) ctx.policy.native_only_keys.push_back({item.path, item.line});
  return OkStatus();
}

#define CELLA_SET(field, expr)          \
  [](const Ctx& ctx, const Item& item) -> Status { \
    CELLA_ASSIGN_OR_RETURN(auto value, expr);      \
    ctx.policy.field = value;                      \
    return OkStatus();                             \
  }
#define CELLA_SET_DIR(field, expr)                 \
  [](const Ctx& ctx, const Item& item) -> Status { \
    CELLA_ASSIGN_OR_RETURN(ctx.dir->field, expr);  \
    return OkStatus();                             \
  }

Status ParseLimits(const Ctx& outer, const Item& table) {
  constexpr uint64_t kU32 = std::numeric_limits<uint32_t>::max();
  return ParseTable(outer, table.node, table.path, {
      {"memory", Kind::kShared, CELLA_SET(limits.memory_bytes, Size(ctx, item))},
      {"wall_time", Kind::kShared, CELLA_SET(limits.wall_time_ns, Duration(ctx, item))},
      {"fuel", Kind::kWasm, CELLA_SET(limits.fuel, Count(ctx, item, std::numeric_limits<int64_t>::max()))},
      {"call_depth", Kind::kWasm, CELLA_SET(limits.call_depth, Count(ctx, item, kU32))},
      {"output_bytes", Kind::kWasm, CELLA_SET(limits.output_bytes, Size(ctx, item))},
      {"pids", Kind::kNative, CELLA_SET(limits.pids, Count(ctx, item, 4'000'000))},
      {"cpu_time", Kind::kNative, CELLA_SET(limits.cpu_time_ns, Duration(ctx, item))},
      {"cpus", Kind::kNative,
       [](const Ctx& ctx, const Item& item) -> Status {
         double cpus = item.node.value<double>().value_or(-1);
         if (!item.node.is_number() || cpus <= 0 || cpus > 4096) return KeyError(ctx, item, "must be a number of CPUs above 0, e.g. 0.5");
         ctx.policy.limits.cpus = cpus;
         return OkStatus();
       }},
      {"file_size", Kind::kNative, CELLA_SET(limits.file_size_bytes, Size(ctx, item))},
      {"open_files", Kind::kNative, CELLA_SET(limits.open_files, Count(ctx, item, 1 << 20))},
      {"tmp_size", Kind::kNative, CELLA_SET(limits.tmp_size_bytes, Size(ctx, item))},
  });
}

Status ParseDir(const Ctx& outer, const Item& table) {
  DirGrant dir;
  Ctx dir_ctx{outer.source, outer.policy, &dir};
  CELLA_TRY(ParseTable(dir_ctx, table.node, table.path, {
      {"host", Kind::kShared, CELLA_SET_DIR(host, String(ctx, item))},
      {"guest", Kind::kShared, CELLA_SET_DIR(guest, String(ctx, item))},
      {"mode", Kind::kShared,
       CELLA_SET_DIR(mode, Choice<DirMode>(ctx, item, {{"ro", DirMode::kRo}, {"rw", DirMode::kRw},
                                                       {"cow", DirMode::kCow}, {"mem", DirMode::kMem}}))},
  }));
  if (dir.guest.empty()) dir.guest = dir.host;
  if (dir.host.empty() && dir.mode != DirMode::kMem) return KeyError(outer, table, "needs a 'host' path (only mode \"mem\" may start empty)");
  if (dir.guest.empty() || dir.guest.front() != '/') return KeyError(outer, table, "needs an absolute 'guest' or 'host' path");
  if (!dir.host.empty() && dir.host.front() != '/') return KeyError(outer, table, "'host' must be an absolute path");
  outer.policy.grants.dirs.push_back(std::move(dir));
  return OkStatus();
}

Status ParseStdio(const Ctx& outer, const Item& table) {
  return ParseTable(outer, table.node, table.path, {
      {"stdin", Kind::kShared, CELLA_SET(grants.stdin_mode, Choice<Stdio>(ctx, item, {{"inherit", Stdio::kInherit}, {"null", Stdio::kNull}}))},
      {"stdout", Kind::kShared, CELLA_SET(grants.stdout_mode, Choice<Stdio>(ctx, item, {{"inherit", Stdio::kInherit}, {"null", Stdio::kNull}}))},
      {"stderr", Kind::kShared, CELLA_SET(grants.stderr_mode, Choice<Stdio>(ctx, item, {{"inherit", Stdio::kInherit}, {"null", Stdio::kNull}}))},
  });
}

Status ParseGrants(const Ctx& outer, const Item& table) {
  return ParseTable(outer, table.node, table.path, {
      {"args", Kind::kShared, CELLA_SET(grants.args, Strings(ctx, item))},
      {"env", Kind::kShared,
       [](const Ctx& ctx, const Item& item) -> Status {
         auto* vars = item.node.as_table();
         if (vars == nullptr) return KeyError(ctx, item, "must be a table of NAME = \"value\"");
         for (auto&& [key, value] : *vars) {
           Item entry{value, item.path + "." + std::string(key.str()), static_cast<int>(key.source().begin.line)};
           CELLA_ASSIGN_OR_RETURN(std::string text, String(ctx, entry));
           ctx.policy.grants.env.emplace_back(std::string(key.str()), std::move(text));
         }
         return OkStatus();
       }},
      {"dirs", Kind::kShared,
       [](const Ctx& ctx, const Item& item) -> Status {
         auto* array = item.node.as_array();
         if (array == nullptr) return KeyError(ctx, item, "must be an array of tables ([[grants.dirs]])");
         for (size_t i = 0; i < array->size(); ++i) {
           const toml::node& element = *array->get(i);
           Item entry{element, item.path + "[" + std::to_string(i) + "]", static_cast<int>(element.source().begin.line)};
           if (!element.is_table()) return KeyError(ctx, entry, "must be a table with host, guest and mode");
           CELLA_TRY(ParseDir(ctx, entry));
         }
         return OkStatus();
       }},
      {"network", Kind::kShared, CELLA_SET(grants.network, Choice<Network>(ctx, item, {{"none", Network::kNone}, {"host", Network::kHost}}))},
      {"stdio", Kind::kShared, ParseStdio},
      {"sockets", Kind::kWasm, CELLA_SET(grants.sockets, Strings(ctx, item))},
      {"clock", Kind::kWasm, CELLA_SET(grants.clock, Choice<Clock>(ctx, item, {{"real", Clock::kReal}, {"virtual", Clock::kVirtual}}))},
      {"random", Kind::kWasm, CELLA_SET(grants.random, Choice<Random>(ctx, item, {{"real", Random::kReal}, {"seeded", Random::kSeeded}}))},
      {"seed", Kind::kWasm, CELLA_SET(grants.seed_hex, String(ctx, item))},
  });
}

Status ParseSeccompTable(const Ctx& outer, const Item& table) {
  return ParseTable(outer, table.node, table.path, {
      {"deny", Kind::kNative, CELLA_SET(native.seccomp.deny, Strings(ctx, item))},
      {"kill", Kind::kNative, CELLA_SET(native.seccomp.kill, Strings(ctx, item))},
      {"log", Kind::kNative, CELLA_SET(native.seccomp.log, Strings(ctx, item))},
      {"allow", Kind::kNative, CELLA_SET(native.seccomp.allow, Strings(ctx, item))},
  });
}

Status ParseNative(const Ctx& outer, const Item& table) {
  return ParseTable(outer, table.node, table.path, {
      {"hide", Kind::kNative, CELLA_SET(native.hide, Strings(ctx, item))},
      {"hostname", Kind::kNative, CELLA_SET(native.hostname, String(ctx, item))},
      {"cow_keep", Kind::kNative, CELLA_SET(native.cow_keep, String(ctx, item))},
      {"cgroup_parent", Kind::kNative, CELLA_SET(native.cgroup_parent, String(ctx, item))},
      {"tty", Kind::kNative, CELLA_SET(native.tty, Bool(ctx, item))},
      {"seccomp_log", Kind::kNative, CELLA_SET(native.seccomp_log, Bool(ctx, item))},
      {"seccomp", Kind::kNative, ParseSeccompTable},
  });
}

#undef CELLA_SET
#undef CELLA_SET_DIR

Status ParseTable(const Ctx& ctx, const toml::node& node, const std::string& prefix, std::initializer_list<KeySpec> keys) {
  const toml::table* table = node.as_table();
  int table_line = static_cast<int>(node.source().begin.line);
  if (table == nullptr) {
    return MakeError(Errc::kBadManifest, std::string(ctx.source) + ":" + std::to_string(table_line) + ": '" + prefix + "' must be a table");
  }
  // toml++ keeps keys sorted; visit them in the order they were written.
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, value] : *table) entries.emplace_back(&key, &value);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::pair(a.first->source().begin.line, a.first->source().begin.column) <
           std::pair(b.first->source().begin.line, b.first->source().begin.column);
  });
  for (const auto& [key_ptr, value_ptr] : entries) {
    const toml::key& key = *key_ptr;
    std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    Item item{*value_ptr, path, static_cast<int>(key.source().begin.line)};
    const KeySpec* spec = nullptr;
    for (const KeySpec& candidate : keys) {
      if (candidate.name == key.str()) spec = &candidate;
    }
    if (spec == nullptr) {
      std::string known;
      for (const KeySpec& candidate : keys) known += (known.empty() ? "" : ", ") + std::string(candidate.name);
      return MakeError(Errc::kUnknownManifestKey, std::string(ctx.source) + ":" + std::to_string(item.line) +
                                                      ": unknown key '" + path + "'" +
                                                      (prefix.empty() ? "" : " in [" + prefix + "]") + "; known keys: " + known);
    }
    CELLA_TRY(RecordKind(ctx, spec->kind, item));
    CELLA_TRY(spec->handler(ctx, item));
  }
  return OkStatus();
}

Result<std::string> ReadText(const std::string& path, std::string_view what) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return MakeError(Errc::kNotFound, "cannot read " + std::string(what) + " " + path + ": " + std::strerror(errno));
  std::string text;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  std::fclose(file);
  return text;
}

Result<toml::table> ParseToml(std::string_view text, std::string_view source_name) {
  toml::parse_result result = toml::parse(text, source_name);
  if (!result) {
    const toml::parse_error& error = result.error();
    return MakeError(Errc::kBadManifest, std::string(source_name) + ":" + std::to_string(error.source().begin.line) +
                                             ": " + std::string(error.description()));
  }
  return std::move(result).table();
}

}  // namespace

const char* DirModeName(DirMode mode) {
  switch (mode) {
    case DirMode::kRo: return "ro";
    case DirMode::kRw: return "rw";
    case DirMode::kCow: return "cow";
    case DirMode::kMem: return "mem";
  }
  return "?";
}

Result<Policy> ParseManifest(std::string_view text, std::string_view source_name) {
  CELLA_ASSIGN_OR_RETURN(toml::table table, ParseToml(text, source_name));
  Policy policy;
  policy.source = std::string(source_name);
  Ctx root{source_name, policy};
  CELLA_TRY(ParseTable(root, table, "", {
      {"module", Kind::kWasm,
       [](const Ctx& ctx, const Item& item) -> Status {
         CELLA_ASSIGN_OR_RETURN(ctx.policy.module, String(ctx, item));
         return OkStatus();
       }},
      {"deterministic", Kind::kWasm,
       [](const Ctx& ctx, const Item& item) -> Status {
         CELLA_ASSIGN_OR_RETURN(ctx.policy.deterministic, Bool(ctx, item));
         return OkStatus();
       }},
      {"limits", Kind::kShared, ParseLimits},
      {"grants", Kind::kShared, ParseGrants},
      {"native", Kind::kNative, ParseNative},
  }));
  return policy;
}

Result<Policy> LoadManifest(const std::string& path) {
  CELLA_ASSIGN_OR_RETURN(std::string text, ReadText(path, "manifest"));
  return ParseManifest(text, path);
}

Status CheckNativeOnly(const Policy& policy) {
  if (policy.wasm_only_keys.empty()) return OkStatus();
  std::string message;
  for (const KeyUse& use : policy.wasm_only_keys) {
    if (!message.empty()) message += "; ";
    message += policy.source + ":" + std::to_string(use.line) + ": '" + use.key + "'";
  }
  message += (policy.wasm_only_keys.size() == 1 ? " applies" : " apply");
  message += " only to Wasm cells (cella run); native cells cannot honour it. Remove it for cella exec "
             "(for CPU use limits.cpu_time instead of limits.fuel)";
  return MakeError(Errc::kWasmOnlyKey, std::move(message));
}

Result<SeccompRules> ParseSeccompRules(std::string_view text, std::string_view source_name) {
  CELLA_ASSIGN_OR_RETURN(toml::table table, ParseToml(text, source_name));
  Policy policy;
  Ctx root{source_name, policy};
  CELLA_TRY(ParseSeccompTable(root, Item{table, "", 1}));
  return policy.native.seccomp;
}

Result<SeccompRules> LoadSeccompRules(const std::string& path) {
  CELLA_ASSIGN_OR_RETURN(std::string text, ReadText(path, "seccomp policy"));
  return ParseSeccompRules(text, path);
}

}  // namespace cella::policy
