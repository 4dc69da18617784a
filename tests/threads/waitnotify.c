/*
 * waitnotify.c: memory.atomic.wait and notify on several threads
 * (rt/atomic.c, docs/threads.md), and atomics under contention.
 *
 * Results: wait gives "not-equal" (1) at once when the value differs,
 * "timed-out" (2) no sooner than its timeout, "ok" (0) only when
 * notified; notify wakes exactly as many as it says, in the order they
 * came, only those on its address.  Signals landing on a waiting thread
 * (spurious wakeups of its condition variable) change none of it.  Wait
 * on an unshared memory traps, notify there finds no one, and unaligned
 * or out-of-bounds addresses trap.  One instance serves every thread, as
 * instances of wasi-threads share their memory.
 */
#include "check.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "atom.h"
#include "unshared.h"

#define FOREVER UINT64_MAX /* -1: no timeout */

static w2c_instance *inst;

static void setup(void)
{
	w2c_error err;

	inst = w2c_instantiate(&w2c_atom_module, NULL, 0, &err);
	if (!inst) {
		printf("    %s\n", err.message);
		exit(1);
	}
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000L };
	nanosleep(&t, NULL);
}

/* ----------------------------------------------------- one thread */

static void test_not_equal(void)
{
	setup();
	w2c_atom_store(inst, 0, 7);
	CHECK(w2c_atom_wait32(inst, 0, 6, FOREVER) == 1, "wait32 of another value");
	CHECK(w2c_atom_wait64(inst, 8, 1, FOREVER) == 1, "wait64 of another value");
	CHECK(w2c_atom_wait64(inst, 0, 7, 0) == 2, "wait64 of the low half and high zero");
	CHECK(w2c_atom_notify(inst, 0, 10) == 0, "notify with no one waiting");
}

static void test_timeouts(void)
{
	double t0;
	uint32_t r;

	setup();
	t0 = now();
	CHECK(w2c_atom_wait32(inst, 0, 0, 0) == 2, "timeout 0");
	CHECK(now() - t0 < 0.5, "timeout 0 returns at once");
	t0 = now();
	r = w2c_atom_wait32(inst, 0, 0, 50000000); /* 50 ms */
	CHECK(r == 2, "timed out: %u", r);
	CHECK(now() - t0 >= 0.05, "slept %.3f s, at least 0.05", now() - t0);
	t0 = now();
	r = w2c_atom_wait64(inst, 8, 0, 20000000);
	CHECK(r == 2 && now() - t0 >= 0.02, "wait64 timed out: %u after %.3f s", r,
	      now() - t0);
	/* a timeout too long to overflow a timespec, cut short by nothing:
	 * only its start is tested, from another thread's notify below */
}

static void test_traps(void)
{
	w2c_instance *u;
	w2c_error err;
	w2c_value args[3] = { check_i32(0), check_i32(0), check_i64(0) }, res[1];
	w2c_extern e;
	uint32_t r;

	setup();
	u = w2c_instantiate(&w2c_unshared_module, NULL, 0, &err);
	CHECK(u != NULL, "instantiate: %s", err.message);
	if (!u)
		return;
	CHECK(w2c_get_export(u, "wait32", &e), "wait32");
	CHECK(w2c_call_extern(&e, args, 3, res, 1) == W2C_TRAP_EXPECTED_SHARED,
	      "wait on an unshared memory traps");
	CHECK(call_i32(u, "notify", &r, 2, 0, 1) == W2C_OK && r == 0,
	      "notify on an unshared memory: 0");
	CHECK(call_i32(u, "add", &r, 2, 2, 1) == W2C_TRAP_UNALIGNED_ATOMIC, "unaligned add");
	CHECK(call_i32(u, "notify", &r, 2, 65536, 1) == W2C_TRAP_MEMORY_OOB, "notify oob");
	CHECK(call_i32(u, "notify", &r, 2, 65534, 1) == W2C_TRAP_UNALIGNED_ATOMIC,
	      "unaligned notify");
	CHECK(call_i32(inst, "notify", &r, 2, 65536, 1) == W2C_TRAP_MEMORY_OOB,
	      "shared notify oob");
	CHECK(w2c_get_export(inst, "wait32", &e), "wait32");
	args[0] = check_i32(65532);
	args[1] = check_i32(1);
	CHECK(w2c_call_extern(&e, args, 3, res, 1) == W2C_OK && res[0].of.i32 == 1,
	      "wait at the last word");
	args[0] = check_i32(65536);
	CHECK(w2c_call_extern(&e, args, 3, res, 1) == W2C_TRAP_MEMORY_OOB, "wait oob");
	args[0] = check_i32(2);
	CHECK(w2c_call_extern(&e, args, 3, res, 1) == W2C_TRAP_UNALIGNED_ATOMIC,
	      "unaligned wait");
	w2c_instance_free(u);
}

