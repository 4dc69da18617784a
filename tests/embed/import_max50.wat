;; Imports a memory of at most 50 pages: not one whose type says 100,
;; whatever cap that memory's module was translated with.
(module
  (import "x" "mem" (memory 1 50)))
