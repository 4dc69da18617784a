/*
 * check.h: the small harness the C tests of tests/sandbox and tests/limits
 * share.  Header-only, so each test program is one .c file plus its
 * translated modules.
 *
 * Each test is a function run in a child process (fork), so that a test
 * that crashes, or that uses up the address space or lowers a resource
 * limit on purpose, can't take the others with it.  Inside a test, CHECK
 * records a failure and carries on; SKIP ends the test as skipped.  The
 * runner prints "ok NAME", "FAIL NAME" (after the failed checks) or
 * "skip NAME: why" per test and, last, "N passed, N failed".  Arguments
 * name the tests to run (all by default).
 */
#ifndef CHECK_H
#define CHECK_H

#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE
#endif

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "w2c.h"

static int check_failures;

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			printf("    %s:%d: ", __FILE__, __LINE__);         \
			printf(__VA_ARGS__);                               \
			printf("\n");                                      \
			fflush(stdout);                                    \
			check_failures++;                                  \
		}                                                          \
	} while (0)

/* Ends the current test as skipped. */
#define SKIP(...)                                                          \
	do {                                                               \
		printf("    skipped: ");                                     \
		printf(__VA_ARGS__);                                       \
		printf("\n");                                              \
		fflush(stdout);                                            \
		_exit(77);                                                 \
	} while (0)

/* Whether this program was built with AddressSanitizer, which reserves
 * terabytes of address space and so can't run under RLIMIT_AS. */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_ASAN 1
#endif
#endif
#ifndef CHECK_ASAN
#define CHECK_ASAN 0
#endif

struct check_test {
	const char *name;
	void (*fn)(void);
};

static bool check_selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static int check_run(const struct check_test *tests, size_t n, int argc, char **argv)
{
	int passed = 0, failed = 0;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		pid_t pid;
		int status;

		if (!check_selected(tests[i].name, argc, argv))
			continue;
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			tests[i].fn();
			fflush(stdout);
			_exit(check_failures ? 1 : 0);
		}
		if (waitpid(pid, &status, 0) < 0) {
			perror("waitpid");
			return 1;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("ok %s\n", tests[i].name);
			passed++;
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
			printf("skip %s\n", tests[i].name);
		} else {
			if (WIFSIGNALED(status))
				printf("    killed by signal %d\n", WTERMSIG(status));
			printf("FAIL %s\n", tests[i].name);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#define CHECK_MAIN(tests)                                                  \
	int main(int argc, char **argv)                                    \
	{                                                                  \
		return check_run(tests, sizeof tests / sizeof tests[0], argc, argv); \
	}

/* ------------------------------------------------------------- calling */

static inline w2c_value check_i32(uint32_t v)
{
	w2c_value x;
	memset(&x, 0, sizeof x);
	x.type = W2C_I32;
	x.of.i32 = v;
	return x;
}

static inline w2c_value check_i64(uint64_t v)
{
	w2c_value x;
	memset(&x, 0, sizeof x);
	x.type = W2C_I64;
	x.of.i64 = v;
	return x;
}

/*
 * Calls export `name` with `nargs` i32 arguments (as uint32_t varargs);
 * stores its first result, if it has one and ret is non-NULL.  Returns
 * the status.  Exports with other types go through w2c_call directly.
 */
static inline w2c_status call_i32(w2c_instance *inst, const char *name,
                                  uint32_t *ret, int nargs, ...)
{
	w2c_value args[8], res[8];
	w2c_extern e;
	w2c_status st;
	va_list ap;
	int i;

	if (!w2c_get_export(inst, name, &e) || e.kind != W2C_EXTERN_FUNC) {
		printf("    no function export \"%s\"\n", name);
		return W2C_ERR_NOT_FOUND;
	}
	va_start(ap, nargs);
	for (i = 0; i < nargs && i < 8; i++)
		args[i] = check_i32(va_arg(ap, uint32_t));
	va_end(ap);
	st = w2c_call_extern(&e, args, (size_t)nargs, res, e.functype->nresults);
	if (st == W2C_OK && ret && e.functype->nresults)
		*ret = res[0].of.i32;
	return st;
}

/* The status as a name, for messages. */
static inline const char *check_status(w2c_status st)
{
	return w2c_status_message(st);
}

#endif
