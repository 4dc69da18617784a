/*
 * emit_module.c: everything in the output but function bodies.
 *
 * The header declares the instance struct (w2c.h's pieces: bindings for
 * imports, memories, tables, globals), the module descriptor and one
 * typed C function per export.  The C file holds, around the functions,
 * the segments as static data, the init and release functions, the
 * invokers (tagged values to a typed call, for w2c_call), the adapters (a
 * typed call to a dynamic host function) and the descriptor tables.
 *
 * Names: public ones start with the prefix (w2c_NAME); the file's own
 * statics are fnN (functions), ftN (function pointer types), dataN, elemN,
 * invoke_SIG and adapt_SIG, where SIG spells a signature in slot letters.
 */
#include <math.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------- pieces */

static void sig_letters(const ValType *t, uint32_t n, Buf *out)
{
	uint32_t i;
	for (i = 0; i < n; i++)
		buf_char(out, valtype_letter(t[i]));
}

void emit_ret_struct_name(const FuncType *t, Buf *out)
{
	buf_str(out, "w2c_ret_");
	sig_letters(t->results, t->nresults, out);
}

void emit_ret_type(const FuncType *t, Buf *out)
{
	if (t->nresults == 0) {
		buf_str(out, "void");
	} else if (t->nresults == 1) {
		buf_str(out, valtype_abi_ctype(t->results[0]));
	} else {
		buf_str(out, "struct ");
		emit_ret_struct_name(t, out);
	}
}

void emit_signature(Module *m, const FuncType *t, const char *name, Buf *out)
{
	uint32_t i;

	(void)m;
	emit_ret_type(t, out);
	if (name)
		buf_printf(out, " %s(void *ctx", name);
	else
		buf_str(out, " (*)(void *");
	/* v128 parameters arrive as w2c_v128 p<i>, converted to l<i> */
	for (i = 0; i < t->nparams; i++) {
		if (name)
			buf_printf(out, ", %s %c%u", valtype_abi_ctype(t->params[i]),
			           t->params[i] == VT_V128 ? 'p' : 'l', i);
		else
			buf_printf(out, ", %s", valtype_abi_ctype(t->params[i]));
	}
	buf_char(out, ')');
}

void emit_v128_const(const uint8_t *b, Buf *out)
{
	int k;

	buf_str(out, "w2c_v128_const(");
	for (k = 0; k < 4; k++)
		buf_printf(out, "%s0x%xu", k ? ", " : "", le32(b + 4 * k));
	buf_char(out, ')');
}

void emit_type_id(Module *m, const FuncType *t, Buf *out)
{
	(void)m;
	if (t->id)
		buf_printf(out, "UINT64_C(0x%llx)", (unsigned long long)t->id);
	else
		buf_printf(out, "inst->type_ids[%u]", t->large);
}

/* With --split, functions and segments are shared between the C files,
 * so they have external (hidden) names, under the module's prefix. */
void emit_func_name(Module *m, const Options *opt, uint32_t i, Buf *out)
{
	if (opt->split > 1) {
		buf_str(out, opt->prefix);
		buf_char(out, '_');
	}
	buf_str(out, "fn");
	buf_u64(out, i);
	if (m->funcs[i].name) {
		buf_char(out, '_');
		buf_str(out, m->funcs[i].name);
	}
}

void emit_seg_name(const Options *opt, const char *kind, uint32_t i, Buf *out)
{
	if (opt->split > 1)
		buf_printf(out, "%s_", opt->prefix);
	buf_printf(out, "%s%u", kind, i);
}

void emit_funcref(Module *m, const Options *opt, uint32_t f, Buf *out)
{
	buf_str(out, "w2c_funcref_make(");
	/* (GC) an imported function's own type may be a subtype of the
	 * import's */
	if (m->funcs[f].imported && m->types[m->funcs[f].type].by_rtt)
		buf_printf(out, "inst->f%u.type", f);
	else
		emit_type_id(m, &m->types[m->funcs[f].type], out);
	if (m->funcs[f].imported) {
		buf_printf(out, ", inst->f%u.fn, inst->f%u.ctx)", f, f);
	} else {
		buf_str(out, ", (w2c_fnptr)");
		emit_func_name(m, opt, f, out);
		buf_str(out, ", inst)");
	}
}

void emit_global_ref(Module *m, uint32_t g, const char *inst, Buf *out)
{
	buf_str(out, inst);
	buf_str(out, "->g");
	buf_u64(out, g);
	buf_str(out, g < m->nimported_globals ? "->" : ".");
	buf_str(out, valtype_cname(m->globals[g].type));
}

void emit_const(ValType t, uint64_t bits, Buf *out)
{
	float f;
	double d;
	uint32_t u;

	switch (vt_rep(t)) {
	case VT_I32:
		buf_u64(out, (uint32_t)bits);
		buf_char(out, 'u');
		break;
	case VT_I64:
		buf_str(out, "UINT64_C(");
		buf_u64(out, bits);
		buf_char(out, ')');
		break;
	case VT_F32:
		/* Exact hex literals for finite values; bits for the rest. */
		u = (uint32_t)bits;
		memcpy(&f, &u, 4);
		if (isfinite(f))
			buf_printf(out, "%af", (double)f);
		else
			buf_printf(out, "w2c_f32_bits(0x%xu)", u);
		break;
	case VT_F64:
		memcpy(&d, &bits, 8);
		if (isfinite(d))
			buf_printf(out, "%a", d);
		else
			buf_printf(out, "w2c_f64_bits(UINT64_C(0x%llx))", (unsigned long long)bits);
		break;
	case VT_FUNCREF:
		buf_str(out, "W2C_NULL_FUNCREF");
		break;
	default:
		buf_str(out, "NULL");
		break;
	}
}

/*
 * An extended constant expression that const_expr could not fold, as one
 * C expression: its instructions (validated: i32/i64 constants, global.get
 * and add, sub, mul) read again, each operand's C text on a stack.
 */
static void const_ops_value(Module *m, const Options *opt, size_t offset, Buf *out)
{
	Buf stack[LIMIT_CONST_STACK];
	uint32_t n = 0;
	Reader r;
	uint8_t op;

	r.base = m->bytes;
	r.p = m->bytes + offset;
	r.end = r.file_end = m->bytes + m->size;
	r.diag = m->diag;
	while ((op = rd_u8(&r)) != 0x0b) {
		Buf *b = &stack[n];
		uint32_t g;
		switch (op) {
		case 0x41:
			memset(b, 0, sizeof *b);
			emit_const(VT_I32, (uint32_t)rd_s32(&r), b);
			n++;
			break;
		case 0x42:
			memset(b, 0, sizeof *b);
			emit_const(VT_I64, (uint64_t)rd_s64(&r), b);
			n++;
			break;
		case 0x23:
			memset(b, 0, sizeof *b);
			g = rd_u32(&r);
			if (m->globals[g].known)
				emit_const(m->globals[g].type, m->globals[g].value, b);
			else
				emit_global_ref(m, g, "inst", b);
			n++;
			break;
		case 0x43: case 0x44:
			memset(b, 0, sizeof *b);
			emit_const(op == 0x43 ? VT_F32 : VT_F64, op == 0x43 ? rd_f32(&r) : rd_f64(&r), b);
			n++;
			break;
		case 0xd0:
			memset(b, 0, sizeof *b);
			emit_const(vt_ref(true, read_heaptype(m, &r, m->ntypes)), 0, b);
			n++;
			break;
		case 0xd2:
			memset(b, 0, sizeof *b);
			emit_funcref(m, opt, rd_u32(&r), b);
			n++;
			break;
		case 0xfb:
			n = gc_const_value(m, &r, stack, n);
			break;
		case 0xfd: /* v128.const, a field's value: as a w2c_v128 */
			memset(b, 0, sizeof *b);
			rd_u32(&r);
			buf_str(b, "w2c_v128_out(");
			emit_v128_const(rd_bytes(&r, 16), b);
			buf_char(b, ')');
			n++;
			break;
		default: {
			/* i32 or i64 add, sub, mul: "(uintN_t)(A op B)" into A */
			Buf *a = &stack[n - 2], *c = &stack[n - 1], e = { 0 };
			buf_str(&e, op < 0x70 ? "(uint32_t)(" : "(uint64_t)(");
			buf_add(&e, a->p, a->len);
			buf_str(&e, op == 0x6a || op == 0x7c ? " + " : op == 0x6b || op == 0x7d ? " - "
			                                                                          : " * ");
			buf_add(&e, c->p, c->len);
			buf_char(&e, ')');
			buf_free(a);
			buf_free(c);
			*a = e;
			n--;
			break;
		}
		}
	}
	buf_add(out, stack[0].p, stack[0].len);
	buf_free(&stack[0]);
}

