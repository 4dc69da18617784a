/*
 * rights.c: what only WASI has: descriptor types and rights, taking rights
 * away, descriptor flags, renumbering, raw fd_readdir with its cookies and
 * truncated records, and the two places where WASI differs from POSIX on
 * purpose (see errors.c).
 *
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's WASI reports other rights and flags (stdin
 * wasi-test: no-node with path rights) and fails a path_open asking for every right
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasi_raw.h"
#include "wasi_test.h"

#define ALL 0x3fffffffll
#define READING (ALL & ~(1ll << 0 | 1ll << 6 | 1ll << 8 | 1ll << 22))
#define R_FD_READ (1ll << 1)
#define R_FD_SEEK (1ll << 2)
#define R_FD_TELL (1ll << 5)
#define R_FD_WRITE (1ll << 6)
#define R_FD_READDIR (1ll << 14)
#define R_PATH_OPEN (1ll << 13)

static unsigned long long ld64(const unsigned char *p)
{
	unsigned long long v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void fdstat(const char *what, i32 fd)
{
	unsigned char st[24];
	i32 r = raw_fd_fdstat_get(fd, P(st));
	unsigned long long base = ld64(st + 8), inh = ld64(st + 16);

	if (r) {
		printf("%s: %s\n", what, wasi_err(r));
		return;
	}
	printf("%s: type %d, flags %d, read %d write %d seek %d tell %d readdir %d "
	       "path_open %d, inherits %s\n", what, st[0], st[2] | st[3] << 8,
	       !!(base & R_FD_READ), !!(base & R_FD_WRITE), !!(base & R_FD_SEEK),
	       !!(base & R_FD_TELL), !!(base & R_FD_READDIR), !!(base & R_PATH_OPEN),
	       inh == 0 ? "nothing" : inh == ALL ? "everything" : "some");
}

static unsigned long long rights_of(i32 fd, int inheriting)
{
	unsigned char st[24];
	raw_fd_fdstat_get(fd, P(st));
	return ld64(st + (inheriting ? 16 : 8));
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads directory `fd` the way wasi-libc does, with a buffer of `size`
 * bytes to start with: records cut short are read again, with a buffer
 * grown when even the first doesn't fit. */
