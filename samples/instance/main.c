/*
 * The C version of MDN's WebAssembly.Instance example:
 *
 *     const importObject = {
 *       my_namespace: { imported_func: (arg) => console.log(arg) },
 *     };
 *     WebAssembly.instantiateStreaming(fetch("simple.wasm"), importObject)
 *       .then((obj) => obj.instance.exports.exported_func());
 *
 * simple.wasm was translated at build time (`w2c simple.wasm -o simple.c`);
 * simple.h declares its descriptor, w2c_simple_module, and its export.
 */
#include <stdio.h>

#include "simple.h"

/* A host function: the context pointer first, then the wasm arguments. */
static void imported_func(void *ctx, uint32_t arg)
{
	printf("imported_func received %u (%s)\n", arg, (const char *)ctx);
}

int main(void)
{
	/* The import object: my_namespace.imported_func, typed (i32) -> (). */
	w2c_import imports[] = {
		W2C_IMPORT_FUNC("my_namespace", "imported_func", "i32 ->", imported_func,
		                "from the import object"),
	};
	w2c_value result;
	w2c_error err;
	w2c_status st;
	w2c_instance *instance;

	/* new WebAssembly.Instance(module, importObject) */
	instance = w2c_instantiate(&w2c_simple_module, imports, 1, &err);
	if (!instance) {
		fprintf(stderr, "instantiation failed: %s\n", err.message);
		return 1;
	}

	/* instance.exports.exported_func(), by name: a trap would come back
	 * as a status instead of a result. */
	st = w2c_call(instance, "exported_func", NULL, 0, &result, 1);
	if (st != W2C_OK) {
		fprintf(stderr, "exported_func trapped: %s\n", w2c_status_message(st));
		return 1;
	}
	printf("exported_func returned %u (called by name)\n", result.of.i32);

	/* The same export as a typed C function: a direct call. */
	printf("exported_func returned %u (called directly)\n",
	       w2c_simple_exported_func(instance));

	/* A missing import is a link error, not a crash. */
	if (!w2c_instantiate(&w2c_simple_module, NULL, 0, &err))
		printf("without imports: %s\n", err.message);

	w2c_instance_free(instance);
	return 0;
}
