/*
 * heap_stencil: a 5-point Jacobi stencil and a running-sum reduction over
 * heap grids of a run-time size, written for w2c's benchmarks
 * (docs/loops.md).
 */
#include "bench.h"

static NOINLINE void jacobi(float *out, const float *in, int w, int h)
{
	for (int y = 1; y < h - 1; y++)
		for (int x = 1; x < w - 1; x++)
			out[y * w + x] = 0.2f * (in[y * w + x] + in[y * w + x - 1] + in[y * w + x + 1] +
			                         in[(y - 1) * w + x] + in[(y + 1) * w + x]);
}

static NOINLINE int64_t reduce(const int32_t *v, int n)
{
	int64_t s = 0;

	for (int i = 0; i < n; i++)
		s += v[i] ^ (v[i] >> 3);
	return s;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	int w = 500 + (int)(bench_n(1, pct) % 3), h = 400;
	uint64_t reps = bench_n(300, pct);
	float *a = malloc(w * h * sizeof *a), *b = malloc(w * h * sizeof *b);
	int32_t *v = malloc(w * h * sizeof *v);
	rng_t r = { 4 };
	int64_t red = 0;
	double s = 0;

	for (int i = 0; i < w * h; i++) {
		a[i] = b[i] = (float)rng_below(&r, 1000);
		v[i] = (int32_t)rng_below(&r, 1u << 30) - (1 << 29);
	}
	for (uint64_t k = 0; k < reps; k++) {
		jacobi(b, a, w, h);
		jacobi(a, b, w, h);
		red += reduce(v, w * h);
		v[k % (w * h)] += 5;
	}
	for (int i = 0; i < w * h; i++)
		s += a[i];
	printf("heap_stencil: %dx%d sum %.6e reduce %lld\n", w, h, s, (long long)red);
	return 0;
}
