/*
 * loops.c: innermost counted loops, versioned so that the C compiler sees
 * their memory addresses as affine (docs/loops.md).
 *
 * A wasm address is an i32 computed in arithmetic modulo 2^32: `p + 4`
 * in C is `(uint32_t)(l3 + 4u)`, which the C compiler can't prove never
 * wraps, so it sees no affine access and vectorises nothing.  When a loop
 * starts, a scan of its body (straight-line code ending in `br_if 0`)
 * writes every i32 value as a linear form of the locals' values at the
 * start of an iteration.  A local whose form after one iteration is itself
 * plus a constant is an induction variable; the loop's exit compares one
 * with an invariant, which gives the trip count T.  An address whose form
 * names only induction variables and invariant locals is affine in the
 * iteration k; if its exact value lies in [0, 2^32) at k = 0 and
 * k = T - 1, it does throughout, and then equals the wrapped one.
 *
 * The loop's C text is written once, each affine address as both forms
 * between marks (LP_FAST, LP_SLOW, LP_END); its `end` makes two copies:
 *
 *     { int64_t t_ = TRIP COUNT, or -1;
 *     if (t_ > 0 && every address's ends in range) {
 *             x3 = l3; ...       64-bit copies of the induction variables
 *     V5:;    ... exact 64-bit addresses: (uint64_t)(x3 + 4) ...
 *             x3 += 8; ...
 *             if (...) goto V5;
 *     } else {
 *     L5:;    ... the loop as ever ...
 *     } }
 *
 * Bounds checks (explicit or by guard pages) are the same in both copies:
 * the address passed is the same number.
 */
#include <stdlib.h>
#include <string.h>

#include "func.h"

#define LP_FAST '\001'
#define LP_SLOW '\002'
#define LP_END '\003'

/* A linear form's limits, so that its C evaluation can't overflow int64:
 * coefficients, steps, constants. */
#define LP_TERMS 2
#define LP_COEF_MAX 4096
#define LP_STEP_MAX 4096
#define LP_CONST_MAX ((int64_t)1 << 36)
/* Instructions scanned in a loop body, at most. */
#define LP_BODY_MAX 2000
/* Affine accesses in one loop, at most. */
#define LP_ACCESS_MAX 64
/* Groups of accesses (distinct base terms) a loop is versioned for with
 * guard pages, at most.  Each needs its own base pointer in the fast copy
 * and two compares per entry; past eight, x86-64's registers run out and
 * the fast copy spills them, while gcc no longer vectorises it either (it
 * checks at most ten pairs of possibly overlapping accesses): a loss.
 * With explicit bounds checks the fast copy still drops a check per
 * access, a gain: there the loop stays versioned (docs/loops.md). */
#define LP_GROUP_MAX 8

/* sum of a[i] * (local l[i] at the iteration's start) + c, modulo 2^32 */
typedef struct Lin {
	bool ok;
	uint8_t n;
	uint32_t l[LP_TERMS];
	int64_t a[LP_TERMS];
	int64_t c;
	int cmp;                 /* the comparison that made this value, or 0 */
} Lin;

typedef struct Access {
	size_t offset;           /* the load's or store's position in the module */
	uint32_t mem;
	uint64_t end;            /* its offset plus width */
	Lin addr;
} Access;

struct LoopVer {
	bool active;
	uint32_t label;
	Access acc[LP_ACCESS_MAX];
	uint32_t nacc;
	int64_t *step;           /* per local: its step, if an induction variable */
	uint8_t *kind;           /* per local: LK_ */
	uint8_t *shadow;         /* per local: its 64-bit copy x is declared */
	uint32_t nlocals;
	/* the scan's: its stack, and per local its form and whether set */
	Lin *stack, *cur;
	uint8_t *written;
	/* the exit: cmp(counter value, bound) keeps looping */
	uint16_t cmp_op;
	Lin counter, bound;
	bool swapped;
	bool checks_only;        /* versioned only for explicit bounds checks */
};

enum { LK_INVARIANT, LK_IV, LK_VARIANT };

static Lin unknown(void)
{
	Lin v;

	memset(&v, 0, sizeof v);
	return v;
}

static Lin constant(int64_t c)
{
	Lin v = unknown();

	v.ok = true;
	v.c = c;
	return v;
}