/* ------------------------------------------------------ many threads */

struct waiter {
	pthread_t thread;
	uint32_t addr;
	uint64_t timeout;
	uint32_t result;
	volatile int done;   /* written by the waiter, polled by main */
};

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;

static void *wait_thread(void *p)
{
	struct waiter *w = p;
	uint32_t r = w2c_atom_wait32(inst, w->addr, 0, w->timeout);

	pthread_mutex_lock(&done_lock);
	w->result = r;
	w->done = 1;
	pthread_mutex_unlock(&done_lock);
	return NULL;
}

static int count_done(struct waiter *w, int n)
{
	int i, k = 0;

	pthread_mutex_lock(&done_lock);
	for (i = 0; i < n; i++)
		k += w[i].done;
	pthread_mutex_unlock(&done_lock);
	return k;
}

/* Notifies addr until `want` waiters in all were woken (they may not be
 * queued yet), within 20 s; returns how many were. */
static uint32_t notify_until(uint32_t addr, uint32_t want)
{
	uint32_t woken = 0;
	double t0 = now();

	while (woken < want && now() - t0 < 20) {
		woken += w2c_atom_notify(inst, addr, want - woken);
		if (woken < want)
			sleep_ms(1);
	}
	return woken;
}

static void wait_done(struct waiter *w, int n, int want)
{
	double t0 = now();

	while (count_done(w, n) < want && now() - t0 < 20)
		sleep_ms(1);
}

/* 8 waiters on address 0, 3 on 1024: notify 3 of the first, then one of
 * the second, then the rest; no more wake than notify said. */
static void test_counts(void)
{
	struct waiter w[11];
	int i;

	setup();
	memset(w, 0, sizeof w);
	for (i = 0; i < 11; i++) {
		w[i].addr = i < 8 ? 0 : 1024;
		w[i].timeout = FOREVER;
		pthread_create(&w[i].thread, NULL, wait_thread, &w[i]);
	}
	CHECK(notify_until(0, 3) == 3, "3 woken on 0");
	wait_done(w, 11, 3);
	sleep_ms(50);
	CHECK(count_done(w, 11) == 3, "exactly 3 done: %d", count_done(w, 11));
	for (i = 8; i < 11; i++)
		CHECK(!w[i].done, "a waiter on 1024 woke by a notify of 0");
	CHECK(notify_until(1024, 1) == 1, "1 woken on 1024");
	wait_done(w, 11, 4);
	sleep_ms(50);
	CHECK(count_done(w, 11) == 4, "exactly 4 done: %d", count_done(w, 11));
	CHECK(notify_until(0, 5) == 5, "the other 5 on 0");
	CHECK(notify_until(1024, 2) == 2, "the other 2 on 1024");
	CHECK(w2c_atom_notify(inst, 0, UINT32_MAX) == 0, "no one left");
	for (i = 0; i < 11; i++) {
		pthread_join(w[i].thread, NULL);
		CHECK(w[i].result == 0, "waiter %d: %u", i, w[i].result);
	}
}

/* 64 waiters on 64 addresses with timeouts; the even ones notified one
 * by one, the odd ones time out. */
