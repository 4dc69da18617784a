/*
 * test_validate.c: the decoder and validator through w2c_validate.
 *
 * Two tables of hand-made modules: whole modules, for the section
 * structure, and single function bodies, which are wrapped in a module
 * with one function of a given type.  Messages are compared by prefix,
 * since many append details ("type mismatch: expected i32, got i64");
 * offsets are checked in t.error, "FILE:0xOFFSET: ...".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

#define FILE_NAME "t.wasm"

/* The header, and the sections of a module with one [] -> [] function. */
#define HDR "\x00\x61\x73\x6d\x01\x00\x00\x00"
#define TYPE_VOID "\x01\x04\x01\x60\x00\x00"   /* offsets 8..13 */
#define FUNC_1 "\x03\x02\x01\x00"              /* 14..17 */
#define CODE_1 "\x0a\x04\x01\x02\x00\x0b"

/* Checks that t holds message `want` (a prefix) at `offset` (or any
 * offset when -1), with `func` named when it isn't UINT32_MAX. */
static void check_error(const Translation *t, const char *want, long offset, uint32_t func,
                        const char *what)
{
	char where[64];

	ck_assert_msg(!strncmp(t->message, want, strlen(want)),
	              "%s: message \"%s\", want \"%s...\"", what, t->message, want);
	if (offset < 0) {
		snprintf(where, sizeof where, "%s:0x", FILE_NAME);
	} else if (func != UINT32_MAX) {
		snprintf(where, sizeof where, "%s:0x%lx: func %u: ", FILE_NAME,
		         (unsigned long)offset, func);
	} else {
		snprintf(where, sizeof where, "%s:0x%lx: ", FILE_NAME, (unsigned long)offset);
	}
	ck_assert_msg(!strncmp(t->error, where, strlen(where)), "%s: error \"%s\", want \"%s...\"",
	              what, t->error, where);
	ck_assert_msg(strstr(t->error, t->message) != NULL, "%s: error \"%s\" lacks the message",
	              what, t->error);
}

/* ---------------------------------------------------------------- modules */

struct module_case {
	const char *name;
	const uint8_t *bytes;
	size_t size;
	const char *error;   /* message prefix; NULL when valid */
	long offset;         /* of the error, or -1 for any */
};

