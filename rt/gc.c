/*
 * gc.c: the GC heap and its collector (docs/gc.md).
 *
 * Each thread has its own heap.  Objects up to GC_MAX_SMALL bytes live in
 * pages of GC_PAGE bytes (aligned to their size), each page cut into
 * slots of one size class; generated code allocates by bumping a pointer
 * through a run of free slots (w2c_gc_alloc in w2c_gen.h, the thread's
 * w2c_gc_tlab_), and comes here when the run is used up: the next run of
 * free slots in the class's pages, or a page from the pool of empty ones,
 * or a new page, or a collection first.  The free slots of a page are
 * the ones its mark bitmap left clear at the last collection, and a run
 * is zeroed as it is handed out, so an object needs no clearing.  A slot
 * holds an object, or a dead one left intact, exactly when its first
 * word, the rtt, is set (pages start zeroed).  Larger objects are blocks
 * of their own from calloc, behind a header, listed.
 *
 * Collection is mark-sweep and never moves an object; the marks are a
 * bitmap per page.  The roots are found without help from generated code:
 * the native stack between the collector's frame (registers spilled there
 * by setjmp) and the thread's outermost trap frame (w2c_call's) is read
 * word by word, and a word anywhere inside an object, or just past its
 * end, keeps it; then the blocks of the thread's instances (globals and
 * the hidden fields of element items), its tables of references, and the
 * payloads of the exceptions the runtime holds.  Those are read the same
 * way: a word is a reference only if it lands in an object of this heap
 * (a page of ours, found in a hash of the pages, then a slot holding an
 * object; or a large block, by binary search), so a host pointer or an
 * integer that looks like one keeps at most a dead object.  Object
 * contents are traced precisely, from the reference-field offsets of
 * their runtime types.  Sweeping only pools the pages left empty: a
 * dead object stays as it was until its slot is handed out again (a
 * stale stack word may keep it, and tracing it is sound: its fields
 * point to dead objects as intact, to zeroed slots, or to live objects).
 *
 * A collection runs only inside a call into generated code (with no
 * trap frame there is no stack to scan, and the host's values would be
 * unseen): when the bytes handed out since the last one reach twice the
 * bytes live after it (at least GC_MIN_TRIGGER), at the heap limit before
 * trapping, and with W2C_GC_STRESS at every allocation.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#ifndef W2C_GC_HEAP_MAX
#define W2C_GC_HEAP_MAX SIZE_MAX
#endif

/* Pages: 64 KiB, so that a page's header is under 2% of it and a 4 KiB
 * object wastes at most a slot's worth.  (A small target may build the
 * runtime with smaller ones.) */
#ifndef W2C_GC_PAGE_SHIFT
#define W2C_GC_PAGE_SHIFT 16
#endif
#if W2C_GC_PAGE_SHIFT < 13 || W2C_GC_PAGE_SHIFT > 24
#error "W2C_GC_PAGE_SHIFT: a page must hold a header and a 4 KiB slot, and not be huge"
#endif
#define GC_PAGE ((uintptr_t)1 << W2C_GC_PAGE_SHIFT)
#define GC_GRAIN 8 /* objects' alignment; a mark bit per grain */
#define GC_MAX_SMALL 4096

/* the least allocation between two collections */
#define GC_MIN_TRIGGER ((size_t)1 << 20)

/* The sizes of the classes past W2C_GC_SMALL (w2c_gc_class_size below
 * it): about 12% apart. */
static const uint32_t big_classes[] = { 320, 384, 448, 512, 640, 768, 896, 1024, 1280, 1536,
                                        1792, 2048, 2560, 3072, 3584, 4096 };
#define GC_NSMALLCLASS 24

typedef struct gc_page {
	struct gc_page *next;   /* in the pool of empty pages */
	uint32_t cls, size;     /* the size class and its slots' bytes; cls 0 in the pool */
	uint32_t recip;         /* 2^32 / size, rounded up: offset / size by a multiply */
	uint32_t nslots;
	uint32_t live;          /* objects the last collection marked */
	uintptr_t first;        /* the first slot */
	uint64_t marks[GC_PAGE / GC_GRAIN / 64]; /* a bit per grain: an object's start */
} gc_page;

#define GC_FIRST (((sizeof(gc_page) + 15) / 16) * 16)

