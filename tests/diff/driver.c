/*
 * driver.c: the w2c side of the differential test.
 *
 *     driver PLAN
 *
 * Linked with one translated module, named w2c_m (`w2c M.wasm -o m.c -n
 * m`).  Instantiates it with the imports binaryen's fuzzer makes, then
 * makes the calls listed in PLAN, one per line:
 *
 *     call NAME_HEX TYPE:BITS... -> RESULT_TYPES...
 *
 * NAME_HEX is the export's name in hex, each argument a type (i32, i64,
 * f32, f64, funcref, externref) and its bits in hex (null for references).
 * The other lines are for node; here the descriptor says the types.
 *
 * The imports behave as binaryen's fuzz_shell.js has them under node
 * (host_function): "fuzzing-support" functions log, throw (a JavaScript
 * error, or the tag "wasmtag"), read and write the exported table "table",
 * and call exports and function references with a null for every
 * parameter; any other function logs its arguments and returns zeros.  The
 * imported tag "jstag" is the one V8's JavaScript errors are thrown with
 * (WebAssembly.JSTag): where V8 would throw a TypeError (a v128 or exnref
 * at the JavaScript boundary, a null that doesn't convert, a missing
 * export), this side throws that tag with a "jserror" payload.  Imported
 * externref globals get an object whose payload is computed from the names.
 *
 * For every event it prints one line, in exactly the form driver.mjs
 * prints for the same event under node:
 *
 *     instantiate ok | instantiate OUTCOME | link error
 *     log MODULE.NAME VALUE...           an imported function was called
 *     call NAME ok VALUE...              a call returned
 *     call NAME OUTCOME                  a call trapped or threw
 *     driver-limit WHAT                  this side can't go on like V8
 *
 * where OUTCOME is "trap CLASS" or "exception TAG VALUE..." (see
 * print_outcome).  Values print as TYPE:BITS, except that every NaN prints
 * as TYPE:nan (NaN payloads may differ between engines), references as
 * null, ref (a function, or a host value the driver didn't make), jserror,
 * ext:PAYLOAD, and GC references as JavaScript sees them (binaryen's
 * fuzz_shell.js prints them so too): an i31 as the number i31:N (signed),
 * a struct or array as object, a host value made an anyref as that value;
 * v128 and exnref values, which JavaScript can't see, print as their type.
 *
 * PLAN's "nonnull yes|mixed SIGNATURE" lines name the signatures (as the
 * runtime's value types) of function types with a non-null reference
 * parameter, for which V8 throws a TypeError when the fuzzer calls with
 * nulls (see call_with_nulls).  Traps print as a class that both
 * engines can tell apart (see trap_class): V8 tells a null entry from a
 * signature mismatch no more than an index out of range from a table
 * access out of range, or a NaN from an out-of-range float converted to an
 * integer.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2c.h"

/* The translated module's descriptor (its header is not needed). */
extern const w2c_module w2c_m_module;

/* Output is flushed as it goes, so that a run killed by a timeout still
 * shows how far it came. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static void emit(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static char jserror_object;
#define MAX_GLOBALS 64
static struct ext_object {
	unsigned payload;
} ext_objects[MAX_GLOBALS];

/* The externref values the driver makes: JavaScript errors and imported
 * globals' objects (see main). */
static void print_externref(w2c_externref r)
{
	struct ext_object *o = r;

	if (!r)
		emit(" null");
	else if (r == &jserror_object)
		emit(" jserror");
	else if (o >= ext_objects && o < ext_objects + MAX_GLOBALS)
		emit(" ext:%u", o->payload);
	else
		emit(" ref");
}

/* A GC reference, or an externref wasm made of one: what JavaScript
 * prints of the value V8 gives it. */
static void print_gc(w2c_anyref r)
{
	w2c_value v = w2c_value_anyref(r);

	switch (w2c_ref_kind_of(&v)) {
	case W2C_REF_NULL:
		emit(" null");
		break;
	case W2C_REF_I31:
		emit(" i31:%" PRId32, w2c_ref_i31_s(r));
		break;
	case W2C_REF_STRUCT:
	case W2C_REF_ARRAY:
		emit(" object");
		break;
	default: /* a host value, boxed */
		print_externref(w2c_ref_externalize(r));
		break;
	}
}

