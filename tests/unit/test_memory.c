/*
 * test_memory.c: linear memories (rt/memory.c).
 *
 * The same grow sequence runs on an unguarded and, where the platform has
 * them, a guarded memory; an allocator over a static buffer checks the
 * embedder's hook, including a refusal to grow.
 */
#include <stdint.h>
#include <string.h>

#include "rt_internal.h"
#include "unit.h"

#define PAGE 65536u

/* Whether bytes [from, to) of m are all zero. */
static bool zeroed(const w2c_memory *m, uint64_t from, uint64_t to)
{
	uint64_t i;

	for (i = from; i < to; i++)
		if (m->data[i])
			return false;
	return true;
}

/* 1 page, at most 3: grows by 0, 1, past the maximum, to it. */
static void grow_sequence(bool guarded)
{
	w2c_memory m;
	uint8_t *first;

	ck_assert_int_eq(w2c_memory_init(&m, 1, 3, true, guarded), W2C_OK);
	ck_assert_ptr_nonnull(m.data);
	ck_assert_uint_eq(m.pages, 1);
	ck_assert_uint_eq(m.size, PAGE);
	ck_assert_uint_eq(m.max_pages, 3);
	ck_assert(m.has_max);
	ck_assert(m.guarded == guarded);
	ck_assert(zeroed(&m, 0, PAGE));
	m.data[0] = 0x11;
	m.data[PAGE - 1] = 0x22;
	first = m.data;

	ck_assert_uint_eq(w2c_memory_grow(&m, 0), 1);
	ck_assert_uint_eq(m.pages, 1);
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), 1);
	ck_assert_uint_eq(m.pages, 2);
	ck_assert_uint_eq(m.size, 2 * PAGE);
	ck_assert_uint_eq(m.data[0], 0x11);
	ck_assert_uint_eq(m.data[PAGE - 1], 0x22);
	ck_assert(zeroed(&m, PAGE, 2 * PAGE));
	if (guarded)
		ck_assert_ptr_eq(m.data, first);

	/* 2 + 2 > 3: refused, nothing changes */
	ck_assert_uint_eq(w2c_memory_grow(&m, 2), UINT32_MAX);
	ck_assert_uint_eq(m.pages, 2);
	ck_assert_uint_eq(m.size, 2 * PAGE);
	ck_assert_uint_eq(w2c_memory_grow(&m, UINT64_MAX), UINT32_MAX);
	ck_assert_uint_eq(m.pages, 2);

	ck_assert_uint_eq(w2c_memory_grow(&m, 1), 2);
	ck_assert_uint_eq(m.pages, 3);
	ck_assert(zeroed(&m, 2 * PAGE, 3 * PAGE));
	ck_assert_uint_eq(m.data[0], 0x11);
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), UINT32_MAX);
	ck_assert_uint_eq(w2c_memory_grow(&m, 0), 3);
	ck_assert_uint_eq(m.pages, 3);
	w2c_memory_free(&m);
	ck_assert_ptr_null(m.data);
}

START_TEST(test_unguarded_grow)
{
	grow_sequence(false);
}
END_TEST

START_TEST(test_guarded_grow)
{
	if (!w2c_guard_pages_supported())
		return;
	grow_sequence(true);
}
END_TEST

START_TEST(test_guarded_reserve)
{
	w2c_memory m;

	if (!w2c_guard_pages_supported())
		return;
	ck_assert_int_eq(w2c_memory_init(&m, 0, 0, false, true), W2C_OK);
	ck_assert_uint_eq(m.size, 0);
	ck_assert_uint_ge(m.reserved, (uint64_t)8 << 30);
	ck_assert(rt_is_guarded_address((uintptr_t)m.data));
	ck_assert(rt_is_guarded_address((uintptr_t)m.data + ((uint64_t)8 << 30)));
	ck_assert_uint_eq(w2c_memory_grow(&m, 2), 0);
	ck_assert(zeroed(&m, 0, 2 * PAGE));
	w2c_memory_free(&m);
}
END_TEST

static void touch_past_end(void *arg)
{
	w2c_memory *m = arg;
	volatile uint8_t *p = m->data + m->size;

	*p = 1;
}

