/*
 * args_env.c: the arguments and the environment, as given.
 *
 * wasi-test: args one "two words" "" ünïcödé --flag=x
 * wasi-test: env FOO=bar
 * wasi-test: env EMPTY=
 * wasi-test: env EQUALS=a=b=c
 * wasi-test: env UNICODE=é
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	char *vars[64];
	int i, n = 0;

	printf("argc %d\n", argc);
	for (i = 1; i < argc; i++)
		printf("argv[%d] = \"%s\" (%zu bytes)\n", i, argv[i], strlen(argv[i]));
	printf("argv[argc] %s\n", argv[argc] ? "set" : "NULL");

	printf("FOO=%s\n", getenv("FOO"));
	printf("EMPTY=\"%s\"\n", getenv("EMPTY"));
	printf("EQUALS=%s\n", getenv("EQUALS"));
	printf("MISSING %s\n", getenv("MISSING") ? "set" : "unset");
	for (i = 0; environ[i] && n < 64; i++)
		vars[n++] = environ[i];
	qsort(vars, (size_t)n, sizeof vars[0], cmp);
	printf("environ has %d entries:\n", n);
	for (i = 0; i < n; i++)
		printf("  %s\n", vars[i]);

	setenv("FOO", "changed", 1);
	unsetenv("EMPTY");
	printf("after setenv: FOO=%s EMPTY %s\n", getenv("FOO"),
	       getenv("EMPTY") ? "set" : "unset");
	return 0;
}
