/*
 * run.c: `w2c run` and `w2c build`: a WASI command module into a native
 * program.
 *
 * The pipeline: translate the module (translate.c), write a main() that
 * sets up WASI (w2c/program/main.c, embedded), compile both with the
 * system C compiler, link the static runtime and WASI libraries.  `build`
 * leaves the program where asked; `run` keeps it in a cache keyed by
 * everything that could change it (module bytes, w2c's version, compiler,
 * flags, --max-memory, the libraries) and then becomes it with execv, so
 * the program's standard streams and exit status are w2c's.
 *
 * Where the headers and libraries are: next to this executable in the
 * build tree, else under the install prefix (or $W2C_INCLUDEDIR and
 * $W2C_LIBDIR when set).
 */
#define _DEFAULT_SOURCE /* realpath, mkdtemp */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "program_main.h"

#ifndef W2C_BUILD_DIR
#define W2C_BUILD_DIR ""
#endif
#ifndef W2C_SOURCE_DIR
#define W2C_SOURCE_DIR ""
#endif
#ifndef W2C_INCLUDEDIR
#define W2C_INCLUDEDIR "/usr/local/include"
#endif
#ifndef W2C_LIBDIR
#define W2C_LIBDIR "/usr/local/lib"
#endif

#define MAX_OPTIONS 256

/* The default flags.  `w2c run` makes a program for the machine it runs
 * on, kept in that machine's cache: it may use every instruction the CPU
 * has (SIMD lowering in w2c_simd.h takes SSSE3, SSE4.1 and AVX forms when
 * the compiler enables them).  `w2c build` makes a program to copy
 * elsewhere: portable unless --cflags names a CPU.  $CFLAGS replaces
 * either. */
#define RUN_CFLAGS_NATIVE "-O2 -march=native"
#define RUN_CFLAGS_PORTABLE "-O2"

typedef struct Job {
	bool run;                  /* w2c run, else w2c build */
	const char *module;        /* the .wasm path */
	const char *output;        /* build: the program */
	const char *cc;
	const char *cflags;
	const char *dirs[MAX_OPTIONS];
	const char *env[MAX_OPTIONS];
	size_t ndirs, nenv;
	char **args;               /* run: the guest's arguments */
	int nargs;
	int jobs;                  /* -j: compilers at a time (0: a CPU's worth) */
	bool quiet, verbose;       /* no progress; every command shown */
	bool native;               /* run: cflags end in -march=native, if cc takes it */
	bool quick;                /* run: this build is the quick one */
	const char *quick_cc;      /* run: the quick build's compiler, if not cc (clang);
	                            * only set while quick is */
	bool has_max_memory;       /* --max-memory: passed to the translator */
	uint64_t max_memory;
	/* found */
	char include[PATH_MAX], rtlib[PATH_MAX], wasilib[PATH_MAX];
} Job;

/* snprintf for paths: false when the result doesn't fit. */
static bool pathf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < size;
}

static int usage_error(bool run, const char *why)
{
	if (why)
		fprintf(stderr, "w2c: %s\n", why);
	if (run)
		fputs("usage: w2c run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... "
		      "[--max-memory=SIZE] [-j N] [--quiet | --verbose] [--] MODULE.wasm [ARGS...]\n",
		      stderr);
	else
		fputs("usage: w2c build MODULE.wasm -o PROGRAM [--cc CC] [--cflags FLAGS] "
		      "[--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--max-memory=SIZE] [-j N] "
		      "[--quiet | --verbose]\n", stderr);
	return 2;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Finds w2c.h and the two static libraries. */
static bool locate(Job *j)
{
	char exe[PATH_MAX], *slash;
	const char *inc = getenv("W2C_INCLUDEDIR"), *lib = getenv("W2C_LIBDIR");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (!inc && !lib && n > 0) {
		exe[n] = 0;
		slash = strrchr(exe, '/');
		if (slash)
			*slash = 0;
		/* the build tree: the libraries beside w2c */
		if (W2C_BUILD_DIR[0] && !strcmp(exe, W2C_BUILD_DIR)) {
			pathf(j->include, sizeof j->include, "%s/include", W2C_SOURCE_DIR);
			pathf(j->rtlib, sizeof j->rtlib, "%s/libw2c-rt.a", exe);
			pathf(j->wasilib, sizeof j->wasilib, "%s/rt/wasi/libw2c-wasi.a", exe);
			if (is_file(j->rtlib) && is_file(j->wasilib))
				return true;
		}
	}
	pathf(j->include, sizeof j->include, "%s", inc ? inc : W2C_INCLUDEDIR);
	pathf(j->rtlib, sizeof j->rtlib, "%s/libw2c-rt.a", lib ? lib : W2C_LIBDIR);
	pathf(j->wasilib, sizeof j->wasilib, "%s/libw2c-wasi.a", lib ? lib : W2C_LIBDIR);
	if (!is_file(j->rtlib) || !is_file(j->wasilib)) {
		fprintf(stderr, "w2c: can't find the runtime libraries (%s, %s); "
		                "set W2C_LIBDIR and W2C_INCLUDEDIR\n", j->rtlib, j->wasilib);
		return false;
	}
	return true;
}

/* ----------------------------------------------------------------- cache */

/* Two independent 64-bit FNV-1a style hashes: a 128-bit key. */
typedef struct Hash {
	uint64_t a, b;
} Hash;

static void hash_add(Hash *h, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h->a = (h->a ^ p[i]) * 0x100000001b3u;
		h->b = (h->b ^ p[i]) * 0x9e3779b97f4a7c15u + 0x632be59bd9b4e019u;
	}
}

