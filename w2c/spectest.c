/*
 * spectest.c: `w2c spectest TEST.json -o DIR`.
 *
 * Turns a wast2json command list into a self-contained C harness: every
 * binary module translated (mN.c, mN.h), the command table (main.c), and
 * the fixed driver and its header (driver.c, spectest.h, embedded here
 * from w2c/harness/).  Invalid and malformed modules are judged now, by
 * w2c's own decoder and validator, and land in the table as decided
 * results; everything else runs when the harness runs.
 *
 * A .wast script is read directly (wat_script.c) into the same command
 * list.  Every command counts as one test, those on text-format modules
 * ("module_type": "text", quoted in the script) too: w2c's text reader
 * judges them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "json.h"
#include "wat.h"
#include "spectest_driver.h"
#include "spectest_header.h"

typedef struct Def {
	const char *name;       /* $name, or NULL */
	long module;            /* its number, or -1 if it did not translate */
} Def;

typedef struct Gen {
	bool compress_data;     /* translate with --compress-data */
	uint32_t split;         /* ... and with --split N */
	bool has_max_memory;    /* ... and with --max-memory */
	uint64_t max_memory;
	const char *json_dir;   /* where the .wasm files are */
	const char *out_dir;
	Arena arena;
	Buf values;             /* static sp_value arrays */
	Buf table;              /* sp_command initializers */
	Buf includes;
	uint32_t nmodules, nvalues, ncommands;
	/* module definitions, in order, for module_instance */
	VEC(Def) defs;
	uint32_t static_pass, static_fail, wording_differs;
} Gen;

static char *path_join(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, file);
	return p;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void str_or_null(Buf *b, const char *s)
{
	if (s)
		c_string_literal((const uint8_t *)s, strlen(s), b);
	else
		buf_str(b, "NULL");
}

/* ------------------------------------------------------------- values */

static const char *abi_type(const char *t, int *code)
{
	static const char *const names[] = { "i32", "i64", "f32", "f64", "v128", "funcref",
	                                     "externref", "exnref" };
	static const char *const abi[] = { "W2C_I32", "W2C_I64", "W2C_F32", "W2C_F64",
	                                   "W2C_V128", "W2C_FUNCREF", "W2C_EXTERNREF",
	                                   "W2C_EXNREF" };
	int i;

	for (i = 0; i < 8; i++)
		if (t && !strcmp(t, names[i])) {
			*code = i + 1;
			return abi[i];
		}
	return NULL;
}

/* A v128 value's lanes into the initializer's tail: shape, lane matches,
 * bytes.  False if a lane can't be read. */
static bool v128_init(const JsonValue *v, Buf *b)
{
	static const char *const shapes[] = { "i8", "i16", "i32", "i64", "f32", "f64" };
	static const int widths[] = { 1, 2, 4, 8, 4, 8 };
	const char *lt = json_str(v, "lane_type");
	const JsonValue *lanes = json_get(v, "value"), *l;
	uint8_t bytes[16] = { 0 };
	int match[4] = { 0, 0, 0, 0 };
	int shape, n = 0, w, k;

	for (shape = 0; shape < 6; shape++)
		if (lt && !strcmp(lt, shapes[shape]))
			break;
	if (shape == 6 || !lanes || lanes->kind != JSON_ARRAY)
		return false;
	w = widths[shape];
	if (lanes->count != (size_t)(16 / w))
		return false;
	for (l = lanes->first; l; l = l->next, n++) {
		unsigned long long x;
		char *end;
		if (l->kind != JSON_STRING)
			return false;
		if (!strcmp(l->str, "nan:canonical") || !strcmp(l->str, "nan:arithmetic")) {
			if (shape < 4)
				return false;
			match[n] = l->str[4] == 'c' ? 1 : 2;
			continue;
		}
		errno = 0;
		x = l->str[0] == '-' ? (unsigned long long)strtoll(l->str, &end, 10)
		                     : strtoull(l->str, &end, 10);
		if (*end || errno)
			return false;
		for (k = 0; k < w; k++)
			bytes[n * w + k] = (uint8_t)(x >> 8 * k);
	}
	buf_printf(b, ", %d, { %d, %d, %d, %d }, ", shape + 1, match[0], match[1], match[2],
	           match[3]);
	c_string_literal(bytes, 16, b);
	return true;
}

