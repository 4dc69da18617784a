/*
 * oob.c: every load and store at every boundary, against the spec's rule.
 *
 * The modules (gen_oob.py) export each load and store op at ten static
 * offsets, named "OP@OFFSET".  For each, addresses are swept around the
 * places an access can go wrong: the end of memory minus the width and
 * offset, the end itself, and addresses whose sum with the offset passes
 * 2^32 (a translator adding in 32 bits would wrap back into memory).  An
 * access must trap exactly when address + offset + width > size, in
 * 64-bit arithmetic; a load must return the memory's bytes bit for bit
 * (NaN payloads too); a store must change exactly its bytes, and a
 * trapping store none at all.  Memory is compared in full against a
 * shadow copy after every store.
 *
 * Sweeps run at each size as the memory grows to its maximum, and once
 * more after a grow past the maximum is refused; and on a memory that
 * starts with no pages.  Last, a memory grown to the full 4 GiB, where
 * the end of memory is 2^32 itself.
 */
#include "check.h"
#include "oob.h"
#include "oob0.h"
#include "full.h"

#define PAGE 65536u

/* The shadow of the memory: what every byte should hold. */
static uint8_t *shadow;
static uint64_t shadow_size;
static unsigned calls;

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t next_random(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

struct op {
	char name[32];
	uint64_t offset;
	unsigned width;     /* bytes accessed */
	bool store;
	bool is_signed;     /* sign-extending load */
	w2c_valtype type;   /* the value's wasm type */
};

/* "i64.load16_s@65535" into its parts. */
static bool parse_op(const char *export_name, struct op *op)
{
	const char *at = strchr(export_name, '@');
	const char *dot = strchr(export_name, '.');
	const char *suffix;
	unsigned bits = 0;

	if (!at || !dot || (size_t)(at - export_name) >= sizeof op->name)
		return false;
	memset(op, 0, sizeof *op);
	memcpy(op->name, export_name, (size_t)(at - export_name));
	op->offset = strtoull(at + 1, NULL, 10);
	op->type = !strncmp(export_name, "i32", 3) ? W2C_I32 :
	           !strncmp(export_name, "i64", 3) ? W2C_I64 :
	           !strncmp(export_name, "f32", 3) ? W2C_F32 : W2C_F64;
	op->store = !strncmp(dot + 1, "store", 5);
	suffix = dot + 1 + (op->store ? 5 : 4);
	if (*suffix >= '0' && *suffix <= '9') {
		bits = (unsigned)strtoul(suffix, NULL, 10);
		op->is_signed = strstr(suffix, "_s") != NULL;
	} else {
		bits = op->type == W2C_I32 || op->type == W2C_F32 ? 32 : 64;
	}
	op->width = bits / 8;
	return true;
}

/* The value a load of `op` at effective address ea should return. */
static uint64_t expected_load(const struct op *op, uint64_t ea)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < op->width; i++)
		v |= (uint64_t)shadow[ea + i] << (8 * i);
	if (op->is_signed && op->width < 8 && (v >> (8 * op->width - 1) & 1))
		v |= ~(uint64_t)0 << (8 * op->width);
	if (op->type == W2C_I32 || op->type == W2C_F32)
		v &= 0xffffffffu;
	return v;
}

static uint64_t value_bits(const w2c_value *v)
{
	uint32_t b32;
	uint64_t b64;

	switch (v->type) {
	case W2C_I32:
		return v->of.i32;
	case W2C_I64:
		return v->of.i64;
	case W2C_F32:
		memcpy(&b32, &v->of.f32, 4);
		return b32;
	default:
		memcpy(&b64, &v->of.f64, 8);
		return b64;
	}
}