/* A large object's block: the header, then the object. */
typedef union gc_large {
	struct {
		size_t size;    /* the object's bytes */
		uint32_t mark;
	} h;
	max_align_t align;
} gc_large;

#define OBJ(hd) ((void *)((hd) + 1))
#define HDR(o) ((gc_large *)(o) - 1)

typedef struct gc_class {
	gc_page **pages;
	size_t n, cap;
	size_t cursor;          /* pages[cursor...] are yet to be searched for runs */
	gc_page *page;          /* the page being searched, from scan */
	uintptr_t scan;
} gc_class;

typedef struct gc_heap {
	gc_class cls[W2C_GC_NCLASS];
	gc_page **ptab;         /* every page, by address: open addressing */
	gc_page *last;          /* the page page_at found last */
	size_t npages, ptcap;
	gc_page *pool;          /* empty pages, zeroed, of no class */
	size_t npool;
	gc_large **large;       /* every large object; sorted by address while marking */
	size_t nlarge, caplarge;
	uintptr_t lo, hi;       /* the pages' and large objects' address range */
	size_t bytes;           /* of the pages and large blocks */
	size_t live;            /* of the objects marked by the last collection */
	size_t since;           /* handed out since the last collection */
	size_t trigger;         /* collect when since reaches it */
	size_t limit;           /* bytes fails past it */
	bool limit_set;
	uintptr_t *stack;       /* the mark stack */
	size_t sn, scap;
	bool collecting;
	bool stress;            /* W2C_GC_STRESS code allocates here */
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
W2C_THREAD_LOCAL w2c_gc_tlab w2c_gc_tlab_;

static void forget_dead(void);
/* the set of objects the extern conversions made or let out (below) */
static W2C_THREAD_LOCAL uintptr_t *objects;
static W2C_THREAD_LOCAL size_t nobjects, capobjects;

/* Reads of memory that is not the reader's (the stack, free slots
 * poisoned below) pass by AddressSanitizer; with it, dead objects are
 * poisoned until their slot is handed out again, so that a missed root
 * shows as a use after free. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_ASAN __attribute__((no_sanitize_address))
#define GC_ASAN 1
#endif
#endif
#if !defined(NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define NO_ASAN __attribute__((no_sanitize_address))
#define GC_ASAN 1
#endif
#ifndef NO_ASAN
#define NO_ASAN
#endif
#ifdef GC_ASAN
void __asan_poison_memory_region(void const volatile *addr, size_t size);
void __asan_unpoison_memory_region(void const volatile *addr, size_t size);
#define POISON(p, n) __asan_poison_memory_region((const void *)(p), (n))
#define UNPOISON(p, n) __asan_unpoison_memory_region((const void *)(p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

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

/* Would n more bytes pass the limit? */
static bool over_limit(size_t n)
{
	size_t lim = heap_limit();
	return heap.bytes > lim || n > lim - heap.bytes;
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

static size_t class_of(size_t size)
{
	size_t c;

	if (size <= W2C_GC_SMALL)
		return w2c_gc_class(size);
	for (c = 0; big_classes[c] < size; c++)
		;
	return GC_NSMALLCLASS + 1 + c;
}

static size_t class_size(size_t c)
{
	return c <= GC_NSMALLCLASS ? w2c_gc_class_size(c) : big_classes[c - GC_NSMALLCLASS - 1];
}

/* --------------------------------------------------------------- pages */

static size_t page_slot(uintptr_t base, size_t cap)
{
	return (size_t)((base >> W2C_GC_PAGE_SHIFT) * 0x9e3779b97f4a7c15u) & (cap - 1);
}

static void span(uintptr_t lo, uintptr_t hi)
{
	if (lo < heap.lo)
		heap.lo = lo;
	if (hi > heap.hi)
		heap.hi = hi;
}

static void ptab_add(gc_page **tab, size_t cap, gc_page *pg)
{
	size_t i;

	span((uintptr_t)pg, (uintptr_t)pg + GC_PAGE);

	for (i = page_slot((uintptr_t)pg, cap); tab[i]; i = (i + 1) & (cap - 1))
		;
	tab[i] = pg;
}

/* The table of pages again, of the pages of the classes and the pool
 * (after pages were freed, or to grow it). */
static bool ptab_rebuild(size_t need)
{
	size_t cap = 64, c, i;
	gc_page **tab, *pg;

	while (cap < 2 * need)
		cap *= 2;
	tab = calloc(cap, sizeof *tab);
	if (!tab)
		return false;
	heap.lo = UINTPTR_MAX;
	heap.hi = 0;
	for (c = 1; c < W2C_GC_NCLASS; c++)
		for (i = 0; i < heap.cls[c].n; i++)
			ptab_add(tab, cap, heap.cls[c].pages[i]);
	for (pg = heap.pool; pg; pg = pg->next)
		ptab_add(tab, cap, pg);
	for (i = 0; i < heap.nlarge; i++)
		span((uintptr_t)heap.large[i], (uintptr_t)OBJ(heap.large[i]) + heap.large[i]->h.size);
	free(heap.ptab);
	heap.ptab = tab;
	heap.last = NULL;
	heap.ptcap = cap;
	return true;
}

/* The page at w, if it is one of ours.  Marking follows references
 * that mostly stay in a page (objects allocated together point to each
 * other), so the last page found is tried first. */
static inline gc_page *page_at(uintptr_t w)
{
	uintptr_t base = w & ~(GC_PAGE - 1);
	size_t i;

	if (base == (uintptr_t)heap.last)
		return heap.last;
	if (!heap.ptab)
		return NULL;
	for (i = page_slot(base, heap.ptcap); heap.ptab[i]; i = (i + 1) & (heap.ptcap - 1))
		if ((uintptr_t)heap.ptab[i] == base)
			return heap.last = heap.ptab[i];
	return NULL;
}

/* Page pg for class c, zeroed: a word that lands in a slot not handed
 * out yet must read as a free slot (zero), not as stale bits of another
 * class's object. */
static void page_init(gc_page *pg, size_t c)
{
	size_t size = class_size(c);

	pg->next = NULL;
	pg->cls = (uint32_t)c;
	pg->size = (uint32_t)size;
	pg->recip = (uint32_t)(((uint64_t)1 << 32) / size + 1);
	pg->first = (uintptr_t)pg + GC_FIRST;
	pg->nslots = (uint32_t)((GC_PAGE - GC_FIRST) / size);
	pg->live = 0;
	memset(pg->marks, 0, sizeof pg->marks);
	UNPOISON(pg->first, GC_PAGE - GC_FIRST);
	memset((void *)pg->first, 0, GC_PAGE - GC_FIRST);
}

/* A page for class c: from the pool, or new; NULL past the limit or
 * out of memory. */
static gc_page *page_new(size_t c)
{
	gc_class *k = &heap.cls[c];
	gc_page *pg = heap.pool;

	if (!grow(&k->pages, &k->cap, k->n + 1, sizeof *k->pages))
		return NULL;
	if (pg) {
		heap.pool = pg->next;
		heap.npool--;
	} else {
		if (over_limit(GC_PAGE))
			return NULL;
		if (2 * (heap.npages + 1) > heap.ptcap && !ptab_rebuild(heap.npages + 1))
			return NULL;
		pg = aligned_alloc(GC_PAGE, GC_PAGE); /* (its runs are zeroed as handed out) */
		if (!pg)
			return NULL;
		ptab_add(heap.ptab, heap.ptcap, pg);
		heap.npages++;
		heap.bytes += GC_PAGE;
	}
	page_init(pg, c);
	k->pages[k->n++] = pg;
	k->cursor = k->n; /* (searched: by the caller, from now on) */
	return pg;
}

static void page_free(gc_page *pg)
{
	if (heap.last == pg)
		heap.last = NULL;
	UNPOISON(pg, GC_PAGE);
	free(pg);
	heap.npages--;
	heap.bytes -= GC_PAGE;
}

static bool bit_at(const gc_page *pg, uintptr_t o)
{
	uintptr_t bit = (o - (uintptr_t)pg) / GC_GRAIN;
	return pg->marks[bit / 64] >> (bit % 64) & 1;
}

/* The next run of free slots of class c's page from its scan position
 * into the thread's allocator, zeroed; false if the page has none left.
 * The free slots are the ones the last collection did not mark (the
 * slots before scan are this cycle's: the marks say nothing of them). */
static bool next_run(gc_class *k, size_t c)
{
	gc_page *pg = k->page;
	uintptr_t o = k->scan, size = pg->size, end = pg->first + pg->nslots * size, start;

	while (o < end && bit_at(pg, o))
		o += size;
	if (o >= end)
		return false;
	start = o;
	while (o < end && !bit_at(pg, o))
		o += size;
	k->scan = o;
	UNPOISON(start, o - start);
	memset((void *)start, 0, o - start);
	w2c_gc_tlab_.bump[c] = start;
	w2c_gc_tlab_.limit[c] = o;
	heap.since += o - start;
	return true;
}

/* ---------------------------------------------------------------- mark */

static int by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(gc_large *const *)a, y = (uintptr_t)*(gc_large *const *)b;
	return x < y ? -1 : x > y;
}

/* The large object whose block (header to one past its end) holds w. */
static gc_large *find_large(uintptr_t w)
{
	size_t lo = 0, hi = heap.nlarge;
	gc_large *h;

	if (!hi)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)heap.large[mid] <= w)
			lo = mid;
		else
			hi = mid;
	}
	h = heap.large[lo];
	if ((uintptr_t)h > w || w > (uintptr_t)OBJ(h) + h->h.size)
		return NULL;
	return h;
}

