/*
 * atomic.c: what threads need of the runtime: the growth of shared
 * memories, and the waiter table of memory.atomic.wait and notify
 * (docs/threads.md).
 *
 * Waiters are keyed by the host address they wait on (the same memory is
 * at the same address in every instance that shares it), hashed into
 * BUCKETS lists, each under its own mutex.  A waiter is a node on its
 * own stack with its own condition variable and a `woken` flag: notify
 * takes exactly `count` of them off the list in the order they came and
 * signals each, and a spurious wakeup only goes back to sleep.  Wait
 * compares the value under the bucket's lock, which notify takes too, so
 * that no notify falls between the compare and the sleep.
 */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* clock_gettime, pthread_condattr_setclock */
#endif

#include "rt_internal.h"
#include "w2c_atomic.h"

/* The grow lock: two threads growing at once each get their own old
 * size. */
RT_LOCK_DEFINE(grow_lock);

uint64_t rt_shared_grow(w2c_memory *mem, uint64_t delta,
                        uint64_t (*grow)(w2c_memory *, uint64_t))
{
	uint64_t r;

	RT_LOCK(grow_lock);
	r = grow(mem, delta);
	RT_UNLOCK(grow_lock);
	return r;
}

/* The new size, once the pages are there: a thread that reads it
 * (acquire, w2c_shared_size) may use them. */
void rt_shared_publish(w2c_memory *mem, uint64_t size, uint64_t pages)
{
#if defined(__GNUC__) && !defined(W2C_NO_THREADS)
	__atomic_store_n(&mem->size, size, __ATOMIC_RELEASE);
	__atomic_store_n(&mem->pages, pages, __ATOMIC_RELEASE);
#else
	mem->size = size;
	mem->pages = pages;
#endif
}

/* Is the value at addr `expected`?  (The address is checked.) */
static bool equal(w2c_memory *mem, uint64_t addr, uint64_t expected, bool wide)
{
	if (wide)
		return w2c_atomic_load64(mem->data, UINT64_MAX, addr) == expected;
	return w2c_atomic_load32(mem->data, UINT64_MAX, addr) == (uint32_t)expected;
}

#if !defined(W2C_NO_THREADS) && (defined(__unix__) || defined(__APPLE__))
#include <errno.h>
#include <time.h>

#define BUCKETS 64

typedef struct waiter {
	struct waiter *next;
	const uint8_t *addr;
	pthread_cond_t cond;
	bool woken;
} waiter;

static struct bucket {
	pthread_mutex_t lock;
	waiter *head, *tail;
} buckets[BUCKETS];

static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;
static pthread_condattr_t cond_attr;

static void init_buckets(void)
{
	int i;

	for (i = 0; i < BUCKETS; i++)
		pthread_mutex_init(&buckets[i].lock, NULL);
	pthread_condattr_init(&cond_attr);
#if !defined(__APPLE__)
	pthread_condattr_setclock(&cond_attr, CLOCK_MONOTONIC);
#endif
}

static struct bucket *bucket_of(const uint8_t *p)
{
	uintptr_t a = (uintptr_t)p >> 2;

	pthread_once(&buckets_once, init_buckets);
	return &buckets[(a ^ a >> 6 ^ a >> 12) % BUCKETS];
}

static void unlink_waiter(struct bucket *b, waiter *w)
{
	waiter **pp, *prev = NULL;

	for (pp = &b->head; *pp; prev = *pp, pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			if (b->tail == w)
				b->tail = prev;
			return;
		}
}

/* The deadline `ns` nanoseconds from now, on the condition's clock. */
static struct timespec deadline(uint64_t ns)
{
	struct timespec t;

#if defined(__APPLE__)
	clock_gettime(CLOCK_REALTIME, &t);
#else
	clock_gettime(CLOCK_MONOTONIC, &t);
#endif
	/* past some centuries, as good as forever: no overflow */
	if (ns > (uint64_t)1 << 62)
		ns = (uint64_t)1 << 62;
	t.tv_sec += (time_t)(ns / 1000000000u);
	t.tv_nsec += (long)(ns % 1000000000u);
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static uint32_t wait(w2c_memory *mem, uint64_t addr, uint64_t expected, bool wide,
                     uint64_t timeout)
{
	const uint8_t *p = mem->data + addr;
	struct bucket *b = bucket_of(p);
	bool forever = timeout >> 63;
	struct timespec until;
	waiter w;
	int rc = 0;

	pthread_mutex_lock(&b->lock);
	if (!equal(mem, addr, expected, wide)) {
		pthread_mutex_unlock(&b->lock);
		return 1;
	}
	if (timeout == 0) {
		pthread_mutex_unlock(&b->lock);
		return 2;
	}
	if (!forever)
		until = deadline(timeout);
	w.next = NULL;
	w.addr = p;
	w.woken = false;
	pthread_cond_init(&w.cond, &cond_attr);
	if (b->tail)
		b->tail->next = &w;
	else
		b->head = &w;
	b->tail = &w;
	while (!w.woken && rc != ETIMEDOUT)
		rc = forever ? pthread_cond_wait(&w.cond, &b->lock)
		             : pthread_cond_timedwait(&w.cond, &b->lock, &until);
	if (!w.woken)
		unlink_waiter(b, &w);
	pthread_mutex_unlock(&b->lock);
	pthread_cond_destroy(&w.cond);
	return w.woken ? 0 : 2;
}

uint32_t w2c_rt_atomic_notify(w2c_memory *mem, uint64_t addr, uint32_t count)
{
	const uint8_t *p = mem->data + addr;
	struct bucket *b = bucket_of(p);
	waiter **pp, *w, *prev = NULL;
	uint32_t n = 0;

	pthread_mutex_lock(&b->lock);
	for (pp = &b->head; *pp && n < count;) {
		w = *pp;
		if (w->addr != p) {
			prev = w;
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		if (b->tail == w)
			b->tail = prev;
		w->woken = true;
		pthread_cond_signal(&w->cond);
		n++;
	}
	pthread_mutex_unlock(&b->lock);
	return n;
}
#else
/* One thread: no one to notify, or to be notified by.  A wait for a
 * value that is there returns at once with a timeout, and never returns
 * without one. */
static uint32_t wait(w2c_memory *mem, uint64_t addr, uint64_t expected, bool wide,
                     uint64_t timeout)
{
	if (!equal(mem, addr, expected, wide))
		return 1;
	if (timeout >> 63)
		w2c_trap_host("wait without timeout in the only thread");
	return 2;
}

uint32_t w2c_rt_atomic_notify(w2c_memory *mem, uint64_t addr, uint32_t count)
{
	(void)mem;
	(void)addr;
	(void)count;
	return 0;
}
#endif

uint32_t w2c_rt_atomic_wait32(w2c_memory *mem, uint64_t addr, uint32_t expected,
                              uint64_t timeout)
{
	return wait(mem, addr, expected, false, timeout);
}

uint32_t w2c_rt_atomic_wait64(w2c_memory *mem, uint64_t addr, uint64_t expected,
                              uint64_t timeout)
{
	return wait(mem, addr, expected, true, timeout);
}