static w2c_value make_value(w2c_valtype type, uint64_t bits)
{
	w2c_value v;
	uint32_t b32 = (uint32_t)bits;

	memset(&v, 0, sizeof v);
	v.type = type;
	switch (type) {
	case W2C_I32:
		v.of.i32 = b32;
		break;
	case W2C_I64:
		v.of.i64 = bits;
		break;
	case W2C_F32:
		memcpy(&v.of.f32, &b32, 4);
		break;
	default:
		memcpy(&v.of.f64, &bits, 8);
		break;
	}
	return v;
}

/* One access at address a; checks its outcome and the memory after. */
static void access_at(w2c_instance *inst, const w2c_extern *fn, const struct op *op,
                      uint32_t a)
{
	w2c_memory *mem = w2c_get_memory(inst, "mem");
	uint64_t ea = (uint64_t)a + op->offset;
	bool traps = ea + op->width > mem->size;
	w2c_value args[2], result;
	w2c_status st;
	uint64_t bits = 0;
	unsigned i;

	args[0] = check_i32(a);
	if (op->store) {
		/* Now and then a signaling NaN, which must be stored as is. */
		bits = calls % 7 == 0 ? (op->type == W2C_F32 ? 0x7fa00001u : 0x7ff4000000000001u)
		                      : next_random();
		args[1] = make_value(op->type, bits);
	}
	calls++;
	st = w2c_call_extern(fn, args, op->store ? 2 : 1, &result, op->store ? 0 : 1);
	if (traps) {
		CHECK(st == W2C_TRAP_MEMORY_OOB,
		      "%s offset=%" PRIu64 " at 0x%x (size 0x%" PRIx64 "): %s, expected a trap",
		      op->name, op->offset, a, mem->size, check_status(st));
	} else if (st != W2C_OK) {
		CHECK(false, "%s offset=%" PRIu64 " at 0x%x (size 0x%" PRIx64 "): %s", op->name,
		      op->offset, a, mem->size, check_status(st));
	} else if (!op->store) {
		uint64_t want = expected_load(op, ea), got = value_bits(&result);
		CHECK(got == want, "%s offset=%" PRIu64 " at 0x%x: 0x%" PRIx64 ", expected 0x%" PRIx64,
		      op->name, op->offset, a, got, want);
	} else {
		for (i = 0; i < op->width; i++)
			shadow[ea + i] = (uint8_t)(bits >> (8 * i));
	}
	if (op->store)
		CHECK(!memcmp(mem->data, shadow, (size_t)mem->size),
		      "%s offset=%" PRIu64 " at 0x%x (%s): memory differs from what it should hold",
		      op->name, op->offset, a, traps ? "trapped" : "stored");
}

/* Every op, at every address near a boundary. */
static void sweep(w2c_instance *inst)
{
	const w2c_module *m = inst->module;
	w2c_memory *mem = w2c_get_memory(inst, "mem");
	uint64_t size = mem->size;
	uint32_t e;

	CHECK(size == shadow_size, "memory size 0x%" PRIx64 ", expected 0x%" PRIx64, size,
	      shadow_size);
	CHECK(!memcmp(mem->data, shadow, (size_t)size), "memory differs before the sweep");
	for (e = 0; e < m->nexports; e++) {
		const w2c_export_desc *d = &m->exports[e];
		struct op op;
		w2c_extern fn;
		int64_t bases[6];
		int k, delta;

		if (d->kind != W2C_EXTERN_FUNC || !parse_op(d->name, &op))
			continue;
		if (!w2c_get_export(inst, d->name, &fn))
			continue;
		/* Effective addresses around 0, the end, and 2^32 (where a
		 * 32-bit sum would wrap), minus the offset. */
		bases[0] = 0;
		bases[1] = (int64_t)size - op.width;
		bases[2] = (int64_t)size;
		bases[3] = (int64_t)1 << 32;
		bases[4] = ((int64_t)1 << 32) + (int64_t)size - op.width;
		bases[5] = (int64_t)1 << 31;
		for (k = 0; k < 6; k++)
			for (delta = -2; delta <= 2; delta++)
				access_at(inst, &fn, &op,
				          (uint32_t)(bases[k] - (int64_t)op.offset + delta));
		access_at(inst, &fn, &op, 0xffffffffu);
		access_at(inst, &fn, &op, (uint32_t)(next_random() % (size + 64)));
	}
}

