/*
 * test_translate.c: what w2c_translate leaves on disk.
 *
 * Each test gets a fresh temporary directory.  A successful translation
 * leaves exactly the C file and the header there; a failed one leaves
 * nothing new, whether it failed in the header, in a function body after
 * the header was written, or on opening a file, and never touches output
 * that was there before.
 */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* mkdtemp */
#endif

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "unit.h"

#define HDR "\x00\x61\x73\x6d\x01\x00\x00\x00"

/* One function "run" of type [] -> [i32] returning 42, exported. */
static const uint8_t good_module[] = HDR
	"\x01\x05\x01\x60\x00\x01\x7f"
	"\x03\x02\x01\x00"
	"\x07\x07\x01\x03\x72\x75\x6e\x00\x00"
	"\x0a\x06\x01\x04\x00\x41\x2a\x0b";

static char dir[64];
static char c_path[128], h_path[128];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/w2c-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(c_path, sizeof c_path, "%s/t.c", dir);
	snprintf(h_path, sizeof h_path, "%s/t.h", dir);
}

static void teardown(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[400];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		remove(path);
	}
	closedir(d);
	rmdir(dir);
}

/* The names in the directory, sorted, separated by spaces. */
static void list_dir(char *out, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[16];
	int n = 0, i, j;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) && n < 16) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *tmp = names[j];
			names[j] = names[j - 1];
			names[j - 1] = tmp;
		}
	out[0] = 0;
	for (i = 0; i < n; i++) {
		if (i)
			strncat(out, " ", size - strlen(out) - 1);
		strncat(out, names[i], size - strlen(out) - 1);
		free(names[i]);
	}
}

/* The whole file as a string; the caller frees. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	s = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = 0;
	fclose(f);
	return s;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static Options options(void)
{
	Options opt;

	memset(&opt, 0, sizeof opt);
	opt.input = "t.wasm";
	opt.prefix = "w2c_t";
	opt.header = "t.h";
	return opt;
}

START_TEST(test_success)
{
	Options opt = options();
	Translation t;
	char names[256];
	char *c, *h;

	ck_assert_msg(w2c_translate(good_module, sizeof good_module - 1, &opt, c_path,
	                            h_path, &t),
	              "failed: %s", t.error);
	list_dir(names, sizeof names);
	ck_assert_str_eq(names, "t.c t.h");
	h = slurp(h_path);
	c = slurp(c_path);
	ck_assert_ptr_nonnull(strstr(h, "#ifndef w2c_t_H_"));
	ck_assert_ptr_nonnull(strstr(h, "w2c_t_run"));
	ck_assert_ptr_nonnull(strstr(c, "#include \"t.h\""));
	ck_assert_ptr_nonnull(strstr(c, "42"));
	free(h);
	free(c);
}
END_TEST

/* Translating again replaces the output in place. */
START_TEST(test_replaces_output)
{
	Options opt = options();
	Translation t;
	char names[256];
	char *c;

	spit(c_path, "stale");
	spit(h_path, "stale");
	ck_assert(w2c_translate(good_module, sizeof good_module - 1, &opt, c_path, h_path, &t));
	c = slurp(c_path);
	ck_assert_ptr_null(strstr(c, "stale"));
	free(c);
	list_dir(names, sizeof names);
	ck_assert_str_eq(names, "t.c t.h");
}
END_TEST

struct bad_case {
	const char *name;
	const uint8_t *bytes;
	size_t size;
	const char *message;
};

static const struct bad_case bad_cases[] = {
	{ "bad magic", BYTES("\x00\x61\x73\x00\x01\x00\x00\x00"), "magic header not detected" },
	{ "truncated section", BYTES(HDR "\x01\x05\x01\x60"), "length out of bounds" },
	/* the header is written before the bodies are read */
	{ "type error in a body",
	  BYTES(HDR "\x01\x05\x01\x60\x00\x01\x7f" "\x03\x02\x01\x00"
	        "\x07\x07\x01\x03\x72\x75\x6e\x00\x00" "\x0a\x06\x01\x04\x00\x42\x2a\x0b"),
	  "type mismatch" },
	{ "error in the last of two bodies",
	  BYTES(HDR "\x01\x04\x01\x60\x00\x00" "\x03\x03\x02\x00\x00"
	        "\x0a\x08\x02\x02\x00\x0b\x03\x00\x27\x0b"),
	  "illegal opcode" },
};

START_TEST(test_failure_leaves_nothing)
{
	const struct bad_case *b = &bad_cases[_i];
	Options opt = options();
	Translation t;
	char names[256];

	ck_assert_msg(!w2c_translate(b->bytes, b->size, &opt, c_path, h_path, &t),
	              "%s: translated", b->name);
	ck_assert_msg(!strncmp(t.message, b->message, strlen(b->message)),
	              "%s: message \"%s\"", b->name, t.message);
	ck_assert_msg(!strncmp(t.error, "t.wasm:0x", 9), "%s: error \"%s\"", b->name, t.error);
	list_dir(names, sizeof names);
	ck_assert_msg(!strcmp(names, ""), "%s: left \"%s\"", b->name, names);
}
END_TEST

