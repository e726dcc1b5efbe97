# bzip2, with the flags of its Makefile (large-file offsets on).
packages=(bzip2)
outputs=(bzip2)

build() {
  local b=$SRC/bzip2
  $CC $CFLAGS -D_FILE_OFFSET_BITS=64 -I"$b" \
    "$b"/{blocksort,huffman,crctable,randtable,compress,decompress,bzlib,bzip2}.c \
    $LDFLAGS $LIBS -o "$DEST/bzip2$EXE"
}
