/*
 * fnptr: indirect calls through function pointers, written for w2c's
 * benchmarks.  A merge sort of records that calls its comparator through a
 * pointer (chosen at run time among four), and a filter pipeline whose
 * stages come from a table indexed by data.  In wasm every one of these is
 * a call_indirect with its signature check.
 */
#include <string.h>
#include "bench.h"

typedef struct {
	uint32_t key, id;
	int32_t score;
	uint16_t group, pad;
} rec;

typedef int (*cmp_fn)(const rec *, const rec *);

static int by_key(const rec *a, const rec *b)
{
	return a->key < b->key ? -1 : a->key > b->key ? 1 : (a->id > b->id) - (a->id < b->id);
}

static int by_score(const rec *a, const rec *b)
{
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int by_group_desc(const rec *a, const rec *b)
{
	if (a->group != b->group)
		return a->group > b->group ? -1 : 1;
	return by_key(a, b);
}

static int by_mix(const rec *a, const rec *b)
{
	uint32_t x = a->key ^ (uint32_t)a->score, y = b->key ^ (uint32_t)b->score;
	return x < y ? -1 : x > y ? 1 : (a->id > b->id) - (a->id < b->id);
}

static void merge_sort(rec *v, rec *tmp, size_t n, cmp_fn cmp)
{
	if (n < 2)
		return;
	size_t h = n / 2, i = 0, j = h, k = 0;
	merge_sort(v, tmp, h, cmp);
	merge_sort(v + h, tmp, n - h, cmp);
	if (cmp(&v[h - 1], &v[h]) <= 0)
		return;
	while (i < h && j < n)
		tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	memcpy(v, tmp, k * sizeof(rec));
}

typedef uint32_t (*stage_fn)(uint32_t x);

static uint32_t st_rotl(uint32_t x) { return x << 5 | x >> 27; }
static uint32_t st_mul(uint32_t x) { return x * 0x9e3779b1u; }
static uint32_t st_xsh(uint32_t x) { return x ^ x >> 15; }
static uint32_t st_add(uint32_t x) { return x + 0x7f4a7c15u; }
static uint32_t st_not(uint32_t x) { return ~x; }
static uint32_t st_swap(uint32_t x) { return x >> 16 | x << 16; }
static uint32_t st_sub(uint32_t x) { return 0x5bd1e995u - x; }
static uint32_t st_xor(uint32_t x) { return x ^ 0xa5a5a5a5u; }

static const stage_fn stages[8] = { st_rotl, st_mul, st_xsh, st_add,
                                    st_not, st_swap, st_sub, st_xor };

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t rounds = bench_n(8, pct), pipes = bench_n(40000000, pct);
	size_t n = 200000;
	rec *v = malloc(n * sizeof(rec)), *tmp = malloc(n * sizeof(rec));
	static const cmp_fn cmps[4] = { by_key, by_score, by_group_desc, by_mix };
	rng_t r = { 5 };
	uint64_t h = MIX_INIT;

	if (!v || !tmp)
		return 1;
	for (uint64_t round = 0; round < rounds; round++) {
		for (size_t i = 0; i < n; i++) {
			v[i].key = (uint32_t)rng_next(&r);
			v[i].id = (uint32_t)i;
			v[i].score = (int32_t)rng_below(&r, 100000) - 50000;
			v[i].group = (uint16_t)rng_below(&r, 64);
			v[i].pad = 0;
		}
		for (int c = 0; c < 4; c++) {
			merge_sort(v, tmp, n, cmps[(round + (uint64_t)c) % 4]);
			h = mix64(h, v[0].id);
			h = mix64(h, v[n / 2].id);
			h = mix64(h, v[n - 1].id);
		}
	}
	uint32_t x = 1;
	for (uint64_t i = 0; i < pipes; i++)
		x = stages[(x >> 7 ^ (uint32_t)i) & 7](x);
	printf("fnptr: hash %016llx pipe %08x\n", (unsigned long long)h, x);
	free(v);
	free(tmp);
	return 0;
}
