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

#define GC "garbage collection"

/* Type bytes: heap types as value types, and the reference forms. */
static const struct {
	uint8_t code;
	const char *feature, *name;
} types[] = {
	{ 0x6e, GC, "anyref" },
	{ 0x6d, GC, "eqref" },
	{ 0x6c, GC, "i31ref" },
	{ 0x6b, GC, "structref" },
	{ 0x6a, GC, "arrayref" },
	{ 0x71, GC, "nullref" },
	{ 0x72, GC, "nullexternref" },
	{ 0x73, GC, "nullfuncref" },
	{ 0x74, "exception handling", "nullexnref" },
};

/* Composite and recursive type forms in the type section. */
static const struct {
	uint8_t code;
	const char *name;
} type_forms[] = {
	{ 0x4e, "rec type group" },
	{ 0x50, "sub type" },
	{ 0x4f, "final sub type" },
	{ 0x5f, "struct type" },
	{ 0x5e, "array type" },
};

/* One-byte opcodes. */
static const struct {
	uint8_t code;
	const char *feature, *name;
} ops[] = {
	{ 0xd3, GC, "ref.eq" },
};

/* The 0xfb prefix, by its second opcode. */
static const char *const gc_ops[] = {
	"struct.new", "struct.new_default", "struct.get", "struct.get_s", "struct.get_u",
	"struct.set", "array.new", "array.new_default", "array.new_fixed", "array.new_data",
	"array.new_elem", "array.get", "array.get_s", "array.get_u", "array.set", "array.len",
	"array.fill", "array.copy", "array.init_data", "array.init_elem", "ref.test",
	"ref.test null", "ref.cast", "ref.cast null", "br_on_cast", "br_on_cast_fail",
	"any.convert_extern", "extern.convert_any", "ref.i31", "i31.get_s", "i31.get_u",
};

const char *unsupported_type(uint8_t t, const char **name)
{
	size_t i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].code == t) {
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
	size_t i;

	for (i = 0; i < sizeof type_forms / sizeof type_forms[0]; i++)
		if (type_forms[i].code == form)
			fail(d, at, "unsupported: %s (%s)", GC, type_forms[i].name);
	fail(d, at, "malformed function type");
}

NORETURN void fail_opcode(Diag *d, size_t at, uint8_t b, bool has_sub, uint32_t sub)
{
	size_t i;

	if (!has_sub) {
		for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
			if (ops[i].code == b)
				fail(d, at, "unsupported: %s (%s)", ops[i].feature, ops[i].name);
		fail(d, at, "illegal opcode 0x%02x", b);
	}
	if (b == 0xfb && sub < sizeof gc_ops / sizeof gc_ops[0])
		fail(d, at, "unsupported: %s (%s)", GC, gc_ops[sub]);
	fail(d, at, "illegal opcode 0x%02x 0x%x", b, sub);
}
