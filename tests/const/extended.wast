;; Extended constant expressions (Wasm 3.0): i32/i64 add, sub and mul, and
;; global.get of any earlier immutable global, in global initialisers,
;; data and element offsets and element items.  w2c folds what doesn't
;; depend on an imported global and computes the rest at instantiation.
;; (Converted by the reference interpreter: spec3/tools/wast2json3.py.)

(module
  (global $imp (import "spectest" "global_i32") i32)   ;; 666
  (global $imp64 (import "spectest" "global_i64") i64) ;; 666
  (global $k i32 (i32.const 8))
  (global $a i32 (i32.add (global.get $imp) (i32.const 4)))          ;; 670
  (global $b i32 (i32.mul (global.get $a) (i32.const 2)))            ;; 1340
  (global $c i32 (i32.sub (global.get $k) (i32.const 12)))           ;; -4, folded
  (global $wrap i32 (i32.mul (i32.const 0x10000) (i32.const 0x10000)))
  (global $d i64 (i64.mul (i64.const 0x100000000) (i64.const 3)))
  (global $e i64 (i64.sub (global.get $imp64) (i64.mul (global.get $d) (i64.const 2))))
  (global $deep i32
    (i32.add (i32.add (i32.add (i32.const 1) (i32.const 2)) (i32.add (i32.const 3) (i32.const 4)))
             (i32.add (i32.add (i32.const 5) (global.get $k)) (i32.add (i32.const 7) (i32.const 8)))))
  (global $f funcref (ref.func $two))
  (global $g funcref (global.get $f))

  (memory 1)
  (data (i32.add (i32.const 1) (i32.const 2)) "\01")          ;; 3, a constant offset
  (data (global.get $k) "\02")                                ;; 8, a known global
  (data (i32.add (global.get $imp) (i32.const 4)) "\03")      ;; 670
  (data (global.get $b) "\04")                                ;; 1340, through two globals
  (data (i32.sub (i32.mul (global.get $k) (global.get $k)) (i32.const 4)) "\05") ;; 60

  (table 10 funcref)
  (elem (i32.sub (global.get $k) (i32.const 7)) func $one)    ;; 1
  (elem (i32.sub (global.get $imp) (i32.const 664)) funcref (global.get $g) (ref.func $one)) ;; 2, 3
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))

  (func (export "a") (result i32) (global.get $a))
  (func (export "b") (result i32) (global.get $b))
  (func (export "c") (result i32) (global.get $c))
  (func (export "wrap") (result i32) (global.get $wrap))
  (func (export "d") (result i64) (global.get $d))
  (func (export "e") (result i64) (global.get $e))
  (func (export "deep") (result i32) (global.get $deep))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
)

(assert_return (invoke "a") (i32.const 670))
(assert_return (invoke "b") (i32.const 1340))
(assert_return (invoke "c") (i32.const -4))
(assert_return (invoke "wrap") (i32.const 0))
(assert_return (invoke "d") (i64.const 0x300000000))
(assert_return (invoke "e") (i64.const -25769803110))
(assert_return (invoke "deep") (i32.const 38))
(assert_return (invoke "load" (i32.const 3)) (i32.const 1))
(assert_return (invoke "load" (i32.const 8)) (i32.const 2))
(assert_return (invoke "load" (i32.const 670)) (i32.const 3))
(assert_return (invoke "load" (i32.const 1340)) (i32.const 4))
(assert_return (invoke "load" (i32.const 60)) (i32.const 5))
(assert_return (invoke "call" (i32.const 1)) (i32.const 1))
(assert_return (invoke "call" (i32.const 2)) (i32.const 2))
(assert_return (invoke "call" (i32.const 3)) (i32.const 1))
(assert_trap (invoke "call" (i32.const 0)) "uninitialized element")

;; An offset computed out of bounds still traps at instantiation.
(assert_trap
  (module
    (global $imp (import "spectest" "global_i32") i32)
    (memory 1)
    (data (i32.mul (global.get $imp) (i32.const 100)) "\01"))
  "out of bounds memory access")
(assert_trap
  (module
    (memory 1)
    (data (i32.add (i32.const 65535) (i32.const 1)) "\01"))
  "out of bounds memory access")

(assert_invalid
  (module (global i32 (i32.add (i32.const 1) (i64.const 2))))
  "type mismatch")
(assert_invalid
  (module (global i32 (i32.div_u (i32.const 1) (i32.const 2))))
  "constant expression required")
(assert_invalid
  (module (global i64 (i64.add (i64.const 1))))
  "type mismatch")
(assert_invalid
  (module (global $m (mut i32) (i32.const 1)) (global i32 (i32.add (global.get $m) (i32.const 1))))
  "constant expression required")
(assert_invalid
  (module (global i32 (i32.add (global.get 1) (i32.const 1))) (global i32 (i32.const 1)))
  "unknown global")
