/*
 * emit_call.c: calls, for the function emitter (emit_func.c).  A direct
 * call is a C call of the callee (an import's through its binding); a
 * call_indirect through a table whose contents are known (the fixed
 * tables, found here before any function is written) a switch of direct
 * calls; any other a checked load of the funcref and a call through its
 * pointer.  Tail calls (return_call*) jump between the tail entries of
 * emit_tail.c; which functions make them is found here too.
 */
#include <stdlib.h>
#include <string.h>

#include "func.h"

#define RD(t, h) slot(fc, (t), (h), SLOT_READ)
#define S(s) buf_str(&fc->body, (s))
#define N(n) buf_u64(&fc->body, (n))
#define WR(t, h) slot(fc, (t), (h), SLOT_WRITE)

/* A module's own table sits in the instance: one load nearer than through
 * the pointer an imported one needs. */
static void table_ref(FuncCx *fc, uint32_t i)
{
	S(i < fc->m->nimported_tables ? "inst->t" : "(&inst->tab");
	N(i);
	if (i >= fc->m->nimported_tables)
		S(")");
}

/* The call with arguments at [h - nparams, h), results stored from the
 * same base; `callee` has been written up to its opening parenthesis and
 * first argument (the context). */
static void call_args(FuncCx *fc, const FuncType *t, uint32_t base)
{
	uint32_t k;

	for (k = 0; k < t->nparams; k++) {
		S(", ");
		ef_rd_abi(fc, t->params[k], base + k);
	}
	S(")");
}

static void call_result_start(FuncCx *fc, const FuncType *t, uint32_t base)
{
	S("\t");
	if (t->nresults == 1) {
		WR(t->results[0], base);
		S(t->results[0] == VT_V128 ? " = w2c_v128_in(" : " = ");
	} else if (t->nresults > 1) {
		S("{ struct ");
		emit_ret_struct_name(t, &fc->body);
		S(" r_ = ");
	}
}

/* Ends the call statement; `close` ends call_indirect's block too. */
static void call_result_end(FuncCx *fc, const FuncType *t, uint32_t base, bool close)
{
	uint32_t k;

	S(t->nresults == 1 && t->results[0] == VT_V128 ? ");" : ";");
	if (t->nresults > 1) {
		for (k = 0; k < t->nresults; k++) {
			ValType rt = t->results[k];
			S(" ");
			WR(rt, base + k);
			S(rt == VT_V128 ? " = w2c_v128_in(r_.r" : " = r_.r");
			N(k);
			S(rt == VT_V128 ? ");" : ";");
		}
		S(" }");
	}
	S(close ? " }\n" : "\n");
}

static void after_call(FuncCx *fc)
{
	S("\tW2C_CALLED();\n");
	reload_memory(fc);
}

/* Writes function f's C callee up to its context argument. */
static void callee(FuncCx *fc, uint32_t f)
{
	Module *m = fc->m;

	if (m->funcs[f].imported) {
		S("((ft");
		N(m->funcs[f].type);
		S(")inst->f");
		N(f);
		S(".fn)(inst->f");
		N(f);
		S(".ctx");
	} else {
		emit_func_name(m, fc->opt, f, &fc->body);
		S("(inst");
	}
}

void emit_call(FuncCx *fc, uint32_t f, uint32_t h)
{
	Module *m = fc->m;
	const FuncType *t = &m->types[m->funcs[f].type];
	uint32_t base = h - t->nparams;

	fc->calls = true;
	ef_keep_slots(fc, base, h);
	call_result_start(fc, t, base);
	callee(fc, f);
	call_args(fc, t, base);
	call_result_end(fc, t, base, false);
	after_call(fc);
}

