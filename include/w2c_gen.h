/*
 * w2c_gen.h: what translated code needs beyond w2c.h.  Only generated C
 * includes this; embedders use w2c.h and the module's own header.
 *
 * Every helper here is a static inline function that the C compiler folds
 * into the caller: loads and stores with their bounds checks, the
 * arithmetic that C leaves undefined or implementation-defined, and the
 * float operations whose NaN and signed-zero rules differ from C's.
 *
 * Tunables (define before including, normally with -D):
 *   W2C_BOUNDS_CHECKS  1: check every memory access explicitly;
 *                      0: rely on guard pages (64-bit POSIX hosts only).
 *                      Default: 0 where guard pages work, else 1.
 *   W2C_STACK_CHECK    1 (default): trap on call-stack exhaustion; 0: don't.
 *   W2C_NO_THREADS     no thread-local storage: one thread runs wasm.
 *                      Default where there is no operating system.
 *   W2C_TAIL_MUSTTAIL  1: tail calls as the compiler's guaranteed tail calls
 *                      (default with clang); 0: through a trampoline.
 *   W2C_GCC_VECT_COST  define to leave GCC's vectoriser cost model alone
 *                      (see below; say, at -O3, whose own is better).
 */
#ifndef W2C_GEN_H
#define W2C_GEN_H

#include <float.h>
#include <string.h>

#include "w2c.h"

#if W2C_ABI_VERSION != 4
#error "generated code needs w2c ABI version 4"
#endif

/* Every float operation must round to its own type, once. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0 && FLT_EVAL_METHOD != -1
#error "w2c needs FLT_EVAL_METHOD == 0 (on 32-bit x86: -msse2 -mfpmath=sse)"
#endif
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
/* (GCC: fp-contract=off at the end of this file, W2C_FUNC_OPTIONS) */

/*
 * Warnings that are false in generated code: a wasm function may recurse
 * forever on purpose (it traps), every access to a segment is checked
 * at run time on paths gcc's bounds warnings can't rule out, and locals
 * set around a handler are volatile where it matters.
 */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Winfinite-recursion"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Warray-bounds"
/* Locals live across an exception handler's setjmp: the translator makes
 * volatile those the body changes (C11 7.13.2.1), which is all the
 * standard asks; gcc's warning doesn't look at where a local changes. */
#pragma GCC diagnostic ignored "-Wclobbered"
#if __GNUC__ >= 11
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
#if __GNUC__ >= 12
#pragma GCC diagnostic ignored "-Winfinite-recursion"
#endif
#endif

/* A versioned loop's access (w2c/loops.c): its address `a`, exact in
 * int64_t, and its end `a + end` lie inside a memory of `size` bytes. */
#define W2C_INMEM(a, end, size) ((a) >= 0 && (uint64_t)(a) + (end) <= (size))

/* A tiny leaf function: inlined into every caller (w2c's TINY_LEAF_MAX). */
#if defined(__GNUC__)
#define W2C_INLINE_LEAF inline __attribute__((always_inline))
#else
#define W2C_INLINE_LEAF inline
#endif

/*
 * A function with loops nested NEST_PRE_DEPTH deep (w2c/emit_func.c,
 * docs/loops.md "Deep loop nests"): GCC's tree-PRE hoisted each invariant
 * wasm address (base + local + offset) of the innermost loop into a
 * register of its own and spilled them, and turned branchless selects into
 * branches.  Clang has no such pass to turn off.  See W2C_FUNC_OPTIONS.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define W2C_NEST __attribute__((optimize("no-tree-pre")))
#else
#define W2C_NEST
#endif

#if defined(__GNUC__)
#define W2C_LIKELY(x) __builtin_expect(!!(x), 1)
#define W2C_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define W2C_UNUSED __attribute__((unused))
#else
#define W2C_LIKELY(x) (x)
#define W2C_UNLIKELY(x) (x)
#define W2C_UNUSED
#endif

/* A big br_table jumps through a table of label addresses (GNU C's labels
 * as values, which gcc and clang have), else it is a switch. */
#if defined(__GNUC__) && !defined(W2C_NO_GOTO_TABLES)
#define W2C_GOTO_TABLES 1
#else
#define W2C_GOTO_TABLES 0
#endif

/* The functions and segments a module split over several C files shares
 * between them (w2c --split): not exported from a shared library. */
#if defined(__GNUC__) && !defined(_WIN32) && !defined(__CYGWIN__)
#define W2C_HIDDEN __attribute__((visibility("hidden")))
#else
#define W2C_HIDDEN
#endif

#ifndef W2C_BOUNDS_CHECKS
#if (defined(__unix__) || defined(__APPLE__)) && UINTPTR_MAX > 0xffffffffu
#define W2C_BOUNDS_CHECKS 0
#else
#define W2C_BOUNDS_CHECKS 1
#endif
#endif

#ifndef W2C_STACK_CHECK
#define W2C_STACK_CHECK 1
#endif

/* Without an operating system there are no threads to keep apart. */
#if !defined(W2C_NO_THREADS) && !defined(__unix__) && !defined(__APPLE__) && \
	!defined(_WIN32)
#define W2C_NO_THREADS 1
#endif

#if defined(W2C_NO_THREADS)
#define W2C_THREAD_LOCAL
#elif defined(__GNUC__) && defined(__ELF__)
#define W2C_THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define W2C_THREAD_LOCAL _Thread_local
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define W2C_BIG_ENDIAN 1
#endif

/* ------------------------------------------------------- runtime support */

/* The lowest stack address wasm code may reach on this thread;
 * UINTPTR_MAX until the thread's first wasm call sets it up. */
extern W2C_API W2C_THREAD_LOCAL uintptr_t w2c_rt_stack_limit;
/* The slow path of the stack check: sets the limit up on a thread's first
 * call, traps with W2C_TRAP_EXHAUSTION when `sp` is below it. */
W2C_API void w2c_rt_stack_check(uintptr_t sp);

/* One item of an element segment, turned into a reference at table.init. */
typedef enum w2c_rt_elem_kind {
	W2C_ELEM_NULL,
	W2C_ELEM_FUNC,        /* fn with the instance as context */
	W2C_ELEM_IMPORT,      /* the w2c_func_binding at offset */
	W2C_ELEM_GLOBAL,      /* the reference stored at offset */
	W2C_ELEM_GLOBAL_PTR,  /* the reference the pointer at offset points to */
	W2C_ELEM_BITS,        /* a GC reference whose bits are `type` (an i31) */
} w2c_rt_elem_kind;

typedef struct w2c_rt_elem {
	w2c_rt_elem_kind kind;
	uint32_t offset;
	/* canonical type id, or 0 to read it from the instance's large-type
	 * ids at index `large` */
	uint64_t type;
	uint32_t large;
	w2c_fnptr fn;
} w2c_rt_elem;

/* table.init from an element segment (nitems 0 once dropped). */
W2C_API void w2c_rt_table_init(w2c_instance *inst, w2c_table *table,
                               const w2c_rt_elem *items, uint32_t nitems,
                               uint32_t d, uint32_t s, uint32_t n);

/* Active data segments at constant offsets, which a module's init copies
 * in order with one call rather than a call each (a large module has
 * thousands, and gcc inlining thousands of calls in one function takes
 * longer than compiling their data). */
typedef struct w2c_rt_data_init {
	const uint8_t *bytes;    /* NULL when len is 0 */
	uint32_t len;
	uint32_t offset;
	uint32_t index;          /* the segment's index, marked dropped */
} w2c_rt_data_init;

W2C_API void w2c_rt_memory_init_active(uint8_t *m, uint64_t size,
                                       const w2c_rt_data_init *segs, uint32_t n,
                                       uint8_t *dropped);

/* DEFLATE-compressed active data segments (w2c --compress-data). */
W2C_API bool w2c_rt_inflate(uint8_t *out, size_t outlen, const uint8_t *in,
                            size_t inlen);
W2C_API void w2c_rt_memory_init_deflated(uint8_t *m, uint64_t size,
                                         const uint8_t *seg, uint32_t seglen,
                                         uint32_t len, uint32_t d);

/* Allocation in a module's init; traps W2C_ERR_RESOURCE on failure. */
W2C_API void w2c_rt_memory_alloc(w2c_memory *mem, uint64_t pages,
                                 uint64_t max_pages, bool has_max,
                                 bool guarded);
W2C_API void w2c_rt_memory_alloc_type(w2c_memory *mem, const w2c_limits *type,
                                      bool guarded);
/* The same for a memory that grows to at most `cap` pages, below its
 * type's maximum (w2c --max-memory, docs/instances.md). */
W2C_API void w2c_rt_memory_alloc_capped(w2c_memory *mem, const w2c_limits *type,
                                        uint64_t cap, bool guarded);
W2C_API void w2c_rt_table_alloc(w2c_table *table, w2c_valtype elem,
                                uint32_t size, uint32_t max, bool has_max);