static void print_value(const w2c_value *v)
{
	switch (v->type) {
	case W2C_I32:
		emit(" i32:%08" PRIx32, v->of.i32);
		break;
	case W2C_I64:
		emit(" i64:%016" PRIx64, v->of.i64);
		break;
	case W2C_F32: {
		uint32_t bits;
		memcpy(&bits, &v->of.f32, 4);
		if (v->of.f32 != v->of.f32)
			emit(" f32:nan");
		else
			emit(" f32:%08" PRIx32, bits);
		break;
	}
	case W2C_F64: {
		uint64_t bits;
		memcpy(&bits, &v->of.f64, 8);
		if (v->of.f64 != v->of.f64)
			emit(" f64:nan");
		else
			emit(" f64:%016" PRIx64, bits);
		break;
	}
	case W2C_FUNCREF:
		emit(" %s", v->of.funcref.fn ? "ref" : "null");
		break;
	case W2C_EXTERNREF:
		if (w2c_ref_kind_of(v) == W2C_REF_HOST || w2c_ref_kind_of(v) == W2C_REF_NULL)
			print_externref(v->of.externref);
		else
			print_gc(w2c_ref_internalize(v->of.externref));
		break;
	case W2C_ANYREF:
		print_gc(v->of.anyref);
		break;
	case W2C_V128:
		emit(" v128");
		break;
	case W2C_EXNREF:
		emit(" exnref");
		break;
	default:
		emit(" ?");
		break;
	}
}

static const char *trap_class(w2c_status st)
{
	switch (st) {
	case W2C_TRAP_UNREACHABLE:
		return "unreachable";
	case W2C_TRAP_MEMORY_OOB:
		return "memory";
	case W2C_TRAP_TABLE_OOB:
	case W2C_TRAP_UNDEFINED_ELEMENT:
		return "table";
	case W2C_TRAP_UNINITIALIZED_ELEMENT:
	case W2C_TRAP_INDIRECT_CALL_TYPE:
		return "indirect";
	case W2C_TRAP_INT_OVERFLOW:
	case W2C_TRAP_INVALID_CONVERSION:
		return "overflow";
	case W2C_TRAP_DIV_ZERO:
		return "divzero";
	case W2C_TRAP_EXHAUSTION:
		return "exhaustion";
	case W2C_TRAP_NULL_EXNREF:
	case W2C_TRAP_NULL_FUNCREF:
	case W2C_TRAP_NULL_REFERENCE:
	case W2C_TRAP_NULL_I31:
	case W2C_TRAP_NULL_STRUCT:
	case W2C_TRAP_NULL_ARRAY:
		return "null";
	case W2C_TRAP_CAST:
		return "cast";
	case W2C_TRAP_ARRAY_OOB:
		return "array";
	case W2C_TRAP_GC_HEAP:
		return "oom";
	default:
		return w2c_status_message(st);
	}
}

/* ------------------------------------------------------------- imports */

static const char *type_names[] = {
	[W2C_I32] = "i32", [W2C_I64] = "i64", [W2C_F32] = "f32", [W2C_F64] = "f64",
	[W2C_V128] = "v128", [W2C_FUNCREF] = "funcref", [W2C_EXTERNREF] = "externref",
	[W2C_EXNREF] = "exnref", [W2C_ANYREF] = "anyref",
};

/* The signature's text as in PLAN's nonnull lines: "i32 anyref -> i32". */
static void signature_key(const w2c_functype *t, char *buf, size_t size)
{
	size_t len = 0;
	uint32_t i;

	buf[0] = 0;
	for (i = 0; i <= t->nparams + t->nresults && len < size; i++) {
		const char *word = i == t->nparams ? "->"
		                 : type_names[t->types[i < t->nparams ? i : i - 1]];
		int n = snprintf(buf + len, size - len, "%s%s", len ? " " : "", word);
		len += n < 0 ? 0 : (size_t)n;
	}
}

#define MAX_NONNULL 256
static char *nonnull_sigs[MAX_NONNULL]; /* "yes SIG" or "mixed SIG" */
static size_t nnonnull;

/* Whether a function of signature t has a non-null reference parameter:
 * 0 no, 1 yes, 2 can't tell. */
static int nonnull_params(const w2c_functype *t)
{
	char key[4096];
	size_t i;

	signature_key(t, key, sizeof key);
	for (i = 0; i < nnonnull; i++) {
		const char *sig = strchr(nonnull_sigs[i], ' ') + 1;
		if (!strcmp(sig, key))
			return nonnull_sigs[i][0] == 'y' ? 1 : 2;
	}
	return 0;
}

