;; tests/interp/modules/copies.wat: code whose fast version merges copies
;; (tests/interp/copy_fusion_test.cc): local-to-local moves in a row (Copy2, whose
;; order matters) and an if arm ending with a local value (CopyJump).
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
)