/* The adapter context of a dynamic host function import. */
typedef struct w2c_rt_host_binding {
	w2c_host_func fn;
	void *ctx;
	const w2c_functype *type;
} w2c_rt_host_binding;

/* Calls a dynamic host function from an import adapter. */
W2C_API void w2c_rt_call_host(void *binding, w2c_value *args,
                              w2c_value *results);

/* ------------------------------------------------------------ exceptions */

/*
 * An exception (w2c.h's w2c_exnref points to one): its tag and payload.
 * docs/exceptions.md has the design.
 */
struct w2c_rt_exn {
	const w2c_tag *tag;
	uint32_t n;
	bool held;              /* an exnref may still refer to it */
	struct w2c_rt_exn *next;   /* the held ones, all kept in one list */
	w2c_value payload[];
};

/* The innermost trap frame or exception handler of this thread. */
extern W2C_API W2C_THREAD_LOCAL w2c_trap_frame *w2c_rt_frame;
/* The exception that landed in a handler, set just before the longjmp. */
extern W2C_API W2C_THREAD_LOCAL w2c_exnref w2c_rt_caught;

/*
 * A try_table or try pushes a handler frame, then W2C_SETJMP, as the whole
 * condition of an if (C allows setjmp only in such places).  Leaving it by
 * its end or a branch pops it; a throw pops it before jumping back.
 *
 * setjmp saves every callee-saved register and costs a few nanoseconds
 * on each entry of a handler.  On x86-64, gcc's and clang's
 * __builtin_setjmp saves only what the function needs and costs about
 * one; its __builtin_longjmp must come from the same compiler, so the
 * frame carries it (resume), compiled here beside the setjmp.  Not under
 * AddressSanitizer, which must see the longjmp to unpoison the stack.
 * W2C_PORTABLE_SETJMP forces the standard pair.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define W2C_ASAN_ 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define W2C_ASAN_ 1
#endif
/*
 * The fault handler walks the frames when a guard page turns an access in
 * the handler's body into a trap, which C doesn't see coming: without a
 * call in the body, the compiler may publish the frame before (or
 * without) storing its fields.  Volatile stores, in this order, make the
 * frame whole whenever it is linked.
 */
#define W2C_TRY_LINK_(h) (((volatile w2c_trap_frame *)&(h))->handler = true, \
	((volatile w2c_trap_frame *)&(h))->prev = w2c_rt_frame, \
	*(w2c_trap_frame *volatile *)&w2c_rt_frame = &(h))
#if defined(__GNUC__) && defined(__x86_64__) && !defined(W2C_PORTABLE_SETJMP) && \
	!defined(W2C_ASAN_)
static __attribute__((noinline, noreturn, unused)) void w2c_rt_resume(w2c_trap_frame *f)
{
	__builtin_longjmp((void **)(void *)f->env, 1);
}
#define W2C_TRY_PUSH(h) ((h).resume = w2c_rt_resume, W2C_TRY_LINK_(h))
#define W2C_SETJMP(h) __builtin_setjmp((void **)(void *)(h).env)
#else
#define W2C_TRY_PUSH(h) ((h).resume = NULL, W2C_TRY_LINK_(h))
#define W2C_SETJMP(h) setjmp((h).env)
#endif
#define W2C_TRY_POP(h) (w2c_rt_frame = (h).prev)

/* A catch or catch_all clause took the exception's payload: free it
 * unless an exnref may still refer to it. */
W2C_API void w2c_rt_exn_done(w2c_exnref exn);
/* An exnref is made of the exception: it must live on. */
W2C_API w2c_exnref w2c_rt_exn_hold(w2c_exnref exn);

/* ---------------------------------------------------------- stack checks */

/*
 * The first statement of every function, before any local is touched:
 * its frame (about `frame` bytes) must fit above the limit.  One compare
 * against a thread-local; nothing to undo when a trap unwinds.
 */
#if W2C_STACK_CHECK
#define W2C_ENTER(frame)                                                   \
	char w2c_probe_;                                                   \
	if (W2C_UNLIKELY((uintptr_t)&w2c_probe_ - (frame) < w2c_rt_stack_limit)) \
		w2c_rt_stack_check((uintptr_t)&w2c_probe_ - (frame))
#else
#define W2C_ENTER(frame) ((void)0)
#endif

/*
 * The first statement of a function whose calls all stay inside the
 * module (direct calls to its own functions, no runtime helper that
 * allocates) and whose frame is at most `frame` <= 8 KiB.  With guard
 * pages on Linux the stack's own guard catches its exhaustion instead:
 * the runtime keeps at least W2C_STACK_GUARD bytes unmapped or
 * inaccessible below every thread's stack that runs wasm (the kernel's
 * gap below the main thread's, a protected region of its own below other
 * threads'), more than such frames can skip, and its fault handler turns
 * a fault there into "call stack exhausted".  Host code, reached only
 * through functions that still compare, keeps its margin: such a chain
 * can't go below the limit into host code.  This saves the compare and
 * thread-local load on every call of recursive code; explicit bounds
 * checks (firmware, 32-bit hosts, other systems) keep the compare.
 */
#if W2C_STACK_CHECK && !W2C_BOUNDS_CHECKS && defined(__linux__) && \
	!defined(W2C_ASAN_) && !defined(W2C_NO_SIGNALS)
#define W2C_ENTER_GUARDED(frame) ((void)0)
/* A typed export called on a thread new to wasm: its guard and fault
 * handler's stack are set up before code that relies on them runs. */
#define W2C_EXPORT_ENTER()                                                \
	(W2C_UNLIKELY(w2c_rt_stack_limit == UINTPTR_MAX) ?                \
	 w2c_rt_stack_check(UINTPTR_MAX) : (void)0)
#else
#define W2C_ENTER_GUARDED(frame) W2C_ENTER(frame)
#define W2C_EXPORT_ENTER() ((void)0)
#endif

/*
 * After every call.  A call followed by nothing else could become a jump
 * (sibling-call and tail-recursion elimination); then deep wasm recursion
 * would loop forever in constant stack instead of trapping as exhausted.
 * GCC is told not to (W2C_FUNC_OPTIONS, at the end of this file): both
 * transformations hang on -foptimize-sibling-calls.  An empty asm after
 * each call would do it too, but it costs recursive code a fifth of its
 * time (shootout-fib2), as it stands in the way of GCC's recursive
 * inlining.  Clang has no such pragma: there the barrier stays.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define W2C_CALLED() ((void)0)
#elif defined(__GNUC__)
#define W2C_CALLED() __asm__ __volatile__("")
#else
#define W2C_CALLED() ((void)0)
#endif

/* ------------------------------------------------------------ tail calls */

/*
 * return_call and return_call_indirect (docs/tailcalls.md).  A function
 * that makes tail calls is written as two C functions: its body as a
 * "tail entry" of one C type for every signature, w2c_tail_fn, which takes its
 * arguments from and leaves its results in the per-thread area
 * w2c_rt_tail, and its ordinary C function as a small wrapper that runs
 * the body and whatever it tail-calls until a result comes back.
 *
 * A tail call continues with the callee's tail entry, found by asking:
 * the caller sets `probe` to the callee's ordinary function and calls it
 * with the arguments; a wrapper seeing itself named there only stores the
 * arguments and answers with its tail entry in `next`, and any other
 * function (one making no tail calls, a host function) just runs and
 * returns, which ends the chain without growing it.  So funcrefs and
 * imports of other instances need nothing but their ordinary function.
 *
 * W2C_TAIL_MUSTTAIL 1: a tail entry jumps to the next one with the
 * compiler's guaranteed tail call (default with clang 13+); 0: it returns it
 * to the wrapper's loop (a trampoline).  Both kinds interoperate, so
 * modules compiled either way call each other.
 */
/* (gcc 15 has musttail too, untested here: -DW2C_TAIL_MUSTTAIL=1 to try; it
 * may refuse entries whose stack check takes a local's address.) */
#ifndef W2C_TAIL_MUSTTAIL
#if defined(__clang__) && defined(__has_attribute) && \
	(defined(__x86_64__) || defined(__i386__) || defined(__aarch64__))
#if __has_attribute(musttail)
#define W2C_TAIL_MUSTTAIL 1
#endif
#endif
#endif
#ifndef W2C_TAIL_MUSTTAIL
#define W2C_TAIL_MUSTTAIL 0
#endif

/* Arguments and results, in 64-bit words: a funcref takes three, a v128
 * two, any other value one (w2c's LIMIT_TAIL_WORDS). */
#define W2C_TAIL_WORDS 256

typedef struct w2c_tail_area w2c_tail_area;
typedef void w2c_tail_fn(void *ctx, w2c_tail_area *tail);

