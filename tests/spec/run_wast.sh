#!/usr/bin/env bash
# tests/spec/run_wast.sh CELLA FILE.wast WORK_DIR [OPTIONS…]: converts FILE.wast with wast2json into a
# fresh directory under WORK_DIR and runs `CELLA wast` on the result. Used by the spec.*
# CTest tests; fails (never skips) when wast2json or the .wast file is missing.
# CELLA_WAST2JSON_FLAGS (space-separated) are passed to wast2json, e.g. the proposal
# flags "--enable-exceptions --enable-tail-call".
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 CELLA FILE.wast WORK_DIR [cella wast options…]" >&2
  exit 2
fi
cella=$1
wast=$2
work_root=$3
shift 3  # the rest are options for `cella wast`

if ! command -v wast2json >/dev/null 2>&1; then
  echo "error: wast2json not found on PATH; install wabt (Debian package 'wabt')" >&2
  exit 1
fi
if [ -d "$wast" ]; then
  echo "error: no .wast files in '$wast'; set CELLA_CONFORMANCE_DIR to the conformance corpus" >&2
  exit 1
fi
if [ ! -f "$wast" ]; then
  echo "error: conformance file '$wast' not found; set CELLA_CONFORMANCE_DIR to the corpus" >&2
  exit 1
fi
if [ ! -x "$cella" ]; then
  echo "error: cella executable '$cella' not found or not executable" >&2
  exit 1
fi

name=$(basename "$wast" .wast)
mkdir -p "$work_root"
work=$(mktemp -d "$work_root/$name.XXXXXX")

read -r -a wast2json_flags <<<"${CELLA_WAST2JSON_FLAGS:-}"
if ! wast2json "${wast2json_flags[@]}" "$wast" -o "$work/$name.json"; then
  echo "error: wast2json could not convert '$wast' (output kept in $work)" >&2
  exit 1
fi

status=0
"$cella" wast "$@" "$work/$name.json" || status=$?
if [ "$status" -eq 0 ]; then
  rm -rf "$work"
else
  echo "cella wast exited with status $status; converted files kept in $work" >&2
fi
exit "$status"
