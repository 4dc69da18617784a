;; Every operation whose generated C may call libm: square roots (gcc
;; calls sqrt() for errno on negative input) and rounding (calls where the
;; target has no rounding instruction, or at -O0), scalar and SIMD.
(module
  (func (export "f32") (param f32) (result f32 f32 f32 f32 f32)
    (f32.sqrt (local.get 0)) (f32.floor (local.get 0)) (f32.ceil (local.get 0))
    (f32.trunc (local.get 0)) (f32.nearest (local.get 0)))
  (func (export "f64") (param f64) (result f64 f64 f64 f64 f64)
    (f64.sqrt (local.get 0)) (f64.floor (local.get 0)) (f64.ceil (local.get 0))
    (f64.trunc (local.get 0)) (f64.nearest (local.get 0)))
  ;; the lanes summed: sqrt + floor + ceil + trunc + nearest
  (func (export "f32x4") (param f32) (result f32)
    (local v128)
    (local.set 1 (f32x4.splat (local.get 0)))
    (f32x4.extract_lane 0
      (f32x4.add
        (f32x4.add (f32x4.sqrt (local.get 1)) (f32x4.floor (local.get 1)))
        (f32x4.add (f32x4.ceil (local.get 1))
          (f32x4.add (f32x4.trunc (local.get 1)) (f32x4.nearest (local.get 1)))))))
  (func (export "f64x2") (param f64) (result f64)
    (local v128)
    (local.set 1 (f64x2.splat (local.get 0)))
    (f64x2.extract_lane 1
      (f64x2.add
        (f64x2.add (f64x2.sqrt (local.get 1)) (f64x2.floor (local.get 1)))
        (f64x2.add (f64x2.ceil (local.get 1))
          (f64x2.add (f64x2.trunc (local.get 1)) (f64x2.nearest (local.get 1))))))))
