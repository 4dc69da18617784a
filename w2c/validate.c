/*
 * validate.c: decoding and typing instructions.
 *
 * The algorithm is the one in the spec's validation appendix: an operand
 * stack of value types and a control stack of frames, each remembering the
 * operand height at its start and whether the rest of it is unreachable
 * (where the stack is polymorphic and pops yield VT_UNKNOWN).
 */
#include <string.h>

#include "func.h"

const OpInfo op_info[OP_COUNT] = {
#define OP(id, prefix, code, name, imm, sig, tmpl, arg) { name, imm, sig, tmpl, arg },
#include "opcodes.def"
#undef OP
};

OpShape op_shape[OP_COUNT];

/* Opcode bytes to OP_ ids; 0xffff where there is none.  The 0xfd codes
 * run to relaxed SIMD's last, 0x113; the 0xfe (threads) ones to 0x4e. */
#define FD_CODES 0x114
#define FE_CODES 0x4f
static uint16_t one_byte[256], fb_ops[32], fc_ops[32], fd_ops[FD_CODES], fe_ops[FE_CODES];
static bool tables_ready;

static void init_tables(void)
{
	int i;

	for (i = 0; i < 256; i++)
		one_byte[i] = 0xffff;
	for (i = 0; i < 32; i++)
		fb_ops[i] = fc_ops[i] = 0xffff;
	for (i = 0; i < FD_CODES; i++)
		fd_ops[i] = 0xffff;
	for (i = 0; i < FE_CODES; i++)
		fe_ops[i] = 0xffff;
#define OP(id, prefix, code, name, imm, sig, tmpl, arg)                      \
	if (prefix == 0xfd) fd_ops[code] = OP_##id;                          \
	else if (prefix == 0xfe) fe_ops[code] = OP_##id;                     \
	else if (prefix == 0xfb) fb_ops[code] = OP_##id;                     \
	else if (prefix) fc_ops[code] = OP_##id;                             \
	else one_byte[code] = OP_##id;
#include "opcodes.def"
#undef OP
	for (i = 0; i < OP_COUNT; i++) {
		const char *sig = op_info[i].sig, *colon = sig ? strchr(sig, ':') : NULL;
		OpShape *s = &op_shape[i];
		if (!colon)
			continue;
		for (s->nargs = 0; sig + s->nargs < colon; s->nargs++)
			s->args[s->nargs] = letter_type(sig[s->nargs]);
		s->result = colon[1] ? letter_type(colon[1]) : 0;
		s->load = colon[1] && op_info[i].tmpl && strchr(op_info[i].tmpl, '@');
		s->store = !colon[1] && op_info[i].tmpl && strchr(op_info[i].tmpl, '@');
	}
	tables_ready = true;
}

/* --------------------------------------------------------------- stacks */

void v_mismatch(FuncCx *fc, size_t at, ValType expect, ValType got)
{
	if (got == 0xff)
		fail(fc->diag, at, "type mismatch: expected %s, but the stack is empty",
		     valtype_name(expect));
	fail(fc->diag, at, "type mismatch: expected %s, got %s", valtype_name(expect),
	     valtype_name(got));
}

void v_push(FuncCx *fc, ValType t)
{
	if (fc->nvals >= LIMIT_STACK)
		fail(fc->diag, rd_offset(&fc->r), "operand stack too deep (limit %u)",
		     LIMIT_STACK);
	if (fc->nvals == fc->capvals) {
		fc->capvals = fc->capvals ? fc->capvals * 2 : 64;
		fc->vals = xrealloc(fc->vals, fc->capvals * sizeof *fc->vals);
	}
	fc->vals[fc->nvals++] = t;
}

static ValType pop_any(FuncCx *fc, ValType expect)
{
	Ctrl *c = &fc->ctrls[fc->nctrls - 1];

	if (fc->nvals == c->height) {
		if (c->unreachable)
			return VT_UNKNOWN;
		v_mismatch(fc, rd_offset(&fc->r), expect, 0xff);
	}
	return fc->vals[--fc->nvals];
}

ValType v_pop(FuncCx *fc, ValType expect)
{
	ValType t = pop_any(fc, expect);

	if (t != expect && t != VT_UNKNOWN && expect != VT_UNKNOWN &&
	    !vt_sub(fc->m, t, expect))
		v_mismatch(fc, rd_offset(&fc->r), expect, t);
	return t;
}

void v_push_ctrl(FuncCx *fc, uint16_t op, uint32_t np, const ValType *params,
                 uint32_t nr, const ValType *results)
{
	Ctrl *c, *parent = fc->nctrls ? &fc->ctrls[fc->nctrls - 1] : NULL;
	uint32_t i;

	if (fc->nctrls >= LIMIT_NESTING)
		fail(fc->diag, rd_offset(&fc->r), "blocks nested too deeply (limit %u)",
		     LIMIT_NESTING);
	if (fc->nctrls == fc->capctrls) {
		fc->capctrls = fc->capctrls ? fc->capctrls * 2 : 16;
		fc->ctrls = xrealloc(fc->ctrls, fc->capctrls * sizeof *fc->ctrls);
		parent = fc->nctrls ? &fc->ctrls[fc->nctrls - 1] : NULL;
	}
	c = &fc->ctrls[fc->nctrls++];
	memset(c, 0, sizeof *c);
	c->op = op;
	c->nparams = np;
	c->params = params;
	c->nresults = nr;
	c->results = results;
	c->height = fc->nvals;
	c->dead = parent && (parent->dead || parent->unreachable);
	c->label = fc->nlabels++;
	c->inits = fc->ninits;
	c->loops = (parent ? parent->loops : 0) + (op == OP_LOOP);
	for (i = 0; i < np; i++)
		v_push(fc, params[i]);
}

