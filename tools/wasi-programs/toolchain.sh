# tools/wasi-programs/toolchain.sh: sourced by ./build. The compilers and flags of the two
# variants, as environment variables for the recipes; part of every cache key, so editing
# this file rebuilds everything. Expects $clang, $llvm_suffix, $here, $jobs and
# $support_lib_dir (set by ./build).
#
# Both variants use the same clang and the same -O2; the wasm one adds the target, the
# wasi-libc headers (and not the host's /usr/include, which Debian's clang would search
# too), wasi-libc's emulation libraries, and support/ (libc gaps, docs/real-programs.md).
# CXX is the C++ compiler with the same flags; for wasm it uses WebAssembly exception
# handling (-fwasm-exceptions) and no C++ library (-nostdlib++): programs that throw
# link CXXLIBS, the few exception entry points in support/cxx_eh.cc.
wasi_sysroot_include=/usr/include/wasm32-wasi
wasi_libc=/usr/lib/wasm32-wasi/libc.a

set_variant_env() {  # set_variant_env native|wasm
  VARIANT=$1
  CFLAGS="-O2"
  JOBS=$jobs
  local clangxx=${clang/clang/clang++}
  if [ "$VARIANT" = native ]; then
    CC="$clang"; HOST=""; EXE=""; LDFLAGS=""; LIBS=""
    CXX="$clangxx"; CXXLIBS=""
    AR=ar; RANLIB=ranlib
  else
    CC="$clang --target=wasm32-wasi -nostdlibinc -isystem $here/support/include"
    CC+=" -isystem $wasi_sysroot_include -include wasi_support.h"
    CC+=" -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS"
    CC+=" -D_WASI_EMULATED_GETPID -D_WASI_EMULATED_MMAN"
    CXX="${CC/$clang/$clangxx} -fwasm-exceptions -nostdlib++"
    CXXLIBS="-L$support_lib_dir -lwasi-cxx-eh"
    HOST=wasm32-unknown-wasi; EXE=.wasm
    # Stack first, so that overflowing it traps instead of overwriting data; 8 MiB as natively.
    LDFLAGS="-Wl,--stack-first -Wl,-z,stack-size=8388608"
    LIBS="-L$support_lib_dir -lwasi-support -lwasi-emulated-signal"
    LIBS+=" -lwasi-emulated-process-clocks -lwasi-emulated-getpid -lwasi-emulated-mman"
    AR="llvm-ar$llvm_suffix"; RANLIB="llvm-ranlib$llvm_suffix"
  fi
  export VARIANT CC CXX CFLAGS LDFLAGS LIBS CXXLIBS AR RANLIB HOST EXE JOBS
}

toolchain_id() {
  "$clang" --version | head -1
  dpkg-query -W -f='wasi-libc ${Version}\n' wasi-libc 2>/dev/null || sha256sum "$wasi_libc"
}
