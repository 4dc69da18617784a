/*
 * rt_internal.h: what the runtime's files share and nobody else sees.
 */
#ifndef W2C_RT_INTERNAL_H
#define W2C_RT_INTERNAL_H

#include "w2c_gen.h"

#define W2C_PAGE_SIZE 65536u
#define W2C_MAX_PAGES 65536u

/*
 * Guarded memories reserve every address a 32-bit index plus a 32-bit
 * offset plus an access of up to 16 bytes can form, rounded up to a page.
 */
#define W2C_GUARD_RESERVE ((uint64_t)8 << 30 | W2C_PAGE_SIZE)

/* Tables never grow past this many elements, as in the JS API. */
#define W2C_MAX_TABLE_SIZE 10000000u

/* trap.c */
void rt_prepare_thread(void);
bool rt_install_fault_handler(void);

/* memory.c */
bool rt_is_guarded_address(uintptr_t addr);
/* The allocator w2c_set_allocator set. */
const w2c_allocator *rt_allocator(void);

/* instance.c: the id in instance inst of its module's static functype t
 * (0 for a large signature's). */
uint64_t rt_instance_type_id(const w2c_instance *inst, const w2c_functype *t);
/* instance.c: the i-th module instantiated so far, or NULL. */
const w2c_module *rt_noted_module(size_t i);
/* atomic.c: a shared memory's growth, under the grow lock, and its new
 * size published to other threads. */
uint64_t rt_shared_grow(w2c_memory *mem, uint64_t delta,
                        uint64_t (*grow)(w2c_memory *, uint64_t));
void rt_shared_publish(w2c_memory *mem, uint64_t size, uint64_t pages);

/* functype.c */
/* gc.c: the roots of the thread's heap, and its teardown with the
 * thread's last instance; exn.c: the payloads of the exceptions held. */
bool rt_gc_add_instance(w2c_instance *inst);
void rt_gc_remove_instance(w2c_instance *inst);
bool rt_gc_add_table(w2c_table *t);
void rt_gc_remove_table(w2c_table *t);
void rt_exn_roots(void (*visit)(const w2c_value *payload, size_t n));

/* types.c: canonical types.  Registers a module's types, writing each
 * one's canonical rtt to rtts[]; false if out of memory. */
bool rt_types_register(const w2c_module_types *m, const w2c_rtt **rtts);
/* Is a function of type id `have` one of type id `want` (equal, or a
 * declared subtype)? */
bool rt_type_sub(uint64_t have, uint64_t want);
/* A type id's signature id, and signature (NULL for a signature id). */
uint64_t rt_type_signature_id(uint64_t id);
const w2c_functype *rt_type_signature(uint64_t id);

bool rt_parse_signature(const char *text, w2c_functype *out, uint8_t *buf,
                        size_t bufsize);
bool rt_functype_equal(const w2c_functype *a, const w2c_functype *b);
void rt_format_functype(const w2c_functype *t, char *buf, size_t size);
const char *rt_valtype_name(w2c_valtype t);

/* A process-wide lock, for registries shared by threads; nothing without
 * threads. */
#if !defined(W2C_NO_THREADS) && (defined(__unix__) || defined(__APPLE__))
#include <pthread.h>
#define RT_LOCK_DEFINE(name) static pthread_mutex_t name = PTHREAD_MUTEX_INITIALIZER
#define RT_LOCK(name) pthread_mutex_lock(&name)
#define RT_UNLOCK(name) pthread_mutex_unlock(&name)
#else
#define RT_LOCK_DEFINE(name) struct rt_no_lock_##name
#define RT_LOCK(name) ((void)0)
#define RT_UNLOCK(name) ((void)0)
#endif

#endif
