// cli/run_command.cc: `cella run [opts] MODULE.wasm [-- ARGS…]`, a Wasm cell with WASI
// preview1: grants (--dir, --env, stdio, --listen), limits (--fuel, --max-memory,
// --timeout, --max-output), --invoke for non-command modules, --stats, and deterministic
// mode (--deterministic, --seed, --clock-epoch, --allow-*; docs/wasi.md). Exit codes are
// in cli/exit_codes.h and docs/exit-codes.md.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cella/cella.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "os/clock.h"
#include "os/directory.h"
#include "os/file_io.h"
#include "os/socket.h"
#include "policy/units.h"
#include "wasi/deterministic.h"
#include "wasi/preview1.h"
#include "wasi/wasi_ctx.h"

namespace cella::cli {
namespace {

constexpr uint64_t kPageSize = 65536;

struct RunOptions {
  std::string module;
  std::vector<std::string> args;  // after --
  std::vector<std::string> dirs;
  std::vector<std::string> env;
  std::string stdin_file, stdout_file, stderr_file;
  bool no_stdio = false;
  std::vector<std::string> listen;
  std::optional<uint64_t> fuel;
  std::string max_memory, timeout, max_output;
  bool stats = false;
  bool no_metering = false;
  std::string invoke;
  bool deterministic = false;
  std::string seed, clock_epoch;
  bool allow_real_clock = false, allow_real_random = false, allow_sockets = false;
};

// A failure before the guest runs: the message and the exit code.
struct Failure {
  int code;
  std::string message;
};

int Report(const Failure& failure) {
  std::fprintf(stderr, "cella run: %s\n", failure.message.c_str());
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
Result<os::UniqueFd> StdioFd(int own, const std::string& file, bool write, bool closed) {
  if (!file.empty()) return os::OpenStreamFile(file, write);
  if (closed) return os::UniqueFd();
  int fd = ::fcntl(own, F_DUPFD_CLOEXEC, 3);
  return os::UniqueFd(fd);  // invalid when cella itself was started without it
}

std::optional<Failure> BuildWasiOptions(const RunOptions& o, wasi::WasiOptions& w) {
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
    Result<os::UniqueFd> fd = StdioFd(s.own, s.file, s.write, o.no_stdio);
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
Result<CallOutcome> CallEntry(const RunOptions& o, const Instance& instance) {
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
Result<wasi::DeterministicOptions> DeterministicFlags(const RunOptions& o) {
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
      std::fprintf(stderr, "cella run: the guest exited with %u, which a process status cannot carry; exiting 255\n",
                   status);
      return 255;
    }
    return static_cast<int>(status);
  }
  if (ctx.output_limit_reached()) {
    return Report({kExitOutputLimit, "output limit: the guest wrote more than --max-output " +
                                         std::to_string(*ctx.max_output_bytes()) + " bytes to stdout and stderr"});
  }
  if (std::optional<uint32_t> signal = ctx.raised_signal()) {
    std::fprintf(stderr, "cella run: %s\n", trap.ToString().c_str());
    return 128 + static_cast<int>(*signal);
  }
  std::fprintf(stderr, "cella run: trap: %s: %s\n", std::string(TrapName(trap.kind)).c_str(), trap.ToString().c_str());
  return kExitTrap;
}

// When a run failed under --max-memory, names the limit: a memory.grow it refused is the
// usual cause of an allocation failure that ends in a trap or an error exit.
void NoteMemoryLimit(const RunLimits& limits, uint32_t pages) {
  if (!limits.memory_pages) return;
  std::fprintf(stderr,
               "cella run: note: --max-memory allows %u pages (%s); the memory reached %u pages. A memory.grow "
               "refused by that limit makes allocations fail; raise --max-memory if that is the cause\n",
               *limits.memory_pages, policy::FormatSize(uint64_t{*limits.memory_pages} * kPageSize).c_str(), pages);
}

int RunModule(const RunOptions& o) {
  ::signal(SIGPIPE, SIG_IGN);  // a closed pipe is EPIPE for the guest, not the end of cella
  int64_t started = os::MonotonicNanos();
  RunLimits limits;
  EngineConfig config;
  if (o.no_metering && o.fuel) return Report({kExitUsage, "--fuel and --no-metering cannot be combined"});
  config.metering = !o.no_metering;
  Result<wasi::DeterministicOptions> det = DeterministicFlags(o);
  if (!det.ok()) return Report({kExitUsage, det.error().message});
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
  Result<std::string> bytes = os::ReadFile(o.module);
  if (!bytes.ok()) return Report({kExitNoInput, bytes.error().message});
  Engine engine(config);
  Result<Module> module = Module::Compile(
      engine, {reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()});
  if (!module.ok()) {
    return Report({kExitBadModule, o.module + ": " + std::string(PhaseName(PhaseOf(module.error().code))) + ": " +
                                       module.error().ToString()});
  }

  wasi::WasiOptions wasi_options;
  if (std::optional<Failure> failure = BuildWasiOptions(o, wasi_options)) return Report(*failure);
  if (o.deterministic) {
    if (Status made = wasi::MakeDeterministic(*det, wasi_options); !made.ok()) {
      return Report({kExitUsage, "--deterministic: " + made.error().message});
    }
  }
  Result<std::unique_ptr<wasi::WasiCtx>> ctx = wasi::WasiCtx::Create(std::move(wasi_options));
  if (!ctx.ok()) return Report({kExitNoInput, "--dir: " + ctx.error().message});

  Store store(engine);
  store.SetFuel(o.fuel.value_or(UINT64_MAX));
  Linker linker;
  wasi::DefinePreview1(linker, store, **ctx);
  Result<Instance> instance = linker.Instantiate(store, *module);
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

  std::optional<Timer> timer;
  if (limits.timeout_ns) timer.emplace(*limits.timeout_ns, store.interrupt_handle(), ctx->get());
  Result<CallOutcome> result = CallEntry(o, *instance);
  bool timed_out = timer && timer->fired();
  timer.reset();
  std::fflush(stdout);
  uint32_t pages = 0;
  if (Result<Memory> memory = instance->GetMemory("memory"); memory.ok()) pages = memory->pages();
  int code = ExitFor(result, **ctx, timed_out, limits, store);
  bool failed = code != kExitOk && code != kExitTimeout && code != kExitOutOfFuel && code != kExitOutputLimit;
  if (failed) NoteMemoryLimit(limits, pages);
  if (o.stats) {
    std::fprintf(stderr, "cella run: stats: fuel used %llu, peak memory %u pages (%s), wall time %s\n",
                 static_cast<unsigned long long>(store.fuel_consumed()), pages,
                 policy::FormatSize(uint64_t{pages} * kPageSize).c_str(),
                 policy::FormatDuration(os::MonotonicNanos() - started).c_str());
  }
  return code;
}

}  // namespace

void RegisterRunCommand(CLI::App& app, CommandContext& context) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand("run", "Run a WebAssembly module with WASI preview1, granted exactly what the "
                                            "flags say (nothing by default but stdio)");
  run->add_option("--dir", o->dirs, "Grant HOST[::GUEST][:ro|:rw] (read-only unless :rw)")->allow_extra_args(false);
  run->add_option("--env", o->env, "Set KEY=VALUE, or pass host variable KEY")->allow_extra_args(false);
  run->add_option("--stdin", o->stdin_file, "Read stdin from FILE");
  run->add_option("--stdout", o->stdout_file, "Write stdout to FILE (created or truncated)");
  run->add_option("--stderr", o->stderr_file, "Write stderr to FILE (created or truncated)");
  run->add_flag("--no-stdio", o->no_stdio,
                "Grant no stdio (fds 0-2 closed) except what --stdin/--stdout/--stderr give");
  run->add_option("--listen", o->listen, "Grant a listening TCP socket on ADDR:PORT for sock_accept")
      ->allow_extra_args(false);
  run->add_option("--fuel", o->fuel, "Stop after N units of fuel (docs/fuel.md)");
  run->add_option("--max-memory", o->max_memory, "Largest linear memory, e.g. 256M (rounded down to 64 KiB pages)");
  run->add_option("--timeout", o->timeout, "Wall-clock limit, e.g. 5s");
  run->add_option("--max-output", o->max_output, "Bytes the guest may write to stdout and stderr together, e.g. 1M");
  run->add_flag("--no-metering", o->no_metering,
                "Compile without fuel charges (fuel is then neither counted nor limited; --timeout still works)");
  run->add_flag("--stats", o->stats, "Print fuel used, peak memory and wall time on stderr");
  run->add_option("--invoke", o->invoke, "Call export FUNC (arguments after --) instead of _start; prints results");
  run->add_flag("--deterministic", o->deterministic,
                "Make everything the guest sees a function of its inputs: virtual clocks driven by fuel, seeded "
                "random, sorted listings, virtual inodes and times, canonical NaNs (docs/wasi.md)");
  run->add_option("--seed", o->seed, "With --deterministic: random_get's ChaCha20 key, up to 32 bytes in hex");
  run->add_option("--clock-epoch", o->clock_epoch,
                  "With --deterministic: realtime at start, e.g. 2000-01-01T00:00:00Z (the default) or seconds");
  run->add_flag("--allow-real-clock", o->allow_real_clock, "With --deterministic: the host's clocks (not deterministic)");
  run->add_flag("--allow-real-random", o->allow_real_random,
                "With --deterministic: the host's entropy for random_get (not deterministic)");
  run->add_flag("--allow-sockets", o->allow_sockets, "With --deterministic: permit --listen (not deterministic)");
  run->add_option("module", o->module, "MODULE.wasm")->required();
  run->add_option("args", o->args, "ARGS… for the guest (after --)");
  run->footer("Exit status: the guest's proc_exit code; " + std::to_string(kExitTrap) + " trap, " +
              std::to_string(kExitOutOfFuel) + " out of fuel, " + std::to_string(kExitMemoryLimit) +
              " memory limit, " + std::to_string(kExitOutputLimit) + " output limit, " +
              std::to_string(kExitTimeout) + " timeout, 128+N proc_raise(N). See docs/exit-codes.md.\n");
  run->callback([o, &context] {
    // Arguments after "--" go to the guest verbatim (CLI11 would split "[a,b]").
    auto run_at = std::find(context.argv.begin(), context.argv.end(), "run");
    auto dashes = std::find(run_at, context.argv.end(), "--");
    if (dashes != context.argv.end()) o->args.assign(dashes + 1, context.argv.end());
    context.exit_code = RunModule(*o);
  });
}

}  // namespace cella::cli
