/*
 * handles.c: host handles to GC references (w2c_ref_keep, w2c_ref_get,
 * w2c_ref_release; rt/gc.c).  An object the host keeps survives
 * collections, with what it refers to; one it released, or never kept,
 * is reclaimed.
 */
#include <pthread.h>

#include "check.h"
#include "handles.h"

static w2c_value i32(uint32_t v)
{
	w2c_value x;
	memset(&x, 0, sizeof x);
	x.type = W2C_I32;
	x.of.i32 = v;
	return x;
}

static w2c_value any(w2c_anyref r)
{
	w2c_value x;
	memset(&x, 0, sizeof x);
	x.type = W2C_ANYREF;
	x.of.anyref = r;
	return x;
}

static w2c_anyref make(w2c_instance *inst, const char *f, uint32_t v, w2c_anyref next)
{
	w2c_value a[2] = { i32(v), any(next) }, r;

	r.type = W2C_ANYREF;
	CHECK(w2c_call(inst, f, a, next ? 2 : 1, &r, 1) == W2C_OK, "%s", f);
	return r.of.anyref;
}

static uint32_t get(w2c_instance *inst, const char *f, w2c_anyref ref)
{
	w2c_value a = any(ref), r;

	r.type = W2C_I32;
	CHECK(w2c_call(inst, f, &a, 1, &r, 1) == W2C_OK, "%s", f);
	return r.of.i32;
}

static void churn(w2c_instance *inst, uint32_t kb)
{
	w2c_value a = i32(kb);

	CHECK(w2c_call(inst, "churn", &a, 1, NULL, 0) == W2C_OK, "churn");
}

static void test_keep(void)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_handles_module, NULL, 0, &err);
	w2c_ref_handle *h, *h2;
	size_t before;

	CHECK(inst, "instantiate: %s", err.message);
	if (!inst)
		return;
	h = w2c_ref_keep(make(inst, "make", 42, NULL));
	h2 = w2c_ref_keep(make(inst, "cons", 7, w2c_ref_get(h)));
	CHECK(h && h2, "keep");
	before = w2c_gc_collections();
	churn(inst, 20000); /* 20 MB */
	CHECK(w2c_gc_collections() > before, "collected (%zu)", w2c_gc_collections() - before);
	CHECK(w2c_gc_heap_bytes() < 4u << 20, "reclaimed: %zu bytes", w2c_gc_heap_bytes());
	CHECK(get(inst, "val", w2c_ref_get(h)) == 42, "kept");
	CHECK(get(inst, "val", w2c_ref_get(h2)) == 7, "kept too");
	/* h's object, released, is still reached through h2's */
	w2c_ref_release(h);
	churn(inst, 5000);
	CHECK(get(inst, "next_val", w2c_ref_get(h2)) == 42, "reached from a kept one");
	w2c_ref_release(h2);
	w2c_ref_release(NULL);
	CHECK(w2c_ref_get(NULL) == NULL, "null");
	churn(inst, 5000);
	CHECK(w2c_gc_heap_bytes() < 4u << 20, "reclaimed: %zu bytes", w2c_gc_heap_bytes());
	w2c_instance_free(inst);
	CHECK(w2c_gc_heap_bytes() == 0, "freed with the instance");
}

/* A limit the host sets: past it, a trap, and the heap works after. */
static void test_limit(void)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_handles_module, NULL, 0, &err);
	w2c_value a = i32(1);

	CHECK(inst, "instantiate: %s", err.message);
	if (!inst)
		return;
	w2c_gc_heap_limit(512);
	CHECK(w2c_call(inst, "churn", &a, 1, NULL, 0) == W2C_TRAP_GC_HEAP, "trap");
	w2c_gc_heap_limit((size_t)4 << 20);
	churn(inst, 20000);
	CHECK(get(inst, "val", make(inst, "make", 5, NULL)) == 5, "after");
	w2c_instance_free(inst);
}

/* Instances on several threads at once: each thread's heap, its pages
 * and its allocator are its own (docs/gc.md), so each keeps, churns and
 * frees without the other.  The checks are made on the main thread. */
typedef struct {
	uint32_t v, got, got2;
	bool ok;
	size_t bytes, after;
} thread_result;

static void *thread_main(void *arg)
{
	thread_result *t = arg;
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_handles_module, NULL, 0, &err);
	w2c_value a[2], r;
	w2c_ref_handle *h;
	int i;

	if (!inst)
		return NULL;
	memset(a, 0, sizeof a);
	a[0].type = W2C_I32;
	a[0].of.i32 = t->v;
	r.type = W2C_ANYREF;
	t->ok = w2c_call(inst, "make", a, 1, &r, 1) == W2C_OK;
	h = w2c_ref_keep(r.of.anyref);
	for (i = 0; i < 4 && t->ok; i++) {
		a[0].of.i32 = 5000; /* 5 MB */
		t->ok = w2c_call(inst, "churn", a, 1, NULL, 0) == W2C_OK;
	}
	a[0].type = W2C_ANYREF;
	a[0].of.anyref = w2c_ref_get(h);
	r.type = W2C_I32;
	if (t->ok && w2c_call(inst, "val", a, 1, &r, 1) == W2C_OK)
		t->got = r.of.i32;
	t->bytes = w2c_gc_heap_bytes();
	w2c_ref_release(h);
	w2c_instance_free(inst);
	t->after = w2c_gc_heap_bytes();
	return NULL;
}

static void test_threads(void)
{
	thread_result t[2];
	pthread_t th[2];
	int i;

	memset(t, 0, sizeof t);
	for (i = 0; i < 2; i++) {
		t[i].v = 100 + (uint32_t)i;
		CHECK(pthread_create(&th[i], NULL, thread_main, &t[i]) == 0, "pthread_create");
	}
	for (i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		CHECK(t[i].ok, "thread %d ran", i);
		CHECK(t[i].got == 100 + (uint32_t)i, "thread %d kept its object: %u", i, t[i].got);
		CHECK(t[i].bytes > 0 && t[i].bytes < 4u << 20, "thread %d heap: %zu", i, t[i].bytes);
		CHECK(t[i].after == 0, "thread %d heap freed: %zu", i, t[i].after);
	}
}

int main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "keep", test_keep },
		{ "limit", test_limit },
		{ "threads", test_threads },
	};
	return check_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
