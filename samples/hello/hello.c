/*
 * A WASI program: compiled to wasm32-wasi at build time (clang with
 * wasi-libc), then run as a native program by `w2c run`:
 *
 *     w2c run build/samples/hello.wasm World
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	const char *who = argc > 1 ? argv[1] : "world";
	struct timespec ts;
	unsigned long sum = 0;
	int i;

	printf("Hello, %s, from WebAssembly translated to C!\n", who);
	for (i = 1; i <= 1000; i++)
		sum += (unsigned long)i * i;
	printf("The sum of the first 1000 squares is %lu.\n", sum);
	if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
		printf("The monotonic clock runs.\n");
	return strcmp(who, "fail") == 0 ? 3 : 0;
}
