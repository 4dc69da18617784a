/*
 * api_test.c: unit tests of the w2c-wasi API, without any module: the
 * import entries are called directly as the typed host functions they are,
 * on a linear memory made here.
 *
 * What translated programs do is tested by run_tests.py; this covers what
 * only an embedder sees: the import list, the config (stdio mapping,
 * preopens, copied strings), errors from w2c_wasi_new, the exact bytes a
 * function stores, and proc_exit and proc_raise landing in a trap frame.
 * The last line is "N passed, N failed".
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "w2c_wasi.h"

#define NFUNCS 46

typedef uint32_t (*fn1)(void *, uint32_t);
typedef uint32_t (*fn2)(void *, uint32_t, uint32_t);
typedef uint32_t (*fn3)(void *, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*fn4)(void *, uint32_t, uint32_t, uint32_t, uint32_t);
typedef uint32_t (*path_open_fn)(void *, uint32_t, uint32_t, uint32_t, uint32_t,
                                 uint32_t, uint64_t, uint64_t, uint32_t, uint32_t);
typedef void (*exit_fn)(void *, uint32_t);

static w2c_import imports[NFUNCS];
static uint8_t data[65536];
static w2c_memory memory = { data, sizeof data, 1, 1, true, false, 0, NULL, false, 65536, false, 1 };

/* The entry `name` of the import list of `wasi`. */
static w2c_fnptr get(w2c_wasi *wasi, const char *name)
{
	size_t i, n = w2c_wasi_imports(wasi, imports, NFUNCS);

	for (i = 0; i < n; i++)
		if (!strcmp(imports[i].name, name))
			return imports[i].fn;
	return NULL;
}

static w2c_wasi *make(const w2c_wasi_config *cfg)
{
	char err[200];
	w2c_wasi *w = w2c_wasi_new(cfg, err, sizeof err);

	ck_assert_msg(w != NULL, "%s", err);
	return w;
}

static void st32(uint32_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		data[at + i] = (uint8_t)(v >> 8 * i);
}

static uint32_t ld32(uint32_t at)
{
	return data[at] | data[at + 1] << 8 | data[at + 2] << 16 | (uint32_t)data[at + 3] << 24;
}

START_TEST(test_imports)
{
	w2c_wasi_config cfg = { 0 };
	w2c_wasi *w = make(&cfg);
	size_t i, j, n = w2c_wasi_imports(w, NULL, 0);

	ck_assert_uint_eq(n, NFUNCS);
	ck_assert_uint_eq(w2c_wasi_imports(w, imports, 3), NFUNCS);
	ck_assert_uint_eq(w2c_wasi_imports(w, imports, NFUNCS), NFUNCS);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(imports[i].module, "wasi_snapshot_preview1");
		ck_assert_int_eq(imports[i].kind, W2C_EXTERN_FUNC);
		ck_assert(imports[i].fn != NULL);
		ck_assert_ptr_eq(imports[i].ctx, w);
		ck_assert_ptr_nonnull(strstr(imports[i].signature, "->"));
		for (j = 0; j < i; j++)
			ck_assert_str_ne(imports[i].name, imports[j].name);
	}
	ck_assert_str_eq(imports[0].name, "args_get");
	w2c_wasi_free(w);
	w2c_wasi_free(NULL);
}
END_TEST

START_TEST(test_bad_preopens)
{
	w2c_wasi_preopen missing = { "/nonexistent/w2c-wasi-test", "." };
	w2c_wasi_preopen file = { "/dev/null", "." };
	w2c_wasi_config cfg = { 0 };
	char err[200];

	cfg.npreopens = 1;
	cfg.preopens = &missing;
	ck_assert_ptr_null(w2c_wasi_new(&cfg, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "can't open directory /nonexistent/w2c-wasi-test"));
	cfg.preopens = &file;
	ck_assert_ptr_null(w2c_wasi_new(&cfg, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "/dev/null"));
	ck_assert_ptr_null(w2c_wasi_new(&cfg, NULL, 0));
}
END_TEST

START_TEST(test_stdio_mapping)
{
	w2c_wasi_config cfg = { 0 };
	int p[2];
	char buf[8];
	w2c_wasi *w;

	ck_assert_int_eq(pipe(p), 0);
	cfg.stdin_fd = -1;
	cfg.stdout_fd = p[1];
	cfg.stderr_fd = -1;
	w = make(&cfg);
	w2c_wasi_set_memory(w, &memory);
	memcpy(data + 100, "hi!", 3);
	st32(0, 100); /* an iovec: buf, len */
	st32(4, 3);
	ck_assert_uint_eq(((fn4)get(w, "fd_write"))(w, 1, 0, 1, 16), 0);
	ck_assert_uint_eq(ld32(16), 3);
	ck_assert_int_eq(read(p[0], buf, sizeof buf), 3);
	ck_assert_int_eq(memcmp(buf, "hi!", 3), 0);
	ck_assert_uint_eq(((fn4)get(w, "fd_write"))(w, 2, 0, 1, 16), 8);  /* BADF */
	ck_assert_uint_eq(((fn4)get(w, "fd_read"))(w, 0, 0, 1, 16), 8);
	/* Closing fd 1 in the guest leaves the embedder's descriptor open. */
	ck_assert_uint_eq(((fn1)get(w, "fd_close"))(w, 1), 0);
	w2c_wasi_free(w);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	close(p[0]);
	close(p[1]);
}
END_TEST

