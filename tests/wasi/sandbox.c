/*
 * sandbox.c: a module reaches only its preopened directory.  "..",
 * absolute paths and symlinks pointing outside are refused with
 * ENOTCAPABLE for every kind of access, whoever made the links, and
 * nothing outside changes (run_tests.py checks that after every run).
 *
 * wasi-test: symlink abs_link /etc/passwd
 * wasi-test: symlink host_out ../secret.txt
 * wasi-test: symlink deep_out sub/../../secret.txt
 * wasi-test: symlink dir_out ..
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's WASI is no sandbox, as its documentation says:
 * wasi-test: no-node through the link dir_out -> .. it unlinks ../secret.txt; it also
 * wasi-test: no-node says ENOTCAPABLE where a path is merely wrong
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "wasi_raw.h"
#include "wasi_test.h"

/* Rights that let a descriptor read a file or use a directory; writing
 * ones would make the host open a directory for writing. */
#define ALL 0x3fffffffll
#define READING (ALL & ~(1ll << 0 | 1ll << 6 | 1ll << 8 | 1ll << 22))

static i32 open_at(i32 dir, const char *path, i32 follow, i32 oflags, i32 *fd)
{
	i64 rights = (oflags & 1) ? ALL & ~(1ll << 14) : READING;
	return raw_path_open(dir, follow, S(path), oflags, rights, ALL, 0, P(fd));
}

static void try_open(const char *path, i32 follow)
{
	i32 fd = -1, r = open_at(3, path, follow, 0, &fd);
	printf("open %s%s: %s\n", path, follow ? "" : " (nofollow)", wasi_err(r));
	if (r == 0)
		raw_fd_close(fd);
}

static void try_stat(const char *path, i32 follow)
{
	unsigned char st[64];
	i32 r = raw_path_filestat_get(3, follow, S(path), P(st));
	printf("stat %s%s: %s", path, follow ? "" : " (nofollow)", wasi_err(r));
	if (r == 0)
		printf(", type %d", st[16]);
	printf("\n");
}

