;; __multi3 (multi3.wast) stores its high half first: an address whose
;; high half is out of bounds traps with the low half's bytes unwritten.
;; Run with explicit bounds checks only: with guard pages, gcc -O2 may
;; write the low half first (the fault is no side effect to C), with the
;; original body as with w2c_multi3, as it may any two stores.

(module
  (memory 1)
  (func $multi3 (export "multi3") (param i32 i64 i64 i64 i64)
    (local i64)
    local.get 0
    local.get 4
    local.get 1
    i64.mul
    local.get 2
    local.get 3
    i64.mul
    i64.add
    local.get 3
    i64.const 32
    i64.shr_u
    local.tee 2
    local.get 1
    i64.const 32
    i64.shr_u
    local.tee 4
    i64.mul
    i64.add
    local.get 3
    i64.const 4294967295
    i64.and
    local.tee 3
    local.get 1
    i64.const 4294967295
    i64.and
    local.tee 1
    i64.mul
    local.tee 5
    i64.const 32
    i64.shr_u
    local.get 3
    local.get 4
    i64.mul
    i64.add
    local.tee 3
    i64.const 32
    i64.shr_u
    i64.add
    local.get 3
    i64.const 4294967295
    i64.and
    local.get 2
    local.get 1
    i64.mul
    i64.add
    local.tee 1
    i64.const 32
    i64.shr_u
    i64.add
    i64.store offset=8
    local.get 0
    local.get 1
    i64.const 32
    i64.shl
    local.get 5
    i64.const 4294967295
    i64.and
    i64.or
    i64.store)
  (func (export "lo") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "hi") (param i32) (result i64) (i64.load offset=8 (local.get 0)))
  (func (export "put") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
)

(invoke "put" (i32.const 65528) (i64.const 7))
(assert_trap (invoke "multi3" (i32.const 65528) (i64.const 3) (i64.const 0) (i64.const 5) (i64.const 0))
  "out of bounds memory access")
(assert_return (invoke "lo" (i32.const 65528)) (i64.const 7))
(invoke "put" (i32.const 65521) (i64.const 9))
(assert_trap (invoke "multi3" (i32.const 65521) (i64.const 3) (i64.const 0) (i64.const 5) (i64.const 0))
  "out of bounds memory access")
(assert_return (invoke "lo" (i32.const 65521)) (i64.const 9))
