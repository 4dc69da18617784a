/*
 * util.c: arenas, buffers, errors, value types, and file input and output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "internal.h"

/* ---------------------------------------------------------------- memory */

static NORETURN void out_of_memory(void)
{
	fputs("w2c: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void vec_grow(void **v, size_t *cap, size_t elem)
{
	size_t n = *cap ? *cap * 2 : 8;
	*v = xrealloc(*v, n * elem);
	*cap = n;
}

struct ArenaBlock {
	ArenaBlock *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

void *arena_alloc(Arena *a, size_t size)
{
	ArenaBlock *b = a->head;

	size = (size + 15) & ~(size_t)15;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > 65536 ? size : 65536;
		b = xmalloc(sizeof *b + bsize);
		b->used = 0;
		b->size = bsize;
		b->next = a->head;
		a->head = b;
	}
	b->used += size;
	return b->data + b->used - size;
}

void *arena_zalloc(Arena *a, size_t size)
{
	return memset(arena_alloc(a, size), 0, size);
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

void arena_free(Arena *a)
{
	ArenaBlock *b, *next;

	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

/* --------------------------------------------------------------- sets */

struct StrSetEntry {
	size_t n;
	char s[];
};

static uint64_t str_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;
	while (n--)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3u;
	return h;
}

bool strset_add(StrSet *set, const char *s, size_t n)
{
	struct StrSetEntry *e;
	size_t k;

	if (set->n * 2 >= set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64, i;
		struct StrSetEntry **slots = xcalloc(cap, sizeof *slots);
		for (i = 0; i < set->cap; i++) {
			if (!set->slots[i])
				continue;
			k = str_hash(set->slots[i]->s, set->slots[i]->n) & (cap - 1);
			while (slots[k])
				k = (k + 1) & (cap - 1);
			slots[k] = set->slots[i];
		}
		free(set->slots);
		set->slots = slots;
		set->cap = cap;
	}
	for (k = str_hash(s, n) & (set->cap - 1); set->slots[k]; k = (k + 1) & (set->cap - 1))
		if (set->slots[k]->n == n && !memcmp(set->slots[k]->s, s, n))
			return false;
	e = arena_alloc(&set->arena, sizeof *e + n);
	e->n = n;
	memcpy(e->s, s, n);
	set->slots[k] = e;
	set->n++;
	return true;
}

void strset_free(StrSet *set)
{
	free(set->slots);
	arena_free(&set->arena);
	memset(set, 0, sizeof *set);
}

/* --------------------------------------------------------------- buffers */

void buf_grow(Buf *b, size_t extra)
{
	b->cap = b->cap * 2 > b->len + extra ? b->cap * 2 : b->len + extra + 256;
	b->p = xrealloc(b->p, b->cap);
}

void buf_u64(Buf *b, uint64_t v)
{
	char tmp[20], *p = tmp + sizeof tmp;

	if (v < 10) {
		buf_char(b, (char)('0' + v));
		return;
	}
	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap, again;
	char small[256];
	int n;

	/* Most output fits the small buffer: one pass. */
	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof small) {
		buf_reserve(b, (size_t)n + 1);
		memcpy(b->p + b->len, small, (size_t)n + 1);
		b->len += (size_t)n;
	} else {
		buf_reserve(b, (size_t)n + 1);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	}
	va_end(again);
}

void buf_free(Buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ---------------------------------------------------------------- errors */

void fail(Diag *d, size_t offset, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->message, sizeof d->message, fmt, ap);
	va_end(ap);
	d->offset = offset;
	longjmp(d->env, 1);
}

/* ----------------------------------------------------------- value types */

bool is_valtype(uint8_t t)
{
	return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 ||
	       t == VT_V128 || ht_abstract(t);
}

bool is_reftype(ValType t)
{
	uint8_t c = (uint8_t)(t & 0xff);

	return ht_abstract(c) || c == VT_REF || c == VT_REF_NULL;
}

static const char *heap_name(uint32_t ht, char *buf, size_t size)
{
	switch (ht) {
	case HT_FUNC: return "func";
	case HT_EXTERN: return "extern";
	case HT_EXN: return "exn";
	case HT_ANY: return "any";
	case HT_EQ: return "eq";
	case HT_I31: return "i31";
	case HT_STRUCT: return "struct";
	case HT_ARRAY: return "array";
	case HT_NONE: return "none";
	case HT_NOEXTERN: return "noextern";
	case HT_NOFUNC: return "nofunc";
	case HT_NOEXN: return "noexn";
	}
	snprintf(buf, size, "%u", ht - HT_INDEX);
	return buf;
}

const char *valtype_name(ValType t)
{
	static char bufs[4][48];
	static unsigned next;
	char *buf, ht[16];

	switch (t) {
	case VT_I32: return "i32";
	case VT_I64: return "i64";
	case VT_F32: return "f32";
	case VT_F64: return "f64";
	case VT_V128: return "v128";
	case VT_FUNCREF: return "funcref";
	case VT_EXTERNREF: return "externref";
	case VT_EXNREF: return "exnref";
	case VT_ANYREF: return "anyref";
	case VT_EQREF: return "eqref";
	case VT_I31REF: return "i31ref";
	case VT_STRUCTREF: return "structref";
	case VT_ARRAYREF: return "arrayref";
	case VT_NULLREF: return "nullref";
	case VT_NULLEXTERNREF: return "nullexternref";
	case VT_NULLFUNCREF: return "nullfuncref";
	case VT_NULLEXNREF: return "nullexnref";
	case VT_I8: return "i8";
	case VT_I16: return "i16";
	}
	if (t <= 0xff)
		return "unknown";
	buf = bufs[next++ % 4];
	snprintf(buf, sizeof bufs[0], "(ref %s%s)", vt_nullable(t) ? "null " : "",
	         heap_name(vt_heap(t), ht, sizeof ht));
	return buf;
}

int valtype_abi(ValType t)
{
	switch (vt_rep(t)) {
	case VT_I32: return 1;
	case VT_I64: return 2;
	case VT_F32: return 3;
	case VT_F64: return 4;
	case VT_V128: return 5;
	case VT_FUNCREF: return 6;
	case VT_EXTERNREF: return 7;
	case VT_EXNREF: return 8;
	case VT_ANYREF: return 9;
	default: return 0;
	}
}

const char *valtype_ctype(ValType t)
{
	switch (vt_rep(t)) {
	case VT_I32: return "uint32_t";
	case VT_I64: return "uint64_t";
	case VT_F32: return "float";
	case VT_F64: return "double";
	case VT_V128: return "w2c_vec";
	case VT_FUNCREF: return "w2c_funcref";
	case VT_EXTERNREF: return "w2c_externref";
	case VT_EXNREF: return "w2c_exnref";
	case VT_ANYREF: return "w2c_anyref";
	default: return "void";
	}
}

const char *valtype_abi_ctype(ValType t)
{
	return t == VT_V128 ? "w2c_v128" : valtype_ctype(t);
}

char valtype_letter(ValType t)
{
	switch (vt_rep(t)) {
	case VT_I32: return 'i';
	case VT_I64: return 'j';
	case VT_F32: return 'f';
	case VT_F64: return 'd';
	case VT_V128: return 'v';
	case VT_FUNCREF: return 'r';
	case VT_EXTERNREF: return 'x';
	case VT_EXNREF: return 'e';
	/* w2c_anyref and w2c_externref are both void *: their slots are
	 * shared (emit_func.c's type_bit) */
	case VT_ANYREF: return 'x';
	default: return '?';
	}
}

/*
 * Heap subtyping (3.0): four hierarchies, each with its top and bottom:
 *
 *   any > eq > i31, struct > $struct types, array > $array types > none
 *   func > $function types > nofunc,  extern > noextern,  exn > noexn
 *
 * A defined type is below the types its declared supertypes name,
 * compared by canonical index (iso-recursive equality, decode.c).
 */
uint32_t heap_top(const Module *m, uint32_t ht)
{
	if (ht >= HT_INDEX)
		return m->types[ht - HT_INDEX].kind == COMP_FUNC ? HT_FUNC : HT_ANY;
	switch (ht) {
	case HT_FUNC: case HT_NOFUNC: return HT_FUNC;
	case HT_EXTERN: case HT_NOEXTERN: return HT_EXTERN;
	case HT_EXN: case HT_NOEXN: return HT_EXN;
	default: return HT_ANY;
	}
}

bool heap_sub(const Module *m, uint32_t a, uint32_t b)
{
	uint32_t x;

	if (a == b)
		return true;
	switch (a) {
	case HT_NONE: case HT_NOFUNC: case HT_NOEXTERN: case HT_NOEXN:
		/* a bottom: below everything of its hierarchy */
		return heap_top(m, a) == heap_top(m, b);
	case HT_I31: case HT_STRUCT: case HT_ARRAY:
		return b == HT_EQ || b == HT_ANY;
	case HT_EQ:
		return b == HT_ANY;
	}
	if (a < HT_INDEX)
		return false;
	x = a - HT_INDEX;
	switch (b) {
	case HT_FUNC: return m->types[x].kind == COMP_FUNC;
	case HT_ANY: case HT_EQ: return m->types[x].kind != COMP_FUNC;
	case HT_STRUCT: return m->types[x].kind == COMP_STRUCT;
	case HT_ARRAY: return m->types[x].kind == COMP_ARRAY;
	}
	if (b < HT_INDEX)
		return false;
	for (; x != NO_SUPER; x = m->types[x].super)
		if (m->types[x].canon == m->types[b - HT_INDEX].canon)
			return true;
	return false;
}

/* The module being translated, for vt_rep_index: the translator takes
 * one module at a time. */
static const Module *rep_module;

void vt_rep_module(const Module *m)
{
	rep_module = m;
}

uint8_t vt_rep_index(uint32_t x)
{
	if (rep_module && x < rep_module->ntypes && rep_module->types[x].kind != COMP_FUNC)
		return VT_ANYREF;
	return VT_FUNCREF;
}

bool vt_gc(const Module *m, ValType t)
{
	uint32_t ht;

	if (!is_reftype(t))
		return false;
	ht = vt_heap(t);
	return heap_top(m, ht) == HT_ANY;
}

bool vt_sub(const Module *m, ValType a, ValType b)
{
	if (a == b || a == VT_UNKNOWN)
		return true;
	if (!is_reftype(a) || !is_reftype(b))
		return false;
	if (vt_nullable(a) && !vt_nullable(b))
		return false;
	return heap_sub(m, vt_heap(a), vt_heap(b));
}

bool vt_eq(const Module *m, ValType a, ValType b)
{
	return a == b || (vt_sub(m, a, b) && vt_sub(m, b, a));
}

/* --------------------------------------------------------------- mangling */

void mangle(Buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_') {
			buf_char(b, (char)c);
		} else {
			buf_char(b, '_');
			buf_char(b, hex[c >> 4]);
			buf_char(b, hex[c & 15]);
		}
	}
}

