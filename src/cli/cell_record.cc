// cli/cell_record.cc: CellOptions to and from the TOML record a snapshot keeps.
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <sstream>

#include "cli/cell_options.h"

namespace cella::cli {
namespace {

toml::array Strings(const std::vector<std::string>& items) {
  toml::array array;
  for (const std::string& s : items) array.push_back(s);
  return array;
}

Error Bad(const std::string& what) { return MakeError(Errc::kBadFormat, "snapshot policy: " + what); }

}  // namespace

std::string RecordCellOptions(const CellOptions& o, const std::vector<std::string>& resolved_env) {
  toml::table cell;
  cell.insert("module", o.module);
  cell.insert("args", Strings(o.args));
  cell.insert("env", Strings(resolved_env));
  cell.insert("dirs", Strings(o.dirs));
  if (!o.stdin_file.empty()) cell.insert("stdin", o.stdin_file);
  if (!o.stdout_file.empty()) cell.insert("stdout", o.stdout_file);
  if (!o.stderr_file.empty()) cell.insert("stderr", o.stderr_file);
  cell.insert("no_stdio", o.no_stdio);
  cell.insert("listen", Strings(o.listen));
  if (o.fuel) cell.insert("fuel", static_cast<int64_t>(*o.fuel));
  if (!o.max_memory.empty()) cell.insert("max_memory", o.max_memory);
  if (!o.max_output.empty()) cell.insert("max_output", o.max_output);
  if (!o.invoke.empty()) cell.insert("invoke", o.invoke);
  cell.insert("deterministic", o.deterministic);
  toml::table root;
  root.insert("cell", std::move(cell));
  std::ostringstream out;
  out << root << '\n';
  return out.str();
}

Result<CellOptions> ParseCellRecord(const std::string& text) {
  toml::parse_result parsed = toml::parse(std::string_view(text), std::string_view("snapshot policy"));
  if (!parsed) return Bad(std::string(parsed.error().description()));
  const toml::table& root = parsed.table();
  const toml::table* cell = root["cell"].as_table();
  if (cell == nullptr || root.size() != 1) return Bad("expected exactly a [cell] table");
  CellOptions o;
  for (const auto& entry : *cell) {
    const toml::node& node = entry.second;
    std::string k(entry.first.str());
    auto string = [&](std::string* out) -> Status {
      if (!node.is_string()) return Bad(k + " must be a string");
      *out = *node.value<std::string>();
      return OkStatus();
    };
    auto strings = [&](std::vector<std::string>* out) -> Status {
      const toml::array* array = node.as_array();
      if (array == nullptr) return Bad(k + " must be an array of strings");
      for (const toml::node& item : *array) {
        if (!item.is_string()) return Bad(k + " must be an array of strings");
        out->push_back(*item.value<std::string>());
      }
      return OkStatus();
    };
    auto boolean = [&](bool* out) -> Status {
      if (!node.is_boolean()) return Bad(k + " must be true or false");
      *out = *node.value<bool>();
      return OkStatus();
    };
    if (k == "module") {
      CELLA_TRY(string(&o.module));
    } else if (k == "args") {
      CELLA_TRY(strings(&o.args));
    } else if (k == "env") {
      CELLA_TRY(strings(&o.env));
    } else if (k == "dirs") {
      CELLA_TRY(strings(&o.dirs));
    } else if (k == "stdin") {
      CELLA_TRY(string(&o.stdin_file));
    } else if (k == "stdout") {
      CELLA_TRY(string(&o.stdout_file));
    } else if (k == "stderr") {
      CELLA_TRY(string(&o.stderr_file));
    } else if (k == "no_stdio") {
      CELLA_TRY(boolean(&o.no_stdio));
    } else if (k == "listen") {
      CELLA_TRY(strings(&o.listen));
    } else if (k == "fuel") {
      std::optional<int64_t> fuel = node.value<int64_t>();
      if (!node.is_integer() || !fuel || *fuel < 0) return Bad("fuel must be a non-negative integer");
      o.fuel = static_cast<uint64_t>(*fuel);
    } else if (k == "max_memory") {
      CELLA_TRY(string(&o.max_memory));
    } else if (k == "max_output") {
      CELLA_TRY(string(&o.max_output));
    } else if (k == "invoke") {
      CELLA_TRY(string(&o.invoke));
    } else if (k == "deterministic") {
      CELLA_TRY(boolean(&o.deterministic));
    } else {
      return Bad("unknown key '" + k + "'");
    }
  }
  return o;
}

}  // namespace cella::cli
