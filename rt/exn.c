/*
 * exn.c: wasm exceptions: tags, throwing, and what the embedder reads.
 *
 * A throw allocates the exception (tag and payload) and longjmps to the
 * innermost frame of the thread's chain (w2c_rt_frame), the same chain
 * traps use.  A handler frame (try_table, try) takes it: the generated
 * code there compares the tag with its catch clauses' tags by address.
 * A host frame (w2c_call, w2c_protect) ends the call with W2C_EXCEPTION.
 * Traps pass handler frames by (trap.c).  docs/exceptions.md has the
 * design and its costs.
 */
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* this file's registry lock */
RT_LOCK_DEFINE(lock);
#define LOCK() RT_LOCK(lock)
#define UNLOCK() RT_UNLOCK(lock)

W2C_THREAD_LOCAL w2c_exnref w2c_rt_caught;

/* Every exception an exnref was made of: kept (there is no collector),
 * and in a list rather than lost, so that leak checkers see them held. */
static struct w2c_rt_exn *held;

/* The last exception a host frame received on this thread. */
static W2C_THREAD_LOCAL w2c_exnref uncaught;

/* A tag made by w2c_tag_new: the tag, its type and the type's bytes. */
struct host_tag {
	w2c_tag tag;
	w2c_functype type;
	uint8_t types[];
};

w2c_tag *w2c_tag_new(const char *signature)
{
	uint8_t buf[256];
	w2c_functype t;
	struct host_tag *h;

	if (!signature || !rt_parse_signature(signature, &t, buf, sizeof buf) || t.nresults)
		return NULL;
	h = malloc(sizeof *h + t.nparams + 1);
	if (!h)
		return NULL;
	memcpy(h->types, buf, t.nparams);
	h->type = t;
	h->type.types = h->types;
	h->type.id = w2c_functype_id(&h->type);
	h->tag.type = &h->type;
	h->tag.canon = 0; /* a signature is all its type is */
	return &h->tag;
}

void w2c_tag_free(w2c_tag *tag)
{
	free(tag); /* the tag is the first member */
}

/* A host frame, or none, received exn: it is the thread's uncaught one. */
static void set_uncaught(w2c_exnref exn)
{
	if (uncaught && uncaught != exn)
		w2c_rt_exn_done(uncaught);
	uncaught = exn;
}

void w2c_throw_ref(w2c_exnref exn)
{
	w2c_trap_frame *f = w2c_rt_frame;

	if (!exn)
		w2c_trap(W2C_TRAP_NULL_EXNREF);
	if (!f) {
		set_uncaught(exn);
		w2c_trap(W2C_EXCEPTION); /* no frame: to the trap handler */
	}
	w2c_rt_frame = f->prev;
	if (f->handler) {
		w2c_rt_caught = exn;
		if (f->resume)
			f->resume(f);
	} else {
		set_uncaught(exn);
		f->status = W2C_EXCEPTION;
	}
	longjmp(f->env, 1);
}

void w2c_throw(const w2c_tag *tag, const w2c_value *payload, size_t n)
{
	const w2c_functype *t = tag->type;
	struct w2c_rt_exn *e;
	size_t i;

	if (n != t->nparams)
		w2c_trap(W2C_ERR_ARGUMENTS);
	e = malloc(sizeof *e + n * sizeof *e->payload);
	if (!e)
		w2c_trap(W2C_ERR_RESOURCE);
	e->tag = tag;
	e->n = (uint32_t)n;
	e->held = false;
	e->next = NULL;
	for (i = 0; i < n; i++) {
		e->payload[i] = payload[i];
		e->payload[i].type = (w2c_valtype)t->types[i];
	}
	w2c_throw_ref(e);
}

w2c_exnref w2c_rt_exn_hold(w2c_exnref exn)
{
	if (!exn->held) {
		exn->held = true;
		LOCK();
		exn->next = held;
		held = exn;
		UNLOCK();
	}
	return exn;
}

void w2c_rt_exn_done(w2c_exnref exn)
{
	if (!exn->held) {
		if (exn == w2c_rt_caught)
			w2c_rt_caught = NULL; /* no longer a root of the GC heap */
		free(exn);
	}
}

void rt_exn_roots(void (*visit)(const w2c_value *payload, size_t n))
{
	const struct w2c_rt_exn *e;

	if (w2c_rt_caught)
		visit(w2c_rt_caught->payload, w2c_rt_caught->n);
	if (uncaught)
		visit(uncaught->payload, uncaught->n);
	LOCK();
	for (e = held; e; e = e->next)
		visit(e->payload, e->n);
	UNLOCK();
}

w2c_exnref w2c_exception(void)
{
	/* the embedder may keep it */
	return uncaught ? w2c_rt_exn_hold(uncaught) : NULL;
}

const w2c_tag *w2c_exn_tag(w2c_exnref exn)
{
	return exn ? exn->tag : NULL;
}

const w2c_value *w2c_exn_payload(w2c_exnref exn, size_t *n)
{
	*n = exn ? exn->n : 0;
	return exn ? exn->payload : NULL;
}
