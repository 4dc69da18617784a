;; indirect.c: the module whose table others import.
;; Table entries: 0 double, 1 nothing, 2 trap, 3 load (from lib's own
;; memory), 4 i64 identity, 5 and 6 written by user.wat's segment, 7 null,
;; 8 wide20 (20 parameters: a signature too large for the inline type id,
;; registered at run time), 9 wide21.
(module
  (type $i2i (func (param i32) (result i32)))
  (type $v2v (func))
  (type $w20 (func (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
                          i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (table (export "tab") 10 funcref)
  (elem (i32.const 0) $double $nothing $trap $load $i64id)
  (elem (i32.const 8) $wide20 $wide21)
  (func $double (export "double") (type $i2i) (i32.mul (local.get 0) (i32.const 2)))
  (func $nothing (type $v2v))
  (func $trap (type $v2v) (unreachable))
  (func $load (param i32) (result i32) (i32.load (local.get 0)))
  (func $i64id (param i64) (result i64) (local.get 0))
  (func $wide20 (type $w20) (i32.add (local.get 0) (local.get 19)))
  (func $wide21 (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32
                       i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (local.get 20))
  ;; lib calling through its own table, into whatever is there now.
  (func (export "lib_call") (param i32 i32) (result i32)
    (call_indirect (type $i2i) (local.get 1) (local.get 0))))
