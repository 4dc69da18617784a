/* driver.c: times the kernels of kernel.wat.in (run.sh builds it) over 1 MiB,
 * which stays in cache, 300 times: CPU time, best of 5. */
#include <stdio.h>
#include <time.h>

#include "kernel.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* the machine may be busy */
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_kernel_module, NULL, 0, &err);
	w2c_memory *mem;
	double t0, t_sum, t_copy;
	uint32_t i, s = 0;

	if (!inst) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	mem = w2c_kernel_mem(inst);
	for (i = 0; i < 1u << 22; i++)
		mem->data[4 * i] = (uint8_t)i;
	/* best of 5 */
	t_sum = t_copy = 1e9;
	for (i = 0; i < 5; i++) {
		t0 = now();
		s += w2c_kernel_sum(inst, 1u << 20, 300);
		t0 = now() - t0;
		t_sum = t0 < t_sum ? t0 : t_sum;
		t0 = now();
		w2c_kernel_copy(inst, 1u << 20, 300);
		t0 = now() - t0;
		t_copy = t0 < t_copy ? t0 : t_copy;
	}
	printf("sum %.1f ms  copy %.1f ms  (%u)\n", t_sum * 1e3, t_copy * 1e3, s);
	w2c_instance_free(inst);
	return 0;
}
