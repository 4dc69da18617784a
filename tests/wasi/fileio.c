/*
 * fileio.c: files and directories in the preopened directory: create,
 * write, read, seek, append, positioned I/O, truncate, stat, times, hard
 * links, rename, unlink, mkdir, rmdir and a sorted listing.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test.h"

static void show_file(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		printf("%s: can't open: %s\n", path, errname(errno));
		return;
	}
	n = read(fd, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = '\0';
	printf("%s: \"%s\"\n", path, buf);
	close(fd);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
	char *names[64];
	struct dirent *de;
	DIR *d = opendir(path);
	int n = 0, i;

	if (!d) {
		printf("opendir %s: %s\n", path, errname(errno));
		return;
	}
	while ((de = readdir(d)) && n < 64)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp);
	printf("%s:", path);
	for (i = 0; i < n; i++) {
		struct stat st;
		char full[300];
		snprintf(full, sizeof full, "%s/%s", path, names[i]);
		lstat(full, &st);
		printf(" %s%s", names[i], S_ISDIR(st.st_mode) ? "/" : "");
		free(names[i]);
	}
	printf("\n");
}

int main(void)
{
	struct stat st;
	char buf[64];
	ssize_t n;
	off_t at;
	int fd, fd2;
	FILE *f;

	/* Create and write. */
	fd = open("data.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	printf("open for writing: %s\n", fd >= 0 ? "OK" : errname(errno));
	printf("write: %zd\n", write(fd, "hello, file\n", 12));
	printf("write: %zd\n", write(fd, "second line\n", 12));
	fstat(fd, &st);
	printf("fstat: regular %d, size %lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
	close(fd);
	show_file("data.txt");

	/* Read and seek. */
	fd = open("data.txt", O_RDWR);
	at = lseek(fd, 7, SEEK_SET);
	n = read(fd, buf, 4);
	printf("seek 7, read 4: %lld \"%.*s\"\n", (long long)at, (int)n, buf);
	printf("tell: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	printf("seek -5 from cur: %lld\n", (long long)lseek(fd, -5, SEEK_CUR));
	printf("seek -4 from end: %lld\n", (long long)lseek(fd, -4, SEEK_END));
	n = read(fd, buf, sizeof buf);
	printf("read to end: %zd \"%.*s\"\n", n, (int)n - 1, buf);
	printf("read at end: %zd\n", read(fd, buf, sizeof buf));
	errno = 0;
	at = lseek(fd, -100, SEEK_SET);
	printf("seek before start: %lld %s\n", (long long)at, errname(errno));
	/* Positioned I/O leaves the offset alone. */
	lseek(fd, 3, SEEK_SET);
	printf("pwrite: %zd\n", pwrite(fd, "HELLO", 5, 0));
	n = pread(fd, buf, 11, 0);
	printf("pread: %zd \"%.*s\"\n", n, (int)n, buf);
	printf("offset still %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	/* Writing past the end leaves a hole of zeros. */
	printf("pwrite past end: %zd\n", pwrite(fd, "!", 1, 30));
	fstat(fd, &st);
	n = pread(fd, buf, 8, 24);
	printf("size %lld, zeros %d %d, tail '%c'\n", (long long)st.st_size, buf[0], buf[5], buf[6]);
	printf("ftruncate 11: %d\n", ftruncate(fd, 11));
	printf("fsync: %d, fdatasync: %d\n", fsync(fd), fdatasync(fd));
	printf("posix_fadvise: %d\n", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
	close(fd);
	show_file("data.txt");

	/* Append mode writes at the end whatever the offset. */
	fd = open("data.txt", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	printf("append: %zd\n", write(fd, "+more", 5));
	printf("fcntl O_APPEND: %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
	close(fd);
	show_file("data.txt");
	f = fopen("data.txt", "a");
	fputs("|stdio", f);
	fclose(f);
	show_file("data.txt");

	/* Exclusive creation, truncation, allocation. */
	fd = open("data.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	printf("O_EXCL on existing: %s\n", fd < 0 ? errname(errno) : "opened");
	fd = open("new.bin", O_RDWR | O_CREAT | O_EXCL, 0644);
	printf("O_EXCL on new: %s\n", fd >= 0 ? "OK" : errname(errno));
	printf("posix_fallocate: %d\n", posix_fallocate(fd, 0, 4096));
	fstat(fd, &st);
	printf("size after allocate: %lld\n", (long long)st.st_size);
	close(fd);
	fd = open("new.bin", O_WRONLY | O_TRUNC);
	fstat(fd, &st);
	printf("size after O_TRUNC: %lld\n", (long long)st.st_size);
	close(fd);

	/* Times. */
	{
		struct timespec ts[2] = { { 1000000000, 5 }, { 1234567890, 123456789 } };
		printf("utimensat: %d\n", utimensat(AT_FDCWD, "new.bin", ts, 0));
		stat("new.bin", &st);
		printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
		       (long long)st.st_mtim.tv_sec);
		ts[0].tv_nsec = UTIME_OMIT;
		ts[1].tv_sec = 2000000000;
		ts[1].tv_nsec = 0;
		fd = open("new.bin", O_RDONLY);
		printf("futimens: %d\n", futimens(fd, ts));
		fstat(fd, &st);
		printf("atime %lld mtime %lld\n", (long long)st.st_atim.tv_sec,
		       (long long)st.st_mtim.tv_sec);
		close(fd);
	}

	/* Directories, links, renames. */
	TRY("mkdir dir", mkdir("dir", 0755));
	TRY("mkdir dir/sub", mkdir("dir/sub", 0755));
	TRY("rename data.txt dir/sub/moved.txt", rename("data.txt", "dir/sub/moved.txt"));
	show_file("dir/sub/moved.txt");
	show_file("data.txt");
	TRY("link", link("dir/sub/moved.txt", "hard.txt"));
	stat("hard.txt", &st);
	printf("nlink %lld\n", (long long)st.st_nlink);
	fd = open("dir/sub/../sub/./moved.txt", O_RDONLY);
	printf("open with . and ..: %s\n", fd >= 0 ? "OK" : errname(errno));
	close(fd);
	fd = open("dir/sub", O_RDONLY | O_DIRECTORY);
	fd2 = openat(fd, "moved.txt", O_RDONLY);
	n = read(fd2, buf, 5);
	printf("openat in dir fd: %.*s\n", (int)n, buf);
	close(fd2);
	close(fd);
	list(".");
	list("dir/sub");
	TRY("rename dir renamed", rename("dir", "renamed"));
	TRY("unlink hard.txt", unlink("hard.txt"));
	TRY("unlink renamed/sub/moved.txt", unlink("renamed/sub/moved.txt"));
	TRY("rmdir renamed/sub", rmdir("renamed/sub"));
	TRY("rmdir renamed", rmdir("renamed"));
	TRY("unlink new.bin", unlink("new.bin"));
	list(".");
	return 0;
}