static w2c_instance *inst;       /* NULL until instantiated, as under node */
static w2c_tag *wasmtag, *jstag; /* binaryen's imported tags */

/* A JavaScript error, as an externref (jserror_object): what a host
 * function throws where V8 would throw a TypeError or RangeError (V8 gives
 * wasm such errors as exceptions of WebAssembly.JSTag, which catch_all
 * catches too). */
static W2C_NORETURN void throw_jserror(void)
{
	w2c_value v;

	memset(&v, 0, sizeof v);
	v.type = W2C_EXTERNREF;
	v.of.externref = &jserror_object;
	w2c_throw(jstag, &v, 1);
}

/* What a call through w2c_call_extern left: passed on to the caller. */
static void propagate(w2c_status st)
{
	if (st == W2C_EXCEPTION)
		w2c_throw_ref(w2c_exception());
	if (st == W2C_TRAP_HOST) {
		char message[256];
		snprintf(message, sizeof message, "%s", w2c_trap_host_message());
		w2c_trap_host(message);
	}
	if (st != W2C_OK)
		w2c_trap(st);
}

/* The driver can't do what the plan asks the way V8 would: the rest of the
 * run is not compared. */
static W2C_NORETURN void driver_limit(const char *what)
{
	emit("driver-limit %s\n", what);
	exit(0);
}

/* callFunc of fuzz_shell.js: a null for every parameter, converted as
 * JavaScript converts it (0 for numbers; a TypeError for i64, whose
 * BigInt null is not, for a non-null reference, and for v128 and exnref
 * anywhere in the signature).  Returns the call's status. */
static w2c_status call_with_nulls(const w2c_extern *f)
{
	const w2c_functype *t = f->functype;
	w2c_value args[64], results[64];
	uint32_t i;

	if (t->nparams > 64 || t->nresults > 64)
		driver_limit("signature too long");
	for (i = 0; i < t->nparams + t->nresults; i++) {
		w2c_valtype vt = (w2c_valtype)t->types[i];
		if (vt == W2C_V128 || vt == W2C_EXNREF || (i < t->nparams && vt == W2C_I64))
			throw_jserror();
		if (vt != W2C_I32 && vt != W2C_I64 && vt != W2C_F32 && vt != W2C_F64 &&
		    vt != W2C_FUNCREF && vt != W2C_EXTERNREF && vt != W2C_ANYREF)
			driver_limit("value type");
	}
	switch (nonnull_params(t)) {
	case 1:
		throw_jserror();
	case 2:
		driver_limit("null for a parameter that may be non-null");
	}
	for (i = 0; i < t->nparams; i++) {
		memset(&args[i], 0, sizeof args[i]);
		args[i].type = (w2c_valtype)t->types[i];
	}
	return w2c_call_extern(f, args, t->nparams, results, t->nresults);
}

/* exportList[index] of fuzz_shell.js, as a function. */
static void export_function(int32_t index, w2c_extern *f)
{
	const w2c_export_desc *d;

	if (!inst || (uint32_t)index >= inst->module->nexports)
		throw_jserror();
	d = &inst->module->exports[index];
	if (d->kind != W2C_EXTERN_FUNC || !w2c_get_export_n(inst, d->name, d->name_len, f))
		throw_jserror();
}

/* A function reference as a callable extern: the invoker of an exported
 * function of the same signature calls it. */
static void ref_function(w2c_funcref ref, w2c_extern *f)
{
	uint32_t i;

	if (!ref.fn)
		throw_jserror();
	if (!inst)
		driver_limit("call-ref while instantiating");
	for (i = 0; i < inst->module->nexports; i++) {
		const w2c_export_desc *d = &inst->module->exports[i];
		if (d->kind == W2C_EXTERN_FUNC &&
		    w2c_get_export_n(inst, d->name, d->name_len, f) && f->func.type == ref.type) {
			f->func = ref;
			return;
		}
	}
	driver_limit("call-ref of a signature no export has");
}

/* exports.table, where table-get and table-set go. */
static w2c_table *fuzz_table(void)
{
	w2c_table *t = inst ? w2c_get_table(inst, "table") : NULL;

	if (!t)
		throw_jserror();
	return t;
}

