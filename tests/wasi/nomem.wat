;; nomem.wat: a module without a memory can still run; every WASI call
;; that needs memory returns EFAULT (21), and the module exits with it.
;;
;; wasi-test: status 21
;; wasi-test: no-native a hand-written module
;; wasi-test: no-node node's WASI needs an exported memory to start
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func (export "_start")
    (if (i32.ne (call $random_get (i32.const 0) (i32.const 0)) (i32.const 21))
      (then (call $proc_exit (i32.const 99))))
    (call $proc_exit
      (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 0)))))