static Lin local_value(uint32_t l)
{
	Lin v = constant(0);

	v.n = 1;
	v.l[0] = l;
	v.a[0] = 1;
	return v;
}

static int64_t abs64(int64_t x)
{
	return x < 0 ? -x : x;
}

/* x + k*y */
static Lin lin_add(Lin x, Lin y, int64_t k)
{
	uint32_t i, j;

	if (!x.ok || !y.ok)
		return unknown();
	x.cmp = 0;
	for (i = 0; i < y.n; i++) {
		for (j = 0; j < x.n && x.l[j] != y.l[i]; j++)
			;
		if (j == x.n) {
			if (x.n == LP_TERMS)
				return unknown();
			x.l[x.n] = y.l[i];
			x.a[x.n++] = 0;
		}
		x.a[j] += k * y.a[i];
		if (abs64(x.a[j]) > LP_COEF_MAX)
			return unknown();
	}
	for (i = 0; i < x.n;) { /* drop terms that cancelled */
		if (x.a[i] == 0) {
			x.n--;
			x.l[i] = x.l[x.n];
			x.a[i] = x.a[x.n];
		} else {
			i++;
		}
	}
	x.c += k * y.c;
	if (abs64(x.c) > LP_CONST_MAX)
		return unknown();
	return x;
}

static Lin lin_scale(Lin x, int64_t k)
{
	uint32_t i;

	if (!x.ok || abs64(k) > LP_COEF_MAX)
		return unknown();
	for (i = 0; i < x.n; i++)
		if (abs64(x.a[i] *= k) > LP_COEF_MAX)
			return unknown();
	x.c *= k;
	x.cmp = 0;
	return abs64(x.c) > LP_CONST_MAX ? unknown() : x;
}

/* An i32 constant as the signed number the form adds. */
static int64_t s32c(uint64_t v)
{
	return (int64_t)(int32_t)(uint32_t)v;
}

static bool is_cmp(uint16_t op)
{
	return op == OP_I32_NE || op == OP_I32_LT_U || op == OP_I32_LT_S ||
	       op == OP_I32_GT_U || op == OP_I32_GT_S;
}

/* Instructions a versioned body may hold besides locals, constants and
 * its closing br_if: numeric ones and plain loads and stores, which run
 * the same in both copies. */
static bool plain(uint16_t op)
{
	const OpInfo *o = &op_info[op];

	if (o->sig[0] == '-')
		return false;
	if (o->imm == IMM_MEMARG)
		return op_shape[op].nargs >= 1 && o->tmpl && strchr(o->tmpl, '@') &&
		       op >= OP_I32_LOAD && op <= OP_I64_STORE32;
	return o->imm == IMM_NONE || o->imm == IMM_I32 || o->imm == IMM_I64 ||
	       o->imm == IMM_F32 || o->imm == IMM_F64;
}

/*
 * The scan: a straight-line body, its values as linear forms.  False if
 * the loop is no candidate.
 */
