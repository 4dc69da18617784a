/*
 * runtime_limits.c: the runtime when the host refuses memory.
 *
 * Built twice by c_test.py, with guard pages (W2C_BOUNDS_CHECKS=0) and
 * with explicit bounds checks (=1), against three translated modules:
 *
 *   rl    memory 1..65536 pages, a funcref table without a maximum, and
 *         exports to grow, size, load and store them
 *   big   memory of 16384 pages (1 GiB) at instantiation
 *   inst  memory of 16 pages, one function touching it
 *
 * The host refuses memory in two ways: an allocator that says no (what
 * an embedder with a fixed budget does), and RLIMIT_AS (ulimit -v)
 * lowered to a little above what the process uses.  Either way,
 * memory.grow and table.grow must return -1 leaving everything as it
 * was, and w2c_instantiate must return NULL with W2C_ERR_RESOURCE.  With
 * guard pages every memory reserves 8 GiB of address space, so the
 * address space runs out after a few thousand instances (16 TiB limit)
 * or about 16,000 (the whole 47-bit space): w2c_instantiate must fail
 * cleanly there too, and work again once instances are freed.
 *
 * RLIMIT_AS can't be used under AddressSanitizer, so those tests skip in
 * sanitizer builds.
 */
#include "check.h"

#include <sys/resource.h>

#include "rl.h"
#include "big.h"
#include "inst.h"

#define PAGE 65536u
#define FAIL32 0xffffffffu

static bool guarded(void)
{
	return w2c_rl_module.guarded;
}

/* The process's address space in use, from /proc/self/statm. */
static uint64_t vm_size(void)
{
	unsigned long pages = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f || fscanf(f, "%lu", &pages) != 1)
		SKIP("can't read /proc/self/statm");
	fclose(f);
	return (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* ulimit -v: at most `headroom` bytes more address space than now. */
static void limit_address_space(uint64_t headroom)
{
	struct rlimit r;

	if (CHECK_ASAN)
		SKIP("RLIMIT_AS and AddressSanitizer don't mix");
	if (getrlimit(RLIMIT_AS, &r) != 0)
		SKIP("getrlimit failed");
	r.rlim_cur = (rlim_t)(vm_size() + headroom);
	if (r.rlim_max != RLIM_INFINITY && r.rlim_cur > r.rlim_max)
		SKIP("the hard RLIMIT_AS is too low");
	if (setrlimit(RLIMIT_AS, &r) != 0)
		SKIP("setrlimit failed");
}

static w2c_instance *instantiate(const w2c_module *m)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(m, NULL, 0, &err);

	if (!inst) {
		printf("    instantiating %s: %s\n", m->name, err.message);
		exit(1);
	}
	return inst;
}

/* ------------------------------------------------ an allocator that says no */

static uint64_t budget;

static void *stingy_resize(void *ctx, void *old, uint64_t old_size, uint64_t new_size,
                           uint64_t max_size)
{
	uint8_t *p;

	(void)ctx;
	(void)max_size;
	if (new_size > budget)
		return NULL;
	p = realloc(old, (size_t)new_size);
	if (p && new_size > old_size)
		memset(p + old_size, 0, (size_t)(new_size - old_size));
	return p;
}

static void stingy_release(void *ctx, void *block, uint64_t size)
{
	(void)ctx;
	(void)size;
	free(block);
}

static const w2c_allocator stingy = { stingy_resize, stingy_release, NULL };

