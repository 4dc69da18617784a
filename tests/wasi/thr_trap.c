/* thr_trap.c: a trap on a spawned thread ends the whole program with
 * status 134, while the main thread waits forever.
 * wasi-test: threads
 * wasi-test: status 134
 * wasi-test: stderr trap: unreachable
 */
#include "wasi_threads.h"

static struct wt_thread th;
static char stack[4096];

static void work(struct wt_thread *t)
{
	(void)t;
	__builtin_trap();
}

void _start(void)
{
	wt_puts("before\n");
	if (wt_start(&th, work, stack, sizeof stack) <= 0)
		wt_exit(1);
	wt_join(&th);
	wt_puts("not reached\n");
}
