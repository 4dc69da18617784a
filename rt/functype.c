/*
 * functype.c: canonical signature ids, and signatures in text form.
 *
 * An id is what call_indirect compares, so equal signatures must get equal
 * ids in every module of the process, and ids must be cheap to produce in
 * generated code.  Signatures of up to 19 values are encoded inline: a 1
 * marker bit, then 3 bits per parameter type, a 0 separator, 3 bits per
 * result type.  The translator computes these at translation time (this
 * file is compiled into it too), so generated code compares against a
 * constant.  Larger signatures are interned here at instantiation, with
 * bit 63 set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* this file's registry lock */
RT_LOCK_DEFINE(lock);
#define LOCK() RT_LOCK(lock)
#define UNLOCK() RT_UNLOCK(lock)

#define INLINE_MAX 19

static w2c_functype *registry;
static uint64_t nregistry, registry_cap;

uint64_t w2c_functype_inline_id(uint32_t nparams, uint32_t nresults,
                                const uint8_t *types)
{
	uint64_t id = 1;
	uint32_t i;

	if (nparams + nresults > INLINE_MAX)
		return 0;
	/* exnref (8) takes more than 3 bits: such signatures are interned */
	for (i = 0; i < nparams + nresults; i++)
		if (types[i] > 7)
			return 0;
	for (i = 0; i < nparams; i++)
		id = id << 3 | types[i];
	id <<= 3;
	for (; i < nparams + nresults; i++)
		id = id << 3 | types[i];
	return id;
}

bool rt_functype_equal(const w2c_functype *a, const w2c_functype *b)
{
	uint32_t n = a->nparams + a->nresults;

	return a->nparams == b->nparams && a->nresults == b->nresults &&
	       (!n || !memcmp(a->types, b->types, n));
}

uint64_t w2c_functype_id(const w2c_functype *type)
{
	uint64_t id, i;
	uint32_t n = type->nparams + type->nresults;
	uint8_t *copy;

	id = w2c_functype_inline_id(type->nparams, type->nresults, type->types);
	if (id)
		return id;
	LOCK();
	for (i = 0; i < nregistry; i++) {
		if (rt_functype_equal(&registry[i], type)) {
			UNLOCK();
			return (uint64_t)1 << 63 | (i + 1);
		}
	}
	if (nregistry == registry_cap) {
		uint64_t cap = registry_cap ? registry_cap * 2 : 16;
		w2c_functype *r = realloc(registry, cap * sizeof *r);
		if (!r) {
			UNLOCK();
			return 0;
		}
		registry = r;
		registry_cap = cap;
	}
	copy = malloc(n ? n : 1);
	if (!copy) {
		UNLOCK();
		return 0;
	}
	memcpy(copy, type->types, n);
	registry[nregistry] = *type;
	registry[nregistry].types = copy;
	id = (uint64_t)1 << 63 | ++nregistry;
	UNLOCK();
	return id;
}

static const char *const valtype_names[] = {
	"?", "i32", "i64", "f32", "f64", "v128", "funcref", "externref", "exnref", "anyref",
};
#define NVALTYPES (sizeof valtype_names / sizeof valtype_names[0])

/* Every GC reference type is a W2C_ANYREF value: a signature may name
 * the abstract ones below anyref too. */
static const char *const anyref_names[] = {
	"eqref", "i31ref", "structref", "arrayref", "nullref",
};

const char *rt_valtype_name(w2c_valtype t)
{
	return (unsigned)t < NVALTYPES ? valtype_names[t] : "?";
}

/* The type a word of a signature's text names, or 0. */
static uint8_t valtype_named(const char *p, size_t len)
{
	size_t t;

	for (t = 1; t < NVALTYPES; t++)
		if (strlen(valtype_names[t]) == len && !strncmp(p, valtype_names[t], len))
			return (uint8_t)t;
	for (t = 0; t < sizeof anyref_names / sizeof anyref_names[0]; t++)
		if (strlen(anyref_names[t]) == len && !strncmp(p, anyref_names[t], len))
			return W2C_ANYREF;
	return 0;
}

/* "i32 f64 -> i64": parameter types, an arrow, result types. */
bool rt_parse_signature(const char *text, w2c_functype *out, uint8_t *buf,
                        size_t bufsize)
{
	const char *p = text;
	size_t n = 0;
	bool results = false;
	uint32_t nparams = 0;

	for (;;) {
		size_t len, t;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		if (p[0] == '-' && p[1] == '>') {
			if (results)
				return false;
			results = true;
			nparams = (uint32_t)n;
			p += 2;
			continue;
		}
		len = strcspn(p, " \t,-");
		t = valtype_named(p, len);
		if (!t || n == bufsize)
			return false;
		buf[n++] = (uint8_t)t;
		p += len;
	}
	if (!results)
		return false;
	out->nparams = nparams;
	out->nresults = (uint32_t)n - nparams;
	out->types = buf;
	out->id = 0;
	return true;
}

/* A bounded string builder: output past the end is dropped. */
typedef struct Buf {
	char *p;
	size_t len, size;
} Buf;

static void put(Buf *b, const char *sep, const char *word)
{
	int n;

	if (b->len >= b->size)
		return;
	n = snprintf(b->p + b->len, b->size - b->len, "%s%s", sep, word);
	b->len += n < 0 ? 0 : (size_t)n;
}

void rt_format_functype(const w2c_functype *t, char *buf, size_t size)
{
	Buf b = { buf, 0, size };
	uint32_t i;

	for (i = 0; i < t->nparams; i++)
		put(&b, i ? " " : "", rt_valtype_name(t->types[i]));
	put(&b, t->nparams ? " " : "", "->");
	for (; i < t->nparams + t->nresults; i++)
		put(&b, " ", rt_valtype_name(t->types[i]));
}
