/*
 * driver.c: the w2c side of the differential test.
 *
 *     driver PLAN
 *
 * Linked with one translated module, named w2c_m (`w2c M.wasm -o m.c -n
 * m`).  Instantiates it with every imported function bound to a logger,
 * then makes the calls listed in PLAN, one per line:
 *
 *     call NAME_HEX TYPE:BITS... -> RESULT_TYPES...
 *
 * NAME_HEX is the export's name in hex, each argument a type (i32, i64,
 * f32, f64) and its bits in hex.  The result types and the other lines
 * (import signatures) are for node; here the descriptor says the types.
 *
 * For every event it prints one line, in exactly the form driver.mjs
 * prints for the same event under node:
 *
 *     instantiate ok | instantiate trap CLASS | link error
 *     log MODULE.NAME VALUE...           an imported function was called
 *     call NAME ok VALUE...              a call returned
 *     call NAME trap CLASS               a call trapped
 *
 * Values print as TYPE:BITS, except that every NaN prints as TYPE:nan (NaN
 * payloads may differ between engines) and references as null or ref.
 * Traps print as a class that both engines can tell apart (see
 * trap_class): V8 tells a null entry from a signature mismatch no more
 * than an index out of range from a table access out of range, or a NaN
 * from an out-of-range float converted to an integer.
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
		emit(" %s", v->of.externref ? "ref" : "null");
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
	default:
		return w2c_status_message(st);
	}
}

/* ------------------------------------------------------------- imports */

static const char *type_names[] = {
	[W2C_I32] = "i32", [W2C_I64] = "i64", [W2C_F32] = "f32", [W2C_F64] = "f64",
	[W2C_V128] = "v128", [W2C_FUNCREF] = "funcref", [W2C_EXTERNREF] = "externref",
};

/* An imported function: print the call; results stay zero.  One with a
 * v128 in its signature traps, as JavaScript can't call it either (V8
 * throws a TypeError, which driver.mjs prints as the same trap). */
static void logger(void *ctx, const w2c_value *args, w2c_value *results)
{
	const w2c_import_desc *d = ctx;
	uint32_t i;

	(void)results;
	for (i = 0; i < d->functype->nparams + d->functype->nresults; i++)
		if (d->functype->types[i] == W2C_V128)
			w2c_trap_host("v128 across the JavaScript boundary");
	emit("log %.*s.%.*s", (int)d->module_len, d->module, (int)d->name_len, d->name);
	for (i = 0; i < d->functype->nparams; i++)
		print_value(&args[i]);
	emit("\n");
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

static bool parse_arg(const char *tok, w2c_value *v)
{
	const char *colon = strchr(tok, ':');
	uint64_t bits;

	if (!colon)
		return false;
	bits = strtoull(colon + 1, NULL, 16);
	memset(v, 0, sizeof *v);
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
	} else if (!strcmp(tok, "funcref:null")) {
		v->type = W2C_FUNCREF;
	} else if (!strcmp(tok, "externref:null")) {
		v->type = W2C_EXTERNREF;
	} else {
		return false;
	}
	return true;
}

static void run_call(w2c_instance *inst, char *line)
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
	while ((tok = strtok(NULL, " \n")) && strcmp(tok, "->") && nargs < 64)
		if (!parse_arg(tok, &args[nargs++])) {
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
		emit(" trap %s\n", trap_class(st));
	}
}

int main(int argc, char **argv)
{
	const w2c_module *m = &w2c_m_module;
	w2c_import *imports;
	w2c_instance *inst;
	w2c_error err;
	static char line[1 << 16];
	FILE *plan;
	uint32_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: driver PLAN\n");
		return 2;
	}
	plan = fopen(argv[1], "r");
	if (!plan) {
		perror(argv[1]);
		return 2;
	}
	imports = calloc(m->nimports + 1, sizeof *imports);
	if (!imports)
		return 2;
	for (i = 0; i < m->nimports; i++) {
		const w2c_import_desc *d = &m->imports[i];
		if (d->kind != W2C_EXTERN_FUNC)
			continue; /* left unbound: a link error, as under node */
		imports[i].module = d->module;
		imports[i].name = d->name;
		imports[i].kind = W2C_EXTERN_FUNC;
		imports[i].signature = signature_text(d->functype);
		imports[i].dynamic = logger;
		imports[i].ctx = (void *)d;
	}
	inst = w2c_instantiate(m, imports, m->nimports, &err);
	if (!inst) {
		if (err.status == W2C_ERR_LINK)
			emit("link error\n");
		else
			emit("instantiate trap %s\n", trap_class(err.status));
		return 0;
	}
	emit("instantiate ok\n");
	while (fgets(line, sizeof line, plan))
		if (!strncmp(line, "call ", 5))
			run_call(inst, line + 5);
	w2c_instance_free(inst);
	for (i = 0; i < m->nimports; i++)
		free((char *)imports[i].signature);
	free(imports);
	fclose(plan);
	return 0;
}
