/*
 * emit_atomic.c: the threads instructions, for emit_func.c.
 *
 * Atomic loads, stores and read-modify-writes are templates of
 * opcodes.def over w2c_atomic.h's helpers, which check the alignment and
 * make one sequentially consistent access; this file writes what is no
 * template (wait, notify, fence) and what follows any of them: another
 * thread may have grown a shared memory, and having synchronised with it
 * this one may now use the pages, so the function's cached sizes of its
 * shared memories are read again (docs/threads.md).
 */
#include "func.h"

#define RD(t, h) slot(fc, (t), (h), SLOT_READ)
#define WR(t, h) slot(fc, (t), (h), SLOT_WRITE)
#define S(s) buf_str(&fc->body, (s))

static bool any_shared(const Module *m)
{
	uint32_t i;

	for (i = 0; i < m->nmemories; i++)
		if (m->memories[i].shared)
			return true;
	return false;
}

/*
 * A 0xfe byte in a body may be part of a constant: the bodies holding
 * one are decoded to find out (once, before anything is written).  A
 * malformed one counts as using atomics; its error comes with the
 * translation proper.
 */
static bool body_uses_atomics(FuncCx *fc, uint32_t fi)
{
	Diag *d = fc->diag;
	jmp_buf outer;
	Instr in;
	volatile bool found = false;

	memset(&in, 0, sizeof in);
	memcpy(outer, d->env, sizeof outer);
	if (setjmp(d->env)) {
		found = true;
	} else {
		open_body(fc, fi);
		while (!rd_done(&fc->r) && !found) {
			decode_instr(fc, &in);
			found = op_atomic(in.op) || in.op == OP_ATOMIC_FENCE;
		}
	}
	memcpy(d->env, outer, sizeof outer);
	return found;
}

bool scan_atomics(FuncCx *fc)
{
	Module *m = fc->m;
	uint32_t i;

	if (any_shared(m))
		return true;
	for (i = m->nimported_funcs; i < m->nfuncs; i++)
		if (memchr(m->bytes + m->funcs[i].body, 0xfe, m->funcs[i].body_len) &&
		    body_uses_atomics(fc, i))
			return true;
	return false;
}

/* notify, wait32, wait64 at operand height h:
 *   iN = w2c_atomic_notify(MEM, BASE, SIZE, ADDR, count, shared) */
void emit_atomic_instr(FuncCx *fc, const Instr *in, uint32_t h)
{
	Module *m = fc->m;
	uint32_t n = in->op == OP_MEMORY_ATOMIC_NOTIFY ? 2 : 3, base = h - n;
	bool shared;

	if (in->op == OP_ATOMIC_FENCE) {
		S("\tw2c_atomic_fence();\n");
		emit_atomic_after(fc, in);
		return;
	}
	shared = m->memories[in->a].shared;
	S("\t");
	WR(VT_I32, base);
	S(in->op == OP_MEMORY_ATOMIC_NOTIFY ? " = w2c_atomic_notify(" :
	  in->op == OP_MEMORY_ATOMIC_WAIT32 ? " = w2c_atomic_wait32(" : " = w2c_atomic_wait64(");
	memory_ref(fc, in->a, &fc->body);
	S(", ");
	emit_address(fc, in, base);
	S(", ");
	RD(in->op == OP_MEMORY_ATOMIC_WAIT64 ? VT_I64 : VT_I32, base + 1);
	if (n == 3) {
		S(", ");
		RD(VT_I64, base + 2);
	}
	S(shared ? ", true);\n" : ", false);\n");
	emit_atomic_after(fc, in);
}

void emit_atomic_after(FuncCx *fc, const Instr *in)
{
	(void)in;
	if (any_shared(fc->m))
		reload_memory(fc);
}
