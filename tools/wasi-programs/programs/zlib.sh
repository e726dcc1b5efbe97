# zlib's minigzip (test/minigzip.c), compiled together with the zlib library sources.
packages=(zlib)
outputs=(minigzip)

build() {
  local z=$SRC/zlib
  # -DHAVE_UNISTD_H -DHAVE_STDARG_H: what zlib's ./configure finds on Linux (and WASI).
  $CC $CFLAGS -DHAVE_UNISTD_H -DHAVE_STDARG_H -I"$z" \
    "$z"/{adler32,crc32,deflate,infback,inffast,inflate,inftrees,trees,zutil}.c \
    "$z"/{compress,uncompr,gzclose,gzlib,gzread,gzwrite}.c "$z/test/minigzip.c" \
    $LDFLAGS $LIBS -o "$DEST/minigzip$EXE"
}
