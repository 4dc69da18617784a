/*
 * wasi.c: the WASI context, its import object, w2c_wasi_run, and the
 * functions that touch no files: arguments, environment, clocks, random
 * bytes, sched_yield and the process functions.
 *
 * A w2c_wasi holds copies of the arguments and environment, the
 * descriptor table (fd.c) and the memory the functions use.  Host
 * functions receive it as their context pointer and look the memory up on
 * every call, since an unguarded memory moves when it grows.
 *
 * proc_exit ends the program through w2c_exit, which unwinds to the trap
 * frame of w2c_call_extern in w2c_wasi_run; the exit code comes back from
 * w2c_exit_code.  Nothing here calls exit(): the embedding process lives
 * on, and a context can run one program after another.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__APPLE__)
#include <sys/random.h>
#endif

/* ---------------------------------------------------------------- errno */

static const struct {
	int host;
	uint16_t wasi;
} errnos[] = {
	{ E2BIG, WASI_E2BIG }, { EACCES, WASI_EACCES },
	{ EADDRINUSE, WASI_EADDRINUSE }, { EADDRNOTAVAIL, WASI_EADDRNOTAVAIL },
	{ EAFNOSUPPORT, WASI_EAFNOSUPPORT }, { EAGAIN, WASI_EAGAIN },
	{ EWOULDBLOCK, WASI_EAGAIN }, { EALREADY, WASI_EALREADY },
	{ EBADF, WASI_EBADF }, { EBADMSG, WASI_EBADMSG }, { EBUSY, WASI_EBUSY },
	{ ECANCELED, WASI_ECANCELED }, { ECHILD, WASI_ECHILD },
	{ ECONNABORTED, WASI_ECONNABORTED }, { ECONNREFUSED, WASI_ECONNREFUSED },
	{ ECONNRESET, WASI_ECONNRESET }, { EDEADLK, WASI_EDEADLK },
	{ EDESTADDRREQ, WASI_EDESTADDRREQ }, { EDOM, WASI_EDOM },
	{ EDQUOT, WASI_EDQUOT }, { EEXIST, WASI_EEXIST }, { EFAULT, WASI_EFAULT },
	{ EFBIG, WASI_EFBIG }, { EHOSTUNREACH, WASI_EHOSTUNREACH },
	{ EIDRM, WASI_EIDRM }, { EILSEQ, WASI_EILSEQ },
	{ EINPROGRESS, WASI_EINPROGRESS }, { EINTR, WASI_EINTR },
	{ EINVAL, WASI_EINVAL }, { EIO, WASI_EIO }, { EISCONN, WASI_EISCONN },
	{ EISDIR, WASI_EISDIR }, { ELOOP, WASI_ELOOP }, { EMFILE, WASI_EMFILE },
	{ EMLINK, WASI_EMLINK }, { EMSGSIZE, WASI_EMSGSIZE },
	{ ENAMETOOLONG, WASI_ENAMETOOLONG }, { ENETDOWN, WASI_ENETDOWN },
	{ ENETRESET, WASI_ENETRESET }, { ENETUNREACH, WASI_ENETUNREACH },
	{ ENFILE, WASI_ENFILE }, { ENOBUFS, WASI_ENOBUFS }, { ENODEV, WASI_ENODEV },
	{ ENOENT, WASI_ENOENT }, { ENOEXEC, WASI_ENOEXEC }, { ENOLCK, WASI_ENOLCK },
	{ ENOMEM, WASI_ENOMEM }, { ENOMSG, WASI_ENOMSG },
	{ ENOPROTOOPT, WASI_ENOPROTOOPT }, { ENOSPC, WASI_ENOSPC },
	{ ENOSYS, WASI_ENOSYS }, { ENOTCONN, WASI_ENOTCONN },
	{ ENOTDIR, WASI_ENOTDIR }, { ENOTEMPTY, WASI_ENOTEMPTY },
	{ ENOTSOCK, WASI_ENOTSOCK }, { ENOTSUP, WASI_ENOTSUP },
	{ EOPNOTSUPP, WASI_ENOTSUP }, { ENOTTY, WASI_ENOTTY }, { ENXIO, WASI_ENXIO },
	{ EOVERFLOW, WASI_EOVERFLOW }, { EPERM, WASI_EPERM }, { EPIPE, WASI_EPIPE },
	{ EPROTO, WASI_EPROTO }, { EPROTONOSUPPORT, WASI_EPROTONOSUPPORT },
	{ EPROTOTYPE, WASI_EPROTOTYPE }, { ERANGE, WASI_ERANGE },
	{ EROFS, WASI_EROFS }, { ESPIPE, WASI_ESPIPE }, { ESRCH, WASI_ESRCH },
	{ ESTALE, WASI_ESTALE }, { ETIMEDOUT, WASI_ETIMEDOUT },
	{ ETXTBSY, WASI_ETXTBSY }, { EXDEV, WASI_EXDEV },
#ifdef EMULTIHOP
	{ EMULTIHOP, WASI_EMULTIHOP },
#endif
#ifdef ENOLINK
	{ ENOLINK, WASI_ENOLINK },
#endif
#ifdef ENOTRECOVERABLE
	{ ENOTRECOVERABLE, WASI_ENOTRECOVERABLE },
#endif
#ifdef EOWNERDEAD
	{ EOWNERDEAD, WASI_EOWNERDEAD },
#endif
};

