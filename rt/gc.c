/*
 * gc.c: the GC heap and its collector (docs/gc.md).
 *
 * Each thread has its own heap; an object is a zeroed block from the C
 * allocator behind a header (its size and mark) and is listed in the
 * heap's vector of objects.  Collection is mark-sweep and never moves an
 * object.  The roots are found without help from generated code: the
 * native stack between the collector's frame (registers spilled there by
 * setjmp) and the thread's outermost trap frame (w2c_call's) is read
 * word by word, and a word anywhere inside an object keeps it; then the
 * blocks of the thread's instances (globals and the hidden fields of
 * element items), its tables of references, and the payloads of the
 * exceptions the runtime holds.  Those are read the same way: a word
 * is a reference only if it lands in an object of this heap, so a host
 * pointer or an integer that looks like one keeps at most a dead object.
 * Object contents are traced precisely, from the reference-field offsets
 * of their runtime types.
 *
 * A collection runs only inside a call into generated code (with no
 * trap frame there is no stack to scan, and the host's values would be
 * unseen): when the bytes allocated since the last one reach the bytes
 * live after it (at least GC_MIN_TRIGGER), at the heap limit before
 * trapping, and with W2C_GC_STRESS at every allocation.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#ifndef W2C_GC_HEAP_MAX
#define W2C_GC_HEAP_MAX SIZE_MAX
#endif

/* the least allocation between two collections */
#define GC_MIN_TRIGGER ((size_t)1 << 20)

/* Before every object, keeping the object's alignment. */
typedef union gc_hdr {
	struct {
		size_t size;            /* the object's bytes */
		uint32_t mark;
		uint32_t remembered;    /* in the set of externalized objects */
	} h;
	max_align_t align;
} gc_hdr;

#define OBJ(hd) ((void *)((hd) + 1))
#define HDR(o) ((gc_hdr *)(o) - 1)

typedef struct gc_heap {
	gc_hdr **objs;          /* every object; sorted by address while marking */
	size_t n, cap;
	size_t bytes;           /* of the objects and their headers */
	size_t since;           /* allocated since the last collection */
	size_t trigger;         /* collect when since reaches it */
	size_t limit;           /* bytes fails past it */
	bool limit_set;
	uintptr_t lo, hi;       /* the objects' address range, while marking */
	gc_hdr **stack;         /* the mark stack */
	size_t sn, scap;
	bool collecting;
	bool overflow;          /* the mark stack couldn't grow */
	w2c_instance **insts;   /* the thread's instances: roots */
	size_t ninsts, capinsts;
	w2c_table **tables;     /* its tables of references: roots */
	size_t ntables, captables;
	size_t collections;
	struct w2c_ref_handle *handles; /* the host's: roots */
} gc_heap;

struct w2c_ref_handle {
	w2c_anyref ref;
	struct w2c_ref_handle *prev, *next;
};

static W2C_THREAD_LOCAL gc_heap heap;

static void forget_all(void);

