/*
 * decode.c: the module's sections into a Module.
 *
 * Everything except function bodies is decoded and validated here; bodies
 * are only located (emit_func.c reads each one in a single pass later), so
 * memory stays proportional to the module's declarations plus its largest
 * function.
 *
 *   module  ::= magic version section*
 *   section ::= id:byte size:u32 contents
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Section ids, and the order sections must come in. */
enum {
	SEC_CUSTOM = 0, SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY,
	SEC_GLOBAL, SEC_EXPORT, SEC_START, SEC_ELEMENT, SEC_CODE, SEC_DATA,
	SEC_DATACOUNT, SEC_TAG,
};

static int section_rank(uint8_t id)
{
	static const int rank[] = {
		[SEC_TYPE] = 1, [SEC_IMPORT] = 2, [SEC_FUNCTION] = 3,
		[SEC_TABLE] = 4, [SEC_MEMORY] = 5, [SEC_TAG] = 6, [SEC_GLOBAL] = 7,
		[SEC_EXPORT] = 8, [SEC_START] = 9, [SEC_ELEMENT] = 10,
		[SEC_DATACOUNT] = 11, [SEC_CODE] = 12, [SEC_DATA] = 13,
	};
	return rank[id];
}

/* Grows one of the module's index spaces by n entries (arena-owned). */
static void *extend(Module *m, void *old, uint32_t have, uint32_t n, size_t elem)
{
	void *p = arena_alloc(&m->arena, ((size_t)have + n) * elem);
	if (have)
		memcpy(p, old, have * elem);
	return p;
}

/*
 * heaptype ::= abstract:byte | x:s33  (a type index, below `ntypes`)
 * The abstract ones are one byte, negative as an s33.
 */
uint32_t read_heaptype(Module *m, Reader *r, uint32_t ntypes)
{
	size_t at = rd_offset(r);
	int64_t x = rd_s33(r);

	if (x < 0) {
		uint8_t c = (uint8_t)(x & 0x7f);
		if (ht_abstract(c)) {
			if (c != HT_FUNC && c != HT_EXTERN && c != HT_EXN)
				m->gc = true;
			return c;
		}
		fail_type(r->diag, at, c, "heap");
	}
	if ((uint64_t)x >= ntypes)
		fail(r->diag, at, "unknown type %lld", (long long)x);
	return HT_INDEX + (uint32_t)x;
}

/*
 * valtype ::= numtype | vectype | reftype
 * reftype ::= 0x64 ht:heaptype  (ref ht) | 0x63 ht:heaptype  (ref null ht)
 *           | a shorthand byte: funcref, externref, exnref
 */
ValType read_valtype(Module *m, Reader *r, uint32_t ntypes, bool ref)
{
	size_t at = rd_offset(r);
	uint8_t t = rd_u8(r);

	if (t == VT_REF || t == VT_REF_NULL)
		return vt_ref(t == VT_REF_NULL, read_heaptype(m, r, ntypes));
	if (ref ? !is_reftype(t) : !is_valtype(t))
		fail_type(r->diag, at, t, ref ? "reference" : "value");
	if (ht_abstract(t) && t != VT_FUNCREF && t != VT_EXTERNREF && t != VT_EXNREF)
		m->gc = true;
	return t;
}

/*
 * limits ::= flags:byte min:u32 (max:u32)? (pagesize:u32)?
 *   flags bit 0: a maximum follows; bit 1 (memories): shared (threads), which
 *   needs a maximum; bit 2: 64-bit (memory64, table64),
 *   min and max are u64 then; bit 3 (memories): the page size, 2^p, follows
 *   (custom page sizes: p is 0 or 16).
 */
static Limits read_limits(Reader *r, bool memory)
{
	size_t at = rd_offset(r);
	uint8_t flag = rd_u8(r);
	Limits l = { 0, 0, false, false, false, 16, false, false, 0 };

	if (flag & ~(memory ? 0x0fu : 0x05u))
		fail(r->diag, at, "malformed limits flags");
	l.is64 = flag & 4;
	l.shared = flag & 2;
	l.min = l.is64 ? rd_u64(r) : rd_u32(r);
	if (flag & 1) {
		l.max = l.is64 ? rd_u64(r) : rd_u32(r);
		l.has_max = true;
	}
	if (flag & 8) {
		size_t pat = rd_offset(r);
		uint32_t p = rd_u32(r);
		/* malformed past 64, invalid otherwise: one message for both */
		if (p != 0 && p != 16)
			fail(r->diag, pat, "invalid custom page size");
		l.page_log2 = (uint8_t)p;
	}
	if (l.has_max && l.min > l.max)
		fail(r->diag, at, "size minimum must not be greater than maximum");
	if (l.shared && !l.has_max)
		fail(r->diag, at, "shared memory must have maximum");
	return l;
}

static Table read_tabletype(Module *m, Reader *r)
{
	Table t = { 0 };

	t.elem = read_valtype(m, r, m->ntypes, true);
	t.lim = read_limits(r, false);
	/* A minimum past what the runtime allocates (W2C_MAX_TABLE_SIZE) is
	 * valid: instantiation fails, as in wasmtime (table.wast defines such
	 * a module without instantiating it). */
	return t;
}

/* A memory holds at most 2^32 bytes, or 2^64 when 64-bit. */
static Limits read_memtype(Reader *r)
{
	size_t at = rd_offset(r);
	Limits l = read_limits(r, true);
	unsigned bits = (l.is64 ? 64u : 32u) - l.page_log2;

	if (bits < 64 && (l.min > (uint64_t)1 << bits ||
	                  (l.has_max && l.max > (uint64_t)1 << bits))) {
		if (l.is64)
			fail(r->diag, at, "memory size must be at most 2^%u pages", bits);
		fail(r->diag, at, "memory size must be at most %llu pages (4GiB)",
		     (unsigned long long)1 << bits);
	}
	return l;
}