/* The imports of binaryen's fuzzer, as its fuzz_shell.js has them. */
enum fuzz_import {
	LOG,          /* any other: log the arguments, return zeros */
	THROW,        /* throw(which): a JS error if 0, else wasmtag(which) */
	TABLE_GET,    /* exports.table.get(i) */
	TABLE_SET,    /* exports.table.set(i, ref) */
	CALL_EXPORT,  /* call exportList[i] with nulls; exceptions pass */
	CALL_EXPORT_CATCH, /* the same, returning 1 if it threw, else 0 */
	CALL_REF,     /* call a funcref with nulls */
	CALL_REF_CATCH,
	SLEEP,        /* sleep(ms, id): returns id */
};

static const char *const fuzz_import_names[] = {
	[THROW] = "throw", [TABLE_GET] = "table-get", [TABLE_SET] = "table-set",
	[CALL_EXPORT] = "call-export", [CALL_EXPORT_CATCH] = "call-export-catch",
	[CALL_REF] = "call-ref", [CALL_REF_CATCH] = "call-ref-catch", [SLEEP] = "sleep",
};

struct host {
	const w2c_import_desc *desc;
	enum fuzz_import what;
};

/* call-export and call-ref: the export or reference in args[0]. */
static void call_host_call(enum fuzz_import what, const w2c_value *args)
{
	w2c_extern f;

	if (what == CALL_EXPORT || what == CALL_EXPORT_CATCH)
		export_function((int32_t)args[0].of.i32, &f);
	else
		ref_function(args[0].of.funcref, &f);
	propagate(call_with_nulls(&f));
}

struct host_call {
	enum fuzz_import what;
	const w2c_value *args;
};

static void run_host_call(void *arg)
{
	struct host_call *c = arg;
	call_host_call(c->what, c->args);
}

static void host_function(void *ctx, const w2c_value *args, w2c_value *results)
{
	const struct host *h = ctx;
	const w2c_import_desc *d = h->desc;
	w2c_table *t;
	uint32_t i;

	/* V8 throws a TypeError before calling an import with a v128 or an
	 * exnref in its signature. */
	for (i = 0; i < d->functype->nparams + d->functype->nresults; i++)
		if (d->functype->types[i] == W2C_V128 || d->functype->types[i] == W2C_EXNREF)
			throw_jserror();
	switch (h->what) {
	case LOG:
		emit("log %.*s.%.*s", (int)d->module_len, d->module, (int)d->name_len, d->name);
		for (i = 0; i < d->functype->nparams; i++)
			print_value(&args[i]);
		emit("\n");
		return;
	case THROW:
		if (!args[0].of.i32)
			throw_jserror();
		w2c_throw(wasmtag, args, 1);
	case TABLE_GET:
		t = fuzz_table();
		i = args[0].of.i32;
		if (i >= t->size)
			throw_jserror(); /* RangeError */
		if (t->elem == W2C_FUNCREF)
			results[0].of.funcref = t->funcs[i];
		else if ((t->elem != W2C_EXTERNREF && t->elem != W2C_ANYREF) || t->externs[i])
			throw_jserror(); /* not a function, or exnref */
		return;
	case TABLE_SET:
		t = fuzz_table();
		i = args[0].of.i32;
		if (i >= t->size ||
		    (t->elem != W2C_FUNCREF && t->elem != W2C_EXTERNREF && t->elem != W2C_ANYREF))
			throw_jserror();
		if (t->elem == W2C_FUNCREF) {
			/* a table of a function type, or non-null: V8 checks */
			if (args[1].of.funcref.fn ? t->elem_functype &&
			                                t->elem_functype->id != args[1].of.funcref.type
			                          : t->elem_nonnull)
				throw_jserror();
			t->funcs[i] = args[1].of.funcref;
		} else if (args[1].of.funcref.fn) {
			driver_limit("a function stored in an externref or anyref table");
		} else {
			t->externs[i] = NULL;
		}
		return;
	case CALL_EXPORT:
	case CALL_REF:
		call_host_call(h->what, args);
		return;
	case CALL_EXPORT_CATCH:
	case CALL_REF_CATCH: {
		/* fuzz_shell.js's tryCall: what throws, before the call (a
		 * TypeError) or in it, is caught; traps and stack exhaustion
		 * are not. */
		struct host_call c = { h->what, args };
		w2c_status st = w2c_protect(run_host_call, &c);
		if (st != W2C_OK && st != W2C_EXCEPTION)
			propagate(st);
		results[0].of.i32 = st == W2C_EXCEPTION;
		return;
	}
	case SLEEP:
		results[0].of.i32 = args[1].of.i32;
		return;
	}
}