static void hash_str(Hash *h, const char *s)
{
	hash_add(h, s, strlen(s) + 1);
}

/* A file's identity for the key: its size and modification time. */
static void hash_file(Hash *h, const char *path)
{
	struct stat st;
	uint64_t v[2] = { 0, 0 };

	if (stat(path, &st) == 0) {
		v[0] = (uint64_t)st.st_size;
		v[1] = (uint64_t)st.st_mtime;
	}
	hash_str(h, path);
	hash_add(h, v, sizeof v);
}

/* Finds the program `word` (no slash) in $PATH: its path into `path`. */
static bool find_in_path(const char *word, char *path, size_t size)
{
	const char *p = getenv("PATH"), *e;

	for (; p && *p; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (!e)
			e = p + strlen(p);
		pathf(path, size, "%.*s/%s", (int)(e - p), p, word);
		if (is_file(path))
			return true;
	}
	return false;
}

/* The compiler's path, found in $PATH, for hash_file. */
static void hash_compiler(Hash *h, const char *cc)
{
	char word[PATH_MAX], path[PATH_MAX];
	size_t n = strcspn(cc, " ");

	pathf(word, sizeof word, "%.*s", (int)n, cc);
	hash_str(h, cc);
	if (strchr(word, '/') || !getenv("PATH"))
		hash_file(h, word);
	else if (find_in_path(word, path, sizeof path))
		hash_file(h, path);
}

/* The CPU, for the key of a program built with -march=native: its model
 * and feature flags as Linux reports them (x86 "model name", "flags";
 * Arm "CPU implementer", "CPU part", "Features"), from the first CPU's
 * entry.  A cache shared by several machines (a home directory over NFS)
 * then never gives one machine a program using instructions another
 * lacks.  Elsewhere nothing is added: such a program stays on its machine
 * through the cache's own directory. */
static void hash_cpu(Hash *h)
{
	static const char *const keys[] = { "vendor_id", "model name", "flags", "CPU implementer",
	                                    "CPU architecture", "CPU part", "Features" };
	char line[8192];
	FILE *f = fopen("/proc/cpuinfo", "r");
	size_t i;

	if (!f)
		return;
	while (fgets(line, sizeof line, f) && line[0] != '\n')
		for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
			if (!strncmp(line, keys[i], strlen(keys[i])))
				hash_str(h, line);
	fclose(f);
}

/* mkdir -p */
static bool make_dirs(const char *path)
{
	char tmp[PATH_MAX], *p;

	pathf(tmp, sizeof tmp, "%s", path);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(tmp, 0777) == 0 || errno == EEXIST;
}

/* --------------------------------------------------------------- compile */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A signal that should end w2c (SIGINT, SIGTERM, SIGHUP) while it makes
 * a program: the compilers are stopped, the temporary directory removed,
 * and then w2c ends by the same signal. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void catch_signals(bool on)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: a signal wakes the waitpid below */
	for (i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; i++)
		sigaction(stop_signals[i], &sa, NULL);
}

/* After cleaning up: end by the signal that interrupted. */
static void die_if_interrupted(void)
{
	int sig = interrupted;

	if (!sig)
		return;
	catch_signals(false);
	raise(sig);
	_exit(128 + sig);
}

/* What the user sees on stderr: on a terminal, one status line rewritten
 * in place ("compiling: 3 of 16 parts done, about 40 s left"), gone
 * once done; nothing elsewhere or with --quiet; with --verbose, every
 * command too. */
