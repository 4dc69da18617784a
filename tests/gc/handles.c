/*
 * handles.c: host handles to GC references (w2c_ref_keep, w2c_ref_get,
 * w2c_ref_release; rt/gc.c).  An object the host keeps survives
 * collections, with what it refers to; one it released, or never kept,
 * is reclaimed.
 */
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

int main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "keep", test_keep },
		{ "limit", test_limit },
	};
	return check_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
