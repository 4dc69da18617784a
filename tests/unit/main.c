/*
 * main.c: the unit test runner.
 *
 * Runs every suite of UNIT_SUITES in one SRunner.  CK_VERBOSITY (Check's
 * own variable) picks how much is printed, per test by default; the last
 * line is always "N passed, N failed", which CI sums over all runners.
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int run, failed;

#define UNIT_ADD(name) srunner_add_suite(sr, name##_suite());
	UNIT_SUITES(UNIT_ADD)
#undef UNIT_ADD

	srunner_run_all(sr, getenv("CK_VERBOSITY") ? CK_ENV : CK_VERBOSE);
	run = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);

	fflush(stdout);
	printf("%d passed, %d failed\n", run - failed, failed);
	fflush(stdout);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
