/*
 * wat_module.c: a text module's fields into binary module bytes.
 *
 *   module ::= '(' 'module' id? ('binary' | 'quote')? field* ')' | field*
 *   field  ::= type | rec | import | func | table | memory | global | tag
 *            | export | start | elem | data
 *
 * Three passes over the fields' tokens, each linear:
 *   1. every identifier of every index space, in order of appearance (the
 *      text format's index order: imports must come first anyway), so a
 *      use may come before the definition;
 *   2. the type definitions, so a type use can find its type, and an
 *      implicit one (no "(type x)") the first plain function type with its
 *      signature, or a new one appended after the explicit ones;
 *   3. everything else, straight into the sections' bytes.
 * The binary then goes through the decoder and validator like any .wasm:
 * here only what the text format itself forbids is malformed.
 */
#include <stdlib.h>

#include "wat.h"

enum { S_TYPE = 1, S_IMPORT, S_FUNC, S_TABLE, S_MEM, S_GLOBAL, S_EXPORT, S_START, S_ELEM,
       S_CODE, S_DATA, S_DATACOUNT, S_TAG };

static const char *const space_names[SP_N] = { "type", "function", "table", "memory",
                                                "global", "tag", "elem segment",
                                                "data segment" };

void wm_uleb(Buf *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		buf_char(b, (char)(c | (v ? 0x80 : 0)));
	} while (v);
}

void wm_sleb(Buf *b, int64_t v)
{
	for (;;) {
		uint8_t c = (uint8_t)(v & 0x7f);
		v >>= 7; /* arithmetic on every C11 implementation w2c targets */
		if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
			buf_char(b, (char)c);
			return;
		}
		buf_char(b, (char)(c | 0x80));
	}
}

static void put_vec(Buf *out, uint32_t n, const Buf *items)
{
	wm_uleb(out, n);
	buf_add(out, items->p, items->len);
}

static void put_name(Buf *out, Str s)
{
	wm_uleb(out, s.len);
	buf_add(out, s.p, s.len);
}

/* ------------------------------------------------------------- indices */

bool wm_maybe_index(Mod *m, int space, uint32_t *idx)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	uint64_t v;

	if (t->kind == TK_ID) {
		Str s = wat_id(w, w->i);
		uint64_t sp = space == SP_N ? SP_LOCAL(m->func) : (uint64_t)space;
		if (!wat_map_get(&w->names, sp, s, idx))
			wat_fail(w, w->i, "unknown %s $%.*s", space == SP_N ? "local" : space_names[space],
			         (int)s.len, s.p);
		w->i++;
		return true;
	}
	if (t->kind == TK_ATOM && w->src[t->off] >= '0' && w->src[t->off] <= '9') {
		if (!wat_uint(w->src + t->off, t->len, 32, &v))
			wat_fail(w, w->i, "constant out of range");
		*idx = (uint32_t)v;
		w->i++;
		return true;
	}
	return false;
}

uint32_t wm_index(Mod *m, int space)
{
	uint32_t idx;
	if (!wm_maybe_index(m, space, &idx))
		wat_fail(m->w, m->w->i, "unexpected token, expected an index");
	return idx;
}

/* ---------------------------------------------------------------- types */

static const struct {
	const char *name;
	uint8_t code;
} heap_types[] = {
	{ "func", 0x70 }, { "extern", 0x6f }, { "any", 0x6e }, { "eq", 0x6d }, { "i31", 0x6c },
	{ "struct", 0x6b }, { "array", 0x6a }, { "exn", 0x69 }, { "none", 0x71 },
	{ "nofunc", 0x73 }, { "noextern", 0x72 }, { "noexn", 0x74 },
}, ref_types[] = {
	{ "funcref", 0x70 }, { "externref", 0x6f }, { "anyref", 0x6e }, { "eqref", 0x6d },
	{ "i31ref", 0x6c }, { "structref", 0x6b }, { "arrayref", 0x6a }, { "exnref", 0x69 },
	{ "nullref", 0x71 }, { "nullfuncref", 0x73 }, { "nullexternref", 0x72 },
	{ "nullexnref", 0x74 },
}, num_types[] = {
	{ "i32", 0x7f }, { "i64", 0x7e }, { "f32", 0x7d }, { "f64", 0x7c }, { "v128", 0x7b },
};

static int lookup(const Wat *w, size_t i, const void *table, size_t n)
{
	const struct { const char *name; uint8_t code; } *t = table;
	size_t k;
	for (k = 0; k < n; k++)
		if (wat_is_kw(w, i, t[k].name))
			return t[k].code;
	return -1;
}

#define LOOKUP(w, i, t) lookup(w, i, t, sizeof t / sizeof t[0])

void wm_heaptype(Mod *m, Buf *out)
{
	Wat *w = m->w;
	int c = LOOKUP(w, w->i, heap_types);
	uint32_t idx;

	if (c >= 0) {
		buf_char(out, (char)c);
		w->i++;
		return;
	}
	if (!wm_maybe_index(m, SP_TYPE, &idx))
		wat_fail(w, w->i, "unexpected token, expected a heap type");
	wm_sleb(out, idx);
}

/* reftype ::= 'funcref' | ... | '(' 'ref' 'null'? heaptype ')' */
static bool maybe_reftype(Mod *m, Buf *out, bool *null)
{
	Wat *w = m->w;
	int c = LOOKUP(w, w->i, ref_types);

	if (c >= 0) {
		*null = true;
		buf_char(out, (char)c);
		w->i++;
		return true;
	}
	if (!wat_is_open(w, w->i, "ref"))
		return false;
	w->i += 2;
	*null = wat_is_kw(w, w->i, "null");
	if (*null)
		w->i++;
	wm_heaptype(m, out);
	wat_expect(w, TK_RPAR, "\")\"");
	return true;
}

void wm_reftype(Mod *m, Buf *out, bool *null)
{
	if (!maybe_reftype(m, out, null))
		wat_fail(m->w, m->w->i, "unexpected token, expected a reference type");
}