/* A C string literal for arbitrary bytes. */
void c_string_literal(const uint8_t *s, size_t n, Buf *out)
{
	size_t i, col = 0;

	buf_char(out, '"');
	for (i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (col >= 100) {
			buf_str(out, "\"\n\t\"");
			col = 0;
		}
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
			buf_char(out, (char)c);
			col++;
		} else {
			/* \ooo by hand: no printf per byte of a big segment */
			char esc[4] = { '\\', (char)('0' + (c >> 6)), (char)('0' + (c >> 3 & 7)),
			                (char)('0' + (c & 7)) };
			buf_add(out, esc, 4);
			col += 4;
		}
	}
	buf_char(out, '"');
}

/* ----------------------------------------------------------- file input */

static uint8_t *inflate_all(const uint8_t *in, size_t n, size_t *out_size,
                            char *err, size_t errsize)
{
	z_stream z;
	size_t cap = n * 4 + 4096, len = 0;
	uint8_t *out = xmalloc(cap);
	int rc;

	memset(&z, 0, sizeof z);
	/* 15 + 32: detect zlib or gzip headers */
	if (inflateInit2(&z, 15 + 32) != Z_OK) {
		snprintf(err, errsize, "cannot start zlib");
		free(out);
		return NULL;
	}
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	do {
		if (len == cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		z.next_out = out + len;
		z.avail_out = (uInt)(cap - len > 1u << 30 ? 1u << 30 : cap - len);
		rc = inflate(&z, Z_NO_FLUSH);
		len = (size_t)(z.next_out - out);
	} while (rc == Z_OK || (rc == Z_BUF_ERROR && z.avail_out == 0));
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		snprintf(err, errsize, "corrupt compressed data (%s)",
		         z.msg ? z.msg : "truncated");
		free(out);
		return NULL;
	}
	*out_size = len;
	return out;
}