/* globaltype ::= t:valtype mut:(0x00 | 0x01) */
static Global read_globaltype(Module *m, Reader *r)
{
	Global g;
	size_t at;
	uint8_t mut;

	g.type = read_valtype(m, r, m->ntypes, false);
	at = rd_offset(r);
	mut = rd_u8(r);
	if (mut > 1)
		fail(r->diag, at, "malformed mutability");
	g.mut = mut;
	g.init = 0;
	g.known = false;
	g.value = 0;
	return g;
}

static void check_index(Reader *r, size_t at, uint32_t i, uint32_t n, const char *what)
{
	if (i >= n)
		fail(r->diag, at, "unknown %s %u", what, i);
}

/* A type index where a function type is needed (functions, tags). */
static void check_functype(Module *m, Reader *r, size_t at, uint32_t i)
{
	check_index(r, at, i, m->ntypes, "type");
	if (m->types[i].kind != COMP_FUNC)
		fail(r->diag, at, "type mismatch: type %u is not a function type", i);
}

/* tagtype ::= 0x00 x:typeidx  (the type's results must be empty) */
static uint32_t read_tagtype(Module *m, Reader *r)
{
	size_t at = rd_offset(r);
	uint32_t x;

	if (rd_u8(r) != 0x00)
		fail(r->diag, at, "malformed tag attribute");
	at = rd_offset(r);
	x = rd_u32(r);
	check_functype(m, r, at, x);
	if (m->types[x].nresults)
		fail(r->diag, at, "non-empty tag result type");
	return x;
}

/*
 * Signatures too large for an inline id share one runtime slot per
 * distinct signature: a hash set of the types seen, by content, so that
 * a million large types cost linear time.
 */
typedef struct LargeSet {
	uint32_t *slots;      /* type index + 1, or 0 */
	uint32_t cap, n;
} LargeSet;

static uint64_t type_hash(const FuncType *t)
{
	uint64_t h = 0xcbf29ce484222325u ^ t->nparams ^ (uint64_t)t->nresults << 32;
	uint32_t k;

	for (k = 0; k < t->nparams; k++)
		h = (h ^ t->params[k]) * 0x100000001b3u;
	for (k = 0; k < t->nresults; k++)
		h = (h ^ t->results[k]) * 0x100000001b3u;
	return h;
}

bool same_type(const FuncType *a, const FuncType *b)
{
	return a->nparams == b->nparams && a->nresults == b->nresults &&
	       !memcmp(a->params, b->params, a->nparams * sizeof *a->params) &&
	       !memcmp(a->results, b->results, a->nresults * sizeof *a->results);
}

/*
 * Type equality is iso-recursive (GC): types are defined in recursion
 * groups, and two types are equal when they sit at the same place in two
 * structurally equal groups.  Within a group, a reference to a type of
 * the same group is compared by its place in the group; a reference to
 * an earlier type by that type's canon.  Each type's `canon` is the type
 * at the same place of the first group equal to its own, found through a
 * hash of the groups' structure; comparing two type indices is then one
 * compare.  (A module without rec groups has one group per type.)
 */
static bool vt_equal_rel(const Module *m, ValType a, uint32_t s1, ValType b, uint32_t s2,
                         uint32_t n)
{
	uint32_t x, y;
	bool in1, in2;

	if (a <= 0xff || b <= 0xff || (a & 0xff) != (b & 0xff))
		return a == b;
	x = vt_heap(a);
	y = vt_heap(b);
	if (x < HT_INDEX || y < HT_INDEX)
		return x == y;
	x -= HT_INDEX;
	y -= HT_INDEX;
	in1 = x >= s1 && x - s1 < n;
	in2 = y >= s2 && y - s2 < n;
	if (in1 || in2)
		return in1 && in2 && x - s1 == y - s2;
	return m->types[x].canon == m->types[y].canon;
}

static bool super_equal_rel(const Module *m, uint32_t x, uint32_t s1, uint32_t y, uint32_t s2,
                            uint32_t n)
{
	if (x == NO_SUPER || y == NO_SUPER)
		return x == y;
	return vt_equal_rel(m, VT_REF | (HT_INDEX + x) << 8, s1, VT_REF | (HT_INDEX + y) << 8,
	                    s2, n);
}

static bool type_equal_rel(const Module *m, uint32_t i, uint32_t s1, uint32_t j, uint32_t s2,
                           uint32_t n)
{
	const FuncType *a = &m->types[i], *b = &m->types[j];
	uint32_t k;

	if (a->kind != b->kind || a->final != b->final || a->nparams != b->nparams ||
	    a->nresults != b->nresults || a->nfields != b->nfields ||
	    !super_equal_rel(m, a->super, s1, b->super, s2, n))
		return false;
	for (k = 0; k < a->nparams; k++)
		if (!vt_equal_rel(m, a->params[k], s1, b->params[k], s2, n))
			return false;
	for (k = 0; k < a->nresults; k++)
		if (!vt_equal_rel(m, a->results[k], s1, b->results[k], s2, n))
			return false;
	for (k = 0; k < a->nfields; k++)
		if (a->fields[k].mut != b->fields[k].mut ||
		    !vt_equal_rel(m, a->fields[k].type, s1, b->fields[k].type, s2, n))
			return false;
	return true;
}

