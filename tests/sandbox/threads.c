/*
 * threads.c: instances running on several threads at once, some trapping.
 *
 * The runtime keeps its trap frames and stack limit per thread, so a trap
 * on one thread (an out-of-bounds access, which with guard pages is a
 * SIGSEGV turned into a trap; unreachable; a division by zero; the stack
 * running out) must land in that thread's w2c_call and leave every other
 * thread's call alone, mid-computation or not.
 *
 * Eight threads start together.  Workers compute fib and check every
 * result; trappers trap in every way in a loop, checking each status and
 * that a normal call works between traps.  First each thread has its own
 * instance, then all share one (whose exports used here don't write
 * memory).  Then one long computation runs while other threads trap
 * thousands of times; and instances are made and freed on two threads
 * while two others trap.
 */
#include "check.h"

#include <pthread.h>

#include "stack.h"

#define THREADS 8
#define ROUNDS 200

static uint32_t no_reentry(void *ctx, uint32_t depth)
{
	(void)ctx;
	return depth;
}

static w2c_instance *new_instance(void)
{
	w2c_import imports[] = {
		W2C_IMPORT_FUNC("host", "reenter", "i32 -> i32", no_reentry, NULL),
	};
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_stack_module, imports, 1, &err);

	if (!inst) {
		printf("    instantiate: %s\n", err.message);
		exit(1);
	}
	return inst;
}

struct worker {
	pthread_t thread;
	int role;
	w2c_instance *inst;       /* shared, or NULL to make its own */
	pthread_barrier_t *start;
	unsigned wrong;           /* checks that failed */
	char first_wrong[160];
};

static void wrong(struct worker *w, const char *what, w2c_status st, uint32_t r)
{
	if (!w->wrong++)
		snprintf(w->first_wrong, sizeof w->first_wrong, "role %d: %s: %s, %u", w->role,
		         what, check_status(st), r);
}

/* Makes a call (an expression storing its result in r) and checks its
 * status and, when it should succeed, r. */
#define EXPECT(w, what, call, want, want_r)                                  \
	do {                                                                 \
		w2c_status st_ = (call);                                     \
		if (st_ != (want) || ((want) == W2C_OK && r != (want_r)))     \
			wrong((w), (what), st_, r);                          \
	} while (0)

static void *work(void *arg)
{
	struct worker *w = arg;
	w2c_instance *inst = w->inst ? w->inst : new_instance();
	uint32_t r;
	int i;

	pthread_barrier_wait(w->start);
	for (i = 0; i < ROUNDS; i++) {
		r = 0;
		switch (w->role) {
		case 0: /* compute */
			EXPECT(w, "fib(18)", call_i32(inst, "fib", &r, 1, 18), W2C_OK, 2584);
			break;
		case 1: /* out of bounds, then a normal call */
			EXPECT(w, "oob", call_i32(inst, "oob", &r, 0), W2C_TRAP_MEMORY_OOB, 0);
			EXPECT(w, "fib(10)", call_i32(inst, "fib", &r, 1, 10), W2C_OK, 55);
			break;
		case 2: /* unreachable and division by zero */
			EXPECT(w, "unreachable", call_i32(inst, "unreachable", &r, 0),
			       W2C_TRAP_UNREACHABLE, 0);
			EXPECT(w, "div", call_i32(inst, "div", &r, 2, 7, 0), W2C_TRAP_DIV_ZERO, 0);
			EXPECT(w, "div", call_i32(inst, "div", &r, 2, 0x80000000u, 0xffffffffu),
			       W2C_TRAP_INT_OVERFLOW, 0);
			EXPECT(w, "div", call_i32(inst, "div", &r, 2, 42, 6), W2C_OK, 7);
			break;
		default: /* the stack, now and then */
			if (i % 10 == 0)
				EXPECT(w, "forever", call_i32(inst, "forever", &r, 1, 0),
				       W2C_TRAP_EXHAUSTION, 0);
			EXPECT(w, "count(500)", call_i32(inst, "count", &r, 1, 500), W2C_OK, 500);
			break;
		}
	}
	if (!w->inst)
		w2c_instance_free(inst);
	return NULL;
}

