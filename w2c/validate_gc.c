/*
 * validate_gc.c: decoding and typing GC's instructions: ref.eq and the
 * 0xfb ones (structs, arrays, i31, casts, the extern/any conversions).
 *
 * Apart from validate.c so that GC's rules sit together; validate.c
 * dispatches here for the rows of opcodes.def's GC section.  The rules
 * are the 3.0 spec's, section 3.4.
 */
#include "func.h"

/*
 * The immediates:
 *   struct.get x y, array.new_fixed x n, array.copy x y, ...  two u32
 *   ref.test ht, ref.cast ht  (the null variant is another opcode)
 *   br_on_cast flags:u8 l ht1 ht2  (flags bit 0: ht1 nullable, bit 1: ht2)
 * br_on_cast keeps its two reference types in single[0] and value.
 */
void decode_gc(FuncCx *fc, Instr *in)
{
	Reader *r = &fc->r;
	Module *m = fc->m;
	size_t at = rd_offset(r);
	uint8_t flags;

	switch (op_info[in->op].imm) {
	case IMM_INDEX2:
		in->a = rd_u32(r);
		in->b = rd_u32(r);
		break;
	case IMM_HEAPTYPE:
		in->single[0] = vt_ref(in->op == OP_REF_TEST_NULL || in->op == OP_REF_CAST_NULL,
		                       read_heaptype(m, r, m->ntypes));
		break;
	case IMM_BR_ON_CAST:
		flags = rd_u8(r);
		if (flags > 3)
			fail(fc->diag, at, "malformed br_on_cast flags");
		in->a = rd_u32(r);
		in->single[0] = vt_ref(flags & 1, read_heaptype(m, r, m->ntypes));
		in->value = vt_ref(flags & 2, read_heaptype(m, r, m->ntypes));
		break;
	}
}

static const FuncType *need_kind(FuncCx *fc, size_t at, uint32_t x, uint8_t kind)
{
	const FuncType *t;

	if (x >= fc->m->ntypes)
		fail(fc->diag, at, "unknown type %u", x);
	t = &fc->m->types[x];
	if (t->kind != kind)
		fail(fc->diag, at, "type mismatch: type %u is not %s type", x,
		     kind == COMP_STRUCT ? "a struct" : kind == COMP_ARRAY ? "an array" : "a function");
	return t;
}

static const Field *need_field(FuncCx *fc, size_t at, uint32_t x, uint32_t y)
{
	const FuncType *t = need_kind(fc, at, x, COMP_STRUCT);

	if (y >= t->nfields)
		fail(fc->diag, at, "unknown field %u", y);
	return &t->fields[y];
}

static bool packed(ValType t)
{
	return t == VT_I8 || t == VT_I16;
}

/* A field's value on the operand stack: packed ones are i32. */
static ValType unpacked(ValType t)
{
	return packed(t) ? VT_I32 : t;
}

/* struct.get and array.get read unpacked fields, the _s/_u forms packed
 * ones. */
static void check_get(FuncCx *fc, size_t at, const Field *f, bool signed_or_unsigned)
{
	if (packed(f->type) != signed_or_unsigned)
		fail(fc->diag, at, signed_or_unsigned ? "type mismatch: field is not packed"
		                                      : "type mismatch: field is packed");
}

static void need_mut(FuncCx *fc, size_t at, const Field *f, bool array)
{
	if (!f->mut)
		fail(fc->diag, at, array ? "immutable array" : "immutable field");
}

/* array.new_data and array.init_data: elements of a number or vector
 * type, copied from the segment's bytes. */
static void need_numeric(FuncCx *fc, size_t at, const Field *f)
{
	if (is_reftype(f->type))
		fail(fc->diag, at, "array type is not numeric or vector");
}

static void need_data(FuncCx *fc, size_t at, uint32_t i)
{
	if (!fc->m->has_datacount)
		fail(fc->diag, at, "data count section required");
	if (i >= fc->m->datacount)
		fail(fc->diag, at, "unknown data segment %u", i);
}