static bool progress_on(const Job *j)
{
	return !j->quiet && isatty(2);
}

static void status_line(const Job *j, const char *fmt, ...) PRINTF(2, 3);
static void status_line(const Job *j, const char *fmt, ...)
{
	va_list ap;

	if (!progress_on(j))
		return;
	fputs("\r\033[Kw2c: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

static void status_clear(const Job *j)
{
	if (progress_on(j))
		fputs("\r\033[K", stderr);
}

static void show_command(const Job *j, char **argv, const char *dir)
{
	if (!j->verbose)
		return;
	status_clear(j);
	fprintf(stderr, "w2c: (cd %s &&", dir);
	for (; *argv; argv++)
		fprintf(stderr, " %s", *argv);
	fputs(")\n", stderr);
}

/* Runs the n commands in `dir`, j->jobs at a time (none more after one
 * fails), showing progress on a terminal.  True if all succeeded.  On a
 * signal, stops the running ones and fails.  The commands name files
 * relative to dir: the same module gives the same command lines wherever
 * it is built, so that ccache hits. */
static bool run_compilers(const Job *j, char **argvs[], int n, const char *dir,
                          const char *what)
{
	bool ok = true;
	double start = now(), last = 0;
	int i = 0, running = 0, status, k, done = 0, jobs = j->jobs;
	pid_t pids[64];

	if (jobs > 64)
		jobs = 64;
	for (;;) {
		pid_t r;
		if (interrupted && ok) {
			for (k = 0; k < running; k++)
				kill(pids[k], SIGTERM);
			ok = false;
		}
		while (ok && i < n && running < jobs) {
			pid_t pid;
			show_command(j, argvs[i], dir);
			pid = fork();
			if (pid < 0) {
				fprintf(stderr, "w2c: fork: %s\n", strerror(errno));
				ok = false;
				break;
			}
			if (pid == 0) {
				if (chdir(dir) != 0)
					_exit(127);
				execvp(argvs[i][0], argvs[i]);
				fprintf(stderr, "w2c: %s: %s\n", argvs[i][0], strerror(errno));
				_exit(127);
			}
			i++;
			pids[running++] = pid;
		}
		if (!running)
			break;
		r = waitpid(-1, &status, progress_on(j) ? WNOHANG : 0);
		if (r > 0) {
			for (k = 0; k < running && pids[k] != r; k++)
				;
			if (k < running)
				pids[k] = pids[running - 1];
			running--;
			done++;
			ok = ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
			continue;
		}
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "w2c: waitpid: %s\n", strerror(errno));
			return false;
		}
		if (progress_on(j) && now() - last >= 1.0) {
			double t = now() - start;
			last = now();
			if (n == 1)
				status_line(j, "%s ... %.0f s", what, t);
			else if (!done)
				status_line(j, "compiling part 1-%d of %d ... %.0f s", i, n, t);
			else /* the parts take about equal times */
				status_line(j, "compiling: %d of %d parts done, about %.0f s left",
				            done, n, t / done * (n - done));
		}
		if (progress_on(j))
			usleep(200 * 1000);
	}
	status_clear(j);
	if (!ok && !interrupted)
		fprintf(stderr, "w2c: the C compiler failed %s\n", what);
	return ok;
}

static bool run_compiler(const Job *j, char **argv, const char *dir, const char *what)
{
	return run_compilers(j, &argv, 1, dir, what);
}

/* Splits a flag string into words (no quoting: flags are simple). */
static int split_words(char *s, char **out, int max)
{
	int n = 0;
	char *save = NULL, *w;

	for (w = strtok_r(s, " \t", &save); w && n < max; w = strtok_r(NULL, " \t", &save))
		out[n++] = w;
	return n;
}

