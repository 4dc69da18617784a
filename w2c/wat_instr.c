/*
 * wat_instr.c: instructions, flat and folded, into a function body.
 *
 *   instr  ::= plain | block | folded
 *   block  ::= 'block' label bt instr* 'end' id?  |  'loop' ...
 *            | 'if' label bt instr* ('else' id? instr*)? 'end' id?
 *            | 'try_table' label bt catch* instr* 'end' id?
 *            | 'try' label bt instr* ('catch' x instr*)* ('catch_all' instr*)?
 *              ('end' id? | 'delegate' l)                          (legacy)
 *   folded ::= '(' plain folded* ')' | '(' 'block' label bt instr* ')'
 *            | '(' 'if' label bt folded* '(' 'then' instr* ')'
 *                  ('(' 'else' instr* ')')? ')' | ...
 *
 * Mnemonics come from opcodes.def; the GC (0xfb) and atomic (0xfe)
 * families have tables of their own below, until opcodes.def has their
 * rows (a mnemonic found in opcodes.def wins).
 */
#include <stdlib.h>

#include "func.h"
#include "wat.h"

/* immediates of the two families kept here */
enum { G_NONE = 1000, G_TYPE, G_TYPE_FIELD, G_TYPE_N, G_TYPE_DATA, G_TYPE_ELEM, G_TYPE_TYPE,
       G_REFTEST, G_BRCAST, A_MEMARG, A_FENCE };

typedef struct TextOp {
	const char *name;
	uint8_t prefix;
	uint32_t code;
	int imm;
	int align;
} TextOp;

static const TextOp def_ops[] = {
#define OP(id, prefix, code, mn, imm, sig, tmpl, arg) { mn, prefix, code, imm, arg },
#include "opcodes.def"
#undef OP
};

/* GC instructions (prefix 0xfb), and ref.eq */
static const TextOp gc_ops[] = {
	{ "ref.eq", 0, 0xd3, IMM_NONE, 0 },
	{ "struct.new", 0xfb, 0, G_TYPE, 0 },
	{ "struct.new_default", 0xfb, 1, G_TYPE, 0 },
	{ "struct.get", 0xfb, 2, G_TYPE_FIELD, 0 },
	{ "struct.get_s", 0xfb, 3, G_TYPE_FIELD, 0 },
	{ "struct.get_u", 0xfb, 4, G_TYPE_FIELD, 0 },
	{ "struct.set", 0xfb, 5, G_TYPE_FIELD, 0 },
	{ "array.new", 0xfb, 6, G_TYPE, 0 },
	{ "array.new_default", 0xfb, 7, G_TYPE, 0 },
	{ "array.new_fixed", 0xfb, 8, G_TYPE_N, 0 },
	{ "array.new_data", 0xfb, 9, G_TYPE_DATA, 0 },
	{ "array.new_elem", 0xfb, 10, G_TYPE_ELEM, 0 },
	{ "array.get", 0xfb, 11, G_TYPE, 0 },
	{ "array.get_s", 0xfb, 12, G_TYPE, 0 },
	{ "array.get_u", 0xfb, 13, G_TYPE, 0 },
	{ "array.set", 0xfb, 14, G_TYPE, 0 },
	{ "array.len", 0xfb, 15, G_NONE, 0 },
	{ "array.fill", 0xfb, 16, G_TYPE, 0 },
	{ "array.copy", 0xfb, 17, G_TYPE_TYPE, 0 },
	{ "array.init_data", 0xfb, 18, G_TYPE_DATA, 0 },
	{ "array.init_elem", 0xfb, 19, G_TYPE_ELEM, 0 },
	{ "ref.test", 0xfb, 20, G_REFTEST, 0 },
	{ "ref.cast", 0xfb, 22, G_REFTEST, 0 },
	{ "br_on_cast", 0xfb, 24, G_BRCAST, 0 },
	{ "br_on_cast_fail", 0xfb, 25, G_BRCAST, 0 },
	{ "any.convert_extern", 0xfb, 26, G_NONE, 0 },
	{ "extern.convert_any", 0xfb, 27, G_NONE, 0 },
	{ "ref.i31", 0xfb, 28, G_NONE, 0 },
	{ "i31.get_s", 0xfb, 29, G_NONE, 0 },
	{ "i31.get_u", 0xfb, 30, G_NONE, 0 },
};

