;; Stores and bulk instructions for write tracking: each function writes exactly where
;; its name says.
(module $dirty
  (memory (export "memory") 4)
  (data $seg "abcdef")
  (func (export "store_across") (i32.store (i32.const 65534) (i32.const -1)))
  (func (export "store8_page3") (i32.store8 (i32.const 196608) (i32.const 1)))
  (func (export "fill_1_to_2") (memory.fill (i32.const 65536) (i32.const 9) (i32.const 65537)))
  (func (export "copy_to_3") (memory.copy (i32.const 196700) (i32.const 0) (i32.const 10)))
  (func (export "init_to_1") (memory.init $seg (i32.const 70000) (i32.const 0) (i32.const 6)))
  (func (export "load_only") (result i32) (i32.load (i32.const 131072)))
  (func (export "fill_nothing") (memory.fill (i32.const 131072) (i32.const 1) (i32.const 0))))
