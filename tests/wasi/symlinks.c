/*
 * symlinks.c: symbolic links inside the sandbox: making and reading them,
 * following them to files and directories, chains, "..", dangling links,
 * loops, O_NOFOLLOW, lstat, trailing slashes.
 *
 * wasi-test: no-node node's WASI refuses links whose text climbs with "..",
 * wasi-test: no-node even inside the sandbox, ignores O_NOFOLLOW, follows a
 * wasi-test: no-node dangling link under O_EXCL and fails a short readlink
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test.h"

static void cat(const char *path, int flags)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | flags);

	if (fd < 0) {
		printf("open %s: %s\n", path, errname(errno));
		return;
	}
	n = read(fd, buf, sizeof buf);
	printf("open %s: \"%.*s\"\n", path, n > 0 ? (int)n : 0, buf);
	close(fd);
}

static const char *kind(mode_t m)
{
	return S_ISLNK(m) ? "symlink" : S_ISDIR(m) ? "directory" : S_ISREG(m) ? "file" : "other";
}

static void stats(const char *path)
{
	struct stat a, b;
	int ra = lstat(path, &a), ea = errno, rb = stat(path, &b), eb = errno;

	printf("%s: lstat %s", path, ra < 0 ? errname(ea) : kind(a.st_mode));
	if (ra == 0 && S_ISLNK(a.st_mode))
		printf(" (%lld bytes)", (long long)a.st_size);
	printf(", stat %s\n", rb < 0 ? errname(eb) : kind(b.st_mode));
}

static void show_link(const char *path)
{
	char buf[64];
	ssize_t n = readlink(path, buf, sizeof buf);

	if (n < 0)
		printf("readlink %s: %s\n", path, errname(errno));
	else
		printf("readlink %s: \"%.*s\"\n", path, (int)n, buf);
}

int main(void)
{
	char small[4];
	int fd;

	fd = open("target.txt", O_CREAT | O_WRONLY, 0644);
	write(fd, "target contents", 15);
	close(fd);
	mkdir("dir", 0755);
	mkdir("dir/sub", 0755);
	fd = open("dir/inner.txt", O_CREAT | O_WRONLY, 0644);
	write(fd, "inner", 5);
	close(fd);

	TRY("symlink l1 -> target.txt", symlink("target.txt", "l1"));
	TRY("symlink l2 -> l1", symlink("l1", "l2"));
	TRY("symlink dl -> dir", symlink("dir", "dl"));
	TRY("symlink dir/sub/up -> ../../target.txt", symlink("../../target.txt", "dir/sub/up"));
	TRY("symlink dir/self -> .", symlink(".", "dir/self"));
	TRY("symlink dangling -> nowhere", symlink("nowhere", "dangling"));
	TRY("symlink loop1 -> loop2", symlink("loop2", "loop1"));
	TRY("symlink loop2 -> loop1", symlink("loop1", "loop2"));
	TRY("symlink over a file", symlink("x", "target.txt"));

	show_link("l1");
	show_link("dir/sub/up");
	show_link("target.txt");
	printf("readlink into 4 bytes: %zd \"%.4s\"\n", readlink("l1", small, sizeof small), small);

	cat("l1", 0);
	cat("l2", 0);
	cat("dl/inner.txt", 0);
	cat("dir/sub/up", 0);
	cat("dir/self/self/self/inner.txt", 0);
	cat("dl/sub/../inner.txt", 0);
	cat("dl/sub/up", 0);
	cat("dangling", 0);
	cat("loop1", 0);
	cat("l1", O_NOFOLLOW);
	cat("target.txt", O_NOFOLLOW);

	stats("l1");
	stats("dl");
	stats("dangling");
	stats("loop1");
	stats("dl/");
	stats("l1/");

	fd = open("dl/", O_RDONLY | O_DIRECTORY);
	printf("open dl/ as a directory: %s\n", fd >= 0 ? "OK" : errname(errno));
	close(fd);
	fd = open("l1", O_RDONLY | O_DIRECTORY);
	printf("open l1 as a directory: %s\n", fd >= 0 ? "OK" : errname(errno));

	/* Creating through a dangling link makes its target, unless O_EXCL. */
	fd = open("dangling", O_WRONLY | O_CREAT | O_EXCL, 0644);
	printf("O_CREAT|O_EXCL through dangling: %s\n", fd >= 0 ? "OK" : errname(errno));
	fd = open("dangling", O_WRONLY | O_CREAT, 0644);
	printf("O_CREAT through dangling: %s\n", fd >= 0 ? "OK" : errname(errno));
	write(fd, "made", 4);
	close(fd);
	cat("nowhere", 0);

	TRY("rename l2 l3", rename("l2", "l3"));
	cat("l3", 0);
	TRY("unlink l1", unlink("l1"));
	cat("target.txt", 0);
	cat("l3", 0);
	TRY("unlink dl", unlink("dl"));
	stats("dir");
	return 0;
}
