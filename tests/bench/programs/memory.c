/*
 * memory: memory-bound loops, written for w2c's benchmarks.  A dependent
 * pointer chase through a random cycle over 16 MiB (latency), a STREAM-like
 * triad over three 16 MiB arrays (bandwidth) and a strided sum that touches
 * one word per cache line.
 */
#include "bench.h"

#define CHASE (4u << 20)   /* 32-bit words: 16 MiB */
#define STREAM (4u << 20)  /* 32-bit words: 16 MiB per array */

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t hops = bench_n(5000000, pct), passes = bench_n(12, pct);
	uint32_t *next = malloc(sizeof(uint32_t) * CHASE);
	uint32_t *a = malloc(sizeof(uint32_t) * STREAM), *b = malloc(sizeof(uint32_t) * STREAM),
	         *c = malloc(sizeof(uint32_t) * STREAM);
	rng_t r = { 11 };
	uint64_t h = MIX_INIT;

	if (!next || !a || !b || !c)
		return 1;
	/* Sattolo's algorithm: a random permutation that is one cycle */
	for (uint32_t i = 0; i < CHASE; i++)
		next[i] = i;
	for (uint32_t i = CHASE - 1; i > 0; i--) {
		uint32_t j = rng_below(&r, i), t = next[i];
		next[i] = next[j];
		next[j] = t;
	}
	uint32_t p = 0;
	for (uint64_t k = 0; k < hops; k++)
		p = next[p];
	h = mix64(h, p);

	for (uint32_t i = 0; i < STREAM; i++) {
		a[i] = i;
		b[i] = i * 3u;
		c[i] = 0;
	}
	for (uint64_t pass = 0; pass < passes; pass++) {
		uint32_t s = (uint32_t)pass + 1;
		for (uint32_t i = 0; i < STREAM; i++)
			c[i] = a[i] + s * b[i];
		for (uint32_t i = 0; i < STREAM; i++)
			a[i] = b[i] ^ (c[i] >> 3);
		uint32_t sum = 0;
		for (uint32_t stride = 16, i = (uint32_t)pass % 16; i < STREAM; i += stride)
			sum += c[i];
		h = mix64(h, sum);
	}
	h = mix64(h, a[STREAM / 3]);
	printf("memory: chase %u, hash %016llx\n", p, (unsigned long long)h);
	free(next);
	free(a);
	free(b);
	free(c);
	return 0;
}
