# bench/suite/extras.py: the measurements besides the workload table. Process start to
# exit of hello world (native, `cella run`, node) with hyperfine, side by side in
# interleaved rounds; and cella_bench (Google Benchmark): Module::Compile throughput on
# large real modules, pause-at-a-fuel-point + inspect latency, and the state root and
# snapshot benchmarks next to their baselines.
import json
import os
import statistics
import subprocess

from .engines import NODE_FLAGS, NODE_HARNESS

# cella_bench results the report shows, by benchmark name prefix.
COMPILE_PREFIX = "BM_Compile/"
EAGER_PREFIX = "BM_CompileEager/"
PAUSE_HEADLINE = "BM_CallPauseInspect/depth:8/fuel:1000"
# State root and snapshot benchmarks (bench/snapshot_bench.cc), manually timed.
SNAPSHOT_PREFIXES = ("BM_StateRoot", "BM_HashPagesOnly", "BM_Snapshot", "BM_Zstd1Only", "BM_Memcpy")
ROOT_PAGES = (1, 64, 1024, 16384)


def hello_start(cella, no_metering_flag, bench_programs, work, quick, log, node="node"):
    """hyperfine -N of each hello command; returns {label: {"min", "median", "times"}} in
    seconds and the commands."""
    native = os.path.join(bench_programs, "native", "hello")
    wasm = os.path.join(bench_programs, "wasm", "hello.wasm")
    commands = [
        ("native", [native]),
        ("cella run", [cella, "run", wasm]),
        ("node (V8 Liftoff)", [node] + NODE_FLAGS + ["--liftoff-only", NODE_HARNESS, "--", wasm]),
        ("node (V8 default)", [node] + NODE_FLAGS + [NODE_HARNESS, "--", wasm]),
    ]
    if no_metering_flag:
        commands.insert(2, ("cella run --no-metering", [cella, "run", "--no-metering", wasm]))
    rounds, runs, node_runs = (1, 10, 3) if quick else (3, 40, 10)
    times = {label: [] for label, _ in commands}
    for r in range(rounds):
        shift = r % len(commands)
        for label, argv in commands[shift:] + commands[:shift]:
            n = node_runs if label.startswith("node") else runs
            out = os.path.join(work, "hello.json")
            cmd = ["hyperfine", "-N", "--style", "none", "--warmup", "3" if not quick else "1",
                   "--runs", str(n), "--export-json", out, " ".join(_quote(a) for a in argv)]
            p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"hyperfine failed for {label}: {p.stderr.strip()}")
            with open(out) as f:
                times[label] += json.load(f)["results"][0]["times"]
        log(f"hello world: round {r + 1}/{rounds} done")
    result = {label: {"min": min(t), "median": statistics.median(t), "runs": len(t)}
              for label, t in times.items()}
    return result, {label: " ".join(argv) for label, argv in commands}


def _quote(arg):
    return "'" + arg.replace("'", "'\\''") + "'" if any(c in arg for c in " '\"$\\") else arg


def cella_bench(binary, modules, work, quick, log):
    """Runs cella_bench; returns {"compile": [(module, bytes, MB/s, ms)],
    "compile_eager": {module: (MB/s, ms)}, "pause": [(name, us)],
    "snapshot": {name: us}, "context": {...}}."""
    out = os.path.join(work, "cella_bench.json")
    cmd = [binary] + [f"--module={m}" for m in modules] + [
        "--benchmark_out=" + out, "--benchmark_out_format=json",
        "--benchmark_min_time=" + ("0.01" if quick else "0.5")]
    if not quick:
        cmd += ["--benchmark_repetitions=5", "--benchmark_report_aggregates_only=true"]
    log("cella_bench: " + " ".join(cmd))
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"cella_bench failed ({p.returncode}): {p.stderr.strip()}")
    with open(out) as f:
        data = json.load(f)
    picked = {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            raise RuntimeError(f"cella_bench: {b['name']}: {b.get('error_message')}")
        name = b.get("run_name", b["name"]).replace("/manual_time", "")
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") != "median":
                continue
        picked[name] = b
    compile_rows, eager, pause_rows, snapshot = [], {}, [], {}
    for name, b in picked.items():
        scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}[b.get("time_unit", "ns")]
        us = b["real_time"] * scale
        # MB/s from wall-clock time (bytes per µs): Google Benchmark's own bytes_per_second
        # divides by the main thread's CPU time, which leaves out the compile threads.
        if name.startswith(COMPILE_PREFIX):
            size = b.get("module_bytes", 0)
            compile_rows.append((name[len(COMPILE_PREFIX):], int(size), size / us, us / 1e3))
        elif name.startswith(EAGER_PREFIX):
            eager[name[len(EAGER_PREFIX):]] = (b.get("module_bytes", 0) / us, us / 1e3)
        elif name.startswith(SNAPSHOT_PREFIXES):
            snapshot[name] = us
        else:
            pause_rows.append((name, us))
    return {"compile": compile_rows, "compile_eager": eager, "pause": pause_rows, "snapshot": snapshot,
            "context": data.get("context", {})}


def snapshot_ratios(snapshot):
    """The ratios performance.md sets targets for, from cella_bench's snapshot figures:
    [(label, measured us, baseline label, baseline us, ratio, target)]."""
    rows = []
    for n in ROOT_PAGES:
        root, alone = snapshot.get(f"BM_StateRoot/pages:{n}"), snapshot.get(f"BM_HashPagesOnly/pages:{n}")
        if root and alone:
            rows.append((f"state root, {n} dirty page{'s' if n > 1 else ''} of 32768", root,
                         f"SHA-256 of the {n} page{'s' if n > 1 else ''} alone",
                         alone, root / alone, 1.2))
    for name, base, base_label, target in (
            ("BM_SnapshotWrite", "BM_Zstd1Only", "zstd level 1 of the 64 MiB", 2.0),
            ("BM_SnapshotRestore/mode:1", "BM_Memcpy64MiB", "memcpy of 64 MiB", 0.2),
            ("BM_SnapshotRestore/mode:0", "BM_Memcpy64MiB", "memcpy of 64 MiB", None),
            ("BM_SnapshotRestore/mode:2", "BM_Memcpy64MiB", "memcpy of 64 MiB", None),
            ("BM_SnapshotDecode", "BM_Memcpy64MiB", "memcpy of 64 MiB", None)):
        if snapshot.get(name) and snapshot.get(base):
            rows.append((name, snapshot[name], base_label, snapshot[base], snapshot[name] / snapshot[base], target))
    return rows
