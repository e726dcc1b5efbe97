# Warning flags for every Cella target: -Wall -Wextra and a few that catch real bugs.
add_library(cella_warnings INTERFACE)
target_compile_options(cella_warnings INTERFACE -Wall -Wextra $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> -Wnon-virtual-dtor
  -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(cella_warnings INTERFACE -Wno-shadow-field-in-constructor)
endif()
if(CELLA_WERROR)
  target_compile_options(cella_warnings INTERFACE -Werror)
endif()