struct w2c_tail_area {
	w2c_fnptr probe;      /* the function asked for its tail entry, or NULL */
	w2c_tail_fn *next;    /* its answer: the tail entry to go on with */
	void *ctx;            /* ... and its context (trampoline only) */
	uint64_t w[W2C_TAIL_WORDS];
};

/* Not the initial-exec model of w2c_rt_stack_limit: it is too large for
 * the static TLS a library loaded later may take. */
#if defined(W2C_NO_THREADS)
extern W2C_API w2c_tail_area w2c_rt_tail;
#else
extern W2C_API _Thread_local w2c_tail_area w2c_rt_tail;
#endif

/* Runs tail entry f and where it goes on to, until one returns. */
static inline void w2c_tail_run(w2c_tail_fn *f, void *ctx, w2c_tail_area *tail)
{
	tail->next = NULL;
	f(ctx, tail);
	while ((f = tail->next) != NULL) {
		tail->next = NULL;
		f(tail->ctx, tail);
	}
}

/* The last statement of a tail entry: go on with f in context c, the
 * arguments in place. */
#if W2C_TAIL_MUSTTAIL
/* ISO C has no `return` of a void call, which musttail needs. */
#if defined(__clang__)
#define W2C_TAIL_PEDANTIC_OFF_ _Pragma("clang diagnostic push") \
	_Pragma("clang diagnostic ignored \"-Wpedantic\"")
#define W2C_TAIL_PEDANTIC_ON_ _Pragma("clang diagnostic pop")
#else
#define W2C_TAIL_PEDANTIC_OFF_ _Pragma("GCC diagnostic push") \
	_Pragma("GCC diagnostic ignored \"-Wpedantic\"")
#define W2C_TAIL_PEDANTIC_ON_ _Pragma("GCC diagnostic pop")
#endif
#define W2C_TAIL_JUMP(f, c, tail)                                          \
	do {                                                               \
		w2c_tail_fn *w2c_f_ = (f);                                 \
		(tail)->next = NULL;                                       \
		W2C_TAIL_PEDANTIC_OFF_                                     \
		__attribute__((musttail)) return w2c_f_((c), (tail));      \
		W2C_TAIL_PEDANTIC_ON_                                      \
	} while (0)
#else
#define W2C_TAIL_JUMP(f, c, tail)                                          \
	do {                                                               \
		(tail)->next = (f);                                        \
		(tail)->ctx = (c);                                         \
		return;                                                    \
	} while (0)
#endif

/* Values in the area, by the letters of w2c's slot names. */
#define W2C_TAIL_ACCESS_(l, T)                                             \
	static inline T w2c_tail_get_##l(const w2c_tail_area *t, uint32_t k) \
	{                                                                  \
		T v;                                                       \
		memcpy(&v, &t->w[k], sizeof v);                            \
		return v;                                                  \
	}                                                                  \
	static inline void w2c_tail_put_##l(w2c_tail_area *t, uint32_t k, T v) \
	{                                                                  \
		memcpy(&t->w[k], &v, sizeof v);                            \
	}
W2C_TAIL_ACCESS_(i, uint32_t)
W2C_TAIL_ACCESS_(j, uint64_t)
W2C_TAIL_ACCESS_(f, float)
W2C_TAIL_ACCESS_(d, double)
W2C_TAIL_ACCESS_(v, w2c_v128)
W2C_TAIL_ACCESS_(r, w2c_funcref)
W2C_TAIL_ACCESS_(x, w2c_externref)
W2C_TAIL_ACCESS_(e, w2c_exnref)

/* ---------------------------------------------------------- bit patterns */