/* The object that holds address w (its start, or inside it), marked; 0
 * if w is in no object or it was marked already.  A field's reference
 * (exact) is known to be an object's: its slot is not read, which would
 * be a cache miss before the one of tracing it. */
NO_ASAN static inline uintptr_t mark_at(uintptr_t w, bool exact)
{
	gc_page *pg;
	gc_large *h;

	if (w < heap.lo || w >= heap.hi)
		return 0;
	pg = page_at(w);
	if (pg) {
		if (!pg->cls)
			return 0; /* a pooled page */
		uintptr_t off = w - pg->first, o, bit;
		size_t k;
		if (w < pg->first)
			return 0;
		k = (size_t)(((uint64_t)off * pg->recip) >> 32);
		if (k >= pg->nslots)
			return 0;
		o = pg->first + k * pg->size;
		if (o > w) /* (the reciprocal, rounded up, overshot) */
			o -= pg->size;
		if (!exact && !*(const volatile uintptr_t *)o)
			return 0; /* a free slot */
		bit = (o - (uintptr_t)pg) / GC_GRAIN;
		if (pg->marks[bit / 64] >> (bit % 64) & 1)
			return 0;
		pg->marks[bit / 64] |= (uint64_t)1 << (bit % 64);
		pg->live++;
		heap.live += pg->size;
		return o;
	}
	h = find_large(w);
	if (!h || h->h.mark)
		return 0;
	h->h.mark = 1;
	heap.live += sizeof *h + h->h.size;
	return (uintptr_t)OBJ(h);
}

