/*
 * translate.c: the driver, which reads like the pipeline, and the one
 * boundary where errors land.
 *
 * The C file is streamed: each function's text is written as soon as it
 * is translated, so memory holds the module's declarations and one
 * function, never the whole output.  Both files go to temporary names and
 * are renamed into place only when everything succeeded.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* Where output goes: a temporary file renamed into place, or a buffer. */
typedef struct Out {
	FILE *f;
	char *tmp;
	const char *path;
	Buf *buf;
} Out;

static bool out_open(Out *o, const char *path, Translation *t)
{
	size_t n = strlen(path) + 32;

	o->path = path;
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.tmp%ld", path, (long)getpid());
	o->f = fopen(o->tmp, "wb");
	if (!o->f) {
		snprintf(t->error, sizeof t->error, "%s: %s", path, strerror(errno));
		snprintf(t->message, sizeof t->message, "%s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return false;
	}
	return true;
}

/* Writes and empties b. */
static void out_flush(Out *o, Buf *b)
{
	if (o->f && b->len)
		fwrite(b->p, 1, b->len, o->f);
	else if (o->buf)
		buf_add(o->buf, b->p, b->len);
	b->len = 0;
}

/* Closes; on success renames into place, else removes the temporary. */
static bool out_close(Out *o, bool keep, Translation *t)
{
	bool ok = true;

	if (!o->tmp)
		return !keep;
	if (o->f) {
		ok = !ferror(o->f);
		ok = fclose(o->f) == 0 && ok;
		o->f = NULL;
	}
	if (keep && !ok)
		snprintf(t->error, sizeof t->error, "%s: write error: %s", o->path,
		         strerror(errno));
	if (keep && ok && rename(o->tmp, o->path) != 0) {
		snprintf(t->error, sizeof t->error, "%s: %s", o->path, strerror(errno));
		ok = false;
	}
	if (!keep || !ok)
		remove(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	return keep && ok;
}

static void report(Translation *t, const Diag *d, const char *file)
{
	snprintf(t->message, sizeof t->message, "%s", d->message);
	if (d->func != UINT32_MAX)
		snprintf(t->error, sizeof t->error, "%s:0x%zx: func %u: %s", file, d->offset,
		         d->func, d->message);
	else
		snprintf(t->error, sizeof t->error, "%s:0x%zx: %s", file, d->offset, d->message);
}

/*
 * The pipeline: decode the sections, write the header and the C files'
 * openings, translate each function, write the rest.  With nc C files,
 * the functions go to them in order so that each takes about as long to
 * compile: the first also holds the data segments, which gcc reads about
 * a hundred times faster than the code the same bytes of wasm become
 * (ruby.wasm at -O1: 5 MB of data in 1.4 s, 11 MB of code in 420 s).
 */
#define DATA_COST_DIVISOR 100

static bool run(const uint8_t *bytes, size_t size, const Options *opt, Out *c, uint32_t nc,
                Out *h, Translation *t)
{
	Diag *d = xcalloc(1, sizeof *d);
	Module *m = xcalloc(1, sizeof *m);
	FuncCx *volatile fc = NULL;
	Buf b = { 0 };
	bool ok = false;
	uint64_t total = 0, done = 0;
	uint32_t i, k = 0;

	d->file = opt->input;
	d->func = UINT32_MAX;
	if (setjmp(d->env)) {
		report(t, d, opt->input);
		goto done;
	}
	decode_module(m, bytes, size, d);
	mark_small_memories(m, opt);
	fc = funccx_new(m, opt);
	if (!opt->validate_only && m->atomics)
		m->atomics = scan_atomics(fc);
	if (!opt->validate_only) {
		gc_check_module(m);
		emit_header(m, opt, &b);
		out_flush(h, &b);
		for (k = 0; k < nc; k++) {
			emit_prologue(m, opt, k == 0, &b);
			out_flush(&c[k], &b);
		}
		k = 0;
	}
	for (i = 0; i < m->ndatas; i++)
		done += (m->datas[i].zlen ? m->datas[i].zlen : m->datas[i].len) / DATA_COST_DIVISOR;
	total = done;
	for (i = m->nimported_funcs; i < m->nfuncs; i++)
		total += m->funcs[i].body_len;
	if (!opt->validate_only)
		find_fixed_tables(fc);
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		d->func = i;
		funccx_file(fc, k);
		translate_func(fc, i, opt->validate_only ? NULL : &b);
		out_flush(&c[k], &b);
		done += m->funcs[i].body_len;
		while (k + 1 < nc && done * nc >= total * (k + 1))
			k++;
	}
	d->func = UINT32_MAX;
	if (!opt->validate_only) {
		emit_epilogue(m, opt, &b);
		out_flush(c, &b);
	}
	ok = true;
done:
	funccx_free(fc);
	buf_free(&b);
	arena_free(&m->arena);
	free(m);
	free(d);
	return ok;
}

bool w2c_validate(const uint8_t *bytes, size_t size, const char *file, Translation *t)
{
	Options opt;
	Out none = { 0 };

	memset(&opt, 0, sizeof opt);
	opt.input = file;
	opt.prefix = "w2c_m";
	opt.header = "m.h";
	opt.validate_only = true;
	memset(t, 0, sizeof *t);
	return run(bytes, size, &opt, &none, 1, &none, t);
}

/*
 * What `w2c run` and `w2c build` can link: a WASI command.  Checked on the
 * decoded sections before anything is translated or compiled, so that a
 * reactor or a module wanting other imports is told at once, not after
 * minutes of compiling.  The WASI functions' names and signatures are
 * checked by the linker when the program starts.
 */
bool w2c_check_command(const uint8_t *bytes, size_t size, const char *file, Translation *t)
{
	static const char wasi[] = "wasi_snapshot_preview1";
	Diag *d = xcalloc(1, sizeof *d);
	Module *m = xcalloc(1, sizeof *m);
	bool ok = false, start = false, initialize = false;
	uint32_t i;

	memset(t, 0, sizeof *t);
	d->file = file;
	d->func = UINT32_MAX;
	if (setjmp(d->env)) {
		report(t, d, file);
		goto done;
	}
	decode_module(m, bytes, size, d);
	for (i = 0; i < m->nimports; i++) {
		const Import *im = &m->imports[i];
		if (im->kind == EXT_FUNC && im->module_len == sizeof wasi - 1 &&
		    !memcmp(im->module, wasi, sizeof wasi - 1))
			continue;
		/* wasi-threads: thread-spawn, and the one memory, which w2c run
		 * makes (w2c_wasi_run) */
		if (im->kind == EXT_FUNC && im->module_len == 4 && !memcmp(im->module, "wasi", 4) &&
		    im->name_len == 12 && !memcmp(im->name, "thread-spawn", 12))
			continue;
		if (im->kind == EXT_MEMORY && im->index == 0)
			continue;
		snprintf(t->error, sizeof t->error,
		         "%s: imports %s \"%.*s\".\"%.*s\": a WASI command can import only "
		         "wasi_snapshot_preview1 functions (and, with wasi-threads, "
		         "wasi.thread-spawn and its memory); embed the module to provide others",
		         file, im->kind == EXT_FUNC ? "function" : im->kind == EXT_MEMORY ? "memory"
		                : im->kind == EXT_TABLE ? "table" : im->kind == EXT_GLOBAL ? "global"
		                : "tag",
		         (int)(im->module_len > 60 ? 60 : im->module_len), im->module,
		         (int)(im->name_len > 60 ? 60 : im->name_len), im->name);
		goto done;
	}
	for (i = 0; i < m->nexports; i++) {
		const Export *e = &m->exports[i];
		if (e->kind != EXT_FUNC)
			continue;
		if (e->name_len == 6 && !memcmp(e->name, "_start", 6)) {
			const FuncType *ft = &m->types[m->funcs[e->index].type];
			start = true;
			if (ft->nparams || ft->nresults) {
				snprintf(t->error, sizeof t->error,
				         "%s: its _start function takes or returns values", file);
				goto done;
			}
		}
		initialize |= e->name_len == 11 && !memcmp(e->name, "_initialize", 11);
	}
	if (!start) {
		snprintf(t->error, sizeof t->error,
		         "%s: not a WASI command: no _start export%s", file,
		         initialize ? " (it exports _initialize: a reactor, to embed with "
		                      "w2c_instantiate)" : "");
		goto done;
	}
	ok = true;
done:
	arena_free(&m->arena);
	free(m);
	free(d);
	return ok;
}

char *w2c_part_path(const char *out_c, uint32_t k)
{
	size_t n = strlen(out_c);
	char *p = xmalloc(n + 16);

	if (k == 0) {
		memcpy(p, out_c, n + 1);
		return p;
	}
	if (n > 2 && !strcmp(out_c + n - 2, ".c"))
		n -= 2;
	snprintf(p, n + 16, "%.*s_%u.c", (int)n, out_c, k);
	return p;
}

bool w2c_translate(const uint8_t *bytes, size_t size, const Options *opt,
                   const char *out_c, const char *out_h, Translation *t)
{
	uint32_t nc = opt->split > 1 ? opt->split : 1, k, j, opened;
	Out *c = xcalloc(nc, sizeof *c), h = { 0 };
	char **paths = xcalloc(nc, sizeof *paths);
	bool ok = false;

	memset(t, 0, sizeof *t);
	for (k = 0; k < nc; k++)
		paths[k] = w2c_part_path(out_c, k);
	if (!out_open(&h, out_h, t))
		goto done;
	for (opened = 0; opened < nc; opened++)
		if (!out_open(&c[opened], paths[opened], t))
			break;
	ok = opened == nc && run(bytes, size, opt, c, nc, &h, t);
	/* Keep all or nothing: a failure part-way removes what was renamed. */
	for (k = 0; k < opened; k++) {
		if (!out_close(&c[k], ok, t) && ok) {
			for (j = 0; j < k; j++)
				remove(paths[j]);
			ok = false;
		}
	}
	if (!out_close(&h, ok, t) && ok) {
		for (k = 0; k < nc; k++)
			remove(paths[k]); /* renamed just before the header failed */
		ok = false;
	}
done:
	for (k = 0; k < nc; k++)
		free(paths[k]);
	free(paths);
	free(c);
	return ok;
}

bool w2c_translate_mem(const uint8_t *bytes, size_t size, const Options *opt, Buf *out_c,
                       Buf *out_h, Translation *t)
{
	Out c = { 0 }, h = { 0 };

	c.buf = out_c;
	h.buf = out_h;
	memset(t, 0, sizeof *t);
	return run(bytes, size, opt, &c, 1, &h, t);
}
