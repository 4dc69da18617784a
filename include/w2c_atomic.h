/*
 * w2c_atomic.h: what translated code of a module with a shared memory or
 * atomic instructions (threads) needs beyond w2c_gen.h.  Only such
 * modules include it, so others translate to the same C as ever.
 *
 * Every atomic access of wasm is sequentially consistent: each is one
 * atomic operation with seq_cst ordering on the memory's bytes, nothing
 * stronger (docs/threads.md).  Three ways to get one:
 *   - gcc and clang: the __atomic builtins, on the bytes as they are;
 *   - another C11 compiler: <stdatomic.h> through pointers to _Atomic
 *     integers of the same width;
 *   - W2C_NO_THREADS (firmware: one thread): plain loads and stores.
 * Linear memory is little-endian everywhere: a big-endian host swaps the
 * value around the operation, exact for all but add and sub, which take
 * a compare-and-swap loop there.
 */
#ifndef W2C_ATOMIC_H
#define W2C_ATOMIC_H

#include "w2c_gen.h"

#if defined(W2C_NO_THREADS)
#define W2C_ATOMIC_PLAIN 1
#elif defined(__GNUC__)
#define W2C_ATOMIC_BUILTINS 1
#elif !defined(__STDC_NO_ATOMICS__)
#include <stdatomic.h>
#define W2C_ATOMIC_C11 1
#else
#error "threads need atomics: gcc or clang, C11 <stdatomic.h>, or W2C_NO_THREADS"
#endif

/* ------------------------------------------------------------ runtime */

/* memory.atomic.notify and wait of a shared memory, `addr` checked: the
 * waiter table (rt/atomic.c).  Wait returns 0 "ok", 1 "not-equal" or 2
 * "timed-out"; a timeout (nanoseconds) negative as an i64 is none. */
W2C_API uint32_t w2c_rt_atomic_notify(w2c_memory *mem, uint64_t addr, uint32_t count);
W2C_API uint32_t w2c_rt_atomic_wait32(w2c_memory *mem, uint64_t addr, uint32_t expected,
                                      uint64_t timeout);
W2C_API uint32_t w2c_rt_atomic_wait64(w2c_memory *mem, uint64_t addr, uint64_t expected,
                                      uint64_t timeout);

/* ------------------------------------------------------- the primitives */

#if defined(W2C_ATOMIC_BUILTINS)
/* The bytes of memory may be accessed as anything, also by memcpy. */
typedef uint8_t w2c_a8;
typedef uint16_t __attribute__((may_alias)) w2c_a16;
typedef uint32_t __attribute__((may_alias)) w2c_a32;
typedef uint64_t __attribute__((may_alias)) w2c_a64;
#define W2C_AT_LOAD(T, p) __atomic_load_n((T *)(void *)(p), __ATOMIC_SEQ_CST)
#define W2C_AT_STORE(T, p, v) __atomic_store_n((T *)(void *)(p), (T)(v), __ATOMIC_SEQ_CST)
#define W2C_AT_FETCH(op, T, p, v) \
	__atomic_fetch_##op((T *)(void *)(p), (T)(v), __ATOMIC_SEQ_CST)
#define W2C_AT_XCHG(T, p, v) __atomic_exchange_n((T *)(void *)(p), (T)(v), __ATOMIC_SEQ_CST)
#define W2C_AT_CAS(T, p, e, d) \
	__atomic_compare_exchange_n((T *)(void *)(p), (e), (T)(d), 0, __ATOMIC_SEQ_CST, \
	                            __ATOMIC_SEQ_CST)
#define W2C_AT_FENCE() __atomic_thread_fence(__ATOMIC_SEQ_CST)
/* a size another thread may grow */
#define W2C_AT_SIZE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#elif defined(W2C_ATOMIC_C11)
typedef uint8_t w2c_a8;
typedef uint16_t w2c_a16;
typedef uint32_t w2c_a32;
typedef uint64_t w2c_a64;
#define W2C_AT_LOAD(T, p) atomic_load((_Atomic T *)(void *)(p))
#define W2C_AT_STORE(T, p, v) atomic_store((_Atomic T *)(void *)(p), (T)(v))
#define W2C_AT_FETCH(op, T, p, v) atomic_fetch_##op((_Atomic T *)(void *)(p), (T)(v))
#define W2C_AT_XCHG(T, p, v) atomic_exchange((_Atomic T *)(void *)(p), (T)(v))
#define W2C_AT_CAS(T, p, e, d) \
	atomic_compare_exchange_strong((_Atomic T *)(void *)(p), (e), (T)(d))
#define W2C_AT_FENCE() atomic_thread_fence(memory_order_seq_cst)
#define W2C_AT_SIZE(p) (*(volatile const uint64_t *)(p))
#else
/* One thread: plain accesses, as memcpy to stay clear of aliasing. */
typedef uint8_t w2c_a8;
typedef uint16_t w2c_a16;
typedef uint32_t w2c_a32;
typedef uint64_t w2c_a64;
#define W2C_AT_FENCE() ((void)0)
#define W2C_AT_SIZE(p) (*(p))
#endif

