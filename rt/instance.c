/*
 * instance.c: instantiation, import binding and exports by name.
 *
 * Instantiation follows the spec's order: resolve and type-check every
 * import (a failure is a link error naming the import, and nothing has
 * been allocated), then let the module's generated init allocate memories
 * and tables, initialise globals, apply segments and run the start
 * function, inside a trap frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* The dynamic host functions an instance binds, freed with it. */
struct host_binding_list {
	struct host_binding_list *next;
	w2c_rt_host_binding b;
};

static void *field(w2c_instance *inst, uint32_t offset)
{
	return (char *)inst + offset;
}

static void set_error(w2c_error *err, w2c_status status, const char *fmt,
                      const char *a, const char *b, const char *c)
{
	if (!err)
		return;
	err->status = status;
	snprintf(err->message, sizeof err->message, fmt, a, b, c);
}

static const char *kind_name(w2c_extern_kind k)
{
	static const char *const names[] = { "function", "table", "memory", "global",
	                                     "instance", "tag" };
	return (unsigned)k < 6 ? names[k] : "?";
}

/* ------------------------------------------------------------- exports */

/* The id of one of the module's static functypes in this instance: a
 * canonical type's is its rtt's (W2C_FUNCTYPE_DEFINED), else 0 when the
 * signature is a large one (the instance's type_ids hold those). */
uint64_t rt_instance_type_id(const w2c_instance *inst, const w2c_functype *t)
{
	const w2c_module *m = inst->module;

	if (t->id & W2C_TYPE_RTT) {
		const w2c_rtt *const *rtts = (const w2c_rtt *const *)(const void *)
			((const char *)inst + m->types->rtts_offset);
		return w2c_type_id_of(rtts[t->id & ~W2C_TYPE_RTT]);
	}
	return t->id;
}

static bool resolve_export(w2c_instance *inst, const w2c_export_desc *e,
                           w2c_extern *out)
{
	memset(out, 0, sizeof *out);
	out->kind = e->kind;
	switch (e->kind) {
	case W2C_EXTERN_FUNC:
		out->functype = e->functype;
		out->invoke = e->invoke;
		if (e->fn) {
			out->func.fn = e->fn;
			out->func.ctx = inst;
		} else {
			const w2c_func_binding *b = field(inst, e->offset);
			out->func.fn = b->fn;
			out->func.ctx = b->ctx;
		}
		out->func.type = rt_instance_type_id(inst, e->functype);
		/* a re-exported import: its function's own type (GC) */
		if (!e->fn && out->func.type & W2C_TYPE_RTT)
			out->func.type = ((const w2c_func_binding *)field(inst, e->offset))->type;
		if (!out->func.type) {
			const uint64_t *ids = field(inst, inst->module->type_ids_offset);
			uint32_t i;
			for (i = 0; i < inst->module->nlarge_types; i++)
				if (rt_functype_equal(&inst->module->large_types[i], e->functype))
					out->func.type = ids[i];
		}
		return true;
	case W2C_EXTERN_MEMORY:
		out->memory = *(w2c_memory **)field(inst, e->offset);
		return true;
	case W2C_EXTERN_TABLE:
		out->table = *(w2c_table **)field(inst, e->offset);
		return true;
	case W2C_EXTERN_GLOBAL:
		out->type = e->type;
		out->functype = e->functype;
		out->heaptype = e->functype ? rt_instance_type_id(inst, e->functype) : 0;
		out->is_mutable = e->is_mutable;
		out->global = e->indirect ? *(w2c_global_value **)field(inst, e->offset)
		                          : field(inst, e->offset);
		return true;
	case W2C_EXTERN_TAG:
		out->tag = *(w2c_tag **)field(inst, e->offset);
		return true;
	default:
		return false;
	}
}

bool w2c_get_export_n(w2c_instance *inst, const char *name, size_t len,
                      w2c_extern *out)
{
	const w2c_module *m = inst->module;
	uint32_t i;

	for (i = 0; i < m->nexports; i++)
		if (m->exports[i].name_len == len && !memcmp(m->exports[i].name, name, len))
			return resolve_export(inst, &m->exports[i], out);
	return false;
}

