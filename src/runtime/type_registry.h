// runtime/type_registry.h: interns function types engine-wide so that a function type
// is one integer everywhere (call_indirect compares ids, not vectors). Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "cella/value.h"

namespace cella::runtime {

class TypeRegistry {
 public:
  uint32_t Intern(const FuncType& type);
  // The type with id `id` (which Intern returned). The reference stays valid.
  const FuncType& Get(uint32_t id) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, uint32_t> ids_;
  std::vector<std::unique_ptr<FuncType>> types_;
};

}  // namespace cella::runtime
