// wasm/decode_code.cc: decoder for the code section: each body's size, local
// declarations and instruction byte range. Instructions themselves are decoded later, by
// the validator or CheckBodiesDecode (wasm/validator.h). Called by Decode.
#include "wasm/decode_internal.h"

namespace cella::wasm::internal {
namespace {

Result<FunctionBody> ReadFunctionBody(base::Reader& reader) {
  const size_t size_pos = reader.pos();
  CELLA_ASSIGN_OR_RETURN(uint32_t size, reader.ReadVarU32());
  if (size > reader.remaining()) {
    return reader.ErrorAt(size_pos, Errc::kUnexpectedEnd,
                          "unexpected end: function body of " + std::to_string(size) + " bytes but only " +
                              std::to_string(reader.remaining()) + " bytes left in the code section");
  }
  CELLA_ASSIGN_OR_RETURN(base::Reader body_reader, reader.ReadSubReader(size));
  FunctionBody body;
  body.whole = ByteRange{static_cast<uint32_t>(body_reader.offset()), size};
  const size_t locals_pos = body_reader.pos();
  uint64_t total = 0;
  CELLA_TRY(ReadVector(body_reader, [&](base::Reader& r) -> Status {
    LocalRun run;
    CELLA_ASSIGN_OR_RETURN(run.count, r.ReadVarU32());
    total += run.count;
    if (total > kMaxLocals) {
      return r.ErrorAt(locals_pos, Errc::kTooManyLocals,
                       "too many locals: the function declares more than " + std::to_string(kMaxLocals));
    }
    CELLA_ASSIGN_OR_RETURN(run.type, ReadValType(r));
    body.locals.push_back(run);
    return OkStatus();
  }));
  body.local_count = static_cast<uint32_t>(total);
  body.code = ByteRange{static_cast<uint32_t>(body_reader.offset()), static_cast<uint32_t>(body_reader.remaining())};
  return body;
}

}  // namespace

Status DecodeCodeSection(base::Reader& reader, Module& module) {
  return ReadVectorInto(reader, module.code, ReadFunctionBody);
}

}  // namespace cella::wasm::internal