START_TEST(test_failure_keeps_old_output)
{
	const struct bad_case *b = &bad_cases[_i];
	Options opt = options();
	Translation t;
	char names[256];
	char *c, *h;

	spit(c_path, "old c");
	spit(h_path, "old h");
	ck_assert(!w2c_translate(b->bytes, b->size, &opt, c_path, h_path, &t));
	c = slurp(c_path);
	h = slurp(h_path);
	ck_assert_str_eq(c, "old c");
	ck_assert_str_eq(h, "old h");
	free(c);
	free(h);
	list_dir(names, sizeof names);
	ck_assert_str_eq(names, "t.c t.h");
}
END_TEST

/* The header can't be created: nothing is written. */
START_TEST(test_unwritable_header)
{
	Options opt = options();
	Translation t;
	char names[256], bad[160];

	snprintf(bad, sizeof bad, "%s/missing/t.h", dir);
	ck_assert(!w2c_translate(good_module, sizeof good_module - 1, &opt, c_path, bad, &t));
	ck_assert_ptr_nonnull(strstr(t.error, bad));
	list_dir(names, sizeof names);
	ck_assert_str_eq(names, "");
}
END_TEST

/* The C file can't be created after the header's temporary was: that
 * temporary goes too. */
START_TEST(test_unwritable_c_file)
{
	Options opt = options();
	Translation t;
	char names[256], bad[160];

	snprintf(bad, sizeof bad, "%s/missing/t.c", dir);
	ck_assert(!w2c_translate(good_module, sizeof good_module - 1, &opt, bad, h_path, &t));
	ck_assert_ptr_nonnull(strstr(t.error, bad));
	list_dir(names, sizeof names);
	ck_assert_str_eq(names, "");
}
END_TEST

/*
 * call_indirect through a table whose contents are known (the module's
 * own, unexported, filled by a constant segment, never changed) calls its
 * functions directly; an exported table, or one any instruction changes,
 * keeps the checked call alone.  The module: functions a and b of type
 * [] -> [i32] at table indices 0 and 1, and run(i) calling index i.
 */
#define FIXED_TABLE_MODULE(exports, bodies)                                  \
	HDR "\x01\x0a\x02\x60\x00\x01\x7f\x60\x01\x7f\x01\x7f" /* types */    \
	"\x03\x04\x03\x00\x00\x01" "\x04\x04\x01\x70\x00\x02" exports          \
	"\x09\x08\x01\x00\x41\x00\x0b\x02\x00\x01" bodies

static const struct table_case {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	bool direct;
} table_cases[] = {
	{ "fixed", BYTES(FIXED_TABLE_MODULE(
	  "\x07\x07\x01\x03run\x00\x02",
	  "\x0a\x13\x03\x04\x00\x41\x01\x0b\x04\x00\x41\x02\x0b"
	  "\x07\x00\x20\x00\x11\x00\x00\x0b")), true },
	{ "exported", BYTES(FIXED_TABLE_MODULE(
	  "\x07\x0d\x02\x03tab\x01\x00\x03run\x00\x02",
	  "\x0a\x13\x03\x04\x00\x41\x01\x0b\x04\x00\x41\x02\x0b"
	  "\x07\x00\x20\x00\x11\x00\x00\x0b")), false },
	{ "table.set in b", BYTES(FIXED_TABLE_MODULE(
	  "\x07\x07\x01\x03run\x00\x02",
	  "\x0a\x19\x03\x04\x00\x41\x01\x0b\x0a\x00\x41\x00\xd0\x70\x26\x00"
	  "\x41\x02\x0b\x07\x00\x20\x00\x11\x00\x00\x0b")), false },
};

START_TEST(test_fixed_table)
{
	const struct table_case *k = &table_cases[_i];
	Options opt = options();
	Translation t;
	Buf c = { 0 }, h = { 0 };

	ck_assert_msg(w2c_translate_mem(k->bytes, k->len, &opt, &c, &h, &t), "%s: %s",
	              k->name, t.error);
	buf_char(&c, 0);
	ck_assert_ptr_nonnull(strstr(c.p, "w2c_indirect("));
	if (k->direct) {
		ck_assert_msg(strstr(c.p, "case 0:\n\ti0 = fn0(inst);") != NULL, "%s", c.p);
		ck_assert_ptr_nonnull(strstr(c.p, "case 1:\n\ti0 = fn1(inst);"));
	} else {
		ck_assert_msg(strstr(c.p, "switch") == NULL, "%s", k->name);
	}
	buf_free(&c);
	buf_free(&h);
}
END_TEST