static inline void mark_word(uintptr_t w, bool exact)
{
	uintptr_t o = mark_at(w, exact);

	if (!o)
		return;
	if (heap.sn == heap.scap && !grow(&heap.stack, &heap.scap, heap.sn + 1, sizeof *heap.stack)) {
		heap.overflow = true; /* traced later, from the marks */
		return;
	}
	heap.stack[heap.sn++] = o;
}

static bool marked(uintptr_t o)
{
	gc_page *pg = page_at(o);
	uintptr_t bit;

	if (!pg)
		return HDR(o)->h.mark != 0;
	bit = (o - (uintptr_t)pg) / GC_GRAIN;
	return pg->marks[bit / 64] >> (bit % 64) & 1;
}

/* Words where references may be: the instance blocks, payloads. */
NO_ASAN static void mark_range(const void *from, const void *to)
{
	uintptr_t a = (uintptr_t)from, b = (uintptr_t)to;
	const volatile uintptr_t *p;

	a = (a + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1);
	for (p = (const volatile uintptr_t *)a; (uintptr_t)(p + 1) <= b; p++)
		mark_word(*p, false);
}

/* The stack from here to the outermost trap frame; called through a
 * volatile pointer, so that it is a frame below the collector's.  A
 * compiler may keep just past an object's end (a loop's end pointer), so
 * each word also counts for the byte before it. */
