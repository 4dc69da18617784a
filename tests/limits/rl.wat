;; runtime_limits.c: a memory and a table to grow while the host refuses.
(module
  (memory (export "mem") 1 65536)
  (table (export "tab") 1 funcref)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "table_grow") (param i32) (result i32)
    (table.grow 0 (ref.null func) (local.get 0)))
  (func (export "table_size") (result i32) (table.size 0))
  (func (export "table_get_is_null") (param i32) (result i32)
    (ref.is_null (table.get 0 (local.get 0)))))
