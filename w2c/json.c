/*
 * json.c: just enough JSON for wast2json's command lists.
 *
 * The whole document becomes a tree of JsonValue in an arena.  Strings are
 * decoded to UTF-8 with their length kept, since spec names may hold NUL
 * bytes.  Errors name the byte offset.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"

typedef struct Parser {
	const char *p, *start, *end;
	Arena *arena;
	char *error;
	size_t errsize;
	jmp_buf env;
	int depth;
} Parser;

static NORETURN void json_fail(Parser *ps, const char *what)
{
	snprintf(ps->error, ps->errsize, "offset %zu: %s", (size_t)(ps->p - ps->start), what);
	longjmp(ps->env, 1);
}

static void skip_ws(Parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static JsonValue *new_value(Parser *ps, int kind)
{
	JsonValue *v = arena_zalloc(ps->arena, sizeof *v);
	v->kind = kind;
	return v;
}

static unsigned hex4(Parser *ps)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = ps->p < ps->end ? *ps->p++ : 0;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			json_fail(ps, "bad \\u escape");
	}
	return v;
}

static void put_utf8(Buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_char(b, (char)cp);
	} else if (cp < 0x800) {
		buf_char(b, (char)(0xc0 | cp >> 6));
		buf_char(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		buf_char(b, (char)(0xe0 | cp >> 12));
		buf_char(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_char(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		buf_char(b, (char)(0xf0 | cp >> 18));
		buf_char(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		buf_char(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		buf_char(b, (char)(0x80 | (cp & 0x3f)));
	}
}

static JsonValue *parse_string(Parser *ps)
{
	Buf b = { 0 };
	JsonValue *v;

	ps->p++; /* the opening quote */
	for (;;) {
		char c;
		if (ps->p >= ps->end)
			json_fail(ps, "unterminated string");
		c = *ps->p++;
		if (c == '"')
			break;
		if (c != '\\') {
			buf_char(&b, c);
			continue;
		}
		if (ps->p >= ps->end)
			json_fail(ps, "unterminated string");
		c = *ps->p++;
		switch (c) {
		case '"': case '\\': case '/': buf_char(&b, c); break;
		case 'b': buf_char(&b, '\b'); break;
		case 'f': buf_char(&b, '\f'); break;
		case 'n': buf_char(&b, '\n'); break;
		case 'r': buf_char(&b, '\r'); break;
		case 't': buf_char(&b, '\t'); break;
		case 'u': {
			unsigned cp = hex4(ps);
			if (cp >= 0xd800 && cp < 0xdc00 && ps->end - ps->p >= 6 &&
			    ps->p[0] == '\\' && ps->p[1] == 'u') {
				unsigned lo;
				ps->p += 2;
				lo = hex4(ps);
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				else
					json_fail(ps, "bad surrogate pair");
			}
			put_utf8(&b, cp);
			break;
		}
		default:
			json_fail(ps, "bad escape");
		}
	}
	v = new_value(ps, JSON_STRING);
	v->len = b.len;
	v->str = arena_strndup(ps->arena, b.p ? b.p : "", b.len);
	buf_free(&b);
	return v;
}

static JsonValue *parse_value(Parser *ps);

static JsonValue *parse_array(Parser *ps, int kind, char close)
{
	JsonValue *v = new_value(ps, kind), **tail = &v->first;

	if (++ps->depth > 100)
		json_fail(ps, "nested too deeply");
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		JsonValue *item;
		const char *key = NULL;

		skip_ws(ps);
		if (kind == JSON_OBJECT) {
			if (ps->p >= ps->end || *ps->p != '"')
				json_fail(ps, "expected a key");
			key = parse_string(ps)->str;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p++ != ':')
				json_fail(ps, "expected ':'");
		}
		item = parse_value(ps);
		item->key = key;
		*tail = item;
		tail = &item->next;
		v->count++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			break;
		}
		json_fail(ps, kind == JSON_OBJECT ? "expected ',' or '}'" : "expected ',' or ']'");
	}
	ps->depth--;
	return v;
}

static JsonValue *parse_value(Parser *ps)
{
	JsonValue *v;

	skip_ws(ps);
	if (ps->p >= ps->end)
		json_fail(ps, "unexpected end");
	switch (*ps->p) {
	case '{':
		return parse_array(ps, JSON_OBJECT, '}');
	case '[':
		return parse_array(ps, JSON_ARRAY, ']');
	case '"':
		return parse_string(ps);
	default:
		if (!strncmp(ps->p, "true", 4) || !strncmp(ps->p, "false", 5) ||
		    !strncmp(ps->p, "null", 4)) {
			v = new_value(ps, *ps->p == 'n' ? JSON_NULL : JSON_BOOL);
			v->boolean = *ps->p == 't';
			ps->p += *ps->p == 'f' ? 5 : 4;
			return v;
		}
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
			char *end;
			v = new_value(ps, JSON_NUMBER);
			v->number = strtod(ps->p, &end);
			ps->p = end;
			return v;
		}
		json_fail(ps, "unexpected character");
	}
}

JsonValue *json_parse(const char *text, size_t len, Arena *arena, char *error,
                      size_t errsize)
{
	Parser ps;
	JsonValue *v;

	ps.p = ps.start = text;
	ps.end = text + len;
	ps.arena = arena;
	ps.error = error;
	ps.errsize = errsize;
	ps.depth = 0;
	if (setjmp(ps.env))
		return NULL;
	v = parse_value(&ps);
	skip_ws(&ps);
	if (ps.p != ps.end)
		json_fail(&ps, "trailing content");
	return v;
}

JsonValue *json_get(const JsonValue *obj, const char *key)
{
	JsonValue *v;

	if (!obj || obj->kind != JSON_OBJECT)
		return NULL;
	for (v = obj->first; v; v = v->next)
		if (!strcmp(v->key, key))
			return v;
	return NULL;
}

const char *json_str(const JsonValue *obj, const char *key)
{
	JsonValue *v = json_get(obj, key);
	return v && v->kind == JSON_STRING ? v->str : NULL;
}