/*
 * Lane ranges (w2c/emit_func.c): where every 32-bit lane of both operands
 * is known to fit in 16 bits, i32x4.mul, min and max and the unsigned
 * narrowing take the 16-bit forms SSE2 has; where nothing is known, or a
 * lane may be negative for an unsigned operation, the general ones.  And
 * a shuffle followed by a left shift by a constant needs only the bytes
 * the shift keeps: the mask widening clang emits (bytes 0 0 0 0 1 0 0 0
 * 2 0 0 0 3 0 0 0, then shl 24) is unpacks alone, no blend.
 *
 * Each case is the body of one function "f" of type 0, exported; the
 * types and the body are bytes, which simd_module wraps in a module.
 * tests/simd/ranges.wast checks the results of the same forms.
 */
#define GET0 "\x20\x00"
#define GET1 "\x20\x01"
#define LOAD16X4_S "\xfd\x03\x03\x00"         /* v128.load16x4_s align=8 */
#define EXTEND_LOW_S "\xfd\xa7\x01"           /* i32x4.extend_low_i16x8_s */
#define EXTEND_HIGH_S "\xfd\xa8\x01"          /* i32x4.extend_high_i16x8_s */
#define EXTEND_LOW_U "\xfd\xa9\x01"           /* i32x4.extend_low_i16x8_u */
#define I32X4_ADD "\xfd\xae\x01"
#define I32X4_MUL "\xfd\xb5\x01"
#define I32X4_MIN_U "\xfd\xb7\x01"
#define I32X4_SHL "\xfd\xab\x01"
#define I32X4_SHR_U "\xfd\xad\x01"
#define NARROW_I32X4_U "\xfd\x86\x01"         /* i16x8.narrow_i32x4_u */
#define NARROW_I16X8_U "\xfd\x66"             /* i8x16.narrow_i16x8_u */
#define V128_AND "\xfd\x4e"
#define V128_XOR "\xfd\x51"
#define V128_ZERO "\xfd\x0c" "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
#define V128_255 "\xfd\x0c" "\xff\x00\x00\x00\xff\x00\x00\x00\xff\x00\x00\x00\xff\x00\x00\x00"
#define V128_7FFF "\xfd\x0c" "\xff\x7f\x00\x00\xff\x7f\x00\x00\xff\x7f\x00\x00\xff\x7f\x00\x00"
/* (i8x16.shuffle a 16 16 16 b 16 16 16 ... x (v128.const 0)): bytes a-d
 * of x zero-extended to lanes */
#define ZEXT(a, b, c, d) "\xfd\x0d" a "\x10\x10\x10" b "\x10\x10\x10" c "\x10\x10\x10" d "\x10\x10\x10"
/* (i8x16.shuffle 0 0 0 0 1 0 0 0 2 0 0 0 3 0 0 0 x x) */
#define WIDEN_MASK "\xfd\x0d" "\x00\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00"
#define TYPE_VV_V "\x01\x60\x02\x7b\x7b\x01\x7b"   /* [v128 v128] -> [v128] */
#define TYPE_V_V "\x01\x60\x01\x7b\x01\x7b"        /* [v128] -> [v128] */
#define TYPE_II_V "\x01\x60\x02\x7f\x7f\x01\x7b"   /* [i32 i32] -> [v128] */