static bool groups_equal(const Module *m, uint32_t s1, uint32_t s2, uint32_t n)
{
	uint32_t k;

	if (m->types[s2].nrec != n)
		return false;
	for (k = 0; k < n; k++)
		if (!type_equal_rel(m, s1 + k, s1, s2 + k, s2, n))
			return false;
	return true;
}

static uint64_t hash_vt_rel(const Module *m, ValType t, uint32_t s, uint32_t n)
{
	uint32_t x = vt_heap(t);

	if (t <= 0xff || x < HT_INDEX)
		return t;
	x -= HT_INDEX;
	if (x >= s && x - s < n)
		return (t & 0xff) ^ (uint64_t)(x - s) << 40;
	return (t & 0xff) ^ (uint64_t)m->types[x].canon << 8;
}

static uint64_t group_hash(const Module *m, uint32_t s, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325u ^ n;
	uint32_t i, k;

#define MIX(v) (h = (h ^ (uint64_t)(v)) * 0x100000001b3u)
	for (i = s; i < s + n; i++) {
		const FuncType *t = &m->types[i];
		MIX(t->kind | (uint64_t)t->final << 8 | (uint64_t)t->nparams << 16 |
		    (uint64_t)t->nresults << 40);
		MIX(t->nfields);
		MIX(t->super == NO_SUPER ? 0xffffffffu
		                         : hash_vt_rel(m, VT_REF | (HT_INDEX + t->super) << 8, s, n));
		for (k = 0; k < t->nparams; k++)
			MIX(hash_vt_rel(m, t->params[k], s, n));
		for (k = 0; k < t->nresults; k++)
			MIX(hash_vt_rel(m, t->results[k], s, n));
		for (k = 0; k < t->nfields; k++)
			MIX(hash_vt_rel(m, t->fields[k].type, s, n) ^ (uint64_t)t->fields[k].mut << 63);
	}
#undef MIX
	return h;
}

/* The canonical groups seen so far: a hash set of first type + 1. */
typedef struct GroupSet {
	uint32_t *slots;
	uint32_t cap, n;
} GroupSet;

/* Sets the canon of group [s, s + n). */
static void canon_group(Module *m, GroupSet *set, uint32_t s, uint32_t n)
{
	uint32_t k, i;

	if (set->n * 2 >= set->cap) {
		GroupSet bigger = { NULL, set->cap ? set->cap * 2 : 64, set->n };
		bigger.slots = arena_zalloc(&m->arena, bigger.cap * sizeof *bigger.slots);
		for (k = 0; k < set->cap; k++) {
			uint32_t g = set->slots[k];
			if (!g)
				continue;
			i = (uint32_t)group_hash(m, g - 1, m->types[g - 1].nrec) & (bigger.cap - 1);
			while (bigger.slots[i])
				i = (i + 1) & (bigger.cap - 1);
			bigger.slots[i] = g;
		}
		*set = bigger;
	}
	for (k = (uint32_t)group_hash(m, s, n) & (set->cap - 1); set->slots[k];
	     k = (k + 1) & (set->cap - 1))
		if (groups_equal(m, s, set->slots[k] - 1, n)) {
			for (i = 0; i < n; i++)
				m->types[s + i].canon = set->slots[k] - 1 + i;
			return;
		}
	set->slots[k] = s + 1;
	set->n++;
	for (i = 0; i < n; i++)
		m->types[s + i].canon = s + i;
}

static uint32_t large_index(Module *m, LargeSet *set, uint32_t i)
{
	const FuncType *t = &m->types[i];
	uint32_t k;

	if (set->n * 2 >= set->cap) {
		/* in the arena, so that an error unwinding past here leaks
		 * nothing; the old tables cost at most as much again */
		LargeSet bigger = { NULL, set->cap ? set->cap * 2 : 64, 0 };
		bigger.slots = arena_zalloc(&m->arena, bigger.cap * sizeof *bigger.slots);
		for (k = 0; k < set->cap; k++) {
			uint32_t j;
			if (!set->slots[k])
				continue;
			j = (uint32_t)type_hash(&m->types[set->slots[k] - 1]) & (bigger.cap - 1);
			while (bigger.slots[j])
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = set->slots[k];
		}
		bigger.n = set->n;
		*set = bigger;
	}
	for (k = (uint32_t)type_hash(t) & (set->cap - 1); set->slots[k];
	     k = (k + 1) & (set->cap - 1))
		if (same_type(&m->types[set->slots[k] - 1], t))
			return m->types[set->slots[k] - 1].large;
	set->slots[k] = i + 1;
	set->n++;
	return m->nlarge++;
}

/* fieldtype ::= st:storagetype m:mut,  storagetype ::= valtype | 0x78 (i8) | 0x77 (i16) */
static Field read_field(Module *m, Reader *r, uint32_t ntypes)
{
	Field f;
	size_t at;
	uint8_t mut;

	if (r->p < r->end && (*r->p == VT_I8 || *r->p == VT_I16))
		f.type = *r->p++;
	else
		f.type = read_valtype(m, r, ntypes, false);
	at = rd_offset(r);
	mut = rd_u8(r);
	if (mut > 1)
		fail(r->diag, at, "malformed mutability");
	f.mut = mut;
	return f;
}

/*
 * comptype ::= 0x60 params:vec(valtype) results:vec(valtype)  (func)
 *            | 0x5f vec(fieldtype)  (struct) | 0x5e fieldtype  (array)
 * Type indices in it may name any type up to the end of its group.
 */