/* A reference type as a value type: the one-byte forms where they exist. */
static bool maybe_ref_valtype(Mod *m, Buf *out)
{
	Buf *ht = wat_buf(m->w);
	bool null;

	if (!maybe_reftype(m, ht, &null))
		return false;
	if (ht->len == 1 && (uint8_t)ht->p[0] >= 0x69 && null) {
		buf_char(out, ht->p[0]);
	} else {
		buf_char(out, null ? 0x63 : 0x64);
		buf_add(out, ht->p, ht->len);
	}
	wat_unbuf(m->w, ht);
	return true;
}

void wm_valtype(Mod *m, Buf *out)
{
	Wat *w = m->w;
	int c = LOOKUP(w, w->i, num_types);

	if (c >= 0) {
		buf_char(out, (char)c);
		w->i++;
		return;
	}
	if (!maybe_ref_valtype(m, out))
		wat_fail(w, w->i, "unexpected token, expected a value type");
}

/* storagetype ::= valtype | 'i8' | 'i16';  fieldtype ::= st | '(' 'mut' st ')' */
static void fieldtype(Mod *m, Buf *out)
{
	Wat *w = m->w;
	bool mut = wat_is_open(w, w->i, "mut");

	if (mut)
		w->i += 2;
	if (wat_is_kw(w, w->i, "i8")) {
		buf_char(out, 0x78);
		w->i++;
	} else if (wat_is_kw(w, w->i, "i16")) {
		buf_char(out, 0x77);
		w->i++;
	} else {
		wm_valtype(m, out);
	}
	buf_char(out, mut);
	if (mut)
		wat_expect(w, TK_RPAR, "\")\"");
}

/* (param id? t) | (param t*) ... (result t*)...: the signature bytes. */
/* names: 0 no identifiers, 1 identifiers ignored, 2 they name locals */
static bool func_sig(Mod *m, Buf *sig, int names, uint32_t *nparams, uint32_t first_local)
{
	Wat *w = m->w;
	Buf *params = wat_buf(m->w), *results = wat_buf(m->w);
	uint32_t np = 0, nr = 0;
	bool any = false;

	while (wat_is_open(w, w->i, "param")) {
		any = true;
		w->i += 2;
		if (wat_tok(w, w->i)->kind == TK_ID) {
			if (!names)
				wat_fail(w, w->i, "unexpected token, identifier not allowed here");
			if (names == 2 &&
			    !wat_map_add(&w->names, &w->arena, SP_LOCAL(m->func), wat_id(w, w->i),
			                 first_local + np))
				wat_fail(w, w->i, "duplicate local");
			w->i++;
			wm_valtype(m, params);
			np++;
		} else {
			while (wat_tok(w, w->i)->kind != TK_RPAR) {
				wm_valtype(m, params);
				np++;
			}
		}
		wat_expect(w, TK_RPAR, "\")\"");
	}
	while (wat_is_open(w, w->i, "result")) {
		any = true;
		w->i += 2;
		while (wat_tok(w, w->i)->kind != TK_RPAR) {
			wm_valtype(m, results);
			nr++;
		}
		wat_expect(w, TK_RPAR, "\")\"");
	}
	put_vec(sig, np, params);
	put_vec(sig, nr, results);
	wat_unbuf(m->w, params);
	wat_unbuf(m->w, results);
	*nparams = np;
	return any;
}

static void add_type(Mod *m, int kind, bool plain, uint32_t nparams, const Buf *sig)
{
	TypeInfo t;
	Str key;

	t.kind = kind;
	t.plain = plain;
	t.nparams = nparams;
	t.sig = m->sigs.len;
	t.siglen = sig ? sig->len : 0;
	if (sig)
		buf_add(&m->sigs, sig->p, sig->len);
	vec_push(m->types, t);
	if (kind == 0 && plain) {
		key.p = sig->p;
		key.len = sig->len;
		wat_map_add(&m->w->names, &m->w->arena, SP_SIG, key, (uint32_t)(m->types.n - 1));
	}
}

uint32_t wm_typeuse(Mod *m, bool names, uint32_t *nparams)
{
	Wat *w = m->w;
	Buf *sig = wat_buf(m->w);
	uint32_t idx = 0, np;
	bool explicit = false, inline_sig;
	size_t at = w->i;
	Str key;

	if (wat_is_open(w, w->i, "type")) {
		w->i += 2;
		idx = wm_index(m, SP_TYPE);
		wat_expect(w, TK_RPAR, "\")\"");
		explicit = true;
	}
	inline_sig = func_sig(m, sig, names ? 2 : 0, &np, 0);
	key.p = sig->p ? sig->p : "";
	key.len = sig->len;
	if (explicit) {
		if (idx < m->types.n && m->types.v[idx].kind == 0) {
			const TypeInfo *t = &m->types.v[idx];
			if (inline_sig && (t->siglen != sig->len ||
			                   memcmp(m->sigs.p + t->sig, sig->p, sig->len)))
				wat_fail(w, at, "inline function type does not match");
			*nparams = t->nparams;
		} else {
			/* an unknown index is the validator's to reject, but
			 * an inline type can't be checked against it */
			if (inline_sig && idx >= m->types.n)
				wat_fail(w, at, "unknown type");
			if (inline_sig)
				wat_fail(w, at, "inline function type does not match");
			*nparams = 0;
		}
	} else if (!wat_map_get(&w->names, SP_SIG, key, &idx)) {
		/* an implicit type: appended after all the explicit ones */
		idx = (uint32_t)m->types.n;
		buf_char(&m->sec[S_TYPE], 0x60);
		buf_add(&m->sec[S_TYPE], sig->p, sig->len);
		m->nsec[S_TYPE]++;
		add_type(m, 0, true, np, sig);
		*nparams = np;
	} else {
		*nparams = np;
	}
	wat_unbuf(m->w, sig);
	return idx;
}

/*   subtype  ::= '(' 'sub' 'final'? typeidx* comptype ')' | comptype
 *   comptype ::= '(' 'func' param* result* ')' | '(' 'struct' field* ')'
 *              | '(' 'array' fieldtype ')'
 * The type's bytes into the type section; `alone`: not inside a rec. */
