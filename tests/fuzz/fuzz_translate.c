/*
 * fuzz_translate.c: the libFuzzer target over the translator.
 *
 * Every input goes through decode and validate (w2c_validate); a valid
 * one is also translated, into memory (w2c_translate_mem).  The
 * translator must never crash, leak, hang or trip a sanitizer, and must
 * say the same thing about validity both times.
 *
 * Built with clang -fsanitize=fuzzer,address,undefined by
 * tests/fuzz/meson.build; run by run_fuzz.py.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Translation t;
	Options opt;
	Buf c = { 0 }, h = { 0 };
	bool valid, translated;

	valid = w2c_validate(data, size, "fuzz.wasm", &t);
	if (!valid && (!t.error[0] || !t.message[0])) {
		fprintf(stderr, "fuzz_translate: invalid without a message\n");
		abort();
	}
	if (!valid)
		return 0;
	memset(&opt, 0, sizeof opt);
	opt.input = "fuzz.wasm";
	opt.prefix = "w2c_fuzz";
	opt.header = "m.h";
	translated = w2c_translate_mem(data, size, &opt, &c, &h, &t);
	buf_free(&c);
	buf_free(&h);
	if (!translated) {
		/* Validation passed, so only the output could fail. */
		fprintf(stderr, "fuzz_translate: valid but not translated: %s\n", t.error);
		abort();
	}
	return 0;
}
