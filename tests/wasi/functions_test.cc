// tests/wasi/functions_test.cc: every preview1 function, through guests/calls.c run
// in-process, compared with the exact expected output (inline, wabt-style). File-system
// groups run with openat2 and with the fallback walk. Sockets are driven by a host thread.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "guest_runner.h"
#include "host_tree.h"
#include "os/socket.h"
#include "cella/cella.h"
#include "wasi/preview1.h"
#include "wasi/rights.h"

namespace cella::wasi::testing {
namespace {

std::string Hex(uint64_t v) {
  char text[32];
  std::snprintf(text, sizeof text, "%" PRIx64, v);
  return text;
}

class FunctionsTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    tree_.Dir("rw");
    tree_.Dir("ro");
    tree_.File("ro/data.txt", "read-only data\n");
    tree_.Dir("ro/sub");
  }

  GuestResult Calls(std::vector<std::string> args, GuestSetup setup = {}) {
    setup.args = std::move(args);
    setup.dirs = {{tree_.Path("rw"), "rw", true}, {tree_.Path("ro"), "ro", false}};
    setup.force_path_fallback = GetParam();
    GuestResult r = RunGuest("calls", std::move(setup));
    EXPECT_TRUE(r.exited) << r.trap;
    EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
    return r;
  }

  TempTree tree_;
};

TEST_P(FunctionsTest, ArgsGetAndSizes) {
  EXPECT_EQ(Calls({"args", "two words", "ünïcode"}).out,
            "args count=4 size=31\n  [0] calls\n  [1] args\n  [2] two words\n  [3] ünïcode\n");
}

TEST_P(FunctionsTest, EnvironGetAndSizes) {
  GuestSetup setup;
  setup.env = {"A=1", "EMPTY=", "PATH=/x:/y"};
  EXPECT_EQ(Calls({"environ"}, std::move(setup)).out,
            "environ count=3 size=22\n  [0] A=1\n  [1] EMPTY=\n  [2] PATH=/x:/y\n");
}

TEST_P(FunctionsTest, ClockResGetAndTimeGet) { EXPECT_EQ(Calls({"clocks"}).out, "clocks ok\n"); }

TEST_P(FunctionsTest, RandomGet) { EXPECT_EQ(Calls({"random"}).out, "random ok\n"); }

TEST_P(FunctionsTest, ProcExitCarriesTheCode) {
  EXPECT_EQ(Calls({"exit", "0"}).exit_code, 0);
  EXPECT_EQ(Calls({"exit", "7"}).exit_code, 7);
  EXPECT_EQ(Calls({"exit", "300"}).exit_code, 300);
}

TEST_P(FunctionsTest, ProcRaiseAndSchedYield) {
  GuestSetup setup;
  setup.args = {"raise"};
  setup.force_path_fallback = GetParam();
  GuestResult r = RunGuest("calls", std::move(setup));
  EXPECT_TRUE(r.trapped);
  EXPECT_NE(r.trap.find("terminated by SIGABRT (proc_raise)"), std::string::npos) << r.trap;
  ASSERT_TRUE(r.signal.has_value());
  EXPECT_EQ(*r.signal, 6u);
  EXPECT_EQ(r.out, "raising SIGABRT\n");
}

TEST_P(FunctionsTest, FdFdstatGetReportsKindFlagsAndRights) {
  std::string expected = "fd 0 type 4 flags 0 base " + Hex(kStdinRights) + " inheriting 0\n" +
                         "fd 1 type 4 flags 0 base " + Hex(kStdoutRights) + " inheriting 0\n" +
                         "fd 2 type 4 flags 0 base " + Hex(kStdoutRights) + " inheriting 0\n" +
                         "fd 3 type 3 flags 0 base " + Hex(kDirRightsRw) + " inheriting " +
                         Hex(kDirRightsRw | kFileRightsRw) + "\n" + "fd 4 type 3 flags 0 base " + Hex(kDirRightsRo) +
                         " inheriting " + Hex(kDirRightsRo | kFileRightsRo) + "\n" + "fd 5 fdstat errno 8\n";
  EXPECT_EQ(Calls({"fdstat"}).out, expected);
}

TEST_P(FunctionsTest, FdPrestatGetAndDirName) {
  EXPECT_EQ(Calls({"prestat"}).out, "prestat tag 0 len 2\nname ro then #\nprestat ok\n");
}

