#include <stdio.h>
#include "internal.h"
int spectest_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("w2c: spectest: not yet\n", stderr);
	return 2;
}
