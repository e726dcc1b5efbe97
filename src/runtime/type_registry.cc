// runtime/type_registry.cc: engine-wide interning of function types.
#include "runtime/type_registry.h"

namespace cella::runtime {
namespace {

// The parameter count, then the parameter and result type bytes.
std::string Key(const FuncType& type) {
  std::string key = std::to_string(type.params.size()) + ":";
  for (ValType t : type.params) key.push_back(static_cast<char>(t));
  for (ValType t : type.results) key.push_back(static_cast<char>(t));
  return key;
}

}  // namespace

uint32_t TypeRegistry::Intern(const FuncType& type) {
  std::string key = Key(type);
  std::lock_guard lock(mutex_);
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(types_.size());
  types_.push_back(std::make_unique<FuncType>(type));
  ids_.emplace(std::move(key), id);
  return id;
}

const FuncType& TypeRegistry::Get(uint32_t id) const {
  std::lock_guard lock(mutex_);
  return *types_.at(id);
}

}  // namespace cella::runtime
