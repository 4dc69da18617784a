;; stack.c and threads.c: ways to run out of call stack.
(module
  (import "host" "reenter" (func $reenter (param i32) (result i32)))
  (type $i2i (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $through_table)
  (memory 1)

  ;; Plain unbounded recursion.
  (func $forever (export "forever") (param i32) (result i32)
    (i32.add (i32.const 1) (call $forever (i32.add (local.get 0) (i32.const 1)))))

  ;; A call in tail position, which C compilers turn into a jump unless
  ;; told not to: it must still exhaust the stack, not loop for ever.
  (func $forever_tail (export "forever_tail") (param i32)
    (call $forever_tail (i32.add (local.get 0) (i32.const 1))))

  ;; Recursion to a given depth.
  (func $count (export "count") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
                     (call $count (i32.sub (local.get 0) (i32.const 1)))))))

  ;; Through call_indirect.
  (func $through_table (export "through_table") (param i32) (result i32)
    (i32.add (i32.const 1)
             (call_indirect (type $i2i) (local.get 0) (i32.const 0))))

  ;; Through the host: the import calls this export again by name.
  (func (export "through_host") (param i32) (result i32)
    (call $reenter (i32.add (local.get 0) (i32.const 1))))

  (func (export "oob") (result i32) (i32.load (i32.const 65534)))
  (func (export "unreachable") (unreachable))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))

  ;; fib, slowly: calls and arithmetic to keep threads busy.
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2))))))))
