;; badsig.wat: a WASI import with the wrong signature is a link error that
;; names it, before anything runs.
;;
;; wasi-test: status 1
;; wasi-test: stderr incompatible import type: "wasi_snapshot_preview1"."fd_write"
;; wasi-test: no-native a hand-written module
;; wasi-test: no-node node binds its JS functions to any signature, so the
;; wasi-test: no-node mistyped import runs
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
