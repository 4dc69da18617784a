/*
 * wat_lex.c: the text format's tokens, literals and name maps.
 *
 *   token    ::= '(' | ')' | keyword | uN | sN | fN | string | id | reserved
 *   reserved ::= (idchar | string | ',' | ';' | '[' | ']' | '{' | '}')+
 *
 * Tokens are the longest match, so `"a""b"` or `0x1"x"` is one reserved
 * token, never two.  Comments (";;" to the end of the line, "(;" ... ";)"
 * nested) and annotations ("(@name" ... ")", balanced) are white space:
 * w2c interprets no annotation.  Each token keeps only its offset; line and
 * column are counted again only for an error message.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "wat.h"

static Str decode_string(Wat *w, size_t tok, const char *s, size_t n);
static bool valid_utf8(const uint8_t *p, size_t n);

NORETURN void wat_fail(Wat *w, size_t tok, const char *fmt, ...)
{
	size_t off = w->lexing ? tok : wat_tok(w, tok)->off, i;
	unsigned line = 1, col = 1;
	char msg[250];
	va_list ap;

	if (off > w->size)
		off = w->size;
	for (i = 0; i < off; i++) {
		if (w->src[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)w->src[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(w->err, sizeof w->err, "%u:%u: %s", line, col, msg);
	longjmp(w->env, 1);
}

static bool is_idchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c && strchr("!#$%&'*+-./:<=>?@\\^_`|~", c) != NULL;
}

/* The end of the string literal starting at the quote at i; fails if it
 * is not closed on its line or holds a control character. */
static size_t string_end(Wat *w, size_t i)
{
	size_t start = i++;

	for (;;) {
		unsigned char c;
		if (i >= w->size)
			wat_fail(w, start, "unclosed string");
		c = (unsigned char)w->src[i];
		if (c == '"')
			return i + 1;
		if (c < 0x20 || c == 0x7f)
			wat_fail(w, i, "illegal character in string");
		if (c == '\\') {
			if (i + 1 >= w->size)
				wat_fail(w, start, "unclosed string");
			i += 2;
			continue;
		}
		i++;
	}
}

static void push(Wat *w, int kind, size_t off, size_t len)
{
	Tok t;
	t.kind = kind;
	t.off = (uint32_t)off;
	t.len = (uint32_t)len;
	if (w->n == w->tcap)
		vec_grow((void **)&w->t, &w->tcap, sizeof *w->t);
	w->t[w->n++] = t;
}

/*
 * w2c keeps no annotation, but a branch hint's own placement rules make
 * text malformed, as the reference interpreter reads them: one hint
 * before an instruction, inside a function.  (Its target, the if or
 * br_if it must precede, is a custom-section rule, not enforced.)
 */
static bool is_branch_hint(const char *id, size_t len)
{
	static const char name[] = "metadata.code.branch_hint";
	return len == sizeof name - 1 && !memcmp(id, name, len);
}

static void branch_hint(Wat *w, size_t at, bool in_func, bool again)
{
	if (!in_func)
		wat_fail(w, at, "@metadata.code.branch_hint annotation: not in a function");
	if (again)
		wat_fail(w, at, "@metadata.code.branch_hint annotation: duplicate annotation");
}

