// os/errno_error.cc: errno → Error with the call, strerror text and symbolic errno name.
// Thread-safe (strerrordesc_np returns static strings).
#include "os/errno_error.h"

#include <cstring>

namespace cella::os {

std::string ErrnoName(int err) {
  if (const char* name = strerrorname_np(err)) return name;
  return "errno " + std::to_string(err);
}

Error ErrnoError(std::string_view what, int err, Errc code) {
  std::string message(what);
  message += ": ";
  const char* text = strerrordesc_np(err);
  message += text != nullptr ? text : "unknown error";
  message += " (" + ErrnoName(err) + ")";
  return MakeError(code, std::move(message));
}

}  // namespace cella::os
