;; Lane ranges: where the translator knows every 32-bit lane of both
;; operands to be in [-32768, 32767], it computes i32x4.mul, min and max
;; and i16x8.narrow_i32x4_u with 16-bit instructions (see "lane ranges" in
;; w2c/emit_func.c).  Each function builds its operands from parameters,
;; so that the C compiler folds nothing, in one of the ways a range is
;; known (the first module) or where one must not be assumed (the second
;; and the last); the inputs sit at the edges, where a 16-bit form would
;; give another answer if the range were wrong.  The third module is the
;; shuffles whose bytes a left shift drops.  The expectations hold for any
;; correct engine: wabt's spectest-interp passes them all.

(module
  (memory 1)
  ;; i16 lanes: a = -32768 -32768 32767 -1 -32768 32767 0 2 at 0,
  ;;            b = -32768 32767 32767 -32768 -32768 32767 5 -3 at 16
  (data (i32.const 0) "\00\80\00\80\ff\7f\ff\ff\00\80\ff\7f\00\00\02\00")
  (data (i32.const 16) "\00\80\ff\7f\ff\7f\00\80\00\80\ff\7f\05\00\fd\ff")

  (func (export "put") (param i32 v128)
    (v128.store (local.get 0) (local.get 1)))

  ;; --- multiplication: i16 products, and their edges

  (func (export "mul_ext_s") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.extend_low_i16x8_s (local.get 0))
               (i32x4.extend_low_i16x8_s (local.get 1))))
  (func (export "mul_ext_s_high") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.extend_high_i16x8_s (local.get 0))
               (i32x4.extend_high_i16x8_s (local.get 1))))
  ;; [0, 65535] does not fit: 65535 * 65535 and 65535 * -32768
  (func (export "mul_ext_u") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.extend_low_i16x8_u (local.get 0))
               (i32x4.extend_low_i16x8_u (local.get 1))))
  (func (export "mul_ext_u_s") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.extend_high_i16x8_u (local.get 0))
               (i32x4.extend_high_i16x8_s (local.get 1))))
  (func (export "mul_load_s") (param i32 i32) (result v128)
    (i32x4.mul (v128.load16x4_s (local.get 0)) (v128.load16x4_s (local.get 1))))
  (func (export "mul_load_u") (param i32 i32) (result v128)
    (i32x4.mul (v128.load16x4_u (local.get 0)) (v128.load16x4_u (local.get 1))))
  ;; the dot product compilers make of i16 data; two 2^30 products wrap
  (func (export "dot") (param i32 i32) (result v128)
    (i32x4.add
      (i32x4.mul (v128.load16x4_s (local.get 0)) (v128.load16x4_s (local.get 1)))
      (i32x4.mul (v128.load16x4_s offset=8 (local.get 0))
                 (v128.load16x4_s offset=8 (local.get 1)))))
  ;; v128.const: the range of its four lanes
  (func (export "mul_const") (param v128) (result v128)
    (i32x4.mul (i32x4.extend_low_i16x8_s (local.get 0))
               (v128.const i32x4 -32768 32767 -1 0)))
  (func (export "mul_const_wide") (param v128) (result v128)
    (i32x4.mul (i32x4.extend_low_i16x8_s (local.get 0))
               (v128.const i32x4 3 3 3 32768)))
  ;; i16 lanes -1 are 32-bit lanes 65535
  (func (export "mul_const_i16") (param v128) (result v128)
    (i32x4.mul (i32x4.extend_low_i16x8_s (local.get 0))
               (v128.const i16x8 -1 0 -1 0 -1 0 -1 0)))
  ;; shifts by constants: [-32768, 32767] after shr_s 16, [0, 32767]
  ;; after shr_u 17; one bit fewer does not fit
  (func (export "mul_shr_s16") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_s (local.get 0) (i32.const 16))
               (i32x4.shr_s (local.get 1) (i32.const 16))))
  (func (export "mul_shr_s15") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_s (local.get 0) (i32.const 15))
               (i32x4.shr_s (local.get 1) (i32.const 15))))
  ;; a count of 48 is 16
  (func (export "mul_shr_s48") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_s (local.get 0) (i32.const 48))
               (i32x4.shr_s (local.get 1) (i32.const 48))))
  (func (export "mul_shr_u17") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_u (local.get 0) (i32.const 17))
               (i32x4.shr_u (local.get 1) (i32.const 17))))
  (func (export "mul_shr_u16") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_u (local.get 0) (i32.const 16))
               (i32x4.shr_u (local.get 1) (i32.const 16))))
  ;; a shift by 32 is none: the range stays what it was
  (func (export "mul_shr_u32") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_u (i32x4.extend_low_i16x8_s (local.get 0)) (i32.const 32))
               (i32x4.extend_low_i16x8_s (local.get 1))))
  ;; shr_s of a known range
  (func (export "mul_shr_s_ext") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_s (i32x4.extend_low_i16x8_u (local.get 0)) (i32.const 1))
               (i32x4.shr_s (i32x4.extend_low_i16x8_s (local.get 1)) (i32.const 1))))
  ;; v128.and with a nonnegative range, either side
  (func (export "mul_and") (param v128 v128) (result v128)
    (i32x4.mul (v128.and (local.get 0) (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff))
               (v128.and (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff) (local.get 1))))
  (func (export "mul_and_ffff") (param v128 v128) (result v128)
    (i32x4.mul (v128.and (local.get 0) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
               (v128.and (local.get 1) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))))
  ;; the narrower of two nonnegative ranges; an and with -1 keeps all
  (func (export "mul_and_ext") (param v128 v128) (result v128)
    (i32x4.mul (v128.and (i32x4.extend_low_i16x8_u (local.get 0))
                         (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff))
               (v128.and (i32x4.extend_low_i16x8_s (local.get 1))
                         (v128.const i32x4 -1 -1 -1 -1))))
  ;; add and sub without wrapping: [0, 65535] - 32768 fits in 16 bits,
  ;; [-32768, 32767] - 1 and + 1 do not
  (func (export "mul_sub") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.sub (i32x4.extend_low_i16x8_u (local.get 0))
                          (v128.const i32x4 32768 32768 32768 32768))
               (i32x4.sub (i32x4.extend_low_i16x8_u (local.get 1))
                          (v128.const i32x4 32768 32768 32768 32768))))
  (func (export "mul_sub_wide") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.sub (i32x4.extend_low_i16x8_s (local.get 0))
                          (v128.const i32x4 1 1 1 1))
               (i32x4.extend_low_i16x8_s (local.get 1))))
  (func (export "mul_add_wide") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.add (i32x4.extend_low_i16x8_s (local.get 0))
                          (v128.const i32x4 1 1 1 1))
               (i32x4.extend_low_i16x8_s (local.get 1))))
  ;; pairwise sums: [-65536, 65534] does not fit, [0, 131070] >> 2 does
  (func (export "mul_extadd_s") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.extadd_pairwise_i16x8_s (local.get 0))
               (i32x4.extadd_pairwise_i16x8_s (local.get 1))))
  (func (export "mul_extadd_u") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_u (i32x4.extadd_pairwise_i16x8_u (local.get 0)) (i32.const 2))
               (i32x4.shr_u (i32x4.extadd_pairwise_i16x8_u (local.get 1)) (i32.const 2))))
  ;; min and max narrow a range on one side
  (func (export "mul_minmax") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.min_s (i32x4.extend_low_i16x8_s (local.get 0))
                            (v128.const i32x4 100 100 100 100))
               (i32x4.max_s (i32x4.extend_low_i16x8_s (local.get 1))
                            (v128.const i32x4 -100 -100 -100 -100))))
  ;; min_u with one nonnegative operand is at most that one
  (func (export "mul_min_u") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.min_u (i32x4.extend_low_i16x8_s (local.get 0))
                            (v128.const i32x4 1000 1000 1000 1000))
               (i32x4.extend_low_i16x8_s (local.get 1))))

  ;; (x + y) >> 1 of 16-bit pairs is in [0, 65535]: does not fit
  (func (export "mul_extadd_u1") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.shr_u (i32x4.extadd_pairwise_i16x8_u (local.get 0)) (i32.const 1))
               (i32x4.shr_u (i32x4.extadd_pairwise_i16x8_u (local.get 1)) (i32.const 1))))
  ;; an and with a negative range keeps all the other's bits
  (func (export "mul_and_neg") (param v128 v128) (result v128)
    (i32x4.mul (v128.and (local.get 0) (i32x4.extend_low_i16x8_s (local.get 1)))
               (v128.const i32x4 3 3 3 3)))
  ;; min_u of a negative range and [0, 65535] is in [0, 65535]
  (func (export "mul_min_u_wide") (param v128 v128) (result v128)
    (i32x4.mul (i32x4.min_u (i32x4.shr_s (local.get 0) (i32.const 17))
                            (i32x4.extend_low_i16x8_u (local.get 1)))
               (v128.const i32x4 3 3 3 3)))
  ;; max_s of [0, 65535] and 0 is [0, 65535]
  (func (export "mul_max_s_wide") (param v128) (result v128)
    (i32x4.mul (i32x4.max_s (i32x4.extend_low_i16x8_u (local.get 0))
                            (v128.const i32x4 0 0 0 0))
               (v128.const i32x4 3 3 3 3)))

  ;; --- zero extension by i8x16.shuffle with a zero operand

  ;; bytes 0-3 of a vector as four lanes in [0, 255]
  (func (export "mul_zext8") (param v128 v128) (result v128)
    (i32x4.mul
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.const i32x4 0 0 0 0) (local.get 0))
      (i8x16.shuffle 0 16 16 16 1 16 16 16 2 16 16 16 3 16 16 16
        (local.get 1) (v128.const i32x4 0 0 0 0))))
  ;; halves 0-3 as lanes in [0, 65535]: does not fit
  (func (export "mul_zext16") (param v128 v128) (result v128)
    (i32x4.mul
      (i8x16.shuffle 16 17 2 3 18 19 6 7 20 21 10 11 22 23 14 15
        (v128.const i32x4 0 0 0 0) (local.get 0))
      (i8x16.shuffle 0 1 16 16 2 3 16 16 4 5 16 16 6 7 16 16
        (local.get 1) (v128.const i32x4 0 0 0 0))))
  ;; upper bytes from a constant other than zero
  (func (export "mul_zext_not_zero") (param v128 v128) (result v128)
    (i32x4.mul
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.const i32x4 0x01000000 0x01000000 0x01000000 0x01000000) (local.get 0))
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.const i32x4 0 0 0 0) (local.get 1))))
  ;; the last lane's top byte from the parameter
  (func (export "mul_zext_partial") (param v128 v128) (result v128)
    (i32x4.mul
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 31
        (v128.const i32x4 0 0 0 0) (local.get 0))
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.const i32x4 0 0 0 0) (local.get 1))))

  ;; --- min and max

  (func (export "min_s_ext") (param v128 v128) (result v128)
    (i32x4.min_s (i32x4.extend_low_i16x8_s (local.get 0))
                 (i32x4.extend_low_i16x8_s (local.get 1))))
  (func (export "max_s_ext") (param v128 v128) (result v128)
    (i32x4.max_s (i32x4.extend_high_i16x8_s (local.get 0))
                 (i32x4.extend_high_i16x8_s (local.get 1))))
  ;; [0, 65535] does not fit: 32768 is above 32767
  (func (export "min_s_ext_u") (param v128 v128) (result v128)
    (i32x4.min_s (i32x4.extend_low_i16x8_s (local.get 0))
                 (i32x4.extend_low_i16x8_u (local.get 1))))
  (func (export "max_s_ext_u") (param v128 v128) (result v128)
    (i32x4.max_s (i32x4.extend_low_i16x8_s (local.get 0))
                 (i32x4.extend_low_i16x8_u (local.get 1))))
  ;; unsigned, both nonnegative: bytes against 255 and 100
  (func (export "min_u_zext") (param v128) (result v128)
    (i32x4.min_u
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.const i32x4 0 0 0 0) (local.get 0))
      (v128.const i32x4 255 100 0 255)))
  (func (export "max_u_zext") (param v128) (result v128)
    (i32x4.max_u
      (v128.const i32x4 255 100 0 255)
      (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
        (v128.const i32x4 0 0 0 0) (local.get 0))))
  ;; unsigned with negative ranges: -1 is the largest
  (func (export "min_u_ext_s") (param v128 v128) (result v128)
    (i32x4.min_u (i32x4.extend_low_i16x8_s (local.get 0))
                 (i32x4.extend_low_i16x8_s (local.get 1))))
  (func (export "max_u_ext_s") (param v128 v128) (result v128)
    (i32x4.max_u (i32x4.extend_low_i16x8_s (local.get 0))
                 (i32x4.extend_low_i16x8_s (local.get 1))))
  ;; one negative range, one nonnegative
  (func (export "min_u_mixed") (param v128 v128) (result v128)
    (i32x4.min_u (i32x4.extend_low_i16x8_s (local.get 0))
                 (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
                   (v128.const i32x4 0 0 0 0) (local.get 1))))
  (func (export "max_u_mixed") (param v128 v128) (result v128)
    (i32x4.max_u (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
                   (v128.const i32x4 0 0 0 0) (local.get 1))
                 (i32x4.extend_low_i16x8_s (local.get 0))))
  ;; [0, 65535]: 65535 against 1
  (func (export "min_u_ext_u") (param v128 v128) (result v128)
    (i32x4.min_u (i32x4.extend_low_i16x8_u (local.get 0))
                 (i32x4.extend_low_i16x8_u (local.get 1))))
  (func (export "max_u_ext_u") (param v128 v128) (result v128)
    (i32x4.max_u (i32x4.extend_low_i16x8_u (local.get 0))
                 (i32x4.extend_low_i16x8_u (local.get 1))))
  ;; the range of a minimum, used by the next minimum and maximum
  (func (export "minmax_chain") (param v128 v128) (result v128)
    (i32x4.max_u
      (i32x4.min_u (i32x4.extend_low_i16x8_u (local.get 0))
                   (v128.const i32x4 32767 32767 32767 32767))
      (i32x4.min_s (i32x4.extend_low_i16x8_u (local.get 1))
                   (v128.const i32x4 300 300 300 300))))

  ;; --- i16x8.narrow_i32x4_u

  ;; clamped to [0, 32767] both ways: no lane saturates
  (func (export "narrow_clamped") (param v128) (result v128)
    (i16x8.narrow_i32x4_u
      (i32x4.min_u (i32x4.extend_low_i16x8_u (local.get 0))
                   (v128.const i32x4 32767 32767 32767 32767))
      (i32x4.max_s (i32x4.extend_high_i16x8_s (local.get 0))
                   (v128.const i32x4 0 0 0 0))))
  (func (export "narrow_clamped_255") (param v128) (result v128)
    (i16x8.narrow_i32x4_u
      (i32x4.min_s (i32x4.max_s (i32x4.extend_low_i16x8_s (local.get 0))
                                (v128.const i32x4 0 0 0 0))
                   (v128.const i32x4 255 255 255 255))
      (i32x4.shr_u (local.get 0) (i32.const 17))))
  ;; negative lanes saturate to 0
  (func (export "narrow_s16") (param v128) (result v128)
    (i16x8.narrow_i32x4_u (i32x4.extend_low_i16x8_s (local.get 0))
                          (i32x4.extend_high_i16x8_s (local.get 0))))
  ;; max_u with a negative lane is that lane; min_s may be negative
  (func (export "narrow_max_u") (param v128) (result v128)
    (i16x8.narrow_i32x4_u
      (i32x4.max_u (v128.const i32x4 5 5 5 5) (i32x4.extend_low_i16x8_s (local.get 0)))
      (i32x4.max_u (i32x4.extend_high_i16x8_s (local.get 0)) (v128.const i32x4 5 5 5 5))))
  (func (export "narrow_min_s") (param v128) (result v128)
    (i16x8.narrow_i32x4_u
      (i32x4.min_s (i32x4.extend_low_i16x8_s (local.get 0)) (v128.const i32x4 255 255 255 255))
      (i32x4.min_s (v128.const i32x4 255 255 255 255) (i32x4.extend_high_i16x8_s (local.get 0)))))
  ;; lanes above 32767 are no saturation for the unsigned narrowing
  (func (export "narrow_u16") (param v128) (result v128)
    (i16x8.narrow_i32x4_u (i32x4.extend_low_i16x8_u (local.get 0))
                          (i32x4.extend_high_i16x8_u (local.get 0))))

  ;; --- i8x16.add_sat_u as compilers widen it: bytes zero-extended to
  ;; lanes, added, clamped to 255, narrowed twice

  (func (export "add_sat_u8") (param v128 v128) (result v128)
    (i8x16.narrow_i16x8_u
      (i16x8.narrow_i32x4_u
        (i32x4.min_u
          (i32x4.add
            (i8x16.shuffle 0 16 16 16 1 16 16 16 2 16 16 16 3 16 16 16
              (local.get 0) (v128.const i32x4 0 0 0 0))
            (i8x16.shuffle 0 16 16 16 1 16 16 16 2 16 16 16 3 16 16 16
              (local.get 1) (v128.const i32x4 0 0 0 0)))
          (v128.const i32x4 255 255 255 255))
        (i32x4.min_u
          (i32x4.add
            (i8x16.shuffle 4 16 16 16 5 16 16 16 6 16 16 16 7 16 16 16
              (local.get 0) (v128.const i32x4 0 0 0 0))
            (i8x16.shuffle 4 16 16 16 5 16 16 16 6 16 16 16 7 16 16 16
              (local.get 1) (v128.const i32x4 0 0 0 0)))
          (v128.const i32x4 255 255 255 255)))
      (i16x8.narrow_i32x4_u
        (i32x4.min_u
          (i32x4.add
            (i8x16.shuffle 8 16 16 16 9 16 16 16 10 16 16 16 11 16 16 16
              (local.get 0) (v128.const i32x4 0 0 0 0))
            (i8x16.shuffle 8 16 16 16 9 16 16 16 10 16 16 16 11 16 16 16
              (local.get 1) (v128.const i32x4 0 0 0 0)))
          (v128.const i32x4 255 255 255 255))
        (i32x4.min_u
          (i32x4.add
            (i8x16.shuffle 12 16 16 16 13 16 16 16 14 16 16 16 15 16 16 16
              (local.get 0) (v128.const i32x4 0 0 0 0))
            (i8x16.shuffle 12 16 16 16 13 16 16 16 14 16 16 16 15 16 16 16
              (local.get 1) (v128.const i32x4 0 0 0 0)))
          (v128.const i32x4 255 255 255 255)))))
  ;; the same with the bound a splat, and the zeros on the other side
  (func (export "add_sat_u8_splat") (param v128 v128) (result v128)
    (i8x16.narrow_i16x8_u
      (i16x8.narrow_i32x4_u
        (i32x4.min_u
          (i32x4.splat (i32.const 255))
          (i32x4.add
            (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 0))
            (i8x16.shuffle 16 1 2 3 17 5 6 7 18 9 10 11 19 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 1))))
        (i32x4.min_u
          (i32x4.splat (i32.const 255))
          (i32x4.add
            (i8x16.shuffle 20 1 2 3 21 5 6 7 22 9 10 11 23 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 0))
            (i8x16.shuffle 20 1 2 3 21 5 6 7 22 9 10 11 23 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 1)))))
      (i16x8.narrow_i32x4_u
        (i32x4.min_u
          (i32x4.splat (i32.const 255))
          (i32x4.add
            (i8x16.shuffle 24 1 2 3 25 5 6 7 26 9 10 11 27 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 0))
            (i8x16.shuffle 24 1 2 3 25 5 6 7 26 9 10 11 27 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 1))))
        (i32x4.min_u
          (i32x4.splat (i32.const 255))
          (i32x4.add
            (i8x16.shuffle 28 1 2 3 29 5 6 7 30 9 10 11 31 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 0))
            (i8x16.shuffle 28 1 2 3 29 5 6 7 30 9 10 11 31 13 14 15
              (v128.const i32x4 0 0 0 0) (local.get 1)))))))
)

