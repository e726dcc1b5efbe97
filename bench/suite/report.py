# bench/suite/report.py: turns bench/run's measurements into the Markdown report and the
# PNG bar chart (gnuplot). Ratios are to native, per workload, of the median (and of the
# minimum) over the rounds; geometric means are over the workloads of a group.
import math
import os
import statistics
import subprocess

from .workloads import COREMARK_PARTS, GROUPS

# performance.md's interpreter targets, shown beside the figures (never asserted).
TARGET_C = 10.0
TARGET_LUA = 8.0
TARGET_WORST = 14.0
TARGET_FUEL = 1.05
TARGET_HELLO = 1.3
TARGET_LOAD_MBS = 100.0
TARGET_PAUSE_US = 10.0


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def fmt_s(seconds):
    if seconds is None:
        return "—"
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.2f}"


def fmt_x(ratio):
    if ratio is None:
        return "—"
    if ratio < 0.01:
        return f"{ratio:.1e}×"
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.1f}×"


class Results:
    """Times per (workload, engine) and what is derived from them."""

    def __init__(self, workloads, engines, times, node_overhead, failures):
        self.workloads = workloads
        self.engines = engines
        self.times = times                  # {(wl, eng): [s, ...]}
        self.node_overhead = node_overhead  # {(wl, eng): [s, ...]} process minus run, node only
        self.failures = failures            # {(wl, eng): message}

    def stat(self, wl, eng, how):
        t = self.times.get((wl, eng))
        if not t or (wl, eng) in self.failures:
            return None
        return min(t) if how == "min" else statistics.median(t)

    def ratio(self, wl, eng, base="native", how="median"):
        a, b = self.stat(wl, eng, how), self.stat(wl, base, how)
        return a / b if a is not None and b else None

    def group_geomean(self, eng, group=None, base="native", how="median"):
        return geomean([self.ratio(w.name, eng, base, how) for w in self.workloads
                        if group is None or w.group == group])

    def coremark_geomean(self, eng, base="native", how="median"):
        """Over COREMARK_PARTS; None unless every one of them has a ratio."""
        ratios = [self.ratio(name, eng, base, how) for name in COREMARK_PARTS]
        return geomean(ratios) if all(ratios) else None

    def worst(self, eng):
        pairs = [(self.ratio(w.name, eng), w.name) for w in self.workloads]
        pairs = [p for p in pairs if p[0] is not None]
        return max(pairs) if pairs else (None, None)


