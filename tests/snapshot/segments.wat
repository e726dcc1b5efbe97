;; tests/snapshot/segments.wat: a memory whose two pages data segments fill at
;; instantiation, for copy_on_write_test.cc (a restore must replace them).
(module
  (memory (export "memory") 2 4)
  (data (i32.const 0) "page zero, from a data segment")
  (data (i32.const 65536) "page one, from a data segment"))
