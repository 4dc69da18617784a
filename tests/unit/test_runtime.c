/*
 * test_runtime.c: tables, signature ids, status messages and traps
 * (rt/table.c, rt/functype.c, rt/trap.c).
 */
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include "rt_internal.h"
#include "unit.h"

/* The translator computes inline ids with the same code (w2c/internal.h). */
uint64_t w2c_functype_inline_id(uint32_t nparams, uint32_t nresults,
                                const uint8_t *types);

/* ---------------------------------------------------------------- tables */

static void host_fn(void)
{
}

START_TEST(test_funcref_table)
{
	w2c_table t;
	w2c_funcref f = { 42, host_fn, &t };
	uint32_t i;

	ck_assert_int_eq(w2c_table_init(&t, W2C_FUNCREF, 2, 4, true), W2C_OK);
	ck_assert_ptr_nonnull(t.funcs);
	ck_assert_uint_eq(t.size, 2);
	ck_assert_uint_eq(t.max, 4);
	ck_assert(t.has_max);
	ck_assert_int_eq(t.elem, W2C_FUNCREF);
	for (i = 0; i < 2; i++) {
		ck_assert_uint_eq(t.funcs[i].type, 0);
		ck_assert(t.funcs[i].fn == NULL);
		ck_assert_ptr_null(t.funcs[i].ctx);
	}

	ck_assert_uint_eq(w2c_table_grow(&t, 1, &f, NULL), 2);
	ck_assert_uint_eq(t.size, 3);
	ck_assert_uint_eq(t.funcs[2].type, 42);
	ck_assert(t.funcs[2].fn == host_fn);
	ck_assert_ptr_eq(t.funcs[2].ctx, &t);
	ck_assert(t.funcs[1].fn == NULL);

	/* 3 + 2 > 4 */
	ck_assert_uint_eq(w2c_table_grow(&t, 2, &f, NULL), UINT32_MAX);
	ck_assert_uint_eq(t.size, 3);
	ck_assert_uint_eq(w2c_table_grow(&t, UINT32_MAX, &f, NULL), UINT32_MAX);
	ck_assert_uint_eq(w2c_table_grow(&t, 0, &f, NULL), 3);
	ck_assert_uint_eq(w2c_table_grow(&t, 1, &f, NULL), 3);
	ck_assert_uint_eq(t.size, 4);
	ck_assert_uint_eq(t.funcs[3].type, 42);
	ck_assert_uint_eq(w2c_table_grow(&t, 1, &f, NULL), UINT32_MAX);
	w2c_table_free(&t);
	ck_assert_ptr_null(t.funcs);
	ck_assert_uint_eq(t.size, 0);
}
END_TEST

START_TEST(test_externref_table)
{
	w2c_table t;
	int host_object;

	ck_assert_int_eq(w2c_table_init(&t, W2C_EXTERNREF, 1, 0, false), W2C_OK);
	ck_assert_ptr_nonnull(t.externs);
	ck_assert_ptr_null(t.externs[0]);
	ck_assert(!t.has_max);
	ck_assert_uint_eq(t.max, UINT32_MAX);
	ck_assert_uint_eq(w2c_table_grow(&t, 3, NULL, &host_object), 1);
	ck_assert_uint_eq(t.size, 4);
	ck_assert_ptr_null(t.externs[0]);
	ck_assert_ptr_eq(t.externs[1], &host_object);
	ck_assert_ptr_eq(t.externs[3], &host_object);
	/* past the JS API's limit of 10,000,000 elements */
	ck_assert_uint_eq(w2c_table_grow(&t, W2C_MAX_TABLE_SIZE, NULL, NULL), UINT32_MAX);
	ck_assert_uint_eq(t.size, 4);
	w2c_table_free(&t);
}
END_TEST

