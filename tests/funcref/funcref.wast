;; Typed function references (w2c: docs/references.md): call_ref and
;; return_call_ref with several values, null checks, non-nullable locals
;; through blocks, br_on_null and br_on_non_null carrying values, typed
;; tables with initializers and typed globals across instances.

(module $M
  (type $bin (func (param i32 i32) (result i32)))
  (type $pair (func (param i64 f64) (result f64 i64)))
  (type $cont (func (param i32 (ref null $bin)) (result i32)))

  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $swap (type $pair) (local.get 1) (local.get 0))
  (elem declare func $add $sub $swap $count)

  (global $op (export "op") (mut (ref $bin)) (ref.func $add))
  (global (export "sub") (ref $bin) (ref.func $sub))
  (global $maybe (mut (ref null $bin)) (ref.null $bin))

  (table $ops 4 (ref $bin) (ref.func $sub))
  (table $nullable 2 (ref null $bin))

  (func (export "apply") (param i32 i32) (result i32)
    (call_ref $bin (local.get 0) (local.get 1) (global.get $op)))
  (func (export "set-sub")
    (global.set $op (ref.func $sub)))
  (func (export "from-table") (param i32 i32 i32) (result i32)
    (call_ref $bin (local.get 1) (local.get 2) (table.get $ops (local.get 0))))
  (func (export "table-set") (param i32)
    (table.set $ops (local.get 0) (ref.func $add)))
  (func (export "null-call") (result i32)
    (call_ref $bin (i32.const 1) (i32.const 2) (table.get $nullable (i32.const 0))))
  (func (export "swap") (param i64 f64) (result f64 i64)
    (call_ref $pair (local.get 0) (local.get 1) (ref.func $swap)))

  ;; a local of type (ref $bin): set in a block, it is unset after it
  (func (export "local") (param i32) (result i32)
    (local $f (ref $bin))
    (local.set $f (ref.func $add))
    (block
      (local.set $f (ref.func $sub))
      (br_if 0 (local.get 0))
      (local.set $f (ref.func $add)))
    (call_ref $bin (i32.const 10) (i32.const 3) (local.get $f)))

  ;; br_on_null leaves the label's values, br_on_non_null takes the
  ;; reference along
  (func (export "on-null") (param i32) (result i32)
    (local $f (ref $bin))
    (block $null (result i32)
      (i32.const -1)
      (if (local.get 0) (then (global.set $maybe (ref.func $add))))
      (br_on_null $null (global.get $maybe))
      (local.set $f)
      (drop)
      (global.set $maybe (ref.null $bin))
      (return_call_ref $bin (i32.const 40) (i32.const 2) (local.get $f))))
  (func (export "on-non-null") (param i32) (result i32)
    (local $f (ref $bin))
    (block $some (result i32 (ref $bin))
      (i32.const 5)
      (if (result (ref null $bin)) (local.get 0)
        (then (ref.func $sub)) (else (ref.null $bin)))
      (br_on_non_null $some)
      (return (i32.const -7)))
    (local.set $f)
    (call_ref $bin (i32.const 1) (local.get $f)))
  (func (export "as-non-null") (param i32) (result i32)
    (call_ref $bin (i32.const 6) (i32.const 7)
      (ref.as_non_null
        (select (result (ref null $bin)) (ref.func $add) (ref.null $bin) (local.get 0)))))

  ;; return_call_ref a million times deep, in constant stack
  (func $count (type $cont)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 77))
      (else
        (return_call_ref $cont (i32.sub (local.get 0) (i32.const 1)) (local.get 1)
          (ref.func $count)))))
  (func (export "count") (param i32) (result i32)
    (call $count (local.get 0) (ref.null $bin)))
)
(register "M" $M)

(assert_return (invoke "apply" (i32.const 5) (i32.const 3)) (i32.const 8))
(invoke "set-sub")
(assert_return (invoke "apply" (i32.const 5) (i32.const 3)) (i32.const 2))
(assert_return (invoke "from-table" (i32.const 3) (i32.const 5) (i32.const 3)) (i32.const 2))
(invoke "table-set" (i32.const 3))
(assert_return (invoke "from-table" (i32.const 3) (i32.const 5) (i32.const 3)) (i32.const 8))
(assert_trap (invoke "from-table" (i32.const 4) (i32.const 5) (i32.const 3)) "out of bounds table access")
(assert_trap (invoke "null-call") "null function reference")
(assert_return (invoke "swap" (i64.const 3) (f64.const 2.5)) (f64.const 2.5) (i64.const 3))
(assert_return (invoke "local" (i32.const 0)) (i32.const 13))
(assert_return (invoke "local" (i32.const 1)) (i32.const 7))
(assert_return (invoke "on-null" (i32.const 0)) (i32.const -1))
(assert_return (invoke "on-null" (i32.const 1)) (i32.const 42))
(assert_return (invoke "on-null" (i32.const 0)) (i32.const -1))
(assert_return (invoke "on-non-null" (i32.const 1)) (i32.const 4))
(assert_return (invoke "on-non-null" (i32.const 0)) (i32.const -7))
(assert_return (invoke "as-non-null" (i32.const 1)) (i32.const 13))
(assert_trap (invoke "as-non-null" (i32.const 0)) "null reference")
(assert_return (invoke "count" (i32.const 1000000)) (i32.const 77))

;; the exported (ref $bin) global, imported as subtypes allow
(module
  (type $bin (func (param i32 i32) (result i32)))
  (global $s (import "M" "sub") (ref $bin))
  (global $t (import "M" "sub") (ref null func))
  (func (export "run") (result i32)
    (call_ref $bin (i32.const 9) (i32.const 4) (global.get $s)))
)
(assert_return (invoke "run") (i32.const 5))
(assert_unlinkable
  (module (type $bin (func (param i32 i32) (result i32)))
    (global (import "M" "op") (mut (ref null $bin))))
  "incompatible import type")
(assert_unlinkable
  (module (type $other (func (param i32) (result i32)))
    (global (import "M" "sub") (ref $other)))
  "incompatible import type")

;; validation
(assert_invalid
  (module (type $t (func)) (func (local (ref $t)) (drop (local.get 0))))
  "uninitialized local")
(assert_invalid
  (module (type $t (func)) (elem declare func $f) (func $f (local (ref $t))
    (block (local.set 0 (ref.func $f))) (drop (local.get 0))))
  "uninitialized local")
(assert_invalid
  (module (type $t (func)) (func (param funcref) (call_ref $t (local.get 0))))
  "type mismatch")
(assert_invalid
  (module (type $t (func)) (table 1 (ref $t)))
  "type mismatch")
