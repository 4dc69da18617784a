/*
 * func.h: the state of one function's translation, shared by validate.c
 * (which owns the operand and control stacks) and emit_func.c (which reads
 * them to name C variables).
 *
 * Operand-stack slot k of type t is the C variable named by t's letter and
 * k (i3, d7); locals are l0, l1, ...  Validation runs first for each
 * instruction, so by the time C is written, every popped operand's height
 * and type are known.
 */
#ifndef W2C_FUNC_H
#define W2C_FUNC_H

#include "internal.h"

enum {
#define OP(id, prefix, code, name, imm, sig, tmpl, arg) OP_##id,
#include "opcodes.def"
#undef OP
	OP_COUNT,
	OP_FUNCTION = OP_COUNT, /* the frame of the function body itself */
};

enum {
	IMM_NONE, IMM_BLOCK, IMM_LABEL, IMM_BR_TABLE, IMM_FUNC, IMM_CALL_INDIRECT,
	IMM_SELECT_T, IMM_INDEX, IMM_MEMARG, IMM_MEMORY, IMM_I32, IMM_I64,
	IMM_F32, IMM_F64, IMM_REFTYPE, IMM_MEMORY_INIT, IMM_MEMORY_COPY,
	IMM_TABLE_INIT, IMM_TABLE_COPY, IMM_LANE, IMM_MEMARG_LANE, IMM_V128,
	IMM_SHUFFLE, IMM_TRY_TABLE, IMM_FENCE,
	IMM_INDEX2, IMM_HEAPTYPE, IMM_BR_ON_CAST, /* GC */
};

/* The atomic memory accesses (threads), wait and notify: a contiguous run
 * of opcodes.def. */
static inline bool op_atomic(uint16_t op)
{
	return op >= OP_MEMORY_ATOMIC_NOTIFY && op <= OP_I64_ATOMIC_RMW32_CMPXCHG_U;
}

/* The SIMD instructions (0xfd prefix): a contiguous run of opcodes.def. */
static inline bool op_simd(uint16_t op)
{
	return op >= OP_V128_LOAD && op <= OP_I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S;
}

typedef struct OpInfo {
	const char *name;
	uint8_t imm;
	const char *sig;
	const char *tmpl;
	uint8_t align;
} OpInfo;

extern const OpInfo op_info[OP_COUNT];

/* A simple instruction's signature and template, taken apart once. */
typedef struct OpShape {
	uint8_t nargs;           /* operands */
	uint8_t args[3];         /* their types */
	uint8_t result;          /* the result's type, or 0 for none */
	bool load;               /* the template reads memory ('@') */
	bool store;              /* ... or writes it, with no result */
} OpShape;

extern OpShape op_shape[OP_COUNT];

/* A decoded instruction. */
typedef struct Instr {
	uint16_t op;
	size_t offset;
	uint32_t a, b;           /* indices: label, function, type, table... */
	uint64_t value;          /* constants; memarg offset */
	uint32_t align;
	/* block types */
	uint32_t nparams, nresults;
	const ValType *params, *results;
	ValType single[1];       /* select's and ref.null's type */
	uint8_t lane;            /* lane index */
	uint8_t bytes[16];       /* v128.const, i8x16.shuffle */
	/* br_table: a+1 labels, the default last */
	uint32_t *labels;
} Instr;

/* What last wrote a slot, as far as the emitter saw. */
enum { ORIGIN_OTHER, ORIGIN_CONST, ORIGIN_PROMOTE };

typedef struct Ctrl {
	uint16_t op;
	uint32_t nparams, nresults;
	const ValType *params, *results;
	uint32_t height;         /* operand height below the params */
	bool unreachable;        /* the rest of this frame is unreachable */
	bool dead;               /* opened in unreachable code: emit nothing */
	bool has_else;
	bool label_used;
	uint32_t label;          /* C label number */
	size_t label_pos;        /* loops: where the label text sits */
	/* try_table, try: its handler frame is pushed (the body runs) */
	bool handler;
	uint32_t clauses, nclauses; /* try_table: its catch clauses */
	uint32_t ncatch;         /* try: catch clauses seen so far */
	bool rethrown;           /* try, catch: a rethrow names it */
	uint32_t inits;          /* FuncCx.ninits at its start */
	uint32_t loops;          /* loops among it and the frames around it */
	bool calls, mem;         /* a call, a memory access inside it so far */
} Ctrl;

