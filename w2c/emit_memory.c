/*
 * emit_memory.c: the instructions on memories and tables, for
 * emit_func.c.
 *
 * A function keeps the base and size of each memory it uses in locals
 * m<i> and m<i>n, reloaded after calls and memory.grow (only they change
 * them); 2.0's single memory is m0.  Loads and stores go through w2c_gen.h
 * helpers taking base, size and address (a template's @).  A 64-bit memory
 * (memory64) or one of 1-byte pages (custom page sizes) is checked
 * explicitly whatever the bounds mode: no guard region covers a 64-bit
 * address or a 1-byte page's end.  A 64-bit table's indices (table64)
 * saturate to 32 bits, where the runtime's bounds checks fail as they
 * should.
 */
#include <string.h>

#include "func.h"
#include "w2c.h"

#define RD(t, h) slot(fc, (t), (h), SLOT_READ)
#define WR(t, h) slot(fc, (t), (h), SLOT_WRITE)
#define S(s) buf_str(&fc->body, (s))

/* ------------------------------------------------------------- memories */

/*
 * A function keeps at most MEM_CACHED_MAX memories in locals, the first
 * it names: every reload after a call costs a statement per memory, and a
 * module may have thousands.  Any others it reaches through the instance.
 */
#define MEM_CACHED_MAX 32

enum {
	MEM_NAMED = 1,   /* the body names it */
	MEM_CACHED = 2,  /* ... and keeps it in m<i>, m<i>n */
	MEM_USED = 4,    /* ... which are declared */
};

/* A module's own memory sits in the instance: one load nearer than
 * through the pointer an imported one needs. */
void memory_ref(FuncCx *fc, uint32_t i, Buf *b)
{
	buf_printf(b, i < fc->m->nimported_memories ? "inst->m%u" : "(&inst->mem%u)", i);
}

/* The base and the size of memory i, as the function reaches them. */
static void mem_base(FuncCx *fc, uint32_t i)
{
	if (fc->mem_state[i] & MEM_CACHED) {
		fc->mem_state[i] |= MEM_USED;
		buf_printf(&fc->body, "m%u", i);
		return;
	}
	memory_ref(fc, i, &fc->body);
	S("->data");
}

/* Another thread may grow a shared memory: its size is read with an
 * acquire load (w2c_atomic.h), the one ordered after that growth. */
static bool shared(const Module *m, uint32_t i)
{
	return m->memories[i].shared;
}

static void mem_size(FuncCx *fc, uint32_t i)
{
	if (fc->mem_state[i] & MEM_CACHED) {
		fc->mem_state[i] |= MEM_USED;
		buf_printf(&fc->body, "m%un", i);
		return;
	}
	if (shared(fc->m, i)) {
		S("w2c_shared_size(");
		memory_ref(fc, i, &fc->body);
		S(")");
		return;
	}
	memory_ref(fc, i, &fc->body);
	S("->size");
}

/* "BASE, SIZE, " of memory i. */
void mem_args(FuncCx *fc, uint32_t i)
{
	mem_base(fc, i);
	S(", ");
	mem_size(fc, i);
	S(", ");
}

bool mem_checked(const Module *m, uint32_t i)
{
	return m->memories[i].is64 || m->memories[i].page_log2 != 16 ||
	       m->memories[i].reserve_max;
}

/*
 * Small memories (docs/instances.md): a guarded memory reserves 8 GiB, so
 * that no access needs a check, and the address space holds only about
 * 16,000 of them.  A defined memory whose maximum is at most
 * W2C_SMALL_MEMORY_PAGES reserves only that, and its accesses are checked
 * instead, in both bounds modes.  Only code that knows this may access it:
 * so not one another module may import (an exported memory), unless
 * --small-memories says no such module relies on guard pages (the runtime
 * refuses to link one that does).
 *
 * --max-memory caps every defined memory's growth, exported or not: the
 * spec lets memory.grow fail, and the memory's type, what an importer
 * links against, stays as declared.  The cap is the maximum that decides
 * smallness: a module that declares none (as C compilers emit) is small
 * under a cap of at most 16 MiB.
 */
