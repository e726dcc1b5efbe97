# Start-up code layout. A short `cella run` executes about a thousand functions spread
# over the executable's 7 MB of code; each 64 KiB window of code it first touches costs a
# page fault, which on a virtual machine takes several microseconds. With clang and lld
# (not sanitizer or fuzzing builds), every function gets its own section and the `cella`
# executable is linked with src/cli/startup.order (lld --symbol-ordering-file, made by
# tools/startup-order), which puts the functions start-up runs together at the front.
# `cella run hello.wasm`: 145 page faults → 102.
option(CELLA_STARTUP_ORDER "Lay out the functions cella's start-up runs together (clang and lld)" ON)
set(cella_startup_order OFF)
if(CELLA_STARTUP_ORDER AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND NOT CELLA_SANITIZE AND NOT CELLA_BUILD_FUZZ)
  find_program(CELLA_LD_LLD NAMES ld.lld)
  if(CELLA_LD_LLD)
    set(cella_startup_order ON)
    add_compile_options(-ffunction-sections)
  else()
    message(STATUS "ld.lld not found: the cella executable keeps the default code layout")
  endif()
endif()
