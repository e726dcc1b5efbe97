;; tests/interp/modules/lazy.wat: every way a call reaches a function for
;; tests/interp/lazy_compile_test.cc — call, call_indirect, return_call,
;; return_call_indirect, recursion past the stack limit — and a function nothing calls.
(module
  (type $i32_to_i32 (func (param i32) (result i32)))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $by_table $by_tail_table)
  (memory (export "memory") 1)

  (func $direct (type $i32_to_i32)
    (i32.mul (local.get 0) (i32.const 3)))
  (func $by_table (type $i32_to_i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (local.get $sum))
  (func $by_tail (type $i32_to_i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.add (i32.load (i32.const 16)) (i32.const 1000)))
  (func $by_tail_table (type $i32_to_i32)
    (return_call $by_tail (i32.xor (local.get 0) (i32.const 0x55))))
  (func $never (export "never") (type $i32_to_i32)
    (i32.const 7))

  ;; direct(n) + by_table(n), then by_tail_table(that) by an indirect tail call.
  (func $entry (export "entry") (type $i32_to_i32)
    (return_call_indirect $t (type $i32_to_i32)
      (i32.add (call $direct (local.get 0))
               (call_indirect $t (type $i32_to_i32) (local.get 0) (i32.const 0)))
      (i32.const 1)))

  ;; Plain recursion without a base case: traps with call stack exhausted.
  (func $down (export "down") (type $i32_to_i32)
    (call $down (i32.add (local.get 0) (i32.const 1))))
)