/* A catch clause of a try_table. */
enum { CATCH_TAG, CATCH_REF, CATCH_ALL, CATCH_ALL_REF };
typedef struct Clause {
	uint8_t kind;
	uint32_t tag, label;
} Clause;

struct FuncCx {
	Module *m;
	const Options *opt;
	Diag *diag;
	Reader r;

	uint32_t func;
	const FuncType *type;
	ValType *locals;         /* types of params then locals */
	uint32_t nlocals;
	uint8_t *local_read;
	uint8_t *local_init;     /* per local: set, or of a defaultable type */
	uint32_t *inits;         /* the locals set in the open blocks */
	uint32_t ninits, capinits;

	ValType *vals;           /* operand stack of types */
	uint32_t nvals, capvals;
	Ctrl *ctrls;
	uint32_t nctrls, capctrls;
	uint32_t *labels;        /* br_table scratch */
	uint32_t caplabels;

	/* emission */
	Buf body;
	uint8_t *slot_written;   /* per height: bit per value type */
	uint8_t *slot_read;
	uint8_t *slot_origin;    /* per height: what last wrote it (ORIGIN_) */
	uint64_t *slot_bits;     /* ... and the constant, for ORIGIN_CONST */
	uint8_t *slot_taint;     /* per height: its type if it may hold an unkept load */
	uint8_t *slot_mem;       /* per height: computed from loads only */
	uint8_t *slot_pend;      /* per height: the type of a pending value, or 0 */
	uint32_t *slot_local;    /* ... the local it reads, or NO_LOCAL for slot_bits */
	uint32_t *slot_tee;      /* per height: 1 + a local a local.tee set to its
	                          * value, both unchanged since, on every path; or 0 */
	uint32_t tee_hi;         /* no slot at or above this height has slot_tee */
	unsigned fused_skip;     /* instructions ahead an earlier one did (emit_simd.c) */
	uint32_t capslots;
	uint32_t pend_hi;        /* no slot at or above this height is pending */
	uint32_t *local_pend;    /* per local: how many slots read it pending */
	uint32_t *unpend;        /* slots written by the statement being emitted */
	uint32_t nunpend, capunpend;
	uint8_t *local_taint;    /* per local: the same */
	uint8_t *local_mem;      /* per local: only ever set to values from loads */
	uint32_t *tainted;       /* locals tainted since the last keep_locals */
	uint32_t ntainted, captainted;
	uint32_t nlabels;
	bool goto_table;         /* a br_table went out as a goto table (emit_br_table) */
	bool exiting;            /* keeping for an unconditional exit: forget nothing */
	Buf cond;                /* a comparison the next branch tests, or empty */
	uint32_t cond_slot;      /* ... the slot it stands for */
	uint8_t *mem_state;      /* per memory: MEM_ bits (emit_memory.c) */
	uint32_t capmem;
	uint32_t *mem_list;      /* the memories the function names, first named first */
	uint32_t nmem_list, capmem_list;
	bool calls;              /* calls a function: not a leaf */
	bool host_calls;         /* may call out of the module (emit_function_head) */
	bool loops;              /* has a loop */
	bool nest_kernel;        /* a loop NEST_PRE_DEPTH deep: memory, no calls */
	bool helper_ops;         /* has SIMD or atomic instructions */
	bool loop_calls;         /* calls a function of the module inside a loop */
	struct LoopVer *lv;      /* loop versioning (loops.c) */
	uint32_t ninstrs;        /* instructions in the body */
	struct {                 /* a read-modify-write in the making (emit_func.c) */
		uint8_t state;   /* 0 none, 1 loaded, 2 modified */
		uint8_t width;   /* log2 of the load's bytes */
		uint32_t at;     /* ninstrs of its last step */
		uint32_t slot;   /* the value's */
		uint32_t local;  /* the address's (slot_is_local) */
		uint32_t mem;
		uint64_t offset;
	} rmw;
	struct {                 /* the last integer load (emit_func.c) */
		uint32_t at;     /* its ninstrs */
		uint32_t slot;   /* its value's */
		uint8_t width;   /* log2 of its bytes */
	} ext;
	bool tail;               /* written as a tail entry (emit_tail.c) */
	bool retry_tail;         /* makes tail calls: to be written as one */
	bool tail_self;          /* ... to itself: a goto to its start */
	uint8_t *tailness;       /* per function: TAIL_*, once a tail call is seen */
	uint32_t *tail_decls;    /* tail entries this one jumps to */
	uint32_t ntail_decls, captail_decls;
	struct Dispatch *disp;   /* call arrays of the fixed tables (emit_call.c) */
	uint32_t ndisp, capdisp;
	uint32_t disp_wanted;    /* ... how many the function being written uses first */
	uint32_t cfile;          /* the C file the function goes to */

