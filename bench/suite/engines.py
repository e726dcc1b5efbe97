# bench/suite/engines.py: the engines bench/run compares, and one timed run of a workload
# on one of them. Native and Cella are timed as whole processes (start to exit, as a user
# sees them); node is timed inside the process around wasi.start() by
# bench/node/wasi_run.mjs, so its start-up and wasm compilation (tens of milliseconds)
# are left out and reported separately.
import json
import os
import subprocess
import time
from dataclasses import dataclass

from .prepare import BENCH_DIR

NODE_HARNESS = os.path.join(BENCH_DIR, "node", "wasi_run.mjs")
HUGE_FUEL = 10**18   # "fuel on": metered, with a budget no workload comes near
# node 20.20 (V8 11.3) corrupts its heap when a guest that grows its memory makes many
# WASI calls through V8's fast API calls (fatal errors in the GC or segfaults at exit with
# jq and the Lua table/string scripts); without fast API calls the same runs succeed.
# The flag changes only how JavaScript reaches C++ (node's WASI), not the wasm code.
NODE_FLAGS = ["--no-warnings", "--no-turbo-fast-api-calls"]


@dataclass
class Engine:
    key: str       # short id (file names, JSON)
    label: str     # for tables and the chart
    kind: str      # native | cella | node


def make_engines(no_metering_flag):
    """The five engines, in report order. `no_metering_flag` says whether this cella has
    --no-metering; without it the fuel-off column is a run without --fuel (metering is
    then still on, with an unlimited budget) and is labelled so."""
    off = "cella fuel off" if no_metering_flag else "cella no --fuel (metered)"
    return [
        Engine("native", "native", "native"),
        Engine("cella-fuel", "cella fuel on", "cella"),
        Engine("cella-nofuel", off, "cella"),
        Engine("v8-liftoff", "V8 Liftoff (baseline)", "node"),
        Engine("v8-turbofan", "V8 optimizing", "node"),
    ]


@dataclass
class RunResult:
    seconds: float          # the time that counts (node: inside wasi.start)
    process_seconds: float  # the whole process, start to exit
    exit_code: int
    stdout_path: str
    stderr: str


class Runner:
    def __init__(self, cella, no_metering_flag, root, scratch, programs_dirs, node="node"):
        self.cella = cella
        self.no_metering_flag = no_metering_flag
        self.root = root
        self.scratch = scratch
        self.programs_dirs = programs_dirs  # {"programs": dir, "bench": dir}
        self.node = node
        os.makedirs(scratch, exist_ok=True)

    def binary(self, workload, native):
        base = self.programs_dirs[workload.source]
        if native:
            return os.path.join(base, "native", workload.program)
        return os.path.join(base, "wasm", workload.program + ".wasm")

    def command(self, engine, workload, timing_file):
        """The argv that runs `workload` on `engine`, from the root directory."""
        grants = [(guest, os.path.realpath(os.path.join(self.root, guest)), rw)
                  for guest, rw in workload.dirs]
        if engine.kind == "native":
            return [self.binary(workload, True)] + workload.args
        wasm = self.binary(workload, False)
        if engine.kind == "cella":
            cmd = [self.cella, "run"]
            if engine.key == "cella-fuel":
                cmd += ["--fuel", str(HUGE_FUEL)]
            elif self.no_metering_flag:
                cmd += ["--no-metering"]
            for guest, host, rw in grants:
                cmd += ["--dir", f"{host}::{guest}:{'rw' if rw else 'ro'}"]
            return cmd + [wasm, "--"] + workload.args
        cmd = [self.node] + NODE_FLAGS
        if engine.key == "v8-liftoff":
            cmd.append("--liftoff-only")
        cmd += [NODE_HARNESS, "--timing", timing_file]
        for guest, host, _ in grants:
            cmd += ["--dir", f"{host}::{guest}"]
        return cmd + ["--", wasm] + workload.args

    def run(self, engine, workload):
        for f in workload.fresh:
            try:
                os.remove(os.path.join(self.root, f))
            except FileNotFoundError:
                pass
        timing_file = os.path.join(self.scratch, f"{engine.key}.timing.json")
        stdout_path = os.path.join(self.scratch, f"{engine.key}.stdout")
        if os.path.exists(timing_file):
            os.remove(timing_file)
        cmd = self.command(engine, workload, timing_file)
        stdin = open(os.path.join(self.root, workload.stdin), "rb") if workload.stdin else subprocess.DEVNULL
        try:
            with open(stdout_path if workload.compare_stdout else os.devnull, "wb") as out:
                start = time.perf_counter()
                p = subprocess.run(cmd, cwd=self.root, stdin=stdin, stdout=out, stderr=subprocess.PIPE)
                elapsed = time.perf_counter() - start
        finally:
            if workload.stdin:
                stdin.close()
        stderr = p.stderr.decode(errors="replace")
        seconds = elapsed
        if engine.kind == "node" and p.returncode == 0:
            try:
                with open(timing_file) as f:
                    seconds = json.load(f)["run_ms"] / 1000.0
            except (OSError, ValueError, KeyError):
                return RunResult(elapsed, elapsed, 1, stdout_path, stderr + "\nno timing from wasi_run.mjs")
        return RunResult(seconds, elapsed, p.returncode, stdout_path, stderr)
