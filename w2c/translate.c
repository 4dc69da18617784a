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
 * The pipeline: decode the sections, write the header and the C file's
 * opening, translate each function, write the rest.
 */
static bool run(const uint8_t *bytes, size_t size, const Options *opt, Out *c, Out *h,
                Translation *t)
{
	Diag *d = xcalloc(1, sizeof *d);
	Module *m = xcalloc(1, sizeof *m);
	FuncCx *volatile fc = NULL;
	Buf b = { 0 };
	bool ok = false;
	uint32_t i;

	d->file = opt->input;
	d->func = UINT32_MAX;
	if (setjmp(d->env)) {
		report(t, d, opt->input);
		goto done;
	}
	decode_module(m, bytes, size, d);
	if (!opt->validate_only) {
		emit_header(m, opt, &b);
		out_flush(h, &b);
		emit_prologue(m, opt, &b);
		out_flush(c, &b);
	}
	fc = funccx_new(m, opt);
	for (i = m->nimported_funcs; i < m->nfuncs; i++) {
		d->func = i;
		translate_func(fc, i, opt->validate_only ? NULL : &b);
		out_flush(c, &b);
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
	return run(bytes, size, &opt, &none, &none, t);
}

bool w2c_translate(const uint8_t *bytes, size_t size, const Options *opt,
                   const char *out_c, const char *out_h, Translation *t)
{
	Out c = { 0 }, h = { 0 };
	bool ok;

	memset(t, 0, sizeof *t);
	if (!out_open(&h, out_h, t))
		return false;
	if (!out_open(&c, out_c, t)) {
		out_close(&h, false, t);
		return false;
	}
	ok = run(bytes, size, opt, &c, &h, t);
	ok = out_close(&c, ok, t) && ok;
	if (!out_close(&h, ok, t) && ok) {
		remove(out_c); /* renamed just before the header failed */
		ok = false;
	}
	return ok;
}

bool w2c_translate_mem(const uint8_t *bytes, size_t size, const Options *opt, Buf *out_c,
                       Buf *out_h, Translation *t)
{
	Out c = { 0 }, h = { 0 };

	c.buf = out_c;
	h.buf = out_h;
	memset(t, 0, sizeof *t);
	return run(bytes, size, opt, &c, &h, t);
}