static inline float w2c_f32_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline double w2c_f64_bits(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline uint32_t w2c_f32_raw(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline uint64_t w2c_f64_raw(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

/* ------------------------------------------------------- memory accesses */

#ifdef W2C_BIG_ENDIAN
#if defined(__GNUC__)
#define W2C_LE16(x) __builtin_bswap16(x)
#define W2C_LE32(x) __builtin_bswap32(x)
#define W2C_LE64(x) __builtin_bswap64(x)
#else
static inline uint16_t W2C_LE16(uint16_t x) { return (uint16_t)(x >> 8 | x << 8); }
static inline uint32_t W2C_LE32(uint32_t x)
{
	return x >> 24 | (x >> 8 & 0xff00u) | (x << 8 & 0xff0000u) | x << 24;
}
static inline uint64_t W2C_LE64(uint64_t x)
{
	return (uint64_t)W2C_LE32((uint32_t)x) << 32 | W2C_LE32((uint32_t)(x >> 32));
}
#endif
#else
#define W2C_LE16(x) (x)
#define W2C_LE32(x) (x)
#define W2C_LE64(x) (x)
#endif

/*
 * With explicit checks, a load the C compiler finds dead still keeps its
 * check, so an out-of-bounds one still traps.  With guard pages the fault
 * is the check, so the compiler must not delete a load whose value it
 * finds unused: the translator follows each loaded value and writes
 * W2C_KEEP (an empty asm statement using it) where it may die unused.
 */
#if W2C_BOUNDS_CHECKS
#define W2C_CHECK(addr, n, size)                                           \
	do {                                                               \
		if (W2C_UNLIKELY((addr) + (n) > (size)))                   \
			w2c_trap(W2C_TRAP_MEMORY_OOB);                     \
	} while (0)
#define W2C_KEEP(v) ((void)(v))
#else
#define W2C_CHECK(addr, n, size) ((void)(size))
#if defined(__GNUC__)
#define W2C_KEEP(v) __asm__("" : : "r"(v))
#else
#define W2C_KEEP(v)                                                        \
	do {                                                               \
		volatile uint64_t w2c_sink_ = (v);                         \
		(void)w2c_sink_;                                           \
	} while (0)
#endif
#endif

/* A stored value only dead store elimination can leave unused (w2c/
 * emit_func.c, keep_dse: a read-modify-write's, a narrower load's stored
 * wider): GCC's is off in module functions (W2C_FUNC_OPTIONS); clang's
 * can't be turned off. */
#if defined(__GNUC__) && !defined(__clang__)
#define W2C_KEEP_DSE(v) ((void)(v))
#else
#define W2C_KEEP_DSE(v) W2C_KEEP(v)
#endif

/*
 * Generated functions keep a memory's base and size in locals, reloading
 * them after calls and memory.grow: only then can they change.  A guarded
 * memory's base never moves.
 */
#if W2C_BOUNDS_CHECKS
#define W2C_RELOAD(b, n, mem) ((b) = (mem)->data, (n) = (mem)->size)
#else
#define W2C_RELOAD(b, n, mem) ((void)(b), (n) = (mem)->size)
#endif

/*
 * The address of an access to an explicitly checked memory (a 64-bit one,
 * or one of 1-byte pages), which no guard region covers: `addr` plus
 * `offset`, trapping unless the access's `end` (offset plus width,
 * UINT64_MAX if that overflows) fits in `size`.  Both are constants, so
 * the limit is a subtraction the C compiler hoists out of loops, and
 * the fast path one compare.
 */
static inline uint64_t w2c_addr_check(uint64_t size, uint64_t addr, uint64_t offset,
                                      uint64_t end)
{
	uint64_t limit = size >= end ? size - end + 1 : 0;
	if (W2C_UNLIKELY(addr >= limit))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	return addr + offset;
}

/*
 * The operands of a plain load or store of a guarded memory m (size n) at
 * the 32-bit address a plus the constant offset off, as the helpers below
 * take them.  Written m, n, a + off, gcc folds m + (a + off) into one
 * pointer per offset and shares it between the accesses at that offset:
 * a function that loads 25 words at p + 0 .. p + 192 and stores them back
 * after long arithmetic (a hash's state) keeps 25 pointers live, spilled
 * and reloaded, or a loop's invariant ones hoisted out of it and spilled
 * (docs/loops.md).  Pointer arithmetic is always refolded so; integer
 * arithmetic isn't, so the base m + a is made as an integer and the offset
 * added after, which leaves it in the access (one register for p, the
 * offsets in the addressing modes, as native code has them).  With
 * explicit checks the helpers need the whole address.
 */
#if W2C_BOUNDS_CHECKS || !defined(UINTPTR_MAX)
#define W2C_AT(m, n, a, off) (m), (n), (uint64_t)(a) + (off)
#else
#define W2C_AT(m, n, a, off) (uint8_t *)((uintptr_t)(m) + (uintptr_t)(a)), (n), (uint64_t)(off)
#endif

/* `addr` is the 32-bit address plus the static offset, computed in 64 bits
 * so that it can't wrap; `size` is the memory's size in bytes. */
static inline uint32_t w2c_load8(const uint8_t *m, uint64_t size, uint64_t addr)
{
	uint8_t v;
	W2C_CHECK(addr, 1, size);
	v = m[addr];
	return v;
}
static inline uint32_t w2c_load16(const uint8_t *m, uint64_t size, uint64_t addr)
{
	uint16_t v;
	W2C_CHECK(addr, 2, size);
	memcpy(&v, m + addr, 2);
	return W2C_LE16(v);
}
static inline uint32_t w2c_load32(const uint8_t *m, uint64_t size, uint64_t addr)
{
	uint32_t v;
	W2C_CHECK(addr, 4, size);
	memcpy(&v, m + addr, 4);
	return W2C_LE32(v);
}
static inline uint64_t w2c_load64(const uint8_t *m, uint64_t size, uint64_t addr)
{
	uint64_t v;
	W2C_CHECK(addr, 8, size);
	memcpy(&v, m + addr, 8);
	return W2C_LE64(v);
}
static inline void w2c_store8(uint8_t *m, uint64_t size, uint64_t addr, uint32_t v)
{
	W2C_CHECK(addr, 1, size);
	m[addr] = (uint8_t)v;
}
static inline void w2c_store16(uint8_t *m, uint64_t size, uint64_t addr, uint32_t v)
{
	uint16_t x = W2C_LE16((uint16_t)v);
	W2C_CHECK(addr, 2, size);
	memcpy(m + addr, &x, 2);
}
static inline void w2c_store32(uint8_t *m, uint64_t size, uint64_t addr, uint32_t v)
{
	uint32_t x = W2C_LE32(v);
	W2C_CHECK(addr, 4, size);
	memcpy(m + addr, &x, 4);
}
static inline void w2c_store64(uint8_t *m, uint64_t size, uint64_t addr, uint64_t v)
{
	uint64_t x = W2C_LE64(v);
	W2C_CHECK(addr, 8, size);
	memcpy(m + addr, &x, 8);
}

/* -------------------------------------------------------------- integers */

/*
 * Sign extension.  GCC and clang define a conversion to a narrower
 * signed type as wrapping (modulo 2^N), and make it one instruction
 * (movsx, also folded into a load); gcc 12 doesn't see the portable
 * arithmetic form below as that when its operand is a zero-extended load
 * or a uint32_t, and spends two or three instructions on it.
 */
#if defined(__GNUC__)
static inline uint32_t w2c_sx8(uint32_t x) { return (uint32_t)(int32_t)(int8_t)x; }
static inline uint32_t w2c_sx16(uint32_t x) { return (uint32_t)(int32_t)(int16_t)x; }
static inline uint64_t w2c_sx8_64(uint64_t x) { return (uint64_t)(int64_t)(int8_t)x; }
static inline uint64_t w2c_sx16_64(uint64_t x) { return (uint64_t)(int64_t)(int16_t)x; }
static inline uint64_t w2c_sx32_64(uint64_t x) { return (uint64_t)(int64_t)(int32_t)x; }
#else
/* by arithmetic on unsigned types: no out-of-range conversion */
static inline uint32_t w2c_sx8(uint32_t x) { return ((x & 0xffu) ^ 0x80u) - 0x80u; }
static inline uint32_t w2c_sx16(uint32_t x) { return ((x & 0xffffu) ^ 0x8000u) - 0x8000u; }
static inline uint64_t w2c_sx8_64(uint64_t x) { return ((x & 0xffu) ^ 0x80u) - 0x80u; }
static inline uint64_t w2c_sx16_64(uint64_t x) { return ((x & 0xffffu) ^ 0x8000u) - 0x8000u; }
static inline uint64_t w2c_sx32_64(uint64_t x)
{
	return ((x & 0xffffffffu) ^ 0x80000000u) - 0x80000000u;
}
#endif

/* Signed views.  Converting an unsigned value above the signed maximum is
 * implementation-defined in C11; every compiler w2c supports wraps. */
#define W2C_S32(x) ((int32_t)(x))
#define W2C_S64(x) ((int64_t)(x))

static inline uint32_t w2c_i32_shr_s(uint32_t a, uint32_t n)
{
	n &= 31;
#if defined(__GNUC__)
	return (uint32_t)(W2C_S32(a) >> n); /* gcc and clang shift arithmetically */
#else
	return a >> n | ((0u - (a >> 31)) & ~(0xffffffffu >> n));
#endif
}
static inline uint64_t w2c_i64_shr_s(uint64_t a, uint64_t n)
{
	n &= 63;
#if defined(__GNUC__)
	return (uint64_t)(W2C_S64(a) >> n);
#else
	return a >> n | ((0u - (a >> 63)) & ~(~(uint64_t)0 >> n));
#endif
}
static inline uint32_t w2c_i32_rotl(uint32_t a, uint32_t n) { return a << (n & 31) | a >> ((32 - n) & 31); }
static inline uint32_t w2c_i32_rotr(uint32_t a, uint32_t n) { return a >> (n & 31) | a << ((32 - n) & 31); }
static inline uint64_t w2c_i64_rotl(uint64_t a, uint64_t n) { return a << (n & 63) | a >> ((64 - n) & 63); }
static inline uint64_t w2c_i64_rotr(uint64_t a, uint64_t n) { return a >> (n & 63) | a << ((64 - n) & 63); }

static inline uint32_t w2c_i32_div_s(uint32_t a, uint32_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	if (W2C_UNLIKELY(a == 0x80000000u && b == 0xffffffffu))
		w2c_trap(W2C_TRAP_INT_OVERFLOW);
	return (uint32_t)(W2C_S32(a) / W2C_S32(b));
}
static inline uint32_t w2c_i32_rem_s(uint32_t a, uint32_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	if (W2C_UNLIKELY(b == 0xffffffffu))
		return 0;
	return (uint32_t)(W2C_S32(a) % W2C_S32(b));
}
static inline uint32_t w2c_i32_div_u(uint32_t a, uint32_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	return a / b;
}
static inline uint32_t w2c_i32_rem_u(uint32_t a, uint32_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	return a % b;
}
static inline uint64_t w2c_i64_div_s(uint64_t a, uint64_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	if (W2C_UNLIKELY(a == (uint64_t)1 << 63 && b == ~(uint64_t)0))
		w2c_trap(W2C_TRAP_INT_OVERFLOW);
	return (uint64_t)(W2C_S64(a) / W2C_S64(b));
}
static inline uint64_t w2c_i64_rem_s(uint64_t a, uint64_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	if (W2C_UNLIKELY(b == ~(uint64_t)0))
		return 0;
	return (uint64_t)(W2C_S64(a) % W2C_S64(b));
}
static inline uint64_t w2c_i64_div_u(uint64_t a, uint64_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	return a / b;
}
static inline uint64_t w2c_i64_rem_u(uint64_t a, uint64_t b)
{
	if (W2C_UNLIKELY(b == 0))
		w2c_trap(W2C_TRAP_DIV_ZERO);
	return a % b;
}

/* Wide arithmetic: 128-bit values as two 64-bit halves; the low half is
 * returned, the high one stored through *hi after the operands are read
 * (hi may point at an operand's variable). */
static inline uint64_t w2c_i64_add128(uint64_t alo, uint64_t ahi, uint64_t blo, uint64_t bhi,
                                      uint64_t *hi)
{
	uint64_t lo = alo + blo;
	*hi = ahi + bhi + (lo < alo);
	return lo;
}
static inline uint64_t w2c_i64_sub128(uint64_t alo, uint64_t ahi, uint64_t blo, uint64_t bhi,
                                      uint64_t *hi)
{
	*hi = ahi - bhi - (alo < blo);
	return alo - blo;
}
static inline uint64_t w2c_i64_mul_wide_u(uint64_t a, uint64_t b, uint64_t *hi)
{
#if defined(__SIZEOF_INT128__)
	__extension__ typedef unsigned __int128 w2c_u128;
	w2c_u128 p = (w2c_u128)a * b;
	*hi = (uint64_t)(p >> 64);
	return (uint64_t)p;
#else
	/* schoolbook on 32-bit halves: no partial sum overflows 64 bits */
	uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	return (mid << 32) | (ll & 0xffffffffu);
#endif
}
/*
 * compiler-rt's __multi3 as clang compiles it for wasm32, which the
 * translator recognises by its bytes (emit_func.c): the 128-bit product
 * of a (alo, ahi) and b (blo, bhi) modulo 2^128, stored at addr, high
 * half first as the original does.  One wide multiply (mul on x86-64)
 * and two plain ones instead of four partial products.
 */
static inline void w2c_multi3(uint8_t *m, uint64_t size, uint32_t addr, uint64_t alo,
                              uint64_t ahi, uint64_t blo, uint64_t bhi)
{
	uint64_t hi, lo = w2c_i64_mul_wide_u(alo, blo, &hi);
	w2c_store64(m, size, (uint64_t)addr + 8u, hi + alo * bhi + ahi * blo);
	w2c_store64(m, size, addr, lo);
}
/* The signed product's high half is the unsigned one less each operand
 * where the other is negative (two's complement, modulo 2^64). */
static inline uint64_t w2c_i64_mul_wide_s(uint64_t a, uint64_t b, uint64_t *hi)
{
	uint64_t h, lo = w2c_i64_mul_wide_u(a, b, &h);
	*hi = h - ((a >> 63) ? b : 0) - ((b >> 63) ? a : 0);
	return lo;
}

#if defined(__GNUC__)
static inline uint32_t w2c_i32_clz(uint32_t a) { return a ? (uint32_t)__builtin_clz(a) : 32; }
static inline uint32_t w2c_i32_ctz(uint32_t a) { return a ? (uint32_t)__builtin_ctz(a) : 32; }
static inline uint64_t w2c_i64_clz(uint64_t a) { return a ? (uint64_t)__builtin_clzll(a) : 64; }
static inline uint64_t w2c_i64_ctz(uint64_t a) { return a ? (uint64_t)__builtin_ctzll(a) : 64; }
#else
static inline uint32_t w2c_i32_clz(uint32_t a)
{
	uint32_t n = 0;
	if (!a)
		return 32;
	while (!(a & 0x80000000u)) {
		a <<= 1;
		n++;
	}
	return n;
}
static inline uint32_t w2c_i32_ctz(uint32_t a)
{
	uint32_t n = 0;
	if (!a)
		return 32;
	while (!(a & 1)) {
		a >>= 1;
		n++;
	}
	return n;
}
static inline uint64_t w2c_i64_clz(uint64_t a)
{
	return a >> 32 ? w2c_i32_clz((uint32_t)(a >> 32)) : 32 + w2c_i32_clz((uint32_t)a);
}
static inline uint64_t w2c_i64_ctz(uint64_t a)
{
	return (uint32_t)a ? w2c_i32_ctz((uint32_t)a) : 32 + w2c_i32_ctz((uint32_t)(a >> 32));
}
#endif

/* Without a popcount instruction the builtins call into libgcc; the
 * bit-parallel sum is as fast and stays inline. */
#if defined(__GNUC__) && (defined(__POPCNT__) || defined(__ARM_NEON) || defined(__aarch64__))
static inline uint32_t w2c_i32_popcnt(uint32_t a) { return (uint32_t)__builtin_popcount(a); }
static inline uint64_t w2c_i64_popcnt(uint64_t a) { return (uint64_t)__builtin_popcountll(a); }
#else
static inline uint32_t w2c_i32_popcnt(uint32_t a)
{
	a = a - (a >> 1 & 0x55555555u);
	a = (a & 0x33333333u) + (a >> 2 & 0x33333333u);
	a = (a + (a >> 4)) & 0x0f0f0f0fu;
	return (a * 0x01010101u) >> 24;
}
static inline uint64_t w2c_i64_popcnt(uint64_t a)
{
	a = a - (a >> 1 & 0x5555555555555555u);
	a = (a & 0x3333333333333333u) + (a >> 2 & 0x3333333333333333u);
	a = (a + (a >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (a * 0x0101010101010101u) >> 56;
}
#endif

/* ---------------------------------------------------------------- floats */

static inline float w2c_f32_abs(float x) { return w2c_f32_bits(w2c_f32_raw(x) & 0x7fffffffu); }
static inline float w2c_f32_neg(float x) { return w2c_f32_bits(w2c_f32_raw(x) ^ 0x80000000u); }
static inline float w2c_f32_copysign(float x, float y)
{
	return w2c_f32_bits((w2c_f32_raw(x) & 0x7fffffffu) | (w2c_f32_raw(y) & 0x80000000u));
}
static inline double w2c_f64_abs(double x)
{
	return w2c_f64_bits(w2c_f64_raw(x) & 0x7fffffffffffffffu);
}
static inline double w2c_f64_neg(double x)
{
	return w2c_f64_bits(w2c_f64_raw(x) ^ 0x8000000000000000u);
}
static inline double w2c_f64_copysign(double x, double y)
{
	return w2c_f64_bits((w2c_f64_raw(x) & 0x7fffffffffffffffu) |
	                    (w2c_f64_raw(y) & 0x8000000000000000u));
}

/*
 * Hides a value from the optimizer.  C compilers fold x * 1.0, x - 0.0 and
 * (float)(double)x to x, which C allows, but wasm requires a signaling
 * NaN to come out quiet.  The translator passes such operands through
 * these, and only those: real code rarely has them.
 */
static inline float w2c_f32_opaque(float x)
{
#if defined(__GNUC__)
	uint32_t u = w2c_f32_raw(x);
	__asm__("" : "+r"(u));
	return w2c_f32_bits(u);
#else
	volatile float v = x;
	return v;
#endif
}
static inline double w2c_f64_opaque(double x)
{
#if defined(__GNUC__) && UINTPTR_MAX > 0xffffffffu
	uint64_t u = w2c_f64_raw(x);
	__asm__("" : "+r"(u));
	return w2c_f64_bits(u);
#else
	volatile double v = x;
	return v;
#endif
}

/* NaN in, NaN out (quietened, so an arithmetic NaN); -0 below +0. */
static inline float w2c_f32_min(float a, float b)
{
	if (W2C_UNLIKELY(a != a || b != b))
		return a + b;
	if (W2C_UNLIKELY(a == b))
		return w2c_f32_bits(w2c_f32_raw(a) | w2c_f32_raw(b));
	return a < b ? a : b;
}
static inline float w2c_f32_max(float a, float b)
{
	if (W2C_UNLIKELY(a != a || b != b))
		return a + b;
	if (W2C_UNLIKELY(a == b))
		return w2c_f32_bits(w2c_f32_raw(a) & w2c_f32_raw(b));
	return a > b ? a : b;
}
static inline double w2c_f64_min(double a, double b)
{
	if (W2C_UNLIKELY(a != a || b != b))
		return a + b;
	if (W2C_UNLIKELY(a == b))
		return w2c_f64_bits(w2c_f64_raw(a) | w2c_f64_raw(b));
	return a < b ? a : b;
}
static inline double w2c_f64_max(double a, double b)
{
	if (W2C_UNLIKELY(a != a || b != b))
		return a + b;
	if (W2C_UNLIKELY(a == b))
		return w2c_f64_bits(w2c_f64_raw(a) & w2c_f64_raw(b));
	return a > b ? a : b;
}

/*
 * Rounding.  Where the target has rounding instructions the builtins become
 * one instruction; elsewhere they would be libm calls, so round to nearest
 * even by adding and subtracting 2^23 (2^52), which is exact in the
 * default rounding mode, and derive the others from it.
 */
#if defined(__GNUC__) && (defined(__SSE4_1__) || defined(__aarch64__))
static inline float w2c_f32_nearest(float x) { return __builtin_nearbyintf(x); }
static inline float w2c_f32_floor(float x) { return __builtin_floorf(x); }
static inline float w2c_f32_ceil(float x) { return __builtin_ceilf(x); }
static inline float w2c_f32_trunc(float x) { return __builtin_truncf(x); }
static inline double w2c_f64_nearest(double x) { return __builtin_nearbyint(x); }
static inline double w2c_f64_floor(double x) { return __builtin_floor(x); }
static inline double w2c_f64_ceil(double x) { return __builtin_ceil(x); }
static inline double w2c_f64_trunc(double x) { return __builtin_trunc(x); }
#else
static inline float w2c_f32_nearest(float x)
{
	uint32_t u = w2c_f32_raw(x), a = u & 0x7fffffffu;
	if (a >= 0x4b000000u) /* |x| >= 2^23: integral, infinite or NaN */
		return a > 0x7f800000u ? x + x : x;
	return w2c_f32_bits(w2c_f32_raw(w2c_f32_bits(a) + 8388608.0f - 8388608.0f) |
	                    (u & 0x80000000u));
}
static inline float w2c_f32_floor(float x)
{
	float r = w2c_f32_nearest(x);
	return r > x ? r - 1.0f : r;
}
static inline float w2c_f32_ceil(float x) { return w2c_f32_neg(w2c_f32_floor(w2c_f32_neg(x))); }
static inline float w2c_f32_trunc(float x)
{
	return w2c_f32_copysign(w2c_f32_floor(w2c_f32_abs(x)), x);
}
static inline double w2c_f64_nearest(double x)
{
	uint64_t u = w2c_f64_raw(x), a = u & 0x7fffffffffffffffu;
	if (a >= 0x4330000000000000u) /* |x| >= 2^52 */
		return a > 0x7ff0000000000000u ? x + x : x;
	return w2c_f64_bits(w2c_f64_raw(w2c_f64_bits(a) + 4503599627370496.0 -
	                                4503599627370496.0) |
	                    (u & 0x8000000000000000u));
}
static inline double w2c_f64_floor(double x)
{
	double r = w2c_f64_nearest(x);
	return r > x ? r - 1.0 : r;
}
static inline double w2c_f64_ceil(double x) { return w2c_f64_neg(w2c_f64_floor(w2c_f64_neg(x))); }
static inline double w2c_f64_trunc(double x)
{
	return w2c_f64_copysign(w2c_f64_floor(w2c_f64_abs(x)), x);
}
#endif

#if defined(__GNUC__)
static inline float w2c_f32_sqrt(float x) { return __builtin_sqrtf(x); }
static inline double w2c_f64_sqrt(double x) { return __builtin_sqrt(x); }
#else
#include <math.h>
static inline float w2c_f32_sqrt(float x) { return sqrtf(x); }
static inline double w2c_f64_sqrt(double x) { return sqrt(x); }
#endif

/* ----------------------------------------------------------- conversions */

/* Float to integer, trapping: the bounds are the first values outside the
 * target range, both exactly representable. */
#define W2C_TRUNC(name, T, F, lo_ok, hi)                                   \
	static inline T name(F x)                                          \
	{                                                                  \
		if (W2C_UNLIKELY(!(lo_ok && x < (hi))))                    \
			w2c_trap(x != x ? W2C_TRAP_INVALID_CONVERSION      \
			                : W2C_TRAP_INT_OVERFLOW);          \
		return (T)x;                                               \
	}
W2C_TRUNC(w2c_i32_trunc_f32_s_, int32_t, float, x >= -2147483648.0f, 2147483648.0f)
W2C_TRUNC(w2c_i32_trunc_f64_s_, int32_t, double, x > -2147483649.0, 2147483648.0)
W2C_TRUNC(w2c_i32_trunc_f32_u, uint32_t, float, x > -1.0f, 4294967296.0f)
W2C_TRUNC(w2c_i32_trunc_f64_u, uint32_t, double, x > -1.0, 4294967296.0)
W2C_TRUNC(w2c_i64_trunc_f32_s_, int64_t, float, x >= -9223372036854775808.0f, 9223372036854775808.0f)
W2C_TRUNC(w2c_i64_trunc_f64_s_, int64_t, double, x >= -9223372036854775808.0, 9223372036854775808.0)
W2C_TRUNC(w2c_i64_trunc_f32_u, uint64_t, float, x > -1.0f, 18446744073709551616.0f)
W2C_TRUNC(w2c_i64_trunc_f64_u, uint64_t, double, x > -1.0, 18446744073709551616.0)
#undef W2C_TRUNC
static inline uint32_t w2c_i32_trunc_f32_s(float x) { return (uint32_t)w2c_i32_trunc_f32_s_(x); }
static inline uint32_t w2c_i32_trunc_f64_s(double x) { return (uint32_t)w2c_i32_trunc_f64_s_(x); }
static inline uint64_t w2c_i64_trunc_f32_s(float x) { return (uint64_t)w2c_i64_trunc_f32_s_(x); }
static inline uint64_t w2c_i64_trunc_f64_s(double x) { return (uint64_t)w2c_i64_trunc_f64_s_(x); }

/* Saturating: NaN becomes 0, out-of-range values the nearest bound. */
#define W2C_TRUNC_SAT(name, R, T, F, lo, lo_ok, hi, min, max)              \
	static inline R name(F x)                                          \
	{                                                                  \
		if (x != x)                                                \
			return 0;                                          \
		if (!(lo_ok))                                              \
			return (R)(min);                                   \
		if (!(x < (hi)))                                           \
			return (R)(max);                                   \
		return (R)(T)x;                                            \
	}
W2C_TRUNC_SAT(w2c_i32_trunc_sat_f32_s, uint32_t, int32_t, float, 0, x >= -2147483648.0f, 2147483648.0f, INT32_MIN, INT32_MAX)
W2C_TRUNC_SAT(w2c_i32_trunc_sat_f64_s, uint32_t, int32_t, double, 0, x > -2147483649.0, 2147483648.0, INT32_MIN, INT32_MAX)
W2C_TRUNC_SAT(w2c_i32_trunc_sat_f32_u, uint32_t, uint32_t, float, 0, x > -1.0f, 4294967296.0f, 0, UINT32_MAX)
W2C_TRUNC_SAT(w2c_i32_trunc_sat_f64_u, uint32_t, uint32_t, double, 0, x > -1.0, 4294967296.0, 0, UINT32_MAX)
W2C_TRUNC_SAT(w2c_i64_trunc_sat_f32_s, uint64_t, int64_t, float, 0, x >= -9223372036854775808.0f, 9223372036854775808.0f, INT64_MIN, INT64_MAX)
W2C_TRUNC_SAT(w2c_i64_trunc_sat_f64_s, uint64_t, int64_t, double, 0, x >= -9223372036854775808.0, 9223372036854775808.0, INT64_MIN, INT64_MAX)
W2C_TRUNC_SAT(w2c_i64_trunc_sat_f32_u, uint64_t, uint64_t, float, 0, x > -1.0f, 18446744073709551616.0f, 0, UINT64_MAX)
W2C_TRUNC_SAT(w2c_i64_trunc_sat_f64_u, uint64_t, uint64_t, double, 0, x > -1.0, 18446744073709551616.0, 0, UINT64_MAX)
#undef W2C_TRUNC_SAT

/* ---------------------------------------------------------- bulk memory */

static inline void w2c_memory_fill(uint8_t *m, uint64_t size, uint32_t d,
                                   uint32_t v, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)d + n > size))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	memset(m + d, (int)(v & 0xff), n);
}
static inline void w2c_memory_copy(uint8_t *dm, uint64_t dsize, const uint8_t *sm,
                                   uint64_t ssize, uint32_t d, uint32_t s, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)d + n > dsize || (uint64_t)s + n > ssize))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	memmove(dm + d, sm + s, n);
}
/* memory.init from a data segment of `len` bytes (0 once dropped). */
static inline void w2c_memory_init_seg(uint8_t *m, uint64_t size, const uint8_t *seg,
                                       uint32_t len, uint32_t d, uint32_t s, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)s + n > len || (uint64_t)d + n > size))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
