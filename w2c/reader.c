/*
 * reader.c: the binary format's primitives.
 *
 * A Reader walks bytes up to `end`, the end of the section or function body
 * being read; running past it is "unexpected end of section or function",
 * past the whole input "unexpected end".  LEB128 integers are checked for
 * the spec's two malformations: too many bytes ("integer representation
 * too long") and unused bits that aren't a sign extension ("integer too
 * large").
 */
#include <string.h>

#include "internal.h"

NORETURN void rd_unexpected_end(Reader *r)
{
	fail(r->diag, rd_offset(r),
	     r->end < r->file_end ? "unexpected end of section or function"
	                          : "unexpected end");
}

/* Unsigned LEB128 of at most `bits` bits. */
static uint64_t rd_uleb(Reader *r, unsigned bits)
{
	uint64_t v = 0;
	unsigned shift = 0;
	size_t start = rd_offset(r);
	uint8_t b;

	for (;;) {
		b = rd_u8(r);
		if (shift + 7 >= bits) {
			/* last byte allowed: no continuation, no bits past `bits` */
			if (b & 0x80)
				fail(r->diag, start, "integer representation too long");
			if (bits - shift < 7 && (b >> (bits - shift)))
				fail(r->diag, start, "integer too large");
			return v | (uint64_t)b << shift;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
		shift += 7;
	}
}

/* Signed LEB128 of at most `bits` bits. */
static int64_t rd_sleb(Reader *r, unsigned bits)
{
	uint64_t v = 0;
	unsigned shift = 0;
	size_t start = rd_offset(r);
	uint8_t b;

	for (;;) {
		b = rd_u8(r);
		if (shift + 7 >= bits) {
			/* the unused bits of the last byte must all equal the
			 * sign bit */
			unsigned used = bits - shift; /* 1..7 */
			int sign = (b >> (used - 1)) & 1;
			uint8_t rest = (uint8_t)((b & 0x7f) >> used);
			if (b & 0x80)
				fail(r->diag, start, "integer representation too long");
			if (rest != (sign ? (0x7f >> used) : 0))
				fail(r->diag, start, "integer too large");
			v |= (uint64_t)(b & 0x7f) << shift;
			shift += 7;
			break;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
		if (!(b & 0x80))
			break;
	}
	/* sign-extend from `shift` bits */
	if (shift < 64 && (v >> (shift - 1) & 1))
		v |= ~(uint64_t)0 << shift;
	return (int64_t)v;
}

uint32_t rd_u32_long(Reader *r)
{
	return (uint32_t)rd_uleb(r, 32);
}

int32_t rd_s32_long(Reader *r)
{
	return (int32_t)rd_sleb(r, 32);
}

int64_t rd_s64(Reader *r)
{
	return rd_sleb(r, 64);
}

uint64_t rd_u64(Reader *r)
{
	return rd_uleb(r, 64);
}

int64_t rd_s33(Reader *r)
{
	return rd_sleb(r, 33);
}

uint32_t rd_f32(Reader *r)
{
	return le32(rd_bytes(r, 4));
}

uint64_t rd_f64(Reader *r)
{
	const uint8_t *p = rd_bytes(r, 8);
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

const uint8_t *rd_bytes(Reader *r, uint32_t n)
{
	const uint8_t *p = r->p;

	if ((size_t)(r->end - r->p) < n)
		rd_unexpected_end(r);
	r->p += n;
	return p;
}

uint32_t rd_count(Reader *r, uint32_t min_elem_size)
{
	size_t at = rd_offset(r);
	uint32_t n = rd_u32(r);

	if (min_elem_size && (uint64_t)n * min_elem_size > (size_t)(r->end - r->p)) {
		if (r->end < r->file_end)
			fail(r->diag, at, "unexpected end of section or function");
		fail(r->diag, at, "length out of bounds");
	}
	return n;
}

bool utf8_valid(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = s[i];
		uint32_t cp;
		int len;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + (size_t)len > n)
			return false;
		for (int k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += (size_t)len;
	}
	return true;
}

const char *rd_name(Reader *r, uint32_t *len)
{
	size_t at = rd_offset(r);
	uint32_t n = rd_u32(r);
	const uint8_t *p;

	if ((size_t)(r->end - r->p) < n) {
		if (r->end < r->file_end)
			fail(r->diag, at, "unexpected end of section or function");
		fail(r->diag, at, "length out of bounds");
	}
	if (n > LIMIT_NAME_LEN)
		fail(r->diag, at, "name too long (limit %u bytes)", LIMIT_NAME_LEN);
	p = rd_bytes(r, n);
	if (!utf8_valid(p, n))
		fail(r->diag, at, "malformed UTF-8 encoding");
	*len = n;
	return (const char *)p;
}
