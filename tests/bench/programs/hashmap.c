/*
 * hashmap: string keys in an open-addressing hash table, written for w2c's
 * benchmarks.  Generates pseudo-words, counts them (hash, probe, memcmp,
 * insert with copies into an arena, resize), then looks up present and
 * absent keys.  Byte loads, short loops, unpredictable branches.
 */
#include <string.h>
#include "bench.h"

typedef struct {
	const char *key;   /* NULL: empty slot */
	uint32_t len, hash, count;
} slot;

typedef struct {
	slot *slots;
	uint32_t cap, used;
	char *arena;
	size_t arena_used, arena_cap;
} table;

static uint32_t hash_bytes(const char *s, uint32_t n)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ^ h >> 16;
}

static slot *find(table *t, const char *s, uint32_t n, uint32_t h)
{
	uint32_t mask = t->cap - 1, i = h & mask;
	for (;;) {
		slot *e = &t->slots[i];
		if (!e->key || (e->hash == h && e->len == n && memcmp(e->key, s, n) == 0))
			return e;
		i = (i + 1) & mask;
	}
}

static void grow(table *t)
{
	slot *old = t->slots;
	uint32_t oldcap = t->cap;
	t->cap *= 2;
	t->slots = calloc(t->cap, sizeof(slot));
	if (!t->slots)
		abort();
	for (uint32_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*find(t, old[i].key, old[i].len, old[i].hash) = old[i];
	free(old);
}

static void add(table *t, const char *s, uint32_t n)
{
	uint32_t h = hash_bytes(s, n);
	slot *e = find(t, s, n, h);
	if (e->key) {
		e->count++;
		return;
	}
	if (t->arena_used + n > t->arena_cap)
		abort();
	memcpy(t->arena + t->arena_used, s, n);
	e->key = t->arena + t->arena_used;
	t->arena_used += n;
	e->len = n;
	e->hash = h;
	e->count = 1;
	if (++t->used * 4 > t->cap * 3)
		grow(t);
}

/* A pseudo-word of 2..12 letters; vowels and consonants alternate. */
static uint32_t word(char *out, rng_t *r, uint32_t vocab)
{
	static const char cons[] = "bcdfghjklmnprstvwz", vows[] = "aeiou";
	uint32_t x = (uint32_t)((rng_below(r, vocab) + 1) * 0x9e3779b97f4a7c15u >> 32);
	uint32_t n = 2 + (x >> 27) % 11;
	for (uint32_t i = 0; i < n; i++) {
		out[i] = i & 1 ? vows[(x & 0xff) * 5 >> 8] : cons[(x & 0xff) * 18 >> 8];
		x = (x >> 3 | x << 29) + i;
	}
	return n;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t words = bench_n(5000000, pct), lookups = bench_n(5000000, pct);
	table t = { calloc(1024, sizeof(slot)), 1024, 0, malloc(64u << 20), 0, 64u << 20 };
	rng_t r = { 17 };
	char w[16];
	uint64_t h = MIX_INIT, found = 0, total = 0;

	if (!t.slots || !t.arena)
		return 1;
	for (uint64_t i = 0; i < words; i++) {
		uint32_t n = word(w, &r, 30000);
		add(&t, w, n);
	}
	for (uint64_t i = 0; i < lookups; i++) {
		uint32_t n = word(w, &r, 60000);
		slot *e = find(&t, w, n, hash_bytes(w, n));
		if (e->key) {
			found++;
			total += e->count;
		}
	}
	for (uint32_t i = 0; i < t.cap; i++)
		if (t.slots[i].key)
			h = mix64(h, (uint64_t)t.slots[i].count << 32 | t.slots[i].hash);
	printf("hashmap: %u keys in %u slots, found %llu (%llu), hash %016llx\n", t.used, t.cap,
	       (unsigned long long)found, (unsigned long long)total, (unsigned long long)h);
	free(t.slots);
	free(t.arena);
	return 0;
}
