/*
 * gcref.c: what a JS host asks of the GC references wasm gives it
 * (w2c.h, "GC references"): their kind, ref.test against a module's types
 * by index (with subtyping), i31 values both ways, array lengths, the
 * conversions between externref and anyref, and host imports of GC types
 * named in a signature's text, whose values are tagged with their own
 * types (W2C_ANYREF, not the W2C_EXTERNREF of the same C type).
 */
#include "../sandbox/check.h"
#include "gcref.h"

/* gcref.wat's first types */
enum { T_POINT, T_POINT3, T_PAIR, T_BYTES, T_FN, T_OPEN };

static int marker; /* a host object: only its address matters */

/* weigh: an eqref's kind, times 10, plus an i31's value */
static uint32_t weigh(void *ctx, w2c_anyref r)
{
	w2c_value v = w2c_value_anyref(r);

	(void)ctx;
	return (uint32_t)w2c_ref_kind_of(&v) * 10 + (uint32_t)w2c_ref_i31_s(r);
}

/* tag_any, tag_ext: the type tag of the argument */
static void tag_of(void *ctx, const w2c_value *args, w2c_value *results)
{
	(void)ctx;
	results[0].of.i32 = (uint32_t)args[0].type;
}

static w2c_instance *new_instance(void)
{
	w2c_import im[] = {
		W2C_IMPORT_FUNC("host", "weigh", "eqref -> i32", weigh, NULL),
		W2C_IMPORT_DYNAMIC("host", "tag_any", "anyref -> i32", tag_of, NULL),
		W2C_IMPORT_DYNAMIC("host", "tag_ext", "externref -> i32", tag_of, NULL),
	};
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_gcref_module, im, 3, &err);

	CHECK(inst, "instantiate: %s", err.message);
	if (!inst)
		exit(1);
	return inst;
}

/* The one result of export f called with at most one argument. */
static w2c_value call(w2c_instance *inst, const char *f, const w2c_value *arg,
                      w2c_valtype result)
{
	w2c_value r;

	memset(&r, 0, sizeof r);
	r.type = result;
	CHECK(w2c_call(inst, f, arg, arg ? 1 : 0, &r, 1) == W2C_OK, "call %s", f);
	return r;
}

static w2c_value i32(uint32_t n)
{
	w2c_value v;

	memset(&v, 0, sizeof v);
	v.type = W2C_I32;
	v.of.i32 = n;
	return v;
}

static void test_kinds(void)
{
	w2c_instance *inst = new_instance();
	w2c_value null_any = w2c_value_anyref(NULL), null_ext = w2c_value_externref(NULL);
	w2c_value n = i32(3), len = i32(5);
	w2c_value point = call(inst, "point", NULL, W2C_ANYREF);
	w2c_value bytes = call(inst, "bytes", &len, W2C_ANYREF);
	w2c_value fn = call(inst, "fn", NULL, W2C_FUNCREF);
	w2c_value small = call(inst, "i31", &n, W2C_ANYREF);
	w2c_value null_fn;

	memset(&null_fn, 0, sizeof null_fn);
	null_fn.type = W2C_FUNCREF;
	CHECK(w2c_ref_kind_of(&null_any) == W2C_REF_NULL, "null anyref");
	CHECK(w2c_ref_kind_of(&null_ext) == W2C_REF_NULL, "null externref");
	CHECK(w2c_ref_kind_of(&null_fn) == W2C_REF_NULL, "null funcref");
	CHECK(w2c_ref_kind_of(&n) == W2C_REF_NONE, "an i32");
	CHECK(w2c_ref_kind_of(&point) == W2C_REF_STRUCT, "struct: %d", w2c_ref_kind_of(&point));
	CHECK(w2c_ref_kind_of(&bytes) == W2C_REF_ARRAY, "array: %d", w2c_ref_kind_of(&bytes));
	CHECK(w2c_ref_kind_of(&fn) == W2C_REF_FUNC, "func: %d", w2c_ref_kind_of(&fn));
	CHECK(w2c_ref_kind_of(&small) == W2C_REF_I31, "i31: %d", w2c_ref_kind_of(&small));
	CHECK(w2c_ref_array_len(bytes.of.anyref) == 5, "array.len");
	CHECK(w2c_ref_array_len(point.of.anyref) == -1, "a struct's length");
	CHECK(w2c_ref_array_len(small.of.anyref) == -1, "an i31's length");
	CHECK(w2c_ref_array_len(NULL) == -1, "null's length");
	w2c_instance_free(inst);
}