/*
 * call_indirect through a fixed table holding at most this many functions
 * of the type: a switch on the index with a direct call per function
 * (which the C compiler may inline), and the checked call as the default,
 * where every other index traps.  With more than DISPATCH_SWITCH_MAX of
 * them (all the module's own, of the call's type exactly), a call through
 * a constant array of them indexed by the table index instead: the switch
 * is an indirect jump to a direct call, two transfers and a jump table
 * where the array is one, and its calls bloat every caller (interp, a
 * tree walker calling through a table of 15: 1.04 s against 0.91).  A
 * null in the array is any index that traps, found by the checked call.
 */
#define DIRECT_TARGETS_MAX 16
#define DISPATCH_SWITCH_MAX 4
/* Each call_indirect looks through the table's functions: so at most
 * this many (a large program's table gains little from it). */
#define FIXED_FUNCS_MAX 256

/* A call array: table's functions of type, defined in C file `file` - 1
 * (each file has its own copy, before the first function calling
 * through it); `wanted` by the function being written. */
typedef struct Dispatch {
	uint32_t table, type, file;
	bool wanted;
} Dispatch;

enum { TARGETS_NONE, TARGETS_SWITCH, TARGETS_ARRAY };

/* The functions of table `tab` a call of type `ti` may reach, sorted by
 * index, into v (FIXED_FUNCS_MAX); whether all are the module's own, of
 * that type exactly, so that an array of the type can hold them. */
static uint32_t targets(FuncCx *fc, uint32_t tab, uint32_t ti, Case *v, bool *plain)
{
	Module *m = fc->m;
	const Table *tb = &m->tables[tab];
	const FuncType *t = &m->types[ti];
	uint32_t i, n = 0;

	*plain = !t->by_rtt;
	for (i = 0; i < tb->nfixed; i++) {
		uint32_t f = tb->fixed[i].func, ft = m->funcs[f].type;
		/* the function's type must be the call's or (GC) a subtype */
		if (t->by_rtt || m->types[ft].by_rtt ? !heap_sub(m, HT_INDEX + ft, HT_INDEX + ti)
		                                     : !same_type(&m->types[ft], t))
			continue;
		*plain &= !m->types[ft].by_rtt && !m->funcs[f].imported;
		v[n].to = f;
		v[n++].index = tb->fixed[i].index;
	}
	return n;
}

/* Call array `tab`, `ti` for the function being written: defined before
 * it unless its C file has it already. */
static void want_dispatch(FuncCx *fc, uint32_t tab, uint32_t ti)
{
	Dispatch *d;
	uint32_t k;

	for (k = 0; k < fc->ndisp; k++)
		if (fc->disp[k].table == tab && fc->disp[k].type == ti)
			break;
	if (k == fc->ndisp) {
		if (fc->ndisp == fc->capdisp) {
			fc->capdisp = fc->capdisp * 2 + 8;
			fc->disp = xrealloc(fc->disp, fc->capdisp * sizeof *fc->disp);
		}
		fc->disp[fc->ndisp].table = tab;
		fc->disp[fc->ndisp].type = ti;
		fc->disp[fc->ndisp++].file = 0;
	}
	d = &fc->disp[k];
	if (d->file != fc->cfile + 1) {
		d->wanted = true;
		fc->disp_wanted++;
	}
}

void emit_dispatch_decls(FuncCx *fc, Buf *out)
{
	Case v[FIXED_FUNCS_MAX];
	uint32_t k, i, j, n;
	bool plain;

	if (!fc->disp_wanted)
		return;
	for (k = 0; k < fc->ndisp; k++) {
		Dispatch *d = &fc->disp[k];
		if (!d->wanted)
			continue;
		d->wanted = false;
		d->file = fc->cfile + 1;
		n = targets(fc, d->table, d->type, v, &plain);
		buf_printf(out, "static ft%u const disp%u_%u[%u] = {", d->type, d->table, d->type,
		           v[n - 1].index + 1);
		for (i = j = 0; i < n; i++, j++) {
			for (; j < v[i].index; j++)
				buf_str(out, j % 8 ? " 0," : "\n\t0,");
			buf_str(out, j % 8 ? " " : "\n\t");
			emit_func_name(fc->m, fc->opt, v[i].to, out);
			buf_char(out, ',');
		}
		buf_str(out, "\n};\n");
	}
	buf_char(out, '\n');
	fc->disp_wanted = 0;
}

