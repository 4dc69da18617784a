/*
 * direct.c: traps in exports called directly, as typed C functions.
 *
 * Outside w2c_call, w2c_protect and w2c_instantiate there is no trap
 * frame, and README.md and w2c.h say where such a trap goes: to the
 * handler set with w2c_set_trap_handler.  That must hold for every kind
 * of trap and in both bounds modes: an out-of-bounds access (with guard
 * pages, a fault), unreachable, and the call stack running out, on the
 * main thread and on a thread that never called into w2c before (whose
 * stack limit nobody has set up yet).
 *
 * Each case runs in a child process whose handler exits with 100 plus
 * the status; the parent checks that status.
 */
#include "check.h"

#include <pthread.h>

#include "direct.h"

static void handler(w2c_status status)
{
	fflush(stdout);
	_exit(100 + (int)status);
}

static w2c_instance *inst;

static void *call_load(void *arg)
{
	(void)arg;
	printf("    load returned %u\n", w2c_direct_load(inst, 65533));
	return NULL;
}

static void *call_fail(void *arg)
{
	(void)arg;
	w2c_direct_fail(inst);
	return NULL;
}

static void *call_forever(void *arg)
{
	(void)arg;
	printf("    forever returned %u\n", w2c_direct_forever(inst, 0));
	return NULL;
}

/* Runs fn (on a new thread if asked) in a child; checks it ended in the
 * handler with `want`. */
static void expect_handler(const char *what, void *(*fn)(void *), bool thread,
                           w2c_status want)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		w2c_set_trap_handler(handler);
		if (thread) {
			pthread_t t;
			pthread_create(&t, NULL, fn, NULL);
			pthread_join(t, NULL);
		} else {
			fn(NULL);
		}
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		CHECK(false, "%s: killed by signal %d, expected the trap handler with \"%s\"", what,
		      WTERMSIG(status), check_status(want));
	else
		CHECK(WEXITSTATUS(status) == 100 + (int)want,
		      "%s: exit status %d, expected the trap handler with \"%s\" (%d)", what,
		      WEXITSTATUS(status), check_status(want), 100 + (int)want);
}

static void start(void)
{
	w2c_error err;

	inst = w2c_instantiate(&w2c_direct_module, NULL, 0, &err);
	if (!inst) {
		printf("    instantiate: %s\n", err.message);
		exit(1);
	}
	alarm(60);
}

static void test_out_of_bounds(void)
{
	start();
	expect_handler("load(65533)", call_load, false, W2C_TRAP_MEMORY_OOB);
	expect_handler("load(65533) on a new thread", call_load, true, W2C_TRAP_MEMORY_OOB);
}

static void test_unreachable(void)
{
	start();
	expect_handler("fail()", call_fail, false, W2C_TRAP_UNREACHABLE);
	expect_handler("fail() on a new thread", call_fail, true, W2C_TRAP_UNREACHABLE);
}

static void test_exhaustion(void)
{
	start();
	expect_handler("forever()", call_forever, false, W2C_TRAP_EXHAUSTION);
	expect_handler("forever() on a new thread", call_forever, true, W2C_TRAP_EXHAUSTION);
}

static const struct check_test tests[] = {
	{ "out_of_bounds", test_out_of_bounds },
	{ "unreachable", test_unreachable },
	{ "exhaustion", test_exhaustion },
};

CHECK_MAIN(tests)