static const struct range_case {
	const char *name;
	const uint8_t *types;
	size_t ntypes;
	bool memory;
	const uint8_t *body;
	size_t nbody;
	const char *want[3], *shun[2];
} range_cases[] = {
	/* (i32x4.mul (v128.load16x4_s (local.get 0)) (v128.load16x4_s (local.get 1))) */
	{ "products of i16 loads", BYTES(TYPE_II_V), true,
	  BYTES(GET0 LOAD16X4_S GET1 LOAD16X4_S I32X4_MUL),
	  { "w2c_i32x4_mul_s16(" }, { "w2c_i32x4_mul(" } },
	/* (i32x4.mul (v128.and (i32x4.extend_low_i16x8_u (local.get 0))
	 *                      (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff))
	 *            (v128.and (v128.const i32x4 0x7fff 0x7fff 0x7fff 0x7fff)
	 *                      (i32x4.extend_low_i16x8_u (local.get 1))))
	 * an and is in the narrower nonnegative range, either side */
	{ "products masked to 15 bits", BYTES(TYPE_VV_V), false,
	  BYTES(GET0 EXTEND_LOW_U V128_7FFF V128_AND V128_7FFF GET1 EXTEND_LOW_U V128_AND I32X4_MUL),
	  { "w2c_i32x4_mul_s16(" }, { "w2c_i32x4_mul(" } },
	/* (i32x4.mul (local.get 0) (local.get 1)) */
	{ "products of parameters", BYTES(TYPE_VV_V), false,
	  BYTES(GET0 GET1 I32X4_MUL),
	  { "w2c_i32x4_mul(" }, { "_s16(" } },
	/* (i32x4.extend_low_i16x8_s (local.get 0))
	 * (loop (param v128) (result v128)
	 *   (i32x4.mul (i32x4.extend_low_i16x8_s (local.get 1))))
	 * a branch back could bring any value as the loop's parameter */
	{ "a loop parameter", BYTES("\x02\x60\x02\x7b\x7b\x01\x7b\x60\x01\x7b\x01\x7b"), false,
	  BYTES(GET0 EXTEND_LOW_S "\x03\x01" GET1 EXTEND_LOW_S I32X4_MUL "\x0b"),
	  { "w2c_i32x4_mul(" }, { "_s16(" } },
	/* i8x16.add_sat_u on bytes 0-7 as compilers widen it:
	 * (i8x16.narrow_i16x8_u
	 *   (i16x8.narrow_i32x4_u
	 *     (i32x4.min_u (i32x4.add (ZEXT 0-3 of 0) (ZEXT 0-3 of 1))
	 *                  (v128.const i32x4 255 255 255 255))
	 *     (i32x4.min_u (i32x4.add (ZEXT 4-7 of 0) (ZEXT 4-7 of 1))
	 *                  (v128.const i32x4 255 255 255 255)))
	 *   (v128.const i32x4 0 0 0 0)) */
	{ "add_sat_u8 widened", BYTES(TYPE_VV_V), false,
	  BYTES(GET0 V128_ZERO ZEXT("\x00", "\x01", "\x02", "\x03")
	        GET1 V128_ZERO ZEXT("\x00", "\x01", "\x02", "\x03")
	        I32X4_ADD V128_255 I32X4_MIN_U
	        GET0 V128_ZERO ZEXT("\x04", "\x05", "\x06", "\x07")
	        GET1 V128_ZERO ZEXT("\x04", "\x05", "\x06", "\x07")
	        I32X4_ADD V128_255 I32X4_MIN_U
	        NARROW_I32X4_U V128_ZERO NARROW_I16X8_U),
	  { "w2c_i32x4_min_s16(", "w2c_i16x8_narrow_i32x4_s(" },
	  { "w2c_i32x4_min_u(", "w2c_i16x8_narrow_i32x4_u(" } },
	/* (i32x4.min_u (i32x4.add (ZEXT 0-3 of 0) (ZEXT 0-3 of 1))
	 *              (i32x4.splat (i32.const 255))) */
	{ "a splat bound", BYTES(TYPE_VV_V), false,
	  BYTES(GET0 V128_ZERO ZEXT("\x00", "\x01", "\x02", "\x03")
	        GET1 V128_ZERO ZEXT("\x00", "\x01", "\x02", "\x03")
	        I32X4_ADD "\x41\xff\x01" "\xfd\x11" I32X4_MIN_U),
	  { "w2c_i32x4_min_s16(" }, { "w2c_i32x4_min_u(" } },
	/* (v128.xor
	 *   (i16x8.narrow_i32x4_u (i32x4.extend_low_i16x8_s (local.get 0))
	 *                         (i32x4.extend_high_i16x8_s (local.get 0)))
	 *   (i32x4.min_u (i32x4.extend_low_i16x8_s (local.get 0))
	 *                (i32x4.extend_high_i16x8_s (local.get 0))))
	 * lanes in [-32768, 32767]: -1 narrows to 0 and is the largest
	 * unsigned */
	{ "unsigned on negative lanes", BYTES(TYPE_V_V), false,
	  BYTES(GET0 EXTEND_LOW_S GET0 EXTEND_HIGH_S NARROW_I32X4_U
	        GET0 EXTEND_LOW_S GET0 EXTEND_HIGH_S I32X4_MIN_U V128_XOR),
	  { "w2c_i32x4_min_u(", "w2c_i16x8_narrow_i32x4_u(" }, { "_s16(", "narrow_i32x4_s(" } },
	/* (i32x4.shl (WIDEN_MASK (local.get 0) (local.get 0)) (i32.const 24)) */
	{ "mask widening", BYTES(TYPE_V_V), false,
	  BYTES(GET0 GET0 WIDEN_MASK "\x41\x18" I32X4_SHL),
	  { "W2C_SHUFFLE_OR(" }, { "W2C_BLEND" } },
	/* (i32x4.shr_u (WIDEN_MASK (local.get 0) (local.get 0)) (i32.const 24)):
	 * every byte counts, so a blend fills the zeros (which shows the case
	 * above would see one) */
	{ "mask shifted right", BYTES(TYPE_V_V), false,
	  BYTES(GET0 GET0 WIDEN_MASK "\x41\x18" I32X4_SHR_U),
	  { "W2C_SHUFFLE_OR(", "W2C_BLEND" }, { NULL } },
};

