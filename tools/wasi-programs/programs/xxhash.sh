# xxhsum, the command-line tool of xxhash. Debian's amd64 build adds runtime x86 SIMD
# dispatch (DISPATCH=1); this build has none, so both variants run the same portable code
# (the native one still lets the compiler use SSE2).
packages=(xxhash)
outputs=(xxhsum)

build() {
  local x=$SRC/xxhash
  $CC $CFLAGS -I"$x" "$x/xxhash.c" "$x"/cli/*.c $LDFLAGS $LIBS -o "$DEST/xxhsum$EXE"
}
