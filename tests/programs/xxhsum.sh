#!/usr/bin/env bash
# tests/programs/xxhsum.sh: xxhsum hashes files in a ro dir with every algorithm, writes
# and verifies checksum lists, and reports a mismatch with exit code 1.
source "$(dirname "$0")/harness.sh" xxhsum "$@"

mkdir data sums
seq 1 100000 >data/numbers.txt
head -c 1000000 /dev/urandom >data/random.bin
printf 'hello, world\n' >data/hello.txt
: >data/empty
mkdir data/sub && seq 5 5 5000 >data/sub/fives.txt
files=(data/numbers.txt data/random.bin data/hello.txt data/empty data/sub/fives.txt)
# A list with one wrong entry, for -c to catch.
printf '%s  %s\n' 0000000000000000 data/hello.txt ef46db3751d8e999 data/empty >data/wrong.xxh64

run_step "XXH64 (default)" --ro data -- "${files[@]}"
run_step "XXH32" --ro data -- -H0 "${files[@]}"
run_step "XXH128" --ro data -- -H2 "${files[@]}"
run_step "XXH3 in BSD style (--tag)" --ro data -- -H3 --tag "${files[@]}"
run_step "stdin" --ro data --stdin data/random.bin -- -H2 -
run_step "a checksum list" --ro data -- -H1 "${files[@]}"
save_stdout sums/list.xxh64
run_step "verify the list (-c)" --ro data --ro sums -- -c sums/list.xxh64
run_step "a wrong checksum exits 1" --ro data --expect 1 -- -c data/wrong.xxh64
finish
