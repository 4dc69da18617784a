/*
 * emit_exn.c: exception handling: tags, throw, throw_ref, try_table, and
 * the legacy try, catch, catch_all, rethrow and delegate.
 *
 * A handler is a setjmp.  Entering a try_table (or try) pushes a handler
 * frame onto the thread's chain of trap frames (W2C_TRY_PUSH, the frame
 * hfN a local of the C function) and calls setjmp; a throw anywhere below
 * pops the innermost frame and longjmps to it, with the exception in
 * w2c_rt_caught (rt/exn.c).  The landing (label CN) compares its tag with
 * each catch clause's tag by address and branches with the payload like a
 * br, or throws it on.  Leaving the body any other way pops the frame: at
 * its end, and on every branch or return that crosses it (exn_leave,
 * called by emit_func.c's branch).  Traps pass handler frames by.
 *
 * C leaves every non-volatile local changed between setjmp and longjmp
 * indeterminate after it.  What the landing and the code after it read
 * is: wasm locals, operand slots below the try (written before the
 * setjmp: a try flushes pending values first, and nothing in its body
 * writes below its height), the memory's base and size (reloaded at the
 * landing) and the exception.  So the locals set while a handler is
 * pushed are declared volatile, and only those, only in functions with
 * handlers; a function without one is written exactly as before.
 *
 * docs/exceptions.md has the costs and what was rejected.
 */
#include <stdlib.h>
#include <string.h>

#include "func.h"

#define S(s) buf_str(&fc->body, (s))
#define N(n) buf_u64(&fc->body, (n))

void exn_begin(FuncCx *fc)
{
	fc->nclauses = 0;
	fc->nfrees = 0;
	fc->handlers = 0;
	fc->live_handlers = 0;
	fc->exn_decls.len = 0;
	fc->local_vol = xrealloc(fc->local_vol, fc->nlocals + 1);
	memset(fc->local_vol, 0, fc->nlocals + 1);
}

/* -------------------------------------------------------------- leaving */

/* The outermost frame from c up with its handler pushed, or NULL. */
static const Ctrl *outermost_handler(FuncCx *fc, size_t from)
{
	size_t i;

	for (i = from; i < fc->nctrls; i++)
		if (fc->ctrls[i].handler)
			return &fc->ctrls[i];
	return NULL;
}

bool exn_leaves(FuncCx *fc, const Ctrl *c)
{
	return fc->live_handlers && outermost_handler(fc, (size_t)(c - fc->ctrls));
}

void exn_leave(FuncCx *fc, const Ctrl *c)
{
	const Ctrl *h;

	if (!fc->live_handlers)
		return;
	h = outermost_handler(fc, (size_t)(c - fc->ctrls));
	if (h) {
		S("\tW2C_TRY_POP(hf");
		N(h->label);
		S(");\n");
	}
}

/* ------------------------------------------------------------- emission */

/* Pushes the handler of frame c, the try_table or try just opened. */
static void push_handler(FuncCx *fc, Ctrl *c, uint32_t h)
{
	ef_flush(fc, 0, h);
	buf_printf(&fc->exn_decls, "\tw2c_trap_frame hf%u;\n", c->label);
	if (c->op == OP_TRY)
		buf_printf(&fc->exn_decls, "\tw2c_exnref exn%u = NULL;\n\t(void)exn%u;\n",
		           c->label, c->label);
	fc->handlers++;
	fc->live_handlers++;
	c->handler = true;
	S("\tW2C_TRY_PUSH(hf");
	N(c->label);
	S(");\n\tif (W2C_SETJMP(hf");
	N(c->label);
	S(")) goto C");
	N(c->label);
	S(";\n");
}

/* The end of a handler's body where control reaches it: pops the frame
 * and goes to the end of the construct, past the landing written next. */
static void end_body(FuncCx *fc, Ctrl *c, bool reachable, bool pop)
{
	if (reachable) {
		if (pop) {
			S("\tW2C_TRY_POP(hf");
			N(c->label);
			S(");\n");
		}
		S("\tgoto L");
		N(c->label);
		S(";\n");
		c->label_used = true;
	}
	if (pop)
		fc->live_handlers--;
}

/* The landing of frame c: where its setjmp returns a second time. */
static void landing(FuncCx *fc, const Ctrl *c)
{
	S("C");
	N(c->label);
	S(":;\n");
	ef_reload_memory(fc);
}

/* Payload value k of exception `e` of tag type t into slot h. */
static void payload(FuncCx *fc, const char *e, const FuncType *t, uint32_t k, uint32_t h)
{
	ValType vt = t->params[k];

	S("\t");
	ef_slot(fc, vt, h, SLOT_WRITE);
	buf_printf(&fc->body, vt == VT_V128 ? " = w2c_v128_in(%s->payload[%u].of.v128);\n"
	                                    : " = %s->payload[%u].of.%s;\n",
	           e, k, valtype_cname(vt));
}

