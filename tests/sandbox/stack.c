/*
 * stack.c: call-stack exhaustion traps, never crashes or hangs.
 *
 * Recursion without end, plain, in tail position (which a C compiler
 * would turn into a loop), through call_indirect and through a host
 * function that calls back in by name; recursion through functions with
 * huge frames (frames.wat, built by gen_frames.py).  Each must come back
 * from w2c_call as W2C_TRAP_EXHAUSTION, and the instance must work
 * afterwards.  Then the same on threads whose stacks range from 64 KiB
 * to 2 MiB, where a frame larger than the runtime's margin below its
 * stack limit could overrun the stack instead of trapping.
 *
 * Each test arms an alarm: a recursion turned into a loop would hang.
 * Build this with -O0 as well as -O2: unoptimized frames are the largest.
 */
#include "check.h"

#include <pthread.h>

#include "frames.h"
#include "stack.h"

/* The host import: calls "through_host" again, passing traps on. */
static uint32_t reenter(void *ctx, uint32_t depth)
{
	w2c_instance *inst = *(w2c_instance **)ctx;
	uint32_t r = 0;
	w2c_status st = call_i32(inst, "through_host", &r, 1, depth);

	if (st != W2C_OK)
		w2c_trap(st);
	return r;
}

static w2c_instance *stack_inst;

static w2c_instance *new_stack_instance(void)
{
	w2c_import imports[] = {
		W2C_IMPORT_FUNC("host", "reenter", "i32 -> i32", reenter, &stack_inst),
	};
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_stack_module, imports, 1, &err);

	if (!inst) {
		printf("    instantiate: %s\n", err.message);
		exit(1);
	}
	return inst;
}

static w2c_instance *new_frames_instance(void)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_frames_module, NULL, 0, &err);

	if (!inst) {
		printf("    instantiate: %s\n", err.message);
		exit(1);
	}
	return inst;
}

/* Calls `name` with a depth no stack holds, which must exhaust the
 * stack, `times` times. */
static void exhausts(w2c_instance *inst, const char *name, int times)
{
	uint32_t r = 0;
	int i;

	for (i = 0; i < times; i++) {
		w2c_status st = call_i32(inst, name, &r, 1, 100000000);
		CHECK(st == W2C_TRAP_EXHAUSTION, "%s: %s", name, check_status(st));
	}
}

static void works_after(w2c_instance *inst)
{
	uint32_t r = 0;

	CHECK(call_i32(inst, "count", &r, 1, 1000) == W2C_OK && r == 1000, "count(1000): %u", r);
	CHECK(call_i32(inst, "fib", &r, 1, 15) == W2C_OK && r == 610, "fib(15): %u", r);
}

static void test_recursion(void)
{
	alarm(60);
	stack_inst = new_stack_instance();
	exhausts(stack_inst, "forever", 3);
	works_after(stack_inst);
	w2c_instance_free(stack_inst);
}

static void test_tail_recursion(void)
{
	alarm(60);
	stack_inst = new_stack_instance();
	exhausts(stack_inst, "forever_tail", 3);
	works_after(stack_inst);
	w2c_instance_free(stack_inst);
}

static void test_through_table(void)
{
	alarm(60);
	stack_inst = new_stack_instance();
	exhausts(stack_inst, "through_table", 3);
	works_after(stack_inst);
	w2c_instance_free(stack_inst);
}

static void test_through_host(void)
{
	alarm(60);
	stack_inst = new_stack_instance();
	exhausts(stack_inst, "through_host", 3);
	works_after(stack_inst);
	w2c_instance_free(stack_inst);
}

static void test_deep_but_finite(void)
{
	uint32_t r = 0;
	w2c_status st;

	alarm(60);
	stack_inst = new_stack_instance();
	st = call_i32(stack_inst, "count", &r, 1, 100000000);
	CHECK(st == W2C_TRAP_EXHAUSTION, "count(10^8): %s", check_status(st));
	works_after(stack_inst);
	w2c_instance_free(stack_inst);
}

static void test_wide_frames(void)
{
	w2c_instance *inst;

	alarm(60);
	inst = new_frames_instance();
	exhausts(inst, "wide", 1);
	w2c_instance_free(inst);
}

static void test_huge_frames(void)
{
	w2c_instance *inst;
	w2c_value arg = check_i32(1000000), res;
	w2c_status st;

	alarm(60);
	inst = new_frames_instance();
	st = w2c_call(inst, "huge", &arg, 1, &res, 1);
	CHECK(st == W2C_TRAP_EXHAUSTION, "huge: %s", check_status(st));
	w2c_instance_free(inst);
}

/* ------------------------------------------------------- on other threads */

struct job {
	const char *name;
	bool frames;       /* the export is in frames.wat */
	w2c_status status; /* out */
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	w2c_value a = check_i32(1000000), r[1];
	w2c_instance *inst = j->frames ? new_frames_instance() : new_stack_instance();

	if (!j->frames)
		stack_inst = inst; /* each job runs alone, so one global does */
	j->status = w2c_call(inst, j->name, &a, 1, r, 1);
	if (j->status == W2C_ERR_ARGUMENTS) /* no result */
		j->status = w2c_call(inst, j->name, &a, 1, r, 0);
	w2c_instance_free(inst);
	return NULL;
}

/* Runs export `name` with argument 10^6 on threads with stacks from
 * `lo` to `hi` KiB; each must trap with exhaustion. */
static void on_thread_stacks(const char *name, bool frames, size_t lo, size_t hi,
                             size_t step)
{
	size_t kb;

	alarm(120);
	for (kb = lo; kb <= hi; kb += step) {
		struct job j = { name, frames, W2C_OK };
		pthread_attr_t attr;
		pthread_t t;

		pthread_attr_init(&attr);
		if (pthread_attr_setstacksize(&attr, kb << 10) != 0 ||
		    pthread_create(&t, &attr, run_job, &j) != 0) {
			CHECK(false, "no thread with a %zu KiB stack", kb);
			continue;
		}
		pthread_join(t, NULL);
		pthread_attr_destroy(&attr);
		CHECK(j.status == W2C_TRAP_EXHAUSTION, "%s on a %zu KiB stack: %s", name, kb,
		      check_status(j.status));
	}
}

static void test_threads_recursion(void)
{
	on_thread_stacks("forever", false, 64, 2048, 64);
}

static void test_threads_through_host(void)
{
	on_thread_stacks("through_host", false, 64, 2048, 64);
}

static void test_threads_wide_frames(void)
{
	on_thread_stacks("wide", true, 64, 2048, 64);
}

static void test_threads_huge_frames(void)
{
	on_thread_stacks("huge", true, 512, 2048, 16);
}

static const struct check_test tests[] = {
	{ "recursion", test_recursion },
	{ "tail_recursion", test_tail_recursion },
	{ "through_table", test_through_table },
	{ "through_host", test_through_host },
	{ "deep_but_finite", test_deep_but_finite },
	{ "wide_frames", test_wide_frames },
	{ "huge_frames", test_huge_frames },
	{ "threads_recursion", test_threads_recursion },
	{ "threads_through_host", test_threads_through_host },
	{ "threads_wide_frames", test_threads_wide_frames },
	{ "threads_huge_frames", test_threads_huge_frames },
};

CHECK_MAIN(tests)
