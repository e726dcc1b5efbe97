# The Lua 5.4 interpreter. Lua's "generic" configuration (ISO C, plus LUA_COMPAT_5_3 as
# Debian has): no dlopen, readline, popen or POSIX signals, which WASI lacks; both variants
# use it. Natively it is built as C (errors unwind with longjmp); for wasm as C++, where
# errors, pcall and coroutine yields unwind with C++ exceptions, that is WebAssembly
# exception handling (wasi-libc has no setjmp/longjmp; patches/lua5.4.patch).
packages=(lua5.4)
outputs=(lua5.4)

build() {
  local l=$SRC/lua5.4/src
  # Debian's luaconf.h includes this generated header (see debian/rules).
  local arch=x86_64-linux-gnu
  [ "$VARIANT" = wasm ] && arch=wasm32-wasi
  printf '#define DEB_HOST_MULTIARCH "%s"\n' "$arch" >lua5.4-deb-multiarch.h
  local sources=()
  for f in "$l"/*.c; do
    [ "$(basename "$f")" = luac.c ] || sources+=("$f")
  done
  if [ "$VARIANT" = wasm ]; then
    $CXX $CFLAGS -x c++ -DLUA_COMPAT_5_3 -I. -I"$l" "${sources[@]}" \
      $LDFLAGS $LIBS $CXXLIBS -lm -o "$DEST/lua5.4$EXE"
  else
    $CC $CFLAGS -std=gnu99 -DLUA_COMPAT_5_3 -I. -I"$l" "${sources[@]}" \
      $LDFLAGS $LIBS -lm -o "$DEST/lua5.4$EXE"
  fi
}