/* The element segment's type must fit the array's elements. */
static void need_elem_into(FuncCx *fc, size_t at, uint32_t y, const Field *f)
{
	if (y >= fc->m->nelems)
		fail(fc->diag, at, "unknown elem segment %u", y);
	if (!vt_sub(fc->m, fc->m->elems[y].type, f->type))
		fail(fc->diag, at, "type mismatch: elem segment of %s into an array of %s",
		     valtype_name(fc->m->elems[y].type), valtype_name(f->type));
}

/* A reference operand of any type below `top`'s hierarchy; its type. */
static ValType pop_in(FuncCx *fc, size_t at, uint32_t top)
{
	ValType t = v_pop(fc, VT_UNKNOWN);

	if (t && (!is_reftype(t) || heap_top(fc->m, vt_heap(t)) != top))
		v_mismatch(fc, at, vt_ref(true, top), t);
	return t;
}

/* rt1 \ rt2: what a value of rt1 that isn't an rt2 still is (non-null
 * when rt2 takes the nulls). */
static ValType ref_diff(ValType rt1, ValType rt2)
{
	return vt_nullable(rt2) ? vt_ref(false, vt_heap(rt1)) : rt1;
}

/* br_on_cast l rt1 rt2: [t* rt1] -> [t* rt1\rt2], the label taking
 * [t* rt2]; br_on_cast_fail the other way round. */
static void check_br_on_cast(FuncCx *fc, const Instr *in)
{
	Module *m = fc->m;
	size_t at = in->offset;
	ValType rt1 = in->single[0], rt2 = (ValType)in->value;
	ValType to_label = in->op == OP_BR_ON_CAST ? rt2 : ref_diff(rt1, rt2);
	ValType stays = in->op == OP_BR_ON_CAST ? ref_diff(rt1, rt2) : rt2;
	const Ctrl *c = v_label(fc, in->a, at);
	uint32_t n = v_label_arity(c), i;
	const ValType *lt = v_label_types(c);

	if (!vt_sub(m, rt2, rt1))
		fail(fc->diag, at, "type mismatch: %s is not a subtype of %s", valtype_name(rt2),
		     valtype_name(rt1));
	if (!n)
		fail(fc->diag, at, "type mismatch: %s to a label without values", op_info[in->op].name);
	if (!vt_sub(m, to_label, lt[n - 1]))
		v_mismatch(fc, at, lt[n - 1], to_label);
	v_pop(fc, rt1);
	for (i = n - 1; i-- > 0;)
		v_pop(fc, lt[i]);
	for (i = 0; i + 1 < n; i++)
		v_push(fc, lt[i]);
	v_push(fc, stays);
}