static bool grow(void *vec, size_t *cap, size_t need, size_t elem)
{
	void **v = vec, *p;
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return true;
	while (c < need)
		c *= 2;
	p = realloc(*v, c * elem);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

static size_t heap_limit(void)
{
	if (W2C_UNLIKELY(!heap.limit_set)) {
		const char *e = getenv("W2C_GC_HEAP_MAX");
		heap.limit = e && *e ? (size_t)strtoull(e, NULL, 10) : W2C_GC_HEAP_MAX;
		heap.limit_set = true;
	}
	return heap.limit;
}

void w2c_gc_heap_limit(size_t bytes)
{
	heap.limit = bytes;
	heap.limit_set = true;
}

size_t w2c_gc_heap_bytes(void)
{
	return heap.bytes;
}

size_t w2c_gc_collections(void)
{
	return heap.collections;
}

/* ---------------------------------------------------------------- mark */

/*
 * The objects by address, for find's binary search: a radix sort, a byte
 * at a time from the lowest, skipping the bytes every address shares
 * (a heap spans a few megabytes, so most are): linear in the objects,
 * where qsort's comparisons took most of a collection.
 */
static bool sort_objects(void)
{
	uintptr_t all = ~(uintptr_t)0, any = 0;
	gc_hdr **tmp, **from = heap.objs, **to;
	size_t i, shift;

	for (i = 0; i < heap.n; i++) {
		all &= (uintptr_t)heap.objs[i];
		any |= (uintptr_t)heap.objs[i];
	}
	tmp = malloc(heap.n * sizeof *tmp);
	if (!tmp)
		return false;
	to = tmp;
	for (shift = 0; shift < 8 * sizeof(uintptr_t); shift += 8) {
		size_t count[257] = { 0 };
		gc_hdr **swap;
		if (!(((all ^ any) >> shift) & 0xff))
			continue;
		for (i = 0; i < heap.n; i++)
			count[(((uintptr_t)from[i] >> shift) & 0xff) + 1]++;
		for (i = 1; i < 257; i++)
			count[i] += count[i - 1];
		for (i = 0; i < heap.n; i++)
			to[count[((uintptr_t)from[i] >> shift) & 0xff]++] = from[i];
		swap = from;
		from = to;
		to = swap;
	}
	if (from != heap.objs)
		memcpy(heap.objs, from, heap.n * sizeof *from);
	free(tmp);
	return true;
}

/* The object whose block (header to one past its end: a compiler may
 * keep an end pointer) holds address w, or NULL. */
static gc_hdr *find(uintptr_t w)
{
	size_t lo = 0, hi = heap.n;
	gc_hdr *h;

	if (w < heap.lo || w > heap.hi)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)heap.objs[mid] <= w)
			lo = mid;
		else
			hi = mid;
	}
	h = heap.objs[lo];
	if ((uintptr_t)h > w || w > (uintptr_t)OBJ(h) + h->h.size)
		return NULL;
	return h;
}

static void mark_word(uintptr_t w)
{
	gc_hdr *h = find(w);

	if (!h || h->h.mark)
		return;
	h->h.mark = 1;
	if (heap.sn == heap.scap && !grow(&heap.stack, &heap.scap, heap.sn + 1, sizeof *heap.stack)) {
		heap.overflow = true; /* traced later, from the marks */
		return;
	}
	heap.stack[heap.sn++] = h;
}

/* Words read where references may be: the stack, instance blocks,
 * payloads.  The reads are of memory that is not the reader's, so they
 * pass by AddressSanitizer. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#if !defined(NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef NO_ASAN
#define NO_ASAN
#endif

NO_ASAN static void mark_range(const void *from, const void *to)
{
	uintptr_t a = (uintptr_t)from, b = (uintptr_t)to;
	const volatile uintptr_t *p;

	a = (a + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1);
	for (p = (const volatile uintptr_t *)a; (uintptr_t)(p + 1) <= b; p++)
		mark_word(*p);
}

/* The stack from here to the outermost trap frame; called through a
 * volatile pointer, so that it is a frame below the collector's. */
static void mark_stack(const w2c_trap_frame *outer)
{
	volatile uintptr_t here = 0;
	const char *lo = (const char *)&here, *hi = (const char *)(outer + 1);

	if (lo > hi) { /* a stack that grows up */
		lo = (const char *)outer;
		hi = (const char *)&here;
	}
	mark_range(lo, hi);
}

static void (*volatile mark_stack_fn)(const w2c_trap_frame *) = mark_stack;

static void mark_payload(const w2c_value *v, size_t n)
{
	mark_range(v, v + n);
}

static void trace(gc_hdr *h)
{
	const w2c_gc_object *o = OBJ(h);
	const w2c_rtt *t = o->rtt;
	uint32_t i;

	if (!t->nrefs)
		return;
	if (t->kind == W2C_RTT_ARRAY) {
		const w2c_gc_array *a = (const w2c_gc_array *)o;
		const void *const *e = (const void *const *)((const char *)o + t->refs[0]);
		for (i = 0; i < a->len; i++)
			mark_word((uintptr_t)e[i]);
		return;
	}
	for (i = 0; i < t->nrefs; i++)
		mark_word((uintptr_t)*(const void *const *)((const char *)o + t->refs[i]));
}