static void leb(Buf *b, size_t v)
{
	do {
		buf_char(b, (char)((v & 0x7f) | (v >> 7 ? 0x80 : 0)));
		v >>= 7;
	} while (v);
}

static void section(Buf *b, char id, const Buf *content)
{
	buf_char(b, id);
	leb(b, content->len);
	buf_add(b, content->p, content->len);
}

/* The module of case k: its types, function 0 of type 0 with k's body
 * and no locals, exported as "f", and a memory if k asks. */
static void simd_module(const struct range_case *k, Buf *out)
{
	Buf sec = { 0 };

	buf_add(out, HDR, 8);
	buf_add(&sec, k->types, k->ntypes);
	section(out, 1, &sec);
	buf_add(out, "\x03\x02\x01\x00", 4);
	if (k->memory)
		buf_add(out, "\x05\x03\x01\x00\x01", 5);
	buf_add(out, "\x07\x05\x01\x01" "f" "\x00\x00", 7);
	sec.len = 0;
	buf_char(&sec, 1);
	leb(&sec, k->nbody + 2);
	buf_char(&sec, 0);
	buf_add(&sec, k->body, k->nbody);
	buf_char(&sec, 0x0b);
	section(out, 0x0a, &sec);
	buf_free(&sec);
}

START_TEST(test_lane_ranges)
{
	const struct range_case *k = &range_cases[_i];
	Options opt = options();
	Translation t;
	Buf wasm = { 0 }, c = { 0 }, h = { 0 };
	size_t i;

	simd_module(k, &wasm);
	ck_assert_msg(w2c_translate_mem((const uint8_t *)wasm.p, wasm.len, &opt, &c, &h, &t),
	              "%s: %s", k->name, t.error);
	buf_char(&c, 0);
	for (i = 0; i < ARRAY_SIZE(k->want) && k->want[i]; i++)
		ck_assert_msg(strstr(c.p, k->want[i]) != NULL, "%s: no %s in\n%s", k->name,
		              k->want[i], c.p);
	for (i = 0; i < ARRAY_SIZE(k->shun) && k->shun[i]; i++)
		ck_assert_msg(strstr(c.p, k->shun[i]) == NULL, "%s: %s in\n%s", k->name,
		              k->shun[i], c.p);
	buf_free(&wasm);
	buf_free(&c);
	buf_free(&h);
}
END_TEST

/* Modules whose C must hold the `want` strings and not the `shun` one. */
struct output_case {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	const char *want[4], *shun;
};

/*
 * Active data segments at constant offsets are copied by one runtime call
 * over a table, in order (a module's init with thousands of inlined
 * copies took gcc -O1 40 s on ruby.wasm); a segment whose offset is a
 * global ends the table and is copied on its own.
 */
#define DATA_MODULE(imports, data) "\0asm\1\0\0\0" imports "\x05\x03\x01\x00\x01" data

static const struct output_case data_cases[] = {
	/* (data (i32.const 0) "ab") (data "p") (data (i32.const 10) "c") */
	{ "constant offsets", BYTES(DATA_MODULE("",
	  "\x0b\x11\x03" "\x00\x41\x00\x0b\x02" "ab" "\x01\x01" "p" "\x00\x41\x0a\x0b\x01" "c")),
	  { "{ data0, 2u, 0u, 0u },\n\t\t\t{ data2, 1u, 10u, 2u },\n\t\t};",
	    "w2c_rt_memory_init_active(inst->m0->data, inst->m0->size, segs, 2u, " },
	  "w2c_memory_init_seg(" },
	/* (import "m" "g" (global i32))
	 * (data (i32.const 0) "ab") (data (global.get 0) "d") (data (i32.const 10) "c") */
	{ "a global offset between", BYTES(DATA_MODULE("\x02\x08\x01\x01m\x01g\x03\x7f\x00",
	  "\x0b\x14\x03" "\x00\x41\x00\x0b\x02" "ab" "\x00\x23\x00\x0b\x01" "d"
	  "\x00\x41\x0a\x0b\x01" "c")),
	  { "{ data0, 2u, 0u, 0u },\n\t\t};", "data1, 1u, inst->",
	    "{ data2, 1u, 10u, 2u },\n\t\t};" },
	  NULL },
};

/*
 * A comparison that a br_if or if tests next is written into the test,
 * also with loaded (kept) operands:
 * (memory 1) (func (param i32) (result i32)
 *   (block (br_if 0 (i32.eq (local.get 0) (i32.const 3))))
 *   (if (i32.eqz (local.get 0)) (then (return (i32.const 11))))
 *   (if (f32.lt (f32.load (local.get 0)) (f32.load offset=4 (local.get 0)))
 *     (then (return (i32.const 12))))
 *   (i32.const 1))
 */
