# GNU bc and dc, with Debian's extra CFLAGS, configured by bc's own ./configure for each
# variant (autoreconf first, as Debian's build does).
packages=(bc)
outputs=(bc dc)

bc_cflags="-D_POSIX_SOURCE -DDOT_IS_LAST -DDONTEXIT"

# bc's math library (bc/libmath.h) is bytecode made by running a bootstrap bc; make it
# once with native tools, in a scratch copy, for both variants.
prepare() {
  (cd bc && autoreconf -fi)
  cp -a bc bc-bootstrap
  (cd bc-bootstrap && ./configure CC="$CC" CFLAGS="$CFLAGS $bc_cflags" &&
    make -C lib && make -C bc libmath.h)
  cp bc-bootstrap/bc/libmath.h bc/bc/libmath.h
  rm -rf bc-bootstrap
}

build() {
  cp -a "$SRC/bc" bc && cd bc
  ./configure ${HOST:+--host=$HOST} CC="$CC" CFLAGS="$CFLAGS $bc_cflags" \
    LDFLAGS="$LDFLAGS" LIBS="$LIBS" AR="$AR" RANLIB="$RANLIB"
  make -C lib
  make -C bc -o libmath.h   # -o: keep the prepared libmath.h
  make -C dc
  cp bc/bc "$DEST/bc$EXE"
  cp dc/dc "$DEST/dc$EXE"
}
