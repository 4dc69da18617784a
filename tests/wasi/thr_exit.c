/* thr_exit.c: proc_exit on a spawned thread ends the whole program with
 * its code, while the main thread waits forever.
 * wasi-test: threads
 * wasi-test: status 7
 */
#include "wasi_threads.h"

static struct wt_thread th;
static char stack[4096];

static void work(struct wt_thread *t)
{
	(void)t;
	wt_puts("exiting\n");
	wt_exit(7);
}

void _start(void)
{
	if (wt_start(&th, work, stack, sizeof stack) <= 0)
		wt_exit(1);
	wt_join(&th);
	wt_puts("not reached\n");
}
