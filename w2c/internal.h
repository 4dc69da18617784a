/*
 * internal.h: the translator's shared types.
 *
 * The pipeline, one file per stage:
 *
 *   reader.c       bytes, LEB128, names
 *   decode.c       sections into a Module (function bodies stay as byte
 *                  ranges)
 *   validate.c     the operand and control stacks, per instruction
 *   emit_func.c    one function at a time: decode, validate and emit each
 *                  instruction in a single pass (families of instructions in
 *                  emit_call.c, emit_memory.c, emit_simd.c, emit_gc.c, ...)
 *   emit_module.c  the header, the instance struct, segments, init and the
 *                  module descriptor
 *   translate.c    the driver, and the one place errors land
 *
 * Errors never exit(): `fail` longjmps to the boundary in translate.c,
 * which reports "FILE:0xOFFSET: message" and removes partial output.
 */
#ifndef W2C_INTERNAL_H
#define W2C_INTERNAL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "w2c_limits.h"

#define W2C_VERSION "0.1.0"

#if defined(__GNUC__)
#define PRINTF(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF(f, a)
#define NORETURN
#endif

/* ------------------------------------------------------------- utilities */

/* Arena: many allocations, one free.  Ownership of everything allocated
 * from an arena stays with the arena. */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
	ArenaBlock *head;
} Arena;