uint16_t wasi_errno(int host_errno)
{
	size_t i;

	for (i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].host == host_errno)
			return errnos[i].wasi;
	return WASI_EIO;
}

/* ------------------------------------------------- args and environment */

/* Copies `n` strings back to back, NUL-terminated, into *out. */
static bool copy_strings(const char *const *v, size_t n, char **out,
                         uint32_t *count, uint32_t *size)
{
	size_t total = 0, i, len;
	char *p;

	for (i = 0; i < n; i++) {
		len = strlen(v[i]) + 1;
		if (len > UINT32_MAX - total)
			return false; /* the guest's sizes are 32-bit */
		total += len;
	}
	if (n > UINT32_MAX / 4)
		return false;
	p = malloc(total ? total : 1);
	if (!p)
		return false;
	*out = p;
	for (i = 0; i < n; i++) {
		len = strlen(v[i]) + 1;
		memcpy(p, v[i], len);
		p += len;
	}
	*count = (uint32_t)n;
	*size = (uint32_t)total;
	return true;
}

/* The *_sizes_get functions: a count and a byte size. */
static uint32_t sizes_get(w2c_wasi *w, uint32_t count, uint32_t size,
                          uint32_t count_ptr, uint32_t size_ptr)
{
	if (!wasi_in_bounds(w, count_ptr, 4) || !wasi_in_bounds(w, size_ptr, 4))
		return WASI_EFAULT;
	wasi_put32(w, count_ptr, count);
	wasi_put32(w, size_ptr, size);
	return WASI_ESUCCESS;
}

/* The *_get functions: an array of pointers into a buffer of strings. */
static uint32_t strings_get(w2c_wasi *w, const char *strings, uint32_t count,
                            uint32_t size, uint32_t ptrs, uint32_t buf)
{
	uint32_t i, at = 0;

	if (!wasi_in_bounds(w, ptrs, (uint64_t)count * 4) ||
	    !wasi_in_bounds(w, buf, size))
		return WASI_EFAULT;
	for (i = 0; i < count; i++) {
		wasi_put32(w, ptrs + 4 * i, buf + at);
		at += (uint32_t)strlen(strings + at) + 1;
	}
	memcpy(wasi_mem(w, buf), strings, size);
	return WASI_ESUCCESS;
}

static uint32_t args_sizes_get(void *ctx, uint32_t argc_ptr, uint32_t size_ptr)
{
	w2c_wasi *w = ctx;
	return sizes_get(w, w->argc, w->args_size, argc_ptr, size_ptr);
}

static uint32_t args_get(void *ctx, uint32_t argv, uint32_t buf)
{
	w2c_wasi *w = ctx;
	return strings_get(w, w->args, w->argc, w->args_size, argv, buf);
}

static uint32_t environ_sizes_get(void *ctx, uint32_t count_ptr,
                                  uint32_t size_ptr)
{
	w2c_wasi *w = ctx;
	return sizes_get(w, w->envc, w->env_size, count_ptr, size_ptr);
}