static void mark(const w2c_trap_frame *outer)
{
	jmp_buf regs;
	const w2c_ref_handle *hd;
	size_t i;

	heap.lo = (uintptr_t)heap.objs[0];
	heap.hi = (uintptr_t)OBJ(heap.objs[heap.n - 1]) + heap.objs[heap.n - 1]->h.size;
	/* the callee-saved registers, into this frame, which is scanned */
	if (setjmp(regs) == 0)
		mark_stack_fn(outer);
	for (i = 0; i < heap.ninsts; i++)
		mark_range(heap.insts[i], (const char *)heap.insts[i] +
		           heap.insts[i]->module->instance_size);
	for (i = 0; i < heap.ntables; i++)
		if (heap.tables[i]->externs)
			mark_range(heap.tables[i]->externs,
			           heap.tables[i]->externs + heap.tables[i]->size);
	rt_exn_roots(mark_payload);
	for (hd = heap.handles; hd; hd = hd->next)
		mark_word((uintptr_t)hd->ref);
	do {
		while (heap.sn)
			trace(heap.stack[--heap.sn]);
		/* marked objects left untraced: trace every marked one again */
		if (heap.overflow) {
			heap.overflow = false;
			for (i = 0; i < heap.n; i++)
				if (heap.objs[i]->h.mark)
					trace(heap.objs[i]);
		}
	} while (heap.sn || heap.overflow);
}

/* --------------------------------------------------------------- sweep */

static void sweep(void)
{
	size_t i, k = 0, bytes = 0;
	bool forgot = false;

	for (i = 0; i < heap.n; i++) {
		gc_hdr *h = heap.objs[i];
		if (h->h.mark) {
			h->h.mark = 0;
			bytes += sizeof *h + h->h.size;
			heap.objs[k++] = h;
		} else {
			forgot |= h->h.remembered != 0;
			free(h);
		}
	}
	heap.n = k;
	heap.bytes = bytes;
	if (forgot)
		forget_all();
}

static void collect(void)
{
	const w2c_trap_frame *outer = w2c_rt_frame;

	if (!outer || heap.collecting || !heap.n)
		return;
	while (outer->prev)
		outer = outer->prev;
	if (!sort_objects())
		return; /* no memory to collect with: the caller may trap */
	heap.collecting = true;
	mark(outer);
	sweep();
	heap.collecting = false;
	heap.since = 0;
	heap.trigger = heap.bytes > GC_MIN_TRIGGER ? heap.bytes : GC_MIN_TRIGGER;
	heap.collections++;
}

void w2c_gc_collect(void)
{
	collect();
}

/* ------------------------------------------------------------ allocate */

static w2c_anyref alloc(size_t size, const w2c_rtt *rtt, bool stress)
{
	size_t total;
	gc_hdr *h;

	if (size > SIZE_MAX / 2)
		w2c_trap(W2C_TRAP_GC_HEAP);
	total = sizeof *h + size;
	if (stress || heap.since >= heap.trigger + (heap.trigger ? 0 : GC_MIN_TRIGGER))
		collect();
	if (total > heap_limit() - (heap.bytes < heap_limit() ? heap.bytes : heap_limit())) {
		collect();
		if (total > heap_limit() - (heap.bytes < heap_limit() ? heap.bytes : heap_limit()))
			w2c_trap(W2C_TRAP_GC_HEAP);
	}
	if (!grow(&heap.objs, &heap.cap, heap.n + 1, sizeof *heap.objs))
		w2c_trap(W2C_TRAP_GC_HEAP);
	h = calloc(1, total);
	if (!h) {
		collect();
		h = calloc(1, total);
		if (!h)
			w2c_trap(W2C_TRAP_GC_HEAP);
	}
	h->h.size = size;
	heap.objs[heap.n++] = h;
	heap.bytes += total;
	heap.since += total;
	((w2c_gc_object *)OBJ(h))->rtt = rtt;
	return OBJ(h);
}

w2c_anyref w2c_gc_alloc(size_t size, const w2c_rtt *rtt)
{
	return alloc(size, rtt, false);
}

w2c_anyref w2c_gc_alloc_stress(size_t size, const w2c_rtt *rtt)
{
	return alloc(size, rtt, true);
}

