// sandbox/contain.cc: RunCell, every step of a native cell in order. Parent side (Cella):
// plan → reaper → cgroups → clone into namespaces → id maps → release → seccomp filter →
// supervise → account → clean up. Child side: InitMain (PID 1: mounts, names, loopback,
// init loop) and ProgramMain (stdio, capabilities, Landlock, rlimits, seccomp, execve).
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string.h>

#include <climits>
#include <cmath>

#include "os/clock.h"
#include "os/errno_error.h"
#include "os/file_io.h"
#include "os/unique_fd.h"
#include "policy/manifest.h"
#include "sandbox/caps.h"
#include "sandbox/cell.h"
#include "sandbox/cgroup.h"
#include "sandbox/child_error.h"
#include "sandbox/landlock.h"
#include "sandbox/mount_ns.h"
#include "sandbox/namespaces.h"
#include "sandbox/pid_ns.h"
#include "sandbox/reaper.h"
#include "sandbox/rlimits.h"
#include "sandbox/seccomp.h"
#include "sandbox/supervise.h"

extern char** environ;

namespace cella::sandbox {
namespace {

using os::ErrnoError;
using os::UniqueFd;

constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr int kExitSetupFailed = 125;

// Everything the cell's side needs, computed by the parent before clone.
struct ChildPlan {
  MountPlan mounts;
  NamespaceOptions namespaces;
  std::string hostname;
  rlimits::Plan limits;
  landlock::Plan landlock;
  policy::SeccompRules seccomp;
  bool seccomp_log = false;
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::vector<char*> argv_ptrs;
  std::vector<char*> env_ptrs;
  int stdio[3] = {-1, -1, -1};  // replacement for fd 0/1/2, or -1 to inherit
  int sync_fd = -1;             // read end: one byte from the parent releases init
  int error_fd = -1;            // write end of the child-error pipe (close-on-exec)
  int status_fd = -1;           // write end: init reports the program's wait status
  int filter_fd = -1;           // read end: the compiled seccomp filter (length, then BPF)
};

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Result<Pipe> MakePipe(const char* what) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return ErrnoError(std::string("pipe2(") + what + ")", errno, Errc::kSandboxSetup);
  return Pipe{UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// ---- Child side ---------------------------------------------------------------------

[[noreturn]] void Fail(const ChildPlan& plan, const Error& error) { FailChild(plan.error_fd, error, 0, kExitSetupFailed); }

// Reads exactly `size` bytes; false on end-of-file or error.
bool ReadExactly(int fd, void* data, size_t size) {
  auto* bytes = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::read(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// The filter Cella compiled while init was setting up the cell.
Result<std::string> ReceiveFilter(int fd) {
  uint32_t size = 0;
  std::string bpf;
  if (ReadExactly(fd, &size, sizeof size) && size <= (1u << 20)) {
    bpf.resize(size);
    if (ReadExactly(fd, bpf.data(), size)) return bpf;
  }
  return MakeError(Errc::kSandboxSetup, "the seccomp filter did not arrive from Cella");
}

// The program's process, forked by init. Each step narrows what the next may do.
[[noreturn]] void ProgramMain(const ChildPlan& plan) {
  // P1. A clean signal state, and stdio as granted.
  pid_ns::ResetSignals();
  for (int fd = 0; fd <= 2; ++fd) {
    if (plan.stdio[fd] >= 0 && ::dup2(plan.stdio[fd], fd) < 0) Fail(plan, ErrnoError("dup2(stdio)", errno, Errc::kSandboxSetup));
  }
  // P2. No capability, now or after execve; no_new_privs.
  if (Status s = caps::DropAll(); !s.ok()) Fail(plan, s.error());
  // P3. Landlock: writes only beneath the granted dirs; no TCP without a network grant.
  if (auto abi = landlock::Apply(plan.landlock); !abi.ok()) Fail(plan, abi.error());
  // P4. Resource limits per process (second layer, or fallback for missing cgroups); after
  //     the steps that open files, as RLIMIT_NOFILE may be small.
  if (Status s = rlimits::Apply(plan.limits); !s.ok()) Fail(plan, s.error());
  // P5. Nothing but stdio survives execve.
  ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
  // P6. seccomp last: it may refuse calls the steps above needed.
  auto bpf = ReceiveFilter(plan.filter_fd);
  if (!bpf.ok()) Fail(plan, bpf.error());
  if (Status s = seccomp::Load(*bpf, plan.seccomp_log); !s.ok()) Fail(plan, s.error());
  // P7. execve, searching the cell's PATH.
  environ = const_cast<char**>(plan.env_ptrs.data());
  ::execvpe(plan.argv_ptrs[0], plan.argv_ptrs.data(), plan.env_ptrs.data());
  int err = errno;
  Error error = ErrnoError("execve(" + plan.argv[0] + ")", err, Errc::kExecFailed);
  FailChild(plan.error_fd, error, err, err == ENOENT ? 127 : 126);
}

// Starts the program's process. Like posix_spawn, it shares init's memory on a stack of
// its own until execve, while init waits (CLONE_VFORK): no page tables to copy, no
// copy-on-write faults. Init is single-threaded and suspended meanwhile, so the child may
// use the heap. Sanitizer runtimes do not follow such a child; they get a plain fork.
pid_t SpawnProgram(const ChildPlan& plan) {
#ifdef CELLA_SANITIZED
  pid_t pid = ::fork();
  if (pid == 0) ProgramMain(plan);
  return pid;
#else
  auto entry = [](void* arg) -> int { ProgramMain(*static_cast<const ChildPlan*>(arg)); };
  constexpr size_t kStackSize = 256 << 10;
  void* stack = ::mmap(nullptr, kStackSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return -1;
  pid_t pid = ::clone(entry, static_cast<char*>(stack) + kStackSize, CLONE_VM | CLONE_VFORK | SIGCHLD,
                      const_cast<ChildPlan*>(&plan));
  int err = errno;
  ::munmap(stack, kStackSize);  // the child has exec'd or exited by now
  errno = err;
  return pid;
#endif
}

// The cell's first process: PID 1 of its PID namespace, root of its user namespace.
[[noreturn]] void InitMain(const ChildPlan& plan) {
  // C1. Die with Cella; wait until it has written the id maps and joined the cgroups.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  char go = 0;
  if (::read(plan.sync_fd, &go, 1) != 1) ::_exit(kExitSetupFailed);  // Cella died first
  ::close(plan.sync_fd);
  // C2. Only init's own signals stay blocked (for sigwaitinfo).
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  pid_ns::BlockInitSignals();
  // C3. The file system view: read-only host root, fresh /tmp /dev /proc, grants.
  if (Status s = mount_ns::SetupRoot(plan.mounts); !s.ok()) Fail(plan, s.error());
  // C4. Own host name; C5. loopback up in the private network namespace.
  if (Status s = uts_ns::SetNames(plan.hostname); !s.ok()) Fail(plan, s.error());
  if (!plan.namespaces.share_network) {
    if (Status s = net_ns::BringUpLoopback(); !s.ok()) Fail(plan, s.error());
  }
  // C6. The program, then init's loop.
  pid_t program = SpawnProgram(plan);
  if (program < 0) Fail(plan, ErrnoError("clone(program)", errno, Errc::kSandboxSetup));
  // Init needs no privilege from here on, and keeps only its status pipe: nothing of
  // Cella's (reaper pipe, cgroup fd, ...).
  (void)caps::DropAll();
  if (plan.status_fd > 3) ::syscall(SYS_close_range, 3U, static_cast<unsigned>(plan.status_fd - 1), 0U);
  ::syscall(SYS_close_range, static_cast<unsigned>(plan.status_fd + 1), ~0U, 0U);
  pid_ns::RunInit(program, plan.status_fd);
}

// ---- Parent side --------------------------------------------------------------------

struct CloneArgs {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

Result<ChildPlan> MakeChildPlan(const CellSpec& spec, const std::string& cwd) {
  const policy::Policy& policy = spec.policy;
  ChildPlan plan;
  CELLA_ASSIGN_OR_RETURN(plan.mounts, mount_ns::Plan(policy, cwd));
  plan.namespaces.share_network = policy.grants.network == policy::Network::kHost;
  plan.hostname = policy.native.hostname.empty() ? "cella" : policy.native.hostname;
  plan.landlock.writable = mount_ns::WritablePaths(plan.mounts);
  plan.landlock.deny_tcp = !plan.namespaces.share_network;
  plan.seccomp = policy.native.seccomp;
  if (!spec.seccomp_policy.empty()) {
    CELLA_ASSIGN_OR_RETURN(policy::SeccompRules extra, policy::LoadSeccompRules(spec.seccomp_policy));
    for (auto [from, to] : {std::pair{&extra.deny, &plan.seccomp.deny}, {&extra.kill, &plan.seccomp.kill},
                            {&extra.log, &plan.seccomp.log}, {&extra.allow, &plan.seccomp.allow}}) {
      to->insert(to->end(), from->begin(), from->end());
    }
  }
  CELLA_TRY(seccomp::Validate(plan.seccomp));
  plan.seccomp_log = policy.native.seccomp_log;
  plan.argv = spec.argv;
  for (const std::string& arg : policy.grants.args) plan.argv.push_back(arg);
  bool has_path = false;
  for (const auto& [name, value] : policy.grants.env) {
    plan.env.push_back(name + "=" + value);
    has_path |= name == "PATH";
  }
  if (!has_path) plan.env.push_back(std::string("PATH=") + kDefaultPath);
  for (std::string& arg : plan.argv) plan.argv_ptrs.push_back(arg.data());
  plan.argv_ptrs.push_back(nullptr);
  for (std::string& var : plan.env) plan.env_ptrs.push_back(var.data());
  plan.env_ptrs.push_back(nullptr);
  return plan;
}

rlimits::Plan MakeRlimits(const policy::Limits& limits, const CellCgroup& cgroup) {
  rlimits::Plan plan;
  if (limits.cpu_time_ns) {
    // With cgroup accounting the tree is polled; the rlimit is a looser second layer.
    uint64_t seconds = static_cast<uint64_t>(std::ceil(static_cast<double>(*limits.cpu_time_ns) / 1e9));
    plan.cpu_seconds = std::max<uint64_t>(1, seconds) + (cgroup.CpuUsageNs() ? 1 : 0);
  }
  plan.file_size = limits.file_size_bytes;
  plan.open_files = limits.open_files;
  if (limits.pids && !cgroup.enforces("pids")) plan.processes = *limits.pids + 1;
  if (limits.memory_bytes && !cgroup.enforces("memory")) plan.address_space = limits.memory_bytes;
  return plan;
}

EndReason Classify(const SuperviseOutcome& outcome, const CgroupStats& stats, std::optional<int>& exit_code,
                   std::optional<int>& signal) {
  int status = outcome.program_status.value_or(outcome.init_status);
  if (WIFEXITED(status)) exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) signal = WTERMSIG(status);
  if (outcome.timed_out) return EndReason::kTimeout;
  if (outcome.cpu_exceeded || signal == SIGXCPU) return EndReason::kCpuLimit;
  if (signal == SIGXFSZ) return EndReason::kFileSizeLimit;
  if (stats.oom_kills > 0) return EndReason::kMemoryLimit;
  if (signal) return EndReason::kKilled;
  if (stats.pids_refused > 0 && exit_code != 0) return EndReason::kPidsLimit;
  return EndReason::kExited;
}

// Releases every host-side resource; the first failure is returned.
Status CleanUp(CellCgroup& cgroup, const std::vector<std::string>& work_dirs, Reaper& reaper) {
  Status first = cgroup.Remove();
  for (const std::string& dir : work_dirs) {
    Status removed = os::RemoveTree(dir);
    if (!removed.ok() && first.ok()) first = removed;
  }
  if (first.ok()) reaper.Done();  // otherwise the reaper retries as it exits
  return first;
}

class SignalMask {
 public:
  SignalMask() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, sig);
    ::sigprocmask(SIG_BLOCK, &set, &old_);
    fd_.Reset(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
  }
  ~SignalMask() {
    fd_.Reset();
    ::sigprocmask(SIG_SETMASK, &old_, nullptr);
  }
  int fd() const { return fd_.get(); }

 private:
  sigset_t old_;
  UniqueFd fd_;
};

}  // namespace

Result<Report> RunCell(const CellSpec& spec) {
  if (spec.argv.empty()) return MakeError(Errc::kInvalidArgument, "no program given: cella exec [options] -- PROGRAM [ARGS...]");
  const policy::Limits& limits = spec.policy.limits;

  // 1. Plan the cell's side completely before anything is created.
  std::string cwd = spec.cwd;
  if (cwd.empty()) {
    char buffer[PATH_MAX];
    cwd = ::getcwd(buffer, sizeof buffer) != nullptr ? buffer : "/";
  }
  CELLA_ASSIGN_OR_RETURN(ChildPlan plan, MakeChildPlan(spec, cwd));
  UniqueFd null_fd;
  const policy::Stdio modes[3] = {spec.policy.grants.stdin_mode, spec.policy.grants.stdout_mode, spec.policy.grants.stderr_mode};
  for (int fd = 0; fd <= 2; ++fd) {
    if (modes[fd] != policy::Stdio::kNull) continue;
    if (!null_fd) null_fd.Reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
    if (!null_fd) return ErrnoError("open(/dev/null)", errno, Errc::kSandboxSetup);
    plan.stdio[fd] = null_fd.get();
  }

  // 2. Host-side resources: the reaper first, so that each one is registered before it
  //    exists and removed even if Cella is killed.
  CgroupLimits cgroup_limits;
  cgroup_limits.memory_bytes = limits.memory_bytes;
  if (limits.pids) cgroup_limits.pids = *limits.pids + 1;  // plus the cell's init
  cgroup_limits.cpus = limits.cpus;
  cgroup_limits.accounting = spec.accounting;
  cgroup_limits.cpu_time = limits.cpu_time_ns.has_value();
  bool need_cgroup = limits.memory_bytes || limits.pids || limits.cpus || limits.cpu_time_ns || spec.accounting;
  bool need_reaper = need_cgroup || !spec.policy.native.cow_keep.empty();
  Reaper reaper;
  if (need_reaper) {
    CELLA_ASSIGN_OR_RETURN(reaper, Reaper::Start());
  }
  CellCgroup cgroup;
  std::vector<std::string> work_dirs;
  auto fail = [&](Error error) -> Error {
    (void)CleanUp(cgroup, work_dirs, reaper);
    return error;
  };
  if (!spec.policy.native.cow_keep.empty()) {
    auto kept = mount_ns::PrepareKeptLayers(plan.mounts, spec.policy.native.cow_keep);
    if (!kept.ok()) return fail(std::move(kept).error());
    work_dirs = std::move(*kept);
    for (const std::string& dir : work_dirs) reaper.RegisterDir(dir);
  }
  if (need_cgroup) {
    auto layout = DetectCgroupLayout();
    if (!layout.ok()) return fail(std::move(layout).error());
    if (!spec.policy.native.cgroup_parent.empty()) {
      if (Status parent = UseCgroupParent(*layout, spec.policy.native.cgroup_parent); !parent.ok()) {
        return fail(std::move(parent).error());
      }
    }
    std::string name = "cella-" + std::to_string(::getpid());
    auto created = CellCgroup::Create(*layout, name, cgroup_limits, [&](const std::string& dir) { reaper.RegisterCgroup(dir); });
    if (!created.ok()) return fail(MakeError(Errc::kSandboxSetup, "cgroup: " + created.error().message));
    cgroup = std::move(*created);
  }
  plan.limits = MakeRlimits(limits, cgroup);

  // 3. Pipes and Cella's own signals (read from a signalfd while the cell runs).
  auto sync = MakePipe("sync");
  auto errors = MakePipe("errors");
  auto status = MakePipe("status");
  auto filter = MakePipe("seccomp filter");
  for (auto* pipe : {&sync, &errors, &status, &filter}) {
    if (!pipe->ok()) return fail(std::move(*pipe).error());
  }
  plan.sync_fd = sync->read.get();
  plan.error_fd = errors->write.get();
  plan.status_fd = status->write.get();
  plan.filter_fd = filter->read.get();
  SignalMask signal_mask;

  // 4. clone3 into new namespaces (and straight into the v2 cgroup when there is one).
  int pidfd = -1;
  CloneArgs args{};
  args.flags = CloneFlags(plan.namespaces) | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(&pidfd);
  args.exit_signal = SIGCHLD;
  if (cgroup.v2_fd() >= 0) {
    args.flags |= CLONE_INTO_CGROUP;
    args.cgroup = static_cast<uint64_t>(cgroup.v2_fd());
  }
  int64_t start_ns = os::MonotonicNanos();
  long init = ::syscall(SYS_clone3, &args, sizeof args);
  if (init < 0) {
    int err = errno;
    if (err == ENOSYS) return fail(MakeError(Errc::kSandboxUnsupported, "clone3: native cells need Linux 5.7 or newer"));
    std::string hint = err == EPERM || err == ENOSPC || err == EUSERS
                           ? " (are unprivileged user namespaces disabled? see kernel.unprivileged_userns_clone / user.max_user_namespaces)"
                           : "";
    return fail(ErrnoError("clone3(new namespaces)" + hint, err, Errc::kSandboxSetup));
  }
  if (init == 0) InitMain(plan);
  UniqueFd pidfd_owner(pidfd);
  auto pid = static_cast<pid_t>(init);
  sync->read.Reset();
  errors->write.Reset();
  status->write.Reset();
  filter->read.Reset();
  auto abort_cell = [&](Error error) -> Error {
    ::kill(pid, SIGKILL);
    int ignored;
    while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
    }
    return fail(std::move(error));
  };

  // 5. Parent-side namespace and cgroup setup, then release init.
  if (Status s = user_ns::WriteIdMaps(pid, ::getuid(), ::getgid()); !s.ok()) return abort_cell(s.error());
  if (!cgroup.empty()) {
    if (Status s = cgroup.Attach(pid, false); !s.ok()) return abort_cell(MakeError(Errc::kSandboxSetup, "cgroup: " + s.error().message));
  }
  if (::write(sync->write.get(), "g", 1) != 1) return abort_cell(ErrnoError("write(sync)", errno, Errc::kSandboxSetup));
  sync->write.Reset();

  // 6. Compile the seccomp filter while init builds the cell's mounts (a pipe buffer holds
  //    it, so the write never waits for the program).
  auto bpf = seccomp::Compile(plan.seccomp);
  if (!bpf.ok()) return abort_cell(std::move(bpf).error());
  auto size = static_cast<uint32_t>(bpf->size());
  std::string message(reinterpret_cast<const char*>(&size), sizeof size);
  message += *bpf;
  if (::write(filter->write.get(), message.data(), message.size()) != static_cast<ssize_t>(message.size())) {
    return abort_cell(ErrnoError("write(seccomp filter)", errno, Errc::kSandboxSetup));
  }
  filter->write.Reset();

  // 7. Supervise until init exits; the kernel has then killed the whole PID namespace.
  SuperviseInput input;
  input.init = pid;
  input.pidfd = pidfd;
  input.signal_fd = signal_mask.fd();
  input.error_fd = errors->read.get();
  input.status_fd = status->read.get();
  input.cgroup = &cgroup;
  input.start_ns = start_ns;
  input.timeout_ns = limits.wall_time_ns;
  input.cpu_limit_ns = limits.cpu_time_ns;
  SuperviseOutcome outcome = Supervise(input);

  // 8. Account, then remove every host-side resource.
  CgroupStats stats = cgroup.Stats();
  Report report;
  report.argv = plan.argv;
  report.reason = Classify(outcome, stats, report.exit_code, report.signal);
  report.wall_ns = outcome.end_ns - start_ns;
  auto ns = [](const timeval& tv) { return static_cast<int64_t>(tv.tv_sec) * 1'000'000'000 + tv.tv_usec * 1000; };
  report.cpu_user_ns = stats.cpu_user_ns.value_or(ns(outcome.usage.ru_utime));
  report.cpu_sys_ns = stats.cpu_sys_ns.value_or(ns(outcome.usage.ru_stime));
  report.cpu_source = stats.cpu_user_ns ? stats.cpu_source : "rusage";
  report.peak_memory_bytes = stats.peak_memory_bytes.value_or(static_cast<uint64_t>(outcome.usage.ru_maxrss) * 1024);
  report.memory_source = stats.peak_memory_bytes ? stats.memory_source : "rusage (largest process)";
  report.oom_kills = stats.oom_kills;
  report.pids_refused = stats.pids_refused;
  if (outcome.stop_signal != 0) report.stopped_by = std::string("SIG") + sigabbrev_np(outcome.stop_signal) + " to cella";
  if (outcome.timed_out) report.stopped_by = "wall-clock timeout";
  if (outcome.cpu_exceeded) report.stopped_by = "cpu-time limit";
  report.namespaces = NamespaceNames(plan.namespaces);
  report.cgroup = cgroup.empty() ? "none (rlimits only)" : cgroup.Describe();
  report.landlock_abi = landlock::Abi();
  report.seccomp = true;
  report.notes = cgroup.notes();
  if (report.landlock_abi == 0) report.notes.push_back("Landlock unavailable: the mount namespace is the only file-system fence");
  if (Status cleaned = CleanUp(cgroup, work_dirs, reaper); !cleaned.ok()) return cleaned.error();
  if (outcome.child_error) {
    Error error = *outcome.child_error;
    if (error.code != Errc::kExecFailed) error.message = "setting up the cell: " + error.message;
    return error;
  }
  return report;
}

}  // namespace cella::sandbox
