# bench/suite/prepare.py: what bench/run needs before it times anything. Builds the C
# kernels and hello world natively and for wasm32-wasi with the toolchain of
# tools/wasi-programs (same clang, same -O2), generates the input data, and lays out the
# root directory every engine runs in. Everything is cached under the work directory,
# keyed by a hash of what shapes it.
import hashlib
import itertools
import json
import os
import random
import shutil
import subprocess

from . import workloads as wl

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(BENCH_DIR)


class SetupError(Exception):
    """A missing prerequisite; the message says how to get it."""


def _hash(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def toolchain_env(variant):
    """The CC/CFLAGS/LDFLAGS/LIBS tools/wasi-programs uses for `variant` (native|wasm)."""
    script = os.path.join(REPO_DIR, "tools", "wasi-programs", "build")
    cmd = f'eval "$("{script}" --env {variant})" && printf "%s\\0" "$CC" "$CFLAGS" "$LDFLAGS" "$LIBS" "$EXE"'
    r = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    if r.returncode != 0:
        raise SetupError(f"tools/wasi-programs/build --env {variant} failed: {r.stderr.strip()}")
    cc, cflags, ldflags, libs, exe = r.stdout.split("\0")[:5]
    return {"CC": cc, "CFLAGS": cflags, "LDFLAGS": ldflags, "LIBS": libs, "EXE": exe}


def build_bench_programs(work, log):
    """Builds bench/kernels and bench/hello both ways; returns the programs directory
    (native/NAME, wasm/NAME.wasm) and the toolchain used."""
    envs = {v: toolchain_env(v) for v in ("native", "wasm")}
    sources = {
        "kernels": sorted(os.path.join(BENCH_DIR, "kernels", f)
                          for f in os.listdir(os.path.join(BENCH_DIR, "kernels")) if f.endswith(".c")),
        "hello": [os.path.join(BENCH_DIR, "hello", "hello.c")],
    }
    headers = [os.path.join(BENCH_DIR, "kernels", "kernels.h")]
    clang_version = subprocess.run(envs["native"]["CC"].split()[0:1] + ["--version"],
                                   capture_output=True, text=True).stdout
    content = b"".join(open(f, "rb").read() for f in sorted(sum(sources.values(), [])) + headers)
    key = _hash(content, json.dumps(envs, sort_keys=True), clang_version, "kernels-simd -msimd128")
    out = os.path.join(work, "programs", key)
    if os.path.exists(os.path.join(out, "done")):
        return out, envs
    log(f"building bench/kernels and bench/hello (native and wasm32-wasi) into {out}")
    shutil.rmtree(out, ignore_errors=True)
    # kernels-simd: the kernels again, for wasm with -msimd128 (wasm SIMD); natively the
    # same build as kernels.
    builds = [(name, files, "") for name, files in sources.items()]
    builds.append(("kernels-simd", sources["kernels"], "-msimd128"))
    for variant, env in envs.items():
        os.makedirs(os.path.join(out, variant), exist_ok=True)
        for name, files, wasm_flags in builds:
            target = os.path.join(out, variant, name + env["EXE"])
            extra = wasm_flags if variant == "wasm" else ""
            cmd = (f'{env["CC"]} {env["CFLAGS"]} {extra} -Wall -Wextra {env["LDFLAGS"]} -o "{target}" '
                   + " ".join(f'"{f}"' for f in files) + f' {env["LIBS"]} -lm')
            r = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
            if r.returncode != 0:
                raise SetupError(f"building {name} ({variant}) failed:\n{cmd}\n{r.stderr.strip()}\n"
                                 "(the wasm toolchain comes from tools/wasi-programs/build: run it first)")
    open(os.path.join(out, "done"), "w").close()
    return out, envs


# ---- input data ----

def _write_corpus(path, size):
    """Pseudo-English text: 20,000 made-up words with Zipf frequencies, sentences and
    paragraphs, a few numbers. Deterministic (fixed seed)."""
    rng = random.Random(20261123)
    syllables = ["ka", "to", "ri", "mo", "ne", "sa", "lu", "vi", "der", "ban", "tor", "qu", "el",
                 "an", "is", "ur", "op", "ex", "ly", "ing", "tion", "st", "pr", "ch", "ph"]
    words = set()
    while len(words) < 20000:
        words.add("".join(rng.choice(syllables) for _ in range(rng.choice([1, 2, 2, 3, 3, 4]))))
    words = sorted(words)
    rng.shuffle(words)
    cumulative = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(words))))
    chunks, total = [], 0
    while total < size:
        picked = rng.choices(words, cum_weights=cumulative, k=20000)
        parts, i = [], 0
        while i < len(picked):
            n = rng.randint(4, 16)
            sentence = " ".join(picked[i:i + n])
            i += n
            r = rng.random()
            if r < 0.1:
                sentence += " " + str(rng.randint(0, 99999))
            parts.append(sentence.capitalize() + (". " if r < 0.7 else ", " if r < 0.9 else ".\n\n"))
        chunk = "".join(parts)
        chunks.append(chunk)
        total += len(chunk)
    with open(path, "w") as f:
        f.write("".join(chunks)[:size])


