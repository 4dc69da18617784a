/*
 * heap_matmul: f32 matrix multiply over heap matrices of a run-time size,
 * in i-k-j order (unit stride inner loop, vectorisable) and i-j-k order
 * (a dot product down a column), written for w2c's benchmarks
 * (docs/loops.md).  tests/bench's matmul has static arrays of constant size.
 */
#include "bench.h"

static NOINLINE void mm_ikj(float *c, const float *a, const float *b, int n)
{
	for (int i = 0; i < n; i++) {
		for (int j = 0; j < n; j++)
			c[i * n + j] = 0;
		for (int k = 0; k < n; k++) {
			float aik = a[i * n + k];
			for (int j = 0; j < n; j++)
				c[i * n + j] += aik * b[k * n + j];
		}
	}
}

static NOINLINE void mm_ijk(float *c, const float *a, const float *b, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			float s = 0;
			for (int k = 0; k < n; k++)
				s += a[i * n + k] * b[k * n + j];
			c[i * n + j] = s;
		}
}

static double checksum(const float *c, int n)
{
	double s = 0;

	for (int i = 0; i < n * n; i++)
		s += c[i] * (double)(i % 7 + 1);
	return s;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	int n = 200 + (int)(bench_n(1, pct) % 3);
	uint64_t reps = bench_n(12, pct);
	float *a = malloc(n * n * sizeof *a), *b = malloc(n * n * sizeof *b);
	float *c = malloc(n * n * sizeof *c);
	rng_t r = { 3 };
	double s1 = 0, s2 = 0;

	for (int i = 0; i < n * n; i++) {
		a[i] = (float)rng_below(&r, 100) / 64;
		b[i] = (float)rng_below(&r, 100) / 128;
	}
	for (uint64_t k = 0; k < reps; k++) {
		mm_ikj(c, a, b, n);
		s1 += checksum(c, n);
		mm_ijk(c, a, b, n);
		s2 += checksum(c, n);
		a[k % (n * n)] += 1;
	}
	printf("heap_matmul: n %d ikj %.6e ijk %.6e\n", n, s1, s2);
	return 0;
}