static w2c_anyref alloc_array(size_t head, size_t elem, uint32_t len, const w2c_rtt *rtt,
                              bool stress)
{
	w2c_gc_array *a;

	if (elem && len > (SIZE_MAX / 2 - head) / elem)
		w2c_trap(W2C_TRAP_GC_HEAP);
	a = alloc(head + elem * len, rtt, stress);
	a->len = len;
	return a;
}

w2c_anyref w2c_gc_alloc_array(size_t head, size_t elem, uint32_t len, const w2c_rtt *rtt)
{
	return alloc_array(head, elem, len, rtt, false);
}

w2c_anyref w2c_gc_alloc_array_stress(size_t head, size_t elem, uint32_t len,
                                     const w2c_rtt *rtt)
{
	return alloc_array(head, elem, len, rtt, true);
}

/* ----------------------------------------------------- roots, teardown */

w2c_ref_handle *w2c_ref_keep(w2c_anyref ref)
{
	w2c_ref_handle *h = malloc(sizeof *h);

	if (!h)
		return NULL;
	h->ref = ref;
	h->prev = NULL;
	h->next = heap.handles;
	if (heap.handles)
		heap.handles->prev = h;
	heap.handles = h;
	return h;
}

w2c_anyref w2c_ref_get(const w2c_ref_handle *h)
{
	return h ? h->ref : NULL;
}

void w2c_ref_release(w2c_ref_handle *h)
{
	if (!h)
		return;
	if (h->prev)
		h->prev->next = h->next;
	else
		heap.handles = h->next;
	if (h->next)
		h->next->prev = h->prev;
	free(h);
}

bool rt_gc_add_instance(w2c_instance *inst)
{
	if (!grow(&heap.insts, &heap.capinsts, heap.ninsts + 1, sizeof *heap.insts))
		return false;
	heap.insts[heap.ninsts++] = inst;
	return true;
}

static void free_all(void)
{
	size_t i;

	for (i = 0; i < heap.n; i++)
		free(heap.objs[i]);
	free(heap.objs);
	free(heap.stack);
	heap.objs = NULL;
	heap.stack = NULL;
	heap.n = heap.cap = heap.sn = heap.scap = 0;
	heap.bytes = heap.since = 0;
	forget_all();
}

/* The last instance of the thread gone, so is everything it allocated. */
void rt_gc_remove_instance(w2c_instance *inst)
{
	size_t i;

	for (i = 0; i < heap.ninsts; i++)
		if (heap.insts[i] == inst) {
			heap.insts[i] = heap.insts[--heap.ninsts];
			if (!heap.ninsts) {
				free(heap.insts);
				heap.insts = NULL;
				heap.capinsts = 0;
				free_all();
			}
			return;
		}
}

bool rt_gc_add_table(w2c_table *t)
{
	if (!grow(&heap.tables, &heap.captables, heap.ntables + 1, sizeof *heap.tables))
		return false;
	heap.tables[heap.ntables++] = t;
	return true;
}

void rt_gc_remove_table(w2c_table *t)
{
	size_t i;

	for (i = 0; i < heap.ntables; i++)
		if (heap.tables[i] == t) {
			heap.tables[i] = heap.tables[--heap.ntables];
			if (!heap.ntables) {
				free(heap.tables);
				heap.tables = NULL;
				heap.captables = 0;
			}
			return;
		}
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

static const w2c_rtt host_box = { W2C_RTT_HOST, 0, NULL, 0, NULL };
static const w2c_rtt i31_box = { W2C_RTT_I31, 0, NULL, 0, NULL };

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
	HDR(o)->h.remembered = 1;
}