def _write_records(path, n):
    """A JSON array of `n` user records (strings, numbers, booleans, arrays, objects)."""
    rng = random.Random(7)
    cities = ["Lisbon", "Oslo", "Quito", "Accra", "Hanoi", "Perth", "Lima", "Riga", "Turin",
              "Osaka", "Cork", "Graz"]
    tags = ["red", "green", "blue", "fast", "slow", "new", "old", "big", "small", "hot", "cold"]
    with open(path, "w") as f:
        f.write("[\n")
        for i in range(n):
            rec = {"id": i, "name": "user%06d" % i, "city": rng.choice(cities),
                   "age": rng.randint(18, 90), "active": rng.random() < 0.7,
                   "tags": rng.sample(tags, rng.randint(0, 4)),
                   "scores": [rng.randint(0, 1000) for _ in range(rng.randint(1, 6))],
                   "address": {"street": "%d %s Street" % (rng.randint(1, 999), rng.choice(tags).title()),
                               "zip": "%05d" % rng.randint(0, 99999)}}
            f.write(json.dumps(rec, separators=(",", ":")))
            f.write(",\n" if i + 1 < n else "\n")
        f.write("]\n")


def make_data(work, quick, programs_dir, log):
    """The data directory for this size; compressed inputs are made with the native
    minigzip and bzip2 from `programs_dir`."""
    mib = wl.size("corpus_mib", quick)
    copies = wl.size("gunzip_copies", quick)
    records = wl.size("jq_records", quick)
    scale = wl.size("bc_scale", quick)
    with open(__file__, "rb") as f:
        generator = f.read()
    key = _hash(generator, mib, copies, records, scale)
    data = os.path.join(work, "data", key)
    if os.path.exists(os.path.join(data, "done")):
        return data
    log(f"generating input data into {data}")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    corpus = os.path.join(data, "corpus.txt")
    _write_corpus(corpus, mib << 20)
    for program, args, suffix in (("minigzip", ["-6"], ".gz"), ("bzip2", ["-c", "-9"], ".bz2")):
        with open(corpus, "rb") as src, open(corpus + suffix, "wb") as dst:
            subprocess.run([os.path.join(programs_dir, "native", program)] + args,
                           stdin=src, stdout=dst, check=True)
    # One gzip stream of `copies` corpora back to back, for a longer zlib-decompress.
    with open(corpus, "rb") as f:
        text = f.read()
    with open(os.path.join(data, f"corpus-x{copies}.txt.gz"), "wb") as dst:
        subprocess.run([os.path.join(programs_dir, "native", "minigzip"), "-6"],
                       input=text * copies, stdout=dst, check=True)
    _write_records(os.path.join(data, "records.json"), records)
    with open(os.path.join(data, "pi.bc"), "w") as f:
        f.write(f"scale={scale}\n4*a(1)\nquit\n")
    open(os.path.join(data, "done"), "w").close()
    return data


def make_root(work, data_dir):
    """The directory every run starts in: data/ (inputs, read-only to guests), lua/ (the
    scripts) and tmp/ (writable). Returns its path."""
    root = os.path.join(work, "root")
    os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
    for name, target in (("data", data_dir), ("lua", os.path.join(BENCH_DIR, "lua"))):
        link = os.path.join(root, name)
        if os.path.islink(link) or os.path.exists(link):
            os.remove(link)
        os.symlink(target, link)
    return root
