/*
 * w2c_wasi.h: WASI preview 1 (wasi_snapshot_preview1) for translated
 * modules, in the library w2c-wasi (pkg-config w2c-wasi).
 *
 * Every wasi_snapshot_preview1 function is a typed host function; this
 * library gives them as import-object entries.  A module reaches only the
 * directories preopened for it; every pointer and length it passes is
 * checked against its linear memory before use.  A function that can't be
 * supported on this host returns its documented errno (usually ENOSYS or
 * ENOTSUP); none is missing at link time.
 *
 *     w2c_wasi_config cfg = { .argc = argc, .argv = (const char *const *)argv,
 *                             .env = (const char *const *)environ,
 *                             .inherit_stdio = true };
 *     w2c_wasi *wasi = w2c_wasi_new(&cfg, err, sizeof err);
 *     int status = w2c_wasi_run(&w2c_prog_module, wasi, NULL, 0, err, sizeof err);
 */
#ifndef W2C_WASI_H
#define W2C_WASI_H

#include "w2c.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A directory the module may use: `host` on this machine, seen by the
 * module as `guest` (e.g. "." or "/data"). */
typedef struct w2c_wasi_preopen {
	const char *host;
	const char *guest;
} w2c_wasi_preopen;

/*
 * What a module gets.  The standard streams: with inherit_stdio, or when
 * stdin_fd, stdout_fd and stderr_fd are all 0 (a zeroed config), the
 * module's 0, 1, 2 are the host's 0, 1, 2; otherwise each field is the
 * host fd to use, or -1 for none (that fd is closed in the module).  The
 * library never closes them.  Preopened directories are opened by
 * w2c_wasi_new and closed by w2c_wasi_free.
 */
typedef struct w2c_wasi_config {
	int argc;
	const char *const *argv;          /* argv[0] is the program name */
	const char *const *env;           /* NAME=VALUE strings, NULL-ended */
	size_t npreopens;
	const w2c_wasi_preopen *preopens; /* fds 3, 4, ... in this order */
	int stdin_fd, stdout_fd, stderr_fd; /* host fds for 0, 1, 2; see above */
	bool inherit_stdio;               /* true: use 0, 1, 2 as they are */
} w2c_wasi_config;

typedef struct w2c_wasi w2c_wasi;

/* Makes a WASI context: copies the arguments and environment, opens the
 * preopened directories.  NULL with a message in err on failure (e.g. a
 * preopen that is not a directory).  A context serves one instance at a
 * time, on one thread at a time, as preview 1 has no threads. */
W2C_API w2c_wasi *w2c_wasi_new(const w2c_wasi_config *config, char *err,
                               size_t errsize);
W2C_API void w2c_wasi_free(w2c_wasi *wasi);

/* The import-object entries for every wasi_snapshot_preview1 function,
 * with `wasi` as their context.  Returns how many there are; writes at
 * most `cap` of them to `out` (which may be NULL when cap is 0). */
W2C_API size_t w2c_wasi_imports(w2c_wasi *wasi, w2c_import *out, size_t cap);

/* The memory the functions read and write: the module's "memory" export,
 * set after instantiation (w2c_wasi_run does it).  Until it is set, or
 * with NULL, every function that needs memory returns EFAULT. */
W2C_API void w2c_wasi_set_memory(w2c_wasi *wasi, w2c_memory *memory);

/*
 * Runs a command module: instantiates it with `extra` (more import
 * entries, may be NULL; they come first, so they can also replace WASI
 * functions) and the WASI imports, calls `_start`, frees the instance.
 * Returns the exit status: the code given to proc_exit, 0 when _start
 * returns; on a trap (in _start or the start function) or a failed
 * instantiation, writes "trap: <reason>" or the error to err and returns
 * W2C_WASI_TRAP_STATUS; on a link error or a module that is no command
 * (no `_start`, or one with parameters or results), writes the error and
 * returns W2C_WASI_BAD_MODULE_STATUS: bad input, as a compiler's status
 * for a bad file.  err is "" otherwise.  A module
 * that imports its memory instead of exporting it needs
 * w2c_wasi_set_memory before this call, or gets one made of the type it
 * imports.  A module importing `wasi` `thread-spawn` (wasi-threads) gets
 * it from w2c_wasi_threads below, unless `extra` has one; if its threads
 * still run when _start ends, the process exits with the status, as a
 * native program's would at the end of main.
 */
#define W2C_WASI_TRAP_STATUS 134
#define W2C_WASI_BAD_MODULE_STATUS 1
W2C_API int w2c_wasi_run(const w2c_module *module, w2c_wasi *wasi,
                         const w2c_import *extra, size_t nextra, char *err,
                         size_t errsize);

/*
 * wasi-threads (docs/threads.md).  For a module instantiated with
 * `imports` (copied; they must give its shared memory): the import entry
 * of `wasi` `thread-spawn`, whose every call instantiates `module` again
 * with the same imports and this entry, on a new thread, and calls its
 * export wasi_thread_start(tid, arg); it returns tid (1, 2, ..., below
 * 2^29), or a negative errno.  A trap or proc_exit on a spawned thread
 * ends the process through w2c_wasi_threads_exit (status 134 after
 * "w2c: trap: REASON", or the exit code); a thread that returns frees its
 * instance.  The WASI context is shared by all threads.
 */
typedef struct w2c_wasi_threads w2c_wasi_threads;
W2C_API w2c_wasi_threads *w2c_wasi_threads_new(const w2c_module *module,
                                               const w2c_import *imports,
                                               size_t nimports);
W2C_API w2c_import w2c_wasi_threads_import(w2c_wasi_threads *threads);
/* How many spawned threads still run. */
W2C_API uint32_t w2c_wasi_threads_live(w2c_wasi_threads *threads);
/* Frees it; only when no thread of it runs. */
W2C_API void w2c_wasi_threads_free(w2c_wasi_threads *threads);
/* Ends the process with `status`, once (callers on other threads wait
 * for it), after printing "w2c: MESSAGE" unless message is NULL or "". */
W2C_API W2C_NORETURN void w2c_wasi_threads_exit(int status, const char *message);

#ifdef __cplusplus
}
#endif

#endif /* W2C_WASI_H */
