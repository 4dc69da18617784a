/*
 * lz: an LZ77 compressor (hash chains, lazy matching) and its decompressor
 * over generated text, written for w2c's benchmarks.  Byte loads and stores,
 * unpredictable branches, 16- and 32-bit hashing.
 */
#include <string.h>
#include "bench.h"

#define WIN_BITS 15
#define WIN (1u << WIN_BITS)
#define HASH_BITS 14
#define MIN_MATCH 4
#define MAX_MATCH 258
#define MAX_CHAIN 32

static int32_t head[1 << HASH_BITS];
static int32_t prev[WIN];

static inline uint32_t hash4(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	             (uint32_t)p[3] << 24;
	return (v * 2654435761u) >> (32 - HASH_BITS);
}

static uint32_t longest(const uint8_t *in, size_t pos, size_t n, uint32_t *dist)
{
	int32_t cand = head[hash4(in + pos)];
	uint32_t best = 0, chain = MAX_CHAIN;
	size_t limit = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;

	while (cand >= 0 && pos - (size_t)cand < WIN && chain--) {
		const uint8_t *a = in + cand, *b = in + pos;
		uint32_t len = 0;
		if (a[best] == b[best]) {
			while (len < limit && a[len] == b[len])
				len++;
			if (len > best) {
				best = len;
				*dist = (uint32_t)(pos - (size_t)cand);
				if (len == limit)
					break;
			}
		}
		cand = prev[cand & (WIN - 1)];
	}
	return best;
}

static void insert(const uint8_t *in, size_t pos)
{
	uint32_t h = hash4(in + pos);
	prev[pos & (WIN - 1)] = head[h];
	head[h] = (int32_t)pos;
}

/* Output: a flag byte per 8 items; a literal is one byte, a match is
 * 3 bytes: length-MIN_MATCH (0..254), distance (16 bits). */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t pos = 0, o = 0, flagpos = 0;
	int nitems = 8;

	for (size_t i = 0; i < (1u << HASH_BITS); i++)
		head[i] = -1;
	while (pos < n) {
		uint32_t dist = 0, len = 0;
		if (nitems == 8) {
			flagpos = o++;
			out[flagpos] = 0;
			nitems = 0;
		}
		if (pos + MIN_MATCH <= n) {
			len = longest(in, pos, n, &dist);
			if (len >= MIN_MATCH && pos + 1 + MIN_MATCH <= n) {
				uint32_t d2 = 0, l2;
				insert(in, pos);
				l2 = longest(in, pos + 1, n, &d2);
				if (l2 > len + 1) {   /* lazy: emit a literal, take the later match */
					out[o++] = in[pos++];
					nitems++;
					continue;
				}
				if (len > MAX_MATCH - 3)
					len = MAX_MATCH - 3;
				out[flagpos] |= (uint8_t)(1u << nitems);
				out[o++] = (uint8_t)(len - MIN_MATCH);
				out[o++] = (uint8_t)dist;
				out[o++] = (uint8_t)(dist >> 8);
				for (uint32_t k = 1; k < len; k++)
					if (pos + k + MIN_MATCH <= n)
						insert(in, pos + k);
				pos += len;
				nitems++;
				continue;
			}
			insert(in, pos);
		}
		out[o++] = in[pos++];
		nitems++;
	}
	return o;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		uint8_t flags = in[i++];
		for (int k = 0; k < 8 && i < n; k++) {
			if (flags & (1u << k)) {
				uint32_t len = in[i] + MIN_MATCH;
				uint32_t dist = in[i + 1] | (uint32_t)in[i + 2] << 8;
				i += 3;
				for (uint32_t j = 0; j < len; j++, o++)
					out[o] = out[o - dist];
			} else {
				out[o++] = in[i++];
			}
		}
	}
	return o;
}

/* Text from a small vocabulary with a skewed distribution, so there is
 * something to find. */
static void make_text(uint8_t *buf, size_t n, rng_t *r)
{
	static const char *const words[] = {
		"the", "of", "and", "module", "memory", "table", "function", "import",
		"export", "global", "instance", "trap", "value", "stack", "branch",
		"loop", "block", "call", "indirect", "translate", "compile", "native",
		"linear", "page", "grow", "bounds", "check", "signal", "guard", "type",
	};
	size_t o = 0;

	while (o < n) {
		uint32_t x = rng_below(r, 1000);
		uint32_t w = x < 500 ? x % 6 : x < 850 ? 6 + x % 10 : 16 + x % 14;
		const char *s = words[w];
		while (*s && o < n)
			buf[o++] = (uint8_t)*s++;
		if (o < n)
			buf[o++] = rng_below(r, 12) ? ' ' : '\n';
		if (o < n && rng_below(r, 50) == 0)
			buf[o++] = (uint8_t)('0' + rng_below(r, 10));
	}
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t rounds = bench_n(20, pct);
	size_t n = 1u << 20;
	uint8_t *text = malloc(n), *packed = malloc(n + n / 8 + 16), *back = malloc(n);
	rng_t r = { 7 };
	uint64_t h = MIX_INIT, total = 0;

	if (!text || !packed || !back)
		return 1;
	for (uint64_t round = 0; round < rounds; round++) {
		make_text(text, n, &r);
		size_t m = compress(text, n, packed);
		size_t k = decompress(packed, m, back);
		if (k != n || memcmp(text, back, n) != 0) {
			printf("round trip failed in round %llu\n", (unsigned long long)round);
			return 1;
		}
		total += m;
		for (size_t i = 0; i < m; i += 61)
			h = mix64(h, packed[i]);
	}
	printf("lz: %llu rounds, %llu bytes packed, hash %016llx\n",
	       (unsigned long long)rounds, (unsigned long long)total, (unsigned long long)h);
	free(text);
	free(packed);
	free(back);
	return 0;
}
