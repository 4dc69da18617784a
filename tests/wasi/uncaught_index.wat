;; uncaught_index.wat: an uncaught exception of a tag with no name is
;; named by its index; one thrown by the start function is reported too.
;;
;; wasi-test: wat-flags --enable-exceptions
;; wasi-test: status 134
;; wasi-test: stderr w2c: uncaught exception: tag 1 (i64 -3)
;; wasi-test: no-native a hand-written module
;; wasi-test: no-node node reports a wasm exception its own way
(module
  (memory (export "memory") 1)
  (tag $a)
  (tag $b (param i64))
  (func $start (throw $b (i64.const -3)))
  (start $start)
  (func (export "_start")))
