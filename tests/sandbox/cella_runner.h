// tests/sandbox/cella_runner.h: runs the built `cella` binary for the native-cell tests
// and inspects the host afterwards (processes, mounts, cgroups). Test-only helpers.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace cella::sandbox::testing {

struct RunResult {
  pid_t pid = -1;      // of cella
  int exit_code = -1;  // 128 + signal if cella itself died of a signal
  std::string out;
  std::string err;
};

// Runs CELLA_BINARY with `args`; kills it after `timeout_s`.
RunResult RunCella(const std::vector<std::string>& args, int timeout_s = 60);
// Runs `prefix` (e.g. setpriv and its options) followed by CELLA_BINARY and `args`.
RunResult RunCellaUnder(const std::vector<std::string>& prefix, const std::vector<std::string>& args, int timeout_s = 60);
// Starts CELLA_BINARY with `args` in the background (stdio to /dev/null).
pid_t StartCella(const std::vector<std::string>& args);

// Path of a hostile test program built beside the tests.
std::string Program(const std::string& name);

// Why the tests that need root skip, or "" when running as root.
std::string RootSkipReason();

// Host processes whose command line contains `token`.
std::vector<pid_t> ProcessesWith(const std::string& token);
// Lines of /proc/self/mountinfo.
size_t HostMountCount();
// Cgroup directories a cella with process id `pid` created ("cella-<pid>") that still
// exist, in any hierarchy of this process.
std::vector<std::string> CgroupsOf(pid_t pid);

// A fresh directory under /tmp, removed with its contents.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadText(const std::string& path);
void WriteText(const std::string& path, const std::string& text);

}  // namespace cella::sandbox::testing