(assert_return (invoke "mul_ext_s"
                 (v128.const i16x8 -32768 -32768 32767 -1 7 7 7 7)
                 (v128.const i16x8 -32768 32767 32767 -32768 7 7 7 7))
               (v128.const i32x4 1073741824 -1073709056 1073676289 32768))
(assert_return (invoke "mul_ext_s"
                 (v128.const i16x8 0 -1 1 -2 0 0 0 0)
                 (v128.const i16x8 -32768 -1 -32768 32767 0 0 0 0))
               (v128.const i32x4 0 1 -32768 -65534))
(assert_return (invoke "mul_ext_s_high"
                 (v128.const i16x8 7 7 7 7 -32768 -32768 32767 -1)
                 (v128.const i16x8 7 7 7 7 -32768 32767 32767 -32768))
               (v128.const i32x4 1073741824 -1073709056 1073676289 32768))
(assert_return (invoke "mul_ext_u"
                 (v128.const i16x8 -1 -1 -32768 32767 0 0 0 0)
                 (v128.const i16x8 -1 2 -32768 -32768 0 0 0 0))
               (v128.const i32x4 0xfffe0001 131070 0x40000000 1073709056))
(assert_return (invoke "mul_ext_u_s"
                 (v128.const i16x8 0 0 0 0 -1 -1 -32768 3)
                 (v128.const i16x8 0 0 0 0 -32768 -1 -1 -1))
               (v128.const i32x4 0x80008000 -65535 -32768 -3))

