/*
 * emit_func.c: one wasm function into one C function, in a single pass.
 *
 * Each instruction is decoded, validated (validate.c) and written as at
 * most one C statement over named slots: the operand at stack height k of
 * type t is the local named by t's letter and k (i3, j0, d7), wasm locals
 * are l0, l1, ...  Constants and local.get write none: their users name
 * the value itself (see "deferred operands").  The C compiler's register
 * allocator sees through this completely, so nothing is left of the stack
 * machine at -O1.
 *
 * Control flow is flat: a block is a label after its end, a loop a label
 * before its start, an if a conditional goto to its else part.  Branches
 * copy their operands to the target's slots and goto; so C never nests,
 * however deeply the wasm does.  Code after an unconditional branch is not
 * written at all.
 *
 * The body goes to a buffer first, since the declarations (which slots and
 * labels were used) are only known at the end.
 */
#include <stdlib.h>
#include <string.h>

#include "func.h"

FuncCx *funccx_new(Module *m, const Options *opt)
{
	FuncCx *fc = xcalloc(1, sizeof *fc);

	fc->m = m;
	fc->opt = opt;
	fc->diag = m->diag;
	return fc;
}

void funccx_free(FuncCx *fc)
{
	if (!fc)
		return;
	lp_free(fc);
	free(fc->locals);
	free(fc->local_read);
	free(fc->local_init);
	free(fc->inits);
	free(fc->vals);
	free(fc->ctrls);
	free(fc->labels);
	free(fc->slot_written);
	free(fc->slot_read);
	free(fc->slot_origin);
	free(fc->slot_bits);
	free(fc->slot_taint);
	free(fc->slot_mem);
	free(fc->local_taint);
	free(fc->local_mem);
	free(fc->tainted);
	free(fc->slot_pend);
	free(fc->slot_local);
	free(fc->slot_tee);
	free(fc->local_pend);
	free(fc->unpend);
	free(fc->tailness);
	free(fc->tail_decls);
	free(fc->disp);
	free(fc->mem_state);
	free(fc->mem_list);
	free(fc->clauses);
	free(fc->local_vol);
	free(fc->frees);
	free(fc->free_label);
	buf_free(&fc->exn_decls);
	buf_free(&fc->body);
	buf_free(&fc->cond);
	free(fc);
}

/* ---------------------------------------------------------------- slots */

static int popcount8(uint8_t x)
{
	int n = 0;
	for (; x; x &= (uint8_t)(x - 1))
		n++;
	return n;
}

static uint8_t type_bit(ValType t)
{
	/* exnref's ABI number, 8, takes the bit no type uses; an anyref's
	 * slot is an externref's (both void *) */
	uint8_t r = vt_rep(t);
	return (uint8_t)(r == VT_EXNREF ? 1u : r == VT_ANYREF ? 1u << 7 : 1u << valtype_abi(t));
}

static void grow_slots(FuncCx *fc, uint32_t h)
{
	uint32_t n = h * 2 + 64, old = fc->capslots;

	if (h < old)
		return;
	fc->slot_written = xrealloc(fc->slot_written, n);
	fc->slot_read = xrealloc(fc->slot_read, n);
	fc->slot_origin = xrealloc(fc->slot_origin, n);
	fc->slot_bits = xrealloc(fc->slot_bits, n * sizeof *fc->slot_bits);
	fc->slot_taint = xrealloc(fc->slot_taint, n);
	fc->slot_mem = xrealloc(fc->slot_mem, n);
	fc->slot_pend = xrealloc(fc->slot_pend, n);
	fc->slot_local = xrealloc(fc->slot_local, n * sizeof *fc->slot_local);
	fc->slot_tee = xrealloc(fc->slot_tee, n * sizeof *fc->slot_tee);
	memset(fc->slot_tee + old, 0, (n - old) * sizeof *fc->slot_tee);
	memset(fc->slot_written + old, 0, n - old);
	memset(fc->slot_read + old, 0, n - old);
	memset(fc->slot_origin + old, 0, n - old);
	memset(fc->slot_taint + old, 0, n - old);
	memset(fc->slot_mem + old, 0, n - old);
	memset(fc->slot_pend + old, 0, n - old);
	fc->capslots = n;
}

static void local(FuncCx *fc, uint32_t i, bool read)
{
	if (read)
		fc->local_read[i] = 1;
	buf_char(&fc->body, 'l');
	buf_u64(&fc->body, i);
}

/*
 * Deferred operands: a constant or local.get writes no statement of its
 * own.  Its slot is marked pending, and whatever uses the value writes
 * the constant or the local in the slot's place: `i0 = l5 == 1u;` rather
 * than three statements, a quarter less C for the compiler to read.  A
 * pending value goes to its slot ("flush") before what it stands for
 * could change or be needed there: before a local.set or local.tee of
 * its local, and where values cross control flow in slots (a frame
 * starts with nothing pending below it; branches and ends flush what
 * they carry).
 */
#define NO_LOCAL UINT32_MAX

static void pend(FuncCx *fc, uint32_t h, ValType t, uint32_t local_index)
{
	grow_slots(fc, h);
	fc->slot_pend[h] = vt_rep(t);
	fc->slot_local[h] = local_index;
	if (local_index != NO_LOCAL)
		fc->local_pend[local_index]++;
	if (fc->pend_hi <= h)
		fc->pend_hi = h + 1;
}

/* Is slot h pending, and if so, a read of which local (or NO_LOCAL)? */
static bool pending(FuncCx *fc, uint32_t h, uint32_t *local_index)
{
	if (h >= fc->capslots || !fc->slot_pend[h])
		return false;
	*local_index = fc->slot_local[h];
	return true;
}

static void unpend(FuncCx *fc, uint32_t h)
{
	if (fc->slot_local[h] != NO_LOCAL)
		fc->local_pend[fc->slot_local[h]]--;
	fc->slot_pend[h] = 0;
}

static void pending_value(FuncCx *fc, uint32_t h)
{
	if (fc->slot_local[h] != NO_LOCAL)
		local(fc, fc->slot_local[h], true);
	else
		emit_const(fc->slot_pend[h], fc->slot_bits[h], &fc->body);
}

/* How a slot is named (func.h): read, written, or written on a branch's
 * way out. */
void slot(FuncCx *fc, ValType t, uint32_t h, int how)
{
	Buf *b = &fc->body;

	grow_slots(fc, h);
	if (how != SLOT_READ)
		fc->slot_tee[h] = 0;
	if (how == SLOT_BRANCH) {
		fc->slot_written[h] |= type_bit(t);
	} else if (how == SLOT_WRITE) {
		/* Unpended once the statement, which may still read it, is out. */
		if (fc->slot_pend[h]) {
			if (fc->nunpend == fc->capunpend) {
				fc->capunpend = fc->capunpend * 2 + 8;
				fc->unpend = xrealloc(fc->unpend, fc->capunpend * sizeof *fc->unpend);
			}
			fc->unpend[fc->nunpend++] = h;
		}
		fc->slot_written[h] |= type_bit(t);
		fc->slot_origin[h] = ORIGIN_OTHER;
		fc->slot_taint[h] = 0;
		fc->slot_mem[h] = 0;
	} else if (fc->slot_pend[h]) {
		pending_value(fc, h);
		return;
	} else
		fc->slot_read[h] |= type_bit(t);
	buf_char(b, valtype_letter(t));
	buf_u64(b, h);
}

/* Writes the pending values among heights [lo, hi) to their slots; the
 * slots keep what is known of them (constant, taint). */
static void flush(FuncCx *fc, uint32_t lo, uint32_t hi)
{
	Buf *b = &fc->body;
	uint32_t h;

	if (hi > fc->pend_hi)
		hi = fc->pend_hi;
	for (h = lo; h < hi; h++) {
		uint8_t t = fc->slot_pend[h];
		if (!t)
			continue;
		buf_char(b, '\t');
		buf_char(b, valtype_letter(t));
		buf_u64(b, h);
		buf_str(b, " = ");
		pending_value(fc, h);
		buf_str(b, ";\n");
		fc->slot_written[h] |= type_bit(t);
		unpend(fc, h);
	}
}

/* Before local i changes: flushes the slots below height hi reading it
 * (the one at hi is the new value). */
static void flush_local(FuncCx *fc, uint32_t i, uint32_t hi)
{
	uint32_t h, n = fc->local_pend[i];

	if (hi < fc->pend_hi && fc->slot_pend[hi] && fc->slot_local[hi] == i)
		n--;
	if (hi > fc->pend_hi)
		hi = fc->pend_hi;
	for (h = hi; n && h-- > 0;) {
		if (fc->slot_pend[h] && fc->slot_local[h] == i) {
			flush(fc, h, h + 1);
			n--;
		}
	}
}

/* After a statement: forgets the pending values it overwrote or popped
 * (those at or above height `top`). */
static void settle(FuncCx *fc, uint32_t top)
{
	uint32_t k;

	for (k = 0; k < fc->nunpend; k++)
		if (fc->slot_pend[fc->unpend[k]])
			unpend(fc, fc->unpend[k]);
	fc->nunpend = 0;
	for (; fc->pend_hi > top; fc->pend_hi--)
		if (fc->slot_pend[fc->pend_hi - 1])
			unpend(fc, fc->pend_hi - 1);
}

#define RD(t, h) slot(fc, (t), (h), SLOT_READ)
#define WR(t, h) slot(fc, (t), (h), SLOT_WRITE)

static void forget_tees(FuncCx *fc)
{
	if (fc->tee_hi)
		memset(fc->slot_tee, 0, fc->tee_hi * sizeof *fc->slot_tee);
	fc->tee_hi = 0;
}
#define S(s) buf_str(&fc->body, (s))
#define N(n) buf_u64(&fc->body, (n))

