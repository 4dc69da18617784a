/*
 * w2c_simd.h: the 128-bit SIMD instructions for generated code.
 *
 * Two implementations with bit-identical results:
 *
 *  - scalar: portable C11 on w2c_v128 (w2c.h), lane by lane.  Any C11
 *    compiler builds it, on either byte order.
 *  - fast: GNU C vector extensions, plus a few SSE builtins where they
 *    match wasm's semantics exactly, on little-endian hosts with SSE2 or
 *    NEON.  Operations without a fast form fall back to the scalar one.
 *
 * The relaxed instructions are the exception: where the spec leaves the
 * result to the host, the fast path may take an instruction's (see
 * "relaxed SIMD" at the end).
 *
 * W2C_SIMD_FAST chooses (default: fast where it can be).  Generated code
 * keeps v128 values in w2c_vec, which is w2c_v128 itself in the scalar
 * path and a vector in the fast one; function signatures, globals and
 * w2c_value always use w2c_v128, converted with w2c_v128_in/_out (free
 * once inlined).  A v128 holds its 16 bytes in memory order: lane k of an
 * N-bit shape is the little-endian number at bytes k*N/8 ...
 *
 * Only builtins are used, never the <*intrin.h> headers, which would cost
 * more to compile than everything else in a generated file.
 */
#ifndef W2C_SIMD_H
#define W2C_SIMD_H

#include "w2c_gen.h"

#ifndef W2C_SIMD_FAST
#if defined(__GNUC__) && !defined(W2C_BIG_ENDIAN) && \
	(defined(__SSE2__) || defined(__ARM_NEON) || defined(__aarch64__))
#define W2C_SIMD_FAST 1
#else
#define W2C_SIMD_FAST 0
#endif
#endif

/* ====================================================== scalar: lanes */

/* Unpacks a v128 into native lanes and back.  On little-endian hosts the
 * loops compile to a copy. */
static inline void w2c_un8(w2c_v128 v, uint8_t *x) { memcpy(x, &v, 16); }
static inline w2c_v128 w2c_pk8(const uint8_t *x) { w2c_v128 v; memcpy(&v, x, 16); return v; }
static inline void w2c_un16(w2c_v128 v, uint16_t *x)
{
	uint8_t b[16];
	int i;
	memcpy(b, &v, 16);
	for (i = 0; i < 8; i++)
		x[i] = (uint16_t)(b[2 * i] | b[2 * i + 1] << 8);
}
static inline w2c_v128 w2c_pk16(const uint16_t *x)
{
	uint8_t b[16];
	int i;
	for (i = 0; i < 8; i++) {
		b[2 * i] = (uint8_t)x[i];
		b[2 * i + 1] = (uint8_t)(x[i] >> 8);
	}
	return w2c_pk8(b);
}
static inline void w2c_un32(w2c_v128 v, uint32_t *x)
{
	uint8_t b[16];
	int i;
	memcpy(b, &v, 16);
	for (i = 0; i < 4; i++)
		x[i] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
		       (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;
}
static inline w2c_v128 w2c_pk32(const uint32_t *x)
{
	uint8_t b[16];
	int i, k;
	for (i = 0; i < 4; i++)
		for (k = 0; k < 4; k++)
			b[4 * i + k] = (uint8_t)(x[i] >> 8 * k);
	return w2c_pk8(b);
}
static inline void w2c_un64(w2c_v128 v, uint64_t *x)
{
	uint32_t w[4];
	w2c_un32(v, w);
	x[0] = w[0] | (uint64_t)w[1] << 32;
	x[1] = w[2] | (uint64_t)w[3] << 32;
}
static inline w2c_v128 w2c_pk64(const uint64_t *x)
{
	uint32_t w[4] = { (uint32_t)x[0], (uint32_t)(x[0] >> 32), (uint32_t)x[1],
	                  (uint32_t)(x[1] >> 32) };
	return w2c_pk32(w);
}
static inline void w2c_unf32(w2c_v128 v, float *x)
{
	uint32_t w[4];
	int i;
	w2c_un32(v, w);
	for (i = 0; i < 4; i++)
		x[i] = w2c_f32_bits(w[i]);
}
static inline w2c_v128 w2c_pkf32(const float *x)
{
	uint32_t w[4];
	int i;
	for (i = 0; i < 4; i++)
		w[i] = w2c_f32_raw(x[i]);
	return w2c_pk32(w);
}
static inline void w2c_unf64(w2c_v128 v, double *x)
{
	uint64_t w[2];
	w2c_un64(v, w);
	x[0] = w2c_f64_bits(w[0]);
	x[1] = w2c_f64_bits(w[1]);
}
static inline w2c_v128 w2c_pkf64(const double *x)
{
	uint64_t w[2] = { w2c_f64_raw(x[0]), w2c_f64_raw(x[1]) };
	return w2c_pk64(w);
}

/* Signed views of unsigned lanes, by arithmetic (no out-of-range
 * conversions). */
#define W2C_S8(x) ((int32_t)(((uint32_t)(x) & 0xffu) ^ 0x80u) - 0x80)
#define W2C_S16(x) ((int32_t)(((uint32_t)(x) & 0xffffu) ^ 0x8000u) - 0x8000)
#define W2C_SAT(x, lo, hi) ((x) < (lo) ? (lo) : (x) > (hi) ? (hi) : (x))

/*
 * Lane-wise scalar operations.  In each, a[] and b[] are the operands'
 * lanes and r[] the result's; the expression computes r[i].
 */
#define W2C_SC1(name, T, N, un, pk, expr)                                   \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va)                    \
	{                                                                    \
		T a[N], r[N];                                                \
		int i;                                                       \
		un(va, a);                                                   \
		for (i = 0; i < N; i++)                                      \
			r[i] = (expr);                                       \
		return pk(r);                                                \
	}
#define W2C_SC2(name, T, N, un, pk, expr)                                   \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va, w2c_v128 vb)       \
	{                                                                    \
		T a[N], b[N], r[N];                                          \
		int i;                                                       \
		un(va, a);                                                   \
		un(vb, b);                                                   \
		for (i = 0; i < N; i++)                                      \
			r[i] = (expr);                                       \
		return pk(r);                                                \
	}
/* shifts: the count is taken modulo the lane width */
#define W2C_SCSH(name, T, N, un, pk, expr)                                  \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va, uint32_t n)        \
	{                                                                    \
		T a[N], r[N];                                                \
		int i;                                                       \
		un(va, a);                                                   \
		n &= 8 * sizeof(T) - 1;                                      \
		for (i = 0; i < N; i++)                                      \
			r[i] = (expr);                                       \
		return pk(r);                                                \
	}

/* (a * b + 2^14) >> 15, saturated: the shift is arithmetic on the sum. */
static inline uint16_t w2c_q15mulr(uint16_t a, uint16_t b)
{
	int32_t p = W2C_S32(w2c_i32_shr_s((uint32_t)(W2C_S16(a) * W2C_S16(b) + 0x4000), 15));
	return (uint16_t)W2C_SAT(p, -32768, 32767);
}

#define W2C_M8(c) ((uint8_t)((c) ? 0xffu : 0))
#define W2C_M16(c) ((uint16_t)((c) ? 0xffffu : 0))
#define W2C_M32(c) ((uint32_t)((c) ? 0xffffffffu : 0))
#define W2C_M64(c) ((uint64_t)((c) ? ~(uint64_t)0 : 0))

/* ----------------------------------------------------------- bitwise */
W2C_SC1(v128_not, uint64_t, 2, w2c_un64, w2c_pk64, ~a[i])
W2C_SC2(v128_and, uint64_t, 2, w2c_un64, w2c_pk64, a[i] & b[i])
W2C_SC2(v128_andnot, uint64_t, 2, w2c_un64, w2c_pk64, a[i] & ~b[i])
W2C_SC2(v128_or, uint64_t, 2, w2c_un64, w2c_pk64, a[i] | b[i])
W2C_SC2(v128_xor, uint64_t, 2, w2c_un64, w2c_pk64, a[i] ^ b[i])
static inline w2c_v128 w2c_sc_v128_bitselect(w2c_v128 va, w2c_v128 vb, w2c_v128 vc)
{
	uint64_t a[2], b[2], c[2], r[2];
	int i;
	w2c_un64(va, a);
	w2c_un64(vb, b);
	w2c_un64(vc, c);
	for (i = 0; i < 2; i++)
		r[i] = (a[i] & c[i]) | (b[i] & ~c[i]);
	return w2c_pk64(r);
}
static inline uint32_t w2c_sc_v128_any_true(w2c_v128 v)
{
	uint64_t a[2];
	w2c_un64(v, a);
	return (a[0] | a[1]) != 0;
}

/* -------------------------------------------------------- comparisons */
W2C_SC2(i8x16_eq, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(a[i] == b[i]))
W2C_SC2(i8x16_ne, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(a[i] != b[i]))
W2C_SC2(i8x16_lt_s, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(W2C_S8(a[i]) < W2C_S8(b[i])))
W2C_SC2(i8x16_lt_u, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(a[i] < b[i]))
W2C_SC2(i8x16_gt_s, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(W2C_S8(a[i]) > W2C_S8(b[i])))
W2C_SC2(i8x16_gt_u, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(a[i] > b[i]))
W2C_SC2(i8x16_le_s, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(W2C_S8(a[i]) <= W2C_S8(b[i])))
W2C_SC2(i8x16_le_u, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(a[i] <= b[i]))
W2C_SC2(i8x16_ge_s, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(W2C_S8(a[i]) >= W2C_S8(b[i])))
W2C_SC2(i8x16_ge_u, uint8_t, 16, w2c_un8, w2c_pk8, W2C_M8(a[i] >= b[i]))
W2C_SC2(i16x8_eq, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(a[i] == b[i]))
W2C_SC2(i16x8_ne, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(a[i] != b[i]))
W2C_SC2(i16x8_lt_s, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(W2C_S16(a[i]) < W2C_S16(b[i])))
W2C_SC2(i16x8_lt_u, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(a[i] < b[i]))
W2C_SC2(i16x8_gt_s, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(W2C_S16(a[i]) > W2C_S16(b[i])))
W2C_SC2(i16x8_gt_u, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(a[i] > b[i]))
W2C_SC2(i16x8_le_s, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(W2C_S16(a[i]) <= W2C_S16(b[i])))
W2C_SC2(i16x8_le_u, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(a[i] <= b[i]))
W2C_SC2(i16x8_ge_s, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(W2C_S16(a[i]) >= W2C_S16(b[i])))
W2C_SC2(i16x8_ge_u, uint16_t, 8, w2c_un16, w2c_pk16, W2C_M16(a[i] >= b[i]))
W2C_SC2(i32x4_eq, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(a[i] == b[i]))
W2C_SC2(i32x4_ne, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(a[i] != b[i]))
W2C_SC2(i32x4_lt_s, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(W2C_S32(a[i]) < W2C_S32(b[i])))
W2C_SC2(i32x4_lt_u, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(a[i] < b[i]))
W2C_SC2(i32x4_gt_s, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(W2C_S32(a[i]) > W2C_S32(b[i])))
W2C_SC2(i32x4_gt_u, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(a[i] > b[i]))
W2C_SC2(i32x4_le_s, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(W2C_S32(a[i]) <= W2C_S32(b[i])))
W2C_SC2(i32x4_le_u, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(a[i] <= b[i]))
W2C_SC2(i32x4_ge_s, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(W2C_S32(a[i]) >= W2C_S32(b[i])))
W2C_SC2(i32x4_ge_u, uint32_t, 4, w2c_un32, w2c_pk32, W2C_M32(a[i] >= b[i]))
W2C_SC2(i64x2_eq, uint64_t, 2, w2c_un64, w2c_pk64, W2C_M64(a[i] == b[i]))
W2C_SC2(i64x2_ne, uint64_t, 2, w2c_un64, w2c_pk64, W2C_M64(a[i] != b[i]))
W2C_SC2(i64x2_lt_s, uint64_t, 2, w2c_un64, w2c_pk64, W2C_M64(W2C_S64(a[i]) < W2C_S64(b[i])))
W2C_SC2(i64x2_gt_s, uint64_t, 2, w2c_un64, w2c_pk64, W2C_M64(W2C_S64(a[i]) > W2C_S64(b[i])))
W2C_SC2(i64x2_le_s, uint64_t, 2, w2c_un64, w2c_pk64, W2C_M64(W2C_S64(a[i]) <= W2C_S64(b[i])))
W2C_SC2(i64x2_ge_s, uint64_t, 2, w2c_un64, w2c_pk64, W2C_M64(W2C_S64(a[i]) >= W2C_S64(b[i])))

/* Float comparisons read the lanes as floats and answer in integer masks. */
#define W2C_SCFCMP(name, F, U, N, unf, pk, M, op)                            \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va, w2c_v128 vb)       \
	{                                                                    \
		F a[N], b[N];                                                \
		U r[N];                                                      \
		int i;                                                       \
		unf(va, a);                                                  \
		unf(vb, b);                                                  \
		for (i = 0; i < N; i++)                                      \
			r[i] = M(a[i] op b[i]);                              \
		return pk(r);                                                \
	}
W2C_SCFCMP(f32x4_eq, float, uint32_t, 4, w2c_unf32, w2c_pk32, W2C_M32, ==)
W2C_SCFCMP(f32x4_ne, float, uint32_t, 4, w2c_unf32, w2c_pk32, W2C_M32, !=)
W2C_SCFCMP(f32x4_lt, float, uint32_t, 4, w2c_unf32, w2c_pk32, W2C_M32, <)
W2C_SCFCMP(f32x4_gt, float, uint32_t, 4, w2c_unf32, w2c_pk32, W2C_M32, >)
W2C_SCFCMP(f32x4_le, float, uint32_t, 4, w2c_unf32, w2c_pk32, W2C_M32, <=)
W2C_SCFCMP(f32x4_ge, float, uint32_t, 4, w2c_unf32, w2c_pk32, W2C_M32, >=)
W2C_SCFCMP(f64x2_eq, double, uint64_t, 2, w2c_unf64, w2c_pk64, W2C_M64, ==)
W2C_SCFCMP(f64x2_ne, double, uint64_t, 2, w2c_unf64, w2c_pk64, W2C_M64, !=)
W2C_SCFCMP(f64x2_lt, double, uint64_t, 2, w2c_unf64, w2c_pk64, W2C_M64, <)
W2C_SCFCMP(f64x2_gt, double, uint64_t, 2, w2c_unf64, w2c_pk64, W2C_M64, >)
W2C_SCFCMP(f64x2_le, double, uint64_t, 2, w2c_unf64, w2c_pk64, W2C_M64, <=)
W2C_SCFCMP(f64x2_ge, double, uint64_t, 2, w2c_unf64, w2c_pk64, W2C_M64, >=)

/* -------------------------------------------------- integer arithmetic */
W2C_SC1(i8x16_abs, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)(a[i] & 0x80 ? 0u - a[i] : a[i]))
W2C_SC1(i8x16_neg, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)(0u - a[i]))
W2C_SC1(i8x16_popcnt, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)w2c_i32_popcnt(a[i]))
W2C_SCSH(i8x16_shl, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)(a[i] << n))
W2C_SCSH(i8x16_shr_s, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)w2c_i32_shr_s((uint32_t)W2C_S8(a[i]), n))
W2C_SCSH(i8x16_shr_u, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)(a[i] >> n))
W2C_SC2(i8x16_add, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)(a[i] + b[i]))
W2C_SC2(i8x16_add_sat_s, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)W2C_SAT(W2C_S8(a[i]) + W2C_S8(b[i]), -128, 127))
W2C_SC2(i8x16_add_sat_u, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)W2C_SAT(a[i] + b[i], 0, 255))
W2C_SC2(i8x16_sub, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)(a[i] - b[i]))
W2C_SC2(i8x16_sub_sat_s, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)W2C_SAT(W2C_S8(a[i]) - W2C_S8(b[i]), -128, 127))
W2C_SC2(i8x16_sub_sat_u, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)W2C_SAT(a[i] - b[i], 0, 255))
W2C_SC2(i8x16_min_s, uint8_t, 16, w2c_un8, w2c_pk8, W2C_S8(a[i]) < W2C_S8(b[i]) ? a[i] : b[i])
W2C_SC2(i8x16_min_u, uint8_t, 16, w2c_un8, w2c_pk8, a[i] < b[i] ? a[i] : b[i])
W2C_SC2(i8x16_max_s, uint8_t, 16, w2c_un8, w2c_pk8, W2C_S8(a[i]) > W2C_S8(b[i]) ? a[i] : b[i])
W2C_SC2(i8x16_max_u, uint8_t, 16, w2c_un8, w2c_pk8, a[i] > b[i] ? a[i] : b[i])
W2C_SC2(i8x16_avgr_u, uint8_t, 16, w2c_un8, w2c_pk8, (uint8_t)((a[i] + b[i] + 1u) >> 1))
W2C_SC1(i16x8_abs, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)(a[i] & 0x8000 ? 0u - a[i] : a[i]))
W2C_SC1(i16x8_neg, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)(0u - a[i]))
W2C_SCSH(i16x8_shl, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)(a[i] << n))
W2C_SCSH(i16x8_shr_s, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)w2c_i32_shr_s((uint32_t)W2C_S16(a[i]), n))
W2C_SCSH(i16x8_shr_u, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)(a[i] >> n))
W2C_SC2(i16x8_add, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)(a[i] + b[i]))
W2C_SC2(i16x8_add_sat_s, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)W2C_SAT(W2C_S16(a[i]) + W2C_S16(b[i]), -32768, 32767))
W2C_SC2(i16x8_add_sat_u, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)W2C_SAT((int32_t)a[i] + (int32_t)b[i], 0, 65535))
W2C_SC2(i16x8_sub, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)(a[i] - b[i]))
W2C_SC2(i16x8_sub_sat_s, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)W2C_SAT(W2C_S16(a[i]) - W2C_S16(b[i]), -32768, 32767))
W2C_SC2(i16x8_sub_sat_u, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)W2C_SAT((int32_t)a[i] - (int32_t)b[i], 0, 65535))
W2C_SC2(i16x8_mul, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)((uint32_t)a[i] * b[i]))
W2C_SC2(i16x8_min_s, uint16_t, 8, w2c_un16, w2c_pk16, W2C_S16(a[i]) < W2C_S16(b[i]) ? a[i] : b[i])
W2C_SC2(i16x8_min_u, uint16_t, 8, w2c_un16, w2c_pk16, a[i] < b[i] ? a[i] : b[i])
W2C_SC2(i16x8_max_s, uint16_t, 8, w2c_un16, w2c_pk16, W2C_S16(a[i]) > W2C_S16(b[i]) ? a[i] : b[i])
W2C_SC2(i16x8_max_u, uint16_t, 8, w2c_un16, w2c_pk16, a[i] > b[i] ? a[i] : b[i])
W2C_SC2(i16x8_avgr_u, uint16_t, 8, w2c_un16, w2c_pk16, (uint16_t)((a[i] + b[i] + 1u) >> 1))
W2C_SC2(i16x8_q15mulr_sat_s, uint16_t, 8, w2c_un16, w2c_pk16, w2c_q15mulr(a[i], b[i]))
W2C_SC1(i32x4_abs, uint32_t, 4, w2c_un32, w2c_pk32, a[i] & 0x80000000u ? 0u - a[i] : a[i])
W2C_SC1(i32x4_neg, uint32_t, 4, w2c_un32, w2c_pk32, 0u - a[i])
W2C_SCSH(i32x4_shl, uint32_t, 4, w2c_un32, w2c_pk32, a[i] << n)
W2C_SCSH(i32x4_shr_s, uint32_t, 4, w2c_un32, w2c_pk32, w2c_i32_shr_s(a[i], n))
W2C_SCSH(i32x4_shr_u, uint32_t, 4, w2c_un32, w2c_pk32, a[i] >> n)
W2C_SC2(i32x4_add, uint32_t, 4, w2c_un32, w2c_pk32, a[i] + b[i])
W2C_SC2(i32x4_sub, uint32_t, 4, w2c_un32, w2c_pk32, a[i] - b[i])
W2C_SC2(i32x4_mul, uint32_t, 4, w2c_un32, w2c_pk32, a[i] * b[i])
W2C_SC2(i32x4_min_s, uint32_t, 4, w2c_un32, w2c_pk32, W2C_S32(a[i]) < W2C_S32(b[i]) ? a[i] : b[i])
W2C_SC2(i32x4_min_u, uint32_t, 4, w2c_un32, w2c_pk32, a[i] < b[i] ? a[i] : b[i])
W2C_SC2(i32x4_max_s, uint32_t, 4, w2c_un32, w2c_pk32, W2C_S32(a[i]) > W2C_S32(b[i]) ? a[i] : b[i])
W2C_SC2(i32x4_max_u, uint32_t, 4, w2c_un32, w2c_pk32, a[i] > b[i] ? a[i] : b[i])
W2C_SC1(i64x2_abs, uint64_t, 2, w2c_un64, w2c_pk64, a[i] >> 63 ? 0u - a[i] : a[i])
W2C_SC1(i64x2_neg, uint64_t, 2, w2c_un64, w2c_pk64, 0u - a[i])
W2C_SCSH(i64x2_shl, uint64_t, 2, w2c_un64, w2c_pk64, a[i] << n)
W2C_SCSH(i64x2_shr_s, uint64_t, 2, w2c_un64, w2c_pk64, w2c_i64_shr_s(a[i], n))
W2C_SCSH(i64x2_shr_u, uint64_t, 2, w2c_un64, w2c_pk64, a[i] >> n)
W2C_SC2(i64x2_add, uint64_t, 2, w2c_un64, w2c_pk64, a[i] + b[i])
W2C_SC2(i64x2_sub, uint64_t, 2, w2c_un64, w2c_pk64, a[i] - b[i])
W2C_SC2(i64x2_mul, uint64_t, 2, w2c_un64, w2c_pk64, a[i] * b[i])