void mark_small_memories(Module *m, const Options *opt)
{
	uint32_t i;

	for (i = m->nimported_memories; i < m->nmemories; i++) {
		Limits *l = &m->memories[i];
		uint64_t cap = opt->max_memory >> l->page_log2, max = l->max;
		/* a cap at or past what an i32 address reaches is none */
		if (opt->has_max_memory && (l->has_max ? cap < l->max :
		                            l->is64 || cap < ((uint64_t)1 << (32 - l->page_log2)))) {
			l->capped = true;
			l->cap = max = cap;
		}
		l->reserve_max = !l->is64 && !l->shared && l->page_log2 == 16 &&
		                 (l->has_max || l->capped) && max <= W2C_SMALL_MEMORY_PAGES;
	}
	if (opt->small_memories)
		return;
	for (i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == EXT_MEMORY)
			m->memories[m->exports[i].index].reserve_max = false;
}

static bool mem64(const Module *m, uint32_t i)
{
	return m->memories[i].is64;
}

static uint8_t mem_at(const Module *m, uint32_t i)
{
	return m->memories[i].is64 ? VT_I64 : VT_I32;
}

static void name_memory(FuncCx *fc, uint32_t i)
{
	if (i >= fc->m->nmemories || (fc->mem_state[i] & MEM_NAMED))
		return;
	if (fc->nmem_list == fc->capmem_list) {
		fc->capmem_list = fc->capmem_list * 2 + 8;
		fc->mem_list = xrealloc(fc->mem_list, fc->capmem_list * sizeof *fc->mem_list);
	}
	fc->mem_state[i] = MEM_NAMED | (fc->nmem_list < MEM_CACHED_MAX ? MEM_CACHED : 0);
	fc->mem_list[fc->nmem_list++] = i;
}

/*
 * Which memories function fi names, in the order it first does: the
 * body is decoded once more for it when there are several (with one, it
 * is that one, as 2.0 had it, named or not).  A malformed body leaves the
 * error to the translation proper.
 */
void scan_memories(FuncCx *fc, uint32_t fi)
{
	Module *m = fc->m;
	Diag *d = fc->diag;
	jmp_buf outer;
	Instr in;
	uint32_t k;

	if (m->nmemories > fc->capmem) {
		fc->mem_state = xrealloc(fc->mem_state, m->nmemories);
		memset(fc->mem_state + fc->capmem, 0, m->nmemories - fc->capmem);
		fc->capmem = m->nmemories;
	}
	for (k = 0; k < fc->nmem_list; k++)
		fc->mem_state[fc->mem_list[k]] = 0;
	fc->nmem_list = 0;
	if (m->nmemories == 1) {
		name_memory(fc, 0);
		return;
	}
	memset(&in, 0, sizeof in);
	memcpy(outer, d->env, sizeof outer);
	if (!setjmp(d->env)) {
		open_body(fc, fi);
		while (!rd_done(&fc->r)) {
			uint8_t imm;
			decode_instr(fc, &in);
			imm = op_info[in.op].imm;
			if (imm == IMM_MEMARG || imm == IMM_MEMARG_LANE || imm == IMM_MEMORY ||
			    imm == IMM_MEMORY_COPY)
				name_memory(fc, in.a);
			if (imm == IMM_MEMORY_INIT || imm == IMM_MEMORY_COPY)
				name_memory(fc, in.b);
		}
	}
	memcpy(d->env, outer, sizeof outer);
}

