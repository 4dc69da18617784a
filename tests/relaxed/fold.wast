;; Relaxed SIMD: a build gives one result per input, whether the C
;; compiler folds the instruction on constants or runs it.  (Convert with
;; wast2json --enable-relaxed-simd; fold.json beside it is the result.)
(module
  (func (export "f0") (param v128 v128) (result v128)
    (i8x16.eq (i8x16.relaxed_swizzle (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (v128.const i8x16 0 15 16 17 31 100 127 128 200 255 -1 64 3 48 112 80)) (i8x16.relaxed_swizzle (local.get 0) (local.get 1))))
  (func (export "f1") (param v128) (result v128)
    (i8x16.eq (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 3e9 -3e9 1.5)) (i32x4.relaxed_trunc_f32x4_s (local.get 0))))
  (func (export "f2") (param v128) (result v128)
    (i8x16.eq (i32x4.relaxed_trunc_f32x4_u (v128.const f32x4 nan 5e9 -1 2.5)) (i32x4.relaxed_trunc_f32x4_u (local.get 0))))
  (func (export "f3") (param v128) (result v128)
    (i8x16.eq (i32x4.relaxed_trunc_f64x2_s_zero (v128.const f64x2 nan 3e9)) (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0))))
  (func (export "f4") (param v128) (result v128)
    (i8x16.eq (i32x4.relaxed_trunc_f64x2_s_zero (v128.const f64x2 -inf -3e9)) (i32x4.relaxed_trunc_f64x2_s_zero (local.get 0))))
  (func (export "f5") (param v128) (result v128)
    (i8x16.eq (i32x4.relaxed_trunc_f64x2_u_zero (v128.const f64x2 nan 5e9)) (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0))))
  (func (export "f6") (param v128) (result v128)
    (i8x16.eq (i32x4.relaxed_trunc_f64x2_u_zero (v128.const f64x2 -2 inf)) (i32x4.relaxed_trunc_f64x2_u_zero (local.get 0))))
  (func (export "f7") (param v128 v128 v128) (result v128)
    (i8x16.eq (f32x4.relaxed_madd (v128.const i32x4 0x3f800800 0x3f800800 1 2) (v128.const i32x4 0x3f800800 0x3f800800 3 4) (v128.const i32x4 0xbf801000 0 5 6)) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f8") (param v128 v128 v128) (result v128)
    (i8x16.eq (f32x4.relaxed_nmadd (v128.const i32x4 0x3f800800 0x3f800800 1 2) (v128.const i32x4 0x3f800800 0x3f800800 3 4) (v128.const i32x4 0x3f801000 0 5 6)) (f32x4.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f9") (param v128 v128 v128) (result v128)
    (i8x16.eq (f64x2.relaxed_madd (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0xbff0000010000000 0)) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f10") (param v128 v128 v128) (result v128)
    (i8x16.eq (f64x2.relaxed_nmadd (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0x3ff0000010000000 0)) (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f11") (param v128 v128 v128) (result v128)
    (i8x16.eq (i8x16.relaxed_laneselect (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16) (v128.const i8x16 -1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14 -15 -16) (v128.const i8x16 0x80 0x7f 0xff 0 0x01 0xfe 0x40 0xc0 0 0 0 0 0 0 0 0)) (i8x16.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f12") (param v128 v128 v128) (result v128)
    (i8x16.eq (i16x8.relaxed_laneselect (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 -1 -2 -3 -4 -5 -6 -7 -8) (v128.const i16x8 0x8000 0x7fff 0xffff 0 0x0080 0xff00 0x4000 0xc000)) (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f13") (param v128 v128 v128) (result v128)
    (i8x16.eq (i32x4.relaxed_laneselect (v128.const i32x4 1 2 3 4) (v128.const i32x4 -1 -2 -3 -4) (v128.const i32x4 0x80000000 0x7fffffff 0xffff0000 0x0000ffff)) (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f14") (param v128 v128 v128) (result v128)
    (i8x16.eq (i64x2.relaxed_laneselect (v128.const i64x2 1 2) (v128.const i64x2 -1 -2) (v128.const i64x2 0x8000000000000000 0x00000000ffffffff)) (i64x2.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2))))
  (func (export "f15") (param v128 v128) (result v128)
    (i8x16.eq (f32x4.relaxed_min (v128.const f32x4 nan 0 -0 0) (v128.const f32x4 1 nan 0 -0)) (f32x4.relaxed_min (local.get 0) (local.get 1))))
  (func (export "f16") (param v128 v128) (result v128)
    (i8x16.eq (f32x4.relaxed_max (v128.const f32x4 nan 0 -0 0) (v128.const f32x4 1 nan 0 -0)) (f32x4.relaxed_max (local.get 0) (local.get 1))))
  (func (export "f17") (param v128 v128) (result v128)
    (i8x16.eq (f64x2.relaxed_min (v128.const f64x2 nan -0) (v128.const f64x2 1 0)) (f64x2.relaxed_min (local.get 0) (local.get 1))))
  (func (export "f18") (param v128 v128) (result v128)
    (i8x16.eq (f64x2.relaxed_min (v128.const f64x2 0 1) (v128.const f64x2 -0 nan)) (f64x2.relaxed_min (local.get 0) (local.get 1))))
  (func (export "f19") (param v128 v128) (result v128)
    (i8x16.eq (f64x2.relaxed_max (v128.const f64x2 nan -0) (v128.const f64x2 1 0)) (f64x2.relaxed_max (local.get 0) (local.get 1))))
  (func (export "f20") (param v128 v128) (result v128)
    (i8x16.eq (f64x2.relaxed_max (v128.const f64x2 0 1) (v128.const f64x2 -0 nan)) (f64x2.relaxed_max (local.get 0) (local.get 1))))
  (func (export "f21") (param v128 v128) (result v128)
    (i8x16.eq (i16x8.relaxed_q15mulr_s (v128.const i16x8 -32768 -32768 32767 -32768 1 2 3 4) (v128.const i16x8 -32768 32767 32767 -1 5 6 7 8)) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1))))
  (func (export "f22") (param v128 v128) (result v128)
    (i8x16.eq (i16x8.relaxed_dot_i8x16_i7x16_s (v128.const i8x16 -128 -128 127 127 -128 -128 1 2 3 4 5 6 7 8 9 10) (v128.const i8x16 -127 -127 -1 -128 -128 -128 255 254 1 2 3 4 5 6 7 8)) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1))))
  (func (export "f23") (param v128 v128 v128) (result v128)
    (i8x16.eq (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.const i8x16 -128 -128 -128 -128 127 127 127 127 -128 -128 -128 -128 1 2 3 4) (v128.const i8x16 -127 -127 -127 -127 -1 -128 -1 -128 -128 -128 -128 -128 200 201 202 203) (v128.const i32x4 1 2 3 4)) (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2))))
)

(assert_return (invoke "f0" (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (v128.const i8x16 0 15 16 17 31 100 127 128 200 255 -1 64 3 48 112 80))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i8x16.relaxed_swizzle
(assert_return (invoke "f1" (v128.const f32x4 nan 3e9 -3e9 1.5))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_trunc_f32x4_s
(assert_return (invoke "f2" (v128.const f32x4 nan 5e9 -1 2.5))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_trunc_f32x4_u
(assert_return (invoke "f3" (v128.const f64x2 nan 3e9))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_trunc_f64x2_s_zero
(assert_return (invoke "f4" (v128.const f64x2 -inf -3e9))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_trunc_f64x2_s_zero
(assert_return (invoke "f5" (v128.const f64x2 nan 5e9))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_trunc_f64x2_u_zero
(assert_return (invoke "f6" (v128.const f64x2 -2 inf))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_trunc_f64x2_u_zero
(assert_return (invoke "f7" (v128.const i32x4 0x3f800800 0x3f800800 1 2) (v128.const i32x4 0x3f800800 0x3f800800 3 4) (v128.const i32x4 0xbf801000 0 5 6))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f32x4.relaxed_madd
(assert_return (invoke "f8" (v128.const i32x4 0x3f800800 0x3f800800 1 2) (v128.const i32x4 0x3f800800 0x3f800800 3 4) (v128.const i32x4 0x3f801000 0 5 6))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f32x4.relaxed_nmadd
(assert_return (invoke "f9" (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0xbff0000010000000 0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f64x2.relaxed_madd
(assert_return (invoke "f10" (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0x3ff0000008000000 0x3ff0000008000000) (v128.const i64x2 0x3ff0000010000000 0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f64x2.relaxed_nmadd
(assert_return (invoke "f11" (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16) (v128.const i8x16 -1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14 -15 -16) (v128.const i8x16 0x80 0x7f 0xff 0 0x01 0xfe 0x40 0xc0 0 0 0 0 0 0 0 0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i8x16.relaxed_laneselect
(assert_return (invoke "f12" (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 -1 -2 -3 -4 -5 -6 -7 -8) (v128.const i16x8 0x8000 0x7fff 0xffff 0 0x0080 0xff00 0x4000 0xc000))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i16x8.relaxed_laneselect
(assert_return (invoke "f13" (v128.const i32x4 1 2 3 4) (v128.const i32x4 -1 -2 -3 -4) (v128.const i32x4 0x80000000 0x7fffffff 0xffff0000 0x0000ffff))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_laneselect
(assert_return (invoke "f14" (v128.const i64x2 1 2) (v128.const i64x2 -1 -2) (v128.const i64x2 0x8000000000000000 0x00000000ffffffff))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i64x2.relaxed_laneselect
(assert_return (invoke "f15" (v128.const f32x4 nan 0 -0 0) (v128.const f32x4 1 nan 0 -0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f32x4.relaxed_min
(assert_return (invoke "f16" (v128.const f32x4 nan 0 -0 0) (v128.const f32x4 1 nan 0 -0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f32x4.relaxed_max
(assert_return (invoke "f17" (v128.const f64x2 nan -0) (v128.const f64x2 1 0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f64x2.relaxed_min
(assert_return (invoke "f18" (v128.const f64x2 0 1) (v128.const f64x2 -0 nan))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f64x2.relaxed_min
(assert_return (invoke "f19" (v128.const f64x2 nan -0) (v128.const f64x2 1 0))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f64x2.relaxed_max
(assert_return (invoke "f20" (v128.const f64x2 0 1) (v128.const f64x2 -0 nan))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; f64x2.relaxed_max
(assert_return (invoke "f21" (v128.const i16x8 -32768 -32768 32767 -32768 1 2 3 4) (v128.const i16x8 -32768 32767 32767 -1 5 6 7 8))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i16x8.relaxed_q15mulr_s
(assert_return (invoke "f22" (v128.const i8x16 -128 -128 127 127 -128 -128 1 2 3 4 5 6 7 8 9 10) (v128.const i8x16 -127 -127 -1 -128 -128 -128 255 254 1 2 3 4 5 6 7 8))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i16x8.relaxed_dot_i8x16_i7x16_s
(assert_return (invoke "f23" (v128.const i8x16 -128 -128 -128 -128 127 127 127 127 -128 -128 -128 -128 1 2 3 4) (v128.const i8x16 -127 -127 -127 -127 -1 -128 -1 -128 -128 -128 -128 -128 200 201 202 203) (v128.const i32x4 1 2 3 4))
  (v128.const i8x16 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1 -1)) ;; i32x4.relaxed_dot_i8x16_i7x16_add_s