Ctrl *v_pop_ctrl(FuncCx *fc)
{
	Ctrl *c = &fc->ctrls[fc->nctrls - 1];
	uint32_t i;

	for (i = c->nresults; i-- > 0;)
		v_pop(fc, c->results[i]);
	if (fc->nvals != c->height)
		fail(fc->diag, rd_offset(&fc->r),
		     "type mismatch: %u values left on the stack at the end of a block",
		     fc->nvals - c->height);
	/* locals set inside the block are unset again after it */
	while (fc->ninits > c->inits)
		fc->local_init[fc->inits[--fc->ninits]] = 0;
	fc->nctrls--;
	return c; /* valid until the next push */
}

void v_unreachable(FuncCx *fc)
{
	Ctrl *c = &fc->ctrls[fc->nctrls - 1];

	fc->nvals = c->height;
	c->unreachable = true;
}

Ctrl *v_label(FuncCx *fc, uint32_t depth, size_t at)
{
	if (depth >= fc->nctrls)
		fail(fc->diag, at, "unknown label %u", depth);
	return &fc->ctrls[fc->nctrls - 1 - depth];
}

uint32_t v_label_arity(const Ctrl *c)
{
	return c->op == OP_LOOP ? c->nparams : c->nresults;
}

const ValType *v_label_types(const Ctrl *c)
{
	return c->op == OP_LOOP ? c->params : c->results;
}

/* Pops the label's types and pushes back what was popped. */
static void check_label_operands(FuncCx *fc, const Ctrl *c)
{
	uint32_t n = v_label_arity(c), i;
	const ValType *t = v_label_types(c);
	ValType popped[LIMIT_RESULTS + 1];

	for (i = n; i-- > 0;)
		popped[i] = v_pop(fc, t[i]);
	for (i = 0; i < n; i++)
		v_push(fc, popped[i]);
}

/* ------------------------------------------------------------ decoding */

uint8_t letter_type(char c)
{
	switch (c) {
	case 'i': return VT_I32;
	case 'j': return VT_I64;
	case 'f': return VT_F32;
	case 'd': return VT_F64;
	case 'v': return VT_V128;
	case 'r': return VT_FUNCREF;
	case 'x': return VT_EXTERNREF;
	default: return VT_UNKNOWN;
	}
}

static void need_memory(FuncCx *fc, size_t at, uint32_t i)
{
	if (i >= fc->m->nmemories)
		fail(fc->diag, at, "unknown memory %u", i);
}

static void need_table(FuncCx *fc, size_t at, uint32_t i)
{
	if (i >= fc->m->ntables)
		fail(fc->diag, at, "unknown table %u", i);
}

/* The type of addresses into memory i and of indices into table i: i64
 * for a 64-bit one. */
static ValType mem_at(FuncCx *fc, uint32_t i)
{
	return fc->m->memories[i].is64 ? VT_I64 : VT_I32;
}

static ValType tab_at(FuncCx *fc, uint32_t i)
{
	return fc->m->tables[i].lim.is64 ? VT_I64 : VT_I32;
}

/* A memory index where 2.0 had a zero byte (multi-memory).  2.0 rejected
 * a long encoding of zero, which says nothing in 3.0: still rejected. */
static uint32_t memory_index(FuncCx *fc)
{
	size_t at = rd_offset(&fc->r);
	uint32_t i = rd_u32(&fc->r);

	if (i == 0 && rd_offset(&fc->r) - at > 1)
		fail(fc->diag, at, "zero byte expected");
	return i;
}

/*
 * memarg ::= a:u32 o:u32 | a:u32 x:memidx o:u32
 * Bit 6 of the alignment says a memory index follows (multi-memory); the
 * offset is a u64 for a 64-bit memory (memory64).  in->a is the memory.
 */
static void read_memarg(FuncCx *fc, Instr *in)
{
	Reader *r = &fc->r;
	size_t at = rd_offset(r);
	uint32_t flags = rd_u32(r);

	in->a = 0;
	if (flags & 0x40) {
		in->a = rd_u32(r);
		flags &= ~0x40u;
	}
	if (flags >= 32)
		fail(fc->diag, at, "malformed memop flags");
	in->align = flags;
	if (in->a < fc->m->nmemories && fc->m->memories[in->a].is64)
		in->value = rd_u64(r);
	else
		in->value = rd_u32(r);
}

/* One-value block types point here: frames outlive the instruction.
 * (A typed reference is in the module's arena.) */
static ValType single_types[256];

/* blocktype ::= 0x40 | t:valtype | x:s33 */
static void read_blocktype(FuncCx *fc, Instr *in)
{
	Reader *r = &fc->r;
	size_t at = rd_offset(r);
	uint8_t b;
	int64_t x;

	in->nparams = in->nresults = 0;
	in->params = in->results = NULL;
	if (r->p < r->end) {
		b = *r->p;
		if (b == 0x40) {
			r->p++;
			return;
		}
		if (is_valtype(b)) {
			r->p++;
			single_types[b] = b;
			in->nresults = 1;
			in->results = &single_types[b];
			return;
		}
		if (b == VT_REF || b == VT_REF_NULL) {
			ValType *t = arena_alloc(&fc->m->arena, sizeof *t);
			*t = read_valtype(fc->m, r, fc->m->ntypes, true);
			in->nresults = 1;
			in->results = t;
			return;
		}
	}
	x = rd_s33(r);
	if (x < 0) /* one byte: a value type w2c lacks */
		fail_type(fc->diag, at, (uint8_t)(x & 0x7f), "value");
	if ((uint64_t)x >= fc->m->ntypes)
		fail(fc->diag, at, "unknown type %lld", (long long)x);
	in->nparams = fc->m->types[x].nparams;
	in->params = fc->m->types[x].params;
	in->nresults = fc->m->types[x].nresults;
	in->results = fc->m->types[x].results;
}

