/*
 * json.h: a small JSON reader for wast2json command lists.
 */
#ifndef W2C_JSON_H
#define W2C_JSON_H

#include "internal.h"

enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

typedef struct JsonValue JsonValue;
struct JsonValue {
	int kind;
	const char *key;       /* in an object */
	JsonValue *next;       /* the next item of the enclosing array/object */
	JsonValue *first;      /* arrays and objects */
	size_t count;
	const char *str;       /* strings: UTF-8, NUL-terminated, but see len */
	size_t len;
	double number;
	bool boolean;
};

/* Parses `text`; NULL with a message in error on failure.  Everything is
 * allocated in `arena`. */
JsonValue *json_parse(const char *text, size_t len, Arena *arena, char *error,
                      size_t errsize);
JsonValue *json_get(const JsonValue *obj, const char *key);
const char *json_str(const JsonValue *obj, const char *key);

#endif
