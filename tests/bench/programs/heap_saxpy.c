/*
 * heap_saxpy: y += a*x over heap arrays of a run-time length, written for
 * w2c's benchmarks (docs/loops.md).
 */
#include "bench.h"

static NOINLINE void saxpy(float *y, const float *x, float a, int n)
{
	for (int i = 0; i < n; i++)
		y[i] += a * x[i];
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	int n = 4000 + (int)(bench_n(1, pct) % 7);
	uint64_t reps = bench_n(300000, pct);
	float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
	rng_t r = { 2 };
	double sum = 0;

	for (int i = 0; i < n; i++) {
		x[i] = (float)rng_below(&r, 1000) / 1000;
		y[i] = 0;
	}
	for (uint64_t k = 0; k < reps; k++)
		saxpy(y, x, (k & 1) ? 1.0f / 1024 : -1.0f / 2048, n);
	for (int i = 0; i < n; i++)
		sum += y[i];
	printf("heap_saxpy: n %d sum %.6e y0 %.6e\n", n, sum, (double)y[0]);
	free(x);
	free(y);
	return 0;
}