void decode_instr(FuncCx *fc, Instr *in)
{
	Reader *r = &fc->r;
	size_t at = rd_offset(r);
	uint8_t b = rd_u8(r);
	uint16_t op;
	uint32_t i, n;

	if (!tables_ready)
		init_tables();
	in->offset = at;
	if (b == 0xfb || b == 0xfc || b == 0xfd || b == 0xfe) {
		uint32_t sub = rd_u32(r);
		op = b == 0xfb ? (sub < 32 ? fb_ops[sub] : 0xffff)
		   : b == 0xfc ? (sub < 32 ? fc_ops[sub] : 0xffff)
		   : b == 0xfd ? (sub < FD_CODES ? fd_ops[sub] : 0xffff)
		               : (sub < FE_CODES ? fe_ops[sub] : 0xffff);
		if (op == 0xffff)
			fail_opcode(fc->diag, at, b, true, sub);
	} else {
		op = one_byte[b];
		if (op == 0xffff)
			fail_opcode(fc->diag, at, b, false, 0);
	}
	in->op = op;
	switch (op_info[op].imm) {
	case IMM_NONE:
		break;
	case IMM_BLOCK:
		read_blocktype(fc, in);
		break;
	case IMM_LABEL:
	case IMM_FUNC:
	case IMM_INDEX:
		in->a = rd_u32(r);
		break;
	case IMM_BR_TABLE:
		n = rd_count(r, 1);
		if (n > LIMIT_BR_TABLE)
			fail(fc->diag, at, "br_table too large (limit %u)", LIMIT_BR_TABLE);
		if (n + 1 > fc->caplabels) {
			fc->caplabels = n + 1;
			fc->labels = xrealloc(fc->labels, fc->caplabels * sizeof *fc->labels);
		}
		for (i = 0; i <= n; i++)
			fc->labels[i] = rd_u32(r);
		in->a = n;
		in->labels = fc->labels;
		break;
	case IMM_CALL_INDIRECT:
		in->a = rd_u32(r); /* type */
		in->b = rd_u32(r); /* table */
		break;
	case IMM_SELECT_T:
		n = rd_u32(r);
		if (n != 1)
			fail(fc->diag, at, "invalid result arity");
		in->single[0] = read_valtype(fc->m, r, fc->m->ntypes, false);
		break;
	case IMM_MEMARG:
		read_memarg(fc, in);
		break;
	case IMM_MEMORY:
		in->a = memory_index(fc);
		break;
	case IMM_I32:
		in->value = (uint32_t)rd_s32(r);
		break;
	case IMM_I64:
		in->value = (uint64_t)rd_s64(r);
		break;
	case IMM_F32:
		in->value = rd_f32(r);
		break;
	case IMM_F64:
		in->value = rd_f64(r);
		break;
	case IMM_REFTYPE:
		in->single[0] = vt_ref(true, read_heaptype(fc->m, r, fc->m->ntypes));
		break;
	case IMM_MEMORY_INIT:
		in->a = rd_u32(r); /* data segment */
		in->b = memory_index(fc);
		break;
	case IMM_MEMORY_COPY:
		in->a = memory_index(fc); /* destination */
		in->b = memory_index(fc); /* source */
		break;
	case IMM_TABLE_INIT:
		in->a = rd_u32(r); /* element segment */
		in->b = rd_u32(r); /* table */
		break;
	case IMM_TABLE_COPY:
		in->a = rd_u32(r); /* destination */
		in->b = rd_u32(r); /* source */
		break;
	case IMM_MEMARG_LANE:
		read_memarg(fc, in);
		in->lane = rd_u8(r);
		break;
	case IMM_LANE:
		in->lane = rd_u8(r);
		break;
	case IMM_FENCE: /* atomic.fence 0x00: an ordering, only one so far */
		if (rd_u8(r) != 0)
			fail(fc->diag, at, "malformed fence ordering");
		break;
	case IMM_V128:
	case IMM_SHUFFLE:
		memcpy(in->bytes, rd_bytes(r, 16), 16);
		break;
	case IMM_INDEX2: case IMM_HEAPTYPE: case IMM_BR_ON_CAST:
		decode_gc(fc, in);
		break;
	case IMM_TRY_TABLE:
		/* try_table bt vec(catch), catch ::= 0x00 x l | 0x01 x l
		 * (catch_ref) | 0x02 l (catch_all) | 0x03 l (catch_all_ref) */
		read_blocktype(fc, in);
		n = rd_count(r, 2);
		in->a = fc->nclauses;
		in->b = n;
		for (i = 0; i < n; i++) {
			size_t cat = rd_offset(r);
			Clause c;
			c.kind = rd_u8(r);
			if (c.kind > CATCH_ALL_REF)
				fail(fc->diag, cat, "malformed catch clause");
			c.tag = c.kind < CATCH_ALL ? rd_u32(r) : 0;
			c.label = rd_u32(r);
			if (fc->nclauses == fc->capclauses) {
				fc->capclauses = fc->capclauses * 2 + 16;
				fc->clauses = xrealloc(fc->clauses,
				                       fc->capclauses * sizeof *fc->clauses);
			}
			fc->clauses[fc->nclauses++] = c;
		}
		break;
	}
}

/* ------------------------------------------------------------ validation */

static void simple(FuncCx *fc, const Instr *in)
{
	const OpShape *s = &op_shape[in->op];
	int i;

	for (i = s->nargs; i-- > 0;)
		v_pop(fc, s->args[i]);
	if (s->result)
		v_push(fc, s->result);
}

static const Global *need_global(FuncCx *fc, size_t at, uint32_t i)
{
	if (i >= fc->m->nglobals)
		fail(fc->diag, at, "unknown global %u", i);
	return &fc->m->globals[i];
}

static ValType need_local(FuncCx *fc, size_t at, uint32_t i)
{
	if (i >= fc->nlocals)
		fail(fc->diag, at, "unknown local %u", i);
	return fc->locals[i];
}

/*
 * A local of a type without default value (a non-nullable reference) must
 * be set before it is read.  local.set and local.tee set it until the end
 * of the innermost block: fc->inits lists the locals set, each frame
 * remembers how many were set before it.
 */
