/*
 * test_reader.c: the binary format's primitives (w2c/reader.c).
 *
 * Every read starts two bytes into its buffer, so that the offsets errors
 * report are told apart from the start of the read.  Errors longjmp to the
 * Diag set up by each helper, which returns false and leaves the message
 * and offset in the Diag.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

/* Bytes before the value read, and the offset its reads report. */
#define SKIP 2

enum rd_kind { RD_U32, RD_S32, RD_S64, RD_S33 };

/*
 * Reads one value of `kind` from `in` (n bytes): the section ends after
 * the value and the file `extra` bytes later.  Returns true with *value
 * and *used (bytes consumed), or false with the error in *d.
 */
static bool read_value(enum rd_kind kind, const uint8_t *in, size_t n, size_t extra,
                       int64_t *value, size_t *used, Diag *d)
{
	uint8_t buf[32];
	Reader r;

	ck_assert_uint_le(SKIP + n + extra, sizeof buf);
	memset(buf, 0xaa, sizeof buf);
	memcpy(buf + SKIP, in, n);
	memset(d, 0, sizeof *d);
	d->func = UINT32_MAX;
	r.base = buf;
	r.p = buf + SKIP;
	r.end = buf + SKIP + n;
	r.file_end = r.end + extra;
	r.diag = d;
	if (setjmp(d->env))
		return false;
	switch (kind) {
	case RD_U32: *value = rd_u32(&r); break;
	case RD_S32: *value = rd_s32(&r); break;
	case RD_S64: *value = rd_s64(&r); break;
	case RD_S33: *value = rd_s33(&r); break;
	}
	*used = rd_offset(&r) - SKIP;
	return true;
}

struct leb_case {
	enum rd_kind kind;
	const uint8_t *in;
	size_t n;
	int64_t value;       /* when error is NULL */
	const char *error;   /* the message, or NULL for success */
	size_t offset;       /* of the error */
};

#define TOO_LONG "integer representation too long"
#define TOO_LARGE "integer too large"
#define END "unexpected end"

static const struct leb_case leb_cases[] = {
	/* unsigned 32 */
	{ RD_U32, BYTES("\x00"), 0, NULL, 0 },
	{ RD_U32, BYTES("\x7f"), 127, NULL, 0 },
	{ RD_U32, BYTES("\x80\x01"), 128, NULL, 0 },
	{ RD_U32, BYTES("\xe5\x8e\x26"), 624485, NULL, 0 },
	{ RD_U32, BYTES("\x80\x80\x80\x80\x00"), 0, NULL, 0 },
	{ RD_U32, BYTES("\x83\x80\x80\x80\x00"), 3, NULL, 0 },
	{ RD_U32, BYTES("\xff\xff\xff\xff\x0f"), UINT32_MAX, NULL, 0 },
	{ RD_U32, BYTES("\xff\xff\xff\xff\x1f"), 0, TOO_LARGE, SKIP },
	{ RD_U32, BYTES("\x80\x80\x80\x80\x70"), 0, TOO_LARGE, SKIP },
	{ RD_U32, BYTES("\x80\x80\x80\x80\x80\x00"), 0, TOO_LONG, SKIP },
	{ RD_U32, BYTES("\xff\xff\xff\xff\xff\x0f"), 0, TOO_LONG, SKIP },
	{ RD_U32, BYTES(""), 0, END, SKIP },
	{ RD_U32, BYTES("\x80"), 0, END, SKIP + 1 },
	{ RD_U32, BYTES("\xff\xff\xff\xff"), 0, END, SKIP + 4 },
	/* signed 32 */
	{ RD_S32, BYTES("\x00"), 0, NULL, 0 },
	{ RD_S32, BYTES("\x3f"), 63, NULL, 0 },
	{ RD_S32, BYTES("\x40"), -64, NULL, 0 },
	{ RD_S32, BYTES("\x7f"), -1, NULL, 0 },
	{ RD_S32, BYTES("\xff\x00"), 127, NULL, 0 },
	{ RD_S32, BYTES("\x80\x7f"), -128, NULL, 0 },
	{ RD_S32, BYTES("\xff\xff\xff\xff\x07"), INT32_MAX, NULL, 0 },
	{ RD_S32, BYTES("\x80\x80\x80\x80\x78"), INT32_MIN, NULL, 0 },
	{ RD_S32, BYTES("\xff\xff\xff\xff\x7f"), -1, NULL, 0 },
	{ RD_S32, BYTES("\x80\x80\x80\x80\x00"), 0, NULL, 0 },
	{ RD_S32, BYTES("\xff\xff\xff\xff\x0f"), 0, TOO_LARGE, SKIP },
	{ RD_S32, BYTES("\x80\x80\x80\x80\x70"), 0, TOO_LARGE, SKIP },
	{ RD_S32, BYTES("\xff\xff\xff\xff\x4f"), 0, TOO_LARGE, SKIP },
	{ RD_S32, BYTES("\x80\x80\x80\x80\x80\x00"), 0, TOO_LONG, SKIP },
	{ RD_S32, BYTES("\xff\xff\xff\xff\xff\x7f"), 0, TOO_LONG, SKIP },
	{ RD_S32, BYTES("\xc0"), 0, END, SKIP + 1 },
	/* signed 64 */
	{ RD_S64, BYTES("\x7f"), -1, NULL, 0 },
	{ RD_S64, BYTES("\xff\xff\xff\xff\x0f"), 0xffffffffLL, NULL, 0 },
	{ RD_S64, BYTES("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00"), INT64_MAX, NULL, 0 },
	{ RD_S64, BYTES("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f"), INT64_MIN, NULL, 0 },
	{ RD_S64, BYTES("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"), -1, NULL, 0 },
	{ RD_S64, BYTES("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01"), 0, TOO_LARGE, SKIP },
	{ RD_S64, BYTES("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7e"), 0, TOO_LARGE, SKIP },
	{ RD_S64, BYTES("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00"), 0, TOO_LONG, SKIP },
	{ RD_S64, BYTES("\x80\x80\x80\x80\x80\x80\x80\x80\x80"), 0, END, SKIP + 9 },
	/* signed 33: block types */
	{ RD_S33, BYTES("\x40"), -64, NULL, 0 },
	{ RD_S33, BYTES("\x05"), 5, NULL, 0 },
	{ RD_S33, BYTES("\xff\xff\xff\xff\x0f"), 0xffffffffLL, NULL, 0 },
	{ RD_S33, BYTES("\x80\x80\x80\x80\x70"), -0x100000000LL, NULL, 0 },
	{ RD_S33, BYTES("\x80\x80\x80\x80\x10"), 0, TOO_LARGE, SKIP },
	{ RD_S33, BYTES("\xff\xff\xff\xff\x6f"), 0, TOO_LARGE, SKIP },
	{ RD_S33, BYTES("\x80\x80\x80\x80\x80\x00"), 0, TOO_LONG, SKIP },
};

