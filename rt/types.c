/*
 * types.c: the process's registry of canonical types (WebAssembly 3.0's
 * iso-recursive type equality, across modules).
 *
 * Types are defined in recursion groups; two types are equal when they sit
 * at the same place of structurally equal groups, where a reference inside
 * the group counts by its place in it and a reference outside by the
 * canonical type it names.  So a group's key is its structure with the
 * outside references replaced by their canonical rtts' addresses, which
 * exist already: a module's groups only name earlier groups.  Equal keys,
 * from any module, get the same rtts; comparing two types is then one
 * compare, and subtyping (declared, so a chain) a look at the supertype
 * display.
 *
 * Each module describes its groups in words (w2c_module_types.desc, written
 * by the translator, emit_module.c):
 *
 *   group ::= n type{n}
 *   type  ::= head super? comp
 *   head  ::= kind (0 func, 1 struct, 2 array) | final << 2 | has_super << 3
 *   super ::= type index in the module
 *   comp  ::= nparams nresults valtype* | nfields field* | field
 *   field ::= valtype | mutable << 31
 *
 * where a valtype is the translator's (wasm's code in the low byte, a heap
 * type in bits 8 up, 0x80 + x for type index x).  Canonical types live as
 * long as the process: an rtt may be in any object, funcref or type id.
 * Registration takes a lock; it happens at instantiation only, and nothing
 * after it reads the registry but through the rtts themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

RT_LOCK_DEFINE(lock);
#define LOCK() RT_LOCK(lock)
#define UNLOCK() RT_UNLOCK(lock)

#define MUT_BIT 0x80000000u
#define HT_INDEX 0x80u
/* A key word standing for a reference to a type, whose rtt (outside the
 * group) or odd place 2k + 1 (inside) is the next word: heap type 1 is no
 * wasm heap type. */
#define REF_MARK 0x100u

/* A canonical type: its rtt first, so that rtts convert back. */
typedef struct Canon {
	w2c_rtt rtt;
	w2c_functype sig;    /* function types: the signature, for invokers */
} Canon;

typedef struct Group {
	struct Group *next;  /* in its hash chain */
	uint64_t hash;
	size_t len;          /* key words */
	uintptr_t *key;
	uint32_t n;
	Canon *types;
} Group;

static Group **buckets;
static size_t nbuckets, ngroups;

/* A growing vector of key words. */
typedef struct Key {
	uintptr_t *w;
	size_t n, cap;
	bool failed;
} Key;

static void put(Key *k, uintptr_t w)
{
	if (k->failed)
		return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 64;
		uintptr_t *p = realloc(k->w, cap * sizeof *p);
		if (!p) {
			k->failed = true;
			return;
		}
		k->w = p;
		k->cap = cap;
	}
	k->w[k->n++] = w;
}

/* A reference to type x: relative inside the group [s, s + n), else its
 * canonical rtt. */
static uintptr_t ref_word(uint32_t x, uint32_t s, uint32_t n, const w2c_rtt *const *rtts)
{
	if (x >= s && x - s < n)
		return (uintptr_t)(x - s) * 2 + 1;
	return (uintptr_t)rtts[x];
}

static void put_valtype(Key *k, uint32_t w, uint32_t s, uint32_t n,
                        const w2c_rtt *const *rtts)
{
	uint32_t ht = (w & ~MUT_BIT) >> 8;

	if (ht < HT_INDEX) {
		put(k, w);
		return;
	}
	put(k, (w & (MUT_BIT | 0xffu)) | REF_MARK);
	put(k, ref_word(ht - HT_INDEX, s, n, rtts));
}

/* The key of the group of n types from s at *p, which moves past it. */
static void group_key(Key *k, const uint32_t **p, uint32_t s, uint32_t n,
                      const w2c_rtt *const *rtts)
{
	const uint32_t *d = *p;
	uint32_t i, c;

	put(k, n);
	for (i = 0; i < n; i++) {
		uint32_t head = *d++, count;
		put(k, head);
		if (head & 8)
			put(k, ref_word(*d++, s, n, rtts));
		switch (head & 3) {
		case 0:
			put(k, d[0]);
			put(k, d[1]);
			count = d[0] + d[1];
			d += 2;
			break;
		case 1:
			put(k, count = *d++);
			break;
		default:
			count = 1;
			break;
		}
		for (c = 0; c < count; c++)
			put_valtype(k, *d++, s, n, rtts);
	}
	*p = d;
}

static uint64_t hash_key(const Key *k)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	size_t i;

	for (i = 0; i < k->n; i++)
		h = (h ^ (uint64_t)k->w[i]) * UINT64_C(0x100000001b3);
	return h ^ h >> 29;
}

static bool grow_buckets(void)
{
	size_t cap = nbuckets ? 2 * nbuckets : 256, i;
	Group **b = calloc(cap, sizeof *b);

	if (!b)
		return false;
	for (i = 0; i < nbuckets; i++) {
		Group *g, *next;
		for (g = buckets[i]; g; g = next) {
			next = g->next;
			g->next = b[g->hash & (cap - 1)];
			b[g->hash & (cap - 1)] = g;
		}
	}
	free(buckets);
	buckets = b;
	nbuckets = cap;
	return true;
}