static void label(FuncCx *fc, const Ctrl *c)
{
	S("L");
	N(c->label);
}

/* ------------------------------------------------------- unused loads */

/*
 * With guard pages a load's fault is its bounds check, but a C compiler
 * deletes a load whose value it finds unneeded, and the trap with it.
 * Pinning every load (an asm statement each) also stops vectorisation and
 * folding loads into arithmetic, so the emitter pins a loaded value with
 * W2C_KEEP only where the compiler might not need it exactly:
 *
 *  - used as an address, a value is needed bit for bit, and so is the
 *    load;
 *  - stored, it is not: the compiler deletes a store that a later store
 *    to the same address overwrites unread (dead store elimination) or
 *    that stores what memory already holds (`*p = *p`, also through
 *    x + 0 or x ^ 5 ^ 5), and clang loads only the bytes a narrower
 *    store keeps (i32.store8 of an i32.load reads one byte), so a stored
 *    value is pinned (tests/loads/deadstore.wast), but with GCC, whose
 *    dead store elimination is off, a read-modify-write's (rmw_op) and
 *    a narrower load's stored at once by a wider store (an i32.load16_s
 *    by an i32.store: the store can't be found redundant, as memory's
 *    upper bytes aren't known to be the sign's);
 *  - through locals it is followed as itself;
 *  - float arithmetic and conversions whose every operand is itself loaded
 *    (or a constant other than NaN) need every bit of their operands: the
 *    result is followed in turn (a float loop stays vectorisable);
 *  - so do integer operators that are one-to-one in it: adding,
 *    subtracting or xoring a constant, multiplying by an odd one,
 *    rotating by one, widening (int_exact);
 *  - anything else (other integer operators, which fold: x & 0, or narrow
 *    the load: x & 0xff reads one byte; conditions,
 *    which need one bit; select; calls and returns, since the compiler
 *    may inline the other side; globals; a drop; a local overwritten or
 *    left unread; a branch's operands; a join of control flow) gets the
 *    value pinned first.
 *
 * The one gap: a load whose value the compiler knows from a store just
 * before it (NaN stored, then loaded and added to another load: clang
 * folds the sum to NaN and drops the other load).
 */
static uint8_t taint_of(FuncCx *fc, uint32_t h)
{
	return h < fc->capslots ? fc->slot_taint[h] : 0;
}

/* Floats are kept by their bits: "r" suits integers on every target. */
static void keep_start(FuncCx *fc, uint8_t t)
{
	S(t == VT_V128 ? "\tW2C_KEEPV(" : t == VT_F32 ? "\tW2C_KEEP(w2c_f32_raw(" :
	  t == VT_F64 ? "\tW2C_KEEP(w2c_f64_raw(" : "\tW2C_KEEP(");
}

static void keep_end(FuncCx *fc, uint8_t t)
{
	S(t == VT_F32 || t == VT_F64 ? "));\n" : ");\n");
}

/* Keeps the tainted slots among heights [lo, hi). */
static void keep_slots(FuncCx *fc, uint32_t lo, uint32_t hi)
{
	uint32_t h;

	for (h = lo; h < hi && h < fc->capslots; h++) {
		uint8_t t = fc->slot_taint[h];
		if (!t)
			continue;
		keep_start(fc, t);
		RD(t, h);
		keep_end(fc, t);
		if (!fc->exiting)
			fc->slot_taint[h] = 0;
	}
}

/* Keeps a stored value against clang's dead store elimination only: a
 * read-modify-write's (rmw_op) or a narrower load's stored wider, which
 * no compiler can find already in memory (`widened` in emit_template). */
static void keep_dse(FuncCx *fc, uint32_t h)
{
	S("\tW2C_KEEP_DSE(");
	RD(fc->slot_taint[h], h);
	S(");\n");
	if (!fc->exiting)
		fc->slot_taint[h] = 0;
}

static void keep_local(FuncCx *fc, uint32_t i)
{
	keep_start(fc, fc->local_taint[i]);
	local(fc, i, true);
	keep_end(fc, fc->local_taint[i]);
	if (!fc->exiting)
		fc->local_taint[i] = 0;
}

/*
 * Keeps every tainted local: at joins of control flow and exits.  Keeps
 * before an unconditional exit (br, br_table, return, unreachable: with
 * fc->exiting) forget nothing, since the code written next, after the end
 * or else of the arm the exit is in, is reached by paths that did not
 * pass them: `if (...) { W2C_KEEP(j0); return 0; }` leaves j0's load
 * unkept for what follows the if.
 */
static void keep_locals(FuncCx *fc)
{
	uint32_t k;

	for (k = 0; k < fc->ntainted; k++)
		if (fc->local_taint[fc->tainted[k]])
			keep_local(fc, fc->tainted[k]);
	if (!fc->exiting)
		fc->ntainted = 0;
}

/* local.set and local.tee: the local takes the value's taint. */
static void taint_local(FuncCx *fc, uint32_t i, uint8_t t)
{
	if (fc->local_taint[i])
		keep_local(fc, i); /* overwritten unread */
	if (!t)
		return;
	if (fc->ntainted == fc->captainted) {
		fc->captainted = fc->captainted * 2 + 16;
		fc->tainted = xrealloc(fc->tainted, fc->captainted * sizeof *fc->tainted);
	}
	fc->tainted[fc->ntainted++] = i;
	fc->local_taint[i] = t;
}

/* A slot read where the ABI type is wanted (arguments, returns): v128
 * values convert from w2c_vec to w2c_v128. */
static void rd_abi(FuncCx *fc, ValType t, uint32_t h)
{
	if (t == VT_V128)
		S("w2c_v128_out(");
	RD(t, h);
	if (t == VT_V128)
		S(")");
}

/* ------------------------------------------------------------- branches */

/* Copies the top `n` operands (of types t) from height `src` to `dst`. */
static void transfer(FuncCx *fc, const ValType *t, uint32_t n, uint32_t src,
                     uint32_t dst)
{
	uint32_t k;

	if (src == dst)
		return;
	for (k = 0; k < n; k++) {
		S("\t");
		slot(fc, t[k], dst + k, SLOT_BRANCH);
		S(" = ");
		RD(t[k], src + k);
		S(";\n");
	}
}

/* A tail entry's return: the results go to the area (emit_tail.c). */
static void emit_tail_return(FuncCx *fc, uint32_t src)
{
	const FuncType *t = fc->type;
	uint32_t k, w = 0;

	for (k = 0; k < t->nresults; k++) {
		buf_printf(&fc->body, "\tw2c_tail_put_%c(tail, %u, ", valtype_letter(t->results[k]), w);
		rd_abi(fc, t->results[k], src + k);
		S(");\n");
		w += tail_words(&t->results[k], 1);
	}
	S("\treturn;\n");
}

/* Returns the values at heights [src, src + nresults). */
static void emit_return(FuncCx *fc, uint32_t src)
{
	const FuncType *t = fc->type;
	uint32_t k;

	if (fc->tail) {
		emit_tail_return(fc, src);
		return;
	}
	if (t->nresults == 0) {
		S("\treturn;\n");
	} else if (t->nresults == 1) {
		S("\treturn ");
		rd_abi(fc, t->results[0], src);
		S(";\n");
	} else {
		S("\treturn (struct ");
		emit_ret_struct_name(t, &fc->body);
		S("){ ");
		for (k = 0; k < t->nresults; k++) {
			if (k)
				S(", ");
			rd_abi(fc, t->results[k], src + k);
		}
		S(" };\n");
	}
}

/* The statements of a branch from height h to frame c, without a
 * condition: operand copies then a goto, or a return. */
static void branch(FuncCx *fc, Ctrl *c, uint32_t h)
{
	uint32_t n = v_label_arity(c);

	exn_leave(fc, c);
	if (c == &fc->ctrls[0]) {
		emit_return(fc, h - n);
		return;
	}
	transfer(fc, v_label_types(c), n, h - n, c->height);
	S("\tgoto ");
	label(fc, c);
	S(";\n");
	c->label_used = true;
}

/* Before a branch from height h to frame c: keeps what it discards or
 * carries into the join at c's label or back to the caller. */
static void keep_for_branch(FuncCx *fc, const Ctrl *c, uint32_t h)
{
	keep_locals(fc);
	keep_slots(fc, c == &fc->ctrls[0] ? 0 : c->height, h);
}

/* The same before an unconditional exit to c (br, br_table, return,
 * unreachable), forgetting nothing (see keep_locals). */
static void keep_for_exit(FuncCx *fc, const Ctrl *c, uint32_t h)
{
	fc->exiting = true;
	keep_for_branch(fc, c, h);
	fc->exiting = false;
}

static bool branch_is_goto(FuncCx *fc, const Ctrl *c, uint32_t h)
{
	return c != &fc->ctrls[0] && h - v_label_arity(c) == c->height && !exn_leaves(fc, c);
}

/* A branch whose operands stay where they are needs them in their slots:
 * flushed before any condition, so on every path. */
static void flush_for_branch(FuncCx *fc, const Ctrl *c, uint32_t h)
{
	if (c != &fc->ctrls[0] && h - v_label_arity(c) == c->height)
		flush(fc, h - v_label_arity(c), h);
}

