/*
 * emit_gc.c: GC in the emitter.
 *
 * The design is docs/gc.md's.  Every GC reference is a w2c_anyref (a
 * void *, so it shares an externref's slots): null, an i31 as a tagged
 * value, or a heap object.  Written so far: the abstract types, i31,
 * ref.eq, and tests, casts and br_on_cast to abstract types of the any
 * and extern hierarchies.  What needs heap objects and their runtime
 * types (struct and array types and instructions, casts to defined types
 * and in the func hierarchy, the extern/any conversions) stops here with
 * "unsupported: garbage collection (CONSTRUCT)", never with C that
 * doesn't compile; a module that only declares such types (rec groups,
 * subtypes of function types, an unused struct type) translates.
 */
#include "func.h"

#define GC "garbage collection"

bool is_gc_op(uint16_t op)
{
	return op == OP_REF_EQ || (op >= OP_STRUCT_NEW && op <= OP_I31_GET_U);
}

/* A type the emitter can't represent yet: a reference to a struct or
 * array type (vt_rep knows no module, so it can't tell those from
 * function types). */
static bool concrete_gc(const Module *m, ValType t)
{
	return vt_gc(m, t) && vt_heap(t) >= HT_INDEX;
}

static void need_rep(Module *m, size_t at, ValType t)
{
	if (concrete_gc(m, t))
		fail(m->diag, at, "unsupported: %s (%s)", GC, valtype_name(t));
}

static void need_sig(Module *m, size_t at, const FuncType *t)
{
	uint32_t k;

	for (k = 0; k < t->nparams; k++)
		need_rep(m, at, t->params[k]);
	for (k = 0; k < t->nresults; k++)
		need_rep(m, at, t->results[k]);
}

bool gc_no_signature(const Module *m, uint32_t i)
{
	const FuncType *t = &m->types[i];
	uint32_t k;

	if (!m->gc)
		return false;
	if (t->kind != COMP_FUNC)
		return true;
	for (k = 0; k < t->nparams; k++)
		if (concrete_gc(m, t->params[k]))
			return true;
	for (k = 0; k < t->nresults; k++)
		if (concrete_gc(m, t->results[k]))
			return true;
	return false;
}

void gc_check_module(Module *m)
{
	uint32_t i;

	if (m->gc_const)
		fail(m->diag, 0, "unsupported: %s (constant expression)", GC);
	if (!m->gc)
		return;
	for (i = 0; i < m->nglobals; i++)
		need_rep(m, m->globals[i].init, m->globals[i].type);
	for (i = 0; i < m->ntables; i++)
		need_rep(m, m->tables[i].init, m->tables[i].elem);
	for (i = 0; i < m->nelems; i++)
		need_rep(m, m->elems[i].items, m->elems[i].type);
	for (i = 0; i < m->nfuncs; i++)
		need_sig(m, m->funcs[i].body, &m->types[m->funcs[i].type]);
	for (i = 0; i < m->ntags; i++)
		need_sig(m, 0, &m->types[m->tags[i]]);
}

void gc_check_func(FuncCx *fc)
{
	uint32_t i;

	if (!fc->m->gc)
		return;
	for (i = 0; i < fc->nlocals; i++)
		need_rep(fc->m, fc->m->funcs[fc->func].body, fc->locals[i]);
}

/* After validating `in`: the values on the stack, which include what it
 * pushed.  (Only for modules with GC types: linear in the stack's
 * height.) */
void gc_check_instr(FuncCx *fc, const Instr *in)
{
	uint32_t i;

	(void)in;
	for (i = fc->nvals; i-- > 0;)
		if (concrete_gc(fc->m, fc->vals[i]))
			fail(fc->diag, in->offset, "unsupported: %s (%s)", GC,
			     valtype_name(fc->vals[i]));
}

/*
 * A test of the reference $0 for type t, as a C condition, into b; false
 * if t is beyond what is built.  Until any.convert_extern is, every
 * non-null anyref is an i31 or a heap object, and so an eqref.
 */
static bool cast_test(const Module *m, ValType t, Buf *b)
{
	bool null = vt_nullable(t);
	uint32_t ht = vt_heap(t);

	(void)m;
	switch (ht) {
	case HT_ANY: case HT_EQ: case HT_EXTERN:
		buf_str(b, null ? "1" : "$0 != NULL");
		return true;
	case HT_NONE: case HT_NOEXTERN:
		buf_str(b, null ? "$0 == NULL" : "0");
		return true;
	case HT_I31:
		buf_str(b, null ? "($0 == NULL || w2c_is_i31($0))" : "w2c_is_i31($0)");
		return true;
	case HT_STRUCT: case HT_ARRAY:
		buf_printf(b, null ? "($0 == NULL || w2c_gc_kind_is($0, %s))" : "w2c_gc_kind_is($0, %s)",
		           ht == HT_STRUCT ? "W2C_RTT_STRUCT" : "W2C_RTT_ARRAY");
		return true;
	default:
		return false;
	}
}

void gc_emit(FuncCx *fc, const Instr *in, uint32_t h, uint8_t top)
{
	Module *m = fc->m;
	ValType target = in->op == OP_BR_ON_CAST || in->op == OP_BR_ON_CAST_FAIL
	                 ? (ValType)in->value : in->single[0];
	Buf test = { 0 }, t = { 0 };

	switch (in->op) {
	case OP_REF_EQ: case OP_REF_I31: case OP_I31_GET_S: case OP_I31_GET_U:
		ef_template(fc, in, h, NULL);
		return;
	case OP_REF_TEST: case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL:
	case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL:
		if (!cast_test(m, target, &test))
			break;
		if (in->op == OP_REF_TEST || in->op == OP_REF_TEST_NULL)
			buf_printf(&t, "(%s)", test.p);
		else if (in->op == OP_REF_CAST || in->op == OP_REF_CAST_NULL)
			buf_printf(&t, "w2c_cast_check($0, %s)", test.p);
		else
			buf_printf(&t, in->op == OP_BR_ON_CAST ? "%s" : "!(%s)", test.p);
		if (in->op == OP_BR_ON_CAST || in->op == OP_BR_ON_CAST_FAIL)
			ef_br_on(fc, in, h, h, t.p, top);
		else
			ef_template(fc, in, h, t.p);
		buf_free(&test);
		buf_free(&t);
		return;
	}
	buf_free(&test);
	fail(fc->diag, in->offset, "unsupported: %s (%s)", GC, op_info[in->op].name);
}
