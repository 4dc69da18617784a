/*
 * w2c.h: the runtime ABI and embedding API of w2c.
 *
 * Generated code and embedders compile against this header and link the
 * w2c-rt library.  The model is the JavaScript API: a translated module is a
 * `w2c_module` descriptor (WebAssembly.Module); `w2c_instantiate` makes an
 * instance from it and an import object (WebAssembly.Instance); the
 * instance's exports are reached by name (`w2c_call`, `w2c_get_export`) or as
 * typed C functions declared in the module's generated header.
 *
 * Traps never crash the host: a trap inside `w2c_call`, `w2c_protect` or
 * `w2c_instantiate` comes back as a `w2c_status`.  A trap with no such frame
 * active goes to the unhandled-trap handler (see `w2c_set_trap_handler`).
 *
 * An instance must outlive every instance that imports from it.
 */
#ifndef W2C_H
#define W2C_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever the layout of anything below changes; generated code
 * checks it at compile time. */
#define W2C_ABI_VERSION 4

#ifndef W2C_API
#if defined(__GNUC__)
#define W2C_API __attribute__((visibility("default")))
#else
#define W2C_API
#endif
#endif

#if defined(__GNUC__)
#define W2C_NORETURN __attribute__((noreturn))
#elif __STDC_VERSION__ >= 201112L
#define W2C_NORETURN _Noreturn
#else
#define W2C_NORETURN
#endif

/* ---------------------------------------------------------------- values */

typedef enum w2c_valtype {
	W2C_I32 = 1,
	W2C_I64 = 2,
	W2C_F32 = 3,
	W2C_F64 = 4,
	W2C_V128 = 5,
	W2C_FUNCREF = 6,
	W2C_EXTERNREF = 7,
	W2C_EXNREF = 8,
	W2C_ANYREF = 9,   /* GC: anyref and the types below it (eqref,
	                   * i31ref, structref, arrayref, nullref, (ref $t)
	                   * of a struct or array type) */
} w2c_valtype;

/* A flag in the type of a global's or table's import descriptor, of a
 * global's export descriptor and of a w2c_extern (GLOBAL): a non-null
 * reference ((ref func), (ref $t): typed function references).  A
 * reference to a function type names that type in their `functype`.
 * W2C_VALTYPE() drops the flag. */
#define W2C_REF_NONNULL 0x100
#define W2C_VALTYPE(t) ((w2c_valtype)((t) & 0xff))

/* Any function pointer; cast back to the exact type before calling. */
typedef void (*w2c_fnptr)(void);

/*
 * A function reference, also the element of a funcref table.  Every wasm
 * function, imported or defined, is a C function whose first parameter is a
 * context pointer; `ctx` is the value passed there (the instance for
 * translated functions, the embedder's pointer for host functions).  `type`
 * is the canonical id of the signature (see w2c_functype_id); a null
 * reference has type 0 and fn NULL.
 */
typedef struct w2c_funcref {
	uint64_t type;
	w2c_fnptr fn;
	void *ctx;
} w2c_funcref;

/* An externref is an opaque host pointer; NULL is ref.null extern. */
typedef void *w2c_externref;

/* An exnref: a caught exception (see "Exceptions" below); NULL is
 * ref.null exn. */
typedef struct w2c_rt_exn *w2c_exnref;

/* A GC reference: anyref and every type below it (eqref, i31ref,
 * structref, arrayref, nullref, struct and array types; docs/gc.md).
 * NULL is ref.null any; an i31 is the odd value (n << 1) | 1 (see
 * w2c_ref_i31); anything else is an object of the collector's heap.
 * In a w2c_value every one of these types has the tag W2C_ANYREF (as
 * every function reference type has W2C_FUNCREF): the functions under
 * "GC references" below tell what a reference is. */
typedef void *w2c_anyref;

typedef struct w2c_v128 {
	uint64_t lo, hi;
} w2c_v128;

/* A tagged value, for the dynamic API. */
typedef struct w2c_value {
	w2c_valtype type;
	union {
		uint32_t i32;
		uint64_t i64;
		float f32;
		double f64;
		w2c_v128 v128;
		w2c_funcref funcref;
		w2c_externref externref;
		w2c_exnref exnref;
		w2c_anyref anyref;
	} of;
} w2c_value;

/*
 * A function signature.  `types` holds the parameter types followed by the
 * result types.  `id` is its canonical id when it fits the inline encoding
 * (see w2c_functype_id), else 0; or in a module's static descriptors, for a
 * type that is more than its signature (GC: rec groups, subtypes),
 * W2C_FUNCTYPE_DEFINED(x), resolved per instance (w2c_module_types).
 */
typedef struct w2c_functype {
	uint32_t nparams, nresults;
	const uint8_t *types;
	uint64_t id;
} w2c_functype;

/*
 * Returns the canonical id of a signature: equal signatures get equal ids in
 * every module of the process, so call_indirect checks a type with one
 * integer compare.  Signatures of up to 19 values in all are encoded inline
 * (bit 63 clear); larger ones are interned in a process-wide registry (bit 63
 * set).  Returns 0 only when the registry can't allocate.
 */
W2C_API uint64_t w2c_functype_id(const w2c_functype *type);

/* ----------------------------------------------------------- status codes */

