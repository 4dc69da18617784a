/*
 * stdin.c: reading standard input to its end, by lines and by bytes.
 *
 * wasi-test: stdin stdin.input
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char line[256];
	int n = 0, c;
	size_t bytes = 0;

	while (n < 3 && fgets(line, sizeof line, stdin)) {
		n++;
		bytes += strlen(line);
		printf("%d: %s", n, line);
	}
	while ((c = getchar()) != EOF)
		bytes++;
	printf("lines read: %d, bytes in all: %zu\n", n, bytes);
	printf("at end: feof %d, read again %zd\n", feof(stdin) != 0, read(0, line, 1));
	return 0;
}
