;; The module of MDN's WebAssembly.Instance example: exported_func calls
;; my_namespace.imported_func with 42.  Here it also returns a value.
;; simple.wasm is this file through `wat2wasm simple.wat`.
(module
  (func $imported_func (import "my_namespace" "imported_func") (param i32))
  (func (export "exported_func") (result i32)
    (call $imported_func (i32.const 42))
    (i32.const 1764)))