START_TEST(test_table_limits)
{
	w2c_table t;

	ck_assert_int_eq(w2c_table_init(&t, W2C_FUNCREF, 5, 4, true), W2C_ERR_RESOURCE);
	ck_assert_int_eq(w2c_table_init(&t, W2C_FUNCREF, W2C_MAX_TABLE_SIZE + 1, 0, false),
	                 W2C_ERR_RESOURCE);
	/* an empty table still has an element pointer */
	ck_assert_int_eq(w2c_table_init(&t, W2C_FUNCREF, 0, 0, true), W2C_OK);
	ck_assert_ptr_nonnull(t.funcs);
	ck_assert_uint_eq(w2c_table_grow(&t, 0, NULL, NULL), 0);
	ck_assert_uint_eq(w2c_table_grow(&t, 1, NULL, NULL), UINT32_MAX);
	w2c_table_free(&t);
}
END_TEST

/* ------------------------------------------------------------ signatures */

static uint64_t id_of(uint32_t np, uint32_t nr, const uint8_t *types)
{
	w2c_functype t = { np, nr, types, 0 };

	return w2c_functype_id(&t);
}

struct sig_pair {
	uint32_t np1, nr1;
	const char *t1;
	uint32_t np2, nr2;
	const char *t2;
	bool equal;
};

/* Types as strings of w2c_valtype digits, e.g. "\1\2" for i32 i64. */
static const struct sig_pair sig_pairs[] = {
	{ 0, 0, "", 0, 0, "", true },
	{ 1, 1, "\1\1", 1, 1, "\1\1", true },
	{ 2, 1, "\1\2\3", 2, 1, "\1\2\3", true },
	{ 1, 0, "\1", 0, 1, "\1", false },
	{ 1, 1, "\1\2", 1, 1, "\2\1", false },
	{ 2, 0, "\1\1", 1, 1, "\1\1", false },
	{ 0, 0, "", 1, 0, "\1", false },
	{ 1, 0, "\6", 1, 0, "\7", false },
	{ 1, 0, "\3", 1, 0, "\4", false },
	{ 0, 2, "\4\5", 0, 2, "\4\5", true },
	{ 10, 9, "\1\2\3\4\5\6\7\1\2\3\4\5\6\7\1\2\3\4\5",
	  10, 9, "\1\2\3\4\5\6\7\1\2\3\4\5\6\7\1\2\3\4\5", true },
	{ 10, 9, "\1\2\3\4\5\6\7\1\2\3\4\5\6\7\1\2\3\4\5",
	  9, 10, "\1\2\3\4\5\6\7\1\2\3\4\5\6\7\1\2\3\4\5", false },
};

START_TEST(test_inline_ids)
{
	const struct sig_pair *p = &sig_pairs[_i];
	uint8_t copy[32];
	uint64_t a, b;

	/* equal contents at different addresses */
	memcpy(copy, p->t2, p->np2 + p->nr2);
	a = id_of(p->np1, p->nr1, (const uint8_t *)p->t1);
	b = id_of(p->np2, p->nr2, copy);
	ck_assert_uint_ne(a, 0);
	ck_assert_uint_ne(b, 0);
	ck_assert_msg(!(a >> 63) && !(b >> 63), "case %d: 19 values or fewer are inline", _i);
	ck_assert_msg((a == b) == p->equal, "case %d: ids %llx and %llx", _i,
	              (unsigned long long)a, (unsigned long long)b);
	/* the id is what the translator computes at translation time */
	ck_assert_uint_eq(a, w2c_functype_inline_id(p->np1, p->nr1, (const uint8_t *)p->t1));
}
END_TEST

