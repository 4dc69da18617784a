/*
 * indirect.c: call_indirect across modules, with wrong types, null and
 * missing entries.
 *
 * lib.wat exports a table of functions of several signatures; user.wat
 * imports it, writes a host function and one of its own functions into
 * it, and calls through it with type declarations of its own.  Types
 * match by structure across modules (also the 20- and 21-parameter ones,
 * whose ids are registered at run time); a mismatch, a null entry and an
 * index past the end each trap as the spec says; a trap inside the callee
 * (another module, or the host) comes back to the caller as that trap;
 * and an entry written by a second instance of user calls that instance.
 */
#include "check.h"
#include "lib.h"
#include "user.h"

static uint32_t add1(void *ctx, uint32_t x)
{
	(void)ctx;
	return x + 1;
}

static void fail(void *ctx)
{
	(void)ctx;
	w2c_trap_host("host says no");
}

static w2c_instance *lib;

static w2c_instance *new_user(w2c_global *k)
{
	w2c_import imports[] = {
		W2C_IMPORT_INSTANCE("lib", lib),
		W2C_IMPORT_FUNC("host", "add1", "i32 -> i32", add1, NULL),
		W2C_IMPORT_FUNC("host", "fail", "->", fail, NULL),
		W2C_IMPORT_GLOBAL("host", "k", k),
	};
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_user_module, imports, 4, &err);

	if (!inst) {
		printf("    instantiate user: %s\n", err.message);
		exit(1);
	}
	return inst;
}

static void start(void)
{
	w2c_error err;

	lib = w2c_instantiate(&w2c_lib_module, NULL, 0, &err);
	if (!lib) {
		printf("    instantiate lib: %s\n", err.message);
		exit(1);
	}
}

/* call_i2i(index, x): the status, and the result in *r. */
static w2c_status i2i(w2c_instance *inst, const char *name, uint32_t index, uint32_t x,
                      uint32_t *r)
{
	*r = 0;
	return call_i32(inst, name, r, 2, index, x);
}

#define EXPECT_I2I(inst, name, index, x, want)                                   \
	do {                                                                   \
		uint32_t r_;                                                   \
		w2c_status st_ = i2i(inst, name, index, x, &r_);               \
		CHECK(st_ == W2C_OK && r_ == (want), "%s(%u, %u): %s, %u, expected %u", \
		      name, (unsigned)(index), (unsigned)(x), check_status(st_), r_,  \
		      (unsigned)(want));                                       \
	} while (0)

#define EXPECT_TRAP(call, want)                                                 \
	do {                                                                   \
		w2c_status st_ = (call);                                       \
		CHECK(st_ == (want), "%s: %s, expected %s", #call, check_status(st_), \
		      check_status(want));                                     \
	} while (0)

