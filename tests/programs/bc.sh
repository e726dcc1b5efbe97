#!/usr/bin/env bash
# tests/programs/bc.sh: GNU bc computes many digits (pi, e, square roots), big integers,
# recursive functions and base conversions, from files in a ro dir and from stdin.
source "$(dirname "$0")/harness.sh" bc "$@"

mkdir progs
cp "$data"/bc/*.bc progs/
printf 'scale = 100\n4 * a(1) - 3\n2 ^ 64 - 1\nsqrt(3) * sqrt(3)\nquit\n' >progs/stdin.bc

run_step "digits of pi, e, sqrt(2), l(10)" --ro progs -- -l progs/digits.bc
run_step "big integers, recursion, bases" --ro progs -- progs/integers.bc
run_step "print, arrays, scale, length" --ro progs -- -q progs/print.bc
run_step "a program on stdin" --ro progs --stdin progs/stdin.bc -- -l -q
run_step "two files in one run" --ro progs -- -l progs/print.bc progs/digits.bc
finish