/* Atomic instructions (prefix 0xfe): loads 0x10.., stores 0x17.., then
 * seven read-modify-write operations of seven widths each. */
static const TextOp atomic_fixed[] = {
	{ "memory.atomic.notify", 0xfe, 0x00, A_MEMARG, 2 },
	{ "memory.atomic.wait32", 0xfe, 0x01, A_MEMARG, 2 },
	{ "memory.atomic.wait64", 0xfe, 0x02, A_MEMARG, 3 },
	{ "atomic.fence", 0xfe, 0x03, A_FENCE, 0 },
};
static const char *const atomic_widths[7][2] = {
	{ "i32.atomic.%s", "" }, { "i64.atomic.%s", "" }, { "i32.atomic.%s8", "_u" },
	{ "i32.atomic.%s16", "_u" }, { "i64.atomic.%s8", "_u" }, { "i64.atomic.%s16", "_u" },
	{ "i64.atomic.%s32", "_u" },
};
static const int atomic_align[7] = { 2, 3, 0, 1, 0, 1, 2 };
static const char *const atomic_rmw[7] = { "add", "sub", "and", "or", "xor", "xchg",
                                           "cmpxchg" };

static NameMap op_map;
static Arena op_arena;
static VEC(TextOp) op_list;

static void add_op(TextOp o)
{
	Str k = { o.name, strlen(o.name) };
	if (wat_map_add(&op_map, &op_arena, SP_OP, k, (uint32_t)op_list.n))
		vec_push(op_list, o);
}

/* The mnemonic table, built once. */
static void init_ops(void)
{
	size_t i;
	int k, op;
	char name[64];

	if (op_list.n)
		return;
	/* gc_ops first: the first of a name wins, and opcodes.def's rows for
	 * 0xfb carry the binary's immediates, not the text's */
	for (i = 0; i < sizeof gc_ops / sizeof gc_ops[0]; i++)
		add_op(gc_ops[i]);
	for (i = 0; i < sizeof def_ops / sizeof def_ops[0]; i++)
		add_op(def_ops[i]);
	for (i = 0; i < sizeof atomic_fixed / sizeof atomic_fixed[0]; i++)
		add_op(atomic_fixed[i]);
	for (op = 0; op < 9; op++) {
		for (k = 0; k < 7; k++) {
			TextOp o;
			if (op == 0)
				snprintf(name, sizeof name, atomic_widths[k][0], "load");
			else if (op == 1)
				snprintf(name, sizeof name, atomic_widths[k][0], "store");
			else
				snprintf(name, sizeof name, atomic_widths[k][0], "rmw");
			if (op >= 2) {
				size_t n = strlen(name);
				/* i32.atomic.rmw8 -> i32.atomic.rmw8.add_u */
				snprintf(name + n, sizeof name - n, ".%s%s", atomic_rmw[op - 2],
				         atomic_widths[k][1]);
			} else if (k >= 2 && op == 0) {
				strcat(name, "_u");
			}
			o.name = arena_strndup(&op_arena, name, strlen(name));
			o.prefix = 0xfe;
			o.code = (uint32_t)(0x10 + op * 7 + k);
			o.imm = A_MEMARG;
			o.align = atomic_align[k];
			add_op(o);
		}
	}
}

/* --------------------------------------------------------------- labels */

static void push_label(Mod *m)
{
	Wat *w = m->w;
	Str s = { "", 0 };
	if (wat_tok(w, w->i)->kind == TK_ID)
		s = wat_id(w, w->i++);
	vec_push(m->labels, s);
}

/* An optional id after end/else/catch: it must be the block's label. */
static void end_label(Mod *m)
{
	Wat *w = m->w;
	if (wat_tok(w, w->i)->kind == TK_ID) {
		Str s = wat_id(w, w->i), l = m->labels.v[m->labels.n - 1];
		if (s.len != l.len || memcmp(s.p, l.p, s.len))
			wat_fail(w, w->i, "mismatching label");
		w->i++;
	}
}