static const struct output_case cond_cases[] = {
	{ "fused conditions", BYTES("\0asm\1\0\0\0\x01\x06\x01\x60\x01\x7f\x01\x7f\x03\x02\x01\x00"
	  "\x05\x03\x01\x00\x01\x0a\x2a\x01\x28\x00\x02\x40\x20\x00\x41\x03\x46\x0d\x00\x0b"
	  "\x20\x00\x45\x04\x40\x41\x0b\x0f\x0b\x20\x00\x2a\x02\x00\x20\x00\x2a\x02\x04"
	  "\x5d\x04\x40\x41\x0c\x0f\x0b\x41\x01\x0b"),
	  { "\tif (l0 == 3u) goto L1;\n", "\tif (!(!l0)) goto E2;\n", "\tif (!(f0 < f1)) goto E3;\n" },
	  "\ti0 = " },
};

/*
 * Several memories: a function keeps those it names in locals, reloaded
 * after calls, and no others.  (memory 1) (memory 1) (func (result i32)
 * (drop (call 1)) (i32.load 1 (i32.const 0))) (func (result i32) (i32.const 0))
 * A 64-bit memory's access is checked explicitly, and needs no keeping:
 * (memory i64 1) (func (param i64) (result i32) (i32.load offset=8 (local.get 0)))
 */
static const struct output_case memory_cases[] = {
	{ "memory 1 of 2", BYTES("\0asm\1\0\0\0\x01\x05\x01\x60\x00\x01\x7f\x03\x03\x02\x00\x00"
	  "\x05\x05\x02\x00\x01\x00\x01\x0a\x12\x02"
	  "\x0b\x00\x10\x01\x1a\x41\x00\x28\x42\x01\x00\x0b" "\x04\x00\x41\x00\x0b"),
	  { "\tuint8_t *m1 = (&inst->mem1)->data;\n", "\tW2C_RELOAD(m1, m1n, (&inst->mem1));\n",
	    "w2c_load32(W2C_AT(m1, m1n, 0u, 0u))" },
	  "W2C_RELOAD(m0" },
	{ "memory64 load", BYTES("\0asm\1\0\0\0\x01\x06\x01\x60\x01\x7e\x01\x7f\x03\x02\x01\x00"
	  "\x05\x03\x01\x04\x01\x0a\x09\x01\x07\x00\x20\x00\x28\x02\x08\x0b"),
	  { "w2c_load32(m0, UINT64_MAX, w2c_addr_check(m0n, l0, UINT64_C(8), UINT64_C(12)))",
	    "static const w2c_limits type = { UINT64_C(1), UINT64_C(0), W2C_LIMITS_64 | 0 };" },
	  "W2C_KEEP" },
};

/* Case k translated with opt: its C has every `want` and no `shun`. */
static void check_output_opt(const struct output_case *k, const Options *opt)
{
	Translation t;
	Buf c = { 0 }, h = { 0 };
	size_t i;

	ck_assert_msg(w2c_translate_mem(k->bytes, k->len, opt, &c, &h, &t), "%s: %s",
	              k->name, t.error);
	buf_char(&c, 0);
	for (i = 0; i < ARRAY_SIZE(k->want) && k->want[i]; i++)
		ck_assert_msg(strstr(c.p, k->want[i]) != NULL, "%s: no %s in\n%s", k->name,
		              k->want[i], c.p);
	if (k->shun)
		ck_assert_msg(strstr(c.p, k->shun) == NULL, "%s: %s in\n%s", k->name, k->shun,
		              c.p);
	buf_free(&c);
	buf_free(&h);
}

static void check_output(const struct output_case *k)
{
	Options opt = options();

	check_output_opt(k, &opt);
}

/*
 * Tail calls (w2c/emit_tail.c): a function making them becomes a tail
 * entry and a wrapper of its old name and type; a tail call to itself
 * goes back to its start, one to another jumps to the entry of a
 * function known to have one, calls one known not to
 * plainly (that one is written as ever) and asks an import's ordinary
 * function.
 */