/* One sp_value initializer; false if the value can't be expressed. */
static bool value_init(const JsonValue *v, Buf *b)
{
	const char *t = json_str(v, "type"), *val = json_str(v, "value");
	const char *abi, *match = "SP_EXACT";
	int code, null = 0;
	unsigned long long bits = 0;

	static const char *const gc_kinds[] = { "anyref", "eqref", "i31ref", "structref",
	                                        "arrayref" };

	/* a null of any reference type, or of one hierarchy's */
	if (t && (!strcmp(t, "refnull") || !strcmp(t, "nullfuncref") ||
	          !strcmp(t, "nullexternref") || !strcmp(t, "nullref") ||
	          !strcmp(t, "nullexnref"))) {
		buf_printf(b, "{ %s, SP_NULL, 1, 0, 0, { 0, 0, 0, 0 }, { 0 } }",
		           t[0] == 'r' ? "0" : !strcmp(t, "nullref") ? "W2C_ANYREF" :
		           t[4] == 'f' ? "W2C_FUNCREF" : t[6] == 'n' ? "W2C_EXNREF" : "W2C_EXTERNREF");
		return true;
	}
	/* GC references: null, (no value) any non-null one of a kind, the
	 * kind (SP_GC_) in bits, or (ref.host N), the host value N as an
	 * anyref (the one (ref.extern N) becomes) */
	for (code = 0; t && code < 5; code++)
		if (!strcmp(t, gc_kinds[code])) {
			if (val && strcmp(val, "null")) {
				char *end;
				errno = 0;
				bits = strtoull(val, &end, 10);
				if (code || *end || errno)
					return false;
				buf_printf(b, "{ W2C_ANYREF, SP_EXACT, 0, UINT64_C(%llu), 0, { 0, 0, 0, 0 }, "
				              "{ 0 } }", bits);
				return true;
			}
			buf_printf(b, "{ W2C_ANYREF, %s, %d, %d, 0, { 0, 0, 0, 0 }, { 0 } }",
			           val ? "SP_NULL" : "SP_ANY", val != NULL, code);
			return true;
		}
	abi = abi_type(t, &code);
	if (!abi)
		return false;
	if (code == 5) {
		buf_printf(b, "{ %s, %s, 0, 0", abi, json_get(v, "value") ? "SP_EXACT" : "SP_ANY");
		if (!json_get(v, "value")) {
			buf_str(b, ", 0, { 0, 0, 0, 0 }, { 0 } }");
			return true;
		}
		if (!v128_init(v, b))
			return false;
		buf_str(b, " }");
		return true;
	}
	if (!val) {
		match = "SP_ANY"; /* trap assertions name only the types */
	} else if (!strcmp(val, "nan:canonical")) {
		match = "SP_NAN_CANONICAL";
	} else if (!strcmp(val, "nan:arithmetic")) {
		match = "SP_NAN_ARITHMETIC";
	} else if (!strcmp(val, "null")) {
		null = 1;
	} else {
		char *end;
		errno = 0;
		bits = strtoull(val, &end, 10);
		if (*end || errno)
			return false;
	}
	buf_printf(b, "{ %s, %s, %d, UINT64_C(%llu), 0, { 0, 0, 0, 0 }, { 0 } }", abi, match,
	           null, bits);
	return true;
}

/* One result of several possible values, (either ...): a header counting
 * the alternatives, then each.  False if one can't be expressed. */
static bool either_init(const JsonValue *alts, Buf *b)
{
	const JsonValue *a;

	if (!alts || alts->kind != JSON_ARRAY || !alts->count)
		return false;
	buf_printf(b, "\t{ 0, SP_EITHER, 0, UINT64_C(%zu), 0, { 0, 0, 0, 0 }, { 0 } },\n",
	           alts->count);
	for (a = alts->first; a; a = a->next) {
		buf_str(b, "\t");
		if (!value_init(a, b))
			return false;
		buf_str(b, ",\n");
	}
	return true;
}

/* Emits a static array of values; returns its name's number, or -1 if
 * some value can't be expressed; *count gets the number of values, or
 * of results where an (either ...) stands for one.  With `either`, the
 * list is one result's alternatives (wast2json's "either" field). */