static void test_grow_refused_by_allocator(void)
{
	w2c_instance *inst;
	uint32_t r = 0;

	if (guarded())
		SKIP("guarded memories don't use the allocator");
	budget = 64 * PAGE;
	w2c_set_allocator(&stingy);
	inst = instantiate(&w2c_rl_module);
	CHECK(call_i32(inst, "store", NULL, 2, 100, 0xabcd) == W2C_OK, "store");
	CHECK(call_i32(inst, "grow", &r, 1, 63) == W2C_OK && r == 1, "grow to the budget: %u", r);
	CHECK(call_i32(inst, "grow", &r, 1, 1) == W2C_OK && r == FAIL32,
	      "grow past the budget returned %u, not -1", r);
	CHECK(call_i32(inst, "grow", &r, 1, 65535 - 64 + 1) == W2C_OK && r == FAIL32,
	      "grow past the maximum returned %u", r);
	CHECK(call_i32(inst, "size", &r, 0) == W2C_OK && r == 64, "size after refusals: %u", r);
	CHECK(call_i32(inst, "load", &r, 1, 100) == W2C_OK && r == 0xabcd, "data kept: %x", r);
	CHECK(call_i32(inst, "load", &r, 1, 64 * PAGE - 4) == W2C_OK && r == 0,
	      "last word of the memory");
	CHECK(call_i32(inst, "load", &r, 1, 64 * PAGE) == W2C_TRAP_MEMORY_OOB,
	      "the refused page is out of bounds");
	CHECK(call_i32(inst, "grow", &r, 1, 0) == W2C_OK && r == 64, "grow 0: %u", r);
	budget = 128 * PAGE;
	CHECK(call_i32(inst, "grow", &r, 1, 1) == W2C_OK && r == 64,
	      "grow once the budget allows: %u", r);
	CHECK(call_i32(inst, "load", &r, 1, 100) == W2C_OK && r == 0xabcd, "data moved along");
	w2c_instance_free(inst);
	w2c_set_allocator(NULL);
}

static void test_initial_memory_refused_by_allocator(void)
{
	w2c_error err;

	if (guarded())
		SKIP("guarded memories don't use the allocator");
	budget = 1024 * PAGE;
	w2c_set_allocator(&stingy);
	CHECK(w2c_instantiate(&w2c_big_module, NULL, 0, &err) == NULL, "instantiated");
	CHECK(err.status == W2C_ERR_RESOURCE, "status %s", check_status(err.status));
	w2c_set_allocator(NULL);
}

/* ------------------------------------------------------------ RLIMIT_AS */

static void test_grow_under_rlimit(void)
{
	w2c_instance *inst = instantiate(&w2c_rl_module);
	uint32_t r = 0, size = 0;

	CHECK(call_i32(inst, "store", NULL, 2, 8, 42) == W2C_OK, "store");
	limit_address_space(256u << 20);
	CHECK(call_i32(inst, "grow", &r, 1, 16384) == W2C_OK, "grow 1 GiB trapped");
	CHECK(call_i32(inst, "size", &size, 0) == W2C_OK, "size");
	if (!guarded()) {
		CHECK(r == FAIL32, "grow by 1 GiB under a 256 MiB limit returned %u", r);
	} else if (r != FAIL32) {
		/* Guarded memories grow inside their reservation: no new
		 * address space is needed, so the limit can't refuse. */
		CHECK(r == 1 && size == 16385, "grow returned %u, size %u", r, size);
		CHECK(call_i32(inst, "store", NULL, 2, size * PAGE - 4, 7) == W2C_OK,
		      "store at the new end");
	}
	if (r == FAIL32)
		CHECK(size == 1, "size after a refused grow: %u", size);
	CHECK(call_i32(inst, "load", &r, 1, 8) == W2C_OK && r == 42, "data kept");
	CHECK(call_i32(inst, "grow", &r, 1, 16) == W2C_OK && r == size,
	      "a small grow still works: %u", r);
	w2c_instance_free(inst);
}

static void test_table_grow_under_rlimit(void)
{
	w2c_instance *inst = instantiate(&w2c_rl_module);
	uint32_t r = 0;

	CHECK(call_i32(inst, "table_grow", &r, 1, FAIL32) == W2C_OK && r == FAIL32,
	      "table.grow by 2^32-1 returned %u", r);
	limit_address_space(64u << 20);
	/* 9 million funcrefs need over 200 MB. */
	CHECK(call_i32(inst, "table_grow", &r, 1, 9000000) == W2C_OK && r == FAIL32,
	      "table.grow by 9M under a 64 MiB limit returned %u", r);
	CHECK(call_i32(inst, "table_size", &r, 0) == W2C_OK && r == 1, "size %u", r);
	CHECK(call_i32(inst, "table_grow", &r, 1, 10) == W2C_OK && r == 1,
	      "a small table.grow still works: %u", r);
	CHECK(call_i32(inst, "table_get_is_null", &r, 1, 10) == W2C_OK && r == 1,
	      "new element is null");
	CHECK(call_i32(inst, "table_get_is_null", &r, 1, 11) == W2C_TRAP_TABLE_OOB,
	      "past the end traps");
	w2c_instance_free(inst);
}

