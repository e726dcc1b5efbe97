/* net_probe.c: hostile program for tests/sandbox: tries to reach a host service (TCP
 * connect to argv[1]:argv[2], which the test listens on, on the host's loopback) and to
 * bind a TCP port; prints "connect=<errno name or ok>" and "bind=<...>". Sends no data. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  if (argc < 3) return 2;
  addr.sin_port = htons(atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &addr.sin_addr);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int rc = fd < 0 ? -1 : connect(fd, (struct sockaddr*)&addr, sizeof addr);
  printf("connect=%s\n", rc == 0 ? "ok" : strerrorname_np(errno));
  if (fd >= 0) close(fd);
  struct sockaddr_in local;
  memset(&local, 0, sizeof local);
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  fd = socket(AF_INET, SOCK_STREAM, 0);
  rc = fd < 0 ? -1 : bind(fd, (struct sockaddr*)&local, sizeof local);
  printf("bind=%s\n", rc == 0 ? "ok" : strerrorname_np(errno));
  return 0;
}
