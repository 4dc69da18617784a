/*
 * memory.c: linear memories.
 *
 * A guarded memory reserves W2C_GUARD_RESERVE bytes of address space with
 * no access and opens the first `size` bytes; growing opens more, so the
 * data never moves and generated code needs no bounds checks.  The fault
 * handler asks rt_is_guarded_address whether a fault hit such a region;
 * the regions are kept in a list of fixed slots that a signal handler can
 * read without locks.
 *
 * An unguarded memory is one block from the allocator (realloc unless the
 * embedder set one), which may move when the memory grows.
 */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#endif

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#if (defined(__unix__) || defined(__APPLE__)) && UINTPTR_MAX > 0xffffffffu && \
	!defined(W2C_NO_MMAP)
#define RT_MMAP 1
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#endif

/* Every memory has a data pointer, even at zero pages, so that generated
 * code never does arithmetic on a null pointer. */
static uint8_t empty_memory[16];

/* ----------------------------------------------------- default allocator */

static void *default_resize(void *ctx, void *old, uint64_t old_size,
                            uint64_t new_size, uint64_t max_size)
{
	uint8_t *p;

	(void)ctx;
	(void)max_size;
	if (new_size > SIZE_MAX)
		return NULL;
	if (!old) /* fresh zero pages, touched only when used: large memories */
		return calloc(1, new_size ? (size_t)new_size : 1);
	p = realloc(old, new_size ? (size_t)new_size : 1);
	if (p && new_size > old_size)
		memset(p + old_size, 0, (size_t)(new_size - old_size));
	return p;
}

static void default_release(void *ctx, void *block, uint64_t size)
{
	(void)ctx;
	(void)size;
	free(block);
}

static const w2c_allocator default_allocator = {
	default_resize, default_release, NULL
};
static const w2c_allocator *current_allocator = &default_allocator;

void w2c_set_allocator(const w2c_allocator *allocator)
{
	current_allocator = allocator ? allocator : &default_allocator;
}

const w2c_allocator *rt_allocator(void)
{
	return current_allocator;
}

/* ------------------------------------------------------ arena allocator */

static void *arena_resize(void *ctx, void *old, uint64_t old_size, uint64_t new_size,
                          uint64_t max_size)
{
	w2c_arena *a = ctx;
	uint8_t *p = old;
	size_t start;

	(void)max_size;
	if (p && p == a->last) {
		/* the newest block grows or shrinks in place */
		start = (size_t)(p - a->base);
		if (new_size > a->size - start)
			return NULL;
	} else {
		start = (a->used + 15) & ~(size_t)15;
		if (start > a->size || new_size > a->size - start)
			return NULL;
		p = a->base + start;
		if (old)
			memcpy(p, old, (size_t)(old_size < new_size ? old_size : new_size));
		else
			old_size = 0;
		a->last = p;
	}
	if (new_size > old_size)
		memset(p + old_size, 0, (size_t)(new_size - old_size));
	a->used = start + (size_t)new_size;
	return p;
}

static void arena_release(void *ctx, void *block, uint64_t size)
{
	w2c_arena *a = ctx;

	(void)size;
	if (block && block == a->last) {
		a->used = (size_t)(a->last - a->base);
		a->last = NULL;
	}
}

const w2c_allocator *w2c_arena_init(w2c_arena *arena, void *buffer, size_t size)
{
	arena->base = buffer;
	arena->size = size;
	arena->used = 0;
	arena->last = NULL;
	arena->allocator.resize = arena_resize;
	arena->allocator.release = arena_release;
	arena->allocator.ctx = arena;
	return &arena->allocator;
}

/* Host pages: a memory of 1-byte pages opens whole ones (the code using
 * it checks every access). */
static uint64_t host_pages(uint64_t size)
{
	return (size + 65535) & ~(uint64_t)65535;
}

/* ---------------------------------------------------- guarded regions */

#ifdef RT_MMAP
#define SLOTS 256

