/*
 * A translated module in a bare-metal Cortex-M4 image: no OS, no heap, no
 * mmap, no signals.  The instance lives in a static variable, its memory
 * in a static buffer (w2c_arena), bounds are checked explicitly
 * (W2C_BOUNDS_CHECKS defaults to 1 here), and a trap comes back from
 * w2c_call as a status.  Output goes through semihosting.
 */
#include <stdio.h>
#include <string.h>

#include "sensor.h"

/* The memory's maximum (1 page) plus room for tables: nothing else. */
static uint8_t wasm_heap[65536 + 256] __attribute__((aligned(16)));
static struct w2c_sensor instance;

static void print(void *ctx, uint32_t ptr, uint32_t len)
{
	w2c_memory *mem = ((struct w2c_sensor *)ctx)->m0;

	if ((uint64_t)ptr + len <= mem->size)
		fwrite(mem->data + ptr, 1, len, stdout);
}

static void on_trap(w2c_status status)
{
	printf("unhandled trap: %s\n", w2c_status_message(status));
	for (;;)
		;
}

int main(void)
{
	extern char __stack_limit[]; /* from the linker script */
	w2c_arena arena;
	w2c_import imports[] = {
		W2C_IMPORT_FUNC("env", "print", "i32 i32 ->", print, &instance),
	};
	w2c_instance *inst = &instance.hdr;
	w2c_value args[2], result;
	w2c_error err;
	w2c_status st;
	uint32_t avg = 0;
	int i;

	w2c_set_allocator(w2c_arena_init(&arena, wasm_heap, sizeof wasm_heap));
	w2c_set_trap_handler(on_trap);
	w2c_set_stack_limit(__stack_limit + 1024);
	if (w2c_instantiate_into(&instance, &w2c_sensor_module, imports, 1, &err) != W2C_OK) {
		printf("instantiation failed: %s\n", err.message);
		return 1;
	}
	w2c_sensor_greet(inst);
	for (i = 1; i <= 20; i++)
		avg = w2c_sensor_add_reading(inst, (uint32_t)(i * 10));
	printf("average of the last 16 readings: %u\n", (unsigned)avg);
	printf("fib(20) = %u\n", (unsigned)w2c_sensor_fib(inst, 20));

	args[0].type = W2C_I32;
	args[0].of.i32 = 7;
	args[1].type = W2C_I32;
	args[1].of.i32 = 0;
	st = w2c_call(inst, "divide", args, 2, &result, 1);
	printf("divide(7, 0): %s\n", st == W2C_OK ? "returned" : w2c_status_message(st));
	printf("memory.grow(1) beyond the maximum: %d\n", (int)w2c_sensor_grow(inst, 1));
	w2c_instance_release(inst);
	return 0;
}