def markdown(info, meta, res, hello, cbench, png_name):
    e = {x.key: x for x in res.engines}
    keys = [x.key for x in res.engines]
    cella_keys = [k for k in ("cella-fuel", "cella-nofuel") if k in keys]
    others = [k for k in keys if k != "native"]
    L = []
    L.append(f"# Cella benchmark suite — {meta['mode']} run, {meta['date']}\n")
    for w in info["cella"]["warnings"]:
        L.append(f"> **Warning: {w}; these figures are not representative.**\n")
    if not meta["no_metering_flag"]:
        L.append("> **Note:** this cella has no `--no-metering` yet, so the fuel-off column is "
                 "`cella run` without `--fuel`: metering stays on with an unlimited budget, and "
                 "fuel on/off only shows run-to-run noise.\n")
    L.append("## Machine and builds\n")
    L.append(f"- machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, Linux "
             f"{info['kernel']}; load average {info['load_at_start']} at start, {meta['load_at_end']} at end")
    c = info["cella"]
    L.append(f"- cella: `{c['path']}` at {info['revision']}; {c['compiler']}; "
             f"CMAKE_BUILD_TYPE={c['build_type']}, flags `{c['flags']}`, sanitizers "
             f"{'ON' if c['sanitize'] else 'off'}")
    L.append(f"- guests: {info['guest_cc']}; native `{info['native_flags']}`; wasm "
             f"`{info['wasm_cc']} {info['wasm_flags']}` (tools/wasi-programs)")
    progs = ", ".join(f"{k} ({v})" for k, v in sorted(info["programs"].items()))
    L.append(f"- programs from Debian sources: {progs}")
    L.append(f"- node {info['node']} (V8 {info['v8']}): `--liftoff-only` for the baseline "
             "compiler, default flags for the optimizing tiers; node:wasi preview1")
    L.append(f"- {meta['rounds']} interleaved round(s): each round runs every workload on every "
             "engine, rotating the order of both; min and median over the rounds. The suite "
             f"took {meta['duration_min']:.1f} min.\n")

    L.append("## Ratios to native (median of rounds; by minimum in brackets)\n")
    head = ["workload"] + [f"{e[k].label} / native" for k in others]
    if len(cella_keys) == 2:
        head.append("fuel on / fuel off")
    L.append("| " + " | ".join(head) + " |")
    L.append("|" + "---|" * len(head))

    def ratio_cell(wl, k, base="native"):
        if (wl, k) in res.failures:
            return "FAILED"
        return f"{fmt_x(res.ratio(wl, k, base))} ({fmt_x(res.ratio(wl, k, base, 'min'))})"

    for w in res.workloads:
        row = [w.name] + [ratio_cell(w.name, k) for k in others]
        if len(cella_keys) == 2:
            row.append(ratio_cell(w.name, "cella-fuel", "cella-nofuel"))
        L.append("| " + " | ".join(row) + " |")
    for group in list(GROUPS) + [None]:
        label = f"**geometric mean, {group}**" if group else "**geometric mean, all**"
        row = [label] + [f"**{fmt_x(res.group_geomean(k, group))}** ({fmt_x(res.group_geomean(k, group, how='min'))})"
                         for k in others]
        if len(cella_keys) == 2:
            row.append(f"**{fmt_x(res.group_geomean('cella-fuel', group, 'cella-nofuel'))}**")
        L.append("| " + " | ".join(row) + " |")
        if group == GROUPS[0] and any(res.coremark_geomean(k) is not None for k in others):
            row = [f"geometric mean, CoreMark parts ({', '.join(COREMARK_PARTS)})"]
            row += [f"{fmt_x(res.coremark_geomean(k))} ({fmt_x(res.coremark_geomean(k, how='min'))})" for k in others]
            if len(cella_keys) == 2:
                row.append(fmt_x(res.coremark_geomean("cella-fuel", "cella-nofuel")))
            L.append("| " + " | ".join(row) + " |")
    row = ["worst case"]
    for k in others:
        r, name = res.worst(k)
        row.append(f"{fmt_x(r)} {name}" if name else "—")
    if len(cella_keys) == 2:
        pairs = [(res.ratio(w.name, "cella-fuel", "cella-nofuel"), w.name) for w in res.workloads]
        pairs = [p for p in pairs if p[0] is not None]
        row.append(f"{fmt_x(max(pairs)[0])} {max(pairs)[1]}" if pairs else "—")
    L.append("| " + " | ".join(row) + " |")
    L.append("")
    if png_name:
        L.append(f"![ratios to native]({png_name})\n")

    L.append("## Times in seconds (min / median of rounds)\n")
    L.append("| workload | what | " + " | ".join(e[k].label for k in keys) + " |")
    L.append("|---|---|" + "---|" * len(keys))
    for w in res.workloads:
        cells = []
        for k in keys:
            if (w.name, k) in res.failures:
                cells.append("FAILED")
            else:
                cells.append(f"{fmt_s(res.stat(w.name, k, 'min'))} / {fmt_s(res.stat(w.name, k, 'median'))}")
        L.append(f"| {w.name} | {w.what} | " + " | ".join(cells) + " |")
    L.append("")
    node_keys = [k for k in keys if e[k].kind == "node"]
    if node_keys:
        L.append("Node's times are measured inside the process around `wasi.start()` "
                 "(bench/node/wasi_run.mjs); left out of them, per run (median over workloads "
                 "and rounds): " + "; ".join(
                     f"{e[k].label} {1e3 * statistics.median(sum((v for (w, kk), v in res.node_overhead.items() if kk == k), [])):.0f} ms"
                     for k in node_keys if any(kk == k for (_, kk) in res.node_overhead))
                 + " of process start, module compilation and instantiation. Native and Cella "
                 "are timed as whole processes, start to exit.\n")

    if res.failures:
        L.append("## Failures\n")
        for (wl, k), msg in sorted(res.failures.items()):
            L.append(f"- {wl} on {e[k].label}: {msg}")
        L.append("")

    if hello:
        L.append("## Hello world, process start to exit (hyperfine -N)\n")
        L.append("| command | min | median | runs | ratio to native (median) |")
        L.append("|---|---|---|---|---|")
        base = hello["results"]["native"]["median"]
        for label, r in hello["results"].items():
            L.append(f"| `{hello['commands'][label]}` | {r['min'] * 1e3:.2f} ms | {r['median'] * 1e3:.2f} ms | "
                     f"{r['runs']} | {r['median'] / base:.2f}× |")
        L.append("")
    if cbench:
        L.append("## Module load and pause latency (bench/cella_bench, Google Benchmark)\n")
        L.append("| module | size | decode + validate + prepare | MB/s (10^6 bytes) "
                 "| compiling every function at load | MB/s |")
        L.append("|---|---|---|---|---|---|")
        eager = cbench.get("compile_eager", {})
        for module, size, mbs, ms in cbench["compile"]:
            e_mbs, e_ms = eager.get(module, (None, None))
            e_cells = f"{e_ms:.1f} ms | {e_mbs:.1f}" if e_mbs else "– | –"
            L.append(f"| {module} | {size / 1e6:.2f} MB | {ms:.1f} ms | {mbs:.1f} | {e_cells} |")
        L.append("")
        L.append("Loading a large module validates every function; a function is compiled on its "
                 "first call (`EngineConfig::compilation`, default `kAuto`). The last two columns load "
                 "with `Compilation::kAtLoad`: every function compiled before `Module::Compile` returns.\n")
        L.append("| benchmark | time per iteration |")
        L.append("|---|---|")
        for name, us in cbench["pause"]:
            L.append(f"| {name} | {us:.2f} µs |")
        L.append("")
        L.append("`BM_CallPauseInspect`: `SetFuel(fuel)`, `Call` → paused at the fuel point, "
                 "`PausedFrames`, `AbandonPausedCall`, with `depth` wasm frames below the hot loop. "
                 "`BM_ResumePauseInspect`: `AddFuel(fuel)`, `Resume` → paused, `PausedFrames` on one "
                 "long call (time slicing). `BM_InspectOnly`: `PausedFrames` alone. "
                 + ("Median of 5 repetitions." if meta["mode"] == "full" else "One short repetition.") + "\n")

    snap_rows = []
    if cbench and cbench.get("snapshot"):
        from .extras import snapshot_ratios
        snap_rows = snapshot_ratios(cbench["snapshot"])
        L.append("## State root and snapshots (bench/snapshot_bench.cc)\n")
        L.append("| measured | time | baseline | time | ratio | target |")
        L.append("|---|---|---|---|---|---|")
        for label, us, base_label, base_us, ratio, target in snap_rows:
            L.append(f"| {label} | {us / 1e3:.3f} ms | {base_label} | {base_us / 1e3:.3f} ms | {fmt_x(ratio)} | "
                     + (f"≤ {target:g}×" if target else "—") + " |")
        L.append("")
        L.append("State root: `StateHasher::Root` after N pages spread over a 2 GiB memory were "
                 "written (every page hashed once before), against `PageTree::LeafOf` of the same N "
                 "pages. Write: `CaptureEngineState` + `EncodeSnapshot` (zstd level 1, SHA-256 of the "
                 "payload) of a 64 MiB instance whose pages hold heap-like data (about 2:1 for zstd), "
                 "against `ZSTD_compress` level 1 of those bytes. Restore: instantiate + "
                 "`RestoreEngineState` of the decoded snapshot, against `memcpy` of 64 MiB between warm "
                 "buffers — mode 1 maps the memory image copy-on-write (what `cella resume` does; the "
                 "target), mode 0 copies the pages in, mode 2 is mode 1 then a read of every page (the "
                 "faults a lazy restore defers); decode (checksum, decompress, parse, make the memory "
                 "image) is shown for reference. "
                 + ("Median of 5 repetitions." if meta["mode"] == "full" else "One short repetition.") + "\n")

    L.append("## Against the targets (docs: ../shared/design/performance.md; informational)\n")
    L.append("| target | measured | |")
    L.append("|---|---|---|")

    def target_row(what, value, target, fmt, lower_is_better=True):
        if value is None:
            L.append(f"| {what} | — | |")
            return
        ok = value <= target if lower_is_better else value >= target
        L.append(f"| {what} | {fmt(value)} | {'met' if ok else 'not met'} |")

    if "cella-fuel" in keys:
        target_row(f"C kernels, geomean, fuel on ≤ {TARGET_C:g}×", res.group_geomean("cella-fuel", GROUPS[0]), TARGET_C, fmt_x)
        target_row(f"CoreMark parts ({', '.join(COREMARK_PARTS)}), geomean, fuel on ≤ {TARGET_C:g}×",
                   res.coremark_geomean("cella-fuel"), TARGET_C, fmt_x)
        target_row(f"Lua, geomean, fuel on ≤ {TARGET_LUA:g}×", res.group_geomean("cella-fuel", GROUPS[1]), TARGET_LUA, fmt_x)
        target_row(f"every workload, fuel on ≤ {TARGET_WORST:g}× (worst: {res.worst('cella-fuel')[1]})",
                   res.worst("cella-fuel")[0], TARGET_WORST, fmt_x)
    if len(cella_keys) == 2 and meta["no_metering_flag"]:
        target_row("fuel on / fuel off ≤ 1.05×, geomean", res.group_geomean("cella-fuel", None, "cella-nofuel"),
                   TARGET_FUEL, fmt_x)
    if hello:
        r = hello["results"]
        target_row("`cella run hello.wasm` ≤ 1.3× native hello, median", r["cella run"]["median"] / r["native"]["median"],
                   TARGET_HELLO, fmt_x)
    if cbench and cbench["compile"]:
        big = [row for row in cbench["compile"] if row[1] >= 1_000_000] or cbench["compile"]
        worst = min(big, key=lambda row: row[2])
        target_row(f"decode + validate + prepare ≥ 100 MB/s (slowest ≥ 1 MB module: {worst[0]})", worst[2],
                   TARGET_LOAD_MBS, lambda v: f"{v:.1f} MB/s", lower_is_better=False)
    if cbench:
        pause = dict(cbench["pause"])
        from .extras import PAUSE_HEADLINE
        if PAUSE_HEADLINE in pause:
            target_row("pause at a fuel point + inspect ≤ 10 µs (`" + PAUSE_HEADLINE + "`)", pause[PAUSE_HEADLINE],
                       TARGET_PAUSE_US, lambda v: f"{v:.2f} µs")
    roots = [row for row in snap_rows if row[0].startswith("state root")]
    if roots:
        worst = max(roots, key=lambda row: row[4])
        target_row(f"state root ≤ 1.2× hashing the dirty pages alone (worst: {worst[0]})", worst[4], 1.2, fmt_x)
    for label, _, _, _, ratio, target in snap_rows:
        if label == "BM_SnapshotWrite":
            target_row("snapshot write, 64 MiB ≤ 2× zstd level 1 of the same bytes", ratio, target, fmt_x)
        elif label == "BM_SnapshotRestore/mode:1":
            target_row("snapshot restore, 64 MiB ≤ 0.2× memcpy of 64 MiB", ratio, target, fmt_x)
    L.append("")
    return "\n".join(L)