static bool maybe_label(Mod *m, uint32_t *depth)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);

	if (t->kind == TK_ID) {
		Str s = wat_id(w, w->i);
		size_t k;
		for (k = m->labels.n; k-- > 0;)
			if (m->labels.v[k].len == s.len && !memcmp(m->labels.v[k].p, s.p, s.len)) {
				*depth = (uint32_t)(m->labels.n - 1 - k);
				w->i++;
				return true;
			}
		wat_fail(w, w->i, "unknown label $%.*s", (int)s.len, s.p);
	}
	return wm_maybe_index(m, SP_TYPE, depth) ? true : false;
}

static uint32_t label(Mod *m)
{
	uint32_t d;
	if (wat_tok(m->w, m->w->i)->kind != TK_ID && wat_tok(m->w, m->w->i)->kind != TK_ATOM)
		wat_fail(m->w, m->w->i, "unexpected token, expected a label");
	if (!maybe_label(m, &d))
		wat_fail(m->w, m->w->i, "unexpected token, expected a label");
	return d;
}

/* ----------------------------------------------------------- immediates */

static bool is_num(const Wat *w, size_t i)
{
	const Tok *t = wat_tok(w, i);
	return t->kind == TK_ATOM && w->src[t->off] >= '0' && w->src[t->off] <= '9';
}

static bool starts(const Wat *w, size_t i, const char *p)
{
	const Tok *t = wat_tok(w, i);
	size_t n = strlen(p);
	return t->kind == TK_ATOM && t->len > n && !memcmp(w->src + t->off, p, n);
}

/* blocktype ::= (type x)? param* result*: empty, one value type, or a
 * type index. */
static void blocktype(Mod *m, Buf *out)
{
	Wat *w = m->w;
	size_t save = w->i;
	uint32_t np;

	if (!wat_is_open(w, w->i, "type") && !wat_is_open(w, w->i, "param")) {
		Buf *t = wat_buf(m->w);
		unsigned n = 0;
		while (wat_is_open(w, w->i, "result")) {
			w->i += 2;
			while (wat_tok(w, w->i)->kind != TK_RPAR) {
				wm_valtype(m, t);
				n++;
			}
			w->i++;
		}
		if (n <= 1) {
			if (n)
				buf_add(out, t->p, t->len);
			else
				buf_char(out, 0x40);
			wat_unbuf(m->w, t);
			return;
		}
		wat_unbuf(m->w, t);
		w->i = save;
	}
	wm_sleb(out, wm_typeuse(m, false, &np));
}

/* memarg ::= memidx? ('offset=' u64)? ('align=' u32)? */
static void memarg(Mod *m, Buf *out, int natural, bool lane)
{
	Wat *w = m->w;
	uint32_t mem = 0;
	uint64_t off = 0, align = (uint64_t)1 << natural;
	unsigned log2 = 0;

	if (wat_tok(w, w->i)->kind == TK_ID ||
	    (is_num(w, w->i) && (!lane || is_num(w, w->i + 1) || starts(w, w->i + 1, "offset=") ||
	                         starts(w, w->i + 1, "align="))))
		mem = wm_index(m, SP_MEM);
	if (starts(w, w->i, "offset=")) {
		const Tok *t = wat_tok(w, w->i);
		if (!wat_uint(w->src + t->off + 7, t->len - 7, 64, &off))
			wat_fail(w, w->i, "offset out of range");
		w->i++;
	}
	if (starts(w, w->i, "align=")) {
		const Tok *t = wat_tok(w, w->i);
		if (!wat_uint(w->src + t->off + 6, t->len - 6, 64, &align))
			wat_fail(w, w->i, "alignment out of range");
		if (!align || (align & (align - 1)))
			wat_fail(w, w->i, "alignment must be a power of two");
		w->i++;
	}
	while (((uint64_t)1 << log2) < align)
		log2++;
	if (mem) {
		wm_uleb(out, log2 | 0x40);
		wm_uleb(out, mem);
	} else {
		wm_uleb(out, log2);
	}
	wm_uleb(out, off);
}

static uint64_t int_imm(Mod *m, unsigned bits)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	uint64_t v;

	if (t->kind != TK_ATOM)
		wat_fail(w, w->i, "unexpected token, expected a number");
	if (!wat_int(w->src + t->off, t->len, bits, &v)) {
		uint32_t f32;
		if (wat_f32(w->src + t->off, t->len, &f32) != 1 || w->src[t->off] == '$')
			wat_fail(w, w->i, "constant out of range");
		wat_fail(w, w->i, "unexpected token, expected an integer");
	}
	w->i++;
	return v;
}