TEST_P(FunctionsTest, FileDescriptorCalls) {
  Rights opened = kRightFdRead | kRightFdWrite | kRightFdSeek | kRightFdTell | kRightFdFilestatGet |
                  kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightFdAllocate | kRightFdAdvise |
                  kRightFdSync | kRightFdDatasync | kRightFdFdstatSetFlags | kRightPollFdReadwrite;
  std::string expected =
      "read hello\n"
      "tail rld\n"
      "pread world\n"
      "now HELLO world\n"
      "filestat type 4 nlink 1 size 11\n"
      "size after truncate and allocate 100\n"
      "times 1000000000123 2000000000456\n"
      "append lands at 101\n"
      "fd 5 type 4 flags 0 base " + Hex(opened) + " inheriting 0\n"
      "fd 5 type 4 flags 0 base " + Hex(kRightFdRead | kRightFdSeek | kRightFdTell) + " inheriting 0\n"
      "renumbered keeps offset 101\n"
      "after O_TRUNC size 0\n"
      "file_io ok\n";
  EXPECT_EQ(Calls({"file_io"}).out, expected);
}

TEST_P(FunctionsTest, DirectoryAndPathCalls) {
  std::string expected =
      "readdir from 0 (134 of 8192 bytes): ./3 ../3 a.txt/4 b.txt/4 l/7\n"
      "readdir from 1000 (0 of 8192 bytes):\n"
      "entries after cookie 3: 2\n"
      "small buffer used 30\n"
      "readlink a.txt\n"
      "readlink truncated a.t (3)\n"
      "nofollow type 7 size 5\n"
      "follow type 4 size 5\n"
      "d/ type 3\n"
      ". type 3\n"
      "path times 5000000000 6000000007\n"
      "through link mtim 7000000000\n"
      "nlink 2\n"
      "created through dangling link: type 4\n"
      "readdir from 0 (51 of 8192 bytes): ./3 ../3\n"
      "dirs ok\n";
  EXPECT_EQ(Calls({"dirs"}).out, expected);
  EXPECT_EQ(Fingerprint(tree_.Path("rw")), "");
}

TEST_P(FunctionsTest, PollOneoffClocksAndFds) {
  std::string expected =
      "clock: 1 event(s), userdata 1234, type 0, error 0, waited enough 1\n"
      "abstime past: 1 event(s)\n"
      "fds: 3 event(s)\n"
      "  userdata 7 type 1 error 0 nbytes 4\n"
      "  userdata 9 type 1 error 8 nbytes 0\n"
      "  userdata 8 type 2 error 0 nbytes 0\n"
      "poll ok\n";
  EXPECT_EQ(Calls({"poll"}).out, expected);
}

TEST_P(FunctionsTest, FdReadFromStdin) {
  GuestSetup setup;
  setup.stdin_data = "standard input, read 7 bytes at a time";
  EXPECT_EQ(Calls({"stdin"}, std::move(setup)).out,
            "stdin 38 bytes: standard input, read 7 bytes at a time\n");
}

TEST_P(FunctionsTest, WasiLibcOnTop) {
  EXPECT_EQ(Calls({"libc"}).out,
            "got line one\ngot line two\nro read read-only data\n\nro write refused\nlibc ok\n");
}

// What a snapshot records: each descriptor in wasm terms, paths kept true across a rename.
TEST_P(FunctionsTest, DescriptorsAreKeptInWasmTerms) {
  GuestResult r = Calls({"keep_open"});
  EXPECT_EQ(r.out, "kept\n");
  std::vector<std::string> seen;
  for (const DescriptorState& d : r.descriptors) {
    seen.push_back(std::to_string(d.fd) + " " + FdKindName(d.kind) + " preopen " + std::to_string(d.preopen) + " '" +
                   d.path + "' offset " + std::to_string(d.offset) + " flags " + std::to_string(d.flags) +
                   (d.is_preopen ? " preopen" : ""));
  }
  std::vector<std::string> expected = {
      "0 stream preopen -1 '' offset 0 flags 0",
      "1 stream preopen -1 '' offset 0 flags 0",
      "2 stream preopen -1 '' offset 0 flags 0",
      "3 directory preopen 0 '' offset 0 flags 0 preopen",
      "4 directory preopen 1 '' offset 0 flags 0 preopen",
      "5 file preopen 0 'k2/file.txt' offset 2 flags 0",
      "6 directory preopen 0 'k2' offset 0 flags 0",
      "7 file preopen 0 'k2/file.txt' offset 0 flags 1",
  };
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(r.descriptors[1].stream_bytes, 5u);  // "kept\n"
}

INSTANTIATE_TEST_SUITE_P(Resolution, FunctionsTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("fallback") : std::string("openat2");
                         });

