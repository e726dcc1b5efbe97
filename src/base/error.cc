// base/error.cc: names and descriptions of error codes (cella/error.h).
#include "cella/error.h"

namespace cella {
namespace {

struct ErrcInfo {
  std::string_view name;
  Phase phase;
  std::string_view description;
};

constexpr ErrcInfo kErrcInfo[] = {
#define CELLA_ERRC_INFO(name, phase, text) {#name, Phase::phase, text},
    CELLA_ERRC_LIST(CELLA_ERRC_INFO)
#undef CELLA_ERRC_INFO
};

const ErrcInfo& Info(Errc code) {
  auto index = static_cast<size_t>(code);
  if (index >= std::size(kErrcInfo)) index = 0;
  return kErrcInfo[index];
}

}  // namespace

std::string_view ErrcName(Errc code) { return Info(code).name; }
std::string_view ErrcDescription(Errc code) { return Info(code).description; }
Phase PhaseOf(Errc code) { return Info(code).phase; }

std::string_view PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kNone: return "none";
    case Phase::kDecode: return "malformed module";
    case Phase::kValidate: return "invalid module";
    case Phase::kLink: return "link error";
    case Phase::kInstantiate: return "instantiation error";
    case Phase::kExecute: return "execution error";
    case Phase::kUsage: return "usage error";
    case Phase::kIo: return "I/O error";
    case Phase::kSandbox: return "sandbox error";
    case Phase::kFormat: return "format error";
  }
  return "unknown";
}

std::string Error::ToString() const {
  std::string out(ErrcDescription(code));
  if (!message.empty()) {
    out += ": ";
    out += message;
  }
  return out;
}

}  // namespace cella
