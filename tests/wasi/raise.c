/*
 * raise.c: proc_raise applies a signal's default action to the module
 * alone: ignored signals do nothing, stopping is unsupported, and a
 * terminating signal ends the module like a trap, naming the signal.
 *
 * wasi-test: status 134
 * wasi-test: stderr w2c: trap: proc_raise(SIGTERM)
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's proc_raise sends the signal to the node process
 * wasi-test: no-node itself (SIGSTOP stops it, SIGTERM kills it)
 */
#include <stdio.h>

#include "wasi_raw.h"

int main(void)
{
	SHOW("proc_raise(0)", raw_proc_raise(0));
	SHOW("proc_raise(31)", raw_proc_raise(31));
	SHOW("proc_raise(SIGPIPE)", raw_proc_raise(13));
	SHOW("proc_raise(SIGCHLD)", raw_proc_raise(16));
	SHOW("proc_raise(SIGWINCH)", raw_proc_raise(27));
	SHOW("proc_raise(SIGSTOP)", raw_proc_raise(18));
	fflush(stdout);
	SHOW("proc_raise(SIGTERM)", raw_proc_raise(15));
	printf("not reached\n");
	return 0;
}
