/*
 * link.c: what a JS host does with WebAssembly.Instance, through w2c.h.
 *
 * Any export of one instance (global, memory, table, function, tag) given
 * to another under a name of its own (W2C_IMPORT_EXTERN), shared and
 * type-checked at instantiation; a funcref read from a table or a global
 * called with tagged values (w2c_call_ref); a host function raising an
 * error of its own that reaches the embedder unchanged (w2c_raise) or
 * throwing a wasm exception; an exception described with its tag's name.
 */
#include "../sandbox/check.h"
#include "exporter.h"
#include "importer.h"

/* The host error the tests raise: only its address matters. */
static int marker;

static uint32_t twice(void *ctx, uint32_t x)
{
	(void)ctx;
	return 2 * x;
}

static void fail(void *ctx, const w2c_value *args, w2c_value *results)
{
	(void)ctx;
	(void)args;
	(void)results;
	w2c_raise(&marker);
}

/* x * 3, or for 7 a throw of the exporter's tag, for 8 a host error. */
static void host(void *ctx, const w2c_value *args, w2c_value *results)
{
	const w2c_tag *err = ctx;
	w2c_value v = check_i32(args[0].of.i32);

	if (args[0].of.i32 == 7)
		w2c_throw(err, &v, 1);
	if (args[0].of.i32 == 8)
		w2c_raise(&marker);
	results[0].of.i32 = args[0].of.i32 * 3;
}

static w2c_instance *new_exporter(void)
{
	w2c_import im[] = {
		W2C_IMPORT_FUNC("host", "twice", "i32 -> i32", twice, NULL),
		W2C_IMPORT_DYNAMIC("host", "fail", "->", fail, NULL),
	};
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_exporter_module, im, 2, &err);

	CHECK(inst, "exporter: %s", err.message);
	if (!inst)
		exit(1);
	return inst;
}

static w2c_extern get(w2c_instance *inst, const char *name)
{
	w2c_extern e;

	CHECK(w2c_get_export(inst, name, &e), "no export %s", name);
	return e;
}

static uint32_t call2(w2c_instance *inst, const char *name, uint32_t a, uint32_t b,
                         size_t nargs)
{
	w2c_value args[2] = { check_i32(a), check_i32(b) }, r;
	w2c_status st = w2c_call(inst, name, args, nargs, &r, 1);

	CHECK(st == W2C_OK, "%s: %s", name, w2c_status_message(st));
	return st == W2C_OK ? r.of.i32 : 0xdeadbeef;
}