/* An access past a guarded memory's end faults into a trap. */
START_TEST(test_guarded_fault_traps)
{
	w2c_memory m;

	if (!w2c_guard_pages_supported())
		return;
	ck_assert_int_eq(w2c_memory_init(&m, 1, 0, false, true), W2C_OK);
	ck_assert_int_eq(w2c_protect(touch_past_end, &m), W2C_TRAP_MEMORY_OOB);
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), 1);
	ck_assert_int_eq(w2c_protect(touch_past_end, &m), W2C_TRAP_MEMORY_OOB);
	w2c_memory_free(&m);
}
END_TEST

START_TEST(test_zero_pages)
{
	w2c_memory m;

	ck_assert_int_eq(w2c_memory_init(&m, 0, 2, true, false), W2C_OK);
	ck_assert_ptr_nonnull(m.data);
	ck_assert_uint_eq(m.size, 0);
	ck_assert_uint_eq(w2c_memory_grow(&m, 0), 0);
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), 0);
	ck_assert_uint_eq(m.size, PAGE);
	ck_assert(zeroed(&m, 0, PAGE));
	w2c_memory_free(&m);
}
END_TEST

START_TEST(test_limits)
{
	w2c_memory m;

	/* more pages than the maximum */
	ck_assert_int_eq(w2c_memory_init(&m, 3, 2, true, false), W2C_ERR_RESOURCE);
	ck_assert_int_eq(w2c_memory_init(&m, 65537, 0, false, false), W2C_ERR_RESOURCE);
	/* no maximum: 65536 pages, 4GiB */
	ck_assert_int_eq(w2c_memory_init(&m, 1, 0, false, false), W2C_OK);
	ck_assert(!m.has_max);
	ck_assert_uint_eq(m.max_pages, 65536);
	ck_assert_uint_eq(w2c_memory_grow(&m, 65536), UINT32_MAX);
	ck_assert_uint_eq(m.pages, 1);
	w2c_memory_free(&m);
	/* a maximum over 4GiB means 4GiB */
	ck_assert_int_eq(w2c_memory_init(&m, 0, 100000, true, false), W2C_OK);
	ck_assert_uint_eq(m.max_pages, 65536);
	w2c_memory_free(&m);
}
END_TEST

/* ------------------------------------------------------------ allocator */

#define ARENA_PAGES 4

static _Alignas(16) uint8_t arena[ARENA_PAGES * PAGE];
static int resizes, releases;
static uint64_t last_max;

/* Serves one memory from `arena`, refusing anything bigger. */
static void *arena_resize(void *ctx, void *old, uint64_t old_size, uint64_t new_size,
                          uint64_t max_size)
{
	ck_assert_ptr_eq(ctx, arena);
	ck_assert(old == NULL || old == arena);
	resizes++;
	last_max = max_size;
	if (new_size > sizeof arena)
		return NULL;
	if (!old)
		old_size = 0;
	if (new_size > old_size)
		memset(arena + old_size, 0, (size_t)(new_size - old_size));
	return arena;
}

static void arena_release(void *ctx, void *block, uint64_t size)
{
	ck_assert_ptr_eq(ctx, arena);
	ck_assert_ptr_eq(block, arena);
	ck_assert_uint_le(size, sizeof arena);
	releases++;
}

static const w2c_allocator arena_allocator = { arena_resize, arena_release, arena };

static void allocator_setup(void)
{
	memset(arena, 0xee, sizeof arena);
	resizes = releases = 0;
	w2c_set_allocator(&arena_allocator);
}

static void allocator_teardown(void)
{
	w2c_set_allocator(NULL);
}

START_TEST(test_allocator_grow)
{
	w2c_memory m;

	ck_assert_int_eq(w2c_memory_init(&m, 2, 0, false, false), W2C_OK);
	ck_assert_ptr_eq(m.data, arena);
	ck_assert_ptr_eq(m.allocator, &arena_allocator);
	ck_assert_uint_eq(last_max, (uint64_t)65536 * PAGE);
	ck_assert(zeroed(&m, 0, 2 * PAGE));
	m.data[5] = 5;
	ck_assert_uint_eq(w2c_memory_grow(&m, 2), 2);
	ck_assert_uint_eq(m.pages, ARENA_PAGES);
	ck_assert(zeroed(&m, 2 * PAGE, 4 * PAGE));
	ck_assert_uint_eq(m.data[5], 5);

	/* the allocator refuses: the memory stays as it was */
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), UINT32_MAX);
	ck_assert_uint_eq(m.pages, ARENA_PAGES);
	ck_assert_uint_eq(m.size, ARENA_PAGES * PAGE);
	ck_assert_ptr_eq(m.data, arena);
	ck_assert_uint_eq(m.data[5], 5);
	ck_assert_int_eq(resizes, 3);

	w2c_memory_free(&m);
	ck_assert_int_eq(releases, 1);
}
END_TEST