static bool scan(FuncCx *fc, struct LoopVer *lv, const Ctrl *c)
{
	Lin *stack = lv->stack, *cur = lv->cur;
	uint8_t *written = lv->written;
	Lin cmps[2] = { { 0 } };
	int ncmp = 0;
	uint32_t sp = 0, n, i;
	bool ok = false;
	Instr in;

	(void)c;
	memset(&in, 0, sizeof in);
	memset(written, 0, fc->nlocals);
	for (i = 0; i < fc->nlocals; i++)
		cur[i] = local_value(i);
	lv->nacc = 0;
	for (n = 0; n < LP_BODY_MAX; n++) {
		uint16_t op;
		decode_instr(fc, &in);
		op = in.op;
		if (op == OP_BR_IF) {
			Lin cond;
			if (in.a != 0 || sp != 1)
				break;
			cond = stack[--sp];
			decode_instr(fc, &in);
			if (in.op != OP_END)
				break;
			if (cond.cmp) {
				lv->cmp_op = (uint16_t)cond.cmp;
				lv->counter = cmps[0];
				lv->bound = cmps[1];
			} else {
				lv->cmp_op = OP_I32_NE; /* br_if x: x != 0 */
				lv->counter = cond;
				lv->bound = constant(0);
			}
			ok = cond.ok || cond.cmp;
			break;
		}
		switch (op) {
		case OP_LOCAL_GET:
			if (in.a >= fc->nlocals)
				goto out;
			stack[sp++] = cur[in.a];
			break;
		case OP_LOCAL_SET:
		case OP_LOCAL_TEE:
			if (sp < 1 || in.a >= fc->nlocals)
				goto out;
			cur[in.a] = stack[sp - 1];
			cur[in.a].cmp = 0;
			written[in.a] = 1;
			if (op == OP_LOCAL_SET)
				sp--;
			break;
		case OP_I32_CONST:
			stack[sp++] = constant(s32c(in.value));
			break;
		case OP_I64_CONST:
		case OP_F32_CONST:
		case OP_F64_CONST:
		case OP_V128_CONST:
			stack[sp++] = unknown();
			break;
		case OP_DROP:
			if (sp < 1)
				goto out;
			sp--;
			break;
		case OP_NOP:
			break;
		case OP_SELECT:
			if (sp < 3)
				goto out;
			sp -= 2;
			stack[sp - 1] = unknown();
			break;
		case OP_I32_ADD:
		case OP_I32_SUB:
			if (sp < 2)
				goto out;
			sp--;
			stack[sp - 1] = lin_add(stack[sp - 1], stack[sp], op == OP_I32_ADD ? 1 : -1);
			break;
		case OP_I32_MUL:
			if (sp < 2)
				goto out;
			sp--;
			if (stack[sp].ok && stack[sp].n == 0)
				stack[sp - 1] = lin_scale(stack[sp - 1], stack[sp].c);
			else if (stack[sp - 1].ok && stack[sp - 1].n == 0)
				stack[sp - 1] = lin_scale(stack[sp], stack[sp - 1].c);
			else
				stack[sp - 1] = unknown();
			break;
		case OP_I32_SHL:
			if (sp < 2)
				goto out;
			sp--;
			if (stack[sp].ok && stack[sp].n == 0 && (stack[sp].c & 31) <= 12)
				stack[sp - 1] = lin_scale(stack[sp - 1], (int64_t)1 << (stack[sp].c & 31));
			else
				stack[sp - 1] = unknown();
			break;
		default:
			if (!plain(op) || sp < op_shape[op].nargs)
				goto out;
			if (op_info[op].imm == IMM_MEMARG) {
				if (lv->nacc == LP_ACCESS_MAX)
					goto out;
				if (in.value > LP_CONST_MAX || in.a >= fc->m->nmemories ||
				    mem_checked(fc->m, in.a))
					goto out;
				lv->acc[lv->nacc].offset = in.offset;
				lv->acc[lv->nacc].mem = in.a;
				lv->acc[lv->nacc].end = in.value + ((uint64_t)1 << op_info[op].align);
				lv->acc[lv->nacc++].addr = stack[sp - op_shape[op].nargs];
			}
			if (is_cmp(op) && ncmp == 0) {
				cmps[0] = stack[sp - 2];
				cmps[1] = stack[sp - 1];
				ncmp = 1;
				sp -= 2;
				stack[sp] = unknown();
				stack[sp++].cmp = op;
				break;
			}
			sp -= op_shape[op].nargs;
			if (op_shape[op].result)
				stack[sp++] = unknown();
			break;
		}
		if (sp > LP_BODY_MAX)
			break;
	}
out:
	if (ok) {
		/* what each local is over one iteration */
		for (i = 0; i < fc->nlocals; i++) {
			const Lin *v = &cur[i];
			lv->step[i] = 0;
			if (!written[i])
				lv->kind[i] = LK_INVARIANT;
			else if (v->ok && v->n == 1 && v->l[0] == i && v->a[0] == 1 && v->c &&
			         abs64(v->c) <= LP_STEP_MAX && vt_rep(fc->locals[i]) == VT_I32) {
				lv->kind[i] = LK_IV;
				lv->step[i] = v->c;
			} else if (v->ok && v->n == 1 && v->l[0] == i && v->a[0] == 1 && !v->c) {
				lv->kind[i] = LK_INVARIANT;
			} else {
				lv->kind[i] = LK_VARIANT;
			}
		}
	}
	return ok;
}