static void set_local(FuncCx *fc, uint32_t i)
{
	if (fc->local_init[i])
		return;
	fc->local_init[i] = 1;
	if (fc->ninits == fc->capinits) {
		fc->capinits = fc->capinits * 2 + 16;
		fc->inits = xrealloc(fc->inits, fc->capinits * sizeof *fc->inits);
	}
	fc->inits[fc->ninits++] = i;
}

/* The operand of a reference instruction: a reference type, or the
 * bottom type in unreachable code. */
static ValType pop_ref(FuncCx *fc, size_t at)
{
	ValType t = pop_any(fc, VT_FUNCREF);

	if (t && !is_reftype(t))
		fail(fc->diag, at, "type mismatch: expected a reference, got %s",
		     valtype_name(t));
	return t;
}

static const FuncType *need_type(FuncCx *fc, size_t at, uint32_t i)
{
	if (i >= fc->m->ntypes)
		fail(fc->diag, at, "unknown type %u", i);
	return &fc->m->types[i];
}

static void need_data(FuncCx *fc, size_t at, uint32_t i)
{
	if (!fc->m->has_datacount)
		fail(fc->diag, at, "data count section required");
	if (i >= fc->m->datacount)
		fail(fc->diag, at, "unknown data segment %u", i);
}

static const ElemSeg *need_elem(FuncCx *fc, size_t at, uint32_t i)
{
	if (i >= fc->m->nelems)
		fail(fc->diag, at, "unknown elem segment %u", i);
	return &fc->m->elems[i];
}

static void pop_call_args(FuncCx *fc, const FuncType *t)
{
	uint32_t i;

	for (i = t->nparams; i-- > 0;)
		v_pop(fc, t->params[i]);
	for (i = 0; i < t->nresults; i++)
		v_push(fc, t->results[i]);
}

/* A tail call returns the callee's results as the caller's own: they must
 * be the same types.  What follows is unreachable, as after return. */
static void pop_tail_call_args(FuncCx *fc, size_t at, const FuncType *t)
{
	uint32_t i;

	if (t->nresults != fc->type->nresults)
		fail(fc->diag, at, "type mismatch: the callee's results differ from the function's");
	for (i = 0; i < t->nresults; i++)
		if (!vt_sub(fc->m, t->results[i], fc->type->results[i]))
			fail(fc->diag, at,
			     "type mismatch: the callee's results differ from the function's");
	for (i = t->nparams; i-- > 0;)
		v_pop(fc, t->params[i]);
	v_unreachable(fc);
}

/* ------------------------------------------------------------ exceptions */

static const FuncType *need_tag(FuncCx *fc, size_t at, uint32_t x)
{
	if (x >= fc->m->ntags)
		fail(fc->diag, at, "unknown tag %u", x);
	return &fc->m->types[fc->m->tags[x]];
}

/* A catch clause's label takes the payload, then the exnref if `ref`. */
static void check_clause(FuncCx *fc, size_t at, const Clause *cl)
{
	const Ctrl *c = v_label(fc, cl->label, at);
	const ValType *lt = v_label_types(c);
	uint32_t n = 0, k;
	const ValType *pt = NULL;
	bool ref = cl->kind == CATCH_REF || cl->kind == CATCH_ALL_REF;

	if (cl->kind == CATCH_TAG || cl->kind == CATCH_REF) {
		const FuncType *t = need_tag(fc, at, cl->tag);
		n = t->nparams;
		pt = t->params;
	}
	if (v_label_arity(c) != n + ref)
		fail(fc->diag, at, "type mismatch: catch label takes %u values, not %u",
		     v_label_arity(c), n + ref);
	for (k = 0; k < n; k++)
		if (!vt_sub(fc->m, pt[k], lt[k]))
			v_mismatch(fc, at, lt[k], pt[k]);
	/* the exception comes as a (ref exn) */
	if (ref && !vt_sub(fc->m, vt_ref(false, HT_EXN), lt[n]))
		v_mismatch(fc, at, lt[n], vt_ref(false, HT_EXN));
}

/* catch and catch_all: a new arm of the try, like else, whose operand
 * stack starts with the payload. */
static void begin_catch(FuncCx *fc, const Instr *in, uint32_t np, const ValType *params)
{
	Ctrl *c = &fc->ctrls[fc->nctrls - 1];
	Ctrl saved = *c;

	v_pop_ctrl(fc);
	v_push_ctrl(fc, in->op, np, params, saved.nresults, saved.results);
	c = &fc->ctrls[fc->nctrls - 1];
	fc->nlabels--; /* keep the try's label */
	c->label = saved.label;
	c->label_used = saved.label_used;
	c->dead = saved.dead;
	c->ncatch = saved.ncatch + 1;
	c->rethrown = saved.rethrown;
}

/* try_table, throw, throw_ref and the legacy try, catch, catch_all,
 * rethrow and delegate (emitted by emit_exn.c). */