static uint32_t environ_get(void *ctx, uint32_t environ, uint32_t buf)
{
	w2c_wasi *w = ctx;
	return strings_get(w, w->env, w->envc, w->env_size, environ, buf);
}

/* --------------------------------------------------------------- clocks */

static bool host_clock(uint32_t id, clockid_t *out)
{
	switch (id) {
	case WASI_CLOCK_REALTIME:
		*out = CLOCK_REALTIME;
		return true;
	case WASI_CLOCK_MONOTONIC:
		*out = CLOCK_MONOTONIC;
		return true;
#ifdef CLOCK_PROCESS_CPUTIME_ID
	case WASI_CLOCK_PROCESS_CPUTIME:
		*out = CLOCK_PROCESS_CPUTIME_ID;
		return true;
#endif
#ifdef CLOCK_THREAD_CPUTIME_ID
	case WASI_CLOCK_THREAD_CPUTIME:
		*out = CLOCK_THREAD_CPUTIME_ID;
		return true;
#endif
	default:
		return false;
	}
}

static uint64_t to_ns(const struct timespec *ts)
{
	if (ts->tv_sec < 0)
		return 0;
	return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint16_t wasi_clock_now(uint32_t id, uint64_t *ns)
{
	struct timespec ts;
	clockid_t c;

	if (!host_clock(id, &c))
		return WASI_EINVAL;
	if (clock_gettime(c, &ts) < 0)
		return wasi_errno(errno);
	*ns = to_ns(&ts);
	return WASI_ESUCCESS;
}

static uint32_t clock_res_get(void *ctx, uint32_t id, uint32_t res_ptr)
{
	struct timespec ts;
	uint64_t ns;
	clockid_t c;

	if (!host_clock(id, &c))
		return WASI_EINVAL;
	if (!wasi_in_bounds(ctx, res_ptr, 8))
		return WASI_EFAULT;
	if (clock_getres(c, &ts) < 0)
		return wasi_errno(errno);
	ns = to_ns(&ts);
	wasi_put64(ctx, res_ptr, ns ? ns : 1); /* the spec wants non-zero */
	return WASI_ESUCCESS;
}

static uint32_t clock_time_get(void *ctx, uint32_t id, uint64_t precision,
                               uint32_t time_ptr)
{
	uint64_t ns;
	uint16_t r;

	(void)precision; /* we are as precise as the host clock anyway */
	if ((r = wasi_clock_now(id, &ns)))
		return r;
	if (!wasi_put64(ctx, time_ptr, ns))
		return WASI_EFAULT;
	return WASI_ESUCCESS;
}

/* ---------------------------------------------------------------- random */

/* Fills a host buffer from the system's CSPRNG. */
static uint16_t fill_random(uint8_t *p, size_t len)
{
	int dev = -1;
	uint16_t r = WASI_ESUCCESS;

	while (len) {
		size_t n = len < 256 ? len : 256; /* getentropy's limit */
		if (getentropy(p, n) < 0) {
			ssize_t k;
			/* Old kernels lack getrandom: read the device instead. */
			if (errno != ENOSYS) {
				r = wasi_errno(errno);
				break;
			}
			if (dev < 0 &&
			    (dev = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) < 0) {
				r = wasi_errno(errno);
				break;
			}
			k = read(dev, p, n);
			if (k <= 0) {
				r = k < 0 ? wasi_errno(errno) : WASI_EIO;
				break;
			}
			n = (size_t)k;
		}
		p += n;
		len -= n;
	}
	if (dev >= 0)
		close(dev);
	return r;
}

static uint32_t random_get(void *ctx, uint32_t buf, uint32_t len)
{
	w2c_wasi *w = ctx;

	if (!wasi_in_bounds(w, buf, len))
		return WASI_EFAULT;
	return fill_random(wasi_mem(w, buf), len);
}

/* ------------------------------------------------------------- process */

static void proc_exit(void *ctx, uint32_t code)
{
	(void)ctx;
	w2c_exit((int)code);
}

/*
 * A host signal would hit the embedding process, not just the module, so
 * none is sent.  Instead the signal's default action is applied to the
 * module alone: a terminating signal ends it with a trap naming the
 * signal, an ignored one does nothing; stopping is not supported.
 */
static uint32_t proc_raise(void *ctx, uint32_t sig)
{
	static const char *const names[] = {
		"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
		"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
		"SIGPIPE", "SIGALRM", "SIGTERM", "SIGCHLD", "SIGCONT", "SIGSTOP",
		"SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ",
		"SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGPOLL", "SIGPWR", "SIGSYS",
	};
	char message[64];

	(void)ctx;
	if (sig == 0 || sig >= sizeof names / sizeof names[0])
		return WASI_EINVAL;
	switch (sig) {
	case 13: case 16: case 17: case 22: case 27: /* PIPE CHLD CONT URG WINCH */
		return WASI_ESUCCESS;
	case 18: case 19: case 20: case 21:          /* STOP TSTP TTIN TTOU */
		return WASI_ENOSYS;
	default:
		snprintf(message, sizeof message, "proc_raise(%s)", names[sig]);
		w2c_trap_host(message);
	}
}

static uint32_t sched_yield_(void *ctx)
{
	(void)ctx;
	sched_yield();
	return WASI_ESUCCESS;
}

static const wasi_func misc_funcs[] = {
	{ "args_get", "i32 i32 -> i32", (w2c_fnptr)args_get },
	{ "args_sizes_get", "i32 i32 -> i32", (w2c_fnptr)args_sizes_get },
	{ "environ_get", "i32 i32 -> i32", (w2c_fnptr)environ_get },
	{ "environ_sizes_get", "i32 i32 -> i32", (w2c_fnptr)environ_sizes_get },
	{ "clock_res_get", "i32 i32 -> i32", (w2c_fnptr)clock_res_get },
	{ "clock_time_get", "i32 i64 i32 -> i32", (w2c_fnptr)clock_time_get },
	{ "random_get", "i32 i32 -> i32", (w2c_fnptr)random_get },
	{ "proc_exit", "i32 ->", (w2c_fnptr)proc_exit },
	{ "proc_raise", "i32 -> i32", (w2c_fnptr)proc_raise },
	{ "sched_yield", "-> i32", (w2c_fnptr)sched_yield_ },
};

/* ------------------------------------------------------------- the API */

w2c_wasi *w2c_wasi_new(const w2c_wasi_config *config, char *err,
                       size_t errsize)
{
	static const char *const none[1] = { NULL };
	const char *const *env = config->env ? config->env : none;
	w2c_wasi *w = calloc(1, sizeof *w);
	char dummy[1];
	size_t nenv = 0;

	if (!err) {
		err = dummy;
		errsize = sizeof dummy;
	}
	if (!w || pthread_mutex_init(&w->lock, NULL)) {
		free(w);
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	while (env[nenv])
		nenv++;
	if (!copy_strings(config->argv, config->argv && config->argc > 0
	                                        ? (size_t)config->argc : 0,
	                  &w->args, &w->argc, &w->args_size) ||
	    !copy_strings(env, nenv, &w->env, &w->envc, &w->env_size)) {
		snprintf(err, errsize, "out of memory, or arguments too long");
		w2c_wasi_free(w);
		return NULL;
	}
	if (!wasi_fd_setup(w, config, err, errsize)) {
		w2c_wasi_free(w);
		return NULL;
	}
	return w;
}

void w2c_wasi_free(w2c_wasi *wasi)
{
	if (!wasi)
		return;
	wasi_fd_teardown(wasi);
	pthread_mutex_destroy(&wasi->lock);
	free(wasi->args);
	free(wasi->env);
	free(wasi);
}

void w2c_wasi_set_memory(w2c_wasi *wasi, w2c_memory *memory)
{
	wasi->memory = memory;
}

size_t w2c_wasi_imports(w2c_wasi *wasi, w2c_import *out, size_t cap)
{
	static const struct {
		const wasi_func *funcs;
		const size_t *n;
	} groups[] = {
		{ misc_funcs, NULL },
		{ wasi_fd_funcs, &wasi_fd_nfuncs },
		{ wasi_path_funcs, &wasi_path_nfuncs },
		{ wasi_poll_funcs, &wasi_poll_nfuncs },
		{ wasi_sock_funcs, &wasi_sock_nfuncs },
	};
	size_t g, i, k = 0;

	for (g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		size_t n = groups[g].n ? *groups[g].n
		                       : sizeof misc_funcs / sizeof misc_funcs[0];
		for (i = 0; i < n; i++, k++) {
			const wasi_func *f = &groups[g].funcs[i];
			w2c_import im = W2C_IMPORT_FUNC("wasi_snapshot_preview1", f->name,
			                                f->signature, f->fn, wasi);
			if (k < cap)
				out[k] = im;
		}
	}
	return k;
}

static int fail(char *err, size_t errsize, const char *what, const char *why)
{
	if (err && errsize)
		snprintf(err, errsize, "%s%s", what, why);
	return W2C_WASI_TRAP_STATUS;
}

static int bad_module(char *err, size_t errsize, const char *why)
{
	fail(err, errsize, why, "");
	return W2C_WASI_BAD_MODULE_STATUS;
}

/* "uncaught exception: tag "env"."e" (i32 7)", naming the tag as inst
 * does (w2c_exn_format). */
static int uncaught(w2c_instance *inst, char *err, size_t errsize)
{
	char what[200];

	w2c_exn_format(inst, w2c_exception(), what, sizeof what);
	return fail(err, errsize, "uncaught exception: ", what);
}

/* Whether the import object `imports` (n entries) offers module.name of
 * this kind. */
static bool offered(const w2c_import *imports, size_t n, const char *module,
                    const char *name, w2c_extern_kind kind)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (imports[i].kind == kind && imports[i].name &&
		    !strcmp(imports[i].module, module) && !strcmp(imports[i].name, name))
			return true;
	return false;
}

/*
 * A wasi-threads module imports its (shared) memory, which no one else
 * makes for it here: it is made of the type imported, unless the
 * embedder set one (w2c_wasi_set_memory) or offers it.  If the module
 * imports thread-spawn and the embedder offers none, the entry of
 * threads.c goes last, spawning instances with the same imports.  The
 * array has room for two more entries.
 */
static bool threads_setup(const w2c_module *module, w2c_wasi *wasi, w2c_import *imports,
                          size_t *n, w2c_memory **own_memory, w2c_wasi_threads **threads)
{
	uint32_t i;

	for (i = 0; i < module->nimports; i++) {
		const w2c_import_desc *d = &module->imports[i];
		if (d->kind != W2C_EXTERN_MEMORY || wasi->memory ||
		    offered(imports, *n, d->module, d->name, W2C_EXTERN_MEMORY))
			continue;
		*own_memory = calloc(1, sizeof **own_memory);
		if (!*own_memory || w2c_memory_init_type(*own_memory, &d->limits,
		                                         module->guarded) != W2C_OK) {
			free(*own_memory);
			*own_memory = NULL;
			return false;
		}
		wasi->memory = *own_memory;
		imports[(*n)++] = (w2c_import)W2C_IMPORT_MEMORY(d->module, d->name, *own_memory);
		break;
	}
	for (i = 0; i < module->nimports; i++) {
		const w2c_import_desc *d = &module->imports[i];
		if (d->kind != W2C_EXTERN_FUNC || strcmp(d->module, "wasi") ||
		    strcmp(d->name, "thread-spawn") ||
		    offered(imports, *n, "wasi", "thread-spawn", W2C_EXTERN_FUNC))
			continue;
		*threads = w2c_wasi_threads_new(module, imports, *n);
		if (!*threads)
			return false;
		imports[(*n)++] = w2c_wasi_threads_import(*threads);
		break;
	}
	return true;
}

static void threads_teardown(w2c_wasi *wasi, w2c_memory *saved, w2c_memory *own_memory,
                             w2c_wasi_threads *threads)
{
	w2c_wasi_threads_free(threads);
	if (own_memory) {
		w2c_memory_free(own_memory);
		free(own_memory);
	}
	wasi->memory = saved;
}

int w2c_wasi_run(const w2c_module *module, w2c_wasi *wasi,
                 const w2c_import *extra, size_t nextra, char *err,
                 size_t errsize)
{
	size_t n = w2c_wasi_imports(wasi, NULL, 0);
	w2c_memory *saved = wasi->memory, *mem, *own_memory = NULL;
	w2c_wasi_threads *threads = NULL;
	w2c_import *imports;
	w2c_instance *inst;
	w2c_extern start;
	w2c_error e;
	w2c_status st;
	int status;

	if (err && errsize)
		err[0] = '\0';
	if (nextra > SIZE_MAX / sizeof *imports - n - 2 ||
	    !(imports = malloc((n + nextra + 2) * sizeof *imports)))
		return fail(err, errsize, "out of memory", "");
	/* The embedder's entries come first: the first match wins, so they
	 * can replace WASI functions as well as add others. */
	if (nextra)
		memcpy(imports, extra, nextra * sizeof *imports);
	w2c_wasi_imports(wasi, imports + nextra, n);
	n += nextra;
	/* wasi-threads: the memory the module imports, made here unless
	 * given, and thread-spawn (threads.c) */
	if (!threads_setup(module, wasi, imports, &n, &own_memory, &threads)) {
		free(imports);
		threads_teardown(wasi, saved, own_memory, threads);
		return fail(err, errsize, "out of memory", "");
	}
	inst = calloc(1, module->instance_size);
	if (!inst) {
		free(imports);
		threads_teardown(wasi, saved, own_memory, threads);
		return fail(err, errsize, "out of memory", "");
	}
	wasi->starting = inst;
	st = w2c_instantiate_into(inst, module, imports, n, &e);
	wasi->starting = NULL;
	free(imports);
	if (st != W2C_OK) {
		/* (the storage still holds the tags' bindings, for the name) */
		if (e.status == W2C_EXCEPTION)
			status = uncaught(inst, err, errsize);
		free(inst);
		threads_teardown(wasi, saved, own_memory, threads);
		if (e.status == W2C_EXCEPTION)
			return status;
		/* A start function may already have called proc_exit. */
		if (e.status == W2C_TRAP_EXIT)
			return w2c_exit_code();
		if (e.status == W2C_ERR_LINK)
			return bad_module(err, errsize, e.message);
		/* (traps come before these errors and after them: 3.0's) */
		if (e.status > W2C_ERR_LINK && e.status <= W2C_ERR_ARGUMENTS)
			return fail(err, errsize, e.message, "");
		return fail(err, errsize, "trap: ", e.message);
	}
	/* A module that imports its memory instead had it set by the
	 * embedder, before this call. */
	mem = w2c_get_memory(inst, "memory");
	/* (no store of the same pointer: threads the start function spawned
	 * may be reading it) */
	if (mem && mem != wasi->memory)
		wasi->memory = mem;
	if (!w2c_get_export(inst, "_start", &start) ||
	    start.kind != W2C_EXTERN_FUNC) {
		status = bad_module(err, errsize,
		                    w2c_get_export(inst, "_initialize", &start)
		                            ? "the module is a reactor (it exports "
		                              "_initialize, not _start), not a command"
		                            : "the module exports no _start function");
	} else if (start.functype->nparams || start.functype->nresults) {
		status = bad_module(err, errsize, "_start takes or returns values");
	} else {
		st = w2c_call_extern(&start, NULL, 0, NULL, 0);
		if (st == W2C_OK)
			status = 0;
		else if (st == W2C_TRAP_EXIT)
			status = w2c_exit_code();
		else if (st == W2C_EXCEPTION) /* no trap: a wasm exception not caught */
			status = uncaught(inst, err, errsize);
		else
			status = fail(err, errsize, "trap: ",
			              st == W2C_TRAP_HOST ? w2c_trap_host_message()
			                                  : w2c_status_message(st));
	}
	/* Threads still running: the program ends with _start, as a native
	 * one ends with main, and they with it. */
	if (threads && w2c_wasi_threads_live(threads))
		w2c_wasi_threads_exit(status, err);
	w2c_instance_free(inst);
	threads_teardown(wasi, saved, own_memory, threads);
	return status;
}
