;; A trap that a guard page raises inside an exception handler's body with
;; no call in it (found by the diff3 fuzzer): the compiler had linked the
;; handler's frame without storing its fields, and the fault handler,
;; walking the frames, lost the caller's (an abort: "unhandled trap").
(module
  (memory 1)
  (tag $t (param i32))
  (func (export "load") (result i32)
    (block $h
      (try_table (catch_all $h) (drop (i32.load (i32.const 70000))))
      (return (i32.const 6)))
    (i32.const 7))
  (func (export "load-i64") (result i64)
    (drop (block $h (result i32)
      (return (try_table (result i64) (catch $t $h)
        (i64.load offset=22 align=4 (i32.load offset=4 align=1 (i32.const 65533)))))))
    (i64.const 5))
  (func (export "store") (result i32)
    (block $h
      (try_table (catch_all $h) (i32.store (i32.const 65535) (i32.const 1)))
      (return (i32.const 6)))
    (i32.const 7))
  (func (export "nested") (result i32)
    (block $h
      (try_table (catch_all $h)
        (block $g
          (try_table (catch_all $g) (drop (i32.load (i32.const -1))))))
      (return (i32.const 6)))
    (i32.const 7))
  (func (export "in-bounds") (result i32)
    (block $h
      (try_table (catch_all $h) (drop (i32.load (i32.const 65532))))
      (return (i32.const 6)))
    (i32.const 7))
  ;; the body's loaded value leaves the handler unused (a select with a
  ;; constant condition): it must still be loaded, and trap
  (func (export "unused") (result i64)
    (select (i64.const 1)
      (block $o (result i64)
        (block $h
          (try_table (result i64) (catch_all $h) (i64.load (i32.const 70000)))
          (br $o))
        (i64.const 9))
      (i32.const 1))))
(assert_trap (invoke "load") "out of bounds memory access")
(assert_trap (invoke "unused") "out of bounds memory access")
(assert_trap (invoke "load-i64") "out of bounds memory access")
(assert_trap (invoke "store") "out of bounds memory access")
(assert_trap (invoke "nested") "out of bounds memory access")
(assert_return (invoke "in-bounds") (i32.const 6))