void validate_gc(FuncCx *fc, Instr *in)
{
	Module *m = fc->m;
	size_t at = in->offset;
	const FuncType *t;
	const Field *f;
	ValType v;
	uint32_t i;

	switch (in->op) {
	case OP_REF_EQ:
		v_pop(fc, VT_EQREF);
		v_pop(fc, VT_EQREF);
		v_push(fc, VT_I32);
		break;
	case OP_STRUCT_NEW:
		t = need_kind(fc, at, in->a, COMP_STRUCT);
		for (i = t->nfields; i-- > 0;)
			v_pop(fc, unpacked(t->fields[i].type));
		v_push(fc, vt_ref(false, HT_INDEX + in->a));
		break;
	case OP_STRUCT_NEW_DEFAULT:
		t = need_kind(fc, at, in->a, COMP_STRUCT);
		for (i = 0; i < t->nfields; i++)
			if (!vt_defaultable(t->fields[i].type))
				fail(fc->diag, at, "type mismatch: field %u has no default value", i);
		v_push(fc, vt_ref(false, HT_INDEX + in->a));
		break;
	case OP_STRUCT_GET: case OP_STRUCT_GET_S: case OP_STRUCT_GET_U:
		f = need_field(fc, at, in->a, in->b);
		check_get(fc, at, f, in->op != OP_STRUCT_GET);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		v_push(fc, unpacked(f->type));
		break;
	case OP_STRUCT_SET:
		f = need_field(fc, at, in->a, in->b);
		need_mut(fc, at, f, false);
		v_pop(fc, unpacked(f->type));
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		break;
	case OP_ARRAY_NEW: case OP_ARRAY_NEW_DEFAULT:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		v_pop(fc, VT_I32);
		if (in->op == OP_ARRAY_NEW)
			v_pop(fc, unpacked(t->fields[0].type));
		else if (!vt_defaultable(t->fields[0].type))
			fail(fc->diag, at, "type mismatch: array elements have no default value");
		v_push(fc, vt_ref(false, HT_INDEX + in->a));
		break;
	case OP_ARRAY_NEW_FIXED:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		if (in->b > LIMIT_ARRAY_FIXED)
			fail(fc->diag, at, "array.new_fixed of too many values (limit %u)",
			     LIMIT_ARRAY_FIXED);
		for (i = 0; i < in->b; i++)
			v_pop(fc, unpacked(t->fields[0].type));
		v_push(fc, vt_ref(false, HT_INDEX + in->a));
		break;
	case OP_ARRAY_NEW_DATA: case OP_ARRAY_NEW_ELEM:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		if (in->op == OP_ARRAY_NEW_DATA) {
			need_numeric(fc, at, &t->fields[0]);
			need_data(fc, at, in->b);
		} else {
			need_elem_into(fc, at, in->b, &t->fields[0]);
		}
		v_pop(fc, VT_I32);
		v_pop(fc, VT_I32);
		v_push(fc, vt_ref(false, HT_INDEX + in->a));
		break;
	case OP_ARRAY_GET: case OP_ARRAY_GET_S: case OP_ARRAY_GET_U:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		check_get(fc, at, &t->fields[0], in->op != OP_ARRAY_GET);
		v_pop(fc, VT_I32);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		v_push(fc, unpacked(t->fields[0].type));
		break;
	case OP_ARRAY_SET:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		need_mut(fc, at, &t->fields[0], true);
		v_pop(fc, unpacked(t->fields[0].type));
		v_pop(fc, VT_I32);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		break;
	case OP_ARRAY_LEN:
		v_pop(fc, VT_ARRAYREF);
		v_push(fc, VT_I32);
		break;
	case OP_ARRAY_FILL:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		need_mut(fc, at, &t->fields[0], true);
		v_pop(fc, VT_I32);
		v_pop(fc, unpacked(t->fields[0].type));
		v_pop(fc, VT_I32);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		break;
	case OP_ARRAY_COPY: {
		const FuncType *src;
		const Field *d, *s;
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		src = need_kind(fc, at, in->b, COMP_ARRAY);
		d = &t->fields[0];
		s = &src->fields[0];
		need_mut(fc, at, d, true);
		if (packed(d->type) || packed(s->type) ? d->type != s->type
		                                       : !vt_sub(m, s->type, d->type))
			fail(fc->diag, at, "array types do not match");
		v_pop(fc, VT_I32);
		v_pop(fc, VT_I32);
		v_pop(fc, vt_ref(true, HT_INDEX + in->b));
		v_pop(fc, VT_I32);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		break;
	}
	case OP_ARRAY_INIT_DATA: case OP_ARRAY_INIT_ELEM:
		t = need_kind(fc, at, in->a, COMP_ARRAY);
		need_mut(fc, at, &t->fields[0], true);
		if (in->op == OP_ARRAY_INIT_DATA) {
			need_numeric(fc, at, &t->fields[0]);
			need_data(fc, at, in->b);
		} else {
			need_elem_into(fc, at, in->b, &t->fields[0]);
		}
		v_pop(fc, VT_I32);
		v_pop(fc, VT_I32);
		v_pop(fc, VT_I32);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		break;
	case OP_REF_TEST: case OP_REF_TEST_NULL:
	case OP_REF_CAST: case OP_REF_CAST_NULL:
		/* the operand may be any reference of the target's hierarchy */
		pop_in(fc, at, heap_top(m, vt_heap(in->single[0])));
		v_push(fc, in->op == OP_REF_TEST || in->op == OP_REF_TEST_NULL ? VT_I32
		                                                               : in->single[0]);
		break;
	case OP_BR_ON_CAST: case OP_BR_ON_CAST_FAIL:
		check_br_on_cast(fc, in);
		break;
	case OP_ANY_CONVERT_EXTERN:
		v = pop_in(fc, at, HT_EXTERN);
		v_push(fc, vt_ref(!v || vt_nullable(v), HT_ANY));
		break;
	case OP_EXTERN_CONVERT_ANY:
		v = pop_in(fc, at, HT_ANY);
		v_push(fc, vt_ref(!v || vt_nullable(v), HT_EXTERN));
		break;
	case OP_REF_I31:
		v_pop(fc, VT_I32);
		v_push(fc, vt_ref(false, HT_I31));
		break;
	case OP_I31_GET_S: case OP_I31_GET_U:
		v_pop(fc, VT_I31REF);
		v_push(fc, VT_I32);
		break;
	}
}

