/*
 * inflate.c: DEFLATE (RFC 1951) decompression for data segments that
 * `w2c --compress-data` stored compressed.
 *
 * Small on purpose, for firmware: no heap, about 1.3 KB of stack, output
 * straight into linear memory.  The caller knows the exact uncompressed
 * length; anything else (a truncated or corrupt stream, a distance before
 * the start, more output than announced) is a failure.
 *
 * Huffman codes are canonical: for each code length, how many symbols
 * have it, and the symbols in order.  Decoding reads one bit at a time and
 * compares the code so far against the first code of each length.
 */
#include <string.h>

#include "rt_internal.h"

#define MAX_BITS 15

typedef struct Inflate {
	const uint8_t *in;
	size_t inlen, inpos;
	uint32_t bitbuf;
	int bitcnt;
	uint8_t *out;
	size_t outlen, outpos;
} Inflate;

typedef struct Huffman {
	uint16_t count[MAX_BITS + 1];  /* symbols of each code length */
	uint16_t symbol[288];          /* symbols, ordered by code */
} Huffman;

/* The next n bits, least significant first; -1 at the end of input. */
static int32_t bits(Inflate *s, int n)
{
	uint32_t v;

	while (s->bitcnt < n) {
		if (s->inpos == s->inlen)
			return -1;
		s->bitbuf |= (uint32_t)s->in[s->inpos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	v = s->bitbuf & ((1u << n) - 1);
	s->bitbuf >>= n;
	s->bitcnt -= n;
	return (int32_t)v;
}

/* Builds the decoding tables from code lengths; false if the lengths
 * over-subscribe the code space. */
static bool build(Huffman *h, const uint8_t *lengths, int n)
{
	uint16_t offs[MAX_BITS + 1];
	int len, sym, left = 1;

	memset(h->count, 0, sizeof h->count);
	for (sym = 0; sym < n; sym++)
		h->count[lengths[sym]]++;
	for (len = 1; len <= MAX_BITS; len++) {
		left = (left << 1) - h->count[len];
		if (left < 0)
			return false;
	}
	offs[1] = 0;
	for (len = 1; len < MAX_BITS; len++)
		offs[len + 1] = (uint16_t)(offs[len] + h->count[len]);
	for (sym = 0; sym < n; sym++)
		if (lengths[sym])
			h->symbol[offs[lengths[sym]]++] = (uint16_t)sym;
	return true;
}

static int decode(Inflate *s, const Huffman *h)
{
	int code = 0, first = 0, index = 0, len, count;

	for (len = 1; len <= MAX_BITS; len++) {
		int32_t b = bits(s, 1);
		if (b < 0)
			return -1;
		code |= b;
		count = h->count[len];
		if (code - first < count)
			return h->symbol[index + (code - first)];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

/* Literal/length and distance symbols into bytes, until end of block. */
static bool codes(Inflate *s, const Huffman *lit, const Huffman *dist)
{
	static const uint16_t len_base[29] = {
		3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
		35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
	static const uint8_t len_extra[29] = {
		0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
		3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
	static const uint16_t dist_base[30] = {
		1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
		257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
		8193, 12289, 16385, 24577 };
	static const uint8_t dist_extra[30] = {
		0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
		7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

	for (;;) {
		int sym = decode(s, lit);
		int32_t e;
		size_t len, d;

		if (sym < 0)
			return false;
		if (sym < 256) {
			if (s->outpos == s->outlen)
				return false;
			s->out[s->outpos++] = (uint8_t)sym;
			continue;
		}
		if (sym == 256)
			return true;
		sym -= 257;
		if (sym >= 29 || (e = bits(s, len_extra[sym])) < 0)
			return false;
		len = len_base[sym] + (size_t)e;
		sym = decode(s, dist);
		if (sym < 0 || sym >= 30 || (e = bits(s, dist_extra[sym])) < 0)
			return false;
		d = dist_base[sym] + (size_t)e;
		if (d > s->outpos || len > s->outlen - s->outpos)
			return false;
		while (len--) { /* overlapping copies repeat, byte by byte */
			s->out[s->outpos] = s->out[s->outpos - d];
			s->outpos++;
		}
	}
}

static bool stored(Inflate *s)
{
	uint32_t len, nlen;

	s->bitbuf = 0; /* to a byte boundary */
	s->bitcnt = 0;
	if (s->inlen - s->inpos < 4)
		return false;
	len = s->in[s->inpos] | (uint32_t)s->in[s->inpos + 1] << 8;
	nlen = s->in[s->inpos + 2] | (uint32_t)s->in[s->inpos + 3] << 8;
	s->inpos += 4;
	if (len != (~nlen & 0xffff) || len > s->inlen - s->inpos ||
	    len > s->outlen - s->outpos)
		return false;
	memcpy(s->out + s->outpos, s->in + s->inpos, len);
	s->inpos += len;
	s->outpos += len;
	return true;
}

static bool fixed(Inflate *s)
{
	uint8_t lengths[288 + 30];
	Huffman lit, dist;
	int i;

	for (i = 0; i < 144; i++)
		lengths[i] = 8;
	for (; i < 256; i++)
		lengths[i] = 9;
	for (; i < 280; i++)
		lengths[i] = 7;
	for (; i < 288; i++)
		lengths[i] = 8;
	for (; i < 288 + 30; i++)
		lengths[i] = 5;
	return build(&lit, lengths, 288) && build(&dist, lengths + 288, 30) &&
	       codes(s, &lit, &dist);
}

static bool dynamic(Inflate *s)
{
	static const uint8_t order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	uint8_t lengths[288 + 32];
	Huffman lit, dist;
	int32_t nlen = bits(s, 5), ndist = bits(s, 5), ncode = bits(s, 4);
	int i, n;

	if (nlen < 0 || ndist < 0 || ncode < 0)
		return false;
	nlen += 257;
	ndist += 1;
	ncode += 4;
	if (nlen > 286 || ndist > 30)
		return false;
	memset(lengths, 0, 19);
	for (i = 0; i < ncode; i++) {
		int32_t b = bits(s, 3);
		if (b < 0)
			return false;
		lengths[order[i]] = (uint8_t)b;
	}
	if (!build(&lit, lengths, 19))
		return false;
	for (i = 0; i < nlen + ndist;) {
		int sym = decode(s, &lit);
		int32_t rep;
		uint8_t v = 0;

		if (sym < 0)
			return false;
		if (sym < 16) {
			lengths[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return false;
			v = lengths[i - 1];
			rep = bits(s, 2);
			n = 3;
		} else if (sym == 17) {
			rep = bits(s, 3);
			n = 3;
		} else {
			rep = bits(s, 7);
			n = 11;
		}
		if (rep < 0 || i + n + rep > nlen + ndist)
			return false;
		for (n += rep; n > 0; n--)
			lengths[i++] = v;
	}
	if (lengths[256] == 0) /* no end-of-block code */
		return false;
	return build(&lit, lengths, nlen) && build(&dist, lengths + nlen, ndist) &&
	       codes(s, &lit, &dist);
}

bool w2c_rt_inflate(uint8_t *out, size_t outlen, const uint8_t *in, size_t inlen)
{
	Inflate s;
	int32_t last, type;

	memset(&s, 0, sizeof s);
	s.in = in;
	s.inlen = inlen;
	s.out = out;
	s.outlen = outlen;
	do {
		last = bits(&s, 1);
		type = bits(&s, 2);
		if (last < 0 || type < 0)
			return false;
		if (type == 0 ? !stored(&s) : type == 1 ? !fixed(&s) :
		    type == 2 ? !dynamic(&s) : true)
			return false;
	} while (!last);
	return s.outpos == outlen;
}

void w2c_rt_memory_init_deflated(uint8_t *m, uint64_t size, const uint8_t *seg,
                                 uint32_t seglen, uint32_t len, uint32_t d)
{
	if ((uint64_t)d + len > size)
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	if (!w2c_rt_inflate(m + d, len, seg, seglen))
		w2c_trap_host("corrupt compressed data segment");
}