struct region_block {
	_Atomic uintptr_t start[SLOTS];
	_Atomic uintptr_t end[SLOTS];
	struct region_block *_Atomic next;
};

static struct region_block first_block;
static pthread_mutex_t region_lock = PTHREAD_MUTEX_INITIALIZER;

static bool add_region(uintptr_t start, uintptr_t end)
{
	struct region_block *b = &first_block, *nb;
	int i;

	pthread_mutex_lock(&region_lock);
	for (;;) {
		for (i = 0; i < SLOTS; i++) {
			if (!atomic_load(&b->start[i])) {
				atomic_store(&b->end[i], end);
				atomic_store(&b->start[i], start);
				pthread_mutex_unlock(&region_lock);
				return true;
			}
		}
		if (!atomic_load(&b->next)) {
			nb = calloc(1, sizeof *nb);
			if (!nb) {
				pthread_mutex_unlock(&region_lock);
				return false;
			}
			atomic_store(&b->next, nb);
		}
		b = atomic_load(&b->next);
	}
}

static void remove_region(uintptr_t start)
{
	struct region_block *b;
	int i;

	pthread_mutex_lock(&region_lock);
	for (b = &first_block; b; b = atomic_load(&b->next))
		for (i = 0; i < SLOTS; i++)
			if (atomic_load(&b->start[i]) == start)
				atomic_store(&b->start[i], 0);
	pthread_mutex_unlock(&region_lock);
}

bool rt_is_guarded_address(uintptr_t addr)
{
	struct region_block *b;
	int i;

	for (b = &first_block; b; b = atomic_load(&b->next)) {
		for (i = 0; i < SLOTS; i++) {
			uintptr_t s = atomic_load(&b->start[i]);
			if (s && addr >= s && addr < atomic_load(&b->end[i]))
				return true;
		}
	}
	return false;
}

bool w2c_guard_pages_supported(void)
{
	return true;
}