START_TEST(test_allocator_refuses_init)
{
	w2c_memory m;

	ck_assert_int_eq(w2c_memory_init(&m, ARENA_PAGES + 1, 0, false, false),
	                 W2C_ERR_RESOURCE);
	ck_assert_int_eq(resizes, 1);
	ck_assert_int_eq(w2c_memory_init(&m, 1, 3, true, false), W2C_OK);
	ck_assert_uint_eq(last_max, 3 * PAGE);
	w2c_memory_free(&m);
	ck_assert_int_eq(releases, 1);
}
END_TEST

/* A memory keeps the allocator it was made with. */
START_TEST(test_allocator_is_per_memory)
{
	w2c_memory a, b;

	ck_assert_int_eq(w2c_memory_init(&a, 0, 0, false, false), W2C_OK);
	w2c_set_allocator(NULL);
	ck_assert_int_eq(w2c_memory_init(&b, 1, 0, false, false), W2C_OK);
	ck_assert_ptr_ne(b.data, arena);
	ck_assert_int_eq(resizes, 0);
	ck_assert_uint_eq(w2c_memory_grow(&a, 1), 0);
	ck_assert_ptr_eq(a.data, arena);
	ck_assert_int_eq(resizes, 1);
	w2c_memory_free(&b);
	ck_assert_int_eq(releases, 0);
	w2c_memory_free(&a);
	ck_assert_int_eq(releases, 1);
}
END_TEST

/* A guarded memory doesn't use the allocator. */
START_TEST(test_allocator_not_for_guarded)
{
	w2c_memory m;

	if (!w2c_guard_pages_supported())
		return;
	ck_assert_int_eq(w2c_memory_init(&m, 1, 0, false, true), W2C_OK);
	ck_assert_ptr_ne(m.data, arena);
	ck_assert_uint_eq(w2c_memory_grow(&m, 8), 1);
	w2c_memory_free(&m);
	ck_assert_int_eq(resizes, 0);
	ck_assert_int_eq(releases, 0);
}
END_TEST

/* 64-bit memories and memories of 1-byte pages, both ways. */
static void typed_memories(bool guarded)
{
	w2c_limits t64 = { 1, 0, W2C_LIMITS_64 };
	w2c_limits t64max = { 0, 2, W2C_LIMITS_64 | W2C_LIMITS_MAX };
	w2c_limits small = { 3, 5, W2C_LIMITS_PAGE1 | W2C_LIMITS_MAX };
	w2c_limits small_nomax = { 0, 0, W2C_LIMITS_PAGE1 };
	w2c_memory m;

	ck_assert_int_eq(w2c_memory_init_type(&m, &t64, guarded), W2C_OK);
	ck_assert(m.is64);
	ck_assert_uint_eq(m.page_size, PAGE);
	ck_assert_uint_eq(m.max_pages, W2C_MEMORY64_RESERVE / PAGE);
	ck_assert_uint_eq(w2c_memory_grow64(&m, 1), 1);
	ck_assert_uint_eq(m.size, 2 * PAGE);
	ck_assert(zeroed(&m, 0, 2 * PAGE));
	ck_assert_uint_eq(w2c_memory_grow64(&m, UINT64_MAX), UINT64_MAX);
	ck_assert_uint_eq(w2c_memory_grow64(&m, W2C_MEMORY64_RESERVE / PAGE - 1), UINT64_MAX);
	w2c_memory_free(&m);

	ck_assert_int_eq(w2c_memory_init_type(&m, &t64max, guarded), W2C_OK);
	ck_assert_uint_eq(w2c_memory_grow64(&m, 3), UINT64_MAX);
	ck_assert_uint_eq(w2c_memory_grow64(&m, 2), 0);
	ck_assert_uint_eq(w2c_memory_grow(&m, 0), 2);
	w2c_memory_free(&m);

	ck_assert_int_eq(w2c_memory_init_type(&m, &small, guarded), W2C_OK);
	ck_assert(!m.is64);
	ck_assert_uint_eq(m.page_size, 1);
	ck_assert_uint_eq(m.size, 3);
	m.data[2] = 7;
	ck_assert_uint_eq(w2c_memory_grow(&m, 3), UINT32_MAX);
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), 3);
	ck_assert_uint_eq(m.size, 4);
	ck_assert_uint_eq(m.data[2], 7);
	ck_assert_uint_eq(m.data[3], 0);
	w2c_memory_free(&m);

	/* 1-byte pages of an i32 memory: at most 2^32 - 1 */
	ck_assert_int_eq(w2c_memory_init_type(&m, &small_nomax, guarded), W2C_OK);
	ck_assert_uint_eq(m.max_pages, UINT32_MAX);
	ck_assert_uint_eq(w2c_memory_grow(&m, 65537), 0);
	ck_assert_uint_eq(m.size, 65537);
	ck_assert(zeroed(&m, 0, 65537));
	w2c_memory_free(&m);
}

