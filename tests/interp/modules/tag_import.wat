;; tests/interp/modules/tag_import.wat: a module that imports its tag from the host, for
;; tests/interp/exceptions_test.cc (tags made with Store::CreateTag, shared by instances).
(module
  (import "host" "boom" (tag $boom (param i32)))
  (func (export "throw_it") (param i32) (throw $boom (local.get 0)))
  (func (export "catch_it") (param i32) (result i32)
    (try (result i32)
      (do (throw $boom (local.get 0)))
      (catch $boom (i32.const 1) (i32.add)))))
