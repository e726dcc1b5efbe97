// tests/os/socket_test.cc: ListenTcp takes numeric addresses (and "localhost") only,
// listens where it is told, and names what is wrong with a bad address.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "os/socket.h"

namespace cella::os {
namespace {

int FamilyOf(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  return addr.ss_family;
}

TEST(ListenTcp, ListensOnNumericAddressesAndLocalhost) {
  for (const char* address : {"127.0.0.1:0", "localhost:0", ":0", "0.0.0.0:0"}) {
    auto fd = ListenTcp(address);
    ASSERT_TRUE(fd.ok()) << address << ": " << fd.error().ToString();
    EXPECT_EQ(FamilyOf(fd->get()), AF_INET) << address;
    EXPECT_NE(LocalPort(fd->get()), 0) << address;
  }
}

TEST(ListenTcp, ListensOnIpv6InBrackets) {
  auto fd = ListenTcp("[::1]:0");
  if (!fd.ok()) GTEST_SKIP() << "no IPv6 loopback here: " << fd.error().ToString();
  EXPECT_EQ(FamilyOf(fd->get()), AF_INET6);
}

TEST(ListenTcp, RefusesNamesAndBadPortsWithAReason) {
  struct Case {
    const char* address;
    const char* says;
  };
  for (const Case& c : {Case{"nonsense", "must be HOST:PORT"}, Case{"127.0.0.1:", "must be HOST:PORT"},
                        Case{"example.org:80", "IPv4 address"}, Case{"127.0.0.1:http", "port must be a number"},
                        Case{"127.0.0.1:65536", "port must be a number"}, Case{"127.0.0.1:-1", "port must be"},
                        Case{"[127.0.0.1]:80", "IPv4 address"}, Case{"[::1:80", "IPv4 address"}}) {
    auto fd = ListenTcp(c.address);
    ASSERT_FALSE(fd.ok()) << c.address;
    EXPECT_EQ(fd.error().code, Errc::kInvalidArgument) << c.address;
    EXPECT_NE(fd.error().message.find(c.says), std::string::npos) << c.address << ": " << fd.error().message;
  }
}

TEST(ListenTcp, APortInUseIsASystemErrorNamingTheAddress) {
  auto first = ListenTcp("127.0.0.1:0");
  ASSERT_TRUE(first.ok());
  const std::string address = "127.0.0.1:" + std::to_string(LocalPort(first->get()));
  // SO_REUSEADDR does not let a second socket listen on a port another one listens on.
  auto second = ListenTcp(address);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().message.find(address), std::string::npos) << second.error().message;
}

}  // namespace
}  // namespace cella::os
