;; w2c's own behaviour, not the reference interpreter's: under a heap
;; limit (W2C_GC_HEAP_MAX, 16 MB), an object larger than the limit traps
;; rather than crashing, and the heap keeps working after.
(module
  (type $bytes (array (mut i8)))
  (func (export "alloc") (param i32) (result i32)
    (array.len (array.new_default $bytes (local.get 0)))))
(assert_trap (invoke "alloc" (i32.const 100000000)) "out of memory")
(assert_trap (invoke "alloc" (i32.const 17000000)) "out of memory")
(assert_return (invoke "alloc" (i32.const 1000000)) (i32.const 1000000))
