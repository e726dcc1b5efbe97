// wasm/body_decode.cc: CheckBodyDecode / CheckBodiesDecode (wasm/validator.h): decode a
// function body's instructions without validating them, to find malformed bodies that
// take precedence over invalid ones. Stateless; thread-safe on an immutable Module.
#include "wasm/decode_internal.h"
#include "wasm/validator.h"

namespace cella::wasm {
namespace internal {

Error MisplacedElse(const Instr& instr) {
  return MakeError(Errc::kBadOpcode,
                   "at byte " + base::HexOffset(instr.offset) + ": misplaced ELSE opcode (not inside an if)");
}

Error BodyEndExpected(const base::Reader& reader) {
  return reader.ErrorHere(Errc::kEndExpected, "END opcode expected: the function body ends inside a block");
}

Error JunkAfterBody(const base::Reader& reader) {
  return reader.ErrorHere(Errc::kJunkAfterEnd, std::to_string(reader.remaining()) +
                                                   " bytes after the final end of the function body");
}

bool NeedsDataCount(const Module& module, const Instr& instr) {
  return !module.data_count && instr.index < module.datas.size();
}

Error DataCountRequired(const Instr& instr) {
  return MakeError(Errc::kDataCountRequired, "at byte " + base::HexOffset(instr.offset) + ": data count section required: " +
                                                 std::string(GetOpcodeInfo(instr.op).name) +
                                                 " needs a data count section");
}

}  // namespace internal

Status CheckBodyDecode(const Module& module, uint32_t defined_index) {
  if (defined_index >= module.code.size()) {
    return MakeError(Errc::kInvalidArgument, "no function body " + std::to_string(defined_index));
  }
  const FunctionBody& body = module.code[defined_index];
  base::Reader reader(module.Slice(body.code), body.code.offset);
  // One entry per open block: true for an `if` whose `else` has not been seen.
  std::vector<bool> open_ifs{false};
  std::vector<uint32_t> br_targets;
  while (!open_ifs.empty()) {
    if (reader.at_end()) return internal::BodyEndExpected(reader);
    CELLA_ASSIGN_OR_RETURN(Instr instr, ReadInstr(reader, &br_targets));
    switch (instr.op) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::Try:
        open_ifs.push_back(false);
        break;
      case Opcode::If:
        open_ifs.push_back(true);
        break;
      case Opcode::Else:
        if (!open_ifs.back()) return internal::MisplacedElse(instr);
        open_ifs.back() = false;
        break;
      case Opcode::End:
      case Opcode::Delegate:  // ends a try
        open_ifs.pop_back();
        break;
      case Opcode::MemoryInit:
      case Opcode::DataDrop:
        if (internal::NeedsDataCount(module, instr)) return internal::DataCountRequired(instr);
        break;
      default:
        break;
    }
  }
  if (!reader.at_end()) return internal::JunkAfterBody(reader);
  return OkStatus();
}

Status CheckBodiesDecode(const Module& module, uint32_t first_defined_index) {
  for (uint32_t i = first_defined_index; i < module.code.size(); ++i) CELLA_TRY(CheckBodyDecode(module, i));
  return OkStatus();
}

}  // namespace cella::wasm