(assert_return (invoke "mul_load_s" (i32.const 0) (i32.const 16))
               (v128.const i32x4 1073741824 -1073709056 1073676289 32768))
(assert_return (invoke "mul_load_s" (i32.const 8) (i32.const 24))
               (v128.const i32x4 1073741824 1073676289 0 -6))
(assert_return (invoke "mul_load_u" (i32.const 0) (i32.const 16))
               (v128.const i32x4 0x40000000 1073709056 1073676289 0x7fff8000))
(assert_return (invoke "dot" (i32.const 0) (i32.const 16))
               (v128.const i32x4 0x80000000 -32767 1073676289 32762))
(assert_return (invoke "put" (i32.const 32) (v128.const i16x8 -1 -1 -1 -1 -1 -1 -1 -1)))
(assert_return (invoke "put" (i32.const 48) (v128.const i16x8 32767 -32768 1 0 -32768 32767 -1 0)))
(assert_return (invoke "dot" (i32.const 32) (i32.const 48))
               (v128.const i32x4 1 1 0 0))
(assert_return (invoke "dot" (i32.const 48) (i32.const 48))
               (v128.const i32x4 0x7fff0001 0x7fff0001 2 0))

(assert_return (invoke "mul_const" (v128.const i16x8 -32768 -32768 32767 -32768 0 0 0 0))
               (v128.const i32x4 1073741824 -1073709056 -32767 0))
