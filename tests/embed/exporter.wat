;; wat2wasm-flags: --enable-exceptions
;; The instance whose exports tests/embed/link.c gives to others, under
;; other names, and whose funcrefs it calls dynamically.
(module
  (import "host" "twice" (func $twice (param i32) (result i32)))
  (import "host" "fail" (func $fail))
  (type $ii (func (param i32) (result i32)))
  (type $li (func (param i64 f64) (result f64)))
  (global (export "counter") (mut i32) (i32.const 5))
  (global (export "fixed") i64 (i64.const 9))
  (global (export "fref") funcref (ref.func $mix))
  (memory (export "mem") 1)
  (table (export "tab") 6 funcref)
  (tag $err (export "err") (param i32))
  (elem (i32.const 0) $inc $mix $twice $boom $throws $fail)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  ;; a signature no export has: its invoker comes from the module's table
  (func $mix (type $li) (f64.add (f64.convert_i64_s (local.get 0)) (local.get 1)))
  (func $boom (result i32) unreachable)
  (func $throws (param i32) (throw $err (local.get 0)))
  (func (export "plus") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32)
    (i32.load8_u (local.get 0)))
  (func (export "run_fail") (call $fail))
  (func (export "throw") (param i32) (throw $err (local.get 0))))
