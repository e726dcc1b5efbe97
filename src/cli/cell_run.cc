// cli/cell_run.cc: runs a Wasm cell for `cella run` and `cella resume`: engine and WASI
// set-up from CellOptions (or from a snapshot), the call, limits, suspending into a
// snapshot, state roots, and the exit code and message for how it ended.
#include "cli/cell_run.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cella/cella.h"
#include "cli/exit_codes.h"
#include "os/clock.h"
#include "os/directory.h"
#include "os/file_io.h"
#include "os/socket.h"
#include "policy/units.h"
#include "snapshot/engine_state.h"
#include "snapshot/state_root.h"
#include "wasi/deterministic.h"
#include "wasi/preview1.h"
#include "wasi/wasi_ctx.h"
#include "wasi/wasi_state.h"

namespace cella::cli {
namespace {

constexpr uint64_t kPageSize = 65536;

// A failure before the guest runs: the message and the exit code.
struct Failure {
  int code;
  std::string message;
};

// "run" or "resume", for messages.
const char* g_command = "run";

int Report(const Failure& failure) {
  std::fprintf(stderr, "cella %s: %s\n", g_command, failure.message.c_str());
  return failure.code;
}

// HOST[::GUEST][:ro|:rw]; read-only unless :rw.
Result<wasi::DirGrant> ParseDir(std::string text) {
  wasi::DirGrant grant;
  if (text.size() > 3 && (text.ends_with(":ro") || text.ends_with(":rw"))) {
    grant.writable = text.ends_with(":rw");
    text.resize(text.size() - 3);
  }
  size_t sep = text.find("::");
  grant.host_path = text.substr(0, sep);
  grant.guest_path = sep == std::string::npos ? grant.host_path : text.substr(sep + 2);
  if (grant.host_path.empty() || grant.guest_path.empty()) {
    return MakeError(Errc::kInvalidArgument, "--dir '" + text + "' must be HOST[::GUEST][:ro|:rw]");
  }
  return grant;
}

// Duplicates one of cella's own stdio descriptors for the guest (so fd_close in the
// guest never closes cella's), or opens the file given for it.
Result<os::UniqueFd> StdioFd(int own, const std::string& file, bool write, bool closed, bool append) {
  if (!file.empty()) {
    if (write && append) {
      int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
      if (fd < 0) return MakeError(Errc::kIo, "cannot append to " + file + ": " + std::strerror(errno));
      return os::UniqueFd(fd);
    }
    return os::OpenStreamFile(file, write);
  }
  if (closed) return os::UniqueFd();
  int fd = ::fcntl(own, F_DUPFD_CLOEXEC, 3);
  return os::UniqueFd(fd);  // invalid when cella itself was started without it
}

// The grants of `o`. `resuming`: output files are appended to (they hold what the run
// wrote before it was suspended).
std::optional<Failure> BuildWasiOptions(const CellOptions& o, wasi::WasiOptions& w, bool resuming) {
  w.args.push_back(o.module);
  if (o.invoke.empty()) w.args.insert(w.args.end(), o.args.begin(), o.args.end());
  for (const std::string& entry : o.env) {
    size_t eq = entry.find('=');
    if (eq == 0) return Failure{kExitUsage, "--env '" + entry + "' must be KEY=VALUE or KEY"};
    if (eq != std::string::npos) {
      w.env.push_back(entry);
    } else if (const char* value = std::getenv(entry.c_str())) {
      w.env.push_back(entry + "=" + value);
    }
  }
  for (const std::string& dir : o.dirs) {
    Result<wasi::DirGrant> grant = ParseDir(dir);
    if (!grant.ok()) return Failure{kExitUsage, grant.error().message};
    w.dirs.push_back(std::move(*grant));
  }
  struct Stream {
    int own;
    const std::string& file;
    bool write;
    os::UniqueFd* out;
  };
  for (const Stream& s : {Stream{0, o.stdin_file, false, &w.stdin_fd}, Stream{1, o.stdout_file, true, &w.stdout_fd},
                          Stream{2, o.stderr_file, true, &w.stderr_fd}}) {
    Result<os::UniqueFd> fd = StdioFd(s.own, s.file, s.write, o.no_stdio, resuming);
    if (!fd.ok()) return Failure{s.write ? kExitIo : kExitNoInput, fd.error().message};
    *s.out = std::move(*fd);
  }
  for (const std::string& address : o.listen) {
    Result<os::UniqueFd> fd = os::ListenTcp(address);
    if (!fd.ok()) {
      return Failure{fd.error().code == Errc::kInvalidArgument ? kExitUsage : kExitIo,
                     "--listen: " + fd.error().message};
    }
    w.listeners.push_back(std::move(*fd));
  }
  if (!o.max_output.empty()) {
    Result<uint64_t> bytes = policy::ParseSize(o.max_output);
    if (!bytes.ok()) return Failure{kExitUsage, "--max-output: " + bytes.error().message};
    w.max_output_bytes = *bytes;
  }
  // Test switch: resolve paths with the component walk even where openat2 exists.
  const char* fallback = std::getenv("CELLA_WASI_PATH_FALLBACK");
  w.force_path_fallback = fallback != nullptr && std::string(fallback) == "1";
  const char* trace = std::getenv("CELLA_WASI_TRACE");
  w.trace = trace != nullptr && std::string(trace) == "1";
  return std::nullopt;
}

// Interrupts the store and cancels WASI's blocking calls when the timeout passes.
class Timer {
 public:
  Timer(int64_t nanos, InterruptHandle handle, wasi::WasiCtx* ctx)
      : thread_([this, nanos, handle, ctx] {
          std::unique_lock lock(mutex_);
          if (!cv_.wait_for(lock, std::chrono::nanoseconds(nanos), [this] { return done_; })) {
            fired_ = true;
            handle.Interrupt();
            ctx->Cancel();
          }
        }) {}
  ~Timer() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  bool fired() {
    std::lock_guard lock(mutex_);
    return fired_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  bool fired_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

Result<std::vector<Value>> ParseInvokeArgs(const FuncType& type, const std::vector<std::string>& texts) {
  if (texts.size() != type.params.size()) {
    return MakeError(Errc::kInvalidArgument, "--invoke: the function takes " + type.ToString() + ", given " +
                                                 std::to_string(texts.size()) + " argument(s) after --");
  }
  std::vector<Value> values;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string& t = texts[i];
    char* end = nullptr;
    errno = 0;
    switch (type.params[i]) {
      case ValType::kI32:
      case ValType::kI64: {
        bool negative = !t.empty() && t[0] == '-';
        uint64_t bits = negative ? static_cast<uint64_t>(std::strtoll(t.c_str(), &end, 0))
                                 : std::strtoull(t.c_str(), &end, 0);
        values.push_back(type.params[i] == ValType::kI32 ? Value::I32(static_cast<uint32_t>(bits)) : Value::I64(bits));
        break;
      }
      case ValType::kF32: values.push_back(Value::F32(std::strtof(t.c_str(), &end))); break;
      case ValType::kF64: values.push_back(Value::F64(std::strtod(t.c_str(), &end))); break;
      default:
        return MakeError(Errc::kUnsupported, "--invoke: parameters of type " +
                                                 std::string(ValTypeName(type.params[i])) + " cannot be given");
    }
    if (t.empty() || end == nullptr || *end != '\0' || errno == ERANGE) {
      return MakeError(Errc::kInvalidArgument, "--invoke: argument " + std::to_string(i + 1) + " '" + t +
                                                   "' is not a " + std::string(ValTypeName(type.params[i])));
    }
  }
  return values;
}

void PrintResult(const Value& v) {
  switch (v.type()) {
    case ValType::kI32: std::printf("%d\n", static_cast<int32_t>(v.i32())); break;
    case ValType::kI64: std::printf("%lld\n", static_cast<long long>(v.i64())); break;
    case ValType::kF32: std::printf("%.9g\n", static_cast<double>(v.f32())); break;
    case ValType::kF64: std::printf("%.17g\n", v.f64()); break;
    default: std::printf("%s\n", v.ToString().c_str()); break;
  }
}

// Calls _start, or --invoke's export (after _initialize when the module has one).
Result<CallOutcome> CallEntry(const CellOptions& o, const Instance& instance) {
  if (o.invoke.empty()) {
    if (!instance.GetExport("_start")) {
      return MakeError(Errc::kNotFound, o.module + " exports no _start function; name one with --invoke FUNC");
    }
    return instance.Call("_start", {});
  }
  CELLA_ASSIGN_OR_RETURN(Function func, instance.GetFunction(o.invoke));
  CELLA_ASSIGN_OR_RETURN(std::vector<Value> args, ParseInvokeArgs(func.type(), o.args));
  if (instance.GetExport("_initialize")) {
    CELLA_ASSIGN_OR_RETURN(CallOutcome init, instance.Call("_initialize", {}));
    if (!init.returned()) return init;
  }
  return func.Call(args);
}

struct RunLimits {
  std::optional<uint32_t> memory_pages;
  std::optional<int64_t> timeout_ns;
  bool deterministic = false;
};

int TimedOut(const RunLimits& limits) {
  std::string note = limits.deterministic ? " (a wall-clock limit: where it stopped the guest is not deterministic; "
                                            "use --fuel for a limit that is)"
                                          : "";
  return Report({kExitTimeout, "timeout: the guest ran longer than --timeout " +
                                   policy::FormatDuration(*limits.timeout_ns) + " and was stopped" + note});
}

// --deterministic and its flags: the options for MakeDeterministic, or why not.
Result<wasi::DeterministicOptions> DeterministicFlags(const CellOptions& o) {
  wasi::DeterministicOptions det;
  if (!o.deterministic) {
    if (!o.seed.empty() || !o.clock_epoch.empty() || o.allow_real_clock || o.allow_real_random || o.allow_sockets) {
      return MakeError(Errc::kInvalidArgument, "--seed, --clock-epoch and --allow-* apply only with --deterministic");
    }
    return det;
  }
  if (o.no_metering) {
    return MakeError(Errc::kInvalidArgument,
                     "--deterministic measures time in fuel, so it cannot be combined with --no-metering");
  }
  if (!o.seed.empty()) {
    CELLA_ASSIGN_OR_RETURN(det.seed, wasi::ParseSeed(o.seed));
  }
  if (!o.clock_epoch.empty()) {
    CELLA_ASSIGN_OR_RETURN(det.epoch_ns, wasi::ParseClockEpoch(o.clock_epoch));
  }
  det.real_clock = o.allow_real_clock;
  det.real_random = o.allow_real_random;
  det.allow_sockets = o.allow_sockets;
  return det;
}

// The exit code and message for how the guest's call ended.
int ExitFor(const Result<CallOutcome>& result, const wasi::WasiCtx& ctx, bool timed_out,
            const RunLimits& limits, const Store& store) {
  if (!result.ok()) {
    const Error& e = result.error();
    int code = e.code == Errc::kNotFound || e.code == Errc::kInvalidArgument || e.code == Errc::kUnsupported
                   ? kExitUsage
                   : kExitInternal;
    return Report({code, e.message});
  }
  const CallOutcome& outcome = *result;
  if (outcome.returned()) {
    for (const Value& v : outcome.results) PrintResult(v);
    return kExitOk;
  }
  if (outcome.paused()) {
    if (outcome.pause == PauseReason::kOutOfFuel) {
      return Report({kExitOutOfFuel, "out of fuel: the guest used all " + std::to_string(store.fuel_consumed()) +
                                         " units of --fuel; give it more"});
    }
    if (timed_out) return TimedOut(limits);
    return Report({kExitInternal, "the guest was interrupted"});
  }
  const TrapInfo& trap = outcome.trap;
  // Woken by the timeout, a guest may exit or trap on its own before the interrupt lands.
  if (timed_out) return TimedOut(limits);
  if (trap.kind == TrapKind::kExit) {
    auto status = static_cast<uint32_t>(trap.exit_code);
    if (status > 255) {
      std::fprintf(stderr, "cella %s: the guest exited with %u, which a process status cannot carry; exiting 255\n",
                   g_command, status);
      return 255;
    }
    return static_cast<int>(status);
  }
  if (ctx.output_limit_reached()) {
    return Report({kExitOutputLimit, "output limit: the guest wrote more than --max-output " +
                                         std::to_string(*ctx.max_output_bytes()) + " bytes to stdout and stderr"});
  }
  if (std::optional<uint32_t> signal = ctx.raised_signal()) {
    std::fprintf(stderr, "cella %s: %s\n", g_command, trap.ToString().c_str());
    return 128 + static_cast<int>(*signal);
  }
  std::fprintf(stderr, "cella %s: trap: %s: %s\n", g_command, std::string(TrapName(trap.kind)).c_str(),
               trap.ToString().c_str());
  return kExitTrap;
}

// When a run failed under --max-memory, names the limit: a memory.grow it refused is the
// usual cause of an allocation failure that ends in a trap or an error exit.
void NoteMemoryLimit(const RunLimits& limits, uint32_t pages) {
  if (!limits.memory_pages) return;
  std::fprintf(stderr,
               "cella %s: note: --max-memory allows %u pages (%s); the memory reached %u pages. A memory.grow "
               "refused by that limit makes allocations fail; raise --max-memory if that is the cause\n",
               g_command, *limits.memory_pages, policy::FormatSize(uint64_t{*limits.memory_pages} * kPageSize).c_str(), pages);
}


// The WASI state's canonical bytes for a state root, or why there are none.
Result<std::vector<uint8_t>> WasiBytes(const wasi::WasiCtx& ctx) {
  CELLA_ASSIGN_OR_RETURN(wasi::WasiState state, ctx.Capture());
  return wasi::EncodeWasiState(state);
}

std::string RootText(snapshot::StateHasher& hasher, const Instance& instance, const wasi::WasiCtx& ctx,
                     uint64_t fuel_total) {
  Result<std::vector<uint8_t>> wasi_bytes = WasiBytes(ctx);
  if (!wasi_bytes.ok()) return "unavailable (" + wasi_bytes.error().message + ")";
  return snapshot::HashHex(hasher.Root(instance, {fuel_total, *wasi_bytes}));
}

// Writes the suspended cell to o.snapshot_path.
Status Suspend(const CellOptions& o, const std::vector<std::string>& resolved_env, std::span<const uint8_t> module,
               const Instance& instance, const wasi::WasiCtx& ctx, uint64_t fuel_total,
               snapshot::StateHasher& hasher) {
  snapshot::SnapshotFile file;
  file.module.assign(module.begin(), module.end());
  file.policy = RecordCellOptions(o, resolved_env);
  file.engine = snapshot::CaptureEngineState(instance, /*borrow_memory=*/true);  // written below, still paused
  file.fuel_consumed = fuel_total;
  CELLA_ASSIGN_OR_RETURN(wasi::WasiState state, ctx.Capture());
  file.wasi_state = wasi::EncodeWasiState(state);
  file.state_root = hasher.Root(instance, {fuel_total, file.wasi_state});
  return snapshot::WriteSnapshot(o.snapshot_path, file);
}

}  // namespace

int RunCell(const CellOptions& o, const snapshot::SnapshotFile* from) {
  g_command = from != nullptr ? "resume" : "run";
  ::signal(SIGPIPE, SIG_IGN);  // a closed pipe is EPIPE for the guest, not the end of cella
  int64_t started = os::MonotonicNanos();
  const uint64_t fuel_before = from != nullptr ? from->fuel_consumed : 0;
  RunLimits limits;
  EngineConfig config;
  if (o.no_metering && (o.fuel || o.suspend_after_fuel)) {
    return Report({kExitUsage, "--fuel and --suspend-after-fuel need fuel metering; drop --no-metering"});
  }
  if (o.suspend_after_fuel && o.snapshot_path.empty()) {
    return Report({kExitUsage, "--suspend-after-fuel needs --snapshot FILE to write the cell to"});
  }
  if (o.suspend_after_fuel && *o.suspend_after_fuel <= fuel_before) {
    return Report({kExitUsage, "--suspend-after-fuel " + std::to_string(*o.suspend_after_fuel) +
                                   " is not after the snapshot's " + std::to_string(fuel_before) + " units"});
  }
  config.metering = !o.no_metering;
  wasi::DeterministicOptions det_options;
  if (from == nullptr) {
    Result<wasi::DeterministicOptions> det = DeterministicFlags(o);
    if (!det.ok()) return Report({kExitUsage, det.error().message});
    det_options = *det;
  }
  limits.deterministic = o.deterministic;
  config.canonicalize_nans = o.deterministic;
  if (!o.max_memory.empty()) {
    Result<uint64_t> bytes = policy::ParseSize(o.max_memory);
    if (!bytes.ok()) return Report({kExitUsage, "--max-memory: " + bytes.error().message});
    uint64_t pages = *bytes / kPageSize;
    limits.memory_pages =
        static_cast<uint32_t>(pages < config.limits.max_memory_pages ? pages : config.limits.max_memory_pages);
    config.limits.max_memory_pages = *limits.memory_pages;
  }
  if (!o.timeout.empty()) {
    Result<int64_t> nanos = policy::ParseDuration(o.timeout);
    if (!nanos.ok()) return Report({kExitUsage, "--timeout: " + nanos.error().message});
    limits.timeout_ns = *nanos;
  }
  std::vector<uint8_t> module_bytes;
  if (from != nullptr) {
    module_bytes = from->module;
  } else {
    Result<std::vector<uint8_t>> bytes = os::ReadFileBytes(o.module);
    if (!bytes.ok()) return Report({kExitNoInput, bytes.error().message});
    module_bytes = std::move(bytes).value();
  }
  Engine engine(config);
  Result<Module> module = Module::Compile(engine, std::move(module_bytes));
  if (!module.ok()) {
    return Report({kExitBadModule, o.module + ": " + std::string(PhaseName(PhaseOf(module.error().code))) + ": " +
                                       module.error().ToString()});
  }

  wasi::WasiOptions wasi_options;
  if (std::optional<Failure> failure = BuildWasiOptions(o, wasi_options, from != nullptr)) return Report(*failure);
  std::vector<std::string> resolved_env = wasi_options.env;
  Result<std::unique_ptr<wasi::WasiCtx>> ctx = MakeError(Errc::kInvalidArgument, "");
  if (from != nullptr) {
    Result<wasi::WasiState> state = wasi::DecodeWasiState(from->wasi_state);
    if (!state.ok()) return Report({kExitBadSnapshot, state.error().ToString()});
    wasi_options.args.clear();  // they come from the state
    wasi_options.env.clear();
    wasi_options.fuel_consumed_before = fuel_before;
    ctx = wasi::WasiCtx::Restore(*state, std::move(wasi_options));
    if (!ctx.ok()) return Report({kExitBadSnapshot, "cannot restore the WASI state: " + ctx.error().ToString()});
    resolved_env = (*ctx)->env();
  } else {
    if (o.deterministic) {
      if (Status made = wasi::MakeDeterministic(det_options, wasi_options); !made.ok()) {
        return Report({kExitUsage, "--deterministic: " + made.error().message});
      }
    }
    ctx = wasi::WasiCtx::Create(std::move(wasi_options));
    if (!ctx.ok()) return Report({kExitNoInput, "--dir: " + ctx.error().message});
  }

  Store store(engine);
  // Fuel for this process: up to the run's limit, or to the suspend point when that is
  // sooner; both count the whole run's fuel, across suspends.
  uint64_t stop_at = o.fuel.value_or(UINT64_MAX);
  bool suspend = o.suspend_after_fuel && *o.suspend_after_fuel < stop_at;
  if (suspend) stop_at = *o.suspend_after_fuel;
  store.SetFuel(stop_at == UINT64_MAX ? UINT64_MAX : stop_at - std::min(stop_at, fuel_before));
  Linker linker;
  wasi::DefinePreview1(linker, store, **ctx, *module);
  Result<Instance> instance = linker.Instantiate(store, *module, {.run_start = from == nullptr});
  if (!instance.ok()) {
    const Error& e = instance.error();
    int code = e.code == Errc::kResourceLimit ? kExitMemoryLimit
               : e.code == Errc::kInstantiateTrap ? kExitTrap
                                                  : kExitLink;
    std::string hint;
    if (e.code == Errc::kUnknownImport) {
      hint = "; Cella provides the functions of " + std::string(wasi::kPreview1Module) + " and nothing else";
    }
    return Report({code, o.module + ": " + e.ToString() + hint});
  }
  snapshot::StateHasher hasher;
  if (from != nullptr) {
    if (Status restored = snapshot::RestoreEngineState(*instance, from->engine); !restored.ok()) {
      return Report({kExitBadSnapshot, restored.error().ToString()});
    }
    // The restored cell must be exactly the one that was suspended.
    Result<std::vector<uint8_t>> wasi_bytes = WasiBytes(**ctx);
    if (!wasi_bytes.ok() || hasher.Root(*instance, {fuel_before, *wasi_bytes}) != from->state_root) {
      return Report({kExitBadSnapshot, "the restored cell does not have the snapshot's state root " +
                                           snapshot::HashHex(from->state_root) + "; refusing to continue"});
    }
  }

  std::optional<Timer> timer;
  if (limits.timeout_ns) timer.emplace(*limits.timeout_ns, store.interrupt_handle(), ctx->get());
  Result<CallOutcome> result = from != nullptr ? store.Resume() : CallEntry(o, *instance);
  bool timed_out = timer && timer->fired();
  timer.reset();
  std::fflush(stdout);
  const uint64_t fuel_total = fuel_before + store.fuel_consumed();
  uint32_t pages = 0;
  if (Result<Memory> memory = instance->GetMemory("memory"); memory.ok()) pages = memory->pages();

  int code;
  if (suspend && result.ok() && result->paused() && result->pause == PauseReason::kOutOfFuel && !timed_out) {
    Status written = Suspend(o, resolved_env, module->bytes(), *instance, **ctx, fuel_total, hasher);
    if (!written.ok()) return Report({kExitIo, "cannot write the snapshot: " + written.error().ToString()});
    std::fprintf(stderr, "cella %s: suspended after %llu units of fuel; the cell is in %s (cella resume %s)\n",
                 g_command, static_cast<unsigned long long>(fuel_total), o.snapshot_path.c_str(),
                 o.snapshot_path.c_str());
    code = kExitSuspended;
  } else {
    code = ExitFor(result, **ctx, timed_out, limits, store);
    bool failed = code != kExitOk && code != kExitTimeout && code != kExitOutOfFuel && code != kExitOutputLimit;
    if (failed) NoteMemoryLimit(limits, pages);
  }
  if (o.stats) {
    if (store.has_paused_call() && code != kExitSuspended) store.AbandonPausedCall();
    std::fprintf(stderr, "cella %s: stats: fuel used %llu, peak memory %u pages (%s), wall time %s, state root %s\n",
                 g_command, static_cast<unsigned long long>(fuel_total), pages,
                 policy::FormatSize(uint64_t{pages} * kPageSize).c_str(),
                 policy::FormatDuration(os::MonotonicNanos() - started).c_str(),
                 RootText(hasher, *instance, **ctx, fuel_total).c_str());
  }
  return code;
}

}  // namespace cella::cli
