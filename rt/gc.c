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