// sock_accept, sock_recv (peek, waitall), sock_send and sock_shutdown on a granted listener.
TEST(Sockets, AcceptRecvSendShutdown) {
  Result<os::UniqueFd> listener = os::ListenTcp("127.0.0.1:0");
  ASSERT_TRUE(listener.ok()) << listener.error().ToString();
  uint16_t port = os::LocalPort(listener->get());
  std::string reply;
  std::thread client([&] {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      (void)!::write(fd, "ping", 4);
      char buf[16];
      for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) reply.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
  });
  GuestSetup setup;
  setup.args = {"sock", "3"};
  setup.listeners.push_back(std::move(*listener));
  GuestResult r = RunGuest("calls", std::move(setup));
  client.join();
  EXPECT_TRUE(r.exited) << r.trap;
  std::string expected = "fd 3 type 6 flags 0 base " + Hex(kListenerRights) + " inheriting " + Hex(kSocketRights) +
                         "\n" + "fd 4 type 6 flags 0 base " + Hex(kSocketRights) + " inheriting 0\n" +
                         "peek ping oflags 0\nrecv ping\nsock ok\n";
  EXPECT_EQ(r.out, expected);
  EXPECT_EQ(reply, "pong");
}

TEST(Preview1, DefinesEveryFunctionOnce) {
  std::vector<std::string> names = Preview1FunctionNames();
  EXPECT_EQ(names.size(), 46u);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

// A module that imports a function preview1 lacks cannot be linked, and the error names it.
TEST(Preview1, AnUnknownImportIsNamedAtLinkTime) {
  Result<std::unique_ptr<WasiCtx>> ctx = WasiCtx::Create(WasiOptions{});
  ASSERT_TRUE(ctx.ok());
  Engine engine;
  // (module (import "wasi_snapshot_preview1" "fd_frobnicate" (func)))
  const uint8_t wasm[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                          0x02, 0x28, 0x01, 0x16, 'w',  'a',  's',  'i',  '_',  's',  'n',  'a',  'p',  's',
                          'h',  'o',  't',  '_',  'p',  'r',  'e',  'v',  'i',  'e',  'w',  '1',  0x0d, 'f',
                          'd',  '_',  'f',  'r',  'o',  'b',  'n',  'i',  'c',  'a',  't',  'e',  0x00, 0x00};
  Result<Module> module = Module::Compile(engine, wasm);
  ASSERT_TRUE(module.ok()) << module.error().ToString();
  Store store(engine);
  Linker linker;
  DefinePreview1(linker, store, **ctx);
  Result<Instance> instance = linker.Instantiate(store, *module);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().code, Errc::kUnknownImport);
  EXPECT_NE(instance.error().message.find("fd_frobnicate"), std::string::npos) << instance.error().message;
}

// A module whose imports are the given preview1 functions, each of type (i32) -> () (only
// proc_exit's type is right; the others are looked up, never linked).
std::vector<uint8_t> ModuleImporting(const std::vector<std::string>& names) {
  std::vector<uint8_t> imports = {static_cast<uint8_t>(names.size())};
  for (const std::string& name : names) {
    imports.push_back(static_cast<uint8_t>(std::strlen(kPreview1Module)));
    imports.insert(imports.end(), kPreview1Module, kPreview1Module + std::strlen(kPreview1Module));
    imports.push_back(static_cast<uint8_t>(name.size()));
    imports.insert(imports.end(), name.begin(), name.end());
    imports.insert(imports.end(), {0x00, 0x00});  // func, type 0
  }
  std::vector<uint8_t> wasm = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7f, 0x00,
                               0x02, static_cast<uint8_t>(imports.size())};
  wasm.insert(wasm.end(), imports.begin(), imports.end());
  return wasm;
}

// Defining for one module binds exactly the preview1 functions it imports; an unknown one
// still fails at link time, by name.
TEST(Preview1, DefiningForAModuleBindsOnlyItsImports) {
  Result<std::unique_ptr<WasiCtx>> ctx = WasiCtx::Create(WasiOptions{});
  ASSERT_TRUE(ctx.ok());
  Engine engine;
  Store store(engine);

  Result<Module> exits = Module::Compile(engine, ModuleImporting({"proc_exit"}));
  ASSERT_TRUE(exits.ok()) << exits.error().ToString();
  Linker linker;
  DefinePreview1(linker, store, **ctx, *exits);
  EXPECT_TRUE(linker.Lookup(kPreview1Module, "proc_exit").has_value());
  EXPECT_FALSE(linker.Lookup(kPreview1Module, "fd_write").has_value());
  EXPECT_TRUE(linker.Instantiate(store, *exits).ok());

  Linker everything;
  DefinePreview1(everything, store, **ctx);
  for (const std::string& name : Preview1FunctionNames()) {
    EXPECT_TRUE(everything.Lookup(kPreview1Module, name).has_value()) << name;
  }

  Result<Module> unknown = Module::Compile(engine, ModuleImporting({"proc_exit", "fd_frobnicate"}));
  ASSERT_TRUE(unknown.ok()) << unknown.error().ToString();
  Linker partial;
  DefinePreview1(partial, store, **ctx, *unknown);
  Result<Instance> instance = partial.Instantiate(store, *unknown);
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().code, Errc::kUnknownImport);
  EXPECT_NE(instance.error().message.find("fd_frobnicate"), std::string::npos) << instance.error().message;
}

}  // namespace
}  // namespace cella::wasi::testing
