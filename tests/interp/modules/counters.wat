;; tests/interp/modules/counters.wat: loops whose counter step (i32.add of a constant)
;; is tested right away by br_if, for tests/interp/counter_branch_test.cc.
(module
  ;; up_to(n): i = 0; do i += 1 while i != n; returns i (n for n > 0).
  (func (export "up_to") (param $n i32) (result i32)
    (local $i i32)
    (loop $l
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i))

  ;; steps_below(start, limit): i = start; do { k += 1; i += 3 } while i <s limit; returns k.
  (func (export "steps_below") (param $i i32) (param $limit i32) (result i32)
    (local $k i32)
    (loop $l
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 3))) (local.get $limit))))
    (local.get $k))

  ;; wrap(start): i = start; do { k += 1; i += 4 } while i >u 8 (unsigned, so it ends
  ;; after i wraps past 2^32); returns k * 1000 + i.
  (func (export "wrap") (param $i i32) (result i32)
    (local $k i32)
    (loop $l
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.gt_u (local.tee $i (i32.add (local.get $i) (i32.const 4))) (i32.const 8))))
    (i32.add (i32.mul (local.get $k) (i32.const 1000)) (local.get $i)))

  ;; down(start): i = start; do { k += 1; i -= 2 } while i >=s -10; returns k.
  (func (export "down") (param $i i32) (result i32)
    (local $k i32)
    (loop $l
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.ge_s (local.tee $i (i32.add (local.get $i) (i32.const -2))) (i32.const -10))))
    (local.get $k))
)
