/* argv0.c: prints the guest's argv[0] (for run_cache.py). */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("%s %d\n", argc > 0 ? argv[0] : "(none)", argc);
	return 0;
}