int cmp_case(const void *a, const void *b)
{
	const Case *x = a, *y = b;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * A br_table in a loop with at least GOTO_TABLE_MIN_ENTRIES entries,
 * which change target at least GOTO_TABLE_MIN_RUNS times, goes out as a
 * goto table (below); any other as a switch, which the C compiler may
 * turn into compares or bit tests, and whose jumps it threads where the
 * index is a constant set before the loop goes round: a state machine's
 * next state (CoreMark's core_state_transition, 8 states, ran 16% slower
 * as a goto table).  Big tables dispatch on data (shootout-switch's 4096
 * entries).  Outside loops, where a table runs once a call, the switch
 * also leaves the function one the compiler can inline: gcc never inlines
 * or clones a function holding label addresses in a static table.
 */
#define GOTO_TABLE_MIN_ENTRIES 64
#define GOTO_TABLE_MIN_RUNS 8

/* The C label a goto table names for target `to` of the br_table at
 * height h: the target's own when the branch is a bare goto, else the
 * stub B<to> in front of the branch's statements (one table a function:
 * the names are unique). */
static void goto_table_label(FuncCx *fc, const Instr *in, uint32_t to, uint32_t vh)
{
	Ctrl *c = v_label(fc, to, in->offset);

	if (branch_is_goto(fc, c, vh)) {
		label(fc, c);
		c->label_used = true;
	} else {
		buf_printf(&fc->body, "B%u", to);
	}
}

/*
 * A big br_table as a jump through a static table of label addresses,
 * as V8 compiles it: one indirect jump after the bounds check.  For a
 * switch in position-independent code gcc reads a table of 32-bit
 * offsets and adds its base, two more steps before an often mispredicted
 * jump (shootout-switch, one 4096-way br_table, runs 11% faster so).
 * Without GNU C's labels as values it is a switch to the same labels.
 * One per function: gcc sends every computed goto of a function to every
 * label whose address is taken, which could enter a loop from the side
 * of another table and undo the loop optimisations.
 */
static void emit_goto_table(FuncCx *fc, const Instr *in, uint32_t vh, const Case *cases)
{
	uint32_t n = in->a, i, j, def = in->labels[n];
	bool def_named = false;

	fc->goto_table = true;
	S("#if W2C_GOTO_TABLES\n\t{ static const void *const bt_[");
	N(n);
	S("] = {");
	for (i = 0; i < n; i++) {
		S(i % 8 ? " &&" : "\n\t\t&&");
		goto_table_label(fc, in, in->labels[i], vh);
		S(i + 1 < n ? "," : "");
		def_named |= in->labels[i] == def;
	}
	S(" };\n\tif (");
	RD(VT_I32, vh);
	S(" < ");
	N(n);
	S("u) goto *bt_[");
	RD(VT_I32, vh);
	S("]; }\n#else\n\tswitch (");
	RD(VT_I32, vh);
	S(") {\n");
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && cases[j].to == cases[i].to; j++) {
			S("\tcase ");
			N(cases[j].index);
			S(":\n");
		}
		S("\tgoto ");
		goto_table_label(fc, in, cases[i].to, vh);
		S(";\n");
	}
	S("\t}\n#endif\n");
	/* out of range: the default, its stub's statements if it has one */
	if (def_named && !branch_is_goto(fc, v_label(fc, def, in->offset), vh))
		buf_printf(&fc->body, "B%u:;\n", def);
	branch(fc, v_label(fc, def, in->offset), vh);
	for (i = 0; i < n; i = j) {
		Ctrl *c = v_label(fc, cases[i].to, in->offset);
		for (j = i; j < n && cases[j].to == cases[i].to; j++)
			;
		if (cases[i].to == def || branch_is_goto(fc, c, vh))
			continue;
		buf_printf(&fc->body, "B%u:;\n", cases[i].to);
		branch(fc, c, vh);
	}
}

/* br_table as a switch, cases with one target sharing one arm, or a goto
 * table. */
static void emit_br_table(FuncCx *fc, const Instr *in, uint32_t h)
{
	uint32_t n = in->a, i, j, def = in->labels[n], runs = 1;
	uint32_t vh = h - 1; /* operands below the index */
	Case *cases = xmalloc((n ? n : 1) * sizeof *cases);

	for (i = 0; i < n; i++) {
		cases[i].to = in->labels[i];
		cases[i].index = i;
		runs += i && in->labels[i] != in->labels[i - 1];
	}
	qsort(cases, n, sizeof *cases, cmp_case);
	for (i = 0; i <= n; i++)
		flush_for_branch(fc, v_label(fc, in->labels[i], in->offset), vh);
	keep_for_exit(fc, &fc->ctrls[0], h); /* too much at worst: one more register */
	if (n >= GOTO_TABLE_MIN_ENTRIES && runs >= GOTO_TABLE_MIN_RUNS && !fc->goto_table &&
	    fc->ctrls[fc->nctrls - 1].loops) {
		emit_goto_table(fc, in, vh, cases);
		free(cases);
		return;
	}
	S("\tswitch (");
	RD(VT_I32, vh);
	S(") {\n");
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && cases[j].to == cases[i].to; j++)
			;
		if (cases[i].to == def)
			continue;
		for (uint32_t k = i; k < j; k++) {
			S("\tcase ");
			N(cases[k].index);
			S(":\n");
		}
		branch(fc, v_label(fc, cases[i].to, in->offset), vh);
	}
	S("\tdefault:\n");
	branch(fc, v_label(fc, def, in->offset), vh);
	S("\t}\n");
	free(cases);
}

/* The test of the reference in slot h for null, as C; `top` its
 * representation. */
static void null_test(FuncCx *fc, uint8_t top, uint32_t h, bool null)
{
	RD(top, h);
	if (top == VT_FUNCREF)
		S(null ? ".fn == NULL" : ".fn != NULL");
	else
		S(null ? " == NULL" : " != NULL");
}

/* br_on_null and br_on_non_null: like br_if, on the reference at h - 1;
 * br_on_non_null takes it along. */
static void emit_br_on_null(FuncCx *fc, const Instr *in, uint32_t h, uint8_t top)
{
	bool null = in->op == OP_BR_ON_NULL;

	ef_br_on(fc, in, h, null ? h - 1 : h, NULL, top);
}

/* A br_if to in->a on the reference at h - 1, taking the values below
 * `from` along: if `test` (a template over $0, the reference), else on
 * its null test (br_on_null) or non-null test. */
void ef_br_on(FuncCx *fc, const Instr *in, uint32_t h, uint32_t from, const char *test,
              uint8_t top)
{
	Ctrl *c = v_label(fc, in->a, in->offset);
	const char *p;

	flush_for_branch(fc, c, from);
	keep_for_branch(fc, c, from);
	S("\tif (");
	if (!test)
		null_test(fc, top, h - 1, in->op == OP_BR_ON_NULL);
	for (p = test; p && *p; p++) {
		if (*p == '$' && p[1] == '0') {
			p++;
			RD(top, h - 1);
		} else {
			buf_char(&fc->body, *p);
		}
	}
	if (branch_is_goto(fc, c, from)) {
		S(") goto ");
		label(fc, c);
		S(";\n");
		c->label_used = true;
	} else {
		S(") {\n");
		branch(fc, c, from);
		S("\t}\n");
	}
}

/* -------------------------------------------------------------- simple */

/* Would the C compiler fold this operand of this op into an identity,
 * losing the quieting of a signaling NaN? */
static bool needs_opaque(FuncCx *fc, uint16_t op, uint32_t h)
{
	uint64_t b;

	/* a slot never written (its value comes from unreachable code) */
	if (h >= fc->capslots)
		return false;
	b = fc->slot_bits[h];

	switch (op) {
	case OP_F32_ADD: case OP_F32_SUB: case OP_F32_MUL: case OP_F32_DIV:
		return fc->slot_origin[h] == ORIGIN_CONST &&
		       ((b & 0x7fffffffu) == 0 || (b & 0x7fffffffu) == 0x3f800000u);
	case OP_F64_ADD: case OP_F64_SUB: case OP_F64_MUL: case OP_F64_DIV:
		return fc->slot_origin[h] == ORIGIN_CONST &&
		       ((b & 0x7fffffffffffffffu) == 0 ||
		        (b & 0x7fffffffffffffffu) == 0x3ff0000000000000u);
	case OP_F32_DEMOTE_F64:
		return fc->slot_origin[h] == ORIGIN_PROMOTE;
	default:
		return false;
	}
}

static bool is_float_exact_op(uint16_t op)
{
	switch (op) {
	case OP_F32_ABS: case OP_F32_NEG: case OP_F32_CEIL: case OP_F32_FLOOR:
	case OP_F32_TRUNC: case OP_F32_NEAREST: case OP_F32_SQRT: case OP_F32_ADD:
	case OP_F32_SUB: case OP_F32_MUL: case OP_F32_DIV: case OP_F32_MIN: case OP_F32_MAX:
	case OP_F64_ABS: case OP_F64_NEG: case OP_F64_CEIL: case OP_F64_FLOOR:
	case OP_F64_TRUNC: case OP_F64_NEAREST: case OP_F64_SQRT: case OP_F64_ADD:
	case OP_F64_SUB: case OP_F64_MUL: case OP_F64_DIV: case OP_F64_MIN: case OP_F64_MAX:
	case OP_F32_CONVERT_I32_S: case OP_F32_CONVERT_I32_U: case OP_F32_CONVERT_I64_S:
	case OP_F32_CONVERT_I64_U: case OP_F32_DEMOTE_F64: case OP_F64_CONVERT_I32_S:
	case OP_F64_CONVERT_I32_U: case OP_F64_CONVERT_I64_S: case OP_F64_CONVERT_I64_U:
	case OP_F64_PROMOTE_F32: case OP_F32_REINTERPRET_I32: case OP_F64_REINTERPRET_I64:
		return true;
	default:
		return false;
	}
}

