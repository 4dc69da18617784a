/*
 * driver.c: CRuby 3.3 (ruby.wasm of @ruby/3.3-wasm-wasi 2.10.1), translated
 * by w2c, run as a native program through the instance API.
 *
 * ruby.wasm is a WASI reactor: no _start, but `_initialize` (libc and the
 * wasi-vfs file system packed into the module: Ruby's standard library)
 * and an interface made by the old wit-bindgen, whose export and import
 * names are whole WIT signatures ("ruby-init: func(args: list<string>) ->
 * ()").  This file plays the part of @ruby/wasm-wasi's JavaScript glue
 * (dist/esm/bindgen/legacy/rb-abi-guest.js and vm.js):
 *
 *   - strings and lists go into linear memory through `cabi_realloc(old,
 *     old_size, align, new_size)` and are passed as (ptr, len);
 *   - a result too big for one i32 comes back as a pointer to a return
 *     area: rb-eval-string-protect's tuple<handle, s32> is two i32 at
 *     ret+0 and ret+4;
 *   - an rb-abi-value handle is an index into a table the host keeps: the
 *     guest calls canonical_abi.resource_new_rb-abi-value(raw VALUE) to get
 *     one and resource_get_rb-abi-value(handle) to read it back, and the
 *     host gives the raw value back with canonical_abi_drop_rb-abi-value
 *     when done, which unregisters it as a GC root;
 *   - the rb-js-abi-host imports let Ruby reach JavaScript objects.  There
 *     is no JavaScript here: each traps with its name, so Ruby code that
 *     needs one (`require "js"`) ends in a clear error, not a crash.
 *
 * Every call goes through w2c_call, so a trap comes back as a status and
 * is reported on one line.  stdout carries only what Ruby prints (WASI
 * fd_write on the host's fd 1) and the driver's "raised:" lines;
 * timings go to stderr.
 *
 *     ruby-driver          the scripts below; stdout is expected.txt
 *     ruby-driver --js     `require "js"`: must fail with one line, status 1
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ruby.h"
#include "w2c_wasi.h"

/* The exports used, by their wit-bindgen names. */
#define EXP_REALLOC     "cabi_realloc"
#define EXP_DROP_VALUE  "canonical_abi_drop_rb-abi-value"
#define EXP_RUBY_INIT   "ruby-init: func(args: list<string>) -> ()"
#define EXP_EVAL        "rb-eval-string-protect: func(str: string) -> " \
                        "tuple<handle<rb-abi-value>, s32>"
#define EXP_FUNCALL     "rb-funcallv-protect: func(recv: handle<rb-abi-value>, " \
                        "mid: u32, args: list<handle<rb-abi-value>>) -> " \
                        "tuple<handle<rb-abi-value>, s32>"
#define EXP_INTERN      "rb-intern: func(name: string) -> u32"
#define EXP_ERRINFO     "rb-errinfo: func() -> handle<rb-abi-value>"
#define EXP_CLEAR_ERR   "rb-clear-errinfo: func() -> ()"
#define EXP_RSTRING     "rstring-ptr: func(value: handle<rb-abi-value>) -> string"
#define EXP_RSTRING_END "cabi_post_rstring-ptr"

/* Ruby's state tags (ruby_tag_type in vm_core.h), the s32 of the tuples. */
#define TAG_MASK  0xf
#define TAG_NONE  0
#define TAG_RAISE 6
#define TAG_FATAL 8

/* Live rb-abi-value handles at once: the driver holds a few at a time. */
#define MAX_HANDLES 64

typedef struct Ruby {
	w2c_instance *inst;
	/* The handle table, as the glue's Slab: a live slot holds its raw
	 * VALUE, a free one the index of the next free slot. */
	uint32_t slot[MAX_HANDLES];
	bool live[MAX_HANDLES];
	uint32_t free_head;
} Ruby;

/* --------------------------------------------------------- host imports */