static void test_many(void)
{
	struct waiter w[64];
	int i;

	setup();
	memset(w, 0, sizeof w);
	for (i = 0; i < 64; i++) {
		w[i].addr = (uint32_t)i * 8;
		w[i].timeout = i % 2 ? 300000000u : FOREVER;
		pthread_create(&w[i].thread, NULL, wait_thread, &w[i]);
	}
	for (i = 0; i < 64; i += 2)
		CHECK(notify_until(w[i].addr, 1) == 1, "notify %u", w[i].addr);
	for (i = 0; i < 64; i++) {
		pthread_join(w[i].thread, NULL);
		CHECK(w[i].result == (i % 2 ? 2u : 0u), "waiter %d: %u", i, w[i].result);
	}
}

/* Signals on waiting threads wake their condition variables spuriously
 * (or not); waits still end only by notify or timeout. */
static void on_usr1(int sig)
{
	(void)sig;
}

static void test_spurious(void)
{
	struct waiter w[2];
	struct sigaction sa;
	double t0;
	int i;

	setup();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1; /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	memset(w, 0, sizeof w);
	w[0].timeout = FOREVER;
	w[1].timeout = 200000000u; /* 200 ms */
	t0 = now();
	for (i = 0; i < 2; i++)
		pthread_create(&w[i].thread, NULL, wait_thread, &w[i]);
	for (i = 0; i < 100; i++) {
		pthread_kill(w[0].thread, SIGUSR1);
		pthread_kill(w[1].thread, SIGUSR1);
		sleep_ms(3);
	}
	CHECK(!w[0].done, "a waiter without timeout returned unnotified: %u", w[0].result);
	pthread_join(w[1].thread, NULL);
	CHECK(w[1].result == 2 && now() - t0 >= 0.2, "timed out under signals: %u", w[1].result);
	CHECK(notify_until(0, 1) == 1, "notified");
	pthread_join(w[0].thread, NULL);
	CHECK(w[0].result == 0, "woken: %u", w[0].result);
}

/* ----------------------------------------------------- contention */

#define WORKERS 4
#define ROUNDS 100000

static void *count_thread(void *p)
{
	(void)p;
	w2c_atom_count(inst, 64, ROUNDS);
	w2c_atom_locked_count(inst, 128, ROUNDS / 10);
	return NULL;
}

/* Atomic increments and a lock on wait/notify: no update lost. */
static void test_contention(void)
{
	pthread_t t[WORKERS];
	int i;

	setup();
	for (i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, count_thread, NULL);
	for (i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	CHECK(w2c_atom_load(inst, 64) == WORKERS * ROUNDS, "counter %u",
	      w2c_atom_load(inst, 64));
	CHECK(w2c_atom_load(inst, 132) == WORKERS * ROUNDS / 10, "locked counter %u",
	      w2c_atom_load(inst, 132));
	CHECK(w2c_atom_load(inst, 128) == 0, "lock left %u", w2c_atom_load(inst, 128));
}

/* Growth on one thread is seen by another: memory.size, and an access
 * to the new page after synchronising through an atomic. */
static void *grow_thread(void *p)
{
	(void)p;
	if (w2c_atom_grow(inst, 2) == 1)
		w2c_atom_store(inst, 65536 * 2, 42); /* on a new page */
	w2c_atom_store(inst, 0, 1);
	w2c_atom_notify(inst, 0, 1);
	return NULL;
}

static void test_grow(void)
{
	pthread_t t;

	setup();
	pthread_create(&t, NULL, grow_thread, NULL);
	while (w2c_atom_wait32(inst, 0, 0, FOREVER) == 0 && w2c_atom_load(inst, 0) == 0)
		;
	CHECK(w2c_atom_size(inst) == 3, "size %u", w2c_atom_size(inst));
	CHECK(w2c_atom_load(inst, 65536 * 2) == 42, "the new page");
	pthread_join(t, NULL);
	CHECK(w2c_atom_grow(inst, 2) == (uint32_t)-1, "past the maximum");
	CHECK(w2c_atom_grow(inst, 1) == 3 && w2c_atom_size(inst) == 4, "to the maximum");
}

static const struct check_test tests[] = {
	{ "not_equal", test_not_equal },
	{ "timeouts", test_timeouts },
	{ "traps", test_traps },
	{ "counts", test_counts },
	{ "many", test_many },
	{ "spurious", test_spurious },
	{ "contention", test_contention },
	{ "grow", test_grow },
};

CHECK_MAIN(tests)
