;; Tail calls made inside exception handlers: the call replaces the
;; function, so its handlers are left before it (what the callee throws
;; goes past them), and a chain of such calls runs in constant stack with
;; no handler left behind.  Converted by the reference interpreter, which
;; checks every assertion: tests/tailcalls/convert.sh.

(module
  (tag $e (param i32))
  (tag $other)
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $thrower $down)

  (func $thrower (param i32) (result i32) (throw $e (local.get 0)))

  ;; the handler must not catch what the tail-called function throws
  (func (export "direct") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (return_call $thrower (local.get 0)))
      (return))
    (i32.const -1)
    (i32.add))
  (func (export "indirect") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
      (return))
    (i32.const -1)
    (i32.add))

  ;; down(n): inside a handler of its own, tail-calls down(n - 1) through
  ;; the table; down(0) throws, outside its handler.  Every handler was left: the caller's
  ;; catches the exception, with nothing in between.
  (func $down (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 7))))
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))
      (return))
    (drop)
    (i32.const -100))
  (func (export "chain") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call $down (local.get 0)))
      (return))
    (i32.const 1000)
    (i32.add))
  ;; the same chain to a function of its own, directly
  (func $self (param i32) (result i32)
    (block $x
      (try_table (catch $other $x)
        (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 3))))
        (return_call $self (i32.sub (local.get 0) (i32.const 1)))))
    (i32.const -5))
  (func (export "self") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $e $h)
        (call $self (local.get 0)))
      (return))
    (i32.const 2000)
    (i32.add))
)

(assert_exception (invoke "direct" (i32.const 5)))
(assert_exception (invoke "indirect" (i32.const 5)))
(assert_return (invoke "chain" (i32.const 0)) (i32.const 1007))
(assert_return (invoke "chain" (i32.const 1)) (i32.const 1007))
(assert_return (invoke "chain" (i32.const 1000000)) (i32.const 1007))
(assert_return (invoke "self" (i32.const 1000000)) (i32.const 2003))