typedef enum w2c_status {
	W2C_OK = 0,
	/* traps */
	W2C_TRAP_UNREACHABLE,
	W2C_TRAP_MEMORY_OOB,
	W2C_TRAP_TABLE_OOB,
	W2C_TRAP_INT_OVERFLOW,
	W2C_TRAP_DIV_ZERO,
	W2C_TRAP_INVALID_CONVERSION,
	W2C_TRAP_UNDEFINED_ELEMENT,     /* call_indirect index out of bounds */
	W2C_TRAP_UNINITIALIZED_ELEMENT, /* call_indirect of a null entry */
	W2C_TRAP_INDIRECT_CALL_TYPE,
	W2C_TRAP_EXHAUSTION,
	W2C_TRAP_HOST,                  /* raised by a host function */
	W2C_TRAP_EXIT,                  /* a host function ended the program */
	/* errors that are not traps */
	W2C_ERR_LINK,                   /* missing or mistyped import */
	W2C_ERR_RESOURCE,               /* out of memory or address space */
	W2C_ERR_NOT_FOUND,              /* no export of that name and kind */
	W2C_ERR_ARGUMENTS,              /* argument or result count or type */
	/* A wasm exception no handler caught; w2c_exception() has it. */
	W2C_EXCEPTION,
	W2C_TRAP_NULL_EXNREF,           /* throw_ref of a null exnref */
	W2C_TRAP_NULL_FUNCREF,          /* call_ref of a null funcref */
	W2C_TRAP_NULL_REFERENCE,        /* ref.as_non_null of null */
	W2C_TRAP_UNALIGNED_ATOMIC,      /* an atomic access off its width */
	W2C_TRAP_EXPECTED_SHARED,       /* wait on an unshared memory */
	/* A host function's own error (w2c_raise); w2c_host_error() has it. */
	W2C_HOST_ERROR,
	W2C_TRAP_CAST,                  /* ref.cast of a value of another type */
	W2C_TRAP_NULL_I31,              /* i31.get_s/u of null */
	W2C_TRAP_NULL_STRUCT,           /* struct.get/set of null */
	W2C_TRAP_NULL_ARRAY,            /* an array instruction on null */
	W2C_TRAP_ARRAY_OOB,             /* an array index or range past its length */
	W2C_TRAP_GC_HEAP,               /* an allocation past the GC heap's limit */
	W2C_STATUS_COUNT
} w2c_status;

/* A short message for a status: the spec testsuite's wording for traps. */
W2C_API const char *w2c_status_message(w2c_status status);

/* ---------------------------------------------------------------- memories */

/*
 * How linear memory is allocated when it does not use guard pages.  `resize`
 * returns a block of at least `new_size` bytes holding the first `old_size`
 * bytes of `old` with the rest zeroed (old is NULL, old_size 0 at first), or
 * NULL to refuse, leaving `old` intact.  `max_size` is the most the memory
 * can ever need, so a static buffer of that size serves.  `release` frees it.
 */
typedef struct w2c_allocator {
	void *(*resize)(void *ctx, void *old, uint64_t old_size,
	                uint64_t new_size, uint64_t max_size);
	void (*release)(void *ctx, void *block, uint64_t size);
	void *ctx;
} w2c_allocator;

/*
 * A linear memory.  `data` holds `size` bytes (pages * page_size).  Guarded
 * memories reserve 8 GiB of address space plus guard pages, so that every
 * 32-bit address plus 32-bit offset faults outside `size` instead of
 * needing a check; `data` then never moves.  Unguarded memories may move
 * when they grow.
 *
 * A 64-bit memory (memory64: i64 addresses, at most 2^48 pages) or one of
 * 1-byte pages (custom page sizes) is always checked explicitly by the
 * code using it; guarded, it reserves its maximum (at most
 * W2C_MEMORY64_RESERVE bytes) without guard pages, and never moves.  So
 * is a small one (W2C_LIMITS_RESERVE_MAX, below), in both modes.
 */
typedef struct w2c_memory {
	uint8_t *data;
	uint64_t size;
	uint64_t pages;
	uint64_t max_pages;              /* the most it grows to here */
	bool has_max;
	bool guarded;
	uint64_t reserved;               /* guarded: bytes reserved at data */
	const w2c_allocator *allocator; /* unguarded: who owns data */
	bool is64;                       /* i64 addresses */
	uint32_t page_size;              /* 65536, or 1 */
	bool shared;                     /* shared between threads (threads) */
	/* the maximum of its type, what linking sees (when has_max): more
	 * than max_pages when `w2c --max-memory` capped its growth */
	uint64_t type_max;
} w2c_memory;

/* The most a guarded 64-bit memory or one of 1-byte pages reserves, so the
 * most it can grow to (64 GiB): it is allowed past 4 GiB as far as this. */
#define W2C_MEMORY64_RESERVE ((uint64_t)64 << 30)

/* Whether this build of the runtime can make guarded memories. */
W2C_API bool w2c_guard_pages_supported(void);

/*
 * Sets up `mem` with `pages` pages and at most `max_pages` (when has_max),
 * guarded or not.  Returns W2C_OK or W2C_ERR_RESOURCE.
 */
W2C_API w2c_status w2c_memory_init(w2c_memory *mem, uint64_t pages,
                                   uint64_t max_pages, bool has_max,
                                   bool guarded);
W2C_API void w2c_memory_free(w2c_memory *mem);

typedef struct w2c_limits w2c_limits;

