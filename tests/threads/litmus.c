/*
 * litmus.c: the wasm memory model's forbidden outcomes never show
 * (litmus.wat says the shapes): message passing through a seq_cst flag
 * with plain data, and store buffering with seq_cst accesses.  10^6
 * iterations per shape ($W2C_LITMUS_N to change), two threads meeting at
 * each; prints how often each outcome showed, to see that the threads
 * did interleave.  Run natively and under qemu-aarch64 (cross_litmus.sh),
 * whose weak ordering is where a missing fence would show.
 */
#include "check.h"

#include <pthread.h>

#include "litmus.h"

static w2c_instance *inst;
static uint32_t n = 1000000;

struct side {
	void (*fn)(w2c_instance *, uint32_t);
};

static void *run_side(void *p)
{
	struct side *s = p;
	s->fn(inst, n);
	return NULL;
}

/* Runs a and b on two threads, then counts the outcomes r1 r2. */
static void shape(const char *name, void (*a)(w2c_instance *, uint32_t),
                  void (*b)(w2c_instance *, uint32_t), int forbidden)
{
	struct side sa = { a }, sb = { b };
	pthread_t ta, tb;
	w2c_error err;
	uint32_t counts[4];
	w2c_memory *mem;
	const char *env = getenv("W2C_LITMUS_N");

	if (env)
		n = (uint32_t)strtoul(env, NULL, 10);
	inst = w2c_instantiate(&w2c_litmus_module, NULL, 0, &err);
	CHECK(inst != NULL, "instantiate: %s", err.message);
	if (!inst)
		return;
	pthread_create(&ta, NULL, run_side, &sa);
	pthread_create(&tb, NULL, run_side, &sb);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	w2c_litmus_tally(inst, n);
	mem = w2c_get_memory(inst, "mem");
	memcpy(counts, mem->data + 128, sizeof counts);
	printf("    %s, %u iterations: r1 r2 = 0 0: %u, 0 1: %u, 1 0: %u, 1 1: %u\n", name, n,
	       counts[0], counts[1], counts[2], counts[3]);
	CHECK(counts[0] + counts[1] + counts[2] + counts[3] == n, "every iteration counted");
	CHECK(counts[forbidden] == 0, "%s: the forbidden outcome %d %d showed %u times", name,
	      forbidden >> 1, forbidden & 1, counts[forbidden]);
	w2c_instance_free(inst);
}

static void test_mp(void)
{
	shape("message passing", w2c_litmus_mp_a, w2c_litmus_mp_b, 2 /* 1 0 */);
}

static void test_sb(void)
{
	shape("store buffering", w2c_litmus_sb_a, w2c_litmus_sb_b, 0 /* 0 0 */);
}

static const struct check_test tests[] = {
	{ "message_passing", test_mp },
	{ "store_buffering", test_sb },
};

CHECK_MAIN(tests)