static int emit_direct_targets(FuncCx *fc, const Instr *in, uint32_t h)
{
	const FuncType *t = &fc->m->types[in->a];
	uint32_t base = h - 1 - t->nparams, i, j, n;
	Case v[FIXED_FUNCS_MAX];
	bool plain;

	n = targets(fc, in->b, in->a, v, &plain);
	if (!n || (n > DIRECT_TARGETS_MAX && !plain))
		return TARGETS_NONE;
	if (n > DISPATCH_SWITCH_MAX && plain) {
		want_dispatch(fc, in->b, in->a);
		S("\tif (W2C_LIKELY(");
		rd_tidx(fc, in->b, h - 1);
		buf_printf(&fc->body, " < %uu && disp%u_%u[", v[n - 1].index + 1, in->b, in->a);
		rd_tidx(fc, in->b, h - 1);
		S("] != 0))\n");
		call_result_start(fc, t, base);
		buf_printf(&fc->body, "disp%u_%u[", in->b, in->a);
		rd_tidx(fc, in->b, h - 1);
		S("](inst");
		call_args(fc, t, base);
		call_result_end(fc, t, base, false);
		S("\telse\n");
		return TARGETS_ARRAY;
	}
	qsort(v, n, sizeof *v, cmp_case);
	S("\tswitch (");
	rd_tidx(fc, in->b, h - 1);
	S(") {\n");
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && v[j].to == v[i].to; j++) {
			S("\tcase ");
			N(v[j].index);
			S(":\n");
		}
		call_result_start(fc, t, base);
		callee(fc, v[i].to);
		call_args(fc, t, base);
		call_result_end(fc, t, base, false);
		S("\tbreak;\n");
	}
	S("\tdefault:\n");
	return TARGETS_SWITCH;
}

/* The check of call_indirect's (or return_call_indirect's) function, as
 * an expression: one compare of its id for a final type, as in 2.0, else
 * also a subtype (GC) through its canonical type's display. */
static void indirect_check(FuncCx *fc, const Instr *in, uint32_t h, const FuncType *t)
{
	S(t->final ? "w2c_indirect(" : "w2c_indirect_sub(");
	table_ref(fc, in->b);
	S(", ");
	rd_tidx(fc, in->b, h - 1);
	S(", ");
	emit_type_id(fc->m, t, &fc->body);
	if (!t->final)
		buf_printf(&fc->body, ", %uu", t->depth);
	S(")");
}

/* call_ref's check of the reference in slot h - 1: for a final type its
 * id (which also catches null, whose id is 0); a type with subtypes
 * can't be compared so, and validation has made the reference's type
 * one of them: null is all there is to check. */
static void ref_check(FuncCx *fc, uint32_t h, const FuncType *t)
{
	S(t->final ? "w2c_ref_call(" : "w2c_ref_call_sub(");
	RD(VT_FUNCREF, h - 1);
	if (t->final) {
		S(", ");
		emit_type_id(fc->m, t, &fc->body);
	}
	S(")");
}

void emit_call_indirect(FuncCx *fc, const Instr *in, uint32_t h)
{
	const FuncType *t = &fc->m->types[in->a];
	uint32_t base = h - 1 - t->nparams;
	int direct = TARGETS_NONE;

	fc->calls = true;
	ef_keep_slots(fc, base, h);
	if (fc->m->tables[in->b].fixed)
		direct = emit_direct_targets(fc, in, h);
	S("\t{ const w2c_funcref *fr_ = ");
	indirect_check(fc, in, h, t);
	S(";\n");
	call_result_start(fc, t, base);
	buf_printf(&fc->body, "((ft%u)fr_->fn)(fr_->ctx", in->a);
	call_args(fc, t, base);
	call_result_end(fc, t, base, true);
	if (direct == TARGETS_SWITCH)
		S("\t}\n");
	after_call(fc);
}

