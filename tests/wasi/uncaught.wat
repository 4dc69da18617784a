;; uncaught.wat: an exception that no handler catches ends the program:
;; w2c run names its tag (by its export name) and its payload.
;;
;; wasi-test: wat-flags --enable-exceptions
;; wasi-test: status 134
;; wasi-test: stderr w2c: uncaught exception: tag "failure" (i32 7, f64 1.5)
;; wasi-test: no-native a hand-written module
;; wasi-test: no-node node reports a wasm exception its own way
(module
  (memory (export "memory") 1)
  (tag $failure (export "failure") (param i32 f64))
  (func (export "_start") (throw $failure (i32.const 7) (f64.const 1.5))))
