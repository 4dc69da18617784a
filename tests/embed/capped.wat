;; w2c-flags: --max-memory=16M
;; A C compiler's module: a memory of no maximum, which would reserve 8 GiB
;; in guard-page mode; capped at 16 MiB (256 pages) by the translator, it
;; is a small memory instead (docs/instances.md).
(module
  (memory 1)
  (data (i32.const 16) "w2c")
  (func (export "set") (param i32)
    (i32.store (i32.const 0) (local.get 0))
    (i32.store (i32.const 65532) (local.get 0)))
  (func (export "get") (result i32)
    (i32.add (i32.load (i32.const 0)) (i32.load (i32.const 65532))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1))))