(assert_return (invoke "mul_const_wide" (v128.const i16x8 -32768 32767 -1 32767 0 0 0 0))
               (v128.const i32x4 -98304 98301 -3 1073709056))
(assert_return (invoke "mul_const_i16" (v128.const i16x8 -1 3 -32768 32767 0 0 0 0))
               (v128.const i32x4 -65535 196605 -2147450880 2147385345))

(assert_return (invoke "mul_shr_s16"
                 (v128.const i32x4 0x80000000 0x7fffffff 0x80000000 0xffff0000)
                 (v128.const i32x4 0x80000000 0x80000000 0x7fffffff 0x00010000))
               (v128.const i32x4 1073741824 -1073709056 -1073709056 -1))
(assert_return (invoke "mul_shr_s15"
                 (v128.const i32x4 0x80000000 0x7fffffff 0x80000000 0x40000000)
                 (v128.const i32x4 0x80000000 0x7fffffff 0x00018000 0x00008000))
               (v128.const i32x4 0 0xfffe0001 -196608 32768))
(assert_return (invoke "mul_shr_s48"
                 (v128.const i32x4 0x80000000 0x7fffffff 0x80000000 0xffff0000)
                 (v128.const i32x4 0x80000000 0x80000000 0x7fffffff 0x00010000))
               (v128.const i32x4 1073741824 -1073709056 -1073709056 -1))
(assert_return (invoke "mul_shr_u17"
                 (v128.const i32x4 0xffffffff 0xffffffff 0x00020000 0x00000000)
                 (v128.const i32x4 0xffffffff 0x00040000 0x00020000 0xffffffff))
               (v128.const i32x4 1073676289 65534 1 0))
(assert_return (invoke "mul_shr_u16"
                 (v128.const i32x4 0xffffffff 0x80000000 0x00010000 0x7fffffff)
                 (v128.const i32x4 0xffffffff 0x00030000 0x00010000 0x7fffffff))
               (v128.const i32x4 0xfffe0001 98304 1 1073676289))
(assert_return (invoke "mul_shr_u32"
                 (v128.const i16x8 -32768 -1 32767 -32768 0 0 0 0)
                 (v128.const i16x8 -32768 3 32767 32767 0 0 0 0))
               (v128.const i32x4 1073741824 -3 1073676289 -1073709056))
(assert_return (invoke "mul_shr_s_ext"
                 (v128.const i16x8 -1 -1 -32768 1 0 0 0 0)
                 (v128.const i16x8 -32768 -1 32767 -1 0 0 0 0))
               (v128.const i32x4 -536854528 -32767 268419072 0))
(assert_return (invoke "mul_and"
                 (v128.const i32x4 0xffffffff 0x12348000 0x00017fff 0x7fff7fff)
                 (v128.const i32x4 0xffffffff 0xffffffff 0x00017fff 0x00000003))
               (v128.const i32x4 1073676289 0 1073676289 98301))
(assert_return (invoke "mul_and_ffff"
                 (v128.const i32x4 0xffffffff 0x00008000 0x0000ffff 0x00018000)
                 (v128.const i32x4 0xffffffff 0x00008000 0x00000002 0x00000003))
               (v128.const i32x4 0xfffe0001 0x40000000 131070 98304))
(assert_return (invoke "mul_and_ext"
                 (v128.const i16x8 -1 -32768 32767 3 0 0 0 0)
                 (v128.const i16x8 -32768 -32768 -1 -1 0 0 0 0))
               (v128.const i32x4 -1073709056 0 -32767 -3))
(assert_return (invoke "mul_sub"
                 (v128.const i16x8 0 -1 0 -1 0 0 0 0)
                 (v128.const i16x8 0 -1 -1 0 0 0 0 0))
               (v128.const i32x4 1073741824 1073676289 -1073709056 -1073709056))
(assert_return (invoke "mul_sub_wide"
                 (v128.const i16x8 -32768 -32768 0 32767 0 0 0 0)
                 (v128.const i16x8 -32768 3 5 -1 0 0 0 0))
               (v128.const i32x4 1073774592 -98307 -5 -32766))
(assert_return (invoke "mul_add_wide"
                 (v128.const i16x8 32767 32767 -32768 -1 0 0 0 0)
                 (v128.const i16x8 3 32767 -32768 -32768 0 0 0 0))
               (v128.const i32x4 98304 1073709056 1073709056 0))
(assert_return (invoke "mul_extadd_s"
                 (v128.const i16x8 -32768 -32768 -32768 -32768 32767 32767 -1 -1)
                 (v128.const i16x8 1 2 -32768 -32768 32767 32767 0 0))
               (v128.const i32x4 -196608 0 0xfffc0004 0))
(assert_return (invoke "mul_extadd_u"
                 (v128.const i16x8 -1 -1 -1 -1 4 0 2 2)
                 (v128.const i16x8 -1 -1 8 0 -1 -1 -1 -1))
               (v128.const i32x4 1073676289 65534 32767 32767))
(assert_return (invoke "mul_minmax"
                 (v128.const i16x8 -32768 100 32767 -1 0 0 0 0)
                 (v128.const i16x8 -32768 32767 32767 -32768 0 0 0 0))
               (v128.const i32x4 3276800 3276700 3276700 100))