static void test_initial_memory_under_rlimit(void)
{
	w2c_error err;

	limit_address_space(256u << 20);
	CHECK(w2c_instantiate(&w2c_big_module, NULL, 0, &err) == NULL,
	      "a 1 GiB memory instantiated under a 256 MiB limit");
	CHECK(err.status == W2C_ERR_RESOURCE, "status %s: %s", check_status(err.status),
	      err.message);
}

/*
 * Instantiates until it fails; the failure must be W2C_ERR_RESOURCE.
 * Checks that the instances made work, that freeing some lets another be
 * made, and returns how many there were.
 */
static size_t instantiate_until_refused(size_t cap)
{
	w2c_instance **all = calloc(cap, sizeof *all);
	w2c_error err;
	size_t n = 0, i;
	uint32_t r = 0;

	if (!all)
		SKIP("no memory for the list");
	err.status = W2C_OK;
	while (n < cap) {
		all[n] = w2c_instantiate(&w2c_inst_module, NULL, 0, &err);
		if (!all[n])
			break;
		n++;
	}
	CHECK(n < cap, "still instantiating after %zu instances", n);
	CHECK(err.status == W2C_ERR_RESOURCE, "the failure was %s: %s", check_status(err.status),
	      err.message);
	if (n) {
		CHECK(call_i32(all[0], "touch", &r, 1, 1000) == W2C_OK && r == 1000, "first works");
		CHECK(call_i32(all[n - 1], "touch", &r, 1, 16 * PAGE - 4) == W2C_OK,
		      "last works");
		CHECK(call_i32(all[n - 1], "touch", &r, 1, 16 * PAGE) == W2C_TRAP_MEMORY_OOB,
		      "last one's bounds");
	}
	for (i = 0; i < n / 2; i++)
		w2c_instance_free(all[i]);
	all[0] = w2c_instantiate(&w2c_inst_module, NULL, 0, &err);
	CHECK(all[0] != NULL, "no instance after freeing half: %s", err.message);
	if (all[0])
		CHECK(call_i32(all[0], "touch", &r, 1, 8) == W2C_OK && r == 8, "new one works");
	w2c_instance_free(all[0]);
	for (i = n / 2; i < n; i++)
		w2c_instance_free(all[i]);
	free(all);
	return n;
}

static void test_instances_under_rlimit(void)
{
	size_t n;

	if (guarded()) {
		/* 16 TiB: room for about 2,000 reservations of 8 GiB. */
		limit_address_space((uint64_t)16 << 40);
		n = instantiate_until_refused(100000);
		CHECK(n >= 1000, "only %zu guarded instances in 16 TiB", n);
	} else {
		/* 256 MiB: about 250 memories of 1 MiB. */
		limit_address_space(256u << 20);
		n = instantiate_until_refused(100000);
		CHECK(n >= 100, "only %zu instances in 256 MiB", n);
	}
	printf("    %zu instances before the limit\n", n);
}

static void test_instances_exhaust_address_space(void)
{
	size_t n;

	if (!guarded())
		SKIP("only guarded memories can use up the address space");
	if (CHECK_ASAN)
		SKIP("AddressSanitizer needs the address space for itself");
	n = instantiate_until_refused(1000000);
	CHECK(n >= 1000, "only %zu guarded instances", n);
	printf("    %zu instances before the address space ran out\n", n);
}

static const struct check_test tests[] = {
	{ "grow_refused_by_allocator", test_grow_refused_by_allocator },
	{ "initial_memory_refused_by_allocator", test_initial_memory_refused_by_allocator },
	{ "grow_under_rlimit", test_grow_under_rlimit },
	{ "table_grow_under_rlimit", test_table_grow_under_rlimit },
	{ "initial_memory_under_rlimit", test_initial_memory_under_rlimit },
	{ "instances_under_rlimit", test_instances_under_rlimit },
	{ "instances_exhaust_address_space", test_instances_exhaust_address_space },
};

CHECK_MAIN(tests)
