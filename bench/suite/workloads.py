# bench/suite/workloads.py: the workloads of bench/run and their sizes (full and quick).
# A workload is one program run with arguments; every engine runs the same .wasm (or the
# native build of the same source) with the same arguments, from a root directory whose
# subdirectories the guest is granted under the same names.
from dataclasses import dataclass, field

GROUP_C = "C kernels"
GROUP_LUA = "Lua 5.4"
GROUP_PROGRAMS = "programs"
GROUPS = (GROUP_C, GROUP_LUA, GROUP_PROGRAMS)
# The kernels that are CoreMark's parts (lists, matrices, state machine, CRC): the workload
# performance.md's C target names. The report gives their geometric mean besides the group's.
COREMARK_PARTS = ("c-list", "c-matrix", "c-state", "c-crc")


@dataclass
class Workload:
    name: str
    group: str
    program: str                  # native/NAME and wasm/NAME.wasm in a programs dir
    source: str                   # "programs" (tools/wasi-programs) or "bench" (built here)
    args: list                    # the guest's arguments (relative paths below the root)
    what: str                     # one line for the report
    dirs: list = field(default_factory=list)   # [(guest name, writable)] below the root
    stdin: str = None             # a file below the root, or None (empty stdin)
    compare_stdout: bool = True   # stdout must equal the native run's (else it goes to /dev/null)
    fresh: list = field(default_factory=list)  # files below the root removed before each run


# (full, quick) sizes. Full sizes take ~0.5-1.5 s natively on the project's 2-core
# machine, quick ones ~10-80 ms.
SIZES = {
    "kernels": {"list": (8000, 150), "matrix": (5000, 100), "state": (12000, 300),
                "crc": (20000, 400), "sort": (2500, 50), "sha256": (8000, 150),
                "nbody": (8000000, 150000), "hash": (1500, 30), "simd": (6000, 100)},
    "lua": {"fib": (35, 24), "tables": (200000, 8000), "strings": (150000, 6000),
            "numeric": (250000, 6000)},
    "speedtest1": (40, 1),
    "corpus_mib": (16, 1),        # the text corpus for zlib, bzip2 and xxhsum
    "gunzip_copies": (8, 4),      # zlib-decompress inflates this many corpora in one stream
    "xxhsum_passes": (160, 8),    # how many times xxhsum reads the corpus
    "bc_scale": (2000, 300),      # digits of pi
    "jq_records": (80000, 2000),  # records in the JSON input
}


def size(key, quick, sub=None):
    entry = SIZES[key] if sub is None else SIZES[key][sub]
    return entry[1] if quick else entry[0]


JQ_FILTER = ("map(select(.active and .age >= 30) | {city, score: (.scores | add), tags}) "
             "| group_by(.city) | map({city: .[0].city, n: length, total: (map(.score) | add), "
             "tags: (map(.tags[]) | unique)})")


