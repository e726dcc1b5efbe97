// wasm/module.h: the decoded form of a module (wasm::Module), as produced by the decoder
// and checked by the validator. Function bodies and constant expressions stay as byte
// ranges of `bytes`, which the Module owns. Immutable after validation; then safe to
// share between threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wasm/instruction.h"
#include "wasm/types.h"

namespace cella::wasm {

// A byte range [offset, offset + size) of Module::bytes.
struct ByteRange {
  uint32_t offset = 0;
  uint32_t size = 0;
};

// A constant expression, decoded: its instructions (the final `end` excluded). The
// validator checks that each is constant; instantiation evaluates them.
struct ConstExpr {
  std::vector<Instr> instrs;
  uint32_t offset = 0;  // module offset of the first byte
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t type_index = 0;  // kFunc, kTag
  TableType table;          // kTable
  MemoryType memory;        // kMemory
  GlobalType global;        // kGlobal
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::kI32;
};

struct FunctionBody {
  std::vector<LocalRun> locals;  // declared locals (parameters excluded), as encoded
  uint32_t local_count = 0;      // sum of counts
  ByteRange code;                // instructions after the local declarations, final `end` included
  ByteRange whole;               // the entire body entry (size excluded): locals + code
};

enum class SegmentMode : uint8_t { kActive, kPassive, kDeclarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::kActive;
  ValType type = ValType::kFuncRef;
  uint32_t table_index = 0;         // kActive
  ConstExpr offset;                 // kActive
  std::vector<ConstExpr> items;     // each yields one reference
  uint32_t position = 0;            // module offset of the segment, for messages
};

struct DataSegment {
  SegmentMode mode = SegmentMode::kActive;  // kActive or kPassive
  uint32_t memory_index = 0;
  ConstExpr offset;
  ByteRange init;
  uint32_t position = 0;
};

struct CustomSection {
  std::string name;
  ByteRange content;  // after the name
};

// Section ids as encoded.
enum class SectionId : uint8_t {
  kCustom = 0, kType = 1, kImport = 2, kFunction = 3, kTable = 4, kMemory = 5, kGlobal = 6,
  kExport = 7, kStart = 8, kElem = 9, kCode = 10, kData = 11, kDataCount = 12, kTag = 13,
};
const char* SectionName(SectionId id);

struct SectionInfo {
  SectionId id = SectionId::kCustom;
  ByteRange range;   // the section's content (after id and size)
  std::string name;  // custom sections only
};

struct NameSection {
  std::string module_name;
  std::map<uint32_t, std::string> function_names;
  std::map<uint32_t, std::map<uint32_t, std::string>> local_names;
};

struct Module {
  std::vector<uint8_t> bytes;  // the module's encoding; ranges above point into it

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> functions;  // type index of each defined function
  std::vector<TableType> tables;    // defined tables
  std::vector<MemoryType> memories; // defined memories
  std::vector<Global> globals;      // defined globals
  std::vector<uint32_t> tags;       // type index of each defined exception tag
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> code;
  std::vector<DataSegment> datas;
  std::vector<CustomSection> customs;
  std::vector<SectionInfo> sections;  // every section in order, for `cella inspect`
  NameSection names;                  // from the "name" custom section, when well-formed

  // Imports per kind, in import order (filled by the decoder from `imports`).
  std::vector<uint32_t> imported_funcs;      // type index of each imported function
  std::vector<TableType> imported_tables;
  std::vector<MemoryType> imported_memories;
  std::vector<GlobalType> imported_globals;
  std::vector<uint32_t> imported_tags;       // type index of each imported tag

  uint32_t num_imported_funcs() const { return static_cast<uint32_t>(imported_funcs.size()); }
  uint32_t num_imported_tables() const { return static_cast<uint32_t>(imported_tables.size()); }
  uint32_t num_imported_memories() const { return static_cast<uint32_t>(imported_memories.size()); }
  uint32_t num_imported_globals() const { return static_cast<uint32_t>(imported_globals.size()); }
  uint32_t num_imported_tags() const { return static_cast<uint32_t>(imported_tags.size()); }

  // Index spaces (imports first, as in the spec).
  uint32_t num_funcs() const { return num_imported_funcs() + static_cast<uint32_t>(functions.size()); }
  uint32_t num_tables() const { return num_imported_tables() + static_cast<uint32_t>(tables.size()); }
  uint32_t num_memories() const { return num_imported_memories() + static_cast<uint32_t>(memories.size()); }
  uint32_t num_globals() const { return num_imported_globals() + static_cast<uint32_t>(globals.size()); }
  uint32_t num_tags() const { return num_imported_tags() + static_cast<uint32_t>(tags.size()); }
  // Type index of tag `tag_index` (import or definition). Index must be valid.
  uint32_t TagTypeIndex(uint32_t tag_index) const {
    return tag_index < num_imported_tags() ? imported_tags[tag_index] : tags[tag_index - num_imported_tags()];
  }

  // Type index of function `func_index` (import or definition). Index must be valid.
  uint32_t FuncTypeIndex(uint32_t func_index) const;
  const FuncType& FuncTypeOf(uint32_t func_index) const { return types[FuncTypeIndex(func_index)]; }
  TableType TableTypeOf(uint32_t table_index) const;
  MemoryType MemoryTypeOf(uint32_t memory_index) const;
  GlobalType GlobalTypeOf(uint32_t global_index) const;

  // Name from the name section, or "" when none.
  std::string_view FunctionName(uint32_t func_index) const;

  std::span<const uint8_t> Slice(ByteRange r) const {
    return std::span<const uint8_t>(bytes).subspan(r.offset, r.size);
  }
};

}  // namespace cella::wasm