/* ---------------------------------------------------- float arithmetic */
W2C_SC1(f32x4_abs, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_abs(a[i]))
W2C_SC1(f32x4_neg, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_neg(a[i]))
W2C_SC1(f32x4_sqrt, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_sqrt(a[i]))
W2C_SC1(f32x4_ceil, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_ceil(a[i]))
W2C_SC1(f32x4_floor, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_floor(a[i]))
W2C_SC1(f32x4_trunc, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_trunc(a[i]))
W2C_SC1(f32x4_nearest, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_nearest(a[i]))
W2C_SC2(f32x4_add, float, 4, w2c_unf32, w2c_pkf32, a[i] + b[i])
W2C_SC2(f32x4_sub, float, 4, w2c_unf32, w2c_pkf32, a[i] - b[i])
W2C_SC2(f32x4_mul, float, 4, w2c_unf32, w2c_pkf32, a[i] * b[i])
W2C_SC2(f32x4_div, float, 4, w2c_unf32, w2c_pkf32, a[i] / b[i])
W2C_SC2(f32x4_min, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_min(a[i], b[i]))
W2C_SC2(f32x4_max, float, 4, w2c_unf32, w2c_pkf32, w2c_f32_max(a[i], b[i]))
W2C_SC2(f32x4_pmin, float, 4, w2c_unf32, w2c_pkf32, b[i] < a[i] ? b[i] : a[i])
W2C_SC2(f32x4_pmax, float, 4, w2c_unf32, w2c_pkf32, a[i] < b[i] ? b[i] : a[i])
W2C_SC1(f64x2_abs, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_abs(a[i]))
W2C_SC1(f64x2_neg, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_neg(a[i]))
W2C_SC1(f64x2_sqrt, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_sqrt(a[i]))
W2C_SC1(f64x2_ceil, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_ceil(a[i]))
W2C_SC1(f64x2_floor, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_floor(a[i]))
W2C_SC1(f64x2_trunc, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_trunc(a[i]))
W2C_SC1(f64x2_nearest, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_nearest(a[i]))
W2C_SC2(f64x2_add, double, 2, w2c_unf64, w2c_pkf64, a[i] + b[i])
W2C_SC2(f64x2_sub, double, 2, w2c_unf64, w2c_pkf64, a[i] - b[i])
W2C_SC2(f64x2_mul, double, 2, w2c_unf64, w2c_pkf64, a[i] * b[i])
W2C_SC2(f64x2_div, double, 2, w2c_unf64, w2c_pkf64, a[i] / b[i])
W2C_SC2(f64x2_min, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_min(a[i], b[i]))
W2C_SC2(f64x2_max, double, 2, w2c_unf64, w2c_pkf64, w2c_f64_max(a[i], b[i]))
W2C_SC2(f64x2_pmin, double, 2, w2c_unf64, w2c_pkf64, b[i] < a[i] ? b[i] : a[i])
W2C_SC2(f64x2_pmax, double, 2, w2c_unf64, w2c_pkf64, a[i] < b[i] ? b[i] : a[i])

/* ------------------------------------------------- lanes and shuffles */
static inline w2c_v128 w2c_sc_i8x16_splat(uint32_t x)
{
	uint8_t r[16];
	memset(r, (int)(x & 0xff), 16);
	return w2c_pk8(r);
}
static inline w2c_v128 w2c_sc_i16x8_splat(uint32_t x)
{
	uint16_t r[8];
	int i;
	for (i = 0; i < 8; i++)
		r[i] = (uint16_t)x;
	return w2c_pk16(r);
}
static inline w2c_v128 w2c_sc_i32x4_splat(uint32_t x)
{
	uint32_t r[4] = { x, x, x, x };
	return w2c_pk32(r);
}
static inline w2c_v128 w2c_sc_i64x2_splat(uint64_t x)
{
	uint64_t r[2] = { x, x };
	return w2c_pk64(r);
}
static inline w2c_v128 w2c_sc_f32x4_splat(float x) { return w2c_sc_i32x4_splat(w2c_f32_raw(x)); }
static inline w2c_v128 w2c_sc_f64x2_splat(double x) { return w2c_sc_i64x2_splat(w2c_f64_raw(x)); }

static inline uint32_t w2c_sc_i8x16_extract_lane_s(w2c_v128 v, int k)
{
	uint8_t a[16];
	w2c_un8(v, a);
	return w2c_sx8(a[k]);
}
static inline uint32_t w2c_sc_i8x16_extract_lane_u(w2c_v128 v, int k)
{
	uint8_t a[16];
	w2c_un8(v, a);
	return a[k];
}
static inline uint32_t w2c_sc_i16x8_extract_lane_s(w2c_v128 v, int k)
{
	uint16_t a[8];
	w2c_un16(v, a);
	return w2c_sx16(a[k]);
}
static inline uint32_t w2c_sc_i16x8_extract_lane_u(w2c_v128 v, int k)
{
	uint16_t a[8];
	w2c_un16(v, a);
	return a[k];
}
static inline uint32_t w2c_sc_i32x4_extract_lane(w2c_v128 v, int k)
{
	uint32_t a[4];
	w2c_un32(v, a);
	return a[k];
}
static inline uint64_t w2c_sc_i64x2_extract_lane(w2c_v128 v, int k)
{
	uint64_t a[2];
	w2c_un64(v, a);
	return a[k];
}
static inline float w2c_sc_f32x4_extract_lane(w2c_v128 v, int k)
{
	return w2c_f32_bits(w2c_sc_i32x4_extract_lane(v, k));
}
static inline double w2c_sc_f64x2_extract_lane(w2c_v128 v, int k)
{
	return w2c_f64_bits(w2c_sc_i64x2_extract_lane(v, k));
}
static inline w2c_v128 w2c_sc_i8x16_replace_lane(w2c_v128 v, int k, uint32_t x)
{
	uint8_t a[16];
	w2c_un8(v, a);
	a[k] = (uint8_t)x;
	return w2c_pk8(a);
}
static inline w2c_v128 w2c_sc_i16x8_replace_lane(w2c_v128 v, int k, uint32_t x)
{
	uint16_t a[8];
	w2c_un16(v, a);
	a[k] = (uint16_t)x;
	return w2c_pk16(a);
}
static inline w2c_v128 w2c_sc_i32x4_replace_lane(w2c_v128 v, int k, uint32_t x)
{
	uint32_t a[4];
	w2c_un32(v, a);
	a[k] = x;
	return w2c_pk32(a);
}
static inline w2c_v128 w2c_sc_i64x2_replace_lane(w2c_v128 v, int k, uint64_t x)
{
	uint64_t a[2];
	w2c_un64(v, a);
	a[k] = x;
	return w2c_pk64(a);
}
static inline w2c_v128 w2c_sc_f32x4_replace_lane(w2c_v128 v, int k, float x)
{
	return w2c_sc_i32x4_replace_lane(v, k, w2c_f32_raw(x));
}
static inline w2c_v128 w2c_sc_f64x2_replace_lane(w2c_v128 v, int k, double x)
{
	return w2c_sc_i64x2_replace_lane(v, k, w2c_f64_raw(x));
}

/* i8x16.shuffle: lanes of a (0-15) and b (16-31) by constant indices. */
static inline w2c_v128 w2c_sc_i8x16_shuffle(w2c_v128 va, w2c_v128 vb, const uint8_t *idx)
{
	uint8_t ab[32], r[16];
	int i;
	w2c_un8(va, ab);
	w2c_un8(vb, ab + 16);
	for (i = 0; i < 16; i++)
		r[i] = ab[idx[i] & 31];
	return w2c_pk8(r);
}
/* i8x16.swizzle: lanes of a by run-time indices; out of range gives 0. */
W2C_SC2(i8x16_swizzle, uint8_t, 16, w2c_un8, w2c_pk8, b[i] < 16 ? a[b[i]] : 0)

/* ----------------------------------------------------- lane reductions */
static inline uint32_t w2c_sc_i8x16_all_true(w2c_v128 v)
{
	uint8_t a[16];
	int i;
	w2c_un8(v, a);
	for (i = 0; i < 16; i++)
		if (!a[i])
			return 0;
	return 1;
}
static inline uint32_t w2c_sc_i16x8_all_true(w2c_v128 v)
{
	uint16_t a[8];
	int i;
	w2c_un16(v, a);
	for (i = 0; i < 8; i++)
		if (!a[i])
			return 0;
	return 1;
}
static inline uint32_t w2c_sc_i32x4_all_true(w2c_v128 v)
{
	uint32_t a[4];
	w2c_un32(v, a);
	return a[0] && a[1] && a[2] && a[3];
}
static inline uint32_t w2c_sc_i64x2_all_true(w2c_v128 v)
{
	uint64_t a[2];
	w2c_un64(v, a);
	return a[0] && a[1];
}
static inline uint32_t w2c_sc_i8x16_bitmask(w2c_v128 v)
{
	uint8_t a[16];
	uint32_t r = 0;
	int i;
	w2c_un8(v, a);
	for (i = 0; i < 16; i++)
		r |= (uint32_t)(a[i] >> 7) << i;
	return r;
}
static inline uint32_t w2c_sc_i16x8_bitmask(w2c_v128 v)
{
	uint16_t a[8];
	uint32_t r = 0;
	int i;
	w2c_un16(v, a);
	for (i = 0; i < 8; i++)
		r |= (uint32_t)(a[i] >> 15) << i;
	return r;
}
static inline uint32_t w2c_sc_i32x4_bitmask(w2c_v128 v)
{
	uint32_t a[4], r = 0;
	int i;
	w2c_un32(v, a);
	for (i = 0; i < 4; i++)
		r |= (a[i] >> 31) << i;
	return r;
}
static inline uint32_t w2c_sc_i64x2_bitmask(w2c_v128 v)
{
	uint64_t a[2];
	w2c_un64(v, a);
	return (uint32_t)(a[0] >> 63 | (a[1] >> 63) << 1);
}

/* ------------------------------------------ narrowing, widening, pairs */
/* Narrowing saturates each signed lane of a then b into half the width. */
#define W2C_SCNARROW(name, TA, NA, una, sx, TR, pkr, lo, hi)                  \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va, w2c_v128 vb)       \
	{                                                                    \
		TA ab[2 * NA];                                               \
		TR r[2 * NA];                                                \
		int i;                                                       \
		una(va, ab);                                                 \
		una(vb, ab + NA);                                            \
		for (i = 0; i < 2 * NA; i++)                                 \
			r[i] = (TR)W2C_SAT(sx(ab[i]), lo, hi);               \
		return pkr(r);                                               \
	}
W2C_SCNARROW(i8x16_narrow_i16x8_s, uint16_t, 8, w2c_un16, W2C_S16, uint8_t, w2c_pk8, -128, 127)
W2C_SCNARROW(i8x16_narrow_i16x8_u, uint16_t, 8, w2c_un16, W2C_S16, uint8_t, w2c_pk8, 0, 255)
W2C_SCNARROW(i16x8_narrow_i32x4_s, uint32_t, 4, w2c_un32, W2C_S32, uint16_t, w2c_pk16, -32768, 32767)
W2C_SCNARROW(i16x8_narrow_i32x4_u, uint32_t, 4, w2c_un32, W2C_S32, uint16_t, w2c_pk16, 0, 65535)

/* Widening: half the lanes (low from 0, high from N/2) to twice the
 * width, sign- or zero-extended.  lo selects the half. */
#define W2C_SCEXT(name, TA, NA, una, TR, pkr, ext, half)                     \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va)                    \
	{                                                                    \
		TA a[NA];                                                    \
		TR r[NA / 2];                                                \
		int i;                                                       \
		una(va, a);                                                  \
		for (i = 0; i < NA / 2; i++)                                 \
			r[i] = (TR)ext(a[i + (half) * (NA / 2)]);            \
		return pkr(r);                                               \
	}
