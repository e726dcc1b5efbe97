// interp/code.cc: lookups in the side tables of internal code, and op metadata.
#include "interp/code.h"

#include <algorithm>

namespace cella::interp {

namespace {

struct OpInfo {
  const char* name;
  uint32_t words;  // 0: computed from the wasm signature
};

constexpr OpInfo kOps[] = {
#define CELLA_INTERP_WASM_OP_INFO(name, text, code, imm, sig) {text, 0},
    CELLA_WASM_OPCODES(CELLA_INTERP_WASM_OP_INFO)
#undef CELLA_INTERP_WASM_OP_INFO
#define CELLA_INTERP_OWN_OP_INFO(name, words) {#name, words},
    CELLA_INTERP_OWN_OPS(CELLA_INTERP_OWN_OP_INFO)
#undef CELLA_INTERP_OWN_OP_INFO
};
static_assert(std::size(kOps) == kOpCount);

constexpr wasm::Opcode kWasmOf[] = {
#define CELLA_INTERP_WASM_OP_CODE(name, text, code, imm, sig) wasm::Opcode::name,
    CELLA_WASM_OPCODES(CELLA_INTERP_WASM_OP_CODE)
#undef CELLA_INTERP_WASM_OP_CODE
};

struct FromWasmTable {
  uint16_t op[wasm::kOpcodeSpace] = {};
  constexpr FromWasmTable() {
    for (size_t i = 0; i < std::size(kWasmOf); ++i) op[static_cast<uint16_t>(kWasmOf[i])] = static_cast<uint16_t>(i);
  }
};
constexpr FromWasmTable kFromWasm;

}  // namespace

Op FromWasm(wasm::Opcode op) { return static_cast<Op>(kFromWasm.op[static_cast<uint16_t>(op)]); }

const char* OpName(Op op) {
  auto v = static_cast<uint32_t>(op);
  return v < kOpCount ? kOps[v].name : "?";
}

uint32_t OpWords(Op op) {
  auto v = static_cast<uint32_t>(op);
  if (v >= kOpCount) return 1;
  if (kOps[v].words != 0) return kOps[v].words;
  const auto& info = wasm::GetOpcodeInfo(kWasmOf[v]);
  if (info.imm == wasm::Imm::kMemArg) return 4;
  switch (info.sig) {
    case wasm::Sig::kI_II: case wasm::Sig::kL_LL: case wasm::Sig::kI_LL: case wasm::Sig::kF_FF:
    case wasm::Sig::kI_FF: case wasm::Sig::kD_DD: case wasm::Sig::kI_DD:
      return 4;
    default:
      return 3;
  }
}

const Site* Code::FindSite(uint32_t pc) const {
  auto it = std::upper_bound(sites.begin(), sites.end(), pc, [](uint32_t p, const Site& s) { return p < s.pc; });
  if (it == sites.begin()) return nullptr;
  return &*(it - 1);
}

const PausePoint* Code::FindPausePoint(uint32_t pc, bool return_site) const {
  auto it = std::lower_bound(pause_points.begin(), pause_points.end(), pc,
                             [](const PausePoint& p, uint32_t v) { return p.pc < v; });
  for (; it != pause_points.end() && it->pc == pc; ++it) {
    if (it->return_site == return_site) return &*it;
  }
  return nullptr;
}

const PausePoint* Code::FindByOffset(uint32_t wasm_offset, bool return_site) const {
  auto it = std::lower_bound(pause_points.begin(), pause_points.end(), wasm_offset,
                             [](const PausePoint& p, uint32_t v) { return p.wasm_offset < v; });
  for (; it != pause_points.end() && it->wasm_offset == wasm_offset; ++it) {
    if (it->return_site == return_site) return &*it;
  }
  return nullptr;
}

std::vector<wasm::ValType> Code::StackTypes(const PausePoint& point) const {
  return std::vector<wasm::ValType>(stack_types.begin() + point.types_begin,
                                    stack_types.begin() + point.types_begin + point.types_count);
}

}  // namespace cella::interp
