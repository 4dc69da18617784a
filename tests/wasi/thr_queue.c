/* thr_queue.c: a producer and 3 consumers on a bounded queue of 16 slots,
 * sleeping on wait/notify when it is empty or full: every item is
 * consumed once (the sums and counts add up).
 * wasi-test: threads
 */
#include "wasi_threads.h"

#define C 3
#define ITEMS 30000
#define SLOTS 16
#define STOP 0xffffffffu

static struct wt_thread th[C + 1];
static char stacks[C + 1][8192];
static int32_t lock;
static uint32_t slots[SLOTS];
static uint32_t head, tail;          /* under lock */
static int32_t not_empty, not_full;  /* sequence numbers waited on */

static void put(uint32_t v)
{
	for (;;) {
		int32_t seq = __atomic_load_n(&not_full, __ATOMIC_SEQ_CST);
		wt_lock(&lock);
		if (tail - head < SLOTS) {
			slots[tail++ % SLOTS] = v;
			wt_unlock(&lock);
			__atomic_fetch_add(&not_empty, 1, __ATOMIC_SEQ_CST);
			__builtin_wasm_memory_atomic_notify(&not_empty, 1);
			return;
		}
		wt_unlock(&lock);
		__builtin_wasm_memory_atomic_wait32(&not_full, seq, -1);
	}
}

static uint32_t get(void)
{
	for (;;) {
		int32_t seq = __atomic_load_n(&not_empty, __ATOMIC_SEQ_CST);
		wt_lock(&lock);
		if (tail != head) {
			uint32_t v = slots[head++ % SLOTS];
			wt_unlock(&lock);
			__atomic_fetch_add(&not_full, 1, __ATOMIC_SEQ_CST);
			__builtin_wasm_memory_atomic_notify(&not_full, 1);
			return v;
		}
		wt_unlock(&lock);
		__builtin_wasm_memory_atomic_wait32(&not_empty, seq, -1);
	}
}

static void producer(struct wt_thread *t)
{
	uint32_t i;
	(void)t;
	for (i = 1; i <= ITEMS; i++)
		put(i);
	for (i = 0; i < C; i++)
		put(STOP);
}

static void consumer(struct wt_thread *t)
{
	uint64_t sum = 0, n = 0;
	uint32_t v;
	while ((v = get()) != STOP) {
		sum += v;
		n++;
	}
	t->result = (int64_t)(sum << 20 | n);
}

void _start(void)
{
	uint64_t sum = 0, n = 0;
	int i;

	for (i = 0; i < C; i++)
		if (wt_start(&th[i], consumer, stacks[i], sizeof stacks[i]) <= 0)
			wt_exit(1);
	if (wt_start(&th[C], producer, stacks[C], sizeof stacks[C]) <= 0)
		wt_exit(1);
	for (i = 0; i <= C; i++)
		wt_join(&th[i]);
	for (i = 0; i < C; i++) {
		sum += (uint64_t)th[i].result >> 20;
		n += (uint64_t)th[i].result & 0xfffff;
	}
	wt_puts("items ");
	wt_putu(n);
	wt_puts("sum ");
	wt_putu(sum);
}