/* Does the float operator at [base, base + n) need its operands exactly
 * (see "unused loads")?  Each must come from loads, or be a constant but
 * NaN: a parameter, say, might be a NaN constant once inlined. */
static bool float_exact(FuncCx *fc, uint16_t op, uint32_t base, uint32_t n)
{
	uint32_t k;

	if (!is_float_exact_op(op))
		return false;
	for (k = 0; k < n; k++) {
		uint32_t h = base + k;
		uint64_t b;
		if (h >= fc->capslots)
			return false;
		if (fc->slot_mem[h])
			continue;
		if (fc->slot_origin[h] != ORIGIN_CONST)
			return false;
		b = fc->slot_bits[h];
		if (op >= OP_F64_ABS && op <= OP_F64_MAX ?
		    (b & 0x7fffffffffffffffu) > 0x7ff0000000000000u :
		    (b & 0x7fffffffu) > 0x7f800000u)
			return false; /* NaN: x + NaN folds to NaN */
	}
	return true;
}

/*
 * Does the integer operator at [base, base + n) need its loaded operand
 * exactly (see "unused loads")?  Adding, subtracting or xoring a constant
 * is one-to-one, and so are multiplying by an odd one (hashes), rotating
 * by one and widening: every bit of the result depends on
 * the operand, so no compiler can fold it away or narrow the load under
 * it while the result is needed, and the result is followed in turn
 * (`load8(t + load8(p))`, a table lookup, keeps its load folded into the
 * address).  The other operand must be a constant: x - y with y computed
 * from the same load (a local whose taint moved on) folds to a constant.
 */
static bool int_exact(FuncCx *fc, uint16_t op, uint32_t base, uint32_t n)
{
	uint32_t k;

	switch (op) {
	case OP_I64_EXTEND_I32_S: case OP_I64_EXTEND_I32_U:
		return true;
	case OP_I32_ADD: case OP_I32_SUB: case OP_I32_XOR:
	case OP_I64_ADD: case OP_I64_SUB: case OP_I64_XOR:
	case OP_I32_MUL: case OP_I64_MUL:
		for (k = 0; k < n; k++)
			if (base + k < fc->capslots && !fc->slot_taint[base + k] &&
			    fc->slot_origin[base + k] == ORIGIN_CONST)
				/* an odd factor is invertible modulo 2^n; an even
				 * one loses the top bits, and 0 all */
				return (op != OP_I32_MUL && op != OP_I64_MUL) ||
				       (fc->slot_bits[base + k] & 1);
		return false;
	case OP_I32_ROTL: case OP_I32_ROTR: case OP_I64_ROTL: case OP_I64_ROTR:
		return base + 1 < fc->capslots && !fc->slot_taint[base + 1] &&
		       fc->slot_origin[base + 1] == ORIGIN_CONST;
	default:
		return false;
	}
}

/* The local whose value slot h holds, unchanged since: a pending
 * local.get or a local.tee's value; or NO_LOCAL. */
static uint32_t slot_is_local(FuncCx *fc, uint32_t h)
{
	uint32_t a;

	if (pending(fc, h, &a))
		return a;
	if (h < fc->tee_hi && fc->slot_tee[h])
		return fc->slot_tee[h] - 1;
	return NO_LOCAL;
}

/*
 * Read-modify-write: `(i32.store (local.get p) (i32.add (i32.load
 * (local.get p)) (i32.const 1)))`, a counter's increment, the load at the
 * address and offset the store writes, as wide or narrower, the operator
 * adding, subtracting or xoring a constant other than 0 or multiplying
 * by an odd one other than 1: no compiler can prove the store stores what
 * memory holds, so only dead store elimination deletes it, and the store
 * that kills it writes the load's bytes, so faults where the load would.
 * GCC's is off in module functions (W2C_FUNC_OPTIONS): there the value
 * needs no pin, and x86's `addl $1, (mem)` stays one instruction
 * (W2C_KEEP_DSE).  The instructions follow each other, the constant
 * between the load and the operator or before both, perhaps a local.tee
 * of the result before the store (a tee of p leaves the address slot no
 * read of p): p is the same at the load and the store.
 */
static bool rmw_op(FuncCx *fc, uint16_t op, uint32_t base, uint32_t loaded)
{
	uint32_t c = loaded == base ? base + 1 : base;
	uint64_t v;

	switch (op) {
	case OP_I32_ADD: case OP_I32_SUB: case OP_I32_XOR: case OP_I32_MUL:
	case OP_I64_ADD: case OP_I64_SUB: case OP_I64_XOR: case OP_I64_MUL:
		break;
	default:
		return false;
	}
	if ((loaded != base && loaded != base + 1) || c >= fc->capslots || fc->slot_taint[c] ||
	    fc->slot_origin[c] != ORIGIN_CONST)
		return false;
	v = fc->slot_bits[c];
	if (op == OP_I32_ADD || op == OP_I32_SUB || op == OP_I32_XOR || op == OP_I32_MUL)
		v = (uint32_t)v;
	if (op == OP_I32_MUL || op == OP_I64_MUL)
		return (v & 1) && v != 1;
	return v != 0;
}

/* C compilers warn of comparisons they find always true or false: a
 * local with itself, an unsigned value with zero.  One operand of such a
 * comparison goes to its slot instead. */
static void flush_compare(FuncCx *fc, uint16_t op, uint32_t base)
{
	uint32_t a, b, k;
	bool unsigned_op = op == OP_I32_LT_U || op == OP_I32_GT_U || op == OP_I32_LE_U ||
	                   op == OP_I32_GE_U || op == OP_I64_LT_U || op == OP_I64_GT_U ||
	                   op == OP_I64_LE_U || op == OP_I64_GE_U;

	if (pending(fc, base, &a) && pending(fc, base + 1, &b) && a == b && a != NO_LOCAL)
		flush(fc, base + 1, base + 2);
	for (k = 0; unsigned_op && k < 2; k++)
		if (pending(fc, base + k, &a) && a == NO_LOCAL && fc->slot_bits[base + k] == 0)
			flush(fc, base + k, base + k + 1);
}

/*
 * A comparison whose result the next instruction, a br_if or an if, tests
 * is written into that test rather than to its slot: `if (l5 == 1u)` in
 * place of `i0 = l5 == 1u;` and `if (i0)`, one statement less in the
 * commonest pattern of all.  The statements the branch writes before its
 * test (flushes, keeps, operand copies) write only slots below the
 * comparison's and no locals, so it reads the same values there.
 */
static bool fuses_into_branch(const FuncCx *fc, uint16_t op)
{
	const uint8_t *p = fc->r.p;

	return op >= OP_I32_EQZ && op <= OP_F64_GE && p < fc->r.end &&
	       (*p == 0x04 || *p == 0x0d);
}

/* The condition of a br_if or if at slot h: the fused comparison or the
 * slot, negated or not. */
static void condition(FuncCx *fc, uint32_t h, bool negate)
{
	if (fc->cond.len && fc->cond_slot == h) {
		S(negate ? "!(" : "");
		buf_add(&fc->body, fc->cond.p, fc->cond.len);
		S(negate ? ")" : "");
		fc->cond.len = 0;
		return;
	}
	if (negate)
		S("!");
	RD(VT_I32, h);
}

