/*
 * times.c: file times to the nanosecond, "now" and "omit", on files,
 * directories and symlinks themselves.
 *
 * wasi-test: no-node node's WASI keeps file times to whole seconds only
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wasi_test.h"

static void show(const char *what, const char *path, int flags)
{
	struct stat st;

	if (fstatat(AT_FDCWD, path, &st, flags) < 0) {
		printf("%s: stat: %s\n", what, errname(errno));
		return;
	}
	printf("%s: atime %lld.%09ld mtime %lld.%09ld\n", what,
	       (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

int main(void)
{
	struct timespec ts[2] = { { 1000000000, 5 }, { 1234567890, 123456789 } };
	struct timespec now;
	struct stat st;
	int fd;

	fd = open("f", O_CREAT | O_WRONLY, 0644);
	close(fd);
	mkdir("d", 0755);
	symlink("f", "link");

	TRY("utimensat f", utimensat(AT_FDCWD, "f", ts, 0));
	show("f", "f", 0);
	TRY("utimensat d", utimensat(AT_FDCWD, "d", ts, 0));
	show("d", "d", 0);

	/* Through the link, and on the link itself. */
	ts[1].tv_nsec = 999999999;
	TRY("utimensat link (follow)", utimensat(AT_FDCWD, "link", ts, 0));
	show("f", "f", 0);
	ts[0].tv_sec = 42;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = 43;
	ts[1].tv_nsec = 1;
	TRY("utimensat link (nofollow)",
	    utimensat(AT_FDCWD, "link", ts, AT_SYMLINK_NOFOLLOW));
	show("link", "link", AT_SYMLINK_NOFOLLOW);
	show("f", "f", 0);

	/* UTIME_OMIT keeps a time, UTIME_NOW takes the clock's.  (This
	 * wasi-libc refuses UTIME_NOW for the modification time itself, so
	 * only the access time tries it.) */
	clock_gettime(CLOCK_REALTIME, &now);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 44;
	fd = open("f", O_RDONLY);
	TRY("futimens omit", futimens(fd, ts));
	fstat(fd, &st);
	printf("atime kept: %d, mtime %lld\n", st.st_atim.tv_sec == 1000000000,
	       (long long)st.st_mtim.tv_sec);
	ts[0].tv_nsec = UTIME_NOW;
	TRY("futimens now", futimens(fd, ts));
	fstat(fd, &st);
	close(fd);
	printf("atime is now: %d\n",
	       st.st_atim.tv_sec >= now.tv_sec - 1 && st.st_atim.tv_sec <= now.tv_sec + 60);
	return 0;
}
