# CMake toolchain file: cross-compiles Cella for aarch64 Linux on a Debian x86-64 host with
# Debian's cross compiler (g++-aarch64-linux-gnu) and the arm64 builds of the libraries
# Cella links, installed through Debian multiarch (`dpkg --add-architecture arm64`, then
# libssl-dev:arm64 libzstd-dev:arm64 libsodium-dev:arm64 libseccomp-dev:arm64; see
# tools/install-deps). Header-only dependencies (CLI11, toml++, nlohmann-json) come from
# the host's /usr/share. The binaries run under qemu-user (tools/aarch64-run).
#
#   cmake -S . -B build-aarch64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#
# tools/build aarch64 does exactly this. Reused for any aarch64 target (issue 8: spec tests
# under qemu).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CELLA_CROSS_TRIPLE aarch64-linux-gnu)
set(CMAKE_LIBRARY_ARCHITECTURE ${CELLA_CROSS_TRIPLE})

set(CMAKE_C_COMPILER ${CELLA_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${CELLA_CROSS_TRIPLE}-g++)

# Debian's cross gcc already searches /usr/include/aarch64-linux-gnu and
# /usr/lib/aarch64-linux-gnu (multiarch). For CMake's own find_* commands: libraries and
# headers only from the target's multiarch directories or the cross sysroot (never the
# host's x86-64 ones); programs (wat2wasm, clang-16 for guests) from the host; package
# configuration files from both, because the header-only packages install theirs in
# /usr/share/cmake, which is architecture-independent.
set(CMAKE_FIND_ROOT_PATH /usr/${CELLA_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(CMAKE_IGNORE_PATH /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/include/x86_64-linux-gnu)

# pkg-config (libsodium, libseccomp): only the arm64 .pc files, plus the
# architecture-independent ones.
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/${CELLA_CROSS_TRIPLE}/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")

# Running target programs during the build or from CTest: qemu-user, with the arm64
# loader and libraries found through multiarch (/lib/ld-linux-aarch64.so.1).
find_program(CELLA_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(CELLA_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${CELLA_QEMU_AARCH64})
endif()