/* After a sweep freed remembered objects: the set again, of the others. */
static void forget_all(void)
{
	size_t i;

	free(objects);
	objects = NULL;
	nobjects = capobjects = 0;
	for (i = 0; i < heap.n; i++)
		if (heap.objs[i]->h.remembered)
			remember(OBJ(heap.objs[i]));
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

/*
 * The embedder's view of references (w2c.h, "GC references"), as the JS
 * API has it.  An externref is looked at only through the set of our
 * objects: a host pointer is never read.
 */

/* The anyref an externref stands for, when wasm made it of one
 * (extern.convert_any), else NULL: boxes are undone, a host pointer is
 * left alone. */
static w2c_anyref extern_object(w2c_externref e)
{
	const gc_box *b = e;

	if (!e || !is_object(e))
		return NULL;
	if (b->h.rtt == &i31_box)
		return b->value;
	return b->h.rtt == &host_box ? NULL : e;
}

static w2c_ref_kind any_kind(w2c_anyref r)
{
	if (!r)
		return W2C_REF_NULL;
	if (w2c_is_i31(r))
		return W2C_REF_I31;
	switch (((const w2c_gc_object *)r)->rtt->kind) {
	case W2C_RTT_STRUCT:
		return W2C_REF_STRUCT;
	case W2C_RTT_ARRAY:
		return W2C_REF_ARRAY;
	default:
		return W2C_REF_HOST;
	}
}

w2c_ref_kind w2c_ref_kind_of(const w2c_value *v)
{
	switch (v->type) {
	case W2C_ANYREF:
		return any_kind(v->of.anyref);
	case W2C_EXTERNREF:
		if (!v->of.externref)
			return W2C_REF_NULL;
		return extern_object(v->of.externref) ? any_kind(extern_object(v->of.externref))
		                                      : W2C_REF_HOST;
	case W2C_FUNCREF:
		return v->of.funcref.fn ? W2C_REF_FUNC : W2C_REF_NULL;
	case W2C_EXNREF:
		return v->of.exnref ? W2C_REF_EXN : W2C_REF_NULL;
	default:
		return W2C_REF_NONE;
	}
}

/* The subtype test is the one generated code makes (w2c_gc_is_sub): the
 * object's rtt is the type's, or has it at the type's depth of its
 * supertype display. */
int w2c_ref_test(const w2c_instance *inst, uint32_t type, const w2c_value *v)
{
	const w2c_module *m = inst->module;
	const w2c_type_desc *t;
	w2c_anyref r;

	if (type >= m->ntypes || !m->types)
		return -1;
	t = &m->types[type];
	if (!t->rtt) {
		if (v->type != W2C_FUNCREF)
			return 0;
		if (!t->final || !t->func_id)
			return -1;
		return v->of.funcref.fn && v->of.funcref.type == t->func_id;
	}
	if (v->type == W2C_ANYREF)
		r = v->of.anyref;
	else if (v->type == W2C_EXTERNREF)
		r = extern_object(v->of.externref);
	else
		return 0;
	return w2c_gc_is_sub(r, t->rtt, t->rtt->depth);
}

w2c_anyref w2c_ref_i31(uint32_t n)
{
	return w2c_i31_new(n);
}

int32_t w2c_ref_i31_s(w2c_anyref ref)
{
	return ref && w2c_is_i31(ref) ? (int32_t)w2c_i31_get_s(ref) : 0;
}

uint32_t w2c_ref_i31_u(w2c_anyref ref)
{
	return ref && w2c_is_i31(ref) ? w2c_i31_get_u(ref) : 0;
}

int64_t w2c_ref_array_len(w2c_anyref ref)
{
	if (any_kind(ref) != W2C_REF_ARRAY)
		return -1;
	return ((const w2c_gc_array *)ref)->len;
}

w2c_value w2c_value_anyref(w2c_anyref ref)
{
	w2c_value v;

	memset(&v, 0, sizeof v);
	v.type = W2C_ANYREF;
	v.of.anyref = ref;
	return v;
}

w2c_value w2c_value_i31(uint32_t n)
{
	return w2c_value_anyref(w2c_i31_new(n));
}

w2c_value w2c_value_externref(w2c_externref ref)
{
	w2c_value v;

	memset(&v, 0, sizeof v);
	v.type = W2C_EXTERNREF;
	v.of.externref = ref;
	return v;
}

w2c_anyref w2c_ref_internalize(w2c_externref ref)
{
	return w2c_gc_internalize(ref);
}

w2c_externref w2c_ref_externalize(w2c_anyref ref)
{
	return w2c_gc_externalize(ref);
}