static void tag_ref(FuncCx *fc, uint32_t x)
{
	S("inst->tg");
	N(x);
}

/* try_table's landing: each clause in order, else on to the next handler. */
static void try_table_landing(FuncCx *fc, const Ctrl *c)
{
	Module *m = fc->m;
	uint32_t base = fc->nvals, i, k;
	bool all = false;

	landing(fc, c);
	for (i = 0; i < c->nclauses && !all; i++) {
		const Clause *cl = &fc->clauses[c->clauses + i];
		Ctrl *to = v_label(fc, cl->label, 0);
		bool ref = cl->kind == CATCH_REF || cl->kind == CATCH_ALL_REF;
		uint32_t n = 0;

		if (cl->kind == CATCH_TAG || cl->kind == CATCH_REF) {
			const FuncType *t = &m->types[m->tags[cl->tag]];
			S("\tif (w2c_rt_caught->tag == ");
			tag_ref(fc, cl->tag);
			S(") {\n");
			for (k = 0; k < t->nparams; k++)
				payload(fc, "w2c_rt_caught", t, k, base + k);
			n = t->nparams;
		} else {
			all = true;
		}
		if (ref) {
			S("\t");
			ef_slot(fc, VT_EXNREF, base + n, SLOT_WRITE);
			S(" = w2c_rt_exn_hold(w2c_rt_caught);\n");
		} else {
			S("\tw2c_rt_exn_done(w2c_rt_caught);\n");
		}
		ef_branch(fc, to, base + n + ref);
		if (!all)
			S("\t}\n");
	}
	if (!all)
		S("\tw2c_throw_ref(w2c_rt_caught);\n");
}

void exn_emit(FuncCx *fc, const Instr *in, uint32_t h)
{
	Module *m = fc->m;
	const FuncType *t;
	Ctrl *c;
	uint32_t k;

	switch (in->op) {
	case OP_TRY_TABLE:
	case OP_TRY:
		push_handler(fc, &fc->ctrls[fc->nctrls - 1], h);
		break;
	case OP_THROW:
		t = &m->types[m->tags[in->a]];
		ef_keep_for_exit(fc, &fc->ctrls[0], h - t->nparams);
		if (!t->nparams) {
			S("\tw2c_throw(");
			tag_ref(fc, in->a);
			S(", NULL, 0);\n");
			break;
		}
		buf_printf(&fc->body, "\t{ w2c_value a_[%u];", t->nparams);
		for (k = 0; k < t->nparams; k++) {
			buf_printf(&fc->body, " a_[%u].of.%s = ", k, valtype_cname(t->params[k]));
			ef_rd_abi(fc, t->params[k], h - t->nparams + k);
			S(";");
		}
		S(" w2c_throw(");
		tag_ref(fc, in->a);
		buf_printf(&fc->body, ", a_, %u); }\n", t->nparams);
		break;
	case OP_THROW_REF:
		ef_keep_for_exit(fc, &fc->ctrls[0], h - 1);
		S("\tw2c_throw_ref(");
		ef_slot(fc, VT_EXNREF, h - 1, SLOT_READ);
		S(");\n");
		break;
	case OP_RETHROW:
		c = v_label(fc, in->a, in->offset);
		c->rethrown = true;
		ef_keep_for_exit(fc, &fc->ctrls[0], h);
		S("\tw2c_throw_ref(exn");
		N(c->label);
		S(");\n");
		break;
	}
}

/*
 * A legacy catch arm has taken the payload: the exception is freed, unless
 * a rethrow may throw it again, which is known only at the try's end.  The
 * statement is written as w2c_rt_exn_done and turned into w2c_rt_exn_hold
 * there if need be (patch_frees), as a loop's label is blanked out.
 */
static void legacy_free(FuncCx *fc, const Ctrl *c)
{
	if (fc->nfrees == fc->capfrees) {
		fc->capfrees = fc->capfrees * 2 + 8;
		fc->frees = xrealloc(fc->frees, fc->capfrees * sizeof *fc->frees);
		fc->free_label = xrealloc(fc->free_label, fc->capfrees * sizeof *fc->free_label);
	}
	S("\tw2c_rt_exn_");
	fc->frees[fc->nfrees] = fc->body.len;
	fc->free_label[fc->nfrees++] = c->label;
	buf_printf(&fc->body, "done(exn%u);\n", c->label);
}

