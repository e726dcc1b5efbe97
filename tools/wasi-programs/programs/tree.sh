# tree, with the flags of its Makefile (-O2 instead of -O3, like every recipe here).
packages=(tree)
outputs=(tree)

build() {
  local t=$SRC/tree
  $CC $CFLAGS -std=c11 -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64 \
    "$t"/{tree,list,hash,color,file,filter,info,unix,xml,json,html,strverscmp}.c \
    $LDFLAGS $LIBS -o "$DEST/tree$EXE"
}
