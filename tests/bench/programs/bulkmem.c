/*
 * bulkmem: memcpy, memmove and memset of every size, written for w2c's
 * benchmarks.  Built for wasm with -mbulk-memory, so clang lowers them to
 * memory.copy and memory.fill instead of calling wasi-libc's byte loops;
 * natively they are glibc's tuned routines.  Small copies (a struct, a
 * string), medium (a page) and large (a megabyte), overlapping moves.
 *
 * wasm-cflags: -mbulk-memory
 */
#include <string.h>
#include "bench.h"

#define BUF (4u << 20)

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t small = bench_n(30000000, pct), medium = bench_n(1000000, pct),
	         large = bench_n(3000, pct);
	unsigned char *a = malloc(BUF), *b = malloc(BUF);
	rng_t r = { 13 };
	uint64_t h = MIX_INIT;

	if (!a || !b)
		return 1;
	for (uint32_t i = 0; i < BUF; i++)
		a[i] = (unsigned char)(i * 31 + (i >> 9));
	memset(b, 0, BUF);

	/* small: sizes 1..64 at random offsets */
	for (uint64_t i = 0; i < small; i++) {
		uint32_t n = 1 + ((uint32_t)i * 0x9e3779b1u >> 26), off = (uint32_t)(i * 40503u) & 0xfffff;
		memcpy(b + off, a + (off ^ 0x5555), n);
		if ((i & 7) == 0)
			memset(b + off + n, (int)(i & 0xff), n / 2 + 1);
	}
	h = mix64(h, b[12345] | (uint64_t)b[777777] << 8 | (uint64_t)b[1048575] << 16);

	/* medium: 256 B .. 8 KiB, overlapping moves */
	for (uint64_t i = 0; i < medium; i++) {
		uint32_t n = 256 + rng_below(&r, 8192 - 256);
		uint32_t src = rng_below(&r, BUF - 16384), dst = src + rng_below(&r, 512) - 256;
		if (dst > BUF - 16384)
			dst = src;
		memmove(b + dst, b + src, n);
		if ((i & 3) == 0)
			memcpy(a + dst, b + src, n);
	}
	h = mix64(h, b[54321] | (uint64_t)a[2000000] << 8 | (uint64_t)b[3999999] << 16);

	/* large: 1 MiB .. 2 MiB */
	for (uint64_t i = 0; i < large; i++) {
		uint32_t n = (1u << 20) + rng_below(&r, 1u << 20);
		uint32_t off = rng_below(&r, BUF - n);
		if (i & 1)
			memcpy(b + off, a + (BUF - n - off), n);
		else
			memset(a + off, (int)(i & 0xff), n / 3);
		h = mix64(h, b[off + n / 2] + a[off]);
	}
	uint64_t sum = 0;
	for (uint32_t i = 0; i < BUF; i += 64)
		sum += a[i] * 3u + b[i];
	printf("bulkmem: hash %016llx sum %llu\n", (unsigned long long)h, (unsigned long long)sum);
	free(a);
	free(b);
	return 0;
}
