// wasm/decode_internal.h: pieces shared by the decoder's files (decoder.cc, decode_*.cc,
// name_section.cc), the instruction reader and the body checker. Internal to src/wasm.
// Each section decoder reads the section's content from a reader bounded to it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "base/reader.h"
#include "base/result.h"
#include "wasm/module.h"

namespace cella::wasm::internal {

// Implementation limit on the declared locals of one function (parameters excluded).
constexpr uint64_t kMaxLocals = 50000;

// "0x1c" for messages.
inline std::string HexByte(uint8_t byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", byte);
  return buf;
}

// Reads vec(x): a u32 count, then `read_item(reader)` that many times. Never reserves
// from the untrusted count.
template <class ReadItem>
Status ReadVector(base::Reader& reader, ReadItem&& read_item) {
  CELLA_ASSIGN_OR_RETURN(uint32_t count, reader.ReadVarU32());
  for (uint32_t i = 0; i < count; ++i) CELLA_TRY(read_item(reader));
  return OkStatus();
}

// Reads vec(T) into `out`, each item by `read_item(reader) -> Result<T>`.
template <class T, class ReadItem>
Status ReadVectorInto(base::Reader& reader, std::vector<T>& out, ReadItem&& read_item) {
  return ReadVector(reader, [&](base::Reader& r) -> Status {
    CELLA_ASSIGN_OR_RETURN(T item, read_item(r));
    out.push_back(std::move(item));
    return OkStatus();
  });
}

Result<Limits> ReadLimits(base::Reader& reader);
Result<TableType> ReadTableType(base::Reader& reader);
Result<GlobalType> ReadGlobalType(base::Reader& reader);
// instr* 0x0B: the instructions up to the matching end (nested blocks are kept whole).
Result<ConstExpr> ReadConstExpr(base::Reader& reader);

// Malformed-body errors shared by CheckBodyDecode and the validator (body_decode.cc).
Error MisplacedElse(const Instr& instr);
Error BodyEndExpected(const base::Reader& reader);
Error JunkAfterBody(const base::Reader& reader);
// memory.init and data.drop need a data count section. An index beyond every data
// segment is reported by the validator as an unknown data segment instead (invalid with
// or without the section), which is also how text-format tools that omit the section for
// modules without data segments expect it to be classified.
bool NeedsDataCount(const Module& module, const Instr& instr);
Error DataCountRequired(const Instr& instr);

// Section decoders (one per section id).
Status DecodeTypeSection(base::Reader& reader, Module& module);
Status DecodeImportSection(base::Reader& reader, Module& module);
Status DecodeFunctionSection(base::Reader& reader, Module& module);
Status DecodeTableSection(base::Reader& reader, Module& module);
Status DecodeMemorySection(base::Reader& reader, Module& module);
Status DecodeGlobalSection(base::Reader& reader, Module& module);
Status DecodeTagSection(base::Reader& reader, Module& module);
Status DecodeExportSection(base::Reader& reader, Module& module);
Status DecodeStartSection(base::Reader& reader, Module& module);
Status DecodeElemSection(base::Reader& reader, Module& module);
Status DecodeDataCountSection(base::Reader& reader, Module& module);
Status DecodeCodeSection(base::Reader& reader, Module& module);
Status DecodeDataSection(base::Reader& reader, Module& module);

}  // namespace cella::wasm::internal