	/* exceptions (emit_exn.c) */
	Clause *clauses;         /* the try_tables' catch clauses */
	uint32_t nclauses, capclauses;
	uint32_t handlers;       /* handler frames declared */
	Buf exn_decls;           /* ... their declarations */
	uint32_t live_handlers;  /* handler frames pushed where code is emitted */
	uint8_t *local_vol;      /* per local: set inside a handler, so volatile */
	size_t *frees;           /* where legacy catches free their exception */
	uint32_t *free_label;    /* ... and whose (the try's label) */
	uint32_t nfrees, capfrees;
};

/* What is known of a function's tail entry. */
enum { TAIL_UNKNOWN, TAIL_YES, TAIL_NO };

/* emit_func.c: how a slot is named: read, written, or written on a
 * branch's way out (what the slot holds where the code goes on is
 * unchanged); and starting to read function fi's body, past its locals. */
enum { SLOT_READ, SLOT_WRITE, SLOT_BRANCH };
void slot(FuncCx *fc, ValType t, uint32_t h, int how);
void open_body(FuncCx *fc, uint32_t fi);

/* emit_memory.c: memories and tables (see there). */
bool mem_checked(const Module *m, uint32_t i);
void scan_memories(FuncCx *fc, uint32_t fi);
void reload_memory(FuncCx *fc);
void emit_memory_locals(FuncCx *fc, Buf *out);
void emit_address(FuncCx *fc, const Instr *in, uint32_t base);
void emit_mem_size(FuncCx *fc, uint32_t i);

/* loops.c */
void lp_begin(FuncCx *fc, const Ctrl *c);
bool lp_address(FuncCx *fc, const Instr *in);
void lp_address_fast(FuncCx *fc, const Instr *in);
void lp_address_end(Buf *b);
void lp_end(FuncCx *fc, const Ctrl *c, size_t pos);
void lp_reset(FuncCx *fc);
void lp_emit_decls(FuncCx *fc, Buf *out);
void lp_free(FuncCx *fc);
void emit_memory_instr(FuncCx *fc, const Instr *in, uint32_t h);
void rd_tidx(FuncCx *fc, uint32_t t, uint32_t h);
void emit_table_instr(FuncCx *fc, const Instr *in, uint32_t h);

/* validate.c */
void v_push(FuncCx *fc, ValType t);
ValType v_pop(FuncCx *fc, ValType expect);
void v_push_ctrl(FuncCx *fc, uint16_t op, uint32_t np, const ValType *params,
                 uint32_t nr, const ValType *results);
Ctrl *v_pop_ctrl(FuncCx *fc);
void v_unreachable(FuncCx *fc);
Ctrl *v_label(FuncCx *fc, uint32_t depth, size_t at);
uint32_t v_label_arity(const Ctrl *c);
const ValType *v_label_types(const Ctrl *c);
/* Checks the instruction's typing, updating the stacks. */
void validate_instr(FuncCx *fc, Instr *in);
/* Reads the next instruction. */
void decode_instr(FuncCx *fc, Instr *in);
/* emit_exn.c: exceptions (validate.c checks them).  exn_begin resets per
 * function; exn_emit writes try_table, try, throw, throw_ref and rethrow;
 * exn_emit_catch legacy catch, catch_all and delegate; exn_emit_end the
 * end of their frames (false if c is none of those). */
void exn_begin(FuncCx *fc);
void exn_emit(FuncCx *fc, const Instr *in, uint32_t h);
void exn_emit_catch(FuncCx *fc, const Instr *in, Ctrl *c, bool reachable);
bool exn_emit_end(FuncCx *fc, Ctrl *c, bool reachable);
/* Before a branch to c: pops the handlers it leaves; whether any. */
bool exn_leaves(FuncCx *fc, const Ctrl *c);
void exn_leave(FuncCx *fc, const Ctrl *c);
/* The declarations a function with handlers needs, and its signature
 * when a parameter must be volatile (false: the usual one). */
void exn_emit_decls(FuncCx *fc, Buf *out);
bool exn_emit_signature(FuncCx *fc, const char *name, Buf *out);