def chart(res, info, meta, path_png, work):
    """A clustered bar chart of ratios to native (log scale), per workload and geometric
    means, one bar per engine. Needs gnuplot (gnuplot-nox)."""
    others = [x for x in res.engines if x.key != "native"]
    rows = [(w.name, [res.ratio(w.name, x.key) for x in others]) for w in res.workloads]
    for group in GROUPS:
        rows.append((f"geomean {group}", [res.group_geomean(x.key, group) for x in others]))
    rows.append(("geomean all", [res.group_geomean(x.key) for x in others]))
    data = os.path.join(work, "chart.tsv")
    with open(data, "w") as f:
        f.write("workload\t" + "\t".join(f'"{x.label}"' for x in others) + "\n")
        for name, ratios in rows:
            f.write(f'"{name}"\t' + "\t".join(f"{r:.4f}" if r else "NaN" for r in ratios) + "\n")
    top = max([r for _, rs in rows for r in rs if r] + [TARGET_WORST * 1.5])
    title = (f"Cella {meta['mode']} run {meta['date']}: time / native (median of {meta['rounds']}), "
             f"{info['cpu']}, {info['cores']} cores")
    if info["cella"]["warnings"]:
        title += " — WARNING: " + "; ".join(info["cella"]["warnings"])
    plots = ", ".join(f"'{data}' using {i + 2}{':xtic(1)' if i == 0 else ''} title columnheader({i + 2})"
                      for i in range(len(others)))
    script = f"""
set terminal pngcairo size 1600,820 font "sans,10" noenhanced
set output '{path_png}'
set title "{title.replace('"', "'")}"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [0.5:{top * 1.2:.1f}]
set ylabel "time / native time (log scale; native = 1)"
set xtics rotate by -40 scale 0 font ",9"
set grid ytics
set key outside top center horizontal
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
set arrow from graph 0, first {TARGET_WORST} to graph 1, first {TARGET_WORST} nohead dt 2 lc rgb "red"
set style textbox opaque noborder
set label "target: every workload ≤ {TARGET_WORST:g}× (fuel on)" at graph 0.995, first {TARGET_WORST * 1.1} right front boxed tc rgb "red"
plot {plots}
"""
    p = subprocess.run(["gnuplot"], input=script, capture_output=True, text=True)
    if p.returncode != 0 or not os.path.exists(path_png):
        raise RuntimeError(f"gnuplot failed: {p.stderr.strip()}")
