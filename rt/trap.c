/*
 * trap.c: where traps land.
 *
 * A trap is a longjmp to the innermost trap frame of the thread.  Frames are
 * pushed only where the host calls in (w2c_call, w2c_protect,
 * w2c_instantiate), never per wasm call, so a wasm call costs no more than a
 * C call plus the stack check.
 *
 * Call-stack exhaustion is caught by comparing the stack pointer, less the
 * function's frame, at every function entry against w2c_rt_stack_limit.
 * The limit starts at UINTPTR_MAX, so a thread's first wasm call takes the
 * slow path (w2c_rt_stack_check), which sets it from the thread's real
 * stack bounds with a margin for host code.  Nothing needs restoring when
 * a trap unwinds.
 *
 * With guard pages on Linux, functions whose calls stay inside the module
 * and whose frames are small don't compare (W2C_ENTER_GUARDED in
 * w2c_gen.h): their recursion runs into the stack's guard, STACK_GUARD
 * bytes at least (ensure_guard), and the fault handler reports it.
 *
 * On POSIX hosts a fault handler, running on a per-thread alternate stack,
 * turns two kinds of fault into traps: one inside a guarded memory's
 * reserved region is W2C_TRAP_MEMORY_OOB, one at the end of the stack of a
 * thread running wasm is W2C_TRAP_EXHAUSTION (a frame larger than the
 * check's estimate).  Outside a trap frame the trap goes to the trap
 * handler.  Any other fault goes to the handler installed before ours.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* pthread_getattr_np */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

#if (defined(__unix__) || defined(__APPLE__)) && !defined(W2C_NO_SIGNALS)
#define RT_SIGNALS 1
#include <pthread.h>
#include <signal.h>
#endif

/* Room left below the limit for host code, libc and the fault handler. */
#define STACK_MARGIN (256u * 1024)
/* Inaccessible stack kept below the limit of a Linux thread running wasm,
 * whatever guard it was created with: generated code leaves the check of
 * functions with frames under 8 KiB to it (W2C_ENTER_GUARDED). */
#define STACK_GUARD (64u * 1024)
/* Stack assumed to remain below the caller when the platform can't tell. */
#define STACK_GUESS (1024u * 1024)

#define LIMIT_UNSET UINTPTR_MAX

W2C_THREAD_LOCAL uintptr_t w2c_rt_stack_limit = LIMIT_UNSET;

W2C_THREAD_LOCAL w2c_trap_frame *w2c_rt_frame;
static W2C_THREAD_LOCAL uintptr_t stack_low; /* the thread's stack bottom */
static W2C_THREAD_LOCAL char host_message[256];
static W2C_THREAD_LOCAL int exit_code;

