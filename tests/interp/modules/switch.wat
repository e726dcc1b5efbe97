;; tests/interp/modules/switch.wat: br_table indexed by a value minus or plus a constant
;; (a C switch whose cases do not start at 0), for tests/interp/jump_table_test.cc.
(module
  ;; from5(x): cases x = 5, 6, 7 give 50, 60, 70; anything else (x - 5 wrapping too) 99.
  (func (export "from5") (param $x i32) (result i32)
    (block $default
      (block $c7
        (block $c6
          (block $c5
            (br_table $c5 $c6 $c7 $default (i32.sub (local.get $x) (i32.const 5))))
          (return (i32.const 50)))
        (return (i32.const 60)))
      (return (i32.const 70)))
    (i32.const 99))

  ;; plus3(x): index x + 3; cases 0 and 1 (x = -3, -2) give 1 and 2, else 3.
  (func (export "plus3") (param $x i32) (result i32)
    (block $default
      (block $c1
        (block $c0
          (br_table $c0 $c1 $default (i32.add (local.get $x) (i32.const 3))))
        (return (i32.const 1)))
      (return (i32.const 2)))
    (i32.const 3))
)