bool w2c_get_export(w2c_instance *inst, const char *name, w2c_extern *out)
{
	return w2c_get_export_n(inst, name, strlen(name), out);
}

w2c_memory *w2c_get_memory(w2c_instance *inst, const char *name)
{
	w2c_extern e;
	return w2c_get_export(inst, name, &e) && e.kind == W2C_EXTERN_MEMORY ? e.memory
	                                                                     : NULL;
}

w2c_table *w2c_get_table(w2c_instance *inst, const char *name)
{
	w2c_extern e;
	return w2c_get_export(inst, name, &e) && e.kind == W2C_EXTERN_TABLE ? e.table
	                                                                    : NULL;
}

w2c_global_value *w2c_get_global(w2c_instance *inst, const char *name)
{
	w2c_extern e;
	return w2c_get_export(inst, name, &e) && e.kind == W2C_EXTERN_GLOBAL ? e.global
	                                                                     : NULL;
}

/* --------------------------------------------------------------- calls */

struct call {
	const w2c_extern *func;
	const w2c_value *args;
	w2c_value *results;
};

static void run_call(void *arg)
{
	struct call *c = arg;
	c->func->invoke(c->func->func.fn, c->func->func.ctx, c->args, c->results);
}

w2c_status w2c_call_extern(const w2c_extern *func, const w2c_value *args,
                           size_t nargs, w2c_value *results, size_t nresults)
{
	const w2c_functype *t = func->functype;
	struct call c;
	uint32_t i;

	if (func->kind != W2C_EXTERN_FUNC)
		return W2C_ERR_NOT_FOUND;
	if (nargs != t->nparams || nresults != t->nresults)
		return W2C_ERR_ARGUMENTS;
	for (i = 0; i < t->nparams; i++)
		if (args[i].type != (w2c_valtype)t->types[i])
			return W2C_ERR_ARGUMENTS;
	for (i = 0; i < t->nresults; i++) {
		memset(&results[i], 0, sizeof results[i]);
		results[i].type = (w2c_valtype)t->types[t->nparams + i];
	}
	c.func = func;
	c.args = args;
	c.results = results;
	return w2c_protect(run_call, &c);
}

w2c_status w2c_call(w2c_instance *inst, const char *name, const w2c_value *args,
                    size_t nargs, w2c_value *results, size_t nresults)
{
	w2c_extern e;

	if (!w2c_get_export(inst, name, &e) || e.kind != W2C_EXTERN_FUNC)
		return W2C_ERR_NOT_FOUND;
	return w2c_call_extern(&e, args, nargs, results, nresults);
}

void w2c_rt_call_host(void *binding, w2c_value *args, w2c_value *results)
{
	const w2c_rt_host_binding *b = binding;
	uint32_t i;

	for (i = 0; i < b->type->nresults; i++) {
		memset(&results[i], 0, sizeof results[i]);
		results[i].type = (w2c_valtype)b->type->types[b->type->nparams + i];
	}
	b->fn(b->ctx, args, results);
}

/* ------------------------------------------------ modules instantiated */

/* this file's registry lock */
RT_LOCK_DEFINE(lock);
#define LOCK() RT_LOCK(lock)
#define UNLOCK() RT_UNLOCK(lock)

/* The modules instantiated so far, as a set (open addressing, at most half
 * full) and in order: extern.c registers their invokers when a funcref is
 * first called dynamically.  One probe per instantiation. */
static const w2c_module **module_set, **module_list;
static size_t nmodules, modules_cap;

static size_t hash_ptr(const void *p)
{
	uint64_t x = (uintptr_t)p;
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	return (size_t)(x ^ x >> 33);
}