/* Reserves `reserve` bytes, the first `size` accessible. */
static w2c_status guarded_init(w2c_memory *mem, uint64_t size, uint64_t reserve)
{
	void *p;

	if (!rt_install_fault_handler())
		return W2C_ERR_RESOURCE;
	if (!reserve)
		reserve = 65536;
	p = mmap(NULL, (size_t)reserve, PROT_NONE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return W2C_ERR_RESOURCE;
	if ((size && mprotect(p, host_pages(size), PROT_READ | PROT_WRITE) != 0) ||
	    !add_region((uintptr_t)p, (uintptr_t)p + reserve)) {
		munmap(p, (size_t)reserve);
		return W2C_ERR_RESOURCE;
	}
	mem->data = p;
	mem->reserved = reserve;
	return W2C_OK;
}

static bool guarded_grow(w2c_memory *mem, uint64_t new_size)
{
	uint64_t from = host_pages(mem->size), to = host_pages(new_size);

	return to == from || mprotect(mem->data + from, (size_t)(to - from),
	                              PROT_READ | PROT_WRITE) == 0;
}

static void guarded_free(w2c_memory *mem)
{
	remove_region((uintptr_t)mem->data);
	munmap(mem->data, (size_t)mem->reserved);
}
#else
bool rt_is_guarded_address(uintptr_t addr)
{
	(void)addr;
	return false;
}

bool w2c_guard_pages_supported(void)
{
	return false;
}

static w2c_status guarded_init(w2c_memory *mem, uint64_t size, uint64_t reserve)
{
	(void)mem;
	(void)size;
	(void)reserve;
	return W2C_ERR_RESOURCE;
}

static bool guarded_grow(w2c_memory *mem, uint64_t new_size)
{
	(void)mem;
	(void)new_size;
	return false;
}

static void guarded_free(w2c_memory *mem)
{
	(void)mem;
}
#endif

/* ------------------------------------------------------ small memories */

/*
 * A memory allocated with W2C_LIMITS_RESERVE_MAX (docs/instances.md): its
 * code checks every access, so it needs no guard region, only never to
 * move.  It is one private mapping of its maximum, readable and writable
 * from the start: the kernel gives zero pages as they are first touched
 * (so a live instance costs the pages it uses), growing is only a new
 * size, and no fault can hit it.  Alike mappings side by side merge into
 * one kernel mapping, which keeps 100,000 of them under Linux's 65,530
 * mappings a process.  A freed one goes back to the kernel's zero pages
 * (MADV_DONTNEED) and to a pool for the next of its size: instantiation
 * then makes no mapping.  It is used in both bounds modes when the
 * default allocator serves (an embedder's allocator is left its memories).
 */
#ifdef RT_MMAP
#define SMALL_POOL 1024

static struct small_block {
	uint8_t *data;
	uint64_t size;
} small_pool[SMALL_POOL];
static size_t nsmall_pool;
static pthread_mutex_t small_lock = PTHREAD_MUTEX_INITIALIZER;

static bool small_possible(bool guarded)
{
	return guarded || current_allocator == &default_allocator;
}

#ifdef MADV_NOHUGEPAGE
/*
 * Whether Linux gives transparent huge pages to any mapping ("always",
 * RHEL's default; most take "madvise").  Then the first touch of a 16 MiB
 * small memory faults in 2 MiB, and 64 KiB ones merged side by side
 * share 2 MiB pages: 100,000 would keep gigabytes, not the pages they
 * use.  Small mappings opt out there, for a system call each (1 us)
 * that other hosts don't pay.  (Asked once; a race asks twice.)
 */
static bool thp_always(void)
{
	static atomic_int known; /* 0: not yet, 1: no, 2: yes */
	int k = atomic_load_explicit(&known, memory_order_relaxed);

	if (!k) {
		char line[128] = "";
		FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
		if (f) {
			if (!fgets(line, sizeof line, f))
				line[0] = 0;
			fclose(f);
		}
		k = strstr(line, "[always]") ? 2 : 1;
		atomic_store_explicit(&known, k, memory_order_relaxed);
	}
	return k == 2;
}
#endif

static uint8_t *small_map(uint64_t reserve)
{
	void *p = NULL;
	size_t i;

	pthread_mutex_lock(&small_lock);
	for (i = nsmall_pool; i-- > 0;) {
		if (small_pool[i].size == reserve) {
			p = small_pool[i].data;
			small_pool[i] = small_pool[--nsmall_pool];
			break;
		}
	}
	pthread_mutex_unlock(&small_lock);
	if (p)
		return p;
	p = mmap(NULL, (size_t)reserve, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_NOHUGEPAGE
	if (thp_always())
		madvise(p, (size_t)reserve, MADV_NOHUGEPAGE);
#endif
	return p;
}

static void small_unmap(w2c_memory *mem)
{
	bool kept = false;

	if (madvise(mem->data, (size_t)host_pages(mem->size), MADV_DONTNEED) == 0) {
		pthread_mutex_lock(&small_lock);
		if (nsmall_pool < SMALL_POOL) {
			small_pool[nsmall_pool].data = mem->data;
			small_pool[nsmall_pool++].size = mem->reserved;
			kept = true;
		}
		pthread_mutex_unlock(&small_lock);
	}
	if (!kept)
		munmap(mem->data, (size_t)mem->reserved);
}
#else
static bool small_possible(bool guarded)
{
	(void)guarded;
	return false;
}

static uint8_t *small_map(uint64_t reserve)
{
	(void)reserve;
	return NULL;
}

static void small_unmap(w2c_memory *mem)
{
	(void)mem;
}
#endif

/* Whether a memory is such a mapping: guarded i32 pages of 64 KiB that
 * reserve less than guard pages need. */
static bool is_small(const w2c_memory *mem)
{
	return mem->guarded && !mem->is64 && mem->page_size == W2C_PAGE_SIZE &&
	       mem->reserved < W2C_GUARD_RESERVE;
}

/* ----------------------------------------------------------------- API */

w2c_status w2c_memory_init(w2c_memory *mem, uint64_t pages, uint64_t max_pages,
                           bool has_max, bool guarded)
{
	w2c_limits type = { pages, max_pages, has_max ? W2C_LIMITS_MAX : 0 };
	return w2c_memory_init_type(mem, &type, guarded);
}

/* The most pages a memory of this type can have here. */
static uint64_t max_pages_of(const w2c_limits *type, uint32_t page_size)
{
	if (type->flags & W2C_LIMITS_64)
		return W2C_MEMORY64_RESERVE / page_size;
	return page_size == 1 ? UINT32_MAX : W2C_MAX_PAGES;
}

/*
 * A memory of this type that grows to at most `cap` pages.  A cap below
 * the type's maximum (w2c --max-memory) is a limit of this host, as the
 * spec lets memory.grow fail for any reason: the memory's type, what
 * linking sees, stays as declared (type_max), and everything the runtime
 * sizes by the maximum (a small memory's mapping, an explicitly checked
 * memory's reservation, a shared one's block) is sized by the cap.
 */
static w2c_status memory_init(w2c_memory *mem, const w2c_limits *type, uint64_t cap,
                              bool guarded)
{
	uint32_t page_size = type->flags & W2C_LIMITS_PAGE1 ? 1 : W2C_PAGE_SIZE;
	uint64_t pages = type->min, max_pages = type->max, size;
	uint64_t limit = max_pages_of(type, page_size);
	bool has_max = type->flags & W2C_LIMITS_MAX, is64 = type->flags & W2C_LIMITS_64;
	bool checked = is64 || page_size != W2C_PAGE_SIZE;
	bool shared = type->flags & W2C_LIMITS_SHARED;
	bool small = (type->flags & W2C_LIMITS_RESERVE_MAX) && !checked && !shared &&
	             small_possible(guarded);
	w2c_status st;

	memset(mem, 0, sizeof *mem);
	if (!has_max || max_pages > limit)
		max_pages = limit;
	mem->type_max = max_pages;
	if (max_pages > cap)
		max_pages = cap;
	if (pages > max_pages) {
		memset(mem, 0, sizeof *mem);
		return W2C_ERR_RESOURCE;
	}
	size = pages * page_size;
	mem->pages = pages;
	mem->max_pages = max_pages;
	mem->has_max = has_max;
	mem->guarded = guarded;
	mem->is64 = is64;
	mem->page_size = page_size;
	mem->shared = shared;
	if (small) {
		mem->guarded = true;
		mem->reserved = max_pages ? max_pages * page_size : W2C_PAGE_SIZE;
		mem->data = small_map(mem->reserved);
		if (!mem->data) {
			memset(mem, 0, sizeof *mem);
			return W2C_ERR_RESOURCE;
		}
	} else if (shared && !guarded) {
		/* it never moves (rt/atomic.c): all of it now, zero pages
		 * mapped lazily where the allocator is calloc */
		if (!has_max)
			return W2C_ERR_RESOURCE;
		uint64_t whole = max_pages * page_size;
		mem->allocator = current_allocator;
		mem->data = current_allocator->resize(current_allocator->ctx, NULL, 0,
		                                      whole ? whole : 1, whole);
		if (!mem->data)
			return W2C_ERR_RESOURCE;
	} else if (guarded) {
		/* an explicitly checked memory needs no guard pages, only room
		 * to grow without moving */
		st = guarded_init(mem, size, checked ? host_pages(max_pages * page_size)
		                                     : W2C_GUARD_RESERVE);
		if (st != W2C_OK) {
			memset(mem, 0, sizeof *mem);
			return st;
		}
	} else if (size) {
		mem->allocator = current_allocator;
		mem->data = current_allocator->resize(current_allocator->ctx, NULL, 0,
		                                      size, max_pages * page_size);
		if (!mem->data)
			return W2C_ERR_RESOURCE;
	} else {
		mem->allocator = current_allocator;
		mem->data = empty_memory;
	}
	mem->size = size;
	return W2C_OK;
}

w2c_status w2c_memory_init_type(w2c_memory *mem, const w2c_limits *type, bool guarded)
{
	return memory_init(mem, type, UINT64_MAX, guarded);
}

void w2c_memory_free(w2c_memory *mem)
{
	if (!mem->data)
		return;
	if (is_small(mem))
		small_unmap(mem);
	else if (mem->guarded)
		guarded_free(mem);
	else if (mem->data != empty_memory)
		mem->allocator->release(mem->allocator->ctx, mem->data,
		                        mem->shared ? mem->max_pages * mem->page_size : mem->size);
	memset(mem, 0, sizeof *mem);
}

static uint64_t grow(w2c_memory *mem, uint64_t delta);

/* A shared memory grows under a lock, and publishes its size when its
 * pages are there (rt/atomic.c). */
uint64_t w2c_memory_grow64(w2c_memory *mem, uint64_t delta)
{
	if (mem->shared)
		return rt_shared_grow(mem, delta, grow);
	return grow(mem, delta);
}

static uint64_t grow(w2c_memory *mem, uint64_t delta)
{
	uint64_t old = mem->pages, new_size;
	uint32_t page_size = mem->page_size ? mem->page_size : W2C_PAGE_SIZE;
	uint8_t *p;

	if (delta > mem->max_pages - old)
		return UINT64_MAX;
	if (delta == 0)
		return old;
	new_size = (old + delta) * page_size;
	if (is_small(mem)) {
		/* mapped up to its maximum already */
	} else if (mem->guarded) {
		if (!guarded_grow(mem, new_size))
			return UINT64_MAX;
	} else if (mem->shared) {
		/* reserved at its maximum, zeroed */
	} else {
		p = mem->allocator->resize(mem->allocator->ctx,
		                           mem->data == empty_memory ? NULL : mem->data,
		                           mem->size, new_size,
		                           mem->max_pages * page_size);
		if (!p)
			return UINT64_MAX;
		mem->data = p;
	}
	if (mem->shared) {
		rt_shared_publish(mem, new_size, old + delta);
		return old;
	}
	mem->pages = old + delta;
	mem->size = new_size;
	return old;
}

uint32_t w2c_memory_grow(w2c_memory *mem, uint64_t delta)
{
	uint64_t r = w2c_memory_grow64(mem, delta);
	return r == UINT64_MAX ? UINT32_MAX : (uint32_t)r;
}

void w2c_rt_memory_alloc_type(w2c_memory *mem, const w2c_limits *type, bool guarded)
{
	w2c_status st = w2c_memory_init_type(mem, type, guarded);
	if (st != W2C_OK)
		w2c_trap(st);
}

void w2c_rt_memory_alloc_capped(w2c_memory *mem, const w2c_limits *type, uint64_t cap,
                                bool guarded)
{
	w2c_status st = memory_init(mem, type, cap, guarded);
	if (st != W2C_OK)
		w2c_trap(st);
}

void w2c_rt_memory_alloc(w2c_memory *mem, uint64_t pages, uint64_t max_pages,
                         bool has_max, bool guarded)
{
	w2c_status st = w2c_memory_init(mem, pages, max_pages, has_max, guarded);
	if (st != W2C_OK)
		w2c_trap(st);
}

void w2c_rt_memory_init_active(uint8_t *m, uint64_t size, const w2c_rt_data_init *segs,
                               uint32_t n, uint8_t *dropped)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		const w2c_rt_data_init *s = &segs[i];
		w2c_memory_init_seg(m, size, s->bytes, s->len, s->offset, 0, s->len);
		dropped[s->index] = 1;
	}
}
