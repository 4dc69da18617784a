/*
 * bulk.c: memory.fill/copy/init, data.drop and the table operations at
 * their edges, against a model of the spec.
 *
 * bulk.wat has a memory of 1..2 pages, a passive data segment of 10
 * bytes, a funcref table of 4..6 entries and a passive element segment of
 * three functions (returning 100, 101, 102).  Every operation goes to the
 * module and to the model here; after each, the outcome (trap or not, and
 * which trap), the whole memory and every table entry must agree.  The
 * rules (WebAssembly 2.0): a bulk operation traps when source or
 * destination range ends past its memory, table or segment, computed
 * without wrapping, and then writes nothing; a zero length at exactly the
 * end is fine; a dropped segment has length 0.
 *
 * First a fixed list of the edge cases, then random operations whose
 * arguments cluster around the edges (0, the end, one past it, 2^32-1...).
 */
#include "check.h"
#include "bulk.h"

#define PAGE 65536u
#define NONE 0xffffffffu

static const char segment[] = "0123456789";

static w2c_instance *inst;

/* The model. */
static uint8_t mem[2 * PAGE];
static uint64_t mem_size = PAGE;
static uint32_t seg_len = 10;
static int table[6] = { -1, -1, -1, -1, -1, -1 }; /* -1: null, else the value */
static uint32_t table_size = 4, elem_len = 3;

static uint64_t rng_state = 0x2545f4914f6cdd1du;