void *arena_alloc(Arena *a, size_t size);
void *arena_zalloc(Arena *a, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
void arena_free(Arena *a);

/* A growable byte buffer, for C text and scratch arrays. */
typedef struct Buf {
	char *p;
	size_t len, cap;
} Buf;

/* The emitter appends a few bytes at a time, tens of millions of times
 * for a large module: the common case is inline. */
void buf_grow(Buf *b, size_t extra);

static inline void buf_reserve(Buf *b, size_t extra)
{
	if (b->cap - b->len < extra)
		buf_grow(b, extra);
}

static inline void buf_add(Buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	buf_reserve(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static inline void buf_str(Buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static inline void buf_char(Buf *b, char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
}

void buf_u64(Buf *b, uint64_t v);
/* Appends formatted text, leaving a NUL after it (not counted in len). */
void buf_printf(Buf *b, const char *fmt, ...) PRINTF(2, 3);
void buf_free(Buf *b);

/* Growable arrays of anything, in the arena or on the heap. */
#define VEC(T)              \
	struct {            \
		T *v;       \
		size_t n, cap; \
	}
#define vec_push(vec, x)                                                  \
	do {                                                              \
		if ((vec).n == (vec).cap)                                 \
			vec_grow((void **)&(vec).v, &(vec).cap, sizeof *(vec).v); \
		(vec).v[(vec).n++] = (x);                                 \
	} while (0)
void vec_grow(void **v, size_t *cap, size_t elem);

/* A set of byte strings (copied into an arena): adding returns whether
 * the string was new.  For de-duplicating what the output declares. */
enum { DECLARED_EXPORT = 1, DECLARED_REF = 2 };

typedef struct StrSet {
	Arena arena;
	struct StrSetEntry **slots;
	size_t cap, n;
} StrSet;
bool strset_add(StrSet *set, const char *s, size_t n);
void strset_free(StrSet *set);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);

/* ----------------------------------------------------------------- errors */

typedef struct Diag {
	jmp_buf env;
	size_t offset;     /* byte offset in the input */
	char message[300];
	const char *file;  /* for messages */
	uint32_t func;     /* function being translated, or UINT32_MAX */
} Diag;

/* Reports the error at `offset` and unwinds to the boundary. */
NORETURN void fail(Diag *d, size_t offset, const char *fmt, ...) PRINTF(3, 4);

/* ----------------------------------------------------------------- reader */

typedef struct Reader {
	const uint8_t *base; /* start of the module: offsets are from here */
	const uint8_t *p;
	const uint8_t *end;  /* end of the current section or body */
	const uint8_t *file_end;
	Diag *diag;
} Reader;

NORETURN void rd_unexpected_end(Reader *r);
uint32_t rd_u32_long(Reader *r);
int32_t rd_s32_long(Reader *r);

/* Most reads are of one byte: those are inline. */
static inline size_t rd_offset(const Reader *r)
{
	return (size_t)(r->p - r->base);
}

static inline bool rd_done(const Reader *r)
{
	return r->p >= r->end;
}

static inline uint8_t rd_u8(Reader *r)
{
	if (r->p >= r->end)
		rd_unexpected_end(r);
	return *r->p++;
}

static inline uint32_t rd_u32(Reader *r)
{
	if (r->p < r->end && *r->p < 0x80)
		return *r->p++;
	return rd_u32_long(r);
}

static inline int32_t rd_s32(Reader *r)
{
	if (r->p < r->end && *r->p < 0x80) {
		uint8_t b = *r->p++;
		return b & 0x40 ? (int32_t)b - 0x80 : (int32_t)b;
	}
	return rd_s32_long(r);
}

/* The little-endian 32-bit number at p. */
static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int64_t rd_s64(Reader *r);
int64_t rd_s33(Reader *r);
uint64_t rd_u64(Reader *r);
uint32_t rd_f32(Reader *r);
uint64_t rd_f64(Reader *r);
const uint8_t *rd_bytes(Reader *r, uint32_t n);
/* A vector length, checked against the bytes left: each element takes at
 * least `min_elem_size` bytes. */
uint32_t rd_count(Reader *r, uint32_t min_elem_size);
/* A UTF-8 name; *len gets its length.  Not NUL-terminated. */
const char *rd_name(Reader *r, uint32_t *len);
bool utf8_valid(const uint8_t *s, size_t n);

/* ------------------------------------------------------------------ types */

/*
 * Value types.  A ValType is 32 bits: the low byte is the binary
 * encoding's type code; for reference types other than the shorthands
 * it is 0x64 (ref ht) or 0x63 (ref null ht), and bits 8 and up hold the
 * heap type ht: an abstract heap type's code (below 0x80), or 0x80 plus a
 * type index.  (ref null func), (ref null extern) and (ref null exn) are
 * always their shorthands funcref, externref and exnref, so that every
 * type 2.0 had is the one byte it always was.  GC adds abstract heap
 * types (any, eq, i31, struct, array, none, nofunc, noextern) in the
 * same place.
 */
typedef uint32_t ValType;

enum {
	VT_I32 = 0x7f,
	VT_I64 = 0x7e,
	VT_F32 = 0x7d,
	VT_F64 = 0x7c,
	VT_V128 = 0x7b,
	VT_FUNCREF = 0x70,
	VT_EXTERNREF = 0x6f,
	VT_EXNREF = 0x69,
	VT_REF = 0x64,      /* (ref ht), ht in bits 8 and up */
	VT_REF_NULL = 0x63, /* (ref null ht) */
	VT_UNKNOWN = 0, /* the bottom type of unreachable code */
	/* GC: the shorthands (ref null ht) of the abstract heap types */
	VT_ANYREF = 0x6e,
	VT_EQREF = 0x6d,
	VT_I31REF = 0x6c,
	VT_STRUCTREF = 0x6b,
	VT_ARRAYREF = 0x6a,
	VT_NULLREF = 0x71,
	VT_NULLEXTERNREF = 0x72,
	VT_NULLFUNCREF = 0x73,
	VT_NULLEXNREF = 0x74,
	/* packed storage types, of struct and array fields only */
	VT_I8 = 0x78,
	VT_I16 = 0x77,
};

/* Abstract heap types, by their codes; a type index x is HT_INDEX + x. */
enum {
	HT_FUNC = 0x70,
	HT_EXTERN = 0x6f,
	HT_EXN = 0x69,
	HT_ANY = 0x6e,
	HT_EQ = 0x6d,
	HT_I31 = 0x6c,
	HT_STRUCT = 0x6b,
	HT_ARRAY = 0x6a,
	HT_NONE = 0x71,
	HT_NOEXTERN = 0x72,
	HT_NOFUNC = 0x73,
	HT_NOEXN = 0x74,
	HT_INDEX = 0x80,
};

/* Is c an abstract heap type's code? */
static inline bool ht_abstract(uint32_t c)
{
	return c >= HT_EXN && c <= HT_NOEXN;
}

/* (ref null? ht), canonical: the shorthand where there is one (every
 * abstract heap type has one). */
static inline ValType vt_ref(bool nullable, uint32_t ht)
{
	if (nullable && ht < HT_INDEX)
		return ht;
	return (nullable ? VT_REF_NULL : VT_REF) | ht << 8;
}

static inline bool vt_nullable(ValType t)
{
	return (t & 0xff) != VT_REF;
}

/* A reference type's heap type. */
static inline uint32_t vt_heap(ValType t)
{
	return t > 0xff ? t >> 8 : t;
}

/* The representation of a reference to type index x: a function type's
 * is a funcref, a struct's or array's an anyref.  It asks the module
 * being translated (util.c; set by decode_module: one at a time). */
uint8_t vt_rep_index(uint32_t x);

/* The value type code the C representation goes by: (ref $t) is a
 * w2c_funcref as funcref is, the bottom types are their hierarchy's top,
 * and every GC reference of the any hierarchy is an anyref.  For the
 * emitter, which cares about nothing more. */
static inline uint8_t vt_rep(ValType t)
{
	uint32_t ht = t <= 0xff ? t : t >> 8;

	if (t <= 0xff && !ht_abstract(t))
		return (uint8_t)t;
	switch (ht) {
	case HT_FUNC: case HT_NOFUNC: return VT_FUNCREF;
	case HT_EXTERN: case HT_NOEXTERN: return VT_EXTERNREF;
	case HT_EXN: case HT_NOEXN: return VT_EXNREF;
	}
	return ht >= HT_INDEX ? vt_rep_index(ht - HT_INDEX) : VT_ANYREF;
}

bool is_valtype(uint8_t t);
/* unsupported.c: rejecting what w2c knows but doesn't translate, as
 * "unsupported: FEATURE (CONSTRUCT)", else as malformed.  The feature of
 * a type byte w2c lacks, with its name in *name, or NULL. */
const char *unsupported_type(uint8_t t, const char **name);
/* "malformed `what` type 0xNN" unless the type is a known unsupported one. */
NORETURN void fail_type(Diag *d, size_t at, uint8_t t, const char *what);
/* A type section entry that is not a function type. */
NORETURN void fail_type_form(Diag *d, size_t at, uint8_t form);
/* An opcode w2c has no row for: b, and the prefixed opcode's number. */
NORETURN void fail_opcode(Diag *d, size_t at, uint8_t b, bool has_sub, uint32_t sub);
bool is_reftype(ValType t);
/* The text form of t, e.g. "(ref null 3)"; in a static buffer, one of a
 * few rotating ones (for messages). */
const char *valtype_name(ValType t);
/* The name of t's representation, as C names it (w2c_value's members). */
static inline const char *valtype_cname(ValType t)
{
	return valtype_name(vt_rep(t));
}
/* The w2c_valtype (w2c.h) of a value type: its representation's. */
int valtype_abi(ValType t);
/* The C type of locals and stack slots, and the letter naming slots of
 * that type.  The ABI type, in signatures and globals, differs for v128:
 * w2c_v128 there, w2c_vec (w2c_simd.h) inside functions. */
const char *valtype_ctype(ValType t);
const char *valtype_abi_ctype(ValType t);
char valtype_letter(ValType t);
/* Non-nullable references have no default value. */
static inline bool vt_defaultable(ValType t)
{
	return (t & 0xff) != VT_REF;
}

/* A struct's or array's field: a value type or VT_I8/VT_I16. */
typedef struct Field {
	ValType type;
	bool mut;
} Field;

/* Composite types (GC): a type is a function, struct or array type. */
enum { COMP_FUNC, COMP_STRUCT, COMP_ARRAY };
#define NO_SUPER UINT32_MAX

/* A defined type.  (The name is from before GC, when every type was a
 * function type; params and results are empty for the others.) */
typedef struct FuncType {
	uint32_t nparams, nresults;
	ValType *params, *results;
	uint64_t id;        /* canonical id, 0 if registered at run time */
	uint32_t canon;     /* the first type equal to this one */
	uint32_t large;     /* index among the large types, when id is 0 */
	/* identified across modules by its canonical rtt (rt/types.c), not
	 * its signature: a function type other than 2.0's (id is then 0) */
	bool by_rtt;
	/* GC */
	uint8_t kind;       /* COMP_ */
	bool final;         /* no subtype may declare it (2.0 types are) */
	uint32_t super;     /* the declared supertype, or NO_SUPER */
	uint32_t depth;     /* supertypes above it */
	uint32_t rec, nrec; /* its recursion group: first type and size */
	uint32_t nfields;   /* struct: its fields; array: one, the element */
	Field *fields;
} FuncType;

/* A memory's or table's limits.  A 64-bit one (memory64, table64) takes
 * i64 addresses and sizes; a memory's pages are 2^page_log2 bytes (65536,
 * or 1 with custom page sizes). */
typedef struct Limits {
	uint64_t min, max;
	bool has_max;
	bool is64;
	bool shared;        /* a shared memory (threads) */
	uint8_t page_log2;
	/* a memory checked explicitly that reserves only its maximum
	 * (mark_small_memories) */
	bool reserve_max;
	/* a defined memory that grows to at most `cap` pages, below its
	 * maximum (w2c --max-memory) */
	bool capped;
	uint64_t cap;
} Limits;

typedef struct TableEntry {
	uint32_t index, func;
} TableEntry;

typedef struct Table {
	ValType elem;
	size_t init;        /* offset of the initializer expression, or 0 */
	Limits lim;
	TableEntry *fixed;  /* contents known when translating: the functions */
	uint32_t nfixed;    /* (the other entries are null), or NULL */
} Table;

typedef struct Global {
	ValType type;
	bool mut;
	bool known;         /* defined, of i32 or i64, its initial value known */
	size_t init;        /* offset of the constant expression (defined) */
	uint64_t value;     /* that value, when known */
} Global;

enum {
	EXT_FUNC = 0,
	EXT_TABLE = 1,
	EXT_MEMORY = 2,
	EXT_GLOBAL = 3,
	EXT_TAG = 4,
};

typedef struct Import {
	const char *module, *name;
	uint32_t module_len, name_len;
	uint8_t kind;
	uint32_t index;     /* in the index space of its kind */
} Import;

typedef struct Export {
	const char *name;
	uint32_t name_len;
	uint8_t kind;
	uint32_t index;
	const char *cname;  /* the C identifier suffix */
} Export;

enum { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARATIVE };

typedef struct ElemSeg {
	uint8_t mode;
	ValType type;
	uint32_t table;
	size_t offset_expr;
	uint32_t count;
	bool exprs;         /* items are expressions, not function indices */
	size_t items;       /* offset of the first item */
} ElemSeg;

typedef struct DataSeg {
	uint8_t mode;
	uint32_t memory;
	size_t offset_expr;
	size_t bytes;       /* offset of the bytes */
	uint32_t len;
	uint32_t zlen;      /* emitted deflated, this long; 0 if raw */
} DataSeg;

typedef struct Func {
	uint32_t type;
	bool imported;
	const char *name;   /* from the name section, sanitised; or NULL */
	size_t body, body_len;
} Func;

typedef struct Module {
	Arena arena;
	Diag *diag;
	const uint8_t *bytes;
	size_t size;

	FuncType *types;
	uint32_t ntypes, nlarge;
	Func *funcs;
	uint32_t nfuncs, nimported_funcs;
	Table *tables;
	uint32_t ntables, nimported_tables;
	Limits *memories;
	uint32_t nmemories, nimported_memories;
	Global *globals;
	uint32_t nglobals, nimported_globals;
	uint32_t *tags;     /* each tag's type index */
	uint32_t ntags, nimported_tags;
	Import *imports;
	uint32_t nimports;
	Export *exports;
	uint32_t nexports;
	ElemSeg *elems;
	uint32_t nelems;
	DataSeg *datas;
	uint32_t ndatas;
	bool has_start, has_datacount;
	uint32_t start, datacount;
	/* Functions that ref.func may name: those referenced outside function
	 * bodies (2.0's C.refs), by an export (DECLARED_EXPORT) or in an
	 * element segment or initialiser (DECLARED_REF, where a funcref to
	 * them can reach the embedder without their being exported). */
	uint8_t *declared;
	/* The module name from the name section, or NULL. */
	const char *name;
	/* It may use v128: generated code then includes w2c_simd.h. */
	bool simd;
	/* It has a shared memory or may use an atomic instruction: generated
	 * code then includes w2c_atomic.h too. */
	bool atomics;
	/* It has GC's types (gc), or GC instructions in constant
	 * expressions (gc_const): emit_gc.c looks closer. */
	bool gc, gc_const;
	/* It has a type that is not a 2.0 function type: its types are
	 * registered at instantiation (rt/types.c) and their canonical rtts
	 * kept in the instance (rtts[]). */
	bool rtts;
} Module;

/* util.c: the module vt_rep_index asks. */
void vt_rep_module(const Module *m);

/* decode.c: reads every section; bodies are only located. */
void decode_module(Module *m, const uint8_t *bytes, size_t size, Diag *diag);
/* Reads a value type (with `ref`, a reference type), whose type indices
 * must be below ntypes. */
ValType read_valtype(Module *m, Reader *r, uint32_t ntypes, bool ref);
/* A heap type: HT_ code, or HT_INDEX + a type index below ntypes. */
uint32_t read_heaptype(Module *m, Reader *r, uint32_t ntypes);
/* Do two function types have the same parameters and results? */
bool same_type(const FuncType *a, const FuncType *b);
/* Subtyping: is a value of type a one of type b?  VT_UNKNOWN, the type
 * of unreachable code, is a subtype of all. */
bool vt_sub(const Module *m, ValType a, ValType b);
/* Type equality (both ways subtypes). */
bool vt_eq(const Module *m, ValType a, ValType b);
/* Heap subtyping: a and b are HT_ codes or HT_INDEX + index. */
bool heap_sub(const Module *m, uint32_t a, uint32_t b);
/* The top of a heap type's hierarchy (any, func, extern, exn). */
uint32_t heap_top(const Module *m, uint32_t ht);
/* Does the type need GC's representation (anyref, struct and array
 * types)?  The emitter can't translate those yet. */
bool vt_gc(const Module *m, ValType t);

/* validate.c */
/* A constant expression of several instructions (extended constants)
 * whose value depends on an imported global, directly or through a
 * defined one: ConstExpr.op then holds this (nop's opcode, never a
 * constant instruction), and the emitter reads the instructions again. */
#define CONST_OPS 0x01
/* ref.i31 of a known i32 (GC): ConstExpr.value holds the reference's
 * bits, (n << 1) | 1. */
#define CONST_I31 0x02

/* One instruction, or what an i32 or i64 expression folds to when no
 * imported global is in it (a global.get of a defined global folds to
 * that global's value, when known, too: an i32.const or i64.const). */
typedef struct ConstExpr {
	uint8_t op;         /* the single instruction's opcode (0xfd: v128),
	                     * or CONST_OPS */
	uint64_t value;     /* const bits, ref.func or global.get index */
	uint8_t v128[16];   /* v128.const */
	ValType type;
} ConstExpr;

/* Validates the constant expression at `offset` of type `type`; stores it
 * in *out and returns the offset after its end. */
size_t const_expr(Module *m, size_t offset, ValType type, uint32_t nglobals,
                  ConstExpr *out);
/* A reader at the first item of element segment s, and the next item as
 * a constant expression (a function index list gives ref.func items). */
Reader elem_items(Module *m, const ElemSeg *s);
/* validate_gc.c: a GC instruction (after 0xfb) in a constant expression:
 * pops its operands' types off types[0, *n) and returns its result's. */
ValType gc_const_op(Module *m, Reader *r, size_t at, const ValType *types, uint32_t *n);
void elem_item(Module *m, const ElemSeg *s, Reader *r, ConstExpr *e);

/* ----------------------------------------------------------------- output */

typedef struct Names {
	const char *prefix;   /* C prefix: w2c_<name> */
} Names;

/* C identifier text for an arbitrary byte string: letters, digits and
 * underscores kept, everything else escaped as _xx. */
void mangle(Buf *b, const char *s, size_t n);
/* A C string literal holding exactly these bytes (split across lines). */
void c_string_literal(const uint8_t *s, size_t n, Buf *out);

typedef struct Options {
	const char *input;      /* for messages and the header comment */
	const char *prefix;     /* C prefix, e.g. "w2c_foo" */
	const char *header;     /* the header's file name, for #include */
	bool validate_only;
	bool compress_data;     /* deflate active data segments */
	bool small_memories;    /* exported memories may reserve their maximum */
	bool has_max_memory;    /* --max-memory: defined memories grow to at */
	uint64_t max_memory;    /* most max_memory bytes */
	uint32_t split;         /* C files to spread the functions over (0: 1) */
} Options;

/* emit_func.c: validates function `i` and, when out is non-NULL, appends
 * its C definition. */
typedef struct FuncCx FuncCx;
FuncCx *funccx_new(Module *m, const Options *opt);
void funccx_free(FuncCx *fc);
void translate_func(FuncCx *fc, uint32_t i, Buf *out);
/* ... the functions after this go to C file k (each has its own copy of
 * what they share, such as the call arrays of emit_call.c) */
void funccx_file(FuncCx *fc, uint32_t k);
/* emit_call.c: finds the tables whose contents are known (Table.fixed). */
void find_fixed_tables(FuncCx *fc);
/* emit_atomic.c: whether the module has a shared memory or a function
 * using an atomic instruction (Module.atomics said it might). */
bool scan_atomics(FuncCx *fc);

/* emit_memory.c: caps the defined memories' growth (Limits.cap) and
 * decides which reserve their maximum only and are checked explicitly
 * (Limits.reserve_max). */
void mark_small_memories(Module *m, const Options *opt);

/* emit_gc.c: rejects, when translating, a module whose globals, tables,
 * segments or signatures hold GC references (validation accepts them). */
void gc_check_module(Module *m);
/* Has type i no C signature (a struct or array type, or a function type
 * with GC references)?  No code calls through those yet. */
bool gc_no_signature(const Module *m, uint32_t i);
/* A GC instruction (after 0xfb) of a constant expression as C: its
 * operands' C text are stack[0, n); returns the new n. */
uint32_t gc_const_value(Module *m, Reader *r, Buf *stack, uint32_t n);
/* emit_module.c: GC element segment items, evaluated at instantiation:
 * their instance fields (opt NULL), or their initialisation. */
void gc_elem_values(Module *m, const Options *opt, Buf *out);
/* The C types of struct and array types and their runtime types, in
 * each C file's prologue. */
void gc_emit_types(Module *m, const Options *opt, Buf *out);

/* emit_module.c */
void emit_header(Module *m, const Options *opt, Buf *out);
void emit_prologue(Module *m, const Options *opt, bool first, Buf *out);
/* The name of data or element segment i ("data", "elem", "dataz"). */
void emit_seg_name(const Options *opt, const char *kind, uint32_t i, Buf *out);
void emit_epilogue(Module *m, const Options *opt, Buf *out);
void emit_func_decl(Module *m, const Options *opt, uint32_t i, Buf *out);
/* The C spelling of a function's signature, with `name` as declarator;
 * name NULL gives the pointer type. */
void emit_signature(Module *m, const FuncType *t, const char *name, Buf *out);
void emit_ret_struct_name(const FuncType *t, Buf *out);
/* The C type a function of type t returns: void, a scalar or a struct. */
void emit_ret_type(const FuncType *t, Buf *out);
void emit_type_id(Module *m, const FuncType *t, Buf *out);
void emit_func_name(Module *m, const Options *opt, uint32_t i, Buf *out);
/* A w2c_funcref expression for function f, in a scope with `inst`. */
void emit_funcref(Module *m, const Options *opt, uint32_t f, Buf *out);
/* An lvalue for global g, through the instance pointer named `inst`. */
void emit_global_ref(Module *m, uint32_t g, const char *inst, Buf *out);
/* w2c_v128_const(...) of 16 bytes. */
void emit_v128_const(const uint8_t *bytes, Buf *out);
/* A C constant of type t from its bits. */
void emit_const(ValType t, uint64_t bits, Buf *out);

/* translate.c: the public entry points used by main.c and spectest.c. */
typedef struct Translation {
	char error[400];       /* "FILE:0xOFF: message" on failure */
	char message[300];     /* the bare message, for spec tests */
} Translation;

/* Validates a module; returns true if valid, else fills t. */
bool w2c_validate(const uint8_t *bytes, size_t size, const char *file,
                  Translation *t);
/* Whether the module is a WASI command `w2c run` can link: it exports
 * _start and imports only wasi_snapshot_preview1 functions.  Else false
 * with "FILE: why" in t->error. */
bool w2c_check_command(const uint8_t *bytes, size_t size, const char *file,
                       Translation *t);
/* The name of C file k of a --split translation: OUT.c, OUT_1.c, ... */
char *w2c_part_path(const char *out_c, uint32_t k);
/* Translates to out_c (and its parts) and out_h, written atomically, all
 * or none; returns success. */
bool w2c_translate(const uint8_t *bytes, size_t size, const Options *opt,
                   const char *out_c, const char *out_h, Translation *t);

/* The same into buffers (appended; NULL discards), e.g. for fuzzing. */
bool w2c_translate_mem(const uint8_t *bytes, size_t size, const Options *opt,
                       Buf *out_c, Buf *out_h, Translation *t);

/* Reads a whole file, inflating it when it is gzip or zlib data.  Returns
 * NULL with a message in err on failure; the caller frees. */
uint8_t *read_input(const char *path, size_t *size, char *err, size_t errsize);
/* A module file, binary or text (wat_module.c): its binary bytes, or NULL
 * with "PATH: why" or "PATH:LINE:COL: why" in err. */
uint8_t *read_module(const char *path, size_t *size, char *err, size_t errsize);

/* cache.c: w2c run's program cache.  Its directory into out. */
bool cache_dir(char *out, size_t size);
/* Removes a directory of ours and the files in it. */
void remove_tree(const char *dir);
/* Removes the temporary directories of runs that were killed. */
void cache_remove_stale(const char *dir);
/* Makes a temporary directory (PATH_MAX bytes) for this run in dir. */
bool cache_tmp_dir(const char *dir, char *out);
/* Leaves in tmp only what a cached program needs, and the module's name. */
void cache_keep_program(const char *tmp, const char *module);
/* Records a use of a cached program. */
void cache_touch(const char *program);
/* Removes the least recently used programs, but `keep`, until the cache
 * is within its bound. */
void cache_bound(const char *dir, const char *keep);
int cache_main(int argc, char **argv);

/* Writes `data` to `path` through a temporary file renamed into place. */
bool write_file_atomic(const char *path, const void *data, size_t len,
                       char *err, size_t errsize);
/* --max-memory's SIZE: bytes, with K, M or G for 2^10, 2^20, 2^30 of
 * them, a whole number of 64 KiB pages.  False when it isn't. */
bool parse_memory_size(const char *s, uint64_t *bytes);
/* Its one-line error, for the value given (NULL: none), exit status 2. */
int bad_memory_size(const char *s);

/* functype.c (shared with the runtime) */
uint64_t w2c_functype_inline_id(uint32_t nparams, uint32_t nresults,
                                const uint8_t *types);

#endif