static long value_array(Gen *g, const JsonValue *list, bool either, uint32_t *count)
{
	const JsonValue *v;
	Buf items = { 0 };
	long id;

	*count = 0;
	if (!list || list->kind != JSON_ARRAY || !list->count)
		return 0;
	if (either) {
		if (!either_init(list, &items)) {
			buf_free(&items);
			return -1;
		}
		*count = 1;
	}
	for (v = either ? NULL : list->first; v; v = v->next) {
		const char *t = json_str(v, "type");
		bool ok;
		if (t && !strcmp(t, "either")) {
			ok = either_init(json_get(v, "values"), &items);
		} else {
			buf_str(&items, "\t");
			ok = value_init(v, &items);
			buf_str(&items, ",\n");
		}
		if (!ok) {
			buf_free(&items);
			return -1;
		}
		(*count)++;
	}
	id = ++g->nvalues;
	buf_printf(&g->values, "static const sp_value v%ld[] = {\n", id);
	buf_add(&g->values, items.p, items.len);
	buf_str(&g->values, "};\n");
	buf_free(&items);
	return id;
}

/* -------------------------------------------------------------- modules */

/* A module file's binary: a .wat file (a text module of the script, or
 * wast2json's quoted text) goes through the text reader; *text_error says
 * the text itself was rejected. */
static uint8_t *load_module(const char *path, size_t *size, char *err, size_t errsize,
                            bool *text_error)
{
	size_t n = strlen(path);
	uint8_t *bytes = read_input(path, size, err, errsize);
	Buf out = { 0 };

	*text_error = false;
	if (!bytes || n < 4 || strcmp(path + n - 4, ".wat"))
		return bytes;
	if (!wat_to_wasm((const char *)bytes, *size, &out, err, errsize)) {
		*text_error = true;
		free(bytes);
		buf_free(&out);
		return NULL;
	}
	free(bytes);
	*size = out.len;
	return out.p ? (uint8_t *)out.p : xcalloc(1, 1);
}

/* Translates the module in `file`; returns its number, or -1 with the
 * error in err. */
static long translate_module(Gen *g, const char *file, char *err, size_t errsize)
{
	char *in = path_join(g->json_dir, file), name[32], cname[40], hname[40];
	char *cpath, *hpath;
	uint8_t *bytes;
	size_t size;
	Options opt;
	Translation t;
	bool ok, text_error;
	long id = (long)g->nmodules;

	bytes = load_module(in, &size, err, errsize, &text_error);
	if (!bytes) {
		free(in);
		return -1;
	}
	snprintf(name, sizeof name, "w2c_m%ld", id);
	snprintf(cname, sizeof cname, "m%ld.c", id);
	snprintf(hname, sizeof hname, "m%ld.h", id);
	cpath = path_join(g->out_dir, cname);
	hpath = path_join(g->out_dir, hname);
	memset(&opt, 0, sizeof opt);
	opt.input = file;
	opt.prefix = name;
	opt.header = hname;
	opt.compress_data = g->compress_data;
	opt.split = g->split;
	opt.has_max_memory = g->has_max_memory;
	opt.max_memory = g->max_memory;
	ok = w2c_translate(bytes, size, &opt, cpath, hpath, &t);
	if (!ok)
		snprintf(err, errsize, "%s", t.error);
	free(bytes);
	free(in);
	free(cpath);
	free(hpath);
	if (!ok)
		return -1;
	g->nmodules++;
	buf_printf(&g->includes, "#include \"m%ld.h\"\n", id);
	return id;
}

/* ------------------------------------------------------------- commands */

typedef struct Cmd {
	const char *kind;
	int line;
	long module;            /* -1: none; else its number */
	const char *name, *as, *target, *text, *detail;
	const char *field;
	size_t field_len;
	bool get, ok, definition;
	long args, expected;
	uint32_t nargs, nexpected;
} Cmd;

static void emit_command(Gen *g, const Cmd *c)
{
	Buf *b = &g->table;

	buf_printf(b, "\t{ %s, %d, ", c->kind, c->line);
	if (c->module >= 0)
		buf_printf(b, "&w2c_m%ld_module, ", c->module);
	else
		buf_str(b, "NULL, ");
	str_or_null(b, c->name);
	buf_str(b, ", ");
	str_or_null(b, c->as);
	buf_printf(b, ", %d, ", c->get);
	str_or_null(b, c->target);
	buf_str(b, ", ");
	if (c->field)
		c_string_literal((const uint8_t *)c->field, c->field_len, b);
	else
		buf_str(b, "NULL");
	buf_printf(b, ", %zu, ", c->field_len);
	if (c->nargs)
		buf_printf(b, "%u, v%ld, ", c->nargs, c->args);
	else
		buf_str(b, "0, NULL, ");
	if (c->nexpected)
		buf_printf(b, "%u, v%ld, ", c->nexpected, c->expected);
	else
		buf_str(b, "0, NULL, ");
	str_or_null(b, c->text);
	buf_printf(b, ", %d, ", c->ok);
	str_or_null(b, c->detail);
	buf_printf(b, ", %d },\n", c->definition);
	g->ncommands++;
}

