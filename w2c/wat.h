/*
 * wat.h: the text format reader's shared types.
 *
 *   wat_lex.c     characters into tokens (comments and annotations gone)
 *   wat_module.c  a module's fields into binary module bytes, which then
 *                 go through decode/validate/emit like any .wasm
 *   wat_instr.c   instructions (flat and folded) into a function body
 *   wat_script.c  a .wast script into the command list `w2c spectest`
 *                 reads from wast2json's JSON
 *
 * Errors longjmp to the one boundary of each entry point and come back as
 * "LINE:COL: message".
 */
#ifndef W2C_WAT_H
#define W2C_WAT_H

#include "internal.h"

enum { TK_LPAR, TK_RPAR, TK_ATOM, TK_STRING, TK_ID, TK_EOF };

typedef struct Tok {
	int kind;
	uint32_t off, len;   /* the token's text in the source */
} Tok;

/* A name key: (space, bytes) -> index, for identifiers, locals, fields. */
typedef struct NameMap {
	struct NameSlot *slots;
	size_t cap, n;
} NameMap;

typedef struct Wat {
	const char *src;
	size_t size;
	Tok *t;
	size_t n, i;         /* tokens; the current one */
	jmp_buf env;
	char err[300];
	Arena arena;
	NameMap names;
	/* everything an error (a longjmp) must not leak: scratch buffers and
	 * the module being encoded, freed by wat_free */
	VEC(Buf *) bufs;
	VEC(Buf *) spare;
	struct Mod *mod;
	size_t tcap;
	bool lexing;         /* wat_fail gets an offset, not a token */
} Wat;

/* A sized byte string (decoded string literal or identifier). */
typedef struct Str {
	const char *p;
	size_t len;
} Str;

NORETURN void wat_fail(Wat *w, size_t tok, const char *fmt, ...) PRINTF(3, 4);
/* Tokenizes w->src into w->t (fails on a lexical error). */
void wat_lex(Wat *w);
void wat_free(Wat *w);
/* An empty scratch buffer, until wat_unbuf or wat_free. */
Buf *wat_buf(Wat *w);
void wat_unbuf(Wat *w, Buf *b);

/* Token helpers. */
static inline const Tok *wat_tok(const Wat *w, size_t i)
{
	return &w->t[i < w->n ? i : w->n - 1];
}
bool wat_is_kw(const Wat *w, size_t i, const char *kw);
/* The keyword after "(", at token i+1, when token i is "(". */
bool wat_is_open(const Wat *w, size_t i, const char *kw);
Str wat_string(Wat *w, size_t i);          /* a string token's bytes */
Str wat_name(Wat *w, size_t i);            /* ... that must be UTF-8 */
Str wat_id(Wat *w, size_t i);              /* an identifier without its $ */
void wat_expect(Wat *w, int kind, const char *what);
size_t wat_skip_sexpr(Wat *w, size_t i);   /* the token after the group at i */

/* Number literals: false if the atom is no such number. */
bool wat_u64(const char *s, size_t n, uint64_t *v, bool *neg);
bool wat_int(const char *s, size_t n, unsigned bits, uint64_t *v); /* signed or unsigned */
bool wat_uint(const char *s, size_t n, unsigned bits, uint64_t *v);
/* 0 ok, 1 not a float, 2 out of range */
int wat_f32(const char *s, size_t n, uint32_t *bits);
int wat_f64(const char *s, size_t n, uint64_t *bits);

void wat_map_init(NameMap *m);
void wat_map_free(NameMap *m);
/* Adds; false if the key is there already. */
bool wat_map_add(NameMap *m, Arena *a, uint64_t space, Str name, uint32_t value);
bool wat_map_get(const NameMap *m, uint64_t space, Str name, uint32_t *value);

/* Index spaces, and the other name spaces of a NameMap. */
enum { SP_TYPE, SP_FUNC, SP_TABLE, SP_MEM, SP_GLOBAL, SP_TAG, SP_ELEM, SP_DATA, SP_N,
       SP_SIG = SP_N, SP_OP };
#define SP_LOCAL(f) ((uint64_t)1 << 32 | (f))
#define SP_FIELD(t) ((uint64_t)2 << 32 | (t))

typedef struct TypeInfo {
	int kind;               /* 0 func, 1 struct, 2 array */
	bool plain;             /* final, no supertypes, alone in its group */
	uint32_t nparams;
	size_t sig, siglen;     /* func: vec(params) vec(results) in Mod.sigs */
} TypeInfo;

/* The state of one module being encoded. */
typedef struct Mod {
	Wat *w;
	uint32_t count[SP_N];   /* indices given so far, per space */
	VEC(TypeInfo) types;
	Buf sigs;
	Buf sec[14];            /* section contents, by section id */
	uint32_t nsec[14];      /* their entry counts */
	bool seen_def;          /* a definition seen: imports must come first */
	const char *seen_def_kind;
	bool has_start;
	VEC(uint8_t) table64, mem64;   /* address types, by index */
	/* the function being encoded */
	uint32_t func, nlocals;
	VEC(Str) labels;
	unsigned depth;         /* of folded instructions and blocks */
} Mod;

/* wat_module.c, for wat_instr.c */
uint32_t wm_index(Mod *m, int space);
bool wm_maybe_index(Mod *m, int space, uint32_t *idx);
void wm_valtype(Mod *m, Buf *out);
/* A heap type; *abstract gets whether it is one byte (not an index). */
void wm_heaptype(Mod *m, Buf *out);
/* A reference type: nullable into *null, its heap type's bytes into out. */
void wm_reftype(Mod *m, Buf *out, bool *null);
/* A type use; param identifiers go to the current function's locals when
 * `names`.  The type index; *nparams its parameter count. */
uint32_t wm_typeuse(Mod *m, bool names, uint32_t *nparams);
void wm_uleb(Buf *b, uint64_t v);
void wm_free(Mod *m);
void wm_sleb(Buf *b, int64_t v);

/* wat_instr.c */
void wi_instrs(Mod *m, Buf *out);        /* up to ")" or a block keyword */
void wi_expr(Mod *m, Buf *out);          /* instrs, then end */
void wi_folded_expr(Mod *m, Buf *out);   /* one folded instruction, then end */

/* Encodes the module whose fields start at token `i` (after "(module" and
 * its optional id, or the first field of a bare module) up to the
 * matching ")" (or the end); the binary in out. */
void wat_module_fields(Wat *w, Buf *out);

/* The entry points: text into binary module bytes.  False with
 * "LINE:COL: message" in err. */
bool wat_to_wasm(const char *src, size_t size, Buf *out, char *err, size_t errsize);
/* A .wast script's commands as the tree json_parse makes of wast2json's
 * output (in arena), its modules written into dir as NAME.N.wasm/.wat;
 * NULL with "LINE:COL: message" in err. */
struct JsonValue *wast_commands(const char *src, size_t size, const char *dir,
                                const char *name, Arena *arena, char *err, size_t errsize);
/* Whether bytes look like the text format rather than a binary module. */
bool wat_is_text(const uint8_t *p, size_t n);

#endif
