/*
 * threads.c: wasi-threads, the `wasi` `thread-spawn` import
 * (docs/threads.md).
 *
 * A module built for wasi-threads imports a shared memory and
 * thread-spawn, and exports wasi_thread_start(tid, arg).  Each spawn
 * instantiates the module again on a new thread, with the same imports
 * (so the same memory, and this entry again), and calls
 * wasi_thread_start there.  Thread ids count up from 1, below 2^29; a
 * failed spawn returns a negative errno.  The program is one process: a
 * trap or proc_exit on any thread ends it, once, with the status a
 * native program would have (134 after "w2c: trap: REASON", or the exit
 * code); a thread that returns frees its instance.
 */
#include "wasi_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest thread id (wasi-threads: ids are positive, below 2^29). */
#define MAX_TID 0x1fffffffu

struct w2c_wasi_threads {
	const w2c_module *module;
	w2c_import *imports;      /* the instantiation's, this entry last */
	size_t nimports;
	pthread_mutex_t lock;
	uint32_t next_tid;        /* under lock */
	uint32_t live;            /* threads running, under lock */
};

struct spawn {
	w2c_wasi_threads *t;
	uint32_t tid, arg;
};

static pthread_mutex_t exit_lock = PTHREAD_MUTEX_INITIALIZER;

void w2c_wasi_threads_exit(int status, const char *message)
{
	/* the first to end the program does; the others wait for it */
	pthread_mutex_lock(&exit_lock);
	fflush(stdout);
	if (message && *message)
		fprintf(stderr, "w2c: %s\n", message);
	exit(status);
}

/* A trap or exit on a spawned thread ends the program. */
static void end_by(w2c_status st, const char *what)
{
	char msg[320];

	if (st == W2C_TRAP_EXIT)
		w2c_wasi_threads_exit(w2c_exit_code(), NULL);
	snprintf(msg, sizeof msg, "%s%s", st == W2C_EXCEPTION ? "" : "trap: ",
	         st == W2C_TRAP_HOST ? w2c_trap_host_message() : what);
	w2c_wasi_threads_exit(W2C_WASI_TRAP_STATUS, msg);
}

static void *thread_main(void *p)
{
	struct spawn s = *(struct spawn *)p;
	w2c_instance *inst;
	w2c_extern start;
	w2c_value args[2];
	w2c_error e;
	w2c_status st;

	free(p);
	inst = w2c_instantiate(s.t->module, s.t->imports, s.t->nimports, &e);
	if (!inst)
		end_by(e.status, e.message);
	if (!w2c_get_export(inst, "wasi_thread_start", &start) ||
	    start.kind != W2C_EXTERN_FUNC)
		w2c_wasi_threads_exit(W2C_WASI_BAD_MODULE_STATUS,
		                      "the module exports no wasi_thread_start function");
	memset(args, 0, sizeof args);
	args[0].type = args[1].type = W2C_I32;
	args[0].of.i32 = s.tid;
	args[1].of.i32 = s.arg;
	st = w2c_call_extern(&start, args, 2, NULL, 0);
	if (st != W2C_OK)
		end_by(st, w2c_status_message(st));
	w2c_instance_free(inst);
	pthread_mutex_lock(&s.t->lock);
	s.t->live--;
	pthread_mutex_unlock(&s.t->lock);
	return NULL;
}

static uint32_t thread_spawn(void *ctx, uint32_t arg)
{
	w2c_wasi_threads *t = ctx;
	struct spawn *s = malloc(sizeof *s);
	pthread_attr_t attr;
	pthread_t thread;
	uint32_t tid;
	int rc;

	if (!s)
		return (uint32_t)-WASI_ENOMEM;
	pthread_mutex_lock(&t->lock);
	if (t->next_tid > MAX_TID) {
		pthread_mutex_unlock(&t->lock);
		free(s);
		return (uint32_t)-WASI_EAGAIN;
	}
	tid = t->next_tid++;
	t->live++;
	pthread_mutex_unlock(&t->lock);
	s->t = t;
	s->tid = tid;
	s->arg = arg;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&thread, &attr, thread_main, s);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		free(s);
		pthread_mutex_lock(&t->lock);
		t->live--;
		pthread_mutex_unlock(&t->lock);
		return (uint32_t)-WASI_EAGAIN;
	}
	return tid;
}

w2c_wasi_threads *w2c_wasi_threads_new(const w2c_module *module, const w2c_import *imports,
                                       size_t nimports)
{
	w2c_wasi_threads *t = calloc(1, sizeof *t);

	if (!t || nimports > SIZE_MAX / sizeof *t->imports - 1 ||
	    !(t->imports = malloc((nimports + 1) * sizeof *t->imports))) {
		free(t);
		return NULL;
	}
	if (nimports)
		memcpy(t->imports, imports, nimports * sizeof *imports);
	t->imports[nimports] = w2c_wasi_threads_import(t);
	t->nimports = nimports + 1;
	t->module = module;
	t->next_tid = 1;
	pthread_mutex_init(&t->lock, NULL);
	return t;
}

w2c_import w2c_wasi_threads_import(w2c_wasi_threads *t)
{
	w2c_import e = W2C_IMPORT_FUNC("wasi", "thread-spawn", "i32 -> i32", thread_spawn, t);
	return e;
}

uint32_t w2c_wasi_threads_live(w2c_wasi_threads *t)
{
	uint32_t n;

	pthread_mutex_lock(&t->lock);
	n = t->live;
	pthread_mutex_unlock(&t->lock);
	return n;
}

void w2c_wasi_threads_free(w2c_wasi_threads *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t->imports);
	free(t);
}