/* Writes main.c: the prelude, then the embedded program main. */
static bool write_main(const Job *j, const char *dir)
{
	Buf b = { 0 };
	const char *name = strrchr(j->module, '/');
	char path[PATH_MAX], err[300];
	const char *const *line;
	size_t i;
	bool ok;

	name = name ? name + 1 : j->module;
	buf_str(&b, "/* Generated by w2c: the program's main. */\n#include \"module.h\"\n");
	buf_str(&b, "#define W2C_PROGRAM_MODULE w2c_prog_module\n");
	buf_printf(&b, "#define W2C_PROGRAM_OPTIONS %d\n", j->run);
	buf_str(&b, "static const char *const program_dirs[] = { ");
	for (i = 0; !j->run && i < j->ndirs; i++) {
		c_string_literal((const uint8_t *)j->dirs[i], strlen(j->dirs[i]), &b);
		buf_str(&b, ", ");
	}
	buf_str(&b, "NULL };\nstatic const char *const program_env[] = { ");
	for (i = 0; !j->run && i < j->nenv; i++) {
		c_string_literal((const uint8_t *)j->env[i], strlen(j->env[i]), &b);
		buf_str(&b, ", ");
	}
	buf_str(&b, "NULL };\nstatic const char program_name[] = ");
	c_string_literal((const uint8_t *)name, strlen(name), &b);
	buf_str(&b, ";\n\n");
	for (line = program_main_c; *line; line++)
		buf_str(&b, *line);
	pathf(path, sizeof path, "%s/main.c", dir);
	ok = write_file_atomic(path, b.p, b.len, err, sizeof err);
	if (!ok)
		fprintf(stderr, "w2c: %s\n", err);
	buf_free(&b);
	return ok;
}

/* A module larger than this is split into a C file per SPLIT_SIZE, at
 * least one per CPU, compiled a CPU's worth at a time: parts of a big
 * module take unequal times, and several per CPU keep every CPU busy to
 * the end (ruby.wasm, 16 MB, at -O1 on 2 CPUs: 16 parts 183 s, 8 parts
 * 193 s). */
#define SPLIT_SIZE (1u << 20)

/* `w2c run` of a module this large ($W2C_RUN_QUICK_SIZE bytes, if set)
 * compiles it first quickly, runs that, and makes the full build in the
 * background, a nice process that replaces the cached program when done:
 * the first run of a 30 MB module would otherwise wait many minutes for
 * gcc -O2 (docs/bigmodules.md).  The entry's file "quick" says so; it
 * holds the builder's pid, or "failed".
 *
 * The quick build is clang -O0 where clang is on $PATH and the user chose
 * neither $CC nor $CFLAGS: on yosys (30 MB) 0.17 of gcc -O2's compile time,
 * the only way found to build it within 5 minutes on 2 CPUs, for code 7-8
 * times slower.  Else it is the compiler and flags, then QUICK_FLAG (gcc
 * -Og: 0.33 of -O2's time, code 0.7-1.0 as fast, ~5 minutes for yosys). */
#define QUICK_SIZE (4u << 20)
#define QUICK_FLAG "-Og"
#define QUICK_CLANG "clang"
#define QUICK_CLANG_FLAGS "-O0"

/* The compiler and flags, as words at the start of argv; returns how many. */
static int cc_words(const Job *j, char **argv, char **ccwords, char **flags,
                    char *incflag, size_t incsize)
{
	bool clang = j->quick_cc != NULL;
	const char *cc = clang ? j->quick_cc : j->cc, *cflags = clang ? QUICK_CLANG_FLAGS : j->cflags;
	int n;

	*ccwords = xmalloc(strlen(cc) + 1);
	strcpy(*ccwords, cc);
	*flags = xmalloc(strlen(cflags) + 1);
	strcpy(*flags, cflags);
	n = split_words(*ccwords, argv, 8);
	n += split_words(*flags, argv + n, MAX_OPTIONS);
	if (j->quick && !clang)
		argv[n++] = QUICK_FLAG;
	pathf(incflag, incsize, "-I%s", j->include);
	argv[n++] = incflag;
	return n;
}

/* Whether the compiler takes -march=native (gcc and clang do on their
 * usual targets; some cross compilers and other compilers don't): an
 * empty file compiled with it in dir, quietly.  Only asked when a program
 * is made, not on every run. */
static bool takes_march_native(const Job *j, const char *dir)
{
	char incflag[PATH_MAX + 2], path[PATH_MAX], err[300], *ccwords, *flags;
	char *argv[MAX_OPTIONS + 16];
	int n = cc_words(j, argv, &ccwords, &flags, incflag, sizeof incflag), status = 1;
	pid_t pid;

	pathf(path, sizeof path, "%s/native.c", dir);
	if (write_file_atomic(path, "int w2c_native;\n", 16, err, sizeof err)) {
		argv[n++] = "-c";
		argv[n++] = "native.c";
		argv[n++] = "-o";
		argv[n++] = "native.o";
		argv[n] = NULL;
		show_command(j, argv, dir);
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			if (null < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0 || chdir(dir) != 0)
				_exit(127);
			execvp(argv[0], argv);
			_exit(127);
		}
		/* a signal (no SA_RESTART) stops the compiler too */
		while (pid > 0 && waitpid(pid, &status, 0) < 0)
			if (errno != EINTR || (interrupted && kill(pid, SIGTERM) != 0)) {
				status = 1;
				break;
			}
		if (pid < 0)
			status = 1;
		remove(path);
		pathf(path, sizeof path, "%s/native.o", dir);
		remove(path);
	}
	free(ccwords);
	free(flags);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Translates and compiles into dir/program. */
