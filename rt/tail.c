/*
 * tail.c: the area tail calls pass arguments and results through
 * (w2c_gen.h, docs/tailcalls.md).  A file of its own, so that a program
 * linked statically takes it, two kilobytes per thread, only when a
 * module makes tail calls.
 */
#include "rt_internal.h"

#if defined(W2C_NO_THREADS)
w2c_tail_area w2c_rt_tail;
#else
_Thread_local w2c_tail_area w2c_rt_tail;
#endif