/* emit_call.c: calls and tail calls; before the functions are written,
 * the tables of known contents and (once one is found) the functions
 * making tail calls. */
void emit_call(FuncCx *fc, uint32_t f, uint32_t h);
void emit_call_indirect(FuncCx *fc, const Instr *in, uint32_t h);
void emit_call_ref(FuncCx *fc, const Instr *in, uint32_t h);
void emit_return_call(FuncCx *fc, const Instr *in, uint32_t h);
void find_tail_funcs(FuncCx *fc, uint32_t fi);
void emit_dispatch_decls(FuncCx *fc, Buf *out);

/* A case of a switch: where it goes (a label's depth, a function) and
 * its index; sorted by where (cmp_case, emit_func.c), cases going alike
 * share an arm. */
typedef struct Case {
	uint32_t to, index;
} Case;
int cmp_case(const void *a, const void *b);

/* emit_simd.c: constant shuffles, and the ranges of 32-bit lanes */
void emit_shuffle(FuncCx *fc, const uint8_t *idx, uint32_t base);
uint8_t result_range(FuncCx *fc, const Instr *in, uint32_t base);
const char *ranged_template(FuncCx *fc, uint16_t op, uint32_t base);
bool emit_pair_sum(FuncCx *fc, const Instr *in, uint32_t h);
bool emit_rotate(FuncCx *fc, const Instr *in, uint32_t h);
uint8_t v128_const_range(const uint8_t *b);

/* emit_atomic.c: wait, notify and fence; and after any atomic access,
 * what a shared memory needs (its size reloaded). */
void emit_atomic_instr(FuncCx *fc, const Instr *in, uint32_t h);
void emit_atomic_after(FuncCx *fc, const Instr *in);
/* emit_memory.c, for emit_atomic.c: "BASE, SIZE, " and the pointer to
 * memory i. */
void mem_args(FuncCx *fc, uint32_t i);
void memory_ref(FuncCx *fc, uint32_t i, Buf *b);

/* emit_func.c, for emit_exn.c and emit_gc.c */
void ef_slot(FuncCx *fc, ValType t, uint32_t h, int how);
void ef_flush(FuncCx *fc, uint32_t lo, uint32_t hi);
void ef_keep_locals(FuncCx *fc);
void ef_keep_slots(FuncCx *fc, uint32_t lo, uint32_t hi);
void ef_keep_for_exit(FuncCx *fc, const Ctrl *c, uint32_t h);
void ef_branch(FuncCx *fc, Ctrl *c, uint32_t h);
void ef_reload_memory(FuncCx *fc);
void ef_settle(FuncCx *fc, uint32_t top);
void ef_tail_return(FuncCx *fc, uint32_t src);
void ef_rd_abi(FuncCx *fc, ValType t, uint32_t h);
/* for emit_gc.c: an instruction by its row's shape, with this template
 * (NULL: the row's); a branch on a test of the reference at h - 1 */
void ef_template(FuncCx *fc, const Instr *in, uint32_t h, const char *tmpl);
void ef_br_on(FuncCx *fc, const Instr *in, uint32_t h, uint32_t from, const char *test,
              uint8_t top);

/* The value type a signature letter of opcodes.def stands for. */
uint8_t letter_type(char c);
NORETURN void v_mismatch(FuncCx *fc, size_t at, ValType expect, ValType got);

/* validate_gc.c: GC's instructions (ref.eq and the 0xfb ones) and their
 * immediates; emit_gc.c: rejecting what the emitter can't write yet. */
bool is_gc_op(uint16_t op);
void decode_gc(FuncCx *fc, Instr *in);
void validate_gc(FuncCx *fc, Instr *in);
void gc_check_func(FuncCx *fc);
void gc_check_instr(FuncCx *fc, const Instr *in);
void gc_emit(FuncCx *fc, const Instr *in, uint32_t h, uint8_t top);

/* emit_tail.c: a function making tail calls, outside its body. */
uint32_t tail_words(const ValType *types, uint32_t n);
void tail_check_limit(FuncCx *fc, size_t at);
void emit_tail_name(FuncCx *fc, uint32_t f, Buf *out);
void emit_tail_decls(FuncCx *fc, Buf *out);
void emit_tail_head(FuncCx *fc, Buf *out);
void emit_tail_params(FuncCx *fc, Buf *out);
void emit_tail_wrapper(FuncCx *fc, Buf *out);

#endif