static bool is_text_module(const JsonValue *cmd)
{
	const char *mt = json_str(cmd, "module_type");
	return mt && !strcmp(mt, "text");
}

/* An action's parts into c; false (with c->detail) if it can't run. */
static bool read_action(Gen *g, const JsonValue *cmd, Cmd *c)
{
	const JsonValue *a = json_get(cmd, "action"), *field;
	const char *type = json_str(a, "type");

	if (!a || !type) {
		c->detail = "no action";
		return false;
	}
	field = json_get(a, "field");
	c->target = json_str(a, "module");
	c->get = !strcmp(type, "get");
	if (field && field->kind == JSON_STRING) {
		c->field = field->str;
		c->field_len = field->len;
	}
	c->args = value_array(g, json_get(a, "args"), false, &c->nargs);
	if (!strcmp(json_str(cmd, "type"), "assert_return")) {
		if (!json_get(cmd, "expected") && json_get(cmd, "either"))
			c->expected = value_array(g, json_get(cmd, "either"), true, &c->nexpected);
		else
			c->expected = value_array(g, json_get(cmd, "expected"), false,
			                          &c->nexpected);
	}
	if (c->args < 0 || c->expected < 0) {
		c->detail = "a value the harness can't express";
		return false;
	}
	return true;
}

static char *note(Gen *g, const char *fmt, const char *a, const char *b)
{
	char tmp[700];
	snprintf(tmp, sizeof tmp, fmt, a, b);
	return arena_strndup(&g->arena, tmp, strlen(tmp));
}

/* Module definitions ("module definition" in the .wast) are translated
 * like any module and instantiated by later module_instance commands.
 * A definition that failed to translate is recorded as -1. */
static void define(Gen *g, const char *name, long module)
{
	Def d = { name, module };
	vec_push(g->defs, d);
}

/* The definition named `name`, the newest of that name; NULL names the
 * last one defined.  -2 if there is none. */
static long definition(const Gen *g, const char *name)
{
	size_t i;

	if (!name)
		return g->defs.n ? g->defs.v[g->defs.n - 1].module : -2;
	for (i = g->defs.n; i-- > 0;)
		if (g->defs.v[i].name && !strcmp(g->defs.v[i].name, name))
			return g->defs.v[i].module;
	return -2;
}