/* The little-endian value of an N-bit access; W2C_LE16 and on are w2c_gen.h's. */
#define W2C_LE8(x) (x)

/* The effective address of an atomic access must be a multiple of its
 * width; the check comes before the bounds check, as in the spec's
 * interpreter. */
static inline void w2c_atomic_check(uint64_t addr, uint32_t n, uint64_t size)
{
	if (W2C_UNLIKELY(addr & (n - 1)))
		w2c_trap(W2C_TRAP_UNALIGNED_ATOMIC);
	W2C_CHECK(addr, n, size);
}

/* The same with the bounds always checked: for wait and notify, whose
 * runtime side must not fault. */
static inline void w2c_atomic_check_always(uint64_t addr, uint32_t n, uint64_t size)
{
	if (W2C_UNLIKELY(addr & (n - 1)))
		w2c_trap(W2C_TRAP_UNALIGNED_ATOMIC);
	if (W2C_UNLIKELY(addr > size || size - addr < n))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
}

/*
 * The accesses of width N (8, 16, 32, 64), returning R (uint32_t up to 32
 * bits): load, store, add, sub, and, or, xor, xchg, cmpxchg.  The
 * operands of narrow ones are wrapped to N bits, results zero-extended.
 */
#if defined(W2C_ATOMIC_PLAIN)
#define W2C_ATOMIC_RMW(N, R, name, expr)                                          \
	static inline R w2c_atomic_##name##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                     R v)                                     \
	{                                                                             \
		w2c_a##N old, new_, x = (w2c_a##N)v;                                  \
		w2c_atomic_check(addr, N / 8, size);                                  \
		memcpy(&old, m + addr, sizeof old);                                   \
		old = W2C_LE##N(old);                                                 \
		new_ = (w2c_a##N)(expr);                                              \
		new_ = W2C_LE##N(new_);                                               \
		memcpy(m + addr, &new_, sizeof new_);                                 \
		return old;                                                           \
	}
#define W2C_ATOMIC_WIDTH(N, R)                                                       \
	static inline R w2c_atomic_load##N(uint8_t *m, uint64_t size, uint64_t addr)   \
	{                                                                             \
		w2c_a##N v;                                                           \
		w2c_atomic_check(addr, N / 8, size);                                  \
		memcpy(&v, m + addr, sizeof v);                                       \
		return W2C_LE##N(v);                                                  \
	}                                                                             \
	static inline void w2c_atomic_store##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                       R v)                                   \
	{                                                                             \
		w2c_a##N x = W2C_LE##N((w2c_a##N)v);                                  \
		w2c_atomic_check(addr, N / 8, size);                                  \
		memcpy(m + addr, &x, sizeof x);                                       \
	}                                                                             \
	W2C_ATOMIC_RMW(N, R, add, old + x)                                            \
	W2C_ATOMIC_RMW(N, R, sub, old - x)                                            \
	W2C_ATOMIC_RMW(N, R, and, old & x)                                            \
	W2C_ATOMIC_RMW(N, R, or, old | x)                                             \
	W2C_ATOMIC_RMW(N, R, xor, old ^ x)                                            \
	W2C_ATOMIC_RMW(N, R, xchg, x)                                                 \
	static inline R w2c_atomic_cmpxchg##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                      R e, R v)                               \
	{                                                                             \
		w2c_a##N old, x = W2C_LE##N((w2c_a##N)v);                             \
		w2c_atomic_check(addr, N / 8, size);                                  \
		memcpy(&old, m + addr, sizeof old);                                   \
		old = W2C_LE##N(old);                                                 \
		if (old == (w2c_a##N)e)                                               \
			memcpy(m + addr, &x, sizeof x);                               \
		return old;                                                           \
	}
#else
/* add and sub: the hardware's on a little-endian host, else a CAS loop
 * on the swapped value. */
#if defined(W2C_BIG_ENDIAN)
#define W2C_ATOMIC_ARITH(N, R, name, op)                                           \
	static inline R w2c_atomic_##name##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                     R v)                                     \
	{                                                                             \
		w2c_a##N old, new_;                                                   \
		w2c_atomic_check(addr, N / 8, size);                                  \
		old = W2C_AT_LOAD(w2c_a##N, m + addr);                                \
		do                                                                    \
			new_ = W2C_LE##N((w2c_a##N)(W2C_LE##N(old) op (w2c_a##N)v));  \
		while (!W2C_AT_CAS(w2c_a##N, m + addr, &old, new_));                  \
		return W2C_LE##N(old);                                                \
	}
#else
#define W2C_ATOMIC_ARITH(N, R, name, op)                                           \
	static inline R w2c_atomic_##name##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                     R v)                                     \
	{                                                                             \
		w2c_atomic_check(addr, N / 8, size);                                  \
		return W2C_AT_FETCH(name, w2c_a##N, m + addr, v);                     \
	}
#endif
/* and, or, xor act on bits in place: the swapped operand does. */
#define W2C_ATOMIC_BITS(N, R, name)                                                 \
	static inline R w2c_atomic_##name##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                     R v)                                     \
	{                                                                             \
		w2c_atomic_check(addr, N / 8, size);                                  \
		return W2C_LE##N(W2C_AT_FETCH(name, w2c_a##N, m + addr,               \
		                              W2C_LE##N((w2c_a##N)v)));               \
	}
#define W2C_ATOMIC_WIDTH(N, R)                                                       \
	static inline R w2c_atomic_load##N(uint8_t *m, uint64_t size, uint64_t addr)   \
	{                                                                             \
		w2c_atomic_check(addr, N / 8, size);                                  \
		return W2C_LE##N(W2C_AT_LOAD(w2c_a##N, m + addr));                    \
	}                                                                             \
	static inline void w2c_atomic_store##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                       R v)                                   \
	{                                                                             \
		w2c_atomic_check(addr, N / 8, size);                                  \
		W2C_AT_STORE(w2c_a##N, m + addr, W2C_LE##N((w2c_a##N)v));             \
	}                                                                             \
	W2C_ATOMIC_ARITH(N, R, add, +)                                                \
	W2C_ATOMIC_ARITH(N, R, sub, -)                                                \
	W2C_ATOMIC_BITS(N, R, and)                                                    \
	W2C_ATOMIC_BITS(N, R, or)                                                     \
	W2C_ATOMIC_BITS(N, R, xor)                                                    \
	static inline R w2c_atomic_xchg##N(uint8_t *m, uint64_t size, uint64_t addr, R v) \
	{                                                                             \
		w2c_atomic_check(addr, N / 8, size);                                  \
		return W2C_LE##N(W2C_AT_XCHG(w2c_a##N, m + addr, W2C_LE##N((w2c_a##N)v))); \
	}                                                                             \
	static inline R w2c_atomic_cmpxchg##N(uint8_t *m, uint64_t size, uint64_t addr, \
	                                      R e, R v)                               \
	{                                                                             \
		w2c_a##N old = W2C_LE##N((w2c_a##N)e);                                \
		w2c_atomic_check(addr, N / 8, size);                                  \
		W2C_AT_CAS(w2c_a##N, m + addr, &old, W2C_LE##N((w2c_a##N)v));         \
		return W2C_LE##N(old);                                                \
	}
#endif

W2C_ATOMIC_WIDTH(8, uint32_t)
W2C_ATOMIC_WIDTH(16, uint32_t)
W2C_ATOMIC_WIDTH(32, uint32_t)
W2C_ATOMIC_WIDTH(64, uint64_t)

static inline void w2c_atomic_fence(void)
{
	W2C_AT_FENCE();
}

/* ----------------------------------------------------- shared memories */

/* The size and page count of a shared memory, which another thread may
 * grow: ordered after that growth (acquire). */
static inline uint64_t w2c_shared_size(const w2c_memory *mem)
{
	return W2C_AT_SIZE(&mem->size);
}

static inline uint64_t w2c_shared_pages(const w2c_memory *mem)
{
	return W2C_AT_SIZE(&mem->pages);
}

/* A shared memory never moves: only its size is reloaded. */
#define W2C_RELOAD_SHARED(b, n, mem) ((void)(b), (n) = w2c_shared_size(mem))

/* notify and wait: the effective address checked, then the runtime; on
 * an unshared memory (`shared` is a constant) no one can wait, and
 * waiting traps. */
static inline uint32_t w2c_atomic_notify(w2c_memory *mem, uint8_t *m, uint64_t size,
                                         uint64_t addr, uint32_t count, bool shared)
{
	(void)m;
	w2c_atomic_check_always(addr, 4, size);
	return shared ? w2c_rt_atomic_notify(mem, addr, count) : 0;
}

static inline uint32_t w2c_atomic_wait32(w2c_memory *mem, uint8_t *m, uint64_t size,
                                         uint64_t addr, uint32_t expected,
                                         uint64_t timeout, bool shared)
{
	(void)m;
	w2c_atomic_check_always(addr, 4, size);
	if (!shared)
		w2c_trap(W2C_TRAP_EXPECTED_SHARED);
	return w2c_rt_atomic_wait32(mem, addr, expected, timeout);
}

static inline uint32_t w2c_atomic_wait64(w2c_memory *mem, uint8_t *m, uint64_t size,
                                         uint64_t addr, uint64_t expected,
                                         uint64_t timeout, bool shared)
{
	(void)m;
	w2c_atomic_check_always(addr, 8, size);
	if (!shared)
		w2c_trap(W2C_TRAP_EXPECTED_SHARED);
	return w2c_rt_atomic_wait64(mem, addr, expected, timeout);
}

#endif
