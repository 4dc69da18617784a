/*
 * spectest.h: what a generated spec-test harness's main.c and the fixed
 * driver (driver.c) share.  `w2c spectest` writes both files next to the
 * translated modules.
 */
#ifndef W2C_SPECTEST_H
#define W2C_SPECTEST_H

#include "w2c.h"

enum sp_kind {
	SP_MODULE,
	SP_REGISTER,
	SP_ACTION,
	SP_RETURN,
	SP_TRAP,
	SP_EXHAUSTION,
	SP_UNLINKABLE,
	SP_UNINSTANTIABLE,
	SP_STATIC, /* decided when the harness was generated */
	SP_EXCEPTION,
};

/* How an expected float is compared. */
enum sp_match {
	SP_EXACT,
	SP_NAN_CANONICAL,
	SP_NAN_ARITHMETIC,
	SP_ANY, /* a reference of the right type, null or not */
	SP_NULL, /* a null reference: of the type given, or of any (type 0) */
	SP_EITHER, /* one result: any of the `bits` values after this one */
};

/* What an anyref result without a value must be: non-null, and of a kind. */
enum sp_gc_kind { SP_GC_ANY, SP_GC_EQ, SP_GC_I31, SP_GC_STRUCT, SP_GC_ARRAY };

/* The lane shapes of a v128 value. */
enum sp_shape { SP_I8 = 1, SP_I16, SP_I32, SP_I64, SP_F32, SP_F64 };

typedef struct sp_value {
	unsigned char type;   /* w2c_valtype */
	unsigned char match;  /* enum sp_match */
	unsigned char null;   /* references */
	uint64_t bits;        /* numbers; externref: the host value's number;
	                       * anyref, SP_ANY: enum sp_gc_kind */
	unsigned char shape;  /* v128: enum sp_shape */
	unsigned char lane_match[4]; /* v128 float lanes: enum sp_match */
	unsigned char bytes[16];     /* v128, in memory order */
} sp_value;

typedef struct sp_command {
	unsigned char kind;
	int line;
	/* SP_MODULE, SP_UNLINKABLE, SP_UNINSTANTIABLE: NULL if it failed to
	 * translate (detail says why) */
	const w2c_module *module;
	const char *name;        /* SP_MODULE: its $name; SP_REGISTER: whose */
	const char *as;          /* SP_REGISTER */
	unsigned char get;       /* the action reads a global */
	const char *target;      /* the action's module $name, or current */
	const char *field;
	uint32_t field_len;
	uint32_t nargs;
	const sp_value *args;
	uint32_t nexpected;
	const sp_value *expected;
	const char *text;        /* the expected message */
	unsigned char ok;        /* SP_STATIC: passed */
	const char *detail;      /* SP_STATIC, SP_MODULE: generation's note */
	unsigned char definition;
} sp_command;

/* Runs the commands in order, printing each failure with its line and
 * then "N passed, N failed".  Returns the exit status. */
int sp_run(const char *wast, const sp_command *commands, size_t n);

#endif