#define TAIL_TYPE "\0asm\1\0\0\0\x01\x06\x01\x60\x01\x7f\x01\x7f"
static const struct output_case tail_cases[] = {
	{ "to itself", BYTES(TAIL_TYPE "\x03\x02\x01\x00"
	  "\x0a\x08\x01\x06\x00\x20\x00\x12\x00\x0b"),
	  { "static void fn0_tail(void *ctx, w2c_tail_area *tail)\n{\n",
	    "T_:;\n\t(void)tail;\n\tuint32_t l0 = w2c_tail_get_i(tail, 0);\n",
	    "\tw2c_tail_put_i(tail, 0, l0);\n\tgoto T_;\n",
	    "static uint32_t fn0(void *ctx, uint32_t l0)\n{\n\tw2c_tail_area *tail = &w2c_rt_tail;\n" },
	  NULL },
	{ "to one making none", BYTES(TAIL_TYPE "\x03\x03\x02\x00\x00"
	  "\x0a\x0d\x02\x06\x00\x20\x00\x12\x01\x0b\x04\x00\x20\x00\x0b"),
	  { "\ti0 = fn1(inst, l0);\n\tw2c_tail_put_i(tail, 0, i0);\n\treturn;\n",
	    "static W2C_INLINE_LEAF uint32_t fn1(void *ctx, uint32_t l0)\n{\n\tstruct w2c_t *inst" },
	  "fn1_tail" },
	{ "mutual", BYTES(TAIL_TYPE "\x03\x03\x02\x00\x00"
	  "\x0a\x0f\x02\x06\x00\x20\x00\x12\x01\x0b\x06\x00\x20\x00\x12\x00\x0b"),
	  { "static void fn1_tail(void *ctx, w2c_tail_area *tail);\n\n"
	    "static void fn0_tail(void *ctx, w2c_tail_area *tail)\n{\n",
	    "\tW2C_TAIL_JUMP(fn1_tail, inst, tail);\n",
	    "\tW2C_TAIL_JUMP(fn0_tail, inst, tail);\n" },
	  "\ttail->probe = " },
	{ "to an import", BYTES(TAIL_TYPE "\x02\x07\x01\x01m\x01" "f\x00\x00\x03\x02\x01\x00"
	  "\x0a\x08\x01\x06\x00\x20\x00\x12\x00\x0b"),
	  { "\ttail->probe = inst->f0.fn;\n\ttail->next = NULL;\n",
	    "\ti0 = ((ft0)inst->f0.fn)(inst->f0.ctx, l0);\n\ttail->probe = NULL;\n",
	    "\tif (tail->next)\n\t\tW2C_TAIL_JUMP(tail->next, inst->f0.ctx, tail);\n\t}\n"
	    "\tw2c_tail_put_i(tail, 0, i0);\n\treturn;\n" },
	  NULL },
};

/*
 * Calls: a tiny leaf is inlined everywhere; a function whose calls stay in
 * the module leaves its stack check to the guard page where there is one;
 * one calling an import keeps it; a leaf with a loop is left to the C
 * compiler.  (func (param i32) (result i32) (call 1 (local.get 0)))
 * (func (param i32) (result i32) (local.get 0)), the same calling an import,
 * and (func (param i32) (result i32) (loop (br_if 0 (local.get 0))) (local.get 0)).
 */
static const struct output_case call_cases[] = {
	{ "tiny leaf", BYTES(TAIL_TYPE "\x03\x03\x02\x00\x00"
	  "\x0a\x0d\x02\x06\x00\x20\x00\x10\x01\x0b\x04\x00\x20\x00\x0b"),
	  { "static W2C_INLINE_LEAF uint32_t fn1(void *ctx, uint32_t l0)\n{\n",
	    "static uint32_t fn0(void *ctx, uint32_t l0)\n{\n\tW2C_ENTER_GUARDED(" },
	  "W2C_ENTER(" },
	{ "calling an import", BYTES(TAIL_TYPE "\x02\x07\x01\x01m\x01" "f\x00\x00\x03\x02\x01\x00"
	  "\x0a\x08\x01\x06\x00\x20\x00\x10\x00\x0b"),
	  { "static uint32_t fn1(void *ctx, uint32_t l0)\n{\n\tW2C_ENTER(" },
	  "W2C_ENTER_GUARDED(" },
	{ "leaf with a loop", BYTES(TAIL_TYPE "\x03\x02\x01\x00"
	  "\x0a\x0d\x01\x0b\x00\x03\x40\x20\x00\x0d\x00\x0b\x20\x00\x0b"),
	  { "static uint32_t fn0(void *ctx, uint32_t l0)\n{\n" },
	  "W2C_INLINE_LEAF" },
};

/*
 * --max-memory (docs/instances.md): a defined memory's growth is capped
 * below its maximum, and a cap of at most 256 pages makes it small
 * (checked, reserving the cap) unless it is exported.  (memory 1) or
 * (memory 1 8), maybe exported, and (func (param i32) (result i32)
 * (i32.load (local.get 0))).
 */
#define CAP_MODULE(mem, exports) "\0asm\1\0\0\0\x01\x06\x01\x60\x01\x7f\x01\x7f" \
	"\x03\x02\x01\x00" mem exports "\x0a\x09\x01\x07\x00\x20\x00\x28\x02\x00\x0b"