static bool same_terms(const Lin *x, const Lin *y)
{
	uint32_t i, j;

	if (x->n != y->n)
		return false;
	for (i = 0; i < x->n; i++) {
		for (j = 0; j < y->n && (y->l[j] != x->l[i] || y->a[j] != x->a[i]); j++)
			;
		if (j == y->n)
			return false;
	}
	return true;
}

/* Whether accesses i and j are of one group: the same terms (constants
 * aside) in the same memory, checked together before the loop. */
static bool same_group(const struct LoopVer *lv, uint32_t i, uint32_t j)
{
	return lv->acc[i].mem == lv->acc[j].mem && same_terms(&lv->acc[i].addr, &lv->acc[j].addr);
}

/* How many groups the accesses make: the checks before the loop are two
 * per group. */
static uint32_t groups(const struct LoopVer *lv)
{
	uint32_t i, j, n = 0;

	for (i = 0; i < lv->nacc; i++) {
		for (j = 0; j < i && !same_group(lv, i, j); j++)
			;
		n += j == i;
	}
	return n;
}

/* Whether a form names only invariants and induction variables. */
static bool affine(const struct LoopVer *lv, const Lin *v)
{
	uint32_t i;

	if (!v->ok)
		return false;
	for (i = 0; i < v->n; i++)
		if (lv->kind[v->l[i]] == LK_VARIANT)
			return false;
	return true;
}

/* The exit: counter an induction variable plus a constant, the bound
 * invariant, in one of the forms the trip count is written for. */
static bool counted(struct LoopVer *lv)
{
	Lin *k = &lv->counter, *b = &lv->bound;
	uint16_t op = lv->cmp_op;

	if (!k->ok || !b->ok)
		return false;
	if (!(k->n == 1 && k->a[0] == 1 && lv->kind[k->l[0]] == LK_IV)) {
		Lin t = *k; /* bound op counter: swap */
		*k = *b;
		*b = t;
		if (!(k->n == 1 && k->a[0] == 1 && lv->kind[k->l[0]] == LK_IV))
			return false;
		op = op == OP_I32_LT_U ? OP_I32_GT_U : op == OP_I32_GT_U ? OP_I32_LT_U :
		     op == OP_I32_LT_S ? OP_I32_GT_S : op == OP_I32_GT_S ? OP_I32_LT_S : op;
		lv->cmp_op = op;
	}
	if (!affine(lv, b) || (b->n && lv->kind[b->l[0]] != LK_INVARIANT) ||
	    (b->n > 1 && lv->kind[b->l[1]] != LK_INVARIANT))
		return false;
	if ((op == OP_I32_LT_U || op == OP_I32_LT_S) && lv->step[k->l[0]] < 0)
		return false;
	if ((op == OP_I32_GT_U || op == OP_I32_GT_S) && lv->step[k->l[0]] > 0)
		return false;
	return true;
}

/* The scan, where a malformed body only makes the loop no candidate: the
 * translation proper reports it. */
static bool scan_safely(FuncCx *fc, struct LoopVer *lv, const Ctrl *c)
{
	Diag *d = fc->diag;
	Reader saved = fc->r;
	jmp_buf outer;
	volatile bool ok = false;

	memcpy(outer, d->env, sizeof outer);
	if (!setjmp(d->env))
		ok = scan(fc, lv, c);
	memcpy(d->env, outer, sizeof outer);
	fc->r = saved;
	return ok;
}

