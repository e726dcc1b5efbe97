// tests/policy/manifest_test.cc: manifest TOML → Policy: every key, shared/Wasm-only/
// native-only tagging, and errors that name the key and its line.
#include <gtest/gtest.h>

#include "policy/manifest.h"

namespace cella::policy {
namespace {

constexpr char kFull[] = R"(module = "app.wasm"
deterministic = true

[limits]
fuel = 1_000_000
memory = "256M"
wall_time = "5s"
call_depth = 10000
output_bytes = "1M"
pids = 64
cpu_time = 2.5
cpus = 0.5
file_size = "10M"
open_files = 128
tmp_size = "32M"

[grants]
args = ["--verbose"]
env = { LANG = "C.UTF-8", MODE = "fast" }
network = "host"
sockets = ["tcp:127.0.0.1:8080"]
clock = "virtual"
random = "seeded"
seed = "00ff"

[grants.stdio]
stdin = "null"
stdout = "inherit"

[[grants.dirs]]
host = "/data"
guest = "/in"
mode = "ro"

[[grants.dirs]]
host = "/work"
mode = "cow"

[[grants.dirs]]
guest = "/scratch"
mode = "mem"

[native]
hide = ["/home"]
hostname = "box"
cgroup_parent = "/sys/fs/cgroup/cella"
tty = true
seccomp_log = true

[native.seccomp]
deny = ["socket"]
allow = ["ptrace"]
)";

TEST(Manifest, ReadsEveryKey) {
  auto parsed = ParseManifest(kFull, "full.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Policy& p = *parsed;
  EXPECT_EQ(p.module, "app.wasm");
  EXPECT_EQ(p.deterministic, true);
  EXPECT_EQ(p.limits.fuel, 1'000'000u);
  EXPECT_EQ(p.limits.memory_bytes, 256u << 20);
  EXPECT_EQ(p.limits.wall_time_ns, 5'000'000'000);
  EXPECT_EQ(p.limits.call_depth, 10000u);
  EXPECT_EQ(p.limits.output_bytes, 1u << 20);
  EXPECT_EQ(p.limits.pids, 64u);
  EXPECT_EQ(p.limits.cpu_time_ns, 2'500'000'000);
  EXPECT_EQ(p.limits.cpus, 0.5);
  EXPECT_EQ(p.limits.file_size_bytes, 10u << 20);
  EXPECT_EQ(p.limits.open_files, 128u);
  EXPECT_EQ(p.limits.tmp_size_bytes, 32u << 20);
  EXPECT_EQ(p.grants.args, std::vector<std::string>{"--verbose"});
  ASSERT_EQ(p.grants.env.size(), 2u);
  EXPECT_EQ(p.grants.network, Network::kHost);
  EXPECT_EQ(p.grants.clock, Clock::kVirtual);
  EXPECT_EQ(p.grants.random, Random::kSeeded);
  EXPECT_EQ(p.grants.seed_hex, "00ff");
  EXPECT_EQ(p.grants.stdin_mode, Stdio::kNull);
  ASSERT_EQ(p.grants.dirs.size(), 3u);
  EXPECT_EQ(p.grants.dirs[0].guest, "/in");
  EXPECT_EQ(p.grants.dirs[1].guest, "/work");
  EXPECT_EQ(p.grants.dirs[1].mode, DirMode::kCow);
  EXPECT_TRUE(p.grants.dirs[2].host.empty());
  EXPECT_EQ(p.grants.dirs[2].mode, DirMode::kMem);
  EXPECT_EQ(p.native.hide, std::vector<std::string>{"/home"});
  EXPECT_EQ(p.native.hostname, "box");
  EXPECT_EQ(p.native.cgroup_parent, "/sys/fs/cgroup/cella");
  EXPECT_TRUE(p.native.tty);
  EXPECT_EQ(p.native.seccomp.deny, std::vector<std::string>{"socket"});
  EXPECT_EQ(p.native.seccomp.allow, std::vector<std::string>{"ptrace"});
}

TEST(Manifest, TagsWasmOnlyAndNativeOnlyKeysWithLines) {
  auto parsed = ParseManifest(kFull, "full.toml");
  ASSERT_TRUE(parsed.ok());
  std::vector<std::string> wasm;
  for (const KeyUse& use : parsed->wasm_only_keys) wasm.push_back(use.key);
  EXPECT_EQ(wasm, (std::vector<std::string>{"module", "deterministic", "limits.fuel", "limits.call_depth",
                                            "limits.output_bytes", "grants.sockets", "grants.clock", "grants.random",
                                            "grants.seed"}));
  EXPECT_EQ(parsed->wasm_only_keys[2].line, 5);
  bool has_pids = false;
  for (const KeyUse& use : parsed->native_only_keys) has_pids |= use.key == "limits.pids" && use.line == 10;
  EXPECT_TRUE(has_pids);
}

TEST(Manifest, NativeCheckRefusesWasmOnlyKeysByNameAndLine) {
  auto parsed = ParseManifest("[limits]\nmemory = \"1G\"\nfuel = 5\n", "m.toml");
  ASSERT_TRUE(parsed.ok());
  Status status = CheckNativeOnly(*parsed);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Errc::kWasmOnlyKey);
  EXPECT_NE(status.error().message.find("m.toml:3: 'limits.fuel'"), std::string::npos) << status.error().message;

  auto shared = ParseManifest("[limits]\nmemory = \"1G\"\npids = 4\n[grants]\nnetwork = \"none\"\n", "n.toml");
  ASSERT_TRUE(shared.ok());
  EXPECT_TRUE(CheckNativeOnly(*shared).ok());
}

TEST(Manifest, UnknownKeysAreErrorsNamingKeyAndLine) {
  auto parsed = ParseManifest("[limits]\nmemory = 1\n\nfule = 3\n", "typo.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, Errc::kUnknownManifestKey);
  EXPECT_NE(parsed.error().message.find("typo.toml:4: unknown key 'limits.fule'"), std::string::npos)
      << parsed.error().message;
  EXPECT_NE(parsed.error().message.find("fuel"), std::string::npos);  // lists the known keys

  auto nested = ParseManifest("[[grants.dirs]]\nhost = \"/a\"\nmod = \"rw\"\n", "d.toml");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("d.toml:3: unknown key 'grants.dirs[0].mod'"), std::string::npos)
      << nested.error().message;

  auto top = ParseManifest("colour = 1\n", "t.toml");
  ASSERT_FALSE(top.ok());
  EXPECT_NE(top.error().message.find("unknown key 'colour'"), std::string::npos);
}

TEST(Manifest, WrongTypesAndValuesAreErrors) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"[limits]\npids = \"many\"\n", "'limits.pids' must be an integer"},
      {"[limits]\nmemory = \"big\"\n", "'limits.memory' is not a size"},
      {"[limits]\ncpus = 0\n", "'limits.cpus' must be a number of CPUs"},
      {"[grants]\nnetwork = \"wifi\"\n", "must be one of \"none\", \"host\""},
      {"[[grants.dirs]]\nhost = \"/a\"\nmode = \"rwx\"\n", "'grants.dirs[0].mode' must be one of"},
      {"[[grants.dirs]]\nmode = \"rw\"\n", "needs a 'host' path"},
      {"[[grants.dirs]]\nhost = \"rel\"\n", "absolute"},
      {"limits = 3\n", "'limits' must be a table"},
      {"[grants]\nenv = { A = 1 }\n", "'grants.env.A' must be a string"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseManifest(c.text, "x.toml");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_NE(parsed.error().message.find(c.expect), std::string::npos) << parsed.error().message;
  }
}

TEST(Manifest, TomlSyntaxErrorsCarryTheLine) {
  auto parsed = ParseManifest("[limits]\nmemory = \n", "bad.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, Errc::kBadManifest);
  EXPECT_NE(parsed.error().message.find("bad.toml:2"), std::string::npos) << parsed.error().message;
}

TEST(Manifest, MissingFileIsNotFound) {
  auto parsed = LoadManifest("/no/such/manifest.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, Errc::kNotFound);
}

TEST(SeccompRules, ReadsTheFourLists) {
  auto rules = ParseSeccompRules("deny = [\"socket\"]\nkill = [\"ptrace\"]\nlog = [\"uname\"]\nallow = [\"io_uring_setup\"]\n", "s.toml");
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  EXPECT_EQ(rules->deny, std::vector<std::string>{"socket"});
  EXPECT_EQ(rules->kill, std::vector<std::string>{"ptrace"});
  EXPECT_EQ(rules->log, std::vector<std::string>{"uname"});
  EXPECT_EQ(rules->allow, std::vector<std::string>{"io_uring_setup"});
  EXPECT_FALSE(ParseSeccompRules("refuse = [\"x\"]\n", "s.toml").ok());
}

}  // namespace
}  // namespace cella::policy