(assert_return (invoke "mul_min_u"
                 (v128.const i16x8 -1 -32768 999 1001 0 0 0 0)
                 (v128.const i16x8 -32768 32767 -32768 -1 0 0 0 0))
               (v128.const i32x4 -32768000 32767000 -32735232 -1000))

(assert_return (invoke "mul_extadd_u1"
                 (v128.const i16x8 -1 -1 -1 0 0 -1 2 0)
                 (v128.const i16x8 -1 -1 -32768 -32768 -1 -1 0 0))
               (v128.const i32x4 0xfffe0001 1073709056 0x7ffe8001 0))
(assert_return (invoke "mul_and_neg"
                 (v128.const i32x4 0x10000 0x7fffffff 0x12345678 -1)
                 (v128.const i16x8 -1 -1 -32768 1 0 0 0 0))
               (v128.const i32x4 0x30000 0x7ffffffd 0x369c0000 3))
(assert_return (invoke "mul_min_u_wide"
                 (v128.const i32x4 -1 0x7fffffff 0x80000000 0)
                 (v128.const i16x8 -1 -1 -1 -1 0 0 0 0))
               (v128.const i32x4 196605 49149 196605 0))
(assert_return (invoke "mul_max_s_wide" (v128.const i16x8 -1 -32768 32767 0 0 0 0 0))
               (v128.const i32x4 196605 98304 98301 0))

(assert_return (invoke "mul_zext8"
                 (v128.const i8x16 -1 -128 127 1 0 0 0 0 0 0 0 0 0 0 0 0)
                 (v128.const i8x16 -1 -1 2 0 0 0 0 0 0 0 0 0 0 0 0 0))
               (v128.const i32x4 65025 32640 254 0))
(assert_return (invoke "mul_zext16"
                 (v128.const i16x8 -1 -32768 32767 2 0 0 0 0)
                 (v128.const i16x8 -1 3 -1 -32768 0 0 0 0))
               (v128.const i32x4 0xfffe0001 98304 2147385345 65536))
(assert_return (invoke "mul_zext_not_zero"
                 (v128.const i8x16 -1 -1 0 1 0 0 0 0 0 0 0 0 0 0 0 0)
                 (v128.const i8x16 -1 3 3 3 0 0 0 0 0 0 0 0 0 0 0 0))
               (v128.const i32x4 0xff00fe01 0x030002fd 0x03000000 0x03000003))
(assert_return (invoke "mul_zext_partial"
                 (v128.const i8x16 1 1 1 1 0 0 0 0 0 0 0 0 0 0 0 -128)
                 (v128.const i8x16 3 3 3 3 0 0 0 0 0 0 0 0 0 0 0 0))
               (v128.const i32x4 3 3 3 0x80000003))

(assert_return (invoke "min_s_ext"
                 (v128.const i16x8 -1 -32768 32767 -1 0 0 0 0)
                 (v128.const i16x8 0 32767 -32768 -32768 0 0 0 0))
               (v128.const i32x4 -1 -32768 -32768 -32768))
(assert_return (invoke "max_s_ext"
                 (v128.const i16x8 0 0 0 0 -1 -32768 32767 -1)
                 (v128.const i16x8 0 0 0 0 0 32767 -32768 -32768))
               (v128.const i32x4 0 32767 32767 -1))
(assert_return (invoke "min_s_ext_u"
                 (v128.const i16x8 32767 -1 -32768 32767 0 0 0 0)
                 (v128.const i16x8 -32768 -1 -1 -1 0 0 0 0))
               (v128.const i32x4 32767 -1 -32768 32767))
(assert_return (invoke "max_s_ext_u"
                 (v128.const i16x8 32767 -1 -32768 32767 0 0 0 0)
                 (v128.const i16x8 -32768 -1 -1 0 0 0 0 0))
               (v128.const i32x4 32768 65535 65535 32767))
