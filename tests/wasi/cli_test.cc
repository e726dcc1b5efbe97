// tests/wasi/cli_test.cc: `cella run` end to end — grants, stdio, sockets, limits and
// every exit code of docs/exit-codes.md, through the built binary and guests/behave.c.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/exit_codes.h"
#include "cli_runner.h"
#include "host_tree.h"
#include "os/clock.h"

namespace cella::wasi::testing {
namespace {

std::string Guest() { return std::string(CELLA_WASI_GUEST_DIR) + "/behave.wasm"; }

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(CellaRun, RunsACommandAndPassesArgsAfterDoubleDash) {
  CliRun r = Cella({Guest(), "--", "args", "a b", "--flag", "[1,2]", "{x, y}", "k=v,w"});
  EXPECT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_EQ(r.out, "[" + Guest() + "][args][a b][--flag][[1,2]][{x, y}][k=v,w]\n");
  EXPECT_EQ(r.err, "");
}

TEST(CellaRun, EnvironmentIsOnlyWhatIsGranted) {
  CliRun r = Cella({"--env", "A=1", "--env", "FROM_HOST", "--env", "NOT_SET_ANYWHERE", Guest(), "--", "env"}, "",
                Stdin::kEmpty, 60, {"FROM_HOST=yes", "SECRET_TOKEN=leak"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "A=1\nFROM_HOST=yes\n");
}

TEST(CellaRun, ProcExitBecomesTheExitCode) {
  EXPECT_EQ(Cella({Guest(), "--", "exit", "0"}).code, 0);
  EXPECT_EQ(Cella({Guest(), "--", "exit", "42"}).code, 42);
  CliRun r = Cella({Guest(), "--", "exit", "300"});
  EXPECT_EQ(r.code, 255);
  EXPECT_TRUE(Contains(r.err, "exited with 300")) << r.err;
}

TEST(CellaRun, ATrapPrintsItsKindAndABacktraceWithNames) {
  CliRun r = Cella({Guest(), "--", "trap"});
  EXPECT_EQ(r.code, cli::kExitTrap);
  EXPECT_TRUE(Contains(r.err, "trap: unreachable: unreachable executed")) << r.err;
  EXPECT_TRUE(Contains(r.err, "<crash_here>")) << r.err;
  EXPECT_TRUE(Contains(r.err, "<call_chain>")) << r.err;
  EXPECT_TRUE(Contains(r.err, "<main>")) << r.err;
}

// guests/unwind.cc: C++ exceptions (WebAssembly exception handling) through several frames.
TEST(CellaRun, CxxExceptionsUnwindThroughFramesRunningDestructors) {
  std::string guest = std::string(CELLA_WASI_GUEST_DIR) + "/unwind.wasm";
  CliRun r = Cella({guest});
  EXPECT_EQ(r.code, cli::kExitOk) << r.err;
  EXPECT_EQ(r.out,
            "caught code 42 after unwinding: ~0 ~1 ~2 ~3 ~4 \n"
            "rethrown and caught again: ~0 ~1 ~2 inner-catch \n"
            "loop: 3334 caught, 0 guards alive\n");

  CliRun uncaught = Cella({guest, "--", "uncaught"});
  EXPECT_EQ(uncaught.code, cli::kExitTrap);
  EXPECT_EQ(uncaught.out, "throwing with no handler\n");
  EXPECT_TRUE(Contains(uncaught.err, "uncaught exception: tag 0 (i32)")) << uncaught.err;
  EXPECT_TRUE(Contains(uncaught.err, "Descend")) << uncaught.err;
  EXPECT_TRUE(Contains(uncaught.err, "<main>")) << uncaught.err;
}

TEST(CellaRun, ProcRaiseEndsWith128PlusTheSignal) {
  CliRun r = Cella({Guest(), "--", "raise"});
  EXPECT_EQ(r.code, 128 + 15);
  EXPECT_TRUE(Contains(r.err, "terminated by SIGTERM")) << r.err;
}

TEST(CellaRun, OutOfFuel) {
  CliRun r = Cella({"--fuel", "100000", Guest(), "--", "loop"});
  EXPECT_EQ(r.code, cli::kExitOutOfFuel);
  EXPECT_TRUE(Contains(r.err, "out of fuel")) << r.err;
  EXPECT_TRUE(Contains(r.err, "100000")) << r.err;
}

TEST(CellaRun, TimeoutStopsLoopsSleepsAndBlockedReads) {
  for (const char* mode : {"loop", "sleep", "read"}) {
    CliRun r = Cella({"--timeout", "300ms", Guest(), "--", mode}, "", Stdin::kOpenPipe);
    EXPECT_EQ(r.code, cli::kExitTimeout) << mode << ": " << r.err;
    EXPECT_TRUE(Contains(r.err, "timeout")) << r.err;
    EXPECT_LT(r.seconds, 10) << mode;
  }
}

TEST(CellaRun, MemoryLimitAtInstantiationHasItsOwnCode) {
  CliRun r = Cella({"--max-memory", "64K", Guest()});
  EXPECT_EQ(r.code, cli::kExitMemoryLimit);
  EXPECT_TRUE(Contains(r.err, "limit")) << r.err;
}

TEST(CellaRun, MemoryLimitIsNamedWhenAllocationsFail) {
  CliRun r = Cella({"--max-memory", "4M", Guest(), "--", "alloc"});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(Contains(r.err, "allocation failed")) << r.err;
  EXPECT_TRUE(Contains(r.err, "--max-memory allows 64 pages")) << r.err;
}

TEST(CellaRun, OutputLimit) {
  CliRun r = Cella({"--max-output", "1K", Guest(), "--", "spam"});
  EXPECT_EQ(r.code, cli::kExitOutputLimit);
  EXPECT_EQ(r.out.size(), 1024u);
  EXPECT_TRUE(Contains(r.err, "--max-output 1024 bytes")) << r.err;
}

TEST(CellaRun, AMissingImportFailsAtLinkTimeNamingIt) {
  TempTree t;
  // (module (import "env" "frobnicate" (func)) (func (export "_start")))
  const unsigned char wasm[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                                0x02, 0x12, 0x01, 0x03, 'e',  'n',  'v',  0x0a, 'f',  'r',  'o',  'b',  'n',  'i',
                                'c',  'a',  't',  'e',  0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x0a, 0x01, 0x06,
                                '_',  's',  't',  'a',  'r',  't',  0x00, 0x01, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};
  t.File("imports.wasm", std::string(reinterpret_cast<const char*>(wasm), sizeof wasm));
  CliRun r = Cella({t.Path("imports.wasm")});
  EXPECT_EQ(r.code, cli::kExitLink);
  EXPECT_TRUE(Contains(r.err, "\"env\".\"frobnicate\"")) << r.err;
}

TEST(CellaRun, BadInputsHaveTheirCodes) {
  TempTree t;
  t.File("junk.wasm", "not wasm");
  EXPECT_EQ(Cella({t.Path("junk.wasm")}).code, cli::kExitBadModule);
  EXPECT_EQ(Cella({t.Path("missing.wasm")}).code, cli::kExitNoInput);
  EXPECT_EQ(Cella({"--dir", t.Path("no_such_dir"), Guest()}).code, cli::kExitNoInput);
  EXPECT_EQ(Cella({"--dir", "::guest", Guest()}).code, cli::kExitUsage);
  EXPECT_EQ(Cella({"--max-memory", "lots", Guest()}).code, cli::kExitUsage);
  EXPECT_EQ(Cella({"--listen", "nonsense", Guest()}).code, cli::kExitUsage);
  EXPECT_EQ(Cella({"--invoke", "nope", Guest()}).code, cli::kExitUsage);
}

TEST(CellaRun, DirGrantsReadOnlyAndReadWrite) {
  for (const char* fallback : {"CELLA_WASI_PATH_FALLBACK=0", "CELLA_WASI_PATH_FALLBACK=1"}) {
    TempTree t;
    t.Dir("in");
    t.File("in/data.txt", "granted data\n");
    t.Dir("out");
    std::string before = Fingerprint(t.Path("in"));
    CliRun r = Cella({"--dir", t.Path("in") + "::in", "--dir", t.Path("out") + "::out:rw", Guest(), "--", "copy",
                   "in/data.txt", "out/copy.txt"},
                  "", Stdin::kEmpty, 60, {fallback});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(ReadText(t.Path("out/copy.txt")), "granted data\n");
    r = Cella({"--dir", t.Path("in") + "::in", Guest(), "--", "copy", "in/data.txt", "in/copy.txt"}, "",
              Stdin::kEmpty, 60, {fallback});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(Contains(r.err, "in/copy.txt: Capabilities insufficient")) << r.err;
    r = Cella({"--dir", t.Path("in") + "::in:ro", Guest(), "--", "copy", "in/data.txt", "/etc/cella-test"}, "",
              Stdin::kEmpty, 60, {fallback});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(Fingerprint(t.Path("in")), before);
  }
}

TEST(CellaRun, StdioCanBeRedirectedOrWithheld) {
  TempTree t;
  t.File("input.txt", "from a file\n");
  t.Dir("out");
  CliRun r = Cella({"--stdin", t.Path("input.txt"), "--stdout", t.Path("out/stdout.txt"), Guest(), "--", "cat"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(ReadText(t.Path("out/stdout.txt")), "from a file\n");
  EXPECT_EQ(r.err, "done\n");
  r = Cella({Guest(), "--", "cat"}, "piped in\n");
  EXPECT_EQ(r.out, "piped in\n");
  r = Cella({"--no-stdio", "--dir", t.Path("out") + "::out:rw", Guest(), "--", "stdio", "out/stdio.txt"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out + r.err, "");
  EXPECT_EQ(ReadText(t.Path("out/stdio.txt")), "fd 0: 8\nfd 1: 8\nfd 2: 8\n");  // EBADF: not granted
}

TEST(CellaRun, ListenGrantsASocketForSockAccept) {
  // Find a free port, then let cella listen on it.
  int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(probe);
  std::string port = std::to_string(ntohs(addr.sin_port));
  std::string reply;
  std::thread client([&] {
    for (int attempt = 0; attempt < 200; ++attempt) {
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        (void)!::write(fd, "hello", 5);
        char buf[16];
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) reply.append(buf, static_cast<size_t>(n));
        ::close(fd);
        return;
      }
      ::close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  });
  CliRun r = Cella({"--listen", "127.0.0.1:" + port, "--timeout", "20s", Guest(), "--", "serve"});
  client.join();
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "served 5 bytes\n");
  EXPECT_EQ(reply, "HELLO");
}

TEST(CellaRun, InvokeCallsAnExportWithTypedArguments) {
  CliRun r = Cella({"--invoke", "add", Guest(), "--", "2", "40"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "42\n");
  r = Cella({"--invoke", "fact", Guest(), "--", "20"});
  EXPECT_EQ(r.out, "2432902008176640000\n");
  r = Cella({"--invoke", "add", Guest(), "--", "2"});
  EXPECT_EQ(r.code, cli::kExitUsage);
  EXPECT_TRUE(Contains(r.err, "takes (i32, i32) -> (i32)")) << r.err;
  r = Cella({"--invoke", "add", Guest(), "--", "2", "x"});
  EXPECT_EQ(r.code, cli::kExitUsage);
}

TEST(CellaRun, StatsReportFuelMemoryAndWallTime) {
  CliRun r = Cella({"--stats", Guest()});
  EXPECT_EQ(r.code, 0);
  EXPECT_TRUE(Contains(r.err, "fuel used")) << r.err;
  EXPECT_TRUE(Contains(r.err, "peak memory")) << r.err;
  EXPECT_TRUE(Contains(r.err, "wall time")) << r.err;
}

}  // namespace
}  // namespace cella::wasi::testing
