;; w2c-flags: --max-memory=1M
;; An exported memory of maximum 100 pages capped at 16 (1 MiB): it grows
;; to 16 only, stays guarded (no --small-memories: importers may rely on
;; guard pages), and links by its declared type.
(module
  (memory (export "mem") 1 100)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