void lp_begin(FuncCx *fc, const Ctrl *c)
{
	struct LoopVer *lv = fc->lv;
	uint32_t i, n = 0;

	if (lv && lv->active)
		return; /* inside a versioned loop: can't be (no nested loops) */
	if (fc->tail || c->nparams || c->nresults)
		return;
	if (!lv || lv->nlocals < fc->nlocals) {
		uint8_t *shadow;
		if (lv) {
			free(lv->step);
			free(lv->kind);
			free(lv->cur);
			free(lv->written);
		} else {
			lv = fc->lv = xcalloc(1, sizeof *lv);
		}
		lv->step = xcalloc(fc->nlocals + 1, sizeof *lv->step);
		lv->kind = xcalloc(fc->nlocals + 1, 1);
		lv->cur = xcalloc(fc->nlocals + 1, sizeof *lv->cur);
		lv->written = xcalloc(fc->nlocals + 1, 1);
		if (!lv->stack)
			lv->stack = xcalloc(LP_BODY_MAX + 8, sizeof *lv->stack);
		shadow = xcalloc(fc->nlocals + 1, 1);
		if (lv->shadow)
			memcpy(shadow, lv->shadow, lv->nlocals);
		free(lv->shadow);
		lv->shadow = shadow;
		lv->nlocals = fc->nlocals;
	}
	if (!scan_safely(fc, lv, c) || !counted(lv))
		return;
	for (i = 0; i < lv->nacc; i++)
		n += affine(lv, &lv->acc[i].addr);
	if (!n || n < lv->nacc)
		return; /* all checked before the loop, or its loads still pinned */
	lv->checks_only = groups(lv) > LP_GROUP_MAX;
	/* from here on, `written` says which induction variables addresses use */
	memset(lv->written, 0, fc->nlocals);
	for (i = 0; i < lv->nacc; i++)
		for (n = 0; n < lv->acc[i].addr.n; n++)
			lv->written[lv->acc[i].addr.l[n]] = lv->kind[lv->acc[i].addr.l[n]] == LK_IV;
	lv->active = true;
	lv->label = c->label;
	/* the copies start one step back and step at the top of the loop,
	 * so that all of an iteration, its exit test too, sees them even */
	buf_char(&fc->body, LP_FAST);
	for (i = 0; i < fc->nlocals; i++)
		if (lv->written[i])
			buf_printf(&fc->body, "\tx%u += %lld;\n", i, (long long)lv->step[i]);
	buf_char(&fc->body, LP_SLOW);
	buf_char(&fc->body, LP_END);
}

/* A function's translation starts: no loop versioned, no copy declared. */
void lp_reset(FuncCx *fc)
{
	if (!fc->lv)
		return;
	fc->lv->active = false;
	memset(fc->lv->shadow, 0, fc->lv->nlocals);
}

/* The 64-bit copies the function's versioned loops use. */
void lp_emit_decls(FuncCx *fc, Buf *out)
{
	uint32_t i;

	for (i = 0; fc->lv && i < fc->lv->nlocals && i < fc->nlocals; i++)
		if (fc->lv->shadow[i])
			buf_printf(out, "\tint64_t x%u = 0;\n", i);
}

void lp_free(FuncCx *fc)
{
	if (!fc->lv)
		return;
	free(fc->lv->step);
	free(fc->lv->kind);
	free(fc->lv->shadow);
	free(fc->lv->stack);
	free(fc->lv->cur);
	free(fc->lv->written);
	free(fc->lv);
	fc->lv = NULL;
}

/* How much a linear form changes from one iteration to the next. */
static int64_t steps(const struct LoopVer *lv, const Lin *v)
{
	int64_t d = 0;
	uint32_t i;

	for (i = 0; i < v->n; i++)
		d += v->a[i] * lv->step[v->l[i]];
	return d;
}

/* A linear form in C, over the 64-bit copies (x) or the locals at the
 * loop's start (l), as int64_t; `iter` adds (t_ - 1) steps. */
static void lin_c(const struct LoopVer *lv, const Lin *v, bool start, bool iter, Buf *b)
{
	uint32_t i;
	int64_t d = steps(lv, v);

	buf_str(b, "(");
	for (i = 0; i < v->n; i++) {
		uint32_t l = v->l[i];
		if (lv->kind[l] == LK_IV && !start)
			buf_printf(b, "x%u * %lld + ", l, (long long)v->a[i]);
		else
			buf_printf(b, "(int64_t)l%u * %lld + ", l, (long long)v->a[i]);
	}
	if (iter && d)
		buf_printf(b, "(t_ - 1) * %lld + ", (long long)d);
	buf_printf(b, "%lld)", (long long)v->c);
}

static const Access *find_access(const struct LoopVer *lv, const Instr *in)
{
	uint32_t i;

	if (!lv || !lv->active)
		return NULL;
	for (i = 0; i < lv->nacc; i++)
		if (lv->acc[i].offset == in->offset)
			return affine(lv, &lv->acc[i].addr) ? &lv->acc[i] : NULL;
	return NULL;
}

