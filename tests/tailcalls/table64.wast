;; return_call_indirect through a table64 takes an i64 index (found by the
;; diff3 fuzzer: w2c wanted an i32 and rejected the module).
(module
  (type $t (func (param i64) (result i64)))
  (table $tab i64 3 funcref)
  (elem (table $tab) (i64.const 0) func $count $id)
  (func $id (type $t) (local.get 0))
  (func $count (type $t)
    (if (i64.eqz (local.get 0)) (then (return (i64.const 42))))
    (return_call_indirect $tab (type $t)
      (i64.sub (local.get 0) (i64.const 1)) (i64.const 0)))
  (func (export "run") (param i64) (param i64) (result i64)
    (return_call_indirect $tab (type $t) (local.get 0) (local.get 1))))
(assert_return (invoke "run" (i64.const 1000000) (i64.const 0)) (i64.const 42))
(assert_return (invoke "run" (i64.const 7) (i64.const 1)) (i64.const 7))
(assert_trap (invoke "run" (i64.const 7) (i64.const 2)) "uninitialized element")
(assert_trap (invoke "run" (i64.const 7) (i64.const 3)) "undefined element")
(assert_trap (invoke "run" (i64.const 7) (i64.const 0x100000000)) "undefined element")
(assert_trap (invoke "run" (i64.const 7) (i64.const -1)) "undefined element")
(assert_invalid
  (module
    (type $t (func))
    (table $tab i64 1 funcref)
    (func (return_call_indirect $tab (type $t) (i32.const 0))))
  "type mismatch")