static const struct cap_case {
	const char *name;
	const uint8_t *bytes;
	size_t len;
	uint64_t max_memory;
	const char *want[2];
	const char *shun;
} cap_cases[] = {
	{ "no maximum, capped small", BYTES(CAP_MODULE("\x05\x03\x01\x00\x01", "")), 1 << 20,
	  { "type = { UINT64_C(1), UINT64_C(0), W2C_LIMITS_RESERVE_MAX | 0 };\n"
	    "\t\tw2c_rt_memory_alloc_capped(&inst->mem0, &type, UINT64_C(16), !W2C_BOUNDS_CHECKS);",
	    "w2c_addr_check(m0n, l0, UINT64_C(0), UINT64_C(4))" }, NULL },
	{ "capped large", BYTES(CAP_MODULE("\x05\x03\x01\x00\x01", "")), 32 << 20,
	  { "type = { 1, 0, false };\n"
	    "\t\tw2c_rt_memory_alloc_capped(&inst->mem0, &type, UINT64_C(512), !W2C_BOUNDS_CHECKS);" },
	  "w2c_addr_check" },
	{ "exported", BYTES(CAP_MODULE("\x05\x03\x01\x00\x01", "\x07\x07\x01\x03mem\x02\x00")),
	  1 << 20, { "w2c_rt_memory_alloc_capped(&inst->mem0, &type, UINT64_C(16)," },
	  "W2C_LIMITS_RESERVE_MAX" },
	{ "maximum below the cap", BYTES(CAP_MODULE("\x05\x04\x01\x01\x01\x08", "")), 1 << 20,
	  { "type = { UINT64_C(1), UINT64_C(8), W2C_LIMITS_MAX | W2C_LIMITS_RESERVE_MAX | 0 };" },
	  "capped" },
	{ "a cap of 4 GiB is none", BYTES(CAP_MODULE("\x05\x03\x01\x00\x01", "")),
	  (uint64_t)4 << 30, { "w2c_rt_memory_alloc(&inst->mem0, 1, 0, false, " }, "capped" },
};

START_TEST(test_max_memory)
{
	const struct cap_case *k = &cap_cases[_i];
	struct output_case oc = { k->name, k->bytes, k->len, { k->want[0], k->want[1] }, k->shun };
	Options opt = options();

	opt.has_max_memory = true;
	opt.max_memory = k->max_memory;
	check_output_opt(&oc, &opt);
}
END_TEST

/* --max-memory's SIZE: bytes, K, M, G; whole 64 KiB pages; no overflow. */
static const struct size_case {
	const char *text;
	bool ok;
	uint64_t bytes;
} size_cases[] = {
	{ "16M", true, 16 << 20 }, { "64k", true, 65536 }, { "65536", true, 65536 },
	{ "0", true, 0 }, { "4G", true, (uint64_t)4 << 30 }, { "131072", true, 131072 },
	{ "100000", false, 0 }, { "1K", false, 0 }, { "", false, 0 }, { "M", false, 0 },
	{ "16MB", false, 0 }, { "-64K", false, 0 }, { "0x10000", false, 0 },
	{ "17179869184G", false, 0 }, { "99999999999999999999", false, 0 },
};

START_TEST(test_memory_size)
{
	const struct size_case *k = &size_cases[_i];
	uint64_t v = 12345;

	ck_assert_msg(parse_memory_size(k->text, &v) == k->ok, "%s", k->text);
	if (k->ok)
		ck_assert_uint_eq(v, k->bytes);
}
END_TEST

START_TEST(test_calls)
{
	check_output(&call_cases[_i]);
}
END_TEST

START_TEST(test_tail_calls)
{
	check_output(&tail_cases[_i]);
}
END_TEST

START_TEST(test_data_init)
{
	check_output(&data_cases[_i]);
}
END_TEST

START_TEST(test_memories)
{
	check_output(&memory_cases[_i]);
}
END_TEST

START_TEST(test_conditions)
{
	check_output(&cond_cases[_i]);
}
END_TEST

Suite *translate_suite(void)
{
	Suite *s = suite_create("translate");
	TCase *tc = tcase_create("output");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_success);
	tcase_add_test(tc, test_replaces_output);
	ADD_TABLE_TEST(tc, test_failure_leaves_nothing, bad_cases);
	ADD_TABLE_TEST(tc, test_failure_keeps_old_output, bad_cases);
	tcase_add_test(tc, test_unwritable_header);
	tcase_add_test(tc, test_unwritable_c_file);
	ADD_TABLE_TEST(tc, test_fixed_table, table_cases);
	ADD_TABLE_TEST(tc, test_lane_ranges, range_cases);
	ADD_TABLE_TEST(tc, test_data_init, data_cases);
	ADD_TABLE_TEST(tc, test_conditions, cond_cases);
	ADD_TABLE_TEST(tc, test_tail_calls, tail_cases);
	ADD_TABLE_TEST(tc, test_calls, call_cases);
	ADD_TABLE_TEST(tc, test_memories, memory_cases);
	ADD_TABLE_TEST(tc, test_max_memory, cap_cases);
	ADD_TABLE_TEST(tc, test_memory_size, size_cases);
	suite_add_tcase(s, tc);
	return s;
}