#define W2C_ID(x) (x)
W2C_SCEXT(i16x8_extend_low_i8x16_s, uint8_t, 16, w2c_un8, uint16_t, w2c_pk16, w2c_sx8, 0)
W2C_SCEXT(i16x8_extend_high_i8x16_s, uint8_t, 16, w2c_un8, uint16_t, w2c_pk16, w2c_sx8, 1)
W2C_SCEXT(i16x8_extend_low_i8x16_u, uint8_t, 16, w2c_un8, uint16_t, w2c_pk16, W2C_ID, 0)
W2C_SCEXT(i16x8_extend_high_i8x16_u, uint8_t, 16, w2c_un8, uint16_t, w2c_pk16, W2C_ID, 1)
W2C_SCEXT(i32x4_extend_low_i16x8_s, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, w2c_sx16, 0)
W2C_SCEXT(i32x4_extend_high_i16x8_s, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, w2c_sx16, 1)
W2C_SCEXT(i32x4_extend_low_i16x8_u, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, W2C_ID, 0)
W2C_SCEXT(i32x4_extend_high_i16x8_u, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, W2C_ID, 1)
W2C_SCEXT(i64x2_extend_low_i32x4_s, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, w2c_sx32_64, 0)
W2C_SCEXT(i64x2_extend_high_i32x4_s, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, w2c_sx32_64, 1)
W2C_SCEXT(i64x2_extend_low_i32x4_u, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, (uint64_t), 0)
W2C_SCEXT(i64x2_extend_high_i32x4_u, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, (uint64_t), 1)

/* Extended multiplication: widen a half of each operand, multiply. */
static inline w2c_v128 w2c_pk16_of32(const uint32_t *x)
{
	uint16_t r[8];
	int i;
	for (i = 0; i < 8; i++)
		r[i] = (uint16_t)x[i];
	return w2c_pk16(r);
}
#define W2C_SCEXTMUL(name, TA, NA, una, TR, pkr, ext, half)                  \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va, w2c_v128 vb)       \
	{                                                                    \
		TA a[NA], b[NA];                                             \
		TR r[NA / 2];                                                \
		int i;                                                       \
		una(va, a);                                                  \
		una(vb, b);                                                  \
		for (i = 0; i < NA / 2; i++)                                 \
			r[i] = (TR)((TR)ext(a[i + (half) * (NA / 2)]) *      \
			            (TR)ext(b[i + (half) * (NA / 2)]));      \
		return pkr(r);                                               \
	}
W2C_SCEXTMUL(i16x8_extmul_low_i8x16_s, uint8_t, 16, w2c_un8, uint32_t, w2c_pk16_of32, w2c_sx8, 0)
W2C_SCEXTMUL(i16x8_extmul_high_i8x16_s, uint8_t, 16, w2c_un8, uint32_t, w2c_pk16_of32, w2c_sx8, 1)
W2C_SCEXTMUL(i16x8_extmul_low_i8x16_u, uint8_t, 16, w2c_un8, uint32_t, w2c_pk16_of32, W2C_ID, 0)
W2C_SCEXTMUL(i16x8_extmul_high_i8x16_u, uint8_t, 16, w2c_un8, uint32_t, w2c_pk16_of32, W2C_ID, 1)
W2C_SCEXTMUL(i32x4_extmul_low_i16x8_s, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, w2c_sx16, 0)
W2C_SCEXTMUL(i32x4_extmul_high_i16x8_s, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, w2c_sx16, 1)
W2C_SCEXTMUL(i32x4_extmul_low_i16x8_u, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, W2C_ID, 0)
W2C_SCEXTMUL(i32x4_extmul_high_i16x8_u, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, W2C_ID, 1)
W2C_SCEXTMUL(i64x2_extmul_low_i32x4_s, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, w2c_sx32_64, 0)
W2C_SCEXTMUL(i64x2_extmul_high_i32x4_s, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, w2c_sx32_64, 1)
W2C_SCEXTMUL(i64x2_extmul_low_i32x4_u, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, (uint64_t), 0)
W2C_SCEXTMUL(i64x2_extmul_high_i32x4_u, uint32_t, 4, w2c_un32, uint64_t, w2c_pk64, (uint64_t), 1)

/* Pairwise: adjacent lanes widened and added. */
#define W2C_SCPAIR(name, TA, NA, una, TR, pkr, ext)                          \
	static inline w2c_v128 w2c_sc_##name(w2c_v128 va)                    \
	{                                                                    \
		TA a[NA];                                                    \
		TR r[NA / 2];                                                \
		int i;                                                       \
		una(va, a);                                                  \
		for (i = 0; i < NA / 2; i++)                                 \
			r[i] = (TR)((TR)ext(a[2 * i]) + (TR)ext(a[2 * i + 1])); \
		return pkr(r);                                               \
	}
W2C_SCPAIR(i16x8_extadd_pairwise_i8x16_s, uint8_t, 16, w2c_un8, uint16_t, w2c_pk16, w2c_sx8)
W2C_SCPAIR(i16x8_extadd_pairwise_i8x16_u, uint8_t, 16, w2c_un8, uint16_t, w2c_pk16, W2C_ID)
W2C_SCPAIR(i32x4_extadd_pairwise_i16x8_s, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, w2c_sx16)
W2C_SCPAIR(i32x4_extadd_pairwise_i16x8_u, uint16_t, 8, w2c_un16, uint32_t, w2c_pk32, W2C_ID)

/* Relaxed dot products, signed by signed (the deterministic choice):
 * pairs of byte products summed into 16-bit lanes (wrapping), or fours
 * of them into 32-bit lanes plus c. */
static inline w2c_v128 w2c_sc_i16x8_relaxed_dot_i8x16_i7x16_s(w2c_v128 va, w2c_v128 vb)
{
	uint8_t a[16], b[16];
	uint16_t r[8];
	int i;
	w2c_un8(va, a);
	w2c_un8(vb, b);
	for (i = 0; i < 8; i++)
		r[i] = (uint16_t)(W2C_S8(a[2 * i]) * W2C_S8(b[2 * i]) +
		                  W2C_S8(a[2 * i + 1]) * W2C_S8(b[2 * i + 1]));
	return w2c_pk16(r);
}
static inline w2c_v128 w2c_sc_i32x4_relaxed_dot_i8x16_i7x16_add_s(w2c_v128 va, w2c_v128 vb,
                                                                   w2c_v128 vc)
{
	uint8_t a[16], b[16];
	uint32_t c[4];
	int i, k;
	w2c_un8(va, a);
	w2c_un8(vb, b);
	w2c_un32(vc, c);
	for (i = 0; i < 4; i++) {
		int32_t sum = 0;
		for (k = 4 * i; k < 4 * i + 4; k++)
			sum += W2C_S8(a[k]) * W2C_S8(b[k]);
		c[i] += (uint32_t)sum;
	}
	return w2c_pk32(c);
}
static inline w2c_v128 w2c_sc_i32x4_dot_i16x8_s(w2c_v128 va, w2c_v128 vb)
{
	uint16_t a[8], b[8];
	uint32_t r[4];
	int i;
	w2c_un16(va, a);
	w2c_un16(vb, b);
	for (i = 0; i < 4; i++)
		r[i] = w2c_sx16(a[2 * i]) * w2c_sx16(b[2 * i]) +
		       w2c_sx16(a[2 * i + 1]) * w2c_sx16(b[2 * i + 1]);
	return w2c_pk32(r);
}

/* -------------------------------------------------------- conversions */
W2C_SC1(i32x4_trunc_sat_f32x4_s, uint32_t, 4, w2c_un32, w2c_pk32, w2c_i32_trunc_sat_f32_s(w2c_f32_bits(a[i])))
W2C_SC1(i32x4_trunc_sat_f32x4_u, uint32_t, 4, w2c_un32, w2c_pk32, w2c_i32_trunc_sat_f32_u(w2c_f32_bits(a[i])))
W2C_SC1(f32x4_convert_i32x4_s, uint32_t, 4, w2c_un32, w2c_pk32, w2c_f32_raw((float)W2C_S32(a[i])))
W2C_SC1(f32x4_convert_i32x4_u, uint32_t, 4, w2c_un32, w2c_pk32, w2c_f32_raw((float)a[i]))
static inline w2c_v128 w2c_sc_i32x4_trunc_sat_f64x2_s_zero(w2c_v128 v)
{
	double a[2];
	uint32_t r[4] = { 0, 0, 0, 0 };
	w2c_unf64(v, a);
	r[0] = w2c_i32_trunc_sat_f64_s(a[0]);
	r[1] = w2c_i32_trunc_sat_f64_s(a[1]);
	return w2c_pk32(r);
}
static inline w2c_v128 w2c_sc_i32x4_trunc_sat_f64x2_u_zero(w2c_v128 v)
{
	double a[2];
	uint32_t r[4] = { 0, 0, 0, 0 };
	w2c_unf64(v, a);
	r[0] = w2c_i32_trunc_sat_f64_u(a[0]);
	r[1] = w2c_i32_trunc_sat_f64_u(a[1]);
	return w2c_pk32(r);
}
static inline w2c_v128 w2c_sc_f64x2_convert_low_i32x4_s(w2c_v128 v)
{
	uint32_t a[4];
	double r[2];
	w2c_un32(v, a);
	r[0] = (double)W2C_S32(a[0]);
	r[1] = (double)W2C_S32(a[1]);
	return w2c_pkf64(r);
}
static inline w2c_v128 w2c_sc_f64x2_convert_low_i32x4_u(w2c_v128 v)
{
	uint32_t a[4];
	double r[2];
	w2c_un32(v, a);
	r[0] = (double)a[0];
	r[1] = (double)a[1];
	return w2c_pkf64(r);
}
static inline w2c_v128 w2c_sc_f32x4_demote_f64x2_zero(w2c_v128 v)
{
	double a[2];
	float r[4] = { 0, 0, 0, 0 };
	w2c_unf64(v, a);
	r[0] = (float)a[0];
	r[1] = (float)a[1];
	return w2c_pkf32(r);
}
static inline w2c_v128 w2c_sc_f64x2_promote_low_f32x4(w2c_v128 v)
{
	float a[4];
	double r[2];
	w2c_unf32(v, a);
	r[0] = (double)a[0];
	r[1] = (double)a[1];
	return w2c_pkf64(r);
}

/* ------------------------------------------------- constants, memory */
/* v128.const from its four 32-bit lanes. */
static inline w2c_v128 w2c_sc_v128_const(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	uint32_t r[4] = { a, b, c, d };
	return w2c_pk32(r);
}

static inline w2c_v128 w2c_sc_v128_load(const uint8_t *m, uint64_t size, uint64_t addr)
{
	w2c_v128 v;
	W2C_CHECK(addr, 16, size);
	memcpy(&v, m + addr, 16);
	return v;
}
static inline void w2c_sc_v128_store(uint8_t *m, uint64_t size, uint64_t addr, w2c_v128 v)
{
	W2C_CHECK(addr, 16, size);
	memcpy(m + addr, &v, 16);
}
/* Load 8 bytes, widen each of its N lanes. */
#define W2C_SCLOADX(name, TA, NA, TR, pkr, ext)                              \
	static inline w2c_v128 w2c_sc_##name(const uint8_t *m, uint64_t size, \
	                                      uint64_t addr)                  \
	{                                                                    \
		uint64_t x = w2c_load64(m, size, addr);                      \
		TR r[NA];                                                    \
		int i;                                                       \
		for (i = 0; i < NA; i++)                                     \
			r[i] = (TR)ext((TA)(x >> (i * 8 * sizeof(TA))));     \
		return pkr(r);                                               \
	}
