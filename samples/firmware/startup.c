/*
 * Reset handling for the mps2-an386 (Cortex-M4): the vector table, and a
 * reset handler that copies .data from flash, clears .bss, opens the
 * semihosting channel, runs main and exits with its status.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern int main(void);
extern void initialise_monitor_handles(void);
extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start__[], __bss_end__[];
extern uint32_t __stack_top[];

void Reset_Handler(void);

static void Default_Handler(void)
{
	for (;;)
		;
}

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
	(void (*)(void))__stack_top,
	Reset_Handler,
	Default_Handler, Default_Handler, Default_Handler, Default_Handler,
	Default_Handler, 0, 0, 0, 0,
	Default_Handler, Default_Handler, 0,
	Default_Handler, Default_Handler,
};

void Reset_Handler(void)
{
	memcpy(__data_start, __data_load, (size_t)((char *)__data_end - (char *)__data_start));
	memset(__bss_start__, 0, (size_t)((char *)__bss_end__ - (char *)__bss_start__));
	/* The FPU (CPACR: CP10 and CP11 full access): wasm floats use it. */
	*(volatile uint32_t *)0xe000ed88 |= 0xfu << 20;
	__asm__ volatile("dsb\n\tisb");
	initialise_monitor_handles();
	exit(main());
}