void wat_lex(Wat *w)
{
	size_t i = 0, n = w->size;
	const char *s = w->src;
	/* annotation nesting: parens inside one are skipped */
	size_t annot = 0, annot_start = 0;
	/* for branch hints' placement: the depth of parentheses, that of
	 * the innermost (func open (0: none), and the token count at the
	 * last hint */
	size_t depth = 0, func_depth = 0, hint_at = SIZE_MAX;

	w->lexing = true;
	w->n = 0;
	if (n > UINT32_MAX - 1)
		wat_fail(w, 0, "input too large");
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			i++;
		} else if (c == ';' && i + 1 < n && s[i + 1] == ';') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
		} else if (c == '(' && i + 1 < n && s[i + 1] == ';') {
			size_t depth = 1, start = i;
			i += 2;
			while (depth) {
				if (i + 1 >= n)
					wat_fail(w, start, "unclosed comment");
				if (s[i] == '(' && s[i + 1] == ';') {
					depth++;
					i += 2;
				} else if (s[i] == ';' && s[i + 1] == ')') {
					depth--;
					i += 2;
				} else {
					i++;
				}
			}
		} else if (c == '(') {
			if (i + 1 < n && s[i + 1] == '@' && !annot) {
				/* (@id ...: the annotation's name must be there */
				size_t j = i + 2;
				if (j < n && s[j] == '"') {
					Str id;
					j = string_end(w, j);
					id = decode_string(w, i, s + i + 2, j - i - 2);
					if (!id.len)
						wat_fail(w, i, "empty annotation id");
					if (!valid_utf8((const uint8_t *)id.p, id.len))
						wat_fail(w, i, "malformed UTF-8 encoding");
				} else
					while (j < n && is_idchar((unsigned char)s[j]))
						j++;
				if (j == i + 2)
					wat_fail(w, i, "empty annotation id");
				if (!annot && is_branch_hint(s + i + 2, j - i - 2)) {
					branch_hint(w, i, func_depth != 0, hint_at == w->n);
					hint_at = w->n;
				}
				if (!annot)
					annot_start = i;
				annot++;
				i = j;
				continue;
			}
			if (annot) {
				annot++;
			} else {
				push(w, TK_LPAR, i, 1);
				depth++;
			}
			i++;
		} else if (c == ')') {
			if (annot) {
				annot--;
			} else {
				push(w, TK_RPAR, i, 1);
				if (depth == func_depth)
					func_depth = 0;
				depth -= depth > 0;
			}
			i++;
		} else if (c == '"' || is_idchar(c) || (c && strchr(",;[]{}", c))) {
			size_t start = i;
			int kind;
			unsigned parts = 0;
			bool quoted = false;
			while (i < n) {
				c = (unsigned char)s[i];
				if (c == '"') {
					i = string_end(w, i);
					quoted = true;
				} else if (c == ';' && i + 1 < n && s[i + 1] == ';' && parts) {
					break;
				} else if (is_idchar(c) || (c && strchr(",;[]{}", c))) {
					i++;
				} else {
					break;
				}
				parts++;
			}
			if (s[start] == '"' && i == string_end(w, start))
				kind = TK_STRING;
			else if (s[start] == '$' && i > start + 1 &&
			         (s[start + 1] == '"' ? i == string_end(w, start + 1) : !quoted))
				kind = TK_ID;
			else
				kind = TK_ATOM;
			if (!annot) {
				if (!func_depth && kind == TK_ATOM && i - start == 4 &&
				    !memcmp(s + start, "func", 4) && w->n &&
				    w->t[w->n - 1].kind == TK_LPAR)
					func_depth = depth;
				push(w, kind, start, i - start);
			}
		} else {
			wat_fail(w, i, c >= 0x80 ? "malformed UTF-8 encoding" : "unexpected character");
		}
	}
	if (annot)
		wat_fail(w, annot_start, "unclosed annotation");
	push(w, TK_EOF, n, 0);
	w->lexing = false;
	w->i = 0;
}

Buf *wat_buf(Wat *w)
{
	Buf *b;
	if (w->spare.n)
		return w->spare.v[--w->spare.n];
	b = xcalloc(1, sizeof *b);
	vec_push(w->bufs, b);
	return b;
}

void wat_unbuf(Wat *w, Buf *b)
{
	b->len = 0;
	vec_push(w->spare, b);
}

void wat_free(Wat *w)
{
	size_t i;

	for (i = 0; i < w->bufs.n; i++) {
		buf_free(w->bufs.v[i]);
		free(w->bufs.v[i]);
	}
	free(w->bufs.v);
	free(w->spare.v);
	if (w->mod)
		wm_free(w->mod);
	free(w->t);
	w->t = NULL;
	wat_map_free(&w->names);
	arena_free(&w->arena);
}

/* ------------------------------------------------------------ tokens */

bool wat_is_kw(const Wat *w, size_t i, const char *kw)
{
	const Tok *t = wat_tok(w, i);
	size_t n = strlen(kw);
	return t->kind == TK_ATOM && t->len == n && !memcmp(w->src + t->off, kw, n);
}

bool wat_is_open(const Wat *w, size_t i, const char *kw)
{
	return wat_tok(w, i)->kind == TK_LPAR && wat_is_kw(w, i + 1, kw);
}