/* Pops a constant expression's operand of type `want`. */
static void const_pop(Module *m, size_t at, const ValType *types, uint32_t *n, ValType want)
{
	if (!*n)
		fail(m->diag, at, "type mismatch: expected %s, but the stack is empty",
		     valtype_name(want));
	if (!vt_sub(m, types[*n - 1], want))
		fail(m->diag, at, "type mismatch: expected %s, got %s", valtype_name(want),
		     valtype_name(types[*n - 1]));
	--*n;
}

static const FuncType *const_kind(Module *m, size_t at, uint32_t x, uint8_t kind)
{
	if (x >= m->ntypes)
		fail(m->diag, at, "unknown type %u", x);
	if (m->types[x].kind != kind)
		fail(m->diag, at, "type mismatch: type %u is not %s type", x,
		     kind == COMP_STRUCT ? "a struct" : "an array");
	return &m->types[x];
}

/*
 * The constant GC instructions: struct.new(_default), array.new(_default),
 * array.new_fixed, ref.i31, any.convert_extern, extern.convert_any.
 */
ValType gc_const_op(Module *m, Reader *r, size_t at, const ValType *types, uint32_t *n)
{
	uint32_t sub = rd_u32(r), x, k, len;
	const FuncType *t;
	ValType v;

	switch (sub) {
	case 0: case 1: /* struct.new, struct.new_default */
		x = rd_u32(r);
		t = const_kind(m, at, x, COMP_STRUCT);
		for (k = t->nfields; k-- > 0;) {
			if (sub == 0)
				const_pop(m, at, types, n, unpacked(t->fields[k].type));
			else if (!vt_defaultable(t->fields[k].type))
				fail(m->diag, at, "type mismatch: field %u has no default value", k);
		}
		return vt_ref(false, HT_INDEX + x);
	case 6: case 7: /* array.new, array.new_default */
		x = rd_u32(r);
		t = const_kind(m, at, x, COMP_ARRAY);
		const_pop(m, at, types, n, VT_I32);
		if (sub == 6)
			const_pop(m, at, types, n, unpacked(t->fields[0].type));
		else if (!vt_defaultable(t->fields[0].type))
			fail(m->diag, at, "type mismatch: array elements have no default value");
		return vt_ref(false, HT_INDEX + x);
	case 8: /* array.new_fixed */
		x = rd_u32(r);
		len = rd_u32(r);
		t = const_kind(m, at, x, COMP_ARRAY);
		if (len > LIMIT_ARRAY_FIXED)
			fail(m->diag, at, "array.new_fixed of too many values (limit %u)",
			     LIMIT_ARRAY_FIXED);
		for (k = 0; k < len; k++)
			const_pop(m, at, types, n, unpacked(t->fields[0].type));
		return vt_ref(false, HT_INDEX + x);
	case 28: /* ref.i31 */
		const_pop(m, at, types, n, VT_I32);
		return vt_ref(false, HT_I31);
	case 26: case 27: /* any.convert_extern, extern.convert_any */
		const_pop(m, at, types, n, sub == 26 ? VT_EXTERNREF : VT_ANYREF);
		v = types[*n];
		return vt_ref(vt_nullable(v), sub == 26 ? HT_ANY : HT_EXTERN);
	default:
		fail(m->diag, at, "constant expression required");
	}
}
