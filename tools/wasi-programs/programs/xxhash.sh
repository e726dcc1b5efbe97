# xxhsum, the command-line tool of xxhash. Debian's amd64 build adds runtime x86 SIMD
# dispatch (DISPATCH=1); this build has none, so both variants run the same portable code
# (the native one still lets the compiler use SSE2).
# xxhsum-simd is the same source built for wasm with -msimd128 (the compiler vectorizes
# XXH3's accumulator loops into wasm SIMD); its native build is identical to xxhsum's, so
# bench/run compares the wasm SIMD and scalar builds against the same native baseline.
packages=(xxhash)
outputs=(xxhsum xxhsum-simd)

build() {
  local x=$SRC/xxhash simd=""
  [ "$EXE" = .wasm ] && simd=-msimd128
  $CC $CFLAGS -I"$x" "$x/xxhash.c" "$x"/cli/*.c $LDFLAGS $LIBS -o "$DEST/xxhsum$EXE"
  $CC $CFLAGS $simd -I"$x" "$x/xxhash.c" "$x"/cli/*.c $LDFLAGS $LIBS -o "$DEST/xxhsum-simd$EXE"
}