def all_workloads(quick):
    """Every workload at the full or quick size, in report order."""
    w = []
    kernels = {
        "list": "linked lists: find, reverse, merge sort (pointer chasing)",
        "matrix": "integer matrix products and bit fields",
        "state": "a number scanner as a state machine (bytes and branches)",
        "crc": "CRC-32 bitwise and by table, CRC-16",
        "sort": "qsort with a comparator (indirect calls) and a heap sort",
        "sha256": "SHA-256: 32-bit rotates and adds",
        "nbody": "n-body in double precision (sqrt, divide)",
        "hash": "open-addressing hash table of short strings",
        "simd": "128-bit vector code (8-bit blend, f32 axpy/dot, u32 mix), compiled to scalar wasm",
    }
    for name, what in kernels.items():
        n = size("kernels", quick, name)
        w.append(Workload(f"c-{name}", GROUP_C, "kernels", "bench", [name, str(n)],
                          f"{what}; {n} rounds"))
    # The same kernel source built for wasm with -msimd128 (kernels-simd): wasm SIMD.
    n = size("kernels", quick, "simd")
    w.append(Workload("c-simd-v128", GROUP_C, "kernels-simd", "bench", ["simd", str(n)],
                      f"the simd kernel built with -msimd128 (wasm SIMD instructions); {n} rounds"))
    lua = {
        "fib": "recursive calls: fib(N) and tak",
        "tables": "records sorted with a comparator, string-keyed hash, sieve, queue objects",
        "strings": "string.format, table.concat, gmatch/gsub/find, concatenation",
        "numeric": "n-body steps (floats in table fields) and a spectral norm",
    }
    for name, what in lua.items():
        n = size("lua", quick, name)
        w.append(Workload(f"lua-{name}", GROUP_LUA, "lua5.4", "programs",
                          [f"lua/{name}.lua", str(n)], f"bench/lua/{name}.lua {n}: {what}",
                          dirs=[("lua", False)]))
    st = size("speedtest1", quick)
    w.append(Workload("sqlite-speedtest1", GROUP_PROGRAMS, "speedtest1", "programs",
                      ["--size", str(st), "--nosync", "tmp/speedtest1.db"],
                      f"SQLite 3.40 speedtest1 --size {st}, database file in a granted dir",
                      dirs=[("tmp", True)], compare_stdout=False,
                      fresh=["tmp/speedtest1.db", "tmp/speedtest1.db-journal"]))
    mib = size("corpus_mib", quick)
    w.append(Workload("zlib-compress", GROUP_PROGRAMS, "minigzip", "programs", ["-6"],
                      f"minigzip -6: {mib} MiB text corpus on stdin", stdin="data/corpus.txt",
                      compare_stdout=True))
    copies = size("gunzip_copies", quick)
    w.append(Workload("zlib-decompress", GROUP_PROGRAMS, "minigzip", "programs", ["-d"],
                      f"minigzip -d: the corpus {copies} times over, compressed ({mib * copies} MiB out)",
                      stdin="data/corpus-x{}.txt.gz".format(copies), compare_stdout=False))
    w.append(Workload("bzip2-compress", GROUP_PROGRAMS, "bzip2", "programs", ["-c", "-9"],
                      f"bzip2 -9 of the {mib} MiB corpus", stdin="data/corpus.txt"))
    w.append(Workload("bzip2-decompress", GROUP_PROGRAMS, "bzip2", "programs", ["-dc"],
                      "bzip2 -d of the same corpus", stdin="data/corpus.txt.bz2"))
    scale = size("bc_scale", quick)
    w.append(Workload("bc-pi", GROUP_PROGRAMS, "bc", "programs", ["-lq", "data/pi.bc"],
                      f"bc -l: pi to {scale} digits (4*a(1))", dirs=[("data", False)]))
    passes = size("xxhsum_passes", quick)
    w.append(Workload("xxhsum", GROUP_PROGRAMS, "xxhsum", "programs",
                      ["-H1"] + ["data/corpus.txt"] * passes,
                      f"xxhsum -H1 (XXH64) over the corpus {passes} times ({mib * passes} MiB)",
                      dirs=[("data", False)]))
    # XXH3 (-H3) is the variant whose accumulator loops vectorize: the same source built
    # without and with -msimd128 (tools/wasi-programs/programs/xxhash.sh).
    for program, what in (("xxhsum", "scalar wasm"), ("xxhsum-simd", "built with -msimd128: wasm SIMD")):
        w.append(Workload(f"{program}-xxh3", GROUP_PROGRAMS, program, "programs",
                          ["-H3"] + ["data/corpus.txt"] * passes,
                          f"xxhsum -H3 (XXH3) over the corpus {passes} times, {what}",
                          dirs=[("data", False)]))
    records = size("jq_records", quick)
    w.append(Workload("jq", GROUP_PROGRAMS, "jq", "programs", ["-c", JQ_FILTER, "data/records.json"],
                      f"jq: select, group_by, unique over {records} JSON records",
                      dirs=[("data", False)]))
    return w
