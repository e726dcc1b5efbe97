;; call_targets_a.wat: the other instance of call_target_test.cc. Its function 1 sits in
;; its exported table at element 0, where call_targets_b.wat reaches it by call_indirect:
;; the same function index as a function of B that B's calls have made a call target.
(module
  (type $t (func (param i32) (result i32)))
  (func $f (export "f") (type $t) (i32.add (local.get 0) (i32.const 100)))
  (func $a1 (type $t) (i32.add (local.get 0) (i32.const 1000)))
  (table (export "t") 4 funcref)
  (elem (i32.const 0) $a1))
