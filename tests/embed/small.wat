;; A sandbox's module: a 1-page memory of at most 1 page, its own (not
;; exported), so it reserves 64 KiB, not 8 GiB (docs/instances.md).
(module
  (memory 1 1)
  (data (i32.const 16) "w2c")
  (func (export "set") (param i32)
    (i32.store (i32.const 0) (local.get 0))
    (i32.store (i32.const 65532) (local.get 0)))
  (func (export "get") (result i32)
    (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 65532))))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_off") (param i32) (result i32) (i32.load offset=65532 (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