NO_ASAN static void mark_stack(const w2c_trap_frame *outer)
{
	volatile uintptr_t here = 0;
	uintptr_t a = (uintptr_t)&here, b = (uintptr_t)(outer + 1);
	const volatile uintptr_t *p;

	if (a > b) { /* a stack that grows up */
		a = (uintptr_t)outer;
		b = (uintptr_t)&here;
	}
	a = (a + sizeof(uintptr_t) - 1) & ~(uintptr_t)(sizeof(uintptr_t) - 1);
	for (p = (const volatile uintptr_t *)a; (uintptr_t)(p + 1) <= b; p++) {
		mark_word(*p, false);
		mark_word(*p - 1, false);
	}
}

static void (*volatile mark_stack_fn)(const w2c_trap_frame *) = mark_stack;

static void mark_payload(const w2c_value *v, size_t n)
{
	mark_range(v, v + n);
}

/* The references in object o (precise: an odd word is an i31).  (o may
 * be a dead object a stack word kept, poisoned under W2C_GC_STRESS.) */
NO_ASAN static void trace(uintptr_t o)
{
	const w2c_rtt *t = ((const w2c_gc_object *)o)->rtt;
	uint32_t i;

	/* (a free slot, reached from a dead object a stack word kept) */
	if (!t || !t->nrefs)
		return;
	if (t->kind == W2C_RTT_ARRAY) {
		const w2c_gc_array *a = (const w2c_gc_array *)o;
		const uintptr_t *e = (const uintptr_t *)(o + t->refs[0]);
		for (i = 0; i < a->len; i++)
			if (e[i] && !(e[i] & 1))
				mark_word(e[i], true);
		return;
	}
	for (i = 0; i < t->nrefs; i++) {
		uintptr_t w = *(const uintptr_t *)(o + t->refs[i]);
		if (w && !(w & 1))
			mark_word(w, true);
	}
}

/* After the mark stack overflowed: trace every marked object again. */
NO_ASAN static void retrace(void)
{
	size_t c, i, k;

	for (c = 1; c < W2C_GC_NCLASS; c++)
		for (i = 0; i < heap.cls[c].n; i++) {
			gc_page *pg = heap.cls[c].pages[i];
			for (k = 0; k < pg->nslots; k++) {
				uintptr_t o = pg->first + k * pg->size;
				if (*(const volatile uintptr_t *)o && marked(o))
					trace(o);
			}
		}
	for (i = 0; i < heap.nlarge; i++)
		if (heap.large[i]->h.mark)
			trace((uintptr_t)OBJ(heap.large[i]));
}

/* Traces the objects of the mark stack and all they reach.  (Depth
 * first: objects are mostly allocated depth first too, so the next one
 * is mostly near.  A ring of prefetched objects traced 8 pops later was
 * slower on binary-trees.) */
NO_ASAN static void drain(void)
{
	while (heap.sn)
		trace(heap.stack[--heap.sn]);
}

static void mark(const w2c_trap_frame *outer)
{
	jmp_buf regs;
	const w2c_ref_handle *hd;
	size_t i;

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
		mark_word((uintptr_t)hd->ref, false);
	do {
		drain();
		if (heap.overflow) {
			heap.overflow = false;
			retrace();
		}
	} while (heap.sn || heap.overflow);
}

/* --------------------------------------------------------------- sweep */

#ifdef GC_ASAN
/* The free slots of page pg poisoned, until next_run hands them out. */
static void poison_page(gc_page *pg)
{
	uintptr_t o, size = pg->size, end = pg->first + pg->nslots * size;

	for (o = pg->first; o < end; o += size)
		if (!bit_at(pg, o))
			POISON(o, size);
}
#else
#define poison_page(pg) ((void)(pg))
#endif

