# shellcheck shell=bash
# tests/programs/harness.sh: sourced by each case script here. A case runs one real program
# (built by tools/wasi-programs/build) twice per step, natively and under `cella run`,
# from two identical copies of the same input tree, and compares stdout, the exit code and
# every file under the directories the step used. Stderr is kept for the report only.
#
#   source harness.sh PROGRAM CELLA PROGRAMS_DIR WORK_DIR
#   seed: write inputs under $seed (the current directory is $seed when sourced)
#   run_step NAME [--ro DIR]... [--rw DIR]... [--env K=V]... [--stdin FILE] [--expect N] -- ARGS...
#   save_stdout PATH   the last step's stdout becomes PATH in each tree (its own run's)
#   finish      (last line of a case: the verdict)
#
# Inside a step, DIR and FILE are relative to the input tree: natively the program runs
# with that tree as its working directory; under Cella each DIR is granted as
# `--dir HOST::DIR:ro|rw`, so the guest sees the same relative paths. Natively nothing
# enforces :ro, so a step writes only into its --rw dirs, and the comparison checks the
# --ro ones did not change under Cella.
set -euo pipefail

program=$1 cella=$2 programs_dir=$3 work=$4
native_bin=$programs_dir/native/$program
wasm_bin=$programs_dir/wasm/$program.wasm
data=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/data
build_hint="build them with: tools/wasi-programs/build (see docs/real-programs.md)"

missing=()
[ -x "$cella" ] || missing+=("$cella (the cella binary)")
[ -x "$native_bin" ] || missing+=("$native_bin")
[ -f "$wasm_bin" ] || missing+=("$wasm_bin")
if [ ${#missing[@]} -gt 0 ]; then
  echo "FAIL: missing ${missing[*]}" >&2
  echo "The real-program tests need the programs built from Debian sources; $build_hint" >&2
  exit 1
fi

rm -rf "$work"
seed=$work/seed
mkdir -p "$seed" "$work/native" "$work/wasm" "$work/logs"
cd "$seed"
steps=0
failures=0

# Copies the seed tree into both roots: every step starts from the same inputs, and later
# steps see what earlier steps left (the roots are only reset by `reseed`).
reseed() {
  rm -rf "$work/native" "$work/wasm"
  cp -a "$seed" "$work/native"
  cp -a "$seed" "$work/wasm"
}
seeded=false

# Lists a tree: entry type, path, symlink target, and a hash of each regular file.
describe_tree() {
  (cd "$1" && find . -mindepth 1 -printf '%y %P%l\n' | LC_ALL=C sort &&
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
}

run_step() {
  local name=$1
  shift
  local dirs=() grants=() envs=() stdin_file="" expect=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --ro) dirs+=("$2"); grants+=(--dir "$work/wasm/$2::$2:ro"); shift 2 ;;
      --rw) dirs+=("$2"); grants+=(--dir "$work/wasm/$2::$2:rw"); shift 2 ;;
      --env) envs+=("$2"); shift 2 ;;
      --stdin) stdin_file=$2; shift 2 ;;
      --expect) expect=$2; shift 2 ;;
      --) shift; break ;;
      *) echo "harness: bad run_step option $1" >&2; exit 2 ;;
    esac
  done
  $seeded || { reseed; seeded=true; }
  steps=$((steps + 1))
  local log=$work/logs/$steps
  local wasm_env=() e
  for e in "${envs[@]}"; do wasm_env+=(--env "$e"); done

  local native_in=/dev/null wasm_in=()
  if [ -n "$stdin_file" ]; then
    native_in=$work/native/$stdin_file
    wasm_in=(--stdin "$work/wasm/$stdin_file")
  fi
  local native_rc=0 wasm_rc=0
  (cd "$work/native" && exec env -i "${envs[@]}" "$native_bin" "$@") \
    <"$native_in" >"$log.native.out" 2>"$log.native.err" || native_rc=$?
  if [ ${#wasm_in[@]} -eq 0 ]; then
    (cd "$work/wasm" && exec "$cella" run "${grants[@]}" "${wasm_env[@]}" "$wasm_bin" -- "$@") \
      </dev/null >"$log.wasm.out" 2>"$log.wasm.err" || wasm_rc=$?
  else
    (cd "$work/wasm" && exec "$cella" run "${grants[@]}" "${wasm_env[@]}" "${wasm_in[@]}" "$wasm_bin" -- "$@") \
      >"$log.wasm.out" 2>"$log.wasm.err" || wasm_rc=$?
  fi

  local problems=()
  [ "$native_rc" -eq "$expect" ] ||
    problems+=("the native run exited $native_rc, the step expects $expect (a mistake in the test?)")
  [ "$wasm_rc" -eq "$native_rc" ] || problems+=("exit code: native $native_rc, cella run $wasm_rc")
  cmp -s "$log.native.out" "$log.wasm.out" || problems+=("stdout differs")
  local d
  for d in "${dirs[@]}"; do
    describe_tree "$work/native/$d" >"$log.native.tree.$steps" 2>&1 || true
    describe_tree "$work/wasm/$d" >"$log.wasm.tree.$steps" 2>&1 || true
    cmp -s "$log.native.tree.$steps" "$log.wasm.tree.$steps" || problems+=("files under $d differ")
  done

  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok $steps - $program: $name"
    return 0
  fi
  failures=$((failures + 1))
  echo "not ok $steps - $program: $name"
  echo "  native: (cd $work/native && $native_bin $*)"
  echo "  cella:  (cd $work/wasm && $cella run ${grants[*]} ${wasm_env[*]} ${wasm_in[*]} $wasm_bin -- $*)"
  for p in "${problems[@]}"; do echo "  - $p"; done
  if ! cmp -s "$log.native.out" "$log.wasm.out"; then
    echo "  stdout (--- native, +++ cella run), first lines:"
    diff -u "$log.native.out" "$log.wasm.out" | sed -n '3,40p' | sed 's/^/    /' || true
  fi
  for d in "${dirs[@]}"; do
    if ! cmp -s "$log.native.tree.$steps" "$log.wasm.tree.$steps"; then
      echo "  files under $d (--- native, +++ cella run):"
      diff -u "$log.native.tree.$steps" "$log.wasm.tree.$steps" | sed -n '3,30p' | sed 's/^/    /' || true
    fi
  done
  echo "  stderr, native:"; sed -n '1,10p' "$log.native.err" | sed 's/^/    /'
  echo "  stderr, cella run:"; sed -n '1,20p' "$log.wasm.err" | sed 's/^/    /'
}

save_stdout() {
  cp "$work/logs/$steps.native.out" "$work/native/$1"
  cp "$work/logs/$steps.wasm.out" "$work/wasm/$1"
}

finish() {
  if [ "$steps" -eq 0 ]; then echo "FAIL: $program ran no steps" >&2; exit 1; fi
  if [ "$failures" -gt 0 ]; then
    echo "FAIL: $failures of $steps $program steps differ between native and cella run (logs: $work/logs)"
    exit 1
  fi
  echo "PASS: $steps $program steps match"
}