static void grow_and_sweep(const w2c_module *m, uint32_t pages, uint32_t max_pages)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(m, NULL, 0, &err);
	w2c_memory *mem;
	uint32_t r = 0, p;

	if (!inst) {
		CHECK(false, "instantiate: %s", err.message);
		return;
	}
	mem = w2c_get_memory(inst, "mem");
	shadow = calloc(max_pages + 1, PAGE);
	if (!shadow)
		SKIP("out of memory");
	/* A pattern to load, so that a load from a wrong address shows. */
	for (p = 0; p < pages * PAGE; p++)
		mem->data[p] = shadow[p] = (uint8_t)(p * 131 + (p >> 8) * 7 + 1);
	shadow_size = (uint64_t)pages * PAGE;
	sweep(inst);
	for (p = pages; p < max_pages; p++) {
		CHECK(call_i32(inst, "grow", &r, 1, 1) == W2C_OK && r == p, "grow from %u: %u", p, r);
		shadow_size += PAGE;
		sweep(inst);
	}
	CHECK(call_i32(inst, "grow", &r, 1, 1) == W2C_OK && r == 0xffffffffu,
	      "grow past the maximum: %u", r);
	sweep(inst);
	printf("    %u accesses checked\n", calls);
	w2c_instance_free(inst);
	free(shadow);
}

static void test_memory_from_one_page(void)
{
	grow_and_sweep(&w2c_oob_module, 1, 3);
}

static void test_memory_from_zero_pages(void)
{
	grow_and_sweep(&w2c_oob0_module, 0, 2);
}

/* ------------------------------------------------------------ at 4 GiB */

#if !W2C_BOUNDS_CHECKS
static const w2c_allocator *lazy_allocator(void)
{
	return NULL; /* guarded memories reserve their space themselves */
}
#else
#include <sys/mman.h>

/* With explicit checks the memory comes from the allocator: this one
 * reserves the maximum once, untouched pages costing nothing, so that a
 * 4 GiB memory needs no 4 GiB of RAM.  Fresh anonymous pages are zero, as
 * the allocator contract asks. */
static size_t lazy_reserved; /* one memory at a time */

