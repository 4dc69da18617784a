;; A function whose loops nest three deep is written W2C_NEST (GCC without
;; tree-PRE there, docs/loops.md "Deep loop nests"), with w2c_gen.h's
;; helpers inlined into it: its results, traps included, are as ever.
;; tests/loops/nest_helpers.py checks its C.
(module
  (memory 1)
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14")

  ;; c = a * b over 4x4 i32 matrices at 256, 320 and 384 (rows of 16
  ;; bytes), a and b filled from the data, then a checksum mixing loads of
  ;; every width, division, remainder and float conversions
  (func $deep (export "deep") (param $n i32) (param $bad i32) (result i64)
    (local $i i32) (local $j i32) (local $k i32) (local $s i32) (local $r i32)
    (local $sum i64) (local $f f64)
    (loop $fill
      (i32.store offset=256 (i32.shl (local.get $i) (i32.const 2))
                 (i32.load8_u (local.get $i)))
      (i32.store offset=320 (i32.shl (local.get $i) (i32.const 2))
                 (i32.load8_u offset=3 (local.get $i)))
      (br_if $fill (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                           (i32.const 16))))
    (loop $rep
      (local.set $i (i32.const 0))
      (loop $li
        (local.set $j (i32.const 0))
        (loop $lj
          (local.set $s (i32.const 0))
          (local.set $k (i32.const 0))
          (loop $lk
            (local.set $s
              (i32.add (local.get $s)
                (i32.mul
                  (i32.load offset=256
                    (i32.add (i32.shl (local.get $i) (i32.const 4))
                             (i32.shl (local.get $k) (i32.const 2))))
                  (i32.load offset=320
                    (i32.add (i32.shl (local.get $k) (i32.const 4))
                             (i32.shl (local.get $j) (i32.const 2)))))))
            (br_if $lk (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1)))
                               (i32.const 4))))
          (i32.store offset=384
            (i32.add (i32.shl (local.get $i) (i32.const 4))
                     (i32.shl (local.get $j) (i32.const 2)))
            (local.get $s))
          (local.set $sum
            (i64.add
              (i64.add (local.get $sum)
                       (i64.extend_i32_s
                         (i32.load16_s offset=384
                           (i32.add (i32.shl (local.get $i) (i32.const 4))
                                    (i32.shl (local.get $j) (i32.const 2))))))
              (i64.add
                (i64.load8_s (i32.add (local.get $i) (local.get $j)))
                (i64.div_s (i64.load offset=384 (i32.shl (local.get $i) (i32.const 4)))
                           (i64.const 7)))))
          (local.set $f (f64.add (local.get $f)
                                 (f64.div (f64.convert_i32_s (local.get $s)) (f64.const 3))))
          (local.set $r (i32.add (local.get $r)
                                 (i32.rem_u (i32.trunc_f64_s (local.get $f)) (i32.const 1000))))
          (br_if $lj (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1)))
                             (i32.const 4))))
        (br_if $li (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                           (i32.const 4))))
      ;; $bad: an access past the memory's end, in the outermost loop
      (if (local.get $bad)
        (then (drop (i32.load (i32.const 65535)))))
      (br_if $rep (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i64.add (local.get $sum)
             (i64.add (i64.extend_i32_u (local.get $r))
                      (i64.trunc_f64_s (local.get $f)))))

  ;; three loops deep, but the innermost calls a function: no W2C_NEST
  (func (export "deepcall") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
    (loop $a
      (local.set $i (i32.const 0))
      (loop $b
        (local.set $j (i32.const 0))
        (loop $c
          (local.set $s (i32.add (local.get $s)
                                 (i32.add (i32.load8_u (local.get $j)) (call $one))))
          (br_if $c (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1)))
                            (i32.const 3))))
        (br_if $b (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (i32.const 2))))
      (br_if $a (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func $one (result i32) (i32.const 1))

  ;; two loops deep: no W2C_NEST
  (func (export "shallow") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $a
      (local.set $i (i32.const 0))
      (loop $b
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
        (br_if $b (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (i32.const 20))))
      (br_if $a (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
)

(assert_return (invoke "deep" (i32.const 1) (i32.const 0)) (i64.const 2900943641212))
(assert_return (invoke "deep" (i32.const 3) (i32.const 0)) (i64.const 11603774551918))
(assert_trap (invoke "deep" (i32.const 2) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "shallow" (i32.const 2)) (i32.const 420))
(assert_return (invoke "deepcall" (i32.const 2)) (i32.const 36))
