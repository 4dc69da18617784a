;; Rotates (w2c/emit_simd.c, emit_rotate): shifts of one value both ways
;; by K and 32-K, or'd, as compilers write a vector rotate; done as one
;; w2c_i32x4_rotl (a byte shuffle for whole bytes) when both shifts read
;; the same local, and as written otherwise.
(module
  (func (export "rotl") (param v128) (result v128) (local v128)
    local.get 0 local.tee 1 i32.const 8 i32x4.shl
    local.get 1 i32.const 24 i32x4.shr_u v128.or)
  (func (export "rotl16") (param v128) (result v128)
    local.get 0 i32.const 16 i32x4.shl
    local.get 0 i32.const 16 i32x4.shr_u v128.or)
  (func (export "rotl24") (param v128) (result v128)
    local.get 0 i32.const 24 i32x4.shl
    local.get 0 i32.const 8 i32x4.shr_u v128.or)
  (func (export "rotl7") (param v128) (result v128)
    local.get 0 i32.const 7 i32x4.shl
    local.get 0 i32.const 25 i32x4.shr_u v128.or)
  ;; a count of 40 shifts by 8: a rotate still
  (func (export "shl40") (param v128) (result v128)
    local.get 0 i32.const 40 i32x4.shl
    local.get 0 i32.const 24 i32x4.shr_u v128.or)
  ;; the local changes between the shifts
  (func (export "changed") (param v128 v128) (result v128)
    local.get 0 i32.const 8 i32x4.shl
    local.get 1 local.set 0
    local.get 0 i32.const 24 i32x4.shr_u v128.or)
  ;; another local
  (func (export "other") (param v128 v128) (result v128)
    local.get 0 i32.const 8 i32x4.shl
    local.get 1 i32.const 24 i32x4.shr_u v128.or))

(assert_return (invoke "rotl" (v128.const i32x4 0x12345678 0x80000001 0xff000000 0))
  (v128.const i32x4 0x34567812 0x00000180 0x000000ff 0))
(assert_return (invoke "rotl16" (v128.const i32x4 0x12345678 0x80000001 0xff000000 0))
  (v128.const i32x4 0x56781234 0x00018000 0x0000ff00 0))
(assert_return (invoke "rotl24" (v128.const i32x4 0x12345678 0x80000001 0xff000000 0))
  (v128.const i32x4 0x78123456 0x01800000 0x00ff0000 0))
(assert_return (invoke "rotl7" (v128.const i32x4 0x12345678 0x80000001 0xff000000 1))
  (v128.const i32x4 0x1a2b3c09 0x000000c0 0x8000007f 0x80))
(assert_return (invoke "shl40" (v128.const i32x4 0x12345678 0x80000001 0xff000000 0))
  (v128.const i32x4 0x34567812 0x00000180 0x000000ff 0))
(assert_return (invoke "changed" (v128.const i32x4 0x12345678 0 0 0) (v128.const i32x4 0xaabbccdd 0 0 0))
  (v128.const i32x4 0x345678aa 0 0 0))
(assert_return (invoke "other" (v128.const i32x4 0x12345678 0 0 0) (v128.const i32x4 0xaabbccdd 0 0 0))
  (v128.const i32x4 0x345678aa 0 0 0))