static void emit_template(FuncCx *fc, const Instr *in, uint32_t h, const char *tmpl)
{
	const OpShape *shape = &op_shape[in->op];
	const char *p;
	uint32_t n = shape->nargs, base = h - n;
	uint8_t result = shape->result;
	uint8_t range = result == VT_V128 ? result_range(fc, in, base) : 0;
	bool opaque[3] = { false, false, false };
	bool load = shape->load;
	bool store = shape->store;
	bool follow = result && (float_exact(fc, in->op, base, n) || int_exact(fc, in->op, base, n));
	bool tainted = load, from_mem = load || follow;
	uint32_t addr_local = load || store ? slot_is_local(fc, base) : NO_LOCAL;
	bool modify = follow && fc->rmw.state == 1 && fc->rmw.at + 1 == fc->ninstrs &&
	              rmw_op(fc, in->op, base, fc->rmw.slot);
	bool rmw = store && fc->rmw.state == 2 && fc->rmw.at + 1 == fc->ninstrs &&
	           fc->rmw.slot == base + 1 && addr_local != NO_LOCAL &&
	           addr_local == fc->rmw.local && in->a == fc->rmw.mem &&
	           in->value == fc->rmw.offset && in->op >= OP_I32_STORE &&
	           in->op <= OP_I64_STORE32 && op_info[in->op].align >= fc->rmw.width;
	bool widened = store && fc->ext.at + 1 == fc->ninstrs && fc->ext.slot == base + 1 &&
	               op_info[in->op].align > fc->ext.width;
	bool int_load;
	size_t start, value = 0;
	uint32_t k;

	/* an explicitly checked access traps by its check, kept or not */
	if (load && mem_checked(fc->m, in->a))
		tainted = false;

	if ((in->op >= OP_I32_EQ && in->op <= OP_I32_GE_U) ||
	    (in->op >= OP_I64_EQ && in->op <= OP_I64_GE_U))
		flush_compare(fc, in->op, base);
	for (k = 0; k < n && k < 3; k++)
		opaque[k] = needs_opaque(fc, in->op, base + k);
	for (k = 0; k < n; k++) {
		/* computed from loads and constants only (float_exact), not
		 * from a parameter that may be a NaN's bits once inlined */
		if (!load && (base + k >= fc->capslots ||
		    (!fc->slot_mem[base + k] && fc->slot_origin[base + k] != ORIGIN_CONST)))
			from_mem = false;
		if (!taint_of(fc, base + k))
			continue;
		if (follow)
			tainted = true;
		else if ((rmw || widened) && k == n - 1)
			keep_dse(fc, base + k);
		else if ((result && !load) || (store && k == n - 1))
			keep_slots(fc, base + k, base + k + 1);
		/* addresses use the value exactly */
	}

	if (result == VT_V128 && n == 2 && !tmpl)
		tmpl = ranged_template(fc, in->op, base);
	start = fc->body.len;
	S("\t");
	if (result) {
		WR(result, base);
		S(" = ");
		value = fc->body.len;
	}
	for (p = tmpl ? tmpl : op_info[in->op].tmpl; *p; p++) {
		if (*p == '$' && p[1] == 'L') {
			p++;
			N(in->lane);
		} else if (*p == '$' && p[1] == 'S') {
			p++;
			emit_shuffle(fc, in->bytes, base);
		} else if (*p == '$') {
			uint8_t t;
			k = (uint32_t)(*++p - '0');
			t = shape->args[k];
			if (opaque[k])
				S(t == VT_F32 ? "w2c_f32_opaque(" : "w2c_f64_opaque(");
			RD(t, base + k);
			if (opaque[k])
				S(")");
		} else if (*p == '@') {
			emit_address(fc, in, base);
		} else {
			buf_char(&fc->body, *p);
		}
	}
	if (fuses_into_branch(fc, in->op) && !tainted) {
		fc->cond.len = 0;
		buf_add(&fc->cond, fc->body.p + value, fc->body.len - value);
		fc->cond_slot = base;
		fc->body.len = start;
		return;
	}
	S(";\n");
	if (in->op == OP_F64_PROMOTE_F32)
		fc->slot_origin[base] = ORIGIN_PROMOTE;
	if (range)
		fc->slot_origin[base] = range;
	if (result && tainted)
		fc->slot_taint[base] = result;
	if (result && from_mem)
		fc->slot_mem[base] = 1;
	int_load = load && tainted && (result == VT_I32 || result == VT_I64) && !op_atomic(in->op);
	if (int_load && n == 1 && addr_local != NO_LOCAL) {
		fc->rmw.state = 1;
		fc->rmw.width = op_info[in->op].align;
		fc->rmw.slot = base;
		fc->rmw.local = addr_local;
		fc->rmw.mem = in->a;
		fc->rmw.offset = in->value;
		fc->rmw.at = fc->ninstrs;
	} else if (modify) {
		fc->rmw.state = 2;
		fc->rmw.slot = base;
		fc->rmw.at = fc->ninstrs;
	}
	if (int_load) {
		fc->ext.at = fc->ninstrs;
		fc->ext.slot = base;
		fc->ext.width = op_info[in->op].align;
	}
}

/* ------------------------------------------------------------ dispatch */

static void emit_ref_func(FuncCx *fc, uint32_t f, ValType t, uint32_t h)
{
	S("\t");
	WR(t, h);
	S(" = ");
	emit_funcref(fc->m, fc->opt, f, &fc->body);
	S(";\n");
}

/* Wide arithmetic: two i64 results, the low half at `base` returned by
 * the helper, the high half stored through a pointer to the next slot
 * (the helper reads its operands before it stores). */
static void emit_wide(FuncCx *fc, const Instr *in, uint32_t h)
{
	uint32_t n = in->op == OP_I64_ADD128 || in->op == OP_I64_SUB128 ? 4 : 2;
	uint32_t base = h - n, k;

	keep_slots(fc, base, h); /* integer operators fold: x * 0 */
	S("\t");
	WR(VT_I64, base);
	S(in->op == OP_I64_ADD128 ? " = w2c_i64_add128(" :
	  in->op == OP_I64_SUB128 ? " = w2c_i64_sub128(" :
	  in->op == OP_I64_MUL_WIDE_S ? " = w2c_i64_mul_wide_s(" : " = w2c_i64_mul_wide_u(");
	for (k = 0; k < n; k++) {
		RD(VT_I64, base + k);
		S(", ");
	}
	S("&");
	WR(VT_I64, base + 1);
	S(");\n");
}

static void emit_instr(FuncCx *fc, Instr *in, uint32_t h, uint8_t top)
{
	Module *m = fc->m;
	Buf *b = &fc->body;
	Ctrl *c;
	ValType t;
	uint32_t i;

	/* `load; const; op`: the constant leaves a read-modify-write whole,
	 * and so does a local.tee of the new value (a tee of the address's
	 * local leaves the address slot no read of it) */
	if (((in->op == OP_I32_CONST || in->op == OP_I64_CONST) && fc->rmw.state == 1) ||
	    (in->op == OP_LOCAL_TEE && fc->rmw.state == 2))
		if (fc->rmw.at + 1 == fc->ninstrs)
			fc->rmw.at = fc->ninstrs;

	/* The operands of globals and of the runtime's operations (calls keep
	 * theirs in emit_call*). */
	switch (in->op) {
	case OP_GLOBAL_SET: case OP_MEMORY_GROW: case OP_TABLE_GET:
		keep_slots(fc, h - 1, h);
		break;
	case OP_TABLE_SET: case OP_TABLE_GROW:
		keep_slots(fc, h - 2, h);
		break;
	case OP_MEMORY_FILL: case OP_MEMORY_COPY: case OP_MEMORY_INIT:
	case OP_TABLE_FILL: case OP_TABLE_COPY: case OP_TABLE_INIT:
		keep_slots(fc, h - 3, h);
		break;
	default:
		break;
	}
	switch (in->op) {
	case OP_UNREACHABLE:
		keep_for_exit(fc, &fc->ctrls[0], h);
		S("\tw2c_trap(W2C_TRAP_UNREACHABLE);\n");
		break;
	case OP_NOP:
		break;
	case OP_BLOCK:
		flush(fc, 0, h);
		break;
	case OP_LOOP:
		c = &fc->ctrls[fc->nctrls - 1];
		flush(fc, 0, h);
		keep_locals(fc);
		for (i = c->height; i < h && i < fc->capslots; i++)
			fc->slot_origin[i] = ORIGIN_OTHER; /* branches back bring others */
		c->label_pos = b->len;
		label(fc, c);
		S(":;\n");
		lp_begin(fc, c);
		break;
	case OP_IF:
		c = &fc->ctrls[fc->nctrls - 1];
		flush(fc, 0, h - 1);
		keep_locals(fc);
		keep_slots(fc, c->height, h); /* the params both arms start from, the condition */
		S("\tif (");
		condition(fc, h - 1, true);
		S(") goto E");
		N(c->label);
		S(";\n");
		break;
	case OP_BR:
		c = v_label(fc, in->a, in->offset);
		flush_for_branch(fc, c, h);
		keep_for_exit(fc, c, h);
		branch(fc, c, h);
		break;
	case OP_BR_IF:
		c = v_label(fc, in->a, in->offset);
		flush_for_branch(fc, c, h - 1);
		keep_for_branch(fc, c, h - 1);
		keep_slots(fc, h - 1, h); /* a condition needs one bit */
		S("\tif (");
		condition(fc, h - 1, false);
		if (branch_is_goto(fc, c, h - 1)) {
			S(") goto ");
			label(fc, c);
			S(";\n");
			c->label_used = true;
		} else {
			S(") {\n");
			branch(fc, c, h - 1);
			S("\t}\n");
		}
		break;
	case OP_BR_TABLE:
		emit_br_table(fc, in, h);
		break;
	case OP_RETURN:
		keep_for_exit(fc, &fc->ctrls[0], h);
		exn_leave(fc, &fc->ctrls[0]);
		emit_return(fc, h - fc->type->nresults);
		break;
	case OP_CALL:
		emit_call(fc, in->a, h);
		break;
	case OP_CALL_INDIRECT:
		emit_call_indirect(fc, in, h);
		break;
	case OP_RETURN_CALL:
	case OP_RETURN_CALL_INDIRECT:
	case OP_RETURN_CALL_REF:
		emit_return_call(fc, in, h);
		break;
	case OP_CALL_REF:
		emit_call_ref(fc, in, h);
		break;
	case OP_REF_AS_NON_NULL:
		S("\tif (W2C_UNLIKELY(");
		null_test(fc, top, h - 1, true);
		S(")) w2c_trap(W2C_TRAP_NULL_REFERENCE);\n");
		break;
	case OP_BR_ON_NULL:
	case OP_BR_ON_NON_NULL:
		emit_br_on_null(fc, in, h, top);
		break;
	case OP_TRY_TABLE: case OP_TRY: case OP_THROW: case OP_THROW_REF: case OP_RETHROW:
		exn_emit(fc, in, h);
		break;
	case OP_DROP:
		if (taint_of(fc, h - 1)) {
			keep_slots(fc, h - 1, h);
			break;
		}
		if (pending(fc, h - 1, &i))
			break;
		S("\t(void)");
		RD(top, h - 1);
		S(";\n");
		break;
	case OP_SELECT:
	case OP_SELECT_T:
		t = in->op == OP_SELECT ? fc->vals[h - 3] : in->single[0];
		keep_slots(fc, h - 3, h);
		S("\t");
		WR(t, h - 3);
		S(" = ");
		RD(VT_I32, h - 1);
		S(" ? ");
		RD(t, h - 3);
		S(" : ");
		RD(t, h - 2);
		S(";\n");
		break;
	case OP_LOCAL_GET:
		pend(fc, h, fc->locals[in->a], in->a);
		fc->slot_origin[h] = ORIGIN_OTHER;
		fc->slot_taint[h] = fc->local_taint[in->a]; /* moves to the copy */
		fc->local_taint[in->a] = 0;
		fc->slot_mem[h] = fc->local_mem[in->a];
		break;
	case OP_LOCAL_SET:
	case OP_LOCAL_TEE:
		/* After a tee the value is kept as its slot, the local's copy
		 * needs no keep of its own. */
		taint_local(fc, in->a, in->op == OP_LOCAL_TEE ? 0 : taint_of(fc, h - 1));
		fc->local_mem[in->a] &= h - 1 < fc->capslots && fc->slot_mem[h - 1];
		if (in->op == OP_LOCAL_SET && h - 1 < fc->capslots)
			fc->slot_taint[h - 1] = 0;
		if (fc->live_handlers)
			fc->local_vol[in->a] = 1; /* see emit_exn.c */
		flush_local(fc, in->a, h - 1);
		for (i = 0; i < fc->tee_hi; i++)
			if (fc->slot_tee[i] == in->a + 1)
				fc->slot_tee[i] = 0;
		if (in->op == OP_LOCAL_TEE) {
			grow_slots(fc, h - 1);
			fc->slot_tee[h - 1] = in->a + 1;
			fc->tee_hi = h > fc->tee_hi ? h : fc->tee_hi;
		}
		if (pending(fc, h - 1, &i) && i == in->a)
			break; /* l = l */
		S("\t");
		local(fc, in->a, false);
		S(" = ");
		RD(fc->locals[in->a], h - 1);
		S(";\n");
		break;
	case OP_GLOBAL_GET:
		t = m->globals[in->a].type;
		S("\t");
		WR(t, h);
		S(t == VT_V128 ? " = w2c_v128_in(" : " = ");
		emit_global_ref(m, in->a, "inst", b);
		S(t == VT_V128 ? ");\n" : ";\n");
		break;
	case OP_GLOBAL_SET:
		t = m->globals[in->a].type;
		S("\t");
		emit_global_ref(m, in->a, "inst", b);
		S(" = ");
		rd_abi(fc, t, h - 1);
		S(";\n");
		break;
	case OP_V128_CONST:
		S("\t");
		WR(VT_V128, h);
		S(" = ");
		emit_v128_const(in->bytes, b);
		S(";\n");
		fc->slot_origin[h] = v128_const_range(in->bytes);
		break;
	case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_SIZE: case OP_TABLE_GROW:
	case OP_TABLE_FILL: case OP_TABLE_COPY: case OP_TABLE_INIT: case OP_ELEM_DROP:
		emit_table_instr(fc, in, h);
		break;
	case OP_MEMORY_SIZE: case OP_MEMORY_GROW: case OP_MEMORY_FILL: case OP_MEMORY_COPY:
	case OP_MEMORY_INIT: case OP_DATA_DROP:
		emit_memory_instr(fc, in, h);
		break;
	case OP_MEMORY_ATOMIC_NOTIFY: case OP_MEMORY_ATOMIC_WAIT32: case OP_MEMORY_ATOMIC_WAIT64:
	case OP_ATOMIC_FENCE:
		emit_atomic_instr(fc, in, h);
		break;
	case OP_I32_CONST:
	case OP_I64_CONST:
	case OP_F32_CONST:
	case OP_F64_CONST:
		t = in->op == OP_I32_CONST ? VT_I32 : in->op == OP_I64_CONST ? VT_I64 :
		    in->op == OP_F32_CONST ? VT_F32 : VT_F64;
		pend(fc, h, t, NO_LOCAL);
		fc->slot_taint[h] = 0;
		fc->slot_mem[h] = 0;
		fc->slot_origin[h] = ORIGIN_CONST;
		fc->slot_bits[h] = in->value;
		break;
	case OP_REF_NULL:
		S("\t");
		WR(in->single[0], h);
		S(vt_rep(in->single[0]) == VT_FUNCREF ? " = W2C_NULL_FUNCREF;\n" : " = NULL;\n");
		break;
	case OP_REF_IS_NULL:
		S("\t");
		WR(VT_I32, h - 1);
		S(" = ");
		RD(top, h - 1);
		S(top == VT_FUNCREF ? ".fn == NULL;\n" : " == NULL;\n");
		break;
	case OP_REF_FUNC:
		emit_ref_func(fc, in->a, VT_FUNCREF, h);
		break;
	case OP_I64_ADD128: case OP_I64_SUB128:
	case OP_I64_MUL_WIDE_S: case OP_I64_MUL_WIDE_U:
		emit_wide(fc, in, h);
		break;
	default:
		if (is_gc_op(in->op)) {
			gc_emit(fc, in, h, top);
		} else if (fc->fused_skip) {
			fc->fused_skip--; /* done by an instruction before (emit_simd.c) */
		} else if (!(in->op == OP_I8X16_SHUFFLE && emit_pair_sum(fc, in, h)) &&
		           !(in->op == OP_I32X4_SHL && emit_rotate(fc, in, h))) {
			emit_template(fc, in, h, NULL);
			if (op_atomic(in->op))
				emit_atomic_after(fc, in);
		}
		break;
	}
}