static void patch_frees(FuncCx *fc, const Ctrl *c)
{
	uint32_t k;

	for (k = fc->nfrees; k-- > 0 && fc->free_label[k] == c->label;) {
		if (c->rethrown)
			memcpy(fc->body.p + fc->frees[k], "hold", 4);
		fc->nfrees--;
	}
}

/* Legacy catch and catch_all (c the new arm) and delegate (c the try,
 * popped). */
void exn_emit_catch(FuncCx *fc, const Instr *in, Ctrl *c, bool reachable)
{
	Module *m = fc->m;
	uint32_t k;

	if (in->op == OP_DELEGATE) {
		const Ctrl *to = v_label(fc, in->a, in->offset), *h;
		if (reachable) {
			ef_flush(fc, c->height, c->height + c->nresults);
			ef_keep_locals(fc);
			ef_keep_slots(fc, c->height, c->height + c->nresults);
		}
		end_body(fc, c, reachable, true);
		landing(fc, c);
		/* on to the handler of label `to`'s frame, if it is a try in
		 * its body, else to the next one out */
		h = outermost_handler(fc, (size_t)(to - fc->ctrls) + 1);
		if (h) {
			S("\tW2C_TRY_POP(hf");
			N(h->label);
			S(");\n");
		}
		S("\tw2c_throw_ref(w2c_rt_caught);\n");
		if (c->label_used) {
			S("L");
			N(c->label);
			S(":;\n");
		}
		return;
	}
	/* the previous arm: the body, or the catch before; its results
	 * leave by a join, where loaded ones are kept (emit_func.c, "unused
	 * loads") */
	if (reachable) {
		ef_flush(fc, c->height, c->height + c->nresults);
		ef_keep_locals(fc);
		ef_keep_slots(fc, c->height, c->height + c->nresults);
	}
	if (c->ncatch == 1) {
		end_body(fc, c, reachable, true);
		landing(fc, c);
		S("\texn");
		N(c->label);
		S(" = w2c_rt_caught;\n");
	} else {
		end_body(fc, c, reachable, false);
		buf_printf(&fc->body, "D%u_%u:;\n", c->label, c->ncatch - 1);
	}
	if (in->op == OP_CATCH) {
		const FuncType *t = &m->types[m->tags[in->a]];
		char e[24];
		buf_printf(&fc->body, "\tif (exn%u->tag != ", c->label);
		tag_ref(fc, in->a);
		buf_printf(&fc->body, ") goto D%u_%u;\n", c->label, c->ncatch);
		snprintf(e, sizeof e, "exn%u", c->label);
		for (k = 0; k < t->nparams; k++)
			payload(fc, e, t, k, c->height + k);
	}
	legacy_free(fc, c);
}

bool exn_emit_end(FuncCx *fc, Ctrl *c, bool reachable)
{
	switch (c->op) {
	case OP_TRY_TABLE:
		end_body(fc, c, reachable, true);
		try_table_landing(fc, c);
		break;
	case OP_TRY:
		end_body(fc, c, reachable, true);
		landing(fc, c);
		S("\tw2c_throw_ref(w2c_rt_caught);\n");
		break;
	case OP_CATCH:
		end_body(fc, c, reachable, false);
		buf_printf(&fc->body, "D%u_%u:;\n\tw2c_throw_ref(exn%u);\n", c->label, c->ncatch,
		           c->label);
		patch_frees(fc, c);
		break;
	case OP_CATCH_ALL:
		patch_frees(fc, c);
		break;
	default:
		return false;
	}
	if (c->label_used) {
		S("L");
		N(c->label);
		S(":;\n");
	}
	return true;
}

/* ---------------------------------------------------------- declarations */

void exn_emit_decls(FuncCx *fc, Buf *out)
{
	const FuncType *t = fc->type;
	uint32_t i;

	/* (a tail entry reads its parameters into locals of its own) */
	for (i = 0; i < t->nparams && !fc->tail; i++)
		if (fc->local_vol[i] && t->params[i] != VT_V128)
			buf_printf(out, "\tvolatile %s l%u = p%u;\n", valtype_ctype(t->params[i]), i, i);
	buf_add(out, fc->exn_decls.p, fc->exn_decls.len);
}

bool exn_emit_signature(FuncCx *fc, const char *name, Buf *out)
{
	const FuncType *t = fc->type;
	uint32_t i;
	bool any = false;

	for (i = 0; i < t->nparams; i++)
		any |= fc->local_vol[i];
	if (!any)
		return false;
	emit_ret_type(t, out);
	buf_printf(out, " %s(void *ctx", name);
	for (i = 0; i < t->nparams; i++)
		buf_printf(out, ", %s %c%u", valtype_abi_ctype(t->params[i]),
		           fc->local_vol[i] || t->params[i] == VT_V128 ? 'p' : 'l', i);
	buf_char(out, ')');
	return true;
}