/* ---------------------------------------------------------------- plan */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes hex in place; returns false on a malformed name. */
static bool unhex(char *s)
{
	size_t n = strlen(s), i;

	if (n % 2)
		return false;
	for (i = 0; i < n; i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		s[i / 2] = (char)(hi << 4 | lo);
	}
	s[n / 2] = 0;
	return true;
}

/* An argument TYPE:BITS, or a null of reference type `type` (the
 * parameter's: the plan names GC types as binaryen does). */
static bool parse_arg(const char *tok, w2c_valtype type, w2c_value *v)
{
	const char *colon = strchr(tok, ':');
	uint64_t bits;

	if (!colon)
		return false;
	bits = strtoull(colon + 1, NULL, 16);
	memset(v, 0, sizeof *v);
	if (!strcmp(colon, ":null") &&
	    (type == W2C_FUNCREF || type == W2C_EXTERNREF || type == W2C_ANYREF)) {
		v->type = type;
		return true;
	}
	if (!strncmp(tok, "i32:", 4)) {
		v->type = W2C_I32;
		v->of.i32 = (uint32_t)bits;
	} else if (!strncmp(tok, "i64:", 4)) {
		v->type = W2C_I64;
		v->of.i64 = bits;
	} else if (!strncmp(tok, "f32:", 4)) {
		uint32_t b = (uint32_t)bits;
		v->type = W2C_F32;
		memcpy(&v->of.f32, &b, 4);
	} else if (!strncmp(tok, "f64:", 4)) {
		v->type = W2C_F64;
		memcpy(&v->of.f64, &bits, 8);
	} else {
		return false;
	}
	return true;
}

/* What ended a call or an instantiation that didn't return: a trap, or an
 * exception named by its tag (the JS tag's as "js", binaryen's wasmtag,
 * else the first export of its tag, else "anon") with its payload. */
static void print_outcome(w2c_status st)
{
	const w2c_tag *tag;
	const w2c_value *payload;
	size_t n, k;
	uint32_t i;

	if (st != W2C_EXCEPTION) {
		emit(" trap %s\n", trap_class(st));
		return;
	}
	tag = w2c_exn_tag(w2c_exception());
	payload = w2c_exn_payload(w2c_exception(), &n);
	if (tag == jstag) {
		emit(" exception js");
		print_value(&payload[0]);
		emit("\n");
		return;
	}
	if (tag == wasmtag) {
		emit(" exception wasmtag");
		print_value(&payload[0]);
		emit("\n");
		return;
	}
	for (i = 0; inst && i < inst->module->nexports; i++) {
		const w2c_export_desc *d = &inst->module->exports[i];
		w2c_extern e;
		if (d->kind != W2C_EXTERN_TAG || !w2c_get_export_n(inst, d->name, d->name_len, &e) ||
		    e.tag != tag)
			continue;
		emit(" exception tag %.*s", (int)d->name_len, d->name);
		for (k = 0; k < n; k++)
			print_value(&payload[k]);
		emit("\n");
		return;
	}
	emit(" exception anon\n");
}

static void run_call(char *line)
{
	char *name = strtok(line, " \n"), *tok;
	w2c_value args[64], results[64];
	w2c_extern e;
	size_t nargs = 0, i;
	w2c_status st;

	if (!name || !unhex(name) || !w2c_get_export(inst, name, &e) ||
	    e.kind != W2C_EXTERN_FUNC) {
		emit("bad plan line\n");
		exit(2);
	}
	while ((tok = strtok(NULL, " \n")) && strcmp(tok, "->") && nargs < 64 &&
	       nargs < e.functype->nparams)
		if (!parse_arg(tok, (w2c_valtype)e.functype->types[nargs], &args[nargs]) ||
		    !++nargs) {
			emit("bad plan argument %s\n", tok);
			exit(2);
		}
	if (e.functype->nresults > 64) {
		emit("too many results\n");
		exit(2);
	}
	st = w2c_call_extern(&e, args, nargs, results, e.functype->nresults);
	emit("call %s", name);
	if (st == W2C_OK) {
		emit(" ok");
		for (i = 0; i < e.functype->nresults; i++)
			print_value(&results[i]);
		emit("\n");
	} else {
		print_outcome(st);
	}
}