static uint32_t handle_new(void *ctx, uint32_t raw)
{
	Ruby *r = ctx;
	uint32_t h = r->free_head;

	if (h >= MAX_HANDLES)
		w2c_trap_host("rb-abi-value handle table full");
	r->free_head = r->slot[h];
	r->slot[h] = raw;
	r->live[h] = true;
	return h;
}

static uint32_t handle_get(void *ctx, uint32_t h)
{
	Ruby *r = ctx;

	if (h >= MAX_HANDLES || !r->live[h])
		w2c_trap_host("invalid rb-abi-value handle");
	return r->slot[h];
}

/* Frees handle h, returning its raw value (the guest gave up the handle
 * when it returned it to us; the value is still a GC root until
 * canonical_abi_drop_rb-abi-value). */
static bool handle_take(Ruby *r, uint32_t h, uint32_t *raw)
{
	if (h >= MAX_HANDLES || !r->live[h]) {
		fprintf(stderr, "ruby: the guest returned an invalid handle %u\n", h);
		return false;
	}
	*raw = r->slot[h];
	r->live[h] = false;
	r->slot[h] = r->free_head;
	r->free_head = h;
	return true;
}

/* Every JavaScript-side import; ctx is its name. */
static void js_unavailable(void *ctx, const w2c_value *args, w2c_value *results)
{
	const char *name = ctx;
	char msg[160];

	(void)args;
	(void)results;
	/* The name up to ':' is the WIT function; the rest is its signature. */
	snprintf(msg, sizeof msg, "no JavaScript host for %.*s", (int)strcspn(name, ":"), name);
	w2c_trap_host(msg);
}

/* Raised by the guest where the glue would throw a JS exception: a
 * Ruby-level operation that needed to unwind through a host frame. */
static void prohibit_rewind(void *ctx, uint32_t ptr, uint32_t len)
{
	Ruby *r = ctx;
	w2c_memory *mem = r->inst ? w2c_get_memory(r->inst, "memory") : NULL;
	char msg[200];

	if (mem && (uint64_t)ptr + len <= mem->size)
		snprintf(msg, sizeof msg, "prohibited rewind: %.*s", (int)(len < 150 ? len : 150),
		         (const char *)mem->data + ptr);
	else
		snprintf(msg, sizeof msg, "prohibited rewind");
	w2c_trap_host(msg);
}

/* The JS host's imports with their core-wasm types, from
 * `wasm-objdump -j Import -x ruby.wasm`; a stale name or type is a link
 * error at instantiation, naming the import. */