static const struct module_case module_cases[] = {
	{ "minimal module", BYTES(HDR), NULL, 0 },
	{ "bad magic", BYTES("\x00\x61\x73\x6e\x01\x00\x00\x00"),
	  "magic header not detected", 0 },
	{ "no magic at all", BYTES("\x01\x00\x00\x00\x01\x00\x00\x00"),
	  "magic header not detected", 0 },
	{ "bad version", BYTES("\x00\x61\x73\x6d\x02\x00\x00\x00"),
	  "unknown binary version", 4 },
	{ "pre-release version", BYTES("\x00\x61\x73\x6d\x0d\x00\x00\x00"),
	  "unknown binary version", 4 },
	{ "empty input", BYTES(""), "unexpected end", 0 },
	{ "truncated magic", BYTES("\x00\x61\x73"), "unexpected end", 0 },
	{ "truncated version", BYTES("\x00\x61\x73\x6d\x01\x00"), "unexpected end", 4 },
	{ "empty type section", BYTES(HDR "\x01\x01\x00"), NULL, 0 },
	{ "memory before table", BYTES(HDR "\x05\x01\x00" "\x04\x01\x00"),
	  "unexpected content after last section", 11 },
	{ "two type sections", BYTES(HDR "\x01\x01\x00" "\x01\x01\x00"),
	  "unexpected content after last section", 11 },
	{ "code before data count", BYTES(HDR "\x0a\x01\x00" "\x0c\x01\x00"),
	  "unexpected content after last section", 11 },
	{ "data count before code", BYTES(HDR "\x0c\x01\x00" "\x0a\x01\x00"), NULL, 0 },
	{ "custom sections anywhere",
	  BYTES(HDR "\x00\x03\x02\x68\x69" "\x01\x01\x00" "\x00\x01\x00" "\x03\x01\x00"),
	  NULL, 0 },
	{ "custom section name not UTF-8", BYTES(HDR "\x00\x02\x01\xff"),
	  "malformed UTF-8 encoding", 10 },
	{ "broken name section ignored",
	  BYTES(HDR "\x00\x07\x04\x6e\x61\x6d\x65\x01\x05"), NULL, 0 },
	{ "malformed section id", BYTES(HDR "\x0e\x00"), "malformed section id", 8 },
	{ "section size mismatch", BYTES(HDR "\x01\x02\x00\x00"), "section size mismatch", 11 },
	{ "one type declared, two given",
	  BYTES(HDR "\x01\x07\x01\x60\x00\x00\x60\x00\x00"), "section size mismatch", 14 },
	{ "section past the end of the file", BYTES(HDR "\x01\x07\x02\x60\x00\x00"),
	  "length out of bounds", -1 },
	{ "count past the end of the section", BYTES(HDR "\x01\x01\x01" "\x60\x00\x00"),
	  "unexpected end of section or function", 10 },
	{ "malformed function type", BYTES(HDR "\x01\x04\x01\x61\x00\x00"),
	  "malformed function type", 11 },
	{ "struct type", BYTES(HDR "\x01\x05\x01\x5f\x01\x7f\x00"), NULL, 0 },
	{ "rec group", BYTES(HDR "\x01\x06\x01\x4e\x01\x60\x00\x00"), NULL, 0 },
	{ "param of type anyref", BYTES(HDR "\x01\x05\x01\x60\x01\x6e\x00"), NULL, 0 },
	/* (type (sub (struct (field i32)))) (type (sub 0 (struct (field i32 i64)))) */
	{ "struct subtype with more fields",
	  BYTES(HDR "\x01\x10\x02\x50\x00\x5f\x01\x7f\x00\x50\x01\x00\x5f\x02\x7f\x00\x7e\x00"),
	  NULL, 0 },
	{ "struct subtype with a different field",
	  BYTES(HDR "\x01\x0e\x02\x50\x00\x5f\x01\x7f\x00\x50\x01\x00\x5f\x01\x7e\x00"),
	  "sub type 1 does not match its supertype 0", 17 },
	{ "subtype of a final type",
	  BYTES(HDR "\x01\x0c\x02\x5f\x01\x7f\x00\x50\x01\x00\x5f\x01\x7f\x00"),
	  "sub type 1 does not match its supertype 0", 15 },
	{ "supertype defined later",
	  BYTES(HDR "\x01\x0c\x01\x4e\x02\x50\x01\x01\x5f\x00\x50\x00\x5f\x00"),
	  "unknown type 1", 15 },
	{ "function of a struct type",
	  BYTES(HDR "\x01\x03\x01\x5f\x00\x03\x02\x01\x00"), "type mismatch", 16 },
	{ "unknown type", BYTES(HDR TYPE_VOID "\x03\x02\x01\x01"), "unknown type", 17 },
	{ "one function", BYTES(HDR TYPE_VOID FUNC_1 CODE_1), NULL, 0 },
	{ "function without code section", BYTES(HDR TYPE_VOID FUNC_1),
	  "function and code section have inconsistent lengths", 18 },
	{ "function with empty code section", BYTES(HDR TYPE_VOID FUNC_1 "\x0a\x01\x00"),
	  "function and code section have inconsistent lengths", 20 },
	{ "code without function section", BYTES(HDR TYPE_VOID CODE_1),
	  "function and code section have inconsistent lengths", 16 },
	{ "distinct export names",
	  BYTES(HDR TYPE_VOID FUNC_1 "\x07\x09\x02\x01\x61\x00\x00\x01\x62\x00\x00" CODE_1),
	  NULL, 0 },
	{ "duplicate export name",
	  BYTES(HDR TYPE_VOID FUNC_1 "\x07\x09\x02\x01\x61\x00\x00\x01\x61\x00\x00" CODE_1),
	  "duplicate export name", -1 },
	{ "duplicate export name of different kinds",
	  BYTES(HDR TYPE_VOID FUNC_1 "\x05\x03\x01\x00\x00"
	        "\x07\x09\x02\x01\x61\x00\x00\x01\x61\x02\x00" CODE_1),
	  "duplicate export name", -1 },
	{ "export of unknown function",
	  BYTES(HDR TYPE_VOID FUNC_1 "\x07\x05\x01\x01\x61\x00\x01" CODE_1),
	  "unknown function", 24 },
	{ "two memories", BYTES(HDR "\x05\x05\x02\x00\x01\x00\x01"), NULL, 0 },
	{ "64-bit memory", BYTES(HDR "\x05\x04\x01\x05\x01\x02"), NULL, 0 },
	{ "64-bit memory of 2^48 pages", BYTES(HDR "\x05\x09\x01\x04\x80\x80\x80\x80\x80\x80\x40"),
	  NULL, 0 },
	{ "64-bit memory over 2^48 pages",
	  BYTES(HDR "\x05\x09\x01\x04\x81\x80\x80\x80\x80\x80\x40"),
	  "memory size must be at most 2^48 pages", 11 },
	{ "memory of 1-byte pages", BYTES(HDR "\x05\x06\x01\x08\xff\xff\x03\x00"), NULL, 0 },
	{ "memory of 2-byte pages", BYTES(HDR "\x05\x04\x01\x08\x00\x01"),
	  "invalid custom page size", 13 },
	{ "memory of 2^65-byte pages", BYTES(HDR "\x05\x04\x01\x08\x00\x41"),
	  "invalid custom page size", 13 },
	{ "shared memory", BYTES(HDR "\x05\x04\x01\x03\x00\x01"), NULL, 0 },
	{ "shared memory without maximum", BYTES(HDR "\x05\x03\x01\x02\x00"),
	  "shared memory must have maximum", 11 },
	{ "shared 64-bit memory", BYTES(HDR "\x05\x04\x01\x07\x00\x01"), NULL, 0 },
	{ "memory of limits flags 0x10", BYTES(HDR "\x05\x04\x01\x10\x00\x01"),
	  "malformed limits flags", 11 },
	{ "table of custom page size", BYTES(HDR "\x04\x05\x01\x70\x08\x00\x00"),
	  "malformed limits flags", 12 },
	{ "64-bit table", BYTES(HDR "\x04\x09\x01\x70\x05\x00\x80\x80\x80\x80\x10"),
	  NULL, 0 },
	{ "memory over 4GiB", BYTES(HDR "\x05\x05\x01\x00\x81\x80\x04"),
	  "memory size must be at most 65536 pages (4GiB)", -1 },
	{ "memory minimum over maximum", BYTES(HDR "\x05\x04\x01\x01\x02\x01"),
	  "size minimum must not be greater than maximum", -1 },
	{ "global of immutable i32", BYTES(HDR "\x06\x06\x01\x7f\x00\x41\x2a\x0b"), NULL, 0 },
	{ "global initialised with i64", BYTES(HDR "\x06\x06\x01\x7f\x00\x42\x2a\x0b"),
	  "type mismatch", -1 },
	/* extended constants: i32/i64 add, sub, mul; global.get of any
	 * earlier immutable global */
	{ "global initialised by an add",
	  BYTES(HDR "\x06\x09\x01\x7f\x00\x41\x01\x41\x02\x6a\x0b"), NULL, 0 },
	{ "global initialised by an add of an i64",
	  BYTES(HDR "\x06\x09\x01\x7f\x00\x41\x01\x42\x02\x6a\x0b"), "type mismatch", -1 },
	{ "global initialised by a division",
	  BYTES(HDR "\x06\x09\x01\x7f\x00\x41\x01\x41\x02\x6d\x0b"),
	  "constant expression required", -1 },
	{ "global initialised by an add with one operand",
	  BYTES(HDR "\x06\x07\x01\x7f\x00\x41\x01\x6a\x0b"), "type mismatch", -1 },
	{ "global initialised from an earlier defined global",
	  BYTES(HDR "\x06\x0b\x02\x7f\x00\x41\x01\x0b\x7f\x00\x23\x00\x0b"), NULL, 0 },
	{ "global initialised from a later global",
	  BYTES(HDR "\x06\x0b\x02\x7f\x00\x23\x01\x0b\x7f\x00\x41\x01\x0b"),
	  "unknown global 1", -1 },
	{ "global initialised from a mutable global",
	  BYTES(HDR "\x06\x0b\x02\x7f\x01\x41\x01\x0b\x7f\x00\x23\x00\x0b"),
	  "constant expression required", -1 },
	/* typed function references: types name themselves and earlier ones,
	 * and are equal by structure */
	{ "type naming a later type",
	  BYTES(HDR "\x01\x09\x02\x60\x01\x64\x01\x00\x60\x00\x00"), "unknown type 1", 14 },
	{ "type naming itself", BYTES(HDR "\x01\x06\x01\x60\x01\x64\x00\x00"), NULL, 0 },
	{ "(ref null 1) from (ref null 0), equal types",
	  BYTES(HDR "\x01\x07\x02\x60\x00\x00\x60\x00\x00" "\x06\x07\x01\x63\x01\x00\xd0\x00\x0b"),
	  NULL, 0 },
	{ "(ref null 1) from (ref null 0), different types",
	  BYTES(HDR "\x01\x08\x02\x60\x00\x00\x60\x01\x7f\x00"
	        "\x06\x07\x01\x63\x01\x00\xd0\x00\x0b"), "type mismatch", -1 },
	{ "(ref null 1) from (ref null 0), equal recursive types",
	  BYTES(HDR "\x01\x0b\x02\x60\x01\x64\x00\x00\x60\x01\x64\x01\x00"
	        "\x06\x07\x01\x63\x01\x00\xd0\x00\x0b"), NULL, 0 },
	{ "(ref func) from (ref null func)",
	  BYTES(HDR "\x06\x07\x01\x64\x70\x00\xd0\x70\x0b"), "type mismatch", -1 },
	{ "table of (ref func) without initializer",
	  BYTES(HDR "\x04\x05\x01\x64\x70\x00\x00"), "type mismatch", 11 },
	{ "table of (ref func) with an initializer",
	  BYTES(HDR TYPE_VOID FUNC_1 "\x04\x0a\x01\x40\x00\x64\x70\x00\x01\xd2\x00\x0b" CODE_1),
	  NULL, 0 },
};