START_TEST(test_large_ids)
{
	uint8_t a[24], b[24], c[24];
	uint64_t ia, ib, ic, id, ie;

	memset(a, W2C_I32, sizeof a);
	memcpy(b, a, sizeof b);
	memcpy(c, a, sizeof c);
	c[23] = W2C_F64;
	ia = id_of(20, 0, a);
	ck_assert_msg(ia >> 63, "20 values: registered, bit 63 set");
	ck_assert_uint_eq(w2c_functype_inline_id(20, 0, a), 0);
	ib = id_of(20, 0, b);
	ck_assert_uint_eq(ia, ib);
	ic = id_of(19, 1, a);
	ck_assert(ic >> 63);
	ck_assert_uint_ne(ic, ia);
	id = id_of(20, 4, c);
	ie = id_of(20, 4, a);
	ck_assert(id >> 63 && ie >> 63);
	ck_assert_uint_ne(id, ie);
	/* stable: asking again, in any order, gives the same ids */
	ck_assert_uint_eq(id_of(20, 4, c), id);
	ck_assert_uint_eq(id_of(19, 1, b), ic);
	ck_assert_uint_eq(id_of(20, 0, c), ia);
	/* never equal to an inline id */
	ck_assert_uint_ne(ia, id_of(19, 0, a));
}
END_TEST

/* ------------------------------------------------------- text signatures */

struct parse_case {
	const char *text;
	bool ok;
	uint32_t nparams, nresults;
	const char *types;
	const char *formatted;  /* rt_format_functype of the result */
};

static const struct parse_case parse_cases[] = {
	{ "i32 i64 -> f32", true, 2, 1, "\1\2\3", "i32 i64 -> f32" },
	{ "->", true, 0, 0, "", "->" },
	{ "  ->  ", true, 0, 0, "", "->" },
	{ "i32 ->", true, 1, 0, "\1", "i32 ->" },
	{ "externref ->", true, 1, 0, "\7", "externref ->" },
	{ "-> f32", true, 0, 1, "\3", "-> f32" },
	{ "funcref v128 -> f64 i32", true, 2, 2, "\6\5\4\1", "funcref v128 -> f64 i32" },
	{ "i32,i64->f64", true, 2, 1, "\1\2\4", "i32 i64 -> f64" },
	{ "\ti32\t->\ti32", true, 1, 1, "\1\1", "i32 -> i32" },
	{ "", false, 0, 0, NULL, NULL },
	{ "i32", false, 0, 0, NULL, NULL },
	{ "i32 i64", false, 0, 0, NULL, NULL },
	{ "-> i32 -> i32", false, 0, 0, NULL, NULL },
	{ "i33 -> i32", false, 0, 0, NULL, NULL },
	{ "i32 -> i3", false, 0, 0, NULL, NULL },
	{ "I32 ->", false, 0, 0, NULL, NULL },
	{ "i32i64 ->", false, 0, 0, NULL, NULL },
	{ "anyref ->", true, 1, 0, "\11", "anyref ->" },
	{ "eqref i31ref -> structref", true, 2, 1, "\11\11\11", "anyref anyref -> anyref" },
	{ "anyrefs ->", false, 0, 0, NULL, NULL },
	{ "i32 - i32", false, 0, 0, NULL, NULL },
	{ "i32 > i32", false, 0, 0, NULL, NULL },
};

START_TEST(test_parse_signature)
{
	const struct parse_case *c = &parse_cases[_i];
	uint8_t buf[8];
	w2c_functype t;
	char text[64];
	bool ok;

	memset(&t, 0, sizeof t);
	ok = rt_parse_signature(c->text, &t, buf, sizeof buf);
	ck_assert_msg(ok == c->ok, "\"%s\": %s", c->text, ok ? "accepted" : "rejected");
	if (!ok)
		return;
	ck_assert_uint_eq(t.nparams, c->nparams);
	ck_assert_uint_eq(t.nresults, c->nresults);
	ck_assert_ptr_eq(t.types, buf);
	ck_assert_mem_eq(t.types, c->types, c->nparams + c->nresults);
	rt_format_functype(&t, text, sizeof text);
	ck_assert_str_eq(text, c->formatted);
}
END_TEST

