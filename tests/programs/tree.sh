#!/usr/bin/env bash
# tests/programs/tree.sh: tree walks a ro directory tree with nested dirs, hidden files and
# symlinks (to files, to dirs, chains, dangling, a loop), in its text, JSON and XML
# outputs, following links or not, and writes a listing into a rw dir. Every link stays
# inside the granted tree, so both runs see the same thing.
source "$(dirname "$0")/harness.sh" tree "$@"

mkdir -p out t/src/core t/src/util t/docs/guide t/empty t/.hidden t/data
for f in t/src/core/engine.c t/src/core/engine.h t/src/util/log.c t/docs/guide/intro.md \
    t/docs/README t/.hidden/secret t/.profile t/data/a.txt t/data/b.txt t/data/c.bin; do
  printf 'content of %s\n' "$f" >"$f"
done
seq 1 5000 >t/data/big.txt
ln -s engine.c t/src/core/link-to-file
ln -s ../util t/src/core/link-to-dir
ln -s link-to-file t/src/core/chain
ln -s missing.txt t/data/dangling
ln -s ../loop t/data/loop
ln -s data t/loop
ln -s . t/docs/self

# wasi-libc's setlocale(LC_ALL, "") picks C.UTF-8 when no locale is set, glibc's picks
# ASCII "C"; tree draws its lines and names its XML encoding by the charset, so give both
# runs C.UTF-8.
utf8=(--env LANG=C.UTF-8)

run_step "default listing" "${utf8[@]}" --ro t -- t
run_step "all files (-a)" "${utf8[@]}" --ro t -- -a t
run_step "follow symlinks (-l), loops caught" "${utf8[@]}" --ro t -- -l t
run_step "classify, dirs first, no report" "${utf8[@]}" --ro t -- -F --dirsfirst --noreport t
run_step "depth 2, dirs only" "${utf8[@]}" --ro t -- -L 2 -d t
run_step "full paths, no indent" "${utf8[@]}" --ro t -- -f -i -a t
run_step "patterns: -P with --prune, -I" "${utf8[@]}" --ro t -- -P '*.c|*.md' --prune -I 'util' t
run_step "sizes" "${utf8[@]}" --ro t -- -s --du -a t/data t/src
run_step "JSON output" "${utf8[@]}" --ro t -- -J -a t
run_step "XML output" "${utf8[@]}" --ro t -- -X -l t/src
run_step "sorted by name, reversed, with file limit" "${utf8[@]}" --ro t -- -r --filelimit 4 t
run_step "output into a file (-o)" "${utf8[@]}" --ro t --rw out -- -a -o out/listing.txt t
finish