/*
 * The same for any memory type: `type` gives the limits in pages, whether
 * the memory is 64-bit and its page size (see w2c_limits).  An i32 memory
 * of 65536-byte pages has at most 65536 pages, one of 1-byte pages at most
 * 2^32 - 1; a 64-bit one at most W2C_MEMORY64_RESERVE bytes.
 */
W2C_API w2c_status w2c_memory_init_type(w2c_memory *mem, const w2c_limits *type,
                                        bool guarded);

/* memory.grow: returns the old page count, or UINT32_MAX on failure. */
W2C_API uint32_t w2c_memory_grow(w2c_memory *mem, uint64_t delta);
/* The same for a 64-bit memory: the old page count, or UINT64_MAX. */
W2C_API uint64_t w2c_memory_grow64(w2c_memory *mem, uint64_t delta);

/*
 * The allocator for unguarded memories and for tables made after the call;
 * NULL restores the default (realloc).
 */
W2C_API void w2c_set_allocator(const w2c_allocator *allocator);

/*
 * An allocator over one caller-provided buffer, for hosts without a heap:
 * blocks are carved from the start, the newest can grow in place (a
 * module's init allocates its tables, then its memories, so a memory can
 * grow up to the buffer's end), an older one grows by moving.  Give it the
 * module's table bytes plus its memory's maximum; allocation beyond the
 * buffer fails cleanly (memory.grow returns -1).
 */
typedef struct w2c_arena {
	uint8_t *base;
	size_t size, used;
	uint8_t *last;      /* the newest block */
	w2c_allocator allocator;
} w2c_arena;
W2C_API const w2c_allocator *w2c_arena_init(w2c_arena *arena, void *buffer,
                                            size_t size);

/* ------------------------------------------------------------------ tables */

typedef struct w2c_table {
	w2c_funcref *funcs;       /* elem == W2C_FUNCREF */
	w2c_externref *externs;   /* elem == W2C_EXTERNREF */
	uint32_t size;
	uint32_t max;             /* UINT32_MAX without a maximum */
	bool has_max;
	w2c_valtype elem;
	const w2c_allocator *allocator; /* who owns the elements */
	/* table64: i64 indices (set after init).  Its size still fits in
	 * 32 bits: no table grows past 10,000,000 elements (the JS API's
	 * limit), and generated code saturates larger indices to 2^32 - 1,
	 * which is always out of bounds. */
	bool is64;
	/* typed function references: the elements are never null, and are
	 * of this function type (NULL: of any).  Linking checks them. */
	bool elem_nonnull;
	const w2c_functype *elem_functype;
	/* (GC) the id of the elements' canonical type when it is more than a
	 * signature (see w2c_gen.h, W2C_TYPE_RTT), else 0 */
	uint64_t elem_type;
} w2c_table;

/* Returns W2C_OK or W2C_ERR_RESOURCE; all elements start null.  A table
 * of references other than funcrefs is, until w2c_table_free, a root of
 * the calling thread's GC heap (docs/gc.md): free it on that thread. */
W2C_API w2c_status w2c_table_init(w2c_table *table, w2c_valtype elem,
                                  uint32_t size, uint32_t max, bool has_max);
W2C_API void w2c_table_free(w2c_table *table);

/* table.grow: returns the old size, or UINT32_MAX on failure.  New
 * elements get *func_init (null if func_init is NULL) or extern_init. */
W2C_API uint32_t w2c_table_grow(w2c_table *table, uint32_t delta,
                                const w2c_funcref *func_init,
                                w2c_externref extern_init);

/* ----------------------------------------------------------------- globals */

/* A global's value.  Read and write only the member of its type: a
 * module's own globals are stored in that type's size, not the union's. */
typedef union w2c_global_value {
	uint32_t i32;
	uint64_t i64;
	float f32;
	double f64;
	w2c_v128 v128;
	w2c_funcref funcref;
	w2c_externref externref;
	w2c_exnref exnref;
	w2c_anyref anyref;
} w2c_global_value;

/* A global made by the embedder, to import. */
typedef struct w2c_global {
	w2c_valtype type;
	bool is_mutable;
	w2c_global_value value;
} w2c_global;

/* --------------------------------------------------------------- modules */

typedef enum w2c_extern_kind {
	W2C_EXTERN_FUNC = 0,
	W2C_EXTERN_TABLE = 1,
	W2C_EXTERN_MEMORY = 2,
	W2C_EXTERN_GLOBAL = 3,
	W2C_EXTERN_INSTANCE = 4, /* import objects only: every export */
	W2C_EXTERN_TAG = 5,
} w2c_extern_kind;

/*
 * An exception tag.  Tags are compared by address: a tag imported from
 * another instance (or from the host) is the same object, so it catches
 * what the exporter throws.  `type` gives the payload's types as the
 * parameters of a function type with no results.
 */
typedef struct w2c_tag {
	const w2c_functype *type;
	/* the id of its canonical type (docs/gc.md) when that is not just a
	 * signature (a type in a rec group, with supertypes, of GC
	 * references); else 0, as for every tag the host makes */
	uint64_t canon;
} w2c_tag;

typedef struct w2c_instance w2c_instance;

/* Calls `fn` (of the signature the invoker was made for) with `ctx` and
 * tagged arguments, storing tagged results. */
typedef void (*w2c_invoker)(w2c_fnptr fn, void *ctx, const w2c_value *args,
                            w2c_value *results);

