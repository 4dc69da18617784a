;; The exceptions sample (main.c): a host tag thrown by the host and caught
;; by wasm, a module tag thrown by wasm and read by the host, and an
;; exception crossing a host frame both ways.  exn.wasm is this, encoded by
;; the reference interpreter: wasm -d exn.wat -o exn.wasm
(module
  (import "host" "tag" (tag $h (param i32)))
  (import "host" "throw" (func $host-throw (param i32)))
  (import "host" "call" (func $host-call (param i32)))
  (import "host" "call-direct" (func $host-call-direct (param i32)))
  (tag $e (export "e") (param i32 f64))

  ;; the host throws the host's tag; wasm catches it
  (func (export "catch-host") (param i32) (result i32)
    (block $k (result i32)
      (try_table (catch $h $k) (call $host-throw (local.get 0)))
      (i32.const -1))
  )
  (func (export "throw-e") (param i32)
    (throw $e (local.get 0) (f64.const 1.5))
  )
  ;; wasm -> host -> wasm, which throws back out through the host
  (func (export "through-host") (param i32) (result i32)
    (block $k (result i32 f64)
      (try_table (catch $e $k) (call $host-call (local.get 0)))
      (return (i32.const -1)))
    (drop)
  )
  (func (export "through-direct") (param i32) (result i32)
    (block $k (result i32 f64)
      (try_table (catch $e $k) (call $host-call-direct (local.get 0)))
      (return (i32.const -1)))
    (drop)
  )
)
