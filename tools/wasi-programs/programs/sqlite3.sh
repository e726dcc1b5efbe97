# The SQLite shell, and speedtest1 (test/speedtest1.c) for benchmarks, each linked with
# the amalgamation sqlite3.c. Options: Debian's main feature set, single-threaded, no
# extension loading, no popen/system (the shell's .system, .shell and pipes), the
# "unix-none" VFS, which takes no POSIX locks (WASI has none), and `double` where SQLite
# would use `long double` (80-bit natively, 128-bit soft float in wasm: they print floats
# differently in the last digits). Same in both variants.
packages=(sqlite3)
outputs=(sqlite3 speedtest1)

# The amalgamation and shell.c are generated with native tools (tclsh), once.
prepare() {
  mkdir -p sqlite3/bld && cd sqlite3/bld
  ../configure --disable-tcl --disable-readline
  make -j"$JOBS" sqlite3.c shell.c
}

build() {
  local s=$SRC/sqlite3
  local opts=(
    -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_POPEN
    -DSQLITE_NOHAVE_SYSTEM '-DSQLITE_DEFAULT_UNIX_VFS="unix-none"' -DLONGDOUBLE_TYPE=double
    -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3
    -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5
    -DSQLITE_ENABLE_RTREE -DSQLITE_SOUNDEX -DSQLITE_ENABLE_DBSTAT_VTAB
    -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_UPDATE_DELETE_LIMIT
    -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_USE_URI=1
  )
  $CC $CFLAGS "${opts[@]}" -I"$s/bld" -c "$s/bld/sqlite3.c" -o sqlite3.o
  $CC $CFLAGS "${opts[@]}" -I"$s/bld" "$s/bld/shell.c" sqlite3.o \
    $LDFLAGS $LIBS -lm -o "$DEST/sqlite3$EXE"
  $CC $CFLAGS "${opts[@]}" -I"$s/bld" "$s/test/speedtest1.c" sqlite3.o \
    $LDFLAGS $LIBS -lm -o "$DEST/speedtest1$EXE"
}