static bool make_program(Job *j, const uint8_t *bytes, size_t size, const char *dir)
{
	enum { MAX_PARTS = 64 };
	char cpath[PATH_MAX], hpath[PATH_MAX], what[PATH_MAX + 40];
	char incflag[PATH_MAX + 2], *ccwords, *flags;
	char *argv[MAX_OPTIONS + 16 + MAX_PARTS], *parts[MAX_PARTS], *objs[MAX_PARTS];
	char **pargv[MAX_PARTS];
	Options opt;
	Translation t;
	uint32_t nparts = 1, k;
	int n = 0;
	bool ok;

	if (size > SPLIT_SIZE && j->jobs > 1) {
		nparts = (uint32_t)(size / SPLIT_SIZE);
		if (nparts < (uint32_t)j->jobs)
			nparts = (uint32_t)j->jobs;
		if (nparts > MAX_PARTS)
			nparts = MAX_PARTS;
	}
	pathf(cpath, sizeof cpath, "%s/module.c", dir);
	pathf(hpath, sizeof hpath, "%s/module.h", dir);
	memset(&opt, 0, sizeof opt);
	opt.input = strrchr(j->module, '/') ? strrchr(j->module, '/') + 1 : j->module;
	opt.prefix = "w2c_prog"; /* not w2c_module: the runtime type */
	opt.header = "module.h";
	opt.split = nparts;
	opt.has_max_memory = j->has_max_memory;
	opt.max_memory = j->max_memory;
	/* (a cached program's module passed this when it was made) */
	if (!w2c_check_command(bytes, size, j->module, &t)) {
		fprintf(stderr, "w2c: %s\n", t.error);
		return false;
	}
	status_line(j, "translating %s ...", opt.input);
	if (!w2c_translate(bytes, size, &opt, cpath, hpath, &t)) {
		status_clear(j);
		fprintf(stderr, "w2c: %s\n", t.error);
		return false;
	}
	if (!write_main(j, dir))
		return false;

	/* -march=native where the compiler has it, else the flags before it
	 * (the quick clang build has flags of its own) */
	if (j->native && !j->quick_cc && !takes_march_native(j, dir))
		j->cflags = RUN_CFLAGS_PORTABLE;

	/* inside dir, by relative names */
	n = cc_words(j, argv, &ccwords, &flags, incflag, sizeof incflag);
	ok = true;
	if (nparts > 1) {
		/* each part to an object, j->jobs at a time */
		for (k = 0; k < nparts; k++) {
			int m = n;
			parts[k] = w2c_part_path("module.c", k);
			objs[k] = xmalloc(strlen(parts[k]) + 1);
			strcpy(objs[k], parts[k]);
			objs[k][strlen(objs[k]) - 1] = 'o';
			pargv[k] = xmalloc((n + 5) * sizeof *argv);
			memcpy(pargv[k], argv, n * sizeof *argv);
			pargv[k][m++] = "-c";
			pargv[k][m++] = parts[k];
			pargv[k][m++] = "-o";
			pargv[k][m++] = objs[k];
			pargv[k][m] = NULL;
		}
		snprintf(what, sizeof what, "compiling %s", opt.input);
		ok = run_compilers(j, pargv, (int)nparts, dir, what);
		for (k = 0; k < nparts; k++) {
			argv[n++] = objs[k];
			free(pargv[k]);
		}
		snprintf(what, sizeof what, "linking %s", opt.input);
	} else {
		argv[n++] = "module.c";
		snprintf(what, sizeof what, "compiling %s", opt.input);
	}
	argv[n++] = "main.c";
	argv[n++] = j->wasilib;
	argv[n++] = j->rtlib;
	argv[n++] = "-lpthread";
	argv[n++] = "-lm";
	argv[n++] = "-o";
	argv[n++] = "program";
	argv[n] = NULL;
	ok = ok && run_compiler(j, argv, dir, what);
	for (k = 0; nparts > 1 && k < nparts; k++) {
		free(parts[k]);
		free(objs[k]);
	}
	free(ccwords);
	free(flags);
	return ok;
}

