;; tests/determinism/nan.wat: float results whose bits differ between CPUs unless the engine
;; fixes them. x86-64 and aarch64 make different NaNs (the sign of the default NaN, which
;; operand's payload survives, signalling NaNs); in deterministic mode every NaN that float
;; arithmetic produces must be the canonical one, while neg/abs/copysign keep the bits they
;; are given. Also a few non-NaN results that a fused multiply-add or a wrong rounding would
;; change. Prints one line per result, "label bits" in hex, to stdout; nan.expected is the
;; only correct output (tests/determinism/check.sh, CTest determinism.nan).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; Labels, 12 bytes each, at offset 16: label i is at 16 + 12 * i.
  (data (i32.const 16)
    "f32 0/0     " "f32 sqrt -1 " "f32 inf-inf " "f32 0*inf   " "f32 snan+1  " "f32 -qnan+1 "
    "f32 qnan+snn" "f32 min nan " "f32 max nan " "f32 ceil nan" "f32 nearestn" "f32 demote n"
    "f64 0/0     " "f64 sqrt -1 " "f64 inf-inf " "f64 snan+1  " "f64 qnan+snn" "f64 min nan "
    "f64 floor n " "f64 promoten" "f32 neg nan " "f64 abs nan " "f32 copysign" "f64 .1*3-.3 "
    "f32 .1*3-.3 " "f64 1/3     " "f32 cvt u64 " "f64 cvt s64 " "i32 trunsat " "f32 sqrt 2  ")
  (global $p (mut i32) (i32.const 1024))  ;; output position

  ;; Appends label $i, a space, the low $digits hex digits of $v and a newline.
  (func $line (param $i i32) (param $v i64) (param $digits i32)
    (local $k i32)
    (memory.copy (global.get $p) (i32.add (i32.const 16) (i32.mul (local.get $i) (i32.const 12))) (i32.const 12))
    (global.set $p (i32.add (global.get $p) (i32.const 12)))
    (i32.store8 (global.get $p) (i32.const 32))
    (global.set $p (i32.add (global.get $p) (i32.const 1)))
    (local.set $k (local.get $digits))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $k)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (i32.store8 (global.get $p)
          (i32.load8_u offset=0 (i32.wrap_i64 (i64.and
            (i64.shr_u (local.get $v) (i64.extend_i32_u (i32.mul (local.get $k) (i32.const 4))))
            (i64.const 15)))))
        (global.set $p (i32.add (global.get $p) (i32.const 1)))
        (br $next)))
    (i32.store8 (global.get $p) (i32.const 10))
    (global.set $p (i32.add (global.get $p) (i32.const 1))))
  (data (i32.const 0) "0123456789abcdef")
  (func $f32 (param $i i32) (param $x f32)
    (call $line (local.get $i) (i64.extend_i32_u (i32.reinterpret_f32 (local.get $x))) (i32.const 8)))
  (func $f64 (param $i i32) (param $x f64)
    (call $line (local.get $i) (i64.reinterpret_f64 (local.get $x)) (i32.const 16)))

  (func (export "_start")
    (call $f32 (i32.const 0) (f32.div (f32.const 0) (f32.const 0)))
    (call $f32 (i32.const 1) (f32.sqrt (f32.const -1)))
    (call $f32 (i32.const 2) (f32.add (f32.const inf) (f32.const -inf)))
    (call $f32 (i32.const 3) (f32.mul (f32.const 0) (f32.const inf)))
    (call $f32 (i32.const 4) (f32.add (f32.const nan:0x000001) (f32.const 1)))
    (call $f32 (i32.const 5) (f32.add (f32.const -nan:0x400123) (f32.const 1)))
    (call $f32 (i32.const 6) (f32.add (f32.const nan:0x400001) (f32.const -nan:0x000002)))
    (call $f32 (i32.const 7) (f32.min (f32.const 1) (f32.const -nan:0x400005)))
    (call $f32 (i32.const 8) (f32.max (f32.const nan:0x000007) (f32.const 1)))
    (call $f32 (i32.const 9) (f32.ceil (f32.const -nan:0x400009)))
    (call $f32 (i32.const 10) (f32.nearest (f32.const nan:0x000011)))
    (call $f32 (i32.const 11) (f32.demote_f64 (f64.const -nan:0x8000000000123)))
    (call $f64 (i32.const 12) (f64.div (f64.const 0) (f64.const 0)))
    (call $f64 (i32.const 13) (f64.sqrt (f64.const -1)))
    (call $f64 (i32.const 14) (f64.sub (f64.const inf) (f64.const inf)))
    (call $f64 (i32.const 15) (f64.add (f64.const nan:0x1) (f64.const 1)))
    (call $f64 (i32.const 16) (f64.mul (f64.const nan:0x8000000000001) (f64.const -nan:0x2)))
    (call $f64 (i32.const 17) (f64.min (f64.const -nan:0x3) (f64.const -1)))
    (call $f64 (i32.const 18) (f64.floor (f64.const -nan:0x8000000000004)))
    (call $f64 (i32.const 19) (f64.promote_f32 (f32.const -nan:0x000005)))
    (call $f32 (i32.const 20) (f32.neg (f32.const nan:0x200001)))
    (call $f64 (i32.const 21) (f64.abs (f64.const -nan:0x1234)))
    (call $f32 (i32.const 22) (f32.copysign (f32.const nan:0x7)
                                             (f32.div (f32.const -1) (f32.const inf))))
    (call $f64 (i32.const 23) (f64.sub (f64.mul (f64.const 0.1) (f64.const 3)) (f64.const 0.3)))
    (call $f32 (i32.const 24) (f32.sub (f32.mul (f32.const 0.1) (f32.const 3)) (f32.const 0.3)))
    (call $f64 (i32.const 25) (f64.div (f64.const 1) (f64.const 3)))
    (call $f32 (i32.const 26) (f32.convert_i64_u (i64.const -1)))
    (call $f64 (i32.const 27) (f64.convert_i64_s (i64.const 0x20000000000001)))
    (call $line (i32.const 28) (i64.extend_i32_u (i32.trunc_sat_f64_s (f64.const -1e10))) (i32.const 8))
    (call $f32 (i32.const 29) (f32.sqrt (f32.const 2)))
    ;; One fd_write of everything: iovec at 8.
    (i32.store (i32.const 8) (i32.const 1024))
    (i32.store (i32.const 12) (i32.sub (global.get $p) (i32.const 1024)))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 4))))
)
