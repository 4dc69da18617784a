/*
 * integer: CoreMark-like integer kernels, written for w2c's benchmarks.
 * A bitwise CRC-32, a number-parsing state machine over generated text, a
 * 16-bit matrix multiply-accumulate with bit extraction, Collatz chains in
 * 64-bit arithmetic and a binary GCD with divisions.
 */
#include <string.h>
#include "bench.h"

static uint32_t crc32_bits(uint32_t crc, const uint8_t *p, size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

/* Classifies whitespace-separated tokens: integers, hex, floats with an
 * exponent, or invalid; counts the transitions taken. */
enum { S_START, S_INT, S_HEX0, S_HEX, S_FRAC, S_EXP, S_EXPSIGN, S_EXPINT, S_BAD, S_N };

static void scan_tokens(const uint8_t *p, size_t n, uint32_t counts[S_N],
                        uint32_t *transitions)
{
	int st = S_START;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		int next = st;

		if (c == ' ') {
			counts[st]++;
			next = S_START;
		} else {
			switch (st) {
			case S_START:
				next = c == '0' ? S_HEX0 : (c >= '1' && c <= '9') ? S_INT
				     : c == '.' ? S_FRAC : S_BAD;
				break;
			case S_INT:
				next = (c >= '0' && c <= '9') ? S_INT : c == '.' ? S_FRAC
				     : (c == 'e' || c == 'E') ? S_EXP : S_BAD;
				break;
			case S_HEX0:
				next = c == 'x' ? S_HEX : (c >= '0' && c <= '9') ? S_INT : S_BAD;
				break;
			case S_HEX:
				next = ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) ? S_HEX : S_BAD;
				break;
			case S_FRAC:
				next = (c >= '0' && c <= '9') ? S_FRAC : (c == 'e' || c == 'E') ? S_EXP
				     : S_BAD;
				break;
			case S_EXP:
				next = (c == '+' || c == '-') ? S_EXPSIGN
				     : (c >= '0' && c <= '9') ? S_EXPINT : S_BAD;
				break;
			case S_EXPSIGN:
			case S_EXPINT:
				next = (c >= '0' && c <= '9') ? S_EXPINT : S_BAD;
				break;
			default:
				break;
			}
		}
		*transitions += next != st;
		st = next;
	}
	counts[st]++;
}

#define MN 48

static uint32_t matrix_round(int16_t a[MN][MN], int16_t b[MN][MN], int32_t c[MN][MN],
                             int16_t k)
{
	uint32_t acc = 0;

	for (int i = 0; i < MN; i++)
		for (int j = 0; j < MN; j++)
			a[i][j] = (int16_t)(a[i][j] + k);
	for (int i = 0; i < MN; i++)
		for (int j = 0; j < MN; j++) {
			int32_t s = 0;
			for (int x = 0; x < MN; x++)
				s += a[i][x] * b[x][j];
			c[i][j] = s;
			acc += (uint32_t)((s >> 2) & 0x0f) * (uint32_t)((s >> 5) & 0x7f);
		}
	for (int i = 0; i < MN; i++)
		for (int j = 0; j < MN; j++)
			a[i][j] = (int16_t)(a[i][j] - k);
	return acc;
}

static uint32_t collatz_len(uint64_t x)
{
	uint32_t n = 0;

	while (x != 1) {
		x = (x & 1) ? 3 * x + 1 : x >> 1;
		n++;
	}
	return n;
}

static uint32_t gcd(uint32_t a, uint32_t b)
{
	while (b) {
		uint32_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static size_t make_text(uint8_t *buf, size_t cap, rng_t *r)
{
	static const char *const pieces[] = { "0x1f", "123", "4.5e+3", "0.25", "7E9",
	                                      "0xdeadbeef", "12a", "9.", ".5e-2", "x11" };
	size_t n = 0;

	while (n + 16 < cap) {
		const char *s = pieces[rng_below(r, 10)];
		size_t len = strlen(s);
		memcpy(buf + n, s, len);
		n += len;
		buf[n++] = ' ';
	}
	return n;
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	uint64_t rounds = bench_n(600, pct);
	static uint8_t text[64 * 1024];
	static int16_t a[MN][MN], b[MN][MN];
	static int32_t c[MN][MN];
	rng_t r = { 42 };
	uint32_t counts[S_N] = { 0 }, transitions = 0, crc = 0, macc = 0;
	uint64_t coll = 0, g = 0;
	size_t n = make_text(text, sizeof text, &r);

	for (int i = 0; i < MN; i++)
		for (int j = 0; j < MN; j++) {
			a[i][j] = (int16_t)(rng_below(&r, 256) - 128);
			b[i][j] = (int16_t)(rng_below(&r, 512) - 256);
		}
	for (uint64_t round = 0; round < rounds; round++) {
		text[round % n] ^= 1;   /* keep every round's input different */
		crc = crc32_bits(crc, text, n);
		scan_tokens(text, n, counts, &transitions);
		macc += matrix_round(a, b, c, (int16_t)(round & 7));
		for (uint64_t x = 1 + round * 2000; x <= (round + 1) * 2000; x++)
			coll += collatz_len(x);
		for (uint32_t x = 1; x < 4000; x++)
			g += gcd((uint32_t)(rng_next(&r) >> 40) + x, x * 2654435761u >> 8);
	}
	printf("crc %08x transitions %u macc %u\n", crc, transitions, macc);
	printf("tokens");
	for (int i = 0; i < S_N; i++)
		printf(" %u", counts[i]);
	printf("\ncollatz %llu gcd %llu\n", (unsigned long long)coll, (unsigned long long)g);
	return 0;
}
