;; w2c-flags: --small-memories
;; An exported small memory, allowed to reserve only its maximum.
(module
  (memory (export "mem") 1 1)
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
