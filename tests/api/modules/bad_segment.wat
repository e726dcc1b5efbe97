;; Its data segment does not fit the memory.
(module
  (memory 1)
  (data (i32.const 65535) "ab"))
