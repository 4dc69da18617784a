;; Imports a memory of no maximum: in guard-page mode its code relies on
;; an 8 GiB reservation, so it can't take a small memory.
(module
  (import "x" "mem" (memory 1))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))
