/*
 * main.c: the command line, and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int spectest_main(int argc, char **argv);
int run_main(int argc, char **argv);
int build_main(int argc, char **argv);

static const char usage_text[] =
	"usage: w2c MODULE.wasm[.gz]|MODULE.wat -o OUT.c [-n NAME] [--split N] [--compress-data]\n"
	"           [--small-memories] [--max-memory=SIZE]\n"
	"       w2c run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--max-memory=SIZE] [-j N] [-q|-v]\n"
	"               [--] MODULE.wasm [ARGS...]\n"
	"       w2c build MODULE.wasm -o PROGRAM [--cc CC] [--cflags FLAGS] [--dir ...] [--env ...]\n"
	"             [--max-memory=SIZE] [-j N] [-q|-v]\n"
	"       w2c spectest TEST.json|SCRIPT.wast -o DIR\n"
	"       w2c cache [list | clear]\n"
	"       w2c --help | --version\n";

static const char help_text[] =
	"w2c translates a WebAssembly module into portable C.\n"
	"\n"
	"  w2c MODULE.wasm -o OUT.c [-n NAME]\n"
	"      Writes OUT.c and OUT.h.  The C names start with w2c_NAME (NAME\n"
	"      defaults to the module's file name): the module descriptor\n"
	"      w2c_NAME_module to pass to w2c_instantiate, and one typed\n"
	"      function w2c_NAME_EXPORT per export.  MODULE may be gzip or\n"
	"      zlib compressed.  Build the output with\n"
	"        cc -c OUT.c $(pkg-config --cflags w2c-rt)\n"
	"      and link with $(pkg-config --libs w2c-rt).\n"
	"\n"
	"  w2c run [--dir HOST[::GUEST]]... [--env NAME=VALUE]... [--] MODULE.wasm [ARGS...]\n"
	"      Runs a WASI command module as a native program: translates it,\n"
	"      compiles it with $CC (default cc) -O2 -march=native (for this\n"
	"      CPU, where the compiler has the flag; $CFLAGS replaces both),\n"
	"      caches the program under\n"
	"      $XDG_CACHE_HOME/w2c (or ~/.cache/w2c) and runs it.  Standard\n"
	"      streams pass through; the exit status is the program's.  --dir\n"
	"      gives the module a host directory (seen as GUEST, default the\n"
	"      same path); --env sets an environment variable (none by default).\n"
	"      A trap prints \"w2c: trap: REASON\" and exits with status 134.\n"
	"      The cache is kept under $W2C_CACHE_MAX MiB (default 2048).\n"
	"      A module over 1 MiB is compiled in parts, -j N at a time\n"
	"      (default: the CPUs); $CC may be a launcher (\"ccache gcc\",\n"
	"      \"distcc gcc\").  A module of 4 MiB or more first runs a quick\n"
	"      build (clang -O0 where clang is on PATH and neither $CC nor\n"
	"      $CFLAGS is set, else the flags and -Og) while the full build goes\n"
	"      on in the background for later runs.  On a terminal progress is\n"
	"      shown; -q, --quiet hides it, -v, --verbose prints every compiler\n"
	"      command.\n"
	"\n"
	"  w2c build MODULE.wasm -o PROGRAM [--cc CC] [--cflags FLAGS] [--dir ...] [--env ...]\n"
	"            [-j N] [-q|-v]\n"
	"      The same program as a standalone executable (runtime linked\n"
	"      statically); --dir and --env are built in.  Portable by default\n"
	"      (--cflags -O2, or $CFLAGS); to target a CPU, name it, e.g.\n"
	"      --cflags \"-O2 -march=native\" (this one) or \"-O2 -march=x86-64-v3\".\n"
	"\n"
	"  w2c cache [list | clear]\n"
	"      Lists the programs w2c run keeps (size, last use, module), or\n"
	"      removes them.\n"
	"\n"
	"  w2c spectest TEST.json|SCRIPT.wast -o DIR\n"
	"      Writes a self-contained C harness for a spec test script (.wast,\n"
	"      or its command list from wast2json) into DIR; build it with\n"
	"        cc -O1 DIR/*.c $(pkg-config --cflags --libs w2c-rt) -lm\n"
	"      and run it from DIR.  Its last line is \"N passed, N failed\".\n"
	"\n"
	"Options:\n"
	"  -o, --output FILE   the C file to write (the header goes beside it)\n"
	"  -n, --name NAME     the module's C name (letters, digits, _)\n"
	"      --split N       spread the functions over N C files to compile\n"
	"                      in parallel: OUT.c, OUT_1.c ... OUT_<N-1>.c\n"
	"      --compress-data store active data segments deflated, inflated\n"
	"                      into memory at instantiation (smaller images)\n"
	"      --small-memories\n"
	"                      let an exported memory of at most 256 pages reserve\n"
	"                      only its maximum and be checked, as an unexported one\n"
	"                      does (many live instances: docs/instances.md)\n"
	"      --max-memory=SIZE\n"
	"                      let no memory the module defines grow past SIZE\n"
	"                      bytes (K, M, G suffixes; a multiple of 64K):\n"
	"                      memory.grow beyond returns -1, and a memory capped\n"
	"                      at 16M or less is small (docs/instances.md);\n"
	"                      w2c run and w2c build take it too\n"
	"  -h, --help          this text\n"
	"      --version       the version\n"
	"\n"
	"Exit status: 0 on success, 1 for a bad module or an I/O error, 2 for\n"
	"wrong usage.\n";

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "w2c: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

static bool is_identifier(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The default NAME: the file name without .gz and .wasm (or .wat), as an
 * identifier. */