static void run_workers(bool shared)
{
	struct worker w[THREADS];
	pthread_barrier_t start;
	pthread_attr_t attr;
	w2c_instance *inst = shared ? new_instance() : NULL;
	int i;

	alarm(120);
	pthread_barrier_init(&start, NULL, THREADS);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 4u << 20);
	for (i = 0; i < THREADS; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].role = i % 4;
		w[i].inst = inst;
		w[i].start = &start;
		if (pthread_create(&w[i].thread, &attr, work, &w[i]) != 0)
			SKIP("pthread_create failed");
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		CHECK(!w[i].wrong, "thread %d: %u wrong, first %s", i, w[i].wrong, w[i].first_wrong);
	}
	pthread_attr_destroy(&attr);
	pthread_barrier_destroy(&start);
	w2c_instance_free(inst);
}

static void test_own_instances(void)
{
	run_workers(false);
}

static void test_shared_instance(void)
{
	run_workers(true);
}

/* ------------------------------------------ a long call among many traps */

static volatile int long_call_done;

static void *trap_until_done(void *arg)
{
	struct worker *w = arg;
	w2c_instance *inst = new_instance();
	uint32_t r = 0;

	while (!long_call_done) {
		EXPECT(w, "oob", call_i32(inst, "oob", &r, 0), W2C_TRAP_MEMORY_OOB, 0);
		EXPECT(w, "unreachable", call_i32(inst, "unreachable", &r, 0),
		       W2C_TRAP_UNREACHABLE, 0);
	}
	w2c_instance_free(inst);
	return NULL;
}

static void test_long_call_among_traps(void)
{
	struct worker w[3];
	w2c_instance *inst = new_instance();
	uint32_t r = 0;
	w2c_status st;
	int i;

	alarm(120);
	for (i = 0; i < 3; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].role = 1;
		if (pthread_create(&w[i].thread, NULL, trap_until_done, &w[i]) != 0)
			SKIP("pthread_create failed");
	}
	st = call_i32(inst, "fib", &r, 1, 30); /* a fraction of a second */
	long_call_done = 1;
	CHECK(st == W2C_OK && r == 832040, "fib(30) among traps: %s, %u", check_status(st), r);
	for (i = 0; i < 3; i++) {
		pthread_join(w[i].thread, NULL);
		CHECK(!w[i].wrong, "trapping thread %d: %s", i, w[i].first_wrong);
	}
	w2c_instance_free(inst);
}

/* ------------------------- instances made and freed while others trap */

static void *churn(void *arg)
{
	struct worker *w = arg;
	uint32_t r = 0;
	int i;

	for (i = 0; i < 300; i++) {
		w2c_instance *inst = new_instance();
		EXPECT(w, "fib(5)", call_i32(inst, "fib", &r, 1, 5), W2C_OK, 5);
		w2c_instance_free(inst);
	}
	return NULL;
}

/* With guard pages, each instance adds its memory to the regions the
 * fault handler looks through, and freeing removes it: faults on other
 * threads meanwhile must still be recognised as traps. */
static void test_instances_come_and_go(void)
{
	struct worker w[4];
	int i;

	alarm(120);
	long_call_done = 0;
	for (i = 0; i < 4; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].role = i < 2 ? 4 : 1;
		if (pthread_create(&w[i].thread, NULL, i < 2 ? churn : trap_until_done, &w[i]) != 0)
			SKIP("pthread_create failed");
	}
	pthread_join(w[0].thread, NULL);
	pthread_join(w[1].thread, NULL);
	long_call_done = 1;
	for (i = 0; i < 4; i++) {
		if (i >= 2)
			pthread_join(w[i].thread, NULL);
		CHECK(!w[i].wrong, "thread %d: %s", i, w[i].first_wrong);
	}
}

static const struct check_test tests[] = {
	{ "own_instances", test_own_instances },
	{ "shared_instance", test_shared_instance },
	{ "long_call_among_traps", test_long_call_among_traps },
	{ "instances_come_and_go", test_instances_come_and_go },
};

CHECK_MAIN(tests)
