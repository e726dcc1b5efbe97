#!/usr/bin/env bash
# tests/programs/bzip2.sh: bzip2 compresses, tests and decompresses generated files in a
# rw dir (keeping or replacing the originals, block sizes 1-9), streams through stdin and
# stdout, and reports a corrupt file with exit code 2.
source "$(dirname "$0")/harness.sh" bzip2 "$@"

mkdir files stream
seq 1 80000 >files/numbers.txt
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "%d %s\n", i % 1013, (i % 7 ? "alpha" : "omega") }' >files/words.txt
head -c 300000 /dev/urandom >files/random.bin
: >files/empty
cp files/words.txt stream/in.txt
printf 'BZh91AY&SY this is not bzip2 data' >stream/corrupt.bz2

run_step "compress, keeping the input (-k)" --rw files -- -k files/numbers.txt
run_step "compress -1 and -9, replacing inputs" --rw files -- -9 files/words.txt
run_step "compress random data and an empty file" --rw files -- -1 -k files/random.bin files/empty
run_step "small-memory decompression to stdout" --rw files -- -d -c -s files/numbers.txt.bz2
run_step "test the archives (-t)" --rw files -- -t -v files/numbers.txt.bz2 files/words.txt.bz2 files/random.bin.bz2
run_step "decompress, forcing over kept inputs (-d -f)" --rw files -- -d -f files/numbers.txt.bz2 \
  files/random.bin.bz2 files/empty.bz2
run_step "decompress the replaced one" --rw files -- -d files/words.txt.bz2
run_step "compress stdin to stdout" --ro stream --stdin stream/in.txt -- -c -3
run_step "a corrupt archive exits 2" --ro stream --expect 2 -- -t stream/corrupt.bz2
finish
