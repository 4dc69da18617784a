/* thr_mutex.c: 4 threads add to one counter 20,000 times each, under a
 * lock on wait/notify (wasi_threads.h): no update lost.
 * wasi-test: threads
 */
#include "wasi_threads.h"

#define T 4
#define ROUNDS 20000

static struct wt_thread th[T];
static char stacks[T][8192];
static int32_t lock;
static volatile uint32_t counter;

static void work(struct wt_thread *t)
{
	int i;
	(void)t;
	for (i = 0; i < ROUNDS; i++) {
		wt_lock(&lock);
		counter = counter + 1; /* plain, under the lock */
		wt_unlock(&lock);
	}
}

void _start(void)
{
	int i;

	for (i = 0; i < T; i++)
		if (wt_start(&th[i], work, stacks[i], sizeof stacks[i]) <= 0)
			wt_exit(1);
	for (i = 0; i < T; i++)
		wt_join(&th[i]);
	wt_puts("counter ");
	wt_putu(counter);
}
