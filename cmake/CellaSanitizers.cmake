# CELLA_SANITIZE=ON builds everything with ASan + UBSan; UBSan findings abort the test.
if(CELLA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(CELLA_SANITIZED=1)
endif()

# CELLA_BUILD_FUZZ=ON instruments every library for libFuzzer's coverage feedback and
# adds ASan + UBSan (clang only).
if(CELLA_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "CELLA_BUILD_FUZZ needs clang (libFuzzer)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
  if(NOT CELLA_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
  endif()
endif()