static const char *const messages[W2C_STATUS_COUNT] = {
	[W2C_OK] = "ok",
	[W2C_TRAP_UNREACHABLE] = "unreachable",
	[W2C_TRAP_MEMORY_OOB] = "out of bounds memory access",
	[W2C_TRAP_TABLE_OOB] = "out of bounds table access",
	[W2C_TRAP_INT_OVERFLOW] = "integer overflow",
	[W2C_TRAP_DIV_ZERO] = "integer divide by zero",
	[W2C_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
	[W2C_TRAP_UNDEFINED_ELEMENT] = "undefined element",
	[W2C_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
	[W2C_TRAP_INDIRECT_CALL_TYPE] = "indirect call type mismatch",
	[W2C_TRAP_EXHAUSTION] = "call stack exhausted",
	[W2C_TRAP_HOST] = "host trap",
	[W2C_TRAP_EXIT] = "exit",
	[W2C_ERR_LINK] = "link error",
	[W2C_ERR_RESOURCE] = "out of memory",
	[W2C_ERR_NOT_FOUND] = "no such export",
	[W2C_ERR_ARGUMENTS] = "argument mismatch",
	[W2C_EXCEPTION] = "uncaught exception",
	[W2C_TRAP_NULL_EXNREF] = "null exception reference",
	[W2C_TRAP_NULL_FUNCREF] = "null function reference",
	[W2C_TRAP_NULL_REFERENCE] = "null reference",
	[W2C_TRAP_UNALIGNED_ATOMIC] = "unaligned atomic",
	[W2C_TRAP_EXPECTED_SHARED] = "expected shared memory",
	[W2C_HOST_ERROR] = "host error",
	[W2C_TRAP_CAST] = "cast failure",
	[W2C_TRAP_NULL_I31] = "null i31 reference",
	[W2C_TRAP_NULL_STRUCT] = "null structure reference",
	[W2C_TRAP_NULL_ARRAY] = "null array reference",
	[W2C_TRAP_ARRAY_OOB] = "out of bounds array access",
	[W2C_TRAP_GC_HEAP] = "out of memory: GC heap limit",
};

const char *w2c_status_message(w2c_status status)
{
	if ((unsigned)status >= W2C_STATUS_COUNT)
		return "unknown status";
	return messages[status];
}

static void default_handler(w2c_status status)
{
	fprintf(stderr, "w2c: unhandled trap: %s\n", w2c_status_message(status));
	abort();
}

static w2c_trap_handler trap_handler = default_handler;

void w2c_set_trap_handler(w2c_trap_handler handler)
{
	trap_handler = handler ? handler : default_handler;
}

void w2c_trap(w2c_status status)
{
	w2c_trap_frame *f = w2c_rt_frame;

	/* wasm can't catch a trap: exception handlers let it pass */
	while (f && f->handler)
		f = f->prev;
	if (!f) {
		trap_handler(status);
		abort(); /* the handler must not return */
	}
	f->status = status;
	w2c_rt_frame = f->prev;
	longjmp(f->env, 1);
}

void w2c_trap_host(const char *message)
{
	snprintf(host_message, sizeof host_message, "%s", message);
	w2c_trap(W2C_TRAP_HOST);
}

const char *w2c_trap_host_message(void)
{
	return host_message;
}

void w2c_exit(int code)
{
	exit_code = code;
	w2c_trap(W2C_TRAP_EXIT);
}

int w2c_exit_code(void)
{
	return exit_code;
}

w2c_status w2c_protect(void (*fn)(void *arg), void *arg)
{
	w2c_trap_frame f;

	rt_prepare_thread();
	f.prev = w2c_rt_frame;
	f.status = W2C_OK;
	f.handler = false;
	f.resume = NULL;
	w2c_rt_frame = &f;
	if (setjmp(f.env) == 0) {
		fn(arg);
		w2c_rt_frame = f.prev;
		return W2C_OK;
	}
	return f.status; /* w2c_trap or w2c_throw_ref popped the frame */
}

/* ------------------------------------------------------------ stack limit */

void w2c_set_stack_limit(const void *lowest)
{
	w2c_rt_stack_limit = (uintptr_t)lowest;
}

#if defined(RT_SIGNALS) && defined(__linux__)
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The region this thread protected, given back when the thread ends. */
static W2C_THREAD_LOCAL uintptr_t own_guard;
static pthread_key_t guard_key;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void free_guard(void *p)
{
	(void)p;
	if (own_guard)
		mprotect((void *)own_guard, STACK_GUARD, PROT_READ | PROT_WRITE);
	own_guard = 0;
}

static void make_guard_key(void)
{
	pthread_key_create(&guard_key, free_guard);
}

/*
 * The main thread's stack grows down to its limit with the kernel's gap
 * (a megabyte) below it.  Another thread's has the guard it was created
 * with, one page by default and none for a stack the embedder gave: below
 * STACK_GUARD, its lowest STACK_GUARD bytes are made inaccessible here.
 */
static void ensure_guard(uintptr_t low, size_t size, size_t guard)
{
	if (getpid() == (pid_t)syscall(SYS_gettid) || guard >= STACK_GUARD ||
	    size < 4 * (STACK_GUARD + STACK_MARGIN) || low % 4096)
		return;
	pthread_once(&guard_once, make_guard_key);
	if (mprotect((void *)low, STACK_GUARD, PROT_NONE) == 0) {
		own_guard = low;
		pthread_setspecific(guard_key, &own_guard);
	}
}
#endif

static uintptr_t stack_low_bound(void)
{
	char here;
	uintptr_t sp = (uintptr_t)&here;

#if defined(RT_SIGNALS) && defined(__linux__)
	pthread_attr_t attr;
	void *addr;
	size_t size, guard;

	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		int ok = pthread_attr_getstack(&attr, &addr, &size) == 0 &&
		         pthread_attr_getguardsize(&attr, &guard) == 0;
		pthread_attr_destroy(&attr);
		if (ok && (uintptr_t)addr < sp) {
			ensure_guard((uintptr_t)addr, size, guard);
			return (uintptr_t)addr;
		}
	}
#endif
	return sp > STACK_GUESS ? sp - STACK_GUESS : 0;
}

static void install_alt_stack(void);

void rt_prepare_thread(void)
{
	if (w2c_rt_stack_limit != LIMIT_UNSET)
		return;
	stack_low = stack_low_bound();
	w2c_rt_stack_limit = stack_low + STACK_MARGIN;
	install_alt_stack();
}

void w2c_rt_stack_check(uintptr_t sp)
{
	rt_prepare_thread();
	if (sp < w2c_rt_stack_limit)
		w2c_trap(W2C_TRAP_EXHAUSTION);
}

/* --------------------------------------------------------- fault handler */

#ifdef RT_SIGNALS
static struct sigaction old_segv, old_bus;

/* Where the fault handler runs, so that it can run when the fault is the
 * stack's own end.  One per thread, freed when the thread ends. */
#define ALT_STACK_SIZE (64u * 1024)
static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_once = PTHREAD_ONCE_INIT;

static void free_alt_stack(void *p)
{
	stack_t none;

	memset(&none, 0, sizeof none);
	none.ss_flags = SS_DISABLE;
	sigaltstack(&none, NULL);
	free(p);
}

static void make_alt_stack_key(void)
{
	pthread_key_create(&alt_stack_key, free_alt_stack);
}

static void install_alt_stack(void)
{
	stack_t ss, old;

	pthread_once(&alt_stack_once, make_alt_stack_key);
	if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE))
		return; /* the embedder's, or ours already */
	ss.ss_sp = malloc(ALT_STACK_SIZE);
	if (!ss.ss_sp)
		return;
	ss.ss_size = ALT_STACK_SIZE;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) != 0) {
		free(ss.ss_sp);
		return;
	}
	pthread_setspecific(alt_stack_key, ss.ss_sp);
	rt_install_fault_handler();
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
	const struct sigaction *old = sig == SIGSEGV ? &old_segv : &old_bus;
	uintptr_t addr = (uintptr_t)info->si_addr;

	if (rt_is_guarded_address(addr))
		w2c_trap(W2C_TRAP_MEMORY_OOB);
	/* the end of the stack, on a thread running wasm */
	if (stack_low && w2c_rt_stack_limit != LIMIT_UNSET && addr < w2c_rt_stack_limit &&
	    addr + STACK_MARGIN >= stack_low)
		w2c_trap(W2C_TRAP_EXHAUSTION);
	/* Not ours: hand it on, or let it fault again with the default. */
	if (old->sa_flags & SA_SIGINFO) {
		if (old->sa_sigaction) {
			old->sa_sigaction(sig, info, context);
			return;
		}
	} else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
		old->sa_handler(sig);
		return;
	}
	signal(sig, SIG_DFL);
}

bool rt_install_fault_handler(void)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static bool installed;
	struct sigaction sa;
	bool ok = true;

	pthread_mutex_lock(&lock);
	if (!installed) {
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = on_fault;
		/* SA_NODEFER: longjmp out of the handler leaves the signal
		 * unblocked, so the frame's setjmp needn't save the mask.
		 * SA_ONSTACK: on the alternate stack, where there is one. */
		sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
		sigemptyset(&sa.sa_mask);
		ok = sigaction(SIGSEGV, &sa, &old_segv) == 0 &&
		     sigaction(SIGBUS, &sa, &old_bus) == 0;
		installed = ok;
	}
	pthread_mutex_unlock(&lock);
	return ok;
}
#else
static void install_alt_stack(void)
{
}

bool rt_install_fault_handler(void)
{
	return false;
}
#endif