static void test_through_lib_table(void)
{
	w2c_global k = { W2C_I32, false, { .i32 = 1000 } };
	w2c_instance *user;
	w2c_value arg = check_i32(4), res;
	uint32_t r;

	start();
	user = new_user(&k);
	EXPECT_I2I(user, "call_i2i", 0, 21, 42);
	EXPECT_I2I(user, "call_i2i", 3, 0, 0);                /* lib's memory */
	EXPECT_TRAP(i2i(user, "call_i2i", 3, 65533, &r), W2C_TRAP_MEMORY_OOB);
	EXPECT_TRAP(i2i(user, "call_i2i", 1, 0, &r), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(i2i(user, "call_i2i", 2, 0, &r), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(i2i(user, "call_i2i", 4, 0, &r), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(i2i(user, "call_i2i", 8, 0, &r), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_I2I(user, "call_i2i", 5, 41, 42);              /* the host's add1 */
	EXPECT_I2I(user, "call_i2i", 6, 1, 1001);             /* user's plus_k */
	EXPECT_TRAP(i2i(user, "call_i2i", 7, 0, &r), W2C_TRAP_UNINITIALIZED_ELEMENT);
	EXPECT_TRAP(i2i(user, "call_i2i", 10, 0, &r), W2C_TRAP_UNDEFINED_ELEMENT);
	EXPECT_TRAP(i2i(user, "call_i2i", 0xffffffff, 0, &r), W2C_TRAP_UNDEFINED_ELEMENT);

	EXPECT_TRAP(call_i32(user, "call_v2v", NULL, 1, 1), W2C_OK);
	EXPECT_TRAP(call_i32(user, "call_v2v", NULL, 1, 2), W2C_TRAP_UNREACHABLE);
	EXPECT_TRAP(call_i32(user, "call_v2v", NULL, 1, 0), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(call_i32(user, "call_v2v", NULL, 1, 7), W2C_TRAP_UNINITIALIZED_ELEMENT);

	CHECK(w2c_call(user, "call_l2l", &arg, 1, &res, 1) == W2C_OK && res.of.i64 == 5,
	      "call_l2l(4)");
	arg.of.i32 = 0;
	EXPECT_TRAP(w2c_call(user, "call_l2l", &arg, 1, &res, 1), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(w2c_call(user, "call_f2f", &arg, 1, &res, 1), W2C_TRAP_INDIRECT_CALL_TYPE);
	arg.of.i32 = 7;
	EXPECT_TRAP(w2c_call(user, "call_f2f", &arg, 1, &res, 1),
	            W2C_TRAP_UNINITIALIZED_ELEMENT);

	/* 20 parameters: an id registered at run time, equal across modules. */
	CHECK(call_i32(user, "call_w20", &r, 1, 8) == W2C_OK && r == 42, "call_w20(8): %u", r);
	EXPECT_TRAP(call_i32(user, "call_w20", &r, 1, 9), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(call_i32(user, "call_w20", &r, 1, 0), W2C_TRAP_INDIRECT_CALL_TYPE);

	/* lib calling through its own table into user and the host */
	EXPECT_I2I(lib, "lib_call", 5, 1, 2);
	EXPECT_I2I(lib, "lib_call", 6, 1, 1001);
	EXPECT_TRAP(i2i(lib, "lib_call", 8, 1, &r), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(i2i(lib, "lib_call", 7, 1, &r), W2C_TRAP_UNINITIALIZED_ELEMENT);

	/* a null written from user */
	EXPECT_TRAP(call_i32(user, "set_null", NULL, 1, 0), W2C_OK);
	EXPECT_TRAP(i2i(user, "call_i2i", 0, 1, &r), W2C_TRAP_UNINITIALIZED_ELEMENT);
	EXPECT_TRAP(i2i(lib, "lib_call", 0, 1, &r), W2C_TRAP_UNINITIALIZED_ELEMENT);
	EXPECT_TRAP(call_i32(user, "set_null", NULL, 1, 10), W2C_TRAP_TABLE_OOB);

	w2c_instance_free(user);
	w2c_instance_free(lib);
}

static void test_second_instance(void)
{
	w2c_global k1 = { W2C_I32, false, { .i32 = 1000 } };
	w2c_global k2 = { W2C_I32, false, { .i32 = 2000 } };
	w2c_instance *user1, *user2;

	start();
	user1 = new_user(&k1);
	EXPECT_I2I(lib, "lib_call", 6, 1, 1001);
	/* user2's segment overwrites entries 5 and 6 with its own */
	user2 = new_user(&k2);
	EXPECT_I2I(lib, "lib_call", 6, 1, 2001);
	EXPECT_I2I(user1, "call_i2i", 6, 1, 2001);
	EXPECT_I2I(user2, "call_i2i", 6, 1, 2001);
	EXPECT_I2I(user1, "call_i2i", 0, 1, 2);
	w2c_instance_free(user2);
	w2c_instance_free(user1);
	w2c_instance_free(lib);
}

static void test_own_table(void)
{
	w2c_global k = { W2C_I32, false, { .i32 = 1000 } };
	w2c_instance *user;
	uint32_t r;

	start();
	user = new_user(&k);
	EXPECT_I2I(user, "own_i2i", 0, 4, 8);      /* lib's double, imported */
	EXPECT_I2I(user, "own_i2i", 1, 4, 5);      /* the host's add1 */
	EXPECT_TRAP(i2i(user, "own_i2i", 2, 0, &r), W2C_TRAP_INDIRECT_CALL_TYPE);
	EXPECT_TRAP(call_i32(user, "own_v2v", NULL, 1, 2), W2C_TRAP_HOST);
	CHECK(!strcmp(w2c_trap_host_message(), "host says no"), "host message: %s",
	      w2c_trap_host_message());
	EXPECT_TRAP(i2i(user, "own_i2i", 3, 0, &r), W2C_TRAP_UNINITIALIZED_ELEMENT);
	EXPECT_TRAP(i2i(user, "own_i2i", 4, 0, &r), W2C_TRAP_UNDEFINED_ELEMENT);
	/* copy lib's entry 3 (load) into ours, then call it */
	EXPECT_TRAP(call_i32(user, "copy_in", NULL, 3, 3, 3, 1), W2C_OK);
	EXPECT_I2I(user, "own_i2i", 3, 0, 0);
	EXPECT_TRAP(i2i(user, "own_i2i", 3, 65536, &r), W2C_TRAP_MEMORY_OOB);
	EXPECT_TRAP(call_i32(user, "copy_in", NULL, 3, 0, 9, 2), W2C_TRAP_TABLE_OOB);
	EXPECT_TRAP(call_i32(user, "copy_in", NULL, 3, 3, 0, 2), W2C_TRAP_TABLE_OOB);
	EXPECT_TRAP(call_i32(user, "copy_in", NULL, 3, 4, 10, 0), W2C_OK);
	EXPECT_TRAP(call_i32(user, "copy_in", NULL, 3, 5, 0, 0), W2C_TRAP_TABLE_OOB);
	EXPECT_I2I(user, "own_i2i", 0, 4, 8);      /* all still works */
	w2c_instance_free(user);
	w2c_instance_free(lib);
}

static const struct check_test tests[] = {
	{ "through_lib_table", test_through_lib_table },
	{ "second_instance", test_second_instance },
	{ "own_table", test_own_table },
};

CHECK_MAIN(tests)
