/*
 * runner_main.c: `w2c run` for one WASI program linked in at build time.
 *
 * Translate a command module with `w2c prog.wasm -o prog.c -n prog` and
 * build this file with it and the two libraries:
 *
 *     cc -O2 prog.c runner_main.c -Iinclude libw2c-wasi.a libw2c-rt.a -lpthread
 *
 * The program takes w2c run's options and then the guest's argv:
 *
 *     ./prog [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--] NAME [ARGS...]
 *
 * Standard streams pass through, the exit status is the module's, and a
 * trap prints "w2c: trap: REASON" and exits with 134, as w2c run does (a
 * link error or a module that is no command: the error, status 1).
 * The WASI tests use it to exercise the library without the driver, under
 * the sanitizers of whatever build compiled the libraries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2c_wasi.h"

extern const w2c_module w2c_prog_module;

static int usage(void)
{
	fprintf(stderr, "usage: prog [--dir HOST[::GUEST]]... [--env NAME=VALUE]... "
	                "[--] NAME [ARGS...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	w2c_wasi_preopen *dirs = calloc((size_t)argc, sizeof *dirs);
	const char **env = calloc((size_t)argc + 1, sizeof *env);
	w2c_wasi_config cfg;
	w2c_wasi *wasi;
	char err[300];
	size_t ndirs = 0, nenv = 0;
	int i, status;

	if (!dirs || !env)
		return 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
			char *spec = argv[++i], *sep = strstr(spec, "::");
			dirs[ndirs].host = spec;
			dirs[ndirs].guest = spec;
			if (sep) {
				*sep = '\0';
				dirs[ndirs].guest = sep + 2;
			}
			ndirs++;
		} else if (!strcmp(argv[i], "--env") && i + 1 < argc) {
			if (!strchr(argv[i + 1], '='))
				return usage();
			env[nenv++] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage();
		} else {
			break;
		}
	}
	if (i >= argc)
		return usage();

	memset(&cfg, 0, sizeof cfg);
	cfg.argc = argc - i;
	cfg.argv = (const char *const *)argv + i;
	cfg.env = env;
	cfg.npreopens = ndirs;
	cfg.preopens = dirs;
	cfg.inherit_stdio = true;
	wasi = w2c_wasi_new(&cfg, err, sizeof err);
	if (!wasi) {
		fprintf(stderr, "w2c: %s\n", err);
		return 1;
	}
	status = w2c_wasi_run(&w2c_prog_module, wasi, NULL, 0, err, sizeof err);
	if (err[0])
		fprintf(stderr, "w2c: %s\n", err);
	w2c_wasi_free(wasi);
	free(dirs);
	free(env);
	return status;
}