static void command(Gen *g, const JsonValue *cmd)
{
	const char *type = json_str(cmd, "type"), *file = json_str(cmd, "filename");
	const JsonValue *line = json_get(cmd, "line");
	char err[600];
	Cmd c;

	memset(&c, 0, sizeof c);
	c.module = -1;
	c.line = line && line->kind == JSON_NUMBER ? (int)line->number : 0;
	c.text = json_str(cmd, "text");
	if (!type)
		return;
	if (!strcmp(type, "module")) {
		const JsonValue *def = json_get(cmd, "definition");
		c.kind = "SP_MODULE";
		c.name = json_str(cmd, "name");
		c.definition = def && (def->boolean || (def->str && !strcmp(def->str, "true")));
		c.module = file ? translate_module(g, file, err, sizeof err) : -1;
		if (c.module < 0)
			c.detail = note(g, "%s%s", file ? err : "no file", "");
		if (c.definition)
			define(g, c.name, c.module);
	} else if (!strcmp(type, "module_instance")) {
		/* a definition instantiated: a module command that names it */
		const char *def = json_str(cmd, "module");
		c.kind = "SP_MODULE";
		c.name = json_str(cmd, "instance");
		c.module = definition(g, def);
		if (c.module < 0)
			c.detail = note(g, c.module == -1 ? "module definition %s did not translate"
			                                  : "no module definition %s",
			                def ? def : "(the last)", "");
		c.module = c.module < 0 ? -1 : c.module;
	} else if (!strcmp(type, "register")) {
		c.kind = "SP_REGISTER";
		c.name = json_str(cmd, "name");
		c.as = json_str(cmd, "as");
	} else if (!strcmp(type, "action") || !strcmp(type, "assert_return") ||
	           !strcmp(type, "assert_trap") || !strcmp(type, "assert_exhaustion") ||
	           !strcmp(type, "assert_exception")) {
		c.kind = !strcmp(type, "action") ? "SP_ACTION" :
		         !strcmp(type, "assert_return") ? "SP_RETURN" :
		         !strcmp(type, "assert_trap") ? "SP_TRAP" :
		         !strcmp(type, "assert_exception") ? "SP_EXCEPTION" : "SP_EXHAUSTION";
		if (!read_action(g, cmd, &c)) {
			c.kind = "SP_STATIC";
			c.ok = false;
		}
	} else if (!strcmp(type, "assert_invalid") || !strcmp(type, "assert_malformed")) {
		char *path;
		uint8_t *bytes;
		size_t size;
		Translation t;
		bool text_error, malformed = !strcmp(type, "assert_malformed");
		c.kind = "SP_STATIC";
		path = path_join(g->json_dir, file ? file : "?");
		bytes = load_module(path, &size, err, sizeof err, &text_error);
		if (!bytes && text_error && malformed) {
			/* a malformed text module: the text reader rejects it */
			c.ok = true;
		} else if (is_text_module(cmd) && malformed) {
			/* ... and nothing after the text reader may decide */
			c.detail = note(g, "text module accepted, expected \"%s\"%s",
			                c.text ? c.text : "", "");
		} else if (!bytes) {
			c.detail = note(g, "cannot read %s: %s", path, err);
		} else if (w2c_validate(bytes, size, file, &t)) {
			c.detail = note(g, "module accepted, expected \"%s\"%s", c.text ? c.text : "",
			                "");
		} else {
			c.ok = true;
			if (c.text && strncmp(t.message, c.text, strlen(c.text)))
				g->wording_differs++;
		}
		if (c.ok)
			g->static_pass++;
		else
			g->static_fail++;
		free(bytes);
		free(path);
	} else if (!strcmp(type, "assert_invalid_custom") ||
	           !strcmp(type, "assert_malformed_custom")) {
		/* The error is in a custom section or annotation that w2c does
		 * not interpret, and such an error must not reject the module
		 * (the core spec's rule for custom sections): it passes when the
		 * module translates ... */
		char *path = path_join(g->json_dir, file ? file : "?");
		size_t size;
		bool text_error = false;
		uint8_t *bytes = is_text_module(cmd) && !strcmp(type, "assert_malformed_custom")
		                         ? load_module(path, &size, err, sizeof err, &text_error)
		                         : NULL;
		c.kind = "SP_STATIC";
		if (!bytes && text_error) {
			/* ... except the branch hint's placement in text, which
			 * the text reader checks (wat_lex.c) */
			c.ok = strstr(err, "annotation") != NULL;
			if (!c.ok)
				c.detail = note(g, "text module rejected: %s%s", err, "");
		} else {
			c.module = file ? translate_module(g, file, err, sizeof err) : -1;
			c.ok = c.module >= 0;
			if (!c.ok)
				c.detail = note(g, "custom section error rejected the module: %s%s",
				                file ? err : "no file", "");
		}
		c.module = -1;
		free(bytes);
		free(path);
	} else if (!strcmp(type, "assert_unlinkable") || !strcmp(type, "assert_uninstantiable")) {
		c.kind = !strcmp(type, "assert_unlinkable") ? "SP_UNLINKABLE" : "SP_UNINSTANTIABLE";
		c.module = file ? translate_module(g, file, err, sizeof err) : -1;
		if (c.module < 0)
			c.detail = note(g, "%s%s", file ? err : "no file", "");
	} else {
		c.kind = "SP_STATIC";
		c.detail = note(g, "unknown command %s%s", type, "");
	}
	emit_command(g, &c);
}

/* ----------------------------------------------------------------- main */

static bool write_text(const char *dir, const char *name, const char *text, size_t len)
{
	char *p = path_join(dir, name), err[300];
	bool ok = write_file_atomic(p, text, len, err, sizeof err);

	if (!ok)
		fprintf(stderr, "w2c: %s\n", err);
	free(p);
	return ok;
}

/* Writes a file embedded by tools/embed.py as an array of lines. */
static bool write_lines(const char *dir, const char *name, const char *const *lines)
{
	Buf b = { 0 };
	bool ok;

	for (; *lines; lines++)
		buf_str(&b, *lines);
	ok = write_text(dir, name, b.p, b.len);
	buf_free(&b);
	return ok;
}