static void subtype(Mod *m, bool alone)
{
	Wat *w = m->w;
	Buf *out = &m->sec[S_TYPE], *sig = wat_buf(m->w);
	uint32_t idx = (uint32_t)m->types.n, np = 0, nfields = 0;
	bool sub = wat_is_open(w, w->i, "sub"), final = !sub;
	int kind;

	if (sub) {
		Buf *supers = wat_buf(m->w);
		uint32_t n = 0, s;
		w->i += 2;
		if (wat_is_kw(w, w->i, "final")) {
			final = true;
			w->i++;
		}
		while (wm_maybe_index(m, SP_TYPE, &s)) {
			wm_uleb(supers, s);
			n++;
		}
		buf_char(out, final ? 0x4f : 0x50);
		put_vec(out, n, supers);
		wat_unbuf(m->w, supers);
		if (n)
			final = false; /* not plain */
	}
	if (wat_tok(w, w->i)->kind != TK_LPAR)
		wat_fail(w, w->i, "unexpected token, expected a composite type");
	w->i++;
	if (wat_is_kw(w, w->i, "func")) {
		w->i++;
		kind = 0;
		func_sig(m, sig, 1, &np, 0);
		buf_char(out, 0x60);
		buf_add(out, sig->p, sig->len);
	} else if (wat_is_kw(w, w->i, "struct")) {
		Buf *fields = wat_buf(m->w);
		w->i++;
		kind = 1;
		while (wat_is_open(w, w->i, "field")) {
			w->i += 2;
			if (wat_tok(w, w->i)->kind == TK_ID) {
				if (!wat_map_add(&w->names, &w->arena, SP_FIELD(idx), wat_id(w, w->i),
				                 nfields))
					wat_fail(w, w->i, "duplicate field");
				w->i++;
				fieldtype(m, fields);
				nfields++;
			} else {
				while (wat_tok(w, w->i)->kind != TK_RPAR) {
					fieldtype(m, fields);
					nfields++;
				}
			}
			wat_expect(w, TK_RPAR, "\")\"");
		}
		buf_char(out, 0x5f);
		put_vec(out, nfields, fields);
		wat_unbuf(m->w, fields);
	} else if (wat_is_kw(w, w->i, "array")) {
		w->i++;
		kind = 2;
		buf_char(out, 0x5e);
		if (wat_is_open(w, w->i, "field")) {
			w->i += 2;
			fieldtype(m, out);
			wat_expect(w, TK_RPAR, "\")\"");
		} else {
			fieldtype(m, out);
		}
	} else {
		wat_fail(w, w->i, "unexpected token, expected a composite type");
	}
	wat_expect(w, TK_RPAR, "\")\"");
	if (sub)
		wat_expect(w, TK_RPAR, "\")\"");
	add_type(m, kind, final && alone, np, kind == 0 ? sig : NULL);
	wat_unbuf(m->w, sig);
}

/* '(' 'type' id? subtype ')', at its "(" */
static void typedef_(Mod *m, bool alone)
{
	Wat *w = m->w;
	w->i += 2;
	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	subtype(m, alone);
	wat_expect(w, TK_RPAR, "\")\"");
}

/* ------------------------------------------------------ pass 1: names */

static void name(Mod *m, int space, size_t at)
{
	Wat *w = m->w;
	if (wat_tok(w, at)->kind == TK_ID &&
	    !wat_map_add(&w->names, &w->arena, (uint64_t)space, wat_id(w, at), m->count[space]))
		wat_fail(w, at, "duplicate %s", space_names[space]);
	m->count[space]++;
}

static int desc_space(const Wat *w, size_t i)
{
	static const char *const kinds[] = { "func", "table", "memory", "global", "tag" };
	static const int spaces[] = { SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG };
	int k;
	for (k = 0; k < 5; k++)
		if (wat_is_kw(w, i, kinds[k]))
			return spaces[k];
	return -1;
}

/* Whether the group at i (a table or memory field, at its "(") has an
 * inline elem or data segment. */
static bool has_inline_segment(Wat *w, size_t i, const char *kw)
{
	size_t end = wat_skip_sexpr(w, i), j = i + 2;
	while (j < end - 1) {
		if (wat_is_open(w, j, kw))
			return true;
		j = wat_tok(w, j)->kind == TK_LPAR ? wat_skip_sexpr(w, j) : j + 1;
	}
	return false;
}

static void collect_names(Mod *m, size_t i, size_t end)
{
	Wat *w = m->w;

	while (i < end) {
		size_t next;
		int sp;
		if (wat_tok(w, i)->kind != TK_LPAR)
			wat_fail(w, i, "unexpected token, expected a module field");
		next = wat_skip_sexpr(w, i);
		if (wat_is_kw(w, i + 1, "type")) {
			name(m, SP_TYPE, i + 2);
		} else if (wat_is_kw(w, i + 1, "rec")) {
			size_t j = i + 2;
			while (wat_is_open(w, j, "type")) {
				name(m, SP_TYPE, j + 2);
				j = wat_skip_sexpr(w, j);
			}
		} else if (wat_is_kw(w, i + 1, "import")) {
			size_t j = i + 4;
			if (wat_tok(w, j)->kind == TK_LPAR && (sp = desc_space(w, j + 1)) >= 0)
				name(m, sp, j + 2);
		} else if ((sp = desc_space(w, i + 1)) >= 0) {
			name(m, sp, i + 2);
			if (sp == SP_TABLE && has_inline_segment(w, i, "elem"))
				m->count[SP_ELEM]++;
			if (sp == SP_MEM && has_inline_segment(w, i, "data"))
				m->count[SP_DATA]++;
		} else if (wat_is_kw(w, i + 1, "elem")) {
			name(m, SP_ELEM, i + 2);
		} else if (wat_is_kw(w, i + 1, "data")) {
			name(m, SP_DATA, i + 2);
		}
		i = next;
	}
}

/* ------------------------------------------------------ pass 3: fields */

/* Inline exports (export "name")* of the definition of index idx. */
static void inline_exports(Mod *m, int kind, uint32_t idx)
{
	Wat *w = m->w;
	while (wat_is_open(w, w->i, "export")) {
		w->i += 2;
		put_name(&m->sec[S_EXPORT], wat_name(w, w->i));
		w->i++;
		buf_char(&m->sec[S_EXPORT], (char)kind);
		wm_uleb(&m->sec[S_EXPORT], idx);
		m->nsec[S_EXPORT]++;
		wat_expect(w, TK_RPAR, "\")\"");
	}
}

