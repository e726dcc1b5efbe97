# jq with the regular-expression library oniguruma (Debian's libonig), both static,
# each configured by its own ./configure for each variant (autoreconf first, as Debian's
# builds do).
packages=(libonig jq)
outputs=(jq)

prepare() {
  (cd libonig && autoreconf -fi)
  (cd jq && autoreconf -fi)
}

build() {
  local common=(${HOST:+--host=$HOST} --disable-shared --enable-static
    CC="$CC" CFLAGS="$CFLAGS" LDFLAGS="$LDFLAGS" LIBS="$LIBS" AR="$AR" RANLIB="$RANLIB")
  cp -a "$SRC/libonig" onig
  (cd onig && ./configure --prefix="$PWD/../onig-install" \
      --enable-binary-compatible-posix-api=yes "${common[@]}" &&
    make -j"$JOBS" -C src install)
  cp -a "$SRC/jq" jq && cd jq
  ./configure --with-oniguruma="$PWD/../onig-install" --disable-docs \
    --disable-maintainer-mode --disable-valgrind "${common[@]}"
  make src/builtin.inc src/version.h
  make -j"$JOBS" jq
  cp jq "$DEST/jq$EXE"
}