static void note_module(const w2c_module *m)
{
	size_t i, k;

	LOCK();
	for (i = modules_cap ? hash_ptr(m) & (modules_cap - 1) : 0; modules_cap && module_set[i];
	     i = (i + 1) & (modules_cap - 1)) {
		if (module_set[i] == m) {
			UNLOCK();
			return;
		}
	}
	if (2 * (nmodules + 1) > modules_cap) {
		size_t cap = modules_cap ? 2 * modules_cap : 16;
		const w2c_module **set = calloc(cap, sizeof *set);
		const w2c_module **list = realloc(module_list, cap * sizeof *list);
		if (list)
			module_list = list;
		if (!set || !list) { /* unnoted: its funcrefs can't be called dynamically */
			free(set);
			UNLOCK();
			return;
		}
		for (k = 0; k < nmodules; k++) {
			for (i = hash_ptr(list[k]) & (cap - 1); set[i]; i = (i + 1) & (cap - 1))
				;
			set[i] = list[k];
		}
		free(module_set);
		module_set = set;
		modules_cap = cap;
	}
	for (i = hash_ptr(m) & (modules_cap - 1); module_set[i]; i = (i + 1) & (modules_cap - 1))
		;
	module_set[i] = m;
	module_list[nmodules++] = m;
	UNLOCK();
}

const w2c_module *rt_noted_module(size_t i)
{
	const w2c_module *m;

	LOCK();
	m = i < nmodules ? module_list[i] : NULL;
	UNLOCK();
	return m;
}

/* -------------------------------------------------------------- linking */

/* What an import resolved to, before it is checked and bound. */
struct candidate {
	w2c_extern ext;
	const w2c_import *entry; /* NULL when from an instance's exports */
};

static bool find_import(const w2c_import_desc *d, const w2c_import *imports,
                        size_t nimports, struct candidate *c)
{
	size_t i;

	for (i = 0; i < nimports; i++) {
		const w2c_import *im = &imports[i];
		if (!im->module || strlen(im->module) != d->module_len ||
		    memcmp(im->module, d->module, d->module_len))
			continue;
		if (im->kind == W2C_EXTERN_INSTANCE) {
			if (im->instance &&
			    w2c_get_export_n(im->instance, d->name, d->name_len, &c->ext)) {
				c->entry = NULL;
				return true;
			}
			continue;
		}
		if (!im->name || strlen(im->name) != d->name_len ||
		    memcmp(im->name, d->name, d->name_len))
			continue;
		if (im->ext) { /* another instance's export, checked as one */
			c->ext = *im->ext;
			c->entry = NULL;
			return true;
		}
		memset(&c->ext, 0, sizeof c->ext);
		c->ext.kind = im->kind;
		c->entry = im;
		return true;
	}
	return false;
}

static bool limits_match(uint64_t size, uint64_t max, bool has_max,
                         const w2c_limits *want)
{
	if (size < want->min)
		return false;
	if ((want->flags & W2C_LIMITS_MAX) && (!has_max || max > want->max))
		return false;
	return true;
}

/* Is a global's type `have` (of function type hft, for a typed reference)
 * a subtype of `want`?  Without GC, references differ beyond their
 * representation only in being non-null and naming a function type. */
static bool global_sub(w2c_valtype have, const w2c_functype *hft, w2c_valtype want,
                       const w2c_functype *wft)
{
	if (W2C_VALTYPE(have) != W2C_VALTYPE(want))
		return false;
	if ((want & W2C_REF_NONNULL) && !(have & W2C_REF_NONNULL))
		return false;
	return !wft || (hft && rt_functype_equal(hft, wft));
}

/* Checks the candidate against the import and writes the binding.
 * Returns NULL or what is wrong. */
static const char *bind(w2c_instance *inst, const w2c_import_desc *d,
                        struct candidate *c, char *why, size_t whysize)
{
	const w2c_import *im = c->entry;
	void *slot = field(inst, d->offset);