START_TEST(test_leb128)
{
	const struct leb_case *c = &leb_cases[_i];
	int64_t value = 0;
	size_t used = 0;
	Diag d;
	bool ok = read_value(c->kind, c->in, c->n, 0, &value, &used, &d);

	if (!c->error) {
		ck_assert_msg(ok, "case %d: unexpected error \"%s\"", _i, d.message);
		ck_assert_msg(value == c->value, "case %d: got %lld, want %lld", _i,
		              (long long)value, (long long)c->value);
		ck_assert_uint_eq(used, c->n);
	} else {
		ck_assert_msg(!ok, "case %d: read %lld, want \"%s\"", _i, (long long)value,
		              c->error);
		ck_assert_str_eq(d.message, c->error);
		ck_assert_uint_eq(d.offset, c->offset);
	}
}
END_TEST

/* Past the end of a section that isn't the end of the file. */
START_TEST(test_end_of_section)
{
	int64_t value;
	size_t used;
	Diag d;

	ck_assert(!read_value(RD_U32, BYTES("\x80\x80"), 3, &value, &used, &d));
	ck_assert_str_eq(d.message, "unexpected end of section or function");
	ck_assert_uint_eq(d.offset, SKIP + 2);
	ck_assert(!read_value(RD_S64, BYTES(""), 1, &value, &used, &d));
	ck_assert_str_eq(d.message, "unexpected end of section or function");
	ck_assert_uint_eq(d.offset, SKIP);
	/* the same bytes at the end of the file */
	ck_assert(!read_value(RD_U32, BYTES("\x80\x80"), 0, &value, &used, &d));
	ck_assert_str_eq(d.message, "unexpected end");
}
END_TEST

