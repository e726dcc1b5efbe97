// os/socket.cc: ListenTcp: a numeric HOST:PORT (or "localhost") parsed with inet_pton,
// then socket/bind/listen. No name service is consulted: a grant names an address, never
// something DNS or /etc/hosts could change. Thread-safe.
#include "os/socket.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <vector>

#include "os/errno_error.h"

namespace cella::os {
namespace {

struct Candidate {
  sockaddr_storage addr{};
  socklen_t length = 0;
};

Candidate V4(in_addr ip, uint16_t port) {
  Candidate c;
  auto* a = reinterpret_cast<sockaddr_in*>(&c.addr);
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  a->sin_addr = ip;
  c.length = sizeof(sockaddr_in);
  return c;
}

Candidate V6(in6_addr ip, uint16_t port) {
  Candidate c;
  auto* a = reinterpret_cast<sockaddr_in6*>(&c.addr);
  a->sin6_family = AF_INET6;
  a->sin6_port = htons(port);
  a->sin6_addr = ip;
  c.length = sizeof(sockaddr_in6);
  return c;
}

Error BadAddress(std::string_view address, std::string_view why) {
  return MakeError(Errc::kInvalidArgument, "listen address '" + std::string(address) + "': " + std::string(why));
}

}  // namespace

Result<UniqueFd> ListenTcp(std::string_view address) {
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == address.size()) {
    return MakeError(Errc::kInvalidArgument,
                     "listen address '" + std::string(address) + "' must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string host(address.substr(0, colon));
  std::string_view port_text = address.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return BadAddress(address, "the port must be a number from 0 to 65535");
  }
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);

  // The addresses to try, in order (the first that binds wins).
  std::vector<Candidate> candidates;
  in_addr ip4{};
  in6_addr ip6{};
  if (host.empty()) {
    candidates.push_back(V4(in_addr{htonl(INADDR_ANY)}, static_cast<uint16_t>(port)));
    candidates.push_back(V6(in6addr_any, static_cast<uint16_t>(port)));
  } else if (host == "localhost") {
    candidates.push_back(V4(in_addr{htonl(INADDR_LOOPBACK)}, static_cast<uint16_t>(port)));
    candidates.push_back(V6(in6addr_loopback, static_cast<uint16_t>(port)));
  } else if (!bracketed && ::inet_pton(AF_INET, host.c_str(), &ip4) == 1) {
    candidates.push_back(V4(ip4, static_cast<uint16_t>(port)));
  } else if (::inet_pton(AF_INET6, host.c_str(), &ip6) == 1) {
    candidates.push_back(V6(ip6, static_cast<uint16_t>(port)));
  } else {
    return BadAddress(address, "HOST must be an IPv4 address, an IPv6 address in brackets, 'localhost' or empty");
  }

  int err = 0;
  for (const Candidate& c : candidates) {
    UniqueFd fd(::socket(c.addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
      err = errno;
      continue;
    }
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&c.addr), c.length) != 0 || ::listen(fd.get(), 128) != 0) {
      err = errno;
      continue;
    }
    return fd;
  }
  return ErrnoError("listen on " + std::string(address), err);
}

uint16_t LocalPort(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  return 0;
}

}  // namespace cella::os