/*
 * The type of an imported table or memory: its limits (in pages of a
 * memory) and flags, as in the binary format: W2C_LIMITS_MAX, there is a
 * maximum; W2C_LIMITS_64, 64-bit (i64 addresses or indices: memory64,
 * table64); W2C_LIMITS_PAGE1, a memory of 1-byte pages instead of 65536
 * (custom page sizes); W2C_LIMITS_SHARED, a shared memory (threads: it
 * needs a maximum, and never moves).  (A bool true is W2C_LIMITS_MAX.)
 */
struct w2c_limits {
	uint64_t min, max;
	uint8_t flags;
};
#define W2C_LIMITS_MAX 1u
#define W2C_LIMITS_SHARED 2u
#define W2C_LIMITS_64 4u
#define W2C_LIMITS_PAGE1 8u

/*
 * One import of a module, as the generated descriptor lists it.  The runtime
 * writes the binding into the instance at `offset`: a w2c_func_binding for
 * functions, a w2c_table * or w2c_memory * for tables and memories, a
 * pointer to the w2c_global_value for globals and a w2c_tag * for tags.
 */
typedef struct w2c_import_desc {
	const char *module;
	const char *name;
	uint32_t module_len, name_len; /* names may hold NUL bytes */
	w2c_extern_kind kind;
	uint32_t offset;
	const w2c_functype *functype; /* FUNC, TAG (the payload as params);
	                               * GLOBAL of a (ref null? $t): $t */
	w2c_fnptr adapter;            /* FUNC: calls a w2c_host_func (see below) */
	w2c_valtype type;             /* TABLE elements, GLOBAL value */
	bool is_mutable;              /* GLOBAL */
	w2c_limits limits;            /* TABLE, MEMORY */
} w2c_import_desc;

/*
 * One export.  FUNC: `fn` with the instance as context, or when fn is NULL
 * the w2c_func_binding at `offset` (a re-exported import).  TABLE, MEMORY:
 * the pointer at `offset`.  GLOBAL: the value at `offset`, or when
 * `indirect` the pointer to it there.  TAG: the w2c_tag * at `offset`.
 */
typedef struct w2c_export_desc {
	const char *name;
	uint32_t name_len;            /* names may hold NUL bytes */
	w2c_extern_kind kind;
	uint32_t offset;
	bool indirect;
	const w2c_functype *functype; /* FUNC; GLOBAL of a (ref null? $t) */
	w2c_fnptr fn;                 /* FUNC */
	w2c_invoker invoke;           /* FUNC */
	w2c_valtype type;             /* GLOBAL */
	bool is_mutable;              /* GLOBAL */
} w2c_export_desc;

/*
 * A module's types (GC, rec groups, subtypes; rt/types.c): its ntypes
 * types, rec group by group, as the `desc` words describe them; per type
 * its w2c_functype or (struct, array) its static w2c_rtt (the layout) in
 * `info`.  Their canonical rtts go to the `const w2c_rtt *` array at
 * rtts_offset in the instance.  A large_types entry or an import's or
 * export's functype whose id is W2C_FUNCTYPE_DEFINED(x) takes its id from
 * type x's canonical rtt.
 */
typedef struct w2c_module_types {
	uint32_t ntypes;
	const uint32_t *desc;
	const void *const *info;
	uint32_t rtts_offset;
} w2c_module_types;

/* The descriptor of a translated module: WebAssembly.Module. */
typedef struct w2c_module {
	uint32_t abi_version;
	const char *name;
	size_t instance_size;
	bool guarded;                 /* memory accesses rely on guard pages */
	uint32_t nimports;
	const w2c_import_desc *imports;
	uint32_t nexports;
	const w2c_export_desc *exports;
	/* Signatures too large to encode inline, registered at instantiation;
	 * their ids go to the uint64_t array at type_ids_offset. */
	uint32_t nlarge_types;
	const w2c_functype *large_types;
	uint32_t type_ids_offset;
	/* Allocates memories and tables, initialises globals, applies the
	 * segments and runs the start function.  May trap. */
	void (*init)(w2c_instance *inst);
	/* Frees what init allocated; safe after a partial init. */
	void (*release)(w2c_instance *inst);
	/* Invokers for the signatures of functions that a funcref may
	 * designate and no export shares: functions in element segments and
	 * initialisers (for w2c_call_ref).  Absent (0, NULL) when none. */
	uint32_t ninvokers;
	const struct w2c_invoker_desc *invokers;
	/* Tag index -> offset of its w2c_tag * in the instance (naming an
	 * exception's tag: w2c_exn_format).  Absent (0, NULL) without tags. */
	uint32_t ntags;
	const uint32_t *tag_offsets;
	/* Canonical types, or NULL in a module whose every type is a 2.0
	 * function type (identified by its signature alone). */
	const struct w2c_module_types *types;
} w2c_module;

/* The id of a module's static w2c_functype that stands for its type x, a
 * canonical type, resolved per instance (w2c_module_types). */
#define W2C_FUNCTYPE_DEFINED(x) (UINT64_C(1) << 62 | (uint64_t)(x))

/* The header every instance starts with. */
struct w2c_instance {
	const w2c_module *module;
	void *user;                   /* the embedder's, untouched by w2c */
	void *host_bindings;          /* runtime-owned: dynamic host functions */
};

/* An imported function as the instance holds it. */
typedef struct w2c_func_binding {
	w2c_fnptr fn;
	void *ctx;
	/* its type id: the import's, or (GC) a subtype's, which funcrefs to
	 * it carry */
	uint64_t type;
} w2c_func_binding;

