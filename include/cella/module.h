// cella/module.h: a compiled module (decoded, validated and translated to internal code),
// ready to instantiate any number of times. Immutable and thread-safe once compiled.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cella/engine.h"
#include "cella/result.h"
#include "cella/types.h"
#include "cella/value.h"

namespace cella {

namespace detail {
struct ModuleImpl;
}

// The type of an import or export.
using ExternType = std::variant<FuncType, TableType, MemoryType, GlobalType, TagType>;  // index = ExternKind
ExternKind KindOf(const ExternType& type);
std::string ExternTypeToString(const ExternType& type);

struct ImportInfo {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportInfo {
  std::string name;
  ExternType type;
};

class Module {
 public:
  // Decodes, validates and compiles `wasm`. Errors: a Phase::kDecode code for malformed
  // bytes, Phase::kValidate for invalid ones, each naming the byte offset.
  static Result<Module> Compile(const Engine& engine, std::span<const uint8_t> wasm);
  // The same, keeping `wasm` as the module's bytes() instead of copying it.
  static Result<Module> Compile(const Engine& engine, std::vector<uint8_t>&& wasm);

  const std::vector<ImportInfo>& imports() const;
  const std::vector<ExportInfo>& exports() const;
  // Name from the name section's module name, or "".
  std::string_view name() const;
  // The module's encoding, as given to Compile.
  std::span<const uint8_t> bytes() const;

  std::shared_ptr<const detail::ModuleImpl> impl() const { return impl_; }

 private:
  explicit Module(std::shared_ptr<const detail::ModuleImpl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::ModuleImpl> impl_;
};

}  // namespace cella