static void validate_exn(FuncCx *fc, Instr *in)
{
	size_t at = in->offset;
	Ctrl *c = &fc->ctrls[fc->nctrls - 1];
	const FuncType *t;
	uint32_t i;

	switch (in->op) {
	case OP_TRY_TABLE:
		for (i = 0; i < in->b; i++)
			check_clause(fc, at, &fc->clauses[in->a + i]);
		/* fall through */
	case OP_TRY:
		for (i = in->nparams; i-- > 0;)
			v_pop(fc, in->params[i]);
		v_push_ctrl(fc, in->op, in->nparams, in->params, in->nresults, in->results);
		c = &fc->ctrls[fc->nctrls - 1];
		c->clauses = in->a;
		c->nclauses = in->op == OP_TRY_TABLE ? in->b : 0;
		break;
	case OP_CATCH:
		t = need_tag(fc, at, in->a);
		if (c->op != OP_TRY && c->op != OP_CATCH)
			fail(fc->diag, at, "catch without a matching try");
		begin_catch(fc, in, t->nparams, t->params);
		break;
	case OP_CATCH_ALL:
		if (c->op != OP_TRY && c->op != OP_CATCH)
			fail(fc->diag, at, "catch_all without a matching try");
		begin_catch(fc, in, 0, NULL);
		break;
	case OP_DELEGATE:
		if (c->op != OP_TRY)
			fail(fc->diag, at, "delegate without a matching try");
		c = v_pop_ctrl(fc);
		v_label(fc, in->a, at);
		for (i = 0; i < c->nresults; i++)
			v_push(fc, c->results[i]);
		break;
	case OP_THROW:
		t = need_tag(fc, at, in->a);
		for (i = t->nparams; i-- > 0;)
			v_pop(fc, t->params[i]);
		v_unreachable(fc);
		break;
	case OP_THROW_REF:
		v_pop(fc, VT_EXNREF);
		v_unreachable(fc);
		break;
	case OP_RETHROW:
		c = v_label(fc, in->a, at);
		if (c->op != OP_CATCH && c->op != OP_CATCH_ALL)
			fail(fc->diag, at, "invalid rethrow label");
		v_unreachable(fc);
		break;
	}
}

