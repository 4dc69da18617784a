/*
 * emit_tail.c: a function that makes tail calls (return_call,
 * return_call_indirect), around its body.
 *
 * Wasm promises that a chain of tail calls of any length runs in constant
 * space; C has no tail call, and clang's guaranteed one (musttail) needs
 * caller and callee of one C type, where wasm signatures differ.  So such
 * a function F becomes two C functions (docs/tailcalls.md):
 *
 *   static void fnF_tail(void *ctx, w2c_tail_area *tail)
 *       the body, its parameters read from tail->w and its results left
 *       there; a tail call stores the callee's arguments there and ends
 *       with W2C_TAIL_JUMP to the callee's tail entry, a musttail call or
 *       a return to the trampoline (w2c_gen.h chooses), or to itself
 *       with a goto to its start;
 *
 *   R fnF(void *ctx, P...)
 *       F's ordinary C function, the one every call, export and funcref
 *       uses, as before: stores the arguments and runs fnF_tail with
 *       w2c_tail_run, or when asked (tail->probe names it) only answers
 *       with fnF_tail, for a tail call that found F through a table or an
 *       import (emit_return_call in emit_func.c).
 *
 * A function making no tail calls is written as ever; one only receiving
 * them is called plainly by the tail entry, which then returns: that ends
 * the chain, so it can't grow.
 */
#include "func.h"

/* 64-bit words a value takes in the area: a funcref three (two on 32-bit
 * hosts), a v128 two. */
static uint32_t words(ValType vt)
{
	uint8_t t = vt_rep(vt);

	return t == VT_FUNCREF ? 3 : t == VT_V128 ? 2 : 1;
}

uint32_t tail_words(const ValType *types, uint32_t n)
{
	uint32_t k, w = 0;

	for (k = 0; k < n; k++)
		w += words(types[k]);
	return w;
}

void tail_check_limit(FuncCx *fc, size_t at)
{
	const FuncType *t = fc->type;

	if (tail_words(t->params, t->nparams) > LIMIT_TAIL_WORDS ||
	    tail_words(t->results, t->nresults) > LIMIT_TAIL_WORDS)
		fail(fc->diag, at, "too many parameters or results for a function making tail "
		     "calls (limit %u words)", LIMIT_TAIL_WORDS);
}

void emit_tail_name(FuncCx *fc, uint32_t f, Buf *out)
{
	emit_func_name(fc->m, fc->opt, f, out);
	buf_str(out, "_tail");
}

/* Shared between the C files of a --split translation, like functions. */
static void tail_signature(FuncCx *fc, uint32_t f, Buf *out)
{
	buf_str(out, fc->opt->split > 1 ? "W2C_HIDDEN void " : "static void ");
	emit_tail_name(fc, f, out);
	buf_str(out, "(void *ctx, w2c_tail_area *tail)");
}

/* The tail entries of other functions this one jumps to, declared before
 * it (again, maybe: C allows that). */
void emit_tail_decls(FuncCx *fc, Buf *out)
{
	uint32_t k;

	for (k = 0; k < fc->ntail_decls; k++) {
		tail_signature(fc, fc->tail_decls[k], out);
		buf_str(out, ";\n");
	}
	if (fc->ntail_decls)
		buf_char(out, '\n');
}

void emit_tail_head(FuncCx *fc, Buf *out)
{
	tail_signature(fc, fc->func, out);
	buf_str(out, "\n{\n");
}

/* The parameters, as the locals l0, l1, ... the body reads. */
void emit_tail_params(FuncCx *fc, Buf *out)
{
	const FuncType *t = fc->type;
	uint32_t k, w = 0;

	buf_str(out, "\t(void)tail;\n"); /* no parameters, results or tail calls left */
	for (k = 0; k < t->nparams; k++) {
		ValType vt = t->params[k];
		buf_printf(out, "\t%s%s l%u = ", fc->local_vol[k] ? "volatile " : "",
		           valtype_ctype(vt), k);
		if (vt == VT_V128)
			buf_printf(out, "w2c_v128_in(w2c_tail_get_v(tail, %u));\n", w);
		else
			buf_printf(out, "w2c_tail_get_%c(tail, %u);\n", valtype_letter(vt), w);
		w += words(vt);
	}
}

/* The ordinary C function, after the tail entry. */
void emit_tail_wrapper(FuncCx *fc, Buf *out)
{
	const FuncType *t = fc->type;
	Buf name = { 0 };
	uint32_t k, w = 0;

	emit_func_name(fc->m, fc->opt, fc->func, &name);
	buf_char(&name, 0);
	if (fc->opt->split <= 1)
		buf_str(out, "static ");
	emit_signature(fc->m, t, name.p, out);
	buf_str(out, "\n{\n\tw2c_tail_area *tail = &w2c_rt_tail;\n");
	for (k = 0; k < t->nparams; k++) {
		buf_printf(out, "\tw2c_tail_put_%c(tail, %u, %c%u);\n", valtype_letter(t->params[k]),
		           w, t->params[k] == VT_V128 ? 'p' : 'l', k);
		w += words(t->params[k]);
	}
	buf_printf(out, "\tif (W2C_UNLIKELY(tail->probe == (w2c_fnptr)%s))\n\t\ttail->next = ",
	           name.p);
	emit_tail_name(fc, fc->func, out);
	buf_str(out, ";\n\telse\n\t\tw2c_tail_run(");
	emit_tail_name(fc, fc->func, out);
	buf_str(out, ", ctx, tail);\n");
	/* Asked, the results are whatever the area holds: nobody reads them. */
	if (t->nresults == 1) {
		buf_printf(out, "\treturn w2c_tail_get_%c(tail, 0);\n", valtype_letter(t->results[0]));
	} else if (t->nresults > 1) {
		buf_str(out, "\tstruct ");
		emit_ret_struct_name(t, out);
		buf_str(out, " r_;\n");
		for (k = 0, w = 0; k < t->nresults; k++) {
			buf_printf(out, "\tr_.r%u = w2c_tail_get_%c(tail, %u);\n", k,
			           valtype_letter(t->results[k]), w);
			w += words(t->results[k]);
		}
		buf_str(out, "\treturn r_;\n");
	}
	buf_str(out, "}\n\n");
	buf_free(&name);
}
