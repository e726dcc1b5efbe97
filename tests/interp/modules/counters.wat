;; tests/interp/modules/counters.wat: loops whose counter step (i32.add of a constant)
;; is tested right away by br_if or if, and bit tests (i32.and of a constant compared
;; with a constant), for tests/interp/counter_branch_test.cc.
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
;; odd_steps(x): Collatz steps until 1 (at most 1000), counting odd values with a bit
  ;; test by br_if: returns odd * 10000 + steps.
  (func (export "odd_steps") (param $x i32) (result i32)
    (local $steps i32) (local $odd i32)
    (block $done
      (loop $l
        (br_if $done (i32.le_u (local.get $x) (i32.const 1)))
        (br_if $done (i32.ge_u (local.get $steps) (i32.const 1000)))
        (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
        (block $even
          (br_if $even (i32.eqz (i32.and (local.get $x) (i32.const 1))))
          (local.set $odd (i32.add (local.get $odd) (i32.const 1)))
          (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 3)) (i32.const 1)))
          (br $l))
        (local.set $x (i32.shr_u (local.get $x) (i32.const 1)))
        (br $l)))
    (i32.add (i32.mul (local.get $odd) (i32.const 10000)) (local.get $steps)))

  ;; bits(x): the sum over the masks 0x1, 0x6, 0x80000000 of 1 when (x & mask) == mask
  ;; (an if on eq) plus 10 when (x & mask) != 0 (an if on ne), and 100 when the low
  ;; nibble plus 5 is 9 (an i32.add of a constant tested by an if).
  (func (export "bits") (param $x i32) (result i32)
    (local $r i32)
    (if (i32.eq (i32.and (local.get $x) (i32.const 1)) (i32.const 1))
      (then (local.set $r (i32.add (local.get $r) (i32.const 1)))))
    (if (i32.ne (i32.and (local.get $x) (i32.const 1)) (i32.const 0))
      (then (local.set $r (i32.add (local.get $r) (i32.const 10)))))
    (if (i32.eq (i32.and (local.get $x) (i32.const 6)) (i32.const 6))
      (then (local.set $r (i32.add (local.get $r) (i32.const 1)))))
    (if (i32.ne (i32.and (local.get $x) (i32.const 6)) (i32.const 0))
      (then (local.set $r (i32.add (local.get $r) (i32.const 10)))))
    (if (i32.eq (i32.and (local.get $x) (i32.const 0x80000000)) (i32.const 0x80000000))
      (then (local.set $r (i32.add (local.get $r) (i32.const 1)))))
    (if (i32.ne (i32.and (local.get $x) (i32.const 0x80000000)) (i32.const 0))
      (then (local.set $r (i32.add (local.get $r) (i32.const 10)))))
    (if (i32.eq (i32.add (i32.and (local.get $x) (i32.const 15)) (i32.const 5)) (i32.const 9))
      (then (local.set $r (i32.add (local.get $r) (i32.const 100)))))
    (local.get $r))
)
