/*
 * cache.c: the program cache of `w2c run`, and `w2c cache`.
 *
 * DIR ($XDG_CACHE_HOME/w2c or ~/.cache/w2c) holds one directory per
 * program, named by its key (run.c: the module's bytes, w2c's version,
 * the compiler, its flags, --max-memory and the libraries):
 *
 *   DIR/KEY/program    the executable; its mtime is the last use
 *   DIR/KEY/module     the name of the module first run, for `w2c cache`
 *
 * A program is made in DIR/tmp-PID-XXXXXX and renamed into place once
 * done, with everything but those two files removed first (the C and
 * object files of a large module run to hundreds of MB).  A temporary
 * directory whose process is gone was left by a run that was killed: the
 * next run removes it.  After a new program is added, the least recently
 * used ones go until the cache is under its bound, $W2C_CACHE_MAX MiB
 * (default 2048; the newest program always stays).
 */
#define _DEFAULT_SOURCE /* mkdtemp */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#define DEFAULT_MAX_MIB 2048

bool cache_dir(char *out, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;

	if (xdg && *xdg)
		n = snprintf(out, size, "%s/w2c", xdg);
	else if (home && *home)
		n = snprintf(out, size, "%s/.cache/w2c", home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

static bool join(char *out, const char *dir, const char *name)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
	return n > 0 && n < PATH_MAX;
}

void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (join(p, dir, e->d_name))
			remove(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/* tmp-PID-XXXXXX: the PID of the run making it, or 0 if not one. */
static long tmp_owner(const char *name)
{
	char *end;
	long pid;

	if (strncmp(name, "tmp-", 4))
		return 0;
	pid = strtol(name + 4, &end, 10);
	return *end == '-' && pid > 0 ? pid : 0;
}

void cache_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX];

	while (d && (e = readdir(d))) {
		long pid = tmp_owner(e->d_name);
		if (pid && kill((pid_t)pid, 0) != 0 && errno == ESRCH && join(p, dir, e->d_name))
			remove_tree(p);
	}
	if (d)
		closedir(d);
}

bool cache_tmp_dir(const char *dir, char *out)
{
	int n = snprintf(out, PATH_MAX, "%s/tmp-%ld-XXXXXX", dir, (long)getpid());
	return n > 0 && n < PATH_MAX && mkdtemp(out);
}

void cache_keep_program(const char *tmp, const char *module)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	char p[PATH_MAX], err[300];

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, "program"))
			continue;
		if (join(p, tmp, e->d_name))
			remove(p);
	}
	if (d)
		closedir(d);
	if (join(p, tmp, "module"))
		write_file_atomic(p, module, strlen(module), err, sizeof err);
}

void cache_touch(const char *program)
{
	utimensat(AT_FDCWD, program, NULL, 0);
}

/* ------------------------------------------------------------- entries */

typedef struct Entry {
	char name[NAME_MAX + 1];
	char module[200];
	uint64_t size;
	time_t used;
} Entry;

/* The programs in the cache (not the temporary directories), with their
 * sizes and last uses; *n gets the count.  The caller frees. */
static Entry *entries(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	Entry *v = NULL;
	size_t cap = 0;

	*n = 0;
	while (d && (e = readdir(d))) {
		char p[PATH_MAX], q[PATH_MAX];
		struct stat st;
		DIR *sub;
		struct dirent *f;
		Entry x;
		FILE *fp;

		if (e->d_name[0] == '.' || !strncmp(e->d_name, "tmp-", 4) ||
		    !join(p, dir, e->d_name) || !join(q, p, "program") || stat(q, &st) != 0)
			continue;
		memset(&x, 0, sizeof x);
		snprintf(x.name, sizeof x.name, "%s", e->d_name);
		x.used = st.st_mtime;
		sub = opendir(p);
		while (sub && (f = readdir(sub)))
			if (f->d_name[0] != '.' && join(q, p, f->d_name) && stat(q, &st) == 0)
				x.size += (uint64_t)st.st_size;
		if (sub)
			closedir(sub);
		if (join(q, p, "module") && (fp = fopen(q, "r"))) {
			size_t k = fread(x.module, 1, sizeof x.module - 1, fp);
			x.module[k] = 0;
			fclose(fp);
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = x;
	}
	if (d)
		closedir(d);
	return v;
}

/* Newest first. */
static int by_use(const void *a, const void *b)
{
	const Entry *x = a, *y = b;
	return x->used < y->used ? 1 : x->used > y->used ? -1 : strcmp(x->name, y->name);
}

static uint64_t cache_max(void)
{
	const char *s = getenv("W2C_CACHE_MAX");
	char *end;
	unsigned long long mib;

	if (!s || !*s)
		return (uint64_t)DEFAULT_MAX_MIB << 20;
	mib = strtoull(s, &end, 10);
	return *end || mib > (1ull << 40) ? (uint64_t)DEFAULT_MAX_MIB << 20 : (uint64_t)mib << 20;
}

void cache_bound(const char *dir, const char *keep)
{
	uint64_t max = cache_max(), total = 0;
	size_t n, i;
	Entry *v = entries(dir, &n);
	char p[PATH_MAX];

	qsort(v, n, sizeof *v, by_use);
	for (i = 0; i < n; i++) {
		total += v[i].size;
		if (total > max && strcmp(v[i].name, keep) && join(p, dir, v[i].name)) {
			remove_tree(p);
			total -= v[i].size;
		}
	}
	free(v);
}

/* ------------------------------------------------------------ w2c cache */

static const char cache_usage[] =
	"usage: w2c cache [list | clear]\n"
	"  list   the programs w2c run keeps (default): size, last use, module\n"
	"  clear  removes them all\n"
	"The cache is $XDG_CACHE_HOME/w2c or ~/.cache/w2c, kept under\n"
	"$W2C_CACHE_MAX MiB (default 2048), least recently used out first.\n";

int cache_main(int argc, char **argv)
{
	char dir[PATH_MAX], p[PATH_MAX], when[32];
	bool clear;
	uint64_t total = 0;
	size_t n, i;
	Entry *v;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "list") && strcmp(argv[1], "clear"))) {
		if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			fputs(cache_usage, stdout);
			return 0;
		}
		fputs(cache_usage, stderr);
		return 2;
	}
	clear = argc == 2 && !strcmp(argv[1], "clear");
	if (!cache_dir(dir, sizeof dir)) {
		fputs("w2c: no cache directory (set XDG_CACHE_HOME or HOME)\n", stderr);
		return 1;
	}
	cache_remove_stale(dir);
	v = entries(dir, &n);
	qsort(v, n, sizeof *v, by_use);
	for (i = 0; i < n; i++) {
		total += v[i].size;
		if (clear) {
			if (join(p, dir, v[i].name))
				remove_tree(p);
			continue;
		}
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", localtime(&v[i].used));
		printf("%-32s %8.1f MiB  %s  %s\n", v[i].name, (double)v[i].size / (1 << 20), when,
		       v[i].module[0] ? v[i].module : "?");
	}
	if (clear)
		printf("removed %zu programs, %.1f MiB\n", n, (double)total / (1 << 20));
	else
		printf("%zu programs, %.1f MiB in %s (bound %.0f MiB)\n", n,
		       (double)total / (1 << 20), dir, (double)cache_max() / (1 << 20));
	free(v);
	return 0;
}