static void sweep(void)
{
	size_t c, i, k, keep = heap.trigger / GC_PAGE + 1;
	gc_page *doomed = NULL, *pg;

	for (c = 1; c < W2C_GC_NCLASS; c++) {
		gc_class *cl = &heap.cls[c];
		for (i = k = 0; i < cl->n; i++) {
			pg = cl->pages[i];
			if (pg->live || pg == cl->page) {
				pg->live = 0;
				poison_page(pg);
				cl->pages[k++] = pg;
			} else if (heap.npool < keep && !heap.stress) { /* empty: for any class */
				pg->cls = 0;
				POISON(pg->first, GC_PAGE - GC_FIRST);
				pg->next = heap.pool;
				heap.pool = pg;
				heap.npool++;
			} else { /* freed once out of the table of pages */
				pg->cls = 0;
				pg->next = doomed;
				doomed = pg;
			}
		}
		cl->n = k;
		/* (stress: the free slots of the pages are not searched again,
		 * so that a dead object is not reused at once but stays
		 * poisoned, as a freed block stays in ASan's quarantine) */
		cl->cursor = heap.stress ? k : 0;
		if (!heap.stress)
			cl->page = NULL;
	}
	for (i = k = 0; i < heap.nlarge; i++) {
		gc_large *h = heap.large[i];
		if (h->h.mark) {
			h->h.mark = 0;
			heap.large[k++] = h;
		} else {
			heap.bytes -= sizeof *h + h->h.size;
			free(h);
		}
	}
	heap.nlarge = k;
	if (!doomed)
		return;
	if (ptab_rebuild(heap.npages)) {
		while ((pg = doomed) != NULL) {
			doomed = pg->next;
			page_free(pg);
		}
	} else {
		/* no memory for the table: the pages stay in the old one, pooled */
		while ((pg = doomed) != NULL) {
			doomed = pg->next;
			POISON(pg->first, GC_PAGE - GC_FIRST);
			pg->next = heap.pool;
			heap.pool = pg;
			heap.npool++;
		}
	}
}

static void collect(void)
{
	const w2c_trap_frame *outer = w2c_rt_frame;
	size_t c, i;

	if (!outer || heap.collecting || !heap.bytes)
		return;
	while (outer->prev)
		outer = outer->prev;
	if (heap.nlarge)
		qsort(heap.large, heap.nlarge, sizeof *heap.large, by_address);
	/* the runs handed out end here: what is left of them is free slots,
	 * found again by the search after the sweep (stress: the runs go on,
	 * into pages no object has died in yet) */
	if (!heap.stress)
		for (c = 0; c < W2C_GC_NCLASS; c++)
			w2c_gc_tlab_.bump[c] = w2c_gc_tlab_.limit[c] = 0;
	heap.collecting = true;
	heap.live = 0;
	for (c = 1; c < W2C_GC_NCLASS; c++)
		for (i = 0; i < heap.cls[c].n; i++)
			memset(heap.cls[c].pages[i]->marks, 0, sizeof heap.cls[c].pages[i]->marks);
	mark(outer);
	forget_dead();
	sweep();
	heap.collecting = false;
	heap.since = 0;
	heap.trigger = 2 * heap.live > GC_MIN_TRIGGER ? 2 * heap.live : GC_MIN_TRIGGER;
	heap.collections++;
}

void w2c_gc_collect(void)
{
	collect();
}

/* ------------------------------------------------------------ allocate */

/* A run of class c into the thread's allocator: from the class's pages,
 * a new page, or after a collection. */
static void refill(size_t c)
{
	gc_class *k = &heap.cls[c];
	bool collected = false;

	for (;;) {
		if (k->page && next_run(k, c))
			return;
		if (k->cursor < k->n) {
			k->page = k->pages[k->cursor++];
			k->scan = k->page->first;
			continue;
		}
		if (!collected && heap.since >= heap.trigger + (heap.trigger ? 0 : GC_MIN_TRIGGER)) {
			collect();
			collected = true;
			continue;
		}
		k->page = page_new(c);
		if (k->page) {
			k->scan = k->page->first;
			continue;
		}
		if (collected)
			w2c_trap(W2C_TRAP_GC_HEAP);
		collect();
		collected = true;
	}
}

static w2c_anyref alloc_large(size_t size, const w2c_rtt *rtt)
{
	size_t total = sizeof(gc_large) + size;
	gc_large *h = NULL;

	if (heap.since >= heap.trigger + (heap.trigger ? 0 : GC_MIN_TRIGGER))
		collect();
	if (over_limit(total))
		collect();
	if (!over_limit(total) &&
	    grow(&heap.large, &heap.caplarge, heap.nlarge + 1, sizeof *heap.large)) {
		h = calloc(1, total);
		if (!h) {
			collect();
			h = calloc(1, total);
		}
	}
	if (!h)
		w2c_trap(W2C_TRAP_GC_HEAP);
	h->h.size = size;
	heap.large[heap.nlarge++] = h;
	span((uintptr_t)h, (uintptr_t)OBJ(h) + size);
	heap.bytes += total;
	heap.since += total;
	((w2c_gc_object *)OBJ(h))->rtt = rtt;
	return OBJ(h);
}