static uint32_t f32_imm(Mod *m)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	uint32_t v = 0;
	int r = t->kind == TK_ATOM ? wat_f32(w->src + t->off, t->len, &v) : 1;

	if (r)
		wat_fail(w, w->i, r == 2 ? "constant out of range" : "unexpected token, expected a number");
	w->i++;
	return v;
}

static uint64_t f64_imm(Mod *m)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	uint64_t v = 0;
	int r = t->kind == TK_ATOM ? wat_f64(w->src + t->off, t->len, &v) : 1;

	if (r)
		wat_fail(w, w->i, r == 2 ? "constant out of range" : "unexpected token, expected a number");
	w->i++;
	return v;
}

static void le(Buf *out, uint64_t v, int n)
{
	int k;
	for (k = 0; k < n; k++)
		buf_char(out, (char)(v >> 8 * k));
}

/* v128.const shape lane*: the 16 bytes */
static void v128_imm(Mod *m, Buf *out)
{
	Wat *w = m->w;
	static const char *const shapes[] = { "i8x16", "i16x8", "i32x4", "i64x2", "f32x4",
	                                      "f64x2" };
	int s, k, n;

	for (s = 0; s < 6; s++)
		if (wat_is_kw(w, w->i, shapes[s]))
			break;
	if (s == 6)
		wat_fail(w, w->i, "unexpected token, expected a vector shape");
	w->i++;
	n = s < 4 ? 16 >> s : s == 4 ? 4 : 2;
	for (k = 0; k < n; k++) {
		if (wat_tok(w, w->i)->kind != TK_ATOM)
			wat_fail(w, w->i, "wrong number of lane literals");
		if (s < 4)
			le(out, int_imm(m, 8u << s), 1 << s);
		else if (s == 4)
			le(out, f32_imm(m), 4);
		else
			le(out, f64_imm(m), 8);
	}
}

static uint8_t lane_imm(Mod *m)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	uint64_t v;

	if (t->kind != TK_ATOM || !wat_uint(w->src + t->off, t->len, 8, &v))
		wat_fail(w, w->i, t->kind == TK_ATOM && is_num(w, w->i) ? "malformed lane index"
		                                                          : "unexpected token, expected a lane index");
	w->i++;
	return (uint8_t)v;
}

static int index_space(const TextOp *o)
{
	if (o->prefix == 0) {
		switch (o->code) {
		case 0x14: case 0x15: return SP_TYPE;
		case 0x07: case 0x08: return SP_TAG;
		case 0x20: case 0x21: case 0x22: return SP_N; /* locals */
		case 0x23: case 0x24: return SP_GLOBAL;
		case 0x25: case 0x26: return SP_TABLE;
		case 0xd2: return SP_FUNC;
		}
	} else if (o->prefix == 0xfc) {
		switch (o->code) {
		case 9: return SP_DATA;
		case 13: return SP_ELEM;
		default: return SP_TABLE;
		}
	}
	return SP_FUNC;
}

/* A struct field: $name of the type's fields, or a number. */
static uint32_t field_index(Mod *m, uint32_t type)
{
	Wat *w = m->w;
	uint32_t f;

	if (wat_tok(w, w->i)->kind == TK_ID) {
		Str s = wat_id(w, w->i);
		if (!wat_map_get(&w->names, SP_FIELD(type), s, &f))
			wat_fail(w, w->i, "unknown field $%.*s", (int)s.len, s.p);
		w->i++;
		return f;
	}
	return wm_index(m, SP_ELEM + 100); /* a plain number (no names in that space) */
}

static void opcode(Buf *out, const TextOp *o)
{
	if (o->prefix) {
		buf_char(out, (char)o->prefix);
		wm_uleb(out, o->code);
	} else {
		buf_char(out, (char)o->code);
	}
}

