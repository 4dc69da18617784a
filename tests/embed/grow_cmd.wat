;; A WASI command growing its memory of no maximum from 1 page to 32
;; (2 MiB): exits with status 7 when memory.grow returns -1 (past a
;; `--max-memory` cap), else 5.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $exit
      (select (i32.const 7) (i32.const 5)
        (i32.eq (memory.grow (i32.const 31)) (i32.const -1))))))
