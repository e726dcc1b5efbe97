# tests/snapshot/cli/cases.sh: the real-program cases that suspend_resume.sh and
# tests/determinism/check.sh run (sourced, not run). Each case is a program built by
# tools/wasi-programs/build, a seed tree it gets (in/ read-only, out/ read-write, optional
# stdin file) and its arguments.
#
#   case_setup NAME PROGRAMS_DIR DIR   makes the seed tree in DIR; sets case_module,
#                                      case_args (array) and case_stdin
#   case_run CELLA DIR EXTRA...        `cella run --deterministic --stats` of the case in
#                                      DIR with EXTRA options; stdout and stderr to
#                                      DIR/stdout, DIR/stderr; echoes the exit code
#   state_root_of FILE, fuel_of FILE   the last state root / fuel used that --stats printed
case_data=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/data

case_setup() {
  local name=$1 programs=$2 dir=$3 wasm i
  rm -rf "$dir" && mkdir -p "$dir/in" "$dir/out"
  case_stdin=""
  case "$name" in
    lua)
      wasm=lua5.4; case_args=(in/work.lua)
      cp "$case_data/work.lua" "$dir/in/" ;;
    sqlite)
      wasm=sqlite3; case_args=(out/test.db)
      cp "$case_data/sqlite.sql" "$dir/in/"; case_stdin=in/sqlite.sql ;;
    minigzip)
      wasm=minigzip; case_args=(-9)
      for i in $(seq 1 4000); do echo "line $i of some text that compresses $((i * i % 97))"; done >"$dir/in/text"
      case_stdin=in/text ;;
    bc)
      wasm=bc; case_args=(-l -q in/pi.bc)
      printf 'scale = 300\n4 * a(1)\nquit\n' >"$dir/in/pi.bc" ;;
    *) echo "unknown case $name" >&2; return 1 ;;
  esac
  case_module=$programs/wasm/$wasm.wasm
  if [ ! -f "$case_module" ]; then
    echo "missing $case_module; build it with tools/wasi-programs/build (see docs/real-programs.md)" >&2
    return 1
  fi
}

case_run() {
  local cella=$1 dir=$2
  shift 2
  local in_args=()
  [ -n "$case_stdin" ] && in_args=(--stdin "$case_stdin")
  (cd "$dir" && "$cella" run --deterministic --stats --dir in::in --dir out::out:rw "${in_args[@]}" "$@" \
     "$case_module" -- "${case_args[@]}" >stdout 2>stderr) && echo 0 || echo $?
}

state_root_of() { sed -n 's/.*state root \([0-9a-f]*\).*/\1/p' "$1" | tail -n 1; }
fuel_of() { sed -n 's/.*fuel used \([0-9]*\),.*/\1/p' "$1" | tail -n 1; }
