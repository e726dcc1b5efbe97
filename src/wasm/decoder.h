// wasm/decoder.h: bytes → wasm::Module. Checks everything the binary format requires
// (the spec's "malformed" errors) and nothing more; validation is wasm/validator.h.
// Errors name the byte offset and what was wrong. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "base/result.h"
#include "wasm/module.h"

namespace cella::wasm {

struct DecodeOptions {
  // Parse the "name" custom section into Module::names (errors in it are ignored, as the
  // spec allows for custom sections).
  bool parse_names = true;
};

Result<std::unique_ptr<Module>> Decode(std::span<const uint8_t> bytes, const DecodeOptions& options = {});
// The same, keeping `bytes` as Module::bytes instead of copying them.
Result<std::unique_ptr<Module>> Decode(std::vector<uint8_t>&& bytes, const DecodeOptions& options = {});

}  // namespace cella::wasm
