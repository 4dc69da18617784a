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

NORETURN void fail_opcode(Diag *d, size_t at, uint8_t b, bool has_sub, uint32_t sub)
{
	/* (no prefixed instruction w2c lacks since threads and GC landed) */
	if (!has_sub)
		fail(d, at, "illegal opcode 0x%02x", b);
	fail(d, at, "illegal opcode 0x%02x 0x%x", b, sub);
}
