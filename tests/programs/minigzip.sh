#!/usr/bin/env bash
# tests/programs/minigzip.sh: zlib's minigzip compresses and decompresses generated files
# in a rw dir (round trips, levels, an empty file) and streams through stdin/stdout.
source "$(dirname "$0")/harness.sh" minigzip "$@"

mkdir files stream
seq 1 60000 >files/numbers.txt
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "line %d: the sandbox grants exactly what it grants\n", i * i % 977 }' \
  >files/text.txt
head -c 400000 /dev/urandom >files/random.bin
: >files/empty
cp files/text.txt stream/in.txt

run_step "compress (default level)" --rw files -- files/numbers.txt
run_step "compress -9 and -1" --rw files -- -9 files/text.txt
run_step "compress random data -1" --rw files -- -1 files/random.bin
run_step "compress an empty file" --rw files -- files/empty
run_step "decompress them back" --rw files -- -d files/numbers.txt.gz files/text.txt.gz files/random.bin.gz files/empty.gz
run_step "compress stdin to stdout" --ro stream --stdin stream/in.txt -- -6
run_step "compress stdin to stdout, filtered (-f)" --ro stream --stdin stream/in.txt -- -f
finish