static size_t quick_size(void)
{
	const char *s = getenv("W2C_RUN_QUICK_SIZE");
	char *end;
	unsigned long long v;

	if (!s || !*s)
		return QUICK_SIZE;
	v = strtoull(s, &end, 10);
	return *end ? QUICK_SIZE : (size_t)v;
}

/* Whether the cached entry `key` holds a quick program whose full build
 * is neither running nor failed: one to start. */
static bool needs_full_build(const char *key)
{
	char path[PATH_MAX], err[300];
	size_t n;
	uint8_t *text;
	long pid;
	bool need;

	pathf(path, sizeof path, "%s/quick", key);
	if (!is_file(path))
		return false;
	text = read_input(path, &n, err, sizeof err);
	if (!text)
		return false;
	text[n ? n - 1 : 0] = 0;
	pid = strtol((char *)text, NULL, 10);
	need = strncmp((char *)text, "failed", 6) && (pid <= 0 || kill((pid_t)pid, 0) != 0);
	free(text);
	return need;
}

/* Forks the full build of the program in `key`: a process of its own
 * session (a ^C of the program doesn't stop it), at low priority, with no
 * standard streams, that makes the program in a temporary directory of
 * the cache, moves it over key/program (a running program keeps the file
 * it started from) and removes key/quick.  The caller goes on at once. */
static void start_full_build(Job *j, const uint8_t *bytes, size_t size, const char *dir,
                             const char *key)
{
	char tmp[PATH_MAX], marker[PATH_MAX], prog[PATH_MAX], err[300], text[32];
	pid_t pid;
	int null, n;
	bool ok;

	fflush(NULL);
	pid = fork();
	if (pid != 0) {
		if (pid > 0 && j->verbose)
			fprintf(stderr, "w2c: the full build (%s) goes on in the background, pid %ld\n",
			        j->cflags, (long)pid);
		return;
	}
	setsid();
	if (nice(10) == -1) {
		/* as it was: only slower for the program */
	}
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	pathf(marker, sizeof marker, "%s/quick", key);
	n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
	write_file_atomic(marker, text, (size_t)n, err, sizeof err);
	j->quick = false;
	j->quick_cc = NULL;
	j->quiet = true;
	j->verbose = false;
	ok = cache_tmp_dir(dir, tmp);
	if (ok) {
		ok = make_program(j, bytes, size, tmp);
		pathf(prog, sizeof prog, "%s/program", tmp);
		if (ok) {
			char dest[PATH_MAX];
			pathf(dest, sizeof dest, "%s/program", key);
			ok = rename(prog, dest) == 0;
		}
		remove_tree(tmp);
	}
	if (ok)
		remove(marker);
	else
		write_file_atomic(marker, "failed\n", 7, err, sizeof err);
	_exit(0);
}

/* --dir HOST[::GUEST]: HOST must be a directory. */
static bool check_dir(const char *spec)
{
	const char *sep = strstr(spec, "::");
	char host[PATH_MAX];

	pathf(host, sizeof host, "%.*s", (int)(sep ? (size_t)(sep - spec) : strlen(spec)),
	         spec);
	if (is_dir(host))
		return true;
	fprintf(stderr, "w2c: --dir %s: not a directory\n", host);
	return false;
}

/* -j N: compilers at a time, 1 to 64.  Big modules are split into at
 * least that many parts, so that N above the local CPUs pays with
 * distcc. */
static bool parse_jobs(Job *j, const char *v, int *status)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*end || n < 1 || n > 64) {
		*status = usage_error(j->run, "-j takes a number from 1 to 64");
		return false;
	}
	j->jobs = (int)n;
	return true;
}

/* run: options, the module, then the guest's arguments.  build: options
 * anywhere around the module. */
