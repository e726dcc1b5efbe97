#!/usr/bin/env bash
# tests/determinism/check.sh WORK PROGRAMS_DIR OBSERVE_WASM NAN_WASM NAME=CELLA...
#
# Proves that deterministic mode gives the same run on every build of Cella
# (docs/determinism.md). The first NAME=CELLA is the reference build; CELLA may be a
# command (a wrapper that runs an aarch64 binary under qemu). For every case — the real
# programs lua, sqlite, minigzip and bc (tests/snapshot/cli/cases.sh), OBSERVE_WASM (the
# guest tests/wasi/guests/determinism.c: clocks, random, readdir and stat of a tree, and
# file writes) and NAN_WASM (tests/determinism/nan.wat: NaNs and roundings) — each build runs
# `cella run --deterministic --seed S --stats` on its own fresh copy of the inputs, and
# exit code, stdout, the files left in out/, fuel used and final state root must all equal
# the reference's. nan's stdout must also equal nan.expected. Then snapshots cross
# builds: suspended by the reference at fuel points (1, the middle, the last), resumed by
# each other build, and the other way round; every one must finish with the uninterrupted
# run's output, files, exit code, fuel and root.
#
# Environment: DETERMINISM_CASES (default "lua sqlite minigzip bc observe write nan"),
# DETERMINISM_RESUME_CASES (default "lua sqlite minigzip bc observe nan").
set -euo pipefail
[ $# -ge 5 ] || { sed -n '2,3p' "$0" >&2; exit 2; }
work=$1 programs=$2 observe_wasm=$3 nan_wasm=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../snapshot/cli/cases.sh"
seed=c0ffee0123456789abcdef
names=() cellas=()
for spec in "$@"; do
  names+=("${spec%%=*}") cellas+=("${spec#*=}")
done
cases=${DETERMINISM_CASES:-lua sqlite minigzip bc observe write nan}
resume_cases=${DETERMINISM_RESUME_CASES:-lua sqlite minigzip bc observe nan}
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
log() { echo "[$(date +%T)] $*"; }

# setup NAME DIR: the inputs of a case in DIR; sets case_module, case_args, case_stdin and
# extra (more options for cella run).
setup() {
  extra=()
  case "$1" in
    observe|write|nan)
      rm -rf "$2" && mkdir -p "$2/in" "$2/out"
      case_stdin=""
      case "$1" in
        observe)
          case_module=$observe_wasm; case_args=(observe 5000); extra=(--dir tree::tree)
          mkdir -p "$2/tree/dir/sub" "$2/tree/empty"
          printf 'bee\n' >"$2/tree/b.txt"; printf 'capital a\n' >"$2/tree/A.txt"
          printf 'small a\n' >"$2/tree/a.txt"; printf 'inner\n' >"$2/tree/dir/inner.txt"
          printf 'deep down\n' >"$2/tree/dir/sub/deep.txt"; ln -s a.txt "$2/tree/link" ;;
        write) case_module=$observe_wasm; case_args=(write) ;;
        nan) case_module=$nan_wasm; case_args=() ;;
      esac
      [ -f "$case_module" ] || { echo "missing $case_module" >&2; return 1; } ;;
    *) case_setup "$1" "$programs" "$2" ;;
  esac
}

# The outcome of a finished run in DIR, as one line per item, for comparing.
outcome() {
  local dir=$1 code=$2 errfile=$3
  echo "exit $code"
  echo "fuel $(fuel_of "$dir/$errfile")"
  echo "root $(state_root_of "$dir/$errfile")"
  echo "stdout $(cat "$dir"/stdout.* "$dir/stdout" 2>/dev/null | sha256sum | cut -c1-64)"
  (cd "$dir/out" && find . -printf '%y %p\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}

for case_name in $cases; do
  ref_dir=""
  for i in "${!names[@]}"; do
    dir=$work/$case_name/${names[$i]}
    # A fresh copy per build, made at a different time: host times and inode numbers differ.
    setup "$case_name" "$dir"
    code=$(case_run "${cellas[$i]}" "$dir" --seed "$seed" "${extra[@]}")
    outcome "$dir" "$code" stderr >"$dir.outcome"
    if [ -z "$(state_root_of "$dir/stderr")" ]; then
      fail "$case_name on ${names[$i]}: no state root: $(head -c 500 "$dir/stderr")"
    elif [ -z "$ref_dir" ]; then
      ref_dir=$dir
      log "$case_name: ${names[$i]}: $(tr '\n' ' ' <"$dir.outcome" | cut -c1-160)"
    elif ! diff -u "$ref_dir.outcome" "$dir.outcome" >"$dir.diff"; then
      fail "$case_name on ${names[$i]} differs from ${names[0]}: $(cat "$dir.diff")"
    else
      log "$case_name: ${names[$i]}: identical"
    fi
    if [ "$case_name" = nan ] && ! cmp -s "$dir/stdout" "$here/nan.expected"; then
      fail "nan on ${names[$i]}: stdout is not nan.expected: $(diff "$here/nan.expected" "$dir/stdout" || true)"
    fi
  done
done

# suspend_resume CASE FROM_INDEX TO_INDEX POINT: suspended by one build, resumed by the other.
suspend_resume() {
  local case_name=$1 from=$2 to=$3 point=$4
  local dir=$work/resume/$case_name/${names[$from]}-to-${names[$to]}-at-$point
  setup "$case_name" "$dir"
  local first second=0
  first=$(case_run "${cellas[$from]}" "$dir" --seed "$seed" "${extra[@]}" \
            --suspend-after-fuel "$point" --snapshot "$dir/cell.snap")
  if [ "$first" != 120 ]; then
    fail "$case_name: ${names[$from]} suspending at $point exited $first: $(head -c 500 "$dir/stderr")"
    return
  fi
  mv "$dir/stdout" "$dir/stdout.1"
  (cd "$dir" && "${cellas[$to]}" resume --stats cell.snap >stdout 2>stderr.2) || second=$?
  outcome "$dir" "$second" stderr.2 >"$dir.outcome"
  if ! diff -u "$work/$case_name/${names[0]}.outcome" "$dir.outcome" >"$dir.diff"; then
    fail "$case_name suspended by ${names[$from]} at $point, resumed by ${names[$to]}: $(cat "$dir.diff")"
  else
    log "$case_name: suspended by ${names[$from]} at $point, resumed by ${names[$to]}: identical"
  fi
}

for case_name in $resume_cases; do
  total=$(fuel_of "$work/$case_name/${names[0]}/stderr")
  [ -n "$total" ] || { fail "$case_name: no reference run"; continue; }
  for i in "${!names[@]}"; do
    [ "$i" = 0 ] && continue
    for point in 1 $((total / 2)) $((total - 1)); do suspend_resume "$case_name" 0 "$i" "$point"; done
    for point in 1 $((total / 3)) $((total - 1)); do suspend_resume "$case_name" "$i" 0 "$point"; done
  done
done

if [ "$failures" -gt 0 ]; then
  echo "determinism check: $failures FAILED" >&2
  exit 1
fi
echo "determinism check: builds ${names[*]} agree on every case ($cases) and on every cross-build resume"
