;; tests/interp/modules/tail.wat: tail calls (return_call, return_call_indirect) for
;; tests/interp/tail_call_test.cc: deep mutual recursion in constant stack, exact fuel,
;; indirect tail calls and their type check, a tail call to a host function.
(module
  (type $i64_to_i32 (func (param i64) (result i32)))
  (type $i32_to_i32 (func (param i32) (result i32)))
  (import "host" "add1" (func $add1 (param i32) (result i32)))
  (table $t 3 funcref)
  (elem (table $t) (i32.const 0) func $even $odd $add1)

  ;; even(n) / odd(n) by mutual tail recursion: 7 fuel per step, 4 for the last.
  (func $even (export "even") (type $i64_to_i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (export "odd") (type $i64_to_i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))

  ;; The same with plain calls: the frames pile up.
  (func $even_call (export "even_call") (type $i64_to_i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (call $odd_call (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd_call (type $i64_to_i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (call $even_call (i64.sub (local.get 0) (i64.const 1))))))

  ;; even/odd through the table: slot 0 = even, 1 = odd.
  (func $even_ind (export "even_indirect") (type $i64_to_i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect $t (type $i64_to_i32)
              (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))

  ;; Tail-calls table slot `i` as [i32] -> [i32]: slot 2 (add1) matches, 0 does not,
  ;; 3 is out of bounds.
  (func (export "call_slot") (param $i i32) (param $x i32) (result i32)
    (return_call_indirect $t (type $i32_to_i32) (local.get $x) (local.get $i)))

  ;; A tail call to a host function: its results are the caller's.
  (func (export "to_host") (param i32) (result i32)
    (return_call $add1 (i32.add (local.get 0) (i32.const 10))))

  ;; A loop of tail calls that accumulates in a parameter (sum 1..n).
  (func $sum (export "sum") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $sum (i64.sub (local.get $n) (i64.const 1))
                              (i64.add (local.get $acc) (local.get $n))))))
)
