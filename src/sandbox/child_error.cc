// sandbox/child_error.cc: the error pipe between the cell's setup code and Cella.
// Message layout: uint16 Errc, int32 errno, then the text. Parent and child side.
#include "sandbox/child_error.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace cella::sandbox {

void FailChild(int error_fd, const Error& error, int err, int exit_code) {
  std::string message(6, '\0');
  auto code = static_cast<uint16_t>(error.code);
  auto err32 = static_cast<int32_t>(err);
  std::memcpy(message.data(), &code, 2);
  std::memcpy(message.data() + 2, &err32, 4);
  message += error.message;
  if (message.size() > 4000) message.resize(4000);  // one atomic pipe write
  ssize_t ignored = ::write(error_fd, message.data(), message.size());
  (void)ignored;
  ::_exit(exit_code);
}

Status ReadChildError(int error_fd, int* err_out) {
  std::string data;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(error_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  if (data.size() < 6) return OkStatus();
  uint16_t code = 0;
  int32_t err = 0;
  std::memcpy(&code, data.data(), 2);
  std::memcpy(&err, data.data() + 2, 4);
  if (err_out != nullptr) *err_out = err;
  return MakeError(static_cast<Errc>(code), data.substr(6));
}

}  // namespace cella::sandbox