/* A plain instruction's opcode and immediates (at its mnemonic). */
static void plain(Mod *m, Buf *out)
{
	Wat *w = m->w;
	const Tok *t = wat_tok(w, w->i);
	Str key = { w->src + t->off, t->len };
	const TextOp *o;
	uint32_t k, x, np;

	init_ops();
	if (t->kind != TK_ATOM || !wat_map_get(&op_map, SP_OP, key, &k))
		wat_fail(w, w->i, t->kind == TK_ATOM ? "unknown operator %.*s"
		                                     : "unexpected token, expected an instruction",
		         (int)(t->len > 40 ? 40 : t->len), w->src + t->off);
	o = &op_list.v[k];
	/* block structure is parsed by flat_block and folded, never here */
	if (o->imm == IMM_BLOCK || o->imm == IMM_TRY_TABLE ||
	    (o->prefix == 0 && (o->code == 0x05 || o->code == 0x0b || o->code == 0x07 ||
	                        o->code == 0x19 || o->code == 0x18)))
		wat_fail(w, w->i, "unexpected token %.*s", (int)t->len, w->src + t->off);
	w->i++;
	if (!strcmp(o->name, "select")) {
		if (wat_is_open(w, w->i, "result")) {
			Buf *ts = wat_buf(m->w);
			uint32_t n = 0;
			while (wat_is_open(w, w->i, "result")) {
				w->i += 2;
				while (wat_tok(w, w->i)->kind != TK_RPAR) {
					wm_valtype(m, ts);
					n++;
				}
				w->i++;
			}
			buf_char(out, 0x1c);
			wm_uleb(out, n);
			buf_add(out, ts->p, ts->len);
			wat_unbuf(m->w, ts);
		} else {
			buf_char(out, 0x1b);
		}
		return;
	}
	opcode(out, o);
	switch (o->imm) {
	case IMM_NONE:
	case G_NONE:
		break;
	case IMM_LABEL:
		wm_uleb(out, label(m));
		break;
	case IMM_BR_TABLE: {
		Buf *ls = wat_buf(m->w);
		uint32_t n = 0;
		while (maybe_label(m, &x)) {
			wm_uleb(ls, x);
			n++;
		}
		if (!n)
			wat_fail(w, w->i, "unexpected token, expected a label");
		wm_uleb(out, n - 1);
		buf_add(out, ls->p, ls->len);
		wat_unbuf(m->w, ls);
		break;
	}
	case IMM_FUNC:
		wm_uleb(out, wm_index(m, SP_FUNC));
		break;
	case IMM_CALL_INDIRECT: {
		uint32_t table = 0;
		wm_maybe_index(m, SP_TABLE, &table);
		wm_uleb(out, wm_typeuse(m, false, &np));
		wm_uleb(out, table);
		break;
	}
	case IMM_INDEX: {
		int sp = index_space(o);
		if (sp == SP_TABLE) {
			x = 0;
			wm_maybe_index(m, SP_TABLE, &x);
		} else {
			x = wm_index(m, sp);
		}
		wm_uleb(out, x);
		break;
	}
	case IMM_MEMORY:
		x = 0;
		wm_maybe_index(m, SP_MEM, &x);
		wm_uleb(out, x);
		break;
	case IMM_MEMORY_COPY:
	case IMM_TABLE_COPY: {
		int sp = o->imm == IMM_MEMORY_COPY ? SP_MEM : SP_TABLE;
		uint32_t a = 0, b = 0;
		if (wm_maybe_index(m, sp, &a) && !wm_maybe_index(m, sp, &b))
			wat_fail(w, w->i, "unexpected token, expected a second index");
		wm_uleb(out, a);
		wm_uleb(out, b);
		break;
	}
	case IMM_MEMORY_INIT:
	case IMM_TABLE_INIT: {
		int sp = o->imm == IMM_MEMORY_INIT ? SP_MEM : SP_TABLE;
		int seg = o->imm == IMM_MEMORY_INIT ? SP_DATA : SP_ELEM;
		uint32_t a = 0, b;
		/* two indices: memory/table then segment; one: the segment */
		if (wat_tok(w, w->i + 1)->kind == TK_ID || is_num(w, w->i + 1)) {
			a = wm_index(m, sp);
			b = wm_index(m, seg);
		} else {
			b = wm_index(m, seg);
		}
		if (o->imm == IMM_MEMORY_INIT) {
			wm_uleb(out, b);
			wm_uleb(out, a);
		} else {
			wm_uleb(out, b);
			wm_uleb(out, a);
		}
		break;
	}
	case IMM_MEMARG:
	case A_MEMARG:
		memarg(m, out, o->align, false);
		break;
	case IMM_MEMARG_LANE:
		memarg(m, out, o->align, true);
		buf_char(out, (char)lane_imm(m));
		break;
	case IMM_LANE:
		buf_char(out, (char)lane_imm(m));
		break;
	case IMM_I32:
		wm_sleb(out, (int32_t)(uint32_t)int_imm(m, 32));
		break;
	case IMM_I64:
		wm_sleb(out, (int64_t)int_imm(m, 64));
		break;
	case IMM_F32:
		le(out, f32_imm(m), 4);
		break;
	case IMM_F64:
		le(out, f64_imm(m), 8);
		break;
	case IMM_V128:
		v128_imm(m, out);
		break;
	case IMM_SHUFFLE: {
		int i;
		for (i = 0; i < 16; i++)
			buf_char(out, (char)lane_imm(m));
		break;
	}
	case IMM_REFTYPE:
		wm_heaptype(m, out);
		break;
	case A_FENCE:
		buf_char(out, 0);
		break;
	case G_TYPE:
		wm_uleb(out, wm_index(m, SP_TYPE));
		break;
	case G_TYPE_FIELD:
		x = wm_index(m, SP_TYPE);
		wm_uleb(out, x);
		wm_uleb(out, field_index(m, x));
		break;
	case G_TYPE_N:
		wm_uleb(out, wm_index(m, SP_TYPE));
		wm_uleb(out, int_imm(m, 32));
		break;
	case G_TYPE_DATA:
		wm_uleb(out, wm_index(m, SP_TYPE));
		wm_uleb(out, wm_index(m, SP_DATA));
		break;
	case G_TYPE_ELEM:
		wm_uleb(out, wm_index(m, SP_TYPE));
		wm_uleb(out, wm_index(m, SP_ELEM));
		break;
	case G_TYPE_TYPE:
		wm_uleb(out, wm_index(m, SP_TYPE));
		wm_uleb(out, wm_index(m, SP_TYPE));
		break;
	case G_REFTEST: {
		Buf *ht = wat_buf(m->w);
		bool null;
		wm_reftype(m, ht, &null);
		if (null) {
			/* the opcode + 1 is the nullable form */
			out->len -= 1;
			wm_uleb(out, o->code + 1);
		}
		buf_add(out, ht->p, ht->len);
		wat_unbuf(m->w, ht);
		break;
	}
	case G_BRCAST: {
		Buf *h1 = wat_buf(m->w), *h2 = wat_buf(m->w);
		bool n1, n2;
		uint32_t l = label(m);
		wm_reftype(m, h1, &n1);
		wm_reftype(m, h2, &n2);
		buf_char(out, (char)(n1 | n2 << 1));
		wm_uleb(out, l);
		buf_add(out, h1->p, h1->len);
		buf_add(out, h2->p, h2->len);
		wat_unbuf(m->w, h1);
		wat_unbuf(m->w, h2);
		break;
	}
	default:
		wat_fail(w, w->i - 1, "unexpected token, expected an instruction");
	}
}

