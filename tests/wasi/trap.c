/*
 * trap.c: a trap ends the program with status 134 and "w2c: trap: ..." on
 * standard error; what was written before it stays written.
 *
 * wasi-test: status 134
 * wasi-test: stderr w2c: trap: unreachable
 * wasi-test: no-node node reports a trap as an uncaught exception, status 1
 * wasi-test: no-native __builtin_trap is SIGILL natively
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("before the trap\n");
	fflush(stdout);
	__builtin_trap();
	printf("not reached\n");
	return 0;
}
