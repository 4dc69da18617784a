/*
 * extern.c: funcrefs as externs and dynamic calls of them, host errors,
 * and exceptions described for people.
 *
 * A funcref is a typed C function, its context and a signature id; calling
 * it with tagged values needs code that knows the C type, an invoker, and
 * only generated code has those: one per signature of each module's
 * exports, and one per other signature of its functions that a funcref
 * may designate (w2c_module.invokers).  Instantiation notes the module
 * (instance.c: one probe of a set); the first lookup of a signature not
 * registered yet registers the invokers of the modules noted since, so a
 * module instantiated 100,000 times costs the registry no more than once.
 * The registry maps a signature id to its type and invoker, and keeps both
 * for the process's life: they are the modules' static data.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* this file's registry lock */
RT_LOCK_DEFINE(lock);
#define LOCK() RT_LOCK(lock)
#define UNLOCK() RT_UNLOCK(lock)

struct entry {
	uint64_t id; /* 0: free */
	const w2c_functype *type;
	w2c_invoker invoke;
};

/* Open addressing, a power of two in size, at most half full. */
static struct entry *entries;
static size_t nentries, entries_cap;

/* How many of the modules instantiated so far (rt_noted_module) have had
 * their invokers added. */
static size_t registered;

static size_t hash64(uint64_t x)
{
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return (size_t)x;
}

static struct entry *find_entry(uint64_t id)
{
	size_t i;

	if (!entries_cap)
		return NULL;
	for (i = hash64(id) & (entries_cap - 1); entries[i].id;
	     i = (i + 1) & (entries_cap - 1))
		if (entries[i].id == id)
			return &entries[i];
	return NULL;
}

/* Adds a signature's invoker unless it has one; false if out of memory. */
static bool add_entry(uint64_t id, const w2c_functype *type, w2c_invoker invoke)
{
	size_t i, k;

	if (!id || find_entry(id))
		return id != 0;
	if (2 * (nentries + 1) > entries_cap) {
		size_t cap = entries_cap ? 2 * entries_cap : 64;
		struct entry *e = calloc(cap, sizeof *e);
		if (!e)
			return false;
		for (k = 0; k < entries_cap; k++) {
			if (!entries[k].id)
				continue;
			for (i = hash64(entries[k].id) & (cap - 1); e[i].id; i = (i + 1) & (cap - 1))
				;
			e[i] = entries[k];
		}
		free(entries);
		entries = e;
		entries_cap = cap;
	}
	for (i = hash64(id) & (entries_cap - 1); entries[i].id; i = (i + 1) & (entries_cap - 1))
		;
	entries[i].id = id;
	entries[i].type = type;
	entries[i].invoke = invoke;
	nentries++;
	return true;
}

/* The signature id invokers are registered under: a canonical type's
 * (W2C_FUNCTYPE_DEFINED) is its signature's, as invokers care for nothing
 * more. */
static uint64_t sig_id(const w2c_functype *t)
{
	return t->id && !(t->id & W2C_TYPE_RTT) ? t->id : w2c_functype_id(t);
}

/* Registers the invokers of the modules noted since the last time. */
static void register_pending(void)
{
	const w2c_module *m;

	for (; (m = rt_noted_module(registered)) != NULL; registered++) {
		uint32_t i;
		for (i = 0; i < m->nexports; i++) {
			const w2c_export_desc *e = &m->exports[i];
			if (e->kind == W2C_EXTERN_FUNC &&
			    !add_entry(sig_id(e->functype), e->functype, e->invoke))
				return;
		}
		for (i = 0; i < m->ninvokers; i++) {
			const w2c_invoker_desc *d = &m->invokers[i];
			if (!add_entry(sig_id(d->type), d->type, d->invoke))
				return;
		}
	}
}

bool w2c_funcref_extern(const w2c_funcref *ref, w2c_extern *out)
{
	struct entry *e;

	memset(out, 0, sizeof *out);
	if (!ref->fn)
		return false;
	LOCK();
	e = find_entry(rt_type_signature_id(ref->type));
	if (!e) {
		register_pending();
		e = find_entry(rt_type_signature_id(ref->type));
	}
	if (e) {
		out->kind = W2C_EXTERN_FUNC;
		out->func = *ref;
		out->functype = e->type;
		out->invoke = e->invoke;
	}
	UNLOCK();
	return e != NULL;
}