START_TEST(test_memory_checks)
{
	const char *argv[] = { "prog", "arg" };
	w2c_wasi_config cfg = { 0 };
	fn2 sizes;
	w2c_wasi *w;

	cfg.argc = 2;
	cfg.argv = argv;
	w = make(&cfg);
	sizes = (fn2)get(w, "args_sizes_get");
	ck_assert_uint_eq(sizes(w, 0, 4), 21);                 /* no memory yet */
	w2c_wasi_set_memory(w, &memory);
	memset(data, 0xee, 16);
	ck_assert_uint_eq(sizes(w, 0, 4), 0);
	/* Little-endian, whatever the host. */
	ck_assert_int_eq(memcmp(data, "\x02\x00\x00\x00\x09\x00\x00\x00\xee", 9), 0);
	ck_assert_uint_eq(sizes(w, sizeof data - 4, 0), 0);    /* just fits */
	ck_assert_uint_eq(sizes(w, sizeof data - 3, 0), 21);
	ck_assert_uint_eq(sizes(w, 0, UINT32_MAX), 21);
	ck_assert_uint_eq(((fn2)get(w, "args_get"))(w, 32, 64), 0);
	ck_assert_uint_eq(ld32(32), 64);
	ck_assert_uint_eq(ld32(36), 69);
	ck_assert_str_eq((char *)data + 69, "arg");
	ck_assert_uint_eq(((fn2)get(w, "random_get"))(w, sizeof data, 0), 0);
	ck_assert_uint_eq(((fn2)get(w, "random_get"))(w, sizeof data - 1, 2), 21);
	w2c_wasi_set_memory(w, NULL);
	ck_assert_uint_eq(sizes(w, 0, 4), 21);
	w2c_wasi_free(w);
}
END_TEST

START_TEST(test_strings_copied)
{
	char name[] = "NAME=value";
	const char *env[] = { name, NULL };
	w2c_wasi_config cfg = { 0 };
	w2c_wasi *w;

	cfg.env = env;
	w = make(&cfg);
	name[0] = 'X';
	w2c_wasi_set_memory(w, &memory);
	ck_assert_uint_eq(((fn2)get(w, "environ_sizes_get"))(w, 0, 4), 0);
	ck_assert_uint_eq(ld32(0), 1);
	ck_assert_uint_eq(ld32(4), 11);
	ck_assert_uint_eq(((fn2)get(w, "environ_get"))(w, 8, 16), 0);
	ck_assert_str_eq((char *)data + 16, "NAME=value");
	w2c_wasi_free(w);
}
END_TEST

struct exit_call {
	w2c_wasi *w;
	exit_fn fn;
	uint32_t code;
};

static void call_exit(void *arg)
{
	struct exit_call *c = arg;
	c->fn(c->w, c->code);
}

static void call_raise(void *arg)
{
	struct exit_call *c = arg;
	((fn1)(w2c_fnptr)c->fn)(c->w, c->code);
}

START_TEST(test_exit_and_raise)
{
	w2c_wasi_config cfg = { 0 };
	w2c_wasi *w = make(&cfg);
	struct exit_call c = { w, (exit_fn)get(w, "proc_exit"), 42 };

	ck_assert_int_eq(w2c_protect(call_exit, &c), W2C_TRAP_EXIT);
	ck_assert_int_eq(w2c_exit_code(), 42);
	c.fn = (exit_fn)get(w, "proc_raise");
	c.code = 15;
	ck_assert_int_eq(w2c_protect(call_raise, &c), W2C_TRAP_HOST);
	ck_assert_str_eq(w2c_trap_host_message(), "proc_raise(SIGTERM)");
	ck_assert_uint_eq(((fn1)get(w, "proc_raise"))(w, 13), 0);
	w2c_wasi_free(w);
}
END_TEST

START_TEST(test_preopen_paths)
{
	char dir[] = "/tmp/w2c-wasi-test-XXXXXX";
	w2c_wasi_preopen pre;
	w2c_wasi_config cfg = { 0 };
	path_open_fn open_at;
	char path[300];
	w2c_wasi *w;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	pre.host = dir;
	pre.guest = "/sandbox";
	cfg.npreopens = 1;
	cfg.preopens = &pre;
	w = make(&cfg);
	w2c_wasi_set_memory(w, &memory);
	ck_assert_uint_eq(((fn2)get(w, "fd_prestat_get"))(w, 3, 0), 0);
	ck_assert_uint_eq(data[0], 0);
	ck_assert_uint_eq(ld32(4), 8);
	ck_assert_uint_eq(((fn3)get(w, "fd_prestat_dir_name"))(w, 3, 16, 8), 0);
	ck_assert_int_eq(memcmp(data + 16, "/sandbox", 8), 0);
	ck_assert_uint_eq(((fn2)get(w, "fd_prestat_get"))(w, 4, 0), 8);

	open_at = (path_open_fn)get(w, "path_open");
	memcpy(data + 100, "new.txt../x", 11);
	ck_assert_uint_eq(open_at(w, 3, 0, 100, 7, 1, 0x40, 0, 0, 200), 0);
	ck_assert_uint_eq(ld32(200), 4);
	ck_assert_uint_eq(open_at(w, 3, 0, 107, 4, 1, 0x40, 0, 0, 200), 76);
	snprintf(path, sizeof path, "%s/new.txt", dir);
	ck_assert_int_eq(access(path, F_OK), 0);
	w2c_wasi_free(w);
	unlink(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("wasi-api");
	TCase *tc = tcase_create("api");
	SRunner *sr;
	int run, failed;

	tcase_add_test(tc, test_imports);
	tcase_add_test(tc, test_bad_preopens);
	tcase_add_test(tc, test_stdio_mapping);
	tcase_add_test(tc, test_memory_checks);
	tcase_add_test(tc, test_strings_copied);
	tcase_add_test(tc, test_exit_and_raise);
	tcase_add_test(tc, test_preopen_paths);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, getenv("CK_VERBOSITY") ? CK_ENV : CK_VERBOSE);
	run = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	fflush(stdout);
	printf("%d passed, %d failed\n", run - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
