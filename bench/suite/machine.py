# bench/suite/machine.py: what a report must say about where and with what it was
# measured: CPU model and cores, kernel, load; Cella's build (compiler, flags, build type,
# sanitizers) read from the CMakeCache.txt beside the binary; the guest toolchain, the
# Debian versions of the programs, node/V8. Flags debug and sanitizer builds.
import os
import platform
import subprocess

from .prepare import REPO_DIR


def _first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        return out.splitlines()[0] if out else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / (1 << 20)
    except OSError:
        pass
    return 0.0


def cmake_cache(build_dir):
    values = {}
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                if ":" in line and "=" in line and not line.startswith(("//", "#")):
                    key, rest = line.split(":", 1)
                    values[key] = rest.split("=", 1)[1].strip()
    except OSError:
        pass
    return values


def build_dir_of(cella):
    """The CMake build directory of a cella binary at BUILD/src/cli/cella."""
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(cella))))


def cella_build(cella):
    cache = cmake_cache(build_dir_of(cella))
    build_type = cache.get("CMAKE_BUILD_TYPE", "?")
    compiler = cache.get("CMAKE_CXX_COMPILER", "?")
    flags = " ".join(x for x in (cache.get("CMAKE_CXX_FLAGS", ""),
                                 cache.get(f"CMAKE_CXX_FLAGS_{build_type.upper()}", "")) if x)
    sanitize = cache.get("CELLA_SANITIZE", "OFF").upper() in ("ON", "TRUE", "1", "YES")
    warnings = []
    if build_type not in ("Release", "RelWithDebInfo"):
        warnings.append(f"this cella is a {build_type} build, not Release")
    if sanitize:
        warnings.append("this cella is built with sanitizers (CELLA_SANITIZE=ON)")
    if "-O0" in flags.split():
        warnings.append("this cella is built with -O0")
    return {
        "path": cella,
        "build_type": build_type,
        "sanitize": sanitize,
        "compiler": f"{compiler} ({_first_line([compiler, '--version']) if compiler != '?' else '?'})",
        "flags": flags or "(none)",
        "warnings": warnings,
    }


def git_revision(source_dir):
    """The commit a build was configured from, and whether its src/ or include/ differ."""
    rev = _first_line(["git", "-C", source_dir, "rev-parse", "--short=10", "HEAD"])
    dirty = subprocess.run(["git", "-C", source_dir, "status", "--porcelain", "--untracked-files=no",
                            "--", "src", "include"], capture_output=True, text=True).stdout.strip()
    return rev + (" + uncommitted changes in src/ or include/" if dirty else "")


def program_versions(programs_dir):
    versions = {}
    try:
        with open(os.path.join(programs_dir, "manifest.tsv")) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3:
                    versions[parts[0]] = parts[2]
    except OSError:
        pass
    return versions


def describe(cella, programs_dir, toolchain, node="node"):
    load = os.getloadavg()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib(), 1),
        "kernel": platform.release(),
        "load_at_start": round(load[0], 2),
        "cella": cella_build(cella),
        "revision": git_revision(cmake_cache(build_dir_of(cella)).get("CMAKE_HOME_DIRECTORY", REPO_DIR)),
        "guest_cc": _first_line(toolchain["native"]["CC"].split()[:1] + ["--version"]),
        "native_flags": " ".join(x for x in (toolchain["native"]["CFLAGS"], toolchain["native"]["LDFLAGS"]) if x),
        "wasm_cc": toolchain["wasm"]["CC"],
        "wasm_flags": " ".join(x for x in (toolchain["wasm"]["CFLAGS"], toolchain["wasm"]["LDFLAGS"]) if x),
        "programs": program_versions(programs_dir),
        "node": _first_line([node, "--version"]),
        "v8": _first_line([node, "-p", "process.versions.v8"]),
        "hyperfine": _first_line(["hyperfine", "--version"]),
    }
