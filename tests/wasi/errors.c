/*
 * errors.c: the error numbers programs rely on, from ordinary mistakes.
 *
 * Two cases differ from POSIX by design and are tested in rights.c
 * instead: read() on a directory is EBADF (a directory descriptor has no
 * fd_read right, and wasi-libc reports ENOTCAPABLE from read as EBADF),
 * and wasi-libc itself resolves open("") to the preopened directory.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi_test.h"

int main(void)
{
	char buf[8];
	int fd;

	close(open("file", O_CREAT | O_WRONLY, 0644));
	mkdir("dir", 0755);
	mkdir("full", 0755);
	close(open("full/x", O_CREAT | O_WRONLY, 0644));

	/* ENOENT */
	TRY("open missing", open("missing", O_RDONLY));
	TRY("open missing/x", open("missing/x", O_RDONLY));
	TRY("unlink missing", unlink("missing"));
	TRY("rmdir missing", rmdir("missing"));
	TRY("rename missing", rename("missing", "other"));
	TRY("mkdir missing/x", mkdir("missing/x", 0755));
	TRY("opendir missing", opendir("missing") ? 0 : -1);
	/* EEXIST */
	TRY("mkdir dir", mkdir("dir", 0755));
	TRY("mkdir file", mkdir("file", 0755));
	TRY("open O_EXCL file", open("file", O_CREAT | O_EXCL | O_WRONLY, 0644));
	TRY("link to existing", link("file", "dir"));
	/* ENOTDIR */
	TRY("open file/x", open("file/x", O_RDONLY));
	TRY("mkdir file/x", mkdir("file/x", 0755));
	TRY("rmdir file", rmdir("file"));
	TRY("open file O_DIRECTORY", open("file", O_RDONLY | O_DIRECTORY));
	TRY("opendir file", opendir("file") ? 0 : -1);
	TRY("rename dir over file", rename("dir", "file"));
	/* EISDIR */
	TRY("open dir for writing", open("dir", O_WRONLY));
	TRY("unlink dir", unlink("dir"));
	TRY("rename file over dir", rename("file", "dir"));
	TRY("create new/", open("new/", O_CREAT | O_WRONLY, 0644));
	TRY("create dir/", open("dir/", O_CREAT | O_WRONLY, 0644));
	/* ENOTEMPTY */
	TRY("rmdir full", rmdir("full"));
	TRY("rename dir over full", rename("dir", "full"));
	/* EBADF */
	TRY("read fd 99", (int)read(99, buf, 1));
	TRY("write fd 99", (int)write(99, buf, 1));
	TRY("close fd 99", close(99));
	TRY("lseek fd 99", (int)lseek(99, 0, SEEK_SET));
	fd = open("file", O_RDONLY);
	close(fd);
	TRY("read closed fd", (int)read(fd, buf, 1));
	TRY("close closed fd", close(fd));
	/* EINVAL */
	fd = open("file", O_RDONLY);
	TRY("lseek bad whence", (int)lseek(fd, 0, 42));
	TRY("lseek negative", (int)lseek(fd, -1, SEEK_SET));
	TRY("readlink file", (int)readlink("file", buf, sizeof buf));
	close(fd);
	TRY("rmdir .", rmdir("."));
	TRY("rename dir into itself", rename("dir", "dir/sub"));
	return 0;
}
