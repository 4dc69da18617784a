;; call_indirect through a table whose contents w2c knows (its own,
;; unexported, filled by active segments, never changed): with more than
;; a few functions of the call's type it calls through a constant array of
;; them (emit_call.c); with few, through a switch.  Every index that is
;; not one of them must still trap as the spec says: null, another type,
;; past the end.

(module
  (type $bin (func (param i32 i32) (result i32)))
  (type $un (func (param i32) (result i32)))
  (type $two (func (param i32) (result i32 i64)))
  (table 16 funcref)
  ;; 0-2: $bin, 3: $un, 4: null, 5-7: $bin, 8: $two, 9: $bin, 10-15 null
  (elem (i32.const 0) func $add $sub $mul $neg)
  (elem (i32.const 5) func $and $or $xor $pair $shl)
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $bin) (i32.mul (local.get 0) (local.get 1)))
  (func $neg (type $un) (i32.sub (i32.const 0) (local.get 0)))
  (func $and (type $bin) (i32.and (local.get 0) (local.get 1)))
  (func $or (type $bin) (i32.or (local.get 0) (local.get 1)))
  (func $xor (type $bin) (i32.xor (local.get 0) (local.get 1)))
  (func $pair (type $two) (local.get 0) (i64.extend_i32_u (local.get 0)))
  (func $shl (type $bin) (i32.shl (local.get 0) (local.get 1)))
  (func (export "bin") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  ;; a result used after the call, and a call in a loop
  (func (export "fold") (param $op i32) (param $n i32) (result i32)
    (local $acc i32)
    (local.set $acc (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc
          (call_indirect (type $bin) (local.get $acc) (local.get $n) (local.get $op)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $acc))
  (func (export "un") (param i32 i32) (result i32)
    (call_indirect (type $un) (local.get 1) (local.get 0)))
  (func (export "two") (param i32 i32) (result i32 i64)
    (call_indirect (type $two) (local.get 1) (local.get 0)))
)

(assert_return (invoke "bin" (i32.const 0) (i32.const 7) (i32.const 5)) (i32.const 12))
(assert_return (invoke "bin" (i32.const 1) (i32.const 7) (i32.const 5)) (i32.const 2))
(assert_return (invoke "bin" (i32.const 2) (i32.const 7) (i32.const 5)) (i32.const 35))
(assert_return (invoke "bin" (i32.const 5) (i32.const 6) (i32.const 3)) (i32.const 2))
(assert_return (invoke "bin" (i32.const 6) (i32.const 6) (i32.const 3)) (i32.const 7))
(assert_return (invoke "bin" (i32.const 7) (i32.const 6) (i32.const 3)) (i32.const 5))
(assert_return (invoke "bin" (i32.const 9) (i32.const 1) (i32.const 4)) (i32.const 16))
(assert_trap (invoke "bin" (i32.const 3) (i32.const 1) (i32.const 2)) "indirect call type mismatch")
(assert_trap (invoke "bin" (i32.const 4) (i32.const 1) (i32.const 2)) "uninitialized element")
(assert_trap (invoke "bin" (i32.const 8) (i32.const 1) (i32.const 2)) "indirect call type mismatch")
(assert_trap (invoke "bin" (i32.const 10) (i32.const 1) (i32.const 2)) "uninitialized element")
(assert_trap (invoke "bin" (i32.const 15) (i32.const 1) (i32.const 2)) "uninitialized element")
(assert_trap (invoke "bin" (i32.const 16) (i32.const 1) (i32.const 2)) "undefined element")
(assert_trap (invoke "bin" (i32.const -1) (i32.const 1) (i32.const 2)) "undefined element")
(assert_return (invoke "fold" (i32.const 2) (i32.const 6)) (i32.const 720))
(assert_return (invoke "fold" (i32.const 0) (i32.const 100)) (i32.const 5051))
(assert_trap (invoke "fold" (i32.const 3) (i32.const 1)) "indirect call type mismatch")
(assert_trap (invoke "fold" (i32.const 12) (i32.const 1)) "uninitialized element")
(assert_return (invoke "fold" (i32.const 12) (i32.const 0)) (i32.const 1))
(assert_return (invoke "un" (i32.const 3) (i32.const 9)) (i32.const -9))
(assert_trap (invoke "un" (i32.const 0) (i32.const 9)) "indirect call type mismatch")
(assert_trap (invoke "un" (i32.const 20) (i32.const 9)) "undefined element")
(assert_return (invoke "two" (i32.const 8) (i32.const 9)) (i32.const 9) (i64.const 9))
(assert_trap (invoke "two" (i32.const 9) (i32.const 9)) "indirect call type mismatch")

;; Many functions of a result type with two values, and a table larger
;; than its segments.
(module
  (type $two (func (param i32) (result i32 i64)))
  (table 40 funcref)
  (elem (i32.const 30) func $a $b $c $d $e $f)
  (func $a (type $two) (local.get 0) (i64.const 1))
  (func $b (type $two) (local.get 0) (i64.const 2))
  (func $c (type $two) (local.get 0) (i64.const 3))
  (func $d (type $two) (local.get 0) (i64.const 4))
  (func $e (type $two) (local.get 0) (i64.const 5))
  (func $f (type $two) (i32.add (local.get 0) (i32.const 1)) (i64.const 6))
  (func (export "two") (param i32 i32) (result i32 i64)
    (call_indirect (type $two) (local.get 1) (local.get 0)))
)
(assert_return (invoke "two" (i32.const 30) (i32.const 9)) (i32.const 9) (i64.const 1))
(assert_return (invoke "two" (i32.const 35) (i32.const 9)) (i32.const 10) (i64.const 6))
(assert_trap (invoke "two" (i32.const 29) (i32.const 9)) "uninitialized element")
(assert_trap (invoke "two" (i32.const 0) (i32.const 9)) "uninitialized element")
(assert_trap (invoke "two" (i32.const 36) (i32.const 9)) "uninitialized element")
(assert_trap (invoke "two" (i32.const 40) (i32.const 9)) "undefined element")
