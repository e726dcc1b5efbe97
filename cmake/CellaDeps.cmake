# The C libraries Cella links, as imported targets cella::crypto (OpenSSL's libcrypto),
# cella::sodium, cella::zstd and cella::seccomp. With CELLA_STATIC_DEPS (the default for
# non-sanitizer builds) their static archives are linked in: relocating the shared ones
# was most of a short `cella` command's start-up.
option(CELLA_STATIC_DEPS "Link libcrypto, libsodium, libzstd and libseccomp statically" ON)
set(cella_static_deps ${CELLA_STATIC_DEPS})
if(CELLA_SANITIZE OR CELLA_BUILD_FUZZ)
  set(cella_static_deps OFF)
endif()

function(cella_c_library target name)
  if(cella_static_deps)
    find_library(CELLA_LIB_${name} NAMES lib${name}.a ${name} REQUIRED)
  else()
    find_library(CELLA_LIB_${name} NAMES ${name} REQUIRED)
  endif()
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  target_link_libraries(${target} INTERFACE ${CELLA_LIB_${name}})
endfunction()

cella_c_library(cella::sodium sodium)
cella_c_library(cella::zstd zstd)
cella_c_library(cella::seccomp seccomp)
if(cella_static_deps)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()
find_package(OpenSSL REQUIRED)
add_library(cella::crypto INTERFACE IMPORTED GLOBAL)
target_link_libraries(cella::crypto INTERFACE OpenSSL::Crypto)

# The cella executable is linked fully static when every library above is an archive
# (a build directory configured before CELLA_STATIC_DEPS may still cache shared ones).
set(cella_fully_static OFF)
if(cella_static_deps AND OPENSSL_CRYPTO_LIBRARY MATCHES "\\.a$")
  set(cella_fully_static ON)
endif()