/* Two values in a row: the reader stops exactly after each. */
START_TEST(test_sequence)
{
	static const uint8_t in[] = { 0xaa, 0x80, 0x01, 0x7f, 0x00, 0x00, 0xc0, 0x7f,
	                              0x18, 0x2d, 0x44, 0x54, 0xfb, 0x21, 0x09, 0x40,
	                              0x05 };
	Reader r = { in, in + 1, in + sizeof in, in + sizeof in, NULL };
	Diag d;

	memset(&d, 0, sizeof d);
	r.diag = &d;
	if (setjmp(d.env))
		ck_abort_msg("unexpected error: %s", d.message);
	ck_assert_uint_eq(rd_u32(&r), 128);
	ck_assert_int_eq(rd_s32(&r), -1);
	ck_assert_uint_eq(rd_offset(&r), 4);
	ck_assert_uint_eq(rd_f32(&r), 0x7fc00000u);
	ck_assert(rd_f64(&r) == 0x400921fb54442d18ull);
	ck_assert(!rd_done(&r));
	ck_assert_uint_eq(rd_u8(&r), 5);
	ck_assert(rd_done(&r));
}
END_TEST

/* rd_bytes and rd_count against the bytes left. */
START_TEST(test_bytes_and_count)
{
	static const uint8_t in[] = { 0x03, 1, 2, 3, 0x04, 0xff };
	Reader r = { in, in, in + 4, in + sizeof in, NULL };
	Diag d;
	volatile int step = 0;

	memset(&d, 0, sizeof d);
	r.diag = &d;
	if (setjmp(d.env)) {
		/* step 1: a count of 4 one-byte items with 3 bytes left in
		 * the section, which ends before the file does */
		ck_assert_int_eq(step, 1);
		ck_assert_str_eq(d.message, "unexpected end of section or function");
		ck_assert_uint_eq(d.offset, 4);
		return;
	}
	ck_assert_uint_eq(rd_count(&r, 1), 3);
	ck_assert_mem_eq(rd_bytes(&r, 3), in + 1, 3);
	r.end = in + 5;
	r.p = in + 4;
	step = 1;
	(void)rd_count(&r, 1);
	ck_abort_msg("rd_count accepted 4 items in 0 bytes");
}
END_TEST

START_TEST(test_count_at_file_end)
{
	static const uint8_t in[] = { 0x02, 0x00 };
	Reader r = { in, in, in + sizeof in, in + sizeof in, NULL };
	Diag d;

	memset(&d, 0, sizeof d);
	r.diag = &d;
	if (setjmp(d.env)) {
		ck_assert_str_eq(d.message, "length out of bounds");
		ck_assert_uint_eq(d.offset, 0);
		return;
	}
	(void)rd_count(&r, 1);
	ck_abort_msg("rd_count accepted 2 items in 1 byte");
}
END_TEST

/* ------------------------------------------------------------------ names */

struct name_case {
	const uint8_t *in;
	size_t n;
	size_t extra;        /* bytes in the file after the section */
	const char *error;
	size_t offset;
};

static const struct name_case name_cases[] = {
	{ BYTES("\x00"), 0, NULL, 0 },
	{ BYTES("\x03" "abc"), 0, NULL, 0 },
	{ BYTES("\x03" "a\x00" "b"), 0, NULL, 0 },
	{ BYTES("\x02\xc3\xa9"), 0, NULL, 0 },
	{ BYTES("\x02\xc0\x80"), 0, "malformed UTF-8 encoding", SKIP },
	{ BYTES("\x03\xed\xa0\x80"), 0, "malformed UTF-8 encoding", SKIP },
	{ BYTES("\x01\x80"), 0, "malformed UTF-8 encoding", SKIP },
	{ BYTES("\x01\xff"), 0, "malformed UTF-8 encoding", SKIP },
	{ BYTES("\x04" "abc"), 0, "length out of bounds", SKIP },
	{ BYTES("\x04" "abc"), 2, "unexpected end of section or function", SKIP },
	{ BYTES("\x80"), 0, "unexpected end", SKIP + 1 },
};

START_TEST(test_name)
{
	const struct name_case *c = &name_cases[_i];
	uint8_t buf[32];
	Reader r;
	Diag d;
	const char *s;
	uint32_t len = 0;

	memset(buf, 0, sizeof buf);
	memcpy(buf + SKIP, c->in, c->n);
	memset(&d, 0, sizeof d);
	r.base = buf;
	r.p = buf + SKIP;
	r.end = buf + SKIP + c->n;
	r.file_end = r.end + c->extra;
	r.diag = &d;
	if (setjmp(d.env)) {
		ck_assert_msg(c->error, "case %d: unexpected error \"%s\"", _i, d.message);
		ck_assert_str_eq(d.message, c->error);
		ck_assert_uint_eq(d.offset, c->offset);
		return;
	}
	s = rd_name(&r, &len);
	ck_assert_msg(!c->error, "case %d: accepted, want \"%s\"", _i, c->error);
	ck_assert_uint_eq(len, c->in[0]);
	ck_assert_ptr_eq(s, (const char *)buf + SKIP + 1);
	ck_assert_mem_eq(s, c->in + 1, len);
	ck_assert(rd_done(&r));
}
END_TEST