uint8_t *read_input(const char *path, size_t *size, char *err, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL, *inflated;
	size_t len = 0, cap = 0, n;

	if (!f) {
		snprintf(err, errsize, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			data = xrealloc(data, cap);
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errsize, "%s", strerror(errno));
		fclose(f);
		free(data);
		return NULL;
	}
	fclose(f);
	/* gzip (1f 8b) or zlib (78 01/5e/9c/da) data; wasm starts with 00. */
	if (len >= 2 && ((data[0] == 0x1f && data[1] == 0x8b) ||
	                 (data[0] == 0x78 && (data[0] << 8 | data[1]) % 31 == 0))) {
		inflated = inflate_all(data, len, &n, err, errsize);
		free(data);
		if (!inflated)
			return NULL;
		data = inflated;
		len = n;
	}
	*size = len;
	return data;
}

bool write_file_atomic(const char *path, const void *data, size_t len,
                       char *err, size_t errsize)
{
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 32);
	FILE *f;
	bool ok;

	snprintf(tmp, n + 32, "%s.tmp%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		free(tmp);
		return false;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		remove(tmp);
		free(tmp);
		return false;
	}
	free(tmp);
	return true;
}

bool parse_memory_size(const char *s, uint64_t *bytes)
{
	uint64_t v = 0;
	unsigned shift = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	switch (*s) {
	case 'K': case 'k': shift = 10; s++; break;
	case 'M': case 'm': shift = 20; s++; break;
	case 'G': case 'g': shift = 30; s++; break;
	}
	if (*s || v > UINT64_MAX >> shift)
		return false;
	v <<= shift;
	if (v % 65536)
		return false;
	*bytes = v;
	return true;
}

int bad_memory_size(const char *s)
{
	if (s)
		fprintf(stderr, "w2c: --max-memory \"%s\": ", s);
	else
		fprintf(stderr, "w2c: --max-memory needs a size: ");
	fprintf(stderr, "give bytes, a multiple of 64K, with K, M or G (e.g. 16M)\n");
	return 2;
}
