/*
 * bench.h: what every benchmark program shares.
 *
 * Each program is plain C11, built natively and to wasm32-wasi from the same
 * source, so it depends on nothing that differs between the two: no pointer
 * values, no sizeof(long), no libm beyond sqrt, no libc sort or random.  It
 * prints a few checksum lines and nothing else; run.py compares them across
 * contenders.
 *
 * The amount of work is scaled by a percentage: the first argument, else the
 * environment variable W2C_BENCH_SCALE, else 100 (about a second natively on
 * the machine in RESULTS.md).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))

static inline int bench_scale(int argc, char **argv)
{
	const char *s = argc > 1 ? argv[1] : getenv("W2C_BENCH_SCALE");
	int pct = s && *s ? atoi(s) : 100;

	return pct > 0 ? pct : 1;
}

/* base * pct / 100, at least 1 */
static inline uint64_t bench_n(uint64_t base, int pct)
{
	uint64_t n = base * (uint64_t)pct / 100;

	return n ? n : 1;
}

/* splitmix64: a seedable generator that is the same everywhere */
typedef struct { uint64_t s; } rng_t;

static inline uint64_t rng_next(rng_t *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* uniform in [0, n) for n well below 2^32 */
static inline uint32_t rng_below(rng_t *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* a 64-bit FNV-1a step, for folding results into one checksum */
static inline uint64_t mix64(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3u;
	}
	return h;
}

#define MIX_INIT 0xcbf29ce484222325u

#endif /* BENCH_H */
