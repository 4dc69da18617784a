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

/* Nothing the emitter can't represent since struct and array types
 * are anyrefs. */
static bool concrete_gc(const Module *m, ValType t)
{
	(void)m;
	(void)t;
	return false;
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
static bool cast_test(const Module *m, ValType t, Buf *b);

/* Before anything of `in` is written (a failure mid-statement would
 * leave half of it): whether the emitter can write it. */
void gc_check_instr(FuncCx *fc, const Instr *in)
{
	Buf test = { 0 };
	bool ok;
	uint32_t i;

	for (i = fc->nvals; i-- > 0;)
		if (concrete_gc(fc->m, fc->vals[i]))
			fail(fc->diag, in->offset, "unsupported: %s (%s)", GC,
			     valtype_name(fc->vals[i]));
	switch (in->op) {
	case OP_REF_TEST: case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL:
	case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL:
		ok = cast_test(fc->m, in->op == OP_BR_ON_CAST || in->op == OP_BR_ON_CAST_FAIL
		                      ? (ValType)in->value : in->single[0], &test);
		buf_free(&test);
		/* (cast_test knows every heap type 3.0 has: this guards a
		 * later one) */
		if (!ok)
			fail(fc->diag, in->offset, "unsupported: %s (%s to %s)", GC,
			     op_info[in->op].name,
			     valtype_name(in->op == OP_BR_ON_CAST || in->op == OP_BR_ON_CAST_FAIL
			                  ? (ValType)in->value : in->single[0]));
		break;
	}
}

/* ------------------------------------------------------------- types */

/* A field's C type: packed ones by their width. */
static const char *field_ctype(ValType t)
{
	return t == VT_I8 ? "uint8_t" : t == VT_I16 ? "uint16_t" : valtype_abi_ctype(t);
}

/*
 * Each struct type is a C struct after the object header, w2c_gcN, its
 * fields f0, f1...; each array type the header, the length and e[].  The
 * C compiler lays them out, so a field is a load at a constant offset.
 * A runtime type (rttN) per canonical type, with its supertype display.
 */
/* A field the collector follows: a GC reference or an externref (which
 * may be a struct or array made external).  Exnref fields are not yet. */
static bool gc_traced(ValType t)
{
	return vt_rep(t) == VT_ANYREF || vt_rep(t) == VT_EXTERNREF;
}

void gc_emit_types(Module *m, const Options *opt, Buf *out)
{
	uint32_t i, k, d, nrefs;
	bool any = false;

	for (i = 0; i < m->ntypes; i++) {
		const FuncType *t = &m->types[i];
		if (t->kind == COMP_FUNC)
			continue;
		if (opt->split > 1)
			fail(m->diag, 0, "unsupported: %s (--split)", GC);
		any = true;
		buf_printf(out, "typedef struct { w2c_gc_object h;");
		if (t->kind == COMP_STRUCT)
			for (k = 0; k < t->nfields; k++)
				buf_printf(out, " %s f%u;", field_ctype(t->fields[k].type), k);
		else
			buf_printf(out, " uint32_t len; %s e[];", field_ctype(t->fields[0].type));
		buf_printf(out, " } w2c_gc%u;\n", i);
	}
	if (!any)
		return;
	for (i = 0; i < m->ntypes; i++)
		if (m->types[i].kind != COMP_FUNC && m->types[i].canon == i)
			buf_printf(out, "static const w2c_rtt rtt%u;\n", i);
	for (i = 0; i < m->ntypes; i++) {
		const FuncType *t = &m->types[i];
		uint32_t chain[LIMIT_SUBTYPE_DEPTH + 1], x = i;
		if (t->kind == COMP_FUNC || t->canon != i)
			continue;
		for (d = t->depth + 1; d-- > 0; x = m->types[x].super)
			chain[d] = m->types[x].canon;
		buf_printf(out, "static const w2c_rtt *const rtd%u[] = {", i);
		for (d = 0; d <= t->depth; d++)
			buf_printf(out, " &rtt%u,", chain[d]);
		/* what the collector traces: the offsets of the reference
		 * fields, or an array's elements when they are references */
		nrefs = 0;
		for (k = 0; k < t->nfields; k++)
			if (gc_traced(t->fields[k].type)) {
				buf_printf(out, nrefs ? " " : " };\nstatic const uint32_t rtf%u[] = {", i);
				if (t->kind == COMP_STRUCT)
					buf_printf(out, "offsetof(w2c_gc%u, f%u),", i, k);
				else
					buf_printf(out, "offsetof(w2c_gc%u, e),", i);
				nrefs++;
			}
		buf_printf(out, " };\nstatic const w2c_rtt rtt%u = { %s, %uu, rtd%u", i,
		           t->kind == COMP_STRUCT ? "W2C_RTT_STRUCT" : "W2C_RTT_ARRAY", t->depth, i);
		if (nrefs)
			buf_printf(out, ", %uu, rtf%u", nrefs, i);
		else
			buf_printf(out, ", 0u, NULL");
		buf_printf(out, " };\n");
	}
	buf_char(out, '\n');
}

/* A constant operand as a field's value: packed ones narrowed, which C
 * would otherwise warn of for a constant. */
static void const_field(Buf *e, ValType ft, const Buf *v)
{
	if (ft == VT_I8 || ft == VT_I16)
		buf_str(e, ft == VT_I8 ? "(uint8_t)(" : "(uint16_t)(");
	buf_add(e, v->p, v->len);
	if (ft == VT_I8 || ft == VT_I16)
		buf_char(e, ')');
}

/*
 * GC constant expressions as C expressions (globals' initial values):
 * allocation through the runtime, the fields from a compound literal of
 * the type's C struct, the elements from an array literal.
 */
uint32_t gc_const_value(Module *m, Reader *r, Buf *stack, uint32_t n)
{
	uint32_t sub = rd_u32(r), x = 0, k, len = 0, nargs;
	const FuncType *t = NULL;
	Buf e = { 0 };

	if (sub <= 8)
		x = rd_u32(r);
	if (sub == 8)
		len = rd_u32(r);
	if (sub <= 8)
		t = &m->types[x];
	switch (sub) {
	case 0: case 1: /* struct.new, struct.new_default */
		nargs = sub == 0 ? t->nfields : 0;
		buf_printf(&e, "w2c_gc_alloc(sizeof(w2c_gc%u), inst->rtts[%u])", x, t->canon);
		if (nargs) {
			Buf a = e;
			e = (Buf){ 0 };
			buf_str(&e, "w2c_gc_init(");
			buf_add(&e, a.p, a.len);
			buf_printf(&e, ", &(w2c_gc%u){ { NULL }", x);
			for (k = 0; k < nargs; k++) {
				buf_str(&e, ", ");
				const_field(&e, t->fields[k].type, &stack[n - nargs + k]);
			}
			buf_printf(&e, " }, sizeof(w2c_gc_object), sizeof(w2c_gc%u))", x);
			buf_free(&a);
		}
		break;
	case 6: case 7: /* array.new, array.new_default: [v? len] */
		nargs = sub == 6 ? 2 : 1;
		if (sub == 6)
			buf_str(&e, "w2c_gc_splat(");
		buf_printf(&e, "w2c_gc_alloc_array(sizeof(w2c_gc%u), sizeof(((w2c_gc%u *)0)->e[0]), ", x, x);
		buf_add(&e, stack[n - 1].p, stack[n - 1].len);
		buf_printf(&e, ", inst->rtts[%u])", t->canon);
		if (sub == 6) {
			/* (a v128 or funcref, a C struct, as an array's
			 * element: initialised by an expression of its type,
			 * where in braces of its own it would initialise its
			 * first member) */
			bool whole = t->fields[0].type == VT_V128 || vt_rep(t->fields[0].type) == VT_FUNCREF;
			buf_printf(&e, ", offsetof(w2c_gc%u, e), %s(%s%s){ ", x, whole ? "" : "&",
			           t->fields[0].type == VT_I8 ? "uint8_t" :
			           t->fields[0].type == VT_I16 ? "uint16_t" :
			           valtype_abi_ctype(t->fields[0].type), whole ? "[1]" : "");
			const_field(&e, t->fields[0].type, &stack[n - 2]);
			buf_printf(&e, " }, sizeof(((w2c_gc%u *)0)->e[0]))", x);
		}
		break;
	case 8: /* array.new_fixed */
		nargs = len;
		if (len)
			buf_str(&e, "w2c_gc_init_elems(");
		buf_printf(&e, "w2c_gc_alloc_array(sizeof(w2c_gc%u), sizeof(((w2c_gc%u *)0)->e[0]), %uu, "
		               "inst->rtts[%u])", x, x, len, t->canon);
		if (len) {
			buf_printf(&e, ", offsetof(w2c_gc%u, e), (%s[]){ ", x,
			           t->fields[0].type == VT_I8 ? "uint8_t" :
			           t->fields[0].type == VT_I16 ? "uint16_t" :
			           valtype_abi_ctype(t->fields[0].type));
			for (k = 0; k < len; k++) {
				if (k)
					buf_str(&e, ", ");
				const_field(&e, t->fields[0].type, &stack[n - len + k]);
			}
			buf_printf(&e, " }, %uu * sizeof(((w2c_gc%u *)0)->e[0]))", len, x);
		}
		break;
	case 26: case 27: case 28: /* any.convert_extern, extern.convert_any, ref.i31 */
		nargs = 1;
		buf_str(&e, sub == 26 ? "w2c_gc_internalize(" : sub == 27 ? "w2c_gc_externalize("
		                                                          : "w2c_i31_new(");
		buf_add(&e, stack[n - 1].p, stack[n - 1].len);
		buf_char(&e, ')');
		break;
	default: /* validation let no other through */
		nargs = 0;
		break;
	}
	for (k = n - nargs; k < n; k++)
		buf_free(&stack[k]);
	n -= nargs;
	stack[n] = e;
	return n + 1;
}

/*
 * A test of the reference $0 for type t, as a C condition, into b; false
 * if t is beyond what is built.
 */
static bool cast_test(const Module *m, ValType t, Buf *b)
{
	bool null = vt_nullable(t);
	uint32_t ht = vt_heap(t);

	(void)m;
	switch (ht) {
	case HT_ANY: case HT_EXTERN: case HT_EXN:
		buf_str(b, null ? "1" : "$0 != NULL");
		return true;
	case HT_EQ: /* all but host references made anyrefs */
		buf_str(b, null ? "($0 == NULL || w2c_gc_is_eq($0))" : "w2c_gc_is_eq($0)");
		return true;
	case HT_NONE: case HT_NOEXTERN: case HT_NOEXN:
		buf_str(b, null ? "$0 == NULL" : "0");
		return true;
	case HT_I31:
		buf_str(b, null ? "($0 == NULL || w2c_is_i31($0))" : "w2c_is_i31($0)");
		return true;
	case HT_STRUCT: case HT_ARRAY:
		buf_printf(b, null ? "($0 == NULL || w2c_gc_kind_is($0, %s))" : "w2c_gc_kind_is($0, %s)",
		           ht == HT_STRUCT ? "W2C_RTT_STRUCT" : "W2C_RTT_ARRAY");
		return true;
	}
	/* the func hierarchy: its references are w2c_funcrefs; a defined
	 * type is compared by its id (a 2.0 type's is its signature's, a
	 * constant), exactly for a final type, else also through the
	 * display of the canonical type's rtt */
	if (ht == HT_FUNC || ht == HT_NOFUNC) {
		buf_str(b, ht == HT_FUNC ? (null ? "1" : "$0.fn != NULL")
		                         : (null ? "$0.fn == NULL" : "0"));
		return true;
	}
	if (ht >= HT_INDEX && m->types[ht - HT_INDEX].kind == COMP_FUNC) {
		const FuncType *t = &m->types[ht - HT_INDEX];
		if (t->id) {
			buf_printf(b, null ? "($0.fn == NULL || $0.type == UINT64_C(0x%llx))"
			                   : "$0.type == UINT64_C(0x%llx)", (unsigned long long)t->id);
			return true;
		}
		buf_str(b, null ? "($0.fn == NULL || " : "(");
		buf_printf(b, "$0.type == inst->type_ids[%u]", t->large);
		if (!t->final)
			buf_printf(b, " || w2c_functype_sub($0.type, inst->type_ids[%u], %uu)", t->large,
			           t->depth);
		buf_char(b, ')');
		return true;
	}
	if (ht >= HT_INDEX && m->types[ht - HT_INDEX].kind != COMP_FUNC) {
		uint32_t x = ht - HT_INDEX;
		const FuncType *t = &m->types[x];
		if (null)
			buf_str(b, "($0 == NULL || ");
		buf_printf(b, "w2c_gc_is_sub($0, inst->rtts[%u], %uu)", t->canon, t->depth);
		if (null)
			buf_char(b, ')');
		return true;
	}
	return false;
}

#define S(s) buf_str(&fc->body, (s))
#define RD(t, h) ef_slot(fc, (t), (h), SLOT_READ)
#define WR(t, h) ef_slot(fc, (t), (h), SLOT_WRITE)

/* A field's C value from a slot and back: packed ones narrowed, v128s
 * from the SIMD code's w2c_vec to the w2c_v128 of the field. */
static const char *store_open(ValType ft)
{
	return ft == VT_I8 ? "(uint8_t)" : ft == VT_I16 ? "(uint16_t)"
	     : ft == VT_V128 ? "w2c_v128_out(" : "";
}

static const char *store_close(ValType ft)
{
	return ft == VT_V128 ? ")" : "";
}

/* A field's value as the operand stack holds it, from an lvalue written
 * before (get_s sign-extends packed ones). */
static void get_field(FuncCx *fc, ValType ft, bool sign, uint32_t h, uint32_t x, uint32_t y,
                      bool array, uint32_t idx)
{
	ValType t = ft == VT_I8 || ft == VT_I16 ? VT_I32 : ft;

	S("\t");
	WR(t, h);
	S(" = ");
	if (ft == VT_I8)
		S(sign ? "(uint32_t)(int32_t)(int8_t)" : "(uint32_t)");
	else if (ft == VT_I16)
		S(sign ? "(uint32_t)(int32_t)(int16_t)" : "(uint32_t)");
	else if (ft == VT_V128)
		S("w2c_v128_in(");
	buf_printf(&fc->body, "((w2c_gc%u *)", x);
	if (array) {
		S("w2c_gc_array_at(");
		RD(VT_ANYREF, h);
		S(", ");
		RD(VT_I32, idx);
		S("))->e[");
		RD(VT_I32, idx);
		S("]");
	} else {
		S("w2c_gc_struct(");
		RD(VT_ANYREF, h);
		buf_printf(&fc->body, "))->f%u", y);
	}
	S(store_close(ft));
	S(";\n");
}

/* Allocates array x of the length in slot len into o_ (in a block the
 * caller closes). */
static void alloc_array(FuncCx *fc, uint32_t x, uint32_t len_slot, uint32_t fixed)
{
	buf_printf(&fc->body, "\t{ w2c_gc%u *o_ = (w2c_gc%u *)w2c_gc_alloc_array(sizeof(w2c_gc%u), "
	                      "sizeof o_->e[0], ", x, x, x);
	if (fixed != UINT32_MAX)
		buf_printf(&fc->body, "%uu", fixed);
	else
		RD(VT_I32, len_slot);
	buf_printf(&fc->body, ", inst->rtts[%u]);\n", fc->m->types[x].canon);
}

/* The segment of array.new_data/_elem and array.init_data/_elem: opens
 * a block with seg_ and seglen_ (what is left of it: a dropped or active
 * one is empty), checking the range [s, s + n) of it. */
static void seg_args(FuncCx *fc, const Instr *in, uint32_t s, uint32_t n)
{
	Module *m = fc->m;
	Buf *b = &fc->body;
	bool data = in->op == OP_ARRAY_NEW_DATA || in->op == OP_ARRAY_INIT_DATA;
	uint32_t y = in->b;

	if (data) {
		S("const uint8_t *seg_ = ");
		if (m->datas && y < m->ndatas && m->datas[y].len && m->datas[y].mode == SEG_PASSIVE) {
			emit_seg_name(fc->opt, "data", y, b);
			buf_printf(b, "; uint32_t seglen_ = inst->data_dropped[%u] ? 0 : %uu;\n", y,
			           m->datas[y].len);
		} else {
			S("NULL; uint32_t seglen_ = 0;\n");
		}
		buf_printf(b, "\tw2c_gc_data_check(seglen_, ");
		RD(VT_I32, s);
		S(", ");
		RD(VT_I32, n);
		buf_printf(b, ", sizeof(((w2c_gc%u *)0)->e[0]));\n", in->a);
	} else {
		S("const w2c_rt_elem *seg_ = ");
		if (m->elems[y].count) {
			emit_seg_name(fc->opt, "elem", y, b);
			buf_printf(b, "; uint32_t seglen_ = inst->elem_dropped[%u] ? 0 : %uu;\n", y,
			           m->elems[y].count);
		} else {
			S("NULL; uint32_t seglen_ = 0;\n");
		}
		S("\tuint64_t end_ = (uint64_t)");
		RD(VT_I32, s);
		S(" + ");
		RD(VT_I32, n);
		S(";\n\tif (W2C_UNLIKELY(end_ > seglen_)) w2c_trap(W2C_TRAP_TABLE_OOB);\n");
	}
}

static void seg_copy(FuncCx *fc, const Instr *in, const char *dst, uint32_t s, uint32_t n)
{
	bool data = in->op == OP_ARRAY_NEW_DATA || in->op == OP_ARRAY_INIT_DATA;

	if (data) {
		buf_printf(&fc->body, "\tif (seg_) w2c_gc_from_data(%s, seg_, seglen_, ", dst);
		RD(VT_I32, s);
		S(", ");
		RD(VT_I32, n);
		buf_printf(&fc->body, ", sizeof(((w2c_gc%u *)0)->e[0]));\n", in->a);
	} else {
		buf_printf(&fc->body, "\tif (seg_) w2c_rt_elem_refs(&inst->hdr, seg_, seglen_, ");
		RD(VT_I32, s);
		S(", ");
		RD(VT_I32, n);
		buf_printf(&fc->body, ", %s, %d);\n", dst,
		           vt_rep(fc->m->types[in->a].fields[0].type) == VT_FUNCREF);
	}
}

/* "w2c_gcX *NAME = (w2c_gcX *)w2c_gc_array_range(REF, I, N)": the
 * elements [I, I + N) of the array of type x at slot ref, range checked. */
static void array_range(FuncCx *fc, uint32_t x, const char *name, uint32_t ref, uint32_t i,
                        uint32_t n)
{
	buf_printf(&fc->body, "w2c_gc%u *%s = (w2c_gc%u *)w2c_gc_array_range(", x, name, x);
	RD(VT_ANYREF, ref);
	S(", ");
	RD(VT_I32, i);
	S(", ");
	RD(VT_I32, n);
	S(")");
}

static void emit_object(FuncCx *fc, const Instr *in, uint32_t h)
{
	Module *m = fc->m;
	uint32_t x = in->a, k, n, base;
	const FuncType *t = &m->types[x];
	ValType et = t->fields[0].type;

	switch (in->op) {
	case OP_STRUCT_NEW: case OP_STRUCT_NEW_DEFAULT:
		n = in->op == OP_STRUCT_NEW ? t->nfields : 0;
		base = h - n;
		ef_keep_slots(fc, base, h);
		buf_printf(&fc->body,
		           "\t{ w2c_gc%u *o_ = (w2c_gc%u *)w2c_gc_alloc(sizeof *o_, inst->rtts[%u]);\n",
		           x, x, t->canon);
		for (k = 0; k < n; k++) {
			ValType ft = t->fields[k].type;
			buf_printf(&fc->body, "\to_->f%u = %s", k, store_open(ft));
			RD(ft == VT_I8 || ft == VT_I16 ? VT_I32 : ft, base + k);
			S(store_close(ft));
			S(";\n");
		}
		S("\t");
		WR(VT_ANYREF, base);
		S(" = o_; }\n");
		return;
	case OP_STRUCT_GET: case OP_STRUCT_GET_S: case OP_STRUCT_GET_U:
		ef_keep_slots(fc, h - 1, h);
		get_field(fc, t->fields[in->b].type, in->op == OP_STRUCT_GET_S, h - 1, x, in->b, false, 0);
		return;
	case OP_STRUCT_SET: {
		ValType ft = t->fields[in->b].type;
		ef_keep_slots(fc, h - 2, h);
		buf_printf(&fc->body, "\t((w2c_gc%u *)w2c_gc_struct(", x);
		RD(VT_ANYREF, h - 2);
		buf_printf(&fc->body, "))->f%u = %s", in->b, store_open(ft));
		RD(ft == VT_I8 || ft == VT_I16 ? VT_I32 : ft, h - 1);
		S(store_close(ft));
		S(";\n");
		return;
	}
	}
	/* arrays: the element as the stack holds it */
	{
		ValType st = et == VT_I8 || et == VT_I16 ? VT_I32 : et;
		const char *cast = store_open(et), *close = store_close(et);
		switch (in->op) {
		case OP_ARRAY_NEW: case OP_ARRAY_NEW_DEFAULT:
			n = in->op == OP_ARRAY_NEW ? 2 : 1;
			ef_keep_slots(fc, h - n, h);
			alloc_array(fc, x, h - 1, UINT32_MAX);
			if (n == 2) {
				S("\tfor (uint32_t k_ = 0; k_ < o_->len; k_++) o_->e[k_] = ");
				S(cast);
				RD(st, h - 2);
				S(close);
				S(";\n");
			}
			S("\t");
			WR(VT_ANYREF, h - n);
			S(" = o_; }\n");
			return;
		case OP_ARRAY_NEW_FIXED:
			base = h - in->b;
			ef_keep_slots(fc, base, h);
			alloc_array(fc, x, 0, in->b);
			for (k = 0; k < in->b; k++) {
				buf_printf(&fc->body, "\to_->e[%u] = %s", k, cast);
				RD(st, base + k);
				S(close);
				S(";\n");
			}
			S("\t");
			WR(VT_ANYREF, base);
			S(" = o_; }\n");
			return;
		case OP_ARRAY_GET: case OP_ARRAY_GET_S: case OP_ARRAY_GET_U:
			ef_keep_slots(fc, h - 2, h);
			get_field(fc, et, in->op == OP_ARRAY_GET_S, h - 2, x, 0, true, h - 1);
			return;
		case OP_ARRAY_SET:
			ef_keep_slots(fc, h - 3, h);
			buf_printf(&fc->body, "\t((w2c_gc%u *)w2c_gc_array_at(", x);
			RD(VT_ANYREF, h - 3);
			S(", ");
			RD(VT_I32, h - 2);
			S("))->e[");
			RD(VT_I32, h - 2);
			S("] = ");
			S(cast);
			RD(st, h - 1);
			S(close);
			S(";\n");
			return;
		case OP_ARRAY_FILL:
			/* [ref i val n] */
			ef_keep_slots(fc, h - 4, h);
			S("\t{ ");
			array_range(fc, x, "o_", h - 4, h - 3, h - 1);
			/* (n_: a constant count of 0 would be a compare gcc warns of) */
			S(";\n\tfor (uint32_t k_ = 0, n_ = ");
			RD(VT_I32, h - 1);
			S("; k_ < n_; k_++) o_->e[");
			RD(VT_I32, h - 3);
			S(" + k_] = ");
			S(cast);
			RD(st, h - 2);
			S(close);
			S("; }\n");
			return;
		case OP_ARRAY_NEW_DATA: case OP_ARRAY_NEW_ELEM:
			/* [s n]: the segment's range is checked first */
			ef_keep_slots(fc, h - 2, h);
			S("\t{ ");
			seg_args(fc, in, h - 2, h - 1);
			alloc_array(fc, x, h - 1, UINT32_MAX);
			seg_copy(fc, in, "o_->e", h - 2, h - 1);
			S("\t");
			WR(VT_ANYREF, h - 2);
			S(" = o_; } }\n");
			return;
		case OP_ARRAY_INIT_DATA: case OP_ARRAY_INIT_ELEM:
			/* [ref i s n] */
			ef_keep_slots(fc, h - 4, h);
			S("\t{ ");
			array_range(fc, x, "o_", h - 4, h - 3, h - 1);
			S(";\n\tuint32_t i_ = ");
			RD(VT_I32, h - 3);
			S(";\n\t");
			seg_args(fc, in, h - 2, h - 1);
			seg_copy(fc, in, "&o_->e[i_]", h - 2, h - 1);
			S("\t}\n");
			return;
		case OP_ARRAY_COPY:
			/* [dst di src si n]: memmove, as the ranges may overlap */
			ef_keep_slots(fc, h - 5, h);
			S("\t{ ");
			array_range(fc, x, "d_", h - 5, h - 4, h - 1);
			S(";\n\t");
			array_range(fc, in->b, "s_", h - 3, h - 2, h - 1);
			S(";\n\tmemmove(&d_->e[");
			RD(VT_I32, h - 4);
			S("], &s_->e[");
			RD(VT_I32, h - 2);
			S("], (size_t)");
			RD(VT_I32, h - 1);
			S(" * sizeof d_->e[0]); }\n");
			return;
		}
	}
	fail(fc->diag, in->offset, "unsupported: %s (%s)", GC, op_info[in->op].name);
}

/* ref.test and ref.cast of a funcref or exnref, of C type `top` (the
 * rows' shapes are anyrefs'). */
static void func_cast(FuncCx *fc, const Instr *in, uint32_t h, const char *test, ValType top)
{
	bool cast = in->op == OP_REF_CAST || in->op == OP_REF_CAST_NULL;
	const char *p;

	ef_keep_slots(fc, h - 1, h);
	S(cast ? "\tif (W2C_UNLIKELY(!(" : "\t");
	if (!cast) {
		WR(VT_I32, h - 1);
		S(" = (");
	}
	for (p = test; *p; p++) {
		if (*p == '$' && p[1] == '0') {
			p++;
			RD(top, h - 1);
		} else {
			buf_char(&fc->body, *p);
		}
	}
	S(cast ? "))) w2c_trap(W2C_TRAP_CAST);\n" : ");\n");
}

void gc_emit(FuncCx *fc, const Instr *in, uint32_t h, uint8_t top)
{
	Module *m = fc->m;
	ValType target = in->op == OP_BR_ON_CAST || in->op == OP_BR_ON_CAST_FAIL
	                 ? (ValType)in->value : in->single[0];
	Buf test = { 0 }, t = { 0 };

	switch (in->op) {
	case OP_REF_EQ: case OP_REF_I31: case OP_I31_GET_S: case OP_I31_GET_U:
	case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY:
		ef_template(fc, in, h, NULL);
		return;
	case OP_REF_TEST: case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL:
	case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL:
		if (!cast_test(m, target, &test))
			break;
		buf_char(&test, 0);
		if (in->op == OP_REF_TEST || in->op == OP_REF_TEST_NULL)
			buf_printf(&t, "(%s)", test.p);
		else if (in->op == OP_REF_CAST || in->op == OP_REF_CAST_NULL)
			buf_printf(&t, "w2c_cast_check($0, %s)", test.p);
		else
			buf_printf(&t, in->op == OP_BR_ON_CAST ? "%s" : "!(%s)", test.p);
		if (in->op == OP_BR_ON_CAST || in->op == OP_BR_ON_CAST_FAIL)
			ef_br_on(fc, in, h, h, t.p, top);
		else if (top == VT_FUNCREF || top == VT_EXNREF)
			func_cast(fc, in, h, test.p, top);
		else
			ef_template(fc, in, h, t.p);
		buf_free(&test);
		buf_free(&t);
		return;
	}
	buf_free(&test);
	if (in->op >= OP_STRUCT_NEW && in->op <= OP_ARRAY_INIT_ELEM && in->op != OP_ARRAY_LEN) {
		emit_object(fc, in, h);
		return;
	}
	if (in->op == OP_ARRAY_LEN) {
		ef_keep_slots(fc, h - 1, h);
		S("\t");
		WR(VT_I32, h - 1);
		S(" = w2c_gc_array_len(");
		RD(VT_ANYREF, h - 1);
		S(");\n");
		return;
	}
	fail(fc->diag, in->offset, "unsupported: %s (%s)", GC, op_info[in->op].name);
}