static w2c_anyref alloc(size_t size, const w2c_rtt *rtt, bool stress)
{
	size_t c, sz;
	uintptr_t p;

	if (size > SIZE_MAX / 2)
		w2c_trap(W2C_TRAP_GC_HEAP);
	if (stress) {
		heap.stress = true;
		collect();
	}
	if (size > GC_MAX_SMALL)
		return alloc_large(size, rtt);
	c = class_of(size);
	sz = class_size(c);
	if (w2c_gc_tlab_.limit[c] - w2c_gc_tlab_.bump[c] < sz)
		refill(c);
	p = w2c_gc_tlab_.bump[c];
	w2c_gc_tlab_.bump[c] = p + sz;
	UNPOISON(p, sz); /* (stress: the rest of the run was poisoned by the sweep) */
	((w2c_gc_object *)p)->rtt = rtt;
	return (w2c_anyref)p;
}

w2c_anyref w2c_gc_alloc_slow(size_t size, const w2c_rtt *rtt)
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

w2c_anyref w2c_gc_alloc_array_slow(size_t head, size_t elem, uint32_t len, const w2c_rtt *rtt)
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
	size_t c, i;
	gc_page *pg;

	for (c = 1; c < W2C_GC_NCLASS; c++) {
		for (i = 0; i < heap.cls[c].n; i++)
			page_free(heap.cls[c].pages[i]);
		free(heap.cls[c].pages);
		memset(&heap.cls[c], 0, sizeof heap.cls[c]);
	}
	while ((pg = heap.pool) != NULL) {
		heap.pool = pg->next;
		page_free(pg);
	}
	for (i = 0; i < heap.nlarge; i++)
		free(heap.large[i]);
	free(heap.large);
	free(heap.ptab);
	free(heap.stack);
	heap.large = NULL;
	heap.ptab = NULL;
	heap.stack = NULL;
	heap.nlarge = heap.caplarge = heap.npages = heap.ptcap = heap.npool = 0;
	heap.sn = heap.scap = 0;
	heap.bytes = heap.since = heap.live = 0;
	heap.lo = heap.hi = 0;
	memset(&w2c_gc_tlab_, 0, sizeof w2c_gc_tlab_);
	free(objects);
	objects = NULL;
	nobjects = capobjects = 0;
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

/* Before a sweep: the set again, of the marked objects.  (If there is
 * no memory for it, the old one stays: a dead object's address in it
 * can only come back as an object.) */
static void forget_dead(void)
{
	uintptr_t *n;
	size_t i, k;

	if (!capobjects || !(n = calloc(capobjects, sizeof *n)))
		return;
	nobjects = 0;
	for (k = 0; k < capobjects; k++)
		if (objects[k] && marked(objects[k])) {
			for (i = slot_of(objects[k], capobjects); n[i]; i = (i + 1) & (capobjects - 1))
				;
			n[i] = objects[k];
			nobjects++;
		}
	free(objects);
	objects = n;
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
	gc_box *b = alloc(sizeof *b, rtt, heap.stress);

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
	const w2c_module_types *ts = inst->module->types;
	const w2c_rtt *t;
	w2c_anyref r;
	uint64_t want;

	if (!ts || type >= ts->ntypes)
		return -1;
	t = ((const w2c_rtt *const *)(const void *)((const char *)inst + ts->rtts_offset))[type];
	if (t->kind == W2C_RTT_FUNC) {
		if (v->type != W2C_FUNCREF || !v->of.funcref.fn)
			return 0;
		/* a type 2.0 could declare keeps its signature's id */
		want = rt_instance_type_id(inst, (const w2c_functype *)ts->info[type]);
		if (!want)
			return -1; /* a large signature's id: not worth a search */
		return rt_type_sub(v->of.funcref.type, want);
	}
	if (v->type == W2C_ANYREF)
		r = v->of.anyref;
	else if (v->type == W2C_EXTERNREF)
		r = extern_object(v->of.externref);
	else
		return 0;
	return w2c_gc_is_sub(r, t, t->depth);
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