/* A canonical rtt: a struct's or array's a copy of the module's static
 * one (its kind and layout, whatever the collector and allocator keep
 * there), but for its supertype display, made from its supertype's. */
static bool make_type(Canon *c, uint32_t head, const w2c_rtt *super, const void *info)
{
	const w2c_rtt **display;
	uint32_t d;

	if ((head & 3) != 0)
		c->rtt = *(const w2c_rtt *)info;
	c->rtt.depth = super ? super->depth + 1 : 0;
	display = malloc((c->rtt.depth + 1) * sizeof *display);
	if (!display)
		return false;
	for (d = 0; d < c->rtt.depth; d++)
		display[d] = super->display[d];
	display[c->rtt.depth] = &c->rtt;
	c->rtt.display = display;
	if ((head & 3) == 0) {
		const w2c_functype *sig = info;
		uint32_t n = sig->nparams + sig->nresults;
		uint8_t *types = malloc(n ? n : 1);
		if (!types)
			return false;
		if (n)
			memcpy(types, sig->types, n);
		c->rtt.kind = W2C_RTT_FUNC;
		c->sig.nparams = sig->nparams;
		c->sig.nresults = sig->nresults;
		c->sig.types = types;
		c->sig.id = 0;
		c->sig.id = w2c_functype_id(&c->sig);
		return c->sig.id != 0;
	} else {
		const w2c_rtt *layout = info;
		uint32_t *refs = NULL;
		if (layout->nrefs) {
			refs = malloc(layout->nrefs * sizeof *refs);
			if (!refs)
				return false;
			memcpy(refs, layout->refs, layout->nrefs * sizeof *refs);
		}
		c->rtt.refs = refs; /* the module's may be unloaded */
		return true;
	}
}

/* The canonical group of key k, made from the group [s, s + n) at desc if
 * new; NULL if out of memory. */
static Group *intern(Key *k, const uint32_t *desc, uint32_t s, uint32_t n,
                     const w2c_module_types *m, const w2c_rtt *const *rtts)
{
	uint64_t h = hash_key(k);
	Group *g;
	uint32_t i;

	for (g = nbuckets ? buckets[h & (nbuckets - 1)] : NULL; g; g = g->next)
		if (g->hash == h && g->len == k->n && !memcmp(g->key, k->w, k->n * sizeof *k->w))
			return g;
	if (2 * (ngroups + 1) > nbuckets && !grow_buckets())
		return NULL;
	g = calloc(1, sizeof *g);
	if (!g)
		return NULL;
	g->types = calloc(n, sizeof *g->types);
	if (!g->types) {
		free(g);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		uint32_t head = *desc++;
		const w2c_rtt *super = NULL;
		if (head & 8) {
			uint32_t x = *desc++;
			super = x >= s ? &g->types[x - s].rtt : rtts[x];
		}
		desc += (head & 3) == 0 ? 2 + desc[0] + desc[1] : (head & 3) == 1 ? 1 + desc[0] : 1;
		/* what a failure leaves allocated stays unreachable: a
		 * process out of memory has other troubles */
		if (!make_type(&g->types[i], head, super, m->info[s + i]))
			return NULL;
	}
	g->hash = h;
	g->len = k->n;
	g->key = k->w;
	g->n = n;
	k->w = NULL; /* the group owns the key now */
	k->n = k->cap = 0;
	g->next = buckets[h & (nbuckets - 1)];
	buckets[h & (nbuckets - 1)] = g;
	ngroups++;
	return g;
}

bool rt_types_register(const w2c_module_types *m, const w2c_rtt **rtts)
{
	const uint32_t *d = m->desc;
	uint32_t s = 0;
	Key k = { NULL, 0, 0, false };
	bool ok = true;

	LOCK();
	while (s < m->ntypes) {
		const uint32_t *at = d;
		uint32_t n = *d++, i;
		Group *g;

		k.n = 0;
		group_key(&k, &d, s, n, rtts);
		g = k.failed ? NULL : intern(&k, at + 1, s, n, m, rtts);
		if (!g) {
			ok = false;
			break;
		}
		for (i = 0; i < n; i++)
			rtts[s + i] = &g->types[i].rtt;
		s += n;
	}
	UNLOCK();
	free(k.w);
	return ok;
}

bool rt_type_sub(uint64_t have, uint64_t want)
{
	const w2c_rtt *a, *b;

	if (have == want)
		return true;
	if (!(have & W2C_TYPE_RTT) || !(want & W2C_TYPE_RTT))
		return false;
	a = w2c_type_rtt(have);
	b = w2c_type_rtt(want);
	return a->depth > b->depth && a->display[b->depth] == b;
}

uint64_t rt_type_signature_id(uint64_t id)
{
	if (!(id & W2C_TYPE_RTT))
		return id;
	return ((const Canon *)(const void *)w2c_type_rtt(id))->sig.id;
}

const w2c_functype *rt_type_signature(uint64_t id)
{
	return id & W2C_TYPE_RTT ? &((const Canon *)(const void *)w2c_type_rtt(id))->sig : NULL;
}