/* call_ref $t: for a final $t the funcref's id is $t's exactly (one
 * compare, which also catches null, whose id is 0), so the call through
 * its pointer is to a C function of the signature cast to; a type with
 * subtypes is canonical (rt/types.c), which call_indirect and imports
 * check, so any subtype a funcref of it holds has the same C signature
 * (see ref_check). */
void emit_call_ref(FuncCx *fc, const Instr *in, uint32_t h)
{
	const FuncType *t = &fc->m->types[in->a];
	uint32_t base = h - 1 - t->nparams;

	fc->calls = true;
	ef_keep_slots(fc, base, h);
	S("\t{ const w2c_funcref fr_ = ");
	ref_check(fc, h, t);
	S(";\n");
	call_result_start(fc, t, base);
	buf_printf(&fc->body, "((ft%u)fr_.fn)(fr_.ctx", in->a);
	call_args(fc, t, base);
	call_result_end(fc, t, base, true);
	after_call(fc);
}

/* ----------------------------------------------------------- tail calls */

/* Tail entry f is declared before this function (emit_tail_decls). */
static void declare_tail(FuncCx *fc, uint32_t f)
{
	uint32_t k;

	for (k = 0; k < fc->ntail_decls; k++)
		if (fc->tail_decls[k] == f)
			return;
	if (fc->ntail_decls == fc->captail_decls) {
		fc->captail_decls = fc->captail_decls * 2 + 8;
		fc->tail_decls = xrealloc(fc->tail_decls, fc->captail_decls * sizeof *fc->tail_decls);
	}
	fc->tail_decls[fc->ntail_decls++] = f;
}

/*
 * return_call and return_call_indirect, in a tail entry (emit_tail.c):
 * the arguments go to the area and the entry jumps to the callee's.  A
 * function of the module known to make tail calls (find_tail_funcs) is
 * jumped to directly, one known not to is called plainly and its results
 * returned; any other callee (an import, a funcref) is asked through its
 * ordinary function (tail->probe), which a function making tail calls
 * answers with its tail entry and any other just runs.  Outside a tail
 * entry, the first one found has the function written again as one.
 */
