;; NaN-producing float operations, for canonicalization in deterministic mode.
(module $nans
  (func (export "f32_div") (param f32 f32) (result f32) (f32.div (local.get 0) (local.get 1)))
  (func (export "f32_sqrt") (param f32) (result f32) (f32.sqrt (local.get 0)))
  (func (export "f32_add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
  (func (export "f32_min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "f32_floor") (param f32) (result f32) (f32.floor (local.get 0)))
  (func (export "f32_neg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "f32_demote") (param f64) (result f32) (f32.demote_f64 (local.get 0)))
  (func (export "f64_mul") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
  (func (export "f64_nearest") (param f64) (result f64) (f64.nearest (local.get 0)))
  (func (export "f64_max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
  (func (export "f64_promote") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
  (func (export "f64_abs") (param f64) (result f64) (f64.abs (local.get 0)))
  ;; The NaN flows into a local and back out through arithmetic.
  (func (export "f64_sub_local") (param f64 f64) (result f64) (local f64)
    (local.set 2 (f64.sub (local.get 0) (local.get 1)))
    (local.get 2)))