/* catch ::= '(' 'catch' x l ')' | '(' 'catch_ref' x l ')' | '(' 'catch_all' l ')'
 *         | '(' 'catch_all_ref' l ')'  -- labels from outside the try_table */
static void catches(Mod *m, Buf *out)
{
	Wat *w = m->w;
	Buf *cs = wat_buf(m->w);
	uint32_t n = 0;

	for (;;) {
		int kind;
		if (wat_is_open(w, w->i, "catch"))
			kind = 0;
		else if (wat_is_open(w, w->i, "catch_ref"))
			kind = 1;
		else if (wat_is_open(w, w->i, "catch_all"))
			kind = 2;
		else if (wat_is_open(w, w->i, "catch_all_ref"))
			kind = 3;
		else
			break;
		w->i += 2;
		buf_char(cs, (char)kind);
		if (kind < 2)
			wm_uleb(cs, wm_index(m, SP_TAG));
		wm_uleb(cs, label(m));
		wat_expect(w, TK_RPAR, "\")\"");
		n++;
	}
	wm_uleb(out, n);
	buf_add(out, cs->p, cs->len);
	wat_unbuf(m->w, cs);
}

static void folded(Mod *m, Buf *out);

static bool is_block_end(const Wat *w, size_t i)
{
	return wat_is_kw(w, i, "end") || wat_is_kw(w, i, "else") || wat_is_kw(w, i, "catch") ||
	       wat_is_kw(w, i, "catch_all") || wat_is_kw(w, i, "delegate");
}