/* ----------------------------------------------------------- import objects */

/*
 * A dynamic host function: receives tagged arguments and fills tagged
 * results (types preset).  To trap, call w2c_trap or w2c_trap_host.
 */
typedef void (*w2c_host_func)(void *ctx, const w2c_value *args,
                              w2c_value *results);

/*
 * One entry of an import object.  For functions, `signature` is the type in
 * text form, e.g. "i32 i32 -> i64", "-> f32", "externref ->", checked
 * (a GC reference is "anyref", or "eqref", "i31ref", "structref",
 * "arrayref" or "nullref", which are the same W2C_ANYREF to the runtime),
 * against the import's type at link time (any length: up to wasm's 1,000
 * parameters and 1,000 results).  A typed host function `fn` is
 * called as `R fn(void *ctx, P...)` with i32/i64 as uint32_t/uint64_t,
 * f32/f64 as float/double, references as w2c_funcref/w2c_externref (GC
 * ones as w2c_anyref) and
 * several results returned as a struct of fields r0, r1, ...; otherwise
 * `dynamic` is called.  An entry of kind INSTANCE with `name` NULL offers
 * every export of `instance` under `module`.  A TAG entry gives `tag`.
 * An entry with `ext` set gives that extern, an export of another
 * instance, of whatever kind it is (`kind` is ignored): see
 * W2C_IMPORT_EXTERN below.
 */
typedef struct w2c_import {
	const char *module;
	const char *name;
	w2c_extern_kind kind;
	const char *signature;
	w2c_fnptr fn;
	w2c_host_func dynamic;
	void *ctx;
	w2c_memory *memory;
	w2c_table *table;
	w2c_global *global;
	w2c_instance *instance;
	w2c_tag *tag;
	const struct w2c_extern *ext;
} w2c_import;

#define W2C_IMPORT_FUNC(mod, nm, sig, f, c) \
	{ (mod), (nm), W2C_EXTERN_FUNC, (sig), (w2c_fnptr)(f), NULL, (c), \
	  NULL, NULL, NULL, NULL, NULL, NULL }
#define W2C_IMPORT_DYNAMIC(mod, nm, sig, f, c) \
	{ (mod), (nm), W2C_EXTERN_FUNC, (sig), NULL, (f), (c), \
	  NULL, NULL, NULL, NULL, NULL, NULL }
#define W2C_IMPORT_MEMORY(mod, nm, m) \
	{ (mod), (nm), W2C_EXTERN_MEMORY, NULL, NULL, NULL, NULL, \
	  (m), NULL, NULL, NULL, NULL, NULL }
#define W2C_IMPORT_TABLE(mod, nm, t) \
	{ (mod), (nm), W2C_EXTERN_TABLE, NULL, NULL, NULL, NULL, \
	  NULL, (t), NULL, NULL, NULL, NULL }
#define W2C_IMPORT_GLOBAL(mod, nm, g) \
	{ (mod), (nm), W2C_EXTERN_GLOBAL, NULL, NULL, NULL, NULL, \
	  NULL, NULL, (g), NULL, NULL, NULL }
#define W2C_IMPORT_INSTANCE(mod, i) \
	{ (mod), NULL, W2C_EXTERN_INSTANCE, NULL, NULL, NULL, NULL, \
	  NULL, NULL, NULL, (i), NULL, NULL }
#define W2C_IMPORT_TAG(mod, nm, t) \
	{ (mod), (nm), W2C_EXTERN_TAG, NULL, NULL, NULL, NULL, \
	  NULL, NULL, NULL, NULL, (t), NULL }

/* --------------------------------------------------------------- instances */

/* What went wrong in w2c_instantiate. */
typedef struct w2c_error {
	w2c_status status; /* W2C_ERR_LINK, W2C_ERR_RESOURCE or a trap */
	char message[256];
} w2c_error;

/*
 * new WebAssembly.Instance(module, importObject): binds the imports (a
 * missing or mistyped one is W2C_ERR_LINK naming it), allocates memories
 * and tables, applies segments and runs the start function.  Returns the
 * instance, or NULL with *err filled in (err may be NULL).  A trap during
 * initialisation leaves earlier segment writes to imported memories and
 * tables in place, as the spec says.
 */
W2C_API w2c_instance *w2c_instantiate(const w2c_module *module,
                                      const w2c_import *imports,
                                      size_t nimports, w2c_error *err);

/* As w2c_instantiate, into caller-provided zeroed storage of at least
 * module->instance_size bytes, suitably aligned (no heap for the instance
 * itself).  Returns W2C_OK or the failure. */
W2C_API w2c_status w2c_instantiate_into(void *storage,
                                        const w2c_module *module,
                                        const w2c_import *imports,
                                        size_t nimports, w2c_error *err);

/* Frees an instance from w2c_instantiate (NULL is fine). */
W2C_API void w2c_instance_free(w2c_instance *inst);
/* Releases what an instance made by w2c_instantiate_into holds. */
W2C_API void w2c_instance_release(w2c_instance *inst);

/* An export resolved to what it designates. */
typedef struct w2c_extern {
	w2c_extern_kind kind;
	w2c_funcref func;              /* FUNC */
	const w2c_functype *functype;  /* FUNC; GLOBAL of a (ref null? $t) */
	w2c_invoker invoke;            /* FUNC */
	w2c_memory *memory;            /* MEMORY */
	w2c_table *table;              /* TABLE */
	w2c_global_value *global;      /* GLOBAL */
	w2c_valtype type;              /* GLOBAL */
	bool is_mutable;               /* GLOBAL */
	w2c_tag *tag;                  /* TAG */
	uint64_t heaptype;             /* GLOBAL of a (ref null? $t): $t's id */
} w2c_extern;