/* After a call or memory.grow: the memories the function keeps. */
void reload_memory(FuncCx *fc)
{
	uint32_t k, i;

	for (k = 0; k < fc->nmem_list && k < MEM_CACHED_MAX; k++) {
		i = fc->mem_list[k];
		buf_printf(&fc->body, shared(fc->m, i) ? "\tW2C_RELOAD_SHARED(m%u, m%un, "
		                                       : "\tW2C_RELOAD(m%u, m%un, ", i, i);
		memory_ref(fc, i, &fc->body);
		S(");\n");
		fc->mem_state[i] |= MEM_USED;
	}
}

/* The function's locals for its memories, with `(void)inst;` between the
 * declarations and the uses that quiet unused-variable warnings. */
void emit_memory_locals(FuncCx *fc, Buf *out)
{
	uint32_t k, i;

	for (k = 0; k < fc->nmem_list; k++) {
		i = fc->mem_list[k];
		if (!(fc->mem_state[i] & MEM_USED))
			continue;
		buf_printf(out, "\tuint8_t *m%u = ", i);
		memory_ref(fc, i, out);
		buf_printf(out, "->data;\n\tuint64_t m%un = ", i);
		if (shared(fc->m, i)) {
			buf_str(out, "w2c_shared_size(");
			memory_ref(fc, i, out);
			buf_str(out, ");\n");
			continue;
		}
		memory_ref(fc, i, out);
		buf_str(out, "->size;\n");
	}
	buf_str(out, "\t(void)inst;\n");
	for (k = 0; k < fc->nmem_list; k++) {
		i = fc->mem_list[k];
		if (fc->mem_state[i] & MEM_USED)
			buf_printf(out, "\t(void)m%u;\n\t(void)m%un;\n", i, i);
	}
}

/* ------------------------------------------------------ loads and stores */

/*
 * The memory operands of a load or store (a template's @): base, size and
 * the address plus offset, in 64 bits so that it can't wrap.  A plain
 * scalar load or store of a guarded memory writes them as W2C_AT(base,
 * size, address, offset), which keeps the offset out of the address the
 * C compiler shares between accesses (w2c_gen.h, docs/loops.md).  An explicitly
 * checked memory (mem_checked) has its bounds checked by w2c_addr_check,
 * against the access's end, offset + width, and passes the size as
 * UINT64_MAX to the access, whose own check then folds away.
 */
void emit_address(FuncCx *fc, const Instr *in, uint32_t base)
{
	uint32_t i = in->a;
	uint64_t width = (uint64_t)1 << op_info[in->op].align;
	bool fast;

	if (mem_checked(fc->m, i)) {
		uint64_t end = in->value > UINT64_MAX - width ? UINT64_MAX : in->value + width;
		mem_base(fc, i);
		S(", UINT64_MAX, w2c_addr_check(");
		mem_size(fc, i);
		S(", ");
		RD(mem_at(fc->m, i), base);
		buf_printf(&fc->body, ", UINT64_C(%llu), UINT64_C(%llu))",
		           (unsigned long long)in->value, (unsigned long long)end);
		return;
	}
	fast = lp_address(fc, in);
	if (fast) {
		/* a versioned loop's fast copy: checked before the loop */
		mem_base(fc, i);
		S(", UINT64_MAX, ");
		lp_address_fast(fc, in);
	}
	if (!fast && in->op >= OP_I32_LOAD && in->op <= OP_I64_STORE32) {
		/* a plain load or store: base and offset apart (W2C_AT) */
		S("W2C_AT(");
		mem_args(fc, i);
		RD(VT_I32, base);
		S(", ");
		buf_u64(&fc->body, in->value);
		S("u)");
		return;
	}
	mem_args(fc, i);
	if (in->value) {
		S("(uint64_t)");
		RD(VT_I32, base);
		S(" + ");
		buf_u64(&fc->body, in->value);
		S("u");
	} else {
		RD(VT_I32, base);
	}
	if (fast)
		lp_address_end(&fc->body);
}

/* Memory i's size as the function reaches it (for loops.c). */
void emit_mem_size(FuncCx *fc, uint32_t i)
{
	mem_size(fc, i);
}

/* --------------------------------------------------- memory instructions */

