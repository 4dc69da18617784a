/*
 * malloc: allocation-heavy code, written for w2c's benchmarks.  Builds and
 * frees complete binary trees (many small blocks, freed in bulk), then
 * churns a pool of live blocks of random sizes with malloc, realloc and
 * free.  Natively this measures glibc's allocator, in wasm wasi-libc's
 * dlmalloc on top of memory.grow: the comparison is of whole toolchains.
 */
#include <string.h>
#include "bench.h"

typedef struct tree {
	struct tree *l, *r;
	uint32_t v;
} tree;

static tree *make(int depth, uint32_t v)
{
	tree *t = malloc(sizeof *t);
	if (!t)
		abort();
	t->v = v;
	t->l = depth ? make(depth - 1, 2 * v) : NULL;
	t->r = depth ? make(depth - 1, 2 * v + 1) : NULL;
	return t;
}

static uint64_t check(const tree *t)
{
	return t->l ? t->v + check(t->l) - check(t->r) + 1 : t->v;
}

static void drop(tree *t)
{
	if (t->l) {
		drop(t->l);
		drop(t->r);
	}
	free(t);
}

#define LIVE 4096

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t trees = bench_n(48, pct), churn = bench_n(6000000, pct);
	static unsigned char *live[LIVE];
	static uint32_t size[LIVE];
	rng_t r = { 9 };
	uint64_t h = MIX_INIT;

	tree *longlived = make(16, 1);
	for (uint64_t i = 0; i < trees; i++) {
		tree *t = make(14 + (int)(i % 4), (uint32_t)i);
		h = mix64(h, check(t));
		drop(t);
	}
	h = mix64(h, check(longlived));
	drop(longlived);

	for (uint64_t i = 0; i < churn; i++) {
		uint32_t k = rng_below(&r, LIVE), op = rng_below(&r, 16);
		uint32_t n = rng_below(&r, 8) ? 8 + rng_below(&r, 120) : 128 + rng_below(&r, 4000);
		if (!live[k]) {
			live[k] = malloc(n);
			if (!live[k])
				abort();
			size[k] = n;
			memset(live[k], (int)(k & 0xff), n < 32 ? n : 32);
		} else if (op < 3) {
			unsigned char *p = realloc(live[k], n);
			if (!p)
				abort();
			if (n > size[k])
				p[n - 1] = 1;
			live[k] = p;
			size[k] = n;
		} else if (op < 12) {
			h = mix64(h, live[k][0] + (uint64_t)size[k]);
			free(live[k]);
			live[k] = NULL;
		} else {
			live[k][size[k] / 2] ^= (unsigned char)op;
		}
	}
	for (uint32_t k = 0; k < LIVE; k++)
		free(live[k]);
	printf("malloc: hash %016llx\n", (unsigned long long)h);
	return 0;
}