/* (import "mod" "name"), inline: the import entry's head, or false. */
static bool inline_import(Mod *m)
{
	Wat *w = m->w;
	Buf *out = &m->sec[S_IMPORT];

	if (!wat_is_open(w, w->i, "import"))
		return false;
	if (m->seen_def)
		wat_fail(w, w->i, "import after %s", m->seen_def_kind);
	w->i += 2;
	put_name(out, wat_name(w, w->i));
	put_name(out, wat_name(w, w->i + 1));
	w->i += 2;
	wat_expect(w, TK_RPAR, "\")\"");
	m->nsec[S_IMPORT]++;
	return true;
}

static uint64_t u64_atom(Mod *m, unsigned bits)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	uint64_t v;

	if (t->kind != TK_ATOM || !(w->src[t->off] >= '0' && w->src[t->off] <= '9'))
		wat_fail(w, w->i, "unexpected token, expected a number");
	if (!wat_uint(w->src + t->off, t->len, bits, &v))
		wat_fail(w, w->i, "constant out of range");
	w->i++;
	return v;
}

static bool at_number(Mod *m)
{
	const Tok *t = wat_tok(m->w, m->w->i);
	return t->kind == TK_ATOM && m->w->src[t->off] >= '0' && m->w->src[t->off] <= '9';
}

/* addrtype? : whether it is i64 */
static bool addrtype(Mod *m)
{
	if (wat_is_kw(m->w, m->w->i, "i64")) {
		m->w->i++;
		return true;
	}
	if (wat_is_kw(m->w, m->w->i, "i32"))
		m->w->i++;
	return false;
}

/*   limits ::= n m?;  flags: 1 max, 2 shared, 4 i64, 8 page size */
static void limits(Mod *m, Buf *out, bool i64, bool memory)
{
	Wat *w = m->w;
	uint64_t min = u64_atom(m, 64), max = 0;
	bool has_max = at_number(m), shared = false;
	uint32_t log2page = 0;
	bool pagesize = false;

	if (has_max)
		max = u64_atom(m, 64);
	if (memory && wat_is_kw(w, w->i, "shared")) {
		shared = true;
		w->i++;
	}
	if (memory && wat_is_open(w, w->i, "pagesize")) {
		uint64_t ps;
		w->i += 2;
		ps = u64_atom(m, 64);
		if (!ps || (ps & (ps - 1)))
			wat_fail(w, w->i - 1, "invalid custom page size");
		while (((uint64_t)1 << log2page) < ps)
			log2page++;
		pagesize = true;
		wat_expect(w, TK_RPAR, "\")\"");
	}
	if (memory && !shared && wat_is_kw(w, w->i, "shared")) {
		shared = true;
		w->i++;
	}
	buf_char(out, (char)(has_max | shared << 1 | i64 << 2 | pagesize << 3));
	wm_uleb(out, min);
	if (has_max)
		wm_uleb(out, max);
	if (pagesize)
		wm_uleb(out, log2page);
}

/* globaltype ::= valtype | '(' 'mut' valtype ')' */
static void globaltype(Mod *m, Buf *out)
{
	Wat *w = m->w;
	if (wat_is_open(w, w->i, "mut")) {
		w->i += 2;
		wm_valtype(m, out);
		buf_char(out, 1);
		wat_expect(w, TK_RPAR, "\")\"");
	} else {
		wm_valtype(m, out);
		buf_char(out, 0);
	}
}

/* The offset of an inline segment: (i32|i64.const 0) end */
static void zero_offset(Buf *out, bool i64)
{
	buf_char(out, i64 ? 0x42 : 0x41);
	buf_char(out, 0);
	buf_char(out, 0x0b);
}

/* '(' 'offset' instr* ')' | folded instruction */
static void offset(Mod *m, Buf *out)
{
	Wat *w = m->w;
	if (wat_is_open(w, w->i, "offset")) {
		w->i += 2;
		wi_expr(m, out);
		wat_expect(w, TK_RPAR, "\")\"");
	} else {
		wi_folded_expr(m, out);
	}
}

/*   elemlist ::= reftype elemexpr* | 'func'? funcidx*
 *   elemexpr ::= '(' 'item' instr* ')' | folded instruction
 * Writes the list (as expressions or indices) and returns whether it is
 * expressions; *type gets the reference type's bytes. */
static bool elemlist(Mod *m, Buf *items, uint32_t *n, Buf *type, bool allow_bare,
                     bool as_exprs)
{
	Wat *w = m->w;
	Buf *t = wat_buf(m->w);
	bool exprs = false;

	*n = 0;
	if (maybe_ref_valtype(m, t)) {
		exprs = true;
	} else if (wat_is_kw(w, w->i, "func")) {
		w->i++;
	} else if (!allow_bare) {
		wat_fail(w, w->i, "unexpected token, expected an element type");
	}
	if (exprs) {
		while (wat_tok(w, w->i)->kind == TK_LPAR) {
			if (wat_is_open(w, w->i, "item")) {
				w->i += 2;
				wi_expr(m, items);
				wat_expect(w, TK_RPAR, "\")\"");
			} else {
				wi_folded_expr(m, items);
			}
			(*n)++;
		}
	} else {
		uint32_t f;
		while (wm_maybe_index(m, SP_FUNC, &f)) {
			/* as (ref.func f) where the element type is no funcref */
			if (as_exprs)
				buf_char(items, (char)0xd2);
			wm_uleb(items, f);
			if (as_exprs)
				buf_char(items, 0x0b);
			(*n)++;
		}
		exprs = as_exprs;
	}
	buf_add(type, t->p, t->len);
	wat_unbuf(m->w, t);
	return exprs;
}