static const struct {
	const char *module, *name, *sig;
} js_imports[] = {
	{ "canonical_abi", "resource_drop_js-abi-value", "i32 ->" },
	{ "rb-js-abi-host", "eval-js: func(code: string) -> variant { "
	  "success(handle<js-abi-value>), failure(handle<js-abi-value>) }", "i32 i32 i32 ->" },
	{ "rb-js-abi-host", "is-js: func(value: handle<js-abi-value>) -> bool", "i32 -> i32" },
	{ "rb-js-abi-host", "instance-of: func(value: handle<js-abi-value>, klass: "
	  "handle<js-abi-value>) -> bool", "i32 i32 -> i32" },
	{ "rb-js-abi-host", "global-this: func() -> handle<js-abi-value>", "-> i32" },
	{ "rb-js-abi-host", "int-to-js-number: func(value: s32) -> handle<js-abi-value>",
	  "i32 -> i32" },
	{ "rb-js-abi-host", "float-to-js-number: func(value: float64) -> handle<js-abi-value>",
	  "f64 -> i32" },
	{ "rb-js-abi-host", "string-to-js-string: func(value: string) -> handle<js-abi-value>",
	  "i32 i32 -> i32" },
	{ "rb-js-abi-host", "bool-to-js-bool: func(value: bool) -> handle<js-abi-value>",
	  "i32 -> i32" },
	{ "rb-js-abi-host", "proc-to-js-function: func(value: u32) -> handle<js-abi-value>",
	  "i32 -> i32" },
	{ "rb-js-abi-host", "rb-object-to-js-rb-value: func(raw-rb-abi-value: u32) -> "
	  "handle<js-abi-value>", "i32 -> i32" },
	{ "rb-js-abi-host", "js-value-to-string: func(value: handle<js-abi-value>) -> string",
	  "i32 i32 ->" },
	{ "rb-js-abi-host", "js-value-to-integer: func(value: handle<js-abi-value>) -> variant { "
	  "as-float(float64), bignum(string) }", "i32 i32 ->" },
	{ "rb-js-abi-host", "export-js-value-to-host: func(value: handle<js-abi-value>) -> ()",
	  "i32 ->" },
	{ "rb-js-abi-host", "import-js-value-from-host: func() -> handle<js-abi-value>", "-> i32" },
	{ "rb-js-abi-host", "js-value-typeof: func(value: handle<js-abi-value>) -> string",
	  "i32 i32 ->" },
	{ "rb-js-abi-host", "js-value-equal: func(lhs: handle<js-abi-value>, rhs: "
	  "handle<js-abi-value>) -> bool", "i32 i32 -> i32" },
	{ "rb-js-abi-host", "js-value-strictly-equal: func(lhs: handle<js-abi-value>, rhs: "
	  "handle<js-abi-value>) -> bool", "i32 i32 -> i32" },
	{ "rb-js-abi-host", "reflect-apply: func(target: handle<js-abi-value>, this-argument: "
	  "handle<js-abi-value>, arguments: list<handle<js-abi-value>>) -> variant { "
	  "success(handle<js-abi-value>), failure(handle<js-abi-value>) }",
	  "i32 i32 i32 i32 i32 ->" },
	{ "rb-js-abi-host", "reflect-get: func(target: handle<js-abi-value>, property-key: string) "
	  "-> variant { success(handle<js-abi-value>), failure(handle<js-abi-value>) }",
	  "i32 i32 i32 i32 ->" },
	{ "rb-js-abi-host", "reflect-set: func(target: handle<js-abi-value>, property-key: string, "
	  "value: handle<js-abi-value>) -> variant { success(handle<js-abi-value>), "
	  "failure(handle<js-abi-value>) }", "i32 i32 i32 i32 i32 ->" },
};
#define NJS (sizeof js_imports / sizeof js_imports[0])

/* ------------------------------------------------------ calling the guest */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static w2c_value i32(uint32_t x)
{
	w2c_value v = { W2C_I32, { .i32 = x } };
	return v;
}

/* Calls an export; on a trap, says so on one line and returns false. */
static bool call(Ruby *r, const char *name, const w2c_value *args, size_t nargs,
                 w2c_value *res, size_t nres)
{
	w2c_status st;
	int n = (int)strcspn(name, ":");

	/* The guest writes straight to fd 1: our buffered lines go first. */
	fflush(stdout);
	st = w2c_call(r->inst, name, args, nargs, res, nres);
	if (st == W2C_OK)
		return true;
	if (st == W2C_TRAP_HOST)
		fprintf(stderr, "ruby: %.*s trapped: %s\n", n, name, w2c_trap_host_message());
	else if (st == W2C_TRAP_EXIT)
		fprintf(stderr, "ruby: %.*s: the guest exited with status %d\n", n, name,
		        w2c_exit_code());
	else
		fprintf(stderr, "ruby: %.*s trapped: %s\n", n, name, w2c_status_message(st));
	return false;
}

/* Linear memory is little-endian whatever the host is. */
static bool load32(Ruby *r, uint32_t addr, uint32_t *out)
{
	w2c_memory *mem = w2c_get_memory(r->inst, "memory");
	const uint8_t *p;

	if ((uint64_t)addr + 4 > mem->size) {
		fprintf(stderr, "ruby: the guest returned an address out of bounds: %u\n", addr);
		return false;
	}
	p = mem->data + addr;
	*out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return true;
}