static void test_types(void)
{
	w2c_instance *inst = new_instance();
	w2c_value point = call(inst, "point", NULL, W2C_ANYREF);
	w2c_value point3 = call(inst, "point3", NULL, W2C_ANYREF);
	w2c_value pair = call(inst, "pair", NULL, W2C_ANYREF);
	w2c_value len = i32(0), bytes = call(inst, "bytes", &len, W2C_ANYREF);
	w2c_value fn = call(inst, "fn", NULL, W2C_FUNCREF);
	w2c_value small = w2c_value_i31(7), null_any = w2c_value_anyref(NULL);

	CHECK(w2c_ref_test(inst, T_POINT, &point) == 1, "point is a point");
	CHECK(w2c_ref_test(inst, T_POINT3, &point) == 0, "point is no point3");
	CHECK(w2c_ref_test(inst, T_POINT, &point3) == 1, "point3 is a point (subtype)");
	CHECK(w2c_ref_test(inst, T_POINT3, &point3) == 1, "point3 is a point3");
	CHECK(w2c_ref_test(inst, T_PAIR, &point) == 0, "point is no pair (same fields)");
	CHECK(w2c_ref_test(inst, T_POINT, &pair) == 0, "pair is no point");
	CHECK(w2c_ref_test(inst, T_PAIR, &pair) == 1, "pair is a pair");
	CHECK(w2c_ref_test(inst, T_BYTES, &bytes) == 1, "bytes");
	CHECK(w2c_ref_test(inst, T_BYTES, &point) == 0, "a struct is no array");
	CHECK(w2c_ref_test(inst, T_POINT, &small) == 0, "an i31 is no struct");
	CHECK(w2c_ref_test(inst, T_POINT, &null_any) == 0, "null is not (ref $point)");
	CHECK(w2c_ref_test(inst, T_FN, &fn) == 1, "a function of a final type");
	CHECK(w2c_ref_test(inst, T_FN, &point) == 0, "a struct is no function");
	CHECK(w2c_ref_test(inst, T_POINT, &fn) == 0, "a function is no struct");
	CHECK(w2c_ref_test(inst, T_OPEN, &fn) == 0, "not of a type that is not final");
	CHECK(w2c_ref_test(inst, 1000, &point) == -1, "no such type");
	/* as ref.test in wasm says */
	CHECK(call(inst, "is_point", &point3, W2C_I32).of.i32 == 1, "wasm: point3");
	CHECK(call(inst, "is_point", &pair, W2C_I32).of.i32 == 0, "wasm: pair");
	w2c_instance_free(inst);
}

static void test_i31(void)
{
	w2c_instance *inst = new_instance();
	w2c_value n = i32((uint32_t)-5), v = call(inst, "i31", &n, W2C_ANYREF);
	w2c_value top = w2c_value_i31(0x7fffffff), low = w2c_value_anyref(w2c_ref_i31(0x40000000));

	CHECK(w2c_ref_i31_s(v.of.anyref) == -5, "get_s %d", w2c_ref_i31_s(v.of.anyref));
	CHECK(w2c_ref_i31_u(v.of.anyref) == 0x7ffffffb, "get_u");
	CHECK(w2c_ref_i31_s(NULL) == 0 && w2c_ref_i31_u(NULL) == 0, "null");
	/* made by the host, read by wasm */
	CHECK(call(inst, "i31_get_s", &top, W2C_I32).of.i32 == (uint32_t)-1, "host's i31");
	CHECK(call(inst, "i31_get_s", &low, W2C_I32).of.i32 == 0xc0000000u, "bit 30");
	CHECK(w2c_ref_i31_u(w2c_ref_i31(0xffffffffu)) == 0x7fffffff, "31 bits");
	w2c_instance_free(inst);
}

static void test_extern(void)
{
	w2c_instance *inst = new_instance();
	w2c_value point = call(inst, "point", NULL, W2C_ANYREF);
	w2c_value n = i32(9), small = call(inst, "i31", &n, W2C_ANYREF);
	w2c_value ep = call(inst, "ext", &point, W2C_EXTERNREF);
	w2c_value es = call(inst, "ext", &small, W2C_EXTERNREF);
	w2c_value host = w2c_value_externref(&marker);
	w2c_value boxed = call(inst, "int", &host, W2C_ANYREF);
	w2c_value back;

	/* what extern.convert_any made is what it was made of */
	CHECK(w2c_ref_kind_of(&ep) == W2C_REF_STRUCT, "externalized struct");
	CHECK(w2c_ref_test(inst, T_POINT, &ep) == 1, "externalized point");
	CHECK(w2c_ref_kind_of(&es) == W2C_REF_I31, "externalized i31");
	CHECK(w2c_ref_i31_s(w2c_ref_internalize(es.of.externref)) == 9, "its value");
	CHECK(w2c_ref_internalize(ep.of.externref) == point.of.anyref, "internalized back");
	/* a host pointer stays one */
	CHECK(w2c_ref_kind_of(&host) == W2C_REF_HOST, "host externref");
	CHECK(w2c_ref_kind_of(&boxed) == W2C_REF_HOST, "host anyref");
	CHECK(w2c_ref_test(inst, T_POINT, &boxed) == 0, "a host object is no struct");
	CHECK(w2c_ref_externalize(boxed.of.anyref) == &marker, "unboxed");
	back = w2c_value_anyref(w2c_ref_internalize(&marker));
	CHECK(w2c_ref_kind_of(&back) == W2C_REF_HOST, "host's own box");
	CHECK(w2c_ref_externalize(back.of.anyref) == &marker, "and back");
	CHECK(!w2c_ref_internalize(NULL) && !w2c_ref_externalize(NULL), "null");
	w2c_instance_free(inst);
}

/* A host import of type eqref -> i32 gets w2c_anyref values. */
static void test_import(void)
{
	w2c_instance *inst = new_instance();
	w2c_value n = i32(4), small = call(inst, "i31", &n, W2C_ANYREF);
	w2c_value point = call(inst, "point", NULL, W2C_ANYREF);

	CHECK(call(inst, "weigh", &small, W2C_I32).of.i32 == W2C_REF_I31 * 10 + 4, "i31");
	CHECK(call(inst, "weigh", &point, W2C_I32).of.i32 == W2C_REF_STRUCT * 10, "struct");
	/* anyref and externref values, alike in C, come tagged as theirs */
	CHECK(call(inst, "tags", NULL, W2C_I32).of.i32 == W2C_ANYREF * 100 + W2C_EXTERNREF,
	      "tags %u", call(inst, "tags", NULL, W2C_I32).of.i32);
	w2c_instance_free(inst);
}

int main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "kinds", test_kinds },
		{ "types", test_types },
		{ "i31", test_i31 },
		{ "extern", test_extern },
		{ "import", test_import },
	};
	return check_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
