/*
 * simd_intrin: explicit 128-bit SIMD, written for w2c's benchmarks.  For
 * wasm (built with -msimd128) the kernels use <wasm_simd128.h>; natively the
 * same lane-for-lane operations are written with GCC vector extensions, so
 * both compute identical results: an f32x4 dot product and saxpy, a 3-tap
 * u8 blur widened to u16x8, an i8x16 byte count and an i32x4 hash with lane
 * shuffles.
 *
 * wasm-cflags: -msimd128
 * optional: SIMD
 */
#include <string.h>
#include "bench.h"

#define NF 4096
#define NB (64 * 1024)

static float X[NF] __attribute__((aligned(16))), Y[NF] __attribute__((aligned(16)));
static uint8_t IMG[NB + 32] __attribute__((aligned(16))), OUT[NB + 32] __attribute__((aligned(16)));

#ifdef __wasm_simd128__
#include <wasm_simd128.h>

static float dot_saxpy(float a)
{
	v128_t acc = wasm_f32x4_splat(0), va = wasm_f32x4_splat(a);
	for (int i = 0; i < NF; i += 4) {
		v128_t x = wasm_v128_load(X + i), y = wasm_v128_load(Y + i);
		acc = wasm_f32x4_add(acc, wasm_f32x4_mul(x, y));
		wasm_v128_store(Y + i, wasm_f32x4_add(wasm_f32x4_mul(va, x), wasm_f32x4_mul(y, wasm_f32x4_splat(0.5f))));
	}
	return (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
	       (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
}

static void blur(void)
{
	v128_t two = wasm_i16x8_splat(2);
	for (int i = 16; i < NB; i += 16) {
		v128_t l = wasm_v128_load(IMG + i - 1), m = wasm_v128_load(IMG + i),
		       r = wasm_v128_load(IMG + i + 1);
		v128_t lo = wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(l),
		                                          wasm_u16x8_extend_low_u8x16(r)),
		                           wasm_i16x8_add(wasm_i16x8_shl(wasm_u16x8_extend_low_u8x16(m), 1), two));
		v128_t hi = wasm_i16x8_add(wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(l),
		                                          wasm_u16x8_extend_high_u8x16(r)),
		                           wasm_i16x8_add(wasm_i16x8_shl(wasm_u16x8_extend_high_u8x16(m), 1), two));
		wasm_v128_store(OUT + i, wasm_u8x16_narrow_i16x8(wasm_u16x8_shr(lo, 2), wasm_u16x8_shr(hi, 2)));
	}
}

static uint32_t count_byte(const uint8_t *p, uint8_t b)
{
	v128_t needle = wasm_i8x16_splat((int8_t)b), acc = wasm_i8x16_splat(0);
	uint32_t total = 0;
	for (int i = 0; i < NB; i += 16) {
		acc = wasm_i8x16_sub(acc, wasm_i8x16_eq(wasm_v128_load(p + i), needle));
		if ((i & (255 * 16 - 1)) == 0 || i + 16 == NB) {
			uint8_t lanes[16];
			wasm_v128_store(lanes, acc);
			for (int k = 0; k < 16; k++)
				total += lanes[k];
			acc = wasm_i8x16_splat(0);
		}
	}
	return total;
}

static uint64_t hash_lanes(const uint8_t *p)
{
	v128_t h = wasm_i32x4_make(1, 2, 3, 4), m = wasm_i32x4_splat((int32_t)0x9e3779b1);
	for (int i = 0; i < NB; i += 16) {
		h = wasm_i32x4_add(wasm_i32x4_mul(h, m), wasm_v128_load(p + i));
		h = wasm_v128_xor(h, wasm_u32x4_shr(h, 15));
		h = wasm_i32x4_shuffle(h, h, 1, 2, 3, 0);
	}
	return (uint64_t)wasm_i32x4_extract_lane(h, 0) << 32 ^ (uint32_t)wasm_i32x4_extract_lane(h, 3);
}

#else /* GCC vector extensions, lane for lane the same */

typedef float f32x4 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef int8_t i8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x16 __attribute__((vector_size(32)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));

/* unaligned loads, as wasm_v128_load is */
static inline f32x4 ld_f32x4(const void *p) { f32x4 v; memcpy(&v, p, sizeof v); return v; }
static inline u8x16 ld_u8x16(const void *p) { u8x16 v; memcpy(&v, p, sizeof v); return v; }
static inline i8x16 ld_i8x16(const void *p) { i8x16 v; memcpy(&v, p, sizeof v); return v; }
static inline u32x4 ld_u32x4(const void *p) { u32x4 v; memcpy(&v, p, sizeof v); return v; }

static float dot_saxpy(float a)
{
	f32x4 acc = { 0, 0, 0, 0 };
	for (int i = 0; i < NF; i += 4) {
		f32x4 x = ld_f32x4(X + i), y = ld_f32x4(Y + i);
		acc = acc + x * y;
		f32x4 r = a * x + y * 0.5f;
		memcpy(Y + i, &r, sizeof r);
	}
	return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

static void blur(void)
{
	for (int i = 16; i < NB; i += 16) {
		u16x16 l = __builtin_convertvector(ld_u8x16(IMG + i - 1), u16x16);
		u16x16 m = __builtin_convertvector(ld_u8x16(IMG + i), u16x16);
		u16x16 r = __builtin_convertvector(ld_u8x16(IMG + i + 1), u16x16);
		u8x16 o = __builtin_convertvector((l + r + ((m << 1) + 2)) >> 2, u8x16);
		memcpy(OUT + i, &o, sizeof o);
	}
}

static uint32_t count_byte(const uint8_t *p, uint8_t b)
{
	i8x16 needle = (i8x16){ 0 } + (int8_t)b, acc = { 0 };
	uint32_t total = 0;
	for (int i = 0; i < NB; i += 16) {
		acc = acc - (ld_i8x16(p + i) == needle);
		if ((i & (255 * 16 - 1)) == 0 || i + 16 == NB) {
			for (int k = 0; k < 16; k++)
				total += (uint8_t)acc[k];
			acc = (i8x16){ 0 };
		}
	}
	return total;
}

static uint64_t hash_lanes(const uint8_t *p)
{
	u32x4 h = { 1, 2, 3, 4 };
	for (int i = 0; i < NB; i += 16) {
		h = h * 0x9e3779b1u + ld_u32x4(p + i);
		h = h ^ (h >> 15);
		h = __builtin_shuffle(h, (u32x4){ 1, 2, 3, 0 });
	}
	return (uint64_t)h[0] << 32 ^ h[3];
}
#endif

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t reps = bench_n(15000, pct);
	rng_t r = { 21 };
	uint64_t h = MIX_INIT;
	float d = 0;

	for (int i = 0; i < NF; i++) {
		X[i] = (float)rng_below(&r, 1000) / 256.0f;
		Y[i] = (float)rng_below(&r, 1000) / 512.0f;
	}
	for (int i = 0; i < NB + 32; i++)
		IMG[i] = (uint8_t)rng_below(&r, 256);
	for (uint64_t rep = 0; rep < reps; rep++) {
		d += dot_saxpy(0.25f + (float)(rep & 3) * 0.125f);
		blur();
		h = mix64(h, count_byte(OUT, (uint8_t)rep));
		h = mix64(h, hash_lanes(OUT));
		IMG[rep % NB] ^= OUT[(rep * 7) % NB];
	}
	printf("simd_intrin: dot %.6e hash %016llx\n", (double)d, (unsigned long long)h);
	return 0;
}
