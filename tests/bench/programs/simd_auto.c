/*
 * simd_auto: plain loops that compilers vectorise by themselves, written
 * for w2c's benchmarks.  Built for wasm with -msimd128, so clang's loop
 * vectoriser emits 128-bit SIMD; natively gcc -O2 vectorises what its cheap
 * cost model allows.  Integer saxpy, saturating u8 addition, a sum of
 * absolute differences, an i16 dot product, element-wise f32 arithmetic
 * and a maximum, all over arrays that stay in cache.
 *
 * wasm-cflags: -msimd128
 * optional: SIMD
 */
#include "bench.h"

#define N 8192

static int32_t xi[N], yi[N];
static uint8_t a8[N], b8[N], c8[N];
static int16_t p16[N], q16[N];
static float xf[N], yf[N], zf[N];

static NOINLINE void saxpy_i32(int32_t k)
{
	for (int i = 0; i < N; i++)
		yi[i] = (int32_t)((uint32_t)k * (uint32_t)xi[i] + (uint32_t)yi[i]);
}

static NOINLINE void add_sat_u8(void)
{
	for (int i = 0; i < N; i++) {
		unsigned s = (unsigned)a8[i] + b8[i];
		c8[i] = (uint8_t)(s > 255 ? 255 : s);
	}
}

static NOINLINE uint32_t sad_u8(void)
{
	uint32_t s = 0;
	for (int i = 0; i < N; i++)
		s += (uint32_t)(a8[i] > c8[i] ? a8[i] - c8[i] : c8[i] - a8[i]);
	return s;
}

static NOINLINE uint32_t dot_i16(void)
{
	uint32_t s = 0;   /* unsigned: wraps instead of overflowing */
	for (int i = 0; i < N; i++)
		s += (uint32_t)(p16[i] * q16[i]);
	return s;
}

static NOINLINE void mul_add_f32(float k)
{
	for (int i = 0; i < N; i++)
		zf[i] = xf[i] * k + yf[i] * 0.5f;
}

static NOINLINE int32_t max_i32(void)
{
	int32_t m = INT32_MIN;
	for (int i = 0; i < N; i++)
		m = yi[i] > m ? yi[i] : m;
	return m;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t reps = bench_n(80000, pct);
	rng_t r = { 23 };
	uint64_t h = MIX_INIT;

	for (int i = 0; i < N; i++) {
		xi[i] = (int32_t)rng_below(&r, 2001) - 1000;
		yi[i] = (int32_t)rng_below(&r, 2001) - 1000;
		a8[i] = (uint8_t)rng_below(&r, 256);
		b8[i] = (uint8_t)rng_below(&r, 256);
		p16[i] = (int16_t)(rng_below(&r, 2001) - 1000);
		q16[i] = (int16_t)(rng_below(&r, 2001) - 1000);
		xf[i] = (float)rng_below(&r, 4096) / 64.0f;
		yf[i] = (float)rng_below(&r, 4096) / 32.0f;
	}
	for (uint64_t rep = 0; rep < reps; rep++) {
		saxpy_i32((int32_t)(rep & 7) - 3);
		add_sat_u8();
		b8[rep % N] = c8[(rep * 5) % N];
		uint32_t sad = sad_u8();
		uint32_t dot = dot_i16();
		p16[rep % N] = (int16_t)(dot >> 20);
		mul_add_f32((float)(rep & 15) * 0.0625f);
		yf[rep % N] = zf[(rep * 3) % N];
		h = mix64(h, (uint64_t)sad << 32 ^ dot ^ (uint32_t)max_i32());
	}
	double fs = 0;
	for (int i = 0; i < N; i++)
		fs += zf[i];
	printf("simd_auto: hash %016llx fsum %.6f\n", (unsigned long long)h, fs);
	return 0;
}
