;; bench/pause.wat: the guest of cella_bench's pause benchmarks. `deep` recurses `depth`
;; frames and then runs `spin`, a hot loop that never ends for a large `n`, so a call
;; always pauses when its fuel runs out, with `depth + 2` frames to inspect.
(module
  (func $spin (export "spin") (param $n i32) (result i32)
    (local $acc i32)
    (loop $again
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $again (local.get $n)))
    (local.get $acc))
  (func $deep (export "deep") (param $depth i32) (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $depth))
      (then (call $spin (local.get $n)))
      (else (i32.add (i32.const 1)
                     (call $deep (i32.sub (local.get $depth) (i32.const 1)) (local.get $n)))))))
