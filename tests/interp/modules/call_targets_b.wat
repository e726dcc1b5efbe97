;; call_targets_b.wat: calls of every kind from one loop (call_target_test.cc): to an
;; import (A's f, function 0), to its own function 1 directly and through the shared
;; table (element 1), to A's function 1 through the table (element 0), to a function
;; with more locals than a call in the loop zeroes (function 2) and to one with fewer
;; (function 3, called twice in a row). Both leave their locals dirty: stale values
;; would show in the sum.
(module
  (type $t (func (param i32) (result i32)))
  (import "a" "f" (func $af (type $t)))
  (import "a" "t" (table 4 funcref))
  (func $b1 (type $t) (i32.add (local.get 0) (i32.const 2000)))
  (func $big (type $t)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    ;; the locals read as zero on every call: a stale value would show in the result
    (local.set 39 (i64.add (local.get 39) (i64.extend_i32_u (local.get 0))))
    (i32.add (i32.wrap_i64 (i64.add (local.get 39) (local.get 1))) (i32.const 7)))
  (func $small (type $t) (local i32 i32 i32)
    (i32.add (i32.add (local.get 0) (i32.const 3))
             (i32.add (local.get 1) (i32.add (local.get 2) (local.get 3))))
    (local.set 1 (local.get 0))
    (local.set 2 (local.get 0))
    (local.set 3 (i32.const 1)))
  (elem (i32.const 1) $b1)
  (func (export "mix") (param $n i32) (result i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $sum (i32.add (local.get $sum) (call $af (local.get $n))))
        (local.set $sum (i32.add (local.get $sum) (call $b1 (local.get $n))))
        (local.set $sum (i32.add (local.get $sum) (call_indirect (type $t) (local.get $n) (i32.const 0))))
        (local.set $sum (i32.add (local.get $sum) (call_indirect (type $t) (local.get $n) (i32.const 1))))
        (local.set $sum (i32.add (local.get $sum) (call $big (local.get $n))))
        (local.set $sum (i32.add (local.get $sum) (call $small (local.get $n))))
        (local.set $sum (i32.add (local.get $sum) (call $small (local.get $n))))
        (br $next)))
    (local.get $sum)))
