// cli/exec_command.cc: `cella exec [opts] -- PROGRAM ARGS…`, a native cell. Merges the
// manifest (--policy) with the flags (flags win for limits, add to grants), runs the cell
// and exits with the program's status (exit codes in docs/exit-codes.md).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "os/file_io.h"
#include "policy/manifest.h"
#include "policy/units.h"
#include "sandbox/cell.h"
#include "sandbox/report.h"

namespace cella::cli {
namespace {

struct ExecOptions {
  std::string policy_file;
  std::vector<std::string> ro, rw, cow, mem, hide;
  std::string cow_keep;
  std::string cgroup_parent;
  std::string net;
  std::vector<std::string> env;
  bool keep_env = false;
  std::string memory, cpu_time, timeout, max_file_size, tmp_size;
  std::optional<uint32_t> pids, max_open_files;
  std::optional<double> cpus;
  bool seccomp_log = false;
  std::string seccomp_policy;
  bool tty = false;
  std::string hostname;
  std::string cwd;
  std::string report;
  bool stats = false;
  std::vector<std::string> command;
};

// HOST[::GUEST]
policy::DirGrant ParseDir(const std::string& text, policy::DirMode mode) {
  policy::DirGrant grant;
  grant.mode = mode;
  size_t sep = text.find("::");
  grant.host = text.substr(0, sep);
  grant.guest = sep == std::string::npos ? grant.host : text.substr(sep + 2);
  return grant;
}

std::string Absolute(const std::string& path) {
  if (path.empty() || path.front() == '/') return path;
  char buffer[4096];
  if (::getcwd(buffer, sizeof buffer) == nullptr) return path;
  return std::string(buffer) + "/" + path;
}

Status ApplyFlags(const ExecOptions& options, policy::Policy& policy) {
  policy::Limits& limits = policy.limits;
  if (!options.memory.empty()) {
    CELLA_ASSIGN_OR_RETURN(limits.memory_bytes, policy::ParseSize(options.memory));
  }
  if (!options.cpu_time.empty()) {
    CELLA_ASSIGN_OR_RETURN(limits.cpu_time_ns, policy::ParseDuration(options.cpu_time));
  }
  if (!options.timeout.empty()) {
    CELLA_ASSIGN_OR_RETURN(limits.wall_time_ns, policy::ParseDuration(options.timeout));
  }
  if (!options.max_file_size.empty()) {
    CELLA_ASSIGN_OR_RETURN(limits.file_size_bytes, policy::ParseSize(options.max_file_size));
  }
  if (!options.tmp_size.empty()) {
    CELLA_ASSIGN_OR_RETURN(limits.tmp_size_bytes, policy::ParseSize(options.tmp_size));
  }
  if (options.pids) limits.pids = options.pids;
  if (options.max_open_files) limits.open_files = options.max_open_files;
  if (options.cpus) {
    if (*options.cpus <= 0) return MakeError(Errc::kInvalidArgument, "--cpus must be above 0, e.g. 0.5");
    limits.cpus = options.cpus;
  }
  auto add_dirs = [&](const std::vector<std::string>& dirs, policy::DirMode mode) {
    for (const std::string& dir : dirs) {
      policy::DirGrant grant = ParseDir(dir, mode);
      grant.host = Absolute(grant.host);
      grant.guest = Absolute(grant.guest);
      policy.grants.dirs.push_back(std::move(grant));
    }
  };
  add_dirs(options.ro, policy::DirMode::kRo);
  add_dirs(options.rw, policy::DirMode::kRw);
  add_dirs(options.cow, policy::DirMode::kCow);
  add_dirs(options.mem, policy::DirMode::kMem);
  for (const std::string& dir : options.hide) policy.native.hide.push_back(Absolute(dir));
  if (!options.cow_keep.empty()) policy.native.cow_keep = Absolute(options.cow_keep);
  if (!options.cgroup_parent.empty()) policy.native.cgroup_parent = Absolute(options.cgroup_parent);
  if (options.net == "host") policy.grants.network = policy::Network::kHost;
  else if (options.net == "none") policy.grants.network = policy::Network::kNone;
  else if (!options.net.empty()) return MakeError(Errc::kInvalidArgument, "--net must be 'none' or 'host'");
  if (options.keep_env) {
    for (char** var = environ; *var != nullptr; ++var) {
      std::string entry = *var;
      size_t eq = entry.find('=');
      if (eq != std::string::npos) policy.grants.env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    }
  }
  for (const std::string& entry : options.env) {
    size_t eq = entry.find('=');
    if (eq != std::string::npos) {
      policy.grants.env.emplace_back(entry.substr(0, eq), entry.substr(eq + 1));
    } else if (const char* value = std::getenv(entry.c_str())) {
      policy.grants.env.emplace_back(entry, value);
    }
  }
  if (options.seccomp_log) policy.native.seccomp_log = true;
  if (options.tty) policy.native.tty = true;
  if (!options.hostname.empty()) policy.native.hostname = options.hostname;
  return OkStatus();
}

int Fail(const Error& error) {
  std::fprintf(stderr, "cella exec: %s\n", error.ToString().c_str());
  if (error.code == Errc::kExecFailed) return error.message.find("(ENOENT)") != std::string::npos ? kExitNotFound : kExitCannotExecute;
  return kExitCellaError;
}

int RunExec(const ExecOptions& options) {
  sandbox::CellSpec spec;
  if (!options.policy_file.empty()) {
    auto loaded = policy::LoadManifest(options.policy_file);
    if (!loaded.ok()) return Fail(loaded.error());
    spec.policy = std::move(*loaded);
    if (Status native = policy::CheckNativeOnly(spec.policy); !native.ok()) return Fail(native.error());
  }
  if (Status applied = ApplyFlags(options, spec.policy); !applied.ok()) return Fail(applied.error());
  spec.argv = options.command;
  spec.seccomp_policy = options.seccomp_policy;
  spec.cwd = options.cwd;
  spec.accounting = options.stats || !options.report.empty();
  auto report = sandbox::RunCell(spec);
  if (!report.ok()) return Fail(report.error());
  for (const std::string& note : report->notes) std::fprintf(stderr, "cella exec: note: %s\n", note.c_str());
  if (options.stats) std::fprintf(stderr, "%s\n", sandbox::ReportStatsLine(*report).c_str());
  if (!options.report.empty()) {
    if (Status written = os::WriteFileAtomic(options.report, sandbox::ReportToJson(*report)); !written.ok()) {
      return Fail(written.error());
    }
  }
  return sandbox::ExitCodeFor(*report);
}

}  // namespace

void RegisterExecCommand(CLI::App& app, CommandContext& context) {
  auto options = std::make_shared<ExecOptions>();
  CLI::App* exec = app.add_subcommand("exec", "Run an unmodified Linux program in a native cell (namespaces, seccomp, "
                                              "Landlock, cgroups).");
  exec->add_option("--policy", options->policy_file, "Manifest (TOML) with limits and grants; flags add to it");
  exec->add_option("--ro", options->ro, "Bind HOST[::GUEST] read-only (re-exposes a hidden dir)")->allow_extra_args(false);
  exec->add_option("--rw", options->rw, "Bind HOST[::GUEST] read-write")->allow_extra_args(false);
  exec->add_option("--cow", options->cow, "Show HOST[::GUEST] as a writable copy (overlayfs); the host dir never changes")->allow_extra_args(false);
  exec->add_option("--mem", options->mem, "Like --cow, with the changes kept in memory only")->allow_extra_args(false);
  exec->add_option("--cow-keep", options->cow_keep, "Save the cow upper layers under OUT (OUT/<guest path>)");
  exec->add_option("--cgroup-parent", options->cgroup_parent,
                   "Make the cell's cgroup under this delegated cgroup v2 dir (default: Cella's own cgroup)");
  exec->add_option("--hide", options->hide, "Cover DIR with an empty read-only tmpfs")->allow_extra_args(false);
  exec->add_option("--net", options->net, "Network: none (default: no network, not even TCP on loopback) or host");
  exec->add_option("--env", options->env, "Set K=V, or pass host variable K (the cell starts with PATH only)")->allow_extra_args(false);
  exec->add_flag("--keep-env", options->keep_env, "Pass the whole host environment");
  exec->add_option("--memory", options->memory, "Memory of the whole tree, e.g. 256M");
  exec->add_option("--pids", options->pids, "Processes of the whole tree");
  exec->add_option("--cpu-time", options->cpu_time, "CPU time of the whole tree, e.g. 10s");
  exec->add_option("--cpus", options->cpus, "CPU quota, e.g. 0.5");
  exec->add_option("--timeout", options->timeout, "Wall-clock limit, e.g. 30s");
  exec->add_option("--max-file-size", options->max_file_size, "Largest file the program may write");
  exec->add_option("--max-open-files", options->max_open_files, "Open descriptors per process");
  exec->add_option("--tmp-size", options->tmp_size, "Size of the fresh /tmp and /dev/shm (default 64M)");
  exec->add_flag("--seccomp-log", options->seccomp_log, "Ask the kernel to log every refused system call");
  exec->add_option("--seccomp-policy", options->seccomp_policy, "TOML file with deny/kill/log/allow lists of system calls");
  exec->add_flag("--tty", options->tty, "Expose /dev/tty");
  exec->add_option("--hostname", options->hostname, "Host name inside the cell (default cella)");
  exec->add_option("--cwd", options->cwd, "Working directory inside the cell (default: the current one, else /)");
  exec->add_option("--report", options->report, "Write a JSON report (status, reason, CPU, peak memory, wall time)");
  exec->add_flag("--stats", options->stats, "Print a one-line summary on stderr");
  exec->add_option("command", options->command, "PROGRAM ARGS… (after --)")->required();
  exec->callback([options, &context] { context.exit_code = RunExec(*options); });
}

}  // namespace cella::cli
