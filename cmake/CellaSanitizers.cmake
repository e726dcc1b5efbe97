# CELLA_SANITIZE=ON builds everything with ASan + UBSan; UBSan findings abort the test.
if(CELLA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(CELLA_SANITIZED=1)
endif()
