/*
 * wat_script.c: a .wast script into wast2json's command list.
 *
 *   script  ::= cmd* | field*                       (a bare module)
 *   cmd     ::= module | '(' 'register' name id? ')' | action | assertion
 *   module  ::= '(' 'module' id? 'definition'? field* ')'
 *             | '(' 'module' id? ('binary' | 'quote') string* ')'
 *             | '(' 'module' 'instance' id? id? ')'
 *   action  ::= '(' 'invoke' id? name const* ')' | '(' 'get' id? name ')'
 *
 * The result is the JsonValue tree json_parse would make of wast2json's
 * output for the script, so `w2c spectest` reads either.  Each module is
 * written beside the harness as wast2json does: a binary module as
 * NAME.N.wasm, a text one (module fields, or the quoted text) as
 * NAME.N.wat, which spectest turns into binary with the rest of the text
 * reader, so a module the reader rejects fails as that command, and a
 * malformed quoted module is judged there.
 */
#include <stdlib.h>

#include "json.h"
#include "wat.h"

typedef struct Script {
	Wat *w;
	Arena *arena;            /* the tree's */
	const char *dir, *name;  /* where module files go; their base name */
	unsigned nfiles;
	VEC(size_t) lines;       /* offsets of line starts */
	bool in_either;
	char err[300];
} Script;

static JsonValue *jnew(Script *s, int kind)
{
	JsonValue *v = arena_zalloc(s->arena, sizeof *v);
	v->kind = kind;
	return v;
}

static JsonValue *jstr(Script *s, const char *p, size_t n)
{
	JsonValue *v = jnew(s, JSON_STRING);
	v->str = arena_strndup(s->arena, p, n);
	v->len = n;
	return v;
}

static JsonValue *jcstr(Script *s, const char *p)
{
	return jstr(s, p, strlen(p));
}

/* Appends v to an array or object (with `key`); items keep their order. */
static void jadd(Script *s, JsonValue *to, const char *key, JsonValue *v)
{
	JsonValue **p;
	if (key)
		v->key = arena_strndup(s->arena, key, strlen(key));
	/* objects are small; arrays are appended through their last item,
	 * kept in `str` (unused by arrays) */
	if (to->kind == JSON_ARRAY && to->count) {
		JsonValue *last = (JsonValue *)(void *)to->str;
		last->next = v;
	} else {
		for (p = &to->first; *p; p = &(*p)->next)
			;
		*p = v;
	}
	if (to->kind == JSON_ARRAY)
		to->str = (const char *)(void *)v;
	to->count++;
}

static JsonValue *jnum(Script *s, double n)
{
	JsonValue *v = jnew(s, JSON_NUMBER);
	v->number = n;
	return v;
}

