/*
 * wasi_threads.h: what the threaded WASI test programs share, for
 * wasm32 with -matomics -mbulk-memory and a shared, imported memory.
 * Debian's wasi-libc has no threads build, so these programs use no libc
 * (-nostdlib): raw WASI imports, the raw wasi.thread-spawn, and
 * wasi_thread_start in assembly, which switches to the new thread's own
 * stack before any C runs.
 */
#ifndef WASI_THREADS_H
#define WASI_THREADS_H

#include <stdint.h>

#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))

IMPORT("wasi_snapshot_preview1", "fd_write")
int32_t wt_fd_write(int32_t fd, const void *iovs, int32_t n, int32_t *written);
IMPORT("wasi_snapshot_preview1", "proc_exit") _Noreturn void wt_exit(int32_t code);
IMPORT("wasi", "thread-spawn") int32_t wt_thread_spawn(void *arg);

/* A thread: its stack's top (read by wasi_thread_start), what it runs,
 * and whether it has finished (0 running, 1 done: waited on). */
struct wt_thread {
	void *stack_top;
	void (*fn)(struct wt_thread *);
	int32_t tid;
	int32_t done;
	int32_t arg;
	int64_t result;
};

/* wasi_thread_start (wasi_thread_start.s) sets the stack pointer, then
 * calls this. */
void wt_entry(int32_t tid, struct wt_thread *t);


void wt_entry(int32_t tid, struct wt_thread *t)
{
	t->tid = tid;
	t->fn(t);
	__atomic_store_n(&t->done, 1, __ATOMIC_SEQ_CST);
	__builtin_wasm_memory_atomic_notify(&t->done, 1);
}

/* Starts fn on a new thread with the stack [stack, stack + size). */
static inline int32_t wt_start(struct wt_thread *t, void (*fn)(struct wt_thread *),
                               void *stack, uint32_t size)
{
	t->stack_top = (char *)stack + (size & ~15u);
	t->fn = fn;
	t->done = 0;
	return wt_thread_spawn(t);
}

static inline void wt_join(struct wt_thread *t)
{
	while (!__atomic_load_n(&t->done, __ATOMIC_SEQ_CST))
		__builtin_wasm_memory_atomic_wait32(&t->done, 0, -1);
}

/* A lock on wait and notify: 0 free, 1 held, 2 held with waiters. */
static inline void wt_lock(int32_t *m)
{
	int32_t c = 0;

	if (__atomic_compare_exchange_n(m, &c, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	if (c != 2)
		c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
	while (c != 0) {
		__builtin_wasm_memory_atomic_wait32(m, 2, -1);
		c = __atomic_exchange_n(m, 2, __ATOMIC_SEQ_CST);
	}
}

static inline void wt_unlock(int32_t *m)
{
	if (__atomic_exchange_n(m, 0, __ATOMIC_SEQ_CST) == 2)
		__builtin_wasm_memory_atomic_notify(m, 1);
}

/* Output without libc. */
static inline void wt_write(const char *s, uint32_t n)
{
	struct { const char *p; uint32_t n; } iov = { s, n };
	int32_t written;
	wt_fd_write(1, &iov, 1, &written);
}

static inline void wt_puts(const char *s)
{
	uint32_t n = 0;
	while (s[n])
		n++;
	wt_write(s, n);
}

static inline void wt_putu(uint64_t v)
{
	char buf[24];
	int i = 23;
	buf[i] = '\n';
	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	wt_write(buf + i, (uint32_t)(24 - i));
}

#endif
