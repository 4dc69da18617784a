;; What exception handling costs (run.sh): a call in a handler that
;; catches nothing (enter) against the same call without one (plain), and
;; a throw caught 1 and 100 frames up.  Each export loops n times and
;; returns a sum, so that nothing is optimised away.
(module
  (tag $e (param i32))
  (global $g (mut i32) (i32.const 0))
  (func $leaf (param i32)
    (global.set $g (i32.add (global.get $g) (local.get 0))))

  (func $without (param i32) (result i32)
    (call $leaf (local.get 0))
    (i32.const 1))
  (func $with-try (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $leaf (local.get 0)))
      (i32.const 1)))
  (func $thrower (param i32) (throw $e (local.get 0)))
  (func $catch1 (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $thrower (local.get 0)))
      (i32.const 0)))
  (func $rec (param i32 i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (local.get 1))))
    (call $rec (i32.sub (local.get 0) (i32.const 1)) (local.get 1)))
  (func $catch100 (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $rec (i32.const 99) (local.get 0)))
      (i32.const 0)))

  (func (export "plain") (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $without (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "enter") (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $with-try (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "throw1") (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $catch1 (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "throw100") (param $n i32) (result i32)
    (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (call $catch100 (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
)