#if defined(__GNUC__)
	/* gcc's bounds warnings, seeing the segment's array through constant
	 * propagation, fire on paths the check above rules out; in cloned
	 * functions no pragma reaches them.  Hide where seg points. */
	__asm__("" : "+r"(seg));
#endif
	if (n)
		memcpy(m + d, seg + s, n);
}

/* The same for 64-bit memories, where d + n can wrap. */
static inline void w2c_memory_fill64(uint8_t *m, uint64_t size, uint64_t d,
                                     uint32_t v, uint64_t n)
{
	if (W2C_UNLIKELY(d > size || n > size - d))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	memset(m + d, (int)(v & 0xff), (size_t)n);
}
static inline void w2c_memory_copy64(uint8_t *dm, uint64_t dsize, const uint8_t *sm,
                                     uint64_t ssize, uint64_t d, uint64_t s, uint64_t n)
{
	if (W2C_UNLIKELY(d > dsize || n > dsize - d || s > ssize || n > ssize - s))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	memmove(dm + d, sm + s, (size_t)n);
}
static inline void w2c_memory_init_seg64(uint8_t *m, uint64_t size, const uint8_t *seg,
                                         uint32_t len, uint64_t d, uint32_t s, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)s + n > len || d > size || n > size - d))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
#if defined(__GNUC__)
	__asm__("" : "+r"(seg)); /* as in w2c_memory_init_seg */