static uint32_t random32(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* What the model says an operation does: the trap it raises (W2C_OK for
 * none) and its result; applies it when it doesn't trap. */
static w2c_status model(const char *op, uint32_t a, uint32_t b, uint32_t c,
                        uint32_t *result)
{
	uint64_t d = a, s = b, n = c;
	uint32_t i;

	if (!strcmp(op, "fill")) {
		if (d + n > mem_size)
			return W2C_TRAP_MEMORY_OOB;
		memset(mem + d, (int)(b & 0xff), (size_t)n);
	} else if (!strcmp(op, "copy")) {
		/* copy(d, s, n): here a is d, b is s. */
		if (s + n > mem_size || d + n > mem_size)
			return W2C_TRAP_MEMORY_OOB;
		memmove(mem + d, mem + s, (size_t)n);
	} else if (!strcmp(op, "init")) {
		if (s + n > seg_len || d + n > mem_size)
			return W2C_TRAP_MEMORY_OOB;
		memcpy(mem + d, segment + s, (size_t)n);
	} else if (!strcmp(op, "data_drop")) {
		seg_len = 0;
	} else if (!strcmp(op, "grow")) {
		if (d > 2 - mem_size / PAGE) {
			*result = NONE;
		} else {
			*result = (uint32_t)(mem_size / PAGE);
			mem_size += d * PAGE;
		}
	} else if (!strcmp(op, "t_init")) {
		if (s + n > elem_len || d + n > table_size)
			return W2C_TRAP_TABLE_OOB;
		for (i = 0; i < n; i++)
			table[d + i] = 100 + (int)(s + i);
	} else if (!strcmp(op, "elem_drop")) {
		elem_len = 0;
	} else if (!strcmp(op, "t_copy")) {
		if (s + n > table_size || d + n > table_size)
			return W2C_TRAP_TABLE_OOB;
		memmove(table + d, table + s, (size_t)n * sizeof table[0]);
	} else if (!strcmp(op, "t_fill_null") || !strcmp(op, "t_fill_f2")) {
		/* t_fill(i, n): here a is i, b is n. */
		if (d + s > table_size)
			return W2C_TRAP_TABLE_OOB;
		for (i = 0; i < b; i++)
			table[d + i] = op[7] == 'n' ? -1 : 102;
	} else if (!strcmp(op, "t_set_f0") || !strcmp(op, "t_set_null")) {
		if (d >= table_size)
			return W2C_TRAP_TABLE_OOB;
		table[d] = op[6] == 'f' ? 100 : -1;
	} else if (!strcmp(op, "t_get_is_null")) {
		if (d >= table_size)
			return W2C_TRAP_TABLE_OOB;
		*result = table[d] < 0;
	} else if (!strcmp(op, "t_grow_f1")) {
		if (d > 6 - table_size) {
			*result = NONE;
		} else {
			*result = table_size;
			for (i = 0; i < a; i++)
				table[table_size + i] = 101;
			table_size += a;
		}
	} else if (!strcmp(op, "t_size")) {
		*result = table_size;
	} else if (!strcmp(op, "t_call")) {
		if (d >= table_size)
			return W2C_TRAP_UNDEFINED_ELEMENT;
		if (table[d] < 0)
			return W2C_TRAP_UNINITIALIZED_ELEMENT;
		*result = (uint32_t)table[d];
	}
	return W2C_OK;
}

static int nargs_of(const char *op)
{
	w2c_extern e;

	if (!w2c_get_export(inst, op, &e))
		return -1;
	return (int)e.functype->nparams;
}

/* Compares the module's memory and table with the model's. */
static void compare_state(const char *after)
{
	w2c_memory *m = w2c_get_memory(inst, "mem");
	uint32_t i, r = 0;
	w2c_status st;

	CHECK(m->size == mem_size, "after %s: memory size %" PRIu64 ", expected %" PRIu64, after,
	      m->size, mem_size);
	CHECK(!memcmp(m->data, mem, (size_t)(m->size < mem_size ? m->size : mem_size)),
	      "after %s: memory contents differ", after);
	CHECK(call_i32(inst, "t_size", &r, 0) == W2C_OK && r == table_size,
	      "after %s: table size %u, expected %u", after, r, table_size);
	for (i = 0; i < table_size; i++) {
		st = call_i32(inst, "t_call", &r, 1, i);
		if (table[i] < 0)
			CHECK(st == W2C_TRAP_UNINITIALIZED_ELEMENT, "after %s: entry %u: %s", after, i,
			      check_status(st));
		else
			CHECK(st == W2C_OK && r == (uint32_t)table[i],
			      "after %s: entry %u: %s, %u, expected %d", after, i, check_status(st), r,
			      table[i]);
	}
}

static unsigned ops_done;

static void apply(const char *op, uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t want = 0, got = 0;
	w2c_status expect, st;
	int n = nargs_of(op);
	char what[96];

	expect = model(op, a, b, c, &want);
	st = n == 0 ? call_i32(inst, op, &got, 0) :
	     n == 1 ? call_i32(inst, op, &got, 1, a) :
	     n == 2 ? call_i32(inst, op, &got, 2, a, b) : call_i32(inst, op, &got, 3, a, b, c);
	snprintf(what, sizeof what, "%s(0x%x, 0x%x, 0x%x)", op, a, b, c);
	CHECK(st == expect, "%s: %s, expected %s", what, check_status(st), check_status(expect));
	if (st == W2C_OK && expect == W2C_OK)
		CHECK(got == want, "%s returned 0x%x, expected 0x%x", what, got, want);
	compare_state(what);
	ops_done++;
}

static void start(void)
{
	w2c_error err;

	inst = w2c_instantiate(&w2c_bulk_module, NULL, 0, &err);
	if (!inst) {
		printf("    %s\n", err.message);
		exit(1);
	}
}

static void test_edges(void)
{
	uint32_t S = PAGE;

	start();
	compare_state("instantiation");
	/* memory.fill */
	apply("fill", 0, 0xaa, 16);
	apply("fill", S - 1, 7, 1);
	apply("fill", S - 1, 8, 2);              /* one past: no byte written */
	apply("fill", S, 9, 0);                  /* empty at the end: fine */
	apply("fill", S + 1, 9, 0);              /* empty past the end: traps */
	apply("fill", 0xffffffff, 1, 2);         /* wraps in 32 bits */
	apply("fill", 1, 1, 0xffffffff);
	apply("fill", 0, 3, S);
	apply("fill", 0, 4, S + 1);
	/* memory.copy, overlapping both ways and at the edges */
	apply("init", 100, 0, 10);
	apply("copy", 103, 100, 10);
	apply("copy", 98, 103, 10);
	apply("copy", S, 0, 0);
	apply("copy", 0, S, 0);
	apply("copy", S + 1, 0, 0);
	apply("copy", 0, S + 1, 0);
	apply("copy", S - 4, 0, 4);
	apply("copy", S - 4, 0, 5);
	apply("copy", 0, S - 4, 5);
	apply("copy", 0xfffffff0, 0, 0x20);
	apply("copy", 0, 0xfffffff0, 0x20);
	/* memory.init */
	apply("init", S - 10, 0, 10);
	apply("init", S - 9, 0, 10);
	apply("init", S, 10, 0);
	apply("init", 0, 11, 0);
	apply("init", 0, 0, 11);
	apply("init", 0, 0xffffffff, 2);
	apply("data_drop", 0, 0, 0);
	apply("init", 0, 0, 0);
	apply("init", 0, 1, 0);
	apply("init", 0, 0, 1);
	apply("data_drop", 0, 0, 0);             /* dropping twice is fine */
	/* growing moves the edges */
	apply("grow", 1, 0, 0);
	apply("fill", S, 5, S);
	apply("fill", 2 * S - 1, 5, 2);
	apply("copy", S + 10, 10, 100);
	apply("grow", 1, 0, 0);                  /* past the maximum */
	apply("grow", 0xffffffff, 0, 0);
	/* tables */
	apply("t_init", 0, 0, 3);
	apply("t_init", 2, 0, 3);                /* one past the table */
	apply("t_init", 1, 1, 3);                /* one past the segment */
	apply("t_init", 4, 3, 0);
	apply("t_init", 5, 0, 0);
	apply("t_init", 0, 4, 0);
	apply("t_copy", 1, 0, 3);
	apply("t_copy", 0, 1, 3);
	apply("t_copy", 2, 0, 3);
	apply("t_copy", 4, 0, 0);
	apply("t_copy", 0, 5, 0);
	apply("t_fill_f2", 3, 1, 0);
	apply("t_fill_null", 3, 2, 0);
	apply("t_fill_f2", 4, 0, 0);
	apply("t_fill_f2", 5, 0, 0);
	apply("t_fill_f2", 0xffffffff, 2, 0);
	apply("t_set_f0", 3, 0, 0);
	apply("t_set_f0", 4, 0, 0);
	apply("t_set_null", 0, 0, 0);
	apply("t_get_is_null", 0, 0, 0);
	apply("t_get_is_null", 4, 0, 0);
	apply("t_call", 4, 0, 0);
	apply("t_call", 0xffffffff, 0, 0);
	apply("elem_drop", 0, 0, 0);
	apply("t_init", 0, 0, 0);
	apply("t_init", 0, 0, 1);
	apply("t_grow_f1", 0xffffffff, 0, 0);
	apply("t_grow_f1", 3, 0, 0);             /* past the maximum of 6 */
	apply("t_grow_f1", 2, 0, 0);
	apply("t_set_f0", 5, 0, 0);
	apply("t_set_f0", 6, 0, 0);
	apply("t_copy", 0, 3, 3);
	apply("t_grow_f1", 0, 0, 0);
	apply("t_grow_f1", 1, 0, 0);
	w2c_instance_free(inst);
}

/* An argument near an edge of a space of `size`. */
static uint32_t near(uint64_t size)
{
	switch (random32() % 9) {
	case 0: return 0;
	case 1: return 1;
	case 2: return (uint32_t)size;
	case 3: return (uint32_t)size - 1;
	case 4: return (uint32_t)size + 1;
	case 5: return 0xffffffffu - random32() % 4;
	case 6: return 0x80000000u;
	case 7: return (uint32_t)(random32() % (size + 2));
	default: return (uint32_t)(size / 2);
	}
}

static void test_random(void)
{
	static const char *const ops[] = {
		"fill", "copy", "init", "t_init", "t_copy", "t_fill_null", "t_fill_f2",
		"t_set_f0", "t_set_null", "t_get_is_null", "t_call", "t_grow_f1",
	};
	unsigned i;

	start();
	for (i = 0; i < 4000; i++) {
		const char *op = ops[random32() % (sizeof ops / sizeof ops[0])];
		bool on_table = op[0] == 't';
		uint64_t space = on_table ? table_size : mem_size;
		uint32_t a = near(space), b, c;

		if (!strcmp(op, "init") || !strcmp(op, "t_init"))
			b = near(on_table ? elem_len : seg_len);
		else if (!strcmp(op, "fill"))
			b = random32();
		else
			b = near(space);
		c = random32() % 4 ? (uint32_t)(random32() % 20) : near(space);
		if (!strcmp(op, "t_grow_f1"))
			a = random32() % 4;
		apply(op, a, b, c);
		if (i == 1000)
			apply("grow", 1, 0, 0);
		if (i == 2000) {
			apply("data_drop", 0, 0, 0);
			apply("elem_drop", 0, 0, 0);
		}
	}
	printf("    %u operations checked\n", ops_done);
	w2c_instance_free(inst);
}

static const struct check_test tests[] = {
	{ "edges", test_edges },
	{ "random", test_random },
};

CHECK_MAIN(tests)