/* An active element segment for table `table`, with its offset in `off`. */
static void active_elem(Mod *m, uint32_t table, bool explicit_table, const Buf *off,
                        bool exprs, const Buf *type, uint32_t n, const Buf *items)
{
	Buf *out = &m->sec[S_ELEM];
	bool funcref = type->len == 1 && (uint8_t)type->p[0] == 0x70;

	if (!exprs) {
		if (table == 0 && !explicit_table) {
			buf_char(out, 0);
		} else {
			buf_char(out, 2);
			wm_uleb(out, table);
		}
		buf_add(out, off->p, off->len);
		if (table != 0 || explicit_table)
			buf_char(out, 0x00);
	} else if (table == 0 && !explicit_table && funcref) {
		buf_char(out, 4);
		buf_add(out, off->p, off->len);
	} else {
		buf_char(out, 6);
		wm_uleb(out, table);
		buf_add(out, off->p, off->len);
		buf_add(out, type->p, type->len);
	}
	put_vec(out, n, items);
	m->nsec[S_ELEM]++;
}

static void field_func(Mod *m)
{
	Wat *w = m->w;
	uint32_t idx = m->count[SP_FUNC]++, type, np;
	Buf *locals = wat_buf(m->w), *body = wat_buf(m->w), *code = &m->sec[S_CODE];
	uint32_t ngroups = 0, nlocals;
	size_t at = w->i;

	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	m->func = idx;
	inline_exports(m, 0, idx);
	if (inline_import(m)) {
		buf_char(&m->sec[S_IMPORT], 0);
		wm_uleb(&m->sec[S_IMPORT], wm_typeuse(m, true, &np));
		wat_expect(w, TK_RPAR, "\")\"");
		return;
	}
	m->seen_def = true;
	m->seen_def_kind = "function";
	type = wm_typeuse(m, true, &np);
	wm_uleb(&m->sec[S_FUNC], type);
	m->nsec[S_FUNC]++;
	/* local ::= '(' 'local' id? t ')' | '(' 'local' t* ')', runs of one
	 * type into one entry */
	nlocals = np;
	{
		Buf *types = wat_buf(m->w), *groups = wat_buf(m->w);
		/* each local's type ends there in types: size_t values */
		Buf *ends = wat_buf(m->w);
		const size_t *end;
		size_t k, run = 0, prev = 0, prevlen = 0;
		while (wat_is_open(w, w->i, "local")) {
			w->i += 2;
			if (wat_tok(w, w->i)->kind == TK_ID) {
				if (!wat_map_add(&w->names, &w->arena, SP_LOCAL(idx), wat_id(w, w->i),
				                 nlocals))
					wat_fail(w, w->i, "duplicate local");
				w->i++;
				wm_valtype(m, types);
				buf_add(ends, &types->len, sizeof types->len);
				nlocals++;
			} else {
				while (wat_tok(w, w->i)->kind != TK_RPAR) {
					wm_valtype(m, types);
					buf_add(ends, &types->len, sizeof types->len);
					nlocals++;
				}
			}
			wat_expect(w, TK_RPAR, "\")\"");
		}
		end = (const size_t *)(void *)ends->p;
		for (k = 0; k < ends->len / sizeof *end; k++) {
			size_t from = k ? end[k - 1] : 0, len = end[k] - from;
			if (run && len == prevlen && !memcmp(types->p + prev, types->p + from, len)) {
				run++;
				continue;
			}
			if (run) {
				wm_uleb(groups, run);
				buf_add(groups, types->p + prev, prevlen);
				ngroups++;
			}
			prev = from;
			prevlen = len;
			run = 1;
		}
		if (run) {
			wm_uleb(groups, run);
			buf_add(groups, types->p + prev, prevlen);
			ngroups++;
		}
		put_vec(locals, ngroups, groups);
		wat_unbuf(m->w, groups);
		wat_unbuf(m->w, types);
		wat_unbuf(m->w, ends);
	}
	m->nlocals = nlocals;
	m->labels.n = 0;
	wi_instrs(m, body);
	buf_char(body, 0x0b);
	wat_expect(w, TK_RPAR, "\")\"");
	(void)at;
	wm_uleb(code, locals->len + body->len);
	buf_add(code, locals->p, locals->len);
	buf_add(code, body->p, body->len);
	m->nsec[S_CODE]++;
	wat_unbuf(m->w, locals);
	wat_unbuf(m->w, body);
}

static void field_table(Mod *m)
{
	Wat *w = m->w;
	uint32_t idx = m->count[SP_TABLE]++;
	bool i64;
	Buf *out;

	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	inline_exports(m, 1, idx);
	if (inline_import(m)) {
		out = &m->sec[S_IMPORT];
		buf_char(out, 1);
		i64 = addrtype(m);
		{
			Buf *lim = wat_buf(m->w);
			limits(m, lim, i64, false);
			wm_valtype(m, out);
			buf_add(out, lim->p, lim->len);
			wat_unbuf(m->w, lim);
		}
		vec_push(m->table64, i64);
		wat_expect(w, TK_RPAR, "\")\"");
		return;
	}
	m->seen_def = true;
	m->seen_def_kind = "table";
	out = &m->sec[S_TABLE];
	i64 = addrtype(m);
	vec_push(m->table64, i64);
	m->nsec[S_TABLE]++;
	if (!at_number(m)) {
		/* reftype (elem ...): limits from the count */
		Buf *type = wat_buf(m->w), *items = wat_buf(m->w), *off = wat_buf(m->w);
		uint32_t n;
		bool exprs;
		if (!maybe_ref_valtype(m, type))
			wat_fail(w, w->i, "unexpected token, expected a table type");
		if (!wat_is_open(w, w->i, "elem"))
			wat_fail(w, w->i, "unexpected token, expected (elem ...)");
		w->i += 2;
		if (wat_tok(w, w->i)->kind == TK_LPAR) {
			exprs = true;
			n = 0;
			while (wat_tok(w, w->i)->kind == TK_LPAR) {
				if (wat_is_open(w, w->i, "item")) {
					w->i += 2;
					wi_expr(m, items);
					wat_expect(w, TK_RPAR, "\")\"");
				} else {
					wi_folded_expr(m, items);
				}
				n++;
			}
		} else {
			Buf *dummy = wat_buf(m->w);
			exprs = elemlist(m, items, &n, dummy, true,
			                 type->len != 1 || (uint8_t)type->p[0] != 0x70);
			wat_unbuf(m->w, dummy);
		}
		wat_expect(w, TK_RPAR, "\")\"");
		buf_add(out, type->p, type->len);
		buf_char(out, (char)(1 | i64 << 2));
		wm_uleb(out, n);
		wm_uleb(out, n);
		zero_offset(off, i64);
		active_elem(m, idx, idx != 0, off, exprs, type, n, items);
		wat_unbuf(m->w, type);
		wat_unbuf(m->w, items);
		wat_unbuf(m->w, off);
	} else {
		Buf *lim = wat_buf(m->w), *type = wat_buf(m->w);
		limits(m, lim, i64, false);
		wm_valtype(m, type);
		if (wat_tok(w, w->i)->kind == TK_LPAR) {
			/* a table with an initializer expression */
			buf_char(out, 0x40);
			buf_char(out, 0x00);
			buf_add(out, type->p, type->len);
			buf_add(out, lim->p, lim->len);
			wi_expr(m, out);
		} else {
			buf_add(out, type->p, type->len);
			buf_add(out, lim->p, lim->len);
		}
		wat_unbuf(m->w, lim);
		wat_unbuf(m->w, type);
	}
	wat_expect(w, TK_RPAR, "\")\"");
}