static void store32(uint8_t *p, uint32_t x)
{
	p[0] = (uint8_t)x;
	p[1] = (uint8_t)(x >> 8);
	p[2] = (uint8_t)(x >> 16);
	p[3] = (uint8_t)(x >> 24);
}

/* cabi_realloc(0, 0, align, size): fresh guest memory, checked.  The
 * memory's data pointer is re-read after every call, as a call may grow it. */
static bool guest_alloc(Ruby *r, uint32_t size, uint32_t align, uint32_t *ptr)
{
	w2c_value a[4] = { i32(0), i32(0), i32(align), i32(size) }, res;
	w2c_memory *mem;

	if (!call(r, EXP_REALLOC, a, 4, &res, 1))
		return false;
	mem = w2c_get_memory(r->inst, "memory");
	if ((uint64_t)res.of.i32 + size > mem->size || (size && !res.of.i32)) {
		fprintf(stderr, "ruby: cabi_realloc(%u) returned %u\n", size, res.of.i32);
		return false;
	}
	*ptr = res.of.i32;
	return true;
}

/* A string as the glue passes it: its bytes and a NUL, which Ruby's C side
 * wants (vm.js appends "\0" to every argument and every script). */
static bool guest_string(Ruby *r, const char *s, uint32_t *ptr, uint32_t *len)
{
	size_t n = strlen(s) + 1;

	if (!guest_alloc(r, (uint32_t)n, 1, ptr))
		return false;
	memcpy(w2c_get_memory(r->inst, "memory")->data + *ptr, s, n);
	*len = (uint32_t)n;
	return true;
}

/* ruby-init(args: list<string>): a list is (ptr, count) of (ptr, len)
 * pairs, 8 bytes each, 4-aligned. */
static bool ruby_init(Ruby *r, const char *const *argv, uint32_t argc)
{
	uint32_t list, p, n, i;
	w2c_value a[2];

	if (!guest_alloc(r, argc * 8, 4, &list))
		return false;
	for (i = 0; i < argc; i++) {
		if (!guest_string(r, argv[i], &p, &n))
			return false;
		store32(w2c_get_memory(r->inst, "memory")->data + list + i * 8, p);
		store32(w2c_get_memory(r->inst, "memory")->data + list + i * 8 + 4, n);
	}
	a[0] = i32(list);
	a[1] = i32(argc);
	return call(r, EXP_RUBY_INIT, a, 2, NULL, 0);
}

/* Gives a value back to Ruby's GC. */
static bool drop_value(Ruby *r, uint32_t raw)
{
	w2c_value a = i32(raw);
	return call(r, EXP_DROP_VALUE, &a, 1, NULL, 0);
}

/* Reads a tuple<handle<rb-abi-value>, s32> return area into a handle that
 * stays in the table (the caller takes it) and the state tag. */
static bool read_tuple(Ruby *r, uint32_t ret, uint32_t *handle, uint32_t *state)
{
	return load32(r, ret, handle) && load32(r, ret + 4, state);
}

/* rstring-ptr on a String value: copies it out (at most cap-1 bytes) and
 * lets the guest free its return area with cabi_post_rstring-ptr. */
static bool rstring(Ruby *r, uint32_t handle, char *buf, size_t cap)
{
	w2c_value a = i32(handle), res;
	uint32_t ptr, len;
	w2c_memory *mem;

	if (!call(r, EXP_RSTRING, &a, 1, &res, 1) || !load32(r, res.of.i32, &ptr)
	    || !load32(r, res.of.i32 + 4, &len))
		return false;
	mem = w2c_get_memory(r->inst, "memory");
	if ((uint64_t)ptr + len > mem->size) {
		fprintf(stderr, "ruby: rstring-ptr returned an out-of-bounds string\n");
		return false;
	}
	if (len >= cap)
		len = (uint32_t)cap - 1;
	memcpy(buf, mem->data + ptr, len);
	buf[len] = 0;
	a = i32(res.of.i32);
	return call(r, EXP_RSTRING_END, &a, 1, NULL, 0);
}

