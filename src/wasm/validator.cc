// wasm/validator.cc: Validate(): declarations, then every function body, reporting a
// malformed body ahead of any validation error as the spec's decode-first order demands.
#include "wasm/validator.h"

namespace cella::wasm {
namespace {

// `error` is a validation error: a malformed body anywhere takes precedence over it.
Status PreferMalformed(const Module& module, Error error) {
  CELLA_TRY(CheckBodiesDecode(module, 0));
  return error;
}

}  // namespace

Status Validate(const Module& module) {
  auto context = ValidateDeclarations(module);
  if (!context.ok()) return PreferMalformed(module, std::move(context).error());
  for (uint32_t i = 0; i < module.code.size(); ++i) {
    Status status = ValidateFunction(module, *context, i, nullptr);
    if (!status.ok()) {
      if (PhaseOf(status.error().code) != Phase::kValidate) return status;
      return PreferMalformed(module, std::move(status).error());
    }
  }
  return OkStatus();
}

}  // namespace cella::wasm