void emit_return_call(FuncCx *fc, const Instr *in, uint32_t h)
{
	Module *m = fc->m;
	bool ref = in->op == OP_RETURN_CALL_REF;
	bool indirect = in->op == OP_RETURN_CALL_INDIRECT || ref;
	uint32_t ti = indirect ? in->a : m->funcs[in->a].type;
	const FuncType *t = &m->types[ti];
	uint32_t base = h - indirect - t->nparams, k, w = 0;
	Buf ctx = { 0 };

	if (!fc->tail) {
		tail_check_limit(fc, in->offset);
		fc->retry_tail = true;
		return;
	}
	fc->calls = true;
	ef_keep_for_exit(fc, &fc->ctrls[0], h);
	/* the call replaces this function: its handlers are left first, so
	 * what the callee throws goes past them (try_table.wast) */
	exn_leave(fc, &fc->ctrls[0]);
	if (!indirect && fc->tailness[in->a] == TAIL_YES) {
		for (k = 0; k < t->nparams; k++) {
			buf_printf(&fc->body, "\tw2c_tail_put_%c(tail, %u, ",
			           valtype_letter(t->params[k]), w);
			ef_rd_abi(fc, t->params[k], base + k);
			S(");\n");
			w += tail_words(&t->params[k], 1);
		}
		if (in->a == fc->func) { /* a loop, reading the area again */
			S("\tgoto T_;\n");
			fc->tail_self = true;
			return;
		}
		S("\tW2C_TAIL_JUMP(");
		emit_tail_name(fc, in->a, &fc->body);
		S(", inst, tail);\n");
		declare_tail(fc, in->a);
		return;
	}
	if (!indirect && fc->tailness[in->a] == TAIL_NO) {
		/* makes no tail calls: the chain ends there */
		call_result_start(fc, t, base);
		callee(fc, in->a);
		call_args(fc, t, base);
		call_result_end(fc, t, base, false);
		ef_settle(fc, base + t->nresults);
		ef_tail_return(fc, base);
		return;
	}
	S("\t{\n");
	if (ref) {
		S("\tconst w2c_funcref fv_ = ");
		ref_check(fc, h, t);
		S(", *fr_ = &fv_;\n\ttail->probe = fr_->fn;\n");
		buf_str(&ctx, "fr_->ctx");
	} else if (indirect) {
		S("\tconst w2c_funcref *fr_ = ");
		indirect_check(fc, in, h, t);
		S(";\n\ttail->probe = fr_->fn;\n");
		buf_str(&ctx, "fr_->ctx");
	} else if (m->funcs[in->a].imported) {
		buf_printf(&fc->body, "\ttail->probe = inst->f%u.fn;\n", in->a);
		buf_printf(&ctx, "inst->f%u.ctx", in->a);
	} else {
		S("\ttail->probe = (w2c_fnptr)");
		emit_func_name(m, fc->opt, in->a, &fc->body);
		S(";\n");
		buf_str(&ctx, "inst");
	}
	S("\ttail->next = NULL;\n");
	call_result_start(fc, t, base);
	if (indirect)
		buf_printf(&fc->body, "((ft%u)fr_->fn)(fr_->ctx", ti);
	else
		callee(fc, in->a);
	call_args(fc, t, base);
	call_result_end(fc, t, base, false);
	ef_settle(fc, base + t->nresults); /* the results, no longer pending */
	S("\ttail->probe = NULL;\n\tif (tail->next)\n\t\tW2C_TAIL_JUMP(tail->next, ");
	buf_add(&fc->body, ctx.p, ctx.len);
	S(", tail);\n\t}\n");
	buf_free(&ctx);
	ef_tail_return(fc, base);
}

/* ------------------------------------------------------------ analyses */

/*
 * Tables whose contents are known when translating: the module's own,
 * not exported, filled by active segments of functions at constant
 * offsets, and changed by no instruction (table.set, .grow, .fill, .copy
 * or .init anywhere makes every table unknown).  A call_indirect through
 * one calls the few functions of its type directly (emit_call_indirect).
 * The scan decodes every body once more; a malformed one leaves the
 * error to the translation proper.
 */
#define FIXED_TABLE_MAX 4096
#define NO_FUNC UINT32_MAX

static bool table_mutated(FuncCx *fc)
{
	Module *m = fc->m;
	Instr in;
	uint32_t i;

	memset(&in, 0, sizeof in);
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		open_body(fc, i);
		while (!rd_done(&fc->r)) {
			decode_instr(fc, &in);
			if (in.op == OP_TABLE_SET || in.op == OP_TABLE_GROW || in.op == OP_TABLE_FILL ||
			    in.op == OP_TABLE_COPY || in.op == OP_TABLE_INIT)
				return true;
		}
	}
	return false;
}