void validate_instr(FuncCx *fc, Instr *in)
{
	Module *m = fc->m;
	size_t at = in->offset;
	const OpInfo *info = &op_info[in->op];
	ValType t, u;
	uint32_t i, n;

	switch (in->op) {
	case OP_UNREACHABLE:
		v_unreachable(fc);
		break;
	case OP_BLOCK:
	case OP_LOOP:
	case OP_IF:
		if (in->op == OP_IF)
			v_pop(fc, VT_I32);
		for (i = in->nparams; i-- > 0;)
			v_pop(fc, in->params[i]);
		v_push_ctrl(fc, in->op, in->nparams, in->params, in->nresults, in->results);
		break;
	case OP_ELSE: {
		Ctrl *c = &fc->ctrls[fc->nctrls - 1];
		Ctrl saved;
		if (c->op != OP_IF || c->has_else)
			fail(fc->diag, at, "else without matching if");
		saved = *c;
		v_pop_ctrl(fc);
		v_push_ctrl(fc, OP_IF, saved.nparams, saved.params, saved.nresults,
		            saved.results);
		c = &fc->ctrls[fc->nctrls - 1];
		fc->nlabels--; /* keep the if's label */
		c->label = saved.label;
		c->label_used = saved.label_used;
		c->dead = saved.dead;
		c->has_else = true;
		break;
	}
	case OP_END: {
		Ctrl *c = &fc->ctrls[fc->nctrls - 1];
		/* An if without else must map its params to its results. */
		if (c->op == OP_IF && !c->has_else) {
			if (c->nparams != c->nresults)
				fail(fc->diag, at,
				     "type mismatch: if without else must not change the stack");
			for (i = 0; i < c->nparams; i++)
				if (!vt_sub(m, c->params[i], c->results[i]))
					fail(fc->diag, at,
					     "type mismatch: if without else must not change the stack");
		}
		v_pop_ctrl(fc);
		for (i = 0; i < c->nresults; i++)
			v_push(fc, c->results[i]);
		break;
	}
	case OP_BR: {
		Ctrl *c = v_label(fc, in->a, at);
		for (i = v_label_arity(c); i-- > 0;)
			v_pop(fc, v_label_types(c)[i]);
		v_unreachable(fc);
		break;
	}
	case OP_BR_IF: {
		/* unlike br_table's, br_if's operands leave with the label's
		 * types, not the popped ones */
		Ctrl *c;
		v_pop(fc, VT_I32);
		c = v_label(fc, in->a, at);
		for (i = v_label_arity(c); i-- > 0;)
			v_pop(fc, v_label_types(c)[i]);
		for (i = 0; i < v_label_arity(c); i++)
			v_push(fc, v_label_types(c)[i]);
		break;
	}
	case OP_BR_TABLE: {
		Ctrl *def;
		v_pop(fc, VT_I32);
		def = v_label(fc, in->labels[in->a], at);
		n = v_label_arity(def);
		for (i = 0; i < in->a; i++) {
			Ctrl *c = v_label(fc, in->labels[i], at);
			if (v_label_arity(c) != n)
				fail(fc->diag, at, "type mismatch: br_table targets differ in arity");
			check_label_operands(fc, c);
		}
		for (i = n; i-- > 0;)
			v_pop(fc, v_label_types(def)[i]);
		v_unreachable(fc);
		break;
	}
	case OP_RETURN:
		for (i = fc->type->nresults; i-- > 0;)
			v_pop(fc, fc->type->results[i]);
		v_unreachable(fc);
		break;
	case OP_CALL:
		if (in->a >= m->nfuncs)
			fail(fc->diag, at, "unknown function %u", in->a);
		pop_call_args(fc, &m->types[m->funcs[in->a].type]);
		break;
	case OP_CALL_INDIRECT:
		need_table(fc, at, in->b);
		if (!vt_sub(m, m->tables[in->b].elem, VT_FUNCREF))
			fail(fc->diag, at, "type mismatch: call_indirect on a table of %s",
			     valtype_name(m->tables[in->b].elem));
		if (in->a >= m->ntypes)
			fail(fc->diag, at, "unknown type %u", in->a);
		v_pop(fc, tab_at(fc, in->b));
		pop_call_args(fc, &m->types[in->a]);
		break;
	case OP_RETURN_CALL:
		if (in->a >= m->nfuncs)
			fail(fc->diag, at, "unknown function %u", in->a);
		pop_tail_call_args(fc, at, &m->types[m->funcs[in->a].type]);
		break;
	case OP_RETURN_CALL_INDIRECT:
		need_table(fc, at, in->b);
		if (!vt_sub(m, m->tables[in->b].elem, VT_FUNCREF))
			fail(fc->diag, at, "type mismatch: return_call_indirect on a table of %s",
			     valtype_name(m->tables[in->b].elem));
		if (in->a >= m->ntypes)
			fail(fc->diag, at, "unknown type %u", in->a);
		v_pop(fc, tab_at(fc, in->b));
		pop_tail_call_args(fc, at, &m->types[in->a]);
		break;
	case OP_CALL_REF:
	case OP_RETURN_CALL_REF: {
		/* [t1* (ref null $t)] -> [t2*] */
		const FuncType *ft = need_type(fc, at, in->a);
		v_pop(fc, vt_ref(true, HT_INDEX + in->a));
		if (in->op == OP_CALL_REF)
			pop_call_args(fc, ft);
		else
			pop_tail_call_args(fc, at, ft);
		break;
	}
	case OP_REF_AS_NON_NULL:
		t = pop_ref(fc, at);
		v_push(fc, t ? vt_ref(false, vt_heap(t)) : VT_UNKNOWN);
		break;
	case OP_BR_ON_NULL: {
		/* [t* (ref null ht)] -> [t* (ref ht)], to the label with t* */
		Ctrl *c;
		t = pop_ref(fc, at);
		c = v_label(fc, in->a, at);
		for (i = v_label_arity(c); i-- > 0;)
			v_pop(fc, v_label_types(c)[i]);
		for (i = 0; i < v_label_arity(c); i++)
			v_push(fc, v_label_types(c)[i]);
		v_push(fc, t ? vt_ref(false, vt_heap(t)) : VT_UNKNOWN);
		break;
	}
	case OP_BR_ON_NON_NULL: {
		/* [t* (ref null ht)] -> [t*], to the label with t* (ref ht) */
		Ctrl *c = v_label(fc, in->a, at);
		uint32_t n = v_label_arity(c);
		const ValType *lt = v_label_types(c);
		if (!n)
			fail(fc->diag, at, "type mismatch: br_on_non_null to a label without values");
		t = pop_ref(fc, at);
		if (t && !vt_sub(m, vt_ref(false, vt_heap(t)), lt[n - 1]))
			v_mismatch(fc, at, lt[n - 1], vt_ref(false, vt_heap(t)));
		for (i = n - 1; i-- > 0;)
			v_pop(fc, lt[i]);
		for (i = 0; i + 1 < n; i++)
			v_push(fc, lt[i]);
		break;
	}
	case OP_DROP:
		pop_any(fc, VT_UNKNOWN);
		break;
	case OP_SELECT:
		v_pop(fc, VT_I32);
		t = pop_any(fc, VT_I32);
		u = pop_any(fc, t ? t : VT_I32);
		if ((t && !(t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 ||
		            t == VT_V128)) ||
		    (u && !(u == VT_I32 || u == VT_I64 || u == VT_F32 || u == VT_F64 ||
		            u == VT_V128)))
			fail(fc->diag, at, "type mismatch: select needs a type for references");
		if (t && u && t != u)
			v_mismatch(fc, at, u, t);
		v_push(fc, t ? t : u);
		break;
	case OP_SELECT_T:
		v_pop(fc, VT_I32);
		v_pop(fc, in->single[0]);
		v_pop(fc, in->single[0]);
		v_push(fc, in->single[0]);
		break;
	case OP_LOCAL_GET:
		t = need_local(fc, at, in->a);
		if (!fc->local_init[in->a])
			fail(fc->diag, at, "uninitialized local %u", in->a);
		v_push(fc, t);
		break;
	case OP_LOCAL_SET:
		v_pop(fc, need_local(fc, at, in->a));
		set_local(fc, in->a);
		break;
	case OP_LOCAL_TEE:
		t = need_local(fc, at, in->a);
		v_pop(fc, t);
		v_push(fc, t);
		set_local(fc, in->a);
		break;
	case OP_GLOBAL_GET:
		v_push(fc, need_global(fc, at, in->a)->type);
		break;
	case OP_GLOBAL_SET: {
		const Global *g = need_global(fc, at, in->a);
		if (!g->mut)
			fail(fc->diag, at, "global is immutable");
		v_pop(fc, g->type);
		break;
	}
	case OP_TABLE_GET:
		need_table(fc, at, in->a);
		v_pop(fc, tab_at(fc, in->a));
		v_push(fc, m->tables[in->a].elem);
		break;
	case OP_TABLE_SET:
		need_table(fc, at, in->a);
		v_pop(fc, m->tables[in->a].elem);
		v_pop(fc, tab_at(fc, in->a));
		break;
	case OP_MEMORY_SIZE:
		need_memory(fc, at, in->a);
		v_push(fc, mem_at(fc, in->a));
		break;
	case OP_MEMORY_GROW:
		need_memory(fc, at, in->a);
		v_pop(fc, mem_at(fc, in->a));
		v_push(fc, mem_at(fc, in->a));
		break;
	case OP_REF_NULL:
		v_push(fc, in->single[0]);
		break;
	case OP_REF_IS_NULL:
		pop_ref(fc, at);
		v_push(fc, VT_I32);
		break;
	case OP_REF_FUNC:
		if (in->a >= m->nfuncs)
			fail(fc->diag, at, "unknown function %u", in->a);
		if (!m->declared[in->a])
			fail(fc->diag, at, "undeclared function reference");
		v_push(fc, vt_ref(false, HT_INDEX + m->funcs[in->a].type));
		break;
	case OP_MEMORY_INIT:
		need_memory(fc, at, in->b);
		need_data(fc, at, in->a);
		v_pop(fc, VT_I32);
		v_pop(fc, VT_I32);
		v_pop(fc, mem_at(fc, in->b));
		break;
	case OP_DATA_DROP:
		need_data(fc, at, in->a);
		break;
	case OP_MEMORY_COPY:
		/* the length is 64-bit only between 64-bit memories */
		need_memory(fc, at, in->a);
		need_memory(fc, at, in->b);
		v_pop(fc, mem_at(fc, in->a) == VT_I64 && mem_at(fc, in->b) == VT_I64 ? VT_I64
		                                                                     : VT_I32);
		v_pop(fc, mem_at(fc, in->b));
		v_pop(fc, mem_at(fc, in->a));
		break;
	case OP_MEMORY_FILL:
		need_memory(fc, at, in->a);
		v_pop(fc, mem_at(fc, in->a));
		v_pop(fc, VT_I32);
		v_pop(fc, mem_at(fc, in->a));
		break;
	case OP_TABLE_INIT: {
		const ElemSeg *s;
		need_table(fc, at, in->b);
		s = need_elem(fc, at, in->a);
		if (!vt_sub(m, s->type, m->tables[in->b].elem))
			fail(fc->diag, at, "type mismatch: table.init of %s into a table of %s",
			     valtype_name(s->type), valtype_name(m->tables[in->b].elem));
		v_pop(fc, VT_I32);
		v_pop(fc, VT_I32);
		v_pop(fc, tab_at(fc, in->b));
		break;
	}
	case OP_ELEM_DROP:
		need_elem(fc, at, in->a);
		break;
	case OP_TRY_TABLE: case OP_TRY: case OP_CATCH: case OP_CATCH_ALL:
	case OP_DELEGATE: case OP_THROW: case OP_THROW_REF: case OP_RETHROW:
		validate_exn(fc, in);
		break;
	case OP_TABLE_COPY:
		need_table(fc, at, in->a);
		need_table(fc, at, in->b);
		if (!vt_sub(m, m->tables[in->b].elem, m->tables[in->a].elem))
			fail(fc->diag, at, "type mismatch: table.copy between %s and %s tables",
			     valtype_name(m->tables[in->a].elem),
			     valtype_name(m->tables[in->b].elem));
		v_pop(fc, tab_at(fc, in->a) == VT_I64 && tab_at(fc, in->b) == VT_I64 ? VT_I64
		                                                                   : VT_I32);
		v_pop(fc, tab_at(fc, in->b));
		v_pop(fc, tab_at(fc, in->a));
		break;
	case OP_TABLE_GROW:
		need_table(fc, at, in->a);
		v_pop(fc, tab_at(fc, in->a));
		v_pop(fc, m->tables[in->a].elem);
		v_push(fc, tab_at(fc, in->a));
		break;
	case OP_TABLE_SIZE:
		need_table(fc, at, in->a);
		v_push(fc, tab_at(fc, in->a));
		break;
	case OP_TABLE_FILL:
		need_table(fc, at, in->a);
		v_pop(fc, tab_at(fc, in->a));
		v_pop(fc, m->tables[in->a].elem);
		v_pop(fc, tab_at(fc, in->a));
		break;
	case OP_REF_EQ: case OP_STRUCT_NEW: case OP_STRUCT_NEW_DEFAULT: case OP_STRUCT_GET:
	case OP_STRUCT_GET_S: case OP_STRUCT_GET_U: case OP_STRUCT_SET: case OP_ARRAY_NEW:
	case OP_ARRAY_NEW_DEFAULT: case OP_ARRAY_NEW_FIXED: case OP_ARRAY_NEW_DATA:
	case OP_ARRAY_NEW_ELEM: case OP_ARRAY_GET: case OP_ARRAY_GET_S: case OP_ARRAY_GET_U:
	case OP_ARRAY_SET: case OP_ARRAY_LEN: case OP_ARRAY_FILL: case OP_ARRAY_COPY:
	case OP_ARRAY_INIT_DATA: case OP_ARRAY_INIT_ELEM: case OP_REF_TEST:
	case OP_REF_TEST_NULL: case OP_REF_CAST: case OP_REF_CAST_NULL: case OP_BR_ON_CAST:
	case OP_BR_ON_CAST_FAIL: case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY:
	case OP_REF_I31: case OP_I31_GET_S: case OP_I31_GET_U:
		validate_gc(fc, in);
		break;
	case OP_I64_ADD128:
	case OP_I64_SUB128:
		v_pop(fc, VT_I64);
		v_pop(fc, VT_I64);
		/* fall through */
	case OP_I64_MUL_WIDE_S:
	case OP_I64_MUL_WIDE_U:
		v_pop(fc, VT_I64);
		v_pop(fc, VT_I64);
		v_push(fc, VT_I64);
		v_push(fc, VT_I64);
		break;
	default:
		if (info->imm == IMM_MEMARG || info->imm == IMM_MEMARG_LANE) {
			need_memory(fc, at, in->a);
			if (op_atomic(in->op) && in->align != info->align)
				fail(fc->diag, at, "atomic alignment must be natural");
			if (in->align > info->align)
				fail(fc->diag, at, "alignment must not be larger than natural");
		}
		/* lane bounds: the immediate's, or 16 bytes over the access */
		if ((info->imm == IMM_LANE && in->lane >= info->align) ||
		    (info->imm == IMM_MEMARG_LANE && in->lane >= 16u >> info->align))
			fail(fc->diag, at, "invalid lane index");
		if (info->imm == IMM_SHUFFLE)
			for (i = 0; i < 16; i++)
				if (in->bytes[i] >= 32)
					fail(fc->diag, at, "invalid lane index");
		if ((info->imm == IMM_MEMARG || info->imm == IMM_MEMARG_LANE) &&
		    mem_at(fc, in->a) == VT_I64) {
			/* the address, operand 0, is an i64 */
			const OpShape *sh = &op_shape[in->op];
			for (i = sh->nargs; i-- > 1;)
				v_pop(fc, sh->args[i]);
			v_pop(fc, VT_I64);
			if (sh->result)
				v_push(fc, sh->result);
			break;
		}
		simple(fc, in);
		break;
	}
}