START_TEST(test_module)
{
	const struct module_case *c = &module_cases[_i];
	Translation t;
	bool ok = w2c_validate(c->bytes, c->size, FILE_NAME, &t);

	if (!c->error) {
		ck_assert_msg(ok, "%s: rejected: %s", c->name, t.error);
		ck_assert_str_eq(t.error, "");
		return;
	}
	ck_assert_msg(!ok, "%s: accepted, want \"%s\"", c->name, c->error);
	check_error(&t, c->error, c->offset, UINT32_MAX, c->name);
}
END_TEST

/* -------------------------------------------------------- function bodies */

/* Function types: 0x60 params results. */
#define T_VOID "\x60\x00\x00"
#define T_I32_I32 "\x60\x01\x7f\x01\x7f"
#define T_TO_I32 "\x60\x00\x01\x7f"

/* Sections between the function and code sections. */
#define NONE ""
#define TAG0 "\x0d\x03\x01\x00\x00"
#define MEMORY "\x05\x03\x01\x00\x01"
#define MEMORY2 "\x05\x05\x02\x00\x01\x00\x01"
#define MEMORY64 "\x05\x03\x01\x04\x01"
#define CONST_GLOBAL "\x06\x06\x01\x7f\x00\x41\x00\x0b"
#define MUT_GLOBAL "\x06\x06\x01\x7f\x01\x41\x00\x0b"