START_TEST(test_parse_signature_room)
{
	uint8_t buf[3];
	w2c_functype t;

	ck_assert(rt_parse_signature("i32 i32 -> i32", &t, buf, sizeof buf));
	ck_assert(!rt_parse_signature("i32 i32 -> i32 i32", &t, buf, sizeof buf));
	ck_assert(rt_functype_equal(&t, &t));
}
END_TEST

START_TEST(test_format_truncates)
{
	static const uint8_t types[] = { W2C_I32, W2C_I64, W2C_F32 };
	w2c_functype t = { 2, 1, types, 0 };
	char text[8];

	memset(text, 'x', sizeof text);
	rt_format_functype(&t, text, sizeof text);
	ck_assert_str_eq(text, "i32 i64");
}
END_TEST

/* ------------------------------------------------------- status messages */

struct message_case {
	w2c_status status;
	const char *message;
};

/* The spec testsuite's wording for traps. */
static const struct message_case message_cases[] = {
	{ W2C_OK, "ok" },
	{ W2C_TRAP_UNREACHABLE, "unreachable" },
	{ W2C_TRAP_MEMORY_OOB, "out of bounds memory access" },
	{ W2C_TRAP_TABLE_OOB, "out of bounds table access" },
	{ W2C_TRAP_INT_OVERFLOW, "integer overflow" },
	{ W2C_TRAP_DIV_ZERO, "integer divide by zero" },
	{ W2C_TRAP_INVALID_CONVERSION, "invalid conversion to integer" },
	{ W2C_TRAP_UNDEFINED_ELEMENT, "undefined element" },
	{ W2C_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element" },
	{ W2C_TRAP_INDIRECT_CALL_TYPE, "indirect call type mismatch" },
	{ W2C_TRAP_EXHAUSTION, "call stack exhausted" },
	{ W2C_STATUS_COUNT, "unknown status" },
	{ (w2c_status)-1, "unknown status" },
};

START_TEST(test_status_message)
{
	const struct message_case *c = &message_cases[_i];

	ck_assert_str_eq(w2c_status_message(c->status), c->message);
}
END_TEST

/* Every status has a message of its own. */
START_TEST(test_status_messages_distinct)
{
	int i, j;

	for (i = 0; i < W2C_STATUS_COUNT; i++) {
		const char *m = w2c_status_message((w2c_status)i);
		ck_assert_ptr_nonnull(m);
		ck_assert_str_ne(m, "unknown status");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(m, w2c_status_message((w2c_status)j));
	}
}
END_TEST

/* ------------------------------------------------------------------ traps */

static int steps;

static void returns(void *arg)
{
	(void)arg;
	steps++;
}

static void traps(void *arg)
{
	steps++;
	w2c_trap(*(w2c_status *)arg);
}

static void host_traps(void *arg)
{
	w2c_trap_host(arg);
}

static void exits(void *arg)
{
	w2c_exit(*(int *)arg);
}

START_TEST(test_protect)
{
	w2c_status st = W2C_TRAP_UNREACHABLE;

	steps = 0;
	ck_assert_int_eq(w2c_protect(returns, NULL), W2C_OK);
	ck_assert_int_eq(steps, 1);
	ck_assert_int_eq(w2c_protect(traps, &st), W2C_TRAP_UNREACHABLE);
	ck_assert_int_eq(steps, 2);
	st = W2C_TRAP_DIV_ZERO;
	ck_assert_int_eq(w2c_protect(traps, &st), W2C_TRAP_DIV_ZERO);
	/* the frames are gone: a plain call still works */
	ck_assert_int_eq(w2c_protect(returns, NULL), W2C_OK);
	ck_assert_int_eq(steps, 4);
}
END_TEST

START_TEST(test_trap_host)
{
	char message[] = "bad argument", longer[400];

	ck_assert_int_eq(w2c_protect(host_traps, message), W2C_TRAP_HOST);
	ck_assert_str_eq(w2c_trap_host_message(), "bad argument");
	memset(longer, 'm', sizeof longer - 1);
	longer[sizeof longer - 1] = 0;
	ck_assert_int_eq(w2c_protect(host_traps, longer), W2C_TRAP_HOST);
	ck_assert_uint_eq(strlen(w2c_trap_host_message()), 255);
	ck_assert_int_eq(strncmp(w2c_trap_host_message(), longer, 255), 0);
}
END_TEST

START_TEST(test_exit)
{
	int code = 3;

	ck_assert_int_eq(w2c_protect(exits, &code), W2C_TRAP_EXIT);
	ck_assert_int_eq(w2c_exit_code(), 3);
}
END_TEST

struct nest {
	w2c_status inner_result;
	w2c_status inner_trap;
	w2c_status outer_trap;  /* W2C_OK: the outer function returns */
};

static void inner(void *arg)
{
	struct nest *n = arg;

	if (n->inner_trap != W2C_OK)
		w2c_trap(n->inner_trap);
}

static void outer(void *arg)
{
	struct nest *n = arg;

	n->inner_result = w2c_protect(inner, n);
	if (n->outer_trap != W2C_OK)
		w2c_trap(n->outer_trap);
}

/* A trap lands in the innermost frame; the outer frame survives it and
 * catches what comes after. */
START_TEST(test_nested_protect)
{
	struct nest n = { W2C_OK, W2C_TRAP_INT_OVERFLOW, W2C_OK };

	ck_assert_int_eq(w2c_protect(outer, &n), W2C_OK);
	ck_assert_int_eq(n.inner_result, W2C_TRAP_INT_OVERFLOW);

	n.inner_trap = W2C_TRAP_TABLE_OOB;
	n.outer_trap = W2C_TRAP_UNREACHABLE;
	ck_assert_int_eq(w2c_protect(outer, &n), W2C_TRAP_UNREACHABLE);
	ck_assert_int_eq(n.inner_result, W2C_TRAP_TABLE_OOB);

	n.inner_trap = W2C_OK;
	n.outer_trap = W2C_TRAP_EXHAUSTION;
	ck_assert_int_eq(w2c_protect(outer, &n), W2C_TRAP_EXHAUSTION);
	ck_assert_int_eq(n.inner_result, W2C_OK);
}
END_TEST

static jmp_buf handler_env;
static w2c_status handled;

/* Doesn't return: goes back to the test. */
static void handler(w2c_status status)
{
	handled = status;
	longjmp(handler_env, 1);
}

/* A trap with no frame goes to the handler. */
START_TEST(test_unhandled_trap)
{
	handled = W2C_OK;
	w2c_set_trap_handler(handler);
	if (setjmp(handler_env) == 0)
		w2c_trap(W2C_TRAP_DIV_ZERO);
	w2c_set_trap_handler(NULL);
	ck_assert_int_eq(handled, W2C_TRAP_DIV_ZERO);
}
END_TEST

Suite *runtime_suite(void)
{
	Suite *s = suite_create("runtime");
	TCase *tc = tcase_create("tables");

	tcase_add_test(tc, test_funcref_table);
	tcase_add_test(tc, test_externref_table);
	tcase_add_test(tc, test_table_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("signatures");
	ADD_TABLE_TEST(tc, test_inline_ids, sig_pairs);
	tcase_add_test(tc, test_large_ids);
	ADD_TABLE_TEST(tc, test_parse_signature, parse_cases);
	tcase_add_test(tc, test_parse_signature_room);
	tcase_add_test(tc, test_format_truncates);
	suite_add_tcase(s, tc);

	tc = tcase_create("traps");
	ADD_TABLE_TEST(tc, test_status_message, message_cases);
	tcase_add_test(tc, test_status_messages_distinct);
	tcase_add_test(tc, test_protect);
	tcase_add_test(tc, test_trap_host);
	tcase_add_test(tc, test_exit);
	tcase_add_test(tc, test_nested_protect);
	tcase_add_test(tc, test_unhandled_trap);
	suite_add_tcase(s, tc);
	return s;
}
