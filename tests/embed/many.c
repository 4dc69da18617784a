/*
 * many.c: many live instances, as a server keeping sandboxes does.
 *
 * A guarded memory reserves 8 GiB, so about 16,000 fit in the address
 * space; a memory whose maximum is small reserves only that and is checked
 * explicitly (docs/instances.md).  100,000 instances of a module with a
 * 1-page memory live at once, each keeping its own data; instantiating and
 * freeing one takes microseconds; the explicit checks trap where guard
 * pages would have; and a module relying on guard pages can't import such
 * a memory.  So for a module of no declared maximum (as C compilers make)
 * translated with `w2c --max-memory=16M`, whose cap makes it small.
 * W2C_MANY_INSTANCES sets the count.
 */
#include <time.h>

#include "../sandbox/check.h"
#include "capped.h"
#include "capped_export.h"
#include "growing.h"
#include "import_max50.h"
#include "needs_guard.h"
#include "shared_small.h"
#include "small.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define CHECK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define CHECK_SANITIZED 1
#endif
#endif
#ifndef CHECK_SANITIZED
#define CHECK_SANITIZED 0
#endif

static size_t instance_count(void)
{
	const char *s = getenv("W2C_MANY_INSTANCES");

	return s ? (size_t)strtoul(s, NULL, 10) : 100000;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static w2c_status call(w2c_instance *inst, const char *name, uint32_t a, uint32_t b,
                       size_t nargs, uint32_t *out)
{
	w2c_value args[2] = { check_i32(a), check_i32(b) }, r;
	w2c_status st = w2c_call(inst, name, args, nargs, &r, out ? 1 : 0);

	if (st == W2C_OK && out)
		*out = r.of.i32;
	return st;
}

/* All live at once, each with its own memory. */
static void many_live(const w2c_module *mod)
{
	size_t n = instance_count(), i, bad = 0;
	w2c_instance **insts = calloc(n, sizeof *insts);
	w2c_error err;
	double t0 = now(), t1;

	for (i = 0; i < n; i++) {
		insts[i] = w2c_instantiate(mod, NULL, 0, &err);
		if (!insts[i]) {
			CHECK(0, "instance %zu: %s", i, err.message);
			break;
		}
		if (call(insts[i], "set", (uint32_t)i, 0, 1, NULL) != W2C_OK)
			bad++;
	}
	t1 = now();
	for (i = 0; i < n && insts[i]; i++) {
		uint32_t v = 0;
		if (call(insts[i], "get", 0, 0, 0, &v) != W2C_OK || v != 2 * (uint32_t)i)
			bad++;
	}
	CHECK(bad == 0, "%zu instances lost their data", bad);
	for (i = 0; i < n; i++)
		w2c_instance_free(insts[i]);
	printf("    %zu live instances, %.2f us each to make and use\n", n,
	       (t1 - t0) * 1e6 / (double)n);
	free(insts);
}

static void test_many_live(void)
{
	many_live(&w2c_small_module);
}

static void test_many_live_capped(void)
{
	many_live(&w2c_capped_module);
}

/* Instantiate plus free, one instance at a time. */
static void instantiate_free(const w2c_module *mod)
{
	const int n = 20000;
	double t0, us;
	int i;

	for (i = 0; i < 100; i++) /* warm up */
		w2c_instance_free(w2c_instantiate(mod, NULL, 0, NULL));
	t0 = now();
	for (i = 0; i < n; i++)
		w2c_instance_free(w2c_instantiate(mod, NULL, 0, NULL));
	us = (now() - t0) * 1e6 / n;
	printf("    instantiate + free: %.2f us\n", us);
	/* the goal is 10 us; a loaded CI machine gets slack, sanitizers more */
	CHECK(us < (CHECK_SANITIZED ? 200 : 50), "instantiate + free took %.2f us", us);
}

static void test_instantiate_free(void)
{
	instantiate_free(&w2c_small_module);
}

static void test_instantiate_free_capped(void)
{
	instantiate_free(&w2c_capped_module);
}

/* The explicit checks trap where the guard region would have. */
static void test_small_bounds(void)
{
	w2c_instance *inst = w2c_instantiate(&w2c_small_module, NULL, 0, NULL);
	uint32_t v = 0;

	CHECK(call(inst, "load", 16, 0, 1, &v) == W2C_OK && v == ('w' | '2' << 8 | 'c' << 16),
	      "data: %x", v);
	CHECK(call(inst, "load", 65532, 0, 1, &v) == W2C_OK, "last word");
	CHECK(call(inst, "load", 65533, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "past the end");
	CHECK(call(inst, "load", 0xffffffff, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "at 4 GiB");
	CHECK(call(inst, "load_off", 0, 0, 1, &v) == W2C_OK, "offset, last word");
	CHECK(call(inst, "load_off", 1, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "offset, past it");
	CHECK(call(inst, "load_off", 0xfffffffc, 0, 1, &v) == W2C_TRAP_MEMORY_OOB,
	      "offset wrapping 32 bits");
	CHECK(call(inst, "store", 65536, 1, 2, NULL) == W2C_TRAP_MEMORY_OOB, "store past");
	w2c_instance_free(inst);
}

/* Growing up to the maximum, where the reservation ends. */
static void test_small_grow(void)
{
	w2c_instance *inst = w2c_instantiate(&w2c_growing_module, NULL, 0, NULL);
	uint32_t v = 0;

	CHECK(call(inst, "store", 65536, 1, 2, NULL) == W2C_TRAP_MEMORY_OOB, "before growing");
	CHECK(call(inst, "grow", 3, 0, 1, &v) == W2C_OK && v == 1, "grow: %u", v);
	CHECK(call(inst, "load", 4 * 65536 - 4, 0, 1, &v) == W2C_OK && v == 0, "new zeroes");
	CHECK(call(inst, "store", 4 * 65536 - 4, 9, 2, NULL) == W2C_OK, "store at the end");
	CHECK(call(inst, "load", 4 * 65536 - 4, 0, 1, &v) == W2C_OK && v == 9, "load back");
	CHECK(call(inst, "load", 4 * 65536 - 3, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "past max");
	CHECK(call(inst, "grow", 1, 0, 1, &v) == W2C_OK && v == 0xffffffff, "grow past max");
	w2c_instance_free(inst);
}

/* A capped memory grows to its cap (16 MiB) and no further, and its
 * accesses are checked against its size as it grows. */
static void test_capped_grow(void)
{
	w2c_instance *inst = w2c_instantiate(&w2c_capped_module, NULL, 0, NULL);
	uint32_t v = 0, end = 256 * 65536;

	CHECK(call(inst, "load", 65533, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "past the end");
	CHECK(call(inst, "load", 0xffffffff, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "at 4 GiB");
	CHECK(call(inst, "grow", 254, 0, 1, &v) == W2C_OK && v == 1, "grow: %u", v);
	CHECK(call(inst, "store", end - 65536 - 4, 7, 2, NULL) == W2C_OK, "store at the end");
	CHECK(call(inst, "load", end - 65536 - 3, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "past it");
	CHECK(call(inst, "grow", 2, 0, 1, &v) == W2C_OK && v == 0xffffffff, "past the cap: %u", v);
	CHECK(call(inst, "grow", 1, 0, 1, &v) == W2C_OK && v == 255, "to the cap: %u", v);
	CHECK(call(inst, "load", end - 4, 0, 1, &v) == W2C_OK && v == 0, "new zeroes");
	CHECK(call(inst, "load", end - 65536 - 4, 0, 1, &v) == W2C_OK && v == 7, "kept");
	CHECK(call(inst, "load", end - 3, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "past the cap");
	CHECK(call(inst, "grow", 1, 0, 1, &v) == W2C_OK && v == 0xffffffff, "at the cap: %u", v);
	CHECK(call(inst, "grow", 0, 0, 1, &v) == W2C_OK && v == 256, "size: %u", v);
	w2c_instance_free(inst);
}

/* An exported memory capped (w2c --max-memory=1M) keeps its declared type
 * for linking, and guard pages for its importers; only its growth stops
 * at the cap. */
static void test_capped_export(void)
{
	w2c_instance *owner = w2c_instantiate(&w2c_capped_export_module, NULL, 0, NULL), *user;
	w2c_import im = W2C_IMPORT_INSTANCE("x", owner);
	w2c_memory *mem = w2c_get_memory(owner, "mem");
	w2c_error err;
	uint32_t v = 0;

	CHECK(mem && mem->has_max && mem->type_max == 100 && mem->max_pages == 16,
	      "type max %" PRIu64 ", cap %" PRIu64, mem ? mem->type_max : 0,
	      mem ? mem->max_pages : 0);
	CHECK(W2C_BOUNDS_CHECKS || (mem && mem->reserved > (uint64_t)1 << 32), "guarded");
	user = w2c_instantiate(&w2c_import_max50_module, &im, 1, &err);
	CHECK(!user && err.status == W2C_ERR_LINK, "a maximum of 50 took one of 100");
	w2c_instance_free(user);
	user = w2c_instantiate(&w2c_needs_guard_module, &im, 1, &err);
	CHECK(user, "link: %s", user ? "" : err.message);
	CHECK(call(owner, "grow", 16, 0, 1, &v) == W2C_OK && v == 0xffffffff, "past the cap");
	CHECK(call(owner, "grow", 15, 0, 1, &v) == W2C_OK && v == 1, "to the cap: %u", v);
	CHECK(user && call(user, "load", 16 * 65536 - 4, 0, 1, &v) == W2C_OK && v == 0,
	      "the importer sees the growth");
	CHECK(user && call(user, "load", 16 * 65536 - 3, 0, 1, &v) == W2C_TRAP_MEMORY_OOB,
	      "and its end");
	w2c_instance_free(user);
	w2c_instance_free(owner);
}

/* An exported small memory (w2c --small-memories) is for code that checks:
 * a module relying on guard pages can't import it. */
static void test_small_import(void)
{
	w2c_instance *owner = w2c_instantiate(&w2c_shared_small_module, NULL, 0, NULL), *user;
	w2c_import im = W2C_IMPORT_INSTANCE("x", owner);
	w2c_memory *mem = w2c_get_memory(owner, "mem");
	w2c_error err;
	uint32_t v = 0;

	CHECK(mem && mem->reserved <= 65536, "reserved %" PRIu64, mem ? mem->reserved : 0);
	user = w2c_instantiate(&w2c_needs_guard_module, &im, 1, &err);
	if (W2C_BOUNDS_CHECKS) {
		CHECK(user, "link: %s", err.message);
		CHECK(call(owner, "store", 8, 5, 2, NULL) == W2C_OK, "store");
		CHECK(user && call(user, "load", 8, 0, 1, &v) == W2C_OK && v == 5, "shared");
		CHECK(user && call(user, "load", 65533, 0, 1, &v) == W2C_TRAP_MEMORY_OOB, "oob");
	} else {
		CHECK(!user && err.status == W2C_ERR_LINK &&
		              strstr(err.message, "needs a memory with guard pages"),
		      "linked: %s", user ? "" : err.message);
	}
	w2c_instance_free(user);
	w2c_instance_free(owner);
}

int main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "many_live", test_many_live },
		{ "instantiate_free", test_instantiate_free },
		{ "small_bounds", test_small_bounds },
		{ "small_grow", test_small_grow },
		{ "small_import", test_small_import },
		{ "many_live_capped", test_many_live_capped },
		{ "instantiate_free_capped", test_instantiate_free_capped },
		{ "capped_grow", test_capped_grow },
		{ "capped_export", test_capped_export },
	};
	return check_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