struct body_case {
	const char *name;
	const uint8_t *type;   /* the function's type */
	size_t type_len;
	const uint8_t *extra;  /* whole sections, ids 4 to 9 */
	size_t extra_len;
	const uint8_t *body;   /* locals and code */
	size_t body_len;
	const char *error;     /* message prefix; NULL when valid */
	long at;               /* the error's offset in the body, or -1 */
};

/* A block, a loop, an if and a br_table, all well typed. */
#define CONTROL_BODY \
	"\x00"                     /* no locals */ \
	"\x02\x40"                 /* block */ \
	"\x02\x40"                 /*   block */ \
	"\x02\x40"                 /*     block */ \
	"\x20\x00"                 /*       local.get 0 */ \
	"\x0e\x02\x00\x01\x02"     /*       br_table 0 1 2 */ \
	"\x0b"                     /*     end */ \
	"\x41\x01\x0f"             /*     i32.const 1 return */ \
	"\x0b"                     /*   end */ \
	"\x41\x02\x0f"             /*   i32.const 2 return */ \
	"\x0b"                     /* end */ \
	"\x03\x40"                 /* loop */ \
	"\x20\x00\x45\x0d\x00"     /*   local.get 0 i32.eqz br_if 0 */ \
	"\x0b"                     /* end */ \
	"\x02\x7f"                 /* block (result i32) */ \
	"\x41\x05\x20\x00\x0d\x00" /*   i32.const 5 local.get 0 br_if 0 */ \
	"\x1a"                     /*   drop */ \
	"\x20\x00"                 /*   local.get 0 */ \
	"\x04\x7f"                 /*   if (result i32) */ \
	"\x41\x03"                 /*     i32.const 3 */ \
	"\x05"                     /*   else */ \
	"\x41\x04"                 /*     i32.const 4 */ \
	"\x0b"                     /*   end */ \
	"\x0b"                     /* end */ \
	"\x0b"