/* Every kind of export, under other names, shared with the exporter. */
static void test_extern_imports(void)
{
	w2c_instance *exp = new_exporter(), *imp;
	w2c_extern counter = get(exp, "counter"), fixed = get(exp, "fixed"),
	           mem = get(exp, "mem"), tab = get(exp, "tab"), plus = get(exp, "plus"),
	           tag = get(exp, "err"), inc;
	w2c_import im[8];
	w2c_value arg = check_i32(8), r;
	w2c_error err;
	w2c_exnref exn;
	char text[100];

	CHECK(w2c_funcref_extern(&tab.table->funcs[0], &inc), "funcref_extern");
	im[0] = (w2c_import)W2C_IMPORT_EXTERN("a", "count", &counter);
	im[1] = (w2c_import)W2C_IMPORT_EXTERN("a", "nine", &fixed);
	im[2] = (w2c_import)W2C_IMPORT_EXTERN("a", "bytes", &mem);
	im[3] = (w2c_import)W2C_IMPORT_EXTERN("a", "funcs", &tab);
	im[4] = (w2c_import)W2C_IMPORT_EXTERN("a", "add", &plus);
	im[5] = (w2c_import)W2C_IMPORT_EXTERN("a", "bump", &inc);
	im[6] = (w2c_import)W2C_IMPORT_EXTERN("a", "oops", &tag);
	im[7] = (w2c_import)W2C_IMPORT_DYNAMIC("a", "host", "i32 -> i32", host, tag.tag);
	imp = w2c_instantiate(&w2c_importer_module, im, 8, &err);
	CHECK(imp, "importer: %s", err.message);
	if (!imp)
		return;

	/* the global is the exporter's cell */
	CHECK(call2(imp, "get_count", 0, 0, 0) == 5, "count");
	arg = check_i32(42);
	CHECK(w2c_call(imp, "set_count", &arg, 1, NULL, 0) == W2C_OK, "set_count");
	arg = check_i32(8);
	CHECK(w2c_get_global(exp, "counter")->i32 == 42, "counter %u",
	      w2c_get_global(exp, "counter")->i32);
	CHECK(w2c_call(imp, "nine", NULL, 0, &r, 1) == W2C_OK && r.of.i64 == 9, "nine");
	/* the memory is the exporter's */
	{
		w2c_value a[2] = { check_i32(100), check_i32(77) };
		CHECK(w2c_call(imp, "poke", a, 2, NULL, 0) == W2C_OK, "poke");
		CHECK(call2(exp, "peek", 100, 0, 1) == 77, "peek");
	}
	CHECK(call2(imp, "add", 2, 3, 2) == 5, "add");
	CHECK(call2(imp, "bump", 10, 0, 1) == 11, "bump: a funcref as an import");
	/* the table is the exporter's: its inc, and its host import */
	CHECK(call2(imp, "call_table", 0, 5, 2) == 6, "call_table inc");
	CHECK(call2(imp, "call_table", 2, 21, 2) == 42, "call_table twice");
	/* the tag is the exporter's: the importer catches its throws... */
	CHECK(call2(imp, "catch_oops", 5, 0, 1) == 1005, "catch_oops");
	/* ... and a host function's throw of it */
	CHECK(call2(imp, "catch_host", 7, 0, 1) == 2007, "catch_host");
	CHECK(call2(imp, "host", 4, 0, 1) == 12, "host");
	/* a host error passes wasm's catch_all by, unchanged */
	CHECK(w2c_call(imp, "catch_host", &arg, 1, &r, 1) == W2C_HOST_ERROR, "host error");
	CHECK(w2c_host_error() == &marker, "host error value");
	CHECK(w2c_call(exp, "run_fail", NULL, 0, NULL, 0) == W2C_HOST_ERROR, "run_fail");
	/* an uncaught exception, named as each instance knows its tag */
	arg = check_i32(31);
	CHECK(w2c_call(imp, "host", (w2c_value[]){ check_i32(7) }, 1, &r, 1) == W2C_EXCEPTION,
	      "host throw uncaught");
	CHECK(w2c_call(exp, "throw", &arg, 1, NULL, 0) == W2C_EXCEPTION, "throw");
	exn = w2c_exception();
	w2c_exn_format(imp, exn, text, sizeof text);
	CHECK(!strcmp(text, "tag \"a\".\"oops\" (i32 31)"), "format: %s", text);
	w2c_exn_format(exp, exn, text, sizeof text);
	CHECK(!strcmp(text, "tag \"err\" (i32 31)"), "format: %s", text);
	w2c_exn_format(NULL, exn, text, sizeof text);
	CHECK(!strcmp(text, "a foreign tag (i32 31)"), "format: %s", text);
	CHECK(w2c_exn_format(exp, exn, text, 5) == strlen("tag \"err\" (i32 31)") &&
	      !strcmp(text, "tag "), "truncated: %s", text);
	w2c_instance_free(imp);
	w2c_instance_free(exp);
}

/* An extern of the wrong kind or type is a link error naming the import. */
static void expect_link_error(const char *name, const w2c_extern *given, const char *why)
{
	w2c_instance *exp = new_exporter(), *imp;
	w2c_extern counter = get(exp, "counter"), fixed = get(exp, "fixed"),
	           mem = get(exp, "mem"), tab = get(exp, "tab"), plus = get(exp, "plus"),
	           tag = get(exp, "err"), bump = get(exp, "peek");
	w2c_import im[9];
	w2c_error err;
	size_t n = 0;

	/* the entry under test first: the first match wins */
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", name, given);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "count", &counter);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "nine", &fixed);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "bytes", &mem);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "funcs", &tab);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "add", &plus);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "bump", &bump);
	im[n++] = (w2c_import)W2C_IMPORT_EXTERN("a", "oops", &tag);
	im[n++] = (w2c_import)W2C_IMPORT_DYNAMIC("a", "host", "i32 -> i32", host, NULL);
	imp = w2c_instantiate(&w2c_importer_module, im, n, &err);
	CHECK(!imp, "%s: linked", name);
	CHECK(!imp && err.status == W2C_ERR_LINK, "%s: status %d", name, (int)err.status);
	CHECK(!imp && strstr(err.message, name) && strstr(err.message, why), "%s: %s", name,
	      err.message);
	w2c_instance_free(imp);
	w2c_instance_free(exp);
}