w2c_status w2c_call_ref(const w2c_funcref *ref, const w2c_value *args, size_t nargs,
                        w2c_value *results, size_t nresults)
{
	w2c_extern ext;

	if (!ref->fn)
		return W2C_TRAP_NULL_FUNCREF;
	if (!w2c_funcref_extern(ref, &ext))
		return W2C_ERR_NOT_FOUND;
	return w2c_call_extern(&ext, args, nargs, results, nresults);
}

/* ---------------------------------------------------------- host errors */

static W2C_THREAD_LOCAL void *host_error;

void w2c_raise(void *error)
{
	host_error = error;
	w2c_trap(W2C_HOST_ERROR);
}

void *w2c_host_error(void)
{
	return host_error;
}

/* ------------------------------------------------ describing exceptions */

/* The name inst imports or exports `tag` under, into buf; false if none. */
static bool tag_name(w2c_instance *inst, const w2c_tag *tag, char *buf, size_t size)
{
	const w2c_module *m = inst->module;
	uint32_t i;

	for (i = 0; i < m->nimports; i++) {
		const w2c_import_desc *d = &m->imports[i];
		if (d->kind == W2C_EXTERN_TAG &&
		    *(w2c_tag **)(void *)((char *)inst + d->offset) == tag) {
			snprintf(buf, size, "tag \"%.*s\".\"%.*s\"", (int)d->module_len, d->module,
			         (int)d->name_len, d->name);
			return true;
		}
	}
	for (i = 0; i < m->nexports; i++) {
		const w2c_export_desc *e = &m->exports[i];
		if (e->kind == W2C_EXTERN_TAG &&
		    *(w2c_tag **)(void *)((char *)inst + e->offset) == tag) {
			snprintf(buf, size, "tag \"%.*s\"", (int)e->name_len, e->name);
			return true;
		}
	}
	for (i = 0; i < m->ntags; i++) {
		if (*(w2c_tag **)(void *)((char *)inst + m->tag_offsets[i]) == tag) {
			snprintf(buf, size, "tag %u", i);
			return true;
		}
	}
	return false;
}

/* Appends to buf as snprintf would, counting what doesn't fit. */
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*len < size ? buf + *len : NULL, *len < size ? size - *len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
}

size_t w2c_exn_format(w2c_instance *inst, w2c_exnref exn, char *buf, size_t size)
{
	char name[300];
	size_t len = 0, n, i;
	const w2c_value *v;

	if (size)
		buf[0] = '\0';
	if (!exn) {
		append(buf, size, &len, "null exception");
		return len;
	}
	if (!inst || !tag_name(inst, exn->tag, name, sizeof name))
		snprintf(name, sizeof name, "a foreign tag");
	append(buf, size, &len, "%s (", name);
	v = w2c_exn_payload(exn, &n);
	for (i = 0; i < n; i++) {
		const char *sep = i ? ", " : "";
		switch (v[i].type) {
		case W2C_I32:
			append(buf, size, &len, "%si32 %d", sep, (int32_t)v[i].of.i32);
			break;
		case W2C_I64:
			append(buf, size, &len, "%si64 %lld", sep, (long long)(int64_t)v[i].of.i64);
			break;
		case W2C_F32:
			append(buf, size, &len, "%sf32 %.9g", sep, (double)v[i].of.f32);
			break;
		case W2C_F64:
			append(buf, size, &len, "%sf64 %.17g", sep, v[i].of.f64);
			break;
		case W2C_V128:
			append(buf, size, &len, "%sv128 0x%016llx%016llx", sep,
			       (unsigned long long)v[i].of.v128.hi, (unsigned long long)v[i].of.v128.lo);
			break;
		case W2C_FUNCREF:
			append(buf, size, &len, "%sfuncref%s", sep, v[i].of.funcref.fn ? "" : " null");
			break;
		case W2C_EXNREF:
			append(buf, size, &len, "%sexnref%s", sep, v[i].of.exnref ? "" : " null");
			break;
		default:
			append(buf, size, &len, "%sexternref %p", sep, v[i].of.externref);
			break;
		}
	}
	append(buf, size, &len, ")");
	return len;
}