static void read_comptype(Module *m, Reader *r, FuncType *t, uint32_t ntypes)
{
	size_t at = rd_offset(r);
	uint8_t form = rd_u8(r);
	uint32_t k;

	switch (form) {
	case 0x60:
		t->kind = COMP_FUNC;
		t->nparams = rd_count(r, 1);
		if (t->nparams > LIMIT_PARAMS)
			fail(r->diag, at, "too many parameters (limit %u)", LIMIT_PARAMS);
		t->params = arena_alloc(&m->arena, t->nparams * sizeof *t->params);
		for (k = 0; k < t->nparams; k++)
			t->params[k] = read_valtype(m, r, ntypes, false);
		t->nresults = rd_count(r, 1);
		if (t->nresults > LIMIT_RESULTS)
			fail(r->diag, at, "too many results (limit %u)", LIMIT_RESULTS);
		t->results = arena_alloc(&m->arena, t->nresults * sizeof *t->results);
		for (k = 0; k < t->nresults; k++)
			t->results[k] = read_valtype(m, r, ntypes, false);
		break;
	case 0x5f:
		m->gc = true;
		t->kind = COMP_STRUCT;
		t->nfields = rd_count(r, 2);
		if (t->nfields > LIMIT_FIELDS)
			fail(r->diag, at, "too many fields (limit %u)", LIMIT_FIELDS);
		t->fields = arena_alloc(&m->arena, t->nfields * sizeof *t->fields);
		for (k = 0; k < t->nfields; k++)
			t->fields[k] = read_field(m, r, ntypes);
		break;
	case 0x5e:
		m->gc = true;
		t->kind = COMP_ARRAY;
		t->nfields = 1;
		t->fields = arena_alloc(&m->arena, sizeof *t->fields);
		t->fields[0] = read_field(m, r, ntypes);
		break;
	default:
		fail_type_form(r->diag, at, form);
	}
}

/* Storage subtyping: a packed type only matches itself; a mutable field
 * is invariant, an immutable one covariant. */
static bool field_sub(const Module *m, const Field *a, const Field *b)
{
	if (a->mut != b->mut)
		return false;
	if (a->type == VT_I8 || a->type == VT_I16 || b->type == VT_I8 || b->type == VT_I16)
		return a->type == b->type;
	return a->mut ? vt_eq(m, a->type, b->type) : vt_sub(m, a->type, b->type);
}

/* Does type i match its declared supertype (3.0's subtype rules on
 * composite types)? */
static bool matches_super(const Module *m, uint32_t i)
{
	const FuncType *t = &m->types[i], *s = &m->types[t->super];
	uint32_t k;

	if (s->final || t->kind != s->kind)
		return false;
	switch (t->kind) {
	case COMP_FUNC:
		if (t->nparams != s->nparams || t->nresults != s->nresults)
			return false;
		for (k = 0; k < t->nparams; k++)
			if (!vt_sub(m, s->params[k], t->params[k]))
				return false;
		for (k = 0; k < t->nresults; k++)
			if (!vt_sub(m, t->results[k], s->results[k]))
				return false;
		return true;
	default: /* struct: a prefix of fields; array: the element */
		if (t->nfields < s->nfields)
			return false;
		for (k = 0; k < s->nfields; k++)
			if (!field_sub(m, &t->fields[k], &s->fields[k]))
				return false;
		return true;
	}
}

/*
 * A function type 2.0 could declare: alone in its group, final, without
 * supertype, of numbers, vectors and the nullable funcref, externref and
 * exnref.  Its signature identifies it in every module, so its id stays
 * the signature's (w2c_functype_inline_id) and code without 3.0's types
 * is what it was; any other type is identified by its canonical rtt.
 */
static bool plain_type(const FuncType *t)
{
	uint32_t k;

	if (t->kind != COMP_FUNC || t->nrec != 1 || !t->final || t->super != NO_SUPER)
		return false;
	for (k = 0; k < t->nparams + t->nresults; k++) {
		ValType v = k < t->nparams ? t->params[k] : t->results[k - t->nparams];
		if (v > 0xff || (is_reftype((uint8_t)v) && v != VT_FUNCREF && v != VT_EXTERNREF &&
		                 v != VT_EXNREF))
			return false;
	}
	return true;
}

/*
 * typesec ::= vec(rectype)
 * rectype ::= 0x4e vec(subtype) | subtype       (a group of one)
 * subtype ::= 0x50 vec(typeidx) comptype         (open to subtypes)
 *           | 0x4f vec(typeidx) comptype | comptype   (final)
 * At most one supertype, defined before the type.
 */