/* At a load or store: whether it has a fast form; if so, that starts. */
bool lp_address(FuncCx *fc, const Instr *in)
{
	if (!find_access(fc->lv, in))
		return false;
	buf_char(&fc->body, LP_FAST);
	return true;
}

/* The fast form's address, exact in 64 bits; the slow form follows. */
void lp_address_fast(FuncCx *fc, const Instr *in)
{
	const Access *a = find_access(fc->lv, in);
	Buf *b = &fc->body;

	buf_str(b, "(uint64_t)");
	lin_c(fc->lv, &a->addr, false, false, b);
	if (in->value)
		buf_printf(b, " + %lluu", (unsigned long long)in->value);
	buf_char(b, LP_SLOW);
}

void lp_address_end(Buf *b)
{
	buf_char(b, LP_END);
}

/* The trip count into t_, or -1 where it is not known to be exact. */
static void trip_count(const struct LoopVer *lv, Buf *b)
{
	uint32_t k = lv->counter.l[0];
	int64_t s = lv->step[k], S = abs64(s), d = lv->counter.c;
	Lin bound = lv->bound;

	/* the compared value at k = 0, and the bound, both as uint32 */
	buf_printf(b, "\t{ int64_t t_ = -1; uint32_t v_ = l%u + (uint32_t)%lld, n_ = (uint32_t)", k,
	           (long long)d);
	lin_c(lv, &bound, true, false, b);
	buf_str(b, ";\n");
	switch (lv->cmp_op) {
	case OP_I32_NE:
		buf_printf(b, "\tuint32_t d_ = %s;\n", s > 0 ? "n_ - v_" : "v_ - n_");
		buf_printf(b, "\tif (d_ %% %lldu == 0) t_ = (int64_t)(d_ / %lldu) + 1;\n",
		           (long long)S, (long long)S);
		break;
	case OP_I32_LT_U:
		buf_printf(b, "\tt_ = v_ >= n_ ? 1 : ((int64_t)n_ - v_ + %lld) / %lld + 1;\n",
		           (long long)(S - 1), (long long)S);
		buf_printf(b, "\tif ((int64_t)v_ + (t_ - 1) * %lld > (int64_t)UINT32_MAX) t_ = -1;\n",
		           (long long)S);
		break;
	case OP_I32_LT_S:
		buf_printf(b, "\tt_ = (int32_t)v_ >= (int32_t)n_ ? 1 : "
		           "((int64_t)(int32_t)n_ - (int32_t)v_ + %lld) / %lld + 1;\n",
		           (long long)(S - 1), (long long)S);
		buf_printf(b, "\tif ((int64_t)(int32_t)v_ + (t_ - 1) * %lld > INT32_MAX) t_ = -1;\n",
		           (long long)S);
		break;
	case OP_I32_GT_U:
		buf_printf(b, "\tt_ = v_ <= n_ ? 1 : ((int64_t)v_ - n_ + %lld) / %lld + 1;\n",
		           (long long)(S - 1), (long long)S);
		buf_printf(b, "\tif ((int64_t)v_ - (t_ - 1) * %lld < 0) t_ = -1;\n", (long long)S);
		break;
	case OP_I32_GT_S:
		buf_printf(b, "\tt_ = (int32_t)v_ <= (int32_t)n_ ? 1 : "
		           "((int64_t)(int32_t)v_ - (int32_t)n_ + %lld) / %lld + 1;\n",
		           (long long)(S - 1), (long long)S);
		buf_printf(b, "\tif ((int64_t)(int32_t)v_ - (t_ - 1) * %lld < INT32_MIN) t_ = -1;\n",
		           (long long)S);
		break;
	}
}

/* One copy of the loop's text: the fast parts or the slow ones, and in
 * the fast copy the loop's label renamed. */
