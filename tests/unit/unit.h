/*
 * unit.h: what the unit test files share.
 *
 * Each test file defines one `Suite *NAME_suite(void)`; UNIT_SUITES lists
 * them, and main.c runs every one in a single SRunner.  A new file adds
 * its name here and to meson.build, nothing else.
 */
#ifndef W2C_UNIT_H
#define W2C_UNIT_H

#include <check.h>

/* Check's deprecated fail() would shadow the translator's fail(). */
#undef fail

#define UNIT_SUITES(X) \
	X(reader)      \
	X(validate)    \
	X(translate)   \
	X(memory)      \
	X(runtime)     \
	X(inflate)

#define UNIT_DECLARE(name) Suite *name##_suite(void);
UNIT_SUITES(UNIT_DECLARE)
#undef UNIT_DECLARE

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A byte string literal and its length, for tables of binary input:
 * BYTES("\x00\x61") is two initialisers, the bytes and 2. */
#define BYTES(s) (const uint8_t *)(s), sizeof(s) - 1

/* A table-driven test: one run of `test` per row of `table`. */
#define ADD_TABLE_TEST(tc, test, table) \
	tcase_add_loop_test((tc), (test), 0, (int)ARRAY_SIZE(table))

#endif
