// wasm/name_section.cc: parses the "name" custom section: subsections 0 (module name),
// 1 (function names) and 2 (local names); other subsections are skipped. Subsections
// must come in increasing id order and fill exactly their declared size.
#include "wasm/name_section.h"

#include "wasm/decode_internal.h"

namespace cella::wasm {
namespace {

enum NameSubsection : uint8_t { kModuleNames = 0, kFunctionNames = 1, kLocalNames = 2 };

// namemap ::= vec(idx name)
Status ReadNameMap(base::Reader& reader, std::map<uint32_t, std::string>& out) {
  return internal::ReadVector(reader, [&](base::Reader& r) -> Status {
    CELLA_ASSIGN_OR_RETURN(uint32_t index, r.ReadVarU32());
    CELLA_ASSIGN_OR_RETURN(std::string_view name, r.ReadName());
    out.emplace(index, std::string(name));
    return OkStatus();
  });
}

}  // namespace

Result<NameSection> ParseNameSection(std::span<const uint8_t> content, size_t base_offset) {
  NameSection names;
  base::Reader reader(content, base_offset);
  int last_id = -1;
  while (!reader.at_end()) {
    size_t id_pos = reader.pos();
    CELLA_ASSIGN_OR_RETURN(uint8_t id, reader.ReadU8());
    if (static_cast<int>(id) <= last_id) {
      return reader.ErrorAt(id_pos, Errc::kSectionOutOfOrder,
                            "name subsection " + std::to_string(id) + " out of order or duplicated");
    }
    last_id = id;
    CELLA_ASSIGN_OR_RETURN(uint32_t size, reader.ReadVarU32());
    CELLA_ASSIGN_OR_RETURN(base::Reader sub, reader.ReadSubReader(size));
    switch (id) {
      case kModuleNames: {
        CELLA_ASSIGN_OR_RETURN(std::string_view name, sub.ReadName());
        names.module_name = name;
        break;
      }
      case kFunctionNames:
        CELLA_TRY(ReadNameMap(sub, names.function_names));
        break;
      case kLocalNames:
        CELLA_TRY(internal::ReadVector(sub, [&](base::Reader& r) -> Status {
          CELLA_ASSIGN_OR_RETURN(uint32_t func_index, r.ReadVarU32());
          return ReadNameMap(r, names.local_names[func_index]);
        }));
        break;
      default:
        CELLA_TRY(sub.Skip(sub.remaining()));
        break;
    }
    if (!sub.at_end()) {
      return sub.ErrorHere(Errc::kSectionSizeMismatch, "name subsection " + std::to_string(id) + " has " +
                                                           std::to_string(sub.remaining()) + " unread bytes");
    }
  }
  return names;
}

}  // namespace cella::wasm