static void read_types(Module *m, Reader *r)
{
	uint32_t ngroups = rd_count(r, 2), g, i, k;
	LargeSet large = { NULL, 0, 0 };
	GroupSet groups = { NULL, 0, 0 };
	uint32_t cap = 0;

	for (g = 0; g < ngroups; g++) {
		size_t gat = rd_offset(r);
		uint32_t n = 1, s = m->ntypes;
		if (r->p < r->end && *r->p == 0x4e) {
			r->p++;
			n = rd_count(r, 1);
		}
		if ((uint64_t)s + n > LIMIT_TYPES)
			fail(r->diag, gat, "too many types (limit %u)", LIMIT_TYPES);
		if (s + n > cap) {
			uint32_t nc = cap ? cap : 16;
			while (nc < s + n)
				nc *= 2;
			m->types = extend(m, m->types, s, nc - s, sizeof *m->types);
			memset(m->types + s, 0, (nc - s) * sizeof *m->types);
			cap = nc;
		}
		m->ntypes = s + n;
		for (i = s; i < s + n; i++) {
			FuncType *t = &m->types[i];
			size_t at = rd_offset(r);
			t->rec = s;
			t->nrec = n;
			t->final = true;
			t->super = NO_SUPER;
			if (r->p < r->end && (*r->p == 0x50 || *r->p == 0x4f)) {
				uint32_t nsup;
				t->final = *r->p++ == 0x4f;
				nsup = rd_count(r, 1);
				if (nsup > 1)
					fail(r->diag, at, "sub type: at most one supertype");
				if (nsup) {
					size_t sat = rd_offset(r);
					t->super = rd_u32(r);
					if (t->super >= i)
						fail(r->diag, sat, "unknown type %u: sub type must name an earlier type",
						     t->super);
				}
			}
			read_comptype(m, r, t, s + n);
		}
		canon_group(m, &groups, s, n);
		vt_rep_module(m); /* m->types moved: valtype_abi below asks */
		for (i = s; i < s + n; i++) {
			FuncType *t = &m->types[i];
			uint8_t abi[2 * LIMIT_PARAMS + 2];
			if (t->super != NO_SUPER) {
				if (!matches_super(m, i))
					fail(r->diag, gat, "sub type %u does not match its supertype %u", i,
					     t->super);
				t->depth = m->types[t->super].depth + 1;
				if (t->depth > LIMIT_SUBTYPE_DEPTH)
					fail(r->diag, gat, "sub type: too deep (limit %u)",
					     LIMIT_SUBTYPE_DEPTH);
			}
			for (k = 0; k < t->nparams; k++)
				abi[k] = (uint8_t)valtype_abi(t->params[k]);
			for (k = 0; k < t->nresults; k++)
				abi[t->nparams + k] = (uint8_t)valtype_abi(t->results[k]);
			if (!plain_type(t)) {
				/* a slot of type_ids per canonical type, which
				 * instantiation fills with its rtt's id */
				m->rtts = true;
				t->by_rtt = t->kind == COMP_FUNC;
				if (t->by_rtt)
					t->large = t->canon == i ? m->nlarge++ : m->types[t->canon].large;
				continue;
			}
			t->id = w2c_functype_inline_id(t->nparams, t->nresults, abi);
			if (!t->id)
				t->large = large_index(m, &large, i);
		}
	}
}

/* import ::= module:name name:name importdesc */
static void read_imports(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 4), i;

	if (n > LIMIT_IMPORTS)
		fail(r->diag, rd_offset(r), "too many imports (limit %u)", LIMIT_IMPORTS);
	m->imports = arena_zalloc(&m->arena, n * sizeof *m->imports);
	m->nimports = n;
	/* Worst case every import is of one kind. */
	m->funcs = arena_zalloc(&m->arena, n * sizeof *m->funcs);
	m->tables = arena_zalloc(&m->arena, n * sizeof *m->tables);
	m->memories = arena_zalloc(&m->arena, n * sizeof *m->memories);
	m->globals = arena_zalloc(&m->arena, n * sizeof *m->globals);
	m->tags = arena_zalloc(&m->arena, n * sizeof *m->tags);
	for (i = 0; i < n; i++) {
		Import *im = &m->imports[i];
		size_t at;

		im->module = rd_name(r, &im->module_len);
		im->name = rd_name(r, &im->name_len);
		at = rd_offset(r);
		im->kind = rd_u8(r);
		switch (im->kind) {
		case EXT_FUNC: {
			size_t tat = rd_offset(r);
			uint32_t t = rd_u32(r);
			check_functype(m, r, tat, t);
			im->index = m->nfuncs++;
			m->funcs[im->index].type = t;
			m->funcs[im->index].imported = true;
			break;
		}
		case EXT_TABLE:
			im->index = m->ntables++;
			m->tables[im->index] = read_tabletype(m, r);
			break;
		case EXT_MEMORY:
			im->index = m->nmemories++;
			m->memories[im->index] = read_memtype(r);
			break;
		case EXT_GLOBAL:
			im->index = m->nglobals++;
			m->globals[im->index] = read_globaltype(m, r);
			break;
		case EXT_TAG:
			im->index = m->ntags++;
			m->tags[im->index] = read_tagtype(m, r);
			break;
		default:
			fail(r->diag, at, "malformed import kind");
		}
	}
	m->nimported_funcs = m->nfuncs;
	m->nimported_tables = m->ntables;
	m->nimported_memories = m->nmemories;
	m->nimported_globals = m->nglobals;
	m->nimported_tags = m->ntags;
}

static void read_tags(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 2), i;

	if ((uint64_t)n + m->ntags > LIMIT_TAGS)
		fail(r->diag, rd_offset(r), "too many tags (limit %u)", LIMIT_TAGS);
	m->tags = extend(m, m->tags, m->ntags, n, sizeof *m->tags);
	for (i = 0; i < n; i++)
		m->tags[m->ntags++] = read_tagtype(m, r);
}

static void read_functions(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 1), i;

	if ((uint64_t)n + m->nfuncs > LIMIT_FUNCS)
		fail(r->diag, rd_offset(r), "too many functions (limit %u)", LIMIT_FUNCS);
	m->funcs = extend(m, m->funcs, m->nfuncs, n, sizeof *m->funcs);
	for (i = 0; i < n; i++) {
		size_t at = rd_offset(r);
		Func *f = &m->funcs[m->nfuncs++];
		f->type = rd_u32(r);
		check_functype(m, r, at, f->type);
		f->imported = false;
		f->name = NULL;
		f->body = f->body_len = 0;
	}
}

static size_t read_const_expr(Module *m, Reader *r, ValType type, ConstExpr *e);

/*
 * table ::= tt:tabletype | 0x40 0x00 tt:tabletype e:expr
 * e (3.0) is every element's initial value; without it they are null, so
 * the element type must be nullable.
 */
