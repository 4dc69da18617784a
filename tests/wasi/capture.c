/*
 * capture.c: a program capturing its own standard output in a file, as
 * one capturing a child's output does: it closes descriptor 1 and
 * renumbers a file onto it (dup2 semantics), writes, and reads the file
 * back.  What it read goes to standard error: standard output is gone.
 *
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node's WASI refuses a closed target
 * wasi-test: stderr captured: [into the file]
 * wasi-test: stderr next open: 4
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <wasi/api.h>

int main(void)
{
	char buf[100];
	int fd = open("captured.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644), other;
	ssize_t n;

	printf("before: renumbering %s\n", fd > 2 ? "a new file" : "?");
	fflush(stdout);
	close(1);
	if (__wasi_fd_renumber((__wasi_fd_t)fd, 1) != 0) {
		fprintf(stderr, "renumber failed\n");
		return 1;
	}
	printf("into the file\n");
	fflush(stdout);
	/* the file's old number is free again: the next open takes it */
	other = open("captured.txt", O_RDONLY);
	n = read(other, buf, sizeof buf - 1);
	buf[n > 0 ? n - 1 : 0] = 0; /* less the newline */
	fprintf(stderr, "captured: [%s]\n", buf);
	fprintf(stderr, "next open: %d\n", other);
	return 0;
}