static const struct body_case body_cases[] = {
	{ "empty function", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x0b"), NULL, 0 },
	{ "block, loop, if and br_table", BYTES(T_I32_I32), BYTES(NONE), BYTES(CONTROL_BODY),
	  NULL, 0 },
	{ "unreachable makes the stack polymorphic", BYTES(T_TO_I32), BYTES(NONE),
	  BYTES("\x00\x00\x6a\x0b"), NULL, 0 },
	{ "i64 for an i32 result", BYTES(T_TO_I32), BYTES(NONE), BYTES("\x00\x42\x00\x0b"),
	  "type mismatch", -1 },
	{ "return_call to itself", BYTES(T_I32_I32), BYTES(NONE),
	  BYTES("\x00\x20\x00\x12\x00\x0b"), NULL, 0 },
	{ "return_call makes the stack polymorphic", BYTES(T_I32_I32), BYTES(NONE),
	  BYTES("\x00\x20\x00\x12\x00\x6a\x0b"), NULL, 0 },
	{ "return_call of an unknown function", BYTES(T_TO_I32), BYTES(NONE),
	  BYTES("\x00\x12\x01\x0b"), "unknown function", 1 },
	{ "return_call_indirect without a table", BYTES(T_I32_I32), BYTES(NONE),
	  BYTES("\x00\x20\x00\x20\x00\x13\x00\x00\x0b"), "unknown table", 5 },
	{ "no value for an i32 result", BYTES(T_TO_I32), BYTES(NONE), BYTES("\x00\x0b"),
	  "type mismatch", -1 },
	{ "i32.add of an i64", BYTES(T_TO_I32), BYTES(NONE),
	  BYTES("\x00\x41\x01\x42\x02\x6a\x0b"), "type mismatch", -1 },
	{ "value left at the end", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x41\x01\x0b"),
	  "type mismatch", -1 },
	{ "select of i32 and i64", BYTES(T_TO_I32), BYTES(NONE),
	  BYTES("\x00\x41\x01\x42\x02\x41\x00\x1b\x0b"), "type mismatch", -1 },
	{ "if without else changes the stack", BYTES(T_TO_I32), BYTES(NONE),
	  BYTES("\x00\x41\x01\x04\x7f\x41\x02\x0b\x0b"), "type mismatch", -1 },
	{ "br_table targets of different arity", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x02\x40\x02\x7f\x41\x00\x41\x00\x0e\x01\x00\x01\x0b\x1a\x0b\x0b"),
	  "type mismatch", -1 },
	{ "locals after params", BYTES(T_I32_I32), BYTES(NONE),
	  BYTES("\x01\x01\x7e\x20\x01\x1a\x20\x00\x0b"), NULL, 0 },
	{ "unknown local", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x20\x00\x1a\x0b"),
	  "unknown local", 1 },
	{ "local past the declared ones", BYTES(T_I32_I32), BYTES(NONE),
	  BYTES("\x01\x01\x7e\x20\x02\x1a\x20\x00\x0b"), "unknown local", 3 },
	{ "local.set of unknown local", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x41\x00\x21\x05\x0b"), "unknown local", 3 },
	{ "malformed local type", BYTES(T_VOID), BYTES(NONE), BYTES("\x01\x01\x40\x0b"),
	  "malformed value type", 2 },
	{ "recursive call", BYTES(T_I32_I32), BYTES(NONE), BYTES("\x00\x20\x00\x10\x00\x0b"),
	  NULL, 0 },
	{ "call of unknown function", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x10\x05\x0b"),
	  "unknown function", 1 },
	{ "call with a missing argument", BYTES(T_I32_I32), BYTES(NONE),
	  BYTES("\x00\x10\x00\x0b"), "type mismatch", -1 },
	{ "call_indirect without a table", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x41\x00\x11\x00\x00\x0b"), "unknown table", 3 },
	/* exceptions: TAG0 is a tag of type 0, the function's */
	{ "try_table catching a throw", BYTES(T_VOID), BYTES(TAG0),
	  BYTES("\x00\x02\x40\x1f\x40\x01\x02\x00\x08\x00\x0b\x0b\x0b"), NULL, 0 },
	{ "catch_ref to a label without exnref", BYTES(T_VOID), BYTES(TAG0),
	  BYTES("\x00\x02\x40\x1f\x40\x01\x01\x00\x00\x0b\x0b\x0b"), "type mismatch", 3 },
	{ "throw of an unknown tag", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x08\x00\x0b"),
	  "unknown tag", 1 },
	{ "tag with results", BYTES(T_TO_I32), BYTES(TAG0), BYTES("\x00\x00\x0b"),
	  "non-empty tag result type", -1 },
	{ "legacy try, catch_all, rethrow", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x06\x40\x19\x09\x00\x0b\x0b"), NULL, 0 },
	{ "rethrow outside a catch", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x02\x40\x09\x00\x0b\x0b"), "invalid rethrow label", 3 },
	{ "throw_ref of an i32", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x41\x00\x0a\x0b"),
	  "type mismatch", -1 },
	{ "illegal opcode 0x27", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x01\x27\x0b"),
	  "illegal opcode", 2 },
	{ "illegal opcode 0xff", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xff\x0b"),
	  "illegal opcode", 1 },
	{ "illegal opcode 0xfc 0x20", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfc\x20\x0b"),
	  "illegal opcode", 1 },
	{ "struct.new of a function type", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xfb\x00\x00\x0b"), "type mismatch: type 0 is not a struct type", 1 },
	{ "i31.get_u of nothing", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfb\x1e\x0b"),
	  "type mismatch: expected i31ref, but the stack is empty", 3 },
	{ "i31.get_u of ref.i31", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x41\x05\xfb\x1c\xfb\x1e\x1a\x0b"), NULL, 0 },
	{ "ref.eq of i31 and eqref", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x41\x05\xfb\x1c\xd0\x6d\xd3\x1a\x0b"), NULL, 0 },
	{ "ref.eq of funcrefs", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x70\xd0\x70\xd3\x1a\x0b"), "type mismatch", -1 },
	{ "ref.cast to i31 of an anyref", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x6e\xfb\x16\x6c\x1a\x0b"), NULL, 0 },
	{ "ref.test of a funcref for i31", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x70\xfb\x14\x6c\x1a\x0b"), "type mismatch", -1 },
	{ "illegal opcode 0xfb 0x7f", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfb\x7f\x0b"),
	  "illegal opcode 0xfb 0x7f", 1 },
	{ "i64.atomic.rmw16.cmpxchg_u", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xfe\x4d\x01\x00\x0b"), "unknown memory 0", 1 },
	{ "i32.atomic.store8", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfe\x19\x00\x00\x0b"),
	  "unknown memory 0", 1 },
	{ "atomic.fence", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfe\x03\x00\x0b"), NULL, 0 },
	{ "atomic.fence 1", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfe\x03\x01\x0b"),
	  "malformed fence ordering", 1 },
	{ "illegal opcode 0xfe 0x4f", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xfe\x4f\x0b"),
	  "illegal opcode 0xfe 0x4f", 1 },
	{ "call_ref without a reference", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x14\x00\x0b"),
	  "type mismatch", -1 },
	{ "call_ref of a null $t", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x00\x14\x00\x0b"), NULL, 0 },
	{ "call_ref of an unknown type", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x70\x14\x07\x0b"), "unknown type", 3 },
	{ "call_ref of a funcref", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x70\x14\x00\x0b"), "type mismatch", -1 },
	{ "local (ref $t) read before set", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x01\x01\x64\x00\x20\x00\x1a\x0b"), "uninitialized local", 4 },
	{ "ref.as_non_null of an i32", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x41\x00\xd4\x1a\x0b"), "type mismatch", -1 },
	{ "local of type eqref", BYTES(T_VOID), BYTES(NONE), BYTES("\x01\x01\x6d\x0b"), NULL, 0 },
	{ "empty block of type (ref $t)", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x02\x64\x00\x0b\x0b"), "type mismatch", -1 },
	{ "block of type (ref null $t)", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x02\x63\x00\xd0\x00\x0b\x1a\x0b"), NULL, 0 },
	{ "ref.null $t", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\xd0\x00\x1a\x0b"), NULL, 0 },
	{ "ref.null of an unknown type", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\xd0\x05\x1a\x0b"), "unknown type", 2 },
	{ "memory.size without memory", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x3f\x00\x1a\x0b"), "unknown memory", 1 },
	{ "load without memory", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x41\x00\x28\x02\x00\x1a\x0b"), "unknown memory", 3 },
	{ "load from memory 1 of 2", BYTES(T_VOID), BYTES(MEMORY2),
	  BYTES("\x00\x41\x00\x28\x42\x01\x00\x1a\x0b"), NULL, 0 },
	{ "load from memory 1 of 1", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x41\x00\x28\x42\x01\x00\x1a\x0b"), "unknown memory 1", 3 },
	{ "memory.copy between memories", BYTES(T_VOID), BYTES(MEMORY2),
	  BYTES("\x00\x41\x00\x41\x00\x41\x00\xfc\x0a\x01\x00\x0b"), NULL, 0 },
	{ "memory.size of a long zero", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x3f\x80\x00\x1a\x0b"), "zero byte expected", 2 },
	{ "load of an i64 address", BYTES(T_VOID), BYTES(MEMORY64),
	  BYTES("\x00\x42\x00\x28\x02\x00\x1a\x0b"), NULL, 0 },
	{ "load of an i32 address from a 64-bit memory", BYTES(T_VOID), BYTES(MEMORY64),
	  BYTES("\x00\x41\x00\x28\x02\x00\x1a\x0b"), "type mismatch", -1 },
	{ "64-bit offset", BYTES(T_VOID), BYTES(MEMORY64),
	  BYTES("\x00\x42\x00\x28\x02\x80\x80\x80\x80\x80\x01\x1a\x0b"), NULL, 0 },
	{ "64-bit offset into a 32-bit memory", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x41\x00\x28\x02\x80\x80\x80\x80\x80\x01\x1a\x0b"),
	  "integer representation too long", -1 },
	{ "memory.grow of a 64-bit memory", BYTES(T_VOID), BYTES(MEMORY64),
	  BYTES("\x00\x42\x01\x40\x00\x50\x1a\x0b"), NULL, 0 },
	{ "memory.size and memory.grow", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x3f\x00\x40\x00\x1a\x0b"), NULL, 0 },
	{ "naturally aligned load", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x41\x00\x28\x02\x00\x1a\x0b"), NULL, 0 },
	{ "over-aligned i32.load", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x41\x00\x28\x03\x00\x1a\x0b"),
	  "alignment must not be larger than natural", 3 },
	{ "over-aligned i64.store8", BYTES(T_VOID), BYTES(MEMORY),
	  BYTES("\x00\x41\x00\x42\x00\x3c\x01\x00\x0b"),
	  "alignment must not be larger than natural", 5 },
	{ "global.get of unknown global", BYTES(T_VOID), BYTES(NONE),
	  BYTES("\x00\x23\x00\x1a\x0b"), "unknown global", 1 },
	{ "global.set of mutable global", BYTES(T_VOID), BYTES(MUT_GLOBAL),
	  BYTES("\x00\x41\x01\x24\x00\x0b"), NULL, 0 },
	{ "global.set of immutable global", BYTES(T_VOID), BYTES(CONST_GLOBAL),
	  BYTES("\x00\x41\x01\x24\x00\x0b"), "global is immutable", 3 },
	{ "global.set of an i64 to an i32", BYTES(T_VOID), BYTES(MUT_GLOBAL),
	  BYTES("\x00\x42\x01\x24\x00\x0b"), "type mismatch", -1 },
	{ "unknown label", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x0c\x01\x0b"),
	  "unknown label", 1 },
	{ "else without if", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x05\x0b"),
	  "else without matching if", 1 },
	{ "missing end", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x01"), "unexpected end", -1 },
	{ "code after the end", BYTES(T_VOID), BYTES(NONE), BYTES("\x00\x0b\x01"),
	  "section size mismatch", -1 },
};

/* Appends an unsigned LEB128 value. */
static void put_u32(uint8_t *out, size_t *n, uint32_t v)
{
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		out[(*n)++] = (uint8_t)(b | (v ? 0x80 : 0));
	} while (v);
}

static void put(uint8_t *out, size_t *n, const uint8_t *p, size_t len)
{
	memcpy(out + *n, p, len);
	*n += len;
}

/* A module of one function of type `c->type` and body `c->body`, with
 * `c->extra` in between; returns its size and the body's offset. */
static size_t body_module(const struct body_case *c, uint8_t *out, size_t *body_at)
{
	size_t n = 0;

	put(out, &n, (const uint8_t *)HDR, 8);
	out[n++] = 1;
	put_u32(out, &n, (uint32_t)(c->type_len + 1));
	out[n++] = 1;
	put(out, &n, c->type, c->type_len);
	put(out, &n, (const uint8_t *)FUNC_1, 4);
	put(out, &n, c->extra, c->extra_len);
	out[n++] = 10;
	put_u32(out, &n, (uint32_t)(c->body_len + 2));
	out[n++] = 1;
	put_u32(out, &n, (uint32_t)c->body_len);
	*body_at = n;
	put(out, &n, c->body, c->body_len);
	return n;
}

START_TEST(test_body)
{
	const struct body_case *c = &body_cases[_i];
	uint8_t bytes[256];
	size_t at, size;
	Translation t;
	bool ok;

	ck_assert_uint_lt(c->type_len + c->extra_len + c->body_len, 100);
	size = body_module(c, bytes, &at);
	ok = w2c_validate(bytes, size, FILE_NAME, &t);
	if (!c->error) {
		ck_assert_msg(ok, "%s: rejected: %s", c->name, t.error);
		return;
	}
	ck_assert_msg(!ok, "%s: accepted, want \"%s\"", c->name, c->error);
	check_error(&t, c->error, c->at < 0 ? -1 : (long)at + c->at, 0, c->name);
}
END_TEST

/* The builder itself: the empty function is exactly CODE_1's module. */
START_TEST(test_body_builder)
{
	static const uint8_t want[] = HDR TYPE_VOID FUNC_1 CODE_1;
	uint8_t bytes[64];
	size_t at, size = body_module(&body_cases[0], bytes, &at);

	ck_assert_uint_eq(size, sizeof want - 1);
	ck_assert_mem_eq(bytes, want, size);
	ck_assert_uint_eq(at, size - 2);
}
END_TEST

/* The error names the function by its index in the function index
 * space, which counts imports. */
START_TEST(test_error_names_function)
{
	static const uint8_t bytes[] = HDR TYPE_VOID
		"\x02\x07\x01\x01\x6d\x01\x66\x00\x00" /* import "m" "f" (func 0) */
		"\x03\x03\x02\x00\x00"                 /* functions 1 and 2 */
		"\x0a\x09\x02"
		"\x02\x00\x0b"                         /* func 1: ok */
		"\x04\x00\x10\x07\x0b";                /* func 2: call 7 */
	Translation t;

	ck_assert(!w2c_validate(bytes, sizeof bytes - 1, FILE_NAME, &t));
	ck_assert_str_eq(t.message, "unknown function 7");
	ck_assert_str_eq(t.error, FILE_NAME ":0x24: func 2: unknown function 7");
}
END_TEST

/* Validation keeps no state between modules. */
START_TEST(test_validate_again)
{
	static const uint8_t good[] = HDR TYPE_VOID FUNC_1 CODE_1;
	static const uint8_t bad[] = HDR "\x01\x02\x00\x00";
	Translation t;

	ck_assert(!w2c_validate(bad, sizeof bad - 1, FILE_NAME, &t));
	ck_assert(w2c_validate(good, sizeof good - 1, FILE_NAME, &t));
	ck_assert_str_eq(t.message, "");
	ck_assert(!w2c_validate(bad, sizeof bad - 1, FILE_NAME, &t));
	ck_assert_str_eq(t.message, "section size mismatch");
}
END_TEST

Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("modules");

	ADD_TABLE_TEST(tc, test_module, module_cases);
	tcase_add_test(tc, test_validate_again);
	suite_add_tcase(s, tc);

	tc = tcase_create("bodies");
	tcase_add_test(tc, test_body_builder);
	ADD_TABLE_TEST(tc, test_body, body_cases);
	tcase_add_test(tc, test_error_names_function);
	suite_add_tcase(s, tc);
	return s;
}