/* The value of a constant expression as C, in a scope with `inst`. */
static void const_expr_value(Module *m, const Options *opt, size_t offset, ValType type,
                             Buf *out)
{
	ConstExpr e;

	const_expr(m, offset, type, m->nglobals, &e);
	if (e.op == CONST_OPS) {
		const_ops_value(m, opt, offset, out);
	} else if (e.op == CONST_I31) {
		buf_printf(out, "w2c_i31_new(%lluu)", (unsigned long long)(e.value >> 1));
	} else if (e.op == 0x23) {
		emit_global_ref(m, (uint32_t)e.value, "inst", out);
	} else if (e.op == 0xfd) {
		buf_str(out, "w2c_v128_out(");
		emit_v128_const(e.v128, out);
		buf_char(out, ')');
	} else if (e.op == 0xd2)
		emit_funcref(m, opt, (uint32_t)e.value, out);
	else
		emit_const(e.type, e.op == 0xd0 ? 0 : e.value, out);
}

/*
 * Element segment items that allocate (GC constant expressions) are
 * evaluated once, at instantiation, into hidden fields ge<seg>_<item> of
 * the instance, which the segment's items then read like globals: with
 * opt NULL, the fields' declarations; else their initialisation.
 */
void gc_elem_values(Module *m, const Options *opt, Buf *out)
{
	uint32_t i, k;

	for (i = 0; i < m->nelems; i++) {
		const ElemSeg *s = &m->elems[i];
		Reader r = elem_items(m, s);
		for (k = 0; k < s->count; k++) {
			size_t at = rd_offset(&r);
			ConstExpr e;
			elem_item(m, s, &r, &e);
			if (e.op != CONST_OPS)
				continue;
			if (!opt) {
				buf_printf(out, "\tw2c_global_value ge%u_%u;\n", i, k);
				continue;
			}
			buf_printf(out, "\tinst->ge%u_%u.%s = ", i, k, valtype_cname(s->type));
			const_expr_value(m, opt, at, s->type, out);
			buf_str(out, ";\n");
		}
	}
}

/* ------------------------------------------------------------- exports */

static const char *const kind_names[] = { "FUNC", "TABLE", "MEMORY", "GLOBAL", "TAG" };

/* Reserves a name in `taken` (NUL-terminated in b). */
static void reserve(StrSet *taken, Buf *b)
{
	strset_add(taken, b->p, strlen(b->p));
	b->len = 0;
}

/* The names beside the exports' under the module's prefix: the
 * descriptor, and with --split the functions and segments that the C
 * files share. */
static void reserve_names(Module *m, const Options *opt, StrSet *taken)
{
	Options bare = *opt;
	Buf b = { 0 };
	uint32_t i;

	buf_printf(&b, "module");
	reserve(taken, &b);
	if (opt->split <= 1)
		goto done;
	bare.split = 1; /* the names without the prefix */
	for (i = 0; i < m->nfuncs; i++) {
		emit_func_name(m, &bare, i, &b);
		buf_char(&b, 0);
		reserve(taken, &b);
	}
	for (i = 0; i < m->ndatas; i++) {
		buf_printf(&b, "data%u", i);
		reserve(taken, &b);
		buf_printf(&b, "dataz%u", i);
		reserve(taken, &b);
	}
	for (i = 0; i < m->nelems; i++) {
		buf_printf(&b, "elem%u", i);
		reserve(taken, &b);
	}
done:
	buf_free(&b);
}

/*
 * Export names become C identifiers, PREFIX_NAME: letters, digits and
 * underscores kept, other bytes escaped as _xx.  That is readable but
 * not one-to-one ("a-b" and "a_2db" both give a_2db), so each name that
 * is shared, empty or taken by one of the module's own names gets its
 * export index appended, and more suffixes until no other export's or
 * the module's name has it.  The lowest-numbered export of a shared name
 * keeps it.  Deterministic, so a module always gives the same C.
 */
static void name_exports(Module *m, const Options *opt)
{
	bool *renamed = xcalloc(m->nexports ? m->nexports : 1, sizeof *renamed);
	StrSet taken = { 0 };
	uint32_t i, k;

	reserve_names(m, opt, &taken);
	for (i = 0; i < m->nexports; i++) {
		Export *e = &m->exports[i];
		Buf b = { 0 };

		mangle(&b, e->name, e->name_len);
		buf_char(&b, 0);
		e->cname = arena_strndup(&m->arena, b.p, strlen(b.p));
		renamed[i] = !*e->cname || !strset_add(&taken, e->cname, strlen(e->cname));
		buf_free(&b);
	}
	/* the names kept are all taken now: rename the others around them */
	for (i = 0; i < m->nexports; i++) {
		Buf b = { 0 };

		if (!renamed[i])
			continue;
		buf_printf(&b, "%s_%u", m->exports[i].cname, i);
		for (k = 1; !strset_add(&taken, b.p, b.len); k++)
			buf_printf(&b, "_%u", k);
		m->exports[i].cname = arena_strndup(&m->arena, b.p, b.len);
		buf_free(&b);
	}
	strset_free(&taken);
	free(renamed);
}

/* --------------------------------------------------------------- header */


static void export_prototype(Module *m, const Options *opt, const Export *e, Buf *out)
{
	const char *p = opt->prefix;

	switch (e->kind) {
	case EXT_FUNC: {
		const FuncType *t = &m->types[m->funcs[e->index].type];
		uint32_t i;
		emit_ret_type(t, out);
		buf_printf(out, " %s_%s(w2c_instance *inst", p, e->cname);
		for (i = 0; i < t->nparams; i++)
			buf_printf(out, ", %s p%u", valtype_abi_ctype(t->params[i]), i);
		buf_char(out, ')');
		break;
	}
	case EXT_TABLE:
		buf_printf(out, "w2c_table *%s_%s(w2c_instance *inst)", p, e->cname);
		break;
	case EXT_MEMORY:
		buf_printf(out, "w2c_memory *%s_%s(w2c_instance *inst)", p, e->cname);
		break;
	case EXT_GLOBAL:
		buf_printf(out, "%s *%s_%s(w2c_instance *inst)",
		           valtype_abi_ctype(m->globals[e->index].type), p, e->cname);
		break;
	case EXT_TAG:
		buf_printf(out, "w2c_tag *%s_%s(w2c_instance *inst)", p, e->cname);
		break;
	}
}

