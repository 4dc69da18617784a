/*
 * w2c_limits.h: every limit the translator enforces, in one place.
 *
 * The values are the JavaScript API's implementation limits (the "Limits"
 * section of the WebAssembly JS API spec), which every browser accepts, so
 * a module that runs on the web translates here.  A module over a limit
 * gets a one-line error naming it; nothing else bounds the translator's
 * memory but the size of the largest function.
 */
#ifndef W2C_LIMITS_H
#define W2C_LIMITS_H

#define LIMIT_TYPES        1000000u
#define LIMIT_FUNCS        1000000u
#define LIMIT_IMPORTS      100000u
#define LIMIT_EXPORTS      100000u
#define LIMIT_GLOBALS      1000000u
#define LIMIT_DATA_SEGS    100000u
#define LIMIT_ELEM_SEGS    10000000u
#define LIMIT_TABLES       100000u
#define LIMIT_MEMORIES     100000u
#define LIMIT_TAGS         1000000u
/* (a table's size is the runtime's to limit: W2C_MAX_TABLE_SIZE, rt_internal.h) */
#define LIMIT_PARAMS       1000u
#define LIMIT_RESULTS      1000u
#define LIMIT_LOCALS       50000u
#define LIMIT_BODY_SIZE    7654321u
#define LIMIT_BR_TABLE     1000000u
#define LIMIT_NAME_LEN     100000u
/* GC: a struct's fields, and how many supertypes a type may have above
 * it (the depth of a cast's supertype display) */
#define LIMIT_FIELDS       10000u
#define LIMIT_SUBTYPE_DEPTH 63u
#define LIMIT_ARRAY_FIXED  10000u

/* Not in the JS API: how deeply blocks may nest, and how high the operand
 * stack may grow, within one function.  The C written is flat (labels and
 * gotos, no nested braces), so these bound only the translator's memory. */
#define LIMIT_NESTING      100000u
#define LIMIT_STACK        1000000u
/* How high the operand stack of one constant expression (an initialiser or
 * a segment offset) may grow: extended constants nest i32/i64 add, sub and
 * mul; compilers write two or three values. */
#define LIMIT_CONST_STACK  256u

/* Not in the JS API: how deeply the text format's parentheses and blocks
 * may nest (the text reader recurses: this bounds its C stack to about
 * 2 MB). */
#define LIMIT_TEXT_NESTING 10000u

/* Not in the JS API: a function making tail calls passes its parameters
 * and results in a per-thread area of this many 64-bit words (a funcref
 * takes three, a v128 two, others one): W2C_TAIL_WORDS in w2c_gen.h. */
#define LIMIT_TAIL_WORDS   256u

#endif
