/*
 * main.c of a program made from a WASI command module by `w2c run` and
 * `w2c build`.
 *
 * `w2c` writes, before this text, a prelude defining:
 *   W2C_PROGRAM_MODULE   the module descriptor (w2c_prog_module)
 *   W2C_PROGRAM_OPTIONS  1 if the program takes --dir/--env/--name options
 *                        before `--` (w2c run's cached programs), 0 if not
 *   program_dirs[], program_env[]   preopens and environment baked in by
 *                        `w2c build --dir/--env`, each NULL-terminated
 *   program_name         the module's file name, the guest's argv[0]
 *                        (--name overrides it: a cached program serves every
 *                        copy of a module, under whatever name it was run)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2c_wasi.h"

#define MAX_OPTIONS 256

static int usage(void)
{
	fprintf(stderr, "usage: %s [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--name ARGV0] "
	        "-- [ARGS...]\n", program_name);
	return 2;
}

/* "HOST::GUEST", or "DIR" for both. */
static void split_dir(const char *spec, w2c_wasi_preopen *p)
{
	const char *sep = strstr(spec, "::");
	char *host;

	if (!sep) {
		p->host = p->guest = spec;
		return;
	}
	host = malloc((size_t)(sep - spec) + 1);
	if (!host) {
		fputs("w2c: out of memory\n", stderr);
		exit(1);
	}
	memcpy(host, spec, (size_t)(sep - spec));
	host[sep - spec] = 0;
	p->host = host;
	p->guest = sep + 2;
}

int main(int argc, char **argv)
{
	static w2c_wasi_preopen dirs[MAX_OPTIONS];
	static const char *env[MAX_OPTIONS + 1];
	const char **args, *name = program_name;
	size_t ndirs = 0, nenv = 0, i;
	int first = 1, nargs, status;
	w2c_wasi_config cfg;
	w2c_wasi *wasi;
	char err[512];

	for (i = 0; program_dirs[i] && ndirs < MAX_OPTIONS; i++)
		split_dir(program_dirs[i], &dirs[ndirs++]);
	for (i = 0; program_env[i] && nenv < MAX_OPTIONS; i++)
		env[nenv++] = program_env[i];
#if W2C_PROGRAM_OPTIONS
	for (; first < argc; first++) {
		const char *a = argv[first];
		if (!strcmp(a, "--")) {
			first++;
			break;
		}
		if (first + 1 >= argc || ndirs == MAX_OPTIONS || nenv == MAX_OPTIONS)
			return usage();
		if (!strcmp(a, "--dir"))
			split_dir(argv[++first], &dirs[ndirs++]);
		else if (!strcmp(a, "--env"))
			env[nenv++] = argv[++first];
		else if (!strcmp(a, "--name"))
			name = argv[++first];
		else
			return usage();
	}
#endif
	env[nenv] = NULL;

	/* The guest's argv: the module's name, then the arguments. */
	nargs = argc - first + 1;
	args = malloc(sizeof *args * (size_t)(nargs + 1));
	if (!args) {
		fputs("w2c: out of memory\n", stderr);
		return 1;
	}
	args[0] = name;
	for (i = 1; i < (size_t)nargs; i++)
		args[i] = argv[first + (int)i - 1];
	args[nargs] = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.argc = nargs;
	cfg.argv = args;
	cfg.env = env;
	cfg.npreopens = ndirs;
	cfg.preopens = dirs;
	cfg.inherit_stdio = true;
	wasi = w2c_wasi_new(&cfg, err, sizeof err);
	if (!wasi) {
		fprintf(stderr, "w2c: %s\n", err);
		return 1;
	}
	fflush(stdout);
	status = w2c_wasi_run(&W2C_PROGRAM_MODULE, wasi, NULL, 0, err, sizeof err);
	if (err[0])
		fprintf(stderr, "w2c: %s\n", err);
	w2c_wasi_free(wasi);
	free(args);
	return status;
}
