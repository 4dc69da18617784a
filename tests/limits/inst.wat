;; runtime_limits.c: a module to instantiate thousands of times.
(module
  (memory 16)
  (func (export "touch") (param i32) (result i32)
    (i32.store (local.get 0) (local.get 0))
    (i32.load (local.get 0))))