/* A flat block instruction at its keyword; false if it is none. */
static bool flat_block(Mod *m, Buf *out)
{
	Wat *w = m->w;
	Str lab = { "", 0 };

	if (wat_is_kw(w, w->i, "block") || wat_is_kw(w, w->i, "loop")) {
		buf_char(out, wat_is_kw(w, w->i, "block") ? 0x02 : 0x03);
		w->i++;
		push_label(m);
		blocktype(m, out);
		wi_instrs(m, out);
		if (!wat_is_kw(w, w->i, "end"))
			wat_fail(w, w->i, "unexpected token, expected end");
		w->i++;
		end_label(m);
		m->labels.n--;
		buf_char(out, 0x0b);
		return true;
	}
	if (wat_is_kw(w, w->i, "if")) {
		buf_char(out, 0x04);
		w->i++;
		push_label(m);
		blocktype(m, out);
		wi_instrs(m, out);
		if (wat_is_kw(w, w->i, "else")) {
			w->i++;
			end_label(m);
			buf_char(out, 0x05);
			wi_instrs(m, out);
		}
		if (!wat_is_kw(w, w->i, "end"))
			wat_fail(w, w->i, "unexpected token, expected end");
		w->i++;
		end_label(m);
		m->labels.n--;
		buf_char(out, 0x0b);
		return true;
	}
	if (wat_is_kw(w, w->i, "try_table")) {
		buf_char(out, 0x1f);
		w->i++;
		if (wat_tok(w, w->i)->kind == TK_ID)
			lab = wat_id(w, w->i++);
		blocktype(m, out);
		catches(m, out);
		vec_push(m->labels, lab);
		wi_instrs(m, out);
		if (!wat_is_kw(w, w->i, "end"))
			wat_fail(w, w->i, "unexpected token, expected end");
		w->i++;
		end_label(m);
		m->labels.n--;
		buf_char(out, 0x0b);
		return true;
	}
	if (wat_is_kw(w, w->i, "try")) {
		unsigned ncatch = 0;
		buf_char(out, 0x06);
		w->i++;
		push_label(m);
		blocktype(m, out);
		wi_instrs(m, out);
		while (wat_is_kw(w, w->i, "catch")) {
			w->i++;
			ncatch++;
			buf_char(out, 0x07);
			wm_uleb(out, wm_index(m, SP_TAG));
			wi_instrs(m, out);
		}
		if (wat_is_kw(w, w->i, "catch_all")) {
			w->i++;
			ncatch++;
			buf_char(out, 0x19);
			wi_instrs(m, out);
		}
		if (wat_is_kw(w, w->i, "delegate") && !ncatch) {
			w->i++;
			m->labels.n--;
			buf_char(out, 0x18);
			wm_uleb(out, label(m));
			return true;
		}
		if (!wat_is_kw(w, w->i, "end"))
			wat_fail(w, w->i, "unexpected token, expected end");
		w->i++;
		end_label(m);
		m->labels.n--;
		buf_char(out, 0x0b);
		return true;
	}
	return false;
}