static void field_memory(Mod *m)
{
	Wat *w = m->w;
	uint32_t idx = m->count[SP_MEM]++;
	bool i64;
	Buf *out;

	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	inline_exports(m, 2, idx);
	if (inline_import(m)) {
		out = &m->sec[S_IMPORT];
		buf_char(out, 2);
		i64 = addrtype(m);
		limits(m, out, i64, true);
		vec_push(m->mem64, i64);
		wat_expect(w, TK_RPAR, "\")\"");
		return;
	}
	m->seen_def = true;
	m->seen_def_kind = "memory";
	out = &m->sec[S_MEM];
	i64 = addrtype(m);
	vec_push(m->mem64, i64);
	m->nsec[S_MEM]++;
	if (!at_number(m)) {
		/* (pagesize n)? (data string*): min = max = the pages the data needs */
		Buf *data = wat_buf(m->w), *d = &m->sec[S_DATA];
		uint64_t pages, ps = 65536;
		uint32_t log2page = 16;
		bool pagesize = false;
		if (wat_is_open(w, w->i, "pagesize")) {
			w->i += 2;
			ps = u64_atom(m, 64);
			if (!ps || (ps & (ps - 1)))
				wat_fail(w, w->i - 1, "invalid custom page size");
			for (log2page = 0; ((uint64_t)1 << log2page) < ps; log2page++)
				;
			pagesize = true;
			wat_expect(w, TK_RPAR, "\")\"");
		}
		if (!wat_is_open(w, w->i, "data"))
			wat_fail(w, w->i, "unexpected token, expected (data ...)");
		w->i += 2;
		while (wat_tok(w, w->i)->kind == TK_STRING) {
			Str s = wat_string(w, w->i++);
			buf_add(data, s.p, s.len);
		}
		wat_expect(w, TK_RPAR, "\")\"");
		pages = (data->len + ps - 1) / ps;
		buf_char(out, (char)(1 | i64 << 2 | pagesize << 3));
		wm_uleb(out, pages);
		wm_uleb(out, pages);
		if (pagesize)
			wm_uleb(out, log2page);
		if (idx == 0) {
			buf_char(d, 0);
		} else {
			buf_char(d, 2);
			wm_uleb(d, idx);
		}
		zero_offset(d, i64);
		put_vec(d, (uint32_t)data->len, data);
		m->nsec[S_DATA]++;
		wat_unbuf(m->w, data);
	} else {
		limits(m, out, i64, true);
	}
	wat_expect(w, TK_RPAR, "\")\"");
}

static void field_global(Mod *m)
{
	Wat *w = m->w;
	uint32_t idx = m->count[SP_GLOBAL]++;

	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	inline_exports(m, 3, idx);
	if (inline_import(m)) {
		buf_char(&m->sec[S_IMPORT], 3);
		globaltype(m, &m->sec[S_IMPORT]);
		wat_expect(w, TK_RPAR, "\")\"");
		return;
	}
	m->seen_def = true;
	m->seen_def_kind = "global";
	globaltype(m, &m->sec[S_GLOBAL]);
	wi_expr(m, &m->sec[S_GLOBAL]);
	m->nsec[S_GLOBAL]++;
	wat_expect(w, TK_RPAR, "\")\"");
}

static void field_tag(Mod *m)
{
	Wat *w = m->w;
	uint32_t idx = m->count[SP_TAG]++, np;
	Buf *out;

	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	inline_exports(m, 4, idx);
	if (inline_import(m)) {
		out = &m->sec[S_IMPORT];
		buf_char(out, 4);
	} else {
		m->seen_def = true;
		m->seen_def_kind = "tag";
		out = &m->sec[S_TAG];
		m->nsec[S_TAG]++;
	}
	buf_char(out, 0);
	wm_uleb(out, wm_typeuse(m, false, &np));
	wat_expect(w, TK_RPAR, "\")\"");
}

/* '(' 'import' "mod" "name" '(' kind id? desc ')' ')' */
static void field_import(Mod *m)
{
	Wat *w = m->w;
	Buf *out = &m->sec[S_IMPORT];
	int sp;
	uint32_t np;
	bool i64;
	size_t at = w->i - 2;

	put_name(out, wat_name(w, w->i));
	put_name(out, wat_name(w, w->i + 1));
	w->i += 2;
	if (wat_tok(w, w->i)->kind != TK_LPAR || (sp = desc_space(w, w->i + 1)) < 0)
		wat_fail(w, w->i, "unexpected token, expected an import description");
	if (m->seen_def)
		wat_fail(w, at, "import after %s", m->seen_def_kind);
	w->i += 2;
	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	m->nsec[S_IMPORT]++;
	m->count[sp]++;
	switch (sp) {
	case SP_FUNC:
		m->func = m->count[SP_FUNC] - 1;
		buf_char(out, 0);
		wm_uleb(out, wm_typeuse(m, true, &np));
		break;
	case SP_TABLE: {
		Buf *lim = wat_buf(m->w);
		buf_char(out, 1);
		i64 = addrtype(m);
		limits(m, lim, i64, false);
		wm_valtype(m, out);
		buf_add(out, lim->p, lim->len);
		wat_unbuf(m->w, lim);
		vec_push(m->table64, i64);
		break;
	}
	case SP_MEM:
		buf_char(out, 2);
		i64 = addrtype(m);
		limits(m, out, i64, true);
		vec_push(m->mem64, i64);
		break;
	case SP_GLOBAL:
		buf_char(out, 3);
		globaltype(m, out);
		break;
	default:
		buf_char(out, 4);
		buf_char(out, 0);
		wm_uleb(out, wm_typeuse(m, false, &np));
	}
	wat_expect(w, TK_RPAR, "\")\"");
	wat_expect(w, TK_RPAR, "\")\"");
}