int main(void)
{
	static char longpath[70000];
	char buf[64], name[64];
	i32 fd = -1, sub = -1, used = 0, r, i;
	unsigned char prestat[8];

	/* Set up: sub/inner.txt and file.txt inside. */
	raw_path_create_directory(3, S("sub"));
	open_at(3, "file.txt", 1, 1, &fd);
	raw_fd_close(fd);
	open_at(3, "sub/inner.txt", 1, 1, &fd);
	raw_fd_close(fd);

	printf("-- dot-dot and absolute paths\n");
	try_open("secret.txt", 1);
	try_open("../secret.txt", 1);
	try_open("./../secret.txt", 1);
	try_open("sub/../../secret.txt", 1);
	try_open("sub/../sub/../../secret.txt", 1);
	try_open("..", 1);
	try_open("sub/..", 1);
	try_open("sub/../.", 1);
	try_open("sub/./../sub/inner.txt", 1);
	try_open("/secret.txt", 1);
	try_open("/etc/passwd", 1);
	try_open("//etc/passwd", 1);
	try_open("", 1);
	r = raw_path_open(3, 1, P("file.txt\0x"), 10, 0, READING, ALL, 0, P(&fd));
	printf("open with a NUL byte: %s\n", wasi_err(r));
	memset(longpath, 'a', sizeof longpath);
	r = raw_path_open(3, 1, P(longpath), sizeof longpath, 0, READING, ALL, 0, P(&fd));
	printf("open a 70000-byte path: %s\n", wasi_err(r));

	printf("-- links made by the host\n");
	try_open("abs_link", 1);
	try_open("abs_link", 0);
	try_open("host_out", 1);
	try_open("deep_out", 1);
	try_open("dir_out/secret.txt", 1);
	try_open("dir_out/sandbox/file.txt", 1);
	try_open("dir_out", 1);
	try_stat("abs_link", 0);
	try_stat("abs_link", 1);
	try_stat("host_out", 1);
	try_stat("dir_out/", 0);
	r = raw_path_readlink(3, S("abs_link"), P(buf), sizeof buf, P(&used));
	printf("readlink abs_link: %s \"%.*s\"\n", wasi_err(r), (int)used, buf);

	printf("-- links made by the module\n");
	SHOW("symlink mine -> /etc/passwd", raw_path_symlink(S("/etc/passwd"), 3, S("mine")));
	SHOW("symlink rel_out -> ../secret.txt",
	     raw_path_symlink(S("../secret.txt"), 3, S("rel_out")));
	SHOW("symlink sub/up -> ../file.txt", raw_path_symlink(S("../file.txt"), 3, S("sub/up")));
	SHOW("symlink sub/upup -> ../../x", raw_path_symlink(S("../../x"), 3, S("sub/upup")));
	SHOW("symlink dangle_out -> ../created.txt",
	     raw_path_symlink(S("../created.txt"), 3, S("dangle_out")));
	try_open("rel_out", 1);
	try_open("sub/up", 1);
	try_open("sub/upup", 1);
	r = open_at(3, "dangle_out", 1, 1, &fd);
	printf("create through dangle_out: %s\n", wasi_err(r));
	r = open_at(3, "host_out", 1, 1 | 8, &fd);
	printf("create and truncate through host_out: %s\n", wasi_err(r));

	printf("-- every operation refuses to leave\n");
	SHOW("mkdir ../newdir", raw_path_create_directory(3, S("../newdir")));
	SHOW("rmdir ../sandbox", raw_path_remove_directory(3, S("../sandbox")));
	SHOW("unlink ../secret.txt", raw_path_unlink_file(3, S("../secret.txt")));
	SHOW("unlink dir_out/secret.txt", raw_path_unlink_file(3, S("dir_out/secret.txt")));
	SHOW("rename file.txt ../stolen.txt",
	     raw_path_rename(3, S("file.txt"), 3, S("../stolen.txt")));
	SHOW("rename ../secret.txt stolen.txt",
	     raw_path_rename(3, S("../secret.txt"), 3, S("stolen.txt")));
	SHOW("link ../secret.txt hard", raw_path_link(3, 0, S("../secret.txt"), 3, S("hard")));
	SHOW("link host_out hard (follow)", raw_path_link(3, 1, S("host_out"), 3, S("hard")));
	SHOW("link file.txt ../hard", raw_path_link(3, 0, S("file.txt"), 3, S("../hard")));
	SHOW("symlink at ../newlink", raw_path_symlink(S("x"), 3, S("../newlink")));
	SHOW("set times of ../secret.txt",
	     raw_path_filestat_set_times(3, 0, S("../secret.txt"), 0, 0, 2 | 8));
	SHOW("set times through host_out",
	     raw_path_filestat_set_times(3, 1, S("host_out"), 0, 0, 2 | 8));
	SHOW("readlink ../x", raw_path_readlink(3, S("../x"), P(buf), sizeof buf, P(&used)));

	printf("-- a directory descriptor is a root of its own\n");
	r = open_at(3, "sub", 1, 2, &sub);
	printf("open sub: %s\n", wasi_err(r));
	r = open_at(sub, "inner.txt", 1, 0, &fd);
	printf("open inner.txt in sub: %s\n", wasi_err(r));
	raw_fd_close(fd);
	r = open_at(sub, "../file.txt", 1, 0, &fd);
	printf("open ../file.txt in sub: %s\n", wasi_err(r));
	r = open_at(sub, "up", 1, 0, &fd);
	printf("open up (-> ../file.txt) in sub: %s\n", wasi_err(r));
	r = open_at(fd = -1, "file.txt", 1, 0, &fd);
	printf("open relative to fd -1: %s\n", wasi_err(r));
	r = open_at(1, "file.txt", 1, 0, &fd);
	printf("open relative to stdout: %s\n", wasi_err(r));
	raw_fd_close(sub);

	printf("-- link chains\n");
	for (i = 0; i < 45; i++) {
		char target[16];
		snprintf(name, sizeof name, "chain%d", i);
		snprintf(target, sizeof target, i == 44 ? "file.txt" : "chain%d", i + 1);
		raw_path_symlink(S(target), 3, S(name));
	}
	try_open("chain14", 1);
	try_open("chain0", 1);
	SHOW("symlink loop -> loop", raw_path_symlink(S("loop"), 3, S("loop")));
	try_open("loop", 1);
	try_open("loop/x", 1);

	printf("-- preopens\n");
	SHOW("prestat 0", raw_fd_prestat_get(0, P(prestat)));
	r = raw_fd_prestat_get(3, P(prestat));
	printf("prestat 3: %s, tag %d, name length %d\n", wasi_err(r), prestat[0], prestat[4]);
	memset(buf, 0, sizeof buf);
	r = raw_fd_prestat_dir_name(3, P(buf), sizeof buf);
	printf("prestat name 3: %s \"%s\"\n", wasi_err(r), buf);
	SHOW("prestat 4", raw_fd_prestat_get(4, P(prestat)));

	printf("-- the same through wasi-libc\n");
	errno = 0;
	printf("open(\"../secret.txt\"): %s\n", open("../secret.txt", O_RDONLY) < 0 ? errname(errno) : "opened");
	errno = 0;
	printf("open(\"/etc/passwd\"): %s\n", open("/etc/passwd", O_RDONLY) < 0 ? errname(errno) : "opened");
	errno = 0;
	printf("open(\"host_out\"): %s\n", open("host_out", O_RDONLY) < 0 ? errname(errno) : "opened");
	return 0;
}
