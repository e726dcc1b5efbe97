// wasm/name_section.h: parser for the "name" custom section (module, function and local
// names). The decoder calls it leniently: on error the section is ignored. Stateless.
#pragma once

#include <cstdint>
#include <span>

#include "base/result.h"
#include "wasm/module.h"

namespace cella::wasm {

// Parses the content of a "name" custom section (after the section's own name).
// `base_offset` is the module offset of `content`, for messages.
Result<NameSection> ParseNameSection(std::span<const uint8_t> content, size_t base_offset = 0);

}  // namespace cella::wasm