#endif
	if (n)
		memcpy(m + d, seg + s, n);
}

/* ---------------------------------------------------------------- tables */

/* A 64-bit table index as a 32-bit one: saturated, since no table holds
 * 2^32 - 1 elements, the bounds checks still fail for it. */
static inline uint32_t w2c_idx64(uint64_t i)
{
	return i > 0xffffffffu ? 0xffffffffu : (uint32_t)i;
}

/* table.grow's result for a 64-bit table: -1 stays -1. */
static inline uint64_t w2c_grow_result64(uint32_t r)
{
	return r == UINT32_MAX ? UINT64_MAX : r;
}

static inline w2c_funcref w2c_table_get_func(const w2c_table *t, uint32_t i)
{
	if (W2C_UNLIKELY(i >= t->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	return t->funcs[i];
}
static inline w2c_externref w2c_table_get_extern(const w2c_table *t, uint32_t i)
{
	if (W2C_UNLIKELY(i >= t->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	return t->externs[i];
}
static inline void w2c_table_set_func(w2c_table *t, uint32_t i, w2c_funcref v)
{
	if (W2C_UNLIKELY(i >= t->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	t->funcs[i] = v;
}
static inline void w2c_table_set_extern(w2c_table *t, uint32_t i, w2c_externref v)
{
	if (W2C_UNLIKELY(i >= t->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	t->externs[i] = v;
}
static inline void w2c_table_fill_func(w2c_table *t, uint32_t i, w2c_funcref v, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)i + n > t->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	while (n--)
		t->funcs[i++] = v;
}
static inline void w2c_table_fill_extern(w2c_table *t, uint32_t i, w2c_externref v, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)i + n > t->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	while (n--)
		t->externs[i++] = v;
}
static inline void w2c_table_copy(w2c_table *dt, const w2c_table *st, uint32_t d,
                                  uint32_t s, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)d + n > dt->size || (uint64_t)s + n > st->size))
		w2c_trap(W2C_TRAP_TABLE_OOB);
	if (!n)
		return;
	if (dt->elem == W2C_FUNCREF)
		memmove(dt->funcs + d, st->funcs + s, n * sizeof *dt->funcs);
	else
		memmove(dt->externs + d, st->externs + s, n * sizeof *dt->externs);
}

/* call_indirect: one compare checks both the type and null (whose type is
 * 0); the slow path tells them apart. */
static inline const w2c_funcref *w2c_indirect(const w2c_table *t, uint32_t i, uint64_t type)
{
	const w2c_funcref *f;
	if (W2C_UNLIKELY(i >= t->size))
		w2c_trap(W2C_TRAP_UNDEFINED_ELEMENT);
	f = &t->funcs[i];
	if (W2C_UNLIKELY(f->type != type))
		w2c_trap(f->fn ? W2C_TRAP_INDIRECT_CALL_TYPE : W2C_TRAP_UNINITIALIZED_ELEMENT);
	return f;
}

/* call_ref: the reference must be of exactly this type id; a null one,
 * of id 0, fails the same compare. */
static inline w2c_funcref w2c_ref_call(w2c_funcref f, uint64_t type)
{
	if (W2C_UNLIKELY(f.type != type))
		w2c_trap(f.fn ? W2C_TRAP_INDIRECT_CALL_TYPE : W2C_TRAP_NULL_FUNCREF);
	return f;
}

#define W2C_NULL_FUNCREF w2c_funcref_make(0, NULL, NULL)

static inline w2c_funcref w2c_funcref_make(uint64_t type, w2c_fnptr fn, void *ctx)
{
	w2c_funcref r;
	r.type = type;
	r.fn = fn;
	r.ctx = ctx;
	return r;
}

/* --------------------------------------------------------------- GC */

/*
 * GC references (docs/gc.md): a w2c_anyref is NULL, an i31 (the odd value
 * (n << 1) | 1) or a heap object, whose first word points to its type's
 * runtime description.
 */
/* kinds of heap objects: structs, arrays, and the runtime's boxes of a
 * host reference made an anyref and of an i31 made an externref */
enum { W2C_RTT_STRUCT = 1, W2C_RTT_ARRAY = 2, W2C_RTT_HOST = 3, W2C_RTT_I31 = 4,
       W2C_RTT_FUNC = 5 };

typedef struct w2c_rtt {
	uint32_t kind;                  /* W2C_RTT_STRUCT, _ARRAY or _FUNC */
	uint32_t depth;                 /* supertypes above it */
	const struct w2c_rtt *const *display; /* them and itself, depth + 1 */
	/* for the collector: a struct's nrefs reference fields at offsets
	 * refs[]; an array's elements, at offset refs[0], when nrefs is 1 */
	uint32_t nrefs;
	const uint32_t *refs;
} w2c_rtt;

/*
 * Canonical types (rt/types.c, docs/gc.md): every type of a module with
 * rec groups, subtypes or GC types gets, at instantiation, the rtt the
 * process's registry holds for it, the same for equal types of any module.
 * A function type whose signature alone identifies it (final, alone in its
 * group, of 2.0's value types) keeps its signature's id as before; the id
 * of any other function type, in funcrefs and type_ids, is its canonical
 * rtt's address, marked with bit 62 (signature ids never have it).
 */
#define W2C_TYPE_RTT (UINT64_C(1) << 62)

static inline uint64_t w2c_type_id_of(const w2c_rtt *t)
{
	return W2C_TYPE_RTT | (uint64_t)((uintptr_t)t >> 2);
}

static inline const w2c_rtt *w2c_type_rtt(uint64_t id)
{
	return (const w2c_rtt *)(uintptr_t)((id & ~W2C_TYPE_RTT) << 2);
}

/* Is a function of type id `have` one of type `want`, a canonical
 * function type of the given depth that is not final?  The caller has
 * compared the ids for equality already (the common case). */
static inline int w2c_functype_sub(uint64_t have, uint64_t want, uint32_t depth)
{
	const w2c_rtt *o;

	if (!(have & W2C_TYPE_RTT))
		return 0;
	o = w2c_type_rtt(have);
	return o->depth > depth && o->display[depth] == w2c_type_rtt(want);
}

/* call_indirect to a function type that may have subtypes: the exact
 * type as fast as w2c_indirect, a subtype through its display. */
static inline const w2c_funcref *w2c_indirect_sub(const w2c_table *t, uint32_t i, uint64_t type,
                                                  uint32_t depth)
{
	const w2c_funcref *f;
	if (W2C_UNLIKELY(i >= t->size))
		w2c_trap(W2C_TRAP_UNDEFINED_ELEMENT);
	f = &t->funcs[i];
	if (W2C_UNLIKELY(f->type != type) && !w2c_functype_sub(f->type, type, depth))
		w2c_trap(f->fn ? W2C_TRAP_INDIRECT_CALL_TYPE : W2C_TRAP_UNINITIALIZED_ELEMENT);
	return f;
}

/* call_ref to a function type that may have subtypes: validation has
 * made the reference's type one of them, so null is all to check. */
static inline w2c_funcref w2c_ref_call_sub(w2c_funcref f)
{
	if (W2C_UNLIKELY(!f.fn))
		w2c_trap(W2C_TRAP_NULL_FUNCREF);
	return f;
}

typedef struct w2c_gc_object {
	const w2c_rtt *rtt;
} w2c_gc_object;

/* Every array type's C struct starts so: the header, the length, then
 * the elements `e`. */
typedef struct w2c_gc_array {
	w2c_gc_object h;
	uint32_t len;
} w2c_gc_array;

/*
 * Allocation (rt/gc.c, docs/gc.md): objects up to W2C_GC_SMALL bytes come
 * from pages of one size class each; the thread's allocator keeps, per
 * class, a bump pointer and the limit of a run of free, zeroed slots, so
 * the common case is inline: a compare, the bump, the header store.
 * Classes go by 8 bytes up to 128, by 16 up to 256 (the runtime has more,
 * up to 4 KiB, handed out by its slow path only).
 */
#define W2C_GC_SMALL 256
#define W2C_GC_NCLASS 41 /* classes 1..40; 0 is unused */

typedef struct w2c_gc_tlab {
	uintptr_t bump[W2C_GC_NCLASS], limit[W2C_GC_NCLASS];
} w2c_gc_tlab;
extern W2C_API W2C_THREAD_LOCAL w2c_gc_tlab w2c_gc_tlab_;

/* rt/gc.c: a zeroed object of `size` bytes, of type rtt; an array of
 * `len` elements of `elem` bytes after a `head` of `head` bytes.  Trap
 * with W2C_TRAP_GC_HEAP past the heap's limit, or when out of memory. */
W2C_API w2c_anyref w2c_gc_alloc_slow(size_t size, const w2c_rtt *rtt);
W2C_API w2c_anyref w2c_gc_alloc_array_slow(size_t head, size_t elem, uint32_t len,
                                           const w2c_rtt *rtt);
/* The same, collecting first every time: built with W2C_GC_STRESS=1,
 * generated code allocates with these, so that a missed root shows at
 * once as a use of a freed object. */
W2C_API w2c_anyref w2c_gc_alloc_stress(size_t size, const w2c_rtt *rtt);
W2C_API w2c_anyref w2c_gc_alloc_array_stress(size_t head, size_t elem, uint32_t len,
                                             const w2c_rtt *rtt);
#if defined(W2C_GC_STRESS) && W2C_GC_STRESS
#define w2c_gc_alloc w2c_gc_alloc_stress
#define w2c_gc_alloc_array w2c_gc_alloc_array_stress
#else
/* The size class of size <= W2C_GC_SMALL, and its slots' size: constants
 * where size is. */
static inline size_t w2c_gc_class(size_t size)
{
	return size <= 128 ? (size + 7) >> 3 : 16 + ((size - 113) >> 4);
}

static inline size_t w2c_gc_class_size(size_t c)
{
	return c <= 16 ? c << 3 : 128 + ((c - 16) << 4);
}

/* A slot of the class of size from the thread's run, or 0 if the run is
 * used up. */
static inline uintptr_t w2c_gc_bump(size_t size, const w2c_rtt *rtt)
{
	size_t c = w2c_gc_class(size), sz = w2c_gc_class_size(c);
	w2c_gc_tlab *a = &w2c_gc_tlab_;
	uintptr_t p = a->bump[c];

	if (W2C_UNLIKELY(a->limit[c] - p < sz))
		return 0;
	a->bump[c] = p + sz;
	((w2c_gc_object *)p)->rtt = rtt;
	return p;
}

static inline w2c_anyref w2c_gc_alloc(size_t size, const w2c_rtt *rtt)
{
	uintptr_t p;

	if (size <= W2C_GC_SMALL && (p = w2c_gc_bump(size, rtt)) != 0)
		return (w2c_anyref)p;
	return w2c_gc_alloc_slow(size, rtt);
}

static inline w2c_anyref w2c_gc_alloc_array(size_t head, size_t elem, uint32_t len,
                                            const w2c_rtt *rtt)
{
	uintptr_t p;

	/* (len first: head + elem * len can't overflow then) */
	if (len <= W2C_GC_SMALL && head + elem * len <= W2C_GC_SMALL &&
	    (p = w2c_gc_bump(head + elem * len, rtt)) != 0) {
		((w2c_gc_array *)p)->len = len;
		return (w2c_anyref)p;
	}
	return w2c_gc_alloc_array_slow(head, elem, len, rtt);
}
#endif

/* Constant expressions: bytes [from, size) of src into object o; n
 * bytes of elements into array o after its head; array o's elements
 * all set to the one at v. */
static inline w2c_anyref w2c_gc_init(w2c_anyref o, const void *src, size_t from, size_t size)
{
	memcpy((char *)o + from, (const char *)src + from, size - from);
	return o;
}

static inline w2c_anyref w2c_gc_init_elems(w2c_anyref o, size_t head, const void *src, size_t n)
{
	memcpy((char *)o + head, src, n);
	return o;
}

static inline w2c_anyref w2c_gc_splat(w2c_anyref o, size_t head, const void *v, size_t elem)
{
	uint32_t i, len = ((const w2c_gc_array *)o)->len;

	for (i = 0; i < len; i++)
		memcpy((char *)o + head + (size_t)i * elem, v, elem);
	return o;
}

/* array.new_data and array.init_data: the n elements of `elem` bytes at
 * s in data segment `seg` (little-endian, as in memory) exist, or trap as
 * memory.init does; then into dst. */
static inline void w2c_gc_data_check(uint32_t seglen, uint32_t s, uint32_t n, uint32_t elem)
{
	if (W2C_UNLIKELY((uint64_t)s + (uint64_t)n * elem > seglen))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
}

static inline void w2c_gc_from_data(void *dst, const uint8_t *seg, uint32_t seglen, uint32_t s,
                                    uint32_t n, uint32_t elem)
{
	const uint16_t one = 1;
	uint8_t *d = (uint8_t *)dst;
	size_t k, b, bytes = (size_t)n * elem;

	w2c_gc_data_check(seglen, s, n, elem);
	if (!bytes)
		return;
	if (elem == 1 || *(const uint8_t *)&one) {
		memcpy(d, seg + s, bytes);
		return;
	}
	for (k = 0; k < bytes; k += elem) /* a big-endian host */
		for (b = 0; b < elem; b++)
			d[k + b] = seg[s + k + elem - 1 - b];
}

/* array.new_elem and array.init_elem (rt/table.c): n references from
 * element segment items[s...] into dst, funcrefs or pointers; traps as
 * table.init does past the segment's end. */
W2C_API void w2c_rt_elem_refs(w2c_instance *inst, const w2c_rt_elem *items, uint32_t nitems,
                              uint32_t s, uint32_t n, void *dst, int funcs);

/* any.convert_extern and extern.convert_any (rt/gc.c): a host reference
 * enters the any hierarchy boxed, an i31 leaves it boxed, so that neither
 * is mistaken for the other; each conversion undoes the other's box. */
W2C_API w2c_anyref w2c_gc_internalize(w2c_externref e);
W2C_API w2c_externref w2c_gc_externalize(w2c_anyref a);

/* struct.get/set: r, trapping if null. */
static inline w2c_anyref w2c_gc_struct(w2c_anyref r)
{
	if (W2C_UNLIKELY(!r))
		w2c_trap(W2C_TRAP_NULL_STRUCT);
	return r;
}

static inline uint32_t w2c_gc_array_len(w2c_anyref r)
{
	if (W2C_UNLIKELY(!r))
		w2c_trap(W2C_TRAP_NULL_ARRAY);
	return ((const w2c_gc_array *)r)->len;
}

/* array.get/set: r, if i is an index into it. */
static inline w2c_anyref w2c_gc_array_at(w2c_anyref r, uint32_t i)
{
	if (W2C_UNLIKELY(i >= w2c_gc_array_len(r)))
		w2c_trap(W2C_TRAP_ARRAY_OOB);
	return r;
}

/* array.fill, array.copy, array.init_*: r, if [i, i + n) is in it. */
static inline w2c_anyref w2c_gc_array_range(w2c_anyref r, uint32_t i, uint32_t n)
{
	if (W2C_UNLIKELY((uint64_t)i + n > w2c_gc_array_len(r)))
		w2c_trap(W2C_TRAP_ARRAY_OOB);
	return r;
}


static inline w2c_anyref w2c_i31_new(uint32_t n)
{
	return (w2c_anyref)(uintptr_t)((uintptr_t)(n & 0x7fffffffu) << 1 | 1u);
}

static inline int w2c_is_i31(w2c_anyref r)
{
	return (int)((uintptr_t)r & 1u);
}

static inline uint32_t w2c_i31_get_u(w2c_anyref r)
{
	if (W2C_UNLIKELY(!r))
		w2c_trap(W2C_TRAP_NULL_I31);
	return (uint32_t)((uintptr_t)r >> 1) & 0x7fffffffu;
}

static inline uint32_t w2c_i31_get_s(w2c_anyref r)
{
	uint32_t u = w2c_i31_get_u(r);
	return u | (u & 0x40000000u) << 1; /* bit 30 to bit 31 */
}

/* Is r a heap object of this kind (not null, not an i31)? */
static inline int w2c_gc_kind_is(w2c_anyref r, uint32_t kind)
{
	return r && !w2c_is_i31(r) && ((const w2c_gc_object *)r)->rtt->kind == kind;
}

/* A cast to a defined type of known depth: one load and compare on the
 * object's supertype display. */
static inline int w2c_gc_is_sub(w2c_anyref r, const w2c_rtt *t, uint32_t depth)
{
	const w2c_rtt *o;

	if (!r || w2c_is_i31(r))
		return 0;
	o = ((const w2c_gc_object *)r)->rtt;
	return o == t || (o->depth > depth && o->display[depth] == t);
}

/* Is r an eqref: an i31, struct or array, not a boxed host reference? */
static inline int w2c_gc_is_eq(w2c_anyref r)
{
	return r && (w2c_is_i31(r) || ((const w2c_gc_object *)r)->rtt->kind != W2C_RTT_HOST);
}

/* ref.cast: r, if the test passed. */
static inline w2c_anyref w2c_cast_check(w2c_anyref r, int ok)
{
	if (W2C_UNLIKELY(!ok))
		w2c_trap(W2C_TRAP_CAST);
	return r;
}

/*
 * W2C_FUNC_OPTIONS: GCC's options for every function from here on: the
 * generated ones, and w2c_simd.h's and w2c_atomic.h's helpers.  Not for
 * the helpers above: GCC never inlines a function carrying optimize
 * options into one whose options differ (a W2C_NEST function), and these
 * must inline everywhere.  They need none of the options: they do no
 * float arithmetic that could contract, and the few that call wasm code
 * (w2c_indirect, w2c_ref_call) are themselves called by the function they
 * serve, so a sibling call of theirs leaves recursion's stack growing.
 *
 * - fp-contract=off: every float operation rounds to its own type, once
 *   (GCC has no STDC FP_CONTRACT pragma).
 * - no-optimize-sibling-calls: see W2C_CALLED.
 * - vect-cost-model=cheap: every wasm pointer points into the one linear
 *   memory, so GCC 12's -O2 vectoriser (cost model "very-cheap": no
 *   run-time alias checks) gives up on nearly every loop of translated
 *   code that it vectorises natively, where restrict or distinct arrays
 *   prove the accesses apart.  "cheap" lets it check overlap at run time.
 *   Without the vectoriser (-O1, -Os) this changes nothing.
 * - no-tree-dse, no-dse: with guard pages, a store deleted as dead takes
 *   the load of its value with it, and the load's fault, its bounds
 *   check (W2C_KEEP_DSE).  Translated code has few dead stores: the
 *   compiler that made the wasm deleted them.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#pragma GCC optimize("no-optimize-sibling-calls")
#if !W2C_BOUNDS_CHECKS
#pragma GCC optimize("no-tree-dse")
#pragma GCC optimize("no-dse")
#endif
#if __GNUC__ >= 12 && !defined(__OPTIMIZE_SIZE__) && !defined(W2C_GCC_VECT_COST)
#pragma GCC optimize("vect-cost-model=cheap")
#endif
#endif

#endif /* W2C_GEN_H */