void wat_expect(Wat *w, int kind, const char *what)
{
	if (wat_tok(w, w->i)->kind != kind)
		wat_fail(w, w->i, "unexpected token, expected %s", what);
	w->i++;
}

size_t wat_skip_sexpr(Wat *w, size_t i)
{
	size_t depth = 0;

	do {
		int k = wat_tok(w, i)->kind;
		if (k == TK_EOF)
			wat_fail(w, i, "unexpected end of input");
		if (k == TK_LPAR)
			depth++;
		else if (k == TK_RPAR)
			depth--;
		i++;
	} while (depth);
	return i;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A string literal's bytes, escapes decoded (into the arena). */
static Str decode_string(Wat *w, size_t tok, const char *s, size_t n)
{
	char *out = arena_alloc(&w->arena, n + 1);
	size_t i = 1, len = 0;
	Str r;

	while (i < n - 1) {
		unsigned char c = (unsigned char)s[i++];
		int h, l;
		if (c != '\\') {
			out[len++] = (char)c;
			continue;
		}
		c = (unsigned char)s[i++];
		switch (c) {
		case 't': out[len++] = '\t'; break;
		case 'n': out[len++] = '\n'; break;
		case 'r': out[len++] = '\r'; break;
		case '"': out[len++] = '"'; break;
		case '\'': out[len++] = '\''; break;
		case '\\': out[len++] = '\\'; break;
		case 'u': {
			uint32_t cp = 0;
			size_t digits = 0;
			if (s[i] != '{')
				wat_fail(w, tok, "illegal escape");
			i++;
			while (i < n - 1 && s[i] != '}') {
				if (s[i] == '_' && digits && hexval(s[i + 1]) >= 0) {
					i++;
					continue;
				}
				h = hexval(s[i]);
				if (h < 0 || cp > 0x10ffff)
					wat_fail(w, tok, "illegal escape");
				cp = cp * 16 + (uint32_t)h;
				digits++;
				i++;
			}
			if (i >= n - 1 || !digits || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
				wat_fail(w, tok, "illegal escape");
			i++;
			if (cp < 0x80) {
				out[len++] = (char)cp;
			} else if (cp < 0x800) {
				out[len++] = (char)(0xc0 | cp >> 6);
				out[len++] = (char)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				out[len++] = (char)(0xe0 | cp >> 12);
				out[len++] = (char)(0x80 | (cp >> 6 & 0x3f));
				out[len++] = (char)(0x80 | (cp & 0x3f));
			} else {
				out[len++] = (char)(0xf0 | cp >> 18);
				out[len++] = (char)(0x80 | (cp >> 12 & 0x3f));
				out[len++] = (char)(0x80 | (cp >> 6 & 0x3f));
				out[len++] = (char)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default:
			h = hexval(c);
			l = i < n - 1 ? hexval(s[i]) : -1;
			if (h < 0 || l < 0)
				wat_fail(w, tok, "illegal escape");
			i++;
			out[len++] = (char)(h << 4 | l);
		}
	}
	out[len] = 0;
	r.p = out;
	r.len = len;
	return r;
}

Str wat_string(Wat *w, size_t i)
{
	const Tok *t = wat_tok(w, i);
	if (t->kind != TK_STRING)
		wat_fail(w, i, "unexpected token, expected a string");
	return decode_string(w, i, w->src + t->off, t->len);
}

static bool valid_utf8(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i];
		size_t k, j;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			k = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			k = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			k = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		for (j = 1; j <= k; j++) {
			if (i + j >= n || (p[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp < 0xe000))
			return false;
		i += k + 1;
	}
	return true;
}

Str wat_name(Wat *w, size_t i)
{
	Str s = wat_string(w, i);
	if (!valid_utf8((const uint8_t *)s.p, s.len))
		wat_fail(w, i, "malformed UTF-8 encoding");
	return s;
}

Str wat_id(Wat *w, size_t i)
{
	const Tok *t = wat_tok(w, i);
	Str s;

	if (t->kind != TK_ID)
		wat_fail(w, i, "unexpected token, expected an identifier");
	if (w->src[t->off + 1] == '"') {
		s = decode_string(w, i, w->src + t->off + 1, t->len - 1);
		if (!s.len || !valid_utf8((const uint8_t *)s.p, s.len))
			wat_fail(w, i, s.len ? "malformed UTF-8 encoding" : "empty identifier");
		return s;
	}
	s.p = w->src + t->off + 1;
	s.len = t->len - 1;
	return s;
}

/* ----------------------------------------------------------- numbers */

/*   num    ::= d ('_'? d)*        hexnum ::= h ('_'? h)*
 * Digits into a string without the underscores; false if misplaced. */
static bool digits(const char *s, size_t n, bool hex, char *out, size_t *outlen)
{
	size_t i, k = *outlen;

	if (!n)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '_') {
			if (!i || i + 1 == n || s[i + 1] == '_')
				return false;
			continue;
		}
		if (hex ? hexval(s[i]) < 0 : !(s[i] >= '0' && s[i] <= '9'))
			return false;
		out[k++] = s[i];
	}
	*outlen = k;
	return true;
}

bool wat_u64(const char *s, size_t n, uint64_t *v, bool *neg)
{
	bool hex;
	uint64_t x = 0;
	size_t i = 0;
	bool any = false;

	*neg = false;
	if (n && (s[0] == '+' || s[0] == '-')) {
		*neg = s[0] == '-';
		i++;
	}
	hex = n - i > 2 && s[i] == '0' && s[i + 1] == 'x';
	if (hex)
		i += 2;
	if (i >= n)
		return false;
	for (; i < n; i++) {
		int d;
		if (s[i] == '_') {
			if (!any || i + 1 == n || s[i + 1] == '_')
				return false;
			continue;
		}
		d = hex ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
		if (d < 0)
			return false;
		if (x > (UINT64_MAX - (uint64_t)d) / (hex ? 16 : 10))
			return false; /* too large */
		x = x * (hex ? 16 : 10) + (uint64_t)d;
		any = true;
	}
	*v = x;
	return any;
}

bool wat_uint(const char *s, size_t n, unsigned bits, uint64_t *v)
{
	bool neg;
	if (!n || s[0] == '+' || s[0] == '-' || !wat_u64(s, n, v, &neg))
		return false;
	return bits == 64 || *v < (uint64_t)1 << bits;
}

bool wat_int(const char *s, size_t n, unsigned bits, uint64_t *v)
{
	bool neg;
	uint64_t x, lim = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;

	if (!wat_u64(s, n, &x, &neg))
		return false;
	if (neg) {
		if (x > ((uint64_t)1 << (bits - 1)))
			return false;
		x = (uint64_t)0 - x;
	} else if (x > lim) {
		return false;
	}
	*v = bits == 64 ? x : x & lim;
	return true;
}

/* A float literal's text as C's strtod reads it (underscores gone);
 * 1 if it is no float literal.  `nan`/`inf` are handled by the caller. */
static int float_text(const char *s, size_t n, char *buf)
{
	size_t i = 0, k = 0, j;
	bool hex;

	if (n && (s[0] == '+' || s[0] == '-'))
		buf[k++] = s[i++];
	hex = n - i > 2 && s[i] == '0' && s[i + 1] == 'x';
	if (hex) {
		buf[k++] = '0';
		buf[k++] = 'x';
		i += 2;
	}
	/* mantissa digits */
	for (j = i; j < n && s[j] != '.' && s[j] != (hex ? 'p' : 'e') &&
	            s[j] != (hex ? 'P' : 'E'); j++)
		;
	if (!digits(s + i, j - i, hex, buf, &k))
		return 1;
	i = j;
	if (i < n && s[i] == '.') {
		buf[k++] = '.';
		i++;
		for (j = i; j < n && s[j] != (hex ? 'p' : 'e') && s[j] != (hex ? 'P' : 'E'); j++)
			;
		if (j > i && !digits(s + i, j - i, hex, buf, &k))
			return 1;
		i = j;
	}
	if (i < n) {
		buf[k++] = hex ? 'p' : 'e';
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			buf[k++] = s[i++];
		if (!digits(s + i, n - i, false, buf, &k))
			return 1;
	} else if (hex) {
		buf[k++] = 'p';
		buf[k++] = '0';
	}
	buf[k] = 0;
	return 0;
}

/* nan, nan:0xN, inf with an optional sign: 0 if matched, 1 if not, 2 out of
 * range.  mant_bits: 23 or 52. */
static int special(const char *s, size_t n, unsigned mant_bits, uint64_t *bits)
{
	uint64_t sign = 0, exp = mant_bits == 23 ? 0xff : 0x7ff, payload;
	bool neg;

	if (n && (s[0] == '+' || s[0] == '-')) {
		sign = s[0] == '-';
		s++;
		n--;
	}
	sign <<= mant_bits == 23 ? 31 : 63;
	if (n == 3 && !memcmp(s, "inf", 3)) {
		*bits = sign | exp << mant_bits;
		return 0;
	}
	if (n == 3 && !memcmp(s, "nan", 3)) {
		*bits = sign | exp << mant_bits | (uint64_t)1 << (mant_bits - 1);
		return 0;
	}
	if (n > 6 && !memcmp(s, "nan:0x", 6)) {
		if (!wat_u64(s + 4, n - 4, &payload, &neg) || neg)
			return 1;
		if (!payload || payload >> mant_bits)
			return 2;
		*bits = sign | exp << mant_bits | payload;
		return 0;
	}
	return 1;
}

int wat_f32(const char *s, size_t n, uint32_t *bits)
{
	char stack[128], *buf = n + 8 <= sizeof stack ? stack : xmalloc(n + 8);
	uint64_t b;
	float f;
	int r = special(s, n, 23, &b);

	if (r != 1) {
		*bits = (uint32_t)b;
		if (buf != stack)
			free(buf);
		return r;
	}
	r = float_text(s, n, buf);
	if (!r) {
		errno = 0;
		f = strtof(buf, NULL);
		if (isinf(f))
			r = 2;
		memcpy(bits, &f, 4);
	}
	if (buf != stack)
		free(buf);
	return r;
}

int wat_f64(const char *s, size_t n, uint64_t *bits)
{
	char stack[128], *buf = n + 8 <= sizeof stack ? stack : xmalloc(n + 8);
	double d;
	int r = special(s, n, 52, bits);

	if (r != 1) {
		if (buf != stack)
			free(buf);
		return r;
	}
	r = float_text(s, n, buf);
	if (!r) {
		d = strtod(buf, NULL);
		if (isinf(d))
			r = 2;
		memcpy(bits, &d, 8);
	}
	if (buf != stack)
		free(buf);
	return r;
}

/* --------------------------------------------------------- name maps */

struct NameSlot {
	uint64_t space;
	const char *p;
	size_t len;
	uint32_t value;
	bool used;
};

static uint64_t hash(uint64_t space, Str s)
{
	uint64_t h = 1469598103934665603ull ^ space * 0x9e3779b97f4a7c15ull;
	size_t i;
	for (i = 0; i < s.len; i++)
		h = (h ^ (uint8_t)s.p[i]) * 1099511628211ull;
	return h ^ h >> 29;
}

void wat_map_init(NameMap *m)
{
	memset(m, 0, sizeof *m);
}

void wat_map_free(NameMap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static struct NameSlot *find(const NameMap *m, uint64_t space, Str s)
{
	size_t i = (size_t)hash(space, s) & (m->cap - 1);
	for (;; i = (i + 1) & (m->cap - 1)) {
		struct NameSlot *e = &m->slots[i];
		if (!e->used ||
		    (e->space == space && e->len == s.len && !memcmp(e->p, s.p, s.len)))
			return e;
	}
}

bool wat_map_add(NameMap *m, Arena *a, uint64_t space, Str s, uint32_t value)
{
	struct NameSlot *e;

	if (2 * (m->n + 1) > m->cap) {
		NameMap bigger;
		size_t i;
		bigger.cap = m->cap ? m->cap * 2 : 256;
		bigger.n = m->n;
		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (i = 0; i < m->cap; i++)
			if (m->slots[i].used) {
				Str k = { m->slots[i].p, m->slots[i].len };
				*find(&bigger, m->slots[i].space, k) = m->slots[i];
			}
		free(m->slots);
		*m = bigger;
	}
	e = find(m, space, s);
	if (e->used)
		return false;
	e->used = true;
	e->space = space;
	e->p = arena_strndup(a, s.p, s.len);
	e->len = s.len;
	e->value = value;
	m->n++;
	return true;
}

bool wat_map_get(const NameMap *m, uint64_t space, Str s, uint32_t *value)
{
	struct NameSlot *e;
	if (!m->cap)
		return false;
	e = find(m, space, s);
	if (!e->used)
		return false;
	*value = e->value;
	return true;
}