int spectest_main(int argc, char **argv)
{
	const char *json = NULL, *out = NULL, *src;
	char err[300], *slash;
	uint8_t *text;
	size_t size;
	JsonValue *root, *cmds, *c;
	Gen g;
	Buf main_c = { 0 };
	int i, status = 1;

	memset(&g, 0, sizeof g);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i == argc)
				break;
			out = argv[i];
		} else if (!strcmp(argv[i], "--compress-data")) {
			g.compress_data = true;
		} else if (!strcmp(argv[i], "--split")) {
			g.split = i + 1 < argc ? (uint32_t)atoi(argv[++i]) : 0;
			if (g.split < 1 || g.split > 1000) {
				fputs("w2c: spectest: --split takes a number from 1 to 1000\n", stderr);
				break;
			}
		} else if (!strncmp(argv[i], "--max-memory=", 13)) {
			/* (a cap of 16M or less runs the suite on small memories) */
			if (!parse_memory_size(argv[i] + 13, &g.max_memory))
				return bad_memory_size(argv[i] + 13);
			g.has_max_memory = true;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "w2c: spectest: unknown option %s\n", argv[i]);
			json = NULL;
			break;
		} else {
			json = argv[i];
		}
	}
	if (!json || !out || i < argc) {
		fputs("usage: w2c spectest TEST.json|TEST.wast -o DIR [--compress-data] [--split N] "
		      "[--max-memory=SIZE]\n", stderr);
		return 2;
	}
	text = read_input(json, &size, err, sizeof err);
	if (!text) {
		fprintf(stderr, "w2c: %s: %s\n", json, err);
		return 1;
	}
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "w2c: %s: %s\n", out, strerror(errno));
		goto done;
	}
	if (wat_is_text(text, size)) {
		/* a .wast script: its modules are written into DIR */
		char *name = arena_strndup(&g.arena, basename_of(json), strlen(basename_of(json)));
		char *dot = strrchr(name, '.');
		if (dot && dot != name)
			*dot = 0;
		root = wast_commands((const char *)text, size, out, name, &g.arena, err, sizeof err);
		if (!root) {
			fprintf(stderr, "w2c: %s:%s\n", json, err);
			goto done;
		}
		g.json_dir = out;
	} else {
		root = json_parse((const char *)text, size, &g.arena, err, sizeof err);
		g.json_dir = arena_strndup(&g.arena, json, strlen(json));
		slash = strrchr((char *)g.json_dir, '/');
		if (slash)
			*slash = 0;
		else
			g.json_dir = ".";
	}
	cmds = json_get(root, "commands");
	if (!root || !cmds || cmds->kind != JSON_ARRAY) {
		fprintf(stderr, "w2c: %s: %s\n", json, root ? "no \"commands\" list" : err);
		goto done;
	}
	g.out_dir = out;
	for (c = cmds->first; c; c = c->next)
		command(&g, c);

	src = json_str(root, "source_filename");
	buf_printf(&main_c, "/* Generated by w2c spectest from %s.  Do not edit. */\n",
	           basename_of(json));
	buf_str(&main_c, "#include \"spectest.h\"\n");
	if (g.includes.len)
		buf_add(&main_c, g.includes.p, g.includes.len);
	buf_char(&main_c, '\n');
	if (g.values.len)
		buf_add(&main_c, g.values.p, g.values.len);
	buf_str(&main_c, "\nstatic const sp_command commands[] = {\n");
	if (g.table.len)
		buf_add(&main_c, g.table.p, g.table.len);
	else
		buf_str(&main_c, "\t{ SP_STATIC, 0, NULL, NULL, NULL, 0, NULL, NULL, 0, 0, NULL, "
		                 "0, NULL, NULL, 1, NULL, 0 },\n");
	buf_str(&main_c, "};\n\nint main(void)\n{\n\treturn sp_run(");
	str_or_null(&main_c, src ? basename_of(src) : basename_of(json));
	buf_printf(&main_c, ", commands, %s);\n}\n", g.table.len ? "sizeof commands / sizeof commands[0]" : "0");

	if (write_lines(out, "spectest.h", spectest_header_h) &&
	    write_lines(out, "driver.c", spectest_driver_c) &&
	    write_text(out, "main.c", main_c.p, main_c.len))
		status = 0;
	if (g.wording_differs)
		fprintf(stderr, "w2c: spectest: %u rejected modules with other wording than the spec's\n",
		        g.wording_differs);
done:
	buf_free(&main_c);
	buf_free(&g.values);
	buf_free(&g.table);
	buf_free(&g.includes);
	free(g.defs.v);
	arena_free(&g.arena);
	free(text);
	return status;
}