static void read_tables(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 3), i;

	if ((uint64_t)n + m->ntables > LIMIT_TABLES)
		fail(r->diag, rd_offset(r), "too many tables (limit %u)", LIMIT_TABLES);
	m->tables = extend(m, m->tables, m->ntables, n, sizeof *m->tables);
	for (i = 0; i < n; i++) {
		size_t at = rd_offset(r);
		Table t;
		ConstExpr e;
		if (r->p < r->end && *r->p == 0x40) {
			r->p++;
			if (rd_u8(r) != 0x00)
				fail(r->diag, at, "malformed table");
			t = read_tabletype(m, r);
			t.init = read_const_expr(m, r, t.elem, &e);
		} else {
			t = read_tabletype(m, r);
			if (!vt_nullable(t.elem))
				fail(r->diag, at, "type mismatch: a table of %s needs an initializer",
				     valtype_name(t.elem));
		}
		m->tables[m->ntables++] = t;
	}
}

static void read_memories(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 2), i;

	m->memories = extend(m, m->memories, m->nmemories, n, sizeof *m->memories);
	if ((uint64_t)n + m->nmemories > LIMIT_MEMORIES)
		fail(r->diag, rd_offset(r), "too many memories (limit %u)", LIMIT_MEMORIES);
	for (i = 0; i < n; i++)
		m->memories[m->nmemories++] = read_memtype(r);
}

/* Skips a constant expression, checking it at once. */
static size_t read_const_expr(Module *m, Reader *r, ValType type, ConstExpr *e)
{
	size_t start = rd_offset(r);
	size_t end = const_expr(m, start, type, m->nglobals, e);

	if (end > (size_t)(r->end - r->base))
		fail(r->diag, rd_offset(r), "unexpected end of section or function");
	r->p = r->base + end;
	if (e->op == 0xd2)
		m->declared[e->value] |= DECLARED_REF;
	return start;
}

/* global ::= gt:globaltype e:expr  (e sees the globals before it) */
static void read_globals(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 4), i;

	if ((uint64_t)n + m->nglobals > LIMIT_GLOBALS)
		fail(r->diag, rd_offset(r), "too many globals (limit %u)", LIMIT_GLOBALS);
	m->globals = extend(m, m->globals, m->nglobals, n, sizeof *m->globals);
	for (i = 0; i < n; i++) {
		Global g = read_globaltype(m, r);
		ConstExpr e;
		g.init = read_const_expr(m, r, g.type, &e);
		/* what later constant expressions may fold */
		g.known = e.op == 0x41 || e.op == 0x42;
		g.value = e.value;
		m->globals[m->nglobals++] = g;
	}
}

