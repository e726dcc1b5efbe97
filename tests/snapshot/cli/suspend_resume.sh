#!/usr/bin/env bash
# tests/snapshot/cli/suspend_resume.sh CELLA PROGRAMS_DIR WORK CASE: runs a real program
# (built by tools/wasi-programs/build) under `cella run --deterministic` once straight
# through, then suspends it at many fuel points (1, the last, and points between) with
# --suspend-after-fuel/--snapshot and finishes each with `cella resume` in a new process.
# Every resumed run must give the same stdout (the two halves appended), the same files,
# the same exit code, the same total fuel and the same final state root.
set -euo pipefail
cella=$1 programs=$2 work=$3 case_name=$4
data=$(cd "$(dirname "$0")" && pwd)/data

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }
[ -x "$cella" ] || fail "no cella binary at $cella"

# Each case: the wasm program, a seed tree it gets (in/ read-only, out/ read-write,
# optional stdin file), and its arguments.
setup() {
  rm -rf "$1" && mkdir -p "$1/in" "$1/out"
  case "$case_name" in
    lua)
      wasm=lua5.4; args=(in/work.lua)
      cp "$data/work.lua" "$1/in/" ;;
    sqlite)
      wasm=sqlite3; args=(out/test.db)
      cp "$data/sqlite.sql" "$1/in/"; stdin=in/sqlite.sql ;;
    minigzip)
      wasm=minigzip; args=(-9)
      for i in $(seq 1 4000); do echo "line $i of some text that compresses $((i * i % 97))"; done >"$1/in/text"
      stdin=in/text ;;
    bc)
      wasm=bc; args=(-l -q in/pi.bc)
      printf 'scale = 300\n4 * a(1)\nquit\n' >"$1/in/pi.bc" ;;
    *) fail "unknown case" ;;
  esac
}

stdin=""
setup "$work/seed"
module=$programs/wasm/$wasm.wasm
[ -f "$module" ] || fail "missing $module; build it with tools/wasi-programs/build (see docs/real-programs.md)"

# run DIR EXTRA... : cella run in DIR with the case's grants; stdout to DIR/stdout.
run() {
  local dir=$1
  shift
  local in_args=()
  [ -n "$stdin" ] && in_args=(--stdin "$stdin")
  (cd "$dir" && "$cella" run --deterministic --stats --dir in::in --dir out::out:rw "${in_args[@]}" "$@" \
     "$module" -- "${args[@]}" >stdout 2>stderr) && echo 0 || echo $?
}
root_of() { sed -n 's/.*state root \([0-9a-f]*\).*/\1/p' "$1" | tail -n 1; }
fuel_of() { sed -n 's/.*fuel used \([0-9]*\),.*/\1/p' "$1" | tail -n 1; }

rm -rf "$work/straight" && cp -r "$work/seed" "$work/straight"
code=$(run "$work/straight")
total=$(fuel_of "$work/straight/stderr")
root=$(root_of "$work/straight/stderr")
[ -n "$total" ] && [ -n "$root" ] || fail "no stats from the straight run: $(cat "$work/straight/stderr")"
[ "$total" -gt 2 ] || fail "the program did no work"

points="1 $((total / 9)) $((total / 4)) $((total / 2)) $((total * 3 / 4)) $((total - 1))"
checked=0
for point in $points; do
  dir=$work/at-$point
  rm -rf "$dir" && cp -r "$work/seed" "$dir"
  first=$(run "$dir" --suspend-after-fuel "$point" --snapshot "$dir/cell.snap")
  [ "$first" = 120 ] || fail "suspend at $point exited $first: $(cat "$dir/stderr")"
  mv "$dir/stdout" "$dir/stdout.1"
  "$cella" inspect "$dir/cell.snap" >"$dir/inspect.txt" || fail "cella inspect failed at $point"
  second=0
  (cd "$dir" && "$cella" resume --stats cell.snap >stdout 2>stderr.2) || second=$?
  [ "$second" = "$code" ] || fail "resumed at $point exited $second, straight $code: $(cat "$dir/stderr.2")"
  cat "$dir/stdout.1" "$dir/stdout" | cmp -s - "$work/straight/stdout" || fail "stdout differs when resumed at $point"
  diff -r "$dir/out" "$work/straight/out" >/dev/null || fail "files in out/ differ when resumed at $point"
  [ "$(fuel_of "$dir/stderr.2")" = "$total" ] || fail "total fuel differs when resumed at $point"
  [ "$(root_of "$dir/stderr.2")" = "$root" ] || fail "final state root differs when resumed at $point"
  checked=$((checked + 1))
done
echo "$case_name: $checked suspend points resumed to the same output, files, fuel ($total) and root $root"