/* The last arguments of a call, at heights h - n .. h - 1, of types t. */
static void args(FuncCx *fc, uint32_t h, uint32_t n, const uint8_t *t)
{
	uint32_t k;

	for (k = 0; k < n; k++) {
		if (k)
			S(", ");
		RD(t[k], h - n + k);
	}
	S(");\n");
}

/* memory.size, memory.grow, memory.fill, memory.copy, memory.init and
 * data.drop at operand height h. */
void emit_memory_instr(FuncCx *fc, const Instr *in, uint32_t h)
{
	Module *m = fc->m;
	Buf *b = &fc->body;
	uint8_t t[3];

	switch (in->op) {
	case OP_MEMORY_SIZE:
		S("\t");
		WR(mem_at(m, in->a), h);
		if (shared(m, in->a)) {
			buf_printf(b, mem64(m, in->a) ? " = w2c_shared_pages(inst->m%u);\n"
			                              : " = (uint32_t)w2c_shared_pages(inst->m%u);\n",
			           in->a);
			break;
		}
		buf_printf(b, mem64(m, in->a) ? " = inst->m%u->pages;\n"
		                              : " = (uint32_t)inst->m%u->pages;\n", in->a);
		break;
	case OP_MEMORY_GROW:
		S("\t");
		WR(mem_at(m, in->a), h - 1);
		buf_printf(b, mem64(m, in->a) ? " = w2c_memory_grow64(inst->m%u, "
		                              : " = w2c_memory_grow(inst->m%u, ", in->a);
		RD(mem_at(m, in->a), h - 1);
		S(");\n");
		reload_memory(fc);
		break;
	case OP_MEMORY_FILL:
		S(mem64(m, in->a) ? "\tw2c_memory_fill64(" : "\tw2c_memory_fill(");
		mem_args(fc, in->a);
		t[0] = t[2] = mem_at(m, in->a);
		t[1] = VT_I32;
		args(fc, h, 3, t);
		break;
	case OP_MEMORY_COPY:
		/* between a 32- and a 64-bit memory, each address of its own
		 * memory's type and a 32-bit length */
		S(mem64(m, in->a) || mem64(m, in->b) ? "\tw2c_memory_copy64(" : "\tw2c_memory_copy(");
		mem_args(fc, in->a);
		mem_args(fc, in->b);
		t[0] = mem_at(m, in->a);
		t[1] = mem_at(m, in->b);
		t[2] = mem64(m, in->a) && mem64(m, in->b) ? VT_I64 : VT_I32;
		args(fc, h, 3, t);
		break;
	case OP_MEMORY_INIT:
		S(mem64(m, in->b) ? "\tw2c_memory_init_seg64(" : "\tw2c_memory_init_seg(");
		mem_args(fc, in->b);
		/* an active segment is dropped, so empty, by now */
		if (m->datas && in->a < m->ndatas && m->datas[in->a].len &&
		    m->datas[in->a].mode == SEG_PASSIVE) {
			emit_seg_name(fc->opt, "data", in->a, b);
			buf_printf(b, ", inst->data_dropped[%u] ? 0 : %uu, ", in->a,
			           m->datas[in->a].len);
		} else
			S("NULL, 0, ");
		t[0] = mem_at(m, in->b);
		t[1] = t[2] = VT_I32;
		args(fc, h, 3, t);
		break;
	case OP_DATA_DROP:
		buf_printf(b, "\tinst->data_dropped[%u] = 1;\n", in->a);
		break;
	}
}

/* ---------------------------------------------------- table instructions */

static bool tab64(const Module *m, uint32_t i)
{
	return m->tables[i].lim.is64;
}

/* An index operand of table t at slot h, as a uint32_t: a 64-bit one
 * saturates (tables hold far fewer than 2^32 - 1 elements, so the
 * bounds check still fails). */
