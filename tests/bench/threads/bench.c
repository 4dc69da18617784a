/*
 * bench.c: the threads benchmarks, one per -DBENCH (run.py builds each):
 *   1 uncontended: 2 threads, 10^7 atomic increments each of its own counter
 *   2 contended:   2 threads, 10^7 atomic increments each of one counter
 *   3 pingpong:    2 threads hand a token back and forth 10^5 times by
 *                  wait/notify
 *   4 parallel:    a compute-bound loop split over THREADS threads (1, 2)
 * wasi-threads without libc (tests/wasi/wasi_threads.h); prints the time
 * of the work in milliseconds and a checksum.
 */
#include "wasi_threads.h"

IMPORT("wasi_snapshot_preview1", "clock_time_get")
int32_t wt_clock(int32_t id, int64_t precision, uint64_t *time);

#ifndef THREADS
#define THREADS 2
#endif

static struct wt_thread th[THREADS];
static char stacks[THREADS][16384];
static struct { int32_t v; char pad[60]; } counters[THREADS];
static int32_t token;

static uint64_t now_ns(void)
{
	uint64_t t = 0;
	wt_clock(1, 1, &t);
	return t;
}

static void work(struct wt_thread *t)
{
	int32_t i;
	uint64_t h, s = 0;

	switch (BENCH) {
	case 1:
		for (i = 0; i < 10000000; i++)
			__atomic_fetch_add(&counters[t->arg].v, 1, __ATOMIC_SEQ_CST);
		break;
	case 2:
		for (i = 0; i < 10000000; i++)
			__atomic_fetch_add(&counters[0].v, 1, __ATOMIC_SEQ_CST);
		break;
	case 3:
		/* thread k waits for the token to be k, passes it on */
		for (i = 0; i < 100000; i++) {
			while (__atomic_load_n(&token, __ATOMIC_SEQ_CST) != t->arg)
				__builtin_wasm_memory_atomic_wait32(&token, 1 - t->arg, -1);
			__atomic_store_n(&token, 1 - t->arg, __ATOMIC_SEQ_CST);
			__builtin_wasm_memory_atomic_notify(&token, 1);
		}
		break;
	case 4:
		for (h = (uint64_t)t->arg * (400000000 / THREADS);
		     h < (uint64_t)(t->arg + 1) * (400000000 / THREADS); h++)
			s += (h * 0x9e3779b97f4a7c15u) >> 61;
		t->result = (int64_t)s;
		break;
	}
}

void _start(void)
{
	uint64_t t0 = now_ns(), sum = 0;
	int i;

	for (i = 0; i < THREADS; i++) {
		th[i].arg = i;
		if (wt_start(&th[i], work, stacks[i], sizeof stacks[i]) <= 0)
			wt_exit(1);
	}
	for (i = 0; i < THREADS; i++)
		wt_join(&th[i]);
	for (i = 0; i < THREADS; i++)
		sum += (uint64_t)th[i].result + (uint64_t)counters[i].v;
	wt_puts("ms ");
	wt_putu((now_ns() - t0) / 1000000);
	wt_puts("checksum ");
	wt_putu(sum);
}