/* `end` and `else`, which run even in unreachable code to close frames. */
static void emit_end(FuncCx *fc, Ctrl *c, bool reachable)
{
	Buf *b = &fc->body;
	bool join = c->op == OP_IF || (c->op == OP_BLOCK && c->label_used) ||
	            c->op == OP_TRY_TABLE || c->op == OP_TRY || c->op == OP_CATCH ||
	            c->op == OP_CATCH_ALL;
	uint32_t h;

	if (reachable && join)
		flush(fc, c->height, c->height + c->nresults);
	if (reachable && (join || c->op == OP_FUNCTION))
		keep_locals(fc); /* a join, or the function's exit */
	for (h = c->height; join && h < c->height + c->nresults && h < fc->capslots; h++)
		fc->slot_origin[h] = ORIGIN_OTHER; /* one of several values */
	if (c->op == OP_FUNCTION) {
		if (reachable) {
			keep_slots(fc, 0, fc->type->nresults);
			emit_return(fc, 0);
		}
		else if (fc->type->nresults)
			S("\tw2c_trap(W2C_TRAP_UNREACHABLE);\n");
		return;
	}
	if (exn_emit_end(fc, c, reachable))
		return;
	if (c->op == OP_LOOP) {
		/* Blank an unused label out rather than warn about it. */
		if (!c->label_used)
			memset(b->p + c->label_pos, ' ',
			       strchr(b->p + c->label_pos, '\n') - (b->p + c->label_pos));
		lp_end(fc, c, c->label_pos);
		return;
	}
	if (c->op == OP_IF && !c->has_else) {
		S("E");
		N(c->label);
		S(":;\n");
	}
	if (c->label_used) {
		label(fc, c);
		S(":;\n");
	}
}

static void emit_else(FuncCx *fc, Ctrl *c, bool reachable)
{
	uint32_t h;

	/* The else arm reads the params from slots the then arm may have
	 * written: what the emitter saw there was the then arm's. */
	for (h = c->height; h < c->height + c->nparams && h < fc->capslots; h++)
		fc->slot_origin[h] = ORIGIN_OTHER;
	if (reachable) {
		flush(fc, c->height, c->height + c->nresults);
		keep_locals(fc);
		keep_slots(fc, c->height, c->height + c->nresults);
		S("\tgoto ");
		label(fc, c);
		S(";\n");
		c->label_used = true;
	}
	S("E");
	N(c->label);
	S(":;\n");
}

/* ------------------------------------------------------------- driver */

/* locals ::= vec(n:u32 t:valtype) */
static void read_locals(FuncCx *fc)
{
	Reader *r = &fc->r;
	const FuncType *t = fc->type;
	uint32_t groups = rd_count(r, 2), g, i;
	uint64_t total = t->nparams;
	size_t start = rd_offset(r);

	for (g = 0; g < groups; g++) {
		size_t at = rd_offset(r);
		total += rd_u32(r);
		if (total > LIMIT_LOCALS)
			fail(fc->diag, at, "too many locals (limit %u)", LIMIT_LOCALS);
		(void)read_valtype(fc->m, r, fc->m->ntypes, false);
	}
	fc->nlocals = (uint32_t)total;
	fc->locals = xrealloc(fc->locals, total * sizeof *fc->locals);
	fc->local_read = xrealloc(fc->local_read, total);
	memset(fc->local_read, 0, total);
	fc->local_init = xrealloc(fc->local_init, total);
	memset(fc->local_init, 1, total);
	fc->ninits = 0;
	fc->local_taint = xrealloc(fc->local_taint, total);
	memset(fc->local_taint, 0, total);
	/* locals start as 0, which is no NaN; parameters are anything */
	fc->local_pend = xrealloc(fc->local_pend, total * sizeof *fc->local_pend);
	memset(fc->local_pend, 0, total * sizeof *fc->local_pend);
	fc->local_mem = xrealloc(fc->local_mem, total);
	memset(fc->local_mem, 0, t->nparams);
	memset(fc->local_mem + t->nparams, 1, total - t->nparams);
	memcpy(fc->locals, t->params, t->nparams * sizeof *t->params);
	r->p = r->base + start;
	for (g = 0, i = t->nparams; g < groups; g++) {
		uint32_t n = rd_u32(r), k;
		ValType vt = read_valtype(fc->m, r, fc->m->ntypes, false);
		for (k = 0; k < n; k++) {
			fc->locals[i + k] = vt;
			fc->local_init[i + k] = vt_defaultable(vt);
		}
		i += n;
	}
}

/* Starts reading function fi's body, past its locals. */
void open_body(FuncCx *fc, uint32_t fi)
{
	Module *m = fc->m;
	const Func *f = &m->funcs[fi];

	fc->func = fi;
	fc->type = &m->types[f->type];
	fc->r.base = m->bytes;
	fc->r.p = m->bytes + f->body;
	fc->r.end = m->bytes + f->body + f->body_len;
	fc->r.file_end = m->bytes + m->size;
	fc->r.diag = fc->diag;
	read_locals(fc);
}

