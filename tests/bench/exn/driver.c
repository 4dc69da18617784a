/* Times the exports of exn.wat through w2c: ns per iteration. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "exn.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void run(w2c_instance *inst, const char *name, uint32_t n)
{
	w2c_value a = { W2C_I32, { .i32 = n } }, r;
	double best = 1e9;
	int k;

	for (k = 0; k < 20; k++) {
		double t0 = now();
		if (w2c_call(inst, name, &a, 1, &r, 1) != W2C_OK)
			exit(1);
		t0 = now() - t0;
		best = t0 < best ? t0 : best;
	}
	printf("%-9s %8.2f ns  (sum %u)\n", name, best * 1e9 / n, r.of.i32);
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)atoi(argv[1]) : 2000000;
	w2c_instance *inst = w2c_instantiate(&w2c_exn_module, NULL, 0, NULL);

	if (!inst)
		return 1;
	run(inst, "plain", n);
	run(inst, "enter", n);
	run(inst, "throw1", n / 10);
	run(inst, "throw100", n / 100);
	w2c_instance_free(inst);
	return 0;
}