START_TEST(test_typed_unguarded)
{
	typed_memories(false);
}
END_TEST

START_TEST(test_typed_guarded)
{
	if (!w2c_guard_pages_supported())
		return;
	typed_memories(true);
}
END_TEST

/*
 * A memory whose growth w2c --max-memory capped: it grows to the cap and
 * no further, while its type (type_max, what linking sees) stays as
 * declared; a small one reserves the cap only.
 */
static void capped_memories(bool guarded)
{
	w2c_limits nomax = { 1, 0, 0 };
	w2c_limits max = { 1, 100, W2C_LIMITS_MAX };
	w2c_limits small = { 1, 0, W2C_LIMITS_RESERVE_MAX };
	w2c_memory m;

	w2c_rt_memory_alloc_capped(&m, &nomax, 4, guarded);
	ck_assert(!m.has_max);
	ck_assert_uint_eq(m.max_pages, 4);
	ck_assert_uint_eq(w2c_memory_grow(&m, 4), UINT32_MAX);
	ck_assert_uint_eq(w2c_memory_grow(&m, 3), 1);
	ck_assert_uint_eq(m.size, 4 * PAGE);
	ck_assert(zeroed(&m, 0, 4 * PAGE));
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), UINT32_MAX);
	w2c_memory_free(&m);

	w2c_rt_memory_alloc_capped(&m, &max, 2, guarded);
	ck_assert(m.has_max);
	ck_assert_uint_eq(m.type_max, 100);
	ck_assert_uint_eq(m.max_pages, 2);
	ck_assert_uint_eq(w2c_memory_grow(&m, 2), UINT32_MAX);
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), 1);
	w2c_memory_free(&m);

	w2c_rt_memory_alloc_capped(&m, &small, 16, guarded);
	ck_assert_uint_eq(m.max_pages, 16);
	if (guarded)
		ck_assert_uint_eq(m.reserved, 16 * PAGE);
	ck_assert_uint_eq(w2c_memory_grow(&m, 15), 1);
	m.data[16 * PAGE - 1] = 1;
	ck_assert_uint_eq(w2c_memory_grow(&m, 1), UINT32_MAX);
	w2c_memory_free(&m);
}

START_TEST(test_capped_unguarded)
{
	capped_memories(false);
}
END_TEST

START_TEST(test_capped_guarded)
{
	if (!w2c_guard_pages_supported())
		return;
	capped_memories(true);
}
END_TEST

Suite *memory_suite(void)
{
	Suite *s = suite_create("memory");
	TCase *tc = tcase_create("memory");

	tcase_add_test(tc, test_unguarded_grow);
	tcase_add_test(tc, test_guarded_grow);
	tcase_add_test(tc, test_guarded_reserve);
	tcase_add_test(tc, test_guarded_fault_traps);
	tcase_add_test(tc, test_zero_pages);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_typed_unguarded);
	tcase_add_test(tc, test_typed_guarded);
	tcase_add_test(tc, test_capped_unguarded);
	tcase_add_test(tc, test_capped_guarded);
	suite_add_tcase(s, tc);

	tc = tcase_create("allocator");
	tcase_add_checked_fixture(tc, allocator_setup, allocator_teardown);
	tcase_add_test(tc, test_allocator_grow);
	tcase_add_test(tc, test_allocator_refuses_init);
	tcase_add_test(tc, test_allocator_is_per_memory);
	tcase_add_test(tc, test_allocator_not_for_guarded);
	suite_add_tcase(s, tc);
	return s;
}