/* Finds the export `name`: true and *out filled, or false. */
W2C_API bool w2c_get_export(w2c_instance *inst, const char *name,
                            w2c_extern *out);
/* The same for a name of `len` bytes, which may hold NUL bytes. */
W2C_API bool w2c_get_export_n(w2c_instance *inst, const char *name,
                              size_t len, w2c_extern *out);
W2C_API w2c_memory *w2c_get_memory(w2c_instance *inst, const char *name);
W2C_API w2c_table *w2c_get_table(w2c_instance *inst, const char *name);
W2C_API w2c_global_value *w2c_get_global(w2c_instance *inst,
                                         const char *name);

/*
 * instance.exports[name](...args): calls the exported function with tagged
 * arguments; the types of args must match its parameters exactly.  Returns
 * W2C_OK with the results stored (nresults must be its result count), a
 * trap, W2C_ERR_NOT_FOUND or W2C_ERR_ARGUMENTS.
 */
W2C_API w2c_status w2c_call(w2c_instance *inst, const char *name,
                            const w2c_value *args, size_t nargs,
                            w2c_value *results, size_t nresults);
/* The same for an export already looked up. */
W2C_API w2c_status w2c_call_extern(const w2c_extern *func,
                                   const w2c_value *args, size_t nargs,
                                   w2c_value *results, size_t nresults);

/* --------------------------------------------------------------- GC heap */

/*
 * Each thread has one GC heap (docs/gc.md), for the structs and arrays of
 * the instances it created; it is freed whole when its last instance is.
 * A collection runs inside calls into generated code only.
 */

/* Bounds the calling thread's heap to `bytes` (objects with their
 * headers); an allocation that does not fit after a full collection
 * traps with W2C_TRAP_GC_HEAP.  Default: the environment's
 * W2C_GC_HEAP_MAX, else the runtime's build macro W2C_GC_HEAP_MAX, else
 * unlimited. */
W2C_API void w2c_gc_heap_limit(size_t bytes);

/* The bytes the calling thread's heap holds, and how many collections
 * it has made. */
W2C_API size_t w2c_gc_heap_bytes(void);
W2C_API size_t w2c_gc_collections(void);

/*
 * Host handles: a reference (anyref, or an externref that may be a GC
 * object) the host keeps beyond the call that returned it, and that the
 * collector must not free.  w2c_ref_keep returns NULL when out of memory;
 * w2c_ref_get gives the reference back; w2c_ref_release lets it go (NULL
 * is ignored).  A handle belongs to the calling thread's heap and must be
 * released, on that thread, before the heap's last instance is freed.
 */
typedef struct w2c_ref_handle w2c_ref_handle;
W2C_API w2c_ref_handle *w2c_ref_keep(w2c_anyref ref);
W2C_API w2c_anyref w2c_ref_get(const w2c_ref_handle *h);
W2C_API void w2c_ref_release(w2c_ref_handle *h);

/* Collects the calling thread's heap now; does nothing outside a call
 * into generated code (from a host function it imports, say). */
W2C_API void w2c_gc_collect(void);

/* ------------------------------------------------------- GC references
 *
 * What JavaScript can ask of a reference that wasm gave it: what kind it
 * is, whether it is of a type of a module (ref.test), an i31's value,
 * an array's length.  None of these allocates or collects.
 */

/* What a reference is: ref.test against the abstract types (typeof in
 * JavaScript: an i31 is a number there, a struct or array an object). */
typedef enum w2c_ref_kind {
	W2C_REF_NULL = 0,   /* a null reference of any type */
	W2C_REF_I31,        /* an i31 */
	W2C_REF_STRUCT,     /* a struct */
	W2C_REF_ARRAY,      /* an array */
	W2C_REF_FUNC,       /* a (non-null) function reference */
	W2C_REF_HOST,       /* a host's externref (in an anyref: made one by
	                     * any.convert_extern) */
	W2C_REF_EXN,        /* an exnref */
	W2C_REF_NONE,       /* not a reference: a number or a v128 */
} w2c_ref_kind;

/*
 * The kind of `v`'s reference.  An anyref is what it is; an externref
 * that wasm made of an i31, struct or array (extern.convert_any) is that
 * kind, as it is to JavaScript; any other externref is W2C_REF_HOST.
 */
W2C_API w2c_ref_kind w2c_ref_kind_of(const w2c_value *v);

/*
 * ref.test (ref $t): whether `v` is a non-null reference of type `type`
 * (an index into the type section of inst's module) or of a subtype of
 * it, by canonical types (the same for equal types of any module).  1 if
 * so, 0 if not (a null, a reference of another kind or type); -1 if
 * `type` is not a type of the module, or the module's types are all 2.0
 * function types (it keeps no table of them: w2c_module.types is NULL),
 * or the type is a function type whose signature is too large to have an
 * inline id.  An externref made of a struct or array is tested as that
 * object.
 */
W2C_API int w2c_ref_test(const w2c_instance *inst, uint32_t type, const w2c_value *v);

/* ref.i31: an i31 of the low 31 bits of n. */
W2C_API w2c_anyref w2c_ref_i31(uint32_t n);
/* i31.get_s and i31.get_u of `ref`, which must be an i31 (W2C_REF_I31);
 * 0 for anything else. */
