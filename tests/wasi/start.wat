;; start.wat: the start function runs while the module is being
;; instantiated, before its exports are in anyone's hands; WASI calls made
;; there still reach its memory, and proc_exit there ends the program with
;; its code.
;;
;; wasi-test: status 5
;; wasi-test: no-native a hand-written module
;; wasi-test: no-node node throws when WASI is called before start()
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; an iovec at 16: { 32, 17 }, the text at 32
  (data (i32.const 16) "\20\00\00\00\11\00\00\00")
  (data (i32.const 32) "hello from start\0a")
  (func $init
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8)))
    (call $proc_exit (i32.const 5)))
  (start $init)
  (func (export "_start") unreachable))
