/*
 * w2c_driver.c: runs a Sightglass benchmark module translated by w2c
 * (`w2c MODULE.wasm -o prog.c -n prog`) as Sightglass's own runner does: a
 * WASI command with the current directory preopened as ".", no arguments
 * beyond the name, and the two `bench` imports around the measured work.
 * The time between bench.start and bench.end, in nanoseconds, goes to the
 * file named by $W2C_BENCH_TIME (if set), so that the module's own stdout
 * and stderr stay as they are, to compare with the expected files.  With
 * $W2C_BENCH_CLOCK=cpu it is the process's CPU time (user and system)
 * instead of the wall clock's: on a machine shared with other work, time
 * spent waiting for a core is left out.
 *
 *     cc -O2 -I include -I OUT w2c_driver.c OUT/prog.c libw2c-wasi.a libw2c-rt.a -lpthread -lm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prog.h"
#include "w2c_wasi.h"

static struct timespec started, ended;
static int starts, ends;
static clockid_t bench_clock = CLOCK_MONOTONIC;

static void bench_start(void *ctx)
{
	(void)ctx;
	starts++;
	clock_gettime(bench_clock, &started);
}

static void bench_end(void *ctx)
{
	(void)ctx;
	clock_gettime(bench_clock, &ended);
	ends++;
}

int main(void)
{
	static const char *const argv[] = { "benchmark.wasm", NULL };
	static const char *const env[] = { NULL };
	static const w2c_wasi_preopen dot = { ".", "." };
	static const w2c_import bench[] = {
		W2C_IMPORT_FUNC("bench", "start", "->", bench_start, NULL),
		W2C_IMPORT_FUNC("bench", "end", "->", bench_end, NULL),
	};
	w2c_wasi_config cfg = { 0 };
	w2c_wasi *wasi;
	const char *out = getenv("W2C_BENCH_TIME");
	const char *clk = getenv("W2C_BENCH_CLOCK");
	char err[512];
	int status;

	if (clk && strcmp(clk, "cpu") == 0)
		bench_clock = CLOCK_PROCESS_CPUTIME_ID;

	cfg.argc = 1;
	cfg.argv = argv;
	cfg.env = env;
	cfg.npreopens = 1;
	cfg.preopens = &dot;
	cfg.inherit_stdio = true;
	wasi = w2c_wasi_new(&cfg, err, sizeof err);
	if (!wasi) {
		fprintf(stderr, "w2c_driver: %s\n", err);
		return 1;
	}
	status = w2c_wasi_run(&w2c_prog_module, wasi, bench, 2, err, sizeof err);
	if (err[0])
		fprintf(stderr, "w2c_driver: %s\n", err);
	w2c_wasi_free(wasi);
	if (out && starts == 1 && ends == 1) {
		FILE *f = fopen(out, "w");
		long long ns = (long long)(ended.tv_sec - started.tv_sec) * 1000000000LL +
		               (ended.tv_nsec - started.tv_nsec);
		if (!f || fprintf(f, "%lld\n", ns) < 0 || fclose(f) != 0) {
			fprintf(stderr, "w2c_driver: can't write %s\n", out);
			return 1;
		}
	}
	return status;
}