static bool parse(Job *j, int argc, char **argv, int *status)
{
	int i = 1;

	*status = 0;
	while (i < argc && !(j->run && j->module)) {
		const char *a = argv[i++], *v;

		if (!strcmp(a, "--")) {
			if (j->run && i < argc)
				j->module = argv[i++];
			break;
		}
		if (a[0] != '-' || !a[1]) {
			if (j->module) {
				*status = usage_error(j->run, "only one module at a time");
				return false;
			}
			j->module = a;
			continue;
		}
		if (!strcmp(a, "--quiet") || !strcmp(a, "-q") || !strcmp(a, "--verbose") ||
		    !strcmp(a, "-v")) {
			j->quiet |= a[2] == 'q' || a[1] == 'q';
			j->verbose |= a[2] == 'v' || a[1] == 'v';
			continue;
		}
		if (!strncmp(a, "--max-memory=", 13) || !strcmp(a, "--max-memory")) {
			v = a[12] == '=' ? a + 13 : i < argc ? argv[i++] : NULL;
			if (!v || !parse_memory_size(v, &j->max_memory)) {
				*status = bad_memory_size(v);
				return false;
			}
			j->has_max_memory = true;
			continue;
		}
		if (!strncmp(a, "-j", 2) && a[2]) { /* -jN */
			if (!parse_jobs(j, a + 2, status))
				return false;
			continue;
		}
		if (strcmp(a, "--dir") && strcmp(a, "--env") && strcmp(a, "-j") &&
		    (j->run || (strcmp(a, "-o") && strcmp(a, "--cc") && strcmp(a, "--cflags")))) {
			fprintf(stderr, "w2c: unknown option %s\n", a);
			*status = usage_error(j->run, NULL);
			return false;
		}
		if (i == argc) {
			fprintf(stderr, "w2c: %s needs a value\n", a);
			*status = usage_error(j->run, NULL);
			return false;
		}
		v = argv[i++];
		if (!strcmp(a, "--dir")) {
			if (j->ndirs == MAX_OPTIONS || !check_dir(v)) {
				*status = 1;
				return false;
			}
			j->dirs[j->ndirs++] = v;
		} else if (!strcmp(a, "--env")) {
			if (!strchr(v, '=') || *v == '=' || j->nenv == MAX_OPTIONS) {
				*status = usage_error(j->run, "--env needs NAME=VALUE");
				return false;
			}
			j->env[j->nenv++] = v;
		} else if (!strcmp(a, "-j")) {
			if (!parse_jobs(j, v, status))
				return false;
		} else if (!strcmp(a, "-o")) {
			j->output = v;
		} else if (!strcmp(a, "--cc")) {
			j->cc = v;
		} else {
			j->cflags = v;
		}
	}
	if (!j->module) {
		*status = usage_error(j->run, "no module given");
		return false;
	}
	if (!j->run && !j->output) {
		*status = usage_error(false, "no output given (-o PROGRAM)");
		return false;
	}
	j->args = argv + i;
	j->nargs = argc - i;
	return true;
}

/* Replaces this process with the program, passing --dir, --env, the
 * module's name (the cache key leaves it out: copies of a module share a
 * program) and the guest's arguments on. */
static int exec_program(Job *j, const char *prog)
{
	char **argv = xmalloc(sizeof *argv * (2 * (j->ndirs + j->nenv) + (size_t)j->nargs + 5));
	const char *name = strrchr(j->module, '/');
	size_t n = 0, i;

	argv[n++] = (char *)prog;
	argv[n++] = "--name";
	argv[n++] = (char *)(name ? name + 1 : j->module);
	for (i = 0; i < j->ndirs; i++) {
		argv[n++] = "--dir";
		argv[n++] = (char *)j->dirs[i];
	}
	for (i = 0; i < j->nenv; i++) {
		argv[n++] = "--env";
		argv[n++] = (char *)j->env[i];
	}
	argv[n++] = "--";
	for (i = 0; i < (size_t)j->nargs; i++)
		argv[n++] = j->args[i];
	argv[n] = NULL;
	fflush(NULL);
	execv(prog, argv);
	fprintf(stderr, "w2c: %s: %s\n", prog, strerror(errno));
	free(argv);
	return 1;
}

/* Whether CC sends compiles to other machines (distcc, icecream), where
 * -march=native would mean their CPUs, not this one. */
static bool distributed(const char *cc)
{
	return strstr(cc, "distcc") || strstr(cc, "icecc");
}

