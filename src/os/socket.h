// os/socket.h: listening TCP sockets granted on the command line (`cella run --listen`).
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "os/unique_fd.h"

namespace cella::os {

// Binds and listens on "HOST:PORT" ("127.0.0.1:8080", "[::1]:0", "localhost:8080";
// HOST may be empty for every address). HOST is numeric (or "localhost", the loopback
// address): no name service is asked. kInvalidArgument for a malformed address, kSystem
// naming the address when bind or listen fails.
Result<UniqueFd> ListenTcp(std::string_view address);

// The port a bound socket listens on (for port 0), or 0.
uint16_t LocalPort(int fd);

}  // namespace cella::os
