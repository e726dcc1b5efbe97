// cli/run_command.cc: `cella run [opts] MODULE.wasm [-- ARGS…]`, a Wasm cell with WASI
// preview1: grants (--dir, --env, stdio, --listen), limits (--fuel, --max-memory,
// --timeout, --max-output), --invoke for non-command modules, --stats (with the state
// root), deterministic mode (--deterministic, --seed, --clock-epoch, --allow-*;
// docs/wasi.md) and --suspend-after-fuel N --snapshot FILE. The run itself is
// cli/cell_run.cc. Exit codes are in cli/exit_codes.h and docs/exit-codes.md.
#include <algorithm>
#include <memory>
#include <string>

#include "cli/cell_run.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace cella::cli {

void RegisterRunCommand(CLI::App& app, CommandContext& context) {
  auto o = std::make_shared<CellOptions>();
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
  run->add_option("--suspend-after-fuel", o->suspend_after_fuel,
                  "Stop exactly when the run has used N units of fuel and write the whole cell to --snapshot")
      ->needs(run->add_option("--snapshot", o->snapshot_path, "FILE to write the suspended cell to (cella resume FILE)"));
  run->add_option("module", o->module, "MODULE.wasm")->required();
  run->add_option("args", o->args, "ARGS… for the guest (after --)");
  run->footer("Exit status: the guest's proc_exit code; " + std::to_string(kExitTrap) + " trap, " +
              std::to_string(kExitOutOfFuel) + " out of fuel, " + std::to_string(kExitMemoryLimit) +
              " memory limit, " + std::to_string(kExitOutputLimit) + " output limit, " +
              std::to_string(kExitTimeout) + " timeout, " + std::to_string(kExitSuspended) +
              " suspended into --snapshot, 128+N proc_raise(N). See docs/exit-codes.md.\n");
  run->callback([o, &context] {
    // Arguments after "--" go to the guest verbatim (CLI11 would split "[a,b]").
    auto run_at = std::find(context.argv.begin(), context.argv.end(), "run");
    auto dashes = std::find(run_at, context.argv.end(), "--");
    if (dashes != context.argv.end()) o->args.assign(dashes + 1, context.argv.end());
    context.exit_code = RunCell(*o, nullptr);
  });
}

}  // namespace cella::cli