static int run_or_build(bool run, int argc, char **argv)
{
	Job j;
	uint8_t *bytes;
	size_t size;
	char err[300], dir[PATH_MAX], key[PATH_MAX], prog[PATH_MAX], tmp[PATH_MAX];
	char clang[PATH_MAX];
	int status;
	Hash h = { 0xcbf29ce484222325u, 0x84222325cbf29ce4u };

	memset(&j, 0, sizeof j);
	j.run = run;
	if (!parse(&j, argc, argv, &status))
		return status;
	if (!j.cc)
		j.cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	if (!j.cflags && getenv("CFLAGS") && *getenv("CFLAGS"))
		j.cflags = getenv("CFLAGS");
	if (!j.cflags && run && !distributed(j.cc)) {
		j.cflags = RUN_CFLAGS_NATIVE;
		j.native = true;
	}
	if (!j.cflags)
		j.cflags = RUN_CFLAGS_PORTABLE;
	if (!j.jobs) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
		j.jobs = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (int)ncpu;
	}
	if (!locate(&j))
		return 1;
	bytes = read_module(j.module, &size, err, sizeof err);
	if (!bytes) {
		fprintf(stderr, "w2c: %s\n", err);
		return 1;
	}
	if (!run) {
		/* build: in a temporary directory, then to the output */
		pathf(tmp, sizeof tmp, "%s/w2c-build-XXXXXX",
		         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!mkdtemp(tmp)) {
			fprintf(stderr, "w2c: %s: %s\n", tmp, strerror(errno));
			free(bytes);
			return 1;
		}
		catch_signals(true);
		status = make_program(&j, bytes, size, tmp) ? 0 : 1;
		pathf(prog, sizeof prog, "%s/program", tmp);
		if (!status && rename(prog, j.output) != 0) {
			/* another file system: copy */
			uint8_t *data = read_input(prog, &size, err, sizeof err);
			status = !data || !write_file_atomic(j.output, data, size, err, sizeof err);
			if (status)
				fprintf(stderr, "w2c: %s: %s\n", j.output, err);
			else
				chmod(j.output, 0755);
			free(data);
		}
		remove_tree(tmp);
		free(bytes);
		die_if_interrupted();
		return status;
	}

	/* run: look in the cache first */
	hash_add(&h, bytes, size);
	hash_str(&h, W2C_VERSION);
	hash_compiler(&h, j.cc);
	hash_str(&h, j.cflags);
	if (j.has_max_memory) /* (keys made without it stay as they were) */
		hash_add(&h, &j.max_memory, sizeof j.max_memory);
	if (j.native)
		hash_cpu(&h);
	hash_file(&h, j.rtlib);
	hash_file(&h, j.wasilib);
	hash_file(&h, j.include);
	if (!cache_dir(dir, sizeof dir) || !make_dirs(dir)) {
		fprintf(stderr, "w2c: no cache directory (set XDG_CACHE_HOME or HOME)\n");
		free(bytes);
		return 1;
	}
	pathf(key, sizeof key, "%s/%016llx%016llx", dir, (unsigned long long)h.a,
	         (unsigned long long)h.b);
	pathf(prog, sizeof prog, "%s/program", key);
	if (is_file(prog)) {
		cache_touch(prog);
		if (j.verbose)
			fprintf(stderr, "w2c: cached: %s\n", prog);
		/* a quick program whose full build was stopped: start it again */
		if (needs_full_build(key))
			start_full_build(&j, bytes, size, dir, key);
	} else {
		cache_remove_stale(dir);
		if (!cache_tmp_dir(dir, tmp)) {
			fprintf(stderr, "w2c: %s: %s\n", dir, strerror(errno));
			free(bytes);
			return 1;
		}
		catch_signals(true);
		j.quick = size >= quick_size();
		/* (j.native: neither $CFLAGS nor a distributed $CC) */
		if (j.quick && j.native && !(getenv("CC") && *getenv("CC")) &&
		    find_in_path(QUICK_CLANG, clang, sizeof clang))
			j.quick_cc = QUICK_CLANG;
		if (!make_program(&j, bytes, size, tmp)) {
			remove_tree(tmp);
			free(bytes);
			die_if_interrupted();
			return 1;
		}
		catch_signals(false);
		cache_keep_program(tmp, strrchr(j.module, '/') ? strrchr(j.module, '/') + 1 : j.module);
		if (j.quick) {
			pathf(prog, sizeof prog, "%s/quick", tmp);
			write_file_atomic(prog, "0\n", 2, err, sizeof err);
			pathf(prog, sizeof prog, "%s/program", key);
		}
		/* Publish atomically; a concurrent run may have won. */
		if (rename(tmp, key) != 0) {
			remove_tree(tmp);
		} else {
			cache_bound(dir, strrchr(key, '/') + 1);
			if (j.quick && !interrupted)
				start_full_build(&j, bytes, size, dir, key);
		}
		die_if_interrupted();
	}
	free(bytes);
	return exec_program(&j, prog);
}

int run_main(int argc, char **argv)
{
	return run_or_build(true, argc, argv);
}

int build_main(int argc, char **argv)
{
	return run_or_build(false, argc, argv);
}
