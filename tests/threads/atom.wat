;; The module tests/threads/waitnotify.c runs on several threads: wait,
;; notify and atomic read-modify-writes on a shared memory, a counter and
;; a lock made of them.
(module
  (memory (export "mem") 1 4 shared)
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  ;; n atomic increments of the i32 at addr
  (func (export "count") (param $addr i32) (param $n i32)
    (loop $l
      (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  ;; n plain increments of the i32 at addr+4, each under the lock at addr
  ;; (0 free, 1 held, 2 held with waiters)
  (func $lock (param $addr i32) (local $c i32)
    (if (i32.eqz (i32.atomic.rmw.cmpxchg (local.get $addr) (i32.const 0) (i32.const 1)))
      (then (return)))
    (loop $l
      (drop (i32.atomic.rmw.cmpxchg (local.get $addr) (i32.const 1) (i32.const 2)))
      (drop (memory.atomic.wait32 (local.get $addr) (i32.const 2) (i64.const -1)))
      (br_if $l (i32.atomic.rmw.xchg (local.get $addr) (i32.const 2)))))
  (func $unlock (param $addr i32)
    (if (i32.eq (i32.atomic.rmw.xchg (local.get $addr) (i32.const 0)) (i32.const 2))
      (then (drop (memory.atomic.notify (local.get $addr) (i32.const 1))))))
  (func (export "locked_count") (param $addr i32) (param $n i32)
    (loop $l
      (call $lock (local.get $addr))
      (i32.store offset=4 (local.get $addr)
        (i32.add (i32.load offset=4 (local.get $addr)) (i32.const 1)))
      (call $unlock (local.get $addr))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