/* recv.inspect as a C string: the method is looked up with rb-intern and
 * called with rb-funcallv-protect and an empty argument list. */
static bool inspect(Ruby *r, uint32_t recv, char *buf, size_t cap)
{
	w2c_value a[4], res;
	uint32_t name, len, list, h, state, raw;
	bool ok;

	if (!guest_string(r, "inspect", &name, &len))
		return false;
	a[0] = i32(name);
	a[1] = i32(len);
	if (!call(r, EXP_INTERN, a, 2, &res, 1) || !guest_alloc(r, 0, 4, &list))
		return false;
	a[0] = i32(recv);
	a[1] = i32(res.of.i32);
	a[2] = i32(list);
	a[3] = i32(0);
	if (!call(r, EXP_FUNCALL, a, 4, &res, 1) || !read_tuple(r, res.of.i32, &h, &state))
		return false;
	if ((state & TAG_MASK) != TAG_NONE) {
		fprintf(stderr, "ruby: #inspect raised (state %u)\n", state);
		ok = false;
	} else {
		ok = rstring(r, h, buf, cap);
	}
	return handle_take(r, h, &raw) && drop_value(r, raw) && ok;
}

/*
 * rb-eval-string-protect: evaluates code at the top level.  Returns false
 * on a trap; a Ruby exception that escapes the code is not a failure
 * here: it is printed as "raised: #<Class: message>" (errinfo.inspect, as
 * the glue's exception formatter would) and errinfo is cleared.
 */
static bool eval(Ruby *r, const char *code)
{
	w2c_value a[2], res;
	uint32_t ptr, len, h, state, raw;
	char msg[256];

	if (!guest_string(r, code, &ptr, &len))
		return false;
	a[0] = i32(ptr);
	a[1] = i32(len);
	if (!call(r, EXP_EVAL, a, 2, &res, 1) || !read_tuple(r, res.of.i32, &h, &state)
	    || !handle_take(r, h, &raw) || !drop_value(r, raw))
		return false;
	switch (state & TAG_MASK) {
	case TAG_NONE:
		return true;
	case TAG_RAISE:
	case TAG_FATAL:
		if (!call(r, EXP_ERRINFO, NULL, 0, &res, 1))
			return false;
		h = res.of.i32;
		if (!inspect(r, h, msg, sizeof msg) || !handle_take(r, h, &raw)
		    || !drop_value(r, raw) || !call(r, EXP_CLEAR_ERR, NULL, 0, NULL, 0))
			return false;
		printf("raised: %s\n", msg);
		return true;
	default: /* break, next, throw... outside their construct */
		printf("raised: state %u\n", state);
		return true;
	}
}

/* ------------------------------------------------------------ the scripts */

static const char *const scripts[] = {
	"puts 1+2",
	"def fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)\n"
	"puts fib(20)\n"
	"puts \"hello\".upcase.reverse\n"
	"puts \"a,b,c\".split(\",\").map(&:upcase).join(\"-\")\n"
	"begin\n"
	"  raise \"boom\"\n"
	"rescue => e\n"
	"  puts \"rescued #{e.message}\"\n"
	"end\n"
	"puts [3, 1, 2].sort.inspect, { a: 1, b: 2 }.sum { |_, v| v }\n"
	"puts (1..10).select(&:even?).map { _1 * _1 }.sum\n"
	"puts 2**100\n"
	"puts format(\"%05.2f|%-4s|%x\", 3.14159, \"ab\", 255)\n"
	"puts RUBY_VERSION.split(\".\").first(2).join(\".\")\n",
	/* State survives between evaluations: fib is still defined. */
	"puts fib(15)",
	"raise ArgumentError, \"bad input\"",
	/* The VM is usable after an escaped exception. */
	"puts :done",
};

