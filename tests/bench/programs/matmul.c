/*
 * matmul: single-precision matrix multiply, written for w2c's benchmarks.
 * The i-k-j loop order with a constant row length is what gcc -O2 (12 and
 * later) vectorises natively; clang vectorises it for wasm only with
 * -msimd128, which this build does not use, so the ratio shows what SIMD is
 * worth.  Inputs are small integers so every sum is exact and the result
 * does not depend on summation order.
 */
#include <string.h>
#include "bench.h"

#define N 256

static float A[N][N], B[N][N], C[N][N];

static void multiply(float (*restrict c)[N], const float (*restrict a)[N],
                     const float (*restrict b)[N])
{
	memset(c, 0, sizeof(float) * N * N);
	for (int i = 0; i < N; i++)
		for (int k = 0; k < N; k++) {
			float aik = a[i][k];
			for (int j = 0; j < N; j++)
				c[i][j] += aik * b[k][j];
		}
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t reps = bench_n(300, pct);
	rng_t r = { 3 };
	uint64_t h = MIX_INIT;

	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = (float)((int)rng_below(&r, 9) - 4);
			B[i][j] = (float)((int)rng_below(&r, 9) - 4);
		}
	for (uint64_t rep = 0; rep < reps; rep++) {
		multiply(C, (const float (*)[N])A, (const float (*)[N])B);
		/* feed a little of the result back so no repetition is redundant */
		A[rep % N][(rep * 7) % N] = (float)((int)C[(rep * 3) % N][rep % N] % 5);
		h = mix64(h, (uint64_t)(int64_t)C[rep % N][(rep * 11) % N]);
	}
	double sum = 0;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			sum += C[i][j];
	printf("matmul %dx%d x%llu: sum %.1f hash %016llx\n", N, N, (unsigned long long)reps,
	       sum, (unsigned long long)h);
	return 0;
}
