;; direct.c: exports called as typed C functions, outside any w2c_call.
(module
  (memory 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "fail") (unreachable))
  (func $forever (export "forever") (param i32) (result i32)
    (i32.add (i32.const 1) (call $forever (local.get 0)))))
