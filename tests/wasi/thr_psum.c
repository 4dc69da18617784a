/* thr_psum.c: a parallel sum, 4 threads each summing a quarter of 1..N.
 * wasi-test: threads
 */
#include "wasi_threads.h"

#define N 4000000u
#define T 4

static struct wt_thread th[T];
static char stacks[T][16384];

static void part(struct wt_thread *t)
{
	uint64_t s = 0, i, lo = (uint64_t)t->arg * (N / T) + 1, hi = lo + N / T;
	for (i = lo; i < hi; i++)
		s += i;
	t->result = (int64_t)s;
}

void _start(void)
{
	uint64_t total = 0;
	int i;

	for (i = 0; i < T; i++) {
		th[i].arg = i;
		if (wt_start(&th[i], part, stacks[i], sizeof stacks[i]) <= 0)
			wt_exit(1);
	}
	for (i = 0; i < T; i++) {
		wt_join(&th[i]);
		total += (uint64_t)th[i].result;
	}
	wt_puts("sum ");
	wt_putu(total);
}