W2C_API int32_t w2c_ref_i31_s(w2c_anyref ref);
W2C_API uint32_t w2c_ref_i31_u(w2c_anyref ref);

/* array.len of `ref`, or -1 when it is not an array. */
W2C_API int64_t w2c_ref_array_len(w2c_anyref ref);

/* Tagged values of a GC reference (W2C_ANYREF), of an i31, and of an
 * externref (a host pointer, NULL for null). */
W2C_API w2c_value w2c_value_anyref(w2c_anyref ref);
W2C_API w2c_value w2c_value_i31(uint32_t n);
W2C_API w2c_value w2c_value_externref(w2c_externref ref);

/*
 * any.convert_extern and extern.convert_any, for the host: an externref
 * as an anyref (a host pointer enters boxed: W2C_REF_HOST; one that
 * extern.convert_any made is the anyref it was made of), and back.  Both
 * may allocate a box on the calling thread's heap, which must have an
 * instance; they return NULL for NULL.
 */
W2C_API w2c_anyref w2c_ref_internalize(w2c_externref ref);
W2C_API w2c_externref w2c_ref_externalize(w2c_anyref ref);

/* ------------------------------------------------------------------- traps */

/*
 * A trap frame: where a trap on this thread lands.  w2c_call, w2c_protect
 * and w2c_instantiate push one; embedders rarely need it directly.
 */
typedef struct w2c_trap_frame {
	jmp_buf env;
	struct w2c_trap_frame *prev;
	volatile w2c_status status;
	/* A wasm exception handler (try_table, try) of generated code: traps
	 * pass it by, exceptions land in it.  False in host frames. */
	bool handler;
	/* A handler's way back to its setjmp, when not longjmp (w2c_gen.h). */
	void (*resume)(struct w2c_trap_frame *frame);
} w2c_trap_frame;

/* Runs fn(arg), returning W2C_OK or the trap that ended it. */
W2C_API w2c_status w2c_protect(void (*fn)(void *arg), void *arg);

/* Traps with `status`; never returns.  For host functions. */
W2C_API W2C_NORETURN void w2c_trap(w2c_status status);
/* Traps with W2C_TRAP_HOST and a message (copied, truncated to 255). */
W2C_API W2C_NORETURN void w2c_trap_host(const char *message);
/* Ends the running call with W2C_TRAP_EXIT and an exit code. */
W2C_API W2C_NORETURN void w2c_exit(int code);
/* The message of the last W2C_TRAP_HOST on this thread, the code of the
 * last W2C_TRAP_EXIT. */
W2C_API const char *w2c_trap_host_message(void);
W2C_API int w2c_exit_code(void);

/*
 * Called for a trap outside any trap frame.  The default prints
 * "w2c: unhandled trap: MESSAGE" to stderr and aborts.  The handler must
 * not return.
 */
typedef void (*w2c_trap_handler)(w2c_status status);
W2C_API void w2c_set_trap_handler(w2c_trap_handler handler);

/*
 * The lowest stack address wasm code may use on this thread; deeper calls
 * trap with W2C_TRAP_EXHAUSTION.  Set automatically from the thread's stack
 * bounds where the platform tells them; firmware sets it by hand.  NULL
 * turns the check off.  With guard pages on Linux, functions whose calls
 * stay inside their module don't compare (W2C_ENTER_GUARDED in
 * w2c_gen.h): they rely on the thread stack's guard
 * (the runtime makes it at least 64 KiB), so a limit set above the guard
 * holds only at the calls that leave the module (imports, indirect
 * calls, runtime calls that allocate or lock).
 */
W2C_API void w2c_set_stack_limit(const void *lowest);

/* -------------------------------------------------------------- exceptions */

/*
 * A wasm exception: its tag and payload (`n` values of the tag's parameter
 * types).  Exceptions cross every kind of frame: translated functions of
 * any instance, and host functions, which throw with w2c_throw and see an
 * exception from a nested w2c_call come back as W2C_EXCEPTION (calling a
 * typed export directly lets it pass through instead).  An exception
 * reaching w2c_call, w2c_call_extern or w2c_protect ends the call with
 * W2C_EXCEPTION; w2c_exception() then gives it.  Outside all of those it
 * goes to the trap handler (w2c_set_trap_handler) as W2C_EXCEPTION.
 *
 * Lifetime: the runtime frees an exception when a `catch` or `catch_all`
 * clause consumes it.  One that became an exnref value (catch_ref,
 * catch_all_ref, a legacy catch that is rethrown, or w2c_exception) lives
 * as long as the process: there is no collector to know when the last
 * copy goes.
 */
/* Makes a tag of a signature in text form with no results ("i32 f64 ->");
 * NULL if the text is malformed or memory runs out.  Free it with
 * w2c_tag_free once no instance that imports it runs. */
W2C_API w2c_tag *w2c_tag_new(const char *signature);
W2C_API void w2c_tag_free(w2c_tag *tag);

/* Throws an exception of `tag` with `n` payload values (their types are
 * the tag's; only the members are read).  Never returns.  For host
 * functions called from wasm, and generated code. */
W2C_API W2C_NORETURN void w2c_throw(const w2c_tag *tag, const w2c_value *payload,
                                    size_t n);
/* throw_ref: throws `exn` again; a null one traps W2C_TRAP_NULL_EXNREF. */
W2C_API W2C_NORETURN void w2c_throw_ref(w2c_exnref exn);