void rd_tidx(FuncCx *fc, uint32_t t, uint32_t h)
{
	if (!tab64(fc->m, t)) {
		RD(VT_I32, h);
		return;
	}
	S("w2c_idx64(");
	RD(VT_I64, h);
	S(")");
}

static const char *elem_kind(const Module *m, uint32_t t)
{
	return vt_rep(m->tables[t].elem) == VT_FUNCREF ? "func" : "extern";
}

/* table.get, .set, .size, .grow, .fill, .copy, .init and elem.drop at
 * operand height h. */
void emit_table_instr(FuncCx *fc, const Instr *in, uint32_t h)
{
	Module *m = fc->m;
	Buf *b = &fc->body;
	uint8_t t = in->a < m->ntables ? vt_rep(m->tables[in->a].elem) : 0;
	bool wide = in->a < m->ntables && tab64(m, in->a);

	switch (in->op) {
	case OP_TABLE_GET:
		S("\t");
		WR(t, h - 1);
		buf_printf(b, " = w2c_table_get_%s(inst->t%u, ", elem_kind(m, in->a), in->a);
		rd_tidx(fc, in->a, h - 1);
		S(");\n");
		break;
	case OP_TABLE_SET:
		buf_printf(b, "\tw2c_table_set_%s(inst->t%u, ", elem_kind(m, in->a), in->a);
		rd_tidx(fc, in->a, h - 2);
		S(", ");
		RD(t, h - 1);
		S(");\n");
		break;
	case OP_TABLE_SIZE:
		S("\t");
		WR(wide ? VT_I64 : VT_I32, h);
		buf_printf(b, wide ? " = (uint64_t)inst->t%u->size;\n" : " = inst->t%u->size;\n",
		           in->a);
		break;
	case OP_TABLE_GROW:
		S("\t");
		WR(wide ? VT_I64 : VT_I32, h - 2);
		buf_printf(b, wide ? " = w2c_grow_result64(w2c_table_grow(inst->t%u, "
		                   : " = w2c_table_grow(inst->t%u, ", in->a);
		rd_tidx(fc, in->a, h - 1);
		if (t == VT_FUNCREF) {
			S(", &");
			RD(t, h - 2);
			S(", NULL)");
		} else {
			S(", NULL, ");
			RD(t, h - 2);
			S(")");
		}
		S(wide ? ");\n" : ";\n");
		break;
	case OP_TABLE_FILL:
		buf_printf(b, "\tw2c_table_fill_%s(inst->t%u, ", elem_kind(m, in->a), in->a);
		rd_tidx(fc, in->a, h - 3);
		S(", ");
		RD(t, h - 2);
		S(", ");
		rd_tidx(fc, in->a, h - 1);
		S(");\n");
		break;
	case OP_TABLE_COPY:
		buf_printf(b, "\tw2c_table_copy(inst->t%u, inst->t%u, ", in->a, in->b);
		rd_tidx(fc, in->a, h - 3);
		S(", ");
		rd_tidx(fc, in->b, h - 2);
		S(", ");
		/* the length is 64-bit only between 64-bit tables */
		rd_tidx(fc, tab64(m, in->a) ? in->b : in->a, h - 1);
		S(");\n");
		break;
	case OP_TABLE_INIT:
		buf_printf(b, "\tw2c_rt_table_init(&inst->hdr, inst->t%u, ", in->b);
		if (m->elems[in->a].count) {
			emit_seg_name(fc->opt, "elem", in->a, b);
			buf_printf(b, ", inst->elem_dropped[%u] ? 0 : %uu, ", in->a,
			           m->elems[in->a].count);
		} else
			S("NULL, 0, ");
		rd_tidx(fc, in->b, h - 3);
		S(", ");
		RD(VT_I32, h - 2);
		S(", ");
		RD(VT_I32, h - 1);
		S(");\n");
		break;
	case OP_ELEM_DROP:
		buf_printf(b, "\tinst->elem_dropped[%u] = 1;\n", in->a);
		break;
	}
}