struct utf8_case {
	const uint8_t *s;
	size_t n;
	bool valid;
};

static const struct utf8_case utf8_cases[] = {
	{ BYTES(""), true },
	{ BYTES("plain ascii"), true },
	{ BYTES("nul\x00inside"), true },
	{ BYTES("\x7f"), true },
	{ BYTES("\xc2\x80"), true },               /* U+0080 */
	{ BYTES("\xdf\xbf"), true },               /* U+07FF */
	{ BYTES("\xe0\xa0\x80"), true },           /* U+0800 */
	{ BYTES("\xed\x9f\xbf"), true },           /* U+D7FF */
	{ BYTES("\xee\x80\x80"), true },           /* U+E000 */
	{ BYTES("\xef\xbf\xbf"), true },           /* U+FFFF */
	{ BYTES("\xf0\x90\x80\x80"), true },       /* U+10000 */
	{ BYTES("\xf4\x8f\xbf\xbf"), true },       /* U+10FFFF */
	{ BYTES("a\xe2\x82\xac" "b"), true },      /* a€b */
	{ BYTES("\x80"), false },                  /* lone continuation */
	{ BYTES("\xbf"), false },
	{ BYTES("\xc0\x80"), false },              /* overlong NUL */
	{ BYTES("\xc1\xbf"), false },              /* overlong U+007F */
	{ BYTES("\xe0\x80\x80"), false },          /* overlong, 3 bytes */
	{ BYTES("\xe0\x9f\xbf"), false },          /* overlong U+07FF */
	{ BYTES("\xf0\x80\x80\x80"), false },      /* overlong, 4 bytes */
	{ BYTES("\xf0\x8f\xbf\xbf"), false },      /* overlong U+FFFF */
	{ BYTES("\xed\xa0\x80"), false },          /* U+D800 */
	{ BYTES("\xed\xbf\xbf"), false },          /* U+DFFF */
	{ BYTES("\xed\xa0\x80\xed\xb0\x80"), false }, /* CESU-8 pair */
	{ BYTES("\xf4\x90\x80\x80"), false },      /* U+110000 */
	{ BYTES("\xf5\x80\x80\x80"), false },
	{ BYTES("\xf8\x88\x80\x80\x80"), false },  /* 5-byte form */
	{ BYTES("\xfe"), false },
	{ BYTES("\xff"), false },
	{ BYTES("\xc2"), false },                  /* truncated */
	{ BYTES("\xe0\xa0"), false },
	{ BYTES("\xf0\x90\x80"), false },
	{ BYTES("ok\xc2"), false },
	{ BYTES("\xc2\x41"), false },              /* bad continuation */
	{ BYTES("\xe2\x82\x41"), false },
	{ BYTES("\xf0\x90\xc0\x80"), false },
};

START_TEST(test_utf8)
{
	const struct utf8_case *c = &utf8_cases[_i];

	ck_assert_msg(utf8_valid(c->s, c->n) == c->valid, "case %d: want %s", _i,
	              c->valid ? "valid" : "invalid");
}
END_TEST

/* A name ending exactly at the end of its buffer is read in bounds. */
START_TEST(test_utf8_bounds)
{
	static const uint8_t s[] = { 'x', 0xe2, 0x82, 0xac, 0xe2, 0x82 };

	ck_assert(utf8_valid(s, 4));
	ck_assert(!utf8_valid(s, 5));
	ck_assert(!utf8_valid(s, 6));
	ck_assert(utf8_valid(s, 1));
}
END_TEST

Suite *reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("leb128");

	ADD_TABLE_TEST(tc, test_leb128, leb_cases);
	tcase_add_test(tc, test_end_of_section);
	tcase_add_test(tc, test_sequence);
	suite_add_tcase(s, tc);

	tc = tcase_create("bytes");
	tcase_add_test(tc, test_bytes_and_count);
	tcase_add_test(tc, test_count_at_file_end);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	ADD_TABLE_TEST(tc, test_name, name_cases);
	ADD_TABLE_TEST(tc, test_utf8, utf8_cases);
	tcase_add_test(tc, test_utf8_bounds);
	suite_add_tcase(s, tc);
	return s;
}