W2C_SCLOADX(v128_load8x8_s, uint8_t, 8, uint16_t, w2c_pk16, w2c_sx8)
W2C_SCLOADX(v128_load8x8_u, uint8_t, 8, uint16_t, w2c_pk16, W2C_ID)
W2C_SCLOADX(v128_load16x4_s, uint16_t, 4, uint32_t, w2c_pk32, w2c_sx16)
W2C_SCLOADX(v128_load16x4_u, uint16_t, 4, uint32_t, w2c_pk32, W2C_ID)
W2C_SCLOADX(v128_load32x2_s, uint32_t, 2, uint64_t, w2c_pk64, w2c_sx32_64)
W2C_SCLOADX(v128_load32x2_u, uint32_t, 2, uint64_t, w2c_pk64, (uint64_t))
static inline w2c_v128 w2c_sc_v128_load8_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_sc_i8x16_splat(w2c_load8(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load16_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_sc_i16x8_splat(w2c_load16(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load32_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_sc_i32x4_splat(w2c_load32(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load64_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_sc_i64x2_splat(w2c_load64(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load32_zero(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_sc_v128_const(w2c_load32(m, size, addr), 0, 0, 0);
}
static inline w2c_v128 w2c_sc_v128_load64_zero(const uint8_t *m, uint64_t size, uint64_t addr)
{
	uint64_t r[2] = { w2c_load64(m, size, addr), 0 };
	return w2c_pk64(r);
}
static inline w2c_v128 w2c_sc_v128_load8_lane(const uint8_t *m, uint64_t size, uint64_t addr,
                                              w2c_v128 v, int k)
{
	return w2c_sc_i8x16_replace_lane(v, k, w2c_load8(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load16_lane(const uint8_t *m, uint64_t size, uint64_t addr,
                                               w2c_v128 v, int k)
{
	return w2c_sc_i16x8_replace_lane(v, k, w2c_load16(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load32_lane(const uint8_t *m, uint64_t size, uint64_t addr,
                                               w2c_v128 v, int k)
{
	return w2c_sc_i32x4_replace_lane(v, k, w2c_load32(m, size, addr));
}
static inline w2c_v128 w2c_sc_v128_load64_lane(const uint8_t *m, uint64_t size, uint64_t addr,
                                               w2c_v128 v, int k)
{
	return w2c_sc_i64x2_replace_lane(v, k, w2c_load64(m, size, addr));
}
static inline void w2c_sc_v128_store8_lane(uint8_t *m, uint64_t size, uint64_t addr,
                                           w2c_v128 v, int k)
{
	w2c_store8(m, size, addr, w2c_sc_i8x16_extract_lane_u(v, k));
}
static inline void w2c_sc_v128_store16_lane(uint8_t *m, uint64_t size, uint64_t addr,
                                            w2c_v128 v, int k)
{
	w2c_store16(m, size, addr, w2c_sc_i16x8_extract_lane_u(v, k));
}
static inline void w2c_sc_v128_store32_lane(uint8_t *m, uint64_t size, uint64_t addr,
                                            w2c_v128 v, int k)
{
	w2c_store32(m, size, addr, w2c_sc_i32x4_extract_lane(v, k));
}
static inline void w2c_sc_v128_store64_lane(uint8_t *m, uint64_t size, uint64_t addr,
                                            w2c_v128 v, int k)
{
	w2c_store64(m, size, addr, w2c_sc_i64x2_extract_lane(v, k));
}

/* =================================================== the two paths */

/*
 * Every instruction, by operand form, for the fallbacks below:
 *   U  w2c_vec (w2c_vec)         B  w2c_vec (w2c_vec, w2c_vec)
 *   T  uint32_t (w2c_vec)        S  w2c_vec (w2c_vec, uint32_t shift)
 */
/* Instructions with a fast form only given some x86 feature. */
#define W2C_SIMD_SSE2_OPS(X)                                                \
	X(B, i8x16_narrow_i16x8_s) X(B, i8x16_narrow_i16x8_u)                       \
	X(B, i16x8_narrow_i32x4_s) X(B, i16x8_narrow_i32x4_u) X(B, i32x4_dot_i16x8_s) \
	X(T, i8x16_bitmask) X(T, i16x8_bitmask) X(T, i32x4_bitmask) X(T, i64x2_bitmask) \
	X(U, f32x4_sqrt) X(U, f64x2_sqrt) X(U, i32x4_trunc_sat_f32x4_s)
#define W2C_SIMD_SSSE3_OPS(X) X(B, i8x16_swizzle) X(B, i16x8_q15mulr_sat_s) X(U, i8x16_popcnt)
#define W2C_SIMD_SSE41_OPS(X)                                               \
	X(U, f32x4_nearest) X(U, f32x4_floor) X(U, f32x4_ceil) X(U, f32x4_trunc)    \
	X(U, f64x2_nearest) X(U, f64x2_floor) X(U, f64x2_ceil) X(U, f64x2_trunc)
/* ... and with none before SSE2: the scalar form. */
#define W2C_SIMD_SCALAR_OPS(X)                                              \
	X(U, i32x4_trunc_sat_f32x4_u) X(U, i32x4_trunc_sat_f64x2_s_zero)            \
	X(U, i32x4_trunc_sat_f64x2_u_zero)
#define W2C_SIMD_SLOW(X)                                                    \
	W2C_SIMD_SSE2_OPS(X) W2C_SIMD_SSSE3_OPS(X) W2C_SIMD_SSE41_OPS(X)            \
	W2C_SIMD_SCALAR_OPS(X)

#define W2C_SIMD_EASY(X)                                                    \
	X(U, v128_not) X(B, v128_and) X(B, v128_andnot) X(B, v128_or) X(B, v128_xor) \
	X(T, v128_any_true) X(T, i8x16_all_true) X(T, i16x8_all_true)              \
	X(T, i32x4_all_true) X(T, i64x2_all_true)                                  \
	X(B, i8x16_eq) X(B, i8x16_ne) X(B, i8x16_lt_s) X(B, i8x16_lt_u)            \
	X(B, i8x16_gt_s) X(B, i8x16_gt_u) X(B, i8x16_le_s) X(B, i8x16_le_u)        \
	X(B, i8x16_ge_s) X(B, i8x16_ge_u)                                          \
	X(B, i16x8_eq) X(B, i16x8_ne) X(B, i16x8_lt_s) X(B, i16x8_lt_u)            \
	X(B, i16x8_gt_s) X(B, i16x8_gt_u) X(B, i16x8_le_s) X(B, i16x8_le_u)        \
	X(B, i16x8_ge_s) X(B, i16x8_ge_u)                                          \
	X(B, i32x4_eq) X(B, i32x4_ne) X(B, i32x4_lt_s) X(B, i32x4_lt_u)            \
	X(B, i32x4_gt_s) X(B, i32x4_gt_u) X(B, i32x4_le_s) X(B, i32x4_le_u)        \
	X(B, i32x4_ge_s) X(B, i32x4_ge_u)                                          \
	X(B, i64x2_eq) X(B, i64x2_ne) X(B, i64x2_lt_s) X(B, i64x2_gt_s)            \
	X(B, i64x2_le_s) X(B, i64x2_ge_s)                                          \
	X(B, f32x4_eq) X(B, f32x4_ne) X(B, f32x4_lt) X(B, f32x4_gt) X(B, f32x4_le) \
	X(B, f32x4_ge) X(B, f64x2_eq) X(B, f64x2_ne) X(B, f64x2_lt) X(B, f64x2_gt) \
	X(B, f64x2_le) X(B, f64x2_ge)                                              \
	X(U, i8x16_abs) X(U, i8x16_neg) X(S, i8x16_shl) X(S, i8x16_shr_s)           \
	X(S, i8x16_shr_u) X(B, i8x16_add) X(B, i8x16_add_sat_s) X(B, i8x16_add_sat_u) \
	X(B, i8x16_sub) X(B, i8x16_sub_sat_s) X(B, i8x16_sub_sat_u)                 \
	X(B, i8x16_min_s) X(B, i8x16_min_u) X(B, i8x16_max_s) X(B, i8x16_max_u)     \
	X(B, i8x16_avgr_u)                                                          \
	X(U, i16x8_abs) X(U, i16x8_neg) X(S, i16x8_shl) X(S, i16x8_shr_s)           \
	X(S, i16x8_shr_u) X(B, i16x8_add) X(B, i16x8_add_sat_s) X(B, i16x8_add_sat_u) \
	X(B, i16x8_sub) X(B, i16x8_sub_sat_s) X(B, i16x8_sub_sat_u) X(B, i16x8_mul) \
	X(B, i16x8_min_s) X(B, i16x8_min_u) X(B, i16x8_max_s) X(B, i16x8_max_u)     \
	X(B, i16x8_avgr_u)                                                          \
	X(U, i32x4_abs) X(U, i32x4_neg) X(S, i32x4_shl) X(S, i32x4_shr_s)           \
	X(S, i32x4_shr_u) X(B, i32x4_add) X(B, i32x4_sub) X(B, i32x4_mul)           \
	X(B, i32x4_min_s) X(B, i32x4_min_u) X(B, i32x4_max_s) X(B, i32x4_max_u)     \
	X(U, i64x2_abs) X(U, i64x2_neg) X(S, i64x2_shl) X(S, i64x2_shr_s)           \
	X(S, i64x2_shr_u) X(B, i64x2_add) X(B, i64x2_sub) X(B, i64x2_mul)           \
	X(U, f32x4_abs) X(U, f32x4_neg) X(B, f32x4_add) X(B, f32x4_sub)             \
	X(B, f32x4_mul) X(B, f32x4_div) X(B, f32x4_min) X(B, f32x4_max)             \
	X(B, f32x4_pmin) X(B, f32x4_pmax)                                           \
	X(U, f64x2_abs) X(U, f64x2_neg) X(B, f64x2_add) X(B, f64x2_sub)             \
	X(B, f64x2_mul) X(B, f64x2_div) X(B, f64x2_min) X(B, f64x2_max)             \
	X(B, f64x2_pmin) X(B, f64x2_pmax)                                           \
	X(U, i16x8_extend_low_i8x16_s) X(U, i16x8_extend_high_i8x16_s)              \
	X(U, i16x8_extend_low_i8x16_u) X(U, i16x8_extend_high_i8x16_u)              \
	X(U, i32x4_extend_low_i16x8_s) X(U, i32x4_extend_high_i16x8_s)              \
	X(U, i32x4_extend_low_i16x8_u) X(U, i32x4_extend_high_i16x8_u)              \
	X(U, i64x2_extend_low_i32x4_s) X(U, i64x2_extend_high_i32x4_s)              \
	X(U, i64x2_extend_low_i32x4_u) X(U, i64x2_extend_high_i32x4_u)              \
	X(B, i16x8_extmul_low_i8x16_s) X(B, i16x8_extmul_high_i8x16_s)              \
	X(B, i16x8_extmul_low_i8x16_u) X(B, i16x8_extmul_high_i8x16_u)              \
	X(B, i32x4_extmul_low_i16x8_s) X(B, i32x4_extmul_high_i16x8_s)              \
	X(B, i32x4_extmul_low_i16x8_u) X(B, i32x4_extmul_high_i16x8_u)              \
	X(B, i64x2_extmul_low_i32x4_s) X(B, i64x2_extmul_high_i32x4_s)              \
	X(B, i64x2_extmul_low_i32x4_u) X(B, i64x2_extmul_high_i32x4_u)              \
	X(U, i16x8_extadd_pairwise_i8x16_s) X(U, i16x8_extadd_pairwise_i8x16_u)      \
	X(U, i32x4_extadd_pairwise_i16x8_s) X(U, i32x4_extadd_pairwise_i16x8_u)      \
	X(U, f32x4_convert_i32x4_s) X(U, f32x4_convert_i32x4_u)                     \
	X(U, f64x2_convert_low_i32x4_s) X(U, f64x2_convert_low_i32x4_u)             \
	X(U, f32x4_demote_f64x2_zero) X(U, f64x2_promote_low_f32x4)

#if W2C_SIMD_FAST
typedef int8_t w2c_i8x16 __attribute__((vector_size(16)));
typedef uint8_t w2c_u8x16 __attribute__((vector_size(16)));
typedef int16_t w2c_i16x8 __attribute__((vector_size(16)));
typedef uint16_t w2c_u16x8 __attribute__((vector_size(16)));
typedef int32_t w2c_i32x4 __attribute__((vector_size(16)));
typedef uint32_t w2c_u32x4 __attribute__((vector_size(16)));
typedef int64_t w2c_i64x2 __attribute__((vector_size(16)));
typedef uint64_t w2c_u64x2 __attribute__((vector_size(16)));
typedef float w2c_f32x4 __attribute__((vector_size(16)));
typedef double w2c_f64x2 __attribute__((vector_size(16)));
typedef w2c_u32x4 w2c_vec;

static inline w2c_vec w2c_v128_in(w2c_v128 v) { w2c_vec r; memcpy(&r, &v, 16); return r; }
static inline w2c_v128 w2c_v128_out(w2c_vec v) { w2c_v128 r; memcpy(&r, &v, 16); return r; }

#define W2C_FALLBACK_U(name) \
	static inline w2c_vec w2c_##name(w2c_vec a) { return w2c_v128_in(w2c_sc_##name(w2c_v128_out(a))); }
#define W2C_FALLBACK_B(name)                                                \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b)               \
	{                                                                    \
		return w2c_v128_in(w2c_sc_##name(w2c_v128_out(a), w2c_v128_out(b))); \
	}
#define W2C_FALLBACK_T(name) \
	static inline uint32_t w2c_##name(w2c_vec a) { return w2c_sc_##name(w2c_v128_out(a)); }
#define W2C_FALLBACK_S(name)                                                \
	static inline w2c_vec w2c_##name(w2c_vec a, uint32_t n)              \
	{                                                                    \
		return w2c_v128_in(w2c_sc_##name(w2c_v128_out(a), n));       \
	}
#define W2C_FALLBACK(form, name) W2C_FALLBACK_##form(name)

/* Makes a loaded vector look used, as W2C_KEEP does scalars. */
#if W2C_BOUNDS_CHECKS
#define W2C_KEEPV(v) ((void)(v))
#elif defined(__SSE2__)
#define W2C_KEEPV(v) __asm__("" : : "x"(v))
#elif defined(__aarch64__) || defined(__ARM_NEON)
#define W2C_KEEPV(v) __asm__("" : : "w"(v))
#else /* both ends: either may be the one that faults */
#define W2C_KEEPV(v) do { W2C_KEEP((v)[0]); W2C_KEEP((v)[3]); } while (0)
#endif

/* All-ones lanes where m's lanes are set: select a there, else b. */
#define W2C_SEL(m, a, b) (((w2c_vec)(m) & (w2c_vec)(a)) | (~(w2c_vec)(m) & (w2c_vec)(b)))

/* ----------------------------------------------------------- bitwise */
static inline w2c_vec w2c_v128_not(w2c_vec a) { return ~a; }
static inline w2c_vec w2c_v128_and(w2c_vec a, w2c_vec b) { return a & b; }
static inline w2c_vec w2c_v128_andnot(w2c_vec a, w2c_vec b) { return a & ~b; }
static inline w2c_vec w2c_v128_or(w2c_vec a, w2c_vec b) { return a | b; }
static inline w2c_vec w2c_v128_xor(w2c_vec a, w2c_vec b) { return a ^ b; }
static inline w2c_vec w2c_v128_bitselect(w2c_vec a, w2c_vec b, w2c_vec c) { return W2C_SEL(c, a, b); }
static inline uint32_t w2c_v128_any_true(w2c_vec a)
{
	w2c_u64x2 x = (w2c_u64x2)a;
	return (x[0] | x[1]) != 0;
}
#define W2C_ALL_TRUE(shape, T)                                               \
	static inline uint32_t w2c_##shape##_all_true(w2c_vec a)             \
	{                                                                    \
		w2c_u64x2 z = (w2c_u64x2)((T)a == 0);                        \
		return (z[0] | z[1]) == 0;                                   \
	}
W2C_ALL_TRUE(i8x16, w2c_u8x16)
W2C_ALL_TRUE(i16x8, w2c_u16x8)
W2C_ALL_TRUE(i32x4, w2c_u32x4)
W2C_ALL_TRUE(i64x2, w2c_u64x2)

/* ------------------------------------------------------- comparisons */
#define W2C_VCMP(name, T, op) \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b) { return (w2c_vec)((T)a op (T)b); }
W2C_VCMP(i8x16_eq, w2c_u8x16, ==) W2C_VCMP(i8x16_ne, w2c_u8x16, !=)
W2C_VCMP(i8x16_lt_s, w2c_i8x16, <) W2C_VCMP(i8x16_lt_u, w2c_u8x16, <)
W2C_VCMP(i8x16_gt_s, w2c_i8x16, >) W2C_VCMP(i8x16_gt_u, w2c_u8x16, >)
W2C_VCMP(i8x16_le_s, w2c_i8x16, <=) W2C_VCMP(i8x16_le_u, w2c_u8x16, <=)
W2C_VCMP(i8x16_ge_s, w2c_i8x16, >=) W2C_VCMP(i8x16_ge_u, w2c_u8x16, >=)
W2C_VCMP(i16x8_eq, w2c_u16x8, ==) W2C_VCMP(i16x8_ne, w2c_u16x8, !=)
W2C_VCMP(i16x8_lt_s, w2c_i16x8, <) W2C_VCMP(i16x8_lt_u, w2c_u16x8, <)
W2C_VCMP(i16x8_gt_s, w2c_i16x8, >) W2C_VCMP(i16x8_gt_u, w2c_u16x8, >)
W2C_VCMP(i16x8_le_s, w2c_i16x8, <=) W2C_VCMP(i16x8_le_u, w2c_u16x8, <=)
W2C_VCMP(i16x8_ge_s, w2c_i16x8, >=) W2C_VCMP(i16x8_ge_u, w2c_u16x8, >=)
W2C_VCMP(i32x4_eq, w2c_u32x4, ==) W2C_VCMP(i32x4_ne, w2c_u32x4, !=)
W2C_VCMP(i32x4_lt_s, w2c_i32x4, <) W2C_VCMP(i32x4_lt_u, w2c_u32x4, <)
W2C_VCMP(i32x4_gt_s, w2c_i32x4, >) W2C_VCMP(i32x4_gt_u, w2c_u32x4, >)
W2C_VCMP(i32x4_le_s, w2c_i32x4, <=) W2C_VCMP(i32x4_le_u, w2c_u32x4, <=)
W2C_VCMP(i32x4_ge_s, w2c_i32x4, >=) W2C_VCMP(i32x4_ge_u, w2c_u32x4, >=)
#if !defined(__SSE2__) || defined(__SSE4_2__) /* else from 32-bit compares, below */
W2C_VCMP(i64x2_eq, w2c_u64x2, ==) W2C_VCMP(i64x2_ne, w2c_u64x2, !=)
W2C_VCMP(i64x2_lt_s, w2c_i64x2, <) W2C_VCMP(i64x2_gt_s, w2c_i64x2, >)
W2C_VCMP(i64x2_le_s, w2c_i64x2, <=) W2C_VCMP(i64x2_ge_s, w2c_i64x2, >=)
#endif
W2C_VCMP(f32x4_eq, w2c_f32x4, ==) W2C_VCMP(f32x4_ne, w2c_f32x4, !=)
W2C_VCMP(f32x4_lt, w2c_f32x4, <) W2C_VCMP(f32x4_gt, w2c_f32x4, >)
W2C_VCMP(f32x4_le, w2c_f32x4, <=) W2C_VCMP(f32x4_ge, w2c_f32x4, >=)
W2C_VCMP(f64x2_eq, w2c_f64x2, ==) W2C_VCMP(f64x2_ne, w2c_f64x2, !=)
W2C_VCMP(f64x2_lt, w2c_f64x2, <) W2C_VCMP(f64x2_gt, w2c_f64x2, >)
W2C_VCMP(f64x2_le, w2c_f64x2, <=) W2C_VCMP(f64x2_ge, w2c_f64x2, >=)

/* ---------------------------------------------------- integer lanes */
/*
 * Per shape: U unsigned and S signed lane vectors, W the lane width.
 * Arithmetic is on unsigned lanes (wrapping), comparisons on the view the
 * instruction names.
 */
#define W2C_VINT(sh, U, S, W)                                                \
	static inline w2c_vec w2c_##sh##_add(w2c_vec a, w2c_vec b) { return (w2c_vec)((U)a + (U)b); } \
	static inline w2c_vec w2c_##sh##_sub(w2c_vec a, w2c_vec b) { return (w2c_vec)((U)a - (U)b); } \
	static inline w2c_vec w2c_##sh##_neg(w2c_vec a) { return (w2c_vec)((U){ 0 } - (U)a); } \
	static inline w2c_vec w2c_##sh##_abs(w2c_vec a)                      \
	{                                                                    \
		return W2C_SEL((S)a < 0, (U){ 0 } - (U)a, a);                \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_shl(w2c_vec a, uint32_t n)          \
	{                                                                    \
		return (w2c_vec)((U)a << (n & (W - 1)));                     \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_shr_u(w2c_vec a, uint32_t n)        \
	{                                                                    \
		return (w2c_vec)((U)a >> (n & (W - 1)));                     \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_shr_s(w2c_vec a, uint32_t n)        \
	{                                                                    \
		return (w2c_vec)((S)a >> (n & (W - 1)));                     \
	}
W2C_VINT(i8x16, w2c_u8x16, w2c_i8x16, 8)
W2C_VINT(i16x8, w2c_u16x8, w2c_i16x8, 16)
W2C_VINT(i32x4, w2c_u32x4, w2c_i32x4, 32)
W2C_VINT(i64x2, w2c_u64x2, w2c_i64x2, 64)

/* pre: a prefix for the names, where some of them are made otherwise */
#define W2C_VMINMAX(pre, sh, U, S)                                           \
	static inline w2c_vec w2c_##pre##sh##_min_s(w2c_vec a, w2c_vec b) { return W2C_SEL((S)a < (S)b, a, b); } \
	static inline w2c_vec w2c_##pre##sh##_min_u(w2c_vec a, w2c_vec b) { return W2C_SEL((U)a < (U)b, a, b); } \
	static inline w2c_vec w2c_##pre##sh##_max_s(w2c_vec a, w2c_vec b) { return W2C_SEL((S)a > (S)b, a, b); } \
	static inline w2c_vec w2c_##pre##sh##_max_u(w2c_vec a, w2c_vec b) { return W2C_SEL((U)a > (U)b, a, b); } \
	static inline w2c_vec w2c_##pre##sh##_avgr_u(w2c_vec a, w2c_vec b)   \
	{                                                                    \
		return (w2c_vec)(((U)a | (U)b) - (((U)a ^ (U)b) >> 1));      \
	}                                                                    \
	static inline w2c_vec w2c_##pre##sh##_add_sat_u(w2c_vec a, w2c_vec b) \
	{                                                                    \
		U r = (U)a + (U)b;                                           \
		return (w2c_vec)(r | (U)(r < (U)a));                         \
	}                                                                    \
	static inline w2c_vec w2c_##pre##sh##_sub_sat_u(w2c_vec a, w2c_vec b) \
	{                                                                    \
		U r = (U)a - (U)b;                                           \
		return (w2c_vec)(r & (U)((U)a >= (U)b));                     \
	}                                                                    \
	/* overflow iff the operands' signs agree (add) or differ (sub) and  \
	 * the result's differs from a's; then a's sign picks the bound */   \
	static inline w2c_vec w2c_##pre##sh##_add_sat_s(w2c_vec a, w2c_vec b) \
	{                                                                    \
		U r = (U)a + (U)b;                                           \
		S ov = (S)((S)(((U)a ^ r) & ((U)b ^ r)) < 0);                \
		U sat = (U)((S)a < 0) ^ (U)(((U){ 0 } - 1) >> 1);           \
		return W2C_SEL(ov, sat, r);                                  \
	}                                                                    \
	static inline w2c_vec w2c_##pre##sh##_sub_sat_s(w2c_vec a, w2c_vec b) \
	{                                                                    \
		U r = (U)a - (U)b;                                           \
		S ov = (S)((S)(((U)a ^ (U)b) & ((U)a ^ r)) < 0);             \
		U sat = (U)((S)a < 0) ^ (U)(((U){ 0 } - 1) >> 1);           \
		return W2C_SEL(ov, sat, r);                                  \
	}
#if defined(__SSE2__)
typedef char w2c_c16 __attribute__((vector_size(16)));
typedef short w2c_s8 __attribute__((vector_size(16)));
#endif
#if defined(__SSE2__) && !defined(__clang__)
/*
 * gcc makes no single instruction of these written out, where SSE2 has
 * one that matches wasm exactly; its builtins are those instructions.
 * The rest, SSE4.1 instructions, come from the forms above (clang finds
 * every one of them by itself).
 */
W2C_VMINMAX(g_, i8x16, w2c_u8x16, w2c_i8x16)
W2C_VMINMAX(g_, i16x8, w2c_u16x8, w2c_i16x8)
#define W2C_SSE2_OP(name, builtin, T) \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b) { return (w2c_vec)builtin((T)a, (T)b); }
/* x: the builtins' lane letter, b or w */
#define W2C_SSE2_ARITH(sh, x, T)                                             \
	W2C_SSE2_OP(sh##_avgr_u, __builtin_ia32_pavg##x##128, T)             \
	W2C_SSE2_OP(sh##_add_sat_u, __builtin_ia32_paddus##x##128, T)        \
	W2C_SSE2_OP(sh##_sub_sat_u, __builtin_ia32_psubus##x##128, T)        \
	W2C_SSE2_OP(sh##_add_sat_s, __builtin_ia32_padds##x##128, T)         \
	W2C_SSE2_OP(sh##_sub_sat_s, __builtin_ia32_psubs##x##128, T)
#define W2C_WRITTEN_OUT(name) \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b) { return w2c_g_##name(a, b); }
W2C_SSE2_ARITH(i8x16, b, w2c_c16)
W2C_SSE2_ARITH(i16x8, w, w2c_s8)
/* SSE2 has the unsigned byte and signed word minima and maxima */
W2C_SSE2_OP(i8x16_min_u, __builtin_ia32_pminub128, w2c_c16)
W2C_SSE2_OP(i8x16_max_u, __builtin_ia32_pmaxub128, w2c_c16)
W2C_SSE2_OP(i16x8_min_s, __builtin_ia32_pminsw128, w2c_s8)
W2C_SSE2_OP(i16x8_max_s, __builtin_ia32_pmaxsw128, w2c_s8)
W2C_WRITTEN_OUT(i8x16_min_s)
W2C_WRITTEN_OUT(i8x16_max_s)
W2C_WRITTEN_OUT(i16x8_min_u)
W2C_WRITTEN_OUT(i16x8_max_u)
#else
W2C_VMINMAX(, i8x16, w2c_u8x16, w2c_i8x16)
W2C_VMINMAX(, i16x8, w2c_u16x8, w2c_i16x8)
#endif
W2C_VMINMAX(, i32x4, w2c_u32x4, w2c_i32x4)

static inline w2c_vec w2c_i16x8_mul(w2c_vec a, w2c_vec b) { return (w2c_vec)((w2c_u16x8)a * (w2c_u16x8)b); }
static inline w2c_vec w2c_i32x4_mul(w2c_vec a, w2c_vec b) { return a * b; }
static inline w2c_vec w2c_i64x2_mul(w2c_vec a, w2c_vec b) { return (w2c_vec)((w2c_u64x2)a * (w2c_u64x2)b); }

/* ------------------------------------------------------ float lanes */
static inline w2c_vec w2c_f32x4_abs(w2c_vec a) { return a & 0x7fffffffu; }
static inline w2c_vec w2c_f32x4_neg(w2c_vec a) { return a ^ 0x80000000u; }
static inline w2c_vec w2c_f64x2_abs(w2c_vec a) { return (w2c_vec)((w2c_u64x2)a & 0x7fffffffffffffffu); }
static inline w2c_vec w2c_f64x2_neg(w2c_vec a) { return (w2c_vec)((w2c_u64x2)a ^ 0x8000000000000000u); }

/*
 * min and max as wasm has them: a NaN operand gives a NaN (the one a + b
 * gives, as in the scalar path), -0 is below +0.  Equal operands combine
 * their bits, which only differs from either for zeros of both signs.
 */
#if defined(__SSE2__)
/* minps and maxps give their second operand for a NaN or two zeros:
 * taken both ways round and combined, the zeros come out as wasm has
 * them; NaN lanes as above (cmpunord). */
#define W2C_VFMINMAX(sh, F, I)                                               \
	static inline w2c_vec w2c_##sh##_min(w2c_vec a, w2c_vec b)           \
	{                                                                    \
		I r = (I)W2C_##sh##_MIN((F)a, (F)b) | (I)W2C_##sh##_MIN((F)b, (F)a); \
		return W2C_SEL(W2C_##sh##_UNORD((F)a, (F)b), (F)a + (F)b, r); \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_max(w2c_vec a, w2c_vec b)           \
	{                                                                    \
		I r = (I)W2C_##sh##_MAX((F)a, (F)b) & (I)W2C_##sh##_MAX((F)b, (F)a); \
		return W2C_SEL(W2C_##sh##_UNORD((F)a, (F)b), (F)a + (F)b, r); \
	}
#define W2C_f32x4_MIN __builtin_ia32_minps
#define W2C_f32x4_MAX __builtin_ia32_maxps
#define W2C_f32x4_UNORD __builtin_ia32_cmpunordps
#define W2C_f64x2_MIN __builtin_ia32_minpd
#define W2C_f64x2_MAX __builtin_ia32_maxpd
#define W2C_f64x2_UNORD __builtin_ia32_cmpunordpd
#else
#define W2C_VFMINMAX(sh, F, I)                                               \
	static inline w2c_vec w2c_##sh##_min(w2c_vec a, w2c_vec b)           \
	{                                                                    \
		I nan = (I)((F)a != (F)a) | (I)((F)b != (F)b);               \
		w2c_vec r = W2C_SEL((F)a < (F)b, a, b);                      \
		r = W2C_SEL((F)a == (F)b, a | b, r);                         \
		return W2C_SEL(nan, (F)a + (F)b, r);                         \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_max(w2c_vec a, w2c_vec b)           \
	{                                                                    \
		I nan = (I)((F)a != (F)a) | (I)((F)b != (F)b);               \
		w2c_vec r = W2C_SEL((F)a > (F)b, a, b);                      \
		r = W2C_SEL((F)a == (F)b, a & b, r);                         \
		return W2C_SEL(nan, (F)a + (F)b, r);                         \
	}
#endif
#define W2C_VFLOAT(sh, F, I)                                                 \
	static inline w2c_vec w2c_##sh##_add(w2c_vec a, w2c_vec b) { return (w2c_vec)((F)a + (F)b); } \
	static inline w2c_vec w2c_##sh##_sub(w2c_vec a, w2c_vec b) { return (w2c_vec)((F)a - (F)b); } \
	static inline w2c_vec w2c_##sh##_mul(w2c_vec a, w2c_vec b) { return (w2c_vec)((F)a * (F)b); } \
	static inline w2c_vec w2c_##sh##_div(w2c_vec a, w2c_vec b) { return (w2c_vec)((F)a / (F)b); } \
	static inline w2c_vec w2c_##sh##_pmin(w2c_vec a, w2c_vec b) { return W2C_SEL((F)b < (F)a, b, a); } \
	static inline w2c_vec w2c_##sh##_pmax(w2c_vec a, w2c_vec b) { return W2C_SEL((F)a < (F)b, b, a); } \
	W2C_VFMINMAX(sh, F, I)
W2C_VFLOAT(f32x4, w2c_f32x4, w2c_i32x4)
W2C_VFLOAT(f64x2, w2c_f64x2, w2c_i64x2)

/* ------------------------------------------ widening and conversions */
typedef int8_t w2c_i8x8 __attribute__((vector_size(8)));
typedef uint8_t w2c_u8x8 __attribute__((vector_size(8)));
typedef int16_t w2c_i16x4 __attribute__((vector_size(8)));
typedef uint16_t w2c_u16x4 __attribute__((vector_size(8)));
typedef int32_t w2c_i32x2 __attribute__((vector_size(8)));
typedef uint32_t w2c_u32x2 __attribute__((vector_size(8)));
typedef float w2c_f32x2 __attribute__((vector_size(8)));

#if defined(__clang__) || __GNUC__ >= 12
#define W2C_SHUF __builtin_shufflevector
#endif

#ifdef W2C_SHUF
#define W2C_LO16(v) W2C_SHUF(v, v, 0, 1, 2, 3, 4, 5, 6, 7)
#define W2C_HI16(v) W2C_SHUF(v, v, 8, 9, 10, 11, 12, 13, 14, 15)
#define W2C_EV16(v) W2C_SHUF(v, v, 0, 2, 4, 6, 8, 10, 12, 14)
#define W2C_OD16(v) W2C_SHUF(v, v, 1, 3, 5, 7, 9, 11, 13, 15)
#define W2C_LO8(v) W2C_SHUF(v, v, 0, 1, 2, 3)
#define W2C_HI8(v) W2C_SHUF(v, v, 4, 5, 6, 7)
#define W2C_EV8(v) W2C_SHUF(v, v, 0, 2, 4, 6)
#define W2C_OD8(v) W2C_SHUF(v, v, 1, 3, 5, 7)
#define W2C_LO4(v) W2C_SHUF(v, v, 0, 1)
#define W2C_HI4(v) W2C_SHUF(v, v, 2, 3)
#define W2C_CV __builtin_convertvector
#if defined(__SSE2__)
/*
 * gcc converts a half vector to wider lanes in four or five shuffles on
 * SSE2; the same lanes interleaved with zeros (unsigned) or with their
 * signs (signed, one compare) are one unpack.  Little-endian: a wide lane
 * is the narrow lane below and the interleaved one above.
 */
#define W2C_ZIPLO16 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23
#define W2C_ZIPHI16 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31
#define W2C_ZIPLO8 0, 8, 1, 9, 2, 10, 3, 11
#define W2C_ZIPHI8 4, 12, 5, 13, 6, 14, 7, 15
#define W2C_ZIPLO4 0, 4, 1, 5
#define W2C_ZIPHI4 2, 6, 3, 7
#define W2C_VEXT_S(name, half, N, T, W)                                      \
	static inline w2c_vec w2c_##name(w2c_vec a)                          \
	{                                                                    \
		T x = (T)a;                                                  \
		return (w2c_vec)W2C_SHUF(x, (T)(x < 0), W2C_ZIP##half##N);   \
	}
#define W2C_VEXT_U(name, half, N, T, W)                                      \
	static inline w2c_vec w2c_##name(w2c_vec a)                          \
	{                                                                    \
		return (w2c_vec)W2C_SHUF((T)a, (T){ 0 }, W2C_ZIP##half##N);  \
	}
#else
/* half is LO or HI; T and W name the narrow and wide types */
#define W2C_VEXT_S(name, half, N, T, W) \
	static inline w2c_vec w2c_##name(w2c_vec a) { return (w2c_vec)W2C_CV(W2C_##half##N((T)a), W); }
#define W2C_VEXT_U W2C_VEXT_S
#endif
W2C_VEXT_S(i16x8_extend_low_i8x16_s, LO, 16, w2c_i8x16, w2c_i16x8)
W2C_VEXT_S(i16x8_extend_high_i8x16_s, HI, 16, w2c_i8x16, w2c_i16x8)
W2C_VEXT_U(i16x8_extend_low_i8x16_u, LO, 16, w2c_u8x16, w2c_u16x8)
W2C_VEXT_U(i16x8_extend_high_i8x16_u, HI, 16, w2c_u8x16, w2c_u16x8)
W2C_VEXT_S(i32x4_extend_low_i16x8_s, LO, 8, w2c_i16x8, w2c_i32x4)
W2C_VEXT_S(i32x4_extend_high_i16x8_s, HI, 8, w2c_i16x8, w2c_i32x4)
W2C_VEXT_U(i32x4_extend_low_i16x8_u, LO, 8, w2c_u16x8, w2c_u32x4)
W2C_VEXT_U(i32x4_extend_high_i16x8_u, HI, 8, w2c_u16x8, w2c_u32x4)
W2C_VEXT_S(i64x2_extend_low_i32x4_s, LO, 4, w2c_i32x4, w2c_i64x2)
W2C_VEXT_S(i64x2_extend_high_i32x4_s, HI, 4, w2c_i32x4, w2c_i64x2)
W2C_VEXT_U(i64x2_extend_low_i32x4_u, LO, 4, w2c_u32x4, w2c_u64x2)
W2C_VEXT_U(i64x2_extend_high_i32x4_u, HI, 4, w2c_u32x4, w2c_u64x2)
/* extmul: widen both halves, multiply in the wide unsigned type */
#define W2C_VEXTMUL(name, ext, U)                                            \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b)               \
	{                                                                    \
		return (w2c_vec)((U)w2c_##ext(a) * (U)w2c_##ext(b));         \
	}
W2C_VEXTMUL(i16x8_extmul_low_i8x16_s, i16x8_extend_low_i8x16_s, w2c_u16x8)
W2C_VEXTMUL(i16x8_extmul_high_i8x16_s, i16x8_extend_high_i8x16_s, w2c_u16x8)
W2C_VEXTMUL(i16x8_extmul_low_i8x16_u, i16x8_extend_low_i8x16_u, w2c_u16x8)
W2C_VEXTMUL(i16x8_extmul_high_i8x16_u, i16x8_extend_high_i8x16_u, w2c_u16x8)
#if defined(__SSE2__)
/* the 32-bit products' low and high halves (pmullw, pmulhw or pmulhuw)
 * interleaved: gcc multiplies the widened lanes with pmuludq, in pairs */
#define W2C_VEXTMUL16(name, hi, lanes)                                       \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b)               \
	{                                                                    \
		w2c_u16x8 l = (w2c_u16x8)a * (w2c_u16x8)b;                   \
		w2c_u16x8 h = (w2c_u16x8)hi((w2c_s8)a, (w2c_s8)b);           \
		return (w2c_vec)W2C_SHUF(l, h, lanes);                       \
	}
#define W2C_ZIPLO8 0, 8, 1, 9, 2, 10, 3, 11
#define W2C_ZIPHI8 4, 12, 5, 13, 6, 14, 7, 15
W2C_VEXTMUL16(i32x4_extmul_low_i16x8_s, __builtin_ia32_pmulhw128, W2C_ZIPLO8)
W2C_VEXTMUL16(i32x4_extmul_high_i16x8_s, __builtin_ia32_pmulhw128, W2C_ZIPHI8)
W2C_VEXTMUL16(i32x4_extmul_low_i16x8_u, __builtin_ia32_pmulhuw128, W2C_ZIPLO8)
W2C_VEXTMUL16(i32x4_extmul_high_i16x8_u, __builtin_ia32_pmulhuw128, W2C_ZIPHI8)
#else
W2C_VEXTMUL(i32x4_extmul_low_i16x8_s, i32x4_extend_low_i16x8_s, w2c_u32x4)
W2C_VEXTMUL(i32x4_extmul_high_i16x8_s, i32x4_extend_high_i16x8_s, w2c_u32x4)
W2C_VEXTMUL(i32x4_extmul_low_i16x8_u, i32x4_extend_low_i16x8_u, w2c_u32x4)
W2C_VEXTMUL(i32x4_extmul_high_i16x8_u, i32x4_extend_high_i16x8_u, w2c_u32x4)
#endif
W2C_VEXTMUL(i64x2_extmul_low_i32x4_s, i64x2_extend_low_i32x4_s, w2c_u64x2)
W2C_VEXTMUL(i64x2_extmul_high_i32x4_s, i64x2_extend_high_i32x4_s, w2c_u64x2)
W2C_VEXTMUL(i64x2_extmul_low_i32x4_u, i64x2_extend_low_i32x4_u, w2c_u64x2)
W2C_VEXTMUL(i64x2_extmul_high_i32x4_u, i64x2_extend_high_i32x4_u, w2c_u64x2)
/*
 * pairwise: the even and the odd lanes each taken in place in the wide
 * lane by shifts (or a mask), then added; a gather of even lanes is a
 * byte shuffle, built byte by byte on x86 without pshufb.  pmaddubsw and
 * pmaddwd by ones are the sums themselves (no lane saturates: at most
 * 2 * 255 and 2 * 32768).
 */
#if defined(__SSSE3__)
static inline w2c_vec w2c_i16x8_extadd_pairwise_i8x16_s(w2c_vec a)
{
	const w2c_c16 one = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	return (w2c_vec)__builtin_ia32_pmaddubsw128(one, (w2c_c16)a); /* unsigned by signed */
}
static inline w2c_vec w2c_i16x8_extadd_pairwise_i8x16_u(w2c_vec a)
{
	const w2c_c16 one = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	return (w2c_vec)__builtin_ia32_pmaddubsw128((w2c_c16)a, one);
}
#else
static inline w2c_vec w2c_i16x8_extadd_pairwise_i8x16_s(w2c_vec a)
{
	return (w2c_vec)(((w2c_i16x8)((w2c_u16x8)a << 8) >> 8) + ((w2c_i16x8)a >> 8));
}
static inline w2c_vec w2c_i16x8_extadd_pairwise_i8x16_u(w2c_vec a)
{
	return (w2c_vec)(((w2c_u16x8)a & 0xff) + ((w2c_u16x8)a >> 8));
}
#endif
#if defined(__SSE2__)
static inline w2c_vec w2c_i32x4_extadd_pairwise_i16x8_s(w2c_vec a)
{
	const w2c_s8 one = { 1, 1, 1, 1, 1, 1, 1, 1 };
	return (w2c_vec)__builtin_ia32_pmaddwd128((w2c_s8)a, one);
}
#else
static inline w2c_vec w2c_i32x4_extadd_pairwise_i16x8_s(w2c_vec a)
{
	return (w2c_vec)((w2c_u32x4)((w2c_i32x4)((w2c_u32x4)a << 16) >> 16) +
	                 (w2c_u32x4)((w2c_i32x4)a >> 16));
}
#endif
static inline w2c_vec w2c_i32x4_extadd_pairwise_i16x8_u(w2c_vec a)
{
	return (w2c_vec)(((w2c_u32x4)a & 0xffff) + ((w2c_u32x4)a >> 16));
}
static inline w2c_vec w2c_f32x4_convert_i32x4_s(w2c_vec a) { return (w2c_vec)W2C_CV((w2c_i32x4)a, w2c_f32x4); }
static inline w2c_vec w2c_f32x4_convert_i32x4_u(w2c_vec a) { return (w2c_vec)W2C_CV((w2c_u32x4)a, w2c_f32x4); }
#if defined(__SSE2__)
/* cvtdq2pd (clang finds it, gcc converts lane by lane); unsigned: the
 * lane as the low half of 2^52's mantissa, less 2^52 */
#if defined(__clang__)
static inline w2c_vec w2c_f64x2_convert_low_i32x4_s(w2c_vec a) { return (w2c_vec)W2C_CV(W2C_LO4((w2c_i32x4)a), w2c_f64x2); }
#else
static inline w2c_vec w2c_f64x2_convert_low_i32x4_s(w2c_vec a)
{
	return (w2c_vec)__builtin_ia32_cvtdq2pd((w2c_i32x4)a);
}
#endif
static inline w2c_vec w2c_f64x2_convert_low_i32x4_u(w2c_vec a)
{
	w2c_u32x4 m = W2C_SHUF((w2c_u32x4)a, (w2c_u32x4){ 0x43300000u, 0x43300000u }, 0, 4, 1, 5);
	return (w2c_vec)((w2c_f64x2)m - 4503599627370496.0);
}
#else
static inline w2c_vec w2c_f64x2_convert_low_i32x4_s(w2c_vec a) { return (w2c_vec)W2C_CV(W2C_LO4((w2c_i32x4)a), w2c_f64x2); }
static inline w2c_vec w2c_f64x2_convert_low_i32x4_u(w2c_vec a) { return (w2c_vec)W2C_CV(W2C_LO4((w2c_u32x4)a), w2c_f64x2); }
#endif
static inline w2c_vec w2c_f64x2_promote_low_f32x4(w2c_vec a) { return (w2c_vec)W2C_CV(W2C_LO4((w2c_f32x4)a), w2c_f64x2); }
static inline w2c_vec w2c_f32x4_demote_f64x2_zero(w2c_vec a)
{
	w2c_f32x2 lo = W2C_CV((w2c_f64x2)a, w2c_f32x2);
	return (w2c_vec)W2C_SHUF(lo, (w2c_f32x2){ 0, 0 }, 0, 1, 2, 3);
}
#else /* no __builtin_shufflevector: the scalar forms */
#define W2C_SIMD_WIDEN(X)                                                   \
	X(U, i16x8_extend_low_i8x16_s) X(U, i16x8_extend_high_i8x16_s)              \
	X(U, i16x8_extend_low_i8x16_u) X(U, i16x8_extend_high_i8x16_u)              \
	X(U, i32x4_extend_low_i16x8_s) X(U, i32x4_extend_high_i16x8_s)              \
	X(U, i32x4_extend_low_i16x8_u) X(U, i32x4_extend_high_i16x8_u)              \
	X(U, i64x2_extend_low_i32x4_s) X(U, i64x2_extend_high_i32x4_s)              \
	X(U, i64x2_extend_low_i32x4_u) X(U, i64x2_extend_high_i32x4_u)              \
	X(B, i16x8_extmul_low_i8x16_s) X(B, i16x8_extmul_high_i8x16_s)              \
	X(B, i16x8_extmul_low_i8x16_u) X(B, i16x8_extmul_high_i8x16_u)              \
	X(B, i32x4_extmul_low_i16x8_s) X(B, i32x4_extmul_high_i16x8_s)              \
	X(B, i32x4_extmul_low_i16x8_u) X(B, i32x4_extmul_high_i16x8_u)              \
	X(B, i64x2_extmul_low_i32x4_s) X(B, i64x2_extmul_high_i32x4_s)              \
	X(B, i64x2_extmul_low_i32x4_u) X(B, i64x2_extmul_high_i32x4_u)              \
	X(U, i16x8_extadd_pairwise_i8x16_s) X(U, i16x8_extadd_pairwise_i8x16_u)      \
	X(U, i32x4_extadd_pairwise_i16x8_s) X(U, i32x4_extadd_pairwise_i16x8_u)      \
	X(U, f32x4_convert_i32x4_s) X(U, f32x4_convert_i32x4_u)                     \
	X(U, f64x2_convert_low_i32x4_s) X(U, f64x2_convert_low_i32x4_u)             \
	X(U, f32x4_demote_f64x2_zero) X(U, f64x2_promote_low_f32x4)
W2C_SIMD_WIDEN(W2C_FALLBACK)
#endif

/* ----------------------------------------------- lanes and shuffles */
static inline w2c_vec w2c_i8x16_splat(uint32_t x) { return (w2c_vec)((w2c_u8x16){ 0 } + (uint8_t)x); }
static inline w2c_vec w2c_i16x8_splat(uint32_t x) { return (w2c_vec)((w2c_u16x8){ 0 } + (uint16_t)x); }
static inline w2c_vec w2c_i32x4_splat(uint32_t x) { return (w2c_u32x4){ 0 } + x; }
static inline w2c_vec w2c_i64x2_splat(uint64_t x) { return (w2c_vec)((w2c_u64x2){ 0 } + x); }
static inline w2c_vec w2c_f32x4_splat(float x) { return w2c_i32x4_splat(w2c_f32_raw(x)); }
static inline w2c_vec w2c_f64x2_splat(double x) { return w2c_i64x2_splat(w2c_f64_raw(x)); }
static inline uint32_t w2c_i8x16_extract_lane_s(w2c_vec v, int k) { return w2c_sx8(((w2c_u8x16)v)[k]); }
static inline uint32_t w2c_i8x16_extract_lane_u(w2c_vec v, int k) { return ((w2c_u8x16)v)[k]; }
static inline uint32_t w2c_i16x8_extract_lane_s(w2c_vec v, int k) { return w2c_sx16(((w2c_u16x8)v)[k]); }
static inline uint32_t w2c_i16x8_extract_lane_u(w2c_vec v, int k) { return ((w2c_u16x8)v)[k]; }
static inline uint32_t w2c_i32x4_extract_lane(w2c_vec v, int k) { return v[k]; }
static inline uint64_t w2c_i64x2_extract_lane(w2c_vec v, int k) { return ((w2c_u64x2)v)[k]; }
static inline float w2c_f32x4_extract_lane(w2c_vec v, int k) { return w2c_f32_bits(v[k]); }
static inline double w2c_f64x2_extract_lane(w2c_vec v, int k) { return w2c_f64_bits(((w2c_u64x2)v)[k]); }
#define W2C_VREPLACE(name, T, L, X, conv)                                    \
	static inline w2c_vec w2c_##name(w2c_vec v, int k, X x)              \
	{                                                                    \
		T t = (T)v;                                                  \
		t[k] = (L)conv(x);                                           \
		return (w2c_vec)t;                                           \
	}
W2C_VREPLACE(i8x16_replace_lane, w2c_u8x16, uint8_t, uint32_t, W2C_ID)
W2C_VREPLACE(i16x8_replace_lane, w2c_u16x8, uint16_t, uint32_t, W2C_ID)
W2C_VREPLACE(i32x4_replace_lane, w2c_u32x4, uint32_t, uint32_t, W2C_ID)
W2C_VREPLACE(i64x2_replace_lane, w2c_u64x2, uint64_t, uint64_t, W2C_ID)
W2C_VREPLACE(f32x4_replace_lane, w2c_u32x4, uint32_t, float, w2c_f32_raw)
W2C_VREPLACE(f64x2_replace_lane, w2c_u64x2, uint64_t, double, w2c_f64_raw)

#ifdef W2C_SHUF
#define W2C_SHUFFLE(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15) \
	((w2c_vec)W2C_SHUF((w2c_u8x16)(a), (w2c_u8x16)(b), i0, i1, i2, i3, i4, i5, i6, i7, \
	                   i8, i9, i10, i11, i12, i13, i14, i15))
#else
#define W2C_SHUFFLE(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15) \
	((w2c_vec)__builtin_shuffle((w2c_u8x16)(a), (w2c_u8x16)(b),                 \
	                            (w2c_u8x16){ i0, i1, i2, i3, i4, i5, i6, i7, i8, i9,  \
	                                         i10, i11, i12, i13, i14, i15 }))
#endif

static inline w2c_vec w2c_v128_const(uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	return (w2c_u32x4){ a, b, c, d };
}

/*
 * gcc without pshufb (x86 before SSSE3) builds a byte shuffle that no
 * single instruction does byte by byte in general registers, ten times
 * slower.  For such shuffles the emitter (emit_shuffle in w2c/emit_func.c)
 * also gives alt, the same bytes from a few cheaper pieces: W2C_UNPACK
 * interleaves the w-byte lanes of half h (0 low, 1 high) of x with
 * themselves (punpckl/h), W2C_SPLAT8 repeats byte k of x, and W2C_BLEND
 * takes the bytes of x where bit j of the constant m is set, else y's.
 */
#if defined(__SSE2__) && !defined(__SSSE3__) && !defined(__clang__)
#define W2C_SHUFFLE_OR(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15, alt) \
	((void)(a), (void)(b), (alt)) /* alt may leave one out */
#else
#define W2C_SHUFFLE_OR(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15, alt) \
	W2C_SHUFFLE(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15)
#endif
#define W2C_UI(w, h, k) (8 * (h) + (k) / (2 * (w)) * (w) + (k) % (w))
#define W2C_UNPACK(x, w, h)                                                  \
	W2C_SHUFFLE(x, x, W2C_UI(w, h, 0), W2C_UI(w, h, 1), W2C_UI(w, h, 2),   \
	            W2C_UI(w, h, 3), W2C_UI(w, h, 4), W2C_UI(w, h, 5),          \
	            W2C_UI(w, h, 6), W2C_UI(w, h, 7), W2C_UI(w, h, 8),          \
	            W2C_UI(w, h, 9), W2C_UI(w, h, 10), W2C_UI(w, h, 11),        \
	            W2C_UI(w, h, 12), W2C_UI(w, h, 13), W2C_UI(w, h, 14),       \
	            W2C_UI(w, h, 15))
#define W2C_SPLAT8(x, k) W2C_SHUFFLE(x, x, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k, k)
/* W2C_PACK<w><E|O>(x, y): the even (E) or odd (O) w-bit lanes of x, then
 * of y, each cut to fit its half lane and packed (packuswb, packssdw);
 * only for alt, which only gcc with SSE2 and without SSSE3 reads. */
#define W2C_PACK8E(x, y) W2C_PACKB((w2c_u16x8)(x) & 0xff, (w2c_u16x8)(y) & 0xff)
#define W2C_PACK8O(x, y) W2C_PACKB((w2c_u16x8)(x) >> 8, (w2c_u16x8)(y) >> 8)
#define W2C_PACK16E(x, y) W2C_PACKW((w2c_i32x4)(x) << 16 >> 16, (w2c_i32x4)(y) << 16 >> 16)
#define W2C_PACK16O(x, y) W2C_PACKW((w2c_i32x4)(x) >> 16, (w2c_i32x4)(y) >> 16)
#define W2C_PACKB(x, y) ((w2c_vec)__builtin_ia32_packuswb128((w2c_s8)(x), (w2c_s8)(y)))
#define W2C_PACKW(x, y) ((w2c_vec)__builtin_ia32_packssdw128((w2c_n4)(x), (w2c_n4)(y)))
#define W2C_BM(m, j) (((m) >> (j) & 1) ? 0xff : 0)
#define W2C_BLEND(m, x, y)                                                   \
	W2C_SEL(((w2c_u8x16){ W2C_BM(m, 0), W2C_BM(m, 1), W2C_BM(m, 2), W2C_BM(m, 3), \
	                      W2C_BM(m, 4), W2C_BM(m, 5), W2C_BM(m, 6), W2C_BM(m, 7), \
	                      W2C_BM(m, 8), W2C_BM(m, 9), W2C_BM(m, 10), W2C_BM(m, 11), \
	                      W2C_BM(m, 12), W2C_BM(m, 13), W2C_BM(m, 14), W2C_BM(m, 15) }), x, y)

/* -------------------------------------------------------------- memory */
static inline w2c_vec w2c_v128_load(const uint8_t *m, uint64_t size, uint64_t addr)
{
	w2c_vec v;
	W2C_CHECK(addr, 16, size);
	memcpy(&v, m + addr, 16);
	return v;
}
static inline void w2c_v128_store(uint8_t *m, uint64_t size, uint64_t addr, w2c_vec v)
{
	W2C_CHECK(addr, 16, size);
	memcpy(m + addr, &v, 16);
}
#define W2C_VLOADX(name, from, N, to)                                        \
	static inline w2c_vec w2c_##name(const uint8_t *m, uint64_t size, uint64_t addr) \
	{                                                                    \
		uint64_t u = w2c_load64(m, size, addr); /* kept whole */      \
		from x;                                                      \
		memcpy(&x, &u, 8);                                           \
		return (w2c_vec)W2C_CVX(x, to);                              \
	}
#ifdef W2C_CV
#define W2C_CVX W2C_CV
#if defined(__SSE2__) && !defined(__SSE4_1__)
/* Without pmovsx gcc sign-extends by a compare and two unpacks: doubling
 * each lane and shifting it back down is cheaper. */
#define W2C_VLOADS(name, w, S)                                               \
	static inline w2c_vec w2c_##name(const uint8_t *m, uint64_t size, uint64_t addr) \
	{                                                                    \
		w2c_vec v = (w2c_vec)(w2c_u64x2){ w2c_load64(m, size, addr), 0 }; \
		return (w2c_vec)((S)W2C_UNPACK(v, w, 0) >> 8 * w);           \
	}
W2C_VLOADS(v128_load8x8_s, 1, w2c_i16x8)
W2C_VLOADS(v128_load16x4_s, 2, w2c_i32x4)
#else
W2C_VLOADX(v128_load8x8_s, w2c_i8x8, 8, w2c_i16x8)
W2C_VLOADX(v128_load16x4_s, w2c_i16x4, 4, w2c_i32x4)
#endif
W2C_VLOADX(v128_load8x8_u, w2c_u8x8, 8, w2c_u16x8)
W2C_VLOADX(v128_load16x4_u, w2c_u16x4, 4, w2c_u32x4)
W2C_VLOADX(v128_load32x2_s, w2c_i32x2, 2, w2c_i64x2)
W2C_VLOADX(v128_load32x2_u, w2c_u32x2, 2, w2c_u64x2)
#else
#define W2C_FALLBACK_LOAD(name) \
	static inline w2c_vec w2c_##name(const uint8_t *m, uint64_t size, uint64_t addr) \
	{ return w2c_v128_in(w2c_sc_##name(m, size, addr)); }
W2C_FALLBACK_LOAD(v128_load8x8_s) W2C_FALLBACK_LOAD(v128_load8x8_u)
W2C_FALLBACK_LOAD(v128_load16x4_s) W2C_FALLBACK_LOAD(v128_load16x4_u)
W2C_FALLBACK_LOAD(v128_load32x2_s) W2C_FALLBACK_LOAD(v128_load32x2_u)
#endif
static inline w2c_vec w2c_v128_load8_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_i8x16_splat(w2c_load8(m, size, addr));
}
static inline w2c_vec w2c_v128_load16_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_i16x8_splat(w2c_load16(m, size, addr));
}
static inline w2c_vec w2c_v128_load32_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_i32x4_splat(w2c_load32(m, size, addr));
}
static inline w2c_vec w2c_v128_load64_splat(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return w2c_i64x2_splat(w2c_load64(m, size, addr));
}
static inline w2c_vec w2c_v128_load32_zero(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return (w2c_u32x4){ w2c_load32(m, size, addr), 0, 0, 0 };
}
static inline w2c_vec w2c_v128_load64_zero(const uint8_t *m, uint64_t size, uint64_t addr)
{
	return (w2c_vec)(w2c_u64x2){ w2c_load64(m, size, addr), 0 };
}
#define W2C_VLANEMEM(n, sh, T, extract)                                      \
	static inline w2c_vec w2c_v128_load##n##_lane(const uint8_t *m, uint64_t size, \
	                                              uint64_t addr, w2c_vec v, int k) \
	{                                                                    \
		return w2c_##sh##_replace_lane(v, k, (T)w2c_load##n(m, size, addr)); \
	}                                                                    \
	static inline void w2c_v128_store##n##_lane(uint8_t *m, uint64_t size,        \
	                                            uint64_t addr, w2c_vec v, int k)  \
	{                                                                    \
		w2c_store##n(m, size, addr, extract(v, k));                  \
	}
W2C_VLANEMEM(8, i8x16, uint32_t, w2c_i8x16_extract_lane_u)
W2C_VLANEMEM(16, i16x8, uint32_t, w2c_i16x8_extract_lane_u)
W2C_VLANEMEM(32, i32x4, uint32_t, w2c_i32x4_extract_lane)
W2C_VLANEMEM(64, i64x2, uint64_t, w2c_i64x2_extract_lane)

/* ---------------------------------------------- exact-match SSE forms */
#if defined(__SSE2__)
typedef int w2c_n4 __attribute__((vector_size(16)));
typedef long long w2c_ll2 __attribute__((vector_size(16)));
static inline w2c_vec w2c_i8x16_narrow_i16x8_s(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_packsswb128((w2c_s8)a, (w2c_s8)b);
}
#if !defined(__SSE4_2__)
/*
 * 64-bit compares without pcmpeqq and pcmpgtq: equal where both halves
 * are; a > b where the high halves are (signed), or they are equal and
 * b - a borrows, which the sign of its high half shows; that sign then
 * spread over the lane.  gcc compares lane by lane in general registers.
 */
static inline w2c_vec w2c_i64x2_eq(w2c_vec a, w2c_vec b)
{
	w2c_n4 e = (w2c_n4)(a == b);
	return (w2c_vec)(e & __builtin_ia32_pshufd(e, 0xb1));
}
static inline w2c_vec w2c_i64x2_gt_s(w2c_vec a, w2c_vec b)
{
	w2c_n4 x = (w2c_n4)a, y = (w2c_n4)b;
	w2c_n4 d = (w2c_n4)((w2c_u64x2)b - (w2c_u64x2)a);
	w2c_n4 r = (x > y) | ((x == y) & d);
	return (w2c_vec)__builtin_ia32_pshufd(r >> 31, 0xf5);
}
static inline w2c_vec w2c_i64x2_ne(w2c_vec a, w2c_vec b) { return ~w2c_i64x2_eq(a, b); }
static inline w2c_vec w2c_i64x2_lt_s(w2c_vec a, w2c_vec b) { return w2c_i64x2_gt_s(b, a); }
static inline w2c_vec w2c_i64x2_le_s(w2c_vec a, w2c_vec b) { return ~w2c_i64x2_gt_s(a, b); }
static inline w2c_vec w2c_i64x2_ge_s(w2c_vec a, w2c_vec b) { return ~w2c_i64x2_gt_s(b, a); }
#endif
static inline w2c_vec w2c_i8x16_narrow_i16x8_u(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_packuswb128((w2c_s8)a, (w2c_s8)b);
}
static inline w2c_vec w2c_i16x8_narrow_i32x4_s(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_packssdw128((w2c_n4)a, (w2c_n4)b);
}
#if defined(__SSE4_1__)
static inline w2c_vec w2c_i16x8_narrow_i32x4_u(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_packusdw128((w2c_n4)a, (w2c_n4)b);
}
#else
/* packusdw is SSE4.1: zero the negative lanes, shift 0..65535 down to
 * packssdw's range (no lane overflows) and shift the results back up. */
static inline w2c_n4 w2c_bias_u16(w2c_vec a)
{
	w2c_n4 x = (w2c_n4)a;
	return (x & (x > 0)) - 32768;
}
static inline w2c_vec w2c_i16x8_narrow_i32x4_u(w2c_vec a, w2c_vec b)
{
	w2c_s8 r = __builtin_ia32_packssdw128(w2c_bias_u16(a), w2c_bias_u16(b));
	return (w2c_vec)((w2c_u16x8)r ^ 0x8000);
}
#endif
static inline w2c_vec w2c_i32x4_dot_i16x8_s(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_pmaddwd128((w2c_s8)a, (w2c_s8)b);
}
/* The emitter's (emit_pair_sum): i16x8.add_sat_s of the even and the odd
 * 16-bit lanes of a then b, gathered by two i8x16.shuffles; the pair sums
 * in 32 bits (pmaddwd by ones), saturated to 16 (packssdw). */
#define W2C_PAIR_SUM 1
static inline w2c_vec w2c_i16x8_add_pairs_sat_s(w2c_vec a, w2c_vec b)
{
	const w2c_s8 one = { 1, 1, 1, 1, 1, 1, 1, 1 };
	return (w2c_vec)__builtin_ia32_packssdw128(__builtin_ia32_pmaddwd128((w2c_s8)a, one),
	                                           __builtin_ia32_pmaddwd128((w2c_s8)b, one));
}
static inline uint32_t w2c_i8x16_bitmask(w2c_vec a)
{
	return (uint32_t)__builtin_ia32_pmovmskb128((w2c_c16)a);
}
static inline uint32_t w2c_i16x8_bitmask(w2c_vec a)
{
	return (uint32_t)__builtin_ia32_pmovmskb128((w2c_c16)__builtin_ia32_packsswb128((w2c_s8)a, (w2c_s8){ 0 })) & 0xff;
}
static inline uint32_t w2c_i32x4_bitmask(w2c_vec a)
{
	return (uint32_t)__builtin_ia32_movmskps((w2c_f32x4)a);
}
static inline uint32_t w2c_i64x2_bitmask(w2c_vec a)
{
	return (uint32_t)__builtin_ia32_movmskpd((w2c_f64x2)a);
}
/*
 * Where the translator knows every 32-bit lane of both operands to be in
 * [-32768, 32767] (see "lane ranges" in emit_func.c), 16-bit instructions
 * give the 32-bit results: each lane's low half holds its value and the
 * high half its sign.  pmaddwd adds the low halves' product to the high
 * halves', which clearing a's high halves makes 0; pminsw and pmaxsw keep
 * the sign of the lane they pick in the high half too.
 */
static inline w2c_vec w2c_i32x4_mul_s16(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_pmaddwd128((w2c_s8)(a & 0xffffu), (w2c_s8)b);
}
static inline w2c_vec w2c_i32x4_min_s16(w2c_vec a, w2c_vec b) { return w2c_i16x8_min_s(a, b); }
static inline w2c_vec w2c_i32x4_max_s16(w2c_vec a, w2c_vec b) { return w2c_i16x8_max_s(a, b); }
static inline w2c_vec w2c_f32x4_sqrt(w2c_vec a) { return (w2c_vec)__builtin_ia32_sqrtps((w2c_f32x4)a); }
static inline w2c_vec w2c_f64x2_sqrt(w2c_vec a) { return (w2c_vec)__builtin_ia32_sqrtpd((w2c_f64x2)a); }
/* cvttps2dq gives 0x80000000 for NaN and out-of-range lanes: NaN lanes
 * become 0, too-large ones INT32_MAX; too small ones are right already. */
static inline w2c_vec w2c_i32x4_trunc_sat_f32x4_s(w2c_vec a)
{
	w2c_f32x4 f = (w2c_f32x4)a;
	w2c_i32x4 r = (w2c_i32x4)__builtin_ia32_cvttps2dq(f);
	r ^= (w2c_i32x4)(f >= 2147483648.0f);
	return (w2c_vec)(r & (w2c_i32x4)(f == f));
}
#else
W2C_SIMD_SSE2_OPS(W2C_FALLBACK)
#endif
#if defined(__SSSE3__)
/* pshufb zeroes lanes whose index has its top bit set: push every index
 * from 16 up there by a saturating add. */
static inline w2c_vec w2c_i8x16_swizzle(w2c_vec a, w2c_vec b)
{
	w2c_u8x16 i = (w2c_u8x16)b, t = i + 0x70;
	t |= (w2c_u8x16)(t < i); /* saturate */
	return (w2c_vec)__builtin_ia32_pshufb128((w2c_c16)a, (w2c_c16)t);
}
/* pmulhrsw is q15mulr but for -1 * -1, which it wraps to -1. */
static inline w2c_vec w2c_i16x8_q15mulr_sat_s(w2c_vec a, w2c_vec b)
{
	w2c_u16x8 r = (w2c_u16x8)__builtin_ia32_pmulhrsw128((w2c_s8)a, (w2c_s8)b);
	return (w2c_vec)(r ^ (w2c_u16x8)(r == 0x8000));
}
static inline w2c_vec w2c_i8x16_popcnt(w2c_vec a)
{
	const w2c_c16 table = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };
	w2c_u8x16 x = (w2c_u8x16)a;
	return (w2c_vec)(__builtin_ia32_pshufb128(table, (w2c_c16)(x & 15)) +
	                 __builtin_ia32_pshufb128(table, (w2c_c16)(x >> 4)));
}
#elif defined(__SSE2__)
/* Without pshufb: indices from 16 up clamped to 16 (pminub), which picks
 * a zero byte of the table, then one load a lane with no branch, instead
 * of the lane loop's test and jump per lane. */
static inline w2c_vec w2c_i8x16_swizzle(w2c_vec a, w2c_vec b)
{
	uint8_t t[32] = { 0 }, i[16], r[16];
	w2c_vec m = w2c_i8x16_min_u(b, w2c_i8x16_splat(16)), v;
	int k;

	memcpy(t, &a, 16);
	memcpy(i, &m, 16);
	for (k = 0; k < 16; k++)
		r[k] = t[i[k]];
	memcpy(&v, r, 16);
	return v;
}
/* Without pmulhrsw: the 32-bit product's halves (pmullw, pmulhw);
 * (p + 2^14) >> 15 is the high half doubled plus the rounded top two bits
 * of the low half, and -1 * -1, the one product out of range, gives
 * 0x8000, which no other does. */
static inline w2c_vec w2c_i16x8_q15mulr_sat_s(w2c_vec a, w2c_vec b)
{
	w2c_u16x8 lo = (w2c_u16x8)a * (w2c_u16x8)b;
	w2c_u16x8 hi = (w2c_u16x8)__builtin_ia32_pmulhw128((w2c_s8)a, (w2c_s8)b);
	w2c_u16x8 r = (hi << 1) + (((lo >> 14) + 1) >> 1);
	return (w2c_vec)(r ^ (w2c_u16x8)(r == 0x8000));
}
/* Bits counted in pairs, nibbles, then bytes: the lane loop would call
 * libgcc's __popcountdi2 per lane where the CPU may lack popcnt. */
static inline w2c_vec w2c_i8x16_popcnt(w2c_vec a)
{
	w2c_u8x16 x = (w2c_u8x16)a;
	x = x - (x >> 1 & 0x55);
	x = (x & 0x33) + (x >> 2 & 0x33);
	return (w2c_vec)((x + (x >> 4)) & 0x0f);
}
#else
W2C_SIMD_SSSE3_OPS(W2C_FALLBACK)
#endif
#if defined(__SSE4_1__)
#define W2C_VROUND(sh, F, b, mode) \
	static inline w2c_vec w2c_##sh(w2c_vec a) { return (w2c_vec)b((F)a, mode); }
/* mode: 0 nearest, 1 floor, 2 ceil, 3 truncate; 8 keeps exceptions quiet */
W2C_VROUND(f32x4_nearest, w2c_f32x4, __builtin_ia32_roundps, 8)
W2C_VROUND(f32x4_floor, w2c_f32x4, __builtin_ia32_roundps, 9)
W2C_VROUND(f32x4_ceil, w2c_f32x4, __builtin_ia32_roundps, 10)
W2C_VROUND(f32x4_trunc, w2c_f32x4, __builtin_ia32_roundps, 11)
W2C_VROUND(f64x2_nearest, w2c_f64x2, __builtin_ia32_roundpd, 8)
W2C_VROUND(f64x2_floor, w2c_f64x2, __builtin_ia32_roundpd, 9)
W2C_VROUND(f64x2_ceil, w2c_f64x2, __builtin_ia32_roundpd, 10)
W2C_VROUND(f64x2_trunc, w2c_f64x2, __builtin_ia32_roundpd, 11)
#else
/*
 * Without roundps: below 2^23 (2^52 for f64) in magnitude, adding and
 * subtracting that power rounds to nearest even in the default mode;
 * from there up (and infinities) a lane is integral already, and a NaN
 * lane comes out of the sum quieted, as wasm allows.  The sign is put
 * back so that -0.3 gives -0.  Floor, ceil and trunc follow from it as
 * in the scalar forms (w2c_gen.h).  A lane loop would call nearbyintf.
 */
#define W2C_VROUND2(sh, F, U, big, sign)                                      \
	static inline w2c_vec w2c_##sh##_nearest(w2c_vec v)                  \
	{                                                                    \
		U u = (U)v, s = u & (sign);                                  \
		F a = (F)(u ^ s), r = a + (big) - (big);                     \
		return W2C_SEL(a >= (big), v, (U)r | s);                     \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_floor(w2c_vec v)                    \
	{                                                                    \
		F r = (F)w2c_##sh##_nearest(v);                              \
		return (w2c_vec)(r - (F)((U)(r > (F)v) & (U)((F){ 0 } + 1.0f))); \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_ceil(w2c_vec v)                     \
	{                                                                    \
		return (w2c_vec)((U)w2c_##sh##_floor((w2c_vec)((U)v ^ (sign))) ^ (sign)); \
	}                                                                    \
	static inline w2c_vec w2c_##sh##_trunc(w2c_vec v)                    \
	{                                                                    \
		U s = (U)v & (sign);                                         \
		return (w2c_vec)((U)w2c_##sh##_floor((w2c_vec)((U)v ^ s)) | s); \
	}
W2C_VROUND2(f32x4, w2c_f32x4, w2c_u32x4, 8388608.0f, 0x80000000u)
W2C_VROUND2(f64x2, w2c_f64x2, w2c_u64x2, 4503599627370496.0, 0x8000000000000000u)
#endif
#if defined(__SSE2__)
/*
 * Unsigned and f64 saturating truncations from cvttps2dq and cvttpd2dq,
 * which give 0x80000000 for any lane out of int32's range: maxps and
 * maxpd by 0 take NaN lanes (the first operand's) and negative ones to 0;
 * a lane from 2^31 up converts less 2^31 (exactly: the same binade) with
 * its top bit put back, and the conversion of the lane itself, which is
 * then 0x80000000, puts it; the other conversion, negative for lanes
 * below 2^31, is dropped there.  A lane loop would branch per lane.
 */
static inline w2c_i32x4 w2c_top_u32(w2c_i32x4 whole, w2c_i32x4 less)
{
	return whole | (less & ~(less >> 31));
}
static inline w2c_vec w2c_i32x4_trunc_sat_f32x4_u(w2c_vec a)
{
	w2c_f32x4 f = __builtin_ia32_maxps((w2c_f32x4)a, (w2c_f32x4){ 0 });
	w2c_i32x4 r = w2c_top_u32((w2c_i32x4)__builtin_ia32_cvttps2dq(f),
	                          (w2c_i32x4)__builtin_ia32_cvttps2dq(f - 2147483648.0f));
	return (w2c_vec)(r | (w2c_i32x4)(f >= 4294967296.0f));
}
static inline w2c_vec w2c_i32x4_trunc_sat_f64x2_u_zero(w2c_vec a)
{
	w2c_f64x2 d = __builtin_ia32_maxpd((w2c_f64x2)a, (w2c_f64x2){ 0 });
	d = __builtin_ia32_minpd(d, (w2c_f64x2){ 4294967295.0, 4294967295.0 });
	return (w2c_vec)w2c_top_u32((w2c_i32x4)__builtin_ia32_cvttpd2dq(d),
	                            (w2c_i32x4)__builtin_ia32_cvttpd2dq(d - 2147483648.0));
}
/* NaN lanes to 0 by their compare, then clamped to int32's range */
static inline w2c_vec w2c_i32x4_trunc_sat_f64x2_s_zero(w2c_vec a)
{
	w2c_f64x2 d = (w2c_f64x2)a;
	d = (w2c_f64x2)((w2c_i64x2)d & (w2c_i64x2)(d == d));
	d = __builtin_ia32_maxpd(d, (w2c_f64x2){ -2147483648.0, -2147483648.0 });
	d = __builtin_ia32_minpd(d, (w2c_f64x2){ 2147483647.0, 2147483647.0 });
	return (w2c_vec)__builtin_ia32_cvttpd2dq(d);
}
#else
W2C_SIMD_SCALAR_OPS(W2C_FALLBACK)
#endif

/*
 * Relaxed SIMD, where x86 has an instruction whose result the spec
 * allows: pshufb (indices 16..127 wrap), pmulhrsw (-1 * -1 wraps),
 * SSE4.1's blends (the mask lane's top bit), minps and maxps (the second
 * operand where either is NaN or both are zeros).  Not cvttps2dq, whose
 * 0x80000000 gcc does not keep when it folds constants.
 */
#if defined(__SSE2__)
#define W2C_RELAXED_SSE2 1
static inline w2c_vec w2c_f32x4_relaxed_min(w2c_vec a, w2c_vec b) { return w2c_f32x4_pmin(b, a); }
static inline w2c_vec w2c_f32x4_relaxed_max(w2c_vec a, w2c_vec b) { return w2c_f32x4_pmax(b, a); }
static inline w2c_vec w2c_f64x2_relaxed_min(w2c_vec a, w2c_vec b) { return w2c_f64x2_pmin(b, a); }
static inline w2c_vec w2c_f64x2_relaxed_max(w2c_vec a, w2c_vec b) { return w2c_f64x2_pmax(b, a); }
#endif
#if defined(__SSSE3__)
#define W2C_RELAXED_SSSE3 1
static inline w2c_vec w2c_i8x16_relaxed_swizzle(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_pshufb128((w2c_c16)a, (w2c_c16)b);
}
static inline w2c_vec w2c_i16x8_relaxed_q15mulr_s(w2c_vec a, w2c_vec b)
{
	return (w2c_vec)__builtin_ia32_pmulhrsw128((w2c_s8)a, (w2c_s8)b);
}
#endif
#if defined(__SSE4_1__)
#define W2C_RELAXED_SSE41 1
/* blendv takes its second operand where the mask's top bit is set */
static inline w2c_vec w2c_i8x16_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return (w2c_vec)__builtin_ia32_pblendvb128((w2c_c16)b, (w2c_c16)a, (w2c_c16)m);
}
static inline w2c_vec w2c_i16x8_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return W2C_SEL((w2c_i16x8)m >> 15, a, b);
}
static inline w2c_vec w2c_i32x4_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return (w2c_vec)__builtin_ia32_blendvps((w2c_f32x4)b, (w2c_f32x4)a, (w2c_f32x4)m);
}
static inline w2c_vec w2c_i64x2_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return (w2c_vec)__builtin_ia32_blendvpd((w2c_f64x2)b, (w2c_f64x2)a, (w2c_f64x2)m);
}
#endif

/* Relaxed dot products, signed by signed: bytes sign-extended in place
 * within 16-bit lanes, the even ones by shifting up and back. */
static inline w2c_vec w2c_i16x8_relaxed_dot_i8x16_i7x16_s(w2c_vec a, w2c_vec b)
{
	w2c_i16x8 ae = (w2c_i16x8)((w2c_u16x8)a << 8) >> 8, ao = (w2c_i16x8)a >> 8;
	w2c_i16x8 be = (w2c_i16x8)((w2c_u16x8)b << 8) >> 8, bo = (w2c_i16x8)b >> 8;
	return (w2c_vec)((w2c_u16x8)(ae * be) + (w2c_u16x8)(ao * bo));
}
static inline w2c_vec w2c_i32x4_relaxed_dot_i8x16_i7x16_add_s(w2c_vec a, w2c_vec b, w2c_vec c)
{
	w2c_i16x8 ae = (w2c_i16x8)((w2c_u16x8)a << 8) >> 8, ao = (w2c_i16x8)a >> 8;
	w2c_i16x8 be = (w2c_i16x8)((w2c_u16x8)b << 8) >> 8, bo = (w2c_i16x8)b >> 8;
	return w2c_i32x4_dot_i16x8_s((w2c_vec)ae, (w2c_vec)be) +
	       w2c_i32x4_dot_i16x8_s((w2c_vec)ao, (w2c_vec)bo) + c;
}

#else /* ========================================= scalar path */

typedef w2c_v128 w2c_vec;
#define W2C_KEEPV(v) do { W2C_KEEP((v).lo); W2C_KEEP((v).hi); } while (0)
static inline w2c_vec w2c_v128_in(w2c_v128 v) { return v; }
static inline w2c_v128 w2c_v128_out(w2c_vec v) { return v; }
#define W2C_PASS_U(name) static inline w2c_vec w2c_##name(w2c_vec a) { return w2c_sc_##name(a); }
#define W2C_PASS_B(name) \
	static inline w2c_vec w2c_##name(w2c_vec a, w2c_vec b) { return w2c_sc_##name(a, b); }
#define W2C_PASS_T(name) static inline uint32_t w2c_##name(w2c_vec a) { return w2c_sc_##name(a); }
#define W2C_PASS_S(name) \
	static inline w2c_vec w2c_##name(w2c_vec a, uint32_t n) { return w2c_sc_##name(a, n); }
#define W2C_PASS(form, name) W2C_PASS_##form(name)
W2C_SIMD_EASY(W2C_PASS)
W2C_SIMD_SLOW(W2C_PASS)
static inline w2c_vec w2c_v128_bitselect(w2c_vec a, w2c_vec b, w2c_vec c)
{
	return w2c_sc_v128_bitselect(a, b, c);
}
#define w2c_i8x16_splat w2c_sc_i8x16_splat
#define w2c_i16x8_splat w2c_sc_i16x8_splat
#define w2c_i32x4_splat w2c_sc_i32x4_splat
#define w2c_i64x2_splat w2c_sc_i64x2_splat
#define w2c_f32x4_splat w2c_sc_f32x4_splat
#define w2c_f64x2_splat w2c_sc_f64x2_splat
#define w2c_i8x16_extract_lane_s w2c_sc_i8x16_extract_lane_s
#define w2c_i8x16_extract_lane_u w2c_sc_i8x16_extract_lane_u
#define w2c_i16x8_extract_lane_s w2c_sc_i16x8_extract_lane_s
#define w2c_i16x8_extract_lane_u w2c_sc_i16x8_extract_lane_u
#define w2c_i32x4_extract_lane w2c_sc_i32x4_extract_lane
#define w2c_i64x2_extract_lane w2c_sc_i64x2_extract_lane
#define w2c_f32x4_extract_lane w2c_sc_f32x4_extract_lane
#define w2c_f64x2_extract_lane w2c_sc_f64x2_extract_lane
#define w2c_i8x16_replace_lane w2c_sc_i8x16_replace_lane
#define w2c_i16x8_replace_lane w2c_sc_i16x8_replace_lane
#define w2c_i32x4_replace_lane w2c_sc_i32x4_replace_lane
#define w2c_i64x2_replace_lane w2c_sc_i64x2_replace_lane
#define w2c_f32x4_replace_lane w2c_sc_f32x4_replace_lane
#define w2c_f64x2_replace_lane w2c_sc_f64x2_replace_lane
#define w2c_v128_const w2c_sc_v128_const
#define w2c_v128_load w2c_sc_v128_load
#define w2c_v128_store w2c_sc_v128_store
#define w2c_v128_load8x8_s w2c_sc_v128_load8x8_s
#define w2c_v128_load8x8_u w2c_sc_v128_load8x8_u
#define w2c_v128_load16x4_s w2c_sc_v128_load16x4_s
#define w2c_v128_load16x4_u w2c_sc_v128_load16x4_u
#define w2c_v128_load32x2_s w2c_sc_v128_load32x2_s
#define w2c_v128_load32x2_u w2c_sc_v128_load32x2_u
#define w2c_v128_load8_splat w2c_sc_v128_load8_splat
#define w2c_v128_load16_splat w2c_sc_v128_load16_splat
#define w2c_v128_load32_splat w2c_sc_v128_load32_splat
#define w2c_v128_load64_splat w2c_sc_v128_load64_splat
#define w2c_v128_load32_zero w2c_sc_v128_load32_zero
#define w2c_v128_load64_zero w2c_sc_v128_load64_zero
#define w2c_v128_load8_lane w2c_sc_v128_load8_lane
#define w2c_v128_load16_lane w2c_sc_v128_load16_lane
#define w2c_v128_load32_lane w2c_sc_v128_load32_lane
#define w2c_v128_load64_lane w2c_sc_v128_load64_lane
#define w2c_v128_store8_lane w2c_sc_v128_store8_lane
#define w2c_v128_store16_lane w2c_sc_v128_store16_lane
#define w2c_v128_store32_lane w2c_sc_v128_store32_lane
#define w2c_v128_store64_lane w2c_sc_v128_store64_lane
#define W2C_SHUFFLE(a, b, ...) w2c_sc_i8x16_shuffle(a, b, (const uint8_t[16]){ __VA_ARGS__ })
#define W2C_SHUFFLE_OR(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15, alt) \
	W2C_SHUFFLE(a, b, i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15)

#endif /* W2C_SIMD_FAST */

/* The emitter's (emit_rotate): i32x4.shl by n, i32x4.shr_u by 32 - n,
 * v128.or, for n from 1 to 31, a constant where it is inlined.  By whole
 * bytes a rotate is a byte shuffle: pshufb from SSSE3 on, and by 16 two
 * 16-bit shuffles (pshuflw, pshufhw) on SSE2. */
#if W2C_SIMD_FAST
static inline w2c_vec w2c_i32x4_rotl(w2c_vec a, uint32_t n)
{
#if defined(__SSSE3__) && !defined(__AVX512VL__)
	if (n == 8)
		return (w2c_vec)__builtin_ia32_pshufb128((w2c_c16)a,
			(w2c_c16){ 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14 });
	if (n == 24)
		return (w2c_vec)__builtin_ia32_pshufb128((w2c_c16)a,
			(w2c_c16){ 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12 });
	if (n == 16)
		return (w2c_vec)__builtin_ia32_pshufb128((w2c_c16)a,
			(w2c_c16){ 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13 });
#endif
#if defined(__SSE2__) && !defined(__AVX512VL__)
	if (n == 16)
		return (w2c_vec)__builtin_ia32_pshufhw(__builtin_ia32_pshuflw((w2c_s8)a, 0xb1), 0xb1);
#endif
	return (a << (n & 31)) | (a >> (-n & 31));
}
#else
static inline w2c_vec w2c_i32x4_rotl(w2c_vec a, uint32_t n)
{
	return w2c_v128_or(w2c_i32x4_shl(a, n), w2c_i32x4_shr_u(a, 32 - n));
}
#endif

#ifndef W2C_PAIR_SUM /* as the two shuffles and the add it stands for */
static inline w2c_vec w2c_i16x8_add_pairs_sat_s(w2c_vec a, w2c_vec b)
{
	return w2c_i16x8_add_sat_s(
		W2C_SHUFFLE(a, b, 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29),
		W2C_SHUFFLE(a, b, 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31));
}
#endif

/* ====================================================== relaxed SIMD */

/*
 * Where neither path above chose a host instruction's result, each
 * relaxed instruction gives its deterministic result (the spec's choice
 * 0), except multiply-add, fused where the host has FMA (aarch64; x86
 * built with FMA): __builtin_fma folds constants fused too, and
 * FP_CONTRACT is off, so a build always gives one or the other.  The
 * README has the table.
 */
#if !W2C_SIMD_FAST
static inline w2c_vec w2c_i16x8_relaxed_dot_i8x16_i7x16_s(w2c_vec a, w2c_vec b)
{
	return w2c_sc_i16x8_relaxed_dot_i8x16_i7x16_s(a, b);
}
static inline w2c_vec w2c_i32x4_relaxed_dot_i8x16_i7x16_add_s(w2c_vec a, w2c_vec b, w2c_vec c)
{
	return w2c_sc_i32x4_relaxed_dot_i8x16_i7x16_add_s(a, b, c);
}
#endif
#ifndef W2C_RELAXED_SSSE3
static inline w2c_vec w2c_i8x16_relaxed_swizzle(w2c_vec a, w2c_vec b) { return w2c_i8x16_swizzle(a, b); }
static inline w2c_vec w2c_i16x8_relaxed_q15mulr_s(w2c_vec a, w2c_vec b)
{
	return w2c_i16x8_q15mulr_sat_s(a, b);
}
#endif
#ifndef W2C_RELAXED_SSE2
static inline w2c_vec w2c_f32x4_relaxed_min(w2c_vec a, w2c_vec b) { return w2c_f32x4_min(a, b); }
static inline w2c_vec w2c_f32x4_relaxed_max(w2c_vec a, w2c_vec b) { return w2c_f32x4_max(a, b); }
static inline w2c_vec w2c_f64x2_relaxed_min(w2c_vec a, w2c_vec b) { return w2c_f64x2_min(a, b); }
static inline w2c_vec w2c_f64x2_relaxed_max(w2c_vec a, w2c_vec b) { return w2c_f64x2_max(a, b); }
#endif
#ifndef W2C_RELAXED_SSE41
static inline w2c_vec w2c_i8x16_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return w2c_v128_bitselect(a, b, m);
}
static inline w2c_vec w2c_i16x8_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return w2c_v128_bitselect(a, b, m);
}
static inline w2c_vec w2c_i32x4_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return w2c_v128_bitselect(a, b, m);
}
static inline w2c_vec w2c_i64x2_relaxed_laneselect(w2c_vec a, w2c_vec b, w2c_vec m)
{
	return w2c_v128_bitselect(a, b, m);
}
#endif
static inline w2c_vec w2c_i32x4_relaxed_trunc_f32x4_s(w2c_vec a) { return w2c_i32x4_trunc_sat_f32x4_s(a); }
static inline w2c_vec w2c_i32x4_relaxed_trunc_f32x4_u(w2c_vec a) { return w2c_i32x4_trunc_sat_f32x4_u(a); }
static inline w2c_vec w2c_i32x4_relaxed_trunc_f64x2_s_zero(w2c_vec a)
{
	return w2c_i32x4_trunc_sat_f64x2_s_zero(a);
}
static inline w2c_vec w2c_i32x4_relaxed_trunc_f64x2_u_zero(w2c_vec a)
{
	return w2c_i32x4_trunc_sat_f64x2_u_zero(a);
}
#if W2C_SIMD_FAST && (defined(__aarch64__) || defined(__FMA__) || defined(__ARM_FEATURE_FMA))
static inline w2c_vec w2c_f32x4_relaxed_madd(w2c_vec a, w2c_vec b, w2c_vec c)
{
	w2c_f32x4 x = (w2c_f32x4)a, y = (w2c_f32x4)b, z = (w2c_f32x4)c;
	return (w2c_vec)(w2c_f32x4){ __builtin_fmaf(x[0], y[0], z[0]), __builtin_fmaf(x[1], y[1], z[1]),
	                             __builtin_fmaf(x[2], y[2], z[2]), __builtin_fmaf(x[3], y[3], z[3]) };
}
static inline w2c_vec w2c_f64x2_relaxed_madd(w2c_vec a, w2c_vec b, w2c_vec c)
{
	w2c_f64x2 x = (w2c_f64x2)a, y = (w2c_f64x2)b, z = (w2c_f64x2)c;
	return (w2c_vec)(w2c_f64x2){ __builtin_fma(x[0], y[0], z[0]), __builtin_fma(x[1], y[1], z[1]) };
}
#else
static inline w2c_vec w2c_f32x4_relaxed_madd(w2c_vec a, w2c_vec b, w2c_vec c)
{
	return w2c_f32x4_add(w2c_f32x4_mul(a, b), c);
}
static inline w2c_vec w2c_f64x2_relaxed_madd(w2c_vec a, w2c_vec b, w2c_vec c)
{
	return w2c_f64x2_add(w2c_f64x2_mul(a, b), c);
}
#endif
/* -(a * b) + c is (-a) * b + c, exactly */
static inline w2c_vec w2c_f32x4_relaxed_nmadd(w2c_vec a, w2c_vec b, w2c_vec c)
{
	return w2c_f32x4_relaxed_madd(w2c_f32x4_neg(a), b, c);
}
static inline w2c_vec w2c_f64x2_relaxed_nmadd(w2c_vec a, w2c_vec b, w2c_vec c)
{
	return w2c_f64x2_relaxed_madd(w2c_f64x2_neg(a), b, c);
}

/* Lanes known to fit in 16 bits, elsewhere: the general forms. */
#if !W2C_SIMD_FAST || !defined(__SSE2__)
static inline w2c_vec w2c_i32x4_mul_s16(w2c_vec a, w2c_vec b) { return w2c_i32x4_mul(a, b); }
static inline w2c_vec w2c_i32x4_min_s16(w2c_vec a, w2c_vec b) { return w2c_i32x4_min_s(a, b); }
static inline w2c_vec w2c_i32x4_max_s16(w2c_vec a, w2c_vec b) { return w2c_i32x4_max_s(a, b); }
#endif

#endif /* W2C_SIMD_H */
