/*
 * table.c: tables of references and table.init from element segments.
 */
#include <string.h>

#include "rt_internal.h"

static size_t elem_size(w2c_valtype elem)
{
	return elem == W2C_FUNCREF ? sizeof(w2c_funcref) : sizeof(w2c_externref);
}

/*
 * Elements live in one block from the allocator (w2c_set_allocator), so a
 * host without a heap can give tables a static buffer.  New elements are
 * all-zero bits: the null funcref and the null externref.
 */
static void **elems(w2c_table *t)
{
	return t->elem == W2C_FUNCREF ? (void **)&t->funcs : (void **)&t->externs;
}

static bool resize(w2c_table *t, uint64_t n)
{
	const w2c_allocator *a = t->allocator;
	uint64_t es = elem_size(t->elem), max = (t->has_max ? t->max : W2C_MAX_TABLE_SIZE);
	void *p;

	if (max > W2C_MAX_TABLE_SIZE)
		max = W2C_MAX_TABLE_SIZE;
	p = a->resize(a->ctx, *elems(t), t->size * es, n * es, max * es);
	if (!p)
		return false;
	*elems(t) = p;
	return true;
}

w2c_status w2c_table_init(w2c_table *table, w2c_valtype elem, uint32_t size,
                          uint32_t max, bool has_max)
{
	memset(table, 0, sizeof *table);
	if (size > W2C_MAX_TABLE_SIZE || (has_max && size > max))
		return W2C_ERR_RESOURCE;
	table->max = has_max ? max : UINT32_MAX;
	table->has_max = has_max;
	table->elem = elem;
	table->allocator = rt_allocator();
	if (!resize(table, size)) {
		memset(table, 0, sizeof *table);
		return W2C_ERR_RESOURCE;
	}
	table->size = size;
	if (elem != W2C_FUNCREF && !rt_gc_add_table(table)) { /* its references are roots */
		w2c_table_free(table);
		return W2C_ERR_RESOURCE;
	}
	return W2C_OK;
}

void w2c_table_free(w2c_table *table)
{
	if (table->elem != W2C_FUNCREF)
		rt_gc_remove_table(table);
	if (table->allocator && *elems(table))
		table->allocator->release(table->allocator->ctx, *elems(table),
		                          table->size * elem_size(table->elem));
	memset(table, 0, sizeof *table);
}

uint32_t w2c_table_grow(w2c_table *table, uint32_t delta,
                        const w2c_funcref *func_init, w2c_externref extern_init)
{
	uint32_t old = table->size, i;
	uint64_t n = (uint64_t)old + delta;

	if (n > table->max || n > W2C_MAX_TABLE_SIZE)
		return UINT32_MAX;
	if (delta == 0)
		return old;
	if (!resize(table, n))
		return UINT32_MAX;
	for (i = old; i < n; i++) {
		if (table->elem != W2C_FUNCREF)
			table->externs[i] = extern_init;
		else if (func_init)
			table->funcs[i] = *func_init;
	}
	table->size = (uint32_t)n;
	return old;
}

void w2c_rt_table_alloc(w2c_table *table, w2c_valtype elem, uint32_t size,
                        uint32_t max, bool has_max)
{
	w2c_status st = w2c_table_init(table, elem, size, max, has_max);
	if (st != W2C_OK)
		w2c_trap(st);
}

static void *field(w2c_instance *inst, uint32_t offset)
{
	return (char *)inst + offset;
}

static w2c_funcref item_funcref(w2c_instance *inst, const w2c_rt_elem *it)
{
	w2c_funcref r = { 0, NULL, NULL };
	const w2c_func_binding *b;
	uint64_t type = it->type;

	if (!type && (it->kind == W2C_ELEM_FUNC || it->kind == W2C_ELEM_IMPORT)) {
		const uint64_t *ids = field(inst, inst->module->type_ids_offset);
		type = ids[it->large];
	}
	switch (it->kind) {
	case W2C_ELEM_NULL:
		break;
	case W2C_ELEM_FUNC:
		r.type = type;
		r.fn = it->fn;
		r.ctx = inst;
		break;
	case W2C_ELEM_IMPORT:
		b = field(inst, it->offset);
		/* (GC) the function's own type may be a subtype of the import's */
		r.type = type & W2C_TYPE_RTT ? b->type : type;
		r.fn = b->fn;
		r.ctx = b->ctx;
		break;
	case W2C_ELEM_GLOBAL:
		memcpy(&r, field(inst, it->offset), sizeof r);
		break;
	case W2C_ELEM_GLOBAL_PTR:
		memcpy(&r, *(void **)field(inst, it->offset), sizeof r);
		break;
	case W2C_ELEM_BITS: /* GC references: never in a funcref table */
		break;
	}
	return r;
}

static w2c_externref item_externref(w2c_instance *inst, const w2c_rt_elem *it)
{
	w2c_externref r = NULL;

	if (it->kind == W2C_ELEM_GLOBAL)
		memcpy(&r, field(inst, it->offset), sizeof r);
	else if (it->kind == W2C_ELEM_GLOBAL_PTR)
		memcpy(&r, *(void **)field(inst, it->offset), sizeof r);
	else if (it->kind == W2C_ELEM_BITS)
		r = (void *)(uintptr_t)it->type;
	return r;
}

void w2c_rt_table_init(w2c_instance *inst, w2c_table *table,
                       const w2c_rt_elem *items, uint32_t nitems, uint32_t d,
                       uint32_t s, uint32_t n)
{
	uint32_t i;

	if ((uint64_t)s + n > nitems || (uint64_t)d + n > table->size)
		w2c_trap(W2C_TRAP_TABLE_OOB);
	for (i = 0; i < n; i++) {
		if (table->elem == W2C_FUNCREF)
			table->funcs[d + i] = item_funcref(inst, &items[s + i]);
		else
			table->externs[d + i] = item_externref(inst, &items[s + i]);
	}
}

void w2c_rt_elem_refs(w2c_instance *inst, const w2c_rt_elem *items, uint32_t nitems,
                      uint32_t s, uint32_t n, void *dst, int funcs)
{
	uint32_t i;

	if ((uint64_t)s + n > nitems)
		w2c_trap(W2C_TRAP_TABLE_OOB);
	for (i = 0; i < n; i++) {
		if (funcs)
			((w2c_funcref *)dst)[i] = item_funcref(inst, &items[s + i]);
		else
			((w2c_externref *)dst)[i] = item_externref(inst, &items[s + i]);
	}
}
