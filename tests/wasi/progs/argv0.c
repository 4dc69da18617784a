/* argv0.c: prints the guest's argv[0] (for run_cache.py; not one of the
 * WASI test programs beside ../run_tests.py, which have .expected files). */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("%s %d\n", argc > 0 ? argv[0] : "(none)", argc);
	return 0;
}
