;; tests/interp/modules/exceptions.wat: exception handling (try / catch / catch_all /
;; rethrow / delegate / throw) for tests/interp/exceptions_test.cc: throws through several
;; frames, rethrow of a held exception, delegate, uncaught exceptions, and pause points
;; around throws and catches.
(module
  (tag $e (export "e") (param i32))
  (tag $other (export "other"))
  (tag $pair (param i64 i32))

  ;; depth(n, v): recurses n frames, then throws $e(v).
  (func $depth (export "depth") (param $n i32) (param $v i32)
    (if (i32.eqz (local.get $n))
      (then (throw $e (local.get $v))))
    (call $depth (i32.sub (local.get $n) (i32.const 1)) (local.get $v)))

  ;; catch_deep(n, v): calls depth(n, v) and returns the payload + 1.
  (func (export "catch_deep") (param $n i32) (param $v i32) (result i32)
    (try (result i32)
      (do (call $depth (local.get $n) (local.get $v)) (i32.const -1))
      (catch $e (i32.add (i32.const 1)))))

  ;; A value below the try survives the unwinding: 100 + payload.
  (func (export "keeps_stack") (param $v i32) (result i32)
    (i32.const 100)
    (try (result i32)
      (do (call $depth (i32.const 3) (local.get $v)) (i32.const 0))
      (catch $e))
    (i32.add))

  ;; The catch arm pauses (a loop of `spin` iterations) then rethrows to the outer try,
  ;; which returns payload * 2.
  (func (export "rethrow_after_work") (param $v i32) (param $spin i32) (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do (call $depth (i32.const 2) (local.get $v)) (i32.const 0))
          (catch $e
            (drop)
            (block $done
              (loop $again
                (br_if $done (i32.eqz (local.get $spin)))
                (local.set $spin (i32.sub (local.get $spin) (i32.const 1)))
                (br $again)))
            (rethrow 0))))
      (catch $e (i32.mul (i32.const 2)))))

  ;; catch_all sees every tag; the first matching catch wins.
  (func (export "which") (param $k i32) (result i32) (local $low i32)
    (try (result i32)
      (do
        (if (i32.eq (local.get $k) (i32.const 0)) (then (throw $e (i32.const 7))))
        (if (i32.eq (local.get $k) (i32.const 1)) (then (throw $other)))
        (if (i32.eq (local.get $k) (i32.const 2)) (then (throw $pair (i64.const 5) (i32.const 6))))
        (i32.const 0))
      (catch $e)
      (catch $pair (local.set $low) (i32.wrap_i64) (local.get $low) (i32.add))
      (catch_all (i32.const 99))))

  ;; delegate 1 skips the try around the delegating one: the outer try catches.
  (func (export "delegated") (result i32)
    (try (result i32)
      (do
        (try (result i32)
          (do
            (try (result i32)
              (do (throw $e (i32.const 3)))
              (delegate 1)))
          (catch $e (i32.const 10) (i32.add))))
      (catch $e (i32.const 20) (i32.add))))

  ;; delegate to the function label: the caller catches.
  (func $to_caller (param $v i32) (result i32)
    (try (result i32)
      (do (throw $e (local.get $v)))
      (delegate 0)))
  (func (export "delegate_to_caller") (param $v i32) (result i32)
    (try (result i32)
      (do (call $to_caller (local.get $v)))
      (catch $e (i32.const 1000) (i32.add))))

  ;; Nothing catches: a trap naming the tag, with the wasm backtrace.
  (func (export "uncaught") (param $n i32)
    (call $depth (local.get $n) (i32.const 5)))
  (func (export "uncaught_other")
    (try (do (throw $other)) (catch $e (drop))))

  ;; A simple throw/catch for fuel accounting (see the test for the expected cost).
  (func (export "fuel_probe") (param $v i32) (result i32)
    (try (result i32)
      (do (local.get $v) (throw $e))
      (catch $e (i32.const 1) (i32.add))))
)