static void zero_value(ValType vt, Buf *b)
{
	uint8_t t = vt_rep(vt);

	buf_str(b, t == VT_FUNCREF ? "W2C_NULL_FUNCREF" : t == VT_EXTERNREF || t == VT_ANYREF ? "NULL" :
	           t == VT_V128 ? "w2c_v128_const(0, 0, 0, 0)" : "0");
}

/*
 * An upper bound of the function's stack frame: every local and slot in
 * memory (as at -O0), 16 bytes each, and a kilobyte for the rest.  The
 * stack check reserves it, so a huge frame traps instead of faulting.
 */
#define LEAF_FRAME_MAX (16u * 1024)
/* The largest frame W2C_ENTER_GUARDED may leave to the stack's guard
 * (w2c_gen.h): well inside the runtime's W2C_STACK_GUARD. */
#define GUARDED_FRAME_MAX (8u * 1024)

/* Whether table t's contents are known and all the module's own
 * functions: a call_indirect through it stays in the module or traps. */
static bool fixed_in_module(const Module *m, uint32_t t)
{
	const Table *tab = &m->tables[t];
	uint32_t i;

	if (!tab->fixed)
		return false;
	for (i = 0; i < tab->nfixed; i++)
		if (m->funcs[tab->fixed[i].func].imported)
			return false;
	return true;
}

/* Instructions that may run code outside the module (imports, other
 * instances' functions, runtime helpers that allocate or unwind): a
 * function with one keeps its stack compare, so host code always has the
 * runtime's margin below the limit. */
static bool reaches_host(const FuncCx *fc, const Instr *in)
{
	switch (in->op) {
	case OP_CALL:
		return fc->m->funcs[in->a].imported;
	case OP_CALL_INDIRECT:
		return !fixed_in_module(fc->m, in->b);
	case OP_CALL_REF: case OP_RETURN_CALL:
	case OP_RETURN_CALL_INDIRECT: case OP_RETURN_CALL_REF: case OP_MEMORY_GROW:
	case OP_TABLE_GROW: case OP_TABLE_INIT: case OP_TABLE_COPY: case OP_TABLE_FILL:
	case OP_THROW: case OP_RETHROW: case OP_THROW_REF: case OP_TRY: case OP_TRY_TABLE:
	/* runtime calls that take locks or allocate: a stack fault must not
	 * land inside them */
	case OP_MEMORY_ATOMIC_WAIT32: case OP_MEMORY_ATOMIC_WAIT64: case OP_MEMORY_ATOMIC_NOTIFY:
		return true;
	default:
		return is_gc_op(in->op);
	}
}

static uint32_t frame_estimate(FuncCx *fc)
{
	uint64_t n = fc->nlocals;
	uint32_t i;

	for (i = 0; i < fc->capslots; i++)
		n += (uint32_t)popcount8(fc->slot_written[i] | fc->slot_read[i]);
	n = n * 16 + 1024 + fc->handlers * 256u; /* + the handler frames */
	return n > 0x10000000 ? 0x10000000 : (uint32_t)n;
}

/*
 * A leaf without loops of at most this many instructions is inlined into
 * every caller, as V8 does: compiler-rt's routines that a module carries
 * (__multi3, __lshrti3, ...) and accessors.  gcc -O2 inlines only what it
 * estimates at 15 instructions or less into several callers, and a 128-bit
 * multiply is called from hundreds of places in libsodium, where it takes
 * most of the time.
 */
#define TINY_LEAF_MAX 64

static bool tiny_leaf(const FuncCx *fc)
{
	return !fc->calls && !fc->loops && !fc->handlers && fc->ninstrs <= TINY_LEAF_MAX;
}

/*
 * compiler-rt's __multi3 (a 128-bit multiply) as wasi-sdk's clang
 * compiles it, locals and body: libsodium's field arithmetic calls it
 * from hundreds of places.  Written out it is four 64-bit partial
 * products and their carries, which no C compiler turns back into one
 * widening multiply; w2c_multi3 (w2c_gen.h) is that multiply, with the
 * same two stores in the same order.  Matched byte for byte, so its
 * meaning is this code's, whatever the function's name.
 */
static const uint8_t multi3_body[] = {
	0x01, 0x01, 0x7e, 0x20, 0x00, 0x20, 0x04, 0x20, 0x01, 0x7e, 0x20, 0x02, 0x20, 0x03,
	0x7e, 0x7c, 0x20, 0x03, 0x42, 0x20, 0x88, 0x22, 0x02, 0x20, 0x01, 0x42, 0x20, 0x88,
	0x22, 0x04, 0x7e, 0x7c, 0x20, 0x03, 0x42, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x83, 0x22,
	0x03, 0x20, 0x01, 0x42, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x83, 0x22, 0x01, 0x7e, 0x22,
	0x05, 0x42, 0x20, 0x88, 0x20, 0x03, 0x20, 0x04, 0x7e, 0x7c, 0x22, 0x03, 0x42, 0x20,
	0x88, 0x7c, 0x20, 0x03, 0x42, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x83, 0x20, 0x02, 0x20,
	0x01, 0x7e, 0x7c, 0x22, 0x01, 0x42, 0x20, 0x88, 0x7c, 0x37, 0x03, 0x08, 0x20, 0x00,
	0x20, 0x01, 0x42, 0x20, 0x86, 0x20, 0x05, 0x42, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x83,
	0x84, 0x37, 0x03, 0x00, 0x0b,
};

/* Function fi is that __multi3 over a memory 0 that w2c_store64 reaches
 * as the body's own stores do. */
static bool is_multi3(const FuncCx *fc, uint32_t fi)
{
	static const uint8_t params[] = { VT_I32, VT_I64, VT_I64, VT_I64, VT_I64 };
	const Module *m = fc->m;
	const Func *f = &m->funcs[fi];
	const FuncType *t = &m->types[f->type];
	uint32_t k;

	if (f->body_len != sizeof multi3_body || t->nparams != 5 || t->nresults ||
	    !m->nmemories || mem_checked(m, 0) || m->memories[0].shared ||
	    memcmp(m->bytes + f->body, multi3_body, sizeof multi3_body))
		return false;
	for (k = 0; k < 5; k++)
		if (t->params[k] != params[k])
			return false;
	return true;
}

/*
 * Functions with a loop NEST_PRE_DEPTH deep that accesses memory and
 * calls nothing are written W2C_NEST (w2c_gen.h): GCC without tree-PRE
 * there.  In such a loop PRE hoisted every invariant wasm address
 * `m0 + (uint64_t)l18 + 4u` into a 64-bit register of its own, which
 * x86-64 can't hold with the rest, so gcc spilled and reloaded them each
 * iteration (Sightglass shootout-matrix, 10 of them: 199 ms, 152 without
 * PRE), and PRE's reuse of a value loaded on one arm of an `if` turned
 * heapsort's sift-down from two cmovs into an unpredictable branch (1126
 * ms, 749 without).  Without PRE the function can't be inlined into its
 * callers (GCC won't mix optimize attributes), which costs little for a
 * loop nest; and other functions keep PRE, which wins elsewhere
 * (richards, shootout-switch lose 4-5% without it).  docs/loops.md.
 */
#define NEST_PRE_DEPTH 3

/* SIMD and atomic instructions use helpers that carry GCC's options for
 * generated code (W2C_FUNC_OPTIONS in w2c_gen.h), so GCC won't inline
 * them into a W2C_NEST function, whose options differ.  Nor can the
 * module's own functions be inlined into a W2C_NEST one: one
 * called in a loop keeps PRE (Sightglass shootout-sieve clears its array
 * with the module's memset, which gcc inlined and made `rep stosq`; a
 * call each time made it 10% slower). */
static bool nest(const FuncCx *fc)
{
	return fc->nest_kernel && !fc->tail && !fc->helper_ops && !fc->loop_calls;
}

/* Before instruction `op` is validated: notes calls and memory accesses in
 * the innermost frame, and hands them to the one around it as a frame (or
 * an arm of it) ends.  A loop that ends NEST_PRE_DEPTH deep with memory
 * accesses and no call makes the function a candidate. */
static void note_nest(FuncCx *fc, uint16_t op)
{
	Ctrl *c = &fc->ctrls[fc->nctrls - 1];

	if (op == OP_CALL || op == OP_CALL_INDIRECT || op == OP_CALL_REF) {
		c->calls = true;
	} else if (op_info[op].imm == IMM_MEMARG) {
		c->mem = true;
	} else if (op == OP_END || op == OP_ELSE || op == OP_CATCH || op == OP_CATCH_ALL ||
	           op == OP_DELEGATE) {
		if (c->op == OP_LOOP && c->loops >= NEST_PRE_DEPTH && c->mem && !c->calls)
			fc->nest_kernel = true;
		if (fc->nctrls > 1) {
			c[-1].calls |= c->calls;
			c[-1].mem |= c->mem;
		}
	}
}

