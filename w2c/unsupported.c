/*
 * unsupported.c: the parts of WebAssembly 3.0 and its proposals that w2c
 * recognises but does not translate yet.
 *
 * A module using one is valid, so "malformed value type 0x64" or "illegal
 * opcode 0xfb" would send its author looking for a bug in their toolchain.
 * Instead the translator names the feature and the construct:
 *
 *   w2c: m.wasm:0x1f3: unsupported: garbage collection (struct.new)
 *
 * When a feature lands, its rows move from here to opcodes.def and its
 * types to is_valtype().
 */
#include "internal.h"

#define THREADS "threads"

/* Type bytes w2c knows but lacks: none since GC's types landed. */
static const struct {
	uint8_t code;
	const char *feature, *name;
} types[] = {
	{ 0, NULL, NULL },
};

const char *unsupported_type(uint8_t t, const char **name)
{
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].feature && types[i].code == t) {
			*name = types[i].name;
			return types[i].feature;
		}
	return NULL;
}

NORETURN void fail_type(Diag *d, size_t at, uint8_t t, const char *what)
{
	const char *name, *feature = unsupported_type(t, &name);

	if (feature)
		fail(d, at, "unsupported: %s (%s)", feature, name);
	fail(d, at, "malformed %s type 0x%02x", what, t);
}

NORETURN void fail_type_form(Diag *d, size_t at, uint8_t form)
{
	(void)form;
	fail(d, at, "malformed function type");
}

/* The name of atomic instruction 0xfe `sub` into buf, or false.  From
 * 0x10 on they come in runs of seven widths. */
static bool atomic_name(uint32_t sub, char *buf, size_t size)
{
	static const char *const fixed[] = { "memory.atomic.notify", "memory.atomic.wait32",
	                                     "memory.atomic.wait64", "atomic.fence" };
	static const char *const kinds[] = { "load", "store", "rmw.add", "rmw.sub", "rmw.and",
	                                     "rmw.or", "rmw.xor", "rmw.xchg", "rmw.cmpxchg" };
	static const char *const widths[][2] = {
		{ "i32", "" }, { "i64", "" }, { "i32", "8" }, { "i32", "16" },
		{ "i64", "8" }, { "i64", "16" }, { "i64", "32" },
	};
	uint32_t k, w;
	bool rmw;

	if (sub < 4) {
		snprintf(buf, size, "%s", fixed[sub]);
		return true;
	}
	if (sub < 0x10 || sub > 0x4e)
		return false;
	k = (sub - 0x10) / 7;
	w = (sub - 0x10) % 7;
	rmw = k >= 2;
	/* i32.atomic.load8_u, i64.atomic.rmw16.add_u */
	if (rmw)
		snprintf(buf, size, "%s.atomic.rmw%s.%s%s", widths[w][0], widths[w][1],
		         kinds[k] + 4, *widths[w][1] ? "_u" : "");
	else
		snprintf(buf, size, "%s.atomic.%s%s%s", widths[w][0], kinds[k], widths[w][1],
		         *widths[w][1] && k == 0 ? "_u" : "");
	return true;
}

NORETURN void fail_opcode(Diag *d, size_t at, uint8_t b, bool has_sub, uint32_t sub)
{
	char name[40];

	if (!has_sub)
		fail(d, at, "illegal opcode 0x%02x", b);
	if (b == 0xfe && atomic_name(sub, name, sizeof name))
		fail(d, at, "unsupported: %s (%s)", THREADS, name);
	fail(d, at, "illegal opcode 0x%02x 0x%x", b, sub);
}