void emit_header(Module *m, const Options *opt, Buf *out)
{
	const char *p = opt->prefix;
	StrSet seen = { 0 };
	uint32_t i;

	name_exports(m, opt);
	buf_printf(out, "/* Generated by w2c %s from %s.  Do not edit. */\n", W2C_VERSION,
	           opt->input);
	buf_printf(out, "#ifndef %s_H_\n#define %s_H_\n\n#include \"w2c.h\"\n\n", p, p);
	buf_str(out, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");

	/* Results of several values come back as structs, named by their
	 * types so that every module spells them alike. */
	for (i = 0; i < m->ntypes; i++) {
		const FuncType *t = &m->types[i];
		uint32_t k;
		Buf name = { 0 };
		if (t->nresults < 2 || gc_no_signature(m, i))
			continue;
		emit_ret_struct_name(t, &name);
		if (!strset_add(&seen, name.p, name.len)) {
			buf_free(&name);
			continue;
		}
		buf_char(&name, 0);
		buf_printf(out, "#ifndef W2C_RET_%s\n#define W2C_RET_%s\nstruct %s {", name.p + 8,
		           name.p + 8, name.p);
		for (k = 0; k < t->nresults; k++)
			buf_printf(out, " %s r%u;", valtype_abi_ctype(t->results[k]), k);
		buf_str(out, " };\n#endif\n\n");
		buf_free(&name);
	}
	strset_free(&seen);

	buf_printf(out, "/* An instance; w2c_instantiate sets it up. */\nstruct %s {\n", p);
	buf_str(out, "\tw2c_instance hdr;\n");
	for (i = 0; i < m->nimports; i++) {
		const Import *im = &m->imports[i];
		Buf what = { 0 };
		c_string_literal((const uint8_t *)im->module, im->module_len, &what);
		buf_char(&what, '.');
		c_string_literal((const uint8_t *)im->name, im->name_len, &what);
		buf_char(&what, 0);
		switch (im->kind) {
		case EXT_FUNC:
			buf_printf(out, "\tw2c_func_binding f%u; /* import %s */\n", im->index, what.p);
			break;
		case EXT_TABLE:
			buf_printf(out, "\tw2c_table *t%u; /* import %s */\n", im->index, what.p);
			break;
		case EXT_MEMORY:
			buf_printf(out, "\tw2c_memory *m%u; /* import %s */\n", im->index, what.p);
			break;
		case EXT_GLOBAL:
			buf_printf(out, "\tw2c_global_value *g%u; /* import %s: %s */\n",
			           im->index, what.p, valtype_cname(m->globals[im->index].type));
			break;
		case EXT_TAG:
			buf_printf(out, "\tw2c_tag *tg%u; /* import %s */\n", im->index, what.p);
			break;
		}
		buf_free(&what);
	}
	for (i = m->nimported_tables; i < m->ntables; i++)
		buf_printf(out, "\tw2c_table *t%u;\n", i);
	for (i = m->nimported_memories; i < m->nmemories; i++)
		buf_printf(out, "\tw2c_memory *m%u;\n", i);
	for (i = m->nimported_globals; i < m->nglobals; i++)
		buf_printf(out, "\tw2c_global_value g%u; /* %s */\n", i,
		           valtype_cname(m->globals[i].type));
	if (m->gc)
		gc_elem_values(m, NULL, out);
	for (i = m->nimported_tags; i < m->ntags; i++)
		buf_printf(out, "\tw2c_tag *tg%u;\n", i);
	for (i = m->nimported_tables; i < m->ntables; i++)
		buf_printf(out, "\tw2c_table tab%u;\n", i);
	for (i = m->nimported_tags; i < m->ntags; i++)
		buf_printf(out, "\tw2c_tag tag%u;\n", i);
	for (i = m->nimported_memories; i < m->nmemories; i++)
		buf_printf(out, "\tw2c_memory mem%u;\n", i);
	if (m->ndatas)
		buf_printf(out, "\tuint8_t data_dropped[%u];\n", m->ndatas);
	if (m->nelems)
		buf_printf(out, "\tuint8_t elem_dropped[%u];\n", m->nelems);
	if (m->nlarge)
		buf_printf(out, "\tuint64_t type_ids[%u];\n", m->nlarge);
	if (m->rtts)
		buf_printf(out, "\tconst struct w2c_rtt *rtts[%u];\n", m->ntypes);
	buf_str(out, "};\n\n");

	buf_printf(out, "/* The module: pass it to w2c_instantiate. */\n"
	                "extern const w2c_module %s_module;\n\n", p);
	if (m->nexports)
		buf_str(out, "/* Exports. */\n");
	for (i = 0; i < m->nexports; i++) {
		export_prototype(m, opt, &m->exports[i], out);
		buf_str(out, ";\n");
	}
	buf_printf(out, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_H_ */\n", p);
}

/* ------------------------------------------------------------- prologue */

/* Storage of what functions share: file-local, or with --split hidden
 * external names. */
static const char *shared_storage(const Options *opt)
{
	return opt->split > 1 ? "W2C_HIDDEN " : "static W2C_UNUSED ";
}

void emit_func_decl(Module *m, const Options *opt, uint32_t i, Buf *out)
{
	Buf name = { 0 };

	emit_func_name(m, opt, i, &name);
	buf_char(&name, 0);
	/* unused: a function nothing calls is no reason for a warning */
	buf_str(out, shared_storage(opt));
	emit_signature(m, &m->types[m->funcs[i].type], name.p, out);
	buf_str(out, ";\n");
	buf_free(&name);
}

/*
 * --compress-data: an active segment stored deflated, when that is
 * smaller; init inflates it straight into the memory.  (Passive segments
 * stay raw: memory.init reads them at any offset, any number of times.)
 */
static bool deflate_segment(Module *m, DataSeg *s, Buf *out, uint32_t i)
{
	z_stream z;
	uLong bound;
	uint8_t *buf;
	bool ok;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	bound = deflateBound(&z, s->len);
	buf = xmalloc(bound);
	z.next_in = (Bytef *)(m->bytes + s->bytes);
	z.avail_in = s->len;
	z.next_out = buf;
	z.avail_out = (uInt)bound;
	ok = deflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out + 16 < s->len;
	if (ok) {
		s->zlen = (uint32_t)z.total_out;
		buf_printf(out, "static W2C_UNUSED const uint8_t dataz%u[%u] = /* %u bytes */\n\t",
		           i, s->zlen, s->len);
		c_string_literal(buf, s->zlen, out);
		buf_str(out, ";\n");
	}
	deflateEnd(&z);
	free(buf);
	return ok;
}

/* --split: the segments functions use, declared in every C file (the
 * passive data segments: memory.init finds an active one dropped). */
static void declare_segments(Module *m, const Options *opt, Buf *out)
{
	uint32_t i;

	for (i = 0; i < m->ndatas; i++) {
		if (!m->datas[i].len || m->datas[i].mode != SEG_PASSIVE)
			continue;
		buf_str(out, "extern W2C_HIDDEN const uint8_t ");
		emit_seg_name(opt, "data", i, out);
		buf_str(out, "[];\n");
	}
	for (i = 0; i < m->nelems; i++) {
		if (!m->elems[i].count)
			continue;
		buf_str(out, "extern W2C_HIDDEN const w2c_rt_elem ");
		emit_seg_name(opt, "elem", i, out);
		buf_str(out, "[];\n");
	}
	buf_char(out, '\n');
}

static void emit_segments(Module *m, const Options *opt, Buf *out)
{
	uint32_t i, k;

	for (i = 0; i < m->ndatas; i++) {
		DataSeg *s = &m->datas[i];
		if (!s->len)
			continue;
		if (opt->compress_data && s->mode == SEG_ACTIVE && !m->memories[s->memory].is64 &&
		    deflate_segment(m, s, out, i))
			continue;
		/* only the init, in this file, reads an active one */
		buf_printf(out, "%sconst uint8_t ", s->mode == SEG_PASSIVE ? shared_storage(opt)
		                                                          : "static W2C_UNUSED ");
		emit_seg_name(opt, "data", i, out);
		buf_printf(out, "[%u] =\n\t", s->len);
		c_string_literal(m->bytes + s->bytes, s->len, out);
		buf_str(out, ";\n");
	}
	for (i = 0; i < m->nelems; i++) {
		const ElemSeg *s = &m->elems[i];
		Reader r = elem_items(m, s);

		if (!s->count)
			continue;
		buf_printf(out, "%sconst w2c_rt_elem ", shared_storage(opt));
		emit_seg_name(opt, "elem", i, out);
		buf_printf(out, "[%u] = {\n", s->count);
		for (k = 0; k < s->count; k++) {
			ConstExpr e;
			uint32_t f;
			elem_item(m, s, &r, &e);
			if (e.op == 0xd0) {
				buf_str(out, "\t{ W2C_ELEM_NULL, 0, 0, 0, NULL },\n");
				continue;
			}
			if (e.op == CONST_I31) {
				buf_printf(out, "\t{ W2C_ELEM_BITS, 0, UINT64_C(%llu), 0, NULL },\n",
				           (unsigned long long)e.value);
				continue;
			}
			if (e.op == CONST_OPS) {
				/* GC: evaluated once, at instantiation (gc_elem_values) */
				buf_printf(out, "\t{ W2C_ELEM_GLOBAL, offsetof(struct %s, ge%u_%u), 0, 0, NULL },\n",
				           opt->prefix, i, k);
				continue;
			}
			if (e.op == 0x23) {
				/* an imported global is a pointer, a defined one a value */
				buf_printf(out, "\t{ %s, offsetof(struct %s, g%u), 0, 0, NULL },\n",
				           e.value < m->nimported_globals ? "W2C_ELEM_GLOBAL_PTR"
				                                          : "W2C_ELEM_GLOBAL",
				           opt->prefix, (uint32_t)e.value);
				continue;
			}
			f = (uint32_t)e.value;
			{
				const FuncType *t = &m->types[m->funcs[f].type];
				if (m->funcs[f].imported) {
					buf_printf(out, "\t{ W2C_ELEM_IMPORT, offsetof(struct %s, f%u), ",
					           opt->prefix, f);
				} else {
					buf_str(out, "\t{ W2C_ELEM_FUNC, 0, ");
				}
				if (t->id)
					buf_printf(out, "UINT64_C(0x%llx), 0, ", (unsigned long long)t->id);
				else
					buf_printf(out, "0, %u, ", t->large);
				if (m->funcs[f].imported) {
					buf_str(out, "NULL },\n");
				} else {
					buf_str(out, "(w2c_fnptr)");
					emit_func_name(m, opt, f, out);
					buf_str(out, " },\n");
				}
			}
		}
		buf_str(out, "};\n");
	}
	if (m->ndatas || m->nelems)
		buf_char(out, '\n');
}

/* The opening of a C file: what all share; the first holds the segments. */
void emit_prologue(Module *m, const Options *opt, bool first, Buf *out)
{
	uint32_t i;

	buf_printf(out, "/* Generated by w2c %s from %s.  Do not edit. */\n", W2C_VERSION,
	           opt->input);
	buf_printf(out, "#include \"%s\"\n#include \"%s\"\n", opt->header,
	           m->simd ? "w2c_simd.h" : "w2c_gen.h");
	if (m->atomics)
		buf_str(out, "#include \"w2c_atomic.h\"\n");
	buf_char(out, '\n');
	for (i = 0; i < m->ntypes; i++) {
		if (gc_no_signature(m, i))
			continue;
		buf_str(out, "typedef ");
		emit_ret_type(&m->types[i], out);
		buf_printf(out, " (*ft%u)(void *", i);
		for (uint32_t k = 0; k < m->types[i].nparams; k++)
			buf_printf(out, ", %s", valtype_abi_ctype(m->types[i].params[k]));
		buf_str(out, ");\n");
	}
	if (m->ntypes)
		buf_char(out, '\n');
	if (m->gc)
		gc_emit_types(m, opt, out);
	for (i = m->nimported_funcs; i < m->nfuncs; i++)
		emit_func_decl(m, opt, i, out);
	buf_char(out, '\n');
	if (opt->split > 1)
		declare_segments(m, opt, out);
	if (first)
		emit_segments(m, opt, out);
}

/* ------------------------------------------------------------- epilogue */

/* An active data segment's offset, if it is a constant (and 32-bit). */
static bool data_offset(Module *m, const DataSeg *s, uint32_t *offset)
{
	ConstExpr e;

	if (m->memories[s->memory].is64)
		return false;
	const_expr(m, s->offset_expr, VT_I32, m->nglobals, &e);
	*offset = (uint32_t)e.value;
	return e.op == 0x41;
}

/* Whether an active segment goes in a table with others of `memory`: at a
 * constant offset, which it stores, and not compressed. */
static bool tabled_data(Module *m, const DataSeg *s, uint32_t memory, uint32_t *offset)
{
	return s->mode == SEG_ACTIVE && !s->zlen && s->memory == memory &&
	       data_offset(m, s, offset);
}

/*
 * The active segments from `lo` on that go in one table (all at constant
 * offsets in one memory, passive ones between them skipped), copied in
 * order by the runtime; returns the index of the run's last segment.
 */
static uint32_t emit_data_run(Module *m, const Options *opt, uint32_t lo, Buf *out)
{
	uint32_t i, last = lo, n = 0, memory = m->datas[lo].memory, offset;

	buf_str(out, "\t{\n\t\tstatic const w2c_rt_data_init segs[] = {\n");
	for (i = lo; i < m->ndatas; i++) {
		const DataSeg *s = &m->datas[i];
		if (s->mode != SEG_ACTIVE)
			continue;
		if (!tabled_data(m, s, memory, &offset))
			break;
		buf_str(out, "\t\t\t{ ");
		if (s->len)
			emit_seg_name(opt, "data", i, out);
		else
			buf_str(out, "NULL");
		buf_printf(out, ", %uu, %uu, %uu },\n", s->len, offset, i);
		last = i;
		n++;
	}
	buf_printf(out, "\t\t};\n\t\tw2c_rt_memory_init_active(inst->m%u->data, inst->m%u->size, "
	                "segs, %uu, inst->data_dropped);\n\t}\n", memory, memory, n);
	return last;
}

/* A w2c_limits initializer: flags as in the binary format (a bool true
 * for the maximum where that is all, as ever). */
static void emit_limits(const Limits *l, Buf *out)
{
	if (!l->is64 && l->page_log2 == 16 && !l->reserve_max && !l->shared) {
		buf_printf(out, "{ %llu, %llu, %s }", (unsigned long long)l->min,
		           (unsigned long long)l->max, l->has_max ? "true" : "false");
		return;
	}
	buf_printf(out, "{ UINT64_C(%llu), UINT64_C(%llu), %s%s%s%s%s0 }",
	           (unsigned long long)l->min, (unsigned long long)l->max,
	           l->has_max ? "W2C_LIMITS_MAX | " : "", l->is64 ? "W2C_LIMITS_64 | " : "",
	           l->page_log2 != 16 ? "W2C_LIMITS_PAGE1 | " : "",
	           l->reserve_max ? "W2C_LIMITS_RESERVE_MAX | " : "",
	           l->shared ? "W2C_LIMITS_SHARED | " : "");
}

static void emit_init(Module *m, const Options *opt, Buf *out)
{
	const char *p = opt->prefix;
	uint32_t i;

	/* the tags' types are defined with the descriptor, further down */
	for (i = m->nimported_tags; i < m->ntags; i++)
		buf_printf(out, "static const w2c_functype ftype%u;\n", m->tags[i]);
	for (i = m->nimported_tables; i < m->ntables; i++)
		if (is_reftype(m->tables[i].elem) && vt_heap(m->tables[i].elem) >= HT_INDEX)
			buf_printf(out, "static const w2c_functype ftype%u;\n",
			           vt_heap(m->tables[i].elem) - HT_INDEX);
	buf_printf(out, "static void init(w2c_instance *ctx)\n{\n"
	                "\tstruct %s *inst = (struct %s *)ctx;\n\n\t(void)inst;\n", p, p);
	for (i = m->nimported_tags; i < m->ntags; i++) {
		buf_printf(out, "\tinst->tag%u.type = &ftype%u;\n\tinst->tg%u = &inst->tag%u;\n",
		           i, m->tags[i], i, i);
		if (m->types[m->tags[i]].by_rtt)
			buf_printf(out, "\tinst->tag%u.canon = inst->type_ids[%u];\n", i,
			           m->types[m->tags[i]].large);
	}
	/* Tables first: with an arena allocator the memory, allocated last,
	 * can then grow in place. */
	for (i = m->nimported_tables; i < m->ntables; i++) {
		const Table *t = &m->tables[i];
		/* a table64's maximum past 2^32 - 1 is as good as none, and a
		 * minimum that large fails at instantiation all the same */
		uint64_t max = t->lim.max > UINT32_MAX ? UINT32_MAX : t->lim.max;
		uint64_t min = t->lim.min > UINT32_MAX ? UINT32_MAX : t->lim.min;
		buf_printf(out, "\tw2c_rt_table_alloc(&inst->tab%u, %s, %lluu, %lluu, %s);\n"
		                "\tinst->t%u = &inst->tab%u;\n",
		           i, vt_rep(t->elem) == VT_FUNCREF ? "W2C_FUNCREF" :
		              vt_rep(t->elem) == VT_EXNREF ? "W2C_EXNREF" :
		              vt_rep(t->elem) == VT_ANYREF ? "W2C_ANYREF" : "W2C_EXTERNREF",
		           (unsigned long long)min, (unsigned long long)max,
		           t->lim.has_max ? "true" : "false", i, i);
		if (t->lim.is64)
			buf_printf(out, "\tinst->tab%u.is64 = true;\n", i);
		if (!vt_nullable(t->elem))
			buf_printf(out, "\tinst->tab%u.elem_nonnull = true;\n", i);
		if (is_reftype(t->elem) && vt_heap(t->elem) >= HT_INDEX) {
			uint32_t x = vt_heap(t->elem) - HT_INDEX;
			buf_printf(out, "\tinst->tab%u.elem_functype = &ftype%u;\n", i, x);
			if (m->types[x].by_rtt || m->types[x].kind != COMP_FUNC)
				buf_printf(out, "\tinst->tab%u.elem_type = w2c_type_id_of(inst->rtts[%u]);\n",
				           i, x);
		}
	}
	for (i = m->nimported_memories; i < m->nmemories; i++) {
		const Limits *l = &m->memories[i];
		if (l->capped) {
			buf_printf(out, "\t{\n\t\tstatic const w2c_limits type = ");
			emit_limits(l, out);
			buf_printf(out, ";\n\t\tw2c_rt_memory_alloc_capped(&inst->mem%u, &type, "
			                "UINT64_C(%llu), !W2C_BOUNDS_CHECKS);\n\t}\n"
			                "\tinst->m%u = &inst->mem%u;\n",
			           i, (unsigned long long)l->cap, i, i);
			continue;
		}
		if (l->is64 || l->page_log2 != 16 || l->reserve_max || l->shared) {
			buf_printf(out, "\t{\n\t\tstatic const w2c_limits type = ");
			emit_limits(l, out);
			buf_printf(out, ";\n\t\tw2c_rt_memory_alloc_type(&inst->mem%u, &type, "
			                "!W2C_BOUNDS_CHECKS);\n\t}\n\tinst->m%u = &inst->mem%u;\n",
			           i, i, i);
			continue;
		}
		buf_printf(out, "\tw2c_rt_memory_alloc(&inst->mem%u, %llu, %llu, %s, !W2C_BOUNDS_CHECKS);\n"
		                "\tinst->m%u = &inst->mem%u;\n",
		           i, (unsigned long long)l->min, (unsigned long long)l->max,
		           l->has_max ? "true" : "false", i, i);
	}
	for (i = m->nimported_globals; i < m->nglobals; i++) {
		buf_char(out, '\t');
		emit_global_ref(m, i, "inst", out);
		buf_str(out, " = ");
		const_expr_value(m, opt, m->globals[i].init, m->globals[i].type, out);
		buf_str(out, ";\n");
	}
	if (m->gc)
		gc_elem_values(m, opt, out);
	/* tables with an initializer (3.0), which may read imported globals */
	for (i = m->nimported_tables; i < m->ntables; i++) {
		const Table *t = &m->tables[i];
		/* (exnref tables: the only constant is null, as they start) */
		if (!t->init || !t->lim.min || vt_rep(t->elem) == VT_EXNREF)
			continue;
		buf_printf(out, "	w2c_table_fill_%s(inst->t%u, 0, ",
		           vt_rep(t->elem) == VT_FUNCREF ? "func" : "extern", i);
		const_expr_value(m, opt, t->init, t->elem, out);
		buf_printf(out, ", %lluu);\n", (unsigned long long)(t->lim.min > UINT32_MAX ? UINT32_MAX
		                                                              : t->lim.min));
	}
	for (i = 0; i < m->nelems; i++) {
		const ElemSeg *s = &m->elems[i];
		if (s->mode == SEG_ACTIVE) {
			if (s->count) {
				buf_printf(out, "\tw2c_rt_table_init(ctx, inst->t%u, ", s->table);
				emit_seg_name(opt, "elem", i, out);
				buf_printf(out, ", %uu, ", s->count);
			} else
				buf_printf(out, "\tw2c_rt_table_init(ctx, inst->t%u, NULL, 0, ", s->table);
			const_expr_value(m, opt, s->offset_expr,
			                 m->tables[s->table].lim.is64 ? VT_I64 : VT_I32, out);
			buf_printf(out, ", 0, %uu);\n", s->count);
		}
		if (s->mode != SEG_PASSIVE)
			buf_printf(out, "\tinst->elem_dropped[%u] = 1;\n", i);
	}
	for (i = 0; i < m->ndatas; i++) {
		const DataSeg *s = &m->datas[i];
		uint32_t offset;
		if (tabled_data(m, s, s->memory, &offset)) {
			i = emit_data_run(m, opt, i, out);
			continue;
		}
		if (s->mode != SEG_ACTIVE)
			continue;
		if (s->zlen) {
			buf_printf(out, "\tw2c_rt_memory_init_deflated(inst->m%u->data, inst->m%u->size, "
			                "dataz%u, %uu, %uu, ", s->memory, s->memory, i, s->zlen, s->len);
			const_expr_value(m, opt, s->offset_expr, VT_I32, out);
			buf_printf(out, ");\n\tinst->data_dropped[%u] = 1;\n", i);
			continue;
		}
		buf_printf(out, m->memories[s->memory].is64
		                    ? "\tw2c_memory_init_seg64(inst->m%u->data, inst->m%u->size, "
		                    : "\tw2c_memory_init_seg(inst->m%u->data, inst->m%u->size, ",
		           s->memory, s->memory);
		if (s->len) {
			emit_seg_name(opt, "data", i, out);
			buf_printf(out, ", %uu, ", s->len);
		} else
			buf_str(out, "NULL, 0, ");
		const_expr_value(m, opt, s->offset_expr,
		                 m->memories[s->memory].is64 ? VT_I64 : VT_I32, out);
		buf_printf(out, ", 0, %uu);\n\tinst->data_dropped[%u] = 1;\n", s->len, i);
	}
	if (m->has_start) {
		const Func *f = &m->funcs[m->start];
		if (f->imported) {
			buf_printf(out, "\t((ft%u)inst->f%u.fn)(inst->f%u.ctx);\n", f->type, m->start,
			           m->start);
		} else {
			buf_char(out, '\t');
			emit_func_name(m, opt, m->start, out);
			buf_str(out, "(inst);\n");
		}
	}
	buf_str(out, "}\n\n");

	buf_printf(out, "static void release(w2c_instance *ctx)\n{\n"
	                "\tstruct %s *inst = (struct %s *)ctx;\n\n\t(void)inst;\n", p, p);
	for (i = m->nimported_memories; i < m->nmemories; i++)
		buf_printf(out, "\tw2c_memory_free(&inst->mem%u);\n", i);
	for (i = m->nimported_tables; i < m->ntables; i++)
		buf_printf(out, "\tw2c_table_free(&inst->tab%u);\n", i);
	buf_str(out, "}\n\n");
}

/* An invoker's or adapter's name: its signature's letters, where an
 * anyref is 'a', not the 'x' it shares with an externref elsewhere: an
 * adapter tags the values it gives the host with their type. */
static void sig_name(const FuncType *t, Buf *out)
{
	uint32_t i;

	for (i = 0; i < t->nparams + t->nresults; i++) {
		ValType v = i < t->nparams ? t->params[i] : t->results[i - t->nparams];
		if (i == t->nparams)
			buf_char(out, '_');
		buf_char(out, vt_rep(v) == VT_ANYREF ? 'a' : valtype_letter(v));
	}
	if (!t->nresults)
		buf_char(out, '_');
}

/* Whether a signature is new to the set (invokers and adapters are one
 * per signature). */
static bool new_sig(StrSet *set, const FuncType *t)
{
	Buf b = { 0 };
	bool fresh;

	sig_name(t, &b);
	fresh = strset_add(set, b.p ? b.p : "", b.len);
	buf_free(&b);
	return fresh;
}

static const char *abi_name(ValType t)
{
	switch (vt_rep(t)) {
	case VT_I32: return "W2C_I32";
	case VT_I64: return "W2C_I64";
	case VT_F32: return "W2C_F32";
	case VT_F64: return "W2C_F64";
	case VT_V128: return "W2C_V128";
	case VT_FUNCREF: return "W2C_FUNCREF";
	case VT_EXNREF: return "W2C_EXNREF";
	case VT_ANYREF: return "W2C_ANYREF";
	default: return "W2C_EXTERNREF";
	}
}

/* invoke_SIG: tagged arguments to a typed call, for w2c_call. */
static void emit_invoker(Module *m, const FuncType *t, Buf *out)
{
	uint32_t k;

	(void)m;
	buf_str(out, "static void invoke_");
	sig_name(t, out);
	buf_str(out, "(w2c_fnptr fn, void *ctx, const w2c_value *a, w2c_value *r)\n{\n\t");
	if (!t->nparams)
		buf_str(out, "(void)a;\n\t");
	if (!t->nresults)
		buf_str(out, "(void)r;\n\t");
	if (t->nresults == 1)
		buf_printf(out, "r[0].of.%s = ", valtype_cname(t->results[0]));
	else if (t->nresults > 1) {
		buf_str(out, "struct ");
		emit_ret_struct_name(t, out);
		buf_str(out, " v = ");
	}
	buf_str(out, "((");
	emit_signature(m, t, NULL, out);
	buf_str(out, ")fn)(ctx");
	for (k = 0; k < t->nparams; k++)
		buf_printf(out, ", a[%u].of.%s", k, valtype_cname(t->params[k]));
	buf_str(out, ");\n");
	if (t->nresults > 1)
		for (k = 0; k < t->nresults; k++)
			buf_printf(out, "\tr[%u].of.%s = v.r%u;\n", k, valtype_cname(t->results[k]), k);
	buf_str(out, "}\n\n");
}

/* adapt_SIG: a typed call into a dynamic host function. */
static void emit_adapter(Module *m, const FuncType *t, Buf *out)
{
	uint32_t k;

	(void)m;
	buf_str(out, "static ");
	emit_ret_type(t, out);
	buf_str(out, " adapt_");
	sig_name(t, out);
	buf_str(out, "(void *ctx");
	for (k = 0; k < t->nparams; k++)
		buf_printf(out, ", %s p%u", valtype_abi_ctype(t->params[k]), k);
	buf_printf(out, ")\n{\n\tw2c_value a[%u], r[%u];\n\n", t->nparams ? t->nparams : 1,
	           t->nresults ? t->nresults : 1);
	for (k = 0; k < t->nparams; k++)
		buf_printf(out, "\ta[%u].type = %s;\n\ta[%u].of.%s = p%u;\n", k,
		           abi_name(t->params[k]), k, valtype_cname(t->params[k]), k);
	buf_str(out, "\tw2c_rt_call_host(ctx, a, r);\n");
	if (t->nresults == 1) {
		buf_printf(out, "\treturn r[0].of.%s;\n", valtype_cname(t->results[0]));
	} else if (t->nresults > 1) {
		buf_str(out, "\treturn (struct ");
		emit_ret_struct_name(t, out);
		buf_str(out, "){ ");
		for (k = 0; k < t->nresults; k++)
			buf_printf(out, "%sr[%u].of.%s", k ? ", " : "", k, valtype_cname(t->results[k]));
		buf_str(out, " };\n");
	}
	buf_str(out, "}\n\n");
}

static void emit_functype(Module *m, uint32_t i, Buf *out)
{
	const FuncType *t = &m->types[i];
	uint32_t k;

	if (t->nparams + t->nresults) {
		buf_printf(out, "static W2C_UNUSED const uint8_t ftypes%u[] = {", i);
		for (k = 0; k < t->nparams; k++)
			buf_printf(out, " %d,", valtype_abi(t->params[k]));
		for (k = 0; k < t->nresults; k++)
			buf_printf(out, " %d,", valtype_abi(t->results[k]));
		buf_str(out, " };\n");
	}
	buf_printf(out, "static W2C_UNUSED const w2c_functype ftype%u = { %u, %u, ", i, t->nparams,
	           t->nresults);
	if (t->nparams + t->nresults)
		buf_printf(out, "ftypes%u, ", i);
	else
		buf_str(out, "NULL, ");
	if (t->by_rtt || t->kind != COMP_FUNC)
		buf_printf(out, "W2C_FUNCTYPE_DEFINED(%u) };\n", i);
	else
		buf_printf(out, "UINT64_C(0x%llx) };\n", (unsigned long long)t->id);
}

/*
 * The module's types as rt/types.c registers them (its grammar is there),
 * and per type what the registry copies: a function type's signature, a
 * struct's or array's layout for the collector (its static rtt).
 */
static void emit_type_desc(Module *m, const char *prefix, Buf *out)
{
	uint32_t i, k, n = 0;

	buf_str(out, "static const uint32_t type_desc[] = {");
	for (i = 0; i < m->ntypes; i++) {
		const FuncType *t = &m->types[i];
		if (i == t->rec)
			buf_printf(out, "\n\t%u,", t->nrec);
		buf_printf(out, " %u,", t->kind | t->final << 2 | (t->super != NO_SUPER) << 3);
		if (t->super != NO_SUPER)
			buf_printf(out, " %u,", t->super);
		if (t->kind == COMP_FUNC) {
			buf_printf(out, " %u, %u,", t->nparams, t->nresults);
			for (k = 0; k < t->nparams; k++)
				buf_printf(out, " 0x%xu,", t->params[k]);
			for (k = 0; k < t->nresults; k++)
				buf_printf(out, " 0x%xu,", t->results[k]);
		} else {
			if (t->kind == COMP_STRUCT)
				buf_printf(out, " %u,", t->nfields);
			for (k = 0; k < t->nfields; k++)
				buf_printf(out, " 0x%xu,", t->fields[k].type | (uint32_t)t->fields[k].mut << 31);
		}
	}
	buf_str(out, "\n};\nstatic const void *const type_info[] = {");
	for (i = 0; i < m->ntypes; i++) {
		const FuncType *t = &m->types[i];
		buf_str(out, n++ % 8 ? " " : "\n\t");
		if (t->kind == COMP_FUNC)
			buf_printf(out, "&ftype%u,", i);
		else
			buf_printf(out, "&rtt%u,", t->canon);
	}
	buf_printf(out, "\n};\nstatic const w2c_module_types types = {\n"
	                "\t%u, type_desc, type_info, offsetof(struct %s, rtts)\n};\n\n",
	           m->ntypes, prefix);
}

/* The type index + 1 of a reference to a function type, else 0. */
static uint32_t ref_type_index(ValType t)
{
	return is_reftype(t) && vt_heap(t) >= HT_INDEX ? vt_heap(t) - HT_INDEX + 1 : 0;
}

/* A global's or table's type in an import or export descriptor, from the functype
 * member on: "functype, NULL..., type", `skip` NULLs for the members
 * between (w2c.h: W2C_REF_NONNULL). */
static void emit_global_desc_type(ValType t, int skip, Buf *out)
{
	uint32_t x = ref_type_index(t);

	if (x)
		buf_printf(out, "&ftype%u, ", x - 1);
	else
		buf_str(out, "NULL, ");
	while (skip-- > 0)
		buf_str(out, "NULL, ");
	if (!vt_nullable(t))
		buf_printf(out, "(w2c_valtype)(%s | W2C_REF_NONNULL)", abi_name(t));
	else
		buf_str(out, abi_name(t));
}

static void emit_descriptor(Module *m, const Options *opt, Buf *out)
{
	const char *p = opt->prefix;
	StrSet invokers = { 0 }, adapters = { 0 };
	uint32_t i, k, ncallable = 0, *callable = NULL;
	uint8_t *used = xcalloc(m->ntypes + 1, 1);

	/* signatures the descriptor and the large-type table refer to */
	for (i = 0; i < m->nimports; i++)
		if (m->imports[i].kind == EXT_FUNC)
			used[m->funcs[m->imports[i].index].type] = 1;
	for (i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == EXT_FUNC)
			used[m->funcs[m->exports[i].index].type] = 1;
	for (i = 0; i < m->ntypes; i++)
		if (!m->types[i].id || m->rtts)
			used[i] = 1;
	for (i = 0; i < m->ntags; i++)
		used[m->tags[i]] = 1;
	for (i = 0; i < m->ntables; i++)
		if (ref_type_index(m->tables[i].elem))
			used[ref_type_index(m->tables[i].elem) - 1] = 1;
	for (i = 0; i < m->nimports; i++)
		if (m->imports[i].kind == EXT_GLOBAL &&
		    ref_type_index(m->globals[m->imports[i].index].type))
			used[ref_type_index(m->globals[m->imports[i].index].type) - 1] = 1;
	for (i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == EXT_GLOBAL &&
		    ref_type_index(m->globals[m->exports[i].index].type))
			used[ref_type_index(m->globals[m->exports[i].index].type) - 1] = 1;
	/* the other signatures of functions a funcref may designate (in
	 * element segments and initialisers), whose invokers w2c_call_ref
	 * needs: the first type index of each, in callable[] */
	for (i = 0; i < m->nexports; i++)
		if (m->exports[i].kind == EXT_FUNC)
			new_sig(&invokers, &m->types[m->funcs[m->exports[i].index].type]);
	for (i = 0; i < m->nfuncs; i++) {
		if (!(m->declared[i] & DECLARED_REF) ||
		    !new_sig(&invokers, &m->types[m->funcs[i].type]))
			continue;
		if (!callable)
			callable = xmalloc(m->nfuncs * sizeof *callable);
		callable[ncallable++] = m->funcs[i].type;
		used[m->funcs[i].type] = 1;
	}
	strset_free(&invokers);
	memset(&invokers, 0, sizeof invokers);

	for (i = 0; i < m->ntypes; i++)
		if (used[i])
			emit_functype(m, i, out);
	buf_char(out, '\n');
	if (m->rtts)
		emit_type_desc(m, opt->prefix, out);

	for (i = 0; i < m->nexports; i++) {
		const Export *e = &m->exports[i];
		if (e->kind == EXT_FUNC && new_sig(&invokers, &m->types[m->funcs[e->index].type]))
			emit_invoker(m, &m->types[m->funcs[e->index].type], out);
	}
	for (k = 0; k < ncallable; k++)
		emit_invoker(m, &m->types[callable[k]], out);
	if (ncallable) {
		buf_str(out, "static const w2c_invoker_desc invokers[] = {\n");
		for (k = 0; k < ncallable; k++) {
			buf_printf(out, "\t{ &ftype%u, invoke_", callable[k]);
			sig_name(&m->types[callable[k]], out);
			buf_str(out, " },\n");
		}
		buf_str(out, "};\n\n");
	}
	if (m->ntags) {
		buf_str(out, "static const uint32_t tag_offsets[] = {\n");
		for (i = 0; i < m->ntags; i++)
			buf_printf(out, "\toffsetof(struct %s, tg%u),\n", p, i);
		buf_str(out, "};\n\n");
	}
	for (i = 0; i < m->nimports; i++) {
		const Import *im = &m->imports[i];
		if (im->kind == EXT_FUNC && new_sig(&adapters, &m->types[m->funcs[im->index].type]))
			emit_adapter(m, &m->types[m->funcs[im->index].type], out);
	}
	strset_free(&invokers);
	strset_free(&adapters);

	if (m->nlarge) {
		/* the first type of each large slot, in slot order */
		uint32_t *first = xmalloc(m->nlarge * sizeof *first);
		for (k = 0; k < m->nlarge; k++)
			first[k] = UINT32_MAX;
		for (i = m->ntypes; i-- > 0;)
			if (!m->types[i].id && m->types[i].kind == COMP_FUNC)
				first[m->types[i].large] = i;
		buf_str(out, "static const w2c_functype large_types[] = {\n");
		for (k = 0; k < m->nlarge; k++) {
			const FuncType *t = &m->types[first[k]];
			buf_printf(out, "\t{ %u, %u, ", t->nparams, t->nresults);
			if (t->nparams + t->nresults)
				buf_printf(out, "ftypes%u, ", first[k]);
			else
				buf_str(out, "NULL, ");
			if (t->by_rtt)
				buf_printf(out, "W2C_FUNCTYPE_DEFINED(%u) },\n", first[k]);
			else
				buf_str(out, "0 },\n");
		}
		buf_str(out, "};\n\n");
		free(first);
	}

	if (m->nimports) {
		buf_str(out, "static const w2c_import_desc imports[] = {\n");
		for (i = 0; i < m->nimports; i++) {
			const Import *im = &m->imports[i];
			buf_str(out, "\t{ ");
			c_string_literal((const uint8_t *)im->module, im->module_len, out);
			buf_str(out, ", ");
			c_string_literal((const uint8_t *)im->name, im->name_len, out);
			buf_printf(out, ", %u, %u", im->module_len, im->name_len);
			if (im->kind == EXT_TAG) {
				buf_printf(out, ", W2C_EXTERN_TAG, offsetof(struct %s, tg%u), &ftype%u, "
				                "NULL, 0, false, { 0, 0, false } },\n",
				           p, im->index, m->tags[im->index]);
				continue;
			}
			buf_printf(out, ", W2C_EXTERN_%s, offsetof(struct %s, %c%u), ",
			           kind_names[im->kind], p, "ftmg"[im->kind], im->index);
			switch (im->kind) {
			case EXT_FUNC: {
				const FuncType *t = &m->types[m->funcs[im->index].type];
				buf_printf(out, "&ftype%u, (w2c_fnptr)adapt_", m->funcs[im->index].type);
				sig_name(t, out);
				buf_str(out, ", 0, false, { 0, 0, false } },\n");
				break;
			}
			case EXT_TABLE: {
				const Table *t = &m->tables[im->index];
				emit_global_desc_type(t->elem, 1, out);
				buf_str(out, ", false, ");
				emit_limits(&t->lim, out);
				buf_str(out, " },\n");
				break;
			}
			case EXT_MEMORY: {
				buf_str(out, "NULL, NULL, 0, false, ");
				emit_limits(&m->memories[im->index], out);
				buf_str(out, " },\n");
				break;
			}
			case EXT_GLOBAL: {
				const Global *g = &m->globals[im->index];
				emit_global_desc_type(g->type, 1, out);
				buf_printf(out, ", %s, { 0, 0, false } },\n", g->mut ? "true" : "false");
				break;
			}
			}
		}
		buf_str(out, "};\n\n");
	}

	if (m->nexports) {
		buf_str(out, "static const w2c_export_desc exports[] = {\n");
		for (i = 0; i < m->nexports; i++) {
			const Export *e = &m->exports[i];
			buf_str(out, "\t{ ");
			c_string_literal((const uint8_t *)e->name, e->name_len, out);
			buf_printf(out, ", %u, W2C_EXTERN_%s, ", e->name_len, kind_names[e->kind]);
			switch (e->kind) {
			case EXT_FUNC: {
				const Func *f = &m->funcs[e->index];
				if (f->imported)
					buf_printf(out, "offsetof(struct %s, f%u), false, &ftype%u, NULL, ",
					           p, e->index, f->type);
				else {
					buf_printf(out, "0, false, &ftype%u, (w2c_fnptr)", f->type);
					emit_func_name(m, opt, e->index, out);
					buf_str(out, ", ");
				}
				buf_str(out, "invoke_");
				sig_name(&m->types[f->type], out);
				buf_str(out, ", 0, false },\n");
				break;
			}
			case EXT_TABLE:
			case EXT_MEMORY:
				buf_printf(out, "offsetof(struct %s, %c%u), false, NULL, NULL, NULL, 0, false },\n",
				           p, e->kind == EXT_TABLE ? 't' : 'm', e->index);
				break;
			case EXT_GLOBAL: {
				const Global *g = &m->globals[e->index];
				buf_printf(out, "offsetof(struct %s, g%u), %s, ", p, e->index,
				           e->index < m->nimported_globals ? "true" : "false");
				emit_global_desc_type(g->type, 2, out);
				buf_printf(out, ", %s },\n", g->mut ? "true" : "false");
				break;
			}
			case EXT_TAG:
				buf_printf(out, "offsetof(struct %s, tg%u), false, NULL, NULL, NULL, 0, "
				                "false },\n", p, e->index);
				break;
			}
		}
		buf_str(out, "};\n\n");
	}

	buf_printf(out, "const w2c_module %s_module = {\n", p);
	buf_printf(out, "\tW2C_ABI_VERSION, \"%s\", sizeof(struct %s), !W2C_BOUNDS_CHECKS,\n",
	           p, p);
	buf_printf(out, "\t%u, %s, %u, %s,\n", m->nimports, m->nimports ? "imports" : "NULL",
	           m->nexports, m->nexports ? "exports" : "NULL");
	if (m->nlarge)
		buf_printf(out, "\t%u, large_types, offsetof(struct %s, type_ids),\n", m->nlarge, p);
	else
		buf_str(out, "\t0, NULL, 0,\n");
	buf_str(out, "\tinit, release,\n");
	buf_printf(out, "\t%u, %s, %u, %s,\n", ncallable, ncallable ? "invokers" : "NULL",
	           m->ntags, m->ntags ? "tag_offsets" : "NULL");
	buf_str(out, m->rtts ? "\t&types,\n};\n\n" : "\tNULL,\n};\n\n");
	free(used);
	free(callable);
}

/* The typed export functions: thin wrappers the compiler inlines away. */
static void emit_export_functions(Module *m, const Options *opt, Buf *out)
{
	const char *p = opt->prefix;
	uint32_t i, k;

	for (i = 0; i < m->nexports; i++) {
		const Export *e = &m->exports[i];
		export_prototype(m, opt, e, out);
		buf_str(out, "\n{\n");
		switch (e->kind) {
		case EXT_FUNC: {
			const Func *f = &m->funcs[e->index];
			const FuncType *t = &m->types[f->type];
			buf_str(out, t->nresults ? "\treturn " : "\t");
			if (f->imported)
				buf_printf(out, "((ft%u)((struct %s *)inst)->f%u.fn)(((struct %s *)inst)->f%u.ctx",
				           f->type, p, e->index, p, e->index);
			else {
				buf_str(out, "W2C_EXPORT_ENTER(), ");
				emit_func_name(m, opt, e->index, out);
				buf_str(out, "(inst");
			}
			for (k = 0; k < t->nparams; k++)
				buf_printf(out, ", p%u", k);
			buf_str(out, ");\n");
			break;
		}
		case EXT_TABLE:
		case EXT_MEMORY:
			buf_printf(out, "\treturn ((struct %s *)inst)->%c%u;\n", p,
			           e->kind == EXT_TABLE ? 't' : 'm', e->index);
			break;
		case EXT_GLOBAL: {
			Buf self = { 0 };
			buf_printf(&self, "((struct %s *)inst)", p);
			buf_str(out, "\treturn &");
			emit_global_ref(m, e->index, self.p, out);
			buf_str(out, ";\n");
			buf_free(&self);
			break;
		}
		case EXT_TAG:
			buf_printf(out, "\treturn ((struct %s *)inst)->tg%u;\n", p, e->index);
			break;
		}
		buf_str(out, "}\n\n");
	}
}

void emit_epilogue(Module *m, const Options *opt, Buf *out)
{
	emit_init(m, opt, out);
	emit_descriptor(m, opt, out);
	emit_export_functions(m, opt, out);
}
