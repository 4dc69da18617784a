;; Pair sums (w2c/emit_simd.c, emit_pair_sum): the even and the odd
;; 16-bit lanes of two values, gathered by two shuffles and added
;; saturated, as code written for SSSE3's pmaddubsw has them; done as one
;; pmaddwd-and-packssdw form when the second shuffle's operands are the
;; locals the first one's were tee'd to, and as written otherwise.
(module
  ;; the form compilers emit: even first
  (func (export "even_odd") (param v128 v128) (result v128) (local v128 v128)
    local.get 0 local.get 1 i16x8.mul local.tee 2
    local.get 1 local.get 0 i16x8.sub local.tee 3
    i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29
    local.get 2 local.get 3
    i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31
    i16x8.add_sat_s)
  ;; odd first
  (func (export "odd_even") (param v128 v128) (result v128) (local v128 v128)
    local.get 0 local.tee 2
    local.get 1 local.tee 3
    i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31
    local.get 2 local.get 3
    i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29
    i16x8.add_sat_s)
  ;; local 2 changes after its tee: the second shuffle reads the new value
  (func (export "changed") (param v128 v128) (result v128) (local v128 v128)
    local.get 0 local.tee 2
    local.get 1 local.tee 3
    local.get 1 local.set 2
    i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29
    local.get 2 local.get 3
    i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31
    i16x8.add_sat_s)
  ;; the operands swapped in the second shuffle: not pair sums
  (func (export "swapped") (param v128 v128) (result v128) (local v128 v128)
    local.get 0 local.tee 2
    local.get 1 local.tee 3
    i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29
    local.get 3 local.get 2
    i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31
    i16x8.add_sat_s)
  ;; the value of local 3 on one path only, joined at the block's end
  (func (export "joined") (param v128 v128 i32) (result v128) (local v128 v128)
    (block (result v128)
      local.get 1
      local.get 2
      br_if 0
      drop
      local.get 0 local.tee 3)
    local.get 1 local.tee 4
    i8x16.shuffle 0 1 4 5 8 9 12 13 16 17 20 21 24 25 28 29
    local.get 3 local.get 4
    i8x16.shuffle 2 3 6 7 10 11 14 15 18 19 22 23 26 27 30 31
    i16x8.add_sat_s))

(assert_return (invoke "even_odd" (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 1 1 1 1 1 1 1 1))
  (v128.const i16x8 3 7 11 15 -1 -5 -9 -13))
(assert_return (invoke "even_odd" (v128.const i16x8 200 200 -200 -200 181 182 -182 182) (v128.const i16x8 200 200 200 200 181 -181 181 182))
  (v128.const i16x8 -32768 32767 32767 182 0 800 -363 363))
(assert_return (invoke "odd_even" (v128.const i16x8 32767 1 -32768 -1 32767 -32768 100 -100) (v128.const i16x8 -32768 -32768 32767 32767 0 0 -1 -1))
  (v128.const i16x8 32767 -32768 -1 0 -32768 32767 0 -2))
(assert_return (invoke "changed" (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 10 20 30 40 50 60 70 80))
  (v128.const i16x8 21 43 65 87 30 70 110 150))
(assert_return (invoke "swapped" (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 10 20 30 40 50 60 70 80))
  (v128.const i16x8 21 43 65 87 12 34 56 78))
(assert_return (invoke "joined" (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 10 20 30 40 50 60 70 80) (i32.const 0))
  (v128.const i16x8 3 7 11 15 30 70 110 150))
(assert_return (invoke "joined" (v128.const i16x8 1 2 3 4 5 6 7 8) (v128.const i16x8 10 20 30 40 50 60 70 80) (i32.const 1))
  (v128.const i16x8 10 30 50 70 30 70 110 150))
