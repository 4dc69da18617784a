;; A module for the firmware sample: it keeps a running average of sensor
;; readings in its linear memory, greets through an imported print, and
;; can be made to trap.  sensor.wasm is this file through wat2wasm.
(module
  (import "env" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 0) "hello from wasm on a Cortex-M4\0a")
  (global $count (mut i32) (i32.const 0))
  (func (export "greet")
    (call $print (i32.const 0) (i32.const 31)))
  ;; add a reading (a ring of 16 at address 64), return the average
  (func (export "add_reading") (param $v i32) (result i32)
    (local $i i32) (local $sum i32)
    (i32.store (i32.add (i32.const 64)
                        (i32.shl (i32.and (global.get $count) (i32.const 15)) (i32.const 2)))
               (local.get $v))
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (block $done
      (loop $sum_up
        (br_if $done (i32.ge_u (local.get $i) (i32.const 16)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.load (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum_up)))
    (i32.div_u (local.get $sum)
               (select (global.get $count) (i32.const 16)
                       (i32.lt_u (global.get $count) (i32.const 16)))))
  (func (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call 3 (i32.sub (local.get 0) (i32.const 1)))
                     (call 3 (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0))))
