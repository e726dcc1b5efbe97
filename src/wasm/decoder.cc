// wasm/decoder.cc: Decode(): the module header, the section loop (ids, sizes, order,
// custom sections) and the checks that span sections (function/code and data count
// consistency). Each section's content is decoded in decode_*.cc. Thread-safe.
#include "wasm/decoder.h"

#include <limits>

#include "wasm/decode_internal.h"
#include "wasm/name_section.h"

namespace cella::wasm {
namespace {

constexpr uint32_t kMagic = 0x6D736100;  // "\0asm"
constexpr uint32_t kVersion = 1;
constexpr uint8_t kMaxSectionId = static_cast<uint8_t>(SectionId::kTag);

// Position of a non-custom section in the required order (data count sits between the
// element and code sections, the tag section between memory and global).
int SectionRank(SectionId id) {
  switch (id) {
    case SectionId::kCustom: return 0;
    case SectionId::kType: return 1;
    case SectionId::kImport: return 2;
    case SectionId::kFunction: return 3;
    case SectionId::kTable: return 4;
    case SectionId::kMemory: return 5;
    case SectionId::kTag: return 6;
    case SectionId::kGlobal: return 7;
    case SectionId::kExport: return 8;
    case SectionId::kStart: return 9;
    case SectionId::kElem: return 10;
    case SectionId::kDataCount: return 11;
    case SectionId::kCode: return 12;
    case SectionId::kData: return 13;
  }
  return 0;
}

Status DecodeHeader(base::Reader& reader) {
  if (reader.size() < 4) return reader.ErrorHere(Errc::kUnexpectedEnd, "unexpected end: no magic header");
  CELLA_ASSIGN_OR_RETURN(uint32_t magic, reader.ReadFixedU32());
  if (magic != kMagic) {
    return reader.ErrorAt(0, Errc::kBadMagic, "magic header not detected: a wasm module starts with \\0asm");
  }
  if (reader.remaining() < 4) return reader.ErrorHere(Errc::kUnexpectedEnd, "unexpected end: no version");
  CELLA_ASSIGN_OR_RETURN(uint32_t version, reader.ReadFixedU32());
  if (version != kVersion) {
    return reader.ErrorAt(4, Errc::kBadVersion,
                          "unknown binary version " + std::to_string(version) + " (expected 1)");
  }
  return OkStatus();
}

// `names_seen`: a "name" section came before; only the first one is parsed.
Status DecodeCustomSection(base::Reader& reader, Module& module, SectionInfo& info, const DecodeOptions& options,
                           bool& names_seen) {
  CELLA_ASSIGN_OR_RETURN(std::string_view name, reader.ReadName());
  CustomSection custom;
  custom.name = name;
  custom.content = ByteRange{static_cast<uint32_t>(reader.offset()), static_cast<uint32_t>(reader.remaining())};
  info.name = custom.name;
  CELLA_TRY(reader.Skip(reader.remaining()));
  if (options.parse_names && custom.name == "name" && !names_seen) {
    names_seen = true;
    // A malformed name section is ignored, as the spec allows for custom sections.
    auto names = ParseNameSection(module.Slice(custom.content), custom.content.offset);
    if (names.ok()) module.names = std::move(names).value();
  }
  module.customs.push_back(std::move(custom));
  return OkStatus();
}

Status DecodeSectionContent(SectionId id, base::Reader& reader, Module& module) {
  using namespace internal;  // NOLINT: the section decoders
  switch (id) {
    case SectionId::kCustom: return OkStatus();  // handled by the caller
    case SectionId::kType: return DecodeTypeSection(reader, module);
    case SectionId::kImport: return DecodeImportSection(reader, module);
    case SectionId::kFunction: return DecodeFunctionSection(reader, module);
    case SectionId::kTable: return DecodeTableSection(reader, module);
    case SectionId::kMemory: return DecodeMemorySection(reader, module);
    case SectionId::kGlobal: return DecodeGlobalSection(reader, module);
    case SectionId::kExport: return DecodeExportSection(reader, module);
    case SectionId::kStart: return DecodeStartSection(reader, module);
    case SectionId::kElem: return DecodeElemSection(reader, module);
    case SectionId::kCode: return DecodeCodeSection(reader, module);
    case SectionId::kData: return DecodeDataSection(reader, module);
    case SectionId::kDataCount: return DecodeDataCountSection(reader, module);
    case SectionId::kTag: return DecodeTagSection(reader, module);
  }
  return OkStatus();
}

Status DecodeSections(base::Reader& reader, Module& module, const DecodeOptions& options) {
  int last_rank = 0;
  bool names_seen = false;
  SectionId last_id = SectionId::kCustom;
  while (!reader.at_end()) {
    const size_t id_pos = reader.pos();
    CELLA_ASSIGN_OR_RETURN(uint8_t id_byte, reader.ReadU8());
    if (id_byte > kMaxSectionId) {
      return reader.ErrorAt(id_pos, Errc::kBadSectionId, "malformed section id " + internal::HexByte(id_byte));
    }
    const auto id = static_cast<SectionId>(id_byte);
    const size_t size_pos = reader.pos();
    CELLA_ASSIGN_OR_RETURN(uint32_t size, reader.ReadVarU32());
    if (size > reader.remaining()) {
      return reader.ErrorAt(size_pos, Errc::kUnexpectedEnd,
                            std::string("unexpected end: ") + SectionName(id) + " section declares " +
                                std::to_string(size) + " bytes but only " + std::to_string(reader.remaining()) +
                                " remain");
    }
    if (id != SectionId::kCustom) {
      const int rank = SectionRank(id);
      if (rank == last_rank) {
        return reader.ErrorAt(id_pos, Errc::kSectionOutOfOrder,
                              std::string("duplicate ") + SectionName(id) + " section");
      }
      if (rank < last_rank) {
        return reader.ErrorAt(id_pos, Errc::kSectionOutOfOrder,
                              std::string("section out of order: ") + SectionName(id) + " section after " +
                                  SectionName(last_id) + " section");
      }
      last_rank = rank;
      last_id = id;
    }
    CELLA_ASSIGN_OR_RETURN(base::Reader section, reader.ReadSubReader(size));
    SectionInfo info;
    info.id = id;
    info.range = ByteRange{static_cast<uint32_t>(section.offset()), size};
    if (id == SectionId::kCustom) {
      CELLA_TRY(DecodeCustomSection(section, module, info, options, names_seen));
    } else {
      CELLA_TRY(DecodeSectionContent(id, section, module));
    }
    if (!section.at_end()) {
      return section.ErrorHere(Errc::kSectionSizeMismatch,
                               std::string("section size mismatch: ") + SectionName(id) + " section declares " +
                                   std::to_string(size) + " bytes but its content ends after " +
                                   std::to_string(section.pos()));
    }
    module.sections.push_back(std::move(info));
  }
  return OkStatus();
}

// Checks between sections, made once all of them are read.
Status CheckSectionConsistency(const base::Reader& reader, const Module& module) {
  if (module.functions.size() != module.code.size()) {
    return reader.ErrorHere(Errc::kFunctionCodeMismatch,
                            "function and code section have inconsistent lengths: " +
                                std::to_string(module.functions.size()) + " functions declared, " +
                                std::to_string(module.code.size()) + " bodies");
  }
  if (module.data_count && *module.data_count != module.datas.size()) {
    return reader.ErrorHere(Errc::kDataCountMismatch,
                            "data count and data section have inconsistent lengths: data count " +
                                std::to_string(*module.data_count) + ", " + std::to_string(module.datas.size()) +
                                " segments");
  }
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<Module>> Decode(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  return Decode(std::vector<uint8_t>(bytes.begin(), bytes.end()), options);
}

Result<std::unique_ptr<Module>> Decode(std::vector<uint8_t>&& bytes, const DecodeOptions& options) {
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return MakeError(Errc::kImplementationLimit, "module of " + std::to_string(bytes.size()) +
                                                     " bytes: modules are limited to 4 GiB");
  }
  auto module = std::make_unique<Module>();
  module->bytes = std::move(bytes);
  base::Reader reader(module->bytes);
  CELLA_TRY(DecodeHeader(reader));
  CELLA_TRY(DecodeSections(reader, *module, options));
  CELLA_TRY(CheckSectionConsistency(reader, *module));
  return module;
}

}  // namespace cella::wasm
