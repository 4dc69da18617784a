/*
 * imports.c: import objects at the limits of what wasm allows.
 *
 * A host function may take 1,000 parameters and return 1,000 results, and
 * its signature text is then thousands of bytes long: it must link (no
 * fixed buffer below the spec's limits) and be called with every value.
 */
#include "../sandbox/check.h"
#include "wide.h"

#define N 1000

/* result k = argument k + 1 */
static void wide(void *ctx, const w2c_value *args, w2c_value *results)
{
	int k;

	(void)ctx;
	for (k = 0; k < N; k++)
		results[k].of.i32 = args[k].of.i32 + 1;
}

/* "i32 i32 ... -> i32 i32 ...", or with `bad` as the last result. */
static char *signature(const char *bad)
{
	char *s = malloc(2 * N * 4 + 8), *p = s;
	int k;

	for (k = 0; k < 2 * N; k++) {
		if (k == N)
			p += sprintf(p, "-> ");
		p += sprintf(p, "%s ", k == 2 * N - 1 && bad ? bad : "i32");
	}
	return s;
}

static void test_wide_import(void)
{
	char *sig = signature(NULL);
	w2c_import im[] = { W2C_IMPORT_DYNAMIC("env", "wide", sig, wide, NULL) };
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_wide_module, im, 1, &err);
	w2c_value res;

	CHECK(inst, "instantiate: %s", err.message);
	if (inst) {
		CHECK(w2c_call(inst, "run", NULL, 0, &res, 1) == W2C_OK, "run trapped");
		CHECK(res.of.i32 == N * (N + 1) / 2, "run: %u", res.of.i32);
		w2c_instance_free(inst);
	}
	free(sig);
}

/* A long signature of the wrong type is a link error that says so. */
static void test_wide_mismatch(void)
{
	char *sig = signature("i64");
	w2c_import im[] = { W2C_IMPORT_DYNAMIC("env", "wide", sig, wide, NULL) };
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_wide_module, im, 1, &err);

	CHECK(!inst, "instantiated with a wrong signature");
	CHECK(!inst && err.status == W2C_ERR_LINK, "status %d", (int)err.status);
	CHECK(!inst && strstr(err.message, "expected"), "message: %s", err.message);
	free(sig);
}

/* An unknown type name in a long signature. */
static void test_wide_bad_name(void)
{
	char *sig = signature("i33");
	w2c_import im[] = { W2C_IMPORT_DYNAMIC("env", "wide", sig, wide, NULL) };
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_wide_module, im, 1, &err);

	CHECK(!inst && err.status == W2C_ERR_LINK, "instantiated with a bad signature");
	CHECK(!inst && strstr(err.message, "bad signature"), "message: %s", err.message);
	free(sig);
}

int main(int argc, char **argv)
{
	static const struct check_test tests[] = {
		{ "wide_import", test_wide_import },
		{ "wide_mismatch", test_wide_mismatch },
		{ "wide_bad_name", test_wide_bad_name },
	};
	return check_run(tests, sizeof tests / sizeof tests[0], argc, argv);
}