static char *default_name(const char *path)
{
	const char *b = base_name(path);
	size_t n = strlen(b);
	Buf out = { 0 };

	if (n > 3 && !strcmp(b + n - 3, ".gz"))
		n -= 3;
	if (n > 5 && !strncmp(b + n - 5, ".wasm", 5))
		n -= 5;
	else if (n > 4 && !strncmp(b + n - 4, ".wat", 4))
		n -= 4;
	if (n == 0 || (b[0] >= '0' && b[0] <= '9'))
		buf_char(&out, '_');
	mangle(&out, b, n);
	buf_char(&out, 0);
	return out.p;
}

/* OUT.c -> OUT.h; anything else gets .h appended. */
static char *header_path(const char *c)
{
	size_t n = strlen(c);
	char *h = xmalloc(n + 3);

	memcpy(h, c, n + 1);
	if (n > 2 && !strcmp(c + n - 2, ".c"))
		h[n - 1] = 'h';
	else
		strcat(h, ".h");
	return h;
}

static int translate_main(int argc, char **argv)
{
	const char *input = NULL, *output = NULL, *name = NULL;
	bool compress = false, small_memories = false, has_max_memory = false;
	unsigned long split = 1;
	uint64_t max_memory = 0;
	char *end;
	char *owned_name = NULL, *hpath, prefix[300], err[300];
	uint8_t *bytes;
	size_t size;
	Options opt;
	Translation t;
	int i;
	bool ok;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			if (++i == argc)
				return usage("-o needs a file name");
			output = argv[i];
		} else if (!strncmp(a, "--output=", 9)) {
			output = a + 9;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--name")) {
			if (++i == argc)
				return usage("-n needs a name");
			name = argv[i];
		} else if (!strncmp(a, "--name=", 7)) {
			name = a + 7;
		} else if (!strcmp(a, "--split") || !strncmp(a, "--split=", 8)) {
			const char *v = a[7] == '=' ? a + 8 : ++i < argc ? argv[i] : NULL;
			if (!v)
				return usage("--split needs a number of files");
			split = strtoul(v, &end, 10);
			if (!*v || *end || split < 1 || split > 1000)
				return usage("--split takes a number from 1 to 1000");
		} else if (!strcmp(a, "--compress-data")) {
			compress = true;
		} else if (!strcmp(a, "--small-memories")) {
			small_memories = true;
		} else if (!strcmp(a, "--max-memory") || !strncmp(a, "--max-memory=", 13)) {
			const char *v = a[12] == '=' ? a + 13 : ++i < argc ? argv[i] : NULL;
			if (!v || !parse_memory_size(v, &max_memory))
				return bad_memory_size(v);
			has_max_memory = true;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "w2c: unknown option %s\n", a);
			return usage(NULL);
		} else if (input) {
			return usage("only one module at a time");
		} else {
			input = a;
		}
	}
	if (!input)
		return usage("no module given");
	if (!output)
		return usage("no output given (-o OUT.c)");
	if (name && (!is_identifier(name) || strlen(name) > 200))
		return usage("NAME must be letters, digits and _, not starting with a digit");
	if (!name)
		name = owned_name = default_name(input);

	bytes = read_module(input, &size, err, sizeof err);
	if (!bytes) {
		fprintf(stderr, "w2c: %s\n", err);
		free(owned_name);
		return 1;
	}
	hpath = header_path(output);
	snprintf(prefix, sizeof prefix, "w2c_%s", name);
	memset(&opt, 0, sizeof opt);
	opt.input = base_name(input);
	opt.prefix = prefix;
	opt.header = base_name(hpath);
	opt.compress_data = compress;
	opt.small_memories = small_memories;
	opt.has_max_memory = has_max_memory;
	opt.max_memory = max_memory;
	opt.split = (uint32_t)split;
	ok = w2c_translate(bytes, size, &opt, output, hpath, &t);
	if (!ok) {
		/* decode errors carry the file already; I/O errors a path */
		if (!strncmp(t.error, opt.input, strlen(opt.input)))
			fprintf(stderr, "w2c: %s%s\n", input, t.error + strlen(opt.input));
		else
			fprintf(stderr, "w2c: %s\n", t.error);
	}
	free(hpath);
	free(bytes);
	free(owned_name);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		fputs("\n", stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("w2c %s\n", W2C_VERSION);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "spectest"))
		return spectest_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "cache"))
		return cache_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return run_main(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "build"))
		return build_main(argc - 1, argv + 1);
	return translate_main(argc, argv);
}
