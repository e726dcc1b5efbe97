;; SIMD fixture: a loop that keeps v128 values in locals, on the operand stack, in a
;; global and in memory (for pause/restore, snapshots and state roots), and float lane
;; operations that produce NaNs (for canonicalization in deterministic mode).
(module $simd
  (memory (export "memory") 1)
  (global $acc (export "acc") (mut v128) (v128.const i32x4 0 0 0 0))

  ;; Mixes n rounds of integer and float lane arithmetic; returns both halves xored.
  (func (export "mix") (param $n i32) (result i64)
    (local $v v128) (local $f v128) (local $i i32)
    (local.set $v (v128.const i32x4 1 2 3 4))
    (local.set $f (v128.const f32x4 0.5 1.5 2.5 3.5))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; v = v * 31 + splat(i) + shuffle(v); f = f * 1.25 - f / 3 (lane-wise)
        (local.set $v
          (i32x4.add
            (i32x4.add (i32x4.mul (local.get $v) (i32x4.splat (i32.const 31)))
                       (i32x4.splat (local.get $i)))
            (i8x16.shuffle 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 (local.get $v) (local.get $v))))
        (local.set $f
          (f32x4.sub (f32x4.mul (local.get $f) (f32x4.splat (f32.const 1.25)))
                     (f32x4.div (local.get $f) (f32x4.splat (f32.const 3)))))
        (global.set $acc (v128.xor (global.get $acc) (local.get $v)))
        (v128.store (i32.mul (i32.and (local.get $i) (i32.const 15)) (i32.const 16))
                    (v128.xor (local.get $v) (local.get $f)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i64.xor (i64x2.extract_lane 0 (v128.xor (local.get $v) (global.get $acc)))
             (i64x2.extract_lane 1 (local.get $f))))

  ;; NaN-producing lane operations on fixed inputs. Lanes: 0/0, inf-inf, a payload NaN
  ;; flowing through, and an ordinary value.
  (func (export "f32x4_nans") (result v128 v128 v128 v128 v128 v128)
    (local $a v128) (local $b v128)
    (local.set $a (v128.const i32x4 0x00000000 0x7f800000 0xffa12345 0x3f800000))
    (local.set $b (v128.const i32x4 0x00000000 0x7f800000 0x3f800000 0x40000000))
    (f32x4.div (local.get $a) (local.get $b))
    (f32x4.sub (local.get $a) (local.get $b))
    (f32x4.min (local.get $a) (local.get $b))
    (f32x4.sqrt (f32x4.neg (local.get $a)))
    (f32x4.nearest (local.get $a))
    (f32x4.demote_f64x2_zero (v128.const i64x2 0xfff0000000000abc 0x7ff8000000000001)))
  (func (export "f64x2_nans") (result v128 v128 v128 v128 v128)
    (local $a v128) (local $b v128)
    (local.set $a (v128.const i64x2 0x7ff0000000000000 0xfff0000000000abc))
    (local.set $b (v128.const i64x2 0x0000000000000000 0x3ff0000000000000))
    (f64x2.mul (local.get $a) (local.get $b))
    (f64x2.add (local.get $a) (f64x2.neg (local.get $a)))
    (f64x2.max (local.get $a) (local.get $b))
    (f64x2.floor (local.get $a))
    (f64x2.promote_low_f32x4 (v128.const i32x4 0xffa12345 0x7fc00001 0 0)))
  ;; Bit operations keep NaN payloads.
  (func (export "f32x4_neg") (result v128)
    (f32x4.neg (v128.const i32x4 0xffa12345 0 0 0)))
)