(assert_return (invoke "min_u_zext" (v128.const i8x16 -1 -1 -1 0 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 255 100 0 0))
(assert_return (invoke "min_u_zext" (v128.const i8x16 0 99 -1 -2 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 0 99 0 254))
(assert_return (invoke "max_u_zext" (v128.const i8x16 -1 -1 -1 0 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 255 255 255 255))
(assert_return (invoke "max_u_zext" (v128.const i8x16 0 99 -1 -2 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 255 100 255 255))
(assert_return (invoke "min_u_ext_s"
                 (v128.const i16x8 -1 -32768 5 32767 0 0 0 0)
                 (v128.const i16x8 5 -1 -32768 -1 0 0 0 0))
               (v128.const i32x4 5 -32768 5 32767))
(assert_return (invoke "max_u_ext_s"
                 (v128.const i16x8 -1 -32768 5 32767 0 0 0 0)
                 (v128.const i16x8 5 -1 -32768 -1 0 0 0 0))
               (v128.const i32x4 -1 -1 -32768 -1))
(assert_return (invoke "min_u_mixed"
                 (v128.const i16x8 -1 -32768 5 32767 0 0 0 0)
                 (v128.const i8x16 -56 -1 6 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 200 255 5 255))
(assert_return (invoke "max_u_mixed"
                 (v128.const i16x8 -1 -32768 5 32767 0 0 0 0)
                 (v128.const i8x16 -56 -1 6 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 -1 -32768 6 32767))
(assert_return (invoke "min_u_ext_u"
                 (v128.const i16x8 -1 -32768 -1 32767 0 0 0 0)
                 (v128.const i16x8 1 32767 -32768 -32768 0 0 0 0))
               (v128.const i32x4 1 32767 32768 32767))
(assert_return (invoke "max_u_ext_u"
                 (v128.const i16x8 -1 -32768 -1 32767 0 0 0 0)
                 (v128.const i16x8 1 32767 -32768 -32768 0 0 0 0))
               (v128.const i32x4 65535 32768 65535 32768))
(assert_return (invoke "minmax_chain"
                 (v128.const i16x8 -1 0 300 32767 0 0 0 0)
                 (v128.const i16x8 -1 -1 0 299 0 0 0 0))
               (v128.const i32x4 32767 300 300 32767))

(assert_return (invoke "narrow_clamped" (v128.const i16x8 0 255 32767 -1 -32768 255 32767 -1))
               (v128.const i16x8 0 255 32767 32767 0 255 32767 0))
(assert_return (invoke "narrow_clamped" (v128.const i16x8 -32767 256 1 -2 0 -255 1 32766))
               (v128.const i16x8 32767 256 1 32767 0 0 1 32766))
(assert_return (invoke "narrow_clamped_255"
                 (v128.const i16x8 -1 255 256 32767 0 0xffff 0 0x7fff))
               (v128.const i16x8 0 255 255 255 127 16383 32767 16383))
(assert_return (invoke "narrow_s16" (v128.const i16x8 0 255 32767 -1 -32768 1 -255 32766))
               (v128.const i16x8 0 255 32767 0 0 1 0 32766))
(assert_return (invoke "narrow_max_u" (v128.const i16x8 -1 3 100 -32768 -1 3 100 32767))
               (v128.const i16x8 0 5 100 0 0 5 100 32767))
(assert_return (invoke "narrow_min_s" (v128.const i16x8 -1 3 300 -32768 -1 255 256 32767))
               (v128.const i16x8 0 3 255 0 0 255 255 255))
(assert_return (invoke "narrow_u16" (v128.const i16x8 0 255 32767 -1 -32768 1 -255 32766))
               (v128.const i16x8 0 255 32767 -1 -32768 1 -255 32766))

(assert_return (invoke "add_sat_u8"
                 (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)
                 (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
(assert_return (invoke "add_sat_u8"
                 (v128.const i8x16 0 1 127 128 254 255 0 1 2 100 200 0x7f 0x80 0x40 0x10 0)
                 (v128.const i8x16 0 254 128 128 1 1 255 0 253 155 56 0x80 0x7f 0xc0 0xf0 0))
               (v128.const i8x16 0 255 255 255 255 255 255 1 255 255 255 255 255 255 255 0))
(assert_return (invoke "add_sat_u8"
                 (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)
                 (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
               (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
(assert_return (invoke "add_sat_u8"
                 (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
                 (v128.const i8x16 100 110 120 127 128 129 130 240 245 246 247 248 249 250 251 252))
               (v128.const i8x16 101 112 123 131 133 135 137 248 254 255 255 255 255 255 255 255))
(assert_return (invoke "add_sat_u8_splat"
                 (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)
                 (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
(assert_return (invoke "add_sat_u8_splat"
                 (v128.const i8x16 0 1 127 128 254 255 0 1 2 100 200 0x7f 0x80 0x40 0x10 0)
                 (v128.const i8x16 0 254 128 128 1 1 255 0 253 155 56 0x80 0x7f 0xc0 0xf0 0))
               (v128.const i8x16 0 255 255 255 255 255 255 1 255 255 255 255 255 255 255 0))

;; Where no range may be assumed: a value through a loop's parameter, a
;; local, a join; sums that may wrap.
(module
  ;; first through the loop: a lane in [-32768, 32767]; after the branch
  ;; back, the second parameter, anything
  (func (export "loop_param") (param v128 v128 i32) (result v128)
    (block $out (result v128)
      (i32x4.extend_low_i16x8_s (local.get 0))
      (loop $l (param v128)
        (i32x4.mul (v128.const i32x4 3 3 3 3))
        (br_if $out (i32.eqz (local.get 2)))
        (drop)
        (local.set 2 (i32.sub (local.get 2) (i32.const 1)))
        (br $l (local.get 1)))
      (unreachable)))
  (func (export "loop_param_min") (param v128 v128 i32) (result v128)
    (block $out (result v128)
      (i32x4.extend_low_i16x8_s (local.get 0))
      (loop $l (param v128)
        (i32x4.min_s (v128.const i32x4 0 0 0 0))
        (br_if $out (i32.eqz (local.get 2)))
        (drop)
        (local.set 2 (i32.sub (local.get 2) (i32.const 1)))
        (br $l (local.get 1)))
      (unreachable)))
  ;; the local's last set holds a range; the value read may be the other
  (func (export "local_join") (param v128 v128 i32) (result v128)
    (local v128)
    (local.set 3 (local.get 1))
    (if (local.get 2)
      (then (local.set 3 (i32x4.extend_low_i16x8_s (local.get 0)))))
    (i32x4.mul (local.get 3) (v128.const i32x4 3 3 3 3)))
  (func (export "local_min_u") (param v128 v128 i32) (result v128)
    (local v128)
    (local.set 3 (local.get 1))
    (if (local.get 2)
      (then (local.set 3 (i32x4.extend_low_i16x8_u (local.get 0)))))
    (i16x8.narrow_i32x4_u
      (local.get 3)
      (i32x4.min_u (local.get 3) (v128.const i32x4 7 7 7 7))))
  ;; a block's result: either arm
  (func (export "if_result") (param v128 v128 i32) (result v128)
    (i32x4.mul
      (if (result v128) (local.get 2)
        (then (i32x4.extend_low_i16x8_s (local.get 0)))
        (else (local.get 1)))
      (v128.const i32x4 3 3 3 3)))
  (func (export "br_result") (param v128 v128 i32) (result v128)
    (i32x4.max_s
      (block $b (result v128)
        (br_if $b (local.get 1) (local.get 2))
        (drop)
        (i32x4.extend_low_i16x8_s (local.get 0)))
      (v128.const i32x4 0 0 0 0)))
  ;; sums past 2^31 wrap: 32767 << 16 plus 32767
  (func (export "add_wrap_shl") (param v128 v128) (result v128)
    (i32x4.mul
      (i32x4.add (i32x4.shl (i32x4.extend_low_i16x8_s (local.get 0)) (i32.const 16))
                 (i32x4.extend_low_i16x8_s (local.get 1)))
      (v128.const i32x4 3 3 3 3)))
  (func (export "add_wrap_const") (param v128 v128) (result v128)
    (i32x4.min_s
      (i32x4.shr_s
        (i32x4.add (i32x4.extend_low_i16x8_s (local.get 0))
                   (v128.const i32x4 0x7fff8001 0x7fff8001 0x7fff8001 0x7fff8001))
        (i32.const 16))
      (i32x4.extend_low_i16x8_s (local.get 1))))
  (func (export "sub_wrap") (param v128 v128) (result v128)
    (i32x4.mul
      (i32x4.sub (i32x4.shr_s (local.get 0) (i32.const 1))
                 (i32x4.shr_u (local.get 1) (i32.const 1)))
      (v128.const i32x4 3 3 3 3)))
  ;; shr_s by a count not known
  (func (export "shr_s_var") (param v128 v128 i32) (result v128)
    (i32x4.mul (i32x4.shr_s (local.get 0) (local.get 2))
               (i32x4.extend_low_i16x8_s (local.get 1))))
)

(assert_return (invoke "loop_param"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 0))
               (v128.const i32x4 -98304 98301 -3 0))
(assert_return (invoke "loop_param"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 1))
               (v128.const i32x4 0x30000 0x7ffffffd 0x18000 -98307))
(assert_return (invoke "loop_param_min"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 2))
               (v128.const i32x4 0 0 0 -32769))
(assert_return (invoke "local_join"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 1))
               (v128.const i32x4 -98304 98301 -3 0))
(assert_return (invoke "local_join"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 0))
               (v128.const i32x4 0x30000 0x7ffffffd 0x18000 -98307))
(assert_return (invoke "local_min_u"
                 (v128.const i16x8 -1 0 5 32767 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -1) (i32.const 1))
               (v128.const i16x8 -1 0 5 32767 7 0 5 7))
(assert_return (invoke "local_min_u"
                 (v128.const i16x8 -1 0 5 32767 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -1) (i32.const 0))
               (v128.const i16x8 -1 -1 -32768 0 7 7 7 7))
(assert_return (invoke "if_result"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 1))
               (v128.const i32x4 -98304 98301 -3 0))
(assert_return (invoke "if_result"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 0))
               (v128.const i32x4 0x30000 0x7ffffffd 0x18000 -98307))
(assert_return (invoke "br_result"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 1))
               (v128.const i32x4 0x10000 0x7fffffff 0x8000 0))
(assert_return (invoke "br_result"
                 (v128.const i16x8 -32768 32767 -1 0 0 0 0 0)
                 (v128.const i32x4 0x10000 0x7fffffff 0x8000 -32769) (i32.const 0))
               (v128.const i32x4 0 32767 0 0))
(assert_return (invoke "add_wrap_shl"
                 (v128.const i16x8 32767 32767 -32768 1 0 0 0 0)
                 (v128.const i16x8 32767 1 -32768 -1 0 0 0 0))
               (v128.const i32x4 0x7ffe7ffd 0x7ffd0003 0x7ffe8000 0x2fffd))
(assert_return (invoke "add_wrap_const"
                 (v128.const i16x8 32767 32766 -32768 0 0 0 0 0)
                 (v128.const i16x8 32767 32767 32767 -32768 0 0 0 0))
               (v128.const i32x4 -32768 32767 32767 -32768))
(assert_return (invoke "sub_wrap"
                 (v128.const i32x4 0x80000000 0x7fffffff 0 -1)
                 (v128.const i32x4 0xffffffff 0 0xffffffff 0xffffffff))
               (v128.const i32x4 0xc0000003 0xbffffffd 0x80000003 0x80000000))
(assert_return (invoke "shr_s_var"
                 (v128.const i32x4 0x80000000 0x7fffffff 0x00030000 -1)
                 (v128.const i16x8 3 3 -32768 32767 0 0 0 0) (i32.const 1))
               (v128.const i32x4 0x40000000 0xbffffffd 0x40000000 -32767))

;; A shuffle whose result is shifted left by a constant: the bytes the
;; shift drops are not computed (clang widens mask bytes to lanes with a
;; shuffle, shl 24 and shr_s 24, filling the bytes it does not care about
;; with index 0).  The inputs are masks, 0x00 and 0xff, and bytes that
;; tell each other apart.
(module
  (func (export "widen_mask_i32") (param v128) (result v128)
    (i32x4.shr_s
      (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
                 (i32.const 24))
      (i32.const 24)))
  (func (export "shl_i32_8") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (i32.const 8)))
  (func (export "shl_i32_16") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (i32.const 16)))
  (func (export "shl_i32_24") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (i32.const 24)))
  (func (export "shl_i32_31") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (i32.const 31)))
  ;; counts are taken modulo 32: 32 drops nothing, 40 one byte
  (func (export "shl_i32_32") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (i32.const 32)))
  (func (export "shl_i32_40") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (i32.const 40)))
  ;; a count not known drops nothing known
  (func (export "shl_i32_var") (param v128 i32) (result v128)
    (i32x4.shl (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
               (local.get 1)))
  ;; nor does a right shift
  (func (export "shr_u_i32_24") (param v128) (result v128)
    (i32x4.shr_u (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 (local.get 0) (local.get 0))
                 (i32.const 24)))
  ;; bytes of two operands
  (func (export "shl_i32_two_8") (param v128 v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 (local.get 0) (local.get 1))
               (i32.const 8)))
  (func (export "shl_i32_two_24") (param v128 v128) (result v128)
    (i32x4.shl (i8x16.shuffle 31 0 16 1 30 2 17 3 29 4 18 5 28 6 19 7 (local.get 0) (local.get 1))
               (i32.const 24)))
  (func (export "shl_i32_rev_16") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 (local.get 0) (local.get 0))
               (i32.const 16)))
  (func (export "shl_i32_zext_24") (param v128) (result v128)
    (i32x4.shl (i8x16.shuffle 0 16 16 16 1 16 16 16 2 16 16 16 3 16 16 16
                 (local.get 0) (v128.const i32x4 0 0 0 0))
               (i32.const 24)))
  (func (export "widen_mask_i16") (param v128) (result v128)
    (i16x8.shr_s
      (i16x8.shl (i8x16.shuffle 0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 (local.get 0) (local.get 0))
                 (i32.const 8))
      (i32.const 8)))
  (func (export "shl_i16_4") (param v128) (result v128)
    (i16x8.shl (i8x16.shuffle 0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 (local.get 0) (local.get 0))
               (i32.const 4)))
  (func (export "shl_i16_15") (param v128) (result v128)
    (i16x8.shl (i8x16.shuffle 0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 (local.get 0) (local.get 0))
               (i32.const 15)))
  ;; counts modulo 16: 16 drops nothing, 24 one byte
  (func (export "shl_i16_16") (param v128) (result v128)
    (i16x8.shl (i8x16.shuffle 0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 (local.get 0) (local.get 0))
               (i32.const 16)))
  (func (export "shl_i16_24") (param v128) (result v128)
    (i16x8.shl (i8x16.shuffle 0 0 1 0 2 0 3 0 4 0 5 0 6 0 7 0 (local.get 0) (local.get 0))
               (i32.const 24)))
  (func (export "shl_i16_two_8") (param v128 v128) (result v128)
    (i16x8.shl (i8x16.shuffle 16 0 17 1 18 2 19 3 20 4 21 5 22 6 23 7 (local.get 0) (local.get 1))
               (i32.const 8)))
)

(assert_return (invoke "widen_mask_i32" (v128.const i8x16 0 -1 -1 0 85 85 85 85 85 85 85 85 85 85 85 85))
               (v128.const i32x4 0 -1 -1 0))
(assert_return (invoke "widen_mask_i32" (v128.const i8x16 -1 0 0 -1 0 0 0 0 0 0 0 0 0 0 0 0))
               (v128.const i32x4 -1 0 0 -1))
(assert_return (invoke "widen_mask_i32" (v128.const i8x16 0x80 0x7f 0x01 0xfe -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 -128 127 1 -2))
(assert_return (invoke "shl_i32_8" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11111100 0x11112200 0x11113300 0x11114400))
(assert_return (invoke "shl_i32_8" (v128.const i8x16 -1 0 -1 0 0 0 0 0 0 0 0 0 0 0 0 0))
               (v128.const i32x4 0xffffff00 0xffff0000 0xffffff00 0xffff0000))
(assert_return (invoke "shl_i32_16" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11110000 0x11220000 0x11330000 0x11440000))
(assert_return (invoke "shl_i32_24" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11000000 0x22000000 0x33000000 0x44000000))
(assert_return (invoke "shl_i32_24" (v128.const i8x16 0 -1 0x80 0x7f -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 0 0xff000000 0x80000000 0x7f000000))
(assert_return (invoke "shl_i32_31" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x80000000 0 0x80000000 0))
(assert_return (invoke "shl_i32_31" (v128.const i8x16 0 -1 0xfe 1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 0 0x80000000 0 0x80000000))
(assert_return (invoke "shl_i32_32" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11111111 0x11111122 0x11111133 0x11111144))
(assert_return (invoke "shl_i32_40" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11111100 0x11112200 0x11113300 0x11114400))
(assert_return (invoke "shl_i32_var" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0)
                 (i32.const 0))
               (v128.const i32x4 0x11111111 0x11111122 0x11111133 0x11111144))
(assert_return (invoke "shl_i32_var" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0)
                 (i32.const 24))
               (v128.const i32x4 0x11000000 0x22000000 0x33000000 0x44000000))
(assert_return (invoke "shr_u_i32_24" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11 0x11 0x11 0x11))
(assert_return (invoke "shl_i32_two_8"
                 (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0)
                 (v128.const i8x16 0xa1 0xa2 0xa3 0xa4 0xa5 0xa6 0xa7 0xa8 0xa9 0xaa 0xab 0xac 0xad 0xae 0xaf 0xb0))
               (v128.const i32x4 0x22a11100 0x44a33300 0x66a55500 0x88a77700))
(assert_return (invoke "shl_i32_two_8"
                 (v128.const i8x16 -1 0 -1 0 0 -1 0 -1 -1 -1 0 0 0 0 -1 -1)
                 (v128.const i8x16 0 -1 -1 0 -1 0 0 -1 0 0 -1 -1 -1 -1 -1 -1))
               (v128.const i32x4 0x0000ff00 0x00ffff00 0xffff0000 0xff000000))
(assert_return (invoke "shl_i32_two_24"
                 (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0)
                 (v128.const i8x16 0xa1 0xa2 0xa3 0xa4 0xa5 0xa6 0xa7 0xa8 0xa9 0xaa 0xab 0xac 0xad 0xae 0xaf 0xb0))
               (v128.const i32x4 0xb0000000 0xaf000000 0xae000000 0xad000000))
(assert_return (invoke "shl_i32_rev_16" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0xff000000 0xbbcc0000 0x77880000 0x33440000))
(assert_return (invoke "shl_i32_zext_24" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i32x4 0x11000000 0x22000000 0x33000000 0x44000000))
(assert_return (invoke "widen_mask_i16" (v128.const i8x16 0 -1 -1 0 0x80 0x7f 1 0xfe 85 85 85 85 85 85 85 85))
               (v128.const i16x8 0 -1 -1 0 -128 127 1 -2))
(assert_return (invoke "widen_mask_i16" (v128.const i8x16 -1 0 0 -1 -1 -1 0 0 0 0 0 0 0 0 0 0))
               (v128.const i16x8 -1 0 0 -1 -1 -1 0 0))
(assert_return (invoke "shl_i16_4" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i16x8 0x1110 0x1220 0x1330 0x1440 0x1550 0x1660 0x1770 0x1880))
(assert_return (invoke "shl_i16_15" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i16x8 0x8000 0 0x8000 0 0x8000 0 0x8000 0))
(assert_return (invoke "shl_i16_16" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i16x8 0x1111 0x1122 0x1133 0x1144 0x1155 0x1166 0x1177 0x1188))
(assert_return (invoke "shl_i16_24" (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0))
               (v128.const i16x8 0x1100 0x2200 0x3300 0x4400 0x5500 0x6600 0x7700 0x8800))
(assert_return (invoke "shl_i16_two_8"
                 (v128.const i8x16 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xaa 0xbb 0xcc 0xdd 0xee 0xff 0)
                 (v128.const i8x16 0xa1 0xa2 0xa3 0xa4 0xa5 0xa6 0xa7 0xa8 0xa9 0xaa 0xab 0xac 0xad 0xae 0xaf 0xb0))
               (v128.const i16x8 0xa100 0xa200 0xa300 0xa400 0xa500 0xa600 0xa700 0xa800))
(assert_return (invoke "shl_i16_two_8"
                 (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)
                 (v128.const i8x16 0 -1 0 -1 -1 0 0 -1 0 0 0 0 0 0 0 0))
               (v128.const i16x8 0 0xff00 0 0xff00 0xff00 0 0 0xff00))

;; Where a range must not outlive its value:
;; - a parameter of an if, seen in the else arm after the then arm
;;   replaced it (by a vector, or by a constant shift count);
;; - i32x4.shr_u of a negative range by a count not known (-1 >>u 1 is
;;   0x7fffffff).
(module
  (func (export "else_param") (param v128 v128 i32) (result v128)
    (local.get 1)
    (local.get 2)
    (if (param v128) (result v128)
      (then (drop) (v128.const i32x4 1 1 1 1))
      (else (i32x4.mul (v128.const i32x4 3 3 3 3)))))
  ;; the then arm leaves the count 17, which says nothing of the else arm's
  (func (export "else_param_count") (param v128 i32 i32) (result v128)
    (local.get 0)
    (local.get 1)
    (local.get 2)
    (if (param v128 i32) (result v128 i32)
      (then (drop) (i32.const 17))
      (else (i32x4.shr_u) (v128.const i32x4 3 3 3 3) (i32x4.mul) (i32.const 0)))
    (drop))
  (func (export "shr_u_var") (param v128 i32) (result v128)
    (i32x4.min_s
      (i32x4.shr_u (i32x4.extend_low_i16x8_s (local.get 0)) (local.get 1))
      (v128.const i32x4 0 0 0 0)))
  (func (export "shr_u_var_mul") (param v128 i32) (result v128)
    (i32x4.mul
      (i32x4.shr_u (i32x4.extend_low_i16x8_s (local.get 0)) (local.get 1))
      (v128.const i32x4 3 3 3 3)))
)

(assert_return (invoke "else_param"
                 (v128.const i32x4 0 0 0 0)
                 (v128.const i32x4 0x10000 1 -1 0x7fffffff) (i32.const 0))
               (v128.const i32x4 0x30000 3 -3 0x7ffffffd))
(assert_return (invoke "else_param"
                 (v128.const i32x4 0 0 0 0)
                 (v128.const i32x4 0x10000 1 -1 0x7fffffff) (i32.const 1))
               (v128.const i32x4 1 1 1 1))
(assert_return (invoke "else_param_count"
                 (v128.const i32x4 0x10000 0x7fffffff -1 5) (i32.const 0) (i32.const 0))
               (v128.const i32x4 0x30000 0x7ffffffd -3 15))
(assert_return (invoke "else_param_count"
                 (v128.const i32x4 0x10000 0x7fffffff -1 5) (i32.const 32) (i32.const 0))
               (v128.const i32x4 0x30000 0x7ffffffd -3 15))
(assert_return (invoke "else_param_count"
                 (v128.const i32x4 0x10000 0x7fffffff -1 5) (i32.const 0) (i32.const 1))
               (v128.const i32x4 0x10000 0x7fffffff -1 5))
(assert_return (invoke "shr_u_var"
                 (v128.const i16x8 -1 -32768 32767 1 0 0 0 0) (i32.const 1))
               (v128.const i32x4 0 0 0 0))
(assert_return (invoke "shr_u_var"
                 (v128.const i16x8 -1 -32768 32767 1 0 0 0 0) (i32.const 0))
               (v128.const i32x4 -1 -32768 0 0))
(assert_return (invoke "shr_u_var_mul"
                 (v128.const i16x8 -1 -32768 32767 1 0 0 0 0) (i32.const 1))
               (v128.const i32x4 0x7ffffffd 0x7fff4000 49149 0))
