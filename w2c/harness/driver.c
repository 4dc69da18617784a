/*
 * driver.c: runs a spec test's commands against translated modules.
 *
 * Written into every harness by `w2c spectest`, beside the generated
 * main.c (the command table) and the translated modules.  It provides the
 * spectest host module, keeps the registry of named and registered
 * instances, and checks each assertion through the embedding API.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spectest.h"
#include "w2c_gen.h"

#define MAX_INSTANCES 1024

static const char *wast_file;
static int passed, failed;

static w2c_instance *current;
static w2c_instance *all[MAX_INSTANCES]; /* freed at the end, newest first */
static int nall;
static struct { const char *name; w2c_instance *inst; } named[MAX_INSTANCES];
static struct { const char *as; w2c_instance *inst; } registered[MAX_INSTANCES];
static int nnamed, nregistered;

/* ------------------------------------------------------ the spectest module */

static w2c_memory spectest_memory, spectest_shared_memory;
static w2c_table spectest_table, spectest_table64;
static w2c_global g_i32 = { W2C_I32, false, { .i32 = 666 } };
static w2c_global g_i64 = { W2C_I64, false, { .i64 = 666 } };
static w2c_global g_f32 = { W2C_F32, false, { .f32 = 666.6f } };
static w2c_global g_f64 = { W2C_F64, false, { .f64 = 666.6 } };

static void print_(void *ctx) { (void)ctx; }
static void print_i32(void *ctx, uint32_t a) { (void)ctx; (void)a; }
static void print_i64(void *ctx, uint64_t a) { (void)ctx; (void)a; }
static void print_f32(void *ctx, float a) { (void)ctx; (void)a; }
static void print_f64(void *ctx, double a) { (void)ctx; (void)a; }
static void print_i32_f32(void *ctx, uint32_t a, float b) { (void)ctx; (void)a; (void)b; }
static void print_f64_f64(void *ctx, double a, double b) { (void)ctx; (void)a; (void)b; }

#define NSPECTEST 15

static void spectest_imports(w2c_import *out)
{
	w2c_import list[NSPECTEST] = {
		W2C_IMPORT_FUNC("spectest", "print", "->", print_, NULL),
		W2C_IMPORT_FUNC("spectest", "print_i32", "i32 ->", print_i32, NULL),
		W2C_IMPORT_FUNC("spectest", "print_i64", "i64 ->", print_i64, NULL),
		W2C_IMPORT_FUNC("spectest", "print_f32", "f32 ->", print_f32, NULL),
		W2C_IMPORT_FUNC("spectest", "print_f64", "f64 ->", print_f64, NULL),
		W2C_IMPORT_FUNC("spectest", "print_i32_f32", "i32 f32 ->", print_i32_f32, NULL),
		W2C_IMPORT_FUNC("spectest", "print_f64_f64", "f64 f64 ->", print_f64_f64, NULL),
		W2C_IMPORT_GLOBAL("spectest", "global_i32", &g_i32),
		W2C_IMPORT_GLOBAL("spectest", "global_i64", &g_i64),
		W2C_IMPORT_GLOBAL("spectest", "global_f32", &g_f32),
		W2C_IMPORT_GLOBAL("spectest", "global_f64", &g_f64),
		W2C_IMPORT_TABLE("spectest", "table", &spectest_table),
		W2C_IMPORT_TABLE("spectest", "table64", &spectest_table64),
		W2C_IMPORT_MEMORY("spectest", "memory", &spectest_memory),
		W2C_IMPORT_MEMORY("spectest", "shared_memory", &spectest_shared_memory),
	};
	memcpy(out, list, sizeof list);
}