	if (c->ext.kind != d->kind) {
		snprintf(why, whysize, "expected a %s, got a %s", kind_name(d->kind),
		         kind_name(c->ext.kind));
		return why;
	}
	switch (d->kind) {
	case W2C_EXTERN_FUNC: {
		w2c_func_binding b;
		/* the parsed signature: each type name takes three bytes or more
		 * of the text, so its length bounds the count */
		uint8_t small[64], *buf = small;
		size_t cap = sizeof small;
		w2c_functype sig;
		const w2c_functype *have;
		char want_s[90], have_s[90];
		bool same;

		if (im) {
			if (im->signature && strlen(im->signature) / 3 + 1 > cap) {
				cap = strlen(im->signature) / 3 + 1;
				buf = malloc(cap);
				if (!buf)
					return "out of memory";
			}
			if (!im->signature || !rt_parse_signature(im->signature, &sig, buf, cap)) {
				if (buf != small)
					free(buf);
				snprintf(why, whysize, "bad signature \"%.60s\"",
				         im->signature ? im->signature : "(none)");
				return why;
			}
			have = &sig;
		} else {
			have = c->ext.functype;
		}
		same = rt_functype_equal(have, d->functype);
		/* between modules, a canonical type must be a subtype of the
		 * import's (a host function has a signature only) */
		if (!im && (d->functype->id & W2C_TYPE_RTT || c->ext.func.type & W2C_TYPE_RTT) &&
		    !rt_type_sub(c->ext.func.type, rt_instance_type_id(inst, d->functype))) {
			if (buf != small)
				free(buf);
			return "expected a function of another type (rec group or supertype)";
		}
		if (!same) {
			rt_format_functype(d->functype, want_s, sizeof want_s);
			rt_format_functype(have, have_s, sizeof have_s);
			snprintf(why, whysize, "expected %s, got %s", want_s, have_s);
		}
		if (buf != small)
			free(buf);
		if (!same)
			return why;
		b.type = im ? rt_instance_type_id(inst, d->functype) : c->ext.func.type;
		if (!im) {
			b.fn = c->ext.func.fn;
			b.ctx = c->ext.func.ctx;
		} else if (im->fn) {
			b.fn = im->fn;
			b.ctx = im->ctx;
		} else if (im->dynamic) {
			struct host_binding_list *l = malloc(sizeof *l);
			if (!l)
				return "out of memory";
			l->b.fn = im->dynamic;
			l->b.ctx = im->ctx;
			l->b.type = d->functype;
			l->next = inst->host_bindings;
			inst->host_bindings = l;
			b.fn = d->adapter;
			b.ctx = &l->b;
		} else {
			return "no function given";
		}
		memcpy(slot, &b, sizeof b);
		return NULL;
	}
	case W2C_EXTERN_MEMORY: {
		w2c_memory *m = im ? im->memory : c->ext.memory;
		if (!m)
			return "no memory given";
		if (m->is64 != !!(d->limits.flags & W2C_LIMITS_64))
			return m->is64 ? "expected a 32-bit memory" : "expected a 64-bit memory";
		if ((m->page_size == 1) != !!(d->limits.flags & W2C_LIMITS_PAGE1))
			return "memory types incompatible: page sizes differ";
		if (m->shared != !!(d->limits.flags & W2C_LIMITS_SHARED))
			return m->shared ? "expected an unshared memory" : "expected a shared memory";
		/* (an embedder's hand-made memory may leave type_max 0) */
		if (!limits_match(m->pages, m->type_max > m->max_pages ? m->type_max : m->max_pages,
		                  m->has_max, &d->limits))
			return "limits don't match";
		if (inst->module->guarded && !m->guarded)
			return "the module needs a memory with guard pages";
		/* one reserving its maximum only (W2C_LIMITS_RESERVE_MAX) is for
		 * code that checks every access */
		if (inst->module->guarded && !m->is64 && m->page_size == W2C_PAGE_SIZE &&
		    m->reserved < W2C_GUARD_RESERVE)
			return "the module needs a memory with guard pages, not one reserving "
			       "its maximum only";
		memcpy(slot, &m, sizeof m);
		return NULL;
	}
	case W2C_EXTERN_TABLE: {
		w2c_table *t = im ? im->table : c->ext.table;
		uint64_t want_t;
		if (!t)
			return "no table given";
		/* (GC) elements of the same canonical type */
		want_t = d->functype ? rt_instance_type_id(inst, d->functype) : 0;
		if ((want_t & W2C_TYPE_RTT || t->elem_type) && t->elem_type != want_t)
			return "expected elements of another type (rec group or supertype)";
		if (t->elem != W2C_VALTYPE(d->type) ||
		    t->elem_nonnull != !!(d->type & W2C_REF_NONNULL) ||
		    !t->elem_functype != !d->functype ||
		    (d->functype && !rt_functype_equal(t->elem_functype, d->functype))) {
			snprintf(why, whysize, "expected %s%s elements, got %s%s",
			         d->type & W2C_REF_NONNULL ? "non-null " : "",
			         rt_valtype_name(W2C_VALTYPE(d->type)),
			         t->elem_nonnull ? "non-null " : "", rt_valtype_name(t->elem));
			return why;
		}
		if (t->is64 != !!(d->limits.flags & W2C_LIMITS_64))
			return t->is64 ? "expected a 32-bit table" : "expected a 64-bit table";
		if (!limits_match(t->size, t->max, t->has_max, &d->limits))
			return "limits don't match";
		memcpy(slot, &t, sizeof t);
		return NULL;
	}
	case W2C_EXTERN_GLOBAL: {
		w2c_valtype type = im ? (im->global ? im->global->type : 0) : c->ext.type;
		bool mut = im ? im->global && im->global->is_mutable : c->ext.is_mutable;
		void *value = im ? (im->global ? (void *)&im->global->value : NULL)
		                 : (void *)c->ext.global;
		if (!value)
			return "no global given";
		const w2c_functype *ft = im ? NULL : c->ext.functype;
		/* (GC) a concrete type's canonical type: the import's or a
		 * subtype of it, the same if mutable */
		uint64_t have_t = im ? 0 : c->ext.heaptype;
		uint64_t want_t = d->functype ? rt_instance_type_id(inst, d->functype) : 0;
		bool canon_ok = !((have_t | want_t) & W2C_TYPE_RTT) || !d->functype ||
		                (mut ? have_t == want_t : rt_type_sub(have_t, want_t));
		if (mut != d->is_mutable || !global_sub(type, ft, d->type, d->functype) ||
		    (mut && !global_sub(d->type, d->functype, type, ft)) || !canon_ok) {
			snprintf(why, whysize, "expected %s%s%s, got %s%s%s",
			         d->is_mutable ? "mutable " : "",
			         d->type & W2C_REF_NONNULL ? "non-null " : "",
			         rt_valtype_name(W2C_VALTYPE(d->type)), mut ? "mutable " : "",
			         type & W2C_REF_NONNULL ? "non-null " : "",
			         rt_valtype_name(W2C_VALTYPE(type)));
			return why;
		}
		memcpy(slot, &value, sizeof value);
		return NULL;
	}
	case W2C_EXTERN_TAG: {
		w2c_tag *t = im ? im->tag : c->ext.tag;
		char want_s[90], have_s[90];
		if (!t)
			return "no tag given";
		/* tag types are equal, not subtypes: the canonical type's
		 * id, or both a signature's (canon 0) */
		uint64_t canon = d->functype->id & W2C_TYPE_RTT
		                 ? rt_instance_type_id(inst, d->functype) : 0;
		if (t->canon != canon)
			return "expected a tag of another type (rec group or supertype)";
		if (!rt_functype_equal(t->type, d->functype)) {
			rt_format_functype(d->functype, want_s, sizeof want_s);
			rt_format_functype(t->type, have_s, sizeof have_s);
			snprintf(why, whysize, "expected %s, got %s", want_s, have_s);
			return why;
		}
		memcpy(slot, &t, sizeof t);
		return NULL;
	}
	default:
		return "unknown kind";
	}
}

