/*
 * interp: a tree-walking interpreter with virtual dispatch, written for
 * w2c's benchmarks.  Every node carries a pointer to its class (a table of
 * function pointers: eval, and exec for statements), as a C++ or Go
 * interpreter would.  The interpreted program counts primes by trial
 * division, sums a Collatz-like sequence and runs a small LCG, all in
 * nested while loops over 32 variables.
 */
#include "bench.h"

typedef struct node node;
typedef struct {
	int64_t (*eval)(const node *, int64_t *vars);
	const char *name;
} node_class;

struct node {
	const node_class *cls;
	const node *a, *b, *c;
	int64_t k;
};

static int64_t ev_const(const node *n, int64_t *v) { (void)v; return n->k; }
static int64_t ev_var(const node *n, int64_t *v) { return v[n->k]; }
static int64_t ev_add(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) + n->b->cls->eval(n->b, v); }
static int64_t ev_sub(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) - n->b->cls->eval(n->b, v); }
static int64_t ev_mul(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) * n->b->cls->eval(n->b, v); }
static int64_t ev_mod(const node *n, int64_t *v)
{
	int64_t d = n->b->cls->eval(n->b, v);
	return d ? n->a->cls->eval(n->a, v) % d : 0;
}
static int64_t ev_lt(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) < n->b->cls->eval(n->b, v); }
static int64_t ev_eq(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) == n->b->cls->eval(n->b, v); }
static int64_t ev_and(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) && n->b->cls->eval(n->b, v); }
static int64_t ev_shr(const node *n, int64_t *v) { return (int64_t)((uint64_t)n->a->cls->eval(n->a, v) >> (n->b->cls->eval(n->b, v) & 63)); }
static int64_t ev_band(const node *n, int64_t *v) { return n->a->cls->eval(n->a, v) & n->b->cls->eval(n->b, v); }
/* statements evaluate to 0 */
static int64_t ev_assign(const node *n, int64_t *v) { v[n->k] = n->a->cls->eval(n->a, v); return 0; }
static int64_t ev_seq(const node *n, int64_t *v) { n->a->cls->eval(n->a, v); return n->b ? n->b->cls->eval(n->b, v) : 0; }
static int64_t ev_while(const node *n, int64_t *v)
{
	while (n->a->cls->eval(n->a, v))
		n->b->cls->eval(n->b, v);
	return 0;
}
static int64_t ev_if(const node *n, int64_t *v)
{
	if (n->a->cls->eval(n->a, v))
		n->b->cls->eval(n->b, v);
	else if (n->c)
		n->c->cls->eval(n->c, v);
	return 0;
}

static const node_class C_CONST = { ev_const, "const" }, C_VAR = { ev_var, "var" },
	C_ADD = { ev_add, "+" }, C_SUB = { ev_sub, "-" }, C_MUL = { ev_mul, "*" },
	C_MOD = { ev_mod, "%" }, C_LT = { ev_lt, "<" }, C_EQ = { ev_eq, "==" },
	C_AND = { ev_and, "&&" }, C_SHR = { ev_shr, ">>" }, C_BAND = { ev_band, "&" },
	C_ASSIGN = { ev_assign, "=" }, C_SEQ = { ev_seq, ";" }, C_WHILE = { ev_while, "while" },
	C_IF = { ev_if, "if" };

/* A node pool: the program is built once, then run many times. */
static node pool[512];
static int npool;

static const node *mk(const node_class *c, const node *a, const node *b, const node *cc, int64_t k)
{
	node *n = &pool[npool++];
	n->cls = c;
	n->a = a;
	n->b = b;
	n->c = cc;
	n->k = k;
	return n;
}
static const node *K(int64_t k) { return mk(&C_CONST, 0, 0, 0, k); }
static const node *V(int64_t i) { return mk(&C_VAR, 0, 0, 0, i); }
static const node *op(const node_class *c, const node *a, const node *b) { return mk(c, a, b, 0, 0); }
static const node *set(int64_t i, const node *e) { return mk(&C_ASSIGN, e, 0, 0, i); }
static const node *seq2(const node *a, const node *b) { return mk(&C_SEQ, a, b, 0, 0); }
static const node *seq3(const node *a, const node *b, const node *c) { return seq2(a, seq2(b, c)); }
static const node *loop(const node *cond, const node *body) { return mk(&C_WHILE, cond, body, 0, 0); }
static const node *when(const node *c, const node *t, const node *e) { return mk(&C_IF, c, t, e, 0); }

enum { N, I, D, P, COUNT, X, S, STEPS, R, J };

/*
 * i = 2; count = 0
 * while (i < n) {
 *   d = 2; p = 1
 *   while (p && d * d - i < 1) { if (i % d == 0) p = 0; d = d + 1 }
 *   if (p) count = count + 1
 *   x = i; s = 0
 *   while (1 < x) { if (x & 1) x = 3 * x + 1 else x = x >> 1; s = s + 1 }
 *   steps = steps + s
 *   j = 0
 *   while (j < 8) { r = (r * 1103515245 + 12345) % 2147483648; j = j + 1 }
 *   i = i + 1
 * }
 */
static const node *build(void)
{
	const node *trial = seq3(set(D, K(2)), set(P, K(1)),
		loop(op(&C_AND, V(P), op(&C_LT, op(&C_SUB, op(&C_MUL, V(D), V(D)), V(I)), K(1))),
		     seq2(when(op(&C_EQ, op(&C_MOD, V(I), V(D)), K(0)), set(P, K(0)), 0),
		          set(D, op(&C_ADD, V(D), K(1))))));
	const node *count = when(V(P), set(COUNT, op(&C_ADD, V(COUNT), K(1))), 0);
	const node *collatz = seq3(set(X, V(I)), set(S, K(0)),
		seq2(loop(op(&C_LT, K(1), V(X)),
		          seq2(when(op(&C_BAND, V(X), K(1)),
		                    set(X, op(&C_ADD, op(&C_MUL, K(3), V(X)), K(1))),
		                    set(X, op(&C_SHR, V(X), K(1)))),
		               set(S, op(&C_ADD, V(S), K(1))))),
		     set(STEPS, op(&C_ADD, V(STEPS), V(S)))));
	const node *lcg = seq2(set(J, K(0)),
		loop(op(&C_LT, V(J), K(8)),
		     seq2(set(R, op(&C_MOD, op(&C_ADD, op(&C_MUL, V(R), K(1103515245)), K(12345)),
		                    K(2147483648))),
		          set(J, op(&C_ADD, V(J), K(1))))));
	const node *body = seq2(trial, seq2(count, seq2(collatz, seq2(lcg,
		set(I, op(&C_ADD, V(I), K(1)))))));
	return seq3(set(I, K(2)), set(COUNT, K(0)), loop(op(&C_LT, V(I), V(N)), body));
}

int main(int argc, char **argv)
{
	int pct = bench_scale(argc, argv);
	int64_t limit = (int64_t)bench_n(160000, pct);
	int64_t vars[32] = { 0 };
	const node *prog = build();

	vars[N] = limit;
	vars[R] = 1;
	prog->cls->eval(prog, vars);
	printf("interp: %d nodes, primes below %lld: %lld, collatz steps %lld, lcg %lld\n",
	       npool, (long long)limit, (long long)vars[COUNT], (long long)vars[STEPS],
	       (long long)vars[R]);
	return 0;
}