static void readdir_raw(i32 fd, i32 size)
{
	char *names[64];
	unsigned char *buf = malloc((size_t)size);
	unsigned long long cookie = 0;
	int n = 0, ok = 1, i, first = size;

	for (;;) {
		i32 used = 0, pos = 0, r = raw_fd_readdir(fd, P(buf), size, (i64)cookie, P(&used));
		int complete = 0;

		if (r) {
			printf("fd_readdir: %s\n", wasi_err(r));
			break;
		}
		while (pos + 24 <= used) {
			unsigned long long next = ld64(buf + pos);
			unsigned namlen = buf[pos + 16] | buf[pos + 17] << 8;
			if (pos + 24 + (i32)namlen > used)
				break;
			if (buf[pos + 21] || buf[pos + 22] || buf[pos + 23])
				ok = 0; /* padding must be zero */
			if (n < 64)
				names[n++] = strndup((char *)buf + pos + 24, namlen);
			if (next <= cookie)
				ok = 0; /* cookies go forward */
			cookie = next;
			pos += 24 + (i32)namlen;
			complete++;
		}
		if (used < size)
			break; /* the end */
		if (!complete) {
			size *= 2;
			buf = realloc(buf, (size_t)size);
		}
	}
	qsort(names, (size_t)n, sizeof names[0], cmp);
	printf("fd_readdir from %d bytes up, records sound %d:", first, ok);
	for (i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	free(buf);
}

int main(void)
{
	char buf[16];
	i32 fd = -1, fd2 = -1, dir = -1, dir2 = -1, out = 0, r;
	i32 iov[2] = { P("data"), 4 };
	unsigned char st[64];

	printf("-- types and rights\n");
	fdstat("stdin (/dev/null)", 0);
	fdstat("preopen", 3);
	raw_path_open(3, 0, S("file"), 1, ALL, ALL, 0, P(&fd));
	fdstat("file opened with every right", fd);
	raw_path_open(3, 0, S("file"), 0, READING, 0, 0, P(&fd2));
	fdstat("file opened for reading", fd2);
	SHOW("write to it", raw_fd_write(fd2, P(iov), 1, P(&out)));
	raw_path_create_directory(3, S("sub"));
	raw_path_open(3, 0, S("sub"), 2, READING, ALL, 0, P(&dir));
	fdstat("directory", dir);

	printf("-- taking rights away\n");
	SHOW("add an inheriting right to a file", raw_fd_fdstat_set_rights(fd, rights_of(fd, 0), 1));
	SHOW("drop fd_write", raw_fd_fdstat_set_rights(fd, rights_of(fd, 0) & ~R_FD_WRITE, 0));
	SHOW("write without it", raw_fd_write(fd, P(iov), 1, P(&out)));
	SHOW("pwrite without it", raw_fd_pwrite(fd, P(iov), 1, 0, P(&out)));
	SHOW("take fd_write back", raw_fd_fdstat_set_rights(fd, rights_of(fd, 0) | R_FD_WRITE, 0));
	SHOW("drop fd_seek, keep fd_tell", raw_fd_fdstat_set_rights(fd, R_FD_READ | R_FD_TELL, 0));
	SHOW("seek without it", raw_fd_seek(fd, 1, 0, P(st)));
	SHOW("tell by seek(0, cur)", raw_fd_seek(fd, 0, 1, P(st)));
	SHOW("fd_tell", raw_fd_tell(fd, P(st)));
	SHOW("drop every right", raw_fd_fdstat_set_rights(fd, 0, 0));
	SHOW("filestat without rights", raw_fd_filestat_get(fd, P(st)));
	raw_path_open(3, 0, S("sub"), 2, READING, ALL, 0, P(&dir2));
	SHOW("drop path_open from a directory",
	     raw_fd_fdstat_set_rights(dir2, rights_of(dir2, 0) & ~R_PATH_OPEN, ALL));
	SHOW("open in it", raw_path_open(dir2, 0, S("x"), 1, ALL, 0, 0, P(&fd2)));
	SHOW("give path_open back",
	     raw_fd_fdstat_set_rights(dir2, rights_of(dir2, 0) | R_PATH_OPEN, ALL));
	raw_fd_close(dir2);
	raw_path_open(3, 0, S("sub"), 2, READING, ALL, 0, P(&dir2));
	SHOW("narrow what a directory passes on",
	     raw_fd_fdstat_set_rights(dir2, rights_of(dir2, 0), READING));
	r = raw_path_open(dir2, 0, S("x"), 1, ALL, ALL, 0, P(&fd2));
	printf("open in it asking for everything: %s\n", wasi_err(r));
	fdstat("what it got", fd2);
	raw_fd_close(dir2);
	raw_fd_close(fd);
	raw_fd_close(fd2);

	printf("-- flags\n");
	raw_path_open(3, 0, S("file"), 0, ALL, 0, 1, P(&fd));
	fdstat("opened with append", fd);
	SHOW("set nonblock", raw_fd_fdstat_set_flags(fd, 4));
	fdstat("now", fd);
	SHOW("set sync", raw_fd_fdstat_set_flags(fd, 16));
	SHOW("set unknown flag", raw_fd_fdstat_set_flags(fd, 64));
	SHOW("fd_allocate 100", raw_fd_allocate(fd, 0, 100));
	raw_fd_filestat_get(fd, P(st));
	printf("size %llu, type %d, nlink %llu\n", ld64(st + 32), st[16], ld64(st + 24));
	SHOW("fd_filestat_set_size 10", raw_fd_filestat_set_size(fd, 10));
	SHOW("fd_filestat_set_size 2^63", raw_fd_filestat_set_size(fd, (i64)(1ull << 63)));
	raw_fd_filestat_get(fd, P(st));
	printf("size %llu\n", ld64(st + 32));
	SHOW("fd_advise willneed", raw_fd_advise(fd, 0, 10, 3));
	SHOW("fd_advise 6", raw_fd_advise(fd, 0, 10, 6));
	SHOW("fd_filestat_set_times mtim_now", raw_fd_filestat_set_times(fd, 0, 0, 8));
	SHOW("fd_filestat_set_times atim|atim_now", raw_fd_filestat_set_times(fd, 0, 0, 3));
	SHOW("fd_sync", raw_fd_sync(fd));
	SHOW("fd_datasync", raw_fd_datasync(fd));
	SHOW("fd_seek whence 3", raw_fd_seek(fd, 0, 3, P(st)));
	SHOW("path_open creat|directory", raw_path_open(3, 0, S("newdir"), 1 | 2, READING, 0, 0,
	                                                P(&fd2)));
	SHOW("path_open unknown oflag", raw_path_open(3, 0, S("file"), 16, READING, 0, 0, P(&fd2)));

	printf("-- renumbering\n");
	raw_path_open(3, 0, S("file"), 0, READING, 0, 0, P(&fd2));
	SHOW("renumber onto a closed fd", raw_fd_renumber(fd2, 40));
	SHOW("the old number is closed", raw_fd_close(fd2));
	SHOW("and back", raw_fd_renumber(40, fd2));
	SHOW("renumber a closed fd", raw_fd_renumber(40, fd2));
	SHOW("renumber onto itself", raw_fd_renumber(fd2, fd2));
	SHOW("renumber reading fd onto append fd", raw_fd_renumber(fd2, fd));
	SHOW("old number", raw_fd_close(fd2));
	iov[0] = P(buf);
	iov[1] = 4;
	r = raw_fd_pread(fd, P(iov), 1, 0, P(&out));
	printf("read by the new number: %s \"%.*s\"\n", wasi_err(r), (int)out, buf);
	fdstat("new number", fd);
	raw_fd_close(fd);

	printf("-- fd_readdir\n");
	for (int i = 0; i < 20; i++) {
		char name[40];
		snprintf(name, sizeof name, "entry-%02d-%.*s", i, i, "xxxxxxxxxxxxxxxxxxxxxxxxx");
		raw_path_open(dir, 0, S(name), 1, READING, 0, 0, P(&fd));
		raw_fd_close(fd);
	}
	readdir_raw(dir, 4096);
	readdir_raw(dir, 30);
	readdir_raw(dir, 1);
	r = raw_fd_readdir(dir, P(st), sizeof st, 1000, P(&out));
	printf("cookie past the end: %s, %d bytes\n", wasi_err(r), out);
	r = raw_fd_readdir(dir, P(st), 10, 0, P(&out));
	printf("10-byte buffer: %s, %d bytes\n", wasi_err(r), out);

	printf("-- where WASI is not POSIX\n");
	fd = open("sub", O_RDONLY);
	TRY("read() on a directory", (int)read(fd, buf, sizeof buf));
	close(fd);
	fd = open("", O_RDONLY | O_DIRECTORY);
	printf("open(\"\") in wasi-libc: %s\n", fd >= 0 ? "the preopen" : errname(errno));
	fd = open("file", O_RDONLY);
	TRY("write() on a read-only fd", (int)write(fd, "x", 1));
	printf("isatty(0): %d\n", isatty(0));
	return 0;
}
