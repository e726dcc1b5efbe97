#!/usr/bin/env bash
# tests/snapshot/cli/suspend_resume.sh CELLA PROGRAMS_DIR WORK CASE: runs a real program
# (built by tools/wasi-programs/build) under `cella run --deterministic` once straight
# through, then suspends it at many fuel points (1, the last, and points between) with
# --suspend-after-fuel/--snapshot and finishes each with `cella resume` in a new process.
# Every resumed run must give the same stdout (the two halves appended), the same files,
# the same exit code, the same total fuel and the same final state root.
set -euo pipefail
cella=$1 programs=$2 work=$3 case_name=$4
source "$(dirname "$0")/cases.sh"

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }
[ -x "$cella" ] || fail "no cella binary at $cella"

case_setup "$case_name" "$programs" "$work/seed" || fail "cannot set up the case"
run() { case_run "$cella" "$@"; }
root_of() { state_root_of "$1"; }

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