/* The function's opening: signature, locals, slots, memory. */
static void emit_function_head(FuncCx *fc, Buf *out)
{
	static const uint8_t order[] = { VT_I32, VT_I64, VT_F32, VT_F64, VT_V128,
	                                 VT_FUNCREF, VT_EXTERNREF, VT_EXNREF };
	Module *m = fc->m;
	const FuncType *t = fc->type;
	uint32_t i, k;
	Buf name = { 0 };

	if (fc->tail) {
		emit_tail_head(fc, out);
	} else {
		emit_func_name(m, fc->opt, fc->func, &name);
		buf_char(&name, 0);
		if (fc->opt->split <= 1)
			buf_str(out, tiny_leaf(fc) ? "static W2C_INLINE_LEAF " : "static ");
		if (nest(fc))
			buf_str(out, "W2C_NEST ");
		/* parameters set inside a handler are copied to volatile locals */
		if (!exn_emit_signature(fc, name.p, out))
			emit_signature(m, t, name.p, out);
		buf_free(&name);
		buf_str(out, "\n{\n");
	}
	/* A leaf with a small frame needs no stack check: its caller's left
	 * room for it (the runtime keeps a margin below the limit).  One
	 * whose calls stay in the module may leave it to the guard page. */
	if (fc->calls && !fc->host_calls && !fc->tail && !fc->handlers &&
	    frame_estimate(fc) <= GUARDED_FRAME_MAX)
		buf_printf(out, "\tW2C_ENTER_GUARDED(%uu);\n", frame_estimate(fc));
	else if (fc->calls || frame_estimate(fc) > LEAF_FRAME_MAX)
		buf_printf(out, "\tW2C_ENTER(%uu);\n", frame_estimate(fc));
	buf_printf(out, "\tstruct %s *inst = (struct %s *)ctx;\n", fc->opt->prefix,
	           fc->opt->prefix);
	if (fc->tail && fc->tail_self)
		buf_str(out, "T_:;\n");
	if (fc->tail)
		emit_tail_params(fc, out);
	for (i = 0; i < t->nparams && !fc->tail; i++)
		if (t->params[i] == VT_V128)
			buf_printf(out, "\t%sw2c_vec l%u = w2c_v128_in(p%u);\n",
			           fc->local_vol[i] ? "volatile " : "", i, i);
	if (fc->handlers)
		exn_emit_decls(fc, out);
	for (i = t->nparams; i < fc->nlocals; i++) {
		buf_char(out, '\t');
		if (fc->local_vol[i])
			buf_str(out, "volatile ");
		buf_str(out, valtype_ctype(fc->locals[i]));
		buf_str(out, " l");
		buf_u64(out, i);
		buf_str(out, " = ");
		zero_value(fc->locals[i], out);
		buf_str(out, ";\n");
	}
	for (k = 0; k < sizeof order; k++) {
		uint8_t bit = type_bit(order[k]);
		bool any = false;
		for (i = 0; i < fc->capslots; i++) {
			if (!((fc->slot_written[i] | fc->slot_read[i]) & bit))
				continue;
			if (any)
				buf_str(out, ", ");
			else
				buf_printf(out, "\t%s ", valtype_ctype(order[k]));
			buf_char(out, valtype_letter(order[k]));
			buf_u64(out, i);
			buf_str(out, " = ");
			zero_value(order[k], out);
			any = true;
		}
		if (any)
			buf_str(out, ";\n");
	}
	emit_memory_locals(fc, out);
	lp_emit_decls(fc, out);
	for (i = 0; i < fc->nlocals; i++) {
		if (!fc->local_read[i]) {
			buf_str(out, "\t(void)l");
			buf_u64(out, i);
			buf_str(out, ";\n");
		}
	}
	for (k = 0; k < sizeof order; k++) {
		uint8_t bit = type_bit(order[k]);
		for (i = 0; i < fc->capslots; i++)
			if ((fc->slot_written[i] & bit) && !(fc->slot_read[i] & bit))
				buf_printf(out, "\t(void)%c%u;\n", valtype_letter(order[k]), i);
	}
}

void funccx_file(FuncCx *fc, uint32_t k)
{
	fc->cfile = k;
}

void translate_func(FuncCx *fc, uint32_t fi, Buf *out)
{
	Module *m = fc->m;
	Instr in;
	size_t body_len;

	if (m->nmemories)
		scan_memories(fc, fi);
	fc->tail = out && fc->tailness && fc->tailness[fi] == TAIL_YES;
	fc->ntail_decls = 0;
	fc->disp_wanted = 0;
	open_body(fc, fi);
	if (out)
		gc_check_func(fc);
	exn_begin(fc);
	if (fc->tail)
		tail_check_limit(fc, fc->m->funcs[fi].body);
	fc->nvals = fc->nctrls = 0;
	fc->nlabels = 0;
	fc->goto_table = false;
	fc->calls = false;
	fc->host_calls = false;
	fc->loops = false;
	fc->nest_kernel = false;
	fc->helper_ops = false;
	fc->loop_calls = false;
	fc->ninstrs = 0;
	fc->rmw.state = 0;
	fc->ext.at = UINT32_MAX - 1;
	lp_reset(fc);
	fc->retry_tail = false;
	fc->tail_self = false;
	fc->body.len = 0;
	fc->cond.len = 0;
	fc->exiting = false;
	if (fc->capslots) {
		memset(fc->slot_written, 0, fc->capslots);
		memset(fc->slot_read, 0, fc->capslots);
		memset(fc->slot_taint, 0, fc->capslots);
		memset(fc->slot_mem, 0, fc->capslots);
	}
	fc->ntainted = 0;
	if (fc->pend_hi)
		memset(fc->slot_pend, 0, fc->pend_hi);
	fc->pend_hi = 0;
	fc->nunpend = 0;
	forget_tees(fc);
	fc->fused_skip = 0;
	memset(&in, 0, sizeof in);
	v_push_ctrl(fc, OP_FUNCTION, 0, NULL, fc->type->nresults, fc->type->results);
	while (fc->nctrls) {
		Ctrl *c;
		uint32_t h;
		uint8_t top;
		bool live, open;

		decode_instr(fc, &in);
		c = &fc->ctrls[fc->nctrls - 1];
		h = fc->nvals;
		top = h > c->height ? vt_rep(fc->vals[h - 1]) : VT_UNKNOWN;
		open = !c->dead;
		live = open && !c->unreachable;
		note_nest(fc, in.op);
		validate_instr(fc, &in);
		if (!out)
			continue;
		/* where paths join, or begin */
		if (in.op <= OP_TRY_TABLE || in.op == OP_BR_ON_NULL || in.op == OP_BR_ON_NON_NULL)
			forget_tees(fc);
		if (fc->m->gc && live)
			gc_check_instr(fc, &in);
		if (live && reaches_host(fc, &in))
			fc->host_calls = true;
		fc->loops |= in.op == OP_LOOP;
		fc->helper_ops |= op_simd(in.op) || op_atomic(in.op);
		fc->loop_calls |= in.op == OP_CALL && in.a >= fc->m->nimported_funcs &&
		                  fc->ctrls[fc->nctrls - 1].loops;
		fc->ninstrs++;
		if (in.op == OP_END) {
			if (open)
				emit_end(fc, &fc->ctrls[fc->nctrls], live);
		} else if (in.op == OP_ELSE) {
			if (open)
				emit_else(fc, &fc->ctrls[fc->nctrls - 1], live);
		} else if (in.op == OP_CATCH || in.op == OP_CATCH_ALL) {
			if (open)
				exn_emit_catch(fc, &in, &fc->ctrls[fc->nctrls - 1], live);
		} else if (in.op == OP_DELEGATE) {
			if (open)
				exn_emit_catch(fc, &in, &fc->ctrls[fc->nctrls], live);
		} else if (live) {
			emit_instr(fc, &in, h, top);
		}
		settle(fc, fc->nvals);
	}
	if (!rd_done(&fc->r))
		fail(fc->diag, rd_offset(&fc->r), "section size mismatch: code after the function's end");
	if (!out)
		return;
	if (fc->retry_tail) { /* makes tail calls: once more, as a tail entry */
		find_tail_funcs(fc, fi);
		translate_func(fc, fi, out);
		return;
	}
	emit_tail_decls(fc, out);
	emit_dispatch_decls(fc, out);
	body_len = fc->body.len;
	if (!fc->tail && is_multi3(fc, fi)) {
		/* the same body follows, unreached: it declares nothing */
		S("\tw2c_multi3(");
		mem_args(fc, 0);
		S("l0, l1, l2, l3, l4);\n\treturn;\n");
	}
	emit_function_head(fc, out);
	buf_add(out, fc->body.p + body_len, fc->body.len - body_len);
	buf_add(out, fc->body.p, body_len);
	buf_str(out, "}\n\n");
	if (fc->tail)
		emit_tail_wrapper(fc, out);
}

/* ------------------------------------ for emit_exn.c and emit_call.c */

void ef_slot(FuncCx *fc, ValType t, uint32_t h, int how)
{
	slot(fc, t, h, how);
}

void ef_flush(FuncCx *fc, uint32_t lo, uint32_t hi)
{
	flush(fc, lo, hi);
}

void ef_keep_locals(FuncCx *fc)
{
	keep_locals(fc);
}

void ef_keep_slots(FuncCx *fc, uint32_t lo, uint32_t hi)
{
	keep_slots(fc, lo, hi);
}

void ef_keep_for_exit(FuncCx *fc, const Ctrl *c, uint32_t h)
{
	keep_for_exit(fc, c, h);
}

void ef_branch(FuncCx *fc, Ctrl *c, uint32_t h)
{
	branch(fc, c, h);
}

void ef_reload_memory(FuncCx *fc)
{
	reload_memory(fc);
}

void ef_settle(FuncCx *fc, uint32_t top)
{
	settle(fc, top);
}

void ef_tail_return(FuncCx *fc, uint32_t src)
{
	emit_tail_return(fc, src);
}

void ef_rd_abi(FuncCx *fc, ValType t, uint32_t h)
{
	rd_abi(fc, t, h);
}

void ef_template(FuncCx *fc, const Instr *in, uint32_t h, const char *tmpl)
{
	emit_template(fc, in, h, tmpl);
}