static void copy(const char *p, size_t n, bool fast, uint32_t label, Buf *out)
{
	char from[32], to[32];
	size_t i, fl;
	int part = 0; /* 0 both, 1 fast, 2 slow */
	static const char keep[] = "\tW2C_KEEP";

	snprintf(from, sizeof from, "L%u:", label);
	fl = strlen(from);
	for (i = 0; i < n; i++) {
		char ch = p[i];
		if (ch == LP_FAST) {
			part = 1;
		} else if (ch == LP_SLOW) {
			part = 2;
		} else if (ch == LP_END) {
			part = 0;
		} else if (fast && ch == '\t' && !strncmp(p + i, keep, sizeof keep - 1) &&
		           (i == 0 || p[i - 1] == '\n')) {
			/* every access is in bounds: no load need be pinned */
			while (i + 1 < n && p[i] != '\n')
				i++;
		} else if (part == 0 || (part == 1) == fast) {
			if (fast && ch == 'L' && i + fl <= n && !memcmp(p + i, from, fl - 1) &&
			    (p[i + fl - 1] == ':' || p[i + fl - 1] == ';') &&
			    (i == 0 || p[i - 1] == ' ' || p[i - 1] == '\n')) {
				snprintf(to, sizeof to, "V%u", label);
				buf_str(out, to);
				i += fl - 2;
				continue;
			}
			buf_char(out, ch);
		}
	}
}

/* The loop's `end`: its text from pos becomes the two copies. */
void lp_end(FuncCx *fc, const Ctrl *c, size_t pos)
{
	struct LoopVer *lv = fc->lv;
	Buf *body = &fc->body, *out = body;
	uint32_t i;
	char *text;
	size_t n;
	bool up;

	if (!lv || !lv->active || c->label != lv->label)
		return;
	lv->active = false;
	n = body->len - pos;
	text = xmalloc(n + 1);
	memcpy(text, body->p + pos, n);
	body->len = pos;
	if (!c->label_used) { /* never looped after all: as ever */
		copy(text, n, false, c->label, out);
		free(text);
		return;
	}
	trip_count(lv, out);
	/* with guard pages, W2C_BOUNDS_CHECKS is 0: the compiler drops the
	 * fast copy, and the loop runs as if never versioned */
	buf_str(out, lv->checks_only ? "\tif (W2C_BOUNDS_CHECKS && t_ > 0" : "\tif (t_ > 0");
	for (i = 0; i < lv->nacc; i++) {
		Lin lo = lv->acc[i].addr, hi = lo;
		uint64_t end = lv->acc[i].end;
		uint32_t j;
		if (!lo.ok)
			continue; /* done with an earlier one of the same terms */
		/* the accesses with the same terms in the same memory: their
		 * lowest and highest ends */
		for (j = i + 1; j < lv->nacc; j++) {
			Lin *w = &lv->acc[j].addr;
			if (w->ok && same_group(lv, i, j)) {
				if (w->c < lo.c)
					lo.c = w->c;
				if (w->c + (int64_t)lv->acc[j].end > hi.c + (int64_t)end) {
					hi.c = w->c;
					end = lv->acc[j].end;
				}
				w->ok = false;
			}
		}
		/* The group's addresses move by the same amount each
		 * iteration, so its lowest address is the lowest form's at the
		 * first iteration or the last, and its highest end likewise:
		 * two checks.  (Four, the ends of both forms at both
		 * iterations, cost matmul's vectorised loop 25%.) */
		up = steps(lv, &lo) >= 0;
		buf_str(out, "\n\t    && W2C_INMEM(");
		lin_c(lv, &lo, true, !up, out);
		buf_printf(out, ", %llu, ", (unsigned long long)lv->acc[i].end);
		emit_mem_size(fc, lv->acc[i].mem);
		buf_str(out, ") && W2C_INMEM(");
		lin_c(lv, &hi, true, up, out);
		buf_printf(out, ", %llu, ", (unsigned long long)end);
		emit_mem_size(fc, lv->acc[i].mem);
		buf_str(out, ")");
	}
	buf_str(out, ") {\n");
	for (i = 0; i < fc->nlocals; i++) {
		if (lv->written[i]) {
			buf_printf(out, "\tx%u = (int64_t)l%u - %lld;\n", i, i,
			           (long long)lv->step[i]);
			lv->shadow[i] = 1;
		}
	}
	copy(text, n, true, c->label, out);
	buf_str(out, "\t} else {\n");
	copy(text, n, false, c->label, out);
	buf_str(out, "\t} }\n");
	free(text);
}