static void *lazy_resize(void *ctx, void *old, uint64_t old_size, uint64_t new_size,
                         uint64_t max_size)
{
	void *p;

	(void)ctx;
	(void)old_size;
	(void)new_size;
	if (old)
		return old;
	p = mmap(NULL, (size_t)max_size, PROT_READ | PROT_WRITE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	lazy_reserved = (size_t)max_size;
	return p;
}

static void lazy_release(void *ctx, void *block, uint64_t size)
{
	(void)ctx;
	(void)size;
	munmap(block, lazy_reserved);
}

static const w2c_allocator lazy = { lazy_resize, lazy_release, NULL };

static const w2c_allocator *lazy_allocator(void)
{
	return &lazy;
}
#endif

static void test_memory_at_4gib(void)
{
	const uint32_t end = 0xffffffffu; /* the last byte */
	w2c_instance *inst;
	w2c_error err;
	w2c_value args[3], res;
	uint32_t r = 0;

	w2c_set_allocator(lazy_allocator());
	inst = w2c_instantiate(&w2c_full_module, NULL, 0, &err);
	if (!inst)
		SKIP("instantiate: %s", err.message);
	if (call_i32(inst, "grow", &r, 1, 65536) != W2C_OK || r != 0)
		SKIP("no 4 GiB memory here (grow returned %d)", (int)r);
	CHECK(call_i32(inst, "size", &r, 0) == W2C_OK && r == 65536, "size %u", r);
	CHECK(w2c_get_memory(inst, "mem")->size == (uint64_t)1 << 32, "size in bytes");
	CHECK(call_i32(inst, "grow", &r, 1, 1) == W2C_OK && r == 0xffffffffu, "grow past 4 GiB");
	CHECK(call_i32(inst, "grow", &r, 1, 0) == W2C_OK && r == 65536, "grow 0");

	CHECK(call_i32(inst, "store8", NULL, 2, end, 7) == W2C_OK, "store8 at the last byte");
	CHECK(call_i32(inst, "load8_off1", &r, 1, end - 1) == W2C_OK && r == 7,
	      "load8 offset=1 of the last byte: %u", r);
	CHECK(call_i32(inst, "load8_off1", &r, 1, end) == W2C_TRAP_MEMORY_OOB,
	      "load8 offset=1 at 2^32-1 (2^32) must trap");
	CHECK(call_i32(inst, "load32", &r, 1, end - 3) == W2C_OK && r == 0x07000000u,
	      "load32 of the last word: %x", r);
	CHECK(call_i32(inst, "load32", &r, 1, end - 2) == W2C_TRAP_MEMORY_OOB,
	      "load32 straddling the end");
	CHECK(call_i32(inst, "store16", NULL, 2, end, 1) == W2C_TRAP_MEMORY_OOB,
	      "store16 straddling the end");
	CHECK(call_i32(inst, "load8_off1", &r, 1, end - 1) == W2C_OK && r == 7,
	      "the trapping store16 wrote nothing: %u", r);
	CHECK(call_i32(inst, "load32_off_max", &r, 1, 0) == W2C_TRAP_MEMORY_OOB,
	      "offset 2^32-1 plus 0");
	CHECK(call_i32(inst, "load32_off_max", &r, 1, end) == W2C_TRAP_MEMORY_OOB,
	      "offset 2^32-1 plus 2^32-1");
	args[0] = check_i32(end - 7);
	CHECK(w2c_call(inst, "load64", args, 1, &res, 1) == W2C_OK &&
	      res.of.i64 == (uint64_t)7 << 56, "load64 of the last 8 bytes");
	args[0] = check_i32(end - 6);
	CHECK(w2c_call(inst, "load64", args, 1, &res, 1) == W2C_TRAP_MEMORY_OOB,
	      "load64 straddling the end");

	CHECK(call_i32(inst, "fill", NULL, 3, end - 15, 1, 16) == W2C_OK, "fill to the end");
	CHECK(call_i32(inst, "fill", NULL, 3, end - 15, 2, 17) == W2C_TRAP_MEMORY_OOB,
	      "fill one past the end");
	CHECK(call_i32(inst, "fill", NULL, 3, end, 2, 2) == W2C_TRAP_MEMORY_OOB,
	      "fill of 2 at the last byte");
	CHECK(call_i32(inst, "copy", NULL, 3, 0, end - 15, 16) == W2C_OK, "copy from the end");
	CHECK(call_i32(inst, "load32", &r, 1, 12) == W2C_OK && r == 0x01010101u,
	      "copied bytes: %x", r);
	CHECK(call_i32(inst, "copy", NULL, 3, end - 14, 0, 16) == W2C_TRAP_MEMORY_OOB,
	      "copy to one past the end");
	CHECK(call_i32(inst, "copy", NULL, 3, 0, end - 14, 16) == W2C_TRAP_MEMORY_OOB,
	      "copy from one past the end");
	CHECK(call_i32(inst, "load8_off1", &r, 1, end - 1) == W2C_OK && r == 1,
	      "the last byte after the fills: %u", r);
	w2c_instance_free(inst);
	w2c_set_allocator(NULL);
}

static const struct check_test tests[] = {
	{ "memory_from_one_page", test_memory_from_one_page },
	{ "memory_from_zero_pages", test_memory_from_zero_pages },
	{ "memory_at_4gib", test_memory_at_4gib },
};

CHECK_MAIN(tests)