/* Finds table t's functions after the active segments, if known. */
static void fixed_contents(Module *m, uint32_t t)
{
	Table *tab = &m->tables[t];
	uint32_t *v = arena_alloc(&m->arena, tab->lim.min * sizeof *v + 1);
	uint32_t i, k, n = 0;

	for (k = 0; k < tab->lim.min; k++)
		v[k] = NO_FUNC;
	for (i = 0; i < m->nelems; i++) {
		const ElemSeg *s = &m->elems[i];
		Reader r = elem_items(m, s);
		ConstExpr e;
		if (s->mode != SEG_ACTIVE || s->table != t)
			continue;
		const_expr(m, s->offset_expr, VT_I32, m->nglobals, &e);
		if (e.op != 0x41 || (uint64_t)(uint32_t)e.value + s->count > tab->lim.min)
			return; /* global.get, or instantiation traps */
		for (k = 0; k < s->count; k++) {
			ConstExpr item;
			elem_item(m, s, &r, &item);
			if (item.op != 0xd2 && item.op != 0xd0)
				return;
			v[(uint32_t)e.value + k] = item.op == 0xd2 ? (uint32_t)item.value : NO_FUNC;
		}
	}
	for (k = 0; k < tab->lim.min; k++)
		n += v[k] != NO_FUNC;
	if (n > FIXED_FUNCS_MAX)
		return;
	tab->fixed = arena_alloc(&m->arena, n * sizeof *tab->fixed + 1);
	for (k = 0; k < tab->lim.min; k++) {
		if (v[k] != NO_FUNC) {
			tab->fixed[tab->nfixed].index = k;
			tab->fixed[tab->nfixed++].func = v[k];
		}
	}
}

/* Could table t's contents be known: its own, of functions, unexported? */
static bool may_be_fixed(const Module *m, uint32_t t)
{
	uint32_t i;

	if (t < m->nimported_tables || vt_rep(m->tables[t].elem) != VT_FUNCREF ||
	    m->tables[t].init || m->tables[t].lim.min > FIXED_TABLE_MAX || m->tables[t].lim.is64)
		return false;
	for (i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == EXT_TABLE && m->exports[i].index == t)
			return false;
	return true;
}

/* The segments first: the second decode of every body is only for a
 * module with a table they fill with few enough functions. */
void find_fixed_tables(FuncCx *fc)
{
	Module *m = fc->m;
	Diag *d = fc->diag;
	jmp_buf outer;
	uint32_t t;
	bool any = false;

	for (t = 0; t < m->ntables; t++) {
		if (may_be_fixed(m, t))
			fixed_contents(m, t);
		any |= m->tables[t].fixed != NULL;
	}
	if (!any)
		return;
	memcpy(outer, d->env, sizeof outer);
	if (setjmp(d->env) || table_mutated(fc)) {
		for (t = 0; t < m->ntables; t++) {
			m->tables[t].fixed = NULL;
			m->tables[t].nfixed = 0;
		}
	}
	memcpy(d->env, outer, sizeof outer);
}

/*
 * Which functions make tail calls, found when function fi turns out to
 * (so a module without tail calls never pays for it): fi does, those
 * before it were written without; those after it are looked through for
 * return_call and return_call_indirect, to be written as tail entries
 * straight away and jumped to directly.  A malformed body leaves the rest
 * unknown, its error to the translation proper.
 */
void find_tail_funcs(FuncCx *fc, uint32_t fi)
{
	Module *m = fc->m;
	Diag *d = fc->diag;
	volatile uint32_t i = m->nimported_funcs;
	jmp_buf outer;
	Instr in;

	if (fc->tailness) {
		fc->tailness[fi] = TAIL_YES;
		return;
	}
	fc->tailness = xcalloc(m->nfuncs, 1);
	for (; i < fi; i++)
		fc->tailness[i] = TAIL_NO;
	fc->tailness[fi] = TAIL_YES;
	memset(&in, 0, sizeof in);
	memcpy(outer, d->env, sizeof outer);
	if (!setjmp(d->env)) {
		for (i = fi + 1; i < m->nfuncs; i++) {
			uint8_t found = TAIL_NO;
			open_body(fc, i);
			while (!rd_done(&fc->r)) {
				decode_instr(fc, &in);
				if (in.op == OP_RETURN_CALL || in.op == OP_RETURN_CALL_INDIRECT ||
				    in.op == OP_RETURN_CALL_REF)
					found = TAIL_YES;
			}
			fc->tailness[i] = found;
		}
	}
	memcpy(d->env, outer, sizeof outer);
}
