#!/usr/bin/env bash
# tests/programs/dc.sh: GNU dc (from the bc package): big powers, precision, macros,
# registers and output bases, from a file in a ro dir, -e and stdin.
source "$(dirname "$0")/harness.sh" dc "$@"

mkdir progs
cp "$data"/bc/*.dc progs/

run_step "a program from a file" --ro progs -- progs/stack.dc
run_step "expressions given with -e" -- -e '2 3 ^ 4 * p' -e '50 k 1 3 / p' -e '3 1000 ^ Z p'
run_step "a program on stdin" --ro progs --stdin progs/stack.dc -- -
finish
