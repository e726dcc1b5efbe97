# Start-up layout. A short `cella run` executes about a thousand functions spread over
# the executable's 7 MB of code, and touches some 300 variables and tables; each page (or
# 64 KiB window of code) it first touches costs a page fault, which on a virtual machine
# takes several microseconds. With clang and lld (not sanitizer or fuzzing builds), every
# function and variable gets its own section and the `cella` executable is linked with
# src/cli/startup.order (lld --symbol-ordering-file, made by tools/startup-order), which
# puts what start-up touches together at the front of each section.
# `cella run hello.wasm`: 145 page faults → 93.
option(CELLA_STARTUP_ORDER "Lay out the code and data cella's start-up touches together (clang and lld)" ON)
set(cella_startup_order OFF)
if(CELLA_STARTUP_ORDER AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND NOT CELLA_SANITIZE AND NOT CELLA_BUILD_FUZZ)
  find_program(CELLA_LD_LLD NAMES ld.lld)
  if(CELLA_LD_LLD)
    set(cella_startup_order ON)
    add_compile_options(-ffunction-sections -fdata-sections)
  else()
    message(STATUS "ld.lld not found: the cella executable keeps the default code layout")
  endif()
endif()