static void free_host_bindings(w2c_instance *inst)
{
	struct host_binding_list *l = inst->host_bindings, *next;

	for (; l; l = next) {
		next = l->next;
		free(l);
	}
	inst->host_bindings = NULL;
}

static void run_init(void *arg)
{
	w2c_instance *inst = arg;
	inst->module->init(inst);
}

w2c_status w2c_instantiate_into(void *storage, const w2c_module *m,
                                const w2c_import *imports, size_t nimports,
                                w2c_error *err)
{
	w2c_instance *inst = storage;
	uint64_t *ids;
	w2c_status st;
	uint32_t i;
	char why[200];

	if (m->abi_version != W2C_ABI_VERSION) {
		set_error(err, W2C_ERR_LINK, "module %s%s%s built for another w2c ABI",
		          m->name, "", "");
		return W2C_ERR_LINK;
	}
	rt_prepare_thread();
	note_module(m);
	inst->module = m;
	if (m->types && !rt_types_register(m->types, field(inst, m->types->rtts_offset))) {
		set_error(err, W2C_ERR_RESOURCE, "out of memory%s%s%s", "", "", "");
		return W2C_ERR_RESOURCE;
	}
	ids = field(inst, m->type_ids_offset);
	for (i = 0; i < m->nlarge_types; i++) {
		ids[i] = m->large_types[i].id ? rt_instance_type_id(inst, &m->large_types[i])
		                              : w2c_functype_id(&m->large_types[i]);
		if (!ids[i]) {
			set_error(err, W2C_ERR_RESOURCE, "out of memory%s%s%s", "", "", "");
			return W2C_ERR_RESOURCE;
		}
	}
	for (i = 0; i < m->nimports; i++) {
		const w2c_import_desc *d = &m->imports[i];
		struct candidate c;
		const char *problem;

		if (!find_import(d, imports, nimports, &c)) {
			set_error(err, W2C_ERR_LINK, "unknown import: \"%s\".\"%s\"%s",
			          d->module, d->name, "");
			free_host_bindings(inst);
			return W2C_ERR_LINK;
		}
		problem = bind(inst, d, &c, why, sizeof why);
		if (problem) {
			set_error(err, W2C_ERR_LINK,
			          "incompatible import type: \"%s\".\"%s\": %s", d->module,
			          d->name, problem);
			free_host_bindings(inst);
			return W2C_ERR_LINK;
		}
	}
	if (!rt_gc_add_instance(inst)) {
		set_error(err, W2C_ERR_RESOURCE, "out of memory%s%s%s", "", "", "");
		free_host_bindings(inst);
		return W2C_ERR_RESOURCE;
	}
	st = w2c_protect(run_init, inst);
	if (st != W2C_OK) {
		if (st == W2C_TRAP_HOST)
			set_error(err, st, "%s: %s%s", w2c_status_message(st),
			          w2c_trap_host_message(), "");
		else
			set_error(err, st, "%s%s%s", w2c_status_message(st), "", "");
		w2c_instance_release(inst);
	}
	return st;
}

w2c_instance *w2c_instantiate(const w2c_module *m, const w2c_import *imports,
                              size_t nimports, w2c_error *err)
{
	void *storage = calloc(1, m->instance_size);

	if (!storage) {
		set_error(err, W2C_ERR_RESOURCE, "out of memory%s%s%s", "", "", "");
		return NULL;
	}
	if (w2c_instantiate_into(storage, m, imports, nimports, err) != W2C_OK) {
		free(storage);
		return NULL;
	}
	return storage;
}

void w2c_instance_release(w2c_instance *inst)
{
	if (!inst)
		return;
	if (inst->module && inst->module->release)
		inst->module->release(inst);
	free_host_bindings(inst);
	rt_gc_remove_instance(inst);
}

void w2c_instance_free(w2c_instance *inst)
{
	w2c_instance_release(inst);
	free(inst);
}