static void test_extern_mismatch(void)
{
	w2c_instance *exp = new_exporter();
	w2c_extern mem = get(exp, "mem"), fixed = get(exp, "fixed"), plus = get(exp, "plus"),
	           counter = get(exp, "counter"), tab = get(exp, "tab"), tag = get(exp, "err");

	expect_link_error("add", &mem, "expected a function, got a memory");
	expect_link_error("count", &fixed, "expected mutable i32, got i64");
	expect_link_error("nine", &counter, "expected i64, got mutable i32");
	expect_link_error("bump", &plus, "expected i32 -> i32, got i32 i32 -> i32");
	expect_link_error("bytes", &tab, "expected a memory, got a table");
	expect_link_error("funcs", &tag, "expected a table, got a tag");
	expect_link_error("oops", &plus, "expected a tag, got a function");
	w2c_instance_free(exp);
}

static w2c_status call_ref2(const w2c_funcref *f, w2c_value a, w2c_value b, w2c_value *r)
{
	w2c_value args[2] = { a, b };
	return w2c_call_ref(f, args, 2, r, 1);
}

static w2c_value f64v(double d)
{
	w2c_value v;
	memset(&v, 0, sizeof v);
	v.type = W2C_F64;
	v.of.f64 = d;
	return v;
}

/* table.get(i)(...) and a funcref global's value called dynamically. */
static void test_call_ref(void)
{
	w2c_instance *exp = new_exporter();
	w2c_table *tab = w2c_get_table(exp, "tab");
	w2c_funcref null_ref, fake;
	w2c_value a = check_i32(41), r;
	w2c_status st;
	w2c_exnref exn;
	size_t n;

	CHECK(w2c_call_ref(&tab->funcs[0], &a, 1, &r, 1) == W2C_OK && r.of.i32 == 42, "inc");
	CHECK(w2c_call_ref(&tab->funcs[2], &a, 1, &r, 1) == W2C_OK && r.of.i32 == 82,
	      "a typed host function from the table");
	/* a signature no export has */
	st = call_ref2(&tab->funcs[1], check_i64(2), f64v(0.5), &r);
	CHECK(st == W2C_OK && r.type == W2C_F64 && r.of.f64 == 2.5, "mix: %s",
	      w2c_status_message(st));
	CHECK(call_ref2(&w2c_get_global(exp, "fref")->funcref, check_i64(1), f64v(1.25), &r) ==
	              W2C_OK && r.of.f64 == 2.25,
	      "a funcref global");
	/* checked against its signature */
	CHECK(call_ref2(&tab->funcs[1], check_i32(2), f64v(0.5), &r) == W2C_ERR_ARGUMENTS,
	      "wrong argument type");
	CHECK(w2c_call_ref(&tab->funcs[1], &a, 1, &r, 1) == W2C_ERR_ARGUMENTS, "wrong count");
	CHECK(w2c_call_ref(&tab->funcs[0], &a, 1, NULL, 0) == W2C_ERR_ARGUMENTS,
	      "wrong result count");
	/* and its status */
	CHECK(w2c_call_ref(&tab->funcs[3], NULL, 0, &r, 1) == W2C_TRAP_UNREACHABLE, "boom");
	CHECK(w2c_call_ref(&tab->funcs[4], &a, 1, NULL, 0) == W2C_EXCEPTION, "throws");
	exn = w2c_exception();
	CHECK(exn && w2c_exn_tag(exn) == get(exp, "err").tag &&
	              w2c_exn_payload(exn, &n)[0].of.i32 == 41 && n == 1,
	      "payload");
	CHECK(w2c_call_ref(&tab->funcs[5], NULL, 0, NULL, 0) == W2C_HOST_ERROR &&
	              w2c_host_error() == &marker,
	      "a host error");
	memset(&null_ref, 0, sizeof null_ref);
	CHECK(w2c_call_ref(&null_ref, NULL, 0, NULL, 0) == W2C_TRAP_NULL_FUNCREF, "null");
	/* a funcref the host made, of a signature no module has */
	fake = tab->funcs[0];
	fake.type = UINT64_C(0x1249249249); /* 12 i32 params, no result */
	CHECK(w2c_call_ref(&fake, NULL, 0, NULL, 0) == W2C_ERR_NOT_FOUND, "unknown signature");
	w2c_instance_free(exp);
}

int main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "extern_imports", test_extern_imports },
		{ "extern_mismatch", test_extern_mismatch },
		{ "call_ref", test_call_ref },
	};
	return check_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
