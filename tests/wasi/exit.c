/*
 * exit.c: exit() with a status, after atexit handlers and with stdio
 * flushed; the rest of main never runs.
 *
 * wasi-test: status 7
 */
#include <stdio.h>
#include <stdlib.h>

static void bye(void)
{
	printf("atexit handler ran\n");
}

int main(void)
{
	atexit(bye);
	printf("buffered output before exit");
	exit(7);
	printf("not reached\n");
	return 0;
}