static void field_export(Mod *m)
{
	Wat *w = m->w;
	Buf *out = &m->sec[S_EXPORT];
	int sp;
	static const int kinds[] = { 0, 0, 1, 2, 3, 4 };

	put_name(out, wat_name(w, w->i));
	w->i++;
	if (wat_tok(w, w->i)->kind != TK_LPAR || (sp = desc_space(w, w->i + 1)) < 0)
		wat_fail(w, w->i, "unexpected token, expected an export description");
	w->i += 2;
	buf_char(out, (char)kinds[sp]);
	wm_uleb(out, wm_index(m, sp));
	m->nsec[S_EXPORT]++;
	wat_expect(w, TK_RPAR, "\")\"");
	wat_expect(w, TK_RPAR, "\")\"");
}

/*   elem ::= '(' 'elem' id? elemlist ')'                       passive
 *          | '(' 'elem' id? 'declare' elemlist ')'             declarative
 *          | '(' 'elem' id? tableuse? offset elemlist ')'      active
 * with the abbreviation '(' 'elem' id? offset funcidx* ')'. */
static void field_elem(Mod *m)
{
	Wat *w = m->w;
	Buf *items = wat_buf(m->w), *type = wat_buf(m->w), *off = wat_buf(m->w), *out = &m->sec[S_ELEM];
	uint32_t n, table = 0;
	bool exprs, explicit_table = false;

	m->count[SP_ELEM]++;
	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	if (wat_is_kw(w, w->i, "declare")) {
		w->i++;
		exprs = elemlist(m, items, &n, type, false, false);
		buf_char(out, exprs ? 7 : 3);
		if (exprs)
			buf_add(out, type->p, type->len);
		else
			buf_char(out, 0);
		put_vec(out, n, items);
		m->nsec[S_ELEM]++;
	} else if (wat_tok(w, w->i)->kind == TK_LPAR && !wat_is_open(w, w->i, "ref")) {
		if (wat_is_open(w, w->i, "table")) {
			w->i += 2;
			table = wm_index(m, SP_TABLE);
			explicit_table = true;
			wat_expect(w, TK_RPAR, "\")\"");
		} else if (at_number(m) || wat_tok(w, w->i)->kind == TK_ID) {
			/* a bare table index (the 1.0 abbreviation) */
			table = wm_index(m, SP_TABLE);
			explicit_table = true;
		}
		offset(m, off);
		exprs = elemlist(m, items, &n, type, true, false);
		if (!exprs && !type->len)
			buf_char(type, 0x70);
		active_elem(m, table, explicit_table && table != 0, off, exprs, type, n, items);
	} else {
		if (at_number(m) || wat_tok(w, w->i)->kind == TK_ID) {
			/* bare table index then offset */
			table = wm_index(m, SP_TABLE);
			offset(m, off);
			exprs = elemlist(m, items, &n, type, true, false);
			active_elem(m, table, table != 0, off, exprs, type, n, items);
		} else {
			exprs = elemlist(m, items, &n, type, false, false);
			buf_char(out, exprs ? 5 : 1);
			if (exprs)
				buf_add(out, type->p, type->len);
			else
				buf_char(out, 0);
			put_vec(out, n, items);
			m->nsec[S_ELEM]++;
		}
	}
	wat_expect(w, TK_RPAR, "\")\"");
	wat_unbuf(m->w, items);
	wat_unbuf(m->w, type);
	wat_unbuf(m->w, off);
}

/*   data ::= '(' 'data' id? string* ')'
 *          | '(' 'data' id? memuse? offset string* ')' */
static void field_data(Mod *m)
{
	Wat *w = m->w;
	Buf *out = &m->sec[S_DATA], *bytes = wat_buf(m->w);
	uint32_t mem = 0;

	m->count[SP_DATA]++;
	if (wat_tok(w, w->i)->kind == TK_ID)
		w->i++;
	if (wat_tok(w, w->i)->kind == TK_LPAR || at_number(m) ||
	    wat_tok(w, w->i)->kind == TK_ID) {
		bool explicit = false;
		if (wat_is_open(w, w->i, "memory")) {
			w->i += 2;
			mem = wm_index(m, SP_MEM);
			wat_expect(w, TK_RPAR, "\")\"");
			explicit = true;
		} else if (at_number(m) || wat_tok(w, w->i)->kind == TK_ID) {
			mem = wm_index(m, SP_MEM);
			explicit = true;
		}
		if (mem == 0) {
			buf_char(out, 0);
		} else {
			buf_char(out, 2);
			wm_uleb(out, mem);
		}
		(void)explicit;
		offset(m, out);
	} else {
		buf_char(out, 1);
	}
	while (wat_tok(w, w->i)->kind == TK_STRING) {
		Str s = wat_string(w, w->i++);
		buf_add(bytes, s.p, s.len);
	}
	put_vec(out, (uint32_t)bytes->len, bytes);
	m->nsec[S_DATA]++;
	wat_unbuf(m->w, bytes);
	wat_expect(w, TK_RPAR, "\")\"");
}

static void section(Buf *out, int id, const Buf *body, uint32_t n, bool counted)
{
	Buf tmp = { 0 };
	if (counted)
		wm_uleb(&tmp, n);
	buf_add(&tmp, body->p, body->len);
	buf_char(out, (char)id);
	wm_uleb(out, tmp.len);
	buf_add(out, tmp.p, tmp.len);
	buf_free(&tmp);
}

