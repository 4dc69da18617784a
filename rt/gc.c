/*
 * gc.c: the GC heap (docs/gc.md).
 *
 * What is here is allocation: objects are zeroed blocks, each behind a
 * link that keeps it on the thread's heap list, so that leak checkers
 * see every object held.  The collector the design describes (mark from
 * the stack and the precise roots, sweep) is not written yet: until it
 * is, an object lives as long as the process, and W2C_GC_HEAP_MAX (bytes,
 * default unlimited) bounds what a thread allocates, an allocation past
 * it trapping rather than exhausting the host's memory.
 */
#include <stdlib.h>

#include "rt_internal.h"

#ifndef W2C_GC_HEAP_MAX
#define W2C_GC_HEAP_MAX SIZE_MAX
#endif

/* Before every object, keeping the object's alignment. */
typedef union gc_link {
	union gc_link *next;
	max_align_t align;
} gc_link;

static W2C_THREAD_LOCAL gc_link *heap;
static W2C_THREAD_LOCAL size_t heap_bytes;

w2c_anyref w2c_gc_alloc(size_t size, const w2c_rtt *rtt)
{
	gc_link *l;
	w2c_gc_object *o;

	if (size > W2C_GC_HEAP_MAX - heap_bytes || size > SIZE_MAX - sizeof *l)
		w2c_trap(W2C_TRAP_GC_HEAP);
	l = calloc(1, sizeof *l + size);
	if (!l)
		w2c_trap(W2C_TRAP_GC_HEAP);
	heap_bytes += size;
	l->next = heap;
	heap = l;
	o = (w2c_gc_object *)(l + 1);
	o->rtt = rtt;
	return o;
}

w2c_anyref w2c_gc_alloc_array(size_t head, size_t elem, uint32_t len, const w2c_rtt *rtt)
{
	w2c_gc_array *a;

	if (elem && len > (SIZE_MAX - head) / elem)
		w2c_trap(W2C_TRAP_GC_HEAP);
	a = w2c_gc_alloc(head + elem * len, rtt);
	a->len = len;
	return a;
}

/*
 * The conversions between the extern and any hierarchies.  A host
 * pointer may have any bits, so it can't stand for itself among anyrefs
 * (an odd one would pass for an i31): it enters boxed.  An i31 leaving
 * as an externref is boxed too, so that the host never sees odd values
 * it didn't make; structs and arrays leave as themselves.  Telling a box
 * or object of ours from a host pointer needs the set of our objects:
 * an open-addressing hash set of their addresses, per thread.
 */
typedef struct gc_box {
	w2c_gc_object h;
	void *value;
} gc_box;

static const w2c_rtt host_box = { W2C_RTT_HOST, 0, NULL };
static const w2c_rtt i31_box = { W2C_RTT_I31, 0, NULL };

static W2C_THREAD_LOCAL uintptr_t *objects;
static W2C_THREAD_LOCAL size_t nobjects, capobjects;

static size_t slot_of(uintptr_t p, size_t cap)
{
	return (size_t)((p >> 4) * 0x9e3779b97f4a7c15u) & (cap - 1);
}

static void remember(void *o)
{
	size_t i;

	if (2 * (nobjects + 1) > capobjects) {
		size_t cap = capobjects ? 2 * capobjects : 1024, k;
		uintptr_t *n = calloc(cap, sizeof *n);
		if (!n)
			w2c_trap(W2C_TRAP_GC_HEAP);
		for (k = 0; k < capobjects; k++)
			if (objects[k]) {
				for (i = slot_of(objects[k], cap); n[i]; i = (i + 1) & (cap - 1))
					;
				n[i] = objects[k];
			}
		free(objects);
		objects = n;
		capobjects = cap;
	}
	for (i = slot_of((uintptr_t)o, capobjects); objects[i]; i = (i + 1) & (capobjects - 1))
		;
	objects[i] = (uintptr_t)o;
	nobjects++;
}

static bool is_object(const void *p)
{
	size_t i;

	if (!capobjects || ((uintptr_t)p & 7))
		return false;
	for (i = slot_of((uintptr_t)p, capobjects); objects[i]; i = (i + 1) & (capobjects - 1))
		if (objects[i] == (uintptr_t)p)
			return true;
	return false;
}

static void *box(void *value, const w2c_rtt *rtt)
{
	gc_box *b = w2c_gc_alloc(sizeof *b, rtt);

	b->value = value;
	remember(b);
	return b;
}

w2c_anyref w2c_gc_internalize(w2c_externref e)
{
	if (!e)
		return NULL;
	if (is_object(e)) {
		const gc_box *b = e;
		return b->h.rtt == &i31_box ? b->value : e;
	}
	return box(e, &host_box);
}

w2c_externref w2c_gc_externalize(w2c_anyref a)
{
	if (!a)
		return NULL;
	if (w2c_is_i31(a))
		return box(a, &i31_box);
	if (((const w2c_gc_object *)a)->rtt == &host_box)
		return ((const gc_box *)a)->value;
	if (!is_object(a))
		remember(a); /* a struct or array, known from now on */
	return a;
}