static int cmp_export(const void *a, const void *b)
{
	const Export *x = *(const Export *const *)a, *y = *(const Export *const *)b;
	uint32_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
	int c = memcmp(x->name, y->name, n);
	return c ? c : (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

/* export ::= name:name kind:byte index:u32 */
static void read_exports(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 3), i;
	Export **sorted;

	if (n > LIMIT_EXPORTS)
		fail(r->diag, rd_offset(r), "too many exports (limit %u)", LIMIT_EXPORTS);
	m->exports = arena_zalloc(&m->arena, n * sizeof *m->exports);
	m->nexports = n;
	for (i = 0; i < n; i++) {
		Export *e = &m->exports[i];
		size_t at;
		static const char *const what[] = { "function", "table", "memory", "global",
		                                    "tag" };

		e->name = rd_name(r, &e->name_len);
		at = rd_offset(r);
		e->kind = rd_u8(r);
		if (e->kind > EXT_TAG)
			fail(r->diag, at, "malformed export kind");
		at = rd_offset(r);
		e->index = rd_u32(r);
		check_index(r, at, e->index,
		            e->kind == EXT_FUNC ? m->nfuncs :
		            e->kind == EXT_TABLE ? m->ntables :
		            e->kind == EXT_MEMORY ? m->nmemories :
		            e->kind == EXT_GLOBAL ? m->nglobals : m->ntags,
		            what[e->kind]);
		if (e->kind == EXT_FUNC)
			m->declared[e->index] |= DECLARED_EXPORT;
	}
	sorted = xmalloc(n * sizeof *sorted);
	for (i = 0; i < n; i++)
		sorted[i] = &m->exports[i];
	qsort(sorted, n, sizeof *sorted, cmp_export);
	for (i = 1; i < n; i++)
		if (!cmp_export(&sorted[i - 1], &sorted[i])) {
			free(sorted);
			fail(r->diag, rd_offset(r), "duplicate export name");
		}
	free(sorted);
}

static void read_start(Module *m, Reader *r)
{
	size_t at = rd_offset(r);
	const FuncType *t;

	m->start = rd_u32(r);
	m->has_start = true;
	check_index(r, at, m->start, m->nfuncs, "function");
	t = &m->types[m->funcs[m->start].type];
	if (t->nparams || t->nresults)
		fail(r->diag, at, "start function must have type [] -> []");
}

/*
 * elem ::= 0 e:expr y*:vec(funcidx)                      active, table 0
 *        | 1 0x00 y*:vec(funcidx)                        passive
 *        | 2 x:tableidx e:expr 0x00 y*:vec(funcidx)      active
 *        | 3 0x00 y*:vec(funcidx)                        declarative
 *        | 4 e:expr el*:vec(expr)                        active, table 0
 *        | 5 et:reftype el*:vec(expr)                    passive
 *        | 6 x:tableidx e:expr et:reftype el*:vec(expr)  active
 *        | 7 et:reftype el*:vec(expr)                    declarative
 */
static void read_elems(Module *m, Reader *r)
{
	uint32_t n = rd_count(r, 1), i, k;

	if (n > LIMIT_ELEM_SEGS)
		fail(r->diag, rd_offset(r), "too many element segments (limit %u)",
		     LIMIT_ELEM_SEGS);
	m->elems = arena_zalloc(&m->arena, n * sizeof *m->elems);
	m->nelems = n;
	for (i = 0; i < n; i++) {
		ElemSeg *s = &m->elems[i];
		ConstExpr e;
		size_t at = rd_offset(r);
		uint32_t flags = rd_u32(r);

		if (flags > 7)
			fail(r->diag, at, "malformed elements segment kind");
		s->mode = flags & 1 ? (flags & 2 ? SEG_DECLARATIVE : SEG_PASSIVE) : SEG_ACTIVE;
		s->exprs = flags & 4;
		/* function indices are (ref func) in 3.0, expressions funcref
		 * unless typed */
		s->type = s->exprs ? VT_FUNCREF : vt_ref(false, HT_FUNC);
		if (s->mode == SEG_ACTIVE) {
			size_t tat = rd_offset(r);
			s->table = flags & 2 ? rd_u32(r) : 0;
			check_index(r, tat, s->table, m->ntables, "table");
			s->offset_expr = read_const_expr(m, r,
			                                 m->tables[s->table].lim.is64 ? VT_I64 : VT_I32,
			                                 &e);
		}
		if (flags & 3) {
			size_t kat = rd_offset(r);
			if (s->exprs) {
				s->type = read_valtype(m, r, m->ntypes, true);
			} else if (rd_u8(r) != 0x00) {
				fail(r->diag, kat, "malformed element kind");
			}
		}
		if (s->mode == SEG_ACTIVE && !vt_sub(m, s->type, m->tables[s->table].elem))
			fail(r->diag, at, "type mismatch: element segment of %s for table of %s",
			     valtype_name(s->type), valtype_name(m->tables[s->table].elem));
		s->count = rd_count(r, 1);
		s->items = rd_offset(r);
		for (k = 0; k < s->count; k++) {
			if (s->exprs) {
				read_const_expr(m, r, s->type, &e);
			} else {
				size_t fat = rd_offset(r);
				uint32_t f = rd_u32(r);
				check_index(r, fat, f, m->nfuncs, "function");
				m->declared[f] |= DECLARED_REF;
			}
		}
	}
}

static void read_datacount(Module *m, Reader *r)
{
	m->datacount = rd_u32(r);
	m->has_datacount = true;
}

/* code ::= size:u32 func  (func is decoded by emit_func.c) */
static void read_code(Module *m, Reader *r)
{
	size_t at = rd_offset(r);
	uint32_t n = rd_count(r, 2), i;

	if (n != m->nfuncs - m->nimported_funcs)
		fail(r->diag, at, "function and code section have inconsistent lengths");
	for (i = 0; i < n; i++) {
		Func *f = &m->funcs[m->nimported_funcs + i];
		size_t sat = rd_offset(r);
		uint32_t size = rd_u32(r);

		if (size > LIMIT_BODY_SIZE)
			fail(r->diag, sat, "function body too large (limit %u bytes)",
			     LIMIT_BODY_SIZE);
		f->body = rd_offset(r);
		rd_bytes(r, size);
		f->body_len = size;
	}
}

/* data ::= 0 e:expr b*:vec(byte) | 1 b*:vec(byte) | 2 x:memidx e:expr b*:vec(byte) */
static void read_data(Module *m, Reader *r)
{
	size_t at = rd_offset(r);
	uint32_t n = rd_count(r, 1), i;

	if (n > LIMIT_DATA_SEGS)
		fail(r->diag, at, "too many data segments (limit %u)", LIMIT_DATA_SEGS);
	if (m->has_datacount && n != m->datacount)
		fail(r->diag, at, "data count and data section have inconsistent lengths");
	m->datas = arena_zalloc(&m->arena, n * sizeof *m->datas);
	m->ndatas = n;
	for (i = 0; i < n; i++) {
		DataSeg *s = &m->datas[i];
		ConstExpr e;
		size_t fat = rd_offset(r);
		uint32_t flags = rd_u32(r);

		if (flags > 2)
			fail(r->diag, fat, "malformed data segment kind");
		s->mode = flags == 1 ? SEG_PASSIVE : SEG_ACTIVE;
		if (s->mode == SEG_ACTIVE) {
			size_t mat = rd_offset(r);
			s->memory = flags == 2 ? rd_u32(r) : 0;
			check_index(r, mat, s->memory, m->nmemories, "memory");
			s->offset_expr = read_const_expr(m, r,
			                                 m->memories[s->memory].is64 ? VT_I64 : VT_I32,
			                                 &e);
		}
		s->len = rd_count(r, 1);
		s->bytes = rd_offset(r);
		rd_bytes(r, s->len);
	}
}

/*
 * The name section is a custom section: a broken one is ignored, never an
 * error.  Only module (0) and function (1) names are used.
 */
static void read_names(Module *m, const uint8_t *base, size_t start, size_t end,
                       size_t file_size)
{
	Diag d;
	Reader r;

	memset(&d, 0, sizeof d);
	if (setjmp(d.env))
		return;
	r.base = base;
	r.p = base + start;
	r.end = base + end;
	r.file_end = base + file_size;
	r.diag = &d;
	while (!rd_done(&r)) {
		uint8_t id = rd_u8(&r);
		uint32_t size = rd_u32(&r);
		Reader sub = r;
		uint32_t n, i, len;
		const char *s;

		rd_bytes(&r, size);
		sub.end = r.p;
		if (id == 0) {
			s = rd_name(&sub, &len);
			m->name = arena_strndup(&m->arena, s, len);
		} else if (id == 1) {
			n = rd_u32(&sub);
			for (i = 0; i < n; i++) {
				uint32_t f = rd_u32(&sub);
				s = rd_name(&sub, &len);
				if (f < m->nfuncs && !m->funcs[f].name && len < 200) {
					Buf b = { 0 };
					mangle(&b, s, len);
					m->funcs[f].name = arena_strndup(&m->arena, b.p, b.len);
					buf_free(&b);
				}
			}
		}
	}
}

/* Could the module touch a v128?  A v128 type in a signature or global,
 * or the bytes of the SIMD prefix or the v128 type in code (which may be
 * something else: including w2c_simd.h needlessly costs only time). */
static bool uses_v128(const Module *m)
{
	uint32_t i, k;

	for (i = 0; i < m->ntypes; i++) {
		for (k = 0; k < m->types[i].nparams; k++)
			if (m->types[i].params[k] == VT_V128)
				return true;
		for (k = 0; k < m->types[i].nresults; k++)
			if (m->types[i].results[k] == VT_V128)
				return true;
	}
	for (i = 0; i < m->nglobals; i++)
		if (m->globals[i].type == VT_V128)
			return true;
	for (i = 0; i < m->ntypes; i++) /* struct and array fields */
		for (k = 0; k < m->types[i].nfields; k++)
			if (m->types[i].fields[k].type == VT_V128)
				return true;
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		const Func *f = &m->funcs[i];
		if (memchr(m->bytes + f->body, 0xfd, f->body_len) ||
		    memchr(m->bytes + f->body, 0x7b, f->body_len))
			return true;
	}
	return false;
}

