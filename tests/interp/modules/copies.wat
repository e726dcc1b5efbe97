;; tests/interp/modules/copies.wat: code whose fast version merges copies
;; (tests/interp/copy_fusion_test.cc): local-to-local moves in a row (Copy2, whose
;; order matters), an if arm ending with a local value (CopyJump), and loops whose back
;; edge follows a counter step (I32AddImmJump).
(module
  ;; rotate(n): four locals shifted n times like SHA-256's working variables.
  (func (export "rotate") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local.set $a (i32.const 1))
    (local.set $b (i32.const 2))
    (local.set $c (i32.const 3))
    (local.set $d (i32.const 4))
    (loop $l
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32.add (i32.mul (local.get $d) (i32.const 7)) (local.get $b)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.xor (i32.xor (local.get $a) (i32.shl (local.get $b) (i32.const 8)))
             (i32.xor (i32.shl (local.get $c) (i32.const 16)) (i32.shl (local.get $d) (i32.const 24)))))

  ;; pick(x, y, s): x when s > 10, else y.
  (func (export "pick") (param $x i32) (param $y i32) (param $s i32) (result i32)
    (if (result i32) (i32.gt_s (local.get $s) (i32.const 10))
      (then (local.get $x))
      (else (local.get $y))))
;; sum(n): 0 + 1 + ... + (n - 1), the loop closed by `br` right after i += 1.
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $s))

  ;; walk(n): two counters stepped one after the other before the back edge (the first
  ;; step stays an I32AddImm), returning p * 65536 + q after n rounds.
  (func (export "walk") (param $n i32) (result i32)
    (local $p i32) (local $q i32)
    (block $done
      (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 3)))
        (local.set $q (i32.add (local.get $q) (i32.const -2)))
        (br $top)))
    (i32.add (i32.shl (local.get $p) (i32.const 16)) (local.get $q)))
)
