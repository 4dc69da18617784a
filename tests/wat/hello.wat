;; A WASI command in the text format: prints "hello, NAME" (the first
;; argument, or "world") and exits with status 3 when given no argument.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, ")
  (data (i32.const 32) "world")
  (data (i32.const 48) "\n")

  ;; write(ptr, len) through one iovec at 0
  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store offset=4 (i32.const 0) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func (export "_start")
    (local $argc i32) (local $arg i32)
    (drop (call $args_sizes_get (i32.const 64) (i32.const 68)))
    (local.set $argc (i32.load (i32.const 64)))
    (call $write (i32.const 16) (i32.const 7))
    (if (i32.ge_u (local.get $argc) (i32.const 2))
      (then
        ;; argv at 1024, strings at 2048
        (drop (call $args_get (i32.const 1024) (i32.const 2048)))
        (local.set $arg (i32.load offset=4 (i32.const 1024)))
        (call $write (local.get $arg) (call $strlen (local.get $arg))))
      (else
        (call $write (i32.const 32) (i32.const 5))))
    (call $write (i32.const 48) (i32.const 1))
    (if (i32.lt_u (local.get $argc) (i32.const 2))
      (then (call $exit (i32.const 3)))))
)