/* Could the module use threads?  A shared memory, or the atomic prefix's
 * byte in code (which may be something else, as for v128). */
static bool uses_atomics(const Module *m)
{
	uint32_t i;

	for (i = 0; i < m->nmemories; i++)
		if (m->memories[i].shared)
			return true;
	for (i = m->nimported_funcs; i < m->nfuncs; i++)
		if (memchr(m->bytes + m->funcs[i].body, 0xfe, m->funcs[i].body_len))
			return true;
	return false;
}

void decode_module(Module *m, const uint8_t *bytes, size_t size, Diag *diag)
{
	static const uint8_t magic[4] = { 0, 'a', 's', 'm' };
	static const uint8_t version[4] = { 1, 0, 0, 0 };
	Reader r;
	int last = 0;
	size_t name_start = 0, name_end = 0;
	bool have_code = false, have_data = false;

	m->diag = diag;
	m->bytes = bytes;
	m->size = size;
	vt_rep_module(m);
	r.base = r.p = bytes;
	r.end = r.file_end = bytes + size;
	r.diag = diag;

	if (memcmp(rd_bytes(&r, 4), magic, 4))
		fail(diag, 0, "magic header not detected");
	if (memcmp(rd_bytes(&r, 4), version, 4))
		fail(diag, 4, "unknown binary version");

	/* `declared` (one byte per function) is allocated once the function
	 * index space is complete: at the first section after it (tables may
	 * have initializers, 3.0). */
	m->declared = NULL;
	while (!rd_done(&r)) {
		size_t at = rd_offset(&r);
		uint8_t id = rd_u8(&r);
		uint32_t len;
		Reader sec;

		if (id > SEC_TAG)
			fail(diag, at, "malformed section id");
		len = rd_u32(&r);
		if ((size_t)(r.file_end - r.p) < len)
			fail(diag, at, "length out of bounds");
		sec = r;
		sec.end = r.p + len;
		r.p += len;
		if (id != SEC_CUSTOM) {
			if (section_rank(id) <= last)
				fail(diag, at, "unexpected content after last section");
			last = section_rank(id);
		}
		if (id >= SEC_TABLE && id != SEC_CUSTOM && !m->declared)
			m->declared = arena_zalloc(&m->arena, m->nfuncs + 1);
		switch (id) {
		case SEC_CUSTOM: {
			uint32_t nlen;
			const char *name = rd_name(&sec, &nlen);
			if (nlen == 4 && !memcmp(name, "name", 4)) {
				name_start = rd_offset(&sec);
				name_end = (size_t)(sec.end - sec.base);
			}
			sec.p = sec.end;
			break;
		}
		case SEC_TYPE: read_types(m, &sec); break;
		case SEC_IMPORT: read_imports(m, &sec); break;
		case SEC_FUNCTION: read_functions(m, &sec); break;
		case SEC_TABLE: read_tables(m, &sec); break;
		case SEC_MEMORY: read_memories(m, &sec); break;
		case SEC_GLOBAL: read_globals(m, &sec); break;
		case SEC_EXPORT: read_exports(m, &sec); break;
		case SEC_START: read_start(m, &sec); break;
		case SEC_ELEMENT: read_elems(m, &sec); break;
		case SEC_DATACOUNT: read_datacount(m, &sec); break;
		case SEC_TAG: read_tags(m, &sec); break;
		case SEC_CODE: read_code(m, &sec); have_code = true; break;
		case SEC_DATA: read_data(m, &sec); have_data = true; break;
		}
		if (!rd_done(&sec))
			fail(diag, rd_offset(&sec), "section size mismatch");
	}
	if (!m->declared)
		m->declared = arena_zalloc(&m->arena, m->nfuncs + 1);
	if (!have_code && m->nfuncs != m->nimported_funcs)
		fail(diag, size, "function and code section have inconsistent lengths");
	if (!have_data && m->has_datacount && m->datacount)
		fail(diag, size, "data count and data section have inconsistent lengths");
	if (name_end)
		read_names(m, bytes, name_start, name_end, size);
	m->simd = uses_v128(m);
	m->atomics = uses_atomics(m);
}
