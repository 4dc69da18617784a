/*
 * heap_dot: a float dot product over heap arrays whose length is known only
 * at run time, written for w2c's benchmarks: the loop whose addresses are
 * `base + 4*i` in 32-bit wasm arithmetic (docs/loops.md).
 */
#include "bench.h"

static NOINLINE float dot(const float *a, const float *b, int n)
{
	float s = 0;

	for (int i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	int n = 4000 + (int)(bench_n(1, pct) % 7);
	uint64_t reps = bench_n(200000, pct), h = MIX_INIT;
	float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
	rng_t r = { 1 };
	double acc = 0;

	for (int i = 0; i < n; i++) {
		a[i] = (float)rng_below(&r, 1000) / 512;
		b[i] = (float)rng_below(&r, 1000) / 1024;
	}
	for (uint64_t k = 0; k < reps; k++) {
		a[k % n] += 1.0f / 64;
		acc += dot(a, b, n);
	}
	h = mix64(h, (uint64_t)(acc / reps * 1000));
	printf("heap_dot: n %d acc %.3e hash %016llx\n", n, acc, (unsigned long long)h);
	free(a);
	free(b);
	return 0;
}
