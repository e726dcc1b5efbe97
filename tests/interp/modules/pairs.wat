;; tests/interp/modules/pairs.wat: code whose fast version pairs an op with the i32.add of
;; a constant right after it (tests/interp/pair_test.cc): a store and the bump of its
;; pointer (I32Store8AddImm, I32StoreAddImm), a sum and a counter step (I32AddAddImm);
;; and a byte load with the br_if or if testing it (I32Load8UBrIfEqImm / NeImm).
(module
  (memory (export "memory") 1)

  ;; fill8(p, n, v): bytes p, p+1, ... p+n-1 become v, v+3, v+6, ...; returns p + n.
  ;; The loop body pairs the store with p += 1, leaves v += 3 alone (its neighbour is
  ;; already paired) and joins n -= 1 to the back edge (I32AddImmJump).
  (func (export "fill8") (param $p i32) (param $n i32) (param $v i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $p) (local.get $v))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $v (i32.add (local.get $v) (i32.const 3)))
        (local.set $n (i32.add (local.get $n) (i32.const -1)))
        (br $l)))
    (local.get $p))

  ;; fill32(p, n, v): n words from p become v, v*5+1, ...; returns p + 4n.
  (func (export "fill32") (param $p i32) (param $n i32) (param $v i32) (result i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store offset=0 (local.get $p) (local.get $v))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 5)) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_if $l (i32.const 1))))
    (local.get $p))

  ;; sum(p, n): the bytes p .. p+n-1 added up, s += byte then i += 1 (I32AddAddImm).
  (func (export "sum") (param $p i32) (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (i32.add (local.get $p) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.const 1))))
    (local.get $s))

  ;; fillto(p, end, v): bytes p .. end-1 (p < end) become v; returns the last p stored
  ;; to. The step p += 1 joins the compare-and-branch after it (AddImmBrIfNe), so the
  ;; store it was paired with is a plain i32.store8 again.
  (func (export "fillto") (param $p i32) (param $end i32) (param $v i32) (result i32)
    (loop $l
      (i32.store8 (local.get $p) (local.get $v))
      (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $end))))
    (i32.sub (local.get $p) (i32.const 1)))

  ;; scan(p): the length of the token at p, which ends at a 0 byte or a ','; plus
  ;; 1000 for every 'x' in it. Runs past the end of the memory when nothing ends it.
  (func (export "scan") (param $p i32) (result i32)
    (local $q i32) (local $c i32) (local $x i32)
    (local.set $q (local.get $p))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.tee $c (i32.load8_u (local.get $q)))))
        (br_if $done (i32.eq (local.get $c) (i32.const 44)))
        (if (i32.eq (i32.load8_u (local.get $q)) (i32.const 120))
          (then (local.set $x (i32.add (local.get $x) (i32.const 1000)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $l)))
    (i32.add (i32.sub (local.get $q) (local.get $p)) (local.get $x)))

  (data (i32.const 3000) "12x4,xx\00abc")
  (data (i32.const 65530) "xxyyzz")
)