int main(int argc, char **argv)
{
	static const char *const wasi_argv[] = { "ruby" }, *const env[] = { NULL };
	/* vm.js's default (the program name, UTF-8 source, and an empty
	 * script so that ruby_options has something to compile) plus
	 * --disable-all: this ruby.wasm carries no standard library, so
	 * RubyGems, did_you_mean, error_highlight and syntax_suggest would
	 * each fail to load and warn on stderr. */
	static const char *const init_argv[] = { "ruby.wasm", "-EUTF-8", "--disable-all", "-e_=0" };
	static Ruby r;
	w2c_wasi_config cfg;
	w2c_import *imports;
	w2c_wasi *wasi;
	w2c_error err;
	size_t nwasi, n = 0, i;
	bool js = argc > 1 && !strcmp(argv[1], "--js"), ok = false;
	double t0 = now(), t;
	char msg[256];

	memset(&cfg, 0, sizeof cfg);
	cfg.argc = 1;
	cfg.argv = wasi_argv;
	cfg.env = env;
	cfg.inherit_stdio = true;
	wasi = w2c_wasi_new(&cfg, msg, sizeof msg);
	if (!wasi) {
		fprintf(stderr, "ruby: %s\n", msg);
		return 1;
	}
	for (i = 0; i < MAX_HANDLES; i++)
		r.slot[i] = (uint32_t)i + 1;

	/* The import object: ours first, then all of WASI. */
	nwasi = w2c_wasi_imports(wasi, NULL, 0);
	imports = calloc(NJS + 3 + nwasi, sizeof *imports);
	if (!imports) {
		fputs("ruby: out of memory\n", stderr);
		return 1;
	}
	for (i = 0; i < NJS; i++) {
		w2c_import im = W2C_IMPORT_DYNAMIC(js_imports[i].module, js_imports[i].name,
		                                   js_imports[i].sig, js_unavailable,
		                                   (void *)js_imports[i].name);
		imports[n++] = im;
	}
	{
		w2c_import ours[] = {
			W2C_IMPORT_FUNC("rb-js-abi-host", "rb_wasm_throw_prohibit_rewind_exception",
			                "i32 i32 ->", prohibit_rewind, &r),
			W2C_IMPORT_FUNC("canonical_abi", "resource_new_rb-abi-value", "i32 -> i32",
			                handle_new, &r),
			W2C_IMPORT_FUNC("canonical_abi", "resource_get_rb-abi-value", "i32 -> i32",
			                handle_get, &r),
		};
		memcpy(imports + n, ours, sizeof ours);
		n += 3;
	}
	n += w2c_wasi_imports(wasi, imports + n, nwasi);

	r.inst = w2c_instantiate(&w2c_ruby_module, imports, n, &err);
	if (!r.inst) {
		fprintf(stderr, "ruby: instantiation failed: %s\n", err.message);
		goto out;
	}
	w2c_wasi_set_memory(wasi, w2c_get_memory(r.inst, "memory"));
	if (!call(&r, "_initialize", NULL, 0, NULL, 0))
		goto out;
	fprintf(stderr, "ruby: instantiate + _initialize %.3f s\n", now() - t0);

	t = now();
	if (!ruby_init(&r, init_argv, 4))
		goto out;
	/* Without a terminal Ruby buffers $stdout until exit, and a reactor
	 * never exits: write each line as it comes. */
	if (!eval(&r, "$stdout.sync = true"))
		goto out;
	fprintf(stderr, "ruby: ruby-init %.3f s\n", now() - t);

	if (js) {
		/* The js extension reaches for JavaScript: a trap, reported by
		 * call(), and the exit status 1. */
		if (eval(&r, "require \"js\"; JS.global"))
			fputs("ruby: --js: no trap\n", stderr);
		goto out;
	}
	for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
		t = now();
		if (!eval(&r, scripts[i]))
			goto out;
		fprintf(stderr, "ruby: script %zu %.3f s\n", i + 1, now() - t);
	}
	ok = true;
out:
	fflush(stdout);
	fprintf(stderr, "ruby: total %.3f s\n", now() - t0);
	w2c_instance_free(r.inst);
	w2c_wasi_free(wasi);
	free(imports);
	return ok ? 0 : 1;
}