void wm_free(Mod *m)
{
	size_t i;

	for (i = 0; i < 14; i++)
		buf_free(&m->sec[i]);
	buf_free(&m->sigs);
	free(m->types.v);
	free(m->table64.v);
	free(m->mem64.v);
	free(m->labels.v);
	free(m);
}

void wat_module_fields(Wat *w, Buf *out)
{
	Mod *m;
	size_t start = w->i, end = start, i;
	static const int order[] = { S_TYPE, S_IMPORT, S_FUNC, S_TABLE, S_MEM, S_TAG, S_GLOBAL,
	                             S_EXPORT, S_START, S_ELEM, S_DATACOUNT, S_CODE, S_DATA };

	m = xcalloc(1, sizeof *m);
	w->mod = m;
	m->w = w;
	while (wat_tok(w, end)->kind == TK_LPAR)
		end = wat_skip_sexpr(w, end);
	collect_names(m, start, end);
	/* pass 2: the types */
	for (i = start; i < end; i = wat_skip_sexpr(w, i)) {
		if (wat_is_open(w, i, "type")) {
			w->i = i;
			typedef_(m, true);
			m->nsec[S_TYPE]++;
		} else if (wat_is_open(w, i, "rec")) {
			Buf *ts = &m->sec[S_TYPE];
			size_t j;
			uint32_t n = 0;
			for (j = i + 2; wat_is_open(w, j, "type"); j = wat_skip_sexpr(w, j))
				n++;
			/* a group of one is the type alone, as the binary format
			 * has it (what a module without GC types needs) */
			w->i = i + 2;
			if (n != 1) {
				buf_char(ts, 0x4e);
				wm_uleb(ts, n);
			}
			while (wat_is_open(w, w->i, "type"))
				typedef_(m, n == 1);
			wat_expect(w, TK_RPAR, "\")\"");
			m->nsec[S_TYPE]++;
		}
	}
	/* pass 3: the rest */
	memset(m->count, 0, sizeof m->count);
	for (i = start; i < end; i = wat_skip_sexpr(w, i)) {
		w->i = i + 2;
		if (wat_is_kw(w, i + 1, "type") || wat_is_kw(w, i + 1, "rec"))
			continue;
		if (wat_is_kw(w, i + 1, "func"))
			field_func(m);
		else if (wat_is_kw(w, i + 1, "table"))
			field_table(m);
		else if (wat_is_kw(w, i + 1, "memory"))
			field_memory(m);
		else if (wat_is_kw(w, i + 1, "global"))
			field_global(m);
		else if (wat_is_kw(w, i + 1, "tag"))
			field_tag(m);
		else if (wat_is_kw(w, i + 1, "import"))
			field_import(m);
		else if (wat_is_kw(w, i + 1, "export"))
			field_export(m);
		else if (wat_is_kw(w, i + 1, "elem"))
			field_elem(m);
		else if (wat_is_kw(w, i + 1, "data"))
			field_data(m);
		else if (wat_is_kw(w, i + 1, "start")) {
			if (m->has_start)
				wat_fail(w, i, "multiple start sections");
			m->has_start = true;
			wm_uleb(&m->sec[S_START], wm_index(m, SP_FUNC));
			wat_expect(w, TK_RPAR, "\")\"");
		} else
			wat_fail(w, i + 1, "unexpected token, expected a module field");
		if (w->i != wat_skip_sexpr(w, i))
			wat_fail(w, w->i, "unexpected token");
	}
	w->i = end;
	buf_add(out, "\0asm\1\0\0\0", 8);
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		int s = order[i];
		if (s == S_START) {
			if (m->has_start)
				section(out, s, &m->sec[s], 0, false);
		} else if (s == S_DATACOUNT) {
			if (m->nsec[S_DATA]) {
				Buf empty = { 0 };
				section(out, s, &empty, m->nsec[S_DATA], true);
			}
		} else if (m->nsec[s] || (s == S_CODE && m->nsec[S_FUNC])) {
			section(out, s, &m->sec[s], m->nsec[s], true);
		}
	}
	wm_free(m);
	w->mod = NULL;
}

bool wat_is_text(const uint8_t *p, size_t n)
{
	size_t i = 0;
	if (n >= 4 && !memcmp(p, "\0asm", 4))
		return false;
	/* a UTF-8 byte order mark */
	if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		i = 3;
	for (; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')
			continue;
		return p[i] == '(' || p[i] == ';';
	}
	return false;
}

bool wat_to_wasm(const char *src, size_t size, Buf *out, char *err, size_t errsize)
{
	Wat w;
	volatile bool ok = false;

	memset(&w, 0, sizeof w);
	w.src = src;
	w.size = size;
	if (setjmp(w.env) == 0) {
		wat_lex(&w);
		if (wat_is_open(&w, 0, "module")) {
			w.i = 2;
			if (wat_tok(&w, w.i)->kind == TK_ID)
				w.i++;
			if (wat_is_kw(&w, w.i, "binary") || wat_is_kw(&w, w.i, "quote") ||
			    wat_is_kw(&w, w.i, "definition"))
				wat_fail(&w, w.i, "a module file holds a text module");
			wat_module_fields(&w, out);
			wat_expect(&w, TK_RPAR, "\")\"");
		} else {
			wat_module_fields(&w, out);
		}
		if (wat_tok(&w, w.i)->kind != TK_EOF)
			wat_fail(&w, w.i, "unexpected token after the module");
		ok = true;
	} else {
		snprintf(err, errsize, "%s", w.err);
	}
	wat_free(&w);
	return ok;
}

uint8_t *read_module(const char *path, size_t *size, char *err, size_t errsize)
{
	char why[300];
	uint8_t *bytes = read_input(path, size, why, sizeof why);
	Buf out = { 0 };

	if (!bytes) {
		snprintf(err, errsize, "%s: %s", path, why);
		return NULL;
	}
	if (!wat_is_text(bytes, *size))
		return bytes;
	if (!wat_to_wasm((const char *)bytes, *size, &out, why, sizeof why)) {
		snprintf(err, errsize, "%s:%s", path, why);
		free(bytes);
		buf_free(&out);
		return NULL;
	}
	free(bytes);
	*size = out.len;
	return (uint8_t *)out.p;
}