/* The exception of this thread's last W2C_EXCEPTION status (kept until
 * the process ends, see above), or NULL. */
W2C_API w2c_exnref w2c_exception(void);
/* An exception's tag, and its payload with the count in *n. */
W2C_API const w2c_tag *w2c_exn_tag(w2c_exnref exn);
W2C_API const w2c_value *w2c_exn_payload(w2c_exnref exn, size_t *n);

/* ------------------------------------------ linking and calling as in JS
 *
 * What WebAssembly.Instance's import object and a JS host can do beyond
 * the above: give any export of one instance to another under any name,
 * call a funcref read from a table or a global, raise a host error that
 * reaches the embedder unchanged, and keep many small instances alive.
 */

/*
 * An import object entry giving `ext`, an export of another instance
 * (w2c_get_export, or w2c_funcref_extern), as import `mod`.`nm`:
 * `{mod: {nm: other.exports.x}}` in JS.  Any kind: function, table,
 * memory, global or tag, shared, not copied (a global stays the
 * exporter's cell, a memory the exporter's memory).  It is type-checked
 * at instantiation as an export of an instance given by
 * W2C_IMPORT_INSTANCE would be: a mismatch of kind or type is
 * W2C_ERR_LINK.  `*ext` is read during w2c_instantiate only; what it
 * designates must outlive the importing instance.
 */
#define W2C_IMPORT_EXTERN(mod, nm, e) \
	{ (mod), (nm), W2C_EXTERN_FUNC, NULL, NULL, NULL, NULL, \
	  NULL, NULL, NULL, NULL, NULL, (e) }

/* One entry of a module's invoker table (w2c_module.invokers). */
typedef struct w2c_invoker_desc {
	const w2c_functype *type;
	w2c_invoker invoke;
} w2c_invoker_desc;

/*
 * The function a funcref designates, as an extern: to call with
 * w2c_call_extern or give to another instance with W2C_IMPORT_EXTERN
 * (JS: table.get(i) as a function value).  Its signature is the one the
 * funcref's type id names.  Returns false for a null funcref, and for one
 * of a signature that no module instantiated so far can call dynamically
 * (a funcref the host made itself, of a type no wasm function has).
 */
W2C_API bool w2c_funcref_extern(const w2c_funcref *ref, w2c_extern *out);

/*
 * table.get(i)(...args) in JS: calls the function `ref` designates with
 * tagged arguments, type-checked against its signature as w2c_call does.
 * Returns W2C_OK with the results stored, a trap, W2C_EXCEPTION,
 * W2C_HOST_ERROR, W2C_TRAP_NULL_FUNCREF for a null funcref,
 * W2C_ERR_ARGUMENTS for arguments or results of the wrong count or type,
 * or W2C_ERR_NOT_FOUND when its signature can't be called dynamically
 * (see w2c_funcref_extern).
 */
W2C_API w2c_status w2c_call_ref(const w2c_funcref *ref, const w2c_value *args,
                                size_t nargs, w2c_value *results, size_t nresults);

/*
 * Raises a host error from a host function: the call that the embedder
 * made (w2c_call, w2c_call_extern, w2c_call_ref, w2c_protect or
 * w2c_instantiate) ends with W2C_HOST_ERROR, and w2c_host_error() returns
 * `error` unchanged (say, a pointer to the host's own error object: JS's
 * `throw anyValue`).  Like a trap, wasm code can't catch it; unlike a
 * wasm exception, it carries no tag.  Never returns.
 */
W2C_API W2C_NORETURN void w2c_raise(void *error);
/* The error of this thread's last W2C_HOST_ERROR status. */
W2C_API void *w2c_host_error(void);

/*
 * Writes a description of an exception into buf (at most size bytes, NUL
 * included): its tag, by the name `inst` imports or exports it under, else
 * by its index in `inst`'s module ("tag 3"), else "a foreign tag"; then
 * its payload, e.g. `tag "env"."error" (i32 7, f64 1.5)`.  Returns the
 * length the full text has (as snprintf).  inst may be NULL.
 */
W2C_API size_t w2c_exn_format(w2c_instance *inst, w2c_exnref exn, char *buf,
                              size_t size);

/*
 * Many live instances.  A guarded memory reserves 8 GiB of address space,
 * so at most about 16,000 of them fit in a 47-bit address space.  A
 * memory whose declared maximum is at most W2C_SMALL_MEMORY_PAGES pages
 * and that only its own module's code accesses (defined, not exported;
 * or exported too when translated with `w2c --small-memories`) is instead
 * checked explicitly by that code, in both bounds modes, and reserves
 * only its maximum: it is allocated with the W2C_LIMITS_RESERVE_MAX flag.
 * So is one of no maximum that `w2c --max-memory=SIZE` caps at that many
 * pages or fewer (the cap is its maximum here, its type unchanged:
 * w2c_memory.type_max).  docs/instances.md has the design and its costs.
 */
#define W2C_SMALL_MEMORY_PAGES 256
/* A w2c_limits flag of no binary format: the memory's every access is
 * checked explicitly, so it reserves its maximum, readable and writable,
 * and never moves; no guard region follows it.  A module relying on guard
 * pages can't import it (W2C_ERR_LINK). */
#define W2C_LIMITS_RESERVE_MAX 0x80u

#ifdef __cplusplus
}
#endif

#endif /* W2C_H */
