/* libm_app.c: calls every libm-using export of libm.wat through the
 * typed C functions, as an app following the README would. */
#include <stdio.h>

#include "mod.h"

int main(void)
{
	w2c_error err;
	w2c_instance *inst = w2c_instantiate(&w2c_mod_module, NULL, 0, &err);
	struct w2c_ret_fffff a;
	struct w2c_ret_ddddd b;

	if (!inst) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	a = w2c_mod_f32(inst, 6.25f);
	b = w2c_mod_f64(inst, -2.5);
	printf("%g %g %g %g %g\n", (double)a.r0, (double)a.r1, (double)a.r2, (double)a.r3,
	       (double)a.r4);
	/* the sign of a NaN from wasm is not specified */
	printf("%s %g %g %g %g\n", b.r0 != b.r0 ? "nan" : "number", b.r1, b.r2, b.r3, b.r4);
	printf("%g %g\n", (double)w2c_mod_f32x4(inst, 6.25f), w2c_mod_f64x2(inst, 2.25));
	w2c_instance_free(inst);
	return 0;
}