/* The import's signature in the text form the import object takes. */
static char *signature_text(const w2c_functype *t)
{
	size_t cap = 16 + 10 * (t->nparams + t->nresults);
	char *s = malloc(cap);
	uint32_t i;

	if (!s)
		abort();
	s[0] = 0;
	for (i = 0; i < t->nparams + t->nresults; i++) {
		if (i == t->nparams)
			strcat(s, "-> ");
		strcat(s, type_names[t->types[i]]);
		strcat(s, " ");
	}
	if (t->nresults == 0)
		strcat(s, "->");
	return s;
}

static bool name_is(const char *s, uint32_t len, const char *what)
{
	return len == strlen(what) && !memcmp(s, what, len);
}

int main(int argc, char **argv)
{
	const w2c_module *m = &w2c_m_module;
	w2c_import *imports;
	struct host *hosts;
	w2c_global *globals;
	w2c_error err;
	static char line[1 << 16];
	FILE *plan;
	uint32_t i, k, nglobals = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: driver PLAN\n");
		return 2;
	}
	plan = fopen(argv[1], "r");
	if (!plan) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof line, plan))
		if (!strncmp(line, "nonnull ", 8) && nnonnull < MAX_NONNULL) {
			line[strcspn(line, "\n")] = 0;
			nonnull_sigs[nnonnull] = strdup(line + 8);
			if (!nonnull_sigs[nnonnull++])
				return 2;
		}
	rewind(plan);
	wasmtag = w2c_tag_new("i32 ->");
	jstag = w2c_tag_new("externref ->");
	imports = calloc(m->nimports + 1, sizeof *imports);
	hosts = calloc(m->nimports + 1, sizeof *hosts);
	globals = calloc(m->nimports + 1, sizeof *globals);
	if (!imports || !hosts || !globals || !wasmtag || !jstag)
		return 2;
	for (i = 0; i < m->nimports; i++) {
		const w2c_import_desc *d = &m->imports[i];
		imports[i].module = d->module;
		imports[i].name = d->name;
		imports[i].kind = d->kind;
		switch (d->kind) {
		case W2C_EXTERN_FUNC:
			hosts[i].desc = d;
			hosts[i].what = LOG;
			if (name_is(d->module, d->module_len, "fuzzing-support"))
				for (k = 0; k <= SLEEP; k++)
					if (fuzz_import_names[k] &&
					    name_is(d->name, d->name_len, fuzz_import_names[k]))
						hosts[i].what = (enum fuzz_import)k;
			imports[i].signature = signature_text(d->functype);
			imports[i].dynamic = host_function;
			imports[i].ctx = &hosts[i];
			break;
		case W2C_EXTERN_TAG:
			imports[i].tag = name_is(d->name, d->name_len, "jstag") ? jstag : wasmtag;
			break;
		case W2C_EXTERN_GLOBAL: {
			/* Like driver.mjs's object: a link error unless the global
			 * is an immutable externref. */
			unsigned p = 0;
			if (W2C_VALTYPE(d->type) != W2C_EXTERNREF || nglobals == MAX_GLOBALS)
				break;
			for (k = 0; k < d->module_len; k++)
				p = (p + (unsigned char)d->module[k]) % 251;
			for (k = 0; k < d->name_len; k++)
				p = (p + (unsigned char)d->name[k]) % 251;
			ext_objects[nglobals].payload = p;
			globals[i].type = d->type; /* non-null or not: ours is an object */
			globals[i].value.externref = &ext_objects[nglobals++];
			imports[i].global = &globals[i];
			break;
		}
		default:
			break; /* left unbound: a link error, as under node */
		}
	}
	inst = w2c_instantiate(m, imports, m->nimports, &err);
	if (!inst) {
		if (err.status == W2C_ERR_LINK) {
			emit("link error\n");
		} else {
			emit("instantiate");
			print_outcome(err.status);
		}
	} else {
		emit("instantiate ok\n");
		while (fgets(line, sizeof line, plan))
			if (!strncmp(line, "call ", 5))
				run_call(line + 5);
		w2c_instance_free(inst);
	}
	/* (all freed, for LeakSanitizer in the sanitizer build's runs) */
	for (i = 0; i < m->nimports; i++)
		free((char *)imports[i].signature);
	for (i = 0; i < nnonnull; i++)
		free(nonnull_sigs[i]);
	w2c_tag_free(wasmtag);
	w2c_tag_free(jstag);
	free(imports);
	free(hosts);
	free(globals);
	fclose(plan);
	return 0;
}