static unsigned line_of(Script *s, size_t tok)
{
	size_t off = wat_tok(s->w, tok)->off, lo = 0, hi = s->lines.n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (s->lines.v[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (unsigned)lo + 1;
}

static void close_paren(Wat *w)
{
	wat_expect(w, TK_RPAR, "\")\"");
}

static void write_file(Script *s, size_t tok, const char *file, const void *p, size_t n)
{
	char path[4200], err[300];
	snprintf(path, sizeof path, "%s/%s", s->dir, file);
	if (!write_file_atomic(path, p, n, err, sizeof err))
		wat_fail(s->w, tok, "%s", err);
}

/* A module at its "(": writes its file and fills cmd (filename, name,
 * module_type, definition); false if it is `module instance`. */
static void module(Script *s, JsonValue *cmd)
{
	Wat *w = s->w;
	size_t at = w->i;
	char file[300];
	Buf *text = wat_buf(s->w);
	bool binary = false, quote = false, definition = false;

	w->i += 2;
	if (wat_is_kw(w, w->i, "definition")) {
		definition = true;
		w->i++;
	}
	if (wat_tok(w, w->i)->kind == TK_ID) {
		Str id = wat_id(w, w->i);
		JsonValue *n = jnew(s, JSON_STRING);
		char *p = arena_alloc(s->arena, id.len + 2);
		p[0] = '$';
		memcpy(p + 1, id.p, id.len);
		p[id.len + 1] = 0;
		n->str = p;
		n->len = id.len + 1;
		jadd(s, cmd, "name", n);
		w->i++;
	}
	if (wat_is_kw(w, w->i, "definition")) {
		definition = true;
		w->i++;
	}
	if (wat_is_kw(w, w->i, "binary") || wat_is_kw(w, w->i, "quote")) {
		binary = wat_is_kw(w, w->i, "binary");
		quote = !binary;
		w->i++;
		while (wat_tok(w, w->i)->kind == TK_STRING) {
			Str b = wat_string(w, w->i++);
			buf_add(text, b.p, b.len);
		}
	} else {
		/* the fields, as a module of their own */
		size_t from = w->i, end = w->i;
		while (wat_tok(w, end)->kind == TK_LPAR)
			end = wat_skip_sexpr(w, end);
		buf_str(text, "(module\n");
		if (end > from)
			buf_add(text, w->src + wat_tok(w, from)->off,
			        wat_tok(w, end)->off - wat_tok(w, from)->off);
		buf_str(text, ")\n");
		w->i = end;
	}
	close_paren(w);
	snprintf(file, sizeof file, "%s.%u.%s", s->name, s->nfiles++, binary ? "wasm" : "wat");
	write_file(s, at, file, text->p ? text->p : "", text->len);
	wat_unbuf(s->w, text);
	jadd(s, cmd, "filename", jcstr(s, file));
	if (quote)
		jadd(s, cmd, "module_type", jcstr(s, "text"));
	if (definition)
		jadd(s, cmd, "definition", jcstr(s, "true"));
}

/* ---------------------------------------------------------------- values */

static char *decimal(Script *s, uint64_t v)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
	return arena_strndup(s->arena, tmp, strlen(tmp));
}

static void typed(Script *s, JsonValue *o, const char *type, const char *value)
{
	jadd(s, o, "type", jcstr(s, type));
	if (value)
		jadd(s, o, "value", jcstr(s, value));
}

/* A number of an instruction's type, or a NaN pattern in a result. */
static const char *scalar(Script *s, int type, bool result)
{
	Wat *w = s->w;
	const Tok *t = wat_tok(w, w->i);
	uint64_t v;
	uint32_t f;
	int r = 1;

	if (t->kind != TK_ATOM)
		wat_fail(w, w->i, "unexpected token, expected a number");
	if (result && (wat_is_kw(w, w->i, "nan:canonical") || wat_is_kw(w, w->i, "nan:arithmetic")) &&
	    type >= 2) {
		w->i++;
		return w->src[t->off + 4] == 'c' ? "nan:canonical" : "nan:arithmetic";
	}
	switch (type) {
	case 0: r = wat_int(w->src + t->off, t->len, 32, &v) ? 0 : 1; break;
	case 1: r = wat_int(w->src + t->off, t->len, 64, &v) ? 0 : 1; break;
	case 2: r = wat_f32(w->src + t->off, t->len, &f); v = f; break;
	default: r = wat_f64(w->src + t->off, t->len, &v); break;
	}
	if (r)
		wat_fail(w, w->i, r == 2 ? "constant out of range" : "unexpected token, expected a number");
	w->i++;
	return decimal(s, v);
}

static const struct {
	const char *ht, *type;
	bool value;
} nulls[] = {
	{ "func", "funcref", true }, { "extern", "externref", true }, { "any", "anyref", true },
	{ "eq", "eqref", true }, { "i31", "i31ref", true }, { "struct", "structref", true },
	{ "array", "arrayref", true }, { "exn", "exnref", true }, { "none", "nullref", false },
	{ "nofunc", "nullfuncref", false }, { "noextern", "nullexternref", false },
	{ "noexn", "nullexnref", false },
};

/*   const  ::= '(' t.const num ')' | '(' 'v128.const' shape num* ')'
 *            | '(' 'ref.null' ht ')' | '(' 'ref.extern' n ')' | '(' 'ref.host' n ')'
 *   result ::= const with NaN patterns | '(' 'ref.K' ')' | '(' 'either' result* ')' */
static JsonValue *value(Script *s, bool result)
{
	Wat *w = s->w;
	JsonValue *o = jnew(s, JSON_OBJECT);
	static const char *const consts[] = { "i32.const", "i64.const", "f32.const", "f64.const" };
	static const char *const types[] = { "i32", "i64", "f32", "f64" };
	int k;
	size_t i;

	if (wat_tok(w, w->i)->kind != TK_LPAR)
		wat_fail(w, w->i, "unexpected token, expected a constant");
	w->i++;
	for (k = 0; k < 4; k++)
		if (wat_is_kw(w, w->i, consts[k])) {
			w->i++;
			typed(s, o, types[k], scalar(s, k, result));
			close_paren(w);
			return o;
		}
	if (wat_is_kw(w, w->i, "v128.const")) {
		static const char *const shapes[] = { "i8x16", "i16x8", "i32x4", "i64x2", "f32x4",
		                                      "f64x2" };
		static const char *const lanes[] = { "i8", "i16", "i32", "i64", "f32", "f64" };
		static const int count[] = { 16, 8, 4, 2, 4, 2 };
		JsonValue *arr = jnew(s, JSON_ARRAY);
		int sh, n;
		w->i++;
		for (sh = 0; sh < 6; sh++)
			if (wat_is_kw(w, w->i, shapes[sh]))
				break;
		if (sh == 6)
			wat_fail(w, w->i, "unexpected token, expected a vector shape");
		w->i++;
		for (n = 0; n < count[sh]; n++) {
			const char *v;
			if (sh < 4) {
				uint64_t x;
				const Tok *t = wat_tok(w, w->i);
				if (t->kind != TK_ATOM ||
				    !wat_int(w->src + t->off, t->len, 8u << sh, &x))
					wat_fail(w, w->i, "constant out of range");
				w->i++;
				v = decimal(s, x);
			} else {
				v = scalar(s, sh == 4 ? 2 : 3, result);
			}
			jadd(s, arr, NULL, jcstr(s, v));
		}
		typed(s, o, "v128", NULL);
		jadd(s, o, "lane_type", jcstr(s, lanes[sh]));
		jadd(s, o, "value", arr);
		close_paren(w);
		return o;
	}
	if (wat_is_kw(w, w->i, "ref.null")) {
		w->i++;
		if (wat_tok(w, w->i)->kind == TK_RPAR && result) {
			typed(s, o, "refnull", NULL);
			close_paren(w);
			return o;
		}
		for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
			if (wat_is_kw(w, w->i, nulls[i].ht)) {
				typed(s, o, nulls[i].type, nulls[i].value ? "null" : NULL);
				w->i++;
				close_paren(w);
				return o;
			}
		/* (ref.null $t): a null of a concrete type */
		if (wat_tok(w, w->i)->kind == TK_ID || wat_tok(w, w->i)->kind == TK_ATOM) {
			typed(s, o, "refnull", NULL);
			w->i++;
			close_paren(w);
			return o;
		}
		wat_fail(w, w->i, "unexpected token, expected a heap type");
	}
	if (wat_is_kw(w, w->i, "ref.extern") || wat_is_kw(w, w->i, "ref.host")) {
		bool host = wat_is_kw(w, w->i, "ref.host");
		w->i++;
		if (wat_tok(w, w->i)->kind == TK_RPAR && result) {
			typed(s, o, host ? "anyref" : "externref", NULL);
		} else {
			uint64_t x;
			const Tok *t = wat_tok(w, w->i);
			if (t->kind != TK_ATOM || !wat_uint(w->src + t->off, t->len, 32, &x))
				wat_fail(w, w->i, "unexpected token, expected a number");
			w->i++;
			typed(s, o, host ? "anyref" : "externref", decimal(s, x));
		}
		close_paren(w);
		return o;
	}
	if (result && wat_is_kw(w, w->i, "either") && !s->in_either) {
		JsonValue *alts = jnew(s, JSON_ARRAY);
		w->i++;
		s->in_either = true; /* (either) holds values, not more (either) */
		while (wat_tok(w, w->i)->kind == TK_LPAR)
			jadd(s, alts, NULL, value(s, true));
		s->in_either = false;
		typed(s, o, "either", NULL);
		jadd(s, o, "values", alts);
		close_paren(w);
		return o;
	}
	if (result) {
		static const char *const kinds[] = { "ref.func", "ref.any", "ref.eq", "ref.i31",
		                                     "ref.struct", "ref.array", "ref.exn" };
		static const char *const ktypes[] = { "funcref", "anyref", "eqref", "i31ref",
		                                      "structref", "arrayref", "exnref" };
		for (k = 0; k < 7; k++)
			if (wat_is_kw(w, w->i, kinds[k])) {
				w->i++;
				typed(s, o, ktypes[k], NULL);
				/* (ref.func $f) names a function: any function matches */
				if (wat_tok(w, w->i)->kind != TK_RPAR)
					w->i++;
				close_paren(w);
				return o;
			}
	}
	wat_fail(w, w->i, "unexpected token, expected a constant");
}

/* '(' 'invoke' id? name const* ')' | '(' 'get' id? name ')' */
static JsonValue *action(Script *s)
{
	Wat *w = s->w;
	JsonValue *a = jnew(s, JSON_OBJECT), *args;
	bool invoke;
	Str field;

	if (wat_is_open(w, w->i, "invoke"))
		invoke = true;
	else if (wat_is_open(w, w->i, "get"))
		invoke = false;
	else
		wat_fail(w, w->i, "unexpected token, expected an action");
	w->i += 2;
	jadd(s, a, "type", jcstr(s, invoke ? "invoke" : "get"));
	if (wat_tok(w, w->i)->kind == TK_ID) {
		const Tok *t = wat_tok(w, w->i++);
		jadd(s, a, "module", jstr(s, w->src + t->off, t->len));
	}
	field = wat_name(w, w->i++);
	jadd(s, a, "field", jstr(s, field.p, field.len));
	if (invoke) {
		args = jnew(s, JSON_ARRAY);
		while (wat_tok(w, w->i)->kind == TK_LPAR)
			jadd(s, args, NULL, value(s, false));
		jadd(s, a, "args", args);
	}
	close_paren(w);
	return a;
}

static bool is_module(Wat *w, size_t i)
{
	return wat_is_open(w, i, "module");
}

static void text_arg(Script *s, JsonValue *cmd)
{
	Str t = wat_string(s->w, s->w->i++);
	jadd(s, cmd, "text", jstr(s, t.p, t.len));
}

/* One command at its "("; NULL for what the harness has no use for. */
static JsonValue *command(Script *s)
{
	Wat *w = s->w;
	JsonValue *cmd = jnew(s, JSON_OBJECT);
	size_t at = w->i;
	const Tok *kw = wat_tok(w, at + 1);
	char type[40];

	if (wat_tok(w, at)->kind != TK_LPAR || kw->kind != TK_ATOM)
		wat_fail(w, at, "unexpected token, expected a command");
	snprintf(type, sizeof type, "%.*s", (int)(kw->len < 39 ? kw->len : 39), w->src + kw->off);
	if (!strcmp(type, "module")) {
		if (wat_is_kw(w, at + 2, "instance")) {
			jadd(s, cmd, "type", jcstr(s, "module_instance"));
			jadd(s, cmd, "line", jnum(s, line_of(s, at + 1)));
			w->i = at + 3;
			if (wat_tok(w, w->i)->kind == TK_ID) {
				const Tok *t = wat_tok(w, w->i++);
				jadd(s, cmd, "instance", jstr(s, w->src + t->off, t->len));
			}
			if (wat_tok(w, w->i)->kind == TK_ID) {
				const Tok *t = wat_tok(w, w->i++);
				jadd(s, cmd, "module", jstr(s, w->src + t->off, t->len));
			}
			close_paren(w);
			return cmd;
		}
		jadd(s, cmd, "type", jcstr(s, "module"));
		jadd(s, cmd, "line", jnum(s, line_of(s, at + 1)));
		module(s, cmd);
		return cmd;
	}
	jadd(s, cmd, "type", jcstr(s, type));
	jadd(s, cmd, "line", jnum(s, line_of(s, at + 1)));
	w->i = at + 2;
	if (!strcmp(type, "register")) {
		Str as = wat_name(w, w->i++);
		jadd(s, cmd, "as", jstr(s, as.p, as.len));
		if (wat_tok(w, w->i)->kind == TK_ID) {
			const Tok *t = wat_tok(w, w->i++);
			jadd(s, cmd, "name", jstr(s, w->src + t->off, t->len));
		}
	} else if (!strcmp(type, "invoke") || !strcmp(type, "get")) {
		w->i = at;
		cmd->first->str = "action";
		cmd->first->len = 6;
		jadd(s, cmd, "action", action(s));
		return cmd;
	} else if (!strcmp(type, "assert_return")) {
		JsonValue *exp = jnew(s, JSON_ARRAY);
		jadd(s, cmd, "action", action(s));
		while (wat_tok(w, w->i)->kind == TK_LPAR)
			jadd(s, exp, NULL, value(s, true));
		jadd(s, cmd, "expected", exp);
	} else if (!strcmp(type, "assert_trap") && is_module(w, w->i)) {
		cmd->first->str = "assert_uninstantiable";
		cmd->first->len = strlen(cmd->first->str);
		cmd->first->next->number = line_of(s, w->i + 1);
		module(s, cmd);
		text_arg(s, cmd);
	} else if (!strcmp(type, "assert_trap") || !strcmp(type, "assert_exhaustion")) {
		jadd(s, cmd, "action", action(s));
		text_arg(s, cmd);
	} else if (!strcmp(type, "assert_exception")) {
		jadd(s, cmd, "action", action(s));
	} else if (!strcmp(type, "assert_malformed") || !strcmp(type, "assert_invalid") ||
	           !strcmp(type, "assert_unlinkable") || !strcmp(type, "assert_malformed_custom") ||
	           !strcmp(type, "assert_invalid_custom")) {
		if (!is_module(w, w->i))
			wat_fail(w, w->i, "unexpected token, expected a module");
		cmd->first->next->number = line_of(s, w->i + 1);
		module(s, cmd);
		text_arg(s, cmd);
	} else {
		/* thread, wait, script, input, output, ...: unknown to the
		 * harness, which reports them */
		w->i = wat_skip_sexpr(w, at);
		return cmd;
	}
	close_paren(w);
	return cmd;
}

/* Converts the script; NULL with "LINE:COL: message" in err. */
JsonValue *wast_commands(const char *src, size_t size, const char *dir, const char *name,
                         Arena *arena, char *err, size_t errsize)
{
	Wat w;
	Script s;
	JsonValue *root = NULL, *cmds;
	size_t i;

	memset(&w, 0, sizeof w);
	memset(&s, 0, sizeof s);
	w.src = src;
	w.size = size;
	s.w = &w;
	s.arena = arena;
	s.dir = dir;
	s.name = name;
	vec_push(s.lines, 0);
	for (i = 0; i < size; i++)
		if (src[i] == '\n')
			vec_push(s.lines, i + 1);
	if (setjmp(w.env) == 0) {
		wat_lex(&w);
		root = jnew(&s, JSON_OBJECT);
		cmds = jnew(&s, JSON_ARRAY);
		{
			/* NAME.wast, as wast2json names it, for the harness's messages */
			char *src_name = arena_alloc(arena, strlen(name) + 6);
			snprintf(src_name, strlen(name) + 6, "%s.wast", name);
			jadd(&s, root, "source_filename", jcstr(&s, src_name));
		}
		jadd(&s, root, "commands", cmds);
		if (wat_tok(&w, 0)->kind == TK_LPAR && !is_module(&w, 0) &&
		    wat_tok(&w, 1)->kind == TK_ATOM &&
		    (wat_is_kw(&w, 1, "type") || wat_is_kw(&w, 1, "func") || wat_is_kw(&w, 1, "import") ||
		     wat_is_kw(&w, 1, "export") || wat_is_kw(&w, 1, "memory") ||
		     wat_is_kw(&w, 1, "table") || wat_is_kw(&w, 1, "global") ||
		     wat_is_kw(&w, 1, "data") || wat_is_kw(&w, 1, "elem") ||
		     wat_is_kw(&w, 1, "start") || wat_is_kw(&w, 1, "rec") || wat_is_kw(&w, 1, "tag"))) {
			/* a bare module: one module command */
			JsonValue *cmd = jnew(&s, JSON_OBJECT);
			Buf *text = wat_buf(&w);
			char file[300];
			buf_str(text, "(module\n");
			buf_add(text, src, size);
			buf_str(text, "\n)\n");
			snprintf(file, sizeof file, "%s.%u.wat", name, s.nfiles++);
			write_file(&s, 0, file, text->p, text->len);
			wat_unbuf(&w, text);
			jadd(&s, cmd, "type", jcstr(&s, "module"));
			jadd(&s, cmd, "line", jnum(&s, line_of(&s, 1)));
			jadd(&s, cmd, "filename", jcstr(&s, file));
			jadd(&s, cmds, NULL, cmd);
		} else {
			while (wat_tok(&w, w.i)->kind != TK_EOF)
				jadd(&s, cmds, NULL, command(&s));
		}
	} else {
		snprintf(err, errsize, "%s", w.err);
		root = NULL;
	}
	free(s.lines.v);
	wat_free(&w);
	return root;
}
