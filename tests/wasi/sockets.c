/*
 * sockets.c: sock_accept, sock_recv, sock_send and sock_shutdown on a
 * listening socket inherited as standard input, with one client waiting
 * that has sent "hello, guest\n" (run_tests.py plays the client and adds
 * what it receives to the output).
 *
 * wasi-test: stdin listen-socket
 * wasi-test: no-native calls WASI directly
 * wasi-test: no-node node crashes (SIGSEGV) in sock_accept on an inherited
 * wasi-test: no-node socket
 */
#include <stdio.h>
#include <string.h>

#include "wasi_raw.h"

int main(void)
{
	unsigned char st[24];
	char buf[64];
	i32 conn = -1, n = 0, oflags = 0, r;
	i32 iov[4];

	raw_fd_fdstat_get(0, P(st));
	printf("stdin is type %d (6: a stream socket)\n", st[0]);
	r = raw_sock_accept(0, 0, P(&conn));
	printf("sock_accept: %s\n", wasi_err(r));
	raw_fd_fdstat_get(conn, P(st));
	printf("connection is type %d\n", st[0]);

	/* Peek first: the data stays for the real read. */
	iov[0] = P(buf);
	iov[1] = 5;
	r = raw_sock_recv(conn, P(iov), 1, 1, P(&n), P(&oflags));
	printf("sock_recv peek 5: %s, %d bytes \"%.*s\", flags %d\n", wasi_err(r), n, n, buf,
	       oflags);
	iov[1] = 7;
	iov[2] = P(buf + 7);
	iov[3] = 6;
	r = raw_sock_recv(conn, P(iov), 2, 2, P(&n), P(&oflags));
	printf("sock_recv waitall 13: %s, %d bytes \"%.*s\", flags %d\n", wasi_err(r), n,
	       n - 1, buf, oflags);

	iov[0] = P("hello, host");
	iov[1] = 11;
	iov[2] = P("!\n");
	iov[3] = 2;
	r = raw_sock_send(conn, P(iov), 2, 0, P(&n));
	printf("sock_send: %s, %d bytes\n", wasi_err(r), n);
	printf("sock_send with flags: %s\n", wasi_err(raw_sock_send(conn, P(iov), 1, 1, P(&n))));
	printf("sock_shutdown 0: %s\n", wasi_err(raw_sock_shutdown(conn, 0)));
	printf("sock_shutdown wr: %s\n", wasi_err(raw_sock_shutdown(conn, 2)));
	r = raw_sock_send(conn, P(iov), 1, 0, P(&n));
	printf("sock_send after shutdown: %s\n", wasi_err(r));
	printf("sock_recv on stdout: %s\n",
	       wasi_err(raw_sock_recv(1, P(iov), 1, 0, P(&n), P(&oflags))));
	printf("sock_accept on stdout: %s\n", wasi_err(raw_sock_accept(1, 0, P(&n))));
	printf("sock_accept bad flags: %s\n", wasi_err(raw_sock_accept(0, 1, P(&n))));
	printf("fd_close: %s\n", wasi_err(raw_fd_close(conn)));
	return 0;
}
