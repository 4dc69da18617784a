/*
 * hello.c: standard output and error, large writes, the exit status of a
 * main that returns 0.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char big[70000];
	int i;

	printf("hello, world\n");
	fprintf(stderr, "this goes to stderr\n");
	for (i = 0; i < 5; i++)
		printf("line %d: %5.2f %-6s|%x\n", i, i * 1.25, "ab", i * 255);
	fflush(stdout);
	/* One write much larger than stdio's buffer, straight to fd 1. */
	memset(big, 'x', sizeof big);
	for (i = 99; i < (int)sizeof big; i += 100)
		big[i] = '\n';
	printf("wrote %zd\n", write(1, big, 7000) + write(1, big + 7000, sizeof big - 7000));
	return 0;
}