static void spectest_init(void)
{
	bool guarded = !W2C_BOUNDS_CHECKS && w2c_guard_pages_supported();
	w2c_limits shared = { 1, 2, W2C_LIMITS_MAX | W2C_LIMITS_SHARED };

	if (w2c_memory_init(&spectest_memory, 1, 2, true, guarded) != W2C_OK ||
	    w2c_memory_init_type(&spectest_shared_memory, &shared, guarded) != W2C_OK ||
	    w2c_table_init(&spectest_table, W2C_FUNCREF, 10, 20, true) != W2C_OK ||
	    w2c_table_init(&spectest_table64, W2C_FUNCREF, 10, 20, true) != W2C_OK) {
		fprintf(stderr, "spectest: cannot allocate the spectest module\n");
		exit(2);
	}
	spectest_table64.is64 = true;
}

/* ---------------------------------------------------------------- reports */

static void fail(const sp_command *c, const char *fmt, ...)
{
	static const char *const kinds[] = {
		"module", "register", "action", "assert_return", "assert_trap",
		"assert_exhaustion", "assert_unlinkable", "assert_uninstantiable", "assert",
		"assert_exception",
	};
	va_list ap;

	failed++;
	printf("%s:%d: %s", wast_file, c->line, kinds[c->kind]);
	if (c->field)
		printf(" %s", c->field);
	printf(": ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static uint64_t le_bytes(const unsigned char *p, int n);

static void format_value(char *buf, size_t size, const w2c_value *v)
{
	uint32_t u;
	uint64_t d;

	switch (v->type) {
	case W2C_I32:
		snprintf(buf, size, "i32:%" PRIu32, v->of.i32);
		break;
	case W2C_I64:
		snprintf(buf, size, "i64:%" PRIu64, v->of.i64);
		break;
	case W2C_F32:
		memcpy(&u, &v->of.f32, 4);
		snprintf(buf, size, "f32:%g (0x%08" PRIx32 ")", (double)v->of.f32, u);
		break;
	case W2C_F64:
		memcpy(&d, &v->of.f64, 8);
		snprintf(buf, size, "f64:%g (0x%016" PRIx64 ")", v->of.f64, d);
		break;
	case W2C_V128: {
		unsigned char b[16];
		memcpy(b, &v->of.v128, 16);
		snprintf(buf, size, "v128:%08" PRIx64 " %08" PRIx64 " %08" PRIx64 " %08" PRIx64,
		         le_bytes(b, 4), le_bytes(b + 4, 4), le_bytes(b + 8, 4),
		         le_bytes(b + 12, 4));
		break;
	}
	case W2C_FUNCREF:
		snprintf(buf, size, "funcref:%s", v->of.funcref.fn ? "func" : "null");
		break;
	case W2C_EXTERNREF:
		if (v->of.externref)
			snprintf(buf, size, "externref:%" PRIuPTR,
			         (uintptr_t)v->of.externref - 1);
		else
			snprintf(buf, size, "externref:null");
		break;
	case W2C_EXNREF:
		snprintf(buf, size, "exnref:%s", v->of.exnref ? "exn" : "null");
		break;
	case W2C_ANYREF:
		if (!v->of.anyref)
			snprintf(buf, size, "anyref:null");
		else if (w2c_is_i31(v->of.anyref))
			snprintf(buf, size, "anyref:i31 %" PRIu32, w2c_i31_get_u(v->of.anyref));
		else
			snprintf(buf, size, "anyref:%s", w2c_gc_kind_is(v->of.anyref, W2C_RTT_STRUCT)
			                                 ? "struct" : "array");
		break;
	default:
		snprintf(buf, size, "type %d", v->type);
	}
}

static void format_expected(char *buf, size_t size, const sp_value *e)
{
	w2c_value v;

	if (e->match == SP_NAN_CANONICAL || e->match == SP_NAN_ARITHMETIC) {
		snprintf(buf, size, "%s:nan:%s", e->type == W2C_F32 ? "f32" : "f64",
		         e->match == SP_NAN_CANONICAL ? "canonical" : "arithmetic");
		return;
	}
	if (e->match == SP_ANY) {
		snprintf(buf, size, "any reference");
		return;
	}
	if (e->match == SP_NULL && !e->type) {
		snprintf(buf, size, "a null reference");
		return;
	}
	if (e->type == W2C_V128) {
		memset(&v, 0, sizeof v);
		v.type = W2C_V128;
		memcpy(&v.of.v128, e->bytes, 16);
		format_value(buf, size, &v);
		if (e->lane_match[0] || e->lane_match[1] || e->lane_match[2] || e->lane_match[3])
			snprintf(buf + strlen(buf), size - strlen(buf), " (some lanes NaN)");
		return;
	}
	memset(&v, 0, sizeof v);
	v.type = (w2c_valtype)e->type;
	if (e->type == W2C_I32)
		v.of.i32 = (uint32_t)e->bits;
	else if (e->type == W2C_F32)
		memcpy(&v.of.f32, &(uint32_t){ (uint32_t)e->bits }, 4);
	else if (e->type == W2C_EXTERNREF)
		v.of.externref = e->null ? NULL : (void *)(uintptr_t)(e->bits + 1);
	else if (e->type == W2C_FUNCREF)
		v.of.funcref.fn = e->null ? NULL : (w2c_fnptr)print_;
	else if (e->type == W2C_EXNREF)
		v.of.exnref = NULL;
	else if (e->type == W2C_ANYREF && !e->null && e->match == SP_EXACT) {
		snprintf(buf, size, "anyref:host %" PRIu64, e->bits);
		return;
	} else if (e->type == W2C_ANYREF && !e->null) {
		static const char *const kinds[] = { "any", "eq", "i31", "struct", "array" };
		snprintf(buf, size, "anyref:some %s", e->bits < 5 ? kinds[e->bits] : "?");
		return;
	} else if (e->type == W2C_ANYREF)
		v.of.anyref = NULL;
	else
		memcpy(&v.of.i64, &e->bits, 8);
	format_value(buf, size, &v);
}

/* --------------------------------------------------------------- values */

static w2c_value to_value(const sp_value *a)
{
	w2c_value v;
	uint32_t u = (uint32_t)a->bits;

	memset(&v, 0, sizeof v);
	v.type = (w2c_valtype)a->type;
	switch (a->type) {
	case W2C_I32: v.of.i32 = u; break;
	case W2C_I64: v.of.i64 = a->bits; break;
	case W2C_F32: memcpy(&v.of.f32, &u, 4); break;
	case W2C_F64: memcpy(&v.of.f64, &a->bits, 8); break;
	case W2C_V128: memcpy(&v.of.v128, a->bytes, 16); break;
	case W2C_EXTERNREF:
		/* extern N is the pointer N + 1, so that extern 0 isn't null */
		v.of.externref = a->null ? NULL : (void *)(uintptr_t)(a->bits + 1);
		break;
	case W2C_ANYREF: /* (ref.host N): extern N made an anyref */
		v.of.anyref = a->null ? NULL : w2c_gc_internalize((void *)(uintptr_t)(a->bits + 1));
		break;
	default: break; /* funcref arguments are always null */
	}
	return v;
}

/* A float lane against its expectation, by bits. */
static bool lane_matches(int match, uint64_t got, uint64_t want, bool f32)
{
	uint64_t sign = f32 ? 0x80000000u : 0x8000000000000000u;
	uint64_t quiet = f32 ? 0x7fc00000u : 0x7ff8000000000000u;

	if (match == SP_NAN_CANONICAL)
		return (got & ~sign) == quiet;
	if (match == SP_NAN_ARITHMETIC)
		return (got & quiet) == quiet;
	return got == want;
}

static uint64_t le_bytes(const unsigned char *p, int n)
{
	uint64_t x = 0;
	while (n-- > 0)
		x = x << 8 | p[n];
	return x;
}

static bool v128_matches(const sp_value *e, const w2c_value *v)
{
	unsigned char got[16];
	int k;

	memcpy(got, &v->of.v128, 16);
	if (e->match == SP_ANY)
		return true;
	if (e->shape == SP_F32 || e->shape == SP_F64) {
		int w = e->shape == SP_F32 ? 4 : 8;
		for (k = 0; k < 16 / w; k++)
			if (!lane_matches(e->lane_match[k], le_bytes(got + k * w, w),
			                  le_bytes(e->bytes + k * w, w), w == 4))
				return false;
		return true;
	}
	return !memcmp(got, e->bytes, 16);
}

static bool matches(const sp_value *e, const w2c_value *v)
{
	uint32_t u;
	uint64_t d;

	if (e->match == SP_NULL && !e->type)
		return (v->type == W2C_FUNCREF && !v->of.funcref.fn) ||
		       (v->type == W2C_EXTERNREF && !v->of.externref) ||
		       (v->type == W2C_ANYREF && !v->of.anyref) ||
		       (v->type == W2C_EXNREF && !v->of.exnref);
	if (v->type != (w2c_valtype)e->type)
		return false;
	switch (e->type) {
	case W2C_I32:
		return v->of.i32 == (uint32_t)e->bits;
	case W2C_I64:
		return v->of.i64 == e->bits;
	case W2C_F32:
		memcpy(&u, &v->of.f32, 4);
		if (e->match == SP_NAN_CANONICAL)
			return (u & 0x7fffffffu) == 0x7fc00000u;
		if (e->match == SP_NAN_ARITHMETIC)
			return (u & 0x7fc00000u) == 0x7fc00000u;
		return u == (uint32_t)e->bits;
	case W2C_F64:
		memcpy(&d, &v->of.f64, 8);
		if (e->match == SP_NAN_CANONICAL)
			return (d & 0x7fffffffffffffffu) == 0x7ff8000000000000u;
		if (e->match == SP_NAN_ARITHMETIC)
			return (d & 0x7ff8000000000000u) == 0x7ff8000000000000u;
		return d == e->bits;
	case W2C_V128:
		return v128_matches(e, v);
	case W2C_FUNCREF:
		return e->match == SP_ANY || (e->null ? !v->of.funcref.fn : !!v->of.funcref.fn);
	case W2C_EXTERNREF:
		if (e->match == SP_ANY)
			return true;
		return e->null ? !v->of.externref
		               : v->of.externref == (void *)(uintptr_t)(e->bits + 1);
	case W2C_EXNREF:
		return e->match == SP_ANY || (e->null ? !v->of.exnref : !!v->of.exnref);
	case W2C_ANYREF:
		if (e->null || !v->of.anyref)
			return e->null && !v->of.anyref;
		if (e->match == SP_EXACT) /* (ref.host N) */
			return w2c_gc_externalize(v->of.anyref) == (void *)(uintptr_t)(e->bits + 1);
		switch (e->bits) {
		case SP_GC_I31: return w2c_is_i31(v->of.anyref);
		case SP_GC_STRUCT: return w2c_gc_kind_is(v->of.anyref, W2C_RTT_STRUCT);
		case SP_GC_ARRAY: return w2c_gc_kind_is(v->of.anyref, W2C_RTT_ARRAY);
		default: return true;
		}
	default:
		return false;
	}
}

/* Trap messages may say more or less than the spec's text. */
static bool same_text(const char *a, const char *b)
{
	size_t n = strlen(a) < strlen(b) ? strlen(a) : strlen(b);
	return !strncmp(a, b, n);
}

/* ------------------------------------------------------------ instances */

static w2c_instance *lookup(const char *name)
{
	int i;

	if (!name)
		return current;
	for (i = nnamed; i-- > 0;)
		if (!strcmp(named[i].name, name))
			return named[i].inst;
	return NULL;
}

static w2c_instance *instantiate(const w2c_module *m, w2c_error *err)
{
	w2c_import imports[NSPECTEST + MAX_INSTANCES];
	w2c_instance *inst;
	size_t n = NSPECTEST;
	int i;

	spectest_imports(imports);
	/* The newest registration of a name wins. */
	for (i = nregistered; i-- > 0;) {
		w2c_import im = W2C_IMPORT_INSTANCE(registered[i].as, registered[i].inst);
		imports[n++] = im;
	}
	inst = w2c_instantiate(m, imports, n, err);
	if (inst && nall < MAX_INSTANCES)
		all[nall++] = inst;
	return inst;
}

/* Runs the command's action; returns its status and fills results. */
static w2c_status act(const sp_command *c, w2c_value *results, uint32_t *nresults,
                      const char **why)
{
	w2c_instance *inst = lookup(c->target);
	w2c_value args[64];
	w2c_extern e;
	uint32_t i;

	*why = NULL;
	*nresults = 0;
	if (!inst) {
		*why = "no such module instance";
		return W2C_ERR_NOT_FOUND;
	}
	if (!w2c_get_export_n(inst, c->field, c->field_len, &e)) {
		*why = "no such export";
		return W2C_ERR_NOT_FOUND;
	}
	if (c->get) {
		if (e.kind != W2C_EXTERN_GLOBAL) {
			*why = "not a global";
			return W2C_ERR_NOT_FOUND;
		}
		memset(results, 0, sizeof *results);
		results[0].type = W2C_VALTYPE(e.type);
		/* a global is stored in its own type's size, not the union's */
		switch (W2C_VALTYPE(e.type)) {
		case W2C_I32: results[0].of.i32 = e.global->i32; break;
		case W2C_I64: results[0].of.i64 = e.global->i64; break;
		case W2C_F32: results[0].of.f32 = e.global->f32; break;
		case W2C_F64: results[0].of.f64 = e.global->f64; break;
		case W2C_V128: results[0].of.v128 = e.global->v128; break;
		case W2C_FUNCREF: results[0].of.funcref = e.global->funcref; break;
		case W2C_EXTERNREF: results[0].of.externref = e.global->externref; break;
		case W2C_EXNREF: results[0].of.exnref = e.global->exnref; break;
		case W2C_ANYREF: results[0].of.anyref = e.global->anyref; break;
		}
		*nresults = 1;
		return W2C_OK;
	}
	if (e.kind != W2C_EXTERN_FUNC || c->nargs > 64 || e.functype->nresults > 64) {
		*why = "not a function";
		return W2C_ERR_NOT_FOUND;
	}
	for (i = 0; i < c->nargs; i++)
		args[i] = to_value(&c->args[i]);
	*nresults = e.functype->nresults;
	return w2c_call_extern(&e, args, c->nargs, results, *nresults);
}

static void run_module(const sp_command *c)
{
	w2c_error err;
	w2c_instance *inst;

	if (!c->module) {
		fail(c, "did not translate: %s", c->detail ? c->detail : "?");
		return;
	}
	if (c->definition) {
		passed++;
		return;
	}
	inst = instantiate(c->module, &err);
	if (!inst) {
		fail(c, "instantiation failed: %s", err.message);
		current = NULL;
		return;
	}
	current = inst;
	if (c->name && nnamed < MAX_INSTANCES) {
		named[nnamed].name = c->name;
		named[nnamed++].inst = inst;
	}
	passed++;
}

static void run_register(const sp_command *c)
{
	w2c_instance *inst = lookup(c->name);

	if (!inst || nregistered == MAX_INSTANCES) {
		fail(c, "no module to register as \"%s\"", c->as);
		return;
	}
	registered[nregistered].as = c->as;
	registered[nregistered++].inst = inst;
	passed++;
}

static void run_return(const sp_command *c)
{
	w2c_value results[64];
	uint32_t n, i;
	const char *why;
	w2c_status st = act(c, results, &n, &why);
	char got[128], want[160];
	const sp_value *e;

	if (st != W2C_OK) {
		fail(c, "%s", why ? why : w2c_status_message(st));
		return;
	}
	if (c->kind == SP_ACTION) {
		passed++;
		return;
	}
	if (n != c->nexpected) {
		fail(c, "got %u results, expected %u", n, c->nexpected);
		return;
	}
	for (i = 0, e = c->expected; i < n; i++, e++) {
		/* (either ...): a header, then the alternatives */
		uint64_t k, alts = e->match == SP_EITHER ? e->bits : 0;
		bool ok = false;
		for (k = 0; k < alts; k++)
			ok = ok || matches(&e[1 + k], &results[i]);
		if (!alts)
			ok = matches(e, &results[i]);
		if (!ok) {
			format_value(got, sizeof got, &results[i]);
			format_expected(want, sizeof want, alts ? e + 1 : e);
			fail(c, "result %u: got %s, expected %s%s", i, got, want,
			     alts > 1 ? " or another" : "");
			return;
		}
		e += alts;
	}
	passed++;
}

static void run_trap(const sp_command *c)
{
	w2c_value results[64];
	uint32_t n;
	const char *why;
	w2c_status st = act(c, results, &n, &why);

	if (why) {
		fail(c, "%s", why);
	} else if (c->kind == SP_EXCEPTION) {
		if (st == W2C_EXCEPTION)
			passed++;
		else
			fail(c, "%s, expected an exception",
			     st == W2C_OK ? "returned" : w2c_status_message(st));
	} else if (st == W2C_OK) {
		fail(c, "returned, expected a trap: %s", c->text);
	} else if (c->kind == SP_EXHAUSTION ? st != W2C_TRAP_EXHAUSTION
	                                    : !same_text(w2c_status_message(st), c->text)) {
		fail(c, "trapped with \"%s\", expected \"%s\"", w2c_status_message(st), c->text);
	} else {
		passed++;
	}
}

static void run_uninstantiable(const sp_command *c)
{
	w2c_error err;
	w2c_instance *inst;

	if (!c->module) {
		fail(c, "did not translate: %s", c->detail ? c->detail : "?");
		return;
	}
	inst = instantiate(c->module, &err);
	if (inst) {
		fail(c, "instantiated, expected \"%s\"", c->text);
		/* keep it alive: its memory may be shared */
		return;
	}
	if (c->kind == SP_UNLINKABLE ? err.status != W2C_ERR_LINK
	                             : err.status == W2C_ERR_LINK ||
	                                       !same_text(err.message, c->text)) {
		fail(c, "failed with \"%s\", expected \"%s\"", err.message, c->text);
		return;
	}
	passed++;
}

int sp_run(const char *wast, const sp_command *commands, size_t n)
{
	size_t i;

	wast_file = wast;
	spectest_init();
	for (i = 0; i < n; i++) {
		const sp_command *c = &commands[i];
		switch (c->kind) {
		case SP_MODULE: run_module(c); break;
		case SP_REGISTER: run_register(c); break;
		case SP_ACTION:
		case SP_RETURN: run_return(c); break;
		case SP_TRAP:
		case SP_EXHAUSTION:
		case SP_EXCEPTION: run_trap(c); break;
		case SP_UNLINKABLE:
		case SP_UNINSTANTIABLE: run_uninstantiable(c); break;
		case SP_STATIC:
			if (c->ok)
				passed++;
			else
				fail(c, "%s", c->detail ? c->detail : "failed");
			break;
		default:
			fail(c, "unknown command");
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	while (nall > 0)
		w2c_instance_free(all[--nall]);
	w2c_table_free(&spectest_table);
	w2c_table_free(&spectest_table64);
	w2c_memory_free(&spectest_memory);
	w2c_memory_free(&spectest_shared_memory);
	return failed ? 1 : 0;
}