static void folded(Mod *m, Buf *out)
{
	Wat *w = m->w;
	Str lab = { "", 0 };

	if (++m->depth > LIMIT_TEXT_NESTING)
		wat_fail(w, w->i, "nesting too deep (more than %u)", LIMIT_TEXT_NESTING);
	w->i++; /* ( */
	if (wat_is_kw(w, w->i, "block") || wat_is_kw(w, w->i, "loop")) {
		buf_char(out, wat_is_kw(w, w->i, "block") ? 0x02 : 0x03);
		w->i++;
		push_label(m);
		blocktype(m, out);
		wi_instrs(m, out);
		m->labels.n--;
		buf_char(out, 0x0b);
	} else if (wat_is_kw(w, w->i, "if")) {
		Buf *bt = wat_buf(m->w);
		w->i++;
		push_label(m);
		blocktype(m, bt);
		/* the condition, folded instructions, is outside the block */
		m->labels.n--;
		while (wat_tok(w, w->i)->kind == TK_LPAR && !wat_is_open(w, w->i, "then"))
			folded(m, out);
		m->labels.n++;
		buf_char(out, 0x04);
		buf_add(out, bt->p, bt->len);
		wat_unbuf(m->w, bt);
		if (!wat_is_open(w, w->i, "then"))
			wat_fail(w, w->i, "unexpected token, expected (then ...)");
		w->i += 2;
		wi_instrs(m, out);
		wat_expect(w, TK_RPAR, "\")\"");
		if (wat_is_open(w, w->i, "else")) {
			w->i += 2;
			buf_char(out, 0x05);
			wi_instrs(m, out);
			wat_expect(w, TK_RPAR, "\")\"");
		}
		m->labels.n--;
		buf_char(out, 0x0b);
	} else if (wat_is_kw(w, w->i, "try_table")) {
		buf_char(out, 0x1f);
		w->i++;
		if (wat_tok(w, w->i)->kind == TK_ID)
			lab = wat_id(w, w->i++);
		blocktype(m, out);
		catches(m, out);
		vec_push(m->labels, lab);
		wi_instrs(m, out);
		m->labels.n--;
		buf_char(out, 0x0b);
	} else if (wat_is_kw(w, w->i, "try")) {
		unsigned ncatch = 0;
		buf_char(out, 0x06);
		w->i++;
		push_label(m);
		blocktype(m, out);
		if (!wat_is_open(w, w->i, "do"))
			wat_fail(w, w->i, "unexpected token, expected (do ...)");
		w->i += 2;
		wi_instrs(m, out);
		wat_expect(w, TK_RPAR, "\")\"");
		while (wat_is_open(w, w->i, "catch")) {
			w->i += 2;
			ncatch++;
			buf_char(out, 0x07);
			wm_uleb(out, wm_index(m, SP_TAG));
			wi_instrs(m, out);
			wat_expect(w, TK_RPAR, "\")\"");
		}
		if (wat_is_open(w, w->i, "catch_all")) {
			w->i += 2;
			ncatch++;
			buf_char(out, 0x19);
			wi_instrs(m, out);
			wat_expect(w, TK_RPAR, "\")\"");
		}
		m->labels.n--;
		if (wat_is_open(w, w->i, "delegate") && !ncatch) {
			w->i += 2;
			buf_char(out, 0x18);
			wm_uleb(out, label(m));
			wat_expect(w, TK_RPAR, "\")\"");
		} else {
			buf_char(out, 0x0b);
		}
	} else {
		Buf *op = wat_buf(m->w);
		plain(m, op);
		while (wat_tok(w, w->i)->kind == TK_LPAR)
			folded(m, out);
		buf_add(out, op->p, op->len);
		wat_unbuf(m->w, op);
	}
	wat_expect(w, TK_RPAR, "\")\"");
	m->depth--;
}

void wi_instrs(Mod *m, Buf *out)
{
	Wat *w = m->w;

	for (;;) {
		int k = wat_tok(w, w->i)->kind;
		if (k == TK_LPAR) {
			folded(m, out);
		} else if (k == TK_RPAR || k == TK_EOF || is_block_end(w, w->i)) {
			return;
		} else {
			bool block;
			if (++m->depth > LIMIT_TEXT_NESTING)
				wat_fail(w, w->i, "nesting too deep (more than %u)", LIMIT_TEXT_NESTING);
			block = flat_block(m, out);
			m->depth--;
			if (!block)
				plain(m, out);
		}
	}
}

void wi_expr(Mod *m, Buf *out)
{
	wi_instrs(m, out);
	buf_char(out, 0x0b);
}

void wi_folded_expr(Mod *m, Buf *out)
{
	if (wat_tok(m->w, m->w->i)->kind != TK_LPAR)
		wat_fail(m->w, m->w->i, "unexpected token, expected an instruction");
	folded(m, out);
	buf_char(out, 0x0b);
}
