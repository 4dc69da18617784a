/*
 * test_inflate.c: the runtime's DEFLATE decoder (rt/inflate.c) against
 * zlib's encoder, at every level and strategy, on data from easy to
 * incompressible, and against corrupted streams.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "unit.h"
#include "rt_internal.h"

/* Deterministic test data of a given kind. */
static void fill(uint8_t *p, size_t n, int kind, uint32_t seed)
{
	static const char text[] = "the quick brown fox jumps over the lazy dog; ";
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		switch (kind) {
		case 0: p[i] = 0; break;                                 /* zeros */
		case 1: p[i] = (uint8_t)text[i % (sizeof text - 1)]; break; /* text */
		case 2: p[i] = (uint8_t)(x >> 24); break;                /* random */
		case 3: p[i] = (i / 97) % 3 ? (uint8_t)(x >> 24) : (uint8_t)(i & 7); break;
		default: p[i] = (uint8_t)((x >> 28) & 3); break;         /* 4 symbols */
		}
	}
}

/* Raw deflate of in, as w2c --compress-data writes it. */
static uint8_t *deflate_raw(const uint8_t *in, size_t n, int level, int strategy,
                            size_t *zn)
{
	z_stream z;
	uint8_t *out;
	size_t cap;

	memset(&z, 0, sizeof z);
	ck_assert_int_eq(deflateInit2(&z, level, Z_DEFLATED, -15, 9, strategy), Z_OK);
	cap = deflateBound(&z, n) + 16;
	out = malloc(cap);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
	*zn = z.total_out;
	deflateEnd(&z);
	return out;
}

static const size_t sizes[] = { 0, 1, 2, 100, 258, 259, 4096, 40000, 70000, 200000 };

START_TEST(test_roundtrip)
{
	int strategies[] = { Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED };
	size_t n = sizes[_i];
	uint8_t *in = malloc(n + 1), *out = malloc(n + 1);
	int kind, level, s;

	for (kind = 0; kind < 5; kind++) {
		fill(in, n, kind, (uint32_t)(n + kind));
		for (level = 0; level <= 9; level += 3) {
			for (s = 0; s < 5; s++) {
				size_t zn;
				uint8_t *z = deflate_raw(in, n, level, strategies[s], &zn);
				memset(out, 0xaa, n + 1);
				ck_assert_msg(w2c_rt_inflate(out, n, z, zn),
				              "size %zu kind %d level %d strategy %d", n, kind,
				              level, s);
				ck_assert(!memcmp(out, in, n));
				ck_assert_int_eq(out[n], 0xaa); /* nothing past the end */
				/* a wrong announced length is a failure */
				if (n)
					ck_assert(!w2c_rt_inflate(out, n - 1, z, zn));
				free(z);
			}
		}
	}
	free(in);
	free(out);
}
END_TEST

/* Truncations and bit flips: false or an exact result, never a write
 * outside the output (ASan watches). */
START_TEST(test_corrupt)
{
	size_t n = 5000, zn, i;
	uint8_t *in = malloc(n), *out = malloc(n), *z, *bad;

	fill(in, n, 3, 7);
	z = deflate_raw(in, n, 9, Z_DEFAULT_STRATEGY, &zn);
	bad = malloc(zn);
	for (i = 0; i < zn; i++)
		ck_assert(!w2c_rt_inflate(out, n, z, i)); /* every truncation */
	for (i = 0; i < 4000; i++) {
		memcpy(bad, z, zn);
		bad[(i * 7919) % zn] ^= (uint8_t)(1u << (i % 8));
		(void)w2c_rt_inflate(out, n, bad, zn);
	}
	ck_assert(!w2c_rt_inflate(out, n, (const uint8_t *)"\xff\xff\xff", 3));
	free(in);
	free(out);
	free(z);
	free(bad);
}
END_TEST

Suite *inflate_suite(void)
{
	Suite *s = suite_create("inflate");
	TCase *tc = tcase_create("inflate");

	tcase_set_timeout(tc, 60);
	ADD_TABLE_TEST(tc, test_roundtrip, sizes);
	tcase_add_test(tc, test_corrupt);
	suite_add_tcase(s, tc);
	return s;
}
