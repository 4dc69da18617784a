/*
 * The exceptions sample: every part of the embedding API for wasm
 * exceptions (include/w2c.h, "Exceptions").
 *
 *   - a host tag (w2c_tag_new) in the import object (W2C_IMPORT_TAG);
 *   - a host function throwing it (w2c_throw), caught by wasm;
 *   - an exception wasm throws and nothing catches: w2c_call returns
 *     W2C_EXCEPTION, and w2c_exception() gives its tag (compared with the
 *     exported tag, by address) and payload;
 *   - a host function calling back into wasm, which throws: through
 *     w2c_call it comes back as W2C_EXCEPTION and the host throws it on
 *     (w2c_throw_ref); through the typed export it passes straight through
 *     the host frame.  Either way the outer wasm catches it.
 */
#include <stdio.h>

#include "exn.h"

static w2c_tag *host_tag;
static w2c_instance *inst;

static void host_throw(void *ctx, uint32_t x)
{
	w2c_value v = { W2C_I32, { .i32 = x * 10 } };

	(void)ctx;
	w2c_throw(host_tag, &v, 1);
}

static void host_call(void *ctx, uint32_t x)
{
	w2c_value v = { W2C_I32, { .i32 = x + 1 } };
	w2c_status st;

	(void)ctx;
	st = w2c_call(inst, "throw-e", &v, 1, NULL, 0);
	printf("  nested w2c_call: %s\n", w2c_status_message(st));
	if (st == W2C_EXCEPTION)
		w2c_throw_ref(w2c_exception()); /* on to the wasm caller */
}

static void host_call_direct(void *ctx, uint32_t x)
{
	(void)ctx;
	w2c_exn_throw_2de(inst, x + 2); /* unwinds this frame */
	printf("  not reached\n");
}

int main(void)
{
	w2c_import imports[4];
	w2c_error err;
	w2c_value arg = { W2C_I32, { .i32 = 7 } }, res;
	w2c_status st;
	w2c_exnref exn;
	const w2c_value *payload;
	size_t n;

	host_tag = w2c_tag_new("i32 ->");
	if (!host_tag)
		return 1;
	{
		w2c_import list[4] = {
			W2C_IMPORT_TAG("host", "tag", host_tag),
			W2C_IMPORT_FUNC("host", "throw", "i32 ->", host_throw, NULL),
			W2C_IMPORT_FUNC("host", "call", "i32 ->", host_call, NULL),
			W2C_IMPORT_FUNC("host", "call-direct", "i32 ->", host_call_direct, NULL),
		};
		for (n = 0; n < 4; n++)
			imports[n] = list[n];
	}
	inst = w2c_instantiate(&w2c_exn_module, imports, 4, &err);
	if (!inst) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}

	st = w2c_call(inst, "catch-host", &arg, 1, &res, 1);
	printf("catch-host(7): %s, %u\n", w2c_status_message(st), res.of.i32);

	st = w2c_call(inst, "throw-e", &arg, 1, NULL, 0);
	exn = w2c_exception();
	payload = w2c_exn_payload(exn, &n);
	printf("throw-e(7): %s, tag e: %s, %zu values: i32 %u, f64 %g\n",
	       w2c_status_message(st), w2c_exn_tag(exn) == w2c_exn_e(inst) ? "yes" : "no",
	       n, payload[0].of.i32, payload[1].of.f64);

	st = w2c_call(inst, "through-host", &arg, 1, &res, 1);
	printf("through-host(7): %s, %u\n", w2c_status_message(st), res.of.i32);
	st = w2c_call(inst, "through-direct", &arg, 1, &res, 1);
	printf("through-direct(7): %s, %u\n", w2c_status_message(st), res.of.i32);

	w2c_instance_free(inst);
	w2c_tag_free(host_tag);
	return 0;
}
