/* thr_spawn1000.c: 1,000 threads over the program's life, 8 at a time,
 * each a new instance that counts itself and ends; thread ids distinct
 * and positive.
 * wasi-test: threads
 */
#include "wasi_threads.h"

#define TOTAL 1000
#define AT_ONCE 8

static struct wt_thread th[AT_ONCE];
static char stacks[AT_ONCE][4096];
static int32_t count, bad_ids, last_id;

static void work(struct wt_thread *t)
{
	int32_t prev = __atomic_exchange_n(&last_id, t->tid, __ATOMIC_SEQ_CST);
	if (t->tid <= 0 || t->tid == prev)
		__atomic_fetch_add(&bad_ids, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&count, 1, __ATOMIC_SEQ_CST);
}

void _start(void)
{
	int i, k;

	for (i = 0; i < TOTAL; i += AT_ONCE) {
		for (k = 0; k < AT_ONCE; k++)
			if (wt_start(&th[k], work, stacks[k], sizeof stacks[k]) <= 0)
				wt_exit(1);
		for (k = 0; k < AT_ONCE; k++)
			wt_join(&th[k]);
	}
	wt_puts("threads ");
	wt_putu((uint32_t)count);
	wt_puts("bad ids ");
	wt_putu((uint32_t)bad_ids);
}