/* ------------------------------------------------------ constant exprs */

/*
 * expr ::= instr* 0x0b, where each instr is constant: t.const, ref.null,
 * ref.func, v128.const, global.get of an immutable global (3.0: any
 * earlier one, imported or defined; `nglobals` says how many are
 * visible), or, with extended constants, i32/i64 add, sub and mul.
 *
 * Typed with a small operand stack; i32 and i64 values are folded as
 * they go, until a global.get of an imported global makes one unknown.
 */
size_t const_expr(Module *m, size_t offset, ValType type, uint32_t nglobals,
                  ConstExpr *out)
{
	Reader r;
	size_t at;
	uint8_t op;
	ValType got = 0;
	ValType types[LIMIT_CONST_STACK];
	uint64_t vals[LIMIT_CONST_STACK];
	bool known[LIMIT_CONST_STACK];
	uint32_t n = 0, ninstr = 0;
	bool gcop = false;

	r.base = m->bytes;
	r.p = m->bytes + offset;
	r.end = r.file_end = m->bytes + m->size;
	r.diag = m->diag;
	out->op = 0;
	out->value = 0;
	for (;;) {
		bool k = true;
		uint64_t v = 0, imm = UINT64_MAX;
		at = rd_offset(&r);
		op = rd_u8(&r);
		if (op == 0x0b)
			break;
		switch (op) {
		case 0x41: v = (uint32_t)rd_s32(&r); got = VT_I32; break;
		case 0x42: v = (uint64_t)rd_s64(&r); got = VT_I64; break;
		case 0x43: v = rd_f32(&r); got = VT_F32; break;
		case 0x44: v = rd_f64(&r); got = VT_F64; break;
		case 0xd0:
			got = vt_ref(true, read_heaptype(m, &r, m->ntypes));
			break;
		case 0xfd:
			if (rd_u32(&r) != 0x0c) /* v128.const, the only constant */
				fail(m->diag, at, "constant expression required");
			memcpy(out->v128, rd_bytes(&r, 16), 16);
			got = VT_V128;
			break;
		case 0xfb:
			got = gc_const_op(m, &r, at, types, &n);
			gcop = true;
			/* ref.i31 of a known i32: its value, as the reference's bits */
			k = got == vt_ref(false, HT_I31) && known[n];
			v = k ? (vals[n] & 0x7fffffffu) << 1 | 1 : 0;
			break;
		case 0xd2:
			v = rd_u32(&r);
			if (v >= m->nfuncs)
				fail(m->diag, at, "unknown function %u", (uint32_t)v);
			got = vt_ref(false, HT_INDEX + m->funcs[v].type);
			break;
		case 0x23: {
			const Global *g;
			imm = rd_u32(&r);
			if (imm >= nglobals)
				fail(m->diag, at, "unknown global %u", (uint32_t)imm);
			g = &m->globals[imm];
			if (g->mut)
				fail(m->diag, at, "constant expression required");
			got = g->type;
			k = g->known;
			v = g->value;
			break;
		}
		case 0x6a: case 0x6b: case 0x6c: /* i32.add, sub, mul */
		case 0x7c: case 0x7d: case 0x7e: /* i64.add, sub, mul */ {
			ValType t = op < 0x70 ? VT_I32 : VT_I64;
			uint64_t a, b;
			uint32_t i;
			for (i = 0; i < 2; i++) {
				if (!n)
					fail(m->diag, at, "type mismatch: expected %s, but the stack is empty",
					     valtype_name(t));
				if (types[n - 1] != t)
					fail(m->diag, at, "type mismatch: expected %s, got %s",
					     valtype_name(t), valtype_name(types[n - 1]));
				n--;
			}
			a = vals[n];
			b = vals[n + 1];
			k = known[n] && known[n + 1];
			v = op == 0x6a || op == 0x7c ? a + b : op == 0x6b || op == 0x7d ? a - b : a * b;
			if (t == VT_I32)
				v = (uint32_t)v;
			got = t;
			break;
		}
		default:
			/* a valid instruction, but not a constant one */
			fail(m->diag, at, "constant expression required");
		}
		if (n == LIMIT_CONST_STACK)
			fail(m->diag, at, "constant expression too deep (limit %u)",
			     LIMIT_CONST_STACK);
		types[n] = got;
		vals[n] = v;
		known[n++] = k;
		if (!ninstr++) {
			out->op = op;
			out->value = imm != UINT64_MAX ? imm : v;
		}
	}
	if (!n)
		fail(m->diag, at, "type mismatch: empty constant expression");
	if (n > 1) {
		/* the reference interpreter calls this "type mismatch" */
		fail(m->diag, at, "type mismatch: constant expression with extra values");
	}
	out->type = types[0];
	if (!vt_sub(m, types[0], type))
		fail(m->diag, at, "type mismatch: expected %s, got %s", valtype_name(type),
		     valtype_name(types[0]));
	/* what's known of i32 and i64 folds; the rest is one instruction */
	if (known[0] && (types[0] == VT_I32 || types[0] == VT_I64) && (ninstr > 1 || out->op == 0x23)) {
		out->op = types[0] == VT_I32 ? 0x41 : 0x42;
		out->value = vals[0];
	} else if (known[0] && types[0] == vt_ref(false, HT_I31)) {
		out->op = CONST_I31;
		out->value = vals[0];
	} else if (ninstr > 1 || gcop) {
		out->op = CONST_OPS; /* GC's: the emitter reads them again */
	}
	return rd_offset(&r);
}

Reader elem_items(Module *m, const ElemSeg *s)
{
	Reader r;

	r.base = m->bytes;
	r.p = m->bytes + s->items;
	r.end = r.file_end = m->bytes + m->size;
	r.diag = m->diag;
	return r;
}

void elem_item(Module *m, const ElemSeg *s, Reader *r, ConstExpr *e)
{
	if (s->exprs) {
		r->p = m->bytes + const_expr(m, rd_offset(r), s->type, m->nglobals, e);
	} else {
		e->op = 0xd2;
		e->value = rd_u32(r);
	}
}
